//! The tariff and tax commands: import (all rows or none, every bad row named), show, rates, quote.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_chuanyu"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn workspace_file(path: &str) -> String {
    format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn import_show_and_quote() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let tariff = workspace_file("crates/tariff/data/tariff-sample.csv");
    let (code, stdout, stderr) = run(&["tariff", "import", &tariff, "--data-dir", data]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("imported 65 tariff entries"), "{stdout}");
    let rates = workspace_file("crates/tariff/data/exchange-rates-sample.csv");
    let (code, stdout, stderr) = run(&["tariff", "rates", &rates, "--data-dir", data]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("exchange-rates"), "{stdout}");

    let (code, stdout, _) = run(&["tariff", "show", "8517130000", "--data-dir", data]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Smartphones"), "{stdout}");
    let (code, _, stderr) = run(&["tariff", "show", "8517139999", "--data-dir", data]);
    assert_ne!(code, 0);
    assert!(stderr.contains("not_found"), "{stderr}");

    let (code, stdout, stderr) = run(&[
        "tax",
        "quote",
        &workspace_file("examples/declaration.json"),
        "--data-dir",
        data,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let quote: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(quote["currency"], "USD");
    assert_eq!(quote["items"].as_array().unwrap().len(), 2);
    assert!(
        quote["vat"]["rounded"]
            .as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap()
            > rust_decimal::Decimal::ZERO
    );
}

#[test]
fn a_bad_tariff_file_names_every_bad_row_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let sample =
        std::fs::read_to_string(workspace_file("crates/tariff/data/tariff-sample.csv")).unwrap();
    let mut lines: Vec<String> = sample.lines().map(str::to_string).collect();
    // Break two data rows: a bad code and a bad rate.
    let first = lines.iter().position(|l| l.starts_with("line,")).unwrap();
    lines[first] = lines[first].replacen("line,0901110000", "line,09011", 1);
    let mfn = lines.iter().position(|l| l.starts_with("mfn,")).unwrap();
    let mut cells: Vec<String> = lines[mfn].split(',').map(str::to_string).collect();
    let last = cells.len() - 2;
    cells[last] = "abc".into();
    lines[mfn] = cells.join(",");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let (code, _, stderr) = run(&[
        "tariff",
        "import",
        bad.to_str().unwrap(),
        "--data-dir",
        data,
    ]);
    assert_ne!(code, 0);
    assert!(stderr.contains("tariff_file_invalid"), "{stderr}");
    assert!(
        stderr.contains(&format!("row {}", first + 1)),
        "the bad code's row is named: {stderr}"
    );
    assert!(
        stderr.contains(&format!("row {}", mfn + 1)),
        "the bad rate's row is named: {stderr}"
    );
    let (code, _, stderr) = run(&["tariff", "show", "8517130000", "--data-dir", data]);
    assert_ne!(code, 0, "nothing was imported");
    assert!(stderr.contains("no tariff is loaded"), "{stderr}");
}
