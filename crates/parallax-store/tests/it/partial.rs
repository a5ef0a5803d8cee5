//! Conformance of what an analysis in bounded memory uses: articles read in publication
//! order a slice at a time, and an analysis written in parts.

use parallax_model::{ArticleId, EventId, Extraction};
use parallax_store::{AnalysisSnapshot, Store, StoreLocation};

use crate::conformance;
use crate::data::{article, event, ids, row, story, strings};

conformance!(publication_order_and_reads_by_position_and_id, analysis_written_in_parts);

fn open(location: &StoreLocation) -> Box<dyn Store + Send> {
    location.open().expect("open the store")
}

fn dated(id: &str, day: Option<(i32, u32, u32)>) -> (parallax_model::CleanArticle, Extraction, String) {
    let mut article = article(id, &format!("body of {id}"));
    article.published = day.and_then(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d));
    (article, Extraction::default(), format!("{id}.txt"))
}

fn article_ids(articles: &[parallax_store::StoredArticle]) -> Vec<String> {
    articles.iter().map(|stored| stored.article.id.0.to_string()).collect()
}

fn publication_order_and_reads_by_position_and_id(location: &StoreLocation) {
    let mut store = open(location);
    // Stored out of publication order, with ties on a day, an undated pair, and ids whose
    // bytewise order differs from a case-blind one.
    let rows = [
        dated("m", Some((2025, 3, 14))),
        dated("undated-b", None),
        dated("B", Some((2025, 3, 14))),
        dated("a", Some((2024, 12, 31))),
        dated("undated-a", None),
        dated("c", Some((2025, 3, 15))),
    ];
    store.put_articles(&rows, &[]).expect("put");
    let order = store.article_order().expect("order");
    let in_order = store.articles_by_seq(&order).expect("by seq");
    assert_eq!(article_ids(&in_order), strings(&["a", "B", "m", "c", "undated-a", "undated-b"]));
    // Any slice, in the order asked; positions the store lacks are left out.
    let asked = [order[3], -5, order[0]];
    assert_eq!(article_ids(&store.articles_by_seq(&asked).expect("by seq")), strings(&["c", "a"]));
    let by_id = store.articles_by_id(&ids(&["undated-b", "missing", "B"])).expect("by id");
    assert_eq!(article_ids(&by_id), strings(&["undated-b", "B"]));
    assert_eq!(by_id[0], store.article(&ArticleId("undated-b".into())).expect("one").expect("stored"));
    assert!(store.articles_by_seq(&[]).expect("none").is_empty());
}

fn analysis_written_in_parts(location: &StoreLocation) {
    let mut store = open(location);
    store.put_articles(&[row("a", "1"), row("b", "2"), row("c", "3")], &[]).expect("put");
    let keyed = |id: &str, articles: &[&str], key: &str| {
        let mut report = event(id, Some("2025-03-14"), articles);
        report.report_key = key.into();
        report.people = strings(&[&format!("Person of {id}")]);
        report
    };
    store
        .replace_analysis(&AnalysisSnapshot {
            events: vec![
                keyed("ev-gone", &["a"], "k1"),
                keyed("ev-kept", &["b"], "k2"),
                event("ev-nokey", None, &["c"]),
            ],
            stories: vec![story("st-old", &["ev-gone"])],
            duplicates: vec![(ArticleId("b".into()), ArticleId("a".into()))],
        })
        .expect("analysis");
    assert_eq!(
        store.event_keys().expect("keys"),
        [
            (EventId("ev-gone".into()), "k1".to_string()),
            (EventId("ev-kept".into()), "k2".to_string()),
            (EventId("ev-nokey".into()), String::new()),
        ]
    );
    store.put_articles(&[row("c", "3, corrected")], &[]).expect("put");
    // A new analysis in parts: one event replaced, one added, one left alone, one dropped.
    let replaced = keyed("ev-nokey", &["c", "a"], "k3");
    let added = keyed("ev-new", &["a"], "k4");
    store.put_events(std::slice::from_ref(&replaced)).expect("part one");
    store.put_events(std::slice::from_ref(&added)).expect("part two");
    assert!(store.analysis_is_stale().expect("stale"), "an analysis in progress is not finished");
    let keep = vec![EventId("ev-kept".into()), EventId("ev-nokey".into()), EventId("ev-new".into())];
    store
        .finish_analysis(
            &keep,
            &[story("st-new", &["ev-new", "ev-kept"])],
            &[(ArticleId("c".into()), ArticleId("a".into()))],
        )
        .expect("finish");
    assert!(!store.analysis_is_stale().expect("stale"));
    let event_ids: Vec<String> = store.events().expect("events").into_iter().map(|e| e.id.0).collect();
    assert_eq!(event_ids, strings(&["ev-kept", "ev-new", "ev-nokey"]));
    assert_eq!(store.event(&EventId("ev-nokey".into())).expect("event"), Some(replaced));
    assert_eq!(store.event(&EventId("ev-gone".into())).expect("event"), None);
    // Members and filter terms follow their events.
    let of_a: Vec<String> =
        store.events_of_article(&ArticleId("a".into())).expect("of a").into_iter().map(|(id, _)| id.0).collect();
    assert_eq!(of_a, strings(&["ev-new", "ev-nokey"]));
    let filter = parallax_store::EventFilter { entity: Some("person of ev-gone".into()), ..Default::default() };
    assert_eq!(store.find_events(&filter).expect("find").total, 0, "a dropped event's terms are gone");
    let filter = parallax_store::EventFilter { entity: Some("person of ev-nokey".into()), ..Default::default() };
    assert_eq!(store.find_events(&filter).expect("find").total, 1, "a replaced event's terms are not doubled");
    let story_ids: Vec<String> = store.stories().expect("stories").into_iter().map(|s| s.id.0).collect();
    assert_eq!(story_ids, strings(&["st-new"]));
    assert_eq!(store.duplicate_of(&ArticleId("b".into())).expect("dup"), None);
    assert_eq!(store.duplicate_of(&ArticleId("c".into())).expect("dup"), Some(ArticleId("a".into())));
}
