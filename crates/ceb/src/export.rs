//! The CEB export messages (spec chapter 2; modes 9610/9710/9810/1210): entry types
//! and the walk that fills them from the element tree while running the schema checks.
//! The export roots put `ds:Signature` before `ExtendMessage` (import: after).

use crate::generated::{
    ArrivalHead, ArrivalList, ArrivalReturn, DepartureHead, DepartureList, DepartureReturn,
    ExportInventoryHead, ExportInventoryList, ExportInventoryReturn, ExportInvtCancel,
    ExportInvtCancelReturn, ExportInvtRefundHead, ExportInvtRefundList, ExportLogistics,
    ExportLogisticsReturn, ExportOrderHead, ExportOrderList, ExportOrderReturn, InvtRefundDetail,
    InvtRefundDetailReturn, Receipts, ReceiptsReturn, RefundReturn, SummaryApplyHead,
    SummaryApplyList, SummaryResultHead, SummaryResultList, SummaryReturn, WayBillHead,
    WayBillList, WayBillReturn,
};
use crate::model::{
    Envelope, Message, MessageType, UNBOUNDED, body, entries, head_lists, receipt_records,
};
use crate::schema::{Ctx, Field, Part, Rec};
use crate::xml::Node;

/// One entry made of a header and its lines (`Order`, `Arrival`, `Inventory` …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc<H, L> {
    /// The header record.
    pub head: H,
    /// The line records, in document order.
    pub lists: Vec<L>,
}

/// CEB303 `Order`: `OrderHead` + `OrderList` (1..100).
pub type ExportOrder = Doc<ExportOrderHead, ExportOrderList>;
/// CEB507 `Arrival`: `ArrivalHead` + `ArrivalList` (0..unbounded).
pub type Arrival = Doc<ArrivalHead, ArrivalList>;
/// CEB509 `Departure`: `DepartureHead` + `DepartureList` (1..unbounded).
pub type Departure = Doc<DepartureHead, DepartureList>;
/// CEB603 `Inventory`: `InventoryHead` + `InventoryList` (1..100).
pub type ExportInventory = Doc<ExportInventoryHead, ExportInventoryList>;
/// CEB607 `WayBill`: `WayBillHead` + `WayBillList` (1..unbounded).
pub type WayBill = Doc<WayBillHead, WayBillList>;
/// CEB213 `InvtRefund`: `InvtRefundHead` + `InvtRefundList` (1..100).
pub type ExportInvtRefund = Doc<ExportInvtRefundHead, ExportInvtRefundList>;
/// CEB701 `SummaryApply`: `SummaryApplyHead` + `SummaryApplyList` (0..unbounded).
pub type SummaryApply = Doc<SummaryApplyHead, SummaryApplyList>;
/// CEB792 `SummaryResult`: `SummaryResultHead` + `SummaryResultList` (0..unbounded).
pub type SummaryResult = Doc<SummaryResultHead, SummaryResultList>;

/// The records of an export receipt message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportReturns {
    /// CEB304.
    Order(Vec<ExportOrderReturn>),
    /// CEB404.
    Receipts(Vec<ReceiptsReturn>),
    /// CEB506.
    Waybill(Vec<ExportLogisticsReturn>),
    /// CEB508.
    Arrival(Vec<ArrivalReturn>),
    /// CEB510.
    Departure(Vec<DepartureReturn>),
    /// CEB604.
    Inventory(Vec<ExportInventoryReturn>),
    /// CEB606.
    Cancel(Vec<ExportInvtCancelReturn>),
    /// CEB608.
    WayBill(Vec<WayBillReturn>),
    /// CEB214.
    Refund(Vec<RefundReturn>),
    /// CEB216.
    RefundDetail(Vec<InvtRefundDetailReturn>),
    /// CEB702.
    Summary(Vec<SummaryReturn>),
}

impl ExportReturns {
    /// Number of receipt records.
    pub fn len(&self) -> usize {
        match self {
            Self::Order(v) => v.len(),
            Self::Receipts(v) => v.len(),
            Self::Waybill(v) => v.len(),
            Self::Arrival(v) => v.len(),
            Self::Departure(v) => v.len(),
            Self::Inventory(v) => v.len(),
            Self::Cancel(v) => v.len(),
            Self::WayBill(v) => v.len(),
            Self::Refund(v) => v.len(),
            Self::RefundDetail(v) => v.len(),
            Self::Summary(v) => v.len(),
        }
    }

    /// True when there is no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Export root sequence: entries, BaseTransfer, BaseSubscribe 0..5, ds:Signature
/// 0..1, ExtendMessage 0..1 (all export roots in the XSD have an optional signature;
/// the spec's tables call it 是 for some — the XSD is followed).
const fn export_parts(entry: &'static str) -> [Part; 5] {
    [
        Part::ceb(entry, 1, 100),
        Part::ceb("BaseTransfer", 1, 1),
        Part::ceb("BaseSubscribe", 0, 5),
        Part::ds("Signature", 0, 1),
        Part::ceb("ExtendMessage", 0, 1),
    ]
}

const fn doc_parts(head: &'static str, list: &'static str, min: u32, max: u32) -> [Part; 2] {
    [Part::ceb(head, 1, 1), Part::ceb(list, min, max)]
}

static CEB303_PARTS: [Part; 5] = export_parts("Order");
static CEB403_PARTS: [Part; 5] = export_parts("Receipts");
static CEB505_PARTS: [Part; 5] = export_parts("Logistics");
static CEB507_PARTS: [Part; 5] = export_parts("Arrival");
static CEB509_PARTS: [Part; 5] = export_parts("Departure");
static CEB603_PARTS: [Part; 5] = export_parts("Inventory");
static CEB605_PARTS: [Part; 5] = export_parts("InvtCancel");
static CEB607_PARTS: [Part; 5] = export_parts("WayBill");
static CEB213_PARTS: [Part; 5] = export_parts("InvtRefund");
static CEB215_PARTS: [Part; 5] = export_parts("InvtRefundDetail");
static CEB701_PARTS: [Part; 5] = export_parts("SummaryApply");
static CEB792_PARTS: [Part; 1] = [Part::ceb("SummaryResult", 1, 100)];

static ORDER_PARTS: [Part; 2] = doc_parts("OrderHead", "OrderList", 1, 100);
static ARRIVAL_PARTS: [Part; 2] = doc_parts("ArrivalHead", "ArrivalList", 0, UNBOUNDED);
static DEPARTURE_PARTS: [Part; 2] = doc_parts("DepartureHead", "DepartureList", 1, UNBOUNDED);
static INVENTORY_PARTS: [Part; 2] = doc_parts("InventoryHead", "InventoryList", 1, 100);
static WAYBILL_PARTS: [Part; 2] = doc_parts("WayBillHead", "WayBillList", 1, UNBOUNDED);
static REFUND_PARTS: [Part; 2] = doc_parts("InvtRefundHead", "InvtRefundList", 1, 100);
static SUMMARY_APPLY_PARTS: [Part; 2] =
    doc_parts("SummaryApplyHead", "SummaryApplyList", 0, UNBOUNDED);
static SUMMARY_RESULT_PARTS: [Part; 2] =
    doc_parts("SummaryResultHead", "SummaryResultList", 0, UNBOUNDED);

type FromRec<T> = fn(&Rec<'_>) -> T;

/// Read every head + lines entry of group 0.
fn docs<'n, 'a, H: Default, L>(
    ctx: &mut Ctx<'_>,
    g: &crate::model::Groups<'n, 'a>,
    entry: &'static str,
    parts: &[Part],
    (head_fields, head_from): (&[Field], FromRec<H>),
    (list_fields, list_from): (&[Field], FromRec<L>),
) -> Vec<Doc<H, L>> {
    entries(ctx, g, entry, |ctx, n| {
        let (head, lists) = head_lists(ctx, n, parts, head_fields, list_fields);
        Doc {
            head: head.map(|r| head_from(&r)).unwrap_or_default(),
            lists: lists.iter().map(list_from).collect(),
        }
    })
}

/// Read every single-record entry of group 0.
fn records<'n, 'a, T>(
    ctx: &mut Ctx<'_>,
    g: &crate::model::Groups<'n, 'a>,
    entry: &'static str,
    fields: &[Field],
    from: FromRec<T>,
) -> Vec<T> {
    entries(ctx, g, entry, |ctx, n| from(&ctx.record(n, fields)))
}

macro_rules! rec {
    ($t:ty) => {
        (<$t>::FIELDS, <$t>::from_rec as FromRec<$t>)
    };
}

/// Walk an export message (called by the model's walk with the root entered).
pub(crate) fn walk(
    ctx: &mut Ctx<'_>,
    root: &Node<'_>,
    t: MessageType,
    envelope: Envelope,
) -> Message {
    macro_rules! returns {
        ($variant:ident, $t:ty) => {{
            let r = receipt_records(ctx, root, <$t>::ELEMENT, <$t>::FIELDS, <$t>::from_rec);
            Message::ExportReceipt {
                envelope,
                returns: ExportReturns::$variant(r),
            }
        }};
    }
    match t {
        MessageType::Ceb303 => {
            let (g, transfer) = body(ctx, root, &CEB303_PARTS);
            let orders = docs(
                ctx,
                &g,
                "Order",
                &ORDER_PARTS,
                rec!(ExportOrderHead),
                rec!(ExportOrderList),
            );
            Message::ExportOrder {
                envelope,
                orders,
                transfer,
            }
        }
        MessageType::Ceb403 => {
            let (g, transfer) = body(ctx, root, &CEB403_PARTS);
            let receipts = records(ctx, &g, "Receipts", Receipts::FIELDS, Receipts::from_rec);
            Message::ExportReceipts {
                envelope,
                receipts,
                transfer,
            }
        }
        MessageType::Ceb505 => {
            let (g, transfer) = body(ctx, root, &CEB505_PARTS);
            let waybills = records(
                ctx,
                &g,
                "Logistics",
                ExportLogistics::FIELDS,
                ExportLogistics::from_rec,
            );
            Message::ExportWaybill {
                envelope,
                waybills,
                transfer,
            }
        }
        MessageType::Ceb507 => {
            let (g, transfer) = body(ctx, root, &CEB507_PARTS);
            let arrivals = docs(
                ctx,
                &g,
                "Arrival",
                &ARRIVAL_PARTS,
                rec!(ArrivalHead),
                rec!(ArrivalList),
            );
            Message::Arrival {
                envelope,
                arrivals,
                transfer,
            }
        }
        MessageType::Ceb509 => {
            let (g, transfer) = body(ctx, root, &CEB509_PARTS);
            let departures = docs(
                ctx,
                &g,
                "Departure",
                &DEPARTURE_PARTS,
                rec!(DepartureHead),
                rec!(DepartureList),
            );
            Message::Departure {
                envelope,
                departures,
                transfer,
            }
        }
        MessageType::Ceb603 => {
            let (g, transfer) = body(ctx, root, &CEB603_PARTS);
            let inventories = docs(
                ctx,
                &g,
                "Inventory",
                &INVENTORY_PARTS,
                rec!(ExportInventoryHead),
                rec!(ExportInventoryList),
            );
            Message::ExportInventory {
                envelope,
                inventories,
                transfer,
            }
        }
        MessageType::Ceb605 => {
            let (g, transfer) = body(ctx, root, &CEB605_PARTS);
            let cancels = records(
                ctx,
                &g,
                "InvtCancel",
                ExportInvtCancel::FIELDS,
                ExportInvtCancel::from_rec,
            );
            Message::ExportCancel {
                envelope,
                cancels,
                transfer,
            }
        }
        MessageType::Ceb607 => {
            let (g, transfer) = body(ctx, root, &CEB607_PARTS);
            let way_bills = docs(
                ctx,
                &g,
                "WayBill",
                &WAYBILL_PARTS,
                rec!(WayBillHead),
                rec!(WayBillList),
            );
            Message::MasterList {
                envelope,
                way_bills,
                transfer,
            }
        }
        MessageType::Ceb213 => {
            let (g, transfer) = body(ctx, root, &CEB213_PARTS);
            let refunds = docs(
                ctx,
                &g,
                "InvtRefund",
                &REFUND_PARTS,
                rec!(ExportInvtRefundHead),
                rec!(ExportInvtRefundList),
            );
            Message::ExportRefund {
                envelope,
                refunds,
                transfer,
            }
        }
        MessageType::Ceb215 => {
            let (g, transfer) = body(ctx, root, &CEB215_PARTS);
            let details = records(
                ctx,
                &g,
                "InvtRefundDetail",
                InvtRefundDetail::FIELDS,
                InvtRefundDetail::from_rec,
            );
            Message::RefundDetail {
                envelope,
                details,
                transfer,
            }
        }
        MessageType::Ceb701 => {
            let (g, transfer) = body(ctx, root, &CEB701_PARTS);
            let applications = docs(
                ctx,
                &g,
                "SummaryApply",
                &SUMMARY_APPLY_PARTS,
                rec!(SummaryApplyHead),
                rec!(SummaryApplyList),
            );
            Message::SummaryApply {
                envelope,
                applications,
                transfer,
            }
        }
        MessageType::Ceb792 => {
            let g = ctx.seq(root, &CEB792_PARTS);
            let results = docs(
                ctx,
                &g,
                "SummaryResult",
                &SUMMARY_RESULT_PARTS,
                rec!(SummaryResultHead),
                rec!(SummaryResultList),
            );
            Message::SummaryResult { envelope, results }
        }
        MessageType::Ceb304 => returns!(Order, ExportOrderReturn),
        MessageType::Ceb404 => returns!(Receipts, ReceiptsReturn),
        MessageType::Ceb506 => returns!(Waybill, ExportLogisticsReturn),
        MessageType::Ceb508 => returns!(Arrival, ArrivalReturn),
        MessageType::Ceb510 => returns!(Departure, DepartureReturn),
        MessageType::Ceb604 => returns!(Inventory, ExportInventoryReturn),
        MessageType::Ceb606 => returns!(Cancel, ExportInvtCancelReturn),
        MessageType::Ceb608 => returns!(WayBill, WayBillReturn),
        MessageType::Ceb214 => returns!(Refund, RefundReturn),
        MessageType::Ceb216 => returns!(RefundDetail, InvtRefundDetailReturn),
        // Ceb702 and (unreachable: the import types are walked by the model) the rest.
        _ => returns!(Summary, SummaryReturn),
    }
}
