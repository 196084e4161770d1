//! Deterministic synthetic rules and declarations for tests and the benchmark (seeded splitmix64, no entropy source).

#![allow(dead_code)] // shared by the test binary and the benchmark; each uses a subset

use chuanyu_risk::{AeoLevel, DeclarationFacts, IeFlag, ItemFacts, NamedLists, PartyFacts};
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// splitmix64: tiny, seeded, reproducible on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len() as u64) as usize]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

pub const COUNTRIES: &[&str] = &[
    "CHN", "JPN", "KOR", "DEU", "USA", "FRA", "ITA", "GBR", "VNM", "THA", "MYS", "IDN", "AUS",
    "NZL", "CHL", "BRA", "IND", "RUS", "ESP", "NLD", "CHE", "CAN", "MEX", "TUR", "ZAF",
];
pub const TRADE_MODES: &[&str] = &["0110", "0110", "0110", "9610", "1210", "0615", "0214"];
pub const OFFICES: &[&str] = &[
    "7900", "2200", "2201", "2244", "5100", "5300", "5316", "0100", "0400", "4200", "4600", "8000",
];
pub const UNITS: &[&str] = &["007", "035", "011", "015", "001"];
pub const CURRENCIES: &[&str] = &["USD", "EUR", "JPY", "KRW", "CNY", "AUD"];

/// Synthetic HS headings: chapter 01–97 × heading 01–19 (about 1,800 headings, like the real tariff's ~1,200).
pub fn heading(rng: &mut Rng) -> String {
    format!("{:02}{:02}", 1 + rng.below(97), 1 + rng.below(19))
}

pub fn hs_code(heading: &str, rng: &mut Rng) -> String {
    format!(
        "{heading}{:02}{:02}{:02}",
        rng.below(10) * 10,
        rng.below(10) * 10,
        rng.below(2) * 10
    )
}

pub fn trader(n: u64) -> String {
    format!("31{:02}9{:05}", n % 90 + 10, n)
}

pub const TRADERS: u64 = 5_000;

/// Watch-lists used by the synthetic rules.
pub fn lists() -> NamedLists {
    let mut rng = Rng::new(7);
    let high_risk: Vec<String> = (0..200).map(|_| trader(rng.below(TRADERS))).collect();
    let watch_hs: Vec<String> = (0..100)
        .map(|_| {
            let h = heading(&mut rng);
            hs_code(&h, &mut rng)
        })
        .collect();
    [
        ("high-risk-traders", high_risk),
        ("watch-hs", watch_hs),
        (
            "sensitive-origins",
            vec!["RUS".into(), "TUR".into(), "MEX".into()],
        ),
    ]
    .into_iter()
    .collect()
}

/// `count` realistic rules as text, reproducible from `seed`.
pub fn rules_text(count: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut text = String::from("random red 1%\nrandom yellow 3%\nrandom blue 5%\n");
    text.push_str("facilitation aeo-advanced random 20% rules 50%\nfacilitation aeo-general random 60% rules 80%\n");
    let lanes = ["blue", "yellow", "yellow", "red"];
    let probabilities = ["100", "50", "30", "10", "5", "2.5"];
    for i in 0..count {
        let lane = rng.pick(&lanes);
        let probability = rng.pick(&probabilities);
        let kind = rng.below(100);
        let condition = match kind {
            0..=44 => {
                let h = heading(&mut rng);
                let prefix = match rng.below(10) {
                    0..=4 => h,
                    5..=7 => format!("{h}{:02}", rng.below(10) * 10),
                    _ => format!("{h}{:02}{:02}", rng.below(10) * 10, rng.below(10) * 10),
                };
                let a = rng.pick(COUNTRIES);
                let b = rng.pick(COUNTRIES);
                format!(
                    "hs starts_with \"{prefix}\" and origin in ({a}, {b}) and unit_value_cny < {}",
                    10 + rng.below(500)
                )
            }
            45..=59 => {
                let h = heading(&mut rng);
                format!(
                    "hs_heading = \"{h}\" and value_cny > {} and aeo_level != advanced",
                    1_000 * (1 + rng.below(50))
                )
            }
            60..=69 => {
                let h = heading(&mut rng);
                format!(
                    "hs_heading in (\"{h}\", \"{}\") and (item_value_per_kg_cny < {} or description contains \"sample\")",
                    heading(&mut rng),
                    1 + rng.below(40)
                )
            }
            70..=79 => format!(
                "trader in list high-risk-traders and value_cny > {} and trade_mode = \"{}\"",
                500 * (1 + rng.below(20)),
                rng.pick(TRADE_MODES)
            ),
            80..=87 => format!(
                "trader = \"{}\" and prior_hits >= {}",
                trader(rng.below(TRADERS)),
                rng.below(5)
            ),
            88..=92 => format!(
                "customs_office = \"{}\" and declaration_origin in list sensitive-origins and total_value_cny > {}",
                rng.pick(OFFICES),
                10_000 * (1 + rng.below(100))
            ),
            93..=96 => format!("hs in list watch-hs and origin = {}", rng.pick(COUNTRIES)),
            _ => format!(
                "gross_net_ratio > {}.{} and prior_hits >= {} and not partner_mra_aeo",
                1 + rng.below(2),
                rng.below(10),
                3 + rng.below(5)
            ),
        };
        let valid = if rng.chance(20) {
            " valid 2026-01-01..2026-12-31"
        } else {
            ""
        };
        writeln!(
            text,
            "rule r{i:04}: when {condition}\n  then {lane} {probability}%{valid} because \"synthetic rule {i}\""
        )
        .expect("write to string");
    }
    text
}

/// One declaration with `items` items, reproducible from (`seed`, `n`).
pub fn declaration(rng: &mut Rng, n: u64, items: usize) -> DeclarationFacts {
    // Goods of one declaration usually come from one to three headings and one or two origins.
    let headings: Vec<String> = (0..1 + rng.below(3)).map(|_| heading(rng)).collect();
    let origins = [*rng.pick(COUNTRIES), *rng.pick(COUNTRIES)];
    let items: Vec<ItemFacts> = (0..items)
        .map(|i| {
            let h = rng.pick(&headings).clone();
            let quantity = Decimal::from(1 + rng.below(1_000));
            let value = Decimal::new((100 + rng.below(2_000_000)) as i64, 2);
            ItemFacts {
                hs_code: hs_code(&h, rng),
                description: if rng.chance(2) {
                    format!("sample part {i}")
                } else {
                    format!("goods {h} model {i}")
                },
                origin_country: (*rng.pick(&origins)).to_owned(),
                quantity,
                unit: (*rng.pick(UNITS)).to_owned(),
                value_cny: value,
                net_weight_kg: rng
                    .chance(90)
                    .then(|| Decimal::new((1 + rng.below(100_000)) as i64, 1)),
            }
        })
        .collect();
    let total: Decimal = items.iter().map(|i| i.value_cny).sum();
    let net = Decimal::new((10 + rng.below(100_000)) as i64, 1);
    let aeo_level = match rng.below(10) {
        0 => AeoLevel::Advanced,
        1 | 2 => AeoLevel::General,
        _ => AeoLevel::None,
    };
    DeclarationFacts {
        declaration_id: format!("{:018}", 790_020_260_000_000_000u64 + n),
        customs_office: (*rng.pick(OFFICES)).to_owned(),
        ie_flag: if rng.chance(70) {
            IeFlag::Import
        } else {
            IeFlag::Export
        },
        trade_mode: (*rng.pick(TRADE_MODES)).to_owned(),
        transport_mode: rng.pick(&["2", "5", "4", "9"]).to_string(),
        declarant_code: trader(rng.below(TRADERS)),
        trader_code: trader(rng.below(TRADERS)),
        origin_country: origins[0].to_owned(),
        trading_country: (*rng.pick(COUNTRIES)).to_owned(),
        destination_country: "CHN".to_owned(),
        currency: (*rng.pick(CURRENCIES)).to_owned(),
        total_value_cny: total,
        freight_cny: Decimal::new(rng.below(500_000) as i64, 2),
        insurance_cny: Decimal::new(rng.below(50_000) as i64, 2),
        // Packaging adds 0–30% in most consignments; a few (3%) are anomalous.
        gross_weight_kg: net
            * if rng.chance(3) {
                Decimal::new(150 + rng.below(100) as i64, 2)
            } else {
                Decimal::new(100 + rng.below(30) as i64, 2)
            },
        net_weight_kg: net,
        packages: 1 + rng.below(200) as u32,
        items,
        trader: PartyFacts {
            aeo_level,
            partner_mra_aeo: rng.chance(5),
            // Most traders have a clean record.
            prior_hits: if rng.chance(85) {
                0
            } else {
                1 + rng.below(10) as u32
            },
        },
    }
}

/// `count` declarations; item counts 1–50 unless `items` is given.
pub fn declarations(count: usize, items: Option<usize>, seed: u64) -> Vec<DeclarationFacts> {
    let mut rng = Rng::new(seed);
    (0..count as u64)
        .map(|n| {
            let item_count = items.unwrap_or_else(|| 1 + rng.below(50) as usize);
            declaration(&mut rng, n, item_count)
        })
        .collect()
}
