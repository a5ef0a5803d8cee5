//! The route table: the router is built from it alone, so the OpenAPI document can be checked
//! against every route the server answers.

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::{HeaderValue, Method, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use axum::{Router, middleware};
use parallax_engine::Engine;

use crate::state::{AppConfig, AppState};
use crate::{ApiError, api, feeds, ingest, metrics, pages};

/// One route: method, path (axum syntax; `{*id}` takes the rest of the path) and handler.
struct Route {
    method: Method,
    path: &'static str,
    handler: MethodRouter<AppState>,
}

impl Route {
    fn get<H: Handler<T, AppState>, T: 'static>(path: &'static str, handler: H) -> Self {
        Self { method: Method::GET, path, handler: get(handler) }
    }

    fn post<H: Handler<T, AppState>, T: 'static>(path: &'static str, handler: H) -> Self {
        Self { method: Method::POST, path, handler: post(handler) }
    }
}

fn table() -> Vec<Route> {
    vec![
        Route::get("/", pages::index),
        Route::get("/events/{id}", pages::event),
        Route::get("/articles/{*id}", pages::article),
        Route::get("/search", pages::search),
        Route::get("/api/events", api::events),
        Route::get("/api/events/{id}", api::event),
        Route::get("/api/articles/{*id}", api::article),
        Route::post("/api/articles", ingest::post_articles.layer(DefaultBodyLimit::max(ingest::MAX_BODY_BYTES))),
        Route::get("/api/stories", api::stories),
        Route::get("/api/search", api::search),
        Route::get("/feeds/events.atom", feeds::atom),
        Route::get("/feeds/events.json", feeds::json_feed),
        Route::get("/export/events.jsonl", feeds::export_jsonl),
        Route::get("/export/events.csv", feeds::export_csv),
        Route::get("/healthz", api::health),
        Route::get("/metrics", api::metrics),
        Route::get("/openapi.json", api::openapi),
        Route::get("/favicon.svg", pages::favicon),
    ]
}

/// Every route the server answers, as (method, path in axum syntax).
pub fn routes() -> Vec<(Method, &'static str)> {
    table().into_iter().map(|route| (route.method, route.path)).collect()
}

/// The whole application over one engine: API, pages, feeds, exports, metrics.
pub fn app(engine: Engine, config: AppConfig) -> Router {
    let state = AppState::new(engine, config);
    let mut router = Router::new();
    for route in table() {
        router = router.route(route.path, route.handler);
    }
    router
        .fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

/// API paths answer in JSON, everything else with an HTML page.
fn is_api(uri: &Uri) -> bool {
    uri.path().starts_with("/api/")
}

async fn fallback(uri: Uri) -> Response {
    let path: String = uri.path().chars().take(200).collect();
    if is_api(&uri) { ApiError::RouteNotFound { path }.into_response() } else { pages::not_found(&path) }
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    let error = ApiError::MethodNotAllowed { method: method.to_string() };
    if is_api(&uri) { error.into_response() } else { pages::PageError::from(error).into_response() }
}

/// Defence in depth: pages run no script at all, and browsers do not guess content types.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; \
             base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}
