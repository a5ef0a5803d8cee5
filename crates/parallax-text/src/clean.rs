//! `RawDoc` → `CleanArticle`.

use parallax_model::{
    ArticleId, CleanArticle, DateSource, Day, InputFormat, RawDoc, RejectReason, Rejection, short_hash,
};

use crate::clutter::{LineKind, classify_line, ends_like_sentence};
use crate::dateline::{NumericOrder, parse_date_line};
use crate::dates::{is_stamped_date_line, parse_date_text, parse_iso_prefix};
use crate::header::parse_seed_header;
use crate::html::{collapse_spaces, date_from_url, extract_html};
use crate::language::detect_language;
use crate::outlet::{outlet_from_folder, outlet_from_staff_byline, outlet_from_url, split_outlet_prefix};

/// Settings of the cleaning stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanConfig {
    /// Pages with more HTML elements than this are rejected rather than parsed.
    pub max_html_elements: usize,
    /// Articles with fewer words of body text than this are rejected as empty.
    pub min_words: usize,
}

impl Default for CleanConfig {
    fn default() -> Self {
        Self { max_html_elements: 200_000, min_words: 5 }
    }
}

/// What cleaning of either format yields before common post-processing.
#[derive(Default)]
struct Parts {
    title: Option<String>,
    subtitle: Option<String>,
    outlet: Option<String>,
    published: Option<(Day, DateSource)>,
    modified: Option<Day>,
    canonical_url: Option<String>,
    authors: Vec<String>,
    paragraphs: Vec<String>,
    removed: Vec<String>,
}

/// Cleans one document. A document with no usable text is a [`Rejection`], not an error.
pub fn clean(raw: &RawDoc, config: &CleanConfig) -> Result<CleanArticle, Rejection> {
    let reject = |reason| Rejection { input: raw.origin.clone(), reason };
    let mut parts = match raw.format {
        InputFormat::Text => clean_text(&raw.body, raw.url.as_deref()),
        InputFormat::Html => {
            let html = extract_html(&raw.body, raw.url.as_deref(), config.max_html_elements).map_err(reject)?;
            Parts {
                title: html.title,
                outlet: html.site_name,
                published: html.published,
                modified: html.modified,
                canonical_url: html.canonical_url,
                subtitle: html.dek,
                authors: html.byline.into_iter().map(|b| strip_by(&b)).collect(),
                paragraphs: html.paragraphs,
                removed: html.removed,
            }
        }
    };
    // Metadata given with the input outranks what the page says.
    if let Some(title) = raw.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        parts.title = Some(collapse_spaces(title));
    }
    if let Some(day) = raw.published.as_deref().and_then(|p| parse_iso_prefix(p).or_else(|| parse_date_text(p))) {
        parts.published = Some((day, DateSource::Given));
    }
    if parts.published.is_none() {
        parts.published = raw.url.as_deref().and_then(date_from_url).map(|day| (day, DateSource::Url));
    }
    let outlet = raw
        .outlet
        .clone()
        .filter(|o| !o.trim().is_empty())
        .or(parts.outlet.take())
        .or_else(|| raw.url.as_deref().and_then(outlet_from_url))
        .or_else(|| raw.folder.as_deref().and_then(outlet_from_folder));
    parts.paragraphs = bound_paragraphs(parts.paragraphs);
    let n_words: usize = parts.paragraphs.iter().map(|p| crate::tokens::word_count(p)).sum();
    if n_words < config.min_words {
        return Err(reject(RejectReason::NoText));
    }
    let text = parts.paragraphs.join("\n\n");
    let language = detect_language(&text);
    let content_hash = short_hash(&format!("{}\n{}", parts.title.as_deref().unwrap_or(""), text));
    Ok(CleanArticle {
        id: ArticleId(raw.id.0.clone()),
        title: parts.title,
        subtitle: parts.subtitle,
        outlet,
        url: raw.url.clone().or(parts.canonical_url),
        published: parts.published.map(|(day, _)| day),
        published_source: parts.published.map(|(_, source)| source),
        modified: parts.modified.filter(|m| parts.published.is_none_or(|(p, _)| *m >= p)),
        language,
        authors: parts.authors,
        paragraphs: parts.paragraphs,
        removed: parts.removed,
        content_hash,
    })
}

/// The longest paragraph, in bytes. Text that runs on past it (a page's one block, a file with
/// no blank lines) is cut into paragraphs of whole sentences: extraction works paragraph by
/// paragraph, and news paragraphs run to a few hundred bytes.
const MAX_PARAGRAPH_BYTES: usize = 10_000;

/// Cuts paragraphs longer than [`MAX_PARAGRAPH_BYTES`] into runs of whole sentences (each at
/// most [`crate::sentences::MAX_SENTENCE_BYTES`]) that fit it; nothing is dropped.
fn bound_paragraphs(paragraphs: Vec<String>) -> Vec<String> {
    if paragraphs.iter().all(|p| p.len() <= MAX_PARAGRAPH_BYTES) {
        return paragraphs;
    }
    let mut bounded = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        if paragraph.len() <= MAX_PARAGRAPH_BYTES {
            bounded.push(paragraph);
            continue;
        }
        let mut piece = String::new();
        for sentence in crate::split_sentences(&paragraph) {
            if !piece.is_empty() && piece.len() + 1 + sentence.len() > MAX_PARAGRAPH_BYTES {
                bounded.push(std::mem::take(&mut piece));
            }
            if !piece.is_empty() {
                piece.push(' ');
            }
            piece.push_str(sentence);
        }
        if !piece.is_empty() {
            bounded.push(piece);
        }
    }
    bounded
}

fn strip_by(byline: &str) -> String {
    let trimmed = byline.trim();
    for prefix in ["By ", "BY ", "by "] {
        if let Some(rest) = trimmed.strip_prefix(prefix) {
            return rest.trim().to_string();
        }
    }
    trimmed.to_string()
}

/// The day a dateline gives. An all-numeric date that reads two ways ("05/02/2013") is read
/// the way that lands nearer the date in the page's address, else the way its country writes
/// dates (the address's country domain; the generic ones are mostly American), else not at all.
fn read_dateline(line: &str, url: Option<&str>) -> Option<Day> {
    if let Some(day) = parse_iso_prefix(line) {
        return Some(day);
    }
    let month_first = parse_date_line(line, NumericOrder::MonthFirst);
    let day_first = parse_date_line(line, NumericOrder::DayFirst);
    let (Some(a), Some(b)) = (month_first, day_first) else { return month_first.or(day_first) };
    if a == b {
        return Some(a);
    }
    if let Some(near) = url.and_then(date_from_url) {
        return Some(if (a - near).num_days().abs() <= (b - near).num_days().abs() { a } else { b });
    }
    match url.and_then(numeric_order_of) {
        Some(NumericOrder::MonthFirst) => Some(a),
        Some(NumericOrder::DayFirst) => Some(b),
        None => None,
    }
}

/// Country domains whose countries write the day before the month.
const DAY_FIRST_DOMAINS: &[&str] = &[
    "ae", "ar", "at", "au", "bd", "be", "br", "ch", "cl", "co", "de", "dk", "eg", "es", "eu", "fi", "fr", "gh", "gr",
    "hk", "ie", "il", "in", "it", "ke", "lk", "mx", "my", "ng", "nl", "no", "nz", "pk", "pl", "pt", "qa", "ru", "sa",
    "se", "sg", "tr", "ua", "uk", "za",
];

/// How the site at `url` writes all-numeric dates, from its domain.
fn numeric_order_of(url: &str) -> Option<NumericOrder> {
    let host = crate::outlet::outlet_from_url(url)?;
    let top = host.rsplit('.').next()?;
    if DAY_FIRST_DOMAINS.contains(&top) {
        Some(NumericOrder::DayFirst)
    } else if matches!(top, "com" | "us" | "org" | "net" | "gov" | "edu") {
        Some(NumericOrder::MonthFirst)
    } else {
        None
    }
}

/// Plain or scraped text: header, then line classification.
fn clean_text(body: &str, url: Option<&str>) -> Parts {
    let mut parts = Parts::default();
    let mut lines: Vec<String> =
        body.lines().map(|line| collapse_spaces(line.trim())).filter(|line| !line.is_empty()).collect();
    let mut lead: Option<String> = None;
    if let Some(header) = lines.first().and_then(|first| parse_seed_header(first)) {
        lines.remove(0);
        parts.published = Some((header.date, DateSource::Given));
        let mut rest = header.rest;
        if let Some((outlet, after)) = split_outlet_prefix(&rest) {
            parts.outlet = Some(outlet);
            rest = after;
        }
        let next_is_credit = lines.first().is_some_and(|line| classify_line(line) == LineKind::PhotoCredit);
        let n_words = rest.split_whitespace().count();
        if rest.is_empty() {
        } else if next_is_credit {
            parts.removed.push(rest);
        } else if ends_like_sentence(&rest) && n_words >= 16 {
            lead = Some(rest);
        } else {
            parts.title = Some(rest);
        }
    }
    let kinds: Vec<LineKind> = lines.iter().map(|line| classify_line(line)).collect();
    let first_paragraph = kinds.iter().position(|kind| *kind == LineKind::Paragraph).unwrap_or(kinds.len());
    let title_index = if parts.title.is_none() && lead.is_none() {
        let index = pick_title(&lines[..first_paragraph], &kinds[..first_paragraph]);
        parts.title = index.map(|i| lines[i].clone());
        index
    } else {
        None
    };
    let top_bar_end = title_index.unwrap_or(0);
    // A brief whose only text was cut off mid-sentence ("…in Rancho Mirage, Calif,") reads as
    // a headline; where no line reads as running text, its long headline-like lines are.
    let brief = lead.is_none() && !kinds.contains(&LineKind::Paragraph);
    parts.paragraphs.extend(lead);
    for (index, (line, kind)) in lines.iter().zip(&kinds).enumerate() {
        match kind {
            LineKind::Paragraph => parts.paragraphs.push(line.clone()),
            LineKind::Headline if brief && Some(index) != title_index && is_cut_sentence(line) => {
                parts.paragraphs.push(line.clone());
            }
            // So is a snippet that trails off ("… Officials said..."), less its cut-off end.
            LineKind::Teaser if brief && Some(index) != title_index && is_cut_sentence(line) => {
                parts.paragraphs.push(without_cut_end(line));
            }
            LineKind::Date if (index >= top_bar_end || is_stamped_date_line(line)) && parts.published.is_none() => {
                // A date line after the headline is the article's dateline; one above it
                // belongs to the site's top bar (the page's "today"), unless labelled or timed
                // as the article's.
                parts.published = read_dateline(line, url).map(|day| (day, DateSource::Dateline));
                parts.removed.push(line.clone());
            }
            LineKind::Byline => {
                if parts.outlet.is_none() {
                    parts.outlet = outlet_from_staff_byline(line);
                }
                if line.starts_with(['B', 'b']) {
                    parts.authors.push(strip_by(line));
                }
                parts.removed.push(line.clone());
            }
            _ => parts.removed.push(line.clone()),
        }
    }
    parts
}

/// Words from which a headline-like line of a brief is taken for its cut-off text.
const MIN_CUT_SENTENCE_WORDS: usize = 12;

/// Whether a line not ending as a sentence is one cut off: long, and a third of its words or
/// more in lowercase (a headline capitalises its words).
fn is_cut_sentence(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let lowercase = words.iter().filter(|w| w.starts_with(|c: char| c.is_lowercase())).count();
    words.len() >= MIN_CUT_SENTENCE_WORDS && 3 * lowercase >= words.len()
}

/// A snippet without the sentence its ellipsis cuts off, where a whole sentence comes before
/// it ("The council voted on Monday. Officials said..." → "The council voted on Monday.").
fn without_cut_end(line: &str) -> String {
    let open = line.trim_end_matches(['.', '…', ' ']);
    // Not after a capital: "U.S." and initials do not end sentences.
    let end = open
        .rmatch_indices(['.', '!', '?'])
        .map(|(at, _)| at)
        .find(|&at| open[at + 1..].starts_with(' ') && !open[..at].ends_with(char::is_uppercase));
    match end {
        Some(at) => line[..=at].to_string(),
        None => line.to_string(),
    }
}

/// The headline among the lines above the first paragraph: the first headline-like line
/// that is repeated or ends a breadcrumb, else the first headline-like line of 3+ words.
fn pick_title(lines: &[String], kinds: &[LineKind]) -> Option<usize> {
    let candidates: Vec<usize> = (0..lines.len())
        .filter(|&i| kinds[i] == LineKind::Headline && lines[i].split_whitespace().count() >= 3)
        .collect();
    let confirmed = candidates.iter().copied().find(|&i| {
        lines.iter().enumerate().any(|(j, other)| {
            j != i && (other == &lines[i] || (kinds[j] == LineKind::Breadcrumb && other.ends_with(lines[i].as_str())))
        })
    });
    confirmed.or_else(|| candidates.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_text(body: &str) -> RawDoc {
        RawDoc::new("t", "t.txt", InputFormat::Text, body.to_string())
    }

    #[test]
    fn header_title_and_date() {
        let article = clean(&raw_text(" date 2025-01-02 Bridge Reopens After Repairs\nThe river bridge reopened on Thursday after two months of repairs, officials said.\n"), &CleanConfig::default()).expect("clean");
        assert_eq!(article.title.as_deref(), Some("Bridge Reopens After Repairs"));
        assert_eq!(article.published.map(|d| d.to_string()).as_deref(), Some("2025-01-02"));
        assert_eq!(article.published_source, Some(DateSource::Given));
        assert_eq!(article.paragraphs.len(), 1);
    }

    #[test]
    fn scraped_page_loses_its_chrome_and_its_today_date() {
        let body = "48.0 F\nTuesday, June 3, 2025\nHomeLocalBridge Reopens After Repairs\nBridge Reopens After Repairs\nMore to read\nMayor Opens New Library Wing\nThe new wing adds three reading rooms and a...\nThe river bridge reopened on Thursday after two months of repairs, officials said.\nTraffic was light in the morning, and the first buses crossed at noon.\nShare this story\n- Get breaking alerts on your phone\nPost your comment!\n";
        let article = clean(&raw_text(body), &CleanConfig::default()).expect("clean");
        assert_eq!(article.title.as_deref(), Some("Bridge Reopens After Repairs"));
        assert_eq!(article.published, None, "the top-bar date is the page's today");
        assert_eq!(
            article.paragraphs,
            [
                "The river bridge reopened on Thursday after two months of repairs, officials said.",
                "Traffic was light in the morning, and the first buses crossed at noon."
            ]
        );
    }

    #[test]
    fn a_web_dateline_under_the_headline_is_the_day_read_as_the_site_writes_dates() {
        let body = "Ferry Service Resumes On The Island Route\nPOSTED: 04/03/09, 7:15 PM PDT |\nThe island ferry carried its first passengers in a month on Friday, the operator said.\n";
        let day = |url: Option<&str>| {
            let mut raw = raw_text(body);
            raw.url = url.map(str::to_string);
            let article = clean(&raw, &CleanConfig::default()).expect("clean");
            assert_eq!(article.paragraphs.len(), 1, "the dateline is not text");
            article.published.map(|d| d.to_string())
        };
        assert_eq!(day(Some("https://harbourpost.com/news/ferry")).as_deref(), Some("2009-04-03"));
        assert_eq!(day(Some("https://harbourpost.co.uk/news/ferry")).as_deref(), Some("2009-03-04"));
        assert_eq!(day(Some("https://harbourpost.example/2009/03/05/ferry")).as_deref(), Some("2009-03-04"));
        assert_eq!(day(None), None, "04/03/09 reads two ways and nothing tells which");
        let unambiguous = body.replace("04/03/09", "Fri Apr 3, 2009");
        let article = clean(&raw_text(&unambiguous), &CleanConfig::default()).expect("clean");
        assert_eq!(article.published.map(|d| d.to_string()).as_deref(), Some("2009-04-03"));
        assert_eq!(article.published_source, Some(DateSource::Dateline));
    }

    #[test]
    fn a_text_without_a_dateline_takes_the_day_in_its_address() {
        let mut raw = raw_text(
            "Ferry Service Resumes\nThe island ferry carried its first passengers in a month, the operator said.\n",
        );
        raw.url = Some("https://harbourpost.example/news/ferry-resumes-2009-04-03-1130".to_string());
        let article = clean(&raw, &CleanConfig::default()).expect("clean");
        assert_eq!(article.published.map(|d| d.to_string()).as_deref(), Some("2009-04-03"));
        assert_eq!(article.published_source, Some(DateSource::Url));
    }

    #[test]
    fn header_with_caption_and_dateline_below_it() {
        let body = " date 2025-01-02 The mayor at the bridge, Jan. 2, 2025.\nPhoto: Ana Ruiz/City Press\nRiverside Staff Report\nJanuary 2, 2025\nThe river bridge reopened on Thursday after two months of repairs, officials said.\n";
        let article = clean(&raw_text(body), &CleanConfig::default()).expect("clean");
        assert_eq!(article.title, None, "a photo caption is not a title");
        assert_eq!(article.outlet.as_deref(), Some("Riverside"));
        assert_eq!(article.paragraphs.len(), 1);
    }

    #[test]
    fn header_holding_the_lead_sentence() {
        let body = " date 2025-01-02 Delta Radio / The river bridge reopened on Thursday after two months of repairs that closed the main road into town, officials said.\nTraffic was light in the morning.\n";
        let article = clean(&raw_text(body), &CleanConfig::default()).expect("clean");
        assert_eq!(article.outlet.as_deref(), Some("Delta Radio"));
        assert_eq!(article.title, None);
        assert_eq!(article.paragraphs.len(), 2);
        assert!(article.paragraphs[0].starts_with("The river bridge"));
    }

    #[test]
    fn a_brief_cut_off_mid_sentence_keeps_its_text() {
        let body = "Harbour Ferry Returns to Service\nTue., Apr. 8, 2025 9:10 AM\nLate on Monday night, after a month in dry dock, the old harbour ferry made its first crossing with forty passengers on board,\n";
        let article = clean(&raw_text(body), &CleanConfig::default()).expect("clean");
        assert_eq!(article.title.as_deref(), Some("Harbour Ferry Returns to Service"));
        assert_eq!(article.paragraphs.len(), 1);
        assert!(article.paragraphs[0].starts_with("Late on Monday night"));
        let headlines =
            "Harbour Ferry Returns to Service\nMore Stories From the Waterfront And the Old Port District Today\n";
        let rejection = clean(&raw_text(headlines), &CleanConfig::default()).expect_err("reject");
        assert_eq!(rejection.reason, RejectReason::NoText);
    }

    #[test]
    fn a_snippet_that_trails_off_keeps_its_whole_sentences() {
        let body = "Ferry fire near the harbour\nA fire broke out on the harbour ferry Marlin near Kessport on Monday, and the coastguard took all forty passengers ashore. Officials said...\n";
        let article = clean(&raw_text(body), &CleanConfig::default()).expect("clean");
        assert_eq!(article.title.as_deref(), Some("Ferry fire near the harbour"));
        assert_eq!(
            article.paragraphs,
            [
                "A fire broke out on the harbour ferry Marlin near Kessport on Monday, and the coastguard took all forty passengers ashore."
            ]
        );
        // One long sentence cut off is kept whole; on a page with running text, teasers are
        // still clutter.
        let one = "Ferry fire near the harbour\nA fire broke out on the harbour ferry Marlin near Kessport on Monday, and the coastguard took all the…\n";
        let article = clean(&raw_text(one), &CleanConfig::default()).expect("clean");
        assert!(article.paragraphs[0].ends_with("took all the…"), "{:?}", article.paragraphs);
        let page = "Ferry fire near the harbour\nA fire broke out on the harbour ferry Marlin near Kessport on Monday.\nThe coastguard took all forty passengers ashore, and no one was hurt, officials said.\nCouncil votes on parking fees in the harbour district of the old port town...\n";
        let article = clean(&raw_text(page), &CleanConfig::default()).expect("clean");
        assert_eq!(article.paragraphs.len(), 2, "{:?}", article.paragraphs);
        assert_eq!(without_cut_end("Talks in the U.S. went on..."), "Talks in the U.S. went on...");
    }

    #[test]
    fn a_paragraph_past_the_bound_is_cut_into_whole_sentences() {
        let sentences: Vec<String> =
            (0..400).map(|i| format!("Crews cleared road number {i} before the storm.")).collect();
        let body = format!("Roads Cleared\n{}\nA last short paragraph.\n", sentences.join(" "));
        let article = clean(&raw_text(&body), &CleanConfig::default()).expect("clean");
        assert!(article.paragraphs.len() > 2, "{} paragraphs", article.paragraphs.len());
        assert!(article.paragraphs.iter().all(|p| p.len() <= MAX_PARAGRAPH_BYTES));
        assert!(
            article.paragraphs.iter().all(|p| p.starts_with("Crews") || p.starts_with("A last")),
            "cut inside a sentence"
        );
        let kept: Vec<&str> = article.paragraphs.iter().flat_map(|p| p.split_whitespace()).collect();
        let given: Vec<&str> = sentences
            .iter()
            .flat_map(|s| s.split_whitespace())
            .chain("A last short paragraph.".split_whitespace())
            .collect();
        assert_eq!(kept, given, "every word kept, in order");
    }

    #[test]
    fn too_little_text_is_rejected() {
        let rejection = clean(&raw_text("Home\n"), &CleanConfig::default()).expect_err("reject");
        assert_eq!(rejection.reason, RejectReason::NoText);
    }
}
