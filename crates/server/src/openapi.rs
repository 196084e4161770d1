//! The OpenAPI 3 document, generated from the handlers' annotations and the DTOs' schemas.

use crate::error::{Problem, ProblemFinding};
use crate::routes::*;
use chuanyu_app::views::*;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "chuanyu smart customs API", description = "Goods declarations, risk, tariff and tax for the Chengdu–Chongqing circle. Errors are RFC 9457 problem+json with a stable `code`."),
    paths(
        health, reference_table, list_parties,
        create_declaration, list_declarations, get_declaration, get_declaration_audit, get_declaration_version,
        lodge_declaration, amend_declaration, record_control_result, record_payment,
        cancel_declaration, refuse_declaration, detain_declaration, lift_detention,
        upload_rule_set, list_rule_sets, get_rule_set, activate_rule_set, retire_rule_set, run_backtest,
        get_tariff_line, search_tariff, quote_tax,
    ),
    components(schemas(
        Problem, ProblemFinding, Health, ReferenceCode, PartyView,
        CreateDeclarationRequest, DeclarationDto, ItemDto, DocumentDto, DeclarationView, DeclarationPage,
        AuditEventView, ControlResultRequest, PaymentRequest, ReasonRequest, AmendmentRequest,
        RuleSetUpload, RuleSetView, chuanyu_app::rules::BacktestRequest,
    )),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;
