//! The CBEC export flow over HTTP (9610/9710/9810): order 303, receipt of payment 403, waybill
//! 505, inventory list 603 checked against them, release only once arrival 507 and departure
//! 509 are both confirmed, cancellation 605 before departure, master/sub list 607, and the
//! summary 701 → goods declarations, 702 and the CEB792 result in the inbox.

use crate::ceb::{
    AGENT, CARRIER, EBC, NS, PLATFORM, Receipt, expect_receipt, field, inbox, send, stored_messages,
};
use crate::{TEST_RULES, TestServer, expect_json};
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::Value;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[derive(Clone)]
struct Line {
    gcode: &'static str,
    name: &'static str,
    qty: &'static str,
    unit: &'static str,
    price: &'static str,
}

fn phone(qty: &'static str) -> Line {
    Line {
        gcode: "8517130000",
        name: "手机",
        qty,
        unit: "001",
        price: "1500",
    }
}

fn tshirt(qty: &'static str) -> Line {
    Line {
        gcode: "6109100000",
        name: "棉制T恤",
        qty,
        unit: "007",
        price: "50",
    }
}

/// One export parcel's messages, consistent unless a test changes a field.
#[derive(Clone)]
struct Exp {
    n: u32,
    trade_mode: &'static str,
    order_type: &'static str,
    /// 运抵国 / 目的国 (customs country code).
    country: &'static str,
    lines: Vec<Line>,
    /// The quantity the order says for line 1 (else the list's).
    order_qty_override: Option<&'static str>,
}

const TRANSFER: &str = "<ceb:BaseTransfer><ceb:copCode>5101960001</ceb:copCode><ceb:copName>成都测试企业</ceb:copName>\
     <ceb:dxpMode>DXP</ceb:dxpMode><ceb:dxpId>DXPENT0000000001</ceb:dxpId></ceb:BaseTransfer>";

impl Exp {
    fn new(n: u32, lines: Vec<Line>) -> Exp {
        Exp {
            n,
            trade_mode: "9610",
            order_type: "E",
            country: "502",
            lines,
            order_qty_override: None,
        }
    }

    fn guid(&self, kind: u32) -> String {
        format!("{kind:08X}-0000-4000-9000-{:012X}", self.n)
    }

    fn order_no(&self) -> String {
        format!("EX2026{:06}", self.n)
    }

    fn logistics_no(&self) -> String {
        format!("EL2026{:06}", self.n)
    }

    fn total(l: &Line) -> Decimal {
        d(l.qty) * d(l.price)
    }

    fn order(&self) -> String {
        let guid = self.guid(303);
        let lines: String = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let qty = match self.order_qty_override {
                    Some(q) if i == 0 => q,
                    _ => l.qty,
                };
                format!(
                    "<ceb:OrderList><ceb:gnum>{}</ceb:gnum><ceb:itemNo>SKU-{}</ceb:itemNo><ceb:itemName>{}</ceb:itemName>\
                     <ceb:unit>{}</ceb:unit><ceb:currency>142</ceb:currency><ceb:qty>{qty}</ceb:qty><ceb:price>{}</ceb:price>\
                     <ceb:totalPrice>{}</ceb:totalPrice></ceb:OrderList>",
                    i + 1, i + 1, l.name, l.unit, l.price, d(qty) * d(l.price)
                )
            })
            .collect();
        let goods: Decimal = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| match self.order_qty_override {
                Some(q) if i == 0 => d(q) * d(l.price),
                _ => Self::total(l),
            })
            .sum();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB303Message guid="{guid}" version="1.0" {NS}>
<ceb:Order><ceb:OrderHead>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260301101500</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:orderType>{otype}</ceb:orderType><ceb:orderNo>{order}</ceb:orderNo><ceb:ebpCode>{PLATFORM}</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName>
<ceb:ebcCode>{EBC}</ceb:ebcCode><ceb:ebcName>川渝优选电商</ceb:ebcName><ceb:goodsValue>{goods}</ceb:goodsValue>
<ceb:freight>0</ceb:freight><ceb:currency>142</ceb:currency>
</ceb:OrderHead>{lines}</ceb:Order>
{TRANSFER}
</ceb:CEB303Message>"#,
            otype = self.order_type,
            order = self.order_no(),
        )
    }

    fn receipt_of_payment(&self) -> String {
        let guid = self.guid(403);
        let goods: Decimal = self.lines.iter().map(Self::total).sum();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB403Message guid="{guid}" version="1.0" {NS}>
<ceb:Receipts>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260301101600</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:ebpCode>{PLATFORM}</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName><ceb:ebcCode>{EBC}</ceb:ebcCode><ceb:ebcName>川渝优选电商</ceb:ebcName>
<ceb:orderNo>{order}</ceb:orderNo><ceb:payName>天府支付</ceb:payName><ceb:payNo>RCV{order}</ceb:payNo>
<ceb:charge>{goods}</ceb:charge><ceb:currency>142</ceb:currency><ceb:accountingDate>20260301101600</ceb:accountingDate>
</ceb:Receipts>
{TRANSFER}
</ceb:CEB403Message>"#,
            order = self.order_no(),
        )
    }

    fn waybill(&self) -> String {
        let guid = self.guid(505);
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB505Message guid="{guid}" version="1.0" {NS}>
<ceb:Logistics>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260301110000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:logisticsCode>{CARRIER}</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName><ceb:logisticsNo>{waybill}</ceb:logisticsNo>
<ceb:freight>20</ceb:freight><ceb:insuredFee>0</ceb:insuredFee><ceb:currency>142</ceb:currency><ceb:grossWeight>2.5</ceb:grossWeight>
<ceb:packNo>1</ceb:packNo><ceb:goodsInfo>parcel</ceb:goodsInfo><ceb:ebcCode>{EBC}</ceb:ebcCode>
</ceb:Logistics>
{TRANSFER}
</ceb:CEB505Message>"#,
            waybill = self.logistics_no(),
        )
    }

    fn list(&self) -> String {
        let guid = self.guid(603);
        let lines: String = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                format!(
                    "<ceb:InventoryList><ceb:gnum>{}</ceb:gnum><ceb:itemNo>SKU-{}</ceb:itemNo><ceb:itemName>{}</ceb:itemName>\
                     <ceb:gcode>{}</ceb:gcode><ceb:gname>{}</ceb:gname><ceb:gmodel>std</ceb:gmodel><ceb:barCode>无</ceb:barCode>\
                     <ceb:country>{country}</ceb:country><ceb:currency>142</ceb:currency><ceb:qty>{}</ceb:qty><ceb:qty1>{}</ceb:qty1>\
                     <ceb:unit>{}</ceb:unit><ceb:unit1>{}</ceb:unit1><ceb:price>{}</ceb:price><ceb:totalPrice>{}</ceb:totalPrice></ceb:InventoryList>",
                    i + 1, i + 1, l.name, l.gcode, l.name, l.qty, l.qty, l.unit, l.unit, l.price, Self::total(l),
                    country = self.country,
                )
            })
            .collect();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB603Message guid="{guid}" version="1.0" {NS}>
<ceb:Inventory><ceb:InventoryHead>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260301120000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:customsCode>7901</ceb:customsCode><ceb:ebpCode>{PLATFORM}</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName>
<ceb:orderNo>{order}</ceb:orderNo><ceb:logisticsCode>{CARRIER}</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName>
<ceb:logisticsNo>{waybill}</ceb:logisticsNo><ceb:copNo>COP{order}</ceb:copNo><ceb:ieFlag>E</ceb:ieFlag><ceb:portCode>7901</ceb:portCode>
<ceb:ieDate>20260301</ceb:ieDate><ceb:statisticsFlag>B</ceb:statisticsFlag><ceb:agentCode>{AGENT}</ceb:agentCode>
<ceb:agentName>成都蓉信报关</ceb:agentName><ceb:ebcCode>{EBC}</ceb:ebcCode><ceb:ebcName>川渝优选电商</ceb:ebcName>
<ceb:ownerCode>{EBC}</ceb:ownerCode><ceb:ownerName>川渝优选电商</ceb:ownerName><ceb:tradeMode>{mode}</ceb:tradeMode>
<ceb:trafMode>5</ceb:trafMode><ceb:country>{country}</ceb:country><ceb:POD>LAX</ceb:POD><ceb:freight>20</ceb:freight>
<ceb:fCurrency>142</ceb:fCurrency><ceb:fFlag>3</ceb:fFlag><ceb:insuredFee>0</ceb:insuredFee><ceb:iCurrency>142</ceb:iCurrency>
<ceb:iFlag>3</ceb:iFlag><ceb:wrapType>2</ceb:wrapType><ceb:packNo>1</ceb:packNo><ceb:grossWeight>2.5</ceb:grossWeight>
<ceb:netWeight>2</ceb:netWeight>
</ceb:InventoryHead>{lines}</ceb:Inventory>
{TRANSFER}
</ceb:CEB603Message>"#,
            order = self.order_no(),
            waybill = self.logistics_no(),
            mode = self.trade_mode,
            country = self.country,
        )
    }

    /// A CEB507 confirming the parcel's arrival (sent by the carrier as site operator).
    fn arrival(&self) -> String {
        arrival(self.guid(507), &[&self.logistics_no()], "BILL-1")
    }

    /// A CEB509 confirming the parcel's departure.
    fn departure(&self) -> String {
        let guid = self.guid(509);
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB509Message guid="{guid}" version="1.0" {NS}>
<ceb:Departure><ceb:DepartureHead>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260302090000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:customsCode>7901</ceb:customsCode><ceb:copNo>DEP{n}</ceb:copNo><ceb:logisticsCode>{CARRIER}</ceb:logisticsCode>
<ceb:logisticsName>蓉欧快运</ceb:logisticsName><ceb:trafMode>5</ceb:trafMode><ceb:trafName>CA4401</ceb:trafName>
<ceb:voyageNo>CA4401</ceb:voyageNo><ceb:billNo>BILL-1</ceb:billNo><ceb:leaveTime>20260302090000</ceb:leaveTime>
<ceb:msgCount>1</ceb:msgCount><ceb:msgSeqNo>1</ceb:msgSeqNo>
</ceb:DepartureHead>
<ceb:DepartureList><ceb:gnum>1</ceb:gnum><ceb:logisticsNo>{waybill}</ceb:logisticsNo></ceb:DepartureList>
</ceb:Departure>
{TRANSFER}
</ceb:CEB509Message>"#,
            n = self.n,
            waybill = self.logistics_no(),
        )
    }

    /// A CEB605 cancelling the list customs numbered `invt_no`.
    fn cancel(&self, invt_no: &str, attempt: u32) -> String {
        let guid = self.guid(605_000 + attempt);
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB605Message guid="{guid}" version="1.0" {NS}>
<ceb:InvtCancel>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260302100000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:customsCode>7901</ceb:customsCode><ceb:copNo>CXL{n}</ceb:copNo><ceb:invtNo>{invt_no}</ceb:invtNo>
<ceb:reason>buyer cancelled the order</ceb:reason><ceb:agentCode>{AGENT}</ceb:agentCode><ceb:agentName>成都蓉信报关</ceb:agentName>
<ceb:ebcCode>{EBC}</ceb:ebcCode><ceb:ebcName>川渝优选电商</ceb:ebcName>
</ceb:InvtCancel>
{TRANSFER}
</ceb:CEB605Message>"#,
            n = self.n,
        )
    }
}

/// A CEB507 for waybills (none: the master/sub list of the bill names them).
fn arrival(guid: String, waybills: &[&str], bill: &str) -> String {
    let lines: String = waybills
        .iter()
        .enumerate()
        .map(|(i, w)| {
            format!(
                "<ceb:ArrivalList><ceb:gnum>{}</ceb:gnum><ceb:logisticsNo>{w}</ceb:logisticsNo></ceb:ArrivalList>",
                i + 1
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB507Message guid="{guid}" version="1.0" {NS}>
<ceb:Arrival><ceb:ArrivalHead>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260302080000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:customsCode>7901</ceb:customsCode><ceb:copNo>ARR-{bill}</ceb:copNo><ceb:operatorCode>{CARRIER}</ceb:operatorCode>
<ceb:operatorName>双流空港监管场所</ceb:operatorName><ceb:ieFlag>E</ceb:ieFlag><ceb:trafMode>5</ceb:trafMode>
<ceb:billNo>{bill}</ceb:billNo><ceb:domesticTrafNo>川A12345</ceb:domesticTrafNo><ceb:logisticsCode>{CARRIER}</ceb:logisticsCode>
<ceb:logisticsName>蓉欧快运</ceb:logisticsName><ceb:msgCount>1</ceb:msgCount><ceb:msgSeqNo>1</ceb:msgSeqNo>
</ceb:ArrivalHead>{lines}</ceb:Arrival>
{TRANSFER}
</ceb:CEB507Message>"#
    )
}

/// A CEB607 master/sub list: `waybills` travel under `bill`.
fn master_list(guid: String, bill: &str, waybills: &[&str]) -> String {
    let lines: String = waybills
        .iter()
        .enumerate()
        .map(|(i, w)| {
            format!(
                "<ceb:WayBillList><ceb:gnum>{}</ceb:gnum><ceb:logisticsNo>{w}</ceb:logisticsNo></ceb:WayBillList>",
                i + 1
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB607Message guid="{guid}" version="1.0" {NS}>
<ceb:WayBill><ceb:WayBillHead>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260302070000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:customsCode>7901</ceb:customsCode><ceb:copNo>WB-{bill}</ceb:copNo><ceb:agentCode>{AGENT}</ceb:agentCode>
<ceb:agentName>成都蓉信报关</ceb:agentName><ceb:trafMode>5</ceb:trafMode><ceb:trafName>CA4401</ceb:trafName>
<ceb:voyageNo>CA4401</ceb:voyageNo><ceb:billNo>{bill}</ceb:billNo><ceb:grossWeight>10</ceb:grossWeight>
<ceb:logisticsCode>{CARRIER}</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName>
<ceb:msgCount>1</ceb:msgCount><ceb:msgSeqNo>1</ceb:msgSeqNo>
</ceb:WayBillHead>{lines}</ceb:WayBill>
{TRANSFER}
</ceb:CEB607Message>"#
    )
}

/// A CEB701 of the agent for every released list in a period (the body is then ignored).
fn summary_period(n: u32, start: &str, end: &str) -> String {
    summary_apply(n, &[]).replace(
        "</ceb:declAgentName>",
        &format!("</ceb:declAgentName><ceb:startTime>{start}</ceb:startTime><ceb:endTime>{end}</ceb:endTime>"),
    )
}

/// A CEB701 summary application of the agent for the lists `invt_nos`.
fn summary_apply(n: u32, invt_nos: &[&str]) -> String {
    let guid = format!("00000701-0000-4000-9000-{n:012X}");
    let lines: String = invt_nos
        .iter()
        .map(|i| {
            format!("<ceb:SummaryApplyList><ceb:invtNo>{i}</ceb:invtNo></ceb:SummaryApplyList>")
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB701Message guid="{guid}" version="1.0" {NS}>
<ceb:SummaryApply><ceb:SummaryApplyHead>
<ceb:guid>{guid}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260305101112</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:customsCode>7901</ceb:customsCode><ceb:copNo>SUM{n}</ceb:copNo><ceb:agentCode>{AGENT}</ceb:agentCode>
<ceb:agentName>成都蓉信报关</ceb:agentName><ceb:ebcCode>{EBC}</ceb:ebcCode><ceb:ebcName>川渝优选电商</ceb:ebcName>
<ceb:declAgentCode>{AGENT}</ceb:declAgentCode><ceb:declAgentName>成都蓉信报关</ceb:declAgentName>
<ceb:summaryFlag>1</ceb:summaryFlag><ceb:itemNameFlag>1</ceb:itemNameFlag><ceb:msgCount>1</ceb:msgCount><ceb:msgSeqNo>1</ceb:msgSeqNo>
</ceb:SummaryApplyHead>{lines}</ceb:SummaryApply>
{TRANSFER}
</ceb:CEB701Message>"#
    )
}

/// Order, receipt of payment and waybill, each answered as the spec says (304/404: 120,
/// 506: 399).
async fn send_documents(s: &TestServer, p: &Exp) {
    let r = expect_receipt(s, PLATFORM, &p.order(), "120").await;
    assert!(r.xml.contains("<ceb:CEB304Message"), "{}", r.xml);
    let r = expect_receipt(s, EBC, &p.receipt_of_payment(), "120").await;
    assert!(r.xml.contains("<ceb:CEB404Message"), "{}", r.xml);
    let r = expect_receipt(s, CARRIER, &p.waybill(), "399").await;
    assert!(r.xml.contains("<ceb:CEB506Message"), "{}", r.xml);
}

/// Documents and list; returns the list's invtNo.
async fn declare(s: &TestServer, p: &Exp) -> String {
    send_documents(s, p).await;
    let r = expect_receipt(s, AGENT, &p.list(), "120").await;
    assert!(r.xml.contains("<ceb:CEB604Message"), "{}", r.xml);
    let invt_no = r.field("invtNo");
    assert_eq!(invt_no.len(), 18, "{}", r.xml);
    assert_eq!(&invt_no[8..9], "E", "{invt_no}");
    assert!(r.field("preNo").starts_with('B'), "{}", r.xml);
    invt_no
}

async fn list_of(s: &TestServer, p: &Exp) -> Value {
    let lists = expect_json(
        s.get(
            AGENT,
            &format!("/api/v1/ceb/messages/{}/lists", p.guid(603)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(lists.as_array().unwrap().len(), 1, "{lists}");
    lists[0].clone()
}

/// The CEB604 receipts of a page: (list invtNo, returnStatus).
fn list_receipts(page: &Value) -> Vec<(String, String)> {
    page["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == "CEB604")
        .map(|r| {
            let xml = r["xml"].as_str().unwrap();
            (field(xml, "invtNo"), field(xml, "returnStatus"))
        })
        .collect()
}

#[tokio::test]
async fn an_export_list_is_released_only_once_arrival_and_departure_are_both_confirmed() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;

    // Arrival, then departure.
    let p = Exp::new(1, vec![phone("2"), tshirt("3")]);
    let invt_p = declare(&s, &p).await;
    let list = list_of(&s, &p).await;
    assert_eq!(list["state"], "accepted", "{list}");
    assert_eq!(list["ie_flag"], "E");
    assert_eq!(list["lane"], "green");
    assert_eq!(list_receipts(&inbox(&s, AGENT, "").await), []);

    let r = expect_receipt(&s, CARRIER, &p.arrival(), "399").await;
    assert!(r.xml.contains("<ceb:CEB508Message"), "{}", r.xml);
    assert_eq!(r.field("preNo").len(), 18, "{}", r.xml);
    let list = list_of(&s, &p).await;
    assert_eq!(
        list["state"], "accepted",
        "arrival alone does not release: {list}"
    );
    assert!(list["arrived_at"].is_string(), "{list}");
    assert_eq!(list_receipts(&inbox(&s, AGENT, "").await), []);

    let r = expect_receipt(&s, CARRIER, &p.departure(), "399").await;
    assert!(r.xml.contains("<ceb:CEB510Message"), "{}", r.xml);
    let list = list_of(&s, &p).await;
    assert_eq!(list["state"], "released", "{list}");
    let page = inbox(&s, AGENT, "").await;
    assert_eq!(list_receipts(&page), [(invt_p.clone(), "800".to_string())]);
    let next = page["next"].as_str().unwrap().to_string();
    // The same order and waybill declared again (another guid): refused while the first stands.
    let again = p.list().replace(&p.guid(603), &p.guid(6030));
    let r = expect_receipt(&s, AGENT, &again, "100").await;
    assert!(
        r.xml.contains(&format!(
            "duplicate_list export list {invt_p} (released) already declares order EX2026000001"
        )),
        "{}",
        r.xml
    );

    // The receipt of payment may still be changed (appType 2): no list relies on it; the
    // order may not.
    let changed = p
        .receipt_of_payment()
        .replace(&p.guid(403), &p.guid(4030))
        .replace(
            "<ceb:appType>1</ceb:appType>",
            "<ceb:appType>2</ceb:appType>",
        );
    expect_receipt(&s, EBC, &changed, "120").await;
    let changed = p.order().replace(&p.guid(303), &p.guid(3030)).replace(
        "<ceb:appType>1</ceb:appType>",
        "<ceb:appType>2</ceb:appType>",
    );
    let r = expect_receipt(&s, PLATFORM, &changed, "100").await;
    assert!(
        r.xml.contains(&format!(
            "document_in_use export-order EX2026000001 is relied on by inventory list {invt_p} (released)"
        )),
        "{}",
        r.xml
    );

    // Departure first, then arrival: released too.
    let q = Exp::new(2, vec![tshirt("1")]);
    let invt_q = declare(&s, &q).await;
    expect_receipt(&s, CARRIER, &q.departure(), "399").await;
    assert_eq!(list_of(&s, &q).await["state"], "accepted");
    expect_receipt(&s, CARRIER, &q.arrival(), "399").await;
    assert_eq!(list_of(&s, &q).await["state"], "released");
    let page = inbox(&s, AGENT, &next).await;
    assert_eq!(list_receipts(&page), [(invt_q, "800".to_string())]);
    let next = page["next"].as_str().unwrap().to_string();

    // Only a departure: never released.
    let r = Exp::new(3, vec![tshirt("2")]);
    declare(&s, &r).await;
    expect_receipt(&s, CARRIER, &r.departure(), "399").await;
    assert_eq!(list_of(&s, &r).await["state"], "accepted");

    // Arrival and departure reported before the list (both confirmed): released at once.
    let t = Exp::new(4, vec![phone("1")]);
    send_documents(&s, &t).await;
    expect_receipt(&s, CARRIER, &t.arrival(), "399").await;
    expect_receipt(&s, CARRIER, &t.departure(), "399").await;
    let invt_t = expect_receipt(&s, AGENT, &t.list(), "120")
        .await
        .field("invtNo");
    assert_eq!(list_of(&s, &t).await["state"], "released");
    assert_eq!(
        list_receipts(&inbox(&s, AGENT, &next).await),
        [(invt_t, "800".to_string())]
    );

    // An arrival naming no waybill takes them from the bill's master/sub list (CEB607).
    let u = Exp::new(5, vec![tshirt("4")]);
    declare(&s, &u).await;
    let r = expect_receipt(
        &s,
        AGENT,
        &master_list(u.guid(607), "BILL-5", &[&u.logistics_no()]),
        "120",
    )
    .await;
    assert!(r.xml.contains("<ceb:CEB608Message"), "{}", r.xml);
    expect_receipt(&s, CARRIER, &arrival(u.guid(507), &[], "BILL-5"), "399").await;
    expect_receipt(&s, CARRIER, &u.departure(), "399").await;
    assert_eq!(list_of(&s, &u).await["state"], "released");

    // A report naming a waybill nobody declared is refused, and changes nothing.
    let r = expect_receipt(
        &s,
        CARRIER,
        &arrival(u.guid(5070), &["EL-UNKNOWN"], "BILL-9"),
        "100",
    )
    .await;
    assert!(
        r.xml.contains("unknown_waybill waybill EL-UNKNOWN"),
        "{}",
        r.xml
    );
}

#[tokio::test]
async fn an_export_list_that_disagrees_with_its_order_or_lacks_its_waybill_is_refused() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let mut p = Exp::new(10, vec![phone("2"), tshirt("3")]);
    p.order_qty_override = Some("3");
    let r = expect_receipt(&s, PLATFORM, &p.order(), "120").await;
    assert!(r.xml.contains("CEB304"), "{}", r.xml);
    let r = expect_receipt(&s, AGENT, &p.list(), "100").await;
    assert!(
        r.xml.contains("quantity_mismatch line 1: order 3, list 2"),
        "{}",
        r.xml
    );
    assert!(
        r.xml.contains("missing_waybill no waybill EL2026000010"),
        "{}",
        r.xml
    );
    assert_eq!(list_of(&s, &p).await["state"], "refused");

    // A B2B (9710) list needs a B2B order (orderType B).
    let mut q = Exp::new(11, vec![tshirt("100")]);
    q.trade_mode = "9710";
    send_documents(&s, &q).await;
    let r = expect_receipt(&s, AGENT, &q.list(), "100").await;
    assert!(
        r.xml
            .contains("order_type_mismatch trade mode 9710 requires orderType B"),
        "{}",
        r.xml
    );
}

#[tokio::test]
async fn an_export_list_is_cancelled_before_departure_and_not_after() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let p = Exp::new(20, vec![tshirt("2")]);
    let invt_p = declare(&s, &p).await;
    expect_receipt(&s, CARRIER, &p.arrival(), "399").await;
    // Only the declaring agent cancels.
    let r = send(&s, PLATFORM, &p.cancel(&invt_p, 1)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.xml);
    let r = expect_receipt(&s, AGENT, &p.cancel(&invt_p, 2), "399").await;
    assert!(r.xml.contains("<ceb:CEB606Message"), "{}", r.xml);
    assert_eq!(r.field("invtNo"), invt_p);
    assert_eq!(list_of(&s, &p).await["state"], "cancelled");
    // A cancelled list is not released by a later departure, nor cancelled twice.
    expect_receipt(&s, CARRIER, &p.departure(), "399").await;
    assert_eq!(list_of(&s, &p).await["state"], "cancelled");
    let r = expect_receipt(&s, AGENT, &p.cancel(&invt_p, 3), "100").await;
    assert!(
        r.xml.contains(&format!(
            "transition_not_allowed export list {invt_p} is cancelled"
        )),
        "{}",
        r.xml
    );

    let q = Exp::new(21, vec![tshirt("2")]);
    let invt_q = declare(&s, &q).await;
    expect_receipt(&s, CARRIER, &q.departure(), "399").await;
    let r = expect_receipt(&s, AGENT, &q.cancel(&invt_q, 1), "100").await;
    assert!(
        r.xml.contains(&format!(
            "list_departed the goods of export list {invt_q} left at"
        )),
        "{}",
        r.xml
    );
    assert_eq!(list_of(&s, &q).await["state"], "accepted");
}

#[tokio::test]
async fn export_messages_from_the_wrong_sender_are_forbidden_and_a_resent_guid_changes_nothing() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let p = Exp::new(30, vec![phone("1")]);
    let before = stored_messages(&s).await;
    for (who, xml) in [
        (CARRIER, p.order()),
        (PLATFORM, p.waybill()),
        (CARRIER, p.receipt_of_payment()),
        (EBC, p.list()),
        (PLATFORM, p.arrival()),
        (AGENT, p.departure()),
        (EBC, summary_apply(30, &["790120260000000001"])),
        (
            EBC,
            master_list(p.guid(607), "BILL-30", &[&p.logistics_no()]),
        ),
    ] {
        let r: Receipt = send(&s, who, &xml).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.xml);
        assert!(r.xml.contains("must be sent by"), "{}", r.xml);
    }
    assert_eq!(stored_messages(&s).await, before);

    let invt_no = declare(&s, &p).await;
    let first = send(&s, AGENT, &p.list()).await;
    assert!(first.replayed, "{}", first.xml);
    assert_eq!(first.field("invtNo"), invt_no);
    list_of(&s, &p).await; // still one list
    expect_receipt(&s, CARRIER, &p.arrival(), "399").await;
    let departed = expect_receipt(&s, CARRIER, &p.departure(), "399").await;
    let again = send(&s, CARRIER, &p.departure()).await;
    assert!(again.replayed);
    assert_eq!(again.xml, departed.xml);
    let page = inbox(&s, AGENT, "").await;
    assert_eq!(list_receipts(&page), [(invt_no, "800".to_string())]);
}

/// The goods declarations the administrator sees, with their content.
async fn declarations(s: &TestServer) -> Vec<Value> {
    let page = expect_json(
        s.get("admin", "/api/v1/declarations?limit=500").await,
        StatusCode::OK,
    )
    .await;
    let mut out = Vec::new();
    for d in page["items"].as_array().unwrap() {
        let id = d["id"].as_str().unwrap();
        out.push(
            expect_json(
                s.get("admin", &format!("/api/v1/declarations/{id}")).await,
                StatusCode::OK,
            )
            .await,
        );
    }
    out
}

/// Release a list (arrival and departure).
async fn exit(s: &TestServer, p: &Exp) {
    expect_receipt(s, CARRIER, &p.arrival(), "399").await;
    expect_receipt(s, CARRIER, &p.departure(), "399").await;
    assert_eq!(list_of(s, p).await["state"], "released");
}

#[tokio::test]
async fn a_summary_groups_released_lists_into_goods_declarations_and_answers_792() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let a = Exp::new(40, vec![phone("2"), tshirt("3")]);
    let b = Exp::new(41, vec![phone("1")]);
    let mut c = Exp::new(42, vec![tshirt("10")]);
    c.country = "116"; // to Japan: another declaration
    let pending = Exp::new(43, vec![tshirt("1")]);
    let mut invt = Vec::new();
    for p in [&a, &b, &c] {
        invt.push(declare(&s, p).await);
        exit(&s, p).await;
    }
    let invt_pending = declare(&s, &pending).await;
    let after_releases = inbox(&s, AGENT, "").await["next"]
        .as_str()
        .unwrap()
        .to_string();

    // A list not yet released cannot be summarised: the whole application is refused.
    let r = expect_receipt(
        &s,
        AGENT,
        &summary_apply(1, &[&invt[0], &invt_pending]),
        "100",
    )
    .await;
    assert!(r.xml.contains("<ceb:CEB702Message"), "{}", r.xml);
    assert!(
        r.xml.contains(&format!(
            "list_not_summarised export list {invt_pending}: not released"
        )),
        "{}",
        r.xml
    );
    assert!(declarations(&s).await.is_empty());

    let r = expect_receipt(
        &s,
        AGENT,
        &summary_apply(2, &[&invt[0], &invt[1], &invt[2]]),
        "399",
    )
    .await;
    let sum_no = r.field("sumNo");
    assert_eq!(sum_no.len(), 18, "{}", r.xml);
    assert!(sum_no.starts_with('S'), "{sum_no}");
    assert!(
        r.xml.contains("2 goods declaration group(s) of 3 list(s)"),
        "{}",
        r.xml
    );

    // The CEB792 in the inbox: one result per declaration, every list line mapped.
    let page = inbox(&s, AGENT, &after_releases).await;
    let results: Vec<&Value> = page["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == "CEB792")
        .collect();
    assert_eq!(results.len(), 1, "{page}");
    let xml = results[0]["xml"].as_str().unwrap();
    assert_eq!(xml.matches("<ceb:SummaryResult>").count(), 2, "{xml}");
    assert_eq!(xml.matches("<ceb:SummaryResultList>").count(), 4, "{xml}");
    let parsed = chuanyu_ceb::parse(xml.as_bytes()).unwrap();
    assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
    let chuanyu_ceb::Message::SummaryResult { results, .. } = parsed.message else {
        panic!("not a 792")
    };
    // Groups in key order: Japan (116) before the USA (502).
    let japan = &results[0];
    assert_eq!(japan.head.sum_no, sum_no);
    assert_eq!(japan.lists.len(), 1);
    assert_eq!(
        (japan.lists[0].invt_no.as_str(), japan.lists[0].gseqno),
        (invt[2].as_str(), 1)
    );
    let usa = &results[1];
    let mapped: Vec<(String, u32, u32, String)> = usa
        .lists
        .iter()
        .map(|l| (l.invt_no.clone(), l.gnum, l.gseqno, l.gcode.clone()))
        .collect();
    // Phones of both lists merge into item 1 (gcode order), the T-shirts are item 2.
    assert_eq!(
        mapped,
        [
            (invt[0].clone(), 2, 1, "6109100000".to_string()),
            (invt[0].clone(), 1, 2, "8517130000".to_string()),
            (invt[1].clone(), 1, 2, "8517130000".to_string()),
        ]
    );
    assert_eq!(usa.head.gross_weight, d("5"));
    assert_eq!(usa.head.net_weight, d("4"));

    // One export goods declaration per group, lodged, numbered as the 792 says.
    let lodged = declarations(&s).await;
    assert_eq!(lodged.len(), 2);
    let mut numbers: Vec<String> = lodged
        .iter()
        .map(|d| d["number"].as_str().unwrap().to_string())
        .collect();
    numbers.sort();
    let mut entry_ids: Vec<String> = results
        .iter()
        .map(|r| r.head.entry_id.clone().unwrap())
        .collect();
    entry_ids.sort();
    assert_eq!(numbers, entry_ids);
    let usa_declaration = lodged
        .iter()
        .find(|d| Some(d["number"].as_str().unwrap()) == usa.head.entry_id.as_deref())
        .unwrap();
    let body = &usa_declaration["declaration"];
    assert_eq!(body["ie_flag"], "E", "{body}");
    assert_eq!(body["trade_mode"], "9610");
    assert_eq!(body["trader_code"], EBC);
    assert_eq!(body["declarant_code"], AGENT);
    assert_eq!(body["partner_country"], "USA");
    let items: Vec<(String, Decimal, Decimal)> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["hs_code"].as_str().unwrap().to_string(),
                d(i["quantity"].as_str().unwrap()),
                d(i["total"].as_str().unwrap()),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("6109100000".to_string(), d("3"), d("150")),
            ("8517130000".to_string(), d("3"), d("4500")),
        ]
    );

    // A list is summarised once.
    let r = expect_receipt(&s, AGENT, &summary_apply(3, &[&invt[1]]), "100").await;
    assert!(
        r.xml.contains(&format!(
            "already_summarised export list {} was summarised before",
            invt[1]
        )),
        "{}",
        r.xml
    );
    assert_eq!(declarations(&s).await.len(), 2);

    // By period: every released, unsummarised list of the agent released within it — here the
    // one released since (an inverted period is refused by the business checks).
    exit(&s, &pending).await;
    let r = expect_receipt(
        &s,
        AGENT,
        &summary_period(4, "20991231000000", "20000101000000"),
        "100",
    )
    .await;
    assert!(r.xml.contains("bad_time_range"), "{}", r.xml);
    let r = expect_receipt(
        &s,
        AGENT,
        &summary_period(5, "20000101000000", "20991231235959"),
        "399",
    )
    .await;
    assert!(
        r.xml.contains("1 goods declaration group(s) of 1 list(s)"),
        "{}",
        r.xml
    );
    assert_eq!(declarations(&s).await.len(), 3);
    let r = expect_receipt(
        &s,
        AGENT,
        &summary_period(6, "20000101000000", "20991231235959"),
        "100",
    )
    .await;
    assert!(r.xml.contains("nothing_to_summarise"), "{}", r.xml);
}

#[tokio::test]
async fn the_export_flow_and_a_partial_return_on_postgres() {
    use crate::ceb::{PAYER, Parcel, coffee, milk};
    use chuanyu_app::{Actor, App, AppOptions, Database};
    use std::sync::Arc;
    let Ok(url) = std::env::var("CHUANYU_TEST_POSTGRES_URL") else {
        eprintln!("CHUANYU_TEST_POSTGRES_URL is not set: the PostgreSQL export test is skipped");
        return;
    };
    let schema = format!(
        "cbec_export_{}_{}",
        std::process::id(),
        jiff::Timestamp::now().as_millisecond()
    );
    let app = tokio::task::spawn_blocking(move || {
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
    .await
    .unwrap();
    let keys: std::collections::HashMap<_, _> = app
        .seed_demo()
        .await
        .unwrap()
        .into_iter()
        .map(|k| (k.code, k.key))
        .collect();
    let system = Actor::system();
    let rules = app
        .upload_rule_set(
            &system,
            chuanyu_app::views::RuleSetUpload {
                name: "test".into(),
                source: TEST_RULES.into(),
            },
        )
        .await
        .unwrap();
    app.activate_rule_set(&system, rules.version).await.unwrap();
    let send = |who: &'static str, xml: String| {
        let app = app.clone();
        let key = keys[who].clone();
        async move {
            let actor = app.authenticate(&key).await.unwrap();
            let answer = app
                .receive_ceb_message(&actor, xml.into_bytes())
                .await
                .unwrap_or_else(|e| panic!("{e:?}"));
            answer.receipt_xml
        }
    };
    let status = |xml: &str| field(xml, "returnStatus");

    let p = Exp::new(90, vec![phone("2"), tshirt("3")]);
    let q = Exp::new(91, vec![phone("1")]);
    let mut invt = Vec::new();
    for e in [&p, &q] {
        assert_eq!(status(&send(PLATFORM, e.order()).await), "120");
        assert_eq!(status(&send(CARRIER, e.waybill()).await), "399");
        let r = send(AGENT, e.list()).await;
        assert_eq!(status(&r), "120", "{r}");
        invt.push(field(&r, "invtNo"));
    }
    // p: departure then arrival, released; q: arrival only, then cancelled.
    assert_eq!(status(&send(CARRIER, p.departure()).await), "399");
    assert_eq!(status(&send(CARRIER, p.arrival()).await), "399");
    assert_eq!(status(&send(CARRIER, q.arrival()).await), "399");
    let r = send(AGENT, q.cancel(&invt[1], 1)).await;
    assert_eq!(status(&r), "399", "{r}");
    let agent = app.authenticate(&keys[AGENT]).await.unwrap();
    let page = app.cbec_receipts(&agent, None, None).await.unwrap();
    let released: Vec<String> = page
        .receipts
        .iter()
        .filter(|r| r.receipt_type == "CEB604")
        .map(|r| {
            format!(
                "{} {}",
                field(&r.xml, "invtNo"),
                field(&r.xml, "returnStatus")
            )
        })
        .collect();
    assert_eq!(released, [format!("{} 800", invt[0])]);
    // The summary of p: one declaration, the 792 in the inbox; q (cancelled) cannot join.
    let r = send(AGENT, summary_apply(90, &[&invt[1]])).await;
    assert_eq!(status(&r), "100", "{r}");
    let r = send(AGENT, summary_apply(91, &[&invt[0]])).await;
    assert_eq!(status(&r), "399", "{r}");
    let page = app
        .cbec_receipts(&agent, Some(page.next.clone()), None)
        .await
        .unwrap();
    assert_eq!(
        page.receipts
            .iter()
            .filter(|r| r.receipt_type == "CEB792")
            .count(),
        1
    );

    // A partial return of an import list: the coffee back, the milk stays (see the SQLite test).
    let t = Parcel::new(990, vec![milk("2", "99.50"), coffee()]);
    assert_eq!(status(&send(PLATFORM, t.order()).await), "120");
    assert_eq!(status(&send(PAYER, t.payment()).await), "120");
    assert_eq!(status(&send(CARRIER, t.waybill()).await), "120");
    let r = send(AGENT, t.list()).await;
    let invt_t = field(&r, "invtNo");
    let r = send(AGENT, t.refund(&invt_t, 1, &[(1, "1")])).await;
    assert_eq!(status(&r), "399", "{r}");
    assert!(r.contains("reduced by 27.85 CNY to 12.79 CNY"), "{r}");
    let r = send(AGENT, t.refund(&invt_t, 2, &[(1, "1")])).await;
    assert_eq!(status(&r), "100", "{r}");
    let r = send(AGENT, t.refund(&invt_t, 3, &[(0, "2")])).await;
    assert_eq!(status(&r), "399", "{r}");
    let year = i64::from(
        jiff::tz::offset(8)
            .to_datetime(jiff::Timestamp::now())
            .year(),
    );
    let store = app.store().clone();
    let used = tokio::task::spawn_blocking(move || {
        store
            .read(|tx| tx.cbec_quota_used(crate::ceb::BUYER_ID, year))
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(used, 0);
    tokio::task::spawn_blocking(move || {
        app.shutdown();
        drop(app);
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn a_red_export_list_waits_for_the_officer_and_both_reports_before_release() {
    let s = TestServer::start().await;
    s.use_rules(TEST_RULES).await;
    let wine = Line {
        gcode: "2204210000",
        name: "葡萄酒",
        qty: "6",
        unit: "142",
        price: "80",
    };
    let p = Exp::new(60, vec![wine.clone()]);
    let invt_p = declare(&s, &p).await;
    let list = list_of(&s, &p).await;
    assert_eq!(
        (list["state"].as_str(), list["lane"].as_str()),
        (Some("control"), Some("red")),
        "{list}"
    );
    let page = inbox(&s, AGENT, "").await;
    assert_eq!(list_receipts(&page), [(invt_p.clone(), "500".to_string())]);
    let next = page["next"].as_str().unwrap().to_string();
    // Both reports while under control: not released until the officer clears it.
    expect_receipt(&s, CARRIER, &p.arrival(), "399").await;
    expect_receipt(&s, CARRIER, &p.departure(), "399").await;
    assert_eq!(list_of(&s, &p).await["state"], "control");
    let id = list["id"].as_str().unwrap();
    let path = format!("/api/v1/ceb/lists/{id}/control-result");
    let cleared = expect_json(
        s.post(
            "officer-7900-001",
            &path,
            &serde_json::json!({"compliant": true, "remarks": "labels checked"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cleared["state"], "released", "{cleared}");
    assert_eq!(
        list_receipts(&inbox(&s, AGENT, &next).await),
        [(invt_p, "800".to_string())]
    );

    // Non-compliant: refused with the officer's remarks, never released.
    let q = Exp::new(61, vec![wine]);
    let invt_q = declare(&s, &q).await;
    let id = list_of(&s, &q).await["id"].as_str().unwrap().to_string();
    let refused = expect_json(
        s.post(
            "officer-7900-001",
            &format!("/api/v1/ceb/lists/{id}/control-result"),
            &serde_json::json!({"compliant": false, "remarks": "undeclared alcohol strength"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(refused["state"], "refused");
    let page = inbox(&s, AGENT, &next).await;
    let xml = page["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == "CEB604")
        .map(|r| r["xml"].as_str().unwrap())
        .find(|x| field(x, "invtNo") == invt_q && field(x, "returnStatus") == "100")
        .unwrap_or_else(|| panic!("{page}"));
    assert_eq!(
        field(xml, "returnInfo"),
        "control_finding refused after control by officer-7900-001: undeclared alcohol strength"
    );
    expect_receipt(&s, CARRIER, &q.arrival(), "399").await;
    expect_receipt(&s, CARRIER, &q.departure(), "399").await;
    assert_eq!(list_of(&s, &q).await["state"], "refused");
}
