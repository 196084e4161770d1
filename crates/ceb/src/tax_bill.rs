//! Writers for the messages the platform issues to enterprises on the import side:
//! CEB816 e-tax bill (电子税单, spec 3.17, table 3-59) and CEB818 e-tax bill status
//! (电子税单状态, spec 3.18, table 3-62).
//!
//! Every value is checked against the generated XSD field tables before anything is
//! written: the writers never produce a document the 2022-05 import XSD rejects (same
//! contract as [`crate::receipt_xml`]). The output is read back by [`crate::parse`] as
//! [`crate::Message::TaxBill`] / [`crate::Message::TaxStatus`].

use std::fmt::Write as _;

use quick_xml::escape::escape;
use rust_decimal::Decimal;

use crate::generated::{TaxHeadRd, TaxHeadStatus, TaxListRd};
use crate::model::{MessageType, Tax};
use crate::receipt::ReceiptError;
use crate::schema::{Field, Kind, check_value};
use crate::xml::CEB_NS;

/// Most lines of one e-tax bill (XSD `TaxListRd maxOccurs="99"`).
pub const TAX_BILL_LINES_MAX: usize = 99;

/// `status` of an e-tax bill (税单状态: 1-已生成, 2-已汇总, 3-作废).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaxBillStatus {
    /// 1 已生成 (generated).
    Generated,
    /// 2 已汇总 (summarised into a payment).
    Summarised,
    /// 3 作废 (void).
    Void,
}

impl TaxBillStatus {
    /// The code written to `status`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Generated => "1",
            Self::Summarised => "2",
            Self::Void => "3",
        }
    }

    /// The status for a code (`None` for anything but 1/2/3).
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "1" => Some(Self::Generated),
            "2" => Some(Self::Summarised),
            "3" => Some(Self::Void),
            _ => None,
        }
    }
}

/// One e-tax bill line (`TaxListRd`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxBillLine {
    /// `gnum`: 1, 2, 3 … in order (spec: 从1开始连续序号).
    pub gnum: u32,
    /// `gcode`: the 10-digit customs commodity code (C10).
    pub gcode: String,
    /// `taxPrice` 完税总价格 (N19,5).
    pub tax_price: Decimal,
    /// `customsTax` 应征关税 (N19,5).
    pub customs_tax: Decimal,
    /// `valueAddedTax` 应征增值税 (N19,5).
    pub value_added_tax: Decimal,
    /// `consumptionTax` 应征消费税 (N19,5).
    pub consumption_tax: Decimal,
}

/// One e-tax bill (`Tax`: `TaxHeadRd` + lines), as the platform issues it.
///
/// `order_no` and `logistic_no` are listed in the spec's table 3-59 but are **not**
/// elements of `TaxHeadRd` in the 2022-05 XSD (whose sequence ends at `customsCode`);
/// [`tax_bill_xml`] therefore does not write them (writing them would make the
/// document XSD-invalid). They are carried so callers keep them next to the bill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxBill {
    /// `guid` (C36, digits and upper-case letters); also the root `guid`.
    pub guid: String,
    /// `invtNo` 进境清单编号 (C..18).
    pub invt_no: String,
    /// `taxNo` 电子税单编号 (C..50).
    pub tax_no: String,
    /// `customsTax` 应征关税 (N19,5).
    pub customs_tax: Decimal,
    /// `valueAddedTax` 应征增值税 (N19,5).
    pub value_added_tax: Decimal,
    /// `consumptionTax` 应征消费税 (N19,5).
    pub consumption_tax: Decimal,
    /// `status`.
    pub status: TaxBillStatus,
    /// `entDutyNo` 缴款书编号 (C..50).
    pub ent_duty_no: Option<String>,
    /// `note` (C..1000).
    pub note: Option<String>,
    /// `assureCode` 担保企业代码 (C..64).
    pub assure_code: Option<String>,
    /// `ebcCode` 电商企业代码 (C..64).
    pub ebc_code: Option<String>,
    /// `logisticsCode` 物流企业代码 (C..64).
    pub logistics_code: Option<String>,
    /// `agentCode` 申报单位代码 (C..18).
    pub agent_code: Option<String>,
    /// `customsCode` 申报口岸 (C4).
    pub customs_code: Option<String>,
    /// `orderNo` (spec table 3-59 only; not written, see the type doc).
    pub order_no: Option<String>,
    /// `logisticNo` (spec table 3-59 only; not written, see the type doc).
    pub logistic_no: Option<String>,
    /// Lines (1..[`TAX_BILL_LINES_MAX`]).
    pub lines: Vec<TaxBillLine>,
}

impl TaxBill {
    /// The bill carried by a parsed CEB816 `Tax` (`None` when its `status` is not
    /// 1/2/3). `order_no`/`logistic_no` are `None` (not in the XSD).
    pub fn from_tax(tax: &Tax) -> Option<TaxBill> {
        let h = &tax.head;
        Some(TaxBill {
            guid: h.guid.clone(),
            invt_no: h.invt_no.clone(),
            tax_no: h.tax_no.clone(),
            customs_tax: h.customs_tax,
            value_added_tax: h.value_added_tax,
            consumption_tax: h.consumption_tax,
            status: TaxBillStatus::from_code(&h.status)?,
            ent_duty_no: h.ent_duty_no.clone(),
            note: h.note.clone(),
            assure_code: h.assure_code.clone(),
            ebc_code: h.ebc_code.clone(),
            logistics_code: h.logistics_code.clone(),
            agent_code: h.agent_code.clone(),
            customs_code: h.customs_code.clone(),
            order_no: None,
            logistic_no: None,
            lines: tax
                .lists
                .iter()
                .map(|l| TaxBillLine {
                    gnum: l.gnum,
                    gcode: l.gcode.clone(),
                    tax_price: l.tax_price,
                    customs_tax: l.customs_tax,
                    value_added_tax: l.value_added_tax,
                    consumption_tax: l.consumption_tax,
                })
                .collect(),
        })
    }
}

/// One e-tax bill status change (CEB818 `TaxHeadStatus`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxStatusUpdate {
    /// `guid` (C36); also the root `guid`.
    pub guid: String,
    /// `invtNo` (C..18).
    pub invt_no: String,
    /// `taxNo` (C..50).
    pub tax_no: String,
    /// `status`.
    pub status: TaxBillStatus,
    /// `entDutyNo` (C..50).
    pub ent_duty_no: Option<String>,
    /// `assureCode` (C..64).
    pub assure_code: Option<String>,
}

/// Check one record's values against its field table; `what` prefixes the detail
/// (e.g. `TaxListRd[2]`).
fn check_record(
    fields: &[Field],
    values: &[(&'static str, Option<String>)],
    what: &str,
) -> Result<(), ReceiptError> {
    for (f, (_, value)) in fields.iter().zip(values) {
        match value.as_deref() {
            None | Some("") if f.required => {
                return Err(ReceiptError::MissingField {
                    entry: 0,
                    field: f.name,
                });
            }
            Some(v) if !v.is_empty() => {
                if let Err((code, detail)) = check_value(f.kind, v) {
                    return Err(ReceiptError::InvalidField {
                        entry: 0,
                        field: f.name,
                        detail: format!("{what}: {code}: {detail}"),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_envelope(guid: &str, return_time: &str) -> Result<(), ReceiptError> {
    if check_value(Kind::DateTime(17), return_time).is_err() {
        return Err(ReceiptError::BadReturnTime(return_time.to_owned()));
    }
    if let Err((code, detail)) = check_value(Kind::Guid, guid) {
        return Err(ReceiptError::InvalidField {
            entry: 0,
            field: "guid",
            detail: format!("{code}: {detail}"),
        });
    }
    Ok(())
}

/// Escape element text; a carriage return is written `&#13;` so that a conforming
/// XML parser (which turns a literal CR into LF) reads the value unchanged.
fn text(value: &str) -> String {
    escape(value).replace('\r', "&#13;")
}

fn write_record(out: &mut String, indent: &str, element: &str, values: &[(&str, Option<String>)]) {
    let _ = writeln!(out, "{indent}<ceb:{element}>");
    for (name, value) in values {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            let _ = writeln!(out, "{indent}\t<ceb:{name}>{}</ceb:{name}>", text(value));
        }
    }
    let _ = writeln!(out, "{indent}</ceb:{element}>");
}

fn open_root(out: &mut String, t: MessageType, guid: &str) {
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<ceb:{} guid=\"{}\" version=\"1.0\" xmlns:ceb=\"{CEB_NS}\">",
        t.root_name(),
        escape(guid),
    );
}

/// Write a CEB816 e-tax bill message carrying `bill` (root `guid` = `bill.guid`,
/// `returnTime` = `return_time`, `YYYYMMDDhhmmssSSS`).
///
/// Refused (nothing written) when any value would break the XSD (a 20-character
/// `gcode`, an `N19,5` overflow, a 3-character `customsCode` …), when a required
/// value is empty, when there are no lines or more than [`TAX_BILL_LINES_MAX`], or
/// when the lines' `gnum` are not 1, 2, 3 … (spec). `field` names the XSD element;
/// `detail` names the record (`TaxHeadRd`, `TaxListRd[n]`).
pub fn tax_bill_xml(bill: &TaxBill, return_time: &str) -> Result<String, ReceiptError> {
    check_envelope(&bill.guid, return_time)?;
    let head = TaxHeadRd {
        guid: bill.guid.clone(),
        return_time: return_time.to_owned(),
        invt_no: bill.invt_no.clone(),
        tax_no: bill.tax_no.clone(),
        customs_tax: bill.customs_tax,
        value_added_tax: bill.value_added_tax,
        consumption_tax: bill.consumption_tax,
        status: bill.status.code().to_owned(),
        ent_duty_no: bill.ent_duty_no.clone(),
        note: bill.note.clone(),
        assure_code: bill.assure_code.clone(),
        ebc_code: bill.ebc_code.clone(),
        logistics_code: bill.logistics_code.clone(),
        agent_code: bill.agent_code.clone(),
        customs_code: bill.customs_code.clone(),
    };
    let head_values = head.values();
    check_record(TaxHeadRd::FIELDS, &head_values, "TaxHeadRd")?;
    if bill.lines.is_empty() || bill.lines.len() > TAX_BILL_LINES_MAX {
        return Err(ReceiptError::InvalidField {
            entry: 0,
            field: "TaxListRd",
            detail: format!(
                "{} lines; an e-tax bill has 1..{TAX_BILL_LINES_MAX}",
                bill.lines.len()
            ),
        });
    }
    let mut lines = Vec::with_capacity(bill.lines.len());
    for (i, l) in bill.lines.iter().enumerate() {
        let what = format!("TaxListRd[{}]", i + 1);
        if usize::try_from(l.gnum).ok() != Some(i + 1) {
            return Err(ReceiptError::InvalidField {
                entry: 0,
                field: "gnum",
                detail: format!("{what}: gnum {} where {} is due (1, 2, 3 …)", l.gnum, i + 1),
            });
        }
        let values = TaxListRd {
            gnum: l.gnum,
            gcode: l.gcode.clone(),
            tax_price: l.tax_price,
            customs_tax: l.customs_tax,
            value_added_tax: l.value_added_tax,
            consumption_tax: l.consumption_tax,
        }
        .values();
        check_record(TaxListRd::FIELDS, &values, &what)?;
        lines.push(values);
    }
    let mut out = String::with_capacity(1024 + 256 * lines.len());
    open_root(&mut out, MessageType::Ceb816, &bill.guid);
    out.push_str("\t<ceb:Tax>\n");
    write_record(&mut out, "\t\t", TaxHeadRd::ELEMENT, &head_values);
    for values in &lines {
        write_record(&mut out, "\t\t", TaxListRd::ELEMENT, values);
    }
    out.push_str("\t</ceb:Tax>\n");
    let _ = writeln!(out, "</ceb:{}>", MessageType::Ceb816.root_name());
    Ok(out)
}

/// Write a CEB818 e-tax bill status message carrying `update` (root `guid` =
/// `update.guid`). Refused, like [`tax_bill_xml`], when a value would break the XSD.
pub fn tax_status_xml(update: &TaxStatusUpdate, return_time: &str) -> Result<String, ReceiptError> {
    check_envelope(&update.guid, return_time)?;
    let values = TaxHeadStatus {
        guid: update.guid.clone(),
        return_time: return_time.to_owned(),
        invt_no: update.invt_no.clone(),
        tax_no: update.tax_no.clone(),
        status: update.status.code().to_owned(),
        ent_duty_no: update.ent_duty_no.clone(),
        assure_code: update.assure_code.clone(),
    }
    .values();
    check_record(TaxHeadStatus::FIELDS, &values, "TaxHeadStatus")?;
    let mut out = String::with_capacity(768);
    open_root(&mut out, MessageType::Ceb818, &update.guid);
    out.push_str("\t<ceb:Tax>\n");
    write_record(&mut out, "\t\t", TaxHeadStatus::ELEMENT, &values);
    out.push_str("\t</ceb:Tax>\n");
    let _ = writeln!(out, "</ceb:{}>", MessageType::Ceb818.root_name());
    Ok(out)
}

/// Write a CEB792 summary result (汇总结果单) carrying `results` (root `guid` = `guid`), one
/// `SummaryResult` per goods declaration of the summary. Refused, like [`tax_bill_xml`], when
/// a value would break the XSD (a 17-character `sumNo`, an 11-character `gcode` …), when a
/// required value is empty, or when there is no result or more than 100.
pub fn summary_result_xml(
    guid: &str,
    results: &[crate::export::SummaryResult],
) -> Result<String, ReceiptError> {
    if let Err((code, detail)) = check_value(Kind::Guid, guid) {
        return Err(ReceiptError::InvalidField {
            entry: 0,
            field: "guid",
            detail: format!("{code}: {detail}"),
        });
    }
    if results.is_empty() || results.len() > 100 {
        return Err(ReceiptError::InvalidField {
            entry: 0,
            field: "SummaryResult",
            detail: format!("{} results; a CEB792 carries 1..100", results.len()),
        });
    }
    let mut out = String::with_capacity(1024 * results.len());
    open_root(&mut out, MessageType::Ceb792, guid);
    for (i, r) in results.iter().enumerate() {
        let head = r.head.values();
        check_record(
            crate::generated::SummaryResultHead::FIELDS,
            &head,
            &format!("SummaryResult[{}]/SummaryResultHead", i + 1),
        )?;
        let mut lines = Vec::with_capacity(r.lists.len());
        for (j, l) in r.lists.iter().enumerate() {
            let values = l.values();
            check_record(
                crate::generated::SummaryResultList::FIELDS,
                &values,
                &format!("SummaryResult[{}]/SummaryResultList[{}]", i + 1, j + 1),
            )?;
            lines.push(values);
        }
        out.push_str("\t<ceb:SummaryResult>\n");
        write_record(
            &mut out,
            "\t\t",
            crate::generated::SummaryResultHead::ELEMENT,
            &head,
        );
        for values in &lines {
            write_record(
                &mut out,
                "\t\t",
                crate::generated::SummaryResultList::ELEMENT,
                values,
            );
        }
        out.push_str("\t</ceb:SummaryResult>\n");
    }
    let _ = writeln!(out, "</ceb:{}>", MessageType::Ceb792.root_name());
    Ok(out)
}
