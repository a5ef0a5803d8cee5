//! A multiclass averaged perceptron with sparse rows: each feature holds weights for the few
//! labels it ever told apart. Tagging is greedy, left to right, so a token's features may read
//! the labels already given to the tokens before it.

use crate::ner::table::{HashKeyed, HashTable};

/// Trained weights: feature hash → row; a row is a list of (label, weight), all rows one
/// after the other in one list. The table holds each row's bounds in that list, so that a
/// lookup touches the table's slot and the row's entries and nothing between.
#[derive(Debug, Clone)]
pub(crate) struct Classifier {
    pub n_labels: usize,
    pub rows_of: HashTable<Row>,
    entries: Vec<(u8, f32)>,
}

/// A row's bounds in `Classifier::entries`: `start..end`.
pub(crate) type Row = (u32, u32);

impl Classifier {
    pub(crate) fn new(n_labels: usize) -> Classifier {
        Classifier { n_labels, rows_of: HashTable::default(), entries: Vec::new() }
    }

    /// Adds the row of `feature`.
    pub(crate) fn push(&mut self, feature: u64, row: &[(u8, f32)]) {
        let row = self.push_row(row);
        self.rows_of.insert(feature, row);
    }

    /// Adds a row that a map read elsewhere points to; returns its bounds.
    pub(crate) fn push_row(&mut self, row: &[(u8, f32)]) -> Row {
        let start = self.entries.len() as u32;
        self.entries.extend_from_slice(row);
        (start, self.entries.len() as u32)
    }

    pub(crate) fn n_rows(&self) -> usize {
        self.rows_of.len()
    }

    pub(crate) fn row(&self, (start, end): Row) -> &[(u8, f32)] {
        self.entries.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// The largest weight in magnitude.
    pub(crate) fn largest(&self) -> f32 {
        self.entries.iter().fold(0f32, |m, (_, v)| m.max(v.abs()))
    }

    /// The best label for a token with these features (the lowest label on a tie).
    pub(crate) fn best(&self, features: &[u64], scores: &mut Vec<f32>) -> u8 {
        scores.clear();
        scores.resize(self.n_labels, 0.0);
        for &feature in features {
            if let Some(row) = self.rows_of.get(feature) {
                for &(label, weight) in self.row(row) {
                    scores[usize::from(label)] += weight;
                }
            }
        }
        argmax(scores)
    }
}

fn argmax(scores: &[f32]) -> u8 {
    let mut best = 0;
    for (label, &score) in scores.iter().enumerate() {
        if score > scores[best] {
            best = label;
        }
    }
    best as u8
}

/// Training state: current weights and the running sums that give their average
/// (Daumé's trick: the average is `w - u / c`, `u` summing each update times its step).
pub(crate) struct Trainer {
    n_labels: usize,
    rows_of: HashKeyed<u32>,
    weights: Vec<f32>,
    stamped: Vec<f64>,
    step: u64,
}

impl Trainer {
    pub(crate) fn new(n_labels: usize) -> Trainer {
        Trainer { n_labels, rows_of: HashKeyed::default(), weights: Vec::new(), stamped: Vec::new(), step: 1 }
    }

    /// The label the current weights give.
    pub(crate) fn predict(&self, features: &[u64], scores: &mut Vec<f32>) -> u8 {
        scores.clear();
        scores.resize(self.n_labels, 0.0);
        for feature in features {
            if let Some(&row) = self.rows_of.get(feature) {
                let row = &self.weights[row as usize * self.n_labels..][..self.n_labels];
                for (score, weight) in scores.iter_mut().zip(row) {
                    *score += weight;
                }
            }
        }
        argmax(scores)
    }

    /// Moves the weights towards `gold` and away from `guess`, then counts one example.
    pub(crate) fn learn(&mut self, features: &[u64], gold: u8, guess: u8) {
        if gold != guess {
            for &feature in features {
                let row = self.row(feature);
                for (label, delta) in [(gold, 1.0f32), (guess, -1.0)] {
                    let at = row * self.n_labels + usize::from(label);
                    self.weights[at] += delta;
                    self.stamped[at] += self.step as f64 * f64::from(delta);
                }
            }
        }
        self.step += 1;
    }

    fn row(&mut self, feature: u64) -> usize {
        let next = self.rows_of.len() as u32;
        let row = *self.rows_of.entry(feature).or_insert(next) as usize;
        if row == self.weights.len() / self.n_labels.max(1) {
            self.weights.resize(self.weights.len() + self.n_labels, 0.0);
            self.stamped.resize(self.stamped.len() + self.n_labels, 0.0);
        }
        row
    }

    /// The averaged weights, without those smaller than `floor` in magnitude.
    pub(crate) fn finish(self, floor: f32) -> Classifier {
        let mut features: Vec<(u64, u32)> = self.rows_of.iter().map(|(&f, &r)| (f, r)).collect();
        features.sort_unstable();
        let mut classifier = Classifier::new(self.n_labels);
        let step = self.step as f64;
        for (feature, row) in features {
            let start = row as usize * self.n_labels;
            let sparse: Vec<(u8, f32)> = (0..self.n_labels)
                .filter_map(|label| {
                    let at = start + label;
                    let average = (f64::from(self.weights[at]) - self.stamped[at] / step) as f32;
                    (average.abs() >= floor).then_some((label as u8, average))
                })
                .collect();
            if !sparse.is_empty() {
                classifier.push(feature, &sparse);
            }
        }
        classifier
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_rule_and_averages() {
        // Feature 1 means label 0, feature 2 label 1; feature 3 is noise on both.
        let examples = [(vec![1u64, 3], 0u8), (vec![2, 3], 1), (vec![1], 0), (vec![2], 1)];
        let mut trainer = Trainer::new(2);
        let mut scores = Vec::new();
        for _ in 0..5 {
            for (features, gold) in &examples {
                let guess = trainer.predict(features, &mut scores);
                trainer.learn(features, *gold, guess);
            }
        }
        let model = trainer.finish(1e-6);
        for (features, gold) in &examples {
            assert_eq!(model.best(features, &mut scores), *gold);
        }
        // An unseen feature alone gives the lowest label.
        assert_eq!(model.best(&[99], &mut scores), 0);
    }
}
