//! Integration tests of chuanyu-risk: one binary, one module per concern.

mod assess;
mod backtest;
mod compile_errors;
mod concurrency;
mod properties;
mod starter;
mod synth;

use chuanyu_risk::{AeoLevel, DeclarationFacts, IeFlag, ItemFacts, PartyFacts};
use jiff::civil::{Date, date};
use rust_decimal::Decimal;

pub fn on() -> Date {
    date(2026, 6, 1)
}

pub fn dec(text: &str) -> Decimal {
    text.parse().expect("decimal literal")
}

pub fn item(hs: &str, origin: &str, quantity: &str, value_cny: &str) -> ItemFacts {
    ItemFacts {
        hs_code: hs.to_owned(),
        description: "goods".to_owned(),
        origin_country: origin.to_owned(),
        quantity: dec(quantity),
        unit: "007".to_owned(),
        value_cny: dec(value_cny),
        net_weight_kg: Some(dec("10")),
    }
}

/// A plain general-trade import from Japan by a non-AEO trader with the given items.
pub fn declaration(id: &str, items: Vec<ItemFacts>) -> DeclarationFacts {
    let total = items.iter().map(|i| i.value_cny).sum();
    DeclarationFacts {
        declaration_id: id.to_owned(),
        customs_office: "7900".to_owned(),
        ie_flag: IeFlag::Import,
        trade_mode: "0110".to_owned(),
        transport_mode: "2".to_owned(),
        declarant_code: "3101980001".to_owned(),
        trader_code: "3101960002".to_owned(),
        origin_country: "JPN".to_owned(),
        trading_country: "JPN".to_owned(),
        destination_country: "CHN".to_owned(),
        currency: "JPY".to_owned(),
        total_value_cny: total,
        freight_cny: dec("100"),
        insurance_cny: dec("10"),
        gross_weight_kg: dec("110"),
        net_weight_kg: dec("100"),
        packages: 3,
        items,
        trader: PartyFacts {
            aeo_level: AeoLevel::None,
            partner_mra_aeo: false,
            prior_hits: 0,
        },
    }
}
