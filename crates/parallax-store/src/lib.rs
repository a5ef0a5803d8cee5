//! Storage: the [`Store`] trait, its embedded SQLite backend ([`SqliteStore`]) and its
//! PostgreSQL backend ([`PgStore`]); [`StoreLocation`] names one of them.
//!
//! The only crate that knows SQL. Articles are written in batches, each batch in one
//! transaction; analysis results (events, stories, copies) are replaced as a whole. The
//! PostgreSQL store also holds the job queue that `parallax worker` processes share.

mod location;
mod postgres;
mod schema;
mod sqlite;

pub use location::StoreLocation;
pub use postgres::{Job, JobCounts, PgStore, ScratchSchema};
pub use sqlite::SqliteStore;

use parallax_model::{ArticleId, CleanArticle, Day, EventId, EventReport, Extraction, Rejection, Story, StoryId};
use serde::{Deserialize, Serialize};

/// The error of the database library underneath a backend, kept opaque so that callers do
/// not depend on it.
pub type DatabaseError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Which backend an error came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgresql",
        })
    }
}

/// Errors of the storage layer. Bad input never gets here: only infrastructure failures.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store could not be opened or connected to (`location` has no password).
    #[error("cannot open the {backend} store at {location}: {source}")]
    Open { backend: Backend, location: String, source: DatabaseError },
    /// A statement failed.
    #[error("{backend} database error: {source}")]
    Database { backend: Backend, source: DatabaseError },
    /// A stored record does not decode.
    #[error("stored record {key} is corrupt: {source}")]
    Corrupt { key: String, source: serde_json::Error },
    /// The schema was migrated by a newer program.
    #[error("the database schema version {found} is newer than this program supports ({supported})")]
    SchemaTooNew { found: i64, supported: i64 },
    /// A read-only store found a schema that a writer has not migrated yet.
    #[error("the database schema version {found} is older than {expected}: open it for writing once to migrate it")]
    SchemaTooOld { found: i64, expected: i64 },
    /// A store URL that names no backend this program has.
    #[error("unsupported store url `{url}`: expected postgres://… or postgresql://…")]
    UnsupportedUrl { url: String },
    /// A schema name that is not a plain lower-case identifier.
    #[error("`{name}` is not a schema name: use lower-case letters, digits and `_`, starting with a letter")]
    BadSchemaName { name: String },
}

impl From<rusqlite::Error> for StoreError {
    fn from(source: rusqlite::Error) -> Self {
        Self::Database { backend: Backend::Sqlite, source: Box::new(source) }
    }
}

impl From<::postgres::Error> for StoreError {
    fn from(source: ::postgres::Error) -> Self {
        Self::Database { backend: Backend::Postgres, source: Box::new(source) }
    }
}

/// An article with its extraction, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredArticle {
    /// Arrival order: the position in the stream of stored articles.
    pub seq: i64,
    pub article: CleanArticle,
    pub extraction: Extraction,
    /// Where the article was read from.
    pub source: String,
}

/// What a list of an event's sources shows of an article, read without decoding it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleMeta {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<Day>,
    /// The original this article copies, if any.
    pub duplicate_of: Option<ArticleId>,
}

/// Which events a list shows: every given condition must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFilter {
    /// Events dated on or after this day (undated events are left out when a bound is given).
    pub from: Option<Day>,
    /// Events dated on or before this day.
    pub to: Option<Day>,
    /// A person, place or organisation of the event contains this text (any case).
    pub entity: Option<String>,
    /// An outlet of the event is this one (any case).
    pub outlet: Option<String>,
    /// The event includes one of these articles.
    pub articles: Option<Vec<ArticleId>>,
    pub order: EventOrder,
    pub offset: usize,
    pub limit: usize,
}

impl Default for EventFilter {
    fn default() -> Self {
        Self {
            from: None,
            to: None,
            entity: None,
            outlet: None,
            articles: None,
            order: EventOrder::Oldest,
            offset: 0,
            limit: usize::MAX,
        }
    }
}

/// The order of an event list; undated events come last in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOrder {
    /// By date, then id: the order of [`Store::events`].
    Oldest,
    /// Newest date first; events of one day by id.
    Newest,
}

/// One page of the events that pass a filter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventPage {
    /// How many events pass the filter, over all pages.
    pub total: usize,
    pub events: Vec<EventReport>,
}

/// What writing one article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    Inserted,
    /// Same id, same content: nothing written.
    Unchanged,
    /// Same id, new content: replaced in place, keeping its position in the stream.
    Updated,
}

/// The whole analysis of the stored articles, replaced at once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AnalysisSnapshot {
    pub events: Vec<EventReport>,
    pub stories: Vec<Story>,
    /// Copies and the original each copies.
    pub duplicates: Vec<(ArticleId, ArticleId)>,
}

/// Where Parallax keeps articles and analysis.
pub trait Store {
    /// Writes a batch of articles and the inputs rejected with them, in one transaction.
    fn put_articles(
        &mut self,
        articles: &[(CleanArticle, Extraction, String)],
        rejections: &[Rejection],
    ) -> Result<Vec<PutOutcome>, StoreError>;
    /// All articles in stream order.
    fn articles(&self) -> Result<Vec<StoredArticle>, StoreError>;
    fn article(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError>;
    fn count_articles(&self) -> Result<usize, StoreError>;
    fn replace_analysis(&mut self, analysis: &AnalysisSnapshot) -> Result<(), StoreError>;
    /// The stream positions (`seq`) of every article in publication order: dated articles by
    /// day, then undated ones, each by id (bytewise). Small enough to hold for any store, so
    /// that an analysis can read the articles themselves a slice at a time.
    fn article_order(&self) -> Result<Vec<i64>, StoreError>;
    /// The articles at these stream positions, in the order asked (positions the store lacks
    /// are left out).
    fn articles_by_seq(&self, seqs: &[i64]) -> Result<Vec<StoredArticle>, StoreError>;
    /// The articles with these ids, in the order asked (ids the store lacks are left out).
    fn articles_by_id(&self, ids: &[ArticleId]) -> Result<Vec<StoredArticle>, StoreError>;
    /// The id and report key of every stored event, by id: what an analysis written a part
    /// at a time compares its events with.
    fn event_keys(&self) -> Result<Vec<(EventId, String)>, StoreError>;
    /// Writes events of an analysis in progress, replacing stored events of the same ids.
    /// The analysis stays stale until [`Store::finish_analysis`].
    fn put_events(&mut self, events: &[EventReport]) -> Result<(), StoreError>;
    /// Completes an analysis written with [`Store::put_events`]: events not in `keep` are
    /// removed, stories and copies replaced, and the analysis is no longer stale.
    fn finish_analysis(
        &mut self,
        keep: &[EventId],
        stories: &[Story],
        duplicates: &[(ArticleId, ArticleId)],
    ) -> Result<(), StoreError>;
    /// Events ordered by date (undated last), then id.
    fn events(&self) -> Result<Vec<EventReport>, StoreError>;
    fn event(&self, id: &EventId) -> Result<Option<EventReport>, StoreError>;
    fn count_events(&self) -> Result<usize, StoreError>;
    /// The events that pass a filter, in its order, cut to its page.
    fn find_events(&self, filter: &EventFilter) -> Result<EventPage, StoreError>;
    fn stories(&self) -> Result<Vec<Story>, StoreError>;
    fn story(&self, id: &StoryId) -> Result<Option<Story>, StoreError>;
    /// Ids and titles of the events that include an article.
    fn events_of_article(&self, id: &ArticleId) -> Result<Vec<(EventId, String)>, StoreError>;
    /// The original an article copies, if any.
    fn duplicate_of(&self, id: &ArticleId) -> Result<Option<ArticleId>, StoreError>;
    /// Title, outlet, date and original of each article, in the order asked (`None` for an id
    /// the store lacks).
    fn article_metas(&self, ids: &[ArticleId]) -> Result<Vec<Option<ArticleMeta>>, StoreError>;
    /// Articles written since the search index last confirmed them, in stream order.
    fn unindexed_articles(&self) -> Result<Vec<StoredArticle>, StoreError>;
    /// Records that the search index holds these articles as stored now.
    fn mark_indexed(&mut self, ids: &[ArticleId]) -> Result<(), StoreError>;
    /// Whether articles changed since the analysis was last replaced (also after a crash
    /// between the two).
    fn analysis_is_stale(&self) -> Result<bool, StoreError>;
    /// Every rejection recorded, oldest first.
    fn rejections(&self) -> Result<Vec<Rejection>, StoreError>;
}

/// Decodes a stored JSON record; `key` names it in the error.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(key: &str, json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|source| StoreError::Corrupt { key: key.to_string(), source })
}

/// Encodes a record as JSON.
pub(crate) fn encode<T: Serialize>(value: &T) -> String {
    // Serialising plain data types to a string cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}
