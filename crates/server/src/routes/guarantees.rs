//! Handlers of CBEC trust (issue 5): guarantors issue and adjust guarantee accounts; officers
//! settle an agent's month; parties register the keys that verify their signed CEB messages.

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::extract::{Caller, JsonBody};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chuanyu_app::guarantees::{
    GuaranteeAdjustment, GuaranteeView, NewGuarantee, SettlementRequest, SettlementView,
};
use chuanyu_app::keys::{NewPartyKey, PartyKeyView};

#[utoipa::path(post, path = "/api/v1/guarantees", tag = "cbec",
    request_body = NewGuarantee,
    responses((status = 201, body = GuaranteeView, description = "issued; held lists of the principal it now covers resume"),
        (status = 200, body = GuaranteeView, description = "the same guarantee was already issued (nothing changed)"),
        (status = 403, body = Problem, description = "the caller is not a guarantor"),
        (status = 409, body = Problem, description = "guarantee_exists: the id is taken with other terms"),
        (status = 422, body = Problem, description = "every finding")),
    security(("bearer" = [])))]
pub async fn issue_guarantee(
    State(state): State<AppState>,
    Caller(actor): Caller,
    body: JsonBody<NewGuarantee>,
) -> Result<(StatusCode, Json<GuaranteeView>), ApiError> {
    let (view, created) = state.app.issue_guarantee(&actor, body.value).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view)))
}

#[utoipa::path(get, path = "/api/v1/guarantees", tag = "cbec",
    responses((status = 200, body = [GuaranteeView], description = "what the caller issued or is secured by (officers: all)")),
    security(("bearer" = [])))]
pub async fn list_guarantees(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> Result<Json<Vec<GuaranteeView>>, ApiError> {
    Ok(Json(state.app.guarantees(&actor).await?))
}

#[utoipa::path(get, path = "/api/v1/guarantees/{id}", tag = "cbec",
    params(("id" = String, Path)),
    responses((status = 200, body = GuaranteeView, description = "with its reservations"),
        (status = 404, body = Problem, description = "absent or not visible to the caller")),
    security(("bearer" = [])))]
pub async fn get_guarantee(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> Result<Json<GuaranteeView>, ApiError> {
    Ok(Json(state.app.guarantee(&actor, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/guarantees/{id}/adjust", tag = "cbec",
    request_body = GuaranteeAdjustment,
    params(("id" = String, Path)),
    responses((status = 200, body = GuaranteeView),
        (status = 403, body = Problem, description = "not the issuing guarantor"),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "guarantee_below_reserved, guarantee_in_use, guarantee_revoked"),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub async fn adjust_guarantee(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    body: JsonBody<GuaranteeAdjustment>,
) -> Result<Json<GuaranteeView>, ApiError> {
    Ok(Json(
        state.app.adjust_guarantee(&actor, &id, body.value).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/cbec/settlements", tag = "cbec",
    request_body = SettlementRequest,
    responses((status = 201, body = SettlementView, description = "settled: matured bills paid, reservations released, CEB816 status 2 to the agent"),
        (status = 200, body = SettlementView, description = "the month was already settled (replayed = true)"),
        (status = 403, body = Problem), (status = 409, body = Problem, description = "settlement_month_open"),
        (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub async fn settle_cbec(
    State(state): State<AppState>,
    Caller(actor): Caller,
    body: JsonBody<SettlementRequest>,
) -> Result<(StatusCode, Json<SettlementView>), ApiError> {
    let view = state.app.settle_cbec(&actor, body.value).await?;
    let status = if view.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(view)))
}

#[utoipa::path(get, path = "/api/v1/cbec/settlements", tag = "cbec",
    responses((status = 200, body = [SettlementView])),
    security(("bearer" = [])))]
pub async fn list_settlements(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> Result<Json<Vec<SettlementView>>, ApiError> {
    Ok(Json(state.app.settlements(&actor).await?))
}

#[utoipa::path(post, path = "/api/v1/parties/{code}/keys", tag = "cbec",
    request_body = NewPartyKey,
    params(("code" = String, Path)),
    responses((status = 201, body = PartyKeyView, description = "registered: signed messages of the party verify against it"),
        (status = 200, body = PartyKeyView, description = "already registered"),
        (status = 404, body = Problem, description = "not the caller (nor an administrator), or no such party"),
        (status = 409, body = Problem, description = "too_many_keys"),
        (status = 422, body = Problem, description = "the PEM is not an SM2 or RSA certificate or public key")),
    security(("bearer" = [])))]
pub async fn register_party_key(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(code): Path<String>,
    body: JsonBody<NewPartyKey>,
) -> Result<(StatusCode, Json<PartyKeyView>), ApiError> {
    let (view, created) = state
        .app
        .register_party_key(&actor, &code, body.value)
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view)))
}

#[utoipa::path(get, path = "/api/v1/parties/{code}/keys", tag = "cbec",
    params(("code" = String, Path)),
    responses((status = 200, body = [PartyKeyView]), (status = 404, body = Problem)),
    security(("bearer" = [])))]
pub async fn list_party_keys(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(code): Path<String>,
) -> Result<Json<Vec<PartyKeyView>>, ApiError> {
    Ok(Json(state.app.party_keys(&actor, &code).await?))
}
