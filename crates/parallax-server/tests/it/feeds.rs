//! Feeds and exports of the example corpus.

use axum::http::StatusCode;

use crate::*;

#[tokio::test]
async fn atom_feed_newest_first() {
    let fixture = corpus();
    let app = &fixture.app;
    let answer = get(app, "/feeds/events.atom").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.content_type().starts_with("application/atom+xml"));
    let xml = &answer.body;
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">")
    );
    assert!(xml.contains("<updated>2025-05-20T00:00:00Z</updated>"), "the newest event dates the feed");
    assert_eq!(xml.matches("<entry>").count(), 3);
    let id = event_id(app, MARENPORT).await;
    let newest_id = event_id(app, PORT_LYSA).await;
    let oldest = xml.find(&format!("<id>urn:parallax:event:{id}</id>")).expect("event A");
    let newest = xml.find(&format!("<id>urn:parallax:event:{newest_id}</id>")).expect("event B");
    assert!(newest < oldest);
    assert!(xml.contains(&format!("href=\"https://parallax.example/events/{id}\"")), "links use the public URL");
    assert!(xml.contains("<author><name>Greywater Dispatch</name></author>"));
    let report = get(app, &format!("/api/events/{id}")).await.json();
    let sentence = report["summary"][0]["text"].as_str().expect("a summary sentence");
    let escaped = sentence.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    assert!(xml.contains(&escaped) || xml.contains(&escaped.replace('\'', "&apos;")), "summaries as text");
    assert_eq!(xml.matches("<entry>").count(), xml.matches("</entry>").count());

    let limited = get(app, "/feeds/events.atom?limit=1").await.body;
    assert_eq!(limited.matches("<entry>").count(), 1);
    assert!(limited.contains(&newest_id));
    get(app, "/feeds/events.atom?limit=x").await.error(StatusCode::BAD_REQUEST, "invalid_parameter");
}

#[tokio::test]
async fn json_feed() {
    let fixture = corpus();
    let app = &fixture.app;
    let answer = get(app, "/feeds/events.json").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.content_type().starts_with("application/feed+json"));
    let feed = answer.json();
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["feed_url"], "https://parallax.example/feeds/events.json");
    let items = feed["items"].as_array().expect("items");
    let dates: Vec<&str> = items.iter().filter_map(|i| i["date_published"].as_str()).collect();
    assert_eq!(dates, ["2025-05-20T00:00:00Z", "2025-04-08T00:00:00Z", "2025-03-14T00:00:00Z"]);
    assert!(items[0]["url"].as_str().is_some_and(|u| u.starts_with("https://parallax.example/events/ev-")));
    assert!(items[1]["tags"].as_array().is_some_and(|t| t.iter().any(|x| x == "Ilse Marrow")));
    get(app, "/feeds/events.json?from=2025").await.error(StatusCode::BAD_REQUEST, "invalid_parameter");
}

#[tokio::test]
async fn exports() {
    let fixture = corpus();
    let app = &fixture.app;
    let jsonl = get(app, "/export/events.jsonl").await;
    assert_eq!(jsonl.status, StatusCode::OK);
    assert!(jsonl.content_type().starts_with("application/x-ndjson"));
    let reports: Vec<serde_json::Value> =
        jsonl.body.lines().map(|line| serde_json::from_str(line).expect("one JSON report per line")).collect();
    assert_eq!(reports.len(), 3);
    assert_eq!(reports[0]["date"], "2025-03-14");
    assert!(reports[0]["quotes"].as_array().is_some_and(|q| !q.is_empty()), "full reports");
    let one = get(app, "/export/events.jsonl?outlet=Newsbucket%20Daily").await.body;
    assert_eq!(one.lines().count(), 1);

    let csv = get(app, "/export/events.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.content_type().starts_with("text/csv"));
    let lines: Vec<&str> = csv.body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "id,date,title,article_count,independent_origin_count,outlets,people,places,organizations,conflicts"
    );
    assert_eq!(lines.len(), 4);
    let id = event_id(app, MARENPORT).await;
    assert!(lines[1].starts_with(&format!("{id},2025-03-14,")), "{}", lines[1]);
    assert!(lines[1].contains(",5,4,"), "{}", lines[1]);
    assert!(lines[1].contains("Coastline Courier; Greywater Dispatch"));
    assert!(lines[1].ends_with(",2"), "two conflicts: {}", lines[1]);
    get(app, "/export/events.csv?sort=date").await.error(StatusCode::BAD_REQUEST, "invalid_query");
}
