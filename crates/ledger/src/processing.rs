//! Processing in a comprehensive bonded zone: a bill of materials turns a product quantity into
//! exact material consumption (net ÷ (1 − loss rate)), booked as one all-or-nothing movement.

use crate::finding::{Code, Finding, Findings};
use crate::limits::{BOM_LINES_MAX, LOSS_RATE_SCALE_MAX, QUANTITY_MAX, QUANTITY_SCALE_MAX};
use crate::list::{BookingLine, BookingList, BookingListKind, DocumentRef};
use crate::movement::{Effect, Movement, apply};
use crate::state::BookState;
use jiff::civil::Date;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Decimal places of a net consumption per unit of product (单耗 is finer than a quantity).
pub const NET_PER_UNIT_SCALE_MAX: u32 = 9;

/// One material of a bill of materials, per unit of product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BomLine {
    pub material_no: String,
    /// Net consumption (净耗) per unit of product.
    pub net_per_unit: Decimal,
    /// Process loss rate (工艺损耗率) as a fraction: 0.02 = 2 %. At least 0, below 1.
    pub loss_rate: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillOfMaterials {
    pub product_material_no: String,
    pub lines: Vec<BomLine>,
}

/// What to produce; list ids are client-chosen (idempotency).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessingOrder {
    pub consume_list_id: String,
    pub produce_list_id: String,
    pub book_id: String,
    pub document: DocumentRef,
    pub bom: BillOfMaterials,
    pub product_quantity: Decimal,
    pub on: Date,
}

/// How one material's consumption was computed (the explanation of the plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consumption {
    pub material_no: String,
    pub net_quantity: Decimal,
    pub loss_rate: Decimal,
    /// round_quantity(product × net per unit ÷ (1 − loss rate)).
    pub gross_quantity: Decimal,
}

/// A decided processing: the movement to log, its effect and the consumption explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessingPlan {
    pub movement: Movement,
    pub effect: Effect,
    pub consumption: Vec<Consumption>,
}

/// The one rounding of quantities: to 5 decimal places, half away from zero.
pub fn round_quantity(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(QUANTITY_SCALE_MAX, RoundingStrategy::MidpointAwayFromZero)
}

/// Gross consumption (单耗 × quantity) = product × net ÷ (1 − loss), rounded once at the end.
///
/// Why exact: the product is exact; the quotient is carried to 28 significant digits, and with
/// quantities ≤ quantity_max and a loss rate of ≤ 6 decimals the true quotient cannot lie close
/// enough to a rounding midpoint for that precision to change the 5-decimal result.
/// `None` if the result overflows or the loss rate is not in [0, 1).
pub fn gross_consumption(
    product_quantity: Decimal,
    net_per_unit: Decimal,
    loss_rate: Decimal,
) -> Option<Decimal> {
    if loss_rate < Decimal::ZERO || loss_rate >= Decimal::ONE {
        return None;
    }
    let net = product_quantity.checked_mul(net_per_unit)?;
    let gross = net.checked_div(Decimal::ONE - loss_rate)?;
    Some(round_quantity(gross))
}

/// Decide a processing order: consumption per material and the movement, or every finding
/// (insufficient materials are reported per BOM line).
pub fn plan_processing(
    state: &BookState,
    order: &ProcessingOrder,
) -> Result<ProcessingPlan, Vec<Finding>> {
    let mut findings = Findings::default();
    let product_ok = findings.quantity("/product_quantity", order.product_quantity);
    let bom = &order.bom;
    if bom.lines.is_empty() {
        findings.add(
            "/bom/lines",
            Code::NoLines,
            "a bill of materials consumes something",
        );
    }
    if bom.lines.len() > BOM_LINES_MAX {
        findings.add(
            "/bom/lines",
            Code::TooManyLines,
            format!(
                "{} materials; the limit is bom_lines_max = {BOM_LINES_MAX}",
                bom.lines.len()
            ),
        );
    }
    let mut seen = HashSet::new();
    let mut consumption = Vec::with_capacity(bom.lines.len());
    let mut lines = Vec::with_capacity(bom.lines.len());
    for (index, line) in bom.lines.iter().enumerate() {
        let at = |field: &str| format!("/bom/lines/{index}/{field}");
        if !seen.insert(line.material_no.as_str()) {
            findings.add(
                at("material_no"),
                Code::DuplicateMaterial,
                format!("{} appears twice", line.material_no),
            );
        }
        if line.material_no == bom.product_material_no {
            findings.add(
                at("material_no"),
                Code::ProductIsMaterial,
                format!("{} is the product", line.material_no),
            );
        }
        let net_ok = net_per_unit(&mut findings, &at("net_per_unit"), line.net_per_unit);
        let loss_ok = loss_rate(&mut findings, &at("loss_rate"), line.loss_rate);
        if !(product_ok && net_ok && loss_ok) {
            continue;
        }
        let Some(gross) =
            gross_consumption(order.product_quantity, line.net_per_unit, line.loss_rate)
                .filter(|gross| *gross <= Decimal::from(QUANTITY_MAX))
        else {
            findings.add(
                format!("/bom/lines/{index}"),
                Code::QuantityTooLarge,
                format!(
                    "the consumption of {} exceeds quantity_max",
                    line.material_no
                ),
            );
            continue;
        };
        consumption.push(Consumption {
            material_no: line.material_no.clone(),
            net_quantity: order.product_quantity * line.net_per_unit,
            loss_rate: line.loss_rate,
            gross_quantity: gross,
        });
        lines.push(BookingLine {
            line_no: index as u32 + 1,
            material_no: line.material_no.clone(),
            quantity: gross,
            counterpart: None,
        });
    }
    if !findings.0.is_empty() {
        // The consumption cannot be computed from a broken bill: stop before the balances.
        return Err(findings.0);
    }
    let consume = BookingList {
        id: order.consume_list_id.clone(),
        book_id: order.book_id.clone(),
        kind: BookingListKind::ProcessingConsume,
        document: order.document.clone(),
        counterpart_book: None,
        approved_by: None,
        lines,
    };
    let produce = BookingList {
        id: order.produce_list_id.clone(),
        book_id: order.book_id.clone(),
        kind: BookingListKind::ProcessingProduce,
        document: order.document.clone(),
        counterpart_book: None,
        approved_by: None,
        lines: vec![BookingLine {
            line_no: 1,
            material_no: bom.product_material_no.clone(),
            quantity: order.product_quantity,
            counterpart: None,
        }],
    };
    let movement = Movement::Process {
        consume,
        produce,
        on: order.on,
    };
    match apply(state, &movement) {
        Ok(effect) => Ok(ProcessingPlan {
            movement,
            effect,
            consumption,
        }),
        Err(found) => {
            let mut seen = HashSet::new();
            let mut mapped: Vec<Finding> = found
                .into_iter()
                .map(|mut finding| {
                    finding.path = order_path(&finding.path);
                    finding
                })
                .collect();
            mapped.retain(|f| seen.insert((f.path.clone(), f.code)));
            Err(mapped)
        }
    }
}

/// Map a path into the generated lists back into the order.
fn order_path(path: &str) -> String {
    let (side, rest) = if let Some(rest) = path.strip_prefix("/consume") {
        ("consume", rest)
    } else if let Some(rest) = path.strip_prefix("/produce") {
        ("produce", rest)
    } else {
        return path.to_string();
    };
    match (side, rest) {
        (_, "/kind") | (_, "/book_id") => rest.to_string(),
        (_, rest) if rest.starts_with("/document") => rest.to_string(),
        ("consume", "/id") => "/consume_list_id".into(),
        ("produce", "/id") => "/produce_list_id".into(),
        ("produce", "/lines/0/material_no") => "/bom/product_material_no".into(),
        ("produce", "/lines/0/quantity") => "/product_quantity".into(),
        ("consume", rest) => match rest.strip_prefix("/lines/").and_then(|r| r.split_once('/')) {
            Some((index, "material_no")) => format!("/bom/lines/{index}/material_no"),
            Some((index, _)) => format!("/bom/lines/{index}"),
            None => "/bom/lines".into(),
        },
        _ => rest.to_string(),
    }
}

fn net_per_unit(findings: &mut Findings, path: &str, value: Decimal) -> bool {
    if value <= Decimal::ZERO {
        findings.add(
            path,
            Code::NonPositiveQuantity,
            format!("{value} is not greater than zero"),
        );
        return false;
    }
    if value.normalize().scale() > NET_PER_UNIT_SCALE_MAX {
        findings.add(
            path,
            Code::TooManyDecimals,
            format!("{value} has more than {NET_PER_UNIT_SCALE_MAX} decimal places"),
        );
        return false;
    }
    if value > Decimal::from(QUANTITY_MAX) {
        findings.add(
            path,
            Code::QuantityTooLarge,
            format!("{value} exceeds quantity_max"),
        );
        return false;
    }
    true
}

fn loss_rate(findings: &mut Findings, path: &str, value: Decimal) -> bool {
    if value < Decimal::ZERO || value >= Decimal::ONE {
        findings.add(
            path,
            Code::InvalidLossRate,
            format!("{value} is not in [0, 1)"),
        );
        return false;
    }
    if value.normalize().scale() > LOSS_RATE_SCALE_MAX {
        findings.add(
            path,
            Code::TooManyDecimals,
            format!(
                "{value} has more than loss_rate_scale_max = {LOSS_RATE_SCALE_MAX} decimal places"
            ),
        );
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn loss_rate_is_exact() {
        // 10 products × 2 kg net ÷ (1 − 0.2) = 25 kg exactly.
        assert_eq!(gross_consumption(d("10"), d("2"), d("0.2")), Some(d("25")));
        // 100 × 1 ÷ 0.97 = 103.0927835051… → 103.09278
        assert_eq!(
            gross_consumption(d("100"), d("1"), d("0.03")),
            Some(d("103.09278"))
        );
        // No loss: net only.
        assert_eq!(
            gross_consumption(d("3"), d("0.333333333"), d("0")),
            Some(d("1.00000"))
        );
        // Half away from zero at the fifth decimal: 1 × 0.000015 = 0.000015 → 0.00002
        assert_eq!(
            gross_consumption(d("1"), d("0.000015"), d("0")),
            Some(d("0.00002"))
        );
        assert_eq!(gross_consumption(d("1"), d("1"), d("1")), None);
        assert_eq!(gross_consumption(d("1"), d("1"), d("-0.1")), None);
    }

    #[test]
    fn order_paths() {
        assert_eq!(order_path("/consume/lines/2/quantity"), "/bom/lines/2");
        assert_eq!(
            order_path("/consume/lines/2/material_no"),
            "/bom/lines/2/material_no"
        );
        assert_eq!(
            order_path("/produce/lines/0/material_no"),
            "/bom/product_material_no"
        );
        assert_eq!(order_path("/produce/id"), "/produce_list_id");
        assert_eq!(order_path("/consume/kind"), "/kind");
        assert_eq!(order_path("/consume/document/number"), "/document/number");
    }
}
