//! Property test against a reference: the pre-fixed-point engine's arithmetic in rust_decimal, compared with `quote` over the shipped sample tariff.

use std::sync::OnceLock;

use chuanyu_tariff::money::allocate_proportionally;
use chuanyu_tariff::{
    AppliedRegime, DutyRateKind, ExchangeRates, Levy, Regime, Tariff, TariffLine, TaxItem,
    TaxRequest, quote, round_fen,
};
use jiff::civil::{Date, date};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn sample() -> &'static (Tariff, ExchangeRates, Vec<String>) {
    static SAMPLE: OnceLock<(Tariff, ExchangeRates, Vec<String>)> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let tariff = Tariff::sample();
        let codes = tariff
            .lines()
            .map(|l| l.code().as_str().to_owned())
            .collect();
        (tariff, ExchangeRates::sample(), codes)
    })
}

/// One tax total of the reference: (rounded, exempt, payable).
type RefTotal = (Decimal, bool, Decimal);

/// What the reference computes: the applied regime, per item (dutiable value, duty,
/// consumption tax, VAT) unrounded, the three totals and the total payable.
#[derive(Debug)]
struct Reference {
    regime: AppliedRegime,
    items: Vec<[Option<Decimal>; 4]>,
    totals: [RefTotal; 3],
    total_payable: Decimal,
}

/// The tax arithmetic with rust_decimal (28 significant digits), as the engine computed it
/// before it moved to i128 fixed point. Requests are valid by construction, so only the
/// errors the generator can provoke are reproduced (by their codes).
fn reference(
    tariff: &Tariff,
    rates: &ExchangeRates,
    req: &TaxRequest,
) -> Result<Reference, &'static str> {
    let lines: Vec<&TariffLine> = req
        .items
        .iter()
        .map(|i| tariff.lookup(&i.tariff_code).unwrap())
        .collect();
    let certificate = req
        .certificate_of_origin
        .as_ref()
        .map(|c| tariff.agreement(c).unwrap());
    let rate = rates
        .rate(&req.currency, req.date)
        .ok_or("unknown_currency_rate")?;
    let cbec = matches!(req.regime, Regime::CbecRetail { .. });
    if cbec && lines.iter().any(|l| !l.cbec_positive_list()) {
        return Err("cbec_not_on_positive_list");
    }
    // Canonical order, as the engine defines it.
    let fixed = |x: Decimal, s: u32| {
        let mut x = x;
        x.rescale(s);
        x.mantissa()
    };
    let mut order: Vec<usize> = (0..req.items.len()).collect();
    order.sort_by_key(|&i| {
        let it = &req.items[i];
        (
            lines[i].code().as_number(),
            fixed(it.value, 4),
            fixed(it.quantity_legal, 6),
            it.origin_country.clone(),
            it.origin_wto_member,
            i,
        )
    });
    let mut rank = vec![0; order.len()];
    for (p, &i) in order.iter().enumerate() {
        rank[i] = p;
    }
    let values: Vec<Decimal> = req.items.iter().map(|i| i.value).collect();
    if values.iter().all(Decimal::is_zero) && !(req.freight.is_zero() && req.insurance.is_zero()) {
        return Err("zero_consignment_value");
    }
    let freight = allocate_proportionally(req.freight, &values, &rank);
    let insurance = allocate_proportionally(req.insurance, &values, &rank);
    let dv: Vec<Decimal> = (0..values.len())
        .map(|i| (values[i] + freight[i] + insurance[i]) * rate)
        .collect();
    let transaction: Decimal = order.iter().map(|&i| dv[i]).sum();
    let regime = match req.regime {
        Regime::GeneralTrade => AppliedRegime::GeneralTrade,
        Regime::CbecRetail {
            buyer_year_to_date_cny: ytd,
        } => {
            let over = transaction > Decimal::from(5_000);
            let single = req.items.len() == 1
                && (!lines[0].first_legal_unit().is_counted()
                    || req.items[0].quantity_legal == Decimal::ONE);
            if over && !single {
                return Err("cbec_transaction_limit_exceeded");
            }
            if ytd + transaction > Decimal::from(26_000) {
                return Err("cbec_yearly_limit_exceeded");
            }
            if over {
                AppliedRegime::CbecSingleItemFullTax
            } else {
                AppliedRegime::CbecRetail
            }
        }
    };
    let share = if regime == AppliedRegime::CbecRetail {
        Decimal::new(7, 1)
    } else {
        Decimal::ONE
    };
    let mut items = Vec::new();
    for (i, (item, line)) in req.items.iter().zip(&lines).enumerate() {
        let (on, q) = (req.date, item.quantity_legal);
        let duty_levy = if regime == AppliedRegime::CbecRetail {
            None
        } else {
            let base = if item.origin_wto_member {
                line.duty_rate(&DutyRateKind::Provisional, on)
                    .or_else(|| line.duty_rate(&DutyRateKind::Mfn, on))
            } else {
                line.duty_rate(&DutyRateKind::General, on)
            }
            .ok_or("no_valid_rate")?
            .levy;
            let preferential = certificate
                .filter(|a| a.covers(&item.origin_country))
                .and_then(|a| line.preferential_rate(a.code, on))
                .map(|r| r.levy);
            Some(match preferential {
                Some(p) if p.amount(dv[i], q) < base.amount(dv[i], q) => p,
                _ => base,
            })
        };
        let duty = duty_levy.map_or(Decimal::ZERO, |l| l.amount(dv[i], q));
        let mut ct_legal = Decimal::ZERO;
        let ct = line.consumption_tax_on(on).map(|ct| {
            let (r, specific) = (ct.levy.ad_valorem(), q * ct.levy.specific());
            ct_legal = match ct.levy {
                Levy::AdValorem { .. } => (dv[i] + duty) / (Decimal::ONE - r) * r,
                Levy::Specific { .. } => specific,
                Levy::Compound { .. } => {
                    (dv[i] + duty + specific) / (Decimal::ONE - r) * r + specific
                }
            };
            ct_legal * share
        });
        let vat_rate = line.vat_on(on).ok_or("no_valid_rate")?.levy.ad_valorem();
        let vat = (dv[i] + duty + ct_legal) * vat_rate * share;
        let specific = duty_levy.is_some_and(|l| l.specific() > Decimal::ZERO)
            || line
                .consumption_tax_on(on)
                .is_some_and(|c| c.levy.specific() > Decimal::ZERO);
        if specific && q.is_zero() {
            return Err("missing_quantity");
        }
        items.push([Some(dv[i]), Some(duty), ct, Some(vat)]);
    }
    let exempt_below = (regime == AppliedRegime::GeneralTrade).then(|| Decimal::from(50));
    let total = |k: usize| {
        let rounded = round_fen(order.iter().filter_map(|&i| items[i][k]).sum());
        let exempt = exempt_below.is_some_and(|t| rounded > Decimal::ZERO && rounded < t);
        (
            rounded,
            exempt,
            if exempt { Decimal::ZERO } else { rounded },
        )
    };
    let totals = [total(1), total(2), total(3)];
    let total_payable = totals.iter().map(|t| t.2).sum();
    Ok(Reference {
        regime,
        items,
        totals,
        total_payable,
    })
}

const CURRENCIES: [&str; 9] = [
    "CNY", "USD", "EUR", "JPY", "KRW", "HKD", "SGD", "GBP", "PLN",
];
const ORIGINS: [&str; 12] = [
    "USA", "JPN", "KOR", "SGP", "AUS", "NZL", "CHE", "FRA", "DEU", "GBR", "PRK", "IRN",
];
const CERTIFICATES: [Option<&str>; 7] = [
    None,
    Some("RCEP"),
    Some("CN-SG"),
    Some("CN-CH"),
    Some("CN-NZ"),
    Some("CN-AU"),
    Some("CN-KR"),
];

/// A decimal with `digits` random significant units and 0..=max_scale decimals.
fn amount(max_units: i64, max_scale: u32) -> impl Strategy<Value = Decimal> {
    (0..=max_units, 0..=max_scale).prop_map(|(u, s)| Decimal::new(u, s))
}

fn arb_item(max_value: i64) -> impl Strategy<Value = TaxItem> {
    let codes = sample().2.len();
    (
        0..codes,
        prop_oneof![amount(20, 0), amount(100_000_000, 6), Just(Decimal::ONE)],
        amount(max_value, 4),
        0..ORIGINS.len(),
        prop::bool::weighted(0.9),
    )
        .prop_map(|(c, quantity_legal, value, o, wto)| TaxItem {
            tariff_code: sample().2[c].clone(),
            quantity_legal,
            value,
            origin_country: ORIGINS[o].to_owned(),
            origin_wto_member: wto && !matches!(ORIGINS[o], "PRK" | "IRN"),
        })
}

fn arb_request() -> impl Strategy<Value = TaxRequest> {
    let general = (
        prop::collection::vec(arb_item(100_000_000_000), 1..=8),
        Just(None::<Decimal>),
    );
    let cbec = (
        prop::collection::vec(arb_item(60_000_000), 1..=3),
        amount(300_000_000, 4).prop_map(Some),
    );
    (
        prop_oneof![3 => general, 2 => cbec],
        amount(50_000_000, 4),
        amount(5_000_000, 4),
        0..CERTIFICATES.len(),
        0i32..730,
        0..CURRENCIES.len(),
    )
        .prop_map(
            |((items, ytd), freight, insurance, cert, day, cur)| TaxRequest {
                date: date(2025, 1, 1)
                    .checked_add(jiff::Span::new().days(day))
                    .unwrap(),
                regime: match ytd {
                    None => Regime::GeneralTrade,
                    Some(ytd) => Regime::CbecRetail {
                        buyer_year_to_date_cny: ytd,
                    },
                },
                currency: CURRENCIES[cur].to_owned(),
                freight,
                insurance,
                certificate_of_origin: CERTIFICATES[cert].map(str::to_owned),
                items,
            },
        )
}

fn within(a: Decimal, b: Decimal) -> bool {
    (a - b).abs() <= Decimal::new(1, 10)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn fixed_point_engine_matches_the_decimal_reference(req in arb_request()) {
        let (tariff, rates, _) = sample();
        let want = reference(tariff, rates, &req);
        let got = quote(tariff, rates, &req);
        let (want, got) = match (want, got) {
            (Err(w), Err(g)) => {
                prop_assert_eq!(w, g.code());
                return Ok(());
            }
            (Ok(w), Ok(g)) => (w, g),
            (w, g) => {
                prop_assert!(false, "reference {:?} vs engine {:?}", w.map(|r| r.regime), g.map(|q| q.regime));
                unreachable!()
            }
        };
        prop_assert_eq!(want.regime, got.regime);
        for (k, t) in [&got.duty, &got.consumption_tax, &got.vat].into_iter().enumerate() {
            prop_assert_eq!(want.totals[k], (t.rounded, t.exempt, t.payable), "{:?}", t.kind);
        }
        prop_assert_eq!(want.total_payable, got.total_payable);
        for (w, g) in want.items.iter().zip(&got.items) {
            let got_item = [
                Some(g.dutiable_value_cny),
                Some(g.duty.amount_unrounded),
                g.consumption_tax.as_ref().map(|t| t.amount_unrounded),
                Some(g.vat.amount_unrounded),
            ];
            for (a, b) in w.iter().zip(got_item) {
                prop_assert_eq!(a.is_some(), b.is_some());
                if let (Some(a), Some(b)) = (a, b) {
                    prop_assert!(within(*a, b), "item {}: reference {} vs engine {}", g.index, a, b);
                }
            }
        }
    }
}

#[test]
fn the_reference_agrees_on_a_hand_checked_case() {
    // cosmetics 2000 CNY from FRA, MFN 5 %: duty 100, consumption tax 370.59, VAT 321.18.
    let (tariff, rates, _) = sample();
    let req = TaxRequest {
        date: date(2025, 3, 15),
        regime: Regime::GeneralTrade,
        currency: "CNY".into(),
        freight: Decimal::ZERO,
        insurance: Decimal::ZERO,
        certificate_of_origin: None,
        items: vec![TaxItem {
            tariff_code: "3304990010".into(),
            quantity_legal: Decimal::ONE,
            value: Decimal::from(2_000),
            origin_country: "FRA".into(),
            origin_wto_member: true,
        }],
    };
    let r = reference(tariff, rates, &req).unwrap();
    let rounded: Vec<Decimal> = r.totals.iter().map(|t| t.0).collect();
    assert_eq!(
        rounded,
        [
            Decimal::from(100),
            Decimal::new(37_059, 2),
            Decimal::new(32_118, 2)
        ]
    );
    let _: Date = req.date;
}
