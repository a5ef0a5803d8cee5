//! The JSON API: each handler validates its parameters, makes one engine call and serializes.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use parallax_engine::HitKind;
use parallax_model::{Day, EventReport, Story};
use serde::Serialize;

use crate::ApiError;
use crate::params::{API_DEFAULTS, RawEventQuery, RawSearchQuery, accept};
use crate::query::{ArticleRecord, find_events, load_article};
use crate::state::AppState;

/// `GET /api/events`: one page of events.
#[derive(Debug, Serialize)]
pub(crate) struct EventList {
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub events: Vec<EventSummary>,
}

/// An event in a list: what it is, when, and who covered it; the full report is at
/// `/api/events/{id}`.
#[derive(Debug, Serialize)]
pub(crate) struct EventSummary {
    pub id: String,
    pub title: String,
    pub date: Option<Day>,
    pub outlets: Vec<String>,
    pub article_count: usize,
    pub independent_origin_count: usize,
    pub people: Vec<String>,
    pub places: Vec<String>,
    pub organizations: Vec<String>,
    pub href: String,
}

impl From<&EventReport> for EventSummary {
    fn from(event: &EventReport) -> Self {
        Self {
            id: event.id.0.clone(),
            title: event.title.clone(),
            date: event.date,
            outlets: event.outlets.clone(),
            article_count: event.article_count,
            independent_origin_count: event.independent_origin_count,
            people: event.people.clone(),
            places: event.places.clone(),
            organizations: event.organizations.clone(),
            href: crate::links::event_api(&event.id.0),
        }
    }
}

pub(crate) async fn events(
    State(state): State<AppState>,
    query: Result<Query<RawEventQuery>, QueryRejection>,
) -> Result<Json<EventList>, ApiError> {
    let query = accept(query)?.validate(API_DEFAULTS)?;
    let (offset, limit) = (query.offset, query.limit);
    let page = state.read(move |engine| find_events(engine, &query)).await?;
    Ok(Json(EventList {
        total: page.total,
        offset,
        limit,
        events: page.events.iter().map(EventSummary::from).collect(),
    }))
}

pub(crate) async fn event(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EventReport>, ApiError> {
    Ok(Json(state.read(move |engine| engine.event(&id)).await?))
}

pub(crate) async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ArticleRecord>, ApiError> {
    Ok(Json(state.read(move |engine| load_article(engine, &id)).await?))
}

#[derive(Debug, Serialize)]
pub(crate) struct StoryList {
    pub stories: Vec<Story>,
}

pub(crate) async fn stories(State(state): State<AppState>) -> Result<Json<StoryList>, ApiError> {
    Ok(Json(StoryList { stories: state.read(|engine| engine.stories()).await? }))
}

/// `GET /api/search` answer.
#[derive(Debug, Serialize)]
pub(crate) struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SearchHit {
    /// The article's id (of the article that carries the quote, for a quote).
    pub id: String,
    pub kind: HitKind,
    pub title: String,
    pub outlet: String,
    pub published: String,
    /// Who said it, for a quote.
    pub speaker: Option<String>,
    pub score: f32,
    /// The matching fragment as plain text.
    pub snippet: String,
    /// The same fragment as HTML: the text escaped, matches in `<b>…</b>`.
    pub snippet_html: String,
    pub href: String,
}

pub(crate) async fn search(
    State(state): State<AppState>,
    query: Result<Query<RawSearchQuery>, QueryRejection>,
) -> Result<Json<SearchResults>, ApiError> {
    let query = accept(query)?.validate()?;
    let (text, limit) = (query.text.clone(), query.limit);
    let hits = state.read(move |engine| engine.search(&text, limit)).await?;
    let hits = hits
        .into_iter()
        .map(|hit| {
            let snippet = crate::views::snippet_segments(&hit.snippet_html).into_iter().map(|s| s.text).collect();
            SearchHit {
                href: crate::links::article_api(&hit.id),
                id: hit.id,
                kind: hit.kind,
                title: hit.title,
                outlet: hit.outlet,
                published: hit.published,
                speaker: hit.speaker,
                score: hit.score,
                snippet,
                snippet_html: hit.snippet_html,
            }
        })
        .collect();
    Ok(Json(SearchResults { query: query.text, hits }))
}

#[derive(Debug, Serialize)]
pub(crate) struct Health {
    pub status: &'static str,
    pub articles: usize,
}

/// `GET /healthz`: the data directory answers.
pub(crate) async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let articles = state.read(|engine| engine.count_articles()).await?;
    Ok(Json(Health { status: "ok", articles }))
}

/// `GET /metrics`: Prometheus text format.
pub(crate) async fn metrics(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let (n_articles, n_events) = state.read(|engine| Ok((engine.count_articles()?, engine.count_events()?))).await?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        state.metrics.render(n_articles, n_events),
    ))
}

/// The OpenAPI 3 description of every route.
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

pub(crate) async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}
