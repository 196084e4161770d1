//! Handlers of the platform itself: health, the OpenAPI document, reference tables, parties.

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::extract::Caller;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chuanyu_app::views::PartyView;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    pub active_rule_set: Option<i64>,
    pub tariff_loaded: bool,
}

#[utoipa::path(get, path = "/api/v1/health", tag = "platform", responses((status = 200, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    let tariff = state.app.tariff_state();
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        active_rule_set: state.app.active_rule_set_version(),
        tariff_loaded: tariff.tariff.is_some() && tariff.rates.is_some(),
    })
}

pub async fn openapi_document() -> Json<utoipa::openapi::OpenApi> {
    Json(crate::openapi::ApiDoc::openapi())
}

/// One reference code.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferenceCode {
    pub code: String,
    pub name: String,
    #[schema(value_type = Object)]
    pub attributes: serde_json::Value,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReferenceQuery {
    /// Only codes starting with this.
    pub prefix: Option<String>,
    /// 1..=1000 (reference_page_size_max); default 100.
    pub limit: Option<u32>,
}

/// Most reference rows one request returns.
pub const REFERENCE_PAGE_SIZE_MAX: u32 = 1000;

#[utoipa::path(get, path = "/api/v1/reference/{table}", tag = "platform",
    params(("table" = String, Path, description = "customs-offices, countries, currencies, units, trade-modes, transport-modes, hs"), ReferenceQuery),
    responses((status = 200, body = Vec<ReferenceCode>), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn reference_table(
    State(state): State<AppState>,
    Caller(_actor): Caller,
    Path(table): Path<String>,
    Query(query): Query<ReferenceQuery>,
) -> Result<Json<Vec<ReferenceCode>>, ApiError> {
    let limit = query.limit.unwrap_or(100);
    if limit == 0 || limit > REFERENCE_PAGE_SIZE_MAX {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "page_size_out_of_range",
            format!("limit must be 1..={REFERENCE_PAGE_SIZE_MAX} (reference_page_size_max)"),
        ));
    }
    let Some(kind) = chuanyu_domain::ReferenceData::TABLES
        .iter()
        .find(|t| **t == table)
    else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no reference table '{table}'"),
        ));
    };
    let entries = state
        .app
        .reference()
        .tables
        .get(kind)
        .cloned()
        .unwrap_or_default();
    let prefix = query.prefix.unwrap_or_default();
    Ok(Json(
        entries
            .into_iter()
            .filter(|e| e.code.starts_with(&prefix))
            .take(limit as usize)
            .map(|e| ReferenceCode {
                code: e.code,
                name: e.name,
                attributes: e
                    .attributes
                    .into_iter()
                    .map(|(k, v)| (k, serde_json::Value::String(v)))
                    .collect(),
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/parties", tag = "platform",
    responses((status = 200, body = Vec<PartyView>), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn list_parties(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> Result<Json<Vec<PartyView>>, ApiError> {
    Ok(Json(state.app.parties(&actor).await?))
}

pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such route; see /api/v1/openapi.json",
    )
}
