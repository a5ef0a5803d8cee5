//! A linear-chain tagger that corrects the rules: an averaged perceptron over the tokens of a
//! paragraph with Viterbi decoding of BIO labels for source, cue and content. Its features
//! include the roles the rules gave each token ([`features`]), so it learns where to trust them.
//! A second stage reads the first one's labels too (the nearest source, cue and content it saw
//! on each side), so that a span agrees with what surrounds it: a source that runs up to its
//! cue, a cue that has a source. The labels are then grouped into attributions per sentence.
//!
//! The model is built into the binary (`models/quotes.bin`, trained on PolNeAR's training split
//! by `parallax train quotes`). Without a usable model the rules stand alone.

mod features;
mod format;
mod syntax;
mod train;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

pub use format::QuoteModelError;
pub use train::{LabeledText, Role, TrainConfig, TrainReport, train};

use super::clause::{Found, Para};
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

/// Feature hashes are FNV-1a values already: they index the table as they are.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// Feature hash → weight of each label.
pub(super) type Table = HashMap<u64, [f32; N_LABELS], std::hash::BuildHasherDefault<KeyHasher>>;

/// One linear-chain tagger: feature weights, transitions and start scores.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Stage {
    /// Feature hash → weight of each label.
    pub table: Table,
    /// Transition scores, `[previous][next]`, and the scores of a paragraph's first label.
    pub transitions: [[f32; N_LABELS]; N_LABELS],
    pub start: [f32; N_LABELS],
}

impl Stage {
    /// The scores of each label for each token, from the feature hashes of its tokens in one
    /// or more lists (a later stage's base and stacked features).
    fn emissions(&self, lists: &[&[Vec<u64>]]) -> Vec<[f32; N_LABELS]> {
        let n = lists.first().map_or(0, |l| l.len());
        (0..n)
            .map(|t| {
                let mut scores = [0.0f32; N_LABELS];
                for hash in lists.iter().filter_map(|l| l.get(t)).flatten() {
                    if let Some(weights) = self.table.get(hash) {
                        for (score, weight) in scores.iter_mut().zip(weights) {
                            *score += weight;
                        }
                    }
                }
                scores
            })
            .collect()
    }

    /// The best labels of one paragraph, from the feature hashes of its tokens.
    pub fn decode(&self, lists: &[&[Vec<u64>]]) -> Vec<u8> {
        viterbi(&self.emissions(lists), &self.transitions, &self.start)
    }
}

/// Features of a later stage: the base features with the stacked ones appended.
fn stage_features(
    base: &[Vec<u64>],
    analysis: &Analysis<'_>,
    syntax: &syntax::Syntax,
    previous: &[u8],
) -> Vec<Vec<u64>> {
    let extra = features::stacked_features(analysis, syntax, previous);
    base.iter()
        .enumerate()
        .map(|(i, token)| {
            let mut all = token.clone();
            if let Some(more) = extra.get(i) {
                all.extend_from_slice(more);
            }
            all
        })
        .collect()
}

/// Which model gave the labels: the rules mend the built-in tagger's sources, not the
/// encoder's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Labeller {
    /// The built-in tagger: where it saw no source, the rules' source for the same cue stands,
    /// and a source after "of", "in" … runs back to the noun the phrase hangs on.
    Tagger,
    /// The quote encoder, whose sources stand as they are: PolNeAR dev source overlap F1 0.851
    /// (0.850 with the head nouns; a 3-epoch encoder scored 0.847, and 0.839 with the rules'
    /// sources).
    Encoder,
}

/// Replaces the attributions of a paragraph with those of the labels.
pub(super) fn retag_with(analysis: &mut Analysis<'_>, labels: &[u8], labeller: Labeller) {
    let runs = runs(labels);
    for (sentence, items) in &mut analysis.sentences {
        let inside: Vec<&(u8, Range<usize>)> = runs.iter().filter(|(_, r)| sentence.contains(&r.start)).collect();
        let mut tagged = items_of(&inside, &analysis.para);
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
            if labeller == Labeller::Encoder {
                continue;
            }
            found.source = items.iter().find_map(|rule| match rule {
                Item::Attribution(r) if overlaps(&r.cue, &found.cue) => {
                    r.source.clone().filter(|s| !found.content.iter().any(|c| overlaps(c, s)))
                }
                _ => None,
            });
        }
        // `S implored her to …, arguing that …`: a participle after a comma shares the source
        // of the attribution before it.
        let mut previous_source: Option<Range<usize>> = None;
        for item in &mut tagged {
            let Item::Attribution(found) = item else { continue };
            let participle = found.cue.start > 0
                && analysis.para.lower.get(found.cue.start - 1).is_some_and(|w| w == ",")
                && analysis.para.lower.get(found.cue.start).is_some_and(|w| w.ends_with("ing"));
            if found.source.is_none() && participle {
                found.source.clone_from(&previous_source);
            }
            if found.source.is_some() {
                previous_source.clone_from(&found.source);
            }
        }
        for item in tagged.iter_mut().filter(|_| labeller == Labeller::Tagger) {
            if let Item::Attribution(found) = item {
                with_head_noun(found, &analysis.para, sentence);
            }
        }
        *items = tagged;
    }
}

/// Words that open a sentence with a phrase before its subject ("In 2013 …", "Last week …").
const OPENERS: &[&str] = &[
    "in",
    "on",
    "at",
    "for",
    "with",
    "during",
    "after",
    "before",
    "by",
    "from",
    "last",
    "this",
    "since",
    "under",
    "over",
    "among",
    "about",
    "like",
    "unlike",
    "when",
    "while",
    "if",
    "as",
    "then",
    "also",
    "now",
    "still",
    "but",
    "and",
    "yet",
    "so",
    "however",
    "meanwhile",
    "earlier",
    "later",
];

/// `Diplomats in Kerrin described …` where the tagger kept only the noun after the preposition:
/// the source opening the sentence runs back to the noun the prepositional phrase hangs on.
fn with_head_noun(found: &mut Found, para: &Para<'_>, sentence: &Range<usize>) {
    let Some(source) = found.source.clone() else { return };
    if found.cue.is_empty() || source.end > found.cue.start || source.start <= sentence.start + 1 {
        return;
    }
    let before = source.start - 1;
    if !matches!(para.lower[before].as_str(), "of" | "in" | "at" | "for" | "from" | "on" | "with") {
        return;
    }
    let head = sentence.start..before;
    let plain = head.clone().all(|i| para.tokens[i].is_word() && !para.in_quote(i) && para.lower[i] != "that");
    if plain && head.len() <= 3 && !OPENERS.contains(&para.lower[sentence.start].as_str()) {
        found.source = Some(sentence.start..source.end);
    }
}

/// A trained quote tagger: stages applied in turn, each reading the rules' attributions and
/// the labels of the stage before (none for the first). Training gives two stages by default.
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
        self.stages.iter().map(|s| s.table.len()).sum()
    }

    /// The labels of one paragraph: each stage reads the labels of the one before.
    pub(super) fn labels(&self, analysis: &Analysis<'_>) -> Option<Vec<u8>> {
        let (first, later) = self.stages.split_first()?;
        let syntax = syntax::Syntax::of(analysis);
        let base = features::paragraph_features(analysis, &syntax);
        let mut labels = first.decode(&[&base]);
        for stage in later {
            let stacked = features::stacked_features(analysis, &syntax, &labels);
            labels = stage.decode(&[&base, &stacked]);
        }
        Some(labels)
    }

    /// Replaces the rules' attributions of a paragraph with the tagger's.
    pub(super) fn retag(&self, analysis: &mut Analysis<'_>) {
        if let Some(labels) = self.labels(analysis) {
            retag_with(analysis, &labels, Labeller::Tagger);
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

/// Spans of one role: (role, token range). Contents that touch stay apart (two quotes).
fn runs(labels: &[u8]) -> Vec<(u8, Range<usize>)> {
    let mut runs: Vec<(u8, Range<usize>)> = Vec::new();
    for (index, &label) in labels.iter().enumerate() {
        if label == OUTSIDE {
            continue;
        }
        match runs.last_mut() {
            // A source or cue that begins right where one ends continues it ("[now] [says]").
            Some((role, range))
                if (is_inside(label) || role_of(label) != 3) && *role == role_of(label) && range.end == index =>
            {
                range.end = index + 1;
            }
            _ => runs.push((role_of(label), index..index + 1)),
        }
    }
    runs
}

/// A sentence's spans as attributions: each cue takes the nearest source and the contents
/// nearer to it than to another cue; contents with no cue continue the previous attribution.
fn items_of(runs: &[&(u8, Range<usize>)], para: &Para<'_>) -> Vec<Item> {
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
    // `S unleashed a series of tweets early Friday saying T`: a source whose cue took no
    // content speaks through the next cue, which has none.
    for k in 1..found.len() {
        if found[k].source.is_none() && found[k - 1].source.is_some() && found[k - 1].content.is_empty() {
            found[k].source = found[k - 1].source.take();
        }
    }
    claim_content_before(&mut found);
    found.into_iter().filter(|f| !f.content.is_empty() || introduces_next(f, para)).map(Item::Attribution).collect()
}

/// `T, S C.` where a cue inside T took the content: the last cue, with its source and no
/// content of its own, takes everything from the first span of the sentence to the end of the
/// content before it, and the attributions inside become part of that content.
fn claim_content_before(found: &mut Vec<Found>) {
    let Some(last) = found.len().checked_sub(1) else { return };
    let attribution = &found[last];
    let Some(source) = attribution.source.clone() else { return };
    if !attribution.content.is_empty() || last == 0 {
        return;
    }
    let own_start = source.start.min(attribution.cue.start);
    let content_end =
        found[..last].iter().flat_map(|f| f.content.iter()).map(|r| r.end).filter(|&e| e <= own_start).max();
    let Some(content_end) = content_end else { return };
    if own_start - content_end > 2 {
        return;
    }
    let first = found[..last]
        .iter()
        .flat_map(|f| f.source.iter().chain(std::iter::once(&f.cue)).chain(f.content.iter()))
        .map(|r| r.start)
        .min()
        .unwrap_or(content_end);
    let claimed = first..content_end;
    let keep: Vec<Found> =
        found.drain(..last).filter(|f| !(f.cue.start >= claimed.start && f.cue.end <= claimed.end)).collect();
    let mut attribution = found.remove(0);
    attribution.content = vec![claimed];
    found.clear();
    found.extend(keep);
    found.push(attribution);
}

/// An attribution whose content is the next paragraph: a source and a cue ending the paragraph
/// with a colon ("He said:").
fn introduces_next(found: &Found, para: &Para<'_>) -> bool {
    found.source.is_some()
        && !found.cue.is_empty()
        && para.lower.last().is_some_and(|w| w == ":")
        && (found.cue.end..para.tokens.len()).all(|i| !para.tokens[i].is_word())
}
