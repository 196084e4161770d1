//! Converts a `DeclarationFacts` into the zen input record (a `Variable`), with the same derived values chuanyu computes.
//!
//! Derived values mirror crates/risk/src/fields.rs: ratios are exact `Decimal` divisions
//! (`checked_div`), absent when the denominator is zero; an absent value (no item net
//! weight, zero denominator, HS code too short) is left out of the record, so zen reads
//! `null`. Numbers go in as `Decimal` (zen's own number type), never through floats.

use chuanyu_risk::{DeclarationFacts, ItemFacts};
use rust_decimal::Decimal;
use zen_expression::variable::{Symbol, Variable, VariableMap};

fn text(s: &str) -> Option<Variable> {
    Some(Variable::String(Symbol::from(s)))
}

fn number(n: Decimal) -> Option<Variable> {
    Some(Variable::Number(n))
}

fn ratio(numerator: Decimal, denominator: Decimal) -> Option<Variable> {
    if denominator.is_zero() {
        return None;
    }
    numerator.checked_div(denominator).and_then(number)
}

fn prefix(s: &str, len: usize) -> Option<Variable> {
    s.get(..len).and_then(text)
}

fn header_value(d: &DeclarationFacts, field: &str) -> Option<Variable> {
    match field {
        "customs_office" => text(&d.customs_office),
        "ie_flag" => text(d.ie_flag.as_str()),
        "trade_mode" => text(&d.trade_mode),
        "transport_mode" => text(&d.transport_mode),
        "declarant" => text(&d.declarant_code),
        "trader" => text(&d.trader_code),
        "declaration_origin" => text(&d.origin_country),
        "trading_country" => text(&d.trading_country),
        "destination_country" => text(&d.destination_country),
        "currency" => text(&d.currency),
        "total_value_cny" => number(d.total_value_cny),
        "freight_cny" => number(d.freight_cny),
        "insurance_cny" => number(d.insurance_cny),
        "cif_value_cny" => d
            .total_value_cny
            .checked_add(d.freight_cny)
            .and_then(|v| v.checked_add(d.insurance_cny))
            .and_then(number),
        "gross_weight_kg" => number(d.gross_weight_kg),
        "net_weight_kg" => number(d.net_weight_kg),
        "gross_net_ratio" => ratio(d.gross_weight_kg, d.net_weight_kg),
        "value_per_kg_cny" => ratio(d.total_value_cny, d.net_weight_kg),
        "freight_share" => ratio(d.freight_cny, d.total_value_cny),
        "packages" => number(Decimal::from(d.packages)),
        "item_count" => number(Decimal::from(d.items.len())),
        "aeo_level" => text(d.trader.aeo_level.as_str()),
        "partner_mra_aeo" => Some(Variable::Bool(d.trader.partner_mra_aeo)),
        "prior_hits" => number(Decimal::from(d.trader.prior_hits)),
        other => panic!("not a header field: {other}"),
    }
}

fn item_value(d: &DeclarationFacts, item: &ItemFacts, field: &str) -> Option<Variable> {
    match field {
        "hs" => text(&item.hs_code),
        "hs_chapter" => prefix(&item.hs_code, 2),
        "hs_heading" => prefix(&item.hs_code, 4),
        "hs_subheading" => prefix(&item.hs_code, 6),
        "hs8" => prefix(&item.hs_code, 8),
        "description" => text(&item.description),
        "origin" => text(&item.origin_country),
        "quantity" => number(item.quantity),
        "unit" => text(&item.unit),
        "value_cny" => number(item.value_cny),
        "unit_value_cny" => ratio(item.value_cny, item.quantity),
        "item_net_weight_kg" => item.net_weight_kg.and_then(number),
        "item_value_per_kg_cny" => item.net_weight_kg.and_then(|kg| ratio(item.value_cny, kg)),
        "item_value_share" => ratio(item.value_cny, d.total_value_cny),
        header => header_value(d, header),
    }
}

fn record(fields: &[String], value: impl Fn(&str) -> Option<Variable>) -> VariableMap {
    let mut map = VariableMap::with_capacity(fields.len() + 1);
    for field in fields {
        if let Some(v) = value(field) {
            map.insert(Symbol::from(field.as_str()), v);
        }
    }
    map
}

/// The zen context: the header record with an `items` array of item records.
pub fn to_variable(
    d: &DeclarationFacts,
    header_fields: &[String],
    item_fields: &[String],
) -> Variable {
    let mut header = record(header_fields, |f| header_value(d, f));
    let items: Vec<Variable> = d
        .items
        .iter()
        .map(|item| Variable::from_object(record(item_fields, |f| item_value(d, item, f))))
        .collect();
    header.insert(Symbol::from("items"), Variable::from_array(items));
    Variable::from_object(header)
}
