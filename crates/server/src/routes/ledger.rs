//! Handlers of the bonded account books (issue 6): books, items, booking lists, gate passes,
//! passage at the gate, transfers. Client-chosen ids make every booking idempotent.

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::extract::{Caller, IdempotencyKey, JsonBody};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chuanyu_app::Outcome;
use chuanyu_app::ledger::views::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
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

#[derive(Debug, Deserialize, IntoParams)]
pub struct LedgerPageQuery {
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
    /// Page size, 1..=page_size_max (500).
    pub limit: Option<u32>,
}

#[utoipa::path(post, path = "/api/v1/account-books", tag = "ledger",
    request_body = OpenBookRequest,
    params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = BookView, description = "opened (the same id and content again answers the first answer)"),
        (status = 403, body = Problem, description = "not an officer of the district"),
        (status = 422, body = Problem, description = "every finding; idempotency_key_reused for the same id with other content")),
    security(("bearer" = [])))]
pub async fn open_account_book(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    body: JsonBody<OpenBookRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state.app.open_book(&actor, body.value, key).await?;
    Ok(respond(outcome, StatusCode::CREATED))
}

#[utoipa::path(get, path = "/api/v1/account-books", tag = "ledger", params(LedgerPageQuery),
    responses((status = 200, body = BookPage, description = "the books the caller may see")),
    security(("bearer" = [])))]
pub async fn list_account_books(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Query(query): Query<LedgerPageQuery>,
) -> Result<Json<BookPage>, ApiError> {
    Ok(Json(
        state.app.books(&actor, query.after, query.limit).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/account-books/{id}", tag = "ledger",
    params(("id" = String, Path)),
    responses((status = 200, body = BookView), (status = 404, body = Problem, description = "absent or not yours")),
    security(("bearer" = [])))]
pub async fn get_account_book(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> Result<Json<BookView>, ApiError> {
    Ok(Json(state.app.book(&actor, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/account-books/{id}/items", tag = "ledger",
    params(("id" = String, Path), LedgerPageQuery),
    responses((status = 200, body = ItemPage, description = "items and balances in material order"),
        (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_book_items(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(query): Query<LedgerPageQuery>,
) -> Result<Json<ItemPage>, ApiError> {
    Ok(Json(
        state
            .app
            .book_items(&actor, &id, query.after, query.limit)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/items", tag = "ledger",
    request_body = RecordItemsRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = RecordedItemsView), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub async fn record_book_items(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<RecordItemsRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state.app.record_items(&actor, &id, body.value, key).await?;
    Ok(respond(outcome, StatusCode::CREATED))
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/booking-lists", tag = "ledger",
    request_body = BookingListRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = BookingView, description = "booked; a retry with the same list id and content answers the first answer"),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem, description = "every finding (insufficient_balance, unknown_item …); idempotency_key_reused")),
    security(("bearer" = [])))]
pub async fn book_booking_list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<BookingListRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state.app.book_list(&actor, &id, body.value, key).await?;
    Ok(respond(outcome, StatusCode::CREATED))
}

#[utoipa::path(get, path = "/api/v1/account-books/{id}/booking-lists/{list_id}", tag = "ledger",
    params(("id" = String, Path), ("list_id" = String, Path)),
    responses((status = 200, body = ListView), (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_booking_list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path((id, list_id)): Path<(String, String)>,
) -> Result<Json<ListView>, ApiError> {
    Ok(Json(state.app.booking_list(&actor, &id, &list_id).await?))
}

fn path_hash(what: &str, parts: &[&str]) -> String {
    Sha256::digest(format!("POST {what} {}", parts.join(" ")).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/booking-lists/{list_id}/deduct", tag = "ledger",
    params(("id" = String, Path), ("list_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = BookingView, description = "every line 1 → 2"), (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub async fn deduct_booking_list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path((id, list_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&path_hash("deduct", &[&id, &list_id]));
    let outcome = state
        .app
        .settle_list(&actor, &id, &list_id, None, key)
        .await?;
    Ok(respond(outcome, StatusCode::OK))
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/booking-lists/{list_id}/cancel", tag = "ledger",
    request_body = CancelListRequest,
    params(("id" = String, Path), ("list_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = BookingView, description = "every line 1 → 0"), (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub async fn cancel_booking_list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path((id, list_id)): Path<(String, String)>,
    body: JsonBody<CancelListRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .settle_list(&actor, &id, &list_id, Some(body.value), key)
        .await?;
    Ok(respond(outcome, StatusCode::OK))
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/close", tag = "ledger",
    request_body = BookStatusRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = BookView), (status = 403, body = Problem),
        (status = 422, body = Problem, description = "open_lines, book_has_stock, book_closed")),
    security(("bearer" = [])))]
pub async fn close_account_book(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<BookStatusRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .set_book_status(&actor, &id, true, body.value, key)
        .await?;
    Ok(respond(outcome, StatusCode::OK))
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/reopen", tag = "ledger",
    request_body = BookStatusRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = BookView), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub async fn reopen_account_book(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<BookStatusRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state
        .app
        .set_book_status(&actor, &id, false, body.value, key)
        .await?;
    Ok(respond(outcome, StatusCode::OK))
}

#[utoipa::path(post, path = "/api/v1/gate-passes", tag = "ledger",
    request_body = GatePassRequest,
    params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = GatePassView), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub async fn issue_gate_pass(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    body: JsonBody<GatePassRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state.app.issue_gate_pass(&actor, body.value, key).await?;
    Ok(respond(outcome, StatusCode::CREATED))
}

#[utoipa::path(get, path = "/api/v1/gate-passes/{id}", tag = "ledger",
    params(("id" = String, Path)),
    responses((status = 200, body = GatePassView), (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn get_gate_pass(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> Result<Json<GatePassView>, ApiError> {
    Ok(Json(state.app.gate_pass(&actor, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/gate-passes/{id}/passage", tag = "ledger",
    request_body = PassageRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = PassageView, description = "passed: covered lines pre-deducted → deducted"),
        (status = 409, body = Problem, description = "gate_pass_used"),
        (status = 422, body = Problem, description = "refused: goods_not_on_pass, over_pass_quantity, cargo_short_of_pass …; nothing changed")),
    security(("bearer" = [])))]
pub async fn record_passage(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<PassageRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state.app.pass_gate(&actor, &id, body.value, key).await?;
    Ok(respond(outcome, StatusCode::OK))
}

#[utoipa::path(post, path = "/api/v1/transfers", tag = "ledger",
    request_body = TransferRequestDto,
    params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = TransferView, description = "both sides booked in one transaction"),
        (status = 404, body = Problem), (status = 422, body = Problem, description = "every finding of either side; nothing booked")),
    security(("bearer" = [])))]
pub async fn book_transfer(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    body: JsonBody<TransferRequestDto>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state.app.transfer(&actor, body.value, key).await?;
    Ok(respond(outcome, StatusCode::CREATED))
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/processing", tag = "ledger",
    request_body = ProcessingRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = ProcessingView, description = "materials consumed and product produced, each line 0 → 2, with the consumption explained"),
        (status = 404, body = Problem), (status = 422, body = Problem, description = "every finding (insufficient_balance per /bom/<i> …); nothing booked")),
    security(("bearer" = [])))]
pub async fn book_processing(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<ProcessingRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state.app.process(&actor, &id, body.value, key).await?;
    Ok(respond(outcome, StatusCode::CREATED))
}

#[utoipa::path(post, path = "/api/v1/account-books/{id}/write-off", tag = "ledger",
    request_body = WriteOffRequest,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = WriteOffView, description = "lines deducted on or before period_end: 2 → 3"),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub async fn write_off_period(
    State(state): State<AppState>,
    Caller(actor): Caller,
    idempotency: IdempotencyKey,
    Path(id): Path<String>,
    body: JsonBody<WriteOffRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.with_hash(&body.request_hash);
    let outcome = state.app.write_off(&actor, &id, body.value, key).await?;
    Ok(respond(outcome, StatusCode::OK))
}
