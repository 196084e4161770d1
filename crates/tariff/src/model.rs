//! The tariff model: lines, levies (ad valorem / specific / compound), validity periods, agreements, and the `Tariff` index.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::code::{AgreementCode, CodeHasherBuilder, CountryCode, LegalUnit, TariffCode};
use crate::fixed::FixedLevy;

/// A rate's validity period: `from` to `to`, both inclusive; `to = None` means open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    pub from: Date,
    pub to: Option<Date>,
}

impl Validity {
    pub fn contains(&self, on: Date) -> bool {
        self.from <= on && self.to.is_none_or(|to| on <= to)
    }

    pub fn overlaps(&self, other: &Validity) -> bool {
        let self_starts_before_other_ends = other.to.is_none_or(|to| self.from <= to);
        let other_starts_before_self_ends = self.to.is_none_or(|to| other.from <= to);
        self_starts_before_other_ends && other_starts_before_self_ends
    }
}

/// How an amount is levied. Ad-valorem rates are fractions (0.13 = 13 %); specific amounts are
/// CNY per one unit of the line's first legal unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "shape", rename_all = "snake_case")]
pub enum Levy {
    AdValorem {
        rate: Decimal,
    },
    Specific {
        cny_per_unit: Decimal,
    },
    Compound {
        rate: Decimal,
        cny_per_unit: Decimal,
    },
}

impl Levy {
    /// The ad-valorem fraction (zero for a purely specific levy).
    pub fn ad_valorem(&self) -> Decimal {
        match self {
            Levy::AdValorem { rate } | Levy::Compound { rate, .. } => *rate,
            Levy::Specific { .. } => Decimal::ZERO,
        }
    }

    /// The specific CNY amount per legal unit (zero for a purely ad-valorem levy).
    pub fn specific(&self) -> Decimal {
        match self {
            Levy::Specific { cny_per_unit } | Levy::Compound { cny_per_unit, .. } => *cny_per_unit,
            Levy::AdValorem { .. } => Decimal::ZERO,
        }
    }

    /// `base × ad_valorem + quantity × specific`: the duty-style amount of this levy, exact.
    pub fn amount(&self, base_cny: Decimal, quantity: Decimal) -> Decimal {
        match self {
            Levy::AdValorem { rate } => base_cny * rate,
            Levy::Specific { cny_per_unit } => quantity * cny_per_unit,
            Levy::Compound { rate, cny_per_unit } => base_cny * rate + quantity * cny_per_unit,
        }
    }

    pub fn shape_name(&self) -> &'static str {
        match self {
            Levy::AdValorem { .. } => "ad_valorem",
            Levy::Specific { .. } => "specific",
            Levy::Compound { .. } => "compound",
        }
    }
}

/// The kinds of customs duty rate a line can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "agreement", rename_all = "snake_case")]
pub enum DutyRateKind {
    /// Most-favoured-nation rate (WTO members).
    Mfn,
    /// Provisional rate (暂定税率): replaces MFN while valid.
    Provisional,
    /// Conventional / preferential rate (协定/特惠税率) under an agreement, by agreement code.
    Preferential(AgreementCode),
    /// General rate (普通税率): origins with neither WTO MFN treatment nor an agreement.
    General,
}

/// One duty rate of a line with its validity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyRate {
    pub kind: DutyRateKind,
    pub levy: Levy,
    pub validity: Validity,
}

/// A consumption-tax levy or a VAT rate with its validity (VAT is always ad valorem).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedLevy {
    pub levy: Levy,
    pub validity: Validity,
}

/// A trade agreement: code (e.g. `RCEP`, `CN-SG`), name and member origin countries (ISO alpha-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub code: AgreementCode,
    pub name: String,
    /// Sorted, unique ISO 3166-1 alpha-3 codes.
    pub members: Vec<CountryCode>,
}

impl Agreement {
    /// Whether `origin_country` (ISO alpha-3) is a member; false for anything else.
    pub fn covers(&self, origin_country: &str) -> bool {
        CountryCode::parse(origin_country).is_ok_and(|c| self.covers_country(c))
    }

    pub fn covers_country(&self, origin_country: CountryCode) -> bool {
        self.members.binary_search(&origin_country).is_ok()
    }
}

/// One 10-digit tariff line with all its dated rates. Built only by the importer, which
/// guarantees: at least one MFN, one general and one VAT rate; no overlapping validity
/// between two rates of the same kind (and agreement); consumption-tax rates below 100 %.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffLine {
    pub(crate) code: TariffCode,
    pub(crate) description: String,
    pub(crate) legal_units: Vec<LegalUnit>,
    pub(crate) cbec_positive_list: bool,
    pub(crate) duty_rates: Vec<DutyRate>,
    pub(crate) consumption_taxes: Vec<DatedLevy>,
    pub(crate) vat_rates: Vec<DatedLevy>,
    /// The rates above in fixed point, computed once when the tariff is built.
    #[serde(skip)]
    pub(crate) fixed: FixedRates,
}

/// The fixed-point form ([`FixedLevy`]) of every levy of a line, index for index with
/// `duty_rates`, `consumption_taxes` and `vat_rates`, so the tax engine converts no `Decimal`
/// rate per quote. Derived data: built by [`Tariff::from_parts`], not serialized, ignored by
/// `==`. A line that has none (deserialized, or with a levy outside the engine's bounds) is
/// converted on use, exactly as before the cache existed.
#[derive(Debug, Clone, Default)]
pub(crate) struct FixedRates {
    duty: Box<[FixedLevy]>,
    consumption: Box<[FixedLevy]>,
    vat: Box<[FixedLevy]>,
}

impl PartialEq for FixedRates {
    /// A cache of the line's own levies: never a difference between two lines.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for FixedRates {}

impl FixedRates {
    /// `None` when a levy is outside the engine's bounds (then nothing is cached).
    fn of(line: &TariffLine) -> Option<FixedRates> {
        let convert = |levies: &mut dyn Iterator<Item = &Levy>| {
            levies
                .map(FixedLevy::try_new)
                .collect::<Option<Box<[FixedLevy]>>>()
        };
        Some(FixedRates {
            duty: convert(&mut line.duty_rates.iter().map(|r| &r.levy))?,
            consumption: convert(&mut line.consumption_taxes.iter().map(|r| &r.levy))?,
            vat: convert(&mut line.vat_rates.iter().map(|r| &r.levy))?,
        })
    }
}

// The engine's access to the rates: by index in the line's list of that kind, in fixed point.
impl TariffLine {
    /// `duty_rates[i]` in fixed point.
    #[inline]
    pub(crate) fn duty_fixed(&self, i: usize) -> FixedLevy {
        match self.fixed.duty.get(i) {
            Some(f) => *f,
            None => FixedLevy::new(&self.duty_rates[i].levy),
        }
    }

    /// `consumption_taxes[i]` in fixed point.
    #[inline]
    pub(crate) fn consumption_fixed(&self, i: usize) -> FixedLevy {
        match self.fixed.consumption.get(i) {
            Some(f) => *f,
            None => FixedLevy::new(&self.consumption_taxes[i].levy),
        }
    }

    /// `vat_rates[i]` in fixed point.
    #[inline]
    pub(crate) fn vat_fixed(&self, i: usize) -> FixedLevy {
        match self.fixed.vat.get(i) {
            Some(f) => *f,
            None => FixedLevy::new(&self.vat_rates[i].levy),
        }
    }

    /// Index of the consumption tax valid on `on` (as [`TariffLine::consumption_tax_on`]).
    #[inline]
    pub(crate) fn consumption_tax_index(&self, on: Date) -> Option<usize> {
        self.consumption_taxes
            .iter()
            .position(|r| r.validity.contains(on))
    }

    /// Index of the VAT rate valid on `on` (as [`TariffLine::vat_on`]).
    #[inline]
    pub(crate) fn vat_index(&self, on: Date) -> Option<usize> {
        self.vat_rates.iter().position(|r| r.validity.contains(on))
    }
}

impl TariffLine {
    pub fn code(&self) -> &TariffCode {
        &self.code
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    /// First (main) legal unit, then the optional second one. Specific amounts and
    /// `TaxItem::quantity_legal` are always in the first unit.
    pub fn legal_units(&self) -> &[LegalUnit] {
        &self.legal_units
    }

    pub fn first_legal_unit(&self) -> LegalUnit {
        self.legal_units[0]
    }

    /// Whether the line is on the CBEC retail import positive list.
    pub fn cbec_positive_list(&self) -> bool {
        self.cbec_positive_list
    }

    pub fn duty_rates(&self) -> &[DutyRate] {
        &self.duty_rates
    }

    pub fn consumption_taxes(&self) -> &[DatedLevy] {
        &self.consumption_taxes
    }

    pub fn vat_rates(&self) -> &[DatedLevy] {
        &self.vat_rates
    }

    /// The duty rate of `kind` valid on `on`, if any.
    pub fn duty_rate(&self, kind: &DutyRateKind, on: Date) -> Option<&DutyRate> {
        self.duty_rates
            .iter()
            .find(|r| &r.kind == kind && r.validity.contains(on))
    }

    /// The preferential rate under `agreement` valid on `on`, if any.
    pub fn preferential_rate(&self, agreement: AgreementCode, on: Date) -> Option<&DutyRate> {
        self.duty_rates.iter().find(|r| {
            matches!(r.kind, DutyRateKind::Preferential(a) if a == agreement)
                && r.validity.contains(on)
        })
    }

    /// The consumption tax valid on `on`, if the goods are subject to it.
    pub fn consumption_tax_on(&self, on: Date) -> Option<&DatedLevy> {
        self.consumption_taxes
            .iter()
            .find(|r| r.validity.contains(on))
    }

    /// The VAT rate valid on `on`.
    pub fn vat_on(&self, on: Date) -> Option<&DatedLevy> {
        self.vat_rates.iter().find(|r| r.validity.contains(on))
    }
}

/// The imported tariff: lines sorted by code, a hash index for lookups, and agreements.
#[derive(Debug, Clone, Default)]
pub struct Tariff {
    pub(crate) lines: Vec<TariffLine>,
    pub(crate) index: HashMap<TariffCode, usize, CodeHasherBuilder>,
    pub(crate) agreements: BTreeMap<AgreementCode, Agreement>,
    /// Each agreement's members as a [`CountrySet`], built with the tariff.
    pub(crate) member_sets: BTreeMap<AgreementCode, CountrySet>,
}

/// A set of ISO alpha-3 country codes as one bit per possible code (26³ bits, 2.2 KB), so
/// the engine tests an origin against an agreement's members without a search. Built from
/// `Agreement::members` with the tariff; answers exactly as `Agreement::covers_country`.
#[derive(Clone)]
pub(crate) struct CountrySet(Box<[u64]>);

impl CountrySet {
    const CODES: usize = 26 * 26 * 26;

    /// The bit of a code: its three letters as a number in base 26.
    #[inline]
    fn bit(country: CountryCode) -> usize {
        // `CountryCode` holds three upper-case ASCII letters (checked when parsed).
        let [a, b, c] = country
            .as_bytes()
            .map(|l| usize::from(l.wrapping_sub(b'A')));
        (a * 26 + b) * 26 + c
    }

    fn of(members: &[CountryCode]) -> Self {
        let mut words = vec![0u64; Self::CODES.div_ceil(64)].into_boxed_slice();
        for &member in members {
            let bit = Self::bit(member);
            words[bit / 64] |= 1 << (bit % 64);
        }
        CountrySet(words)
    }

    #[inline]
    pub(crate) fn contains(&self, country: CountryCode) -> bool {
        let bit = Self::bit(country);
        self.0
            .get(bit / 64)
            .is_some_and(|w| w >> (bit % 64) & 1 == 1)
    }
}

impl std::fmt::Debug for CountrySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count: u32 = self.0.iter().map(|w| w.count_ones()).sum();
        write!(f, "CountrySet({count} countries)")
    }
}

impl Tariff {
    /// Builds the index; `lines` must have unique codes (the importer guarantees it).
    pub(crate) fn from_parts(
        mut lines: Vec<TariffLine>,
        agreements: BTreeMap<AgreementCode, Agreement>,
    ) -> Self {
        lines.sort_unstable_by_key(|l| l.code);
        for line in &mut lines {
            line.fixed = FixedRates::of(line).unwrap_or_default();
        }
        let index: HashMap<TariffCode, usize, CodeHasherBuilder> =
            lines.iter().enumerate().map(|(i, l)| (l.code, i)).collect();
        assert_eq!(
            index.len(),
            lines.len(),
            "duplicate tariff codes reached the index"
        );
        let member_sets = agreements
            .iter()
            .map(|(code, a)| (*code, CountrySet::of(&a.members)))
            .collect();
        Tariff {
            lines,
            index,
            agreements,
            member_sets,
        }
    }

    /// The tariff shipped in `data/tariff-sample.csv` (illustrative rates, not legal ones).
    pub fn sample() -> Tariff {
        let csv = include_str!("../data/tariff-sample.csv");
        Tariff::import_csv(csv.as_bytes(), &mut |_| {})
            .expect("the shipped tariff sample is valid (checked by tests)")
    }

    /// The line with exactly this 10-digit code.
    pub fn lookup(&self, code: &str) -> Option<&TariffLine> {
        let code = TariffCode::parse(code).ok()?;
        self.index.get(&code).map(|&i| &self.lines[i])
    }

    /// Lines whose code starts with `prefix` (e.g. an HS heading `3304`), in code order.
    pub fn search_prefix(&self, prefix: &str, limit: usize) -> Vec<&TariffLine> {
        let start = self.lines.partition_point(|l| l.code.as_str() < prefix);
        self.lines[start..]
            .iter()
            .take_while(|l| l.code.as_str().starts_with(prefix))
            .take(limit)
            .collect()
    }

    /// Lines whose description contains `text` (case-insensitive) or whose code contains it.
    pub fn search_text(&self, text: &str, limit: usize) -> Vec<&TariffLine> {
        let needle = text.trim().to_lowercase();
        if needle.is_empty() {
            return Vec::new();
        }
        self.lines
            .iter()
            .filter(|l| {
                l.code.as_str().contains(&needle) || l.description.to_lowercase().contains(&needle)
            })
            .take(limit)
            .collect()
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn lines(&self) -> impl Iterator<Item = &TariffLine> {
        self.lines.iter()
    }

    pub fn agreement(&self, code: &str) -> Option<&Agreement> {
        self.agreements.get(code)
    }

    /// The agreement with this code and its members as a [`CountrySet`].
    pub(crate) fn agreement_with_members(&self, code: &str) -> Option<(&Agreement, &CountrySet)> {
        // A string that is not an agreement code names no agreement; searching by the
        // parsed code compares inline bytes.
        let code = AgreementCode::parse(code).ok()?;
        let agreement = self.agreements.get(&code)?;
        let members = self
            .member_sets
            .get(&code)
            .expect("every agreement has its member set");
        Some((agreement, members))
    }

    pub fn agreements(&self) -> impl Iterator<Item = &Agreement> {
        self.agreements.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn country_sets_answer_as_the_member_search() {
        let members: Vec<CountryCode> = ["AAA", "AUS", "JPN", "KOR", "SGP", "ZZZ"]
            .iter()
            .map(|c| CountryCode::parse(c).unwrap())
            .collect();
        let agreement = Agreement {
            code: AgreementCode::parse("RCEP").unwrap(),
            name: "test".into(),
            members: members.clone(),
        };
        let set = CountrySet::of(&members);
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                for c in b'A'..=b'Z' {
                    let code =
                        CountryCode::parse(std::str::from_utf8(&[a, b, c]).unwrap()).unwrap();
                    assert_eq!(set.contains(code), agreement.covers_country(code), "{code}");
                }
            }
        }
    }

    #[test]
    fn validity_is_inclusive_and_open_ended() {
        let closed = Validity {
            from: date(2025, 1, 1),
            to: Some(date(2025, 12, 31)),
        };
        assert!(closed.contains(date(2025, 1, 1)));
        assert!(closed.contains(date(2025, 12, 31)));
        assert!(!closed.contains(date(2024, 12, 31)));
        assert!(!closed.contains(date(2026, 1, 1)));
        let open = Validity {
            from: date(2026, 1, 1),
            to: None,
        };
        assert!(open.contains(date(2099, 1, 1)));
        assert!(!closed.overlaps(&open));
        let touching = Validity {
            from: date(2025, 12, 31),
            to: None,
        };
        assert!(closed.overlaps(&touching));
    }
}
