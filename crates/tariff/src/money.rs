//! Money arithmetic: `round_fen` (the one rounding of tax amounts) and exact proportional allocation.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds a CNY amount to 0.01 (one fen), half up (midpoint away from zero).
///
/// This is the only rounding of tax amounts in the crate: the engine calls it exactly once
/// per tax per consignment, on the exact sum of the item amounts.
pub fn round_fen(x: Decimal) -> Decimal {
    let mut rounded = x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    // Always show two decimals ("12.50", not "12.5"); increasing the scale is exact.
    rounded.rescale(2);
    rounded
}

/// Decimal places of the parts produced by [`allocate_proportionally`] (in the declaration
/// currency). Eight places keep the allocation error far below a fen while staying exact.
pub const ALLOCATION_SCALE: u32 = 8;

/// Decimal places allowed in allocation weights (item values in the declaration currency).
pub const WEIGHT_SCALE: u32 = 4;

/// Splits `total` over items in proportion to `weights`, exactly: every part has
/// [`ALLOCATION_SCALE`] decimals and the parts sum to `total` exactly (largest remainder).
///
/// `canonical_rank[i]` is item i's position in a canonical (input-order independent) ordering;
/// it breaks ties between equal remainders so that the result does not depend on item order.
///
/// Preconditions (asserted; the engine validates inputs first): `total` is non-negative with at
/// most [`ALLOCATION_SCALE`] decimals and at most 1e12; the weights are non-negative with at most
/// [`WEIGHT_SCALE`] decimals and sum to at most 1e16; they do not sum to zero unless `total` is
/// zero. Within these bounds the i128 arithmetic below is exact (1e20 × 1e20 units < 1.7e38).
pub fn allocate_proportionally(
    total: Decimal,
    weights: &[Decimal],
    canonical_rank: &[usize],
) -> Vec<Decimal> {
    assert_eq!(weights.len(), canonical_rank.len());
    let total_units = to_units(total, ALLOCATION_SCALE);
    let weight_units: Vec<i128> = weights.iter().map(|w| to_units(*w, WEIGHT_SCALE)).collect();
    let parts = allocate_units(total_units, &weight_units, || canonical_rank);
    let parts: Vec<Decimal> = parts
        .into_iter()
        .map(|p| Decimal::from_i128_with_scale(p, ALLOCATION_SCALE))
        .collect();
    debug_assert_eq!(parts.iter().sum::<Decimal>(), total);
    parts
}

/// [`allocate_proportionally`] on integers: `total_units` in units of 10^-[`ALLOCATION_SCALE`],
/// weights in units of 10^-[`WEIGHT_SCALE`] (same preconditions); parts in units of
/// 10^-[`ALLOCATION_SCALE`], summing to `total_units` exactly.
///
/// `canonical_rank` is called only when equal remainders compete for the last leftover
/// units (the only case where the tie break can change the result); it must return one rank
/// per weight.
pub(crate) fn allocate_units<'r>(
    total_units: i128,
    weight_units: &[i128],
    canonical_rank: impl FnOnce() -> &'r [usize],
) -> Vec<i128> {
    allocate_units_each([total_units], weight_units, canonical_rank)
        .into_iter()
        .map(|[part]| part)
        .collect()
}

/// [`allocate_units`] of several totals (freight and insurance) over the same weights, in
/// one pass: part `[i][k]` is total `k`'s share for weight `i`, and each column sums to its
/// total exactly. Each part costs one division; a remainder is recomputed by multiplication
/// (`total × weight − part × weight_sum`) only for a column that has leftover units.
pub(crate) fn allocate_units_each<'r, const N: usize>(
    totals: [i128; N],
    weight_units: &[i128],
    canonical_rank: impl FnOnce() -> &'r [usize],
) -> Vec<[i128; N]> {
    for total in totals {
        assert!(
            (0..=TOTAL_UNITS_MAX).contains(&total),
            "allocation total within limits"
        );
    }
    if totals.iter().all(|&t| t == 0) {
        return vec![[0; N]; weight_units.len()];
    }
    let weight_sum: i128 = weight_units.iter().sum();
    assert!(weight_sum > 0, "allocation over zero weights");
    assert!(
        weight_sum <= WEIGHT_SUM_UNITS_MAX,
        "allocation weights within limits"
    );
    let count = u32::try_from(weight_units.len()).expect("fewer than 2^32 weights");
    let mut parts = Vec::with_capacity(weight_units.len());
    let mut allocated = [0; N];
    for &w in weight_units {
        let mut part = [0; N];
        for k in 0..N {
            // total ≤ 1e20 units, weight ≤ 1e20 units: the product fits (< 1.7e38).
            part[k] = div(totals[k] * w, weight_sum);
            allocated[k] += part[k];
        }
        parts.push(part);
    }
    let mut canonical_rank = Some(canonical_rank);
    let mut rank = || -> &'r [usize] {
        let rank = canonical_rank.take().expect("the rank is computed once")();
        assert_eq!(rank.len(), weight_units.len());
        rank
    };
    let mut rank_once: Option<&'r [usize]> = None;
    let mut rank = || *rank_once.get_or_insert_with(&mut rank);
    for k in 0..N {
        let leftover = usize::try_from(totals[k] - allocated[k]).expect("leftover is non-negative");
        assert!(leftover <= weight_units.len());
        if leftover == 0 {
            continue;
        }
        // Largest remainder first; equal remainders by canonical rank. Each key holds the
        // remainder above bit 32 and the complement of the item's index below, so the
        // largest keys are the largest remainders. Remainders are below the weight sum: in
        // a u64 key when that is below 2^32 (the usual case), else in a u128 (< 2^99).
        let remainders = (0..count)
            .zip(weight_units.iter().zip(&parts))
            .map(|(i, (&w, part))| (i, (totals[k] * w - part[k] * weight_sum) as u128));
        if weight_sum <= i128::from(u32::MAX) {
            let mut keys: Vec<u64> = remainders
                .map(|(i, r)| (r as u64) << 32 | u64::from(u32::MAX - i))
                .collect();
            largest_remainders(&mut keys, leftover, &mut rank, &mut |i| parts[i][k] += 1);
        } else {
            let mut keys: Vec<u128> = remainders
                .map(|(i, r)| r << 32 | u128::from(u32::MAX - i))
                .collect();
            largest_remainders(&mut keys, leftover, &mut rank, &mut |i| parts[i][k] += 1);
        }
    }
    parts
}

/// A selection key: remainder above bit 32, complement of the item's index below.
trait RemainderKey: Copy + Ord {
    fn remainder(self) -> u128;
    fn index(self) -> usize;
}

impl RemainderKey for u64 {
    #[inline]
    fn remainder(self) -> u128 {
        u128::from(self >> 32)
    }
    #[inline]
    fn index(self) -> usize {
        (u32::MAX - self as u32) as usize
    }
}

impl RemainderKey for u128 {
    #[inline]
    fn remainder(self) -> u128 {
        self >> 32
    }
    #[inline]
    fn index(self) -> usize {
        (u32::MAX - self as u32) as usize
    }
}

/// Calls `give` for the `leftover` items with the largest remainders, equal remainders
/// ordered by canonical rank (`rank` is called only when such a tie decides).
#[inline]
fn largest_remainders<'r, K: RemainderKey>(
    keys: &mut [K],
    leftover: usize,
    rank: &mut impl FnMut() -> &'r [usize],
    give: &mut impl FnMut(usize),
) {
    if leftover < keys.len() {
        keys.select_nth_unstable_by(leftover - 1, |a, b| b.cmp(a));
        // The leftover units go to a unique set of items unless an item outside the set
        // has the same remainder as the smallest one inside it: only then does the rank
        // decide.
        let cut = keys[leftover - 1].remainder();
        if keys[leftover..].iter().any(|key| key.remainder() == cut) {
            let rank = rank();
            keys.select_nth_unstable_by(leftover - 1, |a, b| {
                b.remainder()
                    .cmp(&a.remainder())
                    .then(rank[a.index()].cmp(&rank[b.index()]))
            });
        }
    }
    for key in &keys[..leftover] {
        give(key.index());
    }
}

/// `a / b` for `a ≥ 0, b > 0`, with 64-bit division when both fit (the usual case).
#[inline]
fn div(a: i128, b: i128) -> i128 {
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => i128::from(a / b),
        _ => a / b,
    }
}

/// Largest allocation total: 1e12 at [`ALLOCATION_SCALE`].
const TOTAL_UNITS_MAX: i128 = 1_000_000_000_000 * 100_000_000;
/// Largest sum of weights: 1e16 at [`WEIGHT_SCALE`].
const WEIGHT_SUM_UNITS_MAX: i128 = 10_000_000_000_000_000 * 10_000;

fn to_units(x: Decimal, scale: u32) -> i128 {
    // Trailing zeros ("1.00000") are not precision: validation accepts them.
    assert!(!x.is_sign_negative() || x.is_zero());
    crate::fixed::units(x, scale, "allocation amount")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn round_fen_is_half_up_to_two_places() {
        let table = [
            ("1.005", "1.01"),
            ("1.004999", "1.00"),
            ("2.675", "2.68"),
            ("49.995", "50.00"),
            ("0", "0.00"),
            ("12.5", "12.50"),
            ("-1.005", "-1.01"),
        ];
        for (input, expected) in table {
            assert_eq!(
                round_fen(d(input)).to_string(),
                expected,
                "round_fen({input})"
            );
        }
    }

    #[test]
    fn allocation_parts_sum_to_total_exactly() {
        // 100 over three equal weights: 33.33333333 × 3 = 99.99999999, one unit left over
        // goes to the canonically first item.
        let parts = allocate_proportionally(d("100"), &[d("1"), d("1"), d("1")], &[2, 0, 1]);
        assert_eq!(
            parts,
            vec![d("33.33333333"), d("33.33333334"), d("33.33333333")]
        );
        assert_eq!(parts.iter().sum::<Decimal>(), d("100"));
    }

    #[test]
    fn trailing_zeros_beyond_the_weight_scale_are_not_precision() {
        let parts = allocate_proportionally(d("10"), &[d("1.000000"), d("3.0000000")], &[0, 1]);
        assert_eq!(parts, vec![d("2.5"), d("7.5")]);
    }

    #[test]
    fn small_and_wide_remainder_keys_allocate_alike() {
        // Scaling every weight by c keeps each quotient and scales each remainder by c, so
        // the u64 keys (weight sum < 2^32) and the u128 keys (weight sum × c ≥ 2^32) must
        // give the same parts, ties broken by the same ranks.
        let mut x: u64 = 0x853C_49E6_748F_EA9B;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..300 {
            let n = 1 + (next() % 40) as usize;
            let weights: Vec<i128> = (0..n)
                .map(|_| i128::from(next() % if round % 2 == 0 { 5 } else { 100_000 }))
                .collect();
            if weights.iter().sum::<i128>() == 0 {
                continue;
            }
            let wide: Vec<i128> = weights.iter().map(|w| w * 1_000_000).collect();
            let mut rank: Vec<usize> = (0..n).collect();
            rank.reverse();
            let totals = [
                i128::from(next() % 1_000_000_000),
                i128::from(next() % 1_000),
            ];
            let small = allocate_units_each(totals, &weights, || &rank);
            let large = allocate_units_each(totals, &wide, || &rank);
            assert_eq!(small, large, "{weights:?} {totals:?}");
            for k in 0..2 {
                assert_eq!(small.iter().map(|p| p[k]).sum::<i128>(), totals[k]);
            }
        }
    }

    #[test]
    fn allocation_is_proportional() {
        // 30 freight over values 100 and 200: 10 and 20.
        let parts = allocate_proportionally(d("30"), &[d("100"), d("200")], &[0, 1]);
        assert_eq!(parts, vec![d("10"), d("20")]);
    }
}
