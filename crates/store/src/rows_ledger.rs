//! Rows of the bonded account books (issue 6): plain text and integers; the application maps
//! them to and from the ledger core's values (quantities are exact decimals kept as text).

/// The header of an account book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerBookRow {
    pub id: String,
    pub enterprise_code: String,
    pub place_kind: String,
    pub district: String,
    pub status: String,
    pub item_count: u64,
    /// Movements in the book's log so far.
    pub movement_seq: u64,
    pub document_code: String,
    pub document_number: String,
    pub request_hash: String,
    pub opened_by: String,
    pub opened_at: String,
    pub updated_at: String,
}

/// One recorded item and its balance in four buckets (decimal text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerItemRow {
    pub book_id: String,
    pub material_no: String,
    pub hs_code: String,
    pub name: String,
    pub unit: String,
    pub origin_country: String,
    pub available: String,
    pub pre_deducted: String,
    pub incoming: String,
    pub displayed: String,
    pub updated_at: String,
}

/// A booking list as declared (JSON body) and the progress of its lines (JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerListRow {
    pub book_id: String,
    pub id: String,
    pub kind: String,
    pub body: String,
    pub progress: String,
    /// Lines pre-deducted or deducted and not yet written off.
    pub open_lines: u64,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

/// One entry of a book's append-only movement log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerMovementRow {
    pub book_id: String,
    pub seq: u64,
    /// The client-chosen id that makes the movement idempotent.
    pub id: String,
    pub kind: String,
    pub document_code: String,
    pub document_number: String,
    /// The movement as the ledger core replays it (JSON).
    pub body: String,
    pub request_hash: String,
    /// The answer given when the movement was booked (replayed to a retry).
    pub response: String,
    pub actor: String,
    pub at: String,
}

/// A gate pass binding a vehicle to lines of booking lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatePassRow {
    pub id: String,
    pub book_id: String,
    pub vehicle: String,
    pub body: String,
    pub request_hash: String,
    /// `issued` or `passed`.
    pub status: String,
    pub created_by: String,
    pub created_at: String,
    pub passed_at: Option<String>,
}

/// An item row as the store read it, borrowed from the statement (no copy): what a write job
/// needs to rebuild its view of the touched items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerItemRef<'a> {
    pub material_no: &'a str,
    pub hs_code: &'a str,
    pub name: &'a str,
    pub unit: &'a str,
    pub origin_country: &'a str,
    pub available: &'a str,
    pub pre_deducted: &'a str,
    pub incoming: &'a str,
    pub displayed: &'a str,
    pub updated_at: &'a str,
}

/// The new buckets of one item (decimal text), for [`crate::Tx::update_ledger_balances`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerBalanceUpdate<'a> {
    pub material_no: &'a str,
    pub available: &'a str,
    pub pre_deducted: &'a str,
    pub incoming: &'a str,
    pub displayed: &'a str,
}
