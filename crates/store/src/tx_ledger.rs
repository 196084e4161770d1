//! SQL of the bonded account books (issue 6), written once for both backends.
//!
//! Writes to one book serialize on its header row: every write job first reads the header
//! with [`Tx::ledger_book_for_update`] (`FOR UPDATE` on PostgreSQL; SQLite has one writer), so
//! balances read afterwards are current and the movement sequence has no gaps or duplicates.

use crate::StoreError;
use crate::db::{Conn, P, Row};
use crate::rows::Visibility;
use crate::rows_ledger::*;
use crate::tx::Tx;

const BOOK_COLUMNS: &str = "id, enterprise_code, place_kind, district, status, item_count, movement_seq, \
     document_code, document_number, request_hash, opened_by, opened_at, updated_at";

const ITEM_COLUMNS: &str = "book_id, material_no, hs_code, name, unit, origin_country, available, \
     pre_deducted, incoming, displayed, updated_at";

const LIST_COLUMNS: &str =
    "book_id, id, kind, body, progress, open_lines, created_by, created_at, updated_at";

const MOVEMENT_COLUMNS: &str = "book_id, seq, id, kind, document_code, document_number, body, \
     request_hash, response, actor, at";

const GATE_PASS_COLUMNS: &str =
    "id, book_id, vehicle, body, request_hash, status, created_by, created_at, passed_at";

/// Items one bulk statement reads or updates (a longer request is split): bounds the size of
/// the JSON document (SQLite) or the arrays (PostgreSQL) bound to a single statement.
pub const LEDGER_ROWS_PER_STATEMENT_MAX: usize = 10_000;

/// A JSON document bound as one SQLite parameter and unpacked with `json_each`.
fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Corrupt(format!("encoding a bulk parameter: {e}")))
}

/// The ten columns of an item read by the bulk look-up, borrowed.
fn item_ref<'r>(
    column: impl Fn(usize) -> Result<&'r str, StoreError>,
) -> Result<LedgerItemRef<'r>, StoreError> {
    Ok(LedgerItemRef {
        material_no: column(0)?,
        hs_code: column(1)?,
        name: column(2)?,
        unit: column(3)?,
        origin_country: column(4)?,
        available: column(5)?,
        pre_deducted: column(6)?,
        incoming: column(7)?,
        displayed: column(8)?,
        updated_at: column(9)?,
    })
}

/// A text column of a SQLite row, borrowed from the statement.
fn sqlite_str<'r>(row: &'r rusqlite::Row<'_>, index: usize) -> Result<&'r str, StoreError> {
    match row.get_ref(index)? {
        rusqlite::types::ValueRef::Text(bytes) => std::str::from_utf8(bytes)
            .map_err(|e| StoreError::Corrupt(format!("column {index} is not UTF-8: {e}"))),
        other => Err(StoreError::Corrupt(format!(
            "column {index}: expected text, found {:?}",
            other.data_type()
        ))),
    }
}

fn book_row(row: &Row) -> Result<LedgerBookRow, StoreError> {
    Ok(LedgerBookRow {
        id: row.text(0)?,
        enterprise_code: row.text(1)?,
        place_kind: row.text(2)?,
        district: row.text(3)?,
        status: row.text(4)?,
        item_count: row.uint(5)?,
        movement_seq: row.uint(6)?,
        document_code: row.text(7)?,
        document_number: row.text(8)?,
        request_hash: row.text(9)?,
        opened_by: row.text(10)?,
        opened_at: row.text(11)?,
        updated_at: row.text(12)?,
    })
}

fn item_row(row: &Row) -> Result<LedgerItemRow, StoreError> {
    Ok(LedgerItemRow {
        book_id: row.text(0)?,
        material_no: row.text(1)?,
        hs_code: row.text(2)?,
        name: row.text(3)?,
        unit: row.text(4)?,
        origin_country: row.text(5)?,
        available: row.text(6)?,
        pre_deducted: row.text(7)?,
        incoming: row.text(8)?,
        displayed: row.text(9)?,
        updated_at: row.text(10)?,
    })
}

fn list_row(row: &Row) -> Result<LedgerListRow, StoreError> {
    Ok(LedgerListRow {
        book_id: row.text(0)?,
        id: row.text(1)?,
        kind: row.text(2)?,
        body: row.text(3)?,
        progress: row.text(4)?,
        open_lines: row.uint(5)?,
        created_by: row.text(6)?,
        created_at: row.text(7)?,
        updated_at: row.text(8)?,
    })
}

fn movement_row(row: &Row) -> Result<LedgerMovementRow, StoreError> {
    Ok(LedgerMovementRow {
        book_id: row.text(0)?,
        seq: row.uint(1)?,
        id: row.text(2)?,
        kind: row.text(3)?,
        document_code: row.text(4)?,
        document_number: row.text(5)?,
        body: row.text(6)?,
        request_hash: row.text(7)?,
        response: row.text(8)?,
        actor: row.text(9)?,
        at: row.text(10)?,
    })
}

fn gate_pass_row(row: &Row) -> Result<GatePassRow, StoreError> {
    Ok(GatePassRow {
        id: row.text(0)?,
        book_id: row.text(1)?,
        vehicle: row.text(2)?,
        body: row.text(3)?,
        request_hash: row.text(4)?,
        status: row.text(5)?,
        created_by: row.text(6)?,
        created_at: row.text(7)?,
        passed_at: row.opt_text(8)?,
    })
}

impl Tx<'_> {
    fn for_update(&self) -> &'static str {
        match self.conn() {
            Conn::Postgres(_) => " FOR UPDATE",
            Conn::Sqlite(_) => "",
        }
    }

    // ---- books ----

    pub fn insert_ledger_book(&self, row: &LedgerBookRow) -> Result<(), StoreError> {
        self.conn().execute(
            &format!(
                "INSERT INTO ledger_books ({BOOK_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
            ),
            &[
                P::Text(&row.id),
                P::Text(&row.enterprise_code),
                P::Text(&row.place_kind),
                P::Text(&row.district),
                P::Text(&row.status),
                P::Int(row.item_count as i64),
                P::Int(row.movement_seq as i64),
                P::Text(&row.document_code),
                P::Text(&row.document_number),
                P::Text(&row.request_hash),
                P::Text(&row.opened_by),
                P::Text(&row.opened_at),
                P::Text(&row.updated_at),
            ],
        )?;
        Ok(())
    }

    /// A book header (reads).
    pub fn ledger_book(&self, id: &str) -> Result<Option<LedgerBookRow>, StoreError> {
        self.conn()
            .query_opt(
                &format!("SELECT {BOOK_COLUMNS} FROM ledger_books WHERE id = $1"),
                &[P::Text(id)],
            )?
            .as_ref()
            .map(book_row)
            .transpose()
    }

    /// A book header, locked until the end of the write (`FOR UPDATE` on PostgreSQL): every
    /// write to a book calls this first, so writes to one book serialize across nodes.
    /// Call it only inside write jobs.
    pub fn ledger_book_for_update(&self, id: &str) -> Result<Option<LedgerBookRow>, StoreError> {
        let lock = self.for_update();
        self.conn()
            .query_opt(
                &format!("SELECT {BOOK_COLUMNS} FROM ledger_books WHERE id = $1{lock}"),
                &[P::Text(id)],
            )?
            .as_ref()
            .map(book_row)
            .transpose()
    }

    /// Overwrite the mutable part of a header (status, counters, time).
    pub fn update_ledger_book(&self, row: &LedgerBookRow) -> Result<(), StoreError> {
        let changed = self.conn().execute(
            "UPDATE ledger_books SET status = $2, item_count = $3, movement_seq = $4, updated_at = $5 \
             WHERE id = $1",
            &[
                P::Text(&row.id),
                P::Text(&row.status),
                P::Int(row.item_count as i64),
                P::Int(row.movement_seq as i64),
                P::Text(&row.updated_at),
            ],
        )?;
        if changed != 1 {
            return Err(StoreError::Corrupt(format!(
                "account book {} vanished during an update",
                row.id
            )));
        }
        Ok(())
    }

    /// A page of the books a reader may see, in id order, after a cursor.
    pub fn ledger_books(
        &self,
        visibility: &Visibility,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<LedgerBookRow>, StoreError> {
        let after = after.unwrap_or("");
        let limit = P::Int(i64::from(limit));
        let rows = match visibility {
            Visibility::All => self.conn().query(
                &format!(
                    "SELECT {BOOK_COLUMNS} FROM ledger_books WHERE id > $1 ORDER BY id LIMIT $2"
                ),
                &[P::Text(after), limit],
            )?,
            Visibility::District(district) => self.conn().query(
                &format!(
                    "SELECT {BOOK_COLUMNS} FROM ledger_books WHERE district = $1 AND id > $2 \
                     ORDER BY id LIMIT $3"
                ),
                &[P::Text(district), P::Text(after), limit],
            )?,
            Visibility::Enterprise(code) => self.conn().query(
                &format!(
                    "SELECT {BOOK_COLUMNS} FROM ledger_books WHERE enterprise_code = $1 AND id > $2 \
                     ORDER BY id LIMIT $3"
                ),
                &[P::Text(code), P::Text(after), limit],
            )?,
        };
        rows.iter().map(book_row).collect()
    }

    /// Every book id (for `chuanyu ledger verify`).
    pub fn ledger_book_ids(&self) -> Result<Vec<String>, StoreError> {
        self.conn()
            .query("SELECT id FROM ledger_books ORDER BY id", &[])?
            .iter()
            .map(|row| row.text(0))
            .collect()
    }

    // ---- items and balances ----

    pub fn insert_ledger_item(&self, row: &LedgerItemRow) -> Result<(), StoreError> {
        self.conn().execute(
            &format!(
                "INSERT INTO ledger_items ({ITEM_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            ),
            &[
                P::Text(&row.book_id),
                P::Text(&row.material_no),
                P::Text(&row.hs_code),
                P::Text(&row.name),
                P::Text(&row.unit),
                P::Text(&row.origin_country),
                P::Text(&row.available),
                P::Text(&row.pre_deducted),
                P::Text(&row.incoming),
                P::Text(&row.displayed),
                P::Text(&row.updated_at),
            ],
        )?;
        Ok(())
    }

    /// Overwrite the buckets of many items of one book (`updated_at` for all): on PostgreSQL
    /// one `UPDATE … FROM unnest(text arrays)` per [`LEDGER_ROWS_PER_STATEMENT_MAX`] items (a
    /// list of 1,000 lines would otherwise cost 1,000 round trips under the book's lock); on
    /// SQLite one prepared statement, bound and stepped per item without re-translating or
    /// re-looking-up its SQL. Every row must name a distinct existing item of the book.
    pub fn update_ledger_balances(
        &self,
        book_id: &str,
        updated_at: &str,
        rows: &[LedgerBalanceUpdate<'_>],
    ) -> Result<(), StoreError> {
        for chunk in rows.chunks(LEDGER_ROWS_PER_STATEMENT_MAX) {
            let changed = match self.conn() {
                Conn::Postgres(_) => {
                    let column = |pick: for<'r> fn(&LedgerBalanceUpdate<'r>) -> &'r str| {
                        chunk
                            .iter()
                            .map(|r| pick(r).to_string())
                            .collect::<Vec<_>>()
                    };
                    let (materials, available, pre_deducted, incoming, displayed) = (
                        column(|r| r.material_no),
                        column(|r| r.available),
                        column(|r| r.pre_deducted),
                        column(|r| r.incoming),
                        column(|r| r.displayed),
                    );
                    self.conn().execute(
                        "UPDATE ledger_items AS i SET available = u.available, pre_deducted = u.pre_deducted, \
                         incoming = u.incoming, displayed = u.displayed, updated_at = $7 \
                         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) \
                         AS u(material_no, available, pre_deducted, incoming, displayed) \
                         WHERE i.book_id = $1 AND i.material_no = u.material_no",
                        &[
                            P::Text(book_id),
                            P::TextList(&materials),
                            P::TextList(&available),
                            P::TextList(&pre_deducted),
                            P::TextList(&incoming),
                            P::TextList(&displayed),
                            P::Text(updated_at),
                        ],
                    )?
                }
                Conn::Sqlite(connection) => {
                    // SQLite is in-process: one prepared statement run per item costs no round
                    // trip (an `UPDATE … FROM json_each` join is planned item-table-first, i.e.
                    // quadratic, here).
                    let mut statement = connection.prepare_cached(
                        "UPDATE ledger_items SET available = ?3, pre_deducted = ?4, incoming = ?5, \
                         displayed = ?6, updated_at = ?7 WHERE book_id = ?1 AND material_no = ?2",
                    )?;
                    // The book and the time are bound once (a reset keeps bindings); each
                    // item binds only its own five values.
                    statement.raw_bind_parameter(1, book_id)?;
                    statement.raw_bind_parameter(7, updated_at)?;
                    let mut changed = 0u64;
                    for r in chunk {
                        for (index, value) in [
                            r.material_no,
                            r.available,
                            r.pre_deducted,
                            r.incoming,
                            r.displayed,
                        ]
                        .into_iter()
                        .enumerate()
                        {
                            statement.raw_bind_parameter(index + 2, value)?;
                        }
                        changed += statement.raw_execute()? as u64;
                    }
                    changed
                }
            };
            if changed != chunk.len() as u64 {
                return Err(StoreError::Corrupt(format!(
                    "a bulk update of {} items of book {book_id} changed {changed} rows (items \
                     vanished or named twice)",
                    chunk.len(),
                )));
            }
        }
        Ok(())
    }

    /// The items of a book with these material numbers (unknown ones are simply absent), in
    /// one statement per [`LEDGER_ROWS_PER_STATEMENT_MAX`] distinct materials.
    pub fn ledger_items_by_material(
        &self,
        book_id: &str,
        materials: &[&str],
    ) -> Result<Vec<LedgerItemRow>, StoreError> {
        let mut rows = Vec::with_capacity(materials.len());
        self.for_each_ledger_item_by_material(book_id, materials, |item| {
            rows.push(LedgerItemRow {
                book_id: book_id.to_string(),
                material_no: item.material_no.to_string(),
                hs_code: item.hs_code.to_string(),
                name: item.name.to_string(),
                unit: item.unit.to_string(),
                origin_country: item.origin_country.to_string(),
                available: item.available.to_string(),
                pre_deducted: item.pre_deducted.to_string(),
                incoming: item.incoming.to_string(),
                displayed: item.displayed.to_string(),
                updated_at: item.updated_at.to_string(),
            });
            Ok::<(), StoreError>(())
        })?;
        Ok(rows)
    }

    /// Like [`Tx::ledger_items_by_material`], each item handed to `visit` as it is read,
    /// borrowed from the statement (SQLite: no copy at all): one statement per
    /// [`LEDGER_ROWS_PER_STATEMENT_MAX`] distinct materials, a join with `unnest(text array)`
    /// on PostgreSQL, a join of `json_each(JSON array)` with the items on SQLite (`CROSS JOIN`:
    /// the array is the outer loop, each material one primary-key probe, in material order as
    /// the array is sorted; no temporary index of the array as `IN (SELECT …)` builds).
    pub fn for_each_ledger_item_by_material<E: From<StoreError>>(
        &self,
        book_id: &str,
        materials: &[&str],
        mut visit: impl FnMut(LedgerItemRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut unique: Vec<&str> = materials.to_vec();
        unique.sort_unstable();
        unique.dedup();
        for chunk in unique.chunks(LEDGER_ROWS_PER_STATEMENT_MAX) {
            match self.conn() {
                Conn::Postgres(_) => {
                    let list: Vec<String> = chunk.iter().map(|m| m.to_string()).collect();
                    // A join with the unnested array, not `material_no = ANY($2)`: a plan cached
                    // while the book was small may filter every item version against the whole
                    // array (items × materials comparisons); the join probes the primary key once
                    // per material (or hashes the array) whatever the statistics say.
                    let found = self.conn().query(
                        "SELECT i.material_no, i.hs_code, i.name, i.unit, i.origin_country, \
                         i.available, i.pre_deducted, i.incoming, i.displayed, i.updated_at \
                         FROM unnest($2::text[]) AS m(material_no) \
                         JOIN ledger_items AS i ON i.book_id = $1 AND i.material_no = m.material_no",
                        &[P::Text(book_id), P::TextList(&list)],
                    )?;
                    for row in &found {
                        visit(item_ref(|i| row.str(i))?)?;
                    }
                }
                Conn::Sqlite(connection) => {
                    let json = json_text(chunk)?;
                    let mut statement = connection
                        .prepare_cached(
                            "SELECT i.material_no, i.hs_code, i.name, i.unit, i.origin_country, \
                             i.available, i.pre_deducted, i.incoming, i.displayed, i.updated_at \
                             FROM json_each(?2) AS m CROSS JOIN ledger_items AS i \
                             ON i.book_id = ?1 AND i.material_no = m.value",
                        )
                        .map_err(StoreError::from)?;
                    let mut rows = statement
                        .query([book_id, json.as_str()])
                        .map_err(StoreError::from)?;
                    while let Some(row) = rows.next().map_err(StoreError::from)? {
                        visit(item_ref(|i| sqlite_str(row, i))?)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// A page of a book's items in material order, after a cursor.
    pub fn ledger_items(
        &self,
        book_id: &str,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<LedgerItemRow>, StoreError> {
        self.conn()
            .query(
                &format!(
                    "SELECT {ITEM_COLUMNS} FROM ledger_items WHERE book_id = $1 AND material_no > $2 \
                     ORDER BY material_no LIMIT $3"
                ),
                &[
                    P::Text(book_id),
                    P::Text(after.unwrap_or("")),
                    P::Int(i64::from(limit)),
                ],
            )?
            .iter()
            .map(item_row)
            .collect()
    }

    /// Every item of a book (closing, verification).
    pub fn ledger_all_items(&self, book_id: &str) -> Result<Vec<LedgerItemRow>, StoreError> {
        self.conn()
            .query(
                &format!(
                    "SELECT {ITEM_COLUMNS} FROM ledger_items WHERE book_id = $1 ORDER BY material_no"
                ),
                &[P::Text(book_id)],
            )?
            .iter()
            .map(item_row)
            .collect()
    }

    // ---- booking lists ----

    pub fn insert_ledger_list(&self, row: &LedgerListRow) -> Result<(), StoreError> {
        self.conn().execute(
            &format!(
                "INSERT INTO ledger_lists ({LIST_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            ),
            &[
                P::Text(&row.book_id),
                P::Text(&row.id),
                P::Text(&row.kind),
                P::Text(&row.body),
                P::Text(&row.progress),
                P::Int(row.open_lines as i64),
                P::Text(&row.created_by),
                P::Text(&row.created_at),
                P::Text(&row.updated_at),
            ],
        )?;
        Ok(())
    }

    /// Overwrite the progress of a list's lines.
    pub fn update_ledger_list_progress(&self, row: &LedgerListRow) -> Result<(), StoreError> {
        let changed = self.conn().execute(
            "UPDATE ledger_lists SET progress = $3, open_lines = $4, updated_at = $5 \
             WHERE book_id = $1 AND id = $2",
            &[
                P::Text(&row.book_id),
                P::Text(&row.id),
                P::Text(&row.progress),
                P::Int(row.open_lines as i64),
                P::Text(&row.updated_at),
            ],
        )?;
        if changed != 1 {
            return Err(StoreError::Corrupt(format!(
                "list {} of book {} vanished during an update",
                row.id, row.book_id
            )));
        }
        Ok(())
    }

    pub fn ledger_list(
        &self,
        book_id: &str,
        id: &str,
    ) -> Result<Option<LedgerListRow>, StoreError> {
        self.conn()
            .query_opt(
                &format!("SELECT {LIST_COLUMNS} FROM ledger_lists WHERE book_id = $1 AND id = $2"),
                &[P::Text(book_id), P::Text(id)],
            )?
            .as_ref()
            .map(list_row)
            .transpose()
    }

    /// A page of a book's lists in id order, after a cursor.
    pub fn ledger_lists(
        &self,
        book_id: &str,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<LedgerListRow>, StoreError> {
        self.conn()
            .query(
                &format!(
                    "SELECT {LIST_COLUMNS} FROM ledger_lists WHERE book_id = $1 AND id > $2 \
                     ORDER BY id LIMIT $3"
                ),
                &[
                    P::Text(book_id),
                    P::Text(after.unwrap_or("")),
                    P::Int(i64::from(limit)),
                ],
            )?
            .iter()
            .map(list_row)
            .collect()
    }

    /// Every list of a book (verification), or only those with open lines (closing).
    pub fn ledger_all_lists(
        &self,
        book_id: &str,
        open_only: bool,
    ) -> Result<Vec<LedgerListRow>, StoreError> {
        let sql = if open_only {
            format!(
                "SELECT {LIST_COLUMNS} FROM ledger_lists WHERE book_id = $1 AND open_lines > 0 ORDER BY id"
            )
        } else {
            format!("SELECT {LIST_COLUMNS} FROM ledger_lists WHERE book_id = $1 ORDER BY id")
        };
        self.conn()
            .query(&sql, &[P::Text(book_id)])?
            .iter()
            .map(list_row)
            .collect()
    }

    // ---- movements ----

    pub fn insert_ledger_movement(&self, row: &LedgerMovementRow) -> Result<(), StoreError> {
        self.conn().execute(
            &format!(
                "INSERT INTO ledger_movements ({MOVEMENT_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            ),
            &[
                P::Text(&row.book_id),
                P::Int(row.seq as i64),
                P::Text(&row.id),
                P::Text(&row.kind),
                P::Text(&row.document_code),
                P::Text(&row.document_number),
                P::Text(&row.body),
                P::Text(&row.request_hash),
                P::Text(&row.response),
                P::Text(&row.actor),
                P::Text(&row.at),
            ],
        )?;
        Ok(())
    }

    /// The movement a client-chosen id booked in a book, if any.
    pub fn ledger_movement(
        &self,
        book_id: &str,
        id: &str,
    ) -> Result<Option<LedgerMovementRow>, StoreError> {
        self.conn()
            .query_opt(
                &format!(
                    "SELECT {MOVEMENT_COLUMNS} FROM ledger_movements WHERE book_id = $1 AND id = $2"
                ),
                &[P::Text(book_id), P::Text(id)],
            )?
            .as_ref()
            .map(movement_row)
            .transpose()
    }

    /// A book's whole log in order (for replay).
    pub fn ledger_movements(&self, book_id: &str) -> Result<Vec<LedgerMovementRow>, StoreError> {
        self.conn()
            .query(
                &format!(
                    "SELECT {MOVEMENT_COLUMNS} FROM ledger_movements WHERE book_id = $1 ORDER BY seq"
                ),
                &[P::Text(book_id)],
            )?
            .iter()
            .map(movement_row)
            .collect()
    }

    // ---- gate passes ----

    pub fn insert_gate_pass(&self, row: &GatePassRow) -> Result<(), StoreError> {
        self.conn().execute(
            &format!(
                "INSERT INTO ledger_gate_passes ({GATE_PASS_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            ),
            &[
                P::Text(&row.id),
                P::Text(&row.book_id),
                P::Text(&row.vehicle),
                P::Text(&row.body),
                P::Text(&row.request_hash),
                P::Text(&row.status),
                P::Text(&row.created_by),
                P::Text(&row.created_at),
                P::OptText(row.passed_at.as_deref()),
            ],
        )?;
        Ok(())
    }

    pub fn gate_pass(&self, id: &str) -> Result<Option<GatePassRow>, StoreError> {
        self.conn()
            .query_opt(
                &format!("SELECT {GATE_PASS_COLUMNS} FROM ledger_gate_passes WHERE id = $1"),
                &[P::Text(id)],
            )?
            .as_ref()
            .map(gate_pass_row)
            .transpose()
    }

    /// Mark a pass used by its vehicle's passage.
    pub fn set_gate_pass_passed(&self, id: &str, at: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE ledger_gate_passes SET status = 'passed', passed_at = $2 WHERE id = $1",
            &[P::Text(id), P::Text(at)],
        )?;
        Ok(())
    }
}
