//! CEB816 e-tax bill and CEB818 status writers: round trip through `parse`, and
//! refusal to write anything the XSD rejects.

use std::str::FromStr;

use chuanyu_ceb::{
    Message, MessageType, ReceiptError, TaxBill, TaxBillLine, TaxBillStatus, TaxStatusUpdate,
    business_findings, parse, receipt_xml, tax_bill_xml, tax_status_xml,
};
use rust_decimal::Decimal;

const RT: &str = "20250301120000123";

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn bill() -> TaxBill {
    TaxBill {
        guid: "A1B2C3D4-0000-4000-8000-00000000816A".into(),
        invt_no: "790120251000000001".into(),
        tax_no: "TAX7901202503010000001".into(),
        customs_tax: d("0"),
        value_added_tax: d("35.90100"),
        consumption_tax: d("12.5"),
        status: TaxBillStatus::Generated,
        ent_duty_no: Some("ED2025030100001".into()),
        note: Some("跨境电商综合税 <70%>".into()),
        assure_code: Some("5101960002".into()),
        ebc_code: Some("5101960002".into()),
        logistics_code: Some("5101960004".into()),
        agent_code: Some("5101960005".into()),
        customs_code: Some("7901".into()),
        order_no: Some("CD2025030100001".into()),
        logistic_no: Some("RO2025030100001".into()),
        lines: vec![
            TaxBillLine {
                gnum: 1,
                gcode: "0402100000".into(),
                tax_price: d("199.00"),
                customs_tax: d("0"),
                value_added_tax: d("14.3283"),
                consumption_tax: d("0"),
            },
            TaxBillLine {
                gnum: 2,
                gcode: "3304990099".into(),
                tax_price: d("300"),
                customs_tax: d("0"),
                value_added_tax: d("21.57270"),
                consumption_tax: d("12.5"),
            },
        ],
    }
}

#[test]
fn round_trip() {
    let b = bill();
    let xml = tax_bill_xml(&b, RT).unwrap();
    let p = parse(xml.as_bytes()).unwrap();
    assert!(p.findings.is_empty(), "{:#?}\n{xml}", p.findings);
    assert!(business_findings(&p.message).is_empty());
    assert_eq!(p.message.message_type(), MessageType::Ceb816);
    assert_eq!(p.message.envelope().guid, b.guid);
    let Message::TaxBill { taxes, .. } = &p.message else {
        panic!()
    };
    assert_eq!(taxes.len(), 1);
    assert_eq!(taxes[0].head.return_time, RT);
    let back = TaxBill::from_tax(&taxes[0]).unwrap();
    // orderNo / logisticNo are not TaxHeadRd elements in the XSD: not written.
    assert!(!xml.contains("orderNo") && !xml.contains("logisticNo"));
    let want = TaxBill {
        order_no: None,
        logistic_no: None,
        ..b
    };
    assert_eq!(back, want);
    // Exact decimals, scale kept as given.
    assert_eq!(back.lines[1].value_added_tax.to_string(), "21.57270");
    assert!(xml.contains("&lt;70%&gt;"));
    // Issued by customs: no receipt answers it.
    assert!(matches!(
        receipt_xml(&p.message, &[], RT),
        Err(ReceiptError::NotAnswerable(MessageType::Ceb816))
    ));
}

#[test]
fn minimal_bill_omits_optional_elements() {
    let b = TaxBill {
        ent_duty_no: None,
        note: None,
        assure_code: None,
        ebc_code: None,
        logistics_code: None,
        agent_code: None,
        customs_code: None,
        order_no: None,
        logistic_no: None,
        status: TaxBillStatus::Void,
        ..bill()
    };
    let xml = tax_bill_xml(&b, RT).unwrap();
    assert!(!xml.contains("customsCode") && xml.contains("<ceb:status>3</ceb:status>"));
    let p = parse(xml.as_bytes()).unwrap();
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    let Message::TaxBill { taxes, .. } = &p.message else {
        panic!()
    };
    assert_eq!(TaxBill::from_tax(&taxes[0]).unwrap(), b);
}

fn refused(b: &TaxBill) -> (String, String) {
    match tax_bill_xml(b, RT) {
        Err(ReceiptError::InvalidField { field, detail, .. }) => (field.to_string(), detail),
        Err(ReceiptError::MissingField { field, .. }) => (field.to_string(), "missing".into()),
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn refuses_invalid_bills() {
    let mut b = bill();
    b.lines[1].gcode = "33049900993304990099".into();
    let (field, detail) = refused(&b);
    assert_eq!(field, "gcode");
    assert!(detail.starts_with("TaxListRd[2]: wrong_length"), "{detail}");

    let mut b = bill();
    b.customs_tax = d("0.000001");
    let (field, detail) = refused(&b);
    assert_eq!(field, "customsTax");
    assert!(detail.contains("too_many_digits"), "{detail}");

    let mut b = bill();
    b.value_added_tax = d("123456789012345678.12");
    assert_eq!(refused(&b).0, "valueAddedTax");

    let mut b = bill();
    b.customs_code = Some("790".into());
    assert_eq!(refused(&b).0, "customsCode");

    let mut b = bill();
    b.invt_no = "7901202510000000012".into();
    assert_eq!(refused(&b).0, "invtNo");

    let mut b = bill();
    b.tax_no = String::new();
    assert_eq!(refused(&b), ("taxNo".into(), "missing".into()));

    let mut b = bill();
    b.agent_code = Some("1234567890123456789".into());
    assert_eq!(refused(&b).0, "agentCode");

    let mut b = bill();
    b.guid = "a1b2c3d4-0000-4000-8000-00000000816a".into();
    assert_eq!(refused(&b).0, "guid");

    let mut b = bill();
    b.lines[1].gnum = 3;
    let (field, detail) = refused(&b);
    assert_eq!(field, "gnum");
    assert!(detail.contains("gnum 3 where 2 is due"), "{detail}");

    let mut b = bill();
    b.lines.clear();
    assert_eq!(refused(&b).0, "TaxListRd");

    let mut b = bill();
    let line = b.lines[0].clone();
    b.lines = (1..=100)
        .map(|g| TaxBillLine {
            gnum: g,
            ..line.clone()
        })
        .collect();
    assert_eq!(refused(&b).0, "TaxListRd");
    b.lines.truncate(99);
    assert!(tax_bill_xml(&b, RT).is_ok());

    assert_eq!(
        tax_bill_xml(&bill(), "2025030112000012"),
        Err(ReceiptError::BadReturnTime("2025030112000012".into()))
    );
}

#[test]
fn status_818_round_trip_and_refusal() {
    let u = TaxStatusUpdate {
        guid: "A1B2C3D4-0000-4000-8000-00000000818A".into(),
        invt_no: "790120251000000001".into(),
        tax_no: "TAX7901202503010000001".into(),
        status: TaxBillStatus::Summarised,
        ent_duty_no: Some("ED2025030100001".into()),
        assure_code: None,
    };
    let xml = tax_status_xml(&u, RT).unwrap();
    let p = parse(xml.as_bytes()).unwrap();
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    let Message::TaxStatus { statuses, .. } = &p.message else {
        panic!()
    };
    assert_eq!(statuses[0].status, "2");
    assert_eq!(statuses[0].tax_no, u.tax_no);
    assert_eq!(statuses[0].ent_duty_no, u.ent_duty_no);
    assert_eq!(statuses[0].assure_code, None);
    let bad = TaxStatusUpdate {
        ent_duty_no: Some("E".repeat(51)),
        ..u
    };
    assert!(matches!(
        tax_status_xml(&bad, RT),
        Err(ReceiptError::InvalidField {
            field: "entDutyNo",
            ..
        })
    ));
}

#[test]
fn status_codes() {
    for s in [
        TaxBillStatus::Generated,
        TaxBillStatus::Summarised,
        TaxBillStatus::Void,
    ] {
        assert_eq!(TaxBillStatus::from_code(s.code()), Some(s));
    }
    assert_eq!(TaxBillStatus::from_code("4"), None);
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    /// A decimal within N19,5: any i64 mantissa (at most 19 digits), 0–5 decimals.
    fn n19_5() -> impl Strategy<Value = Decimal> {
        (any::<i64>(), 0u32..=5).prop_map(|(m, scale)| Decimal::new(m, scale))
    }

    fn line(g: u32) -> impl Strategy<Value = TaxBillLine> {
        ("[0-9]{10}", n19_5(), n19_5(), n19_5(), n19_5()).prop_map(move |(gcode, a, b, c, d)| {
            TaxBillLine {
                gnum: g,
                gcode,
                tax_price: a,
                customs_tax: b,
                value_added_tax: c,
                consumption_tax: d,
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Whatever valid values: written, parsed back clean, same bill.
        #[test]
        fn write_parse_round_trip(
            n in 1usize..6,
            tax_no in "[A-Z0-9]{1,50}",
            note in proptest::option::of("[a-z<>&\"' \r\n\t税单]{1,60}"),
            head in (n19_5(), n19_5(), n19_5()),
            lines in proptest::collection::vec(line(0), 6),
        ) {
            let mut b = bill();
            b.tax_no = tax_no;
            b.note = note.map(|s| s.trim_matches([' ', '\t', '\r', '\n']).to_owned()).filter(|s| !s.is_empty());
            (b.customs_tax, b.value_added_tax, b.consumption_tax) = head;
            b.order_no = None;
            b.logistic_no = None;
            b.lines = lines.into_iter().take(n).enumerate().map(|(i, mut l)| { l.gnum = i as u32 + 1; l }).collect();
            let xml = tax_bill_xml(&b, RT).unwrap();
            prop_assert!(!xml.contains('\r'));
            let p = parse(xml.as_bytes()).unwrap();
            prop_assert!(p.findings.is_empty(), "{:?}", p.findings);
            let Message::TaxBill { taxes, .. } = &p.message else { panic!() };
            prop_assert_eq!(TaxBill::from_tax(&taxes[0]).unwrap(), b);
        }
    }
}
