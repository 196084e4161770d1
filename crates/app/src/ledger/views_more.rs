//! Request and response models of the bonded movements beyond booking lists: second-line exits
//! with their goods declaration, spare parts, duty-free sales (amounts as decimal strings).

use super::views::{LedgerDocument, ListView, MovementView};
use crate::views::DeclarationView;
use chuanyu_ledger::SparePartMovement;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The header of the goods declaration a second-line exit creates (general trade 0110, import
/// into the domestic market; the importer is the book's enterprise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExitDeclarationHeader {
    /// The customs office that receives the declaration, e.g. 7901.
    pub customs_office: String,
    /// The broker declaring; defaults to the book's enterprise itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declarant_code: Option<String>,
    /// Transport mode code (Y bonded port area / comprehensive zone, W logistics centre, 8 bonded warehouse …).
    pub transport_mode: String,
    pub transport_means: String,
    pub bill_of_lading: String,
    /// ISO 4217 currency of the line values.
    pub currency: String,
    #[serde(default)]
    #[schema(value_type = String)]
    pub freight: Decimal,
    #[serde(default)]
    #[schema(value_type = String)]
    pub insurance: Decimal,
    pub packages: u32,
    #[schema(value_type = String)]
    pub gross_weight_kg: Decimal,
    #[schema(value_type = String)]
    pub net_weight_kg: Decimal,
    /// Trading country; defaults to CHN (the zone is in China).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trading_country: Option<String>,
}

/// One line of a second-line exit: the booking-list line and its value for the declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExitLineInput {
    pub line_no: u32,
    pub material_no: String,
    #[schema(value_type = String)]
    pub quantity: Decimal,
    #[schema(value_type = String)]
    pub unit_price: Decimal,
    #[schema(value_type = String)]
    pub total: Decimal,
}

/// A second-line exit (二线出区) to the domestic market: the booking list is declared (0 → 1,
/// reserved; the gate pass deducts it) and its goods declaration is created and lodged in the
/// same transaction. The list id is client-chosen, so a retry answers the first answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecondLineExitRequest {
    pub list_id: String,
    pub document: LedgerDocument,
    pub goods_declaration: ExitDeclarationHeader,
    pub lines: Vec<ExitLineInput>,
}

/// The booked list and the goods declaration created with it (number, lane, tax).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SecondLineExitView {
    pub movement: MovementView,
    pub list: ListView,
    pub goods_declaration: DeclarationView,
}

/// Record a part imported with a whole machine against the machine's import declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SparePartRecordRequest {
    /// Client-chosen record id; the same id and content again answers the first answer.
    pub id: String,
    /// The 18-digit import declaration of the machine.
    pub machine_declaration_no: String,
    pub part_no: String,
    pub name: String,
    #[schema(value_type = String)]
    pub quantity: Decimal,
    pub document: LedgerDocument,
}

/// A movement of a spare part. `movement` is one of (tag `movement`):
/// `transfer` {document, to_enterprise, quantity}, `return_abroad` {document, quantity},
/// `exchange_out` {document, quantity, due}, `exchange_in` {document, part_no, quantity},
/// `repair_out` {document, quantity, due}, `repair_back` {document, quantity}.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SparePartMovementRequest {
    /// Client-chosen movement id: the same id and content again answers the first answer.
    pub id: String,
    #[schema(value_type = Object)]
    pub movement: SparePartMovement,
}

/// What must come back into the zone by a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ObligationView {
    /// repair_return or exchange_replacement
    pub kind: String,
    pub document: LedgerDocument,
    pub quantity: String,
    pub due: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SparePartView {
    pub id: String,
    pub book_id: String,
    pub machine_declaration_no: String,
    pub part_no: String,
    pub name: String,
    /// Quantity in the zone now.
    pub in_zone: String,
    pub obligations: Vec<ObligationView>,
    pub movement_count: u64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SparePartMovementView {
    pub seq: u64,
    pub id: String,
    /// transfer, return_abroad, exchange_out, exchange_in, repair_out, repair_back
    pub movement: String,
    pub document: LedgerDocument,
    pub actor: String,
    pub at: String,
    pub record: SparePartView,
}

/// An obligation past its deadline, for an officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OverdueView {
    pub record_id: String,
    pub book_id: String,
    pub machine_declaration_no: String,
    pub part_no: String,
    pub kind: String,
    pub quantity: String,
    pub due: String,
    pub days_overdue: i64,
    pub document: LedgerDocument,
    /// e.g. "2 of part P-1 (machine 790120261000000001) went out for repair under R-1 and were due back by 2026-10-01: 30 days overdue"
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OverduePage {
    /// The day the deadlines were compared with (China date).
    pub as_of: String,
    pub items: Vec<OverdueView>,
}

/// The trip a traveller's purchases count against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TripInput {
    /// Flight (or train, ship) number of the arrival.
    pub flight: String,
    /// Arrival date, `YYYY-MM-DD`.
    #[schema(value_type = String)]
    pub date: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DutyFreeLineInput {
    pub line_no: u32,
    pub material_no: String,
    #[schema(value_type = String)]
    pub quantity: Decimal,
    /// Sale value of the line in CNY (at most 2 decimals).
    #[schema(value_type = String)]
    pub value_cny: Decimal,
}

/// A sale in a port duty-free shop to an arriving traveller: checked against the traveller's
/// allowance for the trip, then booked (the shop's stock is deducted at once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DutyFreeSaleRequest {
    /// Client-chosen sale id (the booking list's id): a retry answers the first answer.
    pub id: String,
    /// The traveller's travel document number (passport, home-return permit …).
    pub traveller_id: String,
    pub trip: TripInput,
    /// Duty-free purchases abroad the traveller declared for this trip, in CNY.
    #[serde(default)]
    #[schema(value_type = String)]
    pub purchases_abroad_cny: Decimal,
    pub lines: Vec<DutyFreeLineInput>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DutyFreeSaleView {
    pub movement: MovementView,
    pub list: ListView,
    pub traveller_id: String,
    /// flight/date
    pub trip: String,
    pub amount_cny: String,
    pub allowance_cny: String,
    /// Used on this trip after the sale, purchases abroad included.
    pub used_cny: String,
    pub remaining_cny: String,
}

/// One counted item; items of the book not listed count as zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StocktakeCountInput {
    pub material_no: String,
    #[schema(value_type = String)]
    pub quantity: Decimal,
}

/// A stocktake (盘点) of a book: the counts are compared with the on-hand balances and every
/// difference is kept for an officer's decision. The id is client-chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StocktakeRequest {
    pub id: String,
    pub document: LedgerDocument,
    pub counts: Vec<StocktakeCountInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DifferenceView {
    pub material_no: String,
    /// On hand in the book: available + pre-deducted + displayed.
    pub book_quantity: String,
    pub counted_quantity: String,
    /// shortage or surplus
    pub kind: String,
    pub quantity: String,
}

/// The value of a shortage for the goods declaration that levies its duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShortageValueInput {
    pub material_no: String,
    #[schema(value_type = String)]
    pub unit_price: Decimal,
    #[schema(value_type = String)]
    pub total: Decimal,
}

/// Levy duty on the shortages: a goods declaration (general trade, importer = the book's
/// enterprise) with one item per shortage, valued as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LevyDutyInput {
    pub goods_declaration: ExitDeclarationHeader,
    pub values: Vec<ShortageValueInput>,
}

/// An officer's decision on a stocktake's differences: shortages are booked out by a
/// stocktake_decrease list (with duty levied through a goods declaration when `levy_duty` is
/// given), surpluses in by a stocktake_increase list — all in one transaction, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StocktakeDecisionRequest {
    pub document: LedgerDocument,
    /// Required when there are shortages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortage_list_id: Option<String>,
    /// Required when there are surpluses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surplus_list_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levy_duty: Option<LevyDutyInput>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StocktakeDecisionView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortage: Option<super::views::BookingView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surplus: Option<super::views::BookingView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goods_declaration: Option<DeclarationView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StocktakeView {
    pub book_id: String,
    pub id: String,
    /// open (differences await an officer's decision) or decided
    pub status: String,
    pub differences: Vec<DifferenceView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<StocktakeDecisionView>,
    pub created_by: String,
    pub created_at: String,
}
