//! Feeds (Atom, JSON Feed; newest first) and exports (JSON lines, CSV) of events. Each takes
//! the event filter parameters of `/api/events`.

use std::fmt::Write;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use parallax_model::{Day, EventReport};
use serde::Serialize;

use crate::ApiError;
use crate::params::{EXPORT_DEFAULTS, EventDefaults, FEED_DEFAULTS, RawEventQuery, accept};
use crate::query::find_events;
use crate::state::AppState;

async fn selected(
    state: &AppState,
    query: Result<Query<RawEventQuery>, QueryRejection>,
    defaults: EventDefaults,
) -> Result<Vec<EventReport>, ApiError> {
    let query = accept(query)?.validate(defaults)?;
    Ok(state.read(move |engine| find_events(engine, &query)).await?.events)
}

pub(crate) async fn atom(
    State(state): State<AppState>,
    query: Result<Query<RawEventQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let events = selected(&state, query, FEED_DEFAULTS).await?;
    let body = atom_feed(&events, &state.config.public_url);
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body))
}

pub(crate) async fn json_feed(
    State(state): State<AppState>,
    query: Result<Query<RawEventQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let events = selected(&state, query, FEED_DEFAULTS).await?;
    let feed = json_feed_of(&events, &state.config.public_url);
    let body = serde_json::to_string_pretty(&feed).map_err(ApiError::internal)?;
    Ok(([(header::CONTENT_TYPE, "application/feed+json; charset=utf-8")], body))
}

pub(crate) async fn export_jsonl(
    State(state): State<AppState>,
    query: Result<Query<RawEventQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let events = selected(&state, query, EXPORT_DEFAULTS).await?;
    let mut body = String::new();
    for event in &events {
        body.push_str(&serde_json::to_string(event).map_err(ApiError::internal)?);
        body.push('\n');
    }
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"events.jsonl\""),
        ],
        body,
    ))
}

pub(crate) async fn export_csv(
    State(state): State<AppState>,
    query: Result<Query<RawEventQuery>, QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let events = selected(&state, query, EXPORT_DEFAULTS).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"events.csv\""),
        ],
        events_csv(&events),
    ))
}

/// A day as the RFC 3339 timestamp feeds require (midnight UTC: Parallax knows days only).
fn timestamp(day: Day) -> String {
    format!("{day}T00:00:00Z")
}

/// The date a feed shows as updated: the newest event's, so the same data gives the same
/// feed (no clock).
fn feed_updated(events: &[EventReport]) -> String {
    timestamp(events.iter().filter_map(|e| e.date).max().unwrap_or_default())
}

fn summary_text(event: &EventReport) -> String {
    event.summary.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ")
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn atom_feed(events: &[EventReport], base: &str) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(out, "  <id>{}</id>", xml_escape(&format!("{base}/feeds/events.atom")));
    out.push_str("  <title>Parallax events</title>\n");
    let _ = writeln!(out, "  <updated>{}</updated>", feed_updated(events));
    let _ = writeln!(out, "  <link rel=\"self\" href=\"{}\"/>", xml_escape(&format!("{base}/feeds/events.atom")));
    let _ =
        writeln!(out, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml_escape(&format!("{base}/")));
    out.push_str("  <generator>Parallax</generator>\n");
    for event in events {
        let link = format!("{base}{}", crate::links::event_page(&event.id.0));
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <id>urn:parallax:event:{}</id>", xml_escape(&event.id.0));
        let _ = writeln!(out, "    <title>{}</title>", xml_escape(&event.title));
        let updated = event.date.map_or_else(|| feed_updated(events), timestamp);
        let _ = writeln!(out, "    <updated>{updated}</updated>");
        let _ = writeln!(out, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml_escape(&link));
        for outlet in &event.outlets {
            let _ = writeln!(out, "    <author><name>{}</name></author>", xml_escape(outlet));
        }
        if event.outlets.is_empty() {
            out.push_str("    <author><name>unknown outlet</name></author>\n");
        }
        let _ = writeln!(out, "    <summary type=\"text\">{}</summary>", xml_escape(&summary_text(event)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// JSON Feed 1.1.
#[derive(Debug, Serialize)]
pub(crate) struct JsonFeed {
    version: &'static str,
    title: &'static str,
    home_page_url: String,
    feed_url: String,
    items: Vec<JsonFeedItem>,
}

#[derive(Debug, Serialize)]
struct JsonFeedItem {
    id: String,
    url: String,
    title: String,
    content_text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    authors: Vec<JsonFeedAuthor>,
    tags: Vec<String>,
}

#[derive(Debug, Serialize)]
struct JsonFeedAuthor {
    name: String,
}

pub(crate) fn json_feed_of(events: &[EventReport], base: &str) -> JsonFeed {
    JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: "Parallax events",
        home_page_url: format!("{base}/"),
        feed_url: format!("{base}/feeds/events.json"),
        items: events
            .iter()
            .map(|event| JsonFeedItem {
                id: event.id.0.clone(),
                url: format!("{base}{}", crate::links::event_page(&event.id.0)),
                title: event.title.clone(),
                content_text: summary_text(event),
                date_published: event.date.map(timestamp),
                authors: event.outlets.iter().map(|name| JsonFeedAuthor { name: name.clone() }).collect(),
                tags: event.people.iter().chain(&event.places).chain(&event.organizations).cloned().collect(),
            })
            .collect(),
    }
}

/// RFC 4180 CSV, one row per event; lists joined with `; `.
pub(crate) fn events_csv(events: &[EventReport]) -> String {
    let mut out = String::from(
        "id,date,title,article_count,independent_origin_count,outlets,people,places,organizations,conflicts\r\n",
    );
    for event in events {
        let row = [
            csv_field(&event.id.0),
            event.date.map(|d| d.to_string()).unwrap_or_default(),
            csv_field(&event.title),
            event.article_count.to_string(),
            event.independent_origin_count.to_string(),
            csv_field(&event.outlets.join("; ")),
            csv_field(&event.people.join("; ")),
            csv_field(&event.places.join("; ")),
            csv_field(&event.organizations.join("; ")),
            event.conflicts.len().to_string(),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Quotes a text field when needed; a text starting like a spreadsheet formula gets a leading
/// apostrophe so that opening the file runs nothing.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn xml_escaping() {
        assert_eq!(xml_escape("<a href='x'>&\u{1}</a>"), "&lt;a href=&apos;x&apos;&gt;&amp;&lt;/a&gt;");
    }
}
