//! Readers: paths, directories and standard input → [`RawDoc`]s, with a [`Rejection`] for
//! every input that yields no document. Knows file formats (seed text, plain text, HTML,
//! JSON lines, gzip) and text encodings; knows nothing of cleaning or storage.
//!
//! The only crate that reads article inputs from the file system.

mod decode;
mod files;
mod jsonl;

pub use decode::{DecodeError, decode_bytes};
pub use files::{InputFile, SourceKind, list_inputs, read_input, read_stdin};

use parallax_model::{RawDoc, Rejection};

/// Limits of the readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestConfig {
    /// A text or HTML file larger than this (after decompression) is rejected unread.
    pub max_document_bytes: u64,
    /// A JSON line longer than this is rejected; the rest of the file is still read.
    pub max_line_bytes: u64,
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self { max_document_bytes: 32 * 1024 * 1024, max_line_bytes: 32 * 1024 * 1024 }
    }
}

/// Everything one input yielded: documents and the parts that were rejected.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    pub docs: Vec<RawDoc>,
    pub rejections: Vec<Rejection>,
}
