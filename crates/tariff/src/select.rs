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

use crate::code::{AgreementCode, CountryCode, TariffCode};
use crate::fixed::{FixedLevy, amount_decimal};
use crate::model::{Agreement, CountrySet, DutyRateKind, Levy, TariffLine, Validity};

/// Where a rate comes from, for explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RateKind {
    Mfn,
    Provisional,
    Preferential {
        agreement: AgreementCode,
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
    #[inline]
    fn from(kind: &DutyRateKind) -> Self {
        match *kind {
            DutyRateKind::Mfn => RateKind::Mfn,
            DutyRateKind::Provisional => RateKind::Provisional,
            DutyRateKind::Preferential(agreement) => RateKind::Preferential { agreement },
            DutyRateKind::General => RateKind::General,
        }
    }
}

/// The tariff line, rate kind and validity a rate was taken from. `validity` is `None` only
/// for policy rates that are not in the tariff (CBEC zero duty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateSource {
    pub tariff_code: TariffCode,
    pub kind: RateKind,
    pub validity: Option<Validity>,
}

/// One duty rate considered for an item, with the (exact, unrounded) duty it would yield.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyCandidate {
    pub source: RateSource,
    pub levy: Levy,
    pub amount_cny: Decimal,
}

/// Why the chosen rate was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum DutyNote {
    /// A provisional rate is valid on the date and replaces the MFN rate.
    ProvisionalReplacesMfn,
    /// The origin is not a WTO member: the general rate is the base.
    NonWtoOriginGeneralRate,
    /// A certificate was declared for an agreement that does not list the origin country.
    CertificateDoesNotCoverOrigin {
        agreement: AgreementCode,
        origin_country: CountryCode,
    },
    /// The agreement covers the origin but the line has no preferential rate valid on the date.
    NoPreferentialRateOnDate { agreement: AgreementCode },
    /// The preferential rate yields less duty than the base rate: it applies (lowest of the applicable ones).
    PreferentialIsLowest { agreement: AgreementCode },
    /// The base rate yields no more duty than the preferential one: the base rate applies.
    BaseRateNotHigherThanPreferential { agreement: AgreementCode },
}

/// Most notes one decision can carry: one about the base rate (provisional or general) and
/// one about the certificate of origin.
pub const DUTY_NOTES_MAX: usize = 2;

/// The notes of a duty decision, in order: an inline list of at most [`DUTY_NOTES_MAX`]
/// notes (no heap), used as a slice (`Deref<Target = [DutyNote]>`) and serialized as a JSON
/// array exactly like a `Vec<DutyNote>`.
#[derive(Clone, Copy)]
pub struct DutyNotes {
    len: u8,
    notes: [DutyNote; DUTY_NOTES_MAX],
}

impl DutyNotes {
    pub const fn new() -> Self {
        DutyNotes {
            len: 0,
            // Placeholders; only `..len` is ever read.
            notes: [DutyNote::ProvisionalReplacesMfn; DUTY_NOTES_MAX],
        }
    }

    /// Appends a note; `Err` (with the note) when [`DUTY_NOTES_MAX`] notes are already held.
    pub fn push(&mut self, note: DutyNote) -> Result<(), DutyNote> {
        let len = usize::from(self.len);
        if len == DUTY_NOTES_MAX {
            return Err(note);
        }
        self.notes[len] = note;
        self.len += 1;
        Ok(())
    }

    pub fn as_slice(&self) -> &[DutyNote] {
        &self.notes[..usize::from(self.len)]
    }
}

impl DutyNotes {
    /// The notes of a decision, built at once: the base-rate note, then the certificate note.
    #[inline(always)]
    fn of(first: Option<DutyNote>, second: Option<DutyNote>) -> Self {
        match (first, second) {
            (Some(a), Some(b)) => DutyNotes {
                len: 2,
                notes: [a, b],
            },
            (Some(a), None) | (None, Some(a)) => DutyNotes {
                len: 1,
                notes: [a, DutyNote::ProvisionalReplacesMfn],
            },
            (None, None) => DutyNotes::new(),
        }
    }
}

impl Default for DutyNotes {
    fn default() -> Self {
        DutyNotes::new()
    }
}

impl std::ops::Deref for DutyNotes {
    type Target = [DutyNote];
    fn deref(&self) -> &[DutyNote] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a DutyNotes {
    type Item = &'a DutyNote;
    type IntoIter = std::slice::Iter<'a, DutyNote>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl PartialEq for DutyNotes {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for DutyNotes {}

impl PartialEq<[DutyNote]> for DutyNotes {
    fn eq(&self, other: &[DutyNote]) -> bool {
        self.as_slice() == other
    }
}

impl PartialEq<Vec<DutyNote>> for DutyNotes {
    fn eq(&self, other: &Vec<DutyNote>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl std::fmt::Debug for DutyNotes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl TryFrom<&[DutyNote]> for DutyNotes {
    type Error = usize;
    /// `Err(len)` when the slice holds more than [`DUTY_NOTES_MAX`] notes.
    fn try_from(notes: &[DutyNote]) -> Result<Self, usize> {
        let mut out = DutyNotes::new();
        for note in notes {
            out.push(*note).map_err(|_| notes.len())?;
        }
        Ok(out)
    }
}

impl Serialize for DutyNotes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.as_slice())
    }
}

impl<'de> Deserialize<'de> for DutyNotes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let notes = Vec::<DutyNote>::deserialize(d)?;
        DutyNotes::try_from(notes.as_slice())
            .map_err(|len| serde::de::Error::invalid_length(len, &"at most 2 duty notes"))
    }
}

/// The duty-rate decision for one item: the base rate (provisional, MFN or general), the
/// preferential candidate if one applied, which of them was chosen, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyDecision {
    pub base: DutyCandidate,
    pub preferential: Option<DutyCandidate>,
    /// True when the preferential candidate was chosen (it yields strictly less duty).
    pub preferential_chosen: bool,
    pub notes: DutyNotes,
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
    pub origin_country: CountryCode,
    pub origin_wto_member: bool,
    /// The certified agreement and its members.
    pub certificate: Option<(&'a Agreement, &'a CountrySet)>,
    /// Dutiable value in units of 1e-12 CNY.
    pub dutiable_value_units: i128,
    /// Legal quantity in units of 1e-6.
    pub quantity_units: i128,
}

/// The note about the base rate.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseNote {
    None,
    ProvisionalReplacesMfn,
    NonWtoOriginGeneralRate,
}

/// The note about the certificate of origin (the agreement and origin are the item's).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum CertificateNote {
    None,
    DoesNotCoverOrigin,
    NoPreferentialRateOnDate,
    PreferentialIsLowest,
    BaseRateNotHigherThanPreferential,
}

/// The duty decision as the engine computes it: rates by their index in the line's
/// `duty_rates`, duties as integers (units of 1e-12 CNY), notes as small codes. Small and
/// `Copy`; the public [`DutyDecision`] is built from it once, directly into the result
/// ([`DutyChoice::decision`]).
#[derive(Clone, Copy)]
pub(crate) struct DutyChoice {
    /// Index of the base rate (provisional, MFN or general) and the duty it yields.
    pub base: (usize, i128),
    /// Index of the preferential candidate and the duty it yields.
    pub preferential: Option<(usize, i128)>,
    pub preferential_chosen: bool,
    pub base_note: BaseNote,
    pub certificate_note: CertificateNote,
    /// The chosen rate: index, duty, levy in fixed point.
    pub chosen: (usize, i128),
    pub levy: FixedLevy,
}

impl DutyChoice {
    /// The public decision, with each candidate's source, levy and exact duty, and the
    /// notes; `certificate` and `origin` are the item's, as given to [`select_duty`].
    #[inline(always)]
    pub fn decision(
        &self,
        line: &TariffLine,
        certificate: Option<&Agreement>,
        origin: CountryCode,
    ) -> DutyDecision {
        let base_note = match self.base_note {
            BaseNote::None => None,
            BaseNote::ProvisionalReplacesMfn => Some(DutyNote::ProvisionalReplacesMfn),
            BaseNote::NonWtoOriginGeneralRate => Some(DutyNote::NonWtoOriginGeneralRate),
        };
        let certificate_note = certificate.and_then(|c| {
            let agreement = c.code;
            match self.certificate_note {
                CertificateNote::None => None,
                CertificateNote::DoesNotCoverOrigin => {
                    Some(DutyNote::CertificateDoesNotCoverOrigin {
                        agreement,
                        origin_country: origin,
                    })
                }
                CertificateNote::NoPreferentialRateOnDate => {
                    Some(DutyNote::NoPreferentialRateOnDate { agreement })
                }
                CertificateNote::PreferentialIsLowest => {
                    Some(DutyNote::PreferentialIsLowest { agreement })
                }
                CertificateNote::BaseRateNotHigherThanPreferential => {
                    Some(DutyNote::BaseRateNotHigherThanPreferential { agreement })
                }
            }
        });
        DutyDecision {
            base: candidate(line, self.base.0, self.base.1),
            preferential: self
                .preferential
                .map(|(i, units)| candidate(line, i, units)),
            preferential_chosen: self.preferential_chosen,
            notes: DutyNotes::of(base_note, certificate_note),
        }
    }
}

/// Duty rate `i` of `line` as a candidate yielding `units` (1e-12 CNY).
#[inline(always)]
pub(crate) fn candidate(line: &TariffLine, i: usize, units: i128) -> DutyCandidate {
    let rate = &line.duty_rates[i];
    DutyCandidate {
        source: rate_source(line, i),
        levy: rate.levy,
        amount_cny: amount_decimal(units),
    }
}

/// Where duty rate `i` of `line` comes from.
#[inline(always)]
pub(crate) fn rate_source(line: &TariffLine, i: usize) -> RateSource {
    let rate = &line.duty_rates[i];
    RateSource {
        tariff_code: *line.code(),
        kind: RateKind::from(&rate.kind),
        validity: Some(rate.validity),
    }
}

#[inline]
pub(crate) fn select_duty(ctx: &DutyContext<'_>) -> Result<DutyChoice, MissingRate> {
    let line = ctx.line;
    let on = ctx.on;
    let wto = ctx.origin_wto_member;
    // The agreement whose preferential rate is a candidate: certified and covering the origin.
    let agreement = ctx
        .certificate
        .filter(|(_, members)| members.contains(ctx.origin_country))
        .map(|(a, _)| a.code);
    // One pass over the line's duty rates: the first rate of each kind wanted that is valid
    // on the date (the importer allows at most one valid rate per kind and agreement).
    let (mut provisional, mut mfn, mut general, mut preferential) = (None, None, None, None);
    for (i, rate) in line.duty_rates.iter().enumerate() {
        let slot = match rate.kind {
            DutyRateKind::Provisional if wto => &mut provisional,
            DutyRateKind::Mfn if wto => &mut mfn,
            DutyRateKind::General if !wto => &mut general,
            DutyRateKind::Preferential(a) if Some(a) == agreement => &mut preferential,
            _ => continue,
        };
        if slot.is_none() && rate.validity.contains(on) {
            *slot = Some(i);
        }
    }

    let duty = |i: usize| {
        let levy = line.duty_fixed(i);
        (
            levy.amount(ctx.dutiable_value_units, ctx.quantity_units),
            levy,
        )
    };
    let (base, base_note) = if wto {
        match provisional {
            Some(provisional) => (provisional, BaseNote::ProvisionalReplacesMfn),
            None => (mfn.ok_or(MissingRate("mfn"))?, BaseNote::None),
        }
    } else {
        (
            general.ok_or(MissingRate("general"))?,
            BaseNote::NonWtoOriginGeneralRate,
        )
    };
    let (base_units, base_levy) = duty(base);
    let mut choice = DutyChoice {
        base: (base, base_units),
        preferential: None,
        preferential_chosen: false,
        base_note,
        certificate_note: CertificateNote::None,
        chosen: (base, base_units),
        levy: base_levy,
    };
    if ctx.certificate.is_some() {
        choice.certificate_note = match preferential {
            _ if agreement.is_none() => CertificateNote::DoesNotCoverOrigin,
            None => CertificateNote::NoPreferentialRateOnDate,
            Some(i) => {
                let (units, levy) = duty(i);
                choice.preferential = Some((i, units));
                // The preferential rate applies only when it yields strictly less duty.
                if units < base_units {
                    choice.preferential_chosen = true;
                    (choice.chosen, choice.levy) = ((i, units), levy);
                    CertificateNote::PreferentialIsLowest
                } else {
                    CertificateNote::BaseRateNotHigherThanPreferential
                }
            }
        };
    }
    Ok(choice)
}
