//! Text rendering of results, and the row types printed with `--json`.

use std::fmt::Write;

use parallax_engine::{Analysis, Processed};
use parallax_model::{ArticleId, Day, EntityKind, EntityView, EventReport, HistoryAction, Story, Support};
use parallax_search::{Hit, HitKind};
use serde::Serialize;

/// `parallax extract` output for one input.
#[derive(Debug, Serialize)]
pub struct Extracted {
    pub id: String,
    pub source: String,
    pub title: Option<String>,
    pub published: Option<Day>,
    pub published_source: Option<parallax_model::DateSource>,
    pub outlet: Option<String>,
    pub language: Option<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub text: String,
    pub removed: Vec<String>,
}

impl From<&Processed> for Extracted {
    fn from(item: &Processed) -> Self {
        let article = &item.article;
        Self {
            id: article.id.0.to_string(),
            source: item.source.clone(),
            title: article.title.clone(),
            published: article.published,
            published_source: article.published_source,
            outlet: article.outlet.clone(),
            language: article.language.clone(),
            authors: article.authors.clone(),
            url: article.url.clone(),
            text: article.text(),
            removed: article.removed.clone(),
        }
    }
}

/// `parallax events --json` row.
#[derive(Debug, Serialize)]
pub struct EventRow {
    pub id: String,
    pub date: Option<Day>,
    pub title: String,
    pub article_count: usize,
    pub independent_origin_count: usize,
    pub outlets: Vec<String>,
}

impl From<&EventReport> for EventRow {
    fn from(event: &EventReport) -> Self {
        Self {
            id: event.id.0.clone(),
            date: event.date,
            title: event.title.clone(),
            article_count: event.article_count,
            independent_origin_count: event.independent_origin_count,
            outlets: event.outlets.clone(),
        }
    }
}

/// `parallax search --json` row.
#[derive(Debug, Serialize)]
pub struct SearchRow {
    /// The article (that carries the quote, for a quote).
    pub id: String,
    pub kind: HitKind,
    pub title: String,
    pub outlet: String,
    pub published: String,
    /// Who said it, for a quote.
    pub speaker: Option<String>,
    pub score: f32,
    pub snippet: String,
}

impl From<&Hit> for SearchRow {
    fn from(hit: &Hit) -> Self {
        Self {
            id: hit.id.clone(),
            kind: hit.kind,
            title: hit.title.clone(),
            outlet: hit.outlet.clone(),
            published: hit.published.clone(),
            speaker: hit.speaker.clone(),
            score: hit.score,
            snippet: hit.snippet_html.clone(),
        }
    }
}

fn date_text(date: Option<Day>) -> String {
    date.map_or_else(|| "undated".to_string(), |d| d.to_string())
}

fn number(value: f64) -> String {
    if value.fract() != 0.0 {
        return format!("{value}");
    }
    let digits = format!("{}", value as i64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 && c != '-' {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `parallax analyze` as text.
pub fn analysis(analysis: &Analysis) -> String {
    let mut out = String::new();
    let n_outlets =
        analysis.articles.iter().filter_map(|a| a.outlet.as_deref()).collect::<std::collections::BTreeSet<_>>().len();
    let _ = writeln!(
        out,
        "{} events in {} stories from {} articles ({} outlets)\n",
        analysis.events.len(),
        analysis.stories.len(),
        analysis.articles.len(),
        n_outlets
    );
    for event in &analysis.events {
        let outlet_of = |id: &ArticleId| analysis.articles.iter().find(|a| &a.id == id).and_then(|a| a.outlet.clone());
        out.push_str(&self::event(event, &outlet_of));
        out.push('\n');
    }
    if !analysis.stories.is_empty() {
        out.push_str(&stories(&analysis.stories));
    }
    out
}

/// One event's report as text.
pub fn event(event: &EventReport, outlet_of: &dyn Fn(&ArticleId) -> Option<String>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "━━ {} · {}  [{}]", date_text(event.date), event.title, event.id);
    let _ = writeln!(
        out,
        "   {} article(s), {} independent origin(s), outlets: {}",
        event.article_count,
        event.independent_origin_count,
        if event.outlets.is_empty() { "unknown".to_string() } else { event.outlets.join(", ") }
    );
    if !event.people.is_empty() {
        let _ = writeln!(out, "   people: {}", event.people.join(", "));
    }
    if !event.places.is_empty() {
        let _ = writeln!(out, "   places: {}", event.places.join(", "));
    }
    // Who is named, linked across the articles: the forms and roles each is given.
    let people: Vec<&EntityView> = event.entities.iter().filter(|e| e.kind == EntityKind::Person).take(6).collect();
    if !people.is_empty() {
        let _ = writeln!(out, "   who:");
        for person in people {
            let mut details: Vec<String> = person.roles.clone();
            if !person.aliases.is_empty() {
                details.push(format!("also “{}”", person.aliases.join("”, “")));
            }
            details.push(format!("{} mention(s) in {} article(s)", person.mentions, person.articles.len()));
            let _ = writeln!(out, "     {} — {} [{}]", person.name, details.join("; "), person.id);
        }
    }
    let cite = |ids: &[ArticleId]| -> String {
        let numbers: Vec<String> = ids
            .iter()
            .filter_map(|id| event.articles.iter().position(|a| a == id))
            .map(|i| (i + 1).to_string())
            .collect();
        format!("[{}]", numbers.join(","))
    };
    let _ = writeln!(out, "   articles:");
    for (index, id) in event.articles.iter().enumerate() {
        let _ = writeln!(
            out,
            "     {}. {} ({})",
            index + 1,
            id,
            outlet_of(id).unwrap_or_else(|| "outlet unknown".to_string())
        );
    }
    if !event.summary.is_empty() {
        let _ = writeln!(out, "   summary:");
        for sentence in &event.summary {
            let _ = writeln!(out, "     • {} {}", sentence.text, cite(&sentence.articles));
        }
    }
    if !event.conflicts.is_empty() {
        let _ = writeln!(out, "   conflicts:");
        for conflict in &event.conflicts {
            let values: Vec<String> =
                conflict.values.iter().map(|v| format!("{} {}", number(v.value), cite(&v.articles))).collect();
            let _ = writeln!(out, "     ≠ {}: {}", conflict.about, values.join(" vs "));
        }
    }
    if !event.updates.is_empty() {
        let _ = writeln!(out, "   updates (a later count, not a contradiction):");
        for update in &event.updates {
            let values: Vec<String> =
                update.values.iter().map(|v| format!("{} {}", number(v.value), cite(&v.articles))).collect();
            let _ = writeln!(out, "     ↗ {}: {}", update.about, values.join(" → "));
        }
    }
    if !event.agreements.is_empty() {
        let _ = writeln!(out, "   agreements:");
        for figure in &event.agreements {
            let _ = writeln!(out, "     = {} {} {}", figure.what, number(figure.value), cite(&figure.articles));
        }
    }
    if !event.figures.is_empty() {
        let _ = writeln!(out, "   figures:");
        for figure in &event.figures {
            let bound = figure.modifier.as_deref().map(|m| format!("{m} ")).unwrap_or_default();
            let source = figure.attribution.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
            let _ = writeln!(
                out,
                "     {}: {}{}{} {}",
                figure.what,
                bound,
                number(figure.value),
                source,
                cite(&figure.articles)
            );
        }
    }
    if !event.quotes.is_empty() {
        let _ = writeln!(out, "   quotes:");
        for quote in &event.quotes {
            let speaker = quote.speaker.as_deref().unwrap_or("speaker unknown");
            let _ = writeln!(out, "     “{}” — {} {}", quote.text, speaker, cite(&quote.articles));
            for variant in &quote.variants {
                // Changed words between ⟨ ⟩.
                let worded = if variant.segments.is_empty() {
                    variant.text.clone()
                } else {
                    let runs: Vec<String> = variant
                        .segments
                        .iter()
                        .map(|s| if s.changed { format!("⟨{}⟩", s.text) } else { s.text.clone() })
                        .collect();
                    runs.join(" ")
                };
                let _ = writeln!(out, "        also worded: “{worded}” {}", cite(&variant.articles));
            }
        }
    }
    if !event.statements.is_empty() {
        let _ = writeln!(out, "   agreement map (disputed ≠, all =, several +, one outlet ·):");
        for statement in &event.statements {
            let mark = match statement.support {
                Support::Disputed => "≠",
                Support::All => "=",
                Support::Several => "+",
                Support::One => "·",
            };
            let _ = writeln!(out, "     {mark} {} {}", statement.text, cite(&statement.articles));
        }
    }
    if !event.wording.is_empty() {
        let _ = writeln!(out, "   wording:");
        for row in &event.wording {
            let outlets: Vec<String> = row
                .outlets
                .iter()
                .map(|o| {
                    let terms: Vec<String> = o.terms.iter().map(|t| format!("{} ×{}", t.term, t.count)).collect();
                    format!("{}: {}", o.outlet, terms.join(", "))
                })
                .collect();
            let _ = writeln!(out, "     {} — {}", row.referent, outlets.join(" | "));
        }
    }
    out
}

pub fn event_list(events: &[EventReport]) -> String {
    let mut out = String::new();
    if events.is_empty() {
        out.push_str("no events: ingest articles first (parallax ingest PATH)\n");
    }
    for event in events {
        let _ = writeln!(
            out,
            "{}  {:<10}  {:>3} art. {:>3} orig.  {}",
            event.id,
            date_text(event.date),
            event.article_count,
            event.independent_origin_count,
            event.title
        );
    }
    out
}

/// What happened to an event while the stream was clustered, oldest first.
pub fn history(event: &EventReport) -> String {
    let mut out = format!("{} · {}\n", event.id, event.title);
    for entry in &event.history {
        let what = match entry.action {
            HistoryAction::Founded => {
                format!("founded by {}", entry.article.as_ref().map_or("an article", |a| a.as_str()))
            }
            HistoryAction::Split => format!("split: {} left it", ids_text(&entry.events)),
            HistoryAction::SplitOff => format!("split off {}", ids_text(&entry.events)),
            HistoryAction::Merged => format!("merged: {} joined it", ids_text(&entry.events)),
            HistoryAction::ArticleLeft => format!(
                "{} left it for {}",
                entry.article.as_ref().map_or("an article", |a| a.as_str()),
                ids_text(&entry.events)
            ),
            HistoryAction::ArticleCame => format!(
                "{} came from {}",
                entry.article.as_ref().map_or("an article", |a| a.as_str()),
                ids_text(&entry.events)
            ),
        };
        let _ = writeln!(out, "  after {} articles: {what}\n      because {}", entry.at, entry.reason);
    }
    if event.history.is_empty() {
        out.push_str("  no history recorded\n");
    }
    out
}

fn ids_text(ids: &[parallax_model::EventId]) -> String {
    ids.iter().map(|id| id.0.as_str()).collect::<Vec<_>>().join(", ")
}

/// Each story as a timeline: the date of each event, the days since the one before, its
/// title and how many articles and independent origins reported it.
pub fn stories(stories: &[Story]) -> String {
    let mut out = String::from("stories:\n");
    for story in stories {
        let _ = writeln!(out, "  {} · {}", story.id.0, story.title);
        let mut previous: Option<Day> = None;
        for entry in &story.timeline {
            let gap = match (previous, entry.date) {
                (Some(before), Some(day)) => format!("+{}d", (day - before).num_days()),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "     {}  {:>6}  {}  {} ({} article{}, {} independent)",
                date_text(entry.date),
                gap,
                entry.event,
                entry.title,
                entry.article_count,
                if entry.article_count == 1 { "" } else { "s" },
                entry.independent_origin_count
            );
            previous = entry.date.or(previous);
        }
    }
    out
}

pub fn extracted(articles: &[Extracted]) -> String {
    let mut out = String::new();
    for article in articles {
        let _ = writeln!(out, "── {} ({})", article.id, article.source);
        let _ = writeln!(out, "title:     {}", article.title.as_deref().unwrap_or("-"));
        let _ = writeln!(out, "published: {}", date_text(article.published));
        let _ = writeln!(out, "outlet:    {}", article.outlet.as_deref().unwrap_or("-"));
        let _ = writeln!(out, "language:  {}", article.language.as_deref().unwrap_or("-"));
        let _ = writeln!(out, "\n{}\n", article.text);
    }
    out
}

pub fn search(rows: &[SearchRow]) -> String {
    let mut out = String::new();
    if rows.is_empty() {
        out.push_str("no matches\n");
    }
    for row in rows {
        let snippet = unescape(&row.snippet.replace("<b>", "").replace("</b>", ""));
        let _ = writeln!(out, "{:.2}  {}  {}  {}", row.score, row.id, row.published, row.title);
        match (&row.kind, &row.speaker) {
            (HitKind::Quote, Some(speaker)) => {
                let _ = writeln!(out, "      quote: “{snippet}” — {speaker}");
            }
            _ => {
                let _ = writeln!(out, "      {snippet}");
            }
        }
    }
    out
}

fn unescape(html: &str) -> String {
    html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#x27;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(number(1_350.0), "1,350");
        assert_eq!(number(1_000_000.0), "1,000,000");
        assert_eq!(number(95.0), "95");
        assert_eq!(number(4.5), "4.5");
    }
}
