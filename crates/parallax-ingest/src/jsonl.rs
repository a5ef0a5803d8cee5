//! JSON lines: one object per line, `{url, title, published, outlet, html | text}`.

use std::io::{BufRead, BufReader, Read};

use parallax_model::{ArticleId, InputFormat, RawDoc, RejectReason};
use serde::Deserialize;

use crate::limits::{reason_from_io, skip_line};
use crate::{IngestConfig, ReadSink, RejectInput};

#[derive(Deserialize)]
struct Line {
    url: Option<String>,
    id: Option<String>,
    title: Option<String>,
    #[serde(alias = "date", alias = "published_at")]
    published: Option<String>,
    #[serde(alias = "source", alias = "site_name")]
    outlet: Option<String>,
    html: Option<String>,
    #[serde(alias = "body", alias = "content")]
    text: Option<String>,
}

pub(crate) fn read_json_lines(
    reader: impl Read,
    shown: &str,
    stem: &str,
    config: &IngestConfig,
    outcome: &mut dyn ReadSink,
) {
    let mut reader = BufReader::new(reader);
    let mut line_number = 0usize;
    let mut bytes = Vec::new();
    loop {
        line_number += 1;
        let input = || format!("{shown}:{line_number}");
        bytes.clear();
        let read = (&mut reader).take(config.max_line_bytes.saturating_add(1)).read_until(b'\n', &mut bytes);
        match read {
            Ok(0) => break,
            Ok(_) => {}
            Err(error) => {
                outcome.reject_input(input(), reason_from_io(&error));
                break;
            }
        }
        if bytes.len() as u64 > config.max_line_bytes && !bytes.ends_with(b"\n") {
            // Skip the rest of the over-long line without keeping it, counting its length.
            let rest = skip_line(&mut reader);
            let bytes = config.max_line_bytes.saturating_add(1).saturating_add(rest.as_ref().map_or(0, |n| *n));
            let reason = RejectReason::TooLarge { bytes, limit: config.max_line_bytes };
            outcome.reject_input(input(), reason);
            match rest {
                Ok(_) => continue,
                Err(error) => {
                    outcome.reject_input(input(), reason_from_io(&error));
                    break;
                }
            }
        }
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text.trim(),
            Err(error) => {
                let message = format!("not valid UTF-8 at byte {}", error.valid_up_to());
                outcome.reject_input(input(), RejectReason::InvalidJson { message });
                continue;
            }
        };
        if text.is_empty() {
            continue;
        }
        let input = input();
        match parse_line(text, &input, stem, line_number) {
            Ok(doc) => outcome.doc(doc),
            Err(reason) => outcome.reject_input(input, reason),
        }
    }
}

fn parse_line(text: &str, input: &str, stem: &str, line_number: usize) -> Result<RawDoc, RejectReason> {
    let line: Line =
        serde_json::from_str(text).map_err(|error| RejectReason::InvalidJson { message: error.to_string() })?;
    let (format, body) = match (line.html, line.text) {
        (Some(html), _) if !html.trim().is_empty() => (InputFormat::Html, html),
        (_, Some(text)) if !text.trim().is_empty() => (InputFormat::Text, text),
        (Some(_), _) | (_, Some(_)) => return Err(RejectReason::Empty),
        (None, None) => return Err(RejectReason::MissingField { field: "html or text".into() }),
    };
    let id = line.id.or_else(|| line.url.clone()).unwrap_or_else(|| format!("{stem}:{line_number}"));
    Ok(RawDoc {
        id: ArticleId(id.into()),
        origin: input.to_string(),
        format,
        body,
        url: line.url,
        title: line.title,
        published: line.published,
        outlet: line.outlet,
        folder: None,
        diagnostics: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_and_bad_lines() {
        let data = concat!(
            "{\"url\": \"https://news.example/a\", \"title\": \"A\", \"text\": \"Body of a.\"}\n",
            "\n",
            "{\"title\": \"truncated\", \"text\": \"Bo\n",
            "{\"title\": \"no body\"}\n",
            "{\"text\": \"Body of b.\", \"published\": \"2024-05-01\"}\n",
        );
        let mut outcome = crate::ReadOutcome::default();
        read_json_lines(data.as_bytes(), "feed.jsonl", "feed", &IngestConfig::default(), &mut outcome);
        let ids: Vec<&str> = outcome.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["https://news.example/a", "feed:5"]);
        let rejected: Vec<(&str, bool)> = outcome
            .rejections
            .iter()
            .map(|r| (r.input.as_str(), matches!(r.reason, RejectReason::InvalidJson { .. })))
            .collect();
        assert_eq!(rejected, [("feed.jsonl:3", true), ("feed.jsonl:4", false)]);
    }
}
