//! Write-off: stocktake reconciliation and the period close.

use crate::fixtures::*;
use chuanyu_ledger::*;

fn count(material_no: &str, quantity: &str) -> StocktakeCount {
    StocktakeCount {
        material_no: material_no.into(),
        quantity: d(quantity),
    }
}

#[test]
fn differences_are_listed_for_the_officer() {
    let mut book = zone();
    stock(&mut book, "IN1", "M1", "10");
    stock(&mut book, "IN2", "M2", "5");
    // Display and pre-deducted stock is on hand; incoming stock is not.
    let out = list(&book, "D1", BookingListKind::DisplayOut, &[("M1", "2")]);
    ok(&mut book, &Movement::Book { list: out, on: DAY });
    let exit = list(&book, "E1", BookingListKind::FirstLineExit, &[("M1", "1")]);
    ok(&mut book, &Movement::Declare { list: exit });
    let entry = list(&book, "I3", BookingListKind::FirstLineEntry, &[("M3", "9")]);
    ok(&mut book, &Movement::Declare { list: entry });
    let differences = reconcile(&book, &[count("M1", "9.5"), count("M2", "6")]).unwrap();
    assert_eq!(
        differences,
        vec![
            Difference {
                material_no: "M1".into(),
                book_quantity: d("10"),
                counted_quantity: d("9.5"),
                kind: DifferenceKind::Shortage,
                quantity: d("0.5"),
            },
            Difference {
                material_no: "M2".into(),
                book_quantity: d("5"),
                counted_quantity: d("6"),
                kind: DifferenceKind::Surplus,
                quantity: d("1"),
            },
        ]
    );
    // The officer's decision is booked as adjustments; then the book and the count agree.
    let decrease = list(
        &book,
        "A1",
        BookingListKind::StocktakeDecrease,
        &[("M1", "0.5")],
    );
    ok(
        &mut book,
        &Movement::Book {
            list: decrease,
            on: DAY,
        },
    );
    let increase = list(
        &book,
        "A2",
        BookingListKind::StocktakeIncrease,
        &[("M2", "1")],
    );
    ok(
        &mut book,
        &Movement::Book {
            list: increase,
            on: DAY,
        },
    );
    assert_eq!(
        reconcile(&book, &[count("M1", "9.5"), count("M2", "6")]).unwrap(),
        vec![]
    );
}

#[test]
fn bad_counts_are_refused() {
    let book = zone();
    let found: Vec<(String, Code)> = reconcile(
        &book,
        &[
            count("M1", "1"),
            count("M1", "2"),
            count("X", "1"),
            count("M2", "-1"),
        ],
    )
    .unwrap_err()
    .into_iter()
    .map(|f| (f.path, f.code))
    .collect();
    assert_eq!(
        found,
        vec![
            ("/counts/1/material_no".into(), Code::DuplicateMaterial),
            ("/counts/2/material_no".into(), Code::UnknownItem),
            ("/counts/3/quantity".into(), Code::NonPositiveQuantity),
        ]
    );
}
