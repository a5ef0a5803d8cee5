//! The Parallax domain model: documents, articles, extractions, events, stories and reports.
//!
//! Plain data types shared by every stage. This crate does no I/O, reads no clock and
//! depends on nothing but `serde` and `chrono`'s calendar types.

mod article;
mod event;
mod extraction;
mod hash;
mod names;

pub use article::{ArticleId, CleanArticle, DateSource, Diagnostic, InputFormat, RawDoc, RejectReason, Rejection};
pub use event::{
    ArticleView, Conflict, ConflictValue, EntityView, EventId, EventReport, FigureView, HistoryAction, HistoryEntry,
    OutletTerms, QuoteVariant, QuoteView, Statement, Story, StoryId, SummarySentence, Support, TermCount,
    TimelineEntry, WordingRow, WordingSegment,
};
pub use extraction::{
    DateMention, DateResolution, DateSpan, EntityKind, EntityMention, Extraction, Figure, FigureCategory, Ordinal,
    Quote, QuoteKind, SpeakerKind, TextSpan,
};
pub use hash::{fnv1a64, fnv1a64_joined, short_hash};
pub use names::{first_name, person_key, title_of};

/// A calendar day, the only date granularity Parallax reports.
pub type Day = chrono::NaiveDate;
