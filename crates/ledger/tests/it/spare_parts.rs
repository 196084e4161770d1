//! Spare parts imported with a whole machine: movements, matching and overdue obligations.

use crate::fixtures::*;
use chuanyu_ledger::*;
use jiff::civil::date;

fn record() -> SparePartRecord {
    SparePartRecord::new(
        "SP-1",
        "790120261000012345",
        "PUMP-01",
        "hydraulic pump",
        d("10"),
    )
    .unwrap()
}

fn doc(number: &str) -> DocumentRef {
    DocumentRef {
        code: "spare_part_movement".into(),
        number: number.into(),
    }
}

#[test]
fn records_are_tied_to_an_import_declaration() {
    let found: Vec<(String, Code)> =
        SparePartRecord::new("SP-2", "790120260000012345", "P", "part", d("1"))
            .unwrap_err()
            .into_iter()
            .map(|f| (f.path, f.code))
            .collect();
    assert_eq!(
        found,
        vec![(
            "/machine_declaration_no".into(),
            Code::InvalidDeclarationNumber
        )]
    );
}

#[test]
fn transfer_and_return_leave_the_record() {
    let today = date(2026, 3, 1);
    let record = record();
    let after = apply_spare_part(
        &record,
        &SparePartMovement::Transfer {
            document: doc("T1"),
            to_enterprise: "5101230002".into(),
            quantity: d("3"),
        },
        today,
    )
    .unwrap();
    let after = apply_spare_part(
        &after,
        &SparePartMovement::ReturnAbroad {
            document: doc("R1"),
            quantity: d("2"),
        },
        today,
    )
    .unwrap();
    assert_eq!(after.in_zone, d("5"));
    let findings = apply_spare_part(
        &after,
        &SparePartMovement::ReturnAbroad {
            document: doc("R2"),
            quantity: d("6"),
        },
        today,
    )
    .unwrap_err();
    assert_eq!(findings[0].code, Code::InsufficientQuantity);
}

#[test]
fn exchange_is_matched_by_part_number() {
    let today = date(2026, 3, 1);
    let out = apply_spare_part(
        &record(),
        &SparePartMovement::ExchangeOut {
            document: doc("X1"),
            quantity: d("2"),
            due: date(2026, 4, 30),
        },
        today,
    )
    .unwrap();
    assert_eq!(out.in_zone, d("8"));
    assert_eq!(out.owed(ObligationKind::ExchangeReplacement), d("2"));
    let wrong = apply_spare_part(
        &out,
        &SparePartMovement::ExchangeIn {
            document: doc("X2"),
            part_no: "PUMP-02".into(),
            quantity: d("2"),
        },
        today,
    )
    .unwrap_err();
    assert_eq!(wrong[0].code, Code::PartMismatch);
    let back = apply_spare_part(
        &out,
        &SparePartMovement::ExchangeIn {
            document: doc("X2"),
            part_no: "PUMP-01".into(),
            quantity: d("2"),
        },
        today,
    )
    .unwrap();
    assert_eq!(back.in_zone, d("10"));
    assert!(back.obligations.is_empty());
    // Nothing is out for exchange any more.
    let extra = apply_spare_part(
        &back,
        &SparePartMovement::ExchangeIn {
            document: doc("X3"),
            part_no: "PUMP-01".into(),
            quantity: d("1"),
        },
        today,
    )
    .unwrap_err();
    assert_eq!(extra[0].code, Code::NoMatchingObligation);
}

#[test]
fn repairs_come_back_by_a_deadline_and_overdue_ones_are_listed() {
    let today = date(2026, 3, 1);
    let mut record = record();
    for (number, quantity, due) in [
        ("F1", "1", date(2026, 3, 10)),
        ("F2", "2", date(2026, 3, 5)),
    ] {
        record = apply_spare_part(
            &record,
            &SparePartMovement::RepairOut {
                document: doc(number),
                quantity: d(quantity),
                due,
            },
            today,
        )
        .unwrap();
    }
    assert_eq!(record.in_zone, d("7"));
    assert_eq!(
        overdue(std::slice::from_ref(&record), date(2026, 3, 5)),
        vec![]
    );
    let late = overdue(std::slice::from_ref(&record), date(2026, 3, 11));
    assert_eq!(late.len(), 2);
    assert_eq!(late[0].document.number, "F2");
    assert_eq!(late[0].kind, ObligationKind::RepairReturn);
    // Two come back: the oldest due (F2) is cleared first.
    let record = apply_spare_part(
        &record,
        &SparePartMovement::RepairBack {
            document: doc("B1"),
            quantity: d("2"),
        },
        today,
    )
    .unwrap();
    let late = overdue(std::slice::from_ref(&record), date(2026, 3, 11));
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].document.number, "F1");
    assert_eq!(record.in_zone, d("9"));
    // A due date in the past is refused.
    let found = apply_spare_part(
        &record,
        &SparePartMovement::RepairOut {
            document: doc("F3"),
            quantity: d("1"),
            due: date(2026, 2, 1),
        },
        today,
    )
    .unwrap_err();
    assert_eq!(found[0].code, Code::DueInPast);
}
