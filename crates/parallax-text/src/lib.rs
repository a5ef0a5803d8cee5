//! Cleaning: turns a [`RawDoc`] into a [`CleanArticle`] (body without page clutter, title,
//! publication date, outlet, language), plus the shared text primitives every later stage
//! uses: sentence splitting, tokens and terms.
//!
//! Pure: no I/O, no clock, no network, no database. Time never enters; dates come from the input.

mod clean;
mod clutter;
mod dateline;
mod dates;
mod header;
mod html;
mod language;
mod outlet;
mod sentences;
mod tokens;

pub use clean::{CleanConfig, clean};
pub use clutter::{LineKind, classify_line};
pub use dateline::{NumericOrder, parse_date_line};
pub use dates::{is_date_line, is_stamped_date_line, month_number, parse_date_text, parse_iso_prefix, weekday};
pub use header::{SeedHeader, parse_seed_header};
pub use outlet::outlet_from_url;
pub use sentences::split_sentences;
pub use tokens::{is_stopword, stem, terms, words};
