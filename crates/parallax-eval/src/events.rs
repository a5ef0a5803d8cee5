//! `parallax eval events`: cluster ECB+ documents as one stream, with no number of clusters
//! given, and score the result against the gold events.

use std::collections::BTreeMap;
use std::time::Instant;

use parallax_cluster::{ClusterConfig, Clusterer, features};
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
    /// Wall-clock seconds of cleaning and extracting every document (one thread).
    pub extract_seconds: f64,
    /// Wall-clock seconds of clustering the extracted documents: their features (terms, names,
    /// dates), the stream, and the refinement (one thread).
    pub cluster_seconds: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicScore {
    pub topic: u32,
    pub scores: ClusterScores,
}

/// Clusters the documents as one stream in a fixed pseudo-random order (so topics
/// interleave as news does) and scores the clustering.
pub fn evaluate_events(documents: &[EcbDocument], config: &ClusterConfig) -> EventEvaluation {
    let mut order: Vec<&EcbDocument> = documents.iter().collect();
    order.sort_by_key(|d| (fnv1a64(d.name.as_bytes()), d.name.clone()));
    let mut predicted: BTreeMap<String, String> = BTreeMap::new();
    let mut rejected = Vec::new();
    let started = Instant::now();
    let mut extracted = Vec::new();
    for document in order {
        let raw = RawDoc::new(&document.name, &document.name, InputFormat::Text, document.paragraphs.join("\n"));
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
    let mut clusterer = Clusterer::new(config.clone());
    for (document, article, extraction) in &extracted {
        let assignment = clusterer.add(&features(article, extraction));
        predicted.insert(document.name.clone(), assignment.event.0);
    }
    clusterer.refine();
    for event in clusterer.events() {
        for article in &event.articles {
            predicted.insert(article.0.to_string(), event.id.0.clone());
        }
    }
    let cluster_seconds = started.elapsed().as_secs_f64();
    let gold: Vec<&str> = documents.iter().map(|d| d.gold_event.as_str()).collect();
    let labels: Vec<&str> = documents.iter().map(|d| predicted[&d.name].as_str()).collect();
    let mut topics: Vec<u32> = documents.iter().map(|d| d.topic).collect();
    topics.dedup();
    let per_topic = topics
        .into_iter()
        .map(|topic| {
            let indices: Vec<usize> = (0..documents.len()).filter(|&i| documents[i].topic == topic).collect();
            let gold: Vec<&str> = indices.iter().map(|&i| gold[i]).collect();
            let labels: Vec<&str> = indices.iter().map(|&i| labels[i]).collect();
            TopicScore { topic, scores: score(&gold, &labels) }
        })
        .collect();
    EventEvaluation {
        overall: score(&gold, &labels),
        per_topic,
        rejected,
        assignments: predicted,
        extract_seconds,
        cluster_seconds,
    }
}
