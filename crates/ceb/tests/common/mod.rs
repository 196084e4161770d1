//! Shared test helpers: the official samples and a consistent parcel (311 + 411 + 511 + 621).
#![allow(dead_code)]

use std::path::PathBuf;

pub const BUYER_ID: &str = "11010519491231002X";

pub fn sample(dir: &str, name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/ceb-samples")
        .join(dir)
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const NS: &str = r#"xmlns:ceb="http://www.chinaport.gov.cn/ceb""#;
const GUID: &str = "0E6A1F30-5B7C-4D2E-9A10-3C4B5D6E7F80";

fn transfer() -> &'static str {
    "<ceb:BaseTransfer><ceb:copCode>5101960001</ceb:copCode><ceb:copName>成都测试企业</ceb:copName>\
     <ceb:dxpMode>DXP</ceb:dxpMode><ceb:dxpId>DXPENT0000000001</ceb:dxpId></ceb:BaseTransfer>"
}

const SIGNATURE: &str = r#"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/><ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>"#;

/// Order: two lines 2 × 99.50 + 1 × 300.00 = 499.00; freight 10, tax 35.93, discount 5
/// → acturalPaid 539.93.
pub fn order_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB311Message guid="{GUID}" version="1.0" {NS}>
<ceb:Order>
<ceb:OrderHead>
<ceb:guid>{GUID}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20250301101500</ceb:appTime>
<ceb:appStatus>2</ceb:appStatus><ceb:orderType>I</ceb:orderType><ceb:orderNo>CD2025030100001</ceb:orderNo>
<ceb:ebpCode>5101960001</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName>
<ceb:ebcCode>5101960002</ceb:ebcCode><ceb:ebcName>川渝优选电商</ceb:ebcName>
<ceb:goodsValue>499.00</ceb:goodsValue><ceb:freight>10</ceb:freight><ceb:discount>5</ceb:discount>
<ceb:taxTotal>35.93</ceb:taxTotal><ceb:acturalPaid>539.93</ceb:acturalPaid><ceb:currency>142</ceb:currency>
<ceb:buyerRegNo>U0001</ceb:buyerRegNo><ceb:buyerName>张三</ceb:buyerName><ceb:buyerTelephone>13800000000</ceb:buyerTelephone>
<ceb:buyerIdType>1</ceb:buyerIdType><ceb:buyerIdNumber>{BUYER_ID}</ceb:buyerIdNumber>
<ceb:payCode>5101960003</ceb:payCode><ceb:payName>天府支付</ceb:payName><ceb:payTransactionId>PAY20250301000001</ceb:payTransactionId>
<ceb:consignee>张三</ceb:consignee><ceb:consigneeTelephone>13800000000</ceb:consigneeTelephone>
<ceb:consigneeAddress>四川省成都市双流区航空港1号</ceb:consigneeAddress><ceb:consigneeDistrict>510116</ceb:consigneeDistrict>
</ceb:OrderHead>
<ceb:OrderList><ceb:gnum>1</ceb:gnum><ceb:itemNo>SKU-001</ceb:itemNo><ceb:itemName>奶粉</ceb:itemName><ceb:gmodel>900g/罐</ceb:gmodel>
<ceb:unit>007</ceb:unit><ceb:qty>2</ceb:qty><ceb:price>99.50</ceb:price><ceb:totalPrice>199.00</ceb:totalPrice>
<ceb:currency>142</ceb:currency><ceb:country>304</ceb:country></ceb:OrderList>
<ceb:OrderList><ceb:gnum>2</ceb:gnum><ceb:itemNo>SKU-002</ceb:itemNo><ceb:itemName>面霜</ceb:itemName><ceb:gmodel>50ml</ceb:gmodel>
<ceb:unit>007</ceb:unit><ceb:qty>1</ceb:qty><ceb:price>300</ceb:price><ceb:totalPrice>300</ceb:totalPrice>
<ceb:currency>142</ceb:currency><ceb:country>116</ceb:country></ceb:OrderList>
</ceb:Order>
{}
</ceb:CEB311Message>"#,
        transfer()
    )
}

pub fn payment_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB411Message guid="{GUID}" version="1.0" {NS}>
<ceb:Payment><ceb:PaymentHead>
<ceb:guid>{GUID}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20250301101600</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:payCode>5101960003</ceb:payCode><ceb:payName>天府支付</ceb:payName><ceb:payTransactionId>PAY20250301000001</ceb:payTransactionId>
<ceb:orderNo>CD2025030100001</ceb:orderNo><ceb:ebpCode>5101960001</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName>
<ceb:payerIdType>1</ceb:payerIdType><ceb:payerIdNumber>{BUYER_ID}</ceb:payerIdNumber><ceb:payerName>张三</ceb:payerName>
<ceb:telephone>13800000000</ceb:telephone><ceb:amountPaid>539.93</ceb:amountPaid><ceb:currency>142</ceb:currency>
<ceb:payTime>20250301101555</ceb:payTime>
</ceb:PaymentHead></ceb:Payment>
{}
</ceb:CEB411Message>"#,
        transfer()
    )
}

pub fn waybill_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB511Message guid="{GUID}" version="1.0" {NS}>
<ceb:Logistics><ceb:LogisticsHead>
<ceb:guid>{GUID}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20250301110000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:logisticsCode>5101960004</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName><ceb:logisticsNo>RO2025030100001</ceb:logisticsNo>
<ceb:orderNo>CD2025030100001</ceb:orderNo><ceb:freight>10</ceb:freight><ceb:insuredFee>0</ceb:insuredFee><ceb:currency>142</ceb:currency>
<ceb:weight>1.5</ceb:weight><ceb:packNo>1</ceb:packNo><ceb:goodsInfo>奶粉2罐 面霜1瓶</ceb:goodsInfo>
<ceb:consignee>张三</ceb:consignee><ceb:consigneeAddress>四川省成都市双流区航空港1号</ceb:consigneeAddress>
<ceb:consigneeTelephone>13800000000</ceb:consigneeTelephone>
</ceb:LogisticsHead></ceb:Logistics>
{}
</ceb:CEB511Message>"#,
        transfer()
    )
}

pub fn inventory_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB621Message guid="{GUID}" version="1.0" {NS}>
<ceb:Inventory>
<ceb:InventoryHead>
<ceb:guid>{GUID}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20250301120000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:orderNo>CD2025030100001</ceb:orderNo><ceb:ebpCode>5101960001</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName>
<ceb:ebcCode>5101960002</ceb:ebcCode><ceb:ebcName>川渝优选电商</ceb:ebcName>
<ceb:logisticsNo>RO2025030100001</ceb:logisticsNo><ceb:logisticsCode>5101960004</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName>
<ceb:copNo>COP20250301000001</ceb:copNo><ceb:assureCode>5101960002</ceb:assureCode>
<ceb:ieFlag>I</ceb:ieFlag><ceb:declTime>20250301</ceb:declTime><ceb:customsCode>7901</ceb:customsCode><ceb:portCode>7901</ceb:portCode>
<ceb:ieDate>20250301</ceb:ieDate><ceb:buyerIdType>1</ceb:buyerIdType><ceb:buyerIdNumber>{BUYER_ID}</ceb:buyerIdNumber>
<ceb:buyerName>张三</ceb:buyerName><ceb:buyerTelephone>13800000000</ceb:buyerTelephone>
<ceb:consigneeAddress>四川省成都市双流区航空港1号</ceb:consigneeAddress>
<ceb:agentCode>5101960005</ceb:agentCode><ceb:agentName>天府报关</ceb:agentName>
<ceb:tradeMode>9610</ceb:tradeMode><ceb:trafMode>5</ceb:trafMode><ceb:trafNo>CA4101</ceb:trafNo><ceb:voyageNo>20250301</ceb:voyageNo>
<ceb:billNo>999-12345678</ceb:billNo><ceb:country>304</ceb:country><ceb:freight>10</ceb:freight><ceb:insuredFee>0</ceb:insuredFee>
<ceb:currency>142</ceb:currency><ceb:packNo>1</ceb:packNo><ceb:grossWeight>1.5</ceb:grossWeight><ceb:netWeight>1.2</ceb:netWeight>
</ceb:InventoryHead>
<ceb:InventoryList><ceb:gnum>1</ceb:gnum><ceb:itemNo>SKU-001</ceb:itemNo><ceb:itemName>奶粉</ceb:itemName><ceb:gcode>0402100000</ceb:gcode>
<ceb:gname>奶粉</ceb:gname><ceb:gmodel>900g/罐</ceb:gmodel><ceb:country>304</ceb:country><ceb:currency>142</ceb:currency>
<ceb:qty>2</ceb:qty><ceb:unit>007</ceb:unit><ceb:qty1>1.8</ceb:qty1><ceb:unit1>035</ceb:unit1>
<ceb:price>99.5</ceb:price><ceb:totalPrice>199</ceb:totalPrice></ceb:InventoryList>
<ceb:InventoryList><ceb:gnum>2</ceb:gnum><ceb:itemNo>SKU-002</ceb:itemNo><ceb:itemName>面霜</ceb:itemName><ceb:gcode>3304990099</ceb:gcode>
<ceb:gname>面霜</ceb:gname><ceb:gmodel>50ml</ceb:gmodel><ceb:country>116</ceb:country><ceb:currency>142</ceb:currency>
<ceb:qty>1</ceb:qty><ceb:unit>007</ceb:unit><ceb:qty1>0.05</ceb:qty1><ceb:unit1>035</ceb:unit1>
<ceb:price>300</ceb:price><ceb:totalPrice>300</ceb:totalPrice></ceb:InventoryList>
</ceb:Inventory>
{}
{SIGNATURE}
</ceb:CEB621Message>"#,
        transfer()
    )
}

/// The four parcel messages, parsed.
pub struct Parcel {
    pub order: chuanyu_ceb::Order,
    pub payment: chuanyu_ceb::PaymentHead,
    pub waybill: chuanyu_ceb::LogisticsHead,
    pub inventory: chuanyu_ceb::Inventory,
}

pub fn parse_clean(xml: &str) -> chuanyu_ceb::Message {
    let p = chuanyu_ceb::parse(xml.as_bytes()).expect("parses");
    assert!(p.findings.is_empty(), "schema findings: {:#?}", p.findings);
    let b = chuanyu_ceb::business_findings(&p.message);
    assert!(b.is_empty(), "business findings: {b:#?}");
    p.message
}

pub fn parcel() -> Parcel {
    use chuanyu_ceb::Message as M;
    let M::Order { mut orders, .. } = parse_clean(&order_xml()) else {
        panic!()
    };
    let M::Payment { mut payments, .. } = parse_clean(&payment_xml()) else {
        panic!()
    };
    let M::Waybill { mut waybills, .. } = parse_clean(&waybill_xml()) else {
        panic!()
    };
    let M::Inventory {
        mut inventories, ..
    } = parse_clean(&inventory_xml())
    else {
        panic!()
    };
    Parcel {
        order: orders.remove(0),
        payment: payments.remove(0),
        waybill: waybills.remove(0),
        inventory: inventories.remove(0),
    }
}
