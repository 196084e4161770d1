//! Property tests: adding a rule never lowers a lane; the index never changes a result.

use chuanyu_risk::{NamedLists, compile};
use proptest::prelude::*;

use crate::{on, synth};

fn rule_strategy() -> impl Strategy<Value = String> {
    let condition = prop_oneof![
        (0u8..100).prop_map(|c| format!("hs_chapter = \"{c:02}\"")),
        (1u8..98, 1u8..20).prop_map(|(c, h)| format!("hs starts_with \"{c:02}{h:02}\"")),
        prop::sample::select(synth::COUNTRIES).prop_map(|c| format!("origin = {c}")),
        (0u32..5_000).prop_map(|v| format!("unit_value_cny < {v}")),
        (0u32..8).prop_map(|h| format!("prior_hits >= {h}")),
        prop::sample::select(synth::TRADE_MODES).prop_map(|t| format!("trade_mode = \"{t}\"")),
        prop::sample::select(synth::OFFICES).prop_map(|o| format!("not customs_office = \"{o}\"")),
        Just("aeo_level = none".to_owned()),
    ];
    (
        prop::collection::vec(condition, 1..4),
        prop::bool::ANY,
        prop::sample::select(vec!["green", "blue", "yellow", "red"]),
        prop::sample::select(vec!["100", "50", "10", "1"]),
    )
        .prop_map(|(conditions, any, lane, p)| {
            let joiner = if any { " or " } else { " and " };
            format!("when {} then {lane} {p}%", conditions.join(joiner))
        })
}

fn rule_set(bodies: &[String]) -> String {
    let mut text =
        String::from("random yellow 3%\nfacilitation aeo-general random 50% rules 50%\n");
    for (i, body) in bodies.iter().enumerate() {
        text.push_str(&format!("rule p{i}: {body}\n"));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn adding_a_rule_never_lowers_a_lane(
        bodies in prop::collection::vec(rule_strategy(), 0..12),
        extra in rule_strategy(),
        seed in 0u64..1_000,
    ) {
        let lists = NamedLists::new();
        let before = compile(&rule_set(&bodies), 7, &lists).expect("compiles");
        let mut more = bodies.clone();
        more.push(extra);
        let after = compile(&rule_set(&more), 7, &lists).expect("compiles");
        for d in synth::declarations(40, None, seed) {
            let (old, new) = (before.assess(&d, on()), after.assess(&d, on()));
            prop_assert!(new.lane >= old.lane, "{} lowered {:?} -> {:?}", d.declaration_id, old.lane, new.lane);
        }
    }

    #[test]
    fn index_equals_naive_on_random_rules_and_declarations(
        bodies in prop::collection::vec(rule_strategy(), 1..40),
        seed in 0u64..1_000,
    ) {
        let rules = compile(&rule_set(&bodies), 3, &NamedLists::new()).expect("compiles");
        for d in synth::declarations(30, None, seed) {
            prop_assert_eq!(rules.assess(&d, on()), rules.assess_naive(&d, on()));
        }
    }
}
