//! Copying a whole installation from one store to another (embedded SQLite → PostgreSQL), in
//! one transaction on the target, row for row, so the audit chains and ledgers verify unchanged.

use crate::db::{Conn, P, V};
use crate::{Store, StoreError, WriteError};

/// Every table, in an order that respects references, with the order to read it in. Columns are
/// taken from the target's catalogue; generated surrogate ids (parties, tariff files) are re-issued.
const TABLES: &[(&str, &str)] = &[
    ("reference_codes", "kind, code"),
    ("parties", "id"),
    ("declarations", "id"),
    ("declaration_versions", "declaration_id, version"),
    ("declaration_sequences", "customs_office, year"),
    ("audit_events", "stream, seq"),
    ("idempotency_keys", "party_code, key"),
    ("rule_sets", "version"),
    ("tariff_files", "id"),
    ("ceb_messages", "sender, guid"),
    ("ceb_documents", "kind, doc_key, sender, guid, entry"),
    ("cbec_lists", "id"),
    ("cbec_quotas", "buyer_id, year"),
    ("cbec_sequences", "kind, scope"),
    ("ceb_receipts", "recipient, seq"),
    ("cbec_guarantees", "id"),
    ("cbec_tax_bills", "list_id"),
    ("cbec_settlements", "id"),
    ("party_keys", "party_code, fingerprint"),
    ("cbec_list_returns", "list_id, seq"),
    ("cbec_summaries", "id"),
    ("ledger_books", "id"),
    ("ledger_items", "book_id, material_no"),
    ("ledger_lists", "book_id, id"),
    ("ledger_movements", "book_id, seq"),
    ("ledger_gate_passes", "id"),
    ("ledger_list_declarations", "book_id, list_id"),
    ("ledger_spare_parts", "id"),
    ("ledger_spare_part_movements", "record_id, seq"),
    ("ledger_duty_free_allowances", "traveller_id, trip"),
    ("ledger_duty_free_sales", "book_id, id"),
    ("ledger_stocktakes", "book_id, id"),
];

fn param(value: &V, kind: char) -> Result<P<'_>, StoreError> {
    Ok(match (value, kind) {
        (V::Null, 'i') => P::OptInt(None),
        (V::Null, _) => P::OptText(None),
        (V::Text(text), 't') => P::Text(text),
        (V::Int(number), 'i') => P::Int(*number),
        (V::Int(number), 'b') => P::Bool(*number != 0),
        (V::Bool(flag), 'b') => P::Bool(*flag),
        (other, kind) => {
            return Err(StoreError::Corrupt(format!(
                "cannot copy {other:?} into a '{kind}' column"
            )));
        }
    })
}

/// The columns of a table on the PostgreSQL target, with their kinds (`t` text, `i` integer,
/// `b` boolean), identity columns left out.
fn target_columns(target: &Store, table: &str) -> Result<Vec<(String, char)>, StoreError> {
    let table = table.to_string();
    let rows = target.read(move |tx| {
        tx.conn().query(
            "SELECT column_name, data_type, is_identity FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            &[P::Text(&table)],
        )
    })?;
    let mut columns = Vec::new();
    for row in rows {
        if row.text(2)? == "YES" {
            continue;
        }
        let kind = match row.text(1)?.as_str() {
            "bigint" | "integer" | "smallint" => 'i',
            "boolean" => 'b',
            _ => 't',
        };
        columns.push((row.text(0)?, kind));
    }
    Ok(columns)
}

/// Copy every table of `source` into `target` (PostgreSQL), which must hold no audit events yet.
/// Returns the rows copied per table.
pub fn copy_all(source: &Store, target: &Store) -> Result<Vec<(String, u64)>, StoreError> {
    let mut data = Vec::new();
    for (table, order) in TABLES {
        let columns = target_columns(target, table)?;
        if columns.is_empty() {
            return Err(StoreError::Corrupt(format!(
                "the target has no table {table}: migrate it first"
            )));
        }
        let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
        let sql = format!("SELECT {} FROM {table} ORDER BY {order}", names.join(", "));
        let rows = source.read(|tx| tx.conn().query(&sql, &[]))?;
        data.push((*table, columns, rows));
    }
    let copied = target.write_blocking(move |tx| {
        let conn: &Conn<'_> = tx.conn();
        if conn.query_one("SELECT COUNT(*) FROM audit_events", &[])?.int(0)? > 0 {
            return Err(StoreError::Corrupt("the target already holds audit events: copy into an empty database".into()));
        }
        let mut copied = Vec::new();
        for (table, columns, rows) in &data {
            let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
            let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
            // Reference rows may already be seeded on the target: the source's win.
            let conflict = if *table == "reference_codes" {
                " ON CONFLICT (kind, code) DO UPDATE SET name = excluded.name, attributes = excluded.attributes"
            } else {
                ""
            };
            let sql = format!("INSERT INTO {table} ({}) VALUES ({}){conflict}", names.join(", "), placeholders.join(", "));
            for row in rows {
                let params = row
                    .0
                    .iter()
                    .zip(columns.iter())
                    .map(|(value, (_, kind))| param(value, *kind))
                    .collect::<Result<Vec<_>, _>>()?;
                conn.execute(&sql, &params)?;
            }
            copied.push((table.to_string(), rows.len() as u64));
        }
        Ok(copied)
    });
    copied.map_err(|error| match error {
        WriteError::Job(error) | WriteError::Store(error) => error,
    })
}

#[cfg(test)]
mod tests {
    /// A table the copy forgets is data lost on a move: every table of the schema is listed.
    #[test]
    fn every_table_of_the_schema_is_copied() {
        let mut connection = rusqlite::Connection::open_in_memory().unwrap();
        crate::migrate::migrate_sqlite(&mut connection).unwrap();
        let mut statement = connection
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
            )
            .unwrap();
        let tables: Vec<String> = statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut copied: Vec<String> = super::TABLES.iter().map(|(t, _)| t.to_string()).collect();
        copied.sort();
        assert_eq!(tables, copied);
    }
}
