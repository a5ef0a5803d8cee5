//! Near-duplicate and syndicated copies: word 5-gram shingles, candidates from an inverted
//! index over a deterministic sample of shingles, verified by containment.

use std::collections::BTreeMap;

use parallax_model::ArticleId;

/// Remembers the articles seen so far and finds the one a new article copies.
#[derive(Debug, Default)]
pub struct DuplicateIndex {
    /// Sampled shingle → articles (by position) that contain it.
    postings: BTreeMap<u64, Vec<usize>>,
    articles: Vec<(ArticleId, Vec<u64>, Option<usize>)>,
    threshold: f64,
}

/// One shingle in `SAMPLE` is indexed: enough to find any copy sharing a paragraph.
const SAMPLE: u64 = 4;

impl DuplicateIndex {
    /// `threshold`: the share of the shorter article's shingles that must also be in the
    /// longer one for the two to be copies.
    pub fn new(threshold: f64) -> Self {
        Self { threshold, ..Self::default() }
    }

    /// Adds an article; returns the original it copies (the root of its copy chain), if any.
    pub fn add(&mut self, id: &ArticleId, shingles: &[u64]) -> Option<ArticleId> {
        let mut candidates: BTreeMap<usize, usize> = BTreeMap::new();
        for shingle in shingles.iter().filter(|s| *s % SAMPLE == 0) {
            for &position in self.postings.get(shingle).map(Vec::as_slice).unwrap_or(&[]) {
                *candidates.entry(position).or_insert(0) += 1;
            }
        }
        let mut best: Option<(f64, usize)> = None;
        for &position in candidates.keys() {
            let other = &self.articles[position].1;
            let shared = count_shared(shingles, other);
            let smaller = shingles.len().min(other.len()).max(1);
            let containment = shared as f64 / smaller as f64;
            if containment >= self.threshold && best.is_none_or(|(score, _)| containment > score) {
                best = Some((containment, position));
            }
        }
        let root = best.map(|(_, position)| self.articles[position].2.unwrap_or(position));
        let position = self.articles.len();
        for shingle in shingles.iter().filter(|s| *s % SAMPLE == 0) {
            self.postings.entry(*shingle).or_default().push(position);
        }
        self.articles.push((id.clone(), shingles.to_vec(), root));
        root.map(|r| self.articles[r].0.clone())
    }
}

/// Shared elements of two sorted, unique slices.
fn count_shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_root_of_a_copy_chain() {
        let mut index = DuplicateIndex::new(0.6);
        let original: Vec<u64> = (0..100).collect();
        let copy: Vec<u64> = (0..90).chain(200..210).collect();
        let copy_of_copy: Vec<u64> = (0..85).chain(200..215).collect();
        let unrelated: Vec<u64> = (500..600).collect();
        assert_eq!(index.add(&ArticleId("a".into()), &original), None);
        assert_eq!(index.add(&ArticleId("b".into()), &copy), Some(ArticleId("a".into())));
        assert_eq!(index.add(&ArticleId("c".into()), &copy_of_copy), Some(ArticleId("a".into())));
        assert_eq!(index.add(&ArticleId("d".into()), &unrelated), None);
    }
}
