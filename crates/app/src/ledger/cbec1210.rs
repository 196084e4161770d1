//! Front store, back warehouse (measure 8): a consumer sale in the front store clears through a
//! CBEC 1210 inventory list (CEB621), which deducts the displayed stock of the account book its
//! `emsNo` names. Display itself (back warehouse ↔ front store) goes through booking lists
//! `display_out` / `display_return` and never leaves bonded status (the `displayed` bucket).
//!
//! [`deduct_for_cbec_1210`] is called by the CBEC flow *inside its own writer job* when a 1210
//! list is released, so the list's release and the book's deduction commit together or not at
//! all. It books a `front_store_sale` list (`displayed` → out, 0 → 2) named `CBEC1210-{list_ref}`
//! with the movement and the audit event on the book's stream, idempotent on `list_ref`.

use super::{Writing, content_hash, earlier, findings, load_view};
use crate::time::{china_date, timestamp_text};
use crate::{Actor, AppError};
use chuanyu_domain::{Finding, Role};
use chuanyu_ledger::{BookingLine, BookingList, BookingListKind, Code, DocumentRef, Movement};
use chuanyu_store::Tx;
use jiff::Timestamp;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Who the movements of 1210 deductions are booked by (the platform, on the CBEC list's release).
pub const CBEC_1210_ACTOR: &str = "cbec-1210";
/// Prefix of the booking-list id a 1210 list books in the account book.
pub const CBEC_1210_LIST_PREFIX: &str = "CBEC1210-";
/// The document code of the booking list: the CBEC inventory list (清单).
pub const CBEC_1210_DOCUMENT_CODE: &str = "cbec_1210_inventory";
/// Longest `list_ref` (the inventory list number, invtNo, is 18 characters).
pub const CBEC_1210_LIST_REF_CHARS_MAX: usize =
    chuanyu_ledger::limits::REFERENCE_CHARS_MAX - CBEC_1210_LIST_PREFIX.len();

/// One line of a 1210 inventory list as the book sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cbec1210Line {
    /// The list's line number (gnum), 1-based: the booking-list line number.
    pub gnum: u32,
    /// The book's item (备案料号, `itemRecordNo`).
    pub item_no: String,
    /// The HS code the list declares; it must be the book item's.
    pub hs_code: String,
    pub quantity: Decimal,
}

/// What a 1210 deduction booked (the same answer again for a retry with the same content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cbec1210Deduction {
    /// The account book (its number is the list's `emsNo`).
    pub book_id: String,
    /// The booking list: `CBEC1210-{list_ref}`.
    pub list_id: String,
    /// The movement's place in the book's log.
    pub seq: u64,
    /// e.g. "list CBEC1210-X line 1 (front_store_sale, deduct_directly) M1: displayed 5 → 3"
    pub changes: Vec<String>,
    /// Whether this call found the deduction already booked (nothing changed this time).
    #[serde(default)]
    pub replayed: bool,
}

fn finding(path: String, code: &'static str, message: String) -> Finding {
    Finding {
        path,
        code,
        message,
    }
}

/// Deduct the account book named by a released CBEC 1210 list, inside the caller's writer
/// transaction. `Ok(Ok(_))`: booked (or already booked by the same list: `replayed`);
/// `Ok(Err(findings))`: refused, nothing written — `unknown_book` (/ems_no), `unknown_item`
/// (/lines/i/item_no), `declared_hs_code_mismatch` (/lines/i/hs_code), `insufficient_balance`
/// (/lines/i/quantity, displayed stock), `book_closed`, `kind_not_allowed_at_place` (front
/// stores exist in comprehensive bonded zones and B-type logistics centres),
/// `idempotency_key_reused` (the same list_ref with other lines); `Err(_)`: the store failed.
/// The book header is locked first (as every ledger write does).
pub fn deduct_for_cbec_1210(
    tx: &Tx<'_>,
    ems_no: &str,
    list_ref: &str,
    lines: &[Cbec1210Line],
    at: Timestamp,
) -> Result<Result<Cbec1210Deduction, Vec<Finding>>, AppError> {
    let mut found = Vec::new();
    let chars = list_ref.chars().count();
    if list_ref.trim().is_empty() || chars > CBEC_1210_LIST_REF_CHARS_MAX {
        found.push(finding(
            "/list_ref".into(),
            Code::MissingField.as_str(),
            format!("a list reference of 1 to cbec_1210_list_ref_chars_max = {CBEC_1210_LIST_REF_CHARS_MAX} characters is required"),
        ));
    }
    let Some(mut book) = tx.ledger_book_for_update(ems_no)? else {
        found.push(finding(
            "/ems_no".into(),
            Code::UnknownBook.as_str(),
            format!("no account book has the number (emsNo) '{ems_no}'"),
        ));
        return Ok(Err(found));
    };
    if !found.is_empty() {
        return Ok(Err(found));
    }
    let normalized: Vec<Cbec1210Line> = lines
        .iter()
        .map(|l| Cbec1210Line {
            quantity: l.quantity.normalize(),
            ..l.clone()
        })
        .collect();
    let request_hash = content_hash("cbec-1210", &(list_ref, &normalized));
    let list_id = format!("{CBEC_1210_LIST_PREFIX}{list_ref}");
    match earlier(tx, &book.id, &format!("list/{list_id}"), &request_hash) {
        Ok(Some(response)) => {
            let mut stored: Cbec1210Deduction = serde_json::from_str(&response)
                .map_err(|e| super::corrupt(format!("1210 deduction {list_id}: {e}")))?;
            stored.replayed = true;
            return Ok(Ok(stored));
        }
        Ok(None) => {}
        Err(AppError::IdempotencyConflict) => {
            return Ok(Err(vec![finding(
                "/list_ref".into(),
                "idempotency_key_reused",
                format!(
                    "list {list_ref} already deducted book {} with other lines",
                    book.id
                ),
            )]));
        }
        Err(other) => return Err(other),
    }
    let list = BookingList {
        id: list_id.clone(),
        book_id: book.id.clone(),
        kind: BookingListKind::FrontStoreSale,
        document: DocumentRef {
            code: CBEC_1210_DOCUMENT_CODE.into(),
            number: list_ref.to_string(),
        },
        counterpart_book: None,
        approved_by: None,
        lines: normalized
            .iter()
            .map(|l| BookingLine {
                line_no: l.gnum,
                material_no: l.item_no.clone(),
                quantity: l.quantity,
                counterpart: None,
            })
            .collect(),
    };
    let materials: Vec<&str> = list.lines.iter().map(|l| l.material_no.as_str()).collect();
    let mut state = load_view(tx, &book, &materials, &[&list_id])?;
    for (index, line) in normalized.iter().enumerate() {
        if let Some(item) = state.item(&line.item_no)
            && item.hs_code != line.hs_code
        {
            found.push(finding(
                format!("/lines/{index}/hs_code"),
                Code::DeclaredHsCodeMismatch.as_str(),
                format!(
                    "the list declares {} for {}, the book records {}",
                    line.hs_code, line.item_no, item.hs_code
                ),
            ));
        }
    }
    let movement = Movement::Book {
        list,
        on: china_date(at),
    };
    let effect = match chuanyu_ledger::apply(&state, &movement) {
        Ok(effect) => effect,
        Err(refused) => {
            let AppError::Validation(more) = findings(refused) else {
                unreachable!("findings() is a validation error")
            };
            found.extend(more.into_iter().map(|mut f| {
                if let Some(rest) = f.path.strip_prefix("/lines/")
                    && let Some(index) = rest.strip_suffix("/material_no")
                {
                    f.path = format!("/lines/{index}/item_no");
                }
                f
            }));
            return Ok(Err(found));
        }
    };
    if !found.is_empty() {
        return Ok(Err(found));
    }
    let actor = Actor {
        code: CBEC_1210_ACTOR.into(),
        name: "CBEC 1210 release".into(),
        role: Role::Admin,
        district: None,
    };
    let at_text = timestamp_text(at);
    let writing = Writing {
        tx,
        actor: &actor,
        at: &at_text,
    };
    let (book_id, answer_list) = (book.id.clone(), list_id.clone());
    let deduction = writing.commit(
        &mut book,
        &mut state,
        &movement,
        &effect,
        &request_hash,
        |_, movement| Cbec1210Deduction {
            book_id,
            list_id: answer_list,
            seq: movement.seq,
            changes: movement.changes,
            replayed: false,
        },
    )?;
    Ok(Ok(deduction))
}
