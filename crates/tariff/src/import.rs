//! CSV import of the tariff file and the exchange-rate file: every row validated, every error reported, all or nothing.
//!
//! The formats are documented column by column in `crates/tariff/TARIFF-FORMAT.md`.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::str::FromStr;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::code::{AgreementCode, CountryCode, LegalUnit, TariffCode};
use crate::exchange::ExchangeRates;
use crate::model::{
    Agreement, DatedLevy, DutyRate, DutyRateKind, Levy, Tariff, TariffLine, Validity,
};

/// Most data rows one tariff or exchange-rate file may hold.
pub const IMPORT_ROWS_MAX: u64 = 2_000_000;
/// Most row errors reported for one file; past it a final `too_many_errors` error is added.
pub const ROW_ERRORS_MAX: usize = 10_000;
/// Longest accepted field (bytes), e.g. a description.
pub const FIELD_BYTES_MAX: usize = 1_000;
/// Decimals allowed in a percentage column (`7.5`, `0.25`).
pub const PERCENT_SCALE_MAX: u32 = 4;
/// Decimals allowed in a CNY amount column.
pub const AMOUNT_SCALE_MAX: u32 = 4;
/// Decimals allowed in an exchange rate.
pub const EXCHANGE_RATE_SCALE_MAX: u32 = 8;
/// Highest ad-valorem duty accepted (percent); general rates reach a few hundred percent.
pub const DUTY_PERCENT_MAX: u32 = 1_000;
/// Highest specific amount accepted (CNY per legal unit).
pub const SPECIFIC_CNY_MAX: u32 = 1_000_000_000;
/// Rows between two progress callbacks.
pub const PROGRESS_EVERY_ROWS: u64 = 1_024;

/// One problem in one row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// 1-based line number in the file, as a text editor shows it (comments and header count).
    pub row: u64,
    /// Column name from the format (`record`, `code` …), or `*` for the whole row.
    pub column: String,
    pub code: RowErrorCode,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "row {}, column {}: {} ({})",
            self.row,
            self.column,
            self.reason,
            self.code.as_str()
        )
    }
}

/// Stable codes of row errors; callers and translators branch on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowErrorCode {
    Io,
    InvalidUtf8,
    BadHeader,
    WrongFieldCount,
    FieldTooLong,
    UnknownRecord,
    MissingValue,
    UnexpectedValue,
    InvalidTariffCode,
    UnknownUnit,
    InvalidFlag,
    InvalidCountry,
    DuplicateCountry,
    InvalidAgreementCode,
    InvalidDate,
    InvalidValidity,
    InvalidNumber,
    OutOfRange,
    TooPrecise,
    MissingLevy,
    DuplicateLine,
    DuplicateAgreement,
    UnknownLine,
    UnknownAgreement,
    OverlappingValidity,
    MissingRate,
    InvalidMonth,
    InvalidCurrency,
    DuplicateRate,
    TooManyRows,
    TooManyErrors,
}

impl RowErrorCode {
    pub fn as_str(&self) -> &'static str {
        use RowErrorCode::*;
        match self {
            Io => "io",
            InvalidUtf8 => "invalid_utf8",
            BadHeader => "bad_header",
            WrongFieldCount => "wrong_field_count",
            FieldTooLong => "field_too_long",
            UnknownRecord => "unknown_record",
            MissingValue => "missing_value",
            UnexpectedValue => "unexpected_value",
            InvalidTariffCode => "invalid_tariff_code",
            UnknownUnit => "unknown_unit",
            InvalidFlag => "invalid_flag",
            InvalidCountry => "invalid_country",
            DuplicateCountry => "duplicate_country",
            InvalidAgreementCode => "invalid_agreement_code",
            InvalidDate => "invalid_date",
            InvalidValidity => "invalid_validity",
            InvalidNumber => "invalid_number",
            OutOfRange => "out_of_range",
            TooPrecise => "too_precise",
            MissingLevy => "missing_levy",
            DuplicateLine => "duplicate_line",
            DuplicateAgreement => "duplicate_agreement",
            UnknownLine => "unknown_line",
            UnknownAgreement => "unknown_agreement",
            OverlappingValidity => "overlapping_validity",
            MissingRate => "missing_rate",
            InvalidMonth => "invalid_month",
            InvalidCurrency => "invalid_currency",
            DuplicateRate => "duplicate_rate",
            TooManyRows => "too_many_rows",
            TooManyErrors => "too_many_errors",
        }
    }
}

/// Collects row errors up to [`ROW_ERRORS_MAX`].
#[derive(Default)]
struct Errors {
    list: Vec<RowError>,
    truncated: bool,
    /// Every error seen, listed or not: a row is accepted only if it added none.
    seen: usize,
}

impl Errors {
    fn push(&mut self, row: u64, column: &str, code: RowErrorCode, reason: impl Into<String>) {
        self.seen += 1;
        if self.list.len() < ROW_ERRORS_MAX {
            self.list.push(RowError {
                row,
                column: column.to_owned(),
                code,
                reason: reason.into(),
            });
        } else {
            self.truncated = true;
        }
    }

    fn into_result<T>(
        mut self,
        columns: &[&str],
        value: impl FnOnce() -> T,
    ) -> Result<T, Vec<RowError>> {
        if self.list.is_empty() {
            return Ok(value());
        }
        let column_rank = |c: &str| columns.iter().position(|k| *k == c).unwrap_or(usize::MAX);
        self.list.sort_by(|a, b| {
            a.row
                .cmp(&b.row)
                .then(column_rank(&a.column).cmp(&column_rank(&b.column)))
        });
        if self.truncated {
            let row = self.list.last().map_or(0, |e| e.row);
            self.list.push(RowError {
                row,
                column: "*".to_owned(),
                code: RowErrorCode::TooManyErrors,
                reason: format!("more than {ROW_ERRORS_MAX} errors; the rest are not listed"),
            });
        }
        Err(self.list)
    }
}

/// Reads data records of a CSV file (`#` comment lines, trimmed fields, header checked),
/// calling `on_record` for each. Stops early only on IO errors or the row limit.
fn read_records(
    r: impl Read,
    columns: &[&str],
    errors: &mut Errors,
    progress: &mut dyn FnMut(u64),
    mut on_record: impl FnMut(u64, &csv::StringRecord, &mut Errors),
) {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .trim(csv::Trim::All)
        .has_headers(false)
        .from_reader(r);
    let mut record = csv::StringRecord::new();
    let mut header_seen = false;
    let mut rows_done: u64 = 0;
    loop {
        let row = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => match e.kind() {
                csv::ErrorKind::Utf8 { pos, .. } => {
                    let row = pos.as_ref().map_or(row, csv::Position::line);
                    errors.push(
                        row,
                        "*",
                        RowErrorCode::InvalidUtf8,
                        "the row is not valid UTF-8",
                    );
                    if !header_seen {
                        return;
                    }
                    continue;
                }
                _ => {
                    errors.push(
                        row,
                        "*",
                        RowErrorCode::Io,
                        format!("cannot read the file: {e}"),
                    );
                    return;
                }
            },
        }
        let row = record.position().map_or(row, csv::Position::line);
        if !header_seen {
            header_seen = true;
            let found: Vec<&str> = record.iter().collect();
            if found != columns {
                errors.push(
                    row,
                    "*",
                    RowErrorCode::BadHeader,
                    format!(
                        "expected header {:?}, found {:?}",
                        columns.join(","),
                        found.join(",")
                    ),
                );
                return;
            }
            continue;
        }
        rows_done += 1;
        if rows_done > IMPORT_ROWS_MAX {
            errors.push(
                row,
                "*",
                RowErrorCode::TooManyRows,
                format!("more than {IMPORT_ROWS_MAX} data rows"),
            );
            return;
        }
        if record.len() != columns.len() {
            errors.push(
                row,
                "*",
                RowErrorCode::WrongFieldCount,
                format!("expected {} fields, found {}", columns.len(), record.len()),
            );
        } else if let Some(i) = record.iter().position(|f| f.len() > FIELD_BYTES_MAX) {
            errors.push(
                row,
                columns[i],
                RowErrorCode::FieldTooLong,
                format!("longer than {FIELD_BYTES_MAX} bytes"),
            );
        } else {
            on_record(row, &record, errors);
        }
        if rows_done.is_multiple_of(PROGRESS_EVERY_ROWS) {
            progress(rows_done);
        }
    }
    if !header_seen {
        errors.push(
            1,
            "*",
            RowErrorCode::BadHeader,
            format!("empty file; expected header {:?}", columns.join(",")),
        );
    }
    progress(rows_done);
}

// ---------------------------------------------------------------------------------------------
// Tariff file

/// Columns of the tariff file, in order.
pub const TARIFF_COLUMNS: [&str; 12] = [
    "record",
    "code",
    "description",
    "unit_1",
    "unit_2",
    "cbec",
    "agreement",
    "countries",
    "valid_from",
    "valid_to",
    "ad_valorem_pct",
    "specific_cny",
];

const RECORD: usize = 0;
const CODE: usize = 1;
const DESCRIPTION: usize = 2;
const UNIT_1: usize = 3;
const UNIT_2: usize = 4;
const CBEC: usize = 5;
const AGREEMENT: usize = 6;
const COUNTRIES: usize = 7;
const VALID_FROM: usize = 8;
const VALID_TO: usize = 9;
const AD_VALOREM_PCT: usize = 10;
const SPECIFIC_CNY: usize = 11;

/// Which dated-rate list a rate row feeds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum RateTarget {
    Duty(DutyRateKind),
    ConsumptionTax,
    Vat,
}

impl RateTarget {
    fn name(&self) -> String {
        match self {
            RateTarget::Duty(DutyRateKind::Mfn) => "mfn".into(),
            RateTarget::Duty(DutyRateKind::Provisional) => "provisional".into(),
            RateTarget::Duty(DutyRateKind::General) => "general".into(),
            RateTarget::Duty(DutyRateKind::Preferential(a)) => format!("preferential {a}"),
            RateTarget::ConsumptionTax => "consumption".into(),
            RateTarget::Vat => "vat".into(),
        }
    }
}

struct RateRow {
    row: u64,
    code: TariffCode,
    target: RateTarget,
    levy: Levy,
    validity: Validity,
}

struct LineRow {
    row: u64,
    line: TariffLine,
}

#[derive(Default)]
struct TariffDraft {
    lines: Vec<LineRow>,
    line_index: HashMap<TariffCode, usize>,
    rates: Vec<RateRow>,
    agreements: BTreeMap<AgreementCode, (u64, Agreement)>,
}

/// One record's fields with the row number, recording errors as values are read.
struct Fields<'a> {
    row: u64,
    record: &'a csv::StringRecord,
}

impl Fields<'_> {
    fn get(&self, column: usize) -> &str {
        self.record.get(column).unwrap_or("")
    }

    fn required(&self, column: usize, errors: &mut Errors) -> Option<&str> {
        let value = self.get(column);
        if value.is_empty() {
            errors.push(
                self.row,
                TARIFF_COLUMNS[column],
                RowErrorCode::MissingValue,
                "a value is required",
            );
            return None;
        }
        Some(value)
    }

    /// Columns not in `allowed` must be empty for this record kind.
    fn only(&self, allowed: &[usize], errors: &mut Errors, kind: &str) {
        for (column, name) in TARIFF_COLUMNS.iter().enumerate() {
            if !allowed.contains(&column) && column != RECORD && !self.get(column).is_empty() {
                errors.push(
                    self.row,
                    name,
                    RowErrorCode::UnexpectedValue,
                    format!("must be empty in a {kind:?} row"),
                );
            }
        }
    }
}

impl Tariff {
    /// Imports a tariff CSV (format: `TARIFF-FORMAT.md`). Every row is validated; on any error
    /// the result is every row error (sorted by row) and no tariff. `progress` receives the
    /// number of data rows read so far, every [`PROGRESS_EVERY_ROWS`] rows and once at the end.
    pub fn import_csv<R: Read>(
        r: R,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Tariff, Vec<RowError>> {
        let mut errors = Errors::default();
        let mut draft = TariffDraft::default();
        read_records(
            r,
            &TARIFF_COLUMNS,
            &mut errors,
            progress,
            |row, record, errors| {
                parse_tariff_row(&mut draft, Fields { row, record }, errors);
            },
        );
        if !errors.list.is_empty()
            && errors
                .list
                .iter()
                .any(|e| matches!(e.code, RowErrorCode::Io | RowErrorCode::BadHeader))
        {
            return errors.into_result(&TARIFF_COLUMNS, Tariff::default);
        }
        let tariff = assemble(draft, &mut errors);
        errors.into_result(&TARIFF_COLUMNS, || tariff)
    }
}

fn parse_tariff_row(draft: &mut TariffDraft, f: Fields<'_>, errors: &mut Errors) {
    let kind = f.get(RECORD);
    match kind {
        "agreement" => parse_agreement(draft, &f, errors),
        "line" => parse_line(draft, &f, errors),
        "mfn" => parse_rate(draft, &f, errors, Some(DutyRateKind::Mfn)),
        "provisional" => parse_rate(draft, &f, errors, Some(DutyRateKind::Provisional)),
        "general" => parse_rate(draft, &f, errors, Some(DutyRateKind::General)),
        // The agreement code is read from its own column inside parse_rate.
        "preferential" => parse_rate(draft, &f, errors, None),
        "consumption" | "vat" => parse_rate(draft, &f, errors, None),
        other => errors.push(
            f.row,
            "record",
            RowErrorCode::UnknownRecord,
            format!(
                "unknown record {other:?}; expected agreement, line, mfn, provisional, preferential, general, consumption or vat"
            ),
        ),
    }
}

fn parse_agreement(draft: &mut TariffDraft, f: &Fields<'_>, errors: &mut Errors) {
    let errors_before = errors.seen;
    f.only(&[AGREEMENT, DESCRIPTION, COUNTRIES], errors, "agreement");
    let code = f
        .required(AGREEMENT, errors)
        .and_then(|a| parse_agreement_code(a, f.row, errors));
    let name = f.required(DESCRIPTION, errors);
    let members = f
        .required(COUNTRIES, errors)
        .and_then(|c| parse_countries(c, f.row, errors));
    if let (Some(code), Some(name), Some(members)) = (code, name, members)
        && errors.seen == errors_before
    {
        if let Some((first_row, _)) = draft.agreements.get(&code) {
            errors.push(
                f.row,
                "agreement",
                RowErrorCode::DuplicateAgreement,
                format!("agreement {code} is already defined in row {first_row}"),
            );
            return;
        }
        let agreement = Agreement {
            code,
            name: name.to_owned(),
            members,
        };
        draft.agreements.insert(code, (f.row, agreement));
    }
}

fn parse_line(draft: &mut TariffDraft, f: &Fields<'_>, errors: &mut Errors) {
    let errors_before = errors.seen;
    f.only(&[CODE, DESCRIPTION, UNIT_1, UNIT_2, CBEC], errors, "line");
    let code = f
        .required(CODE, errors)
        .and_then(|c| parse_code(c, f.row, errors));
    let description = f.required(DESCRIPTION, errors);
    let unit_1 = f
        .required(UNIT_1, errors)
        .and_then(|u| parse_unit(u, "unit_1", f.row, errors));
    let unit_2 = match f.get(UNIT_2) {
        "" => Some(None),
        u => parse_unit(u, "unit_2", f.row, errors).map(Some),
    };
    let cbec = f.required(CBEC, errors).and_then(|flag| match flag {
        "Y" => Some(true),
        "N" => Some(false),
        other => {
            errors.push(
                f.row,
                "cbec",
                RowErrorCode::InvalidFlag,
                format!("{other:?} is not Y or N"),
            );
            None
        }
    });
    let (Some(code), Some(description), Some(unit_1), Some(unit_2), Some(cbec)) =
        (code, description, unit_1, unit_2, cbec)
    else {
        return;
    };
    if errors.seen != errors_before {
        return;
    }
    if let Some(&i) = draft.line_index.get(&code) {
        errors.push(
            f.row,
            "code",
            RowErrorCode::DuplicateLine,
            format!(
                "line {code} is already defined in row {}",
                draft.lines[i].row
            ),
        );
        return;
    }
    let mut legal_units = vec![unit_1];
    legal_units.extend(unit_2);
    draft.line_index.insert(code, draft.lines.len());
    draft.lines.push(LineRow {
        row: f.row,
        line: TariffLine {
            code,
            description: description.to_owned(),
            legal_units,
            cbec_positive_list: cbec,
            duty_rates: Vec::new(),
            consumption_taxes: Vec::new(),
            vat_rates: Vec::new(),
            fixed: Default::default(),
        },
    });
}

fn parse_rate(
    draft: &mut TariffDraft,
    f: &Fields<'_>,
    errors: &mut Errors,
    duty: Option<DutyRateKind>,
) {
    let errors_before = errors.seen;
    let kind = f.get(RECORD);
    let mut allowed = vec![CODE, VALID_FROM, VALID_TO, AD_VALOREM_PCT, SPECIFIC_CNY];
    if kind == "preferential" {
        allowed.push(AGREEMENT);
    }
    f.only(&allowed, errors, kind);
    let code = f
        .required(CODE, errors)
        .and_then(|c| parse_code(c, f.row, errors));
    let target = match (kind, duty) {
        (_, Some(d)) => Some(RateTarget::Duty(d)),
        ("preferential", None) => f
            .required(AGREEMENT, errors)
            .and_then(|a| parse_agreement_code(a, f.row, errors))
            .map(|a| RateTarget::Duty(DutyRateKind::Preferential(a))),
        ("consumption", None) => Some(RateTarget::ConsumptionTax),
        _ => Some(RateTarget::Vat),
    };
    let validity = parse_validity(f, errors);
    let levy = parse_levy(f, errors, kind);
    if let (Some(code), Some(target), Some(validity), Some(levy)) = (code, target, validity, levy)
        && errors.seen == errors_before
    {
        draft.rates.push(RateRow {
            row: f.row,
            code,
            target,
            levy,
            validity,
        });
    }
}

fn parse_validity(f: &Fields<'_>, errors: &mut Errors) -> Option<Validity> {
    let from = f
        .required(VALID_FROM, errors)
        .and_then(|d| parse_date(d, "valid_from", f.row, errors));
    let to = match f.get(VALID_TO) {
        "" => Some(None),
        d => parse_date(d, "valid_to", f.row, errors).map(Some),
    };
    let (from, to) = (from?, to?);
    if let Some(to) = to
        && to < from
    {
        errors.push(
            f.row,
            "valid_to",
            RowErrorCode::InvalidValidity,
            format!("valid_to {to} is before valid_from {from}"),
        );
        return None;
    }
    Some(Validity { from, to })
}

fn parse_levy(f: &Fields<'_>, errors: &mut Errors, kind: &str) -> Option<Levy> {
    let pct_text = f.get(AD_VALOREM_PCT);
    let specific_text = f.get(SPECIFIC_CNY);
    if pct_text.is_empty() && specific_text.is_empty() {
        errors.push(
            f.row,
            "ad_valorem_pct",
            RowErrorCode::MissingLevy,
            "give ad_valorem_pct, specific_cny or both",
        );
        return None;
    }
    let rate = match pct_text {
        "" => Some(None),
        text => parse_decimal(text, "ad_valorem_pct", PERCENT_SCALE_MAX, f.row, errors)
            .and_then(|pct| check_percent(pct, kind, f.row, errors))
            .map(|pct| Some(pct / Decimal::ONE_HUNDRED)),
    };
    let specific = match specific_text {
        "" => Some(None),
        _ if kind == "vat" => {
            errors.push(
                f.row,
                "specific_cny",
                RowErrorCode::UnexpectedValue,
                "VAT is ad valorem only",
            );
            None
        }
        text => parse_decimal(text, "specific_cny", AMOUNT_SCALE_MAX, f.row, errors)
            .and_then(|s| {
                if s.is_sign_negative() || s > Decimal::from(SPECIFIC_CNY_MAX) {
                    errors.push(
                        f.row,
                        "specific_cny",
                        RowErrorCode::OutOfRange,
                        format!("must be between 0 and {SPECIFIC_CNY_MAX}"),
                    );
                    None
                } else {
                    Some(s)
                }
            })
            .map(Some),
    };
    match (rate?, specific?) {
        (Some(rate), None) => Some(Levy::AdValorem { rate }),
        (None, Some(cny_per_unit)) => Some(Levy::Specific { cny_per_unit }),
        (Some(rate), Some(cny_per_unit)) => Some(Levy::Compound { rate, cny_per_unit }),
        (None, None) => unreachable!("checked above: at least one column is non-empty"),
    }
}

fn check_percent(pct: Decimal, kind: &str, row: u64, errors: &mut Errors) -> Option<Decimal> {
    let (ok, rule) = match kind {
        // The consumption-tax formula divides by (1 − rate): the rate must stay below 100 %.
        "consumption" => (
            !pct.is_sign_negative() && pct < Decimal::ONE_HUNDRED,
            "at least 0 and below 100".to_owned(),
        ),
        "vat" => (
            pct == Decimal::from(13) || pct == Decimal::from(9),
            "13 or 9".to_owned(),
        ),
        _ => (
            !pct.is_sign_negative() && pct <= Decimal::from(DUTY_PERCENT_MAX),
            format!("between 0 and {DUTY_PERCENT_MAX}"),
        ),
    };
    if ok {
        Some(pct)
    } else {
        errors.push(
            row,
            "ad_valorem_pct",
            RowErrorCode::OutOfRange,
            format!("{pct} must be {rule}"),
        );
        None
    }
}

fn parse_code(text: &str, row: u64, errors: &mut Errors) -> Option<TariffCode> {
    TariffCode::parse(text)
        .map_err(|e| errors.push(row, "code", RowErrorCode::InvalidTariffCode, e.to_string()))
        .ok()
}

fn parse_unit(text: &str, column: &str, row: u64, errors: &mut Errors) -> Option<LegalUnit> {
    LegalUnit::parse(text)
        .map_err(|e| errors.push(row, column, RowErrorCode::UnknownUnit, e.to_string()))
        .ok()
}

fn parse_agreement_code(text: &str, row: u64, errors: &mut Errors) -> Option<AgreementCode> {
    AgreementCode::parse(text)
        .map_err(|_| {
            errors.push(
                row,
                "agreement",
                RowErrorCode::InvalidAgreementCode,
                format!("{text:?}: use 1-16 of A-Z, 0-9 and '-', starting with a letter"),
            );
        })
        .ok()
}

/// `;`-separated ISO 3166-1 alpha-3 codes (three upper-case letters).
fn parse_countries(text: &str, row: u64, errors: &mut Errors) -> Option<Vec<CountryCode>> {
    let mut members: Vec<CountryCode> = Vec::new();
    let mut ok = true;
    for country in text.split(';').map(str::trim) {
        let Ok(code) = CountryCode::parse(country) else {
            errors.push(
                row,
                "countries",
                RowErrorCode::InvalidCountry,
                format!("{country:?} is not an ISO alpha-3 code"),
            );
            ok = false;
            continue;
        };
        if members.contains(&code) {
            errors.push(
                row,
                "countries",
                RowErrorCode::DuplicateCountry,
                format!("{country} is listed twice"),
            );
            ok = false;
        } else {
            members.push(code);
        }
    }
    members.sort_unstable();
    ok.then_some(members)
}

pub(crate) fn is_alpha3(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// `YYYY-MM-DD`, nothing else.
fn parse_date(text: &str, column: &str, row: u64, errors: &mut Errors) -> Option<Date> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    match shaped.then(|| Date::from_str(text).ok()).flatten() {
        Some(date) => Some(date),
        None => {
            errors.push(
                row,
                column,
                RowErrorCode::InvalidDate,
                format!("{text:?} is not a date YYYY-MM-DD"),
            );
            None
        }
    }
}

fn parse_decimal(
    text: &str,
    column: &str,
    scale_max: u32,
    row: u64,
    errors: &mut Errors,
) -> Option<Decimal> {
    // Plain decimal notation only: digits, one optional '.', optional leading '-'.
    let plain = text
        .bytes()
        .enumerate()
        .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && b == b'-'));
    let Some(value) = plain.then(|| Decimal::from_str(text).ok()).flatten() else {
        errors.push(
            row,
            column,
            RowErrorCode::InvalidNumber,
            format!("{text:?} is not a decimal number"),
        );
        return None;
    };
    if value.scale() > scale_max {
        errors.push(
            row,
            column,
            RowErrorCode::TooPrecise,
            format!("{text} has more than {scale_max} decimals"),
        );
        return None;
    }
    Some(value)
}

/// Cross-row checks and construction of the tariff from the parsed rows.
fn assemble(mut draft: TariffDraft, errors: &mut Errors) -> Tariff {
    // Rates whose line or agreement is missing.
    let mut accepted: Vec<RateRow> = Vec::with_capacity(draft.rates.len());
    for rate in draft.rates {
        if !draft.line_index.contains_key(&rate.code) {
            errors.push(
                rate.row,
                "code",
                RowErrorCode::UnknownLine,
                format!("no line row defines {}", rate.code),
            );
            continue;
        }
        if let RateTarget::Duty(DutyRateKind::Preferential(a)) = &rate.target
            && !draft.agreements.contains_key(a)
        {
            errors.push(
                rate.row,
                "agreement",
                RowErrorCode::UnknownAgreement,
                format!("no agreement row defines {a}"),
            );
            continue;
        }
        accepted.push(rate);
    }
    // Overlapping validity between rates of the same line and kind (and agreement).
    let mut by_key: HashMap<(TariffCode, RateTarget), Vec<usize>> = HashMap::new();
    for (i, rate) in accepted.iter().enumerate() {
        let earlier = by_key.entry((rate.code, rate.target.clone())).or_default();
        if let Some(&j) = earlier
            .iter()
            .find(|&&j| accepted[j].validity.overlaps(&rate.validity))
        {
            errors.push(
                rate.row,
                "valid_from",
                RowErrorCode::OverlappingValidity,
                format!(
                    "{} rate of {} overlaps the one in row {}",
                    rate.target.name(),
                    rate.code,
                    accepted[j].row
                ),
            );
        }
        earlier.push(i);
    }
    for rate in accepted {
        let line = &mut draft.lines[draft.line_index[&rate.code]].line;
        match rate.target {
            RateTarget::Duty(kind) => line.duty_rates.push(DutyRate {
                kind,
                levy: rate.levy,
                validity: rate.validity,
            }),
            RateTarget::ConsumptionTax => line.consumption_taxes.push(DatedLevy {
                levy: rate.levy,
                validity: rate.validity,
            }),
            RateTarget::Vat => line.vat_rates.push(DatedLevy {
                levy: rate.levy,
                validity: rate.validity,
            }),
        }
    }
    // Every line needs an MFN, a general and a VAT rate.
    for LineRow { row, line } in &draft.lines {
        let has = |kind: DutyRateKind| line.duty_rates.iter().any(|r| r.kind == kind);
        for (present, what) in [
            (has(DutyRateKind::Mfn), "mfn"),
            (has(DutyRateKind::General), "general"),
            (!line.vat_rates.is_empty(), "vat"),
        ] {
            if !present {
                errors.push(
                    *row,
                    "record",
                    RowErrorCode::MissingRate,
                    format!("line {} has no {what} row", line.code),
                );
            }
        }
    }
    let agreements = draft
        .agreements
        .into_iter()
        .map(|(k, (_, a))| (k, a))
        .collect();
    Tariff::from_parts(
        draft.lines.into_iter().map(|l| l.line).collect(),
        agreements,
    )
}

// ---------------------------------------------------------------------------------------------
// Exchange-rate file

/// Columns of the exchange-rate file, in order.
pub const EXCHANGE_RATE_COLUMNS: [&str; 3] = ["month", "currency", "cny_per_unit"];

impl ExchangeRates {
    /// Imports monthly customs exchange rates (format: `TARIFF-FORMAT.md`), all or nothing.
    pub fn import_csv<R: Read>(r: R) -> Result<Self, Vec<RowError>> {
        let mut errors = Errors::default();
        let mut rates: HashMap<(String, i16, i8), (u64, Decimal)> = HashMap::new();
        read_records(
            r,
            &EXCHANGE_RATE_COLUMNS,
            &mut errors,
            &mut |_| {},
            |row, record, errors| {
                let month = parse_month(&record[0], row, errors);
                let currency = &record[1];
                let currency_ok = is_alpha3(currency) && currency != "CNY";
                if !currency_ok {
                    errors.push(
                        row,
                        "currency",
                        RowErrorCode::InvalidCurrency,
                        format!("{currency:?} is not an ISO 4217 code other than CNY"),
                    );
                }
                let rate = match parse_decimal(
                    &record[2],
                    "cny_per_unit",
                    EXCHANGE_RATE_SCALE_MAX,
                    row,
                    errors,
                ) {
                    Some(r) if r <= Decimal::ZERO || r > Decimal::from(100_000) => {
                        errors.push(
                            row,
                            "cny_per_unit",
                            RowErrorCode::OutOfRange,
                            "must be above 0 and at most 100000",
                        );
                        None
                    }
                    r => r,
                };
                if let (Some((year, month)), true, Some(rate)) = (month, currency_ok, rate) {
                    match rates.get(&(currency.to_owned(), year, month)) {
                    Some((first_row, _)) => errors.push(
                        row,
                        "month",
                        RowErrorCode::DuplicateRate,
                        format!("{currency} {year:04}-{month:02} is already given in row {first_row}"),
                    ),
                    None => {
                        rates.insert((currency.to_owned(), year, month), (row, rate));
                    }
                }
                }
            },
        );
        errors.into_result(&EXCHANGE_RATE_COLUMNS, || {
            ExchangeRates::from_map(rates.into_iter().map(|(k, (_, v))| (k, v)).collect())
        })
    }
}

/// `YYYY-MM`.
fn parse_month(text: &str, row: u64, errors: &mut Errors) -> Option<(i16, i8)> {
    let shaped = text.len() == 7
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let parsed = shaped
        .then(|| {
            let year: i16 = text[..4].parse().ok()?;
            let month: i8 = text[5..].parse().ok()?;
            Date::new(year, month, 1).ok().map(|_| (year, month))
        })
        .flatten();
    if parsed.is_none() {
        errors.push(
            row,
            "month",
            RowErrorCode::InvalidMonth,
            format!("{text:?} is not a month YYYY-MM"),
        );
    }
    parsed
}
