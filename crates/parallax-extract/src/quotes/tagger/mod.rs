//! A linear-chain tagger that corrects the rules: an averaged perceptron over the tokens of a
//! paragraph with Viterbi decoding of BIO labels for source, cue and content. Its features
//! include the roles the rules gave each token ([`features`]), so it learns where to trust them.
//!
//! The model is built into the binary (`models/quotes.bin`, trained on PolNeAR's training split
//! by `parallax train quotes`). Without a usable model the rules stand alone.

mod features;
mod format;
mod train;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

pub use format::QuoteModelError;
pub use train::{LabeledText, Role, TrainConfig, TrainReport, train};

use super::clause::Found;
use super::{Analysis, Item};

/// Outside, then begin and inside of source, cue and content.
pub(super) const N_LABELS: usize = 7;
const OUTSIDE: u8 = 0;

/// The role of a label: 0 none, 1 source, 2 cue, 3 content.
fn role_of(label: u8) -> u8 {
    label.div_ceil(2)
}

fn is_inside(label: u8) -> bool {
    label != OUTSIDE && label.is_multiple_of(2)
}

/// Whether `next` may follow `previous` (`None` at the start of a paragraph).
fn allowed(previous: Option<u8>, next: u8) -> bool {
    !is_inside(next) || previous.is_some_and(|p| p != OUTSIDE && role_of(p) == role_of(next))
}

/// One linear-chain tagger: feature weights, transitions and start scores.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Stage {
    /// Feature hash → row of `weights`.
    pub rows: HashMap<u64, u32>,
    pub weights: Vec<[f32; N_LABELS]>,
    /// Transition scores, `[previous][next]`, and the scores of a paragraph's first label.
    pub transitions: [[f32; N_LABELS]; N_LABELS],
    pub start: [f32; N_LABELS],
}

impl Stage {
    fn emissions(&self, features: &[Vec<u64>]) -> Vec<[f32; N_LABELS]> {
        features
            .iter()
            .map(|token| {
                let mut scores = [0.0f32; N_LABELS];
                for hash in token {
                    if let Some(&row) = self.rows.get(hash)
                        && let Some(weights) = self.weights.get(row as usize)
                    {
                        for (score, weight) in scores.iter_mut().zip(weights) {
                            *score += weight;
                        }
                    }
                }
                scores
            })
            .collect()
    }

    /// The best labels of one paragraph.
    pub fn labels(&self, analysis: &Analysis<'_>) -> Vec<u8> {
        let features = features::paragraph_features(analysis);
        viterbi(&self.emissions(&features), &self.transitions, &self.start)
    }

    /// Replaces the attributions of a paragraph with this stage's.
    pub fn retag(&self, analysis: &mut Analysis<'_>) {
        let labels = self.labels(analysis);
        let runs = runs(&labels);
        for (sentence, items) in &mut analysis.sentences {
            let inside: Vec<&(u8, Range<usize>)> = runs.iter().filter(|(_, r)| sentence.contains(&r.start)).collect();
            let mut tagged = items_of(&inside);
            for item in &mut tagged {
                let Item::Attribution(found) = item else { continue };
                if found.source.is_some() || found.cue.is_empty() {
                    continue;
                }
                // `“…,” responded Tal.`: a short name read as content after the cue is its source.
                if found.content.len() >= 2
                    && let Some(last) = found.content.last()
                    && last.start == found.cue.end
                    && last.len() <= 4
                    && analysis.para.tokens.get(last.start).is_some_and(|t| t.is_capitalised())
                    && !analysis.para.in_quote(last.start)
                {
                    found.source = found.content.pop();
                    continue;
                }
                // A cue the rules read too keeps the rules' source when the tagger saw none.
                found.source = items.iter().find_map(|rule| match rule {
                    Item::Attribution(r) if overlaps(&r.cue, &found.cue) => {
                        r.source.clone().filter(|s| !found.content.iter().any(|c| overlaps(c, s)))
                    }
                    _ => None,
                });
            }
            *items = tagged;
        }
    }
}

/// A trained quote tagger: stages applied in turn, each reading the attributions of the one
/// before (the rules' for the first). Training gives one stage; the format allows more.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteModel {
    pub(super) stages: Vec<Stage>,
}

static EMBEDDED: LazyLock<Result<QuoteModel, QuoteModelError>> =
    LazyLock::new(|| QuoteModel::from_bytes(include_bytes!("../../../models/quotes.bin")));

/// The model built into this binary.
pub(super) fn embedded_model() -> Result<&'static QuoteModel, &'static QuoteModelError> {
    EMBEDDED.as_ref()
}

impl QuoteModel {
    /// Reads a model written by [`QuoteModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<QuoteModel, QuoteModelError> {
        format::from_bytes(bytes)
    }

    /// The model in its versioned binary format.
    pub fn to_bytes(&self) -> Vec<u8> {
        format::to_bytes(self)
    }

    /// Number of features with weights, over all stages.
    pub fn n_features(&self) -> usize {
        self.stages.iter().map(|s| s.weights.len()).sum()
    }

    /// Replaces the rules' attributions of a paragraph with the tagger's.
    pub(super) fn retag(&self, analysis: &mut Analysis<'_>) {
        for stage in &self.stages {
            stage.retag(analysis);
        }
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Viterbi decoding under the BIO constraints.
pub(super) fn viterbi(
    emissions: &[[f32; N_LABELS]],
    transitions: &[[f32; N_LABELS]; N_LABELS],
    start: &[f32; N_LABELS],
) -> Vec<u8> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let mut scores = vec![[f32::NEG_INFINITY; N_LABELS]; n];
    let mut back = vec![[0u8; N_LABELS]; n];
    for label in 0..N_LABELS as u8 {
        if allowed(None, label) {
            scores[0][usize::from(label)] = start[usize::from(label)] + emissions[0][usize::from(label)];
        }
    }
    for t in 1..n {
        for next in 0..N_LABELS as u8 {
            let mut best = (f32::NEG_INFINITY, 0u8);
            for previous in 0..N_LABELS as u8 {
                if !allowed(Some(previous), next) {
                    continue;
                }
                let score =
                    scores[t - 1][usize::from(previous)] + transitions[usize::from(previous)][usize::from(next)];
                if score > best.0 {
                    best = (score, previous);
                }
            }
            scores[t][usize::from(next)] = best.0 + emissions[t][usize::from(next)];
            back[t][usize::from(next)] = best.1;
        }
    }
    let mut label = (0..N_LABELS as u8)
        .max_by(|&a, &b| scores[n - 1][usize::from(a)].total_cmp(&scores[n - 1][usize::from(b)]))
        .unwrap_or(OUTSIDE);
    let mut labels = vec![OUTSIDE; n];
    for t in (0..n).rev() {
        labels[t] = label;
        label = back[t][usize::from(label)];
    }
    labels
}

/// Spans of one role: (role, token range).
fn runs(labels: &[u8]) -> Vec<(u8, Range<usize>)> {
    let mut runs: Vec<(u8, Range<usize>)> = Vec::new();
    for (index, &label) in labels.iter().enumerate() {
        if label == OUTSIDE {
            continue;
        }
        match runs.last_mut() {
            Some((role, range)) if is_inside(label) && *role == role_of(label) && range.end == index => {
                range.end = index + 1;
            }
            _ => runs.push((role_of(label), index..index + 1)),
        }
    }
    runs
}

/// A sentence's spans as attributions: each cue takes the nearest source and the contents
/// nearer to it than to another cue; contents with no cue continue the previous attribution.
fn items_of(runs: &[&(u8, Range<usize>)]) -> Vec<Item> {
    let cues: Vec<Range<usize>> = runs.iter().filter(|(role, _)| *role == 2).map(|(_, r)| r.clone()).collect();
    let distance = |a: &Range<usize>, b: &Range<usize>| {
        if a.end <= b.start { b.start - a.end } else { a.start.saturating_sub(b.end) }
    };
    if cues.is_empty() {
        let source = runs.iter().find(|(role, _)| *role == 1).map(|(_, r)| r.clone());
        let content: Vec<Range<usize>> = runs.iter().filter(|(role, _)| *role == 3).map(|(_, r)| r.clone()).collect();
        return match source {
            // A source and content without a cue: an attribution whose cue was not seen.
            Some(source) if !content.is_empty() => {
                vec![Item::Attribution(Found { source: Some(source), cue: 0..0, content })]
            }
            _ => content.into_iter().map(Item::Continuation).collect(),
        };
    }
    let mut found: Vec<Found> =
        cues.iter().map(|cue| Found { source: None, cue: cue.clone(), content: Vec::new() }).collect();
    for (role, range) in runs.iter().map(|r| (r.0, &r.1)) {
        let nearest = (0..cues.len()).min_by_key(|&k| distance(&cues[k], range));
        let Some(k) = nearest else { continue };
        match role {
            1 => {
                let closer = found[k].source.as_ref().is_none_or(|s| distance(&cues[k], range) < distance(&cues[k], s));
                if closer {
                    found[k].source = Some(range.clone());
                }
            }
            3 => found[k].content.push(range.clone()),
            _ => {}
        }
    }
    found.into_iter().filter(|f| !f.content.is_empty()).map(Item::Attribution).collect()
}
