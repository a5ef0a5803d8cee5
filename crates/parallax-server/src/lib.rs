//! The HTTP surface of a data directory: the JSON API (with its OpenAPI document), the web
//! pages, feeds, exports and metrics. The only crate that knows HTTP (axum, tokio, askama);
//! handlers parse, make one engine call and render; no analysis happens here.
//!
//! The engine is the single writer of its data directory; the server holds it behind one lock
//! for writes, and answers reads from a pool of engine readers that never wait for a write.
//! Both run on the blocking thread pool.

mod annotate;
mod api;
mod error;
mod feeds;
mod ingest;
mod links;
mod metrics;
mod pages;
mod params;
mod query;
mod routes;
mod state;
mod timeline;
mod views;

use std::net::{IpAddr, SocketAddr, TcpListener};

pub use api::OPENAPI_JSON;
pub use error::{ApiError, ServerError};
pub use routes::{app, routes};
pub use state::AppConfig;

use parallax_engine::Engine;

/// Where to listen and how to behave.
#[derive(Clone)]
pub struct ServeConfig {
    pub addr: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// The bearer token ingest requires; `None` disables ingest over HTTP.
    pub api_token: Option<String>,
    /// The URL clients reach the server at (behind a proxy); defaults to the listening URL.
    pub public_url: Option<String>,
}

impl std::fmt::Debug for ServeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeConfig")
            .field("addr", &self.addr)
            .field("port", &self.port)
            .field("api_token", &self.api_token.as_ref().map(|_| "<redacted>"))
            .field("public_url", &self.public_url)
            .finish()
    }
}

/// A server bound to its socket, not yet serving.
pub struct Server {
    listener: TcpListener,
    router: axum::Router,
    url: String,
}

impl Server {
    /// Binds the socket (so a port in use fails here, before anything is printed).
    pub fn bind(engine: Engine, config: ServeConfig) -> Result<Self, ServerError> {
        let addr = SocketAddr::new(config.addr, config.port);
        let bind_error = |source| ServerError::Bind { addr: addr.to_string(), source };
        let listener = TcpListener::bind(addr).map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let local = listener.local_addr().map_err(bind_error)?;
        let url = format!("http://{local}");
        let public_url = config.public_url.unwrap_or_else(|| url.clone());
        let router = app(engine, AppConfig { api_token: config.api_token, public_url });
        Ok(Self { listener, router, url })
    }

    /// The URL the server listens on, e.g. `http://127.0.0.1:8080`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Serves until interrupted (Ctrl-C), then finishes the requests under way.
    pub fn run(self) -> Result<(), ServerError> {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(ServerError::Runtime)?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener).map_err(ServerError::Serve)?;
            axum::serve(listener, self.router)
                .with_graceful_shutdown(async {
                    if let Err(error) = tokio::signal::ctrl_c().await {
                        tracing::error!(%error, "cannot listen for Ctrl-C");
                        std::future::pending::<()>().await;
                    }
                    tracing::info!("shutting down");
                })
                .await
                .map_err(ServerError::Serve)
        })
    }
}
