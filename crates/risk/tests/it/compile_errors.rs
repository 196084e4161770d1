//! Compile errors: every error of a text at once, with exact line:column and stable codes.

use chuanyu_risk::{CompileError, NamedLists, compile};

fn errors(source: &str) -> Vec<(u32, u32, &'static str)> {
    match compile(source, 1, &NamedLists::new()) {
        Ok(_) => panic!("expected errors for:\n{source}"),
        Err(errors) => errors.iter().map(|e| (e.line, e.column, e.code)).collect(),
    }
}

fn check(source: &str, expected: &[(u32, u32, &str)]) {
    assert_eq!(errors(source), expected, "source:\n{source}");
}

#[test]
fn all_semantic_errors_are_reported_at_once_with_positions() {
    let source = "\
rule a: when hs starts_with 8541 then red
rule b: when colour = \"x\" then red
rule c: when unit_value_cny < \"20\" then red
rule d: when trader in list nope then red
rule a: when hs = \"1\" then red
rule e: when hs = \"1\" then red 150%
rule f: when hs = \"1\" then red valid 2026-02-30..2026-12-31
rule g: when hs = \"1\" then purple
";
    check(
        source,
        &[
            (1, 29, "type_mismatch"),
            (2, 14, "unknown_field"),
            (3, 31, "type_mismatch"),
            (4, 29, "unknown_list"),
            (5, 6, "duplicate_rule_id"),
            (6, 32, "bad_probability"),
            (7, 38, "bad_date"),
            (8, 28, "unknown_lane"),
        ],
    );
}

#[test]
fn syntax_errors_recover_at_the_next_statement() {
    let source = "\
rule a: when hs = \"1\" and then red
rule b: when hs = \"1\" then red
rule c when hs = \"1\" then red
rule d: when (hs = \"1\" then red
rule e: when value_cny ~ 3 then red
rule f: when origin = JPN then red because \"open
";
    check(
        source,
        &[
            (1, 27, "unexpected_token"),
            (3, 8, "unexpected_token"),
            (4, 24, "unexpected_token"),
            (5, 24, "unexpected_character"),
            (5, 26, "unexpected_token"),
            (6, 44, "unterminated_string"),
        ],
    );
}

#[test]
fn type_and_operator_errors() {
    check(
        "rule a: when trade_mode = 0110 then red",
        &[(1, 27, "type_mismatch")],
    );
    check(
        "rule a: when value_cny starts_with \"1\" then red",
        &[(1, 24, "bad_operator")],
    );
    check(
        "rule a: when aeo_level < advanced then red",
        &[(1, 24, "bad_operator")],
    );
    check(
        "rule a: when aeo_level = platinum then red",
        &[(1, 26, "bad_enum_value")],
    );
    check(
        "rule a: when ie_flag = \"transit\" then red",
        &[(1, 24, "bad_enum_value")],
    );
    check(
        "rule a: when value_cny then red",
        &[(1, 14, "type_mismatch")],
    );
    check(
        "rule a: when partner_mra_aeo = yes then red",
        &[(1, 32, "type_mismatch")],
    );
    check(
        "rule a: when value_cny > 1.2.3 then red",
        &[(1, 26, "bad_number")],
    );
    check(
        "rule a: when value_cny in list x then red",
        &[(1, 32, "type_mismatch")],
    );
    check(
        "rule a: when origin = declaration_origin then red",
        &[(1, 23, "field_on_right")],
    );
}

#[test]
fn directive_errors() {
    let source = "\
random green 1%
random red 1%
random red 2%
random yellow 101%
facilitation aeo-platinum random 10%
facilitation aeo-advanced random 20% rules 50%
facilitation aeo-advanced rules 10%
list l = (a, b)
list l = (c)
";
    check(
        source,
        &[
            (1, 8, "bad_lane"),
            (3, 8, "duplicate_directive"),
            (4, 15, "bad_probability"),
            (5, 14, "unknown_tier"),
            (7, 14, "duplicate_directive"),
            (9, 6, "duplicate_list"),
        ],
    );
}

#[test]
fn inline_list_may_not_shadow_an_external_list() {
    let lists: NamedLists = [("watch", ["A"])].into_iter().collect();
    let errors = compile("list watch = (B)", 1, &lists).expect_err("duplicate");
    assert_eq!(errors[0].code, "duplicate_list");
}

#[test]
fn probability_bounds_and_resolution() {
    check(
        "rule a: when hs = \"1\" then red 0%",
        &[(1, 32, "bad_probability")],
    );
    check(
        "rule a: when hs = \"1\" then red 0.00001%",
        &[(1, 32, "bad_probability")],
    );
    assert!(
        compile(
            "rule a: when hs = \"1\" then red 0.0001%",
            1,
            &NamedLists::new()
        )
        .is_ok()
    );
    assert!(compile("random red 0%", 1, &NamedLists::new()).is_ok());
}

#[test]
fn rule_versions_need_disjoint_validity() {
    let overlapping = "\
rule a: when hs = \"1\" then red valid 2026-01-01..2026-06-30
rule a: when hs = \"1\" then yellow valid 2026-06-30..2026-12-31
";
    check(overlapping, &[(2, 6, "overlapping_validity")]);
    check(
        "rule a: when hs = \"1\" then red valid 2026-12-31..2026-01-01",
        &[(1, 38, "bad_date_range")],
    );
    let disjoint = "\
rule a: when hs = \"1\" then red valid 2026-01-01..2026-06-30
rule a: when hs = \"1\" then yellow valid 2026-07-01..2026-12-31
";
    let rules = compile(disjoint, 1, &NamedLists::new()).expect("disjoint versions compile");
    assert_eq!(rules.rule_count(), 2);
}

#[test]
fn nesting_is_limited() {
    let deep = format!(
        "rule a: when {}hs = \"1\"{} then red",
        "(".repeat(40),
        ")".repeat(40)
    );
    let errors = errors(&deep);
    assert_eq!(errors, vec![(1, 46, "nesting_too_deep")]);
}

#[test]
fn display_is_line_colon_column_message() {
    let error: CompileError = compile("rule a: when colour = 1 then red", 1, &NamedLists::new())
        .expect_err("unknown field")
        .remove(0);
    assert_eq!(
        error.to_string(),
        "1:14: unknown field `colour` (see LANGUAGE.md for the fields)"
    );
}

#[test]
fn comments_and_multiline_rules_are_accepted() {
    let source = "\
# header comment
random red 1%   # trailing comment
rule a:
    when hs starts_with (\"8541\", \"8542\")   # chips
     and not origin in (CHN)
    then red 30%
    valid 2026-01-01..2026-12-31
    because \"reason with \\\"quotes\\\"\"
    author \"analyst 7\"
";
    let rules = compile(source, 3, &NamedLists::new()).expect("compiles");
    assert_eq!(rules.rule_count(), 1);
    assert_eq!(rules.version(), 3);
}
