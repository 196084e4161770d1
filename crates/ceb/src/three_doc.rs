//! The three-document check (三单对碰): an import inventory list (CEB621) must agree
//! with the order (CEB311), payment (CEB411) and waybill (CEB511) it refers to.
//! Pure: every disagreement is returned as its own named reason.

use std::fmt;

use rust_decimal::Decimal;

use crate::business::AMOUNT_TOLERANCE_CNY;
use crate::generated::{LogisticsHead, PaymentHead};
use crate::model::{Inventory, Order};

/// Which document a disagreement is about (compared with the inventory list, or
/// for payment/waybill fields, with the order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Document {
    /// CEB311 order.
    Order,
    /// CEB411 payment.
    Payment,
    /// CEB511 waybill.
    Waybill,
}

impl Document {
    /// `order`, `payment`, `waybill`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Order => "order",
            Self::Payment => "payment",
            Self::Waybill => "waybill",
        }
    }
}

/// Why the documents do not agree. Stable snake_case codes via [`Reason::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// No order for the list's `orderNo`.
    MissingOrder,
    /// No payment for the list's `orderNo`.
    MissingPayment,
    /// No waybill for the list's `logisticsNo`.
    MissingWaybill,
    /// `orderNo` differs.
    OrderNoMismatch,
    /// Platform `ebpCode` differs.
    EbpCodeMismatch,
    /// E-commerce enterprise `ebcCode` differs (order vs list).
    EbcCodeMismatch,
    /// Buyer identity number differs (order/list buyer, payment payer).
    BuyerIdMismatch,
    /// Buyer name differs (order/list buyer, payment payer).
    BuyerNameMismatch,
    /// Payment `amountPaid` ≠ order `acturalPaid`.
    AmountPaidMismatch,
    /// Payment transaction id stated on the order differs from the payment's.
    PayTransactionMismatch,
    /// Payment enterprise `payCode` stated on the order differs from the payment's.
    PayCodeMismatch,
    /// Waybill `logisticsNo` differs from the list's.
    LogisticsNoMismatch,
    /// Logistics enterprise `logisticsCode` differs.
    LogisticsCodeMismatch,
    /// Consignee name differs (order vs waybill).
    ConsigneeMismatch,
    /// Consignee telephone differs (order vs waybill).
    ConsigneeTelephoneMismatch,
    /// Consignee address differs (order or list vs waybill).
    ConsigneeAddressMismatch,
    /// A list line has no order line with the same `gnum`.
    ItemNotInOrder,
    /// An order line has no list line with the same `gnum`.
    ItemNotInList,
    /// A list line differs from the order line with the same `gnum` (item number,
    /// name, unit, quantity, price or total).
    ItemMismatch,
}

impl Reason {
    /// Stable snake_case code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::MissingOrder => "missing_order",
            Self::MissingPayment => "missing_payment",
            Self::MissingWaybill => "missing_waybill",
            Self::OrderNoMismatch => "order_no_mismatch",
            Self::EbpCodeMismatch => "ebp_code_mismatch",
            Self::EbcCodeMismatch => "ebc_code_mismatch",
            Self::BuyerIdMismatch => "buyer_id_mismatch",
            Self::BuyerNameMismatch => "buyer_name_mismatch",
            Self::AmountPaidMismatch => "amount_paid_mismatch",
            Self::PayTransactionMismatch => "pay_transaction_mismatch",
            Self::PayCodeMismatch => "pay_code_mismatch",
            Self::LogisticsNoMismatch => "logistics_no_mismatch",
            Self::LogisticsCodeMismatch => "logistics_code_mismatch",
            Self::ConsigneeMismatch => "consignee_mismatch",
            Self::ConsigneeTelephoneMismatch => "consignee_telephone_mismatch",
            Self::ConsigneeAddressMismatch => "consignee_address_mismatch",
            Self::ItemNotInOrder => "item_not_in_order",
            Self::ItemNotInList => "item_not_in_list",
            Self::ItemMismatch => "item_mismatch",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One disagreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// Named reason.
    pub reason: Reason,
    /// The document that disagrees.
    pub document: Document,
    /// The field compared (XSD name on the compared document), e.g. `payerIdNumber`.
    pub field: &'static str,
    /// Human-readable detail with both values.
    pub detail: String,
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}.{} ({})",
            self.reason,
            self.document.as_str(),
            self.field,
            self.detail
        )
    }
}

struct Acc(Vec<Disagreement>);

impl Acc {
    fn text(
        &mut self,
        reason: Reason,
        doc: Document,
        field: &'static str,
        theirs: &str,
        ours: &str,
        ours_name: &str,
    ) {
        if theirs != ours {
            self.0.push(Disagreement {
                reason,
                document: doc,
                field,
                detail: format!("{} {field} {theirs:?} ≠ {ours_name} {ours:?}", doc.as_str()),
            });
        }
    }

    fn amount(
        &mut self,
        reason: Reason,
        doc: Document,
        field: &'static str,
        theirs: Decimal,
        ours: Decimal,
        ours_name: &str,
    ) {
        if (theirs - ours).abs() >= AMOUNT_TOLERANCE_CNY {
            self.0.push(Disagreement {
                reason,
                document: doc,
                field,
                detail: format!("{} {field} {theirs} ≠ {ours_name} {ours}", doc.as_str()),
            });
        }
    }

    fn missing(&mut self, reason: Reason, doc: Document, field: &'static str, key: &str) {
        self.0.push(Disagreement {
            reason,
            document: doc,
            field,
            detail: format!("no {} for {field} {key:?}", doc.as_str()),
        });
    }
}

/// Compare one inventory list with the order, payment and waybill it references.
/// `None` for a document that was not received yields `missing_order` /
/// `missing_payment` / `missing_waybill`. Returns every disagreement; empty means
/// the four documents agree.
pub fn three_document_check(
    inventory: &Inventory,
    order: Option<&Order>,
    payment: Option<&PaymentHead>,
    waybill: Option<&LogisticsHead>,
) -> Vec<Disagreement> {
    use Document as D;
    use Reason as R;
    let inv = &inventory.head;
    let mut acc = Acc(Vec::new());

    match order {
        None => acc.missing(R::MissingOrder, D::Order, "orderNo", &inv.order_no),
        Some(order) => {
            let o = &order.head;
            acc.text(
                R::OrderNoMismatch,
                D::Order,
                "orderNo",
                &o.order_no,
                &inv.order_no,
                "list orderNo",
            );
            acc.text(
                R::EbpCodeMismatch,
                D::Order,
                "ebpCode",
                &o.ebp_code,
                &inv.ebp_code,
                "list ebpCode",
            );
            acc.text(
                R::EbcCodeMismatch,
                D::Order,
                "ebcCode",
                &o.ebc_code,
                &inv.ebc_code,
                "list ebcCode",
            );
            acc.text(
                R::BuyerIdMismatch,
                D::Order,
                "buyerIdNumber",
                &o.buyer_id_number,
                &inv.buyer_id_number,
                "list buyerIdNumber",
            );
            acc.text(
                R::BuyerNameMismatch,
                D::Order,
                "buyerName",
                &o.buyer_name,
                &inv.buyer_name,
                "list buyerName",
            );
            items(&mut acc, inventory, order);
        }
    }

    match payment {
        None => acc.missing(R::MissingPayment, D::Payment, "orderNo", &inv.order_no),
        Some(p) => {
            acc.text(
                R::OrderNoMismatch,
                D::Payment,
                "orderNo",
                &p.order_no,
                &inv.order_no,
                "list orderNo",
            );
            acc.text(
                R::EbpCodeMismatch,
                D::Payment,
                "ebpCode",
                &p.ebp_code,
                &inv.ebp_code,
                "list ebpCode",
            );
            // The payer must be the buyer: compare with the list (always present) …
            acc.text(
                R::BuyerIdMismatch,
                D::Payment,
                "payerIdNumber",
                &p.payer_id_number,
                &inv.buyer_id_number,
                "list buyerIdNumber",
            );
            acc.text(
                R::BuyerNameMismatch,
                D::Payment,
                "payerName",
                &p.payer_name,
                &inv.buyer_name,
                "list buyerName",
            );
            // … and the amount with the order's actual payment.
            if let Some(order) = order {
                let o = &order.head;
                acc.amount(
                    R::AmountPaidMismatch,
                    D::Payment,
                    "amountPaid",
                    p.amount_paid,
                    o.actural_paid,
                    "order acturalPaid",
                );
                if let Some(tx) = o.pay_transaction_id.as_deref() {
                    acc.text(
                        R::PayTransactionMismatch,
                        D::Payment,
                        "payTransactionId",
                        &p.pay_transaction_id,
                        tx,
                        "order payTransactionId",
                    );
                }
                if let Some(code) = o.pay_code.as_deref() {
                    acc.text(
                        R::PayCodeMismatch,
                        D::Payment,
                        "payCode",
                        &p.pay_code,
                        code,
                        "order payCode",
                    );
                }
            }
        }
    }

    match waybill {
        None => acc.missing(
            R::MissingWaybill,
            D::Waybill,
            "logisticsNo",
            &inv.logistics_no,
        ),
        Some(w) => {
            acc.text(
                R::LogisticsNoMismatch,
                D::Waybill,
                "logisticsNo",
                &w.logistics_no,
                &inv.logistics_no,
                "list logisticsNo",
            );
            acc.text(
                R::LogisticsCodeMismatch,
                D::Waybill,
                "logisticsCode",
                &w.logistics_code,
                &inv.logistics_code,
                "list logisticsCode",
            );
            acc.text(
                R::OrderNoMismatch,
                D::Waybill,
                "orderNo",
                &w.order_no,
                &inv.order_no,
                "list orderNo",
            );
            acc.text(
                R::ConsigneeAddressMismatch,
                D::Waybill,
                "consigneeAddress",
                &w.consignee_address,
                &inv.consignee_address,
                "list consigneeAddress",
            );
            if let Some(order) = order {
                let o = &order.head;
                acc.text(
                    R::ConsigneeMismatch,
                    D::Waybill,
                    "consignee",
                    &w.consignee,
                    &o.consignee,
                    "order consignee",
                );
                acc.text(
                    R::ConsigneeTelephoneMismatch,
                    D::Waybill,
                    "consigneeTelephone",
                    &w.consignee_telephone,
                    &o.consignee_telephone,
                    "order consigneeTelephone",
                );
                if o.consignee_address != inv.consignee_address {
                    acc.text(
                        R::ConsigneeAddressMismatch,
                        D::Waybill,
                        "consigneeAddress",
                        &w.consignee_address,
                        &o.consignee_address,
                        "order consigneeAddress",
                    );
                }
            }
        }
    }
    acc.0
}

/// Lines are matched by `gnum` (the spec: "与关联的电子订单表体序号一一对应").
fn items(acc: &mut Acc, inventory: &Inventory, order: &Order) {
    use Document as D;
    use Reason as R;
    for l in &inventory.lists {
        let Some(ol) = order.lists.iter().find(|ol| ol.gnum == l.gnum) else {
            acc.0.push(Disagreement {
                reason: R::ItemNotInOrder,
                document: D::Order,
                field: "gnum",
                detail: format!("list line gnum {} has no order line", l.gnum),
            });
            continue;
        };
        let mut diffs = Vec::new();
        if let (Some(a), Some(b)) = (&l.item_no, &ol.item_no)
            && a != b
        {
            diffs.push(format!("itemNo {b:?} ≠ list {a:?}"));
        }
        if let Some(a) = &l.item_name
            && *a != ol.item_name
        {
            diffs.push(format!("itemName {:?} ≠ list {a:?}", ol.item_name));
        }
        if l.unit != ol.unit {
            diffs.push(format!("unit {:?} ≠ list {:?}", ol.unit, l.unit));
        }
        if l.qty != ol.qty {
            diffs.push(format!("qty {} ≠ list {}", ol.qty, l.qty));
        }
        if (l.price - ol.price).abs() >= AMOUNT_TOLERANCE_CNY {
            diffs.push(format!("price {} ≠ list {}", ol.price, l.price));
        }
        if (l.total_price - ol.total_price).abs() >= AMOUNT_TOLERANCE_CNY {
            diffs.push(format!(
                "totalPrice {} ≠ list {}",
                ol.total_price, l.total_price
            ));
        }
        if !diffs.is_empty() {
            acc.0.push(Disagreement {
                reason: R::ItemMismatch,
                document: D::Order,
                field: "OrderList",
                detail: format!("gnum {}: order {}", l.gnum, diffs.join(", ")),
            });
        }
    }
    for ol in &order.lists {
        if !inventory.lists.iter().any(|l| l.gnum == ol.gnum) {
            acc.0.push(Disagreement {
                reason: R::ItemNotInList,
                document: D::Order,
                field: "gnum",
                detail: format!("order line gnum {} is not on the list", ol.gnum),
            });
        }
    }
}

/// Find the documents for `inventory` among received ones (order and payment by
/// `orderNo`, waybill by `logisticsNo`) and run [`three_document_check`].
pub fn three_document_check_among(
    inventory: &Inventory,
    orders: &[Order],
    payments: &[PaymentHead],
    waybills: &[LogisticsHead],
) -> Vec<Disagreement> {
    let h = &inventory.head;
    let order = orders
        .iter()
        .find(|o| o.head.order_no == h.order_no && o.head.ebp_code == h.ebp_code);
    let order = order.or_else(|| orders.iter().find(|o| o.head.order_no == h.order_no));
    let payment = payments.iter().find(|p| p.order_no == h.order_no);
    let waybill = waybills.iter().find(|w| w.logistics_no == h.logistics_no);
    three_document_check(inventory, order, payment, waybill)
}
