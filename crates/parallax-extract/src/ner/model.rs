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

/// A document's local features, flat, with the range of each token (for training, which
/// goes over them many times).
pub(crate) struct LocalFeatures {
    pub features: Vec<u64>,
    /// Token k of the document (sentences one after another) owns `starts[k]..starts[k + 1]`.
    pub starts: Vec<usize>,
}

impl LocalFeatures {
    pub(crate) fn of(infos: &[Vec<TokenInfo>]) -> LocalFeatures {
        let n_tokens: usize = infos.iter().map(Vec::len).sum();
        let mut flat = LocalFeatures { features: Vec::with_capacity(n_tokens * 48), starts: vec![0] };
        for_each_local(infos, |features| flat.push(features));
        flat
    }

    fn push(&mut self, features: &[u64]) {
        self.features.extend_from_slice(features);
        self.starts.push(self.features.len());
    }

    pub(crate) fn token(&self, k: usize) -> &[u64] {
        &self.features[self.starts[k]..self.starts[k + 1]]
    }
}

/// Calls `f` with the local features of each token of a document, in order, in a buffer
/// reused from token to token.
fn for_each_local(infos: &[Vec<TokenInfo>], mut f: impl FnMut(&[u64])) {
    let contexts = DocumentContexts::new(infos);
    let mut features = Vec::with_capacity(64);
    let mut k = 0;
    for (index, sentence) in infos.iter().enumerate() {
        let context = SentenceContext::of(sentence, index);
        for i in 0..sentence.len() {
            features.clear();
            local_features(sentence, i, context, &mut features);
            contexts.features(&sentence[i], k, &mut features);
            f(&features);
            k += 1;
        }
    }
}

/// Calls `f` with the second stage's extra features of each token, in order: the document is
/// walked so that the history holds only earlier occurrences.
fn for_each_stage2_extra(infos: &[Vec<TokenInfo>], stage1: &[Vec<u8>], mut f: impl FnMut(&[u64])) {
    let memory = DocumentMemory::new(infos, stage1);
    let mut history = History::default();
    let mut features = Vec::with_capacity(32);
    for (sentence, labels) in infos.iter().zip(stage1) {
        for i in 0..sentence.len() {
            features.clear();
            stage2_features(sentence, labels, i, &memory, &history, &mut features);
            f(&features);
        }
        for (token, &label) in sentence.iter().zip(labels) {
            history.record(token, label);
        }
    }
}

/// The second stage's extra features of a document, flat like [`LocalFeatures`].
pub(crate) fn stage2_extras(infos: &[Vec<TokenInfo>], stage1: &[Vec<u8>]) -> LocalFeatures {
    let mut flat = LocalFeatures { features: Vec::new(), starts: vec![0] };
    for_each_stage2_extra(infos, stage1, |features| flat.push(features));
    flat
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

    /// BILOU labels per sentence. Each token's features are scored as they are made and only
    /// the scores are kept, and the first stage decodes each sentence as soon as its scores
    /// are in: memory grows by one score row a token (the second stage's), not by the ~50
    /// features a token has.
    pub(crate) fn label_document<T: AsRef<[S]>, S: AsRef<str>>(&self, sentences: &[T]) -> Vec<Vec<u8>> {
        let infos: Vec<Vec<TokenInfo>> =
            sentences.iter().map(|s| token_infos(s.as_ref(), &self.clusters, &self.gazetteer)).collect();
        let n_tokens: usize = infos.iter().map(Vec::len).sum();
        let mut second: Vec<Scores> = Vec::with_capacity(n_tokens);
        let mut first_labels: Vec<u8> = Vec::with_capacity(n_tokens);
        let mut emissions: Vec<Scores> = Vec::new();
        let mut lengths = infos.iter().map(Vec::len).filter(|&n| n > 0);
        let mut sentence_length = lengths.next().unwrap_or(0);
        let mut labels = Vec::new();
        for_each_local(&infos, |features| {
            emissions.push(self.stage1.score(features));
            second.push(self.stage2.score(features));
            if emissions.len() == sentence_length {
                self.stage1.decode(&emissions, &mut labels);
                first_labels.append(&mut labels);
                emissions.clear();
                sentence_length = lengths.next().unwrap_or(0);
            }
        });
        let mut rest = first_labels.as_slice();
        let stage1: Vec<Vec<u8>> = infos
            .iter()
            .map(|sentence| {
                let (labels, after) = rest.split_at(sentence.len());
                rest = after;
                labels.to_vec()
            })
            .collect();
        let mut k = 0;
        for_each_stage2_extra(&infos, &stage1, |features| {
            for (score, extra) in second[k].iter_mut().zip(self.stage2.score(features)) {
                *score += extra;
            }
            k += 1;
        });
        let mut start = 0;
        infos
            .iter()
            .map(|sentence| {
                let mut labels = Vec::new();
                self.stage2.decode(&second[start..start + sentence.len()], &mut labels);
                start += sentence.len();
                labels
            })
            .collect()
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
