//! Request counters by route and status, and their Prometheus text exposition.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Mutex, PoisonError};

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// The route label of requests that matched no route (kept constant: low cardinality).
const UNMATCHED: &str = "unmatched";

/// Requests served, by route template and status code.
#[derive(Debug, Default)]
pub(crate) struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
}

impl Metrics {
    pub(crate) fn record(&self, route: &str, status: u16) {
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        *requests.entry((route.to_string(), status)).or_insert(0) += 1;
    }

    /// The Prometheus text format (version 0.0.4).
    pub(crate) fn render(&self, n_articles: usize, n_events: usize) -> String {
        let mut out = String::new();
        out.push_str("# HELP parallax_http_requests_total HTTP requests served, by route and status.\n");
        out.push_str("# TYPE parallax_http_requests_total counter\n");
        let requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        for ((route, status), count) in requests.iter() {
            let _ = writeln!(
                out,
                "parallax_http_requests_total{{route=\"{}\",status=\"{status}\"}} {count}",
                label_value(route)
            );
        }
        drop(requests);
        out.push_str("# HELP parallax_articles Articles in the data directory.\n");
        out.push_str("# TYPE parallax_articles gauge\n");
        let _ = writeln!(out, "parallax_articles {n_articles}");
        out.push_str("# HELP parallax_events Events in the data directory.\n");
        out.push_str("# TYPE parallax_events gauge\n");
        let _ = writeln!(out, "parallax_events {n_events}");
        out
    }
}

/// Escapes a label value as the exposition format requires.
fn label_value(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Middleware: counts every response under its route template and logs it.
pub(crate) async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or(UNMATCHED, MatchedPath::as_str).to_string();
    let method = request.method().clone();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    state.metrics.record(&route, status);
    tracing::info!(%method, %route, status, elapsed_ms = started.elapsed().as_millis() as u64, "request");
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_gauges() {
        let metrics = Metrics::default();
        metrics.record("/api/events", 200);
        metrics.record("/api/events", 200);
        metrics.record("we\"ird", 404);
        let text = metrics.render(11, 3);
        assert!(text.contains("parallax_http_requests_total{route=\"/api/events\",status=\"200\"} 2\n"));
        assert!(text.contains("route=\"we\\\"ird\",status=\"404\"} 1\n"));
        assert!(text.contains("parallax_articles 11\n"));
        assert!(text.contains("parallax_events 3\n"));
    }
}
