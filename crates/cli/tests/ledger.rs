//! The `chuanyu ledger verify` contract: it passes on a consistent store and exits non-zero
//! once a stored balance (or a line's progress) no longer matches the replayed movements.

use chuanyu_app::ledger::views::{
    BookItemInput, BookingLineInput, BookingListKind, BookingListRequest, LedgerDocument,
    OpenBookRequest, PlaceKind,
};
use chuanyu_app::parties::NewParty;
use chuanyu_app::{Actor, App, AppOptions, Database};
use chuanyu_domain::Role;
use std::process::Command;

fn verify(data: &str) -> (i32, String) {
    verify_with(&["--data-dir", data])
}

fn verify_with(target: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_chuanyu"))
        .args(["ledger", "verify"])
        .args(target)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn document(number: &str) -> LedgerDocument {
    LedgerDocument {
        code: "approval".into(),
        number: number.into(),
    }
}

/// A store with one book, two items and two booked lists.
fn seed(database: &Database) {
    let app = App::open_database(database, AppOptions::default()).unwrap();
    let party = |code: &str, role: Role, district: Option<&str>| NewParty {
        code: code.into(),
        name: format!("party {code}"),
        role,
        district: district.map(str::to_string),
        uscc: None,
        aeo_level: "none".into(),
        partner_mra_aeo: false,
    };
    app.add_party_blocking(
        &Actor::system(),
        party("5101970001", Role::ZoneOperator, Some("7900")),
    )
    .unwrap();
    app.add_party_blocking(
        &Actor::system(),
        party("officer-7900-009", Role::Officer, Some("7900")),
    )
    .unwrap();
    let officer = Actor {
        code: "officer-7900-009".into(),
        name: "officer".into(),
        role: Role::Officer,
        district: Some("7900".into()),
    };
    let operator = Actor {
        code: "5101970001".into(),
        name: "operator".into(),
        role: Role::ZoneOperator,
        district: Some("7900".into()),
    };
    let item = |m: &str| BookItemInput {
        material_no: m.into(),
        hs_code: "8471300000".into(),
        name: "laptop".into(),
        unit: "007".into(),
        origin_country: "JPN".into(),
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        app.open_book(
            &officer,
            OpenBookRequest {
                id: "T7900W000001".into(),
                enterprise_code: "5101970001".into(),
                place_kind: PlaceKind::ComprehensiveBondedZone,
                district: None,
                document: document("CD-1"),
                items: vec![item("M1"), item("M2")],
            },
            None,
        )
        .await
        .unwrap();
        let list = |id: &str, kind: BookingListKind, quantity: &str| BookingListRequest {
            id: id.into(),
            kind,
            document: document(id),
            deduct_now: None,
            lines: vec![BookingLineInput {
                line_no: 1,
                material_no: "M1".into(),
                quantity: quantity.parse().unwrap(),
            }],
        };
        app.book_list(
            &officer,
            "T7900W000001",
            list("S1", BookingListKind::StocktakeIncrease, "40"),
            None,
        )
        .await
        .unwrap();
        app.book_list(
            &operator,
            "T7900W000001",
            list("L1", BookingListKind::FirstLineExit, "15"),
            None,
        )
        .await
        .unwrap();
    });
    drop(runtime);
    app.shutdown();
}

#[test]
fn ledger_verify_passes_then_fails_after_tampering() {
    let dir = tempfile::tempdir().unwrap();
    seed(&Database::Embedded(dir.path().to_path_buf()));
    let data = dir.path().to_str().unwrap();
    let (code, stdout) = verify(data);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("1 books, 2 items, 4 movements replayed"),
        "{stdout}"
    );
    assert!(stdout.contains("ledger verification passed"), "{stdout}");

    let db = rusqlite::Connection::open(dir.path().join("chuanyu.db")).unwrap();
    db.execute(
        "UPDATE ledger_items SET available = '26' WHERE material_no = 'M1'",
        [],
    )
    .unwrap();
    let (code, stdout) = verify(data);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("balance_mismatch"), "{stdout}");
    assert!(stdout.contains("ledger verification FAILED"), "{stdout}");

    // Put the balance back, then tamper with a line's progress instead.
    db.execute(
        "UPDATE ledger_items SET available = '25' WHERE material_no = 'M1'",
        [],
    )
    .unwrap();
    assert_eq!(verify(data).0, 0);
    db.execute(
        "UPDATE ledger_lists SET progress = replace(progress, 'pre_deducted', 'not_deducted') WHERE id = 'L1'",
        [],
    )
    .unwrap();
    let (code, stdout) = verify(data);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("L1"), "{stdout}");
}

/// The same contract with `--database URL` on PostgreSQL (when CHUANYU_TEST_POSTGRES_URL is set),
/// in a schema of its own chosen with libpq's `options`.
#[test]
fn ledger_verify_on_postgres() {
    let Some(base) = std::env::var("CHUANYU_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        return;
    };
    let schema = format!("ledger_verify_{}", std::process::id());
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .unwrap();
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options=-csearch_path%3D{schema}");
    seed(&Database::Postgres(url.clone()));
    let (code, stdout) = verify_with(&["--database", &url]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("ledger verification passed"), "{stdout}");
    admin
        .batch_execute(&format!(
            "UPDATE {schema}.ledger_items SET pre_deducted = '14' WHERE material_no = 'M1'"
        ))
        .unwrap();
    let (code, stdout) = verify_with(&["--database", &url]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("balance_mismatch"), "{stdout}");
    admin
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .unwrap();
}
