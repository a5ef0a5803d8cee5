//! Streaming event clustering: each arriving article joins the most similar open event or
//! founds a new one. Candidates come from an inverted index over names and rare terms;
//! similarity mixes TF-IDF cosine with name overlap; clashing dates, ordinals or protagonists
//! veto a merge. At the end of a batch (`refine`) events are split, articles reassigned,
//! fragments merged and alike events regrouped (see the submodules).
//!
//! Cost per article does not grow with the stream: keys are interned once, candidates are
//! ranked by the weight of the keys they share (one pass over the article's postings, each
//! capped), only the best few are scored in full, and event profiles keep a bounded number
//! of terms.

mod merge;
mod reassign;
mod regroup;
mod retire;

pub use merge::MergeConfig;
pub use regroup::RegroupConfig;

use parallax_model::{Day, EventId, Ordinal};

use crate::duplicates::DuplicateIndex;
use crate::events::{
    Assignment, ClusterConfig, EventState, MergeRecord, MoveRecord, Record, SplitRecord, Vectors, day_number,
    event_id_for,
};
use crate::features::ArticleFeatures;
use crate::protagonists;
use crate::split::{Partition, SplitInput, partition};
use crate::vectors::Sparse;
use crate::vocabulary::{Vocabularies, idf};

/// Keys found in more events than this are not used to find candidates.
const MAX_POSTING: usize = 2_000;
/// At most this many of the latest events are taken from each key's list.
const RECENT_PER_KEY: usize = 32;

/// The events (by index, ascending, unique) indexed under one key.
#[derive(Debug, Default)]
struct Posting {
    events: Vec<u32>,
    /// More than `MAX_POSTING` events: the key says little and is no longer read.
    saturated: bool,
}

impl Posting {
    fn insert(&mut self, event: usize) {
        if self.saturated {
            return;
        }
        let event = event as u32;
        if self.events.last().is_some_and(|&last| last >= event) {
            if let Err(at) = self.events.binary_search(&event) {
                self.events.insert(at, event);
            }
        } else {
            self.events.push(event);
        }
        if self.events.len() > MAX_POSTING {
            self.saturated = true;
            self.events = Vec::new();
        }
    }
}

/// A key under which events are indexed.
#[derive(Debug, Clone, Copy)]
enum Key {
    Term(u32),
    Name(u32),
}

/// What candidate retrieval reads of an event, packed for cache locality.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Weight of the keys the current article shares with the event; negative when vetoed.
    shared: f32,
    /// The event's day as a day number; `NO_DAY` when it has none, `RETIRED` when the event
    /// is retired and no candidate (see `retire`). Eight bytes a slot: candidate retrieval
    /// reads slots at random, and a long stream has many.
    day: i32,
}

impl Slot {
    fn of(event: &EventState) -> Self {
        let day = if event.retired { RETIRED } else { event.day_number.map_or(NO_DAY, clamp_day) };
        Self { shared: 0.0, day }
    }
}

const NO_DAY: i32 = i32::MIN;
const RETIRED: i32 = i32::MIN + 1;

/// What an article is compared to candidate events by.
#[derive(Debug, Clone, Copy)]
struct Query<'a> {
    day: Option<Day>,
    /// Days the article names, as day numbers (first, last): events on them are never too
    /// far away.
    recalled: &'a [(i32, i32)],
    ordinals: &'a [Ordinal],
    /// The article's protagonists (name ids; see `protagonists`).
    protagonists: &'a [u32],
    terms: &'a [(u32, f32)],
    names: &'a [(u32, f32)],
}

/// Buffers reused from article to article.
#[derive(Debug, Default)]
struct Scratch {
    /// The current article's weight per term id (zero elsewhere).
    term_weights: Vec<f32>,
    /// The current article's weight per name id (zero elsewhere).
    name_weights: Vec<f32>,
    /// Events whose slot holds a shared-key weight.
    touched: Vec<u32>,
    buffer: Sparse,
}

/// What a finished stream leaves of the clusterer (see [`Clusterer::finish`]).
#[derive(Debug)]
pub struct Clustered {
    pub events: Vec<EventState>,
    /// Every split made, in order.
    pub splits: Vec<SplitRecord>,
    /// Every merge of a fragment into a larger event made, in order.
    pub merges: Vec<MergeRecord>,
    /// Every article moved from one event to another, in order.
    pub moves: Vec<MoveRecord>,
}

/// The streaming clusterer. Feed articles in a fixed order with [`Clusterer::add`].
#[derive(Debug)]
pub struct Clusterer {
    config: ClusterConfig,
    vocabularies: Vocabularies,
    events: Vec<EventState>,
    /// One per event.
    slots: Vec<Slot>,
    term_postings: Vec<Posting>,
    name_postings: Vec<Posting>,
    duplicates: DuplicateIndex,
    /// The event of each article, by record position.
    event_of: Vec<usize>,
    records: Vec<Record>,
    splits: Vec<SplitRecord>,
    merges: Vec<MergeRecord>,
    moves: Vec<MoveRecord>,
    /// Articles before this stream position were examined for a move at the end of an
    /// earlier batch.
    reassigned: usize,
    scratch: Scratch,
}

impl Clusterer {
    pub fn new(config: ClusterConfig) -> Self {
        let duplicates = DuplicateIndex::new(config.duplicate_threshold, config.credited_duplicate_threshold);
        Self {
            config,
            vocabularies: Vocabularies::default(),
            events: Vec::new(),
            slots: Vec::new(),
            term_postings: Vec::new(),
            name_postings: Vec::new(),
            duplicates,
            event_of: Vec::new(),
            records: Vec::new(),
            splits: Vec::new(),
            merges: Vec::new(),
            moves: Vec::new(),
            reassigned: 0,
            scratch: Scratch::default(),
        }
    }

    /// Every split made so far, in order.
    pub fn splits(&self) -> &[SplitRecord] {
        &self.splits
    }

    /// Every merge of a fragment into a larger event made so far, in order.
    pub fn merges(&self) -> &[MergeRecord] {
        &self.merges
    }

    /// Every article moved from one event to another so far, in order.
    pub fn moves(&self) -> &[MoveRecord] {
        &self.moves
    }

    pub fn events(&self) -> &[EventState] {
        &self.events
    }

    /// Ends the stream: refines the events (see [`Clusterer::refine`]), then keeps only what
    /// histories, stories and reports read (the events, every one retired and its vectors
    /// freed, the splits and the merges) and frees the rest (article records, postings, the
    /// copy detector, the vocabularies) before the caller builds anything on them.
    pub fn finish(mut self) -> Clustered {
        self.refine();
        let mut events = std::mem::take(&mut self.events);
        let splits = std::mem::take(&mut self.splits);
        let merges = std::mem::take(&mut self.merges);
        let moves = std::mem::take(&mut self.moves);
        drop(self);
        for event in &mut events {
            event.retire();
        }
        Clustered { events, splits, merges, moves }
    }

    /// A clusterer whose document frequencies start from `background` (see [`Background`]).
    pub fn with_background(config: ClusterConfig, background: Background) -> Self {
        Self { vocabularies: background.0, ..Self::new(config) }
    }

    /// Assigns one article to an event.
    pub fn add(&mut self, article: &ArticleFeatures) -> Assignment {
        let (terms, names) = self.vocabularies.count(article);
        let position = self.records.len();
        let duplicate_of = self.duplicates.add(&article.shingles, &article.credits);
        let keys = self.index_keys(&terms, &names);
        let recalled = recalled_day_numbers(article);
        let (target, score) = match duplicate_of {
            Some(original) if !self.events[self.event_of[original]].retired => (Some(self.event_of[original]), 1.0),
            _ => self.best_event(article, &recalled, &terms, &names, &keys),
        };
        let founded = target.is_none();
        let index = match target {
            Some(index) => index,
            None => self.new_event(event_id_for(&article.id)),
        };
        let labels = self.vocabularies.labels(&article.name_labels, &names);
        let protagonists = self.protagonists_of(&names).into_boxed_slice();
        self.records.push(Record::new(
            article.id.clone(),
            article.event_day,
            Vectors {
                terms: terms.into_boxed_slice(),
                names: names.into_boxed_slice(),
                ordinals: article.ordinals.as_slice().into(),
                protagonists,
                labels,
                recalled,
            },
        ));
        self.event_of.push(index);
        self.join(index, position, &keys);
        // Re-examine an event whenever it has doubled in size since the last look.
        let size = self.events[index].members.len();
        if size >= 2 * self.config.split.min_part && size.is_power_of_two() {
            self.split_event(index);
        }
        if self.records.len().is_multiple_of(retire::retire_every(self.config.retire_after)) {
            self.retire_idle();
        }
        Assignment {
            article: article.id.clone(),
            event: self.events[self.event_of[position]].id.clone(),
            duplicate_of: duplicate_of.map(|original| self.records[original].id.clone()),
            founded,
            score: if founded { 0.0 } else { score },
        }
    }

    /// The events `article` could join with its similarity to each, as [`Clusterer::add`]
    /// finds and scores them (vetoes applied, the join threshold not), in event order; the
    /// article is neither counted nor added.
    pub fn similarities(&mut self, article: &ArticleFeatures) -> Vec<(EventId, f64)> {
        let (terms, names) = self.vocabularies.ids(article);
        let keys = self.index_keys(&terms, &names);
        let recalled = recalled_day_numbers(article);
        let protagonists = self.protagonists_of(&names);
        let query = Query {
            day: article.event_day,
            recalled: &recalled,
            ordinals: &article.ordinals,
            protagonists: &protagonists,
            terms: &terms,
            names: &names,
        };
        let scored = self.score_candidates(query, &keys, None, self.config.max_candidates);
        scored.into_iter().map(|(index, score)| (self.events[index].id.clone(), score)).collect()
    }

    /// Re-examines for a split every event that changed since it was last examined, then
    /// merges fragments into the events they belong to; call at the end of a batch. (An
    /// unchanged event would split as it did before, or not at all.)
    pub fn refine(&mut self) {
        for index in 0..self.events.len() {
            let event = &self.events[index];
            if event.members.len() >= 2 * self.config.split.min_part && event.examined != event.members.len() {
                self.split_event(index);
            }
        }
        if self.config.reassign_margin.is_finite() {
            self.reassign();
        }
        self.reassigned = self.records.len();
        self.merge_fragments();
        self.regroup();
    }

    fn new_event(&mut self, id: EventId) -> usize {
        self.events.push(EventState::empty(id));
        self.slots.push(Slot { shared: 0.0, day: NO_DAY });
        self.events.len() - 1
    }

    /// Adds the article at `position` to event `index` and indexes the event under `keys`.
    fn join(&mut self, index: usize, position: usize, keys: &[Key]) {
        let event = &mut self.events[index];
        event.accumulate(
            position,
            &self.records,
            &self.vocabularies,
            self.config.profile_terms,
            &mut self.scratch.buffer,
        );
        self.slots[index] = Slot::of(event);
        for &key in keys {
            let (postings, id) = match key {
                Key::Term(id) => (&mut self.term_postings, id),
                Key::Name(id) => (&mut self.name_postings, id),
            };
            if postings.len() <= id as usize {
                postings.resize_with(id as usize + 1, Posting::default);
            }
            postings[id as usize].insert(index);
        }
    }

    /// Rebuilds event `index` after articles moved (their `event_of` already set): its
    /// members in their old order less those that left, then `arriving`, in the order given.
    fn rebuild(&mut self, index: usize, arriving: impl IntoIterator<Item = usize>) {
        let id = self.events[index].id.clone();
        let old = std::mem::replace(&mut self.events[index], EventState::empty(id));
        let mut members: Vec<usize> =
            old.members.iter().copied().filter(|&position| self.event_of[position] == index).collect();
        members.extend(arriving);
        for position in members {
            self.rejoin(index, position);
        }
    }

    /// Puts the stored article at `position` into event `index` (rebuilding an event, or
    /// moving an article between events).
    fn rejoin(&mut self, index: usize, position: usize) {
        let vectors = self.records[position].vectors();
        let keys = self.index_keys(&vectors.terms, &vectors.names);
        self.event_of[position] = index;
        self.join(index, position, &keys);
    }

    /// The candidate events of the stored article at `position` with its similarity to each
    /// (see [`Clusterer::score_candidates`]), looked up under its names and its `take` rarest
    /// terms found in at least `min_df` articles.
    fn score_record(
        &mut self,
        position: usize,
        (take, min_df): (usize, u32),
        exclude: Option<usize>,
        limit: usize,
    ) -> Vec<(usize, f64)> {
        let record = &self.records[position];
        let day = record.day;
        let vectors = record.vectors();
        let (terms, names, ordinals) = (vectors.terms.clone(), vectors.names.clone(), vectors.ordinals.clone());
        let recalled = vectors.recalled.clone();
        let keys = self.keys_of(&terms, &names, take, min_df);
        let protagonists = self.protagonists_of(&names);
        let query = Query {
            day,
            recalled: &recalled,
            ordinals: &ordinals,
            protagonists: &protagonists,
            terms: &terms,
            names: &names,
        };
        self.score_candidates(query, &keys, exclude, limit)
    }

    /// Splits an event that holds several events of the same kind. The part with the founding
    /// article keeps the event's id; every other part becomes an event named after its first
    /// article.
    fn split_event(&mut self, index: usize) {
        let members = self.events[index].members.clone();
        self.events[index].examined = members.len();
        let inputs: Vec<SplitInput<'_>> = members.iter().map(|&m| self.records[m].split_input()).collect();
        let Partition { parts, cuts } = partition(&inputs, &self.config.split);
        if parts.len() < 2 {
            return;
        }
        let id = self.events[index].id.clone();
        let mut new_events = Vec::new();
        for part in &parts {
            let positions: Vec<usize> = part.iter().map(|&p| members[p]).collect();
            let target = if positions.contains(&members[0]) {
                self.events[index] = EventState::empty(id.clone());
                index
            } else {
                let new_id = event_id_for(&self.records[positions[0]].id);
                new_events.push(new_id.clone());
                self.new_event(new_id)
            };
            for &position in &positions {
                self.rejoin(target, position);
            }
            // Each part was bisected in turn and kept whole.
            self.events[target].examined = positions.len();
        }
        let (across, inside) = cuts.first().map_or((0.0, 0.0), |cut| (cut.across, cut.inside));
        self.splits.push(SplitRecord {
            event: id,
            new_events,
            n_articles: members.len(),
            at: self.records.len(),
            across,
            inside,
        });
    }

    /// Whether the stored article at `position` and event `index` are on clashing days: the
    /// veto an arriving article meets, for an article already placed (a fragment's, merging).
    fn day_clash(&self, position: usize, index: usize) -> bool {
        let record = &self.records[position];
        let day = record.day.map(|d| i64::from(clamp_day(day_number(d))));
        let event_day = self.slots[index].day;
        too_far(day, event_day, self.config.max_day_gap) && !recalls(&record.vectors().recalled, event_day)
    }

    /// The protagonists of an article with these name counts (see `protagonists`).
    fn protagonists_of(&self, names: &[(u32, f32)]) -> Vec<u32> {
        let vocabulary = &self.vocabularies.names;
        protagonists::protagonists(names.iter().map(|&(id, count)| (id, &**vocabulary.key(id), count)), 1.0)
    }

    /// Names and the rarest terms: the keys under which an article finds candidate events.
    fn index_keys(&self, terms: &[(u32, f32)], names: &[(u32, f32)]) -> Vec<Key> {
        self.keys_of(terms, names, self.config.candidate_terms, 1)
    }

    /// Names and the `take` rarest terms found in at least `min_df` articles.
    fn keys_of(&self, terms: &[(u32, f32)], names: &[(u32, f32)], take: usize, min_df: u32) -> Vec<Key> {
        let mut keys: Vec<Key> = names.iter().map(|&(id, _)| Key::Name(id)).collect();
        // The rarest first; ties by the term itself, so that the choice does not depend on ids.
        let vocabulary = &self.vocabularies.terms;
        let mut rare: Vec<(u32, u32)> =
            terms.iter().map(|&(id, _)| (vocabulary.df(id), id)).filter(|&(df, _)| df >= min_df).collect();
        let order =
            |a: &(u32, u32), b: &(u32, u32)| a.0.cmp(&b.0).then_with(|| vocabulary.key(a.1).cmp(vocabulary.key(b.1)));
        let take = take.min(rare.len());
        if take < rare.len() {
            rare.select_nth_unstable_by(take, order);
        }
        rare.truncate(take);
        rare.sort_unstable_by(order);
        keys.extend(rare.into_iter().map(|(_, id)| Key::Term(id)));
        keys
    }

    fn best_event(
        &mut self,
        article: &ArticleFeatures,
        recalled: &[(i32, i32)],
        terms: &[(u32, f32)],
        names: &[(u32, f32)],
        keys: &[Key],
    ) -> (Option<usize>, f64) {
        let protagonists = self.protagonists_of(names);
        let scored = self.score_candidates(
            Query {
                day: article.event_day,
                recalled,
                ordinals: &article.ordinals,
                protagonists: &protagonists,
                terms,
                names,
            },
            keys,
            None,
            self.config.max_candidates,
        );
        let mut best: Option<(f64, usize)> = None;
        for (index, score) in scored {
            if score >= self.config.join_threshold && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, index));
            }
        }
        match best {
            Some((score, index)) => (Some(index), score),
            None => (None, 0.0),
        }
    }

    /// The candidate events of an article with its similarity to each, in event order:
    /// events under its keys, less those on clashing days, with clashing ordinals or
    /// protagonists, or `exclude`; at most `limit` of them, those sharing the most key weight.
    fn score_candidates(
        &mut self,
        query: Query<'_>,
        keys: &[Key],
        exclude: Option<usize>,
        limit: usize,
    ) -> Vec<(usize, f64)> {
        let Query { day, recalled, ordinals, protagonists, terms, names } = query;
        let base = self.vocabularies.idf_base();
        let term_ln_df = self.vocabularies.terms.ln_df();
        let name_ln_df = self.vocabularies.names.ln_df();
        let scratch = &mut self.scratch;
        // Candidates: the latest events under each key, ranked by the weight of the keys they
        // share with the article; events on clashing days are left out as they are met.
        let day = day.map(|d| i64::from(clamp_day(day_number(d))));
        let max_day_gap = self.config.max_day_gap;
        for &key in keys {
            let (posting, weight) = match key {
                Key::Term(id) => (self.term_postings.get(id as usize), idf(base, term_ln_df[id as usize])),
                Key::Name(id) => (self.name_postings.get(id as usize), idf(base, name_ln_df[id as usize])),
            };
            let Some(posting) = posting.filter(|p| !p.saturated) else { continue };
            for &event in posting.events.iter().rev().take(RECENT_PER_KEY) {
                let slot = &mut self.slots[event as usize];
                if slot.shared == 0.0 {
                    scratch.touched.push(event);
                    let clash =
                        slot.day == RETIRED || (too_far(day, slot.day, max_day_gap) && !recalls(recalled, slot.day));
                    slot.shared = if clash { -1.0 } else { weight };
                } else if slot.shared > 0.0 {
                    slot.shared += weight;
                }
            }
        }
        let mut candidates: Vec<(f32, u32)> = Vec::with_capacity(scratch.touched.len());
        for &event in &scratch.touched {
            let shared = std::mem::take(&mut self.slots[event as usize].shared);
            if shared > 0.0
                && exclude != Some(event as usize)
                && !clashing_ordinals(ordinals, &self.events[event as usize])
            {
                candidates.push((shared, event));
            }
        }
        scratch.touched.clear();
        if candidates.len() > limit {
            // The most shared weight first, the newer event on ties.
            candidates.select_nth_unstable_by(limit, |a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
            candidates.truncate(limit);
        }
        candidates.sort_unstable_by_key(|&(_, event)| event);
        // The article's weights, spread over dense arrays for the scoring loops.
        scratch.term_weights.resize(term_ln_df.len(), 0.0);
        scratch.name_weights.resize(name_ln_df.len(), 0.0);
        let mut term_norm = 0.0f32;
        for &(id, count) in terms {
            let weight = (1.0 + count.ln()) * idf(base, term_ln_df[id as usize]);
            scratch.term_weights[id as usize] = weight;
            term_norm += weight * weight;
        }
        let mut name_norm = 0.0f32;
        for &(id, count) in names {
            let weight = count * idf(base, name_ln_df[id as usize]);
            scratch.name_weights[id as usize] = weight;
            name_norm += weight * weight;
        }
        let mut scored = Vec::with_capacity(candidates.len());
        for &(_, index) in &candidates {
            let event = &self.events[index as usize];
            let article_names = |id: u32| names.binary_search_by_key(&id, |&(n, _)| n).is_ok();
            let event_names = |id: u32| event.names.binary_search_by_key(&id, |n| n.id).is_ok();
            if protagonists::clashing_protagonists(protagonists, article_names, &event.protagonists, event_names) {
                continue;
            }
            let (mut dot, mut norm) = (0.0f32, 0.0f32);
            for &(id, value) in event.profile(&self.records) {
                let weight = value * idf(base, term_ln_df[id as usize]);
                dot += weight * scratch.term_weights[id as usize];
                norm += weight * weight;
            }
            let term_similarity = cosine_of(dot, term_norm, norm);
            let (mut dot, mut norm) = (0.0f32, 0.0f32);
            for name in &event.names {
                let weight = name.count * idf(base, name_ln_df[name.id as usize]);
                dot += weight * scratch.name_weights[name.id as usize];
                norm += weight * weight;
            }
            let name_similarity = cosine_of(dot, name_norm, norm);
            let score = (1.0 - self.config.name_weight) * term_similarity + self.config.name_weight * name_similarity;
            // Past the day veto only because the article names the event's day.
            let recalled_only = too_far(day, self.slots[index as usize].day, max_day_gap);
            if recalled_only && score < self.config.recall_threshold {
                continue;
            }
            scored.push((index as usize, score));
        }
        for &(id, _) in terms {
            scratch.term_weights[id as usize] = 0.0;
        }
        for &(id, _) in names {
            scratch.name_weights[id as usize] = 0.0;
        }
        scored
    }
}

/// Document frequencies counted from articles that are not clustered: a corpus against which
/// a clusterer tells rare terms from common ones before its own stream has shown them (see
/// [`Clusterer::with_background`]; `parallax eval pairs` scores article pairs against the
/// rest of their set this way).
#[derive(Debug, Clone, Default)]
pub struct Background(Vocabularies);

impl Background {
    /// Counts one article's terms and names.
    pub fn count(&mut self, article: &ArticleFeatures) {
        self.0.count(article);
    }
}

/// The days an article names, as day numbers (first, last).
fn recalled_day_numbers(article: &ArticleFeatures) -> Box<[(i32, i32)]> {
    article
        .recalled
        .iter()
        .map(|&(first, length)| {
            let first = clamp_day(day_number(first));
            (first, first.saturating_add_unsigned(length))
        })
        .collect()
}

fn cosine_of(dot: f32, squared_norm_a: f32, squared_norm_b: f32) -> f64 {
    let denominator = f64::from(squared_norm_a).sqrt() * f64::from(squared_norm_b).sqrt();
    if denominator == 0.0 { 0.0 } else { f64::from(dot) / denominator }
}

/// Whether an event on `event_day` is more than `max_gap` days from the article's `day` (both
/// day numbers; neither is too far from an undated side).
fn too_far(day: Option<i64>, event_day: i32, max_gap: i64) -> bool {
    day.is_some_and(|d| event_day != NO_DAY && (d - i64::from(event_day)).abs() > max_gap)
}

/// Whether a day the article names, give or take a day, is `event_day`.
fn recalls(recalled: &[(i32, i32)], event_day: i32) -> bool {
    let at = i64::from(event_day);
    recalled.iter().any(|&(first, last)| i64::from(first) - 1 <= at && at <= i64::from(last) + 1)
}

fn clamp_day(day: i64) -> i32 {
    day.clamp(i64::from(RETIRED) + 1, i64::from(i32::MAX)) as i32
}

/// Clashing ordinals of the same noun block a merge (as do clashing days, checked on slots).
fn clashing_ordinals(ordinals: &[Ordinal], event: &EventState) -> bool {
    ordinals
        .iter()
        .any(|ordinal| event.ordinals.iter().any(|other| other.noun == ordinal.noun && other.rank != ordinal.rank))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_stay_sorted_and_stop_growing_when_saturated() {
        let mut posting = Posting::default();
        for event in [3, 1, 3, 2, 7] {
            posting.insert(event);
        }
        assert_eq!(posting.events, [1, 2, 3, 7]);
        for event in 0..=MAX_POSTING {
            posting.insert(event);
        }
        assert!(posting.saturated);
        assert!(posting.events.is_empty());
    }
}
