//! Sparse vectors over interned keys: `(id, value)` pairs sorted by id, ids unique.

/// A sparse vector, sorted by key id.
pub(crate) type Sparse = Vec<(u32, f32)>;

/// Counts of each id: sorts `ids` in place and collapses runs.
pub(crate) fn counts(ids: &mut [u32]) -> Sparse {
    ids.sort_unstable();
    let mut result: Sparse = Vec::with_capacity(ids.len());
    for &id in ids.iter() {
        match result.last_mut() {
            Some((last, count)) if *last == id => *count += 1.0,
            _ => result.push((id, 1.0)),
        }
    }
    result
}

pub(crate) fn norm(vector: &[(u32, f32)]) -> f64 {
    vector.iter().map(|&(_, v)| f64::from(v) * f64::from(v)).sum::<f64>().sqrt()
}

/// Dot product by a merge of the two sorted lists.
pub(crate) fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += f64::from(a[i].1) * f64::from(b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 { 0.0 } else { dot(a, b) / denominator }
}

/// Adds `scale * vector` into `into`, both sorted; `buffer` is scratch space.
pub(crate) fn add_scaled(into: &mut Sparse, vector: &[(u32, f32)], scale: f32, buffer: &mut Sparse) {
    buffer.clear();
    buffer.reserve(into.len() + vector.len());
    let (mut i, mut j) = (0, 0);
    while i < into.len() || j < vector.len() {
        let take_into = j >= vector.len() || (i < into.len() && into[i].0 < vector[j].0);
        let take_vector = i >= into.len() || (j < vector.len() && vector[j].0 < into[i].0);
        if take_into {
            buffer.push(into[i]);
            i += 1;
        } else if take_vector {
            buffer.push((vector[j].0, vector[j].1 * scale));
            j += 1;
        } else {
            buffer.push((into[i].0, into[i].1 + vector[j].1 * scale));
            i += 1;
            j += 1;
        }
    }
    std::mem::swap(into, buffer);
}

/// Keeps the `keep` entries with the highest `weight(id, value)` (ties: lower id), in id order.
pub(crate) fn keep_top(vector: &mut Sparse, keep: usize, weight: impl Fn(u32, f32) -> f32) {
    if vector.len() <= keep {
        return;
    }
    let by_weight = |a: &(u32, f32), b: &(u32, f32)| weight(b.0, b.1).total_cmp(&weight(a.0, a.1)).then(a.0.cmp(&b.0));
    vector.select_nth_unstable_by(keep, by_weight);
    vector.truncate(keep);
    vector.sort_unstable_by_key(|&(id, _)| id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_identical_and_disjoint() {
        let a = counts(&mut [3, 1, 3]);
        let b = counts(&mut [7]);
        assert_eq!(a, [(1, 1.0), (3, 2.0)]);
        assert!((cosine(&a, &a) - 1.0).abs() < 1e-9);
        assert_eq!(cosine(&a, &b), 0.0);
    }

    #[test]
    fn adds_and_keeps_the_heaviest() {
        let mut sum = counts(&mut [1, 2, 2]);
        let mut buffer = Sparse::new();
        add_scaled(&mut sum, &counts(&mut [0, 2, 5]), 0.5, &mut buffer);
        assert_eq!(sum, [(0, 0.5), (1, 1.0), (2, 2.5), (5, 0.5)]);
        keep_top(&mut sum, 3, |_, v| v);
        assert_eq!(sum, [(0, 0.5), (1, 1.0), (2, 2.5)]);
    }
}
