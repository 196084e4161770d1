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
    /// `waiting`, `refused`, `control` (red/yellow, waiting for the officer), `released`;
    /// export lists also `accepted` (waiting for arrival and departure) and `cancelled`.
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
    /// `I` import (CEB621), `E` export (CEB603).
    pub ie_flag: String,
    /// Export: when the waybill's arrival (CEB507) and departure (CEB509) were confirmed.
    pub arrived_at: Option<String>,
    pub departed_at: Option<String>,
    /// Export: when the list was released (both confirmed and the lane cleared).
    pub released_at: Option<String>,
    /// Export: the summary (CEB701) that took the list into a goods declaration.
    pub summary_id: Option<String>,
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

/// One return (CEB625) of part or all of a released import list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CbecListReturnRow {
    pub list_id: String,
    pub seq: i64,
    pub sender: String,
    pub guid: String,
    pub entry: i64,
    /// JSON `[{"gnum": 1, "qty": "0.5"}, …]`.
    pub lines: String,
    /// Given back to the buyer's yearly quota (0.0001 CNY).
    pub quota_units: i64,
    /// Given back from the tax bill and its guarantee reservation (fen).
    pub tax_fen: i64,
    pub created_at: String,
}

/// An accepted export summary application (CEB701).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CbecSummaryRow {
    pub id: String,
    pub sender: String,
    pub guid: String,
    pub entry: i64,
    pub cop_no: String,
    pub pre_no: String,
    pub sum_no: String,
    pub customs_code: String,
    pub ebc_code: String,
    /// JSON: the groups as summarised.
    pub groups: String,
    /// JSON: the goods declaration of each group.
    pub declarations: String,
    pub created_at: String,
}
