//! Write-off differences (item 7): a stocktake compares the counts with the book's on-hand
//! balances (the pure `chuanyu_ledger::reconcile`) and keeps every difference for an officer;
//! the officer's decision books shortages out (stocktake_decrease) — levying their duty through
//! a goods declaration created by the declarations' own path when asked — and surpluses in
//! (stocktake_increase), in one writer job, once.

use super::second_line::{declaration_input, exit_findings};
use super::views::*;
use super::views_more::*;
use super::{
    Answer, Writing, can_see, content_hash, corrupt, decimal_text, findings, is_district_officer,
    is_owner, key_remember, key_replay, list_view, load_for_closing, load_view, locked_book,
    officer_only, outcome,
};
use crate::declarations::create_in_job;
use crate::time::{china_date, now, timestamp_text};
use crate::{Actor, App, AppError, Idempotency, Outcome};
use chuanyu_domain::Finding;
use chuanyu_ledger::{
    BookingLine, BookingList, BookingListKind, Difference, DifferenceKind, Movement,
    StocktakeCount, reconcile,
};
use chuanyu_store::{ListDeclarationRow, StocktakeRow};

fn stocktake_not_found() -> AppError {
    AppError::NotFound("stocktake")
}

fn difference_views(differences: &[Difference]) -> Vec<DifferenceView> {
    differences
        .iter()
        .map(|d| DifferenceView {
            material_no: d.material_no.clone(),
            book_quantity: decimal_text(d.book_quantity),
            counted_quantity: decimal_text(d.counted_quantity),
            kind: match d.kind {
                DifferenceKind::Shortage => "shortage",
                DifferenceKind::Surplus => "surplus",
            }
            .into(),
            quantity: decimal_text(d.quantity),
        })
        .collect()
}

fn differences_of(row: &StocktakeRow) -> Result<Vec<Difference>, AppError> {
    serde_json::from_str(&row.differences)
        .map_err(|e| corrupt(format!("stocktake {} of {}: {e}", row.id, row.book_id)))
}

fn stocktake_view(row: &StocktakeRow) -> Result<StocktakeView, AppError> {
    let decision = match &row.decision {
        Some(text) => Some(serde_json::from_str(text).map_err(corrupt)?),
        None => None,
    };
    Ok(StocktakeView {
        book_id: row.book_id.clone(),
        id: row.id.clone(),
        status: row.status.clone(),
        differences: difference_views(&differences_of(row)?),
        decision,
        created_by: row.created_by.clone(),
        created_at: row.created_at.clone(),
    })
}

fn adjustment_list(
    id: &str,
    book_id: &str,
    kind: BookingListKind,
    officer: &str,
    document: &LedgerDocument,
    differences: &[&Difference],
) -> BookingList {
    BookingList {
        id: id.to_string(),
        book_id: book_id.to_string(),
        kind,
        document: document.to_ref(),
        counterpart_book: None,
        approved_by: Some(officer.to_string()),
        lines: differences
            .iter()
            .enumerate()
            .map(|(index, d)| BookingLine {
                line_no: index as u32 + 1,
                material_no: d.material_no.clone(),
                quantity: d.quantity,
                counterpart: None,
            })
            .collect(),
    }
}

impl App {
    /// `POST /account-books/{id}/stocktakes`: the operator or a district officer records counts.
    pub async fn record_stocktake(
        &self,
        actor: &Actor,
        book_id: &str,
        mut request: StocktakeRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<StocktakeView>, AppError> {
        for count in &mut request.counts {
            count.quantity = count.quantity.normalize();
        }
        if request.id.trim().is_empty()
            || request.id.chars().count() > chuanyu_ledger::limits::REFERENCE_CHARS_MAX
        {
            return Err(AppError::validation(
                "/id",
                "missing_field",
                "a stocktake id of 1 to 64 characters is required",
            ));
        }
        let request_hash = content_hash("stocktake", &request);
        let at = timestamp_text(now());
        let (actor, book_id) = (actor.clone(), book_id.to_string());
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let book = locked_book(tx, &actor, &book_id)?;
                if !is_owner(&actor, &book) && !is_district_officer(&actor, &book) {
                    return Err(AppError::Forbidden(
                        "only the book's zone operator or an officer of its district records a stocktake"
                            .into(),
                    ));
                }
                if let Some(existing) = tx.stocktake(&book.id, &request.id)? {
                    if existing.request_hash != request_hash {
                        return Err(AppError::IdempotencyConflict);
                    }
                    let body =
                        serde_json::to_string(&stocktake_view(&existing)?).expect("views");
                    return Ok(Answer::Stored(201, body));
                }
                let state = load_for_closing(tx, &book)?;
                let counts: Vec<StocktakeCount> = request
                    .counts
                    .iter()
                    .map(|c| StocktakeCount {
                        material_no: c.material_no.clone(),
                        quantity: c.quantity,
                    })
                    .collect();
                let differences = reconcile(&state, &counts).map_err(findings)?;
                let row = StocktakeRow {
                    book_id: book.id.clone(),
                    id: request.id.clone(),
                    body: serde_json::to_string(&request).expect("requests serialize"),
                    differences: serde_json::to_string(&differences).expect("differences"),
                    request_hash: request_hash.clone(),
                    status: "open".into(),
                    decision: None,
                    decision_hash: None,
                    created_by: actor.code.clone(),
                    created_at: at.clone(),
                    updated_at: at.clone(),
                };
                tx.insert_stocktake(&row)?;
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let payload = serde_json::json!({
                    "stocktake_id": row.id, "document": request.document,
                    "counts": request.counts.len(), "differences": differences.len(),
                })
                .to_string();
                writing.event(&book, "record_stocktake", &payload)?;
                let view = stocktake_view(&row)?;
                let body = serde_json::to_string(&view).expect("views serialize");
                key_remember(tx, &actor, &key, 201, &body, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }

    pub async fn stocktake(
        &self,
        actor: &Actor,
        book_id: &str,
        id: &str,
    ) -> Result<StocktakeView, AppError> {
        let (actor, book_id, id) = (actor.clone(), book_id.to_string(), id.to_string());
        self.read(move |tx| {
            match tx.ledger_book(&book_id)? {
                Some(book) if can_see(&actor, &book) => {}
                _ => return Err(super::book_not_found()),
            }
            let row = tx
                .stocktake(&book_id, &id)?
                .ok_or_else(stocktake_not_found)?;
            stocktake_view(&row)
        })
        .await
    }

    /// `POST /account-books/{id}/stocktakes/{sid}/decision`: an officer of the district decides.
    pub async fn decide_stocktake(
        &self,
        actor: &Actor,
        book_id: &str,
        stocktake_id: &str,
        mut request: StocktakeDecisionRequest,
        key: Option<Idempotency>,
    ) -> Result<Outcome<StocktakeDecisionView>, AppError> {
        if let Some(levy) = &mut request.levy_duty {
            for value in &mut levy.values {
                value.unit_price = value.unit_price.normalize();
                value.total = value.total.normalize();
            }
        }
        let request_hash = content_hash("stocktake-decision", &request);
        let at_instant = now();
        let on = china_date(at_instant);
        let at = timestamp_text(at_instant);
        // Read the differences (fixed once recorded) and, to levy duty, validate and quote the
        // declaration outside the writer exactly as `POST /declarations` does.
        let (book, stocktake, items) = {
            let (actor, book_id, id) =
                (actor.clone(), book_id.to_string(), stocktake_id.to_string());
            self.read(move |tx| {
                let book = match tx.ledger_book(&book_id)? {
                    Some(book) if can_see(&actor, &book) => book,
                    _ => return Err(super::book_not_found()),
                };
                let row = tx
                    .stocktake(&book_id, &id)?
                    .ok_or_else(stocktake_not_found)?;
                let differences = differences_of(&row)?;
                let wanted: Vec<&str> =
                    differences.iter().map(|d| d.material_no.as_str()).collect();
                let items = tx.ledger_items_by_material(&book.id, &wanted)?;
                Ok((book, row, items))
            })
            .await?
        };
        officer_only(actor, &book)?;
        let differences = differences_of(&stocktake)?;
        let shortages: Vec<&Difference> = differences
            .iter()
            .filter(|d| d.kind == DifferenceKind::Shortage)
            .collect();
        let surpluses: Vec<&Difference> = differences
            .iter()
            .filter(|d| d.kind == DifferenceKind::Surplus)
            .collect();
        let mut found = Vec::new();
        let mut need = |present: bool, wanted: bool, path: &str, what: &str| {
            if wanted && !present {
                found.push(Finding {
                    path: path.into(),
                    code: "missing_field",
                    message: format!("the stocktake has {what}: name the list that books them"),
                });
            }
        };
        need(
            request.shortage_list_id.is_some(),
            !shortages.is_empty(),
            "/shortage_list_id",
            "shortages",
        );
        need(
            request.surplus_list_id.is_some(),
            !surpluses.is_empty(),
            "/surplus_list_id",
            "surpluses",
        );
        if request.levy_duty.is_some() && shortages.is_empty() {
            found.push(Finding {
                path: "/levy_duty".into(),
                code: "no_shortages",
                message: "duty is levied on shortages; this stocktake has none".into(),
            });
        }
        if !found.is_empty() {
            return Err(AppError::Validation(found));
        }
        let assessed = match (&request.levy_duty, &request.shortage_list_id) {
            (Some(levy), Some(list_id)) => {
                let mut lines = Vec::with_capacity(shortages.len());
                let mut missing = Vec::new();
                for (index, shortage) in shortages.iter().enumerate() {
                    match levy
                        .values
                        .iter()
                        .find(|v| v.material_no == shortage.material_no)
                    {
                        Some(value) => lines.push(ExitLineInput {
                            line_no: index as u32 + 1,
                            material_no: shortage.material_no.clone(),
                            quantity: shortage.quantity,
                            unit_price: value.unit_price,
                            total: value.total,
                        }),
                        None => missing.push(Finding {
                            path: "/levy_duty/values".into(),
                            code: "missing_field",
                            message: format!(
                                "the shortage of {} needs its value to levy duty",
                                shortage.material_no
                            ),
                        }),
                    }
                }
                if !missing.is_empty() {
                    return Err(AppError::Validation(missing));
                }
                let as_exit = SecondLineExitRequest {
                    list_id: list_id.clone(),
                    document: request.document.clone(),
                    goods_declaration: levy.goods_declaration.clone(),
                    lines,
                };
                let input = declaration_input(&book, &items, &as_exit)?;
                let assessed =
                    self.assess_before_lodging(input, on)
                        .map_err(|e| match exit_findings(e) {
                            AppError::Validation(found) => AppError::Validation(
                                found
                                    .into_iter()
                                    .map(|f| Finding {
                                        path: format!("/levy_duty{}", f.path),
                                        ..f
                                    })
                                    .collect(),
                            ),
                            other => other,
                        })?;
                Some(assessed)
            }
            _ => None,
        };
        let body = assessed
            .as_ref()
            .map(|a| serde_json::to_string(&a.declaration.input).expect("declarations"));
        let declaration_id = uuid::Uuid::now_v7().to_string();
        let (actor, book_id, stocktake_id) = (actor.clone(), book.id.clone(), stocktake.id.clone());
        let answer = self
            .write(move |tx| {
                if let Some((status, body)) = key_replay(tx, &actor, &key)? {
                    return Ok(Answer::Stored(status, body));
                }
                let mut book = locked_book(tx, &actor, &book_id)?;
                officer_only(&actor, &book)?;
                let mut row = tx
                    .stocktake(&book.id, &stocktake_id)?
                    .ok_or_else(stocktake_not_found)?;
                if row.status == "decided" {
                    return match (&row.decision_hash, &row.decision) {
                        (Some(hash), Some(decision)) if *hash == request_hash => {
                            Ok(Answer::Stored(200, decision.clone()))
                        }
                        _ => Err(AppError::Conflict {
                            code: "stocktake_decided",
                            message: format!("stocktake {} was already decided", row.id),
                        }),
                    };
                }
                let differences = differences_of(&row)?;
                let shortages: Vec<&Difference> = differences
                    .iter()
                    .filter(|d| d.kind == DifferenceKind::Shortage)
                    .collect();
                let surpluses: Vec<&Difference> = differences
                    .iter()
                    .filter(|d| d.kind == DifferenceKind::Surplus)
                    .collect();
                let materials: Vec<&str> =
                    differences.iter().map(|d| d.material_no.as_str()).collect();
                let list_ids: Vec<&str> = [&request.shortage_list_id, &request.surplus_list_id]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                let mut state = load_view(tx, &book, &materials, &list_ids)?;
                let writing = Writing {
                    tx,
                    actor: &actor,
                    at: &at,
                };
                let mut view = StocktakeDecisionView {
                    shortage: None,
                    surplus: None,
                    goods_declaration: None,
                };
                let prefixed = |prefix: &'static str| {
                    move |found: Vec<chuanyu_ledger::Finding>| {
                        findings(
                            found
                                .into_iter()
                                .map(|mut f| {
                                    f.path = format!("{prefix}{}", f.path);
                                    f
                                })
                                .collect(),
                        )
                    }
                };
                if let (Some(list_id), false) = (&request.shortage_list_id, shortages.is_empty()) {
                    let list = adjustment_list(
                        list_id,
                        &book.id,
                        BookingListKind::StocktakeDecrease,
                        &actor.code,
                        &request.document,
                        &shortages,
                    );
                    let movement = Movement::Book { list, on };
                    let effect = chuanyu_ledger::apply(&state, &movement)
                        .map_err(prefixed("/shortage_list"))?;
                    if let (Some(assessed), Some(body)) = (&assessed, &body) {
                        let declaration = create_in_job(
                            tx,
                            &declaration_id,
                            &actor.code,
                            &at,
                            &assessed.declaration,
                            body,
                            Some(assessed),
                        )?;
                        tx.insert_list_declaration(&ListDeclarationRow {
                            book_id: book.id.clone(),
                            list_id: list_id.clone(),
                            declaration_id: declaration.id.clone(),
                            declaration_number: declaration.number.clone().unwrap_or_default(),
                            created_at: at.clone(),
                        })?;
                        view.goods_declaration = Some(declaration);
                    }
                    let book_key = book.id.clone();
                    let link = view
                        .goods_declaration
                        .as_ref()
                        .map(|d| GoodsDeclarationRef {
                            id: d.id.clone(),
                            number: d.number.clone().unwrap_or_default(),
                        });
                    view.shortage = Some(writing.commit(
                        &mut book,
                        &mut state,
                        &movement,
                        &effect,
                        &request_hash,
                        |state, movement| {
                            let mut list =
                                list_view(&book_key, state.list(list_id).expect("booked"));
                            list.goods_declaration = link;
                            BookingView { movement, list }
                        },
                    )?);
                }
                if let (Some(list_id), false) = (&request.surplus_list_id, surpluses.is_empty()) {
                    let list = adjustment_list(
                        list_id,
                        &book.id,
                        BookingListKind::StocktakeIncrease,
                        &actor.code,
                        &request.document,
                        &surpluses,
                    );
                    let movement = Movement::Book { list, on };
                    let effect = chuanyu_ledger::apply(&state, &movement)
                        .map_err(prefixed("/surplus_list"))?;
                    let book_key = book.id.clone();
                    view.surplus = Some(writing.commit(
                        &mut book,
                        &mut state,
                        &movement,
                        &effect,
                        &request_hash,
                        |state, movement| BookingView {
                            movement,
                            list: list_view(&book_key, state.list(list_id).expect("booked")),
                        },
                    )?);
                }
                let response = serde_json::to_string(&view).expect("views serialize");
                row.status = "decided".into();
                row.decision = Some(response.clone());
                row.decision_hash = Some(request_hash.clone());
                row.updated_at = at.clone();
                if !tx.decide_stocktake(&row)? {
                    return Err(corrupt(format!(
                        "stocktake {} changed under its lock",
                        row.id
                    )));
                }
                let payload = serde_json::json!({
                    "stocktake_id": row.id, "document": request.document,
                    "shortage_list_id": request.shortage_list_id,
                    "surplus_list_id": request.surplus_list_id,
                    "goods_declaration": view.goods_declaration.as_ref().map(|d| d.id.clone()),
                })
                .to_string();
                writing.event(&book, "decide_stocktake", &payload)?;
                key_remember(tx, &actor, &key, 200, &response, &at)?;
                Ok(Answer::Fresh(view))
            })
            .await?;
        Ok(outcome(answer))
    }
}
