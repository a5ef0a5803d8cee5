//! Clustering metrics: B-cubed, pairwise F1, adjusted Rand index, V-measure.

use std::collections::BTreeMap;

use serde::Serialize;

/// Scores of a predicted clustering against the gold one (items given by index).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClusterScores {
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
    pub pairwise_precision: f64,
    pub pairwise_recall: f64,
    pub pairwise_f1: f64,
    pub ari: f64,
    pub v_measure: f64,
    pub n_items: usize,
    pub n_gold: usize,
    pub n_predicted: usize,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

fn choose2(n: usize) -> f64 {
    (n * n.saturating_sub(1)) as f64 / 2.0
}

/// Scores `predicted` against `gold`; both give one label per item.
pub fn score<G: Ord, P: Ord>(gold: &[G], predicted: &[P]) -> ClusterScores {
    assert_eq!(gold.len(), predicted.len(), "one label per item in both clusterings");
    let n = gold.len();
    let mut joint: BTreeMap<(&G, &P), usize> = BTreeMap::new();
    let mut gold_sizes: BTreeMap<&G, usize> = BTreeMap::new();
    let mut predicted_sizes: BTreeMap<&P, usize> = BTreeMap::new();
    for (g, p) in gold.iter().zip(predicted) {
        *joint.entry((g, p)).or_insert(0) += 1;
        *gold_sizes.entry(g).or_insert(0) += 1;
        *predicted_sizes.entry(p).or_insert(0) += 1;
    }
    // B-cubed: per item, the share of its predicted cluster that shares its gold label, and
    // the share of its gold cluster that shares its predicted label.
    let mut precision = 0.0;
    let mut recall = 0.0;
    for ((g, p), &count) in &joint {
        let c = count as f64;
        precision += c * c / predicted_sizes[p] as f64;
        recall += c * c / gold_sizes[g] as f64;
    }
    let n_f = n.max(1) as f64;
    let (bcubed_precision, bcubed_recall) = (precision / n_f, recall / n_f);
    let same_both: f64 = joint.values().map(|&c| choose2(c)).sum();
    let same_predicted: f64 = predicted_sizes.values().map(|&c| choose2(c)).sum();
    let same_gold: f64 = gold_sizes.values().map(|&c| choose2(c)).sum();
    let pairwise_precision = if same_predicted == 0.0 { 1.0 } else { same_both / same_predicted };
    let pairwise_recall = if same_gold == 0.0 { 1.0 } else { same_both / same_gold };
    let total = choose2(n);
    let expected = if total == 0.0 { 0.0 } else { same_gold * same_predicted / total };
    let max_index = (same_gold + same_predicted) / 2.0;
    let ari =
        if (max_index - expected).abs() < f64::EPSILON { 1.0 } else { (same_both - expected) / (max_index - expected) };
    ClusterScores {
        bcubed_precision,
        bcubed_recall,
        bcubed_f1: f1(bcubed_precision, bcubed_recall),
        pairwise_precision,
        pairwise_recall,
        pairwise_f1: f1(pairwise_precision, pairwise_recall),
        ari,
        v_measure: v_measure(&joint, &gold_sizes, &predicted_sizes, n),
        n_items: n,
        n_gold: gold_sizes.len(),
        n_predicted: predicted_sizes.len(),
    }
}

fn entropy<K>(sizes: &BTreeMap<K, usize>, n: usize) -> f64 {
    let n = n as f64;
    sizes.values().map(|&c| c as f64 / n).filter(|p| *p > 0.0).map(|p| -p * p.ln()).sum()
}

fn v_measure<G: Ord, P: Ord>(
    joint: &BTreeMap<(&G, &P), usize>,
    gold_sizes: &BTreeMap<&G, usize>,
    predicted_sizes: &BTreeMap<&P, usize>,
    n: usize,
) -> f64 {
    let n_f = n as f64;
    let h_gold = entropy(gold_sizes, n);
    let h_predicted = entropy(predicted_sizes, n);
    // Conditional entropies H(gold | predicted) and H(predicted | gold).
    let mut h_gold_given = 0.0;
    let mut h_predicted_given = 0.0;
    for ((g, p), &count) in joint {
        let c = count as f64;
        h_gold_given -= c / n_f * (c / predicted_sizes[p] as f64).ln();
        h_predicted_given -= c / n_f * (c / gold_sizes[g] as f64).ln();
    }
    let homogeneity = if h_gold == 0.0 { 1.0 } else { 1.0 - h_gold_given / h_gold };
    let completeness = if h_predicted == 0.0 { 1.0 } else { 1.0 - h_predicted_given / h_predicted };
    f1(homogeneity, completeness)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_degenerate_clusterings() {
        let gold = [1, 1, 2, 2, 3];
        let perfect = score(&gold, &["a", "a", "b", "b", "c"]);
        assert!((perfect.bcubed_f1 - 1.0).abs() < 1e-12);
        assert!((perfect.ari - 1.0).abs() < 1e-12);
        assert!((perfect.v_measure - 1.0).abs() < 1e-12);
        let one = score(&gold, &[0; 5]);
        assert!((one.bcubed_recall - 1.0).abs() < 1e-12);
        assert!((one.bcubed_precision - (2.0 * 4.0 / 5.0 + 1.0 / 5.0) / 5.0).abs() < 1e-12);
    }

    #[test]
    fn known_b_cubed_example() {
        // Amigó et al.: gold {a,b,c}{d,e}, predicted {a,b}{c,d,e}.
        let scores = score(&[1, 1, 1, 2, 2], &[1, 1, 2, 2, 2]);
        let precision = (1.0 + 1.0 + 1.0 / 3.0 + 2.0 / 3.0 + 2.0 / 3.0) / 5.0;
        let recall = (2.0 / 3.0 + 2.0 / 3.0 + 1.0 / 3.0 + 1.0 + 1.0) / 5.0;
        assert!((scores.bcubed_precision - precision).abs() < 1e-12);
        assert!((scores.bcubed_recall - recall).abs() < 1e-12);
        assert!((scores.pairwise_precision - 2.0 / 4.0).abs() < 1e-12);
    }
}
