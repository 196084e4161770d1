//! The batching writer: many jobs share one transaction; a failing job rolls back only itself;
//! acknowledged writes survive a reopen; the migration guards refuse edits of immutable rows.

use chuanyu_store::{DeclarationRow, NewAuditEvent, Store, StoreOptions, WriteError};
use std::sync::mpsc::channel;

fn row(id: &str) -> DeclarationRow {
    DeclarationRow {
        id: id.into(),
        number: None,
        customs_office: "7901".into(),
        district: "7900".into(),
        ie_flag: "I".into(),
        declarant_code: "5101230001".into(),
        trader_code: "5101980002".into(),
        state: "draft".into(),
        lane: None,
        current_version: 1,
        tax_payable: None,
        assessment_seq: None,
        tax_seq: None,
        created_at: "2026-11-30T00:00:00.000000Z".into(),
        updated_at: "2026-11-30T00:00:00.000000Z".into(),
        lodged_at: None,
    }
}

#[test]
fn jobs_share_batches_and_a_failing_job_rolls_back_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let (sender, receiver) = channel();
    let jobs = 400;
    for index in 0..jobs {
        let sender = sender.clone();
        store.submit(
            move |tx| {
                tx.insert_declaration(&row(&format!("d{index:04}")))
                    .map_err(|e| e.to_string())?;
                tx.append_audit(&NewAuditEvent {
                    stream: &format!("declaration/d{index:04}"),
                    at: "2026-11-30T00:00:00.000000Z",
                    actor: "test",
                    action: "create",
                    from_state: None,
                    to_state: Some("draft"),
                    reason: None,
                    payload: None,
                })
                .map_err(|e| e.to_string())?;
                // Every tenth job fails after writing: its rows must vanish with its savepoint.
                if index % 10 == 0 {
                    Err(format!("job {index} refuses"))
                } else {
                    Ok(index)
                }
            },
            move |outcome: Result<usize, WriteError<String>>| {
                sender.send(outcome.map_err(|e| format!("{e:?}"))).unwrap()
            },
        );
    }
    drop(sender);
    let outcomes: Vec<_> = receiver.iter().collect();
    assert_eq!(outcomes.len(), jobs);
    let failed = outcomes.iter().filter(|o| o.is_err()).count();
    assert_eq!(failed, jobs / 10);
    let stored = store.read(|tx| tx.declaration_ids()).unwrap();
    assert_eq!(stored.len(), jobs - jobs / 10);
    assert!(
        !stored.contains(&"d0010".to_string()),
        "a failed job's rows are rolled back"
    );
    assert!(stored.contains(&"d0011".to_string()));
    let streams = store.read(|tx| tx.audit_streams()).unwrap();
    assert_eq!(
        streams.len(),
        jobs - jobs / 10,
        "and so are its audit events"
    );
    let stats = store.writer_stats();
    assert_eq!(stats.jobs, jobs as u64);
    assert!(
        stats.batches < stats.jobs,
        "queued jobs share transactions: {stats:?}"
    );
}

#[test]
fn acknowledged_writes_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        let outcome = store.write_blocking(|tx| tx.insert_declaration(&row("kept")));
        assert!(outcome.is_ok());
        store.shutdown();
    }
    let store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    assert_eq!(
        store.read(|tx| tx.declaration_ids()).unwrap(),
        vec!["kept".to_string()]
    );
}

#[test]
fn sequences_are_per_office_and_year() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let numbers = store
        .write_blocking(|tx| {
            Ok::<_, chuanyu_store::StoreError>(vec![
                tx.next_declaration_sequence("7901", 2026)?,
                tx.next_declaration_sequence("7901", 2026)?,
                tx.next_declaration_sequence("8001", 2026)?,
                tx.next_declaration_sequence("7901", 2027)?,
            ])
        })
        .unwrap();
    assert_eq!(numbers, vec![1, 2, 1, 1]);
    // A rolled-back job gives its number back.
    let refused: Result<u64, WriteError<String>> = store.write_blocking(|tx| {
        tx.next_declaration_sequence("7901", 2026)
            .map_err(|e| e.to_string())?;
        Err("refused".to_string())
    });
    assert!(refused.is_err());
    let next = store
        .write_blocking(|tx| tx.next_declaration_sequence("7901", 2026))
        .unwrap();
    assert_eq!(next, 3);
}

#[test]
fn writes_after_shutdown_are_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    store.shutdown();
    let outcome = store.write_blocking(|tx| tx.insert_declaration(&row("late")));
    assert!(matches!(
        outcome,
        Err(WriteError::Store(chuanyu_store::StoreError::Closed))
    ));
}
