//! Stories as timelines: every event belongs to one story, and each story's timeline lists
//! its events in date order with the same date, title and counts as the event reports.

use std::collections::BTreeMap;

use crate::{json, parallax, workspace_root};

fn check_timelines(input: &str) {
    let output = parallax(&["analyze", input, "--json", "--quiet"]);
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let analysis = json(&output);
    let events: BTreeMap<&str, &serde_json::Value> = analysis["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| (e["id"].as_str().expect("event id"), e))
        .collect();
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for story in analysis["stories"].as_array().expect("stories") {
        let story_id = story["id"].as_str().expect("story id");
        let timeline = story["timeline"].as_array().expect("timeline");
        let ids: Vec<&str> = timeline.iter().map(|entry| entry["event"].as_str().expect("event")).collect();
        let listed: Vec<&str> = story["events"].as_array().expect("events").iter().filter_map(|e| e.as_str()).collect();
        assert_eq!(ids, listed, "{input}: the timeline of {story_id} lists the story's events in its order");
        let dates: Vec<&str> = timeline.iter().filter_map(|entry| entry["date"].as_str()).collect();
        assert!(dates.windows(2).all(|pair| pair[0] <= pair[1]), "{input}: {story_id} in date order: {dates:?}");
        let undated_first = timeline.iter().position(|entry| entry["date"].is_null()).unwrap_or(timeline.len());
        assert!(timeline[undated_first..].iter().all(|entry| entry["date"].is_null()), "{input}: undated events last");
        for entry in timeline {
            let id = entry["event"].as_str().expect("event");
            let event = events.get(id).unwrap_or_else(|| panic!("{input}: {id} on a timeline is an event"));
            for field in ["date", "title", "article_count", "independent_origin_count", "outlets"] {
                assert_eq!(entry[field], event[field], "{input}: {id}'s {field} on the timeline");
            }
            assert_eq!(event["story"], story["id"], "{input}: {id} names its story");
            assert!(seen.insert(id, story_id).is_none(), "{input}: {id} is on one timeline only");
        }
    }
    assert_eq!(seen.len(), events.len(), "{input}: every event is on a timeline");
}

#[test]
fn every_event_is_on_its_story_timeline() {
    check_timelines("examples/corpus");
    check_timelines("crates/parallax-cli/tests/fixtures/wire");
    let seeds = workspace_root().join("../shared/seeds");
    if seeds.is_dir() {
        check_timelines(seeds.to_str().expect("utf-8 path"));
    } else {
        eprintln!("seeds skipped: {} is absent", seeds.display());
    }
}

#[test]
fn event_history_names_the_founding_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let data = data.to_str().expect("utf-8 path");
    let ingest = parallax(&["ingest", "examples/corpus", "--data-dir", data, "--quiet"]);
    assert!(ingest.status.success(), "stderr: {}", String::from_utf8_lossy(&ingest.stderr));
    let events = json(&parallax(&["events", "--data-dir", data, "--json"]));
    for row in events.as_array().expect("events") {
        let id = row["id"].as_str().expect("id");
        let event = json(&parallax(&["event", id, "--data-dir", data, "--json"]));
        let history = json(&parallax(&["event", id, "--history", "--data-dir", data, "--json"]));
        assert_eq!(history, event["history"], "--history --json prints the report's history");
        let entries = history.as_array().expect("history");
        let first = &entries[0];
        assert!(matches!(first["action"].as_str(), Some("founded" | "split_off")), "{first}");
        if first["action"] == "founded" {
            let founder = first["article"].as_str().expect("founder");
            let articles = event["articles"].as_array().expect("articles");
            assert!(articles.iter().any(|a| a == founder), "{id}: its founder {founder} is one of its articles");
        }
        let text = parallax(&["event", id, "--history", "--data-dir", data]);
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("after ") && text.contains("because "), "{text}");
    }
}
