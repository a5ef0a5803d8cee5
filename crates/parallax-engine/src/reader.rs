//! Read-only access to a data directory beside its [`Engine`](crate::Engine): own database
//! connection and index reader, so queries run in parallel and never wait for a write.

use std::path::Path;

use parallax_model::{ArticleId, EventId, EventReport, Story, StoryId};
use parallax_search::{Hit, SearchIndex};
use parallax_store::{ArticleMeta, EventFilter, EventPage, Store, StoreLocation, StoredArticle};

use crate::EngineError;

/// Most articles a text filter of an event list considers: the best-matching ones.
pub const MAX_TEXT_MATCHES: usize = 10_000;

/// A reader of a data directory. It sees every write committed to the database; the search
/// index as it was when the reader was opened (open a new reader after a write to see it).
pub struct EngineReader {
    store: Box<dyn Store + Send>,
    index: SearchIndex,
}

impl EngineReader {
    /// Opens a reader on a data directory an [`Engine`](crate::Engine) has created.
    pub fn open(data_dir: &Path) -> Result<Self, EngineError> {
        Self::open_with_store(data_dir, &StoreLocation::embedded_in(data_dir))
    }

    /// Opens a reader on a data directory whose store is elsewhere (see
    /// [`Engine::open_with_store`](crate::Engine::open_with_store)).
    pub fn open_with_store(data_dir: &Path, store: &StoreLocation) -> Result<Self, EngineError> {
        let store = store.open_read_only()?;
        let index = SearchIndex::open_existing(&data_dir.join("index"))?;
        Ok(Self { store, index })
    }

    /// Events ordered by date (undated last), then id.
    pub fn events(&self) -> Result<Vec<EventReport>, EngineError> {
        Ok(self.store.events()?)
    }

    /// The events that pass `filter` and, with `text`, include one of the articles that best
    /// match it (at most [`MAX_TEXT_MATCHES`]); in the filter's order, cut to its page.
    pub fn find_events(&self, filter: &EventFilter, text: Option<&str>) -> Result<EventPage, EngineError> {
        match text {
            None => Ok(self.store.find_events(filter)?),
            Some(text) => {
                let ids = self.index.matching_ids(text, MAX_TEXT_MATCHES)?.into_iter().map(ArticleId::from).collect();
                Ok(self.store.find_events(&EventFilter { articles: Some(ids), ..filter.clone() })?)
            }
        }
    }

    pub fn event(&self, id: &str) -> Result<EventReport, EngineError> {
        self.store.event(&EventId(id.to_string()))?.ok_or_else(|| EngineError::EventNotFound { id: id.to_string() })
    }

    pub fn count_events(&self) -> Result<usize, EngineError> {
        Ok(self.store.count_events()?)
    }

    pub fn stories(&self) -> Result<Vec<Story>, EngineError> {
        Ok(self.store.stories()?)
    }

    /// One story, by id.
    pub fn story(&self, id: &StoryId) -> Result<Option<Story>, EngineError> {
        Ok(self.store.story(id)?)
    }

    pub fn article(&self, id: &str) -> Result<(StoredArticle, Option<ArticleId>), EngineError> {
        let key = ArticleId(id.into());
        let stored = self.store.article(&key)?.ok_or_else(|| EngineError::ArticleNotFound { id: id.to_string() })?;
        Ok((stored, self.store.duplicate_of(&key)?))
    }

    /// Title, outlet, date and original of each article, in the order given (`None` for an id
    /// the store lacks), without decoding the articles.
    pub fn article_metas(&self, ids: &[ArticleId]) -> Result<Vec<Option<ArticleMeta>>, EngineError> {
        Ok(self.store.article_metas(ids)?)
    }

    /// Ids and titles of the events that include an article.
    pub fn events_of_article(&self, id: &str) -> Result<Vec<(EventId, String)>, EngineError> {
        Ok(self.store.events_of_article(&ArticleId(id.into()))?)
    }

    pub fn count_articles(&self) -> Result<usize, EngineError> {
        Ok(self.store.count_articles()?)
    }

    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, EngineError> {
        Ok(self.index.search(query, limit)?)
    }
}
