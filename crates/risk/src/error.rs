//! Compile errors of the rule language: position, stable code, message.

use serde::{Deserialize, Serialize};

/// A 1-based line and column (columns count Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Pos {
    /// Line, starting at 1.
    pub line: u32,
    /// Column, starting at 1.
    pub column: u32,
}

/// One problem found while compiling a rule set. `compile` returns all of them at once.
///
/// `code` is a stable snake_case identifier callers may branch on; the full table is in
/// LANGUAGE.md ("Error codes").
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct CompileError {
    /// Line of the offending token, starting at 1.
    pub line: u32,
    /// Column of the offending token, starting at 1.
    pub column: u32,
    /// Stable snake_case error code.
    pub code: &'static str,
    /// Human explanation.
    pub message: String,
}

impl CompileError {
    pub(crate) fn at(pos: Pos, code: &'static str, message: impl Into<String>) -> CompileError {
        CompileError {
            line: pos.line,
            column: pos.column,
            code,
            message: message.into(),
        }
    }
}
