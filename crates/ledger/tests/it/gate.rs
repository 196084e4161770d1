//! Gate passes: one vehicle many lists, one list many vehicles, refusals of unlisted cargo.

use crate::fixtures::*;
use chuanyu_ledger::*;

fn pass_line(line_no: u32, material_no: &str, quantity: &str) -> GatePassLine {
    GatePassLine {
        line_no,
        material_no: material_no.into(),
        quantity: d(quantity),
    }
}

fn cargo(material_no: &str, quantity: &str) -> ObservedCargo {
    ObservedCargo {
        material_no: material_no.into(),
        quantity: d(quantity),
    }
}

/// A book with two declared exit lists: E1 (M1 10, M2 4) and E2 (M1 5).
fn declared() -> BookState {
    let mut book = zone();
    stock(&mut book, "IN1", "M1", "100");
    stock(&mut book, "IN2", "M2", "100");
    let e1 = list(
        &book,
        "E1",
        BookingListKind::FirstLineExit,
        &[("M1", "10"), ("M2", "4")],
    );
    ok(&mut book, &Movement::Declare { list: e1 });
    let e2 = list(&book, "E2", BookingListKind::FirstLineExit, &[("M1", "5")]);
    ok(&mut book, &Movement::Declare { list: e2 });
    book
}

fn one_vehicle_two_lists(book: &BookState) -> GatePass {
    GatePass {
        id: "GP-1".into(),
        book_id: book.book().id.clone(),
        vehicle: "川A12345".into(),
        lists: vec![
            GatePassList {
                list_id: "E1".into(),
                lines: vec![pass_line(1, "M1", "10"), pass_line(2, "M2", "4")],
            },
            GatePassList {
                list_id: "E2".into(),
                lines: vec![pass_line(1, "M1", "5")],
            },
        ],
    }
}

#[test]
fn one_vehicle_many_lists_passes_and_deducts() {
    let mut book = declared();
    let pass = one_vehicle_two_lists(&book);
    assert_eq!(validate_gate_pass(&book, &pass), vec![]);
    let passage = check_passage(
        &book,
        &pass,
        &[cargo("M1", "12"), cargo("M2", "4"), cargo("M1", "3")],
        DAY,
    )
    .unwrap();
    book.commit(&passage.movement, &passage.effect);
    book.assert_invariants();
    assert_eq!(balance(&book, "M1"), buckets("85", "0", "0", "0"));
    assert_eq!(balance(&book, "M2"), buckets("96", "0", "0", "0"));
    for id in ["E1", "E2"] {
        assert!(
            book.list(id)
                .unwrap()
                .progress
                .iter()
                .all(|p| p.state == DeductionState::Deducted)
        );
    }
}

#[test]
fn one_list_many_vehicles() {
    let mut book = declared();
    for (pass_id, quantity) in [("GP-a", "6"), ("GP-b", "4")] {
        let pass = GatePass {
            id: pass_id.into(),
            book_id: book.book().id.clone(),
            vehicle: format!("truck {pass_id}"),
            lists: vec![GatePassList {
                list_id: "E1".into(),
                lines: vec![pass_line(1, "M1", quantity)],
            }],
        };
        let passage = check_passage(&book, &pass, &[cargo("M1", quantity)], DAY).unwrap();
        book.commit(&passage.movement, &passage.effect);
    }
    let e1 = book.list("E1").unwrap();
    assert_eq!(e1.progress[0].state, DeductionState::Deducted);
    assert_eq!(e1.progress[1].state, DeductionState::PreDeducted);
    assert_eq!(balance(&book, "M1").pre_deducted, d("5"));
}

#[test]
fn goods_not_on_the_pass_are_refused_and_nothing_moves() {
    let book = declared();
    let before = book.clone();
    let pass = one_vehicle_two_lists(&book);
    let findings = check_passage(
        &book,
        &pass,
        &[cargo("M1", "16"), cargo("M2", "3"), cargo("M3", "1")],
        DAY,
    )
    .unwrap_err();
    let found: Vec<(&str, Code)> = findings.iter().map(|f| (f.path.as_str(), f.code)).collect();
    assert_eq!(
        found,
        vec![
            ("/observed/0/quantity", Code::OverPassQuantity),
            ("/observed/2/material_no", Code::GoodsNotOnPass),
            ("/lists/0/lines/1/quantity", Code::CargoShortOfPass),
        ]
    );
    assert_eq!(book, before);
}

#[test]
fn a_pass_must_match_the_lists() {
    let mut book = declared();
    let mut pass = one_vehicle_two_lists(&book);
    pass.lists[0].lines[0].material_no = "M2".into();
    pass.lists[0].lines[1].quantity = d("5");
    pass.lists[1].list_id = "NOPE".into();
    pass.book_id = "OTHER".into();
    let found: Vec<(String, Code)> = validate_gate_pass(&book, &pass)
        .into_iter()
        .map(|f| (f.path, f.code))
        .collect();
    assert_eq!(
        found,
        vec![
            ("/book_id".into(), Code::BookMismatch),
            (
                "/lists/0/lines/0/material_no".into(),
                Code::MaterialMismatch
            ),
            ("/lists/0/lines/1/quantity".into(), Code::OverRemaining),
            ("/lists/1/list_id".into(), Code::UnknownList),
        ]
    );
    // A list that was never declared, or already passed, cannot pass.
    let pass = one_vehicle_two_lists(&book);
    let passage = check_passage(&book, &pass, &[cargo("M1", "15"), cargo("M2", "4")], DAY).unwrap();
    book.commit(&passage.movement, &passage.effect);
    let findings =
        check_passage(&book, &pass, &[cargo("M1", "15"), cargo("M2", "4")], DAY).unwrap_err();
    assert!(
        findings.iter().all(|f| f.code == Code::IllegalTransition),
        "{findings:?}"
    );
    assert_eq!(findings.len(), 3);
}
