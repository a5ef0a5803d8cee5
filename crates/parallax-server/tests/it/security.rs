//! Articles carrying markup (`<script>`, `onerror=`, `javascript:` links) are shown inert on
//! every page: their text is escaped, no HTML from an article ever reaches a page as HTML.

use axum::http::StatusCode;

use crate::*;

const HOSTILE: &str = r#"[
  {
    "id": "evil/x<script>",
    "url": "javascript:alert(document.cookie)",
    "title": "Harbourfire <script>alert('title')</script> in Marenport",
    "published": "2025-06-02",
    "outlet": "Evil <img src=x onerror=\"alert('outlet')\"> Outlet",
    "text": "Officials in Marenport said a harbourfire <script>alert('x')</script> broke out on Monday, injuring 12 people.\n\nSee <a href=\"javascript:alert(1)\">this link</a> and <img src=x onerror=\"alert(2)\"> for harbourfire pictures, officials said on Monday.\n\n\"We <b>will</b> rebuild,\" said Mayor Oren Vask."
  },
  {
    "url": "https://evil.example/page",
    "title": "Harbourfire page",
    "published": "2025-06-02",
    "html": "<html><body><article><h1>Harbourfire page</h1><p>The harbourfire in Marenport injured 12 people on Monday, officials said. <script>alert('html')</script></p><p><img src=x onerror=\"alert(3)\"><a href=\"javascript:alert(4)\">More on the harbourfire</a> from officials in Marenport on Monday.</p></article></body></html>"
  }
]"#;

fn assert_inert(uri: &str, html: &str) {
    for forbidden in ["<script", "<img", "href=\"javascript:", "onerror=\"", "<b>will", "<a href=\"javascript"] {
        assert!(!html.to_lowercase().contains(forbidden), "{uri} carries `{forbidden}`:\n{html}");
    }
}

#[tokio::test]
async fn hostile_articles_are_inert_on_every_page() {
    let fixture = corpus();
    let app = &fixture.app;
    let ingested = post_json(app, "/api/articles", Some(TOKEN), HOSTILE).await;
    assert_eq!(ingested.status, StatusCode::OK, "{}", ingested.body);
    assert_eq!(ingested.json()["inserted"], 2, "{}", ingested.body);

    let article_uri = "/articles/evil/x%3Cscript%3E";
    let article = get(app, article_uri).await;
    assert_eq!(article.status, StatusCode::OK, "{}", article.body);
    assert_inert(article_uri, &article.body);
    assert!(article.body.contains("harbourfire &#60;script&#62;alert("), "the markup shows as text:\n{}", article.body);
    assert!(article.body.contains("onerror="), "the attribute text is kept, as text");
    assert!(article.body.contains("Original: javascript:alert(document.cookie)"), "a javascript: URL is not a link");

    let html_article = get(app, "/articles/https%3A%2F%2Fevil.example%2Fpage").await;
    assert_eq!(html_article.status, StatusCode::OK);
    assert_inert("html article", &html_article.body);
    assert!(html_article.body.contains("href=\"https://evil.example/page\""), "web links stay links");

    let events = get(app, "/api/events?q=harbourfire").await.json();
    let event_ids: Vec<String> = events["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["id"].as_str().map(str::to_string))
        .collect();
    assert!(!event_ids.is_empty(), "{events}");
    let mut uris = vec!["/".to_string(), "/search?q=harbourfire".to_string(), "/search?q=script".to_string()];
    uris.extend(event_ids.iter().map(|id| format!("/events/{id}")));
    for uri in &uris {
        let answer = get(app, uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_inert(uri, &answer.body);
    }
    let search = get(app, "/search?q=harbourfire").await.body;
    assert!(search.contains("<mark>harbourfire</mark>"), "{search}");
    assert!(search.contains("/articles/evil/x%3Cscript%3E"), "hostile ids are percent-encoded in links");

    let atom = get(app, "/feeds/events.atom").await.body;
    assert!(!atom.contains("<script") && !atom.contains("<img"), "{atom}");
}
