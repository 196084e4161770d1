//! Copying a whole installation from one store to another (embedded SQLite → PostgreSQL), in
//! one transaction on the target, row for row, so the audit chains verify unchanged there.

use crate::db::{P, V};
use crate::{Store, StoreError, WriteError};

/// Every table with its columns and their kinds (`t` text, `i` integer, `b` boolean), in an
/// order that respects references. Surrogate ids (parties, tariff files) are re-issued.
/// A table to copy: its name, its columns with their kinds, and the order to read it in.
type TableSpec = (&'static str, &'static [(&'static str, char)], &'static str);

const TABLES: &[TableSpec] = &[
    (
        "reference_codes",
        &[
            ("kind", 't'),
            ("code", 't'),
            ("name", 't'),
            ("attributes", 't'),
        ],
        "kind, code",
    ),
    (
        "parties",
        &[
            ("code", 't'),
            ("name", 't'),
            ("role", 't'),
            ("district", 't'),
            ("uscc", 't'),
            ("aeo_level", 't'),
            ("partner_mra_aeo", 'b'),
            ("prior_hits", 'i'),
            ("api_key_hash", 't'),
            ("created_at", 't'),
        ],
        "id",
    ),
    (
        "declarations",
        &[
            ("id", 't'),
            ("number", 't'),
            ("customs_office", 't'),
            ("district", 't'),
            ("ie_flag", 't'),
            ("declarant_code", 't'),
            ("trader_code", 't'),
            ("state", 't'),
            ("lane", 't'),
            ("current_version", 'i'),
            ("tax_payable", 't'),
            ("assessment_seq", 'i'),
            ("tax_seq", 'i'),
            ("created_at", 't'),
            ("updated_at", 't'),
            ("lodged_at", 't'),
        ],
        "id",
    ),
    (
        "declaration_versions",
        &[
            ("declaration_id", 't'),
            ("version", 'i'),
            ("body", 't'),
            ("created_at", 't'),
            ("created_by", 't'),
        ],
        "declaration_id, version",
    ),
    (
        "declaration_sequences",
        &[("customs_office", 't'), ("year", 'i'), ("last", 'i')],
        "customs_office, year",
    ),
    (
        "audit_events",
        &[
            ("stream", 't'),
            ("seq", 'i'),
            ("at", 't'),
            ("actor", 't'),
            ("action", 't'),
            ("from_state", 't'),
            ("to_state", 't'),
            ("reason", 't'),
            ("payload", 't'),
            ("prev_hash", 't'),
            ("hash", 't'),
        ],
        "stream, seq",
    ),
    (
        "idempotency_keys",
        &[
            ("party_code", 't'),
            ("key", 't'),
            ("request_hash", 't'),
            ("status", 'i'),
            ("response", 't'),
            ("created_at", 't'),
        ],
        "party_code, key",
    ),
    (
        "rule_sets",
        &[
            ("version", 'i'),
            ("name", 't'),
            ("source", 't'),
            ("status", 't'),
            ("uploaded_by", 't'),
            ("uploaded_at", 't'),
            ("activated_at", 't'),
            ("retired_at", 't'),
        ],
        "version",
    ),
    (
        "tariff_files",
        &[
            ("kind", 't'),
            ("source", 't'),
            ("line_count", 'i'),
            ("imported_by", 't'),
            ("imported_at", 't'),
        ],
        "id",
    ),
];

fn param<'a>(value: &'a V, kind: char) -> Result<P<'a>, StoreError> {
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

/// Copy every table of `source` into `target`, which must hold no audit events yet.
/// Returns the rows copied per table.
pub fn copy_all(source: &Store, target: &Store) -> Result<Vec<(String, u64)>, StoreError> {
    let mut data = Vec::new();
    for (table, columns, order) in TABLES {
        let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
        let sql = format!("SELECT {} FROM {table} ORDER BY {order}", names.join(", "));
        let rows = source.read(|tx| tx.conn().query(&sql, &[]))?;
        data.push((*table, *columns, rows));
    }
    let copied = target.write_blocking(move |tx| {
        if tx.conn().query_one("SELECT COUNT(*) FROM audit_events", &[])?.int(0)? > 0 {
            return Err(StoreError::Corrupt("the target already holds audit events: copy into an empty database".into()));
        }
        let mut copied = Vec::new();
        for (table, columns, rows) in &data {
            let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
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
                tx.conn().execute(&sql, &params)?;
            }
            copied.push((table.to_string(), rows.len() as u64));
        }
        Ok(copied)
    });
    copied.map_err(|error| match error {
        WriteError::Job(error) | WriteError::Store(error) => error,
    })
}
