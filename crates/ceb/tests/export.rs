//! The official export samples (spec chapter 2): each parses, the schema and
//! business findings are exactly what the samples get wrong, and every business
//! message gets a receipt that parses back cleanly and names why it was rejected.

mod common;

use std::collections::BTreeMap;

use chuanyu_ceb::{
    ExportReturns, Message, MessageType, ParseErrorCode, ReceiptError, ReturnStatus,
    business_findings, credit_code_check_char, parse, receipt_xml, verdicts,
};
use common::sample;

const RT: &str = "20250301120000123";

/// Finding codes of a sample with their counts, schema and business together.
fn codes(name: &str) -> (Message, BTreeMap<&'static str, usize>) {
    let p = parse(&sample("export", name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut m = BTreeMap::new();
    for f in p.findings.iter().chain(&business_findings(&p.message)) {
        assert!(f.line > 0 || !f.code.is_schema(), "{name}: {f}");
        *m.entry(f.code.as_str()).or_insert(0) += 1;
    }
    (p.message, m)
}

/// Sample file, its type, and the finding codes with counts.
type Expected = (&'static str, MessageType, &'static [(&'static str, usize)]);

#[test]
fn export_samples_findings() {
    // Common to all: the root guid is lower-case ("英文字母大写" in the spec).
    let table: &[Expected] = &[
        ("CEB213Message.xml", MessageType::Ceb213, &[]),
        (
            "CEB215Message.xml",
            MessageType::Ceb215,
            &[("bad_guid", 11)],
        ),
        (
            "CEB216Message.xml",
            MessageType::Ceb216,
            &[("bad_guid", 11)],
        ),
        (
            "CEB303Message.xml",
            MessageType::Ceb303,
            &[
                ("bad_guid", 11),
                ("goods_value_mismatch", 10),
                ("too_many_occurrences", 1),
            ],
        ),
        (
            "CEB304Message.xml",
            MessageType::Ceb304,
            &[("bad_guid", 11)],
        ),
        (
            "CEB403Message.xml",
            MessageType::Ceb403,
            &[("bad_guid", 1), ("too_many_occurrences", 1)],
        ),
        ("CEB404Message.xml", MessageType::Ceb404, &[("bad_guid", 1)]),
        (
            "CEB505Message.xml",
            MessageType::Ceb505,
            &[("bad_guid", 1), ("too_many_occurrences", 1)],
        ),
        ("CEB506Message.xml", MessageType::Ceb506, &[("bad_guid", 1)]),
        (
            "CEB507Message.xml",
            MessageType::Ceb507,
            &[("bad_guid", 1), ("too_many_occurrences", 1)],
        ),
        ("CEB508Message.xml", MessageType::Ceb508, &[("bad_guid", 1)]),
        (
            "CEB509Message.xml",
            MessageType::Ceb509,
            &[("bad_guid", 1), ("too_many_occurrences", 1)],
        ),
        ("CEB510Message.xml", MessageType::Ceb510, &[("bad_guid", 1)]),
        (
            "CEB603Message.xml",
            MessageType::Ceb603,
            &[
                ("bad_enum", 20),
                ("bad_guid", 1),
                ("item_total_mismatch", 10),
                ("too_many_occurrences", 1),
            ],
        ),
        (
            "CEB604Message.xml",
            MessageType::Ceb604,
            &[("bad_enum", 10), ("bad_guid", 1)],
        ),
        (
            "CEB605Message.xml",
            MessageType::Ceb605,
            &[("bad_guid", 1), ("too_many_occurrences", 1)],
        ),
        ("CEB606Message.xml", MessageType::Ceb606, &[("bad_guid", 1)]),
        (
            "CEB607Message.xml",
            MessageType::Ceb607,
            &[("bad_guid", 1), ("too_many_occurrences", 1)],
        ),
        ("CEB608Message.xml", MessageType::Ceb608, &[("bad_guid", 1)]),
        (
            "CEB701Message.xml",
            MessageType::Ceb701,
            &[("bad_guid", 11)],
        ),
        (
            "CEB702Message.xml",
            MessageType::Ceb702,
            &[("bad_guid", 11)],
        ),
        (
            "CEB792Message.xml",
            MessageType::Ceb792,
            &[("bad_guid", 11), ("missing_element", 20)],
        ),
    ];
    for (name, t, want) in table {
        let (m, got) = codes(name);
        assert_eq!(m.message_type(), *t, "{name}");
        assert_eq!(m.entry_count(), 10, "{name}");
        let want: BTreeMap<_, _> = want.iter().copied().collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn ceb214_sample_root_is_not_a_message_name() {
    // The official CEB214 sample's root is <ceb:CEB214>, not <ceb:CEB214Message>.
    let e = parse(&sample("export", "CEB214Message.xml")).unwrap_err();
    assert_eq!(e.code, ParseErrorCode::UnknownMessageType);
    assert!(e.detail.contains("root <CEB214>"), "{e}");
}

#[test]
fn sample_details() {
    let p = parse(&sample("export", "CEB603Message.xml")).unwrap();
    let f = &p.findings;
    let ie = f.iter().find(|f| f.path.ends_with("ceb:ieFlag")).unwrap();
    assert_eq!(
        (ie.path.as_str(), ie.line, ie.entry),
        (
            "/ceb:CEB603Message/ceb:Inventory[1]/ceb:InventoryHead/ceb:ieFlag",
            18,
            Some(0)
        )
    );
    let bt = f
        .iter()
        .find(|f| f.code.as_str() == "too_many_occurrences")
        .unwrap();
    assert_eq!(bt.path, "/ceb:CEB603Message/ceb:BaseTransfer");
    assert_eq!(bt.entry, None);
    let b = business_findings(&p.message);
    assert_eq!(
        b[0].path,
        "/ceb:CEB603Message/ceb:Inventory[1]/ceb:InventoryList[1]/ceb:totalPrice"
    );
    assert!(
        b[0].detail.contains("200 ≠ price 20 × qty 100"),
        "{}",
        b[0].detail
    );

    let p = parse(&sample("export", "CEB792Message.xml")).unwrap();
    let g = p
        .findings
        .iter()
        .find(|f| f.code.as_str() == "missing_element")
        .unwrap();
    assert_eq!(
        g.path,
        "/ceb:CEB792Message/ceb:SummaryResult[1]/ceb:SummaryResultList[1]/ceb:gseqno"
    );
}

/// Receipt for a business sample: every entry rejected with the sample's faults;
/// `pre_no`/`invt_no` are the portal's numbers (the samples carry none).
fn receipt_for(name: &str, rt: MessageType) -> Message {
    let p = parse(&sample("export", name)).unwrap();
    let mut f = p.findings.clone();
    f.extend(business_findings(&p.message));
    let mut v = verdicts(&p.message, &f);
    let err = receipt_xml(&p.message, &v, RT);
    for v in &mut v {
        v.pre_no = Some("B20250301000000001".into());
        v.invt_no = Some("150120251000000001".into());
    }
    let xml = receipt_xml(&p.message, &v, RT).unwrap_or_else(|e| panic!("{name}: {e}"));
    if let Err(e) = err {
        assert!(
            matches!(e, ReceiptError::MissingField { field: "preNo", .. }),
            "{name}: {e}"
        );
    }
    let r = parse(xml.as_bytes()).unwrap();
    assert!(r.findings.is_empty(), "{name}: {:#?}\n{xml}", r.findings);
    assert_eq!(r.message.message_type(), rt);
    assert_eq!(r.message.entry_count(), 10);
    // Lower-case guids are echoed upper-case so the receipt stays XSD-valid.
    assert_eq!(
        r.message.envelope().guid,
        p.message.envelope().guid.to_ascii_uppercase(),
        "{name}"
    );
    r.message
}

#[test]
fn export_samples_get_receipts() {
    for (name, rt) in [
        ("CEB213Message.xml", MessageType::Ceb214),
        ("CEB215Message.xml", MessageType::Ceb216),
        ("CEB303Message.xml", MessageType::Ceb304),
        ("CEB403Message.xml", MessageType::Ceb404),
        ("CEB505Message.xml", MessageType::Ceb506),
        ("CEB507Message.xml", MessageType::Ceb508),
        ("CEB509Message.xml", MessageType::Ceb510),
        ("CEB603Message.xml", MessageType::Ceb604),
        ("CEB605Message.xml", MessageType::Ceb606),
        ("CEB607Message.xml", MessageType::Ceb608),
        ("CEB701Message.xml", MessageType::Ceb702),
    ] {
        receipt_for(name, rt);
    }
}

#[test]
fn receipt_contents() {
    let Message::ExportReceipt {
        returns: ExportReturns::Inventory(r),
        ..
    } = receipt_for("CEB603Message.xml", MessageType::Ceb604)
    else {
        panic!()
    };
    assert_eq!(r[0].return_status, ReturnStatus::Rejected.code());
    assert_eq!(r[0].invt_no, "150120251000000001");
    assert_eq!(r[0].statistics_flag, "A");
    for why in [
        "bad_guid",
        "too_many_occurrences",
        "ieFlag",
        "tradeMode",
        "item_total_mismatch",
    ] {
        assert!(
            r[0].return_info.contains(why),
            "{why}: {}",
            r[0].return_info
        );
    }
    let Message::ExportReceipt {
        returns: ExportReturns::Refund(r),
        ..
    } = receipt_for("CEB213Message.xml", MessageType::Ceb214)
    else {
        panic!()
    };
    assert_eq!(r[0].return_status, "120");
    assert!(r[0].return_info.starts_with("新增申报成功"));
    let Message::ExportReceipt {
        returns: ExportReturns::Order(r),
        ..
    } = receipt_for("CEB303Message.xml", MessageType::Ceb304)
    else {
        panic!()
    };
    assert_eq!(r[0].guid, "704EA0F1-B229-4E89-9F2F-C2E550E95C86");
    assert!(r[0].return_info.contains("goods_value_mismatch"));
}

#[test]
fn issued_and_receipt_messages_are_not_answered() {
    for name in [
        "CEB792Message.xml",
        "CEB604Message.xml",
        "CEB702Message.xml",
    ] {
        let p = parse(&sample("export", name)).unwrap();
        let v = verdicts(&p.message, &[]);
        assert!(
            matches!(
                receipt_xml(&p.message, &v, RT),
                Err(ReceiptError::NotAnswerable(_))
            ),
            "{name}"
        );
    }
}

#[test]
fn gb32100_check_character() {
    // A published example code: 91350100M000100Y4 + 3.
    assert_eq!(credit_code_check_char("91350100M000100Y4"), Some('3'));
    assert_eq!(credit_code_check_char("91350100M000100I4"), None);
    let xml = String::from_utf8(sample("export", "CEB605Message.xml"))
        .unwrap()
        .replacen(
            "<ceb:agentCode>1105910159</ceb:agentCode>",
            "<ceb:agentCode>91350100M000100Y42</ceb:agentCode>",
            1,
        );
    let p = parse(xml.as_bytes()).unwrap();
    let b = business_findings(&p.message);
    assert_eq!(b.len(), 1, "{b:#?}");
    assert_eq!(b[0].code.as_str(), "bad_credit_code_check_char");
    assert_eq!(
        b[0].path,
        "/ceb:CEB605Message/ceb:InvtCancel[1]/ceb:agentCode"
    );
    assert!(b[0].detail.contains("'3'"));
}

#[test]
fn summary_application_time_range_and_sequence() {
    let xml = String::from_utf8(sample("export", "CEB701Message.xml")).unwrap();
    let start = xml.find("<ceb:SummaryApplyHead>").unwrap();
    let head_end = xml.find("</ceb:SummaryApplyHead>").unwrap();
    let head = &xml[start..head_end];
    assert!(head.contains("<ceb:msgSeqNo>"), "{head}");
    let bad = xml.replacen(
        "<ceb:msgSeqNo>1</ceb:msgSeqNo>",
        "<ceb:msgSeqNo>0</ceb:msgSeqNo>",
        1,
    );
    let p = parse(bad.as_bytes()).unwrap();
    let b = business_findings(&p.message);
    assert_eq!(b.len(), 1, "{b:#?}");
    assert_eq!(b[0].code.as_str(), "msg_seq_no_out_of_range");
}

#[test]
fn special_area_export_needs_iac_and_record_numbers() {
    let xml = String::from_utf8(sample("export", "CEB603Message.xml"))
        .unwrap()
        .replace(
            "<ceb:tradeMode>0101</ceb:tradeMode>",
            "<ceb:tradeMode>1210</ceb:tradeMode>",
        )
        .replace("<ceb:ieFlag>a</ceb:ieFlag>", "<ceb:ieFlag>E</ceb:ieFlag>")
        .replace("<ceb:itemRecordNo>1210</ceb:itemRecordNo>", "");
    let p = parse(xml.as_bytes()).unwrap();
    let b: Vec<_> = business_findings(&p.message)
        .into_iter()
        .filter(|f| f.entry == Some(0) && f.code.as_str() == "missing_for_trade_mode")
        .map(|f| f.path)
        .collect();
    let head = "/ceb:CEB603Message/ceb:Inventory[1]/ceb:InventoryHead";
    assert_eq!(
        b[..3],
        [
            format!("{head}/ceb:iacCode"),
            format!("{head}/ceb:iacName"),
            format!("{head}/ceb:emsNo")
        ]
    );
    assert!(
        b[3].ends_with("ceb:InventoryList[1]/ceb:itemRecordNo"),
        "{b:?}"
    );
}
