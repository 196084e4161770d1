//! Bonded movements beyond booking lists through the real server: a second-line exit creates
//! its goods declaration in the same transaction (linked both ways), display to the front store
//! and back, spare parts with deadlines and the officers' overdue list, duty-free sales against
//! the traveller's allowance — each with refusals that change nothing.

use crate::ledger::{
    BOOK, OPERATOR, OTHER_OPERATOR, balances, book_list, item, ledger_server, list, row, states,
    stock_up, verify,
};
use crate::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

const SHOP: &str = "T7900D000001";

/// A second-line exit body: (material, quantity, line total in USD).
pub(crate) fn exit_body(list_id: &str, lines: &[(&str, &str, &str)]) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(i, (m, q, total))| {
            let quantity: rust_decimal::Decimal = q.parse().unwrap();
            let total_value: rust_decimal::Decimal = total.parse().unwrap();
            let unit_price = (total_value / quantity).round_dp(4);
            json!({"line_no": i + 1, "material_no": m, "quantity": q,
                   "unit_price": unit_price.to_string(), "total": total})
        })
        .collect();
    json!({
        "list_id": list_id,
        "document": {"code": "contract", "number": format!("C-{list_id}")},
        "goods_declaration": {
            "customs_office": "7901", "transport_mode": "Y", "transport_means": "川A12345",
            "bill_of_lading": format!("BL-{list_id}"), "currency": "USD",
            "packages": 1, "gross_weight_kg": "12", "net_weight_kg": "10"
        },
        "lines": lines
    })
}

async fn items_of(server: &TestServer, who: &str, book: &str) -> Vec<Value> {
    let page = expect_json(
        server
            .get(who, &format!("/api/v1/account-books/{book}/items"))
            .await,
        StatusCode::OK,
    )
    .await;
    page["items"].as_array().unwrap().clone()
}

async fn declaration_count(server: &TestServer, who: &str) -> usize {
    let page = expect_json(
        server.get(who, "/api/v1/declarations?limit=500").await,
        StatusCode::OK,
    )
    .await;
    page["items"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_second_line_exit_creates_its_goods_declaration_in_the_same_transaction() {
    let server = ledger_server().await;
    stock_up(&server).await;
    let path = format!("/api/v1/account-books/{BOOK}/second-line-exits");
    let exit = exit_body("X-1", &[("M1", "10", "5000.00"), ("M2", "4", "1200.00")]);
    let response = server.post(OPERATOR, &path, &exit).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let first_text = response.text().await.unwrap();
    let booked: Value = serde_json::from_str(&first_text).unwrap();
    assert_eq!(states(&booked["list"]), [1, 1]);
    let declaration = &booked["goods_declaration"];
    let number = declaration["number"].as_str().unwrap();
    assert_eq!(number.len(), 18);
    assert!(
        number.starts_with("79012026") || number.starts_with("7901"),
        "{number}"
    );
    assert_eq!(&number[8..9], "1", "an import declaration");
    assert_eq!(declaration["trader_code"], OPERATOR);
    assert!(declaration["lane"].is_string(), "{declaration}");
    assert!(
        declaration["assessment"].is_object(),
        "the risk lane is explained"
    );
    assert_eq!(
        booked["list"]["goods_declaration"]["id"], declaration["id"],
        "the answer links the list to its declaration"
    );
    assert_eq!(
        balances(&server, OPERATOR, BOOK).await,
        [row("M1", "90", "10", "0"), row("M2", "46", "4", "0")]
    );

    // The link both ways: the list names its declaration, the declaration attaches the list.
    let listed = expect_json(
        server
            .get(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/booking-lists/X-1"),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["goods_declaration"]["number"], number);
    let id = declaration["id"].as_str().unwrap();
    let shown = expect_json(
        server
            .get(OPERATOR, &format!("/api/v1/declarations/{id}"))
            .await,
        StatusCode::OK,
    )
    .await;
    let body = &shown["declaration"];
    assert_eq!(body["trade_mode"], "0110");
    assert_eq!(body["documents"][0]["code"], "booking_list");
    assert_eq!(body["documents"][0]["number"], "X-1");
    assert_eq!(body["items"][0]["hs_code"], "8471300000");
    assert_eq!(body["items"][0]["origin_country"], "JPN");
    assert_eq!(body["items"][1]["quantity"], "4");
    let audit = expect_json(
        server
            .get(OPERATOR, &format!("/api/v1/declarations/{id}/audit"))
            .await,
        StatusCode::OK,
    )
    .await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(&actions[..3], ["create", "lodge", "assess_risk"]);

    // A retry answers the first answer; no second declaration.
    let again = server.post(OPERATOR, &path, &body_with_spaces(&exit)).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.text().await.unwrap(), first_text);
    assert_eq!(declaration_count(&server, OPERATOR).await, 1);

    // A declaration that fails validation refuses the booking with its findings: nothing changes.
    let mut bad = exit_body("X-2", &[("M1", "1", "500.00")]);
    bad["goods_declaration"]["currency"] = json!("XXX");
    bad["goods_declaration"]["customs_office"] = json!("0000");
    let refused = expect_json(
        server.post(OPERATOR, &path, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let paths: Vec<&str> = refused["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"/goods_declaration/currency"), "{refused}");
    assert!(
        paths.contains(&"/goods_declaration/customs_office"),
        "{refused}"
    );
    // A line whose value does not add up points at the line.
    let mut mismatch = exit_body("X-2", &[("M1", "2", "500.00")]);
    mismatch["lines"][0]["unit_price"] = json!("1");
    let refused = expect_json(
        server.post(OPERATOR, &path, &mismatch).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused["findings"][0]["path"], "/lines/0/total");
    // More than the book holds: the ledger refuses, and the declaration is not created either.
    let short = expect_json(
        server
            .post(
                OPERATOR,
                &path,
                &exit_body("X-2", &[("M2", "47", "100.00")]),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(short["code"], "insufficient_balance", "{short}");
    // The refused list was not booked.
    let absent = server
        .get(
            OPERATOR,
            &format!("/api/v1/account-books/{BOOK}/booking-lists/X-2"),
        )
        .await;
    assert_eq!(absent.status(), StatusCode::NOT_FOUND);
    assert_eq!(declaration_count(&server, OPERATOR).await, 1);
    assert_eq!(
        balances(&server, OPERATOR, BOOK).await,
        [row("M1", "90", "10", "0"), row("M2", "46", "4", "0")]
    );
    // Only the book's operator declares; another operator does not see the book.
    let hidden = server
        .post(
            OTHER_OPERATOR,
            &path,
            &exit_body("X-3", &[("M1", "1", "1.00")]),
        )
        .await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    let forbidden = server
        .post(
            "officer-7900-001",
            &path,
            &exit_body("X-3", &[("M1", "1", "1.00")]),
        )
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);

    let report = verify(&server).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// The same JSON with the quantity written differently (same content).
fn body_with_spaces(body: &Value) -> Value {
    let mut same = body.clone();
    same["lines"][0]["quantity"] = json!("10.000");
    same
}

#[tokio::test]
async fn display_keeps_goods_bonded_in_the_front_store() {
    let server = ledger_server().await;
    stock_up(&server).await;
    let out = expect_json(
        book_list(
            &server,
            OPERATOR,
            BOOK,
            &list("D-OUT", "display_out", &[("M1", "10")]),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(states(&out["list"]), [2]);
    let items = items_of(&server, OPERATOR, BOOK).await;
    assert_eq!(items[0]["available"], "90");
    assert_eq!(items[0]["displayed"], "10");
    book_list(
        &server,
        OPERATOR,
        BOOK,
        &list("D-BACK", "display_return", &[("M1", "3")]),
    )
    .await;
    // More back than displayed: refused, nothing changes.
    let refused = expect_json(
        book_list(
            &server,
            OPERATOR,
            BOOK,
            &list("D-BACK2", "display_return", &[("M1", "8")]),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused["code"], "insufficient_balance");
    let items = items_of(&server, OPERATOR, BOOK).await;
    assert_eq!(items[0]["available"], "93");
    assert_eq!(items[0]["displayed"], "7");
    // A front-store sale is not a booking list of its own: its 1210 list deducts it.
    let sale = expect_json(
        book_list(
            &server,
            OPERATOR,
            BOOK,
            &list("S-1", "front_store_sale", &[("M1", "1")]),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(sale["code"], "kind_not_offered_here");
    let report = verify(&server).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

fn spare_path(record: &str) -> String {
    format!("/api/v1/account-books/{BOOK}/spare-parts/{record}")
}

async fn spare_move(
    server: &TestServer,
    who: &str,
    id: &str,
    movement: Value,
) -> reqwest::Response {
    server
        .post(
            who,
            &format!("{}/movements", spare_path("SP-1")),
            &json!({"id": id, "movement": movement}),
        )
        .await
}

fn doc(number: &str) -> Value {
    json!({"code": "contract", "number": number})
}

#[tokio::test]
async fn spare_parts_move_under_deadlines_and_officers_see_what_is_overdue() {
    let server = ledger_server().await;
    let record_path = format!("/api/v1/account-books/{BOOK}/spare-parts");
    let record = json!({
        "id": "SP-1", "machine_declaration_no": "790120261000000001", "part_no": "P-100",
        "name": "spindle bearing", "quantity": "5", "document": doc("M-IMPORT-1")
    });
    let recorded = expect_json(
        server.post(OPERATOR, &record_path, &record).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(recorded["in_zone"], "5");
    // Not an import declaration number: refused.
    let mut bad = record.clone();
    bad["id"] = json!("SP-2");
    bad["machine_declaration_no"] = json!("790120260000000001");
    let refused = expect_json(
        server.post(OPERATOR, &record_path, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused["code"], "invalid_declaration_number");
    assert_eq!(
        server.get(OPERATOR, &spare_path("SP-2")).await.status(),
        StatusCode::NOT_FOUND
    );

    let repair = json!({"movement": "repair_out", "document": doc("R-1"), "quantity": "2", "due": "2099-12-31"});
    let out = expect_json(
        spare_move(&server, OPERATOR, "m1", repair.clone()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(out["record"]["in_zone"], "3");
    assert_eq!(out["record"]["obligations"][0]["kind"], "repair_return");
    // The same movement id again: the first answer; with other content: refused.
    let again = spare_move(&server, OPERATOR, "m1", repair).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let reused = expect_json(
        spare_move(
            &server,
            OPERATOR,
            "m1",
            json!({"movement": "return_abroad", "document": doc("X"), "quantity": "1"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(reused["code"], "idempotency_key_reused");

    // Exchange: the faulty part out, a replacement of the same part number in.
    expect_json(
        spare_move(
            &server,
            OPERATOR,
            "m2",
            json!({"movement": "exchange_out", "document": doc("E-1"), "quantity": "1", "due": "2099-06-30"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    for (id, movement, code) in [
        (
            "m3",
            json!({"movement": "exchange_in", "document": doc("E-1b"), "part_no": "P-999", "quantity": "1"}),
            "part_mismatch",
        ),
        (
            "m3",
            json!({"movement": "repair_back", "document": doc("R-1b"), "quantity": "3"}),
            "no_matching_obligation",
        ),
        (
            "m3",
            json!({"movement": "return_abroad", "document": doc("RA-1"), "quantity": "10"}),
            "insufficient_quantity",
        ),
        (
            "m3",
            json!({"movement": "repair_out", "document": doc("R-2"), "quantity": "1", "due": "2020-01-01"}),
            "due_in_past",
        ),
    ] {
        let refused = expect_json(
            spare_move(&server, OPERATOR, id, movement).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(refused["code"], code, "{refused}");
    }
    let unchanged = expect_json(
        server.get(OPERATOR, &spare_path("SP-1")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(unchanged["in_zone"], "2");
    assert_eq!(unchanged["movement_count"], 2);
    let exchanged = expect_json(
        spare_move(
            &server,
            OPERATOR,
            "m3",
            json!({"movement": "exchange_in", "document": doc("E-1b"), "part_no": "P-100", "quantity": "1"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(exchanged["record"]["in_zone"], "3");
    assert_eq!(
        exchanged["record"]["obligations"].as_array().unwrap().len(),
        1
    );

    // Nothing is overdue today; in 2100 the repair is, for the district's officers only.
    let today = expect_json(
        server
            .get("officer-7900-001", "/api/v1/spare-parts/overdue")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(today["items"].as_array().unwrap().len(), 0);
    let later = expect_json(
        server
            .get(
                "officer-7900-001",
                "/api/v1/spare-parts/overdue?as_of=2100-01-05",
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let items = later["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{later}");
    assert_eq!(items[0]["kind"], "repair_return");
    assert_eq!(items[0]["quantity"], "2");
    assert_eq!(items[0]["days_overdue"], 5);
    assert!(
        items[0]["reason"].as_str().unwrap().contains("R-1"),
        "{later}"
    );
    let elsewhere = expect_json(
        server
            .get(
                "officer-8000-001",
                "/api/v1/spare-parts/overdue?as_of=2100-01-05",
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(elsewhere["items"].as_array().unwrap().len(), 0);
    assert_eq!(
        server
            .get(OPERATOR, "/api/v1/spare-parts/overdue")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    // Another operator does not see the record.
    assert_eq!(
        server
            .get(OTHER_OPERATOR, &spare_path("SP-1"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// A duty-free shop book of the operator with 20 bottles of wine and 10 perfumes on hand.
async fn duty_free_shop(server: &TestServer) {
    expect_json(
        server
            .post(
                "officer-7900-001",
                "/api/v1/account-books",
                &json!({
                    "id": SHOP, "enterprise_code": OPERATOR, "place_kind": "duty_free_shop",
                    "document": {"code": "approval", "number": "DF-2026-001"},
                    "items": [item("W1", "2204210000"), item("P1", "3303000090")]
                }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    expect_json(
        book_list(
            server,
            OPERATOR,
            SHOP,
            &list("DF-IN", "first_line_entry", &[("W1", "20"), ("P1", "10")]),
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
                &json!({"id": "DF-P", "book_id": SHOP, "vehicle": "川A00001", "lists": [
                    {"list_id": "DF-IN", "lines": [
                        {"line_no": 1, "material_no": "W1", "quantity": "20"},
                        {"line_no": 2, "material_no": "P1", "quantity": "10"}]}]}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    expect_json(
        server
            .post(
                "officer-7900-001",
                "/api/v1/gate-passes/DF-P/passage",
                &json!({"observed": [{"material_no": "W1", "quantity": "20"}, {"material_no": "P1", "quantity": "10"}]}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
}

fn sale(
    id: &str,
    traveller: &str,
    flight: &str,
    abroad: &str,
    lines: &[(&str, &str, &str)],
) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(i, (m, q, v))| json!({"line_no": i + 1, "material_no": m, "quantity": q, "value_cny": v}))
        .collect();
    json!({"id": id, "traveller_id": traveller, "trip": {"flight": flight, "date": "2026-11-30"},
           "purchases_abroad_cny": abroad, "lines": lines})
}

#[tokio::test]
async fn duty_free_sales_stay_within_the_travellers_allowance() {
    let server = ledger_server().await;
    duty_free_shop(&server).await;
    let path = format!("/api/v1/account-books/{SHOP}/duty-free-sales");
    let sold = expect_json(
        server
            .post(
                OPERATOR,
                &path,
                &sale(
                    "S-1",
                    "E12345678",
                    "CA4401",
                    "3000",
                    &[("W1", "2", "4000.00")],
                ),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(sold["amount_cny"], "4000.00");
    assert_eq!(sold["allowance_cny"], "8000.00");
    assert_eq!(sold["used_cny"], "7000.00");
    assert_eq!(sold["remaining_cny"], "1000.00");
    assert_eq!(states(&sold["list"]), [2]);

    // One fen over: refused, naming the allowance, what was used and what was requested.
    let over = expect_json(
        server
            .post(
                OPERATOR,
                &path,
                &sale(
                    "S-2",
                    "E12345678",
                    "CA4401",
                    "3000",
                    &[("P1", "1", "1000.01")],
                ),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(over["code"], "over_allowance");
    let message = over["detail"].as_str().unwrap();
    for part in ["8000.00", "already used 7000.00", "requested 1000.01"] {
        assert!(message.contains(part), "{message}");
    }
    let items = items_of(&server, OPERATOR, SHOP).await;
    assert_eq!(items[0]["available"], "10", "P1 unchanged");
    assert_eq!(items[1]["available"], "18", "W1 after the first sale only");

    // More stock than the shop has: refused, and the allowance is not used up by it.
    let short = expect_json(
        server
            .post(
                OPERATOR,
                &path,
                &sale("S-3", "E12345678", "CA4401", "0", &[("P1", "11", "500.00")]),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(short["code"], "insufficient_balance");
    let exact = expect_json(
        server
            .post(
                OPERATOR,
                &path,
                &sale("S-3", "E12345678", "CA4401", "0", &[("P1", "1", "1000.00")]),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(exact["remaining_cny"], "0.00");
    // Another trip has its own allowance; money is exact to the fen.
    let bad_money = expect_json(
        server
            .post(
                OPERATOR,
                &path,
                &sale("S-4", "E12345678", "CA4402", "0", &[("P1", "1", "10.001")]),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(bad_money["code"], "invalid_amount");
    assert_eq!(bad_money["findings"][0]["path"], "/lines/0/value_cny");
    expect_json(
        server
            .post(
                OPERATOR,
                &path,
                &sale("S-4", "E12345678", "CA4402", "0", &[("P1", "1", "7999.99")]),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;

    // Two sales of one traveller at the same instant: never together over the allowance.
    let first = sale("C-1", "G99", "MU5001", "0", &[("W1", "1", "5000")]);
    let second = sale("C-2", "G99", "MU5001", "0", &[("W1", "1", "5000")]);
    let (a, b) = tokio::join!(
        server.post(OPERATOR, &path, &first),
        server.post(OPERATOR, &path, &second),
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::UNPROCESSABLE_ENTITY]
    );

    // A zone book sells nothing duty-free.
    let zone = expect_json(
        server
            .post(
                OPERATOR,
                &format!("/api/v1/account-books/{BOOK}/duty-free-sales"),
                &sale("Z-1", "E1", "CA1", "0", &[("M1", "1", "10")]),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        zone.to_string().contains("kind_not_allowed_at_place"),
        "{zone}"
    );
    let report = verify(&server).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[tokio::test]
async fn a_stocktake_lists_differences_and_the_officer_levies_duty_on_shortages() {
    let server = ledger_server().await;
    stock_up(&server).await;
    let path = format!("/api/v1/account-books/{BOOK}/stocktakes");
    // 100 M1 and 50 M2 in the book; 97 and 52 counted.
    let counted = expect_json(
        server
            .post(
                OPERATOR,
                &path,
                &json!({"id": "ST-1", "document": {"code": "stocktake", "number": "ST-1"},
                        "counts": [{"material_no": "M1", "quantity": "97"}, {"material_no": "M2", "quantity": "52"}]}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(counted["status"], "open");
    let differences: Vec<(String, String, String)> = counted["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["material_no"].as_str().unwrap().into(),
                d["kind"].as_str().unwrap().into(),
                d["quantity"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        differences,
        [
            ("M1".into(), "shortage".into(), "3".into()),
            ("M2".into(), "surplus".into(), "2".into())
        ]
    );
    // A count of an unknown item is refused; nothing recorded.
    let unknown = expect_json(
        server
            .post(
                OPERATOR,
                &path,
                &json!({"id": "ST-2", "document": {"code": "stocktake", "number": "ST-2"},
                        "counts": [{"material_no": "M9", "quantity": "1"}]}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(unknown["code"], "unknown_item");
    assert_eq!(
        server.get(OPERATOR, &format!("{path}/ST-2")).await.status(),
        StatusCode::NOT_FOUND
    );

    let decision_path = format!("{path}/ST-1/decision");
    let decision = json!({
        "document": {"code": "decision", "number": "DEC-1"},
        "shortage_list_id": "ST-1-OUT", "surplus_list_id": "ST-1-IN",
        "levy_duty": {
            "goods_declaration": {"customs_office": "7901", "transport_mode": "Y",
                "transport_means": "none", "bill_of_lading": "ST-1", "currency": "USD",
                "packages": 1, "gross_weight_kg": "6", "net_weight_kg": "5"},
            "values": [{"material_no": "M1", "unit_price": "500", "total": "1500"}]
        }
    });
    // Only an officer decides; a decision without the surplus list is refused; nothing changes.
    assert_eq!(
        server
            .post(OPERATOR, &decision_path, &decision)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let mut partial = decision.clone();
    partial.as_object_mut().unwrap().remove("surplus_list_id");
    let refused = expect_json(
        server
            .post("officer-7900-001", &decision_path, &partial)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused["findings"][0]["path"], "/surplus_list_id");
    let mut unpriced = decision.clone();
    unpriced["levy_duty"]["values"] = json!([]);
    let refused = expect_json(
        server
            .post("officer-7900-001", &decision_path, &unpriced)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused["findings"][0]["path"], "/levy_duty/values");
    assert_eq!(
        balances(&server, OPERATOR, BOOK).await,
        [row("M1", "100", "0", "0"), row("M2", "50", "0", "0")]
    );

    let decided = expect_json(
        server
            .post("officer-7900-001", &decision_path, &decision)
            .await,
        StatusCode::OK,
    )
    .await;
    let number = decided["goods_declaration"]["number"].as_str().unwrap();
    assert_eq!(number.len(), 18);
    assert_eq!(decided["goods_declaration"]["trader_code"], OPERATOR);
    assert_eq!(decided["shortage"]["list"]["kind"], "stocktake_decrease");
    assert_eq!(
        decided["shortage"]["list"]["goods_declaration"]["number"],
        number
    );
    assert_eq!(decided["surplus"]["list"]["kind"], "stocktake_increase");
    assert_eq!(
        balances(&server, OPERATOR, BOOK).await,
        [row("M1", "97", "0", "0"), row("M2", "52", "0", "0")]
    );
    // Once: the same decision answers the first answer, another is refused.
    let again = server
        .post("officer-7900-001", &decision_path, &decision)
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    let mut other = decision.clone();
    other["document"]["number"] = json!("DEC-2");
    let conflict = expect_json(
        server
            .post("officer-7900-001", &decision_path, &other)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(conflict["code"], "stocktake_decided");
    let shown = expect_json(
        server.get(OPERATOR, &format!("{path}/ST-1")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(shown["status"], "decided");
    assert_eq!(shown["decision"]["goods_declaration"]["number"], number);
    let report = verify(&server).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
