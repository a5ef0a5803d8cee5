//! The embedded backend: one SQLite file (bundled SQLite, WAL journal).

use std::path::Path;

use parallax_model::{ArticleId, CleanArticle, EventId, EventReport, Extraction, Rejection, Story, StoryId};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params, params_from_iter};

use crate::schema::MIGRATIONS;
use crate::{
    AnalysisSnapshot, ArticleMeta, Backend, EventFilter, EventOrder, EventPage, PutOutcome, Store, StoreError,
    StoredArticle,
};
use crate::{decode, encode};

/// The embedded store.
#[derive(Debug)]
pub struct SqliteStore {
    connection: Connection,
}

fn open_error(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Open { backend: Backend::Sqlite, location: path.display().to_string(), source: Box::new(source) }
}

impl SqliteStore {
    /// The stored articles whose `column` holds one of `keys`, in the order of `keys`
    /// (keys that match nothing are passed over).
    fn articles_where<K: rusqlite::ToSql>(&self, column: &str, keys: &[K]) -> Result<Vec<StoredArticle>, StoreError> {
        let mut statement =
            self.connection.prepare_cached(&format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE {column} = ?1"))?;
        let mut articles = Vec::with_capacity(keys.len());
        for key in keys {
            if let Some(row) = statement.query_row([key], Self::stored_from_row).optional()? {
                articles.push(Self::decode_stored(row)?);
            }
        }
        Ok(articles)
    }

    /// Opens (creating if needed) the database file at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let connection = Connection::open(path).map_err(|source| open_error(path, source))?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(10))?;
        Self::migrate(connection)
    }

    /// Opens an existing database for reading only: a second connection beside the writer's,
    /// which sees every committed write and never waits for one (WAL). The schema must be
    /// current (the writer migrates it).
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        let connection =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI)
                .map_err(|source| open_error(path, source))?;
        connection.busy_timeout(std::time::Duration::from_secs(10))?;
        let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let expected = MIGRATIONS.len() as i64;
        if version > expected {
            return Err(StoreError::SchemaTooNew { found: version, supported: expected });
        }
        if version < expected {
            return Err(StoreError::SchemaTooOld { found: version, expected });
        }
        Ok(Self { connection })
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

/// The SQL conditions of an event filter, with their parameters in order.
fn event_conditions(filter: &EventFilter) -> (Vec<&'static str>, Vec<Value>) {
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    if filter.from.is_some() || filter.to.is_some() {
        conditions.push("date IS NOT NULL");
    }
    if let Some(from) = filter.from {
        conditions.push("date >= ?");
        values.push(Value::Text(from.to_string()));
    }
    if let Some(to) = filter.to {
        conditions.push("date <= ?");
        values.push(Value::Text(to.to_string()));
    }
    if let Some(entity) = &filter.entity {
        conditions.push("id IN (SELECT event_id FROM event_terms WHERE kind = 'entity' AND value LIKE ? ESCAPE '\\')");
        let escaped = entity.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        values.push(Value::Text(format!("%{escaped}%")));
    }
    if let Some(outlet) = &filter.outlet {
        conditions.push("id IN (SELECT event_id FROM event_terms WHERE kind = 'outlet' AND value = ?)");
        values.push(Value::Text(outlet.to_lowercase()));
    }
    if let Some(articles) = &filter.articles {
        conditions
            .push("id IN (SELECT event_id FROM event_articles WHERE article_id IN (SELECT value FROM json_each(?)))");
        let ids: Vec<&str> = articles.iter().map(ArticleId::as_str).collect();
        values.push(Value::Text(encode(&ids)));
    }
    (conditions, values)
}

/// Inserts events with their members and filter terms (none of them may be stored).
fn insert_events(transaction: &rusqlite::Transaction<'_>, events: &[EventReport]) -> Result<(), StoreError> {
    let mut event =
        transaction.prepare_cached("INSERT INTO events (id, date, title, report_json) VALUES (?1, ?2, ?3, ?4)")?;
    let mut member =
        transaction.prepare_cached("INSERT OR IGNORE INTO event_articles (event_id, article_id) VALUES (?1, ?2)")?;
    let mut term = transaction.prepare_cached("INSERT INTO event_terms (event_id, kind, value) VALUES (?1, ?2, ?3)")?;
    for report in events {
        event.execute(params![report.id.0, report.date.map(|d| d.to_string()), report.title, encode(report)])?;
        for article in &report.articles {
            member.execute(params![report.id.0, article.as_str()])?;
        }
        for outlet in &report.outlets {
            term.execute(params![report.id.0, "outlet", outlet.to_lowercase()])?;
        }
        for name in report.people.iter().chain(&report.places).chain(&report.organizations) {
            term.execute(params![report.id.0, "entity", name.to_lowercase()])?;
        }
    }
    Ok(())
}

/// Replaces every story and every copy relation.
fn replace_stories_and_copies(
    transaction: &rusqlite::Transaction<'_>,
    stories: &[Story],
    duplicates: &[(ArticleId, ArticleId)],
) -> Result<(), StoreError> {
    transaction.execute_batch("DELETE FROM stories; DELETE FROM duplicates;")?;
    let mut story = transaction.prepare_cached("INSERT INTO stories (id, story_json) VALUES (?1, ?2)")?;
    for item in stories {
        story.execute(params![item.id.0, encode(item)])?;
    }
    let mut duplicate =
        transaction.prepare_cached("INSERT INTO duplicates (article_id, original_id) VALUES (?1, ?2)")?;
    for (copy, original) in duplicates {
        duplicate.execute(params![copy.as_str(), original.as_str()])?;
    }
    Ok(())
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
            "DELETE FROM event_articles; DELETE FROM event_terms; DELETE FROM events;
             UPDATE meta SET value = '0' WHERE key = 'analysis_stale';",
        )?;
        insert_events(&transaction, &analysis.events)?;
        replace_stories_and_copies(&transaction, &analysis.stories, &analysis.duplicates)?;
        transaction.commit()?;
        Ok(())
    }

    fn article_order(&self) -> Result<Vec<i64>, StoreError> {
        let mut statement =
            self.connection.prepare("SELECT seq FROM articles ORDER BY published IS NULL, published, id")?;
        let seqs = statement.query_map([], |row| row.get(0))?.collect::<Result<Vec<i64>, _>>()?;
        Ok(seqs)
    }

    fn articles_by_seq(&self, seqs: &[i64]) -> Result<Vec<StoredArticle>, StoreError> {
        self.articles_where("seq", seqs)
    }

    fn articles_by_id(&self, ids: &[ArticleId]) -> Result<Vec<StoredArticle>, StoreError> {
        let ids: Vec<&str> = ids.iter().map(ArticleId::as_str).collect();
        self.articles_where("id", &ids)
    }

    fn event_keys(&self) -> Result<Vec<(EventId, String)>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT id, coalesce(json_extract(report_json, '$.report_key'), '') FROM events ORDER BY id")?;
        let keys =
            statement.query_map([], |row| Ok((EventId(row.get(0)?), row.get(1)?)))?.collect::<Result<Vec<_>, _>>()?;
        Ok(keys)
    }

    fn put_events(&mut self, events: &[EventReport]) -> Result<(), StoreError> {
        let transaction = self.connection.transaction()?;
        {
            let mut delete = transaction.prepare_cached("DELETE FROM events WHERE id = ?1")?;
            for event in events {
                delete.execute([&event.id.0])?;
            }
        }
        insert_events(&transaction, events)?;
        transaction.commit()?;
        Ok(())
    }

    fn finish_analysis(
        &mut self,
        keep: &[EventId],
        stories: &[Story],
        duplicates: &[(ArticleId, ArticleId)],
    ) -> Result<(), StoreError> {
        let transaction = self.connection.transaction()?;
        transaction.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS kept_events (id TEXT PRIMARY KEY); DELETE FROM kept_events;",
        )?;
        {
            let mut kept = transaction.prepare("INSERT OR IGNORE INTO kept_events (id) VALUES (?1)")?;
            for id in keep {
                kept.execute([&id.0])?;
            }
        }
        transaction.execute_batch(
            "DELETE FROM events WHERE id NOT IN (SELECT id FROM kept_events); DELETE FROM kept_events;
             UPDATE meta SET value = '0' WHERE key = 'analysis_stale';",
        )?;
        replace_stories_and_copies(&transaction, stories, duplicates)?;
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

    fn count_events(&self) -> Result<usize, StoreError> {
        let count: i64 = self.connection.query_row("SELECT COUNT(*) FROM events", [], |row| row.get(0))?;
        Ok(count as usize)
    }

    fn find_events(&self, filter: &EventFilter) -> Result<EventPage, StoreError> {
        let (conditions, values) = event_conditions(filter);
        let where_clause =
            if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let total: i64 = self.connection.query_row(
            &format!("SELECT COUNT(*) FROM events {where_clause}"),
            params_from_iter(&values),
            |row| row.get(0),
        )?;
        let order = match filter.order {
            EventOrder::Oldest => "date IS NULL, date, id",
            EventOrder::Newest => "date IS NULL, date DESC, id",
        };
        let mut page_values = values;
        page_values.push(Value::Integer(i64::try_from(filter.limit).unwrap_or(i64::MAX)));
        page_values.push(Value::Integer(i64::try_from(filter.offset).unwrap_or(i64::MAX)));
        let mut statement = self
            .connection
            .prepare(&format!("SELECT id, report_json FROM events {where_clause} ORDER BY {order} LIMIT ? OFFSET ?"))?;
        let rows = statement
            .query_map(params_from_iter(&page_values), |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let events = rows.iter().map(|(id, json)| decode(id, json)).collect::<Result<Vec<_>, _>>()?;
        Ok(EventPage { total: total as usize, events })
    }

    fn stories(&self) -> Result<Vec<Story>, StoreError> {
        let mut statement = self.connection.prepare("SELECT id, story_json FROM stories ORDER BY id")?;
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.iter().map(|(id, json)| decode(id, json)).collect()
    }

    fn story(&self, id: &StoryId) -> Result<Option<Story>, StoreError> {
        let json: Option<String> = self
            .connection
            .query_row("SELECT story_json FROM stories WHERE id = ?1", [&id.0], |row| row.get(0))
            .optional()?;
        json.map(|json| decode(&id.0, &json)).transpose()
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
        Ok(original.map(ArticleId::from))
    }

    fn article_metas(&self, ids: &[ArticleId]) -> Result<Vec<Option<ArticleMeta>>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT a.title, a.outlet, a.published, d.original_id FROM articles a
             LEFT JOIN duplicates d ON d.article_id = a.id WHERE a.id = ?1",
        )?;
        let mut metas = Vec::with_capacity(ids.len());
        for id in ids {
            let meta = statement
                .query_row([id.as_str()], |row| {
                    Ok(ArticleMeta {
                        title: row.get(0)?,
                        outlet: row.get(1)?,
                        published: row.get::<_, Option<String>>(2)?.and_then(|text| text.parse().ok()),
                        duplicate_of: row.get::<_, Option<String>>(3)?.map(ArticleId::from),
                    })
                })
                .optional()?;
            metas.push(meta);
        }
        Ok(metas)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_3_fills_the_event_terms_of_stored_reports() {
        let connection = Connection::open_in_memory().expect("open");
        for migration in &MIGRATIONS[..2] {
            connection.execute_batch(migration).expect("migrate");
        }
        connection.pragma_update(None, "user_version", 2).expect("version");
        let report = r#"{"outlets": ["Harbour Herald"], "people": ["Mira Tal"], "places": [], "organizations": []}"#;
        connection
            .execute("INSERT INTO events (id, date, title, report_json) VALUES ('ev-1', NULL, 'x', ?1)", [report])
            .expect("insert");
        let store = SqliteStore::migrate(connection).expect("migrate to the last version");
        let terms: Vec<(String, String)> = store
            .connection
            .prepare("SELECT kind, value FROM event_terms ORDER BY kind")
            .expect("prepare")
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(terms, [("entity".into(), "mira tal".into()), ("outlet".into(), "harbour herald".into())]);
    }
}
