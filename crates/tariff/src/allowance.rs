//! The port duty-free shop allowance (口岸进境免税店): purchases abroad plus shop purchases within a traveller's allowance.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::quote::TaxError;

/// Default allowance per traveller per entry: 8,000 CNY.
pub const DEFAULT_DUTY_FREE_ALLOWANCE_CNY: Decimal = Decimal::from_parts(8_000, 0, 0, false, 0);

/// Outcome of an allowance check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowanceCheck {
    pub allowance_cny: Decimal,
    pub purchases_abroad_cny: Decimal,
    pub shop_purchase_cny: Decimal,
    /// `purchases_abroad_cny + shop_purchase_cny`.
    pub total_cny: Decimal,
    /// `total_cny <= allowance_cny`: the shop purchase may be sold duty free.
    pub within_allowance: bool,
    /// Allowance left after this purchase (0 when exceeded).
    pub remaining_cny: Decimal,
    /// Amount above the allowance (0 when within).
    pub excess_cny: Decimal,
}

/// Checks a port duty-free shop purchase against the traveller's allowance, which also covers
/// the goods bought abroad on the same trip. Pure: amounts in, decision out.
pub fn duty_free_allowance_check(
    purchases_abroad: Decimal,
    shop_purchase: Decimal,
    allowance: Decimal,
) -> Result<AllowanceCheck, TaxError> {
    for (field, x) in [
        ("purchases_abroad", purchases_abroad),
        ("shop_purchase", shop_purchase),
        ("allowance", allowance),
    ] {
        if x.is_sign_negative() && !x.is_zero() {
            return Err(TaxError::InvalidAmount {
                item: None,
                field: field.to_owned(),
                reason: "must not be negative".into(),
            });
        }
    }
    let total_cny = purchases_abroad + shop_purchase;
    let within_allowance = total_cny <= allowance;
    Ok(AllowanceCheck {
        allowance_cny: allowance,
        purchases_abroad_cny: purchases_abroad,
        shop_purchase_cny: shop_purchase,
        total_cny,
        within_allowance,
        remaining_cny: if within_allowance {
            allowance - total_cny
        } else {
            Decimal::ZERO
        },
        excess_cny: if within_allowance {
            Decimal::ZERO
        } else {
            total_cny - allowance
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowance_table() {
        let d = Decimal::from;
        // (abroad, shop, allowance, within, remaining, excess)
        let table = [
            (
                d(3_000),
                d(5_000),
                DEFAULT_DUTY_FREE_ALLOWANCE_CNY,
                true,
                d(0),
                d(0),
            ),
            (
                d(3_000),
                d(4_000),
                DEFAULT_DUTY_FREE_ALLOWANCE_CNY,
                true,
                d(1_000),
                d(0),
            ),
            (
                d(3_000),
                d(5_001),
                DEFAULT_DUTY_FREE_ALLOWANCE_CNY,
                false,
                d(0),
                d(1),
            ),
            (d(0), d(12_000), d(15_000), true, d(3_000), d(0)),
        ];
        for (abroad, shop, allowance, within, remaining, excess) in table {
            let c = duty_free_allowance_check(abroad, shop, allowance).unwrap();
            assert_eq!(
                (c.within_allowance, c.remaining_cny, c.excess_cny),
                (within, remaining, excess)
            );
        }
        assert_eq!(DEFAULT_DUTY_FREE_ALLOWANCE_CNY, d(8_000));
        let err = duty_free_allowance_check(d(-1), d(0), d(8_000)).unwrap_err();
        assert_eq!(err.code(), "invalid_amount");
    }
}
