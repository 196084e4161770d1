//! The ledger crash test (issue 6): while clients book concurrently, the harness kills
//! `chuanyu serve` with SIGKILL at random moments (`CHUANYU_CRASH_KILLS`, default 20; seeded,
//! `CHUANYU_CRASH_SEED`) and restarts it on the same data directory. Clients retry every request
//! whose answer was lost, with the same client-chosen id, until answered. At the end every
//! acknowledged movement is stored exactly once, no retry booked twice, the balances equal those
//! computed from the acknowledged movements, and `chuanyu ledger verify` passes. The same runs
//! on PostgreSQL with half the kills when `CHUANYU_TEST_POSTGRES_URL` is set.

mod common;

use common::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const CLIENTS: usize = 8;
/// Bounds of the random time between a (re)start and the next kill.
const KILL_AFTER_MS: (u64, u64) = (150, 1500);
/// Share of restarts that are killed again during start-up (within STARTUP_KILL_MAX_MS), in
/// addition to the kills under load.
const STARTUP_KILL_PERCENT: u64 = 20;
const STARTUP_KILL_MAX_MS: u64 = 300;

/// The two crash tests share two cores: one at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ledger_survives_sigkill_at_random_moments() {
    let _one_at_a_time = SERIAL.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let kills = seconds_from("CHUANYU_CRASH_KILLS", 20) as usize;
    crash(Target::Embedded(dir.path().to_path_buf()), kills).await;
}

/// The same on PostgreSQL (when `CHUANYU_TEST_POSTGRES_URL` is set), with half the kills, in a
/// schema of its own that is dropped afterwards: a killed server's connections end mid-batch.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ledger_survives_sigkill_on_postgres() {
    let Some(base) = postgres_url() else {
        return;
    };
    let _one_at_a_time = SERIAL.lock().await;
    let kills = (seconds_from("CHUANYU_CRASH_KILLS", 20) as usize).div_ceil(2);
    let schema = format!("ledger_crash_{}", std::process::id());
    let target = {
        let base = base.clone();
        tokio::task::spawn_blocking(move || Target::postgres_schema(&base, &schema))
            .await
            .unwrap()
    };
    crash(target.clone(), kills).await;
    tokio::task::spawn_blocking(move || target.drop_schema(&base))
        .await
        .unwrap();
}

async fn crash(target: Target, kills: usize) {
    let seed = seed_from("CHUANYU_CRASH_SEED");
    say(format!(
        "ledger crash test on {}: {CLIENTS} clients, {kills} kills, seed {seed} (CHUANYU_CRASH_SEED={seed} repeats the kill delays and the mix)",
        target.name()
    ));
    let logs = tempfile::tempdir().unwrap();
    let keys = {
        let target = target.clone();
        tokio::task::spawn_blocking(move || Keys::register(&target))
            .await
            .unwrap()
    };
    let start = |n: usize| {
        let target = target.clone();
        let log = logs.path().join(format!("serve-{n:02}.log"));
        tokio::task::spawn_blocking(move || Server::start(&target, &log))
    };
    let mut server = start(0).await.unwrap();
    let mut server_logs = vec![server.log.clone()];
    let world = Arc::new(World::new(keys, &server.base, CLIENTS));
    world.open_books().await;

    let mix = Mix {
        duplicate_percent: 10,
        overdraw_percent: 5,
        double_send: false,
        survive_crashes: true,
    };
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let clients = run_clients(&world, seed, mix, Until::Flag(stop.clone()));
    let watcher = watch_balances(&world, Until::Flag(stop.clone()));
    let mut rng = Rng::new(seed);
    let mut restart_times = Vec::new();
    let mut startup_kills = 0;
    for kill in 1..=kills {
        let delay = Duration::from_millis(rng.between(KILL_AFTER_MS.0, KILL_AFTER_MS.1));
        tokio::time::sleep(delay).await;
        world.set_base(None);
        tokio::task::spawn_blocking(move || server.kill())
            .await
            .unwrap();
        let restarting = Instant::now();
        // Now and then the restarted server is killed again during its start-up.
        if rng.percent(STARTUP_KILL_PERCENT) {
            let after = Duration::from_millis(rng.between(0, STARTUP_KILL_MAX_MS));
            let (target, log) = (
                target.clone(),
                logs.path().join(format!("early-{kill:02}.log")),
            );
            server_logs.push(log.clone());
            tokio::task::spawn_blocking(move || Server::start_and_kill(&target, &log, after))
                .await
                .unwrap();
            startup_kills += 1;
        }
        server = start(kill).await.unwrap();
        restart_times.push(restarting.elapsed());
        server_logs.push(server.log.clone());
        world.set_base(Some(server.base.clone()));
    }
    // Some booking after the last restart, then the clients finish their operation (a lost
    // answer is retried until answered) and stop.
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::SeqCst);
    let mut stats = tokio::time::timeout(RETRY_MAX * 2, clients)
        .await
        .expect("the clients stop")
        .unwrap();
    let (balances_read, negative) = watcher.await.unwrap();
    let elapsed = started.elapsed();

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
    let panics = panics_in(&server_logs);
    let restart_max = restart_times.iter().max().copied().unwrap_or_default();

    say(format!(
        "ledger crash test on {} ({CLIENTS} clients, {kills} SIGKILLs under load + {startup_kills} during start-up in {:.1} s, seed {seed}):\n  \
         requests answered: {}; movements booked: {}; restart (to healthy) max {:.0} ms\n  \
         answers lost to a kill: {} -> retried: {} replayed the booking committed before the kill, {} booked fresh, {} refused\n  \
         duplicates: {} (replayed: {}); over-draws: {} (refused: {}); ids reused with other content: {} (refused: {}); contention refusals: {}\n  \
         balances read while booking and crashing: {balances_read}\n  \
         stored movements: {stored}; differences from the acknowledged movements (lost, twice, unacknowledged, balances): {}; ledger verify exit {verify_code}, audit verify exit {audit_code}",
        target.name(),
        elapsed.as_secs_f64(),
        stats.requests,
        stats.booked,
        ms(restart_max),
        stats.lost_answers,
        stats.lost_committed,
        stats.lost_fresh,
        stats.lost_refused,
        stats.duplicates,
        stats.duplicates_replayed,
        stats.overdraws,
        stats.overdraws_refused,
        stats.id_reuses,
        stats.id_reuses_refused,
        stats.contention_refusals,
        problems.len(),
    ));
    let _ = stats.percentile(0.5);

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
    assert!(
        stats.lost_answers > 0,
        "no kill caught a request in flight: the test tested nothing"
    );
    assert_eq!(
        stats.lost_answers,
        stats.lost_committed + stats.lost_fresh + stats.lost_refused,
        "every lost answer was resolved by a retry"
    );
    assert_eq!(stats.overdraws, stats.overdraws_refused);
    assert_eq!(stats.duplicates, stats.duplicates_replayed);
    assert_eq!(stats.id_reuses, stats.id_reuses_refused);
}
