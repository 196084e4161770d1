//! chuanyu-server: the HTTP edge — routes under `/api/v1`, authentication, limits, JSON and
//! problem+json wire formats, and the OpenAPI document generated from the handlers.

pub mod error;
pub mod extract;
pub mod openapi;
pub mod routes;

use axum::Router;
use chuanyu_app::App;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Named limits of the HTTP edge.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest JSON request body (a 50-item declaration is ~25 KiB; rule sets and tariffs are larger).
    pub body_bytes_max: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes_max: 4 * 1024 * 1024,
        }
    }
}

/// What every handler gets.
#[derive(Clone)]
pub struct AppState {
    pub app: Arc<App>,
    pub limits: Arc<Limits>,
}

pub fn router(app: Arc<App>, limits: Limits) -> Router {
    let state = AppState {
        app,
        limits: Arc::new(limits),
    };
    routes::routes().with_state(state)
}

/// Serve until `shutdown` resolves; in-flight requests finish, then the writer drains and stops.
pub async fn serve(
    app: Arc<App>,
    limits: Limits,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = router(app.clone(), limits);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    let drain = app.clone();
    tokio::task::spawn_blocking(move || drain.shutdown())
        .await
        .map_err(std::io::Error::other)?;
    Ok(())
}
