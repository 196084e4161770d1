//! chuanyu-tariff: the Chinese import tariff, customs exchange rates and the pure tax engine.
//!
//! Values in, decisions out: nothing here reads a clock, a file or the network. The caller
//! passes readers (for CSV import), dates and amounts; every tax result carries its own
//! explanation (base, rate, source, formula, unrounded amount, rounding, exemption).
//!
//! Decisions (see the module docs for details):
//! - Money is `rust_decimal` in the API; the engine computes in i128 fixed point. Unrounded
//!   amounts are exact except the consumption-tax quotient, carried to 1e-12 CNY (half up),
//!   and the rare product with more than 12 decimals (same rounding; the `fixed` module states
//!   the precision and the overflow bounds). Each tax's consignment total is the exact sum of
//!   the item amounts, rounded once with [`round_fen`] (0.01 CNY, half up).
//! - Tariff rates are converted to fixed point once, when the tariff is built (a cache in
//!   each `TariffLine`, with each agreement's members as a bit set); a quote converts no
//!   `Decimal` rate and searches no member list.
//! - The explanation allocates nothing per item: agreement codes and origins are inline `Copy`
//!   types and the duty notes an inline list (`DutyNotes`), all serialized exactly as the
//!   strings and arrays they replace.
//! - Header freight and insurance are allocated to items in proportion to value, exactly
//!   (8 decimals, largest remainder), so the parts sum to the header amounts.
//! - WTO membership of the origin is per item (`TaxItem::origin_wto_member`): the caller
//!   knows it, the tariff does not.
//! - The 50 CNY exemption applies per tax per consignment, in general trade only, to the
//!   rounded total (a total rounding up to 50.00 is not exempt; a zero tax is not "exempt").
//! - CBEC retail: duty 0, VAT and consumption tax at 70 % of the legal amounts (the VAT base
//!   includes the full consumption tax), no small-amount exemption; the transaction value
//!   is the dutiable value in CNY (price incl. freight and insurance). A single indivisible
//!   item is one `TaxItem` whose quantity is 1 if its legal unit counts pieces.
//! - Limits and shares live in `TaxPolicy` (defaults from the glossary).
//!
//! Module map:
//! - `fixed` (private): i128 fixed-point arithmetic at 1e-12 CNY, with its overflow bounds.
//! - [`money`]: `round_fen`, the only rounding of tax amounts, and exact allocation helpers.
//! - [`code`]: `TariffCode` (10 digits), customs legal-unit codes, and the inline `Copy`
//!   `AgreementCode` and `CountryCode` the explanation carries (serialized as plain strings).
//! - [`model`]: tariff lines, levies, validity periods, agreements and the `Tariff` index.
//! - [`import`]: CSV import of the tariff and of exchange rates, with row errors.
//! - [`exchange`]: monthly customs exchange rates.
//! - [`select`]: which duty rate applies (MFN, provisional, preferential, general).
//! - [`quote`]: the tax engine for general trade and CBEC retail imports.
//! - [`allowance`]: the port duty-free shop allowance check.

pub mod allowance;
pub mod code;
pub mod exchange;
mod fixed;
pub mod import;
pub mod model;
pub mod money;
pub mod quote;
pub mod select;

pub use allowance::{AllowanceCheck, DEFAULT_DUTY_FREE_ALLOWANCE_CNY, duty_free_allowance_check};
pub use code::{AgreementCode, CountryCode, LegalUnit, TariffCode, TariffError};
pub use exchange::ExchangeRates;
pub use import::{RowError, RowErrorCode};
pub use model::{Agreement, DatedLevy, DutyRate, DutyRateKind, Levy, Tariff, TariffLine, Validity};
pub use money::round_fen;
pub use quote::{
    AppliedRegime, CbecAccount, ItemTax, Regime, TaxError, TaxItem, TaxKind, TaxLine, TaxPolicy,
    TaxQuote, TaxRequest, TaxTotal, quote, quote_with_policy,
};
pub use select::{DutyCandidate, DutyDecision, DutyNote, DutyNotes, RateKind, RateSource};
