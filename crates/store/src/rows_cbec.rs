//! Rows of the CBEC import flow (issue 5): CEB messages, documents, inventory lists, receipts.

/// A CEB message as received, with the receipt answered to it (replayed on a resend).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CebMessageRow {
    pub sender: String,
    pub guid: String,
    pub message_type: String,
    pub body: String,
    pub receipt: String,
    pub received_at: String,
}

/// Where an accepted order, payment or waybill is: the message and its 0-based entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CebDocumentRow {
    pub kind: String,
    pub doc_key: String,
    pub sender: String,
    pub guid: String,
    pub entry: i64,
    pub received_at: String,
}

/// One inventory list (CEB621 entry) and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CbecListRow {
    pub id: String,
    pub sender: String,
    pub guid: String,
    pub entry: i64,
    pub cop_no: String,
    pub pre_no: String,
    pub invt_no: Option<String>,
    pub order_no: String,
    pub ebp_code: String,
    pub logistics_no: String,
    pub buyer_id: String,
    pub customs_code: String,
    pub district: String,
    /// `waiting`, `refused`, `control` (red/yellow, waiting for the officer), `released`.
    pub state: String,
    pub lane: Option<String>,
    /// Tax payable (CNY decimal text) once assessed.
    pub tax_total: Option<String>,
    /// Calendar year and amount (0.0001 CNY units) counted against the buyer's quota.
    pub quota_year: Option<i64>,
    pub quota_units: Option<i64>,
    /// Until when a list waits for its documents (RFC 3339 text).
    pub wait_until: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A receipt in a sender's inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CebReceiptRow {
    pub recipient: String,
    pub seq: i64,
    pub receipt_type: String,
    pub list_id: Option<String>,
    pub body: String,
    pub created_at: String,
}
