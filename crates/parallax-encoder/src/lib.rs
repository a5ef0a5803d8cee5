//! A BERT token classifier for words: the WordPiece tokenizer ([`wordpiece`]), the encoder
//! and its head ([`bert`]), and the mapping of word lists to pieces and back. Each word gets
//! the head's log-probabilities at its first piece, as token classifiers are trained. Built
//! from bytes (the caller reads the files): no I/O here.

mod bert;
#[doc(hidden)]
pub mod testing;
pub mod wordpiece;

use bert::Bert;
pub use wordpiece::Vocabulary;

/// Why an encoder could not be built.
#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    #[error("encoder weights: {0}")]
    Weights(String),
    #[error("encoder vocabulary: {0}")]
    Vocabulary(String),
    #[error("the vocabulary has {vocabulary} entries but the weights embed {embedded}")]
    Mismatch { vocabulary: usize, embedded: usize },
}

/// Sequences are cut to this many pieces, special pieces included, as in training.
pub const DEFAULT_WINDOW: usize = 256;

/// A BERT encoder with a per-token head and its vocabulary.
pub struct TokenClassifier {
    bert: Bert,
    vocabulary: Vocabulary,
    /// Pieces per sequence, `[CLS]` and `[SEP]` included.
    window: usize,
    /// Token type 1 marks the pieces of a run of letters and digits opening with a capital
    /// (the tokenizer is uncased; the fine-tuning taught the type embedding the case).
    case_types: bool,
}

impl std::fmt::Debug for TokenClassifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenClassifier")
            .field("labels", &self.bert.labels())
            .field("vocabulary", &self.vocabulary.len())
            .field("window", &self.window)
            .finish()
    }
}

impl TokenClassifier {
    /// Builds the classifier from a safetensors file's bytes, a `vocab.txt`, the number of
    /// attention heads, and whether token types mark capitals (see [`TokenClassifier`]).
    pub fn from_parts(
        weights: &[u8],
        vocabulary: &str,
        heads: usize,
        case_types: bool,
    ) -> Result<TokenClassifier, EncoderError> {
        let bert = Bert::from_safetensors(weights, heads)?;
        let vocabulary = Vocabulary::from_text(vocabulary)?;
        if vocabulary.len() != bert.vocabulary_size() {
            return Err(EncoderError::Mismatch { vocabulary: vocabulary.len(), embedded: bert.vocabulary_size() });
        }
        let window = DEFAULT_WINDOW.min(bert.max_positions());
        if window < 3 {
            return Err(EncoderError::Weights("fewer than 3 positions".into()));
        }
        if case_types && bert.token_types() < 2 {
            return Err(EncoderError::Weights("case types need two token types".into()));
        }
        Ok(TokenClassifier { bert, vocabulary, window, case_types })
    }

    /// How many labels the head scores.
    pub fn labels(&self) -> usize {
        self.bert.labels()
    }

    /// The head's log-probabilities for each word, at its first piece; `None` for a word that
    /// makes no piece (control characters only). Words are read in windows of at most
    /// [`DEFAULT_WINDOW`] pieces, a word never split between two.
    pub fn word_scores(&self, words: &[&str]) -> Vec<Option<Vec<f32>>> {
        let room = self.window - 2;
        let pieces: Vec<Vec<(u32, usize)>> = words
            .iter()
            .map(|w| {
                let mut p = self.vocabulary.cased_pieces(w);
                p.truncate(room);
                p.into_iter().map(|(id, capital)| (id, usize::from(capital && self.case_types))).collect()
            })
            .collect();
        let mut scores = vec![None; words.len()];
        let mut start = 0;
        while start < words.len() {
            let mut end = start;
            let mut used = 0;
            while end < words.len() && used + pieces[end].len() <= room {
                used += pieces[end].len();
                end += 1;
            }
            let mut ids = Vec::with_capacity(used + 2);
            ids.push((self.vocabulary.classify, 0));
            let mut first = Vec::with_capacity(end - start);
            for word in &pieces[start..end] {
                first.push((!word.is_empty()).then_some(ids.len()));
                ids.extend(word);
            }
            ids.push((self.vocabulary.separator, 0));
            let out = self.bert.log_probabilities(&ids);
            for (k, at) in first.into_iter().enumerate() {
                scores[start + k] = at.map(|at| out[at].clone());
            }
            start = end;
        }
        scores
    }
}

#[cfg(test)]
mod tests;
