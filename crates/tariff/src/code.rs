//! Identifier newtypes parsed once at the edge: `TariffCode` (10 digits), `LegalUnit` (customs unit code), `AgreementCode` and `CountryCode` (inline, `Copy`, serialized as strings).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Errors from parsing tariff identifiers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TariffError {
    #[error("tariff code {0:?} is not exactly 10 digits")]
    InvalidTariffCode(String),
    #[error("legal unit {0:?} is not a known 3-digit customs unit code")]
    UnknownLegalUnit(String),
    #[error("agreement code {0:?}: use 1-16 of A-Z, 0-9 and '-', starting with a letter")]
    InvalidAgreementCode(String),
    #[error("country {0:?} is not an ISO alpha-3 code")]
    InvalidCountry(String),
}

impl TariffError {
    /// Stable snake_case code callers can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            TariffError::InvalidTariffCode(_) => "invalid_tariff_code",
            TariffError::UnknownLegalUnit(_) => "unknown_unit",
            TariffError::InvalidAgreementCode(_) => "invalid_agreement_code",
            TariffError::InvalidCountry(_) => "invalid_country",
        }
    }
}

/// A 10-digit Chinese tariff line code; the first 6 digits are the HS subheading.
///
/// Stored as ten ASCII digits so it is `Copy` and cheap to hash.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TariffCode([u8; 10]);

impl std::hash::Hash for TariffCode {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.as_number());
    }
}

/// Whether all ten bytes are ASCII digits; the first eight are checked at once (a byte is a
/// digit iff its high nibble is 3 and adding 6 does not carry out of its low nibble).
#[inline]
fn all_ascii_digits(bytes: &[u8; 10]) -> bool {
    let [head @ .., d8, d9] = *bytes;
    let head: [u8; 8] = head;
    let v = u64::from_le_bytes(head);
    let high = 0xF0F0_F0F0_F0F0_F0F0;
    let eight =
        (v & high) | ((v.wrapping_add(0x0606_0606_0606_0606) & high) >> 4) == 0x3333_3333_3333_3333;
    eight && d8.is_ascii_digit() && d9.is_ascii_digit()
}

/// Hashes a `TariffCode` (one `u64`) with a multiply-shift: tariff codes are validated digits
/// from the tariff file, so the index needs no DoS-resistant hasher, and SipHash would make
/// lookups several times slower.
#[derive(Debug, Clone, Copy, Default)]
pub struct CodeHasherBuilder;

impl std::hash::BuildHasher for CodeHasherBuilder {
    type Hasher = CodeHasher;
    fn build_hasher(&self) -> CodeHasher {
        CodeHasher(0)
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct CodeHasher(u64);

impl std::hash::Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl TariffCode {
    /// Parses exactly ten ASCII digits, no spaces or dots.
    pub fn parse(s: &str) -> Result<Self, TariffError> {
        let bytes = s.as_bytes();
        match <[u8; 10]>::try_from(bytes) {
            Ok(digits) if all_ascii_digits(&digits) => Ok(TariffCode(digits)),
            _ => Err(TariffError::InvalidTariffCode(s.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("tariff code holds ASCII digits only")
    }

    /// The code as a number (ten digits fit a u64).
    #[inline]
    pub fn as_number(&self) -> u64 {
        // The first eight digits at once (SWAR, as in simdjson's eight-digit parser):
        // digit pairs, then quadruples, then the eight-digit value; then the last two.
        let [head @ .., d8, d9] = self.0;
        let head: [u8; 8] = head;
        let v = u64::from_le_bytes(head).wrapping_sub(0x3030_3030_3030_3030);
        let v = v.wrapping_mul(10).wrapping_add(v >> 8);
        let mask = 0x0000_00FF_0000_00FF;
        let v = (v & mask)
            .wrapping_mul(100 + (1_000_000 << 32))
            .wrapping_add(((v >> 16) & mask).wrapping_mul(1 + (10_000 << 32)))
            >> 32;
        (v & 0xFFFF_FFFF) * 100 + u64::from(d8 - b'0') * 10 + u64::from(d9 - b'0')
    }

    /// The 6-digit HS subheading (first six digits).
    pub fn hs6(&self) -> &str {
        &self.as_str()[..6]
    }

    /// The 2-digit HS chapter.
    pub fn chapter(&self) -> &str {
        &self.as_str()[..2]
    }
}

impl std::fmt::Debug for TariffCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TariffCode({})", self.as_str())
    }
}

impl std::fmt::Display for TariffCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for TariffCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for TariffCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TariffCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// GACC legal (statutory) units of measure accepted in the tariff file, by 3-digit code.
/// Only units the crate knows are accepted, so a typo cannot silently become a new unit.
/// `counted` marks units that count pieces (used by the CBEC single indivisible item rule).
const LEGAL_UNITS: &[(&str, &str, &str, bool)] = &[
    // (code, Chinese name, English name, counted)
    ("001", "台", "set (machine)", true),
    ("003", "辆", "vehicle", true),
    ("006", "套", "set", true),
    ("007", "个", "piece", true),
    ("008", "只", "piece (item)", true),
    ("011", "件", "article", true),
    ("012", "支", "stick", true),
    ("025", "双", "pair", true),
    ("030", "米", "metre", false),
    ("032", "平方米", "square metre", false),
    ("035", "千克", "kilogram", false),
    ("036", "克", "gram", false),
    ("095", "升", "litre", false),
    ("096", "毫升", "millilitre", false),
    ("140", "盒", "box", true),
    ("142", "瓶", "bottle", true),
];

/// A customs legal unit (3-digit code, e.g. `035` kilogram, `007` piece, `095` litre).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LegalUnit(u16);

impl LegalUnit {
    pub fn parse(s: &str) -> Result<Self, TariffError> {
        LEGAL_UNITS
            .iter()
            .position(|(code, ..)| *code == s)
            .map(|i| LegalUnit(u16::try_from(i).expect("small table")))
            .ok_or_else(|| TariffError::UnknownLegalUnit(s.to_owned()))
    }

    pub fn code(&self) -> &'static str {
        LEGAL_UNITS[usize::from(self.0)].0
    }

    pub fn name_zh(&self) -> &'static str {
        LEGAL_UNITS[usize::from(self.0)].1
    }

    pub fn name_en(&self) -> &'static str {
        LEGAL_UNITS[usize::from(self.0)].2
    }

    /// True when the unit counts pieces (piece, set, vehicle, bottle …), false for measures.
    pub fn is_counted(&self) -> bool {
        LEGAL_UNITS[usize::from(self.0)].3
    }

    /// Every unit code the tariff file accepts, with its names.
    pub fn known() -> impl Iterator<Item = LegalUnit> {
        (0..LEGAL_UNITS.len()).map(|i| LegalUnit(u16::try_from(i).expect("small table")))
    }
}

impl std::fmt::Debug for LegalUnit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LegalUnit({} {})", self.code(), self.name_en())
    }
}

impl Serialize for LegalUnit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for LegalUnit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        LegalUnit::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Longest agreement code.
pub const AGREEMENT_CODE_MAX: usize = 16;

/// A trade-agreement code (`RCEP`, `CN-SG`): 1–16 of `A-Z 0-9 -`, starting with a letter.
///
/// Stored inline (no heap), so it is `Copy` and explanations can carry it for free. It
/// serializes as the plain string; equality, ordering and hashing are those of the string
/// (so a map keyed by `AgreementCode` can be searched with a `&str`).
#[derive(Clone, Copy)]
pub struct AgreementCode {
    len: u8,
    bytes: [u8; AGREEMENT_CODE_MAX],
}

impl AgreementCode {
    pub fn parse(s: &str) -> Result<Self, TariffError> {
        let b = s.as_bytes();
        let ok = !b.is_empty()
            && b.len() <= AGREEMENT_CODE_MAX
            && b[0].is_ascii_uppercase()
            && b.iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'-');
        if !ok {
            return Err(TariffError::InvalidAgreementCode(s.to_owned()));
        }
        let mut bytes = [0; AGREEMENT_CODE_MAX];
        bytes[..b.len()].copy_from_slice(b);
        Ok(AgreementCode {
            len: u8::try_from(b.len()).expect("at most 16"),
            bytes,
        })
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)])
            .expect("agreement code holds ASCII only")
    }
}

impl PartialEq for AgreementCode {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        // Unused bytes are always zero, so comparing the arrays compares the strings.
        self.len == other.len && self.bytes == other.bytes
    }
}

impl Eq for AgreementCode {}

impl PartialOrd for AgreementCode {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for AgreementCode {
    /// The order of the strings (`str` compares bytes), without re-checking UTF-8.
    #[inline]
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.bytes[..usize::from(self.len)].cmp(&other.bytes[..usize::from(other.len)])
    }
}

impl std::hash::Hash for AgreementCode {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::borrow::Borrow<str> for AgreementCode {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::ops::Deref for AgreementCode {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for AgreementCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for AgreementCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::str::FromStr for AgreementCode {
    type Err = TariffError;
    fn from_str(s: &str) -> Result<Self, TariffError> {
        AgreementCode::parse(s)
    }
}

impl std::fmt::Debug for AgreementCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for AgreementCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for AgreementCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AgreementCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        AgreementCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// An ISO 3166-1 alpha-3 country code (three upper-case letters, `JPN`), stored inline and
/// serialized as the plain string.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 3]);

impl CountryCode {
    pub fn parse(s: &str) -> Result<Self, TariffError> {
        match <[u8; 3]>::try_from(s.as_bytes()) {
            Ok(b) if b.iter().all(u8::is_ascii_uppercase) => Ok(CountryCode(b)),
            _ => Err(TariffError::InvalidCountry(s.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("country code holds ASCII letters only")
    }

    pub fn as_bytes(&self) -> [u8; 3] {
        self.0
    }
}

impl std::ops::Deref for CountryCode {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for CountryCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CountryCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::str::FromStr for CountryCode {
    type Err = TariffError;
    fn from_str(s: &str) -> Result<Self, TariffError> {
        CountryCode::parse(s)
    }
}

impl std::fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CountryCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tariff_code_accepts_ten_digits_only() {
        assert_eq!(
            TariffCode::parse("3304990010").unwrap().as_str(),
            "3304990010"
        );
        assert_eq!(TariffCode::parse("3304990010").unwrap().hs6(), "330499");
        for bad in [
            "330499001",
            "33049900100",
            "3304.99.00",
            "330499001a",
            "",
            "３３０４９９００１０",
        ] {
            let err = TariffCode::parse(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_tariff_code", "{bad:?}");
        }
    }

    #[test]
    fn digit_check_and_number_agree_with_the_plain_loops() {
        // Every byte value in every position of an otherwise valid code.
        for position in 0..10 {
            for byte in 0..=255u8 {
                let mut digits = *b"0123456789";
                digits[position] = byte;
                assert_eq!(
                    all_ascii_digits(&digits),
                    digits.iter().all(u8::is_ascii_digit),
                    "{digits:?}"
                );
            }
        }
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for i in 0..10_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = match i {
                0 => 0,
                1 => 9_999_999_999,
                2 => 1_000_000_000,
                _ => x % 10_000_000_000,
            };
            let code = TariffCode::parse(&format!("{n:010}")).unwrap();
            let plain = code.0.iter().fold(0, |n, d| n * 10 + u64::from(d - b'0'));
            assert_eq!(code.as_number(), n);
            assert_eq!(plain, n);
        }
    }

    #[test]
    fn legal_units_round_trip_and_reject_unknown() {
        let kg = LegalUnit::parse("035").unwrap();
        assert_eq!(
            (kg.code(), kg.name_zh(), kg.is_counted()),
            ("035", "千克", false)
        );
        assert!(LegalUnit::parse("007").unwrap().is_counted());
        assert_eq!(LegalUnit::parse("999").unwrap_err().code(), "unknown_unit");
        assert_eq!(LegalUnit::known().count(), LEGAL_UNITS.len());
    }

    #[test]
    fn agreement_and_country_codes_are_inline_strings() {
        let rcep = AgreementCode::parse("RCEP").unwrap();
        assert_eq!(rcep.as_str(), "RCEP");
        assert_eq!(rcep, "RCEP");
        assert_eq!(serde_json::to_string(&rcep).unwrap(), "\"RCEP\"");
        let back: AgreementCode = serde_json::from_str("\"CN-SG\"").unwrap();
        assert_eq!(back, AgreementCode::parse("CN-SG").unwrap());
        assert!(AgreementCode::parse("CN-SG").unwrap() > AgreementCode::parse("CN-CH").unwrap());
        assert!(AgreementCode::parse("ABCDEFGHIJKLMNOP").is_ok());
        for bad in ["", "rcep", "1RCEP", "ABCDEFGHIJKLMNOPQ", "RC EP"] {
            assert_eq!(
                AgreementCode::parse(bad).unwrap_err().code(),
                "invalid_agreement_code",
                "{bad:?}"
            );
        }
        let jpn = CountryCode::parse("JPN").unwrap();
        assert_eq!(serde_json::to_string(&jpn).unwrap(), "\"JPN\"");
        assert_eq!(
            CountryCode::parse("jpn").unwrap_err().code(),
            "invalid_country"
        );
        assert!(CountryCode::parse("JP").is_err());
    }
}
