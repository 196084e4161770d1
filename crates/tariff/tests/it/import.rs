//! CSV import: the shipped samples load; a bad file reports every bad row (row, column, code) and yields nothing.

use chuanyu_tariff::{ExchangeRates, RowError, Tariff};

use crate::fixture::{d, date};

#[test]
fn shipped_tariff_sample_loads_and_covers_the_chapters() {
    let t = Tariff::sample();
    assert!(t.len() >= 50, "sample has {} lines", t.len());
    for heading in [
        "3303", "3304", "2204", "2208", "2203", "9101", "9102", "8517", "1901", "8483", "8481",
        "8541", "8542", "8703", "61", "9503", "0901", "0402",
    ] {
        assert!(
            !t.search_prefix(heading, 1).is_empty(),
            "no line under {heading}"
        );
    }
    for agreement in ["RCEP", "CN-SG"] {
        assert!(t.agreement(agreement).is_some(), "{agreement}");
    }
    let watch = t.lookup("9101110000").unwrap();
    assert_eq!(watch.duty_rates()[0].levy.shape_name(), "compound");
    assert_eq!(watch.first_legal_unit().code(), "008");
    let beer = t.lookup("2203000000").unwrap();
    assert_eq!(beer.duty_rates()[0].levy.shape_name(), "specific");
    let csv = include_str!("../../data/tariff-sample.csv");
    assert!(csv.starts_with("# ILLUSTRATIVE RATES, NOT LEGAL ONES"));
}

#[test]
fn shipped_exchange_rate_sample_loads() {
    let r = ExchangeRates::sample();
    assert_eq!(r.len(), 8 * 24);
    for currency in ["USD", "EUR", "JPY", "KRW", "HKD", "SGD", "GBP", "PLN"] {
        assert!(
            r.rate(currency, date("2025-01-31")).is_some(),
            "{currency} 2025-01"
        );
        assert!(
            r.rate(currency, date("2026-12-01")).is_some(),
            "{currency} 2026-12"
        );
        assert!(
            r.rate(currency, date("2027-01-01")).is_none(),
            "{currency} 2027-01"
        );
    }
    assert_eq!(r.rate("CNY", date("1999-01-01")), Some(d("1")));
}

#[test]
fn rate_is_chosen_by_month() {
    let r = crate::fixture::rates();
    assert_eq!(r.rate("USD", date("2025-03-01")), Some(d("7.2")));
    assert_eq!(r.rate("USD", date("2025-03-31")), Some(d("7.2")));
    assert_eq!(r.rate("USD", date("2025-06-15")), Some(d("7.15")));
    assert_eq!(r.rate("USD", date("2025-04-01")), None);
    assert_eq!(r.rate("JPY", date("2025-03-01")), None);
}

#[test]
fn lookup_and_search() {
    let t = crate::fixture::tariff();
    assert_eq!(
        t.lookup("2203000000").unwrap().description(),
        "Beer made from malt"
    );
    assert!(t.lookup("2203").is_none());
    assert!(t.lookup("2203000001").is_none());
    let codes: Vec<&str> = t
        .search_prefix("22", 10)
        .iter()
        .map(|l| l.code().as_str())
        .collect();
    assert_eq!(codes, vec!["2203000000", "2204210000", "2208300000"]);
    assert_eq!(t.search_prefix("22", 2).len(), 2);
    let found: Vec<&str> = t
        .search_text("WATCHES", 10)
        .iter()
        .map(|l| l.code().as_str())
        .collect();
    assert_eq!(found, vec!["9102210010"]);
    assert!(t.search_text("  ", 10).is_empty());
    assert_eq!(t.lines().count(), t.len());
}

fn errors_of(csv: &str) -> Vec<(u64, String, &'static str)> {
    let errors: Vec<RowError> =
        Tariff::import_csv(csv.as_bytes(), &mut |_| {}).expect_err("the file is bad");
    errors
        .iter()
        .map(|e| (e.row, e.column.clone(), e.code.as_str()))
        .collect()
}

#[test]
fn bad_tariff_file_reports_every_bad_row_and_yields_nothing() {
    let csv = "\
# comment line 1
record,code,description,unit_1,unit_2,cbec,agreement,countries,valid_from,valid_to,ad_valorem_pct,specific_cny
line,12345,Bad code,035,,Y,,,,,,
line,1000000001,Goods,999,,X,,,,,,
line,1000000002,Goods two,035,,Y,,,,,,
mfn,1000000002,,,,,,,2025-01-01,,10,
mfn,1000000002,,,,,,,2025-06-01,,5,
general,1000000002,,,,,,,2025-13-01,,50,
general,1000000002,,,,,,,2025-02-01,2025-01-01,50,
vat,1000000002,,,,,,,2025-01-01,,17,
consumption,1000000002,,,,,,,2025-01-01,,100,
provisional,1000000002,,,,,,,2025-01-01,,,
bogus,1000000002,,,,,,,,,,
preferential,1000000002,,,,,XX,,2025-01-01,,1,
mfn,2000000002,,,,,,,2025-01-01,,5,
line,1000000002,Duplicate,035,,Y,,,,,,
mfn,1000000002
provisional,1000000002,,,,,,,2025-01-01,,1.00001,
agreement,,Bad,,,,RCEP,AUS;usa;AUS,,,,
line,1000000003,Validity in a line row,035,,Y,,,2025-01-01,,,
";
    let expected: Vec<(u64, String, &str)> = [
        (3, "code", "invalid_tariff_code"),
        (4, "unit_1", "unknown_unit"),
        (4, "cbec", "invalid_flag"),
        (5, "record", "missing_rate"),
        (5, "record", "missing_rate"),
        (7, "valid_from", "overlapping_validity"),
        (8, "valid_from", "invalid_date"),
        (9, "valid_to", "invalid_validity"),
        (10, "ad_valorem_pct", "out_of_range"),
        (11, "ad_valorem_pct", "out_of_range"),
        (12, "ad_valorem_pct", "missing_levy"),
        (13, "record", "unknown_record"),
        (14, "agreement", "unknown_agreement"),
        (15, "code", "unknown_line"),
        (16, "code", "duplicate_line"),
        (17, "*", "wrong_field_count"),
        (18, "ad_valorem_pct", "too_precise"),
        (19, "countries", "invalid_country"),
        (19, "countries", "duplicate_country"),
        (20, "valid_from", "unexpected_value"),
    ]
    .into_iter()
    .map(|(row, column, code)| (row, column.to_owned(), code))
    .collect();
    assert_eq!(errors_of(csv), expected);
}

#[test]
fn header_must_match_and_empty_file_is_an_error() {
    let errors = errors_of("code,record\n");
    assert_eq!(errors, vec![(1, "*".to_owned(), "bad_header")]);
    assert_eq!(errors_of(""), vec![(1, "*".to_owned(), "bad_header")]);
}

#[test]
fn reasons_are_readable() {
    let csv = "record,code,description,unit_1,unit_2,cbec,agreement,countries,valid_from,valid_to,ad_valorem_pct,specific_cny\nline,123,x,035,,Y,,,,,,\n";
    let errors = Tariff::import_csv(csv.as_bytes(), &mut |_| {}).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "row 2, column code: tariff code \"123\" is not exactly 10 digits (invalid_tariff_code)"
    );
}

#[test]
fn progress_reports_rows_read() {
    let mut seen = Vec::new();
    let t = Tariff::import_csv(crate::fixture::TARIFF_CSV.as_bytes(), &mut |rows| {
        seen.push(rows)
    })
    .unwrap();
    let data_rows = crate::fixture::TARIFF_CSV
        .lines()
        .filter(|l| !l.starts_with('#'))
        .count() as u64
        - 1;
    assert_eq!(seen.last(), Some(&data_rows));
    assert_eq!(t.len(), 11);
}

#[test]
fn bad_exchange_rate_file_reports_every_bad_row() {
    let csv = "\
month,currency,cny_per_unit
2025-01,USD,7.1
2025-13,USD,7.1
2025-02,usd,7.1
2025-02,EUR,0
2025-02,GBP,abc
2025-01,USD,7.2
2025-03,CNY,1
2025-03,JPY,0.000000001
";
    let errors = ExchangeRates::import_csv(csv.as_bytes()).unwrap_err();
    let got: Vec<(u64, &str, &str)> = errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, "month", "invalid_month"),
            (4, "currency", "invalid_currency"),
            (5, "cny_per_unit", "out_of_range"),
            (6, "cny_per_unit", "invalid_number"),
            (7, "month", "duplicate_rate"),
            (8, "currency", "invalid_currency"),
            (9, "cny_per_unit", "too_precise"),
        ]
    );
}
