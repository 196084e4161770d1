//! Named bounds on an incoming message; every one is enforced while streaming.

/// Largest accepted message body: 1 MiB (a full 100-entry CEB311 is ~300 KiB).
pub const MESSAGE_BYTES_MAX: usize = 1024 * 1024;
/// Deepest element nesting: CEB messages need 4 (6 inside `ds:Signature`).
pub const DEPTH_MAX: usize = 16;
/// Most attributes (namespace declarations included) on one element; CEB uses ≤ 3.
pub const ATTRIBUTES_PER_ELEMENT_MAX: usize = 16;
/// Most elements in one message (bounds the tree kept in memory).
pub const ELEMENTS_MAX: usize = 65_536;
/// Longest text of one element or attribute value: the longest CEB field is
/// 1,000 characters (≤ 3,000 bytes); a signature certificate is ~2 KiB.
pub const TEXT_BYTES_MAX: usize = 16 * 1024;

/// The bounds applied by [`crate::parse_with_limits`]; [`Limits::DEFAULT`] uses the
/// constants above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// See [`MESSAGE_BYTES_MAX`].
    pub message_bytes_max: usize,
    /// See [`DEPTH_MAX`].
    pub depth_max: usize,
    /// See [`ATTRIBUTES_PER_ELEMENT_MAX`].
    pub attributes_per_element_max: usize,
    /// See [`ELEMENTS_MAX`].
    pub elements_max: usize,
    /// See [`TEXT_BYTES_MAX`].
    pub text_bytes_max: usize,
}

impl Limits {
    /// The platform's defaults.
    pub const DEFAULT: Limits = Limits {
        message_bytes_max: MESSAGE_BYTES_MAX,
        depth_max: DEPTH_MAX,
        attributes_per_element_max: ATTRIBUTES_PER_ELEMENT_MAX,
        elements_max: ELEMENTS_MAX,
        text_bytes_max: TEXT_BYTES_MAX,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

// ---- XML-DSig (`crate::dsig`) ----

/// Most elements inside one `ds:Signature` (SignedInfo, Reference, Transforms,
/// KeyInfo, X509Data …: a CEB signature has 13).
pub const SIGNATURE_ELEMENTS_MAX: usize = 64;
/// Longest `ds:SignatureValue` text, whitespace included: an RSA-4096 signature is
/// 684 base64 characters, an SM2 one 88.
pub const SIGNATURE_VALUE_TEXT_BYTES_MAX: usize = 2048;
/// Longest `ds:DigestValue` text (SM3: 44 base64 characters, SHA-1: 28).
pub const DIGEST_VALUE_TEXT_BYTES_MAX: usize = 128;
/// Longest `ds:X509Certificate` text, whitespace included (a CEB certificate is ~1.5 KiB).
pub const CERTIFICATE_TEXT_BYTES_MAX: usize = 12 * 1024;
/// Most `ds:X509Certificate` elements in one `ds:KeyInfo` (the signer's and its chain).
pub const SIGNATURE_CERTIFICATES_MAX: usize = 4;
/// Longest `ds:KeyName`, in bytes.
pub const KEY_NAME_BYTES_MAX: usize = 256;
/// Largest registered key or certificate (PEM or DER) accepted by `VerifyingKey::from_*`.
pub const KEY_INPUT_BYTES_MAX: usize = 16 * 1024;
/// Smallest RSA modulus accepted (the spec's legacy certificates are RSA-1024).
pub const RSA_BITS_MIN: usize = 1024;
/// Largest RSA modulus accepted: bounds the cost of one verification.
pub const RSA_BITS_MAX: usize = 4096;
