//! Receipts: emitted for each answerable message, they parse back with this crate's
//! own parser without any finding (so elements are in XSD order) and carry the keys.

mod common;

use chuanyu_ceb::{
    Message, MessageType, ReceiptError, ReturnStatus, Verdict, business_findings, parse,
    receipt_xml, three_document_check, verdicts,
};

const T: &str = "20250301120000123";

fn roundtrip(xml: &str, want: MessageType) -> Message {
    let p = parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert!(p.findings.is_empty(), "{:#?}\n{xml}", p.findings);
    assert_eq!(p.message.message_type(), want);
    p.message
}

#[test]
fn parcel_receipts_round_trip_accepted() {
    for (xml, rt) in [
        (common::order_xml(), MessageType::Ceb312),
        (common::payment_xml(), MessageType::Ceb412),
        (common::waybill_xml(), MessageType::Ceb512),
    ] {
        let m = parse(xml.as_bytes()).unwrap().message;
        let r = receipt_xml(&m, &verdicts(&m, &[]), T).unwrap();
        let back = roundtrip(&r, rt);
        assert_eq!(back.entry_count(), 1);
        assert_eq!(back.envelope().guid, m.envelope().guid);
    }
    let m = parse(common::order_xml().as_bytes()).unwrap().message;
    let r = receipt_xml(&m, &verdicts(&m, &[]), T).unwrap();
    let Message::OrderReceipt { returns, .. } = roundtrip(&r, MessageType::Ceb312) else {
        panic!()
    };
    let r0 = &returns[0];
    assert_eq!(
        (
            r0.ebp_code.as_str(),
            r0.ebc_code.as_str(),
            r0.order_no.as_str(),
            r0.return_status.as_str()
        ),
        ("5101960001", "5101960002", "CD2025030100001", "120")
    );
    assert_eq!(r0.return_time, T);
    assert_eq!(
        r0.return_info,
        "新增申报成功[0E6A1F30-5B7C-4D2E-9A10-3C4B5D6E7F80]"
    );
}

#[test]
fn inventory_receipt_names_every_three_document_reason() {
    let p = common::parcel();
    let mut payment = p.payment.clone();
    payment.amount_paid = rust_decimal::Decimal::ONE;
    payment.payer_name = "李四<&>".into();
    let m = parse(common::inventory_xml().as_bytes()).unwrap().message;
    let mut v = verdicts(&m, &[]);
    for d in three_document_check(&p.inventory, Some(&p.order), Some(&payment), None) {
        v[0].reject(d.to_string());
    }
    v[0].pre_no = Some("I20250301000000001".into());
    let xml = receipt_xml(&m, &v, T).unwrap();
    let Message::InventoryReceipt { returns, .. } = roundtrip(&xml, MessageType::Ceb622) else {
        panic!()
    };
    let r = &returns[0];
    assert_eq!(r.return_status, "100");
    assert_eq!(r.cop_no, "COP20250301000001");
    assert_eq!(r.pre_no, "I20250301000000001");
    assert_eq!(r.customs_code.as_deref(), Some("7901"));
    for code in [
        "buyer_name_mismatch",
        "amount_paid_mismatch",
        "missing_waybill",
    ] {
        assert!(
            r.return_info.contains(code),
            "{code} not in {}",
            r.return_info
        );
    }
    assert!(
        r.return_info.contains("李四<&>"),
        "escaped and read back: {}",
        r.return_info
    );
}

#[test]
fn sample_receipts_name_each_business_finding() {
    let bytes = common::sample("import", "CEB311Message.xml");
    let p = parse(&bytes).unwrap();
    let mut findings = p.findings.clone();
    findings.extend(business_findings(&p.message));
    let v = verdicts(&p.message, &findings);
    assert!(
        v.iter()
            .all(|v| v.status == ReturnStatus::Rejected && v.reasons.len() == 3)
    );
    let xml = receipt_xml(&p.message, &v, T).unwrap();
    let Message::OrderReceipt { returns, .. } = roundtrip(&xml, MessageType::Ceb312) else {
        panic!()
    };
    assert_eq!(returns.len(), 6);
    for r in &returns {
        for code in [
            "bad_id_birth_date",
            "bad_id_check_char",
            "item_total_mismatch",
        ] {
            assert!(r.return_info.contains(code), "{}", r.return_info);
        }
    }
    // cancellations and returns answer too; the portal's preNo is passed in
    for (name, rt) in [
        ("CEB623Message.xml", MessageType::Ceb624),
        ("CEB625Message.xml", MessageType::Ceb626),
    ] {
        let p = parse(&common::sample("import", name)).unwrap();
        let mut v = verdicts(&p.message, &business_findings(&p.message));
        v.iter_mut()
            .for_each(|v| v.pre_no = Some("I20250301000000001".into()));
        roundtrip(&receipt_xml(&p.message, &v, T).unwrap(), rt);
    }
}

#[test]
fn return_info_is_cut_to_1000_characters() {
    let m = parse(common::order_xml().as_bytes()).unwrap().message;
    let mut v = Verdict::accepted();
    for i in 0..200 {
        v.reject(format!("reason_{i} 原因说明"));
    }
    let xml = receipt_xml(&m, &[v], T).unwrap();
    let Message::OrderReceipt { returns, .. } = roundtrip(&xml, MessageType::Ceb312) else {
        panic!()
    };
    let info = &returns[0].return_info;
    assert!(info.chars().count() <= 1000);
    assert!(
        info.starts_with("reason_0 ") && info.contains("more)"),
        "{info}"
    );
}

#[test]
fn receipt_errors() {
    let m = parse(common::order_xml().as_bytes()).unwrap().message;
    assert_eq!(
        receipt_xml(&m, &verdicts(&m, &[]), "2025-03-01").unwrap_err(),
        ReceiptError::BadReturnTime("2025-03-01".into())
    );
    assert_eq!(
        receipt_xml(&m, &[], T).unwrap_err(),
        ReceiptError::VerdictCount {
            expected: 1,
            got: 0
        }
    );
    let inv = parse(common::inventory_xml().as_bytes()).unwrap().message;
    assert_eq!(
        receipt_xml(&inv, &verdicts(&inv, &[]), T).unwrap_err(),
        ReceiptError::MissingField {
            entry: 0,
            field: "preNo"
        }
    );
    let r = parse(&common::sample("import", "CEB312Message.xml"))
        .unwrap()
        .message;
    assert_eq!(
        receipt_xml(&r, &[], T).unwrap_err(),
        ReceiptError::NotAnswerable(MessageType::Ceb312)
    );
}
