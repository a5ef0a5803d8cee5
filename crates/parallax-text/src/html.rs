//! HTML pages: our own forgiving parser, main-content detection, page metadata (title, site,
//! authors, publication date), then the same line rules as plain text to drop leftover
//! furniture.

mod content;
mod date_text;
mod dom;
mod entities;
mod jsonld;
mod lines;
mod meta;
mod page_dates;
mod patterns;
mod tags;
mod text;

use parallax_model::{DateSource, Day, RejectReason};

use crate::clutter::{LineKind, classify_line};
use content::Content;
use dom::Dom;

/// What the page yields before merging with metadata given alongside it.
pub(crate) struct HtmlParts {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<(Day, DateSource)>,
    /// The last-modified day the page states, kept apart from the publication day.
    #[allow(dead_code)]
    pub modified: Option<Day>,
    pub paragraphs: Vec<String>,
    pub removed: Vec<String>,
}

/// Extracts the article of an HTML page. Pages with more than `max_elements` elements are
/// rejected as too large.
pub(crate) fn extract_html(html: &str, url: Option<&str>, max_elements: usize) -> Result<HtmlParts, RejectReason> {
    let dom = Dom::parse(html, max_elements)
        .map_err(|error| RejectReason::TooLarge { bytes: html.len() as u64, limit: error.limit as u64 })?;
    let content = Content::analyse(&dom);
    let container = content.main_container();
    if let Ok(needle) = std::env::var("PX_FIND") {
        content.debug_find(&needle);
    }
    let scope = content.article_scope(container);
    let visible = |id| content.is_readable(id, scope);
    let page = meta::read_meta(&dom, url, &visible, container, scope);
    let blocks = content.blocks(if std::env::var("PX_RAW").is_ok_and(|v| v == "3" || v == "4") { 0 } else { container });
    if std::env::var_os("PX_DEBUG").is_some() {
        for (b, k, _) in &blocks { eprintln!("DEBUG block {k} {} {}/{} {:?}", b.holder_tag.name(), b.link_chars, b.chars, b.text.chars().take(80).collect::<String>()); }
    }
    let mut paragraphs = Vec::new();
    let mut removed = Vec::new();
    let raw_mode = std::env::var_os("PX_RAW").is_some();
    let all_lines: Vec<String> = blocks.iter().map(|(block, _, _)| block.text.clone()).collect();
    for (block, keep, good) in blocks {
        let line = block.text;
        if raw_mode {
            paragraphs.push(line);
            continue;
        }
        if !keep {
            removed.push(line);
            continue;
        }
        if !good && lines::furniture_line(&line).is_some() {
            removed.push(line);
            continue;
        }
        if paragraphs.is_empty() && page.title.as_deref().is_some_and(|title| same_text(title, &line)) {
            removed.push(line);
            continue;
        }
        match classify_line(&line) {
            // Inside the article's container an ellipsis ends a teaser of this article or a
            // quoted fragment, not another story's teaser (those are links, dropped above).
            LineKind::Paragraph | LineKind::Headline | LineKind::Teaser => paragraphs.push(line),
            _ => removed.push(line),
        }
    }
    // A page whose only text is links or short lines (a link roll, a list of dates) still
    // has that text: keep it rather than reject the page as empty.
    let n_words: usize = paragraphs.iter().map(|p| p.split_whitespace().count()).sum();
    if n_words < 10 {
        let fallback: Vec<String> = all_lines.into_iter().filter(|line| lines::furniture_line(line).is_none()).collect();
        if fallback.iter().map(|p| p.split_whitespace().count()).sum::<usize>() > n_words {
            removed.retain(|line| !fallback.contains(line));
            paragraphs = fallback;
        }
    }
    // Calls to action closing the article.
    {
        while paragraphs.len() > 1 && paragraphs.last().is_some_and(|p| lines::is_promotion(p)) {
            removed.extend(paragraphs.pop());
        }
    }
    // Pages that render their article with scripts often give its text as linked data.
    if let Some(body) = page.linked_body.as_deref() {
        let ours: usize = paragraphs.iter().map(|p| p.chars().count()).sum();
        let linked = linked_paragraphs(body);
        let theirs: usize = linked.iter().map(|p| p.chars().count()).sum();
        if theirs > 2 * ours.max(100) {
            // Keep what the page shows (often a lead the linked text lacks), then the rest.
            let known: String = linked.join("\n");
            paragraphs.retain(|p| !known.contains(p.as_str()));
            paragraphs.extend(linked);
        }
    }
    Ok(HtmlParts {
        title: page.title,
        byline: page.author,
        site_name: page.site_name,
        published: page.published,
        modified: page.modified,
        paragraphs,
        removed,
    })
}

/// The paragraphs of a linked-data article body: markup stripped, references decoded.
fn linked_paragraphs(body: &str) -> Vec<String> {
    let mut text = String::with_capacity(body.len());
    let mut in_tag = false;
    for ch in body.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push('\n');
            }
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    let text = entities::decode(&text);
    text.lines().map(collapse_spaces).filter(|line| !line.is_empty()).collect()
}

/// Equal but for case, spacing and punctuation.
fn same_text(a: &str, b: &str) -> bool {
    let key = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let (a, b) = (key(a), key(b));
    !a.is_empty() && a == b
}

pub(crate) fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
