//! Integration tests: the real server on port 0 with a fresh data directory per test.

mod helpers;

mod access;
mod ceb;
mod ceb_export;
mod declarations;
mod errors;
mod idempotency;
mod ledger;
mod ledger_more;
mod risk;

pub use helpers::*;
