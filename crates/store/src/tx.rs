//! Every SQL statement of the store, as methods on a connection inside a transaction.

use crate::StoreError;
use crate::rows::*;
use chuanyu_domain::audit::{self, AuditRecord, StoredEvent};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// A connection inside a transaction (a batch savepoint for writes, a snapshot for reads).
pub struct Tx<'a> {
    connection: &'a Connection,
}

fn declaration_row(row: &Row<'_>) -> rusqlite::Result<DeclarationRow> {
    Ok(DeclarationRow {
        id: row.get(0)?,
        number: row.get(1)?,
        customs_office: row.get(2)?,
        district: row.get(3)?,
        ie_flag: row.get(4)?,
        declarant_code: row.get(5)?,
        trader_code: row.get(6)?,
        state: row.get(7)?,
        lane: row.get(8)?,
        current_version: row.get(9)?,
        tax_payable: row.get(10)?,
        assessment_seq: row.get(11)?,
        tax_seq: row.get(12)?,
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
        lodged_at: row.get(15)?,
    })
}

const DECLARATION_COLUMNS: &str = "id, number, customs_office, district, ie_flag, declarant_code, trader_code, \
     state, lane, current_version, tax_payable, assessment_seq, tax_seq, created_at, updated_at, lodged_at";

fn party_row(row: &Row<'_>) -> rusqlite::Result<PartyRow> {
    Ok(PartyRow {
        code: row.get(0)?,
        name: row.get(1)?,
        role: row.get(2)?,
        district: row.get(3)?,
        uscc: row.get(4)?,
        aeo_level: row.get(5)?,
        partner_mra_aeo: row.get(6)?,
        prior_hits: row.get(7)?,
        created_at: row.get(8)?,
    })
}

const PARTY_COLUMNS: &str =
    "code, name, role, district, uscc, aeo_level, partner_mra_aeo, prior_hits, created_at";

fn stored_event(row: &Row<'_>) -> rusqlite::Result<(AuditRecord, String, String)> {
    Ok((
        AuditRecord {
            stream: row.get(0)?,
            seq: row.get(1)?,
            at: row.get(2)?,
            actor: row.get(3)?,
            action: row.get(4)?,
            from_state: row.get(5)?,
            to_state: row.get(6)?,
            reason: row.get(7)?,
            payload: row.get(8)?,
        },
        row.get(9)?,
        row.get(10)?,
    ))
}

impl<'a> Tx<'a> {
    pub(crate) fn new(connection: &'a Connection) -> Self {
        Tx { connection }
    }

    pub(crate) fn execute_batch(&self, sql: &str) -> Result<(), StoreError> {
        Ok(self.connection.execute_batch(sql)?)
    }

    // ---- reference data ----

    pub fn reference_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .connection
            .query_row("SELECT COUNT(*) FROM reference_codes", [], |row| row.get(0))?)
    }

    pub fn upsert_reference(
        &self,
        kind: &str,
        code: &str,
        name: &str,
        attributes: &str,
    ) -> Result<(), StoreError> {
        self.connection
            .prepare_cached(
                "INSERT INTO reference_codes (kind, code, name, attributes) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (kind, code) DO UPDATE SET name = excluded.name, attributes = excluded.attributes",
            )?
            .execute(params![kind, code, name, attributes])?;
        Ok(())
    }

    /// Rows of one reference table whose code starts with `prefix`, in code order.
    pub fn reference_codes(
        &self,
        kind: &str,
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT code, name, attributes FROM reference_codes WHERE kind = ?1 AND code >= ?2 AND code < ?2 || x'ff' \
             ORDER BY code LIMIT ?3",
        )?;
        let rows = statement.query_map(params![kind, prefix, limit], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    // ---- parties ----

    pub fn insert_party(&self, party: &PartyRow, api_key_hash: &str) -> Result<(), StoreError> {
        self.connection
            .prepare_cached(
                "INSERT INTO parties (code, name, role, district, uscc, aeo_level, partner_mra_aeo, prior_hits, \
                 api_key_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                party.code,
                party.name,
                party.role,
                party.district,
                party.uscc,
                party.aeo_level,
                party.partner_mra_aeo,
                party.prior_hits,
                api_key_hash,
                party.created_at
            ])?;
        Ok(())
    }

    pub fn party_by_key_hash(&self, api_key_hash: &str) -> Result<Option<PartyRow>, StoreError> {
        let sql = format!("SELECT {PARTY_COLUMNS} FROM parties WHERE api_key_hash = ?1");
        Ok(self
            .connection
            .prepare_cached(&sql)?
            .query_row([api_key_hash], party_row)
            .optional()?)
    }

    pub fn party_by_code(&self, code: &str) -> Result<Option<PartyRow>, StoreError> {
        let sql = format!("SELECT {PARTY_COLUMNS} FROM parties WHERE code = ?1");
        Ok(self
            .connection
            .prepare_cached(&sql)?
            .query_row([code], party_row)
            .optional()?)
    }

    pub fn parties(&self) -> Result<Vec<PartyRow>, StoreError> {
        let sql = format!("SELECT {PARTY_COLUMNS} FROM parties ORDER BY code");
        let mut statement = self.connection.prepare_cached(&sql)?;
        let rows = statement.query_map([], party_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Count one more inspection finding against an enterprise (risk history).
    pub fn add_prior_hit(&self, code: &str) -> Result<(), StoreError> {
        self.connection
            .prepare_cached("UPDATE parties SET prior_hits = prior_hits + 1 WHERE code = ?1")?
            .execute([code])?;
        Ok(())
    }

    // ---- declarations ----

    /// The next number of the gap-free sequence of an office and year. Runs inside the write
    /// transaction, so a rolled-back lodgement gives its number back.
    pub fn next_declaration_sequence(
        &self,
        customs_office: &str,
        year: i16,
    ) -> Result<u64, StoreError> {
        let next: u64 = self
            .connection
            .prepare_cached(
                "INSERT INTO declaration_sequences (customs_office, year, last) VALUES (?1, ?2, 1) \
                 ON CONFLICT (customs_office, year) DO UPDATE SET last = last + 1 RETURNING last",
            )?
            .query_row(params![customs_office, year], |row| row.get(0))?;
        Ok(next)
    }

    pub fn insert_declaration(&self, row: &DeclarationRow) -> Result<(), StoreError> {
        let sql = format!(
            "INSERT INTO declarations ({DECLARATION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
        );
        self.connection.prepare_cached(&sql)?.execute(params![
            row.id,
            row.number,
            row.customs_office,
            row.district,
            row.ie_flag,
            row.declarant_code,
            row.trader_code,
            row.state,
            row.lane,
            row.current_version,
            row.tax_payable,
            row.assessment_seq,
            row.tax_seq,
            row.created_at,
            row.updated_at,
            row.lodged_at
        ])?;
        Ok(())
    }

    /// Overwrite the mutable projection (state, lane, number, version pointer, tax).
    pub fn update_declaration(&self, row: &DeclarationRow) -> Result<(), StoreError> {
        let changed = self
            .connection
            .prepare_cached(
                "UPDATE declarations SET number = ?2, state = ?3, lane = ?4, current_version = ?5, tax_payable = ?6, \
                 updated_at = ?7, lodged_at = ?8, customs_office = ?9, district = ?10, declarant_code = ?11, \
                 trader_code = ?12, ie_flag = ?13, assessment_seq = ?14, tax_seq = ?15 WHERE id = ?1",
            )?
            .execute(params![
                row.id,
                row.number,
                row.state,
                row.lane,
                row.current_version,
                row.tax_payable,
                row.updated_at,
                row.lodged_at,
                row.customs_office,
                row.district,
                row.declarant_code,
                row.trader_code,
                row.ie_flag,
                row.assessment_seq,
                row.tax_seq
            ])?;
        if changed != 1 {
            return Err(StoreError::Corrupt(format!(
                "declaration {} vanished during an update",
                row.id
            )));
        }
        Ok(())
    }

    pub fn declaration(&self, id: &str) -> Result<Option<DeclarationRow>, StoreError> {
        let sql = format!("SELECT {DECLARATION_COLUMNS} FROM declarations WHERE id = ?1");
        Ok(self
            .connection
            .prepare_cached(&sql)?
            .query_row([id], declaration_row)
            .optional()?)
    }

    /// A page of declarations visible to a reader, in id order (ids are time-ordered), after a cursor.
    pub fn declarations(
        &self,
        visibility: &Visibility,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<DeclarationRow>, StoreError> {
        let after = after.unwrap_or("");
        let (filter, value) = match visibility {
            Visibility::All => ("?1 = ?1", String::new()),
            Visibility::District(district) => ("district = ?1", district.clone()),
            Visibility::Enterprise(code) => {
                ("(declarant_code = ?1 OR trader_code = ?1)", code.clone())
            }
        };
        let sql = format!(
            "SELECT {DECLARATION_COLUMNS} FROM declarations WHERE {filter} AND id > ?2 ORDER BY id LIMIT ?3"
        );
        let mut statement = self.connection.prepare_cached(&sql)?;
        let rows = statement.query_map(params![value, after, limit], declaration_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Declarations lodged in `[from, to)` (RFC 3339 text bounds), for back-testing.
    pub fn declarations_lodged_between(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<DeclarationRow>, StoreError> {
        let sql = format!(
            "SELECT {DECLARATION_COLUMNS} FROM declarations WHERE lodged_at >= ?1 AND lodged_at < ?2 ORDER BY lodged_at"
        );
        let mut statement = self.connection.prepare_cached(&sql)?;
        let rows = statement.query_map(params![from, to], declaration_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn insert_version(
        &self,
        declaration_id: &str,
        version: u32,
        body: &str,
        at: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        self.connection
            .prepare_cached(
                "INSERT INTO declaration_versions (declaration_id, version, body, created_at, created_by) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![declaration_id, version, body, at, by])?;
        Ok(())
    }

    pub fn version(
        &self,
        declaration_id: &str,
        version: u32,
    ) -> Result<Option<VersionRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(
                "SELECT version, body, created_at, created_by FROM declaration_versions \
                 WHERE declaration_id = ?1 AND version = ?2",
            )?
            .query_row(params![declaration_id, version], |row| {
                Ok(VersionRow {
                    version: row.get(0)?,
                    body: row.get(1)?,
                    created_at: row.get(2)?,
                    created_by: row.get(3)?,
                })
            })
            .optional()?)
    }

    // ---- audit ----

    /// The last event of a stream: its sequence number and hash (`None` for a new stream).
    pub fn audit_head(&self, stream: &str) -> Result<Option<(u64, [u8; 32])>, StoreError> {
        let last: Option<(u64, String)> = self
            .connection
            .prepare_cached(
                "SELECT seq, hash FROM audit_events WHERE stream = ?1 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row([stream], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        match last {
            None => Ok(None),
            Some((seq, hash)) => {
                let hash = audit::from_hex(&hash)
                    .ok_or_else(|| StoreError::Corrupt(format!("bad hash in stream {stream}")))?;
                Ok(Some((seq, hash)))
            }
        }
    }

    /// Append an event to a stream, linking it to the stream's last event.
    pub fn append_audit(&self, event: &NewAuditEvent<'_>) -> Result<StoredEvent, StoreError> {
        let head = self.audit_head(event.stream)?;
        self.append_audit_after(event, head)
    }

    /// Append an event whose predecessor the caller already knows (it wrote it in this
    /// transaction, or read `audit_head`): saves a query per event on multi-step transitions.
    pub fn append_audit_after(
        &self,
        event: &NewAuditEvent<'_>,
        head: Option<(u64, [u8; 32])>,
    ) -> Result<StoredEvent, StoreError> {
        let (seq, prev_hash) = match head {
            None => (1, audit::GENESIS_HASH),
            Some((seq, hash)) => (seq + 1, hash),
        };
        let record = AuditRecord {
            stream: event.stream.to_string(),
            seq,
            at: event.at.to_string(),
            actor: event.actor.to_string(),
            action: event.action.to_string(),
            from_state: event.from_state.map(str::to_string),
            to_state: event.to_state.map(str::to_string),
            reason: event.reason.map(str::to_string),
            payload: event.payload.map(str::to_string),
        };
        let hash = audit::event_hash(&prev_hash, &record);
        self.connection
            .prepare_cached(
                "INSERT INTO audit_events (stream, seq, at, actor, action, from_state, to_state, reason, payload, \
                 prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                record.stream,
                record.seq,
                record.at,
                record.actor,
                record.action,
                record.from_state,
                record.to_state,
                record.reason,
                record.payload,
                audit::hex(&prev_hash),
                audit::hex(&hash)
            ])?;
        Ok(StoredEvent {
            record,
            prev_hash,
            hash,
        })
    }

    /// Every event of a stream in sequence order. Unparseable hashes are reported as corrupt.
    pub fn audit_stream(&self, stream: &str) -> Result<Vec<StoredEvent>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT stream, seq, at, actor, action, from_state, to_state, reason, payload, prev_hash, hash \
             FROM audit_events WHERE stream = ?1 ORDER BY seq",
        )?;
        let rows = statement.query_map([stream], stored_event)?;
        let mut events = Vec::new();
        for row in rows {
            let (record, prev_hash, hash) = row?;
            // An unparseable hash is kept as zeros so the verifier reports the broken link.
            let prev_hash = audit::from_hex(&prev_hash).unwrap_or([0xff; 32]);
            let hash = audit::from_hex(&hash).unwrap_or([0xff; 32]);
            events.push(StoredEvent {
                record,
                prev_hash,
                hash,
            });
        }
        Ok(events)
    }

    /// One event of a stream.
    pub fn audit_event(&self, stream: &str, seq: u64) -> Result<Option<StoredEvent>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT stream, seq, at, actor, action, from_state, to_state, reason, payload, prev_hash, hash \
             FROM audit_events WHERE stream = ?1 AND seq = ?2",
        )?;
        let found = statement
            .query_row(params![stream, seq], stored_event)
            .optional()?;
        Ok(found.map(|(record, prev_hash, hash)| StoredEvent {
            record,
            prev_hash: audit::from_hex(&prev_hash).unwrap_or([0xff; 32]),
            hash: audit::from_hex(&hash).unwrap_or([0xff; 32]),
        }))
    }

    pub fn audit_streams(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT DISTINCT stream FROM audit_events ORDER BY stream")?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Declarations that should have an audit stream (for detecting streams removed whole).
    pub fn declaration_ids(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT id FROM declarations ORDER BY id")?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    // ---- idempotency ----

    pub fn idempotent_response(
        &self,
        party_code: &str,
        key: &str,
    ) -> Result<Option<IdempotentResponse>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(
                "SELECT request_hash, status, response FROM idempotency_keys WHERE party_code = ?1 AND key = ?2",
            )?
            .query_row(params![party_code, key], |row| {
                Ok(IdempotentResponse { request_hash: row.get(0)?, status: row.get(1)?, response: row.get(2)? })
            })
            .optional()?)
    }

    pub fn save_idempotent_response(
        &self,
        party_code: &str,
        key: &str,
        response: &IdempotentResponse,
        at: &str,
    ) -> Result<(), StoreError> {
        self.connection
            .prepare_cached(
                "INSERT INTO idempotency_keys (party_code, key, request_hash, status, response, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![party_code, key, response.request_hash, response.status, response.response, at])?;
        Ok(())
    }

    // ---- rule sets ----

    pub fn insert_rule_set(
        &self,
        name: &str,
        source: &str,
        by: &str,
        at: &str,
    ) -> Result<i64, StoreError> {
        self.connection
            .prepare_cached(
                "INSERT INTO rule_sets (version, name, source, status, uploaded_by, uploaded_at) \
                 VALUES ((SELECT COALESCE(MAX(version), 0) + 1 FROM rule_sets), ?1, ?2, 'validated', ?3, ?4)",
            )?
            .execute(params![name, source, by, at])?;
        Ok(self
            .connection
            .query_row("SELECT MAX(version) FROM rule_sets", [], |row| row.get(0))?)
    }

    pub fn set_rule_set_status(
        &self,
        version: i64,
        status: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        let column = match status {
            "active" => "activated_at",
            _ => "retired_at",
        };
        let sql = format!("UPDATE rule_sets SET status = ?2, {column} = ?3 WHERE version = ?1");
        self.connection
            .prepare_cached(&sql)?
            .execute(params![version, status, at])?;
        Ok(())
    }

    pub fn rule_sets(&self) -> Result<Vec<RuleSetRow>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT version, name, source, status, uploaded_by, uploaded_at, activated_at, retired_at \
             FROM rule_sets ORDER BY version",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(RuleSetRow {
                version: row.get(0)?,
                name: row.get(1)?,
                source: row.get(2)?,
                status: row.get(3)?,
                uploaded_by: row.get(4)?,
                uploaded_at: row.get(5)?,
                activated_at: row.get(6)?,
                retired_at: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    // ---- tariff and exchange-rate files ----

    pub fn insert_tariff_file(
        &self,
        kind: &str,
        source: &str,
        lines: i64,
        by: &str,
        at: &str,
    ) -> Result<i64, StoreError> {
        self.connection
            .prepare_cached(
                "INSERT INTO tariff_files (kind, source, line_count, imported_by, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![kind, source, lines, by, at])?;
        Ok(self.connection.last_insert_rowid())
    }

    /// The latest imported file of a kind (`tariff` or `exchange-rates`).
    pub fn latest_tariff_file(&self, kind: &str) -> Result<Option<TariffFileRow>, StoreError> {
        Ok(self
            .connection
            .prepare_cached(
                "SELECT id, kind, source, line_count, imported_by, imported_at FROM tariff_files WHERE kind = ?1 \
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([kind], |row| {
                Ok(TariffFileRow {
                    id: row.get(0)?,
                    kind: row.get(1)?,
                    source: row.get(2)?,
                    line_count: row.get(3)?,
                    imported_by: row.get(4)?,
                    imported_at: row.get(5)?,
                })
            })
            .optional()?)
    }
}
