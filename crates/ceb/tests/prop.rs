//! Property tests: the parser never panics, whatever the bytes.

mod common;

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = chuanyu_ceb::parse(&bytes);
    }

    #[test]
    fn never_panics_on_xmlish_text(s in "[<>/a-z:=\"' &;#x0-9\\[\\]!?-]{0,400}") {
        let _ = chuanyu_ceb::parse(s.as_bytes());
    }

    #[test]
    fn never_panics_on_mutated_messages(cut in 0usize..6000, pos in 0usize..6000, byte in any::<u8>()) {
        let xml = common::inventory_xml().into_bytes();
        let mut m = xml.clone();
        let p = pos % m.len();
        m[p] = byte;
        m.truncate(cut.max(1).min(m.len()));
        if let Ok(parsed) = chuanyu_ceb::parse(&m) {
            let _ = chuanyu_ceb::business_findings(&parsed.message);
            let v = chuanyu_ceb::verdicts(&parsed.message, &parsed.findings);
            let _ = chuanyu_ceb::receipt_xml(&parsed.message, &v, "20250301120000123");
        }
        let _ = chuanyu_ceb::parse(&xml[..cut.min(xml.len())]);
    }
}
