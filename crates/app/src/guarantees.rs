//! CBEC tax guarantees (issue 5): guarantee accounts issued by banks, insurers and non-bank
//! institutions (the guarantor role) for a withholding agent — the enterprise a list's
//! `assureCode` names —, what is reserved against them, and the monthly settlement that pays
//! the matured tax bills of an agent and releases their reservations.
//!
//! Every change is one writer job with its audit event (stream `guarantee/{id}` or
//! `cbec-settlement/{agent}/{month}`); issuing or raising a guarantee resumes the agent's held
//! lists in the same job.

use crate::cbec::CBEC_RETURN_WINDOW_DAYS;
use crate::time::{china_day_start, now, timestamp_text};
use crate::{Actor, App, AppError};
use chuanyu_domain::{Finding, Role};
use chuanyu_store::{GuaranteeRow, NewAuditEvent, SettlementRow, TaxBillRow, Tx};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Longest guarantee reference, in characters.
pub const GUARANTEE_ID_CHARS_MAX: usize = 64;
/// Largest amount one guarantee may secure, in CNY (10 billion).
pub const GUARANTEE_AMOUNT_MAX_CNY: i64 = 10_000_000_000;
/// Most reservations the detail of one guarantee lists.
pub const GUARANTEE_RESERVATIONS_SHOWN_MAX: usize = 1_000;
/// The kinds of guarantor (measure 9 admits non-bank institutions).
pub const GUARANTEE_KINDS: [&str; 3] = ["bank", "insurance", "non_bank"];

/// `POST /guarantees`: a guarantor issues a guarantee account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGuarantee {
    /// The guarantor's reference (letters, digits, `-`, `_`; unique).
    pub id: String,
    /// The enterprise secured: the code a list's `assureCode` carries.
    pub principal: String,
    /// `bank`, `insurance` or `non_bank`.
    pub kind: String,
    /// Amount secured, CNY with at most 2 decimals.
    #[schema(value_type = String)]
    pub amount_cny: Decimal,
    /// First and last day of validity (China calendar, inclusive).
    #[schema(value_type = String, format = Date)]
    pub valid_from: Date,
    #[schema(value_type = String, format = Date)]
    pub valid_to: Date,
}

/// `POST /guarantees/{id}/adjust`: the issuing guarantor changes the amount, extends or
/// shortens the validity, or revokes a guarantee with nothing reserved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuaranteeAdjustment {
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub amount_cny: Option<Decimal>,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub valid_to: Option<Date>,
    /// `true` revokes the guarantee (refused while anything is reserved on it).
    #[serde(default)]
    pub revoke: bool,
}

/// One reservation on a guarantee: a list's tax bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReservationView {
    pub list_id: String,
    pub tax_no: String,
    pub amount_cny: String,
    /// `reserved`, `settled` or `void`.
    pub state: String,
    pub released_at: Option<String>,
    pub settlement_id: Option<String>,
}

/// A guarantee account and its balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GuaranteeView {
    pub id: String,
    pub guarantor: String,
    pub principal: String,
    pub kind: String,
    pub amount_cny: String,
    pub reserved_cny: String,
    /// `amount − reserved`: what further tax it can secure.
    pub balance_cny: String,
    pub valid_from: String,
    pub valid_to: String,
    /// `active` or `revoked`.
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
    /// Tax bills reserved on it (detail view only), oldest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reservations: Option<Vec<ReservationView>>,
    /// Held lists that resumed because of this change (issue and adjust only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resumed_lists: Option<usize>,
}

/// `POST /cbec/settlements`: settle one agent's month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettlementRequest {
    /// The withholding agent (`assureCode`).
    pub assure_code: String,
    /// `YYYY-MM`: the China calendar month the lists were released in.
    pub month: String,
}

/// A monthly settlement: what the agent pays, bill by bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SettlementView {
    pub id: String,
    pub assure_code: String,
    pub month: String,
    pub bills: i64,
    pub total_cny: String,
    pub settled_by: String,
    pub created_at: String,
    /// True when the month had already been settled (nothing changed).
    pub replayed: bool,
}

fn cny(fen: i64) -> String {
    Decimal::new(fen, 2).to_string()
}

fn view(g: &GuaranteeRow) -> GuaranteeView {
    GuaranteeView {
        id: g.id.clone(),
        guarantor: g.guarantor.clone(),
        principal: g.principal.clone(),
        kind: g.kind.clone(),
        amount_cny: cny(g.amount_fen),
        reserved_cny: cny(g.reserved_fen),
        balance_cny: cny(g.amount_fen - g.reserved_fen),
        valid_from: g.valid_from.clone(),
        valid_to: g.valid_to.clone(),
        status: g.status.clone(),
        created_at: g.created_at.clone(),
        updated_at: g.updated_at.clone(),
        reservations: None,
        resumed_lists: None,
    }
}

fn reservation(b: &TaxBillRow) -> ReservationView {
    ReservationView {
        list_id: b.list_id.clone(),
        tax_no: b.tax_no.clone(),
        amount_cny: cny(b.total_fen),
        state: b.state.clone(),
        released_at: b.released_at.clone(),
        settlement_id: b.settlement_id.clone(),
    }
}

fn settlement_view(s: &SettlementRow, replayed: bool) -> SettlementView {
    SettlementView {
        id: s.id.clone(),
        assure_code: s.assure_code.clone(),
        month: s.month.clone(),
        bills: s.bills,
        total_cny: cny(s.total_fen),
        settled_by: s.settled_by.clone(),
        created_at: s.created_at.clone(),
        replayed,
    }
}

/// Exact whole fen of a positive CNY amount with at most 2 decimals, within the limit.
fn amount_fen(path: &str, amount: Decimal, findings: &mut Vec<Finding>) -> i64 {
    let mut bad = |code: &'static str, message: String| {
        findings.push(Finding {
            path: path.into(),
            code,
            message,
        })
    };
    if amount.normalize().scale() > 2 {
        bad(
            "too_many_decimals",
            format!("{amount} has more than 2 decimals (fen)"),
        );
        return 0;
    }
    if amount <= Decimal::ZERO || amount > Decimal::from(GUARANTEE_AMOUNT_MAX_CNY) {
        bad(
            "out_of_range",
            format!(
                "{amount} must be above 0 and at most {GUARANTEE_AMOUNT_MAX_CNY} CNY (guarantee_amount_max_cny)"
            ),
        );
        return 0;
    }
    let scaled = amount * Decimal::ONE_HUNDRED;
    i64::try_from(scaled.mantissa() / 10i128.pow(scaled.scale())).unwrap_or(0)
}

fn can_see(actor: &Actor, g: &GuaranteeRow) -> bool {
    match actor.role {
        Role::Admin | Role::Officer | Role::RiskAnalyst => true,
        _ => actor.code == g.guarantor || actor.code == g.principal,
    }
}

fn audit(
    tx: &Tx<'_>,
    stream: &str,
    at: &str,
    actor: &str,
    action: &str,
    reason: &str,
    payload: Option<&str>,
) -> Result<(), AppError> {
    tx.append_audit(&NewAuditEvent {
        stream,
        at,
        actor,
        action,
        from_state: None,
        to_state: None,
        reason: Some(reason),
        payload,
    })?;
    Ok(())
}

/// The first instant of a `YYYY-MM` China month and of the next one.
fn month_bounds(month: &str) -> Option<(Timestamp, Timestamp)> {
    let (y, m) = month.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let first = Date::new(y.parse().ok()?, m.parse().ok()?, 1).ok()?;
    let next = first.checked_add(jiff::Span::new().months(1)).ok()?;
    Some((china_day_start(first), china_day_start(next)))
}

impl App {
    /// `POST /guarantees` (guarantor role): issue a guarantee account. Re-sending the same
    /// guarantee returns it unchanged; the same id with other terms is refused.
    pub async fn issue_guarantee(
        &self,
        actor: &Actor,
        new: NewGuarantee,
    ) -> Result<(GuaranteeView, bool), AppError> {
        if actor.role != Role::Guarantor {
            return Err(AppError::Forbidden(
                "only a guarantor (bank, insurer or non-bank institution) issues guarantees".into(),
            ));
        }
        let mut findings = Vec::new();
        let id_ok = !new.id.is_empty()
            && new.id.chars().count() <= GUARANTEE_ID_CHARS_MAX
            && new
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !id_ok {
            findings.push(Finding {
                path: "/id".into(),
                code: "invalid_format",
                message: format!(
                    "1..={GUARANTEE_ID_CHARS_MAX} letters, digits, '-' or '_' (guarantee_id_chars_max)"
                ),
            });
        }
        if !GUARANTEE_KINDS.contains(&new.kind.as_str()) {
            findings.push(Finding {
                path: "/kind".into(),
                code: "unknown_code",
                message: format!(
                    "{:?} is not one of {}",
                    new.kind,
                    GUARANTEE_KINDS.join(", ")
                ),
            });
        }
        let fen = amount_fen("/amount_cny", new.amount_cny, &mut findings);
        if new.valid_to < new.valid_from {
            findings.push(Finding {
                path: "/valid_to".into(),
                code: "invalid_period",
                message: format!("{} is before valid_from {}", new.valid_to, new.valid_from),
            });
        }
        let principal = new.principal.clone();
        let party = self
            .read(move |tx| Ok(tx.party_by_code(&principal)?))
            .await?;
        match party {
            None => findings.push(Finding {
                path: "/principal".into(),
                code: "unknown_party",
                message: format!("{:?} is not a registered enterprise", new.principal),
            }),
            Some(p) if !matches!(p.role.as_str(), "platform" | "trader" | "logistics") => {
                findings.push(Finding {
                    path: "/principal".into(),
                    code: "not_a_withholding_agent",
                    message: format!(
                        "{} is a {}; an assureCode names a platform, an e-commerce enterprise or a logistics firm",
                        p.code, p.role
                    ),
                })
            }
            Some(_) => {}
        }
        if !findings.is_empty() {
            return Err(AppError::Validation(findings));
        }
        let at = now();
        let ctx = self.cbec_ctx(&actor.code, at);
        let actor = actor.clone();
        self.write(move |tx| {
            let at_text = timestamp_text(at);
            let row = GuaranteeRow {
                id: new.id.clone(),
                guarantor: actor.code.clone(),
                principal: new.principal.clone(),
                kind: new.kind.clone(),
                amount_fen: fen,
                reserved_fen: 0,
                valid_from: new.valid_from.to_string(),
                valid_to: new.valid_to.to_string(),
                status: "active".into(),
                created_at: at_text.clone(),
                updated_at: at_text.clone(),
            };
            if let Some(existing) = tx.guarantee_for_update(&row.id)? {
                let same = existing.guarantor == row.guarantor
                    && existing.principal == row.principal
                    && existing.kind == row.kind
                    && existing.amount_fen == row.amount_fen
                    && existing.valid_from == row.valid_from
                    && existing.valid_to == row.valid_to;
                if same {
                    return Ok((view(&existing), false));
                }
                return Err(AppError::Conflict {
                    code: "guarantee_exists",
                    message: format!(
                        "guarantee {} exists with other terms; change it with POST /api/v1/guarantees/{}/adjust",
                        row.id, row.id
                    ),
                });
            }
            tx.insert_guarantee(&row)?;
            let payload = serde_json::to_string(&new).expect("guarantees serialize");
            audit(
                tx,
                &format!("guarantee/{}", row.id),
                &at_text,
                &actor.code,
                "issue_guarantee",
                &format!(
                    "{} guarantee of {} CNY for {} valid {}..{}",
                    row.kind,
                    cny(row.amount_fen),
                    row.principal,
                    row.valid_from,
                    row.valid_to
                ),
                Some(&payload),
            )?;
            let resumed = crate::cbec::resume_held(tx, &ctx, &row.principal)?;
            let mut v = view(&tx.guarantee(&row.id)?.unwrap_or(row));
            v.resumed_lists = Some(resumed);
            Ok((v, true))
        })
        .await
    }

    /// `POST /guarantees/{id}/adjust`: the issuing guarantor changes a guarantee; raising it
    /// resumes held lists of its principal.
    pub async fn adjust_guarantee(
        &self,
        actor: &Actor,
        id: &str,
        change: GuaranteeAdjustment,
    ) -> Result<GuaranteeView, AppError> {
        let mut findings = Vec::new();
        let fen = change
            .amount_cny
            .map(|a| amount_fen("/amount_cny", a, &mut findings));
        if change.amount_cny.is_none() && change.valid_to.is_none() && !change.revoke {
            findings.push(Finding {
                path: "".into(),
                code: "missing_field",
                message: "give amount_cny, valid_to or revoke".into(),
            });
        }
        if !findings.is_empty() {
            return Err(AppError::Validation(findings));
        }
        let at = now();
        let ctx = self.cbec_ctx(&actor.code, at);
        let (actor, id) = (actor.clone(), id.to_string());
        self.write(move |tx| {
            let at_text = timestamp_text(at);
            let mut g = tx
                .guarantee_for_update(&id)?
                .filter(|g| can_see(&actor, g))
                .ok_or(AppError::NotFound("guarantee"))?;
            if actor.code != g.guarantor {
                return Err(AppError::Forbidden(
                    "only the guarantor that issued a guarantee may change it".into(),
                ));
            }
            if g.status != "active" {
                return Err(AppError::Conflict {
                    code: "guarantee_revoked",
                    message: format!("guarantee {id} is revoked"),
                });
            }
            let before = view(&g);
            if let Some(fen) = fen {
                if fen < g.reserved_fen {
                    return Err(AppError::Conflict {
                        code: "guarantee_below_reserved",
                        message: format!(
                            "guarantee {id} has {} CNY reserved; it cannot secure less",
                            cny(g.reserved_fen)
                        ),
                    });
                }
                g.amount_fen = fen;
            }
            if let Some(to) = change.valid_to {
                if to.to_string() < g.valid_from {
                    return Err(AppError::validation(
                        "/valid_to",
                        "invalid_period",
                        format!("{to} is before valid_from {}", g.valid_from),
                    ));
                }
                g.valid_to = to.to_string();
            }
            if change.revoke {
                if g.reserved_fen > 0 {
                    return Err(AppError::Conflict {
                        code: "guarantee_in_use",
                        message: format!(
                            "guarantee {id} still secures {} CNY of tax bills",
                            cny(g.reserved_fen)
                        ),
                    });
                }
                g.status = "revoked".into();
            }
            g.updated_at = at_text.clone();
            tx.update_guarantee(&g)?;
            let payload = serde_json::to_string(&change).expect("adjustments serialize");
            audit(
                tx,
                &format!("guarantee/{id}"),
                &at_text,
                &actor.code,
                if change.revoke {
                    "revoke_guarantee"
                } else {
                    "adjust_guarantee"
                },
                &format!(
                    "amount {} → {} CNY, valid to {} → {}, status {} → {}",
                    before.amount_cny,
                    cny(g.amount_fen),
                    before.valid_to,
                    g.valid_to,
                    before.status,
                    g.status
                ),
                Some(&payload),
            )?;
            let resumed = crate::cbec::resume_held(tx, &ctx, &g.principal)?;
            let mut v = view(&tx.guarantee(&id)?.unwrap_or(g));
            v.resumed_lists = Some(resumed);
            Ok(v)
        })
        .await
    }

    /// `GET /guarantees`: a guarantor sees what it issued, an enterprise what secures it,
    /// officers, analysts and administrators everything.
    pub async fn guarantees(&self, actor: &Actor) -> Result<Vec<GuaranteeView>, AppError> {
        let party = match actor.role {
            Role::Admin | Role::Officer | Role::RiskAnalyst => None,
            _ => Some(actor.code.clone()),
        };
        let rows = self
            .read(move |tx| Ok(tx.guarantees(party.as_deref())?))
            .await?;
        Ok(rows.iter().map(view).collect())
    }

    /// `GET /guarantees/{id}`: one guarantee with its reservations.
    pub async fn guarantee(&self, actor: &Actor, id: &str) -> Result<GuaranteeView, AppError> {
        let id = id.to_string();
        let (g, bills) = self
            .read(move |tx| {
                let g = tx.guarantee(&id)?;
                let bills = match &g {
                    Some(_) => tx.tax_bills_of_guarantee(&id)?,
                    None => Vec::new(),
                };
                Ok((g, bills))
            })
            .await?;
        let g = g
            .filter(|g| can_see(actor, g))
            .ok_or(AppError::NotFound("guarantee"))?;
        let mut v = view(&g);
        v.reservations = Some(
            bills
                .iter()
                .take(GUARANTEE_RESERVATIONS_SHOWN_MAX)
                .map(reservation)
                .collect(),
        );
        Ok(v)
    }

    /// `POST /cbec/settlements` and `chuanyu cbec settle`: settle what a withholding agent owes
    /// for the lists released in a month, once every one of them is past its return window.
    pub async fn settle_cbec(
        &self,
        actor: &Actor,
        request: SettlementRequest,
    ) -> Result<SettlementView, AppError> {
        self.settle_cbec_at(actor, request, now()).await
    }

    /// [`App::settle_cbec`] at a given instant (tests, and re-running a batch as of a date).
    pub async fn settle_cbec_at(
        &self,
        actor: &Actor,
        request: SettlementRequest,
        at: Timestamp,
    ) -> Result<SettlementView, AppError> {
        if !matches!(actor.role, Role::Officer | Role::Admin) {
            return Err(AppError::Forbidden(
                "only an officer or an administrator runs a tax settlement".into(),
            ));
        }
        let Some((start, end)) = month_bounds(&request.month) else {
            return Err(AppError::validation(
                "/month",
                "invalid_format",
                format!("{:?} is not a month YYYY-MM", request.month),
            ));
        };
        let matured = end
            .checked_add(SignedDuration::from_hours(24 * CBEC_RETURN_WINDOW_DAYS))
            .map_err(|_| AppError::validation("/month", "out_of_range", "month too far"))?;
        if at < matured {
            return Err(AppError::Conflict {
                code: "settlement_month_open",
                message: format!(
                    "lists released in {} may be returned or cancelled until {}; settle after that",
                    request.month,
                    timestamp_text(matured)
                ),
            });
        }
        let ctx = self.cbec_ctx(&actor.code, at);
        let actor = actor.clone();
        let (start, end) = (timestamp_text(start), timestamp_text(end));
        self.write(move |tx| {
            if let Some(existing) = tx.settlement(&request.assure_code, &request.month)? {
                return Ok(settlement_view(&existing, true));
            }
            let id = format!("{}-{}", request.assure_code, request.month);
            let mut bills = 0i64;
            let mut total = 0i64;
            for mut bill in tx.tax_bills_of_agent(&request.assure_code, "reserved")? {
                let Some(released) = bill.released_at.clone() else {
                    continue;
                };
                if released < start || released >= end {
                    continue;
                }
                if let Some(g) = &bill.guarantee_id {
                    tx.release_guarantee(g, bill.total_fen, &ctx.at_text)?;
                }
                bill.state = "settled".into();
                bill.settlement_id = Some(id.clone());
                bill.updated_at = ctx.at_text.clone();
                tx.update_tax_bill(&bill)?;
                crate::cbec::bill_settled(tx, &ctx, &bill)?;
                bills += 1;
                total += bill.total_fen;
            }
            let row = SettlementRow {
                id: id.clone(),
                assure_code: request.assure_code.clone(),
                month: request.month.clone(),
                bills,
                total_fen: total,
                settled_by: actor.code.clone(),
                created_at: ctx.at_text.clone(),
            };
            tx.insert_settlement(&row)?;
            audit(
                tx,
                &format!("cbec-settlement/{id}"),
                &ctx.at_text,
                &actor.code,
                "settle",
                &format!(
                    "{bills} tax bill(s) of lists released in {} paid by {}: {} CNY; their reservations released",
                    request.month,
                    request.assure_code,
                    cny(total)
                ),
                None,
            )?;
            Ok(settlement_view(&row, false))
        })
        .await
    }

    /// `GET /cbec/settlements`: officers and administrators see all, an agent its own.
    pub async fn settlements(&self, actor: &Actor) -> Result<Vec<SettlementView>, AppError> {
        let agent = match actor.role {
            Role::Admin | Role::Officer | Role::RiskAnalyst => None,
            _ => Some(actor.code.clone()),
        };
        let rows = self
            .read(move |tx| Ok(tx.settlements(agent.as_deref())?))
            .await?;
        Ok(rows.iter().map(|s| settlement_view(s, false)).collect())
    }
}
