//! Named-entity recognition: a two-stage averaged structured perceptron (Viterbi over BILOU
//! labels) that tags tokens as persons, organisations, locations and other names (the
//! CoNLL-2003 kinds).
//!
//! Features: spelling, lowercase, shape, affixes and word classes in a window of two tokens
//! each side; word clusters and capitalisation statistics induced from unlabelled news;
//! names learned from the training data; and, in the second stage, the first stage's labels
//! for the same word elsewhere in the document (Ratinov & Roth 2009).
//!
//! The model is built into the binary (`models/ner.bin`, trained by `parallax train ner`)
//! and read on first use. Training is here too, on documents the caller has read.

mod clusters;
mod features;
pub(crate) mod format;
mod gazetteer;
mod model;
pub(crate) mod perceptron;
pub(crate) mod table;
mod tags;
mod tokenize;
mod train;

use std::ops::Range;
use std::sync::LazyLock;

use parallax_model::EntityKind;

pub use clusters::{ClusterConfig, ClusterCorpus, WordClusters};
pub use format::{FORMAT_VERSION, ModelError};
pub use model::{ModelSummary, NerModel};
pub use tags::{NerKind, Tag};
pub use tokenize::{NerToken, sentence_ranges, tokenize};
pub use train::{LabeledDocument, LabeledSentence, ListedName, TrainConfig, TrainReport, train};

static EMBEDDED: LazyLock<Result<NerModel, ModelError>> =
    LazyLock::new(|| NerModel::from_bytes(include_bytes!("../../models/ner.bin")));

impl NerModel {
    /// Reads a model written by [`NerModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, ModelError> {
        format::from_bytes(bytes)
    }

    /// The model in the versioned binary format.
    pub fn to_bytes(&self) -> Vec<u8> {
        format::to_bytes(self)
    }
}

/// The model built into this binary.
pub fn embedded_model() -> Result<&'static NerModel, &'static ModelError> {
    EMBEDDED.as_ref()
}

/// Tags one tokenised sentence with the built-in model. Every token is `Outside` if the
/// built-in model is unusable (the tests make sure it is not; see [`embedded_model`]).
pub fn tag(tokens: &[&str]) -> Vec<Tag> {
    match embedded_model() {
        Ok(model) => model.tag_sentence(tokens),
        Err(_) => vec![Tag::Outside; tokens.len()],
    }
}

/// Tags the tokenised sentences of one document with the built-in model.
pub fn tag_document<T: AsRef<[S]>, S: AsRef<str>>(sentences: &[T]) -> Vec<Vec<Tag>> {
    match embedded_model() {
        Ok(model) => model.tag_document(sentences),
        Err(_) => sentences.iter().map(|s| vec![Tag::Outside; s.as_ref().len()]).collect(),
    }
}

/// A name found in running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NerEntity {
    /// Byte range in the text.
    pub span: Range<usize>,
    pub text: String,
    pub kind: NerKind,
}

impl NerEntity {
    /// The product's kind (PER → Person, ORG → Organization, LOC → Place, MISC → Other).
    pub fn entity_kind(&self) -> EntityKind {
        self.kind.entity_kind()
    }
}

/// The names in `text`, one document, with the built-in model.
pub fn entities(text: &str) -> Vec<NerEntity> {
    match embedded_model() {
        Ok(model) => model.entities(text),
        Err(_) => Vec::new(),
    }
}

impl NerModel {
    /// The names in `text`, tokenised and split into sentences here, tagged as one document.
    pub fn entities(&self, text: &str) -> Vec<NerEntity> {
        let tokens = tokenize(text);
        let ranges = sentence_ranges(text, &tokens);
        let sentences: Vec<Vec<&str>> =
            ranges.iter().map(|r| tokens[r.clone()].iter().map(|t| t.text).collect()).collect();
        let tags = self.tag_document(&sentences);
        let mut found = Vec::new();
        for (range, sentence_tags) in ranges.iter().zip(&tags) {
            let sentence_tokens = &tokens[range.clone()];
            let mut i = 0;
            while i < sentence_tags.len() {
                let Some(kind) = sentence_tags[i].kind() else {
                    i += 1;
                    continue;
                };
                let mut end = i + 1;
                while end < sentence_tags.len() && sentence_tags[end] == Tag::Inside(kind) {
                    end += 1;
                }
                let span = sentence_tokens[i].start..sentence_tokens[end - 1].end;
                found.push(NerEntity { text: text[span.clone()].to_string(), span, kind });
                i = end;
            }
        }
        found
    }
}

#[cfg(test)]
mod tests;
