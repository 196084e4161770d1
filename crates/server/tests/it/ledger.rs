//! Bonded account books through the real server: opening, items, booking lists walking the
//! deduction states, refusals that change nothing, idempotent resubmission, gate passes and
//! passage, transfers both-or-neither, per-party visibility, and the replay check.

use crate::*;
use chuanyu_app::Actor;
use chuanyu_app::parties::NewParty;
use chuanyu_domain::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

pub(crate) const BOOK: &str = "T7900W000001";
pub(crate) const OTHER_BOOK: &str = "T7900W000002";
pub(crate) const OPERATOR: &str = "5101970001";
pub(crate) const OTHER_OPERATOR: &str = "5101970002";

/// The demo server plus two zone operators of Chengdu and a book for each.
pub(crate) async fn ledger_server() -> TestServer {
    let mut server = TestServer::start().await;
    for (code, name) in [
        (OPERATOR, "Chengdu Hi-tech Zone Logistics"),
        (OTHER_OPERATOR, "Shuangliu Bonded Warehousing"),
    ] {
        let app = server.app.clone();
        let party = NewParty {
            code: code.into(),
            name: name.into(),
            role: Role::ZoneOperator,
            district: Some("7900".into()),
            uscc: None,
            aeo_level: "none".into(),
            partner_mra_aeo: false,
        };
        let key =
            tokio::task::spawn_blocking(move || app.add_party_blocking(&Actor::system(), party))
                .await
                .unwrap()
                .unwrap();
        server.keys.insert(code.into(), key);
    }
    let opened = expect_json(
        server
            .post(
                "officer-7900-001",
                "/api/v1/account-books",
                &json!({
                    "id": BOOK, "enterprise_code": OPERATOR, "place_kind": "comprehensive_bonded_zone",
                    "document": {"code": "approval", "number": "CD-2026-001"},
                    "items": [item("M1", "8471300000"), item("M2", "8517130000")]
                }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(opened["status"], "open");
    assert_eq!(opened["item_count"], 2);
    assert_eq!(opened["district"], "7900");
    expect_json(
        server
            .post(
                "officer-7900-001",
                "/api/v1/account-books",
                &json!({
                    "id": OTHER_BOOK, "enterprise_code": OTHER_OPERATOR, "place_kind": "bonded_warehouse",
                    "document": {"code": "approval", "number": "CD-2026-002"},
                    "items": [item("N1", "8471300000"), item("N2", "9999999999")]
                }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    server
}

pub(crate) fn item(material_no: &str, hs_code: &str) -> Value {
    json!({"material_no": material_no, "hs_code": hs_code, "name": "goods", "unit": "007", "origin_country": "JPN"})
}

pub(crate) fn list(id: &str, kind: &str, lines: &[(&str, &str)]) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(i, (m, q))| json!({"line_no": i + 1, "material_no": m, "quantity": q}))
        .collect();
    json!({"id": id, "kind": kind, "document": {"code": "contract", "number": format!("C-{id}")}, "lines": lines})
}

pub(crate) async fn book_list(
    server: &TestServer,
    who: &str,
    book: &str,
    body: &Value,
) -> reqwest::Response {
    server
        .post(
            who,
            &format!("/api/v1/account-books/{book}/booking-lists"),
            body,
        )
        .await
}

/// Balances of a book by material: (available, pre_deducted, incoming).
pub(crate) async fn balances(
    server: &TestServer,
    who: &str,
    book: &str,
) -> Vec<(String, String, String, String)> {
    let page = expect_json(
        server
            .get(who, &format!("/api/v1/account-books/{book}/items"))
            .await,
        StatusCode::OK,
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["material_no"].as_str().unwrap().to_string(),
                i["available"].as_str().unwrap().to_string(),
                i["pre_deducted"].as_str().unwrap().to_string(),
                i["incoming"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub(crate) fn row(
    m: &str,
    available: &str,
    pre: &str,
    incoming: &str,
) -> (String, String, String, String) {
    (m.into(), available.into(), pre.into(), incoming.into())
}

pub(crate) fn states(view: &Value) -> Vec<u64> {
    view["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["state_code"].as_u64().unwrap())
        .collect()
}

/// Bring 100 M1 and 50 M2 in through the gate (first-line entry, pass, passage).
pub(crate) async fn stock_up(server: &TestServer) {
    let booked = expect_json(
        book_list(
            server,
            OPERATOR,
            BOOK,
            &list("L-IN", "first_line_entry", &[("M1", "100"), ("M2", "50")]),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(states(&booked["list"]), [1, 1]);
    assert_eq!(
        balances(server, OPERATOR, BOOK).await,
        [row("M1", "0", "0", "100"), row("M2", "0", "0", "50")]
    );
    expect_json(
        server
            .post(
                OPERATOR,
                "/api/v1/gate-passes",
                &json!({"id": "P-IN", "book_id": BOOK, "vehicle": "川A12345", "lists": [
                    {"list_id": "L-IN", "lines": [
                        {"line_no": 1, "material_no": "M1", "quantity": "100"},
                        {"line_no": 2, "material_no": "M2", "quantity": "50"}]}]}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let passed = expect_json(
        server
            .post(
                "officer-7900-001",
                "/api/v1/gate-passes/P-IN/passage",
                &json!({"observed": [{"material_no": "M2", "quantity": "50"}, {"material_no": "M1", "quantity": "100"}]}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(passed["movement"]["movement"], "pass_gate");
    let listed = expect_json(
        server
            .get(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/booking-lists/L-IN"),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(states(&listed), [2, 2]);
    assert_eq!(
        balances(server, OPERATOR, BOOK).await,
        [row("M1", "100", "0", "0"), row("M2", "50", "0", "0")]
    );
}

pub(crate) async fn verify(server: &TestServer) -> chuanyu_app::ledger::verify::LedgerReport {
    let app = server.app.clone();
    tokio::task::spawn_blocking(move || chuanyu_app::ledger::verify::verify_ledger(app.store()))
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn lists_walk_the_deduction_states_and_refusals_change_nothing() {
    let server = ledger_server().await;
    stock_up(&server).await;

    // Exit declared: reserved (0 → 1).
    let exit = expect_json(
        book_list(
            &server,
            OPERATOR,
            BOOK,
            &list("L-OUT", "first_line_exit", &[("M1", "30")]),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(states(&exit["list"]), [1]);
    assert_eq!(exit["movement"]["movement"], "declare");
    let after_exit = [row("M1", "70", "30", "0"), row("M2", "50", "0", "0")];
    assert_eq!(balances(&server, OPERATOR, BOOK).await, after_exit);

    // Over-draw, unknown item, bad quantity: every finding, nothing changes.
    let over = expect_json(
        book_list(
            &server,
            OPERATOR,
            BOOK,
            &list(
                "L-OVER",
                "first_line_exit",
                &[("M1", "71"), ("M9", "1"), ("M2", "0")],
            ),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let codes: Vec<&str> = over["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"insufficient_balance"), "{over}");
    assert!(codes.contains(&"unknown_item"), "{over}");
    assert!(codes.contains(&"non_positive_quantity"), "{over}");
    assert_eq!(balances(&server, OPERATOR, BOOK).await, after_exit);
    expect_json(
        server
            .get(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/booking-lists/L-OVER"),
            )
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // Wrong state: a deducted line cannot be cancelled; a gate kind cannot be deducted directly.
    let cancel = expect_json(
        server
            .post(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/booking-lists/L-IN/cancel"),
                &json!({"document": {"code": "withdrawal", "number": "W-1"}}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        cancel["findings"][0]["code"], "illegal_transition",
        "{cancel}"
    );
    let deduct = expect_json(
        server
            .post(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/booking-lists/L-OUT/deduct"),
                &json!({}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(deduct["code"], "gate_required", "{deduct}");
    assert_eq!(balances(&server, OPERATOR, BOOK).await, after_exit);

    // Scrap and stocktake need an officer: the operator is refused, the officer books (0 → 2).
    let scrap = list("L-SCRAP", "scrap", &[("M2", "5")]);
    let refused = expect_json(
        book_list(&server, OPERATOR, BOOK, &scrap).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(refused["code"], "forbidden");
    let scrapped = expect_json(
        book_list(&server, "officer-7900-001", BOOK, &scrap).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(states(&scrapped["list"]), [2]);
    assert_eq!(scrapped["list"]["approved_by"], "officer-7900-001");
    expect_json(
        book_list(
            &server,
            "officer-7900-001",
            BOOK,
            &list("L-COUNT", "stocktake_increase", &[("M2", "2.5")]),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    // Second-line entry declared, then cancelled (1 → 0): the expectation is released.
    expect_json(
        book_list(
            &server,
            OPERATOR,
            BOOK,
            &list("L-2IN", "second_line_entry", &[("M1", "4")]),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let cancelled = expect_json(
        server
            .post(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/booking-lists/L-2IN/cancel"),
                &json!({"document": {"code": "withdrawal", "number": "W-2"}}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(states(&cancelled["list"]), [0]);

    // Second-line exit: not through the generic endpoint (its goods declaration comes with
    // it), but declared with its declaration, which the follow-up names.
    let generic = expect_json(
        book_list(
            &server,
            OPERATOR,
            BOOK,
            &list("L-2OUT", "second_line_exit", &[("M2", "7")]),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(generic["code"], "kind_not_offered_here");
    let domestic = expect_json(
        server
            .post(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/second-line-exits"),
                &crate::ledger_more::exit_body("L-2OUT", &[("M2", "7", "300.00")]),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        domestic["movement"]["follow_ups"][0],
        "goods_declaration_required: list L-2OUT"
    );
    assert_eq!(
        domestic["goods_declaration"]["number"]
            .as_str()
            .unwrap()
            .len(),
        18
    );
    assert_eq!(
        balances(&server, OPERATOR, BOOK).await,
        [row("M1", "70", "30", "0"), row("M2", "40.5", "7", "0")]
    );

    // Closing a book with stock is refused.
    let close = expect_json(
        server
            .post(
                "officer-7900-001",
                &format!("/api/v1/account-books/{BOOK}/close"),
                &json!({"document": {"code": "decision", "number": "X-1"}}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(close.to_string().contains("book_has_stock"), "{close}");

    let report = verify(&server).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.books, 2);
}

#[tokio::test]
async fn a_booking_list_id_is_idempotent() {
    let server = ledger_server().await;
    stock_up(&server).await;
    let body = list("L-OUT", "first_line_exit", &[("M1", "30")]);
    let first = book_list(&server, OPERATOR, BOOK, &body).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = first.text().await.unwrap();
    // Same id, same content (quantity written differently): the first answer, nothing booked twice.
    let mut same = body.clone();
    same["lines"][0]["quantity"] = json!("30.000");
    let again = book_list(&server, OPERATOR, BOOK, &same).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.text().await.unwrap(), first);
    // Same id, other content: refused, nothing changes.
    let other = list("L-OUT", "first_line_exit", &[("M1", "31")]);
    let reused = expect_json(
        book_list(&server, OPERATOR, BOOK, &other).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(reused["code"], "idempotency_key_reused");
    assert_eq!(
        balances(&server, OPERATOR, BOOK).await,
        [row("M1", "70", "30", "0"), row("M2", "50", "0", "0")]
    );
    // Opening the same book again with the same content answers the first answer.
    let book = expect_json(
        server
            .get(OPERATOR, &format!("/api/v1/account-books/{BOOK}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(book["movement_count"], 5, "2 items, list, pass, exit");
    let report = verify(&server).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[tokio::test]
async fn passage_moves_lines_to_deducted_and_refuses_cargo_not_on_the_pass() {
    let server = ledger_server().await;
    stock_up(&server).await;
    expect_json(
        book_list(
            &server,
            OPERATOR,
            BOOK,
            &list("L-OUT", "first_line_exit", &[("M1", "30"), ("M2", "10")]),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    // A pass naming the wrong material for a line is refused when issued.
    let mismatch = expect_json(
        server
            .post(
                OPERATOR,
                "/api/v1/gate-passes",
                &json!({"id": "P-BAD", "book_id": BOOK, "vehicle": "川A00001", "lists": [
                    {"list_id": "L-OUT", "lines": [{"line_no": 1, "material_no": "M2", "quantity": "30"}]}]}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        mismatch["findings"][0]["code"], "material_mismatch",
        "{mismatch}"
    );
    // The first vehicle carries only line 1.
    expect_json(
        server
            .post(
                OPERATOR,
                "/api/v1/gate-passes",
                &json!({"id": "P-OUT", "book_id": BOOK, "vehicle": "川A54321", "lists": [
                    {"list_id": "L-OUT", "lines": [{"line_no": 1, "material_no": "M1", "quantity": "30"}]}]}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let before = balances(&server, OPERATOR, BOOK).await;
    assert_eq!(
        before,
        [row("M1", "70", "30", "0"), row("M2", "40", "10", "0")]
    );
    // It also carries M2, which the pass does not cover: refused, nothing moves.
    let refused = expect_json(
        server
            .post(
                "officer-7900-001",
                "/api/v1/gate-passes/P-OUT/passage",
                &json!({"observed": [{"material_no": "M1", "quantity": "30"}, {"material_no": "M2", "quantity": "10"}]}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused["code"], "goods_not_on_pass", "{refused}");
    assert_eq!(balances(&server, OPERATOR, BOOK).await, before);
    let pass = expect_json(
        server.get(OPERATOR, "/api/v1/gate-passes/P-OUT").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(pass["status"], "issued");
    // Short cargo is refused too.
    let short = expect_json(
        server
            .post(
                "officer-7900-001",
                "/api/v1/gate-passes/P-OUT/passage",
                &json!({"observed": [{"material_no": "M1", "quantity": "29"}]}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(short["code"], "cargo_short_of_pass", "{short}");
    // The right cargo passes: line 1 goes 1 → 2, line 2 stays 1.
    let passed = expect_json(
        server
            .post(
                "officer-7900-001",
                "/api/v1/gate-passes/P-OUT/passage",
                &json!({"observed": [{"material_no": "M1", "quantity": "30"}]}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(passed["vehicle"], "川A54321");
    let listed = expect_json(
        server
            .get(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/booking-lists/L-OUT"),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(states(&listed), [2, 1]);
    assert_eq!(
        balances(&server, OPERATOR, BOOK).await,
        [row("M1", "70", "0", "0"), row("M2", "40", "10", "0")]
    );
    // The same passage again answers the first answer; another one is refused.
    let again = server
        .post(
            "officer-7900-001",
            "/api/v1/gate-passes/P-OUT/passage",
            &json!({"observed": [{"material_no": "M1", "quantity": "30"}]}),
        )
        .await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let used = expect_json(
        server
            .post(
                "officer-7900-001",
                "/api/v1/gate-passes/P-OUT/passage",
                &json!({"observed": [{"material_no": "M2", "quantity": "10"}]}),
            )
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(used["code"], "gate_pass_used");
    let report = verify(&server).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[tokio::test]
async fn a_transfer_books_both_sides_or_neither() {
    let server = ledger_server().await;
    stock_up(&server).await;
    let transfer = |out_id: &str,
                    in_id: &str,
                    material: &str,
                    counterpart: &str,
                    quantity: &str| {
        json!({"from_book": BOOK, "to_book": OTHER_BOOK, "out_list_id": out_id, "in_list_id": in_id,
               "document": {"code": "transfer", "number": format!("T-{out_id}")},
               "lines": [{"line_no": 1, "material_no": material, "counterpart_material_no": counterpart, "quantity": quantity}]})
    };
    // Too much, and another HS code on the receiving side: every finding, nothing booked.
    let refused = expect_json(
        server
            .post(
                OPERATOR,
                "/api/v1/transfers",
                &transfer("T-OUT", "T-IN", "M1", "N2", "101"),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let codes = refused["findings"].to_string();
    assert!(codes.contains("insufficient_balance"), "{refused}");
    assert!(codes.contains("hs_code_mismatch"), "{refused}");
    assert_eq!(
        balances(&server, OPERATOR, BOOK).await,
        [row("M1", "100", "0", "0"), row("M2", "50", "0", "0")]
    );
    assert_eq!(
        balances(&server, OTHER_OPERATOR, OTHER_BOOK).await,
        [row("N1", "0", "0", "0"), row("N2", "0", "0", "0")]
    );
    // The receiving side alone fails (unknown material): the sending side is not booked either.
    expect_json(
        server
            .post(
                OPERATOR,
                "/api/v1/transfers",
                &transfer("T-OUT", "T-IN", "M1", "N9", "10"),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    expect_json(
        server
            .get(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/booking-lists/T-OUT"),
            )
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // A good transfer: both books move at once (0 → 2 on both sides).
    let done = expect_json(
        server
            .post(
                OPERATOR,
                "/api/v1/transfers",
                &transfer("T-OUT", "T-IN", "M1", "N1", "10"),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(states(&done["out"]["list"]), [2]);
    assert_eq!(states(&done["in"]["list"]), [2]);
    assert_eq!(done["in"]["list"]["counterpart_book"], BOOK);
    assert_eq!(
        balances(&server, OPERATOR, BOOK).await,
        [row("M1", "90", "0", "0"), row("M2", "50", "0", "0")]
    );
    assert_eq!(
        balances(&server, OTHER_OPERATOR, OTHER_BOOK).await,
        [row("N1", "10", "0", "0"), row("N2", "0", "0", "0")]
    );
    // Replayed: the first answer; nothing moves twice.
    let again = server
        .post(
            OPERATOR,
            "/api/v1/transfers",
            &transfer("T-OUT", "T-IN", "M1", "N1", "10"),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(
        balances(&server, OTHER_OPERATOR, OTHER_BOOK).await,
        [row("N1", "10", "0", "0"), row("N2", "0", "0", "0")]
    );
    let report = verify(&server).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[tokio::test]
async fn another_party_s_book_answers_404() {
    let server = ledger_server().await;
    let path = format!("/api/v1/account-books/{BOOK}");
    expect_json(server.get(OPERATOR, &path).await, StatusCode::OK).await;
    expect_json(server.get("officer-7900-001", &path).await, StatusCode::OK).await;
    for who in [OTHER_OPERATOR, "officer-8000-001", "5101980002"] {
        let problem = expect_json(server.get(who, &path).await, StatusCode::NOT_FOUND).await;
        assert_eq!(problem["code"], "not_found");
        expect_json(
            server.get(who, &format!("{path}/items")).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    // Booking in another's book is 404 as well, and changes nothing.
    expect_json(
        book_list(
            &server,
            OTHER_OPERATOR,
            BOOK,
            &list("L-X", "first_line_entry", &[("M1", "1")]),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let mine = expect_json(
        server.get(OPERATOR, "/api/v1/account-books").await,
        StatusCode::OK,
    )
    .await;
    let ids: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [BOOK]);
    let district = expect_json(
        server
            .get("officer-7900-001", "/api/v1/account-books")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(district["items"].as_array().unwrap().len(), 2);
    let other_district = expect_json(
        server
            .get("officer-8000-001", "/api/v1/account-books")
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(other_district["items"].as_array().unwrap().is_empty());
    // Only officers of the district open books; an operator cannot.
    let body = json!({"id": "T8000W000009", "enterprise_code": OPERATOR, "place_kind": "bonded_warehouse",
                      "district": "7900", "document": {"code": "approval", "number": "X"}});
    expect_json(
        server.post(OPERATOR, "/api/v1/account-books", &body).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    expect_json(
        server
            .post("officer-8000-001", "/api/v1/account-books", &body)
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

#[tokio::test]
async fn a_thousand_line_list_books_and_one_more_line_is_refused() {
    let server = ledger_server().await;
    let items: Vec<Value> = (0..1000)
        .map(|i| item(&format!("X{i:04}"), "8471300000"))
        .collect();
    let recorded = expect_json(
        server
            .post(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/items"),
                &json!({"document": {"code": "filing", "number": "F-1"}, "items": items}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(recorded["recorded"].as_array().unwrap().len(), 1000);
    // Recording the same items again changes nothing; another HS code for one is refused.
    let again = expect_json(
        server
            .post(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/items"),
                &json!({"document": {"code": "filing", "number": "F-2"}, "items": [item("X0001", "8471300000"), item("M3", "8471300000")]}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(again["already_recorded"], json!(["X0001"]));
    assert_eq!(again["recorded"], json!(["M3"]));
    let changed = expect_json(
        server
            .post(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/items"),
                &json!({"document": {"code": "filing", "number": "F-3"}, "items": [item("X0002", "1111111111")]}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(changed["code"], "idempotency_key_reused");
    let lines: Vec<(String, &str)> = (0..1000).map(|i| (format!("X{i:04}"), "1.5")).collect();
    let lines: Vec<(&str, &str)> = lines.iter().map(|(m, q)| (m.as_str(), *q)).collect();
    let booked = expect_json(
        book_list(
            &server,
            OPERATOR,
            BOOK,
            &list("L-BIG", "first_line_entry", &lines),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(booked["list"]["lines"].as_array().unwrap().len(), 1000);
    let mut too_many = list("L-HUGE", "first_line_entry", &lines);
    too_many["lines"]
        .as_array_mut()
        .unwrap()
        .push(json!({"line_no": 1001, "material_no": "M1", "quantity": "1"}));
    let refused = expect_json(
        book_list(&server, OPERATOR, BOOK, &too_many).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused["code"], "too_many_lines", "{refused}");
    let page = expect_json(
        server
            .get(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/items?after=X0998&limit=2"),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["items"][0]["material_no"], "X0999");
    assert_eq!(page["items"][0]["incoming"], "1.5");
    let report = verify(&server).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[tokio::test]
async fn opening_is_idempotent_and_every_change_is_audited() {
    let server = ledger_server().await;
    let body = json!({
        "id": BOOK, "enterprise_code": OPERATOR, "place_kind": "comprehensive_bonded_zone",
        "document": {"code": "approval", "number": "CD-2026-001"},
        "items": [item("M1", "8471300000"), item("M2", "8517130000")]
    });
    let again = server
        .post("officer-7900-001", "/api/v1/account-books", &body)
        .await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let mut other = body.clone();
    other["place_kind"] = json!("bonded_warehouse");
    let reused = expect_json(
        server
            .post("officer-7900-001", "/api/v1/account-books", &other)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(reused["code"], "idempotency_key_reused");
    // A book for an enterprise that is not a zone operator is refused.
    let mut stranger = body.clone();
    stranger["id"] = json!("T7900W000003");
    stranger["enterprise_code"] = json!("5101980002");
    let refused = expect_json(
        server
            .post("officer-7900-001", "/api/v1/account-books", &stranger)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused["code"], "unknown_zone_operator");
    stock_up(&server).await;
    let app = server.app.clone();
    let audit =
        tokio::task::spawn_blocking(move || chuanyu_app::audit::verify_store(app.store()).unwrap())
            .await
            .unwrap();
    assert!(audit.problems.is_empty(), "{:?}", audit.problems);
    let app = server.app.clone();
    let events = tokio::task::spawn_blocking(move || {
        app.store()
            .read(|tx| tx.audit_stream(&format!("account-book/{BOOK}")))
            .unwrap()
    })
    .await
    .unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.record.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "open_book",
            "record_item",
            "record_item",
            "declare",
            "issue_gate_pass",
            "pass_gate"
        ]
    );
}

#[tokio::test]
async fn processing_consumes_materials_and_produces_all_or_nothing() {
    let server = ledger_server().await;
    stock_up(&server).await;
    let order = |consume: &str, produce: &str, quantity: &str| {
        json!({"consume_list_id": consume, "produce_list_id": produce,
               "document": {"code": "work_order", "number": format!("WO-{consume}")},
               "product_material_no": "M2", "product_quantity": quantity,
               "bom": [{"material_no": "M1", "net_per_unit": "0.5", "loss_rate": "0.02"}]})
    };
    let path = format!("/api/v1/account-books/{BOOK}/processing");
    // 10 products need 10 × 0.5 ÷ 0.98 = 5.10204 of M1.
    let done = expect_json(
        server.post(OPERATOR, &path, &order("C1", "P1", "10")).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(done["consumption"][0]["gross_quantity"], "5.10204");
    assert_eq!(states(&done["consume"]), [2]);
    assert_eq!(states(&done["produce"]), [2]);
    assert_eq!(
        balances(&server, OPERATOR, BOOK).await,
        [row("M1", "94.89796", "0", "0"), row("M2", "60", "0", "0")]
    );
    // Not enough material for 1,000 products: refused, nothing booked.
    let refused = expect_json(
        server
            .post(OPERATOR, &path, &order("C2", "P2", "1000"))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused["code"], "insufficient_balance", "{refused}");
    assert_eq!(
        balances(&server, OPERATOR, BOOK).await,
        [row("M1", "94.89796", "0", "0"), row("M2", "60", "0", "0")]
    );
    // Processing is for zones only.
    let warehouse = expect_json(
        server
            .post(
                OTHER_OPERATOR,
                &format!("/api/v1/account-books/{OTHER_BOOK}/processing"),
                &json!({"consume_list_id": "C9", "produce_list_id": "P9",
                        "document": {"code": "work_order", "number": "WO-9"},
                        "product_material_no": "N2", "product_quantity": "1",
                        "bom": [{"material_no": "N1", "net_per_unit": "1", "loss_rate": "0"}]}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        warehouse.to_string().contains("kind_not_allowed_at_place"),
        "{warehouse}"
    );
    let again = server.post(OPERATOR, &path, &order("C1", "P1", "10")).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let report = verify(&server).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[tokio::test]
async fn lines_walk_to_written_off_and_the_empty_book_closes() {
    let server = ledger_server().await;
    stock_up(&server).await;
    expect_json(
        book_list(
            &server,
            OPERATOR,
            BOOK,
            &list("L-OUT", "first_line_exit", &[("M1", "100"), ("M2", "50")]),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    expect_json(
        server
            .post(
                OPERATOR,
                "/api/v1/gate-passes",
                &json!({"id": "P-OUT", "book_id": BOOK, "vehicle": "川A99999", "lists": [
                    {"list_id": "L-OUT", "lines": [
                        {"line_no": 1, "material_no": "M1", "quantity": "100"},
                        {"line_no": 2, "material_no": "M2", "quantity": "50"}]}]}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    expect_json(
        server
            .post(
                OPERATOR,
                "/api/v1/gate-passes/P-OUT/passage",
                &json!({"observed": [{"material_no": "M1", "quantity": "100"}, {"material_no": "M2", "quantity": "50"}]}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let close = json!({"document": {"code": "decision", "number": "CLOSE-1"}});
    let path = format!("/api/v1/account-books/{BOOK}/close");
    // Lines are deducted but not written off yet.
    let open = expect_json(
        server.post("officer-7900-001", &path, &close).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(open.to_string().contains("open_lines"), "{open}");
    // The operator cannot write off; the district officer can.
    let today = chuanyu_app::time::china_date(chuanyu_app::time::now()).to_string();
    let write_off =
        json!({"document": {"code": "write_off", "number": "WO-2026-1"}, "period_end": today});
    let write_off_path = format!("/api/v1/account-books/{BOOK}/write-off");
    expect_json(
        server.post(OPERATOR, &write_off_path, &write_off).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let written = expect_json(
        server
            .post("officer-7900-001", &write_off_path, &write_off)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(written["written_off"].as_array().unwrap().len(), 4);
    for id in ["L-IN", "L-OUT"] {
        let listed = expect_json(
            server
                .get(
                    OPERATOR,
                    &format!("/api/v1/account-books/{BOOK}/booking-lists/{id}"),
                )
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(states(&listed), [3, 3]);
    }
    let closed = expect_json(
        server.post("officer-7900-001", &path, &close).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed["status"], "closed");
    // A closed book books nothing.
    let refused = expect_json(
        book_list(
            &server,
            OPERATOR,
            BOOK,
            &list("L-LATE", "first_line_entry", &[("M1", "1")]),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused["code"], "book_closed", "{refused}");
    let reopened = expect_json(
        server
            .post(
                "officer-7900-001",
                &format!("/api/v1/account-books/{BOOK}/reopen"),
                &json!({"document": {"code": "decision", "number": "REOPEN-1"}}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reopened["status"], "open");
    let report = verify(&server).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[tokio::test]
async fn the_openapi_document_describes_the_ledger_routes() {
    let server = TestServer::start().await;
    let document: Value = server
        .http
        .get(format!("{}/api/v1/openapi.json", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/account-books",
        "/api/v1/account-books/{id}/booking-lists",
        "/api/v1/account-books/{id}/processing",
        "/api/v1/account-books/{id}/write-off",
        "/api/v1/gate-passes/{id}/passage",
        "/api/v1/transfers",
    ] {
        assert!(document["paths"][path].is_object(), "{path} is missing");
    }
    assert!(document["components"]["schemas"]["BookingListRequest"].is_object());
}
