//! Which duty rate applies to an item: provisional over MFN, preferential when certified and lower, general for non-WTO origins.
//!
//! Rules, in order:
//! 1. The base rate for a WTO-member origin is the provisional rate if one is valid on the
//!    date, else the MFN rate valid on the date.
//! 2. A preferential rate is a candidate when the declaration carries a certificate of origin
//!    for an agreement, the agreement lists the item's origin country, and the line has a
//!    preferential rate for that agreement valid on the date.
//! 3. WTO origin: the lowest duty amount among the base rate and the preferential candidate
//!    (rates are compared by the duty they yield for this item, so specific and compound rates
//!    compare fairly with ad-valorem ones); on a tie the base rate stays (it needs no
//!    certificate). Non-WTO origin: the preferential candidate if there is one and it is lower
//!    than the general rate, else the general rate.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::code::TariffCode;
use crate::fixed::{FixedLevy, amount_decimal};
use crate::model::{Agreement, DutyRate, DutyRateKind, Levy, TariffLine, Validity};

/// Where a rate comes from, for explanations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RateKind {
    Mfn,
    Provisional,
    Preferential {
        agreement: String,
    },
    General,
    ConsumptionTax,
    Vat,
    /// CBEC retail import within limits: duty rate 0 by policy, not by the tariff.
    CbecZeroDuty,
}

impl RateKind {
    pub fn name(&self) -> String {
        match self {
            RateKind::Mfn => "MFN".into(),
            RateKind::Provisional => "provisional".into(),
            RateKind::Preferential { agreement } => format!("preferential ({agreement})"),
            RateKind::General => "general".into(),
            RateKind::ConsumptionTax => "consumption tax".into(),
            RateKind::Vat => "VAT".into(),
            RateKind::CbecZeroDuty => "CBEC retail zero duty".into(),
        }
    }
}

impl From<&DutyRateKind> for RateKind {
    fn from(kind: &DutyRateKind) -> Self {
        match kind {
            DutyRateKind::Mfn => RateKind::Mfn,
            DutyRateKind::Provisional => RateKind::Provisional,
            DutyRateKind::Preferential(a) => RateKind::Preferential {
                agreement: a.clone(),
            },
            DutyRateKind::General => RateKind::General,
        }
    }
}

/// The tariff line, rate kind and validity a rate was taken from. `validity` is `None` only
/// for policy rates that are not in the tariff (CBEC zero duty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateSource {
    pub tariff_code: TariffCode,
    pub kind: RateKind,
    pub validity: Option<Validity>,
}

/// One duty rate considered for an item, with the (exact, unrounded) duty it would yield.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyCandidate {
    pub source: RateSource,
    pub levy: Levy,
    pub amount_cny: Decimal,
}

/// Why the chosen rate was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum DutyNote {
    /// A provisional rate is valid on the date and replaces the MFN rate.
    ProvisionalReplacesMfn,
    /// The origin is not a WTO member: the general rate is the base.
    NonWtoOriginGeneralRate,
    /// A certificate was declared for an agreement that does not list the origin country.
    CertificateDoesNotCoverOrigin {
        agreement: String,
        origin_country: String,
    },
    /// The agreement covers the origin but the line has no preferential rate valid on the date.
    NoPreferentialRateOnDate { agreement: String },
    /// The preferential rate yields less duty than the base rate: it applies (lowest of the applicable ones).
    PreferentialIsLowest { agreement: String },
    /// The base rate yields no more duty than the preferential one: the base rate applies.
    BaseRateNotHigherThanPreferential { agreement: String },
}

/// The duty-rate decision for one item: the base rate (provisional, MFN or general), the
/// preferential candidate if one applied, which of them was chosen, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyDecision {
    pub base: DutyCandidate,
    pub preferential: Option<DutyCandidate>,
    /// True when the preferential candidate was chosen (it yields strictly less duty).
    pub preferential_chosen: bool,
    pub notes: Vec<DutyNote>,
}

impl DutyDecision {
    pub fn chosen(&self) -> &DutyCandidate {
        match &self.preferential {
            Some(preferential) if self.preferential_chosen => preferential,
            _ => &self.base,
        }
    }

    /// Every rate considered, base first.
    pub fn candidates(&self) -> impl Iterator<Item = &DutyCandidate> {
        std::iter::once(&self.base).chain(self.preferential.as_ref())
    }
}

/// A rate kind the line lacks on the date (the importer guarantees presence, not coverage of every date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MissingRate(pub &'static str);

/// Inputs of the duty decision for one item.
pub(crate) struct DutyContext<'a> {
    pub line: &'a TariffLine,
    pub on: Date,
    pub origin_country: &'a str,
    pub origin_wto_member: bool,
    pub certificate: Option<&'a Agreement>,
    /// Dutiable value in units of 1e-12 CNY.
    pub dutiable_value_units: i128,
    /// Legal quantity in units of 1e-6.
    pub quantity_units: i128,
}

/// The decision and the chosen duty as integers (units of 1e-12 CNY) for the engine.
pub(crate) struct SelectedDuty {
    pub decision: DutyDecision,
    pub amount_units: i128,
    pub levy: FixedLevy,
}

pub(crate) fn select_duty(ctx: &DutyContext<'_>) -> Result<SelectedDuty, MissingRate> {
    let line = ctx.line;
    let mut notes = Vec::new();
    let candidate = |rate: &DutyRate| {
        let levy = FixedLevy::new(&rate.levy);
        let units = levy.amount(ctx.dutiable_value_units, ctx.quantity_units);
        let candidate = DutyCandidate {
            source: RateSource {
                tariff_code: *line.code(),
                kind: RateKind::from(&rate.kind),
                validity: Some(rate.validity),
            },
            levy: rate.levy,
            amount_cny: amount_decimal(units),
        };
        (candidate, units, levy)
    };
    let base = if ctx.origin_wto_member {
        match line.duty_rate(&DutyRateKind::Provisional, ctx.on) {
            Some(provisional) => {
                notes.push(DutyNote::ProvisionalReplacesMfn);
                provisional
            }
            None => line
                .duty_rate(&DutyRateKind::Mfn, ctx.on)
                .ok_or(MissingRate("mfn"))?,
        }
    } else {
        notes.push(DutyNote::NonWtoOriginGeneralRate);
        line.duty_rate(&DutyRateKind::General, ctx.on)
            .ok_or(MissingRate("general"))?
    };
    let (base, base_units, base_levy) = candidate(base);
    let mut preferential = None;
    if let Some(agreement) = ctx.certificate {
        if !agreement.covers(ctx.origin_country) {
            notes.push(DutyNote::CertificateDoesNotCoverOrigin {
                agreement: agreement.code.clone(),
                origin_country: ctx.origin_country.to_owned(),
            });
        } else {
            match line.preferential_rate(&agreement.code, ctx.on) {
                None => notes.push(DutyNote::NoPreferentialRateOnDate {
                    agreement: agreement.code.clone(),
                }),
                Some(rate) => preferential = Some(candidate(rate)),
            }
        }
    }
    let mut preferential_chosen = false;
    let (mut amount_units, mut levy) = (base_units, base_levy);
    let preferential = preferential.map(|(p, p_units, p_levy)| {
        if p_units < base_units {
            preferential_chosen = true;
            (amount_units, levy) = (p_units, p_levy);
        }
        p
    });
    if let (Some(_), Some(agreement)) = (&preferential, ctx.certificate) {
        let agreement = agreement.code.clone();
        if preferential_chosen {
            preferential_chosen = true;
            notes.push(DutyNote::PreferentialIsLowest { agreement });
        } else {
            notes.push(DutyNote::BaseRateNotHigherThanPreferential { agreement });
        }
    }
    Ok(SelectedDuty {
        decision: DutyDecision {
            base,
            preferential,
            preferential_chosen,
            notes,
        },
        amount_units,
        levy,
    })
}
