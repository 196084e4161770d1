//! Gate passes (核放单): bind a vehicle to lines of one or more declared booking lists and
//! decide its passage — refused if it carries goods not on the pass, or more or less than the pass.

use crate::finding::{Code, Finding, Findings};
use crate::limits::{GATE_PASS_LINES_MAX, REFERENCE_CHARS_MAX};
use crate::list::BookingLine;
use crate::movement::{Effect, Movement, PassedLine, PassedList, apply};
use crate::state::BookState;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatePassLine {
    pub line_no: u32,
    /// Repeated from the booking list so the gate can compare it with the cargo.
    pub material_no: String,
    pub quantity: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatePassList {
    pub list_id: String,
    pub lines: Vec<GatePassLine>,
}

/// One vehicle, one or more lists, and per line the quantity this vehicle carries. One list
/// may be spread over several passes (one list, many vehicles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatePass {
    pub id: String,
    pub book_id: String,
    pub vehicle: String,
    pub lists: Vec<GatePassList>,
}

/// What the gate found on the vehicle (from the inspection, scales or electronic seals).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObservedCargo {
    pub material_no: String,
    pub quantity: Decimal,
}

/// An allowed passage: the movement to log and its effect (covered lines pre-deducted → deducted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    pub gate_pass_id: String,
    pub vehicle: String,
    pub movement: Movement,
    pub effect: Effect,
}

impl GatePass {
    /// The movement this pass makes when its vehicle passes on `on`.
    pub fn movement(&self, on: Date) -> Movement {
        Movement::PassGate {
            gate_pass_id: self.id.clone(),
            vehicle: self.vehicle.clone(),
            lists: self
                .lists
                .iter()
                .map(|list| PassedList {
                    list_id: list.list_id.clone(),
                    lines: list
                        .lines
                        .iter()
                        .map(|line| PassedLine {
                            line_no: line.line_no,
                            quantity: line.quantity,
                        })
                        .collect(),
                })
                .collect(),
            on,
        }
    }
}

/// Check a pass when it is issued: lists declared and crossing the gate, lines in state 1 with
/// enough left to pass, materials as on the lists. Every finding at once.
pub fn validate_gate_pass(state: &BookState, pass: &GatePass) -> Vec<Finding> {
    let mut findings = pass_header(state, pass);
    // Any date: validation does not depend on it.
    if let Err(more) = apply(state, &pass.movement(Date::MIN)) {
        findings.extend(more.into_iter().map(|mut f| {
            f.path = pass_path(&f.path);
            f
        }));
    }
    dedupe(findings)
}

/// Decide a vehicle's passage: the cargo must be exactly what the pass covers, and the pass
/// must still be valid against the book. Refusals change nothing.
pub fn check_passage(
    state: &BookState,
    pass: &GatePass,
    observed: &[ObservedCargo],
    on: Date,
) -> Result<Passage, Vec<Finding>> {
    let mut findings = Findings(pass_header(state, pass));
    if observed.len() > GATE_PASS_LINES_MAX {
        findings.add(
            "/observed",
            Code::TooManyLines,
            format!(
                "{} entries; the limit is gate_pass_lines_max = {GATE_PASS_LINES_MAX}",
                observed.len()
            ),
        );
    }
    // Covered quantity per material, with the first pass line naming it.
    let mut covered: BTreeMap<&str, (Decimal, String)> = BTreeMap::new();
    for (k, list) in pass.lists.iter().enumerate() {
        for (j, line) in list.lines.iter().enumerate() {
            let entry = covered
                .entry(line.material_no.as_str())
                .or_insert_with(|| (Decimal::ZERO, format!("/lists/{k}/lines/{j}/quantity")));
            entry.0 += line.quantity;
        }
    }
    let mut carried: BTreeMap<&str, (Decimal, usize)> = BTreeMap::new();
    for (i, cargo) in observed.iter().enumerate() {
        if !findings.quantity(&format!("/observed/{i}/quantity"), cargo.quantity) {
            continue;
        }
        carried
            .entry(cargo.material_no.as_str())
            .or_insert((Decimal::ZERO, i))
            .0 += cargo.quantity;
    }
    for (material_no, (quantity, first)) in &carried {
        match covered.get(material_no) {
            None => findings.add(
                format!("/observed/{first}/material_no"),
                Code::GoodsNotOnPass,
                format!(
                    "vehicle {} carries {quantity} of {material_no}, which pass {} does not cover",
                    pass.vehicle, pass.id
                ),
            ),
            Some((allowed, _)) if quantity > allowed => findings.add(
                format!("/observed/{first}/quantity"),
                Code::OverPassQuantity,
                format!(
                    "vehicle {} carries {quantity} of {material_no}; pass {} covers {allowed}",
                    pass.vehicle, pass.id
                ),
            ),
            _ => {}
        }
    }
    for (material_no, (allowed, path)) in &covered {
        let quantity = carried.get(material_no).map_or(Decimal::ZERO, |c| c.0);
        if quantity < *allowed {
            findings.add(
                path.clone(),
                Code::CargoShortOfPass,
                format!(
                    "pass {} covers {allowed} of {material_no}; vehicle {} carries {quantity}",
                    pass.id, pass.vehicle
                ),
            );
        }
    }
    let movement = pass.movement(on);
    match apply(state, &movement) {
        Ok(effect) if findings.0.is_empty() => Ok(Passage {
            gate_pass_id: pass.id.clone(),
            vehicle: pass.vehicle.clone(),
            movement,
            effect,
        }),
        Ok(_) => Err(dedupe(findings.0)),
        Err(more) => {
            findings.extend(more.into_iter().map(|mut f| {
                f.path = pass_path(&f.path);
                f
            }));
            Err(dedupe(findings.0))
        }
    }
}

fn pass_header(state: &BookState, pass: &GatePass) -> Vec<Finding> {
    let mut findings = Findings::default();
    findings.text("/id", &pass.id, REFERENCE_CHARS_MAX);
    if pass.book_id != state.book().id {
        findings.add(
            "/book_id",
            Code::BookMismatch,
            format!(
                "the pass names book '{}', not {}",
                pass.book_id,
                state.book().id
            ),
        );
    }
    for (k, list) in pass.lists.iter().enumerate() {
        let Some(record) = state.list(&list.list_id) else {
            continue; // reported as unknown_list by apply
        };
        let by_line_no: HashMap<u32, &BookingLine> =
            record.list.lines.iter().map(|l| (l.line_no, l)).collect();
        for (j, line) in list.lines.iter().enumerate() {
            if let Some(on_list) = by_line_no.get(&line.line_no)
                && on_list.material_no != line.material_no
            {
                findings.add(
                    format!("/lists/{k}/lines/{j}/material_no"),
                    Code::MaterialMismatch,
                    format!(
                        "line {} of list {} is {}, not {}",
                        line.line_no, list.list_id, on_list.material_no, line.material_no
                    ),
                );
            }
        }
    }
    findings.0
}

/// The movement's paths equal the pass's, except its id field.
fn pass_path(path: &str) -> String {
    match path {
        "/gate_pass_id" => "/id".into(),
        other => other.to_string(),
    }
}

fn dedupe(mut findings: Vec<Finding>) -> Vec<Finding> {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| seen.insert((f.path.clone(), f.code)));
    findings
}
