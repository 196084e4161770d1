//! The bonded movements beyond booking lists at the application layer, on SQLite and on
//! PostgreSQL (when `CHUANYU_TEST_POSTGRES_URL` is set; CI sets it): a second-line exit with
//! its goods declaration, spare parts and the overdue list, duty-free sales up to the
//! allowance (the conditional UPDATE of the allowance row), over the demo ledger.

use chuanyu_app::ledger::views_more::*;
use chuanyu_app::seed::{DEMO_DUTY_FREE_BOOK, DEMO_ZONE_BOOK, DEMO_ZONE_OPERATOR};
use chuanyu_app::{Actor, App, AppError, AppOptions, Database, Outcome};
use chuanyu_domain::Role;
use chuanyu_store::StoreOptions;

fn fresh<T>(outcome: Outcome<T>) -> T {
    match outcome {
        Outcome::Fresh(value) => value,
        Outcome::Replayed { body, .. } => panic!("unexpected replay: {body}"),
    }
}

fn codes(error: AppError) -> Vec<&'static str> {
    match error {
        AppError::Validation(found) => found.iter().map(|f| f.code).collect(),
        other => panic!("expected findings, got {other:?}"),
    }
}

fn sale(id: &str, value: &str, abroad: &str) -> DutyFreeSaleRequest {
    serde_json::from_value(serde_json::json!({
        "id": id, "traveller_id": "P1234567", "trip": {"flight": "3U8888", "date": "2026-12-01"},
        "purchases_abroad_cny": abroad,
        "lines": [{"line_no": 1, "material_no": "DF-PERFUME", "quantity": "1", "value_cny": value}]
    }))
    .unwrap()
}

fn scenario(database: Database, options: AppOptions) -> App {
    let app = App::open_database(&database, options).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let operator = Actor {
        code: DEMO_ZONE_OPERATOR.into(),
        name: "operator".into(),
        role: Role::ZoneOperator,
        district: Some("7900".into()),
    };
    let officer = Actor {
        code: "officer-7900-001".into(),
        name: "officer".into(),
        role: Role::Officer,
        district: Some("7900".into()),
    };
    runtime.block_on(async {
        app.seed_demo().await.unwrap();
        app.seed_demo_ledger().await.unwrap();

        // Second-line exit: list and declaration together.
        let exit: SecondLineExitRequest = serde_json::from_value(serde_json::json!({
            "list_id": "X-1", "document": {"code": "contract", "number": "S-1"},
            "goods_declaration": {"customs_office": "7901", "transport_mode": "Y",
                "transport_means": "川A1", "bill_of_lading": "B-1", "currency": "USD",
                "packages": 1, "gross_weight_kg": "3", "net_weight_kg": "2"},
            "lines": [{"line_no": 1, "material_no": "M-LAPTOP", "quantity": "2",
                       "unit_price": "800", "total": "1600"}]
        }))
        .unwrap();
        let booked = fresh(
            app.second_line_exit(&operator, DEMO_ZONE_BOOK, exit, None)
                .await
                .unwrap(),
        );
        let number = booked.goods_declaration.number.clone().unwrap();
        assert_eq!(number.len(), 18);
        let list = app
            .booking_list(&operator, DEMO_ZONE_BOOK, "X-1")
            .await
            .unwrap();
        assert_eq!(list.goods_declaration.unwrap().number, number);

        // Spare parts: record, repair out, overdue later.
        let record: SparePartRecordRequest = serde_json::from_value(serde_json::json!({
            "id": "SP-9", "machine_declaration_no": "790120261000000123", "part_no": "P-9",
            "name": "gear", "quantity": "3", "document": {"code": "machine", "number": "M-9"}
        }))
        .unwrap();
        app.record_spare_part(&operator, DEMO_ZONE_BOOK, record, None)
            .await
            .unwrap();
        let repair: SparePartMovementRequest = serde_json::from_value(serde_json::json!({
            "id": "r1", "movement": {"movement": "repair_out",
                "document": {"code": "repair", "number": "R-9"}, "quantity": "2", "due": "2099-01-01"}
        }))
        .unwrap();
        app.move_spare_part(&operator, DEMO_ZONE_BOOK, "SP-9", repair, None)
            .await
            .unwrap();
        let late = app
            .overdue_spare_parts(&officer, Some("2099-01-11".into()))
            .await
            .unwrap();
        assert_eq!(late.items.len(), 1);
        assert_eq!(late.items[0].days_overdue, 10);

        // Duty-free: up to the allowance, then refused; the allowance row is raised in place.
        let first = fresh(
            app.duty_free_sale(&operator, DEMO_DUTY_FREE_BOOK, sale("F-1", "3000", "2000"), None)
                .await
                .unwrap(),
        );
        assert_eq!(first.remaining_cny, "3000.00");
        let second = fresh(
            app.duty_free_sale(&operator, DEMO_DUTY_FREE_BOOK, sale("F-2", "3000", "2000"), None)
                .await
                .unwrap(),
        );
        assert_eq!(second.remaining_cny, "0.00");
        let over = app
            .duty_free_sale(&operator, DEMO_DUTY_FREE_BOOK, sale("F-3", "0.01", "0"), None)
            .await
            .unwrap_err();
        assert_eq!(codes(over), ["over_allowance"]);
        // A retry of a booked sale answers the first answer.
        let again = app
            .duty_free_sale(&operator, DEMO_DUTY_FREE_BOOK, sale("F-1", "3000", "2000"), None)
            .await
            .unwrap();
        assert!(matches!(again, Outcome::Replayed { .. }));
    });
    let report = chuanyu_app::ledger::verify::verify_ledger(app.store()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let audit = chuanyu_app::audit::verify_store(app.store()).unwrap();
    assert!(audit.problems.is_empty(), "{:?}", audit.problems);
    drop(runtime);
    app
}

#[test]
fn bonded_movements_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    scenario(
        Database::Embedded(dir.path().to_path_buf()),
        AppOptions::default(),
    )
    .shutdown();
}

#[test]
fn bonded_movements_on_postgres() {
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
    let schema = format!("app_ledger_more_{}", std::process::id());
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
