//! Builders for the report's unit tests.

use parallax_model::{ArticleId, CleanArticle};

/// An article with an outlet and body paragraphs, nothing else.
pub fn article(id: &str, outlet: Option<&str>, paragraphs: &[&str]) -> CleanArticle {
    CleanArticle {
        id: ArticleId(id.into()),
        title: None,
        subtitle: None,
        outlet: outlet.map(str::to_string),
        url: None,
        published: None,
        published_source: None,
        modified: None,
        language: None,
        authors: Vec::new(),
        paragraphs: paragraphs.iter().map(|p| (*p).to_string()).collect(),
        removed: Vec::new(),
        content_hash: String::new(),
    }
}
