//! The lifecycle through HTTP: lodge → assess → inspect → pay → release; amendment; cancellation; numbering.

use crate::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn green_declaration_is_numbered_assessed_taxed_and_released_after_payment() {
    let server = TestServer::start().await;
    server.use_rules(TEST_RULES).await;
    let lodged = server.lodge("5101230001", declaration()).await;
    let number = lodged["number"].as_str().unwrap();
    assert_eq!(number.len(), 18);
    assert!(
        number.starts_with("790120261") || number.starts_with("790120271"),
        "{number}"
    );
    assert_eq!(lodged["lane"], "green");
    assert_eq!(lodged["state"], "tax_assessed");
    let payable: rust_decimal::Decimal =
        lodged["tax_payable_cny"].as_str().unwrap().parse().unwrap();
    assert!(
        payable > rust_decimal::Decimal::ZERO,
        "smartphones and diodes pay VAT at least"
    );
    assert!(
        lodged["tax"].is_null(),
        "the lodgement answer is compact; the explanation is read back"
    );
    let id = lodged["id"].as_str().unwrap();
    let read = expect_json(
        server
            .get("5101230001", &format!("/api/v1/declarations/{id}"))
            .await,
        StatusCode::OK,
    )
    .await;
    let quoted: rust_decimal::Decimal = read["tax"]["total_payable"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(quoted, payable);
    assert_eq!(
        read["tax"]["items"].as_array().unwrap().len(),
        2,
        "explained item by item"
    );
    assert_eq!(read["assessment"]["lane"], "green");
    assert_eq!(read["declaration"]["items"][0]["hs_code"], "8517130000");
    assert!(
        lodged["assessment"]["reason"]
            .as_str()
            .unwrap()
            .contains("green")
    );

    let paid = expect_json(
        server
            .post(
                "5101230001",
                &format!("/api/v1/declarations/{id}/payment"),
                &json!({"method": "paid", "reference": "BANK-1"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(paid["state"], "released");

    let audit = expect_json(
        server
            .get("5101230001", &format!("/api/v1/declarations/{id}/audit"))
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
    assert_eq!(
        actions,
        [
            "create",
            "lodge",
            "assess_risk",
            "assess_tax",
            "record_payment",
            "release"
        ]
    );
    assert_eq!(
        audit[2]["payload"]["lane"], "green",
        "the assessment is stored with its audit event"
    );
    assert_eq!(audit[5]["actor"], "system");
    for pair in audit.as_array().unwrap().windows(2) {
        assert_eq!(
            pair[1]["prev_hash"], pair[0]["hash"],
            "events are hash-linked"
        );
    }
}

#[tokio::test]
async fn red_declaration_waits_for_the_inspection_result_then_is_taxed_and_released() {
    let server = TestServer::start().await;
    server.use_rules(TEST_RULES).await;
    let lodged = server.lodge("5101230001", wine_declaration()).await;
    assert_eq!(lodged["lane"], "red");
    assert_eq!(lodged["state"], "physical_inspection");
    let hits = lodged["assessment"]["assessment"]["hits"]
        .as_array()
        .unwrap();
    assert_eq!(hits[0]["rule_id"], "wine-inspection");
    assert_eq!(hits[0]["selected"], true);
    let id = lodged["id"].as_str().unwrap();

    // Payment before the inspection is refused and changes nothing.
    let early = server
        .post(
            "5101230001",
            &format!("/api/v1/declarations/{id}/payment"),
            &json!({"method": "paid", "reference": "B"}),
        )
        .await;
    let problem = expect_json(early, StatusCode::CONFLICT).await;
    assert_eq!(problem["code"], "transition_not_allowed");
    // The declarant cannot record an inspection result; another district's officer cannot see it.
    let result = json!({"compliant": true, "remarks": "opened 2 cartons, as declared"});
    let path = format!("/api/v1/declarations/{id}/control-result");
    expect_json(
        server.post("5101230001", &path, &result).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    expect_json(
        server.post("officer-8000-001", &path, &result).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    let inspected = expect_json(
        server.post("officer-7900-001", &path, &result).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(inspected["state"], "tax_assessed");
    let released = expect_json(
        server
            .post(
                "5101230001",
                &format!("/api/v1/declarations/{id}/payment"),
                &json!({"method": "guaranteed", "reference": "G-1"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(released["state"], "released");
    let audit = expect_json(
        server
            .get(
                "officer-7900-001",
                &format!("/api/v1/declarations/{id}/audit"),
            )
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
    assert_eq!(
        actions,
        [
            "create",
            "lodge",
            "assess_risk",
            "route_to_inspection",
            "record_compliant_result",
            "assess_tax",
            "record_payment",
            "release"
        ]
    );
    assert_eq!(audit[4]["actor"], "officer-7900-001");
}

#[tokio::test]
async fn a_finding_detains_the_goods_and_counts_against_the_trader() {
    let server = TestServer::start().await;
    server.use_rules(TEST_RULES).await;
    let lodged = server.lodge("5101230001", wine_declaration()).await;
    let id = lodged["id"].as_str().unwrap();
    let path = format!("/api/v1/declarations/{id}/control-result");
    let result = json!({"compliant": false, "remarks": "48 bottles found, 24 declared"});
    let detained = expect_json(
        server.post("officer-7900-001", &path, &result).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(detained["state"], "detained");
    let hits = server
        .app
        .store()
        .read(|tx| Ok(tx.party_by_code("5101980002")?.unwrap().prior_hits))
        .unwrap();
    assert_eq!(hits, 1, "the finding is part of the trader's risk history");
    let refused = expect_json(
        server
            .post(
                "officer-7900-001",
                &format!("/api/v1/declarations/{id}/refuse"),
                &json!({"reason": "misdeclared quantity"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(refused["state"], "refused");
}

#[tokio::test]
async fn amendment_creates_a_new_version_and_keeps_the_old_one() {
    let server = TestServer::start().await;
    server.use_rules(TEST_RULES).await;
    let lodged = server.lodge("5101230001", wine_declaration()).await;
    let id = lodged["id"].as_str().unwrap();
    let mut amended = wine_declaration();
    amended["items"][0]["quantity"] = json!("48");
    amended["items"][0]["total"] = json!("480.00");
    amended["total_value"] = json!("480.00");
    let path = format!("/api/v1/declarations/{id}/amendments");
    let view = expect_json(
        server
            .post(
                "5101230001",
                &path,
                &json!({"declaration": amended, "reason": "quantity corrected"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(view["version"], 2);
    assert_eq!(view["number"], lodged["number"], "the number stays");
    assert_eq!(view["lane"], "red", "an amendment never lowers the lane");
    assert_eq!(view["declaration"]["items"][0]["quantity"], "48");
    let first = expect_json(
        server
            .get(
                "5101230001",
                &format!("/api/v1/declarations/{id}/versions/1"),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        first["items"][0]["quantity"], "24",
        "version 1 is kept unchanged"
    );
    // The customs office cannot change by amendment.
    let mut moved = wine_declaration();
    moved["customs_office"] = json!("8001");
    let problem = expect_json(
        server
            .post(
                "5101230001",
                &path,
                &json!({"declaration": moved, "reason": "move"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["code"], "immutable_on_amendment");
    let again = expect_json(
        server
            .get("5101230001", &format!("/api/v1/declarations/{id}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["version"], 2, "a refused amendment changes nothing");
}

#[tokio::test]
async fn cancellation_needs_a_reason_and_is_final() {
    let server = TestServer::start().await;
    server.use_rules(TEST_RULES).await;
    let lodged = server.lodge("5101230001", wine_declaration()).await;
    let id = lodged["id"].as_str().unwrap();
    let path = format!("/api/v1/declarations/{id}/cancel");
    let problem = expect_json(
        server
            .post("5101230001", &path, &json!({"reason": "  "}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["code"], "missing_field");
    let cancelled = expect_json(
        server
            .post("5101230001", &path, &json!({"reason": "shipment lost"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cancelled["state"], "cancelled");
    let again = expect_json(
        server
            .post("5101230001", &path, &json!({"reason": "twice"}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(again["code"], "transition_not_allowed");
    assert!(again["detail"].as_str().unwrap().contains("cancelled"));
}

#[tokio::test]
async fn drafts_get_no_number_until_lodged() {
    let server = TestServer::start().await;
    let response = server
        .post(
            "5101230001",
            "/api/v1/declarations",
            &json!({"declaration": declaration(), "lodge": false}),
        )
        .await;
    let draft = expect_json(response, StatusCode::CREATED).await;
    assert_eq!(draft["state"], "draft");
    assert!(draft["number"].is_null());
    let id = draft["id"].as_str().unwrap();
    let lodged = expect_json(
        server
            .post(
                "5101230001",
                &format!("/api/v1/declarations/{id}/lodge"),
                &json!({}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(lodged["number"].as_str().unwrap().len(), 18);
}

#[tokio::test]
async fn without_an_active_rule_set_every_declaration_gets_a_documentary_check() {
    let server = TestServer::start().await;
    let version = server.app.active_rule_set_version().unwrap();
    expect_json(
        server
            .post(
                "analyst-001",
                &format!("/api/v1/risk/rule-sets/{version}/retire"),
                &json!({}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let lodged = server.lodge("5101230001", declaration()).await;
    assert_eq!(lodged["lane"], "yellow");
    assert_eq!(lodged["state"], "documentary_check");
    assert!(
        lodged["assessment"]["reason"]
            .as_str()
            .unwrap()
            .contains("no rule set is active")
    );
}

#[tokio::test]
async fn numbers_are_gap_free_per_office_under_concurrency() {
    let server = std::sync::Arc::new(TestServer::start().await);
    let mut tasks = Vec::new();
    for _ in 0..40 {
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            server.lodge("5101230001", declaration()).await
        }));
    }
    let mut sequences = Vec::new();
    for task in tasks {
        let view = task.await.unwrap();
        sequences.push(
            view["number"].as_str().unwrap()[9..]
                .parse::<u64>()
                .unwrap(),
        );
    }
    sequences.sort();
    assert_eq!(sequences, (1..=40).collect::<Vec<_>>());
}
