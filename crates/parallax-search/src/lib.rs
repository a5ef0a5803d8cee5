//! Full-text search over articles, behind [`SearchIndex`].
//!
//! The only crate that knows the index library (tantivy). The index is derived data: it can
//! always be rebuilt from the store.

use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, doc};

/// Errors of the search index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("cannot open the search index at {path}: {message}")]
    Open { path: String, message: String },
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// What is indexed of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedArticle {
    pub id: String,
    pub title: String,
    pub text: String,
    pub outlet: String,
    pub published: String,
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub outlet: String,
    pub published: String,
    pub score: f32,
    /// A fragment of the text with matches wrapped in `<b>…</b>` (text HTML-escaped).
    pub snippet_html: String,
}

struct Fields {
    id: Field,
    title: Field,
    text: Field,
    outlet: Field,
    published: Field,
}

/// A tantivy index of articles.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    // English stemming, so "flood" finds "floods" and "flooded".
    let stemmed = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        title: builder.add_text_field("title", stemmed.clone()),
        text: builder.add_text_field("text", stemmed),
        outlet: builder.add_text_field("outlet", STRING | STORED),
        published: builder.add_text_field("published", STRING | STORED),
    };
    (builder.build(), fields)
}

impl SearchIndex {
    /// Opens or creates the index in `dir`.
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        let open_error = |message: String| SearchError::Open { path: dir.display().to_string(), message };
        std::fs::create_dir_all(dir).map_err(|e| open_error(e.to_string()))?;
        let directory = MmapDirectory::open(dir).map_err(|e| open_error(e.to_string()))?;
        let (schema, fields) = schema();
        let index = Index::open_or_create(directory, schema)?;
        Self::from_index(index, fields)
    }

    /// An index in memory, for tests.
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        Self::from_index(Index::create_in_ram(schema), fields)
    }

    fn from_index(index: Index, fields: Fields) -> Result<Self, SearchError> {
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Self { index, reader, fields })
    }

    /// Adds or replaces articles (by id) and commits.
    pub fn upsert(&mut self, articles: &[IndexedArticle]) -> Result<(), SearchError> {
        let mut writer: IndexWriter = self.index.writer(32 * 1024 * 1024)?;
        for article in articles {
            writer.delete_term(Term::from_field_text(self.fields.id, &article.id));
            writer.add_document(doc!(
                self.fields.id => article.id.as_str(),
                self.fields.title => article.title.as_str(),
                self.fields.text => article.text.as_str(),
                self.fields.outlet => article.outlet.as_str(),
                self.fields.published => article.published.as_str(),
            ))?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Number of articles in the index.
    pub fn count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Searches titles and texts. The query language is tantivy's (words, "phrases",
    /// `+must`, `-not`); malformed parts are ignored rather than failing the search.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let searcher = self.reader.searcher();
        let parser = QueryParser::for_index(&self.index, vec![self.fields.title, self.fields.text]);
        let (query, _errors) = parser.parse_query_lenient(query);
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut snippets = SnippetGenerator::create(&searcher, &*query, self.fields.text)?;
        snippets.set_max_num_chars(200);
        let text_of = |document: &TantivyDocument, field: Field| {
            document.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string()
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            hits.push(Hit {
                id: text_of(&document, self.fields.id),
                title: text_of(&document, self.fields.title),
                outlet: text_of(&document, self.fields.outlet),
                published: text_of(&document, self.fields.published),
                score,
                snippet_html: snippets.snippet_from_doc(&document).to_html(),
            });
        }
        Ok(hits)
    }
}

impl SearchIndex {
    /// The ids of the `limit` best-matching articles, best first, without snippets: for
    /// filtering by text, where many hits are wanted and none is shown.
    pub fn matching_ids(&self, query: &str, limit: usize) -> Result<Vec<String>, SearchError> {
        let searcher = self.reader.searcher();
        let parser = QueryParser::for_index(&self.index, vec![self.fields.title, self.fields.text]);
        let (query, _errors) = parser.parse_query_lenient(query);
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut ids = Vec::with_capacity(top.len());
        for (_score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            if let Some(id) = document.get_first(self.fields.id).and_then(|v| v.as_str()) {
                ids.push(id.to_string());
            }
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, title: &str, text: &str) -> IndexedArticle {
        IndexedArticle {
            id: id.into(),
            title: title.into(),
            text: text.into(),
            outlet: String::new(),
            published: String::new(),
        }
    }

    #[test]
    fn finds_replaces_and_highlights() {
        let mut index = SearchIndex::in_memory().expect("index");
        index
            .upsert(&[
                article("a", "Floods in the north", "The river burst its banks <b>overnight</b>."),
                article("b", "Port accord signed", "Ministers signed a shipping accord."),
            ])
            .expect("upsert");
        index.upsert(&[article("a", "Floods in the north", "The river burst its banks again.")]).expect("replace");
        assert_eq!(index.count(), 2);
        assert_eq!(index.search("flooded", 10).expect("stemmed search").len(), 1);
        let hits = index.search("river", 10).expect("search");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].id, "a");
        assert!(hits[0].snippet_html.contains("<b>river</b>"));
        assert!(index.search("\"unbalanced", 10).is_ok(), "malformed queries do not fail");
        assert_eq!(index.matching_ids("accord OR river", 10).expect("ids").len(), 2);
        assert_eq!(index.matching_ids("accord", 10).expect("ids"), ["b"]);
    }
}
