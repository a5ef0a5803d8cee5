//! What every handler shares: the engine behind one lock, the API token, the public URL and
//! the request counters.

use std::sync::{Arc, Mutex, PoisonError};

use parallax_engine::{Engine, EngineError};

use crate::ApiError;
use crate::metrics::Metrics;

/// Settings of the application, independent of the socket it is served on.
#[derive(Clone, Default)]
pub struct AppConfig {
    /// The bearer token that `POST /api/articles` requires; `None` disables ingest over HTTP.
    pub api_token: Option<String>,
    /// The URL the server is reached at, without a trailing slash; feeds link to it.
    pub public_url: String,
}

impl std::fmt::Debug for AppConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppConfig")
            .field("api_token", &self.api_token.as_ref().map(|_| "<redacted>"))
            .field("public_url", &self.public_url)
            .finish()
    }
}

/// Shared state of the handlers. The engine is the single writer of its data directory and
/// its connection is not shareable between threads, so every call (read or write) takes the
/// one lock, on the blocking thread pool.
#[derive(Clone)]
pub(crate) struct AppState {
    engine: Arc<Mutex<Engine>>,
    pub(crate) config: Arc<AppConfig>,
    pub(crate) metrics: Arc<Metrics>,
}

impl AppState {
    pub(crate) fn new(engine: Engine, mut config: AppConfig) -> Self {
        config.public_url = config.public_url.trim_end_matches('/').to_string();
        Self { engine: Arc::new(Mutex::new(engine)), config: Arc::new(config), metrics: Arc::new(Metrics::default()) }
    }

    /// Runs a query on the engine off the async threads.
    pub(crate) async fn read<T, F>(&self, query: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> Result<T, EngineError> + Send + 'static,
    {
        self.write(move |engine| query(engine)).await
    }

    /// Runs a mutation on the engine off the async threads. Writes are transactional in the
    /// store, so a panic in an earlier call leaves the engine usable: the poisoned lock is
    /// taken over rather than failing every later request.
    pub(crate) async fn write<T, F>(&self, call: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Engine) -> Result<T, EngineError> + Send + 'static,
    {
        let engine = Arc::clone(&self.engine);
        let joined = tokio::task::spawn_blocking(move || {
            let mut guard = engine.lock().unwrap_or_else(PoisonError::into_inner);
            call(&mut guard)
        })
        .await;
        match joined {
            Ok(result) => result.map_err(ApiError::from),
            Err(join_error) => Err(ApiError::internal(join_error)),
        }
    }
}
