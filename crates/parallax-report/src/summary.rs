//! Extractive multi-document summary: central sentences, redundancy removed, each citing
//! every article that carries a sentence saying the same.

use std::collections::BTreeMap;

use parallax_model::{ArticleId, SummarySentence};
use parallax_text::{split_sentences, terms};

use crate::ReportInput;

/// Settings of the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryConfig {
    pub max_sentences: usize,
    /// Cosine at which two sentences say the same thing.
    pub same_statement: f64,
}

impl Default for SummaryConfig {
    fn default() -> Self {
        Self { max_sentences: 4, same_statement: 0.5 }
    }
}

struct Candidate<'a> {
    text: &'a str,
    article: &'a ArticleId,
    is_copy: bool,
    paragraph: usize,
    vector: BTreeMap<String, f64>,
}

fn cosine(a: &BTreeMap<String, f64>, b: &BTreeMap<String, f64>) -> f64 {
    let dot: f64 = a.iter().filter_map(|(k, v)| b.get(k).map(|w| v * w)).sum();
    let na: f64 = a.values().map(|v| v * v).sum::<f64>().sqrt();
    let nb: f64 = b.values().map(|v| v * v).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na * nb) }
}

/// Picks the summary sentences of an event.
pub fn summarize(members: &[ReportInput<'_>], config: &SummaryConfig) -> Vec<SummarySentence> {
    let mut candidates = Vec::new();
    for member in members {
        for (paragraph, text) in member.article.paragraphs.iter().enumerate() {
            for sentence in split_sentences(text) {
                let n_words = sentence.split_whitespace().count();
                if !(8..=60).contains(&n_words) {
                    continue;
                }
                let mut vector = BTreeMap::new();
                for term in terms(sentence) {
                    *vector.entry(term).or_insert(0.0) += 1.0;
                }
                candidates.push(Candidate {
                    text: sentence,
                    article: &member.article.id,
                    is_copy: member.duplicate_of.is_some(),
                    paragraph,
                    vector,
                });
            }
        }
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    // Weight terms by inverse sentence frequency within the event.
    let mut frequency: BTreeMap<&str, f64> = BTreeMap::new();
    for candidate in &candidates {
        for term in candidate.vector.keys() {
            *frequency.entry(term.as_str()).or_insert(0.0) += 1.0;
        }
    }
    let n = candidates.len() as f64;
    let weights: BTreeMap<String, f64> =
        frequency.iter().map(|(t, f)| ((*t).to_string(), (n / f).ln() + 1.0)).collect();
    for candidate in &mut candidates {
        for (term, value) in candidate.vector.iter_mut() {
            *value *= weights.get(term).copied().unwrap_or(1.0);
        }
    }
    let mut centroid: BTreeMap<String, f64> = BTreeMap::new();
    for candidate in &candidates {
        for (term, value) in &candidate.vector {
            *centroid.entry(term.clone()).or_insert(0.0) += value;
        }
    }
    let mut scored: Vec<(f64, usize)> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_copy)
        .map(|(i, c)| (cosine(&c.vector, &centroid) / (1.0 + 0.1 * c.paragraph as f64), i))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut picked: Vec<usize> = Vec::new();
    for (_, index) in scored {
        if picked.len() >= config.max_sentences {
            break;
        }
        let redundant =
            picked.iter().any(|&p| cosine(&candidates[p].vector, &candidates[index].vector) >= config.same_statement);
        if !redundant {
            picked.push(index);
        }
    }
    picked
        .into_iter()
        .map(|index| {
            let chosen = &candidates[index];
            let mut articles: Vec<ArticleId> = candidates
                .iter()
                .filter(|c| c.article == chosen.article || cosine(&c.vector, &chosen.vector) >= config.same_statement)
                .map(|c| c.article.clone())
                .collect();
            articles.sort();
            articles.dedup();
            SummarySentence { text: chosen.text.to_string(), articles }
        })
        .collect()
}
