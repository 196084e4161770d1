//! Back-testing: counts per lane and rule, hit rates from inspection outcomes, serialisation.

use chuanyu_risk::{BacktestReport, InspectionOutcome, Lane, NamedLists, backtest, compile};
use rust_decimal::Decimal;

use crate::{declaration, item, on, synth};

#[test]
fn report_counts_lanes_rules_and_hit_rates() {
    let source = "\
rule chips: when hs starts_with \"8541\" then red
rule wine: when hs starts_with \"2204\" then yellow 50%
rule never: when hs starts_with \"99\" then red
";
    let rules = compile(source, 4, &NamedLists::new()).expect("compiles");
    let history = vec![
        (
            declaration("A", vec![item("8541100000", "JPN", "1", "1")]),
            Some(InspectionOutcome::Finding),
        ),
        (
            declaration("B", vec![item("8541100000", "JPN", "1", "1")]),
            Some(InspectionOutcome::NoFinding),
        ),
        (
            declaration("C", vec![item("8541100000", "JPN", "1", "1")]),
            None,
        ),
        (
            declaration("D", vec![item("0101210010", "DEU", "1", "1")]),
            Some(InspectionOutcome::NoFinding),
        ),
    ];
    let mut wine: Vec<_> = (0..100)
        .map(|n| {
            (
                declaration(&format!("W{n}"), vec![item("2204210000", "FRA", "1", "1")]),
                None,
            )
        })
        .collect();
    wine.extend(history);
    let report = backtest(&rules, on(), wine);
    assert_eq!(report.declarations, 104);
    assert_eq!(report.rule_set_version, 4);
    assert_eq!(report.lanes[&Lane::Red].declarations, 3);
    assert_eq!(report.lanes[&Lane::Red].inspected, 2);
    assert_eq!(report.lanes[&Lane::Red].hit_rate, Some(Decimal::new(5, 1)));
    assert_eq!(report.rules["chips"].hits, 3);
    assert_eq!(report.rules["chips"].selections, 3);
    assert_eq!(report.rules["chips"].findings, 1);
    assert_eq!(report.rules["never"].hits, 0);
    assert_eq!(report.rules["never"].hit_rate, None);
    let wine = &report.rules["wine"];
    assert_eq!(wine.hits, 100);
    assert!((30..=70).contains(&wine.selections), "{}", wine.selections);
    assert_eq!(report.lanes[&Lane::Yellow].declarations, wine.selections);
    assert_eq!(report.inspected, 3);
    assert_eq!(report.findings, 1);
    assert_eq!(report.hit_rate, Some("0.3333".parse().expect("decimal")));
    let total: u64 = report.lanes.values().map(|l| l.declarations).sum();
    assert_eq!(total, 104);
}

#[test]
fn report_round_trips_through_json_and_matches_individual_assessments() {
    let rules = compile(&synth::rules_text(200, 3), 2, &synth::lists()).expect("compiles");
    let history: Vec<_> = synth::declarations(500, None, 4)
        .into_iter()
        .enumerate()
        .map(|(n, d)| (d, (n % 3 == 0).then_some(InspectionOutcome::NoFinding)))
        .collect();
    let red_expected = history
        .iter()
        .filter(|(d, _)| rules.assess(d, on()).lane == Lane::Red)
        .count() as u64;
    let report = backtest(&rules, on(), history);
    assert_eq!(report.lanes[&Lane::Red].declarations, red_expected);
    assert_eq!(report.hit_rate, Some(Decimal::ZERO));
    let json = serde_json::to_string(&report).expect("serialize");
    assert!(json.contains("\"red\":{"), "{}", &json[..200]);
    let back: BacktestReport = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, report);
}
