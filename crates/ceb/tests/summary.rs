//! Export summary (spec 2.21): which released lists group into one declaration, how
//! lines merge, with a reason for every decision.

mod common;

use std::str::FromStr;

use chuanyu_ceb::{
    ExportInventory, ExportListForSummary, Message, SummaryOptions, parse, summarise,
};
use common::sample;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// The first list of the official CEB603 sample, made summary-ready (B, 9610) with
/// one line: 8541401000 × 10 at 2.5 = 25 USD.
fn base() -> ExportInventory {
    let p = parse(&sample("export", "CEB603Message.xml")).unwrap();
    let Message::ExportInventory {
        mut inventories, ..
    } = p.message
    else {
        panic!()
    };
    let mut inv = inventories.remove(0);
    inv.head.statistics_flag = "B".into();
    inv.head.trade_mode = "9610".into();
    inv.head.gross_weight = d("1.5");
    inv.head.net_weight = d("1.2");
    inv.lists.truncate(1);
    let l = &mut inv.lists[0];
    l.gcode = "8541401000".into();
    l.gname = "太阳能电池".into();
    l.item_name = Some("光伏板A".into());
    l.currency = "502".into();
    l.qty = d("10");
    l.qty1 = d("10");
    l.price = d("2.5");
    l.total_price = d("25.00");
    inv
}

fn offer(invt_no: &str, inv: ExportInventory) -> ExportListForSummary {
    ExportListForSummary {
        inventory: inv,
        invt_no: invt_no.into(),
        released_at: Some("20250301100000".into()),
    }
}

#[test]
fn same_exporter_merges_by_hs_code() {
    let mut b = base();
    b.lists[0].qty = d("3");
    b.lists[0].qty1 = d("3");
    b.lists[0].total_price = d("7.50");
    b.lists[0].item_name = Some("光伏板B".into());
    let s = summarise(
        &[
            offer("150120251000000002", b),
            offer("150120251000000001", base()),
        ],
        &SummaryOptions::default(),
    );
    assert!(s.excluded.is_empty(), "{:#?}", s.excluded);
    assert_eq!(s.groups.len(), 1);
    let g = &s.groups[0];
    assert_eq!(g.invt_nos, ["150120251000000001", "150120251000000002"]);
    assert_eq!(g.lines.len(), 1, "merged by gcode + gname");
    let m = &g.lines[0];
    assert_eq!((m.gseqno, m.qty, m.total_price), (1, d("13"), d("32.50")));
    assert_eq!(m.total_price.to_string(), "32.50");
    assert_eq!(m.sources.len(), 2);
    assert_eq!(m.sources[0].0, "150120251000000001");
    assert_eq!(g.gross_weight, d("3.0"));
    assert!(g.reasons[0].contains("opens the group"), "{}", g.reasons[0]);
    assert!(
        g.reasons[1].contains("joins 150120251000000001") && g.reasons[1].contains("ebcCode"),
        "{}",
        g.reasons[1]
    );

    // itemNameFlag 1: the original item names differ, so the lines stay apart.
    let mut b = base();
    b.lists[0].item_name = Some("光伏板B".into());
    let s = summarise(
        &[
            offer("150120251000000001", base()),
            offer("150120251000000002", b),
        ],
        &SummaryOptions {
            by_item_name: true,
            ..SummaryOptions::default()
        },
    );
    assert_eq!(s.groups.len(), 1);
    let names: Vec<_> = s.groups[0]
        .lines
        .iter()
        .map(|l| l.key.name.as_str())
        .collect();
    assert_eq!(names, ["光伏板A", "光伏板B"]);
    assert_eq!(s.groups[0].lines[1].gseqno, 2);
}

#[test]
fn different_exporter_or_currency_splits() {
    let mut other = base();
    other.head.ebc_code = "91350100M000100Y43".into();
    let mut usd = base();
    usd.lists[0].currency = "142".into();
    let s = summarise(
        &[
            offer("150120251000000001", base()),
            offer("150120251000000002", other),
            offer("150120251000000003", usd),
        ],
        &SummaryOptions::default(),
    );
    assert_eq!(s.groups.len(), 3);
    let keys: Vec<_> = s
        .groups
        .iter()
        .map(|g| {
            (
                g.key.ebc_code.as_str(),
                g.key.currency.as_str(),
                g.invt_nos[0].as_str(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("1105910159", "142", "150120251000000003"),
            ("1105910159", "502", "150120251000000001"),
            ("91350100M000100Y43", "502", "150120251000000002"),
        ]
    );
    // summaryFlag 2 splits by ownerCode; flag 1 ignores it.
    let mut owner = base();
    owner.head.owner_code = "NO".into();
    let lists = [
        offer("150120251000000001", base()),
        offer("150120251000000002", owner),
    ];
    assert_eq!(
        summarise(&lists, &SummaryOptions::default()).groups.len(),
        1
    );
    let by_owner = SummaryOptions {
        by_owner: true,
        ..SummaryOptions::default()
    };
    assert_eq!(summarise(&lists, &by_owner).groups.len(), 2);
}

#[test]
fn simplified_lists_merge_by_four_digits_and_stay_apart_from_b() {
    let mut a1 = base();
    a1.head.statistics_flag = "A".into();
    let mut a2 = a1.clone();
    a2.lists[0].gcode = "8541409000".into();
    let s = summarise(
        &[
            offer("150120251000000001", a1),
            offer("150120251000000002", a2),
            offer("150120251000000003", base()),
        ],
        &SummaryOptions::default(),
    );
    assert_eq!(s.groups.len(), 2);
    let a = s
        .groups
        .iter()
        .find(|g| g.key.statistics_flag == "A")
        .unwrap();
    assert_eq!(a.lines.len(), 1);
    assert_eq!(a.lines[0].key.gcode, "8541");
    assert_eq!(a.lines[0].sources[1].2, "8541409000");
}

#[test]
fn exclusions_have_reasons() {
    let mut not_released = offer("150120251000000002", base());
    not_released.released_at = None;
    let mut late = offer("150120251000000003", base());
    late.released_at = Some("20250402000000".into());
    let mut mixed = base();
    let mut l2 = mixed.lists[0].clone();
    l2.gnum = 2;
    l2.currency = "142".into();
    mixed.lists.push(l2);
    let opts = SummaryOptions {
        start_time: Some("20250301000000".into()),
        end_time: Some("20250331235959".into()),
        ..SummaryOptions::default()
    };
    let s = summarise(
        &[
            offer("150120251000000001", base()),
            offer("150120251000000001", base()),
            not_released,
            late,
            offer("150120251000000004", mixed),
        ],
        &opts,
    );
    assert_eq!(s.groups.len(), 1);
    assert_eq!(s.groups[0].invt_nos, ["150120251000000001"]);
    let why: Vec<_> = s
        .excluded
        .iter()
        .map(|e| {
            (
                e.invt_no.as_str(),
                e.reason.split([':', ';', ',']).next().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        why,
        [
            ("150120251000000001", "offered twice"),
            ("150120251000000002", "not released (放行)"),
            ("150120251000000003", "released 20250402000000"),
            ("150120251000000004", "lines in 2 currencies (142/502)"),
        ]
    );
    // Deterministic: input order does not matter.
    let a = summarise(
        &[
            offer("150120251000000009", base()),
            offer("150120251000000001", base()),
        ],
        &SummaryOptions::default(),
    );
    let b = summarise(
        &[
            offer("150120251000000001", base()),
            offer("150120251000000009", base()),
        ],
        &SummaryOptions::default(),
    );
    assert_eq!(a, b);
}

#[test]
fn options_from_the_official_701_sample() {
    let p = parse(&sample("export", "CEB701Message.xml")).unwrap();
    let Message::SummaryApply { applications, .. } = p.message else {
        panic!()
    };
    let h = &applications[0].head;
    // The sample asks summaryFlag 1 (by 收发货人 alone), itemNameFlag 1, no period.
    assert_eq!(
        SummaryOptions::from_apply(h),
        SummaryOptions {
            by_owner: false,
            by_item_name: true,
            start_time: None,
            end_time: None,
        }
    );
}
