//! `chuanyu ledger verify`: replay every book's movement log from the book as opened and
//! compare with what the store holds — balances, list progress, status — and check the
//! stored state's invariant.

use super::{balance_of, list_record_of, opened_book};
use crate::AppError;
use chuanyu_ledger::{BookItem, BookState, Movement, compare_balances, replay};
use chuanyu_store::{StoreError, Tx};
use serde::Serialize;
use std::collections::BTreeMap;

/// One difference found in one book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerProblem {
    pub book_id: String,
    /// balance_mismatch, progress_mismatch, status_mismatch, replay_refused,
    /// invariant_violated, unreadable_movement, unrecorded_item
    pub code: &'static str,
    pub path: String,
    pub detail: String,
}

/// What `chuanyu ledger verify` reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LedgerReport {
    pub books: usize,
    pub movements: usize,
    pub items: usize,
    pub problems: Vec<LedgerProblem>,
}

/// Replay every book in one read snapshot.
pub fn verify_ledger(store: &chuanyu_store::Store) -> Result<LedgerReport, AppError> {
    let mut outcome = None;
    store.read(|tx| {
        outcome = Some(verify_in(tx));
        Ok::<(), StoreError>(())
    })?;
    outcome.expect("the read ran")
}

fn verify_in(tx: &Tx<'_>) -> Result<LedgerReport, AppError> {
    let mut report = LedgerReport::default();
    for id in tx.ledger_book_ids()? {
        report.books += 1;
        verify_book(tx, &id, &mut report)?;
    }
    Ok(report)
}

fn verify_book(tx: &Tx<'_>, id: &str, report: &mut LedgerReport) -> Result<(), AppError> {
    let mut problem = |code: &'static str, path: String, detail: String| {
        report.problems.push(LedgerProblem {
            book_id: id.to_string(),
            code,
            path,
            detail,
        })
    };
    let Some(header) = tx.ledger_book(id)? else {
        return Ok(());
    };
    let rows = tx.ledger_movements(id)?;
    let item_rows = tx.ledger_all_items(id)?;
    let list_rows = tx.ledger_all_lists(id, false)?;
    let mut movements = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        if row.seq != index as u64 + 1 {
            problem(
                "movement_gap",
                format!("/movements/{}", row.seq),
                format!("movement {} stands at position {}", row.seq, index + 1),
            );
        }
        match serde_json::from_str::<Movement>(&row.body) {
            Ok(movement) => movements.push(movement),
            Err(e) => problem(
                "unreadable_movement",
                format!("/movements/{}", row.seq),
                e.to_string(),
            ),
        }
    }
    let (stored_movements, stored_items) = (rows.len(), item_rows.len());
    if header.movement_seq != rows.len() as u64 {
        problem(
            "movement_count_mismatch",
            "/movement_seq".into(),
            format!(
                "the header counts {} movements, the log holds {}",
                header.movement_seq,
                rows.len()
            ),
        );
    }
    let mut stored = BTreeMap::new();
    let mut items = Vec::with_capacity(item_rows.len());
    for row in &item_rows {
        match balance_of(row) {
            Ok(balance) => {
                stored.insert(row.material_no.clone(), balance);
            }
            Err(e) => problem(
                "unreadable_balance",
                format!("/balances/{}", row.material_no),
                e.to_string(),
            ),
        }
        items.push(BookItem {
            material_no: row.material_no.clone(),
            hs_code: row.hs_code.clone(),
            name: row.name.clone(),
            unit: row.unit.clone(),
            origin_country: row.origin_country.clone(),
        });
    }
    let mut lists = Vec::with_capacity(list_rows.len());
    for row in &list_rows {
        match list_record_of(row) {
            Ok(record) => lists.push(record),
            Err(e) => problem(
                "unreadable_list",
                format!("/lists/{}", row.id),
                e.to_string(),
            ),
        }
    }
    // The stored state on its own: the invariant after the read.
    let book = super::core_book(&header, items)?;
    let status_stored = book.status;
    if let Err(violation) = BookState::from_parts(book, &stored, lists.clone()) {
        problem("invariant_violated", "/".into(), violation.to_string());
    }
    // The log replayed from the book as opened.
    match replay(&opened_book(&header)?, &movements) {
        Err(error) => problem(
            "replay_refused",
            format!("/movements/{}", error.index + 1),
            error.to_string(),
        ),
        Ok(replayed) => {
            for finding in compare_balances(&stored, &replayed.balances()) {
                problem("balance_mismatch", finding.path, finding.message);
            }
            if replayed.book().status != status_stored {
                problem(
                    "status_mismatch",
                    "/status".into(),
                    format!(
                        "stored {:?}, replayed {:?}",
                        status_stored,
                        replayed.book().status
                    ),
                );
            }
            let replayed_lists = replayed.lists().count();
            if replayed_lists != lists.len() {
                problem(
                    "list_count_mismatch",
                    "/lists".into(),
                    format!("stored {} lists, replayed {replayed_lists}", lists.len()),
                );
            }
            for record in &lists {
                match replayed.list(&record.list.id) {
                    Some(again) if again == record => {}
                    Some(_) => problem(
                        "progress_mismatch",
                        format!("/lists/{}", record.list.id),
                        "the stored list or its line progress differs from the replay".into(),
                    ),
                    None => problem(
                        "list_not_in_log",
                        format!("/lists/{}", record.list.id),
                        "the list is stored but no movement booked it".into(),
                    ),
                }
            }
        }
    }
    report.movements += stored_movements;
    report.items += stored_items;
    Ok(())
}
