//! `deduct_for_cbec_1210` called the way the CBEC flow calls it: inside a writer job of the
//! caller. Front-store stock (displayed) is deducted once per list, refusals name the line and
//! write nothing, and the ledger still replays — on SQLite, and on PostgreSQL when
//! `CHUANYU_TEST_POSTGRES_URL` is set (CI sets it; a skipped PostgreSQL run fails in CI).

use chuanyu_app::ledger::cbec1210::{Cbec1210Deduction, Cbec1210Line, deduct_for_cbec_1210};
use chuanyu_app::ledger::views::{
    BookItemInput, BookingLineInput, BookingListKind, BookingListRequest, LedgerDocument,
    OpenBookRequest, PlaceKind,
};
use chuanyu_app::parties::NewParty;
use chuanyu_app::{Actor, App, AppError, AppOptions, Database};
use chuanyu_domain::{Finding, Role};
use chuanyu_store::StoreOptions;

const BOOK: &str = "T7900W001210";

fn actor(code: &str, role: Role) -> Actor {
    Actor {
        code: code.into(),
        name: code.into(),
        role,
        district: Some("7900".into()),
    }
}

fn document(number: &str) -> LedgerDocument {
    LedgerDocument {
        code: "approval".into(),
        number: number.into(),
    }
}

fn line(gnum: u32, item: &str, hs: &str, quantity: &str) -> Cbec1210Line {
    Cbec1210Line {
        gnum,
        item_no: item.into(),
        hs_code: hs.into(),
        quantity: quantity.parse().unwrap(),
    }
}

type Deducted = Result<Result<Cbec1210Deduction, Vec<Finding>>, AppError>;

fn deduct(app: &App, ems_no: &str, list_ref: &str, lines: Vec<Cbec1210Line>) -> Deducted {
    let (ems_no, list_ref) = (ems_no.to_string(), list_ref.to_string());
    app.store()
        .write_blocking(move |tx| {
            deduct_for_cbec_1210(tx, &ems_no, &list_ref, &lines, jiff::Timestamp::now())
        })
        .map_err(AppError::from)
}

fn refused(outcome: Deducted) -> Vec<(String, &'static str)> {
    match outcome.unwrap() {
        Ok(booked) => panic!("expected a refusal, got {booked:?}"),
        Err(findings) => findings.into_iter().map(|f| (f.path, f.code)).collect(),
    }
}

/// (material, available, displayed)
fn balances(app: &App, runtime: &tokio::runtime::Runtime) -> Vec<(String, String, String)> {
    let operator = actor("5101970001", Role::ZoneOperator);
    let page = runtime
        .block_on(app.book_items(&operator, BOOK, None, None))
        .unwrap();
    page.items
        .into_iter()
        .map(|i| (i.material_no, i.available, i.displayed))
        .collect()
}

fn scenario(database: Database, options: AppOptions) -> App {
    let app = App::open_database(&database, options).unwrap();
    for (code, role) in [
        ("5101970001", Role::ZoneOperator),
        ("officer-7900-009", Role::Officer),
    ] {
        app.add_party_blocking(
            &Actor::system(),
            NewParty {
                code: code.into(),
                name: code.into(),
                role,
                district: Some("7900".into()),
                uscc: None,
                aeo_level: "none".into(),
                partner_mra_aeo: false,
            },
        )
        .unwrap();
    }
    let officer = actor("officer-7900-009", Role::Officer);
    let operator = actor("5101970001", Role::ZoneOperator);
    let item = |m: &str, hs: &str| BookItemInput {
        material_no: m.into(),
        hs_code: hs.into(),
        name: "goods".into(),
        unit: "007".into(),
        origin_country: "JPN".into(),
    };
    let list = |id: &str, kind: BookingListKind, lines: &[(&str, &str)]| BookingListRequest {
        id: id.into(),
        kind,
        document: document(id),
        deduct_now: None,
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, (m, q))| BookingLineInput {
                line_no: i as u32 + 1,
                material_no: (*m).into(),
                quantity: q.parse().unwrap(),
            })
            .collect(),
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        app.open_book(
            &officer,
            OpenBookRequest {
                id: BOOK.into(),
                enterprise_code: "5101970001".into(),
                place_kind: PlaceKind::ComprehensiveBondedZone,
                district: None,
                document: document("CD-1210"),
                items: vec![item("M1", "8471300000"), item("M2", "8517130000")],
            },
            None,
        )
        .await
        .unwrap();
        app.book_list(
            &officer,
            BOOK,
            list(
                "S1",
                BookingListKind::StocktakeIncrease,
                &[("M1", "40"), ("M2", "10")],
            ),
            None,
        )
        .await
        .unwrap();
        // Back warehouse → front store: still bonded, now displayed.
        app.book_list(
            &operator,
            BOOK,
            list(
                "D1",
                BookingListKind::DisplayOut,
                &[("M1", "10"), ("M2", "2")],
            ),
            None,
        )
        .await
        .unwrap();
    });
    let row = |m: &str, a: &str, d: &str| (m.to_string(), a.to_string(), d.to_string());
    assert_eq!(
        balances(&app, &runtime),
        [row("M1", "30", "10"), row("M2", "8", "2")]
    );

    // A released 1210 list deducts the displayed stock of the book its emsNo names.
    let booked = deduct(&app, BOOK, "INV-1", vec![line(1, "M1", "8471300000", "3")])
        .unwrap()
        .unwrap();
    assert_eq!(booked.book_id, BOOK);
    assert_eq!(booked.list_id, "CBEC1210-INV-1");
    assert!(!booked.replayed);
    assert!(
        booked.changes[0].contains("displayed 10 → 7"),
        "{:?}",
        booked.changes
    );
    // The same list again: the same answer, nothing deducted twice.
    let again = deduct(
        &app,
        BOOK,
        "INV-1",
        vec![line(1, "M1", "8471300000", "3.000")],
    )
    .unwrap()
    .unwrap();
    assert!(again.replayed);
    assert_eq!(again.seq, booked.seq);
    assert_eq!(
        balances(&app, &runtime),
        [row("M1", "30", "7"), row("M2", "8", "2")]
    );

    // Refusals name what is wrong and change nothing.
    assert_eq!(
        refused(deduct(
            &app,
            BOOK,
            "INV-1",
            vec![line(1, "M1", "8471300000", "4")]
        )),
        [("/list_ref".to_string(), "idempotency_key_reused")]
    );
    assert_eq!(
        refused(deduct(
            &app,
            "T0000X999999",
            "INV-2",
            vec![line(1, "M1", "8471300000", "1")]
        )),
        [("/ems_no".to_string(), "unknown_book")]
    );
    assert_eq!(
        refused(deduct(
            &app,
            BOOK,
            "INV-2",
            vec![
                line(1, "M9", "8471300000", "1"),
                line(2, "M1", "8517130000", "1"),
                line(3, "M2", "8517130000", "5"),
            ]
        )),
        [
            ("/lines/1/hs_code".to_string(), "declared_hs_code_mismatch"),
            ("/lines/0/item_no".to_string(), "unknown_item"),
            ("/lines/2/quantity".to_string(), "insufficient_balance"),
        ]
    );
    assert_eq!(
        refused(deduct(
            &app,
            BOOK,
            "",
            vec![line(1, "M1", "8471300000", "1")]
        )),
        [("/list_ref".to_string(), "missing_field")]
    );
    assert_eq!(
        balances(&app, &runtime),
        [row("M1", "30", "7"), row("M2", "8", "2")]
    );
    // A second list deducts both items; the log replays and the audit chain holds.
    deduct(
        &app,
        BOOK,
        "INV-3",
        vec![
            line(1, "M1", "8471300000", "7"),
            line(2, "M2", "8517130000", "2"),
        ],
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        balances(&app, &runtime),
        [row("M1", "30", "0"), row("M2", "8", "0")]
    );
    let report = chuanyu_app::ledger::verify::verify_ledger(app.store()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let audit = chuanyu_app::audit::verify_store(app.store()).unwrap();
    assert!(audit.problems.is_empty(), "{:?}", audit.problems);
    drop(runtime);
    app
}

#[test]
fn a_1210_list_deducts_the_front_store_once_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let app = scenario(
        Database::Embedded(dir.path().to_path_buf()),
        AppOptions::default(),
    );
    app.shutdown();
}

#[test]
fn a_1210_list_deducts_the_front_store_once_on_postgres() {
    let Some(url) = std::env::var("CHUANYU_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must run the PostgreSQL tests: set CHUANYU_TEST_POSTGRES_URL"
        );
        return;
    };
    let schema = format!("app_cbec1210_{}", std::process::id());
    let options = AppOptions {
        store: StoreOptions {
            postgres_schema: Some(schema.clone()),
            ..StoreOptions::default()
        },
        ..AppOptions::default()
    };
    let app = scenario(Database::Postgres(url), options);
    app.store()
        .write_blocking(move |tx| tx.execute_raw(&format!("DROP SCHEMA {schema} CASCADE")))
        .unwrap();
    app.shutdown();
}
