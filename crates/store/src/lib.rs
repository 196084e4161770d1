//! chuanyu-store: the persistence facade — migrations, one batching writer thread, a pool of readers,
//! on the embedded SQLite (default) or on a shared PostgreSQL (scale-out).
//!
//! SQLite runs bundled, WAL, `synchronous=FULL`. Every write is a job run by the single writer
//! thread inside a savepoint of a shared transaction: one `COMMIT` (one fsync) serves every job
//! of the batch (group commit), and a failing job rolls back only its own savepoint. Callers
//! learn the outcome only after the commit is durable. PostgreSQL uses the same writer design;
//! correctness across several nodes comes from the database (row locks taken by the statements,
//! unique keys), and a job that loses a race is re-run in a fresh savepoint.

mod checkpoint;
pub mod copy;
mod db;
mod migrate;
mod rows;
mod rows_cbec;
mod rows_guarantee;
mod rows_ledger;
mod tx;
mod tx_cbec;
mod tx_guarantee;
mod tx_ledger;
mod tx_ledger_more;
mod writer;

pub use db::{P, Row};
pub use rows::*;
pub use rows_cbec::*;
pub use rows_guarantee::*;
pub use rows_ledger::*;
pub use tx::Tx;
pub use tx_ledger::LEDGER_ROWS_PER_STATEMENT_MAX;
pub use tx_ledger_more::*;
pub use writer::{Retryable, WriteError, WriterStats};

use db::{Conn, PgConnection};
use rusqlite::{Connection, OpenFlags};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Tuning of the store; every limit named, units last.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Most jobs one transaction (one fsync) may carry.
    pub batch_jobs_max: usize,
    /// Jobs that may wait for the writer before submitters block (back-pressure).
    pub queue_jobs_max: usize,
    /// Read connections kept open.
    pub readers_max: usize,
    /// How long a connection waits on a lock held by another process (e.g. the CLI).
    pub busy_timeout_ms: u64,
    /// How often the checkpointer thread copies the WAL into the database file, so the
    /// writer's commits never stop to do it (SQLite).
    pub checkpoint_interval_ms: u64,
    /// WAL pages after which the writer checkpoints by itself (a safety net if the
    /// checkpointer falls behind; SQLite's default is 1000).
    pub wal_autocheckpoint_pages: u32,
    /// Times a job that lost a race with another node is re-run before giving up (PostgreSQL).
    pub conflict_retries_max: u32,
    /// PostgreSQL schema to use (created if missing); `None` uses the connection's default.
    pub postgres_schema: Option<String>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            batch_jobs_max: 512,
            queue_jobs_max: 8192,
            readers_max: 8,
            busy_timeout_ms: 5000,
            checkpoint_interval_ms: 50,
            wal_autocheckpoint_pages: 50_000,
            conflict_retries_max: 8,
            postgres_schema: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("PostgreSQL error: {0}")]
    Postgres(postgres::Error),
    #[error("the write lost a race with a concurrent writer: {0}")]
    Conflict(String),
    #[error("the store is shutting down")]
    Closed,
    #[error("the commit of the batch failed: {0}")]
    CommitFailed(String),
    #[error("the batch this write belonged to failed; nothing of it was stored")]
    BatchFailed,
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("cannot use data directory {path}: {reason}")]
    DataDir { path: PathBuf, reason: String },
}

impl From<postgres::Error> for StoreError {
    fn from(error: postgres::Error) -> Self {
        use postgres::error::SqlState;
        let conflict = error.code().is_some_and(|code| {
            *code == SqlState::UNIQUE_VIOLATION
                || *code == SqlState::T_R_SERIALIZATION_FAILURE
                || *code == SqlState::T_R_DEADLOCK_DETECTED
        });
        if conflict {
            StoreError::Conflict(error.to_string())
        } else {
            StoreError::Postgres(error)
        }
    }
}

/// Which database a store stands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres { url: String, schema: Option<String> },
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres { url, schema } => {
                // Never print a password.
                let shown = match (url.find("://"), url.rfind('@')) {
                    (Some(scheme), Some(at)) if at > scheme => {
                        format!("{}://…@{}", &url[..scheme], &url[at + 1..])
                    }
                    _ => url.clone(),
                };
                match schema {
                    Some(schema) => write!(f, "{shown} (schema {schema})"),
                    None => write!(f, "{shown}"),
                }
            }
        }
    }
}

enum Reader {
    Sqlite(Connection),
    Postgres(Box<PgConnection>),
}

/// The store: one writer thread, a few readers. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    location: Location,
    writer: writer::Writer,
    checkpointer: Option<checkpoint::Checkpointer>,
    readers: Mutex<Vec<Reader>>,
    options: StoreOptions,
}

pub const DATABASE_FILE_NAME: &str = "chuanyu.db";

/// Page cache of the SQLite writer connection (KiB; SQLite's default is 2,000).
const WRITER_CACHE_KIB: i64 = 32 * 1024;

fn open_sqlite(
    path: &Path,
    options: &StoreOptions,
    read_only: bool,
) -> Result<Connection, StoreError> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let connection = Connection::open_with_flags(path, flags)?;
    connection.busy_timeout(std::time::Duration::from_millis(options.busy_timeout_ms))?;
    if !read_only {
        // WAL lets readers run beside the writer; FULL makes every commit durable on return.
        connection.pragma_update(None, "journal_mode", "WAL")?;
    }
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    // Query-planner stability: a plan never depends on the values bound to it. Without it,
    // SQLite 3.54 marks statements such as `… WHERE stream = ?1 ORDER BY seq` (an equality on
    // an indexed column plus an ORDER BY) to be re-prepared whenever a parameter is re-bound,
    // so every cached statement was parsed and planned again on each use (≈ 35 % of the
    // writer thread's time under CBEC load, `perf`).
    connection.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    connection.set_prepared_statement_cache_capacity(64);
    Ok(connection)
}

/// `application_name` of the writer's connection (operators can find it in `pg_stat_activity`).
pub(crate) const WRITER_APPLICATION_NAME: &str = "chuanyu-writer";
const READER_APPLICATION_NAME: &str = "chuanyu-reader";

pub(crate) fn open_postgres(
    url: &str,
    options: &StoreOptions,
    application: &str,
) -> Result<PgConnection, StoreError> {
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    client.batch_execute(&format!("SET application_name = '{application}'"))?;
    if let Some(schema) = &options.postgres_schema {
        let valid = !schema.is_empty()
            && schema
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !valid {
            return Err(StoreError::Corrupt(format!(
                "schema name '{schema}' must be letters, digits or _"
            )));
        }
        client.batch_execute(&format!(
            "CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}"
        ))?;
    }
    Ok(PgConnection::new(client))
}

impl Store {
    /// Open (creating if needed) the embedded database in `data_dir`, migrated to the current schema.
    pub fn open(data_dir: &Path, options: StoreOptions) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            reason: e.to_string(),
        })?;
        let path = data_dir.join(DATABASE_FILE_NAME);
        let mut connection = open_sqlite(&path, &options, false)?;
        migrate::migrate_sqlite(&mut connection)?;
        let readers = (0..options.readers_max)
            .map(|_| open_sqlite(&path, &options, true).map(Reader::Sqlite))
            .collect::<Result<Vec<_>, _>>()?;
        connection.pragma_update(None, "wal_autocheckpoint", options.wal_autocheckpoint_pages)?;
        // The writer runs every job in a savepoint: keep the savepoints' journal of original
        // pages in memory (it is never needed after the transaction; the WAL alone makes a
        // commit durable) instead of spilling it to a temporary file past 64 KiB, and give
        // the writer a page cache big enough that a group commit of large jobs does not
        // spill dirty pages to the WAL before its COMMIT.
        connection.pragma_update(None, "temp_store", "MEMORY")?;
        connection.pragma_update(None, "cache_size", -WRITER_CACHE_KIB)?;
        let checkpointer = checkpoint::Checkpointer::start(
            open_sqlite(&path, &options, false)?,
            std::time::Duration::from_millis(options.checkpoint_interval_ms),
        );
        let writer = writer::Writer::start_sqlite(connection, &options);
        Ok(Store {
            inner: Arc::new(Inner {
                location: Location::Sqlite(path),
                writer,
                checkpointer: Some(checkpointer),
                readers: Mutex::new(readers),
                options,
            }),
        })
    }

    /// Open a PostgreSQL database (`postgres://user@host/db`), migrated to the current schema.
    /// Several nodes may open the same database at once.
    pub fn open_postgres(url: &str, options: StoreOptions) -> Result<Store, StoreError> {
        let mut connection = open_postgres(url, &options, WRITER_APPLICATION_NAME)?;
        migrate::migrate_postgres(&mut connection.client)?;
        let readers = (0..options.readers_max.min(4))
            .map(|_| {
                open_postgres(url, &options, READER_APPLICATION_NAME)
                    .map(|c| Reader::Postgres(Box::new(c)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let writer = writer::Writer::start_postgres(connection, url, &options);
        Ok(Store {
            inner: Arc::new(Inner {
                location: Location::Postgres {
                    url: url.to_string(),
                    schema: options.postgres_schema.clone(),
                },
                writer,
                checkpointer: None,
                readers: Mutex::new(readers),
                options,
            }),
        })
    }

    pub fn location(&self) -> &Location {
        &self.inner.location
    }

    /// The SQLite file, for the embedded backend.
    pub fn database_path(&self) -> Option<&Path> {
        match &self.inner.location {
            Location::Sqlite(path) => Some(path),
            Location::Postgres { .. } => None,
        }
    }

    /// Queue a job for the writer. `done` runs on the writer thread after the batch's commit
    /// (or its failure) with the job's outcome; it must be quick (send on a channel). A job may
    /// run more than once (each time in a fresh savepoint) if it lost a race with another node.
    pub fn submit<R, E, J, D>(&self, job: J, done: D)
    where
        R: Send + 'static,
        E: Retryable + Send + 'static,
        J: FnMut(&Tx<'_>) -> Result<R, E> + Send + 'static,
        D: FnOnce(Result<R, WriteError<E>>) + Send + 'static,
    {
        self.inner.writer.submit(job, done)
    }

    /// Run a job on the writer and wait for its durable outcome (for CLI and tests).
    pub fn write_blocking<R, E, J>(&self, job: J) -> Result<R, WriteError<E>>
    where
        R: Send + 'static,
        E: Retryable + Send + 'static,
        J: FnMut(&Tx<'_>) -> Result<R, E> + Send + 'static,
    {
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        self.submit(job, move |outcome| {
            let _ = sender.send(outcome);
        });
        receiver
            .recv()
            .unwrap_or(Err(WriteError::Store(StoreError::Closed)))
    }

    /// Run a read in one snapshot on a reader connection (blocking; call from a blocking context).
    pub fn read<R>(
        &self,
        query: impl FnOnce(&Tx<'_>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let reader = self
            .inner
            .readers
            .lock()
            .expect("reader pool poisoned")
            .pop();
        let mut reader = match reader {
            Some(reader) => reader,
            None => match &self.inner.location {
                Location::Sqlite(path) => {
                    Reader::Sqlite(open_sqlite(path, &self.inner.options, true)?)
                }
                Location::Postgres { url, .. } => Reader::Postgres(Box::new(open_postgres(
                    url,
                    &self.inner.options,
                    READER_APPLICATION_NAME,
                )?)),
            },
        };
        let outcome = match &mut reader {
            Reader::Sqlite(connection) => {
                let tx = Tx::new(Conn::Sqlite(connection), false);
                tx.execute_batch("BEGIN")?;
                let outcome = query(&tx);
                let _ = tx.execute_batch("COMMIT");
                outcome
            }
            Reader::Postgres(connection) => {
                let tx = Tx::new(Conn::Postgres(RefCell::new(connection)), false);
                tx.execute_batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
                let outcome = query(&tx);
                if tx.execute_batch("COMMIT").is_err() {
                    // A broken connection is not put back.
                    return outcome;
                }
                outcome
            }
        };
        let mut pool = self.inner.readers.lock().expect("reader pool poisoned");
        if pool.len() < self.inner.options.readers_max {
            pool.push(reader);
        }
        outcome
    }

    /// Jobs written and the transactions that carried them (jobs / batches = group-commit factor).
    pub fn writer_stats(&self) -> WriterStats {
        self.inner.writer.stats()
    }

    /// Stop accepting writes, finish every queued job, commit, and join the writer thread; close
    /// the readers. Call it from a blocking context: the PostgreSQL client closes synchronously
    /// and must not be dropped on an async runtime's thread.
    pub fn shutdown(&self) {
        self.inner.writer.shutdown();
        self.inner
            .readers
            .lock()
            .expect("reader pool poisoned")
            .clear();
        if let Some(checkpointer) = &self.inner.checkpointer {
            checkpointer.shutdown();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cached statement whose plan could depend on its parameters (equality on an indexed
    /// column plus ORDER BY) is reused as prepared, not parsed and planned again per use.
    #[test]
    fn cached_statements_are_not_re_prepared_when_re_bound() {
        let dir = std::env::temp_dir().join(format!("chuanyu-qpsg-{}", uuid_like()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(DATABASE_FILE_NAME);
        let mut connection = open_sqlite(&path, &StoreOptions::default(), false).unwrap();
        migrate::migrate_sqlite(&mut connection).unwrap();
        let sql = "SELECT seq, hash FROM audit_events WHERE stream = ?1 ORDER BY seq DESC LIMIT 1";
        for i in 0..5 {
            let mut statement = connection.prepare_cached(sql).unwrap();
            let mut rows = statement.query([format!("stream-{i}")]).unwrap();
            while rows.next().unwrap().is_some() {}
            drop(rows);
            assert_eq!(
                statement.get_status(rusqlite::StatementStatus::RePrepare),
                0,
                "use {i} re-prepared the cached statement"
            );
        }
        drop(connection);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn uuid_like() -> String {
        format!(
            "{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        )
    }
}
