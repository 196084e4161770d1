//! Bad input of every kind gets a specific problem and changes nothing (checked by reading back).

use crate::*;
use reqwest::StatusCode;
use serde_json::json;

fn findings(problem: &serde_json::Value) -> Vec<(String, String)> {
    problem["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_validation_finding_comes_at_once_and_nothing_is_stored() {
    let server = TestServer::start().await;
    let mut bad = declaration();
    bad["customs_office"] = json!("1234");
    bad["currency"] = json!("XXX");
    bad["gross_weight_kg"] = json!("5");
    bad["items"][0]["hs_code"] = json!("8599990000");
    bad["items"][1]["total"] = json!("499.00");
    let response = server
        .post(
            "5101230001",
            "/api/v1/declarations",
            &json!({"declaration": bad}),
        )
        .await;
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem = expect_json(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["code"], "validation_failed");
    let found = findings(&problem);
    for expected in [
        ("/customs_office", "unknown_customs_office"),
        ("/currency", "unknown_currency"),
        ("/gross_weight_kg", "gross_less_than_net"),
        ("/items/0/hs_code", "hs_code_not_in_nomenclature"),
        ("/items/1/total", "item_total_mismatch"),
        ("/total_value", "header_total_mismatch"),
    ] {
        assert!(
            found.contains(&(expected.0.into(), expected.1.into())),
            "missing {expected:?} in {found:?}"
        );
    }
    assert_eq!(server.stored_count().await, 0);
}

#[tokio::test]
async fn fifty_one_items_name_the_limit() {
    let server = TestServer::start().await;
    let mut big = declaration();
    let item = big["items"][1].clone();
    big["items"] = json!(vec![item; 51]);
    big["total_value"] = json!("25500.00");
    let problem = expect_json(
        server
            .post(
                "5101230001",
                "/api/v1/declarations",
                &json!({"declaration": big}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["code"], "too_many_items");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("declaration_items_max = 50")
    );
    assert_eq!(server.stored_count().await, 0);
}

#[tokio::test]
async fn malformed_and_mistyped_json_is_400_with_the_field_path() {
    let server = TestServer::start().await;
    let url = format!("{}/api/v1/declarations", server.base);
    let response = server
        .http
        .post(&url)
        .bearer_auth(server.key("5101230001"))
        .header("content-type", "application/json")
        .body("{\"declaration\": {")
        .send()
        .await
        .unwrap();
    let problem = expect_json(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(problem["code"], "malformed_json");

    let mut typed = declaration();
    typed["packages"] = json!("three");
    let problem = expect_json(
        server
            .post(
                "5101230001",
                "/api/v1/declarations",
                &json!({"declaration": typed}),
            )
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(
        findings(&problem),
        vec![(
            "/declaration/packages".to_string(),
            "invalid_field".to_string()
        )]
    );

    let mut unknown = declaration();
    unknown["colour"] = json!("red");
    let problem = expect_json(
        server
            .post(
                "5101230001",
                "/api/v1/declarations",
                &json!({"declaration": unknown}),
            )
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert!(problem["detail"].as_str().unwrap().contains("colour"));
    assert_eq!(server.stored_count().await, 0);
}

#[tokio::test]
async fn oversize_bodies_are_413_naming_the_limit() {
    let server = TestServer::start().await;
    let mut huge = declaration();
    huge["transport_means"] = json!("x".repeat(300 * 1024));
    let problem = expect_json(
        server
            .post(
                "5101230001",
                "/api/v1/declarations",
                &json!({"declaration": huge}),
            )
            .await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    assert_eq!(problem["code"], "body_too_large");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("body_bytes_max")
    );
    assert_eq!(server.stored_count().await, 0);
}

#[tokio::test]
async fn wrong_content_type_and_unknown_routes() {
    let server = TestServer::start().await;
    let response = server
        .http
        .post(format!("{}/api/v1/declarations", server.base))
        .bearer_auth(server.key("5101230001"))
        .body("ie_flag=I")
        .send()
        .await
        .unwrap();
    assert_eq!(
        expect_json(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await["code"],
        "unsupported_media_type"
    );
    let missing = server
        .http
        .get(format!("{}/api/v1/nowhere", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        expect_json(missing, StatusCode::NOT_FOUND).await["code"],
        "not_found"
    );
}

#[tokio::test]
async fn bad_rule_sets_are_refused_whole_with_positions_and_the_active_set_stays() {
    let server = TestServer::start().await;
    let active = server.app.active_rule_set_version();
    let source =
        "rule a: when hs starts_with \"85\" then red\nrule b: when colour = \"x\" then purple\n";
    let problem = expect_json(
        server
            .post(
                "analyst-001",
                "/api/v1/risk/rule-sets",
                &json!({"name": "bad", "source": source}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["code"], "rule_set_invalid");
    let positions: Vec<&str> = problem["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        positions.iter().all(|p| p.starts_with("2:")),
        "{positions:?}"
    );
    assert!(
        positions.len() >= 2,
        "both the unknown field and the unknown lane: {positions:?}"
    );
    assert_eq!(server.app.active_rule_set_version(), active);
    let listed = expect_json(
        server.get("analyst-001", "/api/v1/risk/rule-sets").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "nothing was stored");
}

#[tokio::test]
async fn the_openapi_document_describes_the_routes() {
    let server = TestServer::start().await;
    let document = server
        .http
        .get(format!("{}/api/v1/openapi.json", server.base))
        .send()
        .await
        .unwrap();
    let document = expect_json(document, StatusCode::OK).await;
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/v1/declarations",
        "/api/v1/declarations/{id}/payment",
        "/api/v1/tax/quotes",
        "/api/v1/risk/rule-sets",
    ] {
        assert!(paths.contains_key(path), "missing {path}");
    }
    assert!(document["components"]["schemas"]["DeclarationDto"].is_object());
}

#[tokio::test]
async fn audit_tampering_is_detected() {
    let server = TestServer::start().await;
    let lodged = server.lodge("5101230001", declaration()).await;
    let report = chuanyu_app::audit::verify_store(server.app.store()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.events >= 4);
    // An attacker with file access drops the guard trigger and edits an event.
    let path = server.app.store().database_path().unwrap().to_path_buf();
    let connection = rusqlite::Connection::open(path).unwrap();
    connection
        .execute_batch("DROP TRIGGER audit_events_are_immutable")
        .unwrap();
    let stream = format!("declaration/{}", lodged["id"].as_str().unwrap());
    let changed = connection
        .execute(
            "UPDATE audit_events SET actor = 'someone-else' WHERE stream = ?1 AND seq = 2",
            [&stream],
        )
        .unwrap();
    assert_eq!(changed, 1);
    let report = chuanyu_app::audit::verify_store(server.app.store()).unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems[0].problem, "altered_event");
    assert_eq!(report.problems[0].seq, 2);
}

#[tokio::test]
async fn stored_versions_and_events_refuse_updates() {
    let server = TestServer::start().await;
    server.lodge("5101230001", declaration()).await;
    let connection =
        rusqlite::Connection::open(server.app.store().database_path().unwrap()).unwrap();
    let error = connection
        .execute("UPDATE declaration_versions SET body = '{}'", [])
        .unwrap_err();
    assert!(error.to_string().contains("never updated"), "{error}");
    let error = connection
        .execute("DELETE FROM audit_events", [])
        .unwrap_err();
    assert!(error.to_string().contains("never deleted"), "{error}");
}

#[tokio::test]
async fn a_stream_removed_whole_is_detected() {
    let server = TestServer::start().await;
    let lodged = server.lodge("5101230001", declaration()).await;
    let connection =
        rusqlite::Connection::open(server.app.store().database_path().unwrap()).unwrap();
    connection
        .execute_batch("DROP TRIGGER audit_events_are_kept")
        .unwrap();
    let stream = format!("declaration/{}", lodged["id"].as_str().unwrap());
    let removed = connection
        .execute("DELETE FROM audit_events WHERE stream = ?1", [&stream])
        .unwrap();
    assert!(removed >= 4);
    let report = chuanyu_app::audit::verify_store(server.app.store()).unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems[0].problem, "missing_stream");
    assert_eq!(report.problems[0].stream, stream);
}
