//! The deduction state (核扣状态) of a booking-list line as an explicit state machine.
//!
//! 0 not deducted → 1 pre-deducted → 2 deducted → 3 written off; a pre-deducted line that
//! has not passed the gate at all may be cancelled back to 0.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeductionState {
    /// 0: recorded or cancelled; the balance is untouched.
    NotDeducted,
    /// 1: declared; outbound stock is reserved, inbound stock is expected.
    PreDeducted,
    /// 2: the goods moved (gate passage or direct deduction).
    Deducted,
    /// 3: the period containing the line was closed by a write-off.
    WrittenOff,
}

impl DeductionState {
    pub const ALL: [DeductionState; 4] = [
        DeductionState::NotDeducted,
        DeductionState::PreDeducted,
        DeductionState::Deducted,
        DeductionState::WrittenOff,
    ];

    /// The official numeric code 0–3.
    pub fn code(self) -> u8 {
        match self {
            DeductionState::NotDeducted => 0,
            DeductionState::PreDeducted => 1,
            DeductionState::Deducted => 2,
            DeductionState::WrittenOff => 3,
        }
    }

    pub fn from_code(code: u8) -> Option<DeductionState> {
        DeductionState::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DeductionState::NotDeducted => "not_deducted",
            DeductionState::PreDeducted => "pre_deducted",
            DeductionState::Deducted => "deducted",
            DeductionState::WrittenOff => "written_off",
        }
    }
}

impl fmt::Display for DeductionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.as_str(), self.code())
    }
}

/// What can happen to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeductionAction {
    /// Declaring the list reserves (outbound) or announces (inbound) the quantity.
    PreDeduct,
    /// The vehicle carrying the line's goods passed the gate (a line may pass in parts).
    PassGate,
    /// A movement without a gate (transfer, processing, scrap …) is deducted directly.
    DeductDirectly,
    /// The declaration is withdrawn before anything passed.
    Cancel,
    /// The period is closed.
    WriteOff,
}

impl DeductionAction {
    pub fn as_str(self) -> &'static str {
        match self {
            DeductionAction::PreDeduct => "pre_deduct",
            DeductionAction::PassGate => "pass_gate",
            DeductionAction::DeductDirectly => "deduct_directly",
            DeductionAction::Cancel => "cancel",
            DeductionAction::WriteOff => "write_off",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a line in deduction state {from} cannot {}", action.as_str().replace('_', " "))]
pub struct TransitionError {
    pub from: DeductionState,
    pub action: DeductionAction,
}

/// The one table of allowed steps.
pub fn transition(
    from: DeductionState,
    action: DeductionAction,
) -> Result<DeductionState, TransitionError> {
    use DeductionAction as A;
    use DeductionState as S;
    match (from, action) {
        (S::NotDeducted, A::PreDeduct) => Ok(S::PreDeducted),
        (S::PreDeducted, A::PassGate | A::DeductDirectly) => Ok(S::Deducted),
        (S::PreDeducted, A::Cancel) => Ok(S::NotDeducted),
        (S::Deducted, A::WriteOff) => Ok(S::WrittenOff),
        _ => Err(TransitionError { from, action }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_walk() {
        let mut state = DeductionState::NotDeducted;
        for action in [
            DeductionAction::PreDeduct,
            DeductionAction::PassGate,
            DeductionAction::WriteOff,
        ] {
            state = transition(state, action).unwrap();
        }
        assert_eq!(state, DeductionState::WrittenOff);
        assert_eq!(state.code(), 3);
    }

    #[test]
    fn states_cannot_be_skipped() {
        use DeductionAction as A;
        use DeductionState as S;
        assert!(transition(S::NotDeducted, A::PassGate).is_err());
        assert!(transition(S::NotDeducted, A::DeductDirectly).is_err());
        assert!(transition(S::NotDeducted, A::WriteOff).is_err());
        assert!(transition(S::PreDeducted, A::WriteOff).is_err());
        assert!(transition(S::Deducted, A::Cancel).is_err());
        assert!(transition(S::Deducted, A::PassGate).is_err());
        assert!(transition(S::PreDeducted, A::PreDeduct).is_err());
    }

    #[test]
    fn written_off_is_final() {
        for action in [
            DeductionAction::PreDeduct,
            DeductionAction::PassGate,
            DeductionAction::DeductDirectly,
            DeductionAction::Cancel,
            DeductionAction::WriteOff,
        ] {
            assert!(transition(DeductionState::WrittenOff, action).is_err());
        }
    }

    #[test]
    fn error_reads_well() {
        let error =
            transition(DeductionState::Deducted, DeductionAction::DeductDirectly).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a line in deduction state deducted (2) cannot deduct directly"
        );
    }

    #[test]
    fn codes_round_trip() {
        for state in DeductionState::ALL {
            assert_eq!(DeductionState::from_code(state.code()), Some(state));
        }
        assert_eq!(DeductionState::from_code(4), None);
    }
}
