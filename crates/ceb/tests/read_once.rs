//! `read_message` (one tokenisation for the schema parse and the signature check) answers
//! exactly what `parse` answers, and its `verify` exactly what `verify_enveloped` answers.

mod common;

use chuanyu_ceb::dsig::{SigningKey, sign_enveloped, verify_enveloped};
use chuanyu_ceb::{parse, read_message};

/// `read_message` and `parse` agree on `bytes` (the parsed message and every finding, or
/// the same error with the same position); returns whether the single read was used.
fn agree(bytes: &[u8]) -> bool {
    let by_parse = parse(bytes);
    let read = read_message(bytes);
    let once = read.as_ref().is_ok_and(|(_, r)| r.read_once());
    let by_read = read.map(|(parsed, _)| parsed);
    match (&by_parse, &by_read) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", String::from_utf8_lossy(bytes)),
        (Err(a), Err(b)) => assert_eq!(
            (a.code, a.line, a.column, &a.path, &a.detail),
            (b.code, b.line, b.column, &b.path, &b.detail)
        ),
        _ => panic!(
            "parse {by_parse:?} but read_message {by_read:?}: {}",
            String::from_utf8_lossy(bytes)
        ),
    }
    once
}

#[test]
fn every_official_sample_parses_alike() {
    let (mut n, mut once) = (0, 0);
    for dir in ["import", "export"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/ceb-samples")
            .join(dir);
        for entry in std::fs::read_dir(&path).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().and_then(|e| e.to_str()) != Some("xml") {
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            // Read once whenever the sample parses (a refused root falls back to `parse`).
            assert_eq!(agree(&bytes), parse(&bytes).is_ok(), "{}", p.display());
            once += usize::from(parse(&bytes).is_ok());
            n += 1;
        }
    }
    assert!(n >= 39, "only {n} samples");
    assert!(once >= 30, "only {once} samples read once");
}

#[test]
fn awkward_documents_parse_alike() {
    let order = common::order_xml();
    let with = |from: &str, to: &str| {
        assert!(order.contains(from), "{from}");
        order.replacen(from, to, 1)
    };
    let cases: Vec<String> = vec![
        order.clone(),
        format!("\u{feff}{order}"),
        // References, CDATA, a comment and a PI inside a field; stray text between elements.
        with(
            "<ceb:orderNo>",
            "<ceb:orderNo><!-- c --><?pi x?>&#x41;<![CDATA[&B]]>&amp;",
        ),
        with("</ceb:orderNo>", "</ceb:orderNo>stray"),
        // An xmlns-like attribute, a prefixed attribute, attributes on a field.
        with(
            "<ceb:orderNo>",
            r#"<ceb:orderNo xmlnsx="1" xmlns:q="urn:q" q:a="v&#9;w" b="c">"#,
        ),
        // A field text longer than text_bytes_max once its pieces are joined.
        with(
            "<ceb:orderNo>",
            &format!(
                "<ceb:orderNo>{}<!-- split -->{}",
                "a".repeat(chuanyu_ceb::TEXT_BYTES_MAX / 2 + 1),
                "b".repeat(chuanyu_ceb::TEXT_BYTES_MAX / 2 + 1)
            ),
        ),
        // Unknown and foreign roots, malformed, DOCTYPE, an unknown entity, empty.
        "<ceb:CEB999Message xmlns:ceb=\"http://www.chinaport.gov.cn/ceb\"/>".into(),
        order.replace("http://www.chinaport.gov.cn/ceb", "urn:other"),
        with("</ceb:orderNo>", "</ceb:orderNO>"),
        format!("<!DOCTYPE x [<!ENTITY a \"b\">]>{order}"),
        with("<ceb:orderNo>", "<ceb:orderNo>&nbsp;"),
        String::new(),
        "   ".into(),
    ];
    let once: Vec<bool> = cases.iter().map(|c| agree(c.as_bytes())).collect();
    // Read once: the plain, BOM, reference/CDATA/PI, stray-text and attribute cases; the
    // joined over-long text and the refused roots fall back to `parse`; the rest are errors.
    assert_eq!(
        once,
        [
            true, true, true, true, true, false, false, false, false, false, false, false, false
        ]
    );
}

#[test]
fn verify_from_the_single_read_matches_verify_enveloped() {
    let key = SigningKey::generate_sm2();
    let public = key.verifying_key();
    let other = SigningKey::generate_sm2().verifying_key();
    let signed = sign_enveloped(common::order_xml().as_bytes(), &key, "k", None).unwrap();
    let text = String::from_utf8(signed.clone()).unwrap();
    let tampered = text
        .replacen("<ceb:orderNo>", "<ceb:orderNo>X", 1)
        .into_bytes();
    for (bytes, valid) in [(&signed, true), (&tampered, false)] {
        let (_, read) = read_message(bytes).unwrap();
        assert!(read.read_once());
        for k in [&public, &other] {
            let once = read.verify(k).map_err(|e| e.code);
            let twice = verify_enveloped(bytes, k).map_err(|e| e.code);
            assert_eq!(once.is_ok(), twice.is_ok());
            assert_eq!(once.as_ref().err(), twice.as_ref().err());
            assert_eq!(once.is_ok(), valid && std::ptr::eq(k, &public));
        }
    }
}
