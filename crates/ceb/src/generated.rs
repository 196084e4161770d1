//! Field tables and plain structs generated from the official CEB 2022-05 import and
//! export XSDs by `tools/gen_schema.py`; do not edit by hand, edit the generator.

use rust_decimal::Decimal;

use crate::schema::{Field, Kind, Rec};

/// Fields of `OrderHead`, in XSD sequence order.
pub(crate) static ORDER_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "orderType",
        required: true,
        kind: Kind::Code(&["I"]),
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "ebpCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebpName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebcName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "goodsValue",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "freight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "discount",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "taxTotal",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "acturalPaid",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "currency",
        required: true,
        kind: Kind::Code(&["142"]),
    },
    Field {
        name: "buyerRegNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "buyerName",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "buyerTelephone",
        required: true,
        kind: Kind::Text { min: 1, max: 30 },
    },
    Field {
        name: "buyerIdType",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "buyerIdNumber",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "payCode",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "payName",
        required: false,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "payTransactionId",
        required: false,
        kind: Kind::Text { min: 0, max: 60 },
    },
    Field {
        name: "batchNumbers",
        required: false,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "consignee",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "consigneeTelephone",
        required: true,
        kind: Kind::Text { min: 1, max: 50 },
    },
    Field {
        name: "consigneeAddress",
        required: true,
        kind: Kind::Text { min: 1, max: 200 },
    },
    Field {
        name: "consigneeDistrict",
        required: false,
        kind: Kind::Exact(6),
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB311 `OrderHead`: the order header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `orderType`
    pub order_type: String,
    /// `orderNo`
    pub order_no: String,
    /// `ebpCode`
    pub ebp_code: String,
    /// `ebpName`
    pub ebp_name: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `ebcName`
    pub ebc_name: String,
    /// `goodsValue`
    pub goods_value: Decimal,
    /// `freight`
    pub freight: Decimal,
    /// `discount`
    pub discount: Decimal,
    /// `taxTotal`
    pub tax_total: Decimal,
    /// `acturalPaid`
    pub actural_paid: Decimal,
    /// `currency`
    pub currency: String,
    /// `buyerRegNo`
    pub buyer_reg_no: String,
    /// `buyerName`
    pub buyer_name: String,
    /// `buyerTelephone`
    pub buyer_telephone: String,
    /// `buyerIdType`
    pub buyer_id_type: String,
    /// `buyerIdNumber`
    pub buyer_id_number: String,
    /// `payCode`
    pub pay_code: Option<String>,
    /// `payName`
    pub pay_name: Option<String>,
    /// `payTransactionId`
    pub pay_transaction_id: Option<String>,
    /// `batchNumbers`
    pub batch_numbers: Option<String>,
    /// `consignee`
    pub consignee: String,
    /// `consigneeTelephone`
    pub consignee_telephone: String,
    /// `consigneeAddress`
    pub consignee_address: String,
    /// `consigneeDistrict`
    pub consignee_district: Option<String>,
    /// `note`
    pub note: Option<String>,
}

impl OrderHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "OrderHead";
    pub(crate) const FIELDS: &'static [Field] = ORDER_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            order_type: r.text(4),
            order_no: r.text(5),
            ebp_code: r.text(6),
            ebp_name: r.text(7),
            ebc_code: r.text(8),
            ebc_name: r.text(9),
            goods_value: r.dec(10),
            freight: r.dec(11),
            discount: r.dec(12),
            tax_total: r.dec(13),
            actural_paid: r.dec(14),
            currency: r.text(15),
            buyer_reg_no: r.text(16),
            buyer_name: r.text(17),
            buyer_telephone: r.text(18),
            buyer_id_type: r.text(19),
            buyer_id_number: r.text(20),
            pay_code: r.opt_text(21),
            pay_name: r.opt_text(22),
            pay_transaction_id: r.opt_text(23),
            batch_numbers: r.opt_text(24),
            consignee: r.text(25),
            consignee_telephone: r.text(26),
            consignee_address: r.text(27),
            consignee_district: r.opt_text(28),
            note: r.opt_text(29),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("orderType", Some(self.order_type.to_string())),
            ("orderNo", Some(self.order_no.to_string())),
            ("ebpCode", Some(self.ebp_code.to_string())),
            ("ebpName", Some(self.ebp_name.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("ebcName", Some(self.ebc_name.to_string())),
            ("goodsValue", Some(self.goods_value.to_string())),
            ("freight", Some(self.freight.to_string())),
            ("discount", Some(self.discount.to_string())),
            ("taxTotal", Some(self.tax_total.to_string())),
            ("acturalPaid", Some(self.actural_paid.to_string())),
            ("currency", Some(self.currency.to_string())),
            ("buyerRegNo", Some(self.buyer_reg_no.to_string())),
            ("buyerName", Some(self.buyer_name.to_string())),
            ("buyerTelephone", Some(self.buyer_telephone.to_string())),
            ("buyerIdType", Some(self.buyer_id_type.to_string())),
            ("buyerIdNumber", Some(self.buyer_id_number.to_string())),
            ("payCode", self.pay_code.as_ref().map(ToString::to_string)),
            ("payName", self.pay_name.as_ref().map(ToString::to_string)),
            (
                "payTransactionId",
                self.pay_transaction_id.as_ref().map(ToString::to_string),
            ),
            (
                "batchNumbers",
                self.batch_numbers.as_ref().map(ToString::to_string),
            ),
            ("consignee", Some(self.consignee.to_string())),
            (
                "consigneeTelephone",
                Some(self.consignee_telephone.to_string()),
            ),
            ("consigneeAddress", Some(self.consignee_address.to_string())),
            (
                "consigneeDistrict",
                self.consignee_district.as_ref().map(ToString::to_string),
            ),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `OrderList`, in XSD sequence order.
pub(crate) static ORDER_LIST_FIELDS: &[Field] = &[
    Field {
        name: "gnum",
        required: true,
        kind: Kind::Int { digits: 4 },
    },
    Field {
        name: "itemNo",
        required: false,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "itemName",
        required: true,
        kind: Kind::Text { min: 1, max: 250 },
    },
    Field {
        name: "gmodel",
        required: true,
        kind: Kind::Text { min: 1, max: 510 },
    },
    Field {
        name: "itemDescribe",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
    Field {
        name: "barCode",
        required: false,
        kind: Kind::Text { min: 0, max: 50 },
    },
    Field {
        name: "unit",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "qty",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "price",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "totalPrice",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "currency",
        required: true,
        kind: Kind::Code(&["142"]),
    },
    Field {
        name: "country",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB311 `OrderList`: one order line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderList {
    /// `gnum`
    pub gnum: u32,
    /// `itemNo`
    pub item_no: Option<String>,
    /// `itemName`
    pub item_name: String,
    /// `gmodel`
    pub gmodel: String,
    /// `itemDescribe`
    pub item_describe: Option<String>,
    /// `barCode`
    pub bar_code: Option<String>,
    /// `unit`
    pub unit: String,
    /// `qty`
    pub qty: Decimal,
    /// `price`
    pub price: Decimal,
    /// `totalPrice`
    pub total_price: Decimal,
    /// `currency`
    pub currency: String,
    /// `country`
    pub country: String,
    /// `note`
    pub note: Option<String>,
}

impl OrderList {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "OrderList";
    pub(crate) const FIELDS: &'static [Field] = ORDER_LIST_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            gnum: r.int(0),
            item_no: r.opt_text(1),
            item_name: r.text(2),
            gmodel: r.text(3),
            item_describe: r.opt_text(4),
            bar_code: r.opt_text(5),
            unit: r.text(6),
            qty: r.dec(7),
            price: r.dec(8),
            total_price: r.dec(9),
            currency: r.text(10),
            country: r.text(11),
            note: r.opt_text(12),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("gnum", Some(self.gnum.to_string())),
            ("itemNo", self.item_no.as_ref().map(ToString::to_string)),
            ("itemName", Some(self.item_name.to_string())),
            ("gmodel", Some(self.gmodel.to_string())),
            (
                "itemDescribe",
                self.item_describe.as_ref().map(ToString::to_string),
            ),
            ("barCode", self.bar_code.as_ref().map(ToString::to_string)),
            ("unit", Some(self.unit.to_string())),
            ("qty", Some(self.qty.to_string())),
            ("price", Some(self.price.to_string())),
            ("totalPrice", Some(self.total_price.to_string())),
            ("currency", Some(self.currency.to_string())),
            ("country", Some(self.country.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `PaymentHead`, in XSD sequence order.
pub(crate) static PAYMENT_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "payCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "payName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "payTransactionId",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "ebpCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebpName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "payerIdType",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "payerIdNumber",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "payerName",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "telephone",
        required: false,
        kind: Kind::Text { min: 0, max: 60 },
    },
    Field {
        name: "amountPaid",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "currency",
        required: true,
        kind: Kind::Code(&["142"]),
    },
    Field {
        name: "payTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB411 `PaymentHead`: the payment record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `payCode`
    pub pay_code: String,
    /// `payName`
    pub pay_name: String,
    /// `payTransactionId`
    pub pay_transaction_id: String,
    /// `orderNo`
    pub order_no: String,
    /// `ebpCode`
    pub ebp_code: String,
    /// `ebpName`
    pub ebp_name: String,
    /// `payerIdType`
    pub payer_id_type: String,
    /// `payerIdNumber`
    pub payer_id_number: String,
    /// `payerName`
    pub payer_name: String,
    /// `telephone`
    pub telephone: Option<String>,
    /// `amountPaid`
    pub amount_paid: Decimal,
    /// `currency`
    pub currency: String,
    /// `payTime`
    pub pay_time: String,
    /// `note`
    pub note: Option<String>,
}

impl PaymentHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "PaymentHead";
    pub(crate) const FIELDS: &'static [Field] = PAYMENT_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            pay_code: r.text(4),
            pay_name: r.text(5),
            pay_transaction_id: r.text(6),
            order_no: r.text(7),
            ebp_code: r.text(8),
            ebp_name: r.text(9),
            payer_id_type: r.text(10),
            payer_id_number: r.text(11),
            payer_name: r.text(12),
            telephone: r.opt_text(13),
            amount_paid: r.dec(14),
            currency: r.text(15),
            pay_time: r.text(16),
            note: r.opt_text(17),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("payCode", Some(self.pay_code.to_string())),
            ("payName", Some(self.pay_name.to_string())),
            (
                "payTransactionId",
                Some(self.pay_transaction_id.to_string()),
            ),
            ("orderNo", Some(self.order_no.to_string())),
            ("ebpCode", Some(self.ebp_code.to_string())),
            ("ebpName", Some(self.ebp_name.to_string())),
            ("payerIdType", Some(self.payer_id_type.to_string())),
            ("payerIdNumber", Some(self.payer_id_number.to_string())),
            ("payerName", Some(self.payer_name.to_string())),
            (
                "telephone",
                self.telephone.as_ref().map(ToString::to_string),
            ),
            ("amountPaid", Some(self.amount_paid.to_string())),
            ("currency", Some(self.currency.to_string())),
            ("payTime", Some(self.pay_time.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `LogisticsHead`, in XSD sequence order.
pub(crate) static LOGISTICS_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "billNo",
        required: false,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "freight",
        required: false,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "insuredFee",
        required: false,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "currency",
        required: true,
        kind: Kind::Code(&["142"]),
    },
    Field {
        name: "weight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "packNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "goodsInfo",
        required: false,
        kind: Kind::Text { min: 0, max: 200 },
    },
    Field {
        name: "consignee",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "consigneeAddress",
        required: true,
        kind: Kind::Text { min: 1, max: 200 },
    },
    Field {
        name: "consigneeTelephone",
        required: true,
        kind: Kind::Text { min: 1, max: 50 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB511 `LogisticsHead`: the waybill record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogisticsHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `billNo`
    pub bill_no: Option<String>,
    /// `orderNo`
    pub order_no: String,
    /// `freight`
    pub freight: Option<Decimal>,
    /// `insuredFee`
    pub insured_fee: Option<Decimal>,
    /// `currency`
    pub currency: String,
    /// `weight`
    pub weight: Decimal,
    /// `packNo`
    pub pack_no: u32,
    /// `goodsInfo`
    pub goods_info: Option<String>,
    /// `consignee`
    pub consignee: String,
    /// `consigneeAddress`
    pub consignee_address: String,
    /// `consigneeTelephone`
    pub consignee_telephone: String,
    /// `note`
    pub note: Option<String>,
}

impl LogisticsHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "LogisticsHead";
    pub(crate) const FIELDS: &'static [Field] = LOGISTICS_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            logistics_code: r.text(4),
            logistics_name: r.text(5),
            logistics_no: r.text(6),
            bill_no: r.opt_text(7),
            order_no: r.text(8),
            freight: r.opt_dec(9),
            insured_fee: r.opt_dec(10),
            currency: r.text(11),
            weight: r.dec(12),
            pack_no: r.int(13),
            goods_info: r.opt_text(14),
            consignee: r.text(15),
            consignee_address: r.text(16),
            consignee_telephone: r.text(17),
            note: r.opt_text(18),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("billNo", self.bill_no.as_ref().map(ToString::to_string)),
            ("orderNo", Some(self.order_no.to_string())),
            ("freight", self.freight.as_ref().map(ToString::to_string)),
            (
                "insuredFee",
                self.insured_fee.as_ref().map(ToString::to_string),
            ),
            ("currency", Some(self.currency.to_string())),
            ("weight", Some(self.weight.to_string())),
            ("packNo", Some(self.pack_no.to_string())),
            (
                "goodsInfo",
                self.goods_info.as_ref().map(ToString::to_string),
            ),
            ("consignee", Some(self.consignee.to_string())),
            ("consigneeAddress", Some(self.consignee_address.to_string())),
            (
                "consigneeTelephone",
                Some(self.consignee_telephone.to_string()),
            ),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `InventoryHead`, in XSD sequence order.
pub(crate) static INVENTORY_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "ebpCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebpName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebcName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "copNo",
        required: false,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "assureCode",
        required: true,
        kind: Kind::Text { min: 1, max: 30 },
    },
    Field {
        name: "emsNo",
        required: false,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "invtNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ieFlag",
        required: true,
        kind: Kind::Code(&["I"]),
    },
    Field {
        name: "declTime",
        required: true,
        kind: Kind::DateTime(8),
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "portCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "ieDate",
        required: false,
        kind: Kind::DateTime(8),
    },
    Field {
        name: "buyerIdType",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "buyerIdNumber",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "buyerName",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "buyerTelephone",
        required: true,
        kind: Kind::Text { min: 1, max: 30 },
    },
    Field {
        name: "consigneeAddress",
        required: true,
        kind: Kind::Text { min: 1, max: 200 },
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "agentName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "areaCode",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "areaName",
        required: false,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "tradeMode",
        required: true,
        kind: Kind::Code(&["9610", "1210", "1239"]),
    },
    Field {
        name: "trafMode",
        required: true,
        kind: Kind::Exact(1),
    },
    Field {
        name: "trafNo",
        required: false,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "voyageNo",
        required: false,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "billNo",
        required: false,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "loctNo",
        required: false,
        kind: Kind::Text { min: 0, max: 10 },
    },
    Field {
        name: "licenseNo",
        required: false,
        kind: Kind::Text { min: 0, max: 19 },
    },
    Field {
        name: "country",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "freight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "insuredFee",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "currency",
        required: true,
        kind: Kind::Code(&["142"]),
    },
    Field {
        name: "wrapType",
        required: false,
        kind: Kind::Exact(1),
    },
    Field {
        name: "packNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "grossWeight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "netWeight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB621 `InventoryHead`: the inventory list header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InventoryHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `orderNo`
    pub order_no: String,
    /// `ebpCode`
    pub ebp_code: String,
    /// `ebpName`
    pub ebp_name: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `ebcName`
    pub ebc_name: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `copNo`
    pub cop_no: Option<String>,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `assureCode`
    pub assure_code: String,
    /// `emsNo`
    pub ems_no: Option<String>,
    /// `invtNo`
    pub invt_no: Option<String>,
    /// `ieFlag`
    pub ie_flag: String,
    /// `declTime`
    pub decl_time: String,
    /// `customsCode`
    pub customs_code: String,
    /// `portCode`
    pub port_code: String,
    /// `ieDate`
    pub ie_date: Option<String>,
    /// `buyerIdType`
    pub buyer_id_type: String,
    /// `buyerIdNumber`
    pub buyer_id_number: String,
    /// `buyerName`
    pub buyer_name: String,
    /// `buyerTelephone`
    pub buyer_telephone: String,
    /// `consigneeAddress`
    pub consignee_address: String,
    /// `agentCode`
    pub agent_code: String,
    /// `agentName`
    pub agent_name: String,
    /// `areaCode`
    pub area_code: Option<String>,
    /// `areaName`
    pub area_name: Option<String>,
    /// `tradeMode`
    pub trade_mode: String,
    /// `trafMode`
    pub traf_mode: String,
    /// `trafNo`
    pub traf_no: Option<String>,
    /// `voyageNo`
    pub voyage_no: Option<String>,
    /// `billNo`
    pub bill_no: Option<String>,
    /// `loctNo`
    pub loct_no: Option<String>,
    /// `licenseNo`
    pub license_no: Option<String>,
    /// `country`
    pub country: String,
    /// `freight`
    pub freight: Decimal,
    /// `insuredFee`
    pub insured_fee: Decimal,
    /// `currency`
    pub currency: String,
    /// `wrapType`
    pub wrap_type: Option<String>,
    /// `packNo`
    pub pack_no: u32,
    /// `grossWeight`
    pub gross_weight: Decimal,
    /// `netWeight`
    pub net_weight: Decimal,
    /// `note`
    pub note: Option<String>,
}

impl InventoryHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InventoryHead";
    pub(crate) const FIELDS: &'static [Field] = INVENTORY_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            order_no: r.text(4),
            ebp_code: r.text(5),
            ebp_name: r.text(6),
            ebc_code: r.text(7),
            ebc_name: r.text(8),
            logistics_no: r.text(9),
            logistics_code: r.text(10),
            logistics_name: r.text(11),
            cop_no: r.opt_text(12),
            pre_no: r.opt_text(13),
            assure_code: r.text(14),
            ems_no: r.opt_text(15),
            invt_no: r.opt_text(16),
            ie_flag: r.text(17),
            decl_time: r.text(18),
            customs_code: r.text(19),
            port_code: r.text(20),
            ie_date: r.opt_text(21),
            buyer_id_type: r.text(22),
            buyer_id_number: r.text(23),
            buyer_name: r.text(24),
            buyer_telephone: r.text(25),
            consignee_address: r.text(26),
            agent_code: r.text(27),
            agent_name: r.text(28),
            area_code: r.opt_text(29),
            area_name: r.opt_text(30),
            trade_mode: r.text(31),
            traf_mode: r.text(32),
            traf_no: r.opt_text(33),
            voyage_no: r.opt_text(34),
            bill_no: r.opt_text(35),
            loct_no: r.opt_text(36),
            license_no: r.opt_text(37),
            country: r.text(38),
            freight: r.dec(39),
            insured_fee: r.dec(40),
            currency: r.text(41),
            wrap_type: r.opt_text(42),
            pack_no: r.int(43),
            gross_weight: r.dec(44),
            net_weight: r.dec(45),
            note: r.opt_text(46),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("orderNo", Some(self.order_no.to_string())),
            ("ebpCode", Some(self.ebp_code.to_string())),
            ("ebpName", Some(self.ebp_name.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("ebcName", Some(self.ebc_name.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            ("copNo", self.cop_no.as_ref().map(ToString::to_string)),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("assureCode", Some(self.assure_code.to_string())),
            ("emsNo", self.ems_no.as_ref().map(ToString::to_string)),
            ("invtNo", self.invt_no.as_ref().map(ToString::to_string)),
            ("ieFlag", Some(self.ie_flag.to_string())),
            ("declTime", Some(self.decl_time.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("portCode", Some(self.port_code.to_string())),
            ("ieDate", self.ie_date.as_ref().map(ToString::to_string)),
            ("buyerIdType", Some(self.buyer_id_type.to_string())),
            ("buyerIdNumber", Some(self.buyer_id_number.to_string())),
            ("buyerName", Some(self.buyer_name.to_string())),
            ("buyerTelephone", Some(self.buyer_telephone.to_string())),
            ("consigneeAddress", Some(self.consignee_address.to_string())),
            ("agentCode", Some(self.agent_code.to_string())),
            ("agentName", Some(self.agent_name.to_string())),
            ("areaCode", self.area_code.as_ref().map(ToString::to_string)),
            ("areaName", self.area_name.as_ref().map(ToString::to_string)),
            ("tradeMode", Some(self.trade_mode.to_string())),
            ("trafMode", Some(self.traf_mode.to_string())),
            ("trafNo", self.traf_no.as_ref().map(ToString::to_string)),
            ("voyageNo", self.voyage_no.as_ref().map(ToString::to_string)),
            ("billNo", self.bill_no.as_ref().map(ToString::to_string)),
            ("loctNo", self.loct_no.as_ref().map(ToString::to_string)),
            (
                "licenseNo",
                self.license_no.as_ref().map(ToString::to_string),
            ),
            ("country", Some(self.country.to_string())),
            ("freight", Some(self.freight.to_string())),
            ("insuredFee", Some(self.insured_fee.to_string())),
            ("currency", Some(self.currency.to_string())),
            ("wrapType", self.wrap_type.as_ref().map(ToString::to_string)),
            ("packNo", Some(self.pack_no.to_string())),
            ("grossWeight", Some(self.gross_weight.to_string())),
            ("netWeight", Some(self.net_weight.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `InventoryList`, in XSD sequence order.
pub(crate) static INVENTORY_LIST_FIELDS: &[Field] = &[
    Field {
        name: "gnum",
        required: true,
        kind: Kind::Int { digits: 4 },
    },
    Field {
        name: "itemRecordNo",
        required: false,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "itemNo",
        required: false,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "itemName",
        required: false,
        kind: Kind::Text { min: 0, max: 250 },
    },
    Field {
        name: "gcode",
        required: true,
        kind: Kind::Exact(10),
    },
    Field {
        name: "gname",
        required: true,
        kind: Kind::Text { min: 1, max: 250 },
    },
    Field {
        name: "gmodel",
        required: true,
        kind: Kind::Text { min: 1, max: 510 },
    },
    Field {
        name: "barCode",
        required: false,
        kind: Kind::Text { min: 0, max: 50 },
    },
    Field {
        name: "country",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "tradeCountry",
        required: false,
        kind: Kind::Text { min: 1, max: 3 },
    },
    Field {
        name: "currency",
        required: true,
        kind: Kind::Code(&["142"]),
    },
    Field {
        name: "qty",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "unit",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "qty1",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "unit1",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "qty2",
        required: false,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "unit2",
        required: false,
        kind: Kind::Exact(3),
    },
    Field {
        name: "price",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "totalPrice",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB621 `InventoryList`: one inventory line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InventoryList {
    /// `gnum`
    pub gnum: u32,
    /// `itemRecordNo`
    pub item_record_no: Option<String>,
    /// `itemNo`
    pub item_no: Option<String>,
    /// `itemName`
    pub item_name: Option<String>,
    /// `gcode`
    pub gcode: String,
    /// `gname`
    pub gname: String,
    /// `gmodel`
    pub gmodel: String,
    /// `barCode`
    pub bar_code: Option<String>,
    /// `country`
    pub country: String,
    /// `tradeCountry`
    pub trade_country: Option<String>,
    /// `currency`
    pub currency: String,
    /// `qty`
    pub qty: Decimal,
    /// `unit`
    pub unit: String,
    /// `qty1`
    pub qty1: Decimal,
    /// `unit1`
    pub unit1: String,
    /// `qty2`
    pub qty2: Option<Decimal>,
    /// `unit2`
    pub unit2: Option<String>,
    /// `price`
    pub price: Decimal,
    /// `totalPrice`
    pub total_price: Decimal,
    /// `note`
    pub note: Option<String>,
}

impl InventoryList {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InventoryList";
    pub(crate) const FIELDS: &'static [Field] = INVENTORY_LIST_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            gnum: r.int(0),
            item_record_no: r.opt_text(1),
            item_no: r.opt_text(2),
            item_name: r.opt_text(3),
            gcode: r.text(4),
            gname: r.text(5),
            gmodel: r.text(6),
            bar_code: r.opt_text(7),
            country: r.text(8),
            trade_country: r.opt_text(9),
            currency: r.text(10),
            qty: r.dec(11),
            unit: r.text(12),
            qty1: r.dec(13),
            unit1: r.text(14),
            qty2: r.opt_dec(15),
            unit2: r.opt_text(16),
            price: r.dec(17),
            total_price: r.dec(18),
            note: r.opt_text(19),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("gnum", Some(self.gnum.to_string())),
            (
                "itemRecordNo",
                self.item_record_no.as_ref().map(ToString::to_string),
            ),
            ("itemNo", self.item_no.as_ref().map(ToString::to_string)),
            ("itemName", self.item_name.as_ref().map(ToString::to_string)),
            ("gcode", Some(self.gcode.to_string())),
            ("gname", Some(self.gname.to_string())),
            ("gmodel", Some(self.gmodel.to_string())),
            ("barCode", self.bar_code.as_ref().map(ToString::to_string)),
            ("country", Some(self.country.to_string())),
            (
                "tradeCountry",
                self.trade_country.as_ref().map(ToString::to_string),
            ),
            ("currency", Some(self.currency.to_string())),
            ("qty", Some(self.qty.to_string())),
            ("unit", Some(self.unit.to_string())),
            ("qty1", Some(self.qty1.to_string())),
            ("unit1", Some(self.unit1.to_string())),
            ("qty2", self.qty2.as_ref().map(ToString::to_string)),
            ("unit2", self.unit2.as_ref().map(ToString::to_string)),
            ("price", Some(self.price.to_string())),
            ("totalPrice", Some(self.total_price.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `InvtCancel`, in XSD sequence order.
pub(crate) static INVT_CANCEL_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "ebpCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebpName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebcName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "copNo",
        required: false,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "invtNo",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "buyerIdType",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "buyerIdNumber",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "buyerName",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "buyerTelephone",
        required: true,
        kind: Kind::Text { min: 1, max: 30 },
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "agentName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "reason",
        required: true,
        kind: Kind::Text { min: 1, max: 1000 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB623 `InvtCancel`: a cancellation request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvtCancel {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `customsCode`
    pub customs_code: String,
    /// `orderNo`
    pub order_no: String,
    /// `ebpCode`
    pub ebp_code: String,
    /// `ebpName`
    pub ebp_name: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `ebcName`
    pub ebc_name: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `copNo`
    pub cop_no: Option<String>,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `invtNo`
    pub invt_no: String,
    /// `buyerIdType`
    pub buyer_id_type: String,
    /// `buyerIdNumber`
    pub buyer_id_number: String,
    /// `buyerName`
    pub buyer_name: String,
    /// `buyerTelephone`
    pub buyer_telephone: String,
    /// `agentCode`
    pub agent_code: String,
    /// `agentName`
    pub agent_name: String,
    /// `reason`
    pub reason: String,
    /// `note`
    pub note: Option<String>,
}

impl InvtCancel {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InvtCancel";
    pub(crate) const FIELDS: &'static [Field] = INVT_CANCEL_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            customs_code: r.text(4),
            order_no: r.text(5),
            ebp_code: r.text(6),
            ebp_name: r.text(7),
            ebc_code: r.text(8),
            ebc_name: r.text(9),
            logistics_no: r.text(10),
            logistics_code: r.text(11),
            logistics_name: r.text(12),
            cop_no: r.opt_text(13),
            pre_no: r.opt_text(14),
            invt_no: r.text(15),
            buyer_id_type: r.text(16),
            buyer_id_number: r.text(17),
            buyer_name: r.text(18),
            buyer_telephone: r.text(19),
            agent_code: r.text(20),
            agent_name: r.text(21),
            reason: r.text(22),
            note: r.opt_text(23),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("orderNo", Some(self.order_no.to_string())),
            ("ebpCode", Some(self.ebp_code.to_string())),
            ("ebpName", Some(self.ebp_name.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("ebcName", Some(self.ebc_name.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            ("copNo", self.cop_no.as_ref().map(ToString::to_string)),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("invtNo", Some(self.invt_no.to_string())),
            ("buyerIdType", Some(self.buyer_id_type.to_string())),
            ("buyerIdNumber", Some(self.buyer_id_number.to_string())),
            ("buyerName", Some(self.buyer_name.to_string())),
            ("buyerTelephone", Some(self.buyer_telephone.to_string())),
            ("agentCode", Some(self.agent_code.to_string())),
            ("agentName", Some(self.agent_name.to_string())),
            ("reason", Some(self.reason.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `InvtRefundHead`, in XSD sequence order.
pub(crate) static INVT_REFUND_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "ebpCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebpName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebcName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "copNo",
        required: false,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "invtNo",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "buyerIdType",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "buyerIdNumber",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "buyerName",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "buyerTelephone",
        required: true,
        kind: Kind::Text { min: 1, max: 30 },
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "agentName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "reason",
        required: true,
        kind: Kind::Text { min: 1, max: 1000 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB625 `InvtRefundHead`: the return request header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvtRefundHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `customsCode`
    pub customs_code: String,
    /// `orderNo`
    pub order_no: String,
    /// `ebpCode`
    pub ebp_code: String,
    /// `ebpName`
    pub ebp_name: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `ebcName`
    pub ebc_name: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `copNo`
    pub cop_no: Option<String>,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `invtNo`
    pub invt_no: String,
    /// `buyerIdType`
    pub buyer_id_type: String,
    /// `buyerIdNumber`
    pub buyer_id_number: String,
    /// `buyerName`
    pub buyer_name: String,
    /// `buyerTelephone`
    pub buyer_telephone: String,
    /// `agentCode`
    pub agent_code: String,
    /// `agentName`
    pub agent_name: String,
    /// `reason`
    pub reason: String,
    /// `note`
    pub note: Option<String>,
}

impl InvtRefundHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InvtRefundHead";
    pub(crate) const FIELDS: &'static [Field] = INVT_REFUND_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            customs_code: r.text(4),
            order_no: r.text(5),
            ebp_code: r.text(6),
            ebp_name: r.text(7),
            ebc_code: r.text(8),
            ebc_name: r.text(9),
            logistics_no: r.text(10),
            logistics_code: r.text(11),
            logistics_name: r.text(12),
            cop_no: r.opt_text(13),
            pre_no: r.opt_text(14),
            invt_no: r.text(15),
            buyer_id_type: r.text(16),
            buyer_id_number: r.text(17),
            buyer_name: r.text(18),
            buyer_telephone: r.text(19),
            agent_code: r.text(20),
            agent_name: r.text(21),
            reason: r.text(22),
            note: r.opt_text(23),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("orderNo", Some(self.order_no.to_string())),
            ("ebpCode", Some(self.ebp_code.to_string())),
            ("ebpName", Some(self.ebp_name.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("ebcName", Some(self.ebc_name.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            ("copNo", self.cop_no.as_ref().map(ToString::to_string)),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("invtNo", Some(self.invt_no.to_string())),
            ("buyerIdType", Some(self.buyer_id_type.to_string())),
            ("buyerIdNumber", Some(self.buyer_id_number.to_string())),
            ("buyerName", Some(self.buyer_name.to_string())),
            ("buyerTelephone", Some(self.buyer_telephone.to_string())),
            ("agentCode", Some(self.agent_code.to_string())),
            ("agentName", Some(self.agent_name.to_string())),
            ("reason", Some(self.reason.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `InvtRefundList`, in XSD sequence order.
pub(crate) static INVT_REFUND_LIST_FIELDS: &[Field] = &[
    Field {
        name: "gnum",
        required: true,
        kind: Kind::Int { digits: 4 },
    },
    Field {
        name: "gcode",
        required: true,
        kind: Kind::Exact(10),
    },
    Field {
        name: "gname",
        required: true,
        kind: Kind::Text { min: 1, max: 250 },
    },
    Field {
        name: "qty",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "unit",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB625 `InvtRefundList`: one returned line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvtRefundList {
    /// `gnum`
    pub gnum: u32,
    /// `gcode`
    pub gcode: String,
    /// `gname`
    pub gname: String,
    /// `qty`
    pub qty: Decimal,
    /// `unit`
    pub unit: String,
    /// `note`
    pub note: Option<String>,
}

impl InvtRefundList {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InvtRefundList";
    pub(crate) const FIELDS: &'static [Field] = INVT_REFUND_LIST_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            gnum: r.int(0),
            gcode: r.text(1),
            gname: r.text(2),
            qty: r.dec(3),
            unit: r.text(4),
            note: r.opt_text(5),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("gnum", Some(self.gnum.to_string())),
            ("gcode", Some(self.gcode.to_string())),
            ("gname", Some(self.gname.to_string())),
            ("qty", Some(self.qty.to_string())),
            ("unit", Some(self.unit.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `BaseTransfer`, in XSD sequence order.
pub(crate) static BASE_TRANSFER_FIELDS: &[Field] = &[
    Field {
        name: "copCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "copName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "dxpMode",
        required: true,
        kind: Kind::Code(&["DXP"]),
    },
    Field {
        name: "dxpId",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// `BaseTransfer`: the transmitting enterprise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaseTransfer {
    /// `copCode`
    pub cop_code: String,
    /// `copName`
    pub cop_name: String,
    /// `dxpMode`
    pub dxp_mode: String,
    /// `dxpId`
    pub dxp_id: String,
    /// `note`
    pub note: Option<String>,
}

impl BaseTransfer {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "BaseTransfer";
    pub(crate) const FIELDS: &'static [Field] = BASE_TRANSFER_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            cop_code: r.text(0),
            cop_name: r.text(1),
            dxp_mode: r.text(2),
            dxp_id: r.text(3),
            note: r.opt_text(4),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("copCode", Some(self.cop_code.to_string())),
            ("copName", Some(self.cop_name.to_string())),
            ("dxpMode", Some(self.dxp_mode.to_string())),
            ("dxpId", Some(self.dxp_id.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `BaseSubscribe`, in XSD sequence order.
pub(crate) static BASE_SUBSCRIBE_FIELDS: &[Field] = &[
    Field {
        name: "status",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "dxpMode",
        required: true,
        kind: Kind::Code(&["DXP"]),
    },
    Field {
        name: "dxpAddress",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// `BaseSubscribe`: a receipt subscription.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaseSubscribe {
    /// `status`
    pub status: String,
    /// `dxpMode`
    pub dxp_mode: String,
    /// `dxpAddress`
    pub dxp_address: String,
    /// `note`
    pub note: Option<String>,
}

impl BaseSubscribe {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "BaseSubscribe";
    pub(crate) const FIELDS: &'static [Field] = BASE_SUBSCRIBE_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            status: r.text(0),
            dxp_mode: r.text(1),
            dxp_address: r.text(2),
            note: r.opt_text(3),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("status", Some(self.status.to_string())),
            ("dxpMode", Some(self.dxp_mode.to_string())),
            ("dxpAddress", Some(self.dxp_address.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `OrderReturn`, in XSD sequence order.
pub(crate) static ORDER_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "ebpCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 1, max: 1000 },
    },
];

/// CEB312 `OrderReturn`: order receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderReturn {
    /// `guid`
    pub guid: String,
    /// `ebpCode`
    pub ebp_code: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `orderNo`
    pub order_no: String,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl OrderReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "OrderReturn";
    pub(crate) const FIELDS: &'static [Field] = ORDER_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            ebp_code: r.text(1),
            ebc_code: r.text(2),
            order_no: r.text(3),
            return_status: r.text(4),
            return_time: r.text(5),
            return_info: r.text(6),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("ebpCode", Some(self.ebp_code.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("orderNo", Some(self.order_no.to_string())),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `PaymentReturn`, in XSD sequence order.
pub(crate) static PAYMENT_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "payCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "payTransactionId",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 1, max: 1000 },
    },
];

/// CEB412 `PaymentReturn`: payment receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentReturn {
    /// `guid`
    pub guid: String,
    /// `payCode`
    pub pay_code: String,
    /// `payTransactionId`
    pub pay_transaction_id: String,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl PaymentReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "PaymentReturn";
    pub(crate) const FIELDS: &'static [Field] = PAYMENT_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            pay_code: r.text(1),
            pay_transaction_id: r.text(2),
            return_status: r.text(3),
            return_time: r.text(4),
            return_info: r.text(5),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("payCode", Some(self.pay_code.to_string())),
            (
                "payTransactionId",
                Some(self.pay_transaction_id.to_string()),
            ),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `LogisticsReturn`, in XSD sequence order.
pub(crate) static LOGISTICS_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 1, max: 1000 },
    },
];

/// CEB512 `LogisticsReturn`: waybill receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogisticsReturn {
    /// `guid`
    pub guid: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl LogisticsReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "LogisticsReturn";
    pub(crate) const FIELDS: &'static [Field] = LOGISTICS_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            logistics_code: r.text(1),
            logistics_no: r.text(2),
            return_status: r.text(3),
            return_time: r.text(4),
            return_info: r.text(5),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `InventoryReturn`, in XSD sequence order.
pub(crate) static INVENTORY_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "customsCode",
        required: false,
        kind: Kind::Exact(4),
    },
    Field {
        name: "ebpCode",
        required: false,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebcCode",
        required: false,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "agentCode",
        required: false,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 1, max: 20 },
    },
    Field {
        name: "preNo",
        required: true,
        kind: Kind::Exact(18),
    },
    Field {
        name: "invtNo",
        required: false,
        kind: Kind::Exact(18),
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 1, max: 1000 },
    },
];

/// CEB622 `InventoryReturn`: inventory list receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InventoryReturn {
    /// `guid`
    pub guid: String,
    /// `customsCode`
    pub customs_code: Option<String>,
    /// `ebpCode`
    pub ebp_code: Option<String>,
    /// `ebcCode`
    pub ebc_code: Option<String>,
    /// `agentCode`
    pub agent_code: Option<String>,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: String,
    /// `invtNo`
    pub invt_no: Option<String>,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl InventoryReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InventoryReturn";
    pub(crate) const FIELDS: &'static [Field] = INVENTORY_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            customs_code: r.opt_text(1),
            ebp_code: r.opt_text(2),
            ebc_code: r.opt_text(3),
            agent_code: r.opt_text(4),
            cop_no: r.text(5),
            pre_no: r.text(6),
            invt_no: r.opt_text(7),
            return_status: r.text(8),
            return_time: r.text(9),
            return_info: r.text(10),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            (
                "customsCode",
                self.customs_code.as_ref().map(ToString::to_string),
            ),
            ("ebpCode", self.ebp_code.as_ref().map(ToString::to_string)),
            ("ebcCode", self.ebc_code.as_ref().map(ToString::to_string)),
            (
                "agentCode",
                self.agent_code.as_ref().map(ToString::to_string),
            ),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", Some(self.pre_no.to_string())),
            ("invtNo", self.invt_no.as_ref().map(ToString::to_string)),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `InvtCancelReturn`, in XSD sequence order.
pub(crate) static INVT_CANCEL_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "customsCode",
        required: false,
        kind: Kind::Exact(4),
    },
    Field {
        name: "agentCode",
        required: false,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebpCode",
        required: false,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebcCode",
        required: false,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 1, max: 20 },
    },
    Field {
        name: "preNo",
        required: true,
        kind: Kind::Exact(18),
    },
    Field {
        name: "invtNo",
        required: false,
        kind: Kind::Exact(18),
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 1, max: 1000 },
    },
];

/// CEB624 `InvtCancelReturn`: cancellation receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvtCancelReturn {
    /// `guid`
    pub guid: String,
    /// `customsCode`
    pub customs_code: Option<String>,
    /// `agentCode`
    pub agent_code: Option<String>,
    /// `ebpCode`
    pub ebp_code: Option<String>,
    /// `ebcCode`
    pub ebc_code: Option<String>,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: String,
    /// `invtNo`
    pub invt_no: Option<String>,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl InvtCancelReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InvtCancelReturn";
    pub(crate) const FIELDS: &'static [Field] = INVT_CANCEL_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            customs_code: r.opt_text(1),
            agent_code: r.opt_text(2),
            ebp_code: r.opt_text(3),
            ebc_code: r.opt_text(4),
            cop_no: r.text(5),
            pre_no: r.text(6),
            invt_no: r.opt_text(7),
            return_status: r.text(8),
            return_time: r.text(9),
            return_info: r.text(10),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            (
                "customsCode",
                self.customs_code.as_ref().map(ToString::to_string),
            ),
            (
                "agentCode",
                self.agent_code.as_ref().map(ToString::to_string),
            ),
            ("ebpCode", self.ebp_code.as_ref().map(ToString::to_string)),
            ("ebcCode", self.ebc_code.as_ref().map(ToString::to_string)),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", Some(self.pre_no.to_string())),
            ("invtNo", self.invt_no.as_ref().map(ToString::to_string)),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `InvtRefundReturn`, in XSD sequence order.
pub(crate) static INVT_REFUND_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "customsCode",
        required: false,
        kind: Kind::Exact(4),
    },
    Field {
        name: "agentCode",
        required: false,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebpCode",
        required: false,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "ebcCode",
        required: false,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 1, max: 20 },
    },
    Field {
        name: "preNo",
        required: true,
        kind: Kind::Exact(18),
    },
    Field {
        name: "invtNo",
        required: false,
        kind: Kind::Exact(18),
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 1, max: 1000 },
    },
];

/// CEB626 `InvtRefundReturn`: return receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvtRefundReturn {
    /// `guid`
    pub guid: String,
    /// `customsCode`
    pub customs_code: Option<String>,
    /// `agentCode`
    pub agent_code: Option<String>,
    /// `ebpCode`
    pub ebp_code: Option<String>,
    /// `ebcCode`
    pub ebc_code: Option<String>,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: String,
    /// `invtNo`
    pub invt_no: Option<String>,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl InvtRefundReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InvtRefundReturn";
    pub(crate) const FIELDS: &'static [Field] = INVT_REFUND_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            customs_code: r.opt_text(1),
            agent_code: r.opt_text(2),
            ebp_code: r.opt_text(3),
            ebc_code: r.opt_text(4),
            cop_no: r.text(5),
            pre_no: r.text(6),
            invt_no: r.opt_text(7),
            return_status: r.text(8),
            return_time: r.text(9),
            return_info: r.text(10),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            (
                "customsCode",
                self.customs_code.as_ref().map(ToString::to_string),
            ),
            (
                "agentCode",
                self.agent_code.as_ref().map(ToString::to_string),
            ),
            ("ebpCode", self.ebp_code.as_ref().map(ToString::to_string)),
            ("ebcCode", self.ebc_code.as_ref().map(ToString::to_string)),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", Some(self.pre_no.to_string())),
            ("invtNo", self.invt_no.as_ref().map(ToString::to_string)),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `LogisticsStatus`, in XSD sequence order.
pub(crate) static LOGISTICS_STATUS_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "logisticsStatus",
        required: true,
        kind: Kind::Code(&["S"]),
    },
    Field {
        name: "logisticsTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB513 `LogisticsStatus`: a waybill status (运单状态).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogisticsStatus {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `logisticsStatus`
    pub logistics_status: String,
    /// `logisticsTime`
    pub logistics_time: String,
    /// `note`
    pub note: Option<String>,
}

impl LogisticsStatus {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "LogisticsStatus";
    pub(crate) const FIELDS: &'static [Field] = LOGISTICS_STATUS_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            logistics_code: r.text(4),
            logistics_name: r.text(5),
            logistics_no: r.text(6),
            logistics_status: r.text(7),
            logistics_time: r.text(8),
            note: r.opt_text(9),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("logisticsStatus", Some(self.logistics_status.to_string())),
            ("logisticsTime", Some(self.logistics_time.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `LogisticsStatusReturn`, in XSD sequence order.
pub(crate) static LOGISTICS_STATUS_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "logisticsStatus",
        required: true,
        kind: Kind::Code(&["S"]),
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 1, max: 1000 },
    },
];

/// CEB514 `LogisticsStatusReturn`: waybill status receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogisticsStatusReturn {
    /// `guid`
    pub guid: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `logisticsStatus`
    pub logistics_status: String,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl LogisticsStatusReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "LogisticsStatusReturn";
    pub(crate) const FIELDS: &'static [Field] = LOGISTICS_STATUS_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            logistics_code: r.text(1),
            logistics_no: r.text(2),
            logistics_status: r.text(3),
            return_status: r.text(4),
            return_time: r.text(5),
            return_info: r.text(6),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("logisticsStatus", Some(self.logistics_status.to_string())),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `DeliveryHead`, in XSD sequence order.
pub(crate) static DELIVERY_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "copNo",
        required: false,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "rkdNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "operatorCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "operatorName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "ieFlag",
        required: true,
        kind: Kind::Code(&["I", "E"]),
    },
    Field {
        name: "trafMode",
        required: true,
        kind: Kind::Exact(1),
    },
    Field {
        name: "trafNo",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "voyageNo",
        required: true,
        kind: Kind::Text { min: 1, max: 32 },
    },
    Field {
        name: "billNo",
        required: true,
        kind: Kind::Text { min: 1, max: 37 },
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 1, max: 100 },
    },
    Field {
        name: "unloadLocation",
        required: false,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB711 `DeliveryHead`: the warehouse entry header (入库明细单).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `customsCode`
    pub customs_code: String,
    /// `copNo`
    pub cop_no: Option<String>,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `rkdNo`
    pub rkd_no: Option<String>,
    /// `operatorCode`
    pub operator_code: String,
    /// `operatorName`
    pub operator_name: String,
    /// `ieFlag`
    pub ie_flag: String,
    /// `trafMode`
    pub traf_mode: String,
    /// `trafNo`
    pub traf_no: String,
    /// `voyageNo`
    pub voyage_no: String,
    /// `billNo`
    pub bill_no: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `unloadLocation`
    pub unload_location: Option<String>,
    /// `note`
    pub note: Option<String>,
}

impl DeliveryHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "DeliveryHead";
    pub(crate) const FIELDS: &'static [Field] = DELIVERY_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            customs_code: r.text(4),
            cop_no: r.opt_text(5),
            pre_no: r.opt_text(6),
            rkd_no: r.opt_text(7),
            operator_code: r.text(8),
            operator_name: r.text(9),
            ie_flag: r.text(10),
            traf_mode: r.text(11),
            traf_no: r.text(12),
            voyage_no: r.text(13),
            bill_no: r.text(14),
            logistics_code: r.text(15),
            logistics_name: r.text(16),
            unload_location: r.opt_text(17),
            note: r.opt_text(18),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("copNo", self.cop_no.as_ref().map(ToString::to_string)),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("rkdNo", self.rkd_no.as_ref().map(ToString::to_string)),
            ("operatorCode", Some(self.operator_code.to_string())),
            ("operatorName", Some(self.operator_name.to_string())),
            ("ieFlag", Some(self.ie_flag.to_string())),
            ("trafMode", Some(self.traf_mode.to_string())),
            ("trafNo", Some(self.traf_no.to_string())),
            ("voyageNo", Some(self.voyage_no.to_string())),
            ("billNo", Some(self.bill_no.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            (
                "unloadLocation",
                self.unload_location.as_ref().map(ToString::to_string),
            ),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `DeliveryList`, in XSD sequence order.
pub(crate) static DELIVERY_LIST_FIELDS: &[Field] = &[
    Field {
        name: "gnum",
        required: true,
        kind: Kind::Int { digits: 4 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 1, max: 60 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB711 `DeliveryList`: one waybill entered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryList {
    /// `gnum`
    pub gnum: u32,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `note`
    pub note: Option<String>,
}

impl DeliveryList {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "DeliveryList";
    pub(crate) const FIELDS: &'static [Field] = DELIVERY_LIST_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            gnum: r.int(0),
            logistics_no: r.text(1),
            note: r.opt_text(2),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("gnum", Some(self.gnum.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `DeliveryReturn`, in XSD sequence order.
pub(crate) static DELIVERY_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "customsCode",
        required: false,
        kind: Kind::Exact(4),
    },
    Field {
        name: "operatorCode",
        required: false,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "copNo",
        required: false,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "rkdNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 1, max: 1000 },
    },
];

/// CEB712 `DeliveryReturn`: warehouse entry receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryReturn {
    /// `guid`
    pub guid: String,
    /// `customsCode`
    pub customs_code: Option<String>,
    /// `operatorCode`
    pub operator_code: Option<String>,
    /// `copNo`
    pub cop_no: Option<String>,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `rkdNo`
    pub rkd_no: Option<String>,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl DeliveryReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "DeliveryReturn";
    pub(crate) const FIELDS: &'static [Field] = DELIVERY_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            customs_code: r.opt_text(1),
            operator_code: r.opt_text(2),
            cop_no: r.opt_text(3),
            pre_no: r.opt_text(4),
            rkd_no: r.opt_text(5),
            return_status: r.text(6),
            return_time: r.text(7),
            return_info: r.text(8),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            (
                "customsCode",
                self.customs_code.as_ref().map(ToString::to_string),
            ),
            (
                "operatorCode",
                self.operator_code.as_ref().map(ToString::to_string),
            ),
            ("copNo", self.cop_no.as_ref().map(ToString::to_string)),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("rkdNo", self.rkd_no.as_ref().map(ToString::to_string)),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `TaxHeadRd`, in XSD sequence order.
pub(crate) static TAX_HEAD_RD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "invtNo",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "taxNo",
        required: true,
        kind: Kind::Text { min: 1, max: 50 },
    },
    Field {
        name: "customsTax",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "valueAddedTax",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "consumptionTax",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "status",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "entDutyNo",
        required: false,
        kind: Kind::Text { min: 0, max: 50 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
    Field {
        name: "assureCode",
        required: false,
        kind: Kind::Text { min: 0, max: 64 },
    },
    Field {
        name: "ebcCode",
        required: false,
        kind: Kind::Text { min: 0, max: 64 },
    },
    Field {
        name: "logisticsCode",
        required: false,
        kind: Kind::Text { min: 0, max: 64 },
    },
    Field {
        name: "agentCode",
        required: false,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "customsCode",
        required: false,
        kind: Kind::Exact(4),
    },
];

/// CEB816 `TaxHeadRd`: the e-tax bill header (电子税单表头).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaxHeadRd {
    /// `guid`
    pub guid: String,
    /// `returnTime`
    pub return_time: String,
    /// `invtNo`
    pub invt_no: String,
    /// `taxNo`
    pub tax_no: String,
    /// `customsTax`
    pub customs_tax: Decimal,
    /// `valueAddedTax`
    pub value_added_tax: Decimal,
    /// `consumptionTax`
    pub consumption_tax: Decimal,
    /// `status`
    pub status: String,
    /// `entDutyNo`
    pub ent_duty_no: Option<String>,
    /// `note`
    pub note: Option<String>,
    /// `assureCode`
    pub assure_code: Option<String>,
    /// `ebcCode`
    pub ebc_code: Option<String>,
    /// `logisticsCode`
    pub logistics_code: Option<String>,
    /// `agentCode`
    pub agent_code: Option<String>,
    /// `customsCode`
    pub customs_code: Option<String>,
}

impl TaxHeadRd {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "TaxHeadRd";
    pub(crate) const FIELDS: &'static [Field] = TAX_HEAD_RD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            return_time: r.text(1),
            invt_no: r.text(2),
            tax_no: r.text(3),
            customs_tax: r.dec(4),
            value_added_tax: r.dec(5),
            consumption_tax: r.dec(6),
            status: r.text(7),
            ent_duty_no: r.opt_text(8),
            note: r.opt_text(9),
            assure_code: r.opt_text(10),
            ebc_code: r.opt_text(11),
            logistics_code: r.opt_text(12),
            agent_code: r.opt_text(13),
            customs_code: r.opt_text(14),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("invtNo", Some(self.invt_no.to_string())),
            ("taxNo", Some(self.tax_no.to_string())),
            ("customsTax", Some(self.customs_tax.to_string())),
            ("valueAddedTax", Some(self.value_added_tax.to_string())),
            ("consumptionTax", Some(self.consumption_tax.to_string())),
            ("status", Some(self.status.to_string())),
            (
                "entDutyNo",
                self.ent_duty_no.as_ref().map(ToString::to_string),
            ),
            ("note", self.note.as_ref().map(ToString::to_string)),
            (
                "assureCode",
                self.assure_code.as_ref().map(ToString::to_string),
            ),
            ("ebcCode", self.ebc_code.as_ref().map(ToString::to_string)),
            (
                "logisticsCode",
                self.logistics_code.as_ref().map(ToString::to_string),
            ),
            (
                "agentCode",
                self.agent_code.as_ref().map(ToString::to_string),
            ),
            (
                "customsCode",
                self.customs_code.as_ref().map(ToString::to_string),
            ),
        ]
    }
}

/// Fields of `TaxListRd`, in XSD sequence order.
pub(crate) static TAX_LIST_RD_FIELDS: &[Field] = &[
    Field {
        name: "gnum",
        required: true,
        kind: Kind::Int { digits: 4 },
    },
    Field {
        name: "gcode",
        required: true,
        kind: Kind::Exact(10),
    },
    Field {
        name: "taxPrice",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "customsTax",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "valueAddedTax",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "consumptionTax",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
];

/// CEB816 `TaxListRd`: one e-tax bill line (电子税单表体).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaxListRd {
    /// `gnum`
    pub gnum: u32,
    /// `gcode`
    pub gcode: String,
    /// `taxPrice`
    pub tax_price: Decimal,
    /// `customsTax`
    pub customs_tax: Decimal,
    /// `valueAddedTax`
    pub value_added_tax: Decimal,
    /// `consumptionTax`
    pub consumption_tax: Decimal,
}

impl TaxListRd {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "TaxListRd";
    pub(crate) const FIELDS: &'static [Field] = TAX_LIST_RD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            gnum: r.int(0),
            gcode: r.text(1),
            tax_price: r.dec(2),
            customs_tax: r.dec(3),
            value_added_tax: r.dec(4),
            consumption_tax: r.dec(5),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("gnum", Some(self.gnum.to_string())),
            ("gcode", Some(self.gcode.to_string())),
            ("taxPrice", Some(self.tax_price.to_string())),
            ("customsTax", Some(self.customs_tax.to_string())),
            ("valueAddedTax", Some(self.value_added_tax.to_string())),
            ("consumptionTax", Some(self.consumption_tax.to_string())),
        ]
    }
}

/// Fields of `TaxHeadStatus`, in XSD sequence order.
pub(crate) static TAX_HEAD_STATUS_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "invtNo",
        required: true,
        kind: Kind::Text { min: 1, max: 18 },
    },
    Field {
        name: "taxNo",
        required: true,
        kind: Kind::Text { min: 1, max: 50 },
    },
    Field {
        name: "status",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "entDutyNo",
        required: false,
        kind: Kind::Text { min: 0, max: 50 },
    },
    Field {
        name: "assureCode",
        required: false,
        kind: Kind::Text { min: 0, max: 64 },
    },
];

/// CEB818 `TaxHeadStatus`: an e-tax bill status (电子税单状态).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaxHeadStatus {
    /// `guid`
    pub guid: String,
    /// `returnTime`
    pub return_time: String,
    /// `invtNo`
    pub invt_no: String,
    /// `taxNo`
    pub tax_no: String,
    /// `status`
    pub status: String,
    /// `entDutyNo`
    pub ent_duty_no: Option<String>,
    /// `assureCode`
    pub assure_code: Option<String>,
}

impl TaxHeadStatus {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "TaxHeadStatus";
    pub(crate) const FIELDS: &'static [Field] = TAX_HEAD_STATUS_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            return_time: r.text(1),
            invt_no: r.text(2),
            tax_no: r.text(3),
            status: r.text(4),
            ent_duty_no: r.opt_text(5),
            assure_code: r.opt_text(6),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("invtNo", Some(self.invt_no.to_string())),
            ("taxNo", Some(self.tax_no.to_string())),
            ("status", Some(self.status.to_string())),
            (
                "entDutyNo",
                self.ent_duty_no.as_ref().map(ToString::to_string),
            ),
            (
                "assureCode",
                self.assure_code.as_ref().map(ToString::to_string),
            ),
        ]
    }
}

/// Fields of `OrderHead`, in XSD sequence order.
pub(crate) static EXPORT_ORDER_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "orderType",
        required: true,
        kind: Kind::Exact(1),
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 0, max: 60 },
    },
    Field {
        name: "ebpCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebpName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebcName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "goodsValue",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "freight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "currency",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB303 `OrderHead`: the export order header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOrderHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `orderType`
    pub order_type: String,
    /// `orderNo`
    pub order_no: String,
    /// `ebpCode`
    pub ebp_code: String,
    /// `ebpName`
    pub ebp_name: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `ebcName`
    pub ebc_name: String,
    /// `goodsValue`
    pub goods_value: Decimal,
    /// `freight`
    pub freight: Decimal,
    /// `currency`
    pub currency: String,
    /// `note`
    pub note: Option<String>,
}

impl ExportOrderHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "OrderHead";
    pub(crate) const FIELDS: &'static [Field] = EXPORT_ORDER_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            order_type: r.text(4),
            order_no: r.text(5),
            ebp_code: r.text(6),
            ebp_name: r.text(7),
            ebc_code: r.text(8),
            ebc_name: r.text(9),
            goods_value: r.dec(10),
            freight: r.dec(11),
            currency: r.text(12),
            note: r.opt_text(13),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("orderType", Some(self.order_type.to_string())),
            ("orderNo", Some(self.order_no.to_string())),
            ("ebpCode", Some(self.ebp_code.to_string())),
            ("ebpName", Some(self.ebp_name.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("ebcName", Some(self.ebc_name.to_string())),
            ("goodsValue", Some(self.goods_value.to_string())),
            ("freight", Some(self.freight.to_string())),
            ("currency", Some(self.currency.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `OrderList`, in XSD sequence order.
pub(crate) static EXPORT_ORDER_LIST_FIELDS: &[Field] = &[
    Field {
        name: "gnum",
        required: true,
        kind: Kind::Int { digits: 5 },
    },
    Field {
        name: "itemNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "itemName",
        required: true,
        kind: Kind::Text { min: 0, max: 250 },
    },
    Field {
        name: "itemDescribe",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
    Field {
        name: "barCode",
        required: false,
        kind: Kind::Text { min: 0, max: 50 },
    },
    Field {
        name: "unit",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "currency",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "qty",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "price",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "totalPrice",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB303 `OrderList`: one export order line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOrderList {
    /// `gnum`
    pub gnum: u32,
    /// `itemNo`
    pub item_no: String,
    /// `itemName`
    pub item_name: String,
    /// `itemDescribe`
    pub item_describe: Option<String>,
    /// `barCode`
    pub bar_code: Option<String>,
    /// `unit`
    pub unit: String,
    /// `currency`
    pub currency: String,
    /// `qty`
    pub qty: Decimal,
    /// `price`
    pub price: Decimal,
    /// `totalPrice`
    pub total_price: Decimal,
    /// `note`
    pub note: Option<String>,
}

impl ExportOrderList {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "OrderList";
    pub(crate) const FIELDS: &'static [Field] = EXPORT_ORDER_LIST_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            gnum: r.int(0),
            item_no: r.text(1),
            item_name: r.text(2),
            item_describe: r.opt_text(3),
            bar_code: r.opt_text(4),
            unit: r.text(5),
            currency: r.text(6),
            qty: r.dec(7),
            price: r.dec(8),
            total_price: r.dec(9),
            note: r.opt_text(10),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("gnum", Some(self.gnum.to_string())),
            ("itemNo", Some(self.item_no.to_string())),
            ("itemName", Some(self.item_name.to_string())),
            (
                "itemDescribe",
                self.item_describe.as_ref().map(ToString::to_string),
            ),
            ("barCode", self.bar_code.as_ref().map(ToString::to_string)),
            ("unit", Some(self.unit.to_string())),
            ("currency", Some(self.currency.to_string())),
            ("qty", Some(self.qty.to_string())),
            ("price", Some(self.price.to_string())),
            ("totalPrice", Some(self.total_price.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `OrderReturn`, in XSD sequence order.
pub(crate) static EXPORT_ORDER_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "ebpCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 0, max: 60 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB304 `OrderReturn`: export order receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOrderReturn {
    /// `guid`
    pub guid: String,
    /// `ebpCode`
    pub ebp_code: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `orderNo`
    pub order_no: String,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl ExportOrderReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "OrderReturn";
    pub(crate) const FIELDS: &'static [Field] = EXPORT_ORDER_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            ebp_code: r.text(1),
            ebc_code: r.text(2),
            order_no: r.text(3),
            return_status: r.text(4),
            return_time: r.text(5),
            return_info: r.text(6),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("ebpCode", Some(self.ebp_code.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("orderNo", Some(self.order_no.to_string())),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `Receipts`, in XSD sequence order.
pub(crate) static RECEIPTS_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "ebpCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebpName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebcName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 0, max: 60 },
    },
    Field {
        name: "payCode",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "payName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "payNo",
        required: false,
        kind: Kind::Text { min: 0, max: 60 },
    },
    Field {
        name: "charge",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "currency",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "accountingDate",
        required: true,
        kind: Kind::Exact(14),
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB403 `Receipts`: a receipt of payment (收款单).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Receipts {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `ebpCode`
    pub ebp_code: String,
    /// `ebpName`
    pub ebp_name: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `ebcName`
    pub ebc_name: String,
    /// `orderNo`
    pub order_no: String,
    /// `payCode`
    pub pay_code: Option<String>,
    /// `payName`
    pub pay_name: String,
    /// `payNo`
    pub pay_no: Option<String>,
    /// `charge`
    pub charge: Decimal,
    /// `currency`
    pub currency: String,
    /// `accountingDate`
    pub accounting_date: String,
    /// `note`
    pub note: Option<String>,
}

impl Receipts {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "Receipts";
    pub(crate) const FIELDS: &'static [Field] = RECEIPTS_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            ebp_code: r.text(4),
            ebp_name: r.text(5),
            ebc_code: r.text(6),
            ebc_name: r.text(7),
            order_no: r.text(8),
            pay_code: r.opt_text(9),
            pay_name: r.text(10),
            pay_no: r.opt_text(11),
            charge: r.dec(12),
            currency: r.text(13),
            accounting_date: r.text(14),
            note: r.opt_text(15),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("ebpCode", Some(self.ebp_code.to_string())),
            ("ebpName", Some(self.ebp_name.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("ebcName", Some(self.ebc_name.to_string())),
            ("orderNo", Some(self.order_no.to_string())),
            ("payCode", self.pay_code.as_ref().map(ToString::to_string)),
            ("payName", Some(self.pay_name.to_string())),
            ("payNo", self.pay_no.as_ref().map(ToString::to_string)),
            ("charge", Some(self.charge.to_string())),
            ("currency", Some(self.currency.to_string())),
            ("accountingDate", Some(self.accounting_date.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `ReceiptsReturn`, in XSD sequence order.
pub(crate) static RECEIPTS_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 0, max: 60 },
    },
    Field {
        name: "payNo",
        required: false,
        kind: Kind::Text { min: 0, max: 60 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB404 `ReceiptsReturn`: receipt-of-payment receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptsReturn {
    /// `guid`
    pub guid: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `orderNo`
    pub order_no: String,
    /// `payNo`
    pub pay_no: Option<String>,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl ReceiptsReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "ReceiptsReturn";
    pub(crate) const FIELDS: &'static [Field] = RECEIPTS_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            ebc_code: r.text(1),
            order_no: r.text(2),
            pay_no: r.opt_text(3),
            return_status: r.text(4),
            return_time: r.text(5),
            return_info: r.text(6),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("orderNo", Some(self.order_no.to_string())),
            ("payNo", self.pay_no.as_ref().map(ToString::to_string)),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `Logistics`, in XSD sequence order.
pub(crate) static EXPORT_LOGISTICS_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "freight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "insuredFee",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "currency",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "grossWeight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "packNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "goodsInfo",
        required: true,
        kind: Kind::Text { min: 0, max: 200 },
    },
    Field {
        name: "ebcCode",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebcName",
        required: false,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "ebcTelephone",
        required: false,
        kind: Kind::Text { min: 0, max: 50 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB505 `Logistics`: an export waybill.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportLogistics {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `freight`
    pub freight: Decimal,
    /// `insuredFee`
    pub insured_fee: Decimal,
    /// `currency`
    pub currency: String,
    /// `grossWeight`
    pub gross_weight: Decimal,
    /// `packNo`
    pub pack_no: u32,
    /// `goodsInfo`
    pub goods_info: String,
    /// `ebcCode`
    pub ebc_code: Option<String>,
    /// `ebcName`
    pub ebc_name: Option<String>,
    /// `ebcTelephone`
    pub ebc_telephone: Option<String>,
    /// `note`
    pub note: Option<String>,
}

impl ExportLogistics {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "Logistics";
    pub(crate) const FIELDS: &'static [Field] = EXPORT_LOGISTICS_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            logistics_code: r.text(4),
            logistics_name: r.text(5),
            logistics_no: r.text(6),
            freight: r.dec(7),
            insured_fee: r.dec(8),
            currency: r.text(9),
            gross_weight: r.dec(10),
            pack_no: r.int(11),
            goods_info: r.text(12),
            ebc_code: r.opt_text(13),
            ebc_name: r.opt_text(14),
            ebc_telephone: r.opt_text(15),
            note: r.opt_text(16),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("freight", Some(self.freight.to_string())),
            ("insuredFee", Some(self.insured_fee.to_string())),
            ("currency", Some(self.currency.to_string())),
            ("grossWeight", Some(self.gross_weight.to_string())),
            ("packNo", Some(self.pack_no.to_string())),
            ("goodsInfo", Some(self.goods_info.to_string())),
            ("ebcCode", self.ebc_code.as_ref().map(ToString::to_string)),
            ("ebcName", self.ebc_name.as_ref().map(ToString::to_string)),
            (
                "ebcTelephone",
                self.ebc_telephone.as_ref().map(ToString::to_string),
            ),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `LogisticsReturn`, in XSD sequence order.
pub(crate) static EXPORT_LOGISTICS_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB506 `LogisticsReturn`: export waybill receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportLogisticsReturn {
    /// `guid`
    pub guid: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl ExportLogisticsReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "LogisticsReturn";
    pub(crate) const FIELDS: &'static [Field] = EXPORT_LOGISTICS_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            logistics_code: r.text(1),
            logistics_no: r.text(2),
            return_status: r.text(3),
            return_time: r.text(4),
            return_info: r.text(5),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `ArrivalHead`, in XSD sequence order.
pub(crate) static ARRIVAL_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Exact(18),
    },
    Field {
        name: "operatorCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "operatorName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "loctNo",
        required: false,
        kind: Kind::Text { min: 0, max: 10 },
    },
    Field {
        name: "ieFlag",
        required: true,
        kind: Kind::Code(&["I", "E"]),
    },
    Field {
        name: "trafMode",
        required: true,
        kind: Kind::Exact(1),
    },
    Field {
        name: "billNo",
        required: false,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "domesticTrafNo",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "msgCount",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "msgSeqNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB507 `ArrivalHead`: the arrival report header (运抵单).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArrivalHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `customsCode`
    pub customs_code: String,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `operatorCode`
    pub operator_code: String,
    /// `operatorName`
    pub operator_name: String,
    /// `loctNo`
    pub loct_no: Option<String>,
    /// `ieFlag`
    pub ie_flag: String,
    /// `trafMode`
    pub traf_mode: String,
    /// `billNo`
    pub bill_no: Option<String>,
    /// `domesticTrafNo`
    pub domestic_traf_no: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `msgCount`
    pub msg_count: u32,
    /// `msgSeqNo`
    pub msg_seq_no: u32,
    /// `note`
    pub note: Option<String>,
}

impl ArrivalHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "ArrivalHead";
    pub(crate) const FIELDS: &'static [Field] = ARRIVAL_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            customs_code: r.text(4),
            cop_no: r.text(5),
            pre_no: r.opt_text(6),
            operator_code: r.text(7),
            operator_name: r.text(8),
            loct_no: r.opt_text(9),
            ie_flag: r.text(10),
            traf_mode: r.text(11),
            bill_no: r.opt_text(12),
            domestic_traf_no: r.text(13),
            logistics_code: r.text(14),
            logistics_name: r.text(15),
            msg_count: r.int(16),
            msg_seq_no: r.int(17),
            note: r.opt_text(18),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("operatorCode", Some(self.operator_code.to_string())),
            ("operatorName", Some(self.operator_name.to_string())),
            ("loctNo", self.loct_no.as_ref().map(ToString::to_string)),
            ("ieFlag", Some(self.ie_flag.to_string())),
            ("trafMode", Some(self.traf_mode.to_string())),
            ("billNo", self.bill_no.as_ref().map(ToString::to_string)),
            ("domesticTrafNo", Some(self.domestic_traf_no.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            ("msgCount", Some(self.msg_count.to_string())),
            ("msgSeqNo", Some(self.msg_seq_no.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `ArrivalList`, in XSD sequence order.
pub(crate) static ARRIVAL_LIST_FIELDS: &[Field] = &[
    Field {
        name: "gnum",
        required: true,
        kind: Kind::Int { digits: 5 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "totalPackageNo",
        required: false,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB507 `ArrivalList`: one arrived waybill.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArrivalList {
    /// `gnum`
    pub gnum: u32,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `totalPackageNo`
    pub total_package_no: Option<String>,
    /// `note`
    pub note: Option<String>,
}

impl ArrivalList {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "ArrivalList";
    pub(crate) const FIELDS: &'static [Field] = ARRIVAL_LIST_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            gnum: r.int(0),
            logistics_no: r.text(1),
            total_package_no: r.opt_text(2),
            note: r.opt_text(3),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("gnum", Some(self.gnum.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            (
                "totalPackageNo",
                self.total_package_no.as_ref().map(ToString::to_string),
            ),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `ArrivalReturn`, in XSD sequence order.
pub(crate) static ARRIVAL_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "operatorCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "preNo",
        required: true,
        kind: Kind::Exact(18),
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "billNo",
        required: true,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "msgSeqNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB508 `ArrivalReturn`: arrival receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArrivalReturn {
    /// `guid`
    pub guid: String,
    /// `operatorCode`
    pub operator_code: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `preNo`
    pub pre_no: String,
    /// `copNo`
    pub cop_no: String,
    /// `billNo`
    pub bill_no: String,
    /// `msgSeqNo`
    pub msg_seq_no: u32,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl ArrivalReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "ArrivalReturn";
    pub(crate) const FIELDS: &'static [Field] = ARRIVAL_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            operator_code: r.text(1),
            logistics_code: r.text(2),
            pre_no: r.text(3),
            cop_no: r.text(4),
            bill_no: r.text(5),
            msg_seq_no: r.int(6),
            return_status: r.text(7),
            return_time: r.text(8),
            return_info: r.text(9),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("operatorCode", Some(self.operator_code.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("preNo", Some(self.pre_no.to_string())),
            ("copNo", Some(self.cop_no.to_string())),
            ("billNo", Some(self.bill_no.to_string())),
            ("msgSeqNo", Some(self.msg_seq_no.to_string())),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `DepartureHead`, in XSD sequence order.
pub(crate) static DEPARTURE_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Exact(18),
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "trafMode",
        required: true,
        kind: Kind::Exact(1),
    },
    Field {
        name: "trafName",
        required: false,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "voyageNo",
        required: false,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "billNo",
        required: false,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "leaveTime",
        required: true,
        kind: Kind::Exact(14),
    },
    Field {
        name: "msgCount",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "msgSeqNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB509 `DepartureHead`: the departure report header (离境单).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DepartureHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `customsCode`
    pub customs_code: String,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `trafMode`
    pub traf_mode: String,
    /// `trafName`
    pub traf_name: Option<String>,
    /// `voyageNo`
    pub voyage_no: Option<String>,
    /// `billNo`
    pub bill_no: Option<String>,
    /// `leaveTime`
    pub leave_time: String,
    /// `msgCount`
    pub msg_count: u32,
    /// `msgSeqNo`
    pub msg_seq_no: u32,
    /// `note`
    pub note: Option<String>,
}

impl DepartureHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "DepartureHead";
    pub(crate) const FIELDS: &'static [Field] = DEPARTURE_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            customs_code: r.text(4),
            cop_no: r.text(5),
            pre_no: r.opt_text(6),
            logistics_code: r.text(7),
            logistics_name: r.text(8),
            traf_mode: r.text(9),
            traf_name: r.opt_text(10),
            voyage_no: r.opt_text(11),
            bill_no: r.opt_text(12),
            leave_time: r.text(13),
            msg_count: r.int(14),
            msg_seq_no: r.int(15),
            note: r.opt_text(16),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            ("trafMode", Some(self.traf_mode.to_string())),
            ("trafName", self.traf_name.as_ref().map(ToString::to_string)),
            ("voyageNo", self.voyage_no.as_ref().map(ToString::to_string)),
            ("billNo", self.bill_no.as_ref().map(ToString::to_string)),
            ("leaveTime", Some(self.leave_time.to_string())),
            ("msgCount", Some(self.msg_count.to_string())),
            ("msgSeqNo", Some(self.msg_seq_no.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `DepartureList`, in XSD sequence order.
pub(crate) static DEPARTURE_LIST_FIELDS: &[Field] = &[
    Field {
        name: "gnum",
        required: true,
        kind: Kind::Int { digits: 5 },
    },
    Field {
        name: "totalPackageNo",
        required: false,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB509 `DepartureList`: one departed waybill.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DepartureList {
    /// `gnum`
    pub gnum: u32,
    /// `totalPackageNo`
    pub total_package_no: Option<String>,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `note`
    pub note: Option<String>,
}

impl DepartureList {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "DepartureList";
    pub(crate) const FIELDS: &'static [Field] = DEPARTURE_LIST_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            gnum: r.int(0),
            total_package_no: r.opt_text(1),
            logistics_no: r.text(2),
            note: r.opt_text(3),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("gnum", Some(self.gnum.to_string())),
            (
                "totalPackageNo",
                self.total_package_no.as_ref().map(ToString::to_string),
            ),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `DepartureReturn`, in XSD sequence order.
pub(crate) static DEPARTURE_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: true,
        kind: Kind::Exact(18),
    },
    Field {
        name: "msgSeqNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB510 `DepartureReturn`: departure receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DepartureReturn {
    /// `guid`
    pub guid: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: String,
    /// `msgSeqNo`
    pub msg_seq_no: u32,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl DepartureReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "DepartureReturn";
    pub(crate) const FIELDS: &'static [Field] = DEPARTURE_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            logistics_code: r.text(1),
            cop_no: r.text(2),
            pre_no: r.text(3),
            msg_seq_no: r.int(4),
            return_status: r.text(5),
            return_time: r.text(6),
            return_info: r.text(7),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", Some(self.pre_no.to_string())),
            ("msgSeqNo", Some(self.msg_seq_no.to_string())),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `InventoryHead`, in XSD sequence order.
pub(crate) static EXPORT_INVENTORY_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "ebpCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebpName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 0, max: 60 },
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Exact(18),
    },
    Field {
        name: "invtNo",
        required: false,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "ieFlag",
        required: true,
        kind: Kind::Code(&["I", "E"]),
    },
    Field {
        name: "portCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "ieDate",
        required: true,
        kind: Kind::DateTime(8),
    },
    Field {
        name: "statisticsFlag",
        required: true,
        kind: Kind::Code(&["A", "B"]),
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "agentName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebcName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "ownerCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ownerName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "iacCode",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "iacName",
        required: false,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "emsNo",
        required: false,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "tradeMode",
        required: true,
        kind: Kind::Code(&["9610", "1210", "9710", "9810"]),
    },
    Field {
        name: "trafMode",
        required: true,
        kind: Kind::Exact(1),
    },
    Field {
        name: "trafName",
        required: false,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "voyageNo",
        required: false,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "billNo",
        required: false,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "totalPackageNo",
        required: false,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "loctNo",
        required: false,
        kind: Kind::Text { min: 0, max: 10 },
    },
    Field {
        name: "licenseNo",
        required: false,
        kind: Kind::Text { min: 0, max: 19 },
    },
    Field {
        name: "country",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "POD",
        required: true,
        kind: Kind::Text { min: 3, max: 4 },
    },
    Field {
        name: "freight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "fCurrency",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "fFlag",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "insuredFee",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "iCurrency",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "iFlag",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "wrapType",
        required: true,
        kind: Kind::Exact(1),
    },
    Field {
        name: "packNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "grossWeight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "netWeight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB603 `InventoryHead`: the export inventory list header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportInventoryHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `customsCode`
    pub customs_code: String,
    /// `ebpCode`
    pub ebp_code: String,
    /// `ebpName`
    pub ebp_name: String,
    /// `orderNo`
    pub order_no: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `invtNo`
    pub invt_no: Option<String>,
    /// `ieFlag`
    pub ie_flag: String,
    /// `portCode`
    pub port_code: String,
    /// `ieDate`
    pub ie_date: String,
    /// `statisticsFlag`
    pub statistics_flag: String,
    /// `agentCode`
    pub agent_code: String,
    /// `agentName`
    pub agent_name: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `ebcName`
    pub ebc_name: String,
    /// `ownerCode`
    pub owner_code: String,
    /// `ownerName`
    pub owner_name: String,
    /// `iacCode`
    pub iac_code: Option<String>,
    /// `iacName`
    pub iac_name: Option<String>,
    /// `emsNo`
    pub ems_no: Option<String>,
    /// `tradeMode`
    pub trade_mode: String,
    /// `trafMode`
    pub traf_mode: String,
    /// `trafName`
    pub traf_name: Option<String>,
    /// `voyageNo`
    pub voyage_no: Option<String>,
    /// `billNo`
    pub bill_no: Option<String>,
    /// `totalPackageNo`
    pub total_package_no: Option<String>,
    /// `loctNo`
    pub loct_no: Option<String>,
    /// `licenseNo`
    pub license_no: Option<String>,
    /// `country`
    pub country: String,
    /// `POD`
    pub pod: String,
    /// `freight`
    pub freight: Decimal,
    /// `fCurrency`
    pub f_currency: String,
    /// `fFlag`
    pub f_flag: String,
    /// `insuredFee`
    pub insured_fee: Decimal,
    /// `iCurrency`
    pub i_currency: String,
    /// `iFlag`
    pub i_flag: String,
    /// `wrapType`
    pub wrap_type: String,
    /// `packNo`
    pub pack_no: u32,
    /// `grossWeight`
    pub gross_weight: Decimal,
    /// `netWeight`
    pub net_weight: Decimal,
    /// `note`
    pub note: Option<String>,
}

impl ExportInventoryHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InventoryHead";
    pub(crate) const FIELDS: &'static [Field] = EXPORT_INVENTORY_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            customs_code: r.text(4),
            ebp_code: r.text(5),
            ebp_name: r.text(6),
            order_no: r.text(7),
            logistics_code: r.text(8),
            logistics_name: r.text(9),
            logistics_no: r.text(10),
            cop_no: r.text(11),
            pre_no: r.opt_text(12),
            invt_no: r.opt_text(13),
            ie_flag: r.text(14),
            port_code: r.text(15),
            ie_date: r.text(16),
            statistics_flag: r.text(17),
            agent_code: r.text(18),
            agent_name: r.text(19),
            ebc_code: r.text(20),
            ebc_name: r.text(21),
            owner_code: r.text(22),
            owner_name: r.text(23),
            iac_code: r.opt_text(24),
            iac_name: r.opt_text(25),
            ems_no: r.opt_text(26),
            trade_mode: r.text(27),
            traf_mode: r.text(28),
            traf_name: r.opt_text(29),
            voyage_no: r.opt_text(30),
            bill_no: r.opt_text(31),
            total_package_no: r.opt_text(32),
            loct_no: r.opt_text(33),
            license_no: r.opt_text(34),
            country: r.text(35),
            pod: r.text(36),
            freight: r.dec(37),
            f_currency: r.text(38),
            f_flag: r.text(39),
            insured_fee: r.dec(40),
            i_currency: r.text(41),
            i_flag: r.text(42),
            wrap_type: r.text(43),
            pack_no: r.int(44),
            gross_weight: r.dec(45),
            net_weight: r.dec(46),
            note: r.opt_text(47),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("ebpCode", Some(self.ebp_code.to_string())),
            ("ebpName", Some(self.ebp_name.to_string())),
            ("orderNo", Some(self.order_no.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("invtNo", self.invt_no.as_ref().map(ToString::to_string)),
            ("ieFlag", Some(self.ie_flag.to_string())),
            ("portCode", Some(self.port_code.to_string())),
            ("ieDate", Some(self.ie_date.to_string())),
            ("statisticsFlag", Some(self.statistics_flag.to_string())),
            ("agentCode", Some(self.agent_code.to_string())),
            ("agentName", Some(self.agent_name.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("ebcName", Some(self.ebc_name.to_string())),
            ("ownerCode", Some(self.owner_code.to_string())),
            ("ownerName", Some(self.owner_name.to_string())),
            ("iacCode", self.iac_code.as_ref().map(ToString::to_string)),
            ("iacName", self.iac_name.as_ref().map(ToString::to_string)),
            ("emsNo", self.ems_no.as_ref().map(ToString::to_string)),
            ("tradeMode", Some(self.trade_mode.to_string())),
            ("trafMode", Some(self.traf_mode.to_string())),
            ("trafName", self.traf_name.as_ref().map(ToString::to_string)),
            ("voyageNo", self.voyage_no.as_ref().map(ToString::to_string)),
            ("billNo", self.bill_no.as_ref().map(ToString::to_string)),
            (
                "totalPackageNo",
                self.total_package_no.as_ref().map(ToString::to_string),
            ),
            ("loctNo", self.loct_no.as_ref().map(ToString::to_string)),
            (
                "licenseNo",
                self.license_no.as_ref().map(ToString::to_string),
            ),
            ("country", Some(self.country.to_string())),
            ("POD", Some(self.pod.to_string())),
            ("freight", Some(self.freight.to_string())),
            ("fCurrency", Some(self.f_currency.to_string())),
            ("fFlag", Some(self.f_flag.to_string())),
            ("insuredFee", Some(self.insured_fee.to_string())),
            ("iCurrency", Some(self.i_currency.to_string())),
            ("iFlag", Some(self.i_flag.to_string())),
            ("wrapType", Some(self.wrap_type.to_string())),
            ("packNo", Some(self.pack_no.to_string())),
            ("grossWeight", Some(self.gross_weight.to_string())),
            ("netWeight", Some(self.net_weight.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `InventoryList`, in XSD sequence order.
pub(crate) static EXPORT_INVENTORY_LIST_FIELDS: &[Field] = &[
    Field {
        name: "gnum",
        required: true,
        kind: Kind::Int { digits: 5 },
    },
    Field {
        name: "itemNo",
        required: true,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "itemRecordNo",
        required: false,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "itemName",
        required: false,
        kind: Kind::Text { min: 0, max: 250 },
    },
    Field {
        name: "gcode",
        required: true,
        kind: Kind::Exact(10),
    },
    Field {
        name: "gname",
        required: true,
        kind: Kind::Text { min: 0, max: 250 },
    },
    Field {
        name: "gmodel",
        required: true,
        kind: Kind::Text { min: 0, max: 250 },
    },
    Field {
        name: "barCode",
        required: true,
        kind: Kind::Text { min: 0, max: 50 },
    },
    Field {
        name: "country",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "currency",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "qty",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "qty1",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "qty2",
        required: false,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "unit",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "unit1",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "unit2",
        required: false,
        kind: Kind::Text { min: 0, max: 3 },
    },
    Field {
        name: "price",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "totalPrice",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB603 `InventoryList`: one export inventory line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportInventoryList {
    /// `gnum`
    pub gnum: u32,
    /// `itemNo`
    pub item_no: String,
    /// `itemRecordNo`
    pub item_record_no: Option<String>,
    /// `itemName`
    pub item_name: Option<String>,
    /// `gcode`
    pub gcode: String,
    /// `gname`
    pub gname: String,
    /// `gmodel`
    pub gmodel: String,
    /// `barCode`
    pub bar_code: String,
    /// `country`
    pub country: String,
    /// `currency`
    pub currency: String,
    /// `qty`
    pub qty: Decimal,
    /// `qty1`
    pub qty1: Decimal,
    /// `qty2`
    pub qty2: Option<Decimal>,
    /// `unit`
    pub unit: String,
    /// `unit1`
    pub unit1: String,
    /// `unit2`
    pub unit2: Option<String>,
    /// `price`
    pub price: Decimal,
    /// `totalPrice`
    pub total_price: Decimal,
    /// `note`
    pub note: Option<String>,
}

impl ExportInventoryList {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InventoryList";
    pub(crate) const FIELDS: &'static [Field] = EXPORT_INVENTORY_LIST_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            gnum: r.int(0),
            item_no: r.text(1),
            item_record_no: r.opt_text(2),
            item_name: r.opt_text(3),
            gcode: r.text(4),
            gname: r.text(5),
            gmodel: r.text(6),
            bar_code: r.text(7),
            country: r.text(8),
            currency: r.text(9),
            qty: r.dec(10),
            qty1: r.dec(11),
            qty2: r.opt_dec(12),
            unit: r.text(13),
            unit1: r.text(14),
            unit2: r.opt_text(15),
            price: r.dec(16),
            total_price: r.dec(17),
            note: r.opt_text(18),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("gnum", Some(self.gnum.to_string())),
            ("itemNo", Some(self.item_no.to_string())),
            (
                "itemRecordNo",
                self.item_record_no.as_ref().map(ToString::to_string),
            ),
            ("itemName", self.item_name.as_ref().map(ToString::to_string)),
            ("gcode", Some(self.gcode.to_string())),
            ("gname", Some(self.gname.to_string())),
            ("gmodel", Some(self.gmodel.to_string())),
            ("barCode", Some(self.bar_code.to_string())),
            ("country", Some(self.country.to_string())),
            ("currency", Some(self.currency.to_string())),
            ("qty", Some(self.qty.to_string())),
            ("qty1", Some(self.qty1.to_string())),
            ("qty2", self.qty2.as_ref().map(ToString::to_string)),
            ("unit", Some(self.unit.to_string())),
            ("unit1", Some(self.unit1.to_string())),
            ("unit2", self.unit2.as_ref().map(ToString::to_string)),
            ("price", Some(self.price.to_string())),
            ("totalPrice", Some(self.total_price.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `InventoryReturn`, in XSD sequence order.
pub(crate) static EXPORT_INVENTORY_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: true,
        kind: Kind::Exact(18),
    },
    Field {
        name: "invtNo",
        required: true,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebpCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "orderNo",
        required: true,
        kind: Kind::Text { min: 0, max: 60 },
    },
    Field {
        name: "statisticsFlag",
        required: true,
        kind: Kind::Code(&["A", "B"]),
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB604 `InventoryReturn`: export inventory list receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportInventoryReturn {
    /// `guid`
    pub guid: String,
    /// `agentCode`
    pub agent_code: String,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: String,
    /// `invtNo`
    pub invt_no: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `ebpCode`
    pub ebp_code: String,
    /// `orderNo`
    pub order_no: String,
    /// `statisticsFlag`
    pub statistics_flag: String,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl ExportInventoryReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InventoryReturn";
    pub(crate) const FIELDS: &'static [Field] = EXPORT_INVENTORY_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            agent_code: r.text(1),
            cop_no: r.text(2),
            pre_no: r.text(3),
            invt_no: r.text(4),
            ebc_code: r.text(5),
            ebp_code: r.text(6),
            order_no: r.text(7),
            statistics_flag: r.text(8),
            return_status: r.text(9),
            return_time: r.text(10),
            return_info: r.text(11),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("agentCode", Some(self.agent_code.to_string())),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", Some(self.pre_no.to_string())),
            ("invtNo", Some(self.invt_no.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("ebpCode", Some(self.ebp_code.to_string())),
            ("orderNo", Some(self.order_no.to_string())),
            ("statisticsFlag", Some(self.statistics_flag.to_string())),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `InvtCancel`, in XSD sequence order.
pub(crate) static EXPORT_INVT_CANCEL_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Exact(18),
    },
    Field {
        name: "invtNo",
        required: true,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "reason",
        required: true,
        kind: Kind::Text { min: 0, max: 1000 },
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "agentName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebcName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB605 `InvtCancel`: an export cancellation request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportInvtCancel {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `customsCode`
    pub customs_code: String,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `invtNo`
    pub invt_no: String,
    /// `reason`
    pub reason: String,
    /// `agentCode`
    pub agent_code: String,
    /// `agentName`
    pub agent_name: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `ebcName`
    pub ebc_name: String,
    /// `note`
    pub note: Option<String>,
}

impl ExportInvtCancel {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InvtCancel";
    pub(crate) const FIELDS: &'static [Field] = EXPORT_INVT_CANCEL_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            customs_code: r.text(4),
            cop_no: r.text(5),
            pre_no: r.opt_text(6),
            invt_no: r.text(7),
            reason: r.text(8),
            agent_code: r.text(9),
            agent_name: r.text(10),
            ebc_code: r.text(11),
            ebc_name: r.text(12),
            note: r.opt_text(13),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("invtNo", Some(self.invt_no.to_string())),
            ("reason", Some(self.reason.to_string())),
            ("agentCode", Some(self.agent_code.to_string())),
            ("agentName", Some(self.agent_name.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("ebcName", Some(self.ebc_name.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `InvtCancelReturn`, in XSD sequence order.
pub(crate) static EXPORT_INVT_CANCEL_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: true,
        kind: Kind::Exact(18),
    },
    Field {
        name: "invtNo",
        required: true,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB606 `InvtCancelReturn`: export cancellation receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportInvtCancelReturn {
    /// `guid`
    pub guid: String,
    /// `agentCode`
    pub agent_code: String,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: String,
    /// `invtNo`
    pub invt_no: String,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl ExportInvtCancelReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InvtCancelReturn";
    pub(crate) const FIELDS: &'static [Field] = EXPORT_INVT_CANCEL_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            agent_code: r.text(1),
            cop_no: r.text(2),
            pre_no: r.text(3),
            invt_no: r.text(4),
            return_status: r.text(5),
            return_time: r.text(6),
            return_info: r.text(7),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("agentCode", Some(self.agent_code.to_string())),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", Some(self.pre_no.to_string())),
            ("invtNo", Some(self.invt_no.to_string())),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `WayBillHead`, in XSD sequence order.
pub(crate) static WAY_BILL_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Exact(18),
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "agentName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "loctNo",
        required: false,
        kind: Kind::Text { min: 0, max: 10 },
    },
    Field {
        name: "trafMode",
        required: true,
        kind: Kind::Exact(1),
    },
    Field {
        name: "trafName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "voyageNo",
        required: true,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "billNo",
        required: true,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "domesticTrafNo",
        required: false,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "grossWeight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "msgCount",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "msgSeqNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB607 `WayBillHead`: the master/sub list header (清单总分单).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WayBillHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `customsCode`
    pub customs_code: String,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `agentCode`
    pub agent_code: String,
    /// `agentName`
    pub agent_name: String,
    /// `loctNo`
    pub loct_no: Option<String>,
    /// `trafMode`
    pub traf_mode: String,
    /// `trafName`
    pub traf_name: String,
    /// `voyageNo`
    pub voyage_no: String,
    /// `billNo`
    pub bill_no: String,
    /// `domesticTrafNo`
    pub domestic_traf_no: Option<String>,
    /// `grossWeight`
    pub gross_weight: Decimal,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `msgCount`
    pub msg_count: u32,
    /// `msgSeqNo`
    pub msg_seq_no: u32,
    /// `note`
    pub note: Option<String>,
}

impl WayBillHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "WayBillHead";
    pub(crate) const FIELDS: &'static [Field] = WAY_BILL_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            customs_code: r.text(4),
            cop_no: r.text(5),
            pre_no: r.opt_text(6),
            agent_code: r.text(7),
            agent_name: r.text(8),
            loct_no: r.opt_text(9),
            traf_mode: r.text(10),
            traf_name: r.text(11),
            voyage_no: r.text(12),
            bill_no: r.text(13),
            domestic_traf_no: r.opt_text(14),
            gross_weight: r.dec(15),
            logistics_code: r.text(16),
            logistics_name: r.text(17),
            msg_count: r.int(18),
            msg_seq_no: r.int(19),
            note: r.opt_text(20),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("agentCode", Some(self.agent_code.to_string())),
            ("agentName", Some(self.agent_name.to_string())),
            ("loctNo", self.loct_no.as_ref().map(ToString::to_string)),
            ("trafMode", Some(self.traf_mode.to_string())),
            ("trafName", Some(self.traf_name.to_string())),
            ("voyageNo", Some(self.voyage_no.to_string())),
            ("billNo", Some(self.bill_no.to_string())),
            (
                "domesticTrafNo",
                self.domestic_traf_no.as_ref().map(ToString::to_string),
            ),
            ("grossWeight", Some(self.gross_weight.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            ("msgCount", Some(self.msg_count.to_string())),
            ("msgSeqNo", Some(self.msg_seq_no.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `WayBillList`, in XSD sequence order.
pub(crate) static WAY_BILL_LIST_FIELDS: &[Field] = &[
    Field {
        name: "gnum",
        required: true,
        kind: Kind::Int { digits: 5 },
    },
    Field {
        name: "totalPackageNo",
        required: false,
        kind: Kind::Text { min: 0, max: 60 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "invtNo",
        required: false,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB607 `WayBillList`: one inventory list in the master/sub list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WayBillList {
    /// `gnum`
    pub gnum: u32,
    /// `totalPackageNo`
    pub total_package_no: Option<String>,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `invtNo`
    pub invt_no: Option<String>,
    /// `note`
    pub note: Option<String>,
}

impl WayBillList {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "WayBillList";
    pub(crate) const FIELDS: &'static [Field] = WAY_BILL_LIST_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            gnum: r.int(0),
            total_package_no: r.opt_text(1),
            logistics_no: r.text(2),
            invt_no: r.opt_text(3),
            note: r.opt_text(4),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("gnum", Some(self.gnum.to_string())),
            (
                "totalPackageNo",
                self.total_package_no.as_ref().map(ToString::to_string),
            ),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("invtNo", self.invt_no.as_ref().map(ToString::to_string)),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `WayBillReturn`, in XSD sequence order.
pub(crate) static WAY_BILL_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: true,
        kind: Kind::Exact(18),
    },
    Field {
        name: "billNo",
        required: true,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "msgSeqNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB608 `WayBillReturn`: master/sub list receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WayBillReturn {
    /// `guid`
    pub guid: String,
    /// `agentCode`
    pub agent_code: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: String,
    /// `billNo`
    pub bill_no: String,
    /// `msgSeqNo`
    pub msg_seq_no: u32,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl WayBillReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "WayBillReturn";
    pub(crate) const FIELDS: &'static [Field] = WAY_BILL_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            agent_code: r.text(1),
            logistics_code: r.text(2),
            cop_no: r.text(3),
            pre_no: r.text(4),
            bill_no: r.text(5),
            msg_seq_no: r.int(6),
            return_status: r.text(7),
            return_time: r.text(8),
            return_info: r.text(9),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("agentCode", Some(self.agent_code.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", Some(self.pre_no.to_string())),
            ("billNo", Some(self.bill_no.to_string())),
            ("msgSeqNo", Some(self.msg_seq_no.to_string())),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `InvtRefundHead`, in XSD sequence order.
pub(crate) static EXPORT_INVT_REFUND_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "loctNo",
        required: false,
        kind: Kind::Text { min: 0, max: 10 },
    },
    Field {
        name: "ebpCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebpName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebcName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 0, max: 80 },
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "coElNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "invtNo",
        required: true,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "tradeMode",
        required: false,
        kind: Kind::Code(&["9610", "1210", "9710", "9810"]),
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "agentName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "billNo",
        required: true,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "ieFlag",
        required: true,
        kind: Kind::Code(&["I", "E"]),
    },
    Field {
        name: "trafMode",
        required: true,
        kind: Kind::Text { min: 0, max: 1 },
    },
    Field {
        name: "trafName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "portCode",
        required: true,
        kind: Kind::Text { min: 0, max: 4 },
    },
    Field {
        name: "reason",
        required: true,
        kind: Kind::Text { min: 0, max: 500 },
    },
    Field {
        name: "country",
        required: true,
        kind: Kind::Text { min: 0, max: 3 },
    },
    Field {
        name: "voyageNo",
        required: true,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 500 },
    },
];

/// CEB213 `InvtRefundHead`: the export return request header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportInvtRefundHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `customsCode`
    pub customs_code: String,
    /// `loctNo`
    pub loct_no: Option<String>,
    /// `ebpCode`
    pub ebp_code: String,
    /// `ebpName`
    pub ebp_name: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `ebcName`
    pub ebc_name: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `coElNo`
    pub co_el_no: String,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `invtNo`
    pub invt_no: String,
    /// `tradeMode`
    pub trade_mode: Option<String>,
    /// `agentCode`
    pub agent_code: String,
    /// `agentName`
    pub agent_name: String,
    /// `billNo`
    pub bill_no: String,
    /// `ieFlag`
    pub ie_flag: String,
    /// `trafMode`
    pub traf_mode: String,
    /// `trafName`
    pub traf_name: String,
    /// `portCode`
    pub port_code: String,
    /// `reason`
    pub reason: String,
    /// `country`
    pub country: String,
    /// `voyageNo`
    pub voyage_no: String,
    /// `note`
    pub note: Option<String>,
}

impl ExportInvtRefundHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InvtRefundHead";
    pub(crate) const FIELDS: &'static [Field] = EXPORT_INVT_REFUND_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            customs_code: r.text(4),
            loct_no: r.opt_text(5),
            ebp_code: r.text(6),
            ebp_name: r.text(7),
            ebc_code: r.text(8),
            ebc_name: r.text(9),
            logistics_no: r.text(10),
            logistics_code: r.text(11),
            logistics_name: r.text(12),
            co_el_no: r.text(13),
            pre_no: r.opt_text(14),
            invt_no: r.text(15),
            trade_mode: r.opt_text(16),
            agent_code: r.text(17),
            agent_name: r.text(18),
            bill_no: r.text(19),
            ie_flag: r.text(20),
            traf_mode: r.text(21),
            traf_name: r.text(22),
            port_code: r.text(23),
            reason: r.text(24),
            country: r.text(25),
            voyage_no: r.text(26),
            note: r.opt_text(27),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("loctNo", self.loct_no.as_ref().map(ToString::to_string)),
            ("ebpCode", Some(self.ebp_code.to_string())),
            ("ebpName", Some(self.ebp_name.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("ebcName", Some(self.ebc_name.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            ("coElNo", Some(self.co_el_no.to_string())),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("invtNo", Some(self.invt_no.to_string())),
            (
                "tradeMode",
                self.trade_mode.as_ref().map(ToString::to_string),
            ),
            ("agentCode", Some(self.agent_code.to_string())),
            ("agentName", Some(self.agent_name.to_string())),
            ("billNo", Some(self.bill_no.to_string())),
            ("ieFlag", Some(self.ie_flag.to_string())),
            ("trafMode", Some(self.traf_mode.to_string())),
            ("trafName", Some(self.traf_name.to_string())),
            ("portCode", Some(self.port_code.to_string())),
            ("reason", Some(self.reason.to_string())),
            ("country", Some(self.country.to_string())),
            ("voyageNo", Some(self.voyage_no.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `InvtRefundList`, in XSD sequence order.
pub(crate) static EXPORT_INVT_REFUND_LIST_FIELDS: &[Field] = &[
    Field {
        name: "gnum",
        required: true,
        kind: Kind::Int { digits: 4 },
    },
    Field {
        name: "gcode",
        required: true,
        kind: Kind::Text { min: 0, max: 10 },
    },
    Field {
        name: "gname",
        required: true,
        kind: Kind::Text { min: 0, max: 250 },
    },
    Field {
        name: "gmodel",
        required: true,
        kind: Kind::Text { min: 0, max: 250 },
    },
    Field {
        name: "qty",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "qty1",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "unit",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "unit1",
        required: true,
        kind: Kind::Exact(3),
    },
    Field {
        name: "qty2",
        required: false,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "unit2",
        required: false,
        kind: Kind::Exact(3),
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 500 },
    },
];

/// CEB213 `InvtRefundList`: one returned export line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportInvtRefundList {
    /// `gnum`
    pub gnum: u32,
    /// `gcode`
    pub gcode: String,
    /// `gname`
    pub gname: String,
    /// `gmodel`
    pub gmodel: String,
    /// `qty`
    pub qty: Decimal,
    /// `qty1`
    pub qty1: Decimal,
    /// `unit`
    pub unit: String,
    /// `unit1`
    pub unit1: String,
    /// `qty2`
    pub qty2: Option<Decimal>,
    /// `unit2`
    pub unit2: Option<String>,
    /// `note`
    pub note: Option<String>,
}

impl ExportInvtRefundList {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InvtRefundList";
    pub(crate) const FIELDS: &'static [Field] = EXPORT_INVT_REFUND_LIST_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            gnum: r.int(0),
            gcode: r.text(1),
            gname: r.text(2),
            gmodel: r.text(3),
            qty: r.dec(4),
            qty1: r.dec(5),
            unit: r.text(6),
            unit1: r.text(7),
            qty2: r.opt_dec(8),
            unit2: r.opt_text(9),
            note: r.opt_text(10),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("gnum", Some(self.gnum.to_string())),
            ("gcode", Some(self.gcode.to_string())),
            ("gname", Some(self.gname.to_string())),
            ("gmodel", Some(self.gmodel.to_string())),
            ("qty", Some(self.qty.to_string())),
            ("qty1", Some(self.qty1.to_string())),
            ("unit", Some(self.unit.to_string())),
            ("unit1", Some(self.unit1.to_string())),
            ("qty2", self.qty2.as_ref().map(ToString::to_string)),
            ("unit2", self.unit2.as_ref().map(ToString::to_string)),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `RefundReturn`, in XSD sequence order.
pub(crate) static REFUND_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "ebpCode",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebcCode",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "coElNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "invtNo",
        required: true,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 0, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB214 `RefundReturn`: export return receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefundReturn {
    /// `guid`
    pub guid: String,
    /// `ebpCode`
    pub ebp_code: Option<String>,
    /// `ebcCode`
    pub ebc_code: Option<String>,
    /// `agentCode`
    pub agent_code: String,
    /// `coElNo`
    pub co_el_no: String,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `invtNo`
    pub invt_no: String,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl RefundReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "RefundReturn";
    pub(crate) const FIELDS: &'static [Field] = REFUND_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            ebp_code: r.opt_text(1),
            ebc_code: r.opt_text(2),
            agent_code: r.text(3),
            co_el_no: r.text(4),
            pre_no: r.opt_text(5),
            invt_no: r.text(6),
            return_status: r.text(7),
            return_time: r.text(8),
            return_info: r.text(9),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("ebpCode", self.ebp_code.as_ref().map(ToString::to_string)),
            ("ebcCode", self.ebc_code.as_ref().map(ToString::to_string)),
            ("agentCode", Some(self.agent_code.to_string())),
            ("coElNo", Some(self.co_el_no.to_string())),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("invtNo", Some(self.invt_no.to_string())),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `InvtRefundDetail`, in XSD sequence order.
pub(crate) static INVT_REFUND_DETAIL_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "operatorCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "operatorName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "logisticsName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 0, max: 80 },
    },
    Field {
        name: "invtNo",
        required: false,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "coElNo",
        required: true,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "billNo",
        required: true,
        kind: Kind::Text { min: 0, max: 37 },
    },
    Field {
        name: "ieFlag",
        required: true,
        kind: Kind::Code(&["I", "E"]),
    },
    Field {
        name: "trafMode",
        required: true,
        kind: Kind::Exact(1),
    },
    Field {
        name: "trafName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "voyageNo",
        required: true,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "location",
        required: false,
        kind: Kind::Text { min: 0, max: 250 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 250 },
    },
];

/// CEB215 `InvtRefundDetail`: a return tally detail (退货理货明细单).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvtRefundDetail {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `customsCode`
    pub customs_code: String,
    /// `operatorCode`
    pub operator_code: String,
    /// `operatorName`
    pub operator_name: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsName`
    pub logistics_name: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `invtNo`
    pub invt_no: Option<String>,
    /// `coElNo`
    pub co_el_no: String,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `billNo`
    pub bill_no: String,
    /// `ieFlag`
    pub ie_flag: String,
    /// `trafMode`
    pub traf_mode: String,
    /// `trafName`
    pub traf_name: String,
    /// `voyageNo`
    pub voyage_no: String,
    /// `location`
    pub location: Option<String>,
    /// `note`
    pub note: Option<String>,
}

impl InvtRefundDetail {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InvtRefundDetail";
    pub(crate) const FIELDS: &'static [Field] = INVT_REFUND_DETAIL_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            customs_code: r.text(4),
            operator_code: r.text(5),
            operator_name: r.text(6),
            logistics_code: r.text(7),
            logistics_name: r.text(8),
            logistics_no: r.text(9),
            invt_no: r.opt_text(10),
            co_el_no: r.text(11),
            pre_no: r.opt_text(12),
            bill_no: r.text(13),
            ie_flag: r.text(14),
            traf_mode: r.text(15),
            traf_name: r.text(16),
            voyage_no: r.text(17),
            location: r.opt_text(18),
            note: r.opt_text(19),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("operatorCode", Some(self.operator_code.to_string())),
            ("operatorName", Some(self.operator_name.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsName", Some(self.logistics_name.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("invtNo", self.invt_no.as_ref().map(ToString::to_string)),
            ("coElNo", Some(self.co_el_no.to_string())),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("billNo", Some(self.bill_no.to_string())),
            ("ieFlag", Some(self.ie_flag.to_string())),
            ("trafMode", Some(self.traf_mode.to_string())),
            ("trafName", Some(self.traf_name.to_string())),
            ("voyageNo", Some(self.voyage_no.to_string())),
            ("location", self.location.as_ref().map(ToString::to_string)),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `InvtRefundDetailReturn`, in XSD sequence order.
pub(crate) static INVT_REFUND_DETAIL_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "operatorCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "logisticsCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 0, max: 80 },
    },
    Field {
        name: "coElNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 0, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB216 `InvtRefundDetailReturn`: return tally receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvtRefundDetailReturn {
    /// `guid`
    pub guid: String,
    /// `operatorCode`
    pub operator_code: String,
    /// `logisticsCode`
    pub logistics_code: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `coElNo`
    pub co_el_no: String,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl InvtRefundDetailReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "InvtRefundDetailReturn";
    pub(crate) const FIELDS: &'static [Field] = INVT_REFUND_DETAIL_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            operator_code: r.text(1),
            logistics_code: r.text(2),
            logistics_no: r.text(3),
            co_el_no: r.text(4),
            pre_no: r.opt_text(5),
            return_status: r.text(6),
            return_time: r.text(7),
            return_info: r.text(8),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("operatorCode", Some(self.operator_code.to_string())),
            ("logisticsCode", Some(self.logistics_code.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("coElNo", Some(self.co_el_no.to_string())),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `SummaryApplyHead`, in XSD sequence order.
pub(crate) static SUMMARY_APPLY_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "appType",
        required: true,
        kind: Kind::Code(&["1", "2", "3"]),
    },
    Field {
        name: "appTime",
        required: true,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "appStatus",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "sumNo",
        required: false,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "agentName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebcName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "declAgentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "declAgentName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "startTime",
        required: false,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "endTime",
        required: false,
        kind: Kind::DateTime(14),
    },
    Field {
        name: "loctNo",
        required: false,
        kind: Kind::Text { min: 0, max: 10 },
    },
    Field {
        name: "summaryFlag",
        required: true,
        kind: Kind::Code(&["1", "2"]),
    },
    Field {
        name: "itemNameFlag",
        required: true,
        kind: Kind::Code(&["1"]),
    },
    Field {
        name: "msgCount",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "msgSeqNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB701 `SummaryApplyHead`: the summary application header (汇总申请单).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryApplyHead {
    /// `guid`
    pub guid: String,
    /// `appType`
    pub app_type: String,
    /// `appTime`
    pub app_time: String,
    /// `appStatus`
    pub app_status: String,
    /// `customsCode`
    pub customs_code: String,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: Option<String>,
    /// `sumNo`
    pub sum_no: Option<String>,
    /// `agentCode`
    pub agent_code: String,
    /// `agentName`
    pub agent_name: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `ebcName`
    pub ebc_name: String,
    /// `declAgentCode`
    pub decl_agent_code: String,
    /// `declAgentName`
    pub decl_agent_name: String,
    /// `startTime`
    pub start_time: Option<String>,
    /// `endTime`
    pub end_time: Option<String>,
    /// `loctNo`
    pub loct_no: Option<String>,
    /// `summaryFlag`
    pub summary_flag: String,
    /// `itemNameFlag`
    pub item_name_flag: String,
    /// `msgCount`
    pub msg_count: u32,
    /// `msgSeqNo`
    pub msg_seq_no: u32,
    /// `note`
    pub note: Option<String>,
}

impl SummaryApplyHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "SummaryApplyHead";
    pub(crate) const FIELDS: &'static [Field] = SUMMARY_APPLY_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            app_type: r.text(1),
            app_time: r.text(2),
            app_status: r.text(3),
            customs_code: r.text(4),
            cop_no: r.text(5),
            pre_no: r.opt_text(6),
            sum_no: r.opt_text(7),
            agent_code: r.text(8),
            agent_name: r.text(9),
            ebc_code: r.text(10),
            ebc_name: r.text(11),
            decl_agent_code: r.text(12),
            decl_agent_name: r.text(13),
            start_time: r.opt_text(14),
            end_time: r.opt_text(15),
            loct_no: r.opt_text(16),
            summary_flag: r.text(17),
            item_name_flag: r.text(18),
            msg_count: r.int(19),
            msg_seq_no: r.int(20),
            note: r.opt_text(21),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("appType", Some(self.app_type.to_string())),
            ("appTime", Some(self.app_time.to_string())),
            ("appStatus", Some(self.app_status.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", self.pre_no.as_ref().map(ToString::to_string)),
            ("sumNo", self.sum_no.as_ref().map(ToString::to_string)),
            ("agentCode", Some(self.agent_code.to_string())),
            ("agentName", Some(self.agent_name.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("ebcName", Some(self.ebc_name.to_string())),
            ("declAgentCode", Some(self.decl_agent_code.to_string())),
            ("declAgentName", Some(self.decl_agent_name.to_string())),
            (
                "startTime",
                self.start_time.as_ref().map(ToString::to_string),
            ),
            ("endTime", self.end_time.as_ref().map(ToString::to_string)),
            ("loctNo", self.loct_no.as_ref().map(ToString::to_string)),
            ("summaryFlag", Some(self.summary_flag.to_string())),
            ("itemNameFlag", Some(self.item_name_flag.to_string())),
            ("msgCount", Some(self.msg_count.to_string())),
            ("msgSeqNo", Some(self.msg_seq_no.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `SummaryApplyList`, in XSD sequence order.
pub(crate) static SUMMARY_APPLY_LIST_FIELDS: &[Field] = &[Field {
    name: "invtNo",
    required: true,
    kind: Kind::Text { min: 0, max: 20 },
}];

/// CEB701 `SummaryApplyList`: one inventory list to summarise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryApplyList {
    /// `invtNo`
    pub invt_no: String,
}

impl SummaryApplyList {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "SummaryApplyList";
    pub(crate) const FIELDS: &'static [Field] = SUMMARY_APPLY_LIST_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self { invt_no: r.text(0) }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![("invtNo", Some(self.invt_no.to_string()))]
    }
}

/// Fields of `SummaryReturn`, in XSD sequence order.
pub(crate) static SUMMARY_RETURN_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "copNo",
        required: true,
        kind: Kind::Text { min: 0, max: 30 },
    },
    Field {
        name: "preNo",
        required: true,
        kind: Kind::Exact(18),
    },
    Field {
        name: "sumNo",
        required: false,
        kind: Kind::Exact(18),
    },
    Field {
        name: "msgSeqNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "returnStatus",
        required: true,
        kind: Kind::Text { min: 1, max: 10 },
    },
    Field {
        name: "returnTime",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "returnInfo",
        required: true,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB702 `SummaryReturn`: summary application receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryReturn {
    /// `guid`
    pub guid: String,
    /// `agentCode`
    pub agent_code: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `copNo`
    pub cop_no: String,
    /// `preNo`
    pub pre_no: String,
    /// `sumNo`
    pub sum_no: Option<String>,
    /// `msgSeqNo`
    pub msg_seq_no: u32,
    /// `returnStatus`
    pub return_status: String,
    /// `returnTime`
    pub return_time: String,
    /// `returnInfo`
    pub return_info: String,
}

impl SummaryReturn {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "SummaryReturn";
    pub(crate) const FIELDS: &'static [Field] = SUMMARY_RETURN_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            agent_code: r.text(1),
            ebc_code: r.text(2),
            cop_no: r.text(3),
            pre_no: r.text(4),
            sum_no: r.opt_text(5),
            msg_seq_no: r.int(6),
            return_status: r.text(7),
            return_time: r.text(8),
            return_info: r.text(9),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("agentCode", Some(self.agent_code.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("copNo", Some(self.cop_no.to_string())),
            ("preNo", Some(self.pre_no.to_string())),
            ("sumNo", self.sum_no.as_ref().map(ToString::to_string)),
            ("msgSeqNo", Some(self.msg_seq_no.to_string())),
            ("returnStatus", Some(self.return_status.to_string())),
            ("returnTime", Some(self.return_time.to_string())),
            ("returnInfo", Some(self.return_info.to_string())),
        ]
    }
}

/// Fields of `SummaryResultHead`, in XSD sequence order.
pub(crate) static SUMMARY_RESULT_HEAD_FIELDS: &[Field] = &[
    Field {
        name: "guid",
        required: true,
        kind: Kind::Guid,
    },
    Field {
        name: "customsCode",
        required: true,
        kind: Kind::Exact(4),
    },
    Field {
        name: "sumNo",
        required: true,
        kind: Kind::Exact(18),
    },
    Field {
        name: "opDate",
        required: true,
        kind: Kind::DateTime(17),
    },
    Field {
        name: "declSeqNo",
        required: true,
        kind: Kind::Exact(18),
    },
    Field {
        name: "decTmpNo",
        required: false,
        kind: Kind::Exact(18),
    },
    Field {
        name: "decPreNo",
        required: false,
        kind: Kind::Exact(18),
    },
    Field {
        name: "entryId",
        required: false,
        kind: Kind::Exact(18),
    },
    Field {
        name: "decState",
        required: true,
        kind: Kind::Text { min: 1, max: 3 },
    },
    Field {
        name: "agentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "agentName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "ebcCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "ebcName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "declAgentCode",
        required: true,
        kind: Kind::Text { min: 0, max: 18 },
    },
    Field {
        name: "declAgentName",
        required: true,
        kind: Kind::Text { min: 0, max: 100 },
    },
    Field {
        name: "grossWeight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "netWeight",
        required: true,
        kind: Kind::Decimal { total: 19, frac: 5 },
    },
    Field {
        name: "msgCount",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "msgSeqNo",
        required: true,
        kind: Kind::Int { digits: 9 },
    },
    Field {
        name: "note",
        required: false,
        kind: Kind::Text { min: 0, max: 1000 },
    },
];

/// CEB792 `SummaryResultHead`: the summary result header (汇总结果单).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryResultHead {
    /// `guid`
    pub guid: String,
    /// `customsCode`
    pub customs_code: String,
    /// `sumNo`
    pub sum_no: String,
    /// `opDate`
    pub op_date: String,
    /// `declSeqNo`
    pub decl_seq_no: String,
    /// `decTmpNo`
    pub dec_tmp_no: Option<String>,
    /// `decPreNo`
    pub dec_pre_no: Option<String>,
    /// `entryId`
    pub entry_id: Option<String>,
    /// `decState`
    pub dec_state: String,
    /// `agentCode`
    pub agent_code: String,
    /// `agentName`
    pub agent_name: String,
    /// `ebcCode`
    pub ebc_code: String,
    /// `ebcName`
    pub ebc_name: String,
    /// `declAgentCode`
    pub decl_agent_code: String,
    /// `declAgentName`
    pub decl_agent_name: String,
    /// `grossWeight`
    pub gross_weight: Decimal,
    /// `netWeight`
    pub net_weight: Decimal,
    /// `msgCount`
    pub msg_count: u32,
    /// `msgSeqNo`
    pub msg_seq_no: u32,
    /// `note`
    pub note: Option<String>,
}

impl SummaryResultHead {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "SummaryResultHead";
    pub(crate) const FIELDS: &'static [Field] = SUMMARY_RESULT_HEAD_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            guid: r.text(0),
            customs_code: r.text(1),
            sum_no: r.text(2),
            op_date: r.text(3),
            decl_seq_no: r.text(4),
            dec_tmp_no: r.opt_text(5),
            dec_pre_no: r.opt_text(6),
            entry_id: r.opt_text(7),
            dec_state: r.text(8),
            agent_code: r.text(9),
            agent_name: r.text(10),
            ebc_code: r.text(11),
            ebc_name: r.text(12),
            decl_agent_code: r.text(13),
            decl_agent_name: r.text(14),
            gross_weight: r.dec(15),
            net_weight: r.dec(16),
            msg_count: r.int(17),
            msg_seq_no: r.int(18),
            note: r.opt_text(19),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("guid", Some(self.guid.to_string())),
            ("customsCode", Some(self.customs_code.to_string())),
            ("sumNo", Some(self.sum_no.to_string())),
            ("opDate", Some(self.op_date.to_string())),
            ("declSeqNo", Some(self.decl_seq_no.to_string())),
            (
                "decTmpNo",
                self.dec_tmp_no.as_ref().map(ToString::to_string),
            ),
            (
                "decPreNo",
                self.dec_pre_no.as_ref().map(ToString::to_string),
            ),
            ("entryId", self.entry_id.as_ref().map(ToString::to_string)),
            ("decState", Some(self.dec_state.to_string())),
            ("agentCode", Some(self.agent_code.to_string())),
            ("agentName", Some(self.agent_name.to_string())),
            ("ebcCode", Some(self.ebc_code.to_string())),
            ("ebcName", Some(self.ebc_name.to_string())),
            ("declAgentCode", Some(self.decl_agent_code.to_string())),
            ("declAgentName", Some(self.decl_agent_name.to_string())),
            ("grossWeight", Some(self.gross_weight.to_string())),
            ("netWeight", Some(self.net_weight.to_string())),
            ("msgCount", Some(self.msg_count.to_string())),
            ("msgSeqNo", Some(self.msg_seq_no.to_string())),
            ("note", self.note.as_ref().map(ToString::to_string)),
        ]
    }
}

/// Fields of `SummaryResultList`, in XSD sequence order.
pub(crate) static SUMMARY_RESULT_LIST_FIELDS: &[Field] = &[
    Field {
        name: "invtNo",
        required: true,
        kind: Kind::Text { min: 0, max: 20 },
    },
    Field {
        name: "logisticsNo",
        required: true,
        kind: Kind::Text { min: 0, max: 32 },
    },
    Field {
        name: "gseqno",
        required: true,
        kind: Kind::Int { digits: 5 },
    },
    Field {
        name: "gnum",
        required: true,
        kind: Kind::Int { digits: 5 },
    },
    Field {
        name: "gcode",
        required: true,
        kind: Kind::Exact(10),
    },
];

/// CEB792 `SummaryResultList`: one summarised inventory line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryResultList {
    /// `invtNo`
    pub invt_no: String,
    /// `logisticsNo`
    pub logistics_no: String,
    /// `gseqno`
    pub gseqno: u32,
    /// `gnum`
    pub gnum: u32,
    /// `gcode`
    pub gcode: String,
}

impl SummaryResultList {
    /// The XSD element name.
    pub const ELEMENT: &'static str = "SummaryResultList";
    pub(crate) const FIELDS: &'static [Field] = SUMMARY_RESULT_LIST_FIELDS;

    pub(crate) fn from_rec(r: &Rec<'_>) -> Self {
        Self {
            invt_no: r.text(0),
            logistics_no: r.text(1),
            gseqno: r.int(2),
            gnum: r.int(3),
            gcode: r.text(4),
        }
    }

    /// Values in XSD order as written to XML (`None`: element omitted).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("invtNo", Some(self.invt_no.to_string())),
            ("logisticsNo", Some(self.logistics_no.to_string())),
            ("gseqno", Some(self.gseqno.to_string())),
            ("gnum", Some(self.gnum.to_string())),
            ("gcode", Some(self.gcode.to_string())),
        ]
    }
}
