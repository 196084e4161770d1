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

/// Back-test of a candidate set next to the active one over the same declarations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BacktestComparison {
    pub from: String,
    pub to: String,
    pub declarations: usize,
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
                let rows = tx.rule_sets()?;
                let row = rows
                    .iter()
                    .find(|r| r.version == version)
                    .ok_or(AppError::NotFound("rule set"))?;
                if row.status == "active" {
                    return Err(AppError::Conflict {
                        code: "already_active",
                        message: format!("rule set {version} is already active"),
                    });
                }
                for previous in rows.iter().filter(|r| r.status == "active") {
                    tx.set_rule_set_status(previous.version, "retired", &at)?;
                }
                tx.set_rule_set_status(version, "active", &at)?;
                let payload = serde_json::json!({ "version": version }).to_string();
                tx.append_audit(&NewAuditEvent {
                    stream: RULE_SETS_STREAM,
                    at: &at,
                    actor: &by,
                    action: "activate",
                    from_state: Some(&row.status),
                    to_state: Some("active"),
                    reason: None,
                    payload: Some(&payload),
                })?;
                let row = tx
                    .rule_sets()?
                    .into_iter()
                    .find(|r| r.version == version)
                    .expect("exists");
                Ok(view(&row, false))
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
                let rows = tx.rule_sets()?;
                let row = rows
                    .iter()
                    .find(|r| r.version == version)
                    .ok_or(AppError::NotFound("rule set"))?;
                if row.status == "retired" {
                    return Err(AppError::Conflict {
                        code: "already_retired",
                        message: format!("rule set {version} is already retired"),
                    });
                }
                tx.set_rule_set_status(version, "retired", &at)?;
                let payload = serde_json::json!({ "version": version }).to_string();
                tx.append_audit(&NewAuditEvent {
                    stream: RULE_SETS_STREAM,
                    at: &at,
                    actor: &by,
                    action: "retire",
                    from_state: Some(&row.status),
                    to_state: Some("retired"),
                    reason: None,
                    payload: Some(&payload),
                })?;
                let row = tx
                    .rule_sets()?
                    .into_iter()
                    .find(|r| r.version == version)
                    .expect("exists");
                Ok(view(&row, false))
            })
            .await?;
        self.reload_rules()?;
        Ok(updated)
    }
}
