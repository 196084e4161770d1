//! Sign, verify and canonicalise CEB messages from the command line (partner
//! simulators, interoperability checks with other XML-DSig tools).
//!
//! ```text
//! dsig c14n FILE                                   canonical form (C14N 1.0) to stdout
//! dsig keygen-sign sm2|rsa1024|rsa2048 FILE OUT PUB  fresh key: signed copy to OUT, SPKI PEM to PUB
//! dsig sign KEY.pem NAME FILE                      PKCS#8 private key: signed XML to stdout
//! dsig verify PUBLIC.pem FILE                      certificate or PUBLIC KEY PEM
//! ```
//! (`cargo run -p chuanyu-ceb --example dsig -- …`)

use std::process::ExitCode;

use chuanyu_ceb::dsig::{SigningKey, VerifyingKey, sign_enveloped, verify_enveloped};

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["c14n", file] => match chuanyu_ceb::canonicalize(&read(file)) {
            Ok(c) => {
                use std::io::Write as _;
                std::io::stdout().write_all(&c).expect("stdout");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        ["keygen-sign", kind, file, out, public] => {
            let key = match *kind {
                "sm2" => SigningKey::generate_sm2(),
                "rsa1024" => SigningKey::generate_rsa(1024).expect("rsa"),
                _ => SigningKey::generate_rsa(2048).expect("rsa"),
            };
            let signed = sign_enveloped(&read(file), &key, "0001", None).expect("sign");
            std::fs::write(out, signed).expect("write");
            std::fs::write(public, key.public_key_pem()).expect("write");
            ExitCode::SUCCESS
        }
        ["sign", key, name, file] => {
            let pem = String::from_utf8(read(key)).expect("UTF-8 PEM");
            let key = SigningKey::from_pkcs8_pem(&pem).expect("PKCS#8 key");
            let signed = sign_enveloped(&read(file), &key, name, None).expect("sign");
            use std::io::Write as _;
            std::io::stdout().write_all(&signed).expect("stdout");
            ExitCode::SUCCESS
        }
        ["verify", public, file] => {
            let pem = String::from_utf8(read(public)).expect("UTF-8 PEM");
            let key = VerifyingKey::from_pem(&pem).expect("key");
            match verify_enveloped(&read(file), &key) {
                Ok(v) => {
                    println!("ok {} key {}", v.algorithm, v.key_fingerprint);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    println!("refused {e}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!(
                "usage: dsig c14n FILE | keygen-sign sm2|rsa1024|rsa2048 FILE OUT PUBLIC.pem | sign KEY.pem NAME FILE | verify PUBLIC.pem FILE"
            );
            ExitCode::FAILURE
        }
    }
}
