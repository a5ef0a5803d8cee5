//! Merging fragments: at the end of a batch, a small event whose articles are, on average,
//! similar enough to a larger event joins it (an article that came before its event's
//! vocabulary did, a part split off on thin evidence). Unless the similarity is high, the
//! splitter vetoes the merge: where it would cut the union apart again, the fragment stays.
//! Day and ordinal clashes veto it as they veto an article joining.

use std::collections::BTreeMap;

use super::{Clusterer, Slot};
use crate::events::{EventState, MergeRecord};
use crate::split::{SplitInput, evenly_spaced, would_split};

/// Settings of fragment merging.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeConfig {
    /// Events of at most this many articles are fragments, examined for a merge.
    pub max_fragment: usize,
    /// Minimum mean similarity of the fragment's articles to the event they join. With the
    /// join threshold at 0.3, ECB+ mean B-cubed F1 over 8 orders is 0.913 at 0.12 and 0.16,
    /// 0.908 at 0.2; undated articles of one field lump more below 0.16 (the largest of 417
    /// BBC politics articles' events when it was set: 40 at 0.12, 34 at 0.16, 36 at 0.2).
    pub threshold: f64,
    /// Mean similarity at which a fragment joins even where the splitter would cut the union
    /// apart: global evidence this strong outweighs the splitter's local evidence.
    pub certain: f64,
    /// The candidate events scored for each of the fragment's articles, those sharing the most
    /// key weight with it: fewer than for an arriving article, since every idle fragment is
    /// scored once more when it retires, and the event it belongs to shares the most.
    pub max_candidates: usize,
    /// The rarest terms of each of the fragment's articles under which candidates are looked
    /// up (besides its names), among those another article has too: the rarest terms of a
    /// fragment of one article are its own, which find nothing.
    pub candidate_terms: usize,
}

/// The splitter's veto on a merge reads at most this many of the larger event's articles: it
/// asks whether the fragment stands apart from that event, which a sample shows as well as
/// the whole, and a fragment is checked against a large event many times over a long stream.
/// (64 took a sixth of the time of a 200k-article stream at join threshold 0.2, and decided
/// no ECB+ merge otherwise.)
const VETO_SAMPLE: usize = 16;

impl Default for MergeConfig {
    fn default() -> Self {
        Self { max_fragment: 5, threshold: 0.16, certain: 0.3, max_candidates: 8, candidate_terms: 24 }
    }
}

impl Clusterer {
    /// Merges every fragment that changed since it was last examined into the event its
    /// articles are most similar to, where that event is at least as large and nothing
    /// vetoes the merge; then drops the emptied events.
    pub(super) fn merge_fragments(&mut self) {
        let mut merged_any = false;
        for index in 0..self.events.len() {
            merged_any |= self.merge_fragment(index);
        }
        if merged_any {
            self.drop_empty_events();
        }
    }

    /// Merges the event at `index`, if it is a fragment that changed since it was last
    /// examined, into the event its articles are most similar to; returns whether it did
    /// (the fragment is left empty: the caller drops it with [`Clusterer::drop_empty_events`]).
    pub(super) fn merge_fragment(&mut self, index: usize) -> bool {
        let size = self.events[index].members.len();
        if size == 0 || size > self.config.merge.max_fragment || self.events[index].merge_examined == size {
            return false;
        }
        self.events[index].merge_examined = size;
        let Some((target, score)) = self.merge_target(index) else { return false };
        let emptied = EventState::empty(self.events[index].id.clone());
        let fragment = std::mem::replace(&mut self.events[index], emptied);
        // A day clash vetoes joining whatever the similarity, for a fragment's article as for
        // an arriving one: members on clashing days stay, as the fragment.
        let (staying, moving): (Vec<usize>, Vec<usize>) =
            fragment.members.iter().partition(|&&position| self.day_clash(position, target));
        for &position in &moving {
            self.rejoin(target, position);
        }
        for &position in &staying {
            self.rejoin(index, position);
        }
        if !staying.is_empty() {
            self.events[index].examined = staying.len();
            self.events[index].merge_examined = staying.len();
        }
        let examined = self.events[target].members.len();
        self.events[target].examined = examined;
        self.merges.push(MergeRecord {
            event: self.events[target].id.clone(),
            merged: fragment.id,
            n_articles: moving.len(),
            at: self.records.len(),
            similarity: score,
        });
        true
    }

    /// The event the fragment at `index` would join, with the mean similarity of its articles.
    fn merge_target(&mut self, index: usize) -> Option<(usize, f64)> {
        let members = self.events[index].members.clone();
        let mut totals: BTreeMap<usize, f64> = BTreeMap::new();
        for &position in &members {
            // Terms of this article alone find nothing: the rarest of those it shares.
            let keys = (self.config.merge.candidate_terms, 2);
            for (event, score) in self.score_record(position, keys, Some(index), self.config.merge.max_candidates) {
                *totals.entry(event).or_insert(0.0) += score;
            }
        }
        let size = members.len();
        let mut best: Option<(usize, f64)> = None;
        for (&event, &total) in &totals {
            let score = total / size as f64;
            // An event of one article is no more than that article: joining it takes what
            // joining the article would have (two short items of one city's paper, a ferry fire
            // and a council vote, share the city and the day but no event).
            let target_size = self.events[event].members.len();
            let lone = target_size < 2 && score < self.config.join_threshold;
            // Members on clashing days stay behind (see `merge_fragment`); at least one must go.
            if target_size >= size
                && !lone
                && members.iter().any(|&position| !self.day_clash(position, event))
                && score >= self.config.merge.threshold
                && best.is_none_or(|(_, s)| score > s)
            {
                best = Some((event, score));
            }
        }
        let (target, score) = best?;
        if score >= self.config.merge.certain {
            return Some((target, score));
        }
        // The splitter looks at an evenly spaced sample of a large event with the fragment.
        let event = &self.events[target].members;
        let union: Vec<SplitInput<'_>> = evenly_spaced(event.len(), VETO_SAMPLE)
            .map(|i| event[i])
            .chain(members.iter().copied())
            .map(|m| self.records[m].split_input())
            .collect();
        (!would_split(&union, &self.config.split)).then_some((target, score))
    }

    /// Removes events left without articles; the others keep their order.
    pub(super) fn drop_empty_events(&mut self) {
        let mut new_index = vec![u32::MAX; self.events.len()];
        let mut kept = Vec::with_capacity(self.events.len());
        for (old, event) in std::mem::take(&mut self.events).into_iter().enumerate() {
            if !event.members.is_empty() {
                new_index[old] = kept.len() as u32;
                kept.push(event);
            }
        }
        self.events = kept;
        self.slots = self.events.iter().map(Slot::of).collect();
        for event in &mut self.event_of {
            *event = new_index[*event] as usize;
        }
        // The new indices keep the old order, so every posting stays sorted.
        for posting in self.term_postings.iter_mut().chain(self.name_postings.iter_mut()) {
            posting.events.retain_mut(|event| {
                *event = new_index[*event as usize];
                *event != u32::MAX
            });
        }
    }
}
