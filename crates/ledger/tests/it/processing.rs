//! Processing by bill of materials, with exact loss rates.

use crate::fixtures::*;
use chuanyu_ledger::*;

fn order(product_quantity: &str, lines: &[(&str, &str, &str)]) -> ProcessingOrder {
    ProcessingOrder {
        consume_list_id: "PC-1".into(),
        produce_list_id: "PP-1".into(),
        book_id: "T7900Z000001".into(),
        document: document(),
        bom: BillOfMaterials {
            product_material_no: "M3".into(),
            lines: lines
                .iter()
                .map(|(material_no, net, loss)| BomLine {
                    material_no: (*material_no).into(),
                    net_per_unit: d(net),
                    loss_rate: d(loss),
                })
                .collect(),
        },
        product_quantity: d(product_quantity),
        on: DAY,
    }
}

#[test]
fn materials_consumed_with_loss_and_goods_produced() {
    let mut book = zone();
    stock(&mut book, "IN1", "M1", "1000");
    stock(&mut book, "IN2", "M2", "1000");
    // 100 units: M1 2 kg net at 20 % loss → 250; M2 1 piece at 3 % loss → 103.09278.
    let plan = plan_processing(
        &book,
        &order("100", &[("M1", "2", "0.2"), ("M2", "1", "0.03")]),
    )
    .unwrap();
    let gross: Vec<_> = plan.consumption.iter().map(|c| c.gross_quantity).collect();
    assert_eq!(gross, vec![d("250"), d("103.09278")]);
    assert_eq!(plan.consumption[1].net_quantity, d("100"));
    book.commit(&plan.movement, &plan.effect);
    book.assert_invariants();
    assert_eq!(balance(&book, "M1").available, d("750"));
    assert_eq!(balance(&book, "M2").available, d("896.90722"));
    assert_eq!(balance(&book, "M3").available, d("100"));
    assert_eq!(
        book.list("PC-1").unwrap().progress[1].state,
        DeductionState::Deducted
    );
}

#[test]
fn insufficient_materials_are_reported_per_material() {
    let mut book = zone();
    stock(&mut book, "IN1", "M1", "10");
    let before = book.clone();
    let findings =
        plan_processing(&book, &order("10", &[("M1", "2", "0.2"), ("M2", "1", "0")])).unwrap_err();
    let found: Vec<(&str, Code)> = findings.iter().map(|f| (f.path.as_str(), f.code)).collect();
    assert_eq!(
        found,
        vec![
            ("/bom/lines/0", Code::InsufficientBalance),
            ("/bom/lines/1", Code::InsufficientBalance),
        ]
    );
    assert_eq!(
        findings[0].shortfall.unwrap(),
        Shortfall {
            bucket: Bucket::Available,
            available: d("10"),
            requested: d("25")
        }
    );
    assert_eq!(book, before);
}

#[test]
fn a_broken_bill_is_refused_whole() {
    let book = zone();
    let found: Vec<(String, Code)> = plan_processing(
        &book,
        &order(
            "1",
            &[("M1", "1", "1"), ("M1", "0", "0"), ("M3", "1", "0.1234567")],
        ),
    )
    .unwrap_err()
    .into_iter()
    .map(|f| (f.path, f.code))
    .collect();
    assert_eq!(
        found,
        vec![
            ("/bom/lines/0/loss_rate".into(), Code::InvalidLossRate),
            ("/bom/lines/1/material_no".into(), Code::DuplicateMaterial),
            (
                "/bom/lines/1/net_per_unit".into(),
                Code::NonPositiveQuantity
            ),
            ("/bom/lines/2/material_no".into(), Code::ProductIsMaterial),
            ("/bom/lines/2/loss_rate".into(), Code::TooManyDecimals),
        ]
    );
}

#[test]
fn processing_only_in_a_zone() {
    let mut warehouse = BookState::open(account_book(
        "W1",
        PlaceKind::BondedWarehouse,
        &["M1", "M3"],
    ))
    .unwrap();
    stock(&mut warehouse, "IN", "M1", "10");
    let mut order = order("1", &[("M1", "1", "0")]);
    order.book_id = "W1".into();
    let findings = plan_processing(&warehouse, &order).unwrap_err();
    assert_eq!(findings.len(), 1);
    assert_eq!(
        (findings[0].path.as_str(), findings[0].code),
        ("/kind", Code::KindNotAllowedAtPlace)
    );
}
