//! Movements (the replayable log of a book) and `apply`: the pure, deterministic decision of
//! what a movement changes, or every reason it cannot.

use crate::book::{Balance, BookItem, BookStatus, Bucket, validate_item};
use crate::deduction::{DeductionAction, DeductionState, transition};
use crate::finding::{Code, Finding, Findings, Shortfall};
use crate::limits::{
    BALANCE_MAX, BOOK_ITEMS_MAX, GATE_PASS_LINES_MAX, GATE_PASS_LISTS_MAX, REFERENCE_CHARS_MAX,
};
use crate::list::{BookingList, BookingListKind, DocumentRef, Gate, validate_list};
use crate::state::{BookState, ListRecord};
use crate::text::DecimalText;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Quantity of one line that passed the gate with a vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassedLine {
    pub line_no: u32,
    pub quantity: Decimal,
}

/// The lines of one booking list that passed the gate with a vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassedList {
    pub list_id: String,
    pub lines: Vec<PassedLine>,
}

/// One entry of a book's movement log. Every movement names its document; replaying the
/// log in order reproduces the stored balances exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "movement", rename_all = "snake_case")]
pub enum Movement {
    /// Record a new item in the book (备案).
    RecordItem {
        item: BookItem,
        document: DocumentRef,
    },
    /// Declare a list: every line 0 → 1 (outbound reserves, inbound is expected).
    Declare { list: BookingList },
    /// Book a list without a gate in one step: every line 0 → 1 → 2.
    Book { list: BookingList, on: Date },
    /// Processing: consume materials and produce goods, both lists 0 → 2, all or nothing.
    Process {
        consume: BookingList,
        produce: BookingList,
        on: Date,
    },
    /// A vehicle passed the gate with (parts of) lines of one or more declared lists: 1 → 2
    /// for each line whose whole quantity has now passed.
    PassGate {
        gate_pass_id: String,
        vehicle: String,
        lists: Vec<PassedList>,
        on: Date,
    },
    /// Deduct a declared list that never crosses the gate: every line 1 → 2.
    Deduct { list_id: String, on: Date },
    /// Withdraw a declared list of which nothing has passed: every line 1 → 0.
    Cancel {
        list_id: String,
        document: DocumentRef,
    },
    /// Close the period: every line deducted on or before `period_end` goes 2 → 3.
    WriteOff {
        document: DocumentRef,
        period_end: Date,
    },
    CloseBook {
        officer_id: String,
        document: DocumentRef,
    },
    ReopenBook {
        officer_id: String,
        document: DocumentRef,
    },
}

impl Movement {
    pub fn as_str(&self) -> &'static str {
        match self {
            Movement::RecordItem { .. } => "record_item",
            Movement::Declare { .. } => "declare",
            Movement::Book { .. } => "book",
            Movement::Process { .. } => "process",
            Movement::PassGate { .. } => "pass_gate",
            Movement::Deduct { .. } => "deduct",
            Movement::Cancel { .. } => "cancel",
            Movement::WriteOff { .. } => "write_off",
            Movement::CloseBook { .. } => "close_book",
            Movement::ReopenBook { .. } => "reopen_book",
        }
    }

    /// The client-chosen ids that make this movement idempotent. A booking list id is one key
    /// whichever movement books it, so a list can be booked once only.
    pub fn idempotency_keys(&self) -> Vec<String> {
        match self {
            Movement::RecordItem { item, .. } => vec![format!("item/{}", item.material_no)],
            Movement::Declare { list } | Movement::Book { list, .. } => {
                vec![format!("list/{}", list.id)]
            }
            Movement::Process {
                consume, produce, ..
            } => vec![
                format!("list/{}", consume.id),
                format!("list/{}", produce.id),
            ],
            Movement::PassGate { gate_pass_id, .. } => vec![format!("pass/{gate_pass_id}")],
            Movement::Deduct { list_id, .. } => vec![format!("deduct/{list_id}")],
            Movement::Cancel { list_id, .. } => vec![format!("cancel/{list_id}")],
            Movement::WriteOff { document, .. } => {
                vec![format!("write_off/{}", document.number)]
            }
            Movement::CloseBook { document, .. } => vec![format!("close/{}", document.number)],
            Movement::ReopenBook { document, .. } => {
                vec![format!("reopen/{}", document.number)]
            }
        }
    }
}

/// Whether a movement is new or a retry of one already applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Idempotency {
    New,
    /// Every key was applied before: answer with the stored outcome, change nothing.
    AlreadyApplied,
    /// Some keys were applied, some not: a client reused an id for different content.
    Conflict,
}

/// Classify a movement against the set of keys already applied to the book.
pub fn check_idempotency(applied_keys: &HashSet<String>, movement: &Movement) -> Idempotency {
    let keys = movement.idempotency_keys();
    let applied = keys.iter().filter(|k| applied_keys.contains(*k)).count();
    if applied == 0 {
        Idempotency::New
    } else if applied == keys.len() {
        Idempotency::AlreadyApplied
    } else {
        Idempotency::Conflict
    }
}

/// One item's balance before and after one line's step, with its cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceChange {
    pub material_no: String,
    pub list_id: String,
    pub line_no: u32,
    pub kind: BookingListKind,
    pub step: DeductionAction,
    pub before: Balance,
    pub after: Balance,
}

impl BalanceChange {
    /// e.g. `list L1 line 3 (second_line_exit, pre_deduct) M1: available 10 → 7, pre_deducted 0 → 3`
    pub fn explain(&self) -> String {
        use std::fmt::Write;
        let mut out = String::with_capacity(128);
        write!(out, "{}", self.explained()).expect("writing to a String cannot fail");
        out
    }

    /// [`BalanceChange::explain`] written straight into a formatter or serializer.
    pub fn explained(&self) -> impl std::fmt::Display + '_ {
        Explained(self)
    }
}

struct Explained<'c>(&'c BalanceChange);

impl std::fmt::Display for Explained<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let change = self.0;
        write!(
            f,
            "list {} line {} ({}, {}) {}: ",
            change.list_id,
            change.line_no,
            change.kind.as_str(),
            change.step.as_str(),
            change.material_no,
        )?;
        let mut first = true;
        for b in Bucket::ALL {
            let (before, after) = (change.before.get(b), change.after.get(b));
            if before != after {
                if !first {
                    f.write_str(", ")?;
                }
                first = false;
                write!(
                    f,
                    "{} {} → {}",
                    b.as_str(),
                    DecimalText(before),
                    DecimalText(after)
                )?;
            }
        }
        Ok(())
    }
}

/// One line's deduction step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineChange {
    pub list_id: String,
    /// Position of the line in the list (0-based); `line_no` is what users see.
    pub line_index: usize,
    pub line_no: u32,
    pub from: DeductionState,
    pub to: DeductionState,
    pub passed_after: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deducted_on: Option<Date>,
}

/// Work the application must do after committing an effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "follow_up", rename_all = "snake_case")]
pub enum FollowUp {
    /// A second-line exit makes duty due: create the goods declaration for the list.
    GoodsDeclarationRequired { list_id: String },
}

/// Everything a movement changes; the caller writes it (with the movement) in one transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effect {
    pub balance_changes: Vec<BalanceChange>,
    pub line_changes: Vec<LineChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_after: Option<BookStatus>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUp>,
}

/// Decide what `movement` does to `state`: the changes, or every finding. Deterministic, no IO;
/// on `Err` nothing is to be written. No bucket of a returned `after` is negative.
pub fn apply(state: &BookState, movement: &Movement) -> Result<Effect, Vec<Finding>> {
    let mut findings = Findings::default();
    let mut work = Work::new(state);
    match movement {
        Movement::RecordItem { item, document } => {
            record_item(&mut findings, state, item, document);
        }
        Movement::Declare { list } => {
            let usable = validate_list(&mut findings, "", state, list);
            work.declare(&mut findings, "", list, &usable);
            if list.kind.requires_goods_declaration() {
                work.effect
                    .follow_ups
                    .push(FollowUp::GoodsDeclarationRequired {
                        list_id: list.id.clone(),
                    });
            }
        }
        Movement::Book { list, on } => {
            gate_not_required(&mut findings, "/kind", list.kind);
            let usable = validate_list(&mut findings, "", state, list);
            work.book_directly(&mut findings, "", list, &usable, *on);
        }
        Movement::Process {
            consume,
            produce,
            on,
        } => {
            for (prefix, list, kind) in [
                ("/consume", consume, BookingListKind::ProcessingConsume),
                ("/produce", produce, BookingListKind::ProcessingProduce),
            ] {
                if list.kind != kind {
                    findings.add(
                        format!("{prefix}/kind"),
                        Code::WrongKind,
                        format!("expected {}, found {}", kind.as_str(), list.kind.as_str()),
                    );
                }
            }
            if consume.id == produce.id {
                findings.add(
                    "/produce/id",
                    Code::DuplicateListId,
                    "consumption and production are two lists with two ids",
                );
            }
            let usable = validate_list(&mut findings, "/consume", state, consume);
            work.book_directly(&mut findings, "/consume", consume, &usable, *on);
            let usable = validate_list(&mut findings, "/produce", state, produce);
            work.book_directly(&mut findings, "/produce", produce, &usable, *on);
        }
        Movement::PassGate {
            gate_pass_id,
            vehicle,
            lists,
            on,
        } => {
            book_open(&mut findings, state);
            findings.text("/gate_pass_id", gate_pass_id, REFERENCE_CHARS_MAX);
            findings.text("/vehicle", vehicle, REFERENCE_CHARS_MAX);
            work.pass_gate(&mut findings, lists, *on);
        }
        Movement::Deduct { list_id, on } => {
            book_open(&mut findings, state);
            if let Some(record) = known_list(&mut findings, "/list_id", state, list_id) {
                if record.list.kind.gate() == Gate::Required {
                    findings.add(
                        "/list_id",
                        Code::GateRequired,
                        format!(
                            "{} lines are deducted by gate passage only",
                            record.list.kind.as_str()
                        ),
                    );
                } else {
                    work.deduct(&mut findings, record, *on);
                }
            }
        }
        Movement::Cancel { list_id, document } => {
            book_open(&mut findings, state);
            document_ref(&mut findings, document);
            if let Some(record) = known_list(&mut findings, "/list_id", state, list_id) {
                work.cancel(&mut findings, record);
            }
        }
        Movement::WriteOff {
            document,
            period_end,
        } => {
            book_open(&mut findings, state);
            document_ref(&mut findings, document);
            work.write_off(*period_end);
        }
        Movement::CloseBook {
            officer_id,
            document,
        } => {
            book_open(&mut findings, state);
            findings.text("/officer_id", officer_id, REFERENCE_CHARS_MAX);
            document_ref(&mut findings, document);
            closable(&mut findings, state);
            work.effect.status_after = Some(BookStatus::Closed);
        }
        Movement::ReopenBook {
            officer_id,
            document,
        } => {
            if state.book().status == BookStatus::Open {
                findings.add(
                    "/book_id",
                    Code::BookOpen,
                    format!("book {} is already open", state.book().id),
                );
            }
            findings.text("/officer_id", officer_id, REFERENCE_CHARS_MAX);
            document_ref(&mut findings, document);
            work.effect.status_after = Some(BookStatus::Open);
        }
    }
    findings.into_result(|| work.effect)
}

fn book_open(findings: &mut Findings, state: &BookState) {
    if state.book().status == BookStatus::Closed {
        findings.add(
            "/book_id",
            Code::BookClosed,
            format!("book {} is closed", state.book().id),
        );
    }
}

fn document_ref(findings: &mut Findings, document: &DocumentRef) {
    findings.text("/document/code", &document.code, REFERENCE_CHARS_MAX);
    findings.text("/document/number", &document.number, REFERENCE_CHARS_MAX);
}

fn gate_not_required(findings: &mut Findings, path: &str, kind: BookingListKind) {
    if kind.gate() == Gate::Required {
        findings.add(
            path,
            Code::GateRequired,
            format!(
                "{} crosses the gate: declare it and let the gate pass deduct it",
                kind.as_str()
            ),
        );
    }
}

fn known_list<'s>(
    findings: &mut Findings,
    path: &str,
    state: &'s BookState,
    list_id: &str,
) -> Option<&'s ListRecord> {
    let record = state.list(list_id);
    if record.is_none() {
        findings.add(
            path,
            Code::UnknownList,
            format!("no booking list '{list_id}' in book {}", state.book().id),
        );
    }
    record
}

fn record_item(
    findings: &mut Findings,
    state: &BookState,
    item: &BookItem,
    document: &DocumentRef,
) {
    book_open(findings, state);
    document_ref(findings, document);
    validate_item(findings, "/item", item);
    if state.item(&item.material_no).is_some() {
        findings.add(
            "/item/material_no",
            Code::DuplicateMaterialNo,
            format!(
                "material {} is already recorded in book {}",
                item.material_no,
                state.book().id
            ),
        );
    }
    if state.book().items.len() >= BOOK_ITEMS_MAX {
        findings.add(
            "/item",
            Code::TooManyItems,
            format!("the book holds book_items_max = {BOOK_ITEMS_MAX} items"),
        );
    }
}

fn closable(findings: &mut Findings, state: &BookState) {
    for record in state.lists() {
        let open = record.progress.iter().filter(|p| {
            matches!(
                p.state,
                DeductionState::PreDeducted | DeductionState::Deducted
            )
        });
        let open = open.count();
        if open > 0 {
            findings.add(
                format!("/lists/{}", record.list.id),
                Code::OpenLines,
                format!(
                    "{open} lines of list {} are not written off",
                    record.list.id
                ),
            );
        }
    }
    for (index, item) in state.book().items.iter().enumerate() {
        let balance = state.balance_at(index);
        if !balance.is_zero() {
            findings.add(
                format!("/items/{index}"),
                Code::BookHasStock,
                format!(
                    "{} still holds {} on hand and {} incoming",
                    item.material_no,
                    balance.on_hand(),
                    balance.incoming
                ),
            );
        }
    }
}

/// Balances as they evolve within one movement (lines of one movement may touch one item
/// several times), and the effect being built.
struct Work<'s> {
    state: &'s BookState,
    touched: HashMap<usize, Balance>,
    effect: Effect,
}

struct Cause<'a> {
    list: &'a BookingList,
    line_index: usize,
    step: DeductionAction,
}

impl<'s> Work<'s> {
    fn new(state: &'s BookState) -> Work<'s> {
        Work {
            state,
            touched: HashMap::new(),
            effect: Effect::default(),
        }
    }

    /// Apply bucket deltas for one line; refuse (and change nothing) if a bucket would go
    /// negative or above balance_max.
    fn move_stock(
        &mut self,
        findings: &mut Findings,
        path: impl FnOnce() -> String,
        item: usize,
        deltas: [(Bucket, Decimal); 2],
        cause: Cause<'_>,
    ) -> bool {
        let before = self
            .touched
            .get(&item)
            .copied()
            .unwrap_or_else(|| self.state.balance_at(item));
        let mut after = before;
        for (bucket, delta) in deltas {
            *after.get_mut(bucket) += delta;
        }
        for (bucket, delta) in deltas {
            if delta < Decimal::ZERO && after.get(bucket) < Decimal::ZERO {
                findings.shortfall(
                    path(),
                    Shortfall {
                        bucket,
                        available: before.get(bucket),
                        requested: -delta,
                    },
                );
                return false;
            }
            if delta > Decimal::ZERO && after.get(bucket) > Decimal::from(BALANCE_MAX) {
                findings.add(
                    path(),
                    Code::BalanceLimitExceeded,
                    format!(
                        "{} would reach {}; balance_max = {BALANCE_MAX}",
                        bucket.as_str(),
                        after.get(bucket)
                    ),
                );
                return false;
            }
        }
        self.touched.insert(item, after);
        let line = &cause.list.lines[cause.line_index];
        self.effect.balance_changes.push(BalanceChange {
            material_no: line.material_no.clone(),
            list_id: cause.list.id.clone(),
            line_no: line.line_no,
            kind: cause.list.kind,
            step: cause.step,
            before,
            after,
        });
        true
    }

    fn line_change(
        &mut self,
        list: &BookingList,
        line_index: usize,
        from: DeductionState,
        to: DeductionState,
        passed_after: Decimal,
        deducted_on: Option<Date>,
    ) {
        self.effect.line_changes.push(LineChange {
            list_id: list.id.clone(),
            line_index,
            line_no: list.lines[line_index].line_no,
            from,
            to,
            passed_after,
            deducted_on,
        });
    }

    /// 0 → 1: outbound and internal kinds reserve `source → pre_deducted`; inbound adds `incoming`.
    fn declare(
        &mut self,
        findings: &mut Findings,
        prefix: &str,
        list: &BookingList,
        usable: &[Option<usize>],
    ) {
        for (index, line) in list.lines.iter().enumerate() {
            let Some(item) = usable[index] else { continue };
            let quantity = line.quantity;
            let deltas = match list.kind.source() {
                Some(source) => [(source, -quantity), (Bucket::PreDeducted, quantity)],
                None => [
                    (Bucket::Incoming, quantity),
                    (Bucket::Available, Decimal::ZERO),
                ],
            };
            let cause = Cause {
                list,
                line_index: index,
                step: DeductionAction::PreDeduct,
            };
            let path = || format!("{prefix}/lines/{index}/quantity");
            if self.move_stock(findings, path, item, deltas, cause) {
                self.line_change(
                    list,
                    index,
                    DeductionState::NotDeducted,
                    DeductionState::PreDeducted,
                    Decimal::ZERO,
                    None,
                );
            }
        }
    }

    /// 0 → 1 → 2 in one step for kinds without a gate: `source → destination`.
    fn book_directly(
        &mut self,
        findings: &mut Findings,
        prefix: &str,
        list: &BookingList,
        usable: &[Option<usize>],
        on: Date,
    ) {
        for (index, line) in list.lines.iter().enumerate() {
            let Some(item) = usable[index] else { continue };
            let quantity = line.quantity;
            let deltas = match (list.kind.source(), list.kind.destination()) {
                (Some(source), Some(destination)) => [(source, -quantity), (destination, quantity)],
                (Some(source), None) => [(source, -quantity), (Bucket::PreDeducted, Decimal::ZERO)],
                (None, Some(destination)) => {
                    [(destination, quantity), (Bucket::Incoming, Decimal::ZERO)]
                }
                (None, None) => unreachable!("every kind has a source or a destination"),
            };
            let cause = Cause {
                list,
                line_index: index,
                step: DeductionAction::DeductDirectly,
            };
            let path = || format!("{prefix}/lines/{index}/quantity");
            if self.move_stock(findings, path, item, deltas, cause) {
                self.line_change(
                    list,
                    index,
                    DeductionState::NotDeducted,
                    DeductionState::Deducted,
                    quantity,
                    Some(on),
                );
            }
        }
    }

    /// The deltas of deducting `quantity` of a declared line: `pre_deducted` (or `incoming`)
    /// → destination.
    fn deduction_deltas(kind: BookingListKind, quantity: Decimal) -> [(Bucket, Decimal); 2] {
        let from = match kind.source() {
            Some(_) => Bucket::PreDeducted,
            None => Bucket::Incoming,
        };
        match kind.destination() {
            Some(destination) => [(from, -quantity), (destination, quantity)],
            None => [(from, -quantity), (Bucket::Available, Decimal::ZERO)],
        }
    }

    /// 1 → 2 for every line of a gateless list.
    fn deduct(&mut self, findings: &mut Findings, record: &'s ListRecord, on: Date) {
        let list = &record.list;
        for (index, line) in list.lines.iter().enumerate() {
            let progress = record.progress[index];
            if let Err(error) = transition(progress.state, DeductionAction::DeductDirectly) {
                findings.add(
                    format!("/lines/{index}"),
                    Code::IllegalTransition,
                    format!("line {}: {error}", line.line_no),
                );
                continue;
            }
            let Some(item) = self.state.item_index(&line.material_no) else {
                continue;
            };
            let remaining = line.quantity - progress.passed;
            let deltas = Self::deduction_deltas(list.kind, remaining);
            let cause = Cause {
                list,
                line_index: index,
                step: DeductionAction::DeductDirectly,
            };
            let path = || format!("/lines/{index}/quantity");
            if self.move_stock(findings, path, item, deltas, cause) {
                self.line_change(
                    list,
                    index,
                    progress.state,
                    DeductionState::Deducted,
                    line.quantity,
                    Some(on),
                );
            }
        }
    }

    /// 1 → 0 for every line of a list of which nothing passed: the reservation is released.
    fn cancel(&mut self, findings: &mut Findings, record: &'s ListRecord) {
        let list = &record.list;
        for (index, line) in list.lines.iter().enumerate() {
            let progress = record.progress[index];
            if let Err(error) = transition(progress.state, DeductionAction::Cancel) {
                findings.add(
                    format!("/lines/{index}"),
                    Code::IllegalTransition,
                    format!("line {}: {error}", line.line_no),
                );
                continue;
            }
            if !progress.passed.is_zero() {
                findings.add(
                    format!("/lines/{index}"),
                    Code::PartiallyPassed,
                    format!(
                        "line {}: {} of {} already passed the gate",
                        line.line_no, progress.passed, line.quantity
                    ),
                );
                continue;
            }
            let Some(item) = self.state.item_index(&line.material_no) else {
                continue;
            };
            let quantity = line.quantity;
            let deltas = match list.kind.source() {
                Some(source) => [(Bucket::PreDeducted, -quantity), (source, quantity)],
                None => [
                    (Bucket::Incoming, -quantity),
                    (Bucket::Available, Decimal::ZERO),
                ],
            };
            let cause = Cause {
                list,
                line_index: index,
                step: DeductionAction::Cancel,
            };
            let path = || format!("/lines/{index}/quantity");
            if self.move_stock(findings, path, item, deltas, cause) {
                self.line_change(
                    list,
                    index,
                    progress.state,
                    DeductionState::NotDeducted,
                    Decimal::ZERO,
                    None,
                );
            }
        }
    }

    /// 1 → 2 (or stays 1 with more passed) for the lines a vehicle carried.
    fn pass_gate(&mut self, findings: &mut Findings, lists: &[PassedList], on: Date) {
        if lists.is_empty() {
            findings.add(
                "/lists",
                Code::NoLines,
                "a passage carries at least one list",
            );
        }
        if lists.len() > GATE_PASS_LISTS_MAX {
            findings.add(
                "/lists",
                Code::TooManyLines,
                format!(
                    "{} lists; the limit is gate_pass_lists_max = {GATE_PASS_LISTS_MAX}",
                    lists.len()
                ),
            );
        }
        let lines_total: usize = lists.iter().map(|l| l.lines.len()).sum();
        if lines_total > GATE_PASS_LINES_MAX {
            findings.add(
                "/lists",
                Code::TooManyLines,
                format!(
                    "{lines_total} lines; the limit is gate_pass_lines_max = {GATE_PASS_LINES_MAX}"
                ),
            );
        }
        let mut seen_lists = HashSet::new();
        for (k, passed) in lists.iter().enumerate() {
            let list_path = format!("/lists/{k}");
            if !seen_lists.insert(passed.list_id.as_str()) {
                findings.add(
                    format!("{list_path}/list_id"),
                    Code::DuplicateListId,
                    format!("list {} appears twice", passed.list_id),
                );
                continue;
            }
            let state = self.state;
            let Some(record) = known_list(
                findings,
                &format!("{list_path}/list_id"),
                state,
                &passed.list_id,
            ) else {
                continue;
            };
            let list = &record.list;
            if list.kind.gate() == Gate::NotUsed {
                findings.add(
                    format!("{list_path}/list_id"),
                    Code::GateNotUsed,
                    format!(
                        "{} never passes a gate; deduct it directly",
                        list.kind.as_str()
                    ),
                );
                continue;
            }
            let by_line_no: HashMap<u32, usize> = list
                .lines
                .iter()
                .enumerate()
                .map(|(i, line)| (line.line_no, i))
                .collect();
            let mut seen_lines = HashSet::new();
            for (j, passed_line) in passed.lines.iter().enumerate() {
                let line_path = || format!("{list_path}/lines/{j}");
                let Some(&index) = by_line_no.get(&passed_line.line_no) else {
                    findings.add(
                        format!("{}/line_no", line_path()),
                        Code::UnknownLine,
                        format!("list {} has no line {}", list.id, passed_line.line_no),
                    );
                    continue;
                };
                if !seen_lines.insert(passed_line.line_no) {
                    findings.add(
                        format!("{}/line_no", line_path()),
                        Code::DuplicateLineNo,
                        format!("line {} appears twice", passed_line.line_no),
                    );
                    continue;
                }
                if !findings
                    .quantity_at(|| format!("{}/quantity", line_path()), passed_line.quantity)
                {
                    continue;
                }
                let line = &list.lines[index];
                let progress = record.progress[index];
                if let Err(error) = transition(progress.state, DeductionAction::PassGate) {
                    findings.add(
                        line_path(),
                        Code::IllegalTransition,
                        format!("line {}: {error}", line.line_no),
                    );
                    continue;
                }
                let remaining = line.quantity - progress.passed;
                if passed_line.quantity > remaining {
                    findings.add(
                        format!("{}/quantity", line_path()),
                        Code::OverRemaining,
                        format!(
                            "line {}: {} passing but only {remaining} of {} remains",
                            line.line_no, passed_line.quantity, line.quantity
                        ),
                    );
                    continue;
                }
                let Some(item) = state.item_index(&line.material_no) else {
                    continue;
                };
                let deltas = Self::deduction_deltas(list.kind, passed_line.quantity);
                let cause = Cause {
                    list,
                    line_index: index,
                    step: DeductionAction::PassGate,
                };
                let path = || format!("{}/quantity", line_path());
                if self.move_stock(findings, path, item, deltas, cause) {
                    let passed_after = progress.passed + passed_line.quantity;
                    let (to, deducted_on) = if passed_after == line.quantity {
                        (DeductionState::Deducted, Some(on))
                    } else {
                        (DeductionState::PreDeducted, None)
                    };
                    self.line_change(list, index, progress.state, to, passed_after, deducted_on);
                }
            }
        }
    }

    /// 2 → 3 for every line deducted on or before `period_end`. No balance changes.
    fn write_off(&mut self, period_end: Date) {
        for record in self.state.lists() {
            for (index, progress) in record.progress.iter().enumerate() {
                let in_period = progress.deducted_on.is_some_and(|day| day <= period_end);
                if progress.state == DeductionState::Deducted && in_period {
                    self.line_change(
                        &record.list,
                        index,
                        DeductionState::Deducted,
                        DeductionState::WrittenOff,
                        progress.passed,
                        progress.deducted_on,
                    );
                }
            }
        }
    }
}

/// Apply `movement` and commit it: the convenience for replay, tests and single-threaded callers.
pub fn apply_and_commit(
    state: &mut BookState,
    movement: &Movement,
) -> Result<Effect, Vec<Finding>> {
    let effect = apply(state, movement)?;
    state.commit(movement, &effect);
    Ok(effect)
}
