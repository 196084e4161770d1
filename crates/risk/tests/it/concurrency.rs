//! Hot swap: evaluation from many threads while another thread swaps the shared rule set.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use chuanyu_risk::{Assessment, CompiledRuleSet, compile};

use crate::{on, synth};

#[test]
fn compiled_rule_set_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<CompiledRuleSet>();
    assert_send_sync::<Arc<CompiledRuleSet>>();
}

#[test]
fn concurrent_evaluation_during_swaps_never_mixes_rule_sets() {
    let lists = synth::lists();
    let a = Arc::new(compile(&synth::rules_text(200, 1), 1, &lists).expect("compiles"));
    // A different set with different rules and version: its decisions differ from `a`'s.
    let b = Arc::new(compile(&synth::rules_text(200, 2), 2, &lists).expect("compiles"));
    let declarations = synth::declarations(200, Some(8), 5);
    let expected: Vec<(Assessment, Assessment)> = declarations
        .iter()
        .map(|d| (a.assess(d, on()), b.assess(d, on())))
        .collect();
    assert!(
        expected.iter().any(|(x, y)| x.lane != y.lane),
        "the two sets must be distinguishable"
    );

    let holder = Arc::new(RwLock::new(Arc::clone(&a)));
    let stop = Arc::new(AtomicBool::new(false));
    let (from_a, from_b) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    std::thread::scope(|scope| {
        let swapper = {
            let holder = Arc::clone(&holder);
            let stop = Arc::clone(&stop);
            let (a, b) = (Arc::clone(&a), Arc::clone(&b));
            scope.spawn(move || {
                let mut swaps = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    let next = if swaps.is_multiple_of(2) {
                        Arc::clone(&b)
                    } else {
                        Arc::clone(&a)
                    };
                    *holder.write().expect("not poisoned") = next;
                    swaps += 1;
                    std::thread::yield_now();
                }
                swaps
            })
        };
        let workers: Vec<_> = (0..3)
            .map(|worker| {
                let holder = Arc::clone(&holder);
                let (declarations, expected) = (&declarations, &expected);
                let (from_a, from_b) = (Arc::clone(&from_a), Arc::clone(&from_b));
                scope.spawn(move || {
                    for round in 0..4 {
                        for (n, d) in declarations.iter().enumerate().skip((worker + round) % 3) {
                            let rules = Arc::clone(&holder.read().expect("not poisoned"));
                            let got = rules.assess(d, on());
                            let (expected_a, expected_b) = &expected[n];
                            if got == *expected_a {
                                from_a.fetch_add(1, Ordering::Relaxed);
                            } else if got == *expected_b {
                                from_b.fetch_add(1, Ordering::Relaxed);
                            } else {
                                panic!("mixed decision for {}: {got:?}", d.declaration_id);
                            }
                        }
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().expect("worker");
        }
        stop.store(true, Ordering::Relaxed);
        assert!(swapper.join().expect("swapper") > 0);
    });
    // Both sets were observed (each assessment counted once, matching either decision).
    assert!(from_a.load(Ordering::Relaxed) + from_b.load(Ordering::Relaxed) >= 3 * 4 * 198);
}
