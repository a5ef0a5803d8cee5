//! The OpenAPI document lists exactly the routes the router serves.

use std::collections::BTreeSet;

use axum::http::StatusCode;

use crate::*;

/// A route path in OpenAPI syntax: axum's `{*id}` wildcard is the parameter `{id}`.
fn openapi_path(axum_path: &str) -> String {
    axum_path.replace("{*", "{")
}

#[tokio::test]
async fn every_route_is_documented_and_nothing_else() {
    let fixture = corpus();
    let answer = get(&fixture.app, "/openapi.json").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.content_type().starts_with("application/json"));
    let document = answer.json();
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));

    let served: BTreeSet<(String, String)> = parallax_server::routes()
        .into_iter()
        .map(|(method, path)| (method.as_str().to_lowercase(), openapi_path(path)))
        .collect();
    let paths = document["paths"].as_object().expect("paths");
    let documented: BTreeSet<(String, String)> = paths
        .iter()
        .flat_map(|(path, operations)| {
            operations.as_object().expect("operations").keys().map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let not_served: Vec<_> = documented.difference(&served).collect();
    assert!(undocumented.is_empty(), "routes missing from openapi.json: {undocumented:?}");
    assert!(not_served.is_empty(), "openapi.json documents routes the server lacks: {not_served:?}");

    // Every documented path parameter is declared, and every $ref resolves.
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().expect("operations") {
            let declared = operation["parameters"].as_array().map(Vec::as_slice).unwrap_or_default();
            for name in path.split('{').skip(1).filter_map(|rest| rest.split('}').next()) {
                assert!(declared.iter().any(|p| p["name"] == name && p["in"] == "path"), "{method} {path}: {name}");
            }
        }
    }
    let text = &answer.body;
    for reference in text.split("\"$ref\": \"#/").skip(1).filter_map(|rest| rest.split('"').next()) {
        let pointer = format!("/{reference}");
        assert!(document.pointer(&pointer).is_some(), "dangling $ref #/{reference}");
    }
}

#[tokio::test]
async fn every_route_answers() {
    let fixture = corpus();
    let app = &fixture.app;
    for (method, path) in parallax_server::routes() {
        let uri = path.replace("{*id}", "some/id").replace("{id}", "some-id");
        let answer =
            send(app, Request::builder().method(method.clone()).uri(&uri).body(Body::empty()).expect("request")).await;
        assert_ne!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        let unrouted = answer.status == StatusCode::NOT_FOUND
            && (answer.body.contains("\"route_not_found\"") || answer.body.contains("no route for"));
        assert!(!unrouted, "{method} {uri}");
        assert!(!answer.status.is_server_error(), "{method} {uri}: {}", answer.body);
    }
}
