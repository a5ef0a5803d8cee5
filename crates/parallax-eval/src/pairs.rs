//! `parallax eval pairs`: the event clusterer's similarity on SemEval-2022 Task 8 article
//! pairs, which annotators rated from 1 (the same story) to 4 (unrelated).
//!
//! ECB+ tells apart events of different topics and two events of one topic; these pairs are
//! harder in another way. They were chosen to look alike (the same subject, often the same
//! week), carry no publication dates, and many of them are different stories of one field,
//! as a real stream is. Each pair is scored as the clusterer would: the second article against
//! an event holding only the first, with document frequencies counted over every article of
//! the set (a background, as a long stream gives), vetoes applied. Reported:
//! - **Pearson r** of the similarity with the annotators' mean rating, sign turned so that
//!   higher is better (the task's own measure, on its multilingual official set);
//! - **join decisions** at the clusterer's join threshold: a pair rated at most `same_at`
//!   is one event, and should join; precision, recall and F1 of joining;
//! - the threshold with the best F1 on this split, as a calibration aid.

use std::path::Path;

use parallax_cluster::{ArticleFeatures, Background, ClusterConfig, Clusterer, features};
use parallax_model::{InputFormat, RawDoc};
use parallax_text::CleanConfig;
use serde::{Deserialize, Serialize};

use crate::EvalError;
use crate::quotes::Prf;

/// One rated pair of articles.
#[derive(Debug, Clone, PartialEq)]
pub struct RatedPair {
    pub id: String,
    pub languages: (String, String),
    pub texts: (String, String),
    /// The annotators' mean overall rating: 1 the same story … 4 unrelated.
    pub overall: f64,
}

#[derive(Debug, Deserialize)]
struct Row {
    pair_id: String,
    lang1: String,
    lang2: String,
    text1: String,
    text2: String,
    #[serde(rename = "Overall")]
    overall: f64,
}

/// Reads the pairs of one split (`training_set.csv` or `testing_set.csv` in `dir`) whose two
/// languages are `languages` (for example `("en", "en")`), in file order.
pub fn load(dir: &Path, split: &str, languages: (&str, &str)) -> Result<Vec<RatedPair>, EvalError> {
    let path = dir.join(format!("{split}_set.csv"));
    let shown = path.display().to_string();
    let file =
        std::fs::File::open(&path).map_err(|e| EvalError::Missing { path: shown.clone(), message: e.to_string() })?;
    let mut pairs = Vec::new();
    for (line, row) in csv::Reader::from_reader(file).deserialize::<Row>().enumerate() {
        let row =
            row.map_err(|e| EvalError::Format { path: shown.clone(), message: format!("record {}: {e}", line + 1) })?;
        if (row.lang1.as_str(), row.lang2.as_str()) != languages {
            continue;
        }
        pairs.push(RatedPair {
            id: row.pair_id,
            languages: (row.lang1, row.lang2),
            texts: (row.text1, row.text2),
            overall: row.overall,
        });
    }
    if pairs.is_empty() {
        return Err(EvalError::Format {
            path: shown,
            message: format!("no pairs in languages {}-{}", languages.0, languages.1),
        });
    }
    Ok(pairs)
}

/// The result of scoring the pairs.
#[derive(Debug, Clone, Serialize)]
pub struct PairEvaluation {
    pub n_pairs: usize,
    /// Pairs with an article that cleaning rejected (left out of every score).
    pub rejected: Vec<String>,
    /// Pearson r of the similarity with the mean rating, sign turned (higher is better).
    pub pearson: f64,
    /// The rating at or below which a pair counts as one event.
    pub same_at: f64,
    /// The join threshold the decisions were made at.
    pub join_threshold: f64,
    /// Joining, scored against the pairs rated at most `same_at`.
    pub joins: Prf,
    /// The threshold with the best join F1 on these pairs, and that F1.
    pub best_threshold: f64,
    pub best_f1: f64,
    /// Each pair's id, rating and similarity, for error analysis.
    pub scores: Vec<PairScore>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PairScore {
    pub id: String,
    pub overall: f64,
    pub similarity: f64,
}

/// The article of one side of a pair, cleaned and extracted; `None` where cleaning rejects it.
fn article_features(id: &str, text: &str) -> Option<ArticleFeatures> {
    let raw = RawDoc::new(id, id, InputFormat::Text, text.to_string());
    let article = parallax_text::clean(&raw, &CleanConfig::default()).ok()?;
    let extraction = parallax_extract::extract(&article);
    Some(features(&article, &extraction))
}

/// Scores every pair (see the module documentation).
pub fn evaluate_pairs(pairs: &[RatedPair], config: &ClusterConfig, same_at: f64) -> PairEvaluation {
    let mut rejected = Vec::new();
    let mut sides = Vec::new();
    for pair in pairs {
        let first = article_features(&format!("{}/1", pair.id), &pair.texts.0);
        let second = article_features(&format!("{}/2", pair.id), &pair.texts.1);
        match (first, second) {
            (Some(first), Some(second)) => sides.push((pair, first, second)),
            _ => rejected.push(pair.id.clone()),
        }
    }
    let mut background = Background::default();
    for (_, first, second) in &sides {
        background.count(first);
        background.count(second);
    }
    let scores: Vec<PairScore> = sides
        .iter()
        .map(|(pair, first, second)| {
            let mut clusterer = Clusterer::with_background(config.clone(), background.clone());
            let event = clusterer.add(first).event;
            let similarity =
                clusterer.similarities(second).into_iter().find(|(id, _)| *id == event).map_or(0.0, |(_, s)| s);
            PairScore { id: pair.id.clone(), overall: pair.overall, similarity }
        })
        .collect();
    let similarities: Vec<f64> = scores.iter().map(|s| s.similarity).collect();
    let ratings: Vec<f64> = scores.iter().map(|s| s.overall).collect();
    let same: Vec<bool> = ratings.iter().map(|&r| r <= same_at).collect();
    let joins = join_scores(&similarities, &same, config.join_threshold);
    let (best_threshold, best_f1) = best_threshold(&similarities, &same);
    PairEvaluation {
        n_pairs: pairs.len(),
        rejected,
        pearson: -pearson(&similarities, &ratings),
        same_at,
        join_threshold: config.join_threshold,
        joins,
        best_threshold,
        best_f1,
        scores,
    }
}

/// Precision, recall and F1 of joining the pairs whose similarity reaches `threshold`.
fn join_scores(similarities: &[f64], same: &[bool], threshold: f64) -> Prf {
    let joined = similarities.iter().filter(|&&s| s >= threshold).count();
    let right = similarities.iter().zip(same).filter(|&(&s, &same)| same && s >= threshold).count();
    Prf::new(right, joined, same.iter().filter(|&&s| s).count())
}

/// The threshold (one of the similarities) with the best join F1; the lowest on ties.
fn best_threshold(similarities: &[f64], same: &[bool]) -> (f64, f64) {
    let mut candidates: Vec<f64> = similarities.iter().copied().filter(|&s| s > 0.0).collect();
    candidates.sort_by(f64::total_cmp);
    candidates.dedup();
    candidates
        .into_iter()
        .map(|t| (t, join_scores(similarities, same, t).f1))
        .fold((0.0, 0.0), |best, next| if next.1 > best.1 { next } else { best })
}

/// Pearson's correlation coefficient (0 where either side is constant).
pub fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len().min(ys.len()) as f64;
    if n < 2.0 {
        return 0.0;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n;
    let (mx, my) = (mean(xs), mean(ys));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx == 0.0 || syy == 0.0 { 0.0 } else { sxy / (sxx * syy).sqrt() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Synthetic pairs of one field (city news): two pairs report one event each in other
    /// words; two pairs are different events that share the field's vocabulary.
    fn pairs() -> Vec<RatedPair> {
        let pair = |id: &str, first: &str, second: &str, overall: f64| RatedPair {
            id: id.to_string(),
            languages: ("en".into(), "en".into()),
            texts: (first.to_string(), second.to_string()),
            overall,
        };
        vec![
            pair(
                "fire",
                "Ferry fire near Kessport\nA fire broke out on the harbour ferry Marlin near Kessport, and the coastguard took all forty passengers ashore.",
                "Forty rescued from burning Marlin\nCoastguard boats took forty passengers off the ferry Marlin after it caught fire outside Kessport harbour.",
                1.0,
            ),
            pair(
                "bridge",
                "Tollan bridge reopens\nThe Tollan river bridge carries traffic again after two months of repairs, mayor Ilse Varga said.",
                "Traffic returns to Tollan crossing\nMayor Ilse Varga opened the repaired Tollan river bridge to cars after repairs that took two months.",
                1.25,
            ),
            pair(
                "council",
                "Kessport council raises parking fees\nThe Kessport city council voted to raise parking fees in the harbour district by a third.",
                "Tollan library extends hours\nThe public library in Tollan will open on Sundays from next month, the city said.",
                3.75,
            ),
            pair(
                "police",
                "Police close Kessport market\nPolice closed the Kessport fish market after a gas leak was reported by traders.",
                "Tollan school gets new roof\nWorkers began replacing the roof of the Tollan primary school, which leaked all winter.",
                4.0,
            ),
        ]
    }

    #[test]
    fn pairs_reporting_one_event_score_above_pairs_of_one_field() {
        let evaluation = evaluate_pairs(&pairs(), &ClusterConfig::default(), 1.5);
        assert!(evaluation.rejected.is_empty(), "{:?}", evaluation.rejected);
        let similarity =
            |id: &str| evaluation.scores.iter().find(|s| s.id == id).map(|s| s.similarity).expect("every pair scored");
        let same = similarity("fire").min(similarity("bridge"));
        let different = similarity("council").max(similarity("police"));
        assert!(same > different, "same-event pairs {same:.3}, different {different:.3}");
        assert!(evaluation.pearson > 0.5, "{}", evaluation.pearson);
        assert_eq!(evaluation.joins.gold, 2);
        assert_eq!(evaluation.joins.f1, 1.0, "{:?}", evaluation.scores);
        let again = evaluate_pairs(&pairs(), &ClusterConfig::default(), 1.5);
        assert_eq!(again.scores.iter().map(|s| s.similarity).collect::<Vec<_>>(), similarities(&evaluation));
    }

    fn similarities(evaluation: &PairEvaluation) -> Vec<f64> {
        evaluation.scores.iter().map(|s| s.similarity).collect()
    }

    #[test]
    fn the_best_threshold_separates_the_pairs() {
        let similarities = [0.05, 0.5, 0.2, 0.6, 0.3];
        let same = [false, true, false, true, false];
        assert_eq!(best_threshold(&similarities, &same), (0.5, 1.0));
        let at_low = join_scores(&similarities, &same, 0.2);
        assert_eq!((at_low.matched, at_low.predicted, at_low.gold), (2, 4, 2));
    }

    #[test]
    fn pearson_of_straight_lines_and_constants() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-12);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), 0.0);
        assert_eq!(pearson(&[1.0], &[2.0]), 0.0);
    }

    #[test]
    fn loading_keeps_the_languages_asked_for_and_rejects_garbage() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let header =
            "Unnamed: 0,pair_id,lang1,lang2,text1,text2,Geography,Entities,Time,Narrative,Overall,Style,Tone\n";
        let rows =
            "0,1_2,en,en,\"First, with a comma\",Second,1,1,1,1,1.5,1,1\n1,3_4,de,en,Erste,Second,1,1,1,1,4.0,1,1\n";
        std::fs::write(dir.path().join("testing_set.csv"), format!("{header}{rows}")).expect("written");
        let pairs = load(dir.path(), "testing", ("en", "en")).expect("loaded");
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].texts.0, "First, with a comma");
        assert_eq!(pairs[0].overall, 1.5);
        assert!(matches!(load(dir.path(), "testing", ("fr", "fr")), Err(EvalError::Format { .. })));
        assert!(matches!(load(dir.path(), "training", ("en", "en")), Err(EvalError::Missing { .. })));
        std::fs::write(
            dir.path().join("training_set.csv"),
            format!("{header}0,1_2,en,en,a,b,1,1,1,1,not a number,1,1\n"),
        )
        .expect("written");
        assert!(matches!(load(dir.path(), "training", ("en", "en")), Err(EvalError::Format { .. })));
    }
}
