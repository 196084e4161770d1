//! Handlers of the tariff: line lookup, search, and tax quotes for drafts.

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::extract::{Caller, JsonBody};
use axum::Json;
use axum::extract::{Path, Query, State};
use chuanyu_app::views::DeclarationDto;
use serde::Deserialize;
use utoipa::IntoParams;

#[utoipa::path(get, path = "/api/v1/tariff/lines/{code}", tag = "tariff", params(("code" = String, Path)),
    responses((status = 200, body = Object, description = "the tariff line with every dated rate"),
        (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn get_tariff_line(
    State(state): State<AppState>,
    Caller(_actor): Caller,
    Path(code): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let line = state.app.tariff_line(&code)?;
    Ok(Json(
        serde_json::to_value(line).expect("tariff lines serialize"),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct TariffSearch {
    /// Digits search by code prefix; words search the descriptions.
    pub q: String,
    /// 1..=200 (tariff_search_limit_max); default 20.
    pub limit: Option<usize>,
}

#[utoipa::path(get, path = "/api/v1/tariff/lines", tag = "tariff", params(TariffSearch),
    responses((status = 200, body = Vec<Object>)), security(("bearer" = [])))]
pub async fn search_tariff(
    State(state): State<AppState>,
    Caller(_actor): Caller,
    Query(query): Query<TariffSearch>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let lines = state
        .app
        .tariff_search(&query.q, query.limit.unwrap_or(20))?;
    Ok(Json(
        serde_json::to_value(lines).expect("tariff lines serialize"),
    ))
}

#[utoipa::path(post, path = "/api/v1/tax/quotes", tag = "tariff", request_body = DeclarationDto,
    responses((status = 200, body = Object, description = "duty, consumption tax and VAT, explained per item"),
        (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn quote_tax(
    State(state): State<AppState>,
    Caller(_actor): Caller,
    body: JsonBody<DeclarationDto>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let quote = state.app.quote_tax(body.value)?;
    Ok(Json(serde_json::to_value(quote).expect("quotes serialize")))
}
