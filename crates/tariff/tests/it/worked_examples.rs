//! Worked tax examples: expected values computed by hand in the comments, checked against the engine.

use chuanyu_tariff::{
    AppliedRegime, DutyNote, RateKind, Regime, TaxQuote, TaxRequest, quote, round_fen,
};

use crate::fixture::{d, date, item, rates, request, tariff};

/// Runs a quote and checks the rounded duty, consumption tax and VAT totals and the total payable.
fn check(
    name: &str,
    req: &TaxRequest,
    duty: &str,
    consumption_tax: &str,
    vat: &str,
    total_payable: &str,
) -> TaxQuote {
    let q = quote(&tariff(), &rates(), req).unwrap_or_else(|e| panic!("{name}: {e}"));
    let got = (
        q.duty.rounded,
        q.consumption_tax.rounded,
        q.vat.rounded,
        q.total_payable,
    );
    let want = (d(duty), d(consumption_tax), d(vat), d(total_payable));
    assert_eq!(
        got,
        want,
        "{name}: (duty, consumption tax, VAT, total payable)\n{}",
        q.explanation().join("\n")
    );
    q
}

#[test]
fn ad_valorem_duty() {
    // dutiable 10000; duty 10000 × 10% = 1000; VAT (10000 + 1000) × 13% = 1430; total 2430.
    let q = check(
        "ad valorem",
        &request(vec![item("1000000001", "5", "10000", "USA")]),
        "1000",
        "0",
        "1430",
        "2430",
    );
    assert_eq!(q.items[0].duty.source.kind, RateKind::Mfn);
    assert_eq!(
        q.items[0].duty.formula,
        "duty = dutiable_value × ad_valorem_rate"
    );
    assert!(q.items[0].consumption_tax.is_none());
}

#[test]
fn specific_duty_and_specific_consumption_tax_beer() {
    // 1000 l of beer worth 5000: duty 1000 × 0.3 = 300; consumption tax 1000 × 0.25 = 250;
    // VAT (5000 + 300 + 250) × 13% = 721.50; total 1271.50.
    let q = check(
        "beer",
        &request(vec![item("2203000000", "1000", "5000", "DEU")]),
        "300",
        "250",
        "721.50",
        "1271.50",
    );
    assert_eq!(q.items[0].duty.levy.shape_name(), "specific");
}

#[test]
fn compound_duty_video_camera() {
    // one camera worth 100000: duty 100000 × 3% + 1 × 12960 = 15960;
    // VAT (100000 + 15960) × 13% = 15074.80; total 31034.80.
    let q = check(
        "camera",
        &request(vec![item("8525893100", "1", "100000", "JPN")]),
        "15960",
        "0",
        "15074.80",
        "31034.80",
    );
    assert_eq!(q.items[0].duty.levy.shape_name(), "compound");
}

#[test]
fn cosmetics_ad_valorem_consumption_tax() {
    // value 2000; duty 5% = 100;
    // consumption tax (2000 + 100) / (1 − 0.15) × 0.15 = 370.588235… → 370.59;
    // VAT (2000 + 100 + 370.588235…) × 13% = 321.176470… → 321.18; total 100 + 370.59 + 321.18 = 791.77.
    let q = check(
        "cosmetics",
        &request(vec![item("3304990010", "0.2", "2000", "FRA")]),
        "100",
        "370.59",
        "321.18",
        "791.77",
    );
    let ct = q.items[0].consumption_tax.as_ref().unwrap();
    assert_eq!(ct.base_cny, d("2100"));
    assert_eq!(round_fen(ct.amount_unrounded), d("370.59"));
}

#[test]
fn wine_in_euro_with_consumption_tax() {
    // 1000 EUR at 7.8 (March 2025) = 7800; duty 14% = 1092; consumption tax (7800 + 1092) / 0.9 × 0.1 = 988;
    // VAT (7800 + 1092 + 988) × 13% = 1284.40; total 3364.40.
    let mut req = request(vec![item("2204210000", "75", "1000", "FRA")]);
    req.currency = "EUR".into();
    let q = check("wine EUR", &req, "1092", "988", "1284.40", "3364.40");
    assert_eq!(q.exchange_rate, d("7.8"));
    assert_eq!(q.dutiable_value_cny, d("7800"));
}

#[test]
fn spirits_compound_consumption_tax() {
    // 10 l of whisky worth 1000: duty 5% = 50;
    // consumption tax (1000 + 50 + 10 × 1) / (1 − 0.2) × 0.2 + 10 × 1 = 265 + 10 = 275;
    // VAT (1000 + 50 + 275) × 13% = 172.25; total 497.25.
    let q = check(
        "whisky",
        &request(vec![item("2208300000", "10", "1000", "GBR")]),
        "50",
        "275",
        "172.25",
        "497.25",
    );
    assert_eq!(
        q.items[0].consumption_tax.as_ref().unwrap().base_cny,
        d("1060")
    );
}

#[test]
fn high_end_watch_with_and_without_certificate() {
    // no certificate: duty 20000 × 8% = 1600; consumption tax 21600 / 0.8 × 0.2 = 5400;
    // VAT (20000 + 1600 + 5400) × 13% = 3510; total 10510.
    let req = request(vec![item("9102210010", "1", "20000", "CHE")]);
    check("watch MFN", &req, "1600", "5400", "3510", "10510");
    // CN-CH certificate: duty 0 (preferential 0 < MFN 1600); consumption tax 20000 / 0.8 × 0.2 = 5000;
    // VAT 25000 × 13% = 3250; total 8250.
    let mut req = req;
    req.certificate_of_origin = Some("CN-CH".into());
    let q = check("watch CN-CH", &req, "0", "5000", "3250", "8250");
    assert_eq!(
        q.items[0].duty.source.kind,
        RateKind::Preferential {
            agreement: "CN-CH".parse().unwrap()
        }
    );
}

#[test]
fn small_amount_exemption() {
    // value 300: duty 30.00 < 50 → exempt; VAT (300 + 30) × 13% = 42.90 < 50 → exempt; nothing payable.
    let q = check(
        "exempt",
        &request(vec![item("1000000001", "1", "300", "USA")]),
        "30",
        "0",
        "42.90",
        "0",
    );
    assert!(q.duty.exempt && q.vat.exempt);
    assert_eq!((q.duty.payable, q.vat.payable), (d("0"), d("0")));
    assert!(!q.consumption_tax.exempt, "a zero tax is not an exemption");
    // value 500: duty exactly 50.00 is not below 50 → payable; VAT 550 × 13% = 71.50.
    let q = check(
        "at threshold",
        &request(vec![item("1000000001", "1", "500", "USA")]),
        "50",
        "0",
        "71.50",
        "121.50",
    );
    assert!(!q.duty.exempt);
    // value 499.95: duty 49.995 rounds to 50.00 first, and 50.00 is not below 50 → payable.
    // VAT (499.95 + 49.995) × 13% = 71.49285 → 71.49.
    let q = check(
        "rounds up to threshold",
        &request(vec![item("1000000001", "1", "499.95", "USA")]),
        "50",
        "0",
        "71.49",
        "121.49",
    );
    assert_eq!(q.duty.sum_unrounded, d("49.995"));
    assert!(!q.duty.exempt);
}

#[test]
fn one_rounding_per_tax_per_consignment() {
    // three items of 100.05 at 10%: duty 10.005 each; the consignment sum 30.015 rounds once to 30.02
    // (rounding each item first would give 10.01 × 3 = 30.03). Exempt, but the rounding still shows.
    let items = vec![
        item("1000000001", "1", "100.05", "USA"),
        item("1000000001", "1", "100.05", "USA"),
        item("1000000001", "1", "100.05", "USA"),
    ];
    let q = quote(&tariff(), &rates(), &request(items)).unwrap();
    assert_eq!(q.duty.sum_unrounded, d("30.015"));
    assert_eq!(q.duty.rounded, d("30.02"));
    assert!(q.duty.exempt);
}

#[test]
fn freight_and_insurance_allocated_in_foreign_currency() {
    // USD at 7.2 (March 2025). Values 600 and 400, freight 100, insurance 10 → A gets 60 + 6, B 40 + 4.
    // A: (600 + 66) × 7.2 = 4795.20, duty 10% = 479.52, VAT (4795.20 + 479.52) × 13% = 685.7136.
    // B: (400 + 44) × 7.2 = 3196.80, duty 0, VAT 3196.80 × 13% = 415.584.
    // duty 479.52; VAT 1101.2976 → 1101.30; total 1580.82.
    let mut req = request(vec![
        item("1000000001", "1", "600", "USA"),
        item("8517130000", "1", "400", "USA"),
    ]);
    req.currency = "USD".into();
    req.freight = d("100");
    req.insurance = d("10");
    let q = check("USD freight", &req, "479.52", "0", "1101.30", "1580.82");
    assert_eq!(
        (q.items[0].freight_allocated, q.items[0].insurance_allocated),
        (d("60"), d("6"))
    );
    assert_eq!(
        (q.items[1].freight_allocated, q.items[1].insurance_allocated),
        (d("40"), d("4"))
    );
    assert_eq!(q.dutiable_value_cny, d("7992"));
}

/// (case, date, origin, certificate, expected duty on 10000 CNY, expected rate kind)
type RateCase = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    RateKind,
);

#[test]
fn preferential_mfn_and_general_rates() {
    let t = tariff();
    let r = rates();
    let cases: &[RateCase] = &[
        // RCEP 6.4% in 2025: 640 < MFN 8% = 800 → preferential.
        (
            "RCEP 2025",
            "2025-03-15",
            "JPN",
            Some("RCEP"),
            "640",
            RateKind::Preferential {
                agreement: "RCEP".parse().unwrap(),
            },
        ),
        // RCEP 5.6% from 2026: 560.
        (
            "RCEP 2026",
            "2026-03-15",
            "JPN",
            Some("RCEP"),
            "560",
            RateKind::Preferential {
                agreement: "RCEP".parse().unwrap(),
            },
        ),
        // no certificate: MFN 800.
        (
            "no certificate",
            "2025-03-15",
            "JPN",
            None,
            "800",
            RateKind::Mfn,
        ),
        // CN-SG 1% valid until 2025-06-30: 100.
        (
            "CN-SG valid",
            "2025-06-30",
            "SGP",
            Some("CN-SG"),
            "100",
            RateKind::Preferential {
                agreement: "CN-SG".parse().unwrap(),
            },
        ),
        // CN-SG expired on 2025-07-01: MFN 800.
        (
            "CN-SG expired",
            "2025-07-01",
            "SGP",
            Some("CN-SG"),
            "800",
            RateKind::Mfn,
        ),
        // RCEP certificate but origin USA is not a member: MFN 800.
        (
            "not a member",
            "2025-03-15",
            "USA",
            Some("RCEP"),
            "800",
            RateKind::Mfn,
        ),
        // non-WTO origin: general 35% = 3500.
        (
            "non-WTO",
            "2025-03-15",
            "PRK",
            None,
            "3500",
            RateKind::General,
        ),
    ];
    for (name, on, origin, certificate, duty, kind) in cases {
        let mut req = request(vec![item("8483109000", "1", "10000", origin)]);
        req.date = date(on);
        req.currency = "CNY".into();
        req.certificate_of_origin = certificate.map(str::to_owned);
        let q = quote(&t, &r, &req).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(q.duty.rounded, d(duty), "{name}");
        assert_eq!(&q.items[0].duty.source.kind, kind, "{name}");
    }
    // The notes say why: expired CN-SG rate, and a certificate that does not cover the origin.
    let mut req = request(vec![item("8483109000", "1", "10000", "SGP")]);
    req.date = date("2025-07-01");
    req.certificate_of_origin = Some("CN-SG".into());
    let q = quote(&t, &r, &req).unwrap();
    let notes = &q.items[0].duty_decision.as_ref().unwrap().notes;
    assert_eq!(
        notes,
        &vec![DutyNote::NoPreferentialRateOnDate {
            agreement: "CN-SG".parse().unwrap()
        }]
    );
}

#[test]
fn provisional_rate_replaces_mfn_while_valid() {
    // 2025: provisional 5% of 1000 = 50, VAT (1000 + 50) × 13% = 136.50.
    let q = check(
        "provisional",
        &request(vec![item("1901101000", "1", "1000", "FRA")]),
        "50",
        "0",
        "136.50",
        "186.50",
    );
    assert_eq!(q.items[0].duty.source.kind, RateKind::Provisional);
    // 2026: the provisional rate ended 2025-12-31 → MFN 15% = 150, VAT 1150 × 13% = 149.50.
    let mut req = request(vec![item("1901101000", "1", "1000", "FRA")]);
    req.date = date("2026-01-01");
    let q = check("after provisional", &req, "150", "0", "149.50", "299.50");
    assert_eq!(q.items[0].duty.source.kind, RateKind::Mfn);
    // RCEP 7% is not lower than provisional 5%: the provisional rate stays, and the note says so.
    let mut req = request(vec![item("1901101000", "1", "1000", "AUS")]);
    req.certificate_of_origin = Some("RCEP".into());
    let q = check(
        "provisional below preferential",
        &req,
        "50",
        "0",
        "136.50",
        "186.50",
    );
    let decision = q.items[0].duty_decision.as_ref().unwrap();
    assert_eq!(decision.candidates().count(), 2);
    assert!(!decision.preferential_chosen);
    assert!(
        decision
            .notes
            .contains(&DutyNote::BaseRateNotHigherThanPreferential {
                agreement: "RCEP".parse().unwrap()
            })
    );
}

fn cbec(items: Vec<chuanyu_tariff::TaxItem>, year_to_date: &str) -> TaxRequest {
    let mut req = request(items);
    req.regime = Regime::CbecRetail {
        buyer_year_to_date_cny: d(year_to_date),
    };
    req
}

#[test]
fn cbec_within_limits() {
    // cosmetics 1000: duty 0; full consumption tax 1000 / 0.85 × 0.15 = 176.470588…,
    // at 70% = 123.529411… → 123.53; VAT (1000 + 176.470588…) × 13% × 70% = 107.058823… → 107.06;
    // total 230.59. No 50 CNY exemption in CBEC.
    let q = check(
        "cbec cosmetics",
        &cbec(vec![item("3304990010", "0.1", "1000", "KOR")], "0"),
        "0",
        "123.53",
        "107.06",
        "230.59",
    );
    assert_eq!(q.regime, AppliedRegime::CbecRetail);
    assert_eq!(q.items[0].duty.source.kind, RateKind::CbecZeroDuty);
    assert_eq!(q.cbec.as_ref().unwrap().year_to_date_after_cny, d("1000"));
    // phone 100: VAT 100 × 13% × 70% = 9.10, payable although below 50.
    let q = check(
        "cbec small",
        &cbec(vec![item("8517130000", "1", "100", "KOR")], "0"),
        "0",
        "0",
        "9.10",
        "9.10",
    );
    assert!(!q.vat.exempt && q.vat.exemption_threshold_cny.is_none());
    // exactly 5000 in one transaction is within the limit: VAT 5000 × 13% × 70% = 455.
    check(
        "cbec at limit",
        &cbec(
            vec![
                item("8517130000", "1", "3000", "KOR"),
                item("8517130000", "1", "2000", "KOR"),
            ],
            "21000",
        ),
        "0",
        "0",
        "455",
        "455",
    );
}

#[test]
fn cbec_limits_refuse() {
    let (t, r) = (tariff(), rates());
    // 3000 + 2500 = 5500 > 5000 in two items: transaction limit.
    let err = quote(
        &t,
        &r,
        &cbec(
            vec![
                item("8517130000", "1", "3000", "KOR"),
                item("8517130000", "1", "2500", "KOR"),
            ],
            "0",
        ),
    )
    .unwrap_err();
    assert_eq!(err.code(), "cbec_transaction_limit_exceeded");
    // 24000 + 3000 > 26000: yearly limit.
    let err = quote(
        &t,
        &r,
        &cbec(vec![item("8517130000", "1", "3000", "KOR")], "24000"),
    )
    .unwrap_err();
    assert_eq!(err.code(), "cbec_yearly_limit_exceeded");
    // two watches (a counted unit, quantity 2) for 8000 are divisible: transaction limit.
    let err = quote(
        &t,
        &r,
        &cbec(vec![item("9102210010", "2", "8000", "CHE")], "0"),
    )
    .unwrap_err();
    assert_eq!(err.code(), "cbec_transaction_limit_exceeded");
    // single indivisible item above 5000 but over the yearly limit: refused.
    let err = quote(
        &t,
        &r,
        &cbec(vec![item("9102210010", "1", "8000", "CHE")], "20000"),
    )
    .unwrap_err();
    assert_eq!(err.code(), "cbec_yearly_limit_exceeded");
    // not on the positive list.
    let err = quote(
        &t,
        &r,
        &cbec(
            vec![
                item("1000000001", "1", "10", "KOR"),
                item("8525893100", "1", "100", "JPN"),
            ],
            "0",
        ),
    )
    .unwrap_err();
    assert_eq!(
        (err.code(), err.item()),
        ("cbec_not_on_positive_list", Some(1))
    );
}

#[test]
fn cbec_single_indivisible_item_taxed_in_full() {
    // one watch for 8000, 10000 spent this year: allowed, general-trade tax in full:
    // duty 8% = 640; consumption tax (8000 + 640) / 0.8 × 0.2 = 2160; VAT (8000 + 640 + 2160) × 13% = 1404.
    let q = check(
        "single item",
        &cbec(vec![item("9102210010", "1", "8000", "CHE")], "10000"),
        "640",
        "2160",
        "1404",
        "4204",
    );
    assert_eq!(q.regime, AppliedRegime::CbecSingleItemFullTax);
    assert_eq!(q.cbec.as_ref().unwrap().year_to_date_after_cny, d("18000"));
}

#[test]
fn errors_name_their_cause() {
    let (t, r) = (tariff(), rates());
    let err = quote(
        &t,
        &r,
        &request(vec![
            item("1000000001", "1", "10", "USA"),
            item("9999999999", "1", "10", "USA"),
        ]),
    )
    .unwrap_err();
    assert_eq!((err.code(), err.item()), ("unknown_tariff_line", Some(1)));
    let mut req = request(vec![item("1000000001", "1", "10", "USA")]);
    req.currency = "USD".into();
    req.date = date("2025-04-01");
    assert_eq!(
        quote(&t, &r, &req).unwrap_err().code(),
        "unknown_currency_rate"
    );
    let mut req = request(vec![item("1000000001", "1", "10", "USA")]);
    req.date = date("2024-12-31");
    let err = quote(&t, &r, &req).unwrap_err();
    assert_eq!(err.code(), "no_valid_rate", "{err}");
    let err = quote(
        &t,
        &r,
        &request(vec![item("2203000000", "0", "100", "DEU")]),
    )
    .unwrap_err();
    assert_eq!(err.code(), "missing_quantity");
    let err = quote(&t, &r, &request(vec![item("1000000001", "1", "-1", "USA")])).unwrap_err();
    assert_eq!((err.code(), err.item()), ("invalid_amount", Some(0)));
    let err = quote(
        &t,
        &r,
        &request(vec![item("1000000001", "1", "1.00001", "USA")]),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid_amount");
    let err = quote(&t, &r, &request(vec![item("1000000001", "1", "1", "usa")])).unwrap_err();
    assert_eq!(err.code(), "invalid_country");
    assert_eq!(
        quote(&t, &r, &request(vec![])).unwrap_err().code(),
        "no_items"
    );
    let mut req = request(vec![item("1000000001", "1", "10", "USA")]);
    req.certificate_of_origin = Some("NOPE".into());
    assert_eq!(quote(&t, &r, &req).unwrap_err().code(), "unknown_agreement");
    let mut req = request(vec![item("1000000001", "1", "0", "USA")]);
    req.freight = d("10");
    assert_eq!(
        quote(&t, &r, &req).unwrap_err().code(),
        "zero_consignment_value"
    );
}

#[test]
fn quote_serializes_and_explains() {
    let mut req = request(vec![item("3304990010", "0.2", "2000", "KOR")]);
    req.certificate_of_origin = Some("RCEP".into());
    let q = quote(&tariff(), &rates(), &req).unwrap();
    let json = serde_json::to_string(&q).unwrap();
    let back: TaxQuote = serde_json::from_str(&json).unwrap();
    assert_eq!(back, q);
    let text = q.explanation().join("\n");
    for needle in [
        "preferential (RCEP) 3304990010 valid 2025-01-01..2025-12-31",
        "round_fen",
        "total payable",
    ] {
        assert!(
            text.contains(needle),
            "explanation lacks {needle:?}:\n{text}"
        );
    }
    let err = quote(&tariff(), &rates(), &request(vec![])).unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["error"], "no_items");
}

#[test]
fn quote_json_round_trips_with_inline_codes_and_notes() {
    // Agreement codes, origins and duty notes are inline types; the JSON shows them as plain
    // strings and arrays, and deserializes back to the same quote.
    let mut req = request(vec![
        item("1901101000", "1", "1000", "AUS"),
        item("2204210000", "2", "300", "USA"),
    ]);
    req.certificate_of_origin = Some("RCEP".into());
    let q = quote(&tariff(), &rates(), &req).unwrap();
    let json = serde_json::to_value(&q).unwrap();
    let decision = &json["items"][0]["duty_decision"];
    assert_eq!(
        decision["preferential"]["source"]["kind"],
        serde_json::json!({"kind": "preferential", "agreement": "RCEP"})
    );
    assert_eq!(
        json["items"][1]["duty_decision"]["notes"],
        serde_json::json!([{
            "note": "certificate_does_not_cover_origin",
            "agreement": "RCEP",
            "origin_country": "USA"
        }])
    );
    let back: TaxQuote = serde_json::from_value(json).unwrap();
    assert_eq!(back, q);
}
