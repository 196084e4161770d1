//! Errors (fatal: the message could not be read) and findings (the message was read
//! but a field or a business rule is wrong), each with a stable snake_case code.

use std::fmt;

/// Why a message was refused before any field could be checked.
///
/// The string form ([`ParseErrorCode::as_str`]) is stable: clients match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorCode {
    /// The body is larger than [`crate::Limits::message_bytes_max`].
    TooLarge,
    /// Not UTF-8, or the XML declaration names another encoding.
    BadEncoding,
    /// A `<!DOCTYPE …>` without entity declarations (DTDs are never accepted).
    DoctypeForbidden,
    /// A `<!DOCTYPE …>` that declares entities (e.g. "billion laughs").
    EntityDeclarationForbidden,
    /// A `<!DOCTYPE …>` that points to an external DTD or entity (SYSTEM/PUBLIC).
    ExternalEntityForbidden,
    /// An entity reference other than the five predefined XML entities.
    UnknownEntity,
    /// Elements nested deeper than [`crate::Limits::depth_max`].
    TooDeep,
    /// More attributes on one element than [`crate::Limits::attributes_per_element_max`].
    TooManyAttributes,
    /// More elements than [`crate::Limits::elements_max`].
    TooManyElements,
    /// One element's text longer than [`crate::Limits::text_bytes_max`].
    TextTooLong,
    /// Not well-formed XML (syntax, mismatched tags, duplicate attributes, …).
    MalformedXml,
    /// No root element.
    EmptyDocument,
    /// The root element is not one of the supported CEB messages.
    UnknownMessageType,
    /// The root element is a known name but not in the CEB namespace.
    WrongNamespace,
}

impl ParseErrorCode {
    /// Stable snake_case code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::TooLarge => "too_large",
            Self::BadEncoding => "bad_encoding",
            Self::DoctypeForbidden => "doctype_forbidden",
            Self::EntityDeclarationForbidden => "entity_declaration_forbidden",
            Self::ExternalEntityForbidden => "external_entity_forbidden",
            Self::UnknownEntity => "unknown_entity",
            Self::TooDeep => "too_deep",
            Self::TooManyAttributes => "too_many_attributes",
            Self::TooManyElements => "too_many_elements",
            Self::TextTooLong => "text_too_long",
            Self::MalformedXml => "malformed_xml",
            Self::EmptyDocument => "empty_document",
            Self::UnknownMessageType => "unknown_message_type",
            Self::WrongNamespace => "wrong_namespace",
        }
    }
}

impl fmt::Display for ParseErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message refused as a whole. `line`/`column` are 1-based (column in characters);
/// `path` is the element path open at the point of failure (empty before the root).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} at {line}:{column} {path}: {detail}")]
pub struct ParseError {
    /// Stable code.
    pub code: ParseErrorCode,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// e.g. `/ceb:CEB311Message/ceb:Order[1]/ceb:OrderHead`.
    pub path: String,
    /// Human-readable detail (English).
    pub detail: String,
}

/// What is wrong with one field or one business rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FindingCode {
    // ---- schema level (XSD + field-by-field spec) ----
    /// A required element is absent.
    MissingElement,
    /// A required attribute of the root is absent.
    MissingAttribute,
    /// An element the XSD does not allow here.
    UnexpectedElement,
    /// An element appears before one that the XSD sequence puts first.
    OutOfOrder,
    /// An element appears more often than its maxOccurs.
    TooManyOccurrences,
    /// Non-whitespace text inside an element that only has child elements.
    UnexpectedText,
    /// A required value is empty.
    EmptyValue,
    /// Longer than the maxLength (`C..n`), in characters.
    TooLong,
    /// Shorter than the minLength.
    TooShort,
    /// Not the fixed length (`Cn`).
    WrongLength,
    /// Not a decimal / integer.
    BadNumber,
    /// More digits than `N19,5` (or `N4` …) allows.
    TooManyDigits,
    /// Not one of the values the spec enumerates (appType 1/2/3 …).
    BadEnum,
    /// Not a valid `YYYYMMDD[hhmmss[SSS]]` date-time.
    BadDatetime,
    /// Not a 36-character `8-4-4-4-12` number of digits and upper-case letters.
    BadGuid,
    // ---- business level ----
    /// A resident identity number that is not 17 digits + a check character (0-9, X).
    BadIdNumberFormat,
    /// A resident identity number whose birth date (characters 7–14) is not a date.
    BadIdBirthDate,
    /// A resident identity number whose ISO 7064 MOD 11-2 check character is wrong.
    BadIdCheckChar,
    /// `totalPrice` ≠ `price` × `qty` (by [`crate::AMOUNT_TOLERANCE_CNY`] or more).
    ItemTotalMismatch,
    /// `goodsValue` ≠ sum of the lines' `totalPrice`.
    GoodsValueMismatch,
    /// `acturalPaid` ≠ `goodsValue` + `freight` + `taxTotal` − `discount`.
    ActuralPaidMismatch,
    /// `gnum` not 1, 2, 3 … in document order.
    GnumNotSequential,
    /// `packNo` is not 1 (the spec limits a waybill/list to one parcel).
    PackNoNotOne,
    /// `netWeight` > `grossWeight`.
    NetWeightExceedsGross,
    /// An amount too large to compute with.
    AmountOverflow,
    /// An 18-character unified social credit code (GB 32100) whose check character
    /// is wrong.
    BadCreditCodeCheckChar,
    /// `startTime`/`endTime` of a summary application not given as a pair, or
    /// `endTime` before `startTime` (spec 2.21: 填写须成对，结束时间须大于等于开始时间).
    BadTimeRange,
    /// `msgSeqNo` is 0 or greater than `msgCount` (spec: 以 1 开始的报文顺序号).
    MsgSeqNoOutOfRange,
    /// A field the trade mode makes mandatory is absent (spec 2.11: 1210 特殊区域出口
    /// needs iacCode, iacName, emsNo and each line's itemRecordNo).
    MissingForTradeMode,
}

impl FindingCode {
    /// Stable snake_case code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::MissingElement => "missing_element",
            Self::MissingAttribute => "missing_attribute",
            Self::UnexpectedElement => "unexpected_element",
            Self::OutOfOrder => "out_of_order",
            Self::TooManyOccurrences => "too_many_occurrences",
            Self::UnexpectedText => "unexpected_text",
            Self::EmptyValue => "empty_value",
            Self::TooLong => "too_long",
            Self::TooShort => "too_short",
            Self::WrongLength => "wrong_length",
            Self::BadNumber => "bad_number",
            Self::TooManyDigits => "too_many_digits",
            Self::BadEnum => "bad_enum",
            Self::BadDatetime => "bad_datetime",
            Self::BadGuid => "bad_guid",
            Self::BadIdNumberFormat => "bad_id_number_format",
            Self::BadIdBirthDate => "bad_id_birth_date",
            Self::BadIdCheckChar => "bad_id_check_char",
            Self::ItemTotalMismatch => "item_total_mismatch",
            Self::GoodsValueMismatch => "goods_value_mismatch",
            Self::ActuralPaidMismatch => "actural_paid_mismatch",
            Self::GnumNotSequential => "gnum_not_sequential",
            Self::PackNoNotOne => "pack_no_not_one",
            Self::NetWeightExceedsGross => "net_weight_exceeds_gross",
            Self::AmountOverflow => "amount_overflow",
            Self::BadCreditCodeCheckChar => "bad_credit_code_check_char",
            Self::BadTimeRange => "bad_time_range",
            Self::MsgSeqNoOutOfRange => "msg_seq_no_out_of_range",
            Self::MissingForTradeMode => "missing_for_trade_mode",
        }
    }

    /// True for the XSD/spec-format findings, false for business rules.
    pub const fn is_schema(self) -> bool {
        matches!(
            self,
            Self::MissingElement
                | Self::MissingAttribute
                | Self::UnexpectedElement
                | Self::OutOfOrder
                | Self::TooManyOccurrences
                | Self::UnexpectedText
                | Self::EmptyValue
                | Self::TooLong
                | Self::TooShort
                | Self::WrongLength
                | Self::BadNumber
                | Self::TooManyDigits
                | Self::BadEnum
                | Self::BadDatetime
                | Self::BadGuid
        )
    }
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding. `entry` is the 0-based index of the business entry it belongs to
/// (the n-th `Order`, `Payment`, `Logistics`, `Inventory` …), `None` when it
/// concerns the whole message (root attributes, `BaseTransfer`, signature).
/// `line`/`column` are 0 for business findings on computed values without a single
/// source element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code.
    pub code: FindingCode,
    /// Element path, e.g. `/ceb:CEB311Message/ceb:Order[1]/ceb:OrderHead/ceb:orderNo`.
    pub path: String,
    /// 1-based line of the element (or of its parent when it is missing).
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
    /// Which business entry (0-based), if any.
    pub entry: Option<usize>,
    /// Human-readable detail (English).
    pub detail: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.code, self.path, self.detail)
    }
}
