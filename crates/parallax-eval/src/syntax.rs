//! Shallow syntax on a CoNLL column file (`word POS chunk …`): part-of-speech accuracy and
//! chunk precision, recall and F1 as conlleval counts chunks (a chunk is right when its
//! kind and both ends are).

use std::path::Path;
use std::time::Instant;

use parallax_extract::syntax::{SyntaxModel, TaggedSentence, read_columns};
use serde::Serialize;

use crate::EvalError;
use crate::ner::{EntityScores, KindScores};

/// Reads the sentences of a column file.
pub fn load_columns(path: &Path) -> Result<Vec<TaggedSentence>, EvalError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| EvalError::Missing { path: path.display().to_string(), message: e.to_string() })?;
    read_columns(&text).map_err(|line| EvalError::Format {
        path: path.display().to_string(),
        message: format!("line {line} has fewer than three columns (word POS chunk)"),
    })
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct SyntaxEvaluation {
    pub file: String,
    pub n_sentences: usize,
    pub n_tokens: usize,
    pub pos_accuracy: f64,
    /// Accuracy on tokens whose tag is a noun, verb or adjective tag, the open classes.
    pub pos_accuracy_open_class: f64,
    pub chunks: EntityScores,
    pub per_kind: Vec<KindScores>,
    pub tokens_per_second: f64,
}

/// The chunks of a BIO sequence (IOB1's inside label after another kind opens one too):
/// (start, end, kind).
pub fn chunk_spans<S: AsRef<str>>(labels: &[S]) -> Vec<(usize, usize, String)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (i, label) in labels.iter().enumerate() {
        let label = label.as_ref();
        let (prefix, kind) = label.split_once('-').unwrap_or((label, ""));
        let continues = prefix == "I" && open.is_some_and(|(_, k)| k == kind);
        if !continues {
            if let Some((start, k)) = open.take() {
                spans.push((start, i, k.to_string()));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((i, kind));
            }
        }
    }
    if let Some((start, k)) = open {
        spans.push((start, labels.len(), k.to_string()));
    }
    spans
}

/// Tags every sentence with `model` and scores it against the file's columns.
pub fn evaluate_syntax(path: &Path, sentences: &[TaggedSentence], model: &SyntaxModel) -> SyntaxEvaluation {
    let started = Instant::now();
    let tagged: Vec<Vec<(String, String)>> = sentences
        .iter()
        .map(|s| model.tag(&s.tokens).into_iter().map(|t| (t.pos.to_string(), t.chunk.to_string())).collect())
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let (mut right, mut total, mut open_right, mut open_total) = (0usize, 0usize, 0usize, 0usize);
    let mut counts: std::collections::BTreeMap<String, [usize; 3]> = std::collections::BTreeMap::new();
    for (sentence, predicted) in sentences.iter().zip(&tagged) {
        for (gold, (pos, _)) in sentence.pos.iter().zip(predicted) {
            total += 1;
            right += usize::from(gold == pos);
            if ["NN", "VB", "JJ"].iter().any(|p| gold.starts_with(p)) {
                open_total += 1;
                open_right += usize::from(gold == pos);
            }
        }
        let gold_spans = chunk_spans(&sentence.chunks);
        let chunk_labels: Vec<&str> = predicted.iter().map(|(_, c)| c.as_str()).collect();
        let predicted_spans = chunk_spans(&chunk_labels);
        for span in &gold_spans {
            counts.entry(span.2.clone()).or_default()[2] += 1;
            if predicted_spans.contains(span) {
                counts.entry(span.2.clone()).or_default()[0] += 1;
            }
        }
        for span in &predicted_spans {
            counts.entry(span.2.clone()).or_default()[1] += 1;
        }
    }
    let sum = counts.values().fold([0; 3], |a, c| [a[0] + c[0], a[1] + c[1], a[2] + c[2]]);
    SyntaxEvaluation {
        file: path.display().to_string(),
        n_sentences: sentences.len(),
        n_tokens: total,
        pos_accuracy: right as f64 / total.max(1) as f64,
        pos_accuracy_open_class: open_right as f64 / open_total.max(1) as f64,
        chunks: EntityScores::new(sum[0], sum[1], sum[2]),
        per_kind: counts
            .iter()
            .map(|(kind, c)| KindScores { kind: kind.clone(), scores: EntityScores::new(c[0], c[1], c[2]) })
            .collect(),
        tokens_per_second: total as f64 / seconds.max(1e-9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_read_from_iob2_and_iob1() {
        let iob2 = ["B-NP", "I-NP", "B-VP", "O", "B-NP", "B-NP"];
        assert_eq!(
            chunk_spans(&iob2),
            vec![(0, 2, "NP".into()), (2, 3, "VP".into()), (4, 5, "NP".into()), (5, 6, "NP".into())]
        );
        let iob1 = ["I-NP", "I-NP", "I-VP", "O", "I-PP"];
        assert_eq!(chunk_spans(&iob1), vec![(0, 2, "NP".into()), (2, 3, "VP".into()), (4, 5, "PP".into())]);
    }
}
