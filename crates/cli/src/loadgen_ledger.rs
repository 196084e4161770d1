//! `chuanyu loadgen-ledger`: books 1,000-line booking lists on one bonded account book through
//! the application layer and through the real HTTP server, and measures the raw ceiling of the
//! same ledger rows written directly (batched SQLite transactions, or COPY on PostgreSQL).

use anyhow::Context;
use chuanyu_app::ledger::views::{
    BookItemInput, BookingLineInput, BookingListKind, BookingListRequest, LedgerDocument,
    OpenBookRequest, PlaceKind, RecordItemsRequest,
};
use chuanyu_app::parties::NewParty;
use chuanyu_app::{Actor, App};
use chuanyu_domain::Role;
use chuanyu_store::StoreOptions;
use clap::Args;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Args, Debug, Clone)]
pub struct LedgerLoadArgs {
    /// Booking lists per measured phase (application layer, then HTTP).
    #[arg(long, default_value_t = 200)]
    pub lists: usize,
    /// Lines per booking list (1..=1000).
    #[arg(long, default_value_t = 1000)]
    pub lines: usize,
    /// Concurrent tasks (application layer) and HTTP clients.
    #[arg(long, default_value_t = 16)]
    pub clients: usize,
    /// Items recorded in the book.
    #[arg(long, default_value_t = 10_000)]
    pub items: usize,
    /// Booking lists per transaction of the raw SQLite ceiling.
    #[arg(long, default_value_t = 10)]
    pub raw_batch: usize,
    /// Run on a shared PostgreSQL database (postgres://…) instead of a temporary SQLite one.
    #[arg(long)]
    pub database: Option<String>,
    /// Application nodes (each with its own writer and HTTP server) on the shared database.
    #[arg(long, default_value_t = 1)]
    pub nodes: usize,
}

const BOOK: &str = "T7900W990001";
const OPERATOR: &str = "5101970001";
const OFFICER: &str = "officer-7900-loadgen";
/// Measured lists have ids `LG-{n}`; the stocking lists `STOCK-{n}`.
const MEASURED_PREFIX: &str = "LG-";

fn material(index: usize) -> String {
    format!("X{index:06}")
}

/// The materials of measured list `global` (0-based over both phases): `lines` consecutive items.
fn list_materials(global: usize, lines: usize, items: usize) -> impl Iterator<Item = usize> {
    let start = (global * lines) % items;
    (0..lines).map(move |j| (start + j) % items)
}

/// Measured list `global`: entries and exits alternate, both only declared (0 → 1).
fn measured_list(global: usize, lines: usize, items: usize) -> BookingListRequest {
    BookingListRequest {
        id: format!("{MEASURED_PREFIX}{global:06}"),
        kind: if global.is_multiple_of(2) {
            BookingListKind::FirstLineEntry
        } else {
            BookingListKind::FirstLineExit
        },
        document: LedgerDocument {
            code: "contract".into(),
            number: format!("C-{global}"),
        },
        deduct_now: None,
        lines: list_materials(global, lines, items)
            .enumerate()
            .map(|(j, m)| BookingLineInput {
                line_no: j as u32 + 1,
                material_no: material(m),
                quantity: Decimal::ONE,
            })
            .collect(),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank]
}

fn app_error(e: chuanyu_app::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

pub async fn run(args: LedgerLoadArgs) -> anyhow::Result<()> {
    anyhow::ensure!((1..=1000).contains(&args.lines), "--lines must be 1..=1000");
    anyhow::ensure!(args.items >= args.lines, "--items must be at least --lines");
    anyhow::ensure!(
        args.clients >= 1 && args.lists >= 1,
        "need one client and one list"
    );
    let dir = tempfile::tempdir()?;
    let schema = format!("loadgen_ledger_{}", std::process::id());
    let nodes = crate::loadgen::open_nodes(
        args.database.as_deref(),
        args.nodes,
        &dir.path().join("server"),
        &schema,
    )
    .await?;
    let outcome = measure(&args, &nodes, &dir).await;

    // Clean-up whatever happened: off the async threads.
    let database_url = args.database.clone();
    let schema_cleanup = schema.clone();
    let nodes_cleanup = nodes.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        for node in &nodes_cleanup {
            node.shutdown();
        }
        if let Some(url) = &database_url {
            let mut client = postgres::Client::connect(url, postgres::NoTls)?;
            client.batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema_cleanup} CASCADE; DROP SCHEMA IF EXISTS {schema_cleanup}_copy CASCADE"
            ))?;
        }
        Ok(())
    })
    .await??;
    drop(dir);
    let report = outcome?;
    report.print(&args);
    Ok(())
}

struct Report {
    app_lists: usize,
    app_elapsed: Duration,
    app_latencies: Vec<Duration>,
    http_lists: usize,
    http_failures: usize,
    http_elapsed: Duration,
    http_latencies: Vec<Duration>,
    raw: RawOutcome,
    ceiling_name: &'static str,
    movements_verified: usize,
    writer: chuanyu_store::WriterStats,
}

impl Report {
    fn print(&self, args: &LedgerLoadArgs) {
        let backend = if args.database.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        };
        let app_rate = (self.app_lists * args.lines) as f64 / self.app_elapsed.as_secs_f64();
        let http_rate = (self.http_lists * args.lines) as f64 / self.http_elapsed.as_secs_f64();
        let raw_rate = self.raw.lines as f64 / self.raw.elapsed.as_secs_f64();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!("| measure | value |");
        println!("|---|---|");
        println!(
            "| setup | one book, {} items, {} node(s) on {backend}, {} concurrent tasks/clients, {}-line lists (first-line entry and exit alternating, declared 0 → 1) |",
            args.items, args.nodes, args.clients, args.lines
        );
        println!(
            "| application layer: lists booked | {} ({} lines) |",
            self.app_lists,
            self.app_lists * args.lines
        );
        println!("| application layer durable lines/s | {app_rate:.0} |");
        println!(
            "| application layer latency per list p50 / p99 | {:.1} ms / {:.1} ms |",
            ms(percentile(&self.app_latencies, 0.50)),
            ms(percentile(&self.app_latencies, 0.99))
        );
        println!(
            "| HTTP: lists booked (failures) | {} ({}) |",
            self.http_lists, self.http_failures
        );
        println!("| HTTP durable lines/s | {http_rate:.0} |");
        println!(
            "| HTTP latency per list p50 / p99 | {:.1} ms / {:.1} ms |",
            ms(percentile(&self.http_latencies, 0.50)),
            ms(percentile(&self.http_latencies, 0.99))
        );
        println!(
            "| {}: same {} lists, {} rows ({} balance updates) | {raw_rate:.0} lines/s |",
            self.ceiling_name, self.raw.lists, self.raw.rows, self.raw.lines
        );
        println!(
            "| application layer / ceiling | {:.2}x |",
            app_rate / raw_rate
        );
        println!("| HTTP / ceiling | {:.2}x |", http_rate / raw_rate);
        println!(
            "| group commit: writer jobs per transaction | {:.1} ({} jobs, {} transactions, {} re-runs after lost races) |",
            self.writer.jobs as f64 / self.writer.batches.max(1) as f64,
            self.writer.jobs,
            self.writer.batches,
            self.writer.retries
        );
        println!(
            "| ledger verify (replay of {} movements) | no difference |",
            self.movements_verified
        );
    }
}

async fn measure(
    args: &LedgerLoadArgs,
    nodes: &[Arc<App>],
    dir: &tempfile::TempDir,
) -> anyhow::Result<Report> {
    let app = nodes[0].clone();
    app.seed_demo().await.map_err(app_error)?;
    // One zone operator and one officer of Chengdu.
    let mut keys = HashMap::new();
    for (code, name, role) in [
        (OPERATOR, "Loadgen Bonded Zone Operator", Role::ZoneOperator),
        (OFFICER, "Loadgen Officer", Role::Officer),
    ] {
        let party = NewParty {
            code: code.into(),
            name: name.into(),
            role,
            district: Some("7900".into()),
            uscc: None,
            aeo_level: "none".into(),
            partner_mra_aeo: false,
        };
        let node = app.clone();
        let key =
            tokio::task::spawn_blocking(move || node.add_party_blocking(&Actor::system(), party))
                .await?
                .map_err(app_error)?;
        keys.insert(code, key);
    }
    let actor = |code: &str, role: Role| Actor {
        code: code.into(),
        name: code.into(),
        role,
        district: Some("7900".into()),
    };
    let operator = actor(OPERATOR, Role::ZoneOperator);
    let officer = actor(OFFICER, Role::Officer);

    // The book and its items, 1,000 per request.
    let item = |i: usize| BookItemInput {
        material_no: material(i),
        hs_code: "8471300000".into(),
        name: format!("goods {i}"),
        unit: "007".into(),
        origin_country: "JPN".into(),
    };
    let chunk = chuanyu_app::ledger::LEDGER_ITEMS_PER_REQUEST_MAX;
    app.open_book(
        &officer,
        OpenBookRequest {
            id: BOOK.into(),
            enterprise_code: OPERATOR.into(),
            place_kind: PlaceKind::ComprehensiveBondedZone,
            district: None,
            document: LedgerDocument {
                code: "approval".into(),
                number: "LG-2026-001".into(),
            },
            items: (0..args.items.min(chunk)).map(item).collect(),
        },
        None,
    )
    .await
    .map_err(app_error)?;
    let mut start = chunk;
    while start < args.items {
        let end = (start + chunk).min(args.items);
        app.record_items(
            &operator,
            BOOK,
            RecordItemsRequest {
                document: LedgerDocument {
                    code: "filing".into(),
                    number: format!("F-{start}"),
                },
                items: (start..end).map(item).collect(),
            },
            None,
        )
        .await
        .map_err(app_error)?;
        start = end;
    }
    // Stock for every exit of both phases: a stocktake increase the officer approves (0 → 2).
    let total_lists = 2 * args.lists;
    // (Generous: every exit of the run may fall on the same item.)
    let stock = Decimal::from(total_lists.div_ceil(2) + 1);
    let mut start = 0;
    while start < args.items {
        let end = (start + args.lines).min(args.items);
        app.book_list(
            &officer,
            BOOK,
            BookingListRequest {
                id: format!("STOCK-{start:06}"),
                kind: BookingListKind::StocktakeIncrease,
                document: LedgerDocument {
                    code: "decision".into(),
                    number: format!("D-{start}"),
                },
                deduct_now: None,
                lines: (start..end)
                    .enumerate()
                    .map(|(j, m)| BookingLineInput {
                        line_no: j as u32 + 1,
                        material_no: material(m),
                        quantity: stock,
                    })
                    .collect(),
            },
            None,
        )
        .await
        .map_err(app_error)?;
        start = end;
    }
    for node in &nodes[1..] {
        let node = node.clone();
        tokio::task::spawn_blocking(move || node.refresh_engines())
            .await?
            .map_err(app_error)?;
    }
    let writer_before = writer_stats(nodes);

    // (1) The application layer: `clients` tasks call the use case directly.
    let requests: Arc<Vec<BookingListRequest>> = Arc::new(
        (0..args.lists)
            .map(|g| measured_list(g, args.lines, args.items))
            .collect(),
    );
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..args.clients {
        let (requests, node, operator) = (
            requests.clone(),
            nodes[client % nodes.len()].clone(),
            operator.clone(),
        );
        let clients = args.clients;
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut index = client;
            while index < requests.len() {
                let sent = Instant::now();
                node.book_list(&operator, BOOK, requests[index].clone(), None)
                    .await
                    .map_err(|e| anyhow::anyhow!("list {index}: {e}"))?;
                latencies.push(sent.elapsed());
                index += clients;
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut app_latencies = Vec::new();
    for task in tasks {
        app_latencies.extend(task.await??);
    }
    let app_elapsed = started.elapsed();
    app_latencies.sort();
    let app_lists = app_latencies.len();

    // (2) HTTP: `clients` clients post the next lists to the real servers.
    let mut urls = Vec::new();
    let mut servers = Vec::new();
    let mut stops = Vec::new();
    for node in nodes {
        let listener = chuanyu_server::listen("127.0.0.1:0").await?;
        urls.push(format!(
            "http://{}/api/v1/account-books/{BOOK}/booking-lists",
            listener.local_addr()?
        ));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        stops.push(stop);
        servers.push(tokio::spawn(chuanyu_server::serve(
            node.clone(),
            chuanyu_server::Limits::default(),
            listener,
            async {
                let _ = stopped.await;
            },
        )));
    }
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new(
        (args.lists..total_lists)
            .map(|g| {
                serde_json::to_vec(&measured_list(g, args.lines, args.items)).expect("serialize")
            })
            .collect(),
    );
    let key = keys[OPERATOR].clone();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..args.clients {
        let (bodies, url, key) = (
            bodies.clone(),
            urls[client % urls.len()].clone(),
            key.clone(),
        );
        let clients = args.clients;
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut latencies = Vec::new();
            let mut failures = 0usize;
            let mut index = client;
            while index < bodies.len() {
                let sent = Instant::now();
                let response = http
                    .post(&url)
                    .bearer_auth(&key)
                    .header("content-type", "application/json")
                    .body(bodies[index].clone())
                    .send()
                    .await;
                match response {
                    Ok(r) if r.status().as_u16() == 201 => {
                        let _ = r.bytes().await;
                        latencies.push(sent.elapsed());
                    }
                    Ok(r) => {
                        failures += 1;
                        if failures <= 3 {
                            eprintln!(
                                "unexpected {}: {}",
                                r.status(),
                                r.text()
                                    .await
                                    .unwrap_or_default()
                                    .chars()
                                    .take(400)
                                    .collect::<String>()
                            );
                        }
                    }
                    Err(e) => {
                        failures += 1;
                        if failures <= 3 {
                            eprintln!("request failed: {e}");
                        }
                    }
                }
                index += clients;
            }
            (latencies, failures)
        }));
    }
    let mut http_latencies = Vec::new();
    let mut http_failures = 0;
    for task in tasks {
        let (l, f) = task.await?;
        http_latencies.extend(l);
        http_failures += f;
    }
    let http_elapsed = started.elapsed();
    http_latencies.sort();
    let http_lists = http_latencies.len();
    let writer_after = writer_stats(nodes);
    for stop in stops {
        let _ = stop.send(());
    }
    for server in servers {
        server.await??;
    }
    anyhow::ensure!(http_failures == 0, "{http_failures} HTTP lists failed");

    // The run is consistent: replay every movement and compare with the stored state.
    let verifier = app.clone();
    let report = tokio::task::spawn_blocking(move || {
        chuanyu_app::ledger::verify::verify_ledger(verifier.store())
    })
    .await?
    .map_err(app_error)?;
    anyhow::ensure!(
        report.problems.is_empty(),
        "ledger verify found {} difference(s), first: {:?}",
        report.problems.len(),
        report.problems.first()
    );

    // (3) The ceiling of the same rows, off the async threads.
    let database_url = args.database.clone();
    let schema = format!("loadgen_ledger_{}", std::process::id());
    let (raw_batch, lines, items) = (args.raw_batch, args.lines, args.items);
    let served_db = dir
        .path()
        .join("server")
        .join(chuanyu_store::DATABASE_FILE_NAME);
    let raw_dir = dir.path().join("raw");
    let (raw, ceiling_name) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        Ok(match &database_url {
            None => (
                raw_ceiling(&served_db, &raw_dir, raw_batch, lines, items)?,
                "raw SQLite ceiling (batched INSERT/UPDATE transactions)",
            ),
            Some(url) => (
                copy_ceiling(url, &schema, lines, items)?,
                "PostgreSQL ceiling (COPY of lists, movements, audit events; one array UPDATE of balances per list; one transaction)",
            ),
        })
    })
    .await??;

    Ok(Report {
        app_lists,
        app_elapsed,
        app_latencies,
        http_lists,
        http_failures,
        http_elapsed,
        http_latencies,
        raw,
        ceiling_name,
        movements_verified: report.movements,
        writer: chuanyu_store::WriterStats {
            jobs: writer_after.jobs - writer_before.jobs,
            batches: writer_after.batches - writer_before.batches,
            retries: writer_after.retries - writer_before.retries,
        },
    })
}

fn writer_stats(nodes: &[Arc<App>]) -> chuanyu_store::WriterStats {
    let mut writer = chuanyu_store::WriterStats::default();
    for node in nodes {
        let stats = node.store().writer_stats();
        writer.jobs += stats.jobs;
        writer.batches += stats.batches;
        writer.retries += stats.retries;
    }
    writer
}

struct RawOutcome {
    lists: usize,
    lines: usize,
    rows: usize,
    elapsed: Duration,
}

const LIST_COLUMNS: &str =
    "book_id, id, kind, body, progress, open_lines, created_by, created_at, updated_at";
const MOVEMENT_COLUMNS: &str = "book_id, seq, id, kind, document_code, document_number, body, request_hash, response, actor, at";
const AUDIT_COLUMNS: &str =
    "stream, seq, at, actor, action, from_state, to_state, reason, payload, prev_hash, hash";
const BOOK_COLUMNS: &str = "id, enterprise_code, place_kind, district, status, item_count, movement_seq, document_code, document_number, request_hash, opened_by, opened_at, updated_at";
const ITEM_COLUMNS: &str = "book_id, material_no, hs_code, name, unit, origin_country, available, pre_deducted, incoming, displayed, updated_at";

/// The filters selecting the measured lists' rows (lists, movements, audit events).
fn measured_filters() -> [(&'static str, &'static str, String); 3] {
    [
        (
            "ledger_lists",
            LIST_COLUMNS,
            format!(" WHERE id LIKE '{MEASURED_PREFIX}%' ORDER BY id"),
        ),
        (
            "ledger_movements",
            MOVEMENT_COLUMNS,
            format!(" WHERE id LIKE 'list/{MEASURED_PREFIX}%' ORDER BY seq"),
        ),
        (
            "audit_events",
            AUDIT_COLUMNS,
            format!(
                " WHERE stream = 'account-book/{BOOK}' AND payload LIKE '%\"movement_id\":\"list/{MEASURED_PREFIX}%' ORDER BY seq"
            ),
        ),
    ]
}

/// Insert the measured lists' rows the server stored (list, movement, audit event) and apply
/// their balance updates (one UPDATE per line) and book update into a fresh database of the
/// same schema holding the book and its items, `batch` lists per transaction, FULL sync.
fn raw_ceiling(
    source: &std::path::Path,
    target_dir: &std::path::Path,
    batch: usize,
    lines: usize,
    items: usize,
) -> anyhow::Result<RawOutcome> {
    let target_store = chuanyu_store::Store::open(target_dir, StoreOptions::default())?;
    let target_path = target_store
        .database_path()
        .expect("an embedded store")
        .to_path_buf();
    target_store.shutdown();
    let source = rusqlite::Connection::open(source)?;
    type Rows = Vec<Vec<rusqlite::types::Value>>;
    let select = |sql: String| -> anyhow::Result<Rows> {
        let mut statement = source.prepare(&sql)?;
        let columns = statement.column_count();
        Ok(statement
            .query_map([], |row| {
                (0..columns)
                    .map(|i| row.get::<_, rusqlite::types::Value>(i))
                    .collect()
            })?
            .collect::<Result<Vec<Vec<_>>, _>>()?)
    };
    let books = select(format!("SELECT {BOOK_COLUMNS} FROM ledger_books"))?;
    let item_rows = select(format!("SELECT {ITEM_COLUMNS} FROM ledger_items"))?;
    let mut measured = Vec::new();
    for (table, columns, filter) in measured_filters() {
        measured.push((
            table,
            columns,
            select(format!("SELECT {columns} FROM {table}{filter}"))?,
        ));
    }
    let lists = measured[0].2.len();
    anyhow::ensure!(
        measured.iter().all(|(_, _, rows)| rows.len() == lists),
        "every measured list has one movement and one audit event"
    );
    let mut target = rusqlite::Connection::open(&target_path)?;
    target.pragma_update(None, "journal_mode", "WAL")?;
    target.pragma_update(None, "synchronous", "FULL")?;
    // The book and its items exist before the lists (not timed).
    {
        let transaction = target.transaction()?;
        for (table, columns, rows) in [
            ("ledger_books", BOOK_COLUMNS, &books),
            ("ledger_items", ITEM_COLUMNS, &item_rows),
        ] {
            let placeholders = vec!["?"; columns.split(',').count()].join(", ");
            let mut statement = transaction.prepare(&format!(
                "INSERT INTO {table} ({columns}) VALUES ({placeholders})"
            ))?;
            for row in rows.iter() {
                statement.execute(rusqlite::params_from_iter(row.iter()))?;
            }
        }
        transaction.commit()?;
    }
    // The final balances (available, pre_deducted, incoming, displayed, updated_at) by material.
    let balances: HashMap<String, &[rusqlite::types::Value]> = item_rows
        .iter()
        .map(|r| match &r[1] {
            rusqlite::types::Value::Text(m) => (m.clone(), &r[6..11]),
            _ => (String::new(), &r[6..11]),
        })
        .collect();
    let book_row = books
        .iter()
        .find(|r| matches!(&r[0], rusqlite::types::Value::Text(id) if id == BOOK))
        .context("the book")?;
    let (movement_seq, updated_at) = (book_row[6].clone(), book_row[12].clone());
    let mut rows = 0usize;
    let started = Instant::now();
    let per_batch = batch.max(1);
    for first in (0..lists).step_by(per_batch) {
        let transaction = target.transaction()?;
        for list in first..(first + per_batch).min(lists) {
            for (table, columns, table_rows) in &measured {
                let placeholders = vec!["?"; columns.split(',').count()].join(", ");
                let mut statement = transaction.prepare_cached(&format!(
                    "INSERT INTO {table} ({columns}) VALUES ({placeholders})"
                ))?;
                statement.execute(rusqlite::params_from_iter(table_rows[list].iter()))?;
                rows += 1;
            }
            let mut update = transaction.prepare_cached(
                "UPDATE ledger_items SET available = ?, pre_deducted = ?, incoming = ?, displayed = ?, updated_at = ? WHERE book_id = ? AND material_no = ?",
            )?;
            for m in list_materials(list, lines, items) {
                let material_no = material(m);
                let b = balances.get(&material_no).context("a measured item")?;
                update.execute(rusqlite::params![
                    b[0],
                    b[1],
                    b[2],
                    b[3],
                    b[4],
                    BOOK,
                    material_no
                ])?;
                rows += 1;
            }
            transaction
                .prepare_cached(
                    "UPDATE ledger_books SET movement_seq = ?, updated_at = ? WHERE id = ?",
                )?
                .execute(rusqlite::params![movement_seq, updated_at, BOOK])?;
            rows += 1;
        }
        transaction.commit()?;
    }
    Ok(RawOutcome {
        lists,
        lines: lists * lines,
        rows,
        elapsed: started.elapsed(),
    })
}

/// COPY the measured lists' rows (lists, movements, audit events) into a fresh schema holding the
/// book and its items, and apply each list's balance updates (one UPDATE over arrays per list)
/// and book update, in one transaction: PostgreSQL's own ceiling for those rows.
fn copy_ceiling(url: &str, schema: &str, lines: usize, items: usize) -> anyhow::Result<RawOutcome> {
    let copy_schema = format!("{schema}_copy");
    let target = chuanyu_store::Store::open_postgres(
        url,
        StoreOptions {
            postgres_schema: Some(copy_schema.clone()),
            ..StoreOptions::default()
        },
    )?;
    target.shutdown();
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    let copy_out = |client: &mut postgres::Client, sql: String| -> anyhow::Result<Vec<u8>> {
        let mut csv = Vec::new();
        let mut reader = client.copy_out(&format!("COPY ({sql}) TO STDOUT WITH (FORMAT csv)"))?;
        std::io::Read::read_to_end(&mut reader, &mut csv)?;
        Ok(csv)
    };
    // The book and its items exist before the lists (not timed).
    for (table, columns) in [
        ("ledger_books", BOOK_COLUMNS),
        ("ledger_items", ITEM_COLUMNS),
    ] {
        let csv = copy_out(
            &mut client,
            format!("SELECT {columns} FROM {schema}.{table}"),
        )?;
        let mut writer = client.copy_in(&format!(
            "COPY {copy_schema}.{table} ({columns}) FROM STDIN WITH (FORMAT csv)"
        ))?;
        std::io::Write::write_all(&mut writer, &csv)?;
        writer.finish()?;
    }
    let mut data = Vec::new();
    let mut lists = 0;
    let mut rows = 0;
    for (table, columns, filter) in measured_filters() {
        let csv = copy_out(
            &mut client,
            format!("SELECT {columns} FROM {schema}.{table}{filter}"),
        )?;
        let count = csv.iter().filter(|b| **b == b'\n').count();
        if table == "ledger_lists" {
            lists = count;
        }
        rows += count;
        data.push((table, columns, csv));
    }
    let balances: HashMap<String, [String; 5]> = client
        .query(
            &format!(
                "SELECT material_no, available, pre_deducted, incoming, displayed, updated_at FROM {schema}.ledger_items WHERE book_id = $1"
            ),
            &[&BOOK],
        )?
        .iter()
        .map(|r| (r.get(0), [r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)]))
        .collect();
    let book = client.query_one(
        &format!("SELECT movement_seq, updated_at FROM {schema}.ledger_books WHERE id = $1"),
        &[&BOOK],
    )?;
    let (movement_seq, updated_at): (i64, String) = (book.get(0), book.get(1));
    // The per-list update arrays, prepared before the clock starts.
    let mut updates = Vec::with_capacity(lists);
    for list in 0..lists {
        let mut columns: [Vec<String>; 6] = Default::default();
        for m in list_materials(list, lines, items) {
            let material_no = material(m);
            let b = balances.get(&material_no).context("a measured item")?;
            for (k, value) in b.iter().enumerate() {
                columns[k + 1].push(value.clone());
            }
            columns[0].push(material_no);
        }
        updates.push(columns);
    }
    let started = Instant::now();
    let mut transaction = client.transaction()?;
    for (table, columns, csv) in &data {
        let mut writer = transaction.copy_in(&format!(
            "COPY {copy_schema}.{table} ({columns}) FROM STDIN WITH (FORMAT csv)"
        ))?;
        std::io::Write::write_all(&mut writer, csv)?;
        writer.finish()?;
    }
    let update = transaction.prepare(&format!(
        "UPDATE {copy_schema}.ledger_items AS i SET available = v.a, pre_deducted = v.p, incoming = v.n, displayed = v.d, updated_at = v.u \
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS v(m, a, p, n, d, u) \
         WHERE i.book_id = $7 AND i.material_no = v.m"
    ))?;
    let book_update = transaction.prepare(&format!(
        "UPDATE {copy_schema}.ledger_books SET movement_seq = $1, updated_at = $2 WHERE id = $3"
    ))?;
    for columns in &updates {
        rows += transaction.execute(
            &update,
            &[
                &columns[0],
                &columns[1],
                &columns[2],
                &columns[3],
                &columns[4],
                &columns[5],
                &BOOK,
            ],
        )? as usize;
        rows += transaction.execute(&book_update, &[&movement_seq, &updated_at, &BOOK])? as usize;
    }
    transaction.commit()?;
    Ok(RawOutcome {
        lists,
        lines: lists * lines,
        rows,
        elapsed: started.elapsed(),
    })
}
