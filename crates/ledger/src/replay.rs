//! Replay: recompute a book from its movement log, and compare with what the store holds
//! (the core of a future `chuanyu ledger verify`).

use crate::book::{AccountBook, Balance};
use crate::finding::{Code, Finding};
use crate::movement::{Movement, apply};
use crate::state::BookState;
use std::collections::BTreeMap;

/// A log that cannot be replayed: the movement at `index` is refused by the rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("movement {index} ({movement}) of the log is refused: {}", findings.first().map(ToString::to_string).unwrap_or_default())]
pub struct ReplayError {
    pub index: usize,
    pub movement: &'static str,
    pub findings: Vec<Finding>,
}

/// Apply every movement in order to the book as it was opened.
pub fn replay(opened: &AccountBook, movements: &[Movement]) -> Result<BookState, ReplayError> {
    let mut state = BookState::open(opened.clone()).map_err(|findings| ReplayError {
        index: 0,
        movement: "open",
        findings,
    })?;
    for (index, movement) in movements.iter().enumerate() {
        let effect = apply(&state, movement).map_err(|findings| ReplayError {
            index,
            movement: movement.as_str(),
            findings,
        })?;
        state.commit(movement, &effect);
    }
    Ok(state)
}

/// Every difference between stored balances and replayed ones, in material order.
pub fn compare_balances(
    stored: &BTreeMap<String, Balance>,
    replayed: &BTreeMap<String, Balance>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let materials: std::collections::BTreeSet<&String> =
        stored.keys().chain(replayed.keys()).collect();
    for material_no in materials {
        let (a, b) = (stored.get(material_no), replayed.get(material_no));
        if a != b {
            findings.push(Finding {
                path: format!("/balances/{material_no}"),
                code: Code::BalanceMismatch,
                message: format!("stored {a:?}, replayed {b:?}"),
                shortfall: None,
            });
        }
    }
    findings
}
