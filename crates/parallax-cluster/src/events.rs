//! Events as the clusterer keeps them, and its settings.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, LazyLock};

use parallax_model::{ArticleId, Day, EventId, Ordinal, short_hash};

use crate::clusterer::{MergeConfig, RegroupConfig};
use crate::protagonists::protagonists;
use crate::split::{SplitConfig, SplitInput};
use crate::vectors::{Sparse, add_scaled, keep_top, norm};
use crate::vocabulary::{Vocabularies, Vocabulary, idf};

/// Settings of the event clusterer.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Minimum combined similarity for an article to join an event. Calibrated on two sets
    /// (with `merge.threshold`): on ECB+ (`parallax eval events --orders 8 --set
    /// join_threshold=T`) the mean B-cubed F1 over stream orders is 0.909 at 0.18, 0.913 at
    /// 0.3 and 0.912 at 0.35, because ECB+'s topics lie far apart and any threshold keeps
    /// them so; on SemEval-2022 article pairs of one field, undated (`parallax eval pairs
    /// --split training`), the join F1 is 0.697 at 0.18 and 0.743 at 0.3, the best 0.754 at
    /// 0.31. At 0.18, 417 undated BBC politics articles made an event of 152 (35 at 0.3 when
    /// it was set).
    /// A higher threshold founds more events, each a fragment examined for a merge when it
    /// retires: fragment merges look up fewer candidates than arriving articles do
    /// (`MergeConfig`) so that a long stream stays fast (`parallax bench clustering`).
    pub join_threshold: f64,
    /// Weight of name overlap against term similarity (0 to 1).
    pub name_weight: f64,
    /// Event days further apart than this veto a merge.
    pub max_day_gap: i64,
    /// The similarity an article needs to join an event further away than `max_day_gap` whose
    /// day it names ("the deputy shot on June 24"; a date that names another event, "the
    /// Oct. 7 attack", lifts nothing): a follow-up must be plainly the same story. At or below
    /// the join threshold it asks nothing more than joining does: ECB+ mean B-cubed F1 over 8
    /// stream orders is 0.913 at 0.3, 0.911 at 0.4, 0.897 without the lift.
    pub recall_threshold: f64,
    /// At the end of a batch, an article moves to another event whose similarity to it is
    /// higher than its own event's by more than this (infinite: never).
    pub reassign_margin: f64,
    /// Shingle containment at which an article is a copy of an earlier one.
    pub duplicate_threshold: f64,
    /// The containment that makes two articles copies when both carry the same wire credit
    /// ("(Northwire)" in the dateline): outlets reword wire copies.
    pub credited_duplicate_threshold: f64,
    /// How many of an article's rarest terms are used to find candidate events.
    pub candidate_terms: usize,
    /// How many candidate events, those sharing the most weight of names and rare terms with
    /// the article, are scored in full.
    pub max_candidates: usize,
    /// How many terms, and how many names, an event keeps for scoring (the heaviest by TF-IDF);
    /// the lightest are dropped when it holds twice as many.
    pub profile_terms: usize,
    /// When and how events holding two events of the same kind are split.
    pub split: SplitConfig,
    /// When small events are merged into larger ones at the end of a batch.
    pub merge: MergeConfig,
    /// When alike events are partitioned anew at the end of a batch.
    pub regroup: RegroupConfig,
    /// An event that took no article in this many positions of the stream is retired: no
    /// longer a candidate, its vectors freed (see `clusterer/retire.rs`).
    pub retire_after: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        Self {
            name_weight: 0.3,
            max_day_gap: 2,
            recall_threshold: 0.3,
            reassign_margin: 0.0,
            join_threshold: 0.3,
            duplicate_threshold: 0.5,
            credited_duplicate_threshold: 0.25,
            candidate_terms: 24,
            max_candidates: 64,
            profile_terms: 1024,
            split: SplitConfig::default(),
            merge: MergeConfig::default(),
            regroup: RegroupConfig::default(),
            retire_after: 100_000,
        }
    }
}

/// Where an article went.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub article: ArticleId,
    pub event: EventId,
    pub duplicate_of: Option<ArticleId>,
    /// Whether the article founded the event.
    pub founded: bool,
    /// The similarity to the event it joined (1 for copies, 0 for founders).
    pub score: f64,
}

/// A split of one event into several, as recorded for the event's history.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitRecord {
    /// The event that was split; it keeps the part holding its founding article.
    pub event: EventId,
    /// The events split off it.
    pub new_events: Vec<EventId>,
    /// How many articles the event held when it was split.
    pub n_articles: usize,
    /// How many articles the clusterer had seen when it split the event.
    pub at: usize,
    /// Mean similarity across the two halves of the first cut, and inside the less cohesive
    /// half: why the event was split.
    pub across: f64,
    pub inside: f64,
}

/// A small event merged into a larger one at the end of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeRecord {
    /// The event that took the articles in; it keeps its id.
    pub event: EventId,
    /// The event merged into it, which no longer exists.
    pub merged: EventId,
    /// How many articles the merged event held.
    pub n_articles: usize,
    /// How many articles the clusterer had seen when it merged them.
    pub at: usize,
    /// Mean similarity of the merged articles to the event.
    pub similarity: f64,
}

/// An article moved from one event to another at the end of a batch (see `reassign`).
#[derive(Debug, Clone, PartialEq)]
pub struct MoveRecord {
    pub article: ArticleId,
    pub from: EventId,
    pub to: EventId,
    /// Articles seen when the move was made.
    pub at: usize,
    /// The article's similarity to the event it left, and to the one it joined.
    pub left: f64,
    pub joined: f64,
}

/// What the clusterer keeps of each article, to rebuild events when it splits them. Once
/// the article's event is retired only the id and day stay: the vectors sit in a box of
/// their own so that a released record is small (most records of a long stream are).
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub id: ArticleId,
    pub day: Option<Day>,
    /// `None` once released.
    vectors: Option<Box<Vectors>>,
}

/// An article's vectors, as the clusterer compares it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vectors {
    /// Term counts by term id.
    pub terms: Box<[(u32, f32)]>,
    /// Name mention counts by name id.
    pub names: Box<[(u32, f32)]>,
    pub ordinals: Box<[Ordinal]>,
    /// The article's protagonists, name ids (see `protagonists`).
    pub protagonists: Box<[u32]>,
    /// The display form of each name, aligned with `names`.
    pub labels: Box<[Arc<str>]>,
    /// The day numbers the article names, as (first, last): events on them are never too
    /// far away to join (a follow-up recalling the day of what it follows).
    pub recalled: Box<[(i32, i32)]>,
}

/// What a released record reads as.
static RELEASED: LazyLock<Vectors> = LazyLock::new(Vectors::default);

impl Record {
    pub(crate) fn new(id: ArticleId, day: Option<Day>, vectors: Vectors) -> Self {
        Self { id, day, vectors: Some(Box::new(vectors)) }
    }

    /// The article's vectors (empty once released).
    pub(crate) fn vectors(&self) -> &Vectors {
        self.vectors.as_deref().unwrap_or(&RELEASED)
    }

    /// What the splitter reads of the article.
    pub(crate) fn split_input(&self) -> SplitInput<'_> {
        let vectors = self.vectors();
        SplitInput { terms: &vectors.terms, names: &vectors.names, protagonists: &vectors.protagonists }
    }

    /// Frees the vectors, once the article's event is retired.
    pub(crate) fn release(&mut self) {
        self.vectors = None;
    }
}

/// Mentions of one name in an event.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NameCount {
    pub id: u32,
    pub key: Arc<str>,
    /// The fullest display form seen (the first on ties).
    pub label: Arc<str>,
    pub count: f32,
}

/// An event as the clusterer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventState {
    pub id: EventId,
    pub articles: Vec<ArticleId>,
    /// Positions of the member articles' records.
    pub(crate) members: Vec<usize>,
    /// The sum of the members' unit-length term-count vectors, cut to the heaviest terms;
    /// empty while the event has one member, whose record's counts serve (see `profile`).
    profile: Sparse,
    /// Name mention counts, by name id.
    pub(crate) names: Vec<NameCount>,
    /// The event's protagonists (see `protagonists`), kept in step with `names` by
    /// `accumulate`: every candidate scoring reads them.
    pub(crate) protagonists: Vec<u32>,
    days: BTreeMap<Day, usize>,
    date: Option<Day>,
    /// `date` as days since 1970-01-01, for cheap comparisons.
    pub(crate) day_number: Option<i64>,
    pub(crate) ordinals: BTreeSet<Ordinal>,
    /// How many members the event had when it was last examined for a split.
    pub(crate) examined: usize,
    /// How many members the event had when it was last examined for a merge.
    pub(crate) merge_examined: usize,
    /// How many members the event had when it was last regrouped.
    pub(crate) regrouped: usize,
    /// Retired: idle too long to take new articles; its vectors are freed.
    pub(crate) retired: bool,
}

impl EventState {
    /// The most reported day among the articles (the earliest on ties).
    pub fn date(&self) -> Option<Day> {
        self.date
    }

    /// The stream positions of the member articles (the order in which the clusterer was
    /// given them), aligned with `articles`.
    pub fn positions(&self) -> &[usize] {
        &self.members
    }

    /// The display form of a name key, the fullest seen.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.names.iter().find(|name| &*name.key == key).map(|name| &*name.label)
    }

    /// The term profile, up to scale (cosine similarity ignores scale).
    pub(crate) fn profile<'a>(&'a self, records: &'a [Record]) -> &'a [(u32, f32)] {
        match self.members.as_slice() {
            [only] => &records[*only].vectors().terms,
            _ => &self.profile,
        }
    }

    /// Name keys with their mention counts, in key order.
    pub fn name_counts(&self) -> impl Iterator<Item = (&str, f64)> + '_ {
        let mut counts: Vec<(&str, f64)> = self.names.iter().map(|n| (&*n.key, f64::from(n.count))).collect();
        counts.sort_by(|a, b| a.0.cmp(b.0));
        counts.into_iter()
    }

    pub(crate) fn empty(id: EventId) -> Self {
        Self {
            id,
            articles: Vec::new(),
            members: Vec::new(),
            profile: Sparse::new(),
            names: Vec::new(),
            protagonists: Vec::new(),
            days: BTreeMap::new(),
            date: None,
            day_number: None,
            ordinals: BTreeSet::new(),
            examined: 0,
            merge_examined: 0,
            regrouped: 0,
            retired: false,
        }
    }

    /// Marks the event retired, as examined for splits and merges, and frees its term
    /// profile, ordinals and per-day counts (its names and date stay: stories read them).
    pub(crate) fn retire(&mut self) {
        self.retired = true;
        self.examined = self.members.len();
        self.merge_examined = self.members.len();
        self.profile = Sparse::new();
        self.ordinals = BTreeSet::new();
        self.days = BTreeMap::new();
        self.names.shrink_to_fit();
        self.protagonists = Vec::new();
        self.articles.shrink_to_fit();
        self.members.shrink_to_fit();
    }

    /// Adds the article at `position` of `records`.
    pub(crate) fn accumulate(
        &mut self,
        position: usize,
        records: &[Record],
        vocabularies: &Vocabularies,
        profile_terms: usize,
        buffer: &mut Sparse,
    ) {
        let record = &records[position];
        let vectors = record.vectors();
        self.articles.push(record.id.clone());
        self.members.push(position);
        if self.members.len() == 2 {
            add_unit(&mut self.profile, &records[self.members[0]].vectors().terms, buffer);
        }
        if self.members.len() >= 2 {
            add_unit(&mut self.profile, &vectors.terms, buffer);
        }
        let base = vocabularies.idf_base();
        if self.profile.len() > 2 * profile_terms {
            let ln_df = vocabularies.terms.ln_df();
            keep_top(&mut self.profile, profile_terms, |id, value| value * idf(base, ln_df[id as usize]));
        }
        self.add_names(&vectors.names, &vectors.labels, &vocabularies.names, base, profile_terms);
        self.protagonists =
            protagonists(self.names.iter().map(|n| (n.id, &*n.key, n.count)), self.members.len() as f32);
        if let Some(day) = record.day {
            *self.days.entry(day).or_insert(0) += 1;
            let best = self.days.values().copied().max().unwrap_or(0);
            self.date = self.days.iter().find(|(_, n)| **n == best).map(|(day, _)| *day);
            self.day_number = self.date.map(day_number);
        }
        self.ordinals.extend(vectors.ordinals.iter().cloned());
    }

    fn add_names(
        &mut self,
        names: &[(u32, f32)],
        labels: &[Arc<str>],
        vocabulary: &Vocabulary,
        base: f32,
        keep: usize,
    ) {
        let mut merged = Vec::with_capacity(self.names.len() + names.len());
        let mut old = std::mem::take(&mut self.names).into_iter().peekable();
        for (&(id, count), label) in names.iter().zip(labels) {
            while let Some(name) = old.next_if(|name| name.id < id) {
                merged.push(name);
            }
            match old.next_if(|name| name.id == id) {
                Some(mut name) => {
                    name.count += count;
                    if label.len() > name.label.len() {
                        name.label = Arc::clone(label);
                    }
                    merged.push(name);
                }
                None => {
                    merged.push(NameCount { id, key: Arc::clone(vocabulary.key(id)), label: Arc::clone(label), count })
                }
            }
        }
        merged.extend(old);
        if merged.len() > 2 * keep {
            let ln_df = vocabulary.ln_df();
            let weight = |name: &NameCount| name.count * idf(base, ln_df[name.id as usize]);
            merged.select_nth_unstable_by(keep, |a, b| weight(b).total_cmp(&weight(a)).then(a.id.cmp(&b.id)));
            merged.truncate(keep);
            merged.sort_unstable_by_key(|name| name.id);
        }
        self.names = merged;
    }
}

/// Adds `terms` scaled to unit length into `profile`.
fn add_unit(profile: &mut Sparse, terms: &[(u32, f32)], buffer: &mut Sparse) {
    let length = norm(terms) as f32;
    if length > 0.0 {
        add_scaled(profile, terms, 1.0 / length, buffer);
    }
}

/// Days since 1970-01-01.
pub(crate) fn day_number(day: Day) -> i64 {
    (day - Day::default()).num_days()
}

pub(crate) fn event_id_for(article: &ArticleId) -> EventId {
    EventId(format!("ev-{}", short_hash(article.as_str())))
}
