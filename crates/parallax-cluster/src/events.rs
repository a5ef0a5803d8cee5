//! Streaming event clustering: each arriving article joins the most similar open event or
//! founds a new one. Candidates come from an inverted index over names and rare terms;
//! similarity mixes TF-IDF cosine with name overlap; clashing dates or ordinals veto a merge.

use std::collections::{BTreeMap, BTreeSet};

use parallax_model::{ArticleId, Day, EventId, Ordinal, short_hash};

use crate::duplicates::DuplicateIndex;
use crate::features::ArticleFeatures;
use crate::split::{SplitConfig, SplitInput, partition};
use crate::vectors::{Sparse, add_normalised, cosine, counts};

/// Keys found in more events than this are not used to find candidates.
const MAX_POSTING: usize = 2_000;
/// At most this many of the latest events are taken from each key's list.
const RECENT_PER_KEY: usize = 64;

/// Settings of the event clusterer.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Minimum combined similarity for an article to join an event.
    pub join_threshold: f64,
    /// Weight of name overlap against term similarity (0 to 1).
    pub name_weight: f64,
    /// Event days further apart than this veto a merge.
    pub max_day_gap: i64,
    /// Shingle containment at which an article is a copy of an earlier one.
    pub duplicate_threshold: f64,
    /// How many of an article's rarest terms are used to find candidate events.
    pub candidate_terms: usize,
    /// When and how events holding two events of the same kind are split.
    pub split: SplitConfig,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        Self {
            join_threshold: 0.12,
            name_weight: 0.3,
            max_day_gap: 2,
            duplicate_threshold: 0.5,
            candidate_terms: 24,
            split: SplitConfig::default(),
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

/// What the clusterer keeps of each article, to rebuild events when it splits them.
#[derive(Debug, Clone)]
struct Record {
    id: ArticleId,
    term_counts: Sparse,
    name_counts: Sparse,
    day: Option<Day>,
    ordinals: Vec<Ordinal>,
    name_labels: Vec<(String, String)>,
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
}

/// An event as the clusterer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventState {
    pub id: EventId,
    pub articles: Vec<ArticleId>,
    members: Vec<usize>,
    term_counts: Sparse,
    name_counts: Sparse,
    days: BTreeMap<Day, usize>,
    ordinals: BTreeSet<Ordinal>,
    pub name_labels: BTreeMap<String, String>,
}

impl EventState {
    /// The most reported day among the articles (the earliest on ties).
    pub fn date(&self) -> Option<Day> {
        let best = self.days.values().copied().max()?;
        self.days.iter().find(|(_, n)| **n == best).map(|(day, _)| *day)
    }

    /// Name keys with their mention counts.
    pub fn name_counts(&self) -> impl Iterator<Item = (&str, f64)> {
        self.name_counts.iter().map(|(k, v)| (k.as_str(), *v))
    }

    fn empty(id: EventId) -> Self {
        Self {
            id,
            articles: Vec::new(),
            members: Vec::new(),
            term_counts: Sparse::new(),
            name_counts: Sparse::new(),
            days: BTreeMap::new(),
            ordinals: BTreeSet::new(),
            name_labels: BTreeMap::new(),
        }
    }

    fn accumulate(&mut self, position: usize, record: &Record) {
        self.articles.push(record.id.clone());
        self.members.push(position);
        add_normalised(&mut self.term_counts, &record.term_counts);
        for (key, value) in &record.name_counts {
            *self.name_counts.entry(key.clone()).or_insert(0.0) += value;
        }
        if let Some(day) = record.day {
            *self.days.entry(day).or_insert(0) += 1;
        }
        self.ordinals.extend(record.ordinals.iter().cloned());
        for (key, label) in &record.name_labels {
            let entry = self.name_labels.entry(key.clone()).or_insert_with(|| label.clone());
            if label.len() > entry.len() {
                *entry = label.clone();
            }
        }
    }
}

fn event_id_for(article: &ArticleId) -> EventId {
    EventId(format!("ev-{}", short_hash(article.as_str())))
}

/// The streaming clusterer. Feed articles in a fixed order with [`Clusterer::add`].
#[derive(Debug)]
pub struct Clusterer {
    config: ClusterConfig,
    document_frequency: BTreeMap<String, u32>,
    n_documents: u32,
    events: Vec<EventState>,
    postings: BTreeMap<String, BTreeSet<usize>>,
    duplicates: DuplicateIndex,
    event_of_article: BTreeMap<ArticleId, usize>,
    records: Vec<Record>,
    splits: Vec<SplitRecord>,
}

impl Clusterer {
    pub fn new(config: ClusterConfig) -> Self {
        let duplicates = DuplicateIndex::new(config.duplicate_threshold);
        Self {
            config,
            document_frequency: BTreeMap::new(),
            n_documents: 0,
            events: Vec::new(),
            postings: BTreeMap::new(),
            duplicates,
            event_of_article: BTreeMap::new(),
            records: Vec::new(),
            splits: Vec::new(),
        }
    }

    /// Every split made so far, in order.
    pub fn splits(&self) -> &[SplitRecord] {
        &self.splits
    }

    pub fn events(&self) -> &[EventState] {
        &self.events
    }

    /// Assigns one article to an event.
    pub fn add(&mut self, article: &ArticleFeatures) -> Assignment {
        let term_counts = counts(&article.terms);
        let name_set: BTreeSet<&String> = article.names.iter().collect();
        for key in term_counts.keys().chain(name_set) {
            *self.document_frequency.entry(key.clone()).or_insert(0) += 1;
        }
        self.n_documents += 1;
        let duplicate_of = self.duplicates.add(&article.id, &article.shingles);
        let name_counts = counts(&article.names);
        let original_event = duplicate_of.as_ref().and_then(|original| self.event_of_article.get(original).copied());
        let (target, score) = match original_event {
            Some(event) => (Some(event), 1.0),
            None => self.best_event(article, &term_counts, &name_counts),
        };
        let founded = target.is_none();
        let index = target.unwrap_or_else(|| {
            self.events.push(EventState::empty(event_id_for(&article.id)));
            self.events.len() - 1
        });
        let index_keys = self.index_keys(article, &term_counts);
        let record = Record {
            id: article.id.clone(),
            term_counts,
            name_counts,
            day: article.event_day,
            ordinals: article.ordinals.clone(),
            name_labels: article.name_labels.clone(),
        };
        let position = self.records.len();
        self.events[index].accumulate(position, &record);
        self.records.push(record);
        for key in index_keys {
            self.postings.entry(key).or_default().insert(index);
        }
        self.event_of_article.insert(article.id.clone(), index);
        // Re-examine an event whenever it has doubled in size since the last look.
        let size = self.events[index].members.len();
        if size >= 2 * self.config.split.min_part && size.is_power_of_two() {
            self.split_event(index);
        }
        let event_id = self.events[self.event_of_article[&article.id]].id.clone();
        Assignment {
            article: article.id.clone(),
            event: event_id,
            duplicate_of,
            founded,
            score: if founded { 0.0 } else { score },
        }
    }

    /// Re-examines every event for a split; call at the end of a batch.
    pub fn refine(&mut self) {
        for index in 0..self.events.len() {
            if self.events[index].members.len() >= 2 * self.config.split.min_part {
                self.split_event(index);
            }
        }
    }

    /// Splits an event that holds several events of the same kind. The part with the founding
    /// article keeps the event's id; every other part becomes an event named after its first
    /// article.
    fn split_event(&mut self, index: usize) {
        let members = self.events[index].members.clone();
        let inputs: Vec<SplitInput<'_>> = members
            .iter()
            .map(|&m| SplitInput { terms: &self.records[m].term_counts, names: &self.records[m].name_counts })
            .collect();
        let parts = partition(&inputs, &self.config.split);
        if parts.len() < 2 {
            return;
        }
        let id = self.events[index].id.clone();
        let mut new_events = Vec::new();
        for part in &parts {
            let positions: Vec<usize> = part.iter().map(|&p| members[p]).collect();
            let keeps_id = positions.contains(&members[0]);
            let target = if keeps_id {
                self.events[index] = EventState::empty(id.clone());
                index
            } else {
                let new_id = event_id_for(&self.records[positions[0]].id);
                new_events.push(new_id.clone());
                self.events.push(EventState::empty(new_id));
                self.events.len() - 1
            };
            for &position in &positions {
                let record = self.records[position].clone();
                let keys: Vec<String> =
                    record.name_counts.keys().cloned().chain(self.rare_terms(&record.term_counts)).collect();
                for key in keys {
                    self.postings.entry(key).or_default().insert(target);
                }
                self.event_of_article.insert(record.id.clone(), target);
                self.events[target].accumulate(position, &record);
            }
        }
        self.splits.push(SplitRecord { event: id, new_events, n_articles: members.len() });
    }

    fn rare_terms(&self, term_counts: &Sparse) -> Vec<String> {
        let mut rare: Vec<(f64, &String)> = term_counts.keys().map(|t| (self.idf(t), t)).collect();
        rare.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        rare.into_iter().take(self.config.candidate_terms).map(|(_, t)| format!("t:{t}")).collect()
    }

    fn idf(&self, term: &str) -> f64 {
        let df = self.document_frequency.get(term).copied().unwrap_or(0);
        (f64::from(self.n_documents + 1) / f64::from(df + 1)).ln() + 1.0
    }

    fn weighted(&self, term_counts: &Sparse) -> Sparse {
        term_counts.iter().map(|(term, count)| (term.clone(), (1.0 + count.ln()).max(0.0) * self.idf(term))).collect()
    }

    /// Names and the rarest terms: the keys under which an article finds candidate events.
    fn index_keys(&self, article: &ArticleFeatures, term_counts: &Sparse) -> Vec<String> {
        let mut keys: Vec<String> = article.names.iter().cloned().collect::<BTreeSet<_>>().into_iter().collect();
        keys.extend(self.rare_terms(term_counts));
        keys
    }

    fn best_event(
        &self,
        article: &ArticleFeatures,
        term_counts: &Sparse,
        name_counts: &Sparse,
    ) -> (Option<usize>, f64) {
        let mut candidates = BTreeSet::new();
        for key in self.index_keys(article, term_counts) {
            // Keys shared by very many events say little; recent events come first.
            if let Some(events) = self.postings.get(&key).filter(|events| events.len() <= MAX_POSTING) {
                candidates.extend(events.iter().rev().take(RECENT_PER_KEY).copied());
            }
        }
        let article_vector = self.weighted(term_counts);
        let mut best: Option<(f64, usize)> = None;
        for index in candidates {
            let event = &self.events[index];
            if self.vetoed(article, event) {
                continue;
            }
            let term_similarity = cosine(&article_vector, &self.weighted_centroid(&event.term_counts));
            let name_similarity = cosine(&self.weighted_plain(name_counts), &self.weighted_plain(&event.name_counts));
            let score = (1.0 - self.config.name_weight) * term_similarity + self.config.name_weight * name_similarity;
            if score >= self.config.join_threshold && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, index));
            }
        }
        match best {
            Some((score, index)) => (Some(index), score),
            None => (None, 0.0),
        }
    }

    /// Counts weighted by inverse document frequency, without log damping.
    fn weighted_plain(&self, counts: &Sparse) -> Sparse {
        counts.iter().map(|(key, value)| (key.clone(), value * self.idf(key))).collect()
    }

    fn weighted_centroid(&self, centroid: &Sparse) -> Sparse {
        centroid.iter().map(|(term, value)| (term.clone(), value * self.idf(term))).collect()
    }

    /// Clashing days or clashing ordinals of the same noun block a merge.
    fn vetoed(&self, article: &ArticleFeatures, event: &EventState) -> bool {
        if let (Some(day), Some(event_day)) = (article.event_day, event.date())
            && (day - event_day).num_days().abs() > self.config.max_day_gap
        {
            return true;
        }
        article
            .ordinals
            .iter()
            .any(|ordinal| event.ordinals.iter().any(|other| other.noun == ordinal.noun && other.rank != ordinal.rank))
    }
}
