//! The CBEC import flow over HTTP: CEB messages in, receipts out, the three-document check,
//! waiting for late documents, quotas, tax, risk lanes, the officer's result and the inbox.

use crate::{TEST_RULES, TestServer, expect_json};
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{Value, json};

pub(crate) const PLATFORM: &str = "5101960001";
pub(crate) const EBC: &str = "5101960002";
pub(crate) const PAYER: &str = "5101960003";
pub(crate) const CARRIER: &str = "5101960004";
pub(crate) const AGENT: &str = "5101230001";
pub(crate) const BUYER_ID: &str = "11010519491231002X";
/// Another valid resident id (check character computed by GB 11643).
const OTHER_BUYER_ID: &str = "110105194912310038";
pub(crate) const NS: &str = r#"xmlns:ceb="http://www.chinaport.gov.cn/ceb""#;
pub(crate) const SIGNATURE: &str = r#"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/><ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>"#;

pub(crate) fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[derive(Clone)]
pub(crate) struct Item {
    gcode: &'static str,
    name: &'static str,
    qty: &'static str,
    unit: &'static str,
    price: &'static str,
    qty1: &'static str,
    unit1: &'static str,
    country: &'static str,
}

pub(crate) fn milk(qty: &'static str, price: &'static str) -> Item {
    Item {
        gcode: "0402100000",
        name: "奶粉",
        qty,
        unit: "007",
        price,
        qty1: "1.8",
        unit1: "035",
        country: "304",
    }
}

pub(crate) fn coffee() -> Item {
    Item {
        gcode: "0901210000",
        name: "咖啡",
        qty: "1",
        unit: "007",
        price: "300",
        qty1: "0.5",
        unit1: "035",
        country: "116",
    }
}

pub(crate) fn wine() -> Item {
    Item {
        gcode: "2204210000",
        name: "葡萄酒",
        qty: "2",
        unit: "142",
        price: "150",
        qty1: "1.5",
        unit1: "095",
        country: "305",
    }
}

/// One parcel's four messages, consistent unless a test changes a field.
#[derive(Clone)]
pub(crate) struct Parcel {
    n: u32,
    order_no: String,
    pub(crate) logistics_no: String,
    buyer_id: String,
    payer_id: String,
    items: Vec<Item>,
    freight: Decimal,
    tax: Decimal,
    discount: Decimal,
    amount_paid: Option<Decimal>,
    waybill_consignee: &'static str,
    list_price_override: Option<(usize, &'static str)>,
    assure_code: &'static str,
    /// Bonded import (1210): the account book (emsNo) and the book item of every line.
    bonded: Option<(&'static str, &'static str)>,
}

impl Parcel {
    pub(crate) fn new(n: u32, items: Vec<Item>) -> Parcel {
        Parcel {
            n,
            order_no: format!("CD20260301{n:05}"),
            logistics_no: format!("RO20260301{n:05}"),
            buyer_id: BUYER_ID.into(),
            payer_id: BUYER_ID.into(),
            items,
            freight: d("10"),
            tax: d("0"),
            discount: d("0"),
            amount_paid: None,
            waybill_consignee: "张三",
            list_price_override: None,
            assure_code: EBC,
            bonded: None,
        }
    }

    fn goods(&self) -> Decimal {
        self.items.iter().map(|i| d(i.qty) * d(i.price)).sum()
    }

    fn paid(&self) -> Decimal {
        self.goods() + self.freight + self.tax - self.discount
    }

    pub(crate) fn guid(&self, kind: u32) -> String {
        format!("{kind:08X}-0000-4000-8000-{:012X}", self.n)
    }

    fn transfer(&self) -> &'static str {
        "<ceb:BaseTransfer><ceb:copCode>5101960001</ceb:copCode><ceb:copName>成都测试企业</ceb:copName>\
         <ceb:dxpMode>DXP</ceb:dxpMode><ceb:dxpId>DXPENT0000000001</ceb:dxpId></ceb:BaseTransfer>"
    }

    pub(crate) fn order(&self) -> String {
        let guid = self.guid(311);
        let lines: String = self
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                format!(
                    "<ceb:OrderList><ceb:gnum>{}</ceb:gnum><ceb:itemNo>SKU-{}</ceb:itemNo><ceb:itemName>{}</ceb:itemName>\
                     <ceb:gmodel>std</ceb:gmodel><ceb:unit>{}</ceb:unit><ceb:qty>{}</ceb:qty><ceb:price>{}</ceb:price>\
                     <ceb:totalPrice>{}</ceb:totalPrice><ceb:currency>142</ceb:currency><ceb:country>{}</ceb:country></ceb:OrderList>",
                    i + 1, i + 1, it.name, it.unit, it.qty, it.price, d(it.qty) * d(it.price), it.country
                )
            })
            .collect();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB311Message guid="{guid}" version="1.0" {NS}>
<ceb:Order>
<ceb:OrderHead>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260301101500</ceb:appTime>
<ceb:appStatus>2</ceb:appStatus><ceb:orderType>I</ceb:orderType><ceb:orderNo>{order}</ceb:orderNo>
<ceb:ebpCode>{PLATFORM}</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName>
<ceb:ebcCode>{EBC}</ceb:ebcCode><ceb:ebcName>川渝优选电商</ceb:ebcName>
<ceb:goodsValue>{goods}</ceb:goodsValue><ceb:freight>{freight}</ceb:freight><ceb:discount>{discount}</ceb:discount>
<ceb:taxTotal>{tax}</ceb:taxTotal><ceb:acturalPaid>{paid}</ceb:acturalPaid><ceb:currency>142</ceb:currency>
<ceb:buyerRegNo>U0001</ceb:buyerRegNo><ceb:buyerName>张三</ceb:buyerName><ceb:buyerTelephone>13800000000</ceb:buyerTelephone>
<ceb:buyerIdType>1</ceb:buyerIdType><ceb:buyerIdNumber>{buyer}</ceb:buyerIdNumber>
<ceb:payCode>{PAYER}</ceb:payCode><ceb:payName>天府支付</ceb:payName><ceb:payTransactionId>PAY{order}</ceb:payTransactionId>
<ceb:consignee>张三</ceb:consignee><ceb:consigneeTelephone>13800000000</ceb:consigneeTelephone>
<ceb:consigneeAddress>四川省成都市双流区航空港1号</ceb:consigneeAddress><ceb:consigneeDistrict>510116</ceb:consigneeDistrict>
</ceb:OrderHead>
{lines}
</ceb:Order>
{transfer}
</ceb:CEB311Message>"#,
            order = self.order_no,
            goods = self.goods(),
            freight = self.freight,
            discount = self.discount,
            tax = self.tax,
            paid = self.paid(),
            buyer = self.buyer_id,
            transfer = self.transfer(),
        )
    }

    pub(crate) fn payment(&self) -> String {
        let guid = self.guid(411);
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB411Message guid="{guid}" version="1.0" {NS}>
<ceb:Payment><ceb:PaymentHead>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260301101600</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:payCode>{PAYER}</ceb:payCode><ceb:payName>天府支付</ceb:payName><ceb:payTransactionId>PAY{order}</ceb:payTransactionId>
<ceb:orderNo>{order}</ceb:orderNo><ceb:ebpCode>{PLATFORM}</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName>
<ceb:payerIdType>1</ceb:payerIdType><ceb:payerIdNumber>{payer}</ceb:payerIdNumber><ceb:payerName>张三</ceb:payerName>
<ceb:telephone>13800000000</ceb:telephone><ceb:amountPaid>{paid}</ceb:amountPaid><ceb:currency>142</ceb:currency>
<ceb:payTime>20260301101555</ceb:payTime>
</ceb:PaymentHead></ceb:Payment>
{transfer}
</ceb:CEB411Message>"#,
            order = self.order_no,
            payer = self.payer_id,
            paid = self.amount_paid.unwrap_or_else(|| self.paid()),
            transfer = self.transfer(),
        )
    }

    pub(crate) fn waybill(&self) -> String {
        let guid = self.guid(511);
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB511Message guid="{guid}" version="1.0" {NS}>
<ceb:Logistics><ceb:LogisticsHead>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260301110000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:logisticsCode>{CARRIER}</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName><ceb:logisticsNo>{waybill}</ceb:logisticsNo>
<ceb:orderNo>{order}</ceb:orderNo><ceb:freight>{freight}</ceb:freight><ceb:insuredFee>0</ceb:insuredFee><ceb:currency>142</ceb:currency>
<ceb:weight>1.5</ceb:weight><ceb:packNo>1</ceb:packNo><ceb:goodsInfo>parcel</ceb:goodsInfo>
<ceb:consignee>{consignee}</ceb:consignee><ceb:consigneeAddress>四川省成都市双流区航空港1号</ceb:consigneeAddress>
<ceb:consigneeTelephone>13800000000</ceb:consigneeTelephone>
</ceb:LogisticsHead></ceb:Logistics>
{transfer}
</ceb:CEB511Message>"#,
            order = self.order_no,
            waybill = self.logistics_no,
            freight = self.freight,
            consignee = self.waybill_consignee,
            transfer = self.transfer(),
        )
    }

    pub(crate) fn list(&self) -> String {
        let guid = self.guid(621);
        let lines: String = self
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                let price = match self.list_price_override {
                    Some((line, price)) if line == i => price,
                    _ => it.price,
                };
                let record = self
                    .bonded
                    .map(|(_, item)| format!("<ceb:itemRecordNo>{item}</ceb:itemRecordNo>"))
                    .unwrap_or_default();
                format!(
                    "<ceb:InventoryList><ceb:gnum>{}</ceb:gnum>{record}<ceb:itemNo>SKU-{}</ceb:itemNo><ceb:itemName>{}</ceb:itemName>\
                     <ceb:gcode>{}</ceb:gcode><ceb:gname>{}</ceb:gname><ceb:gmodel>std</ceb:gmodel><ceb:country>{}</ceb:country>\
                     <ceb:currency>142</ceb:currency><ceb:qty>{}</ceb:qty><ceb:unit>{}</ceb:unit><ceb:qty1>{}</ceb:qty1>\
                     <ceb:unit1>{}</ceb:unit1><ceb:price>{}</ceb:price><ceb:totalPrice>{}</ceb:totalPrice></ceb:InventoryList>",
                    i + 1, i + 1, it.name, it.gcode, it.name, it.country, it.qty, it.unit, it.qty1, it.unit1,
                    price, d(it.qty) * d(price)
                )
            })
            .collect();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB621Message guid="{guid}" version="1.0" {NS}>
<ceb:Inventory>
<ceb:InventoryHead>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260301120000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:orderNo>{order}</ceb:orderNo><ceb:ebpCode>{PLATFORM}</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName>
<ceb:ebcCode>{EBC}</ceb:ebcCode><ceb:ebcName>川渝优选电商</ceb:ebcName>
<ceb:logisticsNo>{waybill}</ceb:logisticsNo><ceb:logisticsCode>{CARRIER}</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName>
<ceb:copNo>COP{order}</ceb:copNo><ceb:assureCode>{assure}</ceb:assureCode>{ems}
<ceb:ieFlag>I</ceb:ieFlag><ceb:declTime>20260301</ceb:declTime><ceb:customsCode>7901</ceb:customsCode><ceb:portCode>7901</ceb:portCode>
<ceb:ieDate>20260301</ceb:ieDate><ceb:buyerIdType>1</ceb:buyerIdType><ceb:buyerIdNumber>{buyer}</ceb:buyerIdNumber>
<ceb:buyerName>张三</ceb:buyerName><ceb:buyerTelephone>13800000000</ceb:buyerTelephone>
<ceb:consigneeAddress>四川省成都市双流区航空港1号</ceb:consigneeAddress>
<ceb:agentCode>{AGENT}</ceb:agentCode><ceb:agentName>成都蓉信报关</ceb:agentName>
<ceb:tradeMode>{mode}</ceb:tradeMode><ceb:trafMode>5</ceb:trafMode><ceb:trafNo>CA4101</ceb:trafNo><ceb:voyageNo>20260301</ceb:voyageNo>
<ceb:billNo>999-12345678</ceb:billNo><ceb:country>304</ceb:country><ceb:freight>{freight}</ceb:freight><ceb:insuredFee>0</ceb:insuredFee>
<ceb:currency>142</ceb:currency><ceb:packNo>1</ceb:packNo><ceb:grossWeight>1.5</ceb:grossWeight><ceb:netWeight>1.2</ceb:netWeight>
</ceb:InventoryHead>
{lines}
</ceb:Inventory>
{transfer}
{SIGNATURE}
</ceb:CEB621Message>"#,
            order = self.order_no,
            waybill = self.logistics_no,
            buyer = self.buyer_id,
            freight = self.freight,
            transfer = self.transfer(),
            assure = self.assure_code,
            ems = self
                .bonded
                .map(|(ems, _)| format!("<ceb:emsNo>{ems}</ceb:emsNo>"))
                .unwrap_or_default(),
            mode = if self.bonded.is_some() {
                "1210"
            } else {
                "9610"
            },
        )
    }

    /// The head fields a 623 and a 625 share, for the list customs numbered `invt_no`.
    fn withdrawal_head(&self, guid: &str, invt_no: &str) -> String {
        format!(
            "<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260310101500</ceb:appTime>\
             <ceb:appStatus>2</ceb:appStatus><ceb:customsCode>7901</ceb:customsCode><ceb:orderNo>{order}</ceb:orderNo>\
             <ceb:ebpCode>{PLATFORM}</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName><ceb:ebcCode>{EBC}</ceb:ebcCode>\
             <ceb:ebcName>川渝优选电商</ceb:ebcName><ceb:logisticsNo>{waybill}</ceb:logisticsNo>\
             <ceb:logisticsCode>{CARRIER}</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName>\
             <ceb:copNo>COP{order}</ceb:copNo><ceb:invtNo>{invt_no}</ceb:invtNo><ceb:buyerIdType>1</ceb:buyerIdType>\
             <ceb:buyerIdNumber>{buyer}</ceb:buyerIdNumber><ceb:buyerName>张三</ceb:buyerName>\
             <ceb:buyerTelephone>13800000000</ceb:buyerTelephone><ceb:agentCode>{AGENT}</ceb:agentCode>\
             <ceb:agentName>成都蓉信报关</ceb:agentName><ceb:reason>buyer changed their mind</ceb:reason>",
            order = self.order_no,
            waybill = self.logistics_no,
            buyer = self.buyer_id,
        )
    }

    /// A CEB623 cancelling the list (a new guid per `attempt`).
    fn cancel(&self, invt_no: &str, attempt: u32) -> String {
        let guid = self.guid(623_000 + attempt);
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB623Message guid="{guid}" version="1.0" {NS}>
<ceb:InvtCancel>{head}</ceb:InvtCancel>
{transfer}
{SIGNATURE}
</ceb:CEB623Message>"#,
            head = self.withdrawal_head(&guid, invt_no),
            transfer = self.transfer(),
        )
    }

    /// A CEB625 returning `lines` (index into items, quantity) of the list.
    pub(crate) fn refund(&self, invt_no: &str, attempt: u32, lines: &[(usize, &str)]) -> String {
        let guid = self.guid(625_000 + attempt);
        let body: String = lines
            .iter()
            .map(|(i, qty)| {
                let it = &self.items[*i];
                format!(
                    "<ceb:InvtRefundList><ceb:gnum>{}</ceb:gnum><ceb:gcode>{}</ceb:gcode><ceb:gname>{}</ceb:gname>\
                     <ceb:qty>{qty}</ceb:qty><ceb:unit>{}</ceb:unit></ceb:InvtRefundList>",
                    i + 1, it.gcode, it.name, it.unit
                )
            })
            .collect();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB625Message guid="{guid}" version="1.0" {NS}>
<ceb:InvtRefund><ceb:InvtRefundHead>{head}</ceb:InvtRefundHead>{body}</ceb:InvtRefund>
{transfer}
{SIGNATURE}
</ceb:CEB625Message>"#,
            head = self.withdrawal_head(&guid, invt_no),
            transfer = self.transfer(),
        )
    }

    /// A CEB513: the carrier reports the parcel signed for.
    fn delivered(&self) -> String {
        let guid = self.guid(513);
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB513Message guid="{guid}" version="1.0" {NS}>
<ceb:LogisticsStatus><ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260305101500</ceb:appTime>
<ceb:appStatus>2</ceb:appStatus><ceb:logisticsCode>{CARRIER}</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName>
<ceb:logisticsNo>{waybill}</ceb:logisticsNo><ceb:logisticsStatus>S</ceb:logisticsStatus>
<ceb:logisticsTime>20260305101000</ceb:logisticsTime></ceb:LogisticsStatus>
{transfer}
</ceb:CEB513Message>"#,
            waybill = self.logistics_no,
            transfer = self.transfer(),
        )
    }

    /// Every line returned in full.
    fn full_refund(&self, invt_no: &str, attempt: u32) -> String {
        let lines: Vec<(usize, &str)> = self
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| (i, it.qty))
            .collect();
        self.refund(invt_no, attempt, &lines)
    }
}

/// What a receipt says.
#[derive(Debug)]
pub(crate) struct Receipt {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) replayed: bool,
    pub(crate) xml: String,
}

impl Receipt {
    pub(crate) fn field(&self, name: &str) -> String {
        field(&self.xml, name)
    }
    pub(crate) fn return_status(&self) -> String {
        self.field("returnStatus")
    }
}

pub(crate) fn field(xml: &str, name: &str) -> String {
    let open = format!("<ceb:{name}>");
    let Some(start) = xml.find(&open) else {
        return String::new();
    };
    let rest = &xml[start + open.len()..];
    rest[..rest.find('<').unwrap()].to_string()
}

/// Sign a message as `who` does (replacing the builder's placeholder signature); a message
/// that cannot be signed (malformed on purpose) is returned as it is.
pub(crate) fn signed(s: &TestServer, who: &str, xml: &str) -> String {
    let unsigned = xml.replace(SIGNATURE, "");
    let Some(key) = s.signers.get(who) else {
        return xml.to_string();
    };
    match chuanyu_ceb::dsig::sign_enveloped(unsigned.as_bytes(), key, who, None) {
        Ok(bytes) => String::from_utf8(bytes).unwrap(),
        Err(_) => xml.to_string(),
    }
}

/// Send a message signed by `who`'s registered key.
pub(crate) async fn send(s: &TestServer, who: &str, xml: &str) -> Receipt {
    send_raw(s, who, &signed(s, who, xml)).await
}

/// Send bytes exactly as given.
pub(crate) async fn send_raw(s: &TestServer, who: &str, xml: &str) -> Receipt {
    let response = s
        .http
        .post(format!("{}/api/v1/ceb/messages", s.base))
        .bearer_auth(s.key(who))
        .header("content-type", "application/xml")
        .body(xml.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let replayed = response.headers().get("idempotent-replayed").is_some();
    Receipt {
        status,
        replayed,
        xml: response.text().await.unwrap(),
    }
}

/// Send a message and expect a 200 receipt with `status`.
pub(crate) async fn expect_receipt(s: &TestServer, who: &str, xml: &str, status: &str) -> Receipt {
    let r = send(s, who, xml).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.xml);
    assert_eq!(r.return_status(), status, "{}", r.xml);
    r
}

pub(crate) async fn send_documents(s: &TestServer, p: &Parcel) {
    expect_receipt(s, PLATFORM, &p.order(), "120").await;
    expect_receipt(s, PAYER, &p.payment(), "120").await;
    expect_receipt(s, CARRIER, &p.waybill(), "120").await;
}

pub(crate) async fn inbox(s: &TestServer, who: &str, after: &str) -> Value {
    expect_json(
        s.get(who, &format!("/api/v1/ceb/receipts?after={after}"))
            .await,
        StatusCode::OK,
    )
    .await
}

pub(crate) async fn list_of(s: &TestServer, p: &Parcel) -> Value {
    let lists = expect_json(
        s.get(
            AGENT,
            &format!("/api/v1/ceb/messages/{}/lists", p.guid(621)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    lists[0].clone()
}

pub(crate) async fn stored_messages(s: &TestServer) -> u64 {
    let store = s.app.store().clone();
    tokio::task::spawn_blocking(move || store.read(|tx| tx.ceb_message_count()).unwrap())
        .await
        .unwrap()
}

/// The returnStatus of every CEB622 in a page (tax bills left out).
pub(crate) fn statuses(page: &Value) -> Vec<String> {
    page["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == "CEB622")
        .map(|r| field(r["xml"].as_str().unwrap(), "returnStatus"))
        .collect()
}

#[tokio::test]
async fn consistent_parcel_is_accepted_taxed_and_released_with_one_inbox_receipt() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let mut p = Parcel::new(1, vec![milk("2", "99.50"), coffee()]);
    p.tax = d("40.64");
    p.discount = d("5");
    send_documents(&s, &p).await;
    let r = expect_receipt(&s, AGENT, &p.list(), "120").await;
    assert!(r.xml.contains("<ceb:CEB622Message"), "{}", r.xml);
    assert_eq!(r.field("invtNo").len(), 18, "{}", r.xml);
    assert_eq!(r.field("preNo").len(), 18);

    let list = list_of(&s, &p).await;
    assert_eq!(list["state"], "released", "{list}");
    assert_eq!(list["lane"], "green");
    // CBEC: duty 0; VAT 70 % of 9 % (milk) and 13 % (coffee) on value + allocated freight:
    // 0.063 × (199 + 10 × 199/499) + 0.091 × (300 + 10 × 300/499) = 40.6353… → 40.64.
    assert_eq!(list["tax_total_cny"], "40.64", "{list}");

    let page = inbox(&s, AGENT, "").await;
    assert_eq!(statuses(&page), ["800"], "{page}");
    assert_eq!(page["receipts"][0]["type"], "CEB622");
    let next = page["next"].as_str().unwrap().to_string();
    let again = inbox(&s, AGENT, &next).await;
    assert!(again["receipts"].as_array().unwrap().is_empty(), "{again}");
    assert_eq!(again["next"], next.as_str());
    // Inboxes are per sender.
    let other = inbox(&s, PLATFORM, "").await;
    assert!(other["receipts"].as_array().unwrap().is_empty());

    // The decision is explained in the list's audit trail (tax with its quote, lane).
    let store = s.app.store().clone();
    let id = list["id"].as_str().unwrap().to_string();
    let events = tokio::task::spawn_blocking(move || {
        store
            .read(|tx| tx.audit_stream(&format!("cbec-list/{id}")))
            .unwrap()
    })
    .await
    .unwrap();
    let actions: Vec<_> = events.iter().map(|e| e.record.action.as_str()).collect();
    assert_eq!(actions, ["receive", "accept", "assess_tax", "assess_risk"]);
    assert!(
        events[2]
            .record
            .payload
            .as_deref()
            .unwrap()
            .contains("40.64")
    );
}

#[tokio::test]
async fn each_disagreement_is_refused_with_its_named_reason() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    type Mutation = fn(&mut Parcel);
    let cases: Vec<(Mutation, &str)> = vec![
        (|p| p.amount_paid = Some(d("1.00")), "amount_paid_mismatch"),
        (|p| p.payer_id = OTHER_BUYER_ID.into(), "buyer_id_mismatch"),
        (|p| p.waybill_consignee = "李四", "consignee_mismatch"),
        (|p| p.list_price_override = Some((0, "90")), "item_mismatch"),
    ];
    for (i, (mutate, reason)) in cases.into_iter().enumerate() {
        let mut p = Parcel::new(100 + i as u32, vec![milk("2", "99.50")]);
        mutate(&mut p);
        send_documents(&s, &p).await;
        let r = expect_receipt(&s, AGENT, &p.list(), "100").await;
        let info = r.field("returnInfo");
        assert!(info.starts_with(reason), "{reason}: {info}");
        let list = list_of(&s, &p).await;
        assert_eq!(list["state"], "refused");
    }
    // An invalid buyer identity number (wrong check character) on the list.
    let mut p = Parcel::new(120, vec![milk("2", "99.50")]);
    send_documents(&s, &p).await;
    p.buyer_id = "110105194912310020".into();
    let r = expect_receipt(&s, AGENT, &p.list(), "100").await;
    let info = r.field("returnInfo");
    assert!(info.contains("bad_id_check_char"), "{info}");
    assert!(info.contains("buyer_id_mismatch"), "{info}");
    // goodsValue + freight + tax − discount ≠ acturalPaid: the order itself is refused.
    let p = Parcel::new(121, vec![milk("2", "99.50")]);
    let order = p.order().replace(
        &format!("<ceb:acturalPaid>{}</ceb:acturalPaid>", p.paid()),
        "<ceb:acturalPaid>1.00</ceb:acturalPaid>",
    );
    let r = expect_receipt(&s, PLATFORM, &order, "100").await;
    assert!(r.xml.contains("<ceb:CEB312Message"));
    assert!(
        r.field("returnInfo").contains("actural_paid_mismatch"),
        "{}",
        r.xml
    );
    // No inbox receipt for refusals answered synchronously.
    assert!(statuses(&inbox(&s, AGENT, "").await).is_empty());
}

#[tokio::test]
async fn a_list_before_its_documents_waits_then_is_accepted_or_refused_after_the_wait() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let p = Parcel::new(200, vec![milk("2", "99.50")]);
    let r = expect_receipt(&s, AGENT, &p.list(), "2").await;
    let info = r.field("returnInfo");
    for missing in ["missing_order", "missing_payment", "missing_waybill"] {
        assert!(info.contains(missing), "{info}");
    }
    assert_eq!(list_of(&s, &p).await["state"], "waiting");
    expect_receipt(&s, PLATFORM, &p.order(), "120").await;
    expect_receipt(&s, PAYER, &p.payment(), "120").await;
    // Still one document missing: no news yet.
    assert!(statuses(&inbox(&s, AGENT, "").await).is_empty());
    expect_receipt(&s, CARRIER, &p.waybill(), "120").await;
    let page = inbox(&s, AGENT, "").await;
    assert_eq!(statuses(&page), ["120", "800"], "{page}");
    assert_eq!(list_of(&s, &p).await["state"], "released");

    // A list whose documents never come is refused when its wait is over.
    let late = Parcel::new(201, vec![milk("2", "99.50")]);
    expect_receipt(&s, AGENT, &late.list(), "2").await;
    let refused = s
        .app
        .cbec_sweep(jiff::Timestamp::now() + jiff::SignedDuration::from_hours(25))
        .await
        .unwrap();
    assert_eq!(refused, 1);
    let page2 = inbox(&s, AGENT, page["next"].as_str().unwrap()).await;
    assert_eq!(statuses(&page2), ["100"], "{page2}");
    let info = field(page2["receipts"][0]["xml"].as_str().unwrap(), "returnInfo");
    assert!(
        info.contains("missing_order") && info.contains("documents_wait_expired"),
        "{info}"
    );
    assert_eq!(list_of(&s, &late).await["state"], "refused");
}

#[tokio::test]
async fn wrong_sender_is_forbidden_and_nothing_is_stored() {
    let s = TestServer::start().await;
    let p = Parcel::new(300, vec![milk("2", "99.50")]);
    for (who, xml) in [
        (PLATFORM, p.payment()),
        (PAYER, p.order()),
        (PLATFORM, p.waybill()),
        (PLATFORM, p.list()),
    ] {
        let r = send(&s, who, &xml).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.xml);
        assert!(r.xml.contains("\"forbidden\""));
    }
    // The e-commerce enterprise may send its order too.
    expect_receipt(&s, EBC, &p.order(), "120").await;
    assert_eq!(stored_messages(&s).await, 1);
}

#[tokio::test]
async fn bad_messages_are_refused_whole_with_every_error() {
    let s = TestServer::start().await;
    let p = Parcel::new(400, vec![milk("2", "99.50")]);
    // Ill-formed XML.
    let r = send(&s, PLATFORM, "<ceb:CEB311Message><oops>").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.xml);
    let body: Value = serde_json::from_str(&r.xml).unwrap();
    assert_eq!(body["code"], "malformed_xml", "{body}");
    assert!(
        body["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line")
    );
    // Unknown message type.
    let unknown = p.order().replace("CEB311Message", "CEB999Message");
    let r = send(&s, PLATFORM, &unknown).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let body: Value = serde_json::from_str(&r.xml).unwrap();
    assert_eq!(body["code"], "unknown_message_type", "{body}");
    // Schema violations: every one, with element path and line.
    let invalid = p
        .order()
        .replace(
            "<ceb:appType>1</ceb:appType>",
            "<ceb:appType>9</ceb:appType>",
        )
        .replace(&format!("<ceb:orderNo>{}</ceb:orderNo>", p.order_no), "");
    let r = send(&s, PLATFORM, &invalid).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.xml);
    let body: Value = serde_json::from_str(&r.xml).unwrap();
    assert_eq!(body["code"], "schema_violation", "{body}");
    let codes: Vec<_> = body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    assert!(codes.contains(&"bad_enum".to_string()), "{body}");
    assert!(codes.contains(&"missing_element".to_string()), "{body}");
    assert!(body["findings"].as_array().unwrap().iter().all(|f| {
        f["path"]
            .as_str()
            .unwrap()
            .starts_with("/ceb:CEB311Message")
    }));
    // Hostile XML (entity declarations) is refused before anything is read.
    let hostile =
        r#"<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><ceb:CEB311Message/>"#;
    let r = send(&s, PLATFORM, hostile).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.xml);
    let body: Value = serde_json::from_str(&r.xml).unwrap();
    assert!(
        body["code"].as_str().unwrap().ends_with("_forbidden"),
        "{body}"
    );
    // Not XML at all.
    let r = s
        .http
        .post(format!("{}/api/v1/ceb/messages", s.base))
        .bearer_auth(s.key(PLATFORM))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(stored_messages(&s).await, 0);
}

#[tokio::test]
async fn a_resent_guid_gets_its_first_receipt_and_changes_nothing() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let p = Parcel::new(500, vec![milk("2", "99.50")]);
    send_documents(&s, &p).await;
    let first = expect_receipt(&s, AGENT, &p.list(), "120").await;
    assert!(!first.replayed);
    let count = stored_messages(&s).await;
    let before = inbox(&s, AGENT, "").await;
    let again = expect_receipt(&s, AGENT, &p.list(), "120").await;
    assert!(again.replayed);
    assert_eq!(again.xml, first.xml);
    assert_eq!(stored_messages(&s).await, count);
    assert_eq!(inbox(&s, AGENT, "").await, before);
    let lists = expect_json(
        s.get(
            AGENT,
            &format!("/api/v1/ceb/messages/{}/lists", p.guid(621)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(lists.as_array().unwrap().len(), 1);
    // The same for a document.
    let again = expect_receipt(&s, PLATFORM, &p.order(), "120").await;
    assert!(again.replayed);
}

#[tokio::test]
async fn the_yearly_quota_holds_under_concurrency() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    // The buyer already spent 18,000 CNY this year.
    let store = s.app.store().clone();
    let year = i64::from(
        jiff::tz::offset(8)
            .to_datetime(jiff::Timestamp::now())
            .year(),
    );
    tokio::task::spawn_blocking(move || {
        store
            .write_blocking(move |tx| {
                tx.cbec_quota_consume(BUYER_ID, year, 18_000 * 10_000, 26_000 * 10_000)
            })
            .unwrap()
    })
    .await
    .unwrap();
    // Two lists of 4,510 CNY each (within 5,000): one fits in the 8,000 left, not both.
    let a = Parcel::new(600, vec![milk("45", "100")]);
    let b = Parcel::new(601, vec![milk("45", "100")]);
    send_documents(&s, &a).await;
    send_documents(&s, &b).await;
    let (la, lb) = (a.list(), b.list());
    let (ra, rb) = tokio::join!(send(&s, AGENT, &la), send(&s, AGENT, &lb));
    let mut got = vec![ra.return_status(), rb.return_status()];
    got.sort();
    assert_eq!(got, ["100", "120"], "{}\n{}", ra.xml, rb.xml);
    let refused = if ra.return_status() == "100" {
        &ra
    } else {
        &rb
    };
    assert!(
        refused
            .field("returnInfo")
            .contains("cbec_yearly_limit_exceeded"),
        "{}",
        refused.xml
    );
}

#[tokio::test]
async fn the_transaction_limit_and_the_single_indivisible_item() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    // Two items, 6,010 CNY with freight: over 5,000 → refused.
    let mut two = Parcel::new(700, vec![milk("30", "100"), milk("30", "100")]);
    two.buyer_id = OTHER_BUYER_ID.into();
    two.payer_id = OTHER_BUYER_ID.into();
    send_documents(&s, &two).await;
    let r = expect_receipt(&s, AGENT, &two.list(), "100").await;
    assert!(
        r.field("returnInfo")
            .contains("cbec_transaction_limit_exceeded"),
        "{}",
        r.xml
    );
    // One indivisible item over 5,000 (within the year): accepted, taxed in full.
    let one = Parcel::new(701, vec![milk("1", "6000")]);
    send_documents(&s, &one).await;
    expect_receipt(&s, AGENT, &one.list(), "120").await;
    let list = list_of(&s, &one).await;
    // General-trade rates in full: duty 10 % of 6,010 = 601.00, VAT 9 % of (6,010 + 601) = 594.99.
    assert_eq!(list["tax_total_cny"], "1195.99", "{list}");
}

#[tokio::test]
async fn a_red_list_waits_for_the_officer_then_is_released() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let p = Parcel::new(800, vec![wine()]);
    send_documents(&s, &p).await;
    expect_receipt(&s, AGENT, &p.list(), "120").await;
    let list = list_of(&s, &p).await;
    assert_eq!(list["lane"], "red");
    assert_eq!(list["state"], "control");
    let page = inbox(&s, AGENT, "").await;
    assert_eq!(statuses(&page), ["500"], "{page}");
    let id = list["id"].as_str().unwrap();
    let path = format!("/api/v1/ceb/lists/{id}/control-result");
    let result = json!({"compliant": true, "remarks": "inspected: as declared"});
    // Not the list's district: answered as absent.
    let response = s.post("officer-8000-001", &path, &result).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // Not an officer.
    let response = s.post(AGENT, &path, &result).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let done = expect_json(
        s.post("officer-7900-001", &path, &result).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["state"], "released");
    let page2 = inbox(&s, AGENT, page["next"].as_str().unwrap()).await;
    assert_eq!(statuses(&page2), ["800"], "{page2}");
    // Once released, there is nothing left to decide.
    let response = s.post("officer-7900-001", &path, &result).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);

    // A non-compliant result needs remarks, refuses the list and says why in the inbox.
    let q = Parcel::new(801, vec![wine()]);
    send_documents(&s, &q).await;
    expect_receipt(&s, AGENT, &q.list(), "120").await;
    let id = list_of(&s, &q).await["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/ceb/lists/{id}/control-result");
    let response = s
        .post("officer-7900-001", &path, &json!({"compliant": false}))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = expect_json(
        s.post(
            "officer-7900-001",
            &path,
            &json!({"compliant": false, "remarks": "bottles are spirits, not wine"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(refused["state"], "refused");
    let page3 = inbox(&s, AGENT, page2["next"].as_str().unwrap()).await;
    assert_eq!(statuses(&page3), ["500", "100"], "{page3}");
    let info = field(page3["receipts"][1]["xml"].as_str().unwrap(), "returnInfo");
    assert!(
        info.contains("control_finding") && info.contains("spirits"),
        "{info}"
    );
}

/// Two nodes on one PostgreSQL database (when `CHUANYU_TEST_POSTGRES_URL` is set): two lists of
/// one buyer received at the same instant by different nodes never exceed the year together.
#[tokio::test]
async fn the_yearly_quota_holds_across_two_postgres_nodes() {
    use chuanyu_app::{Actor, App, AppOptions, Database};
    use std::sync::Arc;
    let Ok(url) = std::env::var("CHUANYU_TEST_POSTGRES_URL") else {
        eprintln!("CHUANYU_TEST_POSTGRES_URL is not set: the two-node quota test is skipped");
        return;
    };
    let schema = format!(
        "cbec_quota_{}_{}",
        std::process::id(),
        jiff::Timestamp::now().as_millisecond()
    );
    let open = |url: String, schema: String| {
        tokio::task::spawn_blocking(move || {
            // Signatures are covered on SQLite; here the messages go unsigned.
            let options = AppOptions {
                store: chuanyu_store::StoreOptions {
                    postgres_schema: Some(schema),
                    ..Default::default()
                },
                cbec: chuanyu_app::cbec::CbecOptions {
                    signatures: false,
                    ..Default::default()
                },
                ..AppOptions::default()
            };
            Arc::new(App::open_database(&Database::Postgres(url), options).unwrap())
        })
    };
    let a = open(url.clone(), schema.clone()).await.unwrap();
    let b = open(url, schema).await.unwrap();
    let keys: std::collections::HashMap<_, _> = a
        .seed_demo()
        .await
        .unwrap()
        .into_iter()
        .map(|k| (k.code, k.key))
        .collect();
    let system = Actor::system();
    let rules = a
        .upload_rule_set(
            &system,
            chuanyu_app::views::RuleSetUpload {
                name: "test".into(),
                source: TEST_RULES.into(),
            },
        )
        .await
        .unwrap();
    a.activate_rule_set(&system, rules.version).await.unwrap();
    let b2 = b.clone();
    tokio::task::spawn_blocking(move || b2.refresh_engines().unwrap())
        .await
        .unwrap();
    let actor = |code: &str| {
        let key = keys[code].clone();
        let a = a.clone();
        async move { a.authenticate(&key).await.unwrap() }
    };
    let (platform, payer, carrier, agent) = (
        actor(PLATFORM).await,
        actor(PAYER).await,
        actor(CARRIER).await,
        actor(AGENT).await,
    );
    let year = i64::from(
        jiff::tz::offset(8)
            .to_datetime(jiff::Timestamp::now())
            .year(),
    );
    let store = a.store().clone();
    tokio::task::spawn_blocking(move || {
        store
            .write_blocking(move |tx| {
                tx.cbec_quota_consume(BUYER_ID, year, 18_000 * 10_000, 26_000 * 10_000)
            })
            .unwrap()
    })
    .await
    .unwrap();
    let status = |xml: &str| field(xml, "returnStatus");
    let parcels = [
        Parcel::new(900, vec![milk("45", "100")]),
        Parcel::new(901, vec![milk("45", "100")]),
    ];
    for p in &parcels {
        for (who, xml) in [
            (&platform, p.order()),
            (&payer, p.payment()),
            (&carrier, p.waybill()),
        ] {
            let answer = a.receive_ceb_message(who, xml.into_bytes()).await;
            let Ok(answer) = answer else {
                panic!("document refused")
            };
            assert_eq!(status(&answer.receipt_xml), "120");
        }
    }
    let (la, lb) = (parcels[0].list(), parcels[1].list());
    let (ra, rb) = tokio::join!(
        a.receive_ceb_message(&agent, la.into_bytes()),
        b.receive_ceb_message(&agent, lb.into_bytes())
    );
    let (Ok(ra), Ok(rb)) = (ra, rb) else {
        panic!("a list failed")
    };
    let mut got = vec![status(&ra.receipt_xml), status(&rb.receipt_xml)];
    got.sort();
    assert_eq!(
        got,
        ["100", "120"],
        "{}\n{}",
        ra.receipt_xml,
        rb.receipt_xml
    );

    // On PostgreSQL too: the accepted list is cancelled on the other node (quota back), a list
    // of an agent without a guarantee is held, and resumes when a guarantor covers it.
    let accepted = if status(&ra.receipt_xml) == "120" {
        &ra
    } else {
        &rb
    };
    let invt_no = field(&accepted.receipt_xml, "invtNo");
    let cancelled = if status(&ra.receipt_xml) == "120" {
        &parcels[0]
    } else {
        &parcels[1]
    };
    let answer = b
        .receive_ceb_message(&agent, cancelled.cancel(&invt_no, 1).into_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(status(&answer.receipt_xml), "399", "{}", answer.receipt_xml);
    let used = {
        let store = a.store().clone();
        tokio::task::spawn_blocking(move || {
            store.read(|tx| tx.cbec_quota_used(BUYER_ID, year)).unwrap()
        })
        .await
        .unwrap()
    };
    assert_eq!(used, 18_000 * 10_000);
    let mut held = Parcel::new(902, vec![coffee()]);
    held.assure_code = CARRIER;
    for (who, xml) in [
        (&platform, held.order()),
        (&payer, held.payment()),
        (&carrier, held.waybill()),
    ] {
        a.receive_ceb_message(who, xml.into_bytes())
            .await
            .unwrap_or_else(|e| panic!("{e:?}"));
    }
    let answer = a
        .receive_ceb_message(&agent, held.list().into_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        answer.receipt_xml.contains("guarantee_insufficient"),
        "{}",
        answer.receipt_xml
    );
    let bank = actor("5101950001").await;
    let (view, created) = b
        .issue_guarantee(
            &bank,
            chuanyu_app::guarantees::NewGuarantee {
                id: "PG-G-1".into(),
                principal: CARRIER.into(),
                kind: "non_bank".into(),
                amount_cny: d("500"),
                valid_from: jiff::civil::date(2026, 1, 1),
                valid_to: jiff::civil::date(2030, 12, 31),
            },
        )
        .await
        .unwrap();
    assert!(created);
    assert_eq!(view.resumed_lists, Some(1), "{view:?}");
    assert_ne!(view.reserved_cny, "0.00", "{view:?}");
    tokio::task::spawn_blocking(move || {
        a.shutdown();
        b.shutdown();
        drop((a, b));
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn the_openapi_document_describes_the_ceb_routes() {
    let s = TestServer::start().await;
    let document: Value = s
        .http
        .get(format!("{}/api/v1/openapi.json", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/ceb/messages",
        "/api/v1/ceb/receipts",
        "/api/v1/ceb/lists/{id}",
        "/api/v1/ceb/lists/{id}/control-result",
    ] {
        assert!(document["paths"][path].is_object(), "{path}");
    }
    let body = &document["paths"]["/api/v1/ceb/messages"]["post"]["requestBody"]["content"];
    assert!(body["application/xml"].is_object(), "{body}");
    assert!(document["components"]["schemas"]["CebReceiptPage"].is_object());
}

// ---- tax bills, guarantees, cancellations, returns and the monthly settlement ----

pub(crate) const BANK: &str = "5101950001";
pub(crate) const DEMO_GUARANTEE: &str = "BOCD-G-2026-0001";

/// The CEB816 bills of a page (type, status, taxNo, totals).
pub(crate) fn tax_bills(page: &Value) -> Vec<(String, String)> {
    page["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == "CEB816")
        .map(|r| {
            let xml = r["xml"].as_str().unwrap();
            (field(xml, "status"), field(xml, "taxNo"))
        })
        .collect()
}

pub(crate) async fn guarantee(s: &TestServer, who: &str, id: &str) -> Value {
    expect_json(
        s.get(who, &format!("/api/v1/guarantees/{id}")).await,
        StatusCode::OK,
    )
    .await
}

pub(crate) async fn quota_used(s: &TestServer) -> i64 {
    let store = s.app.store().clone();
    let year = i64::from(
        jiff::tz::offset(8)
            .to_datetime(jiff::Timestamp::now())
            .year(),
    );
    tokio::task::spawn_blocking(move || {
        store.read(|tx| tx.cbec_quota_used(BUYER_ID, year)).unwrap()
    })
    .await
    .unwrap()
}

/// Receive a message as `who` at a given instant (the 30-day windows).
pub(crate) async fn send_at(s: &TestServer, who: &str, xml: &str, at: jiff::Timestamp) -> String {
    let actor = s.app.authenticate(s.key(who)).await.unwrap();
    let answer = s
        .app
        .receive_ceb_message_at(&actor, signed(s, who, xml).into_bytes(), at)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    answer.receipt_xml
}

pub(crate) async fn officer(s: &TestServer) -> chuanyu_app::Actor {
    s.app.authenticate(s.key("officer-7900-001")).await.unwrap()
}

#[tokio::test]
async fn a_released_list_reserves_its_tax_on_the_guarantee_and_gets_its_e_tax_bill() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let before = guarantee(&s, BANK, DEMO_GUARANTEE).await;
    assert_eq!(before["reserved_cny"], "0.00", "{before}");
    let mut p = Parcel::new(900, vec![milk("2", "99.50"), coffee()]);
    p.tax = d("40.64");
    send_documents(&s, &p).await;
    let r = expect_receipt(&s, AGENT, &p.list(), "120").await;
    let invt_no = r.field("invtNo");
    let page = inbox(&s, AGENT, "").await;
    assert_eq!(statuses(&page), ["800"], "{page}");
    let bills = tax_bills(&page);
    assert_eq!(
        bills,
        [("1".to_string(), format!("{invt_no}T01"))],
        "{page}"
    );
    let bill = page["receipts"][1]["xml"].as_str().unwrap();
    assert!(bill.contains("<ceb:CEB816Message"), "{bill}");
    assert_eq!(field(bill, "valueAddedTax"), "40.64", "{bill}");
    assert_eq!(field(bill, "customsTax"), "0.00", "{bill}");
    assert_eq!(field(bill, "assureCode"), EBC);
    assert_eq!(field(bill, "invtNo"), invt_no);
    let after = guarantee(&s, BANK, DEMO_GUARANTEE).await;
    assert_eq!(after["reserved_cny"], "40.64", "{after}");
    assert_eq!(after["balance_cny"], "999959.36", "{after}");
    assert_eq!(after["reservations"][0]["state"], "reserved");
    // The enterprise secured sees its guarantee; another enterprise does not.
    guarantee(&s, EBC, DEMO_GUARANTEE).await;
    let hidden = s
        .get(PLATFORM, &format!("/api/v1/guarantees/{DEMO_GUARANTEE}"))
        .await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_uncovered_list_is_held_until_the_guarantor_raises_the_guarantee() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    // The platform withholds this time, and has no guarantee yet.
    let mut p = Parcel::new(910, vec![coffee()]);
    p.assure_code = PLATFORM;
    send_documents(&s, &p).await;
    let r = expect_receipt(&s, AGENT, &p.list(), "120").await;
    let info = r.field("returnInfo");
    assert!(
        info.contains("guarantee_insufficient") && info.contains(PLATFORM),
        "{info}"
    );
    let list = list_of(&s, &p).await;
    assert_eq!(list["state"], "held", "{list}");
    assert!(
        inbox(&s, AGENT, "").await["receipts"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Only a guarantor issues guarantees; every finding at once.
    let new = json!({"id": "CDRCB-G-1", "principal": PLATFORM, "kind": "bank",
        "amount_cny": "10.00", "valid_from": "2026-01-01", "valid_to": "2030-12-31"});
    let response = s.post(AGENT, "/api/v1/guarantees", &new).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let bad = json!({"id": "bad id!", "principal": PAYER, "kind": "pawn",
        "amount_cny": "1.001", "valid_from": "2026-02-01", "valid_to": "2026-01-01"});
    let problem = expect_json(
        s.post(BANK, "/api/v1/guarantees", &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let paths: Vec<_> = problem["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        paths,
        ["/id", "/kind", "/amount_cny", "/valid_to", "/principal"],
        "{problem}"
    );

    // 10 CNY does not cover the 35.13 CNY tax: still held.
    let issued = expect_json(
        s.post(BANK, "/api/v1/guarantees", &new).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(issued["resumed_lists"], 0, "{issued}");
    assert_eq!(list_of(&s, &p).await["state"], "held");
    // The same guarantee again changes nothing; other terms under its id are refused.
    expect_json(
        s.post(BANK, "/api/v1/guarantees", &new).await,
        StatusCode::OK,
    )
    .await;
    let mut other = new.clone();
    other["amount_cny"] = json!("99.00");
    let response = s.post(BANK, "/api/v1/guarantees", &other).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);

    // Raising it resumes the list: risk lane, release, tax bill, reservation.
    let raised = expect_json(
        s.post(
            BANK,
            "/api/v1/guarantees/CDRCB-G-1/adjust",
            &json!({"amount_cny": "100.00"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(raised["resumed_lists"], 1, "{raised}");
    let list = list_of(&s, &p).await;
    assert_eq!(list["state"], "released", "{list}");
    let tax = list["tax_total_cny"].as_str().unwrap().to_string();
    assert_eq!(raised["reserved_cny"], tax.as_str(), "{raised}");
    let page = inbox(&s, AGENT, "").await;
    assert_eq!(statuses(&page), ["800"], "{page}");
    assert_eq!(tax_bills(&page).len(), 1, "{page}");
    // Below what is reserved, or revoked while in use: refused, nothing changes.
    let response = s
        .post(
            BANK,
            "/api/v1/guarantees/CDRCB-G-1/adjust",
            &json!({"amount_cny": "1.00"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let response = s
        .post(
            BANK,
            "/api/v1/guarantees/CDRCB-G-1/adjust",
            &json!({"revoke": true}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(
        guarantee(&s, BANK, "CDRCB-G-1").await["amount_cny"],
        "100.00"
    );
}

#[tokio::test]
async fn a_held_list_is_refused_when_its_wait_ends_and_its_quota_given_back() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let mut p = Parcel::new(920, vec![coffee()]);
    p.assure_code = CARRIER;
    send_documents(&s, &p).await;
    expect_receipt(&s, AGENT, &p.list(), "120").await;
    assert_eq!(list_of(&s, &p).await["state"], "held");
    assert!(quota_used(&s).await > 0);
    let later = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(25);
    assert_eq!(s.app.cbec_sweep(later).await.unwrap(), 1);
    assert_eq!(list_of(&s, &p).await["state"], "refused");
    assert_eq!(quota_used(&s).await, 0);
    let page = inbox(&s, AGENT, "").await;
    assert_eq!(statuses(&page), ["100"], "{page}");
    let info = field(page["receipts"][0]["xml"].as_str().unwrap(), "returnInfo");
    assert!(info.contains("guarantee_wait_expired"), "{info}");
}

#[tokio::test]
async fn returns_and_cancellations_within_30_days_restore_the_quota_and_void_the_bill() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let p = Parcel::new(930, vec![coffee()]);
    send_documents(&s, &p).await;
    let invt_no = expect_receipt(&s, AGENT, &p.list(), "120")
        .await
        .field("invtNo");
    let used = quota_used(&s).await;
    assert!(used > 0);
    let page = inbox(&s, AGENT, "").await;
    let next = page["next"].as_str().unwrap().to_string();

    // A return of more than the list holds, of another agent's list, and of an unknown list:
    // refused.
    let r = expect_receipt(&s, AGENT, &p.refund(&invt_no, 1, &[(0, "2")]), "100").await;
    assert!(
        r.xml.contains("return_exceeds_remaining line 1 (0901210000): returning 2 but 1 of the 1 declared remain"),
        "{}",
        r.xml
    );
    let r = send(&s, AGENT, &p.full_refund("790120269999999999", 2)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.xml);
    assert!(r.xml.contains("unknown_invt_no"), "{}", r.xml);
    assert_eq!(quota_used(&s).await, used);

    // The whole list back within 30 days (29 days later): 399, quota and guarantee restored.
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 29);
    let receipt = send_at(&s, AGENT, &p.full_refund(&invt_no, 3), at).await;
    assert_eq!(field(&receipt, "returnStatus"), "399", "{receipt}");
    assert!(receipt.contains("CEB626"), "{receipt}");
    assert_eq!(quota_used(&s).await, 0);
    assert_eq!(list_of(&s, &p).await["state"], "returned");
    let g = guarantee(&s, BANK, DEMO_GUARANTEE).await;
    assert_eq!(g["reserved_cny"], "0.00", "{g}");
    assert_eq!(g["reservations"][0]["state"], "void", "{g}");
    let page = inbox(&s, AGENT, &next).await;
    assert_eq!(
        tax_bills(&page),
        [("3".to_string(), format!("{invt_no}T01"))],
        "{page}"
    );
    // Returned once: a second return is refused.
    let r = expect_receipt(&s, AGENT, &p.full_refund(&invt_no, 4), "100").await;
    assert!(r.xml.contains("transition_not_allowed"), "{}", r.xml);

    // A cancellation (623) of another released list.
    let q = Parcel::new(931, vec![coffee()]);
    send_documents(&s, &q).await;
    let invt_q = expect_receipt(&s, AGENT, &q.list(), "120")
        .await
        .field("invtNo");
    assert!(quota_used(&s).await > 0);
    // Only the declaring agent may cancel.
    let response = send(&s, PLATFORM, &q.cancel(&invt_q, 1)).await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    expect_receipt(&s, AGENT, &q.cancel(&invt_q, 2), "399").await;
    assert_eq!(list_of(&s, &q).await["state"], "cancelled");
    assert_eq!(quota_used(&s).await, 0);

    // Once the carrier reports a parcel delivered (CEB513 → CEB514), it is returned, not cancelled.
    let t = Parcel::new(932, vec![coffee()]);
    send_documents(&s, &t).await;
    let invt_t = expect_receipt(&s, AGENT, &t.list(), "120")
        .await
        .field("invtNo");
    let r = expect_receipt(&s, CARRIER, &t.delivered(), "120").await;
    assert!(r.xml.contains("CEB514Message"), "{}", r.xml);
    // Only the carrier of the waybill reports its status.
    let response = send(&s, PLATFORM, &t.delivered()).await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    let r = expect_receipt(&s, AGENT, &t.cancel(&invt_t, 1), "100").await;
    assert!(r.xml.contains("parcel_delivered"), "{}", r.xml);
    expect_receipt(&s, AGENT, &t.full_refund(&invt_t, 1), "399").await;
}

#[tokio::test]
async fn a_return_after_30_days_is_refused_and_the_month_settles_once() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let p = Parcel::new(940, vec![coffee()]);
    send_documents(&s, &p).await;
    let invt_no = expect_receipt(&s, AGENT, &p.list(), "120")
        .await
        .field("invtNo");
    let list = list_of(&s, &p).await;
    let tax = list["tax_total_cny"].as_str().unwrap().to_string();
    let used = quota_used(&s).await;

    let late = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 31);
    let receipt = send_at(&s, AGENT, &p.full_refund(&invt_no, 1), late).await;
    assert_eq!(field(&receipt, "returnStatus"), "100", "{receipt}");
    assert!(receipt.contains("return_period_expired"), "{receipt}");
    assert_eq!(quota_used(&s).await, used);

    // A month that is not YYYY-MM is named as such.
    let bad = expect_json(
        s.post(
            "officer-7900-001",
            "/api/v1/cbec/settlements",
            &json!({"assure_code": EBC, "month": "2026-13"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(bad["findings"][0]["path"], "/month", "{bad}");
    // The month cannot be settled while its lists may still come back.
    let month = crate::ceb::china_month_now();
    let response = s
        .post(
            "officer-7900-001",
            "/api/v1/cbec/settlements",
            &json!({"assure_code": EBC, "month": month}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let response = s
        .post(
            EBC,
            "/api/v1/cbec/settlements",
            &json!({"assure_code": EBC, "month": month}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // 70 days on, the month is closed: one bill paid, the reservation released.
    let officer = officer(&s).await;
    let request = chuanyu_app::guarantees::SettlementRequest {
        assure_code: EBC.into(),
        month: month.clone(),
    };
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 70);
    let settled = s
        .app
        .settle_cbec_at(&officer, request.clone(), at)
        .await
        .unwrap();
    assert_eq!(
        (settled.bills, settled.total_cny.as_str(), settled.replayed),
        (1, tax.as_str(), false)
    );
    let g = guarantee(&s, BANK, DEMO_GUARANTEE).await;
    assert_eq!(g["reserved_cny"], "0.00", "{g}");
    assert_eq!(g["reservations"][0]["state"], "settled", "{g}");
    let page = inbox(&s, AGENT, "").await;
    let statuses_816: Vec<_> = tax_bills(&page).into_iter().map(|(s, _)| s).collect();
    assert_eq!(statuses_816, ["1", "2"], "{page}");
    // Settling again changes nothing.
    let again = s.app.settle_cbec_at(&officer, request, at).await.unwrap();
    assert!(again.replayed);
    assert_eq!(again.bills, 1);
    let page2 = inbox(&s, AGENT, page["next"].as_str().unwrap()).await;
    assert!(page2["receipts"].as_array().unwrap().is_empty(), "{page2}");
    // The agent reads its settlements.
    let mine = expect_json(s.get(EBC, "/api/v1/cbec/settlements").await, StatusCode::OK).await;
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
}

/// `YYYY-MM` of now in China.
pub fn china_month_now() -> String {
    let now = jiff::tz::offset(8).to_datetime(jiff::Timestamp::now());
    format!("{:04}-{:02}", now.year(), now.month())
}

// ---- signatures ----

/// The problem code of a refused message.
fn problem_code(r: &Receipt) -> String {
    let v: Value = serde_json::from_str(&r.xml).unwrap_or_else(|_| panic!("not JSON: {}", r.xml));
    v["code"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn signed_messages_verify_and_tampered_wrapped_missing_or_foreign_ones_change_nothing() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let p = Parcel::new(960, vec![coffee()]);
    let good = signed(&s, PLATFORM, &p.order());
    assert!(good.contains("xmldsig#sm2-sm3"), "{good}");
    let before = stored_messages(&s).await;

    // Content changed after signing: the digest no longer matches (spec 1004).
    let tampered = good.replace(
        "<ceb:buyerName>张三</ceb:buyerName>",
        "<ceb:buyerName>李四</ceb:buyerName>",
    );
    assert_ne!(tampered, good);
    let r = send_raw(&s, PLATFORM, &tampered).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.xml);
    assert_eq!(problem_code(&r), "signature_digest_mismatch", "{}", r.xml);
    assert!(r.xml.contains("1004"), "{}", r.xml);

    // A reference to part of the document (the door to signature wrapping) is refused.
    let wrapped = good.replacen("URI=\"\"", "URI=\"#order\"", 1);
    assert_ne!(wrapped, good);
    let r = send_raw(&s, PLATFORM, &wrapped).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.xml);
    assert_eq!(
        problem_code(&r),
        "signature_reference_unsupported",
        "{}",
        r.xml
    );

    // appStatus 2 (declared) without a signature.
    let r = send_raw(&s, PLATFORM, &p.order()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.xml);
    assert_eq!(problem_code(&r), "signature_missing", "{}", r.xml);

    // Signed with another party's key: invalid for this sender (spec 1001).
    let foreign = signed(&s, PAYER, &p.order());
    let r = send_raw(&s, PLATFORM, &foreign).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.xml);
    assert_eq!(problem_code(&r), "signature_invalid", "{}", r.xml);
    assert!(r.xml.contains("1001"), "{}", r.xml);
    assert_eq!(stored_messages(&s).await, before);

    // The genuine message is accepted.
    let r = send_raw(&s, PLATFORM, &good).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.xml);
    assert_eq!(r.return_status(), "120", "{}", r.xml);

    // Keys: a party registers its own (an RSA legacy key here), not another's; bad PEM → 422.
    let rsa = chuanyu_ceb::dsig::SigningKey::generate_rsa(1024).unwrap();
    let path = format!("/api/v1/parties/{PAYER}/keys");
    let body = json!({"pem": rsa.public_key_pem()});
    let response = s.post(PLATFORM, &path, &body).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let key = expect_json(s.post(PAYER, &path, &body).await, StatusCode::CREATED).await;
    assert_eq!(key["algorithm"], "rsa-sha1", "{key}");
    expect_json(s.post(PAYER, &path, &body).await, StatusCode::OK).await;
    let bad = expect_json(
        s.post(
            PAYER,
            &path,
            &json!({"pem": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(bad["findings"][0]["path"], "/pem", "{bad}");
    let keys = expect_json(s.get(PAYER, &path).await, StatusCode::OK).await;
    assert_eq!(keys.as_array().unwrap().len(), 2, "{keys}");
    // A payment signed with the new RSA key verifies (legacy RSA-SHA1).
    let payment =
        chuanyu_ceb::dsig::sign_enveloped(p.payment().as_bytes(), &rsa, PAYER, None).unwrap();
    let r = send_raw(&s, PAYER, std::str::from_utf8(&payment).unwrap()).await;
    assert_eq!(r.return_status(), "120", "{}", r.xml);
}

#[tokio::test]
async fn with_signature_checks_off_declared_messages_need_no_signature() {
    let mut options = chuanyu_app::AppOptions::default();
    options.cbec.signatures = false;
    let s = TestServer::start_with(options).await;
    s.use_rules(TEST_RULES).await;
    let p = Parcel::new(970, vec![coffee()]);
    expect_receipt_raw(&s, PLATFORM, &p.order(), "120").await;
    expect_receipt_raw(&s, PAYER, &p.payment(), "120").await;
    expect_receipt_raw(&s, CARRIER, &p.waybill(), "120").await;
    // The 621 keeps its (unverified) placeholder signature: the XSD requires the element.
    expect_receipt_raw(&s, AGENT, &p.list(), "120").await;
    assert_eq!(list_of(&s, &p).await["state"], "released");
}

async fn expect_receipt_raw(s: &TestServer, who: &str, xml: &str, status: &str) -> Receipt {
    let r = send_raw(s, who, xml).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.xml);
    assert_eq!(r.return_status(), status, "{}", r.xml);
    r
}

// ---- bonded import (1210): front store, back warehouse ----

fn laptop() -> Item {
    Item {
        gcode: "8471300000",
        name: "笔记本电脑",
        qty: "1",
        unit: "001",
        price: "2000",
        qty1: "1",
        unit1: "001",
        country: "116",
    }
}

async fn displayed_laptops(s: &TestServer) -> String {
    let items = expect_json(
        s.get(OPERATOR, "/api/v1/account-books/T7900W000901/items")
            .await,
        StatusCode::OK,
    )
    .await;
    let items = items["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{items}"));
    let laptop = items
        .iter()
        .find(|i| i["material_no"] == "M-LAPTOP")
        .unwrap_or_else(|| panic!("{items:?}"));
    laptop["balance"]["displayed"]
        .as_str()
        .or_else(|| laptop["displayed"].as_str())
        .unwrap_or_else(|| panic!("{laptop}"))
        .to_string()
}

const OPERATOR: &str = "5101970009";

#[tokio::test]
async fn a_bonded_1210_sale_deducts_the_front_store_of_the_book_its_ems_no_names() {
    let mut s = TestServer::start().await;
    for k in s.app.seed_demo_ledger().await.unwrap() {
        s.keys.insert(k.code, k.key);
    }
    s.use_rules(TEST_RULES).await;
    // The operator puts 2 laptops on display in the front store (still bonded).
    expect_json(
        s.post(
            OPERATOR,
            "/api/v1/account-books/T7900W000901/booking-lists",
            &json!({"id": "D-1", "kind": "display_out", "document": {"code": "display", "number": "D-1"},
                    "lines": [{"line_no": 1, "material_no": "M-LAPTOP", "quantity": "2"}]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let before = displayed_laptops(&s).await;
    assert_eq!(d(&before), d("2"), "{before}");

    // A consumer buys one through a 1210 list naming the book: released and deducted together.
    let mut p = Parcel::new(980, vec![laptop()]);
    p.bonded = Some(("T7900W000901", "M-LAPTOP"));
    send_documents(&s, &p).await;
    expect_receipt(&s, AGENT, &p.list(), "120").await;
    assert_eq!(list_of(&s, &p).await["state"], "released");
    assert_eq!(d(&displayed_laptops(&s).await), d("1"));

    // Two more than are displayed: refused with the book's reason, nothing deducted, quota back.
    let mut q = Parcel::new(
        981,
        vec![Item {
            qty: "2",
            qty1: "2",
            ..laptop()
        }],
    );
    q.bonded = Some(("T7900W000901", "M-LAPTOP"));
    send_documents(&s, &q).await;
    let r = expect_receipt(&s, AGENT, &q.list(), "100").await;
    assert!(r.xml.contains("insufficient_balance"), "{}", r.xml);
    assert_eq!(d(&displayed_laptops(&s).await), d("1"));
    // An unknown book is refused the same way.
    let mut u = Parcel::new(982, vec![laptop()]);
    u.bonded = Some(("T7900W999999", "M-LAPTOP"));
    send_documents(&s, &u).await;
    let r = expect_receipt(&s, AGENT, &u.list(), "100").await;
    assert!(r.xml.contains("unknown_book"), "{}", r.xml);
}

// ---- appType: new, change, delete ----

/// The same message under another guid with another appType.
fn as_app_type(xml: &str, old_guid: &str, new_guid: &str, app_type: &str) -> String {
    xml.replace(old_guid, new_guid).replace(
        "<ceb:appType>1</ceb:appType>",
        &format!("<ceb:appType>{app_type}</ceb:appType>"),
    )
}

#[tokio::test]
async fn app_types_change_and_delete_documents_until_a_list_relies_on_them() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let p = Parcel::new(990, vec![coffee()]);
    let fresh = |n: u32| format!("{n:08X}-0000-4000-8000-{:012X}", 990);
    send_documents(&s, &p).await;
    // A second "new" order under the same number: refused, change it with appType 2.
    let again = as_app_type(&p.order(), &p.guid(311), &fresh(3111), "1");
    let r = expect_receipt(&s, PLATFORM, &again, "100").await;
    assert!(r.xml.contains("duplicate_document"), "{}", r.xml);
    // Changing an unknown waybill is refused; deleting the real one works, and the list then
    // waits for a waybill.
    let mut other = p.clone();
    other.logistics_no = "RO20269999999".into();
    let r = expect_receipt(
        &s,
        CARRIER,
        &as_app_type(&other.waybill(), &p.guid(511), &fresh(5112), "2"),
        "100",
    )
    .await;
    assert!(r.xml.contains("unknown_document"), "{}", r.xml);
    expect_receipt(
        &s,
        CARRIER,
        &as_app_type(&p.waybill(), &p.guid(511), &fresh(5113), "3"),
        "120",
    )
    .await;
    let r = expect_receipt(&s, AGENT, &p.list(), "2").await;
    assert!(r.xml.contains("waybill"), "{}", r.xml);
    // The waybill declared again (new) releases the waiting list.
    expect_receipt(
        &s,
        CARRIER,
        &as_app_type(&p.waybill(), &p.guid(511), &fresh(5114), "1"),
        "120",
    )
    .await;
    assert_eq!(list_of(&s, &p).await["state"], "released");
    // Now the list relies on the order: it can no longer be changed.
    let r = expect_receipt(
        &s,
        PLATFORM,
        &as_app_type(&p.order(), &p.guid(311), &fresh(3115), "2"),
        "100",
    )
    .await;
    assert!(r.xml.contains("document_in_use"), "{}", r.xml);
    // A declared list is not changed by appType 2.
    let q = Parcel::new(991, vec![coffee()]);
    send_documents(&s, &q).await;
    let changed = as_app_type(&q.list(), &q.guid(621), &fresh(6216), "2");
    let r = expect_receipt(&s, AGENT, &changed, "100").await;
    assert!(r.xml.contains("list_not_changeable"), "{}", r.xml);
}

/// The parcel's CEB711: the carrier, as the site's operator, takes its waybills in.
fn warehouse_entry(n: u32, operator: &str, waybills: &[&str], ie_flag: &str) -> String {
    let guid = format!("00000711-0000-4000-8000-{n:012X}");
    let lines: String = waybills
        .iter()
        .enumerate()
        .map(|(i, w)| {
            format!(
                "<ceb:DeliveryList><ceb:gnum>{}</ceb:gnum><ceb:logisticsNo>{w}</ceb:logisticsNo></ceb:DeliveryList>",
                i + 1
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB711Message guid="{guid}" version="1.0" {NS}>
<ceb:Delivery><ceb:DeliveryHead>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260302163311</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:customsCode>7901</ceb:customsCode><ceb:copNo>RK{n}</ceb:copNo><ceb:operatorCode>{operator}</ceb:operatorCode>
<ceb:operatorName>双流空港监管仓</ceb:operatorName><ceb:ieFlag>{ie_flag}</ceb:ieFlag><ceb:trafMode>5</ceb:trafMode>
<ceb:trafNo>CA4101</ceb:trafNo><ceb:voyageNo>20260301</ceb:voyageNo><ceb:billNo>999-12345678</ceb:billNo>
<ceb:logisticsCode>{CARRIER}</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName>
</ceb:DeliveryHead>{lines}</ceb:Delivery>
<ceb:BaseTransfer><ceb:copCode>5101960004</ceb:copCode><ceb:copName>蓉欧快运</ceb:copName>
<ceb:dxpMode>DXP</ceb:dxpMode><ceb:dxpId>DXPENT0000000004</ceb:dxpId></ceb:BaseTransfer>
{SIGNATURE}
</ceb:CEB711Message>"#
    )
}

#[tokio::test]
async fn a_warehouse_entry_is_recorded_against_the_lists_of_its_waybills_from_the_operator_only() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let p = Parcel::new(960, vec![coffee()]);
    send_documents(&s, &p).await;
    expect_receipt(&s, AGENT, &p.list(), "120").await;
    let before = stored_messages(&s).await;

    // The operator named in the entry sends it; anybody else is forbidden, nothing stored.
    let r = send(
        &s,
        PLATFORM,
        &warehouse_entry(1, CARRIER, &[&p.logistics_no], "I"),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.xml);
    assert!(
        r.xml
            .contains("warehouse entry RK1 must be sent by 5101960004"),
        "{}",
        r.xml
    );
    assert_eq!(stored_messages(&s).await, before);

    let r = expect_receipt(
        &s,
        CARRIER,
        &warehouse_entry(2, CARRIER, &[&p.logistics_no], "I"),
        "120",
    )
    .await;
    assert!(r.xml.contains("<ceb:CEB712Message"), "{}", r.xml);
    assert_eq!(r.field("preNo").len(), 18, "{}", r.xml);
    let store = s.app.store().clone();
    let waybill = p.logistics_no.clone();
    let entries = tokio::task::spawn_blocking(move || {
        store
            .read(|tx| tx.ceb_documents("warehouse-entry", &waybill))
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].sender, CARRIER);

    // A waybill no import list names, or an export entry: refused with the reason.
    let r = expect_receipt(
        &s,
        CARRIER,
        &warehouse_entry(3, CARRIER, &["RO-UNKNOWN"], "I"),
        "100",
    )
    .await;
    assert!(
        r.xml
            .contains("unknown_list no import inventory list names waybill RO-UNKNOWN"),
        "{}",
        r.xml
    );
    let r = expect_receipt(
        &s,
        CARRIER,
        &warehouse_entry(4, CARRIER, &[&p.logistics_no], "E"),
        "100",
    )
    .await;
    assert!(r.xml.contains("ie_flag_mismatch"), "{}", r.xml);
}

#[tokio::test]
async fn a_partial_return_gives_back_exactly_the_returned_part_and_never_more_than_is_left() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    // 2 × milk 99.50 and 1 coffee 300, freight 10: dutiable 509 CNY, VAT 40.64 CNY (see
    // consistent_parcel_is_accepted_taxed_and_released_with_one_inbox_receipt).
    let p = Parcel::new(970, vec![milk("2", "99.50"), coffee()]);
    send_documents(&s, &p).await;
    let invt_no = expect_receipt(&s, AGENT, &p.list(), "120")
        .await
        .field("invtNo");
    assert_eq!(list_of(&s, &p).await["state"], "released");
    assert_eq!(quota_used(&s).await, 5_090_000);
    let g = guarantee(&s, BANK, DEMO_GUARANTEE).await;
    assert_eq!(g["reserved_cny"], "40.64", "{g}");

    // The coffee back: its dutiable value 306.01202 (300 + 10 × 300/499) leaves the quota, the
    // milk's 202.98798 stays (ceil to 0.0001); its VAT 27.85 leaves the bill, 12.79 stays
    // (0.063 × 202.98798 = 12.78824 → 12.79).
    let r = expect_receipt(&s, AGENT, &p.refund(&invt_no, 1, &[(1, "1")]), "399").await;
    assert!(
        r.xml.contains("partly returned (line 2 1 × 0901210000)"),
        "{}",
        r.xml
    );
    assert!(
        r.xml.contains("306.0120 CNY given back to buyer"),
        "{}",
        r.xml
    );
    assert!(
        r.xml.contains("reduced by 27.85 CNY to 12.79 CNY"),
        "{}",
        r.xml
    );
    assert_eq!(quota_used(&s).await, 2_029_880);
    let list = list_of(&s, &p).await;
    assert_eq!(list["state"], "released", "{list}");
    assert_eq!(list["tax_total_cny"], "12.79", "{list}");
    let g = guarantee(&s, BANK, DEMO_GUARANTEE).await;
    assert_eq!(g["reserved_cny"], "12.79", "{g}");
    // The declarant gets the bill as it now stands: a second CEB816 (status 1), same taxNo,
    // VAT 12.79, the coffee's line at 0 and the milk's line unchanged.
    let page = inbox(&s, AGENT, "").await;
    let bills: Vec<&str> = page["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == "CEB816")
        .map(|r| r["xml"].as_str().unwrap())
        .collect();
    assert_eq!(bills.len(), 2, "{page}");
    let (issued, restated) = (bills[0], bills[1]);
    assert_eq!(field(restated, "status"), "1", "{restated}");
    assert_eq!(field(restated, "taxNo"), field(issued, "taxNo"));
    assert_eq!(field(issued, "valueAddedTax"), "40.64", "{issued}");
    assert_eq!(field(restated, "valueAddedTax"), "12.79", "{restated}");
    assert!(
        restated.contains("restated after the partial return")
            && restated.contains("27.85 CNY less"),
        "{restated}"
    );
    // Lines: milk (gnum 1) keeps its 12.78824 VAT, the coffee (gnum 2) is at 0.
    assert!(
        restated.contains("<ceb:valueAddedTax>12.78824</ceb:valueAddedTax>"),
        "{restated}"
    );
    assert!(
        restated.contains("<ceb:taxPrice>0</ceb:taxPrice>"),
        "{restated}"
    );

    // More than is left of a line: refused, nothing changes.
    let r = expect_receipt(&s, AGENT, &p.refund(&invt_no, 2, &[(0, "3")]), "100").await;
    assert!(
        r.xml.contains("return_exceeds_remaining line 1 (0402100000): returning 3 but 2 of the 2 declared remain (0 already returned)"),
        "{}",
        r.xml
    );
    let r = expect_receipt(&s, AGENT, &p.refund(&invt_no, 3, &[(1, "1")]), "100").await;
    assert!(
        r.xml
            .contains("returning 1 but 0 of the 1 declared remain (1 already returned)"),
        "{}",
        r.xml
    );
    assert_eq!(quota_used(&s).await, 2_029_880);

    // Half the milk: half its value and VAT (101.49399 → 1,014,940 units stay; 6.39412 → 6.39).
    expect_receipt(&s, AGENT, &p.refund(&invt_no, 4, &[(0, "1")]), "399").await;
    assert_eq!(quota_used(&s).await, 1_014_940);
    assert_eq!(
        guarantee(&s, BANK, DEMO_GUARANTEE).await["reserved_cny"],
        "6.39"
    );
    let r = expect_receipt(&s, AGENT, &p.refund(&invt_no, 5, &[(0, "1.5")]), "100").await;
    assert!(
        r.xml
            .contains("returning 1.5 but 1 of the 2 declared remain (1 already returned)"),
        "{}",
        r.xml
    );

    // The last milk: the list is returned whole, the quota and the reservation back to 0.
    let r = expect_receipt(&s, AGENT, &p.refund(&invt_no, 6, &[(0, "1")]), "399").await;
    assert!(r.xml.contains("returned"), "{}", r.xml);
    assert_eq!(quota_used(&s).await, 0);
    assert_eq!(list_of(&s, &p).await["state"], "returned");
    let g = guarantee(&s, BANK, DEMO_GUARANTEE).await;
    assert_eq!(g["reserved_cny"], "0.00", "{g}");
    assert_eq!(g["reservations"][0]["state"], "void", "{g}");
    // Every return of the list together gave back exactly what it counted.
    let store = s.app.store().clone();
    let id = list_of(&s, &p).await["id"].as_str().unwrap().to_string();
    let returns =
        tokio::task::spawn_blocking(move || store.read(|tx| tx.cbec_list_returns(&id)).unwrap())
            .await
            .unwrap();
    assert_eq!(returns.len(), 3);
    assert_eq!(
        returns.iter().map(|r| r.quota_units).sum::<i64>(),
        5_090_000
    );
    assert_eq!(returns.iter().map(|r| r.tax_fen).sum::<i64>(), 4_064);
}
