//! Write-off (核销): compare book balances with a stocktake and list every difference for an
//! officer's decision; the `WriteOff` movement then closes the period's deducted lines.

use crate::finding::{Code, Finding, Findings};
use crate::limits::STOCKTAKE_COUNTS_MAX;
use crate::state::BookState;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One counted item. Items of the book that the stocktake does not list count as zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StocktakeCount {
    pub material_no: String,
    pub quantity: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceKind {
    /// Less counted than booked.
    Shortage,
    /// More counted than booked.
    Surplus,
}

/// A difference between the book and the stocktake, for an officer's decision (a stocktake
/// adjustment list, or an investigation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    pub material_no: String,
    /// On hand in the book: available + pre-deducted + displayed.
    pub book_quantity: Decimal,
    pub counted_quantity: Decimal,
    pub kind: DifferenceKind,
    /// Always positive.
    pub quantity: Decimal,
}

/// Compare on-hand balances with the counts; differences in book item order.
pub fn reconcile(
    state: &BookState,
    counts: &[StocktakeCount],
) -> Result<Vec<Difference>, Vec<Finding>> {
    let mut findings = Findings::default();
    if counts.len() > STOCKTAKE_COUNTS_MAX {
        findings.add(
            "/counts",
            Code::TooManyLines,
            format!(
                "{} counts; the limit is stocktake_counts_max = {STOCKTAKE_COUNTS_MAX}",
                counts.len()
            ),
        );
    }
    let mut counted: HashMap<&str, Decimal> = HashMap::with_capacity(counts.len());
    for (index, count) in counts.iter().enumerate() {
        let at = |field: &str| format!("/counts/{index}/{field}");
        if state.item(&count.material_no).is_none() {
            findings.add(
                at("material_no"),
                Code::UnknownItem,
                format!(
                    "{} is not recorded in book {}",
                    count.material_no,
                    state.book().id
                ),
            );
        }
        if count.quantity.is_zero() {
            // A zero count is a valid observation, so only the shape is checked.
        } else {
            findings.quantity(&at("quantity"), count.quantity);
        }
        if counted
            .insert(count.material_no.as_str(), count.quantity)
            .is_some()
        {
            findings.add(
                at("material_no"),
                Code::DuplicateMaterial,
                format!("{} is counted twice", count.material_no),
            );
        }
    }
    if !findings.0.is_empty() {
        return Err(findings.0);
    }
    let mut differences = Vec::new();
    for item in &state.book().items {
        let book_quantity = state
            .balance(&item.material_no)
            .map_or(Decimal::ZERO, |b| b.on_hand());
        let counted_quantity = counted
            .get(item.material_no.as_str())
            .copied()
            .unwrap_or(Decimal::ZERO);
        let kind = if counted_quantity < book_quantity {
            DifferenceKind::Shortage
        } else if counted_quantity > book_quantity {
            DifferenceKind::Surplus
        } else {
            continue;
        };
        differences.push(Difference {
            material_no: item.material_no.clone(),
            book_quantity,
            counted_quantity,
            kind,
            quantity: (book_quantity - counted_quantity).abs(),
        });
    }
    Ok(differences)
}
