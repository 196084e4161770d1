//! Duty-free shop sales (口岸进境免税店): the traveller's allowance per trip. Under the 2016 rule
//! an arriving traveller may buy duty-free goods worth 8,000 CNY in total per trip, counting
//! what was bought in duty-free shops abroad. Money is integer fen: exact, never floats.

use crate::finding::{Code, Finding, Findings};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

/// The default allowance per traveller and trip, in fen (8,000 CNY; 2016 rule, purchases
/// abroad included). The application makes it configurable.
pub const DUTY_FREE_ALLOWANCE_PER_TRIP_FEN: i64 = 800_000;
/// Decimal places of an amount of money (fen).
pub const MONEY_SCALE_MAX: u32 = 2;
/// Largest amount of one sale line or declared purchase abroad, in fen (10 million CNY).
pub const MONEY_FEN_MAX: i64 = 1_000_000_000;

/// What a traveller bought on one trip, in fen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TripPurchases {
    /// Sold by duty-free shops here on this trip.
    pub shop_fen: i64,
    /// Declared as bought in duty-free shops abroad (the largest declaration counts).
    pub abroad_fen: i64,
}

impl TripPurchases {
    pub fn total_fen(&self) -> i64 {
        self.shop_fen + self.abroad_fen
    }
}

/// `12.34` CNY as 1234 fen, or `None` when it is not positive, has more than 2 decimals or
/// exceeds money_fen_max.
pub fn fen_of(amount: Decimal) -> Option<i64> {
    if amount <= Decimal::ZERO || amount.normalize().scale() > MONEY_SCALE_MAX {
        return None;
    }
    let fen = (amount * Decimal::from(100)).to_i64()?;
    (fen <= MONEY_FEN_MAX).then_some(fen)
}

/// Fen as a CNY amount with two decimals (`1234` → `12.34`).
pub fn cny_text(fen: i64) -> String {
    Decimal::new(fen, 2).to_string()
}

/// Check an amount of money at `path`; a zero is allowed where `zero_ok` (no purchases abroad).
pub fn money_at(findings: &mut Vec<Finding>, path: &str, amount: Decimal, zero_ok: bool) -> i64 {
    if zero_ok && amount.is_zero() {
        return 0;
    }
    match fen_of(amount) {
        Some(fen) => fen,
        None => {
            findings.push(Finding {
                path: path.to_string(),
                code: Code::InvalidAmount,
                message: format!(
                    "{amount} is not a positive amount with at most {MONEY_SCALE_MAX} decimals \
                     up to money_fen_max = {MONEY_FEN_MAX} fen"
                ),
                shortfall: None,
            });
            0
        }
    }
}

/// Decide a sale of `requested_fen` against the trip's purchases so far: the purchases after
/// it, or the one finding naming the allowance, what was already used and what was requested.
pub fn check_allowance(
    allowance_fen: i64,
    before: TripPurchases,
    abroad_declared_fen: i64,
    requested_fen: i64,
) -> Result<TripPurchases, Finding> {
    let after = TripPurchases {
        shop_fen: before.shop_fen + requested_fen,
        abroad_fen: before.abroad_fen.max(abroad_declared_fen),
    };
    if after.total_fen() > allowance_fen {
        let used = before.shop_fen + after.abroad_fen;
        let mut findings = Findings::default();
        findings.add(
            "/lines",
            Code::OverAllowance,
            format!(
                "the allowance is {} CNY per trip; already used {} CNY ({} here, {} abroad); \
                 requested {} CNY; {} CNY remain",
                cny_text(allowance_fen),
                cny_text(used),
                cny_text(before.shop_fen),
                cny_text(after.abroad_fen),
                cny_text(requested_fen),
                cny_text((allowance_fen - used).max(0)),
            ),
        );
        return Err(findings.0.remove(0));
    }
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fen_is_exact() {
        assert_eq!(fen_of(Decimal::new(1234, 2)), Some(1234));
        assert_eq!(fen_of(Decimal::new(12340, 3)), Some(1234));
        assert_eq!(fen_of(Decimal::new(12345, 3)), None);
        assert_eq!(fen_of(Decimal::ZERO), None);
        assert_eq!(fen_of(Decimal::new(-1, 0)), None);
        assert_eq!(cny_text(800_000), "8000.00");
    }

    #[test]
    fn the_allowance_counts_purchases_abroad() {
        let none = TripPurchases::default();
        // 3,000 abroad + 5,000 here is exactly the allowance.
        let after = check_allowance(800_000, none, 300_000, 500_000).unwrap();
        assert_eq!(after.total_fen(), 800_000);
        // One fen more is refused, naming the three amounts.
        let refused = check_allowance(800_000, after, 0, 1).unwrap_err();
        assert_eq!(refused.code, Code::OverAllowance);
        assert!(refused.message.contains("8000.00"), "{}", refused.message);
        assert!(
            refused.message.contains("already used 8000.00"),
            "{}",
            refused.message
        );
        assert!(
            refused.message.contains("requested 0.01"),
            "{}",
            refused.message
        );
        // A later, larger declaration abroad counts once (the largest), not twice.
        let first = check_allowance(800_000, none, 100_000, 100_000).unwrap();
        let second = check_allowance(800_000, first, 200_000, 100_000).unwrap();
        assert_eq!(
            second,
            TripPurchases {
                shop_fen: 200_000,
                abroad_fen: 200_000
            }
        );
    }
}
