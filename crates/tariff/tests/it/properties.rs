//! Property tests of the tax engine: never negative, monotone in value, independent of item order, one rounding per tax.

use chuanyu_tariff::{Regime, TaxItem, TaxQuote, TaxRequest, TaxTotal, quote, round_fen};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::fixture::{date, rates, tariff};

/// Lines of the fixture with their CBEC eligibility, and origins (PRK is non-WTO in the fixture helpers).
const CODES: [&str; 11] = [
    "1000000001",
    "2203000000",
    "8525893100",
    "3304990010",
    "2204210000",
    "2208300000",
    "9102210010",
    "1901101000",
    "8483109000",
    "8517130000",
    "0402210000",
];
const ORIGINS: [&str; 6] = ["USA", "JPN", "SGP", "CHE", "PRK", "AUS"];
const CERTIFICATES: [Option<&str>; 4] = [None, Some("RCEP"), Some("CN-SG"), Some("CN-CH")];
const DATES: [&str; 3] = ["2025-03-15", "2025-06-30", "2026-03-15"];

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

fn arb_item() -> impl Strategy<Value = TaxItem> {
    (
        0..CODES.len(),
        1i64..=10_000,
        0i64..=50_000_000,
        0..ORIGINS.len(),
    )
        .prop_map(|(c, q, v, o)| TaxItem {
            tariff_code: CODES[c].to_owned(),
            quantity_legal: Decimal::new(q, 1),
            value: cents(v),
            origin_country: ORIGINS[o].to_owned(),
            origin_wto_member: ORIGINS[o] != "PRK",
        })
}

fn arb_request(items_max: usize) -> impl Strategy<Value = TaxRequest> {
    (
        prop::collection::vec(arb_item(), 1..=items_max),
        0i64..=1_000_000,
        0i64..=100_000,
        0..CERTIFICATES.len(),
        0..DATES.len(),
        prop::bool::ANY,
    )
        .prop_map(|(items, freight, insurance, cert, on, usd)| TaxRequest {
            date: date(DATES[on]),
            regime: Regime::GeneralTrade,
            currency: if usd { "USD" } else { "CNY" }.to_owned(),
            freight: cents(freight),
            insurance: cents(insurance),
            certificate_of_origin: CERTIFICATES[cert].map(str::to_owned),
            items,
        })
}

fn run(req: &TaxRequest) -> TaxQuote {
    quote(&tariff(), &rates(), req).expect("generated requests are valid")
}

fn totals(q: &TaxQuote) -> [&TaxTotal; 3] {
    [&q.duty, &q.consumption_tax, &q.vat]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn taxes_are_never_negative(req in arb_request(8)) {
        let q = run(&req);
        for t in totals(&q) {
            prop_assert!(t.sum_unrounded >= Decimal::ZERO && t.payable >= Decimal::ZERO);
        }
        for item in &q.items {
            for line in [Some(&item.duty), item.consumption_tax.as_ref(), Some(&item.vat)].into_iter().flatten() {
                prop_assert!(line.amount_unrounded >= Decimal::ZERO);
            }
        }
        prop_assert!(q.total_payable >= Decimal::ZERO);
    }

    #[test]
    fn exactly_one_rounding_per_tax(req in arb_request(8)) {
        let q = run(&req);
        let item_sums = [
            q.items.iter().map(|i| i.duty.amount_unrounded).sum::<Decimal>(),
            q.items.iter().filter_map(|i| i.consumption_tax.as_ref()).map(|t| t.amount_unrounded).sum::<Decimal>(),
            q.items.iter().map(|i| i.vat.amount_unrounded).sum::<Decimal>(),
        ];
        for (t, item_sum) in totals(&q).into_iter().zip(item_sums) {
            prop_assert_eq!(t.rounded, round_fen(item_sum));
            prop_assert_eq!(t.rounded, round_fen(t.sum_unrounded));
            prop_assert_eq!(t.payable, if t.exempt { Decimal::ZERO } else { t.rounded });
            prop_assert_eq!(t.exempt, t.rounded > Decimal::ZERO && t.rounded < Decimal::from(50));
        }
        prop_assert_eq!(q.total_payable, q.duty.payable + q.consumption_tax.payable + q.vat.payable);
    }

    #[test]
    fn independent_of_item_order(req in arb_request(8), rotate in 0usize..8) {
        let q = run(&req);
        let mut shuffled = req.clone();
        let n = shuffled.items.len();
        shuffled.items.rotate_left(rotate % n);
        shuffled.items.reverse();
        let s = run(&shuffled);
        for (a, b) in totals(&q).into_iter().zip(totals(&s)) {
            prop_assert_eq!(a, b);
        }
        prop_assert_eq!(q.dutiable_value_cny, s.dutiable_value_cny);
    }

    #[test]
    fn monotone_in_value_single_item_with_freight(req in arb_request(1), extra in 1i64..=10_000_000) {
        let q = run(&req);
        let mut more = req.clone();
        more.items[0].value += cents(extra);
        let m = run(&more);
        for (a, b) in totals(&q).into_iter().zip(totals(&m)) {
            prop_assert!(a.sum_unrounded <= b.sum_unrounded);
            prop_assert!(a.payable <= b.payable);
        }
    }

    #[test]
    fn monotone_in_value_of_any_item_without_freight(req in arb_request(6), which in 0usize..6, extra in 1i64..=10_000_000) {
        // With header freight, raising one item's value moves freight away from the others, which
        // may carry higher rates; without freight each item's taxes depend on its own value only.
        let mut base = req.clone();
        base.freight = Decimal::ZERO;
        base.insurance = Decimal::ZERO;
        let q = run(&base);
        let mut more = base.clone();
        let i = which % more.items.len();
        more.items[i].value += cents(extra);
        let m = run(&more);
        for (a, b) in totals(&q).into_iter().zip(totals(&m)) {
            prop_assert!(a.sum_unrounded <= b.sum_unrounded);
            prop_assert!(a.payable <= b.payable);
        }
    }

    #[test]
    fn allocation_parts_sum_to_header_amounts(req in arb_request(8)) {
        prop_assume!(req.items.iter().any(|i| !i.value.is_zero()));
        let q = run(&req);
        prop_assert_eq!(q.items.iter().map(|i| i.freight_allocated).sum::<Decimal>(), req.freight);
        prop_assert_eq!(q.items.iter().map(|i| i.insurance_allocated).sum::<Decimal>(), req.insurance);
    }
}
