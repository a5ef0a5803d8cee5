//! Streaming event clustering: each arriving article joins the most similar open event or
//! founds a new one. Candidates come from an inverted index over names and rare terms;
//! similarity mixes TF-IDF cosine with name overlap; clashing dates or ordinals veto a merge.

use std::collections::{BTreeMap, BTreeSet};

use parallax_model::{ArticleId, Day, EventId, Ordinal, short_hash};

use crate::duplicates::DuplicateIndex;
use crate::features::ArticleFeatures;
use crate::vectors::{Sparse, add_normalised, cosine, counts};

/// Settings of the event clusterer.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Minimum combined similarity for an article to join an event.
    pub join_threshold: f64,
    /// Weight of name overlap against term similarity (0 to 1).
    pub name_weight: f64,
    /// Event days further apart than this veto a merge.
    pub max_day_gap: i64,
    /// Latest years mentioned further apart than this veto a merge.
    pub max_year_gap: i32,
    /// Shingle containment at which an article is a copy of an earlier one.
    pub duplicate_threshold: f64,
    /// How many of an article's rarest terms are used to find candidate events.
    pub candidate_terms: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        Self {
            join_threshold: 0.25,
            name_weight: 0.3,
            max_day_gap: 2,
            max_year_gap: 1,
            duplicate_threshold: 0.5,
            candidate_terms: 24,
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

/// An event as the clusterer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventState {
    pub id: EventId,
    pub articles: Vec<ArticleId>,
    term_counts: Sparse,
    name_counts: Sparse,
    days: BTreeMap<Day, usize>,
    ordinals: BTreeSet<Ordinal>,
    latest_years: BTreeMap<i32, usize>,
    pub name_labels: BTreeMap<String, String>,
}

impl EventState {
    /// The most reported day among the articles (the earliest on ties).
    pub fn date(&self) -> Option<Day> {
        let best = self.days.values().copied().max()?;
        self.days.iter().find(|(_, n)| **n == best).map(|(day, _)| *day)
    }

    /// The most common latest-year of the articles (the later on ties).
    pub fn latest_year(&self) -> Option<i32> {
        let best = self.latest_years.values().copied().max()?;
        self.latest_years.iter().rev().find(|(_, n)| **n == best).map(|(year, _)| *year)
    }

    /// Name keys with their mention counts.
    pub fn name_counts(&self) -> impl Iterator<Item = (&str, f64)> {
        self.name_counts.iter().map(|(k, v)| (k.as_str(), *v))
    }
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
        }
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
            self.events.push(EventState {
                id: EventId(format!("ev-{}", short_hash(article.id.as_str()))),
                articles: Vec::new(),
                term_counts: Sparse::new(),
                name_counts: Sparse::new(),
                days: BTreeMap::new(),
                ordinals: BTreeSet::new(),
                latest_years: BTreeMap::new(),
                name_labels: BTreeMap::new(),
            });
            self.events.len() - 1
        });
        let index_keys = self.index_keys(article, &term_counts);
        let event = &mut self.events[index];
        event.articles.push(article.id.clone());
        add_normalised(&mut event.term_counts, &term_counts);
        for (key, value) in &name_counts {
            *event.name_counts.entry(key.clone()).or_insert(0.0) += value;
        }
        if let Some(day) = article.event_day {
            *event.days.entry(day).or_insert(0) += 1;
        }
        event.ordinals.extend(article.ordinals.iter().cloned());
        if let Some(year) = article.latest_year {
            *event.latest_years.entry(year).or_insert(0) += 1;
        }
        for (key, label) in &article.name_labels {
            let entry = event.name_labels.entry(key.clone()).or_insert_with(|| label.clone());
            if label.len() > entry.len() {
                *entry = label.clone();
            }
        }
        let event_id = event.id.clone();
        for key in index_keys {
            self.postings.entry(key).or_default().insert(index);
        }
        self.event_of_article.insert(article.id.clone(), index);
        Assignment {
            article: article.id.clone(),
            event: event_id,
            duplicate_of,
            founded,
            score: if founded { 0.0 } else { score },
        }
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
        let mut rare: Vec<(f64, &String)> = term_counts.keys().map(|t| (self.idf(t), t)).collect();
        rare.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        keys.extend(rare.into_iter().take(self.config.candidate_terms).map(|(_, t)| format!("t:{t}")));
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
            if let Some(events) = self.postings.get(&key) {
                candidates.extend(events.iter().copied());
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
