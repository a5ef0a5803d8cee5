//! Shallow syntax: parts of speech (Penn Treebank tags) and chunks (noun, verb and
//! prepositional phrases …, BIO-labelled), each by a greedy averaged perceptron trained on
//! the POS and chunk columns of CoNLL-2003 (`parallax train syntax`). The quote tagger reads
//! them to see where a noun phrase ends and whether a cue is a verb or a noun.
//!
//! The model is built into the binary (`models/syntax.bin`). Without a usable model every
//! token gets the empty tag, and readers fall back to what they had.

mod classifier;
mod features;
mod format;
mod train;

use std::sync::LazyLock;

pub use train::{SyntaxReport, SyntaxTrainConfig, TaggedSentence, read_columns, train};

use crate::ner::ModelError;
use classifier::Classifier;
use features::{chunk_features, pos_features, words};

/// The two taggers and the names of their labels.
#[derive(Debug, Clone)]
pub struct SyntaxModel {
    pub(crate) pos_names: Vec<String>,
    pub(crate) chunk_names: Vec<String>,
    pub(crate) pos: Classifier,
    pub(crate) chunk: Classifier,
}

/// The tags of one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tags<'m> {
    /// Part of speech ("NNP", "VBD", …).
    pub pos: &'m str,
    /// Chunk label ("B-NP", "I-VP", "O", …).
    pub chunk: &'m str,
}

static EMBEDDED: LazyLock<Result<SyntaxModel, ModelError>> =
    LazyLock::new(|| SyntaxModel::from_bytes(include_bytes!("../../models/syntax.bin")));

/// The model built into this binary.
pub fn embedded_model() -> Result<&'static SyntaxModel, &'static ModelError> {
    EMBEDDED.as_ref()
}

/// Tags one sentence with the built-in model; empty tags if it is unusable.
pub fn tag<S: AsRef<str>>(tokens: &[S]) -> Vec<Tags<'static>> {
    match embedded_model() {
        Ok(model) => model.tag(tokens),
        Err(_) => vec![Tags { pos: "", chunk: "" }; tokens.len()],
    }
}

impl SyntaxModel {
    /// Reads a model written by [`SyntaxModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<SyntaxModel, ModelError> {
        format::from_bytes(bytes)
    }

    /// The model in its versioned binary format.
    pub fn to_bytes(&self) -> Vec<u8> {
        format::to_bytes(self)
    }

    /// Parts of speech and chunk labels of one tokenised sentence.
    pub fn tag<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<Tags<'_>> {
        let words = words(tokens);
        let mut features = Vec::with_capacity(32);
        let mut scores = Vec::new();
        let mut pos: Vec<u8> = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            pos_features(&words, i, &pos, &mut features);
            pos.push(self.pos.best(&features, &mut scores));
        }
        let mut chunks: Vec<u8> = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            chunk_features(&words, &pos, i, &chunks, &mut features);
            let mut label = self.chunk.best(&features, &mut scores);
            // An inside label needs a chunk of its kind before it: otherwise it opens one.
            let name = self.chunk_name(label);
            if let Some(kind) = name.strip_prefix("I-")
                && chunks.last().is_none_or(|&before| self.chunk_name(before).get(2..) != Some(kind))
                && let Some(begin) =
                    self.chunk_names.iter().position(|n| n.starts_with("B-") && n.get(2..) == Some(kind))
            {
                label = begin as u8;
            }
            chunks.push(label);
        }
        pos.into_iter().zip(chunks).map(|(p, c)| Tags { pos: self.pos_name(p), chunk: self.chunk_name(c) }).collect()
    }

    fn pos_name(&self, label: u8) -> &str {
        self.pos_names.get(usize::from(label)).map_or("", String::as_str)
    }

    fn chunk_name(&self, label: u8) -> &str {
        self.chunk_names.get(usize::from(label)).map_or("O", String::as_str)
    }

    /// Features kept by each tagger.
    pub fn n_features(&self) -> (usize, usize) {
        (self.pos.n_rows(), self.chunk.n_rows())
    }
}

#[cfg(test)]
mod tests;
