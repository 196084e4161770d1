//! Schema migrations: numbered SQL files per backend, applied in order, each in its own transaction.

use crate::StoreError;
use rusqlite::Connection;

/// The migrations of each backend, in order. Never edit one that has shipped: add another.
const SQLITE_MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_foundation.sql")),
    (2, include_str!("../migrations/sqlite/0002_cbec.sql")),
    (3, include_str!("../migrations/sqlite/0003_ledger.sql")),
    (4, include_str!("../migrations/sqlite/0004_ledger_more.sql")),
    (5, include_str!("../migrations/sqlite/0005_cbec_trust.sql")),
    (6, include_str!("../migrations/sqlite/0006_cbec_export.sql")),
];
const POSTGRES_MIGRATIONS: &[(i64, &str)] = &[
    (
        1,
        include_str!("../migrations/postgres/0001_foundation.sql"),
    ),
    (2, include_str!("../migrations/postgres/0002_cbec.sql")),
    (3, include_str!("../migrations/postgres/0003_ledger.sql")),
    (
        4,
        include_str!("../migrations/postgres/0004_ledger_more.sql"),
    ),
    (
        5,
        include_str!("../migrations/postgres/0005_cbec_trust.sql"),
    ),
    (
        6,
        include_str!("../migrations/postgres/0006_cbec_export.sql"),
    ),
];

/// An arbitrary constant: the advisory lock that keeps two nodes from migrating at once.
const MIGRATION_LOCK_KEY: i64 = 0x0063_6875_616e_7975;

pub(crate) fn migrate_sqlite(connection: &mut Connection) -> Result<(), StoreError> {
    connection.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
    )?;
    let applied: i64 = connection.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |row| row.get(0),
    )?;
    for (version, sql) in SQLITE_MIGRATIONS
        .iter()
        .filter(|(version, _)| *version > applied)
    {
        let transaction = connection.transaction()?;
        transaction.execute_batch(sql)?;
        transaction.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
            [version],
        )?;
        transaction.commit()?;
    }
    Ok(())
}

pub(crate) fn migrate_postgres(client: &mut postgres::Client) -> Result<(), StoreError> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK_KEY])?;
    let outcome = (|| -> Result<(), StoreError> {
        client.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
        )?;
        let applied: i64 = client
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                &[],
            )?
            .get(0);
        for (version, sql) in POSTGRES_MIGRATIONS
            .iter()
            .filter(|(version, _)| *version > applied)
        {
            let mut transaction = client.transaction()?;
            transaction.batch_execute(sql)?;
            transaction.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, to_char(now() AT TIME ZONE 'UTC', \
                 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",
                &[version],
            )?;
            transaction.commit()?;
        }
        Ok(())
    })();
    client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK_KEY])?;
    outcome
}
