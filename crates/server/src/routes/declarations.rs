//! Handlers of goods declarations and their lifecycle transitions.

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::extract::{Caller, IdempotencyKey, JsonBody};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chuanyu_app::Outcome;
use chuanyu_app::views::*;
use chuanyu_domain::Action;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;

/// Answer a fresh result with `status`, or replay the stored answer byte for byte.
fn respond(outcome: Outcome<DeclarationView>, status: StatusCode) -> Response {
    match outcome {
        Outcome::Fresh(view) => (status, Json(view)).into_response(),
        Outcome::Replayed { status, body } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response = (status, body).into_response();
            let headers = response.headers_mut();
            headers.insert(
                axum::http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
            response
        }
    }
}

#[utoipa::path(post, path = "/api/v1/declarations", tag = "declarations",
    request_body = CreateDeclarationRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "replays return the first answer")),
    responses((status = 201, body = DeclarationView, description = "lodged (number, lane, tax) or drafted"),
        (status = 422, body = Problem, description = "every validation finding at once"),
        (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
pub async fn create_declaration(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    body: JsonBody<CreateDeclarationRequest>,
) -> Result<Response, ApiError> {
    let idempotency = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .create_declaration(&actor, body.value, idempotency)
        .await?;
    Ok(respond(outcome, StatusCode::CREATED))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PageQuery {
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
    /// Page size, 1..=page_size_max (500).
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/declarations", tag = "declarations", params(PageQuery),
    responses((status = 200, body = DeclarationPage)), security(("bearer" = [])))]
pub async fn list_declarations(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<PageQuery>,
) -> Result<Json<DeclarationPage>, ApiError> {
    Ok(Json(
        state
            .app
            .declarations(&actor, query.after, query.limit)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/declarations/{id}", tag = "declarations",
    params(("id" = String, Path)),
    responses((status = 200, body = DeclarationView), (status = 404, body = Problem, description = "absent or not yours")),
    security(("bearer" = [])))]
pub async fn get_declaration(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> Result<Json<DeclarationView>, ApiError> {
    Ok(Json(state.app.declaration(&actor, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/declarations/{id}/audit", tag = "declarations",
    params(("id" = String, Path)),
    responses((status = 200, body = Vec<AuditEventView>)), security(("bearer" = [])))]
pub async fn get_declaration_audit(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<AuditEventView>>, ApiError> {
    Ok(Json(state.app.declaration_audit(&actor, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/declarations/{id}/versions/{version}", tag = "declarations",
    params(("id" = String, Path), ("version" = u32, Path)),
    responses((status = 200, body = DeclarationDto)), security(("bearer" = [])))]
pub async fn get_declaration_version(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path((id, version)): Path<(String, u32)>,
) -> Result<Json<DeclarationDto>, ApiError> {
    Ok(Json(
        state.app.declaration_version(&actor, &id, version).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/declarations/{id}/lodge", tag = "declarations",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = DeclarationView), (status = 409, body = Problem)), security(("bearer" = [])))]
pub async fn lodge_declaration(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let hash: String = Sha256::digest(format!("POST lodge {id}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let outcome = state
        .app
        .lodge_draft(&actor, &id, idempotency.with_hash(&hash))
        .await?;
    Ok(respond(outcome, StatusCode::OK))
}

#[utoipa::path(post, path = "/api/v1/declarations/{id}/amendments", tag = "declarations",
    request_body = AmendmentRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = DeclarationView, description = "version n+1, assessed anew"),
        (status = 409, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn amend_declaration(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<AmendmentRequest>,
) -> Result<Response, ApiError> {
    let idempotency = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .amend(&actor, &id, body.value, idempotency)
        .await?;
    Ok(respond(outcome, StatusCode::OK))
}

#[utoipa::path(post, path = "/api/v1/declarations/{id}/control-result", tag = "declarations",
    request_body = ControlResultRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = DeclarationView), (status = 403, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
pub async fn record_control_result(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<ControlResultRequest>,
) -> Result<Response, ApiError> {
    let idempotency = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .record_control_result(&actor, &id, body.value, idempotency)
        .await?;
    Ok(respond(outcome, StatusCode::OK))
}

#[utoipa::path(post, path = "/api/v1/declarations/{id}/payment", tag = "declarations",
    request_body = PaymentRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = DeclarationView, description = "paid or guaranteed, then released"),
        (status = 409, body = Problem)), security(("bearer" = [])))]
pub async fn record_payment(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<PaymentRequest>,
) -> Result<Response, ApiError> {
    let idempotency = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .record_payment(&actor, &id, body.value, idempotency)
        .await?;
    Ok(respond(outcome, StatusCode::OK))
}

async fn decide(
    state: AppState,
    actor: chuanyu_app::Actor,
    idempotency: IdempotencyKey,
    id: String,
    action: Action,
    body: JsonBody<ReasonRequest>,
) -> Result<Response, ApiError> {
    let idempotency = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .decide(&actor, &id, action, body.value, idempotency)
        .await?;
    Ok(respond(outcome, StatusCode::OK))
}

#[utoipa::path(post, path = "/api/v1/declarations/{id}/cancel", tag = "declarations", request_body = ReasonRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = DeclarationView), (status = 409, body = Problem)), security(("bearer" = [])))]
pub async fn cancel_declaration(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<ReasonRequest>,
) -> Result<Response, ApiError> {
    decide(state, actor, idempotency, id, Action::Cancel, body).await
}

#[utoipa::path(post, path = "/api/v1/declarations/{id}/refuse", tag = "declarations", request_body = ReasonRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = DeclarationView), (status = 409, body = Problem)), security(("bearer" = [])))]
pub async fn refuse_declaration(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<ReasonRequest>,
) -> Result<Response, ApiError> {
    decide(state, actor, idempotency, id, Action::Refuse, body).await
}

#[utoipa::path(post, path = "/api/v1/declarations/{id}/detain", tag = "declarations", request_body = ReasonRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = DeclarationView), (status = 409, body = Problem)), security(("bearer" = [])))]
pub async fn detain_declaration(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<ReasonRequest>,
) -> Result<Response, ApiError> {
    decide(state, actor, idempotency, id, Action::Detain, body).await
}

#[utoipa::path(post, path = "/api/v1/declarations/{id}/lift-detention", tag = "declarations", request_body = ReasonRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = DeclarationView), (status = 409, body = Problem)), security(("bearer" = [])))]
pub async fn lift_detention(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<ReasonRequest>,
) -> Result<Response, ApiError> {
    decide(state, actor, idempotency, id, Action::LiftDetention, body).await
}
