//! Transfers between two books: both sides or neither.

use crate::fixtures::*;
use chuanyu_ledger::*;

fn two_books() -> (BookState, BookState) {
    let mut from = zone();
    stock(&mut from, "IN", "M1", "50");
    stock(&mut from, "IN2", "M2", "5");
    let to = BookState::open(account_book(
        "L8000B000002",
        PlaceKind::BondedLogisticsCentreB,
        &["X1", "X2"],
    ))
    .unwrap();
    (from, to)
}

fn request(lines: &[(&str, &str, &str)]) -> TransferRequest {
    TransferRequest {
        out_list_id: "T-OUT-1".into(),
        in_list_id: "T-IN-1".into(),
        document: document(),
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, (material_no, counterpart, quantity))| TransferLine {
                line_no: i as u32 + 1,
                material_no: (*material_no).into(),
                counterpart_material_no: (*counterpart).into(),
                quantity: d(quantity),
            })
            .collect(),
        on: DAY,
    }
}

#[test]
fn both_sides_change_together() {
    let (mut from, mut to) = two_books();
    let decided = transfer(
        &from,
        &to,
        &request(&[("M1", "X1", "20"), ("M2", "X2", "5")]),
    )
    .unwrap();
    from.commit(&decided.out_movement, &decided.out_effect);
    to.commit(&decided.in_movement, &decided.in_effect);
    from.assert_invariants();
    to.assert_invariants();
    assert_eq!(balance(&from, "M1"), buckets("30", "0", "0", "0"));
    assert_eq!(balance(&from, "M2"), Balance::ZERO);
    assert_eq!(balance(&to, "X1"), buckets("20", "0", "0", "0"));
    assert_eq!(balance(&to, "X2"), buckets("5", "0", "0", "0"));
    let out = from.list("T-OUT-1").unwrap();
    assert_eq!(out.list.kind, BookingListKind::TransferOut);
    assert_eq!(out.list.counterpart_book.as_deref(), Some("L8000B000002"));
    assert_eq!(out.progress[0].state, DeductionState::Deducted);
}

#[test]
fn one_bad_line_refuses_the_whole_transfer() {
    let (from, to) = two_books();
    let before = (from.clone(), to.clone());
    let findings = transfer(
        &from,
        &to,
        &request(&[("M1", "X1", "20"), ("M2", "X2", "6"), ("M3", "NOPE", "1")]),
    )
    .unwrap_err();
    let found: Vec<(&str, Code)> = findings.iter().map(|f| (f.path.as_str(), f.code)).collect();
    assert_eq!(
        found,
        vec![
            ("/lines/1/quantity", Code::InsufficientBalance),
            ("/lines/2/quantity", Code::InsufficientBalance),
            ("/lines/2/counterpart_material_no", Code::UnknownItem),
        ]
    );
    assert_eq!((from, to), before);
}

#[test]
fn the_same_goods_on_both_sides() {
    let (from, mut to) = two_books();
    let mut other = item("X3");
    other.hs_code = "6403990000".into();
    other.unit = "035".into();
    ok(
        &mut to,
        &Movement::RecordItem {
            item: other,
            document: document(),
        },
    );
    let findings = transfer(&from, &to, &request(&[("M1", "X3", "1")])).unwrap_err();
    let codes: Vec<Code> = findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, vec![Code::HsCodeMismatch, Code::UnitMismatch]);
    assert_eq!(findings[0].path, "/lines/0/counterpart_material_no");
    let findings = transfer(&from, &from, &request(&[("M1", "M1", "1")])).unwrap_err();
    assert!(findings.iter().any(|f| f.code == Code::SameBook));
}

#[test]
fn a_closed_receiving_book_refuses() {
    let (from, mut to) = two_books();
    ok(
        &mut to,
        &Movement::CloseBook {
            officer_id: "officer-7".into(),
            document: document(),
        },
    );
    let findings = transfer(&from, &to, &request(&[("M1", "X1", "1")])).unwrap_err();
    assert_eq!(findings.len(), 1);
    assert_eq!(
        (findings[0].path.as_str(), findings[0].code),
        ("/to_book", Code::BookClosed)
    );
}
