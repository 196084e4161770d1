//! `chuanyu loadgen`: lodges 20-item declarations through the real HTTP server with N concurrent
//! clients, reports throughput and latency, and measures the raw SQLite ceiling of the same rows
//! inserted directly in batched transactions, in the same run.

use anyhow::Context;
use chuanyu_app::views::{CreateDeclarationRequest, DeclarationDto, DocumentDto, ItemDto};
use chuanyu_app::{App, AppOptions, Database};
use chuanyu_store::StoreOptions;
use clap::Args;
use rust_decimal::Decimal;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Args, Debug, Clone)]
pub struct LoadgenArgs {
    /// Concurrent HTTP clients.
    #[arg(long, default_value_t = 64)]
    pub clients: usize,
    /// Declarations to lodge in all.
    #[arg(long, default_value_t = 20_000)]
    pub declarations: usize,
    /// Items per declaration (1..=50).
    #[arg(long, default_value_t = 20)]
    pub items: usize,
    /// Rows per transaction of the raw SQLite ceiling.
    #[arg(long, default_value_t = 512)]
    pub raw_batch: usize,
    /// Run on a shared PostgreSQL database (postgres://…) instead of a temporary SQLite one.
    #[arg(long)]
    pub database: Option<String>,
    /// Application nodes (each with its own writer and HTTP server) on the shared database.
    #[arg(long, default_value_t = 1)]
    pub nodes: usize,
    /// Stop after this many seconds even if not all declarations were sent.
    #[arg(long, default_value_t = 120)]
    pub seconds_max: u64,
}

/// Open `count` application nodes on one database: a fresh SQLite in `data_dir`, or a shared
/// PostgreSQL (`database_url`) in its own `schema`. Several nodes need the shared database.
pub(crate) async fn open_nodes(
    database_url: Option<&str>,
    count: usize,
    data_dir: &std::path::Path,
    schema: &str,
) -> anyhow::Result<Vec<Arc<App>>> {
    anyhow::ensure!((1..=8).contains(&count), "--nodes must be 1..=8");
    anyhow::ensure!(
        count == 1 || database_url.is_some(),
        "several --nodes need a shared --database"
    );
    let database = match database_url {
        Some(url) => Database::Postgres(url.to_string()),
        None => Database::Embedded(data_dir.to_path_buf()),
    };
    let mut nodes = Vec::new();
    for _ in 0..count {
        let options = AppOptions {
            store: StoreOptions {
                postgres_schema: database_url.map(|_| schema.to_string()),
                ..StoreOptions::default()
            },
            ..AppOptions::default()
        };
        let database = database.clone();
        let app = tokio::task::spawn_blocking(move || App::open_database(&database, options))
            .await?
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        nodes.push(Arc::new(app));
    }
    Ok(nodes)
}

/// A deterministic declaration: `items` items drawn from the sample tariff.
fn declaration(index: usize, items: usize, codes: &[(String, String)]) -> DeclarationDto {
    let mut lines = Vec::with_capacity(items);
    let mut total = Decimal::ZERO;
    for item in 0..items {
        let (code, legal_unit) = &codes[(index * 7 + item * 13) % codes.len()];
        let quantity = Decimal::from(1 + (index + item) % 40);
        let unit_price = Decimal::new(1000 + ((index * 31 + item * 17) % 90_000) as i64, 2);
        let line_total = unit_price * quantity;
        total += line_total;
        lines.push(ItemDto {
            hs_code: code.clone(),
            description: format!("load item {item} of declaration {index}"),
            quantity,
            unit: "007".into(),
            legal_quantity: quantity,
            legal_unit: legal_unit.clone(),
            unit_price,
            total: line_total,
            origin_country: ["JPN", "DEU", "USA", "KOR", "FRA"][(index + item) % 5].into(),
        });
    }
    DeclarationDto {
        ie_flag: "I".into(),
        customs_office: if index.is_multiple_of(2) {
            "7901"
        } else {
            "8001"
        }
        .into(),
        declarant_code: "5101230001".into(),
        trader_code: "5101980002".into(),
        trade_mode: "0110".into(),
        transport_mode: "5".into(),
        transport_means: format!("CA{}", 1000 + index % 9000),
        bill_of_lading: format!("999-{index:08}"),
        trading_country: "JPN".into(),
        partner_country: "JPN".into(),
        currency: "USD".into(),
        freight: Decimal::new(15000, 2),
        insurance: Decimal::new(2000, 2),
        packages: 1 + (index % 20) as u32,
        gross_weight_kg: Decimal::new(1050 + (index % 400) as i64, 1),
        net_weight_kg: Decimal::new(1000 + (index % 400) as i64, 1),
        total_value: total,
        certificate_of_origin: None,
        documents: vec![DocumentDto {
            code: "N".into(),
            number: format!("INV-{index}"),
        }],
        items: lines,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank]
}

pub async fn run(args: LoadgenArgs) -> anyhow::Result<()> {
    anyhow::ensure!((1..=50).contains(&args.items), "--items must be 1..=50");
    anyhow::ensure!(
        args.clients >= 1 && args.declarations >= args.clients,
        "need at least one declaration per client"
    );
    let dir = tempfile::tempdir()?;
    // A PostgreSQL run works in a schema of its own, dropped at the end.
    let schema = format!("loadgen_{}", std::process::id());
    let nodes = open_nodes(
        args.database.as_deref(),
        args.nodes,
        &dir.path().join("server"),
        &schema,
    )
    .await?;
    let app = nodes[0].clone();
    let keys = app.seed_demo().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    for node in &nodes[1..] {
        let node = node.clone();
        tokio::task::spawn_blocking(move || node.refresh_engines())
            .await?
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let key = keys
        .iter()
        .find(|k| k.code == "5101230001")
        .context("demo declarant")?
        .key
        .clone();
    let state = app.tariff_state();
    let tariff = state.tariff.as_ref().context("sample tariff")?;
    let codes: Vec<(String, String)> = tariff
        .lines()
        .map(|line| {
            (
                line.code().as_str().to_string(),
                line.first_legal_unit().code().to_string(),
            )
        })
        .filter(|(code, unit)| {
            app.reference().has_hs6(&code[..6]) && app.reference().has_unit(unit)
        })
        .collect();
    anyhow::ensure!(
        !codes.is_empty(),
        "the sample tariff has no line in the HS nomenclature"
    );

    let mut urls = Vec::new();
    let mut servers = Vec::new();
    let mut stops = Vec::new();
    for node in &nodes {
        let listener = chuanyu_server::listen("127.0.0.1:0").await?;
        urls.push(format!(
            "http://{}/api/v1/declarations",
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
        (0..args.declarations)
            .map(|i| {
                serde_json::to_vec(&CreateDeclarationRequest {
                    declaration: declaration(i, args.items, &codes),
                    lodge: true,
                })
                .expect("serialize")
            })
            .collect(),
    );
    let deadline = Instant::now() + Duration::from_secs(args.seconds_max);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..args.clients {
        // Clients are spread over the nodes.
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
            while index < bodies.len() && Instant::now() < deadline {
                let sent = Instant::now();
                let response = http
                    .post(&url)
                    .bearer_auth(&key)
                    .header("content-type", "application/json")
                    .header("idempotency-key", format!("load-{index}"))
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
                                r.text().await.unwrap_or_default()
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
    let mut latencies = Vec::new();
    let mut failures = 0;
    for task in tasks {
        let (l, f) = task.await?;
        latencies.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed();
    let mut writer = chuanyu_store::WriterStats::default();
    for node in &nodes {
        let stats = node.store().writer_stats();
        writer.jobs += stats.jobs;
        writer.batches += stats.batches;
        writer.retries += stats.retries;
    }
    for stop in stops {
        let _ = stop.send(());
    }
    for server in servers {
        server.await??;
    }
    latencies.sort();
    let lodged = latencies.len();
    let http_rate = lodged as f64 / elapsed.as_secs_f64();
    // Numbers stay gap-free per office whichever node lodged (checked, not assumed).
    let reader = app.clone();
    let numbers = tokio::task::spawn_blocking(move || {
        reader
            .store()
            .read(|tx| tx.declarations(&chuanyu_store::Visibility::All, None, u32::MAX))
    })
    .await??;
    let mut per_office: std::collections::BTreeMap<String, Vec<u64>> = Default::default();
    for row in &numbers {
        if let Some(number) = &row.number {
            per_office
                .entry(row.customs_office.clone())
                .or_default()
                .push(number[9..].parse()?);
        }
    }
    for (office, mut sequence) in per_office {
        sequence.sort();
        anyhow::ensure!(
            sequence.iter().copied().eq(1..=sequence.len() as u64),
            "office {office}: declaration numbers are not gap-free"
        );
    }

    // The ceilings and the clean-up use synchronous database clients: off the async threads.
    let database_url = args.database.clone();
    let raw_batch = args.raw_batch;
    let (raw, ceiling_name) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let outcome = match &database_url {
            None => {
                // The stored rows of the HTTP run are the rows of the raw ceiling: copy them out first.
                let served_db = dir.path().join("server").join(chuanyu_store::DATABASE_FILE_NAME);
                (
                    raw_ceiling(&served_db, &dir.path().join("raw"), raw_batch)?,
                    "raw SQLite ceiling (batched INSERT transactions)",
                )
            }
            Some(url) => (copy_ceiling(url, &schema)?, "PostgreSQL COPY ceiling (COPY FROM STDIN, one transaction)"),
        };
        for node in &nodes {
            node.shutdown();
        }
        if let Some(url) = &database_url {
            let mut client = postgres::Client::connect(url, postgres::NoTls)?;
            client.batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; DROP SCHEMA IF EXISTS {schema}_copy CASCADE"
            ))?;
        }
        Ok(outcome)
    })
    .await??;
    let raw_rate = raw.declarations as f64 / raw.elapsed.as_secs_f64();

    let backend = if args.database.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| declarations lodged through HTTP ({} items each, {} clients, {} node(s) on {backend}) | {lodged} |",
        args.items, args.clients, args.nodes
    );
    println!("| failures | {failures} |");
    println!("| HTTP durable lodgements/s | {http_rate:.0} |");
    println!(
        "| HTTP latency p50 | {:.2} ms |",
        percentile(&latencies, 0.50).as_secs_f64() * 1e3
    );
    println!(
        "| HTTP latency p99 | {:.2} ms |",
        percentile(&latencies, 0.99).as_secs_f64() * 1e3
    );
    println!(
        "| {ceiling_name}: same {} declarations, {} rows | {raw_rate:.0} declarations/s |",
        raw.declarations, raw.rows
    );
    println!("| HTTP / ceiling | {:.2}x |", http_rate / raw_rate);
    println!(
        "| group commit: writer jobs per transaction | {:.1} ({} jobs, {} transactions, {} re-runs after lost races) |",
        writer.jobs as f64 / writer.batches.max(1) as f64,
        writer.jobs,
        writer.batches,
        writer.retries
    );
    Ok(())
}

/// The declaration tables the ceilings copy, with their columns.
const LOAD_TABLES: [(&str, &str); 5] = [
    (
        "declarations",
        "id, number, customs_office, district, ie_flag, declarant_code, trader_code, state, lane, current_version, tax_payable, assessment_seq, tax_seq, created_at, updated_at, lodged_at",
    ),
    (
        "declaration_versions",
        "declaration_id, version, body, created_at, created_by",
    ),
    (
        "audit_events",
        "stream, seq, at, actor, action, from_state, to_state, reason, payload, prev_hash, hash",
    ),
    (
        "idempotency_keys",
        "party_code, key, request_hash, status, response, created_at",
    ),
    ("declaration_sequences", "customs_office, year, last"),
];

/// COPY the rows the server stored (declaration streams only) into a fresh schema of the same
/// shape, in one transaction: PostgreSQL's own ceiling for those rows.
fn copy_ceiling(url: &str, schema: &str) -> anyhow::Result<RawOutcome> {
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
    let mut data = Vec::new();
    let mut rows = 0usize;
    let mut declarations = 0usize;
    for (table, columns) in LOAD_TABLES {
        let filter = if table == "audit_events" {
            " WHERE stream LIKE 'declaration/%'"
        } else {
            ""
        };
        let mut csv = Vec::new();
        let mut writer = client.copy_out(&format!(
            "COPY (SELECT {columns} FROM {schema}.{table}{filter}) TO STDOUT WITH (FORMAT csv)"
        ))?;
        std::io::Read::read_to_end(&mut writer, &mut csv)?;
        let count = csv.iter().filter(|b| **b == b'\n').count();
        if table == "declarations" {
            declarations = count;
        }
        rows += count;
        data.push((table, columns, csv));
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
    transaction.commit()?;
    Ok(RawOutcome {
        declarations,
        rows,
        elapsed: started.elapsed(),
    })
}

struct RawOutcome {
    declarations: usize,
    rows: usize,
    elapsed: Duration,
}

/// Insert the very rows the server stored (declarations, versions, audit events, idempotency
/// records) into a fresh database of the same schema, in batched transactions, FULL sync.
fn raw_ceiling(
    source: &std::path::Path,
    target_dir: &std::path::Path,
    batch: usize,
) -> anyhow::Result<RawOutcome> {
    let target_store =
        chuanyu_store::Store::open(target_dir, chuanyu_store::StoreOptions::default())?;
    let target_path = target_store
        .database_path()
        .expect("an embedded store")
        .to_path_buf();
    target_store.shutdown();
    let source = rusqlite::Connection::open(source)?;
    let tables = [
        "declarations",
        "declaration_versions",
        "audit_events",
        "idempotency_keys",
        "declaration_sequences",
    ];
    let mut data: Vec<(String, Vec<Vec<rusqlite::types::Value>>)> = Vec::new();
    for table in tables {
        let mut statement = source.prepare(&format!("SELECT * FROM {table}"))?;
        let columns = statement.column_count();
        let rows = statement
            .query_map([], |row| {
                (0..columns)
                    .map(|i| row.get::<_, rusqlite::types::Value>(i))
                    .collect()
            })?
            .collect::<Result<Vec<Vec<_>>, _>>()?;
        let filtered = if table == "audit_events" {
            // Only the declarations' streams: the seed events are not part of the lodgement load.
            rows.into_iter()
                .filter(|r| matches!(&r[0], rusqlite::types::Value::Text(s) if s.starts_with("declaration/")))
                .collect()
        } else {
            rows
        };
        data.push((table.to_string(), filtered));
    }
    let declarations = data[0].1.len();
    let mut target = rusqlite::Connection::open(&target_path)?;
    target.pragma_update(None, "journal_mode", "WAL")?;
    target.pragma_update(None, "synchronous", "FULL")?;
    let rows: usize = data.iter().map(|(_, r)| r.len()).sum();
    let started = Instant::now();
    // Interleave per declaration share so each transaction carries `batch` declarations' rows.
    let per_batch = batch.max(1);
    let chunks = declarations.div_ceil(per_batch).max(1);
    for chunk in 0..chunks {
        let transaction = target.transaction()?;
        for (table, table_rows) in &data {
            let per_chunk = table_rows.len().div_ceil(chunks);
            let start = (chunk * per_chunk).min(table_rows.len());
            let end = ((chunk + 1) * per_chunk).min(table_rows.len());
            if start == end {
                continue;
            }
            let placeholders = vec!["?"; table_rows[start].len()].join(", ");
            let mut statement = transaction.prepare_cached(&format!(
                "INSERT OR REPLACE INTO {table} VALUES ({placeholders})"
            ))?;
            for row in &table_rows[start..end] {
                statement.execute(rusqlite::params_from_iter(row.iter()))?;
            }
        }
        transaction.commit()?;
    }
    Ok(RawOutcome {
        declarations,
        rows,
        elapsed: started.elapsed(),
    })
}
