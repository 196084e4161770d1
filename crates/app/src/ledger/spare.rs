//! Spare parts imported with a whole machine (measure 6): records kept against a book and the
//! machine's import declaration (no separate declaration), their movements — transfer, return
//! abroad, exchange out/in matched by part number, repair out/back with a deadline — decided by
//! the pure core (`chuanyu_ledger::spare_parts`), and the overdue obligations officers follow up.
//!
//! Each write is one writer job: the book header is locked (writes to a book serialize), the
//! record is read, the core decides, and the record, its movement (append-only, with the answer
//! for retries) and an audit event on the book's stream are written together. Client-chosen ids
//! make every write idempotent.

use super::views::LedgerDocument;
use super::views_more::*;
use super::{
    Answer, Writing, content_hash, corrupt, decimal_text, is_district_officer, is_owner,
    key_remember, key_replay, locked_book, outcome,
};
use crate::time::{china_date, now, timestamp_text};
use crate::{Actor, App, AppError, Idempotency, Outcome};
use chuanyu_domain::Role;
use chuanyu_ledger::{
    Obligation, ObligationKind, SparePartMovement, SparePartRecord, apply_spare_part, overdue,
};
use chuanyu_store::{LedgerBookRow, SparePartMovementRow, SparePartRow, Tx, Visibility};
use jiff::civil::Date;

/// Most overdue obligations one answer lists (earliest due first).
pub const SPARE_PART_OVERDUE_MAX: u32 = 1_000;

fn record_not_found() -> AppError {
    AppError::NotFound("spare-part record")
}

fn movement_kind(movement: &SparePartMovement) -> &'static str {
    match movement {
        SparePartMovement::Transfer { .. } => "transfer",
        SparePartMovement::ReturnAbroad { .. } => "return_abroad",
        SparePartMovement::ExchangeOut { .. } => "exchange_out",
        SparePartMovement::ExchangeIn { .. } => "exchange_in",
        SparePartMovement::RepairOut { .. } => "repair_out",
        SparePartMovement::RepairBack { .. } => "repair_back",
    }
}

fn movement_document(movement: &SparePartMovement) -> LedgerDocument {
    let document = match movement {
        SparePartMovement::Transfer { document, .. }
        | SparePartMovement::ReturnAbroad { document, .. }
        | SparePartMovement::ExchangeOut { document, .. }
        | SparePartMovement::ExchangeIn { document, .. }
        | SparePartMovement::RepairOut { document, .. }
        | SparePartMovement::RepairBack { document, .. } => document,
    };
    LedgerDocument::of(document)
}

fn normalized(movement: &mut SparePartMovement) {
    match movement {
        SparePartMovement::Transfer { quantity, .. }
        | SparePartMovement::ReturnAbroad { quantity, .. }
        | SparePartMovement::ExchangeOut { quantity, .. }
        | SparePartMovement::ExchangeIn { quantity, .. }
        | SparePartMovement::RepairOut { quantity, .. }
        | SparePartMovement::RepairBack { quantity, .. } => *quantity = quantity.normalize(),
    }
}

fn record_of(row: &SparePartRow) -> Result<SparePartRecord, AppError> {
    serde_json::from_str(&row.body).map_err(|e| corrupt(format!("spare part {}: {e}", row.id)))
}

fn next_due(record: &SparePartRecord) -> Option<String> {
    record
        .obligations
        .iter()
        .map(|o| o.due)
        .min()
        .map(|d| d.to_string())
}

fn spare_view(row: &SparePartRow, record: &SparePartRecord) -> SparePartView {
    SparePartView {
        id: row.id.clone(),
        book_id: row.book_id.clone(),
        machine_declaration_no: record.machine_declaration_no.clone(),
        part_no: record.part_no.clone(),
        name: record.name.clone(),
        in_zone: decimal_text(record.in_zone),
        obligations: record
            .obligations
            .iter()
            .map(|o| ObligationView {
                kind: o.kind.as_str().into(),
                document: LedgerDocument::of(&o.document),
                quantity: decimal_text(o.quantity),
                due: o.due.to_string(),
            })
            .collect(),
        movement_count: row.movement_seq,
        created_at: row.created_at.clone(),
        updated_at: row.updated_at.clone(),
    }
}

fn overdue_view(book_id: &str, obligation: &Obligation, today: Date) -> OverdueView {
    let days = (today - obligation.due).get_days() as i64;
    let what = match obligation.kind {
        ObligationKind::RepairReturn => "went out for repair",
        ObligationKind::ExchangeReplacement => "went out for exchange (replacement owed)",
    };
    OverdueView {
        record_id: obligation.record_id.clone(),
        book_id: book_id.to_string(),
        machine_declaration_no: obligation.machine_declaration_no.clone(),
        part_no: obligation.part_no.clone(),
        kind: obligation.kind.as_str().into(),
        quantity: decimal_text(obligation.quantity),
        due: obligation.due.to_string(),
        days_overdue: days,
        document: LedgerDocument::of(&obligation.document),
        reason: format!(
            "{} of part {} (machine {}) {what} under {} {} and were due back by {}: {days} days overdue",
            decimal_text(obligation.quantity),
            obligation.part_no,
            obligation.machine_declaration_no,
            obligation.document.code,
            obligation.document.number,
            obligation.due,
        ),
    }
}

/// The record, in the book the path names, visible to the actor (404 otherwise).
fn record_in_book(
    tx: &Tx<'_>,
    book: &LedgerBookRow,
    record_id: &str,
    lock: bool,
) -> Result<SparePartRow, AppError> {
    match tx.spare_part(record_id, lock)? {
        Some(row) if row.book_id == book.id => Ok(row),
        _ => Err(record_not_found()),
    }
}

fn owner_or_officer(actor: &Actor, book: &LedgerBookRow) -> Result<(), AppError> {
    if is_owner(actor, book) || is_district_officer(actor, book) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only the book's zone operator or an officer of its district may do this".into(),
        ))
    }
}

fn core_findings(found: Vec<chuanyu_ledger::Finding>) -> AppError {
    super::findings(found)
}

impl App {
    /// Record a part imported with a machine against the machine's import declaration.
    pub async fn record_spare_part(
        &self,
        actor: &Actor,
        book_id: &str,
        mut request: SparePartRecordRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<SparePartView>, AppError> {
        request.quantity = request.quantity.normalize();
        let record = SparePartRecord::new(
            &request.id,
            &request.machine_declaration_no,
            &request.part_no,
            &request.name,
            request.quantity,
        )
        .map_err(core_findings)?;
        let document = request.document.to_ref();
        if document.code.trim().is_empty() || document.number.trim().is_empty() {
            return Err(AppError::validation(
                "/document",
                "missing_field",
                "the document that records the part (code and number) is required",
            ));
        }
        let request_hash = content_hash("spare-part", &request);
        let at = timestamp_text(now());
        let (actor, book_id) = (actor.clone(), book_id.to_string());
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let book = locked_book(tx, &actor, &book_id)?;
                owner_or_officer(&actor, &book)?;
                if let Some(existing) = tx.spare_part(&request.id, true)? {
                    if existing.book_id != book.id || existing.request_hash != request_hash {
                        return Err(AppError::IdempotencyConflict);
                    }
                    let view = spare_view(&existing, &record_of(&existing)?);
                    let body = serde_json::to_string(&view).expect("views serialize");
                    return Ok(Answer::Stored(201, body));
                }
                if book.status != "open" {
                    return Err(AppError::validation(
                        "/book_id",
                        chuanyu_ledger::Code::BookClosed.as_str(),
                        format!("book {} is closed", book.id),
                    ));
                }
                let row = SparePartRow {
                    id: record.id.clone(),
                    book_id: book.id.clone(),
                    district: book.district.clone(),
                    machine_declaration_no: record.machine_declaration_no.clone(),
                    part_no: record.part_no.clone(),
                    body: serde_json::to_string(&record).expect("records serialize"),
                    request_hash: request_hash.clone(),
                    movement_seq: 0,
                    next_due: None,
                    created_by: actor.code.clone(),
                    created_at: at.clone(),
                    updated_at: at.clone(),
                };
                tx.insert_spare_part(&row)?;
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let payload = serde_json::json!({
                    "record_id": row.id, "machine_declaration_no": row.machine_declaration_no,
                    "part_no": row.part_no, "quantity": decimal_text(record.in_zone),
                    "document": request.document,
                })
                .to_string();
                writing.event(&book, "record_spare_part", &payload)?;
                let view = spare_view(&row, &record);
                let body = serde_json::to_string(&view).expect("views serialize");
                key_remember(tx, &actor, &key, 201, &body, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }

    pub async fn spare_part(
        &self,
        actor: &Actor,
        book_id: &str,
        record_id: &str,
    ) -> Result<SparePartView, AppError> {
        let (actor, book_id, record_id) =
            (actor.clone(), book_id.to_string(), record_id.to_string());
        self.read(move |tx| {
            let book = match tx.ledger_book(&book_id)? {
                Some(book) if super::can_see(&actor, &book) => book,
                _ => return Err(super::book_not_found()),
            };
            let row = record_in_book(tx, &book, &record_id, false)?;
            Ok(spare_view(&row, &record_of(&row)?))
        })
        .await
    }

    /// A movement of a spare part, decided by the core against the record and today's date.
    pub async fn move_spare_part(
        &self,
        actor: &Actor,
        book_id: &str,
        record_id: &str,
        mut request: SparePartMovementRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<SparePartMovementView>, AppError> {
        normalized(&mut request.movement);
        if request.id.trim().is_empty() || request.id.chars().count() > 64 {
            return Err(AppError::validation(
                "/id",
                "missing_field",
                "a movement id of 1 to 64 characters is required",
            ));
        }
        let request_hash = content_hash("spare-part-movement", &request);
        let at_instant = now();
        let today = china_date(at_instant);
        let at = timestamp_text(at_instant);
        let (actor, book_id, record_id) =
            (actor.clone(), book_id.to_string(), record_id.to_string());
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let book = locked_book(tx, &actor, &book_id)?;
                owner_or_officer(&actor, &book)?;
                let mut row = record_in_book(tx, &book, &record_id, true)?;
                if let Some(existing) = tx.spare_part_movement(&row.id, &request.id)? {
                    if existing.request_hash != request_hash {
                        return Err(AppError::IdempotencyConflict);
                    }
                    return Ok(Answer::Stored(201, existing.response));
                }
                if book.status != "open" {
                    return Err(AppError::validation(
                        "/book_id",
                        chuanyu_ledger::Code::BookClosed.as_str(),
                        format!("book {} is closed", book.id),
                    ));
                }
                let record = record_of(&row)?;
                let next =
                    apply_spare_part(&record, &request.movement, today).map_err(|found| {
                        core_findings(
                            found
                                .into_iter()
                                .map(|mut f| {
                                    f.path = format!("/movement{}", f.path);
                                    f
                                })
                                .collect(),
                        )
                    })?;
                row.movement_seq += 1;
                row.body = serde_json::to_string(&next).expect("records serialize");
                row.next_due = next_due(&next);
                row.updated_at = at.clone();
                tx.update_spare_part(&row)?;
                let kind = movement_kind(&request.movement);
                let document = movement_document(&request.movement);
                let view = SparePartMovementView {
                    seq: row.movement_seq,
                    id: request.id.clone(),
                    movement: kind.into(),
                    document: document.clone(),
                    actor: actor.code.clone(),
                    at: at.clone(),
                    record: spare_view(&row, &next),
                };
                let response = serde_json::to_string(&view).expect("views serialize");
                tx.insert_spare_part_movement(&SparePartMovementRow {
                    record_id: row.id.clone(),
                    seq: row.movement_seq,
                    id: request.id.clone(),
                    kind: kind.into(),
                    document_code: document.code.clone(),
                    document_number: document.number.clone(),
                    body: serde_json::to_string(&request.movement).expect("movements serialize"),
                    request_hash: request_hash.clone(),
                    response: response.clone(),
                    actor: actor.code.clone(),
                    at: at.clone(),
                })?;
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let payload = serde_json::json!({
                    "record_id": row.id, "movement_id": request.id, "seq": row.movement_seq,
                    "movement": request.movement, "in_zone_after": decimal_text(next.in_zone),
                })
                .to_string();
                writing.event(&book, &format!("spare_part_{kind}"), &payload)?;
                key_remember(tx, &actor, &key, 201, &response, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }

    /// Obligations past their deadline on `as_of` (default today, China date): officers see
    /// their district's, administrators all; anyone else is refused.
    pub async fn overdue_spare_parts(
        &self,
        actor: &Actor,
        as_of: Option<String>,
    ) -> Result<OverduePage, AppError> {
        let as_of = match as_of.as_deref() {
            None | Some("") => None,
            Some(text) => Some(text.parse::<Date>().map_err(|e| {
                AppError::validation(
                    "/as_of",
                    "invalid_date",
                    format!("'{text}' is not a YYYY-MM-DD date: {e}"),
                )
            })?),
        };
        let district = match (actor.role, actor.visibility()) {
            (Role::Officer, Visibility::District(district)) => Some(district),
            (_, Visibility::All) => None,
            _ => {
                return Err(AppError::Forbidden(
                    "only officers (their district) and administrators list overdue obligations"
                        .into(),
                ));
            }
        };
        let today = as_of.unwrap_or_else(|| china_date(now()));
        self.read(move |tx| {
            let rows = tx.spare_parts_due_before(
                district.as_deref(),
                &today.to_string(),
                SPARE_PART_OVERDUE_MAX,
            )?;
            let mut items = Vec::new();
            for row in &rows {
                let record = record_of(row)?;
                for obligation in overdue(std::slice::from_ref(&record), today) {
                    items.push(overdue_view(&row.book_id, &obligation, today));
                }
            }
            items.sort_by(|a, b| (&a.due, &a.record_id).cmp(&(&b.due, &b.record_id)));
            Ok(OverduePage {
                as_of: today.to_string(),
                items,
            })
        })
        .await
    }
}
