//! Transfers between two books (结转): one pure decision for both sides, all or nothing.

use crate::finding::{Code, Finding, Findings};
use crate::limits::REFERENCE_CHARS_MAX;
use crate::list::{BookingLine, BookingList, BookingListKind, DocumentRef};
use crate::movement::{Effect, Movement, apply};
use crate::state::BookState;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One transferred line: the material in the sending book and the same goods in the receiving book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferLine {
    pub line_no: u32,
    pub material_no: String,
    pub counterpart_material_no: String,
    pub quantity: Decimal,
}

/// A transfer as the two enterprises agree on it; the list ids are client-chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRequest {
    pub out_list_id: String,
    pub in_list_id: String,
    pub document: DocumentRef,
    pub lines: Vec<TransferLine>,
    pub on: Date,
}

/// Both sides of a decided transfer. The caller commits both in ONE transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub out_movement: Movement,
    pub out_effect: Effect,
    pub in_movement: Movement,
    pub in_effect: Effect,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Out,
    In,
}

/// Decide a transfer from `from` to `to`: both sides' changes, or every finding of either side
/// (paths point into the request).
pub fn transfer(
    from: &BookState,
    to: &BookState,
    request: &TransferRequest,
) -> Result<Transfer, Vec<Finding>> {
    let mut findings = Findings::default();
    findings.text("/out_list_id", &request.out_list_id, REFERENCE_CHARS_MAX);
    findings.text("/in_list_id", &request.in_list_id, REFERENCE_CHARS_MAX);
    if from.book().id == to.book().id {
        findings.add(
            "/to_book",
            Code::SameBook,
            "a transfer needs two different books",
        );
    }
    for (index, line) in request.lines.iter().enumerate() {
        let (Some(sent), Some(received)) = (
            from.item(&line.material_no),
            to.item(&line.counterpart_material_no),
        ) else {
            continue; // unknown items are reported by each side below
        };
        let path = format!("/lines/{index}/counterpart_material_no");
        if sent.hs_code != received.hs_code {
            findings.add(
                path.clone(),
                Code::HsCodeMismatch,
                format!(
                    "{} is {} but {} is {}",
                    sent.material_no, sent.hs_code, received.material_no, received.hs_code
                ),
            );
        }
        if sent.unit != received.unit {
            findings.add(
                path,
                Code::UnitMismatch,
                format!(
                    "{} is counted in {} but {} in {}",
                    sent.material_no, sent.unit, received.material_no, received.unit
                ),
            );
        }
    }

    let out_list = BookingList {
        id: request.out_list_id.clone(),
        book_id: from.book().id.clone(),
        kind: BookingListKind::TransferOut,
        document: request.document.clone(),
        counterpart_book: Some(to.book().id.clone()),
        approved_by: None,
        lines: request
            .lines
            .iter()
            .map(|line| BookingLine {
                line_no: line.line_no,
                material_no: line.material_no.clone(),
                quantity: line.quantity,
                counterpart: Some(line.counterpart_material_no.clone()),
            })
            .collect(),
    };
    let in_list = BookingList {
        id: request.in_list_id.clone(),
        book_id: to.book().id.clone(),
        kind: BookingListKind::TransferIn,
        document: request.document.clone(),
        counterpart_book: Some(from.book().id.clone()),
        approved_by: None,
        lines: request
            .lines
            .iter()
            .map(|line| BookingLine {
                line_no: line.line_no,
                material_no: line.counterpart_material_no.clone(),
                quantity: line.quantity,
                counterpart: Some(line.material_no.clone()),
            })
            .collect(),
    };
    let out_movement = Movement::Book {
        list: out_list,
        on: request.on,
    };
    let in_movement = Movement::Book {
        list: in_list,
        on: request.on,
    };
    let out_effect = apply(from, &out_movement);
    let in_effect = apply(to, &in_movement);

    let mut all = findings.0;
    for (side, result) in [(Side::Out, &out_effect), (Side::In, &in_effect)] {
        if let Err(side_findings) = result {
            for mut finding in side_findings.iter().cloned() {
                finding.path = request_path(&finding.path, side);
                all.push(finding);
            }
        }
    }
    // Both sides check the same request fields (quantity, document): report each once.
    let mut seen = HashSet::new();
    all.retain(|f| seen.insert((f.path.clone(), f.code)));
    match (out_effect, in_effect) {
        (Ok(out_effect), Ok(in_effect)) if all.is_empty() => Ok(Transfer {
            out_movement,
            out_effect,
            in_movement,
            in_effect,
        }),
        _ => Err(all),
    }
}

/// Map a path into one side's booking list back into the request.
fn request_path(path: &str, side: Side) -> String {
    match (path, side) {
        ("/id", Side::Out) => return "/out_list_id".into(),
        ("/id", Side::In) => return "/in_list_id".into(),
        ("/book_id", Side::Out) | ("/counterpart_book", Side::In) => return "/from_book".into(),
        ("/book_id", Side::In) | ("/counterpart_book", Side::Out) => return "/to_book".into(),
        _ => {}
    }
    if let Some(rest) = path.strip_prefix("/lines/")
        && let Some((index, field)) = rest.split_once('/')
    {
        let field = match (field, side) {
            ("material_no", Side::In) | ("counterpart", Side::Out) => "counterpart_material_no",
            ("counterpart", Side::In) => "material_no",
            (field, _) => field,
        };
        return format!("/lines/{index}/{field}");
    }
    path.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_point_into_the_request() {
        assert_eq!(
            request_path("/lines/3/material_no", Side::In),
            "/lines/3/counterpart_material_no"
        );
        assert_eq!(
            request_path("/lines/3/material_no", Side::Out),
            "/lines/3/material_no"
        );
        assert_eq!(
            request_path("/lines/3/quantity", Side::In),
            "/lines/3/quantity"
        );
        assert_eq!(request_path("/id", Side::In), "/in_list_id");
        assert_eq!(request_path("/book_id", Side::Out), "/from_book");
        assert_eq!(request_path("/lines", Side::Out), "/lines");
    }
}
