//! Entity names as lists: spans of lowercase tokens with the kinds they were seen as, learned
//! from labelled sentences, optionally with names from outside lists. Stored as hashes only.

use std::collections::HashMap;

use super::table::{HashTable, mix};
use super::tags::{N_LABELS, OUTSIDE, kind_index};

/// Longest name kept, in tokens.
pub(crate) const MAX_SPAN: usize = 6;
/// Bit of the mask: seen labelled as kind k (bits 0..4).
pub(crate) const AMBIGUOUS: u8 = 1 << 4;
/// Bits of the mask for names from outside lists: person, organisation, location.
pub(crate) const LISTED: [u8; 3] = [1 << 5, 1 << 6, 1 << 7];
const SPAN_SEED: u64 = 0x6761_7a65_7474_6565;

/// Span hash → mask.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gazetteer {
    pub(crate) entries: HashTable<u8>,
}

pub(crate) fn span_hash(lowercase_hashes: &[u64]) -> u64 {
    lowercase_hashes.iter().fold(SPAN_SEED, |hash, &token| mix(hash, token))
}

impl Gazetteer {
    /// Per token, the names that cover it: bit `8 * position + b` for mask bit `b` of a name
    /// in which the token is at `position` (begin, inside, last, unit).
    pub(crate) fn matches(&self, lowercase_hashes: &[u64]) -> Vec<u32> {
        let n = lowercase_hashes.len();
        let mut bits = vec![0u32; n];
        if self.entries.len() == 0 {
            return bits;
        }
        for start in 0..n {
            let mut hash = SPAN_SEED;
            let mut longest = None;
            for (end, &token) in lowercase_hashes.iter().enumerate().take(n.min(start + MAX_SPAN)).skip(start) {
                hash = mix(hash, token);
                if let Some(mask) = self.entries.get(hash) {
                    longest = Some((end, mask));
                }
            }
            let Some((end, mask)) = longest else { continue };
            for (i, token_bits) in bits.iter_mut().enumerate().take(end + 1).skip(start) {
                let position = match (i == start, i == end) {
                    (true, true) => 3,
                    (true, false) => 0,
                    (false, false) => 1,
                    (false, true) => 2,
                };
                *token_bits |= u32::from(mask) << (8 * position);
            }
        }
        bits
    }
}

/// Collects names from labelled sentences (lowercase token hashes and BILOU labels).
#[derive(Debug, Default)]
pub(crate) struct GazetteerBuilder {
    /// Span hash → times labelled as each kind.
    labelled: HashMap<u64, [u32; 4]>,
    /// Span hash → times the span occurs at all (filled by `count_occurrences`).
    occurrences: HashMap<u64, u32>,
    listed: HashMap<u64, u8>,
}

impl GazetteerBuilder {
    pub(crate) fn add_labelled(&mut self, lowercase_hashes: &[u64], labels: &[u8]) {
        let mut start = None;
        for (i, &label) in labels.iter().enumerate() {
            if label == OUTSIDE {
                start = None;
                continue;
            }
            // Begin or unit opens an entity; last or unit closes it.
            let position = (label - 1) % 4;
            if position == 0 || position == 3 {
                start = Some(i);
            }
            if (position == 2 || position == 3)
                && let Some(s) = start.take()
                && i + 1 - s <= MAX_SPAN
            {
                self.labelled.entry(span_hash(&lowercase_hashes[s..=i])).or_default()[kind_index(label)] += 1;
            }
        }
        debug_assert!(labels.iter().all(|&l| usize::from(l) < N_LABELS));
    }

    /// Second pass over the same sentences: how often each labelled name occurs at all.
    pub(crate) fn count_occurrences(&mut self, lowercase_hashes: &[u64]) {
        for start in 0..lowercase_hashes.len() {
            let mut hash = SPAN_SEED;
            for &token in lowercase_hashes.iter().skip(start).take(MAX_SPAN) {
                hash = mix(hash, token);
                if self.labelled.contains_key(&hash) {
                    *self.occurrences.entry(hash).or_default() += 1;
                }
            }
        }
    }

    /// A name from an outside list (`list` indexes [`LISTED`]).
    pub(crate) fn add_listed(&mut self, lowercase_hashes: &[u64], list: usize) {
        if lowercase_hashes.is_empty() || lowercase_hashes.len() > MAX_SPAN {
            return;
        }
        *self.listed.entry(span_hash(lowercase_hashes)).or_default() |= LISTED[list];
    }

    pub(crate) fn build(&self) -> Gazetteer {
        let mut masks: HashMap<u64, u8> = self.listed.clone();
        for (&hash, counts) in &self.labelled {
            let entity: u32 = counts.iter().sum();
            let mut mask = 0u8;
            for (kind, &count) in counts.iter().enumerate() {
                if count * 5 >= entity {
                    mask |= 1 << kind;
                }
            }
            let total = self.occurrences.get(&hash).copied().unwrap_or(entity).max(entity);
            if entity * 2 < total {
                mask |= AMBIGUOUS;
            }
            *masks.entry(hash).or_default() |= mask;
        }
        let mut keys: Vec<u64> = masks.keys().copied().collect();
        keys.sort_unstable();
        let mut entries = HashTable::with_capacity(keys.len());
        for key in keys {
            entries.insert(key, masks[&key]);
        }
        Gazetteer { entries }
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::hash_str;
    use super::super::tags::{NerKind, Position, label};
    use super::*;

    fn hashes(text: &str) -> Vec<u64> {
        text.split_whitespace().map(hash_str).collect()
    }

    #[test]
    fn learns_names_and_marks_their_tokens() {
        let mut builder = GazetteerBuilder::default();
        let b = label(NerKind::Location, Position::Begin);
        let l = label(NerKind::Location, Position::Last);
        let u = label(NerKind::Person, Position::Unit);
        let sentences = [(hashes("in new york today"), vec![0, b, l, 0]), (hashes("may said"), vec![u, 0])];
        for (tokens, labels) in &sentences {
            builder.add_labelled(tokens, labels);
        }
        for (tokens, _) in &sentences {
            builder.count_occurrences(tokens);
        }
        for _ in 0..3 {
            builder.count_occurrences(&hashes("in may"));
        }
        let gazetteer = builder.build();
        let bits = gazetteer.matches(&hashes("from new york and may"));
        let location = 1u32 << NerKind::Location.index();
        assert_eq!(bits[0], 0);
        assert_eq!(bits[1], location);
        assert_eq!(bits[2], location << 16);
        let person = u32::from((1 << NerKind::Person.index()) | AMBIGUOUS);
        assert_eq!(bits[4], person << 24);
    }
}
