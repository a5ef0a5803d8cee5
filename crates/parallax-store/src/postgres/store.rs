//! [`Store`] on PostgreSQL: the same semantics as the embedded backend, statement for
//! statement where the two dialects allow.

use std::collections::HashMap;

use ::postgres::types::ToSql;
use ::postgres::{IsolationLevel, Row, Transaction};
use parallax_model::{ArticleId, CleanArticle, EventId, EventReport, Extraction, Rejection, Story, StoryId};

use super::{PgStore, plain};
use crate::{
    AnalysisSnapshot, ArticleMeta, EventFilter, EventOrder, EventPage, PutOutcome, Store, StoreError, StoredArticle,
    decode, encode,
};

const ARTICLE_COLUMNS: &str = "seq, id, source, article_json, extraction_json";
/// [`ARTICLE_COLUMNS`] of the table aliased `a`.
const ARTICLE_COLUMNS_OF_A: &str = "a.seq, a.id, a.source, a.article_json, a.extraction_json";

/// One statement per article: inserts it, or replaces it in place (keeping `seq`) when its
/// content changed. A row comes back only when something was written; `xmax = 0` tells an
/// insert from an update.
const UPSERT_ARTICLE: &str = "
    INSERT INTO articles (id, content_hash, source, title, outlet, published, article_json, extraction_json)
    VALUES ($1, $2, $3, $4, $5, $6::text::date, $7, $8)
    ON CONFLICT (id) DO UPDATE SET content_hash = EXCLUDED.content_hash, source = EXCLUDED.source,
        title = EXCLUDED.title, outlet = EXCLUDED.outlet, published = EXCLUDED.published,
        article_json = EXCLUDED.article_json, extraction_json = EXCLUDED.extraction_json, indexed = FALSE
    WHERE articles.content_hash <> EXCLUDED.content_hash
    RETURNING (xmax = 0) AS inserted";

/// Rows of analysis sent per statement (as arrays, unnested by the server).
const ROWS_PER_STATEMENT: usize = 1_000;

pub(super) fn decode_stored(row: &Row) -> Result<StoredArticle, StoreError> {
    let id: String = row.try_get(1)?;
    Ok(StoredArticle {
        seq: row.try_get(0)?,
        source: row.try_get(2)?,
        article: decode(&id, row.try_get(3)?)?,
        extraction: decode(&id, row.try_get(4)?)?,
    })
}

/// Decodes rows of (id, JSON record).
fn decode_records<T: serde::de::DeserializeOwned>(rows: &[Row]) -> Result<Vec<T>, StoreError> {
    rows.iter().map(|row| decode(row.try_get(0)?, row.try_get(1)?)).collect()
}

type Params = Vec<Box<dyn ToSql + Sync>>;

/// The SQL conditions of an event filter, with their parameters (numbered from `$1`).
fn event_conditions(filter: &EventFilter) -> (Vec<String>, Params) {
    let mut conditions = Vec::new();
    let mut values: Params = Vec::new();
    if filter.from.is_some() || filter.to.is_some() {
        conditions.push("date IS NOT NULL".to_string());
    }
    if let Some(from) = filter.from {
        values.push(Box::new(from.to_string()));
        conditions.push(format!("date >= ${}::text::date", values.len()));
    }
    if let Some(to) = filter.to {
        values.push(Box::new(to.to_string()));
        conditions.push(format!("date <= ${}::text::date", values.len()));
    }
    if let Some(entity) = &filter.entity {
        let escaped = plain(&entity.to_lowercase()).replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        values.push(Box::new(format!("%{escaped}%")));
        conditions.push(format!(
            "id IN (SELECT event_id FROM event_terms WHERE kind = 'entity' AND value LIKE ${} ESCAPE '\\')",
            values.len()
        ));
    }
    if let Some(outlet) = &filter.outlet {
        values.push(Box::new(plain(&outlet.to_lowercase())));
        conditions.push(format!(
            "id IN (SELECT event_id FROM event_terms WHERE kind = 'outlet' AND value = ${})",
            values.len()
        ));
    }
    if let Some(articles) = &filter.articles {
        let ids: Vec<String> = articles.iter().map(|id| plain(id.as_str())).collect();
        values.push(Box::new(ids));
        conditions.push(format!(
            "id IN (SELECT event_id FROM event_articles WHERE article_id = ANY(${}::text[]))",
            values.len()
        ));
    }
    (conditions, values)
}

fn refs(values: &Params) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|value| value.as_ref() as &(dyn ToSql + Sync)).collect()
}

/// Writes the analysis into emptied tables, a slice of events at a time.
fn insert_analysis(transaction: &mut Transaction<'_>, analysis: &AnalysisSnapshot) -> Result<(), StoreError> {
    insert_events(transaction, &analysis.events)?;
    insert_stories_and_copies(transaction, &analysis.stories, &analysis.duplicates)
}

/// Inserts events with their members and filter terms (none of them may be stored).
fn insert_events(transaction: &mut Transaction<'_>, events: &[EventReport]) -> Result<(), StoreError> {
    for reports in events.chunks(ROWS_PER_STATEMENT) {
        let ids: Vec<String> = reports.iter().map(|r| plain(&r.id.0)).collect();
        let dates: Vec<Option<String>> = reports.iter().map(|r| r.date.map(|d| d.to_string())).collect();
        let titles: Vec<String> = reports.iter().map(|r| plain(&r.title)).collect();
        let json: Vec<String> = reports.iter().map(encode).collect();
        transaction.execute(
            "INSERT INTO events (id, date, title, report_json)
             SELECT id, date::date, title, report FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[])
                 AS u (id, date, title, report)",
            &[&ids, &dates, &titles, &json],
        )?;
        let (mut member_events, mut member_articles) = (Vec::new(), Vec::new());
        let (mut term_events, mut term_kinds, mut term_values) = (Vec::new(), Vec::new(), Vec::new());
        for (report, id) in reports.iter().zip(&ids) {
            for article in &report.articles {
                member_events.push(id.clone());
                member_articles.push(plain(article.as_str()));
            }
            for outlet in &report.outlets {
                term_events.push(id.clone());
                term_kinds.push("outlet");
                term_values.push(plain(&outlet.to_lowercase()));
            }
            for name in report.people.iter().chain(&report.places).chain(&report.organizations) {
                term_events.push(id.clone());
                term_kinds.push("entity");
                term_values.push(plain(&name.to_lowercase()));
            }
        }
        transaction.execute(
            "INSERT INTO event_articles (event_id, article_id) SELECT * FROM UNNEST($1::text[], $2::text[])
             ON CONFLICT DO NOTHING",
            &[&member_events, &member_articles],
        )?;
        transaction.execute(
            "INSERT INTO event_terms (event_id, kind, value) SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[])",
            &[&term_events, &term_kinds, &term_values],
        )?;
    }
    Ok(())
}

/// Inserts stories and copy relations into emptied tables.
fn insert_stories_and_copies(
    transaction: &mut Transaction<'_>,
    stories: &[Story],
    duplicates: &[(ArticleId, ArticleId)],
) -> Result<(), StoreError> {
    for stories in stories.chunks(ROWS_PER_STATEMENT) {
        let ids: Vec<String> = stories.iter().map(|s| plain(&s.id.0)).collect();
        let json: Vec<String> = stories.iter().map(encode).collect();
        transaction.execute(
            "INSERT INTO stories (id, story_json) SELECT * FROM UNNEST($1::text[], $2::text[])",
            &[&ids, &json],
        )?;
    }
    for pairs in duplicates.chunks(ROWS_PER_STATEMENT) {
        let copies: Vec<String> = pairs.iter().map(|(copy, _)| plain(copy.as_str())).collect();
        let originals: Vec<String> = pairs.iter().map(|(_, original)| plain(original.as_str())).collect();
        transaction.execute(
            "INSERT INTO duplicates (article_id, original_id) SELECT * FROM UNNEST($1::text[], $2::text[])",
            &[&copies, &originals],
        )?;
    }
    Ok(())
}

/// Writes a batch of articles and rejections inside `transaction`; a batch that changes an
/// article raises the version of the article set, as its last statement (the row stays
/// locked only until the commit that follows).
pub(super) fn put_in(
    transaction: &mut Transaction<'_>,
    articles: &[(CleanArticle, Extraction, String)],
    rejections: &[Rejection],
) -> Result<Vec<PutOutcome>, StoreError> {
    let mut outcomes = Vec::with_capacity(articles.len());
    if !articles.is_empty() {
        let upsert = transaction.prepare(UPSERT_ARTICLE)?;
        for (article, extraction, source) in articles {
            let rows = transaction.query(
                &upsert,
                &[
                    &plain(article.id.as_str()),
                    &article.content_hash,
                    &plain(source),
                    &article.title.as_deref().map(plain),
                    &article.outlet.as_deref().map(plain),
                    &article.published.map(|d| d.to_string()),
                    &encode(article),
                    &encode(extraction),
                ],
            )?;
            let outcome = match rows.first() {
                None => PutOutcome::Unchanged,
                Some(row) if row.try_get::<_, bool>(0)? => PutOutcome::Inserted,
                Some(_) => PutOutcome::Updated,
            };
            outcomes.push(outcome);
        }
    }
    if !rejections.is_empty() {
        let reject = transaction.prepare("INSERT INTO rejections (input, reason_json) VALUES ($1, $2)")?;
        for rejection in rejections {
            transaction.execute(&reject, &[&plain(&rejection.input), &encode(&rejection.reason)])?;
        }
    }
    if outcomes.iter().any(|o| *o != PutOutcome::Unchanged) {
        transaction.execute("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'articles_version'", &[])?;
    }
    Ok(outcomes)
}

/// Empties the analysis tables and writes `analysis`, recorded as covering `version`.
pub(super) fn replace_in(
    transaction: &mut Transaction<'_>,
    analysis: &AnalysisSnapshot,
    version: Option<i64>,
) -> Result<(), StoreError> {
    transaction.batch_execute(
        "DELETE FROM event_terms; DELETE FROM event_articles; DELETE FROM events; DELETE FROM stories;
         DELETE FROM duplicates;",
    )?;
    insert_analysis(transaction, analysis)?;
    record_analysed_version(transaction, version)
}

/// Records the version of the article set the analysis now covers: `version`, or the
/// current one.
fn record_analysed_version(transaction: &mut Transaction<'_>, version: Option<i64>) -> Result<(), StoreError> {
    match version {
        Some(version) => transaction
            .execute("UPDATE meta SET value = $1::bigint::text WHERE key = 'analysed_version'", &[&version])?,
        None => transaction.execute(
            "UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'articles_version')
             WHERE key = 'analysed_version'",
            &[],
        )?,
    };
    Ok(())
}

impl Store for PgStore {
    fn put_articles(
        &mut self,
        articles: &[(CleanArticle, Extraction, String)],
        rejections: &[Rejection],
    ) -> Result<Vec<PutOutcome>, StoreError> {
        let mut transaction = self.client_mut().transaction()?;
        let outcomes = put_in(&mut transaction, articles, rejections)?;
        transaction.commit()?;
        Ok(outcomes)
    }

    fn articles(&self) -> Result<Vec<StoredArticle>, StoreError> {
        let rows = self.client().query(&format!("SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY seq"), &[])?;
        rows.iter().map(decode_stored).collect()
    }

    fn article(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError> {
        let row = self
            .client()
            .query_opt(&format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = $1"), &[&plain(id.as_str())])?;
        row.as_ref().map(decode_stored).transpose()
    }

    fn count_articles(&self) -> Result<usize, StoreError> {
        let count: i64 = self.client().query_one("SELECT COUNT(*) FROM articles", &[])?.try_get(0)?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    fn replace_analysis(&mut self, analysis: &AnalysisSnapshot) -> Result<(), StoreError> {
        let mut transaction = self.client_mut().transaction()?;
        replace_in(&mut transaction, analysis, None)?;
        transaction.commit()?;
        Ok(())
    }

    fn article_order(&self) -> Result<Vec<i64>, StoreError> {
        let rows = self.client().query("SELECT seq FROM articles ORDER BY published IS NULL, published, id", &[])?;
        rows.iter().map(|row| Ok(row.try_get(0)?)).collect()
    }

    fn articles_by_seq(&self, seqs: &[i64]) -> Result<Vec<StoredArticle>, StoreError> {
        let rows = self.client().query(
            &format!(
                "SELECT {ARTICLE_COLUMNS} FROM UNNEST($1::bigint[]) WITH ORDINALITY AS asked (seq, n)
                 JOIN articles USING (seq) ORDER BY asked.n"
            ),
            &[&seqs],
        )?;
        rows.iter().map(decode_stored).collect()
    }

    fn articles_by_id(&self, ids: &[ArticleId]) -> Result<Vec<StoredArticle>, StoreError> {
        let ids: Vec<String> = ids.iter().map(|id| plain(id.as_str())).collect();
        let rows = self.client().query(
            &format!(
                "SELECT {} FROM UNNEST($1::text[]) WITH ORDINALITY AS asked (id, n)
                 JOIN articles a ON a.id = asked.id ORDER BY asked.n",
                ARTICLE_COLUMNS_OF_A
            ),
            &[&ids],
        )?;
        rows.iter().map(decode_stored).collect()
    }

    fn event_keys(&self) -> Result<Vec<(EventId, String)>, StoreError> {
        let rows = self
            .client()
            .query("SELECT id, coalesce(report_json::json ->> 'report_key', '') FROM events ORDER BY id", &[])?;
        rows.iter().map(|row| Ok((EventId(row.try_get(0)?), row.try_get(1)?))).collect()
    }

    fn put_events(&mut self, events: &[EventReport]) -> Result<(), StoreError> {
        let mut transaction = self.client_mut().transaction()?;
        let ids: Vec<String> = events.iter().map(|e| plain(&e.id.0)).collect();
        transaction.execute("DELETE FROM events WHERE id = ANY($1::text[])", &[&ids])?;
        insert_events(&mut transaction, events)?;
        transaction.commit()?;
        Ok(())
    }

    fn finish_analysis(
        &mut self,
        keep: &[EventId],
        stories: &[Story],
        duplicates: &[(ArticleId, ArticleId)],
    ) -> Result<(), StoreError> {
        let mut transaction = self.client_mut().transaction()?;
        let keep: Vec<String> = keep.iter().map(|id| plain(&id.0)).collect();
        transaction.execute("DELETE FROM events WHERE id NOT IN (SELECT * FROM UNNEST($1::text[]))", &[&keep])?;
        transaction.batch_execute("DELETE FROM stories; DELETE FROM duplicates;")?;
        insert_stories_and_copies(&mut transaction, stories, duplicates)?;
        record_analysed_version(&mut transaction, None)?;
        transaction.commit()?;
        Ok(())
    }

    fn events(&self) -> Result<Vec<EventReport>, StoreError> {
        let rows = self.client().query("SELECT id, report_json FROM events ORDER BY date IS NULL, date, id", &[])?;
        decode_records(&rows)
    }

    fn event(&self, id: &EventId) -> Result<Option<EventReport>, StoreError> {
        let row = self.client().query_opt("SELECT report_json FROM events WHERE id = $1", &[&plain(&id.0)])?;
        row.map(|row| decode(&id.0, row.try_get(0)?)).transpose()
    }

    fn count_events(&self) -> Result<usize, StoreError> {
        let count: i64 = self.client().query_one("SELECT COUNT(*) FROM events", &[])?.try_get(0)?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    fn find_events(&self, filter: &EventFilter) -> Result<EventPage, StoreError> {
        let (conditions, mut values) = event_conditions(filter);
        let where_clause =
            if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let order = match filter.order {
            EventOrder::Oldest => "date IS NULL, date, id",
            EventOrder::Newest => "date IS NULL, date DESC, id",
        };
        let mut client = self.client();
        // The count and the page from one snapshot.
        let mut transaction =
            client.build_transaction().isolation_level(IsolationLevel::RepeatableRead).read_only(true).start()?;
        let total: i64 = transaction
            .query_one(&format!("SELECT COUNT(*) FROM events {where_clause}"), &refs(&values))?
            .try_get(0)?;
        values.push(Box::new(i64::try_from(filter.limit).unwrap_or(i64::MAX)));
        values.push(Box::new(i64::try_from(filter.offset).unwrap_or(i64::MAX)));
        let n = values.len();
        let rows = transaction.query(
            &format!("SELECT id, report_json FROM events {where_clause} ORDER BY {order} LIMIT ${} OFFSET ${n}", n - 1),
            &refs(&values),
        )?;
        transaction.commit()?;
        Ok(EventPage { total: usize::try_from(total).unwrap_or(0), events: decode_records(&rows)? })
    }

    fn stories(&self) -> Result<Vec<Story>, StoreError> {
        let rows = self.client().query("SELECT id, story_json FROM stories ORDER BY id", &[])?;
        decode_records(&rows)
    }

    fn story(&self, id: &StoryId) -> Result<Option<Story>, StoreError> {
        let row = self.client().query_opt("SELECT story_json FROM stories WHERE id = $1", &[&plain(&id.0)])?;
        row.map(|row| decode(&id.0, row.try_get(0)?)).transpose()
    }

    fn events_of_article(&self, id: &ArticleId) -> Result<Vec<(EventId, String)>, StoreError> {
        let rows = self.client().query(
            "SELECT e.id, e.title FROM event_articles m JOIN events e ON e.id = m.event_id
             WHERE m.article_id = $1 ORDER BY e.date IS NULL, e.date, e.id",
            &[&plain(id.as_str())],
        )?;
        rows.iter().map(|row| Ok((EventId(row.try_get(0)?), row.try_get(1)?))).collect()
    }

    fn duplicate_of(&self, id: &ArticleId) -> Result<Option<ArticleId>, StoreError> {
        let row = self
            .client()
            .query_opt("SELECT original_id FROM duplicates WHERE article_id = $1", &[&plain(id.as_str())])?;
        Ok(row.map(|row| row.try_get::<_, String>(0)).transpose()?.map(ArticleId::from))
    }

    fn article_metas(&self, ids: &[ArticleId]) -> Result<Vec<Option<ArticleMeta>>, StoreError> {
        let keys: Vec<String> = ids.iter().map(|id| plain(id.as_str())).collect();
        let rows = self.client().query(
            "SELECT a.id, a.title, a.outlet, to_char(a.published, 'YYYY-MM-DD'), d.original_id FROM articles a
             LEFT JOIN duplicates d ON d.article_id = a.id WHERE a.id = ANY($1::text[])",
            &[&keys],
        )?;
        let mut found = HashMap::with_capacity(rows.len());
        for row in &rows {
            let meta = ArticleMeta {
                title: row.try_get(1)?,
                outlet: row.try_get(2)?,
                published: row.try_get::<_, Option<String>>(3)?.and_then(|text| text.parse().ok()),
                duplicate_of: row.try_get::<_, Option<String>>(4)?.map(ArticleId::from),
            };
            found.insert(row.try_get::<_, String>(0)?, meta);
        }
        Ok(keys.iter().map(|key| found.get(key).cloned()).collect())
    }

    fn unindexed_articles(&self) -> Result<Vec<StoredArticle>, StoreError> {
        let rows = self
            .client()
            .query(&format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE NOT indexed ORDER BY seq"), &[])?;
        rows.iter().map(decode_stored).collect()
    }

    fn mark_indexed(&mut self, ids: &[ArticleId]) -> Result<(), StoreError> {
        let keys: Vec<String> = ids.iter().map(|id| plain(id.as_str())).collect();
        self.client_mut().execute("UPDATE articles SET indexed = TRUE WHERE id = ANY($1::text[])", &[&keys])?;
        Ok(())
    }

    fn analysis_is_stale(&self) -> Result<bool, StoreError> {
        let row = self.client().query_one(
            "SELECT a.value::bigint <> b.value::bigint FROM meta a, meta b
             WHERE a.key = 'articles_version' AND b.key = 'analysed_version'",
            &[],
        )?;
        Ok(row.try_get(0)?)
    }

    fn rejections(&self) -> Result<Vec<Rejection>, StoreError> {
        let rows = self.client().query("SELECT input, reason_json FROM rejections ORDER BY seq", &[])?;
        rows.iter()
            .map(|row| {
                let input: String = row.try_get(0)?;
                Ok(Rejection { reason: decode(&input, row.try_get(1)?)?, input })
            })
            .collect()
    }
}
