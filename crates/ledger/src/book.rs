//! Account books (账册): the header, the recorded items and the balance of each item in buckets.

use crate::finding::{Code, Finding, Findings};
use crate::limits::{BOOK_ITEMS_MAX, HS_CODE_DIGITS, REFERENCE_CHARS_MAX, TEXT_CHARS_MAX};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The kind of special supervision place that keeps the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// 综合保税区
    ComprehensiveBondedZone,
    /// 保税物流中心（B型）
    BondedLogisticsCentreB,
    /// 保税仓库
    BondedWarehouse,
    /// 口岸进境免税店 and other duty-free shops
    DutyFreeShop,
}

impl PlaceKind {
    pub const ALL: [PlaceKind; 4] = [
        PlaceKind::ComprehensiveBondedZone,
        PlaceKind::BondedLogisticsCentreB,
        PlaceKind::BondedWarehouse,
        PlaceKind::DutyFreeShop,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::ComprehensiveBondedZone => "comprehensive_bonded_zone",
            PlaceKind::BondedLogisticsCentreB => "bonded_logistics_centre_b",
            PlaceKind::BondedWarehouse => "bonded_warehouse",
            PlaceKind::DutyFreeShop => "duty_free_shop",
        }
    }
}

/// Officers open and close books; a closed book accepts no movement but a reopening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookStatus {
    Open,
    Closed,
}

/// One recorded item (备案料号) of a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookItem {
    pub material_no: String,
    /// 10-digit Chinese tariff line.
    pub hs_code: String,
    pub name: String,
    /// Customs unit code (e.g. 007 piece, 035 kilogram).
    pub unit: String,
    /// ISO alpha-3 (CHN) or customs 3-digit code (142).
    pub origin_country: String,
}

/// The header of an electronic account book and its recorded items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountBook {
    /// The book number (`emsNo`).
    pub id: String,
    /// The enterprise's 10-character customs code.
    pub enterprise_code: String,
    pub place_kind: PlaceKind,
    /// Customs district, e.g. 7900 Chengdu, 8000 Chongqing.
    pub district: String,
    pub status: BookStatus,
    pub items: Vec<BookItem>,
}

/// A balance bucket. Every movement kind is a fixed change of buckets (see `BookingListKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// In the book and free to move.
    Available,
    /// Reserved by a declared outbound list, still physically present until deducted.
    PreDeducted,
    /// Declared inbound, not yet arrived (not on hand, not available).
    Incoming,
    /// In the front store for display (前店), still bonded and on hand.
    Displayed,
}

impl Bucket {
    pub const ALL: [Bucket; 4] = [
        Bucket::Available,
        Bucket::PreDeducted,
        Bucket::Incoming,
        Bucket::Displayed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Available => "available",
            Bucket::PreDeducted => "pre_deducted",
            Bucket::Incoming => "incoming",
            Bucket::Displayed => "displayed",
        }
    }
}

/// The balance of one item. Invariant: no bucket is ever negative.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Balance {
    pub available: Decimal,
    pub pre_deducted: Decimal,
    pub incoming: Decimal,
    pub displayed: Decimal,
}

impl Balance {
    pub const ZERO: Balance = Balance {
        available: Decimal::ZERO,
        pre_deducted: Decimal::ZERO,
        incoming: Decimal::ZERO,
        displayed: Decimal::ZERO,
    };

    pub fn get(&self, bucket: Bucket) -> Decimal {
        match bucket {
            Bucket::Available => self.available,
            Bucket::PreDeducted => self.pre_deducted,
            Bucket::Incoming => self.incoming,
            Bucket::Displayed => self.displayed,
        }
    }

    pub(crate) fn get_mut(&mut self, bucket: Bucket) -> &mut Decimal {
        match bucket {
            Bucket::Available => &mut self.available,
            Bucket::PreDeducted => &mut self.pre_deducted,
            Bucket::Incoming => &mut self.incoming,
            Bucket::Displayed => &mut self.displayed,
        }
    }

    /// Stock physically in the place (what a stocktake counts): available + pre-deducted + displayed.
    pub fn on_hand(&self) -> Decimal {
        self.available + self.pre_deducted + self.displayed
    }

    /// Everything the book accounts for, including goods declared inbound but not arrived.
    pub fn total(&self) -> Decimal {
        self.on_hand() + self.incoming
    }

    pub fn is_zero(&self) -> bool {
        Bucket::ALL.iter().all(|b| self.get(*b).is_zero())
    }

    /// The first negative bucket, if any (the invariant says there is none).
    pub fn negative_bucket(&self) -> Option<Bucket> {
        Bucket::ALL
            .into_iter()
            .find(|b| self.get(*b) < Decimal::ZERO)
    }
}

/// Check a book header and its items; every finding at once.
pub fn validate_book(book: &AccountBook) -> Vec<Finding> {
    let mut findings = Findings::default();
    findings.text("/id", &book.id, REFERENCE_CHARS_MAX);
    if !is_enterprise_code(&book.enterprise_code) {
        findings.add(
            "/enterprise_code",
            Code::InvalidEnterpriseCode,
            format!("'{}' is not 10 letters or digits", book.enterprise_code),
        );
    }
    if book.district.len() != 4 || !book.district.bytes().all(|b| b.is_ascii_digit()) {
        findings.add(
            "/district",
            Code::InvalidDistrict,
            format!("'{}' is not a 4-digit customs district", book.district),
        );
    }
    if book.items.len() > BOOK_ITEMS_MAX {
        findings.add(
            "/items",
            Code::TooManyItems,
            format!(
                "{} items; the limit is book_items_max = {BOOK_ITEMS_MAX}",
                book.items.len()
            ),
        );
    }
    let mut seen = HashSet::with_capacity(book.items.len());
    for (index, item) in book.items.iter().enumerate() {
        validate_item_at(&mut findings, || format!("/items/{index}"), item);
        if !seen.insert(item.material_no.as_str()) {
            findings.add(
                format!("/items/{index}/material_no"),
                Code::DuplicateMaterialNo,
                format!("material {} is recorded twice", item.material_no),
            );
        }
    }
    findings.0
}

pub(crate) fn validate_item(findings: &mut Findings, prefix: &str, item: &BookItem) {
    validate_item_at(findings, || prefix.to_string(), item);
}

/// [`validate_item`] building the path prefix only for a finding (a view of 1,000 items is
/// validated on every write).
fn validate_item_at(findings: &mut Findings, prefix: impl Fn() -> String, item: &BookItem) {
    findings.text_at(
        || format!("{}/material_no", prefix()),
        &item.material_no,
        REFERENCE_CHARS_MAX,
    );
    if item.hs_code.len() != HS_CODE_DIGITS || !item.hs_code.bytes().all(|b| b.is_ascii_digit()) {
        findings.add(
            format!("{}/hs_code", prefix()),
            Code::InvalidHsCode,
            format!(
                "'{}' is not a {HS_CODE_DIGITS}-digit tariff line",
                item.hs_code
            ),
        );
    }
    findings.text_at(|| format!("{}/name", prefix()), &item.name, TEXT_CHARS_MAX);
    findings.text_at(
        || format!("{}/unit", prefix()),
        &item.unit,
        REFERENCE_CHARS_MAX,
    );
    let country = item.origin_country.as_bytes();
    let is_country = country.len() == 3
        && (country.iter().all(u8::is_ascii_uppercase) || country.iter().all(u8::is_ascii_digit));
    if !is_country {
        findings.add(
            format!("{}/origin_country", prefix()),
            Code::InvalidCountry,
            format!(
                "'{}' is neither ISO alpha-3 nor a 3-digit customs country code",
                item.origin_country
            ),
        );
    }
}

fn is_enterprise_code(code: &str) -> bool {
    code.len() == 10 && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(material_no: &str) -> BookItem {
        BookItem {
            material_no: material_no.into(),
            hs_code: "8471300000".into(),
            name: "laptop".into(),
            unit: "007".into(),
            origin_country: "JPN".into(),
        }
    }

    #[test]
    fn a_good_book_validates() {
        let book = AccountBook {
            id: "T7900W000001".into(),
            enterprise_code: "5101230001".into(),
            place_kind: PlaceKind::ComprehensiveBondedZone,
            district: "7900".into(),
            status: BookStatus::Open,
            items: vec![item("M1"), item("M2")],
        };
        assert_eq!(validate_book(&book), vec![]);
    }

    #[test]
    fn every_problem_is_reported() {
        let mut bad = item("M1");
        bad.hs_code = "84713".into();
        bad.origin_country = "Jp".into();
        let book = AccountBook {
            id: String::new(),
            enterprise_code: "51-01".into(),
            place_kind: PlaceKind::BondedWarehouse,
            district: "79".into(),
            status: BookStatus::Open,
            items: vec![bad, item("M1")],
        };
        let found: Vec<(String, Code)> = validate_book(&book)
            .into_iter()
            .map(|f| (f.path, f.code))
            .collect();
        assert_eq!(
            found,
            vec![
                ("/id".into(), Code::MissingField),
                ("/enterprise_code".into(), Code::InvalidEnterpriseCode),
                ("/district".into(), Code::InvalidDistrict),
                ("/items/0/hs_code".into(), Code::InvalidHsCode),
                ("/items/0/origin_country".into(), Code::InvalidCountry),
                ("/items/1/material_no".into(), Code::DuplicateMaterialNo),
            ]
        );
    }

    #[test]
    fn on_hand_excludes_incoming() {
        let balance = Balance {
            available: Decimal::from(5),
            pre_deducted: Decimal::from(2),
            incoming: Decimal::from(7),
            displayed: Decimal::from(1),
        };
        assert_eq!(balance.on_hand(), Decimal::from(8));
        assert_eq!(balance.total(), Decimal::from(15));
        assert_eq!(balance.negative_bucket(), None);
    }
}
