//! What the web pages show, built from engine results: plain strings and links only, so the
//! templates hold no logic beyond loops and conditions.

use std::collections::{BTreeMap, HashMap};

use parallax_model::{ArticleId, Conflict, Day, EventReport, FigureView, QuoteKind, Support};

use crate::annotate::{Piece, annotate, figure_note};
use crate::links;
use crate::query::{ArticleMeta, ArticleRecord};

/// A citation: the article's number in its event and the anchor of its entry on the page.
#[derive(Debug, Clone)]
pub(crate) struct Cite {
    pub n: usize,
    pub anchor: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Link {
    pub href: String,
    pub label: String,
}

/// An event in the list on `/`.
#[derive(Debug, Clone)]
pub(crate) struct EventCard {
    pub href: String,
    pub title: String,
    pub date: String,
    pub outlets: String,
    pub article_count: usize,
    pub independent_origin_count: usize,
}

impl From<&EventReport> for EventCard {
    fn from(event: &EventReport) -> Self {
        Self {
            href: links::event_page(&event.id.0),
            title: event.title.clone(),
            date: date_text(event.date),
            outlets: outlets_text(&event.outlets),
            article_count: event.article_count,
            independent_origin_count: event.independent_origin_count,
        }
    }
}

pub(crate) fn date_text(date: Option<Day>) -> String {
    date.map_or_else(|| "undated".to_string(), |d| d.to_string())
}

fn outlets_text(outlets: &[String]) -> String {
    if outlets.is_empty() { "outlet unknown".to_string() } else { outlets.join(" · ") }
}

/// A number with thousands separators (1,350), as figures are written in the news.
pub(crate) fn number(value: f64) -> String {
    if value.fract() != 0.0 || value.abs() >= 1e15 {
        return format!("{value}");
    }
    let digits = format!("{}", value.abs() as i64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 { format!("-{out}") } else { out }
}

/// One article of an event, in its outlet's column.
#[derive(Debug, Clone)]
pub(crate) struct SourceEntry {
    pub n: usize,
    pub anchor: String,
    pub href: String,
    pub title: String,
    pub date: String,
    /// The original this article copies: its anchor on the page, or its article page.
    pub copy_of: Option<Link>,
}

#[derive(Debug, Clone)]
pub(crate) struct OutletColumn {
    pub name: String,
    pub articles: Vec<SourceEntry>,
}

#[derive(Debug, Clone)]
pub(crate) struct CitedText {
    pub text: String,
    pub cites: Vec<Cite>,
}

#[derive(Debug, Clone)]
pub(crate) struct QuoteEntry {
    pub text: String,
    pub speaker: String,
    pub cites: Vec<Cite>,
    pub variants: Vec<VariantEntry>,
}

/// Another wording of a quote: runs of words, the changed ones marked.
#[derive(Debug, Clone)]
pub(crate) struct VariantEntry {
    pub segments: Vec<(String, bool)>,
    pub cites: Vec<Cite>,
}

#[derive(Debug, Clone)]
pub(crate) struct FigureRow {
    pub what: String,
    pub value: String,
    pub modifier: String,
    pub attribution: String,
    pub sentence: String,
    pub cites: Vec<Cite>,
    pub in_conflict: bool,
}

/// One aligned statement of the agreement map.
#[derive(Debug, Clone)]
pub(crate) struct StatementRow {
    /// `disputed`, `all`, `several` or `one` (a CSS class too).
    pub support: &'static str,
    pub label: &'static str,
    pub text: String,
    pub cites: Vec<Cite>,
}

/// One referent of the wording table, the terms of each outlet.
#[derive(Debug, Clone)]
pub(crate) struct WordingEntry {
    pub referent: String,
    pub outlets: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub(crate) struct ConflictEntry {
    pub about: String,
    pub values: Vec<CitedText>,
}

/// Everything the event page shows.
#[derive(Debug, Clone)]
pub(crate) struct EventView {
    pub id: String,
    pub title: String,
    pub date: String,
    pub article_count: usize,
    pub independent_origin_count: usize,
    pub people: String,
    pub places: String,
    pub organizations: String,
    pub summary: Vec<CitedText>,
    pub columns: Vec<OutletColumn>,
    pub quotes: Vec<QuoteEntry>,
    pub figures: Vec<FigureRow>,
    pub agreements: Vec<FigureRow>,
    pub conflicts: Vec<ConflictEntry>,
    /// Later counts that update earlier ones.
    pub updates: Vec<ConflictEntry>,
    pub statements: Vec<StatementRow>,
    pub wording: Vec<WordingEntry>,
    /// Entries of each ledger left off the page (they are in the JSON report).
    pub quotes_hidden: usize,
    pub figures_hidden: usize,
    pub agreements_hidden: usize,
    pub json_href: String,
}

/// Most entries of one ledger an event page shows: a page stays readable (and fast) when a
/// very large event reports thousands; the JSON report has them all.
pub(crate) const MAX_LEDGER_ROWS: usize = 250;

fn conflict_entry(conflict: &Conflict, cites: &dyn Fn(&[ArticleId]) -> Vec<Cite>) -> ConflictEntry {
    ConflictEntry {
        about: conflict.about.clone(),
        values: conflict
            .values
            .iter()
            .map(|v| CitedText { text: number(v.value), cites: cites(&v.articles) })
            .collect(),
    }
}

fn anchor(n: usize) -> String {
    format!("a{n}")
}

impl EventView {
    pub(crate) fn new(event: &EventReport, metas: &[ArticleMeta]) -> Self {
        let numbers: HashMap<&ArticleId, usize> =
            event.articles.iter().enumerate().rev().map(|(index, id)| (id, index + 1)).collect();
        let number_of = |id: &ArticleId| numbers.get(id).copied();
        let cites = |ids: &[ArticleId]| -> Vec<Cite> {
            ids.iter().filter_map(&number_of).map(|n| Cite { n, anchor: anchor(n) }).collect()
        };
        let mut by_outlet: BTreeMap<String, Vec<SourceEntry>> = BTreeMap::new();
        for (index, (id, meta)) in event.articles.iter().zip(metas).enumerate() {
            let n = index + 1;
            let copy_of = meta.duplicate_of.as_ref().map(|original| match number_of(original) {
                Some(m) => Link { href: format!("#{}", anchor(m)), label: format!("[{m}]") },
                None => Link { href: links::article_page(original.as_str()), label: original.to_string() },
            });
            by_outlet.entry(meta.outlet.clone().unwrap_or_else(|| "Outlet unknown".to_string())).or_default().push(
                SourceEntry {
                    n,
                    anchor: anchor(n),
                    href: links::article_page(id.as_str()),
                    title: meta.title.clone().unwrap_or_else(|| id.to_string()),
                    date: date_text(meta.published),
                    copy_of,
                },
            );
        }
        let in_conflict = |figure: &FigureView| {
            event.conflicts.iter().any(|conflict| {
                conflict.values.iter().any(|v| v.value == figure.value && v.articles == figure.articles)
            })
        };
        let figure_row = |figure: &FigureView| FigureRow {
            what: figure.what.clone(),
            value: number(figure.value),
            modifier: figure.modifier.clone().unwrap_or_default(),
            attribution: figure.attribution.clone().unwrap_or_default(),
            sentence: figure.text.clone(),
            cites: cites(&figure.articles),
            in_conflict: in_conflict(figure),
        };
        Self {
            id: event.id.0.clone(),
            title: event.title.clone(),
            date: date_text(event.date),
            article_count: event.article_count,
            independent_origin_count: event.independent_origin_count,
            people: event.people.join(", "),
            places: event.places.join(", "),
            organizations: event.organizations.join(", "),
            summary: event
                .summary
                .iter()
                .map(|s| CitedText { text: s.text.clone(), cites: cites(&s.articles) })
                .collect(),
            columns: by_outlet.into_iter().map(|(name, articles)| OutletColumn { name, articles }).collect(),
            quotes: event
                .quotes
                .iter()
                .take(MAX_LEDGER_ROWS)
                .map(|quote| QuoteEntry {
                    text: quote.text.clone(),
                    speaker: quote.speaker.clone().unwrap_or_else(|| "speaker unknown".to_string()),
                    cites: cites(&quote.articles),
                    variants: quote
                        .variants
                        .iter()
                        .map(|v| VariantEntry {
                            segments: if v.segments.is_empty() {
                                vec![(v.text.clone(), false)]
                            } else {
                                v.segments.iter().map(|s| (s.text.clone(), s.changed)).collect()
                            },
                            cites: cites(&v.articles),
                        })
                        .collect(),
                })
                .collect(),
            figures: event.figures.iter().take(MAX_LEDGER_ROWS).map(figure_row).collect(),
            agreements: event.agreements.iter().take(MAX_LEDGER_ROWS).map(figure_row).collect(),
            quotes_hidden: event.quotes.len().saturating_sub(MAX_LEDGER_ROWS),
            figures_hidden: event.figures.len().saturating_sub(MAX_LEDGER_ROWS),
            agreements_hidden: event.agreements.len().saturating_sub(MAX_LEDGER_ROWS),
            conflicts: event.conflicts.iter().map(|c| conflict_entry(c, &cites)).collect(),
            updates: event.updates.iter().map(|c| conflict_entry(c, &cites)).collect(),
            statements: event
                .statements
                .iter()
                .take(MAX_LEDGER_ROWS)
                .map(|statement| {
                    let (support, label) = match statement.support {
                        Support::Disputed => ("disputed", "disputed"),
                        Support::All => ("all", "all outlets"),
                        Support::Several => ("several", "several outlets"),
                        Support::One => ("one", "one outlet"),
                    };
                    StatementRow { support, label, text: statement.text.clone(), cites: cites(&statement.articles) }
                })
                .collect(),
            wording: event
                .wording
                .iter()
                .map(|row| WordingEntry {
                    referent: row.referent.clone(),
                    outlets: row
                        .outlets
                        .iter()
                        .map(|o| {
                            let terms: Vec<String> =
                                o.terms.iter().map(|t| format!("{} ×{}", t.term, t.count)).collect();
                            (o.outlet.clone(), terms.join(", "))
                        })
                        .collect(),
                })
                .collect(),
            json_href: links::event_api(&event.id.0),
        }
    }
}

/// Everything the article page shows.
#[derive(Debug, Clone)]
pub(crate) struct ArticleView {
    pub title: String,
    pub outlet: String,
    pub date: String,
    pub language: String,
    pub authors: String,
    /// The article's own URL as text, and as a link only when it is a web link.
    pub url: String,
    pub url_href: Option<String>,
    pub copy_of: Option<Link>,
    pub events: Vec<Link>,
    /// Each paragraph in pieces, names, quotes and figures marked.
    pub paragraphs: Vec<Vec<Piece>>,
    /// The quotes found: speaker, text, and whether the words are the speaker's own (direct).
    pub quotes: Vec<(String, String, bool)>,
    /// The figures found, as their notes ("killed: more than 9,200 people").
    pub figures: Vec<String>,
    pub json_href: String,
}

impl From<&ArticleRecord> for ArticleView {
    fn from(record: &ArticleRecord) -> Self {
        let view = &record.view;
        let url = view.url.clone().unwrap_or_default();
        Self {
            title: view.title.clone().unwrap_or_else(|| view.id.to_string()),
            outlet: view.outlet.clone().unwrap_or_else(|| "outlet unknown".to_string()),
            date: date_text(view.published),
            language: view.language.clone().unwrap_or_default(),
            authors: record.authors.join(", "),
            url_href: links::external_href(&url).map(str::to_string),
            url,
            copy_of: view
                .duplicate_of
                .as_ref()
                .map(|original| Link { href: links::article_page(original.as_str()), label: original.to_string() }),
            events: record
                .events
                .iter()
                .map(|event| Link { href: links::event_page(&event.id.0), label: event.title.clone() })
                .collect(),
            paragraphs: annotate(&record.paragraphs, &record.extraction)
                .into_iter()
                .filter(|pieces| pieces.iter().any(|p| !p.text.trim().is_empty()))
                .collect(),
            quotes: record
                .extraction
                .quotes
                .iter()
                .map(|q| {
                    let speaker = q.speaker.clone().unwrap_or_else(|| "Speaker unknown".to_string());
                    (speaker, q.text.clone(), q.kind == QuoteKind::Direct)
                })
                .collect(),
            figures: record.extraction.figures.iter().map(figure_note).collect(),
            json_href: links::article_api(view.id.as_str()),
        }
    }
}

/// A piece of a search snippet; `mark` when it is a match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    pub text: String,
    pub mark: bool,
}

/// Splits a search snippet (text HTML-escaped, matches in `<b>…</b>`) into plain-text
/// pieces. Nothing of it is trusted as HTML: the pieces are escaped again when rendered, so
/// even a snippet with raw markup would show as text.
pub(crate) fn snippet_segments(html: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let (before, after) = match rest.find("<b>") {
            Some(start) => (&rest[..start], Some(&rest[start + 3..])),
            None => (rest, None),
        };
        push_segment(&mut segments, before, false);
        let Some(after) = after else { break };
        let (marked, tail) = after.split_once("</b>").unwrap_or((after, ""));
        push_segment(&mut segments, marked, true);
        rest = tail;
    }
    segments
}

fn push_segment(segments: &mut Vec<Segment>, html: &str, mark: bool) {
    if !html.is_empty() {
        segments.push(Segment { text: unescape(html), mark });
    }
}

/// Undoes the minimal HTML escaping of snippets (`&`, `<`, `>`, `"`, `'`).
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number(1_350.0), "1,350");
        assert_eq!(number(1_000_000.0), "1,000,000");
        assert_eq!(number(-6_500.0), "-6,500");
        assert_eq!(number(95.0), "95");
        assert_eq!(number(4.5), "4.5");
    }

    #[test]
    fn snippets_become_plain_segments() {
        let segments = snippet_segments("a &lt;script&gt; <b>river</b> &amp; <b>banks</b>");
        let plain: Vec<(&str, bool)> = segments.iter().map(|s| (s.text.as_str(), s.mark)).collect();
        assert_eq!(plain, [("a <script> ", false), ("river", true), (" & ", false), ("banks", true)]);
        assert_eq!(snippet_segments("<b>open"), [Segment { text: "open".into(), mark: true }]);
        assert!(snippet_segments("").is_empty());
    }
}
