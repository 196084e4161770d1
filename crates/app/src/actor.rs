//! Who is calling: parties, API keys (stored only as SHA-256), roles and what each may see.

use crate::error::AppError;
use chuanyu_domain::Role;
use chuanyu_store::{DeclarationRow, PartyRow, Visibility};
use sha2::{Digest, Sha256};

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub code: String,
    pub name: String,
    pub role: Role,
    pub district: Option<String>,
}

impl Actor {
    pub fn from_row(row: &PartyRow) -> Result<Actor, AppError> {
        let role = row.role.parse().map_err(|reason: String| {
            AppError::Store(chuanyu_store::StoreError::Corrupt(format!(
                "party {}: {reason}",
                row.code
            )))
        })?;
        Ok(Actor {
            code: row.code.clone(),
            name: row.name.clone(),
            role,
            district: row.district.clone(),
        })
    }

    /// The system itself, for automatic transitions (release after payment …).
    pub fn system() -> Actor {
        Actor {
            code: "system".into(),
            name: "chuanyu".into(),
            role: Role::Admin,
            district: None,
        }
    }

    pub fn visibility(&self) -> Visibility {
        match (self.role, &self.district) {
            (Role::Admin | Role::RiskAnalyst, _) => Visibility::All,
            (Role::Officer, Some(district)) => Visibility::District(district.clone()),
            (Role::Officer, None) => Visibility::District(String::new()),
            (Role::Partner, _) => Visibility::Enterprise(String::new()),
            _ => Visibility::Enterprise(self.code.clone()),
        }
    }

    /// Whether this caller may see a declaration at all (if not, it is answered as not found).
    pub fn can_see(&self, row: &DeclarationRow) -> bool {
        match self.visibility() {
            Visibility::All => true,
            Visibility::District(district) => row.district == district,
            Visibility::Enterprise(code) => {
                !code.is_empty() && (row.declarant_code == code || row.trader_code == code)
            }
        }
    }

    /// Declarant or consignee/consignor acting for its own declaration.
    pub fn is_owner(&self, row: &DeclarationRow) -> bool {
        matches!(self.role, Role::Declarant | Role::Trader)
            && (row.declarant_code == self.code || row.trader_code == self.code)
    }

    pub fn is_district_officer(&self, row: &DeclarationRow) -> bool {
        self.role == Role::Officer && self.district.as_deref() == Some(row.district.as_str())
    }
}

/// A fresh API key: `cy_` and 64 hex digits of operating-system randomness.
pub fn new_api_key() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("cy_{hex}")
}

/// Keys are stored as SHA-256: a 256-bit random key needs no slow hash, and lookup stays O(1).
pub fn api_key_hash(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
