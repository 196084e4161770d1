//! SQL of CBEC tax guarantees (issue 5), written once for both backends.

use crate::StoreError;
use crate::db::{Conn, P, Row};
use crate::rows_guarantee::*;
use crate::tx::Tx;

const GUARANTEE_COLUMNS: &str = "id, guarantor, principal, kind, amount_fen, reserved_fen, \
     valid_from, valid_to, status, created_at, updated_at";
const BILL_COLUMNS: &str = "list_id, tax_no, sender, assure_code, guarantee_id, duty_fen, vat_fen, \
     consumption_fen, total_fen, lines, state, released_at, settlement_id, created_at, updated_at";
const SETTLEMENT_COLUMNS: &str = "id, assure_code, month, bills, total_fen, settled_by, created_at";

fn guarantee_row(row: &Row) -> Result<GuaranteeRow, StoreError> {
    Ok(GuaranteeRow {
        id: row.text(0)?,
        guarantor: row.text(1)?,
        principal: row.text(2)?,
        kind: row.text(3)?,
        amount_fen: row.int(4)?,
        reserved_fen: row.int(5)?,
        valid_from: row.text(6)?,
        valid_to: row.text(7)?,
        status: row.text(8)?,
        created_at: row.text(9)?,
        updated_at: row.text(10)?,
    })
}

fn bill_row(row: &Row) -> Result<TaxBillRow, StoreError> {
    Ok(TaxBillRow {
        list_id: row.text(0)?,
        tax_no: row.text(1)?,
        sender: row.text(2)?,
        assure_code: row.text(3)?,
        guarantee_id: row.opt_text(4)?,
        duty_fen: row.int(5)?,
        vat_fen: row.int(6)?,
        consumption_fen: row.int(7)?,
        total_fen: row.int(8)?,
        lines: row.text(9)?,
        state: row.text(10)?,
        released_at: row.opt_text(11)?,
        settlement_id: row.opt_text(12)?,
        created_at: row.text(13)?,
        updated_at: row.text(14)?,
    })
}

fn settlement_row(row: &Row) -> Result<SettlementRow, StoreError> {
    Ok(SettlementRow {
        id: row.text(0)?,
        assure_code: row.text(1)?,
        month: row.text(2)?,
        bills: row.int(3)?,
        total_fen: row.int(4)?,
        settled_by: row.text(5)?,
        created_at: row.text(6)?,
    })
}

impl<'a> Tx<'a> {
    fn guarantee_lock(&self) -> &'static str {
        match self.conn() {
            Conn::Postgres(_) => " FOR UPDATE",
            Conn::Sqlite(_) => "",
        }
    }

    // ---- guarantee accounts ----

    pub fn insert_guarantee(&self, g: &GuaranteeRow) -> Result<(), StoreError> {
        self.conn().execute(
            &format!(
                "INSERT INTO cbec_guarantees ({GUARANTEE_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            ),
            &[
                P::Text(&g.id),
                P::Text(&g.guarantor),
                P::Text(&g.principal),
                P::Text(&g.kind),
                P::Int(g.amount_fen),
                P::Int(g.reserved_fen),
                P::Text(&g.valid_from),
                P::Text(&g.valid_to),
                P::Text(&g.status),
                P::Text(&g.created_at),
                P::Text(&g.updated_at),
            ],
        )?;
        Ok(())
    }

    pub fn guarantee(&self, id: &str) -> Result<Option<GuaranteeRow>, StoreError> {
        self.conn()
            .query_opt(
                &format!("SELECT {GUARANTEE_COLUMNS} FROM cbec_guarantees WHERE id = $1"),
                &[P::Text(id)],
            )?
            .as_ref()
            .map(guarantee_row)
            .transpose()
    }

    /// The guarantee, locked on PostgreSQL until the transaction ends (write jobs only).
    pub fn guarantee_for_update(&self, id: &str) -> Result<Option<GuaranteeRow>, StoreError> {
        self.conn()
            .query_opt(
                &format!(
                    "SELECT {GUARANTEE_COLUMNS} FROM cbec_guarantees WHERE id = $1{}",
                    self.guarantee_lock()
                ),
                &[P::Text(id)],
            )?
            .as_ref()
            .map(guarantee_row)
            .transpose()
    }

    /// Guarantees where `party` is the guarantor or the principal (`None`: all), by id.
    pub fn guarantees(&self, party: Option<&str>) -> Result<Vec<GuaranteeRow>, StoreError> {
        let rows = match party {
            Some(code) => self.conn().query(
                &format!(
                    "SELECT {GUARANTEE_COLUMNS} FROM cbec_guarantees \
                     WHERE guarantor = $1 OR principal = $1 ORDER BY id"
                ),
                &[P::Text(code)],
            )?,
            None => self.conn().query(
                &format!("SELECT {GUARANTEE_COLUMNS} FROM cbec_guarantees ORDER BY id"),
                &[],
            )?,
        };
        rows.iter().map(guarantee_row).collect()
    }

    /// Change a guarantee's amount, validity end or status.
    pub fn update_guarantee(&self, g: &GuaranteeRow) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE cbec_guarantees SET amount_fen = $2, valid_to = $3, status = $4, updated_at = $5 \
             WHERE id = $1",
            &[
                P::Text(&g.id),
                P::Int(g.amount_fen),
                P::Text(&g.valid_to),
                P::Text(&g.status),
                P::Text(&g.updated_at),
            ],
        )?;
        Ok(())
    }

    /// Reserve `fen` on the first active guarantee of `principal` valid on `date` (a
    /// `YYYY-MM-DD` China date) with enough balance, earliest expiry first. The check and the
    /// increment are one statement, so two writers can never together over-reserve.
    pub fn reserve_guarantee(
        &self,
        principal: &str,
        date: &str,
        fen: i64,
        at: &str,
    ) -> Result<Option<String>, StoreError> {
        let candidates = self.conn().query(
            "SELECT id FROM cbec_guarantees WHERE principal = $1 AND status = 'active' \
             AND valid_from <= $2 AND valid_to >= $2 AND amount_fen - reserved_fen >= $3 \
             ORDER BY valid_to, id",
            &[P::Text(principal), P::Text(date), P::Int(fen)],
        )?;
        for row in &candidates {
            let id = row.text(0)?;
            let changed = self.conn().execute(
                "UPDATE cbec_guarantees SET reserved_fen = reserved_fen + $2, updated_at = $3 \
                 WHERE id = $1 AND status = 'active' AND amount_fen - reserved_fen >= $2",
                &[P::Text(&id), P::Int(fen), P::Text(at)],
            )?;
            if changed == 1 {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }

    /// Give back a reservation (the bill was paid, voided or moved).
    pub fn release_guarantee(&self, id: &str, fen: i64, at: &str) -> Result<(), StoreError> {
        let changed = self.conn().execute(
            "UPDATE cbec_guarantees SET reserved_fen = reserved_fen - $2, updated_at = $3 \
             WHERE id = $1 AND reserved_fen >= $2",
            &[P::Text(id), P::Int(fen), P::Text(at)],
        )?;
        if changed != 1 {
            return Err(StoreError::Corrupt(format!(
                "guarantee {id} has less than {fen} fen reserved"
            )));
        }
        Ok(())
    }

    // ---- tax bills ----

    pub fn insert_tax_bill(&self, b: &TaxBillRow) -> Result<(), StoreError> {
        self.conn().execute(
            &format!(
                "INSERT INTO cbec_tax_bills ({BILL_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
            ),
            &[
                P::Text(&b.list_id),
                P::Text(&b.tax_no),
                P::Text(&b.sender),
                P::Text(&b.assure_code),
                P::OptText(b.guarantee_id.as_deref()),
                P::Int(b.duty_fen),
                P::Int(b.vat_fen),
                P::Int(b.consumption_fen),
                P::Int(b.total_fen),
                P::Text(&b.lines),
                P::Text(&b.state),
                P::OptText(b.released_at.as_deref()),
                P::OptText(b.settlement_id.as_deref()),
                P::Text(&b.created_at),
                P::Text(&b.updated_at),
            ],
        )?;
        Ok(())
    }

    pub fn update_tax_bill(&self, b: &TaxBillRow) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE cbec_tax_bills SET guarantee_id = $2, state = $3, released_at = $4, \
             settlement_id = $5, updated_at = $6 WHERE list_id = $1",
            &[
                P::Text(&b.list_id),
                P::OptText(b.guarantee_id.as_deref()),
                P::Text(&b.state),
                P::OptText(b.released_at.as_deref()),
                P::OptText(b.settlement_id.as_deref()),
                P::Text(&b.updated_at),
            ],
        )?;
        Ok(())
    }

    /// Lower a bill's amounts after a partial return (the caller releases the difference from
    /// its guarantee reservation in the same transaction). Amounts only ever go down.
    pub fn reduce_tax_bill(&self, b: &TaxBillRow) -> Result<(), StoreError> {
        let changed = self.conn().execute(
            "UPDATE cbec_tax_bills SET duty_fen = $2, vat_fen = $3, consumption_fen = $4, total_fen = $5, \
             updated_at = $6 WHERE list_id = $1 AND total_fen >= $5",
            &[
                P::Text(&b.list_id),
                P::Int(b.duty_fen),
                P::Int(b.vat_fen),
                P::Int(b.consumption_fen),
                P::Int(b.total_fen),
                P::Text(&b.updated_at),
            ],
        )?;
        if changed != 1 {
            return Err(StoreError::Corrupt(format!(
                "tax bill {} cannot be reduced to {} fen",
                b.tax_no, b.total_fen
            )));
        }
        Ok(())
    }

    pub fn tax_bill(&self, list_id: &str) -> Result<Option<TaxBillRow>, StoreError> {
        self.conn()
            .query_opt(
                &format!("SELECT {BILL_COLUMNS} FROM cbec_tax_bills WHERE list_id = $1"),
                &[P::Text(list_id)],
            )?
            .as_ref()
            .map(bill_row)
            .transpose()
    }

    /// Bills of a withholding agent in a state, oldest first.
    pub fn tax_bills_of_agent(
        &self,
        assure_code: &str,
        state: &str,
    ) -> Result<Vec<TaxBillRow>, StoreError> {
        self.conn()
            .query(
                &format!(
                    "SELECT {BILL_COLUMNS} FROM cbec_tax_bills WHERE assure_code = $1 AND state = $2 \
                     ORDER BY created_at, list_id"
                ),
                &[P::Text(assure_code), P::Text(state)],
            )?
            .iter()
            .map(bill_row)
            .collect()
    }

    /// Bills reserved against a guarantee.
    pub fn tax_bills_of_guarantee(&self, id: &str) -> Result<Vec<TaxBillRow>, StoreError> {
        self.conn()
            .query(
                &format!(
                    "SELECT {BILL_COLUMNS} FROM cbec_tax_bills WHERE guarantee_id = $1 \
                     ORDER BY created_at, list_id"
                ),
                &[P::Text(id)],
            )?
            .iter()
            .map(bill_row)
            .collect()
    }

    // ---- settlements ----

    pub fn insert_settlement(&self, s: &SettlementRow) -> Result<(), StoreError> {
        self.conn().execute(
            &format!(
                "INSERT INTO cbec_settlements ({SETTLEMENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
            ),
            &[
                P::Text(&s.id),
                P::Text(&s.assure_code),
                P::Text(&s.month),
                P::Int(s.bills),
                P::Int(s.total_fen),
                P::Text(&s.settled_by),
                P::Text(&s.created_at),
            ],
        )?;
        Ok(())
    }

    pub fn settlement(
        &self,
        assure_code: &str,
        month: &str,
    ) -> Result<Option<SettlementRow>, StoreError> {
        self.conn()
            .query_opt(
                &format!(
                    "SELECT {SETTLEMENT_COLUMNS} FROM cbec_settlements \
                     WHERE assure_code = $1 AND month = $2"
                ),
                &[P::Text(assure_code), P::Text(month)],
            )?
            .as_ref()
            .map(settlement_row)
            .transpose()
    }

    /// Settlements of an agent (`None`: all), latest month first.
    pub fn settlements(&self, assure_code: Option<&str>) -> Result<Vec<SettlementRow>, StoreError> {
        let rows = match assure_code {
            Some(code) => self.conn().query(
                &format!(
                    "SELECT {SETTLEMENT_COLUMNS} FROM cbec_settlements WHERE assure_code = $1 \
                     ORDER BY month DESC"
                ),
                &[P::Text(code)],
            )?,
            None => self.conn().query(
                &format!(
                    "SELECT {SETTLEMENT_COLUMNS} FROM cbec_settlements ORDER BY month DESC, assure_code"
                ),
                &[],
            )?,
        };
        rows.iter().map(settlement_row).collect()
    }

    // ---- keys of signed messages ----

    /// Register a key; registering the same key again changes nothing (returns false).
    pub fn insert_party_key(&self, k: &PartyKeyRow) -> Result<bool, StoreError> {
        let changed = self.conn().execute(
            "INSERT INTO party_keys (party_code, fingerprint, algorithm, public_key_pem, registered_by, registered_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (party_code, fingerprint) DO NOTHING",
            &[
                P::Text(&k.party_code),
                P::Text(&k.fingerprint),
                P::Text(&k.algorithm),
                P::Text(&k.public_key_pem),
                P::Text(&k.registered_by),
                P::Text(&k.registered_at),
            ],
        )?;
        Ok(changed == 1)
    }

    /// A party's keys, oldest first.
    pub fn party_keys(&self, party_code: &str) -> Result<Vec<PartyKeyRow>, StoreError> {
        self.conn()
            .query(
                "SELECT party_code, fingerprint, algorithm, public_key_pem, registered_by, registered_at \
                 FROM party_keys WHERE party_code = $1 ORDER BY registered_at, fingerprint",
                &[P::Text(party_code)],
            )?
            .iter()
            .map(|row| {
                Ok(PartyKeyRow {
                    party_code: row.text(0)?,
                    fingerprint: row.text(1)?,
                    algorithm: row.text(2)?,
                    public_key_pem: row.text(3)?,
                    registered_by: row.text(4)?,
                    registered_at: row.text(5)?,
                })
            })
            .collect()
    }
}
