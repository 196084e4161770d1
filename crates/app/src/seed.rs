//! First-start seeding: the reference tables (embedded data files) and, for `--demo`, demo
//! parties, the sample tariff and exchange rates, and the starter rule set.

use crate::guarantees::NewGuarantee;
use crate::parties::NewParty;
use crate::tariffs::TariffFileKind;
use crate::views::RuleSetUpload;
use crate::{Actor, App, AppError};
use chuanyu_domain::Role;
use chuanyu_domain::refdata::{CodeEntry, ReferenceData, ReferenceTexts};
use chuanyu_store::{NewAuditEvent, Store, StoreError};

/// The reference files, compiled into the binary so a fresh machine needs nothing else.
pub const REFERENCE_TEXTS: ReferenceTexts<'static> = ReferenceTexts {
    customs_offices: include_str!("../../../data/customs-offices.csv"),
    countries: include_str!("../../../data/countries.csv"),
    currencies: include_str!("../../../data/currencies.csv"),
    units: include_str!("../../../data/units.csv"),
    trade_modes: include_str!("../../../data/trade-modes.csv"),
    transport_modes: include_str!("../../../data/transport-modes.csv"),
    hs_nomenclature: include_str!("../../../data/hs/harmonized-system.csv"),
};

pub const SAMPLE_TARIFF_CSV: &str = include_str!("../../tariff/data/tariff-sample.csv");
pub const SAMPLE_EXCHANGE_RATES_CSV: &str =
    include_str!("../../tariff/data/exchange-rates-sample.csv");
pub const STARTER_RULES: &str = include_str!("../../risk/rules/starter.rules");

/// Load the embedded reference files into an empty store, with one audit event.
pub fn ensure_reference_data(store: &Store) -> Result<(), AppError> {
    if store.read(|tx| tx.reference_count())? > 0 {
        return Ok(());
    }
    let parsed = ReferenceData::parse(&REFERENCE_TEXTS).map_err(|e| {
        AppError::Store(StoreError::Corrupt(format!("embedded reference data: {e}")))
    })?;
    let at = crate::time::timestamp_text(crate::time::now());
    store
        .write_blocking(move |tx| {
            let mut rows = 0usize;
            for kind in ReferenceData::TABLES {
                for entry in parsed.tables.get(kind).into_iter().flatten() {
                    let attributes =
                        serde_json::to_string(&entry.attributes).expect("attributes serialize");
                    tx.upsert_reference(kind, &entry.code, &entry.name, &attributes)?;
                    rows += 1;
                }
            }
            let payload = serde_json::json!({ "rows": rows }).to_string();
            tx.append_audit(&NewAuditEvent {
                stream: "reference-data",
                at: &at,
                actor: "system",
                action: "seed",
                from_state: None,
                to_state: None,
                reason: Some("first start: embedded reference files"),
                payload: Some(&payload),
            })?;
            Ok::<_, StoreError>(())
        })
        .map_err(|e| match e {
            chuanyu_store::WriteError::Job(e) | chuanyu_store::WriteError::Store(e) => {
                AppError::Store(e)
            }
        })
}

/// Build the in-memory reference data from the store (the store is the source of truth).
pub fn load_reference_data(store: &Store) -> Result<ReferenceData, AppError> {
    let tables = store.read(|tx| {
        let mut tables = Vec::new();
        for kind in ReferenceData::TABLES {
            let rows = tx.reference_codes(kind, "", u32::MAX)?;
            let entries = rows
                .into_iter()
                .map(|(code, name, attributes)| CodeEntry {
                    code,
                    name,
                    attributes: serde_json::from_str(&attributes).unwrap_or_default(),
                })
                .collect::<Vec<_>>();
            tables.push((kind, entries));
        }
        Ok(tables)
    })?;
    Ok(ReferenceData::from_tables(tables))
}

/// A demo party and its key, as printed by `serve --demo`.
pub struct DemoKey {
    pub code: String,
    pub role: Role,
    pub name: String,
    pub key: String,
}

/// The demo's guarantor (a bank) and the guarantee it issued for the demo e-commerce
/// enterprise 5101960002 (1,000,000 CNY, 2026–2030): the `assureCode` of demo lists.
pub const DEMO_GUARANTOR: &str = "5101950001";
pub const DEMO_GUARANTEE_ID: &str = "BOCD-G-2026-0001";

/// The demo's parties: a broker and a trader in Chengdu, an officer of each district, an analyst, an admin,
/// and the CBEC parties (platform, e-commerce enterprise, payment and logistics firms).
pub fn demo_parties() -> Vec<NewParty> {
    let party = |code: &str, name: &str, role: Role, district: Option<&str>, aeo: &str| NewParty {
        code: code.into(),
        name: name.into(),
        role,
        district: district.map(str::to_string),
        uscc: None,
        aeo_level: aeo.into(),
        partner_mra_aeo: false,
    };
    vec![
        party(
            "5101230001",
            "Chengdu Rongxin Customs Brokerage",
            Role::Declarant,
            None,
            "none",
        ),
        party(
            "5101980002",
            "Sichuan Tianfu Electronics Trading",
            Role::Trader,
            None,
            "general",
        ),
        party(
            "5000980003",
            "Chongqing Liangjiang Advanced Manufacturing",
            Role::Trader,
            None,
            "advanced",
        ),
        party(
            "officer-7900-001",
            "Officer Li (Chengdu)",
            Role::Officer,
            Some("7900"),
            "none",
        ),
        party(
            "officer-8000-001",
            "Officer Wang (Chongqing)",
            Role::Officer,
            Some("8000"),
            "none",
        ),
        party(
            "analyst-001",
            "Risk analyst Zhang",
            Role::RiskAnalyst,
            None,
            "none",
        ),
        party("admin", "Platform administrator", Role::Admin, None, "none"),
        // The CBEC import flow (CEB messages): a platform, its e-commerce enterprise, a payment
        // firm and a logistics firm; the demo broker 5101230001 declares their inventory lists.
        party(
            "5101960001",
            "Chuanyu Youxuan CBEC Platform",
            Role::Platform,
            None,
            "none",
        ),
        party(
            "5101960002",
            "Chuanyu Youxuan E-commerce",
            Role::Trader,
            None,
            "none",
        ),
        party("5101960003", "Tianfu Pay", Role::Payment, None, "none"),
        party(
            "5101960004",
            "Rong'ou Express Logistics",
            Role::Logistics,
            None,
            "none",
        ),
        // A bank that guarantees the CBEC tax the e-commerce enterprise withholds.
        party(
            DEMO_GUARANTOR,
            "Bank of Chengdu, Free Trade Zone Branch",
            Role::Guarantor,
            None,
            "none",
        ),
    ]
}

impl App {
    /// Seed the demo: parties (new keys each start, printed), the sample tariff and rates, the
    /// starter rule set. Idempotent: what exists is kept, except that demo keys are re-issued.
    pub async fn seed_demo(&self) -> Result<Vec<DemoKey>, AppError> {
        let system = Actor::system();
        let mut keys = Vec::new();
        for party in demo_parties() {
            let code = party.code.clone();
            let exists = {
                let code = code.clone();
                self.read(move |tx| Ok(tx.party_by_code(&code)?.is_some()))
                    .await?
            };
            if exists {
                continue;
            }
            let (role, name) = (party.role, party.name.clone());
            let key = self.add_party_blocking(&system, party)?;
            keys.push(DemoKey {
                code,
                role,
                name,
                key,
            });
        }
        let state = self.tariff_state();
        if state.tariff.is_none() {
            self.import_tariff_file_blocking(
                &system,
                TariffFileKind::Tariff,
                SAMPLE_TARIFF_CSV.into(),
                &mut |_| {},
            )?;
        }
        if state.rates.is_none() {
            self.import_tariff_file_blocking(
                &system,
                TariffFileKind::ExchangeRates,
                SAMPLE_EXCHANGE_RATES_CSV.into(),
                &mut |_| {},
            )?;
        }
        let demo_guarantee = DEMO_GUARANTEE_ID.to_string();
        let guaranteed = self
            .read(move |tx| Ok(tx.guarantee(&demo_guarantee)?.is_some()))
            .await?;
        if !guaranteed {
            let bank = Actor {
                code: DEMO_GUARANTOR.into(),
                name: "Bank of Chengdu, Free Trade Zone Branch".into(),
                role: Role::Guarantor,
                district: None,
            };
            self.issue_guarantee(
                &bank,
                NewGuarantee {
                    id: DEMO_GUARANTEE_ID.into(),
                    principal: "5101960002".into(),
                    kind: "bank".into(),
                    amount_cny: rust_decimal::Decimal::from(1_000_000),
                    valid_from: jiff::civil::date(2026, 1, 1),
                    valid_to: jiff::civil::date(2030, 12, 31),
                },
            )
            .await?;
        }
        if self.active_rule_set_version().is_none() {
            let uploaded = self
                .upload_rule_set(
                    &system,
                    RuleSetUpload {
                        name: "starter".into(),
                        source: STARTER_RULES.into(),
                    },
                )
                .await?;
            self.activate_rule_set(&system, uploaded.version).await?;
        }
        Ok(keys)
    }
}

/// The demo zone operator: it keeps the demo comprehensive-zone book and the duty-free shop book.
pub const DEMO_ZONE_OPERATOR: &str = "5101970009";
/// The demo account book of a comprehensive bonded zone (Chengdu Hi-tech).
pub const DEMO_ZONE_BOOK: &str = "T7900W000901";
/// The demo account book of a port duty-free shop (Tianfu airport arrivals).
pub const DEMO_DUTY_FREE_BOOK: &str = "T7900D000901";
/// The demo officer who opens the demo books.
const DEMO_LEDGER_OFFICER: &str = "officer-7900-001";

impl App {
    /// Seed the bonded demo for `serve --demo` (after [`App::seed_demo`]): a zone operator,
    /// a comprehensive-zone book and a duty-free shop book, each with a few items brought in
    /// through the gate (first-line entry, gate pass, passage), so a newcomer sees the ledger
    /// working. Idempotent: an existing book is kept as it is. Returns the new party's key.
    pub async fn seed_demo_ledger(&self) -> Result<Vec<DemoKey>, AppError> {
        use crate::ledger::views::*;
        let system = Actor::system();
        let mut keys = Vec::new();
        let exists = self
            .read(|tx| Ok(tx.party_by_code(DEMO_ZONE_OPERATOR)?.is_some()))
            .await?;
        if !exists {
            let key = self.add_party_blocking(
                &system,
                NewParty {
                    code: DEMO_ZONE_OPERATOR.into(),
                    name: "Chengdu Hi-tech Zone Bonded Operations".into(),
                    role: Role::ZoneOperator,
                    district: Some("7900".into()),
                    uscc: None,
                    aeo_level: "general".into(),
                    partner_mra_aeo: false,
                },
            )?;
            keys.push(DemoKey {
                code: DEMO_ZONE_OPERATOR.into(),
                role: Role::ZoneOperator,
                name: "Chengdu Hi-tech Zone Bonded Operations".into(),
                key,
            });
        }
        let officer = Actor {
            code: DEMO_LEDGER_OFFICER.into(),
            name: "Officer Li (Chengdu)".into(),
            role: Role::Officer,
            district: Some("7900".into()),
        };
        let operator = Actor {
            code: DEMO_ZONE_OPERATOR.into(),
            name: "Chengdu Hi-tech Zone Bonded Operations".into(),
            role: Role::ZoneOperator,
            district: Some("7900".into()),
        };
        let item = |material_no: &str, hs_code: &str, name: &str, origin: &str| BookItemInput {
            material_no: material_no.into(),
            hs_code: hs_code.into(),
            name: name.into(),
            unit: "007".into(),
            origin_country: origin.into(),
        };
        let books = [
            (
                DEMO_ZONE_BOOK,
                PlaceKind::ComprehensiveBondedZone,
                vec![
                    (
                        item("M-LAPTOP", "8471300000", "notebook computer", "JPN"),
                        "200",
                    ),
                    (item("M-PHONE", "8517130000", "smartphone", "KOR"), "500"),
                    (
                        item("M-BEARING", "8482102000", "ball bearing", "DEU"),
                        "1000",
                    ),
                ],
            ),
            (
                DEMO_DUTY_FREE_BOOK,
                PlaceKind::DutyFreeShop,
                vec![
                    (
                        item("DF-WINE", "2204210000", "Bordeaux red wine 750 ml", "FRA"),
                        "120",
                    ),
                    (
                        item("DF-PERFUME", "3303000090", "eau de toilette 100 ml", "FRA"),
                        "80",
                    ),
                    (
                        item("DF-WATCH", "9102210090", "automatic wrist-watch", "CHE"),
                        "15",
                    ),
                ],
            ),
        ];
        for (book_id, place_kind, items) in books {
            let present = {
                let id = book_id.to_string();
                self.read(move |tx| Ok(tx.ledger_book(&id)?.is_some()))
                    .await?
            };
            if present {
                continue;
            }
            let document = |number: &str| LedgerDocument {
                code: "demo".into(),
                number: number.into(),
            };
            self.open_book(
                &officer,
                OpenBookRequest {
                    id: book_id.into(),
                    enterprise_code: DEMO_ZONE_OPERATOR.into(),
                    place_kind,
                    district: None,
                    document: document(&format!("{book_id}-APPROVAL")),
                    items: items.iter().map(|(i, _)| i.clone()).collect(),
                },
                None,
            )
            .await?;
            let entry = format!("{book_id}-ENTRY");
            let lines: Vec<BookingLineInput> = items
                .iter()
                .enumerate()
                .map(|(index, (i, quantity))| BookingLineInput {
                    line_no: index as u32 + 1,
                    material_no: i.material_no.clone(),
                    quantity: quantity.parse().expect("demo quantities are decimals"),
                })
                .collect();
            self.book_list(
                &operator,
                book_id,
                BookingListRequest {
                    id: entry.clone(),
                    kind: BookingListKind::FirstLineEntry,
                    document: document(&format!("{book_id}-BL")),
                    deduct_now: None,
                    lines: lines.clone(),
                },
                None,
            )
            .await?;
            let pass = format!("{book_id}-PASS");
            self.issue_gate_pass(
                &operator,
                GatePassRequest {
                    id: pass.clone(),
                    book_id: book_id.into(),
                    vehicle: "川A·D0001".into(),
                    lists: vec![GatePassListInput {
                        list_id: entry,
                        lines: lines
                            .iter()
                            .map(|l| GatePassLineInput {
                                line_no: l.line_no,
                                material_no: l.material_no.clone(),
                                quantity: l.quantity,
                            })
                            .collect(),
                    }],
                },
                None,
            )
            .await?;
            self.pass_gate(
                &officer,
                &pass,
                PassageRequest {
                    observed: lines
                        .iter()
                        .map(|l| ObservedCargoInput {
                            material_no: l.material_no.clone(),
                            quantity: l.quantity,
                        })
                        .collect(),
                },
                None,
            )
            .await?;
        }
        Ok(keys)
    }
}
