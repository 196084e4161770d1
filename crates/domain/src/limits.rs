//! Named limits of the domain: every input is bounded, units last in the name.

/// A goods declaration carries at most this many items (GACC rule).
pub const DECLARATION_ITEMS_MAX: usize = 50;
/// Attached documents (licences, certificates) per declaration.
pub const DECLARATION_DOCUMENTS_MAX: usize = 20;
/// Free-text fields (names, descriptions) in characters.
pub const TEXT_CHARS_MAX: usize = 255;
/// Short code-like fields (bill of lading, transport means, document numbers) in characters.
pub const REFERENCE_CHARS_MAX: usize = 64;
/// Largest amount or quantity accepted anywhere (keeps every product far from decimal overflow).
pub const AMOUNT_MAX: i64 = 1_000_000_000_000;
/// Decimal places of money amounts (totals, freight, insurance).
pub const AMOUNT_SCALE_MAX: u32 = 2;
/// Decimal places of unit prices (customs allows 4).
pub const UNIT_PRICE_SCALE_MAX: u32 = 4;
/// Decimal places of quantities and weights.
pub const QUANTITY_SCALE_MAX: u32 = 5;
/// Packages per declaration.
pub const PACKAGES_MAX: u32 = 10_000_000;
/// Tolerance between an item total and unit price × quantity (one unit of the currency's cent).
pub const ITEM_TOTAL_TOLERANCE_CENTS: i64 = 1;
/// Reasons given for transitions (cancel, refuse, detain) in characters.
pub const REASON_CHARS_MAX: usize = 1000;
