//! `POST /api/articles`: the token, the body, and what the data directory holds afterwards.

use axum::http::StatusCode;

use crate::*;

const ARTICLE: &str = r#"{
    "url": "https://news.example/2025/06/02/harbour-fire?src=feed",
    "title": "Fire Closes Marenport Harbour",
    "published": "2025-06-02",
    "outlet": "Harbour Herald",
    "text": "A fire broke out in a warehouse at Marenport harbour on Monday, officials said.\n\nAt least 12 people were injured, according to the port authority. The harbour will stay closed until Wednesday."
}"#;

#[tokio::test]
async fn ingest_is_disabled_without_a_configured_token() {
    let fixture = fixture(false, None);
    let answer = post_json(&fixture.app, "/api/articles", Some("anything"), ARTICLE).await;
    let message = answer.error(StatusCode::FORBIDDEN, "ingest_disabled");
    assert!(message.contains("PARALLAX_API_TOKEN"), "{message}");
}

#[tokio::test]
async fn ingest_needs_the_right_token() {
    let fixture = fixture(false, Some(TOKEN));
    let app = &fixture.app;
    let missing = post_json(app, "/api/articles", None, ARTICLE).await;
    assert!(missing.error(StatusCode::UNAUTHORIZED, "unauthorized").contains("Authorization: Bearer"));
    assert_eq!(missing.headers.get("www-authenticate").map(|v| v.as_bytes()), Some(&b"Bearer"[..]));
    let wrong = post_json(app, "/api/articles", Some("test-token-0123456780"), ARTICLE).await;
    wrong.error(StatusCode::UNAUTHORIZED, "unauthorized");
    let basic = send(
        app,
        Request::builder()
            .method(Method::POST)
            .uri("/api/articles")
            .header(header::AUTHORIZATION, format!("Basic {TOKEN}"))
            .body(Body::from(ARTICLE))
            .expect("request"),
    )
    .await;
    basic.error(StatusCode::UNAUTHORIZED, "unauthorized");
    assert_eq!(get(app, "/api/events").await.json()["total"], 0, "nothing was ingested");
}

#[tokio::test]
async fn ingest_stores_articles_and_recomputes_events() {
    let fixture = fixture(false, Some(TOKEN));
    let app = &fixture.app;
    let answer = post_json(app, "/api/articles", Some(TOKEN), ARTICLE).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let summary = answer.json();
    assert_eq!((summary["inserted"].as_u64(), summary["articles_total"].as_u64()), (Some(1), Some(1)));
    assert_eq!(summary["events_total"], 1);

    let again = post_json(app, "/api/articles", Some(TOKEN), &format!("[{ARTICLE}]")).await.json();
    assert_eq!((again["inserted"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(1)), "idempotent");

    // A URL id works through the wildcard route once percent-encoded.
    let uri = "/api/articles/https%3A%2F%2Fnews.example%2F2025%2F06%2F02%2Fharbour-fire%3Fsrc%3Dfeed";
    let article = get(app, uri).await;
    assert_eq!(article.status, StatusCode::OK, "{}", article.body);
    assert_eq!(article.json()["outlet"], "Harbour Herald");
    assert_eq!(article.json()["published"], "2025-06-02");
    let page = get(app, &uri.replace("/api/articles/", "/articles/")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Fire Closes Marenport Harbour"));
    assert_eq!(get(app, "/healthz").await.json()["articles"], 1);
}

#[tokio::test]
async fn bad_bodies_are_400_with_a_clear_message() {
    let fixture = fixture(false, Some(TOKEN));
    let app = &fixture.app;
    let cases = [
        ("{\"url\": \"u\", \"text\": ", "not JSON"),
        ("\"just a string\"", "expected an article object or an array of them"),
        ("[]", "the array holds no articles"),
        (r#"{"title": "No id", "text": "Body."}"#, "the article: needs a non-empty `url` (or `id`)"),
        (r#"[{"url": "a", "text": "Body."}, {"url": "b"}]"#, "article 1: needs a non-empty `html` or `text`"),
        (r#"{"url": "a", "text": "Body.", "author": "X"}"#, "the article: unknown field `author`"),
        (r#"{"url": "a", "text": 42}"#, "the article: invalid type: integer `42`, expected a string"),
    ];
    for (body, message) in cases {
        let got =
            post_json(app, "/api/articles", Some(TOKEN), body).await.error(StatusCode::BAD_REQUEST, "invalid_body");
        assert!(got.contains(message), "{body}: {got}");
    }
    let too_large = format!(r#"{{"url": "a", "text": "{}"}}"#, "x".repeat(17 * 1024 * 1024));
    let answer = post_json(app, "/api/articles", Some(TOKEN), &too_large).await;
    assert!(answer.error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").contains("16777216"));
    let not_allowed = get(app, "/api/articles").await;
    not_allowed.error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}
