//! Cancellation (CEB623 撤销申请单) and return (CEB625 退货申请单) of released or pending
//! inventory lists: the list leaves the flow, the buyer's yearly quota is given back and the
//! tax bill is void (its guarantee reservation released).
//!
//! Rules (decided at once, answered with 399 concluded or 100 refused with every reason):
//! - the request names the list by `invtNo` and comes from the agent that declared it;
//! - a cancellation applies to a list that is held, under control or released, and a released
//!   list only within `CBEC_RETURN_WINDOW_DAYS` of its release (after that its tax is due);
//! - a return applies to a released list within `CBEC_RETURN_WINDOW_DAYS` of release and may
//!   return part of it: its lines name the list's lines by `gnum` (same `gcode`) with a
//!   quantity above 0 and at most what is left of the line after earlier returns (else
//!   `return_exceeds_remaining`). A partial return gives back exactly the returned part of the
//!   buyer's yearly quota (0.0001 CNY) and of the tax bill and its guarantee reservation (fen):
//!   what remains is recomputed from the remaining quantities (each line's dutiable value and
//!   taxes on the bill, times remaining / declared, rounded as the bill was), never more than
//!   before, and what is given back is the difference — so the returns of a list add up to
//!   exactly what it counted. The last return of a list is a whole return (state `returned`,
//!   the bill void);
//! - a parcel its carrier reported delivered (CEB513) can be returned but not cancelled;
//! - a bill already paid by a settlement cannot be voided.

use super::bills::{self, CBEC_RETURN_WINDOW_DAYS};
use super::{Ctx, Messages, audit};
use crate::AppError;
use crate::time::timestamp_text;
use chuanyu_ceb::{Inventory, InvtCancel, InvtRefund, Message, ReturnStatus, Verdict};
use chuanyu_store::{CbecListReturnRow, CbecListRow, Tx};
use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the request asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Cancel,
    Return,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Cancel => "cancellation",
            Kind::Return => "return",
        }
    }
    fn state(self) -> &'static str {
        match self {
            Kind::Cancel => "cancelled",
            Kind::Return => "returned",
        }
    }
}

fn refused(reasons: Vec<String>, invt_no: &str, pre_no: &str) -> Verdict {
    Verdict {
        status: ReturnStatus::Rejected,
        reasons,
        pre_no: Some(pre_no.to_string()),
        invt_no: Some(invt_no.to_string()),
    }
}

/// The end of a released list's return window.
fn window_end(released_at: &str) -> Option<Timestamp> {
    let at: Timestamp = released_at.parse().ok()?;
    at.checked_add(SignedDuration::from_hours(24 * CBEC_RETURN_WINDOW_DAYS))
        .ok()
}

/// The list a request names, if the sender may withdraw it; else the refusal.
fn target(
    tx: &Tx<'_>,
    sender: &str,
    (invt_no, pre_no): (&str, Option<&str>),
    kind: Kind,
) -> Result<Result<CbecListRow, Verdict>, AppError> {
    let Some(row) = tx.cbec_list_by_invt_no_for_update(invt_no)? else {
        let reason = format!("no inventory list is numbered {invt_no:?}");
        // The receipt must echo an 18-character preNo (XSD): without one, refuse the message.
        return match pre_no {
            Some(pre_no) if pre_no.len() == 18 => Ok(Err(refused(
                vec![format!("unknown_invt_no {reason}")],
                invt_no,
                pre_no,
            ))),
            _ => Err(AppError::BadRequest {
                code: "unknown_invt_no",
                message: format!("the {} names an unknown list: {reason}", kind.noun()),
            }),
        };
    };
    if row.ie_flag != "I" {
        return Ok(Err(refused(
            vec![format!(
                "not_import_list inventory list {invt_no} is an export list; cancel it with CEB605"
            )],
            invt_no,
            &row.pre_no,
        )));
    }
    if row.sender != sender {
        return Ok(Err(refused(
            vec![format!(
                "not_list_sender inventory list {invt_no} was declared by another agent"
            )],
            invt_no,
            &row.pre_no,
        )));
    }
    let allowed = match kind {
        Kind::Cancel => matches!(row.state.as_str(), "held" | "control" | "released"),
        Kind::Return => row.state == "released",
    };
    if !allowed {
        return Ok(Err(refused(
            vec![format!(
                "transition_not_allowed inventory list {invt_no} is {}; a {} applies to {}",
                row.state,
                kind.noun(),
                match kind {
                    Kind::Cancel => "held, controlled or released lists",
                    Kind::Return => "released lists",
                }
            )],
            invt_no,
            &row.pre_no,
        )));
    }
    Ok(Ok(row))
}

/// Check the return window and the bill of a list; `Some(reason)` refuses.
fn blocked(
    tx: &Tx<'_>,
    ctx: &Ctx,
    row: &CbecListRow,
    kind: Kind,
) -> Result<Option<String>, AppError> {
    let bill = tx.tax_bill(&row.id)?;
    if let Some(b) = &bill
        && b.state == "settled"
    {
        return Ok(Some(format!(
            "tax_bill_settled tax bill {} was paid by settlement {}; the list can no longer be withdrawn",
            b.tax_no,
            b.settlement_id.as_deref().unwrap_or("-")
        )));
    }
    if kind == Kind::Cancel && !tx.ceb_documents("delivered", &row.logistics_no)?.is_empty() {
        return Ok(Some(format!(
            "parcel_delivered waybill {} was reported signed for (CEB513); a delivered parcel is returned (CEB625), not cancelled",
            row.logistics_no
        )));
    }
    if row.state == "released" {
        let released = bill.as_ref().and_then(|b| b.released_at.clone());
        let end = released.as_deref().and_then(window_end);
        match end {
            Some(end) if ctx.at <= end => {}
            Some(end) => {
                return Ok(Some(format!(
                    "{}_period_expired inventory list {} was released at {}; a {} is possible until {} ({CBEC_RETURN_WINDOW_DAYS} days)",
                    match kind {
                        Kind::Cancel => "cancellation",
                        Kind::Return => "return",
                    },
                    row.invt_no.as_deref().unwrap_or(""),
                    released.as_deref().unwrap_or(""),
                    kind.noun(),
                    timestamp_text(end)
                )));
            }
            None => {
                return Err(chuanyu_store::StoreError::Corrupt(format!(
                    "released list {} has no release time on its tax bill",
                    row.id
                ))
                .into());
            }
        }
    }
    Ok(None)
}

/// The 621 entry a list came from.
fn inventory_of(
    tx: &Tx<'_>,
    messages: &mut Messages,
    row: &CbecListRow,
) -> Result<(Arc<Message>, usize), AppError> {
    let message = messages.get(tx, &row.sender, &row.guid)?;
    match &*message {
        Message::Inventory { inventories, .. } if (row.entry as usize) < inventories.len() => {
            Ok((message.clone(), row.entry as usize))
        }
        _ => Err(chuanyu_store::StoreError::Corrupt(format!(
            "list {}: its 621 entry is gone",
            row.id
        ))
        .into()),
    }
}

/// Withdraw the list: state, quota, bill, audit. Returns the 399 verdict.
fn withdraw(
    tx: &Tx<'_>,
    ctx: &Ctx,
    row: &mut CbecListRow,
    inv: &Inventory,
    kind: Kind,
    reason: &str,
) -> Result<Verdict, AppError> {
    let from = row.state.clone();
    let mut done = vec![format!(
        "inventory list {} {}: {reason}",
        row.invt_no.as_deref().unwrap_or(""),
        kind.state()
    )];
    if let (Some(year), Some(units)) = (row.quota_year, row.quota_units) {
        tx.cbec_quota_release(&row.buyer_id, year, units)?;
        done.push(format!(
            "{} CNY given back to buyer {}'s {year} quota",
            rust_decimal::Decimal::new(units, 4),
            row.buyer_id
        ));
        row.quota_units = Some(0);
    }
    if let Some(b) = tx.tax_bill(&row.id)? {
        done.push(format!(
            "tax bill {} of {} CNY void",
            b.tax_no,
            bills::cny(b.total_fen)
        ));
    }
    bills::void_bill(tx, ctx, row, inv, &done.join("; "))?;
    row.state = kind.state().into();
    row.updated_at = ctx.at_text.clone();
    tx.update_cbec_list(row)?;
    audit(
        tx,
        ctx,
        (&row.sender.clone(), &row.id),
        match kind {
            Kind::Cancel => "cancel",
            Kind::Return => "return",
        },
        (Some(&from), kind.state()),
        Some(&done.join("; ")),
        None,
    )?;
    Ok(Verdict {
        status: ReturnStatus::Concluded,
        reasons: done,
        pre_no: Some(row.pre_no.clone()),
        invt_no: row.invt_no.clone(),
    })
}

/// One `InvtCancel` of a CEB623.
pub(super) fn cancel(
    tx: &Tx<'_>,
    ctx: &Ctx,
    messages: &mut Messages,
    sender: &str,
    c: &InvtCancel,
) -> Result<Verdict, AppError> {
    let mut row = match target(tx, sender, (&c.invt_no, c.pre_no.as_deref()), Kind::Cancel)? {
        Ok(row) => row,
        Err(verdict) => return Ok(verdict),
    };
    if let Some(reason) = blocked(tx, ctx, &row, Kind::Cancel)? {
        return Ok(refused(vec![reason], &c.invt_no, &row.pre_no));
    }
    let (message, entry) = inventory_of(tx, messages, &row)?;
    let Message::Inventory { inventories, .. } = &*message else {
        unreachable!("inventory_of returns 621 messages only")
    };
    let mut reasons = Vec::new();
    let h = &inventories[entry].head;
    if c.order_no != h.order_no {
        reasons.push(format!(
            "order_no_mismatch the cancellation names order {:?}, the list order {:?}",
            c.order_no, h.order_no
        ));
    }
    if c.buyer_id_number != h.buyer_id_number {
        reasons.push(format!(
            "buyer_id_mismatch the cancellation names buyer {:?}, the list buyer {:?}",
            c.buyer_id_number, h.buyer_id_number
        ));
    }
    if !reasons.is_empty() {
        return Ok(refused(reasons, &c.invt_no, &row.pre_no));
    }
    withdraw(
        tx,
        ctx,
        &mut row,
        &inventories[entry],
        Kind::Cancel,
        &c.reason,
    )
}

/// One returned line of a 625, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ReturnedLine {
    gnum: u32,
    qty: Decimal,
}

/// The quantity returned so far of each line of list `list_id`, from its recorded returns.
fn returned_quantities(
    list_id: &str,
    returns: &[CbecListReturnRow],
) -> Result<BTreeMap<u32, Decimal>, AppError> {
    let mut returned: BTreeMap<u32, Decimal> = BTreeMap::new();
    for ret in returns {
        let lines: Vec<ReturnedLine> = serde_json::from_str(&ret.lines).map_err(|e| {
            chuanyu_store::StoreError::Corrupt(format!("return {} of list {list_id}: {e}", ret.seq))
        })?;
        for l in lines {
            *returned.entry(l.gnum).or_default() += l.qty;
        }
    }
    Ok(returned)
}

/// [`returned_quantities`] of a list, read from the store.
pub(super) fn returned_so_far(
    tx: &Tx<'_>,
    list_id: &str,
) -> Result<BTreeMap<u32, Decimal>, AppError> {
    returned_quantities(list_id, &tx.cbec_list_returns(list_id)?)
}

/// What is left of an amount once lines are partly returned: `full` while nothing is returned,
/// 0 once everything is, else `computed` — never more than `before`.
fn remaining(full: i64, before: i64, computed: i64, nothing: bool, everything: bool) -> i64 {
    if everything {
        0
    } else if nothing {
        full
    } else {
        computed.clamp(0, before)
    }
}

/// One `InvtRefund` of a CEB625: a whole or partial return within the window.
pub(super) fn refund(
    tx: &Tx<'_>,
    ctx: &Ctx,
    messages: &mut Messages,
    sender: &str,
    (entry, r): (usize, &InvtRefund),
) -> Result<Verdict, AppError> {
    let h = &r.head;
    let mut row = match target(tx, sender, (&h.invt_no, h.pre_no.as_deref()), Kind::Return)? {
        Ok(row) => row,
        Err(verdict) => return Ok(verdict),
    };
    if let Some(reason) = blocked(tx, ctx, &row, Kind::Return)? {
        return Ok(refused(vec![reason], &h.invt_no, &row.pre_no));
    }
    let (message, e) = inventory_of(tx, messages, &row)?;
    let Message::Inventory { inventories, .. } = &*message else {
        unreachable!("inventory_of returns 621 messages only")
    };
    let inv = &inventories[e];
    let mut reasons = Vec::new();
    if h.order_no != inv.head.order_no {
        reasons.push(format!(
            "order_no_mismatch the return names order {:?}, the list order {:?}",
            h.order_no, inv.head.order_no
        ));
    }
    if h.buyer_id_number != inv.head.buyer_id_number {
        reasons.push(format!(
            "buyer_id_mismatch the return names buyer {:?}, the list buyer {:?}",
            h.buyer_id_number, inv.head.buyer_id_number
        ));
    }
    // What earlier returns took back, per line.
    let earlier = tx.cbec_list_returns(&row.id)?;
    let mut returned = returned_quantities(&row.id, &earlier)?;
    let mut now_lines = Vec::new();
    for l in &r.lists {
        let Some(line) = inv.lists.iter().find(|line| line.gnum == l.gnum) else {
            reasons.push(format!(
                "item_not_in_list returned line {} is not on inventory list {}",
                l.gnum, h.invt_no
            ));
            continue;
        };
        if now_lines.iter().any(|x: &ReturnedLine| x.gnum == l.gnum) {
            reasons.push(format!(
                "duplicate_line line {} is returned twice in one request",
                l.gnum
            ));
            continue;
        }
        if l.gcode != line.gcode {
            reasons.push(format!(
                "return_line_mismatch line {}: returned {} but the list line is {}",
                line.gnum, l.gcode, line.gcode
            ));
            continue;
        }
        let before = returned.get(&l.gnum).copied().unwrap_or_default();
        let left = line.qty - before;
        if l.qty <= Decimal::ZERO {
            reasons.push(format!(
                "non_positive_quantity line {}: a return takes back more than 0 (got {})",
                l.gnum, l.qty
            ));
        } else if l.qty > left {
            reasons.push(format!(
                "return_exceeds_remaining line {} ({}): returning {} but {left} of the {} declared remain ({before} already returned)",
                l.gnum, line.gcode, l.qty, line.qty
            ));
        } else {
            now_lines.push(ReturnedLine {
                gnum: l.gnum,
                qty: l.qty,
            });
        }
    }
    if !reasons.is_empty() {
        return Ok(refused(reasons, &h.invt_no, &row.pre_no));
    }
    for l in &now_lines {
        *returned.entry(l.gnum).or_default() += l.qty;
    }
    let everything = inv
        .lists
        .iter()
        .all(|line| returned.get(&line.gnum).copied().unwrap_or_default() >= line.qty);
    let mut bill = tx.tax_bill(&row.id)?.filter(|b| b.state == "reserved");
    let (units_before, fen_before) = (
        row.quota_units.unwrap_or(0),
        bill.as_ref().map_or(0, |b| b.total_fen),
    );
    // The remaining share of each line (remaining / declared), exact decimals.
    let share = |gnum: u32| bills::remaining_share(inv, &returned, gnum);
    let (units_after, taxes_after) = match &bill {
        Some(b) => {
            let body: bills::BillBody = serde_json::from_str(&b.lines).map_err(|e| {
                chuanyu_store::StoreError::Corrupt(format!("tax bill {}: lines: {e}", b.tax_no))
            })?;
            let mut value = Decimal::ZERO;
            let (mut duty, mut vat, mut consumption) =
                (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
            for bl in &body.lines {
                let f = share(bl.gnum);
                value += bl.tax_price * f;
                duty += bl.customs_tax * f;
                vat += bl.value_added_tax * f;
                consumption += bl.consumption_tax * f;
            }
            let fen = |d: Decimal| bills::fen(chuanyu_tariff::round_fen(d));
            let left =
                |full: i64, computed: i64| remaining(full, full, computed, false, everything);
            (
                super::to_units(value),
                Some((
                    left(b.duty_fen, fen(duty)),
                    left(b.vat_fen, fen(vat)),
                    left(b.consumption_fen, fen(consumption)),
                )),
            )
        }
        None => {
            // No bill to read the dutiable values from: the quota by the lines' value.
            let total: Decimal = inv.lists.iter().map(|l| l.total_price).sum();
            let kept: Decimal = inv
                .lists
                .iter()
                .map(|l| l.total_price * share(l.gnum))
                .sum();
            let units = if total.is_zero() {
                0
            } else {
                super::to_units(Decimal::new(units_before, 4) * kept / total)
            };
            (units, None)
        }
    };
    let units_after = remaining(units_before, units_before, units_after, false, everything);
    let units_back = units_before - units_after;
    let fen_after = taxes_after.map_or(0, |(d, v, c)| d + v + c);
    let fen_back = (fen_before - fen_after).max(0);
    let seq = earlier.last().map_or(1, |r| r.seq + 1);
    tx.insert_cbec_list_return(&CbecListReturnRow {
        list_id: row.id.clone(),
        seq,
        sender: sender.into(),
        guid: h.guid.clone(),
        entry: entry as i64,
        lines: serde_json::to_string(&now_lines).expect("lines serialize"),
        quota_units: units_back,
        tax_fen: fen_back,
        created_at: ctx.at_text.clone(),
    })?;
    if everything {
        return withdraw(tx, ctx, &mut row, inv, Kind::Return, &h.reason);
    }

    // A partial return: the list stays released with what remains.
    let lines_text: Vec<String> = now_lines
        .iter()
        .map(|l| {
            let gcode = inv
                .lists
                .iter()
                .find(|x| x.gnum == l.gnum)
                .map_or("", |x| x.gcode.as_str());
            format!("line {} {} × {gcode}", l.gnum, l.qty)
        })
        .collect();
    let mut done = vec![format!(
        "inventory list {} partly returned ({}): {}",
        row.invt_no.as_deref().unwrap_or(""),
        lines_text.join(", "),
        h.reason
    )];
    if let Some(year) = row.quota_year {
        tx.cbec_quota_release(&row.buyer_id, year, units_back)?;
        row.quota_units = Some(units_after);
        done.push(format!(
            "{} CNY given back to buyer {}'s {year} quota ({} CNY still counted)",
            Decimal::new(units_back, 4),
            row.buyer_id,
            Decimal::new(units_after, 4)
        ));
    }
    if let (Some(b), Some((duty, vat, consumption))) = (bill.as_mut(), taxes_after) {
        if let Some(id) = &b.guarantee_id
            && fen_back > 0
        {
            tx.release_guarantee(id, fen_back, &ctx.at_text)?;
        }
        done.push(format!(
            "tax bill {} reduced by {} CNY to {} CNY (its guarantee reservation with it)",
            b.tax_no,
            bills::cny(fen_back),
            bills::cny(fen_after)
        ));
        b.duty_fen = duty;
        b.vat_fen = vat;
        b.consumption_fen = consumption;
        b.total_fen = fen_after;
        b.updated_at = ctx.at_text.clone();
        tx.reduce_tax_bill(b)?;
        row.tax_total = Some(bills::cny(fen_after).to_string());
        // The bill as it now stands goes to the declarant: a CEB816 (status 1) with the
        // reduced amounts and each line's share of what is left of it.
        if b.released_at.is_some() {
            let note = format!(
                "restated after the partial return {} ({}): {} CNY less",
                h.guid,
                lines_text.join(", "),
                bills::cny(fen_back)
            );
            let xml = bills::bill_xml_left(
                ctx,
                b,
                &row,
                inv,
                &returned,
                bills::BillStatus::Generated,
                Some(note),
            )?;
            tx.push_ceb_receipt(&b.sender, "CEB816", Some(&row.id), &xml, &ctx.at_text)?;
        }
    }
    row.updated_at = ctx.at_text.clone();
    tx.update_cbec_list(&row)?;
    audit(
        tx,
        ctx,
        (&row.sender.clone(), &row.id),
        "return_part",
        (Some("released"), "released"),
        Some(&done.join("; ")),
        Some(&serde_json::json!({ "lines": now_lines, "quota_units": units_back, "tax_fen": fen_back }).to_string()),
    )?;
    Ok(Verdict {
        status: ReturnStatus::Concluded,
        reasons: done,
        pre_no: Some(row.pre_no.clone()),
        invt_no: row.invt_no.clone(),
    })
}
