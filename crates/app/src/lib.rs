//! chuanyu-app: one function per business operation; each calls pure decisions and writes its outcome in one transaction.
//!
//! The application owns the clock, ids and the live engines (active rule set, tariff,
//! exchange rates). It reads through the store's readers and writes through its batching
//! writer; every durable change is written together with its audit event and, when the
//! request carried one, its idempotency record.

pub mod actor;
pub mod audit;
pub mod cbec;
pub mod declarations;
pub mod error;
pub mod facts;
pub mod guarantees;
pub mod keys;
pub mod ledger;
pub mod parties;
pub mod rules;
pub mod seed;
pub mod tariffs;
pub mod time;
pub mod views;

pub use actor::Actor;
pub use error::AppError;

use chuanyu_domain::ReferenceData;
use chuanyu_store::{Store, StoreOptions, Tx, WriteError};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

/// Where the platform keeps its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// The embedded SQLite database in a data directory (the default).
    Embedded(std::path::PathBuf),
    /// A shared PostgreSQL database, `postgres://user@host:port/db`.
    Postgres(String),
}

impl Database {
    /// `--database URL` wins over `--data-dir DIR`; only `postgres://` URLs are accepted.
    pub fn choose(data_dir: &Path, database: Option<&str>) -> Result<Database, AppError> {
        match database {
            None | Some("") => Ok(Database::Embedded(data_dir.to_path_buf())),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(Database::Postgres(url.to_string()))
            }
            Some(other) => Err(AppError::BadRequest {
                code: "invalid_database",
                message: format!(
                    "'{other}' is not a postgres:// URL (omit --database for the embedded SQLite)"
                ),
            }),
        }
    }
}

/// Tuning and named limits of the application layer.
#[derive(Debug, Clone)]
pub struct AppOptions {
    pub store: StoreOptions,
    /// Most declarations one listing page returns.
    pub page_size_max: u32,
    /// Page size when the caller gives none.
    pub page_size_default: u32,
    /// The CBEC import flow (issue 5): how long lists wait for their documents.
    pub cbec: cbec::CbecOptions,
    /// The bonded movements (issue 6): the duty-free allowance per trip.
    pub ledger: ledger::duty_free::LedgerOptions,
}

impl Default for AppOptions {
    fn default() -> Self {
        AppOptions {
            store: StoreOptions::default(),
            page_size_max: 500,
            page_size_default: 50,
            cbec: cbec::CbecOptions::default(),
            ledger: ledger::duty_free::LedgerOptions::default(),
        }
    }
}

/// The idempotency key of a mutating request and the hash of the request it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    pub request_hash: String,
}

/// What a mutating use case answers: a fresh result, or the stored answer to a replayed request.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<T> {
    Fresh(T),
    Replayed { status: u16, body: String },
}

/// The application: store, reference data and the live engines. Cheap to share behind an `Arc`.
pub struct App {
    pub(crate) store: Store,
    pub(crate) reference: Arc<ReferenceData>,
    pub(crate) rules: RwLock<Arc<rules::ActiveRules>>,
    pub(crate) tariff: RwLock<Arc<tariffs::TariffState>>,
    pub(crate) actors: RwLock<HashMap<String, Actor>>,
    pub(crate) options: AppOptions,
    /// Whether the periodic CBEC sweep was started (`cbec::App::start_cbec_sweeper`).
    pub(crate) cbec_sweeper: std::sync::atomic::AtomicBool,
    /// The second (Unix time of the message) of the last sweep a received message ran.
    pub(crate) cbec_swept_second: std::sync::atomic::AtomicI64,
    /// Keys that verify each party's signed CEB messages (`keys`), filled on demand.
    pub(crate) party_keys: RwLock<HashMap<String, Arc<Vec<chuanyu_ceb::dsig::VerifyingKey>>>>,
    /// Recently received CEB messages, parsed (`cbec::parsed`).
    pub(crate) ceb_parsed: Arc<cbec::ParsedMessages>,
}

impl App {
    /// Open the data directory: migrate, seed reference data on first start, load the engines.
    pub fn open(data_dir: &Path, options: AppOptions) -> Result<App, AppError> {
        App::open_database(&Database::Embedded(data_dir.to_path_buf()), options)
    }

    /// Open the embedded database or a shared PostgreSQL one (several nodes may share it).
    pub fn open_database(database: &Database, options: AppOptions) -> Result<App, AppError> {
        let store = match database {
            Database::Embedded(data_dir) => Store::open(data_dir, options.store.clone())?,
            Database::Postgres(url) => Store::open_postgres(url, options.store.clone())?,
        };
        seed::ensure_reference_data(&store)?;
        let reference = Arc::new(seed::load_reference_data(&store)?);
        let app = App {
            store,
            reference,
            rules: RwLock::new(Arc::new(rules::ActiveRules::none())),
            tariff: RwLock::new(Arc::new(tariffs::TariffState::empty())),
            actors: RwLock::new(HashMap::new()),
            options,
            cbec_sweeper: std::sync::atomic::AtomicBool::new(false),
            cbec_swept_second: std::sync::atomic::AtomicI64::new(i64::MIN),
            party_keys: RwLock::new(HashMap::new()),
            ceb_parsed: Arc::default(),
        };
        app.reload_rules()?;
        app.reload_tariff()?;
        Ok(app)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn reference(&self) -> &ReferenceData {
        &self.reference
    }

    pub fn options(&self) -> &AppOptions {
        &self.options
    }

    /// Finish queued writes and stop the writer.
    pub fn shutdown(&self) {
        self.store.shutdown();
    }

    /// Run a read on a reader connection off the async threads.
    pub(crate) async fn read<R: Send + 'static>(
        &self,
        query: impl FnOnce(&Tx<'_>) -> Result<R, AppError> + Send + 'static,
    ) -> Result<R, AppError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            let mut outcome = None;
            store.read(|tx| {
                outcome = Some(query(tx));
                Ok(())
            })?;
            outcome.expect("the read ran")
        })
        .await
        .map_err(|e| AppError::Unavailable(format!("read task failed: {e}")))?
    }

    /// Run a job on the batching writer and wait for its durable outcome.
    pub(crate) async fn write<R: Send + 'static>(
        &self,
        job: impl FnMut(&Tx<'_>) -> Result<R, AppError> + Send + 'static,
    ) -> Result<R, AppError> {
        let (sender, receiver) = tokio::sync::oneshot::channel();
        self.store
            .submit(job, move |outcome: Result<R, WriteError<AppError>>| {
                let _ = sender.send(outcome);
            });
        match receiver.await {
            Ok(outcome) => outcome.map_err(AppError::from),
            Err(_) => Err(AppError::Store(chuanyu_store::StoreError::Closed)),
        }
    }

    /// Follow what other nodes changed: reload the rule set or the tariff files when the
    /// store's marks differ from the loaded ones. Returns whether anything was reloaded.
    /// `serve` calls it every `refresh_interval_ms`, which bounds how long a node may lag.
    pub fn refresh_engines(&self) -> Result<bool, AppError> {
        let marks = self.store.read(|tx| tx.engine_marks())?;
        let mut changed = false;
        if marks.rules != self.active_rule_set_version() {
            self.reload_rules()?;
            changed = true;
        }
        let loaded = self.tariff_state();
        if marks.tariff_file != loaded.tariff_file || marks.rates_file != loaded.rates_file {
            self.reload_tariff()?;
            changed = true;
        }
        Ok(changed)
    }

    /// The caller behind an API key; keys are looked up by hash and cached.
    pub async fn authenticate(&self, api_key: &str) -> Result<Actor, AppError> {
        let hash = actor::api_key_hash(api_key);
        if let Some(actor) = self.actors.read().expect("actor cache poisoned").get(&hash) {
            return Ok(actor.clone());
        }
        let lookup = hash.clone();
        let row = self
            .read(move |tx| Ok(tx.party_by_key_hash(&lookup)?))
            .await?;
        let actor = Actor::from_row(&row.ok_or(AppError::Unauthenticated)?)?;
        self.actors
            .write()
            .expect("actor cache poisoned")
            .insert(hash, actor.clone());
        Ok(actor)
    }
}
