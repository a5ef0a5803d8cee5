//! The trained model and tagging with it: the first stage tags every sentence of a document
//! from local features; the second stage tags it again with the first stage's labels, here
//! and for the same words elsewhere in the document, as extra features.

use super::clusters::WordClusters;
use super::features::{
    DocumentContexts, DocumentMemory, History, SentenceContext, TokenInfo, local_features, stage2_features, token_infos,
};
use super::gazetteer::Gazetteer;
use super::perceptron::{Scores, Weights};
use super::tags::{Tag, iob_from_bilou};

/// A trained tagger: word clusters, names, and the weights of both stages.
#[derive(Debug, Clone)]
pub struct NerModel {
    pub(crate) clusters: WordClusters,
    pub(crate) gazetteer: Gazetteer,
    pub(crate) stage1: Weights,
    pub(crate) stage2: Weights,
}

/// Sizes of a model's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelSummary {
    pub n_cluster_words: usize,
    pub n_cluster_levels: usize,
    pub n_case_words: usize,
    pub n_names: usize,
    pub n_stage1_features: usize,
    pub n_stage2_features: usize,
}

/// A document's local features, flat, with the range of each token.
pub(crate) struct LocalFeatures {
    pub features: Vec<u64>,
    /// Token k of the document (sentences one after another) owns `starts[k]..starts[k + 1]`.
    pub starts: Vec<usize>,
}

impl LocalFeatures {
    pub(crate) fn of(infos: &[Vec<TokenInfo>]) -> LocalFeatures {
        let n_tokens: usize = infos.iter().map(Vec::len).sum();
        let mut features = Vec::with_capacity(n_tokens * 48);
        let mut starts = Vec::with_capacity(n_tokens + 1);
        starts.push(0);
        let contexts = DocumentContexts::new(infos);
        let mut k = 0;
        for (index, sentence) in infos.iter().enumerate() {
            let context = SentenceContext::of(sentence, index);
            for i in 0..sentence.len() {
                local_features(sentence, i, context, &mut features);
                contexts.features(&sentence[i], k, &mut features);
                starts.push(features.len());
                k += 1;
            }
        }
        LocalFeatures { features, starts }
    }

    pub(crate) fn token(&self, k: usize) -> &[u64] {
        &self.features[self.starts[k]..self.starts[k + 1]]
    }
}

/// The second stage's extra features of a document, flat like [`LocalFeatures`]; the
/// document is walked in order so that the history holds only earlier occurrences.
pub(crate) fn stage2_extras(infos: &[Vec<TokenInfo>], stage1: &[Vec<u8>]) -> LocalFeatures {
    let memory = DocumentMemory::new(infos, stage1);
    let mut history = History::default();
    let mut features = Vec::new();
    let mut starts = vec![0];
    for (sentence, labels) in infos.iter().zip(stage1) {
        for i in 0..sentence.len() {
            stage2_features(sentence, labels, i, &memory, &history, &mut features);
            starts.push(features.len());
        }
        for (token, &label) in sentence.iter().zip(labels) {
            history.record(token, label);
        }
    }
    LocalFeatures { features, starts }
}

impl NerModel {
    /// Tags a document given as tokenised sentences; the sentences of one document share
    /// what the tagger learns about their words.
    pub fn tag_document<T: AsRef<[S]>, S: AsRef<str>>(&self, sentences: &[T]) -> Vec<Vec<Tag>> {
        self.label_document(sentences).iter().map(|labels| iob_from_bilou(labels)).collect()
    }

    /// Tags one sentence as a document of its own.
    pub fn tag_sentence<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<Tag> {
        self.tag_document(&[tokens]).pop().unwrap_or_default()
    }

    /// BILOU labels per sentence.
    pub(crate) fn label_document<T: AsRef<[S]>, S: AsRef<str>>(&self, sentences: &[T]) -> Vec<Vec<u8>> {
        let infos: Vec<Vec<TokenInfo>> =
            sentences.iter().map(|s| token_infos(s.as_ref(), &self.clusters, &self.gazetteer)).collect();
        let local = LocalFeatures::of(&infos);
        let mut emissions: Vec<Scores> = Vec::new();
        let mut stage1 = Vec::with_capacity(infos.len());
        let mut k = 0;
        for sentence in &infos {
            emissions.clear();
            for _ in 0..sentence.len() {
                emissions.push(self.stage1.score(local.token(k)));
                k += 1;
            }
            let mut labels = Vec::new();
            self.stage1.decode(&emissions, &mut labels);
            stage1.push(labels);
        }
        let extras = stage2_extras(&infos, &stage1);
        let mut stage2 = Vec::with_capacity(infos.len());
        let mut k = 0;
        for sentence in &infos {
            emissions.clear();
            for _ in 0..sentence.len() {
                let mut scores = self.stage2.score(local.token(k));
                for (score, extra) in scores.iter_mut().zip(self.stage2.score(extras.token(k))) {
                    *score += extra;
                }
                emissions.push(scores);
                k += 1;
            }
            let mut labels = Vec::new();
            self.stage2.decode(&emissions, &mut labels);
            stage2.push(labels);
        }
        stage2
    }

    /// The word clusters, to train another model with.
    pub fn clusters(&self) -> &WordClusters {
        &self.clusters
    }

    pub fn summary(&self) -> ModelSummary {
        ModelSummary {
            n_cluster_words: self.clusters.n_words(),
            n_cluster_levels: self.clusters.n_levels(),
            n_case_words: self.clusters.case.len(),
            n_names: self.gazetteer.entries.len(),
            n_stage1_features: self.stage1.rows.len(),
            n_stage2_features: self.stage2.rows.len(),
        }
    }
}
