//! Request extractors of the edge: the authenticated caller, JSON bodies with field paths in
//! their errors and a named size limit, and the idempotency key.

use crate::AppState;
use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use chuanyu_app::{Actor, Idempotency};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

/// Longest accepted `Idempotency-Key`, in bytes.
pub const IDEMPOTENCY_KEY_BYTES_MAX: usize = 255;

/// The party behind `Authorization: Bearer KEY`.
pub struct Caller(pub Actor);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthenticated =
            |detail: &str| ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", detail);
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| unauthenticated("missing Authorization: Bearer <API key>"))?;
        let key = header
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|key| !key.is_empty() && key.len() <= 128)
            .ok_or_else(|| {
                unauthenticated("the Authorization header must be 'Bearer <API key>'")
            })?;
        match state.app.authenticate(key).await {
            Ok(actor) => Ok(Caller(actor)),
            Err(chuanyu_app::AppError::Unauthenticated) => Err(unauthenticated("unknown API key")),
            Err(other) => Err(other.into()),
        }
    }
}

/// A JSON body: size-limited (`body_bytes_max`), with the JSON pointer of a bad field, and the
/// request hash that idempotency compares.
pub struct JsonBody<T> {
    pub value: T,
    pub request_hash: String,
}

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let limit = state.limits.body_bytes_max;
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as Content-Type: application/json",
            ));
        }
        let method = request.method().clone();
        let path = request.uri().path().to_string();
        let bytes = axum::body::to_bytes(request.into_body(), limit)
            .await
            .map_err(|_| {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    format!("the body is larger than body_bytes_max = {limit} bytes"),
                )
            })?;
        let value = parse_json(&bytes)?;
        let mut hasher = Sha256::new();
        hasher.update(method.as_str().as_bytes());
        hasher.update(b" ");
        hasher.update(path.as_bytes());
        hasher.update(b"\n");
        hasher.update(&bytes);
        let request_hash = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(JsonBody {
            value,
            request_hash,
        })
    }
}

/// Parse JSON, reporting the pointer of the field that failed.
pub fn parse_json<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let pointer = error
            .path()
            .iter()
            .map(|segment| match segment {
                serde_path_to_error::Segment::Seq { index } => format!("/{index}"),
                serde_path_to_error::Segment::Map { key } => format!("/{key}"),
                serde_path_to_error::Segment::Enum { variant } => format!("/{variant}"),
                serde_path_to_error::Segment::Unknown => "/?".into(),
            })
            .collect::<String>();
        let inner = error.into_inner();
        let message = inner.to_string();
        let code = if inner.is_syntax() || inner.is_eof() {
            "malformed_json"
        } else {
            "invalid_field"
        };
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("the JSON body cannot be read: {message}"),
        )
        .with_finding(
            if pointer.is_empty() { "/" } else { &pointer },
            code,
            message,
        )
    })
}

/// The `Idempotency-Key` header, if sent.
pub struct IdempotencyKey(pub Option<String>);

impl FromRequestParts<AppState> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get("idempotency-key") else {
            return Ok(IdempotencyKey(None));
        };
        let key = value
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|k| !k.is_empty() && k.len() <= IDEMPOTENCY_KEY_BYTES_MAX);
        match key {
            Some(key) => Ok(IdempotencyKey(Some(key.to_string()))),
            None => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_header",
                format!(
                    "Idempotency-Key must be 1..={IDEMPOTENCY_KEY_BYTES_MAX} visible ASCII characters"
                ),
            )),
        }
    }
}

impl IdempotencyKey {
    pub fn with_hash(self, request_hash: &str) -> Option<Idempotency> {
        self.0.map(|key| Idempotency {
            key,
            request_hash: request_hash.to_string(),
        })
    }
}
