//! Benchmark of the risk engine: indexed vs naive (evaluate-every-rule) assessment, and compile time.
//!
//! Data is generated deterministically (tests/it/synth.rs): 1,000 realistic rules as text
//! and 10,000 declarations of 20 items (headline) plus 10,000 of 1–50 items.
//! Run: `CARGO_TARGET_DIR=/work/target-risk cargo bench -p chuanyu-risk`

use std::sync::LazyLock;

use chuanyu_risk::{CompiledRuleSet, DeclarationFacts, NamedLists, compile};
use divan::{Bencher, black_box, counter::ItemsCount};
use jiff::civil::{Date, date};

#[path = "../tests/it/synth.rs"]
mod synth;

const ON: Date = date(2026, 6, 1);

struct Fixture {
    lists: NamedLists,
    text_1000: String,
    rules_100: CompiledRuleSet,
    rules_1000: CompiledRuleSet,
    twenty_items: Vec<DeclarationFacts>,
    mixed_items: Vec<DeclarationFacts>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let lists = synth::lists();
    // The 100-rule set is the first 100 rules of the 1,000-rule text (same generator, same seed).
    let rules_100 = compile(&synth::rules_text(100, 42), 1, &lists).expect("100 rules compile");
    let text_1000 = synth::rules_text(1_000, 42);
    let rules_1000 = compile(&text_1000, 1, &lists).expect("1,000 rules compile");
    Fixture {
        lists,
        text_1000,
        rules_100,
        rules_1000,
        twenty_items: synth::declarations(10_000, Some(20), 7),
        mixed_items: synth::declarations(10_000, None, 8),
    }
});

fn rules(count: usize) -> &'static CompiledRuleSet {
    match count {
        100 => &FIXTURE.rules_100,
        _ => &FIXTURE.rules_1000,
    }
}

fn main() {
    let f = &*FIXTURE;
    let candidates = |set: &CompiledRuleSet, ds: &[DeclarationFacts]| {
        ds.iter().map(|d| set.candidate_count(d)).sum::<usize>() as f64 / ds.len() as f64
    };
    let hits = |set: &CompiledRuleSet, ds: &[DeclarationFacts]| {
        ds.iter()
            .map(|d| set.assess(d, ON).hits.len())
            .sum::<usize>() as f64
            / ds.len() as f64
    };
    println!(
        "fixture: 20-item declarations: candidates/decl 100 rules {:.2}, 1000 rules {:.2}; matched rules/decl 100 rules {:.2}, 1000 rules {:.2}",
        candidates(&f.rules_100, &f.twenty_items),
        candidates(&f.rules_1000, &f.twenty_items),
        hits(&f.rules_100, &f.twenty_items),
        hits(&f.rules_1000, &f.twenty_items),
    );
    divan::main();
}

fn run(
    bencher: Bencher,
    set: &CompiledRuleSet,
    declarations: &'static [DeclarationFacts],
    naive: bool,
) {
    let mut next = 0usize;
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        next = (next + 1) % declarations.len();
        let d = black_box(&declarations[next]);
        if naive {
            set.assess_naive(d, ON)
        } else {
            set.assess(d, ON)
        }
    });
}

/// Headline: indexed assessment of a 20-item declaration.
#[divan::bench(args = [100, 1000], sample_count = 200, sample_size = 50)]
fn assess_20_items_indexed(bencher: Bencher, rule_count: usize) {
    run(bencher, rules(rule_count), &FIXTURE.twenty_items, false);
}

/// The same with a cache-resident working set (64 declarations), as in a server that
/// assesses a declaration right after parsing it. The cycling 10,000 declarations
/// above (≈ 50 MB of heap-scattered strings) measure the cache-cold case.
#[divan::bench(args = [100, 1000], sample_count = 200, sample_size = 50)]
fn assess_20_items_indexed_hot(bencher: Bencher, rule_count: usize) {
    run(
        bencher,
        rules(rule_count),
        &FIXTURE.twenty_items[..64],
        false,
    );
}

/// In-run baseline: the same assessment evaluating every rule.
#[divan::bench(args = [100, 1000], sample_count = 200, sample_size = 50)]
fn assess_20_items_naive(bencher: Bencher, rule_count: usize) {
    run(bencher, rules(rule_count), &FIXTURE.twenty_items, true);
}

/// Declarations of 1–50 items (mean ≈ 25).
#[divan::bench(args = [100, 1000], sample_count = 200, sample_size = 50)]
fn assess_1_to_50_items_indexed(bencher: Bencher, rule_count: usize) {
    run(bencher, rules(rule_count), &FIXTURE.mixed_items, false);
}

#[divan::bench(args = [100, 1000], sample_count = 200, sample_size = 50)]
fn assess_1_to_50_items_naive(bencher: Bencher, rule_count: usize) {
    run(bencher, rules(rule_count), &FIXTURE.mixed_items, true);
}

/// Compile 1,000 rules from text (lex, parse, type-check, build the index).
#[divan::bench]
fn compile_1000_rules(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| compile(black_box(&f.text_1000), 1, &f.lists).expect("compiles"));
}

/// Cost breakdown: index lookup only (no condition evaluated).
#[divan::bench(args = [100, 1000], sample_count = 200, sample_size = 50)]
fn breakdown_index_lookup_20_items(bencher: Bencher, rule_count: usize) {
    let set = rules(rule_count);
    let declarations = &FIXTURE.twenty_items;
    let mut next = 0usize;
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        next = (next + 1) % declarations.len();
        set.candidate_count(black_box(&declarations[next]))
    });
}

/// Cost breakdown: a rule set with only the three random rates (3 SHA-256 draws + the assessment value).
#[divan::bench(sample_count = 200, sample_size = 50)]
fn breakdown_random_rates_only(bencher: Bencher) {
    let set = compile(
        "random red 1%\nrandom yellow 3%\nrandom blue 5%",
        1,
        &NamedLists::new(),
    )
    .expect("compiles");
    let declarations = &FIXTURE.twenty_items;
    let mut next = 0usize;
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        next = (next + 1) % declarations.len();
        set.assess(black_box(&declarations[next]), ON)
    });
}
