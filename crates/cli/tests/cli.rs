//! The `chuanyu` binary's contracts: `party add` prints the key last, `audit verify` exits non-zero on tampering,
//! `serve` starts, prints its URL and data path, and stops cleanly on SIGTERM; and the tidy rule that every module opens with `//!`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn chuanyu() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chuanyu"))
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = chuanyu().args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn party_add_prints_the_key_last_and_refuses_bad_codes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let (code, stdout, stderr) = run(&[
        "party",
        "add",
        "--data-dir",
        data,
        "--code",
        "5101230009",
        "--name",
        "Broker",
        "--role",
        "declarant",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let key = stdout.lines().last().unwrap();
    assert!(key.starts_with("cy_") && key.len() == 67, "{stdout}");
    let (code, _, stderr) = run(&[
        "party",
        "add",
        "--data-dir",
        data,
        "--code",
        "officer-1",
        "--name",
        "Li",
        "--role",
        "officer",
    ]);
    assert_ne!(code, 0);
    assert!(stderr.contains("/district missing_field"), "{stderr}");
    let (code, _, stderr) = run(&[
        "party",
        "add",
        "--data-dir",
        data,
        "--code",
        "5101230010",
        "--name",
        "X",
        "--role",
        "trader",
        "--uscc",
        "91350100M000100Y44",
    ]);
    assert_ne!(code, 0);
    assert!(stderr.contains("invalid_uscc"), "{stderr}");
    let (code, _, stderr) = run(&[
        "party",
        "add",
        "--data-dir",
        data,
        "--code",
        "5101230011",
        "--name",
        "X",
        "--role",
        "pirate",
    ]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("zone-operator"),
        "the error lists the role tokens: {stderr}"
    );
    // The key is stored hashed: its text is nowhere in the database file.
    let db = std::fs::read(dir.path().join("chuanyu.db")).unwrap();
    assert!(!db.windows(key.len()).any(|w| w == key.as_bytes()));
}

#[test]
fn audit_verify_passes_then_fails_after_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let (code, _, stderr) = run(&[
        "party",
        "add",
        "--data-dir",
        data,
        "--code",
        "5101230009",
        "--name",
        "Broker",
        "--role",
        "declarant",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, _) = run(&["audit", "verify", "--data-dir", data]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("passed"));
    let connection = rusqlite::Connection::open(dir.path().join("chuanyu.db")).unwrap();
    connection
        .execute_batch("DROP TRIGGER audit_events_are_immutable")
        .unwrap();
    connection
        .execute(
            "UPDATE audit_events SET payload = '{}' WHERE stream = 'parties'",
            [],
        )
        .unwrap();
    drop(connection);
    let (code, stdout, _) = run(&["audit", "verify", "--data-dir", data]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("altered_event"), "{stdout}");
}

#[test]
fn serve_prints_url_and_data_path_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = chuanyu()
        .args([
            "serve",
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    let first = lines.next().unwrap().unwrap();
    assert!(first.contains("listening on http://127.0.0.1:"), "{first}");
    let second = lines.next().unwrap().unwrap();
    assert!(second.contains("chuanyu.db"), "{second}");
    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "a SIGTERM is a clean stop: {status:?}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(rest.iter().any(|l| l.contains("stopped")), "{rest:?}");
}

#[test]
fn serve_refuses_an_invalid_configuration() {
    let (code, _, stderr) = run(&["serve", "--listen", "not-an-address"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("listen = 'not-an-address'"), "{stderr}");
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn every_module_opens_with_a_doc_line() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    rust_files(crates, &mut files);
    assert!(
        files.len() > 20,
        "found only {} files under {}",
        files.len(),
        crates.display()
    );
    let missing: Vec<_> = files
        .iter()
        .filter(|file| {
            !std::fs::read_to_string(file)
                .unwrap()
                .trim_start()
                .starts_with("//!")
        })
        .collect();
    assert!(
        missing.is_empty(),
        "these modules do not open with a //! line: {missing:?}"
    );
}
