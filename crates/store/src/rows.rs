//! Plain rows the store reads and writes; the application maps them to and from domain values.

/// A party as stored (the API key only as its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyRow {
    pub code: String,
    pub name: String,
    pub role: String,
    pub district: Option<String>,
    pub uscc: Option<String>,
    pub aeo_level: String,
    pub partner_mra_aeo: bool,
    pub prior_hits: u32,
    pub created_at: String,
}

/// The current projection of a declaration; its versions and audit events are kept apart, immutable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclarationRow {
    pub id: String,
    pub number: Option<String>,
    pub customs_office: String,
    pub district: String,
    pub ie_flag: String,
    pub declarant_code: String,
    pub trader_code: String,
    pub state: String,
    pub lane: Option<String>,
    pub current_version: u32,
    /// Total payable tax in CNY as a decimal string, once assessed.
    pub tax_payable: Option<String>,
    /// Sequence number of the audit event carrying the latest risk assessment.
    pub assessment_seq: Option<u64>,
    /// Sequence number of the audit event carrying the latest tax quote and its explanation.
    pub tax_seq: Option<u64>,
    pub created_at: String,
    pub updated_at: String,
    pub lodged_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRow {
    pub version: u32,
    pub body: String,
    pub created_at: String,
    pub created_by: String,
}

/// What was answered to the first request with an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotentResponse {
    pub request_hash: String,
    pub status: u16,
    pub response: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSetRow {
    pub version: i64,
    pub name: String,
    pub source: String,
    pub status: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
    pub activated_at: Option<String>,
    pub retired_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TariffFileRow {
    pub id: i64,
    pub kind: String,
    pub source: String,
    pub line_count: i64,
    pub imported_by: String,
    pub imported_at: String,
}

/// Which declarations a reader may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Every declaration (administrators, risk analysts of the circle).
    All,
    /// Declarations lodged at offices of this district (officers).
    District(String),
    /// Declarations where this enterprise is declarant or consignee/consignor.
    Enterprise(String),
}

/// An audit event to append; the store assigns its sequence number and hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEvent<'a> {
    pub stream: &'a str,
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub from_state: Option<&'a str>,
    pub to_state: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub payload: Option<&'a str>,
}

/// What the engines of every node follow (see `Tx::engine_marks`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EngineMarks {
    /// The active rule-set version.
    pub rules: Option<i64>,
    /// The latest tariff file.
    pub tariff_file: Option<i64>,
    /// The latest exchange-rate file.
    pub rates_file: Option<i64>,
}
