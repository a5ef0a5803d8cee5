//! Inputs as read (`RawDoc`), inputs refused (`Rejection`) and articles as cleaned (`CleanArticle`).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::Day;

/// An article's id: the input file name without extension, the URL, or `file:line` for a
/// JSON line without URL. Shared, not copied, when cloned: an analysis holds each id in
/// several places (events, copies, stream positions), a million articles at a time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub Arc<str>);

impl From<&str> for ArticleId {
    fn from(id: &str) -> Self {
        Self(id.into())
    }
}

impl From<String> for ArticleId {
    fn from(id: String) -> Self {
        Self(id.into())
    }
}

impl ArticleId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How the body of a [`RawDoc`] is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputFormat {
    /// Plain text, possibly starting with the ` date YYYY-MM-DD Title` header.
    Text,
    /// An HTML page.
    Html,
}

/// One document as read from an input, decoded to text, before any cleaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawDoc {
    pub id: ArticleId,
    /// Where it came from, for messages: a path, `path:line` or a URL.
    pub origin: String,
    pub format: InputFormat,
    pub body: String,
    pub url: Option<String>,
    /// Metadata given alongside the body (JSON lines), trusted over what cleaning finds.
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    /// The name of the folder the file was found in, an outlet hint of last resort.
    pub folder: Option<String>,
    /// Notes about how the input was read (for example a non-UTF-8 encoding).
    pub diagnostics: Vec<Diagnostic>,
}

impl RawDoc {
    /// A document with only its id, origin, format and body; no metadata given with it.
    pub fn new(id: &str, origin: &str, format: InputFormat, body: String) -> Self {
        Self {
            id: ArticleId(id.into()),
            origin: origin.to_string(),
            format,
            body,
            url: None,
            title: None,
            published: None,
            outlet: None,
            folder: None,
            diagnostics: Vec::new(),
        }
    }
}

/// A note attached to an input that was accepted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    pub input: String,
    pub message: String,
}

/// An input that produced no article, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Rejection {
    /// The input named as the user gave it: a path, `path:line` or a URL.
    pub input: String,
    pub reason: RejectReason,
}

/// Why an input was rejected. Each reason is a user-facing fact about the input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RejectReason {
    Empty,
    Binary,
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    Unreadable {
        message: String,
    },
    InvalidJson {
        message: String,
    },
    MissingField {
        field: String,
    },
    NoText,
    /// An HTML page with more elements than the parser accepts.
    TooManyElements {
        bytes: u64,
        limit: u64,
    },
    UnsupportedFormat {
        extension: String,
    },
    /// A compressed input that expands to more than the limit (a likely decompression bomb).
    DecompressionLimit {
        limit: u64,
    },
    /// An RSS or Atom feed that is not well-formed XML or not a feed; items read before the
    /// fault are kept.
    InvalidFeed {
        message: String,
    },
    /// A WARC record that is malformed or cut off, at a byte offset of the (decompressed)
    /// file; the records after it are still read.
    InvalidWarc {
        offset: u64,
        message: String,
    },
    /// A stage failed on this input (a bug); the run went on without it.
    Internal {
        stage: String,
    },
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("empty input"),
            Self::Binary => f.write_str("binary data, not text or HTML"),
            Self::TooLarge { bytes, limit } => {
                write!(f, "too large: {bytes} bytes, the limit is {limit}")
            }
            Self::Unreadable { message } => write!(f, "cannot read: {message}"),
            Self::InvalidJson { message } => write!(f, "invalid JSON: {message}"),
            Self::MissingField { field } => write!(f, "missing field `{field}`"),
            Self::NoText => f.write_str("no article text found"),
            Self::TooManyElements { bytes, limit } => {
                write!(f, "too many HTML elements: more than {limit} in a page of {bytes} bytes")
            }
            Self::UnsupportedFormat { extension } => {
                write!(f, "unsupported file type `.{extension}`")
            }
            Self::DecompressionLimit { limit } => {
                write!(f, "decompresses to more than {limit} bytes (a decompression bomb?)")
            }
            Self::InvalidFeed { message } => write!(f, "invalid feed: {message}"),
            Self::InvalidWarc { offset, message } => write!(f, "invalid WARC record at byte {offset}: {message}"),
            Self::Internal { stage } => write!(f, "internal error in the {stage} stage (please report it)"),
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.input, self.reason)
    }
}

/// Where an article's publication date came from, most trusted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// Given with the input (JSON lines field, seed header).
    Given,
    /// Page metadata (JSON-LD, Open Graph, meta tags, `<time>`).
    Metadata,
    /// A date line in the article's byline area.
    Dateline,
    /// A date in the URL path.
    Url,
}

/// An article after cleaning: the text a reader would see, with its metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CleanArticle {
    pub id: ArticleId,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<Day>,
    pub published_source: Option<DateSource>,
    /// The last modification the page states, kept apart from the publication day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<Day>,
    pub language: Option<String>,
    pub authors: Vec<String>,
    /// Body paragraphs, clutter removed, in reading order.
    pub paragraphs: Vec<String>,
    /// Lines removed as clutter, kept for inspection.
    pub removed: Vec<String>,
    /// Fingerprint of the clean text, for idempotent storage.
    pub content_hash: String,
}

impl CleanArticle {
    /// The body as one string, paragraphs separated by blank lines.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}
