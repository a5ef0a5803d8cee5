//! A wire story carried by four outlets, each lightly edited (headline, trimmed ending, an
//! added local paragraph, reworded sentences), beside an independent report of the same event
//! and an unrelated story (`tests/fixtures/wire`, written for these tests).

use crate::{event_groups, json, parallax};

const WIRE_COPIES: &[&str] = &[
    "harbor-herald/dam-spillway-evacuation",
    "lakeside-ledger/orlan-dam-crack",
    "ridgeline-post/evacuation-below-orlan-dam",
    "the-morning-bell/veskia-dam-evacuation",
];
const INDEPENDENT: &str = "valley-voice/night-of-buses-in-ostravel";
const UNRELATED: &str = "coastline-courier/harbour-tram-line-opens";

#[test]
fn wire_copies_are_one_origin_in_one_event() {
    let output = parallax(&["analyze", "crates/parallax-cli/tests/fixtures/wire", "--json", "--quiet"]);
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let analysis = json(&output);
    let mut dam: Vec<String> = WIRE_COPIES.iter().map(|s| (*s).to_string()).collect();
    dam.push(INDEPENDENT.to_string());
    dam.sort();
    assert_eq!(event_groups(&analysis), vec![vec![UNRELATED.to_string()], dam]);
    let articles = analysis["articles"].as_array().expect("articles");
    let origin = |id: &str| {
        let article = articles.iter().find(|a| a["id"] == id).expect("article");
        article["duplicate_of"].as_str().unwrap_or(id).to_string()
    };
    let origins: Vec<String> = WIRE_COPIES.iter().map(|id| origin(id)).collect();
    assert!(origins.iter().all(|o| *o == origins[0]), "one origin group for the wire copies: {origins:?}");
    assert_ne!(origin(INDEPENDENT), origins[0], "the independent report is its own origin");
    let event = analysis["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["articles"].as_array().expect("articles").len() == 5)
        .expect("the dam event");
    assert_eq!(event["article_count"], 5);
    assert_eq!(event["independent_origin_count"], 2);
}
