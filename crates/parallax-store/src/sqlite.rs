//! The embedded backend: one SQLite file (bundled SQLite, WAL journal).

use std::path::Path;

use parallax_model::{ArticleId, CleanArticle, EventId, EventReport, Extraction, Rejection, Story};
use rusqlite::{Connection, OptionalExtension, params};
use serde::de::DeserializeOwned;

use crate::schema::MIGRATIONS;
use crate::{AnalysisSnapshot, PutOutcome, Store, StoreError, StoredArticle};

/// The embedded store.
#[derive(Debug)]
pub struct SqliteStore {
    connection: Connection,
}

fn decode<T: DeserializeOwned>(key: &str, json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|source| StoreError::Corrupt { key: key.to_string(), source })
}

fn encode<T: serde::Serialize>(value: &T) -> String {
    // Serialising plain data types to a string cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let connection =
            Connection::open(path).map_err(|source| StoreError::Open { path: path.display().to_string(), source })?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(10))?;
        Self::migrate(connection)
    }

    /// A store that lives in memory, for tests and one-shot runs.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        let connection = Connection::open_in_memory()?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        Self::migrate(connection)
    }

    fn migrate(mut connection: Connection) -> Result<Self, StoreError> {
        let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let supported = MIGRATIONS.len() as i64;
        if version > supported {
            return Err(StoreError::SchemaTooNew { found: version, supported });
        }
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let transaction = connection.transaction()?;
            transaction.execute_batch(migration)?;
            transaction.pragma_update(None, "user_version", index as i64 + 1)?;
            transaction.commit()?;
        }
        Ok(Self { connection })
    }

    fn stored_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, String, String, String)> {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
    }

    fn decode_stored(
        (seq, id, source, article, extraction): (i64, String, String, String, String),
    ) -> Result<StoredArticle, StoreError> {
        Ok(StoredArticle { seq, article: decode(&id, &article)?, extraction: decode(&id, &extraction)?, source })
    }
}

const ARTICLE_COLUMNS: &str = "seq, id, source, article_json, extraction_json";

impl Store for SqliteStore {
    fn put_articles(
        &mut self,
        articles: &[(CleanArticle, Extraction, String)],
        rejections: &[Rejection],
    ) -> Result<Vec<PutOutcome>, StoreError> {
        let transaction = self.connection.transaction()?;
        let mut outcomes = Vec::with_capacity(articles.len());
        {
            let mut existing = transaction.prepare("SELECT content_hash FROM articles WHERE id = ?1")?;
            let mut insert = transaction.prepare(
                "INSERT INTO articles (id, content_hash, source, title, outlet, published, article_json, extraction_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut update = transaction.prepare(
                "UPDATE articles SET content_hash = ?2, source = ?3, title = ?4, outlet = ?5, published = ?6,
                 article_json = ?7, extraction_json = ?8, indexed = 0 WHERE id = ?1",
            )?;
            for (article, extraction, source) in articles {
                let hash: Option<String> = existing.query_row([article.id.as_str()], |row| row.get(0)).optional()?;
                let values = params![
                    article.id.as_str(),
                    article.content_hash,
                    source,
                    article.title,
                    article.outlet,
                    article.published.map(|d| d.to_string()),
                    encode(article),
                    encode(extraction),
                ];
                let outcome = match hash {
                    None => {
                        insert.execute(values)?;
                        PutOutcome::Inserted
                    }
                    Some(hash) if hash == article.content_hash => PutOutcome::Unchanged,
                    Some(_) => {
                        update.execute(values)?;
                        PutOutcome::Updated
                    }
                };
                outcomes.push(outcome);
            }
            if outcomes.iter().any(|o| *o != PutOutcome::Unchanged) {
                transaction.execute("UPDATE meta SET value = '1' WHERE key = 'analysis_stale'", [])?;
            }
            let mut reject = transaction.prepare("INSERT INTO rejections (input, reason_json) VALUES (?1, ?2)")?;
            for rejection in rejections {
                reject.execute(params![rejection.input, encode(&rejection.reason)])?;
            }
        }
        transaction.commit()?;
        Ok(outcomes)
    }

    fn articles(&self) -> Result<Vec<StoredArticle>, StoreError> {
        let mut statement = self.connection.prepare(&format!("SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY seq"))?;
        let rows = statement.query_map([], Self::stored_from_row)?.collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(Self::decode_stored).collect()
    }

    fn article(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError> {
        let row = self
            .connection
            .query_row(
                &format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1"),
                [id.as_str()],
                Self::stored_from_row,
            )
            .optional()?;
        row.map(Self::decode_stored).transpose()
    }

    fn count_articles(&self) -> Result<usize, StoreError> {
        let count: i64 = self.connection.query_row("SELECT COUNT(*) FROM articles", [], |row| row.get(0))?;
        Ok(count as usize)
    }

    fn replace_analysis(&mut self, analysis: &AnalysisSnapshot) -> Result<(), StoreError> {
        let transaction = self.connection.transaction()?;
        transaction.execute_batch(
            "DELETE FROM event_articles; DELETE FROM events; DELETE FROM stories; DELETE FROM duplicates;
             UPDATE meta SET value = '0' WHERE key = 'analysis_stale';",
        )?;
        {
            let mut event =
                transaction.prepare("INSERT INTO events (id, date, title, report_json) VALUES (?1, ?2, ?3, ?4)")?;
            let mut member =
                transaction.prepare("INSERT OR IGNORE INTO event_articles (event_id, article_id) VALUES (?1, ?2)")?;
            for report in &analysis.events {
                event.execute(params![
                    report.id.0,
                    report.date.map(|d| d.to_string()),
                    report.title,
                    encode(report)
                ])?;
                for article in &report.articles {
                    member.execute(params![report.id.0, article.as_str()])?;
                }
            }
            let mut story = transaction.prepare("INSERT INTO stories (id, story_json) VALUES (?1, ?2)")?;
            for item in &analysis.stories {
                story.execute(params![item.id.0, encode(item)])?;
            }
            let mut duplicate =
                transaction.prepare("INSERT INTO duplicates (article_id, original_id) VALUES (?1, ?2)")?;
            for (copy, original) in &analysis.duplicates {
                duplicate.execute(params![copy.as_str(), original.as_str()])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    fn events(&self) -> Result<Vec<EventReport>, StoreError> {
        let mut statement =
            self.connection.prepare("SELECT id, report_json FROM events ORDER BY date IS NULL, date, id")?;
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.iter().map(|(id, json)| decode(id, json)).collect()
    }

    fn event(&self, id: &EventId) -> Result<Option<EventReport>, StoreError> {
        let json: Option<String> = self
            .connection
            .query_row("SELECT report_json FROM events WHERE id = ?1", [&id.0], |row| row.get(0))
            .optional()?;
        json.map(|json| decode(&id.0, &json)).transpose()
    }

    fn stories(&self) -> Result<Vec<Story>, StoreError> {
        let mut statement = self.connection.prepare("SELECT id, story_json FROM stories ORDER BY id")?;
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.iter().map(|(id, json)| decode(id, json)).collect()
    }

    fn events_of_article(&self, id: &ArticleId) -> Result<Vec<(EventId, String)>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT e.id, e.title FROM event_articles m JOIN events e ON e.id = m.event_id
             WHERE m.article_id = ?1 ORDER BY e.date IS NULL, e.date, e.id",
        )?;
        let rows = statement
            .query_map([id.as_str()], |row| Ok((EventId(row.get(0)?), row.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn duplicate_of(&self, id: &ArticleId) -> Result<Option<ArticleId>, StoreError> {
        let original: Option<String> = self
            .connection
            .query_row("SELECT original_id FROM duplicates WHERE article_id = ?1", [id.as_str()], |row| row.get(0))
            .optional()?;
        Ok(original.map(ArticleId))
    }

    fn unindexed_articles(&self) -> Result<Vec<StoredArticle>, StoreError> {
        let mut statement = self
            .connection
            .prepare(&format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE indexed = 0 ORDER BY seq"))?;
        let rows = statement.query_map([], Self::stored_from_row)?.collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(Self::decode_stored).collect()
    }

    fn mark_indexed(&mut self, ids: &[ArticleId]) -> Result<(), StoreError> {
        let transaction = self.connection.transaction()?;
        {
            let mut mark = transaction.prepare("UPDATE articles SET indexed = 1 WHERE id = ?1")?;
            for id in ids {
                mark.execute([id.as_str()])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    fn analysis_is_stale(&self) -> Result<bool, StoreError> {
        let value: String =
            self.connection.query_row("SELECT value FROM meta WHERE key = 'analysis_stale'", [], |row| row.get(0))?;
        Ok(value == "1")
    }

    fn rejections(&self) -> Result<Vec<Rejection>, StoreError> {
        let mut statement = self.connection.prepare("SELECT input, reason_json FROM rejections ORDER BY seq")?;
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(|(input, json)| Ok(Rejection { reason: decode(&input, &json)?, input })).collect()
    }
}
