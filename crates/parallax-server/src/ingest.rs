//! `POST /api/articles`: token check, body → documents, one engine ingest.

use std::collections::BTreeSet;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use parallax_engine::{IngestSummary, Inputs, NoProgress};
use parallax_model::{ArticleId, InputFormat, RawDoc};
use serde::Deserialize;

use crate::ApiError;
use crate::state::AppState;

/// Largest request body accepted for ingest.
pub(crate) const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Most articles in one request.
const MAX_ARTICLES: usize = 1000;

/// One article as posted: the fields of a JSON line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PostedArticle {
    url: Option<String>,
    /// Defaults to the URL.
    id: Option<String>,
    title: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
    html: Option<String>,
    text: Option<String>,
}

pub(crate) async fn post_articles(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<IngestSummary>, ApiError> {
    authorize(state.config.api_token.as_deref(), &headers)?;
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge { limit: MAX_BODY_BYTES },
        _ => ApiError::InvalidBody { message: rejection.body_text() },
    })?;
    let docs = parse_body(&body)?;
    let n_docs = docs.len();
    let inputs = Inputs { docs, ..Inputs::default() };
    let summary = state.write(move |engine| engine.ingest(inputs, &NoProgress)).await?;
    tracing::info!(
        posted = n_docs,
        inserted = summary.inserted,
        updated = summary.updated,
        rejected = summary.rejections.len(),
        "ingest over HTTP"
    );
    Ok(Json(summary))
}

/// Ingest needs a token configured, and that token sent as `Authorization: Bearer <token>`.
fn authorize(expected: Option<&str>, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = expected else { return Err(ApiError::IngestDisabled) };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    match sent {
        Some(token) if constant_time_eq(token.as_bytes(), expected.as_bytes()) => Ok(()),
        _ => Err(ApiError::Unauthorized),
    }
}

/// Compares without stopping at the first difference, so timing tells nothing of the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// One article object or an array of them → documents; any invalid article fails the request
/// with a message naming it.
fn parse_body(body: &[u8]) -> Result<Vec<RawDoc>, ApiError> {
    let invalid = |message: String| ApiError::InvalidBody { message };
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| invalid(format!("not JSON: {e}")))?;
    let (items, single) = match value {
        serde_json::Value::Array(items) => (items, false),
        object @ serde_json::Value::Object(_) => (vec![object], true),
        _ => return Err(invalid("expected an article object or an array of them".into())),
    };
    if items.is_empty() {
        return Err(invalid("the array holds no articles".into()));
    }
    if items.len() > MAX_ARTICLES {
        return Err(invalid(format!("{} articles in one request; the limit is {MAX_ARTICLES}", items.len())));
    }
    let mut seen = BTreeSet::new();
    let mut docs = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let name = if single { "the article".to_string() } else { format!("article {index}") };
        let posted: PostedArticle = serde_json::from_value(item).map_err(|e| invalid(format!("{name}: {e}")))?;
        let doc = to_doc(posted, index).map_err(|problem| invalid(format!("{name}: {problem}")))?;
        if !seen.insert(doc.id.clone()) {
            return Err(invalid(format!("{name}: id `{}` given more than once", doc.id)));
        }
        docs.push(doc);
    }
    Ok(docs)
}

fn to_doc(posted: PostedArticle, index: usize) -> Result<RawDoc, &'static str> {
    let present = |field: &Option<String>| field.as_deref().is_some_and(|v| !v.trim().is_empty());
    let id = match (&posted.id, &posted.url) {
        (Some(id), _) if !id.trim().is_empty() => id.trim().to_string(),
        (_, Some(url)) if !url.trim().is_empty() => url.trim().to_string(),
        _ => return Err("needs a non-empty `url` (or `id`)"),
    };
    let (format, body) = if present(&posted.html) {
        (InputFormat::Html, posted.html.unwrap_or_default())
    } else if present(&posted.text) {
        (InputFormat::Text, posted.text.unwrap_or_default())
    } else {
        return Err("needs a non-empty `html` or `text`");
    };
    Ok(RawDoc {
        id: ArticleId(id.into()),
        origin: format!("POST /api/articles [{index}]"),
        format,
        body,
        url: posted.url,
        title: posted.title,
        published: posted.published,
        outlet: posted.outlet,
        folder: None,
        diagnostics: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str, expected: Result<&[&str], &str>) {
        match (parse_body(body.as_bytes()), expected) {
            (Ok(docs), Ok(ids)) => assert_eq!(docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ids),
            (Err(error), Err(message)) => assert_eq!(error.to_string(), format!("invalid request body: {message}")),
            (result, expected) => panic!("{body}: got {result:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn bodies() {
        check(r#"{"url": "https://a.example/1", "text": "Body."}"#, Ok(&["https://a.example/1"]));
        check(
            r#"[{"id": "x", "url": "https://a.example/1", "html": "<p>Body</p>"}, {"url": "u", "text": "t"}]"#,
            Ok(&["x", "u"]),
        );
        check("[]", Err("the array holds no articles"));
        check("42", Err("expected an article object or an array of them"));
        check(r#"{"text": "Body."}"#, Err("the article: needs a non-empty `url` (or `id`)"));
        check(r#"[{"url": "u", "text": " "}]"#, Err("article 0: needs a non-empty `html` or `text`"));
        check(
            r#"[{"url": "u", "text": "a"}, {"url": "u", "text": "b"}]"#,
            Err("article 1: id `u` given more than once"),
        );
        check(
            r#"{"url": "u", "text": "a", "body": "b"}"#,
            Err(
                "the article: unknown field `body`, expected one of `url`, `id`, `title`, `published`, `outlet`, `html`, `text`",
            ),
        );
        assert!(parse_body(b"{\"url\": ").is_err());
    }

    #[test]
    fn tokens() {
        let mut headers = HeaderMap::new();
        assert!(matches!(authorize(None, &headers), Err(ApiError::IngestDisabled)));
        assert!(matches!(authorize(Some("s3cret"), &headers), Err(ApiError::Unauthorized)));
        headers.insert(header::AUTHORIZATION, "Bearer wrong!".parse().expect("header"));
        assert!(matches!(authorize(Some("s3cret"), &headers), Err(ApiError::Unauthorized)));
        headers.insert(header::AUTHORIZATION, "Bearer s3cret".parse().expect("header"));
        assert!(authorize(Some("s3cret"), &headers).is_ok());
        assert!(matches!(authorize(None, &headers), Err(ApiError::IngestDisabled)));
    }
}
