//! Clustering throughput on a growing stream: Reuters-21578 stories, cleaned and extracted
//! once, then replayed as perturbed copies (a share of terms swapped for other stories'
//! terms, dates moved by a month per round) so that every copy is a new article, neither a
//! duplicate nor an old event.

use std::time::Instant;

use parallax_cluster::{ArticleFeatures, ClusterConfig, Clusterer, features};
use parallax_model::{ArticleId, CleanArticle, Extraction, InputFormat, RawDoc, fnv1a64, fnv1a64_joined};
use parallax_text::CleanConfig;
use serde::Serialize;

use crate::reuters::ReutersDoc;

/// Timing of the clusterer at one size of the stream.
#[derive(Debug, Clone, Serialize)]
pub struct ThroughputStep {
    pub articles: usize,
    pub events: usize,
    /// Articles per second since the previous step.
    pub articles_per_second: f64,
    /// Microseconds per article since the previous step.
    pub micros_per_article: f64,
    /// The median over runs of `TIMED` articles since the previous step: less swayed by
    /// other work on the machine than the mean.
    pub median_micros_per_article: f64,
}

/// The refinement at the end of the stream, as a batch ends (splits, reassignment,
/// fragment merges, regrouping).
#[derive(Debug, Clone, Serialize)]
pub struct RefineStep {
    pub seconds: f64,
    /// Events after it.
    pub events: usize,
    /// Articles it moved from one event to another.
    pub moves: usize,
}

/// The stories ready for the clusterer, and what building their features cost.
pub struct Prepared {
    /// One per story that cleaning kept, in input order.
    pub features: Vec<ArticleFeatures>,
    /// Microseconds per story of building its features from the extracted article (terms,
    /// names, dates, shingles), on one thread: the part of the clustering stage that
    /// [`run`] does not time.
    pub features_micros_per_article: f64,
}

/// Cleans and extracts the stories once, on every core, then builds their features on one
/// thread, timed; the result is in input order.
pub fn prepare(docs: &[ReutersDoc]) -> Prepared {
    let n_threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = docs.len().div_ceil(n_threads).max(1);
    let extracted: Vec<(CleanArticle, Extraction)> = std::thread::scope(|scope| {
        let workers: Vec<_> = docs
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().filter_map(prepare_one).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    let clock = Instant::now();
    let features: Vec<ArticleFeatures> =
        extracted.iter().map(|(article, extraction)| features(article, extraction)).collect();
    let seconds = clock.elapsed().as_secs_f64();
    let features_micros_per_article = seconds * 1e6 / features.len().max(1) as f64;
    Prepared { features, features_micros_per_article }
}

fn prepare_one(doc: &ReutersDoc) -> Option<(CleanArticle, Extraction)> {
    let raw = RawDoc {
        title: Some(doc.title.clone()),
        published: doc.date.map(|d| d.to_string()),
        ..RawDoc::new(&doc.id, &doc.id, InputFormat::Text, doc.body.clone())
    };
    let article = parallax_text::clean(&raw, &CleanConfig::default()).ok()?;
    let extraction = parallax_extract::extract(&article);
    Some((article, extraction))
}

/// The `round`-th perturbed copy of `base` (round 0 is the original).
fn perturbed(base: &ArticleFeatures, donor: &ArticleFeatures, round: usize) -> ArticleFeatures {
    let mut copy = base.clone();
    if round == 0 {
        return copy;
    }
    copy.id = ArticleId(format!("{}#{round}", base.id).into());
    for (position, term) in copy.terms.iter_mut().enumerate() {
        let h = fnv1a64(format!("{round}:{position}").as_bytes());
        if h.is_multiple_of(4) && !donor.terms.is_empty() {
            *term = donor.terms[(h as usize / 4) % donor.terms.len()].clone();
        }
    }
    copy.shingles = copy.terms.windows(5).map(fnv1a64_joined).collect();
    copy.shingles.sort_unstable();
    copy.shingles.dedup();
    let shift = chrono::Days::new(30 * round as u64);
    copy.event_day = base.event_day.and_then(|d| d.checked_add_days(shift));
    copy.recalled =
        base.recalled.iter().filter_map(|&(d, length)| Some((d.checked_add_days(shift)?, length))).collect();
    copy
}

/// Articles made at a time between checkpoints, so that the stream is never held in memory
/// whole.
const CHUNK: usize = 5_000;
/// Articles timed at a time.
const TIMED: usize = 500;

/// Streams articles through a fresh clusterer up to the largest of `checkpoints`, calling
/// `on_step` at each checkpoint (in increasing order) with the timing since the previous one,
/// then refines the events once, as the end of a batch does. Only [`Clusterer::add`] and
/// [`Clusterer::refine`] are timed; making the perturbed copies is not.
pub fn run(
    base: &[ArticleFeatures],
    checkpoints: &[usize],
    config: &ClusterConfig,
    mut on_step: impl FnMut(&ThroughputStep),
) -> (Vec<ThroughputStep>, RefineStep) {
    let mut checkpoints: Vec<usize> = checkpoints.iter().copied().filter(|&c| c > 0).collect();
    checkpoints.sort_unstable();
    checkpoints.dedup();
    let mut clusterer = Clusterer::new(config.clone());
    let mut steps = Vec::new();
    let mut done = 0;
    for checkpoint in checkpoints {
        if base.is_empty() {
            break;
        }
        let start = done;
        let mut seconds = 0.0;
        let mut runs: Vec<f64> = Vec::new();
        while done < checkpoint {
            let chunk_end = (done + CHUNK).min(checkpoint);
            let chunk: Vec<ArticleFeatures> = (done..chunk_end)
                .map(|i| {
                    let round = i / base.len();
                    let index = i % base.len();
                    perturbed(&base[index], &base[(index * 7 + round + 1) % base.len()], round)
                })
                .collect();
            for run in chunk.chunks(TIMED) {
                let clock = Instant::now();
                for article in run {
                    clusterer.add(article);
                }
                let elapsed = clock.elapsed().as_secs_f64();
                seconds += elapsed;
                runs.push(elapsed * 1e6 / run.len() as f64);
            }
            done = chunk_end;
        }
        let seconds = f64::max(seconds, 1e-9);
        let n = (done - start) as f64;
        runs.sort_by(f64::total_cmp);
        let step = ThroughputStep {
            articles: done,
            events: clusterer.events().len(),
            articles_per_second: n / seconds,
            micros_per_article: seconds * 1e6 / n,
            median_micros_per_article: runs.get(runs.len() / 2).copied().unwrap_or(0.0),
        };
        on_step(&step);
        steps.push(step);
    }
    let clock = Instant::now();
    clusterer.refine();
    let refine = RefineStep {
        seconds: clock.elapsed().as_secs_f64(),
        events: clusterer.events().len(),
        moves: clusterer.moves().len(),
    };
    (steps, refine)
}
