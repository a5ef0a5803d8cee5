//! Training the quote tagger: an averaged structured perceptron over labelled texts (PolNeAR's
//! brat spans, read by the caller). Deterministic: the same texts and configuration give the
//! same model.

use std::collections::HashMap;
use std::ops::Range;

use super::features::paragraph_features;
use super::syntax::Syntax;
use super::{N_LABELS, OUTSIDE, QuoteModel, Stage, Table, stage_features, viterbi};
use crate::ner::perceptron::xorshift_shuffle;
use crate::quotes::analyse_for_training as analyse;

/// What a gold span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Source,
    Cue,
    Content,
}

/// A text with its gold spans (byte ranges). Lines are paragraphs.
#[derive(Debug, Clone)]
pub struct LabeledText {
    pub text: String,
    pub spans: Vec<(Role, Range<usize>)>,
}

/// How the tagger is trained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainConfig {
    /// Passes over the training paragraphs. PolNeAR dev source overlap F1 at 12, 16, 20, 24
    /// and 32 passes: 0.765, 0.770, 0.773, 0.778, 0.774 (attribution overlap 0.691, 0.691,
    /// 0.686, 0.684, 0.681).
    pub epochs: usize,
    /// Seed of the order in which paragraphs are seen.
    pub seed: u64,
    /// Features seen fewer times are dropped.
    pub min_count: u32,
    /// Stages: 1, or 2 for a second stage that reads the first one's labels.
    pub stages: usize,
    /// Folds of the jackknife that gives the second stage the first one's labels on the
    /// training texts.
    pub folds: usize,
    /// Perceptrons trained per stage, each seeing the paragraphs in its own order, whose
    /// weights are averaged: one order's luck (±0.01 F1 on PolNeAR dev between orders)
    /// evens out.
    pub bags: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig { epochs: 20, seed: 7, min_count: 8, stages: 2, folds: 4, bags: 5 }
    }
}

/// What training saw and learned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrainReport {
    pub n_paragraphs: usize,
    pub n_tokens: usize,
    /// Features kept.
    pub n_features: usize,
    /// Tokens labelled wrongly during each pass (before the update), by the last stage's
    /// first perceptron.
    pub errors_per_epoch: Vec<usize>,
}

/// One training paragraph: the feature hashes of each token, flattened, and gold labels.
struct Example {
    /// The text it comes from and the byte range of its line.
    text: usize,
    line: Range<usize>,
    hashes: Vec<u64>,
    ends: Vec<usize>,
    gold: Vec<u8>,
}

struct Paragraph {
    /// Feature rows of each token, flattened, with the end of each token's list.
    features: Vec<u32>,
    ends: Vec<usize>,
    gold: Vec<u8>,
}

impl Paragraph {
    fn token(&self, index: usize) -> &[u32] {
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        &self.features[start..self.ends[index]]
    }
}

/// Lines of a text that hold something, with their byte offsets.
pub(crate) fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            lines.push((at, line));
        }
        at += line.len() + 1;
    }
    lines
}

/// The gold label of every token of a line that starts at byte `offset`.
fn gold_labels(tokens: &[crate::words::Token<'_>], offset: usize, spans: &[(Role, Range<usize>)]) -> Vec<u8> {
    let mut labels = vec![OUTSIDE; tokens.len()];
    let mut previous_piece: Option<usize> = None;
    for (index, token) in tokens.iter().enumerate() {
        let (start, end) = (offset + token.start, offset + token.end);
        let piece = spans.iter().position(|(_, r)| r.start < end && start < r.end);
        if let Some(piece) = piece {
            let role = match spans[piece].0 {
                Role::Source => 1,
                Role::Cue => 3,
                Role::Content => 5,
            };
            labels[index] = if previous_piece == Some(piece) { role + 1 } else { role };
        }
        previous_piece = piece;
    }
    labels
}

/// Averaged weights: current values, sums over time and when each was last brought up to date.
struct Averaged {
    weights: Vec<[f32; N_LABELS]>,
    totals: Vec<[f64; N_LABELS]>,
    stamps: Vec<[u64; N_LABELS]>,
}

impl Averaged {
    fn new(n: usize) -> Self {
        Averaged { weights: vec![[0.0; N_LABELS]; n], totals: vec![[0.0; N_LABELS]; n], stamps: vec![[0; N_LABELS]; n] }
    }

    fn update(&mut self, row: usize, label: usize, delta: f32, now: u64) {
        let elapsed = now - self.stamps[row][label];
        self.totals[row][label] += elapsed as f64 * f64::from(self.weights[row][label]);
        self.stamps[row][label] = now;
        self.weights[row][label] += delta;
    }

    fn averaged(&self, now: u64) -> Vec<[f32; N_LABELS]> {
        (0..self.weights.len())
            .map(|row| {
                let mut out = [0.0f32; N_LABELS];
                for (label, value) in out.iter_mut().enumerate() {
                    let total = self.totals[row][label]
                        + (now - self.stamps[row][label]) as f64 * f64::from(self.weights[row][label]);
                    *value = (total / now.max(1) as f64) as f32;
                }
                out
            })
            .collect()
    }
}

/// The training paragraphs of `texts`, each analysed by the rules.
fn examples(texts: &[LabeledText]) -> Vec<Example> {
    let mut examples = Vec::new();
    for (text, labeled) in texts.iter().enumerate() {
        for (offset, line) in lines(&labeled.text) {
            let analysis = analyse(line);
            if analysis.para.tokens.is_empty() {
                continue;
            }
            let mut hashes = Vec::new();
            let mut ends = Vec::new();
            for token in paragraph_features(&analysis, &Syntax::of(&analysis)) {
                hashes.extend(token);
                ends.push(hashes.len());
            }
            let gold = gold_labels(&analysis.para.tokens, offset, &labeled.spans);
            examples.push(Example { text, line: offset..offset + line.len(), hashes, ends, gold });
        }
    }
    examples
}

/// Trains a quote tagger on `texts`: a first stage that reads the rules' attributions and,
/// with `stages: 2`, a second one that also reads the first one's labels (on the training texts
/// those of a first stage trained without the text, by jackknife).
pub fn train(texts: &[LabeledText], config: &TrainConfig) -> (QuoteModel, TrainReport) {
    let examples = examples(texts);
    let all: Vec<&Example> = examples.iter().collect();
    let (first, mut errors_per_epoch) = train_stage(&all, config);
    let mut stages = vec![first];
    if config.stages >= 2 {
        let mut previous = jackknife(&examples, config);
        for index in 1..config.stages {
            let stacked: Vec<Example> = examples
                .iter()
                .zip(&previous)
                .map(|(example, labels)| {
                    let line = texts[example.text].text.get(example.line.clone()).unwrap_or_default();
                    let analysis = analyse(line);
                    let syntax = Syntax::of(&analysis);
                    let features = stage_features(&token_hashes(example), &analysis, &syntax, labels);
                    let mut hashes = Vec::new();
                    let mut ends = Vec::new();
                    for token in features {
                        hashes.extend(token);
                        ends.push(hashes.len());
                    }
                    Example { text: example.text, line: example.line.clone(), hashes, ends, gold: example.gold.clone() }
                })
                .collect();
            let all: Vec<&Example> = stacked.iter().collect();
            let (stage, errors) = train_stage(&all, config);
            errors_per_epoch = errors;
            stages.push(stage);
            if index + 1 < config.stages {
                previous = jackknife(&stacked, config);
            }
        }
    }
    let report = TrainReport {
        n_paragraphs: examples.len(),
        n_tokens: examples.iter().map(|e| e.gold.len()).sum(),
        n_features: stages.iter().map(|s| s.table.len()).sum(),
        errors_per_epoch,
    };
    (QuoteModel { stages }, report)
}

/// The labels a stage trained without each example's text gives it.
fn jackknife(examples: &[Example], config: &TrainConfig) -> Vec<Vec<u8>> {
    let folds = config.folds.max(2);
    let mut labels: Vec<Vec<u8>> = vec![Vec::new(); examples.len()];
    for fold in 0..folds {
        let training: Vec<&Example> = examples.iter().filter(|e| e.text % folds != fold).collect();
        let (stage, _) = train_stage(&training, config);
        for (index, example) in examples.iter().enumerate().filter(|(_, e)| e.text % folds == fold) {
            labels[index] = stage.decode(&[&token_hashes(example)]);
        }
    }
    labels
}

/// The feature hashes of each token of an example.
fn token_hashes(example: &Example) -> Vec<Vec<u64>> {
    let mut start = 0;
    example
        .ends
        .iter()
        .map(|&end| {
            let token = example.hashes[start..end].to_vec();
            start = end;
            token
        })
        .collect()
}

/// Trains one stage with the averaged perceptron.
fn train_stage(examples: &[&Example], config: &TrainConfig) -> (Stage, Vec<usize>) {
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for example in examples {
        for &hash in &example.hashes {
            *counts.entry(hash).or_insert(0) += 1;
        }
    }
    let mut kept: Vec<u64> = counts.into_iter().filter(|(_, n)| *n >= config.min_count).map(|(h, _)| h).collect();
    kept.sort_unstable();
    let rows: HashMap<u64, u32> = kept.iter().enumerate().map(|(row, &hash)| (hash, row as u32)).collect();
    let paragraphs: Vec<Paragraph> = examples
        .iter()
        .map(|example| {
            let mut features = Vec::with_capacity(example.hashes.len());
            let mut ends = Vec::with_capacity(example.ends.len());
            let mut start = 0;
            for &end in &example.ends {
                features.extend(example.hashes[start..end].iter().filter_map(|h| rows.get(h).copied()));
                ends.push(features.len());
                start = end;
            }
            Paragraph { features, ends, gold: example.gold.clone() }
        })
        .collect();
    // Transitions and start scores live in extra rows after the features.
    let transition_row = |previous: usize| kept.len() + previous;
    let start_row = kept.len() + N_LABELS;
    let bags = config.bags.max(1);
    let mut averaged = vec![[0.0f32; N_LABELS]; kept.len() + N_LABELS + 1];
    let mut errors_per_epoch = Vec::new();
    for bag in 0..bags {
        let seed = config.seed.wrapping_add(bag as u64 * 0x9e37_79b9_7f4a_7c15);
        let (weights, errors) = perceptron(&paragraphs, kept.len(), config.epochs, seed);
        for (sum, row) in averaged.iter_mut().zip(weights) {
            for (total, weight) in sum.iter_mut().zip(row) {
                *total += weight / bags as f32;
            }
        }
        if bag == 0 {
            errors_per_epoch = errors;
        }
    }
    let mut transitions = [[0.0f32; N_LABELS]; N_LABELS];
    for (previous, row) in transitions.iter_mut().enumerate() {
        *row = averaged[transition_row(previous)];
    }
    let start = averaged[start_row];
    let table: Table = kept
        .iter()
        .zip(&averaged)
        .filter(|(_, weights)| weights.iter().any(|&w| w != 0.0))
        .map(|(&hash, weights)| (hash, *weights))
        .collect();
    (Stage { table, transitions, start }, errors_per_epoch)
}

/// The averaged perceptron over `paragraphs` (`n_features` feature rows, then the transition
/// and start rows), seeing them in an order drawn from `seed`: the averaged weights of every
/// row, and the tokens labelled wrongly during each pass.
fn perceptron(
    paragraphs: &[Paragraph],
    n_features: usize,
    epochs: usize,
    seed: u64,
) -> (Vec<[f32; N_LABELS]>, Vec<usize>) {
    let transition_row = |previous: usize| n_features + previous;
    let start_row = n_features + N_LABELS;
    let mut model = Averaged::new(n_features + N_LABELS + 1);
    let mut order: Vec<usize> = (0..paragraphs.len()).collect();
    let mut state = seed | 1;
    let mut now: u64 = 1;
    let mut errors_per_epoch = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        xorshift_shuffle(&mut order, &mut state);
        let mut errors = 0;
        for &index in &order {
            let paragraph = &paragraphs[index];
            let emissions: Vec<[f32; N_LABELS]> = (0..paragraph.gold.len())
                .map(|t| {
                    let mut scores = [0.0f32; N_LABELS];
                    for &row in paragraph.token(t) {
                        for (score, weight) in scores.iter_mut().zip(&model.weights[row as usize]) {
                            *score += weight;
                        }
                    }
                    scores
                })
                .collect();
            let mut transitions = [[0.0f32; N_LABELS]; N_LABELS];
            for (previous, row) in transitions.iter_mut().enumerate() {
                *row = model.weights[transition_row(previous)];
            }
            let predicted = viterbi(&emissions, &transitions, &model.weights[start_row]);
            if predicted != paragraph.gold {
                for t in 0..paragraph.gold.len() {
                    let (gold, guess) = (usize::from(paragraph.gold[t]), usize::from(predicted[t]));
                    if gold != guess {
                        errors += 1;
                        for &row in paragraph.token(t) {
                            model.update(row as usize, gold, 1.0, now);
                            model.update(row as usize, guess, -1.0, now);
                        }
                    }
                    let (gold_before, guess_before) = match t {
                        0 => (start_row, start_row),
                        _ => (
                            transition_row(usize::from(paragraph.gold[t - 1])),
                            transition_row(usize::from(predicted[t - 1])),
                        ),
                    };
                    if (gold_before, gold) != (guess_before, guess) {
                        model.update(gold_before, gold, 1.0, now);
                        model.update(guess_before, guess, -1.0, now);
                    }
                }
            }
            now += 1;
        }
        errors_per_epoch.push(errors);
    }
    (model.averaged(now), errors_per_epoch)
}
