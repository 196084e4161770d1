//! The answer to a booking list encoded straight from what the writer holds — the booked
//! movement, its balance changes and the list's progress — without building the view and its
//! 1,000 explanation strings on the single writer thread. The bytes are those of
//! `serde_json::to_string(&BookingView)` (the tests below compare them).

use super::views::MovementView;
use chuanyu_ledger::{BalanceChange, BookingList, DecimalText, DocumentRef, LineProgress};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// `serde_json::to_string` of the [`super::views::BookingView`] of a booked list.
pub(super) fn booking(
    head: &MovementView,
    changes: &[BalanceChange],
    book_id: &str,
    list: &BookingList,
    progress: &[LineProgress],
) -> String {
    let view = BookingViewRef {
        movement: MovementViewRef {
            book_id: &head.book_id,
            seq: head.seq,
            id: &head.id,
            movement: &head.movement,
            document: &head.document,
            actor: &head.actor,
            at: &head.at,
            changes: Changes(changes),
            follow_ups: &head.follow_ups,
        },
        list: ListViewRef {
            book_id,
            id: &list.id,
            kind: list.kind.as_str(),
            document: &list.document,
            counterpart_book: list.counterpart_book.as_deref(),
            approved_by: list.approved_by.as_deref(),
            lines: Lines(list, progress),
        },
    };
    serde_json::to_string(&view).expect("views serialize")
}

/// Field for field [`super::views::BookingView`].
#[derive(Serialize)]
struct BookingViewRef<'a> {
    movement: MovementViewRef<'a>,
    list: ListViewRef<'a>,
}

/// Field for field [`MovementView`].
#[derive(Serialize)]
struct MovementViewRef<'a> {
    book_id: &'a str,
    seq: u64,
    id: &'a str,
    movement: &'a str,
    document: &'a super::views::LedgerDocument,
    actor: &'a str,
    at: &'a str,
    changes: Changes<'a>,
    follow_ups: &'a [String],
}

/// Each change as [`BalanceChange::explain`] writes it.
struct Changes<'a>(&'a [BalanceChange]);

impl Serialize for Changes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Explained))
    }
}

struct Explained<'a>(&'a BalanceChange);

impl Serialize for Explained<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.explained())
    }
}

/// Field for field [`super::views::ListView`] (no goods declaration: skipped when absent).
#[derive(Serialize)]
struct ListViewRef<'a> {
    book_id: &'a str,
    id: &'a str,
    kind: &'a str,
    /// Same fields as `LedgerDocument`.
    document: &'a DocumentRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    counterpart_book: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    approved_by: Option<&'a str>,
    lines: Lines<'a>,
}

struct Lines<'a>(&'a BookingList, &'a [LineProgress]);

impl Serialize for Lines<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.lines.iter().zip(self.1).map(|(line, progress)| {
            LineViewRef {
                line_no: line.line_no,
                material_no: &line.material_no,
                quantity: Quantity(line.quantity),
                counterpart: line.counterpart.as_deref(),
                state: progress.state.as_str(),
                state_code: progress.state.code(),
                passed: Quantity(progress.passed),
                deducted_on: progress.deducted_on.map(Day),
            }
        }))
    }
}

/// Field for field [`super::views::LineView`].
#[derive(Serialize)]
struct LineViewRef<'a> {
    line_no: u32,
    material_no: &'a str,
    quantity: Quantity,
    #[serde(skip_serializing_if = "Option::is_none")]
    counterpart: Option<&'a str>,
    state: &'a str,
    state_code: u8,
    passed: Quantity,
    #[serde(skip_serializing_if = "Option::is_none")]
    deducted_on: Option<Day>,
}

/// A decimal as `decimal_text` writes it (normalized), as a JSON string.
struct Quantity(Decimal);

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&DecimalText(self.0.normalize()))
    }
}

/// A date as its `to_string`, as a JSON string.
struct Day(jiff::civil::Date);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::views::{BookingView, LedgerDocument};
    use chuanyu_ledger::{
        Balance, BookingLine, BookingListKind, DeductionAction, DeductionState, ListRecord,
    };
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn the_direct_encoding_is_the_views_encoding_byte_for_byte() {
        let list = BookingList {
            id: "L-\"1\"\\é".into(),
            book_id: "B1".into(),
            kind: BookingListKind::FirstLineExit,
            document: DocumentRef {
                code: "contract".into(),
                number: "C\n1".into(),
            },
            counterpart_book: Some("B2".into()),
            approved_by: Some("officer \"x\"".into()),
            lines: vec![
                BookingLine {
                    line_no: 1,
                    material_no: "M\u{1}1".into(),
                    quantity: dec("10.500"),
                    counterpart: None,
                },
                BookingLine {
                    line_no: 2,
                    material_no: "M2".into(),
                    quantity: dec("0.00001"),
                    counterpart: Some("C2".into()),
                },
            ],
        };
        let progress = vec![
            LineProgress {
                state: DeductionState::PreDeducted,
                passed: dec("2.50"),
                deducted_on: None,
            },
            LineProgress {
                state: DeductionState::Deducted,
                passed: dec("0.00001"),
                deducted_on: Some(jiff::civil::date(2026, 12, 1)),
            },
        ];
        let balance = |a: &str, p: &str| Balance {
            available: dec(a),
            pre_deducted: dec(p),
            incoming: Decimal::ZERO,
            displayed: dec("1.0"),
        };
        let changes = vec![
            BalanceChange {
                material_no: "M\u{1}1".into(),
                list_id: list.id.clone(),
                line_no: 1,
                kind: list.kind,
                step: DeductionAction::PreDeduct,
                before: balance("100", "0"),
                after: balance("89.50", "10.5"),
            },
            BalanceChange {
                material_no: "M2".into(),
                list_id: list.id.clone(),
                line_no: 2,
                kind: list.kind,
                step: DeductionAction::DeductDirectly,
                before: balance("1", "0"),
                after: balance("1", "0"),
            },
        ];
        for follow_ups in [
            Vec::new(),
            vec!["goods_declaration_required: list L\"1".into()],
        ] {
            let head = MovementView {
                book_id: "B1".into(),
                seq: 42,
                id: "list/L-\"1\"".into(),
                movement: "declare".into(),
                document: LedgerDocument {
                    code: "contract".into(),
                    number: "C\n1".into(),
                },
                actor: "5101970001".into(),
                at: "2026-12-01T02:00:00Z".into(),
                changes: Vec::new(),
                follow_ups,
            };
            let view = BookingView {
                movement: MovementView {
                    changes: changes.iter().map(|c| c.explain()).collect(),
                    ..head.clone()
                },
                list: super::super::list_view(
                    "B1",
                    &ListRecord {
                        list: list.clone(),
                        progress: progress.clone(),
                    },
                ),
            };
            assert_eq!(
                booking(&head, &changes, "B1", &list, &progress),
                serde_json::to_string(&view).unwrap()
            );
        }
        // Without the optional fields too.
        let mut bare = list.clone();
        bare.counterpart_book = None;
        bare.approved_by = None;
        let head = MovementView {
            book_id: "B1".into(),
            seq: 1,
            id: "list/L".into(),
            movement: "book".into(),
            document: LedgerDocument {
                code: "c".into(),
                number: "n".into(),
            },
            actor: "a".into(),
            at: "t".into(),
            changes: Vec::new(),
            follow_ups: Vec::new(),
        };
        let view = BookingView {
            movement: head.clone(),
            list: super::super::list_view(
                "B1",
                &ListRecord {
                    list: bare.clone(),
                    progress: progress.clone(),
                },
            ),
        };
        assert_eq!(
            booking(&head, &[], "B1", &bare, &progress),
            serde_json::to_string(&view).unwrap()
        );
    }
}
