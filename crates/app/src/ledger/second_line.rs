//! Second-line exit (二线出区) to the domestic market: the booking list and its goods declaration.
//!
//! When is the declaration created? In the real 核注清单/报关单 flow of a special supervision
//! area, the enterprise files the booking list and the goods declaration is generated *from
//! the list when the list is declared* (same declaration: 一次申报), before any goods move; the
//! vehicle may pass the gate (核放单 → deduction 1 → 2) only once the declaration is released.
//! Duty arises with the declaration, not with the gate passage. So the declaration is created
//! here, at declaring (0 → 1), in the same savepoint as the ledger movement — through the same
//! path as `POST /declarations` (validation, tariff quote, number, risk lane, tax) — and the
//! list and the declaration are linked both ways (the link table; the list as an attached
//! document of the declaration). A declaration that fails validation refuses the booking with
//! the declaration's findings, and nothing changes.

use super::views::*;
use super::views_more::*;
use super::{
    Answer, Writing, content_hash, earlier, findings, key_remember, key_replay, list_view,
    load_view, locked_book, outcome, owner_only,
};
use crate::declarations::create_in_job;
use crate::time::{china_date, now, timestamp_text};
use crate::{Actor, App, AppError, Idempotency, Outcome};
use chuanyu_domain::Finding;
use chuanyu_domain::declaration::{DeclarationInput, DocumentRef, ItemInput};
use chuanyu_ledger::{BookingLine, BookingList, BookingListKind, Movement};
use chuanyu_store::{LedgerBookRow, LedgerItemRow, ListDeclarationRow};

/// Trade mode of the goods declaration of a second-line exit: general trade (一般贸易).
pub const SECOND_LINE_TRADE_MODE: &str = "0110";
/// Country of departure (and default trading country) of goods leaving a zone inside China.
pub const SECOND_LINE_PARTNER_COUNTRY: &str = "CHN";
/// The code under which the booking list is attached to its goods declaration.
pub const BOOKING_LIST_DOCUMENT_CODE: &str = "booking_list";

/// Where a finding of the goods declaration points in the exit request: item fields at the
/// list line, header fields under `/goods_declaration`.
fn exit_path(path: &str) -> String {
    match path.strip_prefix("/items") {
        Some(rest) => format!("/lines{rest}"),
        None if path == "/total_value" => "/lines".to_string(),
        None => format!("/goods_declaration{path}"),
    }
}

pub(super) fn exit_findings(error: AppError) -> AppError {
    match error {
        AppError::Validation(found) => AppError::Validation(
            found
                .into_iter()
                .map(|f| Finding {
                    path: exit_path(&f.path),
                    ..f
                })
                .collect(),
        ),
        other => other,
    }
}

/// The goods declaration of the exit: importer = the book's enterprise, one item per line
/// with the item's HS code, name, unit and origin as recorded in the book.
pub(super) fn declaration_input(
    book: &LedgerBookRow,
    items: &[LedgerItemRow],
    request: &SecondLineExitRequest,
) -> Result<DeclarationInput, AppError> {
    let header = &request.goods_declaration;
    let mut unknown = Vec::new();
    let mut lines = Vec::with_capacity(request.lines.len());
    for (index, line) in request.lines.iter().enumerate() {
        match items.iter().find(|i| i.material_no == line.material_no) {
            Some(item) => lines.push(ItemInput {
                hs_code: item.hs_code.clone(),
                description: item.name.clone(),
                quantity: line.quantity,
                unit: item.unit.clone(),
                legal_quantity: line.quantity,
                legal_unit: item.unit.clone(),
                unit_price: line.unit_price,
                total: line.total,
                origin_country: item.origin_country.clone(),
            }),
            None => unknown.push(Finding {
                path: format!("/lines/{index}/material_no"),
                code: chuanyu_ledger::Code::UnknownItem.as_str(),
                message: format!(
                    "material '{}' is not recorded in book {}",
                    line.material_no, book.id
                ),
            }),
        }
    }
    if !unknown.is_empty() {
        return Err(AppError::Validation(unknown));
    }
    Ok(DeclarationInput {
        ie_flag: "I".into(),
        customs_office: header.customs_office.clone(),
        declarant_code: header
            .declarant_code
            .clone()
            .unwrap_or_else(|| book.enterprise_code.clone()),
        trader_code: book.enterprise_code.clone(),
        trade_mode: SECOND_LINE_TRADE_MODE.into(),
        transport_mode: header.transport_mode.clone(),
        transport_means: header.transport_means.clone(),
        bill_of_lading: header.bill_of_lading.clone(),
        trading_country: header
            .trading_country
            .clone()
            .unwrap_or_else(|| SECOND_LINE_PARTNER_COUNTRY.into()),
        partner_country: SECOND_LINE_PARTNER_COUNTRY.into(),
        currency: header.currency.clone(),
        freight: header.freight,
        insurance: header.insurance,
        packages: header.packages,
        gross_weight_kg: header.gross_weight_kg,
        net_weight_kg: header.net_weight_kg,
        total_value: request.lines.iter().map(|l| l.total).sum(),
        certificate_of_origin: None,
        documents: vec![DocumentRef {
            code: BOOKING_LIST_DOCUMENT_CODE.into(),
            number: request.list_id.clone(),
        }],
        items: lines,
    })
}

impl App {
    /// `POST /account-books/{id}/second-line-exits`: declare the exit list (0 → 1) and create
    /// and lodge its goods declaration in one transaction, or nothing.
    pub async fn second_line_exit(
        &self,
        actor: &Actor,
        book_id: &str,
        mut request: SecondLineExitRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<SecondLineExitView>, AppError> {
        for line in &mut request.lines {
            line.quantity = line.quantity.normalize();
            line.unit_price = line.unit_price.normalize();
            line.total = line.total.normalize();
        }
        let request_hash = content_hash("second-line-exit", &request);
        let at_instant = now();
        let on = china_date(at_instant);
        let at = timestamp_text(at_instant);
        // Read what the declaration needs (the book's items are immutable once recorded), then
        // validate and quote outside the writer, exactly as `POST /declarations` does.
        let (book, items) = {
            let (actor, book_id) = (actor.clone(), book_id.to_string());
            let materials: Vec<String> = request
                .lines
                .iter()
                .map(|l| l.material_no.clone())
                .collect();
            self.read(move |tx| {
                let book = match tx.ledger_book(&book_id)? {
                    Some(book) if super::can_see(&actor, &book) => book,
                    _ => return Err(super::book_not_found()),
                };
                let wanted: Vec<&str> = materials.iter().map(String::as_str).collect();
                let items = tx.ledger_items_by_material(&book.id, &wanted)?;
                Ok((book, items))
            })
            .await?
        };
        owner_only(actor, &book)?;
        let input = declaration_input(&book, &items, &request)?;
        let assessed = self
            .assess_before_lodging(input, on)
            .map_err(exit_findings)?;
        let body = serde_json::to_string(&assessed.declaration.input).expect("declarations");
        let declaration_id = uuid::Uuid::now_v7().to_string();
        let book_id = book.id.clone();
        let actor = actor.clone();
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let mut book = locked_book(tx, &actor, &book_id)?;
                owner_only(&actor, &book)?;
                if let Some(response) = earlier(
                    tx,
                    &book.id,
                    &format!("list/{}", request.list_id),
                    &request_hash,
                )? {
                    return Ok(Answer::Stored(201, response));
                }
                let list = BookingList {
                    id: request.list_id.clone(),
                    book_id: book.id.clone(),
                    kind: BookingListKind::SecondLineExit,
                    document: request.document.to_ref(),
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
                let mut state = load_view(tx, &book, &materials, &[&request.list_id])?;
                let movement = Movement::Declare { list };
                let effect = chuanyu_ledger::apply(&state, &movement).map_err(findings)?;
                // The goods declaration, in this savepoint: number, lane, tax.
                let declaration = create_in_job(
                    tx,
                    &declaration_id,
                    &actor.code,
                    &at,
                    &assessed.declaration,
                    &body,
                    Some(&assessed),
                )?;
                let number = declaration.number.clone().unwrap_or_default();
                tx.insert_list_declaration(&ListDeclarationRow {
                    book_id: book.id.clone(),
                    list_id: request.list_id.clone(),
                    declaration_id: declaration.id.clone(),
                    declaration_number: number.clone(),
                    created_at: at.clone(),
                })?;
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let (book_key, list_id) = (book.id.clone(), request.list_id.clone());
                let view = writing.commit(
                    &mut book,
                    &mut state,
                    &movement,
                    &effect,
                    &request_hash,
                    |state, movement| {
                        let mut list = list_view(&book_key, state.list(&list_id).expect("booked"));
                        list.goods_declaration = Some(GoodsDeclarationRef {
                            id: declaration.id.clone(),
                            number: number.clone(),
                        });
                        SecondLineExitView {
                            movement,
                            list,
                            goods_declaration: declaration.clone(),
                        }
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
