//! Test harness: an app on a temporary data directory, the real HTTP server on port 0, demo keys.

use chuanyu_app::{App, AppOptions};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

pub struct TestServer {
    pub base: String,
    pub app: Arc<App>,
    pub keys: HashMap<String, String>,
    pub http: Client,
    pub dir: tempfile::TempDir,
    /// The signing keys of the CBEC parties (registered with the platform at start).
    pub signers: HashMap<String, chuanyu_ceb::dsig::SigningKey>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

/// The demo's CBEC senders, whose messages tests sign.
pub const CBEC_SENDERS: [&str; 5] = [
    "5101960001",
    "5101960002",
    "5101960003",
    "5101960004",
    "5101230001",
];

impl TestServer {
    /// A fresh data directory with the demo parties, sample tariff and starter rules.
    pub async fn start() -> TestServer {
        TestServer::start_with(AppOptions::default()).await
    }

    /// As [`TestServer::start`], with other options.
    pub async fn start_with(options: AppOptions) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let app = tokio::task::spawn_blocking(move || App::open(&path, options))
            .await
            .unwrap()
            .unwrap();
        let app = Arc::new(app);
        let keys: HashMap<String, String> = app
            .seed_demo()
            .await
            .unwrap()
            .into_iter()
            .map(|k| (k.code, k.key))
            .collect();
        let admin = app.authenticate(&keys["admin"]).await.unwrap();
        let mut signers = HashMap::new();
        for code in CBEC_SENDERS {
            let key = chuanyu_ceb::dsig::SigningKey::generate_sm2();
            let pem = chuanyu_app::keys::NewPartyKey {
                pem: key.public_key_pem(),
            };
            app.register_party_key(&admin, code, pem).await.unwrap();
            signers.insert(code.to_string(), key);
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let limits = chuanyu_server::Limits {
            body_bytes_max: 256 * 1024,
        };
        tokio::spawn(chuanyu_server::serve(
            app.clone(),
            limits,
            listener,
            async {
                let _ = stopped.await;
            },
        ));
        TestServer {
            base,
            app,
            keys,
            http: Client::new(),
            dir,
            signers,
            stop: Some(stop),
        }
    }

    pub fn key(&self, code: &str) -> &str {
        self.keys
            .get(code)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no demo key for {code}"))
    }

    pub async fn post(&self, who: &str, path: &str, body: &Value) -> Response {
        self.http
            .post(format!("{}{path}", self.base))
            .bearer_auth(self.key(who))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_idempotent(
        &self,
        who: &str,
        path: &str,
        key: &str,
        body: &Value,
    ) -> Response {
        self.http
            .post(format!("{}{path}", self.base))
            .bearer_auth(self.key(who))
            .header("idempotency-key", key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, who: &str, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.base))
            .bearer_auth(self.key(who))
            .send()
            .await
            .unwrap()
    }

    /// Lodge and expect 201; returns the declaration view.
    pub async fn lodge(&self, who: &str, declaration: Value) -> Value {
        let response = self
            .post(
                who,
                "/api/v1/declarations",
                &json!({ "declaration": declaration }),
            )
            .await;
        expect_json(response, StatusCode::CREATED).await
    }

    /// Replace the active rule set with `source` (as the risk analyst).
    pub async fn use_rules(&self, source: &str) {
        let uploaded = expect_json(
            self.post(
                "analyst-001",
                "/api/v1/risk/rule-sets",
                &json!({ "name": "test", "source": source }),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let version = uploaded["version"].as_i64().unwrap();
        let path = format!("/api/v1/risk/rule-sets/{version}/activate");
        expect_json(
            self.post("analyst-001", &path, &json!({})).await,
            StatusCode::OK,
        )
        .await;
    }

    /// Every declaration the administrator can see (to check that nothing was stored).
    pub async fn stored_count(&self) -> usize {
        let page = expect_json(
            self.get("admin", "/api/v1/declarations?limit=500").await,
            StatusCode::OK,
        )
        .await;
        page["items"].as_array().unwrap().len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn expect_json(response: Response, status: StatusCode) -> Value {
    let actual = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(actual, status, "body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A valid import declaration of the demo broker for the demo trader, at Chengdu airport.
pub fn declaration() -> Value {
    json!({
        "ie_flag": "I",
        "customs_office": "7901",
        "declarant_code": "5101230001",
        "trader_code": "5101980002",
        "trade_mode": "0110",
        "transport_mode": "5",
        "transport_means": "CA4401",
        "bill_of_lading": "999-12345678",
        "trading_country": "JPN",
        "partner_country": "JPN",
        "currency": "USD",
        "freight": "120.00",
        "insurance": "5.00",
        "packages": 3,
        "gross_weight_kg": "12.5",
        "net_weight_kg": "11",
        "total_value": "1500.00",
        "documents": [{"code": "N", "number": "INV-1"}],
        "items": [
            {"hs_code": "8517130000", "description": "Smartphones", "quantity": "2", "unit": "001",
             "legal_quantity": "2", "legal_unit": "001", "unit_price": "500.00", "total": "1000.00", "origin_country": "JPN"},
            {"hs_code": "8541100000", "description": "Diodes", "quantity": "1000", "unit": "007",
             "legal_quantity": "1000", "legal_unit": "007", "unit_price": "0.50", "total": "500.00", "origin_country": "DEU"}
        ]
    })
}

/// Rules that send wine to inspection, spirits to a documentary check, everything else green.
pub const TEST_RULES: &str = r#"
rule wine-inspection: when hs_heading = "2204" then red because "wine is inspected in this test"
rule spirits-documents: when hs_heading = "2208" then yellow because "spirits get a documentary check"
"#;

/// A one-item wine declaration (red under TEST_RULES).
pub fn wine_declaration() -> Value {
    let mut d = declaration();
    d["total_value"] = json!("240.00");
    d["items"] = json!([
        {"hs_code": "2204210000", "description": "Red wine, 0.75 l bottles", "quantity": "24", "unit": "142",
         "legal_quantity": "18", "legal_unit": "095", "unit_price": "10.00", "total": "240.00", "origin_country": "FRA"}
    ]);
    d
}
