//! Builders for the report's unit tests.

use parallax_model::{ArticleId, CleanArticle};

/// An article with an outlet and body paragraphs, nothing else.
pub fn article(id: &str, outlet: Option<&str>, paragraphs: &[&str]) -> CleanArticle {
    CleanArticle {
        id: ArticleId(id.into()),
        title: None,
        subtitle: None,
        outlet: outlet.map(str::to_string),
        url: None,
        published: None,
        published_source: None,
        modified: None,
        language: None,
        authors: Vec::new(),
        paragraphs: paragraphs.iter().map(|p| (*p).to_string()).collect(),
        removed: Vec::new(),
        content_hash: String::new(),
    }
}

/// The report of an event without articles, on a given day.
pub fn empty_report(id: &str, date: Option<parallax_model::Day>) -> parallax_model::EventReport {
    crate::build_report(&parallax_model::EventId(id.into()), date, &[], &crate::ReportConfig::default())
}
