//! The legal lifecycle of a goods declaration as an explicit state machine.
//!
//! draft → lodged → risk-assessed → (documentary check | physical inspection → control completed)
//! → tax assessed → paid or guaranteed → released; also detained, refused, cancelled.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Draft,
    Lodged,
    RiskAssessed,
    DocumentaryCheck,
    PhysicalInspection,
    ControlCompleted,
    TaxAssessed,
    PaidOrGuaranteed,
    Released,
    Detained,
    Refused,
    Cancelled,
}

impl State {
    pub const ALL: [State; 12] = [
        State::Draft,
        State::Lodged,
        State::RiskAssessed,
        State::DocumentaryCheck,
        State::PhysicalInspection,
        State::ControlCompleted,
        State::TaxAssessed,
        State::PaidOrGuaranteed,
        State::Released,
        State::Detained,
        State::Refused,
        State::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Lodged => "lodged",
            State::RiskAssessed => "risk_assessed",
            State::DocumentaryCheck => "documentary_check",
            State::PhysicalInspection => "physical_inspection",
            State::ControlCompleted => "control_completed",
            State::TaxAssessed => "tax_assessed",
            State::PaidOrGuaranteed => "paid_or_guaranteed",
            State::Released => "released",
            State::Detained => "detained",
            State::Refused => "refused",
            State::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Released, refused and cancelled declarations never change again.
    pub fn is_final(self) -> bool {
        matches!(self, State::Released | State::Refused | State::Cancelled)
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happens to a declaration. Each accepted action is one audit event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Lodge a draft (or re-lodge after an amendment): it gets its number.
    Lodge,
    /// The risk engine chose a lane.
    AssessRisk,
    /// A yellow lane sends the declaration to a documentary check.
    RouteToDocumentaryCheck,
    /// A red lane sends it to physical inspection.
    RouteToInspection,
    /// The officer found the goods as declared.
    RecordCompliantResult,
    /// The officer found a discrepancy: goods are detained.
    RecordNonCompliantResult,
    AssessTax,
    RecordPayment,
    Release,
    Detain,
    LiftDetention,
    Refuse,
    Cancel,
    /// A new version replaces the current one before release.
    Amend,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Lodge => "lodge",
            Action::AssessRisk => "assess_risk",
            Action::RouteToDocumentaryCheck => "route_to_documentary_check",
            Action::RouteToInspection => "route_to_inspection",
            Action::RecordCompliantResult => "record_compliant_result",
            Action::RecordNonCompliantResult => "record_non_compliant_result",
            Action::AssessTax => "assess_tax",
            Action::RecordPayment => "record_payment",
            Action::Release => "release",
            Action::Detain => "detain",
            Action::LiftDetention => "lift_detention",
            Action::Refuse => "refuse",
            Action::Cancel => "cancel",
            Action::Amend => "amend",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a declaration in state {from} cannot {}", action.as_str().replace('_', " "))]
pub struct TransitionError {
    pub from: State,
    pub action: Action,
}

/// The one table of allowed transitions.
pub fn transition(from: State, action: Action) -> Result<State, TransitionError> {
    use Action as A;
    use State as S;
    let to = match (from, action) {
        (S::Draft, A::Lodge) => S::Lodged,
        (S::Lodged, A::AssessRisk) => S::RiskAssessed,
        (S::RiskAssessed, A::RouteToDocumentaryCheck) => S::DocumentaryCheck,
        (S::RiskAssessed, A::RouteToInspection) => S::PhysicalInspection,
        (S::RiskAssessed | S::ControlCompleted, A::AssessTax) => S::TaxAssessed,
        (S::DocumentaryCheck | S::PhysicalInspection, A::RecordCompliantResult) => {
            S::ControlCompleted
        }
        (S::DocumentaryCheck | S::PhysicalInspection, A::RecordNonCompliantResult) => S::Detained,
        (S::TaxAssessed, A::RecordPayment) => S::PaidOrGuaranteed,
        (S::PaidOrGuaranteed, A::Release) => S::Released,
        (
            S::DocumentaryCheck
            | S::PhysicalInspection
            | S::ControlCompleted
            | S::TaxAssessed
            | S::PaidOrGuaranteed,
            A::Detain,
        ) => S::Detained,
        (S::Detained, A::LiftDetention) => S::ControlCompleted,
        (
            S::Lodged
            | S::RiskAssessed
            | S::DocumentaryCheck
            | S::PhysicalInspection
            | S::ControlCompleted
            | S::TaxAssessed
            | S::PaidOrGuaranteed
            | S::Detained,
            A::Refuse,
        ) => S::Refused,
        (
            S::Draft
            | S::Lodged
            | S::RiskAssessed
            | S::DocumentaryCheck
            | S::PhysicalInspection
            | S::ControlCompleted
            | S::TaxAssessed,
            A::Cancel,
        ) => S::Cancelled,
        (S::Draft, A::Amend) => S::Draft,
        // A lodged declaration that is amended is lodged again: risk and tax are assessed anew.
        (
            S::DocumentaryCheck | S::PhysicalInspection | S::ControlCompleted | S::TaxAssessed,
            A::Amend,
        ) => S::Lodged,
        _ => return Err(TransitionError { from, action }),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_green_path() {
        let mut state = State::Draft;
        for action in [
            Action::Lodge,
            Action::AssessRisk,
            Action::AssessTax,
            Action::RecordPayment,
            Action::Release,
        ] {
            state = transition(state, action).unwrap();
        }
        assert_eq!(state, State::Released);
    }

    #[test]
    fn the_red_path_passes_through_inspection() {
        let mut state = State::Lodged;
        for action in [
            Action::AssessRisk,
            Action::RouteToInspection,
            Action::RecordCompliantResult,
            Action::AssessTax,
        ] {
            state = transition(state, action).unwrap();
        }
        assert_eq!(state, State::TaxAssessed);
    }

    #[test]
    fn inspection_cannot_be_skipped() {
        assert!(transition(State::PhysicalInspection, Action::AssessTax).is_err());
        assert!(transition(State::DocumentaryCheck, Action::RecordPayment).is_err());
        assert!(transition(State::TaxAssessed, Action::Release).is_err());
    }

    #[test]
    fn final_states_accept_nothing() {
        for state in State::ALL.into_iter().filter(|s| s.is_final()) {
            for action in [
                Action::Lodge,
                Action::Amend,
                Action::Cancel,
                Action::Refuse,
                Action::Release,
                Action::Detain,
            ] {
                let error = transition(state, action).unwrap_err();
                assert_eq!(error.from, state);
            }
        }
    }

    #[test]
    fn error_reads_well() {
        let error = transition(State::Released, Action::Cancel).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a declaration in state released cannot cancel"
        );
    }

    #[test]
    fn paid_declarations_cannot_be_cancelled_but_can_be_refused() {
        assert!(transition(State::PaidOrGuaranteed, Action::Cancel).is_err());
        assert_eq!(
            transition(State::PaidOrGuaranteed, Action::Refuse),
            Ok(State::Refused)
        );
    }

    #[test]
    fn states_round_trip_as_text() {
        for state in State::ALL {
            assert_eq!(State::parse(state.as_str()), Some(state));
        }
    }
}
