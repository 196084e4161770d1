//! Named limits of the ledger: every input is bounded, units last in the name.

/// Lines on one booking list (核注清单); the app enforces it at the edge, the core again.
pub const BOOKING_LIST_LINES_MAX: usize = 1_000;
/// Items recorded in one account book.
pub const BOOK_ITEMS_MAX: usize = 100_000;
/// Decimal places of a quantity (customs quantities carry up to 5).
pub const QUANTITY_SCALE_MAX: u32 = 5;
/// Largest quantity on one line, pass line, count or spare-part movement.
pub const QUANTITY_MAX: i64 = 1_000_000_000_000;
/// Largest value of any balance bucket; keeps every sum far from decimal overflow.
pub const BALANCE_MAX: i64 = 1_000_000_000_000_000;
/// Decimal places of a processing loss rate (a fraction, 0.02 = 2 %).
pub const LOSS_RATE_SCALE_MAX: u32 = 6;
/// Material lines in one bill of materials.
pub const BOM_LINES_MAX: usize = 1_000;
/// Booking lists bound to one gate pass (one vehicle, many lists).
pub const GATE_PASS_LISTS_MAX: usize = 100;
/// Lines over all lists of one gate pass, and entries of observed cargo.
pub const GATE_PASS_LINES_MAX: usize = 10_000;
/// Counted items in one stocktake.
pub const STOCKTAKE_COUNTS_MAX: usize = BOOK_ITEMS_MAX;
/// Open repair / exchange obligations on one spare-part record.
pub const SPARE_PART_OBLIGATIONS_MAX: usize = 1_000;
/// Code-like fields (ids, material numbers, document numbers, vehicles) in characters.
pub const REFERENCE_CHARS_MAX: usize = 64;
/// Free-text fields (item names) in characters.
pub const TEXT_CHARS_MAX: usize = 255;
/// Digits of a Chinese tariff line (HS code) on an account-book item.
pub const HS_CODE_DIGITS: usize = 10;
/// Digits of a goods-declaration number (报关单号).
pub const DECLARATION_NUMBER_DIGITS: usize = 18;
