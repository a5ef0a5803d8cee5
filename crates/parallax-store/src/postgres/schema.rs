//! PostgreSQL schema and migrations, applied in order in one transaction; the single row of
//! `parallax_schema` records how many have been applied.
//!
//! Identifiers compare and sort bytewise (`COLLATE "C"`), as in the embedded backend, whatever
//! the database's locale: lists come out in the same order on both.

pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: everything version 3 of the embedded schema has: articles with their index flag,
    // analysis (events, members, filter terms, stories, copies), rejections; the version of
    // the article set (raised by every batch that changes an article) and the version the
    // analysis covers, in place of a stale flag, so that writers and an analyser in other
    // processes never undo each other; the job queue of `parallax worker`
    r#"
    CREATE TABLE articles (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        source TEXT NOT NULL,
        title TEXT,
        outlet TEXT,
        published DATE,
        article_json TEXT NOT NULL,
        extraction_json TEXT NOT NULL,
        indexed BOOLEAN NOT NULL DEFAULT FALSE
    );
    CREATE INDEX articles_published ON articles (published);
    CREATE INDEX articles_unindexed ON articles (seq) WHERE NOT indexed;
    CREATE TABLE events (
        id TEXT COLLATE "C" PRIMARY KEY,
        date DATE,
        title TEXT NOT NULL,
        report_json TEXT NOT NULL
    );
    CREATE INDEX events_oldest ON events ((date IS NULL), date, id);
    CREATE INDEX events_newest ON events ((date IS NULL), date DESC, id);
    CREATE TABLE event_articles (
        event_id TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        article_id TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (event_id, article_id)
    );
    CREATE INDEX event_articles_article ON event_articles (article_id);
    CREATE TABLE event_terms (
        event_id TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        value TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX event_terms_value ON event_terms (kind, value);
    CREATE INDEX event_terms_event ON event_terms (event_id);
    CREATE TABLE stories (
        id TEXT COLLATE "C" PRIMARY KEY,
        story_json TEXT NOT NULL
    );
    CREATE TABLE duplicates (
        article_id TEXT COLLATE "C" PRIMARY KEY,
        original_id TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE rejections (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        input TEXT NOT NULL,
        reason_json TEXT NOT NULL
    );
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO meta (key, value) VALUES ('articles_version', '0'), ('analysed_version', '-1');
    CREATE TABLE jobs (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        input TEXT NOT NULL,
        done BOOLEAN NOT NULL DEFAULT FALSE,
        lease_owner TEXT,
        lease_expires TIMESTAMPTZ,
        attempts INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX jobs_open ON jobs (id) WHERE NOT done;
    "#,
];
