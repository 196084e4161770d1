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

fn postgres_url() -> Option<String> {
    match std::env::var("CHUANYU_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CI").map(|v| v != "true").unwrap_or(true),
                "CI=true but CHUANYU_TEST_POSTGRES_URL is not set: the two-node test would be skipped"
            );
            None
        }
    }
}

/// A server process that is stopped (SIGTERM) when the test ends, even if it panics.
struct ServeProcess(std::process::Child);

impl ServeProcess {
    /// SIGTERM, then the exit status: a clean stop is a success.
    fn stop(&mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status()
            .unwrap();
        self.0.wait().unwrap()
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Start `chuanyu serve` and read its stdout up to the "listening" line.
fn start_serve(database: &str, demo: bool) -> (ServeProcess, Vec<String>, String) {
    // `--data-dir` for a path, `--database` for a postgres:// URL.
    let flag = if database.starts_with("postgres") {
        "--database"
    } else {
        "--data-dir"
    };
    let mut command = chuanyu();
    command.args(["serve", flag, database, "--listen", "127.0.0.1:0"]);
    if demo {
        command.arg("--demo");
    }
    let mut process = ServeProcess(
        command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = process.0.stdout.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    let mut seen = Vec::new();
    loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.split("listening on ").nth(1) {
            let base = rest.split("/api/v1").next().unwrap().to_string();
            // Keep draining stdout so the server never blocks on a full pipe.
            std::thread::spawn(move || for _ in lines.by_ref() {});
            return (process, seen, base);
        }
        seen.push(line);
    }
}

/// Two server processes on one PostgreSQL database, clients spread over both: every
/// lodgement lands once, numbers stay gap-free per office, and the audit chains verify.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_serve_processes_on_one_postgres_stay_correct() {
    let Some(base_url) = postgres_url() else {
        return;
    };
    let schema = format!("two_nodes_{}", std::process::id());
    let setup_url = base_url.clone();
    let create = format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}");
    tokio::task::spawn_blocking(move || {
        postgres::Client::connect(&setup_url, postgres::NoTls)
            .unwrap()
            .batch_execute(&create)
            .unwrap()
    })
    .await
    .unwrap();
    let database = format!("{base_url}?options=-csearch_path%3D{schema}");
    let (mut first, printed, first_base) = start_serve(&database, true);
    let key = |code: &str| -> String {
        let line = printed
            .iter()
            .find(|l| l.contains(code))
            .unwrap_or_else(|| panic!("no key for {code}: {printed:?}"));
        line.split_whitespace().nth(3).unwrap().to_string()
    };
    let (declarant, admin) = (key("5101230001"), key(" admin "));
    let (mut second, _, second_base) = start_serve(&database, false);

    let body: serde_json::Value =
        serde_json::from_str(include_str!("../../../examples/declaration.json")).unwrap();
    let http = reqwest::Client::new();
    let mut tasks = Vec::new();
    for index in 0..40 {
        let base = if index % 2 == 0 {
            first_base.clone()
        } else {
            second_base.clone()
        };
        let (http, body, declarant) = (http.clone(), body.clone(), declarant.clone());
        tasks.push(tokio::spawn(async move {
            let response = http
                .post(format!("{base}/api/v1/declarations"))
                .bearer_auth(&declarant)
                .header("idempotency-key", format!("two-nodes-{index}"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.status().as_u16(),
                201,
                "{}",
                response.text().await.unwrap()
            );
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let page: serde_json::Value = http
        .get(format!("{second_base}/api/v1/declarations?limit=500"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut sequences: Vec<u64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["number"].as_str().unwrap()[9..].parse().unwrap())
        .collect();
    sequences.sort();
    assert_eq!(
        sequences,
        (1..=40).collect::<Vec<_>>(),
        "one gap-free sequence across both nodes"
    );

    for node in [&mut first, &mut second] {
        assert!(node.stop().success(), "a SIGTERM is a clean stop");
    }
    let verify = tokio::task::spawn_blocking({
        let database = database.clone();
        move || run(&["audit", "verify", "--database", &database])
    })
    .await
    .unwrap();
    assert_eq!(verify.0, 0, "{}", verify.1);
    let cleanup_url = base_url.clone();
    tokio::task::spawn_blocking(move || {
        postgres::Client::connect(&cleanup_url, postgres::NoTls)
            .unwrap()
            .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
            .unwrap()
    })
    .await
    .unwrap();
}

/// An embedded installation moves to PostgreSQL with `chuanyu copy`: the same keys work there,
/// the declarations are there, and the audit and ledger verifiers pass on the target.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_moves_an_embedded_installation_to_postgres() {
    let Some(base_url) = postgres_url() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap().to_string();
    let (mut embedded, printed, base) = start_serve(&data, true);
    let key = printed
        .iter()
        .find(|l| l.contains("5101230001"))
        .unwrap()
        .split_whitespace()
        .nth(3)
        .unwrap()
        .to_string();
    let body: serde_json::Value =
        serde_json::from_str(include_str!("../../../examples/declaration.json")).unwrap();
    let http = reqwest::Client::new();
    let lodged: serde_json::Value = http
        .post(format!("{base}/api/v1/declarations"))
        .bearer_auth(&key)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(embedded.stop().success());

    let schema = format!("copy_{}", std::process::id());
    let setup = base_url.clone();
    let create = format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}");
    tokio::task::spawn_blocking(move || {
        postgres::Client::connect(&setup, postgres::NoTls)
            .unwrap()
            .batch_execute(&create)
            .unwrap()
    })
    .await
    .unwrap();
    let target = format!("{base_url}?options=-csearch_path%3D{schema}");
    let (copy_target, copy_data) = (target.clone(), data.clone());
    let copied = tokio::task::spawn_blocking(move || {
        run(&[
            "copy",
            "--data-dir",
            &copy_data,
            "--to-database",
            &copy_target,
        ])
    })
    .await
    .unwrap();
    assert_eq!(copied.0, 0, "{} {}", copied.1, copied.2);
    assert!(
        copied.1.contains("audit verification on the target passed"),
        "{}",
        copied.1
    );
    for check in ["audit", "ledger"] {
        let verify_target = target.clone();
        let verified = tokio::task::spawn_blocking(move || {
            run(&[check, "verify", "--database", &verify_target])
        })
        .await
        .unwrap();
        assert_eq!(
            verified.0, 0,
            "{check} verify: {} {}",
            verified.1, verified.2
        );
    }
    let (mut node, _, base) = start_serve(&target, false);
    let read: serde_json::Value = http
        .get(format!(
            "{base}/api/v1/declarations/{}",
            lodged["id"].as_str().unwrap()
        ))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        read["number"], lodged["number"],
        "the declaration and the key came along"
    );
    assert!(node.stop().success());
    let cleanup = base_url.clone();
    tokio::task::spawn_blocking(move || {
        postgres::Client::connect(&cleanup, postgres::NoTls)
            .unwrap()
            .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
            .unwrap()
    })
    .await
    .unwrap();
}
