//! Pure business checks on a parsed message: resident identity numbers (GB 11643),
//! line totals, order header sums, line numbering, parcel counts and weights.

use rust_decimal::Decimal;

use crate::error::{Finding, FindingCode};
use crate::model::Message;
use crate::schema::render_path;

/// Amounts that differ by less than one fen (0.01 CNY), the rounding unit of the
/// amounts, are equal; a difference of one fen or more is a mismatch.
pub const AMOUNT_TOLERANCE_CNY: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// GB 32100-2015 character set of the unified social credit code (no I, O, S, V, Z).
const CREDIT_CODE_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// GB 32100-2015 weights of the first 17 characters (3^i mod 31).
const CREDIT_CODE_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The GB 32100 check character for the first 17 characters of a unified social
/// credit code, or `None` when one is outside the code's character set.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in b.iter().zip(CREDIT_CODE_WEIGHTS) {
        let v = CREDIT_CODE_CHARS.iter().position(|x| x == c)?;
        sum += v as u32 * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(char::from(CREDIT_CODE_CHARS[check as usize]))
}

/// GB 11643 weights of the first 17 characters.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for (weighted sum mod 11).
const ID_CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// What is wrong with a resident identity number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdNumberProblem {
    /// Not 17 digits followed by a digit or `X`.
    Format,
    /// Characters 7–14 are not a valid `YYYYMMDD` date.
    BirthDate,
    /// The 18th character is not the ISO 7064 MOD 11-2 check character.
    CheckChar {
        /// The check character the first 17 digits require.
        expected: char,
    },
}

/// The ISO 7064 MOD 11-2 check character for the first 17 digits, or `None` when
/// `first17` is not 17 ASCII digits.
pub fn id_check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    Some(char::from(ID_CHECK_CHARS[(sum % 11) as usize]))
}

/// Check an 18-character resident identity number (GB 11643). Returns every problem
/// found (a wrong birth date and a wrong check character are reported together);
/// empty means valid. A lower-case `x` is accepted as `X`.
pub fn check_resident_id(id: &str) -> Vec<IdNumberProblem> {
    let b = id.as_bytes();
    if b.len() != 18
        || !b[..17].iter().all(u8::is_ascii_digit)
        || !(b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x')
    {
        return vec![IdNumberProblem::Format];
    }
    let mut out = Vec::new();
    if crate::schema::check_value(crate::schema::Kind::DateTime(8), &id[6..14]).is_err() {
        out.push(IdNumberProblem::BirthDate);
    }
    if let Some(expected) = id_check_char(&id[..17])
        && char::from(b[17].to_ascii_uppercase()) != expected
    {
        out.push(IdNumberProblem::CheckChar { expected });
    }
    out
}

struct Out<'m> {
    root: &'static str,
    entry_name: &'static str,
    entry: usize,
    findings: &'m mut Vec<Finding>,
}

impl<'m> Out<'m> {
    fn new(t: crate::model::MessageType, entry: usize, findings: &'m mut Vec<Finding>) -> Self {
        Out {
            root: t.root_name(),
            entry_name: t.entry_name(),
            entry,
            findings,
        }
    }

    fn push(
        &mut self,
        code: FindingCode,
        record: &'static str,
        list: Option<usize>,
        field: &'static str,
        detail: String,
    ) {
        let record_seg = if record == self.entry_name {
            None
        } else {
            Some(("ceb:", record, list))
        };
        let path = render_path(
            [
                ("ceb:", self.root, None),
                ("ceb:", self.entry_name, Some(self.entry)),
            ]
            .into_iter()
            .chain(record_seg)
            .chain([("ceb:", field, None)]),
        );
        self.findings.push(Finding {
            code,
            path,
            line: 0,
            column: 0,
            entry: Some(self.entry),
            detail,
        });
    }

    fn id(&mut self, id_type: &str, id: &str, record: &'static str, field: &'static str) {
        if id_type != "1" || id.is_empty() {
            return;
        }
        for p in check_resident_id(id) {
            match p {
                IdNumberProblem::Format => self.push(
                    FindingCode::BadIdNumberFormat,
                    record,
                    None,
                    field,
                    format!("{field} {id:?} is not 17 digits + check character"),
                ),
                IdNumberProblem::BirthDate => self.push(
                    FindingCode::BadIdBirthDate,
                    record,
                    None,
                    field,
                    format!("{field} {id:?}: birth date {:?} is not a date", &id[6..14]),
                ),
                IdNumberProblem::CheckChar { expected } => self.push(
                    FindingCode::BadIdCheckChar,
                    record,
                    None,
                    field,
                    format!("{field} {id:?}: check character must be {expected}"),
                ),
            }
        }
    }

    fn line_total(
        &mut self,
        record: &'static str,
        j: usize,
        price: Decimal,
        qty: Decimal,
        total: Decimal,
    ) {
        match price.checked_mul(qty) {
            None => self.push(
                FindingCode::AmountOverflow,
                record,
                Some(j),
                "totalPrice",
                format!("{price} × {qty} overflows"),
            ),
            Some(p) if (p - total).abs() >= AMOUNT_TOLERANCE_CNY => self.push(
                FindingCode::ItemTotalMismatch,
                record,
                Some(j),
                "totalPrice",
                format!("totalPrice {total} ≠ price {price} × qty {qty} = {p}"),
            ),
            Some(_) => {}
        }
    }

    fn gnums(&mut self, record: &'static str, gnums: impl Iterator<Item = u32>) {
        for (j, g) in gnums.enumerate() {
            if g as usize != j + 1 {
                self.push(
                    FindingCode::GnumNotSequential,
                    record,
                    Some(j),
                    "gnum",
                    format!("gnum {g}, expected {}", j + 1),
                );
            }
        }
    }

    /// GB 32100 check character of an 18-character unified social credit code (10-
    /// character customs codes and other values are not checked).
    fn credit_code(&mut self, record: &'static str, field: &'static str, code: &str) {
        if code.chars().count() != 18 {
            return;
        }
        match credit_code_check_char(&code[..17]) {
            Some(c) if code.ends_with(c) => {}
            Some(c) => self.push(
                FindingCode::BadCreditCodeCheckChar,
                record,
                None,
                field,
                format!("{field} {code:?}: check character should be {c:?} (GB 32100)"),
            ),
            None => self.push(
                FindingCode::BadCreditCodeCheckChar,
                record,
                None,
                field,
                format!("{field} {code:?} has characters outside the GB 32100 set"),
            ),
        }
    }

    fn msg_seq(&mut self, record: &'static str, seq: u32, count: u32) {
        if seq == 0 || seq > count {
            self.push(
                FindingCode::MsgSeqNoOutOfRange,
                record,
                None,
                "msgSeqNo",
                format!("msgSeqNo {seq} is not within 1..=msgCount {count}"),
            );
        }
    }

    fn goods_value(&mut self, record: &'static str, goods_value: Decimal, sum: Option<Decimal>) {
        match sum {
            Some(sum) if (sum - goods_value).abs() >= AMOUNT_TOLERANCE_CNY => self.push(
                FindingCode::GoodsValueMismatch,
                record,
                None,
                "goodsValue",
                format!("goodsValue {goods_value} ≠ sum of totalPrice {sum}"),
            ),
            None => self.push(
                FindingCode::AmountOverflow,
                record,
                None,
                "goodsValue",
                "sum overflows".into(),
            ),
            Some(_) => {}
        }
    }

    fn pack_no(&mut self, record: &'static str, pack_no: u32) {
        if pack_no != 1 {
            self.push(
                FindingCode::PackNoNotOne,
                record,
                None,
                "packNo",
                format!("packNo {pack_no}; the spec limits it to 1"),
            );
        }
    }
}

/// Business findings for a parsed message (empty when none). Paths name the entry
/// and field; `line`/`column` are 0 because the checks run on the typed values.
pub fn business_findings(message: &Message) -> Vec<Finding> {
    let mut findings = Vec::new();
    let t = message.message_type();
    match message {
        Message::Order { orders, .. } => {
            for (i, o) in orders.iter().enumerate() {
                let mut o_out = Out::new(t, i, &mut findings);
                let h = &o.head;
                o_out.id(
                    &h.buyer_id_type,
                    &h.buyer_id_number,
                    "OrderHead",
                    "buyerIdNumber",
                );
                o_out.gnums("OrderList", o.lists.iter().map(|l| l.gnum));
                let mut sum = Some(Decimal::ZERO);
                for (j, l) in o.lists.iter().enumerate() {
                    o_out.line_total("OrderList", j, l.price, l.qty, l.total_price);
                    sum = sum.and_then(|s| s.checked_add(l.total_price));
                }
                match sum {
                    Some(sum) if (sum - h.goods_value).abs() >= AMOUNT_TOLERANCE_CNY => o_out.push(
                        FindingCode::GoodsValueMismatch,
                        "OrderHead",
                        None,
                        "goodsValue",
                        format!("goodsValue {} ≠ sum of totalPrice {sum}", h.goods_value),
                    ),
                    None => o_out.push(
                        FindingCode::AmountOverflow,
                        "OrderHead",
                        None,
                        "goodsValue",
                        "sum overflows".into(),
                    ),
                    Some(_) => {}
                }
                let paid = h
                    .goods_value
                    .checked_add(h.freight)
                    .and_then(|v| v.checked_add(h.tax_total))
                    .and_then(|v| v.checked_sub(h.discount));
                match paid {
                    Some(p) if (p - h.actural_paid).abs() >= AMOUNT_TOLERANCE_CNY => o_out.push(
                        FindingCode::ActuralPaidMismatch,
                        "OrderHead",
                        None,
                        "acturalPaid",
                        format!(
                            "acturalPaid {} ≠ goodsValue {} + freight {} + taxTotal {} − discount {} = {p}",
                            h.actural_paid, h.goods_value, h.freight, h.tax_total, h.discount
                        ),
                    ),
                    None => o_out.push(FindingCode::AmountOverflow, "OrderHead", None, "acturalPaid", "sum overflows".into()),
                    Some(_) => {}
                }
            }
        }
        Message::Payment { payments, .. } => {
            for (i, p) in payments.iter().enumerate() {
                Out::new(t, i, &mut findings).id(
                    &p.payer_id_type,
                    &p.payer_id_number,
                    "PaymentHead",
                    "payerIdNumber",
                );
            }
        }
        Message::Waybill { waybills, .. } => {
            for (i, w) in waybills.iter().enumerate() {
                Out::new(t, i, &mut findings).pack_no("LogisticsHead", w.pack_no);
            }
        }
        Message::Inventory { inventories, .. } => {
            for (i, inv) in inventories.iter().enumerate() {
                let mut o = Out::new(t, i, &mut findings);
                let h = &inv.head;
                o.id(
                    &h.buyer_id_type,
                    &h.buyer_id_number,
                    "InventoryHead",
                    "buyerIdNumber",
                );
                o.pack_no("InventoryHead", h.pack_no);
                if h.net_weight > h.gross_weight {
                    o.push(
                        FindingCode::NetWeightExceedsGross,
                        "InventoryHead",
                        None,
                        "netWeight",
                        format!(
                            "netWeight {} > grossWeight {}",
                            h.net_weight, h.gross_weight
                        ),
                    );
                }
                o.gnums("InventoryList", inv.lists.iter().map(|l| l.gnum));
                for (j, l) in inv.lists.iter().enumerate() {
                    o.line_total("InventoryList", j, l.price, l.qty, l.total_price);
                }
            }
        }
        Message::Cancel { cancels, .. } => {
            for (i, c) in cancels.iter().enumerate() {
                Out::new(t, i, &mut findings).id(
                    &c.buyer_id_type,
                    &c.buyer_id_number,
                    "InvtCancel",
                    "buyerIdNumber",
                );
            }
        }
        Message::Refund { refunds, .. } => {
            for (i, r) in refunds.iter().enumerate() {
                Out::new(t, i, &mut findings).id(
                    &r.head.buyer_id_type,
                    &r.head.buyer_id_number,
                    "InvtRefundHead",
                    "buyerIdNumber",
                );
            }
        }
        Message::ExportOrder { orders, .. } => {
            for (i, o) in orders.iter().enumerate() {
                let mut out = Out::new(t, i, &mut findings);
                let h = &o.head;
                out.credit_code("OrderHead", "ebpCode", &h.ebp_code);
                out.credit_code("OrderHead", "ebcCode", &h.ebc_code);
                out.gnums("OrderList", o.lists.iter().map(|l| l.gnum));
                let mut sum = Some(Decimal::ZERO);
                for (j, l) in o.lists.iter().enumerate() {
                    out.line_total("OrderList", j, l.price, l.qty, l.total_price);
                    sum = sum.and_then(|s| s.checked_add(l.total_price));
                }
                out.goods_value("OrderHead", h.goods_value, sum);
            }
        }
        Message::ExportReceipts { receipts, .. } => {
            for (i, r) in receipts.iter().enumerate() {
                let mut out = Out::new(t, i, &mut findings);
                out.credit_code("Receipts", "ebpCode", &r.ebp_code);
                out.credit_code("Receipts", "ebcCode", &r.ebc_code);
            }
        }
        Message::ExportWaybill { waybills, .. } => {
            for (i, w) in waybills.iter().enumerate() {
                Out::new(t, i, &mut findings).credit_code(
                    "Logistics",
                    "logisticsCode",
                    &w.logistics_code,
                );
            }
        }
        Message::Arrival { arrivals, .. } => {
            for (i, a) in arrivals.iter().enumerate() {
                let mut out = Out::new(t, i, &mut findings);
                out.gnums("ArrivalList", a.lists.iter().map(|l| l.gnum));
                out.msg_seq("ArrivalHead", a.head.msg_seq_no, a.head.msg_count);
            }
        }
        Message::Departure { departures, .. } => {
            for (i, d) in departures.iter().enumerate() {
                let mut out = Out::new(t, i, &mut findings);
                out.gnums("DepartureList", d.lists.iter().map(|l| l.gnum));
                out.msg_seq("DepartureHead", d.head.msg_seq_no, d.head.msg_count);
            }
        }
        Message::ExportInventory { inventories, .. } => {
            for (i, inv) in inventories.iter().enumerate() {
                let mut out = Out::new(t, i, &mut findings);
                let h = &inv.head;
                for (field, code) in [
                    ("ebpCode", &h.ebp_code),
                    ("agentCode", &h.agent_code),
                    ("ebcCode", &h.ebc_code),
                    ("ownerCode", &h.owner_code),
                    ("logisticsCode", &h.logistics_code),
                ] {
                    out.credit_code("InventoryHead", field, code);
                }
                if h.net_weight > h.gross_weight {
                    out.push(
                        FindingCode::NetWeightExceedsGross,
                        "InventoryHead",
                        None,
                        "netWeight",
                        format!(
                            "netWeight {} > grossWeight {}",
                            h.net_weight, h.gross_weight
                        ),
                    );
                }
                out.gnums("InventoryList", inv.lists.iter().map(|l| l.gnum));
                for (j, l) in inv.lists.iter().enumerate() {
                    out.line_total("InventoryList", j, l.price, l.qty, l.total_price);
                }
                if h.trade_mode == "1210" {
                    for (field, v) in [
                        ("iacCode", &h.iac_code),
                        ("iacName", &h.iac_name),
                        ("emsNo", &h.ems_no),
                    ] {
                        if v.is_none() {
                            out.push(
                                FindingCode::MissingForTradeMode,
                                "InventoryHead",
                                None,
                                field,
                                format!("{field} is required for tradeMode 1210 (特殊区域出口)"),
                            );
                        }
                    }
                    for (j, l) in inv.lists.iter().enumerate() {
                        if l.item_record_no.is_none() {
                            out.push(
                                FindingCode::MissingForTradeMode,
                                "InventoryList",
                                Some(j),
                                "itemRecordNo",
                                "itemRecordNo is required for tradeMode 1210 (保税出口)".into(),
                            );
                        }
                    }
                }
            }
        }
        Message::ExportCancel { cancels, .. } => {
            for (i, c) in cancels.iter().enumerate() {
                let mut out = Out::new(t, i, &mut findings);
                out.credit_code("InvtCancel", "agentCode", &c.agent_code);
                out.credit_code("InvtCancel", "ebcCode", &c.ebc_code);
            }
        }
        Message::MasterList { way_bills, .. } => {
            for (i, w) in way_bills.iter().enumerate() {
                let mut out = Out::new(t, i, &mut findings);
                out.credit_code("WayBillHead", "agentCode", &w.head.agent_code);
                out.gnums("WayBillList", w.lists.iter().map(|l| l.gnum));
                out.msg_seq("WayBillHead", w.head.msg_seq_no, w.head.msg_count);
            }
        }
        Message::SummaryApply { applications, .. } => {
            for (i, a) in applications.iter().enumerate() {
                let mut out = Out::new(t, i, &mut findings);
                let h = &a.head;
                for (field, code) in [
                    ("agentCode", &h.agent_code),
                    ("ebcCode", &h.ebc_code),
                    ("declAgentCode", &h.decl_agent_code),
                ] {
                    out.credit_code("SummaryApplyHead", field, code);
                }
                out.msg_seq("SummaryApplyHead", h.msg_seq_no, h.msg_count);
                match (&h.start_time, &h.end_time) {
                    (Some(s), Some(e)) if e < s => out.push(
                        FindingCode::BadTimeRange,
                        "SummaryApplyHead",
                        None,
                        "endTime",
                        format!("endTime {e} is before startTime {s}"),
                    ),
                    (Some(_), None) | (None, Some(_)) => out.push(
                        FindingCode::BadTimeRange,
                        "SummaryApplyHead",
                        None,
                        if h.start_time.is_some() {
                            "endTime"
                        } else {
                            "startTime"
                        },
                        "startTime and endTime must be given as a pair".into(),
                    ),
                    _ => {}
                }
            }
        }
        Message::Delivery { deliveries, .. } => {
            for (i, d) in deliveries.iter().enumerate() {
                Out::new(t, i, &mut findings).gnums("DeliveryList", d.lists.iter().map(|l| l.gnum));
            }
        }
        Message::TaxBill { taxes, .. } => {
            for (i, tax) in taxes.iter().enumerate() {
                Out::new(t, i, &mut findings).gnums("TaxListRd", tax.lists.iter().map(|l| l.gnum));
            }
        }
        _ => {}
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb11643_check_char() {
        // Public example numbers with known check characters.
        assert_eq!(id_check_char("11010519491231002"), Some('X'));
        assert!(check_resident_id("11010519491231002X").is_empty());
        assert!(check_resident_id("11010519491231002x").is_empty());
        assert_eq!(
            check_resident_id("110105194912310021"),
            vec![IdNumberProblem::CheckChar { expected: 'X' }]
        );
        assert_eq!(
            check_resident_id("1101051949123100"),
            vec![IdNumberProblem::Format]
        );
        assert_eq!(
            check_resident_id("11010519491331002X")[0],
            IdNumberProblem::BirthDate
        );
    }
}
