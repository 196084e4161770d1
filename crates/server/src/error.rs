//! The one table from error codes to HTTP status, and RFC 9457 `application/problem+json` bodies.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chuanyu_app::AppError;
use serde::Serialize;
use utoipa::ToSchema;

/// One finding of a refused request: where, what, why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProblemFinding {
    /// RFC 6901 JSON pointer (or `line:column` for rule sets, `row N / column` for files).
    pub path: String,
    pub code: String,
    pub message: String,
}

/// RFC 9457 problem details, with a stable snake_case `code` and every finding.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<ProblemFinding>,
}

/// An HTTP-level failure: an application error or an edge problem (bad JSON, limits, auth).
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub detail: String,
    pub findings: Vec<ProblemFinding>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code: code.into(),
            detail: detail.into(),
            findings: Vec::new(),
        }
    }

    pub fn with_finding(mut self, path: &str, code: &str, message: impl Into<String>) -> ApiError {
        self.findings.push(ProblemFinding {
            path: path.into(),
            code: code.into(),
            message: message.into(),
        });
        self
    }
}

/// The status of every stable code. Codes not listed are validation findings (422).
pub fn status_of(code: &str) -> StatusCode {
    match code {
        "unauthenticated" => StatusCode::UNAUTHORIZED,
        "forbidden" => StatusCode::FORBIDDEN,
        "not_found" => StatusCode::NOT_FOUND,
        "transition_not_allowed" | "party_exists" | "already_active" | "already_retired" => {
            StatusCode::CONFLICT
        }
        "malformed_json" | "invalid_header" | "invalid_path" | "invalid_query" => {
            StatusCode::BAD_REQUEST
        }
        "body_too_large" | "file_too_large" => StatusCode::PAYLOAD_TOO_LARGE,
        "unsupported_media_type" => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "service_unavailable" | "shutting_down" => StatusCode::SERVICE_UNAVAILABLE,
        "storage_error" => StatusCode::INTERNAL_SERVER_ERROR,
        // bonded account books (issue 6)
        "gate_pass_used" | "stocktake_decided" => StatusCode::CONFLICT,
        // CBEC guarantees and settlements (issue 5)
        "guarantee_exists"
        | "guarantee_revoked"
        | "guarantee_below_reserved"
        | "guarantee_in_use"
        | "settlement_month_open"
        | "tax_bill_settled"
        | "too_many_keys" => StatusCode::CONFLICT,
        // A refused CEB signature: 400 like any other refused message (nothing stored).
        "signature_missing"
        | "signature_malformed"
        | "signature_wrapped"
        | "signature_reference_unsupported"
        | "signature_algorithm_unsupported"
        | "signature_key_mismatch"
        | "signature_digest_mismatch"
        | "signature_invalid" => StatusCode::BAD_REQUEST,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let code = error.code();
        let mut api = ApiError::new(status_of(code), code, error.to_string());
        match error {
            AppError::Validation(findings) => {
                // A single limit finding is the request's headline: `too_many_items` etc.
                if let [only] = findings.as_slice() {
                    api.code = only.code.into();
                    api.status = status_of(only.code);
                    api.detail = only.message.clone();
                }
                api.findings = findings
                    .into_iter()
                    .map(|f| ProblemFinding {
                        path: f.path,
                        code: f.code.into(),
                        message: f.message,
                    })
                    .collect();
            }
            AppError::RuleSet(errors) => {
                api.findings = errors
                    .into_iter()
                    .map(|e| ProblemFinding {
                        path: format!("{}:{}", e.line, e.column),
                        code: e.code.to_string(),
                        message: e.message.clone(),
                    })
                    .collect();
            }
            AppError::TariffRows(rows) => {
                api.findings = rows
                    .into_iter()
                    .map(|r| ProblemFinding {
                        path: format!("row {} / {}", r.row, r.column),
                        code: r.code.as_str().into(),
                        message: r.reason.clone(),
                    })
                    .collect();
            }
            AppError::Store(ref store) => {
                tracing::error!(error = %store, "storage failure");
            }
            _ => {}
        }
        api
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = Problem {
            kind: format!("urn:chuanyu:problem:{}", self.code),
            title: self.status.canonical_reason().unwrap_or("Error").into(),
            status: self.status.as_u16(),
            detail: self.detail,
            code: self.code,
            findings: self.findings,
        };
        let mut response = (self.status, axum::Json(problem)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
