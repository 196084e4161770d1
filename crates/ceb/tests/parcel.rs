//! Three-document check (三单对碰) on a constructed consistent parcel, and on each
//! kind of disagreement separately.

mod common;

use chuanyu_ceb::{Document, Reason, three_document_check, three_document_check_among};
use common::parcel;
use rust_decimal::Decimal;

fn reasons(p: &common::Parcel) -> Vec<(Reason, Document)> {
    three_document_check(
        &p.inventory,
        Some(&p.order),
        Some(&p.payment),
        Some(&p.waybill),
    )
    .into_iter()
    .map(|d| (d.reason, d.document))
    .collect()
}

#[test]
fn consistent_parcel_passes() {
    let p = parcel();
    assert_eq!(chuanyu_ceb::check_resident_id(common::BUYER_ID), vec![]);
    assert!(reasons(&p).is_empty(), "{:#?}", reasons(&p));
    let among = three_document_check_among(
        &p.inventory,
        std::slice::from_ref(&p.order),
        std::slice::from_ref(&p.payment),
        std::slice::from_ref(&p.waybill),
    );
    assert!(among.is_empty());
}

#[test]
fn missing_documents_are_named() {
    let p = parcel();
    let d = three_document_check(&p.inventory, None, None, None);
    let r: Vec<_> = d.iter().map(|d| d.reason.as_str()).collect();
    assert_eq!(r, ["missing_order", "missing_payment", "missing_waybill"]);
    let d = three_document_check_among(&p.inventory, &[], std::slice::from_ref(&p.payment), &[]);
    let r: Vec<_> = d.iter().map(|d| d.reason.as_str()).collect();
    assert_eq!(r, ["missing_order", "missing_waybill"]);
}

/// Each mutation must yield exactly the expected reasons, nothing else.
fn expect(mutate: impl FnOnce(&mut common::Parcel), want: &[(Reason, Document)]) {
    let mut p = parcel();
    mutate(&mut p);
    assert_eq!(reasons(&p), want);
}

#[test]
fn order_number_mismatch() {
    expect(
        |p| p.payment.order_no = "OTHER".into(),
        &[(Reason::OrderNoMismatch, Document::Payment)],
    );
    expect(
        |p| p.waybill.order_no = "OTHER".into(),
        &[(Reason::OrderNoMismatch, Document::Waybill)],
    );
    expect(
        |p| p.order.head.order_no = "OTHER".into(),
        &[(Reason::OrderNoMismatch, Document::Order)],
    );
}

#[test]
fn platform_code_mismatch() {
    expect(
        |p| p.order.head.ebp_code = "5100000000".into(),
        &[(Reason::EbpCodeMismatch, Document::Order)],
    );
    expect(
        |p| p.payment.ebp_code = "5100000000".into(),
        &[(Reason::EbpCodeMismatch, Document::Payment)],
    );
    expect(
        |p| p.order.head.ebc_code = "5100000000".into(),
        &[(Reason::EbcCodeMismatch, Document::Order)],
    );
}

#[test]
fn buyer_identity_must_equal_payer_identity() {
    expect(
        |p| p.payment.payer_id_number = "110105194912310021".into(),
        &[(Reason::BuyerIdMismatch, Document::Payment)],
    );
    expect(
        |p| p.order.head.buyer_id_number = "110105194912310021".into(),
        &[(Reason::BuyerIdMismatch, Document::Order)],
    );
}

#[test]
fn buyer_name_must_equal_payer_name() {
    expect(
        |p| p.payment.payer_name = "李四".into(),
        &[(Reason::BuyerNameMismatch, Document::Payment)],
    );
    expect(
        |p| p.order.head.buyer_name = "李四".into(),
        &[(Reason::BuyerNameMismatch, Document::Order)],
    );
}

#[test]
fn amount_paid_mismatch() {
    expect(
        |p| p.payment.amount_paid = Decimal::new(53994, 2),
        &[(Reason::AmountPaidMismatch, Document::Payment)],
    );
    // within one fen is rounding, not a disagreement
    expect(|p| p.payment.amount_paid = Decimal::new(539935, 3), &[]);
}

#[test]
fn payment_references_on_the_order() {
    expect(
        |p| p.payment.pay_transaction_id = "PAYX".into(),
        &[(Reason::PayTransactionMismatch, Document::Payment)],
    );
    expect(
        |p| p.payment.pay_code = "5100000009".into(),
        &[(Reason::PayCodeMismatch, Document::Payment)],
    );
}

#[test]
fn waybill_disagreements() {
    expect(
        |p| p.waybill.logistics_no = "RO-OTHER".into(),
        &[(Reason::LogisticsNoMismatch, Document::Waybill)],
    );
    expect(
        |p| p.waybill.logistics_code = "5100000009".into(),
        &[(Reason::LogisticsCodeMismatch, Document::Waybill)],
    );
    expect(
        |p| p.waybill.consignee = "李四".into(),
        &[(Reason::ConsigneeMismatch, Document::Waybill)],
    );
    expect(
        |p| p.waybill.consignee_telephone = "13900000000".into(),
        &[(Reason::ConsigneeTelephoneMismatch, Document::Waybill)],
    );
    expect(
        |p| p.waybill.consignee_address = "重庆市渝北区".into(),
        &[(Reason::ConsigneeAddressMismatch, Document::Waybill)],
    );
}

#[test]
fn items_must_match_the_order() {
    expect(
        |p| p.inventory.lists[1].qty = Decimal::from(2),
        &[(Reason::ItemMismatch, Document::Order)],
    );
    expect(
        |p| p.inventory.lists[0].price = Decimal::from(98),
        &[(Reason::ItemMismatch, Document::Order)],
    );
    expect(
        |p| p.inventory.lists[0].item_no = Some("SKU-999".into()),
        &[(Reason::ItemMismatch, Document::Order)],
    );
    expect(
        |p| p.inventory.lists[1].gnum = 3,
        &[
            (Reason::ItemNotInOrder, Document::Order),
            (Reason::ItemNotInList, Document::Order),
        ],
    );
    expect(
        |p| drop(p.inventory.lists.pop()),
        &[(Reason::ItemNotInList, Document::Order)],
    );
}

#[test]
fn several_disagreements_are_all_reported() {
    let mut p = parcel();
    p.payment.payer_name = "李四".into();
    p.payment.amount_paid = Decimal::ONE;
    p.waybill.consignee = "王五".into();
    let d = three_document_check(
        &p.inventory,
        Some(&p.order),
        Some(&p.payment),
        Some(&p.waybill),
    );
    let codes: Vec<_> = d.iter().map(|d| d.reason.as_str()).collect();
    assert_eq!(
        codes,
        [
            "buyer_name_mismatch",
            "amount_paid_mismatch",
            "consignee_mismatch"
        ]
    );
    assert!(d[1].detail.contains("539.93"), "{}", d[1].detail);
}
