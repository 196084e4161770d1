//! Receipts (回执): CEB312/412/512/622/624/626 XML answering a parsed message, one
//! record per business entry, elements in XSD order (taken from the generated tables).

use std::fmt::Write as _;

use quick_xml::escape::escape;

use crate::error::Finding;
use crate::generated::{
    ArrivalReturn, DepartureReturn, ExportInventoryReturn, ExportInvtCancelReturn,
    ExportLogisticsReturn, ExportOrderReturn, InvtRefundDetailReturn, ReceiptsReturn, RefundReturn,
    SummaryReturn, WayBillReturn,
};
use crate::generated::{
    DeliveryReturn, InventoryReturn, InvtCancelReturn, InvtRefundReturn, LogisticsReturn,
    LogisticsStatusReturn, OrderReturn, PaymentReturn,
};
use crate::model::{Message, MessageType};
use crate::schema::{Field, Kind, check_value};
use crate::xml::CEB_NS;

/// One receipt record: element name, field table, values in XSD order.
type Record = (
    &'static str,
    &'static [Field],
    Vec<(&'static str, Option<String>)>,
);

/// Longest `returnInfo` (XSD maxLength, characters).
pub const RETURN_INFO_CHARS_MAX: usize = 1000;

/// `returnStatus` values of the import receipts (spec 3.2/3.4/3.6/3.10 …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReturnStatus {
    /// 1 电子口岸已暂存 (stored as draft).
    Draft,
    /// 2 电子口岸申报中 (being declared).
    Declaring,
    /// 3 发送海关成功 (sent to customs).
    SentToCustoms,
    /// 4 发送海关失败 (sending to customs failed).
    SendFailed,
    /// 100 海关退单 (rejected by customs).
    Rejected,
    /// 120 海关入库 (accepted into the customs system).
    Stored,
    /// 300 人工审核 (manual review; lists only).
    ManualReview,
    /// 399 海关审结 (concluded).
    Concluded,
    /// 500 海关查验 (customs inspection; lists only).
    Inspection,
    /// 800 放行 (released; lists only).
    Released,
    /// A negative code: processing error (the spec's "小于0数字表示处理异常回执").
    ProcessingError(i32),
}

impl ReturnStatus {
    /// The code written to `returnStatus`.
    pub fn code(self) -> String {
        match self {
            Self::Draft => "1".into(),
            Self::Declaring => "2".into(),
            Self::SentToCustoms => "3".into(),
            Self::SendFailed => "4".into(),
            Self::Rejected => "100".into(),
            Self::Stored => "120".into(),
            Self::ManualReview => "300".into(),
            Self::Concluded => "399".into(),
            Self::Inspection => "500".into(),
            Self::Released => "800".into(),
            Self::ProcessingError(n) => (-(i64::from(n).abs())).to_string(),
        }
    }
}

/// The answer for one business entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// `returnStatus`.
    pub status: ReturnStatus,
    /// Every reason, written to `returnInfo` (empty: the success text is written).
    pub reasons: Vec<String>,
    /// `preNo` (C18) for CEB622/624/626; defaults to the list's own `preNo`.
    pub pre_no: Option<String>,
    /// `invtNo` (C18) for CEB622/624/626/604/606; defaults to the request's own `invtNo`
    /// when that has the 18 characters the receipt requires (else omitted). For a CEB702 it
    /// carries the `sumNo` customs gave the summary application (else the request's own).
    pub invt_no: Option<String>,
}

impl Verdict {
    /// Accepted (`120` 海关入库), no reasons.
    pub fn accepted() -> Self {
        Verdict {
            status: ReturnStatus::Stored,
            reasons: Vec::new(),
            pre_no: None,
            invt_no: None,
        }
    }

    /// Add a reason and mark the entry rejected (`100` 海关退单).
    pub fn reject(&mut self, reason: impl Into<String>) {
        self.status = ReturnStatus::Rejected;
        self.reasons.push(reason.into());
    }
}

/// One verdict per entry of `message`: rejected with every finding that concerns
/// the entry (or the whole message), accepted otherwise.
pub fn verdicts(message: &Message, findings: &[Finding]) -> Vec<Verdict> {
    (0..message.entry_count())
        .map(|i| {
            let mut v = Verdict::accepted();
            for f in findings.iter().filter(|f| f.entry.is_none_or(|e| e == i)) {
                v.reject(format!("{} {}: {}", f.code, f.path, f.detail));
            }
            v
        })
        .collect()
}

/// Why a receipt could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    /// The message is itself a receipt.
    #[error("{0:?} is a receipt; receipts are not answered")]
    NotAnswerable(MessageType),
    /// Not one verdict per entry.
    #[error("{got} verdicts for {expected} entries")]
    VerdictCount {
        /// Entries in the message.
        expected: usize,
        /// Verdicts given.
        got: usize,
    },
    /// `returnTime` is not `YYYYMMDDhhmmssSSS`.
    #[error("returnTime {0:?} is not YYYYMMDDhhmmssSSS")]
    BadReturnTime(String),
    /// A field the receipt requires has no value (e.g. `copNo`, `preNo` of a list).
    #[error("entry {entry}: receipt field {field} has no value")]
    MissingField {
        /// 0-based entry.
        entry: usize,
        /// XSD field name.
        field: &'static str,
    },
    /// A value would break the receipt's XSD (e.g. a 17-character `preNo`); the
    /// receipt is never written invalid.
    #[error("entry {entry}: receipt field {field}: {detail}")]
    InvalidField {
        /// 0-based entry.
        entry: usize,
        /// XSD field name.
        field: &'static str,
        /// Why.
        detail: String,
    },
}

fn app_type_text(app_type: &str) -> &'static str {
    match app_type {
        "2" => "变更申报成功",
        "3" => "删除申报成功",
        _ => "新增申报成功",
    }
}

/// `returnInfo`: the success text, or every reason joined by `; `, cut to
/// [`RETURN_INFO_CHARS_MAX`] characters with a count of what was left out.
fn return_info(v: &Verdict, success: &str, guid: &str) -> String {
    if v.reasons.is_empty() {
        return format!("{success}[{guid}]");
    }
    let mut out = String::new();
    let mut chars = 0;
    for (i, r) in v.reasons.iter().enumerate() {
        let piece = if i == 0 { r.clone() } else { format!("; {r}") };
        let n = piece.chars().count();
        let left = v.reasons.len() - i;
        let tail = format!("; …(+{left} more)");
        if chars + n + tail.chars().count() > RETURN_INFO_CHARS_MAX && left > 1
            || chars + n > RETURN_INFO_CHARS_MAX
        {
            if chars + tail.chars().count() <= RETURN_INFO_CHARS_MAX {
                out.push_str(&tail);
            }
            break;
        }
        out.push_str(&piece);
        chars += n;
    }
    out
}

fn required(entry: usize, field: &'static str, v: Option<&str>) -> Result<String, ReceiptError> {
    match v {
        Some(s) if !s.is_empty() => Ok(s.to_owned()),
        _ => Err(ReceiptError::MissingField { entry, field }),
    }
}

/// Write the receipt answering `message`, one record per entry, with `verdicts[i]`
/// for entry `i`. `return_time` is `YYYYMMDDhhmmssSSS` (the caller owns the clock).
/// The receipt's root `guid` and each record's `guid` echo the message's, as the
/// official samples do.
pub fn receipt_xml(
    message: &Message,
    verdicts: &[Verdict],
    return_time: &str,
) -> Result<String, ReceiptError> {
    let t = message.message_type();
    let Some(rt) = t.receipt_type() else {
        return Err(ReceiptError::NotAnswerable(t));
    };
    if verdicts.len() != message.entry_count() {
        return Err(ReceiptError::VerdictCount {
            expected: message.entry_count(),
            got: verdicts.len(),
        });
    }
    if check_value(Kind::DateTime(17), return_time).is_err() {
        return Err(ReceiptError::BadReturnTime(return_time.to_owned()));
    }
    let time = return_time.to_owned();
    let mut records: Vec<Record> = Vec::new();
    match message {
        Message::Order { orders, .. } => {
            for (o, v) in orders.iter().zip(verdicts) {
                let h = &o.head;
                let r = OrderReturn {
                    guid: h.guid.clone(),
                    ebp_code: h.ebp_code.clone(),
                    ebc_code: h.ebc_code.clone(),
                    order_no: h.order_no.clone(),
                    return_status: v.status.code(),
                    return_time: time.clone(),
                    return_info: return_info(v, app_type_text(&h.app_type), &h.guid),
                };
                records.push((OrderReturn::ELEMENT, OrderReturn::FIELDS, r.values()));
            }
        }
        Message::Payment { payments, .. } => {
            for (h, v) in payments.iter().zip(verdicts) {
                let r = PaymentReturn {
                    guid: h.guid.clone(),
                    pay_code: h.pay_code.clone(),
                    pay_transaction_id: h.pay_transaction_id.clone(),
                    return_status: v.status.code(),
                    return_time: time.clone(),
                    return_info: return_info(v, app_type_text(&h.app_type), &h.guid),
                };
                records.push((PaymentReturn::ELEMENT, PaymentReturn::FIELDS, r.values()));
            }
        }
        Message::Waybill { waybills, .. } => {
            for (h, v) in waybills.iter().zip(verdicts) {
                let r = LogisticsReturn {
                    guid: h.guid.clone(),
                    logistics_code: h.logistics_code.clone(),
                    logistics_no: h.logistics_no.clone(),
                    return_status: v.status.code(),
                    return_time: time.clone(),
                    return_info: return_info(v, app_type_text(&h.app_type), &h.guid),
                };
                records.push((
                    LogisticsReturn::ELEMENT,
                    LogisticsReturn::FIELDS,
                    r.values(),
                ));
            }
        }
        Message::Inventory { inventories, .. } => {
            for (i, (inv, v)) in inventories.iter().zip(verdicts).enumerate() {
                let h = &inv.head;
                let r = InventoryReturn {
                    guid: h.guid.clone(),
                    customs_code: Some(h.customs_code.clone()).filter(|s| !s.is_empty()),
                    ebp_code: Some(h.ebp_code.clone()).filter(|s| !s.is_empty()),
                    ebc_code: Some(h.ebc_code.clone()).filter(|s| !s.is_empty()),
                    agent_code: Some(h.agent_code.clone()).filter(|s| !s.is_empty()),
                    cop_no: required(i, "copNo", h.cop_no.as_deref())?,
                    pre_no: required(i, "preNo", v.pre_no.as_deref().or(h.pre_no.as_deref()))?,
                    invt_no: v
                        .invt_no
                        .clone()
                        .or_else(|| h.invt_no.clone().filter(|s| s.chars().count() == 18)),
                    return_status: v.status.code(),
                    return_time: time.clone(),
                    return_info: return_info(v, app_type_text(&h.app_type), &h.guid),
                };
                records.push((
                    InventoryReturn::ELEMENT,
                    InventoryReturn::FIELDS,
                    r.values(),
                ));
            }
        }
        Message::Cancel { cancels, .. } => {
            for (i, (h, v)) in cancels.iter().zip(verdicts).enumerate() {
                let r = InvtCancelReturn {
                    guid: h.guid.clone(),
                    customs_code: Some(h.customs_code.clone()).filter(|s| !s.is_empty()),
                    agent_code: Some(h.agent_code.clone()).filter(|s| !s.is_empty()),
                    ebp_code: Some(h.ebp_code.clone()).filter(|s| !s.is_empty()),
                    ebc_code: Some(h.ebc_code.clone()).filter(|s| !s.is_empty()),
                    cop_no: required(i, "copNo", h.cop_no.as_deref())?,
                    pre_no: required(i, "preNo", v.pre_no.as_deref().or(h.pre_no.as_deref()))?,
                    invt_no: v
                        .invt_no
                        .clone()
                        .or_else(|| Some(h.invt_no.clone()).filter(|s| s.chars().count() == 18)),
                    return_status: v.status.code(),
                    return_time: time.clone(),
                    return_info: return_info(v, "申报成功", &h.guid),
                };
                records.push((
                    InvtCancelReturn::ELEMENT,
                    InvtCancelReturn::FIELDS,
                    r.values(),
                ));
            }
        }
        Message::Refund { refunds, .. } => {
            for (i, (rf, v)) in refunds.iter().zip(verdicts).enumerate() {
                let h = &rf.head;
                let r = InvtRefundReturn {
                    guid: h.guid.clone(),
                    customs_code: Some(h.customs_code.clone()).filter(|s| !s.is_empty()),
                    agent_code: Some(h.agent_code.clone()).filter(|s| !s.is_empty()),
                    ebp_code: Some(h.ebp_code.clone()).filter(|s| !s.is_empty()),
                    ebc_code: Some(h.ebc_code.clone()).filter(|s| !s.is_empty()),
                    cop_no: required(i, "copNo", h.cop_no.as_deref())?,
                    pre_no: required(i, "preNo", v.pre_no.as_deref().or(h.pre_no.as_deref()))?,
                    invt_no: v
                        .invt_no
                        .clone()
                        .or_else(|| Some(h.invt_no.clone()).filter(|s| s.chars().count() == 18)),
                    return_status: v.status.code(),
                    return_time: time.clone(),
                    return_info: return_info(v, app_type_text(&h.app_type), &h.guid),
                };
                records.push((
                    InvtRefundReturn::ELEMENT,
                    InvtRefundReturn::FIELDS,
                    r.values(),
                ));
            }
        }
        Message::WaybillStatus { statuses, .. } => {
            for (h, v) in statuses.iter().zip(verdicts) {
                let r = LogisticsStatusReturn {
                    guid: h.guid.clone(),
                    logistics_code: h.logistics_code.clone(),
                    logistics_no: h.logistics_no.clone(),
                    // 限定为S (spec 3.8 table 3-28): the only value the receipt may carry;
                    // a 513 with another status is rejected and returnInfo says why.
                    logistics_status: "S".to_owned(),
                    return_status: v.status.code(),
                    return_time: time.clone(),
                    return_info: return_info(v, app_type_text(&h.app_type), &h.guid),
                };
                records.push((
                    LogisticsStatusReturn::ELEMENT,
                    LogisticsStatusReturn::FIELDS,
                    r.values(),
                ));
            }
        }
        Message::Delivery { deliveries, .. } => {
            for (i, (d, v)) in deliveries.iter().zip(verdicts).enumerate() {
                let h = &d.head;
                let r = DeliveryReturn {
                    guid: h.guid.clone(),
                    customs_code: Some(h.customs_code.clone()).filter(|s| !s.is_empty()),
                    operator_code: Some(h.operator_code.clone()).filter(|s| !s.is_empty()),
                    cop_no: Some(required(i, "copNo", h.cop_no.as_deref())?),
                    pre_no: Some(required(
                        i,
                        "preNo",
                        v.pre_no.as_deref().or(h.pre_no.as_deref()),
                    )?),
                    rkd_no: h.rkd_no.clone().filter(|s| s.chars().count() == 18),
                    return_status: v.status.code(),
                    return_time: time.clone(),
                    return_info: return_info(v, app_type_text(&h.app_type), &h.guid),
                };
                records.push((DeliveryReturn::ELEMENT, DeliveryReturn::FIELDS, r.values()));
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
        | Message::ExportRefund { .. }
        | Message::RefundDetail { .. }
        | Message::SummaryApply { .. } => export_records(message, verdicts, &time, &mut records)?,
        _ => return Err(ReceiptError::NotAnswerable(t)),
    }

    for (_, _, values) in &mut records {
        for (name, value) in values.iter_mut() {
            if *name == "guid" {
                *value = value.as_deref().map(echo_guid);
            }
        }
    }
    for (entry, (_, fields, values)) in records.iter().enumerate() {
        for (f, (_, value)) in fields.iter().zip(values) {
            match value {
                None if f.required => {
                    return Err(ReceiptError::MissingField {
                        entry,
                        field: f.name,
                    });
                }
                Some(v) if v.is_empty() && f.required => {
                    return Err(ReceiptError::MissingField {
                        entry,
                        field: f.name,
                    });
                }
                Some(v) if !v.is_empty() => {
                    if let Err((code, detail)) = check_value(f.kind, v) {
                        let detail = format!("{code}: {detail}");
                        return Err(ReceiptError::InvalidField {
                            entry,
                            field: f.name,
                            detail,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    let env = message.envelope();
    let mut out = String::with_capacity(512 * records.len() + 256);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<ceb:{} guid=\"{}\" version=\"{}\" xmlns:ceb=\"{CEB_NS}\">",
        rt.root_name(),
        escape(echo_guid(&env.guid).as_str()),
        escape(if env.version.is_empty() {
            "1.0"
        } else {
            env.version.as_str()
        }),
    );
    for (element, _, values) in records {
        let _ = writeln!(out, "\t<ceb:{element}>");
        for (name, value) in values {
            if let Some(value) = value {
                let _ = writeln!(
                    out,
                    "\t\t<ceb:{name}>{}</ceb:{name}>",
                    escape(value.as_str())
                );
            }
        }
        let _ = writeln!(out, "\t</ceb:{element}>");
    }
    let _ = writeln!(out, "</ceb:{}>", rt.root_name());
    Ok(out)
}

/// The guid a receipt echoes: the message's, in upper case (the spec's "英文字母大写";
/// several official export samples use lower-case guids, which would otherwise make
/// the receipt XSD-invalid).
fn echo_guid(guid: &str) -> String {
    guid.to_ascii_uppercase()
}

fn opt(s: &str) -> Option<String> {
    Some(s.to_owned()).filter(|s| !s.is_empty())
}

/// Receipt records for the export messages (304/404/506/508/510/604/606/608/214/216/702).
fn export_records(
    message: &Message,
    verdicts: &[Verdict],
    time: &str,
    records: &mut Vec<Record>,
) -> Result<(), ReceiptError> {
    let pre = |i: usize, v: &Verdict, own: Option<&str>| {
        required(i, "preNo", v.pre_no.as_deref().or(own))
    };
    let info =
        |v: &Verdict, app_type: &str, guid: &str| return_info(v, app_type_text(app_type), guid);
    macro_rules! push {
        ($r:expr) => {{
            let r = $r;
            records.push((r_element(&r), r_fields(&r), r.values()));
        }};
    }
    match message {
        Message::ExportOrder { orders, .. } => {
            for (o, v) in orders.iter().zip(verdicts) {
                let h = &o.head;
                push!(ExportOrderReturn {
                    guid: h.guid.clone(),
                    ebp_code: h.ebp_code.clone(),
                    ebc_code: h.ebc_code.clone(),
                    order_no: h.order_no.clone(),
                    return_status: v.status.code(),
                    return_time: time.to_owned(),
                    return_info: info(v, &h.app_type, &h.guid),
                });
            }
        }
        Message::ExportReceipts { receipts, .. } => {
            for (h, v) in receipts.iter().zip(verdicts) {
                push!(ReceiptsReturn {
                    guid: h.guid.clone(),
                    ebc_code: h.ebc_code.clone(),
                    order_no: h.order_no.clone(),
                    pay_no: h.pay_no.clone(),
                    return_status: v.status.code(),
                    return_time: time.to_owned(),
                    return_info: info(v, &h.app_type, &h.guid),
                });
            }
        }
        Message::ExportWaybill { waybills, .. } => {
            for (h, v) in waybills.iter().zip(verdicts) {
                push!(ExportLogisticsReturn {
                    guid: h.guid.clone(),
                    logistics_code: h.logistics_code.clone(),
                    logistics_no: h.logistics_no.clone(),
                    return_status: v.status.code(),
                    return_time: time.to_owned(),
                    return_info: info(v, &h.app_type, &h.guid),
                });
            }
        }
        Message::Arrival { arrivals, .. } => {
            for (i, (a, v)) in arrivals.iter().zip(verdicts).enumerate() {
                let h = &a.head;
                push!(ArrivalReturn {
                    guid: h.guid.clone(),
                    operator_code: h.operator_code.clone(),
                    logistics_code: h.logistics_code.clone(),
                    pre_no: pre(i, v, h.pre_no.as_deref())?,
                    cop_no: h.cop_no.clone(),
                    bill_no: required(i, "billNo", h.bill_no.as_deref())?,
                    msg_seq_no: h.msg_seq_no,
                    return_status: v.status.code(),
                    return_time: time.to_owned(),
                    return_info: info(v, &h.app_type, &h.guid),
                });
            }
        }
        Message::Departure { departures, .. } => {
            for (i, (d, v)) in departures.iter().zip(verdicts).enumerate() {
                let h = &d.head;
                push!(DepartureReturn {
                    guid: h.guid.clone(),
                    logistics_code: h.logistics_code.clone(),
                    cop_no: h.cop_no.clone(),
                    pre_no: pre(i, v, h.pre_no.as_deref())?,
                    msg_seq_no: h.msg_seq_no,
                    return_status: v.status.code(),
                    return_time: time.to_owned(),
                    return_info: info(v, &h.app_type, &h.guid),
                });
            }
        }
        Message::ExportInventory { inventories, .. } => {
            for (i, (inv, v)) in inventories.iter().zip(verdicts).enumerate() {
                let h = &inv.head;
                push!(ExportInventoryReturn {
                    guid: h.guid.clone(),
                    agent_code: h.agent_code.clone(),
                    cop_no: h.cop_no.clone(),
                    pre_no: pre(i, v, h.pre_no.as_deref())?,
                    invt_no: required(i, "invtNo", v.invt_no.as_deref().or(h.invt_no.as_deref()))?,
                    ebc_code: h.ebc_code.clone(),
                    ebp_code: h.ebp_code.clone(),
                    order_no: h.order_no.clone(),
                    statistics_flag: h.statistics_flag.clone(),
                    return_status: v.status.code(),
                    return_time: time.to_owned(),
                    return_info: info(v, &h.app_type, &h.guid),
                });
            }
        }
        Message::ExportCancel { cancels, .. } => {
            for (i, (h, v)) in cancels.iter().zip(verdicts).enumerate() {
                push!(ExportInvtCancelReturn {
                    guid: h.guid.clone(),
                    agent_code: h.agent_code.clone(),
                    cop_no: h.cop_no.clone(),
                    pre_no: pre(i, v, h.pre_no.as_deref())?,
                    invt_no: v.invt_no.clone().unwrap_or_else(|| h.invt_no.clone()),
                    return_status: v.status.code(),
                    return_time: time.to_owned(),
                    return_info: return_info(v, "申报成功", &h.guid),
                });
            }
        }
        Message::MasterList { way_bills, .. } => {
            for (i, (w, v)) in way_bills.iter().zip(verdicts).enumerate() {
                let h = &w.head;
                push!(WayBillReturn {
                    guid: h.guid.clone(),
                    agent_code: h.agent_code.clone(),
                    logistics_code: h.logistics_code.clone(),
                    cop_no: h.cop_no.clone(),
                    pre_no: pre(i, v, h.pre_no.as_deref())?,
                    bill_no: h.bill_no.clone(),
                    msg_seq_no: h.msg_seq_no,
                    return_status: v.status.code(),
                    return_time: time.to_owned(),
                    return_info: info(v, &h.app_type, &h.guid),
                });
            }
        }
        Message::ExportRefund { refunds, .. } => {
            for (r, v) in refunds.iter().zip(verdicts) {
                let h = &r.head;
                push!(RefundReturn {
                    guid: h.guid.clone(),
                    ebp_code: opt(&h.ebp_code),
                    ebc_code: opt(&h.ebc_code),
                    agent_code: h.agent_code.clone(),
                    co_el_no: h.co_el_no.clone(),
                    pre_no: v.pre_no.clone().or_else(|| h.pre_no.clone()),
                    invt_no: h.invt_no.clone(),
                    return_status: v.status.code(),
                    return_time: time.to_owned(),
                    return_info: info(v, &h.app_type, &h.guid),
                });
            }
        }
        Message::RefundDetail { details, .. } => {
            for (h, v) in details.iter().zip(verdicts) {
                push!(InvtRefundDetailReturn {
                    guid: h.guid.clone(),
                    operator_code: h.operator_code.clone(),
                    logistics_code: h.logistics_code.clone(),
                    logistics_no: h.logistics_no.clone(),
                    co_el_no: h.co_el_no.clone(),
                    pre_no: v.pre_no.clone().or_else(|| h.pre_no.clone()),
                    return_status: v.status.code(),
                    return_time: time.to_owned(),
                    return_info: info(v, &h.app_type, &h.guid),
                });
            }
        }
        Message::SummaryApply { applications, .. } => {
            for (i, (a, v)) in applications.iter().zip(verdicts).enumerate() {
                let h = &a.head;
                push!(SummaryReturn {
                    guid: h.guid.clone(),
                    agent_code: h.agent_code.clone(),
                    ebc_code: h.ebc_code.clone(),
                    cop_no: h.cop_no.clone(),
                    pre_no: pre(i, v, h.pre_no.as_deref())?,
                    sum_no: v.invt_no.clone().or_else(|| h.sum_no.clone()),
                    msg_seq_no: h.msg_seq_no,
                    return_status: v.status.code(),
                    return_time: time.to_owned(),
                    return_info: info(v, &h.app_type, &h.guid),
                });
            }
        }
        _ => return Err(ReceiptError::NotAnswerable(message.message_type())),
    }
    Ok(())
}

/// Element name and field table of a generated receipt record.
trait ReturnRecord {
    const ELEMENT_NAME: &'static str;
    const TABLE: &'static [Field];
}

macro_rules! return_record {
    ($($t:ty),*) => {$(
        impl ReturnRecord for $t {
            const ELEMENT_NAME: &'static str = <$t>::ELEMENT;
            const TABLE: &'static [Field] = <$t>::FIELDS;
        }
    )*};
}

return_record!(
    ExportOrderReturn,
    ReceiptsReturn,
    ExportLogisticsReturn,
    ArrivalReturn,
    DepartureReturn,
    ExportInventoryReturn,
    ExportInvtCancelReturn,
    WayBillReturn,
    RefundReturn,
    InvtRefundDetailReturn,
    SummaryReturn
);

fn r_element<R: ReturnRecord>(_: &R) -> &'static str {
    R::ELEMENT_NAME
}

fn r_fields<R: ReturnRecord>(_: &R) -> &'static [Field] {
    R::TABLE
}
