//! Rows of CBEC tax guarantees (issue 5): guarantee accounts, tax bills with their reservation,
//! monthly settlements. Money is integer fen.

/// A guarantee account: `amount_fen` secured by `guarantor` for `principal` (an assureCode),
/// of which `reserved_fen` is reserved by open tax bills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuaranteeRow {
    pub id: String,
    pub guarantor: String,
    pub principal: String,
    /// `bank`, `insurance` or `non_bank`.
    pub kind: String,
    pub amount_fen: i64,
    pub reserved_fen: i64,
    /// Validity, China calendar dates `YYYY-MM-DD`, both inclusive.
    pub valid_from: String,
    pub valid_to: String,
    /// `active` or `revoked`.
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
}

/// The tax bill (CEB816) of one assessed inventory list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxBillRow {
    pub list_id: String,
    pub tax_no: String,
    /// Whose inbox gets the CEB816 messages (the list's sender).
    pub sender: String,
    pub assure_code: String,
    /// The guarantee the bill is reserved against (`None` while held or when nothing is due).
    pub guarantee_id: Option<String>,
    pub duty_fen: i64,
    pub vat_fen: i64,
    pub consumption_fen: i64,
    pub total_fen: i64,
    /// The bill's lines as JSON (what the CEB816 body lists).
    pub lines: String,
    /// `held`, `reserved`, `settled` or `void`.
    pub state: String,
    /// When the list was released: its 30-day return window starts here.
    pub released_at: Option<String>,
    pub settlement_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// One monthly settlement of a withholding agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementRow {
    pub id: String,
    pub assure_code: String,
    /// `YYYY-MM` (China calendar month of release).
    pub month: String,
    pub bills: i64,
    pub total_fen: i64,
    pub settled_by: String,
    pub created_at: String,
}

/// A public key that verifies a party's signed CEB messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyKeyRow {
    pub party_code: String,
    pub fingerprint: String,
    /// `sm2-sm3` or `rsa-sha1`.
    pub algorithm: String,
    pub public_key_pem: String,
    pub registered_by: String,
    pub registered_at: String,
}
