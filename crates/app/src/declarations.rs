//! Goods declaration use cases: create or lodge, read, list, and every lifecycle transition.
//!
//! Each mutating use case validates and computes outside the writer, then runs one writer job
//! that re-reads the current state, applies the transitions of the domain state machine, writes
//! the new projection, every audit event and the idempotency record — all or nothing.

use crate::facts;
use crate::rules::{ActiveRules, Decision};
use crate::tariffs::TariffState;
use crate::time::{china_date, now, timestamp_text};
use crate::views::*;
use crate::{Actor, App, AppError, Idempotency, Outcome};
use chuanyu_domain::declaration::{self, Declaration, DeclarationInput};
use chuanyu_domain::lifecycle::{self, Action, State};
use chuanyu_domain::{Finding, Role};
use chuanyu_risk::Lane;
use chuanyu_store::{DeclarationRow, IdempotentResponse, NewAuditEvent, Tx};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::sync::Arc;

pub fn stream_of(id: &str) -> String {
    format!("declaration/{id}")
}

/// Walks a declaration through transitions inside a writer job, one audit event each.
struct Walk<'a, 'c> {
    tx: &'a Tx<'c>,
    stream: String,
    at: String,
    actor: String,
    state: State,
    /// The stream's last event, so each step links without re-reading it.
    head: Option<(u64, [u8; 32])>,
}

impl<'a, 'c> Walk<'a, 'c> {
    /// Start walking an existing declaration's stream from its stored state.
    fn resume(
        tx: &'a Tx<'c>,
        id: &str,
        at: &str,
        actor: &str,
        row: &DeclarationRow,
    ) -> Result<Walk<'a, 'c>, AppError> {
        let stream = stream_of(id);
        let head = tx.audit_head(&stream)?;
        Ok(Walk {
            tx,
            stream,
            at: at.into(),
            actor: actor.into(),
            state: state_of(row)?,
            head,
        })
    }

    /// Record a transition; returns the sequence number of its audit event.
    fn step(
        &mut self,
        action: Action,
        reason: Option<&str>,
        payload: Option<&str>,
    ) -> Result<u64, AppError> {
        let to = lifecycle::transition(self.state, action)?;
        let event = NewAuditEvent {
            stream: &self.stream,
            at: &self.at,
            actor: &self.actor,
            action: action.as_str(),
            from_state: Some(self.state.as_str()),
            to_state: Some(to.as_str()),
            reason,
            payload,
        };
        let stored = self.tx.append_audit_after(&event, self.head)?;
        self.head = Some((stored.record.seq, stored.hash));
        self.state = to;
        Ok(stored.record.seq)
    }

    /// The event that opens a new declaration's stream.
    fn create(&mut self) -> Result<(), AppError> {
        assert!(self.head.is_none(), "create opens a new stream");
        let event = NewAuditEvent {
            stream: &self.stream,
            at: &self.at,
            actor: &self.actor,
            action: "create",
            from_state: None,
            to_state: Some(State::Draft.as_str()),
            reason: None,
            payload: None,
        };
        let stored = self.tx.append_audit_after(&event, None)?;
        self.head = Some((stored.record.seq, stored.hash));
        Ok(())
    }

    /// A step taken by the platform itself (automatic release …).
    fn system_step(&mut self, action: Action, reason: &str) -> Result<u64, AppError> {
        let actor = std::mem::replace(&mut self.actor, "system".into());
        let outcome = self.step(action, Some(reason), None);
        self.actor = actor;
        outcome
    }
}

/// Everything decided before the writer runs, for one lodgement or re-lodgement.
pub(crate) struct Assessed {
    pub(crate) declaration: Declaration,
    lodged_on: Date,
    rate: Decimal,
    tax_quote: String,
    pub(crate) tax_payable: Decimal,
    rules: Arc<ActiveRules>,
}

fn owner_forbidden() -> AppError {
    AppError::Forbidden("only the declarant or the consignee/consignor may do this".into())
}

fn officer_forbidden() -> AppError {
    AppError::Forbidden("only an officer of the declaration's district may do this".into())
}

fn check_reason(reason: &str) -> Result<(), AppError> {
    let chars = reason.trim().chars().count();
    if chars == 0 {
        return Err(AppError::validation(
            "/reason",
            "missing_field",
            "a reason is required",
        ));
    }
    if chars > chuanyu_domain::limits::REASON_CHARS_MAX {
        return Err(AppError::validation(
            "/reason",
            "string_too_long",
            format!(
                "{chars} characters; the limit is reason_chars_max = {}",
                chuanyu_domain::limits::REASON_CHARS_MAX
            ),
        ));
    }
    Ok(())
}

/// The stored answer for an idempotency key, or a conflict if the key came with another request.
fn replay(
    tx: &Tx<'_>,
    actor: &str,
    idempotency: &Option<Idempotency>,
) -> Result<Option<(u16, String)>, AppError> {
    let Some(idempotency) = idempotency else {
        return Ok(None);
    };
    match tx.idempotent_response(actor, &idempotency.key)? {
        None => Ok(None),
        Some(stored) if stored.request_hash == idempotency.request_hash => {
            Ok(Some((stored.status, stored.response)))
        }
        Some(_) => Err(AppError::IdempotencyConflict),
    }
}

fn remember(
    tx: &Tx<'_>,
    actor: &str,
    idempotency: &Option<Idempotency>,
    status: u16,
    view: &DeclarationView,
    at: &str,
) -> Result<(), AppError> {
    if let Some(idempotency) = idempotency {
        let response = serde_json::to_string(view).expect("views serialize");
        tx.save_idempotent_response(
            actor,
            &idempotency.key,
            &IdempotentResponse {
                request_hash: idempotency.request_hash.clone(),
                status,
                response,
            },
            at,
        )?;
    }
    Ok(())
}

fn body_of(tx: &Tx<'_>, row: &DeclarationRow) -> Result<Option<DeclarationDto>, AppError> {
    let Some(version) = tx.version(&row.id, row.current_version)? else {
        return Ok(None);
    };
    let input: DeclarationInput = serde_json::from_str(&version.body).map_err(|e| {
        chuanyu_store::StoreError::Corrupt(format!("declaration {} body: {e}", row.id))
    })?;
    Ok(Some(dto_of(input)))
}

fn dto_of(input: DeclarationInput) -> DeclarationDto {
    DeclarationDto {
        ie_flag: input.ie_flag,
        customs_office: input.customs_office,
        declarant_code: input.declarant_code,
        trader_code: input.trader_code,
        trade_mode: input.trade_mode,
        transport_mode: input.transport_mode,
        transport_means: input.transport_means,
        bill_of_lading: input.bill_of_lading,
        trading_country: input.trading_country,
        partner_country: input.partner_country,
        currency: input.currency,
        freight: input.freight,
        insurance: input.insurance,
        packages: input.packages,
        gross_weight_kg: input.gross_weight_kg,
        net_weight_kg: input.net_weight_kg,
        total_value: input.total_value,
        certificate_of_origin: input.certificate_of_origin,
        documents: input
            .documents
            .into_iter()
            .map(|d| DocumentDto {
                code: d.code,
                number: d.number,
            })
            .collect(),
        items: input
            .items
            .into_iter()
            .map(|i| ItemDto {
                hs_code: i.hs_code,
                description: i.description,
                quantity: i.quantity,
                unit: i.unit,
                legal_quantity: i.legal_quantity,
                legal_unit: i.legal_unit,
                unit_price: i.unit_price,
                total: i.total,
                origin_country: i.origin_country,
            })
            .collect(),
    }
}

/// Load a declaration inside a job; one the actor may not see does not exist for it.
fn load_visible(tx: &Tx<'_>, actor: &Actor, id: &str) -> Result<DeclarationRow, AppError> {
    match tx.declaration(id)? {
        Some(row) if actor.can_see(&row) => Ok(row),
        _ => Err(AppError::NotFound("declaration")),
    }
}

fn state_of(row: &DeclarationRow) -> Result<State, AppError> {
    State::parse(&row.state).ok_or_else(|| {
        chuanyu_store::StoreError::Corrupt(format!(
            "declaration {} has state {}",
            row.id, row.state
        ))
        .into()
    })
}

impl App {
    fn engines(&self) -> (Arc<ActiveRules>, Arc<TariffState>) {
        (
            self.rules.read().expect("rules lock").clone(),
            self.tariff.read().expect("tariff lock").clone(),
        )
    }

    /// Validate, then compute the tax quote (a missing tariff line or rate is a finding too).
    pub(crate) fn assess_before_lodging(
        &self,
        input: DeclarationInput,
        lodged_on: Date,
    ) -> Result<Assessed, AppError> {
        let (rules, tariff) = self.engines();
        assess_with(input, lodged_on, &self.reference, rules, &tariff)
    }

    /// `POST /declarations`: create a draft, or lodge at once (number, risk lane, tax or control).
    pub async fn create_declaration(
        &self,
        actor: &Actor,
        request: CreateDeclarationRequest,
        idempotency: Option<Idempotency>,
    ) -> Result<Outcome<DeclarationView>, AppError> {
        if !matches!(actor.role, Role::Declarant | Role::Trader) {
            return Err(AppError::Forbidden(
                "only declarants and traders lodge declarations".into(),
            ));
        }
        let input: DeclarationInput = request.declaration.into();
        if actor.code != input.declarant_code && actor.code != input.trader_code {
            return Err(AppError::Forbidden(format!(
                "{} may lodge only declarations where it is the declarant or the consignee/consignor",
                actor.code
            )));
        }
        let at_instant = now();
        let at = timestamp_text(at_instant);
        let id = uuid::Uuid::now_v7().to_string();
        let actor = actor.clone();
        // A draft is only validated; a lodgement is also quoted before the writer runs.
        let (declaration, assessed) = if request.lodge {
            let assessed = self.assess_before_lodging(input, china_date(at_instant))?;
            (assessed.declaration.clone(), Some(assessed))
        } else {
            (
                declaration::validate(input, &self.reference).map_err(AppError::Validation)?,
                None,
            )
        };
        let body = serde_json::to_string(&declaration.input).expect("declarations serialize");
        self.write(move |tx| {
            if let Some((status, body)) = replay(tx, &actor.code, &idempotency)? {
                return Ok(Outcome::Replayed { status, body });
            }
            let view = create_in_job(
                tx,
                &id,
                &actor.code,
                &at,
                &declaration,
                &body,
                assessed.as_ref(),
            )?;
            remember(tx, &actor.code, &idempotency, 201, &view, &at)?;
            Ok(Outcome::Fresh(view))
        })
        .await
    }

    /// `POST /declarations/{id}/lodge`: lodge a draft.
    pub async fn lodge_draft(
        &self,
        actor: &Actor,
        id: &str,
        idempotency: Option<Idempotency>,
    ) -> Result<Outcome<DeclarationView>, AppError> {
        let at_instant = now();
        let (row, body) = self.declaration_with_body(actor, id).await?;
        let body = body.ok_or(AppError::NotFound("declaration version"))?;
        if !actor.is_owner(&row) {
            return Err(owner_forbidden());
        }
        let assessed = self.assess_before_lodging(body.into(), china_date(at_instant))?;
        let at = timestamp_text(at_instant);
        let actor = actor.clone();
        let id = id.to_string();
        self.write(move |tx| {
            if let Some((status, body)) = replay(tx, &actor.code, &idempotency)? {
                return Ok(Outcome::Replayed { status, body });
            }
            let mut row = load_visible(tx, &actor, &id)?;
            let mut walk = Walk::resume(tx, &id, &at, &actor.code, &row)?;
            let decision = lodge_in_job(tx, &mut walk, &mut row, &assessed, None)?;
            row.updated_at = at.clone();
            tx.update_declaration(&row)?;
            let mut view = DeclarationView::from_row(&row, None);
            view.assessment = Some(serde_json::to_value(decision).expect("decisions serialize"));
            remember(tx, &actor.code, &idempotency, 200, &view, &at)?;
            Ok(Outcome::Fresh(view))
        })
        .await
    }

    /// `POST /declarations/{id}/amendments`: version n+1; a lodged declaration is assessed anew.
    pub async fn amend(
        &self,
        actor: &Actor,
        id: &str,
        request: AmendmentRequest,
        idempotency: Option<Idempotency>,
    ) -> Result<Outcome<DeclarationView>, AppError> {
        check_reason(&request.reason)?;
        let at_instant = now();
        let at = timestamp_text(at_instant);
        let (row, _) = self.declaration_with_body(actor, id).await?;
        if !actor.is_owner(&row) {
            return Err(owner_forbidden());
        }
        let input: DeclarationInput = request.declaration.into();
        let mut fixed = Vec::new();
        for (path, old, new) in [
            (
                "/customs_office",
                &row.customs_office,
                &input.customs_office,
            ),
            ("/ie_flag", &row.ie_flag, &input.ie_flag),
            (
                "/declarant_code",
                &row.declarant_code,
                &input.declarant_code,
            ),
        ] {
            if old != new {
                fixed.push(Finding {
                    path: path.into(),
                    code: "immutable_on_amendment",
                    message: format!(
                        "'{old}' cannot change to '{new}' by amendment: cancel and lodge anew"
                    ),
                });
            }
        }
        if !fixed.is_empty() {
            return Err(AppError::Validation(fixed));
        }
        let lodged_on = match &row.lodged_at {
            Some(text) => china_date(
                text.parse()
                    .map_err(|_| chuanyu_store::StoreError::Corrupt(format!("lodged_at {text}")))?,
            ),
            None => china_date(at_instant),
        };
        let draft = row.state == State::Draft.as_str();
        let assessed = if draft {
            None
        } else {
            Some(self.assess_before_lodging(input.clone(), lodged_on)?)
        };
        let validated = match &assessed {
            Some(assessed) => assessed.declaration.clone(),
            None => declaration::validate(input, &self.reference).map_err(AppError::Validation)?,
        };
        let body = serde_json::to_string(&validated.input).expect("declarations serialize");
        let actor = actor.clone();
        let id = id.to_string();
        let reason = request.reason;
        self.write(move |tx| {
            if let Some((status, body)) = replay(tx, &actor.code, &idempotency)? {
                return Ok(Outcome::Replayed { status, body });
            }
            let mut row = load_visible(tx, &actor, &id)?;
            let mut walk = Walk::resume(tx, &id, &at, &actor.code, &row)?;
            let version = row.current_version + 1;
            let payload = serde_json::json!({ "version": version }).to_string();
            walk.step(Action::Amend, Some(&reason), Some(&payload))?;
            tx.insert_version(&id, version, &body, &at, &actor.code)?;
            row.current_version = version;
            row.trader_code = validated.input.trader_code.clone();
            if let Some(assessed) = &assessed {
                let floor = row.lane.as_deref().and_then(Lane::parse);
                row.tax_payable = None;
                row.tax_seq = None;
                lodge_in_job(tx, &mut walk, &mut row, assessed, floor)?;
            }
            row.updated_at = at.clone();
            tx.update_declaration(&row)?;
            let view = DeclarationView::from_row(&row, Some(dto_of(validated.input.clone())));
            remember(tx, &actor.code, &idempotency, 200, &view, &at)?;
            Ok(Outcome::Fresh(view))
        })
        .await
    }

    /// `POST /declarations/{id}/control-result`: the officer's result of the check or inspection.
    pub async fn record_control_result(
        &self,
        actor: &Actor,
        id: &str,
        request: ControlResultRequest,
        idempotency: Option<Idempotency>,
    ) -> Result<Outcome<DeclarationView>, AppError> {
        check_reason(&request.remarks).map_err(|_| {
            AppError::validation(
                "/remarks",
                "missing_field",
                "remarks on what was checked are required",
            )
        })?;
        let due = if request.compliant {
            Some(self.tax_due(actor, id).await?)
        } else {
            None
        };
        self.transition_job(actor, id, idempotency, move |tx, walk, row, actor| {
            if !actor.is_district_officer(row) {
                return Err(officer_forbidden());
            }
            let payload =
                serde_json::json!({ "compliant": request.compliant, "remarks": request.remarks })
                    .to_string();
            if request.compliant {
                walk.step(
                    Action::RecordCompliantResult,
                    Some(&request.remarks),
                    Some(&payload),
                )?;
                // With the control done, taxes are assessed at the rates of the lodging date.
                assess_tax_in_job(
                    walk,
                    row,
                    due.as_ref().expect("computed for compliant results"),
                )?;
            } else {
                walk.step(
                    Action::RecordNonCompliantResult,
                    Some(&request.remarks),
                    Some(&payload),
                )?;
                tx.add_prior_hit(&row.trader_code)?;
            }
            Ok(())
        })
        .await
    }

    /// `POST /declarations/{id}/payment`: duties paid or guaranteed; release follows at once.
    pub async fn record_payment(
        &self,
        actor: &Actor,
        id: &str,
        request: PaymentRequest,
        idempotency: Option<Idempotency>,
    ) -> Result<Outcome<DeclarationView>, AppError> {
        if !matches!(request.method.as_str(), "paid" | "guaranteed") {
            return Err(AppError::validation(
                "/method",
                "invalid_payment_method",
                format!("'{}' is neither 'paid' nor 'guaranteed'", request.method),
            ));
        }
        check_reason(&request.reference).map_err(|_| {
            AppError::validation(
                "/reference",
                "missing_field",
                "a payment or guarantee reference is required",
            )
        })?;
        self.transition_job(actor, id, idempotency, move |_tx, walk, row, actor| {
            if !actor.is_owner(row) {
                return Err(owner_forbidden());
            }
            let payload = serde_json::json!({
                "method": request.method, "reference": request.reference, "amount_cny": row.tax_payable,
            })
            .to_string();
            walk.step(Action::RecordPayment, None, Some(&payload))?;
            walk.system_step(Action::Release, "controls complete and duties paid or guaranteed")?;
            Ok(())
        })
        .await
    }

    /// Cancel (declarant or officer), refuse, detain or lift a detention (officer), with a reason.
    pub async fn decide(
        &self,
        actor: &Actor,
        id: &str,
        action: Action,
        request: ReasonRequest,
        idempotency: Option<Idempotency>,
    ) -> Result<Outcome<DeclarationView>, AppError> {
        assert!(
            matches!(
                action,
                Action::Cancel | Action::Refuse | Action::Detain | Action::LiftDetention
            ),
            "decide takes only reasoned officer or owner actions"
        );
        check_reason(&request.reason)?;
        let due = if action == Action::LiftDetention {
            Some(self.tax_due(actor, id).await?)
        } else {
            None
        };
        self.transition_job(actor, id, idempotency, move |_tx, walk, row, actor| {
            let allowed = match action {
                Action::Cancel => actor.is_owner(row) || actor.is_district_officer(row),
                _ => actor.is_district_officer(row),
            };
            if !allowed {
                return Err(if action == Action::Cancel {
                    owner_forbidden()
                } else {
                    officer_forbidden()
                });
            }
            walk.step(action, Some(&request.reason), None)?;
            if let Some(due) = &due {
                assess_tax_in_job(walk, row, due)?;
            }
            Ok(())
        })
        .await
    }

    /// The common frame of a transition: replay, load what the actor may see, walk, write, remember.
    async fn transition_job(
        &self,
        actor: &Actor,
        id: &str,
        idempotency: Option<Idempotency>,
        mut decide: impl FnMut(
            &Tx<'_>,
            &mut Walk<'_, '_>,
            &mut DeclarationRow,
            &Actor,
        ) -> Result<(), AppError>
        + Send
        + 'static,
    ) -> Result<Outcome<DeclarationView>, AppError> {
        let at = timestamp_text(now());
        let actor = actor.clone();
        let id = id.to_string();
        self.write(move |tx| {
            if let Some((status, body)) = replay(tx, &actor.code, &idempotency)? {
                return Ok(Outcome::Replayed { status, body });
            }
            let mut row = load_visible(tx, &actor, &id)?;
            let mut walk = Walk::resume(tx, &id, &at, &actor.code, &row)?;
            decide(tx, &mut walk, &mut row, &actor)?;
            row.state = walk.state.as_str().into();
            row.updated_at = at.clone();
            tx.update_declaration(&row)?;
            let view = DeclarationView::from_row(&row, None);
            remember(tx, &actor.code, &idempotency, 200, &view, &at)?;
            Ok(Outcome::Fresh(view))
        })
        .await
    }

    /// The tax of a declaration's current version at the rates of its lodging date, computed
    /// before the writer runs; the job checks the version is still current.
    async fn tax_due(&self, actor: &Actor, id: &str) -> Result<TaxDue, AppError> {
        let (row, body) = self.declaration_with_body(actor, id).await?;
        let body = body.ok_or(AppError::NotFound("declaration version"))?;
        let lodged_on = match &row.lodged_at {
            Some(text) => china_date(
                text.parse()
                    .map_err(|_| chuanyu_store::StoreError::Corrupt(format!("lodged_at {text}")))?,
            ),
            None => {
                return Err(AppError::Transition(lifecycle::TransitionError {
                    from: State::Draft,
                    action: Action::AssessTax,
                }));
            }
        };
        let assessed = self.assess_before_lodging(body.into(), lodged_on)?;
        Ok(TaxDue {
            version: row.current_version,
            quote: assessed.tax_quote,
            payable: assessed.tax_payable,
        })
    }

    async fn declaration_with_body(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<(DeclarationRow, Option<DeclarationDto>), AppError> {
        let actor = actor.clone();
        let id = id.to_string();
        self.read(move |tx| {
            let row = load_visible(tx, &actor, &id)?;
            let body = body_of(tx, &row)?;
            Ok((row, body))
        })
        .await
    }

    /// `GET /declarations/{id}`: the projection, the current version, and the explanations of
    /// the latest lane and tax decisions (read from the audit events that carry them).
    pub async fn declaration(&self, actor: &Actor, id: &str) -> Result<DeclarationView, AppError> {
        let actor = actor.clone();
        let id = id.to_string();
        self.read(move |tx| {
            let row = load_visible(tx, &actor, &id)?;
            let mut view = DeclarationView::from_row(&row, body_of(tx, &row)?);
            let stream = stream_of(&id);
            let payload = |seq: Option<u64>| -> Result<Option<serde_json::Value>, AppError> {
                let Some(seq) = seq else { return Ok(None) };
                let event = tx.audit_event(&stream, seq)?;
                Ok(event
                    .and_then(|e| e.record.payload)
                    .and_then(|p| serde_json::from_str(&p).ok()))
            };
            view.assessment = payload(row.assessment_seq)?;
            view.tax = payload(row.tax_seq)?;
            Ok(view)
        })
        .await
    }

    /// `GET /declarations/{id}/versions/{n}`: any earlier version, unchanged.
    pub async fn declaration_version(
        &self,
        actor: &Actor,
        id: &str,
        version: u32,
    ) -> Result<DeclarationDto, AppError> {
        let actor = actor.clone();
        let id = id.to_string();
        self.read(move |tx| {
            load_visible(tx, &actor, &id)?;
            let stored = tx
                .version(&id, version)?
                .ok_or(AppError::NotFound("declaration version"))?;
            let input: DeclarationInput = serde_json::from_str(&stored.body).map_err(|e| {
                chuanyu_store::StoreError::Corrupt(format!(
                    "declaration {id} version {version}: {e}"
                ))
            })?;
            Ok(dto_of(input))
        })
        .await
    }

    /// `GET /declarations`: the page of declarations the actor may see.
    pub async fn declarations(
        &self,
        actor: &Actor,
        after: Option<String>,
        limit: Option<u32>,
    ) -> Result<DeclarationPage, AppError> {
        let limit = limit.unwrap_or(self.options.page_size_default);
        if limit == 0 || limit > self.options.page_size_max {
            return Err(AppError::validation(
                "/limit",
                "page_size_out_of_range",
                format!(
                    "limit must be 1..={} (page_size_max)",
                    self.options.page_size_max
                ),
            ));
        }
        let visibility = actor.visibility();
        self.read(move |tx| {
            let rows = tx.declarations(&visibility, after.as_deref(), limit)?;
            let next = (rows.len() as u32 == limit)
                .then(|| rows.last().map(|r| r.id.clone()))
                .flatten();
            Ok(DeclarationPage {
                items: rows
                    .iter()
                    .map(|row| DeclarationView::from_row(row, None))
                    .collect(),
                next,
            })
        })
        .await
    }

    /// `GET /declarations/{id}/audit`: the declaration's hash-chained events.
    pub async fn declaration_audit(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<Vec<AuditEventView>, AppError> {
        let actor = actor.clone();
        let id = id.to_string();
        self.read(move |tx| {
            load_visible(tx, &actor, &id)?;
            Ok(tx
                .audit_stream(&stream_of(&id))?
                .into_iter()
                .map(audit_view)
                .collect())
        })
        .await
    }
}

pub fn audit_view(event: chuanyu_domain::audit::StoredEvent) -> AuditEventView {
    AuditEventView {
        seq: event.record.seq,
        at: event.record.at,
        actor: event.record.actor,
        action: event.record.action,
        from_state: event.record.from_state,
        to_state: event.record.to_state,
        reason: event.record.reason,
        payload: event
            .record
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok()),
        prev_hash: chuanyu_domain::audit::hex(&event.prev_hash),
        hash: chuanyu_domain::audit::hex(&event.hash),
    }
}

/// [`App::assess_before_lodging`] with the engines passed in (a writer job that builds a
/// declaration from what it reads — the CBEC export summary — uses its own snapshots).
pub(crate) fn assess_with(
    input: DeclarationInput,
    lodged_on: Date,
    reference: &chuanyu_domain::ReferenceData,
    rules: Arc<ActiveRules>,
    tariff: &TariffState,
) -> Result<Assessed, AppError> {
    let declaration = declaration::validate(input, reference).map_err(AppError::Validation)?;
    let (Some(tariff_lines), Some(rates)) = (tariff.tariff.as_ref(), tariff.rates.as_ref()) else {
        return Err(AppError::Unavailable(
            "no tariff or exchange rates are loaded; import them with `chuanyu tariff import` / `chuanyu tariff rates` \
             (or start with --demo for the sample ones)"
                .into(),
        ));
    };
    let rate = facts::exchange_rate(rates, &declaration.input.currency, lodged_on)?;
    let request = facts::tax_request(&declaration, reference, lodged_on);
    let quote = chuanyu_tariff::quote(tariff_lines, rates, &request).map_err(|error| {
        let path = match error.item() {
            Some(index) => format!("/items/{index}/hs_code"),
            None => "/items".to_string(),
        };
        AppError::Validation(vec![Finding {
            path,
            code: error.code(),
            message: error.to_string(),
        }])
    })?;
    Ok(Assessed {
        declaration,
        lodged_on,
        rate,
        tax_payable: quote.total_payable,
        tax_quote: serde_json::to_string(&quote).expect("quotes serialize"),
        rules,
    })
}

/// Inside a writer job: create a declaration (version 1, its stream) and, with `assessed`, lodge
/// it at once (number, risk lane, tax or control). The one path of `POST /declarations`; a
/// second-line exit of an account book calls it in the savepoint of its ledger movement.
pub(crate) fn create_in_job(
    tx: &Tx<'_>,
    id: &str,
    actor_code: &str,
    at: &str,
    declaration: &Declaration,
    body: &str,
    assessed: Option<&Assessed>,
) -> Result<DeclarationView, AppError> {
    let mut row = DeclarationRow {
        id: id.to_string(),
        number: None,
        customs_office: declaration.input.customs_office.clone(),
        district: declaration.district.clone(),
        ie_flag: declaration.ie_flag.as_str().into(),
        declarant_code: declaration.input.declarant_code.clone(),
        trader_code: declaration.input.trader_code.clone(),
        state: State::Draft.as_str().into(),
        lane: None,
        current_version: 1,
        tax_payable: None,
        assessment_seq: None,
        tax_seq: None,
        created_at: at.to_string(),
        updated_at: at.to_string(),
        lodged_at: None,
    };
    tx.insert_declaration(&row)?;
    tx.insert_version(id, 1, body, at, actor_code)?;
    let mut walk = Walk {
        tx,
        stream: stream_of(id),
        at: at.to_string(),
        actor: actor_code.to_string(),
        state: State::Draft,
        head: None,
    };
    walk.create()?;
    Ok(match assessed {
        Some(assessed) => {
            let decision = lodge_in_job(tx, &mut walk, &mut row, assessed, None)?;
            tx.update_declaration(&row)?;
            let mut view = DeclarationView::from_row(&row, None);
            view.assessment = Some(serde_json::to_value(decision).expect("decisions serialize"));
            view
        }
        None => DeclarationView::from_row(&row, None),
    })
}

/// A tax quote computed outside the writer for a given version of a declaration.
struct TaxDue {
    version: u32,
    quote: String,
    payable: Decimal,
}

/// Assess the tax (the quote is the event's payload), then settle at once if nothing is due.
fn assess_tax_in_job(
    walk: &mut Walk<'_, '_>,
    row: &mut DeclarationRow,
    due: &TaxDue,
) -> Result<(), AppError> {
    if row.current_version != due.version {
        return Err(AppError::Conflict {
            code: "concurrent_amendment",
            message: format!(
                "version {} was amended while the tax was computed; try again",
                due.version
            ),
        });
    }
    let seq = walk.step(Action::AssessTax, None, Some(&due.quote))?;
    row.tax_seq = Some(seq);
    row.tax_payable = Some(due.payable.to_string());
    settle_if_nothing_due(walk, row)
}

/// With nothing to pay, the declaration is settled and released by the platform at once.
fn settle_if_nothing_due(walk: &mut Walk<'_, '_>, row: &DeclarationRow) -> Result<(), AppError> {
    let nothing_due = row
        .tax_payable
        .as_deref()
        .and_then(|t| t.parse::<Decimal>().ok())
        .is_some_and(|t| t.is_zero());
    if nothing_due {
        walk.system_step(Action::RecordPayment, "no tax payable")?;
        walk.system_step(Action::Release, "controls complete and nothing payable")?;
    }
    Ok(())
}

/// Inside a writer job: number (first lodgement only), risk lane, then control or tax.
/// `lane_floor` keeps an amendment from lowering the lane it already had.
fn lodge_in_job(
    tx: &Tx<'_>,
    walk: &mut Walk<'_, '_>,
    row: &mut DeclarationRow,
    assessed: &Assessed,
    lane_floor: Option<Lane>,
) -> Result<Decision, AppError> {
    if walk.state == State::Draft {
        walk.step(Action::Lodge, None, None)?;
    }
    if row.number.is_none() {
        let year = assessed.lodged_on.year();
        let sequence = tx.next_declaration_sequence(&row.customs_office, year)?;
        row.number = Some(declaration::declaration_number(
            &row.customs_office,
            year,
            assessed.declaration.ie_flag,
            sequence,
        ));
        row.lodged_at = Some(walk.at.clone());
    }
    let trader = tx.party_by_code(&row.trader_code)?;
    let risk_facts = facts::risk_facts(
        &row.id,
        &assessed.declaration,
        assessed.rate,
        facts::party_facts(trader.as_ref()),
    );
    let decision = assessed
        .rules
        .assess(&risk_facts, assessed.lodged_on, lane_floor);
    let payload = serde_json::to_string(&decision).expect("assessments serialize");
    row.assessment_seq =
        Some(walk.step(Action::AssessRisk, Some(&decision.reason), Some(&payload))?);
    row.lane = Some(decision.lane.as_str().into());
    match decision.lane {
        Lane::Red => {
            walk.step(Action::RouteToInspection, Some(&decision.reason), None)?;
        }
        Lane::Yellow => {
            walk.step(
                Action::RouteToDocumentaryCheck,
                Some(&decision.reason),
                None,
            )?;
        }
        Lane::Green | Lane::Blue => {
            let due = TaxDue {
                version: row.current_version,
                quote: assessed.tax_quote.clone(),
                payable: assessed.tax_payable,
            };
            assess_tax_in_job(walk, row, &due)?;
        }
    }
    row.state = walk.state.as_str().into();
    Ok(decision)
}
