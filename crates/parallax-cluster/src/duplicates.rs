//! Near-duplicate and syndicated copies: word 5-gram shingles, candidates from an inverted
//! index over a deterministic sample of shingles, verified by containment.

use std::collections::{HashMap, VecDeque};

use crate::vocabulary::FxBuild;

/// Remembers the articles seen so far and finds the one a new article copies.
#[derive(Debug, Default)]
pub struct DuplicateIndex {
    /// Sampled shingle (by [`index_key`]) → the latest entry of its list in `links`, and
    /// the list's length.
    heads: HashMap<u32, (u32, u32), FxBuild>,
    /// Lists of articles (by position) holding a sampled shingle, newest first.
    links: Vec<Link>,
    /// By position: the root of the copy chain the article belongs to (`END`: none).
    roots: Vec<u32>,
    /// The articles from `forgotten` on, in order.
    window: VecDeque<Indexed>,
    /// Articles before this position are forgotten (see [`DuplicateIndex::forget_before`]).
    forgotten: usize,
    threshold: f64,
    credited_threshold: f64,
}

#[derive(Debug, Clone, Copy)]
struct Link {
    position: u32,
    next: u32,
}

#[derive(Debug)]
struct Indexed {
    /// The low 32 bits of each shingle hash, sorted and unique: enough to measure containment.
    shingles: Box<[u32]>,
    /// Wire credits, sorted and unique.
    credits: Box<[u64]>,
}

/// One shingle in `SAMPLE` is indexed: enough to find any copy sharing a paragraph.
const SAMPLE: u64 = 4;
/// The index lists are cut once the forgotten articles are this share of their entries or
/// more: the lists then hold at most a third more than the remembered articles' entries,
/// and each cut (which rewrites them) comes after many articles.
const CUT_SHARE: usize = 4;
/// Shingles held by more articles than this are boilerplate and not used to find copies.
const MAX_SHINGLE_POSTING: u32 = 256;
const END: u32 = u32::MAX;

impl DuplicateIndex {
    /// `threshold`: the share of the shorter article's shingles that must also be in the
    /// longer one for the two to be copies; `credited_threshold`: the same for two articles
    /// that carry a wire credit in common.
    pub fn new(threshold: f64, credited_threshold: f64) -> Self {
        Self { threshold, credited_threshold, ..Self::default() }
    }

    /// Adds an article with its shingles and wire credits (each sorted and unique); returns
    /// the position (order of addition) of the original it copies (the root of its copy
    /// chain), if any.
    pub fn add(&mut self, shingles: &[u64], credits: &[u64]) -> Option<usize> {
        let mut candidates: Vec<u32> = Vec::new();
        for shingle in shingles.iter().filter(|s| *s % SAMPLE == 0) {
            let Some(&(mut link, count)) = self.heads.get(&index_key(*shingle)) else { continue };
            if count > MAX_SHINGLE_POSTING {
                continue;
            }
            while link != END {
                let entry = self.links[link as usize];
                candidates.push(entry.position);
                link = entry.next;
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut own: Vec<u32> = shingles.iter().map(|&s| s as u32).collect();
        own.sort_unstable();
        own.dedup();
        let mut best: Option<(f64, usize)> = None;
        for &position in &candidates {
            let Some(other) = (position as usize).checked_sub(self.forgotten).and_then(|at| self.window.get(at)) else {
                continue;
            };
            let shared = count_shared(&own, &other.shingles);
            let smaller = own.len().min(other.shingles.len()).max(1);
            let containment = shared as f64 / smaller as f64;
            let threshold = if count_shared(credits, &other.credits) > 0 {
                self.threshold.min(self.credited_threshold)
            } else {
                self.threshold
            };
            if containment >= threshold && best.is_none_or(|(score, _)| containment > score) {
                best = Some((containment, position as usize));
            }
        }
        let root = best.map(|(_, position)| match self.roots[position] {
            END => position,
            root => root as usize,
        });
        let position = u32::try_from(self.roots.len()).unwrap_or(u32::MAX);
        for &shingle in shingles.iter().filter(|s| *s % SAMPLE == 0) {
            let entry = self.heads.entry(index_key(shingle)).or_insert((END, 0));
            entry.1 = entry.1.saturating_add(1);
            if entry.1 > MAX_SHINGLE_POSTING {
                // Boilerplate: the list is no longer read, so it no longer grows.
                continue;
            }
            let link = u32::try_from(self.links.len()).unwrap_or(END);
            self.links.push(Link { position, next: entry.0 });
            entry.0 = link;
        }
        self.window.push_back(Indexed { shingles: own.into_boxed_slice(), credits: credits.into() });
        self.roots.push(root.map_or(END, |r| u32::try_from(r).unwrap_or(END)));
        root
    }
}

impl DuplicateIndex {
    /// Forgets the articles before `position`: no later article is found to copy them. Their
    /// shingles are freed at once; the index lists, which hold articles in order, are cut
    /// once the forgotten part is a quarter of them (see [`CUT_SHARE`]).
    pub(crate) fn forget_before(&mut self, position: usize) {
        let position = position.min(self.roots.len());
        if position <= self.forgotten {
            return;
        }
        self.window.drain(..position - self.forgotten);
        self.forgotten = position;
        // Links are appended in article order, so the forgotten ones are a prefix.
        let cut = self.links.partition_point(|link| (link.position as usize) < position);
        if cut == 0 || cut * CUT_SHARE < self.links.len() {
            return;
        }
        let shift = |link: u32| if link == END || (link as usize) < cut { END } else { link - cut as u32 };
        self.links.drain(..cut);
        for link in &mut self.links {
            link.next = shift(link.next);
        }
        self.heads.retain(|_, (head, count)| {
            *head = shift(*head);
            // A saturated key stays, so that it is never read again.
            *head != END || *count > MAX_SHINGLE_POSTING
        });
        self.links.shrink_to_fit();
    }
}

/// The key of a sampled shingle in the index: its high 32 bits (sampling looks at the low
/// ones). Two shingles that share a key only bring an extra candidate, verified like any.
fn index_key(shingle: u64) -> u32 {
    (shingle >> 32) as u32
}

/// Shared elements of two sorted, unique slices.
fn count_shared<T: Ord>(a: &[T], b: &[T]) -> usize {
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

    /// Shingle hashes, as word 5-grams give.
    fn hashes(numbers: impl Iterator<Item = u64>) -> Vec<u64> {
        numbers.map(|n| parallax_model::fnv1a64(&n.to_le_bytes())).collect()
    }

    #[test]
    fn finds_the_root_of_a_copy_chain() {
        let mut index = DuplicateIndex::new(0.6, 0.6);
        let original = hashes(0..100);
        let copy = hashes((0..90).chain(200..210));
        let copy_of_copy = hashes((0..85).chain(200..215));
        let unrelated = hashes(500..600);
        assert_eq!(index.add(&original, &[]), None);
        assert_eq!(index.add(&copy, &[]), Some(0));
        assert_eq!(index.add(&copy_of_copy, &[]), Some(0));
        assert_eq!(index.add(&unrelated, &[]), None);
    }

    #[test]
    fn boilerplate_shingles_do_not_make_copies() {
        let mut index = DuplicateIndex::new(0.5, 0.5);
        let boilerplate: Vec<u64> = hashes(0..100).into_iter().filter(|s| s % SAMPLE == 0).take(8).collect();
        assert_eq!(boilerplate.len(), 8);
        for i in 0..(MAX_SHINGLE_POSTING as u64 + 10) {
            let own: Vec<u64> =
                boilerplate.iter().copied().chain(hashes((0..200).map(|s| 1_000 + i * 1_000 + s))).collect();
            assert_eq!(index.add(&own, &[]), None);
        }
        let copy: Vec<u64> = boilerplate.iter().copied().chain(hashes((0..200).map(|s| 1_000 + s))).collect();
        assert_eq!(index.add(&copy, &[]), Some(0));
    }

    #[test]
    fn a_shared_wire_credit_lowers_the_containment_needed() {
        let mut index = DuplicateIndex::new(0.5, 0.25);
        let wire = [7_u64];
        let original = hashes(0..100);
        // Each shares 35 of its 100 shingles with the original, and nothing else with the rest.
        let reworded = |k: u64| hashes((0..35).chain(1_000 * k..1_000 * k + 65));
        assert_eq!(index.add(&original, &wire), None);
        assert_eq!(index.add(&reworded(1), &[]), None);
        assert_eq!(index.add(&reworded(2), &[8]), None);
        assert_eq!(index.add(&reworded(3), &wire), Some(0));
        let little = hashes((0..10).chain(400..490));
        assert_eq!(index.add(&little, &wire), None);
    }

    #[test]
    fn forgotten_articles_are_not_found_and_later_ones_still_are() {
        let mut index = DuplicateIndex::new(0.6, 0.6);
        for k in 0..10u64 {
            assert_eq!(index.add(&hashes(k * 1_000..k * 1_000 + 100), &[]), None);
        }
        index.forget_before(6);
        assert!(index.links.iter().all(|link| link.position >= 6), "the forgotten lists are cut");
        assert_eq!(index.add(&hashes(2_000..2_095), &[]), None);
        assert_eq!(index.add(&hashes(7_000..7_095), &[]), Some(7));
        index.forget_before(3);
        assert_eq!(index.add(&hashes(9_000..9_090), &[]), Some(9), "forgetting less than before changes nothing");
    }
}
