//! Parse-only throughput of one parcel's four messages (CEB311 + 411 + 511 + 621):
//! the "XML parse-only ceiling" for the platform's CEB load test.
//! Run: `CARGO_TARGET_DIR=/work/target-ceb cargo bench -p chuanyu-ceb --bench parse`

#[path = "../tests/common/mod.rs"]
mod common;

use divan::{Bencher, black_box, counter::ItemsCount};

fn main() {
    divan::main();
}

fn parcel() -> Vec<Vec<u8>> {
    vec![
        common::order_xml().into_bytes(),
        common::payment_xml().into_bytes(),
        common::waybill_xml().into_bytes(),
        common::inventory_xml().into_bytes(),
    ]
}

/// Parse (with schema checks) the four messages of one parcel; counter = messages.
#[divan::bench]
fn parse_parcel_4_messages(b: Bencher) {
    let msgs = parcel();
    b.counter(ItemsCount::new(msgs.len())).bench(|| {
        for m in &msgs {
            black_box(chuanyu_ceb::parse(black_box(m)).unwrap());
        }
    });
}

/// Parse + business checks + three-document check + receipts for one parcel.
#[divan::bench]
fn full_pipeline_parcel(b: Bencher) {
    let msgs = parcel();
    b.counter(ItemsCount::new(msgs.len())).bench(|| {
        let parsed: Vec<_> = msgs
            .iter()
            .map(|m| chuanyu_ceb::parse(black_box(m)).unwrap())
            .collect();
        use chuanyu_ceb::Message as M;
        let (
            M::Order { orders, .. },
            M::Payment { payments, .. },
            M::Waybill { waybills, .. },
            M::Inventory { inventories, .. },
        ) = (
            &parsed[0].message,
            &parsed[1].message,
            &parsed[2].message,
            &parsed[3].message,
        )
        else {
            unreachable!()
        };
        let d =
            chuanyu_ceb::three_document_check_among(&inventories[0], orders, payments, waybills);
        for p in &parsed[..3] {
            let mut f = p.findings.clone();
            f.extend(chuanyu_ceb::business_findings(&p.message));
            black_box(
                chuanyu_ceb::receipt_xml(
                    &p.message,
                    &chuanyu_ceb::verdicts(&p.message, &f),
                    "20250301120000123",
                )
                .unwrap(),
            );
        }
        black_box(d);
    });
}

/// Parse the official CEB621 sample (10 lists, ~38 KB).
#[divan::bench]
fn parse_sample_ceb621(b: Bencher) {
    let bytes = common::sample("import", "CEB621Message.xml");
    b.counter(ItemsCount::new(1usize))
        .bench(|| black_box(chuanyu_ceb::parse(black_box(&bytes)).unwrap()));
}

/// Parse (with schema checks) the official CEB603 export sample: 10 inventory lists.
#[divan::bench]
fn parse_export_inventory_sample(b: Bencher) {
    let xml = common::sample("export", "CEB603Message.xml");
    b.counter(ItemsCount::new(1usize))
        .bench(|| black_box(chuanyu_ceb::parse(black_box(&xml)).unwrap()));
}
