//! Conformance suite for `Store` backends: every backend must pass the same checks.

use parallax_model::{ArticleId, CleanArticle, EventId, EventReport, Extraction, RejectReason, Rejection};
use parallax_store::{AnalysisSnapshot, PutOutcome, SqliteStore, Store};

fn article(id: &str, body: &str) -> CleanArticle {
    CleanArticle {
        id: ArticleId(id.into()),
        title: Some(format!("Title {id}")),
        subtitle: None,
        outlet: Some("Harbour Herald".into()),
        url: None,
        published: chrono::NaiveDate::from_ymd_opt(2025, 3, 14),
        published_source: None,
        modified: None,
        language: Some("en".into()),
        authors: Vec::new(),
        paragraphs: vec![body.to_string()],
        removed: Vec::new(),
        content_hash: parallax_model::short_hash(body),
    }
}

fn event(id: &str, date: Option<&str>, articles: &[&str]) -> EventReport {
    EventReport {
        id: EventId(id.into()),
        title: format!("Event {id}"),
        date: date.and_then(|d| d.parse().ok()),
        articles: articles.iter().map(|a| ArticleId((*a).into())).collect(),
        outlets: Vec::new(),
        article_count: articles.len(),
        independent_origin_count: articles.len(),
        people: Vec::new(),
        places: Vec::new(),
        organizations: Vec::new(),
        summary: Vec::new(),
        quotes: Vec::new(),
        figures: Vec::new(),
        agreements: Vec::new(),
        conflicts: Vec::new(),
        statements: Vec::new(),
        wording: Vec::new(),
    }
}

fn conformance(store: &mut dyn Store) {
    let batch = vec![
        (article("a", "First body."), Extraction::default(), "a.txt".to_string()),
        (article("b", "Second body."), Extraction::default(), "b.txt".to_string()),
    ];
    let rejected = vec![Rejection { input: "bad.txt".into(), reason: RejectReason::Empty }];
    assert_eq!(store.put_articles(&batch, &rejected).expect("put"), [PutOutcome::Inserted, PutOutcome::Inserted]);
    assert_eq!(store.put_articles(&batch, &[]).expect("put again"), [PutOutcome::Unchanged, PutOutcome::Unchanged]);
    let changed = vec![(article("a", "First body, corrected."), Extraction::default(), "a.txt".to_string())];
    assert_eq!(store.put_articles(&changed, &[]).expect("update"), [PutOutcome::Updated]);
    assert_eq!(store.count_articles().expect("count"), 2);
    let stored = store.articles().expect("articles");
    let ids: Vec<&str> = stored.iter().map(|s| s.article.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"], "an update keeps the stream position");
    assert_eq!(stored[0].article.paragraphs, ["First body, corrected."]);
    assert!(store.article(&ArticleId("missing".into())).expect("lookup").is_none());
    assert_eq!(store.rejections().expect("rejections"), rejected);
    assert!(store.analysis_is_stale().expect("stale"), "new articles make the analysis stale");
    let unindexed: Vec<String> =
        store.unindexed_articles().expect("unindexed").iter().map(|s| s.article.id.0.clone()).collect();
    assert_eq!(unindexed, ["a", "b"]);
    store.mark_indexed(&[ArticleId("a".into())]).expect("mark");
    assert_eq!(store.unindexed_articles().expect("unindexed").len(), 1);

    let snapshot = AnalysisSnapshot {
        events: vec![event("ev-2", None, &["b"]), event("ev-1", Some("2025-03-14"), &["a"])],
        stories: Vec::new(),
        duplicates: vec![(ArticleId("b".into()), ArticleId("a".into()))],
    };
    store.replace_analysis(&snapshot).expect("analysis");
    assert!(!store.analysis_is_stale().expect("stale"));
    store.put_articles(&batch[1..], &[]).expect("unchanged");
    assert!(!store.analysis_is_stale().expect("stale"), "unchanged articles keep the analysis fresh");
    let events = store.events().expect("events");
    let ids: Vec<&str> = events.iter().map(|e| e.id.0.as_str()).collect();
    assert_eq!(ids, ["ev-1", "ev-2"], "dated events first");
    assert_eq!(
        store.event(&EventId("ev-2".into())).expect("event").map(|e| e.articles),
        Some(vec![ArticleId("b".into())])
    );
    assert_eq!(store.duplicate_of(&ArticleId("b".into())).expect("dup"), Some(ArticleId("a".into())));
    let of_a = store.events_of_article(&ArticleId("a".into())).expect("events of a");
    assert_eq!(of_a, [(EventId("ev-1".into()), "Event ev-1".to_string())]);
    store.replace_analysis(&AnalysisSnapshot::default()).expect("replace");
    assert!(store.events().expect("events").is_empty());
}

#[test]
fn sqlite_in_memory_conforms() {
    conformance(&mut SqliteStore::open_in_memory().expect("open"));
}

#[test]
fn sqlite_file_conforms_and_persists() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("parallax.db");
    conformance(&mut SqliteStore::open(&path).expect("open"));
    let reopened = SqliteStore::open(&path).expect("reopen");
    assert_eq!(reopened.count_articles().expect("count"), 2);
}
