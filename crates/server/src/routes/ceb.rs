//! Handlers of the CBEC import flow (issue 5): CEB messages in as XML, receipts out as XML,
//! the receipt inbox, inventory lists and the officer's control result.

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::extract::{Caller, JsonBody};
use axum::Json;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chuanyu_app::cbec::{CbecControlResult, CbecListView, CebError, CebReceiptPage};
use serde::Deserialize;
use utoipa::IntoParams;

/// A raw XML body: `Content-Type: application/xml` (or `text/xml`), at most `body_bytes_max`.
pub struct XmlBody(pub Vec<u8>);

impl FromRequest<AppState> for XmlBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let limit = state.limits.body_bytes_max;
        let is_xml = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let v = v.trim_start().to_ascii_lowercase();
                v.starts_with("application/xml") || v.starts_with("text/xml")
            });
        if !is_xml {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the CEB message as Content-Type: application/xml",
            ));
        }
        let bytes = axum::body::to_bytes(request.into_body(), limit)
            .await
            .map_err(|_| {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    format!("the body is larger than body_bytes_max = {limit} bytes"),
                )
            })?;
        Ok(XmlBody(bytes.to_vec()))
    }
}

fn ceb_error(error: CebError) -> ApiError {
    match error {
        CebError::Invalid {
            code,
            detail,
            findings,
        } => {
            let mut api = ApiError::new(StatusCode::BAD_REQUEST, code, detail);
            for f in findings {
                api = api.with_finding(&f.path, f.code, f.message);
            }
            api
        }
        CebError::App(error) => error.into(),
    }
}

#[utoipa::path(post, path = "/api/v1/ceb/messages", tag = "cbec",
    request_body(content = String, content_type = "application/xml",
        description = "one CEB message, sent by the enterprise it speaks for. Import: CEB311 order (ebpCode or ebcCode), \
                       CEB411 payment (payCode), CEB511 waybill (logisticsCode), CEB513 waybill status (logisticsCode), \
                       CEB621 inventory list, CEB623 cancellation, CEB625 whole or partial return (agentCode), \
                       CEB711 warehouse entry (operatorCode). Export (9610/9710/9810): CEB303 order (ebpCode or ebcCode), \
                       CEB403 receipt of payment (ebcCode or payCode), CEB505 waybill (logisticsCode), CEB507 arrival \
                       (operatorCode or logisticsCode), CEB509 departure (logisticsCode), CEB603 inventory list, \
                       CEB605 cancellation, CEB701 summary application (agentCode), CEB607 master/sub list (agentCode or logisticsCode)"),
    responses(
        (status = 200, content_type = "application/xml", body = String,
         description = "the receipt (CEB312/412/512/514/622/624/626/712, export 304/404/506/508/510/604/606/608/702): returnStatus \
                        120 accepted, 399 concluded (506/508/510/606/624/626/702), 100 refused (returnInfo names every reason), \
                        2 waiting for documents (621). A resend of the same guid answers the first receipt \
                        (header `Idempotent-Replayed: true`) and changes nothing. Later receipts go to GET /ceb/receipts."),
        (status = 400, body = Problem, description = "ill-formed XML, unknown or unsupported message type, schema violation: every error (element path, code, line and column); nothing stored"),
        (status = 403, body = Problem, description = "the caller is not the enterprise the message speaks for"),
        (status = 413, body = Problem), (status = 415, body = Problem)),
    security(("bearer" = [])))]
pub async fn receive_ceb_message(
    State(state): State<AppState>,
    Caller(actor): Caller,
    XmlBody(body): XmlBody,
) -> Result<Response, ApiError> {
    state.app.start_cbec_sweeper();
    let answer = state
        .app
        .receive_ceb_message(&actor, body)
        .await
        .map_err(ceb_error)?;
    let mut response = (StatusCode::OK, answer.receipt_xml).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&answer.receipt_type) {
        headers.insert("ceb-receipt-type", value);
    }
    if answer.replayed {
        headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReceiptQuery {
    /// The `next` (or a receipt's `cursor`) of the previous page; omit to start at the beginning.
    pub after: Option<String>,
    /// Page size, 1..=500 (default 100).
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/ceb/receipts", tag = "cbec", params(ReceiptQuery),
    responses((status = 200, body = CebReceiptPage,
        description = "the caller's later receipts (lane decision, inspection, release, refusal) in order, \
                       each exactly once per cursor: `{\"receipts\": [{\"cursor\", \"type\": \"CEB622\", \"list_id\", \"created_at\", \"xml\"}], \"next\"}`")),
    security(("bearer" = [])))]
pub async fn list_ceb_receipts(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<ReceiptQuery>,
) -> Result<Json<CebReceiptPage>, ApiError> {
    state.app.start_cbec_sweeper();
    Ok(Json(
        state
            .app
            .cbec_receipts(&actor, query.after, query.limit)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/ceb/messages/{guid}/lists", tag = "cbec",
    params(("guid" = String, Path)),
    responses((status = 200, body = Vec<CbecListView>, description = "the inventory lists of a CEB621 message the caller sent")),
    security(("bearer" = [])))]
pub async fn get_ceb_message_lists(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(guid): Path<String>,
) -> Result<Json<Vec<CbecListView>>, ApiError> {
    Ok(Json(state.app.cbec_lists_of_message(&actor, &guid).await?))
}

#[utoipa::path(get, path = "/api/v1/ceb/lists/{id}", tag = "cbec",
    params(("id" = String, Path)),
    responses((status = 200, body = CbecListView), (status = 404, body = Problem, description = "absent or not yours")),
    security(("bearer" = [])))]
pub async fn get_cbec_list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> Result<Json<CbecListView>, ApiError> {
    Ok(Json(state.app.cbec_list(&actor, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/ceb/lists/{id}/control-result", tag = "cbec",
    request_body = CbecControlResult,
    params(("id" = String, Path)),
    responses((status = 200, body = CbecListView, description = "released (compliant) or refused; a CEB622 goes to the sender's inbox"),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
pub async fn record_cbec_control_result(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    body: JsonBody<CbecControlResult>,
) -> Result<Json<CbecListView>, ApiError> {
    Ok(Json(
        state
            .app
            .cbec_control_result(&actor, &id, body.value)
            .await?,
    ))
}
