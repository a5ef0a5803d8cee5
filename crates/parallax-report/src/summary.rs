//! Extractive multi-document summaries: the sentences that together cover the most of what
//! the documents say (concept coverage, see [`summarize_documents`]), within a word budget,
//! redundancy removed, in chronological order, each citing every article that carries a
//! sentence saying the same.

use parallax_model::SummarySentence;

use crate::ReportInput;

mod compress;
mod digest;

pub use compress::Compression;
pub use digest::{DigestConfig, SentenceOrder, SummaryDocument, summarize_documents};

/// Settings of an event's summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryConfig {
    pub max_sentences: usize,
    /// Word budget of the whole summary.
    pub max_words: usize,
    /// Cosine at which two sentences say the same thing.
    pub same_statement: f64,
}

impl Default for SummaryConfig {
    fn default() -> Self {
        Self { max_sentences: 4, max_words: 150, same_statement: 0.5 }
    }
}

/// Picks the summary sentences of an event, weighted toward what its headlines say. Copies
/// of another article support sentences but are never quoted from.
pub fn summarize(members: &[ReportInput<'_>], config: &SummaryConfig) -> Vec<SummarySentence> {
    let documents: Vec<SummaryDocument<'_>> = members
        .iter()
        .map(|m| SummaryDocument {
            id: &m.article.id,
            published: m.article.published,
            paragraphs: &m.article.paragraphs,
            is_copy: m.duplicate_of.is_some(),
        })
        .collect();
    let digest = DigestConfig {
        max_words: config.max_words,
        max_sentences: config.max_sentences,
        same_statement: config.same_statement,
        ..DigestConfig::default()
    };
    // The headlines say what the event is about, as a topic statement does for a summary
    // asked for by topic.
    let mut headlines: Vec<&str> =
        members.iter().filter(|m| m.duplicate_of.is_none()).filter_map(|m| m.article.title.as_deref()).collect();
    headlines.sort_unstable();
    headlines.dedup();
    let query = headlines.join(". ");
    summarize_documents(&documents, (!query.is_empty()).then_some(query.as_str()), &digest)
}
