//! The ledger concurrency soak (issue 6): 32 clients book mixed movements on four account
//! books of a real `chuanyu serve` for a bounded time (`CHUANYU_SOAK_SECONDS`, default 60;
//! PostgreSQL `CHUANYU_SOAK_PG_SECONDS`, default 20), 10 % of them exact duplicate resubmits
//! and 5 % deliberate over-draws. Then: nothing lost, nothing booked twice, the stored balances
//! equal those computed from the acknowledged movements, and `chuanyu ledger verify` passes.

mod common;

use common::*;
use std::sync::Arc;
use std::time::{Duration, Instant};

const CLIENTS: usize = 32;

/// The two soaks share two cores: one at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn soak(target: Target, seconds: u64, logs: &std::path::Path) {
    let seed = seed_from("CHUANYU_SOAK_SEED");
    say(format!(
        "ledger soak on {}: {CLIENTS} clients x {seconds} s, seed {seed} (CHUANYU_SOAK_SEED={seed} repeats the mix)",
        target.name()
    ));
    let keys = {
        let target = target.clone();
        tokio::task::spawn_blocking(move || Keys::register(&target))
            .await
            .unwrap()
    };
    let log = logs.join("serve.log");
    let server = {
        let (target, log) = (target.clone(), log.clone());
        tokio::task::spawn_blocking(move || Server::start(&target, &log))
            .await
            .unwrap()
    };
    let world = Arc::new(World::new(keys, &server.base, CLIENTS));
    world.open_books().await;

    let mix = Mix {
        duplicate_percent: 10,
        overdraw_percent: 5,
        double_send: true,
        survive_crashes: false,
    };
    let started = Instant::now();
    let until = Until::Deadline(started + Duration::from_secs(seconds));
    let watcher = watch_balances(&world, until.clone());
    let mut stats = run_clients(&world, seed, mix, until).await.unwrap();
    let (balances_read, negative) = watcher.await.unwrap();
    let elapsed = started.elapsed();

    let mut rng = Rng::new(seed);
    let mut problems = check_through_http(&world, &mut rng).await;
    let status = tokio::task::spawn_blocking(move || server.stop())
        .await
        .unwrap();
    let (stored, stored_problems, (verify_code, verify_output), (audit_code, audit_output)) = {
        let (target, world) = (target.clone(), world.clone());
        tokio::task::spawn_blocking(move || {
            let (stored, problems) = check_stored_movements(&target, &world);
            (
                stored,
                problems,
                ledger_verify(&target),
                audit_verify(&target),
            )
        })
        .await
        .unwrap()
    };
    problems.extend(stored_problems);
    problems.extend(negative);
    let panics = panics_in(&[log]);

    let answered = stats.requests;
    let (p50, p99) = (stats.percentile(0.50), stats.percentile(0.99));
    say(format!(
        "ledger soak on {} ({CLIENTS} clients, {:.1} s, seed {seed}):\n  \
         requests answered: {answered} ({:.0}/s); movements booked: {}\n  \
         duplicates: {} (first answer replayed: {}; of them sent twice at once: {})\n  \
         deliberate over-draws: {} (refused insufficient_balance: {}); contention refusals on shared stock: {}\n  \
         ids reused with other content: {} (refused idempotency_key_reused: {}); balances read while booking: {balances_read} (negative: 0 expected)\n  \
         latency p50 / p99: {:.1} ms / {:.1} ms\n  \
         stored movements: {stored}; differences from the acknowledged movements (lost, twice, unacknowledged, balances): {}; ledger verify exit {verify_code}, audit verify exit {audit_code}",
        target.name(),
        elapsed.as_secs_f64(),
        answered as f64 / elapsed.as_secs_f64(),
        stats.booked,
        stats.duplicates,
        stats.duplicates_replayed,
        stats.double_sends,
        stats.overdraws,
        stats.overdraws_refused,
        stats.contention_refusals,
        stats.id_reuses,
        stats.id_reuses_refused,
        ms(p50),
        ms(p99),
        problems.len(),
    ));

    assert!(status.success(), "a SIGTERM is a clean stop: {status:?}");
    assert!(panics.is_empty(), "the server panicked: {panics:?}");
    assert!(
        stats.failures.is_empty(),
        "{} wrong answers, e.g. {:#?}",
        stats.failures.len(),
        &stats.failures[..stats.failures.len().min(10)]
    );
    assert!(
        problems.is_empty(),
        "{} differences between the store and the acknowledged movements, e.g. {:#?}",
        problems.len(),
        &problems[..problems.len().min(20)]
    );
    assert_eq!(verify_code, 0, "ledger verify: {verify_output}");
    assert_eq!(audit_code, 0, "audit verify: {audit_output}");
    assert!(stats.booked > 0 && stats.duplicates > 0 && stats.overdraws > 0);
    assert_eq!(stats.overdraws, stats.overdraws_refused);
    assert_eq!(stats.duplicates, stats.duplicates_replayed);
    assert_eq!(stats.id_reuses, stats.id_reuses_refused);
    assert!(balances_read > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ledger_soak_sqlite() {
    let _one_at_a_time = SERIAL.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let seconds = seconds_from("CHUANYU_SOAK_SECONDS", 60);
    soak(
        Target::Embedded(dir.path().to_path_buf()),
        seconds,
        logs.path(),
    )
    .await;
}

/// The same soak on PostgreSQL (when `CHUANYU_TEST_POSTGRES_URL` is set), in a schema of its
/// own that is dropped afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ledger_soak_postgres() {
    let Some(base) = postgres_url() else {
        return;
    };
    let _one_at_a_time = SERIAL.lock().await;
    let seconds = seconds_from(
        "CHUANYU_SOAK_PG_SECONDS",
        seconds_from("CHUANYU_SOAK_SECONDS", 20).min(20),
    );
    let schema = format!("ledger_soak_{}", std::process::id());
    let target = {
        let base = base.clone();
        tokio::task::spawn_blocking(move || Target::postgres_schema(&base, &schema))
            .await
            .unwrap()
    };
    let logs = tempfile::tempdir().unwrap();
    soak(target.clone(), seconds, logs.path()).await;
    tokio::task::spawn_blocking(move || target.drop_schema(&base))
        .await
        .unwrap();
}
