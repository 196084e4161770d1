//! The tax engine: duty, consumption tax and import VAT of a consignment, for general trade and CBEC retail import, with explanations.
//!
//! Arithmetic: i128 fixed point (module `fixed`). Unrounded amounts are carried at 1e-12 CNY:
//! exact except the consumption-tax quotient `base × rate / (1 − rate)`, which is carried to
//! 1e-12 CNY (half up), and the rare product with more than 12 decimals (a freight share with 8
//! decimals × an exchange rate with more than 4, a multi-decimal duty rate, the CBEC share),
//! also rounded half up at 1e-12. `Decimal` appears only in the request and the result.
//! Legal rounding: each tax's consignment total is the exact sum of its item amounts, rounded
//! once with [`round_fen`].
//! Exemption (general trade only): a tax whose rounded consignment total is above zero and
//! below `TaxPolicy::exemption_threshold_cny` (50 CNY) is exempt and payable 0.

use std::borrow::Cow;
use std::cmp::Ordering;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::code::{CountryCode, TariffCode};
use crate::exchange::ExchangeRates;
use crate::fixed::{
    self, AMOUNT_SCALE, EXCHANGE_RATE_MAX, EXCHANGE_RATE_SCALE, ONE_RATE, RATE_SCALE, Total,
    amount_decimal, mul_div_round, pow10, to_decimal, to_units, units_decimal,
};
use crate::model::{Agreement, CountrySet, Levy, Tariff, TariffLine};
use crate::money::{ALLOCATION_SCALE, allocate_units_each, round_fen};
use crate::select::{DutyContext, DutyDecision, RateKind, RateSource, rate_source, select_duty};

/// Most items in one request.
pub const REQUEST_ITEMS_MAX: usize = 1_000;
/// Largest amount (item value, freight, insurance, year-to-date spend) accepted, in its currency.
pub const REQUEST_AMOUNT_MAX: i64 = 1_000_000_000_000;
/// Decimals allowed in amounts of a request.
pub const REQUEST_AMOUNT_SCALE_MAX: u32 = 4;
/// Largest legal quantity of one item.
pub const REQUEST_QUANTITY_MAX: i64 = 1_000_000_000;
/// Decimals allowed in a legal quantity.
pub const REQUEST_QUANTITY_SCALE_MAX: u32 = 6;

/// The trade mode the consignment is declared under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "regime", rename_all = "snake_case")]
pub enum Regime {
    GeneralTrade,
    /// CBEC retail import (9610 / 1210); the buyer's spend so far in the calendar year, in CNY.
    CbecRetail {
        buyer_year_to_date_cny: Decimal,
    },
}

/// One declared item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxItem {
    pub tariff_code: String,
    /// Quantity in the line's first legal unit (the unit specific rates are per).
    pub quantity_legal: Decimal,
    /// Transaction value in the declaration currency, without freight and insurance.
    pub value: Decimal,
    /// ISO 3166-1 alpha-3 country of origin.
    pub origin_country: String,
    /// Whether the origin country is a WTO member (MFN treatment). Per item because a
    /// consignment may mix origins; the caller knows membership, the tariff does not.
    pub origin_wto_member: bool,
}

/// A consignment to tax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRequest {
    /// Date that fixes rates and the exchange-rate month (the declaration's date).
    pub date: Date,
    pub regime: Regime,
    /// ISO 4217 currency of values, freight and insurance.
    pub currency: String,
    /// Header freight, allocated to items in proportion to value.
    pub freight: Decimal,
    /// Header insurance, allocated to items in proportion to value.
    pub insurance: Decimal,
    /// Agreement code of the declared certificate of origin, if any (e.g. `RCEP`).
    pub certificate_of_origin: Option<String>,
    pub items: Vec<TaxItem>,
}

/// Limits and shares of the tax rules; `Default` holds the current values from the glossary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxPolicy {
    /// General trade: a tax whose consignment total is below this is exempt (50 CNY).
    pub exemption_threshold_cny: Decimal,
    /// CBEC retail: most value of one transaction (5,000 CNY).
    pub cbec_transaction_limit_cny: Decimal,
    /// CBEC retail: most value per buyer per calendar year (26,000 CNY).
    pub cbec_yearly_limit_cny: Decimal,
    /// CBEC retail within limits: share of the legal VAT and consumption tax collected (0.7);
    /// between 0 and 1 with at most 6 decimals (asserted by the engine).
    pub cbec_tax_share: Decimal,
}

impl Default for TaxPolicy {
    fn default() -> Self {
        TaxPolicy {
            exemption_threshold_cny: Decimal::from(50),
            cbec_transaction_limit_cny: Decimal::from(5_000),
            cbec_yearly_limit_cny: Decimal::from(26_000),
            cbec_tax_share: Decimal::new(7, 1),
        }
    }
}

/// Errors of the tax engine; `code()` is stable and `item()` names the item where relevant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
/// Serialized with the stable code in an `error` field (the same string `code()` returns).
#[serde(tag = "error", rename_all = "snake_case")]
pub enum TaxError {
    #[error("the declaration has no items")]
    NoItems,
    #[error("the declaration has {count} items; at most {max} are accepted")]
    TooManyItems { count: usize, max: usize },
    #[error("{field} {reason}")]
    InvalidAmount {
        item: Option<usize>,
        field: String,
        reason: String,
    },
    #[error("item {item}: origin country {value:?} is not an ISO alpha-3 code")]
    InvalidCountry { item: usize, value: String },
    #[error("item {item}: no tariff line {code:?}")]
    UnknownTariffLine { item: usize, code: String },
    #[error("no customs exchange rate for {currency} in {month}")]
    UnknownCurrencyRate { currency: String, month: String },
    #[error(
        "certificate of origin names agreement {agreement:?}, which the tariff does not define"
    )]
    UnknownAgreement { agreement: String },
    #[error("item {item}: tariff line {code} has no {rate} rate valid on {date}")]
    NoValidRate {
        item: usize,
        code: String,
        rate: String,
        date: Date,
    },
    #[error("item {item}: line {code} has a specific rate but the legal quantity is zero")]
    MissingQuantity { item: usize, code: String },
    #[error("freight or insurance cannot be allocated: the items' total value is zero")]
    ZeroConsignmentValue,
    #[error(
        "CBEC transaction value {transaction_cny} CNY exceeds the {limit_cny} CNY limit per transaction"
    )]
    CbecTransactionLimitExceeded {
        transaction_cny: Decimal,
        limit_cny: Decimal,
    },
    #[error(
        "CBEC yearly limit exceeded: {year_to_date_cny} CNY spent this year + {transaction_cny} CNY > {limit_cny} CNY"
    )]
    CbecYearlyLimitExceeded {
        year_to_date_cny: Decimal,
        transaction_cny: Decimal,
        limit_cny: Decimal,
    },
    #[error("item {item}: tariff line {code} is not on the CBEC retail import positive list")]
    CbecNotOnPositiveList { item: usize, code: String },
}

impl TaxError {
    /// Stable snake_case code callers can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            TaxError::NoItems => "no_items",
            TaxError::TooManyItems { .. } => "too_many_items",
            TaxError::InvalidAmount { .. } => "invalid_amount",
            TaxError::InvalidCountry { .. } => "invalid_country",
            TaxError::UnknownTariffLine { .. } => "unknown_tariff_line",
            TaxError::UnknownCurrencyRate { .. } => "unknown_currency_rate",
            TaxError::UnknownAgreement { .. } => "unknown_agreement",
            TaxError::NoValidRate { .. } => "no_valid_rate",
            TaxError::MissingQuantity { .. } => "missing_quantity",
            TaxError::ZeroConsignmentValue => "zero_consignment_value",
            TaxError::CbecTransactionLimitExceeded { .. } => "cbec_transaction_limit_exceeded",
            TaxError::CbecYearlyLimitExceeded { .. } => "cbec_yearly_limit_exceeded",
            TaxError::CbecNotOnPositiveList { .. } => "cbec_not_on_positive_list",
        }
    }

    /// Index of the item the error is about, if it is about one.
    pub fn item(&self) -> Option<usize> {
        match self {
            TaxError::InvalidAmount { item, .. } => *item,
            TaxError::InvalidCountry { item, .. }
            | TaxError::UnknownTariffLine { item, .. }
            | TaxError::NoValidRate { item, .. }
            | TaxError::MissingQuantity { item, .. }
            | TaxError::CbecNotOnPositiveList { item, .. } => Some(*item),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxKind {
    Duty,
    ConsumptionTax,
    Vat,
}

impl TaxKind {
    pub fn name(&self) -> &'static str {
        match self {
            TaxKind::Duty => "duty",
            TaxKind::ConsumptionTax => "consumption tax",
            TaxKind::Vat => "VAT",
        }
    }
}

/// How the consignment was actually taxed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppliedRegime {
    GeneralTrade,
    /// CBEC retail within limits: duty 0, VAT and consumption tax at `cbec_tax_share`.
    CbecRetail,
    /// CBEC retail, a single indivisible item above the transaction limit but within the
    /// yearly limit: taxed in full at general-trade rates; counts towards the yearly total.
    CbecSingleItemFullTax,
}

/// One tax on one item, with everything needed to check it by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxLine {
    pub kind: TaxKind,
    /// The ad-valorem base in CNY as it enters the formula (before any `/ (1 − rate)`).
    pub base_cny: Decimal,
    /// Legal quantity the specific part is applied to.
    pub quantity_legal: Decimal,
    pub levy: Levy,
    pub source: RateSource,
    /// Share of the legal amount collected: 1, or `cbec_tax_share` under CBEC retail.
    pub share: Decimal,
    pub formula: Cow<'static, str>,
    /// Amount of this item (after the share), before the consignment rounding: exact, except
    /// that a consumption-tax quotient (or a product with more than 12 decimals) is carried to
    /// 1e-12 CNY, half up.
    pub amount_unrounded: Decimal,
}

/// Taxes of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemTax {
    /// Position of the item in the request.
    pub index: usize,
    pub tariff_code: TariffCode,
    pub value: Decimal,
    pub freight_allocated: Decimal,
    pub insurance_allocated: Decimal,
    /// `(value + freight_allocated + insurance_allocated) × exchange_rate`, exact (carried to
    /// 1e-12 CNY, half up, only when the exchange rate has more than 4 decimals).
    pub dutiable_value_cny: Decimal,
    pub duty: TaxLine,
    /// The duty-rate decision (candidates and reasons); `None` when duty is 0 by CBEC policy.
    pub duty_decision: Option<DutyDecision>,
    /// `None` when the goods are not subject to consumption tax on the date.
    pub consumption_tax: Option<TaxLine>,
    pub vat: TaxLine,
}

/// One tax for the whole consignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxTotal {
    pub kind: TaxKind,
    /// Exact sum of the items' `amount_unrounded` (as carried at 1e-12 CNY).
    pub sum_unrounded: Decimal,
    /// `round_fen(sum_unrounded)`: the one rounding of this tax.
    pub rounded: Decimal,
    pub rounding: Cow<'static, str>,
    /// Threshold of the small-amount exemption, `None` where it does not apply (CBEC).
    pub exemption_threshold_cny: Option<Decimal>,
    pub exempt: bool,
    pub payable: Decimal,
}

/// CBEC quota accounting of the transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CbecAccount {
    /// Actual price paid incl. freight and insurance, in CNY (the dutiable value).
    pub transaction_value_cny: Decimal,
    pub year_to_date_before_cny: Decimal,
    pub year_to_date_after_cny: Decimal,
    pub transaction_limit_cny: Decimal,
    pub yearly_limit_cny: Decimal,
}

/// The taxes of a consignment, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxQuote {
    pub date: Date,
    pub regime: AppliedRegime,
    pub currency: String,
    /// CNY per one unit of `currency` for the month of `date`.
    pub exchange_rate: Decimal,
    /// `(Σ values + freight + insurance) × exchange_rate`, exact.
    pub dutiable_value_cny: Decimal,
    pub items: Vec<ItemTax>,
    pub duty: TaxTotal,
    pub consumption_tax: TaxTotal,
    pub vat: TaxTotal,
    /// Sum of the three `payable` amounts.
    pub total_payable: Decimal,
    pub cbec: Option<CbecAccount>,
}

/// Taxes a consignment under the default [`TaxPolicy`].
pub fn quote(
    tariff: &Tariff,
    rates: &ExchangeRates,
    req: &TaxRequest,
) -> Result<TaxQuote, TaxError> {
    quote_with_policy(tariff, rates, req, &TaxPolicy::default())
}

/// Taxes a consignment under `policy`.
///
/// `policy.cbec_tax_share` must lie between 0 and 1 with at most 6 decimals (asserted).
pub fn quote_with_policy(
    tariff: &Tariff,
    rates: &ExchangeRates,
    req: &TaxRequest,
    policy: &TaxPolicy,
) -> Result<TaxQuote, TaxError> {
    let input = validate_request(req)?;
    let lines = resolve_lines(tariff, req)?;
    let certificate =
        match &req.certificate_of_origin {
            None => None,
            Some(code) => Some(tariff.agreement_with_members(code).ok_or_else(|| {
                TaxError::UnknownAgreement {
                    agreement: code.clone(),
                }
            })?),
        };
    let exchange_rate =
        rates
            .rate(&req.currency, req.date)
            .ok_or_else(|| TaxError::UnknownCurrencyRate {
                currency: req.currency.clone(),
                month: format!("{:04}-{:02}", req.date.year(), req.date.month()),
            })?;
    let rate = ExchangeRate::new(exchange_rate);
    if let Regime::CbecRetail { .. } = req.regime
        && let Some(item) = lines.iter().position(|l| !l.cbec_positive_list())
    {
        return Err(TaxError::CbecNotOnPositiveList {
            item,
            code: req.items[item].tariff_code.clone(),
        });
    }

    // Canonical ranks are needed only to break ties between equal allocation remainders.
    let rank = std::cell::OnceCell::new();
    let rank = || -> &[usize] {
        rank.get_or_init(|| {
            let order = canonical_order(req, &lines, &input.items);
            let mut rank = vec![0; order.len()];
            for (position, &i) in order.iter().enumerate() {
                rank[i] = position;
            }
            rank
        })
    };
    let values: Vec<i128> = input.items.iter().map(|i| i.value).collect();
    if values.iter().all(|v| *v == 0) && !(input.freight == 0 && input.insurance == 0) {
        return Err(TaxError::ZeroConsignmentValue);
    }
    let to_allocation = pow10(ALLOCATION_SCALE - REQUEST_AMOUNT_SCALE_MAX);
    // Freight and insurance in one pass: `allocated[i] = [freight, insurance]` of item i.
    let allocated = allocate_units_each(
        [
            input.freight * to_allocation,
            input.insurance * to_allocation,
        ],
        &values,
        rank,
    );
    // Exact: (Σ values + freight + insurance) has 4 decimals, the exchange rate at most 8.
    let consignment_base: i128 = values.iter().sum::<i128>() + input.freight + input.insurance;
    let dutiable_value_cny = to_decimal(
        consignment_base * rate.units,
        REQUEST_AMOUNT_SCALE_MAX + EXCHANGE_RATE_SCALE,
    );

    let (regime, cbec) = match &req.regime {
        Regime::GeneralTrade => (AppliedRegime::GeneralTrade, None),
        Regime::CbecRetail {
            buyer_year_to_date_cny,
        } => {
            let regime = cbec_regime(
                req,
                &lines,
                *buyer_year_to_date_cny,
                dutiable_value_cny,
                policy,
            )?;
            let account = CbecAccount {
                transaction_value_cny: dutiable_value_cny,
                year_to_date_before_cny: *buyer_year_to_date_cny,
                year_to_date_after_cny: *buyer_year_to_date_cny + dutiable_value_cny,
                transaction_limit_cny: policy.cbec_transaction_limit_cny,
                yearly_limit_cny: policy.cbec_yearly_limit_cny,
            };
            (regime, Some(account))
        }
    };

    let (share, share_units) = match regime {
        AppliedRegime::CbecRetail => {
            let units = fixed::units(policy.cbec_tax_share, RATE_SCALE, "CBEC tax share");
            assert!(
                (0..=ONE_RATE).contains(&units),
                "CBEC tax share within 0..=1"
            );
            (policy.cbec_tax_share, units)
        }
        AppliedRegime::GeneralTrade | AppliedRegime::CbecSingleItemFullTax => {
            (Decimal::ONE, ONE_RATE)
        }
    };
    let mut items = Vec::with_capacity(req.items.len());
    let (mut duty_total, mut consumption_total, mut vat_total) =
        (Total::default(), Total::default(), Total::default());
    for (index, (item, line)) in req.items.iter().zip(&lines).enumerate() {
        let units = &input.items[index];
        let [freight, insurance] = allocated[index];
        let base = units.value * to_allocation + freight + insurance;
        let ctx = ItemContext {
            index,
            item,
            line,
            date: req.date,
            certificate,
            dutiable_value: rate.dutiable_value(base),
            quantity: units.quantity,
            origin: units.origin,
            share,
            share_units,
            zero_duty: regime == AppliedRegime::CbecRetail,
        };
        let amounts = tax_item(&ctx, freight, insurance, &mut items)?;
        duty_total.add(amounts.duty);
        consumption_total.add(amounts.consumption_tax);
        vat_total.add(amounts.vat);
    }

    let exemption = match regime {
        AppliedRegime::GeneralTrade => Some(policy.exemption_threshold_cny),
        // CBEC retail imports do not enjoy the small-amount exemption (财关税〔2016〕18号).
        AppliedRegime::CbecRetail | AppliedRegime::CbecSingleItemFullTax => None,
    };
    let duty = total(TaxKind::Duty, duty_total, exemption);
    let consumption_tax = total(TaxKind::ConsumptionTax, consumption_total, exemption);
    let vat = total(TaxKind::Vat, vat_total, exemption);
    let total_payable = duty.payable + consumption_tax.payable + vat.payable;
    Ok(TaxQuote {
        date: req.date,
        regime,
        currency: req.currency.clone(),
        exchange_rate,
        dutiable_value_cny,
        items,
        duty,
        consumption_tax,
        vat,
        total_payable,
        cbec,
    })
}

/// The customs exchange rate as an integer multiplier.
struct ExchangeRate {
    /// CNY per unit at [`EXCHANGE_RATE_SCALE`] decimals.
    units: i128,
    /// When the rate has at most 4 decimals: the factor turning an amount with 8 decimals
    /// into CNY at 12 decimals by multiplication alone (no rounding).
    exact_factor: Option<i128>,
}

impl ExchangeRate {
    fn new(rate: Decimal) -> Self {
        // The importer accepts rates above 0, at most 100,000, with at most 8 decimals.
        let units = fixed::units(rate, EXCHANGE_RATE_SCALE, "exchange rate");
        assert!(
            units > 0 && units <= EXCHANGE_RATE_MAX * pow10(EXCHANGE_RATE_SCALE),
            "exchange rate within limits"
        );
        let shift = pow10(EXCHANGE_RATE_SCALE + ALLOCATION_SCALE - AMOUNT_SCALE);
        ExchangeRate {
            units,
            exact_factor: (units % shift == 0).then(|| units / shift),
        }
    }

    /// `base × rate` in units of 1e-12 CNY; `base` in units of 1e-8 (≤ 3e20, so the product
    /// ≤ 3e33 fits); exact unless it has more than 12 decimals (then half up).
    #[inline]
    fn dutiable_value(&self, base: i128) -> i128 {
        match self.exact_factor {
            Some(factor) => base * factor,
            None => mul_div_round(
                base,
                self.units,
                pow10(EXCHANGE_RATE_SCALE + ALLOCATION_SCALE - AMOUNT_SCALE),
            ),
        }
    }
}

/// Validated request amounts as integers.
struct RequestUnits {
    /// At [`REQUEST_AMOUNT_SCALE_MAX`] decimals.
    freight: i128,
    insurance: i128,
    items: Vec<ItemUnits>,
}

struct ItemUnits {
    /// At [`REQUEST_AMOUNT_SCALE_MAX`] decimals.
    value: i128,
    /// At [`REQUEST_QUANTITY_SCALE_MAX`] decimals.
    quantity: i128,
    origin: CountryCode,
}

fn validate_request(req: &TaxRequest) -> Result<RequestUnits, TaxError> {
    if req.items.is_empty() {
        return Err(TaxError::NoItems);
    }
    if req.items.len() > REQUEST_ITEMS_MAX {
        return Err(TaxError::TooManyItems {
            count: req.items.len(),
            max: REQUEST_ITEMS_MAX,
        });
    }
    let freight = check_number(
        None,
        "freight",
        req.freight,
        REQUEST_AMOUNT_MAX,
        REQUEST_AMOUNT_SCALE_MAX,
    )?;
    let insurance = check_number(
        None,
        "insurance",
        req.insurance,
        REQUEST_AMOUNT_MAX,
        REQUEST_AMOUNT_SCALE_MAX,
    )?;
    if let Regime::CbecRetail {
        buyer_year_to_date_cny,
    } = req.regime
    {
        check_number(
            None,
            "buyer_year_to_date_cny",
            buyer_year_to_date_cny,
            REQUEST_AMOUNT_MAX,
            REQUEST_AMOUNT_SCALE_MAX,
        )?;
    }
    let mut items = Vec::with_capacity(req.items.len());
    for (i, item) in req.items.iter().enumerate() {
        let value = check_number(
            Some(i),
            "value",
            item.value,
            REQUEST_AMOUNT_MAX,
            REQUEST_AMOUNT_SCALE_MAX,
        )?;
        let quantity = check_number(
            Some(i),
            "quantity_legal",
            item.quantity_legal,
            REQUEST_QUANTITY_MAX,
            REQUEST_QUANTITY_SCALE_MAX,
        )?;
        let origin =
            CountryCode::parse(&item.origin_country).map_err(|_| TaxError::InvalidCountry {
                item: i,
                value: item.origin_country.clone(),
            })?;
        items.push(ItemUnits {
            value,
            quantity,
            origin,
        });
    }
    Ok(RequestUnits {
        freight,
        insurance,
        items,
    })
}

/// Checks a request amount and returns it in units of `10^-scale_max`.
#[inline]
fn check_number(
    item: Option<usize>,
    field: &str,
    x: Decimal,
    max: i64,
    scale_max: u32,
) -> Result<i128, TaxError> {
    // The usual case, decided without a division: not negative, no more decimals than
    // allowed, within the maximum (the same answer as the general path below).
    if !x.is_sign_negative() && x.scale() <= scale_max {
        let units = x.mantissa() * pow10(scale_max - x.scale());
        if units <= i128::from(max) * pow10(scale_max) {
            return Ok(units);
        }
    }
    check_number_slow(item, field, x, max, scale_max)
}

/// [`check_number`] in general, with the reason when the amount is refused.
#[cold]
fn check_number_slow(
    item: Option<usize>,
    field: &str,
    x: Decimal,
    max: i64,
    scale_max: u32,
) -> Result<i128, TaxError> {
    let units = to_units(x, scale_max);
    let over = match units {
        Some(u) => u > i128::from(max) * pow10(scale_max),
        None => x > Decimal::from(max),
    };
    let reason = if x.is_sign_negative() && !x.is_zero() {
        "must not be negative".to_owned()
    } else if over {
        format!("must be at most {max}")
    } else if let Some(units) = units {
        return Ok(units);
    } else {
        format!("must have at most {scale_max} decimals")
    };
    let field = match item {
        Some(i) => format!("items[{i}].{field}"),
        None => field.to_owned(),
    };
    Err(TaxError::InvalidAmount {
        item,
        field,
        reason,
    })
}

fn resolve_lines<'t>(
    tariff: &'t Tariff,
    req: &TaxRequest,
) -> Result<Vec<&'t TariffLine>, TaxError> {
    let mut lines = Vec::with_capacity(req.items.len());
    for (item, i) in req.items.iter().enumerate() {
        lines.push(
            tariff
                .lookup(&i.tariff_code)
                .ok_or_else(|| TaxError::UnknownTariffLine {
                    item,
                    code: i.tariff_code.clone(),
                })?,
        );
    }
    Ok(lines)
}

/// Item indices in an order that depends only on the items' contents, so that allocation tie
/// breaks and sums do not depend on the order the caller listed them in. Items equal under
/// this key are interchangeable, so their relative order cannot change any result.
/// (tariff code, value at 4 decimals, quantity at 6 decimals, origin, WTO member).
type CanonicalKey = (u64, i128, i128, [u8; 3], bool);

fn canonical_order(req: &TaxRequest, lines: &[&TariffLine], units: &[ItemUnits]) -> Vec<usize> {
    // Keys are integers (amounts validated to at most 4 and 6 decimals, exact in units).
    let mut keyed: Vec<(CanonicalKey, usize)> = req
        .items
        .iter()
        .zip(lines)
        .zip(units)
        .enumerate()
        .map(|(i, ((item, line), u))| {
            let key = (
                line.code().as_number(),
                u.value,
                u.quantity,
                u.origin.as_bytes(),
                item.origin_wto_member,
            );
            (key, i)
        })
        .collect();
    // Ties on the full key are interchangeable items; breaking them by index is harmless.
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// CBEC limits: within both → reduced CBEC taxation; one indivisible item above the
/// transaction limit but within the yearly one → full tax; otherwise refused.
fn cbec_regime(
    req: &TaxRequest,
    lines: &[&TariffLine],
    year_to_date_cny: Decimal,
    transaction_cny: Decimal,
    policy: &TaxPolicy,
) -> Result<AppliedRegime, TaxError> {
    let over_transaction = transaction_cny > policy.cbec_transaction_limit_cny;
    let single_indivisible_item = req.items.len() == 1
        && (!lines[0].first_legal_unit().is_counted()
            || req.items[0].quantity_legal == Decimal::ONE);
    if over_transaction && !single_indivisible_item {
        return Err(TaxError::CbecTransactionLimitExceeded {
            transaction_cny,
            limit_cny: policy.cbec_transaction_limit_cny,
        });
    }
    if year_to_date_cny + transaction_cny > policy.cbec_yearly_limit_cny {
        return Err(TaxError::CbecYearlyLimitExceeded {
            year_to_date_cny,
            transaction_cny,
            limit_cny: policy.cbec_yearly_limit_cny,
        });
    }
    Ok(if over_transaction {
        AppliedRegime::CbecSingleItemFullTax
    } else {
        AppliedRegime::CbecRetail
    })
}

struct ItemContext<'a> {
    index: usize,
    item: &'a TaxItem,
    line: &'a TariffLine,
    date: Date,
    /// The certified agreement and its members.
    certificate: Option<(&'a Agreement, &'a CountrySet)>,
    /// Dutiable value in units of 1e-12 CNY.
    dutiable_value: i128,
    /// Legal quantity in units of 1e-6.
    quantity: i128,
    /// Validated origin country.
    origin: CountryCode,
    /// Share of VAT and consumption tax collected (1, or 0.7 under CBEC retail).
    share: Decimal,
    /// `share` in units of 1e-6.
    share_units: i128,
    /// CBEC retail within limits: duty rate 0.
    zero_duty: bool,
}

/// An item's three amounts in units of 1e-12 CNY (consumption tax 0 when not levied).
struct ItemAmounts {
    duty: i128,
    consumption_tax: i128,
    vat: i128,
}

/// Taxes one item and appends its [`ItemTax`] to `items`; `freight` and `insurance` are the
/// item's shares at [`ALLOCATION_SCALE`].
///
/// The amounts are computed first, on integers and rate indices; the explanation is then
/// built once, in a single expression, so the large result is written out once rather than
/// assembled from moved parts.
#[inline]
fn tax_item(
    ctx: &ItemContext<'_>,
    freight: i128,
    insurance: i128,
    items: &mut Vec<ItemTax>,
) -> Result<ItemAmounts, TaxError> {
    let (line, item) = (ctx.line, ctx.item);
    let dv = ctx.dutiable_value;
    let quantity = ctx.quantity;
    let missing = |rate: &str| TaxError::NoValidRate {
        item: ctx.index,
        code: item.tariff_code.clone(),
        rate: rate.to_owned(),
        date: ctx.date,
    };
    let shared = ctx.share_units != ONE_RATE;
    let apply_share = |legal: i128| {
        if shared {
            mul_div_round(legal, ctx.share_units, ONE_RATE)
        } else {
            legal
        }
    };

    // Duty: none under CBEC retail within limits, else the chosen rate.
    let duty = if ctx.zero_duty {
        None
    } else {
        Some(
            select_duty(&DutyContext {
                line,
                on: ctx.date,
                origin_country: ctx.origin,
                origin_wto_member: item.origin_wto_member,
                certificate: ctx.certificate,
                dutiable_value_units: dv,
                quantity_units: quantity,
            })
            .map_err(|m| missing(m.0))?,
        )
    };
    let (duty_cny, duty_specific) = duty.map_or((0, 0), |d| (d.chosen.1, d.levy.specific));

    // Consumption tax; the legal (full) amount also enters the VAT base under CBEC.
    // (index, ad-valorem base, legal amount, amount after the share)
    let consumption = line.consumption_tax_index(ctx.date).map(|i| {
        let shape = &line.consumption_taxes[i].levy;
        let levy = line.consumption_fixed(i);
        // The importer keeps consumption-tax rates below 100 %: 1 − rate ≥ 1e-6.
        assert!(levy.rate < ONE_RATE, "consumption-tax rate below 100 %");
        let specific_part = levy.specific_part(quantity);
        let base = match shape {
            Levy::AdValorem { .. } => dv + duty_cny,
            Levy::Specific { .. } => 0,
            Levy::Compound { .. } => dv + duty_cny + specific_part,
        };
        // base / (1 − rate) × rate, computed as base × rate / (1 − rate) and carried to
        // 1e-12 CNY (half up): the one place a division makes rounding necessary.
        let quotient = if levy.rate == 0 {
            0
        } else {
            mul_div_round(base, levy.rate, ONE_RATE - levy.rate)
        };
        let legal = match shape {
            Levy::AdValorem { .. } => quotient,
            Levy::Specific { .. } => specific_part,
            Levy::Compound { .. } => quotient + specific_part,
        };
        (i, levy.specific, base, legal, apply_share(legal))
    });
    let (consumption_specific, consumption_legal, consumption_cny) = consumption
        .map_or((0, 0, 0), |(_, specific, _, legal, cny)| {
            (specific, legal, cny)
        });

    let vat_index = line.vat_index(ctx.date).ok_or_else(|| missing("vat"))?;
    let vat_levy = line.vat_fixed(vat_index);
    let vat_base = dv + duty_cny + consumption_legal;
    // One rounding for rate × share: b = rate × share ≤ 1e12 (see `fixed` for the bounds).
    let vat_cny = if shared {
        mul_div_round(
            vat_base,
            vat_levy.rate * ctx.share_units,
            ONE_RATE * ONE_RATE,
        )
    } else {
        mul_div_round(vat_base, vat_levy.rate, ONE_RATE)
    };

    if (duty_specific > 0 || consumption_specific > 0) && quantity == 0 {
        return Err(TaxError::MissingQuantity {
            item: ctx.index,
            code: item.tariff_code.clone(),
        });
    }

    let code = *line.code();
    let dv_decimal = amount_decimal(dv);
    let vat_rate = &line.vat_rates[vat_index];
    items.push(ItemTax {
        index: ctx.index,
        tariff_code: code,
        value: item.value,
        freight_allocated: units_decimal(freight, ALLOCATION_SCALE),
        insurance_allocated: units_decimal(insurance, ALLOCATION_SCALE),
        dutiable_value_cny: dv_decimal,
        duty: match &duty {
            None => TaxLine {
                kind: TaxKind::Duty,
                base_cny: dv_decimal,
                quantity_legal: item.quantity_legal,
                levy: Levy::AdValorem {
                    rate: Decimal::ZERO,
                },
                source: RateSource {
                    tariff_code: code,
                    kind: RateKind::CbecZeroDuty,
                    validity: None,
                },
                share: Decimal::ONE,
                formula: Cow::Borrowed(
                    "duty = 0 (CBEC retail import within limits: duty rate 0 %)",
                ),
                amount_unrounded: Decimal::ZERO,
            },
            Some(d) => {
                let levy = line.duty_rates[d.chosen.0].levy;
                TaxLine {
                    kind: TaxKind::Duty,
                    base_cny: dv_decimal,
                    quantity_legal: item.quantity_legal,
                    levy,
                    source: rate_source(line, d.chosen.0),
                    share: Decimal::ONE,
                    formula: Cow::Borrowed(duty_formula(&levy)),
                    amount_unrounded: amount_decimal(d.chosen.1),
                }
            }
        },
        duty_decision: duty.map(|d| d.decision(line, ctx.certificate.map(|c| c.0), ctx.origin)),
        consumption_tax: consumption.map(|(i, _, base, _, cny)| {
            let ct = &line.consumption_taxes[i];
            TaxLine {
                kind: TaxKind::ConsumptionTax,
                base_cny: amount_decimal(base),
                quantity_legal: item.quantity_legal,
                levy: ct.levy,
                source: RateSource {
                    tariff_code: code,
                    kind: RateKind::ConsumptionTax,
                    validity: Some(ct.validity),
                },
                share: ctx.share,
                formula: Cow::Borrowed(consumption_formula(&ct.levy, shared)),
                amount_unrounded: amount_decimal(cny),
            }
        }),
        vat: TaxLine {
            kind: TaxKind::Vat,
            base_cny: amount_decimal(vat_base),
            quantity_legal: item.quantity_legal,
            levy: vat_rate.levy,
            source: RateSource {
                tariff_code: code,
                kind: RateKind::Vat,
                validity: Some(vat_rate.validity),
            },
            share: ctx.share,
            formula: Cow::Borrowed(if shared {
                "vat = (dutiable_value + duty + consumption_tax_at_full_rate) × vat_rate × share"
            } else {
                "vat = (dutiable_value + duty + consumption_tax) × vat_rate"
            }),
            amount_unrounded: amount_decimal(vat_cny),
        },
    });
    Ok(ItemAmounts {
        duty: duty_cny,
        consumption_tax: consumption_cny,
        vat: vat_cny,
    })
}

fn duty_formula(levy: &Levy) -> &'static str {
    match levy {
        Levy::AdValorem { .. } => "duty = dutiable_value × ad_valorem_rate",
        Levy::Specific { .. } => "duty = quantity × specific_cny_per_unit",
        Levy::Compound { .. } => {
            "duty = dutiable_value × ad_valorem_rate + quantity × specific_cny_per_unit"
        }
    }
}

fn consumption_formula(levy: &Levy, shared: bool) -> &'static str {
    match (levy, shared) {
        (Levy::AdValorem { .. }, false) => {
            "consumption_tax = (dutiable_value + duty) / (1 − rate) × rate [quotient carried to 1e-12 CNY, half up]"
        }
        (Levy::AdValorem { .. }, true) => {
            "consumption_tax = (dutiable_value + duty) / (1 − rate) × rate × share [quotient carried to 1e-12 CNY, half up]"
        }
        (Levy::Specific { .. }, false) => "consumption_tax = quantity × specific_cny_per_unit",
        (Levy::Specific { .. }, true) => {
            "consumption_tax = quantity × specific_cny_per_unit × share"
        }
        (Levy::Compound { .. }, false) => {
            "consumption_tax = (dutiable_value + duty + quantity × specific) / (1 − rate) × rate + quantity × specific [quotient carried to 1e-12 CNY, half up]"
        }
        (Levy::Compound { .. }, true) => {
            "consumption_tax = ((dutiable_value + duty + quantity × specific) / (1 − rate) × rate + quantity × specific) × share [quotient carried to 1e-12 CNY, half up]"
        }
    }
}

/// Takes the exact sum of the item amounts, rounds it once with [`round_fen`], applies the exemption.
fn total(kind: TaxKind, sum: Total, exemption_threshold_cny: Option<Decimal>) -> TaxTotal {
    let sum_unrounded = sum.to_decimal();
    let rounded = round_fen(sum_unrounded);
    let exempt = exemption_threshold_cny.is_some_and(|threshold| {
        rounded > Decimal::ZERO && rounded.cmp(&threshold) == Ordering::Less
    });
    TaxTotal {
        kind,
        sum_unrounded,
        rounded,
        rounding: Cow::Borrowed("round_fen: once per tax per consignment, to 0.01 CNY, half up"),
        exemption_threshold_cny,
        exempt,
        payable: if exempt { Decimal::ZERO } else { rounded },
    }
}

impl TaxQuote {
    /// The explanation as text lines, rendered from the structured result.
    pub fn explanation(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.push(format!(
            "{} on {}: {} at {} CNY per unit; dutiable value {} CNY",
            match self.regime {
                AppliedRegime::GeneralTrade => "General trade",
                AppliedRegime::CbecRetail => "CBEC retail import (duty 0, VAT and consumption tax at the CBEC share)",
                AppliedRegime::CbecSingleItemFullTax =>
                    "CBEC retail import, single indivisible item above the transaction limit: taxed in full as general trade",
            },
            self.date,
            self.currency,
            self.exchange_rate.normalize(),
            self.dutiable_value_cny.normalize(),
        ));
        for item in &self.items {
            out.push(format!(
                "item {} ({}): ({} + freight {} + insurance {}) × {} = {} CNY",
                item.index,
                item.tariff_code,
                item.value,
                item.freight_allocated.normalize(),
                item.insurance_allocated.normalize(),
                self.exchange_rate.normalize(),
                item.dutiable_value_cny.normalize(),
            ));
            if let Some(decision) = &item.duty_decision {
                for note in &decision.notes {
                    out.push(format!("  duty rate choice: {note:?}"));
                }
            }
            for line in [
                Some(&item.duty),
                item.consumption_tax.as_ref(),
                Some(&item.vat),
            ]
            .into_iter()
            .flatten()
            {
                out.push(format!(
                    "  {}: {} [{} rate {}%{}, {} {}{}]; base {} CNY, quantity {}{} → {} CNY (unrounded)",
                    line.kind.name(),
                    line.formula,
                    line.levy.shape_name(),
                    (line.levy.ad_valorem() * Decimal::ONE_HUNDRED).normalize(),
                    if line.levy.specific().is_zero() { String::new() } else { format!(" + {} CNY/unit", line.levy.specific()) },
                    line.source.kind.name(),
                    line.source.tariff_code,
                    line.source.validity.map_or(String::new(), |v| format!(
                        " valid {}..{}",
                        v.from,
                        v.to.map_or("open".to_owned(), |t| t.to_string())
                    )),
                    line.base_cny.normalize(),
                    line.quantity_legal,
                    if line.share == Decimal::ONE { String::new() } else { format!(", share {}", line.share) },
                    line.amount_unrounded.normalize(),
                ));
            }
        }
        for t in [&self.duty, &self.consumption_tax, &self.vat] {
            out.push(format!(
                "{}: sum {} → {} ({}){} → payable {} CNY",
                t.kind.name(),
                t.sum_unrounded.normalize(),
                t.rounded,
                t.rounding,
                if t.exempt {
                    format!(
                        ", exempt: below {} CNY per consignment",
                        t.exemption_threshold_cny.unwrap_or_default()
                    )
                } else {
                    String::new()
                },
                t.payable,
            ));
        }
        if let Some(c) = &self.cbec {
            out.push(format!(
                "CBEC quota: transaction {} CNY (limit {}), year to date {} → {} CNY (limit {})",
                c.transaction_value_cny.normalize(),
                c.transaction_limit_cny,
                c.year_to_date_before_cny,
                c.year_to_date_after_cny.normalize(),
                c.yearly_limit_cny,
            ));
        }
        out.push(format!("total payable {} CNY", self.total_payable));
        out
    }
}
