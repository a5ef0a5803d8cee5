//! The example corpus: three events, two of them with the same actors two months apart, a
//! syndicated copy in page clutter, and outlets that disagree on figures.

use crate::{event_groups, json, parallax};

const EVENT_A: &[&str] = &[
    "coastline-courier/01-tal-vell-marenport-talks",
    "greywater-dispatch/01-marenport-aid-corridor-talks",
    "newsbucket-daily/01-tal-vell-aid-corridor",
    "plainsfield-tribune/01-tal-third-visit-hostages",
    "the-evening-lantern/01-tal-visit-hostage-families",
];
const EVENT_B: &[&str] = &[
    "coastline-courier/02-port-lysa-shipping-accord",
    "greywater-dispatch/02-port-lysa-ceasefire-framework",
    "plainsfield-tribune/02-tal-fourth-visit-port-deal",
];
const EVENT_C: &[&str] = &[
    "coastline-courier/03-haldmoor-floods",
    "plainsfield-tribune/03-ottel-flood-toll",
    "the-evening-lantern/02-eskerby-flood-shelters",
];

fn analysis() -> serde_json::Value {
    let output = parallax(&["analyze", "examples/corpus", "--json", "--quiet"]);
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    json(&output)
}

fn event_with<'a>(analysis: &'a serde_json::Value, article: &str) -> &'a serde_json::Value {
    analysis["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["articles"].as_array().expect("articles").iter().any(|a| a == article))
        .expect("event with article")
}

#[test]
fn three_events_correctly_separated() {
    let analysis = analysis();
    let expected: Vec<Vec<String>> = {
        let mut groups: Vec<Vec<String>> =
            [EVENT_A, EVENT_B, EVENT_C].iter().map(|g| g.iter().map(|s| (*s).to_string()).collect()).collect();
        groups.sort();
        groups
    };
    assert_eq!(event_groups(&analysis), expected);
    let a = event_with(&analysis, EVENT_A[0]);
    let b = event_with(&analysis, EVENT_B[0]);
    assert_eq!(a["date"], "2025-03-14");
    assert_eq!(b["date"], "2025-05-20");
    assert_eq!(event_with(&analysis, EVENT_C[0])["date"], "2025-04-08");
}

#[test]
fn syndicated_copy_is_one_origin_and_loses_its_clutter() {
    let analysis = analysis();
    let copy = analysis["articles"].as_array().expect("articles").iter().find(|a| a["id"] == EVENT_A[2]).expect("copy");
    assert_eq!(copy["duplicate_of"], EVENT_A[1]);
    assert_eq!(copy["published"], serde_json::Value::Null, "the page's today is not the publication date");
    let text = copy["text"].as_str().expect("text");
    for clutter in ["Trending now", "Leave a reply", "71.2 F", "newsletter", "...", "By Rhys Calloway"] {
        assert!(!text.contains(clutter), "clutter `{clutter}` left in: {text}");
    }
    assert!(text.contains("more than 1,350") || text.contains("More than 1,350"), "body kept: {text}");
    let a = event_with(&analysis, EVENT_A[0]);
    assert_eq!(a["article_count"], 5);
    assert_eq!(a["independent_origin_count"], 4);
}

#[test]
fn figure_conflicts_within_an_event_only() {
    let analysis = analysis();
    let conflicts = |article: &str| -> Vec<(String, Vec<f64>)> {
        event_with(&analysis, article)["conflicts"]
            .as_array()
            .expect("conflicts")
            .iter()
            .map(|c| {
                let values =
                    c["values"].as_array().expect("values").iter().map(|v| v["value"].as_f64().expect("value"));
                (c["about"].as_str().expect("about").to_string(), values.collect())
            })
            .collect()
    };
    let a = conflicts(EVENT_A[0]);
    assert!(a.contains(&("killed".to_string(), vec![1200.0, 1350.0])), "{a:?}");
    assert!(a.contains(&("hostages".to_string(), vec![80.0, 95.0])), "{a:?}");
    assert!(conflicts(EVENT_B[0]).is_empty(), "event B's figures are its own");
    assert!(conflicts(EVENT_C[0]).is_empty(), "the flood reports agree");
}

#[test]
fn every_summary_sentence_cites_articles_of_its_event() {
    let analysis = analysis();
    for event in analysis["events"].as_array().expect("events") {
        let members = event["articles"].as_array().expect("articles");
        let summary = event["summary"].as_array().expect("summary");
        assert!(!summary.is_empty());
        for sentence in summary {
            let cited = sentence["articles"].as_array().expect("citations");
            assert!(!cited.is_empty(), "uncited: {sentence}");
            assert!(cited.iter().all(|id| members.contains(id)), "cites outside its event: {sentence}");
        }
    }
}

#[test]
fn quotes_have_speakers() {
    let analysis = analysis();
    let a = event_with(&analysis, EVENT_A[0]);
    let shared = a["quotes"]
        .as_array()
        .expect("quotes")
        .iter()
        .find(|q| q["text"].as_str().is_some_and(|t| t.starts_with("Dravenia will not look away")))
        .expect("the shared quote");
    assert_eq!(shared["speaker"], "Arvin Tal");
    assert!(shared["articles"].as_array().expect("articles").len() >= 2);
    assert!(!shared["variants"].as_array().expect("variants").is_empty(), "two wordings");
}

#[test]
fn same_input_same_bytes_whatever_the_order() {
    let first = parallax(&["analyze", "examples/corpus", "--json", "--quiet"]);
    let again = parallax(&["analyze", "examples/corpus", "--json", "--quiet"]);
    assert_eq!(first.stdout, again.stdout);
    let corpus = crate::workspace_root().join("examples/corpus");
    let mut folders: Vec<String> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.path().display().to_string())
        .collect();
    folders.sort();
    let run = |folders: &[String]| {
        let mut args = vec!["analyze", "--json", "--quiet"];
        args.extend(folders.iter().map(String::as_str));
        parallax(&args)
    };
    let forward = run(&folders);
    folders.reverse();
    let backward = run(&folders);
    assert_eq!(forward.stdout, backward.stdout, "input order does not change the output");
    assert_eq!(event_groups(&json(&forward)).len(), 3);
}

#[test]
fn readable_report_names_events_and_conflicts() {
    let output = parallax(&["analyze", "examples/corpus", "--quiet"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("3 events"), "{text}");
    assert!(text.contains("conflicts:") && text.contains("1,200") && text.contains("1,350"), "{text}");
}
