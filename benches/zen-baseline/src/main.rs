//! In-run baseline: chuanyu-risk `assess` vs GoRules zen-engine decision tables, same 1,000 rules, same 10,000 declarations, same process.
//!
//! Run: `cd benches/zen-baseline && CARGO_TARGET_DIR=/work/target-zen cargo run --release`
//! Options: `--rounds N` (default 15), `--write-jdm FILE` (write the generated JDM graph,
//! loadable in the GoRules editor).
//!
//! 1. Generates the rules and declarations with the risk crate's own generator
//!    (crates/risk/tests/it/synth.rs, included by path, unchanged).
//! 2. Compiles the rule text with chuanyu and translates the same text into a JDM graph
//!    (src/translate.rs), compiled by zen (`Decision::compile`: bytecode cache + zen's
//!    table index).
//! 3. Checks equivalence: for every declaration the set of matched rule ids must be equal
//!    (chuanyu: every hit, selected or not; zen: every collected row).
//! 4. Times both engines, rounds interleaved, each round 10,000 evaluations: all 10,000
//!    20-item declarations cycled (cache-cold), zen also with the input conversion inside
//!    the loop, and the first 64 declarations cycled (cache-hot); prints the median
//!    per-declaration time of the rounds and the ratio.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chuanyu_risk::{CompiledRuleSet, DeclarationFacts, compile};
use jiff::civil::{Date, date};
use zen_engine::model::DecisionContent;
use zen_engine::{Decision, DecisionEngine, Variable};

#[path = "../../../crates/risk/tests/it/synth.rs"]
mod synth;
mod translate;
mod zen_input;

const ON: Date = date(2026, 6, 1);
const RULES: usize = 1_000;
const DECLARATIONS: usize = 10_000;
const ITEMS: usize = 20;
const HOT: usize = 64;

fn chuanyu_matched(rules: &CompiledRuleSet, d: &DeclarationFacts) -> BTreeSet<String> {
    rules
        .assess(d, ON)
        .hits
        .into_iter()
        .map(|h| h.rule_id)
        .collect()
}

/// Rule ids in zen's result: `header_hits` (array of rows) and `item_hits` (per item, array of rows).
fn zen_matched(result: &serde_json::Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |rows: &serde_json::Value| {
        for row in rows.as_array().expect("collect output is an array") {
            out.insert(row["id"].as_str().expect("id").to_owned());
        }
    };
    add(&result["header_hits"]);
    for item in result["item_hits"].as_array().expect("item_hits array") {
        add(item);
    }
    out
}

async fn zen_eval(decision: &Decision, input: &Variable) -> serde_json::Value {
    decision
        .evaluate(input.clone())
        .await
        .expect("zen evaluates")
        .result
        .to_value()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn per_decl(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6 / DECLARATIONS as f64
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let rounds: usize = arg("--rounds").map_or(15, |r| r.parse().expect("--rounds N"));

    // ---- fixture (the risk crate's generator, same seeds as its benchmark)
    let lists = synth::lists();
    let text = synth::rules_text(RULES, 42);
    let declarations = synth::declarations(DECLARATIONS, Some(ITEMS), 7);

    let t = Instant::now();
    let rules = compile(&text, 1, &lists).expect("rules compile");
    let chuanyu_compile = t.elapsed();

    let t = Instant::now();
    let tr = translate::translate(&text, &lists, ON);
    let translate_time = t.elapsed();
    if let Some(path) = arg("--write-jdm") {
        std::fs::write(&path, serde_json::to_string_pretty(&tr.jdm).expect("json"))
            .expect("write JDM");
        println!("JDM graph written to {path}");
    }
    let jdm_bytes = serde_json::to_string(&tr.jdm).expect("json").len();
    let t = Instant::now();
    let content: DecisionContent = serde_json::from_value(tr.jdm.clone()).expect("valid JDM");
    let mut decision = DecisionEngine::default()
        .create_decision(Arc::new(content))
        .expect("graph decision");
    decision.compile();
    decision.validate().expect("valid graph");
    let zen_compile = t.elapsed();

    println!(
        "rules: {RULES} ({} header-table rows, {} item-table rows, {} not valid on {ON} left out, {} rows with a non-indexable `expr` cell); JDM {:.1} KiB",
        tr.header_rules,
        tr.item_rules,
        tr.skipped_not_valid,
        tr.expr_rows,
        jdm_bytes as f64 / 1024.0
    );
    println!("header record fields: {:?}", tr.header_fields);
    println!("item record fields:   {:?}", tr.item_fields);
    println!(
        "compile: chuanyu {:.2} ms; zen translate {:.2} ms + parse/compile {:.2} ms",
        chuanyu_compile.as_secs_f64() * 1e3,
        translate_time.as_secs_f64() * 1e3,
        zen_compile.as_secs_f64() * 1e3
    );

    let t = Instant::now();
    let inputs: Vec<Variable> = declarations
        .iter()
        .map(|d| zen_input::to_variable(d, &tr.header_fields, &tr.item_fields))
        .collect();
    let conversion = t.elapsed();

    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio runtime");

    // ---- equivalence: matched rule-id sets on every declaration
    let check = |count: usize| -> (usize, usize, usize) {
        let (mut mismatches, mut chuanyu_hits, mut zen_hits) = (0, 0, 0);
        for (d, input) in declarations.iter().zip(&inputs).take(count) {
            let a = chuanyu_matched(&rules, d);
            let b = zen_matched(&rt.block_on(zen_eval(&decision, input)));
            chuanyu_hits += a.len();
            zen_hits += b.len();
            if a != b {
                if mismatches < 5 {
                    println!(
                        "MISMATCH {}: chuanyu only {:?}, zen only {:?}",
                        d.declaration_id,
                        a.difference(&b).collect::<Vec<_>>(),
                        b.difference(&a).collect::<Vec<_>>()
                    );
                }
                mismatches += 1;
            }
        }
        (mismatches, chuanyu_hits, zen_hits)
    };
    let (mismatches, chuanyu_hits, zen_hits) = check(DECLARATIONS);
    let distinct: BTreeSet<String> = declarations
        .iter()
        .flat_map(|d| chuanyu_matched(&rules, d))
        .collect();
    println!(
        "equivalence on {DECLARATIONS} declarations: {} ({mismatches} mismatching); matched rules: chuanyu {chuanyu_hits}, zen {zen_hits} ({:.2}/declaration, {} distinct rules)",
        if mismatches == 0 {
            "IDENTICAL matched sets"
        } else {
            "DIFFERENT"
        },
        chuanyu_hits as f64 / DECLARATIONS as f64,
        distinct.len()
    );
    assert_eq!(mismatches, 0, "the translation is not equivalent");

    // ---- timing, rounds interleaved (A, B, C, D, E, A, B, …); each round = DECLARATIONS evaluations
    println!(
        "timing: {rounds} rounds × {DECLARATIONS} evaluations of {ITEMS}-item declarations per variant, one core …"
    );
    let (mut chuanyu_t, mut zen_t, mut zen_conv_t) = (Vec::new(), Vec::new(), Vec::new());
    let (mut chuanyu_hot_t, mut zen_hot_t) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        for d in &declarations {
            black_box(rules.assess(black_box(d), ON));
        }
        chuanyu_t.push(t.elapsed());

        let t = Instant::now();
        rt.block_on(async {
            for input in &inputs {
                black_box(
                    decision
                        .evaluate(black_box(input).clone())
                        .await
                        .expect("zen"),
                );
            }
        });
        zen_t.push(t.elapsed());

        let t = Instant::now();
        rt.block_on(async {
            for d in &declarations {
                let input =
                    zen_input::to_variable(black_box(d), &tr.header_fields, &tr.item_fields);
                black_box(decision.evaluate(input).await.expect("zen"));
            }
        });
        zen_conv_t.push(t.elapsed());

        // cache-hot: the first HOT declarations cycled (as in the risk crate's `_hot` bench)
        let t = Instant::now();
        for i in 0..DECLARATIONS {
            black_box(rules.assess(black_box(&declarations[i % HOT]), ON));
        }
        chuanyu_hot_t.push(t.elapsed());

        let t = Instant::now();
        rt.block_on(async {
            for i in 0..DECLARATIONS {
                let input = black_box(&inputs[i % HOT]).clone();
                black_box(decision.evaluate(input).await.expect("zen"));
            }
        });
        zen_hot_t.push(t.elapsed());
    }

    // inputs are shared (Rc) between iterations: re-check that zen did not alter them
    let (after, _, _) = check(1_000);
    assert_eq!(after, 0, "zen results changed after the timing rounds");

    let range = |v: &[Duration]| {
        let min = v.iter().min().copied().unwrap_or_default();
        let max = v.iter().max().copied().unwrap_or_default();
        format!("{:.2}–{:.2}", per_decl(min), per_decl(max))
    };
    let c = per_decl(median(chuanyu_t.clone()));
    let z = per_decl(median(zen_t.clone()));
    let zc = per_decl(median(zen_conv_t.clone()));
    let ch = per_decl(median(chuanyu_hot_t.clone()));
    let zh = per_decl(median(zen_hot_t.clone()));
    let row = |name: &str, median: f64, v: &[Duration]| {
        println!(
            "| {name} | {median:.2} | {} | {:.0} |",
            range(v),
            1e6 / median
        );
    };
    println!();
    println!(
        "| engine (1,000 rules, 20-item declarations) | median µs/decl | rounds min–max | evaluations/s |"
    );
    println!("|---|---|---|---|");
    row(
        "chuanyu-risk `assess`, 10,000 declarations cycled (cache-cold)",
        c,
        &chuanyu_t,
    );
    row("zen-engine, 10,000 cycled, input pre-converted", z, &zen_t);
    row(
        "zen-engine, 10,000 cycled, incl. `DeclarationFacts` → `Variable` conversion",
        zc,
        &zen_conv_t,
    );
    row(
        &format!("chuanyu-risk `assess`, {HOT} declarations cycled (cache-hot)"),
        ch,
        &chuanyu_hot_t,
    );
    row(
        &format!("zen-engine, {HOT} cycled, input pre-converted"),
        zh,
        &zen_hot_t,
    );
    println!();
    println!(
        "ratio zen ÷ chuanyu: {:.1}× cache-cold (pre-converted zen input), {:.1}× incl. conversion, {:.1}× cache-hot; goal ≥ 2×: {}",
        z / c,
        zc / c,
        zh / ch,
        if z / c >= 2.0 && zh / ch >= 2.0 {
            "met"
        } else {
            "NOT met"
        }
    );
    println!(
        "(one-off conversion of all {DECLARATIONS} declarations before timing: {:.2} µs/decl)",
        per_decl(conversion)
    );
}
