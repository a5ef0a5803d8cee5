//! The web pages: askama templates (HTML escaping on), no JavaScript. Article text is always
//! rendered as escaped text, never as HTML.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::ApiError;
use crate::params::{EventQuery, PAGE_DEFAULTS, RawEventQuery, RawSearchQuery, accept};
use crate::query::{find_events, load_article, load_event};
use crate::state::AppState;
use crate::timeline::TimelineView;
use crate::views::{ArticleView, EventCard, EventView, Segment, date_text, snippet_segments};

/// An error shown as an HTML page, with the status and code of [`ApiError`].
pub(crate) struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> Self {
        Self(error)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    code: &'static str,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.log();
        let (status, code) = self.0.status_and_code();
        let page = ErrorPage { status: status.as_u16(), code, message: self.0.public_message() };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(error) => {
                tracing::error!(%error, "cannot render the error page");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
            }
        }
    }
}

fn render(template: &impl Template) -> Result<Html<String>, PageError> {
    template.render().map(Html).map_err(|error| PageError(ApiError::internal(error)))
}

/// The filter form's current values.
#[derive(Debug, Default)]
struct FilterForm {
    from: String,
    to: String,
    entity: String,
    outlet: String,
    q: String,
}

impl From<&EventQuery> for FilterForm {
    fn from(query: &EventQuery) -> Self {
        Self {
            from: query.from.map(|d| d.to_string()).unwrap_or_default(),
            to: query.to.map(|d| d.to_string()).unwrap_or_default(),
            entity: query.entity.clone().unwrap_or_default(),
            outlet: query.outlet.clone().unwrap_or_default(),
            q: query.text.clone().unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    events: Vec<EventCard>,
    total: usize,
    first: usize,
    last: usize,
    filtered: bool,
    form: FilterForm,
    newer_href: Option<String>,
    older_href: Option<String>,
}

pub(crate) async fn index(
    State(state): State<AppState>,
    query: Result<Query<RawEventQuery>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let query = accept(query)?.validate(PAGE_DEFAULTS)?;
    let filtered = query.from.is_some()
        || query.to.is_some()
        || query.entity.is_some()
        || query.outlet.is_some()
        || query.text.is_some();
    let lookup = query.clone();
    let page = state.read(move |engine| find_events(engine, &lookup)).await?;
    let shown_end = (query.offset + page.events.len()).min(page.total);
    let newer_href =
        (query.offset > 0).then(|| format!("/?{}", query.query_string(query.offset.saturating_sub(query.limit))));
    let older_href = (shown_end < page.total).then(|| format!("/?{}", query.query_string(shown_end)));
    render(&IndexPage {
        events: page.events.iter().map(EventCard::from).collect(),
        total: page.total,
        first: if page.events.is_empty() { 0 } else { query.offset + 1 },
        last: shown_end,
        filtered,
        form: FilterForm::from(&query),
        newer_href,
        older_href,
    })
}

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    event: EventView,
    /// The story around the event, when it has more than this event.
    timeline: Option<TimelineView>,
}

pub(crate) async fn event(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>, PageError> {
    let (report, metas, story) = state.read(move |engine| load_event(engine, &id)).await?;
    let timeline = story.and_then(|story| TimelineView::new(&story, &report.id));
    render(&EventPage { event: EventView::new(&report, &metas), timeline })
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    article: ArticleView,
}

pub(crate) async fn article(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>, PageError> {
    let record = state.read(move |engine| load_article(engine, &id)).await?;
    render(&ArticlePage { article: ArticleView::from(&record) })
}

/// One search result on the search page.
struct SearchResult {
    href: String,
    title: String,
    /// Who said it, for a quote.
    speaker: Option<String>,
    outlet: String,
    date: String,
    segments: Vec<Segment>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    q: String,
    searched: bool,
    results: Vec<SearchResult>,
}

pub(crate) async fn search(
    State(state): State<AppState>,
    query: Result<Query<RawSearchQuery>, QueryRejection>,
) -> Result<Html<String>, PageError> {
    let Some(query) = accept(query)?.validate_optional()? else {
        return render(&SearchPage { q: String::new(), searched: false, results: Vec::new() });
    };
    let (text, limit) = (query.text.clone(), query.limit);
    let hits = state.read(move |engine| engine.search(&text, limit)).await?;
    let results = hits
        .iter()
        .map(|hit| SearchResult {
            href: crate::links::article_page(&hit.id),
            title: if hit.title.is_empty() { hit.id.clone() } else { hit.title.clone() },
            speaker: hit.speaker.clone().filter(|s| !s.is_empty()),
            outlet: if hit.outlet.is_empty() { "outlet unknown".to_string() } else { hit.outlet.clone() },
            date: if hit.published.is_empty() { date_text(None) } else { hit.published.clone() },
            segments: snippet_segments(&hit.snippet_html),
        })
        .collect();
    render(&SearchPage { q: query.text, searched: true, results })
}

/// The site icon: two offset bars, the parallax of one event seen from two outlets.
const FAVICON_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f5fbf"/><rect x="7" y="9" width="13" height="5" rx="2.5" fill="#fff"/><rect x="12" y="18" width="13" height="5" rx="2.5" fill="#fff" opacity=".75"/></svg>"##;

pub(crate) async fn favicon() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], FAVICON_SVG)
}

/// The page for a path that matches no route.
pub(crate) fn not_found(path: &str) -> Response {
    PageError(ApiError::RouteNotFound { path: path.to_string() }).into_response()
}
