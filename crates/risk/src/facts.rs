//! Facts the engine assesses: declaration header, items, trading party, lanes and AEO levels.
//!
//! These are plain values handed in by the application; the engine never looks anything
//! up by itself. Codes are kept as text exactly as declared (HS codes 10 digits, customs
//! office and trade mode 4 digits, countries ISO 3166 alpha-3, currency ISO 4217).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Control lane of a declaration, ASYCUDA naming. `Green < Blue < Yellow < Red`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lane {
    /// Release without control.
    Green,
    /// Release now, post-clearance audit later.
    Blue,
    /// Documentary check before release.
    Yellow,
    /// Physical inspection before release.
    Red,
}

impl Lane {
    /// All lanes, least strict first.
    pub const ALL: [Lane; 4] = [Lane::Green, Lane::Blue, Lane::Yellow, Lane::Red];

    /// The lowercase name used in the rule language and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Lane::Green => "green",
            Lane::Blue => "blue",
            Lane::Yellow => "yellow",
            Lane::Red => "red",
        }
    }

    /// Parses the lowercase name used in the rule language.
    pub fn parse(text: &str) -> Option<Lane> {
        Lane::ALL.into_iter().find(|lane| lane.as_str() == text)
    }
}

impl std::fmt::Display for Lane {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Authorised Economic Operator level of the trader as certified by China Customs.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum AeoLevel {
    /// Not certified (general-credit or lower).
    #[default]
    None,
    /// General certified enterprise.
    General,
    /// Advanced certified enterprise.
    Advanced,
}

impl AeoLevel {
    /// The lowercase name used in the rule language and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            AeoLevel::None => "none",
            AeoLevel::General => "general",
            AeoLevel::Advanced => "advanced",
        }
    }
}

/// Import or export declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IeFlag {
    /// Import declaration (进口).
    Import,
    /// Export declaration (出口).
    Export,
}

impl IeFlag {
    /// The lowercase name used in the rule language and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            IeFlag::Import => "import",
            IeFlag::Export => "export",
        }
    }
}

/// What the risk engine knows about the trading enterprise.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyFacts {
    /// AEO certification level at China Customs.
    pub aeo_level: AeoLevel,
    /// True when the trader is an AEO recognised by a partner administration under a
    /// mutual-recognition arrangement (MRA).
    pub partner_mra_aeo: bool,
    /// Number of past control findings (hits) against this trader.
    pub prior_hits: u32,
}

/// One goods item (商品项) of a declaration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFacts {
    /// HS code, 10 digits in China's tariff.
    pub hs_code: String,
    /// Goods description as declared.
    pub description: String,
    /// Country of origin of this item, ISO 3166 alpha-3.
    pub origin_country: String,
    /// Declared quantity in `unit`.
    pub quantity: Decimal,
    /// Declared unit of quantity (customs unit code or name, as text).
    pub unit: String,
    /// Item value converted to CNY.
    pub value_cny: Decimal,
    /// Net weight of the item when declared.
    pub net_weight_kg: Option<Decimal>,
}

/// The declaration as the risk engine sees it: header, items and trader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationFacts {
    /// Stable id used for deterministic sampling (e.g. the 18-digit entry number).
    pub declaration_id: String,
    /// Customs office code, 4 digits, e.g. "7900".
    pub customs_office: String,
    /// Import or export.
    pub ie_flag: IeFlag,
    /// Trade mode (监管方式), 4 digits, e.g. "0110".
    pub trade_mode: String,
    /// Transport mode, customs code as text.
    pub transport_mode: String,
    /// Declarant's 10-character enterprise customs code.
    pub declarant_code: String,
    /// Trader's (consignee/consignor) 10-character enterprise customs code.
    pub trader_code: String,
    /// Header country of origin, ISO alpha-3.
    pub origin_country: String,
    /// Trading country, ISO alpha-3.
    pub trading_country: String,
    /// Destination country, ISO alpha-3.
    pub destination_country: String,
    /// Invoice currency, ISO 4217.
    pub currency: String,
    /// Total goods value in CNY.
    pub total_value_cny: Decimal,
    /// Freight in CNY.
    pub freight_cny: Decimal,
    /// Insurance in CNY.
    pub insurance_cny: Decimal,
    /// Gross weight of the consignment.
    pub gross_weight_kg: Decimal,
    /// Net weight of the consignment.
    pub net_weight_kg: Decimal,
    /// Number of packages.
    pub packages: u32,
    /// Goods items, in declared order (item index 0 is the first item).
    pub items: Vec<ItemFacts>,
    /// What is known about the trader.
    pub trader: PartyFacts,
}

/// Result of a physical or documentary control, used for back-testing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InspectionOutcome {
    /// The control found a discrepancy (misdeclaration, undervaluation, prohibited goods…).
    Finding,
    /// The control found nothing.
    NoFinding,
}
