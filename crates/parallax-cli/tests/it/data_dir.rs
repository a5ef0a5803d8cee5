//! The data directory: idempotent ingest, listing, one event, search.

use crate::{json, parallax_in, workspace_root};

#[test]
fn ingest_twice_keeps_one_copy_and_answers_queries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = workspace_root().join("examples/corpus").display().to_string();
    let data = dir.path().join("data").display().to_string();
    let ingest = |args: &[&str]| parallax_in(dir.path(), args);
    let first = ingest(&["ingest", &corpus, "--data-dir", &data, "--json", "--quiet"]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let first = json(&first);
    assert_eq!(first["inserted"], 11);
    assert_eq!(first["events_total"], 3);
    let again = json(&ingest(&["ingest", &corpus, "--data-dir", &data, "--json", "--quiet"]));
    assert_eq!(again["inserted"], 0);
    assert_eq!(again["unchanged"], 11);
    assert_eq!(again["articles_total"], 11);

    let events = json(&ingest(&["events", "--data-dir", &data, "--json"]));
    let events = events.as_array().expect("events");
    assert_eq!(events.len(), 3);
    let id = events[0]["id"].as_str().expect("id");
    let event = json(&ingest(&["event", id, "--data-dir", &data, "--json"]));
    assert_eq!(event["id"], id);
    assert!(!event["summary"].as_array().expect("summary").is_empty());

    let missing = ingest(&["event", "ev-nope", "--data-dir", &data]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no event with id `ev-nope`"));

    let hits = json(&ingest(&["search", "flood", "--data-dir", &data, "--json"]));
    let hits = hits.as_array().expect("hits");
    assert!(hits.len() >= 3);
    assert!(hits.iter().all(|h| h["id"].as_str().is_some_and(|id| id.contains("flood"))), "{hits:?}");
}
