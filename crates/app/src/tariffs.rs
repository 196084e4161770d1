//! The tariff and the customs exchange rates in force: imported as whole files (all or nothing),
//! stored with an audit event, swapped atomically; lookups and tax quotes for drafts.

use crate::time::{china_date, now, timestamp_text};
use crate::views::DeclarationDto;
use crate::{Actor, App, AppError, facts};
use chuanyu_domain::{Finding, Role, declaration};
use chuanyu_store::NewAuditEvent;
use chuanyu_tariff::{ExchangeRates, Tariff, TariffLine, TaxQuote};
use std::sync::Arc;

pub const TARIFF_STREAM: &str = "tariff";
/// The largest tariff or exchange-rate file accepted, in bytes.
pub const TARIFF_FILE_BYTES_MAX: usize = 64 * 1024 * 1024;
/// Most lines a search returns.
pub const TARIFF_SEARCH_LIMIT_MAX: usize = 200;

/// What the tax engine uses now.
pub struct TariffState {
    pub tariff: Option<Tariff>,
    pub rates: Option<ExchangeRates>,
    /// The stored files these were loaded from (to notice another node's import).
    pub tariff_file: Option<i64>,
    pub rates_file: Option<i64>,
}

impl TariffState {
    pub fn empty() -> TariffState {
        TariffState {
            tariff: None,
            rates: None,
            tariff_file: None,
            rates_file: None,
        }
    }
}

/// The two kinds of file, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TariffFileKind {
    Tariff,
    ExchangeRates,
}

impl TariffFileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TariffFileKind::Tariff => "tariff",
            TariffFileKind::ExchangeRates => "exchange-rates",
        }
    }
}

/// Parse a file of a kind; every bad row is reported, and a bad file yields nothing.
pub fn parse_file(
    kind: TariffFileKind,
    source: &str,
    progress: &mut dyn FnMut(u64),
) -> Result<(Option<Tariff>, Option<ExchangeRates>, usize), AppError> {
    if source.len() > TARIFF_FILE_BYTES_MAX {
        return Err(AppError::BadRequest {
            code: "file_too_large",
            message: format!(
                "{} bytes; the limit is tariff_file_bytes_max = {TARIFF_FILE_BYTES_MAX}",
                source.len()
            ),
        });
    }
    match kind {
        TariffFileKind::Tariff => {
            let tariff =
                Tariff::import_csv(source.as_bytes(), progress).map_err(AppError::TariffRows)?;
            let lines = tariff.len();
            Ok((Some(tariff), None, lines))
        }
        TariffFileKind::ExchangeRates => {
            let rates =
                ExchangeRates::import_csv(source.as_bytes()).map_err(AppError::TariffRows)?;
            let lines = rates.len();
            Ok((None, Some(rates), lines))
        }
    }
}

impl App {
    /// Load the latest imported tariff and exchange rates from the store.
    pub fn reload_tariff(&self) -> Result<(), AppError> {
        let (tariff_file, rates_file) = self.store.read(|tx| {
            Ok((
                tx.latest_tariff_file("tariff")?,
                tx.latest_tariff_file("exchange-rates")?,
            ))
        })?;
        let mut state = TariffState::empty();
        if let Some(file) = tariff_file {
            state.tariff = parse_file(TariffFileKind::Tariff, &file.source, &mut |_| {})?.0;
        }
        if let Some(file) = rates_file {
            state.rates = parse_file(TariffFileKind::ExchangeRates, &file.source, &mut |_| {})?.1;
        }
        *self.tariff.write().expect("tariff lock") = Arc::new(state);
        Ok(())
    }

    /// Import a tariff or exchange-rate file (admin): validated whole, stored with its audit
    /// event, then swapped in. Returns the number of lines.
    pub fn import_tariff_file_blocking(
        &self,
        actor: &Actor,
        kind: TariffFileKind,
        source: String,
        progress: &mut dyn FnMut(u64),
    ) -> Result<usize, AppError> {
        if actor.role != Role::Admin {
            return Err(AppError::Forbidden(
                "only administrators import tariffs and exchange rates".into(),
            ));
        }
        let (tariff, rates, lines) = parse_file(kind, &source, progress)?;
        let at = timestamp_text(now());
        let by = actor.code.clone();
        let id = self
            .store
            .write_blocking(move |tx| {
                let id = tx.insert_tariff_file(kind.as_str(), &source, lines as i64, &by, &at)?;
                let payload =
                    serde_json::json!({ "file": id, "kind": kind.as_str(), "lines": lines })
                        .to_string();
                tx.append_audit(&NewAuditEvent {
                    stream: TARIFF_STREAM,
                    at: &at,
                    actor: &by,
                    action: "import",
                    from_state: None,
                    to_state: None,
                    reason: None,
                    payload: Some(&payload),
                })?;
                Ok::<_, AppError>(id)
            })
            .map_err(AppError::from)?;
        let mut state = self.tariff.write().expect("tariff lock");
        let current = state.clone();
        let (tariff_file, rates_file) = match kind {
            TariffFileKind::Tariff => (Some(id), current.rates_file),
            TariffFileKind::ExchangeRates => (current.tariff_file, Some(id)),
        };
        *state = Arc::new(TariffState {
            tariff: tariff.or_else(|| current.tariff.clone()),
            rates: rates.or_else(|| current.rates.clone()),
            tariff_file,
            rates_file,
        });
        Ok(lines)
    }

    pub fn tariff_state(&self) -> Arc<TariffState> {
        self.tariff.read().expect("tariff lock").clone()
    }

    pub fn tariff_line(&self, code: &str) -> Result<TariffLine, AppError> {
        let state = self.tariff_state();
        let tariff = state
            .tariff
            .as_ref()
            .ok_or(AppError::Unavailable("no tariff is loaded".into()))?;
        tariff
            .lookup(code)
            .cloned()
            .ok_or(AppError::NotFound("tariff line"))
    }

    /// Search by code prefix (digits) or by words of the description.
    pub fn tariff_search(&self, query: &str, limit: usize) -> Result<Vec<TariffLine>, AppError> {
        if limit == 0 || limit > TARIFF_SEARCH_LIMIT_MAX {
            return Err(AppError::validation(
                "/limit",
                "page_size_out_of_range",
                format!("limit must be 1..={TARIFF_SEARCH_LIMIT_MAX} (tariff_search_limit_max)"),
            ));
        }
        let state = self.tariff_state();
        let tariff = state
            .tariff
            .as_ref()
            .ok_or(AppError::Unavailable("no tariff is loaded".into()))?;
        let lines = if !query.is_empty() && query.bytes().all(|b| b.is_ascii_digit()) {
            tariff.search_prefix(query, limit)
        } else {
            tariff.search_text(query, limit)
        };
        Ok(lines.into_iter().cloned().collect())
    }

    /// `POST /tax/quotes`: the tax of a draft as if lodged today; nothing is stored.
    pub fn quote_tax(&self, draft: DeclarationDto) -> Result<TaxQuote, AppError> {
        let declaration =
            declaration::validate(draft.into(), &self.reference).map_err(AppError::Validation)?;
        let state = self.tariff_state();
        let (Some(tariff), Some(rates)) = (state.tariff.as_ref(), state.rates.as_ref()) else {
            return Err(AppError::Unavailable(
                "no tariff or exchange rates are loaded".into(),
            ));
        };
        let request = facts::tax_request(&declaration, &self.reference, china_date(now()));
        chuanyu_tariff::quote(tariff, rates, &request).map_err(|error| {
            let path = error
                .item()
                .map(|i| format!("/items/{i}/hs_code"))
                .unwrap_or_else(|| "/items".into());
            AppError::Validation(vec![Finding {
                path,
                code: error.code(),
                message: error.to_string(),
            }])
        })
    }
}
