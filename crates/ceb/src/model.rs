//! The CEB import messages as plain structs, and the walk that fills them from the
//! element tree while running the schema checks.

use crate::error::{Finding, ParseError, ParseErrorCode};
use crate::export::{
    Arrival, Departure, ExportInventory, ExportInvtRefund, ExportOrder, ExportReturns,
    SummaryApply, SummaryResult, WayBill,
};
use crate::generated::{
    BaseSubscribe, BaseTransfer, DeliveryHead, DeliveryList, DeliveryReturn, InventoryHead,
    InventoryList, InventoryReturn, InvtCancel, InvtCancelReturn, InvtRefundHead, InvtRefundList,
    InvtRefundReturn, LogisticsHead, LogisticsReturn, LogisticsStatus, LogisticsStatusReturn,
    OrderHead, OrderList, OrderReturn, PaymentHead, PaymentReturn, TaxHeadRd, TaxHeadStatus,
    TaxListRd,
};
use crate::generated::{ExportInvtCancel, ExportLogistics, InvtRefundDetail, Receipts};
use crate::limits::Limits;
use crate::schema::{Ctx, Field, Kind, Part};
use crate::xml::{self, Node, Ns};

/// The message types this crate reads, named by their root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageType {
    /// CEB311 electronic order (电子订单).
    Ceb311,
    /// CEB312 order receipt.
    Ceb312,
    /// CEB411 payment voucher (支付凭证).
    Ceb411,
    /// CEB412 payment receipt.
    Ceb412,
    /// CEB511 waybill (运单).
    Ceb511,
    /// CEB512 waybill receipt.
    Ceb512,
    /// CEB621 import inventory list (进口清单).
    Ceb621,
    /// CEB622 inventory list receipt.
    Ceb622,
    /// CEB623 cancellation request (撤销申请单).
    Ceb623,
    /// CEB624 cancellation receipt.
    Ceb624,
    /// CEB625 return request (退货申请单).
    Ceb625,
    /// CEB626 return receipt.
    Ceb626,
    /// CEB513 waybill status (运单状态).
    Ceb513,
    /// CEB514 waybill status receipt.
    Ceb514,
    /// CEB711 warehouse entry (入库明细单).
    Ceb711,
    /// CEB712 warehouse entry receipt.
    Ceb712,
    /// CEB816 e-tax bill (电子税单), issued by customs.
    Ceb816,
    /// CEB818 e-tax bill status (电子税单状态), issued by customs.
    Ceb818,
    /// CEB303 export order (电子订单, 9610/9710/9810).
    Ceb303,
    /// CEB304 export order receipt.
    Ceb304,
    /// CEB403 receipt of payment (收款单).
    Ceb403,
    /// CEB404 receipt-of-payment receipt.
    Ceb404,
    /// CEB505 export waybill (运单).
    Ceb505,
    /// CEB506 export waybill receipt.
    Ceb506,
    /// CEB507 arrival report (运抵单).
    Ceb507,
    /// CEB508 arrival receipt.
    Ceb508,
    /// CEB509 departure report (离境单).
    Ceb509,
    /// CEB510 departure receipt.
    Ceb510,
    /// CEB603 export inventory list (出口清单).
    Ceb603,
    /// CEB604 export inventory list receipt.
    Ceb604,
    /// CEB605 export cancellation request (撤销申请单).
    Ceb605,
    /// CEB606 export cancellation receipt.
    Ceb606,
    /// CEB607 master/sub list (清单总分单).
    Ceb607,
    /// CEB608 master/sub list receipt.
    Ceb608,
    /// CEB213 export return request (退货申请单).
    Ceb213,
    /// CEB214 export return receipt.
    Ceb214,
    /// CEB215 return tally detail (退货理货明细单).
    Ceb215,
    /// CEB216 return tally detail receipt.
    Ceb216,
    /// CEB701 summary application (汇总申请单).
    Ceb701,
    /// CEB702 summary application receipt.
    Ceb702,
    /// CEB792 summary result (汇总结果单), issued by customs.
    Ceb792,
}

impl MessageType {
    /// Every supported type.
    pub const ALL: [MessageType; 41] = [
        Self::Ceb311,
        Self::Ceb312,
        Self::Ceb411,
        Self::Ceb412,
        Self::Ceb511,
        Self::Ceb512,
        Self::Ceb621,
        Self::Ceb622,
        Self::Ceb623,
        Self::Ceb624,
        Self::Ceb625,
        Self::Ceb626,
        Self::Ceb513,
        Self::Ceb514,
        Self::Ceb711,
        Self::Ceb712,
        Self::Ceb816,
        Self::Ceb818,
        Self::Ceb303,
        Self::Ceb304,
        Self::Ceb403,
        Self::Ceb404,
        Self::Ceb505,
        Self::Ceb506,
        Self::Ceb507,
        Self::Ceb508,
        Self::Ceb509,
        Self::Ceb510,
        Self::Ceb603,
        Self::Ceb604,
        Self::Ceb605,
        Self::Ceb606,
        Self::Ceb607,
        Self::Ceb608,
        Self::Ceb213,
        Self::Ceb214,
        Self::Ceb215,
        Self::Ceb216,
        Self::Ceb701,
        Self::Ceb702,
        Self::Ceb792,
    ];

    /// Root element local name, e.g. `CEB311Message`.
    pub const fn root_name(self) -> &'static str {
        match self {
            Self::Ceb311 => "CEB311Message",
            Self::Ceb312 => "CEB312Message",
            Self::Ceb411 => "CEB411Message",
            Self::Ceb412 => "CEB412Message",
            Self::Ceb511 => "CEB511Message",
            Self::Ceb512 => "CEB512Message",
            Self::Ceb621 => "CEB621Message",
            Self::Ceb622 => "CEB622Message",
            Self::Ceb623 => "CEB623Message",
            Self::Ceb624 => "CEB624Message",
            Self::Ceb625 => "CEB625Message",
            Self::Ceb626 => "CEB626Message",
            Self::Ceb513 => "CEB513Message",
            Self::Ceb514 => "CEB514Message",
            Self::Ceb711 => "CEB711Message",
            Self::Ceb712 => "CEB712Message",
            Self::Ceb816 => "CEB816Message",
            Self::Ceb818 => "CEB818Message",
            Self::Ceb303 => "CEB303Message",
            Self::Ceb304 => "CEB304Message",
            Self::Ceb403 => "CEB403Message",
            Self::Ceb404 => "CEB404Message",
            Self::Ceb505 => "CEB505Message",
            Self::Ceb506 => "CEB506Message",
            Self::Ceb507 => "CEB507Message",
            Self::Ceb508 => "CEB508Message",
            Self::Ceb509 => "CEB509Message",
            Self::Ceb510 => "CEB510Message",
            Self::Ceb603 => "CEB603Message",
            Self::Ceb604 => "CEB604Message",
            Self::Ceb605 => "CEB605Message",
            Self::Ceb606 => "CEB606Message",
            Self::Ceb607 => "CEB607Message",
            Self::Ceb608 => "CEB608Message",
            Self::Ceb213 => "CEB213Message",
            Self::Ceb214 => "CEB214Message",
            Self::Ceb215 => "CEB215Message",
            Self::Ceb216 => "CEB216Message",
            Self::Ceb701 => "CEB701Message",
            Self::Ceb702 => "CEB702Message",
            Self::Ceb792 => "CEB792Message",
        }
    }

    /// The type for a root element local name.
    pub fn from_root_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.root_name() == name)
    }

    /// The receipt type answering this message (`None` for receipts).
    pub const fn receipt_type(self) -> Option<MessageType> {
        match self {
            Self::Ceb311 => Some(Self::Ceb312),
            Self::Ceb411 => Some(Self::Ceb412),
            Self::Ceb511 => Some(Self::Ceb512),
            Self::Ceb621 => Some(Self::Ceb622),
            Self::Ceb623 => Some(Self::Ceb624),
            Self::Ceb625 => Some(Self::Ceb626),
            Self::Ceb513 => Some(Self::Ceb514),
            Self::Ceb711 => Some(Self::Ceb712),
            Self::Ceb303 => Some(Self::Ceb304),
            Self::Ceb403 => Some(Self::Ceb404),
            Self::Ceb505 => Some(Self::Ceb506),
            Self::Ceb507 => Some(Self::Ceb508),
            Self::Ceb509 => Some(Self::Ceb510),
            Self::Ceb603 => Some(Self::Ceb604),
            Self::Ceb605 => Some(Self::Ceb606),
            Self::Ceb607 => Some(Self::Ceb608),
            Self::Ceb213 => Some(Self::Ceb214),
            Self::Ceb215 => Some(Self::Ceb216),
            Self::Ceb701 => Some(Self::Ceb702),
            _ => None,
        }
    }

    /// Local name of one business entry (`Order`, `Payment`, … or the receipt record).
    pub const fn entry_name(self) -> &'static str {
        match self {
            Self::Ceb311 => "Order",
            Self::Ceb312 => "OrderReturn",
            Self::Ceb411 => "Payment",
            Self::Ceb412 => "PaymentReturn",
            Self::Ceb511 => "Logistics",
            Self::Ceb512 => "LogisticsReturn",
            Self::Ceb621 => "Inventory",
            Self::Ceb622 => "InventoryReturn",
            Self::Ceb623 => "InvtCancel",
            Self::Ceb624 => "InvtCancelReturn",
            Self::Ceb625 => "InvtRefund",
            Self::Ceb626 => "InvtRefundReturn",
            Self::Ceb513 => "LogisticsStatus",
            Self::Ceb514 => "LogisticsStatusReturn",
            Self::Ceb711 => "Delivery",
            Self::Ceb712 => "DeliveryReturn",
            Self::Ceb816 | Self::Ceb818 => "Tax",
            Self::Ceb303 => "Order",
            Self::Ceb304 => "OrderReturn",
            Self::Ceb403 => "Receipts",
            Self::Ceb404 => "ReceiptsReturn",
            Self::Ceb505 => "Logistics",
            Self::Ceb506 => "LogisticsReturn",
            Self::Ceb507 => "Arrival",
            Self::Ceb508 => "ArrivalReturn",
            Self::Ceb509 => "Departure",
            Self::Ceb510 => "DepartureReturn",
            Self::Ceb603 => "Inventory",
            Self::Ceb604 => "InventoryReturn",
            Self::Ceb605 => "InvtCancel",
            Self::Ceb606 => "InvtCancelReturn",
            Self::Ceb607 => "WayBill",
            Self::Ceb608 => "WayBillReturn",
            Self::Ceb213 => "InvtRefund",
            Self::Ceb214 => "RefundReturn",
            Self::Ceb215 => "InvtRefundDetail",
            Self::Ceb216 => "InvtRefundDetailReturn",
            Self::Ceb701 => "SummaryApply",
            Self::Ceb702 => "SummaryReturn",
            Self::Ceb792 => "SummaryResult",
        }
    }
}

/// Root attributes common to every message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// Which message.
    pub message_type: MessageType,
    /// Root `guid` attribute (36 characters).
    pub guid: String,
    /// Root `version` attribute (e.g. `1.0`).
    pub version: String,
}

/// Parts shared by the business (non-receipt) messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transfer {
    /// `BaseTransfer`: who transmitted the message.
    pub base_transfer: BaseTransfer,
    /// `BaseSubscribe` (0..5).
    pub base_subscribe: Vec<BaseSubscribe>,
    /// Whether an `ExtendMessage` element is present (its content is not interpreted).
    pub has_extend_message: bool,
    /// Whether a `ds:Signature` element is present (not verified here).
    pub signed: bool,
}

/// One `Order`: header and lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Order {
    /// `OrderHead`.
    pub head: OrderHead,
    /// `OrderList` (1..99).
    pub lists: Vec<OrderList>,
}

/// One `Inventory`: header and lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    /// `InventoryHead`.
    pub head: InventoryHead,
    /// `InventoryList` (1..99).
    pub lists: Vec<InventoryList>,
}

/// One `InvtRefund`: header and returned lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvtRefund {
    /// `InvtRefundHead`.
    pub head: InvtRefundHead,
    /// `InvtRefundList` (1..99).
    pub lists: Vec<InvtRefundList>,
}

/// One CEB711 `Delivery`: warehouse entry header and the waybills entered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    /// `DeliveryHead`.
    pub head: DeliveryHead,
    /// `DeliveryList` (1..unbounded).
    pub lists: Vec<DeliveryList>,
}

/// One CEB816 `Tax`: e-tax bill header and lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tax {
    /// `TaxHeadRd`.
    pub head: TaxHeadRd,
    /// `TaxListRd` (1..99).
    pub lists: Vec<TaxListRd>,
}

/// A parsed CEB message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)]
pub enum Message {
    /// CEB311: orders (1..100).
    Order {
        envelope: Envelope,
        orders: Vec<Order>,
        transfer: Transfer,
    },
    /// CEB411: payments (1..100).
    Payment {
        envelope: Envelope,
        payments: Vec<PaymentHead>,
        transfer: Transfer,
    },
    /// CEB511: waybills (1..100).
    Waybill {
        envelope: Envelope,
        waybills: Vec<LogisticsHead>,
        transfer: Transfer,
    },
    /// CEB621: inventory lists (1..100).
    Inventory {
        envelope: Envelope,
        inventories: Vec<Inventory>,
        transfer: Transfer,
    },
    /// CEB623: cancellation requests (1..100).
    Cancel {
        envelope: Envelope,
        cancels: Vec<InvtCancel>,
        transfer: Transfer,
    },
    /// CEB625: return requests (1..100).
    Refund {
        envelope: Envelope,
        refunds: Vec<InvtRefund>,
        transfer: Transfer,
    },
    /// CEB312.
    OrderReceipt {
        envelope: Envelope,
        returns: Vec<OrderReturn>,
    },
    /// CEB412.
    PaymentReceipt {
        envelope: Envelope,
        returns: Vec<PaymentReturn>,
    },
    /// CEB512.
    WaybillReceipt {
        envelope: Envelope,
        returns: Vec<LogisticsReturn>,
    },
    /// CEB622.
    InventoryReceipt {
        envelope: Envelope,
        returns: Vec<InventoryReturn>,
    },
    /// CEB624.
    CancelReceipt {
        envelope: Envelope,
        returns: Vec<InvtCancelReturn>,
    },
    /// CEB626.
    RefundReceipt {
        envelope: Envelope,
        returns: Vec<InvtRefundReturn>,
    },
    /// CEB513: waybill statuses (1..100).
    WaybillStatus {
        envelope: Envelope,
        statuses: Vec<LogisticsStatus>,
        transfer: Transfer,
    },
    /// CEB514.
    WaybillStatusReceipt {
        envelope: Envelope,
        returns: Vec<LogisticsStatusReturn>,
    },
    /// CEB711: one warehouse entry (the XSD allows exactly one `Delivery`).
    Delivery {
        envelope: Envelope,
        deliveries: Vec<Delivery>,
        transfer: Transfer,
    },
    /// CEB712.
    DeliveryReceipt {
        envelope: Envelope,
        returns: Vec<DeliveryReturn>,
    },
    /// CEB816: e-tax bills (1..unbounded); no `BaseTransfer` (customs issues it).
    TaxBill { envelope: Envelope, taxes: Vec<Tax> },
    /// CEB818: e-tax bill statuses (1..unbounded).
    TaxStatus {
        envelope: Envelope,
        statuses: Vec<TaxHeadStatus>,
    },
    /// CEB303: export orders (1..100).
    ExportOrder {
        envelope: Envelope,
        orders: Vec<ExportOrder>,
        transfer: Transfer,
    },
    /// CEB403: receipts of payment (1..100).
    ExportReceipts {
        envelope: Envelope,
        receipts: Vec<Receipts>,
        transfer: Transfer,
    },
    /// CEB505: export waybills (1..100).
    ExportWaybill {
        envelope: Envelope,
        waybills: Vec<ExportLogistics>,
        transfer: Transfer,
    },
    /// CEB507: arrival reports (1..100).
    Arrival {
        envelope: Envelope,
        arrivals: Vec<Arrival>,
        transfer: Transfer,
    },
    /// CEB509: departure reports (1..100).
    Departure {
        envelope: Envelope,
        departures: Vec<Departure>,
        transfer: Transfer,
    },
    /// CEB603: export inventory lists (1..100).
    ExportInventory {
        envelope: Envelope,
        inventories: Vec<ExportInventory>,
        transfer: Transfer,
    },
    /// CEB605: export cancellation requests (1..100).
    ExportCancel {
        envelope: Envelope,
        cancels: Vec<ExportInvtCancel>,
        transfer: Transfer,
    },
    /// CEB607: master/sub lists (1..100).
    MasterList {
        envelope: Envelope,
        way_bills: Vec<WayBill>,
        transfer: Transfer,
    },
    /// CEB213: export return requests (1..100).
    ExportRefund {
        envelope: Envelope,
        refunds: Vec<ExportInvtRefund>,
        transfer: Transfer,
    },
    /// CEB215: return tally details (1..100).
    RefundDetail {
        envelope: Envelope,
        details: Vec<InvtRefundDetail>,
        transfer: Transfer,
    },
    /// CEB701: summary applications (1..100).
    SummaryApply {
        envelope: Envelope,
        applications: Vec<SummaryApply>,
        transfer: Transfer,
    },
    /// CEB792: summary results (1..100), issued by customs.
    SummaryResult {
        envelope: Envelope,
        results: Vec<SummaryResult>,
    },
    /// CEB304/404/506/508/510/604/606/608/214/216/702: export receipts.
    ExportReceipt {
        envelope: Envelope,
        returns: ExportReturns,
    },
}

impl Message {
    /// Root attributes and type.
    pub fn envelope(&self) -> &Envelope {
        match self {
            Message::Order { envelope, .. }
            | Message::Payment { envelope, .. }
            | Message::Waybill { envelope, .. }
            | Message::Inventory { envelope, .. }
            | Message::Cancel { envelope, .. }
            | Message::Refund { envelope, .. }
            | Message::OrderReceipt { envelope, .. }
            | Message::PaymentReceipt { envelope, .. }
            | Message::WaybillReceipt { envelope, .. }
            | Message::InventoryReceipt { envelope, .. }
            | Message::CancelReceipt { envelope, .. }
            | Message::RefundReceipt { envelope, .. }
            | Message::WaybillStatus { envelope, .. }
            | Message::WaybillStatusReceipt { envelope, .. }
            | Message::Delivery { envelope, .. }
            | Message::DeliveryReceipt { envelope, .. }
            | Message::TaxBill { envelope, .. }
            | Message::TaxStatus { envelope, .. }
            | Message::ExportOrder { envelope, .. }
            | Message::ExportReceipts { envelope, .. }
            | Message::ExportWaybill { envelope, .. }
            | Message::Arrival { envelope, .. }
            | Message::Departure { envelope, .. }
            | Message::ExportInventory { envelope, .. }
            | Message::ExportCancel { envelope, .. }
            | Message::MasterList { envelope, .. }
            | Message::ExportRefund { envelope, .. }
            | Message::RefundDetail { envelope, .. }
            | Message::SummaryApply { envelope, .. }
            | Message::SummaryResult { envelope, .. }
            | Message::ExportReceipt { envelope, .. } => envelope,
        }
    }

    /// The message type.
    pub fn message_type(&self) -> MessageType {
        self.envelope().message_type
    }

    /// Number of business entries (orders, payments, …, receipt records).
    pub fn entry_count(&self) -> usize {
        match self {
            Message::Order { orders, .. } => orders.len(),
            Message::Payment { payments, .. } => payments.len(),
            Message::Waybill { waybills, .. } => waybills.len(),
            Message::Inventory { inventories, .. } => inventories.len(),
            Message::Cancel { cancels, .. } => cancels.len(),
            Message::Refund { refunds, .. } => refunds.len(),
            Message::OrderReceipt { returns, .. } => returns.len(),
            Message::PaymentReceipt { returns, .. } => returns.len(),
            Message::WaybillReceipt { returns, .. } => returns.len(),
            Message::InventoryReceipt { returns, .. } => returns.len(),
            Message::CancelReceipt { returns, .. } => returns.len(),
            Message::RefundReceipt { returns, .. } => returns.len(),
            Message::WaybillStatus { statuses, .. } => statuses.len(),
            Message::WaybillStatusReceipt { returns, .. } => returns.len(),
            Message::Delivery { deliveries, .. } => deliveries.len(),
            Message::DeliveryReceipt { returns, .. } => returns.len(),
            Message::TaxBill { taxes, .. } => taxes.len(),
            Message::TaxStatus { statuses, .. } => statuses.len(),
            Message::ExportOrder { orders, .. } => orders.len(),
            Message::ExportReceipts { receipts, .. } => receipts.len(),
            Message::ExportWaybill { waybills, .. } => waybills.len(),
            Message::Arrival { arrivals, .. } => arrivals.len(),
            Message::Departure { departures, .. } => departures.len(),
            Message::ExportInventory { inventories, .. } => inventories.len(),
            Message::ExportCancel { cancels, .. } => cancels.len(),
            Message::MasterList { way_bills, .. } => way_bills.len(),
            Message::ExportRefund { refunds, .. } => refunds.len(),
            Message::RefundDetail { details, .. } => details.len(),
            Message::SummaryApply { applications, .. } => applications.len(),
            Message::SummaryResult { results, .. } => results.len(),
            Message::ExportReceipt { returns, .. } => returns.len(),
        }
    }
}

/// A message read successfully, with every schema-level finding (empty when valid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The typed message. Fields whose value was invalid hold the default (empty
    /// string, zero); the finding says why.
    pub message: Message,
    /// Schema findings (XSD structure + field formats), in document order.
    pub findings: Vec<Finding>,
}

/// Parse one CEB message with [`Limits::DEFAULT`].
pub fn parse(bytes: &[u8]) -> Result<Parsed, ParseError> {
    parse_with_limits(bytes, &Limits::DEFAULT)
}

/// Parse one CEB message with explicit limits.
pub fn parse_with_limits(bytes: &[u8], limits: &Limits) -> Result<Parsed, ParseError> {
    let mut message_type = None;
    let doc = xml::read(bytes, limits, &mut |name, ns| {
        root_type(name, ns, &mut message_type)
    })?;
    Ok(parse_doc(&doc, message_type))
}

/// The message type of a root element (`unknown_message_type`, `wrong_namespace`).
fn root_type(
    name: &str,
    ns: Ns,
    message_type: &mut Option<MessageType>,
) -> Result<(), (ParseErrorCode, String)> {
    let Some(t) = MessageType::from_root_name(name) else {
        let known = MessageType::ALL.map(MessageType::root_name).join(", ");
        return Err((
            ParseErrorCode::UnknownMessageType,
            format!("root <{name}> is not a supported CEB message ({known})"),
        ));
    };
    if ns != Ns::Ceb {
        return Err((
            ParseErrorCode::WrongNamespace,
            format!("root <{name}> must be in namespace {}", xml::CEB_NS),
        ));
    }
    *message_type = Some(t);
    Ok(())
}

fn parse_doc(doc: &xml::Doc<'_>, message_type: Option<MessageType>) -> Parsed {
    // `read` and `doc_from_tree` return a root only after `root_type` accepted it.
    let t = message_type.expect("the root was checked");
    let mut ctx = Ctx::new(doc.src);
    let message = walk(&mut ctx, &doc.root, t);
    Parsed {
        message,
        findings: ctx.findings,
    }
}

/// A message read once for both its schema parse ([`read_message`]) and its signature check
/// ([`ReadMessage::verify`]).
pub struct ReadMessage<'a> {
    bytes: &'a [u8],
    tree: Option<crate::c14n::Tree<'a>>,
}

impl ReadMessage<'_> {
    /// Whether the bytes were tokenised once (false: parsed by [`parse`] after the
    /// canonicalisation reader refused them or could have built another tree).
    pub fn read_once(&self) -> bool {
        self.tree.is_some()
    }

    /// [`crate::verify_enveloped`] of the message, from the tree already read when there is
    /// one.
    pub fn verify(
        &self,
        key: &crate::dsig::VerifyingKey,
    ) -> Result<crate::dsig::Verified, crate::dsig::DsigError> {
        match &self.tree {
            Some(tree) => crate::dsig::verify_tree(tree, key),
            None => crate::dsig::verify_enveloped(self.bytes, key),
        }
    }
}

/// [`parse`] a message that is to be verified too: the bytes are tokenised once, by the
/// canonicalisation reader, and both the schema parse and [`ReadMessage::verify`] work from
/// that tree. The answer is always [`parse`]'s: when the tree cannot be read or could give
/// another element tree, the bytes are parsed as [`parse`] does (and verification reads them
/// again).
pub fn read_message(bytes: &[u8]) -> Result<(Parsed, ReadMessage<'_>), ParseError> {
    let limits = &Limits::DEFAULT;
    if let Ok(tree) = crate::c14n::read_tree(bytes, limits) {
        let src = tree.input;
        let bom = src.len() - tree.src.len();
        let mut message_type = None;
        let doc = xml::doc_from_tree(src, bom, &tree, limits, &mut |name, ns| {
            root_type(name, ns, &mut message_type)
        });
        if let Some(doc) = doc {
            let parsed = parse_doc(&doc, message_type);
            drop(doc);
            return Ok((
                parsed,
                ReadMessage {
                    bytes,
                    tree: Some(tree),
                },
            ));
        }
    }
    Ok((
        parse_with_limits(bytes, limits)?,
        ReadMessage { bytes, tree: None },
    ))
}

const fn body_parts(entry: &'static str, signature_min: u32) -> [Part; 5] {
    [
        Part::ceb(entry, 1, 100),
        Part::ceb("BaseTransfer", 1, 1),
        Part::ceb("BaseSubscribe", 0, 5),
        Part::ceb("ExtendMessage", 0, 1),
        Part::ds("Signature", signature_min, 1),
    ]
}

/// `maxOccurs="unbounded"` (the element count stays bounded by
/// [`crate::ELEMENTS_MAX`]).
pub(crate) const UNBOUNDED: u32 = u32::MAX;

// Root sequences (XSD: the 311/411/511 signature is optional, 621/623/625 require it).
static CEB311_PARTS: [Part; 5] = body_parts("Order", 0);
static CEB411_PARTS: [Part; 5] = body_parts("Payment", 0);
static CEB511_PARTS: [Part; 5] = body_parts("Logistics", 0);
static CEB621_PARTS: [Part; 5] = body_parts("Inventory", 1);
static CEB623_PARTS: [Part; 5] = body_parts("InvtCancel", 1);
static CEB625_PARTS: [Part; 5] = body_parts("InvtRefund", 1);
static CEB513_PARTS: [Part; 5] = body_parts("LogisticsStatus", 0);
// 711: exactly one Delivery, signature required.
static CEB711_PARTS: [Part; 5] = [
    Part::ceb("Delivery", 1, 1),
    Part::ceb("BaseTransfer", 1, 1),
    Part::ceb("BaseSubscribe", 0, 5),
    Part::ceb("ExtendMessage", 0, 1),
    Part::ds("Signature", 1, 1),
];
static CEB816_PARTS: [Part; 1] = [Part::ceb("Tax", 1, UNBOUNDED)];
// Entry sequences.
static ORDER_PARTS: [Part; 2] = [Part::ceb("OrderHead", 1, 1), Part::ceb("OrderList", 1, 99)];
static PAYMENT_PARTS: [Part; 1] = [Part::ceb("PaymentHead", 1, 1)];
static LOGISTICS_PARTS: [Part; 1] = [Part::ceb("LogisticsHead", 1, 1)];
static INVENTORY_PARTS: [Part; 2] = [
    Part::ceb("InventoryHead", 1, 1),
    Part::ceb("InventoryList", 1, 99),
];
static DELIVERY_PARTS: [Part; 2] = [
    Part::ceb("DeliveryHead", 1, 1),
    Part::ceb("DeliveryList", 1, UNBOUNDED),
];
static TAX_PARTS: [Part; 2] = [Part::ceb("TaxHeadRd", 1, 1), Part::ceb("TaxListRd", 1, 99)];
static TAX_STATUS_PARTS: [Part; 1] = [Part::ceb("TaxHeadStatus", 1, 1)];
static REFUND_PARTS: [Part; 2] = [
    Part::ceb("InvtRefundHead", 1, 1),
    Part::ceb("InvtRefundList", 1, 99),
];

fn walk(ctx: &mut Ctx<'_>, root: &Node<'_>, t: MessageType) -> Message {
    ctx.enter(Ns::Ceb, t.root_name(), None);
    let envelope = Envelope {
        message_type: t,
        guid: ctx.attribute(root, "guid", Kind::Guid),
        version: ctx.attribute(root, "version", Kind::Text { min: 1, max: 10 }),
    };
    let message = match t {
        MessageType::Ceb311 => {
            let (g, transfer) = body(ctx, root, &CEB311_PARTS);
            let orders = entries(ctx, &g, "Order", |ctx, n| {
                let (head, lists) =
                    head_lists(ctx, n, &ORDER_PARTS, OrderHead::FIELDS, OrderList::FIELDS);
                Order {
                    head: head.map(|r| OrderHead::from_rec(&r)).unwrap_or_default(),
                    lists: lists.iter().map(OrderList::from_rec).collect(),
                }
            });
            Message::Order {
                envelope,
                orders,
                transfer,
            }
        }
        MessageType::Ceb411 => {
            let (g, transfer) = body(ctx, root, &CEB411_PARTS);
            let payments = entries(ctx, &g, "Payment", |ctx, n| {
                let (head, _) = head_lists(ctx, n, &PAYMENT_PARTS, PaymentHead::FIELDS, &[]);
                head.map(|r| PaymentHead::from_rec(&r)).unwrap_or_default()
            });
            Message::Payment {
                envelope,
                payments,
                transfer,
            }
        }
        MessageType::Ceb511 => {
            let (g, transfer) = body(ctx, root, &CEB511_PARTS);
            let waybills = entries(ctx, &g, "Logistics", |ctx, n| {
                let (head, _) = head_lists(ctx, n, &LOGISTICS_PARTS, LogisticsHead::FIELDS, &[]);
                head.map(|r| LogisticsHead::from_rec(&r))
                    .unwrap_or_default()
            });
            Message::Waybill {
                envelope,
                waybills,
                transfer,
            }
        }
        MessageType::Ceb621 => {
            let (g, transfer) = body(ctx, root, &CEB621_PARTS);
            let inventories = entries(ctx, &g, "Inventory", |ctx, n| {
                let (head, lists) = head_lists(
                    ctx,
                    n,
                    &INVENTORY_PARTS,
                    InventoryHead::FIELDS,
                    InventoryList::FIELDS,
                );
                Inventory {
                    head: head
                        .map(|r| InventoryHead::from_rec(&r))
                        .unwrap_or_default(),
                    lists: lists.iter().map(InventoryList::from_rec).collect(),
                }
            });
            Message::Inventory {
                envelope,
                inventories,
                transfer,
            }
        }
        MessageType::Ceb623 => {
            let (g, transfer) = body(ctx, root, &CEB623_PARTS);
            let cancels = entries(ctx, &g, "InvtCancel", |ctx, n| {
                InvtCancel::from_rec(&ctx.record(n, InvtCancel::FIELDS))
            });
            Message::Cancel {
                envelope,
                cancels,
                transfer,
            }
        }
        MessageType::Ceb625 => {
            let (g, transfer) = body(ctx, root, &CEB625_PARTS);
            let refunds = entries(ctx, &g, "InvtRefund", |ctx, n| {
                let (head, lists) = head_lists(
                    ctx,
                    n,
                    &REFUND_PARTS,
                    InvtRefundHead::FIELDS,
                    InvtRefundList::FIELDS,
                );
                InvtRefund {
                    head: head
                        .map(|r| InvtRefundHead::from_rec(&r))
                        .unwrap_or_default(),
                    lists: lists.iter().map(InvtRefundList::from_rec).collect(),
                }
            });
            Message::Refund {
                envelope,
                refunds,
                transfer,
            }
        }
        MessageType::Ceb312 => {
            let returns = receipt_records(
                ctx,
                root,
                OrderReturn::ELEMENT,
                OrderReturn::FIELDS,
                OrderReturn::from_rec,
            );
            Message::OrderReceipt { envelope, returns }
        }
        MessageType::Ceb412 => {
            let returns = receipt_records(
                ctx,
                root,
                PaymentReturn::ELEMENT,
                PaymentReturn::FIELDS,
                PaymentReturn::from_rec,
            );
            Message::PaymentReceipt { envelope, returns }
        }
        MessageType::Ceb512 => {
            let returns = receipt_records(
                ctx,
                root,
                LogisticsReturn::ELEMENT,
                LogisticsReturn::FIELDS,
                LogisticsReturn::from_rec,
            );
            Message::WaybillReceipt { envelope, returns }
        }
        MessageType::Ceb622 => {
            let returns = receipt_records(
                ctx,
                root,
                InventoryReturn::ELEMENT,
                InventoryReturn::FIELDS,
                InventoryReturn::from_rec,
            );
            Message::InventoryReceipt { envelope, returns }
        }
        MessageType::Ceb624 => {
            let returns = receipt_records(
                ctx,
                root,
                InvtCancelReturn::ELEMENT,
                InvtCancelReturn::FIELDS,
                InvtCancelReturn::from_rec,
            );
            Message::CancelReceipt { envelope, returns }
        }
        MessageType::Ceb626 => {
            let returns = receipt_records(
                ctx,
                root,
                InvtRefundReturn::ELEMENT,
                InvtRefundReturn::FIELDS,
                InvtRefundReturn::from_rec,
            );
            Message::RefundReceipt { envelope, returns }
        }
        MessageType::Ceb513 => {
            let (g, transfer) = body(ctx, root, &CEB513_PARTS);
            let statuses = entries(ctx, &g, "LogisticsStatus", |ctx, n| {
                LogisticsStatus::from_rec(&ctx.record(n, LogisticsStatus::FIELDS))
            });
            Message::WaybillStatus {
                envelope,
                statuses,
                transfer,
            }
        }
        MessageType::Ceb514 => {
            let returns = receipt_records(
                ctx,
                root,
                LogisticsStatusReturn::ELEMENT,
                LogisticsStatusReturn::FIELDS,
                LogisticsStatusReturn::from_rec,
            );
            Message::WaybillStatusReceipt { envelope, returns }
        }
        MessageType::Ceb711 => {
            let (g, transfer) = body(ctx, root, &CEB711_PARTS);
            let deliveries = entries(ctx, &g, "Delivery", |ctx, n| {
                let (head, lists) = head_lists(
                    ctx,
                    n,
                    &DELIVERY_PARTS,
                    DeliveryHead::FIELDS,
                    DeliveryList::FIELDS,
                );
                Delivery {
                    head: head.map(|r| DeliveryHead::from_rec(&r)).unwrap_or_default(),
                    lists: lists.iter().map(DeliveryList::from_rec).collect(),
                }
            });
            Message::Delivery {
                envelope,
                deliveries,
                transfer,
            }
        }
        MessageType::Ceb712 => {
            let returns = receipt_records(
                ctx,
                root,
                DeliveryReturn::ELEMENT,
                DeliveryReturn::FIELDS,
                DeliveryReturn::from_rec,
            );
            Message::DeliveryReceipt { envelope, returns }
        }
        MessageType::Ceb816 => {
            let g = ctx.seq(root, &CEB816_PARTS);
            let taxes = entries(ctx, &g, "Tax", |ctx, n| {
                let (head, lists) =
                    head_lists(ctx, n, &TAX_PARTS, TaxHeadRd::FIELDS, TaxListRd::FIELDS);
                Tax {
                    head: head.map(|r| TaxHeadRd::from_rec(&r)).unwrap_or_default(),
                    lists: lists.iter().map(TaxListRd::from_rec).collect(),
                }
            });
            Message::TaxBill { envelope, taxes }
        }
        MessageType::Ceb818 => {
            let g = ctx.seq(root, &CEB816_PARTS);
            let statuses = entries(ctx, &g, "Tax", |ctx, n| {
                let (head, _) = head_lists(ctx, n, &TAX_STATUS_PARTS, TaxHeadStatus::FIELDS, &[]);
                head.map(|r| TaxHeadStatus::from_rec(&r))
                    .unwrap_or_default()
            });
            Message::TaxStatus { envelope, statuses }
        }
        _ => crate::export::walk(ctx, root, t, envelope),
    };
    ctx.leave();
    message
}

pub(crate) type Groups<'n, 'a> = Vec<Vec<&'n Node<'a>>>;

/// Root sequence of a business message: entries are returned for the caller, the
/// transfer parts are read here.
pub(crate) fn body<'n, 'a>(
    ctx: &mut Ctx<'_>,
    root: &'n Node<'a>,
    parts: &[Part],
) -> (Groups<'n, 'a>, Transfer) {
    let g = ctx.seq(root, parts);
    let mut transfer = Transfer::default();
    if let Some(n) = g[1].first() {
        ctx.enter(Ns::Ceb, "BaseTransfer", None);
        transfer.base_transfer = BaseTransfer::from_rec(&ctx.record(n, BaseTransfer::FIELDS));
        ctx.leave();
    }
    for (i, n) in g[2].iter().enumerate() {
        ctx.enter(Ns::Ceb, "BaseSubscribe", Some(i));
        transfer.base_subscribe.push(BaseSubscribe::from_rec(
            &ctx.record(n, BaseSubscribe::FIELDS),
        ));
        ctx.leave();
    }
    // Import roots put ExtendMessage before ds:Signature, export roots after it.
    let group = |name: &str| parts.iter().position(|p| p.name == name);
    transfer.has_extend_message = group("ExtendMessage").is_some_and(|i| !g[i].is_empty());
    transfer.signed = group("Signature").is_some_and(|i| !g[i].is_empty());
    (g, transfer)
}

/// Walk the entries (group 0), setting the entry index and path for each.
pub(crate) fn entries<'n, 'a, T>(
    ctx: &mut Ctx<'_>,
    g: &Groups<'n, 'a>,
    name: &'static str,
    mut f: impl FnMut(&mut Ctx<'_>, &'n Node<'a>) -> T,
) -> Vec<T> {
    let mut out = Vec::with_capacity(g[0].len());
    for (i, n) in g[0].iter().enumerate() {
        ctx.entry = Some(i);
        ctx.enter(Ns::Ceb, name, Some(i));
        out.push(f(ctx, n));
        ctx.leave();
    }
    ctx.entry = None;
    out
}

/// An entry made of one head record and 0..n list records.
pub(crate) fn head_lists<'n>(
    ctx: &mut Ctx<'_>,
    node: &'n Node<'_>,
    parts: &[Part],
    head_fields: &[Field],
    list_fields: &[Field],
) -> (Option<crate::schema::Rec<'n>>, Vec<crate::schema::Rec<'n>>) {
    let g = ctx.seq(node, parts);
    let head = g[0].first().map(|n| {
        ctx.enter(Ns::Ceb, parts[0].name, None);
        let r = ctx.record(n, head_fields);
        ctx.leave();
        r
    });
    let mut lists = Vec::new();
    if let Some(lp) = parts.get(1) {
        for (i, n) in g[1].iter().enumerate() {
            ctx.enter(Ns::Ceb, lp.name, Some(i));
            lists.push(ctx.record(n, list_fields));
            ctx.leave();
        }
    }
    (head, lists)
}

pub(crate) fn receipt_records<T>(
    ctx: &mut Ctx<'_>,
    root: &Node<'_>,
    element: &'static str,
    fields: &[Field],
    from: fn(&crate::schema::Rec<'_>) -> T,
) -> Vec<T> {
    let parts = [Part::ceb(element, 1, 100)];
    let g = ctx.seq(root, &parts);
    entries(ctx, &g, element, |ctx, n| from(&ctx.record(n, fields)))
}
