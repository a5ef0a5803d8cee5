//! Schema and migrations, applied in order; `PRAGMA user_version` records the last one.

pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: articles, analysis, rejections
    "
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        source TEXT NOT NULL,
        title TEXT,
        outlet TEXT,
        published TEXT,
        article_json TEXT NOT NULL,
        extraction_json TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles (published);
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        date TEXT,
        title TEXT NOT NULL,
        report_json TEXT NOT NULL
    );
    CREATE TABLE event_articles (
        event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        article_id TEXT NOT NULL,
        PRIMARY KEY (event_id, article_id)
    );
    CREATE INDEX event_articles_article ON event_articles (article_id);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        story_json TEXT NOT NULL
    );
    CREATE TABLE duplicates (
        article_id TEXT PRIMARY KEY,
        original_id TEXT NOT NULL
    );
    CREATE TABLE rejections (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        input TEXT NOT NULL,
        reason_json TEXT NOT NULL
    );
    ",
    // 2: crash-safety bookkeeping: which articles the search index has, whether the
    // analysis is older than the articles
    "
    ALTER TABLE articles ADD COLUMN indexed INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX articles_unindexed ON articles (indexed) WHERE indexed = 0;
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO meta (key, value) VALUES ('analysis_stale', '1');
    ",
    // 3: event lists filtered and paged in SQL: the outlets and names of each event (lowercase),
    // and the two orders of the list as indexes; filled from the stored reports
    "
    CREATE TABLE event_terms (
        event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        value TEXT NOT NULL
    );
    CREATE INDEX event_terms_value ON event_terms (kind, value);
    CREATE INDEX event_terms_event ON event_terms (event_id);
    CREATE INDEX events_oldest ON events (date IS NULL, date, id);
    CREATE INDEX events_newest ON events (date IS NULL, date DESC, id);
    INSERT INTO event_terms (event_id, kind, value)
        SELECT e.id, 'outlet', lower(j.value) FROM events e, json_each(e.report_json, '$.outlets') j;
    INSERT INTO event_terms (event_id, kind, value)
        SELECT e.id, 'entity', lower(j.value) FROM events e, json_each(e.report_json, '$.people') j
        UNION ALL SELECT e.id, 'entity', lower(j.value) FROM events e, json_each(e.report_json, '$.places') j
        UNION ALL SELECT e.id, 'entity', lower(j.value) FROM events e, json_each(e.report_json, '$.organizations') j;
    ",
];
