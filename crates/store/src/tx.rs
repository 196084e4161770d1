//! Every SQL statement of the store, written once for both backends, as methods on a
//! connection inside a transaction.

use crate::StoreError;
use crate::db::{Conn, P, Row};
use crate::rows::*;
use chuanyu_domain::audit::{self, AuditRecord, StoredEvent};

/// A connection inside a transaction (a batch savepoint for writes, a snapshot for reads).
pub struct Tx<'a> {
    conn: Conn<'a>,
    /// Inside a write job: reads of rows about to change take their lock (PostgreSQL).
    write: bool,
}

const DECLARATION_COLUMNS: &str = "id, number, customs_office, district, ie_flag, declarant_code, trader_code, \
     state, lane, current_version, tax_payable, assessment_seq, tax_seq, created_at, updated_at, lodged_at";

fn declaration_row(row: &Row) -> Result<DeclarationRow, StoreError> {
    Ok(DeclarationRow {
        id: row.text(0)?,
        number: row.opt_text(1)?,
        customs_office: row.text(2)?,
        district: row.text(3)?,
        ie_flag: row.text(4)?,
        declarant_code: row.text(5)?,
        trader_code: row.text(6)?,
        state: row.text(7)?,
        lane: row.opt_text(8)?,
        current_version: row.uint(9)? as u32,
        tax_payable: row.opt_text(10)?,
        assessment_seq: row.opt_int(11)?.map(|v| v as u64),
        tax_seq: row.opt_int(12)?.map(|v| v as u64),
        created_at: row.text(13)?,
        updated_at: row.text(14)?,
        lodged_at: row.opt_text(15)?,
    })
}

const PARTY_COLUMNS: &str =
    "code, name, role, district, uscc, aeo_level, partner_mra_aeo, prior_hits, created_at";

fn party_row(row: &Row) -> Result<PartyRow, StoreError> {
    Ok(PartyRow {
        code: row.text(0)?,
        name: row.text(1)?,
        role: row.text(2)?,
        district: row.opt_text(3)?,
        uscc: row.opt_text(4)?,
        aeo_level: row.text(5)?,
        partner_mra_aeo: row.bool(6)?,
        prior_hits: row.uint(7)? as u32,
        created_at: row.text(8)?,
    })
}

const AUDIT_COLUMNS: &str =
    "stream, seq, at, actor, action, from_state, to_state, reason, payload, prev_hash, hash";

fn stored_event(row: &Row) -> Result<StoredEvent, StoreError> {
    let record = AuditRecord {
        stream: row.text(0)?,
        seq: row.uint(1)?,
        at: row.text(2)?,
        actor: row.text(3)?,
        action: row.text(4)?,
        from_state: row.opt_text(5)?,
        to_state: row.opt_text(6)?,
        reason: row.opt_text(7)?,
        payload: row.opt_text(8)?,
    };
    // An unparseable hash is kept as all-ones so the verifier reports the broken link.
    let prev_hash = audit::from_hex(&row.text(9)?).unwrap_or([0xff; 32]);
    let hash = audit::from_hex(&row.text(10)?).unwrap_or([0xff; 32]);
    Ok(StoredEvent {
        record,
        prev_hash,
        hash,
    })
}

fn rule_set_row(row: &Row) -> Result<RuleSetRow, StoreError> {
    Ok(RuleSetRow {
        version: row.int(0)?,
        name: row.text(1)?,
        source: row.text(2)?,
        status: row.text(3)?,
        uploaded_by: row.text(4)?,
        uploaded_at: row.text(5)?,
        activated_at: row.opt_text(6)?,
        retired_at: row.opt_text(7)?,
    })
}

impl<'a> Tx<'a> {
    pub(crate) fn new(conn: Conn<'a>, write: bool) -> Self {
        Tx { conn, write }
    }

    pub(crate) fn conn(&self) -> &Conn<'a> {
        &self.conn
    }

    pub(crate) fn execute_batch(&self, sql: &str) -> Result<(), StoreError> {
        self.conn.batch(sql)
    }

    /// Run a statement the store does not name (operator tools and the conformance tests, e.g.
    /// proving the database refuses to rewrite history). Application code never calls it.
    pub fn execute_raw(&self, sql: &str) -> Result<u64, StoreError> {
        self.conn.execute(sql, &[])
    }

    // ---- reference data ----

    pub fn reference_count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_one("SELECT COUNT(*) FROM reference_codes", &[])?
            .uint(0)
    }

    pub fn upsert_reference(
        &self,
        kind: &str,
        code: &str,
        name: &str,
        attributes: &str,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO reference_codes (kind, code, name, attributes) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (kind, code) DO UPDATE SET name = excluded.name, attributes = excluded.attributes",
            &[P::Text(kind), P::Text(code), P::Text(name), P::Text(attributes)],
        )?;
        Ok(())
    }

    /// Rows of one reference table whose code starts with `prefix`, in code order.
    pub fn reference_codes(
        &self,
        kind: &str,
        prefix: &str,
        limit: u32,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        let rows = self.conn.query(
            "SELECT code, name, attributes FROM reference_codes \
             WHERE kind = $1 AND substr(code, 1, length($2)) = $2 ORDER BY code LIMIT $3",
            &[P::Text(kind), P::Text(prefix), P::Int(i64::from(limit))],
        )?;
        rows.iter()
            .map(|row| Ok((row.text(0)?, row.text(1)?, row.text(2)?)))
            .collect()
    }

    // ---- parties ----

    pub fn insert_party(&self, party: &PartyRow, api_key_hash: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO parties (code, name, role, district, uscc, aeo_level, partner_mra_aeo, prior_hits, \
             api_key_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                P::Text(&party.code),
                P::Text(&party.name),
                P::Text(&party.role),
                P::OptText(party.district.as_deref()),
                P::OptText(party.uscc.as_deref()),
                P::Text(&party.aeo_level),
                P::Bool(party.partner_mra_aeo),
                P::Int(i64::from(party.prior_hits)),
                P::Text(api_key_hash),
                P::Text(&party.created_at),
            ],
        )?;
        Ok(())
    }

    pub fn party_by_key_hash(&self, api_key_hash: &str) -> Result<Option<PartyRow>, StoreError> {
        let sql = format!("SELECT {PARTY_COLUMNS} FROM parties WHERE api_key_hash = $1");
        self.conn
            .query_opt(&sql, &[P::Text(api_key_hash)])?
            .as_ref()
            .map(party_row)
            .transpose()
    }

    pub fn party_by_code(&self, code: &str) -> Result<Option<PartyRow>, StoreError> {
        let sql = format!("SELECT {PARTY_COLUMNS} FROM parties WHERE code = $1");
        self.conn
            .query_opt(&sql, &[P::Text(code)])?
            .as_ref()
            .map(party_row)
            .transpose()
    }

    pub fn parties(&self) -> Result<Vec<PartyRow>, StoreError> {
        let sql = format!("SELECT {PARTY_COLUMNS} FROM parties ORDER BY code");
        self.conn.query(&sql, &[])?.iter().map(party_row).collect()
    }

    /// Count one more inspection finding against an enterprise (risk history).
    pub fn add_prior_hit(&self, code: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE parties SET prior_hits = prior_hits + 1 WHERE code = $1",
            &[P::Text(code)],
        )?;
        Ok(())
    }

    // ---- declarations ----

    /// The next number of the gap-free sequence of an office and year. Runs inside the write
    /// transaction (and takes the row's lock on PostgreSQL), so a rolled-back lodgement gives its
    /// number back and two nodes never draw the same number.
    pub fn next_declaration_sequence(
        &self,
        customs_office: &str,
        year: i16,
    ) -> Result<u64, StoreError> {
        self.conn
            .query_one(
                "INSERT INTO declaration_sequences (customs_office, year, last) VALUES ($1, $2, 1) \
                 ON CONFLICT (customs_office, year) DO UPDATE SET last = declaration_sequences.last + 1 \
                 RETURNING last",
                &[P::Text(customs_office), P::Int(i64::from(year))],
            )?
            .uint(0)
    }

    pub fn insert_declaration(&self, row: &DeclarationRow) -> Result<(), StoreError> {
        let sql = format!(
            "INSERT INTO declarations ({DECLARATION_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
        );
        self.conn.execute(
            &sql,
            &[
                P::Text(&row.id),
                P::OptText(row.number.as_deref()),
                P::Text(&row.customs_office),
                P::Text(&row.district),
                P::Text(&row.ie_flag),
                P::Text(&row.declarant_code),
                P::Text(&row.trader_code),
                P::Text(&row.state),
                P::OptText(row.lane.as_deref()),
                P::Int(i64::from(row.current_version)),
                P::OptText(row.tax_payable.as_deref()),
                P::OptInt(row.assessment_seq.map(|v| v as i64)),
                P::OptInt(row.tax_seq.map(|v| v as i64)),
                P::Text(&row.created_at),
                P::Text(&row.updated_at),
                P::OptText(row.lodged_at.as_deref()),
            ],
        )?;
        Ok(())
    }

    /// Overwrite the mutable projection (state, lane, number, version pointer, tax).
    pub fn update_declaration(&self, row: &DeclarationRow) -> Result<(), StoreError> {
        let changed = self.conn.execute(
            "UPDATE declarations SET number = $2, state = $3, lane = $4, current_version = $5, tax_payable = $6, \
             updated_at = $7, lodged_at = $8, customs_office = $9, district = $10, declarant_code = $11, \
             trader_code = $12, ie_flag = $13, assessment_seq = $14, tax_seq = $15 WHERE id = $1",
            &[
                P::Text(&row.id),
                P::OptText(row.number.as_deref()),
                P::Text(&row.state),
                P::OptText(row.lane.as_deref()),
                P::Int(i64::from(row.current_version)),
                P::OptText(row.tax_payable.as_deref()),
                P::Text(&row.updated_at),
                P::OptText(row.lodged_at.as_deref()),
                P::Text(&row.customs_office),
                P::Text(&row.district),
                P::Text(&row.declarant_code),
                P::Text(&row.trader_code),
                P::Text(&row.ie_flag),
                P::OptInt(row.assessment_seq.map(|v| v as i64)),
                P::OptInt(row.tax_seq.map(|v| v as i64)),
            ],
        )?;
        if changed != 1 {
            return Err(StoreError::Corrupt(format!(
                "declaration {} vanished during an update",
                row.id
            )));
        }
        Ok(())
    }

    /// A declaration's projection. Inside a write on PostgreSQL the row is locked
    /// (`FOR UPDATE`) so concurrent transitions from two nodes serialize.
    pub fn declaration(&self, id: &str) -> Result<Option<DeclarationRow>, StoreError> {
        let lock = match self.conn {
            Conn::Postgres(_) if self.write => " FOR UPDATE",
            _ => "",
        };
        let sql = format!("SELECT {DECLARATION_COLUMNS} FROM declarations WHERE id = $1{lock}");
        self.conn
            .query_opt(&sql, &[P::Text(id)])?
            .as_ref()
            .map(declaration_row)
            .transpose()
    }

    /// A page of declarations visible to a reader, in id order (ids are time-ordered), after a cursor.
    pub fn declarations(
        &self,
        visibility: &Visibility,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<DeclarationRow>, StoreError> {
        let after = after.unwrap_or("");
        let limit = P::Int(i64::from(limit));
        let rows = match visibility {
            Visibility::All => self.conn.query(
                &format!("SELECT {DECLARATION_COLUMNS} FROM declarations WHERE id > $1 ORDER BY id LIMIT $2"),
                &[P::Text(after), limit],
            )?,
            Visibility::District(district) => self.conn.query(
                &format!(
                    "SELECT {DECLARATION_COLUMNS} FROM declarations WHERE district = $1 AND id > $2 ORDER BY id LIMIT $3"
                ),
                &[P::Text(district), P::Text(after), limit],
            )?,
            Visibility::Enterprise(code) => self.conn.query(
                &format!(
                    "SELECT {DECLARATION_COLUMNS} FROM declarations WHERE (declarant_code = $1 OR trader_code = $1) \
                     AND id > $2 ORDER BY id LIMIT $3"
                ),
                &[P::Text(code), P::Text(after), limit],
            )?,
        };
        rows.iter().map(declaration_row).collect()
    }

    /// Declarations lodged in `[from, to)` (RFC 3339 text bounds), for back-testing.
    pub fn declarations_lodged_between(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<DeclarationRow>, StoreError> {
        let sql = format!(
            "SELECT {DECLARATION_COLUMNS} FROM declarations WHERE lodged_at >= $1 AND lodged_at < $2 ORDER BY lodged_at"
        );
        self.conn
            .query(&sql, &[P::Text(from), P::Text(to)])?
            .iter()
            .map(declaration_row)
            .collect()
    }

    pub fn insert_version(
        &self,
        declaration_id: &str,
        version: u32,
        body: &str,
        at: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO declaration_versions (declaration_id, version, body, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5)",
            &[P::Text(declaration_id), P::Int(i64::from(version)), P::Text(body), P::Text(at), P::Text(by)],
        )?;
        Ok(())
    }

    pub fn version(
        &self,
        declaration_id: &str,
        version: u32,
    ) -> Result<Option<VersionRow>, StoreError> {
        let row = self.conn.query_opt(
            "SELECT version, body, created_at, created_by FROM declaration_versions \
             WHERE declaration_id = $1 AND version = $2",
            &[P::Text(declaration_id), P::Int(i64::from(version))],
        )?;
        row.map(|row| {
            Ok(VersionRow {
                version: row.uint(0)? as u32,
                body: row.text(1)?,
                created_at: row.text(2)?,
                created_by: row.text(3)?,
            })
        })
        .transpose()
    }

    /// Declarations that should have an audit stream (for detecting streams removed whole).
    pub fn declaration_ids(&self) -> Result<Vec<String>, StoreError> {
        self.conn
            .query("SELECT id FROM declarations ORDER BY id", &[])?
            .iter()
            .map(|row| row.text(0))
            .collect()
    }

    // ---- audit ----

    /// The last event of a stream: its sequence number and hash (`None` for a new stream).
    pub fn audit_head(&self, stream: &str) -> Result<Option<(u64, [u8; 32])>, StoreError> {
        let row = self.conn.query_opt(
            "SELECT seq, hash FROM audit_events WHERE stream = $1 ORDER BY seq DESC LIMIT 1",
            &[P::Text(stream)],
        )?;
        match row {
            None => Ok(None),
            Some(row) => {
                let hash = audit::from_hex(&row.text(1)?)
                    .ok_or_else(|| StoreError::Corrupt(format!("bad hash in stream {stream}")))?;
                Ok(Some((row.uint(0)?, hash)))
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
    /// Two writers appending to one stream collide on the primary key (stream, seq): the loser
    /// gets [`StoreError::Conflict`] and is retried.
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
        self.conn.execute(
            &format!("INSERT INTO audit_events ({AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"),
            &[
                P::Text(&record.stream),
                P::Int(record.seq as i64),
                P::Text(&record.at),
                P::Text(&record.actor),
                P::Text(&record.action),
                P::OptText(record.from_state.as_deref()),
                P::OptText(record.to_state.as_deref()),
                P::OptText(record.reason.as_deref()),
                P::OptText(record.payload.as_deref()),
                P::Text(&audit::hex(&prev_hash)),
                P::Text(&audit::hex(&hash)),
            ],
        )?;
        Ok(StoredEvent {
            record,
            prev_hash,
            hash,
        })
    }

    /// Every event of a stream in sequence order.
    pub fn audit_stream(&self, stream: &str) -> Result<Vec<StoredEvent>, StoreError> {
        let sql =
            format!("SELECT {AUDIT_COLUMNS} FROM audit_events WHERE stream = $1 ORDER BY seq");
        self.conn
            .query(&sql, &[P::Text(stream)])?
            .iter()
            .map(stored_event)
            .collect()
    }

    /// One event of a stream.
    pub fn audit_event(&self, stream: &str, seq: u64) -> Result<Option<StoredEvent>, StoreError> {
        let sql =
            format!("SELECT {AUDIT_COLUMNS} FROM audit_events WHERE stream = $1 AND seq = $2");
        self.conn
            .query_opt(&sql, &[P::Text(stream), P::Int(seq as i64)])?
            .as_ref()
            .map(stored_event)
            .transpose()
    }

    pub fn audit_streams(&self) -> Result<Vec<String>, StoreError> {
        self.conn
            .query(
                "SELECT DISTINCT stream FROM audit_events ORDER BY stream",
                &[],
            )?
            .iter()
            .map(|row| row.text(0))
            .collect()
    }

    // ---- idempotency ----

    pub fn idempotent_response(
        &self,
        party_code: &str,
        key: &str,
    ) -> Result<Option<IdempotentResponse>, StoreError> {
        let row = self.conn.query_opt(
            "SELECT request_hash, status, response FROM idempotency_keys WHERE party_code = $1 AND key = $2",
            &[P::Text(party_code), P::Text(key)],
        )?;
        row.map(|row| {
            Ok(IdempotentResponse {
                request_hash: row.text(0)?,
                status: row.uint(1)? as u16,
                response: row.text(2)?,
            })
        })
        .transpose()
    }

    pub fn save_idempotent_response(
        &self,
        party_code: &str,
        key: &str,
        response: &IdempotentResponse,
        at: &str,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO idempotency_keys (party_code, key, request_hash, status, response, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                P::Text(party_code),
                P::Text(key),
                P::Text(&response.request_hash),
                P::Int(i64::from(response.status)),
                P::Text(&response.response),
                P::Text(at),
            ],
        )?;
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
        self.conn
            .query_one(
                "INSERT INTO rule_sets (version, name, source, status, uploaded_by, uploaded_at) \
                 VALUES ((SELECT COALESCE(MAX(version), 0) + 1 FROM rule_sets), $1, $2, 'validated', $3, $4) \
                 RETURNING version",
                &[P::Text(name), P::Text(source), P::Text(by), P::Text(at)],
            )?
            .int(0)
    }

    pub fn set_rule_set_status(
        &self,
        version: i64,
        status: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        let sql = match status {
            "active" => "UPDATE rule_sets SET status = $2, activated_at = $3 WHERE version = $1",
            _ => "UPDATE rule_sets SET status = $2, retired_at = $3 WHERE version = $1",
        };
        self.conn
            .execute(sql, &[P::Int(version), P::Text(status), P::Text(at)])?;
        Ok(())
    }

    /// Every rule set; inside a write on PostgreSQL the rows are locked, so two nodes
    /// activating at once serialize and exactly one set ends up active.
    pub fn rule_sets(&self) -> Result<Vec<RuleSetRow>, StoreError> {
        let lock = match self.conn {
            Conn::Postgres(_) if self.write => " FOR UPDATE",
            _ => "",
        };
        self.conn
            .query(
                &format!(
                    "SELECT version, name, source, status, uploaded_by, uploaded_at, activated_at, retired_at \
                     FROM rule_sets ORDER BY version{lock}"
                ),
                &[],
            )?
            .iter()
            .map(rule_set_row)
            .collect()
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
        self.conn
            .query_one(
                "INSERT INTO tariff_files (kind, source, line_count, imported_by, imported_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[
                    P::Text(kind),
                    P::Text(source),
                    P::Int(lines),
                    P::Text(by),
                    P::Text(at),
                ],
            )?
            .int(0)
    }

    /// What the engines of every node must follow: the active rule-set version and the latest
    /// tariff and exchange-rate file ids. Cheap enough to poll every second.
    pub fn engine_marks(&self) -> Result<EngineMarks, StoreError> {
        let row = self.conn.query_one(
            "SELECT (SELECT MAX(version) FROM rule_sets WHERE status = 'active'),              (SELECT MAX(id) FROM tariff_files WHERE kind = 'tariff'),              (SELECT MAX(id) FROM tariff_files WHERE kind = 'exchange-rates')",
            &[],
        )?;
        Ok(EngineMarks {
            rules: row.opt_int(0)?,
            tariff_file: row.opt_int(1)?,
            rates_file: row.opt_int(2)?,
        })
    }

    /// The latest imported file of a kind (`tariff` or `exchange-rates`).
    pub fn latest_tariff_file(&self, kind: &str) -> Result<Option<TariffFileRow>, StoreError> {
        let row = self.conn.query_opt(
            "SELECT id, kind, source, line_count, imported_by, imported_at FROM tariff_files WHERE kind = $1 \
             ORDER BY id DESC LIMIT 1",
            &[P::Text(kind)],
        )?;
        row.map(|row| {
            Ok(TariffFileRow {
                id: row.int(0)?,
                kind: row.text(1)?,
                source: row.text(2)?,
                line_count: row.int(3)?,
                imported_by: row.text(4)?,
                imported_at: row.text(5)?,
            })
        })
        .transpose()
    }
}
