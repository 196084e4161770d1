//! Bonded account books (issue 6): opening and closing books, recording items, booking lists,
//! gate passes and passage, transfers between books — the `chuanyu-ledger` core wired to the
//! store, one writer job per operation.
//!
//! Every write job first locks the book header (serializing writes to a book across nodes),
//! then loads only what the movement touches — the items its lines name and the lists it
//! refers to — as a `BookState` view, asserts the invariant after the read, lets the core
//! decide, asserts the invariant again before the write, and writes balances, list progress,
//! the movement (append-only, replayed by `chuanyu ledger verify`) and the audit event on
//! `account-book/{id}` in the same savepoint. Client-chosen ids make every booking idempotent.

pub mod cbec1210;
pub mod duty_free;
mod encode;
pub mod second_line;
pub mod spare;
pub mod stocktake;
pub mod verify;
pub mod views;
pub mod views_more;

use crate::time::{china_date, now, timestamp_text};
use crate::{Actor, App, AppError, Idempotency, Outcome};
use chuanyu_domain::{Finding, Role};
use chuanyu_ledger as core;
use chuanyu_ledger::{
    AccountBook, Balance, BookItem, BookState, BookStatus, BookingLine, BookingList,
    BookingListKind, DeductionState, Effect, Gate, GatePass, GatePassLine, GatePassList,
    LineProgress, ListRecord, Movement, ObservedCargo, PlaceKind, TransferLine, TransferRequest,
};
use chuanyu_store::{
    GatePassRow, IdempotentResponse, LedgerBalanceUpdate, LedgerBookRow, LedgerItemRow,
    LedgerListRow, LedgerMovementRow, NewAuditEvent, StoreError, Tx, Visibility,
};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;
use std::sync::Arc;
use views::*;

/// Items one request may record (opening or `POST …/items`).
pub const LEDGER_ITEMS_PER_REQUEST_MAX: usize = 1_000;

pub fn stream_of(book_id: &str) -> String {
    format!("account-book/{book_id}")
}

fn book_not_found() -> AppError {
    AppError::NotFound("account book")
}

fn corrupt(detail: impl std::fmt::Display) -> AppError {
    AppError::Store(StoreError::Corrupt(detail.to_string()))
}

fn findings(found: Vec<core::Finding>) -> AppError {
    AppError::Validation(
        found
            .into_iter()
            .map(|f| Finding {
                path: f.path,
                code: f.code.as_str(),
                message: f.message,
            })
            .collect(),
    )
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The hash that decides "same content": the request re-serialized (field order fixed,
/// quantities normalized), so whitespace or `10` vs `10.000` do not matter.
fn content_hash<T: serde::Serialize>(what: &str, value: &T) -> String {
    let text = serde_json::to_string(value).expect("requests serialize");
    sha256_hex(format!("{what}\n{text}").as_bytes())
}

fn decimal_text(value: Decimal) -> String {
    core::DecimalText(value.normalize()).to_string()
}

fn place_kind_of(text: &str) -> Result<PlaceKind, AppError> {
    PlaceKind::ALL
        .into_iter()
        .find(|p| p.as_str() == text)
        .ok_or_else(|| corrupt(format!("unknown place kind '{text}'")))
}

fn status_text(status: BookStatus) -> &'static str {
    match status {
        BookStatus::Open => "open",
        BookStatus::Closed => "closed",
    }
}

fn status_of(text: &str) -> Result<BookStatus, AppError> {
    match text {
        "open" => Ok(BookStatus::Open),
        "closed" => Ok(BookStatus::Closed),
        other => Err(corrupt(format!("unknown book status '{other}'"))),
    }
}

/// The header as a core book with the given items.
fn core_book(row: &LedgerBookRow, items: Vec<BookItem>) -> Result<AccountBook, AppError> {
    Ok(AccountBook {
        id: row.id.clone(),
        enterprise_code: row.enterprise_code.clone(),
        place_kind: place_kind_of(&row.place_kind)?,
        district: row.district.clone(),
        status: status_of(&row.status)?,
        items,
    })
}

/// The book as it was opened: the log starts from here (items are recorded by movements).
pub fn opened_book(row: &LedgerBookRow) -> Result<AccountBook, AppError> {
    let mut book = core_book(row, Vec::new())?;
    book.status = BookStatus::Open;
    Ok(book)
}

fn item_of(row: &LedgerItemRow) -> BookItem {
    BookItem {
        material_no: row.material_no.clone(),
        hs_code: row.hs_code.clone(),
        name: row.name.clone(),
        unit: row.unit.clone(),
        origin_country: row.origin_country.clone(),
    }
}

pub fn balance_of(row: &LedgerItemRow) -> Result<Balance, AppError> {
    balance_of_text(
        &row.book_id,
        &row.material_no,
        [
            &row.available,
            &row.pre_deducted,
            &row.incoming,
            &row.displayed,
        ],
    )
}

/// The four buckets (available, pre_deducted, incoming, displayed) parsed from their text;
/// the error names the book, the material and the bucket.
fn balance_of_text(
    book_id: &str,
    material_no: &str,
    [available, pre_deducted, incoming, displayed]: [&str; 4],
) -> Result<Balance, AppError> {
    let parse = |text: &str, bucket: &str| {
        Decimal::from_str(text).map_err(|e| {
            corrupt(format!(
                "{book_id} {material_no} {bucket}: '{text}' is not a decimal: {e}"
            ))
        })
    };
    Ok(Balance {
        available: parse(available, "available")?,
        pre_deducted: parse(pre_deducted, "pre_deducted")?,
        incoming: parse(incoming, "incoming")?,
        displayed: parse(displayed, "displayed")?,
    })
}

/// Append `value` as [`decimal_text`] writes it, without a String of its own.
fn push_decimal(out: &mut String, value: Decimal) {
    use std::fmt::Write;
    write!(out, "{}", core::DecimalText(value.normalize()))
        .expect("writing to a String cannot fail");
}

pub fn list_record_of(row: &LedgerListRow) -> Result<ListRecord, AppError> {
    let list: BookingList = serde_json::from_str(&row.body)
        .map_err(|e| corrupt(format!("list {} of {}: {e}", row.id, row.book_id)))?;
    let progress = serde_json::from_str(&row.progress).map_err(|e| {
        corrupt(format!(
            "progress of list {} of {}: {e}",
            row.id, row.book_id
        ))
    })?;
    Ok(ListRecord { list, progress })
}

fn open_lines(record: &ListRecord) -> u64 {
    record
        .progress
        .iter()
        .filter(|p| {
            matches!(
                p.state,
                DeductionState::PreDeducted | DeductionState::Deducted
            )
        })
        .count() as u64
}

/// Who may see a book (anyone else gets 404, so existence does not leak).
fn can_see(actor: &Actor, book: &LedgerBookRow) -> bool {
    match actor.visibility() {
        Visibility::All => true,
        Visibility::District(district) => book.district == district,
        Visibility::Enterprise(code) => !code.is_empty() && book.enterprise_code == code,
    }
}

fn is_owner(actor: &Actor, book: &LedgerBookRow) -> bool {
    actor.role == Role::ZoneOperator && actor.code == book.enterprise_code
}

fn is_district_officer(actor: &Actor, book: &LedgerBookRow) -> bool {
    actor.role == Role::Officer && actor.district.as_deref() == Some(book.district.as_str())
}

/// The header, locked, and visible to the actor (404 otherwise).
fn locked_book(tx: &Tx<'_>, actor: &Actor, id: &str) -> Result<LedgerBookRow, AppError> {
    match tx.ledger_book_for_update(id)? {
        Some(book) if can_see(actor, &book) => Ok(book),
        _ => Err(book_not_found()),
    }
}

fn owner_only(actor: &Actor, book: &LedgerBookRow) -> Result<(), AppError> {
    if is_owner(actor, book) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only the zone operator that keeps the book may do this".into(),
        ))
    }
}

fn officer_only(actor: &Actor, book: &LedgerBookRow) -> Result<(), AppError> {
    if is_district_officer(actor, book) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only an officer of the book's district may do this".into(),
        ))
    }
}

/// A view of the book with these items (by material number) and these lists (with every item
/// their lines name), the invariant asserted after the read.
fn load_view(
    tx: &Tx<'_>,
    book: &LedgerBookRow,
    materials: &[&str],
    list_ids: &[&str],
) -> Result<BookState, AppError> {
    let mut lists = Vec::with_capacity(list_ids.len());
    for id in list_ids {
        if let Some(row) = tx.ledger_list(&book.id, id)? {
            lists.push(list_record_of(&row)?);
        }
    }
    let mut wanted: Vec<&str> = materials.to_vec();
    for record in &lists {
        wanted.extend(record.list.lines.iter().map(|l| l.material_no.as_str()));
    }
    // Each item read straight from the statement into the view (no row copies, no map).
    let mut items = Vec::with_capacity(wanted.len());
    let mut balances = Vec::with_capacity(wanted.len());
    tx.for_each_ledger_item_by_material(&book.id, &wanted, |row| {
        balances.push(balance_of_text(
            &book.id,
            row.material_no,
            [row.available, row.pre_deducted, row.incoming, row.displayed],
        )?);
        items.push(BookItem {
            material_no: row.material_no.to_string(),
            hs_code: row.hs_code.to_string(),
            name: row.name.to_string(),
            unit: row.unit.to_string(),
            origin_country: row.origin_country.to_string(),
        });
        Ok::<(), AppError>(())
    })?;
    BookState::from_view_items(core_book(book, items)?, balances, lists).map_err(corrupt)
}

/// The whole book as closing needs it: every item, and the lists with open lines (the others
/// reserve nothing), so the full invariant holds.
fn load_for_closing(tx: &Tx<'_>, book: &LedgerBookRow) -> Result<BookState, AppError> {
    let rows = tx.ledger_all_items(&book.id)?;
    let mut balances = BTreeMap::new();
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        balances.insert(row.material_no.clone(), balance_of(row)?);
        items.push(item_of(row));
    }
    let lists = tx
        .ledger_all_lists(&book.id, true)?
        .iter()
        .map(list_record_of)
        .collect::<Result<Vec<_>, _>>()?;
    BookState::from_parts(core_book(book, items)?, &balances, lists).map_err(corrupt)
}

fn movement_document(movement: &Movement) -> LedgerDocument {
    let document = match movement {
        Movement::RecordItem { document, .. }
        | Movement::Cancel { document, .. }
        | Movement::WriteOff { document, .. }
        | Movement::CloseBook { document, .. }
        | Movement::ReopenBook { document, .. } => document.clone(),
        Movement::Declare { list } | Movement::Book { list, .. } => list.document.clone(),
        Movement::Process { consume, .. } => consume.document.clone(),
        Movement::PassGate {
            gate_pass_id,
            vehicle,
            ..
        } => {
            return LedgerDocument {
                code: "gate_pass".into(),
                number: format!("{gate_pass_id} ({vehicle})"),
            };
        }
        Movement::Deduct { list_id, .. } => {
            return LedgerDocument {
                code: "booking_list".into(),
                number: list_id.clone(),
            };
        }
    };
    LedgerDocument::of(&document)
}

/// The client-chosen id of a movement in the book's log.
fn movement_id(movement: &Movement) -> String {
    movement.idempotency_keys().join(",")
}

fn list_view(book_id: &str, record: &ListRecord) -> ListView {
    list_view_of(book_id, &record.list, &record.progress)
}

fn list_view_of(book_id: &str, list: &BookingList, progress: &[LineProgress]) -> ListView {
    ListView {
        book_id: book_id.to_string(),
        id: list.id.clone(),
        kind: list.kind.as_str().into(),
        document: LedgerDocument::of(&list.document),
        counterpart_book: list.counterpart_book.clone(),
        approved_by: list.approved_by.clone(),
        lines: list
            .lines
            .iter()
            .zip(progress)
            .map(|(line, progress)| LineView {
                line_no: line.line_no,
                material_no: line.material_no.clone(),
                quantity: decimal_text(line.quantity),
                counterpart: line.counterpart.clone(),
                state: progress.state.as_str().into(),
                state_code: progress.state.code(),
                passed: decimal_text(progress.passed),
                deducted_on: progress.deducted_on.map(|d| d.to_string()),
            })
            .collect(),
        goods_declaration: None,
    }
}

fn book_view(row: &LedgerBookRow) -> BookView {
    BookView {
        id: row.id.clone(),
        enterprise_code: row.enterprise_code.clone(),
        place_kind: row.place_kind.clone(),
        district: row.district.clone(),
        status: row.status.clone(),
        item_count: row.item_count,
        movement_count: row.movement_seq,
        document: LedgerDocument {
            code: row.document_code.clone(),
            number: row.document_number.clone(),
        },
        opened_by: row.opened_by.clone(),
        opened_at: row.opened_at.clone(),
        updated_at: row.updated_at.clone(),
    }
}

fn item_view(row: &LedgerItemRow) -> ItemView {
    ItemView {
        material_no: row.material_no.clone(),
        hs_code: row.hs_code.clone(),
        name: row.name.clone(),
        unit: row.unit.clone(),
        origin_country: row.origin_country.clone(),
        available: row.available.clone(),
        pre_deducted: row.pre_deducted.clone(),
        incoming: row.incoming.clone(),
        displayed: row.displayed.clone(),
    }
}

fn balance_row(book_id: &str, item: &BookItem, balance: &Balance, at: &str) -> LedgerItemRow {
    LedgerItemRow {
        book_id: book_id.to_string(),
        material_no: item.material_no.clone(),
        hs_code: item.hs_code.clone(),
        name: item.name.clone(),
        unit: item.unit.clone(),
        origin_country: item.origin_country.clone(),
        available: decimal_text(balance.available),
        pre_deducted: decimal_text(balance.pre_deducted),
        incoming: decimal_text(balance.incoming),
        displayed: decimal_text(balance.displayed),
        updated_at: at.to_string(),
    }
}

/// What a movement writes that does not depend on the book's state: the movement's log body
/// (JSON), its SHA-256 for the audit event, and the bodies of the lists it declares. Encoded
/// by the caller before the job is queued, so the single writer thread does not spend its
/// time on it; byte for byte what the writer would encode.
struct Encoded {
    body: String,
    body_sha256: String,
    /// (list id, list body) of each list the movement declares.
    lists: Vec<(String, String)>,
}

impl Encoded {
    fn of(movement: &Movement) -> Encoded {
        let body = serde_json::to_string(movement).expect("movements serialize");
        let body_sha256 = sha256_hex(body.as_bytes());
        let lists = match movement {
            Movement::Declare { list } | Movement::Book { list, .. } => vec![list],
            Movement::Process {
                consume, produce, ..
            } => vec![consume, produce],
            _ => Vec::new(),
        }
        .into_iter()
        .map(|list| {
            (
                list.id.clone(),
                serde_json::to_string(list).expect("lists serialize"),
            )
        })
        .collect();
        Encoded {
            body,
            body_sha256,
            lists,
        }
    }

    fn list_body(&self, list_id: &str) -> Option<&str> {
        self.lists
            .iter()
            .find(|(id, _)| id == list_id)
            .map(|(_, body)| body.as_str())
    }
}

/// A movement just booked: its view without the explanations of its changes, and the changes
/// (explaining 1,000 changes is left to whoever needs the text).
struct Booked<'e> {
    /// `changes` left empty.
    head: MovementView,
    changes: &'e [core::BalanceChange],
}

impl Booked<'_> {
    fn view(self) -> MovementView {
        MovementView {
            changes: self.changes.iter().map(|c| c.explain()).collect(),
            ..self.head
        }
    }
}

/// What the writer returns for a booked list: the caller builds the view from it.
struct BookedList {
    /// `changes` left empty.
    head: MovementView,
    changes: Vec<core::BalanceChange>,
    progress: Vec<LineProgress>,
}

/// Everything one write job knows about who writes when.
struct Writing<'a, 'c> {
    tx: &'a Tx<'c>,
    actor: &'a Actor,
    at: &'a str,
}

impl Writing<'_, '_> {
    /// Decide `movement` on `state` (a view or the whole book), commit it in memory, assert
    /// the invariant before the write, and write everything it changed with the movement row
    /// and the audit event. `respond` builds the answer (stored for retries) from the state
    /// after the movement. Returns that answer.
    fn book<R: serde::Serialize>(
        &self,
        book: &mut LedgerBookRow,
        state: &mut BookState,
        movement: &Movement,
        request_hash: &str,
        respond: impl FnOnce(&BookState, MovementView) -> R,
    ) -> Result<R, AppError> {
        let effect = core::apply(state, movement).map_err(findings)?;
        self.commit(book, state, movement, &effect, request_hash, respond)
    }

    /// Like [`Writing::book`] with the movement's state-independent encoding done beforehand
    /// (see [`Encoded`]); `answer` returns the answer and its encoding (stored for retries)
    /// from the state after the movement and the booked movement. Returns the answer and the
    /// effect.
    fn book_encoded<R>(
        &self,
        book: &mut LedgerBookRow,
        state: &mut BookState,
        movement: &Movement,
        encoded: &Encoded,
        request_hash: &str,
        answer: impl FnOnce(&BookState, Booked<'_>) -> (R, String),
    ) -> Result<(R, Effect), AppError> {
        let effect = core::apply(state, movement).map_err(findings)?;
        let answer = self.commit_with(
            book,
            state,
            movement,
            &effect,
            request_hash,
            Some(encoded),
            answer,
        )?;
        Ok((answer, effect))
    }

    /// Like [`Writing::book`] with an effect the core already decided on this `state`.
    fn commit<R: serde::Serialize>(
        &self,
        book: &mut LedgerBookRow,
        state: &mut BookState,
        movement: &Movement,
        effect: &Effect,
        request_hash: &str,
        respond: impl FnOnce(&BookState, MovementView) -> R,
    ) -> Result<R, AppError> {
        self.commit_with(
            book,
            state,
            movement,
            effect,
            request_hash,
            None,
            |state, booked| {
                let answer = respond(state, booked.view());
                let response = serde_json::to_string(&answer).expect("views serialize");
                (answer, response)
            },
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn commit_with<R>(
        &self,
        book: &mut LedgerBookRow,
        state: &mut BookState,
        movement: &Movement,
        effect: &Effect,
        request_hash: &str,
        encoded: Option<&Encoded>,
        answer: impl FnOnce(&BookState, Booked<'_>) -> (R, String),
    ) -> Result<R, AppError> {
        let status_before = book.status.clone();
        state.commit(movement, effect);
        state.check_invariants().map_err(corrupt)?;
        // Items and balances.
        if let Movement::RecordItem { item, .. } = movement {
            self.tx
                .insert_ledger_item(&balance_row(&book.id, item, &Balance::ZERO, self.at))?;
            book.item_count += 1;
        }
        let touched: BTreeSet<&str> = effect
            .balance_changes
            .iter()
            .map(|c| c.material_no.as_str())
            .collect();
        // The new buckets as text, all in one buffer (no String per bucket).
        let mut text = String::with_capacity(touched.len() * 8);
        let mut spans = Vec::with_capacity(touched.len());
        for material_no in touched {
            let balance = state
                .balance(material_no)
                .ok_or_else(|| corrupt(format!("{material_no} vanished from the view")))?;
            let mut ends = [0usize; 4];
            for (end, value) in ends.iter_mut().zip([
                balance.available,
                balance.pre_deducted,
                balance.incoming,
                balance.displayed,
            ]) {
                push_decimal(&mut text, value);
                *end = text.len();
            }
            spans.push((material_no, ends));
        }
        let mut start = 0;
        let balances: Vec<LedgerBalanceUpdate<'_>> = spans
            .iter()
            .map(|(material_no, ends)| {
                let [a, p, i, d] = *ends;
                let update = LedgerBalanceUpdate {
                    material_no,
                    available: &text[start..a],
                    pre_deducted: &text[a..p],
                    incoming: &text[p..i],
                    displayed: &text[i..d],
                };
                start = d;
                update
            })
            .collect();
        self.tx
            .update_ledger_balances(&book.id, self.at, &balances)?;
        // Lists: new ones inserted, changed ones updated.
        let mut new_lists: Vec<&str> = Vec::new();
        match movement {
            Movement::Declare { list } | Movement::Book { list, .. } => new_lists.push(&list.id),
            Movement::Process {
                consume, produce, ..
            } => {
                new_lists.push(&consume.id);
                new_lists.push(&produce.id);
            }
            _ => {}
        }
        let changed: BTreeSet<&str> = effect
            .line_changes
            .iter()
            .map(|c| c.list_id.as_str())
            .chain(new_lists.iter().copied())
            .collect();
        for list_id in changed {
            let record = state
                .list(list_id)
                .ok_or_else(|| corrupt(format!("list {list_id} vanished from the view")))?;
            let row = LedgerListRow {
                book_id: book.id.clone(),
                id: list_id.to_string(),
                kind: record.list.kind.as_str().into(),
                body: match encoded.and_then(|e| e.list_body(list_id)) {
                    Some(body) => body.to_string(),
                    None => serde_json::to_string(&record.list).expect("lists serialize"),
                },
                progress: serde_json::to_string(&record.progress).expect("progress serializes"),
                open_lines: open_lines(record),
                created_by: self.actor.code.clone(),
                created_at: self.at.to_string(),
                updated_at: self.at.to_string(),
            };
            if new_lists.contains(&list_id) {
                self.tx.insert_ledger_list(&row)?;
            } else {
                self.tx.update_ledger_list_progress(&row)?;
            }
        }
        if let Some(status) = effect.status_after {
            book.status = status_text(status).into();
        }
        book.movement_seq += 1;
        book.updated_at = self.at.to_string();
        self.tx.update_ledger_book(book)?;
        // The movement, its answer, and the audit event binding both.
        let id = movement_id(movement);
        let document = movement_document(movement);
        let head = MovementView {
            book_id: book.id.clone(),
            seq: book.movement_seq,
            id: id.clone(),
            movement: movement.as_str().into(),
            document: document.clone(),
            actor: self.actor.code.clone(),
            at: self.at.to_string(),
            changes: Vec::new(),
            follow_ups: effect
                .follow_ups
                .iter()
                .map(|f| match f {
                    core::FollowUp::GoodsDeclarationRequired { list_id } => {
                        format!("goods_declaration_required: list {list_id}")
                    }
                })
                .collect(),
        };
        let (answer, response) = answer(
            state,
            Booked {
                head,
                changes: &effect.balance_changes,
            },
        );
        let (body, body_sha256) = match encoded {
            Some(encoded) => (encoded.body.clone(), encoded.body_sha256.clone()),
            None => {
                let body = serde_json::to_string(movement).expect("movements serialize");
                let body_sha256 = sha256_hex(body.as_bytes());
                (body, body_sha256)
            }
        };
        self.tx.insert_ledger_movement(&LedgerMovementRow {
            book_id: book.id.clone(),
            seq: book.movement_seq,
            id: id.clone(),
            kind: movement.as_str().into(),
            document_code: document.code.clone(),
            document_number: document.number.clone(),
            body,
            request_hash: request_hash.to_string(),
            response,
            actor: self.actor.code.clone(),
            at: self.at.to_string(),
        })?;
        let payload = serde_json::json!({
            "movement_id": id,
            "seq": book.movement_seq,
            "document": document,
            "body_sha256": body_sha256,
            "balance_changes": effect.balance_changes.len(),
            "line_changes": effect.line_changes.len(),
        })
        .to_string();
        let stream = stream_of(&book.id);
        self.tx.append_audit(&NewAuditEvent {
            stream: &stream,
            at: self.at,
            actor: &self.actor.code,
            action: movement.as_str(),
            from_state: Some(&status_before),
            to_state: Some(&book.status),
            reason: None,
            payload: Some(&payload),
        })?;
        Ok(answer)
    }

    /// A non-movement event on the book's stream (opening, gate pass issued).
    fn event(&self, book: &LedgerBookRow, action: &str, payload: &str) -> Result<(), AppError> {
        let stream = stream_of(&book.id);
        self.tx.append_audit(&NewAuditEvent {
            stream: &stream,
            at: self.at,
            actor: &self.actor.code,
            action,
            from_state: None,
            to_state: Some(&book.status),
            reason: None,
            payload: Some(payload),
        })?;
        Ok(())
    }
}

/// A movement already in the log under this id: the first answer, or `idempotency_key_reused`.
fn earlier(
    tx: &Tx<'_>,
    book_id: &str,
    id: &str,
    request_hash: &str,
) -> Result<Option<String>, AppError> {
    match tx.ledger_movement(book_id, id)? {
        None => Ok(None),
        Some(row) if row.request_hash == request_hash => Ok(Some(row.response)),
        Some(_) => Err(AppError::IdempotencyConflict),
    }
}

/// The HTTP `Idempotency-Key` (optional, on top of the client-chosen ids).
fn key_replay(
    tx: &Tx<'_>,
    actor: &Actor,
    key: &Option<Idempotency>,
) -> Result<Option<(u16, String)>, AppError> {
    let Some(key) = key else { return Ok(None) };
    match tx.idempotent_response(&actor.code, &key.key)? {
        None => Ok(None),
        Some(stored) if stored.request_hash == key.request_hash => {
            Ok(Some((stored.status, stored.response)))
        }
        Some(_) => Err(AppError::IdempotencyConflict),
    }
}

fn key_remember(
    tx: &Tx<'_>,
    actor: &Actor,
    key: &Option<Idempotency>,
    status: u16,
    response: &str,
    at: &str,
) -> Result<(), AppError> {
    if let Some(key) = key {
        tx.save_idempotent_response(
            &actor.code,
            &key.key,
            &IdempotentResponse {
                request_hash: key.request_hash.clone(),
                status,
                response: response.to_string(),
            },
            at,
        )?;
    }
    Ok(())
}

fn too_many_items(count: usize) -> Option<AppError> {
    (count > LEDGER_ITEMS_PER_REQUEST_MAX).then(|| {
        AppError::validation(
            "/items",
            "too_many_items",
            format!(
                "{count} items; the limit is ledger_items_per_request_max = {LEDGER_ITEMS_PER_REQUEST_MAX}"
            ),
        )
    })
}

fn normalized_lines(lines: &mut [BookingLineInput]) {
    for line in lines {
        line.quantity = line.quantity.normalize();
    }
}

/// Run one job and turn a stored answer into `Outcome::Replayed`.
enum Answer<T> {
    Fresh(T),
    Stored(u16, String),
}

fn outcome<T>(answer: Answer<T>) -> Outcome<T> {
    match answer {
        Answer::Fresh(value) => Outcome::Fresh(value),
        Answer::Stored(status, body) => Outcome::Replayed { status, body },
    }
}

impl App {
    // ---- books ----

    /// An officer opens a book for a zone operator of its district (items may come along).
    pub async fn open_book(
        &self,
        actor: &Actor,
        mut request: OpenBookRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<BookView>, AppError> {
        if actor.role != Role::Officer {
            return Err(AppError::Forbidden(
                "only officers open account books".into(),
            ));
        }
        let officer_district = actor.district.clone().unwrap_or_default();
        let district = request
            .district
            .get_or_insert_with(|| officer_district.clone())
            .clone();
        if district != officer_district {
            return Err(AppError::Forbidden(format!(
                "an officer of district {officer_district} opens books of that district only"
            )));
        }
        if let Some(error) = too_many_items(request.items.len()) {
            return Err(error);
        }
        let header = AccountBook {
            id: request.id.clone(),
            enterprise_code: request.enterprise_code.clone(),
            place_kind: request.place_kind,
            district: district.clone(),
            status: BookStatus::Open,
            items: Vec::new(),
        };
        let mut found = core::validate_book(&header);
        let document = request.document.to_ref();
        for (path, value) in [
            ("/document/code", &document.code),
            ("/document/number", &document.number),
        ] {
            if value.trim().is_empty() {
                found.push(core::Finding {
                    path: path.into(),
                    code: core::Code::MissingField,
                    message: "this field is required".into(),
                    shortfall: None,
                });
            }
        }
        if !found.is_empty() {
            return Err(findings(found));
        }
        let request_hash = content_hash("open", &request);
        let at = timestamp_text(now());
        let actor = actor.clone();
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                if let Some(existing) = tx.ledger_book_for_update(&request.id)? {
                    if existing.request_hash != request_hash {
                        return Err(AppError::IdempotencyConflict);
                    }
                    let body = serde_json::to_string(&book_view(&existing)).expect("views");
                    return Ok(Answer::Stored(201, body));
                }
                let owner = tx.party_by_code(&request.enterprise_code)?;
                if owner.is_none_or(|p| p.role != Role::ZoneOperator.token()) {
                    return Err(AppError::validation(
                        "/enterprise_code",
                        "unknown_zone_operator",
                        format!(
                            "{} is not a registered zone operator",
                            request.enterprise_code
                        ),
                    ));
                }
                let mut book = LedgerBookRow {
                    id: request.id.clone(),
                    enterprise_code: request.enterprise_code.clone(),
                    place_kind: request.place_kind.as_str().into(),
                    district: district.clone(),
                    status: "open".into(),
                    item_count: 0,
                    movement_seq: 0,
                    document_code: request.document.code.clone(),
                    document_number: request.document.number.clone(),
                    request_hash: request_hash.clone(),
                    opened_by: actor.code.clone(),
                    opened_at: at.clone(),
                    updated_at: at.clone(),
                };
                tx.insert_ledger_book(&book)?;
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let payload = serde_json::json!({
                    "enterprise_code": book.enterprise_code, "place_kind": book.place_kind,
                    "district": book.district, "document": request.document,
                })
                .to_string();
                writing.event(&book, "open_book", &payload)?;
                record_items(
                    &writing,
                    &mut book,
                    &request.items,
                    &request.document,
                    "/items",
                )?;
                let view = book_view(&book);
                let body = serde_json::to_string(&view).expect("views serialize");
                key_remember(tx, &actor, &key, 201, &body, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }

    /// The books the actor may see, a page at a time.
    pub async fn books(
        &self,
        actor: &Actor,
        after: Option<String>,
        limit: Option<u32>,
    ) -> Result<BookPage, AppError> {
        let limit = self.page_limit(limit)?;
        let visibility = actor.visibility();
        let rows = self
            .read(move |tx| Ok(tx.ledger_books(&visibility, after.as_deref(), limit)?))
            .await?;
        let next = (rows.len() == limit as usize)
            .then(|| rows.last().map(|r| r.id.clone()))
            .flatten();
        Ok(BookPage {
            items: rows.iter().map(book_view).collect(),
            next,
        })
    }

    pub async fn book(&self, actor: &Actor, id: &str) -> Result<BookView, AppError> {
        let id = id.to_string();
        let row = self.read(move |tx| Ok(tx.ledger_book(&id)?)).await?;
        match row {
            Some(row) if can_see(actor, &row) => Ok(book_view(&row)),
            _ => Err(book_not_found()),
        }
    }

    /// A page of a book's items with their balances.
    pub async fn book_items(
        &self,
        actor: &Actor,
        id: &str,
        after: Option<String>,
        limit: Option<u32>,
    ) -> Result<ItemPage, AppError> {
        let limit = self.page_limit(limit)?;
        let id = id.to_string();
        let actor = actor.clone();
        self.read(move |tx| {
            match tx.ledger_book(&id)? {
                Some(row) if can_see(&actor, &row) => {}
                _ => return Err(book_not_found()),
            }
            let rows = tx.ledger_items(&id, after.as_deref(), limit)?;
            let next = (rows.len() == limit as usize)
                .then(|| rows.last().map(|r| r.material_no.clone()))
                .flatten();
            Ok(ItemPage {
                items: rows.iter().map(item_view).collect(),
                next,
            })
        })
        .await
    }

    pub async fn booking_list(
        &self,
        actor: &Actor,
        book_id: &str,
        list_id: &str,
    ) -> Result<ListView, AppError> {
        let (book_id, list_id) = (book_id.to_string(), list_id.to_string());
        let actor = actor.clone();
        self.read(move |tx| {
            match tx.ledger_book(&book_id)? {
                Some(row) if can_see(&actor, &row) => {}
                _ => return Err(book_not_found()),
            }
            let row = tx
                .ledger_list(&book_id, &list_id)?
                .ok_or(AppError::NotFound("booking list"))?;
            let mut view = list_view(&book_id, &list_record_of(&row)?);
            view.goods_declaration =
                tx.list_declaration(&book_id, &list_id)?
                    .map(|link| GoodsDeclarationRef {
                        id: link.declaration_id,
                        number: link.declaration_number,
                    });
            Ok(view)
        })
        .await
    }

    fn page_limit(&self, limit: Option<u32>) -> Result<u32, AppError> {
        let limit = limit.unwrap_or(self.options.page_size_default);
        if limit == 0 || limit > self.options.page_size_max {
            return Err(AppError::validation(
                "/limit",
                "invalid_page_size",
                format!(
                    "limit must be 1..=page_size_max = {}",
                    self.options.page_size_max
                ),
            ));
        }
        Ok(limit)
    }

    /// Record more items (the zone operator, or an officer of the district).
    pub async fn record_items(
        &self,
        actor: &Actor,
        book_id: &str,
        request: RecordItemsRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<RecordedItemsView>, AppError> {
        if let Some(error) = too_many_items(request.items.len()) {
            return Err(error);
        }
        if request.items.is_empty() {
            return Err(AppError::validation(
                "/items",
                "no_items",
                "record at least one item",
            ));
        }
        let book_id = book_id.to_string();
        let at = timestamp_text(now());
        let actor = actor.clone();
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let mut book = locked_book(tx, &actor, &book_id)?;
                if !is_owner(&actor, &book) && !is_district_officer(&actor, &book) {
                    return Err(AppError::Forbidden(
                        "only the book's zone operator or an officer of its district records items"
                            .into(),
                    ));
                }
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let (recorded, already_recorded) = record_items(
                    &writing,
                    &mut book,
                    &request.items,
                    &request.document,
                    "/items",
                )?;
                let view = RecordedItemsView {
                    book_id: book.id.clone(),
                    recorded,
                    already_recorded,
                };
                let body = serde_json::to_string(&view).expect("views serialize");
                key_remember(tx, &actor, &key, 201, &body, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }

    // ---- booking lists ----

    /// Book a list: kinds crossing the gate are declared (0 → 1, reserved or expected); the
    /// others are deducted at once (0 → 2) unless `deduct_now` is false.
    pub async fn book_list(
        &self,
        actor: &Actor,
        book_id: &str,
        mut request: BookingListRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<BookingView>, AppError> {
        use BookingListKind as K;
        let refused = match request.kind {
            K::TransferIn | K::TransferOut => Some("book transfers with POST /api/v1/transfers"),
            K::ProcessingConsume | K::ProcessingProduce => {
                Some("book processing with POST /api/v1/account-books/{id}/processing")
            }
            K::SecondLineExit => Some(
                "book second-line exits with POST /api/v1/account-books/{id}/second-line-exits \
                 (the goods declaration is created with the list)",
            ),
            K::FrontStoreSale => {
                Some("front-store sales are deducted by their CBEC 1210 inventory list")
            }
            K::DutyFreeSale => {
                Some("book duty-free sales with POST /api/v1/account-books/{id}/duty-free-sales")
            }
            _ => None,
        };
        if let Some(message) = refused {
            return Err(AppError::validation(
                "/kind",
                "kind_not_offered_here",
                message,
            ));
        }
        normalized_lines(&mut request.lines);
        let request_hash = content_hash("booking-list", &request);
        let deduct_now = request.kind.gate() == Gate::NotUsed && request.deduct_now != Some(false);
        let on = china_date(now());
        let at = timestamp_text(now());
        let book_id = book_id.to_string();
        let actor = actor.clone();
        // The movement and its state-independent encoding, built here rather than on the
        // writer thread: a kind that needs approval names the booking officer (the job refuses
        // anyone else), the list names the book of the path (the job books it in that book).
        let list = BookingList {
            id: request.id.clone(),
            book_id: book_id.clone(),
            kind: request.kind,
            document: request.document.to_ref(),
            counterpart_book: None,
            approved_by: request.kind.requires_approval().then(|| actor.code.clone()),
            lines: request
                .lines
                .iter()
                .map(|l| BookingLine {
                    line_no: l.line_no,
                    material_no: l.material_no.clone(),
                    quantity: l.quantity,
                    counterpart: None,
                })
                .collect(),
        };
        let movement = if deduct_now {
            Movement::Book { list, on }
        } else {
            Movement::Declare { list }
        };
        let encoded = Encoded::of(&movement);
        let movement = Arc::new(movement);
        let booked_movement = movement.clone();
        let answer_book_id = book_id.clone();
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let mut book = locked_book(tx, &actor, &book_id)?;
                if request.kind.requires_approval() {
                    officer_only(&actor, &book).map_err(|_| {
                        AppError::Forbidden(format!(
                            "{} needs an officer's approval: an officer of district {} books it",
                            request.kind.as_str(),
                            book.district
                        ))
                    })?;
                } else {
                    owner_only(&actor, &book)?;
                }
                if book.id != book_id {
                    return Err(corrupt(format!(
                        "account book {book_id} was read as {}",
                        book.id
                    )));
                }
                let id = format!("list/{}", request.id);
                if let Some(response) = earlier(tx, &book.id, &id, &request_hash)? {
                    return Ok(Answer::Stored(201, response));
                }
                let materials: Vec<&str> = request
                    .lines
                    .iter()
                    .map(|l| l.material_no.as_str())
                    .collect();
                // The list id itself: a list booked by a transfer has the same key.
                let mut state = load_view(tx, &book, &materials, &[&request.id])?;
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let book_key = book.id.clone();
                // The answer is encoded from the booked state directly; the view itself is
                // built by the caller, off the writer thread.
                let ((head, progress), effect) = writing.book_encoded(
                    &mut book,
                    &mut state,
                    &booked_movement,
                    &encoded,
                    &request_hash,
                    |state, booked| {
                        let record = state.list(&request.id).expect("just booked");
                        let response = encode::booking(
                            &booked.head,
                            booked.changes,
                            &book_key,
                            &record.list,
                            &record.progress,
                        );
                        ((booked.head, record.progress.clone()), response)
                    },
                )?;
                // (A 1,000-line answer is large: encode it again only when a key keeps it.)
                if key.is_some() {
                    let record = state.list(&request.id).expect("just booked");
                    let body = encode::booking(
                        &head,
                        &effect.balance_changes,
                        &book_key,
                        &record.list,
                        &progress,
                    );
                    key_remember(tx, &actor, &key, 201, &body, &at)?;
                }
                Ok(Answer::Fresh(BookedList {
                    head,
                    changes: effect.balance_changes,
                    progress,
                }))
            })
            .await?;
        Ok(match answer {
            Answer::Fresh(booked) => {
                let (Movement::Declare { list } | Movement::Book { list, .. }) = &*movement else {
                    unreachable!("a booking list is declared or booked")
                };
                Outcome::Fresh(BookingView {
                    movement: Booked {
                        head: booked.head,
                        changes: &booked.changes,
                    }
                    .view(),
                    list: list_view_of(&answer_book_id, list, &booked.progress),
                })
            }
            Answer::Stored(status, body) => Outcome::Replayed { status, body },
        })
    }

    /// Deduct a declared list that never crosses the gate (1 → 2), or cancel a declared list
    /// of which nothing passed (1 → 0).
    pub async fn settle_list(
        &self,
        actor: &Actor,
        book_id: &str,
        list_id: &str,
        cancel: Option<CancelListRequest>,
        key: Option<Idempotency>,
    ) -> Result<Outcome<BookingView>, AppError> {
        let on = china_date(now());
        let at = timestamp_text(now());
        let (book_id, list_id) = (book_id.to_string(), list_id.to_string());
        let request_hash = content_hash("settle", &(&list_id, &cancel));
        let actor = actor.clone();
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let mut book = locked_book(tx, &actor, &book_id)?;
                if !is_owner(&actor, &book) && !is_district_officer(&actor, &book) {
                    return Err(AppError::Forbidden(
                        "only the book's zone operator or an officer of its district may do this"
                            .into(),
                    ));
                }
                let movement = match &cancel {
                    Some(request) => Movement::Cancel {
                        list_id: list_id.clone(),
                        document: request.document.to_ref(),
                    },
                    None => Movement::Deduct {
                        list_id: list_id.clone(),
                        on,
                    },
                };
                if let Some(response) =
                    earlier(tx, &book.id, &movement_id(&movement), &request_hash)?
                {
                    return Ok(Answer::Stored(200, response));
                }
                let mut state = load_view(tx, &book, &[], &[&list_id])?;
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let book_key = book.id.clone();
                let view = writing.book(
                    &mut book,
                    &mut state,
                    &movement,
                    &request_hash,
                    |state, movement| BookingView {
                        movement,
                        list: list_view(&book_key, state.list(&list_id).expect("known list")),
                    },
                )?;
                let body = serde_json::to_string(&view).expect("views serialize");
                key_remember(tx, &actor, &key, 200, &body, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }

    /// Close (or reopen) a book: officers of its district; closing needs every line written
    /// off and no stock.
    pub async fn set_book_status(
        &self,
        actor: &Actor,
        book_id: &str,
        close: bool,
        request: BookStatusRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<BookView>, AppError> {
        let at = timestamp_text(now());
        let book_id = book_id.to_string();
        let request_hash = content_hash(if close { "close" } else { "reopen" }, &request);
        let actor = actor.clone();
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let mut book = locked_book(tx, &actor, &book_id)?;
                officer_only(&actor, &book)?;
                let document = request.document.to_ref();
                let movement = if close {
                    Movement::CloseBook {
                        officer_id: actor.code.clone(),
                        document,
                    }
                } else {
                    Movement::ReopenBook {
                        officer_id: actor.code.clone(),
                        document,
                    }
                };
                if earlier(tx, &book.id, &movement_id(&movement), &request_hash)?.is_some() {
                    return Ok(Answer::Fresh(book_view(&book)));
                }
                let mut state = if close {
                    load_for_closing(tx, &book)?
                } else {
                    load_view(tx, &book, &[], &[])?
                };
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                writing.book(&mut book, &mut state, &movement, &request_hash, |_, m| m)?;
                let view = book_view(&book);
                let body = serde_json::to_string(&view).expect("views serialize");
                key_remember(tx, &actor, &key, 200, &body, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }

    /// Processing (zones only): the operator consumes materials by a bill of materials and
    /// produces the product, both lists booked at once (0 → 2), or nothing.
    pub async fn process(
        &self,
        actor: &Actor,
        book_id: &str,
        mut request: ProcessingRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<ProcessingView>, AppError> {
        request.product_quantity = request.product_quantity.normalize();
        for line in &mut request.bom {
            line.net_per_unit = line.net_per_unit.normalize();
            line.loss_rate = line.loss_rate.normalize();
        }
        let request_hash = content_hash("processing", &request);
        let on = china_date(now());
        let at = timestamp_text(now());
        let book_id = book_id.to_string();
        let actor = actor.clone();
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let mut book = locked_book(tx, &actor, &book_id)?;
                owner_only(&actor, &book)?;
                let order = core::ProcessingOrder {
                    consume_list_id: request.consume_list_id.clone(),
                    produce_list_id: request.produce_list_id.clone(),
                    book_id: book.id.clone(),
                    document: request.document.to_ref(),
                    bom: core::BillOfMaterials {
                        product_material_no: request.product_material_no.clone(),
                        lines: request
                            .bom
                            .iter()
                            .map(|l| core::BomLine {
                                material_no: l.material_no.clone(),
                                net_per_unit: l.net_per_unit,
                                loss_rate: l.loss_rate,
                            })
                            .collect(),
                    },
                    product_quantity: request.product_quantity,
                    on,
                };
                let probe = Movement::Process {
                    consume: BookingList {
                        id: order.consume_list_id.clone(),
                        book_id: book.id.clone(),
                        kind: BookingListKind::ProcessingConsume,
                        document: order.document.clone(),
                        counterpart_book: None,
                        approved_by: None,
                        lines: Vec::new(),
                    },
                    produce: BookingList {
                        id: order.produce_list_id.clone(),
                        book_id: book.id.clone(),
                        kind: BookingListKind::ProcessingProduce,
                        document: order.document.clone(),
                        counterpart_book: None,
                        approved_by: None,
                        lines: Vec::new(),
                    },
                    on,
                };
                if let Some(response) = earlier(tx, &book.id, &movement_id(&probe), &request_hash)?
                {
                    return Ok(Answer::Stored(201, response));
                }
                let mut materials: Vec<&str> =
                    request.bom.iter().map(|l| l.material_no.as_str()).collect();
                materials.push(&request.product_material_no);
                let mut state = load_view(
                    tx,
                    &book,
                    &materials,
                    &[&request.consume_list_id, &request.produce_list_id],
                )?;
                let plan = core::plan_processing(&state, &order).map_err(findings)?;
                let consumption: Vec<ConsumptionView> = plan
                    .consumption
                    .iter()
                    .map(|c| ConsumptionView {
                        material_no: c.material_no.clone(),
                        net_quantity: decimal_text(c.net_quantity),
                        loss_rate: decimal_text(c.loss_rate),
                        gross_quantity: decimal_text(c.gross_quantity),
                    })
                    .collect();
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let book_key = book.id.clone();
                let view = writing.commit(
                    &mut book,
                    &mut state,
                    &plan.movement,
                    &plan.effect,
                    &request_hash,
                    |state, movement| ProcessingView {
                        movement,
                        consume: list_view(
                            &book_key,
                            state.list(&order.consume_list_id).expect("booked"),
                        ),
                        produce: list_view(
                            &book_key,
                            state.list(&order.produce_list_id).expect("booked"),
                        ),
                        consumption,
                    },
                )?;
                let body = serde_json::to_string(&view).expect("views serialize");
                key_remember(tx, &actor, &key, 201, &body, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }

    /// An officer of the district closes a period: lines deducted on or before `period_end`
    /// go 2 → 3 (no balance changes). Only the lists with open lines are loaded.
    pub async fn write_off(
        &self,
        actor: &Actor,
        book_id: &str,
        request: WriteOffRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<WriteOffView>, AppError> {
        let request_hash = content_hash("write-off", &request);
        let at = timestamp_text(now());
        let book_id = book_id.to_string();
        let actor = actor.clone();
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let mut book = locked_book(tx, &actor, &book_id)?;
                officer_only(&actor, &book)?;
                let movement = Movement::WriteOff {
                    document: request.document.to_ref(),
                    period_end: request.period_end,
                };
                if let Some(response) =
                    earlier(tx, &book.id, &movement_id(&movement), &request_hash)?
                {
                    return Ok(Answer::Stored(200, response));
                }
                let open: Vec<String> = tx
                    .ledger_all_lists(&book.id, true)?
                    .into_iter()
                    .map(|row| row.id)
                    .collect();
                let open: Vec<&str> = open.iter().map(String::as_str).collect();
                let mut state = load_view(tx, &book, &[], &open)?;
                let effect = core::apply(&state, &movement).map_err(findings)?;
                let written_off: Vec<String> = effect
                    .line_changes
                    .iter()
                    .map(|c| format!("{}/{}", c.list_id, c.line_no))
                    .collect();
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let view = writing.commit(
                    &mut book,
                    &mut state,
                    &movement,
                    &effect,
                    &request_hash,
                    |_, movement| WriteOffView {
                        movement,
                        written_off,
                    },
                )?;
                let body = serde_json::to_string(&view).expect("views serialize");
                key_remember(tx, &actor, &key, 200, &body, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }

    // ---- gate passes ----

    /// The zone operator issues a gate pass binding a vehicle to declared lines of its book.
    pub async fn issue_gate_pass(
        &self,
        actor: &Actor,
        request: GatePassRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<GatePassView>, AppError> {
        let mut request = request;
        for list in &mut request.lists {
            for line in &mut list.lines {
                line.quantity = line.quantity.normalize();
            }
        }
        let request_hash = content_hash("gate-pass", &request);
        let at = timestamp_text(now());
        let actor = actor.clone();
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let book = locked_book(tx, &actor, &request.book_id)?;
                owner_only(&actor, &book)?;
                if let Some(existing) = tx.gate_pass(&request.id)? {
                    if existing.request_hash != request_hash {
                        return Err(AppError::IdempotencyConflict);
                    }
                    let view = gate_pass_view(&existing)?;
                    let body = serde_json::to_string(&view).expect("views serialize");
                    return Ok(Answer::Stored(201, body));
                }
                let pass = core_pass(&request);
                let list_ids: Vec<&str> = pass.lists.iter().map(|l| l.list_id.as_str()).collect();
                let state = load_view(tx, &book, &[], &list_ids)?;
                let found = core::validate_gate_pass(&state, &pass);
                if !found.is_empty() {
                    return Err(findings(found));
                }
                let row = GatePassRow {
                    id: request.id.clone(),
                    book_id: book.id.clone(),
                    vehicle: request.vehicle.clone(),
                    body: serde_json::to_string(&pass).expect("passes serialize"),
                    request_hash: request_hash.clone(),
                    status: "issued".into(),
                    created_by: actor.code.clone(),
                    created_at: at.clone(),
                    passed_at: None,
                };
                tx.insert_gate_pass(&row)?;
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let payload = serde_json::json!({
                    "gate_pass_id": row.id, "vehicle": row.vehicle, "lists": list_ids,
                })
                .to_string();
                writing.event(&book, "issue_gate_pass", &payload)?;
                let view = gate_pass_view(&row)?;
                let body = serde_json::to_string(&view).expect("views serialize");
                key_remember(tx, &actor, &key, 201, &body, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }

    pub async fn gate_pass(&self, actor: &Actor, id: &str) -> Result<GatePassView, AppError> {
        let id = id.to_string();
        let actor = actor.clone();
        self.read(move |tx| {
            let not_found = || AppError::NotFound("gate pass");
            let row = tx.gate_pass(&id)?.ok_or_else(not_found)?;
            match tx.ledger_book(&row.book_id)? {
                Some(book) if can_see(&actor, &book) => gate_pass_view(&row),
                _ => Err(not_found()),
            }
        })
        .await
    }

    /// The vehicle reaches the gate: its cargo must be exactly what the pass covers; then the
    /// covered lines go pre-deducted → deducted. A refusal changes nothing.
    pub async fn pass_gate(
        &self,
        actor: &Actor,
        gate_pass_id: &str,
        mut request: PassageRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<PassageView>, AppError> {
        for cargo in &mut request.observed {
            cargo.quantity = cargo.quantity.normalize();
        }
        let request_hash = content_hash("passage", &request);
        let on = china_date(now());
        let at = timestamp_text(now());
        let gate_pass_id = gate_pass_id.to_string();
        let actor = actor.clone();
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let not_found = || AppError::NotFound("gate pass");
                let row = tx.gate_pass(&gate_pass_id)?.ok_or_else(not_found)?;
                let mut book = match tx.ledger_book_for_update(&row.book_id)? {
                    Some(book) if can_see(&actor, &book) => book,
                    _ => return Err(not_found()),
                };
                if !is_owner(&actor, &book) && !is_district_officer(&actor, &book) {
                    return Err(AppError::Forbidden(
                        "only the zone operator or an officer of the district records a passage"
                            .into(),
                    ));
                }
                let id = format!("pass/{}", row.id);
                if let Some(existing) = tx.ledger_movement(&book.id, &id)? {
                    if existing.request_hash == request_hash {
                        return Ok(Answer::Stored(200, existing.response));
                    }
                    return Err(AppError::Conflict {
                        code: "gate_pass_used",
                        message: format!("gate pass {} was already used at the gate", row.id),
                    });
                }
                let pass: GatePass = serde_json::from_str(&row.body)
                    .map_err(|e| corrupt(format!("gate pass {}: {e}", row.id)))?;
                let list_ids: Vec<&str> = pass.lists.iter().map(|l| l.list_id.as_str()).collect();
                let observed: Vec<ObservedCargo> = request
                    .observed
                    .iter()
                    .map(|c| ObservedCargo {
                        material_no: c.material_no.clone(),
                        quantity: c.quantity,
                    })
                    .collect();
                let mut state = load_view(tx, &book, &[], &list_ids)?;
                let passage =
                    core::check_passage(&state, &pass, &observed, on).map_err(findings)?;
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let view = writing.commit(
                    &mut book,
                    &mut state,
                    &passage.movement,
                    &passage.effect,
                    &request_hash,
                    |_, movement| PassageView {
                        gate_pass_id: pass.id.clone(),
                        vehicle: pass.vehicle.clone(),
                        movement,
                    },
                )?;
                tx.set_gate_pass_passed(&row.id, &at)?;
                let body = serde_json::to_string(&view).expect("views serialize");
                key_remember(tx, &actor, &key, 200, &body, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }

    // ---- transfers ----

    /// A transfer between two books: the sending book's operator (or an officer of its
    /// district) books both sides in one transaction, or nothing.
    pub async fn transfer(
        &self,
        actor: &Actor,
        mut request: TransferRequestDto,
        key: Option<Idempotency>,
    ) -> Result<Outcome<TransferView>, AppError> {
        for line in &mut request.lines {
            line.quantity = line.quantity.normalize();
        }
        let request_hash = content_hash("transfer", &request);
        let on = china_date(now());
        let at = timestamp_text(now());
        let actor = actor.clone();
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                if request.from_book == request.to_book {
                    return Err(AppError::validation(
                        "/to_book",
                        "same_book",
                        "a transfer needs two different books",
                    ));
                }
                // Lock both headers in id order, so two opposite transfers cannot deadlock.
                let (first, second) = if request.from_book < request.to_book {
                    (&request.from_book, &request.to_book)
                } else {
                    (&request.to_book, &request.from_book)
                };
                let first_row = tx.ledger_book_for_update(first)?;
                let second_row = tx.ledger_book_for_update(second)?;
                let (from_row, to_row) = if request.from_book < request.to_book {
                    (first_row, second_row)
                } else {
                    (second_row, first_row)
                };
                let mut from = match from_row {
                    Some(book) if can_see(&actor, &book) => book,
                    _ => return Err(book_not_found()),
                };
                if !is_owner(&actor, &from) && !is_district_officer(&actor, &from) {
                    return Err(AppError::Forbidden(
                        "only the sending book's zone operator or an officer of its district transfers"
                            .into(),
                    ));
                }
                let mut to = to_row.ok_or_else(|| {
                    AppError::validation(
                        "/to_book",
                        "unknown_book",
                        format!("no account book '{}'", request.to_book),
                    )
                })?;
                let out_id = format!("list/{}", request.out_list_id);
                let in_id = format!("list/{}", request.in_list_id);
                let out_before = earlier(tx, &from.id, &out_id, &request_hash)?;
                let in_before = earlier(tx, &to.id, &in_id, &request_hash)?;
                match (out_before, in_before) {
                    (Some(sent), Some(received)) => {
                        let view = TransferView {
                            sent: serde_json::from_str(&sent).map_err(corrupt)?,
                            received: serde_json::from_str(&received).map_err(corrupt)?,
                        };
                        let body = serde_json::to_string(&view).expect("views serialize");
                        return Ok(Answer::Stored(201, body));
                    }
                    (None, None) => {}
                    _ => return Err(AppError::IdempotencyConflict),
                }
                let sent_materials: Vec<&str> =
                    request.lines.iter().map(|l| l.material_no.as_str()).collect();
                let received_materials: Vec<&str> = request
                    .lines
                    .iter()
                    .map(|l| l.counterpart_material_no.as_str())
                    .collect();
                let mut from_state =
                    load_view(tx, &from, &sent_materials, &[&request.out_list_id])?;
                let mut to_state =
                    load_view(tx, &to, &received_materials, &[&request.in_list_id])?;
                let core_request = TransferRequest {
                    out_list_id: request.out_list_id.clone(),
                    in_list_id: request.in_list_id.clone(),
                    document: request.document.to_ref(),
                    lines: request
                        .lines
                        .iter()
                        .map(|l| TransferLine {
                            line_no: l.line_no,
                            material_no: l.material_no.clone(),
                            counterpart_material_no: l.counterpart_material_no.clone(),
                            quantity: l.quantity,
                        })
                        .collect(),
                    on,
                };
                let decided =
                    core::transfer(&from_state, &to_state, &core_request).map_err(findings)?;
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let (from_id, to_id) = (from.id.clone(), to.id.clone());
                let sent = writing.commit(
                    &mut from,
                    &mut from_state,
                    &decided.out_movement,
                    &decided.out_effect,
                    &request_hash,
                    |state, movement| BookingView {
                        movement,
                        list: list_view(
                            &from_id,
                            state.list(&core_request.out_list_id).expect("booked"),
                        ),
                    },
                )?;
                let received = writing.commit(
                    &mut to,
                    &mut to_state,
                    &decided.in_movement,
                    &decided.in_effect,
                    &request_hash,
                    |state, movement| BookingView {
                        movement,
                        list: list_view(
                            &to_id,
                            state.list(&core_request.in_list_id).expect("booked"),
                        ),
                    },
                )?;
                let view = TransferView { sent, received };
                let body = serde_json::to_string(&view).expect("views serialize");
                key_remember(tx, &actor, &key, 201, &body, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }
}

/// Record items as `record_item` movements: identical re-recordings are skipped, a material
/// recorded with other content is `idempotency_key_reused`, the book stays within
/// book_items_max.
fn record_items(
    writing: &Writing<'_, '_>,
    book: &mut LedgerBookRow,
    items: &[BookItemInput],
    document: &LedgerDocument,
    prefix: &str,
) -> Result<(Vec<String>, Vec<String>), AppError> {
    let materials: Vec<&str> = items.iter().map(|i| i.material_no.as_str()).collect();
    let mut state = load_view(writing.tx, book, &materials, &[])?;
    let mut recorded = Vec::new();
    let mut already = Vec::new();
    let mut found = Vec::new();
    let mut fresh = Vec::new();
    for (index, input) in items.iter().enumerate() {
        let item = BookItem {
            material_no: input.material_no.clone(),
            hs_code: input.hs_code.clone(),
            name: input.name.clone(),
            unit: input.unit.clone(),
            origin_country: input.origin_country.clone(),
        };
        match state.item(&item.material_no) {
            Some(existing) if *existing == item => already.push(item.material_no.clone()),
            Some(_) => found.push(Finding {
                path: format!("{prefix}/{index}/material_no"),
                code: "idempotency_key_reused",
                message: format!(
                    "material {} is already recorded with other content",
                    item.material_no
                ),
            }),
            None => fresh.push((index, item)),
        }
    }
    let limit = chuanyu_ledger::limits::BOOK_ITEMS_MAX as u64;
    if book.item_count + fresh.len() as u64 > limit {
        found.push(Finding {
            path: prefix.to_string(),
            code: "too_many_items",
            message: format!(
                "the book holds {} items; {} more exceed book_items_max = {limit}",
                book.item_count,
                fresh.len()
            ),
        });
    }
    // Decide every item first (all findings at once), then write.
    let mut decided = Vec::with_capacity(fresh.len());
    for (index, item) in fresh {
        let movement = Movement::RecordItem {
            item,
            document: document.to_ref(),
        };
        match core::apply(&state, &movement) {
            Ok(effect) => {
                state.commit(&movement, &effect);
                decided.push((movement, effect));
            }
            Err(more) => found.extend(more.into_iter().map(|f| Finding {
                path: format!(
                    "{prefix}/{index}{}",
                    f.path.strip_prefix("/item").unwrap_or(&f.path)
                ),
                code: f.code.as_str(),
                message: f.message,
            })),
        }
    }
    if !found.is_empty() {
        return Err(AppError::Validation(found));
    }
    // Re-run on a fresh view so each commit sees the state it was decided on.
    let mut state = load_view(writing.tx, book, &materials, &[])?;
    for (movement, effect) in decided {
        let Movement::RecordItem { item, .. } = &movement else {
            unreachable!("only items are recorded here")
        };
        let hash = content_hash("item", &movement);
        recorded.push(item.material_no.clone());
        writing.commit(book, &mut state, &movement, &effect, &hash, |_, m| m)?;
    }
    Ok((recorded, already))
}

fn core_pass(request: &GatePassRequest) -> GatePass {
    GatePass {
        id: request.id.clone(),
        book_id: request.book_id.clone(),
        vehicle: request.vehicle.clone(),
        lists: request
            .lists
            .iter()
            .map(|list| GatePassList {
                list_id: list.list_id.clone(),
                lines: list
                    .lines
                    .iter()
                    .map(|line| GatePassLine {
                        line_no: line.line_no,
                        material_no: line.material_no.clone(),
                        quantity: line.quantity,
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn gate_pass_view(row: &GatePassRow) -> Result<GatePassView, AppError> {
    let pass: GatePass = serde_json::from_str(&row.body)
        .map_err(|e| corrupt(format!("gate pass {}: {e}", row.id)))?;
    Ok(GatePassView {
        id: row.id.clone(),
        book_id: row.book_id.clone(),
        vehicle: row.vehicle.clone(),
        status: row.status.clone(),
        lists: pass
            .lists
            .iter()
            .map(|list| GatePassListInput {
                list_id: list.list_id.clone(),
                lines: list
                    .lines
                    .iter()
                    .map(|line| GatePassLineInput {
                        line_no: line.line_no,
                        material_no: line.material_no.clone(),
                        quantity: line.quantity,
                    })
                    .collect(),
            })
            .collect(),
        created_by: row.created_by.clone(),
        created_at: row.created_at.clone(),
        passed_at: row.passed_at.clone(),
    })
}
