//! Reference data: customs offices, countries, currencies, units, trade and transport modes, HS nomenclature.
//!
//! The tables are data files (`data/*.csv` at the workspace root); this module parses their text
//! into lookup sets. It never reads files itself: the caller passes the text.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One reference table row, as stored and served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeEntry {
    pub code: String,
    pub name: String,
    /// Extra columns of the table (district, ISO mapping, WTO membership …) by column name.
    pub attributes: Vec<(String, String)>,
}

impl CodeEntry {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The reference tables the platform validates against.
#[derive(Debug, Clone, Default)]
pub struct ReferenceData {
    pub tables: HashMap<&'static str, Vec<CodeEntry>>,
    offices: HashMap<String, String>,
    countries: HashSet<String>,
    countries_by_customs_code: HashMap<String, String>,
    wto_members: HashSet<String>,
    currencies: HashSet<String>,
    currencies_by_customs_code: HashMap<String, String>,
    units: HashSet<String>,
    trade_modes: HashSet<String>,
    transport_modes: HashSet<String>,
    hs6: HashSet<String>,
}

/// The text of every reference file, passed in by the caller.
pub struct ReferenceTexts<'a> {
    pub customs_offices: &'a str,
    pub countries: &'a str,
    pub currencies: &'a str,
    pub units: &'a str,
    pub trade_modes: &'a str,
    pub transport_modes: &'a str,
    pub hs_nomenclature: &'a str,
}

#[derive(Debug, thiserror::Error)]
#[error("reference table {table}, row {row}: {reason}")]
pub struct ReferenceError {
    pub table: &'static str,
    pub row: usize,
    pub reason: String,
}

fn parse_table(
    table: &'static str,
    text: &str,
    code_column: &str,
    name_column: &str,
) -> Result<Vec<CodeEntry>, ReferenceError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ReferenceError {
            table,
            row: 0,
            reason: e.to_string(),
        })?
        .clone();
    let position = |column: &str| {
        headers
            .iter()
            .position(|h| h == column)
            .ok_or_else(|| ReferenceError {
                table,
                row: 0,
                reason: format!("missing column '{column}'"),
            })
    };
    let code_index = position(code_column)?;
    let name_index = position(name_column)?;
    let mut entries = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ReferenceError {
            table,
            row: row + 2,
            reason: e.to_string(),
        })?;
        let code = record.get(code_index).unwrap_or_default().to_string();
        if code.is_empty() {
            return Err(ReferenceError {
                table,
                row: row + 2,
                reason: "empty code".into(),
            });
        }
        let attributes = headers
            .iter()
            .zip(record.iter())
            .enumerate()
            .filter(|(index, _)| *index != code_index && *index != name_index)
            .map(|(_, (key, value))| (key.to_string(), value.to_string()))
            .collect();
        entries.push(CodeEntry {
            code,
            name: record.get(name_index).unwrap_or_default().to_string(),
            attributes,
        });
    }
    Ok(entries)
}

impl ReferenceData {
    pub fn parse(texts: &ReferenceTexts<'_>) -> Result<Self, ReferenceError> {
        let tables = vec![
            (
                "customs-offices",
                parse_table("customs-offices", texts.customs_offices, "code", "name")?,
            ),
            (
                "countries",
                parse_table("countries", texts.countries, "iso3", "name")?,
            ),
            (
                "currencies",
                parse_table("currencies", texts.currencies, "iso", "name")?,
            ),
            ("units", parse_table("units", texts.units, "code", "name")?),
            (
                "trade-modes",
                parse_table("trade-modes", texts.trade_modes, "code", "name")?,
            ),
            (
                "transport-modes",
                parse_table("transport-modes", texts.transport_modes, "code", "name")?,
            ),
            (
                "hs",
                parse_table("hs", texts.hs_nomenclature, "hscode", "description")?,
            ),
        ];
        Ok(Self::from_tables(tables))
    }

    /// The table names, as stored (`kind` of each row).
    pub const TABLES: [&'static str; 7] = [
        "customs-offices",
        "countries",
        "currencies",
        "units",
        "trade-modes",
        "transport-modes",
        "hs",
    ];

    /// Index tables already parsed (from the files or from the store). Unknown table names are ignored.
    pub fn from_tables(tables: Vec<(&str, Vec<CodeEntry>)>) -> Self {
        let mut data = ReferenceData::default();
        for (name, entries) in tables {
            let Some(kind) = Self::TABLES.iter().copied().find(|known| *known == name) else {
                continue;
            };
            for entry in &entries {
                match kind {
                    "customs-offices" => {
                        let district = entry
                            .attribute("district")
                            .unwrap_or(&entry.code)
                            .to_string();
                        data.offices.insert(entry.code.clone(), district);
                    }
                    "countries" => {
                        data.countries.insert(entry.code.clone());
                        if let Some(customs) = entry.attribute("customs_code") {
                            data.countries_by_customs_code
                                .insert(customs.to_string(), entry.code.clone());
                        }
                        if entry.attribute("wto_member") == Some("true") {
                            data.wto_members.insert(entry.code.clone());
                        }
                    }
                    "currencies" => {
                        data.currencies.insert(entry.code.clone());
                        if let Some(customs) = entry.attribute("customs_code") {
                            data.currencies_by_customs_code
                                .insert(customs.to_string(), entry.code.clone());
                        }
                    }
                    "units" => {
                        data.units.insert(entry.code.clone());
                    }
                    "trade-modes" => {
                        data.trade_modes.insert(entry.code.clone());
                    }
                    "transport-modes" => {
                        data.transport_modes.insert(entry.code.clone());
                    }
                    _ => {
                        if entry.code.len() == 6 {
                            data.hs6.insert(entry.code.clone());
                        }
                    }
                }
            }
            data.tables.insert(kind, entries);
        }
        data
    }

    /// The district (7900, 8000 …) a customs office belongs to.
    pub fn district_of_office(&self, office: &str) -> Option<&str> {
        self.offices.get(office).map(String::as_str)
    }
    pub fn is_district(&self, code: &str) -> bool {
        self.offices
            .get(code)
            .is_some_and(|district| district == code)
    }
    pub fn has_country(&self, iso3: &str) -> bool {
        self.countries.contains(iso3)
    }
    pub fn is_wto_member(&self, iso3: &str) -> bool {
        self.wto_members.contains(iso3)
    }
    /// Map a 3-digit customs country code (CEB messages) to ISO alpha-3.
    pub fn country_from_customs_code(&self, code: &str) -> Option<&str> {
        self.countries_by_customs_code.get(code).map(String::as_str)
    }
    pub fn has_currency(&self, iso: &str) -> bool {
        self.currencies.contains(iso)
    }
    /// Map a 3-digit customs currency code (CEB messages) to ISO 4217.
    pub fn currency_from_customs_code(&self, code: &str) -> Option<&str> {
        self.currencies_by_customs_code
            .get(code)
            .map(String::as_str)
    }
    pub fn has_unit(&self, code: &str) -> bool {
        self.units.contains(code)
    }
    pub fn has_trade_mode(&self, code: &str) -> bool {
        self.trade_modes.contains(code)
    }
    pub fn has_transport_mode(&self, code: &str) -> bool {
        self.transport_modes.contains(code)
    }
    /// A 10-digit tariff code is in the nomenclature when its first six digits are an HS subheading.
    pub fn has_hs6(&self, hs6: &str) -> bool {
        self.hs6.contains(hs6)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sample() -> ReferenceData {
        ReferenceData::parse(&ReferenceTexts {
            customs_offices: "code,name,district\n7900,Chengdu,7900\n7901,Airport,7900\n8000,Chongqing,8000\n",
            countries: "iso3,iso2,customs_code,name,wto_member\nCHN,CN,142,China,true\nJPN,JP,116,Japan,true\nPRK,KP,109,DPRK,false\nDEU,DE,304,Germany,true\n",
            currencies: "iso,customs_code,name\nCNY,142,Yuan\nUSD,502,Dollar\nEUR,300,Euro\n",
            units: "code,name\n007,piece\n035,kilogram\n",
            trade_modes: "code,name\n0110,General trade\n9610,CBEC\n",
            transport_modes: "code,name,un_rec19\n2,Waterway,1\n3,Rail,2\n5,Air,4\n",
            hs_nomenclature: "section,hscode,description,parent,level\nXVI,85,Electrical,TOTAL,2\nXVI,8517,Phones,85,4\nXVI,851713,Smartphones,8517,6\nXVI,854110,Diodes,8541,6\n",
        })
        .unwrap()
    }

    #[test]
    fn lookups_and_mappings() {
        let data = sample();
        assert_eq!(data.district_of_office("7901"), Some("7900"));
        assert!(data.is_district("8000"));
        assert!(!data.is_district("7901"));
        assert_eq!(data.country_from_customs_code("116"), Some("JPN"));
        assert_eq!(data.currency_from_customs_code("502"), Some("USD"));
        assert!(data.is_wto_member("DEU"));
        assert!(!data.is_wto_member("PRK"));
        assert!(data.has_hs6("851713"));
        assert!(!data.has_hs6("8517"), "only 6-digit subheadings count");
    }

    #[test]
    fn a_table_without_its_code_column_is_refused() {
        let texts = ReferenceTexts {
            customs_offices: "name\nx\n",
            countries: "",
            currencies: "",
            units: "",
            trade_modes: "",
            transport_modes: "",
            hs_nomenclature: "",
        };
        let error = ReferenceData::parse(&texts).unwrap_err();
        assert!(
            error.to_string().contains("missing column 'code'"),
            "{error}"
        );
    }
}
