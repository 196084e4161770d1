//! Integration tests of the ledger core: one binary, one module per concern.

mod fixtures;
mod gate;
mod movements;
mod processing;
mod properties;
mod replay;
mod spare_parts;
mod tidy;
mod transfer;
mod write_off;
