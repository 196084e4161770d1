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
        open_account_book, list_account_books, get_account_book, list_book_items, record_book_items,
        book_booking_list, get_booking_list, deduct_booking_list, cancel_booking_list,
        close_account_book, reopen_account_book, issue_gate_pass, get_gate_pass, record_passage, book_transfer,
        book_processing, write_off_period,
        book_second_line_exit, record_spare_part, get_spare_part, move_spare_part,
        list_overdue_spare_parts, book_duty_free_sale, record_stocktake, get_stocktake, decide_stocktake,
        receive_ceb_message, list_ceb_receipts, get_ceb_message_lists, get_cbec_list, record_cbec_control_result,
        issue_guarantee, list_guarantees, get_guarantee, adjust_guarantee, settle_cbec, list_settlements,
        register_party_key, list_party_keys,
    ),
    components(schemas(
        Problem, ProblemFinding, Health, ReferenceCode, PartyView,
        CreateDeclarationRequest, DeclarationDto, ItemDto, DocumentDto, DeclarationView, DeclarationPage,
        AuditEventView, ControlResultRequest, PaymentRequest, ReasonRequest, AmendmentRequest,
        RuleSetUpload, RuleSetView, chuanyu_app::rules::BacktestRequest,
        chuanyu_app::ledger::views::LedgerDocument, chuanyu_app::ledger::views::BookItemInput,
        chuanyu_app::ledger::views::OpenBookRequest, chuanyu_app::ledger::views::RecordItemsRequest,
        chuanyu_app::ledger::views::BookingLineInput, chuanyu_app::ledger::views::BookingListRequest,
        chuanyu_app::ledger::views::CancelListRequest, chuanyu_app::ledger::views::BookStatusRequest,
        chuanyu_app::ledger::views::TransferRequestDto, chuanyu_app::ledger::views::TransferLineInput,
        chuanyu_app::ledger::views::GatePassRequest, chuanyu_app::ledger::views::GatePassListInput,
        chuanyu_app::ledger::views::GatePassLineInput, chuanyu_app::ledger::views::PassageRequest,
        chuanyu_app::ledger::views::ObservedCargoInput, chuanyu_app::ledger::views::BookView,
        chuanyu_app::ledger::views::BookPage, chuanyu_app::ledger::views::ItemView,
        chuanyu_app::ledger::views::ItemPage, chuanyu_app::ledger::views::LineView,
        chuanyu_app::ledger::views::ListView, chuanyu_app::ledger::views::MovementView,
        chuanyu_app::ledger::views::BookingView, chuanyu_app::ledger::views::TransferView,
        chuanyu_app::ledger::views::GatePassView, chuanyu_app::ledger::views::PassageView,
        chuanyu_app::ledger::views::RecordedItemsView, chuanyu_app::ledger::views::BomLineInput,
        chuanyu_app::ledger::views::ProcessingRequest, chuanyu_app::ledger::views::ConsumptionView,
        chuanyu_app::ledger::views::ProcessingView, chuanyu_app::ledger::views::WriteOffRequest,
        chuanyu_app::ledger::views::WriteOffView, chuanyu_app::ledger::views::GoodsDeclarationRef,
        chuanyu_app::ledger::views_more::ExitDeclarationHeader, chuanyu_app::ledger::views_more::ExitLineInput,
        chuanyu_app::ledger::views_more::SecondLineExitRequest, chuanyu_app::ledger::views_more::SecondLineExitView,
        chuanyu_app::ledger::views_more::SparePartRecordRequest, chuanyu_app::ledger::views_more::SparePartMovementRequest,
        chuanyu_app::ledger::views_more::ObligationView, chuanyu_app::ledger::views_more::SparePartView,
        chuanyu_app::ledger::views_more::SparePartMovementView, chuanyu_app::ledger::views_more::OverdueView,
        chuanyu_app::ledger::views_more::OverduePage, chuanyu_app::ledger::views_more::TripInput,
        chuanyu_app::ledger::views_more::DutyFreeLineInput, chuanyu_app::ledger::views_more::DutyFreeSaleRequest,
        chuanyu_app::ledger::views_more::DutyFreeSaleView,
        chuanyu_app::ledger::views_more::StocktakeCountInput, chuanyu_app::ledger::views_more::StocktakeRequest,
        chuanyu_app::ledger::views_more::DifferenceView, chuanyu_app::ledger::views_more::ShortageValueInput,
        chuanyu_app::ledger::views_more::LevyDutyInput, chuanyu_app::ledger::views_more::StocktakeDecisionRequest,
        chuanyu_app::ledger::views_more::StocktakeDecisionView, chuanyu_app::ledger::views_more::StocktakeView,
        chuanyu_app::cbec::CebReceiptPage, chuanyu_app::cbec::CebReceiptView,
        chuanyu_app::cbec::CbecListView, chuanyu_app::cbec::CbecControlResult,
        chuanyu_app::guarantees::NewGuarantee, chuanyu_app::guarantees::GuaranteeAdjustment,
        chuanyu_app::guarantees::GuaranteeView, chuanyu_app::guarantees::ReservationView,
        chuanyu_app::guarantees::SettlementRequest, chuanyu_app::guarantees::SettlementView,
        chuanyu_app::keys::NewPartyKey, chuanyu_app::keys::PartyKeyView,
    )),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;
