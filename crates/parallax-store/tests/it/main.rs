//! Conformance suite for `Store` backends: every backend must pass the same checks.

use parallax_model::{ArticleId, CleanArticle, EventId, EventReport, Extraction, RejectReason, Rejection};
use parallax_store::{AnalysisSnapshot, ArticleMeta, EventFilter, EventOrder, PutOutcome, SqliteStore, Store};

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
        updates: Vec::new(),
        statements: Vec::new(),
        wording: Vec::new(),
        story: None,
        history: Vec::new(),
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
    assert_eq!(store.count_events().expect("count events"), 2);
    assert_eq!(
        store.event(&EventId("ev-2".into())).expect("event").map(|e| e.articles),
        Some(vec![ArticleId("b".into())])
    );
    assert_eq!(store.duplicate_of(&ArticleId("b".into())).expect("dup"), Some(ArticleId("a".into())));
    let metas = store.article_metas(&[ArticleId("b".into()), ArticleId("missing".into())]).expect("metas");
    let b = ArticleMeta {
        title: Some("Title b".into()),
        outlet: Some("Harbour Herald".into()),
        published: chrono::NaiveDate::from_ymd_opt(2025, 3, 14),
        duplicate_of: Some(ArticleId("a".into())),
    };
    assert_eq!(metas, [Some(b), None]);
    let of_a = store.events_of_article(&ArticleId("a".into())).expect("events of a");
    assert_eq!(of_a, [(EventId("ev-1".into()), "Event ev-1".to_string())]);
    check_event_filters(store);
    store.replace_analysis(&AnalysisSnapshot::default()).expect("replace");
    assert!(store.events().expect("events").is_empty());
    assert_eq!(store.find_events(&EventFilter::default()).expect("find").total, 0);
}

fn check_event_filters(store: &mut dyn Store) {
    let mut flood = event("ev-flood", Some("2025-03-14"), &["a"]);
    flood.outlets = vec!["Harbour Herald".into()];
    flood.places = vec!["Eskerby".into()];
    let mut accord = event("ev-accord", Some("2025-05-02"), &["b"]);
    accord.outlets = vec!["Plainsfield Tribune".into()];
    accord.people = vec!["Mira Tal".into()];
    accord.organizations = vec!["Port_Authority".into()];
    let undated = event("ev-undated", None, &["a", "b"]);
    let snapshot = AnalysisSnapshot { events: vec![flood, accord, undated], ..AnalysisSnapshot::default() };
    store.replace_analysis(&snapshot).expect("analysis");
    let find = |filter: EventFilter| {
        let page = store.find_events(&filter).expect("find");
        (page.total, page.events.into_iter().map(|e| e.id.0).collect::<Vec<_>>())
    };
    let all = EventFilter::default();
    let day = |text: &str| text.parse().ok();
    let ids = |ids: &[&str]| ids.iter().map(|id| (*id).to_string()).collect::<Vec<_>>();
    assert_eq!(find(all.clone()), (3, ids(&["ev-flood", "ev-accord", "ev-undated"])));
    assert_eq!(
        find(EventFilter { order: EventOrder::Newest, ..all.clone() }).1,
        ids(&["ev-accord", "ev-flood", "ev-undated"])
    );
    assert_eq!(find(EventFilter { from: day("2025-04-01"), ..all.clone() }), (1, ids(&["ev-accord"])));
    assert_eq!(find(EventFilter { to: day("2025-04-01"), ..all.clone() }), (1, ids(&["ev-flood"])));
    assert_eq!(find(EventFilter { entity: Some("TAL".into()), ..all.clone() }).1, ids(&["ev-accord"]));
    assert_eq!(find(EventFilter { entity: Some("esker".into()), ..all.clone() }).1, ids(&["ev-flood"]));
    assert_eq!(find(EventFilter { entity: Some("t_a".into()), ..all.clone() }).1, ids(&["ev-accord"]));
    assert_eq!(find(EventFilter { entity: Some("%".into()), ..all.clone() }).0, 0, "LIKE wildcards are literal");
    assert_eq!(find(EventFilter { outlet: Some("harbour HERALD".into()), ..all.clone() }).1, ids(&["ev-flood"]));
    assert_eq!(find(EventFilter { outlet: Some("harbour".into()), ..all.clone() }).0, 0, "outlets match whole");
    let b = Some(vec![ArticleId("b".into())]);
    assert_eq!(find(EventFilter { articles: b, ..all.clone() }).1, ids(&["ev-accord", "ev-undated"]));
    assert_eq!(find(EventFilter { articles: Some(Vec::new()), ..all.clone() }).0, 0);
    assert_eq!(find(EventFilter { offset: 1, limit: 1, ..all }), (3, ids(&["ev-accord"])));
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

#[test]
fn sqlite_reader_sees_the_writers_commits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("parallax.db");
    assert!(SqliteStore::open_read_only(&path).is_err(), "a reader does not create the database");
    let mut writer = SqliteStore::open(&path).expect("open");
    let reader = SqliteStore::open_read_only(&path).expect("reader");
    assert_eq!(reader.count_articles().expect("count"), 0);
    let batch = vec![(article("a", "First body."), Extraction::default(), "a.txt".to_string())];
    writer.put_articles(&batch, &[]).expect("put");
    assert_eq!(reader.count_articles().expect("count"), 1);
    assert!(reader.article(&ArticleId("a".into())).expect("lookup").is_some());
}
