//! The five seed articles in ../shared/seeds (skipped with a message where absent).

use crate::{event_groups, json, parallax, workspace_root};

fn seeds() -> Option<serde_json::Value> {
    let dir = workspace_root().join("../shared/seeds");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return None;
    }
    let output = parallax(&["analyze", &dir.display().to_string(), "--json", "--quiet"]);
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    Some(json(&output))
}

fn ids(names: &[&str]) -> Vec<String> {
    let dir = workspace_root().join("../shared/seeds");
    let mut all: Vec<String> = std::fs::read_dir(dir)
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|e| e.path().file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    all.sort();
    names.iter().map(|prefix| all.iter().find(|id| id.starts_with(prefix)).expect("seed").clone()).collect()
}

#[test]
fn two_meetings_two_events() {
    let Some(analysis) = seeds() else { return };
    let mut expected = vec![ids(&["000", "001", "002", "003"]), ids(&["004"])];
    expected.sort();
    assert_eq!(event_groups(&analysis), expected);
    let first = &analysis["events"][0];
    assert_eq!(first["date"], "2023-11-03");
}

#[test]
fn articles_are_clean_and_correctly_dated() {
    let Some(analysis) = seeds() else { return };
    let articles = analysis["articles"].as_array().expect("articles");
    assert_eq!(articles.len(), 5);
    for article in articles {
        let id = article["id"].as_str().expect("id");
        assert!(!id.contains('.'), "ids are file names without extension: {id}");
        let text = article["text"].as_str().expect("text");
        assert!(text.len() > 500, "{id}: body kept");
        for clutter in ["Related stories", "Please enter your", "Leave a comment", "71.2 F", "Photo:", "Staff Report"] {
            assert!(!text.contains(clutter), "{id}: clutter `{clutter}` left");
        }
        let published = article["published"].as_str();
        assert_ne!(published.map(|p| &p[..4]), Some("2024"), "{id}: a page's today is not a publication date");
    }
    let dated: Vec<&str> = articles.iter().filter_map(|a| a["published"].as_str()).collect();
    assert_eq!(dated, ["2023-11-03"; 3]);
}

#[test]
fn figures_disagree_where_outlets_do() {
    let Some(analysis) = seeds() else { return };
    let conflicts: Vec<Vec<f64>> = analysis["events"][0]["conflicts"]
        .as_array()
        .expect("conflicts")
        .iter()
        .map(|c| c["values"].as_array().expect("values").iter().map(|v| v["value"].as_f64().expect("v")).collect())
        .collect();
    assert!(conflicts.contains(&vec![9000.0, 9200.0]), "{conflicts:?}");
    assert!(conflicts.contains(&vec![200.0, 240.0]), "{conflicts:?}");
    assert!(analysis["events"][1]["conflicts"].as_array().expect("conflicts").is_empty());
}

/// Whether an article's text writes a value, with or without thousands separators.
fn writes_value(article: &serde_json::Value, value: f64) -> bool {
    let text = article["text"].as_str().expect("text");
    let plain = format!("{}", value as u64);
    let mut grouped = String::new();
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    text.contains(&grouped) || text.contains(&plain)
}

#[test]
fn the_report_cites_the_articles_behind_each_value_and_wording() {
    let Some(analysis) = seeds() else { return };
    let articles = analysis["articles"].as_array().expect("articles");
    let article = |id: &serde_json::Value| articles.iter().find(|a| a["id"] == *id).expect("cited article");
    let first = &analysis["events"][0];
    // Each side of a conflict cites articles that write that value.
    for conflict in first["conflicts"].as_array().expect("conflicts") {
        for value in conflict["values"].as_array().expect("values") {
            let v = value["value"].as_f64().expect("value");
            for id in value["articles"].as_array().expect("articles") {
                assert!(writes_value(article(id), v), "{id} does not write {v}");
            }
        }
    }
    // 1,400 killed on Oct. 7: an agreement of three outlets, each writing it.
    let agreement = first["agreements"]
        .as_array()
        .expect("agreements")
        .iter()
        .find(|a| a["value"] == 1400.0 && a["what"] == "killed")
        .expect("1,400 killed agreed");
    let ids = agreement["articles"].as_array().expect("articles");
    assert_eq!(ids.len(), 3, "{agreement}");
    assert!(ids.iter().all(|id| writes_value(article(id), 1400.0) && article(id)["duplicate_of"].is_null()));
    // The quote about a Palestinian child: one quote, two outlets, two wordings.
    let quote = first["quotes"]
        .as_array()
        .expect("quotes")
        .iter()
        .find(|q| q["text"].as_str().is_some_and(|t| t.starts_with("When I see a Palestinian child")))
        .expect("the quote");
    assert_eq!(quote["articles"].as_array().expect("articles").len(), 2, "{quote}");
    let variants = quote["variants"].as_array().expect("variants");
    assert_eq!(variants.len(), 1, "{quote}");
    assert_ne!(variants[0]["text"], quote["text"]);
    assert!(variants[0]["segments"].as_array().expect("segments").iter().any(|s| s["changed"] == true));
    // Every quote has a speaker; every summary sentence cites articles of its event.
    for event in analysis["events"].as_array().expect("events") {
        let members = event["articles"].as_array().expect("articles");
        for quote in event["quotes"].as_array().expect("quotes") {
            assert!(quote["speaker"].is_string(), "a quote without a speaker: {quote}");
        }
        for sentence in event["summary"].as_array().expect("summary") {
            let cited = sentence["articles"].as_array().expect("articles");
            assert!(!cited.is_empty() && cited.iter().all(|id| members.contains(id)), "{sentence}");
        }
    }
}

#[test]
fn people_are_linked_across_articles_and_events() {
    let Some(analysis) = seeds() else { return };
    let events = analysis["events"].as_array().expect("events");
    let person = |event: &serde_json::Value, family: &str| -> serde_json::Value {
        event["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .find(|e| e["kind"] == "person" && e["name"].as_str().is_some_and(|n| n.ends_with(family)))
            .unwrap_or_else(|| panic!("{family} in {}", event["id"]))
            .clone()
    };
    let first = person(&events[0], "Blinken");
    // One entity for every form of his name, in all four articles of the first meeting.
    assert_eq!(first["articles"].as_array().expect("articles").len(), 4, "{first}");
    assert!(first["aliases"].as_array().expect("aliases").iter().any(|a| a == "Blinken"), "{first}");
    // The same person, the same entity, in the other event.
    assert_eq!(person(&events[1], "Blinken")["id"], first["id"]);
}
