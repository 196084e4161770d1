//! Handlers of risk rule sets: upload (validated whole), list, read, activate, retire.

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::extract::{Caller, JsonBody};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chuanyu_app::views::{RuleSetUpload, RuleSetView};

#[utoipa::path(post, path = "/api/v1/risk/rule-sets", tag = "risk", request_body = RuleSetUpload,
    responses((status = 201, body = RuleSetView), (status = 422, body = Problem, description = "every compile error with line:column")),
    security(("bearer" = [])))]
pub async fn upload_rule_set(
    State(state): State<AppState>,
    Caller(actor): Caller,
    body: JsonBody<RuleSetUpload>,
) -> Result<(StatusCode, Json<RuleSetView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.app.upload_rule_set(&actor, body.value).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/risk/rule-sets", tag = "risk",
    responses((status = 200, body = Vec<RuleSetView>)), security(("bearer" = [])))]
pub async fn list_rule_sets(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> Result<Json<Vec<RuleSetView>>, ApiError> {
    Ok(Json(state.app.rule_sets(&actor).await?))
}

#[utoipa::path(get, path = "/api/v1/risk/rule-sets/{version}", tag = "risk", params(("version" = i64, Path)),
    responses((status = 200, body = RuleSetView)), security(("bearer" = [])))]
pub async fn get_rule_set(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(version): Path<i64>,
) -> Result<Json<RuleSetView>, ApiError> {
    Ok(Json(state.app.rule_set(&actor, version).await?))
}

#[utoipa::path(post, path = "/api/v1/risk/rule-sets/{version}/activate", tag = "risk", params(("version" = i64, Path)),
    responses((status = 200, body = RuleSetView), (status = 409, body = Problem)), security(("bearer" = [])))]
pub async fn activate_rule_set(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(version): Path<i64>,
) -> Result<Json<RuleSetView>, ApiError> {
    Ok(Json(state.app.activate_rule_set(&actor, version).await?))
}

#[utoipa::path(post, path = "/api/v1/risk/rule-sets/{version}/retire", tag = "risk", params(("version" = i64, Path)),
    responses((status = 200, body = RuleSetView), (status = 409, body = Problem)), security(("bearer" = [])))]
pub async fn retire_rule_set(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(version): Path<i64>,
) -> Result<Json<RuleSetView>, ApiError> {
    Ok(Json(state.app.retire_rule_set(&actor, version).await?))
}

#[utoipa::path(post, path = "/api/v1/risk/backtests", tag = "risk", request_body = chuanyu_app::rules::BacktestRequest,
    responses((status = 200, body = Object, description = "lanes, hits per rule and hit rates: candidate next to the active set"),
        (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub async fn run_backtest(
    State(state): State<AppState>,
    Caller(actor): Caller,
    body: JsonBody<chuanyu_app::rules::BacktestRequest>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let app = state.app.clone();
    let report = tokio::task::spawn_blocking(move || {
        app.backtest_blocking(&actor, &body.value, &mut |_, _| {})
    })
    .await
    .map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "storage_error",
            e.to_string(),
        )
    })??;
    Ok(Json(
        serde_json::to_value(report).expect("reports serialize"),
    ))
}
