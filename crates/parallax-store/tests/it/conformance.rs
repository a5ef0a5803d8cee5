//! The behaviour every backend must show, one check per feature; `conformance!` runs each
//! against every backend.

use parallax_model::{ArticleId, EventId, Extraction, RejectReason, Rejection, StoryId};
use parallax_store::{AnalysisSnapshot, ArticleMeta, EventFilter, PutOutcome, Store, StoreLocation};

use crate::conformance;
use crate::data::{article, event, ids, row, story, strings};

conformance!(
    fresh_store_is_empty_and_stale,
    put_outcomes_and_stream_order,
    articles_round_trip,
    rejections_keep_their_order,
    analysis_goes_stale_when_articles_change,
    index_bookkeeping,
    analysis_round_trips_and_is_replaced_whole,
    failed_analysis_leaves_the_previous_one,
    article_metas_in_the_order_asked,
    reader_sees_commits_and_cannot_write,
    store_persists_across_opens,
);

/// A batch of articles as (id, body).
type Batch<'a> = &'a [(&'a str, &'a str)];

fn open(location: &StoreLocation) -> Box<dyn Store + Send> {
    location.open().expect("open the store")
}

fn stream(store: &dyn Store) -> Vec<(String, String)> {
    let stored = store.articles().expect("articles");
    let seqs: Vec<i64> = stored.iter().map(|s| s.seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "positions increase along the stream: {seqs:?}");
    stored.into_iter().map(|s| (s.article.id.0.to_string(), s.article.paragraphs.join("\n"))).collect()
}

fn fresh_store_is_empty_and_stale(location: &StoreLocation) {
    let store = open(location);
    assert_eq!(store.count_articles().expect("count"), 0);
    assert_eq!(store.count_events().expect("count"), 0);
    assert!(store.articles().expect("articles").is_empty());
    assert!(store.events().expect("events").is_empty());
    assert!(store.stories().expect("stories").is_empty());
    assert!(store.rejections().expect("rejections").is_empty());
    assert!(store.unindexed_articles().expect("unindexed").is_empty());
    assert_eq!(store.find_events(&EventFilter::default()).expect("find").total, 0);
    assert!(store.analysis_is_stale().expect("stale"), "a new store has never been analysed");
}

fn put_outcomes_and_stream_order(location: &StoreLocation) {
    use PutOutcome::{Inserted, Unchanged, Updated};
    // Batches in order, each with what writing it must do to every row.
    let steps: &[(Batch, &[PutOutcome])] = &[
        (&[("b", "two"), ("a", "one")], &[Inserted, Inserted]),
        (&[("a", "one"), ("b", "two")], &[Unchanged, Unchanged]),
        (&[("b", "two, corrected")], &[Updated]),
        (&[], &[]),
        // The same id twice in a batch: the second sees the first.
        (
            &[("c", "three"), ("c", "three"), ("c", "three, again"), ("a", "one")],
            &[Inserted, Unchanged, Updated, Unchanged],
        ),
        (&[("b", "two")], &[Updated]),
    ];
    let mut store = open(location);
    for (step, (batch, expected)) in steps.iter().enumerate() {
        let rows: Vec<_> = batch.iter().map(|(id, body)| row(id, body)).collect();
        assert_eq!(store.put_articles(&rows, &[]).expect("put"), *expected, "step {step}");
    }
    assert_eq!(store.count_articles().expect("count"), 3);
    let expected = [("b", "two"), ("a", "one"), ("c", "three, again")];
    let expected: Vec<(String, String)> = expected.iter().map(|(i, b)| ((*i).into(), (*b).into())).collect();
    assert_eq!(stream(store.as_ref()), expected, "updates keep their position in the stream");
}

fn articles_round_trip(location: &StoreLocation) {
    let mut store = open(location);
    let mut plain = article("plain", "Body.");
    plain.title = None;
    plain.outlet = None;
    plain.published = None;
    let mut rich = article("rich/é", "Zürich — “quoted” 東京\nsecond line");
    rich.paragraphs.push("A NUL \0 inside, and a tab\t.".into());
    rich.authors = strings(&["Mira Tal", "Oskar Lind"]);
    rich.url = Some("https://example.org/a?b=c".into());
    rich.title = Some("Title with a NUL \0 byte".into());
    let extraction = Extraction::default();
    let rows = vec![
        (plain.clone(), Extraction::default(), "dir/plain.txt".to_string()),
        (rich.clone(), extraction.clone(), "feeds/rich.jsonl:7".to_string()),
    ];
    store.put_articles(&rows, &[]).expect("put");
    let stored = store.article(&rich.id).expect("lookup").expect("stored");
    assert_eq!(stored.article, rich);
    assert_eq!(stored.extraction, extraction);
    assert_eq!(stored.source, "feeds/rich.jsonl:7");
    let stored = store.article(&plain.id).expect("lookup").expect("stored");
    assert_eq!((stored.article, stored.source.as_str()), (plain, "dir/plain.txt"));
    assert!(store.article(&ArticleId("missing".into())).expect("lookup").is_none());
    assert!(store.article(&ArticleId("RICH/é".into())).expect("lookup").is_none(), "ids match exactly");
}

fn rejections_keep_their_order(location: &StoreLocation) {
    let mut store = open(location);
    let reject = |input: &str, reason: RejectReason| Rejection { input: input.into(), reason };
    let first = vec![reject("z.txt", RejectReason::Empty), reject("a.bin", RejectReason::Binary)];
    let second = vec![reject("m.json", RejectReason::InvalidJson { message: "line 3: expected `}`".into() })];
    store.put_articles(&[row("a", "one")], &first).expect("put");
    store.put_articles(&[], &second).expect("put rejections alone");
    store.put_articles(&[row("a", "one")], &first[..1]).expect("the same input rejected again");
    let mut expected = first.clone();
    expected.extend(second);
    expected.push(first[0].clone());
    assert_eq!(store.rejections().expect("rejections"), expected);
    assert_eq!(store.count_articles().expect("count"), 1);
}

fn analysis_goes_stale_when_articles_change(location: &StoreLocation) {
    let mut store = open(location);
    // (batch, stale afterwards); the analysis is replaced before every step.
    let steps: &[(Batch, bool)] = &[
        (&[("a", "one")], true),
        (&[("a", "one")], false),
        (&[], false),
        (&[("a", "one, corrected")], true),
        (&[("b", "two"), ("a", "one, corrected")], true),
    ];
    for (step, (batch, stale)) in steps.iter().enumerate() {
        store.replace_analysis(&AnalysisSnapshot::default()).expect("analysis");
        assert!(!store.analysis_is_stale().expect("stale"), "step {step}: a new analysis is fresh");
        let rows: Vec<_> = batch.iter().map(|(id, body)| row(id, body)).collect();
        store.put_articles(&rows, &[]).expect("put");
        assert_eq!(store.analysis_is_stale().expect("stale"), *stale, "step {step}");
    }
    let rejected = [Rejection { input: "x".into(), reason: RejectReason::Empty }];
    store.replace_analysis(&AnalysisSnapshot::default()).expect("analysis");
    store.put_articles(&[], &rejected).expect("put");
    assert!(!store.analysis_is_stale().expect("stale"), "rejections alone change no article");
}

fn index_bookkeeping(location: &StoreLocation) {
    let mut store = open(location);
    let unindexed = |store: &dyn Store| -> Vec<String> {
        store.unindexed_articles().expect("unindexed").into_iter().map(|s| s.article.id.0.to_string()).collect()
    };
    store.put_articles(&[row("c", "3"), row("a", "1"), row("b", "2")], &[]).expect("put");
    assert_eq!(unindexed(store.as_ref()), strings(&["c", "a", "b"]), "in stream order");
    store.mark_indexed(&ids(&["a", "missing"])).expect("mark");
    assert_eq!(unindexed(store.as_ref()), strings(&["c", "b"]));
    store.mark_indexed(&[]).expect("mark nothing");
    store.put_articles(&[row("a", "1")], &[]).expect("unchanged");
    assert_eq!(unindexed(store.as_ref()), strings(&["c", "b"]), "an unchanged article stays indexed");
    store.put_articles(&[row("a", "1, corrected")], &[]).expect("updated");
    let changed = store.unindexed_articles().expect("unindexed");
    assert_eq!(changed.iter().map(|s| s.article.id.as_str()).collect::<Vec<_>>(), ["c", "a", "b"]);
    assert_eq!(changed[1].article.paragraphs, ["1, corrected"], "the index is given the new content");
    store.mark_indexed(&ids(&["a", "b", "c"])).expect("mark");
    assert!(unindexed(store.as_ref()).is_empty());
}

fn analysis_round_trips_and_is_replaced_whole(location: &StoreLocation) {
    let mut store = open(location);
    store.put_articles(&[row("a", "1"), row("b", "2"), row("c", "3")], &[]).expect("put");
    let mut rich = event("ev-rich", Some("2025-03-14"), &["a", "b"]);
    rich.outlets = strings(&["Harbour Herald", "Plainsfield Tribune"]);
    rich.people = strings(&["Mira Tal"]);
    rich.title = "Flood in Eskerby — “worst in decades”".into();
    let first = AnalysisSnapshot {
        events: vec![
            event("ev-undated", None, &["c", "a"]),
            rich.clone(),
            event("ev-early", Some("2024-12-31"), &["a"]),
        ],
        stories: vec![story("st-2", &["ev-rich"]), story("st-1", &["ev-early", "ev-rich"])],
        duplicates: vec![(ArticleId("b".into()), ArticleId("a".into()))],
    };
    store.replace_analysis(&first).expect("analysis");
    let event_ids: Vec<String> = store.events().expect("events").into_iter().map(|e| e.id.0).collect();
    assert_eq!(event_ids, strings(&["ev-early", "ev-rich", "ev-undated"]), "by date, undated last");
    assert_eq!(store.count_events().expect("count"), 3);
    assert_eq!(store.event(&EventId("ev-rich".into())).expect("event"), Some(rich));
    assert_eq!(store.event(&EventId("ev-missing".into())).expect("event"), None);
    let story_ids: Vec<String> = store.stories().expect("stories").into_iter().map(|s| s.id.0).collect();
    assert_eq!(story_ids, strings(&["st-1", "st-2"]));
    assert_eq!(store.stories().expect("stories")[0], first.stories[1]);
    assert_eq!(store.story(&StoryId("st-2".into())).expect("story").as_ref(), Some(&first.stories[0]));
    assert_eq!(store.story(&StoryId("st-missing".into())).expect("story"), None);
    assert_eq!(store.duplicate_of(&ArticleId("b".into())).expect("dup"), Some(ArticleId("a".into())));
    assert_eq!(store.duplicate_of(&ArticleId("a".into())).expect("dup"), None);
    let of_a: Vec<String> =
        store.events_of_article(&ArticleId("a".into())).expect("of a").into_iter().map(|(id, _)| id.0).collect();
    assert_eq!(of_a, strings(&["ev-early", "ev-rich", "ev-undated"]));
    assert_eq!(
        store.events_of_article(&ArticleId("c".into())).expect("of c"),
        [(EventId("ev-undated".into()), "Event ev-undated".to_string())]
    );

    let second = AnalysisSnapshot { events: vec![event("ev-new", None, &["c"])], ..AnalysisSnapshot::default() };
    store.replace_analysis(&second).expect("replace");
    assert_eq!(store.events().expect("events"), second.events);
    assert!(store.stories().expect("stories").is_empty());
    assert_eq!(store.story(&StoryId("st-1".into())).expect("story"), None, "the old stories are gone");
    assert_eq!(store.duplicate_of(&ArticleId("b".into())).expect("dup"), None, "old copies are gone");
    assert!(store.events_of_article(&ArticleId("a".into())).expect("of a").is_empty());
    assert_eq!(store.count_articles().expect("count"), 3, "articles are not analysis");
}

fn failed_analysis_leaves_the_previous_one(location: &StoreLocation) {
    let mut store = open(location);
    store.put_articles(&[row("a", "1")], &[]).expect("put");
    let good = AnalysisSnapshot { events: vec![event("ev-1", None, &["a"])], ..AnalysisSnapshot::default() };
    store.replace_analysis(&good).expect("analysis");
    store.put_articles(&[row("a", "1, corrected")], &[]).expect("put");
    let clashing = AnalysisSnapshot {
        events: vec![event("ev-2", None, &["a"]), event("ev-2", None, &["a"])],
        ..AnalysisSnapshot::default()
    };
    assert!(store.replace_analysis(&clashing).is_err(), "two events with one id cannot be stored");
    assert_eq!(store.events().expect("events"), good.events, "the failed replacement left nothing behind");
    assert!(store.analysis_is_stale().expect("stale"), "and the analysis is still out of date");
    store.replace_analysis(&good).expect("the store is usable after the failure");
}

fn article_metas_in_the_order_asked(location: &StoreLocation) {
    let mut store = open(location);
    let mut undated = article("u", "undated");
    undated.published = None;
    undated.title = None;
    store
        .put_articles(&[row("a", "1"), row("b", "2"), (undated, Extraction::default(), "u".into())], &[])
        .expect("put");
    let snapshot = AnalysisSnapshot {
        duplicates: vec![(ArticleId("b".into()), ArticleId("a".into()))],
        ..AnalysisSnapshot::default()
    };
    store.replace_analysis(&snapshot).expect("analysis");
    let meta = |id: &str, duplicate_of: Option<&str>| ArticleMeta {
        title: Some(format!("Title {id}")),
        outlet: Some("Harbour Herald".into()),
        published: chrono::NaiveDate::from_ymd_opt(2025, 3, 14),
        duplicate_of: duplicate_of.map(|d| ArticleId(d.into())),
    };
    let undated = ArticleMeta { outlet: Some("Harbour Herald".into()), ..ArticleMeta::default() };
    let metas = store.article_metas(&ids(&["b", "missing", "u", "a", "b"])).expect("metas");
    assert_eq!(
        metas,
        [Some(meta("b", Some("a"))), None, Some(undated), Some(meta("a", None)), Some(meta("b", Some("a")))]
    );
    assert!(store.article_metas(&[]).expect("metas").is_empty());
}

fn reader_sees_commits_and_cannot_write(location: &StoreLocation) {
    assert!(location.open_read_only().is_err(), "a reader neither creates nor migrates a store");
    let mut writer = open(location);
    let mut reader = location.open_read_only().expect("reader");
    assert_eq!(reader.count_articles().expect("count"), 0);
    writer.put_articles(&[row("a", "1")], &[]).expect("put");
    assert_eq!(reader.count_articles().expect("count"), 1, "the reader sees the commit");
    assert!(reader.article(&ArticleId("a".into())).expect("lookup").is_some());
    assert!(reader.put_articles(&[row("b", "2")], &[]).is_err(), "a reader cannot write");
    assert_eq!(writer.count_articles().expect("count"), 1);
    writer
        .replace_analysis(&AnalysisSnapshot { events: vec![event("ev", None, &["a"])], ..Default::default() })
        .expect("analysis");
    assert_eq!(reader.find_events(&EventFilter::default()).expect("find").total, 1);
}

fn store_persists_across_opens(location: &StoreLocation) {
    {
        let mut store = open(location);
        store.put_articles(&[row("a", "1"), row("b", "2")], &[]).expect("put");
        store.mark_indexed(&ids(&["a"])).expect("mark");
        store
            .replace_analysis(&AnalysisSnapshot { events: vec![event("ev", None, &["a"])], ..Default::default() })
            .expect("analysis");
    }
    let store = open(location);
    assert_eq!(stream(store.as_ref()), [("a".to_string(), "1".to_string()), ("b".into(), "2".into())]);
    assert_eq!(store.unindexed_articles().expect("unindexed").len(), 1);
    assert_eq!(store.count_events().expect("count"), 1);
    assert!(!store.analysis_is_stale().expect("stale"));
}
