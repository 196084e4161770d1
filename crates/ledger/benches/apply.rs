//! Benchmark of the pure core: 1,000-line booking lists against a book of 10,000 items.
//!
//! Run: `CARGO_TARGET_DIR=/work/target-ledger cargo bench -p chuanyu-ledger`
//! Throughput is reported in lines/s (divan `items`): each iteration handles one 1,000-line list.

use std::sync::LazyLock;

use chuanyu_ledger::*;
use divan::{Bencher, black_box, counter::ItemsCount};
use jiff::civil::{Date, date};
use rust_decimal::Decimal;

const ITEMS: usize = 10_000;
const LINES: usize = limits::BOOKING_LIST_LINES_MAX;
const ON: Date = date(2026, 3, 2);

fn main() {
    divan::main();
}

/// Deterministic item choice (splitmix64), so every run benchmarks the same lists.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn document() -> DocumentRef {
    DocumentRef {
        code: "contract".into(),
        number: "C-1".into(),
    }
}

fn list(id: &str, kind: BookingListKind, seed: u64) -> BookingList {
    let mut state = seed;
    BookingList {
        id: id.into(),
        book_id: "BENCH".into(),
        kind,
        document: document(),
        counterpart_book: None,
        approved_by: kind.requires_approval().then(|| "officer".to_string()),
        lines: (0..LINES)
            .map(|i| BookingLine {
                line_no: i as u32 + 1,
                material_no: format!("MAT{:05}", splitmix(&mut state) % ITEMS as u64),
                // 1.234 units: three decimals, like real weights.
                quantity: Decimal::new(1_234, 3),
                counterpart: None,
            })
            .collect(),
    }
}

struct Fixture {
    /// 10,000 items, each with 1,000,000 available.
    stocked: BookState,
    /// `stocked` plus a declared 1,000-line first-line exit "EXIT" awaiting the gate.
    declared: BookState,
    exit: Movement,
    scrap: Movement,
    pass: Movement,
    log: Vec<Movement>,
    opened: AccountBook,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let opened = AccountBook {
        id: "BENCH".into(),
        enterprise_code: "5101230001".into(),
        place_kind: PlaceKind::ComprehensiveBondedZone,
        district: "7900".into(),
        status: BookStatus::Open,
        items: (0..ITEMS)
            .map(|i| BookItem {
                material_no: format!("MAT{i:05}"),
                hs_code: "8471300000".into(),
                name: format!("item {i}"),
                unit: "007".into(),
                origin_country: "JPN".into(),
            })
            .collect(),
    };
    let mut stocked = BookState::open(opened.clone()).unwrap();
    let mut log = Vec::new();
    // Stock every item through increase lists of 1,000 lines.
    for chunk in 0..ITEMS / LINES {
        let increase = BookingList {
            id: format!("STOCK{chunk}"),
            book_id: "BENCH".into(),
            kind: BookingListKind::StocktakeIncrease,
            document: document(),
            counterpart_book: None,
            approved_by: Some("officer".into()),
            lines: (0..LINES)
                .map(|i| BookingLine {
                    line_no: i as u32 + 1,
                    material_no: format!("MAT{:05}", chunk * LINES + i),
                    quantity: Decimal::from(1_000_000),
                    counterpart: None,
                })
                .collect(),
        };
        let movement = Movement::Book {
            list: increase,
            on: ON,
        };
        apply_and_commit(&mut stocked, &movement).unwrap();
        log.push(movement);
    }
    let exit = Movement::Declare {
        list: list("EXIT", BookingListKind::FirstLineExit, 7),
    };
    let scrap = Movement::Book {
        list: list("SCRAP", BookingListKind::Scrap, 11),
        on: ON,
    };
    let mut declared = stocked.clone();
    apply_and_commit(&mut declared, &exit).unwrap();
    let Movement::Declare { list: exit_list } = &exit else {
        unreachable!()
    };
    let pass = Movement::PassGate {
        gate_pass_id: "GP".into(),
        vehicle: "川A12345".into(),
        lists: vec![PassedList {
            list_id: "EXIT".into(),
            lines: exit_list
                .lines
                .iter()
                .map(|l| PassedLine {
                    line_no: l.line_no,
                    quantity: l.quantity,
                })
                .collect(),
        }],
        on: ON,
    };
    // A log of 10 stock lists + 20 mixed 1,000-line lists for the replay benchmark.
    let mut replayed = stocked.clone();
    for n in 0..20u64 {
        let kind = if n % 2 == 0 {
            BookingListKind::Scrap
        } else {
            BookingListKind::DisplayOut
        };
        let movement = Movement::Book {
            list: list(&format!("R{n}"), kind, 100 + n),
            on: ON,
        };
        apply_and_commit(&mut replayed, &movement).unwrap();
        log.push(movement);
    }
    Fixture {
        stocked,
        declared,
        exit,
        scrap,
        pass,
        log,
        opened,
    }
});

/// Pure decision only: declare a 1,000-line exit (validation + pre-deduction of every line).
#[divan::bench]
fn apply_declare_1000_lines(bencher: Bencher) {
    let fixture = &*FIXTURE;
    bencher
        .counter(ItemsCount::new(LINES))
        .bench(|| apply(black_box(&fixture.stocked), black_box(&fixture.exit)).unwrap());
}

/// Pure decision only: book a 1,000-line scrap list directly (0 → 2).
#[divan::bench]
fn apply_book_directly_1000_lines(bencher: Bencher) {
    let fixture = &*FIXTURE;
    bencher
        .counter(ItemsCount::new(LINES))
        .bench(|| apply(black_box(&fixture.stocked), black_box(&fixture.scrap)).unwrap());
}

/// Pure decision only: a vehicle passes with all 1,000 lines of the declared exit.
#[divan::bench]
fn apply_gate_passage_1000_lines(bencher: Bencher) {
    let fixture = &*FIXTURE;
    bencher
        .counter(ItemsCount::new(LINES))
        .bench(|| apply(black_box(&fixture.declared), black_box(&fixture.pass)).unwrap());
}

/// Decision + in-memory commit (the state is cloned outside the timed section).
#[divan::bench(sample_count = 30, sample_size = 1)]
fn apply_and_commit_declare_1000_lines(bencher: Bencher) {
    let fixture = &*FIXTURE;
    bencher
        .counter(ItemsCount::new(LINES))
        .with_inputs(|| fixture.stocked.clone())
        .bench_local_values(|mut state| {
            apply_and_commit(&mut state, &fixture.exit).unwrap();
            state
        });
}

/// Replay a log of 30 lists × 1,000 lines onto a book of 10,000 items (30,000 lines).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn replay_30_lists_of_1000_lines(bencher: Bencher) {
    let fixture = &*FIXTURE;
    bencher
        .counter(ItemsCount::new(fixture.log.len() * LINES))
        .bench(|| replay(black_box(&fixture.opened), black_box(&fixture.log)).unwrap());
}

/// Full invariant check of the 10,000-item book (the "after the read" assertion).
#[divan::bench(sample_count = 30)]
fn check_invariants_10000_items(bencher: Bencher) {
    let fixture = &*FIXTURE;
    bencher.bench(|| black_box(&fixture.declared).check_invariants().unwrap());
}
