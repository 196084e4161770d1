//! Export summary (汇总): grouping released export inventory lists (CEB603) into
//! goods declarations and merging their lines, as a CEB701 summary application asks.
//!
//! What the spec says (GACC CEB 2022-05 enterprise message spec, section 2.21,
//! table 2-73 汇总申请单; section 2.11, table 2-38 申报清单; section 2.23, table 2-80
//! 汇总结果单):
//! * an application names one 申报地海关 `customsCode`, one 申报单位 `agentCode`, one
//!   收发货人 `ebcCode` (and the 报关单位 `declAgentCode` of the later declaration);
//! * `loctNo` distinguishes supervision sites under one customs office;
//! * `summaryFlag` 1 汇总 by 收发货人 alone, 2 by 收发货人 and 生产销售单位 (`ownerCode`);
//! * `itemNameFlag` 1: lines merge by the list's original 企业商品名称 (`itemName`);
//!   otherwise by the 商品综合分类名 (`gname`);
//! * `startTime`/`endTime` (as a pair) select the lists of a period;
//! * `statisticsFlag` A 简化申报 declares only the first 4 digits of the commodity code
//!   (商品编码前4位为税则表填写), B 汇总申报 the full 10 digits;
//! * the 汇总结果单 maps every (`invtNo`, `gnum`, `gcode`) to a declaration item
//!   `gseqno` and carries the gross and net weight of the declaration.
//!
//! What is derived here, not spec text (each is named in the reasons): one goods
//! declaration has one value of its header fields, so lists also agree on trade mode
//! (`tradeMode`), destination country (`country`, 运抵国), port of exit (`portCode`)
//! and 申报业务类型 (`statisticsFlag`); the platform keeps one currency per declaration
//! (lines' `currency`). Lines merge when they agree on commodity code (10 digits, 4
//! for A lists), name (per `itemNameFlag`), declared unit, legal units, destination
//! country and currency; quantities and total prices add up exactly.
//!
//! Pure and deterministic: groups in key order, lists by `invtNo`, merged lines in key
//! order numbered `gseqno` 1, 2, 3 ….

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::export::ExportInventory;
use crate::generated::SummaryApplyHead;

/// The options of one summary application (CEB701 head).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryOptions {
    /// `summaryFlag` 2: group by 收发货人 and 生产销售单位 (`ownerCode`); 1 (false):
    /// by 收发货人 alone.
    pub by_owner: bool,
    /// `itemNameFlag` 1: merge lines by `itemName`; otherwise by `gname`.
    pub by_item_name: bool,
    /// `startTime` (`YYYYMMDDhhmmss`); with `end_time`, only lists released within
    /// `[start_time, end_time]` are summarised.
    pub start_time: Option<String>,
    /// `endTime` (`YYYYMMDDhhmmss`).
    pub end_time: Option<String>,
}

impl SummaryOptions {
    /// The options a CEB701 head asks for: `summaryFlag` 2 → `by_owner`,
    /// `itemNameFlag` 1 → `by_item_name`, `startTime`/`endTime` as given.
    pub fn from_apply(head: &SummaryApplyHead) -> Self {
        SummaryOptions {
            by_owner: head.summary_flag == "2",
            by_item_name: head.item_name_flag == "1",
            start_time: head.start_time.clone(),
            end_time: head.end_time.clone(),
        }
    }
}

/// One export inventory list offered for summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportListForSummary {
    /// The list as declared (CEB603 `Inventory`).
    pub inventory: ExportInventory,
    /// `invtNo` given by customs (the list's own `invtNo` is often absent).
    pub invt_no: String,
    /// When customs released it (放行, `YYYYMMDDhhmmss`); `None`: not released, so
    /// it may not be summarised.
    pub released_at: Option<String>,
}

/// The fields every list of one group shares.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SummaryKey {
    /// 申报地海关 `customsCode`.
    pub customs_code: String,
    /// 申报单位 `agentCode`.
    pub agent_code: String,
    /// 收发货人 `ebcCode`.
    pub ebc_code: String,
    /// 生产销售单位 `ownerCode` (only with `summaryFlag` 2; else empty).
    pub owner_code: String,
    /// 监管场所 `loctNo` (empty when absent).
    pub loct_no: String,
    /// 申报业务类型 `statisticsFlag` (A/B).
    pub statistics_flag: String,
    /// 贸易方式 `tradeMode`.
    pub trade_mode: String,
    /// 运抵国 `country`.
    pub country: String,
    /// 出口口岸 `portCode`.
    pub port_code: String,
    /// The lines' 币制 `currency`.
    pub currency: String,
}

/// What merged lines share.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineKey {
    /// Commodity code: 10 digits (B lists) or the first 4 (A lists).
    pub gcode: String,
    /// `itemName` or `gname` per [`SummaryOptions::by_item_name`].
    pub name: String,
    /// 申报计量单位 `unit`.
    pub unit: String,
    /// 法定计量单位 `unit1`.
    pub unit1: String,
    /// 第二计量单位 `unit2` (empty when absent).
    pub unit2: String,
    /// 目的国 `country` of the line.
    pub country: String,
}

/// One declaration item: the merged lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedLine {
    /// 汇总结果单顺序号 (1, 2, 3 … within the group).
    pub gseqno: u32,
    /// What the merged lines share.
    pub key: LineKey,
    /// Sum of `qty`.
    pub qty: Decimal,
    /// Sum of `qty1`.
    pub qty1: Decimal,
    /// Sum of `qty2` (`None` when no line has one).
    pub qty2: Option<Decimal>,
    /// Sum of `totalPrice`.
    pub total_price: Decimal,
    /// The source lines: (`invtNo`, `gnum`, full `gcode`), in order.
    pub sources: Vec<(String, u32, String)>,
}

/// One goods declaration to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryGroup {
    /// What every list of the group shares.
    pub key: SummaryKey,
    /// The lists' `invtNo`, sorted.
    pub invt_nos: Vec<String>,
    /// The merged lines in key order.
    pub lines: Vec<MergedLine>,
    /// Sum of the lists' `grossWeight`.
    pub gross_weight: Decimal,
    /// Sum of the lists' `netWeight`.
    pub net_weight: Decimal,
    /// Why each list is in the group (one reason per list, in `invt_nos` order).
    pub reasons: Vec<String>,
}

/// A list left out of the summary, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    /// The list's `invtNo`.
    pub invt_no: String,
    /// Why.
    pub reason: String,
}

/// The result of [`summarise`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The groups in [`SummaryKey`] order.
    pub groups: Vec<SummaryGroup>,
    /// Lists that may not be summarised, sorted by `invtNo`.
    pub excluded: Vec<Excluded>,
}

fn key_of(l: &ExportListForSummary, opts: &SummaryOptions) -> Result<SummaryKey, String> {
    let h = &l.inventory.head;
    let mut currencies: Vec<&str> = l
        .inventory
        .lists
        .iter()
        .map(|x| x.currency.as_str())
        .collect();
    currencies.sort_unstable();
    currencies.dedup();
    let [currency] = currencies.as_slice() else {
        return Err(format!(
            "lines in {} currencies ({}); a declaration keeps one currency",
            currencies.len(),
            currencies.join("/")
        ));
    };
    Ok(SummaryKey {
        customs_code: h.customs_code.clone(),
        agent_code: h.agent_code.clone(),
        ebc_code: h.ebc_code.clone(),
        owner_code: if opts.by_owner {
            h.owner_code.clone()
        } else {
            String::new()
        },
        loct_no: h.loct_no.clone().unwrap_or_default(),
        statistics_flag: h.statistics_flag.clone(),
        trade_mode: h.trade_mode.clone(),
        country: h.country.clone(),
        port_code: h.port_code.clone(),
        currency: (*currency).to_owned(),
    })
}

fn describe(k: &SummaryKey) -> String {
    let mut s = format!(
        "same customsCode {} (2.21), agentCode {} (2.21), ebcCode {} (2.21, summaryFlag)",
        k.customs_code, k.agent_code, k.ebc_code
    );
    if !k.owner_code.is_empty() {
        s.push_str(&format!(", ownerCode {} (summaryFlag 2)", k.owner_code));
    }
    if !k.loct_no.is_empty() {
        s.push_str(&format!(", loctNo {} (2.21)", k.loct_no));
    }
    s.push_str(&format!(
        ", statisticsFlag {}, tradeMode {}, country {}, portCode {} (one declaration header), currency {} (one currency per declaration)",
        k.statistics_flag, k.trade_mode, k.country, k.port_code, k.currency
    ));
    s
}

/// Why a list may not be summarised at all (`None`: it may).
fn refusal(l: &ExportListForSummary, opts: &SummaryOptions) -> Option<String> {
    let h = &l.inventory.head;
    if l.invt_no.is_empty() {
        return Some("no invtNo: customs has not concluded the list".into());
    }
    let Some(at) = &l.released_at else {
        return Some("not released (放行): only released lists are summarised".into());
    };
    match (&opts.start_time, &opts.end_time) {
        (Some(s), Some(e)) if at < s || at > e => {
            return Some(format!(
                "released {at}, outside the period {s}..{e} (2.21 startTime/endTime)"
            ));
        }
        (Some(_), None) | (None, Some(_)) => {
            return Some("startTime/endTime must be given as a pair (2.21)".into());
        }
        _ => {}
    }
    if h.app_type == "3" {
        return Some("appType 3: the list was deleted".into());
    }
    if l.inventory.lists.is_empty() {
        return Some("no lines".into());
    }
    None
}

fn add(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, String> {
    a.checked_add(b).ok_or_else(|| format!("{what} overflows"))
}

/// Group `lists` into goods declarations and merge their lines (see the module doc
/// for the rules and where each comes from). A list appearing twice (same `invtNo`)
/// is summarised once; the second is excluded.
pub fn summarise(lists: &[ExportListForSummary], opts: &SummaryOptions) -> Summary {
    let mut excluded = Vec::new();
    let mut order: Vec<&ExportListForSummary> = lists.iter().collect();
    order.sort_by(|a, b| a.invt_no.cmp(&b.invt_no));
    let mut groups: BTreeMap<SummaryKey, Vec<&ExportListForSummary>> = BTreeMap::new();
    let mut prev: Option<&str> = None;
    for l in order {
        if prev == Some(l.invt_no.as_str()) && !l.invt_no.is_empty() {
            excluded.push(Excluded {
                invt_no: l.invt_no.clone(),
                reason: "offered twice; summarised once".into(),
            });
            continue;
        }
        prev = Some(l.invt_no.as_str());
        if let Some(reason) = refusal(l, opts) {
            excluded.push(Excluded {
                invt_no: l.invt_no.clone(),
                reason,
            });
            continue;
        }
        match key_of(l, opts) {
            Ok(k) => groups.entry(k).or_default().push(l),
            Err(reason) => excluded.push(Excluded {
                invt_no: l.invt_no.clone(),
                reason,
            }),
        }
    }
    let mut out = Vec::new();
    for (key, members) in groups {
        match merge(&key, &members, opts) {
            Ok(g) => out.push(g),
            Err(reason) => {
                for l in members {
                    excluded.push(Excluded {
                        invt_no: l.invt_no.clone(),
                        reason: reason.clone(),
                    });
                }
            }
        }
    }
    excluded.sort_by(|a, b| a.invt_no.cmp(&b.invt_no));
    Summary {
        groups: out,
        excluded,
    }
}

fn merge(
    key: &SummaryKey,
    members: &[&ExportListForSummary],
    opts: &SummaryOptions,
) -> Result<SummaryGroup, String> {
    let mut lines: BTreeMap<LineKey, MergedLine> = BTreeMap::new();
    let mut gross = Decimal::ZERO;
    let mut net = Decimal::ZERO;
    let mut reasons = Vec::with_capacity(members.len());
    let shared = describe(key);
    for (i, l) in members.iter().enumerate() {
        let h = &l.inventory.head;
        gross = add(gross, h.gross_weight, "grossWeight")?;
        net = add(net, h.net_weight, "netWeight")?;
        reasons.push(if i == 0 {
            format!("{}: opens the group: {shared}", l.invt_no)
        } else {
            format!("{}: joins {}: {shared}", l.invt_no, members[0].invt_no)
        });
        for x in &l.inventory.lists {
            let gcode = if key.statistics_flag == "A" {
                x.gcode.chars().take(4).collect()
            } else {
                x.gcode.clone()
            };
            let name = if opts.by_item_name {
                x.item_name.clone().unwrap_or_else(|| x.gname.clone())
            } else {
                x.gname.clone()
            };
            let lk = LineKey {
                gcode,
                name,
                unit: x.unit.clone(),
                unit1: x.unit1.clone(),
                unit2: x.unit2.clone().unwrap_or_default(),
                country: x.country.clone(),
            };
            let m = lines.entry(lk.clone()).or_insert_with(|| MergedLine {
                gseqno: 0,
                key: lk,
                qty: Decimal::ZERO,
                qty1: Decimal::ZERO,
                qty2: None,
                total_price: Decimal::ZERO,
                sources: Vec::new(),
            });
            m.qty = add(m.qty, x.qty, "qty")?;
            m.qty1 = add(m.qty1, x.qty1, "qty1")?;
            if let Some(q2) = x.qty2 {
                m.qty2 = Some(add(m.qty2.unwrap_or(Decimal::ZERO), q2, "qty2")?);
            }
            m.total_price = add(m.total_price, x.total_price, "totalPrice")?;
            m.sources.push((l.invt_no.clone(), x.gnum, x.gcode.clone()));
        }
    }
    let lines = lines
        .into_values()
        .enumerate()
        .map(|(i, mut m)| {
            m.gseqno = u32::try_from(i + 1).unwrap_or(u32::MAX);
            m
        })
        .collect();
    Ok(SummaryGroup {
        key: key.clone(),
        invt_nos: members.iter().map(|l| l.invt_no.clone()).collect(),
        lines,
        gross_weight: gross,
        net_weight: net,
        reasons,
    })
}
