//! chuanyu-risk: the risk & selectivity engine — rule language, compiler, indexed evaluator, deterministic sampling, back-testing.
//!
//! Pure: no IO, no clock, no randomness source. The assessment date and the declaration
//! id are passed in; sampling draws come from SHA-256 of (declaration id, rule id,
//! rule-set version), so the same version and declaration always give the same lane.
//!
//! ```
//! use chuanyu_risk::{compile, NamedLists};
//! let rules = compile(
//!     "random red 1%\nrule cheap-chips: when hs starts_with \"8541\" and unit_value_cny < 20 then red 30% because \"too cheap\"",
//!     1,
//!     &NamedLists::new(),
//! )
//! .expect("valid rules");
//! assert_eq!(rules.rule_count(), 1);
//! ```
//!
//! The language is documented in `LANGUAGE.md` next to this crate's `Cargo.toml`.

mod backtest;
mod compile;
mod engine;
mod error;
mod facts;
mod fields;
mod index;
mod lists;
mod pred;
mod syntax;

pub use backtest::{BacktestReport, LaneStats, RuleStats, backtest};
pub use compile::{RULES_MAX, SOURCE_BYTES_MAX, compile};
pub use engine::{
    Assessment, CompiledRuleSet, FacilitationApplied, Factors, PPM_ONE, RandomDraw, RuleHit,
    draw_ppm, random_stream,
};
pub use error::{CompileError, Pos};
pub use facts::{
    AeoLevel, DeclarationFacts, IeFlag, InspectionOutcome, ItemFacts, Lane, PartyFacts,
};
pub use lists::NamedLists;

/// Every field name the rule language accepts, with its type and scope, as documented.
pub fn field_names() -> impl Iterator<Item = &'static str> {
    fields::FIELDS.iter().map(|f| f.name)
}
