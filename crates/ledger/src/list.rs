//! Booking lists (核注清单): kinds as a table of bucket changes, lines, and structural validation.

use crate::book::BookStatus;
use crate::book::{Bucket, PlaceKind};
use crate::finding::{Code, Findings};
use crate::limits::{BOOKING_LIST_LINES_MAX, REFERENCE_CHARS_MAX};
use crate::state::BookState;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Whether a kind moves through the zone gate (and so is deducted by gate passage only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gate {
    /// Deducted only when a vehicle carrying the goods passes the gate (核放单).
    Required,
    /// Deducted directly: the goods do not cross the gate.
    NotUsed,
}

/// Where stock goes, derived from the kind's source and destination buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Stock enters the book (no source bucket).
    Inbound,
    /// Stock leaves the book (no destination bucket).
    Outbound,
    /// Stock moves between buckets of the same book (front store / back warehouse).
    Internal,
}

/// What a booking list does. Each kind is one fixed change of buckets:
/// declaring moves `source → pre_deducted` (or adds to `incoming` when there is no source);
/// deducting moves `pre_deducted → destination` (or `incoming → destination`), where no
/// destination means the stock leaves the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingListKind {
    /// 一线进境: from abroad into the place.
    FirstLineEntry,
    /// 一线出境: from the place to abroad.
    FirstLineExit,
    /// 二线进区: from the domestic market into the place.
    SecondLineEntry,
    /// 二线出区: to the domestic market; duty becomes due, a goods declaration follows.
    SecondLineExit,
    /// 结转 in: from another book (always paired with a transfer out).
    TransferIn,
    /// 结转 out: to another book.
    TransferOut,
    /// Materials consumed by processing.
    ProcessingConsume,
    /// Goods produced by processing.
    ProcessingProduce,
    /// Scrap or destruction under supervision.
    Scrap,
    /// Stocktake surplus booked after an officer's decision.
    StocktakeIncrease,
    /// Stocktake shortage booked after an officer's decision.
    StocktakeDecrease,
    /// Back warehouse → front store display; stays bonded.
    DisplayOut,
    /// Front store → back warehouse.
    DisplayReturn,
    /// Sale from the front store display (1210); the CBEC list is the app's business.
    FrontStoreSale,
    /// Duty-free shop sale (the traveller allowance is checked elsewhere).
    DutyFreeSale,
}

impl BookingListKind {
    pub const ALL: [BookingListKind; 15] = [
        BookingListKind::FirstLineEntry,
        BookingListKind::FirstLineExit,
        BookingListKind::SecondLineEntry,
        BookingListKind::SecondLineExit,
        BookingListKind::TransferIn,
        BookingListKind::TransferOut,
        BookingListKind::ProcessingConsume,
        BookingListKind::ProcessingProduce,
        BookingListKind::Scrap,
        BookingListKind::StocktakeIncrease,
        BookingListKind::StocktakeDecrease,
        BookingListKind::DisplayOut,
        BookingListKind::DisplayReturn,
        BookingListKind::FrontStoreSale,
        BookingListKind::DutyFreeSale,
    ];

    pub fn as_str(self) -> &'static str {
        use BookingListKind as K;
        match self {
            K::FirstLineEntry => "first_line_entry",
            K::FirstLineExit => "first_line_exit",
            K::SecondLineEntry => "second_line_entry",
            K::SecondLineExit => "second_line_exit",
            K::TransferIn => "transfer_in",
            K::TransferOut => "transfer_out",
            K::ProcessingConsume => "processing_consume",
            K::ProcessingProduce => "processing_produce",
            K::Scrap => "scrap",
            K::StocktakeIncrease => "stocktake_increase",
            K::StocktakeDecrease => "stocktake_decrease",
            K::DisplayOut => "display_out",
            K::DisplayReturn => "display_return",
            K::FrontStoreSale => "front_store_sale",
            K::DutyFreeSale => "duty_free_sale",
        }
    }

    /// The bucket stock is taken from; `None` for inbound kinds.
    pub fn source(self) -> Option<Bucket> {
        use BookingListKind as K;
        match self {
            K::FirstLineEntry
            | K::SecondLineEntry
            | K::TransferIn
            | K::ProcessingProduce
            | K::StocktakeIncrease => None,
            K::DisplayReturn | K::FrontStoreSale => Some(Bucket::Displayed),
            K::FirstLineExit
            | K::SecondLineExit
            | K::TransferOut
            | K::ProcessingConsume
            | K::Scrap
            | K::StocktakeDecrease
            | K::DisplayOut
            | K::DutyFreeSale => Some(Bucket::Available),
        }
    }

    /// The bucket stock arrives in; `None` when it leaves the book.
    pub fn destination(self) -> Option<Bucket> {
        use BookingListKind as K;
        match self {
            K::FirstLineEntry
            | K::SecondLineEntry
            | K::TransferIn
            | K::ProcessingProduce
            | K::StocktakeIncrease
            | K::DisplayReturn => Some(Bucket::Available),
            K::DisplayOut => Some(Bucket::Displayed),
            K::FirstLineExit
            | K::SecondLineExit
            | K::TransferOut
            | K::ProcessingConsume
            | K::Scrap
            | K::StocktakeDecrease
            | K::FrontStoreSale
            | K::DutyFreeSale => None,
        }
    }

    pub fn direction(self) -> Direction {
        match (self.source(), self.destination()) {
            (None, _) => Direction::Inbound,
            (Some(_), None) => Direction::Outbound,
            (Some(_), Some(_)) => Direction::Internal,
        }
    }

    /// First- and second-line movements cross the gate; everything else is deducted directly.
    pub fn gate(self) -> Gate {
        use BookingListKind as K;
        match self {
            K::FirstLineEntry | K::FirstLineExit | K::SecondLineEntry | K::SecondLineExit => {
                Gate::Required
            }
            _ => Gate::NotUsed,
        }
    }

    /// Destruction and stocktake adjustments need an officer's approval on the list.
    pub fn requires_approval(self) -> bool {
        matches!(
            self,
            BookingListKind::Scrap
                | BookingListKind::StocktakeIncrease
                | BookingListKind::StocktakeDecrease
        )
    }

    /// Transfers name the counterpart book.
    pub fn requires_counterpart(self) -> bool {
        matches!(
            self,
            BookingListKind::TransferIn | BookingListKind::TransferOut
        )
    }

    /// Leaving to the domestic market makes duty due: the app creates a goods declaration.
    pub fn requires_goods_declaration(self) -> bool {
        self == BookingListKind::SecondLineExit
    }

    /// Which places may book this kind (a data table; keep it in one place).
    pub fn allowed_at(self, place: PlaceKind) -> bool {
        use BookingListKind as K;
        use PlaceKind as P;
        match self {
            K::ProcessingConsume | K::ProcessingProduce => place == P::ComprehensiveBondedZone,
            K::DisplayOut | K::DisplayReturn | K::FrontStoreSale => {
                matches!(
                    place,
                    P::ComprehensiveBondedZone | P::BondedLogisticsCentreB
                )
            }
            K::DutyFreeSale => place == P::DutyFreeShop,
            _ => true,
        }
    }
}

/// The document a booking list books (contract, goods declaration, officer decision …).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DocumentRef {
    pub code: String,
    pub number: String,
}

/// One line of a booking list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingLine {
    /// 1-based, unique within the list.
    pub line_no: u32,
    pub material_no: String,
    pub quantity: Decimal,
    /// For transfers: the material number of the same goods in the counterpart book.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterpart: Option<String>,
}

/// A booking list. Its id is chosen by the client, so booking it twice is detectable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingList {
    pub id: String,
    pub book_id: String,
    pub kind: BookingListKind,
    pub document: DocumentRef,
    /// For transfers: the other book.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterpart_book: Option<String>,
    /// For scrap and stocktake adjustments: the approving officer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    pub lines: Vec<BookingLine>,
}

/// Structural checks of a list against the book (no balances). Returns, per line, the item
/// index when the line is usable for balance computation.
pub(crate) fn validate_list(
    findings: &mut Findings,
    prefix: &str,
    state: &BookState,
    list: &BookingList,
) -> Vec<Option<usize>> {
    let at = |field: &str| format!("{prefix}{field}");
    let book = state.book();
    if findings.text(&at("/id"), &list.id, REFERENCE_CHARS_MAX) && state.list(&list.id).is_some() {
        findings.add(
            at("/id"),
            Code::ListAlreadyDeclared,
            format!("booking list {} is already in book {}", list.id, book.id),
        );
    }
    if list.book_id != book.id {
        findings.add(
            at("/book_id"),
            Code::BookMismatch,
            format!("the list names book '{}', not {}", list.book_id, book.id),
        );
    }
    if book.status == BookStatus::Closed {
        findings.add(
            at("/book_id"),
            Code::BookClosed,
            format!("book {} is closed", book.id),
        );
    }
    if !list.kind.allowed_at(book.place_kind) {
        findings.add(
            at("/kind"),
            Code::KindNotAllowedAtPlace,
            format!(
                "{} is not allowed at a {}",
                list.kind.as_str(),
                book.place_kind.as_str()
            ),
        );
    }
    findings.text(
        &at("/document/code"),
        &list.document.code,
        REFERENCE_CHARS_MAX,
    );
    findings.text(
        &at("/document/number"),
        &list.document.number,
        REFERENCE_CHARS_MAX,
    );
    match (&list.approved_by, list.kind.requires_approval()) {
        (Some(officer), _) => {
            findings.text(&at("/approved_by"), officer, REFERENCE_CHARS_MAX);
        }
        (None, true) => findings.add(
            at("/approved_by"),
            Code::ApprovalRequired,
            format!("{} needs an approving officer", list.kind.as_str()),
        ),
        (None, false) => {}
    }
    let transfer = list.kind.requires_counterpart();
    match (&list.counterpart_book, transfer) {
        (Some(other), true) => {
            if findings.text(&at("/counterpart_book"), other, REFERENCE_CHARS_MAX)
                && *other == book.id
            {
                findings.add(
                    at("/counterpart_book"),
                    Code::SameBook,
                    "a transfer needs two different books",
                );
            }
        }
        (None, true) => findings.add(
            at("/counterpart_book"),
            Code::CounterpartRequired,
            "a transfer names the counterpart book",
        ),
        (Some(_), false) => findings.add(
            at("/counterpart_book"),
            Code::CounterpartNotAllowed,
            format!("{} does not name a counterpart book", list.kind.as_str()),
        ),
        (None, false) => {}
    }
    if list.lines.is_empty() {
        findings.add(
            at("/lines"),
            Code::NoLines,
            "a booking list has at least one line",
        );
    }
    if list.lines.len() > BOOKING_LIST_LINES_MAX {
        findings.add(
            at("/lines"),
            Code::TooManyLines,
            format!(
                "{} lines; the limit is booking_list_lines_max = {BOOKING_LIST_LINES_MAX}",
                list.lines.len()
            ),
        );
    }
    let mut line_nos = HashSet::with_capacity(list.lines.len());
    let mut usable = Vec::with_capacity(list.lines.len());
    for (index, line) in list.lines.iter().enumerate() {
        let line_at = |field: &str| format!("{prefix}/lines/{index}/{field}");
        if line.line_no == 0 {
            findings.add(
                line_at("line_no"),
                Code::InvalidLineNo,
                "line numbers start at 1",
            );
        } else if !line_nos.insert(line.line_no) {
            findings.add(
                line_at("line_no"),
                Code::DuplicateLineNo,
                format!("line number {} appears twice", line.line_no),
            );
        }
        let item = state.item_index(&line.material_no);
        if item.is_none() {
            findings.add(
                line_at("material_no"),
                Code::UnknownItem,
                format!(
                    "material '{}' is not recorded in book {}",
                    line.material_no, book.id
                ),
            );
        }
        let quantity_ok = findings.quantity_at(|| line_at("quantity"), line.quantity);
        match (&line.counterpart, transfer) {
            (Some(counterpart), true) => {
                findings.text(&line_at("counterpart"), counterpart, REFERENCE_CHARS_MAX);
            }
            (Some(_), false) => findings.add(
                line_at("counterpart"),
                Code::CounterpartNotAllowed,
                "only transfer lines name a counterpart material",
            ),
            (None, _) => {}
        }
        usable.push(item.filter(|_| quantity_ok));
    }
    usable
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_a_well_defined_bucket_change() {
        for kind in BookingListKind::ALL {
            // Something moves: a kind has a source or a destination, and they differ.
            assert!(kind.source().is_some() || kind.destination().is_some());
            assert_ne!(kind.source(), kind.destination(), "{}", kind.as_str());
            // Reserved and expected stock are never a source or a destination.
            for bucket in [kind.source(), kind.destination()].into_iter().flatten() {
                assert!(matches!(bucket, Bucket::Available | Bucket::Displayed));
            }
            // Gate kinds cross the zone boundary.
            if kind.gate() == Gate::Required {
                assert_ne!(kind.direction(), Direction::Internal);
            }
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn place_table() {
        use BookingListKind as K;
        assert!(!K::ProcessingConsume.allowed_at(PlaceKind::BondedWarehouse));
        assert!(K::ProcessingConsume.allowed_at(PlaceKind::ComprehensiveBondedZone));
        assert!(K::DutyFreeSale.allowed_at(PlaceKind::DutyFreeShop));
        assert!(!K::DutyFreeSale.allowed_at(PlaceKind::ComprehensiveBondedZone));
        assert!(K::DisplayOut.allowed_at(PlaceKind::BondedLogisticsCentreB));
        assert!(!K::DisplayOut.allowed_at(PlaceKind::DutyFreeShop));
    }
}
