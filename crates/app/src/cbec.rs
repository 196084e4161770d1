//! CBEC retail import (issue 5): CEB messages in (311 order, 411 payment, 511 waybill, 621
//! inventory list), their receipts out, the three-document check (三单对碰) with waiting for
//! late documents, the per-buyer quotas, the CBEC tax, the risk lane and the officer's result.
//!
//! Every message is parsed and checked outside the writer; one writer job then re-reads what it
//! depends on (the message's guid, the documents, the buyer's quota, waiting lists), decides,
//! and writes the message with its receipt, the documents, the lists, their audit events
//! (stream `cbec-list/{id}`) and the later receipts of each sender's inbox — all or nothing.
//! Jobs are re-entrant: nothing leaves the transaction before it commits.
//!
//! Guarantees and tax bills: `bills.rs`; cancellations (623) and whole or partial returns (625):
//! `withdraw.rs`; warehouse entries (711): `warehouse.rs`; the export flow (303/403/505/507/
//! 509/603/605/607/701, receipts 304 … 702 and the CEB792 summary result): `export.rs`.

mod bills;
mod export;
pub(crate) mod parsed;
mod warehouse;
mod withdraw;
pub(crate) use parsed::ParsedMessages;

pub use bills::{BillBody, BillLine, CBEC_RETURN_WINDOW_DAYS};
pub use export::{CBEC_EXPORT_TRADE_MODES, SUMMARY_DOCUMENT_CODE};

use crate::facts::party_facts;
use crate::ledger::cbec1210::{Cbec1210Line, deduct_for_cbec_1210};
use crate::rules::{ActiveRules, Decision};
use crate::tariffs::TariffState;
use crate::time::{china_date, now, timestamp_text};
use crate::{Actor, App, AppError};
use chuanyu_ceb::{
    Envelope, Inventory, LogisticsHead, Message, MessageType, Order, PaymentHead, ReturnStatus,
    Transfer, Verdict,
};
use chuanyu_domain::{Finding, ReferenceData, Role};
use chuanyu_risk::{DeclarationFacts, IeFlag, ItemFacts, Lane};
use chuanyu_store::{CbecListRow, CebDocumentRow, CebMessageRow, NewAuditEvent, Tx};
use chuanyu_tariff::{Regime, TaxItem, TaxPolicy, TaxQuote, TaxRequest};
use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// How long an inventory list waits for its order, payment and waybill by default (24 hours).
pub const CBEC_DOCUMENTS_WAIT_S_DEFAULT: u64 = 86_400;
/// How often the server sweeps expired waiting lists by default, in seconds (it also sweeps on
/// every message and every inbox read).
pub const CBEC_SWEEP_INTERVAL_S_DEFAULT: u64 = 60;
/// Most expired waiting lists one sweep refuses (the next sweep takes the rest).
pub const CBEC_SWEEP_LISTS_MAX: u32 = 500;
/// Most receipts one inbox page returns, and the default page.
pub const CBEC_RECEIPTS_PAGE_MAX: u32 = 500;
pub const CBEC_RECEIPTS_PAGE_DEFAULT: u32 = 100;
/// Longest remarks of an officer's control result, in characters.
pub const CBEC_REMARKS_CHARS_MAX: usize = 1000;
/// Quota amounts are kept as integers of 0.0001 CNY (the tax engine's amount scale).
pub const CBEC_QUOTA_UNITS_PER_CNY: i64 = 10_000;
/// China Standard Time, for receipt times and the quota year.
const CHINA_OFFSET_HOURS: i8 = 8;

/// Tuning of the CBEC flow (part of `AppOptions`).
#[derive(Debug, Clone)]
pub struct CbecOptions {
    /// How long a list whose documents are missing waits before it is refused, in seconds.
    pub documents_wait_s: u64,
    /// How often the periodic sweep runs, in seconds.
    pub sweep_interval_s: u64,
    /// Verify XML-DSig signatures (`appStatus` 2 requires a valid one). Only a deployment
    /// that verifies elsewhere, or a demo, turns this off (`serve --ceb-signatures off`).
    pub signatures: bool,
}

impl Default for CbecOptions {
    fn default() -> Self {
        CbecOptions {
            documents_wait_s: CBEC_DOCUMENTS_WAIT_S_DEFAULT,
            sweep_interval_s: CBEC_SWEEP_INTERVAL_S_DEFAULT,
            signatures: true,
        }
    }
}

/// Why a message is refused whole (answered 400, nothing stored).
#[derive(Debug)]
pub enum CebError {
    /// Not readable as a CEB message, or violating the schema: every finding.
    Invalid {
        code: &'static str,
        detail: String,
        findings: Vec<Finding>,
    },
    /// Any other failure (403 wrong sender, 503 …).
    App(AppError),
}

impl From<AppError> for CebError {
    fn from(error: AppError) -> Self {
        CebError::App(error)
    }
}

/// The synchronous answer to a message: its receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CebAnswer {
    /// `CEB312` …
    pub receipt_type: String,
    pub receipt_xml: String,
    /// True when the guid was already received from this sender (nothing changed).
    pub replayed: bool,
}

/// One receipt of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CebReceiptView {
    /// Pass as `after` to read what follows.
    pub cursor: String,
    /// `CEB622` …
    #[serde(rename = "type")]
    pub receipt_type: String,
    /// The inventory list it is about.
    pub list_id: Option<String>,
    pub created_at: String,
    /// The receipt message, as the spec's XML.
    pub xml: String,
}

/// A page of the inbox; `next` is the cursor to pass as `after` next time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CebReceiptPage {
    pub receipts: Vec<CebReceiptView>,
    pub next: String,
}

/// An inventory list as the platform knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CbecListView {
    pub id: String,
    pub cop_no: String,
    pub pre_no: String,
    pub invt_no: Option<String>,
    pub order_no: String,
    pub ebp_code: String,
    pub logistics_no: String,
    pub customs_code: String,
    pub district: String,
    /// `waiting`, `refused`, `control` (waiting for the officer), `released`, `cancelled`,
    /// `returned`; export lists also `accepted` (waiting for arrival and departure).
    pub state: String,
    pub lane: Option<String>,
    /// CBEC tax payable in CNY (decimal string), once assessed.
    pub tax_total_cny: Option<String>,
    pub wait_until: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// `I` import (CEB621), `E` export (CEB603).
    pub ie_flag: String,
    /// Export: when the arrival (CEB507) and departure (CEB509) of its waybill were confirmed,
    /// when it was released, and the summary (CEB701) that took it, if any.
    pub arrived_at: Option<String>,
    pub departed_at: Option<String>,
    pub released_at: Option<String>,
    pub summarised: bool,
}

/// The officer's result of a documentary check or an inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CbecControlResult {
    pub compliant: bool,
    #[serde(default)]
    pub remarks: String,
}

pub fn list_stream(id: &str) -> String {
    format!("cbec-list/{id}")
}

fn view(row: &CbecListRow) -> CbecListView {
    CbecListView {
        id: row.id.clone(),
        cop_no: row.cop_no.clone(),
        pre_no: row.pre_no.clone(),
        invt_no: row.invt_no.clone(),
        order_no: row.order_no.clone(),
        ebp_code: row.ebp_code.clone(),
        logistics_no: row.logistics_no.clone(),
        customs_code: row.customs_code.clone(),
        district: row.district.clone(),
        state: row.state.clone(),
        lane: row.lane.clone(),
        tax_total_cny: row.tax_total.clone(),
        wait_until: row.wait_until.clone(),
        created_at: row.created_at.clone(),
        updated_at: row.updated_at.clone(),
        ie_flag: row.ie_flag.clone(),
        arrived_at: row.arrived_at.clone(),
        departed_at: row.departed_at.clone(),
        released_at: row.released_at.clone(),
        summarised: row.summary_id.is_some(),
    }
}

/// `returnTime`: `yyyyMMddHHmmssfff` in China time.
pub fn return_time(at: Timestamp) -> String {
    let dt = jiff::tz::offset(CHINA_OFFSET_HOURS).to_datetime(at);
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}{:03}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        dt.millisecond()
    )
}

fn finding(f: &chuanyu_ceb::Finding) -> Finding {
    Finding {
        path: f.path.clone(),
        code: f.code.as_str(),
        message: format!("line {}, column {}: {}", f.line, f.column, f.detail),
    }
}

/// One entry of a business message: what it is, who may send it (the enterprise it speaks
/// for), and its `appStatus`.
struct Entry<'m> {
    what: String,
    senders: Vec<&'m str>,
    app_status: &'m str,
}

fn entry<'m>(what: String, senders: Vec<&'m str>, app_status: &'m str) -> Entry<'m> {
    Entry {
        what,
        senders,
        app_status,
    }
}

/// The entries of a message the platform receives, and whether it carries a signature.
fn entries(message: &Message) -> (Vec<Entry<'_>>, bool) {
    match message {
        Message::Order {
            orders, transfer, ..
        } => (
            orders
                .iter()
                .map(|o| {
                    let h = &o.head;
                    let what = format!("order {}", h.order_no);
                    entry(what, vec![&h.ebp_code, &h.ebc_code], &h.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        Message::Payment {
            payments, transfer, ..
        } => (
            payments
                .iter()
                .map(|p| {
                    let what = format!("payment {}", p.pay_transaction_id);
                    entry(what, vec![&p.pay_code], &p.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        Message::Waybill {
            waybills, transfer, ..
        } => (
            waybills
                .iter()
                .map(|w| {
                    let what = format!("waybill {}", w.logistics_no);
                    entry(what, vec![&w.logistics_code], &w.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        Message::WaybillStatus {
            statuses, transfer, ..
        } => (
            statuses
                .iter()
                .map(|w| {
                    let what = format!("status of waybill {}", w.logistics_no);
                    entry(what, vec![&w.logistics_code], &w.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        Message::Inventory {
            inventories,
            transfer,
            ..
        } => (
            inventories
                .iter()
                .map(|i| {
                    let what = format!("inventory list {}", i.head.order_no);
                    entry(what, vec![&i.head.agent_code], &i.head.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        Message::Cancel {
            cancels, transfer, ..
        } => (
            cancels
                .iter()
                .map(|c| {
                    let what = format!("cancellation of inventory list {}", c.invt_no);
                    entry(what, vec![&c.agent_code], &c.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        Message::Refund {
            refunds, transfer, ..
        } => (
            refunds
                .iter()
                .map(|r| {
                    let what = format!("return of inventory list {}", r.head.invt_no);
                    entry(what, vec![&r.head.agent_code], &r.head.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        Message::ExportOrder {
            orders, transfer, ..
        } => (
            orders
                .iter()
                .map(|o| {
                    let h = &o.head;
                    let what = format!("export order {}", h.order_no);
                    entry(what, vec![&h.ebp_code, &h.ebc_code], &h.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        // 收款单: the e-commerce enterprise that was paid (or the payment firm it names).
        Message::ExportReceipts {
            receipts, transfer, ..
        } => (
            receipts
                .iter()
                .map(|r| {
                    let what = format!("receipt of payment for order {}", r.order_no);
                    let mut senders = vec![r.ebc_code.as_str()];
                    senders.extend(r.pay_code.as_deref().filter(|c| !c.is_empty()));
                    entry(what, senders, &r.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        Message::ExportWaybill {
            waybills, transfer, ..
        } => (
            waybills
                .iter()
                .map(|w| {
                    let what = format!("export waybill {}", w.logistics_no);
                    entry(what, vec![&w.logistics_code], &w.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        // 运抵单: the supervision site's operator, or the carrier.
        Message::Arrival {
            arrivals, transfer, ..
        } => (
            arrivals
                .iter()
                .map(|a| {
                    let h = &a.head;
                    let what = format!("arrival report {}", h.cop_no);
                    entry(
                        what,
                        vec![&h.operator_code, &h.logistics_code],
                        &h.app_status,
                    )
                })
                .collect(),
            transfer.signed,
        ),
        Message::Departure {
            departures,
            transfer,
            ..
        } => (
            departures
                .iter()
                .map(|d| {
                    let h = &d.head;
                    let what = format!("departure report {}", h.cop_no);
                    entry(what, vec![&h.logistics_code], &h.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        Message::ExportInventory {
            inventories,
            transfer,
            ..
        } => (
            inventories
                .iter()
                .map(|i| {
                    let what = format!("export inventory list {}", i.head.order_no);
                    entry(what, vec![&i.head.agent_code], &i.head.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        Message::ExportCancel {
            cancels, transfer, ..
        } => (
            cancels
                .iter()
                .map(|c| {
                    let what = format!("cancellation of export list {}", c.invt_no);
                    entry(what, vec![&c.agent_code], &c.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        // 清单总分单: the declaring agent, or the logistics enterprise of the bill.
        Message::MasterList {
            way_bills,
            transfer,
            ..
        } => (
            way_bills
                .iter()
                .map(|w| {
                    let h = &w.head;
                    let what = format!("master/sub list of bill {}", h.bill_no);
                    entry(what, vec![&h.agent_code, &h.logistics_code], &h.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        Message::SummaryApply {
            applications,
            transfer,
            ..
        } => (
            applications
                .iter()
                .map(|a| {
                    let h = &a.head;
                    let what = format!("summary application {}", h.cop_no);
                    entry(what, vec![&h.agent_code], &h.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        // 入库明细单: the supervision site's operator.
        Message::Delivery {
            deliveries,
            transfer,
            ..
        } => (
            deliveries
                .iter()
                .map(|d| {
                    let h = &d.head;
                    let what = format!(
                        "warehouse entry {}",
                        h.cop_no.as_deref().unwrap_or(&h.bill_no)
                    );
                    entry(what, vec![&h.operator_code], &h.app_status)
                })
                .collect(),
            transfer.signed,
        ),
        _ => (Vec::new(), false),
    }
}

/// Who must send a message: the enterprise each entry speaks for.
fn check_sender(actor: &Actor, message: &Message) -> Result<(), AppError> {
    for e in entries(message).0 {
        if !e.senders.contains(&actor.code.as_str()) {
            return Err(AppError::Forbidden(format!(
                "{} must be sent by {}; the caller is {}",
                e.what,
                e.senders.join(" or "),
                actor.code
            )));
        }
    }
    Ok(())
}

/// What the writer job needs besides the transaction (all snapshots, cheap to clone).
#[derive(Clone)]
pub(crate) struct Ctx {
    at: Timestamp,
    pub(crate) at_text: String,
    return_time: String,
    actor: String,
    rules: Arc<ActiveRules>,
    tariff: Arc<TariffState>,
    reference: Arc<ReferenceData>,
    wait: SignedDuration,
    parsed: Arc<parsed::ParsedMessages>,
}

impl Ctx {
    fn year(&self) -> i64 {
        i64::from(china_date(self.at).year())
    }
}

/// The order, payment and waybill a list refers to, as far as received.
type Documents = (Option<Order>, Option<PaymentHead>, Option<LogisticsHead>);

/// Parsed messages read during one job (the message being received included).
struct Messages {
    cache: HashMap<(String, String), Arc<Message>>,
    /// Messages received earlier, parsed ([`parsed::ParsedMessages`]).
    received: Arc<parsed::ParsedMessages>,
}

impl Messages {
    fn new(ctx: &Ctx) -> Self {
        Messages {
            cache: HashMap::new(),
            received: ctx.parsed.clone(),
        }
    }

    fn get(&mut self, tx: &Tx<'_>, sender: &str, guid: &str) -> Result<Arc<Message>, AppError> {
        let key = (sender.to_string(), guid.to_string());
        if let Some(m) = self.cache.get(&key) {
            return Ok(m.clone());
        }
        if let Some(m) = self.received.get(sender, guid) {
            self.cache.insert(key, m.clone());
            return Ok(m);
        }
        let row = tx.ceb_message(sender, guid)?.ok_or_else(|| {
            chuanyu_store::StoreError::Corrupt(format!("message {sender}/{guid} is gone"))
        })?;
        let parsed = chuanyu_ceb::parse(row.body.as_bytes()).map_err(|e| {
            chuanyu_store::StoreError::Corrupt(format!("stored message {sender}/{guid}: {e}"))
        })?;
        let m = Arc::new(parsed.message);
        self.cache.insert(key, m.clone());
        Ok(m)
    }

    fn documents(&mut self, tx: &Tx<'_>, inv: &Inventory) -> Result<Documents, AppError> {
        let h = &inv.head;
        let mut order = None;
        for d in tx.ceb_documents("order", &h.order_no)? {
            if let Message::Order { orders, .. } = &*self.get(tx, &d.sender, &d.guid)?
                && let Some(o) = orders.get(d.entry as usize)
            {
                let same = o.head.ebp_code == h.ebp_code;
                if order.is_none() || same {
                    order = Some(o.clone());
                }
                if same {
                    break;
                }
            }
        }
        let mut payment = None;
        for d in tx.ceb_documents("payment", &h.order_no)? {
            if let Message::Payment { payments, .. } = &*self.get(tx, &d.sender, &d.guid)?
                && let Some(p) = payments.get(d.entry as usize)
            {
                let same = p.ebp_code == h.ebp_code;
                if payment.is_none() || same {
                    payment = Some(p.clone());
                }
                if same {
                    break;
                }
            }
        }
        let mut waybill = None;
        for d in tx.ceb_documents("waybill", &h.logistics_no)? {
            if let Message::Waybill { waybills, .. } = &*self.get(tx, &d.sender, &d.guid)?
                && let Some(w) = waybills.get(d.entry as usize)
            {
                let same = w.logistics_code == h.logistics_code;
                if waybill.is_none() || same {
                    waybill = Some(w.clone());
                }
                if same {
                    break;
                }
            }
        }
        Ok((order, payment, waybill))
    }
}

/// A CEB622 for one list of a stored or received 621 message.
fn list_receipt(
    envelope: &Envelope,
    inv: &Inventory,
    row: &CbecListRow,
    status: ReturnStatus,
    reasons: Vec<String>,
    return_time: &str,
) -> Result<String, AppError> {
    let message = Message::Inventory {
        envelope: envelope.clone(),
        inventories: vec![inv.clone()],
        transfer: Transfer::default(),
    };
    one_list_receipt(&message, row, status, reasons, return_time)
}

/// The receipt of a message holding one list (CEB622 for a 621, CEB604 for a 603), as a
/// later decision on the stored list `row`.
fn one_list_receipt(
    message: &Message,
    row: &CbecListRow,
    status: ReturnStatus,
    reasons: Vec<String>,
    return_time: &str,
) -> Result<String, AppError> {
    let verdict = Verdict {
        status,
        reasons,
        pre_no: Some(row.pre_no.clone()),
        invt_no: row.invt_no.clone(),
    };
    receipt(message, &[verdict], return_time)
}

/// The receipt answering `message`, one verdict per entry.
fn receipt(message: &Message, verdicts: &[Verdict], return_time: &str) -> Result<String, AppError> {
    chuanyu_ceb::receipt_xml(message, verdicts, return_time).map_err(|e| AppError::BadRequest {
        code: "receipt_unwritable",
        message: format!("the receipt cannot be written: {e}"),
    })
}

/// Audit event on a list's stream.
fn audit(
    tx: &Tx<'_>,
    ctx: &Ctx,
    (actor, id): (&str, &str),
    action: &str,
    (from, to): (Option<&str>, &str),
    reason: Option<&str>,
    payload: Option<&str>,
) -> Result<(), AppError> {
    let stream = list_stream(id);
    tx.append_audit(&NewAuditEvent {
        stream: &stream,
        at: &ctx.at_text,
        actor,
        action,
        from_state: from,
        to_state: Some(to),
        reason,
        payload,
    })?;
    Ok(())
}

/// The decision on one list at one moment.
enum Evaluation {
    /// Documents missing (only missing): wait.
    Waiting(Vec<String>),
    Refused(Vec<String>),
    /// Accepted and taxed, but no guarantee covers the tax: held until one does.
    Held(Vec<String>),
    /// Accepted: lane decision made; `released` for green/blue.
    Accepted {
        lane: Lane,
        reason: String,
    },
}

fn to_units(cny: Decimal) -> i64 {
    let units = (cny * Decimal::from(CBEC_QUOTA_UNITS_PER_CNY)).ceil();
    i64::try_from(units.mantissa() / 10i128.pow(units.scale())).unwrap_or(i64::MAX)
}

/// The tax engine's request for a list (CBEC retail, the buyer's spend so far).
fn tax_request(
    inv: &Inventory,
    reference: &ReferenceData,
    ctx: &Ctx,
    year_to_date: Decimal,
) -> Result<TaxRequest, String> {
    let h = &inv.head;
    let currency = reference
        .currency_from_customs_code(&h.currency)
        .ok_or_else(|| {
            format!(
                "unknown_currency currency {:?} is not a customs currency code",
                h.currency
            )
        })?
        .to_string();
    let mut items = Vec::with_capacity(inv.lists.len());
    for l in &inv.lists {
        let origin = reference
            .country_from_customs_code(&l.country)
            .ok_or_else(|| {
                format!(
                    "unknown_country gnum {} country {:?} is not a customs country code",
                    l.gnum, l.country
                )
            })?
            .to_string();
        items.push(TaxItem {
            tariff_code: l.gcode.clone(),
            quantity_legal: l.qty1,
            value: l.total_price,
            origin_wto_member: reference.is_wto_member(&origin),
            origin_country: origin,
        });
    }
    Ok(TaxRequest {
        date: china_date(ctx.at),
        regime: Regime::CbecRetail {
            buyer_year_to_date_cny: year_to_date,
        },
        currency,
        freight: h.freight,
        insurance: h.insured_fee,
        certificate_of_origin: None,
        items,
    })
}

fn risk_facts(
    inv: &Inventory,
    id: &str,
    reference: &ReferenceData,
    rate: Decimal,
    trader: chuanyu_risk::PartyFacts,
) -> DeclarationFacts {
    let h = &inv.head;
    let iso = |code: &str| {
        reference
            .country_from_customs_code(code)
            .unwrap_or(code)
            .to_string()
    };
    let origin = inv
        .lists
        .iter()
        .max_by(|a, b| a.total_price.cmp(&b.total_price))
        .map(|l| iso(&l.country))
        .unwrap_or_default();
    DeclarationFacts {
        declaration_id: id.to_string(),
        customs_office: h.customs_code.clone(),
        ie_flag: IeFlag::Import,
        trade_mode: h.trade_mode.clone(),
        transport_mode: h.traf_mode.clone(),
        declarant_code: h.agent_code.clone(),
        trader_code: h.ebc_code.clone(),
        origin_country: origin,
        trading_country: iso(&h.country),
        destination_country: "CHN".into(),
        currency: reference
            .currency_from_customs_code(&h.currency)
            .unwrap_or("CNY")
            .to_string(),
        total_value_cny: inv.lists.iter().map(|l| l.total_price).sum::<Decimal>() * rate,
        freight_cny: h.freight * rate,
        insurance_cny: h.insured_fee * rate,
        gross_weight_kg: h.gross_weight,
        net_weight_kg: h.net_weight,
        packages: h.pack_no,
        items: inv
            .lists
            .iter()
            .map(|l| ItemFacts {
                hs_code: l.gcode.clone(),
                description: l.gname.clone(),
                origin_country: iso(&l.country),
                quantity: l.qty,
                unit: l.unit.clone(),
                value_cny: l.total_price * rate,
                net_weight_kg: (l.unit1 == "035").then_some(l.qty1),
            })
            .collect(),
        trader,
    }
}

/// Decide a list now: documents, tax and quota, risk. Writes the quota, the list's numbers,
/// state and audit events; returns the decision (receipts are the caller's).
fn evaluate(
    tx: &Tx<'_>,
    ctx: &Ctx,
    messages: &mut Messages,
    row: &mut CbecListRow,
    inv: &Inventory,
    mut reasons: Vec<String>,
) -> Result<Evaluation, AppError> {
    let (order, payment, waybill) = messages.documents(tx, inv)?;
    let disagreements =
        chuanyu_ceb::three_document_check(inv, order.as_ref(), payment.as_ref(), waybill.as_ref());
    let only_missing = disagreements.iter().all(|d| {
        matches!(
            d.reason,
            chuanyu_ceb::Reason::MissingOrder
                | chuanyu_ceb::Reason::MissingPayment
                | chuanyu_ceb::Reason::MissingWaybill
        )
    });
    let from = row.state.clone();
    reasons.extend(disagreements.iter().map(ToString::to_string));
    let check_payload = serde_json::json!({ "reasons": reasons }).to_string();
    if !reasons.is_empty() {
        let expired = row
            .wait_until
            .as_deref()
            .is_some_and(|until| until <= ctx.at_text.as_str());
        if only_missing
            && !disagreements.is_empty()
            && reasons.len() == disagreements.len()
            && !expired
        {
            if row.wait_until.is_none() {
                row.wait_until = Some(timestamp_text(
                    ctx.at.checked_add(ctx.wait).unwrap_or(ctx.at),
                ));
            }
            row.state = "waiting".into();
            let why = format!(
                "waiting until {} for: {}",
                row.wait_until.as_deref().unwrap_or(""),
                reasons.join("; ")
            );
            audit(
                tx,
                ctx,
                ("system", &row.id),
                "wait_for_documents",
                (Some(&from), "waiting"),
                Some(&why),
                Some(&check_payload),
            )?;
            return Ok(Evaluation::Waiting(reasons));
        }
        if expired {
            reasons.push(format!(
                "documents_wait_expired the documents did not arrive by {} (cbec documents_wait_s)",
                row.wait_until.as_deref().unwrap_or("")
            ));
        }
        row.state = "refused".into();
        audit(
            tx,
            ctx,
            ("system", &row.id),
            "refuse",
            (Some(&from), "refused"),
            Some(&reasons.join("; ")),
            Some(&check_payload),
        )?;
        return Ok(Evaluation::Refused(reasons));
    }

    // Tax and quota.
    let (Some(tariff), Some(rates)) = (ctx.tariff.tariff.as_ref(), ctx.tariff.rates.as_ref())
    else {
        return Err(AppError::Unavailable(
            "no tariff or exchange rates are loaded: CBEC tax cannot be assessed".into(),
        ));
    };
    let year = ctx.year();
    let used = tx.cbec_quota_used(&row.buyer_id, year)?;
    let ytd = Decimal::new(used, 4);
    let refuse = |row: &mut CbecListRow, reasons: Vec<String>| -> Result<Evaluation, AppError> {
        row.state = "refused".into();
        audit(
            tx,
            ctx,
            ("system", &row.id),
            "refuse",
            (Some(&from), "refused"),
            Some(&reasons.join("; ")),
            None,
        )?;
        Ok(Evaluation::Refused(reasons))
    };
    let request = match tax_request(inv, &ctx.reference, ctx, ytd) {
        Ok(r) => r,
        Err(reason) => return refuse(row, vec![reason]),
    };
    let quote: TaxQuote = match chuanyu_tariff::quote(tariff, rates, &request) {
        Ok(q) => q,
        Err(e) => return refuse(row, vec![format!("{} {e}", e.code())]),
    };
    let transaction = quote.dutiable_value_cny;
    let units = to_units(transaction);
    let limit = to_units(TaxPolicy::default().cbec_yearly_limit_cny);
    if !tx.cbec_quota_consume(&row.buyer_id, year, units, limit)? {
        let now_used = Decimal::new(tx.cbec_quota_used(&row.buyer_id, year)?, 4);
        return refuse(
            row,
            vec![format!(
                "cbec_yearly_limit_exceeded buyer {} has {now_used} CNY counted in {year} + {transaction} CNY > {} CNY",
                row.buyer_id,
                TaxPolicy::default().cbec_yearly_limit_cny
            )],
        );
    }
    row.quota_year = Some(year);
    row.quota_units = Some(units);
    row.tax_total = Some(quote.total_payable.to_string());
    let scope = format!("{}{year:04}", row.customs_code);
    let n = tx.next_cbec_sequence("invt-no", &scope)?;
    row.invt_no = Some(format!("{scope}I{:09}", n % 1_000_000_000));
    let quote_json = serde_json::to_string(&quote).expect("quotes serialize");
    audit(
        tx,
        ctx,
        ("system", &row.id),
        "accept",
        (Some(&from), "accepted"),
        Some("the inventory list agrees with its order, payment and waybill"),
        Some(&check_payload),
    )?;
    let tax_reason = format!(
        "CBEC tax {} CNY on {transaction} CNY; buyer year to date {ytd} → {} CNY",
        quote.total_payable,
        ytd + transaction
    );
    audit(
        tx,
        ctx,
        ("system", &row.id),
        "assess_tax",
        (Some("accepted"), "accepted"),
        Some(&tax_reason),
        Some(&quote_json),
    )?;
    row.state = "accepted".into();

    // The tax bill, reserved against the agent's guarantee (or held for want of one).
    let (_, held) = bills::open_bill(tx, ctx, row, inv, &quote)?;
    if let Some(reason) = held {
        return hold(tx, ctx, row, reason);
    }
    assess_lane(tx, ctx, row, inv, quote.exchange_rate)
}

/// A bonded-import (1210) list deducts the account book its `emsNo` names as it is released,
/// in the same transaction (front store, back warehouse: the displayed stock). `None`:
/// deducted, or not a bonded list; `Some(reasons)`: the book refuses, the list is refused.
fn deduct_bonded(
    tx: &Tx<'_>,
    ctx: &Ctx,
    row: &CbecListRow,
    inv: &Inventory,
) -> Result<Option<Vec<String>>, AppError> {
    if inv.head.trade_mode != "1210" {
        return Ok(None);
    }
    let Some(ems_no) = inv.head.ems_no.as_deref().filter(|e| !e.trim().is_empty()) else {
        return Ok(Some(vec![
            "missing_ems_no a bonded (1210) list names the account book it is sold from in emsNo"
                .into(),
        ]));
    };
    let lines: Vec<Cbec1210Line> = inv
        .lists
        .iter()
        .map(|l| Cbec1210Line {
            gnum: l.gnum,
            item_no: l.item_record_no.clone().unwrap_or_default(),
            hs_code: l.gcode.clone(),
            quantity: l.qty,
        })
        .collect();
    let list_ref = row.invt_no.clone().unwrap_or_else(|| row.pre_no.clone());
    match deduct_for_cbec_1210(tx, ems_no, &list_ref, &lines, ctx.at)? {
        Ok(done) => {
            audit(
                tx,
                ctx,
                ("system", &row.id),
                "deduct_account_book",
                (Some(&row.state), &row.state),
                Some(&format!(
                    "account book {} list {}: {}",
                    done.book_id,
                    done.list_id,
                    done.changes.join("; ")
                )),
                None,
            )?;
            Ok(None)
        }
        Err(findings) => Ok(Some(
            findings
                .iter()
                .map(|f| format!("{} {}: {}", f.code, f.path, f.message))
                .collect(),
        )),
    }
}

/// Hold an accepted list whose tax no guarantee covers: it waits (as long as lists wait for
/// documents) for a guarantor to issue or raise one, then is refused.
fn hold(
    tx: &Tx<'_>,
    ctx: &Ctx,
    row: &mut CbecListRow,
    reason: String,
) -> Result<Evaluation, AppError> {
    row.wait_until = Some(timestamp_text(
        ctx.at.checked_add(ctx.wait).unwrap_or(ctx.at),
    ));
    row.state = "held".into();
    let why = format!(
        "held until {} for a guarantee: {reason}",
        row.wait_until.as_deref().unwrap_or("")
    );
    audit(
        tx,
        ctx,
        ("system", &row.id),
        "hold_for_guarantee",
        (Some("accepted"), "held"),
        Some(&why),
        None,
    )?;
    Ok(Evaluation::Held(vec![why]))
}

/// The risk engine's lane for an accepted list whose tax is secured: released (green, blue)
/// or waiting for the officer's control result (yellow, red).
fn assess_lane(
    tx: &Tx<'_>,
    ctx: &Ctx,
    row: &mut CbecListRow,
    inv: &Inventory,
    exchange_rate: Decimal,
) -> Result<Evaluation, AppError> {
    let trader = tx.party_by_code(&inv.head.ebc_code)?;
    let facts = risk_facts(
        inv,
        &row.id,
        &ctx.reference,
        exchange_rate,
        party_facts(trader.as_ref()),
    );
    let decision: Decision = ctx.rules.assess(&facts, china_date(ctx.at), None);
    let decision_json = serde_json::to_string(&decision).expect("decisions serialize");
    row.lane = Some(decision.lane.as_str().to_string());
    let to = match decision.lane {
        Lane::Green | Lane::Blue => "released",
        Lane::Yellow | Lane::Red => "control",
    };
    let from = row.state.clone();
    row.state = to.into();
    audit(
        tx,
        ctx,
        ("system", &row.id),
        "assess_risk",
        (Some(&from), to),
        Some(&decision.reason),
        Some(&decision_json),
    )?;
    if to == "released"
        && let Some(reasons) = deduct_bonded(tx, ctx, row, inv)?
    {
        if let (Some(year), Some(units)) = (row.quota_year, row.quota_units) {
            tx.cbec_quota_release(&row.buyer_id, year, units)?;
        }
        bills::void_bill(tx, ctx, row, inv, &reasons.join("; "))?;
        row.state = "refused".into();
        audit(
            tx,
            ctx,
            ("system", &row.id),
            "refuse",
            (Some("released"), "refused"),
            Some(&reasons.join("; ")),
            None,
        )?;
        return Ok(Evaluation::Refused(reasons));
    }
    Ok(Evaluation::Accepted {
        lane: decision.lane,
        reason: decision.reason,
    })
}

/// A held list whose wait for a guarantee ended: refused, its quota given back, its bill void.
fn refuse_held(
    tx: &Tx<'_>,
    ctx: &Ctx,
    row: &mut CbecListRow,
    inv: &Inventory,
) -> Result<Evaluation, AppError> {
    let bill = tx.tax_bill(&row.id)?;
    let mut reason = format!(
        "guarantee_wait_expired no guarantee of assureCode {} covered the tax by {} (cbec documents_wait_s)",
        inv.head.assure_code,
        row.wait_until.as_deref().unwrap_or("")
    );
    if let Some(b) = &bill {
        reason.push_str(&format!(
            "; tax bill {} of {} CNY void",
            b.tax_no,
            bills::cny(b.total_fen)
        ));
    }
    if let (Some(year), Some(units)) = (row.quota_year, row.quota_units) {
        tx.cbec_quota_release(&row.buyer_id, year, units)?;
    }
    bills::void_bill(tx, ctx, row, inv, &reason)?;
    row.state = "refused".into();
    audit(
        tx,
        ctx,
        ("system", &row.id),
        "refuse",
        (Some("held"), "refused"),
        Some(&reason),
        None,
    )?;
    Ok(Evaluation::Refused(vec![reason]))
}

/// Resume the held lists of a withholding agent after its guarantees changed, oldest first:
/// each one that a guarantee now covers goes on to the risk lane (receipts to its sender).
pub(crate) fn resume_held(tx: &Tx<'_>, ctx: &Ctx, assure_code: &str) -> Result<usize, AppError> {
    let mut messages = Messages::new(ctx);
    let mut resumed = 0;
    for mut row in tx.held_cbec_lists_for_update(assure_code)? {
        let Some(mut bill) = tx.tax_bill(&row.id)? else {
            continue;
        };
        if bills::reserve(tx, ctx, &mut bill)?.is_some() {
            continue;
        }
        tx.update_tax_bill(&bill)?;
        let message = messages.get(tx, &row.sender, &row.guid)?;
        let Message::Inventory {
            envelope,
            inventories,
            ..
        } = &*message
        else {
            continue;
        };
        let Some(inv) = inventories.get(row.entry as usize) else {
            continue;
        };
        let body: BillBody = serde_json::from_str(&bill.lines).map_err(|e| {
            chuanyu_store::StoreError::Corrupt(format!("tax bill {}: lines: {e}", bill.tax_no))
        })?;
        audit(
            tx,
            ctx,
            ("system", &row.id),
            "reserve_guarantee",
            (Some("held"), "accepted"),
            Some(&format!(
                "tax bill {} of {} CNY reserved on guarantee {}",
                bill.tax_no,
                bills::cny(bill.total_fen),
                bill.guarantee_id.as_deref().unwrap_or("-")
            )),
            None,
        )?;
        row.state = "accepted".into();
        row.wait_until = None;
        let outcome = assess_lane(tx, ctx, &mut row, inv, body.exchange_rate)?;
        row.updated_at = ctx.at_text.clone();
        tx.update_cbec_list(&row)?;
        if let Evaluation::Accepted { lane, reason } = &outcome {
            lane_receipts(tx, ctx, envelope, inv, &row, *lane, reason)?;
        }
        resumed += 1;
    }
    Ok(resumed)
}

/// A settlement paid a list's tax bill: CEB816 status 2 (summarised) to the inbox, audited on
/// the list.
pub(crate) fn bill_settled(
    tx: &Tx<'_>,
    ctx: &Ctx,
    bill: &chuanyu_store::TaxBillRow,
) -> Result<(), AppError> {
    let row = tx.cbec_list(&bill.list_id)?.ok_or_else(|| {
        chuanyu_store::StoreError::Corrupt(format!("tax bill {}: list is gone", bill.tax_no))
    })?;
    let mut messages = Messages::new(ctx);
    let message = messages.get(tx, &row.sender, &row.guid)?;
    let Message::Inventory { inventories, .. } = &*message else {
        return Err(chuanyu_store::StoreError::Corrupt(format!(
            "list {}: message is not a 621",
            row.id
        ))
        .into());
    };
    let inv = inventories.get(row.entry as usize).ok_or_else(|| {
        chuanyu_store::StoreError::Corrupt(format!("list {}: entry is gone", row.id))
    })?;
    let reason = format!(
        "tax bill {} of {} CNY paid by settlement {}",
        bill.tax_no,
        bills::cny(bill.total_fen),
        bill.settlement_id.as_deref().unwrap_or("-")
    );
    // A partly returned list is paid for what is left of its lines.
    let returned = withdraw::returned_so_far(tx, &row.id)?;
    let xml = bills::bill_xml_left(
        ctx,
        bill,
        &row,
        inv,
        &returned,
        bills::BillStatus::Summarised,
        Some(reason.clone()),
    )?;
    tx.push_ceb_receipt(&bill.sender, "CEB816", Some(&row.id), &xml, &ctx.at_text)?;
    audit(
        tx,
        ctx,
        ("system", &row.id),
        "settle_tax",
        (Some(&row.state), &row.state),
        Some(&reason),
        None,
    )?;
    Ok(())
}

/// The later receipt of a lane decision: released (800), manual review (300), inspection (500).
fn lane_receipt_status(lane: Lane) -> (ReturnStatus, &'static str) {
    match lane {
        Lane::Green => (ReturnStatus::Released, "released (green lane)"),
        Lane::Blue => (
            ReturnStatus::Released,
            "released (blue lane: post-clearance audit)",
        ),
        Lane::Yellow => (
            ReturnStatus::ManualReview,
            "documentary check (yellow lane)",
        ),
        Lane::Red => (ReturnStatus::Inspection, "physical inspection (red lane)"),
    }
}

/// Re-check lists waiting for a document that just arrived; receipts to their senders.
fn recheck_waiting(
    tx: &Tx<'_>,
    ctx: &Ctx,
    messages: &mut Messages,
    order_no: Option<&str>,
    logistics_no: Option<&str>,
) -> Result<(), AppError> {
    for mut row in tx.waiting_cbec_lists_for_update(order_no, logistics_no)? {
        let message = messages.get(tx, &row.sender, &row.guid)?;
        let Message::Inventory {
            envelope,
            inventories,
            ..
        } = &*message
        else {
            continue;
        };
        let Some(inv) = inventories.get(row.entry as usize) else {
            continue;
        };
        let outcome = evaluate(tx, ctx, messages, &mut row, inv, Vec::new())?;
        if matches!(outcome, Evaluation::Waiting(_)) {
            // Still waiting (another document is missing): no news for the sender.
            continue;
        }
        row.updated_at = ctx.at_text.clone();
        tx.update_cbec_list(&row)?;
        send_outcome(tx, ctx, envelope, inv, &row, &outcome)?;
    }
    Ok(())
}

/// Put the receipts of a decision taken after the synchronous answer in the sender's inbox.
fn send_outcome(
    tx: &Tx<'_>,
    ctx: &Ctx,
    envelope: &Envelope,
    inv: &Inventory,
    row: &CbecListRow,
    outcome: &Evaluation,
) -> Result<(), AppError> {
    let push = |status: ReturnStatus, reasons: Vec<String>| -> Result<(), AppError> {
        let xml = list_receipt(envelope, inv, row, status, reasons, &ctx.return_time)?;
        tx.push_ceb_receipt(&row.sender, "CEB622", Some(&row.id), &xml, &ctx.at_text)?;
        Ok(())
    };
    match outcome {
        Evaluation::Waiting(_) => Ok(()),
        Evaluation::Refused(reasons) => push(ReturnStatus::Rejected, reasons.clone()),
        Evaluation::Held(reasons) => push(ReturnStatus::Stored, reasons.clone()),
        Evaluation::Accepted { lane, reason } => {
            push(ReturnStatus::Stored, Vec::new())?;
            lane_receipts(tx, ctx, envelope, inv, row, *lane, reason)
        }
    }
}

/// Receipts of a lane decision (the synchronous answer was already the 120).
fn lane_receipts(
    tx: &Tx<'_>,
    ctx: &Ctx,
    envelope: &Envelope,
    inv: &Inventory,
    row: &CbecListRow,
    lane: Lane,
    reason: &str,
) -> Result<(), AppError> {
    let (status, what) = lane_receipt_status(lane);
    let tax = row.tax_total.as_deref().unwrap_or("0");
    let reasons = vec![format!("{what}: {reason}; CBEC tax {tax} CNY")];
    let xml = list_receipt(envelope, inv, row, status, reasons, &ctx.return_time)?;
    tx.push_ceb_receipt(&row.sender, "CEB622", Some(&row.id), &xml, &ctx.at_text)?;
    if row.state == "released" {
        bills::release_bill(tx, ctx, row, inv)?;
    }
    Ok(())
}

impl App {
    /// Start, once per app, the periodic sweep of lists whose wait for documents is over. The
    /// task holds the app only while it sweeps, and ends when the app is dropped.
    pub fn start_cbec_sweeper(self: &Arc<Self>) {
        if self
            .cbec_sweeper
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            return;
        }
        let app = Arc::downgrade(self);
        let interval = std::time::Duration::from_secs(self.options.cbec.sweep_interval_s.max(1));
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(interval).await;
                let Some(app) = app.upgrade() else { break };
                if let Err(e) = app.cbec_sweep(now()).await {
                    tracing::warn!(error = %e, "periodic CBEC sweep failed");
                }
            }
        });
    }

    pub(crate) fn cbec_ctx(&self, actor: &str, at: Timestamp) -> Ctx {
        let wait = SignedDuration::from_secs(
            i64::try_from(self.options.cbec.documents_wait_s).unwrap_or(i64::MAX),
        );
        Ctx {
            at,
            at_text: timestamp_text(at),
            return_time: return_time(at),
            actor: actor.to_string(),
            rules: self.rules.read().expect("rules lock").clone(),
            tariff: self.tariff_state(),
            reference: self.reference.clone(),
            wait,
            parsed: self.ceb_parsed.clone(),
        }
    }

    /// `POST /ceb/messages`: receive one CEB message and answer its receipt.
    pub async fn receive_ceb_message(
        &self,
        actor: &Actor,
        body: Vec<u8>,
    ) -> Result<CebAnswer, CebError> {
        self.receive_ceb_message_at(actor, body, now()).await
    }

    /// [`App::receive_ceb_message`] as of an instant (tests of the 30-day windows, replays).
    pub async fn receive_ceb_message_at(
        &self,
        actor: &Actor,
        body: Vec<u8>,
        at: Timestamp,
    ) -> Result<CebAnswer, CebError> {
        let invalid = |e: chuanyu_ceb::ParseError| CebError::Invalid {
            // malformed_xml, unknown_message_type, doctype_forbidden, too_deep … (chuanyu-ceb codes)
            code: e.code.as_str(),
            detail: e.to_string(),
            findings: vec![Finding {
                path: e.path.clone(),
                code: e.code.as_str(),
                message: format!("line {}, column {}: {}", e.line, e.column, e.detail),
            }],
        };
        // With signatures checked, the message is tokenised once for its parse and its
        // signature (`read_message` answers exactly as `parse` does).
        let (parsed, read) = if self.options.cbec.signatures {
            let (parsed, read) = chuanyu_ceb::read_message(&body).map_err(invalid)?;
            (parsed, Some(read))
        } else {
            (chuanyu_ceb::parse(&body).map_err(invalid)?, None)
        };
        if !parsed.findings.is_empty() {
            return Err(CebError::Invalid {
                code: "schema_violation",
                detail: format!(
                    "the message violates the CEB schema: {} finding(s)",
                    parsed.findings.len()
                ),
                findings: parsed.findings.iter().map(finding).collect(),
            });
        }
        let message = parsed.message;
        let mtype = message.message_type();
        if !matches!(
            mtype,
            MessageType::Ceb311
                | MessageType::Ceb411
                | MessageType::Ceb511
                | MessageType::Ceb513
                | MessageType::Ceb621
                | MessageType::Ceb623
                | MessageType::Ceb625
                | MessageType::Ceb711
                | MessageType::Ceb303
                | MessageType::Ceb403
                | MessageType::Ceb505
                | MessageType::Ceb507
                | MessageType::Ceb509
                | MessageType::Ceb603
                | MessageType::Ceb605
                | MessageType::Ceb607
                | MessageType::Ceb701
        ) {
            return Err(CebError::Invalid {
                code: "unsupported_message_type",
                detail: format!(
                    "{} is not accepted here (this platform takes CEB311, CEB411, CEB511, CEB513, CEB621, CEB623, CEB625, \
                     CEB711 and, for export, CEB303, CEB403, CEB505, CEB507, CEB509, CEB603, CEB605, CEB607 and CEB701)",
                    mtype.root_name()
                ),
                findings: vec![Finding {
                    path: format!("/ceb:{}", mtype.root_name()),
                    code: "unsupported_message_type",
                    message: "line 1: receipts and customs' own messages are sent by customs, not received".into(),
                }],
            });
        }
        check_sender(actor, &message)?;
        if let Some(read) = &read {
            self.check_signature(actor, &message, read).await?;
        }
        drop(read);
        let business = chuanyu_ceb::business_findings(&message);
        let receipt_type = mtype
            .receipt_type()
            .map(|t| t.root_name().trim_end_matches("Message").to_string())
            .unwrap_or_default();
        let body = String::from_utf8_lossy(&body).into_owned();
        let xml_bytes = body.len();
        let message = Arc::new(message);
        let ctx = self.cbec_ctx(&actor.code, at);
        let sender = actor.code.clone();
        let job_message = message.clone();
        let outcome = self
            .write(move |tx| receive_job(tx, &ctx, &sender, &job_message, &business, &body))
            .await?;
        if !outcome.1 {
            // Stored and committed: later three-document checks take it parsed.
            let guid = message.envelope().guid.clone();
            self.ceb_parsed
                .insert(&actor.code, &guid, message, xml_bytes);
        }
        // Lists whose wait ended are refused by the first message of each second (message
        // time), by the periodic sweep and before each inbox read. A sweep is a writer job of
        // its own: one after every message doubled the writer's jobs and added a second
        // writer round trip to every receipt (issue 5, `chuanyu loadgen-cbec`).
        let second = at.as_second();
        if self
            .cbec_swept_second
            .swap(second, std::sync::atomic::Ordering::Relaxed)
            != second
            && let Err(e) = self.cbec_sweep(at).await
        {
            tracing::warn!(error = %e, "CBEC sweep failed");
        }
        Ok(CebAnswer {
            receipt_type,
            receipt_xml: outcome.0,
            replayed: outcome.1,
        })
    }

    /// A signed message must verify against the sender's registered keys, and `appStatus` 2
    /// (申报, declared) requires a signature: else 400 with the reason, nothing stored. Only
    /// the signed bytes are parsed and processed (the reference covers the whole document).
    async fn check_signature(
        &self,
        actor: &Actor,
        message: &Message,
        read: &chuanyu_ceb::ReadMessage<'_>,
    ) -> Result<(), CebError> {
        let (entries, signed) = entries(message);
        let declared = entries.iter().any(|e| e.app_status == "2");
        if !signed && !declared {
            return Ok(());
        }
        let root = format!("/ceb:{}/ds:Signature", message.message_type().root_name());
        let failure = if signed {
            match self.verify_signature(&actor.code, read).await? {
                Ok(_) => return Ok(()),
                Err(e) => e,
            }
        } else {
            chuanyu_ceb::dsig::DsigError {
                code: chuanyu_ceb::dsig::DsigErrorCode::SignatureMissing,
                reason: "appStatus 2 (declared) requires an enveloped XML-DSig signature".into(),
                xml: None,
            }
        };
        let code = failure.code.as_str();
        Err(CebError::Invalid {
            code,
            detail: format!(
                "the message signature is refused (CEB error {}): {}",
                failure.spec_code(),
                failure.reason
            ),
            findings: vec![Finding {
                path: root,
                code,
                message: format!("{} {}", failure.spec_code(), failure.reason),
            }],
        })
    }

    /// Refuse the lists whose documents did not arrive in time (receipts to their senders).
    /// Returns how many were refused.
    pub async fn cbec_sweep(&self, at: Timestamp) -> Result<usize, AppError> {
        let ctx = self.cbec_ctx("system", at);
        self.write(move |tx| {
            let mut messages = Messages::new(&ctx);
            let expired = tx.expired_cbec_lists_for_update(&ctx.at_text, CBEC_SWEEP_LISTS_MAX)?;
            let count = expired.len();
            for mut row in expired {
                let message = messages.get(tx, &row.sender, &row.guid)?;
                let Message::Inventory {
                    envelope,
                    inventories,
                    ..
                } = &*message
                else {
                    continue;
                };
                let Some(inv) = inventories.get(row.entry as usize) else {
                    continue;
                };
                let outcome = if row.state == "held" {
                    refuse_held(tx, &ctx, &mut row, inv)?
                } else {
                    evaluate(tx, &ctx, &mut messages, &mut row, inv, Vec::new())?
                };
                row.updated_at = ctx.at_text.clone();
                tx.update_cbec_list(&row)?;
                send_outcome(tx, &ctx, envelope, inv, &row, &outcome)?;
            }
            Ok(count)
        })
        .await
    }

    /// `GET /ceb/receipts?after=`: the caller's receipts after a cursor, in order.
    pub async fn cbec_receipts(
        &self,
        actor: &Actor,
        after: Option<String>,
        limit: Option<u32>,
    ) -> Result<CebReceiptPage, AppError> {
        let after_seq = match after.as_deref() {
            None | Some("") => 0,
            Some(text) => text
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| {
                    AppError::validation(
                        "/after",
                        "invalid_cursor",
                        "after must be a cursor returned by this endpoint",
                    )
                })?,
        };
        let limit = limit.unwrap_or(CBEC_RECEIPTS_PAGE_DEFAULT);
        if limit == 0 || limit > CBEC_RECEIPTS_PAGE_MAX {
            return Err(AppError::validation(
                "/limit",
                "page_size_out_of_range",
                format!("limit must be 1..={CBEC_RECEIPTS_PAGE_MAX} (cbec_receipts_page_max)"),
            ));
        }
        if let Err(e) = self.cbec_sweep(now()).await {
            tracing::warn!(error = %e, "CBEC sweep failed");
        }
        let code = actor.code.clone();
        let rows = self
            .read(move |tx| Ok(tx.ceb_receipts(&code, after_seq, limit)?))
            .await?;
        let next = rows.last().map_or(after_seq, |r| r.seq).to_string();
        Ok(CebReceiptPage {
            receipts: rows
                .into_iter()
                .map(|r| CebReceiptView {
                    cursor: r.seq.to_string(),
                    receipt_type: r.receipt_type,
                    list_id: r.list_id,
                    created_at: r.created_at,
                    xml: r.body,
                })
                .collect(),
            next,
        })
    }

    /// Lists of a message the caller sent (to learn their ids).
    pub async fn cbec_lists_of_message(
        &self,
        actor: &Actor,
        guid: &str,
    ) -> Result<Vec<CbecListView>, AppError> {
        let (code, guid) = (actor.code.clone(), guid.to_string());
        let rows = self
            .read(move |tx| Ok(tx.cbec_lists_of_message(&code, &guid)?))
            .await?;
        Ok(rows.iter().map(view).collect())
    }

    /// `GET /ceb/lists/{id}`: the sender, an officer of its district, analysts and admins.
    pub async fn cbec_list(&self, actor: &Actor, id: &str) -> Result<CbecListView, AppError> {
        let lookup = id.to_string();
        let row = self
            .read(move |tx| Ok(tx.cbec_list(&lookup)?))
            .await?
            .filter(|row| can_see(actor, row))
            .ok_or(AppError::NotFound("inventory list"))?;
        Ok(view(&row))
    }

    /// `POST /ceb/lists/{id}/control-result`: an officer of the list's district closes the
    /// documentary check or inspection; compliant lists are released, others refused (and
    /// their quota given back). Each gives a CEB622 in the sender's inbox.
    pub async fn cbec_control_result(
        &self,
        actor: &Actor,
        id: &str,
        result: CbecControlResult,
    ) -> Result<CbecListView, AppError> {
        if actor.role != Role::Officer {
            return Err(AppError::Forbidden(
                "only an officer of the list's district may record a control result".into(),
            ));
        }
        let chars = result.remarks.chars().count();
        if chars > CBEC_REMARKS_CHARS_MAX {
            return Err(AppError::validation(
                "/remarks",
                "string_too_long",
                format!(
                    "{chars} characters; the limit is cbec_remarks_chars_max = {CBEC_REMARKS_CHARS_MAX}"
                ),
            ));
        }
        if !result.compliant && result.remarks.trim().is_empty() {
            return Err(AppError::validation(
                "/remarks",
                "missing_field",
                "a non-compliant result needs remarks saying why",
            ));
        }
        let ctx = self.cbec_ctx(&actor.code, now());
        let (id, actor) = (id.to_string(), actor.clone());
        self.write(move |tx| {
            let mut row = tx
                .cbec_list_for_update(&id)?
                .filter(|row| can_see(&actor, row))
                .ok_or(AppError::NotFound("inventory list"))?;
            if actor.district.as_deref() != Some(row.district.as_str()) {
                return Err(AppError::Forbidden(
                    "only an officer of the list's district may record a control result".into(),
                ));
            }
            if row.state != "control" {
                return Err(AppError::Conflict {
                    code: "transition_not_allowed",
                    message: format!(
                        "list {} is {}, not waiting for a control result",
                        row.id, row.state
                    ),
                });
            }
            if row.ie_flag == "E" {
                export::control_result(tx, &ctx, &actor.code, &mut row, &result)?;
                return Ok(view(&row));
            }
            let mut messages = Messages::new(&ctx);
            let message = messages.get(tx, &row.sender, &row.guid)?;
            let Message::Inventory {
                envelope,
                inventories,
                ..
            } = &*message
            else {
                return Err(chuanyu_store::StoreError::Corrupt(format!(
                    "list {id}: message is not a 621"
                ))
                .into());
            };
            let inv = inventories.get(row.entry as usize).ok_or_else(|| {
                chuanyu_store::StoreError::Corrupt(format!("list {id}: entry is gone"))
            })?;
            let payload = serde_json::to_string(&result).expect("results serialize");
            let remarks = if result.remarks.trim().is_empty() {
                "no remarks".to_string()
            } else {
                result.remarks.clone()
            };
            // A compliant bonded (1210) list deducts its account book as it is released.
            let stock = if result.compliant {
                deduct_bonded(tx, &ctx, &row, inv)?
            } else {
                None
            };
            let (to, status, reason) = if result.compliant && stock.is_none() {
                (
                    "released",
                    ReturnStatus::Released,
                    format!("released after control by {}: {remarks}", actor.code),
                )
            } else {
                if let (Some(year), Some(units)) = (row.quota_year, row.quota_units) {
                    tx.cbec_quota_release(&row.buyer_id, year, units)?;
                }
                bills::void_bill(tx, &ctx, &row, inv, "refused after control")?;
                let why = match &stock {
                    Some(reasons) => reasons.join("; "),
                    None => format!(
                        "control_finding refused after control by {}: {remarks}",
                        actor.code
                    ),
                };
                ("refused", ReturnStatus::Rejected, why)
            };
            audit(
                tx,
                &ctx,
                (&actor.code, &row.id),
                "control_result",
                (Some("control"), to),
                Some(&reason),
                Some(&payload),
            )?;
            row.state = to.into();
            row.updated_at = ctx.at_text.clone();
            tx.update_cbec_list(&row)?;
            let xml = list_receipt(envelope, inv, &row, status, vec![reason], &ctx.return_time)?;
            tx.push_ceb_receipt(&row.sender, "CEB622", Some(&row.id), &xml, &ctx.at_text)?;
            if row.state == "released" {
                bills::release_bill(tx, &ctx, &row, inv)?;
            }
            Ok(view(&row))
        })
        .await
    }
}

fn can_see(actor: &Actor, row: &CbecListRow) -> bool {
    match actor.role {
        Role::Admin | Role::RiskAnalyst => true,
        Role::Officer => actor.district.as_deref() == Some(row.district.as_str()),
        _ => actor.code == row.sender,
    }
}

/// `appType` of an order, payment or waybill (1 new, 2 change, 3 delete) against what the
/// sender already declared under the same key. A document a list already relies on (accepted,
/// held, under control, released …) can no longer be changed or deleted.
struct Doc<'a> {
    kind: &'a str,
    key: &'a str,
    app_type: &'a str,
}

impl<'a> Doc<'a> {
    fn new(kind: &'a str, key: &'a str, app_type: &'a str) -> Self {
        Doc {
            kind,
            key,
            app_type,
        }
    }

    /// Why the document cannot be taken as `appType` says, if it cannot.
    fn check(&self, tx: &Tx<'_>, sender: &str) -> Result<Option<String>, AppError> {
        let existing = tx
            .ceb_documents(self.kind, self.key)?
            .into_iter()
            .any(|d| d.sender == sender);
        // Which lists rely on a document: import lists on orders, payments and waybills,
        // export lists on export orders, receipts of payment and waybills.
        let (ie_flag, order_no, logistics_no) = match self.kind {
            "waybill" => (Some("I"), None, Some(self.key)),
            "order" | "payment" => (Some("I"), Some(self.key), None),
            "export-waybill" => (Some("E"), None, Some(self.key)),
            "export-order" => (Some("E"), Some(self.key), None),
            // A receipt of payment (403) serves the tax refund; no list relies on it.
            _ => (None, None, None),
        };
        Ok(match self.app_type {
            "1" if existing => Some(format!(
                "duplicate_document {} {} was already declared by {sender}; send appType 2 to change it",
                self.kind, self.key
            )),
            "2" | "3" if !existing => Some(format!(
                "unknown_document there is no {} {} of {sender} to {}",
                self.kind,
                self.key,
                if self.app_type == "2" {
                    "change"
                } else {
                    "delete"
                }
            )),
            "2" | "3" => {
                let users = match ie_flag {
                    Some(ie_flag) => tx.cbec_lists_using(ie_flag, order_no, logistics_no)?,
                    None => Vec::new(),
                };
                users.first().map(|list| {
                    format!(
                        "document_in_use {} {} is relied on by inventory list {} ({}); it can no longer be {}",
                        self.kind,
                        self.key,
                        list.invt_no.as_deref().unwrap_or(&list.pre_no),
                        list.state,
                        if self.app_type == "2" { "changed" } else { "deleted" }
                    )
                })
            }
            _ => None,
        })
    }

    /// Record the accepted document: new or changed (the latest counts), or deleted.
    fn apply(&self, tx: &Tx<'_>, sender: &str, row: &CebDocumentRow) -> Result<(), AppError> {
        if self.app_type == "3" {
            tx.delete_ceb_documents(self.kind, self.key, sender)?;
        } else {
            tx.insert_ceb_document(row)?;
        }
        Ok(())
    }
}

/// The writer job of one received message: `(receipt, replayed)`.
fn receive_job(
    tx: &Tx<'_>,
    ctx: &Ctx,
    sender: &str,
    message: &Arc<Message>,
    business: &[chuanyu_ceb::Finding],
    body: &str,
) -> Result<(String, bool), AppError> {
    let envelope = message.envelope();
    if let Some(stored) = tx.ceb_message(sender, &envelope.guid)? {
        return Ok((stored.receipt, true));
    }
    let mut messages = Messages::new(ctx);
    messages
        .cache
        .insert((sender.to_string(), envelope.guid.clone()), message.clone());
    let mut verdicts = chuanyu_ceb::verdicts(message, business);
    let document = |kind: &str, key: &str, entry: usize| CebDocumentRow {
        kind: kind.into(),
        doc_key: key.into(),
        sender: sender.into(),
        guid: envelope.guid.clone(),
        entry: entry as i64,
        received_at: ctx.at_text.clone(),
    };
    match &**message {
        Message::Order { orders, .. } => {
            for (i, o) in orders.iter().enumerate() {
                let h = &o.head;
                let doc = Doc::new("order", &h.order_no, &h.app_type);
                if let Some(reason) = doc.check(tx, sender)? {
                    verdicts[i].reject(reason);
                }
                if verdicts[i].status == ReturnStatus::Stored {
                    doc.apply(tx, sender, &document("order", &h.order_no, i))?;
                    recheck_waiting(tx, ctx, &mut messages, Some(&h.order_no), None)?;
                }
            }
        }
        Message::Payment { payments, .. } => {
            for (i, p) in payments.iter().enumerate() {
                let doc = Doc::new("payment", &p.order_no, &p.app_type);
                if let Some(reason) = doc.check(tx, sender)? {
                    verdicts[i].reject(reason);
                }
                if verdicts[i].status == ReturnStatus::Stored {
                    doc.apply(tx, sender, &document("payment", &p.order_no, i))?;
                    recheck_waiting(tx, ctx, &mut messages, Some(&p.order_no), None)?;
                }
            }
        }
        Message::Waybill { waybills, .. } => {
            for (i, w) in waybills.iter().enumerate() {
                let doc = Doc::new("waybill", &w.logistics_no, &w.app_type);
                if let Some(reason) = doc.check(tx, sender)? {
                    verdicts[i].reject(reason);
                }
                if verdicts[i].status == ReturnStatus::Stored {
                    doc.apply(tx, sender, &document("waybill", &w.logistics_no, i))?;
                    recheck_waiting(tx, ctx, &mut messages, None, Some(&w.logistics_no))?;
                }
            }
        }
        Message::Inventory { inventories, .. } => {
            let mut later = Vec::new();
            for (i, inv) in inventories.iter().enumerate() {
                let h = &inv.head;
                if h.app_type != "1" {
                    verdicts[i].reject(format!(
                        "list_not_changeable appType {}: a declared inventory list is not changed or deleted; \
                         cancel it (CEB623) or, once refused, declare it again with appType 1",
                        h.app_type
                    ));
                }

                let district = ctx
                    .reference
                    .district_of_office(&h.customs_code)
                    .unwrap_or(&h.customs_code)
                    .to_string();
                let year = ctx.year();
                let scope = format!("{}{year:04}", h.customs_code);
                let n = tx.next_cbec_sequence("pre-no", &scope)?;
                let id = uuid::Uuid::now_v7().to_string();
                let mut row = CbecListRow {
                    id: id.clone(),
                    sender: sender.into(),
                    guid: envelope.guid.clone(),
                    entry: i as i64,
                    cop_no: h.cop_no.clone().unwrap_or_default(),
                    pre_no: format!("{scope}P{:09}", n % 1_000_000_000),
                    invt_no: None,
                    order_no: h.order_no.clone(),
                    ebp_code: h.ebp_code.clone(),
                    logistics_no: h.logistics_no.clone(),
                    buyer_id: h.buyer_id_number.clone(),
                    customs_code: h.customs_code.clone(),
                    district,
                    state: "received".into(),
                    lane: None,
                    tax_total: None,
                    quota_year: None,
                    quota_units: None,
                    wait_until: None,
                    created_at: ctx.at_text.clone(),
                    updated_at: ctx.at_text.clone(),
                    ie_flag: "I".into(),
                    arrived_at: None,
                    departed_at: None,
                    released_at: None,
                    summary_id: None,
                };
                tx.insert_cbec_list(&row)?;
                let stream = list_stream(&id);
                let payload = serde_json::json!({ "guid": envelope.guid, "entry": i, "cop_no": row.cop_no, "pre_no": row.pre_no }).to_string();
                tx.append_audit(&NewAuditEvent {
                    stream: &stream,
                    at: &ctx.at_text,
                    actor: &ctx.actor,
                    action: "receive",
                    from_state: None,
                    to_state: Some("received"),
                    reason: None,
                    payload: Some(&payload),
                })?;
                let business_reasons = std::mem::take(&mut verdicts[i].reasons);
                let outcome = evaluate(tx, ctx, &mut messages, &mut row, inv, business_reasons)?;
                tx.update_cbec_list(&row)?;
                verdicts[i] = match &outcome {
                    Evaluation::Waiting(missing) => Verdict {
                        status: ReturnStatus::Declaring,
                        reasons: std::iter::once(format!(
                            "waiting until {} for the documents",
                            row.wait_until.as_deref().unwrap_or("")
                        ))
                        .chain(missing.iter().cloned())
                        .collect(),
                        pre_no: Some(row.pre_no.clone()),
                        invt_no: None,
                    },
                    Evaluation::Refused(reasons) => Verdict {
                        status: ReturnStatus::Rejected,
                        reasons: reasons.clone(),
                        pre_no: Some(row.pre_no.clone()),
                        invt_no: None,
                    },
                    Evaluation::Held(reasons) => Verdict {
                        status: ReturnStatus::Stored,
                        reasons: reasons.clone(),
                        pre_no: Some(row.pre_no.clone()),
                        invt_no: row.invt_no.clone(),
                    },
                    Evaluation::Accepted { .. } => Verdict {
                        status: ReturnStatus::Stored,
                        reasons: Vec::new(),
                        pre_no: Some(row.pre_no.clone()),
                        invt_no: row.invt_no.clone(),
                    },
                };
                if let Evaluation::Accepted { lane, reason } = outcome {
                    later.push((i, row, lane, reason));
                }
            }
            for (i, row, lane, reason) in later {
                lane_receipts(tx, ctx, envelope, &inventories[i], &row, lane, &reason)?;
            }
        }
        Message::WaybillStatus { statuses, .. } => {
            // 运单状态: the carrier reports the parcel signed for (delivered). A delivered
            // parcel can no longer be cancelled (623), only returned (625).
            for (i, w) in statuses.iter().enumerate() {
                if verdicts[i].status != ReturnStatus::Stored {
                    continue;
                }
                let known = tx
                    .ceb_documents("waybill", &w.logistics_no)?
                    .iter()
                    .any(|d| d.sender == sender);
                if known {
                    tx.insert_ceb_document(&document("delivered", &w.logistics_no, i))?;
                } else {
                    verdicts[i].reject(format!(
                        "unknown_waybill waybill {} of {} was not received",
                        w.logistics_no, w.logistics_code
                    ));
                }
            }
        }
        Message::Cancel { cancels, .. } => {
            for (i, c) in cancels.iter().enumerate() {
                if verdicts[i].status == ReturnStatus::Stored {
                    verdicts[i] = withdraw::cancel(tx, ctx, &mut messages, sender, c)?;
                }
            }
        }
        Message::Refund { refunds, .. } => {
            for (i, r) in refunds.iter().enumerate() {
                if verdicts[i].status == ReturnStatus::Stored {
                    verdicts[i] = withdraw::refund(tx, ctx, &mut messages, sender, (i, r))?;
                }
            }
        }
        Message::Delivery { deliveries, .. } => {
            for (i, d) in deliveries.iter().enumerate() {
                warehouse::receive(tx, ctx, sender, (&envelope.guid, i, d), &mut verdicts[i])?;
            }
        }
        Message::ExportOrder { .. }
        | Message::ExportReceipts { .. }
        | Message::ExportWaybill { .. }
        | Message::Arrival { .. }
        | Message::Departure { .. }
        | Message::ExportInventory { .. }
        | Message::ExportCancel { .. }
        | Message::MasterList { .. }
        | Message::SummaryApply { .. } => {
            export::receive(tx, ctx, &mut messages, sender, message, &mut verdicts)?;
        }
        _ => {
            return Err(AppError::BadRequest {
                code: "unsupported_message_type",
                message: "this message type is not accepted".into(),
            });
        }
    }
    let receipt = receipt(message, &verdicts, &ctx.return_time)?;
    tx.insert_ceb_message(&CebMessageRow {
        sender: sender.into(),
        guid: envelope.guid.clone(),
        message_type: message.message_type().root_name().to_string(),
        body: body.to_string(),
        receipt: receipt.clone(),
        received_at: ctx.at_text.clone(),
    })?;
    Ok((receipt, false))
}
