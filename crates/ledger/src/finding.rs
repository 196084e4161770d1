//! Findings: every refusal says where (RFC 6901 JSON pointer), what (stable snake_case code) and why.

use crate::book::Bucket;
use crate::limits::{QUANTITY_MAX, QUANTITY_SCALE_MAX};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

macro_rules! codes {
    ($($variant:ident => $text:literal : $doc:literal,)*) => {
        /// Stable error codes; partners branch on them, so a code is never renamed or reused.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Code {
            $(#[doc = $doc] $variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// One sentence saying what the code means (the README table says the same).
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $doc,)*
                }
            }
        }
    };
}

codes! {
    MissingField => "missing_field": "a required field is empty",
    StringTooLong => "string_too_long": "a text field exceeds its character limit",
    InvalidHsCode => "invalid_hs_code": "an item's HS code is not 10 digits",
    InvalidCountry => "invalid_country": "an origin country is neither 3 letters (ISO) nor 3 digits (customs code)",
    InvalidEnterpriseCode => "invalid_enterprise_code": "an enterprise customs code is not 10 letters or digits",
    InvalidDistrict => "invalid_district": "a customs district is not 4 digits",
    DuplicateMaterialNo => "duplicate_material_no": "a material number is recorded twice in one book",
    TooManyItems => "too_many_items": "the book would exceed book_items_max",
    UnknownItem => "unknown_item": "the material number is not recorded in the account book",
    NonPositiveQuantity => "non_positive_quantity": "a quantity is zero or negative",
    TooManyDecimals => "too_many_decimals": "a quantity has more than 5 decimal places (or a loss rate more than 6)",
    QuantityTooLarge => "quantity_too_large": "a quantity exceeds quantity_max",
    NoLines => "no_lines": "a booking list, bill of materials or gate pass has no lines",
    TooManyLines => "too_many_lines": "a booking list exceeds booking_list_lines_max (or another line limit)",
    InvalidLineNo => "invalid_line_no": "line numbers start at 1",
    DuplicateLineNo => "duplicate_line_no": "a line number appears twice",
    BookClosed => "book_closed": "the account book is closed",
    BookOpen => "book_open": "the account book is already open",
    BookMismatch => "book_mismatch": "the document names another account book",
    KindNotAllowedAtPlace => "kind_not_allowed_at_place": "this movement kind is not allowed at this kind of place",
    WrongKind => "wrong_kind": "the booking list has the wrong kind for this movement",
    ApprovalRequired => "approval_required": "the movement needs an approving officer",
    CounterpartRequired => "counterpart_required": "a transfer needs the counterpart book",
    CounterpartNotAllowed => "counterpart_not_allowed": "only transfers name a counterpart book",
    SameBook => "same_book": "a transfer needs two different books",
    HsCodeMismatch => "hs_code_mismatch": "the two sides of a transfer have different HS codes",
    UnitMismatch => "unit_mismatch": "the two sides of a transfer have different units",
    InsufficientBalance => "insufficient_balance": "the bucket holds less than requested; nothing was changed",
    BalanceLimitExceeded => "balance_limit_exceeded": "the bucket would exceed balance_max",
    ListAlreadyDeclared => "list_already_declared": "a booking list with this id is already in the book",
    DuplicateListId => "duplicate_list_id": "two lists of one movement share an id",
    UnknownList => "unknown_list": "no booking list with this id is in the book",
    UnknownLine => "unknown_line": "the booking list has no line with this number",
    IllegalTransition => "illegal_transition": "the line's deduction state does not allow this step",
    GateRequired => "gate_required": "this kind is deducted only by gate passage",
    GateNotUsed => "gate_not_used": "this kind never passes a gate; deduct it directly",
    PartiallyPassed => "partially_passed": "part of the line already passed the gate; it cannot be cancelled",
    OverRemaining => "over_remaining": "more than the line's quantity still to pass",
    MaterialMismatch => "material_mismatch": "the pass line names another material than the booking-list line",
    GoodsNotOnPass => "goods_not_on_pass": "the vehicle carries goods its gate pass does not cover; passage refused",
    OverPassQuantity => "over_pass_quantity": "the vehicle carries more than its gate pass covers; passage refused",
    CargoShortOfPass => "cargo_short_of_pass": "the vehicle carries less than its gate pass covers; passage refused",
    OpenLines => "open_lines": "lines are still pre-deducted or deducted and not written off",
    BookHasStock => "book_has_stock": "a book with stock cannot be closed",
    InvalidLossRate => "invalid_loss_rate": "a loss rate must be at least 0 and below 1",
    ProductIsMaterial => "product_is_material": "a bill of materials cannot consume its own product",
    DuplicateMaterial => "duplicate_material": "a material appears twice in a bill of materials or a stocktake",
    InvalidDeclarationNumber => "invalid_declaration_number": "not an 18-digit import declaration number",
    PartMismatch => "part_mismatch": "the replacement's part number differs from the faulty part's",
    InsufficientQuantity => "insufficient_quantity": "the spare-part record holds less than requested",
    NoMatchingObligation => "no_matching_obligation": "nothing is out for repair or exchange to come back",
    DueInPast => "due_in_past": "a due date lies before today",
    TooManyObligations => "too_many_obligations": "the record would exceed spare_part_obligations_max",
    BalanceMismatch => "balance_mismatch": "a stored balance differs from the replayed one",
    OverAllowance => "over_allowance": "a duty-free sale would take the traveller over the allowance for the trip",
    InvalidAmount => "invalid_amount": "an amount of money is not positive or has more than 2 decimal places (fen)",
    DeclaredHsCodeMismatch => "declared_hs_code_mismatch": "the HS code a document declares differs from the book item's",
    UnknownBook => "unknown_book": "no account book has this number (emsNo)",
}

/// What a refused quantity needed and what the bucket held, for `insufficient_balance`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortfall {
    pub bucket: Bucket,
    pub available: Decimal,
    pub requested: Decimal,
}

/// One finding: where (RFC 6901 JSON pointer into the input), what (stable code), why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub path: String,
    pub code: Code,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Shortfall>,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} ({})",
            self.path,
            self.message,
            self.code.as_str()
        )
    }
}

/// Collects findings so a validation can report every problem at once.
#[derive(Debug, Default)]
pub(crate) struct Findings(pub(crate) Vec<Finding>);

impl Findings {
    pub(crate) fn add(&mut self, path: impl Into<String>, code: Code, message: impl Into<String>) {
        self.0.push(Finding {
            path: path.into(),
            code,
            message: message.into(),
            shortfall: None,
        });
    }

    pub(crate) fn shortfall(&mut self, path: impl Into<String>, shortfall: Shortfall) {
        self.0.push(Finding {
            path: path.into(),
            code: Code::InsufficientBalance,
            message: format!(
                "{} holds {}, requested {}",
                shortfall.bucket.as_str(),
                shortfall.available,
                shortfall.requested
            ),
            shortfall: Some(shortfall),
        });
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Finding>) {
        self.0.extend(other);
    }

    pub(crate) fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<Finding>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }

    /// A required code-like or text field: present and within its limit.
    pub(crate) fn text(&mut self, path: &str, value: &str, chars_max: usize) -> bool {
        self.text_at(|| path.to_string(), value, chars_max)
    }

    /// Same as [`Findings::text`], building the path only for a finding (hot path).
    pub(crate) fn text_at(
        &mut self,
        path: impl FnOnce() -> String,
        value: &str,
        chars_max: usize,
    ) -> bool {
        if value.trim().is_empty() {
            self.add(path(), Code::MissingField, "this field is required");
            return false;
        }
        // (No more characters than bytes: count them only when the bytes could exceed.)
        if value.len() > chars_max {
            let chars = value.chars().count();
            if chars > chars_max {
                self.add(
                    path(),
                    Code::StringTooLong,
                    format!("{chars} characters; the limit is {chars_max}"),
                );
                return false;
            }
        }
        true
    }

    /// A quantity: positive, at most 5 decimals, at most quantity_max.
    pub(crate) fn quantity(&mut self, path: &str, value: Decimal) -> bool {
        self.quantity_at(|| path.to_string(), value)
    }

    /// Same as [`Findings::quantity`], building the path only for a finding (hot path).
    pub(crate) fn quantity_at(&mut self, path: impl FnOnce() -> String, value: Decimal) -> bool {
        let problem = if value <= Decimal::ZERO {
            Some((
                Code::NonPositiveQuantity,
                format!("{value} is not greater than zero"),
            ))
        } else if value.normalize().scale() > QUANTITY_SCALE_MAX {
            Some((
                Code::TooManyDecimals,
                format!(
                    "{value} has more than quantity_scale_max = {QUANTITY_SCALE_MAX} decimal places"
                ),
            ))
        } else if value > Decimal::from(QUANTITY_MAX) {
            Some((
                Code::QuantityTooLarge,
                format!("{value} exceeds quantity_max = {QUANTITY_MAX}"),
            ))
        } else {
            None
        };
        match problem {
            Some((code, message)) => {
                self.add(path(), code, message);
                false
            }
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_text() {
        for code in Code::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: Code = serde_json::from_str(&json).unwrap();
            assert_eq!(back, *code);
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut texts: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), Code::ALL.len());
    }

    #[test]
    fn quantity_checks() {
        let mut findings = Findings::default();
        assert!(findings.quantity("/q", Decimal::new(12_345_678, 5)));
        assert!(!findings.quantity("/q", Decimal::ZERO));
        assert!(!findings.quantity("/q", Decimal::new(-1, 0)));
        assert!(!findings.quantity("/q", Decimal::new(1, 6)));
        assert!(!findings.quantity("/q", Decimal::from(QUANTITY_MAX) + Decimal::ONE));
        // Trailing zeros do not count as decimals.
        assert!(findings.quantity("/q", Decimal::new(1_000_000, 6)));
        let codes: Vec<Code> = findings.0.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            [
                Code::NonPositiveQuantity,
                Code::NonPositiveQuantity,
                Code::TooManyDecimals,
                Code::QuantityTooLarge
            ]
        );
    }
}
