//! Clustering throughput on a growing stream: Reuters-21578 stories, cleaned and extracted
//! once, then replayed as perturbed copies (a share of terms swapped for other stories'
//! terms, dates moved by a month per round) so that every copy is a new article, neither a
//! duplicate nor an old event.

use std::time::Instant;

use parallax_cluster::{ArticleFeatures, ClusterConfig, Clusterer, features};
use parallax_model::{ArticleId, InputFormat, RawDoc, fnv1a64};
use parallax_text::CleanConfig;
use serde::Serialize;

use crate::reuters::ReutersDoc;

/// Timing of the clusterer at one size of the stream.
#[derive(Debug, Clone, Serialize)]
pub struct ThroughputStep {
    pub articles: usize,
    pub events: usize,
    /// Articles per second over the last step.
    pub articles_per_second: f64,
    /// Microseconds per article over the last step.
    pub micros_per_article: f64,
}

/// Cleans and extracts the stories once.
pub fn prepare(docs: &[ReutersDoc]) -> Vec<ArticleFeatures> {
    docs.iter()
        .filter_map(|doc| {
            let raw = RawDoc {
                title: Some(doc.title.clone()),
                published: doc.date.map(|d| d.to_string()),
                ..RawDoc::new(&doc.id, &doc.id, InputFormat::Text, doc.body.clone())
            };
            let article = parallax_text::clean(&raw, &CleanConfig::default()).ok()?;
            Some(features(&article, &parallax_extract::extract(&article)))
        })
        .collect()
}

/// The `round`-th perturbed copy of `base` (round 0 is the original).
fn perturbed(base: &ArticleFeatures, donor: &ArticleFeatures, round: usize) -> ArticleFeatures {
    let mut copy = base.clone();
    if round == 0 {
        return copy;
    }
    copy.id = ArticleId(format!("{}#{round}", base.id));
    for (position, term) in copy.terms.iter_mut().enumerate() {
        let h = fnv1a64(format!("{round}:{position}").as_bytes());
        if h.is_multiple_of(4) && !donor.terms.is_empty() {
            *term = donor.terms[(h as usize / 4) % donor.terms.len()].clone();
        }
    }
    copy.shingles = copy.terms.windows(5).map(|w| fnv1a64(w.join(" ").as_bytes())).collect();
    copy.shingles.sort_unstable();
    copy.shingles.dedup();
    copy.event_day = base.event_day.and_then(|d| d.checked_add_days(chrono::Days::new(30 * round as u64)));
    copy
}

/// Streams `total` articles through a fresh clusterer, reporting at each step size.
pub fn run(base: &[ArticleFeatures], total: usize, step: usize, config: &ClusterConfig) -> Vec<ThroughputStep> {
    let mut clusterer = Clusterer::new(config.clone());
    let mut steps = Vec::new();
    let mut done = 0;
    while done < total && !base.is_empty() {
        let batch_end = (done + step).min(total);
        let batch: Vec<ArticleFeatures> = (done..batch_end)
            .map(|i| {
                let round = i / base.len();
                let index = i % base.len();
                perturbed(&base[index], &base[(index * 7 + round + 1) % base.len()], round)
            })
            .collect();
        let start = Instant::now();
        for article in &batch {
            clusterer.add(article);
        }
        let seconds = start.elapsed().as_secs_f64().max(1e-9);
        let n = batch.len() as f64;
        done = batch_end;
        steps.push(ThroughputStep {
            articles: done,
            events: clusterer.events().len(),
            articles_per_second: n / seconds,
            micros_per_article: seconds * 1e6 / n,
        });
    }
    steps
}
