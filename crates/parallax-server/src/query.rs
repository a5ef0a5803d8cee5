//! The reads behind the handlers: event lists (filtered and paged by the store), one article
//! with its events, one event with what its page shows of each article.

use parallax_engine::{EngineError, EngineReader, EventFilter, EventOrder, EventPage};
use parallax_model::{ArticleView, EventId, EventReport, Extraction, Story};

use crate::params::{EventQuery, Order};

/// The events that pass `query`, in its order, cut to its page.
pub(crate) fn find_events(engine: &EngineReader, query: &EventQuery) -> Result<EventPage, EngineError> {
    let filter = EventFilter {
        from: query.from,
        to: query.to,
        entity: query.entity.clone(),
        outlet: query.outlet.clone(),
        articles: None,
        order: match query.order {
            Order::Oldest => EventOrder::Oldest,
            Order::Newest => EventOrder::Newest,
        },
        offset: query.offset,
        limit: query.limit,
    };
    engine.find_events(&filter, query.text.as_deref())
}

/// An article as the API and the article page show it, with the events that include it.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct ArticleRecord {
    #[serde(flatten)]
    pub view: ArticleView,
    pub authors: Vec<String>,
    pub events: Vec<EventRef>,
    /// The clean paragraphs and what was found in them, for the article page's marks.
    #[serde(skip)]
    pub paragraphs: Vec<String>,
    #[serde(skip)]
    pub extraction: Extraction,
}

/// An event named by id and title.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct EventRef {
    pub id: EventId,
    pub title: String,
}

pub(crate) fn load_article(engine: &EngineReader, id: &str) -> Result<ArticleRecord, EngineError> {
    let (stored, duplicate_of) = engine.article(id)?;
    let (article, extraction) = (stored.article, stored.extraction);
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
        paragraphs: article.paragraphs,
        extraction,
    })
}

/// What an event page shows of each of its articles.
pub(crate) use parallax_engine::ArticleMeta;

/// An event, what its page needs to know of each article (in the event's order), and the
/// story it belongs to.
pub(crate) fn load_event(
    engine: &EngineReader,
    id: &str,
) -> Result<(EventReport, Vec<ArticleMeta>, Option<Story>), EngineError> {
    let event = engine.event(id)?;
    // An event may name an article the store lacks: its page then shows the id alone.
    let metas = engine.article_metas(&event.articles)?.into_iter().map(Option::unwrap_or_default).collect();
    let story = match &event.story {
        Some(story) => engine.story(story)?,
        None => None,
    };
    Ok((event, metas, story))
}
