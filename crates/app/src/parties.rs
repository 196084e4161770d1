//! Parties: registration with validated codes and a fresh API key (stored hashed), listing.

use crate::actor::{api_key_hash, new_api_key};
use crate::time::{now, timestamp_text};
use crate::views::PartyView;
use crate::{Actor, App, AppError};
use chuanyu_domain::{Finding, Role, validate_enterprise_code, validate_uscc};
use chuanyu_store::{NewAuditEvent, PartyRow};

pub const PARTIES_STREAM: &str = "parties";
/// Longest party name in characters.
pub const PARTY_NAME_CHARS_MAX: usize = 200;
/// Longest code of a customs-side party (officer number, analyst id).
pub const CUSTOMS_PARTY_CODE_CHARS_MAX: usize = 32;

/// A party to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewParty {
    pub code: String,
    pub name: String,
    pub role: Role,
    pub district: Option<String>,
    pub uscc: Option<String>,
    /// `none`, `general` or `advanced`.
    pub aeo_level: String,
    pub partner_mra_aeo: bool,
}

impl App {
    fn check_new_party(&self, party: &NewParty) -> Result<(), AppError> {
        let mut findings = Vec::new();
        let mut add = |path: &str, code: &'static str, message: String| {
            findings.push(Finding {
                path: path.into(),
                code,
                message,
            })
        };
        if party.role.is_customs() || party.role == Role::Partner {
            let ok = !party.code.is_empty()
                && party.code.len() <= CUSTOMS_PARTY_CODE_CHARS_MAX
                && party
                    .code
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !ok {
                add(
                    "/code",
                    "invalid_party_code",
                    format!("1..={CUSTOMS_PARTY_CODE_CHARS_MAX} letters, digits or '-'"),
                );
            }
        } else if let Err(reason) = validate_enterprise_code(&party.code) {
            add("/code", "invalid_enterprise_code", reason.into());
        }
        let name_chars = party.name.trim().chars().count();
        if name_chars == 0 || name_chars > PARTY_NAME_CHARS_MAX {
            add(
                "/name",
                "invalid_name",
                format!("a name has 1..={PARTY_NAME_CHARS_MAX} characters"),
            );
        }
        match (&party.district, party.role) {
            (None, Role::Officer) => add(
                "/district",
                "missing_field",
                "an officer belongs to a district".into(),
            ),
            (Some(district), _) if !self.reference.is_district(district) => add(
                "/district",
                "unknown_district",
                format!("'{district}' is not a customs district"),
            ),
            _ => {}
        }
        if let Some(uscc) = &party.uscc
            && let Err(reason) = validate_uscc(uscc)
        {
            add("/uscc", "invalid_uscc", reason.into());
        }
        if !matches!(party.aeo_level.as_str(), "none" | "general" | "advanced") {
            add(
                "/aeo_level",
                "invalid_aeo_level",
                "one of none, general, advanced".into(),
            );
        }
        if findings.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(findings))
        }
    }

    /// Register a party and return its new API key (shown once; only its hash is stored).
    pub fn add_party_blocking(&self, by: &Actor, party: NewParty) -> Result<String, AppError> {
        self.check_new_party(&party)?;
        let key = new_api_key();
        let hash = api_key_hash(&key);
        let at = timestamp_text(now());
        let by = by.code.clone();
        self.store
            .write_blocking(move |tx| {
                if tx.party_by_code(&party.code)?.is_some() {
                    return Err(AppError::Conflict {
                        code: "party_exists",
                        message: format!("a party with code {} already exists", party.code),
                    });
                }
                let row = PartyRow {
                    code: party.code.clone(),
                    name: party.name.clone(),
                    role: party.role.token().into(),
                    district: party.district.clone(),
                    uscc: party.uscc.clone(),
                    aeo_level: party.aeo_level.clone(),
                    partner_mra_aeo: party.partner_mra_aeo,
                    prior_hits: 0,
                    created_at: at.clone(),
                };
                tx.insert_party(&row, &hash)?;
                let payload = serde_json::json!({
                    "code": row.code, "name": row.name, "role": row.role, "district": row.district,
                    "aeo_level": row.aeo_level,
                })
                .to_string();
                tx.append_audit(&NewAuditEvent {
                    stream: PARTIES_STREAM,
                    at: &at,
                    actor: &by,
                    action: "register",
                    from_state: None,
                    to_state: None,
                    reason: None,
                    payload: Some(&payload),
                })?;
                Ok(())
            })
            .map_err(AppError::from)?;
        Ok(key)
    }

    pub async fn parties(&self, actor: &Actor) -> Result<Vec<PartyView>, AppError> {
        if !actor.role.is_customs() {
            return Err(AppError::Forbidden(
                "only customs staff list parties".into(),
            ));
        }
        self.read(|tx| Ok(tx.parties()?.iter().map(PartyView::from).collect()))
            .await
    }
}
