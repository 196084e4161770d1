//! The store's conformance suite, run on SQLite always and on PostgreSQL when
//! `CHUANYU_TEST_POSTGRES_URL` is set (each test in a schema of its own): the batching writer,
//! savepoint isolation, sequences, durability, immutability guards, and races between two stores
//! on one PostgreSQL database (two nodes).

use chuanyu_store::{DeclarationRow, NewAuditEvent, Store, StoreOptions, WriteError};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::channel;

/// One store per backend under test; the guard keeps the SQLite directory alive.
struct Backend {
    name: &'static str,
    store: Store,
    _dir: Option<tempfile::TempDir>,
    /// How to open another node on the same database (PostgreSQL only).
    reopen: Option<(String, StoreOptions)>,
}

fn postgres_url() -> Option<String> {
    match std::env::var("CHUANYU_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            // In CI a silently skipped PostgreSQL run would hide a broken backend.
            assert!(
                std::env::var("CI").map(|v| v != "true").unwrap_or(true),
                "CI=true but CHUANYU_TEST_POSTGRES_URL is not set: the PostgreSQL conformance run would be skipped"
            );
            None
        }
    }
}

impl Drop for Backend {
    /// A PostgreSQL test schema is dropped with its test, so runs never pile up schemas.
    fn drop(&mut self) {
        if let Some((url, options)) = &self.reopen {
            self.store.shutdown();
            if let (Ok(mut client), Some(schema)) = (
                postgres::Client::connect(url, postgres::NoTls),
                options.postgres_schema.as_ref(),
            ) {
                let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}

/// Drops a PostgreSQL test schema when the test ends (also on panic).
struct SchemaGuard(String, String);

impl Drop for SchemaGuard {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.0, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.1));
        }
    }
}

fn fresh_schema() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "t{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos % 1_000_000_000
    )
}

fn backends() -> Vec<Backend> {
    let dir = tempfile::tempdir().unwrap();
    let mut backends = vec![Backend {
        name: "sqlite",
        store: Store::open(dir.path(), StoreOptions::default()).unwrap(),
        _dir: Some(dir),
        reopen: None,
    }];
    if let Some(url) = postgres_url() {
        let options = StoreOptions {
            postgres_schema: Some(fresh_schema()),
            ..StoreOptions::default()
        };
        backends.push(Backend {
            name: "postgres",
            store: Store::open_postgres(&url, options.clone()).unwrap(),
            _dir: None,
            reopen: Some((url, options)),
        });
    }
    backends
}

fn row(id: &str) -> DeclarationRow {
    DeclarationRow {
        id: id.into(),
        number: None,
        customs_office: "7901".into(),
        district: "7900".into(),
        ie_flag: "I".into(),
        declarant_code: "5101230001".into(),
        trader_code: "5101980002".into(),
        state: "draft".into(),
        lane: None,
        current_version: 1,
        tax_payable: None,
        assessment_seq: None,
        tax_seq: None,
        created_at: "2026-11-30T00:00:00.000000Z".into(),
        updated_at: "2026-11-30T00:00:00.000000Z".into(),
        lodged_at: None,
    }
}

#[test]
fn jobs_share_batches_and_a_failing_job_rolls_back_alone() {
    for backend in backends() {
        jobs_share_batches(&backend.store, backend.name);
    }
}

fn jobs_share_batches(store: &Store, backend: &str) {
    let (sender, receiver) = channel();
    let jobs = 400;
    for index in 0..jobs {
        let sender = sender.clone();
        store.submit(
            move |tx| {
                tx.insert_declaration(&row(&format!("d{index:04}")))
                    .map_err(|e| e.to_string())?;
                tx.append_audit(&NewAuditEvent {
                    stream: &format!("declaration/d{index:04}"),
                    at: "2026-11-30T00:00:00.000000Z",
                    actor: "test",
                    action: "create",
                    from_state: None,
                    to_state: Some("draft"),
                    reason: None,
                    payload: None,
                })
                .map_err(|e| e.to_string())?;
                // Every tenth job fails after writing: its rows must vanish with its savepoint.
                if index % 10 == 0 {
                    Err(format!("job {index} refuses"))
                } else {
                    Ok(index)
                }
            },
            move |outcome: Result<usize, WriteError<String>>| {
                sender.send(outcome.map_err(|e| format!("{e:?}"))).unwrap()
            },
        );
    }
    drop(sender);
    let outcomes: Vec<_> = receiver.iter().collect();
    assert_eq!(outcomes.len(), jobs, "{backend}");
    let failed = outcomes.iter().filter(|o| o.is_err()).count();
    assert_eq!(failed, jobs / 10);
    let stored = store.read(|tx| tx.declaration_ids()).unwrap();
    assert_eq!(stored.len(), jobs - jobs / 10);
    assert!(
        !stored.contains(&"d0010".to_string()),
        "a failed job's rows are rolled back"
    );
    assert!(stored.contains(&"d0011".to_string()));
    let streams = store.read(|tx| tx.audit_streams()).unwrap();
    assert_eq!(
        streams.len(),
        jobs - jobs / 10,
        "and so are its audit events"
    );
    let stats = store.writer_stats();
    assert_eq!(stats.jobs, jobs as u64);
    assert!(
        stats.batches < stats.jobs,
        "queued jobs share transactions: {stats:?}"
    );
}

#[test]
fn acknowledged_writes_survive_a_reopen() {
    for backend in backends() {
        let outcome = backend
            .store
            .write_blocking(|tx| tx.insert_declaration(&row("kept")));
        assert!(outcome.is_ok(), "{}", backend.name);
        backend.store.shutdown();
        let reopened = match (&backend.reopen, backend.store.database_path()) {
            (Some((url, options)), _) => Store::open_postgres(url, options.clone()).unwrap(),
            (None, Some(path)) => {
                Store::open(path.parent().unwrap(), StoreOptions::default()).unwrap()
            }
            (None, None) => unreachable!("every backend can be reopened"),
        };
        assert_eq!(
            reopened.read(|tx| tx.declaration_ids()).unwrap(),
            vec!["kept".to_string()],
            "{}",
            backend.name
        );
    }
}

#[test]
fn sequences_are_per_office_and_year() {
    for backend in backends() {
        sequences(&backend.store);
    }
}

fn sequences(store: &Store) {
    let numbers = store
        .write_blocking(|tx| {
            Ok::<_, chuanyu_store::StoreError>(vec![
                tx.next_declaration_sequence("7901", 2026)?,
                tx.next_declaration_sequence("7901", 2026)?,
                tx.next_declaration_sequence("8001", 2026)?,
                tx.next_declaration_sequence("7901", 2027)?,
            ])
        })
        .unwrap();
    assert_eq!(numbers, vec![1, 2, 1, 1]);
    // A rolled-back job gives its number back.
    let refused: Result<u64, WriteError<String>> = store.write_blocking(|tx| {
        tx.next_declaration_sequence("7901", 2026)
            .map_err(|e| e.to_string())?;
        Err("refused".to_string())
    });
    assert!(refused.is_err());
    let next = store
        .write_blocking(|tx| tx.next_declaration_sequence("7901", 2026))
        .unwrap();
    assert_eq!(next, 3);
}

#[test]
fn writes_after_shutdown_are_refused_cleanly() {
    for backend in backends() {
        backend.store.shutdown();
        let outcome = backend
            .store
            .write_blocking(|tx| tx.insert_declaration(&row("late")));
        assert!(
            matches!(
                outcome,
                Err(WriteError::Store(chuanyu_store::StoreError::Closed))
            ),
            "{}",
            backend.name
        );
    }
}

#[test]
fn audit_events_and_versions_cannot_be_changed() {
    for backend in backends() {
        let written = backend.store.write_blocking(|tx| {
            tx.insert_declaration(&row("guarded"))?;
            tx.insert_version("guarded", 1, "{}", "2026-11-30T00:00:00.000000Z", "test")?;
            tx.append_audit(&event("declaration/guarded"))?;
            Ok::<_, chuanyu_store::StoreError>(())
        });
        assert!(written.is_ok(), "{}", backend.name);
        // Rewriting history through the store's own connection is refused by the database.
        let edit: Result<u64, WriteError<chuanyu_store::StoreError>> = backend
            .store
            .write_blocking(|tx| tx.execute_raw("UPDATE audit_events SET actor = 'x'"));
        let message = format!("{edit:?}");
        assert!(
            message.contains("never updated"),
            "{}: {message}",
            backend.name
        );
        let delete: Result<u64, WriteError<chuanyu_store::StoreError>> = backend
            .store
            .write_blocking(|tx| tx.execute_raw("DELETE FROM declaration_versions"));
        assert!(
            format!("{delete:?}").contains("never deleted"),
            "{}: {delete:?}",
            backend.name
        );
        let events = backend
            .store
            .read(|tx| tx.audit_stream("declaration/guarded"))
            .unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].record.actor, "test");
    }
}

fn event(stream: &str) -> NewAuditEvent<'_> {
    NewAuditEvent {
        stream,
        at: "2026-11-30T00:00:00.000000Z",
        actor: "test",
        action: "create",
        from_state: None,
        to_state: Some("draft"),
        reason: None,
        payload: None,
    }
}

/// Two nodes on one PostgreSQL database: concurrent appends to one audit stream and draws
/// from one number sequence never collide or leave gaps.
#[test]
fn two_nodes_on_one_postgres_never_duplicate_numbers_or_fork_a_chain() {
    let Some(url) = postgres_url() else { return };
    let options = StoreOptions {
        postgres_schema: Some(fresh_schema()),
        ..StoreOptions::default()
    };
    let _guard = SchemaGuard(url.clone(), options.postgres_schema.clone().unwrap());
    let first = Store::open_postgres(&url, options.clone()).unwrap();
    let second = Store::open_postgres(&url, options).unwrap();
    let (sender, receiver) = channel();
    let per_node = 150;
    for index in 0..per_node * 2 {
        let node = if index % 2 == 0 { &first } else { &second };
        let sender = sender.clone();
        node.submit(
            |tx| {
                let number = tx.next_declaration_sequence("7901", 2026)?;
                tx.append_audit(&event("shared-stream"))?;
                Ok::<_, chuanyu_store::StoreError>(number)
            },
            move |outcome| sender.send(outcome.map_err(|e| format!("{e:?}"))).unwrap(),
        );
    }
    drop(sender);
    let mut numbers: Vec<u64> = receiver.iter().map(|o| o.unwrap()).collect();
    numbers.sort();
    assert_eq!(
        numbers,
        (1..=(per_node * 2) as u64).collect::<Vec<_>>(),
        "gap-free, no duplicates"
    );
    let events = first.read(|tx| tx.audit_stream("shared-stream")).unwrap();
    assert_eq!(events.len(), per_node * 2);
    assert!(
        chuanyu_domain::audit::verify_chain(&events).is_empty(),
        "one unbroken chain"
    );
    // Appends with no lock to queue behind race on the (stream, seq) key: losers are re-run.
    let (sender, receiver) = channel();
    for index in 0..per_node * 2 {
        let node = if index % 2 == 0 { &first } else { &second };
        let sender = sender.clone();
        node.submit(
            |tx| {
                tx.append_audit(&event("raced-stream"))
                    .map(|e| e.record.seq)
            },
            move |outcome| sender.send(outcome.map_err(|e| format!("{e:?}"))).unwrap(),
        );
    }
    drop(sender);
    let mut seqs: Vec<u64> = receiver.iter().map(|o| o.unwrap()).collect();
    seqs.sort();
    assert_eq!(seqs, (1..=(per_node * 2) as u64).collect::<Vec<_>>());
    let raced = first.read(|tx| tx.audit_stream("raced-stream")).unwrap();
    assert!(
        chuanyu_domain::audit::verify_chain(&raced).is_empty(),
        "one unbroken chain"
    );
    let retries = first.writer_stats().retries + second.writer_stats().retries;
    println!("two nodes: {retries} jobs re-run after losing a race");
}

/// The writer's connection dies in the middle of a transaction: the job fails cleanly, nothing
/// it wrote remains, and the next write goes through on a fresh connection.
#[test]
fn a_connection_lost_mid_transaction_fails_cleanly_and_the_writer_recovers() {
    let Some(url) = postgres_url() else { return };
    let options = StoreOptions {
        postgres_schema: Some(fresh_schema()),
        ..StoreOptions::default()
    };
    let _guard = SchemaGuard(url.clone(), options.postgres_schema.clone().unwrap());
    let store = Store::open_postgres(&url, options).unwrap();
    let killer_url = url.clone();
    let killer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        let mut client = postgres::Client::connect(&killer_url, postgres::NoTls).unwrap();
        client
            .execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE application_name = 'chuanyu-writer' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()",
                &[],
            )
            .unwrap()
    });
    let outcome: Result<u64, WriteError<chuanyu_store::StoreError>> = store.write_blocking(|tx| {
        tx.insert_declaration(&row("half-written"))?;
        tx.append_audit(&event("declaration/half-written"))?;
        // Hold the transaction open until the connection is killed under it.
        tx.execute_raw("SELECT pg_sleep(2)")
    });
    let terminated = killer.join().unwrap();
    assert!(
        terminated >= 1,
        "the writer's backend was found and terminated"
    );
    assert!(
        outcome.is_err(),
        "the interrupted write reports failure: {outcome:?}"
    );
    let ids = store.read(|tx| tx.declaration_ids()).unwrap();
    assert!(ids.is_empty(), "nothing half-written remains: {ids:?}");
    assert!(
        store
            .read(|tx| tx.audit_stream("declaration/half-written"))
            .unwrap()
            .is_empty()
    );
    // The writer reconnects: the next write succeeds.
    let mut recovered = Err(WriteError::Store(chuanyu_store::StoreError::Closed));
    for _ in 0..20 {
        recovered = store.write_blocking(|tx| tx.insert_declaration(&row("after")));
        if recovered.is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(recovered.is_ok(), "{recovered:?}");
    assert_eq!(
        store.read(|tx| tx.declaration_ids()).unwrap(),
        vec!["after".to_string()]
    );
}
