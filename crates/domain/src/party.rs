//! Parties and their roles, and the check-character rules of the codes that identify them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a party does on the platform. The tokens are the CLI/API contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Declarant,
    Trader,
    Platform,
    Logistics,
    Payment,
    Guarantor,
    ZoneOperator,
    Officer,
    RiskAnalyst,
    Admin,
    Partner,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::Declarant,
        Role::Trader,
        Role::Platform,
        Role::Logistics,
        Role::Payment,
        Role::Guarantor,
        Role::ZoneOperator,
        Role::Officer,
        Role::RiskAnalyst,
        Role::Admin,
        Role::Partner,
    ];

    pub fn token(self) -> &'static str {
        match self {
            Role::Declarant => "declarant",
            Role::Trader => "trader",
            Role::Platform => "platform",
            Role::Logistics => "logistics",
            Role::Payment => "payment",
            Role::Guarantor => "guarantor",
            Role::ZoneOperator => "zone-operator",
            Role::Officer => "officer",
            Role::RiskAnalyst => "risk-analyst",
            Role::Admin => "admin",
            Role::Partner => "partner",
        }
    }

    /// Customs-side roles act on behalf of a district, not of an enterprise.
    pub fn is_customs(self) -> bool {
        matches!(self, Role::Officer | Role::RiskAnalyst | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.token())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.token() == s)
            .ok_or_else(|| {
                let tokens: Vec<&str> = Role::ALL.iter().map(|r| r.token()).collect();
                format!("unknown role '{s}'; expected one of {}", tokens.join(", "))
            })
    }
}

/// A 10-character enterprise customs code (海关编码): digits and capital letters.
pub fn validate_enterprise_code(code: &str) -> Result<(), &'static str> {
    if code.len() != 10 {
        return Err("an enterprise customs code has exactly 10 characters");
    }
    if !code
        .bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return Err("an enterprise customs code has only digits and capital letters");
    }
    Ok(())
}

const USCC_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The unified social credit code (GB 32100-2015): 18 characters from a 31-letter alphabet,
/// the last one a check character computed modulo 31.
pub fn validate_uscc(code: &str) -> Result<(), &'static str> {
    let bytes = code.as_bytes();
    if bytes.len() != 18 {
        return Err("a unified social credit code has exactly 18 characters");
    }
    let mut sum = 0u32;
    for (index, byte) in bytes[..17].iter().enumerate() {
        let Some(value) = USCC_CHARSET.iter().position(|c| c == byte) else {
            return Err(
                "a unified social credit code uses digits and capitals other than I, O, S, V, Z",
            );
        };
        sum += value as u32 * USCC_WEIGHTS[index];
    }
    let check = (31 - sum % 31) % 31;
    if bytes[17] != USCC_CHARSET[check as usize] {
        return Err("the check character of the unified social credit code is wrong");
    }
    Ok(())
}

/// Compute the USCC check character for 17 leading characters (used to make valid test codes).
pub fn uscc_check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (index, byte) in bytes.iter().enumerate() {
        let value = USCC_CHARSET.iter().position(|c| c == byte)?;
        sum += value as u32 * USCC_WEIGHTS[index];
    }
    Some(USCC_CHARSET[((31 - sum % 31) % 31) as usize] as char)
}

const RESIDENT_ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK: &[u8; 11] = b"10X98765432";

/// The resident identity number (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character.
pub fn validate_resident_id(id: &str) -> Result<(), &'static str> {
    let bytes = id.as_bytes();
    if bytes.len() != 18 {
        return Err("a resident identity number has exactly 18 characters");
    }
    let mut sum = 0u32;
    for (index, byte) in bytes[..17].iter().enumerate() {
        if !byte.is_ascii_digit() {
            return Err("the first 17 characters of a resident identity number are digits");
        }
        sum += u32::from(byte - b'0') * RESIDENT_ID_WEIGHTS[index];
    }
    if bytes[17].to_ascii_uppercase() != RESIDENT_ID_CHECK[(sum % 11) as usize] {
        return Err("the check character of the resident identity number is wrong");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uscc_check_character_is_enforced() {
        // 91510100MA61R5XXXX-shaped code: build the check character, then corrupt it.
        let stem = "91510100MA61R5T2B";
        let check = uscc_check_char(stem).unwrap();
        let good = format!("{stem}{check}");
        assert_eq!(validate_uscc(&good), Ok(()));
        let wrong = if check == '0' { '1' } else { '0' };
        assert!(validate_uscc(&format!("{stem}{wrong}")).is_err());
        assert!(validate_uscc("91510100MA61R5T2").is_err());
        assert!(
            validate_uscc("91510100MA61R5T2I0").is_err(),
            "I is not in the alphabet"
        );
    }

    #[test]
    fn known_uscc_validates() {
        // Published example code of the GB 32100 standard text.
        assert_eq!(validate_uscc("91350100M000100Y43"), Ok(()));
    }

    #[test]
    fn resident_id_check_character() {
        // GB 11643 worked example.
        assert_eq!(validate_resident_id("11010519491231002X"), Ok(()));
        assert!(validate_resident_id("110105194912310021").is_err());
        assert!(validate_resident_id("11010519491231002").is_err());
    }

    #[test]
    fn role_tokens_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.token().parse::<Role>(), Ok(role));
        }
        assert!(
            "captain"
                .parse::<Role>()
                .unwrap_err()
                .contains("zone-operator")
        );
    }

    #[test]
    fn enterprise_code_shape() {
        assert!(validate_enterprise_code("5101230001").is_ok());
        assert!(validate_enterprise_code("51012300A1").is_ok());
        assert!(validate_enterprise_code("510123000").is_err());
        assert!(validate_enterprise_code("51012300a1").is_err());
    }
}
