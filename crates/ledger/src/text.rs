//! Decimals written as text on hot paths: the same characters as `Decimal`'s `Display`, with
//! a fast path for whole numbers (the usual quantity), which skips the decimal's digit-by-digit
//! division.

use rust_decimal::Decimal;
use std::fmt;

/// `value` as `value.to_string()` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecimalText(pub Decimal);

impl fmt::Display for DecimalText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0;
        // (A negative zero keeps its sign in `Decimal`'s text: leave it to `Decimal`.)
        if value.scale() == 0
            && !(value.is_zero() && value.is_sign_negative())
            && let Ok(whole) = i64::try_from(value.mantissa())
        {
            return fmt::Display::fmt(&whole, f);
        }
        fmt::Display::fmt(&value, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn the_text_is_the_decimals_own() {
        let mut values: Vec<Decimal> = [
            "0",
            "-0",
            "0.0",
            "1",
            "-1",
            "10",
            "10.500",
            "0.00001",
            "-0.5",
            "123456789",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "1000000000000",
            "2.0",
        ]
        .iter()
        .map(|t| Decimal::from_str(t).unwrap())
        .collect();
        values.push(Decimal::new(-0, 0));
        values.push(-Decimal::ZERO);
        values.push(Decimal::from_i128_with_scale(-0, 3));
        values.push(Decimal::MAX);
        values.push(Decimal::MIN);
        for i in -1_000i64..1_000 {
            values.push(Decimal::from(i * 7919));
            values.push(Decimal::new(i, 2));
        }
        for value in values {
            assert_eq!(
                DecimalText(value).to_string(),
                value.to_string(),
                "{value:?}"
            );
            let normalized = value.normalize();
            assert_eq!(
                DecimalText(normalized).to_string(),
                normalized.to_string(),
                "{value:?}"
            );
        }
    }
}
