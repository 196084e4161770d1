//! Cancellation (CEB623 撤销申请单) and return (CEB625 退货申请单) of released or pending
//! inventory lists: the list leaves the flow, the buyer's yearly quota is given back and the
//! tax bill is void (its guarantee reservation released).
//!
//! Rules (decided at once, answered with 399 concluded or 100 refused with every reason):
//! - the request names the list by `invtNo` and comes from the agent that declared it;
//! - a cancellation applies to a list that is held, under control or released, and a released
//!   list only within `CBEC_RETURN_WINDOW_DAYS` of its release (after that its tax is due);
//! - a return applies to a released list within `CBEC_RETURN_WINDOW_DAYS` of release and must
//!   return every line in full (a partial return is refused with its own reason);
//! - a parcel its carrier reported delivered (CEB513) can be returned but not cancelled;
//! - a bill already paid by a settlement cannot be voided.

use super::bills::{self, CBEC_RETURN_WINDOW_DAYS};
use super::{Ctx, Messages, audit};
use crate::AppError;
use crate::time::timestamp_text;
use chuanyu_ceb::{Inventory, InvtCancel, InvtRefund, Message, ReturnStatus, Verdict};
use chuanyu_store::{CbecListRow, Tx};
use jiff::{SignedDuration, Timestamp};
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

/// One `InvtRefund` of a CEB625: a whole-list return within the window.
pub(super) fn refund(
    tx: &Tx<'_>,
    ctx: &Ctx,
    messages: &mut Messages,
    sender: &str,
    r: &InvtRefund,
) -> Result<Verdict, AppError> {
    let h = &r.head;
    let mut row = match target(tx, sender, (&h.invt_no, h.pre_no.as_deref()), Kind::Return)? {
        Ok(row) => row,
        Err(verdict) => return Ok(verdict),
    };
    if let Some(reason) = blocked(tx, ctx, &row, Kind::Return)? {
        return Ok(refused(vec![reason], &h.invt_no, &row.pre_no));
    }
    let (message, entry) = inventory_of(tx, messages, &row)?;
    let Message::Inventory { inventories, .. } = &*message else {
        unreachable!("inventory_of returns 621 messages only")
    };
    let inv = &inventories[entry];
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
    for line in &inv.lists {
        match r.lists.iter().find(|l| l.gnum == line.gnum) {
            None => reasons.push(format!(
                "partial_return_unsupported line {} ({}) is not returned; only whole lists can be returned",
                line.gnum, line.gcode
            )),
            Some(l) if l.gcode != line.gcode || l.qty != line.qty => reasons.push(format!(
                "return_line_mismatch line {}: returned {} × {} but the list has {} × {}",
                line.gnum, l.qty, l.gcode, line.qty, line.gcode
            )),
            Some(_) => {}
        }
    }
    for l in &r.lists {
        if !inv.lists.iter().any(|line| line.gnum == l.gnum) {
            reasons.push(format!(
                "item_not_in_list returned line {} is not on inventory list {}",
                l.gnum, h.invt_no
            ));
        }
    }
    if !reasons.is_empty() {
        return Ok(refused(reasons, &h.invt_no, &row.pre_no));
    }
    withdraw(tx, ctx, &mut row, inv, Kind::Return, &h.reason)
}
