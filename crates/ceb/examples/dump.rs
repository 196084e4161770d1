//! Print the findings of a CEB message file (development aid).
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        match chuanyu_ceb::parse(&bytes) {
            Err(e) => println!("{path}: ERROR {e}"),
            Ok(p) => {
                println!(
                    "{path}: {:?} entries={}",
                    p.message.message_type(),
                    p.message.entry_count()
                );
                for f in &p.findings {
                    println!(
                        "  schema {} {}:{} {} [{}]",
                        f.code, f.line, f.column, f.path, f.detail
                    );
                }
                for f in chuanyu_ceb::business_findings(&p.message) {
                    println!("  business {} {} [{}]", f.code, f.path, f.detail);
                }
            }
        }
    }
}
