//! chuanyu-store: the persistence facade — migrations, one batching writer thread, a pool of readers.
//!
//! The embedded backend is SQLite (bundled, WAL, `synchronous=FULL`). Every write is a job run
//! by the single writer thread inside a savepoint of a shared transaction: one `COMMIT` (one
//! fsync) serves every job of the batch (group commit), and a failing job rolls back only its
//! own savepoint. Callers learn the outcome only after the commit is durable.

mod checkpoint;
mod migrate;
mod rows;
mod tx;
mod writer;

pub use rows::*;
pub use tx::Tx;
pub use writer::{WriteError, WriterStats};

use rusqlite::{Connection, OpenFlags};
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
    /// writer's commits never stop to do it.
    pub checkpoint_interval_ms: u64,
    /// WAL pages after which the writer checkpoints by itself (a safety net if the
    /// checkpointer falls behind; SQLite's default is 1000).
    pub wal_autocheckpoint_pages: u32,
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
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
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

/// The store: one writer thread, a few readers. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: writer::Writer,
    checkpointer: checkpoint::Checkpointer,
    readers: Mutex<Vec<Connection>>,
    options: StoreOptions,
}

pub const DATABASE_FILE_NAME: &str = "chuanyu.db";

fn open_connection(
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
    connection.set_prepared_statement_cache_capacity(64);
    Ok(connection)
}

impl Store {
    /// Open (creating if needed) the database in `data_dir` and migrate it to the current schema.
    pub fn open(data_dir: &Path, options: StoreOptions) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            reason: e.to_string(),
        })?;
        let path = data_dir.join(DATABASE_FILE_NAME);
        let mut connection = open_connection(&path, &options, false)?;
        migrate::migrate(&mut connection)?;
        let readers = (0..options.readers_max)
            .map(|_| open_connection(&path, &options, true))
            .collect::<Result<Vec<_>, _>>()?;
        connection.pragma_update(None, "wal_autocheckpoint", options.wal_autocheckpoint_pages)?;
        let checkpointer = checkpoint::Checkpointer::start(
            open_connection(&path, &options, false)?,
            std::time::Duration::from_millis(options.checkpoint_interval_ms),
        );
        let writer =
            writer::Writer::start(connection, options.batch_jobs_max, options.queue_jobs_max);
        Ok(Store {
            inner: Arc::new(Inner {
                path,
                writer,
                checkpointer,
                readers: Mutex::new(readers),
                options,
            }),
        })
    }

    pub fn database_path(&self) -> &Path {
        &self.inner.path
    }

    /// Queue a job for the writer. `done` runs on the writer thread after the batch's commit
    /// (or its failure) with the job's outcome; it must be quick (send on a channel).
    pub fn submit<R, E, J, D>(&self, job: J, done: D)
    where
        R: Send + 'static,
        E: Send + 'static,
        J: FnOnce(&Tx<'_>) -> Result<R, E> + Send + 'static,
        D: FnOnce(Result<R, WriteError<E>>) + Send + 'static,
    {
        self.inner.writer.submit(job, done)
    }

    /// Run a job on the writer and wait for its durable outcome (for CLI and tests).
    pub fn write_blocking<R, E, J>(&self, job: J) -> Result<R, WriteError<E>>
    where
        R: Send + 'static,
        E: Send + 'static,
        J: FnOnce(&Tx<'_>) -> Result<R, E> + Send + 'static,
    {
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        self.submit(job, move |outcome| {
            let _ = sender.send(outcome);
        });
        receiver
            .recv()
            .unwrap_or(Err(WriteError::Store(StoreError::Closed)))
    }

    /// Run a read on one of the reader connections (blocking; call from a blocking context).
    pub fn read<R>(
        &self,
        query: impl FnOnce(&Tx<'_>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let connection = self
            .inner
            .readers
            .lock()
            .expect("reader pool poisoned")
            .pop();
        let connection = match connection {
            Some(connection) => connection,
            None => open_connection(&self.inner.path, &self.inner.options, true)?,
        };
        // A read sees one snapshot: wrap it in a transaction.
        connection.execute_batch("BEGIN")?;
        let outcome = query(&Tx::new(&connection));
        let _ = connection.execute_batch("COMMIT");
        let mut pool = self.inner.readers.lock().expect("reader pool poisoned");
        if pool.len() < self.inner.options.readers_max {
            pool.push(connection);
        }
        outcome
    }

    /// Jobs written and the transactions that carried them (jobs / batches = group-commit factor).
    pub fn writer_stats(&self) -> WriterStats {
        self.inner.writer.stats()
    }

    /// Stop accepting writes, finish every queued job, commit, and join the writer thread.
    pub fn shutdown(&self) {
        self.inner.writer.shutdown();
        self.inner.checkpointer.shutdown();
    }
}
