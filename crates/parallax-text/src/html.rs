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

pub(crate) use page_dates::from_url as date_from_url;

use crate::clutter::{LineKind, classify_line};
use content::Content;
use dom::Dom;

/// What the page yields before merging with metadata given alongside it.
pub(crate) struct HtmlParts {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<(Day, DateSource)>,
    pub modified: Option<Day>,
    /// The page's own address (`<link rel="canonical">`, `og:url`).
    pub canonical_url: Option<String>,
    /// The standfirst under the headline, from the page's description.
    pub dek: Option<String>,
    pub paragraphs: Vec<String>,
    pub removed: Vec<String>,
}

/// Extracts the article of an HTML page. Pages with more than `max_elements` elements are
/// rejected as too large.
pub(crate) fn extract_html(html: &str, url: Option<&str>, max_elements: usize) -> Result<HtmlParts, RejectReason> {
    let dom = Dom::parse(html, max_elements)
        .map_err(|error| RejectReason::TooManyElements { bytes: html.len() as u64, limit: error.limit as u64 })?;
    let content = Content::analyse(&dom);
    let container = content.main_container();
    let scope = content.article_scope(container);
    let visible = |id| content.is_readable(id, scope);
    let page = meta::read_meta(&dom, url, &visible, container, scope);
    let blocks = content.blocks(container);
    let mut paragraphs = Vec::new();
    let mut removed = Vec::new();
    let all_lines: Vec<String> = blocks.iter().map(|(block, _, _)| block.text.clone()).collect();
    for (block, keep, good) in blocks {
        let line = block.text;
        if !keep {
            removed.push(line);
            continue;
        }
        let single_word =
            !matches!(block.holder_tag, tags::Tag::Li | tags::Tag::Td | tags::Tag::Th | tags::Tag::Dd | tags::Tag::Dt)
                && !block.holder_tag.is_heading()
                && lines::word_count(&line) == 1;
        if lines::furniture_line(&line).is_some() || (!good && single_word) {
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
    let n_words: usize = paragraphs.iter().map(|p| lines::word_count(p)).sum();
    if n_words < 10 {
        let fallback: Vec<String> =
            all_lines.into_iter().filter(|line| lines::furniture_line(line).is_none()).collect();
        if fallback.iter().map(|p| lines::word_count(p)).sum::<usize>() > n_words {
            removed.retain(|line| !fallback.contains(line));
            paragraphs = fallback;
        }
    }
    // A page that renders its article with scripts may still describe it.
    if paragraphs.is_empty()
        && let Some(description) = page.description.as_deref().filter(|d| d.split_whitespace().count() >= 8)
    {
        paragraphs.push(description.to_string());
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
    // The page's description is a standfirst when the body does not simply begin with it.
    let dek = page.description.filter(|d| {
        let key = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).take(80).collect::<String>();
        lines::word_count(d) >= 5 && paragraphs.first().is_none_or(|first| !key(first).starts_with(&key(d)))
    });
    Ok(HtmlParts {
        title: page.title,
        byline: page.author,
        site_name: page.site_name,
        published: page.published,
        modified: page.modified,
        canonical_url: page.canonical_url,
        dek,
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

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: usize = 200_000;

    /// Extracts `html` and compares the paragraphs with `expected`.
    fn check(html: &str, expected: &[&str]) {
        let parts = extract_html(html, Some("https://news.example.org/2024/05/06/story"), LIMIT).expect("extracts");
        assert_eq!(parts.paragraphs, expected, "{html}");
    }

    fn page(body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=en><head><title>Bridge reopens | City News</title></head><body>{body}</body></html>"
        )
    }

    const PARAGRAPH_1: &str = "The river bridge reopened on Thursday after two months of repairs, officials said.";
    const PARAGRAPH_2: &str = "Traffic was light in the morning, and the first buses crossed the river at noon.";

    #[test]
    fn article_without_page_furniture() {
        let html = page(&format!(
            "<nav><ul><li><a href=/>Home</a></li><li><a href=/world>World</a></li></ul></nav>\
             <article><h1>Bridge reopens</h1><p>{PARAGRAPH_1}</p><div class=share-buttons><a href=#>Share</a></div>\
             <p>{PARAGRAPH_2}</p></article>\
             <aside class=sidebar><h3>Most read</h3><ul><li><a href=/a>Another story about a fire downtown</a></li></ul></aside>\
             <footer>Copyright 2024 City News. All rights reserved.</footer>"
        ));
        check(&html, &[PARAGRAPH_1, PARAGRAPH_2]);
    }

    #[test]
    fn unclosed_and_misnested_tags() {
        let html = format!("<html><body><div class=entry-content><p>{PARAGRAPH_1}<p><b>{PARAGRAPH_2}<div><span>");
        check(&html, &[PARAGRAPH_1, PARAGRAPH_2]);
    }

    #[test]
    fn ten_thousand_levels_of_nesting() {
        let html =
            format!("{}<p>{PARAGRAPH_1}</p><p>{PARAGRAPH_2}</p>{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
        check(&page(&html), &[PARAGRAPH_1, PARAGRAPH_2]);
        let html = format!("{}<p>{PARAGRAPH_1}</p>", "<span><div>".repeat(10_000));
        check(&page(&html), &[PARAGRAPH_1]);
    }

    #[test]
    fn wrong_charset_declaration_is_ignored() {
        // The text arrives decoded; a declaration that disagrees with it changes nothing.
        let text = "Café crème, naïve façade: the new bakery on the corner opened on Monday morning.";
        let html = format!(
            "<html><head><meta charset=\"iso-8859-1\"></head><body><article><p>{text}</p></article></body></html>"
        );
        check(&html, &[text]);
    }

    #[test]
    fn fifty_megabyte_page_is_rejected() {
        let paragraph = format!("<p>{PARAGRAPH_1}</p>");
        let html = page(&paragraph.repeat(50_000_000 / paragraph.len()));
        // Rejected while parsing, as soon as the element count passes the limit.
        let rejection = extract_html(&html, None, LIMIT).err();
        assert!(
            matches!(rejection, Some(RejectReason::TooManyElements { limit, .. }) if limit == LIMIT as u64),
            "{rejection:?}"
        );
    }

    #[test]
    fn too_many_elements_is_a_rejection() {
        let html = page(&"<p>word</p>".repeat(5_000));
        let rejection = extract_html(&html, None, 1_000).err();
        assert!(matches!(rejection, Some(RejectReason::TooManyElements { limit: 1_000, .. })), "{rejection:?}");
        let large = page(&format!("<article>{}</article>", format!("<p>{PARAGRAPH_1}</p>").repeat(20_000)));
        assert!(large.len() > 1_500_000);
        let parts = extract_html(&large, None, LIMIT).expect("a large page within the limit");
        assert_eq!(parts.paragraphs.len(), 20_000);
    }

    #[test]
    fn title_and_publication_day() {
        let html = "<html><head><title>Bridge reopens | City News</title>\
            <meta property=\"og:site_name\" content=\"City News\">\
            <meta property=\"article:modified_time\" content=\"2024-05-09T10:00:00Z\">\
            <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2024-05-07T09:00:00+02:00\"}</script>\
            </head><body><article><h1>Bridge reopens</h1>\
            <p>The river bridge reopened on Thursday after two months of repairs, officials said.</p></article></body></html>";
        let parts = extract_html(html, Some("https://example.org/story"), LIMIT).expect("extracts");
        assert_eq!(parts.title.as_deref(), Some("Bridge reopens"));
        assert_eq!(parts.site_name.as_deref(), Some("City News"));
        assert_eq!(parts.published.map(|(day, _)| day.to_string()).as_deref(), Some("2024-05-07"));
        assert_eq!(parts.paragraphs.len(), 1, "the headline is the title, not a paragraph");
    }

    #[test]
    fn dates_by_order_of_trust() {
        let day = |html: &str, url: &str| {
            let parts = extract_html(html, Some(url), LIMIT).expect("extracts");
            parts.published.map(|(day, source)| format!("{day} {source:?}"))
        };
        let body = |head: &str, article: &str| {
            format!(
                "<html><head><title>Storm closes three bridges</title>{head}</head><body><article>\
                <h1>Storm closes three bridges</h1>{article}<p>{PARAGRAPH_1}</p><p>{PARAGRAPH_2}</p></article></body></html>"
            )
        };
        let plain = "https://example.org/news/storm";
        // A meta tag; the modified day is never taken.
        let html = body(
            "<meta name=\"article:modified_time\" content=\"2023-03-09\"><meta name=\"date\" content=\"2023-03-02\">",
            "",
        );
        assert_eq!(day(&html, plain).as_deref(), Some("2023-03-02 Metadata"));
        let html = body("<meta property=\"article:modified_time\" content=\"2023-03-09\">", "");
        assert_eq!(day(&html, plain), None);
        // A <time> element, a URL path, a dateline below the headline.
        let html = body("", "<time datetime=\"2023-03-04T10:00\" class=\"entry-date published\">March 4</time>");
        assert_eq!(day(&html, plain).as_deref(), Some("2023-03-04 Metadata"));
        assert_eq!(day(&body("", ""), "https://example.org/2023/03/05/storm").as_deref(), Some("2023-03-05 Url"));
        let html = body("", "<p class=info>Veröffentlicht am 6. März 2023</p>");
        assert_eq!(day(&html, plain).as_deref(), Some("2023-03-06 Dateline"));
        // A UTC stamp one day after the local day the URL gives.
        let html = body("<meta property=\"article:published_time\" content=\"2023-03-08T01:30:00Z\">", "");
        assert_eq!(day(&html, "https://example.org/2023/03/07/storm").as_deref(), Some("2023-03-07 Metadata"));
        // Day first in the URL, as European sites write it.
        assert_eq!(day(&body("", ""), "https://example.org/meldungen/05-03-2023").as_deref(), Some("2023-03-05 Url"));
        assert_eq!(day(&body("", ""), "https://example.org/bericht_vom_05.03.2023").as_deref(), Some("2023-03-05 Url"));
    }

    #[test]
    fn the_day_readers_see_against_metadata() {
        let day = |head: &str, article: &str| {
            let html = format!(
                "<html><head><title>Storm closes three bridges</title>{head}</head><body><article>\
                <h1>Storm closes three bridges</h1>{article}<p>{PARAGRAPH_1}</p><p>{PARAGRAPH_2}</p></article></body></html>"
            );
            let parts = extract_html(&html, Some("https://example.org/news/storm"), LIMIT).expect("extracts");
            (parts.published.map(|(day, _)| day.to_string()), parts.modified.map(|day| day.to_string()))
        };
        let published = "<meta property=\"article:published_time\" content=\"2021-05-02\">";
        let modified = "<meta property=\"article:modified_time\" content=\"2023-03-09\">";
        // Metadata outranks a different day written on the page…
        let (found, _) = day(published, "<p class=meta>12.01.2022</p>");
        assert_eq!(found.as_deref(), Some("2021-05-02"));
        // …unless the page shows its modification day as its date.
        let (found, changed) = day(&format!("{published}{modified}"), "<p class=meta>09.03.2023</p>");
        assert_eq!(found.as_deref(), Some("2023-03-09"));
        assert_eq!(changed.as_deref(), Some("2023-03-09"));
        // A generic page stamp gives way to the date line under the headline.
        let (found, _) = day("<meta name=\"date\" content=\"2022-02-11\">", "<p class=meta>2. Februar 2022</p>");
        assert_eq!(found.as_deref(), Some("2022-02-02"));
        // The modification day is kept apart from the publication day.
        let (found, changed) = day(&format!("{published}{modified}"), "");
        assert_eq!((found.as_deref(), changed.as_deref()), (Some("2021-05-02"), Some("2023-03-09")));
    }

    #[test]
    fn dates_of_teasers_for_other_pages_are_not_the_article_day() {
        let html = format!(
            "<html><head><title>Storm closes three bridges</title></head><body><article>\
            <h1>Storm closes three bridges</h1>\
            <div class=teaser><h3><a href=/other>Ferry timetable changes</a></h3><span class=date>06.03.2016</span></div>\
            <p>{PARAGRAPH_1}</p><p>4 March 2023</p><p>{PARAGRAPH_2}</p></article></body></html>"
        );
        let parts = extract_html(&html, Some("https://example.org/news/storm"), LIMIT).expect("extracts");
        assert_eq!(parts.published.map(|(day, _)| day.to_string()).as_deref(), Some("2023-03-04"));
    }

    #[test]
    fn canonical_address_and_standfirst() {
        let html = format!(
            "<html><head><title>Storm closes three bridges</title>\
            <link rel=canonical href=\"https://example.org/news/storm\">\
            <meta name=description content=\"Engineers expect the crossings to stay shut for a week at least.\">\
            </head><body><article><h1>Storm closes three bridges</h1><p>{PARAGRAPH_1}</p><p>{PARAGRAPH_2}</p>\
            </article></body></html>"
        );
        let parts = extract_html(&html, None, LIMIT).expect("extracts");
        assert_eq!(parts.canonical_url.as_deref(), Some("https://example.org/news/storm"));
        assert_eq!(parts.dek.as_deref(), Some("Engineers expect the crossings to stay shut for a week at least."));
    }

    #[test]
    fn linked_data_body_completes_a_teaser() {
        let html = format!(
            "<html><head><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\
             \"articleBody\":\"{PARAGRAPH_2} {PARAGRAPH_2} {PARAGRAPH_2} {PARAGRAPH_2}\"}}</script></head>\
             <body><article><p>{PARAGRAPH_1}</p></article></body></html>"
        );
        let parts = extract_html(&html, None, LIMIT).expect("extracts");
        assert_eq!(parts.paragraphs[0], PARAGRAPH_1);
        assert_eq!(parts.paragraphs.len(), 2);
    }
}
