//! Event lists filtered and paged by the store: one table of filters and the events each
//! must return, checked against every backend.

use parallax_model::ArticleId;
use parallax_store::{AnalysisSnapshot, EventFilter, EventOrder, Store, StoreLocation};

use crate::conformance;
use crate::data::{event, row, strings};

conformance!(event_filters, event_ids_sort_bytewise);

/// Three dated events, one undated, two whose ids differ only in case.
fn snapshot() -> AnalysisSnapshot {
    let mut flood = event("ev-flood", Some("2025-03-14"), &["a"]);
    flood.outlets = strings(&["Harbour Herald"]);
    flood.places = strings(&["Eskerby"]);
    let mut accord = event("ev-accord", Some("2025-05-02"), &["b"]);
    accord.outlets = strings(&["Plainsfield Tribune", "Harbour Herald"]);
    accord.people = strings(&["Mira Tal"]);
    accord.organizations = strings(&["Port_Authority"]);
    let mut vote = event("ev-vote", Some("2025-03-14"), &["c"]);
    vote.people = strings(&["Oskar Lind"]);
    vote.places = strings(&["Ålesund"]);
    let undated = event("ev-undated", None, &["a", "b"]);
    AnalysisSnapshot { events: vec![undated, vote, accord, flood], ..AnalysisSnapshot::default() }
}

/// What `find_events` returns for `filter`: the total and the ids of the page.
fn check(store: &dyn Store, filter: EventFilter, expected_total: usize, expected: &[&str]) {
    let page = store.find_events(&filter).expect("find");
    let found: Vec<String> = page.events.into_iter().map(|e| e.id.0).collect();
    assert_eq!((page.total, found), (expected_total, strings(expected)), "{filter:?}");
}

fn event_filters(location: &StoreLocation) {
    let mut store = location.open().expect("open");
    store.put_articles(&[row("a", "1"), row("b", "2"), row("c", "3")], &[]).expect("put");
    store.replace_analysis(&snapshot()).expect("analysis");
    let all = EventFilter::default();
    let day = |text: &str| Some(text.parse().expect("day"));
    let articles = |list: &[&str]| Some(list.iter().map(|id| ArticleId((*id).into())).collect::<Vec<_>>());
    let newest = EventFilter { order: EventOrder::Newest, ..all.clone() };
    let cases: Vec<(EventFilter, usize, &[&str])> = vec![
        (all.clone(), 4, &["ev-flood", "ev-vote", "ev-accord", "ev-undated"]),
        (newest.clone(), 4, &["ev-accord", "ev-flood", "ev-vote", "ev-undated"]),
        (EventFilter { from: day("2025-04-01"), ..all.clone() }, 1, &["ev-accord"]),
        (EventFilter { to: day("2025-04-01"), ..all.clone() }, 2, &["ev-flood", "ev-vote"]),
        (EventFilter { from: day("2025-03-14"), to: day("2025-03-14"), ..all.clone() }, 2, &["ev-flood", "ev-vote"]),
        (EventFilter { from: day("2025-05-03"), ..all.clone() }, 0, &[]),
        (EventFilter { entity: Some("TAL".into()), ..all.clone() }, 1, &["ev-accord"]),
        (EventFilter { entity: Some("esker".into()), ..all.clone() }, 1, &["ev-flood"]),
        (EventFilter { entity: Some("ålesund".into()), ..all.clone() }, 1, &["ev-vote"]),
        (EventFilter { entity: Some("ÅLESUND".into()), ..all.clone() }, 1, &["ev-vote"]),
        (EventFilter { entity: Some("t_a".into()), ..all.clone() }, 1, &["ev-accord"]),
        (EventFilter { entity: Some("%".into()), ..all.clone() }, 0, &[]),
        (EventFilter { entity: Some("o".into()), ..newest.clone() }, 2, &["ev-accord", "ev-vote"]),
        (EventFilter { outlet: Some("harbour HERALD".into()), ..all.clone() }, 2, &["ev-flood", "ev-accord"]),
        (EventFilter { outlet: Some("harbour".into()), ..all.clone() }, 0, &[]),
        (
            EventFilter { outlet: Some("harbour herald".into()), entity: Some("mira".into()), ..all.clone() },
            1,
            &["ev-accord"],
        ),
        (EventFilter { articles: articles(&["b"]), ..all.clone() }, 2, &["ev-accord", "ev-undated"]),
        (
            EventFilter { articles: articles(&["a", "c", "missing"]), ..all.clone() },
            3,
            &["ev-flood", "ev-vote", "ev-undated"],
        ),
        (EventFilter { articles: articles(&[]), ..all.clone() }, 0, &[]),
        (EventFilter { articles: articles(&["a"]), to: day("2025-12-31"), ..all.clone() }, 1, &["ev-flood"]),
        (EventFilter { offset: 1, limit: 2, ..all.clone() }, 4, &["ev-vote", "ev-accord"]),
        (EventFilter { offset: 3, limit: 10, ..newest.clone() }, 4, &["ev-undated"]),
        (EventFilter { offset: 4, ..all.clone() }, 4, &[]),
        (EventFilter { offset: usize::MAX, ..all.clone() }, 4, &[]),
        (EventFilter { limit: 0, ..all.clone() }, 4, &[]),
    ];
    for (filter, total, expected) in cases {
        check(store.as_ref(), filter, total, expected);
    }
}

fn event_ids_sort_bytewise(location: &StoreLocation) {
    let mut store = location.open().expect("open");
    // In a locale-aware collation "ev-a" would come before "ev-B", and "ev_c" before "ev-d".
    let names = ["ev-a", "ev-B", "ev-d", "ev_c", "ev-Ä"];
    let events = names.iter().map(|id| event(id, Some("2025-01-01"), &[])).collect();
    store.replace_analysis(&AnalysisSnapshot { events, ..AnalysisSnapshot::default() }).expect("analysis");
    let mut sorted = names.map(str::to_string).to_vec();
    sorted.sort();
    let listed: Vec<String> = store.events().expect("events").into_iter().map(|e| e.id.0).collect();
    assert_eq!(listed, sorted);
    check(store.as_ref(), EventFilter::default(), 5, &sorted.iter().map(String::as_str).collect::<Vec<_>>());
}
