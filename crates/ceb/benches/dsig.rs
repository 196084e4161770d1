//! Enveloped XML-DSig of CEB621 inventory lists: verify (the platform's hot path) and
//! sign, SM2-SM3 and RSA-SHA1.
//! Run: `CARGO_TARGET_DIR=/work/target-dsig cargo bench -p chuanyu-ceb --bench dsig`

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::OnceLock;

use chuanyu_ceb::dsig::{SigningKey, VerifyingKey, sign_enveloped, verify_enveloped};
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

fn strip_signature(xml: &str) -> String {
    let Some(s) = xml.find("<ds:Signature") else {
        return xml.to_string();
    };
    let e = xml.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    format!("{}{}", &xml[..s], &xml[e..])
}

/// The official CEB621 sample (10 lists, 38 KB), without its placeholder signature.
fn sample_621() -> Vec<u8> {
    let s = String::from_utf8(common::sample("import", "CEB621Message.xml")).unwrap();
    strip_signature(&s).into_bytes()
}

/// The test parcel's CEB621 (2 lines, ~3 KB), without its stub signature.
fn parcel_621() -> Vec<u8> {
    strip_signature(&common::inventory_xml()).into_bytes()
}

fn key(kind: &str) -> &'static SigningKey {
    static SM2: OnceLock<SigningKey> = OnceLock::new();
    static RSA1024: OnceLock<SigningKey> = OnceLock::new();
    static RSA2048: OnceLock<SigningKey> = OnceLock::new();
    match kind {
        "sm2" => SM2.get_or_init(SigningKey::generate_sm2),
        "rsa1024" => RSA1024.get_or_init(|| SigningKey::generate_rsa(1024).unwrap()),
        _ => RSA2048.get_or_init(|| SigningKey::generate_rsa(2048).unwrap()),
    }
}

fn bench_verify(b: Bencher, kind: &str, doc: Vec<u8>) {
    let k = key(kind);
    let signed = sign_enveloped(&doc, k, "0001", None).unwrap();
    let registered = VerifyingKey::from_pem(&k.public_key_pem()).unwrap();
    verify_enveloped(&signed, &registered).unwrap();
    b.bench(|| verify_enveloped(black_box(&signed), &registered).unwrap());
}

/// Verify the official CEB621 sample (38 KB).
#[divan::bench(args = ["sm2", "rsa2048", "rsa1024"])]
fn verify_sample_621(b: Bencher, kind: &str) {
    bench_verify(b, kind, sample_621());
}

/// Verify the parcel's CEB621 (2 lines, ~3 KB).
#[divan::bench(args = ["sm2", "rsa2048", "rsa1024"])]
fn verify_parcel_621(b: Bencher, kind: &str) {
    bench_verify(b, kind, parcel_621());
}

/// Sign the official CEB621 sample.
#[divan::bench(args = ["sm2", "rsa2048"])]
fn sign_sample_621(b: Bencher, kind: &str) {
    let k = key(kind);
    let doc = sample_621();
    b.bench(|| sign_enveloped(black_box(&doc), k, "0001", None).unwrap());
}

/// Canonicalisation alone (the digest input) of the official CEB621 sample.
#[divan::bench]
fn canonicalize_sample_621(b: Bencher) {
    let doc = sample_621();
    b.bench(|| chuanyu_ceb::canonicalize(black_box(&doc)).unwrap());
}

/// The SM2 verification alone (`[s]G + [t]P` and the digest of a 3 KB message): the `sm2`
/// crate's general constant-time verifier (the baseline) against the platform's
/// table-driven one (`chuanyu_ceb::sm2fast`, tables built before the timed runs; the wide
/// one at the first, untimed, verification).
#[divan::bench(args = ["crate", "tables", "tables-wide"])]
fn sm2_verify_raw(b: Bencher, how: &str) {
    use sm2::dsa::signature::{Signer as _, Verifier as _};
    let signing = loop {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).unwrap();
        if let Ok(k) = sm2::dsa::SigningKey::from_slice(chuanyu_ceb::dsig::SM2_DIST_ID, &bytes) {
            break k;
        }
    };
    let message = parcel_621();
    let sig: sm2::dsa::Signature = signing.sign(&message);
    let key = signing.verifying_key().clone();
    // "tables": the key's 4-bit table only; "tables-wide": its 8-bit table from the start.
    let prepared = chuanyu_ceb::sm2fast::PreparedKey::with_wide_table_after(
        key.as_affine(),
        chuanyu_ceb::dsig::SM2_DIST_ID.as_bytes(),
        if how == "tables-wide" { 0 } else { u32::MAX },
    );
    let (r, s) = (*sig.r(), *sig.s());
    match how {
        "crate" => b.bench(|| key.verify(black_box(&message), &sig).unwrap()),
        _ => {
            assert!(prepared.verify(&message, &r, &s));
            b.bench(|| assert!(prepared.verify(black_box(&message), &r, &s)))
        }
    }
}
