//! chuanyu-ledger: the pure core of bonded account books (账册) — balances in buckets, booking
//! lists (核注清单) and their deduction states, gate passes (核放单), transfers, processing,
//! spare parts, write-off (核销) and replay.
//!
//! Nothing here does IO or reads the clock: days and ids are passed in, so every decision is
//! reproducible and explains itself. The application writes what `apply` returns (with the
//! movement) in one transaction; `replay` recomputes the balances from the movement log.

pub mod book;
pub mod deduction;
pub mod duty_free;
pub mod finding;
pub mod gate;
pub mod limits;
pub mod list;
pub mod movement;
pub mod processing;
pub mod replay;
pub mod spare_parts;
pub mod state;
pub mod text;
pub mod transfer;
pub mod write_off;

pub use book::{AccountBook, Balance, BookItem, BookStatus, Bucket, PlaceKind, validate_book};
pub use deduction::{DeductionAction, DeductionState, TransitionError, transition};
pub use duty_free::{TripPurchases, check_allowance, fen_of};
pub use finding::{Code, Finding, Shortfall};
pub use gate::{
    GatePass, GatePassLine, GatePassList, ObservedCargo, Passage, check_passage, validate_gate_pass,
};
pub use list::{BookingLine, BookingList, BookingListKind, Direction, DocumentRef, Gate};
pub use movement::{
    BalanceChange, Effect, FollowUp, Idempotency, LineChange, Movement, PassedLine, PassedList,
    apply, apply_and_commit, check_idempotency,
};
pub use processing::{
    BillOfMaterials, BomLine, Consumption, ProcessingOrder, ProcessingPlan, gross_consumption,
    plan_processing, round_quantity,
};
pub use replay::{ReplayError, compare_balances, replay};
pub use spare_parts::{
    Obligation, ObligationKind, SparePartMovement, SparePartRecord, apply_spare_part, overdue,
};
pub use state::{BookState, InvariantViolation, LineProgress, ListRecord};
pub use text::DecimalText;
pub use transfer::{Transfer, TransferLine, TransferRequest, transfer};
pub use write_off::{Difference, DifferenceKind, StocktakeCount, reconcile};
