//! Internal i128 fixed-point arithmetic of the tax engine: CNY amounts carried at 1e-12, with the overflow bounds.
//!
//! The engine converts the request and the tariff rates to integers once, computes every
//! item amount in `i128` units of [`AMOUNT_SCALE`] (1e-12 CNY), and converts to `Decimal`
//! only for the public result fields. Nothing here uses floats.
//!
//! # Precision
//!
//! An item amount is the exact value of its formula applied to the amounts it is built from,
//! carried at 1e-12 CNY: when the exact value has more than 12 decimals it is rounded half up
//! once, at the 13th decimal ([`mul_div_round`]). That happens for the consumption-tax
//! quotient `base × rate / (1 − rate)` (usually a non-terminating decimal), and, more rarely,
//! when a product has more than 12 decimals (a freight share with 8 decimals times an
//! exchange rate with more than 4, a duty rate with several decimals, the CBEC share). Every
//! other amount, and every consignment total (an exact integer sum of item amounts), is exact.
//! The consignment dutiable value is computed exactly as `(Σ values + freight + insurance) ×
//! exchange_rate` (at most 4 + 8 = 12 decimals). The deviation from the exact rational value
//! is a few 1e-12 CNY per item for ordinary rates (it grows with rate / (1 − rate) for a
//! consumption tax near 100 %); the one legal rounding, [`crate::round_fen`] of each tax total, is unaffected
//! unless the exact total lies within about 1e-9 CNY of a half fen.
//!
//! # Overflow bounds (the limits are asserted where the values enter)
//!
//! Units: amounts at 1e-12 CNY; request values, freight, insurance at 1e-4 (≤ 1e12, so
//! ≤ 1e16 units); allocated freight/insurance at 1e-8 (≤ 1e20 units); exchange rates at
//! 1e-8 (≤ 1e5 CNY, ≤ 1e13 units); duty and consumption-tax fractions at 1e-6 (duties ≤ 10,
//! ≤ 1e7 units; consumption tax < 1, 1 − rate ≥ 1e-6); specific amounts at 1e-4 CNY per unit
//! (≤ 1e9, ≤ 1e13 units); quantities at 1e-6 (≤ 1e9, ≤ 1e15 units); VAT fraction and CBEC
//! share at 1e-6 (≤ 1e6 units). `i128::MAX` ≈ 1.7e38.
//!
//! - item base `value + freight + insurance` ≤ 3e12 → 3e20 units (1e-8); × rate units
//!   1e13 = 3e33 before rescaling; dutiable value ≤ 3e17 CNY = 3e29 units.
//! - consignment base Σ values + freight + insurance ≤ 1.002e15 → 1.002e19 units (1e-4);
//!   × 1e13 = 1e32: the exact consignment dutiable value fits.
//! - ad-valorem duty: 3e29 × 1e7 = 3e36 before division by 1e6 (fits); duty ≤ 3e18 CNY.
//!   specific part: quantity 1e15 × 1e13 = 1e28 units (1e-10) → 1e30 units; duty ≤ 4e30 units.
//! - consumption-tax base ≤ dutiable + duty + specific ≤ 5.3e30 units; the quotient
//!   `base × rate / (1 − rate)` ≤ 5.3e30 × 1e6 = 5.3e36 units (computed without forming a
//!   larger product, see [`mul_div_round`]); consumption tax ≤ 5.4e36 units.
//! - VAT base ≤ 3e29 + 4e30 + 5.4e36 ≤ 5.5e36 units; VAT = base × (rate × share) / 1e12 with
//!   rate × share ≤ 1e12: [`mul_div_round`] keeps every partial product ≤ 5.5e36.
//! - consignment totals: up to 1,000 items × 5.5e36 units could exceed `i128`, so totals are
//!   summed in a [`Total`] that carries whole CNY separately (≤ 5.5e27 CNY) and never overflows.

use rust_decimal::Decimal;

use crate::model::Levy;

/// Decimal places of internal CNY amounts: units of 1e-12 CNY.
pub(crate) const AMOUNT_SCALE: u32 = 12;
/// Decimal places of ad-valorem fractions (percentages with at most 4 decimals), VAT rates
/// and the CBEC share.
pub(crate) const RATE_SCALE: u32 = 6;
/// Decimal places of specific amounts (CNY per legal unit).
pub(crate) const SPECIFIC_SCALE: u32 = 4;
/// Decimal places of exchange rates.
pub(crate) const EXCHANGE_RATE_SCALE: u32 = 8;
/// Largest exchange rate accepted (CNY per unit), as the importer enforces.
pub(crate) const EXCHANGE_RATE_MAX: i128 = 100_000;
/// Largest ad-valorem duty fraction (1000 %), as the importer enforces.
pub(crate) const DUTY_FRACTION_MAX: i128 = 10;
/// Largest specific amount (CNY per unit), as the importer enforces.
pub(crate) const SPECIFIC_MAX: i128 = 1_000_000_000;

/// Decimal places of legal quantities (`REQUEST_QUANTITY_SCALE_MAX`).
pub(crate) const QUANTITY_SCALE: u32 = 6;

/// 1 at [`RATE_SCALE`].
pub(crate) const ONE_RATE: i128 = 1_000_000;

const POW10: [i128; 29] = {
    let mut table = [1i128; 29];
    let mut i = 1;
    while i < 29 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

pub(crate) fn pow10(exp: u32) -> i128 {
    POW10[exp as usize]
}

/// `x` in units of `10^-scale`, exactly; `None` if `x` has more significant decimals.
pub(crate) fn to_units(x: Decimal, scale: u32) -> Option<i128> {
    let (mantissa, s) = (x.mantissa(), x.scale());
    if s <= scale {
        return Some(mantissa * pow10(scale - s));
    }
    let divisor = pow10(s - scale);
    (mantissa % divisor == 0).then(|| mantissa / divisor)
}

/// Like [`to_units`], for values the importer or the engine already guarantees; panics with
/// `what` otherwise.
pub(crate) fn units(x: Decimal, scale: u32, what: &str) -> i128 {
    to_units(x, scale).unwrap_or_else(|| panic!("{what} {x} has more than {scale} decimals"))
}

/// `round_half_up(a × b / c)` for `a ≥ 0`, `0 ≤ b ≤ 1e13`, `0 < c ≤ 1e13`, exact.
///
/// With `a = q·c + r` the result is `q·b + round(r·b / c)` (`q·b` is whole). When `a` and
/// `c·b` fit in 64 bits (every duty and full-rate VAT of an item below 1.8e7 CNY) that is
/// computed with 64-bit divisions only, which the compiler turns into multiplications when
/// `c` is a constant (`ONE_RATE`): no 128-bit division, the slowest step of the old path.
/// Otherwise, when `a × b` fits in `u128` it is divided directly; else the same split is
/// done in 128 bits, where `q·b ≤ a·b/c` and `r·b < c·b ≤ 1e26` both fit, so no partial
/// result exceeds the final one (bounded in the module doc).
#[inline]
pub(crate) fn mul_div_round(a: i128, b: i128, c: i128) -> i128 {
    debug_assert!(a >= 0 && b >= 0 && c > 0);
    if let (Ok(a), Ok(b), Ok(c)) = (u64::try_from(a), u64::try_from(b), u64::try_from(c))
        && c.checked_mul(b).is_some()
    {
        let (q, r) = (a / c, a % c);
        // r < c, so r·b < c·b fits in 64 bits; q·b < 2^64 · 2^64 fits in 128 bits.
        let rb = r * b;
        let (q2, r2) = (rb / c, rb % c);
        return (u128::from(q) * u128::from(b) + u128::from(q2) + u128::from(r2 >= c - r2)) as i128;
    }
    let (a, b, c) = (a as u128, b as u128, c as u128);
    match a.checked_mul(b) {
        Some(p) => div_round(p, c) as i128,
        None => {
            let (q, r) = (a / c, a % c);
            (q * b + div_round(r * b, c)) as i128
        }
    }
}

/// `round_half_up(p / c)`; uses 64-bit division when both fit.
#[inline]
fn div_round(p: u128, c: u128) -> u128 {
    if let (Ok(p), Ok(c)) = (u64::try_from(p), u64::try_from(c)) {
        let (q, r) = (p / c, p % c);
        return u128::from(q) + u128::from(r >= c - r);
    }
    let (q, r) = (p / c, p % c);
    q + u128::from(r >= c - r)
}

/// `x × 10^exp` for amounts that the bounds keep in range.
#[inline]
pub(crate) fn scale_up(x: i128, exp: u32) -> i128 {
    x * pow10(exp)
}

/// An amount in `10^-scale` units as a `Decimal`: exact when it fits in 96 bits (always for
/// amounts below 7.9e16 CNY at 12 decimals); beyond that rounded half up to the decimals that fit.
pub(crate) fn to_decimal(units: i128, scale: u32) -> Decimal {
    let (mut units, mut scale) = (units, scale);
    loop {
        if let Ok(d) = Decimal::try_from_i128_with_scale(units, scale) {
            return d;
        }
        assert!(scale > 0, "amount beyond the range of Decimal");
        let (q, r) = (units / 10, units % 10);
        units = q + i128::from(r >= 5) - i128::from(r <= -5);
        scale -= 1;
    }
}

/// An amount at [`AMOUNT_SCALE`] as a `Decimal`, without trailing zeros when it is whole CNY
/// or whole fen (the common case), so JSON shows `1430` rather than `1430.000000000000`.
#[inline]
pub(crate) fn amount_decimal(units: i128) -> Decimal {
    if let Ok(u) = u64::try_from(units) {
        // A multiple of 1e10 is a multiple of 2^10: the bit test turns most amounts (not
        // whole fen) away before any division.
        if u & 0x3FF == 0 && u % 10_000_000_000 == 0 {
            let fen = u / 10_000_000_000;
            if fen % 100 == 0 {
                return u64_decimal(fen / 100, 0);
            }
            return u64_decimal(fen, 2);
        }
        return u64_decimal(u, AMOUNT_SCALE);
    }
    to_decimal(units, AMOUNT_SCALE)
}

/// A non-negative amount in `10^-scale` units as a `Decimal`, exact (`scale` ≤ 28); the
/// common case, a value that fits in 64 bits, is built directly from its parts.
#[inline]
pub(crate) fn units_decimal(units: i128, scale: u32) -> Decimal {
    match u64::try_from(units) {
        Ok(u) => u64_decimal(u, scale),
        Err(_) => to_decimal(units, scale),
    }
}

/// `u × 10^-scale` as a `Decimal` (the same value and representation as
/// `Decimal::from_i128_with_scale`, without its range checks: a u64 always fits 96 bits).
#[inline]
fn u64_decimal(u: u64, scale: u32) -> Decimal {
    debug_assert!(scale <= 28);
    Decimal::from_parts(u as u32, (u >> 32) as u32, 0, false, scale)
}

/// A levy as integers: ad-valorem fraction at [`RATE_SCALE`], specific CNY per unit at
/// [`SPECIFIC_SCALE`] (zero where the levy has no such part).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FixedLevy {
    pub rate: i128,
    pub specific: i128,
}

impl FixedLevy {
    /// Converts a tariff levy; the importer guarantees the decimals and ranges asserted here.
    #[inline]
    pub(crate) fn new(levy: &Levy) -> Self {
        let rate = |r| units(r, RATE_SCALE, "ad-valorem rate");
        let specific = |s| units(s, SPECIFIC_SCALE, "specific amount");
        let (rate, specific) = match *levy {
            Levy::AdValorem { rate: r } => (rate(r), 0),
            Levy::Specific { cny_per_unit } => (0, specific(cny_per_unit)),
            Levy::Compound {
                rate: r,
                cny_per_unit,
            } => (rate(r), specific(cny_per_unit)),
        };
        assert!(
            (0..=DUTY_FRACTION_MAX * ONE_RATE).contains(&rate),
            "rate within limits"
        );
        assert!(
            (0..=SPECIFIC_MAX * pow10(SPECIFIC_SCALE)).contains(&specific),
            "specific amount within limits"
        );
        FixedLevy { rate, specific }
    }

    /// Like [`FixedLevy::new`], without panicking: `None` when a part has more decimals or a
    /// larger value than the engine's bounds (the importer accepts no such levy). Used to
    /// cache the fixed-point rates in the tariff at import.
    pub(crate) fn try_new(levy: &Levy) -> Option<Self> {
        let (rate, specific) = match *levy {
            Levy::AdValorem { rate } => (to_units(rate, RATE_SCALE)?, 0),
            Levy::Specific { cny_per_unit } => (0, to_units(cny_per_unit, SPECIFIC_SCALE)?),
            Levy::Compound { rate, cny_per_unit } => (
                to_units(rate, RATE_SCALE)?,
                to_units(cny_per_unit, SPECIFIC_SCALE)?,
            ),
        };
        let within = (0..=DUTY_FRACTION_MAX * ONE_RATE).contains(&rate)
            && (0..=SPECIFIC_MAX * pow10(SPECIFIC_SCALE)).contains(&specific);
        within.then_some(FixedLevy { rate, specific })
    }

    /// `quantity × specific` at [`AMOUNT_SCALE`], exact (quantity at [`QUANTITY_SCALE`]).
    #[inline]
    pub(crate) fn specific_part(&self, quantity: i128) -> i128 {
        // 1e15 × 1e13 = 1e28 units of 1e-10, × 100 = 1e30 units of 1e-12.
        scale_up(
            quantity * self.specific,
            AMOUNT_SCALE - QUANTITY_SCALE - SPECIFIC_SCALE,
        )
    }

    /// `base × rate + quantity × specific` at [`AMOUNT_SCALE`] (the duty-style amount).
    #[inline]
    pub(crate) fn amount(&self, base: i128, quantity: i128) -> i128 {
        let ad_valorem = if self.rate == 0 {
            0
        } else {
            mul_div_round(base, self.rate, ONE_RATE)
        };
        let specific = if self.specific == 0 {
            0
        } else {
            self.specific_part(quantity)
        };
        ad_valorem + specific
    }
}

/// An exact sum of non-negative item amounts at [`AMOUNT_SCALE`] that cannot overflow: whole
/// CNY move to `whole_cny` whenever the running sum would leave `i128`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Total {
    units: i128,
    whole_cny: i128,
}

impl Total {
    #[inline]
    pub(crate) fn add(&mut self, amount: i128) {
        debug_assert!(amount >= 0);
        match self.units.checked_add(amount) {
            Some(sum) => self.units = sum,
            None => {
                let one = pow10(AMOUNT_SCALE);
                self.whole_cny += self.units / one;
                self.units = self.units % one + amount;
            }
        }
    }

    /// The exact sum as a `Decimal` (rounded to the decimals that fit only above 7.9e16 CNY).
    pub(crate) fn to_decimal(self) -> Decimal {
        if self.whole_cny == 0 {
            return amount_decimal(self.units);
        }
        let one = pow10(AMOUNT_SCALE);
        let whole = self.whole_cny + self.units / one;
        let frac = self.units % one;
        // whole ≤ 5.5e27 CNY: keep as many of the 12 decimals as fit in 96 bits.
        let mut scale = AMOUNT_SCALE;
        while scale > 0 && whole.checked_mul(pow10(scale)).is_none_or(|w| w >= 1 << 96) {
            scale -= 1;
        }
        let divisor = pow10(AMOUNT_SCALE - scale);
        let (q, r) = (frac / divisor, frac % divisor);
        let frac_units = q + i128::from(divisor > 1 && r >= divisor - r);
        to_decimal(whole * pow10(scale) + frac_units, scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn units_are_exact_or_refused() {
        assert_eq!(to_units(d("7.1572"), 8), Some(715_720_000));
        assert_eq!(to_units(d("1.50000000000"), 4), Some(15_000));
        assert_eq!(to_units(d("1.00001"), 4), None);
    }

    #[test]
    fn mul_div_rounds_half_up_without_overflow() {
        assert_eq!(mul_div_round(5, 1, 10), 1);
        assert_eq!(mul_div_round(4, 1, 10), 0);
        assert_eq!(mul_div_round(15, 1, 10), 2);
        // 2100 CNY × 0.15 / 0.85 = 370.588235294117647… → 370.588235294118
        assert_eq!(
            mul_div_round(2_100 * pow10(12), 150_000, 850_000),
            370_588_235_294_118
        );
        // a × b overflows i128: split path gives the same exact rounding.
        let a = 5_000_000_000_000_000_000_000_000_000_000_000i128;
        let want = (a / 7) * 3 + ((a % 7) * 3 + 3) / 7; // round(a × 3 / 7), half up
        assert_eq!(mul_div_round(a, 3_000_000, 7_000_000), want);
    }

    #[test]
    fn mul_div_fast_path_equals_the_wide_division() {
        // The 64-bit split path against round_half_up(a × b / c) computed in u128.
        let wide = |a: i128, b: i128, c: i128| {
            let p = a as u128 * b as u128;
            let (q, r) = (p / c as u128, p % c as u128);
            (q + u128::from(r >= c as u128 - r)) as i128
        };
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let cs = [1, 2, 3, 7, 850_000, 999_999, ONE_RATE, pow10(12), pow10(13)];
        for _ in 0..20_000 {
            let a = i128::from(next() >> (next() % 64));
            let b = i128::from(next() % 10_000_001);
            let c = cs[(next() % cs.len() as u64) as usize];
            assert_eq!(mul_div_round(a, b, c), wide(a, b, c), "{a} × {b} / {c}");
        }
        for (a, b, c) in [
            (u64::MAX as i128, 10_000_000, ONE_RATE),
            (500_000, 1, ONE_RATE),
            (499_999, 1, ONE_RATE),
            (0, 7, 3),
            (u64::MAX as i128, 1, 1),
        ] {
            assert_eq!(mul_div_round(a, b, c), wide(a, b, c), "{a} × {b} / {c}");
        }
    }

    #[test]
    fn fixed_levies_convert_or_refuse_without_panicking() {
        let levy = Levy::Compound {
            rate: d("0.03"),
            cny_per_unit: d("12960"),
        };
        assert_eq!(FixedLevy::try_new(&levy), Some(FixedLevy::new(&levy)));
        let too_precise = Levy::AdValorem {
            rate: d("0.0000001"),
        };
        assert_eq!(FixedLevy::try_new(&too_precise), None);
        let too_high = Levy::AdValorem { rate: d("11") };
        assert_eq!(FixedLevy::try_new(&too_high), None);
    }

    #[test]
    fn totals_never_overflow_and_stay_exact() {
        let mut t = Total::default();
        for _ in 0..1_000 {
            t.add(5_500_000_000_000_000_000_000_000_000_000_000_000);
        }
        assert_eq!(t.to_decimal(), d("5500000000000000000000000000"));
        let mut t = Total::default();
        t.add(1_005 * pow10(10));
        t.add(2);
        assert_eq!(t.to_decimal(), d("10.050000000002"));
    }

    #[test]
    fn amounts_convert_without_needless_zeros() {
        assert_eq!(amount_decimal(1_430 * pow10(12)).to_string(), "1430");
        assert_eq!(amount_decimal(72_150 * pow10(10)).to_string(), "721.50");
        assert_eq!(amount_decimal(1).to_string(), "0.000000000001");
        // The same value and scale as the plain rule (whole CNY, else whole fen, else 12).
        for units in [
            0u64,
            1 << 10,
            10_000_000_000,
            1_000_000_000_000,
            1_010_000_000_000,
            1_000_000_000_001,
            1_024_000_000_000_000,
            123_456_789_012_345,
            u64::MAX,
        ] {
            let want = if units % 1_000_000_000_000 == 0 {
                Decimal::from_i128_with_scale(i128::from(units / 1_000_000_000_000), 0)
            } else if units % 10_000_000_000 == 0 {
                Decimal::from_i128_with_scale(i128::from(units / 10_000_000_000), 2)
            } else {
                Decimal::from_i128_with_scale(i128::from(units), 12)
            };
            let got = amount_decimal(i128::from(units));
            assert_eq!((got, got.scale()), (want, want.scale()), "{units}");
        }
        for (units, scale) in [
            (0, 8),
            (12_345_678_901, 8),
            (u64::MAX as i128, 12),
            (1 << 70, 8),
        ] {
            let d = units_decimal(units, scale);
            assert_eq!(d, Decimal::from_i128_with_scale(units, scale));
            assert_eq!(d.scale(), scale);
        }
    }
}
