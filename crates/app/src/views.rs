//! Request and response models of the use cases (JSON shapes with their OpenAPI schemas).
//!
//! They mirror the domain types but are not them: the domain can change shape without
//! breaking partners, and the wire format can grow without touching the domain.

use chuanyu_domain::declaration::{DeclarationInput, DocumentRef, ItemInput};
use chuanyu_store::{DeclarationRow, PartyRow};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One attached document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentDto {
    /// Document type code (e.g. `Y` certificate of origin).
    pub code: String,
    pub number: String,
}

/// One goods item. Amounts and quantities are decimal strings, e.g. `"12.50"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemDto {
    /// 10-digit Chinese tariff code; its first 6 digits must be an HS subheading.
    #[schema(example = "8517130000")]
    pub hs_code: String,
    pub description: String,
    #[schema(value_type = String, example = "2")]
    pub quantity: Decimal,
    /// Customs unit code (`007` piece, `035` kg …).
    #[schema(example = "007")]
    pub unit: String,
    #[schema(value_type = String)]
    pub legal_quantity: Decimal,
    pub legal_unit: String,
    #[schema(value_type = String, example = "500.00")]
    pub unit_price: Decimal,
    #[schema(value_type = String, example = "1000.00")]
    pub total: Decimal,
    /// ISO 3166 alpha-3.
    #[schema(example = "JPN")]
    pub origin_country: String,
}

/// A goods declaration (报关单) as lodged: header and 1–50 items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclarationDto {
    /// `I` import or `E` export.
    #[schema(example = "I")]
    pub ie_flag: String,
    #[schema(example = "7901")]
    pub customs_office: String,
    pub declarant_code: String,
    /// Consignee (import) or consignor (export).
    pub trader_code: String,
    #[schema(example = "0110")]
    pub trade_mode: String,
    #[schema(example = "5")]
    pub transport_mode: String,
    pub transport_means: String,
    pub bill_of_lading: String,
    pub trading_country: String,
    /// Country of departure (import) or destination (export), ISO alpha-3.
    pub partner_country: String,
    /// ISO 4217.
    pub currency: String,
    #[schema(value_type = String)]
    pub freight: Decimal,
    #[schema(value_type = String)]
    pub insurance: Decimal,
    pub packages: u32,
    #[schema(value_type = String)]
    pub gross_weight_kg: Decimal,
    #[schema(value_type = String)]
    pub net_weight_kg: Decimal,
    /// Sum of the item totals.
    #[schema(value_type = String)]
    pub total_value: Decimal,
    /// Agreement of a declared certificate of origin (e.g. `RCEP`), if any.
    #[serde(default)]
    pub certificate_of_origin: Option<String>,
    #[serde(default)]
    pub documents: Vec<DocumentDto>,
    pub items: Vec<ItemDto>,
}

impl From<DeclarationDto> for DeclarationInput {
    fn from(dto: DeclarationDto) -> Self {
        DeclarationInput {
            ie_flag: dto.ie_flag,
            customs_office: dto.customs_office,
            declarant_code: dto.declarant_code,
            trader_code: dto.trader_code,
            trade_mode: dto.trade_mode,
            transport_mode: dto.transport_mode,
            transport_means: dto.transport_means,
            bill_of_lading: dto.bill_of_lading,
            trading_country: dto.trading_country,
            partner_country: dto.partner_country,
            currency: dto.currency,
            freight: dto.freight,
            insurance: dto.insurance,
            packages: dto.packages,
            gross_weight_kg: dto.gross_weight_kg,
            net_weight_kg: dto.net_weight_kg,
            total_value: dto.total_value,
            certificate_of_origin: dto.certificate_of_origin,
            documents: dto
                .documents
                .into_iter()
                .map(|d| DocumentRef {
                    code: d.code,
                    number: d.number,
                })
                .collect(),
            items: dto
                .items
                .into_iter()
                .map(|i| ItemInput {
                    hs_code: i.hs_code,
                    description: i.description,
                    quantity: i.quantity,
                    unit: i.unit,
                    legal_quantity: i.legal_quantity,
                    legal_unit: i.legal_unit,
                    unit_price: i.unit_price,
                    total: i.total,
                    origin_country: i.origin_country,
                })
                .collect(),
        }
    }
}

/// `POST /api/v1/declarations`: the declaration, lodged at once unless `lodge` is false (draft).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDeclarationRequest {
    pub declaration: DeclarationDto,
    /// `false` keeps it as a draft (no number, no assessment) to lodge later.
    #[serde(default = "default_true")]
    pub lodge: bool,
}

fn default_true() -> bool {
    true
}

/// A declaration as its parties and officers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeclarationView {
    pub id: String,
    /// 18 digits once lodged: office + year + I/E digit + 9-digit sequence.
    pub number: Option<String>,
    pub state: String,
    pub lane: Option<String>,
    pub version: u32,
    pub customs_office: String,
    pub district: String,
    pub declarant_code: String,
    pub trader_code: String,
    /// Total tax payable in CNY, once assessed.
    pub tax_payable_cny: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub lodged_at: Option<String>,
    /// The risk assessment: every rule that matched, the draws, the lane and why.
    #[schema(value_type = Object)]
    pub assessment: Option<serde_json::Value>,
    /// The tax quote with its line-by-line explanation.
    #[schema(value_type = Object)]
    pub tax: Option<serde_json::Value>,
    /// The current version's content (absent in listings).
    pub declaration: Option<DeclarationDto>,
}

impl DeclarationView {
    pub fn from_row(row: &DeclarationRow, body: Option<DeclarationDto>) -> DeclarationView {
        DeclarationView {
            id: row.id.clone(),
            number: row.number.clone(),
            state: row.state.clone(),
            lane: row.lane.clone(),
            version: row.current_version,
            customs_office: row.customs_office.clone(),
            district: row.district.clone(),
            declarant_code: row.declarant_code.clone(),
            trader_code: row.trader_code.clone(),
            tax_payable_cny: row.tax_payable.clone(),
            created_at: row.created_at.clone(),
            updated_at: row.updated_at.clone(),
            lodged_at: row.lodged_at.clone(),
            assessment: None,
            tax: None,
            declaration: body,
        }
    }
}

/// A page of declarations; pass `next` as `after` for the following page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeclarationPage {
    pub items: Vec<DeclarationView>,
    pub next: Option<String>,
}

/// One audit event of a declaration (or of the rule sets), with its chain hashes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditEventView {
    pub seq: u64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub reason: Option<String>,
    #[schema(value_type = Object)]
    pub payload: Option<serde_json::Value>,
    pub prev_hash: String,
    pub hash: String,
}

/// `POST …/control-result`: the officer's result of the documentary check or inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlResultRequest {
    /// `true` when the goods are as declared.
    pub compliant: bool,
    /// What was checked and found.
    pub remarks: String,
}

/// `POST …/payment`: duties paid or secured by a guarantee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentRequest {
    /// `paid` or `guaranteed`.
    pub method: String,
    /// Bank transfer number or guarantee number.
    pub reference: String,
}

/// `POST …/cancel`, `…/refuse`, `…/detain`, `…/lift-detention`: a reason is always required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    pub reason: String,
}

/// `POST …/amendments`: the whole new version and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AmendmentRequest {
    pub declaration: DeclarationDto,
    pub reason: String,
}

/// A party as listed (never its key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PartyView {
    pub code: String,
    pub name: String,
    pub role: String,
    pub district: Option<String>,
    pub uscc: Option<String>,
    pub aeo_level: String,
    pub partner_mra_aeo: bool,
}

impl From<&PartyRow> for PartyView {
    fn from(row: &PartyRow) -> Self {
        PartyView {
            code: row.code.clone(),
            name: row.name.clone(),
            role: row.role.clone(),
            district: row.district.clone(),
            uscc: row.uscc.clone(),
            aeo_level: row.aeo_level.clone(),
            partner_mra_aeo: row.partner_mra_aeo,
        }
    }
}

/// A rule set as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RuleSetView {
    pub version: i64,
    pub name: String,
    pub status: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
    pub activated_at: Option<String>,
    pub retired_at: Option<String>,
    pub rule_count: usize,
    pub source: Option<String>,
}

/// `POST /api/v1/risk/rule-sets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSetUpload {
    pub name: String,
    /// The rule-set text (see the risk language documentation).
    pub source: String,
}
