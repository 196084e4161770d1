//! Keys that verify signed CEB messages (issue 5): a party registers the public key of its
//! signing certificate (SM2, or RSA for legacy senders) — as an X.509 certificate or an SPKI
//! public key in PEM —; every signed message it sends is verified against its registered keys
//! (`chuanyu_ceb::dsig`). Keys are cached per party; a miss or a failed verification re-reads
//! the store, so a key registered on another node is seen at once.

use crate::time::{now, timestamp_text};
use crate::{Actor, App, AppError};
use chuanyu_ceb::dsig::{DsigError, DsigErrorCode, Verified, VerifyingKey};
use chuanyu_domain::Role;
use chuanyu_store::{NewAuditEvent, PartyKeyRow};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Largest PEM a party may register, in bytes.
pub const PARTY_KEY_PEM_BYTES_MAX: usize = 16 * 1024;
/// Most keys one party may have registered (rollover of certificates).
pub const PARTY_KEYS_MAX: usize = 8;

/// `POST /parties/{code}/keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPartyKey {
    /// An X.509 certificate (`BEGIN CERTIFICATE`) or a public key (`BEGIN PUBLIC KEY`), PEM.
    pub pem: String,
}

/// A registered key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PartyKeyView {
    pub party_code: String,
    /// SHA-256 or SM3 fingerprint of the SubjectPublicKeyInfo (hex).
    pub fingerprint: String,
    /// `sm2-sm3` or `rsa-sha1`: the CEB SignatureMethod it verifies.
    pub algorithm: String,
    pub public_key_pem: String,
    pub registered_by: String,
    pub registered_at: String,
}

fn view(row: &PartyKeyRow) -> PartyKeyView {
    PartyKeyView {
        party_code: row.party_code.clone(),
        fingerprint: row.fingerprint.clone(),
        algorithm: row.algorithm.clone(),
        public_key_pem: row.public_key_pem.clone(),
        registered_by: row.registered_by.clone(),
        registered_at: row.registered_at.clone(),
    }
}

fn may_manage(actor: &Actor, code: &str) -> bool {
    actor.role == Role::Admin || actor.code == code
}

impl App {
    /// Register a key for a party (the party itself or an administrator). Registering the
    /// same key again answers the stored one (`false`: nothing changed).
    pub async fn register_party_key(
        &self,
        actor: &Actor,
        code: &str,
        new: NewPartyKey,
    ) -> Result<(PartyKeyView, bool), AppError> {
        if !may_manage(actor, code) {
            return Err(AppError::NotFound("party"));
        }
        if new.pem.len() > PARTY_KEY_PEM_BYTES_MAX {
            return Err(AppError::validation(
                "/pem",
                "string_too_long",
                format!(
                    "{} bytes; the limit is party_key_pem_bytes_max = {PARTY_KEY_PEM_BYTES_MAX}",
                    new.pem.len()
                ),
            ));
        }
        let key = VerifyingKey::from_pem(&new.pem)
            .map_err(|e| AppError::validation("/pem", e.code.as_str(), e.reason.clone()))?;
        let at = timestamp_text(now());
        let row = PartyKeyRow {
            party_code: code.to_string(),
            fingerprint: key.fingerprint().to_string(),
            algorithm: key.algorithm().to_string(),
            public_key_pem: key.to_pem(),
            registered_by: actor.code.clone(),
            registered_at: at.clone(),
        };
        let actor_code = actor.code.clone();
        let result = self
            .write(move |tx| {
                if tx.party_by_code(&row.party_code)?.is_none() {
                    return Err(AppError::NotFound("party"));
                }
                let existing = tx.party_keys(&row.party_code)?;
                if let Some(same) = existing.iter().find(|k| k.fingerprint == row.fingerprint) {
                    return Ok((view(same), false));
                }
                if existing.len() >= PARTY_KEYS_MAX {
                    return Err(AppError::Conflict {
                        code: "too_many_keys",
                        message: format!(
                            "{} has {PARTY_KEYS_MAX} keys registered (party_keys_max)",
                            row.party_code
                        ),
                    });
                }
                tx.insert_party_key(&row)?;
                let payload = serde_json::json!({
                    "fingerprint": row.fingerprint, "algorithm": row.algorithm,
                    "public_key_pem": row.public_key_pem,
                })
                .to_string();
                tx.append_audit(&NewAuditEvent {
                    stream: &format!("party/{}", row.party_code),
                    at: &at,
                    actor: &actor_code,
                    action: "register_key",
                    from_state: None,
                    to_state: None,
                    reason: Some(&format!(
                        "{} key {} registered for signed CEB messages",
                        row.algorithm, row.fingerprint
                    )),
                    payload: Some(&payload),
                })?;
                Ok((view(&row), true))
            })
            .await?;
        self.party_keys
            .write()
            .expect("key cache poisoned")
            .remove(code);
        Ok(result)
    }

    /// `GET /parties/{code}/keys`: the party itself, officers and administrators.
    pub async fn party_keys(
        &self,
        actor: &Actor,
        code: &str,
    ) -> Result<Vec<PartyKeyView>, AppError> {
        if !(may_manage(actor, code) || actor.role == Role::Officer) {
            return Err(AppError::NotFound("party"));
        }
        let code = code.to_string();
        let rows = self.read(move |tx| Ok(tx.party_keys(&code)?)).await?;
        Ok(rows.iter().map(view).collect())
    }

    async fn verifying_keys(
        &self,
        code: &str,
        fresh: bool,
    ) -> Result<Arc<Vec<VerifyingKey>>, AppError> {
        if !fresh
            && let Some(keys) = self
                .party_keys
                .read()
                .expect("key cache poisoned")
                .get(code)
        {
            return Ok(keys.clone());
        }
        let lookup = code.to_string();
        let rows = self.read(move |tx| Ok(tx.party_keys(&lookup)?)).await?;
        let keys: Vec<VerifyingKey> = rows
            .iter()
            .filter_map(|r| VerifyingKey::from_pem(&r.public_key_pem).ok())
            .collect();
        let keys = Arc::new(keys);
        self.party_keys
            .write()
            .expect("key cache poisoned")
            .insert(code.to_string(), keys.clone());
        Ok(keys)
    }

    /// Verify a signed message against the sender's registered keys.
    pub(crate) async fn verify_signature(
        &self,
        sender: &str,
        message: &chuanyu_ceb::ReadMessage<'_>,
    ) -> Result<Result<Verified, DsigError>, AppError> {
        let mut last = None;
        for fresh in [false, true] {
            let keys = self.verifying_keys(sender, fresh).await?;
            if keys.is_empty() {
                last = Some(DsigError {
                    code: DsigErrorCode::SignatureKeyMismatch,
                    reason: format!(
                        "no key is registered for {sender}: register its signing certificate with POST /api/v1/parties/{sender}/keys"
                    ),
                    xml: None,
                });
                continue;
            }
            for key in keys.iter() {
                match message.verify(key) {
                    Ok(verified) => return Ok(Ok(verified)),
                    Err(e) => {
                        let better = last.as_ref().is_none_or(|l: &DsigError| {
                            l.code == DsigErrorCode::SignatureKeyMismatch
                        });
                        if better {
                            last = Some(e);
                        }
                    }
                }
            }
        }
        Ok(Err(last.expect("one attempt was made")))
    }
}
