//! Shared builders: books, items, lists and short helpers for findings.

use chuanyu_ledger::*;
use jiff::civil::{Date, date};
use rust_decimal::Decimal;
use std::str::FromStr;

pub const DAY: Date = date(2026, 3, 2);

pub fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

pub fn item(material_no: &str) -> BookItem {
    BookItem {
        material_no: material_no.into(),
        hs_code: "8471300000".into(),
        name: format!("item {material_no}"),
        unit: "007".into(),
        origin_country: "JPN".into(),
    }
}

pub fn account_book(id: &str, place_kind: PlaceKind, materials: &[&str]) -> AccountBook {
    AccountBook {
        id: id.into(),
        enterprise_code: "5101230001".into(),
        place_kind,
        district: "7900".into(),
        status: BookStatus::Open,
        items: materials.iter().map(|m| item(m)).collect(),
    }
}

/// A zone book with items M1..M3 and nothing in stock.
pub fn zone() -> BookState {
    BookState::open(account_book(
        "T7900Z000001",
        PlaceKind::ComprehensiveBondedZone,
        &["M1", "M2", "M3"],
    ))
    .unwrap()
}

pub fn document() -> DocumentRef {
    DocumentRef {
        code: "contract".into(),
        number: "C-2026-001".into(),
    }
}

pub fn list(
    state: &BookState,
    id: &str,
    kind: BookingListKind,
    lines: &[(&str, &str)],
) -> BookingList {
    BookingList {
        id: id.into(),
        book_id: state.book().id.clone(),
        kind,
        document: document(),
        counterpart_book: None,
        approved_by: kind.requires_approval().then(|| "officer-7".to_string()),
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, (material_no, quantity))| BookingLine {
                line_no: i as u32 + 1,
                material_no: (*material_no).into(),
                quantity: d(quantity),
                counterpart: None,
            })
            .collect(),
    }
}

/// Apply and commit, panicking on findings; asserts the invariant after.
pub fn ok(state: &mut BookState, movement: &Movement) -> Effect {
    let effect = apply_and_commit(state, movement)
        .unwrap_or_else(|findings| panic!("{} refused: {findings:#?}", movement.as_str()));
    state.assert_invariants();
    effect
}

/// Apply expecting refusal; asserts that nothing changed (apply is pure, and we did not commit).
pub fn refused(state: &BookState, movement: &Movement) -> Vec<(String, Code)> {
    let before = state.clone();
    let findings = apply(state, movement).expect_err("expected a refusal");
    assert_eq!(*state, before);
    findings.into_iter().map(|f| (f.path, f.code)).collect()
}

/// Stock `quantity` of `material_no` into available via a first-line entry that passes the gate.
pub fn stock(state: &mut BookState, list_id: &str, material_no: &str, quantity: &str) {
    let entry = list(
        state,
        list_id,
        BookingListKind::FirstLineEntry,
        &[(material_no, quantity)],
    );
    ok(state, &Movement::Declare { list: entry });
    ok(
        state,
        &Movement::PassGate {
            gate_pass_id: format!("GP-{list_id}"),
            vehicle: "川A12345".into(),
            lists: vec![PassedList {
                list_id: list_id.into(),
                lines: vec![PassedLine {
                    line_no: 1,
                    quantity: d(quantity),
                }],
            }],
            on: DAY,
        },
    );
}

pub fn balance(state: &BookState, material_no: &str) -> Balance {
    state.balance(material_no).unwrap()
}

pub fn buckets(available: &str, pre_deducted: &str, incoming: &str, displayed: &str) -> Balance {
    Balance {
        available: d(available),
        pre_deducted: d(pre_deducted),
        incoming: d(incoming),
        displayed: d(displayed),
    }
}
