//! Goods declarations (报关单): the input shape, validation that reports every finding at once, and the validated value.

use crate::limits::*;
use crate::party::validate_enterprise_code;
use crate::refdata::ReferenceData;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Import or export; the declaration number carries 1 for import and 0 for export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IeFlag {
    #[serde(rename = "I")]
    Import,
    #[serde(rename = "E")]
    Export,
}

impl IeFlag {
    pub fn number_digit(self) -> char {
        match self {
            IeFlag::Import => '1',
            IeFlag::Export => '0',
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            IeFlag::Import => "I",
            IeFlag::Export => "E",
        }
    }
}

/// An attached document (licence, certificate, invoice …) by its type code and number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    pub code: String,
    pub number: String,
}

/// One item as the declarant sends it (already decoded from the wire, not yet checked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemInput {
    pub hs_code: String,
    pub description: String,
    pub quantity: Decimal,
    pub unit: String,
    pub legal_quantity: Decimal,
    pub legal_unit: String,
    pub unit_price: Decimal,
    pub total: Decimal,
    pub origin_country: String,
}

/// A declaration as the declarant sends it. Validation turns it into a [`Declaration`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeclarationInput {
    pub ie_flag: String,
    pub customs_office: String,
    pub declarant_code: String,
    pub trader_code: String,
    pub trade_mode: String,
    pub transport_mode: String,
    pub transport_means: String,
    pub bill_of_lading: String,
    pub trading_country: String,
    /// Country of departure (import) or of final destination (export).
    pub partner_country: String,
    pub currency: String,
    pub freight: Decimal,
    pub insurance: Decimal,
    pub packages: u32,
    pub gross_weight_kg: Decimal,
    pub net_weight_kg: Decimal,
    /// Sum of the item totals, as declared.
    pub total_value: Decimal,
    /// The trade agreement under which a certificate of origin is declared (e.g. RCEP), if any.
    pub certificate_of_origin: Option<String>,
    pub documents: Vec<DocumentRef>,
    pub items: Vec<ItemInput>,
}

/// A validated declaration. Only [`validate`] makes one, so holding one means every check passed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Declaration {
    pub ie_flag: IeFlag,
    pub district: String,
    #[serde(flatten)]
    pub input: DeclarationInput,
}

impl Declaration {
    pub fn items(&self) -> &[ItemInput] {
        &self.input.items
    }
}

/// One validation finding: where (RFC 6901 JSON pointer), what (stable snake_case code), why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub path: String,
    pub code: &'static str,
    pub message: String,
}

struct Findings(Vec<Finding>);

impl Findings {
    fn add(&mut self, path: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.0.push(Finding {
            path: path.into(),
            code,
            message: message.into(),
        });
    }

    fn text(&mut self, path: &str, value: &str, chars_max: usize) -> bool {
        if value.trim().is_empty() {
            self.add(path, "missing_field", "this field is required");
            return false;
        }
        let chars = value.chars().count();
        if chars > chars_max {
            self.add(
                path,
                "string_too_long",
                format!("{chars} characters; the limit is {chars_max}"),
            );
            return false;
        }
        true
    }

    fn amount(&mut self, path: &str, value: Decimal, scale_max: u32, positive: bool) -> bool {
        if value.is_sign_negative() && !value.is_zero() {
            self.add(path, "negative_amount", format!("{value} is negative"));
            return false;
        }
        if positive && value.is_zero() {
            self.add(path, "non_positive_amount", "must be greater than zero");
            return false;
        }
        if value > Decimal::from(AMOUNT_MAX) {
            self.add(
                path,
                "amount_too_large",
                format!("{value} exceeds the limit amount_max = {AMOUNT_MAX}"),
            );
            return false;
        }
        if value.normalize().scale() > scale_max {
            self.add(
                path,
                "too_many_decimals",
                format!("{value} has more than {scale_max} decimal places"),
            );
            return false;
        }
        true
    }

    fn code(&mut self, path: &str, value: &str, known: bool, code: &'static str, what: &str) {
        if value.trim().is_empty() {
            self.add(path, "missing_field", "this field is required");
        } else if !known {
            self.add(path, code, format!("'{value}' is not a known {what}"));
        }
    }
}

/// Check a declaration against the reference data; return every finding at once.
pub fn validate(
    input: DeclarationInput,
    reference: &ReferenceData,
) -> Result<Declaration, Vec<Finding>> {
    let mut findings = Findings(Vec::new());

    let ie_flag = match input.ie_flag.as_str() {
        "I" => Some(IeFlag::Import),
        "E" => Some(IeFlag::Export),
        other => {
            findings.add(
                "/ie_flag",
                "invalid_ie_flag",
                format!("'{other}' is neither I (import) nor E (export)"),
            );
            None
        }
    };
    let district = reference
        .district_of_office(&input.customs_office)
        .map(str::to_string);
    findings.code(
        "/customs_office",
        &input.customs_office,
        district.is_some(),
        "unknown_customs_office",
        "customs office",
    );
    for (path, code) in [
        ("/declarant_code", &input.declarant_code),
        ("/trader_code", &input.trader_code),
    ] {
        if let Err(reason) = validate_enterprise_code(code) {
            findings.add(path, "invalid_enterprise_code", reason);
        }
    }
    findings.code(
        "/trade_mode",
        &input.trade_mode,
        reference.has_trade_mode(&input.trade_mode),
        "unknown_trade_mode",
        "trade mode",
    );
    findings.code(
        "/transport_mode",
        &input.transport_mode,
        reference.has_transport_mode(&input.transport_mode),
        "unknown_transport_mode",
        "transport mode",
    );
    findings.text(
        "/transport_means",
        &input.transport_means,
        REFERENCE_CHARS_MAX,
    );
    findings.text(
        "/bill_of_lading",
        &input.bill_of_lading,
        REFERENCE_CHARS_MAX,
    );
    for (path, country) in [
        ("/trading_country", &input.trading_country),
        ("/partner_country", &input.partner_country),
    ] {
        findings.code(
            path,
            country,
            reference.has_country(country),
            "unknown_country",
            "ISO 3166 alpha-3 country",
        );
    }
    findings.code(
        "/currency",
        &input.currency,
        reference.has_currency(&input.currency),
        "unknown_currency",
        "ISO 4217 currency",
    );
    findings.amount("/freight", input.freight, AMOUNT_SCALE_MAX, false);
    findings.amount("/insurance", input.insurance, AMOUNT_SCALE_MAX, false);
    if input.packages == 0 {
        findings.add(
            "/packages",
            "non_positive_quantity",
            "a consignment has at least one package",
        );
    } else if input.packages > PACKAGES_MAX {
        findings.add(
            "/packages",
            "limit_exceeded",
            format!("{} exceeds packages_max = {PACKAGES_MAX}", input.packages),
        );
    }
    let gross_ok = findings.amount(
        "/gross_weight_kg",
        input.gross_weight_kg,
        QUANTITY_SCALE_MAX,
        true,
    );
    let net_ok = findings.amount(
        "/net_weight_kg",
        input.net_weight_kg,
        QUANTITY_SCALE_MAX,
        true,
    );
    if gross_ok && net_ok && input.gross_weight_kg < input.net_weight_kg {
        findings.add(
            "/gross_weight_kg",
            "gross_less_than_net",
            format!(
                "gross weight {} kg is less than net weight {} kg",
                input.gross_weight_kg, input.net_weight_kg
            ),
        );
    }
    if let Some(agreement) = &input.certificate_of_origin {
        findings.text("/certificate_of_origin", agreement, REFERENCE_CHARS_MAX);
    }
    if input.documents.len() > DECLARATION_DOCUMENTS_MAX {
        findings.add(
            "/documents",
            "too_many_documents",
            format!("{} documents; the limit is declaration_documents_max = {DECLARATION_DOCUMENTS_MAX}", input.documents.len()),
        );
    }
    for (index, document) in input.documents.iter().enumerate() {
        findings.text(
            &format!("/documents/{index}/code"),
            &document.code,
            REFERENCE_CHARS_MAX,
        );
        findings.text(
            &format!("/documents/{index}/number"),
            &document.number,
            REFERENCE_CHARS_MAX,
        );
    }

    if input.items.is_empty() {
        findings.add("/items", "no_items", "a declaration has at least one item");
    }
    if input.items.len() > DECLARATION_ITEMS_MAX {
        findings.add(
            "/items",
            "too_many_items",
            format!(
                "{} items; the limit is declaration_items_max = {DECLARATION_ITEMS_MAX}",
                input.items.len()
            ),
        );
    }
    let mut items_total = Decimal::ZERO;
    let mut items_total_ok = true;
    for (index, item) in input.items.iter().enumerate() {
        let at = |field: &str| format!("/items/{index}/{field}");
        validate_hs_code(&mut findings, &at("hs_code"), &item.hs_code, reference);
        findings.text(&at("description"), &item.description, TEXT_CHARS_MAX);
        let quantity_ok = findings.amount(&at("quantity"), item.quantity, QUANTITY_SCALE_MAX, true);
        findings.code(
            &at("unit"),
            &item.unit,
            reference.has_unit(&item.unit),
            "unknown_unit",
            "unit of measure",
        );
        findings.amount(
            &at("legal_quantity"),
            item.legal_quantity,
            QUANTITY_SCALE_MAX,
            true,
        );
        findings.code(
            &at("legal_unit"),
            &item.legal_unit,
            reference.has_unit(&item.legal_unit),
            "unknown_unit",
            "unit of measure",
        );
        let price_ok = findings.amount(
            &at("unit_price"),
            item.unit_price,
            UNIT_PRICE_SCALE_MAX,
            true,
        );
        let total_ok = findings.amount(&at("total"), item.total, AMOUNT_SCALE_MAX, true);
        findings.code(
            &at("origin_country"),
            &item.origin_country,
            reference.has_country(&item.origin_country),
            "unknown_country",
            "ISO 3166 alpha-3 country",
        );
        if quantity_ok && price_ok && total_ok {
            let expected = item.unit_price * item.quantity;
            let tolerance = Decimal::new(ITEM_TOTAL_TOLERANCE_CENTS, 2);
            if (item.total - expected).abs() > tolerance {
                findings.add(
                    at("total"),
                    "item_total_mismatch",
                    format!(
                        "total {} differs from unit price {} × quantity {} = {} by more than {tolerance}",
                        item.total, item.unit_price, item.quantity, expected
                    ),
                );
            }
        }
        items_total_ok &= total_ok;
        if total_ok {
            items_total += item.total;
        }
    }
    if findings.amount("/total_value", input.total_value, AMOUNT_SCALE_MAX, true)
        && items_total_ok
        && !input.items.is_empty()
        && items_total != input.total_value
    {
        findings.add(
            "/total_value",
            "header_total_mismatch",
            format!(
                "declared total {} is not the sum of the item totals {items_total}",
                input.total_value
            ),
        );
    }

    match (findings.0.is_empty(), ie_flag, district) {
        (true, Some(ie_flag), Some(district)) => Ok(Declaration {
            ie_flag,
            district,
            input,
        }),
        _ => Err(findings.0),
    }
}

fn validate_hs_code(findings: &mut Findings, path: &str, code: &str, reference: &ReferenceData) {
    if code.len() != 10 || !code.bytes().all(|b| b.is_ascii_digit()) {
        findings.add(
            path,
            "invalid_hs_code",
            format!("'{code}' is not a 10-digit tariff code"),
        );
    } else if !reference.has_hs6(&code[..6]) {
        findings.add(
            path,
            "hs_code_not_in_nomenclature",
            format!(
                "HS subheading {} of '{code}' is not in the HS nomenclature",
                &code[..6]
            ),
        );
    }
}

/// The 18-digit declaration number: office (4) + year (4) + I/E digit + 9-digit sequence.
pub fn declaration_number(office: &str, year: i16, ie_flag: IeFlag, sequence: u64) -> String {
    assert!(office.len() == 4, "customs office codes are 4 characters");
    assert!(
        (1..=999_999_999).contains(&sequence),
        "the sequence has 9 digits"
    );
    format!("{office}{year:04}{}{sequence:09}", ie_flag.number_digit())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::refdata::tests::sample as reference;

    pub(crate) fn good_input() -> DeclarationInput {
        DeclarationInput {
            ie_flag: "I".into(),
            customs_office: "7901".into(),
            declarant_code: "5101230001".into(),
            trader_code: "5101980002".into(),
            trade_mode: "0110".into(),
            transport_mode: "5".into(),
            transport_means: "CA4401".into(),
            bill_of_lading: "999-12345678".into(),
            trading_country: "JPN".into(),
            partner_country: "JPN".into(),
            currency: "USD".into(),
            freight: Decimal::new(12000, 2),
            insurance: Decimal::new(500, 2),
            packages: 3,
            gross_weight_kg: Decimal::new(125, 1),
            net_weight_kg: Decimal::new(110, 1),
            total_value: Decimal::new(150000, 2),
            certificate_of_origin: None,
            documents: vec![DocumentRef {
                code: "Y".into(),
                number: "RCEP-2026-001".into(),
            }],
            items: vec![
                ItemInput {
                    hs_code: "8517130000".into(),
                    description: "Smartphones".into(),
                    quantity: Decimal::from(2),
                    unit: "007".into(),
                    legal_quantity: Decimal::from(2),
                    legal_unit: "007".into(),
                    unit_price: Decimal::new(50000, 2),
                    total: Decimal::new(100000, 2),
                    origin_country: "JPN".into(),
                },
                ItemInput {
                    hs_code: "8541100000".into(),
                    description: "Diodes".into(),
                    quantity: Decimal::from(1000),
                    unit: "007".into(),
                    legal_quantity: Decimal::new(15, 1),
                    legal_unit: "035".into(),
                    unit_price: Decimal::new(5, 1),
                    total: Decimal::new(50000, 2),
                    origin_country: "DEU".into(),
                },
            ],
        }
    }

    fn codes(input: DeclarationInput) -> Vec<(String, &'static str)> {
        match validate(input, &reference()) {
            Ok(_) => Vec::new(),
            Err(findings) => findings.into_iter().map(|f| (f.path, f.code)).collect(),
        }
    }

    #[test]
    fn a_good_declaration_validates() {
        let declaration = validate(good_input(), &reference()).unwrap();
        assert_eq!(declaration.ie_flag, IeFlag::Import);
        assert_eq!(declaration.district, "7900");
    }

    #[test]
    fn every_finding_is_reported_at_once() {
        let mut input = good_input();
        input.ie_flag = "X".into();
        input.customs_office = "1234".into();
        input.currency = "XXX".into();
        input.gross_weight_kg = Decimal::from(5);
        input.items[0].hs_code = "9999990000".into();
        input.items[0].total = Decimal::new(99000, 2);
        input.items[1].unit = "999".into();
        let found = codes(input);
        let expected = [
            ("/ie_flag", "invalid_ie_flag"),
            ("/customs_office", "unknown_customs_office"),
            ("/currency", "unknown_currency"),
            ("/gross_weight_kg", "gross_less_than_net"),
            ("/items/0/hs_code", "hs_code_not_in_nomenclature"),
            ("/items/0/total", "item_total_mismatch"),
            ("/items/1/unit", "unknown_unit"),
            ("/total_value", "header_total_mismatch"),
        ];
        for (path, code) in expected {
            assert!(
                found.contains(&(path.to_string(), code)),
                "missing {path} {code} in {found:?}"
            );
        }
        assert_eq!(found.len(), expected.len(), "{found:?}");
    }

    #[test]
    fn fifty_one_items_are_refused() {
        let mut input = good_input();
        let item = input.items[1].clone();
        input.items = vec![item; 51];
        input.total_value = Decimal::new(500 * 51, 0);
        assert_eq!(codes(input), vec![("/items".to_string(), "too_many_items")]);
    }

    #[test]
    fn fifty_items_are_fine() {
        let mut input = good_input();
        let item = input.items[1].clone();
        input.items = vec![item; 50];
        input.total_value = Decimal::new(500 * 50, 0);
        assert_eq!(codes(input), vec![]);
    }

    #[test]
    fn rounding_tolerance_of_item_totals() {
        let mut input = good_input();
        input.items[1].unit_price = Decimal::new(5001, 4); // 0.5001 × 1000 = 500.1
        input.items[1].total = Decimal::new(50010, 2);
        input.total_value = Decimal::new(150010, 2);
        assert_eq!(codes(input.clone()), vec![]);
        input.items[1].total = Decimal::new(50012, 2);
        input.total_value = Decimal::new(150012, 2);
        assert_eq!(
            codes(input),
            vec![("/items/1/total".to_string(), "item_total_mismatch")]
        );
    }

    #[test]
    fn bad_codes_shapes_and_limits() {
        let mut input = good_input();
        input.declarant_code = "short".into();
        input.bill_of_lading = "x".repeat(65);
        input.transport_means = " ".into();
        input.items[0].hs_code = "85171300".into();
        input.freight = Decimal::new(-1, 0);
        input.insurance = Decimal::new(1, 3);
        let found = codes(input);
        assert_eq!(
            found,
            vec![
                ("/declarant_code".to_string(), "invalid_enterprise_code"),
                ("/transport_means".to_string(), "missing_field"),
                ("/bill_of_lading".to_string(), "string_too_long"),
                ("/freight".to_string(), "negative_amount"),
                ("/insurance".to_string(), "too_many_decimals"),
                ("/items/0/hs_code".to_string(), "invalid_hs_code"),
            ]
        );
    }

    #[test]
    fn numbers_have_eighteen_digits() {
        assert_eq!(
            declaration_number("7900", 2026, IeFlag::Import, 42),
            "790020261000000042"
        );
        assert_eq!(
            declaration_number("8001", 2026, IeFlag::Export, 1).len(),
            18
        );
    }
}
