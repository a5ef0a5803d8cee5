//! Training both stages from labelled documents the caller has read.
//!
//! What the second stage learns to trust must look like what it will see: so the first
//! stage's labels it trains on come from models that never saw those documents (k-fold
//! jackknife), and the name lists each training document sees are built from the other
//! folds only. The final first stage and the final name list use every document.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::clusters::WordClusters;
use super::features::{TokenInfo, token_infos};
use super::gazetteer::{Gazetteer, GazetteerBuilder};
use super::model::{LocalFeatures, NerModel, stage2_extras};
use super::perceptron::{Averaged, Trainer, TrainingSet};
use super::table::{HashTable, hash_lowercase};
use super::tags::{NerKind, Tag, bilou_from_iob, entity_spans};

/// A tokenised sentence with its IOB2 tags (one per token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabeledSentence {
    pub tokens: Vec<String>,
    pub tags: Vec<Tag>,
}

/// Sentences of one document, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabeledDocument {
    pub sentences: Vec<LabeledSentence>,
}

/// A name from an outside list (person, organisation or location; other kinds are ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedName {
    pub tokens: Vec<String>,
    pub kind: NerKind,
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training sentences for the first stage.
    pub epochs: usize,
    /// Passes for the second stage.
    pub stage2_epochs: usize,
    /// Folds of the jackknife (at least 2).
    pub folds: usize,
    /// Threads training folds at once; the model does not depend on it.
    pub threads: usize,
    /// Seed of the sentence order.
    pub seed: u64,
    /// Feature rows whose largest averaged weight is smaller are dropped from the model.
    pub min_weight: f32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig { epochs: 12, stage2_epochs: 12, folds: 5, threads: 2, seed: 2003, min_weight: 0.05 }
    }
}

/// What training saw and kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainReport {
    pub n_documents: usize,
    pub n_sentences: usize,
    pub n_tokens: usize,
    /// Distinct features seen by each stage.
    pub n_stage1_features_seen: usize,
    pub n_stage2_features_seen: usize,
    /// Entity-level F1 of the first stage on documents its jackknife model did not see.
    pub jackknife_stage1_f1: f64,
}

/// Feature hashes → dense ids.
struct Dictionary {
    ids: HashTable<u32>,
    hashes: Vec<u64>,
}

impl Dictionary {
    fn new() -> Dictionary {
        Dictionary { ids: HashTable::with_capacity(1 << 16), hashes: Vec::new() }
    }

    fn id(&mut self, hash: u64) -> u32 {
        if let Some(id) = self.ids.get(hash) {
            return id;
        }
        let id = self.hashes.len() as u32;
        self.ids.insert(hash, id);
        self.hashes.push(hash);
        id
    }
}

/// Trains a model. `clusters` come from [`super::ClusterCorpus::induce`].
pub fn train(
    documents: &[LabeledDocument],
    clusters: WordClusters,
    lists: &[ListedName],
    config: &TrainConfig,
    progress: &mut dyn FnMut(&str),
) -> (NerModel, TrainReport) {
    let folds = config.folds.max(2);
    let fold_of = |doc: usize| doc % folds;
    // Lowercase hashes and BILOU labels per sentence.
    let prepared: Vec<Vec<(Vec<u64>, Vec<u8>)>> = documents
        .iter()
        .map(|doc| {
            doc.sentences
                .iter()
                .map(|s| {
                    let n = s.tokens.len().min(s.tags.len());
                    let lowers = s.tokens[..n].iter().map(|t| hash_lowercase(t)).collect();
                    (lowers, bilou_from_iob(&s.tags[..n]))
                })
                .collect()
        })
        .collect();
    let gazetteer_without = |fold: Option<usize>| -> Gazetteer {
        let mut builder = GazetteerBuilder::default();
        let included = || prepared.iter().enumerate().filter(|(d, _)| Some(fold_of(*d)) != fold).flat_map(|(_, s)| s);
        for (lowers, labels) in included() {
            builder.add_labelled(lowers, labels);
        }
        for (lowers, _) in included() {
            builder.count_occurrences(lowers);
        }
        for name in lists {
            let list = match name.kind {
                NerKind::Person => 0,
                NerKind::Organization => 1,
                NerKind::Location => 2,
                NerKind::Misc => continue,
            };
            let lowers: Vec<u64> = name.tokens.iter().map(|t| hash_lowercase(t)).collect();
            builder.add_listed(&lowers, list);
        }
        builder.build()
    };
    let fold_gazetteers: Vec<Gazetteer> = (0..folds).map(|f| gazetteer_without(Some(f))).collect();
    let gazetteer = gazetteer_without(None);
    progress(&format!("names: {} in the final list", gazetteer.entries.len()));

    // Token infos (with the names of the other folds) and local features.
    let infos: Vec<Vec<Vec<TokenInfo>>> = documents
        .iter()
        .enumerate()
        .map(|(d, doc)| {
            let n_tokens = |s: &LabeledSentence| s.tokens.len().min(s.tags.len());
            doc.sentences
                .iter()
                .map(|s| token_infos(&s.tokens[..n_tokens(s)], &clusters, &fold_gazetteers[fold_of(d)]))
                .collect()
        })
        .collect();
    let locals: Vec<LocalFeatures> = infos.iter().map(|doc| LocalFeatures::of(doc)).collect();
    let mut dictionary1 = Dictionary::new();
    let mut set1 = TrainingSet::new();
    let mut sentences_of_fold = vec![Vec::new(); folds];
    for (d, (doc, local)) in prepared.iter().zip(&locals).enumerate() {
        let mut k = 0;
        for (_, labels) in doc {
            for &label in labels {
                let ids: Vec<u32> = local.token(k).iter().map(|&h| dictionary1.id(h)).collect();
                set1.push_token(ids, label);
                k += 1;
            }
            sentences_of_fold[fold_of(d)].push(set1.n_sentences());
            set1.end_sentence();
        }
    }
    let n_tokens = set1.labels.len();
    progress(&format!(
        "stage 1: {} documents, {} sentences, {n_tokens} tokens, {} features",
        documents.len(),
        set1.n_sentences(),
        dictionary1.hashes.len()
    ));

    // The jackknife and the final first stage, as tasks over a few threads.
    let n_features1 = dictionary1.hashes.len();
    let all_sentences: Vec<usize> = (0..set1.n_sentences()).collect();
    let task_sentences = |task: usize| -> Vec<usize> {
        if task == folds {
            return all_sentences.clone();
        }
        (0..folds).filter(|&f| f != task).flat_map(|f| sentences_of_fold[f].iter().copied()).collect()
    };
    let results: Vec<Mutex<Option<Averaged>>> = (0..=folds).map(|_| Mutex::new(None)).collect();
    let next_task = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..config.threads.clamp(1, folds + 1) {
            scope.spawn(|| {
                loop {
                    let task = next_task.fetch_add(1, Ordering::SeqCst);
                    if task > folds {
                        break;
                    }
                    let mut trainer = Trainer::new(n_features1);
                    trainer.train(&set1, &task_sentences(task), config.epochs, config.seed);
                    let averaged = trainer.averaged();
                    if let Ok(mut slot) = results[task].lock() {
                        *slot = Some(averaged);
                    }
                }
            });
        }
    });
    let mut averaged: Vec<Averaged> = results.into_iter().filter_map(|slot| slot.into_inner().ok().flatten()).collect();
    let final_stage1 = averaged.pop();
    // Held-out first-stage labels for every training sentence.
    let mut heldout: Vec<Vec<u8>> = vec![Vec::new(); set1.n_sentences()];
    for (fold, model) in averaged.iter().enumerate() {
        for &sentence in &sentences_of_fold[fold] {
            model.predict(&set1, sentence, &mut heldout[sentence]);
        }
    }
    let jackknife_f1 = entity_f1(&set1, &heldout);
    progress(&format!("stage 1: jackknife F1 {jackknife_f1:.4} on held-out folds"));

    // The second stage, on local features plus what the held-out first stage said.
    let mut dictionary2 = Dictionary::new();
    let mut set2 = TrainingSet::new();
    let mut sentence = 0;
    for (doc_infos, local) in infos.iter().zip(&locals) {
        let doc_labels: Vec<Vec<u8>> = heldout[sentence..sentence + doc_infos.len()].to_vec();
        let extras = stage2_extras(doc_infos, &doc_labels);
        let mut k = 0;
        for _ in doc_infos {
            for t in set1.sentence_starts[sentence]..set1.sentence_starts[sentence + 1] {
                let ids: Vec<u32> = local.token(k).iter().chain(extras.token(k)).map(|&h| dictionary2.id(h)).collect();
                set2.push_token(ids, set1.labels[t]);
                k += 1;
            }
            set2.end_sentence();
            sentence += 1;
        }
    }
    progress(&format!("stage 2: {} features", dictionary2.hashes.len()));
    let mut trainer = Trainer::new(dictionary2.hashes.len());
    trainer.train(&set2, &all_sentences, config.stage2_epochs, config.seed.wrapping_add(1));
    let stage2 = trainer.averaged().to_weights(&dictionary2.hashes, config.min_weight);
    let stage1 = match final_stage1 {
        Some(model) => model.to_weights(&dictionary1.hashes, config.min_weight),
        None => Trainer::new(n_features1).averaged().to_weights(&dictionary1.hashes, config.min_weight),
    };
    let report = TrainReport {
        n_documents: documents.len(),
        n_sentences: set1.n_sentences(),
        n_tokens,
        n_stage1_features_seen: dictionary1.hashes.len(),
        n_stage2_features_seen: dictionary2.hashes.len(),
        jackknife_stage1_f1: jackknife_f1,
    };
    (NerModel { clusters, gazetteer, stage1, stage2 }, report)
}

fn entity_f1(data: &TrainingSet, predicted: &[Vec<u8>]) -> f64 {
    let (mut gold, mut found) = (Vec::new(), Vec::new());
    for (sentence, labels) in predicted.iter().enumerate() {
        let start = data.sentence_starts[sentence];
        let shift =
            |spans: Vec<(usize, usize, usize)>| spans.into_iter().map(move |(s, e, k)| (start + s, start + e, k));
        gold.extend(shift(entity_spans(&data.labels[start..data.sentence_starts[sentence + 1]])));
        found.extend(shift(entity_spans(labels)));
    }
    let gold_set: std::collections::HashSet<_> = gold.iter().collect();
    let correct = found.iter().filter(|span| gold_set.contains(span)).count() as f64;
    if correct == 0.0 {
        return 0.0;
    }
    let (precision, recall) = (correct / found.len() as f64, correct / gold.len() as f64);
    2.0 * precision * recall / (precision + recall)
}
