//! The `chuanyu` binary: `serve`, administration commands on a data directory, and `loadgen`.

mod config;

/// mimalloc instead of glibc's malloc: allocation was ≈ 13 % of the CPU of a signed CBEC run
/// (`perf`), spread over HTTP, XML and SQLite (BENCHMARKS.md, CBEC clearance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
mod loadgen;
mod loadgen_cbec;
mod loadgen_ledger;
mod rawhttp;

use anyhow::Context;
use chuanyu_app::parties::NewParty;
use chuanyu_app::tariffs::TariffFileKind;
use chuanyu_app::views::RuleSetUpload;
use chuanyu_app::{Actor, App, AppError, AppOptions, Database};
use chuanyu_domain::Role;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "chuanyu",
    version,
    about = "chuanyu (川渝) smart-customs platform"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DataDir {
    /// The data directory (its SQLite database is chuanyu.db).
    #[arg(long, env = "CHUANYU_DATA_DIR", default_value = "./chuanyu-data")]
    data_dir: PathBuf,
    /// A shared PostgreSQL database instead of the embedded one (postgres://user@host/db).
    #[arg(long, env = "CHUANYU_DATABASE")]
    database: Option<String>,
}

impl DataDir {
    fn database(&self) -> anyhow::Result<Database> {
        Database::choose(&self.data_dir, self.database.as_deref()).map_err(report)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Start the platform (HTTP API under /api/v1) on the embedded database.
    Serve {
        /// Data directory [default: ./chuanyu-data; env CHUANYU_DATA_DIR].
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Address to listen on [default: 127.0.0.1:8080; env CHUANYU_LISTEN].
        #[arg(long)]
        listen: Option<String>,
        /// Run on a shared PostgreSQL database (postgres://…) instead of the embedded SQLite
        /// [env CHUANYU_DATABASE]. Several `serve` processes may share one database.
        #[arg(long)]
        database: Option<String>,
        /// A TOML file with any of: data_dir, listen, database, body_bytes_max, batch_jobs_max, page_size_max, ceb_signatures, cbec_documents_wait_s, duty_free_allowance_fen.
        #[arg(long, env = "CHUANYU_CONFIG")]
        config: Option<PathBuf>,
        /// Seed demo parties (printing their keys), the sample tariff and the starter rule set.
        #[arg(long)]
        demo: bool,
        /// Verify the XML-DSig signatures of CEB messages against the senders' registered
        /// keys; `appStatus` 2 requires one [default: on; env CHUANYU_CEB_SIGNATURES].
        #[arg(long, value_enum)]
        ceb_signatures: Option<config::Switch>,
    },
    /// Parties and their API keys.
    Party {
        #[command(subcommand)]
        command: PartyCommand,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Bonded account books.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// Cross-border e-commerce: the monthly tax settlement of a withholding agent.
    Cbec {
        #[command(subcommand)]
        command: CbecCommand,
    },
    /// The tariff and customs exchange rates.
    Tariff {
        #[command(subcommand)]
        command: TariffCommand,
    },
    /// Tax quotes.
    Tax {
        #[command(subcommand)]
        command: TaxCommand,
    },
    /// Risk rule sets.
    Risk {
        #[command(subcommand)]
        command: RiskCommand,
    },
    /// Create or upgrade the schema of a database (the embedded one, or --database URL), then exit.
    Migrate {
        #[command(flatten)]
        data: DataDir,
    },
    /// Copy every table of an embedded installation into an empty PostgreSQL database, then
    /// verify the audit chains there. The source is left unchanged.
    Copy {
        #[command(flatten)]
        data: DataDir,
        /// The target database (postgres://…); it must have no declarations yet.
        #[arg(long)]
        to_database: String,
    },
    /// Load generator: lodges declarations through a real HTTP server and measures, next to the raw SQLite ceiling.
    Loadgen(loadgen::LoadgenArgs),
    /// Load generator for the bonded account books: booking lines through the application layer and HTTP, next to the raw ceiling.
    LoadgenLedger(loadgen_ledger::LedgerLoadArgs),
    /// Load generator for CBEC clearance: signed parcels (311, 411, 511, 621) through a real HTTP server, signatures on and off, next to the parse and verify ceilings.
    LoadgenCbec(loadgen_cbec::CbecLoadArgs),
}

#[derive(Subcommand)]
enum PartyCommand {
    /// Register a party; prints its new API key as the last line.
    Add {
        #[command(flatten)]
        data: DataDir,
        /// 10-character customs code for enterprises; an id like officer-7900-001 for customs staff.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// declarant, trader, platform, logistics, payment, guarantor, zone-operator, officer, risk-analyst, admin, partner
        #[arg(long)]
        role: String,
        /// Customs district (7900, 8000); required for officers.
        #[arg(long)]
        district: Option<String>,
        /// Unified social credit code (18 characters, check character validated).
        #[arg(long)]
        uscc: Option<String>,
        /// AEO level: none, general, advanced.
        #[arg(long, default_value = "none")]
        aeo: String,
        /// The enterprise is an AEO of a partner administration under mutual recognition.
        #[arg(long)]
        partner_mra_aeo: bool,
    },
    /// List parties.
    List {
        #[command(flatten)]
        data: DataDir,
    },
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// Replay every book's movements and compare with the stored balances, line states and
    /// status; exits 1 on any difference.
    Verify {
        #[command(flatten)]
        data: DataDir,
    },
    /// List spare-part obligations (repair returns, exchange replacements) past their deadline,
    /// earliest first, each with its reason; exits 1 when any is overdue.
    Overdue {
        /// Compare deadlines with this day (China date) [default: today].
        #[arg(long)]
        as_of: Option<String>,
        /// Only this customs district's (as its officers see them) [default: all].
        #[arg(long)]
        district: Option<String>,
        /// Print the whole answer as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataDir,
    },
}

#[derive(Subcommand)]
enum CbecCommand {
    /// Settle what a withholding agent (assureCode) owes for the lists released in a month,
    /// once their 30-day return window is over: the bills are paid, their guarantee
    /// reservations released, CEB816 status 2 sent to the agent. Settling a month twice
    /// changes nothing.
    Settle {
        /// The withholding agent's code (the lists' assureCode).
        #[arg(long)]
        assure_code: String,
        /// The China calendar month the lists were released in, YYYY-MM.
        #[arg(long)]
        month: String,
        #[command(flatten)]
        data: DataDir,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check every hash chain; exits 1 on any altered, missing or reordered event.
    Verify {
        #[command(flatten)]
        data: DataDir,
    },
}

#[derive(Subcommand)]
enum TariffCommand {
    /// Import a tariff CSV (see crates/tariff/TARIFF-FORMAT.md); all rows or none.
    Import {
        file: PathBuf,
        #[command(flatten)]
        data: DataDir,
    },
    /// Import monthly customs exchange rates (CSV: month,currency,rate).
    Rates {
        file: PathBuf,
        #[command(flatten)]
        data: DataDir,
    },
    /// Show a tariff line with all its rates.
    Show {
        code: String,
        #[command(flatten)]
        data: DataDir,
    },
}

#[derive(Subcommand)]
enum TaxCommand {
    /// Quote the tax of a declaration draft (JSON file, the `declaration` shape of the API).
    Quote {
        file: PathBuf,
        #[command(flatten)]
        data: DataDir,
    },
}

#[derive(Subcommand)]
enum RiskCommand {
    /// Compile a rule-set file and list every error with line:column.
    Check { file: PathBuf },
    /// Upload a rule set (validated) to the store.
    Upload {
        file: PathBuf,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        data: DataDir,
    },
    /// Activate a stored rule-set version (retires the active one).
    Activate {
        version: i64,
        #[command(flatten)]
        data: DataDir,
    },
    /// Retire a stored rule-set version (retiring the active one leaves documentary checks for all).
    Retire {
        version: i64,
        #[command(flatten)]
        data: DataDir,
    },
    /// List stored rule sets.
    List {
        #[command(flatten)]
        data: DataDir,
    },
    /// Evaluate a stored rule set over stored declarations, next to the active set.
    Backtest {
        /// The candidate rule-set version (upload it first).
        #[arg(long)]
        version: i64,
        /// First lodging day (China time), e.g. 2026-01-01.
        #[arg(long)]
        from: jiff::civil::Date,
        /// Last lodging day, included.
        #[arg(long)]
        to: jiff::civil::Date,
        /// Rule validity as of this day [default: today].
        #[arg(long)]
        on: Option<jiff::civil::Date>,
        /// Print the whole report as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataDir,
    },
}

fn cli_actor() -> Actor {
    Actor {
        code: "cli".into(),
        name: "command line".into(),
        role: Role::Admin,
        district: None,
    }
}

fn open(data: &DataDir) -> anyhow::Result<App> {
    let database = data.database()?;
    App::open_database(&database, AppOptions::default())
        .map_err(|e| report(e).context(format!("opening {database:?}")))
}

/// Turn an application error into a readable multi-line error with every finding.
fn report(error: AppError) -> anyhow::Error {
    let mut text = format!("{} [{}]", error, error.code());
    match &error {
        AppError::Validation(findings) => {
            for f in findings {
                text.push_str(&format!("\n  {} {}: {}", f.path, f.code, f.message));
            }
        }
        AppError::RuleSet(errors) => {
            for e in errors {
                text.push_str(&format!("\n  {e}"));
            }
        }
        AppError::TariffRows(rows) => {
            for r in rows {
                text.push_str(&format!("\n  {r}"));
            }
        }
        _ => {}
    }
    anyhow::anyhow!(text)
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CHUANYU_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::from(2)
        }
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    use std::process::ExitCode;
    match cli.command {
        Command::Serve {
            data_dir,
            listen,
            database,
            config,
            demo,
            ceb_signatures,
        } => {
            let flags = config::Layer {
                data_dir,
                listen,
                database,
                ceb_signatures,
                ..Default::default()
            };
            let config = config::Config::load(config.as_deref(), std::env::vars(), flags)?;
            runtime()?.block_on(serve(config, demo))?;
        }
        Command::Party {
            command:
                PartyCommand::Add {
                    data,
                    code,
                    name,
                    role,
                    district,
                    uscc,
                    aeo,
                    partner_mra_aeo,
                },
        } => {
            let role: Role = role.parse().map_err(|e: String| anyhow::anyhow!(e))?;
            let app = open(&data)?;
            let party = NewParty {
                code: code.clone(),
                name,
                role,
                district,
                uscc,
                aeo_level: aeo,
                partner_mra_aeo,
            };
            let key = app
                .add_party_blocking(&cli_actor(), party)
                .map_err(report)?;
            app.shutdown();
            println!("registered {code} as {role}; its API key (shown once):");
            println!("{key}");
        }
        Command::Party {
            command: PartyCommand::List { data },
        } => {
            let app = open(&data)?;
            let parties = runtime()?
                .block_on(app.parties(&cli_actor()))
                .map_err(report)?;
            for p in parties {
                println!(
                    "{}\t{}\t{}\t{}",
                    p.code,
                    p.role,
                    p.district.unwrap_or_default(),
                    p.name
                );
            }
        }
        Command::Audit {
            command: AuditCommand::Verify { data },
        } => {
            let app = open(&data)?;
            let report = chuanyu_app::audit::verify_store(app.store()).map_err(report)?;
            println!(
                "{} streams, {} events checked",
                report.streams, report.events
            );
            if !report.problems.is_empty() {
                for p in &report.problems {
                    println!(
                        "PROBLEM {} #{}: {} — {}",
                        p.stream, p.seq, p.problem, p.detail
                    );
                }
                println!(
                    "audit verification FAILED: {} problem(s)",
                    report.problems.len()
                );
                return Ok(ExitCode::from(1));
            }
            println!("audit verification passed");
        }
        Command::Ledger {
            command: LedgerCommand::Verify { data },
        } => {
            let app = open(&data)?;
            let report = chuanyu_app::ledger::verify::verify_ledger(app.store()).map_err(report)?;
            app.shutdown();
            println!(
                "{} books, {} items, {} movements replayed",
                report.books, report.items, report.movements
            );
            if !report.problems.is_empty() {
                for p in &report.problems {
                    println!("PROBLEM {} {} {}: {}", p.book_id, p.path, p.code, p.detail);
                }
                println!(
                    "ledger verification FAILED: {} difference(s)",
                    report.problems.len()
                );
                return Ok(ExitCode::from(1));
            }
            println!("ledger verification passed");
        }
        Command::Cbec {
            command:
                CbecCommand::Settle {
                    assure_code,
                    month,
                    data,
                },
        } => {
            let app = open(&data)?;
            let request = chuanyu_app::guarantees::SettlementRequest { assure_code, month };
            let outcome = runtime()?.block_on(app.settle_cbec(&cli_actor(), request));
            app.shutdown();
            let view = outcome.map_err(report)?;
            println!(
                "settlement {} of {} for {}: {} tax bill(s), {} CNY{}",
                view.id,
                view.month,
                view.assure_code,
                view.bills,
                view.total_cny,
                if view.replayed {
                    " (already settled; nothing changed)"
                } else {
                    ""
                }
            );
        }
        Command::Ledger {
            command:
                LedgerCommand::Overdue {
                    as_of,
                    district,
                    json,
                    data,
                },
        } => {
            let app = open(&data)?;
            let actor = match district {
                Some(district) => Actor {
                    code: "cli".into(),
                    name: "command line".into(),
                    role: Role::Officer,
                    district: Some(district),
                },
                None => cli_actor(),
            };
            let page = runtime()?
                .block_on(app.overdue_spare_parts(&actor, as_of))
                .map_err(report)?;
            app.shutdown();
            if json {
                println!("{}", serde_json::to_string_pretty(&page)?);
            } else {
                for item in &page.items {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{} days\t{}",
                        item.record_id,
                        item.book_id,
                        item.kind,
                        item.quantity,
                        item.due,
                        item.days_overdue,
                        item.reason
                    );
                }
                println!(
                    "{} overdue obligation(s) as of {}",
                    page.items.len(),
                    page.as_of
                );
            }
            if !page.items.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Tariff { command } => tariff(command)?,
        Command::Tax {
            command: TaxCommand::Quote { file, data },
        } => {
            let app = open(&data)?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            // Either the bare declaration or the API's `{"declaration": …}` request.
            let draft =
                match serde_json::from_str::<chuanyu_app::views::CreateDeclarationRequest>(&text) {
                    Ok(request) => request.declaration,
                    Err(_) => serde_json::from_str(&text)
                        .with_context(|| format!("{} is not a declaration", file.display()))?,
                };
            let quote = app.quote_tax(draft).map_err(report)?;
            println!("{}", serde_json::to_string_pretty(&quote)?);
        }
        Command::Risk { command } => return risk(command),
        Command::Loadgen(args) => runtime()?.block_on(loadgen::run(args))?,
        Command::LoadgenLedger(args) => runtime()?.block_on(loadgen_ledger::run(args))?,
        Command::LoadgenCbec(args) => runtime()?.block_on(loadgen_cbec::run(args))?,
        Command::Migrate { data } => {
            let app = open(&data)?;
            println!(
                "{} is migrated to the current schema",
                app.store().location()
            );
            app.shutdown();
        }
        Command::Copy { data, to_database } => {
            let source = open(&data)?;
            let Database::Postgres(url) =
                Database::choose(&data.data_dir, Some(&to_database)).map_err(report)?
            else {
                anyhow::bail!("--to-database must be a postgres:// URL");
            };
            // The store alone (migrated, not seeded): the copy brings the reference data with it.
            let target =
                chuanyu_store::Store::open_postgres(&url, chuanyu_store::StoreOptions::default())?;
            let copied = chuanyu_store::copy::copy_all(source.store(), &target)?;
            for (table, rows) in &copied {
                println!("copied {rows:>8} rows of {table}");
            }
            let audit = chuanyu_app::audit::verify_store(&target).map_err(report)?;
            if !audit.problems.is_empty() {
                println!(
                    "audit verification on the target FAILED: {} problem(s)",
                    audit.problems.len()
                );
                return Ok(ExitCode::from(1));
            }
            println!(
                "audit verification on the target passed: {} streams, {} events",
                audit.streams, audit.events
            );
            source.shutdown();
            target.shutdown();
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn tariff(command: TariffCommand) -> anyhow::Result<()> {
    let (file, data, kind) = match command {
        TariffCommand::Show { code, data } => {
            let app = open(&data)?;
            let line = app.tariff_line(&code).map_err(report)?;
            println!("{}", serde_json::to_string_pretty(&line)?);
            return Ok(());
        }
        TariffCommand::Import { file, data } => (file, data, TariffFileKind::Tariff),
        TariffCommand::Rates { file, data } => (file, data, TariffFileKind::ExchangeRates),
    };
    let source =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let rows = source.lines().count() as u64;
    let app = open(&data)?;
    let bar = indicatif::ProgressBar::new(rows);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:40}] {pos}/{len} rows")
            .expect("valid template"),
    );
    bar.set_message(format!("importing {}", file.display()));
    let outcome = app.import_tariff_file_blocking(&cli_actor(), kind, source, &mut |done| {
        bar.set_position(done)
    });
    bar.finish_and_clear();
    let lines = outcome.map_err(report)?;
    app.shutdown();
    println!(
        "imported {lines} {} entries from {}",
        kind.as_str(),
        file.display()
    );
    Ok(())
}

fn risk(command: RiskCommand) -> anyhow::Result<std::process::ExitCode> {
    use std::process::ExitCode;
    match command {
        RiskCommand::Check { file } => {
            let source = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            match chuanyu_risk::compile(&source, 0, &chuanyu_risk::NamedLists::new()) {
                Ok(compiled) => println!(
                    "{}: {} rules compile",
                    file.display(),
                    compiled.rule_count()
                ),
                Err(errors) => {
                    for e in &errors {
                        println!("{}:{e}", file.display());
                    }
                    println!("{} error(s); the rule set would be refused", errors.len());
                    return Ok(ExitCode::from(1));
                }
            }
        }
        RiskCommand::Upload { file, name, data } => {
            let source = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let app = open(&data)?;
            let view = runtime()?
                .block_on(app.upload_rule_set(&cli_actor(), RuleSetUpload { name, source }))
                .map_err(report)?;
            println!(
                "uploaded rule set version {} ({} rules, {})",
                view.version, view.rule_count, view.status
            );
        }
        RiskCommand::Activate { version, data } => {
            let app = open(&data)?;
            let view = runtime()?
                .block_on(app.activate_rule_set(&cli_actor(), version))
                .map_err(report)?;
            println!("rule set {} is {}", view.version, view.status);
        }
        RiskCommand::Backtest {
            version,
            from,
            to,
            on,
            json,
            data,
        } => {
            let app = open(&data)?;
            let request = chuanyu_app::rules::BacktestRequest {
                candidate_version: version,
                from,
                to,
                on,
            };
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} back-testing [{bar:40}] {pos}/{len} declarations",
                )
                .expect("valid template"),
            );
            let outcome = app.backtest_blocking(&cli_actor(), &request, &mut |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            });
            bar.finish_and_clear();
            let comparison = outcome.map_err(report)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&comparison)?);
            } else {
                print_backtest(&comparison);
            }
        }
        RiskCommand::Retire { version, data } => {
            let app = open(&data)?;
            let view = runtime()?
                .block_on(app.retire_rule_set(&cli_actor(), version))
                .map_err(report)?;
            println!("rule set {} is {}", view.version, view.status);
        }
        RiskCommand::List { data } => {
            let app = open(&data)?;
            for v in runtime()?
                .block_on(app.rule_sets(&cli_actor()))
                .map_err(report)?
            {
                println!(
                    "{}\t{}\t{}\t{} rules\t{}",
                    v.version, v.status, v.name, v.rule_count, v.uploaded_at
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_backtest(report: &chuanyu_app::rules::BacktestComparison) {
    println!(
        "{} declarations lodged {}..={} ({} skipped), rules valid on {}",
        report.declarations, report.from, report.to, report.skipped, report.assessed_on
    );
    println!("{:<8} {:>12} {:>12}", "lane", "candidate", "active");
    for (lane, stats) in &report.candidate.lanes {
        let active = report
            .active
            .as_ref()
            .and_then(|a| a.lanes.get(lane))
            .map(|s| s.declarations.to_string());
        println!(
            "{:<8} {:>12} {:>12}",
            lane.as_str(),
            stats.declarations,
            active.unwrap_or_else(|| "-".into())
        );
    }
    println!(
        "{:<40} {:>8} {:>10} {:>10} {:>9}",
        "candidate rule", "hits", "selected", "inspected", "hit rate"
    );
    for (rule, stats) in &report.candidate.rules {
        let rate = stats
            .hit_rate
            .map(|r| r.to_string())
            .unwrap_or_else(|| "-".into());
        println!(
            "{rule:<40} {:>8} {:>10} {:>10} {rate:>9}",
            stats.hits, stats.selections, stats.inspected
        );
    }
}

async fn serve(config: config::Config, demo: bool) -> anyhow::Result<()> {
    let options = AppOptions {
        store: chuanyu_store::StoreOptions {
            batch_jobs_max: config.batch_jobs_max,
            ..Default::default()
        },
        page_size_max: config.page_size_max,
        cbec: chuanyu_app::cbec::CbecOptions {
            signatures: config.ceb_signatures.is_on(),
            documents_wait_s: config.cbec_documents_wait_s,
            ..Default::default()
        },
        ledger: chuanyu_app::ledger::duty_free::LedgerOptions {
            duty_free_allowance_per_trip_fen: config.duty_free_allowance_fen,
        },
        ..AppOptions::default()
    };
    let database =
        Database::choose(&config.data_dir, config.database.as_deref()).map_err(report)?;
    let app = tokio::task::spawn_blocking(move || App::open_database(&database, options))
        .await?
        .map_err(report)?;
    let app = Arc::new(app);
    if demo {
        let mut keys = app.seed_demo().await.map_err(report)?;
        keys.extend(app.seed_demo_ledger().await.map_err(report)?);
        if keys.is_empty() {
            println!(
                "demo parties already exist in this data directory (keys were printed at first start)"
            );
        }
        for key in &keys {
            println!(
                "demo {:<14} {:<18} {}  ({})",
                key.role.token(),
                key.code,
                key.key,
                key.name
            );
        }
    }
    let shutdown = shutdown_signal()?;
    let listener = chuanyu_server::listen(&config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let address = listener.local_addr()?;
    println!(
        "chuanyu listening on http://{address}/api/v1 (OpenAPI: http://{address}/api/v1/openapi.json)"
    );
    println!("data: {}", app.store().location());
    if !config.ceb_signatures.is_on() {
        println!(
            "CEB signatures: NOT verified (--ceb-signatures off); appStatus 2 messages are accepted unsigned"
        );
    }
    let limits = chuanyu_server::Limits {
        body_bytes_max: config.body_bytes_max,
    };
    // Rule-set activations and tariff imports made on another node reach this one within
    // REFRESH_INTERVAL_MS (polling; one small query per interval).
    let follower = app.clone();
    tokio::spawn(async move {
        let mut interval =
            tokio::time::interval(std::time::Duration::from_millis(REFRESH_INTERVAL_MS));
        loop {
            interval.tick().await;
            let app = follower.clone();
            match tokio::task::spawn_blocking(move || app.refresh_engines()).await {
                Ok(Ok(true)) => {
                    tracing::info!("reloaded the rule set or tariff changed by another node")
                }
                Ok(Ok(false)) => {}
                Ok(Err(error)) => tracing::warn!(%error, "could not check for engine changes"),
                Err(_) => break,
            }
        }
    });
    chuanyu_server::serve(app, limits, listener, shutdown).await?;
    println!("chuanyu stopped; every acknowledged write is committed");
    Ok(())
}

/// How often `serve` checks the store for rule-set or tariff changes made by other nodes.
const REFRESH_INTERVAL_MS: u64 = 1000;

/// SIGINT or SIGTERM. The handlers are installed when this is called (before `serve` says it
/// is listening), so a signal that arrives right after the announcement is never missed.
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    #[cfg(unix)]
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = terminate.recv() => {},
            _ = interrupt.recv() => {},
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutdown requested: finishing in-flight requests and writes");
    })
}
