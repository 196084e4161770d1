//! SQL of the bonded movements beyond booking lists (issue 6 items 2, 4, 5, 6): the list ↔
//! goods-declaration link of second-line exits, spare-part records and their movements, and
//! duty-free sales with the traveller allowance per trip. Same SQL for both backends.

use crate::StoreError;
use crate::db::{Conn, P, Row};
use crate::tx::Tx;

/// A booking list and the goods declaration created with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListDeclarationRow {
    pub book_id: String,
    pub list_id: String,
    pub declaration_id: String,
    pub declaration_number: String,
    pub created_at: String,
}

/// A spare-part record (the core's record as JSON in `body`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SparePartRow {
    pub id: String,
    pub book_id: String,
    pub district: String,
    pub machine_declaration_no: String,
    pub part_no: String,
    pub body: String,
    pub request_hash: String,
    pub movement_seq: u64,
    /// Earliest due date (`YYYY-MM-DD`) of an open obligation.
    pub next_due: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

/// One movement of a spare-part record, with the answer it got (for retries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SparePartMovementRow {
    pub record_id: String,
    pub seq: u64,
    pub id: String,
    pub kind: String,
    pub document_code: String,
    pub document_number: String,
    pub body: String,
    pub request_hash: String,
    pub response: String,
    pub actor: String,
    pub at: String,
}

/// What a traveller bought on one trip, in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DutyFreeAllowanceRow {
    pub used_fen: i64,
    pub abroad_fen: i64,
}

/// One duty-free sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyFreeSaleRow {
    pub book_id: String,
    pub id: String,
    pub traveller_id: String,
    pub trip: String,
    pub amount_fen: i64,
    pub at: String,
}

/// A stocktake and the officer's decision on its differences (JSON texts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StocktakeRow {
    pub book_id: String,
    pub id: String,
    pub body: String,
    pub differences: String,
    pub request_hash: String,
    /// open or decided
    pub status: String,
    pub decision: Option<String>,
    pub decision_hash: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

const STOCKTAKE_COLUMNS: &str = "book_id, id, body, differences, request_hash, status, decision, \
     decision_hash, created_by, created_at, updated_at";

fn stocktake_row(row: &Row) -> Result<StocktakeRow, StoreError> {
    Ok(StocktakeRow {
        book_id: row.text(0)?,
        id: row.text(1)?,
        body: row.text(2)?,
        differences: row.text(3)?,
        request_hash: row.text(4)?,
        status: row.text(5)?,
        decision: row.opt_text(6)?,
        decision_hash: row.opt_text(7)?,
        created_by: row.text(8)?,
        created_at: row.text(9)?,
        updated_at: row.text(10)?,
    })
}

const SPARE_COLUMNS: &str = "id, book_id, district, machine_declaration_no, part_no, body, \
     request_hash, movement_seq, next_due, created_by, created_at, updated_at";

const SPARE_MOVEMENT_COLUMNS: &str = "record_id, seq, id, kind, document_code, document_number, \
     body, request_hash, response, actor, at";

fn spare_row(row: &Row) -> Result<SparePartRow, StoreError> {
    Ok(SparePartRow {
        id: row.text(0)?,
        book_id: row.text(1)?,
        district: row.text(2)?,
        machine_declaration_no: row.text(3)?,
        part_no: row.text(4)?,
        body: row.text(5)?,
        request_hash: row.text(6)?,
        movement_seq: row.uint(7)?,
        next_due: row.opt_text(8)?,
        created_by: row.text(9)?,
        created_at: row.text(10)?,
        updated_at: row.text(11)?,
    })
}

fn spare_movement_row(row: &Row) -> Result<SparePartMovementRow, StoreError> {
    Ok(SparePartMovementRow {
        record_id: row.text(0)?,
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

impl Tx<'_> {
    fn lock_suffix(&self) -> &'static str {
        match self.conn() {
            Conn::Postgres(_) => " FOR UPDATE",
            Conn::Sqlite(_) => "",
        }
    }

    // ---- second-line exits ----

    pub fn insert_list_declaration(&self, row: &ListDeclarationRow) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO ledger_list_declarations \
             (book_id, list_id, declaration_id, declaration_number, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                P::Text(&row.book_id),
                P::Text(&row.list_id),
                P::Text(&row.declaration_id),
                P::Text(&row.declaration_number),
                P::Text(&row.created_at),
            ],
        )?;
        Ok(())
    }

    /// The goods declaration created with a booking list, if any.
    pub fn list_declaration(
        &self,
        book_id: &str,
        list_id: &str,
    ) -> Result<Option<ListDeclarationRow>, StoreError> {
        self.conn()
            .query_opt(
                "SELECT book_id, list_id, declaration_id, declaration_number, created_at \
                 FROM ledger_list_declarations WHERE book_id = $1 AND list_id = $2",
                &[P::Text(book_id), P::Text(list_id)],
            )?
            .as_ref()
            .map(list_declaration_row)
            .transpose()
    }

    /// The booking list a goods declaration was created with, if any.
    pub fn declaration_list(
        &self,
        declaration_id: &str,
    ) -> Result<Option<ListDeclarationRow>, StoreError> {
        self.conn()
            .query_opt(
                "SELECT book_id, list_id, declaration_id, declaration_number, created_at \
                 FROM ledger_list_declarations WHERE declaration_id = $1",
                &[P::Text(declaration_id)],
            )?
            .as_ref()
            .map(list_declaration_row)
            .transpose()
    }

    // ---- spare parts ----

    pub fn insert_spare_part(&self, row: &SparePartRow) -> Result<(), StoreError> {
        self.conn().execute(
            &format!(
                "INSERT INTO ledger_spare_parts ({SPARE_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            ),
            &[
                P::Text(&row.id),
                P::Text(&row.book_id),
                P::Text(&row.district),
                P::Text(&row.machine_declaration_no),
                P::Text(&row.part_no),
                P::Text(&row.body),
                P::Text(&row.request_hash),
                P::Int(row.movement_seq as i64),
                P::OptText(row.next_due.as_deref()),
                P::Text(&row.created_by),
                P::Text(&row.created_at),
                P::Text(&row.updated_at),
            ],
        )?;
        Ok(())
    }

    /// A spare-part record; `lock` takes the row lock (write jobs only).
    pub fn spare_part(&self, id: &str, lock: bool) -> Result<Option<SparePartRow>, StoreError> {
        let suffix = if lock { self.lock_suffix() } else { "" };
        self.conn()
            .query_opt(
                &format!("SELECT {SPARE_COLUMNS} FROM ledger_spare_parts WHERE id = $1{suffix}"),
                &[P::Text(id)],
            )?
            .as_ref()
            .map(spare_row)
            .transpose()
    }

    /// The record after a movement: body, counter, next due date, time.
    pub fn update_spare_part(&self, row: &SparePartRow) -> Result<(), StoreError> {
        let changed = self.conn().execute(
            "UPDATE ledger_spare_parts SET body = $2, movement_seq = $3, next_due = $4, updated_at = $5 \
             WHERE id = $1",
            &[
                P::Text(&row.id),
                P::Text(&row.body),
                P::Int(row.movement_seq as i64),
                P::OptText(row.next_due.as_deref()),
                P::Text(&row.updated_at),
            ],
        )?;
        if changed != 1 {
            return Err(StoreError::Corrupt(format!(
                "spare-part record {} vanished during an update",
                row.id
            )));
        }
        Ok(())
    }

    /// The records of a book, in id order.
    pub fn spare_parts_of_book(&self, book_id: &str) -> Result<Vec<SparePartRow>, StoreError> {
        self.conn()
            .query(
                &format!(
                    "SELECT {SPARE_COLUMNS} FROM ledger_spare_parts WHERE book_id = $1 ORDER BY id"
                ),
                &[P::Text(book_id)],
            )?
            .iter()
            .map(spare_row)
            .collect()
    }

    /// Records with an obligation due before `before` (`YYYY-MM-DD`), in a district or all
    /// (`district` = None), at most `limit`, earliest due first.
    pub fn spare_parts_due_before(
        &self,
        district: Option<&str>,
        before: &str,
        limit: u32,
    ) -> Result<Vec<SparePartRow>, StoreError> {
        let limit = P::Int(i64::from(limit));
        let rows = match district {
            Some(district) => self.conn().query(
                &format!(
                    "SELECT {SPARE_COLUMNS} FROM ledger_spare_parts \
                     WHERE district = $1 AND next_due IS NOT NULL AND next_due < $2 \
                     ORDER BY next_due, id LIMIT $3"
                ),
                &[P::Text(district), P::Text(before), limit],
            )?,
            None => self.conn().query(
                &format!(
                    "SELECT {SPARE_COLUMNS} FROM ledger_spare_parts \
                     WHERE next_due IS NOT NULL AND next_due < $1 ORDER BY next_due, id LIMIT $2"
                ),
                &[P::Text(before), limit],
            )?,
        };
        rows.iter().map(spare_row).collect()
    }

    pub fn insert_spare_part_movement(&self, row: &SparePartMovementRow) -> Result<(), StoreError> {
        self.conn().execute(
            &format!(
                "INSERT INTO ledger_spare_part_movements ({SPARE_MOVEMENT_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            ),
            &[
                P::Text(&row.record_id),
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

    /// The movement a client-chosen id booked on a record, if any.
    pub fn spare_part_movement(
        &self,
        record_id: &str,
        id: &str,
    ) -> Result<Option<SparePartMovementRow>, StoreError> {
        self.conn()
            .query_opt(
                &format!(
                    "SELECT {SPARE_MOVEMENT_COLUMNS} FROM ledger_spare_part_movements \
                     WHERE record_id = $1 AND id = $2"
                ),
                &[P::Text(record_id), P::Text(id)],
            )?
            .as_ref()
            .map(spare_movement_row)
            .transpose()
    }

    /// A record's movements in order.
    pub fn spare_part_movements(
        &self,
        record_id: &str,
    ) -> Result<Vec<SparePartMovementRow>, StoreError> {
        self.conn()
            .query(
                &format!(
                    "SELECT {SPARE_MOVEMENT_COLUMNS} FROM ledger_spare_part_movements \
                     WHERE record_id = $1 ORDER BY seq"
                ),
                &[P::Text(record_id)],
            )?
            .iter()
            .map(spare_movement_row)
            .collect()
    }

    // ---- stocktakes ----

    pub fn insert_stocktake(&self, row: &StocktakeRow) -> Result<(), StoreError> {
        self.conn().execute(
            &format!(
                "INSERT INTO ledger_stocktakes ({STOCKTAKE_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            ),
            &[
                P::Text(&row.book_id),
                P::Text(&row.id),
                P::Text(&row.body),
                P::Text(&row.differences),
                P::Text(&row.request_hash),
                P::Text(&row.status),
                P::OptText(row.decision.as_deref()),
                P::OptText(row.decision_hash.as_deref()),
                P::Text(&row.created_by),
                P::Text(&row.created_at),
                P::Text(&row.updated_at),
            ],
        )?;
        Ok(())
    }

    pub fn stocktake(&self, book_id: &str, id: &str) -> Result<Option<StocktakeRow>, StoreError> {
        self.conn()
            .query_opt(
                &format!(
                    "SELECT {STOCKTAKE_COLUMNS} FROM ledger_stocktakes WHERE book_id = $1 AND id = $2"
                ),
                &[P::Text(book_id), P::Text(id)],
            )?
            .as_ref()
            .map(stocktake_row)
            .transpose()
    }

    /// Record the officer's decision (once: only an open stocktake is decided).
    pub fn decide_stocktake(&self, row: &StocktakeRow) -> Result<bool, StoreError> {
        let changed = self.conn().execute(
            "UPDATE ledger_stocktakes SET status = 'decided', decision = $3, decision_hash = $4, \
             updated_at = $5 WHERE book_id = $1 AND id = $2 AND status = 'open'",
            &[
                P::Text(&row.book_id),
                P::Text(&row.id),
                P::OptText(row.decision.as_deref()),
                P::OptText(row.decision_hash.as_deref()),
                P::Text(&row.updated_at),
            ],
        )?;
        Ok(changed == 1)
    }

    // ---- duty-free sales ----

    /// A traveller's purchases on one trip, locked until the end of the write on PostgreSQL.
    /// Two first sales of one trip at once both insert: the loser's unique violation re-runs
    /// its job, which then sees the winner's row.
    pub fn duty_free_allowance_for_update(
        &self,
        traveller_id: &str,
        trip: &str,
    ) -> Result<Option<DutyFreeAllowanceRow>, StoreError> {
        let lock = self.lock_suffix();
        self.conn()
            .query_opt(
                &format!(
                    "SELECT used_fen, abroad_fen FROM ledger_duty_free_allowances \
                     WHERE traveller_id = $1 AND trip = $2{lock}"
                ),
                &[P::Text(traveller_id), P::Text(trip)],
            )?
            .map(|row| {
                Ok(DutyFreeAllowanceRow {
                    used_fen: row.int(0)?,
                    abroad_fen: row.int(1)?,
                })
            })
            .transpose()
    }

    /// Write a traveller's purchases on a trip: insert the first, or raise the stored one only
    /// while `used + abroad` stays within `allowance_fen` (the database re-checks what the
    /// core decided). Returns whether the row was written.
    pub fn put_duty_free_allowance(
        &self,
        traveller_id: &str,
        trip: &str,
        previous: Option<DutyFreeAllowanceRow>,
        next: DutyFreeAllowanceRow,
        allowance_fen: i64,
        at: &str,
    ) -> Result<bool, StoreError> {
        let changed = match previous {
            None => self.conn().execute(
                "INSERT INTO ledger_duty_free_allowances \
                 (traveller_id, trip, used_fen, abroad_fen, updated_at) VALUES ($1, $2, $3, $4, $5)",
                &[
                    P::Text(traveller_id),
                    P::Text(trip),
                    P::Int(next.used_fen),
                    P::Int(next.abroad_fen),
                    P::Text(at),
                ],
            )?,
            Some(previous) => self.conn().execute(
                "UPDATE ledger_duty_free_allowances SET used_fen = $3, abroad_fen = $4, updated_at = $5 \
                 WHERE traveller_id = $1 AND trip = $2 AND used_fen = $6 AND abroad_fen = $7 \
                 AND CAST($3 AS BIGINT) + CAST($4 AS BIGINT) <= CAST($8 AS BIGINT)",
                &[
                    P::Text(traveller_id),
                    P::Text(trip),
                    P::Int(next.used_fen),
                    P::Int(next.abroad_fen),
                    P::Text(at),
                    P::Int(previous.used_fen),
                    P::Int(previous.abroad_fen),
                    P::Int(allowance_fen),
                ],
            )?,
        };
        Ok(changed == 1)
    }

    pub fn insert_duty_free_sale(&self, row: &DutyFreeSaleRow) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO ledger_duty_free_sales (book_id, id, traveller_id, trip, amount_fen, at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                P::Text(&row.book_id),
                P::Text(&row.id),
                P::Text(&row.traveller_id),
                P::Text(&row.trip),
                P::Int(row.amount_fen),
                P::Text(&row.at),
            ],
        )?;
        Ok(())
    }

    /// A traveller's sales on one trip, in time order.
    pub fn duty_free_sales_of(
        &self,
        traveller_id: &str,
        trip: &str,
    ) -> Result<Vec<DutyFreeSaleRow>, StoreError> {
        self.conn()
            .query(
                "SELECT book_id, id, traveller_id, trip, amount_fen, at FROM ledger_duty_free_sales \
                 WHERE traveller_id = $1 AND trip = $2 ORDER BY at, book_id, id",
                &[P::Text(traveller_id), P::Text(trip)],
            )?
            .iter()
            .map(|row| {
                Ok(DutyFreeSaleRow {
                    book_id: row.text(0)?,
                    id: row.text(1)?,
                    traveller_id: row.text(2)?,
                    trip: row.text(3)?,
                    amount_fen: row.int(4)?,
                    at: row.text(5)?,
                })
            })
            .collect()
    }
}

fn list_declaration_row(row: &Row) -> Result<ListDeclarationRow, StoreError> {
    Ok(ListDeclarationRow {
        book_id: row.text(0)?,
        list_id: row.text(1)?,
        declaration_id: row.text(2)?,
        declaration_number: row.text(3)?,
        created_at: row.text(4)?,
    })
}
