//! Integration tests of chuanyu-tariff: one binary; CSV import, worked tax examples, properties.

mod fixture;
mod import;
mod properties;
mod reference;
mod worked_examples;

/// Every source file of the crate opens with a `//!` line saying what it owns.
#[test]
fn every_rust_file_opens_with_a_module_doc_line() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for dir in ["src", "tests/it", "benches"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(
                    text.starts_with("//! "),
                    "{} does not open with a //! line",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 14, "only {checked} files checked");
}
