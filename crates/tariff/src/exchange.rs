//! Monthly customs exchange rates (CNY per one unit of a foreign currency).

use std::collections::HashMap;

use jiff::civil::Date;
use rust_decimal::Decimal;

/// Customs exchange rates by (currency, year, month). CNY is always 1 and never stored.
#[derive(Debug, Clone, Default)]
pub struct ExchangeRates {
    /// currency → (year, month) → rate; nested so a lookup needs no allocation.
    rates: HashMap<String, HashMap<(i16, i8), Decimal>>,
}

impl ExchangeRates {
    pub(crate) fn from_map(rates: HashMap<(String, i16, i8), Decimal>) -> Self {
        let mut nested: HashMap<String, HashMap<(i16, i8), Decimal>> = HashMap::new();
        for ((currency, year, month), rate) in rates {
            nested
                .entry(currency)
                .or_default()
                .insert((year, month), rate);
        }
        ExchangeRates { rates: nested }
    }

    /// The rates shipped in `data/exchange-rates-sample.csv` (illustrative values).
    pub fn sample() -> Self {
        let csv = include_str!("../data/exchange-rates-sample.csv");
        ExchangeRates::import_csv(csv.as_bytes())
            .expect("the shipped exchange-rate sample is valid (checked by tests)")
    }

    /// CNY per one unit of `currency` for the month containing `on`; `CNY` is 1.
    pub fn rate(&self, currency: &str, on: Date) -> Option<Decimal> {
        if currency == "CNY" {
            return Some(Decimal::ONE);
        }
        self.rates
            .get(currency)?
            .get(&(on.year(), on.month()))
            .copied()
    }

    /// Number of (currency, month) rates held.
    pub fn len(&self) -> usize {
        self.rates.values().map(HashMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.rates.is_empty()
    }
}
