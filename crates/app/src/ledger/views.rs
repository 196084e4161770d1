//! Request and response models of the bonded account books (quantities as decimal strings).

use chuanyu_ledger::DocumentRef;
pub use chuanyu_ledger::{BookingListKind, PlaceKind};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The document a movement books (contract, decision, goods declaration …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerDocument {
    pub code: String,
    pub number: String,
}

impl LedgerDocument {
    pub fn to_ref(&self) -> DocumentRef {
        DocumentRef {
            code: self.code.clone(),
            number: self.number.clone(),
        }
    }

    pub fn of(document: &DocumentRef) -> LedgerDocument {
        LedgerDocument {
            code: document.code.clone(),
            number: document.number.clone(),
        }
    }
}

/// An item to record in a book (备案料号).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookItemInput {
    pub material_no: String,
    /// 10-digit tariff line.
    pub hs_code: String,
    pub name: String,
    /// Customs unit code (007 piece, 035 kilogram …).
    pub unit: String,
    /// ISO alpha-3 or customs 3-digit country code.
    pub origin_country: String,
}

/// An officer opens a book for a zone operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenBookRequest {
    /// The book number (emsNo), chosen by customs; opening it again with the same content
    /// answers the first answer.
    pub id: String,
    /// The zone operator's 10-character customs code.
    pub enterprise_code: String,
    /// comprehensive_bonded_zone, bonded_logistics_centre_b, bonded_warehouse, duty_free_shop
    #[schema(value_type = String)]
    pub place_kind: PlaceKind,
    /// Defaults to the officer's district; must be it.
    #[serde(default)]
    pub district: Option<String>,
    /// The approval that opens the book.
    pub document: LedgerDocument,
    /// Items recorded at opening (at most ledger_items_per_request_max).
    #[serde(default)]
    pub items: Vec<BookItemInput>,
}

/// Record more items in a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordItemsRequest {
    pub document: LedgerDocument,
    pub items: Vec<BookItemInput>,
}

/// One line of a booking list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingLineInput {
    pub line_no: u32,
    pub material_no: String,
    #[schema(value_type = String)]
    pub quantity: Decimal,
}

/// A booking list (核注清单). Its id is chosen by the client: the same id with the same
/// content answers the first answer; with other content it is `idempotency_key_reused`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingListRequest {
    pub id: String,
    /// first_line_entry, first_line_exit, second_line_entry, scrap, stocktake_increase,
    /// stocktake_decrease, display_out, display_return (second-line exits, sales, transfers and
    /// processing have their own endpoints)
    #[schema(value_type = String)]
    pub kind: BookingListKind,
    pub document: LedgerDocument,
    /// Kinds without a gate are deducted at once (0 → 2) unless this is false (0 → 1, then
    /// `/deduct`). Kinds crossing the gate are always only declared (0 → 1).
    #[serde(default)]
    pub deduct_now: Option<bool>,
    pub lines: Vec<BookingLineInput>,
}

/// Withdraw a declared list of which nothing passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelListRequest {
    pub document: LedgerDocument,
}

/// Close or reopen a book (officers of its district).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookStatusRequest {
    pub document: LedgerDocument,
}

/// A transfer (结转) between two books: both sides are booked in one transaction or neither.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferRequestDto {
    pub from_book: String,
    pub to_book: String,
    /// Client-chosen id of the transfer-out list in the sending book.
    pub out_list_id: String,
    /// Client-chosen id of the transfer-in list in the receiving book.
    pub in_list_id: String,
    pub document: LedgerDocument,
    pub lines: Vec<TransferLineInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferLineInput {
    pub line_no: u32,
    pub material_no: String,
    pub counterpart_material_no: String,
    #[schema(value_type = String)]
    pub quantity: Decimal,
}

/// A gate pass (核放单): one vehicle, lines of one or more declared lists of one book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GatePassRequest {
    pub id: String,
    pub book_id: String,
    pub vehicle: String,
    pub lists: Vec<GatePassListInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GatePassListInput {
    pub list_id: String,
    pub lines: Vec<GatePassLineInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GatePassLineInput {
    pub line_no: u32,
    pub material_no: String,
    #[schema(value_type = String)]
    pub quantity: Decimal,
}

/// What the gate found on the vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PassageRequest {
    pub observed: Vec<ObservedCargoInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObservedCargoInput {
    pub material_no: String,
    #[schema(value_type = String)]
    pub quantity: Decimal,
}

/// A book header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BookView {
    pub id: String,
    pub enterprise_code: String,
    pub place_kind: String,
    pub district: String,
    /// open or closed
    pub status: String,
    pub item_count: u64,
    pub movement_count: u64,
    pub document: LedgerDocument,
    pub opened_by: String,
    pub opened_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BookPage {
    pub items: Vec<BookView>,
    /// Cursor of the next page (`after`), if there may be one.
    pub next: Option<String>,
}

/// An item and its balance in four buckets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ItemView {
    pub material_no: String,
    pub hs_code: String,
    pub name: String,
    pub unit: String,
    pub origin_country: String,
    pub available: String,
    pub pre_deducted: String,
    pub incoming: String,
    pub displayed: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ItemPage {
    pub items: Vec<ItemView>,
    pub next: Option<String>,
}

/// A booking-list line and its deduction state (0 not deducted … 3 written off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LineView {
    pub line_no: u32,
    pub material_no: String,
    pub quantity: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counterpart: Option<String>,
    /// not_deducted, pre_deducted, deducted, written_off
    pub state: String,
    /// 0–3
    pub state_code: u8,
    pub passed: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deducted_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ListView {
    pub book_id: String,
    pub id: String,
    pub kind: String,
    pub document: LedgerDocument,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counterpart_book: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    pub lines: Vec<LineView>,
    /// The goods declaration created with a second-line exit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_declaration: Option<GoodsDeclarationRef>,
}

/// A goods declaration a booking list is linked to (GET /api/v1/declarations/{id}).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GoodsDeclarationRef {
    pub id: String,
    /// The 18-digit declaration number.
    pub number: String,
}

/// One booked movement: its place in the book's log and what it changed, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MovementView {
    pub book_id: String,
    pub seq: u64,
    /// The client-chosen id (list/L1, pass/P1, item/M1 …).
    pub id: String,
    /// record_item, declare, book, pass_gate, deduct, cancel, close_book, reopen_book
    pub movement: String,
    pub document: LedgerDocument,
    pub actor: String,
    pub at: String,
    /// e.g. "list L1 line 1 (first_line_exit, pre_deduct) M1: available 10 → 7, pre_deducted 0 → 3"
    pub changes: Vec<String>,
    /// Work that follows (goods_declaration_required for second-line exits).
    pub follow_ups: Vec<String>,
}

/// The answer to a booking list (and to each side of a transfer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BookingView {
    pub movement: MovementView,
    pub list: ListView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TransferView {
    #[serde(rename = "out")]
    pub sent: BookingView,
    #[serde(rename = "in")]
    pub received: BookingView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GatePassView {
    pub id: String,
    pub book_id: String,
    pub vehicle: String,
    /// issued or passed
    pub status: String,
    pub lists: Vec<GatePassListInput>,
    pub created_by: String,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PassageView {
    pub gate_pass_id: String,
    pub vehicle: String,
    pub movement: MovementView,
}

/// The answer to recording items (new ones, and those already recorded identically).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecordedItemsView {
    pub book_id: String,
    pub recorded: Vec<String>,
    pub already_recorded: Vec<String>,
}

/// One material of a bill of materials, per unit of product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BomLineInput {
    pub material_no: String,
    /// Net consumption (净耗) per unit of product, ≤ 9 decimals.
    #[schema(value_type = String)]
    pub net_per_unit: Decimal,
    /// Process loss rate (工艺损耗率) as a fraction (0.02 = 2 %), ≤ 6 decimals, in [0, 1).
    #[schema(value_type = String)]
    pub loss_rate: Decimal,
}

/// Processing in a comprehensive bonded zone: materials consumed and the product produced, one
/// all-or-nothing movement (both lists 0 → 2). The two list ids are client-chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessingRequest {
    pub consume_list_id: String,
    pub produce_list_id: String,
    pub document: LedgerDocument,
    pub product_material_no: String,
    #[schema(value_type = String)]
    pub product_quantity: Decimal,
    pub bom: Vec<BomLineInput>,
}

/// How one material's consumption was computed: round(product × net ÷ (1 − loss), 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConsumptionView {
    pub material_no: String,
    pub net_quantity: String,
    pub loss_rate: String,
    pub gross_quantity: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ProcessingView {
    pub movement: MovementView,
    pub consume: ListView,
    pub produce: ListView,
    pub consumption: Vec<ConsumptionView>,
}

/// Close a period (核销): every line deducted on or before `period_end` goes 2 → 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WriteOffRequest {
    pub document: LedgerDocument,
    /// The last day of the period (China date), `YYYY-MM-DD`.
    #[schema(value_type = String)]
    pub period_end: jiff::civil::Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WriteOffView {
    pub movement: MovementView,
    /// Lines written off, as `list/line_no`.
    pub written_off: Vec<String>,
}
