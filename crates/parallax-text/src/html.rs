//! HTML pages: main content through dom_smoothie (a readability.js port), then the same line
//! rules as plain text to drop leftover furniture.

use dom_smoothie::{Config, Readability, ReadabilityError, TextMode};
use parallax_model::RejectReason;

use crate::clutter::{LineKind, classify_line};

/// What the page yields before merging with metadata given alongside it.
pub(crate) struct HtmlParts {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    pub published_time: Option<String>,
    pub paragraphs: Vec<String>,
    pub removed: Vec<String>,
}

pub(crate) fn extract_html(html: &str, url: Option<&str>, max_elements: usize) -> Result<HtmlParts, RejectReason> {
    let config = Config { max_elements_to_parse: max_elements, text_mode: TextMode::Formatted, ..Config::default() };
    let absolute_url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut readability = Readability::new(html, absolute_url, Some(config))
        .or_else(|_| {
            Readability::new(
                html,
                None,
                Some(Config {
                    max_elements_to_parse: max_elements,
                    text_mode: TextMode::Formatted,
                    ..Config::default()
                }),
            )
        })
        .map_err(|error| reason_from(&error))?;
    let article = readability.parse().map_err(|error| reason_from(&error))?;
    let mut paragraphs = Vec::new();
    let mut removed = Vec::new();
    for line in article.text_content.lines().map(str::trim).filter(|line| !line.is_empty()) {
        match classify_line(line) {
            LineKind::Paragraph | LineKind::Headline => paragraphs.push(collapse_spaces(line)),
            _ => removed.push(line.to_string()),
        }
    }
    let non_empty = |value: Option<String>| value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    Ok(HtmlParts {
        title: non_empty(Some(article.title.clone())),
        byline: non_empty(article.byline.clone()),
        site_name: non_empty(article.site_name.clone()),
        published_time: non_empty(article.published_time.clone()),
        paragraphs,
        removed,
    })
}

fn reason_from(error: &ReadabilityError) -> RejectReason {
    match error {
        ReadabilityError::TooManyElements(found, limit) => {
            RejectReason::TooLarge { bytes: *found as u64, limit: *limit as u64 }
        }
        ReadabilityError::GrabFailed => RejectReason::NoText,
        ReadabilityError::BadDocumentURL => RejectReason::Unreadable { message: error.to_string() },
    }
}

pub(crate) fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
