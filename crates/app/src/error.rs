//! The one application error: every failure a use case can report, each with a stable code.

use chuanyu_domain::{Finding, TransitionError};
use chuanyu_store::{StoreError, WriteError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("missing or unknown API key")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("no such {0}")]
    NotFound(&'static str),
    #[error("the request has {} finding(s)", .0.len())]
    Validation(Vec<Finding>),
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("this Idempotency-Key was already used with another request")]
    IdempotencyConflict,
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("the rule set does not compile: {} error(s)", .0.len())]
    RuleSet(Vec<chuanyu_risk::CompileError>),
    #[error("the file has {} bad row(s)", .0.len())]
    TariffRows(Vec<chuanyu_tariff::RowError>),
    #[error("{0}")]
    Unavailable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppError {
    /// The stable snake_case code partners branch on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Validation(_) => "validation_failed",
            AppError::Transition(_) => "transition_not_allowed",
            AppError::IdempotencyConflict => "idempotency_key_reused",
            AppError::Conflict { code, .. } | AppError::BadRequest { code, .. } => code,
            AppError::RuleSet(_) => "rule_set_invalid",
            AppError::TariffRows(_) => "tariff_file_invalid",
            AppError::Unavailable(_) => "service_unavailable",
            AppError::Store(StoreError::Closed) => "shutting_down",
            AppError::Store(StoreError::Conflict(_)) => "write_conflict",
            AppError::Store(_) => "storage_error",
        }
    }

    pub fn validation(path: &str, code: &'static str, message: impl Into<String>) -> AppError {
        AppError::Validation(vec![Finding {
            path: path.into(),
            code,
            message: message.into(),
        }])
    }
}

impl From<WriteError<AppError>> for AppError {
    fn from(error: WriteError<AppError>) -> Self {
        match error {
            WriteError::Job(error) => error,
            WriteError::Store(error) => AppError::Store(error),
        }
    }
}

impl chuanyu_store::Retryable for AppError {
    fn is_conflict(&self) -> bool {
        matches!(self, AppError::Store(StoreError::Conflict(_)))
    }
}
