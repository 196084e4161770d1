//! The official import samples: each parses with no schema finding; where a sample
//! is not business-valid, the business check names exactly why.

mod common;

use std::collections::BTreeSet;

use chuanyu_ceb::{Message, MessageType, business_findings, parse, three_document_check_among};
use common::sample;

fn codes_by_entry(m: &Message) -> Vec<BTreeSet<&'static str>> {
    let mut out = vec![BTreeSet::new(); m.entry_count()];
    for f in business_findings(m) {
        out[f.entry.unwrap()].insert(f.code.as_str());
    }
    out
}

fn clean(name: &str, t: MessageType, entries: usize) -> Message {
    let p = parse(&sample("import", name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(p.findings.is_empty(), "{name}: {:#?}", p.findings);
    assert_eq!(p.message.message_type(), t);
    assert_eq!(p.message.entry_count(), entries, "{name}");
    p.message
}

#[test]
fn ceb311_order_sample() {
    let m = clean("CEB311Message.xml", MessageType::Ceb311, 6);
    let want: BTreeSet<_> = [
        "bad_id_birth_date",
        "bad_id_check_char",
        "item_total_mismatch",
    ]
    .into();
    for codes in codes_by_entry(&m) {
        assert_eq!(codes, want);
    }
    let f = business_findings(&m);
    let item = f
        .iter()
        .find(|f| f.code.as_str() == "item_total_mismatch")
        .unwrap();
    assert_eq!(
        item.path,
        "/ceb:CEB311Message/ceb:Order[1]/ceb:OrderList[2]/ceb:totalPrice"
    );
    assert!(
        item.detail.contains("12000") && item.detail.contains("2000"),
        "{}",
        item.detail
    );
    let id = f
        .iter()
        .find(|f| f.code.as_str() == "bad_id_check_char")
        .unwrap();
    assert_eq!(
        id.path,
        "/ceb:CEB311Message/ceb:Order[1]/ceb:OrderHead/ceb:buyerIdNumber"
    );
    assert!(id.detail.contains("must be X"), "{}", id.detail);
    // header sums agree with the stated line totals: no goods_value / acturalPaid finding
    let Message::Order {
        orders, transfer, ..
    } = &m
    else {
        panic!()
    };
    assert_eq!(
        orders[0].head.actural_paid,
        rust_decimal::Decimal::from(19050)
    );
    assert_eq!(orders[0].lists.len(), 2);
    assert!(transfer.signed);
}

#[test]
fn ceb411_payment_sample() {
    let m = clean("CEB411Message.xml", MessageType::Ceb411, 10);
    for codes in codes_by_entry(&m) {
        assert_eq!(codes, ["bad_id_birth_date", "bad_id_check_char"].into());
    }
}

#[test]
fn ceb511_waybill_sample() {
    let m = clean("CEB511Message.xml", MessageType::Ceb511, 6);
    for codes in codes_by_entry(&m) {
        assert_eq!(codes, ["pack_no_not_one"].into());
    }
}

#[test]
fn ceb621_inventory_sample() {
    let m = clean("CEB621Message.xml", MessageType::Ceb621, 10);
    for codes in codes_by_entry(&m) {
        assert_eq!(
            codes,
            [
                "bad_id_birth_date",
                "bad_id_check_char",
                "item_total_mismatch",
                "pack_no_not_one"
            ]
            .into()
        );
    }
    let n = business_findings(&m)
        .iter()
        .filter(|f| f.code.as_str() == "item_total_mismatch" && f.entry == Some(0))
        .count();
    assert_eq!(n, 2, "both lines: 100 × 20 ≠ 20 and 200 × 60 ≠ 12");
}

#[test]
fn ceb623_and_ceb625_samples() {
    let m = clean("CEB623Message.xml", MessageType::Ceb623, 10);
    for codes in codes_by_entry(&m) {
        assert_eq!(codes, ["bad_id_birth_date", "bad_id_check_char"].into());
    }
    // CEB625's buyer 130681196203023331 is a valid identity number.
    let m = clean("CEB625Message.xml", MessageType::Ceb625, 10);
    assert!(business_findings(&m).is_empty());
}

#[test]
fn receipt_samples_parse() {
    for (name, t) in [
        ("CEB312Message.xml", MessageType::Ceb312),
        ("CEB412Message.xml", MessageType::Ceb412),
        ("CEB512Message.xml", MessageType::Ceb512),
        ("CEB622Message.xml", MessageType::Ceb622),
        ("CEB624Message.xml", MessageType::Ceb624),
    ] {
        let m = clean(name, t, 10);
        assert!(business_findings(&m).is_empty());
    }
    // CEB626's root guid is lower-case, against the spec's "英文字母大写".
    let p = parse(&sample("import", "CEB626Message.xml")).unwrap();
    assert_eq!(p.message.message_type(), MessageType::Ceb626);
    let got: Vec<_> = p
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.path.as_str(), f.line))
        .collect();
    assert_eq!(got, [("bad_guid", "/ceb:CEB626Message/@guid", 2)]);
}

#[test]
fn samples_do_not_form_a_parcel() {
    let get = |n| parse(&sample("import", n)).unwrap().message;
    let (
        Message::Inventory { inventories, .. },
        Message::Order { orders, .. },
        Message::Payment { payments, .. },
        Message::Waybill { waybills, .. },
    ) = (
        get("CEB621Message.xml"),
        get("CEB311Message.xml"),
        get("CEB411Message.xml"),
        get("CEB511Message.xml"),
    )
    else {
        panic!()
    };
    let d = three_document_check_among(&inventories[0], &orders, &payments, &waybills);
    let codes: Vec<_> = d.iter().map(|d| d.reason.as_str()).collect();
    // 621[0] is order2016030811340001: no such order or payment; its waybill
    // L201603081138007 exists but is for another order and consignee address.
    assert_eq!(
        codes,
        [
            "missing_order",
            "missing_payment",
            "order_no_mismatch",
            "consignee_address_mismatch"
        ]
    );
}
