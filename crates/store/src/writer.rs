//! The single writer thread and its group commit: many jobs, one transaction, one commit.
//!
//! Each job runs in its own savepoint: a job that fails rolls back alone; a job that lost a race
//! with another node (PostgreSQL unique key, serialization failure, deadlock) is re-run in a
//! fresh savepoint, where it reads the other node's committed rows and decides again.

use crate::db::{Conn, PgConnection};
use crate::tx::Tx;
use crate::{StoreError, StoreOptions};
use rusqlite::Connection;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Pause after a failed reconnection, before the next batch tries again.
const RECONNECT_PAUSE_MS: u64 = 200;

/// The outcome of a job: its own error (its savepoint was rolled back) or the store's.
#[derive(Debug)]
pub enum WriteError<E> {
    Job(E),
    Store(StoreError),
}

/// Errors that may mean "lost a race: run the job again".
pub trait Retryable {
    fn is_conflict(&self) -> bool;
}

impl Retryable for StoreError {
    fn is_conflict(&self) -> bool {
        matches!(self, StoreError::Conflict(_))
    }
}

impl Retryable for String {
    fn is_conflict(&self) -> bool {
        false
    }
}

/// How much group commit is happening: jobs and the transactions (fsyncs) that carried them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriterStats {
    pub batches: u64,
    pub jobs: u64,
    /// Jobs re-run after losing a race with another writer.
    pub retries: u64,
}

#[derive(Default)]
struct Counters {
    batches: AtomicU64,
    jobs: AtomicU64,
    retries: AtomicU64,
}

/// What to tell the submitter once the batch's commit is known (`Some` = the batch failed).
type Completion = Box<dyn FnOnce(Option<&StoreError>) + Send>;
/// A job, type-erased. Given the batch transaction it runs and returns its completion and, if the
/// transaction itself broke, the error; given `None` (the batch already broke) it only reports.
type Job = Box<dyn FnOnce(Option<&Tx<'_>>, &Counters) -> (Completion, Option<StoreError>) + Send>;

/// The writer's connection.
enum WriterConnection {
    Sqlite(Connection),
    // Boxed: a PostgreSQL client with its statement cache is much larger than a SQLite handle.
    Postgres {
        connection: Box<PgConnection>,
        url: String,
        options: Box<StoreOptions>,
    },
}

pub(crate) struct Writer {
    sender: Mutex<Option<SyncSender<Job>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
    stats: Arc<Counters>,
    retries_max: u32,
}

impl Writer {
    pub(crate) fn start_sqlite(connection: Connection, options: &StoreOptions) -> Writer {
        Writer::start(WriterConnection::Sqlite(connection), options)
    }

    pub(crate) fn start_postgres(
        connection: PgConnection,
        url: &str,
        options: &StoreOptions,
    ) -> Writer {
        let writer = WriterConnection::Postgres {
            connection: Box::new(connection),
            url: url.to_string(),
            options: Box::new(options.clone()),
        };
        Writer::start(writer, options)
    }

    fn start(connection: WriterConnection, options: &StoreOptions) -> Writer {
        assert!(
            options.batch_jobs_max > 0 && options.queue_jobs_max > 0,
            "writer limits must be positive"
        );
        let (sender, receiver) = sync_channel::<Job>(options.queue_jobs_max);
        let stats = Arc::new(Counters::default());
        let counters = stats.clone();
        let batch_jobs_max = options.batch_jobs_max;
        let thread = std::thread::Builder::new()
            .name("chuanyu-writer".into())
            .spawn(move || run(connection, receiver, batch_jobs_max, &counters))
            .expect("spawn the writer thread");
        Writer {
            sender: Mutex::new(Some(sender)),
            thread: Mutex::new(Some(thread)),
            stats,
            retries_max: options.conflict_retries_max,
        }
    }

    pub(crate) fn submit<R, E, J, D>(&self, mut job: J, done: D)
    where
        R: Send + 'static,
        E: Retryable + Send + 'static,
        J: FnMut(&Tx<'_>) -> Result<R, E> + Send + 'static,
        D: FnOnce(Result<R, WriteError<E>>) + Send + 'static,
    {
        let sender = self.sender.lock().expect("writer sender poisoned").clone();
        let Some(sender) = sender else {
            return done(Err(WriteError::Store(StoreError::Closed)));
        };
        let retries_max = self.retries_max;
        let erased: Job = Box::new(move |tx: Option<&Tx<'_>>, counters: &Counters| {
            let Some(tx) = tx else {
                let report: Completion =
                    Box::new(move |_| done(Err(WriteError::Store(StoreError::BatchFailed))));
                return (report, None);
            };
            let mut attempt = 0;
            let (outcome, end) = loop {
                if let Err(error) = tx.execute_batch("SAVEPOINT job") {
                    let report: Completion =
                        Box::new(move |_| done(Err(WriteError::Store(StoreError::BatchFailed))));
                    return (report, Some(error));
                }
                let outcome = job(tx);
                match &outcome {
                    Ok(_) => break (outcome, tx.execute_batch("RELEASE job")),
                    Err(error) if error.is_conflict() && attempt < retries_max => {
                        attempt += 1;
                        counters.retries.fetch_add(1, Ordering::Relaxed);
                        if let Err(error) = tx.execute_batch("ROLLBACK TO job; RELEASE job") {
                            let report: Completion = Box::new(move |_| {
                                done(Err(WriteError::Store(StoreError::BatchFailed)))
                            });
                            return (report, Some(error));
                        }
                    }
                    Err(_) => break (outcome, tx.execute_batch("ROLLBACK TO job; RELEASE job")),
                }
            };
            let completion: Completion =
                Box::new(
                    move |batch_error: Option<&StoreError>| match (batch_error, outcome) {
                        (Some(error), Ok(_)) => done(Err(WriteError::Store(
                            StoreError::CommitFailed(error.to_string()),
                        ))),
                        (_, Ok(value)) => done(Ok(value)),
                        (_, Err(error)) => done(Err(WriteError::Job(error))),
                    },
                );
            (completion, end.err())
        });
        if let Err(returned) = sender.send(erased) {
            drop(returned);
        }
    }

    pub(crate) fn stats(&self) -> WriterStats {
        WriterStats {
            batches: self.stats.batches.load(Ordering::Relaxed),
            jobs: self.stats.jobs.load(Ordering::Relaxed),
            retries: self.stats.retries.load(Ordering::Relaxed),
        }
    }

    /// Close the queue; the thread drains what is queued, commits and exits.
    pub(crate) fn shutdown(&self) {
        self.sender.lock().expect("writer sender poisoned").take();
        if let Some(thread) = self.thread.lock().expect("writer thread poisoned").take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn run(
    mut connection: WriterConnection,
    receiver: Receiver<Job>,
    batch_jobs_max: usize,
    counters: &Counters,
) {
    let mut batch: Vec<Job> = Vec::with_capacity(batch_jobs_max);
    while let Ok(first) = receiver.recv() {
        batch.push(first);
        while batch.len() < batch_jobs_max {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        counters.batches.fetch_add(1, Ordering::Relaxed);
        counters
            .jobs
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
        match &mut connection {
            WriterConnection::Sqlite(connection) => run_batch(
                &Tx::new(Conn::Sqlite(connection), true),
                "BEGIN IMMEDIATE",
                &mut batch,
                counters,
            ),
            WriterConnection::Postgres {
                connection,
                url,
                options,
            } => {
                run_batch(
                    &Tx::new(Conn::Postgres(RefCell::new(connection)), true),
                    "BEGIN",
                    &mut batch,
                    counters,
                );
                // A lost connection failed its batch cleanly (the server rolled it back);
                // reconnect so the next batch finds a working writer.
                if connection.client.is_closed() {
                    match crate::open_postgres(url, options, crate::WRITER_APPLICATION_NAME) {
                        Ok(fresh) => **connection = fresh,
                        Err(error) => {
                            eprintln!("chuanyu-writer: reconnecting to PostgreSQL failed: {error}");
                            std::thread::sleep(std::time::Duration::from_millis(
                                RECONNECT_PAUSE_MS,
                            ));
                        }
                    }
                }
            }
        }
    }
}

fn run_batch(tx: &Tx<'_>, begin: &str, batch: &mut Vec<Job>, counters: &Counters) {
    let mut completions: Vec<Completion> = Vec::with_capacity(batch.len());
    let mut failure: Option<StoreError> = tx.execute_batch(begin).err();
    for job in batch.drain(..) {
        let (completion, error) = job(failure.is_none().then_some(tx), counters);
        completions.push(completion);
        if failure.is_none() {
            failure = error;
        }
    }
    if failure.is_none() {
        failure = tx.execute_batch("COMMIT").err();
    }
    if failure.is_some() {
        let _ = tx.execute_batch("ROLLBACK");
    }
    for completion in completions {
        completion(failure.as_ref());
    }
}
