//! The audit chain: every event of a stream (one declaration, the rule sets …) is hash-linked to the one before.
//!
//! hash(n) = SHA-256(hash(n-1) ‖ each field length-prefixed). Changing, removing or reordering an
//! event breaks every later link, which [`verify_chain`] reports.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash that precedes the first event of every stream.
pub const GENESIS_HASH: [u8; 32] = [0; 32];

/// The fields of an audit event that the hash covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub stream: String,
    pub seq: u64,
    /// RFC 3339 UTC timestamp.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub reason: Option<String>,
    /// Canonical JSON of the decision's explanation (assessment, tax quote …), if any.
    pub payload: Option<String>,
}

fn feed(hasher: &mut Sha256, field: &[u8]) {
    hasher.update((field.len() as u64).to_be_bytes());
    hasher.update(field);
}

fn feed_optional(hasher: &mut Sha256, field: Option<&str>) {
    match field {
        None => hasher.update([0u8]),
        Some(value) => {
            hasher.update([1u8]);
            feed(hasher, value.as_bytes());
        }
    }
}

pub fn event_hash(previous: &[u8; 32], record: &AuditRecord) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(previous);
    feed(&mut hasher, record.stream.as_bytes());
    hasher.update(record.seq.to_be_bytes());
    feed(&mut hasher, record.at.as_bytes());
    feed(&mut hasher, record.actor.as_bytes());
    feed(&mut hasher, record.action.as_bytes());
    feed_optional(&mut hasher, record.from_state.as_deref());
    feed_optional(&mut hasher, record.to_state.as_deref());
    feed_optional(&mut hasher, record.reason.as_deref());
    feed_optional(&mut hasher, record.payload.as_deref());
    hasher.finalize().into()
}

/// A stored event: the record with the hashes written beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub record: AuditRecord,
    pub prev_hash: [u8; 32],
    pub hash: [u8; 32],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainProblem {
    pub stream: String,
    pub seq: u64,
    pub problem: &'static str,
    pub detail: String,
}

/// Check one stream's events, in stored order: sequence without gaps from 1, links and hashes intact.
pub fn verify_chain(events: &[StoredEvent]) -> Vec<ChainProblem> {
    let mut problems = Vec::new();
    let mut previous = GENESIS_HASH;
    for (index, event) in events.iter().enumerate() {
        let expected_seq = index as u64 + 1;
        let problem = |problem, detail: String| ChainProblem {
            stream: event.record.stream.clone(),
            seq: event.record.seq,
            problem,
            detail,
        };
        if event.record.seq != expected_seq {
            problems.push(problem(
                "sequence_gap_or_reorder",
                format!("expected event {expected_seq}, found {}", event.record.seq),
            ));
        }
        if event.prev_hash != previous {
            problems.push(problem(
                "broken_link",
                "the previous-hash does not match the event before".into(),
            ));
        }
        let recomputed = event_hash(&event.prev_hash, &event.record);
        if recomputed != event.hash {
            problems.push(problem(
                "altered_event",
                "the stored hash does not match the event's content".into(),
            ));
        }
        previous = event.hash;
    }
    problems
}

pub fn hex(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn from_hex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (index, slot) in out.iter_mut().enumerate() {
        *slot = u8::from_str_radix(text.get(index * 2..index * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(count: u64) -> Vec<StoredEvent> {
        let mut previous = GENESIS_HASH;
        (1..=count)
            .map(|seq| {
                let record = AuditRecord {
                    stream: "declaration/abc".into(),
                    seq,
                    at: format!("2026-11-30T10:00:0{seq}Z"),
                    actor: "5101230001".into(),
                    action: "lodge".into(),
                    from_state: Some("draft".into()),
                    to_state: Some("lodged".into()),
                    reason: None,
                    payload: Some(format!("{{\"n\":{seq}}}")),
                };
                let hash = event_hash(&previous, &record);
                let event = StoredEvent {
                    record,
                    prev_hash: previous,
                    hash,
                };
                previous = hash;
                event
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify_chain(&chain(5)), vec![]);
    }

    #[test]
    fn alteration_is_detected() {
        let mut events = chain(5);
        events[2].record.actor = "someone-else".into();
        let problems = verify_chain(&events);
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].seq, problems[0].problem), (3, "altered_event"));
    }

    #[test]
    fn removal_and_reordering_are_detected() {
        let mut removed = chain(5);
        removed.remove(1);
        assert!(
            verify_chain(&removed)
                .iter()
                .any(|p| p.problem == "sequence_gap_or_reorder")
        );
        assert!(
            verify_chain(&removed)
                .iter()
                .any(|p| p.problem == "broken_link")
        );
        let mut swapped = chain(5);
        swapped.swap(1, 2);
        assert!(!verify_chain(&swapped).is_empty());
    }

    #[test]
    fn none_and_empty_differ() {
        let mut record = chain(1)[0].record.clone();
        record.reason = None;
        let a = event_hash(&GENESIS_HASH, &record);
        record.reason = Some(String::new());
        assert_ne!(a, event_hash(&GENESIS_HASH, &record));
    }

    #[test]
    fn hex_round_trip() {
        let hash = chain(1)[0].hash;
        assert_eq!(from_hex(&hex(&hash)), Some(hash));
        assert_eq!(from_hex("zz"), None);
    }
}
