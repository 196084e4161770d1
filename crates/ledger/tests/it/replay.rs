//! Replay of the movement log reproduces the stored state.

use crate::fixtures::*;
use chuanyu_ledger::*;

#[test]
fn replay_equals_incremental_application() {
    let opened = account_book(
        "T7900Z000001",
        PlaceKind::ComprehensiveBondedZone,
        &["M1", "M2", "M3"],
    );
    let mut book = BookState::open(opened.clone()).unwrap();
    let mut log = Vec::new();
    let mut run = |book: &mut BookState, movement: Movement| {
        ok(book, &movement);
        log.push(movement);
    };
    let entry = list(
        &book,
        "IN",
        BookingListKind::FirstLineEntry,
        &[("M1", "10"), ("M2", "4")],
    );
    run(&mut book, Movement::Declare { list: entry });
    run(
        &mut book,
        Movement::PassGate {
            gate_pass_id: "GP".into(),
            vehicle: "v".into(),
            lists: vec![PassedList {
                list_id: "IN".into(),
                lines: vec![
                    PassedLine {
                        line_no: 1,
                        quantity: d("10"),
                    },
                    PassedLine {
                        line_no: 2,
                        quantity: d("4"),
                    },
                ],
            }],
            on: DAY,
        },
    );
    let display = list(&book, "D", BookingListKind::DisplayOut, &[("M1", "3")]);
    run(
        &mut book,
        Movement::Book {
            list: display,
            on: DAY,
        },
    );
    let exit = list(&book, "E", BookingListKind::SecondLineExit, &[("M2", "1")]);
    run(&mut book, Movement::Declare { list: exit });
    run(
        &mut book,
        Movement::RecordItem {
            item: item("M4"),
            document: document(),
        },
    );
    run(
        &mut book,
        Movement::WriteOff {
            document: document(),
            period_end: DAY,
        },
    );

    let replayed = replay(&opened, &log).unwrap();
    assert_eq!(replayed, book);
    assert_eq!(
        compare_balances(&book.balances(), &replayed.balances()),
        vec![]
    );
    // A stored balance that drifted is reported.
    let mut stored = book.balances();
    stored.get_mut("M2").unwrap().available = d("2");
    let findings = compare_balances(&stored, &replayed.balances());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].path, "/balances/M2");
    assert_eq!(findings[0].code, Code::BalanceMismatch);
}

#[test]
fn a_log_that_breaks_the_rules_names_the_movement() {
    let opened = account_book("B", PlaceKind::BondedWarehouse, &["M1"]);
    let exit = BookingList {
        id: "E".into(),
        book_id: "B".into(),
        kind: BookingListKind::FirstLineExit,
        document: document(),
        counterpart_book: None,
        approved_by: None,
        lines: vec![BookingLine {
            line_no: 1,
            material_no: "M1".into(),
            quantity: d("1"),
            counterpart: None,
        }],
    };
    let error = replay(&opened, &[Movement::Declare { list: exit }]).unwrap_err();
    assert_eq!(error.index, 0);
    assert_eq!(error.findings[0].code, Code::InsufficientBalance);
    assert!(
        error
            .to_string()
            .starts_with("movement 0 (declare) of the log is refused")
    );
}

/// A view (only the items and lists a movement touches) decides exactly like the whole book,
/// and its invariant still catches a reservation larger than the bucket.
#[test]
fn a_view_decides_like_the_whole_book() {
    let mut whole = zone();
    stock(&mut whole, "IN1", "M1", "50");
    stock(&mut whole, "IN2", "M2", "20");
    let exit = list(
        &whole,
        "OUT1",
        BookingListKind::FirstLineExit,
        &[("M1", "10")],
    );
    ok(&mut whole, &Movement::Declare { list: exit });
    let other = list(
        &whole,
        "OUT2",
        BookingListKind::FirstLineExit,
        &[("M1", "5")],
    );
    ok(&mut whole, &Movement::Declare { list: other });

    let mut header = whole.book().clone();
    header.items.retain(|i| i.material_no == "M1");
    let balances: std::collections::BTreeMap<String, Balance> =
        [("M1".to_string(), balance(&whole, "M1"))].into();
    let loaded = vec![whole.list("OUT1").unwrap().clone()];
    let view = BookState::from_view(header.clone(), &balances, loaded.clone()).unwrap();
    assert!(view.is_view());
    // The full check refuses the same parts: OUT2's reservation is not loaded.
    assert!(BookState::from_parts(header.clone(), &balances, loaded.clone()).is_err());

    let more = list(
        &whole,
        "OUT3",
        BookingListKind::FirstLineExit,
        &[("M1", "35")],
    );
    let movement = Movement::Declare { list: more };
    assert_eq!(apply(&view, &movement), apply(&whole, &movement));
    let too_much = list(
        &whole,
        "OUT4",
        BookingListKind::FirstLineExit,
        &[("M1", "36")],
    );
    let movement = Movement::Declare { list: too_much };
    assert_eq!(apply(&view, &movement), apply(&whole, &movement));
    let gate = Movement::Cancel {
        list_id: "OUT1".into(),
        document: document(),
    };
    assert_eq!(apply(&view, &gate), apply(&whole, &gate));

    // A loaded list reserving more than the bucket holds is a broken store.
    let mut broken = balances.clone();
    broken.get_mut("M1").unwrap().pre_deducted = d("9");
    assert!(BookState::from_view(header, &broken, loaded).is_err());
}
