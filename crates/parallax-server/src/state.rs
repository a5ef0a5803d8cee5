//! What every handler shares: the engine (the single writer) behind one lock, a pool of
//! readers beside it, the API token, the public URL and the request counters.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use parallax_engine::{Engine, EngineError, EngineReader, StoreLocation};

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

/// Shared state of the handlers. Writes take the engine's lock; reads take a reader of their
/// own from the pool, so they run in parallel and never wait for a write (the database is in
/// WAL mode: a reader sees the last committed state). Both run on the blocking thread pool.
#[derive(Clone)]
pub(crate) struct AppState {
    engine: Arc<Mutex<Engine>>,
    readers: Arc<ReaderPool>,
    pub(crate) config: Arc<AppConfig>,
    pub(crate) metrics: Arc<Metrics>,
}

impl AppState {
    pub(crate) fn new(engine: Engine, mut config: AppConfig) -> Self {
        config.public_url = config.public_url.trim_end_matches('/').to_string();
        let readers = ReaderPool::new(engine.data_dir().to_path_buf(), engine.store_location().clone());
        Self {
            engine: Arc::new(Mutex::new(engine)),
            readers: Arc::new(readers),
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
        }
    }

    /// Runs a query on a reader off the async threads.
    pub(crate) async fn read<T, F>(&self, query: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&EngineReader) -> Result<T, EngineError> + Send + 'static,
    {
        let readers = Arc::clone(&self.readers);
        let joined = tokio::task::spawn_blocking(move || readers.with_reader(query)).await;
        match joined {
            Ok(result) => result.map_err(ApiError::from),
            Err(join_error) => Err(ApiError::internal(join_error)),
        }
    }

    /// Runs a mutation on the engine off the async threads. Writes are transactional in the
    /// store, so a panic in an earlier call leaves the engine usable: the poisoned lock is
    /// taken over rather than failing every later request. Readers opened before the write
    /// are retired after it, so that the next reads see the new search index too.
    pub(crate) async fn write<T, F>(&self, call: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Engine) -> Result<T, EngineError> + Send + 'static,
    {
        let engine = Arc::clone(&self.engine);
        let readers = Arc::clone(&self.readers);
        let joined = tokio::task::spawn_blocking(move || {
            let mut guard = engine.lock().unwrap_or_else(PoisonError::into_inner);
            let result = call(&mut guard);
            readers.retire_all();
            result
        })
        .await;
        match joined {
            Ok(result) => result.map_err(ApiError::from),
            Err(join_error) => Err(ApiError::internal(join_error)),
        }
    }
}

/// Readers kept open between requests.
const MAX_IDLE_READERS: usize = 16;

/// Open readers of one data directory, each used by one request at a time. A reader belongs
/// to the generation it was opened in; a write starts a new generation.
struct ReaderPool {
    data_dir: PathBuf,
    store: StoreLocation,
    generation: AtomicU64,
    idle: Mutex<Vec<(u64, EngineReader)>>,
}

impl ReaderPool {
    fn new(data_dir: PathBuf, store: StoreLocation) -> Self {
        Self { data_dir, store, generation: AtomicU64::new(0), idle: Mutex::new(Vec::new()) }
    }

    /// Runs `query` on an idle reader of the current generation, or on a new one.
    fn with_reader<T>(&self, query: impl FnOnce(&EngineReader) -> Result<T, EngineError>) -> Result<T, EngineError> {
        let generation = self.generation.load(Ordering::Acquire);
        let idle = {
            let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
            idle.retain(|(opened_in, _)| *opened_in == generation);
            idle.pop()
        };
        let reader = match idle {
            Some((_, reader)) => reader,
            None => EngineReader::open_with_store(&self.data_dir, &self.store)?,
        };
        let result = query(&reader);
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE_READERS && self.generation.load(Ordering::Acquire) == generation {
            idle.push((generation, reader));
        }
        result
    }

    /// Retires every reader open now: the next queries open new ones.
    fn retire_all(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.idle.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use parallax_engine::EngineConfig;

    use super::*;

    #[tokio::test]
    async fn reads_do_not_wait_for_the_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let engine = Engine::open(dir.path(), EngineConfig::default()).expect("engine");
        let state = AppState::new(engine, AppConfig::default());
        // Another thread holds the writer's lock until the read is done.
        let (locked_tx, locked_rx) = mpsc::channel();
        let (done_tx, done_rx) = mpsc::channel::<()>();
        let engine = Arc::clone(&state.engine);
        let writer = std::thread::spawn(move || {
            let _guard = engine.lock().unwrap_or_else(PoisonError::into_inner);
            locked_tx.send(()).expect("send");
            // Gives up after a while so that a failing test ends.
            let _ = done_rx.recv_timeout(Duration::from_secs(10));
        });
        locked_rx.recv().expect("the writer holds the lock");
        let started = std::time::Instant::now();
        let articles = state.read(|reader| reader.count_articles()).await.expect("read");
        assert_eq!(articles, 0);
        assert!(started.elapsed() < Duration::from_secs(5), "the read waited for the writer");
        done_tx.send(()).expect("send");
        writer.join().expect("writer");
    }
}
