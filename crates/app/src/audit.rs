//! Verification of every audit chain in a store: altered, missing or reordered events, and records
//! (declarations, account books, CBEC lists) whose whole stream is gone.

use crate::AppError;
use crate::declarations::stream_of;
use chuanyu_domain::audit::{ChainProblem, verify_chain};
use chuanyu_store::Store;

/// What `chuanyu audit verify` reports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditReport {
    pub streams: usize,
    pub events: usize,
    pub problems: Vec<ChainProblem>,
}

/// Walk every stream, and check that every declaration still has its stream.
pub fn verify_store(store: &Store) -> Result<AuditReport, AppError> {
    Ok(store.read(|tx| {
        let mut report = AuditReport {
            streams: 0,
            events: 0,
            problems: Vec::new(),
        };
        let streams = tx.audit_streams()?;
        for stream in &streams {
            let events = tx.audit_stream(stream)?;
            report.streams += 1;
            report.events += events.len();
            report.problems.extend(verify_chain(&events));
        }
        // Every record that must have an audit stream: declarations, account books, CBEC lists.
        let mut owners: Vec<String> = tx
            .declaration_ids()?
            .iter()
            .map(|id| stream_of(id))
            .collect();
        owners.extend(
            tx.ledger_book_ids()?
                .iter()
                .map(|id| crate::ledger::stream_of(id)),
        );
        owners.extend(
            tx.cbec_list_ids()?
                .iter()
                .map(|id| crate::cbec::list_stream(id)),
        );
        // A set, not a binary search: PostgreSQL may order text by a locale's collation.
        let present: std::collections::HashSet<&String> = streams.iter().collect();
        for stream in owners {
            if !present.contains(&stream) {
                report.problems.push(ChainProblem {
                    stream,
                    seq: 0,
                    problem: "missing_stream",
                    detail: "the record exists but its audit events are gone".into(),
                });
            }
        }
        Ok(report)
    })?)
}
