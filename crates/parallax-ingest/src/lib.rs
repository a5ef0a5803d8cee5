//! Readers: paths, directories and standard input → [`RawDoc`]s, with a [`Rejection`] for
//! every input that yields no document. Knows file formats (seed text, plain text, HTML,
//! JSON lines, RSS/Atom feeds, WARC, gzip) and text encodings; knows nothing of cleaning or
//! storage.
//!
//! The only crate that reads article inputs from the file system. Streams what can be
//! streamed (JSON lines, feeds, WARC) and bounds what it keeps in memory (`IngestConfig`).

mod decode;
mod feed;
mod files;
mod http;
mod jsonl;
mod limits;
mod sniff;
mod transcode;
mod warc;

pub use decode::{DecodeError, decode_bytes};
pub use files::{InputFile, SourceKind, list_inputs, read_input, read_reader, read_stdin, stream_input};
pub use limits::LimitError;

use std::collections::BTreeMap;

use parallax_model::{RawDoc, RejectReason, Rejection};

/// Limits of the readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestConfig {
    /// A text or HTML file, a feed item or a WARC record larger than this (after
    /// decompression) is rejected.
    pub max_document_bytes: u64,
    /// A JSON line longer than this is rejected; the rest of the file is still read.
    pub max_line_bytes: u64,
    /// A compressed file that is streamed (JSON lines, feeds, WARC) and expands to more than
    /// this is cut off there with a rejection; what was read before it is kept.
    pub max_decompressed_bytes: u64,
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self {
            max_document_bytes: 32 * 1024 * 1024,
            max_line_bytes: 32 * 1024 * 1024,
            max_decompressed_bytes: 4 * 1024 * 1024 * 1024,
        }
    }
}

/// Why a part of an input was passed over without being a document or a rejection: it is
/// well-formed, just not an article. Counted per input in [`ReadOutcome::skipped`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// A WARC record other than `response` (`warcinfo`, `request`, `metadata` …).
    WarcNotResponse,
    /// A WARC `response` record that does not hold an HTTP response (`dns:` and the like).
    WarcNotHttp,
    /// An HTTP response with a status other than 2xx.
    HttpStatus,
    /// An HTTP response whose content type is not HTML.
    NotHtml,
    /// An HTTP response with a content encoding Parallax does not decode (`br`, `zstd` …).
    UnsupportedContentEncoding,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::WarcNotResponse => "WARC record not a response",
            Self::WarcNotHttp => "WARC response not HTTP",
            Self::HttpStatus => "HTTP status not 2xx",
            Self::NotHtml => "HTTP response not HTML",
            Self::UnsupportedContentEncoding => "unsupported HTTP content encoding",
        })
    }
}

/// Everything one input yielded: documents, the parts that were rejected, and counts of
/// the parts skipped as not articles.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    /// Documents, in input order.
    pub docs: Vec<RawDoc>,
    /// Inputs or parts of inputs that yielded no document, in input order.
    pub rejections: Vec<Rejection>,
    /// Records passed over as not articles, counted by reason.
    pub skipped: BTreeMap<SkipReason, u64>,
}

/// Where a reader puts what it finds, as it finds it. A caller can handle a large input in
/// batches through its own sink instead of holding all of it; [`ReadOutcome`] collects
/// everything.
pub trait ReadSink {
    /// A document, in input order.
    fn doc(&mut self, doc: RawDoc);
    /// An input, or part of one, that yielded no document.
    fn reject(&mut self, rejection: Rejection);
    /// A record passed over as not an article.
    fn skip(&mut self, reason: SkipReason);
}

impl ReadSink for ReadOutcome {
    fn doc(&mut self, doc: RawDoc) {
        self.docs.push(doc);
    }

    fn reject(&mut self, rejection: Rejection) {
        self.rejections.push(rejection);
    }

    fn skip(&mut self, reason: SkipReason) {
        *self.skipped.entry(reason).or_insert(0) += 1;
    }
}

/// A shorthand for the readers.
pub(crate) trait RejectInput {
    fn reject_input(&mut self, input: String, reason: RejectReason);
}

impl<S: ReadSink + ?Sized> RejectInput for S {
    fn reject_input(&mut self, input: String, reason: RejectReason) {
        self.reject(Rejection { input, reason });
    }
}
