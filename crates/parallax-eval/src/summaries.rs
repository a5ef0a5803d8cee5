//! `parallax eval summaries`: Parallax's summariser on DUC 2006, scored as NIST scored the
//! 2006 submissions (ROUGE-2 and ROUGE-SU4 recall, stemmed, 250 words, jackknifed over the four
//! human summaries of each topic), beside the lead baseline and the official best system.

use std::path::Path;

use parallax_model::{ArticleId, SummarySentence};
use parallax_report::{DigestConfig, SummaryDocument, summarize_documents};
use parallax_text::split_sentences;
use serde::Serialize;

use crate::EvalError;
use crate::duc::{DucDocument, DucTopic, load_cluster, load_summaries, load_topics, prepare_models};
use crate::rouge::{Recall, ScoredText, TokenConfig, jackknife};

/// DUC's summary length.
pub const DUC_WORDS: usize = 250;

/// The official ROUGE-2 and ROUGE-SU4 of the best 2006 system (peer 24).
pub const BEST_2006_SYSTEM: Recall = Recall { rouge2: 0.09505, rouge_su4: 0.15464 };

/// The settings the DUC evaluation runs the summariser with: the product's defaults with a
/// budget of 250 words, every sentence whole.
pub fn duc_config() -> DigestConfig {
    DigestConfig { max_words: DUC_WORDS, ..DigestConfig::default() }
}

/// One topic's summary and scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicResult {
    pub topic: String,
    pub title: String,
    pub n_documents: usize,
    pub summary: Vec<SummarySentence>,
    pub n_words: usize,
    pub recall: Recall,
    pub lead: Recall,
}

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryEvaluation {
    pub n_topics: usize,
    /// Mean over every jackknife evaluation (four per topic), as NIST averaged.
    pub parallax: Recall,
    /// First sentences of the most recent document, 250 words (NIST's baseline 1).
    pub lead: Recall,
    pub best_2006_system: Recall,
    pub topics: Vec<TopicResult>,
}

/// A topic statement as a query: title and narrative.
pub fn topic_query(topic: &DucTopic) -> String {
    format!("{}. {}", topic.title, topic.narrative)
}

/// Parallax's summary of one DUC document set.
pub fn summarize_cluster(documents: &[DucDocument], query: &str, config: &DigestConfig) -> Vec<SummarySentence> {
    let ids: Vec<ArticleId> = documents.iter().map(|d| ArticleId(d.id.as_str().into())).collect();
    let inputs: Vec<SummaryDocument<'_>> = documents
        .iter()
        .zip(&ids)
        .map(|(d, id)| SummaryDocument { id, published: d.date, paragraphs: &d.paragraphs, is_copy: false })
        .collect();
    summarize_documents(&inputs, Some(query), config)
}

/// NIST's baseline: the leading sentences of the most recent document, up to 250 words.
pub fn lead_baseline(documents: &[DucDocument], max_words: usize) -> Vec<String> {
    let Some(latest) = documents.iter().max_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id))) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let mut used = 0;
    for paragraph in &latest.paragraphs {
        for sentence in split_sentences(paragraph) {
            if used >= max_words {
                return lines;
            }
            lines.push(sentence.to_string());
            used += sentence.split_whitespace().count();
        }
    }
    lines
}

/// Runs the summariser on every topic of DUC 2006 at `data` and scores it.
pub fn evaluate_summaries(data: &Path, config: &DigestConfig) -> Result<SummaryEvaluation, EvalError> {
    let topics = load_topics(&data.join("duc2006_topics.sgml"))?;
    let models = prepare_models(&load_summaries(&data.join("NISTeval/ROUGE/models"))?);
    let tokens = TokenConfig { word_limit: Some(DUC_WORDS), ..TokenConfig::default() };
    let mut results = Vec::new();
    let mut all_ours = Vec::new();
    let mut all_lead = Vec::new();
    for topic in &topics {
        let Some(topic_models) = models.get(&topic.summary_key()) else {
            return Err(EvalError::Format {
                path: data.display().to_string(),
                message: format!("no human summaries for topic {}", topic.id),
            });
        };
        let model_refs: Vec<&ScoredText> = topic_models.iter().map(|(_, m)| m).collect();
        let documents = load_cluster(&data.join("duc2006_docs").join(&topic.id))?;
        let summary = summarize_cluster(&documents, &topic_query(topic), config);
        let lines: Vec<&str> = summary.iter().map(|s| s.text.as_str()).collect();
        let ours = jackknife(&ScoredText::new(&lines, &tokens), &model_refs);
        let lead = jackknife(&ScoredText::new(&lead_baseline(&documents, DUC_WORDS), &tokens), &model_refs);
        results.push(TopicResult {
            topic: topic.id.clone(),
            title: topic.title.clone(),
            n_documents: documents.len(),
            n_words: lines.iter().map(|l| l.split_whitespace().count()).sum(),
            summary,
            recall: Recall::mean(&ours),
            lead: Recall::mean(&lead),
        });
        all_ours.extend(ours);
        all_lead.extend(lead);
    }
    Ok(SummaryEvaluation {
        n_topics: results.len(),
        parallax: Recall::mean(&all_ours),
        lead: Recall::mean(&all_lead),
        best_2006_system: BEST_2006_SYSTEM,
        topics: results,
    })
}

/// The evaluation as text: the three systems side by side, then one line per topic.
pub fn render_evaluation(evaluation: &SummaryEvaluation) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "DUC 2006: {} topics, {DUC_WORDS} words, recall jackknifed over 4 human summaries (ROUGE-1.5.5 settings)\n",
        evaluation.n_topics
    ));
    out.push_str("                        ROUGE-2  ROUGE-SU4\n");
    for (label, recall) in [
        ("parallax", &evaluation.parallax),
        ("best 2006 system (24)", &evaluation.best_2006_system),
        ("lead baseline", &evaluation.lead),
    ] {
        out.push_str(&format!("{label:<22} {:>8.5} {:>10.5}\n", recall.rouge2, recall.rouge_su4));
    }
    out.push_str("\ntopic    words  ROUGE-2 ROUGE-SU4   lead R-2  title\n");
    for topic in &evaluation.topics {
        out.push_str(&format!(
            "{:<8} {:>5} {:>8.5} {:>9.5} {:>10.5}  {}\n",
            topic.topic, topic.n_words, topic.recall.rouge2, topic.recall.rouge_su4, topic.lead.rouge2, topic.title
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(id: &str, paragraphs: &[&str]) -> DucDocument {
        DucDocument {
            id: id.to_string(),
            date: None,
            headline: None,
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn the_lead_comes_from_the_latest_document() {
        let documents = [
            document("APW19980101.0001", &["Old news was reported here today. More old news followed."]),
            document("APW19990101.0001", &["New news was reported here today. More new news followed it."]),
        ];
        assert_eq!(lead_baseline(&documents, 250), ["New news was reported here today.", "More new news followed it."]);
        assert_eq!(lead_baseline(&documents, 3), ["New news was reported here today."]);
    }
}
