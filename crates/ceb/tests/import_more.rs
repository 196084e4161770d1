//! CEB513/514 (waybill status) and CEB711/712 (warehouse entry): the official samples
//! parse, and 513/711 get receipts that name exactly what is wrong.

mod common;

use chuanyu_ceb::{
    Message, MessageType, ReturnStatus, Verdict, business_findings, parse, receipt_xml, verdicts,
};
use common::sample;

const RT: &str = "20250301120000123";

#[test]
fn ceb513_sample_status_r_is_not_the_spec_s() {
    let p = parse(&sample("import", "CEB513Message.xml")).unwrap();
    assert_eq!(p.message.message_type(), MessageType::Ceb513);
    assert_eq!(p.message.entry_count(), 10);
    // Spec 3.7 table 3-24: logisticsStatus 限定 S; every sample entry says R.
    assert_eq!(p.findings.len(), 10, "{:#?}", p.findings);
    for (i, f) in p.findings.iter().enumerate() {
        assert_eq!(f.code.as_str(), "bad_enum");
        assert_eq!(f.entry, Some(i));
        assert_eq!(
            f.path,
            format!(
                "/ceb:CEB513Message/ceb:LogisticsStatus[{}]/ceb:logisticsStatus",
                i + 1
            )
        );
        assert_eq!(f.line, 12 + 12 * i as u32);
    }
    assert!(business_findings(&p.message).is_empty());
    let v = verdicts(&p.message, &p.findings);
    assert!(v.iter().all(|v| v.status == ReturnStatus::Rejected));
    let xml = receipt_xml(&p.message, &v, RT).unwrap();
    let r = parse(xml.as_bytes()).unwrap();
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    let Message::WaybillStatusReceipt { returns, .. } = r.message else {
        panic!()
    };
    assert_eq!(returns.len(), 10);
    assert_eq!(returns[0].return_status, "100");
    assert_eq!(returns[0].logistics_no, "L201603081138007");
    assert!(
        returns[0].return_info.contains("bad_enum")
            && returns[0].return_info.contains("logisticsStatus"),
        "{}",
        returns[0].return_info
    );
}

#[test]
fn ceb513_with_s_is_accepted() {
    let xml = String::from_utf8(sample("import", "CEB513Message.xml"))
        .unwrap()
        .replace(
            "<ceb:logisticsStatus>R</ceb:logisticsStatus>",
            "<ceb:logisticsStatus>S</ceb:logisticsStatus>",
        );
    let p = parse(xml.as_bytes()).unwrap();
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    let v = verdicts(&p.message, &p.findings);
    let receipt = receipt_xml(&p.message, &v, RT).unwrap();
    assert!(receipt.contains("<ceb:returnStatus>120</ceb:returnStatus>"));
    assert!(receipt.contains("<ceb:logisticsStatus>S</ceb:logisticsStatus>"));
}

#[test]
fn receipt_samples_514_712_are_clean() {
    for (name, t) in [
        ("CEB514Message.xml", MessageType::Ceb514),
        ("CEB712Message.xml", MessageType::Ceb712),
    ] {
        let p = parse(&sample("import", name)).unwrap();
        assert_eq!(p.message.message_type(), t);
        assert_eq!(p.message.entry_count(), 10);
        assert!(p.findings.is_empty(), "{name}: {:#?}", p.findings);
        assert!(receipt_xml(&p.message, &[], RT).is_err());
    }
}

#[test]
fn ceb711_sample_parses_and_gets_a_712() {
    let p = parse(&sample("import", "CEB711Message.xml")).unwrap();
    assert_eq!(p.message.message_type(), MessageType::Ceb711);
    assert!(p.findings.is_empty(), "{:#?}", p.findings);
    assert!(business_findings(&p.message).is_empty());
    let Message::Delivery { deliveries, .. } = &p.message else {
        panic!()
    };
    assert_eq!(
        deliveries[0].head.rkd_no.as_deref(),
        Some("010220160308000005")
    );
    assert_eq!(deliveries[0].lists[0].logistics_no, "L201603081138001");
    let v = verdicts(&p.message, &p.findings);
    let xml = receipt_xml(&p.message, &v, RT).unwrap();
    let r = parse(xml.as_bytes()).unwrap();
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    let Message::DeliveryReceipt { returns, .. } = r.message else {
        panic!()
    };
    assert_eq!(returns[0].pre_no.as_deref(), Some("B20160308000000005"));
    assert_eq!(returns[0].rkd_no.as_deref(), Some("010220160308000005"));
    assert_eq!(returns[0].return_status, "120");
}

#[test]
fn ceb711_two_deliveries_and_gnum_gap() {
    let s = String::from_utf8(sample("import", "CEB711Message.xml")).unwrap();
    let start = s.find("<ceb:Delivery>").unwrap();
    let end = s.find("</ceb:Delivery>").unwrap() + "</ceb:Delivery>".len();
    let twice = format!("{}{}{}", &s[..end], &s[start..end], &s[end..]);
    let p = parse(twice.as_bytes()).unwrap();
    let codes: Vec<_> = p.findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["too_many_occurrences"]);
    let gap = s.replace("<ceb:gnum>1</ceb:gnum>", "<ceb:gnum>2</ceb:gnum>");
    let p = parse(gap.as_bytes()).unwrap();
    let b = business_findings(&p.message);
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].code.as_str(), "gnum_not_sequential");
    assert_eq!(
        b[0].path,
        "/ceb:CEB711Message/ceb:Delivery[1]/ceb:DeliveryList[1]/ceb:gnum"
    );
    // Without preNo the 712 cannot be written (the spec makes it required).
    let no_pre = s.replace("<ceb:preNo>B20160308000000005</ceb:preNo>", "");
    let p = parse(no_pre.as_bytes()).unwrap();
    let err = receipt_xml(&p.message, &[Verdict::accepted()], RT).unwrap_err();
    assert_eq!(err.to_string(), "entry 0: receipt field preNo has no value");
}
