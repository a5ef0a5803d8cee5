//! The structured perceptron: label scores per token from feature weights, first-order
//! transitions, Viterbi decoding restricted to well-formed BILOU sequences, and training
//! with averaged weights (Collins 2002).

use super::table::HashTable;
use super::tags::{N_LABELS, allowed, allowed_last};

pub(crate) type Scores = [f32; N_LABELS];
const FORBIDDEN: f32 = -1.0e30;

/// Transition scores, with forbidden transitions folded in.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Transitions {
    /// `between[previous][next]`.
    pub between: [[f32; N_LABELS]; N_LABELS],
    pub start: [f32; N_LABELS],
    pub end: [f32; N_LABELS],
}

impl Transitions {
    pub(crate) fn zero() -> Transitions {
        Transitions { between: [[0.0; N_LABELS]; N_LABELS], start: [0.0; N_LABELS], end: [0.0; N_LABELS] }
    }

    /// The same scores with forbidden transitions made impossible.
    pub(crate) fn constrained(&self) -> Transitions {
        let mut constrained = self.clone();
        for previous in 0..N_LABELS {
            for next in 0..N_LABELS {
                if !allowed(Some(previous as u8), next as u8) {
                    constrained.between[previous][next] = FORBIDDEN;
                }
            }
        }
        for label in 0..N_LABELS {
            if !allowed(None, label as u8) {
                constrained.start[label] = FORBIDDEN;
            }
            if !allowed_last(label as u8) {
                constrained.end[label] = FORBIDDEN;
            }
        }
        constrained
    }
}

/// The best label sequence for the given emission scores (transitions already constrained).
pub(crate) fn viterbi(emissions: &[Scores], transitions: &Transitions, labels: &mut Vec<u8>) {
    labels.clear();
    let n = emissions.len();
    if n == 0 {
        return;
    }
    let mut back = vec![[0u8; N_LABELS]; n];
    let mut scores: Scores = std::array::from_fn(|l| transitions.start[l] + emissions[0][l]);
    for t in 1..n {
        let mut next = [0f32; N_LABELS];
        for label in 0..N_LABELS {
            let mut best = f32::NEG_INFINITY;
            let mut best_previous = 0;
            for (previous, &score) in scores.iter().enumerate() {
                let candidate = score + transitions.between[previous][label];
                if candidate > best {
                    best = candidate;
                    best_previous = previous;
                }
            }
            next[label] = best + emissions[t][label];
            back[t][label] = best_previous as u8;
        }
        scores = next;
    }
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (label, (&score, &end)) in scores.iter().zip(&transitions.end).enumerate() {
        let score = score + end;
        if score > best_score {
            best_score = score;
            best = label;
        }
    }
    labels.resize(n, 0);
    labels[n - 1] = best as u8;
    for t in (1..n).rev() {
        labels[t - 1] = back[t][usize::from(labels[t])];
    }
}

/// Weights for tagging: feature hash → a row of label scores.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    pub rows_of: HashTable<u32>,
    pub rows: Vec<Scores>,
    /// Unconstrained, as stored.
    pub transitions: Transitions,
    constrained: Transitions,
}

impl Weights {
    pub(crate) fn new(rows_of: HashTable<u32>, rows: Vec<Scores>, transitions: Transitions) -> Weights {
        let constrained = transitions.constrained();
        Weights { rows_of, rows, transitions, constrained }
    }

    pub(crate) fn score(&self, features: &[u64]) -> Scores {
        let mut scores = [0f32; N_LABELS];
        for &feature in features {
            if let Some(row) = self.rows_of.get(feature) {
                let row = &self.rows[row as usize];
                for (score, weight) in scores.iter_mut().zip(row) {
                    *score += weight;
                }
            }
        }
        scores
    }

    pub(crate) fn decode(&self, emissions: &[Scores], labels: &mut Vec<u8>) {
        viterbi(emissions, &self.constrained, labels);
    }
}

/// Sentences as feature ids, for training.
#[derive(Debug, Default)]
pub(crate) struct TrainingSet {
    /// Feature ids of all tokens, one after the other.
    pub features: Vec<u32>,
    /// Token t's features are `features[token_starts[t]..token_starts[t + 1]]`.
    pub token_starts: Vec<usize>,
    /// Sentence s's tokens are `sentence_starts[s]..sentence_starts[s + 1]`.
    pub sentence_starts: Vec<usize>,
    /// Gold label per token.
    pub labels: Vec<u8>,
}

impl TrainingSet {
    pub(crate) fn new() -> TrainingSet {
        TrainingSet { token_starts: vec![0], sentence_starts: vec![0], ..TrainingSet::default() }
    }

    pub(crate) fn push_token(&mut self, features: impl IntoIterator<Item = u32>, label: u8) {
        self.features.extend(features);
        self.token_starts.push(self.features.len());
        self.labels.push(label);
    }

    pub(crate) fn end_sentence(&mut self) {
        self.sentence_starts.push(self.labels.len());
    }

    pub(crate) fn n_sentences(&self) -> usize {
        self.sentence_starts.len() - 1
    }

    fn tokens(&self, sentence: usize) -> std::ops::Range<usize> {
        self.sentence_starts[sentence]..self.sentence_starts[sentence + 1]
    }

    fn token_features(&self, token: usize) -> &[u32] {
        &self.features[self.token_starts[token]..self.token_starts[token + 1]]
    }
}

/// Averaged perceptron over dense feature ids: integer weights and step-weighted sums, so
/// training is exact and reproducible.
pub(crate) struct Trainer {
    weights: Vec<i32>,
    sums: Vec<i64>,
    between: Vec<i32>,
    between_sums: Vec<i64>,
    step: i64,
}

/// A small deterministic generator (splitmix64) for the order of sentences.
pub(crate) struct Shuffler(u64);

impl Shuffler {
    pub(crate) fn new(seed: u64) -> Shuffler {
        Shuffler(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        super::table::finalise(self.0)
    }

    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Fisher-Yates over `items` with a fixed xorshift stream whose state is `state` (seeded odd):
/// the order in which the quote and syntax trainers see their examples, so their model files
/// depend on it.
pub(crate) fn xorshift_shuffle<T>(items: &mut [T], state: &mut u64) {
    for i in (1..items.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        items.swap(i, (*state % (i as u64 + 1)) as usize);
    }
}

/// Rows of the transition arrays: `N_LABELS` previous labels, then the start, then (as a
/// column per label) the end.
const START_ROW: usize = N_LABELS;
const END_ROW: usize = N_LABELS + 1;

impl Trainer {
    pub(crate) fn new(n_features: usize) -> Trainer {
        Trainer {
            weights: vec![0; n_features * N_LABELS],
            sums: vec![0; n_features * N_LABELS],
            between: vec![0; (N_LABELS + 2) * N_LABELS],
            between_sums: vec![0; (N_LABELS + 2) * N_LABELS],
            step: 1,
        }
    }

    /// Trains on the given sentences for `epochs` passes, in an order shuffled by `seed`.
    pub(crate) fn train(&mut self, data: &TrainingSet, sentences: &[usize], epochs: usize, seed: u64) {
        let mut order = sentences.to_vec();
        let mut shuffler = Shuffler::new(seed);
        let mut emissions = Vec::new();
        let mut predicted = Vec::new();
        for _ in 0..epochs {
            shuffler.shuffle(&mut order);
            for &sentence in &order {
                let tokens = data.tokens(sentence);
                emissions.clear();
                emissions.extend(tokens.clone().map(|t| self.raw_scores(data.token_features(t))));
                viterbi(&emissions, &self.raw_transitions(), &mut predicted);
                let gold = &data.labels[tokens.clone()];
                if predicted.as_slice() != gold {
                    self.update(data, tokens.start, gold, &predicted);
                }
                self.step += 1;
            }
        }
    }

    fn raw_scores(&self, features: &[u32]) -> Scores {
        let mut scores = [0i32; N_LABELS];
        for &feature in features {
            let row = &self.weights[feature as usize * N_LABELS..(feature as usize + 1) * N_LABELS];
            for (score, weight) in scores.iter_mut().zip(row) {
                *score += weight;
            }
        }
        scores.map(|s| s as f32)
    }

    fn raw_transitions(&self) -> Transitions {
        transitions_from(|row, label| self.between[row * N_LABELS + label] as f32).constrained()
    }

    fn update(&mut self, data: &TrainingSet, first_token: usize, gold: &[u8], predicted: &[u8]) {
        let step = self.step;
        let bump = |weights: &mut Vec<i32>, sums: &mut Vec<i64>, index: usize, delta: i32| {
            weights[index] += delta;
            sums[index] += step * i64::from(delta);
        };
        for (i, (&g, &p)) in gold.iter().zip(predicted).enumerate() {
            if g != p {
                for &feature in data.token_features(first_token + i) {
                    let row = feature as usize * N_LABELS;
                    bump(&mut self.weights, &mut self.sums, row + usize::from(g), 1);
                    bump(&mut self.weights, &mut self.sums, row + usize::from(p), -1);
                }
            }
            let (gold_row, predicted_row) =
                if i == 0 { (START_ROW, START_ROW) } else { (usize::from(gold[i - 1]), usize::from(predicted[i - 1])) };
            if (gold_row, g) != (predicted_row, p) {
                bump(&mut self.between, &mut self.between_sums, gold_row * N_LABELS + usize::from(g), 1);
                bump(&mut self.between, &mut self.between_sums, predicted_row * N_LABELS + usize::from(p), -1);
            }
        }
        let (last_gold, last_predicted) = (gold[gold.len() - 1], predicted[predicted.len() - 1]);
        if last_gold != last_predicted {
            bump(&mut self.between, &mut self.between_sums, END_ROW * N_LABELS + usize::from(last_gold), 1);
            bump(&mut self.between, &mut self.between_sums, END_ROW * N_LABELS + usize::from(last_predicted), -1);
        }
    }

    /// The averaged weights.
    pub(crate) fn averaged(&self) -> Averaged {
        let step = self.step as f64;
        let average = |weight: i32, sum: i64| (f64::from(weight) - sum as f64 / step) as f32;
        let weights = self.weights.iter().zip(&self.sums).map(|(&w, &s)| average(w, s)).collect();
        let between: Vec<f32> = self.between.iter().zip(&self.between_sums).map(|(&w, &s)| average(w, s)).collect();
        let transitions = transitions_from(|row, label| between[row * N_LABELS + label]);
        Averaged { constrained: transitions.constrained(), transitions, weights }
    }
}

fn transitions_from(value: impl Fn(usize, usize) -> f32) -> Transitions {
    let mut transitions = Transitions::zero();
    for label in 0..N_LABELS {
        for previous in 0..N_LABELS {
            transitions.between[previous][label] = value(previous, label);
        }
        transitions.start[label] = value(START_ROW, label);
        transitions.end[label] = value(END_ROW, label);
    }
    transitions
}

/// Averaged weights over dense feature ids.
pub(crate) struct Averaged {
    pub weights: Vec<f32>,
    pub transitions: Transitions,
    constrained: Transitions,
}

impl Averaged {
    pub(crate) fn predict(&self, data: &TrainingSet, sentence: usize, labels: &mut Vec<u8>) {
        let emissions: Vec<Scores> = data
            .tokens(sentence)
            .map(|t| {
                let mut scores = [0f32; N_LABELS];
                for &feature in data.token_features(t) {
                    let row = &self.weights[feature as usize * N_LABELS..(feature as usize + 1) * N_LABELS];
                    for (score, weight) in scores.iter_mut().zip(row) {
                        *score += weight;
                    }
                }
                scores
            })
            .collect();
        viterbi(&emissions, &self.constrained, labels);
    }

    /// Weights for tagging: the rows of `hashes` (feature id → hash) whose largest weight
    /// reaches `min_weight`.
    pub(crate) fn to_weights(&self, hashes: &[u64], min_weight: f32) -> Weights {
        let mut rows_of = HashTable::with_capacity(hashes.len() / 4);
        let mut rows = Vec::new();
        for (id, &hash) in hashes.iter().enumerate() {
            let row = &self.weights[id * N_LABELS..(id + 1) * N_LABELS];
            if row.iter().any(|w| *w != 0.0 && w.abs() >= min_weight) {
                let mut scores = [0f32; N_LABELS];
                scores.copy_from_slice(row);
                rows_of.insert(hash, rows.len() as u32);
                rows.push(scores);
            }
        }
        Weights::new(rows_of, rows, self.transitions.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tags::{NerKind, OUTSIDE, Position, label};
    use super::*;

    #[test]
    fn viterbi_never_leaves_an_entity_open() {
        let begin = label(NerKind::Person, Position::Begin);
        let mut emissions = vec![[0f32; N_LABELS]; 2];
        emissions[0][usize::from(begin)] = 10.0;
        emissions[1][usize::from(OUTSIDE)] = 10.0;
        let mut labels = Vec::new();
        viterbi(&emissions, &Transitions::zero().constrained(), &mut labels);
        assert_ne!(labels, vec![begin, OUTSIDE]);
        assert!(allowed(None, labels[0]) && allowed(Some(labels[0]), labels[1]) && allowed_last(labels[1]));
    }

    #[test]
    fn learns_a_separable_toy_problem() {
        // Feature 0: bias; 1: "capitalised"; 2: "lowercase".
        let person = label(NerKind::Person, Position::Unit);
        let mut data = TrainingSet::new();
        for _ in 0..5 {
            data.push_token([0, 1], person);
            data.push_token([0, 2], OUTSIDE);
            data.end_sentence();
            data.push_token([0, 2], OUTSIDE);
            data.end_sentence();
        }
        let mut trainer = Trainer::new(3);
        trainer.train(&data, &(0..data.n_sentences()).collect::<Vec<_>>(), 5, 7);
        let averaged = trainer.averaged();
        let mut labels = Vec::new();
        averaged.predict(&data, 0, &mut labels);
        assert_eq!(labels, vec![person, OUTSIDE]);
        let weights = averaged.to_weights(&[11, 12, 13], 0.0);
        let mut decoded = Vec::new();
        weights.decode(&[weights.score(&[11, 12]), weights.score(&[11, 13])], &mut decoded);
        assert_eq!(decoded, vec![person, OUTSIDE]);
    }
}
