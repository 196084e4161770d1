//! Idempotency keys: a replay returns the first answer; another body under the same key is 422.

use crate::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_replay_returns_the_original_response_and_applies_nothing_twice() {
    let server = TestServer::start().await;
    let body = json!({"declaration": declaration()});
    let first = server
        .post_idempotent("5101230001", "/api/v1/declarations", "order-42", &body)
        .await;
    let first = expect_json(first, StatusCode::CREATED).await;
    let second = server
        .post_idempotent("5101230001", "/api/v1/declarations", "order-42", &body)
        .await;
    assert_eq!(second.headers()["idempotent-replayed"], "true");
    let second = expect_json(second, StatusCode::CREATED).await;
    assert_eq!(first, second);
    assert_eq!(server.stored_count().await, 1);

    let mut other = declaration();
    other["bill_of_lading"] = json!("999-00000000");
    let conflict = server
        .post_idempotent(
            "5101230001",
            "/api/v1/declarations",
            "order-42",
            &json!({"declaration": other}),
        )
        .await;
    let problem = expect_json(conflict, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["code"], "idempotency_key_reused");
    assert_eq!(server.stored_count().await, 1);
}

#[tokio::test]
async fn concurrent_replays_store_one_declaration() {
    let server = std::sync::Arc::new(TestServer::start().await);
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            let response = server
                .post_idempotent(
                    "5101230001",
                    "/api/v1/declarations",
                    "same",
                    &json!({"declaration": declaration()}),
                )
                .await;
            expect_json(response, StatusCode::CREATED).await["id"]
                .as_str()
                .unwrap()
                .to_string()
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every replay names the same declaration");
    assert_eq!(server.stored_count().await, 1);
}

#[tokio::test]
async fn transitions_are_idempotent_too() {
    let server = TestServer::start().await;
    // Rules without random sampling: the starter set's 1 % red / 3 % yellow floor would
    // sometimes send the declaration to a check, and a payment is not the next step then.
    server.use_rules(TEST_RULES).await;
    let lodged = server.lodge("5101230001", declaration()).await;
    let path = format!(
        "/api/v1/declarations/{}/payment",
        lodged["id"].as_str().unwrap()
    );
    let body = json!({"method": "paid", "reference": "BANK-7"});
    let first = expect_json(
        server
            .post_idempotent("5101230001", &path, "pay-1", &body)
            .await,
        StatusCode::OK,
    )
    .await;
    let again = expect_json(
        server
            .post_idempotent("5101230001", &path, "pay-1", &body)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(first, again);
    let audit = expect_json(
        server
            .get(
                "5101230001",
                &format!(
                    "/api/v1/declarations/{}/audit",
                    lodged["id"].as_str().unwrap()
                ),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let payments = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "record_payment")
        .count();
    assert_eq!(payments, 1);
}
