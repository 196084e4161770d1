//! Schema migrations: numbered SQL files applied in order, each in its own transaction.

use crate::StoreError;
use rusqlite::Connection;

/// The migrations of the SQLite backend, in order. Never edit one that has shipped: add another.
const SQLITE_MIGRATIONS: &[(i64, &str)] =
    &[(1, include_str!("../migrations/sqlite/0001_foundation.sql"))];

pub(crate) fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
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
