//! Tax bills (CEB816) of CBEC inventory lists and their reservation against guarantees.
//!
//! When a list's tax is assessed, its bill is opened and the total is reserved, in the same
//! writer job, against an active guarantee account of the enterprise the list's `assureCode`
//! names (valid on the day, enough free balance; earliest expiry first). No such guarantee →
//! the list is *held* with that reason until a guarantor issues or raises one (then held lists
//! resume in arrival order) or its wait ends (then it is refused and its quota given back).
//! Release puts the CEB816 (status 1, generated) in the sender's inbox and starts the 30-day
//! return window; a refusal, cancellation or return voids the bill (CEB816 status 3) and gives
//! the reservation back; a partial return reduces it and restates it (a new CEB816, status 1,
//! same `taxNo`, each line at its remaining share); the monthly settlement pays matured bills
//! (status 2, summarised, lines as they stand after returns) and releases their reservations.

use super::Ctx;
use crate::AppError;
use chuanyu_ceb::Inventory;
use chuanyu_store::{CbecListRow, TaxBillRow, Tx};
use chuanyu_tariff::TaxQuote;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Days after release within which a list may be returned (625) or cancelled (623); after
/// them its tax becomes payable at the next monthly settlement.
pub const CBEC_RETURN_WINDOW_DAYS: i64 = 30;
/// Decimals of the per-line amounts of a CEB816 (`N19,5`).
const BILL_LINE_DECIMALS: u32 = 5;

/// CEB816 `status`: 1 generated, 2 summarised (settled), 3 void.
pub use chuanyu_ceb::TaxBillStatus as BillStatus;

/// One line of a bill, as the CEB816 body lists it (amounts in CNY).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillLine {
    pub gnum: u32,
    pub gcode: String,
    /// Dutiable value of the line (完税总价格).
    pub tax_price: Decimal,
    pub customs_tax: Decimal,
    pub value_added_tax: Decimal,
    pub consumption_tax: Decimal,
}

/// What the `lines` column holds: the lines and the exchange rate the tax used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillBody {
    pub exchange_rate: Decimal,
    pub lines: Vec<BillLine>,
}

/// Whole fen of an amount already rounded to the fen.
pub fn fen(amount: Decimal) -> i64 {
    let scaled = (amount * Decimal::ONE_HUNDRED).round();
    i64::try_from(scaled.mantissa() / 10i128.pow(scaled.scale())).unwrap_or(i64::MAX)
}

/// CNY text of a fen amount (`12.34`).
pub fn cny(fen: i64) -> Decimal {
    Decimal::new(fen, 2)
}

/// The bill's body from the quote: per line the dutiable value and each tax as the engine
/// computed it before the one consignment rounding, carried to 5 decimals (`N19,5`).
pub fn bill_body(inv: &Inventory, quote: &TaxQuote) -> BillBody {
    let lines = quote
        .items
        .iter()
        .zip(&inv.lists)
        .map(|(item, line)| BillLine {
            gnum: line.gnum,
            gcode: line.gcode.clone(),
            tax_price: item.dutiable_value_cny.round_dp(BILL_LINE_DECIMALS),
            customs_tax: item.duty.amount_unrounded.round_dp(BILL_LINE_DECIMALS),
            value_added_tax: item.vat.amount_unrounded.round_dp(BILL_LINE_DECIMALS),
            consumption_tax: item.consumption_tax.as_ref().map_or(Decimal::ZERO, |c| {
                c.amount_unrounded.round_dp(BILL_LINE_DECIMALS)
            }),
        })
        .collect();
    BillBody {
        exchange_rate: quote.exchange_rate,
        lines,
    }
}

/// Open the bill of a list just assessed and try to reserve its tax. Returns the bill (state
/// `reserved` or `held`) and, when held, why.
pub(super) fn open_bill(
    tx: &Tx<'_>,
    ctx: &Ctx,
    row: &CbecListRow,
    inv: &Inventory,
    quote: &TaxQuote,
) -> Result<(TaxBillRow, Option<String>), AppError> {
    let body = bill_body(inv, quote);
    let invt_no = row.invt_no.clone().unwrap_or_else(|| row.pre_no.clone());
    let mut bill = TaxBillRow {
        list_id: row.id.clone(),
        tax_no: format!("{invt_no}T01"),
        sender: row.sender.clone(),
        assure_code: inv.head.assure_code.clone(),
        guarantee_id: None,
        duty_fen: fen(quote.duty.payable),
        vat_fen: fen(quote.vat.payable),
        consumption_fen: fen(quote.consumption_tax.payable),
        total_fen: fen(quote.total_payable),
        lines: serde_json::to_string(&body).expect("bills serialize"),
        state: "held".into(),
        released_at: None,
        settlement_id: None,
        created_at: ctx.at_text.clone(),
        updated_at: ctx.at_text.clone(),
    };
    let held = reserve(tx, ctx, &mut bill)?;
    tx.insert_tax_bill(&bill)?;
    Ok((bill, held))
}

/// Reserve a held bill's total on a guarantee: `None` when reserved (or nothing is due),
/// else why not. Updates `bill` in memory only.
pub(super) fn reserve(
    tx: &Tx<'_>,
    ctx: &Ctx,
    bill: &mut TaxBillRow,
) -> Result<Option<String>, AppError> {
    if bill.total_fen == 0 {
        bill.state = "reserved".into();
        return Ok(None);
    }
    let date = crate::time::china_date(ctx.at).to_string();
    match tx.reserve_guarantee(&bill.assure_code, &date, bill.total_fen, &ctx.at_text)? {
        Some(id) => {
            bill.guarantee_id = Some(id);
            bill.state = "reserved".into();
            bill.updated_at = ctx.at_text.clone();
            Ok(None)
        }
        None => {
            let free: Vec<String> = tx
                .guarantees(Some(&bill.assure_code))?
                .into_iter()
                .filter(|g| g.principal == bill.assure_code)
                .map(|g| {
                    let usable = g.status == "active"
                        && g.valid_from.as_str() <= date.as_str()
                        && date.as_str() <= g.valid_to.as_str();
                    format!(
                        "{} {} CNY free{}",
                        g.id,
                        cny(g.amount_fen - g.reserved_fen),
                        if usable {
                            String::new()
                        } else {
                            format!(
                                " (not usable on {date}: {} {}..{})",
                                g.status, g.valid_from, g.valid_to
                            )
                        }
                    )
                })
                .collect();
            Ok(Some(format!(
                "guarantee_insufficient no active guarantee of assureCode {} valid on {date} has {} CNY free for tax bill {}{}",
                bill.assure_code,
                cny(bill.total_fen),
                bill.tax_no,
                if free.is_empty() {
                    " (the enterprise has no guarantee account)".to_string()
                } else {
                    format!(" ({})", free.join("; "))
                }
            )))
        }
    }
}

/// The CEB816 e-tax bill of a list in a status, as the spec's XML.
pub(super) fn bill_xml(
    ctx: &Ctx,
    bill: &TaxBillRow,
    row: &CbecListRow,
    inv: &Inventory,
    status: BillStatus,
    note: Option<String>,
) -> Result<String, AppError> {
    let body: BillBody = serde_json::from_str(&bill.lines).map_err(|e| {
        chuanyu_store::StoreError::Corrupt(format!("tax bill {}: lines: {e}", bill.tax_no))
    })?;
    let h = &inv.head;
    let tax_bill = chuanyu_ceb::TaxBill {
        guid: uuid::Uuid::now_v7().to_string().to_uppercase(),
        invt_no: row.invt_no.clone().unwrap_or_else(|| row.pre_no.clone()),
        tax_no: bill.tax_no.clone(),
        customs_tax: cny(bill.duty_fen),
        value_added_tax: cny(bill.vat_fen),
        consumption_tax: cny(bill.consumption_fen),
        status,
        ent_duty_no: None,
        note,
        assure_code: Some(bill.assure_code.clone()),
        ebc_code: Some(h.ebc_code.clone()),
        logistics_code: Some(h.logistics_code.clone()),
        agent_code: Some(h.agent_code.clone()),
        customs_code: Some(h.customs_code.clone()),
        order_no: Some(h.order_no.clone()),
        logistic_no: Some(h.logistics_no.clone()),
        lines: body
            .lines
            .iter()
            .map(|l| chuanyu_ceb::TaxBillLine {
                gnum: l.gnum,
                gcode: l.gcode.clone(),
                tax_price: l.tax_price,
                customs_tax: l.customs_tax,
                value_added_tax: l.value_added_tax,
                consumption_tax: l.consumption_tax,
            })
            .collect(),
    };
    chuanyu_ceb::tax_bill_xml(&tax_bill, &ctx.return_time).map_err(|e| AppError::BadRequest {
        code: "receipt_unwritable",
        message: format!("the tax bill cannot be written: {e}"),
    })
}

/// What is left of list line `gnum` after returns, as a share of its declared quantity
/// (`(declared − returned) / declared`, exact; 0 for a line not on the list or declared as 0).
pub(super) fn remaining_share(
    inv: &Inventory,
    returned: &std::collections::BTreeMap<u32, Decimal>,
    gnum: u32,
) -> Decimal {
    let declared = inv
        .lists
        .iter()
        .find(|l| l.gnum == gnum)
        .map_or(Decimal::ZERO, |l| l.qty);
    if declared.is_zero() {
        return Decimal::ZERO;
    }
    (declared - returned.get(&gnum).copied().unwrap_or_default()) / declared
}

/// [`bill_xml`] of a bill whose list was partly returned: each line carries its share of what
/// is left of it (`returned`: the quantity returned so far per `gnum`), to 5 decimals; the
/// head amounts are the bill's own (already reduced, to the fen).
pub(super) fn bill_xml_left(
    ctx: &Ctx,
    bill: &TaxBillRow,
    row: &CbecListRow,
    inv: &Inventory,
    returned: &std::collections::BTreeMap<u32, Decimal>,
    status: BillStatus,
    note: Option<String>,
) -> Result<String, AppError> {
    if returned.is_empty() {
        return bill_xml(ctx, bill, row, inv, status, note);
    }
    let mut body: BillBody = serde_json::from_str(&bill.lines).map_err(|e| {
        chuanyu_store::StoreError::Corrupt(format!("tax bill {}: lines: {e}", bill.tax_no))
    })?;
    for line in &mut body.lines {
        let left = remaining_share(inv, returned, line.gnum);
        for amount in [
            &mut line.tax_price,
            &mut line.customs_tax,
            &mut line.value_added_tax,
            &mut line.consumption_tax,
        ] {
            *amount = (*amount * left).round_dp(BILL_LINE_DECIMALS);
        }
    }
    let restated = TaxBillRow {
        lines: serde_json::to_string(&body).expect("bill lines serialize"),
        ..bill.clone()
    };
    bill_xml(ctx, &restated, row, inv, status, note)
}

/// The list was released: its bill starts the return window, the CEB816 goes to the inbox.
pub(super) fn release_bill(
    tx: &Tx<'_>,
    ctx: &Ctx,
    row: &CbecListRow,
    inv: &Inventory,
) -> Result<(), AppError> {
    let Some(mut bill) = tx.tax_bill(&row.id)? else {
        return Ok(());
    };
    bill.released_at = Some(ctx.at_text.clone());
    bill.updated_at = ctx.at_text.clone();
    tx.update_tax_bill(&bill)?;
    let xml = bill_xml(ctx, &bill, row, inv, BillStatus::Generated, None)?;
    tx.push_ceb_receipt(&bill.sender, "CEB816", Some(&row.id), &xml, &ctx.at_text)?;
    Ok(())
}

/// The list was refused, cancelled or returned: the bill is void, the reservation given back,
/// and (if the bill had been issued) a CEB816 with status 3 goes to the inbox.
pub(super) fn void_bill(
    tx: &Tx<'_>,
    ctx: &Ctx,
    row: &CbecListRow,
    inv: &Inventory,
    why: &str,
) -> Result<(), AppError> {
    let Some(mut bill) = tx.tax_bill(&row.id)? else {
        return Ok(());
    };
    if bill.state == "void" {
        return Ok(());
    }
    if bill.state == "settled" {
        return Err(AppError::Conflict {
            code: "tax_bill_settled",
            message: format!("tax bill {} was already paid by a settlement", bill.tax_no),
        });
    }
    if bill.state == "reserved"
        && let Some(id) = &bill.guarantee_id
    {
        tx.release_guarantee(id, bill.total_fen, &ctx.at_text)?;
    }
    let issued = bill.released_at.is_some();
    bill.state = "void".into();
    bill.updated_at = ctx.at_text.clone();
    tx.update_tax_bill(&bill)?;
    if issued {
        let xml = bill_xml(
            ctx,
            &bill,
            row,
            inv,
            BillStatus::Void,
            Some(why.to_string()),
        )?;
        tx.push_ceb_receipt(&bill.sender, "CEB816", Some(&row.id), &xml, &ctx.at_text)?;
    }
    Ok(())
}
