//! The harness shared by the ledger soak (`ledger_soak.rs`) and crash (`ledger_crash.rs`) tests:
//! the real `chuanyu serve` process, parties made with `chuanyu party add`, a seeded RNG,
//! clients that book mixed movements with client-chosen ids over HTTP, the model of every
//! acknowledged movement, and the final checks that compare the store with that model.
#![allow(dead_code)]

use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// How long `serve` may take to announce its address and answer `/health`.
pub const STARTUP_MAX: Duration = Duration::from_secs(60);
/// How long a graceful stop (SIGTERM) may take.
pub const STOP_MAX: Duration = Duration::from_secs(60);
/// One HTTP request's bound.
pub const REQUEST_MAX: Duration = Duration::from_secs(30);
/// How long a client keeps retrying a request whose answer was lost (the server is restarting).
pub const RETRY_MAX: Duration = Duration::from_secs(60);

pub const BOOKS: [&str; 4] = [
    "T7900W000001",
    "T7900W000002",
    "T7900W000003",
    "T7900W000004",
];
pub const OPERATORS: [&str; 2] = ["5101970001", "5101970002"];
pub const OFFICER: &str = "officer-7900-soak";
/// Materials every client books on (contention on the same balance rows).
pub const SHARED: [&str; 4] = ["H1", "H2", "H3", "H4"];
pub const PRIVATE_OPENING: i64 = 100;
pub const SHARED_OPENING: i64 = 40;
/// An over-draw on a shared material: more than any balance of the run can hold.
pub const HUGE: i64 = 100_000_000_000;

pub const AVAILABLE: usize = 0;
pub const PRE_DEDUCTED: usize = 1;
pub const INCOMING: usize = 2;
pub const DISPLAYED: usize = 3;
pub const BUCKETS: [&str; 4] = ["available", "pre_deducted", "incoming", "displayed"];

/// The operator that keeps book `b`.
pub fn owner(book: usize) -> usize {
    book / 2
}

/// Client `c`'s own materials (nobody else books them, so it knows their balances exactly).
pub fn private(client: usize, k: usize) -> String {
    format!("P{client:03}{}", ["A", "B"][k])
}

/// A line of text in the test output, even when libtest captures `println!`.
pub fn say(text: impl AsRef<str>) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", text.as_ref());
}

/// SplitMix64: small, seeded, reproducible.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// lo..=hi
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    pub fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

/// The seed from `var`, or one drawn from the clock (printed by the caller, so a failing run
/// can be repeated).
pub fn seed_from(var: &str) -> u64 {
    match std::env::var(var) {
        Ok(text) if !text.is_empty() => text
            .parse()
            .unwrap_or_else(|_| panic!("{var}={text} is not a number")),
        _ => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
    }
}

/// A whole number of seconds from `var`, or `default`.
pub fn seconds_from(var: &str, default: u64) -> u64 {
    match std::env::var(var) {
        Ok(text) if !text.is_empty() => text
            .parse()
            .unwrap_or_else(|_| panic!("{var}={text} is not a number of seconds")),
        _ => default,
    }
}

/// `CHUANYU_TEST_POSTGRES_URL`, or `None` (which CI does not accept).
pub fn postgres_url() -> Option<String> {
    match std::env::var("CHUANYU_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CI").map(|v| v != "true").unwrap_or(true),
                "CI=true but CHUANYU_TEST_POSTGRES_URL is not set: the PostgreSQL soak would be skipped"
            );
            None
        }
    }
}

/// Where the installation lives.
#[derive(Clone, Debug)]
pub enum Target {
    Embedded(PathBuf),
    /// A PostgreSQL URL whose `search_path` is a throw-away schema.
    Postgres {
        url: String,
        schema: String,
    },
}

impl Target {
    /// A fresh schema on the PostgreSQL server of `base` (dropped by [`Target::drop_schema`]).
    pub fn postgres_schema(base: &str, schema: &str) -> Target {
        let mut admin = postgres::Client::connect(base, postgres::NoTls).unwrap();
        admin
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            ))
            .unwrap();
        let separator = if base.contains('?') { '&' } else { '?' };
        Target::Postgres {
            url: format!("{base}{separator}options=-csearch_path%3D{schema}"),
            schema: schema.to_string(),
        }
    }

    pub fn drop_schema(&self, base: &str) {
        if let Target::Postgres { schema, .. } = self {
            let mut admin = postgres::Client::connect(base, postgres::NoTls).unwrap();
            admin
                .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                .unwrap();
        }
    }

    pub fn args(&self) -> Vec<String> {
        match self {
            Target::Embedded(dir) => vec!["--data-dir".into(), dir.display().to_string()],
            Target::Postgres { url, .. } => vec!["--database".into(), url.clone()],
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Target::Embedded(_) => "SQLite",
            Target::Postgres { .. } => "PostgreSQL",
        }
    }

    /// Every stored movement: (book, id, seq), in book and seq order.
    pub fn stored_movements(&self) -> Vec<(String, String, i64)> {
        let sql = "SELECT book_id, id, seq FROM ledger_movements ORDER BY book_id, seq";
        match self {
            Target::Embedded(dir) => {
                let db = rusqlite::Connection::open_with_flags(
                    dir.join("chuanyu.db"),
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                )
                .unwrap();
                let mut statement = db.prepare(sql).unwrap();
                statement
                    .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            }
            Target::Postgres { url, .. } => {
                let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
                client
                    .query(sql, &[])
                    .unwrap()
                    .iter()
                    .map(|row| (row.get(0), row.get(1), row.get(2)))
                    .collect()
            }
        }
    }
}

pub fn chuanyu() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chuanyu"))
}

/// Run the binary to completion: (exit code, stdout, stderr).
pub fn run(args: &[String]) -> (i32, String, String) {
    let output = chuanyu().args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `chuanyu party add …`: the key is the last line of stdout.
pub fn add_party(target: &Target, code: &str, role: &str) -> String {
    let mut args: Vec<String> = vec!["party".into(), "add".into()];
    args.extend(target.args());
    args.extend(
        [
            "--code",
            code,
            "--name",
            &format!("soak {code}"),
            "--role",
            role,
            "--district",
            "7900",
        ]
        .map(String::from),
    );
    let (status, stdout, stderr) = run(&args);
    assert_eq!(status, 0, "party add {code}: {stderr}");
    stdout.lines().last().unwrap().trim().to_string()
}

/// `chuanyu ledger verify`: (exit code, stdout).
pub fn ledger_verify(target: &Target) -> (i32, String) {
    let mut args: Vec<String> = vec!["ledger".into(), "verify".into()];
    args.extend(target.args());
    let (status, stdout, stderr) = run(&args);
    (status, format!("{stdout}{stderr}"))
}

/// `chuanyu audit verify` (every book's movements are hash-chained audit events too):
/// (exit code, stdout).
pub fn audit_verify(target: &Target) -> (i32, String) {
    let mut args: Vec<String> = vec!["audit".into(), "verify".into()];
    args.extend(target.args());
    let (status, stdout, stderr) = run(&args);
    (status, format!("{stdout}{stderr}"))
}

/// A `chuanyu serve` process on 127.0.0.1 with an ephemeral port; killed if still running when
/// dropped.
pub struct Server {
    child: Child,
    pub base: String,
    pub log: PathBuf,
}

impl Server {
    /// Start `serve`, read its announced address and wait (bounded) until `/api/v1/health`
    /// answers. Its stderr goes to `log` (appended).
    pub fn start(target: &Target, log: &Path) -> Server {
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .unwrap();
        let mut child = chuanyu()
            .arg("serve")
            .args(target.args())
            .args(["--listen", "127.0.0.1:0"])
            .env("CHUANYU_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log_file))
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (lines, announced) = std::sync::mpsc::channel();
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                let _ = lines.send(line);
            }
        });
        let deadline = Instant::now() + STARTUP_MAX;
        let base = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match announced.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.split("listening on ").nth(1) {
                        break rest.split("/api/v1").next().unwrap().to_string();
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!(
                        "serve did not announce its address within {STARTUP_MAX:?}:\n{}",
                        tail(log)
                    );
                }
            }
        };
        while !healthy(&base) {
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{base}/api/v1/health did not answer within {STARTUP_MAX:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Server {
            child,
            base,
            log: log.to_path_buf(),
        }
    }

    /// Start `serve` and SIGKILL it `after` (during start-up, or just after), whatever it was
    /// doing by then.
    pub fn start_and_kill(target: &Target, log: &Path, after: Duration) {
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .unwrap();
        let mut child = chuanyu()
            .arg("serve")
            .args(target.args())
            .args(["--listen", "127.0.0.1:0"])
            .env("CHUANYU_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::from(log_file))
            .spawn()
            .unwrap();
        std::thread::sleep(after);
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// SIGKILL (`Child::kill` on Unix), then reap.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM and the exit status (bounded): a clean stop is a success.
    pub fn stop(mut self) -> std::process::ExitStatus {
        let killed = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let deadline = Instant::now() + STOP_MAX;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "serve did not stop within {STOP_MAX:?} of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `GET /api/v1/health` over a plain socket (no runtime needed), bounded by socket timeouts.
fn healthy(base: &str) -> bool {
    let address = base.trim_start_matches("http://");
    let Ok(mut stream) = std::net::TcpStream::connect(address) else {
        return false;
    };
    let timeout = Some(Duration::from_secs(2));
    let _ = stream.set_read_timeout(timeout);
    let _ = stream.set_write_timeout(timeout);
    let request =
        format!("GET /api/v1/health HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200") && answer.contains("\"ok\"")
}

/// The last lines of a log file.
pub fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

#[derive(Clone, Debug)]
pub struct Keys {
    pub officer: String,
    pub operators: [String; 2],
}

impl Keys {
    /// The officer and the two zone operators, registered with `chuanyu party add`.
    pub fn register(target: &Target) -> Keys {
        Keys {
            officer: add_party(target, OFFICER, "officer"),
            operators: [
                add_party(target, OPERATORS[0], "zone-operator"),
                add_party(target, OPERATORS[1], "zone-operator"),
            ],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Officer,
    Operator(usize),
}

/// One quantity change the model expects from an acknowledged movement.
#[derive(Clone, Debug)]
pub struct Delta {
    pub book: usize,
    pub material: String,
    pub bucket: usize,
    pub amount: Decimal,
}

fn delta(book: usize, material: &str, bucket: usize, amount: Decimal) -> Delta {
    Delta {
        book,
        material: material.to_string(),
        bucket,
        amount,
    }
}

/// One HTTP request of an operation, with what the model learns when it is acknowledged.
#[derive(Clone, Debug)]
pub struct Step {
    pub path: String,
    pub body: Option<Value>,
    pub who: Who,
    /// The success status.
    pub expect: u16,
    /// (book, movement id) the request books.
    pub movements: Vec<(usize, String)>,
    pub deltas: Vec<Delta>,
    /// (book, list id, state every line of it is in afterwards).
    pub lists: Vec<(usize, String, &'static str)>,
    /// A deliberate over-draw: must be refused with insufficient_balance.
    pub overdraw: bool,
    /// An acknowledged id sent again with other content: must be refused with
    /// idempotency_key_reused.
    pub reused_id: bool,
    /// Takes from a shared material: insufficient_balance is a legitimate answer under contention.
    pub may_be_refused: bool,
}

impl Step {
    fn new(path: String, body: Option<Value>, who: Who, expect: u16) -> Step {
        Step {
            path,
            body,
            who,
            expect,
            movements: Vec::new(),
            deltas: Vec::new(),
            lists: Vec::new(),
            overdraw: false,
            reused_id: false,
            may_be_refused: false,
        }
    }
}

/// What the server answered.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub replayed: bool,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    /// Refused for insufficient balance only: the headline code of a single finding, or every
    /// one of several findings (each line short).
    pub fn only_insufficient_balance(&self) -> bool {
        let findings = self.body["findings"].as_array();
        self.code() == "insufficient_balance"
            || findings.is_some_and(|all| {
                !all.is_empty() && all.iter().all(|f| f["code"] == "insufficient_balance")
            })
    }
}

/// Every acknowledged movement and what the balances must be because of them.
#[derive(Default)]
pub struct Model {
    /// (book, movement id) → how many times it was acknowledged as a fresh booking.
    pub movements: HashMap<(usize, String), u32>,
    pub balances: BTreeMap<(usize, String), [Decimal; 4]>,
    /// (book, list id) → the state of every line.
    pub lists: HashMap<(usize, String), &'static str>,
}

impl Model {
    pub fn acknowledge(&mut self, step: &Step) -> Vec<String> {
        let mut twice = Vec::new();
        for movement in &step.movements {
            let count = self.movements.entry(movement.clone()).or_default();
            *count += 1;
            if *count > 1 {
                twice.push(format!(
                    "{} {} acknowledged as a fresh booking {count} times",
                    BOOKS[movement.0], movement.1
                ));
            }
        }
        for d in &step.deltas {
            self.balances
                .entry((d.book, d.material.clone()))
                .or_insert([Decimal::ZERO; 4])[d.bucket] += d.amount;
        }
        for (book, list, state) in &step.lists {
            self.lists.insert((*book, list.clone()), state);
        }
        twice
    }
}

/// The server, the keys and the model all clients share.
pub struct World {
    pub http: reqwest::Client,
    /// The current server's base URL (`None` while it is down).
    pub base: RwLock<Option<String>>,
    pub keys: Keys,
    pub model: Mutex<Model>,
    pub clients: usize,
}

impl World {
    pub fn new(keys: Keys, base: &str, clients: usize) -> World {
        World {
            http: reqwest::Client::builder()
                .timeout(REQUEST_MAX)
                .build()
                .unwrap(),
            base: RwLock::new(Some(base.to_string())),
            keys,
            model: Mutex::new(Model::default()),
            clients,
        }
    }

    pub fn set_base(&self, base: Option<String>) {
        *self.base.write().unwrap() = base;
    }

    fn current_base(&self) -> Option<String> {
        self.base.read().unwrap().clone()
    }

    fn key(&self, who: Who) -> &str {
        match who {
            Who::Officer => &self.keys.officer,
            Who::Operator(k) => &self.keys.operators[k],
        }
    }

    async fn send_once(&self, base: &str, step: &Step) -> Result<Answer, String> {
        let mut request = self
            .http
            .post(format!("{base}{}", step.path))
            .bearer_auth(self.key(step.who));
        if let Some(body) = &step.body {
            request = request.json(body);
        }
        let response = request.send().await.map_err(|e| format!("{e:?}"))?;
        let status = response.status().as_u16();
        let replayed = response
            .headers()
            .get("idempotent-replayed")
            .is_some_and(|v| v == "true");
        let text = response.text().await.map_err(|e| format!("{e:?}"))?;
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok(Answer {
            status,
            replayed,
            body,
        })
    }

    /// A GET answered 200, as JSON.
    pub async fn get(&self, path: &str, who: Who) -> Value {
        let base = self.current_base().expect("the server is up");
        let response = self
            .http
            .get(format!("{base}{path}"))
            .bearer_auth(self.key(who))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "GET {path}");
        response.json().await.unwrap()
    }

    /// A setup request that must succeed; acknowledged in the model.
    async fn must(&self, step: Step) -> Answer {
        let base = self.current_base().expect("the server is up");
        let answer = self.send_once(&base, &step).await.unwrap();
        assert_eq!(
            answer.status, step.expect,
            "POST {}: {}",
            step.path, answer.body
        );
        let twice = self.model.lock().unwrap().acknowledge(&step);
        assert!(twice.is_empty(), "{twice:?}");
        answer
    }

    /// Open the books with every item, and give every item its opening stock by a first-line
    /// entry that passes the gate.
    pub async fn open_books(&self) {
        let mut materials: Vec<String> = SHARED.iter().map(|m| m.to_string()).collect();
        for client in 0..self.clients {
            materials.extend((0..2).map(|k| private(client, k)));
        }
        for (b, book) in BOOKS.iter().enumerate() {
            let items: Vec<Value> = materials
                .iter()
                .map(|m| {
                    json!({"material_no": m, "hs_code": "8471300000", "name": "laptop",
                    "unit": "007", "origin_country": "JPN"})
                })
                .collect();
            let mut step = Step::new(
                "/api/v1/account-books".into(),
                Some(json!({
                    "id": book, "enterprise_code": OPERATORS[owner(b)],
                    "place_kind": "comprehensive_bonded_zone",
                    "document": {"code": "approval", "number": format!("OPEN-{b}")},
                    "items": items,
                })),
                Who::Officer,
                201,
            );
            step.movements = materials.iter().map(|m| (b, format!("item/{m}"))).collect();
            self.must(step).await;
            let lines: Vec<(String, Decimal)> = materials
                .iter()
                .map(|m| {
                    let opening = if m.starts_with('H') {
                        SHARED_OPENING
                    } else {
                        PRIVATE_OPENING
                    };
                    (m.clone(), Decimal::from(opening))
                })
                .collect();
            let list = format!("OPEN-{b}");
            let pending = Pending {
                book: b,
                list: list.clone(),
                kind: "first_line_entry",
                lines,
            };
            self.must(pending.declare_step()).await;
            let [issue, passage] = pending.passage_steps(&format!("GP-OPEN-{b}"));
            self.must(issue).await;
            self.must(passage).await;
        }
    }
}

/// A declared list waiting for the gate, a cancellation or a deduction.
#[derive(Clone, Debug)]
pub struct Pending {
    pub book: usize,
    pub list: String,
    pub kind: &'static str,
    pub lines: Vec<(String, Decimal)>,
}

fn lines_json(lines: &[(String, Decimal)]) -> Vec<Value> {
    lines
        .iter()
        .enumerate()
        .map(|(i, (m, q))| json!({"line_no": i + 1, "material_no": m, "quantity": q.to_string()}))
        .collect()
}

fn inbound(kind: &str) -> bool {
    kind.ends_with("_entry")
}

impl Pending {
    /// Declare (0 → 1): inbound adds `incoming`; the others move `available → pre_deducted`.
    fn declare_step(&self) -> Step {
        let deduct_now = if self.kind == "display_out" {
            json!(false)
        } else {
            Value::Null
        };
        let mut step = Step::new(
            format!("/api/v1/account-books/{}/booking-lists", BOOKS[self.book]),
            Some(json!({
                "id": self.list, "kind": self.kind,
                "document": {"code": "contract", "number": format!("C-{}", self.list)},
                "deduct_now": deduct_now, "lines": lines_json(&self.lines),
            })),
            Who::Operator(owner(self.book)),
            201,
        );
        step.movements = vec![(self.book, format!("list/{}", self.list))];
        for (m, q) in &self.lines {
            if inbound(self.kind) {
                step.deltas.push(delta(self.book, m, INCOMING, *q));
            } else {
                step.deltas.push(delta(self.book, m, AVAILABLE, -*q));
                step.deltas.push(delta(self.book, m, PRE_DEDUCTED, *q));
                step.may_be_refused |= m.starts_with('H');
            }
        }
        step.lists = vec![(self.book, self.list.clone(), "pre_deducted")];
        step
    }

    /// Issue a gate pass for every line, then the vehicle passes with exactly that cargo.
    fn passage_steps(&self, pass: &str) -> [Step; 2] {
        let who = Who::Operator(owner(self.book));
        let issue = Step::new(
            "/api/v1/gate-passes".into(),
            Some(json!({
                "id": pass, "book_id": BOOKS[self.book], "vehicle": format!("V-{pass}"),
                "lists": [{"list_id": self.list, "lines": lines_json(&self.lines)}],
            })),
            who,
            201,
        );
        let observed: Vec<Value> = self
            .lines
            .iter()
            .map(|(m, q)| json!({"material_no": m, "quantity": q.to_string()}))
            .collect();
        let mut passage = Step::new(
            format!("/api/v1/gate-passes/{pass}/passage"),
            Some(json!({ "observed": observed })),
            who,
            200,
        );
        passage.movements = vec![(self.book, format!("pass/{pass}"))];
        for (m, q) in &self.lines {
            if inbound(self.kind) {
                passage.deltas.push(delta(self.book, m, INCOMING, -*q));
                passage.deltas.push(delta(self.book, m, AVAILABLE, *q));
            } else {
                passage.deltas.push(delta(self.book, m, PRE_DEDUCTED, -*q));
            }
        }
        passage.lists = vec![(self.book, self.list.clone(), "deducted")];
        [issue, passage]
    }

    /// Withdraw the list (1 → 0): the reservation or the expectation is released.
    fn cancel_step(&self) -> Step {
        let mut step = Step::new(
            format!(
                "/api/v1/account-books/{}/booking-lists/{}/cancel",
                BOOKS[self.book], self.list
            ),
            Some(json!({"document": {"code": "withdrawal", "number": format!("W-{}", self.list)}})),
            Who::Operator(owner(self.book)),
            200,
        );
        step.movements = vec![(self.book, format!("cancel/{}", self.list))];
        for (m, q) in &self.lines {
            if inbound(self.kind) {
                step.deltas.push(delta(self.book, m, INCOMING, -*q));
            } else {
                step.deltas.push(delta(self.book, m, PRE_DEDUCTED, -*q));
                step.deltas.push(delta(self.book, m, AVAILABLE, *q));
            }
        }
        step.lists = vec![(self.book, self.list.clone(), "not_deducted")];
        step
    }

    /// Deduct a declared display-out list (1 → 2): `pre_deducted → displayed`.
    fn deduct_step(&self) -> Step {
        let mut step = Step::new(
            format!(
                "/api/v1/account-books/{}/booking-lists/{}/deduct",
                BOOKS[self.book], self.list
            ),
            None,
            Who::Operator(owner(self.book)),
            200,
        );
        step.movements = vec![(self.book, format!("deduct/{}", self.list))];
        for (m, q) in &self.lines {
            step.deltas.push(delta(self.book, m, PRE_DEDUCTED, -*q));
            step.deltas.push(delta(self.book, m, DISPLAYED, *q));
        }
        step.lists = vec![(self.book, self.list.clone(), "deducted")];
        step
    }
}

/// A list booked in one step (0 → 2), e.g. display_out or display_return.
fn book_directly_step(
    book: usize,
    list: &str,
    kind: &str,
    lines: &[(String, Decimal)],
    from: usize,
    to: Option<usize>,
) -> Step {
    let mut step = Step::new(
        format!("/api/v1/account-books/{}/booking-lists", BOOKS[book]),
        Some(json!({
            "id": list, "kind": kind,
            "document": {"code": "contract", "number": format!("C-{list}")},
            "lines": lines_json(lines),
        })),
        Who::Operator(owner(book)),
        201,
    );
    step.movements = vec![(book, format!("list/{list}"))];
    for (m, q) in lines {
        step.deltas.push(delta(book, m, from, -*q));
        if let Some(to) = to {
            step.deltas.push(delta(book, m, to, *q));
        }
        step.may_be_refused |= m.starts_with('H');
    }
    step.lists = vec![(book, list.to_string(), "deducted")];
    step
}

/// A transfer of `lines` (same material number on both sides) from one book to another.
fn transfer_step(from: usize, to: usize, id: &str, lines: &[(String, Decimal)]) -> Step {
    let body_lines: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(i, (m, q))| {
            json!({"line_no": i + 1, "material_no": m, "counterpart_material_no": m,
                "quantity": q.to_string()})
        })
        .collect();
    let (out_list, in_list) = (format!("{id}-OUT"), format!("{id}-IN"));
    let mut step = Step::new(
        "/api/v1/transfers".into(),
        Some(json!({
            "from_book": BOOKS[from], "to_book": BOOKS[to],
            "out_list_id": out_list, "in_list_id": in_list,
            "document": {"code": "transfer", "number": id},
            "lines": body_lines,
        })),
        Who::Operator(owner(from)),
        201,
    );
    step.movements = vec![
        (from, format!("list/{out_list}")),
        (to, format!("list/{in_list}")),
    ];
    for (m, q) in lines {
        step.deltas.push(delta(from, m, AVAILABLE, -*q));
        step.deltas.push(delta(to, m, AVAILABLE, *q));
        step.may_be_refused |= m.starts_with('H');
    }
    step.lists = vec![(from, out_list, "deducted"), (to, in_list, "deducted")];
    step
}

/// How a client mixes its requests.
#[derive(Clone, Copy, Debug)]
pub struct Mix {
    /// Exact resubmits of acknowledged requests (and, with `double_send`, a new request sent
    /// twice at once).
    pub duplicate_percent: u64,
    /// Deliberate over-draws.
    pub overdraw_percent: u64,
    pub double_send: bool,
    /// Lost answers (the server was killed) are retried until answered, instead of failing.
    pub survive_crashes: bool,
}

#[derive(Default, Debug)]
pub struct Stats {
    /// HTTP requests answered (every attempt that got an answer).
    pub requests: u64,
    /// Movements acknowledged as fresh bookings.
    pub booked: u64,
    pub duplicates: u64,
    pub duplicates_replayed: u64,
    pub double_sends: u64,
    pub id_reuses: u64,
    pub id_reuses_refused: u64,
    pub overdraws: u64,
    pub overdraws_refused: u64,
    /// insufficient_balance on shared materials taken by other clients first.
    pub contention_refusals: u64,
    /// Requests whose answer was lost (the server died): retried until answered.
    pub lost_answers: u64,
    /// …of which the retry replayed the first booking (it was committed before the kill).
    pub lost_committed: u64,
    /// …of which the retry booked it fresh (it was not committed).
    pub lost_fresh: u64,
    /// …of which the retry was refused (not committed; the situation had changed).
    pub lost_refused: u64,
    pub latencies: Vec<Duration>,
    pub failures: Vec<String>,
}

impl Stats {
    pub fn merge(&mut self, other: Stats) {
        self.requests += other.requests;
        self.booked += other.booked;
        self.duplicates += other.duplicates;
        self.duplicates_replayed += other.duplicates_replayed;
        self.double_sends += other.double_sends;
        self.id_reuses += other.id_reuses;
        self.id_reuses_refused += other.id_reuses_refused;
        self.overdraws += other.overdraws;
        self.overdraws_refused += other.overdraws_refused;
        self.contention_refusals += other.contention_refusals;
        self.lost_answers += other.lost_answers;
        self.lost_committed += other.lost_committed;
        self.lost_fresh += other.lost_fresh;
        self.lost_refused += other.lost_refused;
        self.latencies.extend(other.latencies);
        self.failures.extend(other.failures);
    }

    pub fn percentile(&mut self, p: f64) -> Duration {
        self.latencies.sort();
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[rank]
    }

    fn fail(&mut self, text: String) {
        if self.failures.len() < 50 {
            self.failures.push(text);
        }
    }
}

/// An acknowledged request and its answer, for exact resubmits.
struct Sent {
    step: Step,
    status: u16,
    body: Value,
}

/// When a client stops: at a deadline, or when the harness says so.
#[derive(Clone)]
pub enum Until {
    Deadline(Instant),
    Flag(Arc<AtomicBool>),
}

impl Until {
    fn done(&self) -> bool {
        match self {
            Until::Deadline(at) => Instant::now() >= *at,
            Until::Flag(flag) => flag.load(Ordering::SeqCst),
        }
    }
}

/// What a client does after an operation's last step is acknowledged.
enum After {
    Nothing,
    Pending(Pending),
    ToDeduct(Pending),
}

struct Op {
    steps: Vec<Step>,
    after: After,
}

/// One client: its own materials (exact balances), its declared lists, its answered requests.
struct Client {
    index: usize,
    seq: u64,
    rng: Rng,
    mix: Mix,
    /// (book, private material) → balances, exact (nobody else books them).
    known: HashMap<(usize, String), [Decimal; 4]>,
    pending: Vec<Pending>,
    to_deduct: Vec<Pending>,
    history: Vec<Sent>,
    stats: Stats,
}

const HISTORY_MAX: usize = 512;

impl Client {
    fn new(index: usize, seed: u64, mix: Mix) -> Client {
        let mut known = HashMap::new();
        for book in 0..BOOKS.len() {
            for k in 0..2 {
                let mut opening = [Decimal::ZERO; 4];
                opening[AVAILABLE] = Decimal::from(PRIVATE_OPENING);
                known.insert((book, private(index, k)), opening);
            }
        }
        Client {
            index,
            seq: 0,
            rng: Rng::new(seed ^ (index as u64 + 1).wrapping_mul(0xA24B_AED4_963E_E407)),
            mix,
            known,
            pending: Vec::new(),
            to_deduct: Vec::new(),
            history: Vec::new(),
            stats: Stats::default(),
        }
    }

    fn next_id(&mut self, prefix: &str) -> String {
        self.seq += 1;
        format!("{prefix}-C{:03}-{:06}", self.index, self.seq)
    }

    /// 1 ..= 20, sometimes with decimals (normalization must not matter).
    fn quantity(&mut self) -> Decimal {
        let whole = self.rng.between(1, 20);
        let fraction = match self.rng.below(6) {
            0 => ".5",
            1 => ".125",
            2 => ".00001",
            _ => "",
        };
        Decimal::from_str(&format!("{whole}{fraction}")).unwrap()
    }

    fn available(&self, book: usize, material: &str) -> Decimal {
        self.known
            .get(&(book, material.to_string()))
            .map(|b| b[AVAILABLE])
            .unwrap_or_default()
    }

    /// Up to `n` distinct materials of `book` for a line each: this client's own (with what it
    /// may take, if taking) or shared ones.
    fn lines(&mut self, book: usize, n: usize, taking: bool) -> Vec<(String, Decimal)> {
        let mut lines: Vec<(String, Decimal)> = Vec::new();
        for _ in 0..n {
            let material = if self.rng.percent(70) {
                private(self.index, self.rng.below(2) as usize)
            } else {
                SHARED[self.rng.below(SHARED.len() as u64) as usize].to_string()
            };
            if lines.iter().any(|(m, _)| *m == material) {
                continue;
            }
            let mut quantity = self.quantity();
            if taking && !material.starts_with('H') {
                quantity = quantity.min(self.available(book, &material));
                if quantity <= Decimal::ZERO {
                    continue;
                }
            }
            lines.push((material, quantity));
        }
        if lines.is_empty() {
            // Shared stock is plentiful: a small line on it.
            let material = SHARED[self.rng.below(SHARED.len() as u64) as usize].to_string();
            lines.push((material, Decimal::from(self.rng.between(1, 5))));
        }
        lines
    }

    fn book(&mut self) -> usize {
        self.rng.below(BOOKS.len() as u64) as usize
    }

    fn take_random(list: &mut Vec<Pending>, rng: &mut Rng) -> Option<Pending> {
        (!list.is_empty()).then(|| list.swap_remove(rng.below(list.len() as u64) as usize))
    }

    /// A normal operation.
    fn normal(&mut self) -> Op {
        loop {
            let roll = self.rng.below(100);
            let book = self.book();
            let n = self.rng.between(1, 3) as usize;
            match roll {
                0..20 => {
                    let kind = if self.rng.percent(70) {
                        "first_line_entry"
                    } else {
                        "second_line_entry"
                    };
                    let pending = Pending {
                        book,
                        list: self.next_id("IN"),
                        kind,
                        lines: self.lines(book, n, false),
                    };
                    return Op {
                        steps: vec![pending.declare_step()],
                        after: After::Pending(pending),
                    };
                }
                20..38 => {
                    // Second-line exits are booked with their goods declaration through
                    // `/second-line-exits` (tested apart); the soak's exits go abroad, and the
                    // draw is kept so a seed repeats the same mix.
                    let _second_line = !self.rng.percent(60);
                    let kind = "first_line_exit";
                    let pending = Pending {
                        book,
                        list: self.next_id("EX"),
                        kind,
                        lines: self.lines(book, n, true),
                    };
                    return Op {
                        steps: vec![pending.declare_step()],
                        after: After::Pending(pending),
                    };
                }
                38..60 => {
                    if let Some(pending) = Self::take_random(&mut self.pending, &mut self.rng) {
                        let pass = self.next_id("GP");
                        return Op {
                            steps: pending.passage_steps(&pass).to_vec(),
                            after: After::Nothing,
                        };
                    }
                }
                60..68 => {
                    if let Some(pending) = Self::take_random(&mut self.pending, &mut self.rng) {
                        return Op {
                            steps: vec![pending.cancel_step()],
                            after: After::Nothing,
                        };
                    }
                }
                68..83 => {
                    let to =
                        (book + 1 + self.rng.below(BOOKS.len() as u64 - 1) as usize) % BOOKS.len();
                    let lines = self.lines(book, n.min(2), true);
                    let id = self.next_id("TR");
                    return Op {
                        steps: vec![transfer_step(book, to, &id, &lines)],
                        after: After::Nothing,
                    };
                }
                83..90 => {
                    let lines: Vec<_> = self
                        .lines(book, 1, true)
                        .into_iter()
                        .filter(|(m, _)| !m.starts_with('H'))
                        .collect();
                    if !lines.is_empty() {
                        let pending = Pending {
                            book,
                            list: self.next_id("DO"),
                            kind: "display_out",
                            lines,
                        };
                        return Op {
                            steps: vec![pending.declare_step()],
                            after: After::ToDeduct(pending),
                        };
                    }
                }
                90..95 => {
                    if let Some(pending) = Self::take_random(&mut self.to_deduct, &mut self.rng) {
                        return Op {
                            steps: vec![pending.deduct_step()],
                            after: After::Nothing,
                        };
                    }
                }
                _ => {
                    let material = private(self.index, self.rng.below(2) as usize);
                    let displayed = self.known[&(book, material.clone())][DISPLAYED];
                    if displayed > Decimal::ZERO {
                        let quantity = self.quantity().min(displayed);
                        let list = self.next_id("DR");
                        return Op {
                            steps: vec![book_directly_step(
                                book,
                                &list,
                                "display_return",
                                &[(material, quantity)],
                                DISPLAYED,
                                Some(AVAILABLE),
                            )],
                            after: After::Nothing,
                        };
                    }
                }
            }
        }
    }

    /// A deliberate over-draw: just more than this client's own material holds (exact), or far
    /// more than a shared material can hold.
    fn overdraw(&mut self) -> Op {
        let book = self.book();
        let (material, quantity) = if self.rng.percent(80) {
            let material = private(self.index, self.rng.below(2) as usize);
            let extra = match self.rng.below(3) {
                0 => Decimal::from_str("0.00001").unwrap(),
                1 => Decimal::ONE,
                _ => self.quantity(),
            };
            let quantity = self.available(book, &material) + extra;
            (material, quantity)
        } else {
            let material = SHARED[self.rng.below(SHARED.len() as u64) as usize].to_string();
            (material, Decimal::from(HUGE))
        };
        let lines = vec![(material, quantity)];
        let mut step = match self.rng.below(4) {
            0 => Pending {
                book,
                list: self.next_id("OD"),
                kind: "first_line_exit",
                lines,
            }
            .declare_step(),
            1 => Pending {
                book,
                list: self.next_id("OD"),
                kind: "first_line_exit",
                lines,
            }
            .declare_step(),
            2 => {
                let list = self.next_id("OD");
                book_directly_step(
                    book,
                    &list,
                    "display_out",
                    &lines,
                    AVAILABLE,
                    Some(DISPLAYED),
                )
            }
            _ => {
                let to = (book + 1) % BOOKS.len();
                let id = self.next_id("OT");
                transfer_step(book, to, &id, &lines)
            }
        };
        step.overdraw = true;
        Op {
            steps: vec![step],
            after: After::Nothing,
        }
    }

    /// Send a step; with `survive_crashes`, retry a lost answer until one comes (bounded).
    /// Returns the answer and whether an earlier attempt's answer was lost.
    async fn send(&mut self, world: &World, step: &Step) -> Option<(Answer, bool)> {
        let mut lost = false;
        let started = Instant::now();
        loop {
            let Some(base) = world.current_base() else {
                if started.elapsed() > RETRY_MAX {
                    self.stats
                        .fail(format!("POST {}: no server for {RETRY_MAX:?}", step.path));
                    return None;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            };
            let sent = Instant::now();
            match world.send_once(&base, step).await {
                Ok(answer) => {
                    self.stats.requests += 1;
                    self.stats.latencies.push(sent.elapsed());
                    return Some((answer, lost));
                }
                Err(error) => {
                    if !self.mix.survive_crashes {
                        self.stats
                            .fail(format!("POST {}: no answer: {error}", step.path));
                        return None;
                    }
                    if !lost {
                        lost = true;
                        self.stats.lost_answers += 1;
                    }
                    if started.elapsed() > RETRY_MAX {
                        self.stats.fail(format!(
                            "POST {}: no answer within {RETRY_MAX:?}: {error}",
                            step.path
                        ));
                        return None;
                    }
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            }
        }
    }

    /// A new request sent twice at the same instant: one booking, the other its replay.
    async fn send_twice(&mut self, world: &World, step: &Step) -> Option<(Answer, bool)> {
        let base = world.current_base()?;
        let (first, second) =
            tokio::join!(world.send_once(&base, step), world.send_once(&base, step));
        self.stats.double_sends += 1;
        self.stats.duplicates += 1;
        let (first, second) = match (first, second) {
            (Ok(first), Ok(second)) => (first, second),
            (first, second) => {
                self.stats.fail(format!(
                    "POST {} sent twice: no answer: {:?} {:?}",
                    step.path,
                    first.err(),
                    second.err()
                ));
                return None;
            }
        };
        self.stats.requests += 2;
        if first.status == step.expect && second.status == step.expect {
            let fresh = [&first, &second].iter().filter(|a| !a.replayed).count();
            if fresh != 1 || first.body != second.body {
                self.stats.fail(format!(
                    "POST {} sent twice: {fresh} fresh bookings (one expected), answers {} / {}",
                    step.path, first.body, second.body
                ));
            } else {
                self.stats.duplicates_replayed += 1;
            }
            let fresh = if first.replayed { second } else { first };
            return Some((fresh, false));
        }
        // One refused for want of stock, the other booked: a refusal changes nothing, so the
        // other copy — run before the stock moved in, or after it moved out — is a fresh
        // booking in its own right (possible only on shared materials, under contention).
        let contention =
            |a: &Answer| step.may_be_refused && a.status == 422 && a.only_insufficient_balance();
        for (booked, refused) in [(&first, &second), (&second, &first)] {
            if booked.status == step.expect && !booked.replayed && contention(refused) {
                // Not a duplicate after all: only one copy was taken.
                self.stats.duplicates -= 1;
                self.stats.contention_refusals += 1;
                return Some((booked.clone(), false));
            }
        }
        // Refused: both the same way (the detail may quote a balance that moved in between).
        if first.status != second.status || first.code() != second.code() {
            self.stats.fail(format!(
                "POST {} sent twice answered differently: {} {} / {} {}",
                step.path, first.status, first.body, second.status, second.body
            ));
        } else {
            self.stats.duplicates_replayed += 1;
        }
        Some((first, false))
    }

    /// Resubmit an acknowledged request exactly: the first answer again, nothing changed.
    async fn resubmit(&mut self, world: &World) -> bool {
        if self.history.is_empty() {
            return false;
        }
        let index = self.rng.below(self.history.len() as u64) as usize;
        let step = self.history[index].step.clone();
        self.stats.duplicates += 1;
        let Some((answer, lost)) = self.send(world, &step).await else {
            return true;
        };
        if lost {
            // A resubmit is always a replay, whether or not its answer was lost.
            if answer.replayed {
                self.stats.lost_committed += 1;
            } else {
                self.stats.lost_fresh += 1;
            }
        }
        let sent = &self.history[index];
        if answer.status == sent.status && answer.replayed && answer.body == sent.body {
            self.stats.duplicates_replayed += 1;
        } else {
            let text = format!(
                "resubmitted POST {} answered {} (replayed: {}) {} instead of the first answer {} {}",
                step.path, answer.status, answer.replayed, answer.body, sent.status, sent.body
            );
            self.stats.fail(text);
        }
        true
    }

    /// An acknowledged booking list or transfer again under its id, one quantity changed.
    fn reuse_with_other_content(&mut self) -> Option<Op> {
        let candidates: Vec<usize> = (0..self.history.len())
            .filter(|&i| {
                let path = &self.history[i].step.path;
                path.ends_with("/booking-lists") || path == "/api/v1/transfers"
            })
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let index = candidates[self.rng.below(candidates.len() as u64) as usize];
        let mut step = self.history[index].step.clone();
        let body = step.body.as_mut().expect("lists and transfers have a body");
        let quantity = &mut body["lines"][0]["quantity"];
        let changed = Decimal::from_str(quantity.as_str().unwrap()).unwrap() + Decimal::ONE;
        *quantity = Value::String(changed.to_string());
        step.reused_id = true;
        step.movements.clear();
        step.deltas.clear();
        step.lists.clear();
        Some(Op {
            steps: vec![step],
            after: After::Nothing,
        })
    }

    /// Run an operation's steps; the model learns every acknowledged one.
    async fn execute(&mut self, world: &World, op: Op, twice: bool) {
        let last = op.steps.len() - 1;
        for (i, step) in op.steps.iter().enumerate() {
            let sent = if twice && i == last {
                self.send_twice(world, step).await
            } else {
                self.send(world, step).await
            };
            let Some((answer, lost)) = sent else { return };
            if lost {
                if answer.status != step.expect {
                    self.stats.lost_refused += 1;
                } else if answer.replayed {
                    self.stats.lost_committed += 1;
                } else {
                    self.stats.lost_fresh += 1;
                }
            }
            if step.reused_id {
                self.stats.id_reuses += 1;
                if answer.status == 422 && answer.code() == "idempotency_key_reused" {
                    self.stats.id_reuses_refused += 1;
                } else {
                    self.stats.fail(format!(
                        "an id reused with other content, POST {} {}, answered {} {}",
                        step.path,
                        step.body.as_ref().unwrap_or(&Value::Null),
                        answer.status,
                        answer.body
                    ));
                }
                return;
            }
            let refused_as_expected = answer.status == 422 && answer.only_insufficient_balance();
            if step.overdraw {
                self.stats.overdraws += 1;
                if refused_as_expected {
                    self.stats.overdraws_refused += 1;
                    return;
                }
                self.stats.fail(format!(
                    "over-draw POST {} {} answered {} {}",
                    step.path,
                    step.body.as_ref().unwrap_or(&Value::Null),
                    answer.status,
                    answer.body
                ));
            }
            if answer.status != step.expect {
                if step.may_be_refused && refused_as_expected {
                    self.stats.contention_refusals += 1;
                } else if !step.overdraw {
                    self.stats.fail(format!(
                        "POST {} {} answered {} {}",
                        step.path,
                        step.body.as_ref().unwrap_or(&Value::Null),
                        answer.status,
                        answer.body
                    ));
                }
                return;
            }
            if answer.replayed && !lost {
                self.stats.fail(format!(
                    "a new request POST {} was answered as a replay: {}",
                    step.path, answer.body
                ));
            }
            if let Some((book, id)) = step.movements.first()
                && !movement_answer_matches(&answer.body, BOOKS[*book], id)
            {
                self.stats.fail(format!(
                    "POST {} answered another movement than {id}: {}",
                    step.path, answer.body
                ));
            }
            // Acknowledged: the model and this client's exact balances learn it.
            let twice_booked = world.model.lock().unwrap().acknowledge(step);
            for text in twice_booked {
                self.stats.fail(text);
            }
            for d in &step.deltas {
                if let Some(balance) = self.known.get_mut(&(d.book, d.material.clone())) {
                    balance[d.bucket] += d.amount;
                }
            }
            if !step.movements.is_empty() {
                self.stats.booked += step.movements.len() as u64;
                let sent = Sent {
                    step: step.clone(),
                    status: answer.status,
                    body: answer.body,
                };
                if self.history.len() < HISTORY_MAX {
                    self.history.push(sent);
                } else {
                    let slot = self.rng.below(HISTORY_MAX as u64) as usize;
                    self.history[slot] = sent;
                }
            }
        }
        match op.after {
            After::Nothing => {}
            After::Pending(pending) => self.pending.push(pending),
            After::ToDeduct(pending) => self.to_deduct.push(pending),
        }
    }
}

/// Whether an answer is the booking of movement `id` in `book` (transfers: their `out` side).
fn movement_answer_matches(body: &Value, book: &str, id: &str) -> bool {
    let movement = if body.get("out").is_some() {
        &body["out"]["movement"]
    } else {
        &body["movement"]
    };
    movement["book_id"] == book && movement["id"] == id
}

/// Ids reused with other content (among the normal operations).
const REUSE_PERCENT: u64 = 2;

/// One client's run: mixed movements until `until`.
pub async fn run_client(
    world: Arc<World>,
    index: usize,
    seed: u64,
    mix: Mix,
    until: Until,
) -> Stats {
    let mut client = Client::new(index, seed, mix);
    while !until.done() {
        let roll = client.rng.below(100);
        if roll < mix.duplicate_percent {
            if mix.double_send && client.rng.percent(50) {
                let op = client.normal();
                client.execute(&world, op, true).await;
            } else if !client.resubmit(&world).await {
                let op = client.normal();
                client.execute(&world, op, false).await;
            }
        } else if roll < mix.duplicate_percent + mix.overdraw_percent {
            let op = client.overdraw();
            client.execute(&world, op, false).await;
        } else if roll < mix.duplicate_percent + mix.overdraw_percent + REUSE_PERCENT
            && let Some(op) = client.reuse_with_other_content()
        {
            client.execute(&world, op, false).await;
        } else {
            let op = client.normal();
            client.execute(&world, op, false).await;
        }
    }
    client.stats
}

/// Start the world's clients; the handle yields their merged statistics.
pub fn run_clients(
    world: &Arc<World>,
    seed: u64,
    mix: Mix,
    until: Until,
) -> tokio::task::JoinHandle<Stats> {
    let world = world.clone();
    tokio::spawn(async move {
        let tasks: Vec<_> = (0..world.clients)
            .map(|index| tokio::spawn(run_client(world.clone(), index, seed, mix, until.clone())))
            .collect();
        let mut total = Stats::default();
        for task in tasks {
            total.merge(task.await.unwrap());
        }
        total
    })
}

/// While clients book: read every book's balances again and again; no bucket may ever be
/// negative. Unanswered reads (the server is down in the crash test) are skipped. Yields the
/// number of item balances read and every negative one.
pub fn watch_balances(
    world: &Arc<World>,
    until: Until,
) -> tokio::task::JoinHandle<(u64, Vec<String>)> {
    let world = world.clone();
    tokio::spawn(async move {
        let (mut read, mut negative) = (0u64, Vec::new());
        while !until.done() {
            for (b, book) in BOOKS.iter().enumerate() {
                let Some(base) = world.current_base() else {
                    continue;
                };
                let Ok(response) = world
                    .http
                    .get(format!(
                        "{base}/api/v1/account-books/{book}/items?limit=500"
                    ))
                    .bearer_auth(world.key(Who::Operator(owner(b))))
                    .send()
                    .await
                else {
                    continue;
                };
                let Ok(page) = response.json::<Value>().await else {
                    continue;
                };
                for item in page["items"].as_array().into_iter().flatten() {
                    read += 1;
                    for name in BUCKETS {
                        let value = Decimal::from_str(item[name].as_str().unwrap_or("0"))
                            .unwrap_or_default();
                        if value < Decimal::ZERO && negative.len() < 20 {
                            negative
                                .push(format!("{book} {} {name} = {value}", item["material_no"]));
                        }
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        (read, negative)
    })
}

/// The stored balances (through HTTP) against the model, the book headers' movement counts,
/// and a sample of lists' line states. Returns every difference.
pub async fn check_through_http(world: &World, rng: &mut Rng) -> Vec<String> {
    let mut problems = Vec::new();
    let model_balances = world.model.lock().unwrap().balances.clone();
    let model_movements = world.model.lock().unwrap().movements.clone();
    let model_lists = world.model.lock().unwrap().lists.clone();
    for (b, book) in BOOKS.iter().enumerate() {
        let who = Who::Operator(owner(b));
        let header = world
            .get(&format!("/api/v1/account-books/{book}"), who)
            .await;
        let expected = model_movements.keys().filter(|(mb, _)| *mb == b).count() as u64;
        if header["movement_count"].as_u64() != Some(expected) {
            problems.push(format!(
                "{book}: {} movements stored, {expected} acknowledged",
                header["movement_count"]
            ));
        }
        let mut seen = 0;
        let mut after: Option<String> = None;
        loop {
            let path = match &after {
                None => format!("/api/v1/account-books/{book}/items?limit=500"),
                Some(a) => format!("/api/v1/account-books/{book}/items?limit=500&after={a}"),
            };
            let page = world.get(&path, who).await;
            for item in page["items"].as_array().unwrap() {
                seen += 1;
                let material = item["material_no"].as_str().unwrap().to_string();
                let expected = model_balances
                    .get(&(b, material.clone()))
                    .copied()
                    .unwrap_or([Decimal::ZERO; 4]);
                for (bucket, name) in BUCKETS.iter().enumerate() {
                    let stored = Decimal::from_str(item[*name].as_str().unwrap()).unwrap();
                    if stored != expected[bucket] {
                        problems.push(format!(
                            "{book} {material} {name}: stored {stored}, expected {} from the acknowledged movements",
                            expected[bucket]
                        ));
                    }
                }
            }
            match page["next"].as_str() {
                Some(next) => after = Some(next.to_string()),
                None => break,
            }
        }
        let expected_items = model_balances.keys().filter(|(mb, _)| *mb == b).count();
        if seen != expected_items {
            problems.push(format!(
                "{book}: {seen} items stored, {expected_items} expected"
            ));
        }
    }
    // A sample of lists, read back one by one.
    let mut keys: Vec<_> = model_lists.keys().cloned().collect();
    keys.sort();
    for _ in 0..keys.len().min(300) {
        let (b, list) = &keys[rng.below(keys.len() as u64) as usize];
        let view = world
            .get(
                &format!("/api/v1/account-books/{}/booking-lists/{list}", BOOKS[*b]),
                Who::Operator(owner(*b)),
            )
            .await;
        let expected = model_lists[&(*b, list.clone())];
        for line in view["lines"].as_array().unwrap() {
            if line["state"] != expected {
                problems.push(format!(
                    "{} list {list} line {}: {} (expected {expected})",
                    BOOKS[*b], line["line_no"], line["state"]
                ));
            }
        }
    }
    problems
}

/// The stored movement log against the model: every acknowledged movement present exactly
/// once, nothing else, and gap-free sequence numbers per book.
pub fn check_stored_movements(target: &Target, world: &World) -> (usize, Vec<String>) {
    let model = world.model.lock().unwrap().movements.clone();
    let stored = target.stored_movements();
    let mut problems = Vec::new();
    let mut count: HashMap<(usize, String), u32> = HashMap::new();
    let mut last_seq: HashMap<String, i64> = HashMap::new();
    for (book, id, seq) in &stored {
        let b = BOOKS
            .iter()
            .position(|x| x == book)
            .unwrap_or_else(|| panic!("unknown book {book}"));
        *count.entry((b, id.clone())).or_default() += 1;
        let previous = last_seq.insert(book.clone(), *seq).unwrap_or(0);
        if *seq != previous + 1 {
            problems.push(format!("{book}: seq {seq} follows {previous}"));
        }
    }
    for (key, times) in &count {
        if *times > 1 {
            problems.push(format!("{} {} stored {times} times", BOOKS[key.0], key.1));
        }
        if !model.contains_key(key) {
            problems.push(format!(
                "{} {} stored but never acknowledged",
                BOOKS[key.0], key.1
            ));
        }
    }
    for key in model.keys() {
        if !count.contains_key(key) {
            problems.push(format!("{} {} acknowledged but LOST", BOOKS[key.0], key.1));
        }
    }
    (stored.len(), problems)
}

/// Panics in any server log.
pub fn panics_in(logs: &[PathBuf]) -> Vec<String> {
    logs.iter()
        .filter_map(|log| {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            text.contains("panicked")
                .then(|| format!("{}:\n{}", log.display(), tail(log)))
        })
        .collect()
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
