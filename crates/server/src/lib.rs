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

/// Pending connections the kernel queues for `accept` (the listen backlog). Bursts of new
/// clients (a load generator's 256, a platform's connection pool after a restart) arrive
/// while both cores are busy verifying signatures; with the 128–1,024 of a plain `bind`
/// the queue overflowed and the dropped SYNs were retried only a second later (seen as
/// `ListenOverflows` and 1.2 s parcel latencies in `chuanyu loadgen-cbec`). The kernel caps
/// it at `net.core.somaxconn`.
pub const LISTEN_BACKLOG: u32 = 4_096;

/// Listen on `address` (`host:port`; the first of its addresses that binds) with
/// [`LISTEN_BACKLOG`].
pub async fn listen(address: &str) -> std::io::Result<TcpListener> {
    let mut last = None;
    for addr in tokio::net::lookup_host(address).await? {
        let socket = if addr.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        match socket
            .bind(addr)
            .and_then(|()| socket.listen(LISTEN_BACKLOG))
        {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::AddrNotAvailable,
            format!("{address} resolves to no address"),
        )
    }))
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

#[cfg(test)]
mod listen_tests {
    use super::*;

    #[tokio::test]
    async fn listens_with_the_backlog_and_names_unusable_addresses() {
        let listener = listen("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        assert!(addr.ip().is_loopback() && addr.port() != 0);
        // A second listener on the same port is refused while the first one listens.
        let again = listen(&addr.to_string()).await;
        assert!(again.is_err(), "the port is taken");
        assert!(listen("not an address").await.is_err());
    }
}
