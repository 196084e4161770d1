//! Handlers of the bonded movements beyond booking lists (issue 6 items 2, 4, 6): second-line
//! exits with their goods declaration, spare parts imported with a machine (and the overdue
//! obligations officers follow up), duty-free sales checked against the traveller's allowance.

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::extract::{Caller, IdempotencyKey, JsonBody};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chuanyu_app::Outcome;
use chuanyu_app::ledger::views_more::*;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

/// A fresh answer with `status`, or the first answer replayed byte for byte.
fn respond<T: Serialize>(outcome: Outcome<T>, status: StatusCode) -> Response {
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

#[utoipa::path(post, path = "/api/v1/account-books/{id}/second-line-exits", tag = "ledger",
    request_body = SecondLineExitRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = SecondLineExitView, description = "the list declared (0 → 1) and its goods declaration created and lodged (number, lane, tax) in one transaction"),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem, description = "every finding of the list or of the goods declaration (paths /lines/i/…, /goods_declaration/…); nothing changed")),
    security(("bearer" = [])))]
pub async fn book_second_line_exit(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<SecondLineExitRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .second_line_exit(&actor, &id, body.value, key)
        .await?;
    Ok(respond(outcome, StatusCode::CREATED))
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/spare-parts", tag = "ledger",
    request_body = SparePartRecordRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = SparePartView, description = "recorded against the machine's import declaration"),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem, description = "invalid_declaration_number …; idempotency_key_reused")),
    security(("bearer" = [])))]
pub async fn record_spare_part(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<SparePartRecordRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .record_spare_part(&actor, &id, body.value, key)
        .await?;
    Ok(respond(outcome, StatusCode::CREATED))
}

#[utoipa::path(get, path = "/api/v1/account-books/{id}/spare-parts/{record_id}", tag = "ledger",
    params(("id" = String, Path), ("record_id" = String, Path)),
    responses((status = 200, body = SparePartView), (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_spare_part(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path((id, record_id)): Path<(String, String)>,
) -> Result<Json<SparePartView>, ApiError> {
    Ok(Json(state.app.spare_part(&actor, &id, &record_id).await?))
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/spare-parts/{record_id}/movements", tag = "ledger",
    request_body = SparePartMovementRequest,
    params(("id" = String, Path), ("record_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = SparePartMovementView, description = "the movement and the record after it"),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem, description = "insufficient_quantity, due_in_past, part_mismatch, no_matching_obligation …; nothing changed")),
    security(("bearer" = [])))]
pub async fn move_spare_part(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path((id, record_id)): Path<(String, String)>,
    body: JsonBody<SparePartMovementRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .move_spare_part(&actor, &id, &record_id, body.value, key)
        .await?;
    Ok(respond(outcome, StatusCode::CREATED))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OverdueQuery {
    /// Compare deadlines with this day (`YYYY-MM-DD`, China date) instead of today.
    pub as_of: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/spare-parts/overdue", tag = "ledger", params(OverdueQuery),
    responses((status = 200, body = OverduePage, description = "obligations past their deadline, earliest first, each with its reason"),
        (status = 403, body = Problem, description = "not an officer or administrator")),
    security(("bearer" = [])))]
pub async fn list_overdue_spare_parts(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<OverdueQuery>,
) -> Result<Json<OverduePage>, ApiError> {
    Ok(Json(
        state.app.overdue_spare_parts(&actor, query.as_of).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/duty-free-sales", tag = "ledger",
    request_body = DutyFreeSaleRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = DutyFreeSaleView, description = "sold: the shop's stock deducted and the traveller's allowance for the trip used"),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem, description = "over_allowance (naming the allowance, already used and requested), insufficient_balance, invalid_amount …; nothing changed")),
    security(("bearer" = [])))]
pub async fn book_duty_free_sale(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<DutyFreeSaleRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .duty_free_sale(&actor, &id, body.value, key)
        .await?;
    Ok(respond(outcome, StatusCode::CREATED))
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/stocktakes", tag = "ledger",
    request_body = StocktakeRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = StocktakeView, description = "the counts and every difference with the book, open for an officer's decision"),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem, description = "unknown_item, duplicate_material …; idempotency_key_reused")),
    security(("bearer" = [])))]
pub async fn record_stocktake(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<StocktakeRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .record_stocktake(&actor, &id, body.value, key)
        .await?;
    Ok(respond(outcome, StatusCode::CREATED))
}

#[utoipa::path(get, path = "/api/v1/account-books/{id}/stocktakes/{stocktake_id}", tag = "ledger",
    params(("id" = String, Path), ("stocktake_id" = String, Path)),
    responses((status = 200, body = StocktakeView), (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_stocktake(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path((id, stocktake_id)): Path<(String, String)>,
) -> Result<Json<StocktakeView>, ApiError> {
    Ok(Json(state.app.stocktake(&actor, &id, &stocktake_id).await?))
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/stocktakes/{stocktake_id}/decision", tag = "ledger",
    request_body = StocktakeDecisionRequest,
    params(("id" = String, Path), ("stocktake_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = StocktakeDecisionView, description = "shortages booked out (duty levied through a goods declaration when asked), surpluses in, once"),
        (status = 403, body = Problem, description = "not an officer of the district"), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "stocktake_decided"),
        (status = 422, body = Problem, description = "every finding (of the lists or the declaration); nothing changed")),
    security(("bearer" = [])))]
pub async fn decide_stocktake(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path((id, stocktake_id)): Path<(String, String)>,
    body: JsonBody<StocktakeDecisionRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .decide_stocktake(&actor, &id, &stocktake_id, body.value, key)
        .await?;
    Ok(respond(outcome, StatusCode::OK))
}
