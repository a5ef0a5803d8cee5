//! Event selection by date range, entity, outlet and text, with paging. A query over the
//! engine's read API, kept out of the handlers (a candidate to move into parallax-engine).

use std::collections::BTreeSet;

use parallax_engine::{Engine, EngineError};
use parallax_model::{ArticleId, ArticleView, Day, EventId, EventReport};

use crate::params::{EventQuery, Order};

/// One page of the events that pass a filter.
#[derive(Debug, Clone)]
pub(crate) struct EventPage {
    /// How many events pass the filter, over all pages.
    pub total: usize,
    pub events: Vec<EventReport>,
}

/// The events that pass `query`, in its order, cut to its page.
pub(crate) fn find_events(engine: &Engine, query: &EventQuery) -> Result<EventPage, EngineError> {
    let matching_articles = match &query.text {
        Some(text) => {
            let n_articles = engine.count_articles()?;
            let hits = engine.search(text, n_articles)?;
            Some(hits.into_iter().map(|hit| ArticleId(hit.id)).collect::<BTreeSet<_>>())
        }
        None => None,
    };
    Ok(select_events(engine.events()?, query, matching_articles.as_ref()))
}

/// The pure part of [`find_events`]: `events` in the engine's order (by date, undated last).
pub(crate) fn select_events(
    events: Vec<EventReport>,
    query: &EventQuery,
    matching_articles: Option<&BTreeSet<ArticleId>>,
) -> EventPage {
    let entity = query.entity.as_deref().map(str::to_lowercase);
    let outlet = query.outlet.as_deref().map(str::to_lowercase);
    let mut selected: Vec<EventReport> = events
        .into_iter()
        .filter(|event| {
            let in_range = match (query.from, query.to, event.date) {
                (None, None, _) => true,
                (_, _, None) => false,
                (from, to, Some(date)) => from.is_none_or(|f| date >= f) && to.is_none_or(|t| date <= t),
            };
            in_range
                && entity.as_deref().is_none_or(|wanted| names_entity(event, wanted))
                && outlet.as_deref().is_none_or(|wanted| event.outlets.iter().any(|o| o.to_lowercase() == wanted))
                && matching_articles.is_none_or(|ids| event.articles.iter().any(|id| ids.contains(id)))
        })
        .collect();
    if query.order == Order::Newest {
        // Stable: events of one day keep their id order; undated stay last.
        selected.sort_by_key(|event| (event.date.is_none(), std::cmp::Reverse(event.date)));
    }
    let total = selected.len();
    let events = selected.into_iter().skip(query.offset).take(query.limit).collect();
    EventPage { total, events }
}

/// Whether a person, place or organisation of the event contains `wanted` (lowercase).
fn names_entity(event: &EventReport, wanted: &str) -> bool {
    event
        .people
        .iter()
        .chain(&event.places)
        .chain(&event.organizations)
        .any(|name| name.to_lowercase().contains(wanted))
}

/// An article as the API and the article page show it, with the events that include it.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct ArticleRecord {
    #[serde(flatten)]
    pub view: ArticleView,
    pub authors: Vec<String>,
    pub events: Vec<EventRef>,
}

/// An event named by id and title.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct EventRef {
    pub id: EventId,
    pub title: String,
}

pub(crate) fn load_article(engine: &Engine, id: &str) -> Result<ArticleRecord, EngineError> {
    let (stored, duplicate_of) = engine.article(id)?;
    let article = stored.article;
    let events =
        engine.events_of_article(article.id.as_str())?.into_iter().map(|(id, title)| EventRef { id, title }).collect();
    Ok(ArticleRecord {
        view: ArticleView {
            text: article.text(),
            id: article.id,
            title: article.title,
            outlet: article.outlet,
            published: article.published,
            duplicate_of,
            language: article.language,
            url: article.url,
        },
        authors: article.authors,
        events,
    })
}

/// What an event page shows of each of its articles.
#[derive(Debug, Clone, Default)]
pub(crate) struct ArticleMeta {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<Day>,
    pub duplicate_of: Option<ArticleId>,
}

/// An event with what its page needs to know of each article (in the event's order).
pub(crate) fn load_event(engine: &Engine, id: &str) -> Result<(EventReport, Vec<ArticleMeta>), EngineError> {
    let event = engine.event(id)?;
    let mut metas = Vec::with_capacity(event.articles.len());
    for article_id in &event.articles {
        let meta = match engine.article(article_id.as_str()) {
            Ok((stored, duplicate_of)) => ArticleMeta {
                title: stored.article.title,
                outlet: stored.article.outlet,
                published: stored.article.published,
                duplicate_of,
            },
            // An event names an article the store lacks: show the id alone.
            Err(EngineError::ArticleNotFound { .. }) => ArticleMeta::default(),
            Err(other) => return Err(other),
        };
        metas.push(meta);
    }
    Ok((event, metas))
}
