//! `serve --demo` seeds a zone operator with a comprehensive-zone book and a duty-free shop book
//! holding stock, once: a second start keeps them, and the demo ledger replays.

use chuanyu_app::seed::{DEMO_DUTY_FREE_BOOK, DEMO_ZONE_BOOK, DEMO_ZONE_OPERATOR};
use chuanyu_app::{Actor, App, AppOptions};
use chuanyu_domain::Role;

#[test]
fn the_demo_ledger_is_seeded_once_with_stock() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path(), AppOptions::default()).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let keys = runtime.block_on(async {
        app.seed_demo().await.unwrap();
        app.seed_demo_ledger().await.unwrap()
    });
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].code, DEMO_ZONE_OPERATOR);
    let again = runtime.block_on(app.seed_demo_ledger()).unwrap();
    assert!(again.is_empty());
    let operator = Actor {
        code: DEMO_ZONE_OPERATOR.into(),
        name: "operator".into(),
        role: Role::ZoneOperator,
        district: Some("7900".into()),
    };
    let books = runtime.block_on(app.books(&operator, None, None)).unwrap();
    let ids: Vec<&str> = books.items.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, [DEMO_DUTY_FREE_BOOK, DEMO_ZONE_BOOK]);
    let shop = runtime
        .block_on(app.book_items(&operator, DEMO_DUTY_FREE_BOOK, None, None))
        .unwrap();
    let wine = shop
        .items
        .iter()
        .find(|i| i.material_no == "DF-WINE")
        .unwrap();
    assert_eq!(wine.available, "120");
    let report = chuanyu_app::ledger::verify::verify_ledger(app.store()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.books, 2);
    drop(runtime);
    app.shutdown();
}
