//! Training the syntax model on sentences with part-of-speech and chunk columns (CoNLL-2003's
//! `word POS chunk NER` lines, read by the caller). Deterministic: the same sentences and
//! configuration give the same model.

use super::SyntaxModel;
use super::classifier::Trainer;
use super::features::{chunk_features, pos_features, words};
use crate::ner::perceptron::xorshift_shuffle;

/// A sentence with gold tags, one per token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaggedSentence {
    pub tokens: Vec<String>,
    pub pos: Vec<String>,
    pub chunks: Vec<String>,
}

/// Clitics that Parallax's tokenizer keeps inside the word before ("Hamas's", "doesn't").
const CLITICS: &[&str] = &["'s", "n't", "'re", "'ll", "'ve", "'m", "'d", "'S", "N'T"];

/// The sentences of a CoNLL column file (`word POS chunk …` per line, blank lines between
/// sentences, `-DOCSTART-` lines skipped). Clitics are joined to the word before, which keeps
/// its tags, so that tokens look like the ones Parallax tags. Lines with fewer than three
/// columns are an error: the line number is returned.
pub fn read_columns(text: &str) -> Result<Vec<TaggedSentence>, usize> {
    let mut sentences = Vec::new();
    let mut current = TaggedSentence::default();
    for (number, line) in text.lines().enumerate() {
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns.is_empty() || columns[0] == "-DOCSTART-" {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if columns.len() < 3 {
            return Err(number + 1);
        }
        if CLITICS.contains(&columns[0])
            && let Some(last) = current.tokens.last_mut()
        {
            last.push_str(columns[0]);
            continue;
        }
        current.tokens.push(columns[0].to_string());
        current.pos.push(columns[1].to_string());
        current.chunks.push(columns[2].to_string());
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// How the syntax model is trained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyntaxTrainConfig {
    pub epochs: usize,
    /// Seed of the order in which sentences are seen.
    pub seed: u64,
    /// Averaged weights smaller than this are dropped.
    pub floor: f32,
}

impl Default for SyntaxTrainConfig {
    fn default() -> Self {
        SyntaxTrainConfig { epochs: 8, seed: 7, floor: 0.02 }
    }
}

/// What training saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyntaxReport {
    pub n_sentences: usize,
    pub n_tokens: usize,
    /// Tokens tagged wrongly during each pass (before the update).
    pub pos_errors: Vec<usize>,
    pub chunk_errors: Vec<usize>,
}

/// The label names of a column, sorted.
fn label_ids(sentences: &[TaggedSentence], column: impl Fn(&TaggedSentence) -> &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for sentence in sentences {
        for label in column(sentence) {
            if !names.contains(label) {
                names.push(label.clone());
            }
        }
    }
    names.sort();
    names
}

/// Trains both taggers: parts of speech from the words, chunks from the words and the gold
/// parts of speech (at tagging time, the predicted ones).
pub fn train(sentences: &[TaggedSentence], config: &SyntaxTrainConfig) -> (SyntaxModel, SyntaxReport) {
    let pos_names = label_ids(sentences, |s| &s.pos);
    let chunk_names = label_ids(sentences, |s| &s.chunks);
    let id = |names: &[String], label: &str| names.iter().position(|n| n == label).unwrap_or(0) as u8;
    let prepared: Vec<_> = sentences
        .iter()
        .filter(|s| s.tokens.len() == s.pos.len() && s.tokens.len() == s.chunks.len())
        .map(|s| {
            let pos: Vec<u8> = s.pos.iter().map(|p| id(&pos_names, p)).collect();
            let chunks: Vec<u8> = s.chunks.iter().map(|c| id(&chunk_names, c)).collect();
            (words(&s.tokens), pos, chunks)
        })
        .collect();
    let mut pos_trainer = Trainer::new(pos_names.len());
    let mut chunk_trainer = Trainer::new(chunk_names.len());
    let mut report = SyntaxReport {
        n_sentences: prepared.len(),
        n_tokens: prepared.iter().map(|(w, _, _)| w.len()).sum(),
        ..SyntaxReport::default()
    };
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut state = config.seed | 1;
    let mut features = Vec::with_capacity(32);
    let mut scores = Vec::new();
    for _ in 0..config.epochs {
        xorshift_shuffle(&mut order, &mut state);
        let (mut pos_errors, mut chunk_errors) = (0, 0);
        for &index in &order {
            let (words, gold_pos, gold_chunks) = &prepared[index];
            let mut tags: Vec<u8> = Vec::with_capacity(words.len());
            for (i, &gold) in gold_pos.iter().enumerate() {
                pos_features(words, i, &tags, &mut features);
                let guess = pos_trainer.predict(&features, &mut scores);
                pos_trainer.learn(&features, gold, guess);
                pos_errors += usize::from(guess != gold);
                tags.push(guess);
            }
            let mut chunks: Vec<u8> = Vec::with_capacity(words.len());
            for (i, &gold) in gold_chunks.iter().enumerate() {
                chunk_features(words, gold_pos, i, &chunks, &mut features);
                let guess = chunk_trainer.predict(&features, &mut scores);
                chunk_trainer.learn(&features, gold, guess);
                chunk_errors += usize::from(guess != gold);
                chunks.push(guess);
            }
        }
        report.pos_errors.push(pos_errors);
        report.chunk_errors.push(chunk_errors);
    }
    let model = SyntaxModel {
        pos_names,
        chunk_names,
        pos: pos_trainer.finish(config.floor),
        chunk: chunk_trainer.finish(config.floor),
    };
    (model, report)
}
