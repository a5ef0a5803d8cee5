//! `parallax eval events`: cluster ECB+ documents as one stream, with no number of clusters
//! given, and score the result against the gold events.

use std::collections::BTreeMap;
use std::time::Instant;

use parallax_cluster::{ArticleFeatures, ClusterConfig, Clusterer, features};
use parallax_model::{InputFormat, RawDoc, fnv1a64};
use parallax_text::CleanConfig;
use serde::Serialize;

use crate::clustering::{ClusterScores, score};
use crate::ecbplus::EcbDocument;

/// The result of an event-clustering evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct EventEvaluation {
    pub overall: ClusterScores,
    pub per_topic: Vec<TopicScore>,
    /// Documents that cleaning rejected (scored as singletons).
    pub rejected: Vec<String>,
    /// Document name → predicted event id, for error analysis.
    pub assignments: BTreeMap<String, String>,
    /// Document name → the event day its text gave it (absent where it has none), for error
    /// analysis.
    pub event_days: BTreeMap<String, String>,
    /// Wall-clock seconds of cleaning and extracting every document (one thread).
    pub extract_seconds: f64,
    /// Wall-clock seconds of clustering the extracted documents: their features (terms, names,
    /// dates), the stream, and the refinement (one thread).
    pub cluster_seconds: f64,
    /// B-cubed F1 over every stream order clustered, the first being the order scored above
    /// (see [`evaluate_events`]).
    pub orders: Vec<f64>,
    /// About the best a clusterer that honours the day veto could score with the days these articles have:
    /// the gold events cut where the veto cuts them (see [`day_veto_labels`]).
    pub day_veto_ceiling: ClusterScores,
    /// Where the B-cubed precision goes (see [`Lumping`]).
    pub lumping: Lumping,
}

/// Where B-cubed precision is lost, and what precision alone could win back.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Lumping {
    /// The precision lost on articles without an event day (each article's share of its
    /// predicted event that belongs to other gold events, summed over these articles and
    /// divided by all articles): no day veto can keep them from a same-kind event of
    /// another day.
    pub lost_undated: f64,
    /// The precision lost on dated articles (likewise).
    pub lost_dated: f64,
    /// The predicted events cut along the gold events (precision 1, recall as it is): the
    /// most better separation alone could reach.
    pub separated: ClusterScores,
}

/// Splits the precision `predicted` loses against `gold` between undated and dated articles
/// (`dated[i]`), and scores `predicted` cut along the gold events.
pub fn lumping(gold: &[&str], predicted: &[&str], dated: &[bool]) -> Lumping {
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut joint: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (&g, &p) in gold.iter().zip(predicted) {
        *sizes.entry(p).or_insert(0) += 1;
        *joint.entry((g, p)).or_insert(0) += 1;
    }
    let n = gold.len().max(1) as f64;
    let (mut lost_undated, mut lost_dated) = (0.0, 0.0);
    for i in 0..gold.len() {
        let lost = 1.0 - joint[&(gold[i], predicted[i])] as f64 / sizes[predicted[i]] as f64;
        if dated[i] {
            lost_dated += lost / n;
        } else {
            lost_undated += lost / n;
        }
    }
    let separated: Vec<String> = gold.iter().zip(predicted).map(|(g, p)| format!("{p}\u{1f}{g}")).collect();
    let separated: Vec<&str> = separated.iter().map(String::as_str).collect();
    Lumping { lost_undated, lost_dated, separated: score(gold, &separated) }
}

impl EventEvaluation {
    /// Mean, least and greatest B-cubed F1 over the stream orders.
    pub fn order_spread(&self) -> (f64, f64, f64) {
        let n = self.orders.len().max(1) as f64;
        let mean = self.orders.iter().sum::<f64>() / n;
        let min = self.orders.iter().copied().fold(f64::INFINITY, f64::min);
        let max = self.orders.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (mean, min, max)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicScore {
    pub topic: u32,
    pub scores: ClusterScores,
    /// B-cubed F1 of the topic's gold events cut where the day veto cuts them (see
    /// [`day_veto_labels`]): what of the topic's loss the veto alone explains.
    pub ceiling_f1: f64,
}

/// The position of a document in stream order `order`: order 0 hashes the name alone (the
/// order every published figure was measured on), order `k` hashes `k` with it.
fn order_key(order: usize, name: &str) -> (u64, String) {
    let hash = if order == 0 { fnv1a64(name.as_bytes()) } else { fnv1a64(format!("{order}:{name}").as_bytes()) };
    (hash, name.to_string())
}

/// Clusters the documents as one stream in a fixed pseudo-random order (so topics
/// interleave as news does) and scores the clustering. Where `orders` is more than one, the
/// same documents are streamed again in `orders - 1` other fixed orders, and the B-cubed F1
/// of each is reported too: a streaming clusterer's result depends on the order articles
/// come in, and one order's score is one draw.
pub fn evaluate_events(documents: &[EcbDocument], config: &ClusterConfig, orders: usize) -> EventEvaluation {
    let mut order: Vec<&EcbDocument> = documents.iter().collect();
    order.sort_by_cached_key(|d| order_key(0, &d.name));
    let mut predicted: BTreeMap<String, String> = BTreeMap::new();
    let mut rejected = Vec::new();
    let started = Instant::now();
    let mut extracted = Vec::new();
    for document in order {
        let mut raw = RawDoc::new(&document.name, &document.name, InputFormat::Text, document.paragraphs.join("\n"));
        raw.url.clone_from(&document.url);
        match parallax_text::clean(&raw, &CleanConfig::default()) {
            Ok(article) => {
                let extraction = parallax_extract::extract(&article);
                extracted.push((document, article, extraction));
            }
            Err(_) => {
                rejected.push(document.name.clone());
                predicted.insert(document.name.clone(), format!("rejected:{}", document.name));
            }
        }
    }
    let extract_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let all_features: Vec<(&str, ArticleFeatures)> = extracted
        .iter()
        .map(|(document, article, extraction)| (document.name.as_str(), features(article, extraction)))
        .collect();
    predicted.extend(cluster(all_features.iter().map(|(_, f)| f), config));
    let cluster_seconds = started.elapsed().as_secs_f64();
    let gold: Vec<&str> = documents.iter().map(|d| d.gold_event.as_str()).collect();
    let by_name: BTreeMap<&str, &ArticleFeatures> = all_features.iter().map(|(n, f)| (*n, f)).collect();
    let ceiling_labels = {
        let dated: Vec<Option<Dated>> = documents
            .iter()
            .map(|d| {
                by_name.get(d.name.as_str()).map(|f| Dated {
                    day: f.event_day.map(day_number),
                    recalled: f
                        .recalled
                        .iter()
                        .map(|&(first, length)| (day_number(first), day_number(first) + i64::from(length)))
                        .collect(),
                })
            })
            .collect();
        day_veto_labels(&gold, &dated, config.max_day_gap)
    };
    let ceiling_labels: Vec<&str> = ceiling_labels.iter().map(String::as_str).collect();
    let mut order_scores =
        vec![score(&gold, &documents.iter().map(|d| predicted[&d.name].as_str()).collect::<Vec<_>>())];
    for order in 1..orders {
        let mut shuffled: Vec<&(&str, ArticleFeatures)> = all_features.iter().collect();
        shuffled.sort_by_cached_key(|(name, _)| order_key(order, name));
        let mut labels = predicted.clone();
        labels.extend(cluster(shuffled.into_iter().map(|(_, f)| f), config));
        let labels: Vec<&str> = documents.iter().map(|d| labels[&d.name].as_str()).collect();
        order_scores.push(score(&gold, &labels));
    }
    let labels: Vec<&str> = documents.iter().map(|d| predicted[&d.name].as_str()).collect();
    let dated: Vec<bool> =
        documents.iter().map(|d| by_name.get(d.name.as_str()).is_some_and(|f| f.event_day.is_some())).collect();
    let mut topics: Vec<u32> = documents.iter().map(|d| d.topic).collect();
    topics.dedup();
    let per_topic = topics
        .into_iter()
        .map(|topic| {
            let indices: Vec<usize> = (0..documents.len()).filter(|&i| documents[i].topic == topic).collect();
            let gold: Vec<&str> = indices.iter().map(|&i| gold[i]).collect();
            let labels: Vec<&str> = indices.iter().map(|&i| labels[i]).collect();
            let ceiling: Vec<&str> = indices.iter().map(|&i| ceiling_labels[i]).collect();
            TopicScore { topic, scores: score(&gold, &labels), ceiling_f1: score(&gold, &ceiling).bcubed_f1 }
        })
        .collect();
    let lumping = lumping(&gold, &labels, &dated);
    let event_days = all_features
        .iter()
        .filter_map(|(name, f)| f.event_day.map(|day| ((*name).to_string(), day.to_string())))
        .collect();
    EventEvaluation {
        overall: score(&gold, &labels),
        per_topic,
        rejected,
        assignments: predicted,
        event_days,
        extract_seconds,
        cluster_seconds,
        orders: order_scores.iter().map(|s| s.bcubed_f1).collect(),
        day_veto_ceiling: score(&gold, &ceiling_labels),
        lumping,
    }
}

/// What the day veto sees of one article: its event day and the days it names, as day numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dated {
    pub day: Option<i64>,
    /// (first, last) of each day or span the article names.
    pub recalled: Vec<(i64, i64)>,
}

fn day_number(day: parallax_model::Day) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&day))
}

/// The gold events themselves, each cut where a clusterer that honours the day veto must cut
/// it, as one label per article: scored, about the ceiling of any such clusterer on these
/// articles. Within a gold event, two dated articles may share an event where their days are
/// at most `max_day_gap` apart or one names the other's day, give or take one (the veto's
/// exception for follow-ups), and so may articles linked through a chain of such pairs (an
/// event's day follows its articles); each group so linked is a part, and undated articles
/// join the largest. An article cleaning rejected (`None`) stays alone, as in the evaluation.
/// ECB+'s gold events join a happening with developments weeks to years later, which the veto
/// keeps apart.
pub fn day_veto_labels(gold: &[&str], dated: &[Option<Dated>], max_day_gap: i64) -> Vec<String> {
    let mut labels: Vec<String> = (0..gold.len()).map(|i| format!("rejected:{i}")).collect();
    let mut events: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in gold.iter().enumerate() {
        if dated[i].is_some() {
            events.entry(g).or_default().push(i);
        }
    }
    let names = |article: &Dated, day: i64| article.recalled.iter().any(|&(a, b)| a - 1 <= day && day <= b + 1);
    for (event, members) in events {
        let article = |i: usize| dated[i].as_ref().expect("only kept articles are members");
        let days: Vec<(usize, i64)> = members.iter().filter_map(|&i| article(i).day.map(|day| (i, day))).collect();
        // Connected groups by repeated relabelling to the smallest linked position: a gold
        // event holds tens of articles.
        let mut group: Vec<usize> = (0..days.len()).collect();
        let mut changed = true;
        while changed {
            changed = false;
            for a in 0..days.len() {
                for b in 0..days.len() {
                    let ((i, x), (j, y)) = (days[a], days[b]);
                    let linked = (x - y).abs() <= max_day_gap || names(article(i), y) || names(article(j), x);
                    if linked && group[b] < group[a] {
                        group[a] = group[b];
                        changed = true;
                    }
                }
            }
        }
        let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
        group.iter().for_each(|&g| *sizes.entry(g).or_insert(0) += 1);
        let largest = sizes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map_or(0, |(&g, _)| g);
        for (a, &(i, _)) in days.iter().enumerate() {
            labels[i] = format!("{event}/{}", group[a]);
        }
        for &i in members.iter().filter(|&&i| article(i).day.is_none()) {
            labels[i] = format!("{event}/{largest}");
        }
    }
    labels
}

/// Streams the articles through a fresh clusterer in the order given, refines, and returns
/// each article's event id.
pub(crate) fn cluster<'a>(
    articles: impl IntoIterator<Item = &'a ArticleFeatures>,
    config: &ClusterConfig,
) -> Vec<(String, String)> {
    let mut clusterer = Clusterer::new(config.clone());
    for features in articles {
        clusterer.add(features);
    }
    clusterer.refine();
    clusterer
        .events()
        .iter()
        .flat_map(|event| event.articles.iter().map(|article| (article.0.to_string(), event.id.0.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lumping_splits_the_lost_precision_by_dating_and_scores_the_clusters_cut_along_gold() {
        // One predicted event holds two articles of gold event a (one dated) and one of b
        // (undated); b's other article is alone.
        let gold = ["a", "a", "b", "b"];
        let predicted = ["x", "x", "x", "y"];
        let lumping = lumping(&gold, &predicted, &[true, false, false, true]);
        // The a articles each lose 1/3 of their event, the b article in x loses 2/3.
        assert!((lumping.lost_dated - 1.0 / 12.0).abs() < 1e-12);
        assert!((lumping.lost_undated - (1.0 / 12.0 + 2.0 / 12.0)).abs() < 1e-12);
        let separated = lumping.separated;
        assert_eq!(separated.bcubed_precision, 1.0);
        assert_eq!(separated.n_predicted, 3, "x cut in two, y kept");
        assert_eq!(separated.bcubed_recall, 0.75, "the b articles stay apart, as they were");
        assert_eq!(separated.bcubed_recall, score(&gold, &predicted).bcubed_recall, "cutting loses no recall");
    }

    /// Synthetic reports of two events of one topic: a ferry fire and a bridge reopening.
    fn documents() -> Vec<EcbDocument> {
        let fire = [
            "A fire broke out on the harbour ferry Marlin near Kessport on Monday, and all forty passengers were taken off.",
            "The ferry Marlin caught fire off Kessport on Monday; coastguard boats took its forty passengers ashore.",
            "Forty passengers left the burning ferry Marlin near Kessport on Monday as the coastguard fought the fire.",
        ];
        let bridge = [
            "The Tollan river bridge reopened to traffic on Thursday after two months of repairs, the mayor said.",
            "After two months of repairs the Tollan bridge over the river carries traffic again since Thursday.",
            "Traffic crossed the repaired Tollan river bridge on Thursday for the first time in two months.",
        ];
        let make = |kind: &str, texts: [&str; 3]| {
            texts
                .into_iter()
                .enumerate()
                .map(|(i, text)| EcbDocument {
                    name: format!("1_{i}{kind}"),
                    topic: 1,
                    gold_event: format!("1{kind}"),
                    paragraphs: vec![text.to_string()],
                    url: None,
                })
                .collect::<Vec<_>>()
        };
        let mut all = make("ecb", fire);
        all.extend(make("ecbplus", bridge));
        all
    }

    #[test]
    fn every_order_is_scored_and_the_first_is_the_one_reported() {
        let documents = documents();
        let config = ClusterConfig::default();
        let evaluation = evaluate_events(&documents, &config, 3);
        assert_eq!(evaluation.orders.len(), 3);
        assert_eq!(evaluation.orders, [1.0; 3], "two unlike events apart in every order: {:?}", evaluation.assignments);
        assert_eq!(evaluation.orders[0], evaluation.overall.bcubed_f1);
        let (mean, least, greatest) = evaluation.order_spread();
        assert!(least <= mean && mean <= greatest, "{:?}", evaluation.orders);
        assert_eq!(evaluate_events(&documents, &config, 1).overall.bcubed_f1, evaluation.overall.bcubed_f1);
        let again = evaluate_events(&documents, &config, 3);
        assert_eq!(again.orders, evaluation.orders, "deterministic");
        assert_eq!(again.assignments, evaluation.assignments);
        assert_eq!(evaluation.day_veto_ceiling.bcubed_f1, 1.0, "undated gold events are never cut");
        assert!(evaluation.per_topic.iter().all(|topic| topic.ceiling_f1 == 1.0));
    }

    fn day_veto_ceiling(gold: &[&str], dated: &[Option<Dated>], max_day_gap: i64) -> ClusterScores {
        let labels = day_veto_labels(gold, dated, max_day_gap);
        score(gold, &labels.iter().map(String::as_str).collect::<Vec<_>>())
    }

    #[test]
    fn the_ceiling_cuts_gold_events_where_the_veto_does() {
        let day = |day: i64| Some(Dated { day: Some(day), recalled: Vec::new() });
        let gold = ["a", "a", "a", "a", "b", "b"];
        // One gold event over three days, undated reports, and a second event: no cut.
        let close = [day(100), day(102), Some(Dated::default()), Some(Dated::default()), day(500), day(500)];
        assert_eq!(day_veto_ceiling(&gold, &close, 2).bcubed_f1, 1.0);
        // The gold event's last report is a month later: cut off, and the undated ones go
        // with the larger part.
        let far = [day(100), day(101), Some(Dated::default()), day(130), day(500), day(500)];
        let ceiling = day_veto_ceiling(&gold, &far, 2);
        assert_eq!(ceiling.bcubed_precision, 1.0);
        assert!(ceiling.bcubed_recall < 1.0, "{ceiling:?}");
        assert_eq!(ceiling.n_predicted, 3, "a, its cut-off report, b");
        // A follow-up that names the first day is not cut; a wider gap allows the month.
        let follow_up = Some(Dated { day: Some(130), recalled: vec![(100, 100)] });
        let named = [day(100), day(101), Some(Dated::default()), follow_up, day(500), day(500)];
        assert_eq!(day_veto_ceiling(&gold, &named, 2).bcubed_f1, 1.0);
        assert_eq!(day_veto_ceiling(&gold, &far, 30).bcubed_f1, 1.0);
        // A rejected article stays alone.
        let rejected = [day(100), day(101), None, day(102), day(500), day(500)];
        assert!(day_veto_ceiling(&gold, &rejected, 2).bcubed_recall < 1.0);
    }
}
