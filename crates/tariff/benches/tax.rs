//! Benchmarks of chuanyu-tariff: a 50-item quote, tariff lookup by code, and importing a 10,000-line tariff CSV, each with an in-run baseline.

use std::fmt::Write;
use std::str::FromStr;

use chuanyu_tariff::{ExchangeRates, Regime, Tariff, TaxItem, TaxRequest, quote, round_fen};
use divan::{Bencher, black_box};
use rust_decimal::Decimal;

fn main() {
    divan::main();
}

const SAMPLE_CODES: [&str; 10] = [
    "3304990010",
    "2204210000",
    "2208300000",
    "9102210010",
    "8517130000",
    "1901101000",
    "8483109000",
    "6109100000",
    "0901210000",
    "2203000000",
];

/// 50 items over the sample tariff, in USD, with freight, insurance and an RCEP certificate.
fn request_50_items() -> TaxRequest {
    let items = (0..50)
        .map(|i| TaxItem {
            tariff_code: SAMPLE_CODES[i % SAMPLE_CODES.len()].to_owned(),
            quantity_legal: Decimal::from(1 + i % 7),
            value: Decimal::new(10_000 + 1_337 * i as i64, 2),
            origin_country: ["JPN", "FRA", "KOR", "CHE", "USA"][i % 5].to_owned(),
            origin_wto_member: true,
        })
        .collect();
    TaxRequest {
        date: "2025-06-15".parse().unwrap(),
        regime: Regime::GeneralTrade,
        currency: "USD".to_owned(),
        freight: Decimal::from_str("123.45").unwrap(),
        insurance: Decimal::from_str("6.78").unwrap(),
        certificate_of_origin: Some("RCEP".to_owned()),
        items,
    }
}

#[divan::bench]
fn quote_50_items_with_explanations(bencher: Bencher) {
    let (tariff, rates, req) = (
        Tariff::sample(),
        ExchangeRates::sample(),
        request_50_items(),
    );
    bencher.bench_local(|| quote(&tariff, &rates, black_box(&req)).unwrap());
}

/// Baseline: the bare arithmetic of the same 50 items (ad-valorem duty and VAT only, rates
/// looked up beforehand, no rate choice, allocation, consumption tax or explanation).
#[divan::bench]
fn baseline_bare_arithmetic_50_items(bencher: Bencher) {
    let tariff = Tariff::sample();
    let req = request_50_items();
    let on = req.date;
    let usd = ExchangeRates::sample().rate("USD", on).unwrap();
    let prepared: Vec<(Decimal, Decimal, Decimal)> = req
        .items
        .iter()
        .map(|i| {
            let line = tariff.lookup(&i.tariff_code).unwrap();
            let duty = line.duty_rates()[0].levy.ad_valorem();
            let vat = line.vat_on(on).unwrap().levy.ad_valorem();
            (i.value, duty, vat)
        })
        .collect();
    bencher.bench_local(|| {
        let (mut duty_sum, mut vat_sum) = (Decimal::ZERO, Decimal::ZERO);
        for (value, duty_rate, vat_rate) in black_box(&prepared) {
            let dutiable = value * usd;
            let duty = dutiable * duty_rate;
            duty_sum += duty;
            vat_sum += (dutiable + duty) * vat_rate;
        }
        (round_fen(duty_sum), round_fen(vat_sum))
    });
}

/// A generated tariff of `lines` lines: line, mfn, general and vat rows, plus a consumption
/// tax every 7th line and an RCEP rate every 3rd.
fn generated_tariff_csv(lines: usize) -> String {
    let mut csv = String::from(
        "record,code,description,unit_1,unit_2,cbec,agreement,countries,valid_from,valid_to,ad_valorem_pct,specific_cny\n\
         agreement,,Regional Comprehensive Economic Partnership,,,,RCEP,AUS;JPN;KOR;SGP,,,,\n",
    );
    for i in 0..lines {
        let code = 1_000_000_000 + i * 7_919;
        let pct = i % 30;
        writeln!(csv, "line,{code},Generated goods number {i},035,,Y,,,,,,").unwrap();
        writeln!(csv, "mfn,{code},,,,,,,2025-01-01,,{pct},").unwrap();
        writeln!(csv, "general,{code},,,,,,,2025-01-01,,{},", pct * 3 + 10).unwrap();
        writeln!(csv, "vat,{code},,,,,,,2025-01-01,,13,").unwrap();
        if i % 7 == 0 {
            writeln!(csv, "consumption,{code},,,,,,,2025-01-01,,10,").unwrap();
        }
        if i % 3 == 0 {
            writeln!(
                csv,
                "preferential,{code},,,,,RCEP,,2025-01-01,2025-12-31,{},",
                pct / 2
            )
            .unwrap();
        }
    }
    csv
}

fn generated_codes(tariff: &Tariff) -> Vec<String> {
    tariff
        .lines()
        .map(|l| l.code().as_str().to_owned())
        .collect()
}

#[divan::bench]
fn lookup_by_code_hash_index(bencher: Bencher) {
    let tariff = Tariff::import_csv(generated_tariff_csv(10_000).as_bytes(), &mut |_| {}).unwrap();
    let codes = generated_codes(&tariff);
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 7_717) % codes.len();
        tariff.lookup(black_box(&codes[i])).is_some()
    });
}

/// Baseline: the same lookup by a linear scan over the 10,000 lines.
#[divan::bench]
fn baseline_lookup_linear_scan(bencher: Bencher) {
    let tariff = Tariff::import_csv(generated_tariff_csv(10_000).as_bytes(), &mut |_| {}).unwrap();
    let codes = generated_codes(&tariff);
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 7_717) % codes.len();
        let code = black_box(&codes[i]);
        tariff.lines().find(|l| l.code().as_str() == code).is_some()
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn import_10000_line_tariff_csv(bencher: Bencher) {
    let csv = generated_tariff_csv(10_000);
    bencher
        .counter(divan::counter::BytesCount::new(csv.len()))
        .bench_local(|| {
            Tariff::import_csv(black_box(csv.as_bytes()), &mut |_| {})
                .unwrap()
                .len()
        });
}

/// Baseline: only parsing the same CSV into records with the csv crate (no validation, no model).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn baseline_csv_records_only(bencher: Bencher) {
    let csv = generated_tariff_csv(10_000);
    bencher
        .counter(divan::counter::BytesCount::new(csv.len()))
        .bench_local(|| {
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(black_box(csv.as_bytes()));
            let mut record = csv::StringRecord::new();
            let mut rows = 0u64;
            while reader.read_record(&mut record).unwrap() {
                rows += 1;
            }
            rows
        });
}
