//! The per-event report: title, date, who took part, a summary whose every sentence cites its
//! articles, the quote ledger, the figure ledger with agreements and conflicts.
//!
//! Pure: no I/O, no clock. Articles come in with their extractions; a report comes out.

mod agreement;
mod entities;
mod figures;
mod fingerprint;
mod quotes;
mod summary;
#[cfg(test)]
mod test_support;
mod timeline;
mod wording;

use parallax_model::{ArticleId, CleanArticle, Day, EntityKind, EventId, EventReport, Extraction};

pub use agreement::agreement_map;
pub use entities::entity_registry;
pub use figures::{FigureLedger, build_figure_ledger};
pub use fingerprint::{CODE_FINGERPRINT, FINGERPRINTED_SOURCES};
pub use quotes::build_quote_ledger;
pub use summary::{
    Compression, DigestConfig, SentenceOrder, SummaryConfig, SummaryDocument, summarize, summarize_documents,
};
pub use timeline::{attach_timelines, fill_timelines, timeline_entry};

/// One article of an event, as the report needs it.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    pub article: &'a CleanArticle,
    pub extraction: &'a Extraction,
    pub duplicate_of: Option<&'a ArticleId>,
}

impl ReportInput<'_> {
    /// The article this one copies, or itself: its origin group.
    pub fn origin(&self) -> &ArticleId {
        self.duplicate_of.unwrap_or(&self.article.id)
    }
}

/// Settings of the report stage.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportConfig {
    pub summary: SummaryConfig,
}

/// Builds the report of one event from its articles (in stream order).
pub fn build_report(
    id: &EventId,
    date: Option<Day>,
    members: &[ReportInput<'_>],
    config: &ReportConfig,
) -> EventReport {
    let articles: Vec<ArticleId> = members.iter().map(|m| m.article.id.clone()).collect();
    let mut outlets: Vec<String> = members.iter().filter_map(|m| m.article.outlet.clone()).collect();
    outlets.sort();
    outlets.dedup();
    let mut origins: Vec<&ArticleId> = members.iter().map(ReportInput::origin).collect();
    origins.sort();
    origins.dedup();
    let summary = summarize(members, &config.summary);
    let title = pick_title(members, &summary);
    let ledger = build_figure_ledger(members);
    let mentions = entities::voted_mentions(members);
    let mut all = entities::all_entities(members, &mentions);
    let mut quotes = build_quote_ledger(members);
    // One name per person across the event: the registry's.
    for quote in &mut quotes {
        if let Some(name) = quote.speaker.as_deref().and_then(|s| entities::person_named(&all, s)) {
            quote.speaker = Some(name.to_string());
        }
    }
    let (people, places, organizations) = (
        entities::listed(&all, EntityKind::Person),
        entities::listed(&all, EntityKind::Place),
        entities::listed(&all, EntityKind::Organization),
    );
    all.truncate(entities::MAX_ENTITIES);
    EventReport {
        id: id.clone(),
        title,
        date,
        article_count: articles.len(),
        independent_origin_count: origins.len(),
        articles,
        outlets,
        people,
        places,
        organizations,
        summary,
        quotes,
        figures: ledger.figures,
        agreements: ledger.agreements,
        conflicts: ledger.conflicts,
        updates: ledger.updates,
        statements: agreement::agreement_map(members),
        wording: wording::wording_table(members),
        story: None,
        history: Vec::new(),
        entities: all,
        report_key: String::new(),
    }
}

/// The headline of the article whose text is most central, else the first summary sentence.
fn pick_title(members: &[ReportInput<'_>], summary: &[parallax_model::SummarySentence]) -> String {
    let lead_article = summary.first().and_then(|s| s.articles.first());
    let titled = |m: &&ReportInput<'_>| m.article.title.as_deref().is_some_and(|t| t.split_whitespace().count() >= 3);
    let chosen = members
        .iter()
        .filter(titled)
        .find(|m| Some(&m.article.id) == lead_article && m.duplicate_of.is_none())
        .or_else(|| members.iter().filter(titled).find(|m| m.duplicate_of.is_none()))
        .or_else(|| members.iter().find(titled));
    if let Some(title) = chosen.and_then(|m| m.article.title.clone()) {
        return title;
    }
    let first = summary.first().map(|s| s.text.as_str()).unwrap_or("Untitled event");
    let words: Vec<&str> = first.split_whitespace().collect();
    if words.len() > 14 { format!("{}…", words[..14].join(" ")) } else { first.to_string() }
}
