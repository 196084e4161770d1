//! Authentication and per-party visibility: 401 without a valid key, 404 for another's document.

use crate::*;
use reqwest::StatusCode;

#[tokio::test]
async fn requests_without_a_valid_key_are_401() {
    let server = TestServer::start().await;
    let url = format!("{}/api/v1/declarations", server.base);
    let missing = server.http.get(&url).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        missing.headers()["content-type"],
        "application/problem+json"
    );
    let wrong = server
        .http
        .get(&url)
        .bearer_auth("cy_not-a-key")
        .send()
        .await
        .unwrap();
    let problem = expect_json(wrong, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["code"], "unauthenticated");
}

#[tokio::test]
async fn parties_see_their_own_and_officers_their_district() {
    let server = TestServer::start().await;
    let lodged = server.lodge("5101230001", declaration()).await;
    let path = format!("/api/v1/declarations/{}", lodged["id"].as_str().unwrap());
    expect_json(server.get("5101230001", &path).await, StatusCode::OK).await;
    expect_json(server.get("5101980002", &path).await, StatusCode::OK).await;
    expect_json(server.get("officer-7900-001", &path).await, StatusCode::OK).await;
    let other = expect_json(server.get("5000980003", &path).await, StatusCode::NOT_FOUND).await;
    assert_eq!(other["code"], "not_found");
    expect_json(
        server.get("officer-8000-001", &path).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let audit = format!("{path}/audit");
    expect_json(
        server.get("5000980003", &audit).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let absent = expect_json(
        server
            .get("5000980003", "/api/v1/declarations/does-not-exist")
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(
        absent, other,
        "another's document and a missing one answer alike"
    );
    let listed = expect_json(
        server.get("5000980003", "/api/v1/declarations").await,
        StatusCode::OK,
    )
    .await;
    assert!(listed["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_party_cannot_lodge_for_someone_else() {
    let server = TestServer::start().await;
    let response = server
        .post(
            "5000980003",
            "/api/v1/declarations",
            &serde_json::json!({"declaration": declaration()}),
        )
        .await;
    let problem = expect_json(response, StatusCode::FORBIDDEN).await;
    assert_eq!(problem["code"], "forbidden");
    let officer = server
        .post(
            "officer-7900-001",
            "/api/v1/declarations",
            &serde_json::json!({"declaration": declaration()}),
        )
        .await;
    expect_json(officer, StatusCode::FORBIDDEN).await;
    assert_eq!(server.stored_count().await, 0);
}

#[tokio::test]
async fn only_analysts_manage_rule_sets() {
    let server = TestServer::start().await;
    let body = serde_json::json!({"name": "x", "source": TEST_RULES});
    expect_json(
        server
            .post("5101230001", "/api/v1/risk/rule-sets", &body)
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    expect_json(
        server
            .post("analyst-001", "/api/v1/risk/rule-sets", &body)
            .await,
        StatusCode::CREATED,
    )
    .await;
}
