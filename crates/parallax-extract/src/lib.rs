//! Extraction: a [`CleanArticle`] → names, quotes with speakers, numeric figures, date
//! expressions and ordinals ([`Extraction`]).
//!
//! Pure: no I/O, no clock; relative dates resolve against the article's publication date.

mod dates;
mod entities;
mod figures;
pub mod ner;
mod ordinals;
pub mod quotes;
pub mod syntax;
mod words;

pub use dates::extract_dates;
pub use entities::{EntityIndex, extract_entities, tagged_spans};
pub use figures::extract_figures;
pub use ordinals::extract_ordinals;
pub use quotes::{extract_quotes, extract_quotes_with};

use parallax_model::{CleanArticle, Extraction};

/// Runs every extractor over one article.
pub fn extract(article: &CleanArticle) -> Extraction {
    let entities = extract_entities(&article.paragraphs);
    let index = EntityIndex::new(&entities);
    let quotes = extract_quotes(&article.paragraphs, &index);
    let figures = extract_figures(&article.paragraphs);
    let dates = extract_dates(&article.paragraphs, article.published);
    let ordinals = extract_ordinals(&article.paragraphs);
    Extraction { entities, quotes, figures, dates, ordinals }
}
