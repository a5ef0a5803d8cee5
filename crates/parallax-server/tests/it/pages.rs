//! The web pages on the example corpus.

use axum::http::StatusCode;

use crate::*;

async fn page(app: &Router, uri: &str) -> String {
    let answer = get(app, uri).await;
    assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
    assert!(answer.content_type().starts_with("text/html"), "{uri}: {}", answer.content_type());
    assert!(answer.body.starts_with("<!doctype html>"));
    assert!(answer.body.contains("name=\"viewport\""), "readable on a phone");
    assert!(!answer.body.contains("<script"), "no JavaScript");
    answer.body
}

#[tokio::test]
async fn event_list() {
    let fixture = corpus();
    let app = &fixture.app;
    let html = page(app, "/").await;
    let (id, flood, port_lysa) =
        (event_id(app, MARENPORT).await, event_id(app, FLOOD).await, event_id(app, PORT_LYSA).await);
    let link = |id: &str| format!("href=\"/events/{id}\"");
    let newest = html.find(&link(&port_lysa)).expect("event B");
    let oldest = html.find(&link(&id)).expect("event A");
    assert!(newest < oldest, "newest first");
    assert!(html.contains("5 articles"));
    assert!(html.contains("4 independent origins"));
    assert!(html.contains("Coastline Courier · Greywater Dispatch"));
    assert!(html.contains("Events 1–3 of 3"));

    let filtered = page(app, "/?entity=Marrow&q=").await;
    assert!(filtered.contains(&link(&flood)) && !filtered.contains(&link(&port_lysa)));
    assert!(filtered.contains("name=\"entity\" value=\"Marrow\""), "the form keeps its values");

    let paged = page(app, "/?limit=1&offset=1").await;
    assert!(paged.contains(&link(&flood)) && paged.contains("Events 2–2 of 3"));
    assert!(paged.contains("href=\"/?limit=1&#38;order=newest&#38;offset=0\""), "{paged}");
    assert!(paged.contains("href=\"/?limit=1&#38;order=newest&#38;offset=2\""), "{paged}");

    let bad = get(app, "/?from=yesterday").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.content_type().starts_with("text/html"));
    assert!(bad.body.contains("invalid parameter `from`: expected a date as YYYY-MM-DD, got `yesterday`"));

    let empty = fixture_page_of_empty_directory().await;
    assert!(empty.contains("No events yet"));
}

async fn fixture_page_of_empty_directory() -> String {
    let fixture = fixture(false, None);
    page(&fixture.app, "/").await
}

#[tokio::test]
async fn event_page() {
    let fixture = corpus();
    let app = &fixture.app;
    let id = event_id(app, MARENPORT).await;
    let html = page(app, &format!("/events/{id}")).await;
    // Sources side by side, one column per outlet, each article with an anchor.
    for outlet in ["Coastline Courier", "Greywater Dispatch", "Newsbucket Daily", "Plainsfield Tribune"] {
        assert!(html.contains(&format!("<h3>{outlet}</h3>")), "{outlet}");
    }
    for n in 1..=5 {
        assert!(html.contains(&format!("<li id=\"a{n}\">")), "anchor a{n}");
    }
    assert!(html.contains("href=\"/articles/newsbucket-daily/01-tal-vell-aid-corridor\""));
    // The copy points at its original (the second article of the event).
    assert!(html.contains("copy of <a href=\"#a2\">[2]</a>"), "{html}");
    // Summary sentences cite article anchors.
    assert!(html.contains("<a class=\"cite\" href=\"#a1\">[1]</a>"));
    // Conflicts are highlighted, in their section and in the figure ledger.
    assert!(html.contains("class=\"card conflict\""));
    assert!(html.contains("≠ killed:"));
    assert!(html.contains("<strong>1,200</strong>") && html.contains("<strong>1,350</strong>"));
    assert!(html.contains("<tr class=\"conflict\">"));
    assert!(html.contains("<h2>Agreements</h2>"));
    assert!(html.contains("according to the health ministry in Marenport"));
    // The story around the event: Tal's later visit (the Port Lysa talks) on an SVG timeline,
    // this event highlighted, the other one a link.
    assert!(html.contains("<svg class=\"timeline\""), "a timeline is drawn");
    assert_eq!(html.matches("class=\"dot current\"").count(), 1);
    let later = html.split("<ol class=\"timeline-list\">").nth(1).expect("timeline list");
    assert!(later.contains("(this event)") && later.contains("<a href=\"/events/ev-"), "{later}");
    // The quote ledger: speakers and other wordings.
    assert!(html.contains("— Arvin Tal"));
    assert!(html.contains("Also worded: “Dravenia will not look away while families in Orrin wait"));

    let missing = get(app, "/events/ev-nothing").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("no event with id `ev-nothing`"));
}

#[tokio::test]
async fn article_page() {
    let fixture = corpus();
    let app = &fixture.app;
    let html = page(app, "/articles/newsbucket-daily/01-tal-vell-aid-corridor").await;
    assert!(html.contains("A copy of <a href=\"/articles/greywater-dispatch/01-marenport-aid-corridor-talks\">"));
    assert!(html.contains("Part of: <a href=\"/events/ev-"));
    assert!(html.contains("will not look away while families in"), "clean paragraphs");
    // Names, quotes with their speakers and figures are marked in the text.
    assert!(html.contains(r#"<span class="m-quote" title="Quote — Arvin Tal">“"#), "a direct quote marked");
    assert!(html.contains(r#"<span class="m-place" title="Place: Marenport">Marenport</span>"#), "a place marked");
    assert!(html.contains(r#"title="killed: more than 1,350 people (according to the health ministry)">1,350</span>"#));
    assert!(
        html.contains("<li><strong>Sora Vell</strong>: “We will open the roads, but we cannot open them alone”</li>")
    );
    assert!(!html.contains("Leave a reply"), "page clutter removed");
    let encoded = page(app, "/articles/newsbucket-daily%2F01-tal-vell-aid-corridor").await;
    assert_eq!(encoded, html);

    let missing = get(app, "/articles/nowhere/at-all").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("no article with id `nowhere/at-all`"));
    let unknown = get(app, "/no-such-page").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.content_type().starts_with("text/html"));
}

#[tokio::test]
async fn search_page() {
    let fixture = corpus();
    let app = &fixture.app;
    let form = page(app, "/search").await;
    assert!(form.contains("<h1>Search articles and quotes</h1>") && !form.contains("result"));
    let html = page(app, "/search?q=floods").await;
    assert!(html.contains("<mark>"), "{html}");
    assert!(html.contains("results for “floods”"));
    assert!(html.contains("href=\"/articles/coastline-courier/03-haldmoor-floods\""));
    assert!(html.contains("value=\"floods\""), "the search box keeps the query");
    let none = page(app, "/search?q=zzzzqqq").await;
    assert!(none.contains("No article or quote matches “zzzzqqq”."));
    // Quotes are results of their own, with their speaker and the article that carries them.
    let quotes = page(app, "/search?q=%22open+the+roads%22").await;
    assert!(quotes.contains("<blockquote class=\"quote-hit\">"), "{quotes}");
    assert!(quotes.contains("— Sora Vell</blockquote>"), "{quotes}");
    assert!(quotes.contains("Quoted in <a href=\"/articles/"), "{quotes}");
    let bad = get(app, "/search?q=x&limit=500").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
