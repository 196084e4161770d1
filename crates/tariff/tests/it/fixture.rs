//! Small hand-written tariff and exchange-rate files the tests compute against (independent of the shipped sample).

use std::str::FromStr;

use chuanyu_tariff::{ExchangeRates, Regime, Tariff, TaxItem, TaxRequest};
use jiff::civil::Date;
use rust_decimal::Decimal;

pub const TARIFF_CSV: &str = "\
# test fixture; rates chosen for easy hand computation
record,code,description,unit_1,unit_2,cbec,agreement,countries,valid_from,valid_to,ad_valorem_pct,specific_cny
agreement,,Regional Comprehensive Economic Partnership,,,,RCEP,AUS;JPN;KOR;SGP,,,,
agreement,,China-Singapore FTA,,,,CN-SG,SGP,,,,
agreement,,China-Switzerland FTA,,,,CN-CH,CHE,,,,
line,1000000001,Plain ad valorem goods,035,,Y,,,,,,
mfn,1000000001,,,,,,,2025-01-01,,10,
general,1000000001,,,,,,,2025-01-01,,50,
vat,1000000001,,,,,,,2025-01-01,,13,
line,2203000000,Beer made from malt,095,,Y,,,,,,
mfn,2203000000,,,,,,,2025-01-01,,,0.3
general,2203000000,,,,,,,2025-01-01,,,7.5
vat,2203000000,,,,,,,2025-01-01,,13,
consumption,2203000000,,,,,,,2025-01-01,,,0.25
line,8525893100,Video camera recorders,001,,N,,,,,,
mfn,8525893100,,,,,,,2025-01-01,,3,12960
general,8525893100,,,,,,,2025-01-01,,130,20000
vat,8525893100,,,,,,,2025-01-01,,13,
line,3304990010,Skin-care preparations high-end,035,,Y,,,,,,
mfn,3304990010,,,,,,,2025-01-01,,5,
general,3304990010,,,,,,,2025-01-01,,150,
vat,3304990010,,,,,,,2025-01-01,,13,
consumption,3304990010,,,,,,,2025-01-01,,15,
preferential,3304990010,,,,,RCEP,,2025-01-01,2025-12-31,4,
preferential,3304990010,,,,,RCEP,,2026-01-01,,3,
line,2204210000,Wine in containers of 2 l or less,095,035,Y,,,,,,
mfn,2204210000,,,,,,,2025-01-01,,14,
general,2204210000,,,,,,,2025-01-01,,180,
vat,2204210000,,,,,,,2025-01-01,,13,
consumption,2204210000,,,,,,,2025-01-01,,10,
line,2208300000,Whiskies,095,035,Y,,,,,,
mfn,2208300000,,,,,,,2025-01-01,,5,
general,2208300000,,,,,,,2025-01-01,,180,
vat,2208300000,,,,,,,2025-01-01,,13,
consumption,2208300000,,,,,,,2025-01-01,,20,1
line,9102210010,Automatic wrist-watches high-end,008,,Y,,,,,,
mfn,9102210010,,,,,,,2025-01-01,,8,
general,9102210010,,,,,,,2025-01-01,,100,
vat,9102210010,,,,,,,2025-01-01,,13,
consumption,9102210010,,,,,,,2025-01-01,,20,
preferential,9102210010,,,,,CN-CH,,2025-01-01,,0,
line,1901101000,Infant formula,035,,Y,,,,,,
mfn,1901101000,,,,,,,2025-01-01,,15,
provisional,1901101000,,,,,,,2025-01-01,2025-12-31,5,
preferential,1901101000,,,,,RCEP,,2025-01-01,,7,
general,1901101000,,,,,,,2025-01-01,,90,
vat,1901101000,,,,,,,2025-01-01,,13,
line,8483109000,Transmission shafts,007,035,N,,,,,,
mfn,8483109000,,,,,,,2025-01-01,,8,
general,8483109000,,,,,,,2025-01-01,,35,
vat,8483109000,,,,,,,2025-01-01,,13,
preferential,8483109000,,,,,RCEP,,2025-01-01,2025-12-31,6.4,
preferential,8483109000,,,,,RCEP,,2026-01-01,,5.6,
preferential,8483109000,,,,,CN-SG,,2025-01-01,2025-06-30,1,
line,8517130000,Smartphones,001,035,Y,,,,,,
mfn,8517130000,,,,,,,2025-01-01,,0,
general,8517130000,,,,,,,2025-01-01,,24,
vat,8517130000,,,,,,,2025-01-01,,13,
line,0402210000,Milk powder,035,,Y,,,,,,
mfn,0402210000,,,,,,,2025-01-01,,10,
general,0402210000,,,,,,,2025-01-01,,40,
vat,0402210000,,,,,,,2025-01-01,,9,
";

pub const RATES_CSV: &str = "\
month,currency,cny_per_unit
2025-03,USD,7.2
2025-03,EUR,7.8
2025-06,USD,7.15
2026-01,USD,7.1
2026-03,USD,7.05
";

pub fn tariff() -> Tariff {
    Tariff::import_csv(TARIFF_CSV.as_bytes(), &mut |_| {}).expect("fixture tariff is valid")
}

pub fn rates() -> ExchangeRates {
    ExchangeRates::import_csv(RATES_CSV.as_bytes()).expect("fixture rates are valid")
}

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn date(s: &str) -> Date {
    s.parse().unwrap()
}

pub fn item(code: &str, quantity: &str, value: &str, origin: &str) -> TaxItem {
    TaxItem {
        tariff_code: code.to_owned(),
        quantity_legal: d(quantity),
        value: d(value),
        origin_country: origin.to_owned(),
        origin_wto_member: origin != "PRK",
    }
}

/// A general-trade request in CNY without freight or insurance, dated 2025-03-15.
pub fn request(items: Vec<TaxItem>) -> TaxRequest {
    TaxRequest {
        date: date("2025-03-15"),
        regime: Regime::GeneralTrade,
        currency: "CNY".to_owned(),
        freight: Decimal::ZERO,
        insurance: Decimal::ZERO,
        certificate_of_origin: None,
        items,
    }
}
