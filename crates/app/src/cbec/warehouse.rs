//! Warehouse entry (CEB711 入库明细单) of imported parcels: the supervision site's operator
//! (`operatorCode`) reports the waybills taken into its warehouse under a bill. Each waybill
//! must be one an import inventory list names (and declared by the entry's logistics
//! enterprise); the entry is recorded against every such list (a `warehouse-entry` document
//! per waybill and an audit event on each list) and answered with a CEB712: 120, or 100 with
//! every reason and nothing recorded.

use super::export::platform_pre_no;
use super::{Ctx, audit};
use crate::AppError;
use chuanyu_ceb::{Delivery, ReturnStatus, Verdict};
use chuanyu_store::{CebDocumentRow, Tx};

/// One `Delivery` of a CEB711.
pub(super) fn receive(
    tx: &Tx<'_>,
    ctx: &Ctx,
    sender: &str,
    (guid, i, d): (&str, usize, &Delivery),
    verdict: &mut Verdict,
) -> Result<(), AppError> {
    verdict.pre_no = Some(platform_pre_no(tx, ctx)?);
    if verdict.status != ReturnStatus::Stored {
        return Ok(());
    }
    let h = &d.head;
    if h.app_type != "1" {
        verdict.reject(format!(
            "report_not_changeable appType {}: a warehouse entry is declared once",
            h.app_type
        ));
    }
    if h.ie_flag != "I" {
        verdict.reject(format!(
            "ie_flag_mismatch a warehouse entry (CEB711) records imported parcels (ieFlag I), not {:?}",
            h.ie_flag
        ));
    }
    let mut waybills: Vec<&str> = d.lists.iter().map(|l| l.logistics_no.as_str()).collect();
    waybills.sort_unstable();
    waybills.dedup();
    let mut found = Vec::new();
    for no in &waybills {
        let lists: Vec<_> = tx
            .cbec_lists_by_logistics_no_for_update("I", no)?
            .into_iter()
            .filter(|row| !matches!(row.state.as_str(), "refused" | "cancelled"))
            .collect();
        if lists.is_empty() {
            verdict.reject(format!(
                "unknown_list no import inventory list names waybill {no} (CEB621)"
            ));
            continue;
        }
        let carried = tx
            .ceb_documents("waybill", no)?
            .iter()
            .any(|doc| doc.sender == h.logistics_code);
        if !carried {
            verdict.reject(format!(
                "waybill_carrier_mismatch waybill {no} was not declared by logistics enterprise {} (CEB511)",
                h.logistics_code
            ));
            continue;
        }
        found.push((no.to_string(), lists));
    }
    if verdict.status != ReturnStatus::Stored {
        return Ok(());
    }
    for (no, lists) in found {
        tx.insert_ceb_document(&CebDocumentRow {
            kind: "warehouse-entry".into(),
            doc_key: no.clone(),
            sender: sender.into(),
            guid: guid.into(),
            entry: i as i64,
            received_at: ctx.at_text.clone(),
        })?;
        for row in lists {
            let why = format!(
                "waybill {no} entered the warehouse of {} ({}) under bill {} (CEB711 {guid}, copNo {})",
                h.operator_code,
                h.operator_name,
                h.bill_no,
                h.cop_no.as_deref().unwrap_or("-")
            );
            audit(
                tx,
                ctx,
                (sender, &row.id),
                "warehouse_entry",
                (Some(&row.state), &row.state),
                Some(&why),
                None,
            )?;
        }
    }
    Ok(())
}
