//! Property tests: random sequences of valid and invalid movements never make a bucket
//! negative, replay equals incremental application, transfers conserve the total.

use crate::fixtures::*;
use chuanyu_ledger::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

const MATERIALS: [&str; 4] = ["M1", "M2", "M3", "UNKNOWN"];

#[derive(Debug, Clone)]
enum Op {
    Declare {
        kind: usize,
        lines: Vec<(usize, i64)>,
    },
    Book {
        kind: usize,
        lines: Vec<(usize, i64)>,
    },
    Process {
        consume: Vec<(usize, i64)>,
        produce: (usize, i64),
    },
    Pass {
        list: usize,
        line: usize,
        cents: i64,
    },
    Deduct {
        list: usize,
    },
    Cancel {
        list: usize,
    },
    WriteOff,
    Close,
    Reopen,
}

fn material() -> impl Strategy<Value = usize> {
    prop_oneof![9 => 0..3usize, 1 => Just(3usize)]
}

fn lines() -> impl Strategy<Value = Vec<(usize, i64)>> {
    // Mostly valid quantities, sometimes zero or negative (refused), material 3 is unknown.
    prop::collection::vec((material(), -100i64..5_000), 1..6)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..BookingListKind::ALL.len(), lines()).prop_map(|(kind, lines)| Op::Declare { kind, lines }),
        3 => (0..BookingListKind::ALL.len(), lines()).prop_map(|(kind, lines)| Op::Book { kind, lines }),
        1 => (lines(), (material(), 1i64..1_000)).prop_map(|(consume, produce)| Op::Process { consume, produce }),
        4 => (0..10usize, 0..6usize, -50i64..3_000).prop_map(|(list, line, cents)| Op::Pass { list, line, cents }),
        2 => (0..10usize).prop_map(|list| Op::Deduct { list }),
        1 => (0..10usize).prop_map(|list| Op::Cancel { list }),
        1 => Just(Op::WriteOff),
        1 => Just(Op::Close),
        1 => Just(Op::Reopen),
    ]
}

fn booking_list(
    book: &BookState,
    id: String,
    kind: BookingListKind,
    lines: &[(usize, i64)],
) -> BookingList {
    BookingList {
        id,
        book_id: book.book().id.clone(),
        kind,
        document: document(),
        counterpart_book: kind.requires_counterpart().then(|| "OTHER".to_string()),
        approved_by: kind.requires_approval().then(|| "officer-7".to_string()),
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, (material, cents))| BookingLine {
                line_no: i as u32 + 1,
                material_no: MATERIALS[*material].into(),
                quantity: Decimal::new(*cents, 2),
                counterpart: None,
            })
            .collect(),
    }
}

fn movement(book: &BookState, ids: &mut Vec<String>, op: &Op) -> Movement {
    let mut next_id = || {
        let id = format!("L{}", ids.len());
        ids.push(id.clone());
        id
    };
    // Indexes beyond the known ids name lists that do not exist.
    let existing =
        |ids: &Vec<String>, list: usize| ids.get(list).cloned().unwrap_or_else(|| "NOPE".into());
    match op {
        Op::Declare { kind, lines } => Movement::Declare {
            list: booking_list(book, next_id(), BookingListKind::ALL[*kind], lines),
        },
        Op::Book { kind, lines } => Movement::Book {
            list: booking_list(book, next_id(), BookingListKind::ALL[*kind], lines),
            on: DAY,
        },
        Op::Process { consume, produce } => Movement::Process {
            consume: booking_list(book, next_id(), BookingListKind::ProcessingConsume, consume),
            produce: booking_list(
                book,
                next_id(),
                BookingListKind::ProcessingProduce,
                &[*produce],
            ),
            on: DAY,
        },
        Op::Pass { list, line, cents } => Movement::PassGate {
            gate_pass_id: format!("GP{}", ids.len()),
            vehicle: "v".into(),
            lists: vec![PassedList {
                list_id: existing(ids, *list),
                lines: vec![PassedLine {
                    line_no: *line as u32 + 1,
                    quantity: Decimal::new(*cents, 2),
                }],
            }],
            on: DAY,
        },
        Op::Deduct { list } => Movement::Deduct {
            list_id: existing(ids, *list),
            on: DAY,
        },
        Op::Cancel { list } => Movement::Cancel {
            list_id: existing(ids, *list),
            document: document(),
        },
        Op::WriteOff => Movement::WriteOff {
            document: document(),
            period_end: DAY,
        },
        Op::Close => Movement::CloseBook {
            officer_id: "o".into(),
            document: document(),
        },
        Op::Reopen => Movement::ReopenBook {
            officer_id: "o".into(),
            document: document(),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_bucket_goes_negative_and_replay_reproduces(ops in prop::collection::vec(op(), 1..60)) {
        let opened = account_book("T7900Z000001", PlaceKind::ComprehensiveBondedZone, &MATERIALS[..3]);
        let mut book = BookState::open(opened.clone()).unwrap();
        let mut ids = Vec::new();
        let mut log = Vec::new();
        // Start with stock, so outbound movements can succeed as often as they fail.
        let mut stocked = book.clone();
        for material in &MATERIALS[..3] {
            stock(&mut stocked, &format!("S-{material}"), material, "50");
        }
        for record in stocked.lists() {
            let list = record.list.clone();
            let pass = Movement::PassGate {
                gate_pass_id: format!("GP-{}", list.id),
                vehicle: "v".into(),
                lists: vec![PassedList {
                    list_id: list.id.clone(),
                    lines: vec![PassedLine { line_no: 1, quantity: list.lines[0].quantity }],
                }],
                on: DAY,
            };
            for movement in [Movement::Declare { list }, pass] {
                apply_and_commit(&mut book, &movement).unwrap();
                log.push(movement);
            }
        }
        let mut accepted = 0;
        for op in &ops {
            let movement = movement(&book, &mut ids, op);
            match apply(&book, &movement) {
                Ok(effect) => {
                    for change in &effect.balance_changes {
                        prop_assert!(change.after.negative_bucket().is_none());
                    }
                    book.commit(&movement, &effect);
                    log.push(movement);
                    accepted += 1;
                }
                Err(findings) => prop_assert!(!findings.is_empty()),
            }
            prop_assert_eq!(book.check_invariants(), Ok(()));
        }
        let replayed = replay(&opened, &log).unwrap();
        prop_assert_eq!(&replayed, &book);
        prop_assert_eq!(replayed.balances(), book.balances());
        if std::env::var_os("LEDGER_PROPTEST_STATS").is_some() {
            eprintln!("accepted {accepted} of {}", ops.len());
        }
    }

    #[test]
    fn transfers_conserve_the_total(
        stock_cents in prop::collection::vec(1i64..100_000, 3),
        moves in prop::collection::vec((any::<bool>(), prop::collection::vec((0..3usize, 1i64..60_000), 1..4)), 1..30),
    ) {
        let mut a = BookState::open(account_book("A", PlaceKind::ComprehensiveBondedZone, &MATERIALS[..3])).unwrap();
        let mut b = BookState::open(account_book("B", PlaceKind::BondedLogisticsCentreB, &MATERIALS[..3])).unwrap();
        for (i, cents) in stock_cents.iter().enumerate() {
            let quantity = Decimal::new(*cents, 2).to_string();
            stock(&mut a, &format!("IN{i}"), MATERIALS[i], &quantity);
        }
        let total = |a: &BookState, b: &BookState, m: &str| a.balance(m).unwrap().total() + b.balance(m).unwrap().total();
        let totals: Vec<Decimal> = MATERIALS[..3].iter().map(|m| total(&a, &b, m)).collect();
        for (n, (a_to_b, lines)) in moves.iter().enumerate() {
            let request = TransferRequest {
                out_list_id: format!("OUT{n}"),
                in_list_id: format!("IN{n}"),
                document: document(),
                lines: lines.iter().enumerate().map(|(i, (m, cents))| TransferLine {
                    line_no: i as u32 + 1,
                    material_no: MATERIALS[*m].into(),
                    counterpart_material_no: MATERIALS[*m].into(),
                    quantity: Decimal::new(*cents, 2),
                }).collect(),
                on: DAY,
            };
            let (from, to) = if *a_to_b { (&mut a, &mut b) } else { (&mut b, &mut a) };
            let (from_before, to_before) = (from.clone(), to.clone());
            match transfer(from, to, &request) {
                Ok(decided) => {
                    from.commit(&decided.out_movement, &decided.out_effect);
                    to.commit(&decided.in_movement, &decided.in_effect);
                }
                Err(_) => {
                    prop_assert_eq!(&*from, &from_before);
                    prop_assert_eq!(&*to, &to_before);
                }
            }
            prop_assert_eq!(a.check_invariants(), Ok(()));
            prop_assert_eq!(b.check_invariants(), Ok(()));
            let now: Vec<Decimal> = MATERIALS[..3].iter().map(|m| total(&a, &b, m)).collect();
            prop_assert_eq!(&now, &totals);
        }
    }
}
