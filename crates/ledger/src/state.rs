//! The in-memory view of one book: items, balances, declared lists with per-line progress,
//! the invariant that ties them together, and `commit` (the only writer).

use crate::book::{AccountBook, Balance, BookItem, Bucket, validate_book};
use crate::deduction::DeductionState;
use crate::finding::Finding;
use crate::limits::BALANCE_MAX;
use crate::list::BookingList;
use crate::movement::{Effect, Movement};
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Progress of one booking-list line (stored next to the line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineProgress {
    pub state: DeductionState,
    /// Quantity already deducted (passed the gate or deducted directly).
    pub passed: Decimal,
    /// The day the line became deducted (state 2); write-off closes periods by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deducted_on: Option<Date>,
}

impl LineProgress {
    pub const NEW: LineProgress = LineProgress {
        state: DeductionState::NotDeducted,
        passed: Decimal::ZERO,
        deducted_on: None,
    };
}

/// A declared list and the progress of each of its lines (same order as `list.lines`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRecord {
    pub list: BookingList,
    pub progress: Vec<LineProgress>,
}

impl ListRecord {
    pub fn new(list: BookingList) -> ListRecord {
        let progress = vec![LineProgress::NEW; list.lines.len()];
        ListRecord { list, progress }
    }

    /// Quantity of line `index` still reserved or expected (state 1 only).
    pub fn outstanding(&self, index: usize) -> Decimal {
        let progress = &self.progress[index];
        if progress.state == DeductionState::PreDeducted {
            self.list.lines[index].quantity - progress.passed
        } else {
            Decimal::ZERO
        }
    }
}

/// A stored state that breaks the ledger invariant: a bug or a corrupted store, never user input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ledger invariant violated in book {book_id}: {detail}")]
pub struct InvariantViolation {
    pub book_id: String,
    pub detail: String,
}

/// One book with its balances and declared lists. Only `commit` changes it.
#[derive(Debug, Clone, PartialEq)]
pub struct BookState {
    book: AccountBook,
    index: HashMap<String, usize>,
    /// Parallel to `book.items`.
    balances: Vec<Balance>,
    lists: BTreeMap<String, ListRecord>,
    /// A view of part of a book (see [`BookState::from_view`]): reservations of lists not
    /// loaded are unknown, so the invariant checks `≤` where the full state checks `=`.
    partial: bool,
}

impl BookState {
    /// A freshly opened book: every item at zero, no lists.
    pub fn open(book: AccountBook) -> Result<BookState, Vec<Finding>> {
        let findings = validate_book(&book);
        if !findings.is_empty() {
            return Err(findings);
        }
        let index = book
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.material_no.clone(), i))
            .collect();
        let balances = vec![Balance::ZERO; book.items.len()];
        Ok(BookState {
            book,
            index,
            balances,
            lists: BTreeMap::new(),
            partial: false,
        })
    }

    /// Rebuild a *view* of a book read from the store: the header with only the items a
    /// movement touches, their balances, and only the lists it names (each with every item its
    /// lines name). `apply` decides on it exactly as on the whole book for declare, book,
    /// process, pass_gate, deduct, cancel and transfers; the caller checks `book_items_max`,
    /// list-id reuse, and uses the whole book for write-off and closing. The invariant is
    /// asserted after the read with `≤` for reservations (other lists may reserve more).
    pub fn from_view(
        book: AccountBook,
        balances: &BTreeMap<String, Balance>,
        lists: Vec<ListRecord>,
    ) -> Result<BookState, InvariantViolation> {
        let mut state = BookState::build(book, balances, lists)?;
        state.partial = true;
        state.check_invariants()?;
        Ok(state)
    }

    /// [`BookState::from_view`] with the balances parallel to `book.items` (no map to build).
    pub fn from_view_items(
        book: AccountBook,
        balances: Vec<Balance>,
        lists: Vec<ListRecord>,
    ) -> Result<BookState, InvariantViolation> {
        let book_id = book.id.clone();
        let violation = |detail: String| InvariantViolation {
            book_id: book_id.clone(),
            detail,
        };
        if balances.len() != book.items.len() {
            return Err(violation(format!(
                "{} balances for {} items",
                balances.len(),
                book.items.len()
            )));
        }
        let mut state = BookState::open(book).map_err(|findings| {
            violation(format!("stored book header is invalid: {}", findings[0]))
        })?;
        state.balances = balances;
        state.insert_records(lists)?;
        state.partial = true;
        state.check_invariants()?;
        Ok(state)
    }

    /// Whether this is a partial view (see [`BookState::from_view`]).
    pub fn is_view(&self) -> bool {
        self.partial
    }

    /// Rebuild a state read from the store and assert the invariant after the read.
    pub fn from_parts(
        book: AccountBook,
        balances: &BTreeMap<String, Balance>,
        lists: Vec<ListRecord>,
    ) -> Result<BookState, InvariantViolation> {
        let state = BookState::build(book, balances, lists)?;
        state.check_invariants()?;
        Ok(state)
    }

    fn build(
        book: AccountBook,
        balances: &BTreeMap<String, Balance>,
        lists: Vec<ListRecord>,
    ) -> Result<BookState, InvariantViolation> {
        let book_id = book.id.clone();
        let violation = |detail: String| InvariantViolation {
            book_id: book_id.clone(),
            detail,
        };
        let mut state = BookState::open(book).map_err(|findings| {
            violation(format!("stored book header is invalid: {}", findings[0]))
        })?;
        if balances.len() != state.book.items.len() {
            return Err(violation(format!(
                "{} balances for {} items",
                balances.len(),
                state.book.items.len()
            )));
        }
        for (material_no, balance) in balances {
            let Some(&i) = state.index.get(material_no) else {
                return Err(violation(format!(
                    "balance of unrecorded material {material_no}"
                )));
            };
            state.balances[i] = *balance;
        }
        state.insert_records(lists)?;
        Ok(state)
    }

    fn insert_records(&mut self, lists: Vec<ListRecord>) -> Result<(), InvariantViolation> {
        for record in lists {
            if record.progress.len() != record.list.lines.len() {
                return Err(InvariantViolation {
                    book_id: self.book.id.clone(),
                    detail: format!(
                        "list {} has {} lines but {} progress entries",
                        record.list.id,
                        record.list.lines.len(),
                        record.progress.len()
                    ),
                });
            }
            self.lists.insert(record.list.id.clone(), record);
        }
        Ok(())
    }

    pub fn book(&self) -> &AccountBook {
        &self.book
    }

    pub fn item(&self, material_no: &str) -> Option<&BookItem> {
        self.item_index(material_no).map(|i| &self.book.items[i])
    }

    pub fn balance(&self, material_no: &str) -> Option<Balance> {
        self.item_index(material_no).map(|i| self.balances[i])
    }

    /// Every item's balance by material number (what the store keeps).
    pub fn balances(&self) -> BTreeMap<String, Balance> {
        self.book
            .items
            .iter()
            .zip(&self.balances)
            .map(|(item, balance)| (item.material_no.clone(), *balance))
            .collect()
    }

    pub fn list(&self, id: &str) -> Option<&ListRecord> {
        self.lists.get(id)
    }

    pub fn lists(&self) -> impl Iterator<Item = &ListRecord> {
        self.lists.values()
    }

    pub(crate) fn item_index(&self, material_no: &str) -> Option<usize> {
        self.index.get(material_no).copied()
    }

    pub(crate) fn balance_at(&self, index: usize) -> Balance {
        self.balances[index]
    }

    /// The ledger invariant: no bucket negative or above balance_max; `pre_deducted` equals
    /// the outstanding quantity of declared lines with a source bucket, `incoming` that of
    /// inbound lines; line progress is consistent with its state.
    pub fn check_invariants(&self) -> Result<(), InvariantViolation> {
        let violation = |detail: String| InvariantViolation {
            book_id: self.book.id.clone(),
            detail,
        };
        let mut reserved = vec![Decimal::ZERO; self.balances.len()];
        let mut expected = vec![Decimal::ZERO; self.balances.len()];
        for record in self.lists.values() {
            let list = &record.list;
            for (i, (line, progress)) in list.lines.iter().zip(&record.progress).enumerate() {
                let Some(item) = self.item_index(&line.material_no) else {
                    return Err(violation(format!(
                        "list {} line {} names unrecorded material {}",
                        list.id, line.line_no, line.material_no
                    )));
                };
                let consistent = match progress.state {
                    DeductionState::NotDeducted => progress.passed.is_zero(),
                    DeductionState::PreDeducted => {
                        progress.passed >= Decimal::ZERO && progress.passed < line.quantity
                    }
                    DeductionState::Deducted | DeductionState::WrittenOff => {
                        progress.passed == line.quantity && progress.deducted_on.is_some()
                    }
                };
                if !consistent {
                    return Err(violation(format!(
                        "list {} line {} is {} with {} of {} passed",
                        list.id, line.line_no, progress.state, progress.passed, line.quantity
                    )));
                }
                let outstanding = record.outstanding(i);
                match list.kind.source() {
                    Some(_) => reserved[item] += outstanding,
                    None => expected[item] += outstanding,
                }
            }
        }
        let balance_max = Decimal::from(BALANCE_MAX);
        for (i, balance) in self.balances.iter().enumerate() {
            let material_no = &self.book.items[i].material_no;
            if let Some(bucket) = balance.negative_bucket() {
                return Err(violation(format!(
                    "{material_no} has a negative {} bucket",
                    bucket.as_str()
                )));
            }
            if let Some(bucket) = Bucket::ALL
                .into_iter()
                .find(|b| balance.get(*b) > balance_max)
            {
                return Err(violation(format!(
                    "{material_no} has {} above balance_max",
                    bucket.as_str()
                )));
            }
            if self.partial {
                if reserved[i] > balance.pre_deducted || expected[i] > balance.incoming {
                    return Err(violation(format!(
                        "{material_no} pre_deducted {} / incoming {} but the loaded lists reserve {} / expect {}",
                        balance.pre_deducted, balance.incoming, reserved[i], expected[i]
                    )));
                }
                continue;
            }
            if balance.pre_deducted != reserved[i] {
                return Err(violation(format!(
                    "{material_no} pre_deducted {} but declared lines reserve {}",
                    balance.pre_deducted, reserved[i]
                )));
            }
            if balance.incoming != expected[i] {
                return Err(violation(format!(
                    "{material_no} incoming {} but declared lines expect {}",
                    balance.incoming, expected[i]
                )));
            }
        }
        Ok(())
    }

    /// Panicking form of [`BookState::check_invariants`] for tests and debug paths.
    pub fn assert_invariants(&self) {
        if let Err(violation) = self.check_invariants() {
            panic!("{violation}");
        }
    }

    /// Write an effect that `apply(self, movement)` returned. The effect must come from this
    /// very state: every `before` is asserted against the current balance (before the write)
    /// and no bucket may end negative. Breaking either is a programmer error and panics.
    pub fn commit(&mut self, movement: &Movement, effect: &Effect) {
        match movement {
            Movement::RecordItem { item, .. } => {
                assert!(
                    !self.index.contains_key(&item.material_no),
                    "commit: material {} recorded twice",
                    item.material_no
                );
                self.index
                    .insert(item.material_no.clone(), self.book.items.len());
                self.book.items.push(item.clone());
                self.balances.push(Balance::ZERO);
            }
            Movement::Declare { list } | Movement::Book { list, .. } => {
                self.insert_list(list);
            }
            Movement::Process {
                consume, produce, ..
            } => {
                self.insert_list(consume);
                self.insert_list(produce);
            }
            _ => {}
        }
        if let Some(status) = effect.status_after {
            self.book.status = status;
        }
        for change in &effect.line_changes {
            let record = self
                .lists
                .get_mut(&change.list_id)
                .unwrap_or_else(|| panic!("commit: unknown list {}", change.list_id));
            let progress = &mut record.progress[change.line_index];
            assert_eq!(
                record.list.lines[change.line_index].line_no, change.line_no,
                "commit: line index and number disagree in list {}",
                change.list_id
            );
            assert_eq!(
                progress.state, change.from,
                "commit: list {} line {} is not in the state the effect was computed from",
                change.list_id, change.line_no
            );
            *progress = LineProgress {
                state: change.to,
                passed: change.passed_after,
                deducted_on: change.deducted_on,
            };
        }
        for change in &effect.balance_changes {
            let i = self
                .item_index(&change.material_no)
                .unwrap_or_else(|| panic!("commit: unknown material {}", change.material_no));
            assert_eq!(
                self.balances[i], change.before,
                "commit: balance of {} changed since the effect was computed",
                change.material_no
            );
            assert!(
                change.after.negative_bucket().is_none(),
                "commit: {} would become negative",
                change.material_no
            );
            self.balances[i] = change.after;
        }
    }

    fn insert_list(&mut self, list: &BookingList) {
        let previous = self
            .lists
            .insert(list.id.clone(), ListRecord::new(list.clone()));
        assert!(
            previous.is_none(),
            "commit: list {} declared twice",
            list.id
        );
    }
}
