//! Schema-level checks: every finding at once, each with its path, line and code.

mod common;

use chuanyu_ceb::{FindingCode, parse};

#[test]
fn all_findings_at_once() {
    let xml = common::order_xml()
        .replace("<ceb:orderNo>CD2025030100001</ceb:orderNo>", "") // missing_element
        .replace(
            "<ceb:appType>1</ceb:appType>",
            "<ceb:appType>4</ceb:appType>",
        ) // bad_enum
        .replace(
            "<ceb:freight>10</ceb:freight>",
            "<ceb:freight>1O</ceb:freight>",
        ) // bad_number
        .replace(
            "<ceb:discount>5</ceb:discount>",
            "<ceb:discount>5.123456</ceb:discount>",
        ) // too_many_digits
        .replace(
            "<ceb:ebpName>川渝优选平台</ceb:ebpName>",
            &format!("<ceb:ebpName>{}</ceb:ebpName>", "长".repeat(101)),
        ) // too_long
        .replace(
            "<ceb:consigneeDistrict>510116</ceb:consigneeDistrict>",
            "<ceb:consigneeDistrict>5101</ceb:consigneeDistrict>",
        ) // wrong_length
        .replace(
            "<ceb:appTime>20250301101500</ceb:appTime>",
            "<ceb:appTime>20250231101500</ceb:appTime>",
        ) // bad_datetime
        .replace(
            "<ceb:currency>142</ceb:currency><ceb:country>116</ceb:country>",
            "<ceb:currency>502</ceb:currency><ceb:country>116</ceb:country>",
        ) // bad_enum (fixed 142)
        .replace(
            "<ceb:gnum>2</ceb:gnum>",
            "<ceb:gnum>2</ceb:gnum><ceb:color>red</ceb:color>",
        ) // unexpected_element
        .replace(
            "<ceb:buyerName>张三</ceb:buyerName>",
            "<ceb:buyerName></ceb:buyerName>",
        ); // empty_value
    let p = parse(xml.as_bytes()).unwrap();
    let got: Vec<(&str, &str)> = p
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.path.as_str()))
        .collect();
    let h = "/ceb:CEB311Message/ceb:Order[1]/ceb:OrderHead";
    let l2 = "/ceb:CEB311Message/ceb:Order[1]/ceb:OrderList[2]";
    let want = vec![
        ("bad_enum", format!("{h}/ceb:appType")),
        ("bad_datetime", format!("{h}/ceb:appTime")),
        // findings come in XSD field order; a missing one points at its parent's line
        ("missing_element", format!("{h}/ceb:orderNo")),
        ("too_long", format!("{h}/ceb:ebpName")),
        ("bad_number", format!("{h}/ceb:freight")),
        ("too_many_digits", format!("{h}/ceb:discount")),
        ("empty_value", format!("{h}/ceb:buyerName")),
        ("wrong_length", format!("{h}/ceb:consigneeDistrict")),
        ("unexpected_element", format!("{l2}/ceb:color")),
        ("bad_enum", format!("{l2}/ceb:currency")),
    ];
    let want: Vec<(&str, &str)> = want.iter().map(|(c, p)| (*c, p.as_str())).collect();
    assert_eq!(got, want, "{:#?}", p.findings);
    assert!(p.findings.iter().all(|f| f.line > 1 && f.entry == Some(0)));
    // the value is still usable where it could be read
    let chuanyu_ceb::Message::Order { orders, .. } = p.message else {
        panic!()
    };
    assert_eq!(orders[0].head.order_no, "");
    assert_eq!(orders[0].head.freight, rust_decimal::Decimal::ZERO);
}

#[test]
fn structure_order_and_occurrences() {
    let xml = common::waybill_xml()
        .replace("<ceb:logisticsCode>5101960004</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName>", "<ceb:logisticsName>蓉欧快运</ceb:logisticsName><ceb:logisticsCode>5101960004</ceb:logisticsCode>")
        .replace("<ceb:packNo>1</ceb:packNo>", "<ceb:packNo>1</ceb:packNo><ceb:packNo>1</ceb:packNo>")
        .replace(r#"version="1.0""#, "");
    let p = parse(xml.as_bytes()).unwrap();
    let got: Vec<_> = p.findings.iter().map(|f| f.code).collect();
    assert_eq!(
        got,
        [
            FindingCode::MissingAttribute,
            FindingCode::OutOfOrder,
            FindingCode::TooManyOccurrences
        ],
        "{:#?}",
        p.findings
    );
    assert_eq!(p.findings[0].path, "/ceb:CEB511Message/@version");
    assert_eq!(p.findings[0].entry, None);
}

#[test]
fn missing_parts_of_the_message() {
    // no BaseTransfer, no OrderList; 621 without its mandatory signature
    let xml = common::order_xml();
    let start = xml.find("<ceb:BaseTransfer>").unwrap();
    let end = xml.find("</ceb:BaseTransfer>").unwrap() + "</ceb:BaseTransfer>".len();
    let mut xml = format!("{}{}", &xml[..start], &xml[end..]);
    while let Some(s) = xml.find("<ceb:OrderList>") {
        let e = xml.find("</ceb:OrderList>").unwrap() + "</ceb:OrderList>".len();
        xml.replace_range(s..e, "");
    }
    let p = parse(xml.as_bytes()).unwrap();
    let got: Vec<_> = p
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("missing_element", "/ceb:CEB311Message/ceb:BaseTransfer"),
            (
                "missing_element",
                "/ceb:CEB311Message/ceb:Order[1]/ceb:OrderList"
            ),
        ]
    );
    let inv = common::inventory_xml();
    let s = inv.find("<ds:Signature").unwrap();
    let e = inv.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let p = parse(format!("{}{}", &inv[..s], &inv[e..]).as_bytes()).unwrap();
    assert_eq!(p.findings.len(), 1);
    assert_eq!(p.findings[0].path, "/ceb:CEB621Message/ds:Signature");
}

#[test]
fn business_sums_on_a_constructed_order() {
    let xml = common::order_xml()
        .replace(
            "<ceb:goodsValue>499.00</ceb:goodsValue>",
            "<ceb:goodsValue>500</ceb:goodsValue>",
        )
        .replace(
            "<ceb:buyerIdNumber>11010519491231002X</ceb:buyerIdNumber>",
            "<ceb:buyerIdNumber>110105194912310021</ceb:buyerIdNumber>",
        );
    let p = parse(xml.as_bytes()).unwrap();
    assert!(p.findings.is_empty());
    let codes: Vec<_> = chuanyu_ceb::business_findings(&p.message)
        .iter()
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "bad_id_check_char",
            "goods_value_mismatch",
            "actural_paid_mismatch"
        ]
    );
}
