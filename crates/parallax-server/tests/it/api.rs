//! The JSON API on the example corpus: answers, filters, and 4xx with clear messages.

use axum::http::StatusCode;

use crate::*;

fn dates(answer: &Answer) -> Vec<String> {
    answer.json()["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["date"].as_str().expect("date").to_string())
        .collect()
}

/// `GET uri` lists the events of these days (see [`MARENPORT`]), in this order.
async fn check_events(app: &Router, uri: &str, expected: &[&str]) {
    let answer = get(app, uri).await;
    assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
    assert_eq!(dates(&answer), expected, "{uri}");
}

#[tokio::test]
async fn events_list_and_filters() {
    let fixture = corpus();
    let app = &fixture.app;
    let all = get(app, "/api/events").await;
    assert!(all.content_type().starts_with("application/json"));
    let json = all.json();
    assert_eq!((json["total"].as_u64(), json["offset"].as_u64(), json["limit"].as_u64()), (Some(3), Some(0), Some(50)));
    let first = &json["events"][0];
    assert_eq!(first["article_count"], 5);
    assert_eq!(first["independent_origin_count"], 4);
    assert_eq!(first["date"], "2025-03-14");
    assert!(first["href"].as_str().is_some_and(|h| h.starts_with("/api/events/ev-")));

    check_events(app, "/api/events", &[MARENPORT, FLOOD, PORT_LYSA]).await;
    check_events(app, "/api/events?order=newest", &[PORT_LYSA, FLOOD, MARENPORT]).await;
    check_events(app, "/api/events?from=2025-04-01", &[FLOOD, PORT_LYSA]).await;
    check_events(app, "/api/events?to=2025-04-08", &[MARENPORT, FLOOD]).await;
    check_events(app, "/api/events?from=2025-04-08&to=2025-04-08", &[FLOOD]).await;
    check_events(app, "/api/events?entity=sora%20vell", &[MARENPORT, PORT_LYSA]).await;
    check_events(app, "/api/events?entity=Marrow", &[FLOOD]).await;
    check_events(app, "/api/events?outlet=greywater%20dispatch", &[MARENPORT, PORT_LYSA]).await;
    check_events(app, "/api/events?outlet=Newsbucket+Daily", &[MARENPORT]).await;
    check_events(app, "/api/events?q=flooded", &[FLOOD]).await;
    check_events(app, "/api/events?q=accord&entity=tal", &[MARENPORT, PORT_LYSA]).await;
    check_events(app, "/api/events?q=%22shipping%20accord%22&entity=tal", &[PORT_LYSA]).await;
    check_events(app, "/api/events?q=nothingmatchesthis", &[]).await;
    check_events(app, "/api/events?limit=1&offset=1", &[FLOOD]).await;
    check_events(app, "/api/events?offset=7", &[]).await;
    check_events(app, "/api/events?from=&q=", &[MARENPORT, FLOOD, PORT_LYSA]).await;
    assert_eq!(get(app, "/api/events?limit=1").await.json()["total"], 3);
}

#[tokio::test]
async fn bad_event_parameters_are_400_with_a_clear_message() {
    let fixture = corpus();
    let app = &fixture.app;
    let cases = [
        ("/api/events?from=14-03-2025", "invalid_parameter", "invalid parameter `from`: expected a date as YYYY-MM-DD"),
        ("/api/events?to=2025-02-30", "invalid_parameter", "invalid parameter `to`: expected a date as YYYY-MM-DD"),
        ("/api/events?from=2025-05-01&to=2025-04-01", "invalid_parameter", "`to`: 2025-04-01 is before `from`"),
        ("/api/events?limit=0", "invalid_parameter", "`limit`: expected a whole number from 1 to 1000, got `0`"),
        ("/api/events?limit=many", "invalid_parameter", "`limit`: expected a whole number"),
        ("/api/events?offset=-3", "invalid_parameter", "`offset`: expected a whole number at least 0"),
        ("/api/events?order=sideways", "invalid_parameter", "`order`: expected `oldest` or `newest`"),
        ("/api/events?form=2025-01-01", "invalid_query", "unknown field `form`"),
        ("/api/events?limit=1&limit=2", "invalid_query", "duplicate field `limit`"),
        ("/api/search", "missing_parameter", "missing parameter `q`"),
        ("/api/search?q=%20", "missing_parameter", "missing parameter `q`"),
        ("/api/search?q=river&limit=101", "invalid_parameter", "`limit`: expected a whole number from 1 to 100"),
        ("/api/search?query=river", "invalid_query", "unknown field `query`"),
    ];
    for (uri, code, message) in cases {
        let answer = get(app, uri).await;
        let got = answer.error(StatusCode::BAD_REQUEST, code);
        assert!(got.contains(message), "{uri}: {got}");
    }
}

#[tokio::test]
async fn one_event_and_stories() {
    let fixture = corpus();
    let app = &fixture.app;
    let id = event_id(app, MARENPORT).await;
    let event = get(app, &format!("/api/events/{id}")).await;
    assert_eq!(event.status, StatusCode::OK);
    let report = event.json();
    assert_eq!(report["id"], id.as_str());
    assert_eq!(report["articles"].as_array().map(Vec::len), Some(5));
    let conflicts: Vec<&str> =
        report["conflicts"].as_array().expect("conflicts").iter().filter_map(|c| c["about"].as_str()).collect();
    assert_eq!(conflicts, ["hostages", "killed"]);
    assert!(report["summary"][0]["articles"].as_array().is_some_and(|a| !a.is_empty()));

    let message = get(app, "/api/events/ev-000000000000").await.error(StatusCode::NOT_FOUND, "event_not_found");
    assert_eq!(message, "no event with id `ev-000000000000`");

    let stories = get(app, "/api/stories").await.json();
    let stories = stories["stories"].as_array().expect("stories");
    assert_eq!(stories.len(), 2);
    assert!(stories.iter().any(|s| s["events"].as_array().is_some_and(|e| e.len() == 2)));
}

#[tokio::test]
async fn articles_by_id_with_slashes() {
    let fixture = corpus();
    let app = &fixture.app;
    for uri in [
        "/api/articles/newsbucket-daily/01-tal-vell-aid-corridor",
        "/api/articles/newsbucket-daily%2F01-tal-vell-aid-corridor",
    ] {
        let answer = get(app, uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
        let article = answer.json();
        assert_eq!(article["id"], "newsbucket-daily/01-tal-vell-aid-corridor");
        assert_eq!(article["duplicate_of"], "greywater-dispatch/01-marenport-aid-corridor-talks");
        assert!(article["text"].as_str().is_some_and(|t| t.contains("Dravenia will not look away")));
        assert!(!article["text"].as_str().unwrap_or("").contains("Trending now"), "clutter removed");
        assert_eq!(article["events"].as_array().map(Vec::len), Some(1));
    }
    let original = get(app, "/api/articles/greywater-dispatch/01-marenport-aid-corridor-talks").await.json();
    assert_eq!(original["published"], "2025-03-14");
    assert_eq!(original["duplicate_of"], serde_json::Value::Null);

    let message = get(app, "/api/articles/no/such/article").await.error(StatusCode::NOT_FOUND, "article_not_found");
    assert_eq!(message, "no article with id `no/such/article`");
}

#[tokio::test]
async fn search() {
    let fixture = corpus();
    let app = &fixture.app;
    let answer = get(app, "/api/search?q=river&limit=2").await;
    assert_eq!(answer.status, StatusCode::OK);
    let json = answer.json();
    assert_eq!(json["query"], "river");
    let hits = json["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 2);
    assert!(hits[0]["snippet_html"].as_str().is_some_and(|s| s.contains("<b>River</b>")));
    assert!(hits[0]["snippet"].as_str().is_some_and(|s| s.contains("River Ottel") && !s.contains("<b>")));
    let href = hits[0]["href"].as_str().expect("href");
    assert_eq!(get(app, href).await.status, StatusCode::OK, "hits link to their article");
    assert_eq!(get(app, "/api/search?q=%22unbalanced").await.status, StatusCode::OK, "malformed queries do not fail");
    // A quote is found by its words and by its speaker, and points to its article.
    let quotes = get(app, "/api/search?q=%22open+the+roads%22").await.json();
    let quote = quotes["hits"].as_array().expect("hits").iter().find(|h| h["kind"] == "quote").expect("a quote hit");
    assert_eq!(quote["speaker"], "Sora Vell");
    assert!(quote["snippet"].as_str().is_some_and(|s| s.contains("open the roads")), "{quote}");
    assert_eq!(get(app, quote["href"].as_str().expect("href")).await.status, StatusCode::OK);
    let river = get(app, "/api/search?q=river").await.json();
    let hits = river["hits"].as_array().expect("hits");
    assert_eq!(hits[0]["kind"], "article", "articles about the words come before passing quotes of them");
    for hit in hits {
        assert_eq!(hit["speaker"].is_string(), hit["kind"] == "quote", "{hit}");
    }
}

#[tokio::test]
async fn health_metrics_and_unknown_routes() {
    let fixture = corpus();
    let app = &fixture.app;
    let health = get(app, "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json(), serde_json::json!({"status": "ok", "articles": 11}));

    get(app, "/api/events").await;
    get(app, "/api/events").await;
    get(app, "/api/events?limit=0").await;
    get(app, "/api/articles/a/b").await;
    let message = get(app, "/api/nothing").await.error(StatusCode::NOT_FOUND, "route_not_found");
    assert_eq!(message, "no route for /api/nothing");
    let not_allowed =
        send(app, Request::builder().method(Method::DELETE).uri("/api/events").body(Body::empty()).expect("request"))
            .await;
    assert_eq!(
        not_allowed.error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        "method DELETE not allowed here"
    );

    let metrics = get(app, "/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(metrics.content_type().starts_with("text/plain; version=0.0.4"));
    for line in [
        "# TYPE parallax_http_requests_total counter",
        "parallax_http_requests_total{route=\"/api/events\",status=\"200\"} 2\n",
        "parallax_http_requests_total{route=\"/api/events\",status=\"400\"} 1\n",
        "parallax_http_requests_total{route=\"/api/articles/{*id}\",status=\"404\"} 1\n",
        "parallax_http_requests_total{route=\"/healthz\",status=\"200\"} 1\n",
        "parallax_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n",
        "# TYPE parallax_articles gauge\nparallax_articles 11\n",
        "# TYPE parallax_events gauge\nparallax_events 3\n",
    ] {
        assert!(metrics.body.contains(line), "missing {line:?} in\n{}", metrics.body);
    }
}

#[tokio::test]
async fn server_errors_are_generic_and_security_headers_are_set() {
    let error = parallax_server::ApiError::Internal("disk on fire at /secret/path".into());
    assert_eq!(error.status_and_code(), (StatusCode::INTERNAL_SERVER_ERROR, "internal"));
    assert!(!error.public_message().contains("secret"));

    let fixture = fixture(false, None);
    let answer = get(&fixture.app, "/api/events").await;
    assert_eq!(answer.json()["total"], 0);
    let csp = answer.headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert_eq!(answer.headers.get("x-content-type-options").map(|v| v.as_bytes()), Some(&b"nosniff"[..]));
}
