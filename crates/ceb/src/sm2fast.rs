//! SM2 signature verification (GB/T 32918.2 §7, steps B1–B7) with precomputed tables.
//!
//! The platform verifies every signed CEB message against the sender's registered key, so
//! the two points of the verification equation `(x1, y1) = [s]G + [t]P` are known in
//! advance: `G` is the curve's generator and `P` one of a few registered keys. This module
//! keeps, for each, a table of affine multiples per fixed-size window of the scalar — the
//! product is then one mixed addition per non-zero window, with no doubling at all — where
//! the `sm2` crate's general verifier (constant time, for any point) does 256 doublings and
//! 128 projective additions. Field arithmetic is the `sm2` crate's own; the point
//! additions are ours, in Jacobian coordinates (madd-2007-bl, dbl-2001-b from the
//! Explicit-Formulas Database), so that step B7 compares `x1` with `r − e` as
//! `X = (r − e)·Z²` instead of inverting `Z` (≈ 30 µs of constant-time inversion saved
//! per check).
//!
//! **Variable time, on purpose**: every input (the public key, the signature, the message
//! digest) is public, so no secret can leak through timing. Do not use these tables with a
//! secret scalar.
//!
//! Tables: the generator's is built once per process ([`G_WINDOW_BITS`]-bit windows,
//! 32 × 255 points ≈ 0.6 MB); a key's is built on the key's first verification
//! ([`P_WINDOW_BITS`]-bit windows, 64 × 15 points ≈ 70 KB), and a key that has verified
//! [`P_WIDE_AFTER_VERIFICATIONS`] signatures gets a second one as wide as the generator's.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{LazyLock, OnceLock};

use sm2::elliptic_curve::PrimeField as _;
use sm2::elliptic_curve::group::Curve as _;
use sm2::elliptic_curve::hazmat::FieldArithmetic;
use sm2::elliptic_curve::ops::Reduce;
use sm2::elliptic_curve::point::AffineCoordinates;
use sm2::{AffinePoint, FieldBytes, ProjectivePoint, Scalar};
use sm3::{Digest, Sm3};

/// Window width of the generator's table (bits of the scalar per mixed addition).
pub const G_WINDOW_BITS: u32 = 8;
/// Window width of a registered key's table.
pub const P_WINDOW_BITS: u32 = 4;
/// Window width of a busy key's second table (as wide as the generator's).
pub const P_WIDE_WINDOW_BITS: u32 = 8;
/// Verifications with a key after which it gets its wide table (≈ 0.6 MB, ≈ 10 ms to build
/// once): 32 mixed additions per product instead of 64, for the senders that send most.
pub const P_WIDE_AFTER_VERIFICATIONS: u32 = 1_024;

/// Curve parameters of GB/T 32918.5 (the recommended SM2 curve), big-endian: `a`, `b`,
/// `xG`, `yG` — the fixed part of the signer's identity hash `Z_A`.
const CURVE_A: [u8; 32] = hex32("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC");
const CURVE_B: [u8; 32] = hex32("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93");
const GENERATOR_X: [u8; 32] =
    hex32("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7");
const GENERATOR_Y: [u8; 32] =
    hex32("BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0");

const fn hex32(s: &str) -> [u8; 32] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("upper-case hex"),
        }
    }
    let s = s.as_bytes();
    assert!(s.len() == 64);
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = nibble(s[2 * i]) << 4 | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

/// An element of the curve's base field (the `sm2` crate's own, reached through its
/// `FieldArithmetic` implementation).
type Fe = <sm2::Sm2 as FieldArithmetic>::FieldElement;

fn fe(bytes: FieldBytes) -> Fe {
    Option::from(Fe::from_repr(bytes)).expect("an affine coordinate is a canonical field element")
}

/// A point in Jacobian coordinates, `(X : Y : Z)` for the affine `(X/Z², Y/Z³)`; `Z = 0`
/// is the point at infinity. The accumulator of a verification: mixed additions of
/// affine table entries cost 8 multiplications and 3 squarings (variable time, public
/// data only), and the final comparison needs no field inversion (see
/// [`Jacobian::x_equals`]).
#[derive(Clone, Copy, Debug)]
struct Jacobian {
    x: Fe,
    y: Fe,
    z: Fe,
}

impl Jacobian {
    const INFINITY: Jacobian = Jacobian {
        x: Fe::ONE,
        y: Fe::ONE,
        z: Fe::ZERO,
    };

    fn is_infinity(&self) -> bool {
        bool::from(self.z.is_zero())
    }

    /// `2·self` (dbl-2001-b for `a = −3`; the curve has no point of order two).
    fn double(&self) -> Jacobian {
        if self.is_infinity() {
            return *self;
        }
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x * gamma;
        let alpha = (self.x - delta) * (self.x + delta);
        let alpha = alpha.double() + alpha;
        let beta4 = beta.double().double();
        let x3 = alpha.square() - beta4.double();
        let z3 = (self.y + self.z).square() - gamma - delta;
        let gamma2_8 = gamma.square().double().double().double();
        let y3 = alpha * (beta4 - x3) - gamma2_8;
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `self + (x2, y2)` for an affine point (madd-2007-bl), with the doubling and
    /// inverse cases handled.
    fn add_affine(&self, x2: &Fe, y2: &Fe) -> Jacobian {
        if self.is_infinity() {
            return Jacobian {
                x: *x2,
                y: *y2,
                z: Fe::ONE,
            };
        }
        let z1z1 = self.z.square();
        let u2 = *x2 * z1z1;
        let s2 = *y2 * self.z * z1z1;
        let h = u2 - self.x;
        let r_half = s2 - self.y;
        if bool::from(h.is_zero()) {
            return if bool::from(r_half.is_zero()) {
                self.double()
            } else {
                Jacobian::INFINITY
            };
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h * i;
        let r = r_half.double();
        let v = self.x * i;
        let x3 = r.square() - j - v.double();
        let y3 = r * (v - x3) - (self.y * j).double();
        let z3 = (self.z + h).square() - z1z1 - hh;
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// Whether the affine x-coordinate `X/Z²` equals `candidate`, by `X = candidate·Z²`
    /// (no inversion). Not for the point at infinity.
    fn x_equals(&self, candidate: &Fe) -> bool {
        self.x == *candidate * self.z.square()
    }

    /// The affine x-coordinate (one inversion). Not for the point at infinity.
    fn affine_x(&self) -> FieldBytes {
        let z_inv: Fe = Option::from(self.z.square().invert()).expect("not the point at infinity");
        (self.x * z_inv).to_repr()
    }
}

/// Affine multiples of one point: entry `w·(2^bits − 1) + (d − 1)` is `d · 2^(bits·w) · Q`
/// for every window `w` and digit `d` in `1..2^bits`, as field-element pairs.
pub struct FixedBaseTable {
    bits: u32,
    points: Vec<(Fe, Fe)>,
}

impl FixedBaseTable {
    /// Builds the table of `base` (not the identity) with `bits`-bit windows (1, 2, 4 or 8).
    pub fn new(base: &AffinePoint, bits: u32) -> Self {
        assert!(matches!(bits, 1 | 2 | 4 | 8), "window width divides 8");
        let windows = 256 / bits as usize;
        let per = (1usize << bits) - 1;
        let mut projective = Vec::with_capacity(windows * per);
        let mut window_base = ProjectivePoint::from(*base);
        for _ in 0..windows {
            let mut multiple = window_base;
            for _ in 0..per {
                projective.push(multiple);
                multiple += window_base;
            }
            // `multiple` is now 2^bits times this window's base: the next window's base.
            window_base = multiple;
        }
        let mut affine = vec![AffinePoint::IDENTITY; projective.len()];
        ProjectivePoint::batch_normalize(&projective, &mut affine);
        let points = affine.iter().map(|p| (fe(p.x()), fe(p.y()))).collect();
        FixedBaseTable { bits, points }
    }

    /// `acc + [k]Q`, in variable time (public scalars only).
    fn mul_add(&self, k: &Scalar, mut acc: Jacobian) -> Jacobian {
        let bytes = k.to_bytes(); // big-endian
        let per = (1usize << self.bits) - 1;
        let mask = per as u8;
        let digits_per_byte = 8 / self.bits as usize;
        for (byte_index, &byte) in bytes.iter().rev().enumerate() {
            for j in 0..digits_per_byte {
                let digit = usize::from((byte >> (j as u32 * self.bits)) & mask);
                if digit != 0 {
                    let window = byte_index * digits_per_byte + j;
                    let (x, y) = &self.points[window * per + digit - 1];
                    acc = acc.add_affine(x, y);
                }
            }
        }
        acc
    }
}

static GENERATOR_TABLE: LazyLock<FixedBaseTable> =
    LazyLock::new(|| FixedBaseTable::new(&AffinePoint::GENERATOR, G_WINDOW_BITS));

/// A registered SM2 public key prepared for verification: its identity hash `Z_A` (for the
/// distinguishing identifier it was registered with) and its table.
pub struct PreparedKey {
    key: AffinePoint,
    identity_hash: [u8; 32],
    table: FixedBaseTable,
    /// Verifications so far (counted until the wide table exists).
    uses: AtomicU32,
    wide_after: u32,
    wide: OnceLock<FixedBaseTable>,
}

impl PreparedKey {
    /// Prepares `key` (a valid curve point, not the identity) for signatures made with the
    /// distinguishing identifier `dist_id` (at most 8,191 bytes, as `Z_A` encodes its bit
    /// length in 16 bits).
    pub fn new(key: &AffinePoint, dist_id: &[u8]) -> Self {
        Self::with_wide_table_after(key, dist_id, P_WIDE_AFTER_VERIFICATIONS)
    }

    /// [`PreparedKey::new`] with the wide table built after `wide_after` verifications
    /// (0: at the first).
    pub fn with_wide_table_after(key: &AffinePoint, dist_id: &[u8], wide_after: u32) -> Self {
        let bits =
            u16::try_from(dist_id.len() * 8).expect("distinguishing identifier ≤ 8191 bytes");
        let mut z = Sm3::new();
        z.update(bits.to_be_bytes());
        z.update(dist_id);
        z.update(CURVE_A);
        z.update(CURVE_B);
        z.update(GENERATOR_X);
        z.update(GENERATOR_Y);
        z.update(key.x());
        z.update(key.y());
        PreparedKey {
            key: *key,
            identity_hash: z.finalize().into(),
            table: FixedBaseTable::new(key, P_WINDOW_BITS),
            uses: AtomicU32::new(0),
            wide_after,
            wide: OnceLock::new(),
        }
    }

    /// The table to multiply by this key: the wide one once the key is busy.
    fn table(&self) -> &FixedBaseTable {
        if let Some(wide) = self.wide.get() {
            return wide;
        }
        if self.uses.fetch_add(1, Ordering::Relaxed) >= self.wide_after {
            return self
                .wide
                .get_or_init(|| FixedBaseTable::new(&self.key, P_WIDE_WINDOW_BITS));
        }
        &self.table
    }

    /// Verifies the signature `(r, s)` (both in `1..n`, as `sm2::dsa::Signature` guarantees)
    /// of `message`.
    pub fn verify(&self, message: &[u8], r: &Scalar, s: &Scalar) -> bool {
        // B3, B4: e = SM3(Z_A ‖ M)
        let digest: [u8; 32] = Sm3::new_with_prefix(self.identity_hash)
            .chain_update(message)
            .finalize()
            .into();
        let e = <Scalar as Reduce<FieldBytes>>::reduce(&FieldBytes::from(digest));
        // B5: t = (r + s) mod n ≠ 0
        let t = *r + *s;
        if bool::from(t.is_zero()) {
            return false;
        }
        // B6: (x1, y1) = [s]G + [t]P, not the point at infinity
        let point = self
            .table()
            .mul_add(&t, GENERATOR_TABLE.mul_add(s, Jacobian::INFINITY));
        if point.is_infinity() {
            return false;
        }
        // B7: R = (e + x1) mod n = r, i.e. x1 ≡ r − e (mod n). x1 < p, so x1 is r − e or,
        // when that is below p − n, r − e + n. The first (all but never the second) is
        // checked without an inversion; anything else takes the exact affine comparison.
        let expected = *r - e;
        if point.x_equals(&fe(expected.to_bytes())) {
            return true;
        }
        let x = point.affine_x();
        *r == e + <Scalar as Reduce<FieldBytes>>::reduce(&x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sm2::dsa::signature::{Signer as _, Verifier as _};

    const ID: &str = "1234567812345678";

    fn signature_scalars(sig: &sm2::dsa::Signature) -> (Scalar, Scalar) {
        (*sig.r(), *sig.s())
    }

    /// The affine coordinates of a Jacobian point (two inversions; tests only).
    fn affine(p: &Jacobian) -> (Fe, Fe) {
        let z_inv: Fe = Option::from(p.z.invert()).unwrap();
        let z2 = z_inv.square();
        (p.x * z2, p.y * z2 * z_inv)
    }

    fn crate_affine(p: ProjectivePoint) -> (Fe, Fe) {
        let a = p.to_affine();
        (fe(a.x()), fe(a.y()))
    }

    #[test]
    fn tables_multiply_like_the_crate() {
        let g = FixedBaseTable::new(&AffinePoint::GENERATOR, 8);
        let g4 = FixedBaseTable::new(&AffinePoint::GENERATOR, 4);
        for k in [
            Scalar::ONE,
            Scalar::from(255u64),
            Scalar::from(256u64),
            -Scalar::ONE,
            Scalar::from(0x0123_4567_89ab_cdefu64),
        ] {
            let expected = crate_affine(ProjectivePoint::GENERATOR * k);
            assert_eq!(affine(&g.mul_add(&k, Jacobian::INFINITY)), expected);
            assert_eq!(affine(&g4.mul_add(&k, Jacobian::INFINITY)), expected);
        }
        assert!(g.mul_add(&Scalar::ZERO, Jacobian::INFINITY).is_infinity());
    }

    #[test]
    fn jacobian_additions_cover_doubling_and_inverses() {
        let (gx, gy) = crate_affine(ProjectivePoint::GENERATOR);
        let g = Jacobian::INFINITY.add_affine(&gx, &gy);
        // G + G takes the doubling branch of the mixed addition.
        let two_g = g.add_affine(&gx, &gy);
        assert_eq!(
            affine(&two_g),
            crate_affine(ProjectivePoint::GENERATOR + ProjectivePoint::GENERATOR)
        );
        assert_eq!(affine(&g.double()), affine(&two_g));
        // 2G + G, then (−G) + G = infinity.
        let three_g = two_g.add_affine(&gx, &gy);
        assert_eq!(
            affine(&three_g),
            crate_affine(ProjectivePoint::GENERATOR * Scalar::from(3u64))
        );
        let minus_g = Jacobian::INFINITY.add_affine(&gx, &-gy);
        assert!(minus_g.add_affine(&gx, &gy).is_infinity());
        assert!(Jacobian::INFINITY.double().is_infinity());
        // The inversion-free x comparison agrees with the affine one, on a point whose Z ≠ 1.
        let (x3, _) = affine(&three_g);
        assert!(three_g.x_equals(&x3));
        assert!(!three_g.x_equals(&(x3 + Fe::ONE)));
        assert_eq!(three_g.affine_x(), x3.to_repr());
    }

    #[test]
    fn agrees_with_the_crate_on_valid_and_altered_signatures() {
        for round in 0..6u8 {
            let signing = random_key();
            let verifying = signing.verifying_key();
            let prepared = PreparedKey::new(verifying.as_affine(), ID.as_bytes());
            let message = format!("<CEB621Message guid=\"{round}\">parcel {round}</CEB621Message>");
            let sig: sm2::dsa::Signature = signing.sign(message.as_bytes());
            let (r, s) = signature_scalars(&sig);
            assert!(verifying.verify(message.as_bytes(), &sig).is_ok());
            assert!(
                prepared.verify(message.as_bytes(), &r, &s),
                "valid, round {round}"
            );
            // Another message, swapped or altered scalars: both refuse.
            let other = format!("{message} ");
            assert!(verifying.verify(other.as_bytes(), &sig).is_err());
            assert!(!prepared.verify(other.as_bytes(), &r, &s));
            assert!(!prepared.verify(message.as_bytes(), &s, &r));
            assert!(!prepared.verify(message.as_bytes(), &(r + Scalar::ONE), &s));
            assert!(!prepared.verify(message.as_bytes(), &r, &(s + Scalar::ONE)));
            // t = r + s = 0 is refused (B5).
            assert!(!prepared.verify(message.as_bytes(), &r, &(-r)));
            // Another key refuses.
            let stranger = random_key();
            let stranger = PreparedKey::new(stranger.verifying_key().as_affine(), ID.as_bytes());
            assert!(!stranger.verify(message.as_bytes(), &r, &s));
            // The wide table (built at the first verification here) agrees.
            let wide = PreparedKey::with_wide_table_after(verifying.as_affine(), ID.as_bytes(), 0);
            assert!(
                wide.verify(message.as_bytes(), &r, &s),
                "wide, round {round}"
            );
            assert!(wide.wide.get().is_some(), "the wide table was built");
            assert!(!wide.verify(other.as_bytes(), &r, &s));
            assert!(!wide.verify(message.as_bytes(), &r, &(s + Scalar::ONE)));
            // Another distinguishing identifier gives another Z_A: refused.
            let other_id = PreparedKey::new(verifying.as_affine(), b"ALICE123@YAHOO.COM");
            assert!(!other_id.verify(message.as_bytes(), &r, &s));
        }
    }

    fn random_key() -> sm2::dsa::SigningKey {
        loop {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).unwrap();
            if let Ok(k) = sm2::dsa::SigningKey::from_slice(ID, &bytes) {
                return k;
            }
        }
    }
}
