//! Port duty-free shops (口岸进境免税店): stock in an account book of a `duty_free_shop`; each sale
//! to an arriving traveller is checked against the traveller's allowance for the trip (the pure
//! `chuanyu_ledger::duty_free::check_allowance`; 8,000 CNY by default under the 2016 rule,
//! purchases abroad included; `AppOptions::ledger`) and deducts the shop's stock at once.
//!
//! The allowance is one row per traveller and trip, read `FOR UPDATE` and re-checked by a
//! conditional UPDATE inside the writer job, so two sales of one traveller at the same instant —
//! on one node or several — can never together exceed it. Money is integer fen.

use super::views_more::*;
use super::{
    Answer, Writing, content_hash, earlier, findings, key_remember, key_replay, list_view,
    load_view, locked_book, outcome, owner_only,
};
use crate::time::{china_date, now, timestamp_text};
use crate::{Actor, App, AppError, Idempotency, Outcome};
use chuanyu_domain::Finding;
use chuanyu_ledger::duty_free::{DUTY_FREE_ALLOWANCE_PER_TRIP_FEN, cny_text, money_at};
use chuanyu_ledger::limits::REFERENCE_CHARS_MAX;
use chuanyu_ledger::{
    BookingLine, BookingList, BookingListKind, DocumentRef, Movement, TripPurchases,
    check_allowance,
};
use chuanyu_store::{DutyFreeAllowanceRow, DutyFreeSaleRow, StoreError};

/// The document code of a duty-free sale's booking list.
pub const DUTY_FREE_SALE_DOCUMENT_CODE: &str = "duty_free_sale";

/// Settings of the bonded movements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerOptions {
    /// A traveller's duty-free allowance per trip in fen, purchases abroad included
    /// (default 800,000 fen = 8,000 CNY, the 2016 rule).
    pub duty_free_allowance_per_trip_fen: i64,
}

impl Default for LedgerOptions {
    fn default() -> Self {
        LedgerOptions {
            duty_free_allowance_per_trip_fen: DUTY_FREE_ALLOWANCE_PER_TRIP_FEN,
        }
    }
}

fn text_finding(found: &mut Vec<Finding>, path: &str, value: &str) {
    let chars = value.chars().count();
    if value.trim().is_empty() {
        found.push(Finding {
            path: path.into(),
            code: "missing_field",
            message: "this field is required".into(),
        });
    } else if chars > REFERENCE_CHARS_MAX {
        found.push(Finding {
            path: path.into(),
            code: "string_too_long",
            message: format!("{chars} characters; the limit is {REFERENCE_CHARS_MAX}"),
        });
    }
}

impl App {
    /// `POST /account-books/{id}/duty-free-sales`: the shop's operator sells to a traveller.
    pub async fn duty_free_sale(
        &self,
        actor: &Actor,
        book_id: &str,
        mut request: DutyFreeSaleRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<DutyFreeSaleView>, AppError> {
        for line in &mut request.lines {
            line.quantity = line.quantity.normalize();
            line.value_cny = line.value_cny.normalize();
        }
        request.purchases_abroad_cny = request.purchases_abroad_cny.normalize();
        // Shape and money first: every finding at once, before the writer.
        let mut found = Vec::new();
        text_finding(&mut found, "/traveller_id", &request.traveller_id);
        text_finding(&mut found, "/trip/flight", &request.trip.flight);
        let mut money = Vec::new();
        let abroad_fen = money_at(
            &mut money,
            "/purchases_abroad_cny",
            request.purchases_abroad_cny,
            true,
        );
        let mut amount_fen = 0i64;
        for (index, line) in request.lines.iter().enumerate() {
            amount_fen += money_at(
                &mut money,
                &format!("/lines/{index}/value_cny"),
                line.value_cny,
                false,
            );
        }
        if !money.is_empty() {
            let AppError::Validation(more) = findings(money) else {
                unreachable!("findings() is a validation error")
            };
            found.extend(more);
        }
        if !found.is_empty() {
            return Err(AppError::Validation(found));
        }
        let allowance_fen = self.options.ledger.duty_free_allowance_per_trip_fen;
        let trip = format!("{}/{}", request.trip.flight, request.trip.date);
        let request_hash = content_hash("duty-free-sale", &request);
        let at_instant = now();
        let on = china_date(at_instant);
        let at = timestamp_text(at_instant);
        let (actor, book_id) = (actor.clone(), book_id.to_string());
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let mut book = locked_book(tx, &actor, &book_id)?;
                owner_only(&actor, &book)?;
                if let Some(response) =
                    earlier(tx, &book.id, &format!("list/{}", request.id), &request_hash)?
                {
                    return Ok(Answer::Stored(201, response));
                }
                let stored = tx.duty_free_allowance_for_update(&request.traveller_id, &trip)?;
                let before = stored.map_or(TripPurchases::default(), |row| TripPurchases {
                    shop_fen: row.used_fen,
                    abroad_fen: row.abroad_fen,
                });
                let after = check_allowance(allowance_fen, before, abroad_fen, amount_fen)
                    .map_err(|finding| findings(vec![finding]))?;
                let list = BookingList {
                    id: request.id.clone(),
                    book_id: book.id.clone(),
                    kind: BookingListKind::DutyFreeSale,
                    document: DocumentRef {
                        code: DUTY_FREE_SALE_DOCUMENT_CODE.into(),
                        number: request.id.clone(),
                    },
                    counterpart_book: None,
                    approved_by: None,
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
                let materials: Vec<&str> =
                    list.lines.iter().map(|l| l.material_no.as_str()).collect();
                let mut state = load_view(tx, &book, &materials, &[&request.id])?;
                let movement = Movement::Book { list, on };
                let effect = chuanyu_ledger::apply(&state, &movement).map_err(findings)?;
                let written = tx.put_duty_free_allowance(
                    &request.traveller_id,
                    &trip,
                    stored,
                    DutyFreeAllowanceRow {
                        used_fen: after.shop_fen,
                        abroad_fen: after.abroad_fen,
                    },
                    allowance_fen,
                    &at,
                )?;
                if !written {
                    // Another sale of this trip committed between the read and the write:
                    // re-run the job, which then sees it.
                    return Err(AppError::Store(StoreError::Conflict(format!(
                        "allowance of {} on {trip} changed concurrently",
                        request.traveller_id
                    ))));
                }
                tx.insert_duty_free_sale(&DutyFreeSaleRow {
                    book_id: book.id.clone(),
                    id: request.id.clone(),
                    traveller_id: request.traveller_id.clone(),
                    trip: trip.clone(),
                    amount_fen,
                    at: at.clone(),
                })?;
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let (book_key, sale_id) = (book.id.clone(), request.id.clone());
                let view = writing.commit(
                    &mut book,
                    &mut state,
                    &movement,
                    &effect,
                    &request_hash,
                    |state, movement| DutyFreeSaleView {
                        movement,
                        list: list_view(&book_key, state.list(&sale_id).expect("booked")),
                        traveller_id: request.traveller_id.clone(),
                        trip: trip.clone(),
                        amount_cny: cny_text(amount_fen),
                        allowance_cny: cny_text(allowance_fen),
                        used_cny: cny_text(after.total_fen()),
                        remaining_cny: cny_text(allowance_fen - after.total_fen()),
                    },
                )?;
                let body = serde_json::to_string(&view).expect("views serialize");
                key_remember(tx, &actor, &key, 201, &body, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }
}
