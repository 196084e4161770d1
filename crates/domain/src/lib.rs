//! chuanyu-domain: pure customs logic — codes, parties, goods declarations, their lifecycle and the audit chain.
//!
//! Nothing here does IO or reads the clock: times, ids and reference data are passed in,
//! so every rule is testable in milliseconds and every decision is reproducible.

pub mod audit;
pub mod declaration;
pub mod lifecycle;
pub mod limits;
pub mod party;
pub mod refdata;

pub use declaration::{Declaration, DeclarationInput, Finding, IeFlag, ItemInput};
pub use lifecycle::{Action, State, TransitionError};
pub use party::{Role, validate_enterprise_code, validate_resident_id, validate_uscc};
pub use refdata::ReferenceData;
