//! Verification of every audit chain in a store: altered, missing or reordered events.

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
        for id in tx.declaration_ids()? {
            let stream = stream_of(&id);
            if streams.binary_search(&stream).is_err() {
                report.problems.push(ChainProblem {
                    stream,
                    seq: 0,
                    problem: "missing_stream",
                    detail: "the declaration exists but its audit events are gone".into(),
                });
            }
        }
        Ok(report)
    })?)
}
