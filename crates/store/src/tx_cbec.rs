//! SQL of the CBEC import flow (issue 5), written once for both backends.

use crate::StoreError;
use crate::db::{Conn, P, Row};
use crate::rows_cbec::*;
use crate::tx::Tx;

const LIST_COLUMNS: &str = "id, sender, guid, entry, cop_no, pre_no, invt_no, order_no, ebp_code, \
     logistics_no, buyer_id, customs_code, district, state, lane, tax_total, quota_year, quota_units, \
     wait_until, created_at, updated_at, ie_flag, arrived_at, departed_at, released_at, summary_id";

fn list_row(row: &Row) -> Result<CbecListRow, StoreError> {
    Ok(CbecListRow {
        id: row.text(0)?,
        sender: row.text(1)?,
        guid: row.text(2)?,
        entry: row.int(3)?,
        cop_no: row.text(4)?,
        pre_no: row.text(5)?,
        invt_no: row.opt_text(6)?,
        order_no: row.text(7)?,
        ebp_code: row.text(8)?,
        logistics_no: row.text(9)?,
        buyer_id: row.text(10)?,
        customs_code: row.text(11)?,
        district: row.text(12)?,
        state: row.text(13)?,
        lane: row.opt_text(14)?,
        tax_total: row.opt_text(15)?,
        quota_year: row.opt_int(16)?,
        quota_units: row.opt_int(17)?,
        wait_until: row.opt_text(18)?,
        created_at: row.text(19)?,
        updated_at: row.text(20)?,
        ie_flag: row.text(21)?,
        arrived_at: row.opt_text(22)?,
        departed_at: row.opt_text(23)?,
        released_at: row.opt_text(24)?,
        summary_id: row.opt_text(25)?,
    })
}

fn message_row(row: &Row) -> Result<CebMessageRow, StoreError> {
    Ok(CebMessageRow {
        sender: row.text(0)?,
        guid: row.text(1)?,
        message_type: row.text(2)?,
        body: row.text(3)?,
        receipt: row.text(4)?,
        received_at: row.text(5)?,
    })
}

impl<'a> Tx<'a> {
    /// `FOR UPDATE` on PostgreSQL (callers use the `_for_update` reads only inside write jobs).
    fn cbec_lock(&self) -> &'static str {
        match self.conn() {
            Conn::Postgres(_) => " FOR UPDATE",
            Conn::Sqlite(_) => "",
        }
    }

    // ---- messages ----

    pub fn ceb_message(
        &self,
        sender: &str,
        guid: &str,
    ) -> Result<Option<CebMessageRow>, StoreError> {
        self.conn()
            .query_opt(
                "SELECT sender, guid, message_type, body, receipt, received_at FROM ceb_messages \
                 WHERE sender = $1 AND guid = $2",
                &[P::Text(sender), P::Text(guid)],
            )?
            .as_ref()
            .map(message_row)
            .transpose()
    }

    /// Two nodes storing the same (sender, guid) collide on the primary key: the loser is
    /// re-run and then finds the stored message.
    pub fn insert_ceb_message(&self, row: &CebMessageRow) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO ceb_messages (sender, guid, message_type, body, receipt, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                P::Text(&row.sender),
                P::Text(&row.guid),
                P::Text(&row.message_type),
                P::Text(&row.body),
                P::Text(&row.receipt),
                P::Text(&row.received_at),
            ],
        )?;
        Ok(())
    }

    pub fn ceb_message_count(&self) -> Result<u64, StoreError> {
        self.conn()
            .query_one("SELECT COUNT(*) FROM ceb_messages", &[])?
            .uint(0)
    }

    // ---- documents ----

    pub fn insert_ceb_document(&self, row: &CebDocumentRow) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO ceb_documents (kind, doc_key, sender, guid, entry, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                P::Text(&row.kind),
                P::Text(&row.doc_key),
                P::Text(&row.sender),
                P::Text(&row.guid),
                P::Int(row.entry),
                P::Text(&row.received_at),
            ],
        )?;
        Ok(())
    }

    /// Documents of a kind under a key, latest first.
    pub fn ceb_documents(&self, kind: &str, key: &str) -> Result<Vec<CebDocumentRow>, StoreError> {
        self.conn()
            .query(
                "SELECT kind, doc_key, sender, guid, entry, received_at FROM ceb_documents \
                 WHERE kind = $1 AND doc_key = $2 ORDER BY received_at DESC, guid DESC, entry DESC",
                &[P::Text(kind), P::Text(key)],
            )?
            .iter()
            .map(|row| {
                Ok(CebDocumentRow {
                    kind: row.text(0)?,
                    doc_key: row.text(1)?,
                    sender: row.text(2)?,
                    guid: row.text(3)?,
                    entry: row.int(4)?,
                    received_at: row.text(5)?,
                })
            })
            .collect()
    }

    // ---- inventory lists ----

    pub fn insert_cbec_list(&self, row: &CbecListRow) -> Result<(), StoreError> {
        let sql = format!(
            "INSERT INTO cbec_lists ({LIST_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
             $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)"
        );
        self.conn().execute(&sql, &list_params(row))?;
        Ok(())
    }

    /// Overwrite the mutable part of a list (state, lane, numbers, tax, quota, wait).
    pub fn update_cbec_list(&self, row: &CbecListRow) -> Result<(), StoreError> {
        let changed = self.conn().execute(
            "UPDATE cbec_lists SET invt_no = $2, state = $3, lane = $4, tax_total = $5, quota_year = $6, \
             quota_units = $7, wait_until = $8, updated_at = $9, arrived_at = $10, departed_at = $11, \
             released_at = $12, summary_id = $13 WHERE id = $1",
            &[
                P::Text(&row.id),
                P::OptText(row.invt_no.as_deref()),
                P::Text(&row.state),
                P::OptText(row.lane.as_deref()),
                P::OptText(row.tax_total.as_deref()),
                P::OptInt(row.quota_year),
                P::OptInt(row.quota_units),
                P::OptText(row.wait_until.as_deref()),
                P::Text(&row.updated_at),
                P::OptText(row.arrived_at.as_deref()),
                P::OptText(row.departed_at.as_deref()),
                P::OptText(row.released_at.as_deref()),
                P::OptText(row.summary_id.as_deref()),
            ],
        )?;
        if changed != 1 {
            return Err(StoreError::Corrupt(format!(
                "list {} vanished during an update",
                row.id
            )));
        }
        Ok(())
    }

    /// Every CBEC list id (the audit verifier checks each still has its stream).
    pub fn cbec_list_ids(&self) -> Result<Vec<String>, StoreError> {
        self.conn()
            .query("SELECT id FROM cbec_lists ORDER BY id", &[])?
            .iter()
            .map(|row| row.text(0))
            .collect()
    }

    pub fn cbec_list(&self, id: &str) -> Result<Option<CbecListRow>, StoreError> {
        let sql = format!("SELECT {LIST_COLUMNS} FROM cbec_lists WHERE id = $1");
        self.conn()
            .query_opt(&sql, &[P::Text(id)])?
            .as_ref()
            .map(list_row)
            .transpose()
    }

    /// A list, locked against concurrent transitions (write jobs only).
    pub fn cbec_list_for_update(&self, id: &str) -> Result<Option<CbecListRow>, StoreError> {
        let sql = format!(
            "SELECT {LIST_COLUMNS} FROM cbec_lists WHERE id = $1{}",
            self.cbec_lock()
        );
        self.conn()
            .query_opt(&sql, &[P::Text(id)])?
            .as_ref()
            .map(list_row)
            .transpose()
    }

    /// Lists of one message (in entry order).
    pub fn cbec_lists_of_message(
        &self,
        sender: &str,
        guid: &str,
    ) -> Result<Vec<CbecListRow>, StoreError> {
        let sql = format!(
            "SELECT {LIST_COLUMNS} FROM cbec_lists WHERE sender = $1 AND guid = $2 ORDER BY entry"
        );
        self.conn()
            .query(&sql, &[P::Text(sender), P::Text(guid)])?
            .iter()
            .map(list_row)
            .collect()
    }

    /// Waiting lists referencing an order number or a waybill number, locked (write jobs only).
    pub fn waiting_cbec_lists_for_update(
        &self,
        order_no: Option<&str>,
        logistics_no: Option<&str>,
    ) -> Result<Vec<CbecListRow>, StoreError> {
        let sql = format!(
            "SELECT {LIST_COLUMNS} FROM cbec_lists WHERE state = 'waiting' AND (order_no = $1 OR logistics_no = $2) \
             ORDER BY created_at, id{}",
            self.cbec_lock()
        );
        self.conn()
            .query(&sql, &[P::OptText(order_no), P::OptText(logistics_no)])?
            .iter()
            .map(list_row)
            .collect()
    }

    /// Waiting lists (documents missing) and held lists (no guarantee) whose wait ended at or
    /// before `at`, locked (write jobs only).
    pub fn expired_cbec_lists_for_update(
        &self,
        at: &str,
        limit: u32,
    ) -> Result<Vec<CbecListRow>, StoreError> {
        let sql = format!(
            "SELECT {LIST_COLUMNS} FROM cbec_lists WHERE state IN ('waiting', 'held') \
             AND wait_until <= $1 ORDER BY wait_until, id LIMIT $2{}",
            self.cbec_lock()
        );
        self.conn()
            .query(&sql, &[P::Text(at), P::Int(i64::from(limit))])?
            .iter()
            .map(list_row)
            .collect()
    }

    /// Held lists (no guarantee covered their tax) of a withholding agent, oldest first, locked.
    pub fn held_cbec_lists_for_update(
        &self,
        assure_code: &str,
    ) -> Result<Vec<CbecListRow>, StoreError> {
        let columns = LIST_COLUMNS
            .split(", ")
            .map(|c| format!("l.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {columns} FROM cbec_lists l JOIN cbec_tax_bills b ON b.list_id = l.id \
             WHERE l.state = 'held' AND b.assure_code = $1 ORDER BY l.created_at, l.id{}",
            match self.conn() {
                Conn::Postgres(_) => " FOR UPDATE OF l",
                Conn::Sqlite(_) => "",
            }
        );
        self.conn()
            .query(&sql, &[P::Text(assure_code)])?
            .iter()
            .map(list_row)
            .collect()
    }

    /// The list customs numbered `invt_no`, locked (write jobs only).
    pub fn cbec_list_by_invt_no_for_update(
        &self,
        invt_no: &str,
    ) -> Result<Option<CbecListRow>, StoreError> {
        let sql = format!(
            "SELECT {LIST_COLUMNS} FROM cbec_lists WHERE invt_no = $1{}",
            self.cbec_lock()
        );
        self.conn()
            .query_opt(&sql, &[P::Text(invt_no)])?
            .as_ref()
            .map(list_row)
            .transpose()
    }

    /// Lists of a flow (`I` import, `E` export) past waiting that rely on an order (by order
    /// number) or a waybill: their documents can no longer be changed or deleted. A cancelled
    /// export list relies on nothing any more.
    pub fn cbec_lists_using(
        &self,
        ie_flag: &str,
        order_no: Option<&str>,
        logistics_no: Option<&str>,
    ) -> Result<Vec<CbecListRow>, StoreError> {
        let sql = format!(
            "SELECT {LIST_COLUMNS} FROM cbec_lists WHERE state NOT IN ('waiting', 'refused') \
             AND (ie_flag = 'I' OR state <> 'cancelled') \
             AND ie_flag = $3 AND (order_no = $1 OR logistics_no = $2) ORDER BY created_at, id"
        );
        self.conn()
            .query(
                &sql,
                &[
                    P::OptText(order_no),
                    P::OptText(logistics_no),
                    P::Text(ie_flag),
                ],
            )?
            .iter()
            .map(list_row)
            .collect()
    }

    /// Delete a sender's document under a key (appType 3); returns how many entries went.
    pub fn delete_ceb_documents(
        &self,
        kind: &str,
        key: &str,
        sender: &str,
    ) -> Result<u64, StoreError> {
        self.conn().execute(
            "DELETE FROM ceb_documents WHERE kind = $1 AND doc_key = $2 AND sender = $3",
            &[P::Text(kind), P::Text(key), P::Text(sender)],
        )
    }

    /// The lists of a flow (`I`/`E`) naming a waybill, oldest first, locked (write jobs only).
    pub fn cbec_lists_by_logistics_no_for_update(
        &self,
        ie_flag: &str,
        logistics_no: &str,
    ) -> Result<Vec<CbecListRow>, StoreError> {
        let sql = format!(
            "SELECT {LIST_COLUMNS} FROM cbec_lists WHERE logistics_no = $1 AND ie_flag = $2 \
             ORDER BY created_at, id{}",
            self.cbec_lock()
        );
        self.conn()
            .query(&sql, &[P::Text(logistics_no), P::Text(ie_flag)])?
            .iter()
            .map(list_row)
            .collect()
    }

    /// Released export lists of a declaring agent not yet summarised, locked (write jobs only).
    pub fn unsummarised_export_lists_for_update(
        &self,
        sender: &str,
    ) -> Result<Vec<CbecListRow>, StoreError> {
        let sql = format!(
            "SELECT {LIST_COLUMNS} FROM cbec_lists WHERE ie_flag = 'E' AND sender = $1 \
             AND state = 'released' AND summary_id IS NULL ORDER BY invt_no{}",
            self.cbec_lock()
        );
        self.conn()
            .query(&sql, &[P::Text(sender)])?
            .iter()
            .map(list_row)
            .collect()
    }

    // ---- returns and summaries ----

    pub fn insert_cbec_list_return(&self, row: &CbecListReturnRow) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO cbec_list_returns (list_id, seq, sender, guid, entry, lines, quota_units, tax_fen, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                P::Text(&row.list_id),
                P::Int(row.seq),
                P::Text(&row.sender),
                P::Text(&row.guid),
                P::Int(row.entry),
                P::Text(&row.lines),
                P::Int(row.quota_units),
                P::Int(row.tax_fen),
                P::Text(&row.created_at),
            ],
        )?;
        Ok(())
    }

    /// The returns of a list, in order.
    pub fn cbec_list_returns(&self, list_id: &str) -> Result<Vec<CbecListReturnRow>, StoreError> {
        self.conn()
            .query(
                "SELECT list_id, seq, sender, guid, entry, lines, quota_units, tax_fen, created_at \
                 FROM cbec_list_returns WHERE list_id = $1 ORDER BY seq",
                &[P::Text(list_id)],
            )?
            .iter()
            .map(|row| {
                Ok(CbecListReturnRow {
                    list_id: row.text(0)?,
                    seq: row.int(1)?,
                    sender: row.text(2)?,
                    guid: row.text(3)?,
                    entry: row.int(4)?,
                    lines: row.text(5)?,
                    quota_units: row.int(6)?,
                    tax_fen: row.int(7)?,
                    created_at: row.text(8)?,
                })
            })
            .collect()
    }

    pub fn insert_cbec_summary(&self, row: &CbecSummaryRow) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO cbec_summaries (id, sender, guid, entry, cop_no, pre_no, sum_no, customs_code, \
             ebc_code, groups, declarations, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            &[
                P::Text(&row.id),
                P::Text(&row.sender),
                P::Text(&row.guid),
                P::Int(row.entry),
                P::Text(&row.cop_no),
                P::Text(&row.pre_no),
                P::Text(&row.sum_no),
                P::Text(&row.customs_code),
                P::Text(&row.ebc_code),
                P::Text(&row.groups),
                P::Text(&row.declarations),
                P::Text(&row.created_at),
            ],
        )?;
        Ok(())
    }

    /// A summary by its customs number.
    pub fn cbec_summary_by_sum_no(
        &self,
        sum_no: &str,
    ) -> Result<Option<CbecSummaryRow>, StoreError> {
        self.conn()
            .query_opt(
                "SELECT id, sender, guid, entry, cop_no, pre_no, sum_no, customs_code, ebc_code, groups, \
                 declarations, created_at FROM cbec_summaries WHERE sum_no = $1",
                &[P::Text(sum_no)],
            )?
            .map(|row| {
                Ok(CbecSummaryRow {
                    id: row.text(0)?,
                    sender: row.text(1)?,
                    guid: row.text(2)?,
                    entry: row.int(3)?,
                    cop_no: row.text(4)?,
                    pre_no: row.text(5)?,
                    sum_no: row.text(6)?,
                    customs_code: row.text(7)?,
                    ebc_code: row.text(8)?,
                    groups: row.text(9)?,
                    declarations: row.text(10)?,
                    created_at: row.text(11)?,
                })
            })
            .transpose()
    }

    // ---- quotas ----

    /// What a buyer spent in a year (0.0001 CNY units); 0 when nothing yet.
    pub fn cbec_quota_used(&self, buyer_id: &str, year: i64) -> Result<i64, StoreError> {
        let row = self.conn().query_opt(
            "SELECT used_units FROM cbec_quotas WHERE buyer_id = $1 AND year = $2",
            &[P::Text(buyer_id), P::Int(year)],
        )?;
        row.map_or(Ok(0), |row| row.int(0))
    }

    /// Count `units` against a buyer's year if the total stays within `limit_units`; returns
    /// whether it did. One conditional UPDATE: the row lock (PostgreSQL) or the single writer
    /// (SQLite) makes two concurrent lists of one buyer unable to exceed the limit together.
    pub fn cbec_quota_consume(
        &self,
        buyer_id: &str,
        year: i64,
        units: i64,
        limit_units: i64,
    ) -> Result<bool, StoreError> {
        self.conn().execute(
            "INSERT INTO cbec_quotas (buyer_id, year, used_units) VALUES ($1, $2, 0) \
             ON CONFLICT (buyer_id, year) DO NOTHING",
            &[P::Text(buyer_id), P::Int(year)],
        )?;
        let changed = self.conn().execute(
            "UPDATE cbec_quotas SET used_units = used_units + $3 \
             WHERE buyer_id = $1 AND year = $2 AND used_units + $3 <= $4",
            &[
                P::Text(buyer_id),
                P::Int(year),
                P::Int(units),
                P::Int(limit_units),
            ],
        )?;
        Ok(changed == 1)
    }

    /// Give back what a list counted (it was refused after acceptance).
    pub fn cbec_quota_release(
        &self,
        buyer_id: &str,
        year: i64,
        units: i64,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE cbec_quotas SET used_units = used_units - $3 WHERE buyer_id = $1 AND year = $2",
            &[P::Text(buyer_id), P::Int(year), P::Int(units)],
        )?;
        Ok(())
    }

    // ---- numbers and receipts ----

    /// The next number of a gap-free sequence (`pre-no` / `invt-no` per office and year, or
    /// `inbox` per recipient). Inside the write transaction, so a rollback gives it back.
    pub fn next_cbec_sequence(&self, kind: &str, scope: &str) -> Result<i64, StoreError> {
        self.conn()
            .query_one(
                "INSERT INTO cbec_sequences (kind, scope, last) VALUES ($1, $2, 1) \
                 ON CONFLICT (kind, scope) DO UPDATE SET last = cbec_sequences.last + 1 RETURNING last",
                &[P::Text(kind), P::Text(scope)],
            )?
            .int(0)
    }

    /// Put a receipt in a recipient's inbox; returns its sequence number (the cursor).
    pub fn push_ceb_receipt(
        &self,
        recipient: &str,
        receipt_type: &str,
        list_id: Option<&str>,
        body: &str,
        at: &str,
    ) -> Result<i64, StoreError> {
        let seq = self.next_cbec_sequence("inbox", recipient)?;
        self.conn().execute(
            "INSERT INTO ceb_receipts (recipient, seq, receipt_type, list_id, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                P::Text(recipient),
                P::Int(seq),
                P::Text(receipt_type),
                P::OptText(list_id),
                P::Text(body),
                P::Text(at),
            ],
        )?;
        Ok(seq)
    }

    /// A recipient's receipts after a cursor, in order.
    pub fn ceb_receipts(
        &self,
        recipient: &str,
        after: i64,
        limit: u32,
    ) -> Result<Vec<CebReceiptRow>, StoreError> {
        self.conn()
            .query(
                "SELECT recipient, seq, receipt_type, list_id, body, created_at FROM ceb_receipts \
                 WHERE recipient = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                &[P::Text(recipient), P::Int(after), P::Int(i64::from(limit))],
            )?
            .iter()
            .map(|row| {
                Ok(CebReceiptRow {
                    recipient: row.text(0)?,
                    seq: row.int(1)?,
                    receipt_type: row.text(2)?,
                    list_id: row.opt_text(3)?,
                    body: row.text(4)?,
                    created_at: row.text(5)?,
                })
            })
            .collect()
    }
}

fn list_params(row: &CbecListRow) -> [P<'_>; 26] {
    [
        P::Text(&row.id),
        P::Text(&row.sender),
        P::Text(&row.guid),
        P::Int(row.entry),
        P::Text(&row.cop_no),
        P::Text(&row.pre_no),
        P::OptText(row.invt_no.as_deref()),
        P::Text(&row.order_no),
        P::Text(&row.ebp_code),
        P::Text(&row.logistics_no),
        P::Text(&row.buyer_id),
        P::Text(&row.customs_code),
        P::Text(&row.district),
        P::Text(&row.state),
        P::OptText(row.lane.as_deref()),
        P::OptText(row.tax_total.as_deref()),
        P::OptInt(row.quota_year),
        P::OptInt(row.quota_units),
        P::OptText(row.wait_until.as_deref()),
        P::Text(&row.created_at),
        P::Text(&row.updated_at),
        P::Text(&row.ie_flag),
        P::OptText(row.arrived_at.as_deref()),
        P::OptText(row.departed_at.as_deref()),
        P::OptText(row.released_at.as_deref()),
        P::OptText(row.summary_id.as_deref()),
    ]
}
