//! The route table of `/api/v1`.

mod ceb;
mod declarations;
mod guarantees;
mod ledger;
mod ledger_more;
mod platform;
mod risk;
mod tariff;

pub use ceb::*;
pub use declarations::*;
pub use guarantees::*;
pub use ledger::*;
pub use ledger_more::*;
pub use platform::*;
pub use risk::*;
pub use tariff::*;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/health", get(health))
        .route("/api/v1/openapi.json", get(openapi_document))
        .route(
            "/api/v1/declarations",
            post(create_declaration).get(list_declarations),
        )
        .route("/api/v1/declarations/{id}", get(get_declaration))
        .route(
            "/api/v1/declarations/{id}/audit",
            get(get_declaration_audit),
        )
        .route(
            "/api/v1/declarations/{id}/versions/{version}",
            get(get_declaration_version),
        )
        .route("/api/v1/declarations/{id}/lodge", post(lodge_declaration))
        .route(
            "/api/v1/declarations/{id}/amendments",
            post(amend_declaration),
        )
        .route(
            "/api/v1/declarations/{id}/control-result",
            post(record_control_result),
        )
        .route("/api/v1/declarations/{id}/payment", post(record_payment))
        .route("/api/v1/declarations/{id}/cancel", post(cancel_declaration))
        .route("/api/v1/declarations/{id}/refuse", post(refuse_declaration))
        .route("/api/v1/declarations/{id}/detain", post(detain_declaration))
        .route(
            "/api/v1/declarations/{id}/lift-detention",
            post(lift_detention),
        )
        .route(
            "/api/v1/risk/rule-sets",
            post(upload_rule_set).get(list_rule_sets),
        )
        .route("/api/v1/risk/rule-sets/{version}", get(get_rule_set))
        .route(
            "/api/v1/risk/rule-sets/{version}/activate",
            post(activate_rule_set),
        )
        .route(
            "/api/v1/risk/rule-sets/{version}/retire",
            post(retire_rule_set),
        )
        .route("/api/v1/risk/backtests", post(run_backtest))
        .route("/api/v1/tariff/lines", get(search_tariff))
        .route("/api/v1/tariff/lines/{code}", get(get_tariff_line))
        .route("/api/v1/tax/quotes", post(quote_tax))
        .route("/api/v1/reference/{table}", get(reference_table))
        .route("/api/v1/parties", get(list_parties))
        .route("/api/v1/ceb/messages", post(receive_ceb_message))
        .route(
            "/api/v1/ceb/messages/{guid}/lists",
            get(get_ceb_message_lists),
        )
        .route("/api/v1/ceb/receipts", get(list_ceb_receipts))
        .route("/api/v1/ceb/lists/{id}", get(get_cbec_list))
        .route(
            "/api/v1/guarantees",
            post(issue_guarantee).get(list_guarantees),
        )
        .route("/api/v1/guarantees/{id}", get(get_guarantee))
        .route(
            "/api/v1/parties/{code}/keys",
            post(register_party_key).get(list_party_keys),
        )
        .route("/api/v1/guarantees/{id}/adjust", post(adjust_guarantee))
        .route(
            "/api/v1/cbec/settlements",
            post(settle_cbec).get(list_settlements),
        )
        .route(
            "/api/v1/ceb/lists/{id}/control-result",
            post(record_cbec_control_result),
        )
        .route(
            "/api/v1/account-books",
            post(open_account_book).get(list_account_books),
        )
        .route("/api/v1/account-books/{id}", get(get_account_book))
        .route(
            "/api/v1/account-books/{id}/items",
            post(record_book_items).get(list_book_items),
        )
        .route(
            "/api/v1/account-books/{id}/booking-lists",
            post(book_booking_list),
        )
        .route(
            "/api/v1/account-books/{id}/booking-lists/{list_id}",
            get(get_booking_list),
        )
        .route(
            "/api/v1/account-books/{id}/booking-lists/{list_id}/deduct",
            post(deduct_booking_list),
        )
        .route(
            "/api/v1/account-books/{id}/booking-lists/{list_id}/cancel",
            post(cancel_booking_list),
        )
        .route(
            "/api/v1/account-books/{id}/processing",
            post(book_processing),
        )
        .route(
            "/api/v1/account-books/{id}/write-off",
            post(write_off_period),
        )
        .route("/api/v1/account-books/{id}/close", post(close_account_book))
        .route(
            "/api/v1/account-books/{id}/reopen",
            post(reopen_account_book),
        )
        .route("/api/v1/gate-passes", post(issue_gate_pass))
        .route("/api/v1/gate-passes/{id}", get(get_gate_pass))
        .route("/api/v1/gate-passes/{id}/passage", post(record_passage))
        .route("/api/v1/transfers", post(book_transfer))
        .route(
            "/api/v1/account-books/{id}/second-line-exits",
            post(book_second_line_exit),
        )
        .route(
            "/api/v1/account-books/{id}/spare-parts",
            post(record_spare_part),
        )
        .route(
            "/api/v1/account-books/{id}/spare-parts/{record_id}",
            get(get_spare_part),
        )
        .route(
            "/api/v1/account-books/{id}/spare-parts/{record_id}/movements",
            post(move_spare_part),
        )
        .route("/api/v1/spare-parts/overdue", get(list_overdue_spare_parts))
        .route(
            "/api/v1/account-books/{id}/duty-free-sales",
            post(book_duty_free_sale),
        )
        .route(
            "/api/v1/account-books/{id}/stocktakes",
            post(record_stocktake),
        )
        .route(
            "/api/v1/account-books/{id}/stocktakes/{stocktake_id}",
            get(get_stocktake),
        )
        .route(
            "/api/v1/account-books/{id}/stocktakes/{stocktake_id}/decision",
            post(decide_stocktake),
        )
        .fallback(not_found)
}
