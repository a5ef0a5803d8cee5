//! In-process tests of every route: a data directory built from the example corpus in a
//! temporary directory, requests sent to the router directly (no network).

mod api;
mod architecture;
mod feeds;
mod ingest;
mod openapi;
mod pages;
mod security;

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use parallax_engine::{Engine, EngineConfig, NoProgress, read_inputs};
use parallax_server::{AppConfig, app};
use tempfile::TempDir;
use tower::ServiceExt;

pub const TOKEN: &str = "test-token-0123456789";

/// A server over a data directory that lives as long as the fixture.
pub struct Fixture {
    _dir: TempDir,
    pub app: Router,
}

pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

/// The example corpus ingested; ingest over HTTP enabled with [`TOKEN`].
pub fn corpus() -> Fixture {
    fixture(true, Some(TOKEN))
}

/// A data directory, with the corpus in it or empty, and the API token to require.
pub fn fixture(with_corpus: bool, api_token: Option<&str>) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = EngineConfig::default();
    let mut engine = Engine::open(&dir.path().join("data"), config.clone()).expect("open engine");
    if with_corpus {
        let inputs = read_inputs(&[corpus_dir()], &config.ingest, &NoProgress);
        let summary = engine.ingest(inputs, &NoProgress).expect("ingest corpus");
        assert_eq!(summary.articles_total, 11);
    }
    let config = AppConfig { api_token: api_token.map(str::to_string), public_url: "https://parallax.example/".into() };
    Fixture { _dir: dir, app: app(engine, config) }
}

/// A response, its body as text.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// Asserts a JSON error with this status and code, and returns its message.
    pub fn error(&self, status: StatusCode, code: &str) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        let json = self.json();
        assert_eq!(json["error"]["code"], code, "{}", self.body);
        json["error"]["message"].as_str().expect("message").to_string()
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
    Answer { status, headers, body: String::from_utf8(bytes.to_vec()).expect("UTF-8 body") }
}

pub async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::builder().uri(uri).body(Body::empty()).expect("request")).await
}

pub async fn post_json(app: &Router, uri: &str, token: Option<&str>, body: &str) -> Answer {
    let mut request = Request::builder().method(Method::POST).uri(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    send(app, request.body(Body::from(body.to_string())).expect("request")).await
}

/// The corpus events by date: each of its three events falls on its own day (titles are the
/// report's choice and may change; the days are the corpus's).
pub const MARENPORT: &str = "2025-03-14";
pub const FLOOD: &str = "2025-04-08";
pub const PORT_LYSA: &str = "2025-05-20";

/// The id of the corpus event dated `day`.
pub async fn event_id(app: &Router, day: &str) -> String {
    let list = get(app, "/api/events").await.json();
    list["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["date"].as_str() == Some(day))
        .and_then(|e| e["id"].as_str())
        .unwrap_or_else(|| panic!("no event dated {day}: {list}"))
        .to_string()
}
