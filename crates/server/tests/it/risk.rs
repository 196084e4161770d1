//! Rule sets through the API: hot activation, back-testing a candidate next to the active set.

use crate::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn activation_changes_the_lane_of_the_next_declaration_without_a_restart() {
    let server = TestServer::start().await;
    server.use_rules(TEST_RULES).await;
    assert_eq!(
        server.lodge("5101230001", wine_declaration()).await["lane"],
        "red"
    );
    server.use_rules("rule wine-documents: when hs_heading = \"2204\" then yellow because \"documents only\"").await;
    let lodged = server.lodge("5101230001", wine_declaration()).await;
    assert_eq!(lodged["lane"], "yellow");
    assert_eq!(lodged["assessment"]["assessment"]["rule_set_version"], 3);
    let sets = expect_json(
        server.get("analyst-001", "/api/v1/risk/rule-sets").await,
        StatusCode::OK,
    )
    .await;
    let statuses: Vec<&str> = sets
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["retired", "retired", "active"]);
}

#[tokio::test]
async fn a_backtest_reports_the_candidate_next_to_the_active_set() {
    let server = TestServer::start().await;
    server.use_rules(TEST_RULES).await;
    let red = server.lodge("5101230001", wine_declaration()).await;
    server.lodge("5101230001", declaration()).await;
    server.lodge("5101230001", declaration()).await;
    // The wine was inspected and found misdeclared.
    let path = format!(
        "/api/v1/declarations/{}/control-result",
        red["id"].as_str().unwrap()
    );
    expect_json(
        server
            .post(
                "officer-7900-001",
                &path,
                &json!({"compliant": false, "remarks": "undeclared bottles"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let candidate = expect_json(
        server
            .post(
                "analyst-001",
                "/api/v1/risk/rule-sets",
                &json!({"name": "phones", "source": "rule phones: when hs starts_with \"8517\" then yellow because \"phones\""}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let today = red["lodged_at"].as_str().unwrap()[..10].to_string();
    let body = json!({
        "candidate_version": candidate["version"], "from": "2020-01-01", "to": "2099-12-31", "on": today,
    });
    let report = expect_json(
        server
            .post("analyst-001", "/api/v1/risk/backtests", &body)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(report["declarations"], 3);
    assert_eq!(report["candidate"]["rules"]["phones"]["hits"], 2);
    assert_eq!(report["candidate"]["lanes"]["yellow"]["declarations"], 2);
    assert_eq!(report["active"]["rules"]["wine-inspection"]["hits"], 1);
    assert_eq!(report["active"]["rules"]["wine-inspection"]["findings"], 1);
    assert_eq!(report["active"]["inspected"], 1);
    let traders = expect_json(
        server
            .post("5101230001", "/api/v1/risk/backtests", &body)
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(traders["code"], "forbidden");
}
