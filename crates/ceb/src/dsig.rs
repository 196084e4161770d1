//! Enveloped XML-DSig of CEB messages (GACC CEB spec 2022-05, section 6): verification
//! against a party's registered key, and signing (tests, load generator, simulators).
//!
//! What a valid signature covers: **the whole document except the `ds:Signature`
//! element** — exactly one `ds:Signature`, a direct child of the document element, with
//! exactly one `ds:Reference URI=""` whose only transform is enveloped-signature
//! (optionally followed by inclusive C14N 1.0). No id-based references, no other
//! signature anywhere: what the caller parses afterwards is exactly what was signed.
//!
//! Algorithms (pairs only):
//!
//! | SignatureMethod | DigestMethod | key |
//! | --- | --- | --- |
//! | `http://www.chinaport.gov.cn/2022/04/xmldsig#sm2-sm3` | `…/2022/04/xmldsig#sm3` | SM2 (distinguishing id `1234567812345678`); value r‖s (64 bytes), DER accepted |
//! | `http://www.w3.org/2000/09/xmldsig#rsa-sha1` | `http://www.w3.org/2000/09/xmldsig#sha1` | RSA 1024–4096, PKCS#1 v1.5 |
//!
//! ```
//! use chuanyu_ceb::dsig::{SigningKey, VerifyingKey, sign_enveloped, verify_enveloped};
//! let key = SigningKey::generate_sm2();
//! let registered = VerifyingKey::from_pem(&key.public_key_pem()).unwrap();
//! let xml = br#"<ceb:CEB621Message xmlns:ceb="http://www.chinaport.gov.cn/ceb"><ceb:x>1</ceb:x></ceb:CEB621Message>"#;
//! let signed = sign_enveloped(xml, &key, "0001", None).unwrap();
//! let ok = verify_enveloped(&signed, &registered).unwrap();
//! assert_eq!(ok.key_fingerprint, registered.fingerprint());
//! ```

use std::fmt;
use std::sync::{Arc, OnceLock};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use rsa::pkcs8::EncodePublicKey as _;
use rsa::traits::PublicKeyParts as _;
use sha2::Digest as _;
use sm2::dsa::signature::Signer as _;
use x509_cert::Certificate;
use x509_cert::der::{Decode as _, Encode as _};
use x509_cert::spki::{ObjectIdentifier, SubjectPublicKeyInfoRef};

use crate::c14n::{self, DigestSink, Tree};
use crate::error::ParseError;
use crate::limits::{
    CERTIFICATE_TEXT_BYTES_MAX, DIGEST_VALUE_TEXT_BYTES_MAX, KEY_INPUT_BYTES_MAX,
    KEY_NAME_BYTES_MAX, Limits, RSA_BITS_MAX, RSA_BITS_MIN, SIGNATURE_CERTIFICATES_MAX,
    SIGNATURE_ELEMENTS_MAX, SIGNATURE_VALUE_TEXT_BYTES_MAX,
};
use crate::sm2fast::PreparedKey;
use crate::xml::DS_NS;

/// Inclusive Canonical XML 1.0 without comments (the only accepted C14N).
pub const C14N_URI: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
/// The enveloped-signature transform.
pub const ENVELOPED_URI: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
/// SignatureMethod: SM2 over SM3 (preferred by the spec).
pub const SM2_SM3_URI: &str = "http://www.chinaport.gov.cn/2022/04/xmldsig#sm2-sm3";
/// DigestMethod: SM3.
pub const SM3_URI: &str = "http://www.chinaport.gov.cn/2022/04/xmldsig#sm3";
/// SignatureMethod: RSA PKCS#1 v1.5 over SHA-1 (legacy).
pub const RSA_SHA1_URI: &str = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
/// DigestMethod: SHA-1.
pub const SHA1_URI: &str = "http://www.w3.org/2000/09/xmldsig#sha1";
/// GM/T 0009 default distinguishing identifier used in the SM2 `Z_A` hash.
pub const SM2_DIST_ID: &str = "1234567812345678";

const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_SM2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.301");

// ---------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------

/// Why a signature (or a key) was refused. [`DsigErrorCode::as_str`] is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DsigErrorCode {
    /// The document element has no `ds:Signature` child.
    SignatureMissing,
    /// The `ds:Signature` is not the expected structure (missing or unexpected
    /// elements, bad base64, a value of the wrong size, too large).
    SignatureMalformed,
    /// More than one `ds:Signature`, one that is not a direct child of the document
    /// element, or XML-DSig elements outside it (signature wrapping).
    SignatureWrapped,
    /// A Reference other than exactly one `URI=""` with the enveloped-signature
    /// transform (optionally followed by C14N 1.0).
    SignatureReferenceUnsupported,
    /// A canonicalisation, signature or digest algorithm other than the two pairs.
    SignatureAlgorithmUnsupported,
    /// The signature is made for another key type, or the certificate in `ds:KeyInfo`
    /// holds another key than the registered one.
    SignatureKeyMismatch,
    /// The digest of the signed content differs from `DigestValue` (content changed).
    SignatureDigestMismatch,
    /// `SignatureValue` does not verify with the registered key.
    SignatureInvalid,
    /// The XML itself was refused (same reasons as [`crate::parse`]).
    XmlRefused,
    /// A registered key or certificate could not be read.
    KeyMalformed,
    /// A key of an unsupported kind or size (not SM2, not RSA 1024–4096).
    KeyUnsupported,
    /// Signing failed (the document already has a signature, no end tag to insert
    /// before, or the key refused).
    SigningFailed,
}

impl DsigErrorCode {
    /// Stable snake_case code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SignatureMissing => "signature_missing",
            Self::SignatureMalformed => "signature_malformed",
            Self::SignatureWrapped => "signature_wrapped",
            Self::SignatureReferenceUnsupported => "signature_reference_unsupported",
            Self::SignatureAlgorithmUnsupported => "signature_algorithm_unsupported",
            Self::SignatureKeyMismatch => "signature_key_mismatch",
            Self::SignatureDigestMismatch => "signature_digest_mismatch",
            Self::SignatureInvalid => "signature_invalid",
            Self::XmlRefused => "xml_refused",
            Self::KeyMalformed => "key_malformed",
            Self::KeyUnsupported => "key_unsupported",
            Self::SigningFailed => "signing_failed",
        }
    }

    /// The spec's 4-digit error code (table 7-1): 1001 数字签名无效, 1004 签名与数据不符,
    /// 1999 其他安全错误, 0001 报文格式错误.
    pub const fn spec_code(self) -> &'static str {
        match self {
            Self::SignatureMissing | Self::SignatureInvalid | Self::SignatureKeyMismatch => "1001",
            Self::SignatureDigestMismatch => "1004",
            Self::XmlRefused => "0001",
            Self::SignatureMalformed
            | Self::SignatureWrapped
            | Self::SignatureReferenceUnsupported
            | Self::SignatureAlgorithmUnsupported
            | Self::KeyMalformed
            | Self::KeyUnsupported
            | Self::SigningFailed => "1999",
        }
    }
}

impl fmt::Display for DsigErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refused signature or key: stable code, spec code, human reason (English).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} ({}): {reason}", code.spec_code())]
pub struct DsigError {
    /// Stable code.
    pub code: DsigErrorCode,
    /// Human-readable reason.
    pub reason: String,
    /// The XML refusal, when `code` is [`DsigErrorCode::XmlRefused`].
    pub xml: Option<ParseError>,
}

impl DsigError {
    fn new(code: DsigErrorCode, reason: impl Into<String>) -> Self {
        DsigError {
            code,
            reason: reason.into(),
            xml: None,
        }
    }

    /// The spec's 4-digit error code.
    pub fn spec_code(&self) -> &'static str {
        self.code.spec_code()
    }
}

impl From<ParseError> for DsigError {
    fn from(e: ParseError) -> Self {
        DsigError {
            code: DsigErrorCode::XmlRefused,
            reason: e.to_string(),
            xml: Some(e),
        }
    }
}

use DsigErrorCode as E;

fn err(code: DsigErrorCode, reason: impl Into<String>) -> DsigError {
    DsigError::new(code, reason)
}

// ---------------------------------------------------------------------------------
// Algorithms and keys
// ---------------------------------------------------------------------------------

/// One of the two accepted (SignatureMethod, DigestMethod) pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// SM2 signature over SM3, SM3 digest.
    Sm2Sm3,
    /// RSA PKCS#1 v1.5 over SHA-1, SHA-1 digest.
    RsaSha1,
}

impl SignatureAlgorithm {
    /// SignatureMethod URI.
    pub const fn signature_uri(self) -> &'static str {
        match self {
            Self::Sm2Sm3 => SM2_SM3_URI,
            Self::RsaSha1 => RSA_SHA1_URI,
        }
    }

    /// DigestMethod URI.
    pub const fn digest_uri(self) -> &'static str {
        match self {
            Self::Sm2Sm3 => SM3_URI,
            Self::RsaSha1 => SHA1_URI,
        }
    }

    /// Stable short name: `sm2-sm3` or `rsa-sha1`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Sm2Sm3 => "sm2-sm3",
            Self::RsaSha1 => "rsa-sha1",
        }
    }

    fn from_uris(signature: &str, digest: &str) -> Option<Self> {
        match (signature, digest) {
            (SM2_SM3_URI, SM3_URI) => Some(Self::Sm2Sm3),
            (RSA_SHA1_URI, SHA1_URI) => Some(Self::RsaSha1),
            _ => None,
        }
    }
}

impl fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone)]
enum PublicInner {
    Sm2(Box<Sm2Public>),
    Rsa(Box<rsa::PublicKey>),
}

/// An SM2 key and, from its first verification on, its precomputed table (shared by the
/// key's clones): see [`crate::sm2fast`].
#[derive(Clone)]
struct Sm2Public {
    key: sm2::dsa::VerifyingKey,
    prepared: Arc<OnceLock<PreparedKey>>,
}

impl Sm2Public {
    fn new(key: sm2::dsa::VerifyingKey) -> Box<Self> {
        Box::new(Sm2Public {
            key,
            prepared: Arc::default(),
        })
    }

    fn prepared(&self) -> &PreparedKey {
        self.prepared
            .get_or_init(|| PreparedKey::new(self.key.as_affine(), SM2_DIST_ID.as_bytes()))
    }
}

/// A party's registered public key: SM2 or RSA, read from an X.509 certificate (PEM or
/// DER) or a SubjectPublicKeyInfo ("PUBLIC KEY" PEM or DER).
#[derive(Clone)]
pub struct VerifyingKey {
    inner: PublicInner,
    /// The key re-encoded as SubjectPublicKeyInfo DER (one encoding per key).
    spki_der: Vec<u8>,
    fingerprint: String,
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("algorithm", &self.algorithm())
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.spki_der == other.spki_der
    }
}

impl Eq for VerifyingKey {}

impl VerifyingKey {
    /// From PEM: `CERTIFICATE` or `PUBLIC KEY`.
    pub fn from_pem(pem: &str) -> Result<Self, DsigError> {
        if pem.len() > KEY_INPUT_BYTES_MAX {
            return Err(err(
                E::KeyMalformed,
                format!("key PEM longer than KEY_INPUT_BYTES_MAX {KEY_INPUT_BYTES_MAX}"),
            ));
        }
        let (label, der) = x509_cert::der::pem::decode_vec(pem.trim().as_bytes())
            .map_err(|e| err(E::KeyMalformed, format!("not PEM: {e}")))?;
        match label {
            "CERTIFICATE" => Self::from_certificate_der(&der),
            "PUBLIC KEY" => Self::from_spki_der(&der),
            other => Err(err(
                E::KeyUnsupported,
                format!("PEM label {other:?}; expected CERTIFICATE or PUBLIC KEY"),
            )),
        }
    }

    /// From DER: an X.509 certificate or a SubjectPublicKeyInfo.
    pub fn from_der(der: &[u8]) -> Result<Self, DsigError> {
        if der.len() > KEY_INPUT_BYTES_MAX {
            return Err(err(
                E::KeyMalformed,
                format!("key DER longer than KEY_INPUT_BYTES_MAX {KEY_INPUT_BYTES_MAX}"),
            ));
        }
        match Self::from_certificate_der(der) {
            Ok(k) => Ok(k),
            Err(cert_err) => match SubjectPublicKeyInfoRef::from_der(der) {
                Ok(_) => Self::from_spki_der(der),
                Err(_) => Err(cert_err),
            },
        }
    }

    /// From an X.509 certificate (DER). Only the subject public key is used: the
    /// certificate's own signature, validity and chain are not checked here (the
    /// registered key is what is trusted).
    pub fn from_certificate_der(der: &[u8]) -> Result<Self, DsigError> {
        let cert = Certificate::from_der(der)
            .map_err(|e| err(E::KeyMalformed, format!("not an X.509 certificate: {e}")))?;
        let spki = cert
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .map_err(|e| err(E::KeyMalformed, format!("certificate public key: {e}")))?;
        Self::from_spki_der(&spki)
    }

    /// From a SubjectPublicKeyInfo (DER).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, DsigError> {
        let spki = SubjectPublicKeyInfoRef::from_der(der)
            .map_err(|e| err(E::KeyMalformed, format!("not a SubjectPublicKeyInfo: {e}")))?;
        let oid = spki.algorithm.oid;
        let inner = if oid == OID_RSA {
            let key = rsa::PublicKey::try_from(spki)
                .map_err(|e| err(E::KeyMalformed, format!("RSA public key: {e}")))?;
            let bits = key.size() * 8;
            if !(RSA_BITS_MIN..=RSA_BITS_MAX).contains(&bits) {
                return Err(err(
                    E::KeyUnsupported,
                    format!(
                        "RSA-{bits}: outside RSA_BITS_MIN..=RSA_BITS_MAX ({RSA_BITS_MIN}..={RSA_BITS_MAX})"
                    ),
                ));
            }
            PublicInner::Rsa(Box::new(key))
        } else if oid == OID_EC || oid == OID_SM2 {
            if oid == OID_EC {
                let curve = spki
                    .algorithm
                    .parameters
                    .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
                if curve != Some(OID_SM2) {
                    return Err(err(
                        E::KeyUnsupported,
                        format!(
                            "EC key on curve {}; only SM2 (1.2.156.10197.1.301)",
                            curve.map_or_else(|| "?".to_string(), |c| c.to_string())
                        ),
                    ));
                }
            }
            let point = spki
                .subject_public_key
                .as_bytes()
                .ok_or_else(|| err(E::KeyMalformed, "SM2 public key bit string"))?;
            let key = sm2::dsa::VerifyingKey::from_sec1_bytes(SM2_DIST_ID, point)
                .map_err(|_| err(E::KeyMalformed, "SM2 public key is not a curve point"))?;
            PublicInner::Sm2(Sm2Public::new(key))
        } else {
            return Err(err(
                E::KeyUnsupported,
                format!("public key algorithm {oid}; only SM2 and RSA"),
            ));
        };
        Self::from_inner(inner)
    }

    fn from_inner(inner: PublicInner) -> Result<Self, DsigError> {
        let doc = match &inner {
            PublicInner::Sm2(k) => k.key.to_public_key_der(),
            PublicInner::Rsa(k) => k.to_public_key_der(),
        }
        .map_err(|e| err(E::KeyMalformed, format!("re-encoding the public key: {e}")))?;
        let spki_der = doc.as_bytes().to_vec();
        let fingerprint = hex(&sha2::Sha256::digest(&spki_der));
        Ok(VerifyingKey {
            inner,
            spki_der,
            fingerprint,
        })
    }

    /// The algorithm pair this key verifies.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        match self.inner {
            PublicInner::Sm2(_) => SignatureAlgorithm::Sm2Sm3,
            PublicInner::Rsa(_) => SignatureAlgorithm::RsaSha1,
        }
    }

    /// Stable fingerprint: lower-case hex SHA-256 of the key's SubjectPublicKeyInfo DER
    /// (the same whether the key was registered as a certificate or as a public key).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The key as SubjectPublicKeyInfo DER.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// The key as a `PUBLIC KEY` PEM (LF line ends).
    pub fn to_pem(&self) -> String {
        x509_cert::der::pem::encode_string(
            "PUBLIC KEY",
            x509_cert::der::pem::LineEnding::LF,
            &self.spki_der,
        )
        .unwrap_or_default()
    }

    /// RSA modulus size in bits (`None` for SM2).
    pub fn rsa_bits(&self) -> Option<usize> {
        match &self.inner {
            PublicInner::Rsa(k) => Some(k.size() * 8),
            PublicInner::Sm2(_) => None,
        }
    }

    fn verify_raw(&self, message: &[u8], signature: &[u8]) -> Result<(), DsigError> {
        match &self.inner {
            PublicInner::Sm2(k) => {
                let sig = if signature.len() == 64 {
                    sm2::dsa::Signature::from_slice(signature)
                } else {
                    sm2::dsa::Signature::from_der(signature)
                }
                .map_err(|_| {
                    err(
                        E::SignatureMalformed,
                        format!(
                            "SM2 SignatureValue of {} bytes is neither r||s (64 bytes) nor DER SEQUENCE{{r,s}}",
                            signature.len()
                        ),
                    )
                })?;
                if k.prepared().verify(message, &sig.r(), &sig.s()) {
                    Ok(())
                } else {
                    Err(err(
                        E::SignatureInvalid,
                        "SM2 SignatureValue does not verify with the registered key",
                    ))
                }
            }
            PublicInner::Rsa(k) => {
                if signature.len() != k.size() {
                    return Err(err(
                        E::SignatureMalformed,
                        format!(
                            "RSA SignatureValue of {} bytes for a {}-byte modulus",
                            signature.len(),
                            k.size()
                        ),
                    ));
                }
                k.pkcs1v15_verify::<sha1::Sha1>(message, signature)
                    .map_err(|_| {
                        err(
                            E::SignatureInvalid,
                            "RSA-SHA1 SignatureValue does not verify with the registered key",
                        )
                    })
            }
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(H[usize::from(b >> 4)] as char);
        s.push(H[usize::from(b & 15)] as char);
    }
    s
}

enum PrivateInner {
    Sm2(Box<sm2::dsa::SigningKey>),
    Rsa(Box<rsa::PrivateKey>),
}

/// A private key that signs CEB messages (tests, load generator, partner simulators).
pub struct SigningKey {
    inner: PrivateInner,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm())
            .finish_non_exhaustive()
    }
}

/// The operating system's random numbers (through `getrandom`), for key generation.
struct OsRng;

#[derive(Debug)]
struct RngError;

impl fmt::Display for RngError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("operating system random number generator failed")
    }
}

impl std::error::Error for RngError {}

impl rsa::rand_core::TryRng for OsRng {
    type Error = RngError;
    fn try_next_u32(&mut self) -> Result<u32, RngError> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, RngError> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), RngError> {
        getrandom::fill(dst).map_err(|_| RngError)
    }
}

impl rsa::rand_core::TryCryptoRng for OsRng {}

impl SigningKey {
    /// A fresh SM2 key (operating system randomness).
    pub fn generate_sm2() -> Self {
        loop {
            let mut bytes = [0u8; 32];
            if getrandom::fill(&mut bytes).is_err() {
                continue;
            }
            // Out-of-range scalars (≥ n or 0) are refused: draw again.
            if let Ok(k) = sm2::dsa::SigningKey::from_slice(SM2_DIST_ID, &bytes) {
                return SigningKey {
                    inner: PrivateInner::Sm2(Box::new(k)),
                };
            }
        }
    }

    /// An SM2 key from its 32-byte private scalar (big-endian).
    pub fn sm2_from_bytes(scalar: &[u8]) -> Result<Self, DsigError> {
        let k = sm2::dsa::SigningKey::from_slice(SM2_DIST_ID, scalar)
            .map_err(|_| err(E::KeyMalformed, "SM2 private scalar out of range"))?;
        Ok(SigningKey {
            inner: PrivateInner::Sm2(Box::new(k)),
        })
    }

    /// A fresh RSA key of `bits` (between [`RSA_BITS_MIN`] and [`RSA_BITS_MAX`]),
    /// public exponent 65537. Slow (seconds for 2048 bits in a debug build).
    pub fn generate_rsa(bits: usize) -> Result<Self, DsigError> {
        if !(RSA_BITS_MIN..=RSA_BITS_MAX).contains(&bits) {
            return Err(err(
                E::KeyUnsupported,
                format!("RSA-{bits}: outside {RSA_BITS_MIN}..={RSA_BITS_MAX}"),
            ));
        }
        let k = rsa::PrivateKey::new(&mut OsRng, bits)
            .map_err(|e| err(E::SigningFailed, format!("RSA key generation: {e}")))?;
        Ok(SigningKey {
            inner: PrivateInner::Rsa(Box::new(k)),
        })
    }

    /// From a PKCS#8 `PRIVATE KEY` PEM (RSA or SM2).
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, DsigError> {
        use rsa::pkcs8::DecodePrivateKey as _;
        if let Ok(k) = rsa::PrivateKey::from_pkcs8_pem(pem) {
            return Ok(SigningKey {
                inner: PrivateInner::Rsa(Box::new(k)),
            });
        }
        let sk = sm2::SecretKey::from_pkcs8_pem(pem).map_err(|e| {
            err(
                E::KeyMalformed,
                format!("not an RSA or SM2 PKCS#8 key: {e}"),
            )
        })?;
        let k = sm2::dsa::SigningKey::new(SM2_DIST_ID, &sk)
            .map_err(|_| err(E::KeyMalformed, "SM2 key"))?;
        Ok(SigningKey {
            inner: PrivateInner::Sm2(Box::new(k)),
        })
    }

    /// The algorithm pair this key signs with.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        match self.inner {
            PrivateInner::Sm2(_) => SignatureAlgorithm::Sm2Sm3,
            PrivateInner::Rsa(_) => SignatureAlgorithm::RsaSha1,
        }
    }

    /// The matching public key.
    pub fn verifying_key(&self) -> VerifyingKey {
        let inner = match &self.inner {
            PrivateInner::Sm2(k) => PublicInner::Sm2(Sm2Public::new(k.verifying_key().clone())),
            PrivateInner::Rsa(k) => PublicInner::Rsa(Box::new(k.to_public_key())),
        };
        // Re-encoding a key we hold cannot fail.
        VerifyingKey::from_inner(inner).unwrap_or_else(|e| unreachable!("{e}"))
    }

    /// The matching public key as a SubjectPublicKeyInfo `PUBLIC KEY` PEM (what a party
    /// registers when it has no certificate).
    pub fn public_key_pem(&self) -> String {
        self.verifying_key().to_pem()
    }

    fn sign_raw(&self, message: &[u8]) -> Result<Vec<u8>, DsigError> {
        match &self.inner {
            PrivateInner::Sm2(k) => {
                let sig: sm2::dsa::Signature = k
                    .try_sign(message)
                    .map_err(|_| err(E::SigningFailed, "SM2 signing failed"))?;
                Ok(sig.to_bytes().to_vec())
            }
            PrivateInner::Rsa(k) => k
                .pkcs1v15_sign::<sha1::Sha1>(message)
                .map_err(|e| err(E::SigningFailed, format!("RSA signing: {e}"))),
        }
    }
}

// ---------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------

/// A signature that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The algorithm pair used.
    pub algorithm: SignatureAlgorithm,
    /// [`VerifyingKey::fingerprint`] of the key that verified.
    pub key_fingerprint: String,
    /// `ds:KeyInfo/ds:KeyName`, if present.
    pub key_name: Option<String>,
    /// True when `ds:KeyInfo` carried a certificate (it held the registered key).
    pub certificate_present: bool,
}

/// The parts of one `ds:Signature`.
struct Parts {
    signed_info: usize,
    algorithm: SignatureAlgorithm,
    digest: Vec<u8>,
    signature: Vec<u8>,
    key_name: Option<String>,
    certificates: Vec<Vec<u8>>,
}

fn is_ds(tree: &Tree<'_>, idx: usize, local: &str) -> bool {
    let e = &tree.elements[idx];
    e.ns == DS_NS && e.local == local
}

/// Child elements of `idx`; non-whitespace text or PIs between them are refused.
fn element_children(tree: &Tree<'_>, idx: usize) -> Result<Vec<usize>, DsigError> {
    let mut out = Vec::new();
    for c in &tree.elements[idx].children {
        match c {
            c14n::Content::Element(i) => out.push(*i),
            c14n::Content::Text(t) if crate::xml::is_xml_whitespace(t) => {}
            _ => {
                return Err(err(
                    E::SignatureMalformed,
                    format!("unexpected content in ds:{}", tree.elements[idx].local),
                ));
            }
        }
    }
    Ok(out)
}

/// Text of a leaf element (no child elements), at most `max` bytes.
fn leaf_text(tree: &Tree<'_>, idx: usize, max: usize) -> Result<String, DsigError> {
    let el = &tree.elements[idx];
    let mut s = String::new();
    for c in &el.children {
        match c {
            c14n::Content::Text(t) => s.push_str(t),
            _ => {
                return Err(err(
                    E::SignatureMalformed,
                    format!("ds:{} must hold text only", el.local),
                ));
            }
        }
        if s.len() > max {
            return Err(err(
                E::SignatureMalformed,
                format!("ds:{} longer than {max} bytes", el.local),
            ));
        }
    }
    Ok(s)
}

fn base64_text(tree: &Tree<'_>, idx: usize, max: usize) -> Result<Vec<u8>, DsigError> {
    let text = leaf_text(tree, idx, max)?;
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\n'))
        .collect();
    B64.decode(compact.as_bytes()).map_err(|e| {
        err(
            E::SignatureMalformed,
            format!("ds:{} is not base64: {e}", tree.elements[idx].local),
        )
    })
}

fn expect_ds(tree: &Tree<'_>, idx: Option<&usize>, local: &str) -> Result<usize, DsigError> {
    match idx {
        Some(&i) if is_ds(tree, i, local) => Ok(i),
        Some(&i) => Err(err(
            E::SignatureMalformed,
            format!("expected ds:{local}, found {}", tree.elements[i].qname),
        )),
        None => Err(err(E::SignatureMalformed, format!("missing ds:{local}"))),
    }
}

fn algorithm_attr<'t>(tree: &'t Tree<'_>, idx: usize) -> Result<&'t str, DsigError> {
    tree.elements[idx].attr("Algorithm").ok_or_else(|| {
        err(
            E::SignatureMalformed,
            format!("ds:{} without Algorithm", tree.elements[idx].local),
        )
    })
}

/// A method element (`CanonicalizationMethod`, `Transform` …) must be empty: no
/// parameters are accepted for the algorithms in use.
fn no_parameters(tree: &Tree<'_>, idx: usize) -> Result<(), DsigError> {
    if element_children(tree, idx)?.is_empty() {
        Ok(())
    } else {
        Err(err(
            E::SignatureAlgorithmUnsupported,
            format!("parameters in ds:{}", tree.elements[idx].local),
        ))
    }
}

/// Find the one signature and refuse every wrapping shape.
fn locate_signature(tree: &Tree<'_>) -> Result<usize, DsigError> {
    let mut signature: Option<usize> = None;
    for (i, el) in tree.elements.iter().enumerate() {
        if el.ns != DS_NS {
            continue;
        }
        if el.local == "Signature" {
            if signature.is_some() {
                return Err(err(E::SignatureWrapped, "more than one ds:Signature"));
            }
            if el.parent != Some(0) {
                return Err(err(
                    E::SignatureWrapped,
                    "ds:Signature is not a direct child of the document element",
                ));
            }
            signature = Some(i);
        } else if signature.is_none_or(|s| !tree.is_within(i, s)) {
            return Err(err(
                E::SignatureWrapped,
                format!("XML-DSig element {} outside ds:Signature", el.qname),
            ));
        }
    }
    signature.ok_or_else(|| {
        err(
            E::SignatureMissing,
            "the document element has no ds:Signature",
        )
    })
}

fn read_parts(tree: &Tree<'_>, sig: usize) -> Result<Parts, DsigError> {
    // Elements are in document order: those inside the signature follow it.
    let depth = tree.elements[sig].depth;
    let inside = 1 + tree.elements[sig + 1..]
        .iter()
        .take_while(|e| e.depth > depth)
        .count();
    if inside > SIGNATURE_ELEMENTS_MAX {
        return Err(err(
            E::SignatureMalformed,
            format!(
                "more than SIGNATURE_ELEMENTS_MAX {SIGNATURE_ELEMENTS_MAX} elements in ds:Signature"
            ),
        ));
    }
    let kids = element_children(tree, sig)?;
    let signed_info = expect_ds(tree, kids.first(), "SignedInfo")?;
    let signature_value = expect_ds(tree, kids.get(1), "SignatureValue")?;
    let key_info = match kids.get(2) {
        Some(&i) if is_ds(tree, i, "KeyInfo") => Some(i),
        Some(&i) => {
            return Err(err(
                E::SignatureMalformed,
                format!("unexpected {} in ds:Signature", tree.elements[i].qname),
            ));
        }
        None => None,
    };
    if let Some(&extra) = kids.get(3) {
        return Err(err(
            E::SignatureMalformed,
            format!(
                "unexpected {} in ds:Signature (ds:Object is not accepted)",
                tree.elements[extra].qname
            ),
        ));
    }

    // SignedInfo: CanonicalizationMethod, SignatureMethod, exactly one Reference.
    let si = element_children(tree, signed_info)?;
    let c14n_method = expect_ds(tree, si.first(), "CanonicalizationMethod")?;
    let c14n_uri = algorithm_attr(tree, c14n_method)?;
    if c14n_uri != C14N_URI {
        return Err(err(
            E::SignatureAlgorithmUnsupported,
            format!("CanonicalizationMethod {c14n_uri:?}; only {C14N_URI}"),
        ));
    }
    no_parameters(tree, c14n_method)?;
    let sig_method = expect_ds(tree, si.get(1), "SignatureMethod")?;
    let sig_uri = algorithm_attr(tree, sig_method)?;
    no_parameters(tree, sig_method)?;
    let references: Vec<usize> = si[2.min(si.len())..].to_vec();
    if references.is_empty() {
        return Err(err(E::SignatureMalformed, "missing ds:Reference"));
    }
    if let Some(&i) = references.iter().find(|&&i| !is_ds(tree, i, "Reference")) {
        return Err(err(
            E::SignatureMalformed,
            format!("unexpected {} in ds:SignedInfo", tree.elements[i].qname),
        ));
    }
    if references.len() != 1 {
        return Err(err(
            E::SignatureReferenceUnsupported,
            format!(
                "{} ds:Reference elements; exactly one is accepted",
                references.len()
            ),
        ));
    }
    let reference = references[0];
    match tree.elements[reference].attr("URI") {
        Some("") => {}
        Some(uri) => {
            return Err(err(
                E::SignatureReferenceUnsupported,
                format!("Reference URI={uri:?}; only URI=\"\" (the whole document)"),
            ));
        }
        None => {
            return Err(err(
                E::SignatureReferenceUnsupported,
                "Reference without URI; only URI=\"\" (the whole document)",
            ));
        }
    }
    let rk = element_children(tree, reference)?;
    let transforms = match rk.first() {
        Some(&i) if is_ds(tree, i, "Transforms") => i,
        _ => {
            return Err(err(
                E::SignatureReferenceUnsupported,
                "Reference without the enveloped-signature transform",
            ));
        }
    };
    let ts = element_children(tree, transforms)?;
    let mut uris = Vec::with_capacity(ts.len());
    for &t in &ts {
        if !is_ds(tree, t, "Transform") {
            return Err(err(
                E::SignatureMalformed,
                format!("unexpected {} in ds:Transforms", tree.elements[t].qname),
            ));
        }
        uris.push(algorithm_attr(tree, t)?);
        no_parameters(tree, t)?;
    }
    let transforms_ok = matches!(uris.as_slice(), [ENVELOPED_URI] | [ENVELOPED_URI, C14N_URI]);
    if !transforms_ok {
        return Err(err(
            E::SignatureReferenceUnsupported,
            format!("transforms {uris:?}; only enveloped-signature (optionally then C14N 1.0)"),
        ));
    }
    let digest_method = expect_ds(tree, rk.get(1), "DigestMethod")?;
    let digest_uri = algorithm_attr(tree, digest_method)?;
    no_parameters(tree, digest_method)?;
    let digest_value = expect_ds(tree, rk.get(2), "DigestValue")?;
    if let Some(&extra) = rk.get(3) {
        return Err(err(
            E::SignatureMalformed,
            format!("unexpected {} in ds:Reference", tree.elements[extra].qname),
        ));
    }
    let algorithm = SignatureAlgorithm::from_uris(sig_uri, digest_uri).ok_or_else(|| {
        err(
            E::SignatureAlgorithmUnsupported,
            format!(
                "SignatureMethod {sig_uri:?} with DigestMethod {digest_uri:?}; only sm2-sm3+sm3 or rsa-sha1+sha1"
            ),
        )
    })?;
    let digest = base64_text(tree, digest_value, DIGEST_VALUE_TEXT_BYTES_MAX)?;
    let signature = base64_text(tree, signature_value, SIGNATURE_VALUE_TEXT_BYTES_MAX)?;

    // KeyInfo: KeyName and X509Data/X509Certificate are read; other children (which are
    // never dereferenced) are ignored.
    let mut key_name = None;
    let mut certificates = Vec::new();
    if let Some(ki) = key_info {
        for k in element_children(tree, ki)? {
            if is_ds(tree, k, "KeyName") {
                if key_name.is_some() {
                    return Err(err(E::SignatureMalformed, "more than one ds:KeyName"));
                }
                key_name = Some(leaf_text(tree, k, KEY_NAME_BYTES_MAX)?.trim().to_string());
            } else if is_ds(tree, k, "X509Data") {
                for c in element_children(tree, k)? {
                    if is_ds(tree, c, "X509Certificate") {
                        if certificates.len() >= SIGNATURE_CERTIFICATES_MAX {
                            return Err(err(
                                E::SignatureMalformed,
                                format!(
                                    "more than SIGNATURE_CERTIFICATES_MAX {SIGNATURE_CERTIFICATES_MAX} certificates"
                                ),
                            ));
                        }
                        certificates.push(base64_text(tree, c, CERTIFICATE_TEXT_BYTES_MAX)?);
                    }
                }
            }
        }
    }
    Ok(Parts {
        signed_info,
        algorithm,
        digest,
        signature,
        key_name,
        certificates,
    })
}

fn digest_document(tree: &Tree<'_>, exclude: usize, algorithm: SignatureAlgorithm) -> Vec<u8> {
    match algorithm {
        SignatureAlgorithm::Sm2Sm3 => {
            let mut sink = DigestSink(sm3::Sm3::new());
            c14n::write_document(tree, Some(exclude), &mut sink);
            sink.0.finalize().to_vec()
        }
        SignatureAlgorithm::RsaSha1 => {
            let mut sink = DigestSink(sha1::Sha1::new());
            c14n::write_document(tree, Some(exclude), &mut sink);
            sink.0.finalize().to_vec()
        }
    }
}

/// Verify the enveloped signature of a CEB message against the sender's registered
/// key. On success the caller may process the document: everything but the
/// `ds:Signature` element is covered. See the module documentation for the rules.
pub fn verify_enveloped(xml: &[u8], key: &VerifyingKey) -> Result<Verified, DsigError> {
    verify_enveloped_with_limits(xml, key, &Limits::DEFAULT)
}

/// [`verify_enveloped`] with other bounds on the document (as [`crate::parse_with_limits`]).
pub fn verify_enveloped_with_limits(
    xml: &[u8],
    key: &VerifyingKey,
    limits: &Limits,
) -> Result<Verified, DsigError> {
    let tree = c14n::read_tree(xml, limits)?;
    verify_tree(&tree, key)
}

/// [`verify_enveloped`] of a document already read (see [`crate::read_message`]).
pub(crate) fn verify_tree(tree: &Tree<'_>, key: &VerifyingKey) -> Result<Verified, DsigError> {
    let sig = locate_signature(tree)?;
    let parts = read_parts(tree, sig)?;
    if parts.algorithm != key.algorithm() {
        return Err(err(
            E::SignatureKeyMismatch,
            format!(
                "signed with {} but the registered key is for {}",
                parts.algorithm,
                key.algorithm()
            ),
        ));
    }
    if !parts.certificates.is_empty() {
        let mut matched = false;
        for der in &parts.certificates {
            let k = VerifyingKey::from_certificate_der(der).map_err(|e| {
                err(
                    E::SignatureMalformed,
                    format!("ds:X509Certificate: {}", e.reason),
                )
            });
            if matches!(k, Ok(ref k) if k == key) {
                matched = true;
            }
        }
        if !matched {
            return Err(err(
                E::SignatureKeyMismatch,
                "the certificate in ds:KeyInfo does not hold the registered public key",
            ));
        }
    }
    let digest = digest_document(tree, sig, parts.algorithm);
    if digest != parts.digest {
        return Err(err(
            E::SignatureDigestMismatch,
            format!(
                "{} digest of the canonical document differs from DigestValue",
                match parts.algorithm {
                    SignatureAlgorithm::Sm2Sm3 => "SM3",
                    SignatureAlgorithm::RsaSha1 => "SHA-1",
                }
            ),
        ));
    }
    let mut signed_info = Vec::with_capacity(1024);
    c14n::write_subtree(tree, parts.signed_info, &mut signed_info);
    key.verify_raw(&signed_info, &parts.signature)?;
    Ok(Verified {
        algorithm: parts.algorithm,
        key_fingerprint: key.fingerprint.clone(),
        key_name: parts.key_name,
        certificate_present: !parts.certificates.is_empty(),
    })
}

// ---------------------------------------------------------------------------------
// Signing
// ---------------------------------------------------------------------------------

fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn wrap_base64(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

const SIGNATURE_VALUE_PLACEHOLDER: &str = "SIGNATUREVALUEPLACEHOLDER";

/// Sign `xml` (a document without signature) with an enveloped signature inserted as the
/// last child of the document element, with `ds:KeyName` = `key_name` and, when given,
/// the certificate in `ds:X509Data`. The digest covers the canonical document without
/// the signature; the signature value covers the canonical `ds:SignedInfo`.
pub fn sign_enveloped(
    xml: &[u8],
    key: &SigningKey,
    key_name: &str,
    cert_der: Option<&[u8]>,
) -> Result<Vec<u8>, DsigError> {
    if key_name.len() > KEY_NAME_BYTES_MAX {
        return Err(err(
            E::SigningFailed,
            format!("key name longer than KEY_NAME_BYTES_MAX {KEY_NAME_BYTES_MAX}"),
        ));
    }
    let tree = c14n::read_tree(xml, &Limits::DEFAULT)?;
    if tree.elements.iter().any(|e| e.ns == DS_NS) {
        return Err(err(
            E::SigningFailed,
            "the document already holds XML-DSig elements",
        ));
    }
    let Some(root_end) = tree.root_end else {
        return Err(err(
            E::SigningFailed,
            "the document element is an empty-element tag",
        ));
    };
    let algorithm = key.algorithm();
    let digest = {
        // No exclusion: the document has no signature yet. Index past the end never matches.
        let exclude = tree.elements.len();
        digest_document(&tree, exclude, algorithm)
    };
    let key_info = {
        let mut s = String::from("<ds:KeyInfo><ds:KeyName>");
        s.push_str(&escape_text(key_name));
        s.push_str("</ds:KeyName>");
        if let Some(cert) = cert_der {
            s.push_str("<ds:X509Data><ds:X509Certificate>");
            s.push_str(&wrap_base64(cert));
            s.push_str("</ds:X509Certificate></ds:X509Data>");
        }
        s.push_str("</ds:KeyInfo>");
        s
    };
    let head = format!(
        "<ds:Signature xmlns:ds=\"{DS_NS}\"><ds:SignedInfo>\
         <ds:CanonicalizationMethod Algorithm=\"{C14N_URI}\"></ds:CanonicalizationMethod>\
         <ds:SignatureMethod Algorithm=\"{}\"></ds:SignatureMethod>\
         <ds:Reference URI=\"\"><ds:Transforms>\
         <ds:Transform Algorithm=\"{ENVELOPED_URI}\"></ds:Transform></ds:Transforms>\
         <ds:DigestMethod Algorithm=\"{}\"></ds:DigestMethod>\
         <ds:DigestValue>{}</ds:DigestValue></ds:Reference></ds:SignedInfo>\
         <ds:SignatureValue>",
        algorithm.signature_uri(),
        algorithm.digest_uri(),
        B64.encode(&digest),
    );
    let tail = format!("</ds:SignatureValue>{key_info}</ds:Signature>");
    let bom = xml.len() - tree.src.len();
    let at = bom + root_end;
    // Canonicalise SignedInfo in its final context (the document's namespaces in scope).
    let mut draft = Vec::with_capacity(xml.len() + head.len() + tail.len() + 512);
    draft.extend_from_slice(&xml[..at]);
    draft.extend_from_slice(head.as_bytes());
    draft.extend_from_slice(SIGNATURE_VALUE_PLACEHOLDER.as_bytes());
    draft.extend_from_slice(tail.as_bytes());
    draft.extend_from_slice(&xml[at..]);
    let draft_tree = c14n::read_tree(&draft, &Limits::DEFAULT)?;
    let sig = locate_signature(&draft_tree)?;
    let signed_info = draft_tree
        .child_elements(sig)
        .find(|&i| is_ds(&draft_tree, i, "SignedInfo"))
        .ok_or_else(|| err(E::SigningFailed, "ds:SignedInfo not found in the draft"))?;
    let mut c14n_si = Vec::with_capacity(1024);
    c14n::write_subtree(&draft_tree, signed_info, &mut c14n_si);
    let value = key.sign_raw(&c14n_si)?;

    let mut out = Vec::with_capacity(draft.len() + 1024);
    out.extend_from_slice(&xml[..at]);
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(wrap_base64(&value).as_bytes());
    out.extend_from_slice(tail.as_bytes());
    out.extend_from_slice(&xml[at..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Re-sign `doc`'s SignedInfo as it stands (after an edit of SignedInfo).
    fn resign(doc: &str, key: &SigningKey) -> String {
        let tree = c14n::read_tree(doc.as_bytes(), &Limits::DEFAULT).unwrap();
        let sig = locate_signature(&tree).unwrap();
        let si = tree
            .child_elements(sig)
            .find(|&i| is_ds(&tree, i, "SignedInfo"))
            .unwrap();
        let mut c = Vec::new();
        c14n::write_subtree(&tree, si, &mut c);
        let value = B64.encode(key.sign_raw(&c).unwrap());
        let s = doc.find("<ds:SignatureValue>").unwrap() + "<ds:SignatureValue>".len();
        let e = doc.find("</ds:SignatureValue>").unwrap();
        format!("{}{value}{}", &doc[..s], &doc[e..])
    }

    #[test]
    fn enveloped_then_c14n_transform_is_accepted_and_nothing_more() {
        let key = SigningKey::generate_sm2();
        let registered = key.verifying_key();
        let xml = br#"<ceb:CEB621Message xmlns:ceb="http://www.chinaport.gov.cn/ceb"><ceb:a>1</ceb:a></ceb:CEB621Message>"#;
        let signed = String::from_utf8(sign_enveloped(xml, &key, "k", None).unwrap()).unwrap();
        let transform = format!("<ds:Transform Algorithm=\"{ENVELOPED_URI}\"></ds:Transform>");
        let with_c14n = signed.replace(
            &transform,
            &format!("{transform}<ds:Transform Algorithm=\"{C14N_URI}\"></ds:Transform>"),
        );
        assert_ne!(with_c14n, signed);
        // Unsigned edit: refused; re-signed: accepted.
        assert_eq!(
            verify_enveloped(with_c14n.as_bytes(), &registered)
                .unwrap_err()
                .code,
            E::SignatureInvalid
        );
        let resigned = resign(&with_c14n, &key);
        let ok = verify_enveloped(resigned.as_bytes(), &registered).unwrap();
        assert_eq!(ok.algorithm, SignatureAlgorithm::Sm2Sm3);
        // c14n first, enveloped second: refused even when properly signed.
        let swapped = signed.replace(
            &transform,
            &format!("<ds:Transform Algorithm=\"{C14N_URI}\"></ds:Transform>{transform}"),
        );
        let swapped = resign(&swapped, &key);
        assert_eq!(
            verify_enveloped(swapped.as_bytes(), &registered)
                .unwrap_err()
                .code,
            E::SignatureReferenceUnsupported
        );
        // A properly signed document whose Reference points elsewhere is still refused.
        let by_id = resign(&signed.replace("URI=\"\"", "URI=\"#a\""), &key);
        assert_eq!(
            verify_enveloped(by_id.as_bytes(), &registered)
                .unwrap_err()
                .code,
            E::SignatureReferenceUnsupported
        );
    }

    #[test]
    fn limits_are_passed_through() {
        let key = SigningKey::generate_sm2();
        let xml = br#"<ceb:CEB621Message xmlns:ceb="http://www.chinaport.gov.cn/ceb"><ceb:a>1</ceb:a></ceb:CEB621Message>"#;
        let signed = sign_enveloped(xml, &key, "k", None).unwrap();
        let tight = Limits {
            message_bytes_max: 100,
            ..Limits::DEFAULT
        };
        let e = verify_enveloped_with_limits(&signed, &key.verifying_key(), &tight).unwrap_err();
        assert_eq!(e.code, E::XmlRefused);
        assert_eq!(
            e.xml.map(|x| x.code),
            Some(crate::error::ParseErrorCode::TooLarge)
        );
    }
}
