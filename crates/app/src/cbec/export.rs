//! CBEC retail and B2B export (9610 / 9710 / 9810): order 303, receipt of payment 403, waybill
//! 505, arrival 507, departure 509, inventory list 603, cancellation 605, master/sub waybill list
//! 607, summary application 701 (and its result 792).
//!
//! Rules (the spec's message tables say what each field is; what the platform decides with
//! them is written here and named in every reason):
//! - orders, receipts of payment, waybills and master/sub lists follow `appType` 1/2/3 as the
//!   import documents do (a document an export list relies on is no longer changed);
//! - an export list is declared once (`appType` 1), by its `agentCode`, with `ieFlag` E and
//!   trade mode 9610 (`orderType` E), 9710 (B) or 9810 (W); it must agree with the order
//!   (CEB303: platform, e-commerce enterprise, order type, every line's item, quantity, total
//!   and currency) and the waybill (CEB505 of its logistics enterprise) received before it —
//!   a missing one refuses the list (`missing_order`, `missing_waybill`): export documents
//!   precede the list, nothing waits. The receipt of payment (CEB403) is recorded, not
//!   required (it serves the later tax refund, not the release);
//! - the risk lane of the list: green/blue accept it, yellow/red wait for the officer;
//! - an accepted list is **released** (CEB604 800 in the agent's inbox) once its waybill's
//!   arrival (CEB507, by the site operator or the carrier) and departure (CEB509, by the
//!   carrier) are both confirmed, in either order — a report naming no waybill lines takes
//!   them from the master/sub list (CEB607) of its bill;
//! - a list whose goods have not departed can be cancelled (CEB605); a departed one cannot;
//! - a summary application (CEB701) groups released, not yet summarised lists of its agent
//!   by the spec's rules (`chuanyu_ceb::summarise`), creates one goods declaration per group
//!   (full 10-digit lists, `statisticsFlag` B) through the declarations' own in-job path, marks
//!   the lists summarised, answers 702 (399) and puts the CEB792 summary result in the inbox.

use super::CbecControlResult;
use super::{Ctx, Doc, Messages, audit, list_stream, one_list_receipt};
use crate::AppError;
use crate::declarations::{assess_with, create_in_job};
use crate::facts::party_facts;
use crate::time::china_date;
use chuanyu_ceb::{
    Envelope, ExportInventory, ExportInvtCancel, ExportOrder, Message, Receipts, ReturnStatus,
    SummaryApply, Transfer, Verdict, WayBill,
};
use chuanyu_domain::declaration::{DeclarationInput, DocumentRef, ItemInput};
use chuanyu_risk::{DeclarationFacts, IeFlag, ItemFacts, Lane};
use chuanyu_store::{CbecListRow, CbecSummaryRow, CebDocumentRow, NewAuditEvent, Tx};
use jiff::Timestamp;
use rust_decimal::Decimal;
use std::sync::Arc;

/// The export trade modes and the order type (`orderType`) each requires.
pub const CBEC_EXPORT_TRADE_MODES: [(&str, &str); 3] =
    [("9610", "E"), ("9710", "B"), ("9810", "W")];
/// The code under which a summary is attached to its goods declaration.
pub const SUMMARY_DOCUMENT_CODE: &str = "cbec_summary";
/// `decState` of a CEB792 whose goods declaration was lodged (the spec gives no code table;
/// the official sample's value).
const DEC_STATE_LODGED: &str = "A";
/// `decState` of a group of simplified (A) lists, for which no 10-digit declaration is made.
const DEC_STATE_NONE: &str = "0";

/// `YYYYMMDDhhmmss` in China time (the lists' release times as the summary compares them).
fn compact_time(at: Timestamp) -> String {
    let t = super::return_time(at);
    t[..14].to_string()
}

fn date8(ctx: &Ctx) -> String {
    ctx.return_time[..8].to_string()
}

/// An electronic-port number (电子口岸编号, C18) for an export entry: `B` + date + 9 digits.
pub(super) fn platform_pre_no(tx: &Tx<'_>, ctx: &Ctx) -> Result<String, AppError> {
    let day = date8(ctx);
    let n = tx.next_cbec_sequence("export-pre-no", &day)?;
    Ok(format!("B{day}{:09}", n % 1_000_000_000))
}

fn corrupt(what: String) -> AppError {
    chuanyu_store::StoreError::Corrupt(what).into()
}

/// The 603 entry of an export list.
fn inventory_of(
    tx: &Tx<'_>,
    messages: &mut Messages,
    row: &CbecListRow,
) -> Result<(Arc<Message>, usize), AppError> {
    let message = messages.get(tx, &row.sender, &row.guid)?;
    match &*message {
        Message::ExportInventory { inventories, .. }
            if (row.entry as usize) < inventories.len() =>
        {
            Ok((message.clone(), row.entry as usize))
        }
        _ => Err(corrupt(format!(
            "export list {}: its 603 entry is gone",
            row.id
        ))),
    }
}

/// A CEB604 for one export list, as the receipt of a later decision.
fn list_receipt(
    envelope: &Envelope,
    inv: &ExportInventory,
    row: &CbecListRow,
    status: ReturnStatus,
    reasons: Vec<String>,
    return_time: &str,
) -> Result<String, AppError> {
    let message = Message::ExportInventory {
        envelope: envelope.clone(),
        inventories: vec![inv.clone()],
        transfer: Transfer::default(),
    };
    one_list_receipt(&message, row, status, reasons, return_time)
}

fn push_list_receipt(
    tx: &Tx<'_>,
    ctx: &Ctx,
    (envelope, inv): (&Envelope, &ExportInventory),
    row: &CbecListRow,
    status: ReturnStatus,
    reasons: Vec<String>,
) -> Result<(), AppError> {
    let xml = list_receipt(envelope, inv, row, status, reasons, &ctx.return_time)?;
    tx.push_ceb_receipt(&row.sender, "CEB604", Some(&row.id), &xml, &ctx.at_text)?;
    Ok(())
}

/// The latest document of a kind under a key that `accept`s, parsed (message, entry).
fn latest(
    tx: &Tx<'_>,
    messages: &mut Messages,
    kind: &str,
    key: &str,
    accept: impl Fn(&Message, usize) -> bool,
) -> Result<Option<(Arc<Message>, usize)>, AppError> {
    for d in tx.ceb_documents(kind, key)? {
        let m = messages.get(tx, &d.sender, &d.guid)?;
        if accept(&m, d.entry as usize) {
            return Ok(Some((m, d.entry as usize)));
        }
    }
    Ok(None)
}

/// Every disagreement of an export list with its order and waybill.
fn document_check(
    tx: &Tx<'_>,
    messages: &mut Messages,
    inv: &ExportInventory,
) -> Result<Vec<String>, AppError> {
    let h = &inv.head;
    let mut reasons = Vec::new();
    let order = latest(tx, messages, "export-order", &h.order_no, |m, e| {
        matches!(m, Message::ExportOrder { orders, .. }
            if orders.get(e).is_some_and(|o| o.head.ebp_code == h.ebp_code))
    })?;
    match order.as_ref().map(|(m, e)| match &**m {
        Message::ExportOrder { orders, .. } => &orders[*e],
        _ => unreachable!("accepted above"),
    }) {
        None => reasons.push(format!(
            "missing_order no order {} of platform {} was received (CEB303 precedes the list)",
            h.order_no, h.ebp_code
        )),
        Some(o) => order_check(o, inv, &mut reasons),
    }
    let waybill = latest(tx, messages, "export-waybill", &h.logistics_no, |m, e| {
        matches!(m, Message::ExportWaybill { waybills, .. }
            if waybills.get(e).is_some_and(|w| w.logistics_code == h.logistics_code))
    })?;
    match waybill.as_ref().map(|(m, e)| match &**m {
        Message::ExportWaybill { waybills, .. } => &waybills[*e],
        _ => unreachable!("accepted above"),
    }) {
        None => reasons.push(format!(
            "missing_waybill no waybill {} of logistics enterprise {} was received (CEB505 precedes the list)",
            h.logistics_no, h.logistics_code
        )),
        Some(w) => {
            if let Some(ebc) = w.ebc_code.as_deref().filter(|c| !c.is_empty())
                && ebc != h.ebc_code
            {
                reasons.push(format!(
                    "ebc_code_mismatch waybill {} names e-commerce enterprise {ebc}, the list {}",
                    h.logistics_no, h.ebc_code
                ));
            }
        }
    }
    Ok(reasons)
}

fn order_check(o: &ExportOrder, inv: &ExportInventory, reasons: &mut Vec<String>) {
    let h = &inv.head;
    if o.head.ebc_code != h.ebc_code {
        reasons.push(format!(
            "ebc_code_mismatch order {} names e-commerce enterprise {}, the list {}",
            h.order_no, o.head.ebc_code, h.ebc_code
        ));
    }
    if let Some((mode, wanted)) = CBEC_EXPORT_TRADE_MODES
        .iter()
        .find(|(mode, _)| *mode == h.trade_mode)
        && o.head.order_type != *wanted
    {
        reasons.push(format!(
            "order_type_mismatch trade mode {mode} requires orderType {wanted}; order {} has {}",
            h.order_no, o.head.order_type
        ));
    }
    for line in &inv.lists {
        let Some(ol) = o.lists.iter().find(|l| l.gnum == line.gnum) else {
            reasons.push(format!(
                "missing_order_line list line {} ({}) has no line {} in order {}",
                line.gnum, line.item_no, line.gnum, h.order_no
            ));
            continue;
        };
        if ol.item_no != line.item_no {
            reasons.push(format!(
                "item_no_mismatch line {}: order item {:?}, list item {:?}",
                line.gnum, ol.item_no, line.item_no
            ));
        }
        if ol.qty != line.qty {
            reasons.push(format!(
                "quantity_mismatch line {}: order {}, list {}",
                line.gnum, ol.qty, line.qty
            ));
        }
        if ol.total_price != line.total_price {
            reasons.push(format!(
                "total_price_mismatch line {}: order {}, list {}",
                line.gnum, ol.total_price, line.total_price
            ));
        }
        if ol.currency != line.currency {
            reasons.push(format!(
                "currency_mismatch line {}: order currency {}, list {}",
                line.gnum, ol.currency, line.currency
            ));
        }
    }
    for ol in &o.lists {
        if !inv.lists.iter().any(|l| l.gnum == ol.gnum) {
            reasons.push(format!(
                "order_line_not_listed order {} line {} ({}) is not on the list",
                h.order_no, ol.gnum, ol.item_no
            ));
        }
    }
}

/// The customs exchange rate of the list's currency on the day, or why there is none.
fn list_rate(ctx: &Ctx, inv: &ExportInventory) -> Result<(String, Decimal), String> {
    let code = inv
        .lists
        .first()
        .map(|l| l.currency.clone())
        .unwrap_or_default();
    let iso = ctx
        .reference
        .currency_from_customs_code(&code)
        .ok_or_else(|| {
            format!("unknown_currency currency {code:?} is not a customs currency code")
        })?
        .to_string();
    let rate = match ctx.tariff.rates.as_ref() {
        Some(rates) => rates.rate(&iso, china_date(ctx.at)),
        None if iso == "CNY" => Some(Decimal::ONE),
        None => None,
    };
    rate.map(|r| (iso.clone(), r)).ok_or_else(|| {
        format!(
            "no_exchange_rate no customs exchange rate for {iso} on {}",
            china_date(ctx.at)
        )
    })
}

fn risk_facts(
    ctx: &Ctx,
    inv: &ExportInventory,
    id: &str,
    (currency, rate): (String, Decimal),
    trader: chuanyu_risk::PartyFacts,
) -> DeclarationFacts {
    let h = &inv.head;
    let iso = |code: &str| {
        ctx.reference
            .country_from_customs_code(code)
            .unwrap_or(code)
            .to_string()
    };
    DeclarationFacts {
        declaration_id: id.to_string(),
        customs_office: h.customs_code.clone(),
        ie_flag: IeFlag::Export,
        trade_mode: h.trade_mode.clone(),
        transport_mode: h.traf_mode.clone(),
        declarant_code: h.agent_code.clone(),
        trader_code: h.ebc_code.clone(),
        origin_country: "CHN".into(),
        trading_country: iso(&h.country),
        destination_country: iso(&h.country),
        currency,
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
                origin_country: "CHN".into(),
                quantity: l.qty,
                unit: l.unit.clone(),
                value_cny: l.total_price * rate,
                net_weight_kg: (l.unit1 == "035").then_some(l.qty1),
            })
            .collect(),
        trader,
    }
}

/// The latest arrival / departure confirmed for a waybill, if any.
fn exit_time(tx: &Tx<'_>, kind: &str, logistics_no: &str) -> Result<Option<String>, AppError> {
    Ok(tx
        .ceb_documents(kind, logistics_no)?
        .into_iter()
        .map(|d| d.received_at)
        .min())
}

/// Release an accepted list whose arrival and departure are both confirmed (CEB604 800 to
/// the agent's inbox). Returns whether it was released.
fn release_if_exited(
    tx: &Tx<'_>,
    ctx: &Ctx,
    row: &mut CbecListRow,
    (envelope, inv): (&Envelope, &ExportInventory),
) -> Result<bool, AppError> {
    let (Some(arrived), Some(departed)) = (row.arrived_at.clone(), row.departed_at.clone()) else {
        return Ok(false);
    };
    if row.state != "accepted" {
        return Ok(false);
    }
    let reason = format!(
        "released: arrival of waybill {} confirmed at {arrived} (CEB507), departure at {departed} (CEB509); lane {}",
        row.logistics_no,
        row.lane.as_deref().unwrap_or("-")
    );
    row.state = "released".into();
    row.released_at = Some(ctx.at_text.clone());
    audit(
        tx,
        ctx,
        ("system", &row.id),
        "release",
        (Some("accepted"), "released"),
        Some(&reason),
        None,
    )?;
    push_list_receipt(
        tx,
        ctx,
        (envelope, inv),
        row,
        ReturnStatus::Released,
        vec![reason],
    )?;
    Ok(true)
}

/// One export list (CEB603 entry): numbers, document check, risk lane, release if its goods
/// already arrived and departed. Returns the synchronous verdict.
fn declare(
    tx: &Tx<'_>,
    ctx: &Ctx,
    messages: &mut Messages,
    sender: &str,
    (envelope, i, inv): (&Envelope, usize, &ExportInventory),
    mut reasons: Vec<String>,
) -> Result<Verdict, AppError> {
    let h = &inv.head;
    if h.app_type != "1" {
        reasons.push(format!(
            "list_not_changeable appType {}: a declared export list is not changed or deleted; \
             cancel it (CEB605) and declare it again with appType 1",
            h.app_type
        ));
    }
    if h.ie_flag != "E" {
        reasons.push(format!(
            "ie_flag_mismatch an export list (CEB603) has ieFlag E, not {:?}",
            h.ie_flag
        ));
    }
    if !CBEC_EXPORT_TRADE_MODES
        .iter()
        .any(|(mode, _)| *mode == h.trade_mode)
    {
        reasons.push(format!(
            "unsupported_trade_mode tradeMode {} is not an export mode this platform takes (9610, 9710, 9810)",
            h.trade_mode
        ));
    }
    let district = ctx
        .reference
        .district_of_office(&h.customs_code)
        .unwrap_or(&h.customs_code)
        .to_string();
    let pre_no = platform_pre_no(tx, ctx)?;
    // The receipt (CEB604) always carries an invtNo: customs numbers every list it receives.
    let scope = format!("{}{:04}", h.customs_code, ctx.year());
    let n = tx.next_cbec_sequence("export-invt-no", &scope)?;
    let id = uuid::Uuid::now_v7().to_string();
    let mut row = CbecListRow {
        id: id.clone(),
        sender: sender.into(),
        guid: envelope.guid.clone(),
        entry: i as i64,
        cop_no: h.cop_no.clone(),
        pre_no,
        invt_no: Some(format!("{scope}E{:09}", n % 1_000_000_000)),
        order_no: h.order_no.clone(),
        ebp_code: h.ebp_code.clone(),
        logistics_no: h.logistics_no.clone(),
        buyer_id: String::new(),
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
        ie_flag: "E".into(),
        arrived_at: exit_time(tx, "arrival", &h.logistics_no)?,
        departed_at: exit_time(tx, "departure", &h.logistics_no)?,
        released_at: None,
        summary_id: None,
    };
    tx.insert_cbec_list(&row)?;
    let payload = serde_json::json!({ "guid": envelope.guid, "entry": i, "cop_no": row.cop_no,
        "pre_no": row.pre_no, "invt_no": row.invt_no, "ie_flag": "E" })
    .to_string();
    tx.append_audit(&NewAuditEvent {
        stream: &list_stream(&id),
        at: &ctx.at_text,
        actor: &ctx.actor,
        action: "receive",
        from_state: None,
        to_state: Some("received"),
        reason: None,
        payload: Some(&payload),
    })?;
    if reasons.is_empty()
        && let Some(other) = tx
            .cbec_lists_using("E", Some(&h.order_no), Some(&h.logistics_no))?
            .into_iter()
            .find(|other| other.id != row.id)
    {
        reasons.push(format!(
            "duplicate_list export list {} ({}) already declares order {} / waybill {}; cancel it (CEB605) first",
            other.invt_no.as_deref().unwrap_or(&other.pre_no),
            other.state,
            h.order_no,
            h.logistics_no
        ));
    }
    reasons.extend(document_check(tx, messages, inv)?);
    let rate = match list_rate(ctx, inv) {
        Ok(rate) => Some(rate),
        Err(reason) => {
            reasons.push(reason);
            None
        }
    };
    let verdict = |row: &CbecListRow, status, reasons| Verdict {
        status,
        reasons,
        pre_no: Some(row.pre_no.clone()),
        invt_no: row.invt_no.clone(),
    };
    let (Some(rate), true) = (rate, reasons.is_empty()) else {
        row.state = "refused".into();
        let payload = serde_json::json!({ "reasons": reasons }).to_string();
        audit(
            tx,
            ctx,
            ("system", &row.id),
            "refuse",
            (Some("received"), "refused"),
            Some(&reasons.join("; ")),
            Some(&payload),
        )?;
        tx.update_cbec_list(&row)?;
        return Ok(verdict(&row, ReturnStatus::Rejected, reasons));
    };
    audit(
        tx,
        ctx,
        ("system", &row.id),
        "accept",
        (Some("received"), "accepted"),
        Some("the export list agrees with its order and waybill"),
        None,
    )?;
    let trader = tx.party_by_code(&h.ebc_code)?;
    let facts = risk_facts(ctx, inv, &row.id, rate, party_facts(trader.as_ref()));
    let decision = ctx.rules.assess(&facts, china_date(ctx.at), None);
    let decision_json = serde_json::to_string(&decision).expect("decisions serialize");
    row.lane = Some(decision.lane.as_str().to_string());
    let to = match decision.lane {
        Lane::Green | Lane::Blue => "accepted",
        Lane::Yellow | Lane::Red => "control",
    };
    row.state = to.into();
    audit(
        tx,
        ctx,
        ("system", &row.id),
        "assess_risk",
        (Some("accepted"), to),
        Some(&decision.reason),
        Some(&decision_json),
    )?;
    let later = (envelope, inv);
    match decision.lane {
        Lane::Yellow | Lane::Red => {
            let (status, what) = super::lane_receipt_status(decision.lane);
            push_list_receipt(
                tx,
                ctx,
                later,
                &row,
                status,
                vec![format!("{what}: {}", decision.reason)],
            )?;
        }
        Lane::Green | Lane::Blue => {
            release_if_exited(tx, ctx, &mut row, later)?;
        }
    }
    tx.update_cbec_list(&row)?;
    Ok(verdict(&row, ReturnStatus::Stored, Vec::new()))
}

/// Arrival (CEB507) or departure (CEB509) of a set of waybills.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Exit {
    Arrival,
    Departure,
}

impl Exit {
    fn kind(self) -> &'static str {
        match self {
            Exit::Arrival => "arrival",
            Exit::Departure => "departure",
        }
    }
    fn message(self) -> &'static str {
        match self {
            Exit::Arrival => "CEB507",
            Exit::Departure => "CEB509",
        }
    }
}

/// What a 507/509 entry says.
struct Report<'a> {
    exit: Exit,
    app_type: &'a str,
    ie_flag: &'a str,
    bill_no: Option<&'a str>,
    logistics_code: &'a str,
    lines: Vec<&'a str>,
}

/// Confirm the arrival or departure of the waybills a report names; lists of those waybills
/// are released when both are confirmed. `verdict` gets 399 or 100 with every reason.
fn exit_report(
    tx: &Tx<'_>,
    ctx: &Ctx,
    messages: &mut Messages,
    (sender, guid, entry): (&str, &str, usize),
    report: &Report<'_>,
    verdict: &mut Verdict,
) -> Result<(), AppError> {
    verdict.pre_no = Some(platform_pre_no(tx, ctx)?);
    if verdict.status != ReturnStatus::Stored {
        return Ok(());
    }
    let mut reasons = Vec::new();
    if report.app_type != "1" {
        reasons.push(format!(
            "report_not_changeable appType {}: an {} report is declared once",
            report.app_type,
            report.exit.kind()
        ));
    }
    if report.ie_flag != "E" {
        reasons.push(format!(
            "ie_flag_mismatch an arrival report for export has ieFlag E, not {:?}",
            report.ie_flag
        ));
    }
    let mut waybills: Vec<String> = report.lines.iter().map(|s| s.to_string()).collect();
    if waybills.is_empty() {
        // No lines: the waybills of the master/sub list (CEB607) of the bill.
        if let Some(bill) = report.bill_no.filter(|b| !b.is_empty())
            && let Some((m, e)) = latest(tx, messages, "master-bill", bill, |m, _| {
                matches!(m, Message::MasterList { .. })
            })?
            && let Message::MasterList { way_bills, .. } = &*m
        {
            waybills = way_bills[e]
                .lists
                .iter()
                .map(|l| l.logistics_no.clone())
                .collect();
        }
        if waybills.is_empty() {
            reasons.push(format!(
                "no_waybill the {} report names no waybill and no master/sub list (CEB607) of bill {:?} was received",
                report.exit.kind(),
                report.bill_no.unwrap_or("")
            ));
        }
    }
    waybills.sort();
    waybills.dedup();
    for no in &waybills {
        let known = tx
            .ceb_documents("export-waybill", no)?
            .iter()
            .any(|d| d.sender == report.logistics_code);
        if !known {
            reasons.push(format!(
                "unknown_waybill waybill {no} of logistics enterprise {} was not declared (CEB505)",
                report.logistics_code
            ));
        }
    }
    if !reasons.is_empty() {
        for r in reasons {
            verdict.reject(r);
        }
        return Ok(());
    }
    let field = report.exit.kind();
    for no in &waybills {
        tx.insert_ceb_document(&CebDocumentRow {
            kind: field.into(),
            doc_key: no.clone(),
            sender: sender.into(),
            guid: guid.into(),
            entry: entry as i64,
            received_at: ctx.at_text.clone(),
        })?;
        for mut row in tx.cbec_lists_by_logistics_no_for_update("E", no)? {
            if matches!(row.state.as_str(), "refused" | "cancelled") {
                continue;
            }
            let slot = match report.exit {
                Exit::Arrival => &mut row.arrived_at,
                Exit::Departure => &mut row.departed_at,
            };
            if slot.is_some() {
                continue;
            }
            *slot = Some(ctx.at_text.clone());
            let why = format!(
                "{field} of waybill {no} confirmed by {sender} ({} {guid})",
                report.exit.message()
            );
            let state = row.state.clone();
            audit(
                tx,
                ctx,
                ("system", &row.id),
                &format!("confirm_{field}"),
                (Some(&state), &state),
                Some(&why),
                None,
            )?;
            let (message, e) = inventory_of(tx, messages, &row)?;
            let Message::ExportInventory {
                envelope,
                inventories,
                ..
            } = &*message
            else {
                unreachable!("inventory_of returns 603 messages only")
            };
            release_if_exited(tx, ctx, &mut row, (envelope, &inventories[e]))?;
            row.updated_at = ctx.at_text.clone();
            tx.update_cbec_list(&row)?;
        }
    }
    verdict.status = ReturnStatus::Concluded;
    Ok(())
}

/// One `InvtCancel` of a CEB605: a list whose goods have not departed leaves the flow.
fn cancel(
    tx: &Tx<'_>,
    ctx: &Ctx,
    messages: &mut Messages,
    sender: &str,
    c: &ExportInvtCancel,
) -> Result<Verdict, AppError> {
    let refused = |reasons: Vec<String>, pre_no: &str| Verdict {
        status: ReturnStatus::Rejected,
        reasons,
        pre_no: Some(pre_no.to_string()),
        invt_no: Some(c.invt_no.clone()),
    };
    let row = tx
        .cbec_list_by_invt_no_for_update(&c.invt_no)?
        .filter(|row| row.ie_flag == "E");
    let Some(mut row) = row else {
        let reason = format!("unknown_invt_no no export list is numbered {:?}", c.invt_no);
        return match c.pre_no.as_deref() {
            Some(pre_no) if pre_no.len() == 18 => Ok(refused(vec![reason], pre_no)),
            _ => Err(AppError::BadRequest {
                code: "unknown_invt_no",
                message: format!("the cancellation names an unknown list: {reason}"),
            }),
        };
    };
    if row.sender != sender {
        return Ok(refused(
            vec![format!(
                "not_list_sender export list {} was declared by another agent",
                c.invt_no
            )],
            &row.pre_no,
        ));
    }
    let (message, e) = inventory_of(tx, messages, &row)?;
    let Message::ExportInventory { inventories, .. } = &*message else {
        unreachable!("inventory_of returns 603 messages only")
    };
    let inv = &inventories[e];
    let mut reasons = Vec::new();
    if c.ebc_code != inv.head.ebc_code {
        reasons.push(format!(
            "ebc_code_mismatch the cancellation names e-commerce enterprise {}, the list {}",
            c.ebc_code, inv.head.ebc_code
        ));
    }
    if let Some(departed) = &row.departed_at {
        reasons.push(format!(
            "list_departed the goods of export list {} left at {departed} (CEB509); a departed list cannot be cancelled",
            c.invt_no
        ));
    } else if !matches!(row.state.as_str(), "accepted" | "control") {
        reasons.push(format!(
            "transition_not_allowed export list {} is {}; a cancellation applies to accepted or controlled lists",
            c.invt_no, row.state
        ));
    }
    if !reasons.is_empty() {
        return Ok(refused(reasons, &row.pre_no));
    }
    let from = row.state.clone();
    let reason = format!("export list {} cancelled: {}", c.invt_no, c.reason);
    row.state = "cancelled".into();
    row.updated_at = ctx.at_text.clone();
    tx.update_cbec_list(&row)?;
    audit(
        tx,
        ctx,
        (sender, &row.id),
        "cancel",
        (Some(&from), "cancelled"),
        Some(&reason),
        None,
    )?;
    Ok(Verdict {
        status: ReturnStatus::Concluded,
        reasons: vec![reason],
        pre_no: Some(row.pre_no.clone()),
        invt_no: row.invt_no.clone(),
    })
}

/// One `WayBill` of a CEB607: which waybills (and lists) travel under a bill.
fn master_list(
    tx: &Tx<'_>,
    ctx: &Ctx,
    sender: &str,
    (guid, i, w): (&str, usize, &WayBill),
    verdict: &mut Verdict,
) -> Result<(), AppError> {
    verdict.pre_no = Some(platform_pre_no(tx, ctx)?);
    if verdict.status != ReturnStatus::Stored {
        return Ok(());
    }
    let h = &w.head;
    let doc = Doc::new("master-bill", &h.bill_no, &h.app_type);
    if let Some(reason) = doc.check(tx, sender)? {
        verdict.reject(reason);
    }
    for l in &w.lists {
        let known = tx
            .ceb_documents("export-waybill", &l.logistics_no)?
            .iter()
            .any(|d| d.sender == h.logistics_code);
        if !known {
            verdict.reject(format!(
                "unknown_waybill line {}: waybill {} of logistics enterprise {} was not declared (CEB505)",
                l.gnum, l.logistics_no, h.logistics_code
            ));
        }
        if let Some(invt_no) = l.invt_no.as_deref().filter(|s| !s.is_empty()) {
            let ok = tx
                .cbec_list_by_invt_no_for_update(invt_no)?
                .is_some_and(|row| row.ie_flag == "E" && row.logistics_no == l.logistics_no);
            if !ok {
                verdict.reject(format!(
                    "invt_no_mismatch line {}: no export list {invt_no} travels with waybill {}",
                    l.gnum, l.logistics_no
                ));
            }
        }
    }
    if verdict.status == ReturnStatus::Stored {
        doc.apply(
            tx,
            sender,
            &CebDocumentRow {
                kind: "master-bill".into(),
                doc_key: h.bill_no.clone(),
                sender: sender.into(),
                guid: guid.into(),
                entry: i as i64,
                received_at: ctx.at_text.clone(),
            },
        )?;
    }
    Ok(())
}

/// The goods declaration of a summary group (full 10-digit lists): exporter = the
/// e-commerce enterprise, declarant = the application's declaring agent, origin China.
fn group_declaration(
    ctx: &Ctx,
    apply: &SummaryApply,
    sum_no: &str,
    group: &chuanyu_ceb::SummaryGroup,
    members: &[&ExportInventory],
) -> DeclarationInput {
    let k = &group.key;
    let iso_country = ctx
        .reference
        .country_from_customs_code(&k.country)
        .unwrap_or(&k.country)
        .to_string();
    let currency = ctx
        .reference
        .currency_from_customs_code(&k.currency)
        .unwrap_or(&k.currency)
        .to_string();
    let first = members.first().map(|m| &m.head);
    let items: Vec<ItemInput> = group
        .lines
        .iter()
        .map(|l| ItemInput {
            hs_code: l.key.gcode.clone(),
            description: l.key.name.clone(),
            quantity: l.qty.normalize(),
            unit: l.key.unit.clone(),
            legal_quantity: l.qty1.normalize(),
            legal_unit: l.key.unit1.clone(),
            unit_price: if l.qty.is_zero() {
                Decimal::ZERO
            } else {
                (l.total_price / l.qty).round_dp(4).normalize()
            },
            total: l.total_price.normalize(),
            origin_country: "CHN".into(),
        })
        .collect();
    DeclarationInput {
        ie_flag: "E".into(),
        customs_office: k.customs_code.clone(),
        declarant_code: apply.head.decl_agent_code.clone(),
        trader_code: k.ebc_code.clone(),
        trade_mode: k.trade_mode.clone(),
        transport_mode: first.map(|h| h.traf_mode.clone()).unwrap_or_default(),
        transport_means: first
            .and_then(|h| h.traf_name.clone())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "CBEC".into()),
        bill_of_lading: first
            .and_then(|h| h.bill_no.clone())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| sum_no.to_string()),
        trading_country: iso_country.clone(),
        partner_country: iso_country,
        currency,
        freight: Decimal::ZERO,
        insurance: Decimal::ZERO,
        packages: members.iter().map(|m| m.head.pack_no).sum::<u32>().max(1),
        gross_weight_kg: group.gross_weight.normalize(),
        net_weight_kg: group.net_weight.normalize(),
        total_value: items.iter().map(|i| i.total).sum(),
        certificate_of_origin: None,
        documents: vec![DocumentRef {
            code: SUMMARY_DOCUMENT_CODE.into(),
            number: sum_no.to_string(),
        }],
        items,
    }
}

/// One `SummaryApply` of a CEB701: summarise, declare, mark the lists, answer 399 with the
/// sumNo and put the CEB792 in the agent's inbox — or refuse with every reason, changing
/// nothing but the platform number of the answer.
fn summary(
    tx: &Tx<'_>,
    ctx: &Ctx,
    messages: &mut Messages,
    sender: &str,
    (guid, i, apply): (&str, usize, &SummaryApply),
    verdict: &mut Verdict,
) -> Result<(), AppError> {
    verdict.pre_no = Some(platform_pre_no(tx, ctx)?);
    if verdict.status != ReturnStatus::Stored {
        return Ok(());
    }
    let h = &apply.head;
    let mut reasons = Vec::new();
    if h.app_type != "1" {
        reasons.push(format!(
            "summary_not_changeable appType {}: a summary application is declared once",
            h.app_type
        ));
    }
    // The candidate lists: by period (the body is then ignored, spec 2.21), else as named.
    let period = h.start_time.is_some() || h.end_time.is_some();
    let mut rows: Vec<CbecListRow> = Vec::new();
    let released = |row: &CbecListRow| {
        row.released_at
            .as_deref()
            .and_then(|t| t.parse::<Timestamp>().ok())
            .map(compact_time)
    };
    if period {
        match (&h.start_time, &h.end_time) {
            (Some(start), Some(end)) if start <= end => {
                rows = tx.unsummarised_export_lists_for_update(sender)?;
                rows.retain(|row| released(row).is_some_and(|at| start <= &at && &at <= end));
            }
            (Some(start), Some(end)) => reasons.push(format!(
                "period_inverted endTime {end} is before startTime {start} (2.21)"
            )),
            _ => reasons
                .push("period_incomplete startTime and endTime are given as a pair (2.21)".into()),
        }
    } else {
        if apply.lists.is_empty() {
            reasons.push(
                "no_lists the application names no list and no period (startTime/endTime)".into(),
            );
        }
        for l in &apply.lists {
            match tx.cbec_list_by_invt_no_for_update(&l.invt_no)? {
                Some(row) if row.ie_flag == "E" && row.sender == sender => {
                    if row.summary_id.is_some() {
                        reasons.push(format!(
                            "already_summarised export list {} was summarised before",
                            l.invt_no
                        ));
                    } else {
                        rows.push(row);
                    }
                }
                Some(row) if row.ie_flag == "E" => reasons.push(format!(
                    "not_list_sender export list {} was declared by another agent",
                    row.invt_no.as_deref().unwrap_or("")
                )),
                _ => reasons.push(format!(
                    "unknown_invt_no no export list is numbered {:?}",
                    l.invt_no
                )),
            }
        }
    }
    let mut offered = Vec::new();
    let mut inventories = Vec::new();
    for row in &rows {
        let (message, e) = inventory_of(tx, messages, row)?;
        let Message::ExportInventory {
            inventories: all, ..
        } = &*message
        else {
            unreachable!("inventory_of returns 603 messages only")
        };
        let inv = all[e].clone();
        let invt_no = row.invt_no.clone().unwrap_or_default();
        let mut wrong = Vec::new();
        if inv.head.customs_code != h.customs_code {
            wrong.push(format!("customsCode {}", inv.head.customs_code));
        }
        if inv.head.ebc_code != h.ebc_code {
            wrong.push(format!("ebcCode {}", inv.head.ebc_code));
        }
        if let Some(loct) = h.loct_no.as_deref().filter(|s| !s.is_empty())
            && inv.head.loct_no.as_deref() != Some(loct)
        {
            wrong.push(format!(
                "loctNo {:?}",
                inv.head.loct_no.as_deref().unwrap_or("")
            ));
        }
        if !wrong.is_empty() {
            if !period {
                reasons.push(format!(
                    "summary_key_mismatch export list {invt_no} has {} where the application names customsCode {}, ebcCode {}{} (2.21)",
                    wrong.join(", "),
                    h.customs_code,
                    h.ebc_code,
                    h.loct_no.as_deref().map(|l| format!(", loctNo {l}")).unwrap_or_default()
                ));
            }
            continue;
        }
        let released_at = released(row);
        offered.push(chuanyu_ceb::ExportListForSummary {
            inventory: inv.clone(),
            invt_no: invt_no.clone(),
            released_at: if row.state == "released" {
                released_at
            } else {
                None
            },
        });
        inventories.push((invt_no, row.clone(), inv));
    }
    let options = chuanyu_ceb::SummaryOptions::from_apply(h);
    let summary = chuanyu_ceb::summarise(&offered, &options);
    for x in &summary.excluded {
        reasons.push(format!(
            "list_not_summarised export list {}: {}",
            x.invt_no, x.reason
        ));
    }
    if reasons.is_empty() && summary.groups.is_empty() {
        reasons.push(format!(
            "nothing_to_summarise agent {sender} has no released, unsummarised export list of ebcCode {} at {}{}",
            h.ebc_code,
            h.customs_code,
            match (&h.start_time, &h.end_time) {
                (Some(s), Some(e)) => format!(" released {s}..{e}"),
                _ => String::new(),
            }
        ));
    }
    if !reasons.is_empty() {
        for r in reasons {
            verdict.reject(r);
        }
        return Ok(());
    }

    // Accepted: numbers, declarations, the lists marked, the result.
    let day = date8(ctx);
    let n = tx.next_cbec_sequence("sum-no", &day)?;
    let sum_no = format!("S{day}{:09}", n % 1_000_000_000);
    let summary_id = uuid::Uuid::now_v7().to_string();
    let mut results = Vec::new();
    let mut declared = Vec::new();
    for group in &summary.groups {
        let members: Vec<&ExportInventory> = group
            .invt_nos
            .iter()
            .filter_map(|no| {
                inventories
                    .iter()
                    .find(|(n, _, _)| n == no)
                    .map(|(_, _, inv)| inv)
            })
            .collect();
        let (entry_id, dec_state) = if group.key.statistics_flag == "B" {
            let input = group_declaration(ctx, apply, &sum_no, group, &members);
            let assessed = match assess_with(
                input,
                china_date(ctx.at),
                &ctx.reference,
                ctx.rules.clone(),
                &ctx.tariff,
            ) {
                Ok(a) => a,
                Err(AppError::Validation(findings)) => {
                    for f in findings {
                        verdict.reject(format!(
                            "declaration_invalid group of {}: {} {}: {}",
                            group.invt_nos.join(", "),
                            f.code,
                            f.path,
                            f.message
                        ));
                    }
                    return Ok(());
                }
                Err(other) => return Err(other),
            };
            let body =
                serde_json::to_string(&assessed.declaration.input).expect("declarations serialize");
            let declaration_id = uuid::Uuid::now_v7().to_string();
            let view = create_in_job(
                tx,
                &declaration_id,
                sender,
                &ctx.at_text,
                &assessed.declaration,
                &body,
                Some(&assessed),
            )?;
            declared.push(serde_json::json!({
                "invt_nos": group.invt_nos, "declaration_id": view.id, "number": view.number,
                "lane": view.lane, "state": view.state,
            }));
            (view.number.clone(), DEC_STATE_LODGED)
        } else {
            declared.push(serde_json::json!({
                "invt_nos": group.invt_nos, "declaration_id": null,
                "why": "simplified (A) lists declare 4-digit commodity codes: no 10-digit goods declaration is made",
            }));
            (None, DEC_STATE_NONE)
        };
        let decl_n = tx.next_cbec_sequence("decl-seq-no", &day)?;
        let mut lists = Vec::new();
        for line in &group.lines {
            for (invt_no, gnum, gcode) in &line.sources {
                let logistics_no = inventories
                    .iter()
                    .find(|(n, _, _)| n == invt_no)
                    .map(|(_, row, _)| row.logistics_no.clone())
                    .unwrap_or_default();
                lists.push(chuanyu_ceb::SummaryResultList {
                    invt_no: invt_no.clone(),
                    logistics_no,
                    gseqno: line.gseqno,
                    gnum: *gnum,
                    gcode: gcode.clone(),
                });
            }
        }
        results.push(chuanyu_ceb::SummaryResult {
            head: chuanyu_ceb::SummaryResultHead {
                guid: uuid::Uuid::now_v7().to_string().to_uppercase(),
                customs_code: group.key.customs_code.clone(),
                sum_no: sum_no.clone(),
                op_date: ctx.return_time.clone(),
                decl_seq_no: format!("S{day}{:09}", decl_n % 1_000_000_000),
                dec_tmp_no: None,
                dec_pre_no: None,
                entry_id,
                dec_state: dec_state.into(),
                agent_code: h.agent_code.clone(),
                agent_name: h.agent_name.clone(),
                ebc_code: h.ebc_code.clone(),
                ebc_name: h.ebc_name.clone(),
                decl_agent_code: h.decl_agent_code.clone(),
                decl_agent_name: h.decl_agent_name.clone(),
                gross_weight: group.gross_weight,
                net_weight: group.net_weight,
                msg_count: 1,
                msg_seq_no: 1,
                note: None,
            },
            lists,
        });
        for invt_no in &group.invt_nos {
            let Some((_, row, _)) = inventories.iter().find(|(n, _, _)| n == invt_no) else {
                continue;
            };
            let mut row = tx
                .cbec_list_for_update(&row.id)?
                .ok_or_else(|| corrupt(format!("export list {invt_no} vanished")))?;
            row.summary_id = Some(summary_id.clone());
            row.updated_at = ctx.at_text.clone();
            tx.update_cbec_list(&row)?;
            let why = format!(
                "summarised in {sum_no} (CEB701 {guid}): {}",
                group
                    .reasons
                    .iter()
                    .find(|r| r.starts_with(invt_no.as_str()))
                    .cloned()
                    .unwrap_or_default()
            );
            audit(
                tx,
                ctx,
                (sender, &row.id),
                "summarise",
                (Some("released"), "released"),
                Some(&why),
                None,
            )?;
        }
    }
    let groups_json = serde_json::Value::Array(
        summary
            .groups
            .iter()
            .map(|g| {
                serde_json::json!({
                    "invt_nos": g.invt_nos,
                    "reasons": g.reasons,
                    "lines": g.lines.iter().map(|l| serde_json::json!({
                        "gseqno": l.gseqno, "gcode": l.key.gcode, "name": l.key.name,
                        "qty": l.qty.to_string(), "total_price": l.total_price.to_string(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    );
    tx.insert_cbec_summary(&CbecSummaryRow {
        id: summary_id,
        sender: sender.into(),
        guid: guid.into(),
        entry: i as i64,
        cop_no: h.cop_no.clone(),
        pre_no: verdict.pre_no.clone().unwrap_or_default(),
        sum_no: sum_no.clone(),
        customs_code: h.customs_code.clone(),
        ebc_code: h.ebc_code.clone(),
        groups: groups_json.to_string(),
        declarations: serde_json::Value::Array(declared).to_string(),
        created_at: ctx.at_text.clone(),
    })?;
    let xml =
        chuanyu_ceb::summary_result_xml(&uuid::Uuid::now_v7().to_string().to_uppercase(), &results)
            .map_err(|e| AppError::BadRequest {
                code: "receipt_unwritable",
                message: format!("the summary result cannot be written: {e}"),
            })?;
    tx.push_ceb_receipt(sender, "CEB792", None, &xml, &ctx.at_text)?;
    verdict.status = ReturnStatus::Concluded;
    verdict.invt_no = Some(sum_no.clone());
    verdict.reasons = vec![format!(
        "summarised in {sum_no}: {} goods declaration group(s) of {} list(s); the summary result (CEB792) is in the inbox",
        summary.groups.len(),
        summary
            .groups
            .iter()
            .map(|g| g.invt_nos.len())
            .sum::<usize>()
    )];
    Ok(())
}

/// The export messages of one receive job (the receipt is written by the caller).
pub(super) fn receive(
    tx: &Tx<'_>,
    ctx: &Ctx,
    messages: &mut Messages,
    sender: &str,
    message: &Message,
    verdicts: &mut [Verdict],
) -> Result<(), AppError> {
    let envelope = message.envelope();
    let guid = envelope.guid.as_str();
    let document = |kind: &str, key: &str, entry: usize| CebDocumentRow {
        kind: kind.into(),
        doc_key: key.into(),
        sender: sender.into(),
        guid: guid.into(),
        entry: entry as i64,
        received_at: ctx.at_text.clone(),
    };
    let take = |verdict: &mut Verdict, kind: &str, key: &str, app_type: &str, i: usize| {
        let doc = Doc::new(kind, key, app_type);
        if let Some(reason) = doc.check(tx, sender)? {
            verdict.reject(reason);
        }
        if verdict.status == ReturnStatus::Stored {
            doc.apply(tx, sender, &document(kind, key, i))?;
        }
        Ok::<_, AppError>(())
    };
    match message {
        Message::ExportOrder { orders, .. } => {
            for (i, o) in orders.iter().enumerate() {
                take(
                    &mut verdicts[i],
                    "export-order",
                    &o.head.order_no,
                    &o.head.app_type,
                    i,
                )?;
            }
        }
        Message::ExportReceipts { receipts, .. } => {
            for (i, r) in receipts.iter().enumerate() {
                receipt_of_payment(tx, messages, r, &mut verdicts[i])?;
                take(
                    &mut verdicts[i],
                    "export-receipt",
                    &r.order_no,
                    &r.app_type,
                    i,
                )?;
            }
        }
        Message::ExportWaybill { waybills, .. } => {
            for (i, w) in waybills.iter().enumerate() {
                take(
                    &mut verdicts[i],
                    "export-waybill",
                    &w.logistics_no,
                    &w.app_type,
                    i,
                )?;
                // 506: 399 海关审结 (spec table 2-21).
                if verdicts[i].status == ReturnStatus::Stored {
                    verdicts[i].status = ReturnStatus::Concluded;
                }
            }
        }
        Message::ExportInventory { inventories, .. } => {
            for (i, inv) in inventories.iter().enumerate() {
                let business = std::mem::take(&mut verdicts[i].reasons);
                verdicts[i] = declare(tx, ctx, messages, sender, (envelope, i, inv), business)?;
            }
        }
        Message::Arrival { arrivals, .. } => {
            for (i, a) in arrivals.iter().enumerate() {
                let h = &a.head;
                let report = Report {
                    exit: Exit::Arrival,
                    app_type: &h.app_type,
                    ie_flag: &h.ie_flag,
                    bill_no: h.bill_no.as_deref(),
                    logistics_code: &h.logistics_code,
                    lines: a.lists.iter().map(|l| l.logistics_no.as_str()).collect(),
                };
                exit_report(
                    tx,
                    ctx,
                    messages,
                    (sender, guid, i),
                    &report,
                    &mut verdicts[i],
                )?;
            }
        }
        Message::Departure { departures, .. } => {
            for (i, d) in departures.iter().enumerate() {
                let h = &d.head;
                let report = Report {
                    exit: Exit::Departure,
                    app_type: &h.app_type,
                    ie_flag: "E",
                    bill_no: h.bill_no.as_deref(),
                    logistics_code: &h.logistics_code,
                    lines: d.lists.iter().map(|l| l.logistics_no.as_str()).collect(),
                };
                exit_report(
                    tx,
                    ctx,
                    messages,
                    (sender, guid, i),
                    &report,
                    &mut verdicts[i],
                )?;
            }
        }
        Message::ExportCancel { cancels, .. } => {
            for (i, c) in cancels.iter().enumerate() {
                if verdicts[i].status == ReturnStatus::Stored {
                    verdicts[i] = cancel(tx, ctx, messages, sender, c)?;
                } else if verdicts[i].pre_no.is_none() {
                    verdicts[i].pre_no = Some(platform_pre_no(tx, ctx)?);
                }
            }
        }
        Message::MasterList { way_bills, .. } => {
            for (i, w) in way_bills.iter().enumerate() {
                master_list(tx, ctx, sender, (guid, i, w), &mut verdicts[i])?;
            }
        }
        Message::SummaryApply { applications, .. } => {
            for (i, a) in applications.iter().enumerate() {
                summary(tx, ctx, messages, sender, (guid, i, a), &mut verdicts[i])?;
            }
        }
        _ => {
            return Err(AppError::BadRequest {
                code: "unsupported_message_type",
                message: "this message type is not accepted".into(),
            });
        }
    }
    Ok(())
}

/// A receipt of payment must name an order its e-commerce enterprise declared.
fn receipt_of_payment(
    tx: &Tx<'_>,
    messages: &mut Messages,
    r: &Receipts,
    verdict: &mut Verdict,
) -> Result<(), AppError> {
    if r.app_type == "3" {
        return Ok(());
    }
    let order = latest(tx, messages, "export-order", &r.order_no, |m, e| {
        matches!(m, Message::ExportOrder { orders, .. }
            if orders.get(e).is_some_and(|o| o.head.ebc_code == r.ebc_code))
    })?;
    if order.is_none() {
        verdict.reject(format!(
            "unknown_order no order {} of e-commerce enterprise {} was received (CEB303)",
            r.order_no, r.ebc_code
        ));
    }
    Ok(())
}

/// The officer's result on an export list under control: compliant → accepted (released at
/// once if its goods arrived and departed), else refused. A CEB604 goes to the agent.
pub(super) fn control_result(
    tx: &Tx<'_>,
    ctx: &Ctx,
    officer: &str,
    row: &mut CbecListRow,
    result: &CbecControlResult,
) -> Result<(), AppError> {
    let mut messages = Messages::new(ctx);
    let (message, e) = inventory_of(tx, &mut messages, row)?;
    let Message::ExportInventory {
        envelope,
        inventories,
        ..
    } = &*message
    else {
        unreachable!("inventory_of returns 603 messages only")
    };
    let inv = &inventories[e];
    let payload = serde_json::to_string(result).expect("results serialize");
    let remarks = if result.remarks.trim().is_empty() {
        "no remarks".to_string()
    } else {
        result.remarks.clone()
    };
    if result.compliant {
        let reason = format!("cleared after control by {officer}: {remarks}");
        audit(
            tx,
            ctx,
            (officer, &row.id),
            "control_result",
            (Some("control"), "accepted"),
            Some(&reason),
            Some(&payload),
        )?;
        row.state = "accepted".into();
        if !release_if_exited(tx, ctx, row, (envelope, inv))? {
            push_list_receipt(
                tx,
                ctx,
                (envelope, inv),
                row,
                ReturnStatus::Concluded,
                vec![format!(
                    "{reason}; released once arrival (CEB507) and departure (CEB509) are confirmed"
                )],
            )?;
        }
    } else {
        let reason = format!("control_finding refused after control by {officer}: {remarks}");
        audit(
            tx,
            ctx,
            (officer, &row.id),
            "control_result",
            (Some("control"), "refused"),
            Some(&reason),
            Some(&payload),
        )?;
        row.state = "refused".into();
        push_list_receipt(
            tx,
            ctx,
            (envelope, inv),
            row,
            ReturnStatus::Rejected,
            vec![reason],
        )?;
    }
    row.updated_at = ctx.at_text.clone();
    tx.update_cbec_list(row)?;
    Ok(())
}
