//! Print the receipt answering each message file (development aid).
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        match chuanyu_ceb::parse(&bytes) {
            Err(e) => println!("{path}: ERROR {e}"),
            Ok(p) => {
                let mut f = p.findings.clone();
                f.extend(chuanyu_ceb::business_findings(&p.message));
                let v = chuanyu_ceb::verdicts(&p.message, &f);
                match chuanyu_ceb::receipt_xml(&p.message, &v, "20250301120000123") {
                    Ok(x) => println!(
                        "{path}: receipt {} bytes\n{}",
                        x.len(),
                        x.lines().take(14).collect::<Vec<_>>().join("\n")
                    ),
                    Err(e) => println!("{path}: no receipt: {e}"),
                }
            }
        }
    }
}
