//! The shipped starter rule set compiles and decides the demo cases as intended; the documentation is complete.

use chuanyu_risk::{Lane, NamedLists, compile, field_names};

use crate::{declaration, item, on};

const STARTER: &str = include_str!("../../rules/starter.rules");
const LANGUAGE: &str = include_str!("../../LANGUAGE.md");

#[test]
fn starter_rules_compile() {
    let rules = compile(STARTER, 1, &NamedLists::new()).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert!(
        (10..=20).contains(&rules.rule_count()),
        "{}",
        rules.rule_count()
    );
    assert_eq!(rules.random_rate_ppm(Lane::Red), 10_000);
}

#[test]
fn starter_rules_decide_demo_cases() {
    let rules = compile(STARTER, 1, &NamedLists::new()).expect("compiles");
    let beef = declaration(
        "DEMO-BEEF",
        vec![item("0202300090", "BRA", "1000", "40000")],
    );
    let a = rules.assess(&beef, on());
    assert_eq!(a.lane, Lane::Red);
    assert!(
        a.hits
            .iter()
            .any(|h| h.rule_id == "beef-origin" && h.item_index == Some(0))
    );

    let mut trader = declaration(
        "DEMO-TRADER",
        vec![item("8471300000", "USA", "10", "30000")],
    );
    trader.trader_code = "3101960002".into();
    let a = rules.assess(&trader, on());
    assert!(
        a.hits
            .iter()
            .any(|h| h.rule_id == "high-risk-trader" && h.item_index.is_none())
    );

    let chips = declaration(
        "DEMO-CHIPS",
        vec![item("8542310000", "KOR", "10000", "50000")],
    );
    let a = rules.assess(&chips, on());
    assert_eq!(a.hits[0].rule_id, "undervalued-semiconductors");
    assert_eq!(a.hits[0].probability_ppm, 300_000);
    // out of validity the 2026 rule does not apply
    let a = rules.assess(&chips, jiff::civil::date(2027, 1, 1));
    assert!(
        a.hits
            .iter()
            .all(|h| h.rule_id != "undervalued-semiconductors"),
        "{:?}",
        a.hits
    );
}

#[test]
fn language_doc_lists_every_field_and_error_code() {
    for name in field_names() {
        assert!(
            LANGUAGE.contains(&format!("`{name}`")),
            "LANGUAGE.md does not document field `{name}`"
        );
    }
    let source = include_str!("../../src/compile.rs").to_owned()
        + include_str!("../../src/syntax.rs")
        + include_str!("../../src/error.rs");
    // Every code literal passed as the second argument of CompileError::at / self.error.
    let mut codes = Vec::new();
    for window in source.split('"').collect::<Vec<_>>().windows(3) {
        let code = window[1];
        let looks_like_code = !code.is_empty()
            && code.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            && code.contains('_')
            && window[0].trim_end().ends_with(',');
        if looks_like_code && !codes.contains(&code) {
            codes.push(code);
        }
    }
    assert!(codes.len() >= 20, "{codes:?}");
    for code in codes {
        assert!(
            LANGUAGE.contains(&format!("`{code}`")),
            "LANGUAGE.md does not document error code `{code}`"
        );
    }
}
