//! Back-testing: run a rule set over historical declarations and report lanes, hits, selections and hit rates.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::engine::CompiledRuleSet;
use crate::facts::{DeclarationFacts, InspectionOutcome, Lane};

/// Counts for one rule id (all its versions together).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleStats {
    /// Declarations the rule matched.
    pub hits: u64,
    /// Declarations the rule matched and sampling selected.
    pub selections: u64,
    /// Selected declarations that have an inspection outcome.
    pub inspected: u64,
    /// Of those, outcomes with a finding.
    pub findings: u64,
    /// `findings / inspected`, 4 decimals; `None` without inspections.
    pub hit_rate: Option<Decimal>,
}

/// Counts for one resulting lane.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneStats {
    /// Declarations assigned this lane.
    pub declarations: u64,
    /// Of those, how many have an inspection outcome.
    pub inspected: u64,
    /// Of those, outcomes with a finding.
    pub findings: u64,
    /// `findings / inspected`, 4 decimals; `None` without inspections.
    pub hit_rate: Option<Decimal>,
}

/// What a rule set would have done over a history of declarations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacktestReport {
    /// Version of the rule set tested.
    pub rule_set_version: u64,
    /// Date rule validity was checked against.
    pub assessed_on: Date,
    /// Declarations assessed.
    pub declarations: u64,
    /// Per resulting lane (every lane present, zero if unused).
    pub lanes: BTreeMap<Lane, LaneStats>,
    /// Declarations selected by each lane's random rate.
    pub random_selections: BTreeMap<Lane, u64>,
    /// Per rule id (every rule id present, zero if it never hit).
    pub rules: BTreeMap<String, RuleStats>,
    /// Declarations with an inspection outcome.
    pub inspected: u64,
    /// Of those, outcomes with a finding.
    pub findings: u64,
    /// `findings / inspected` over all inspected declarations, 4 decimals.
    pub hit_rate: Option<Decimal>,
}

fn rate(findings: u64, inspected: u64) -> Option<Decimal> {
    (inspected > 0).then(|| (Decimal::from(findings) / Decimal::from(inspected)).round_dp(4))
}

/// Assesses every declaration on date `on` and aggregates the results.
///
/// The date is a parameter (not read from a clock) because rule validity depends on it;
/// pass the date whose rule versions you want to test.
pub fn backtest(
    rules: &CompiledRuleSet,
    on: Date,
    facts: impl IntoIterator<Item = (DeclarationFacts, Option<InspectionOutcome>)>,
) -> BacktestReport {
    let mut report = BacktestReport {
        rule_set_version: rules.version(),
        assessed_on: on,
        declarations: 0,
        lanes: Lane::ALL
            .iter()
            .map(|&l| (l, LaneStats::default()))
            .collect(),
        random_selections: BTreeMap::new(),
        rules: rules
            .rule_ids()
            .map(|id| (id.to_owned(), RuleStats::default()))
            .collect(),
        inspected: 0,
        findings: 0,
        hit_rate: None,
    };
    for (declaration, outcome) in facts {
        let assessment = rules.assess(&declaration, on);
        report.declarations += 1;
        let finding = u64::from(outcome == Some(InspectionOutcome::Finding));
        let inspected = u64::from(outcome.is_some());
        report.inspected += inspected;
        report.findings += finding;
        let lane = report.lanes.entry(assessment.lane).or_default();
        lane.declarations += 1;
        lane.inspected += inspected;
        lane.findings += finding;
        for draw in assessment.random_draws.iter().filter(|d| d.selected) {
            *report.random_selections.entry(draw.lane).or_default() += 1;
        }
        for hit in &assessment.hits {
            let stats = report.rules.entry(hit.rule_id.clone()).or_default();
            stats.hits += 1;
            if hit.selected {
                stats.selections += 1;
                stats.inspected += inspected;
                stats.findings += finding;
            }
        }
    }
    report.hit_rate = rate(report.findings, report.inspected);
    for lane in report.lanes.values_mut() {
        lane.hit_rate = rate(lane.findings, lane.inspected);
    }
    for stats in report.rules.values_mut() {
        stats.hit_rate = rate(stats.findings, stats.inspected);
    }
    report
}
