//! Sparse term vectors keyed by string, in sorted maps for deterministic iteration.

use std::collections::BTreeMap;

pub(crate) type Sparse = BTreeMap<String, f64>;

pub(crate) fn counts<'a>(items: impl IntoIterator<Item = &'a String>) -> Sparse {
    let mut map = Sparse::new();
    for item in items {
        *map.entry(item.clone()).or_insert(0.0) += 1.0;
    }
    map
}

pub(crate) fn norm(vector: &Sparse) -> f64 {
    vector.values().map(|v| v * v).sum::<f64>().sqrt()
}

pub(crate) fn cosine(a: &Sparse, b: &Sparse) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let dot: f64 = small.iter().filter_map(|(k, v)| large.get(k).map(|w| v * w)).sum();
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 { 0.0 } else { dot / denominator }
}

/// Adds `vector` scaled to unit length into `into`.
pub(crate) fn add_normalised(into: &mut Sparse, vector: &Sparse) {
    let length = norm(vector);
    if length == 0.0 {
        return;
    }
    for (key, value) in vector {
        *into.entry(key.clone()).or_insert(0.0) += value / length;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_identical_and_disjoint() {
        let a = counts(&["x".to_string(), "y".to_string()]);
        let b = counts(&["z".to_string()]);
        assert!((cosine(&a, &a) - 1.0).abs() < 1e-9);
        assert_eq!(cosine(&a, &b), 0.0);
    }
}
