//! Risk rule sets: upload (validated, refused whole with every error), activate with an atomic
//! swap of the evaluator, retire, back-test — every change audited in the `rule-sets` stream.

use crate::time::{now, timestamp_text};
use crate::views::{RuleSetUpload, RuleSetView};
use crate::{Actor, App, AppError};
use chuanyu_domain::Role;
use chuanyu_risk::{Assessment, CompiledRuleSet, DeclarationFacts, Lane, NamedLists};
use chuanyu_store::{NewAuditEvent, RuleSetRow};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub const RULE_SETS_STREAM: &str = "rule-sets";
/// Longest rule-set name in characters.
pub const RULE_SET_NAME_CHARS_MAX: usize = 128;

/// The evaluator in force; swapped whole, so a decision never mixes two versions.
pub struct ActiveRules {
    pub version: Option<i64>,
    pub compiled: Option<Arc<CompiledRuleSet>>,
}

/// The lane decision stored with the declaration's audit event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub lane: Lane,
    pub reason: String,
    /// Lane an amendment may not go below (the lane the declaration already had).
    pub lane_floor: Option<Lane>,
    pub assessment: Option<Assessment>,
}

/// With no rule set active, every declaration goes to a documentary check: the platform never
/// releases uncontrolled goods because nobody has loaded rules yet.
pub const NO_RULES_LANE: Lane = Lane::Yellow;

impl ActiveRules {
    pub fn none() -> ActiveRules {
        ActiveRules {
            version: None,
            compiled: None,
        }
    }

    pub fn assess(&self, facts: &DeclarationFacts, on: Date, lane_floor: Option<Lane>) -> Decision {
        let (mut lane, mut reason, assessment) = match &self.compiled {
            Some(compiled) => {
                let assessment = compiled.assess(facts, on);
                (assessment.lane, assessment.reason.clone(), Some(assessment))
            }
            None => (
                NO_RULES_LANE,
                "no rule set is active: every declaration gets a documentary check".into(),
                None,
            ),
        };
        if let Some(floor) = lane_floor
            && floor > lane
        {
            reason = format!("{reason}; kept at {floor}, the lane before the amendment");
            lane = floor;
        }
        Decision {
            lane,
            reason,
            lane_floor,
            assessment,
        }
    }
}

fn compile(source: &str, version: i64) -> Result<CompiledRuleSet, AppError> {
    chuanyu_risk::compile(source, version as u64, &NamedLists::new()).map_err(AppError::RuleSet)
}

fn view(row: &RuleSetRow, with_source: bool) -> RuleSetView {
    let rule_count = compile(&row.source, row.version)
        .map(|c| c.rule_count())
        .unwrap_or(0);
    RuleSetView {
        version: row.version,
        name: row.name.clone(),
        status: row.status.clone(),
        uploaded_by: row.uploaded_by.clone(),
        uploaded_at: row.uploaded_at.clone(),
        activated_at: row.activated_at.clone(),
        retired_at: row.retired_at.clone(),
        rule_count,
        source: with_source.then(|| row.source.clone()),
    }
}

fn require_analyst(actor: &Actor) -> Result<(), AppError> {
    if matches!(actor.role, Role::RiskAnalyst | Role::Admin) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only risk analysts manage rule sets".into(),
        ))
    }
}

/// Most declarations one back-test reads (`backtest_declarations_max`).
pub const BACKTEST_DECLARATIONS_MAX: usize = 200_000;

/// What to back-test: a stored rule-set version over declarations lodged from `from` to `to`
/// (China calendar days, both included), with rule validity as of `on` (default: today).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BacktestRequest {
    pub candidate_version: i64,
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    #[schema(value_type = String, format = Date)]
    pub to: Date,
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub on: Option<Date>,
}

/// Back-test of a candidate set next to the active one over the same declarations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BacktestComparison {
    pub from: Date,
    pub to: Date,
    pub assessed_on: Date,
    pub declarations: usize,
    /// Declarations whose stored version no longer validates against today's reference data.
    pub skipped: usize,
    pub candidate: chuanyu_risk::BacktestReport,
    pub active: Option<chuanyu_risk::BacktestReport>,
}

impl App {
    /// Load the active rule set from the store (at start, and after another node activates one).
    pub fn reload_rules(&self) -> Result<(), AppError> {
        let rows = self.store.read(|tx| tx.rule_sets())?;
        let active = match rows.iter().rev().find(|row| row.status == "active") {
            Some(row) => ActiveRules {
                version: Some(row.version),
                compiled: Some(Arc::new(compile(&row.source, row.version)?)),
            },
            None => ActiveRules::none(),
        };
        *self.rules.write().expect("rules lock") = Arc::new(active);
        Ok(())
    }

    pub fn active_rule_set_version(&self) -> Option<i64> {
        self.rules.read().expect("rules lock").version
    }

    /// Upload a rule set: compiled now, refused whole with every error; stored as `validated`.
    pub async fn upload_rule_set(
        &self,
        actor: &Actor,
        upload: RuleSetUpload,
    ) -> Result<RuleSetView, AppError> {
        require_analyst(actor)?;
        let name_chars = upload.name.trim().chars().count();
        if name_chars == 0 || name_chars > RULE_SET_NAME_CHARS_MAX {
            return Err(AppError::validation(
                "/name",
                "invalid_name",
                format!(
                    "a rule-set name has 1..={RULE_SET_NAME_CHARS_MAX} characters (rule_set_name_chars_max)"
                ),
            ));
        }
        compile(&upload.source, 0)?;
        let at = timestamp_text(now());
        let by = actor.code.clone();
        self.write(move |tx| {
            let version = tx.insert_rule_set(&upload.name, &upload.source, &by, &at)?;
            let payload =
                serde_json::json!({ "version": version, "name": upload.name }).to_string();
            tx.append_audit(&NewAuditEvent {
                stream: RULE_SETS_STREAM,
                at: &at,
                actor: &by,
                action: "upload",
                from_state: None,
                to_state: Some("validated"),
                reason: None,
                payload: Some(&payload),
            })?;
            let row = tx
                .rule_sets()?
                .into_iter()
                .find(|r| r.version == version)
                .expect("just inserted");
            Ok(view(&row, false))
        })
        .await
    }

    pub async fn rule_sets(&self, actor: &Actor) -> Result<Vec<RuleSetView>, AppError> {
        require_analyst(actor)?;
        self.read(|tx| Ok(tx.rule_sets()?.iter().map(|row| view(row, false)).collect()))
            .await
    }

    pub async fn rule_set(&self, actor: &Actor, version: i64) -> Result<RuleSetView, AppError> {
        require_analyst(actor)?;
        self.read(move |tx| {
            tx.rule_sets()?
                .iter()
                .find(|row| row.version == version)
                .map(|row| view(row, true))
                .ok_or(AppError::NotFound("rule set"))
        })
        .await
    }

    /// Activate a version: the previous active one is retired in the same transaction; after the
    /// commit the evaluator is swapped in one pointer store (no restart, no pause).
    pub async fn activate_rule_set(
        &self,
        actor: &Actor,
        version: i64,
    ) -> Result<RuleSetView, AppError> {
        require_analyst(actor)?;
        let rows = self.read(|tx| Ok(tx.rule_sets()?)).await?;
        let row = rows
            .iter()
            .find(|r| r.version == version)
            .ok_or(AppError::NotFound("rule set"))?;
        let compiled = Arc::new(compile(&row.source, version)?);
        let at = timestamp_text(now());
        let by = actor.code.clone();
        let updated = self
            .write(move |tx| {
                let previous: Vec<i64> = tx
                    .rule_sets()?
                    .iter()
                    .filter(|r| r.status == "active")
                    .map(|r| r.version)
                    .collect();
                if previous.contains(&version) {
                    return Err(AppError::Conflict {
                        code: "already_active",
                        message: format!("rule set {version} is already active"),
                    });
                }
                for earlier in previous {
                    change_status(tx, earlier, "retired", "retire", &by, &at)?;
                }
                change_status(tx, version, "active", "activate", &by, &at)
            })
            .await?;
        *self.rules.write().expect("rules lock") = Arc::new(ActiveRules {
            version: Some(version),
            compiled: Some(compiled),
        });
        Ok(updated)
    }

    /// Retire a version; retiring the active one leaves no rule set active (documentary checks).
    pub async fn retire_rule_set(
        &self,
        actor: &Actor,
        version: i64,
    ) -> Result<RuleSetView, AppError> {
        require_analyst(actor)?;
        let at = timestamp_text(now());
        let by = actor.code.clone();
        let updated = self
            .write(move |tx| {
                let current = tx.rule_sets()?.into_iter().find(|r| r.version == version);
                if current.is_some_and(|r| r.status == "retired") {
                    return Err(AppError::Conflict {
                        code: "already_retired",
                        message: format!("rule set {version} is already retired"),
                    });
                }
                change_status(tx, version, "retired", "retire", &by, &at)
            })
            .await?;
        if self.active_rule_set_version() == Some(version) {
            *self.rules.write().expect("rules lock") = Arc::new(ActiveRules::none());
        }
        Ok(updated)
    }
}

/// Move one rule set to a new status, with its audit event; returns its new view.
fn change_status(
    tx: &chuanyu_store::Tx<'_>,
    version: i64,
    status: &str,
    action: &str,
    by: &str,
    at: &str,
) -> Result<RuleSetView, AppError> {
    let rows = tx.rule_sets()?;
    let row = rows
        .iter()
        .find(|r| r.version == version)
        .ok_or(AppError::NotFound("rule set"))?;
    tx.set_rule_set_status(version, status, at)?;
    let payload = serde_json::json!({ "version": version }).to_string();
    tx.append_audit(&NewAuditEvent {
        stream: RULE_SETS_STREAM,
        at,
        actor: by,
        action,
        from_state: Some(&row.status),
        to_state: Some(status),
        reason: None,
        payload: Some(&payload),
    })?;
    let mut updated = row.clone();
    updated.status = status.to_string();
    match status {
        "active" => updated.activated_at = Some(at.to_string()),
        _ => updated.retired_at = Some(at.to_string()),
    }
    Ok(view(&updated, false))
}

/// The outcome of the controls recorded in a declaration's audit trail, if any.
fn inspection_outcome(
    events: &[chuanyu_domain::audit::StoredEvent],
) -> Option<chuanyu_risk::InspectionOutcome> {
    events
        .iter()
        .rev()
        .find_map(|event| match event.record.action.as_str() {
            "record_compliant_result" => Some(chuanyu_risk::InspectionOutcome::NoFinding),
            "record_non_compliant_result" => Some(chuanyu_risk::InspectionOutcome::Finding),
            _ => None,
        })
}

impl App {
    /// Evaluate a stored rule set (and the active one, side by side) over stored declarations.
    /// Blocking: run it off the async threads. `progress(done, total)` drives a progress bar.
    pub fn backtest_blocking(
        &self,
        actor: &Actor,
        request: &BacktestRequest,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BacktestComparison, AppError> {
        require_analyst(actor)?;
        if request.to < request.from {
            return Err(AppError::validation(
                "/to",
                "invalid_range",
                "`to` is before `from`",
            ));
        }
        let on = request
            .on
            .unwrap_or_else(|| crate::time::china_date(crate::time::now()));
        let rows = self.store.read(|tx| tx.rule_sets())?;
        let candidate_row = rows
            .iter()
            .find(|r| r.version == request.candidate_version)
            .ok_or(AppError::NotFound("rule set"))?;
        let candidate = compile(&candidate_row.source, candidate_row.version)?;
        let active = self.rules.read().expect("rules lock").compiled.clone();
        let from = crate::time::timestamp_text(crate::time::china_day_start(request.from));
        let to = crate::time::timestamp_text(crate::time::china_day_start(
            request
                .to
                .tomorrow()
                .map_err(|_| AppError::validation("/to", "invalid_range", "date out of range"))?,
        ));
        let declarations = self
            .store
            .read(|tx| tx.declarations_lodged_between(&from, &to))?;
        if declarations.len() > BACKTEST_DECLARATIONS_MAX {
            return Err(AppError::BadRequest {
                code: "limit_exceeded",
                message: format!(
                    "{} declarations in the range; the limit is backtest_declarations_max = {BACKTEST_DECLARATIONS_MAX}",
                    declarations.len()
                ),
            });
        }
        let total = declarations.len() as u64;
        let tariff = self.tariff_state();
        let mut facts = Vec::with_capacity(declarations.len());
        let mut skipped = 0;
        for (done, row) in declarations.iter().enumerate() {
            let loaded = self.store.read(|tx| {
                let body = tx.version(&row.id, row.current_version)?;
                let events = tx.audit_stream(&crate::declarations::stream_of(&row.id))?;
                let trader = tx.party_by_code(&row.trader_code)?;
                Ok((body, events, trader))
            })?;
            let (Some(body), events, trader) = loaded else {
                skipped += 1;
                continue;
            };
            let input: chuanyu_domain::DeclarationInput = serde_json::from_str(&body.body)
                .map_err(|e| {
                    chuanyu_store::StoreError::Corrupt(format!("declaration {}: {e}", row.id))
                })?;
            let lodged_on = row
                .lodged_at
                .as_deref()
                .and_then(|t| t.parse().ok())
                .map(crate::time::china_date)
                .unwrap_or(on);
            let rate = tariff
                .rates
                .as_ref()
                .and_then(|r| crate::facts::exchange_rate(r, &input.currency, lodged_on).ok());
            match (
                chuanyu_domain::declaration::validate(input, &self.reference),
                rate,
            ) {
                (Ok(declaration), Some(rate)) => {
                    let trader = crate::facts::party_facts(trader.as_ref());
                    facts.push((
                        crate::facts::risk_facts(&row.id, &declaration, rate, trader),
                        inspection_outcome(&events),
                    ));
                }
                _ => skipped += 1,
            }
            progress(done as u64 + 1, total);
        }
        let assessed = facts.len();
        let active_report = active
            .as_ref()
            .map(|rules| chuanyu_risk::backtest(rules, on, facts.iter().cloned()));
        let candidate_report = chuanyu_risk::backtest(&candidate, on, facts);
        Ok(BacktestComparison {
            from: request.from,
            to: request.to,
            assessed_on: on,
            declarations: assessed,
            skipped,
            candidate: candidate_report,
            active: active_report,
        })
    }
}
