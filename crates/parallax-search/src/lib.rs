//! Full-text search over articles and the quotes in them, behind [`SearchIndex`].
//!
//! The only crate that knows the index library (tantivy). The index is derived data: it can
//! always be rebuilt from the store.

use std::path::Path;

use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, doc};

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
    /// The quotes found in it, each searchable on its own with its speaker.
    pub quotes: Vec<IndexedQuote>,
}

/// One quote of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedQuote {
    pub speaker: String,
    pub text: String,
}

/// What a search result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Article,
    /// A quote; the hit's id, title, outlet and date are those of its article.
    Quote,
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The article's id (of the article that carries the quote, for a quote).
    pub id: String,
    pub kind: HitKind,
    pub title: String,
    pub outlet: String,
    pub published: String,
    /// Who said it, for a quote.
    pub speaker: Option<String>,
    pub score: f32,
    /// A fragment of the text (the quote's, for a quote) with matches wrapped in `<b>…</b>`
    /// (text HTML-escaped).
    pub snippet_html: String,
}

struct Fields {
    /// The document's own id: the article id, or the article id and `#q` and the quote's number.
    key: Field,
    /// The article the document belongs to (itself, for an article).
    article: Field,
    kind: Field,
    title: Field,
    text: Field,
    speaker: Field,
    outlet: Field,
    published: Field,
}

/// A tantivy index of articles and their quotes.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    recreated: bool,
}

/// The layout of the index: an index written with another layout is rebuilt.
const SCHEMA_VERSION: &str = "2";
const VERSION_FILE: &str = "parallax-schema-version";
const KIND_ARTICLE: &str = "article";
const KIND_QUOTE: &str = "quote";
/// How much a quote's score counts against an article's.
const QUOTE_WEIGHT: f32 = 0.5;

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
        key: builder.add_text_field("key", STRING | STORED),
        article: builder.add_text_field("article", STRING | STORED),
        kind: builder.add_text_field("kind", STRING | STORED),
        title: builder.add_text_field("title", stemmed.clone()),
        text: builder.add_text_field("text", stemmed.clone()),
        speaker: builder.add_text_field("speaker", stemmed),
        outlet: builder.add_text_field("outlet", STRING | STORED),
        published: builder.add_text_field("published", STRING | STORED),
    };
    (builder.build(), fields)
}

impl SearchIndex {
    /// Opens or creates the index in `dir`. An index of an older layout is emptied and
    /// recreated ([`SearchIndex::recreated`] says so): the index is derived data, rebuilt from
    /// the store.
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        let open_error = |message: String| SearchError::Open { path: dir.display().to_string(), message };
        std::fs::create_dir_all(dir).map_err(|e| open_error(e.to_string()))?;
        let version = std::fs::read_to_string(dir.join(VERSION_FILE)).ok();
        let has_index = dir.join("meta.json").exists();
        let recreated = has_index && version.as_deref().map(str::trim) != Some(SCHEMA_VERSION);
        if recreated {
            for entry in std::fs::read_dir(dir).map_err(|e| open_error(e.to_string()))? {
                let path = entry.map_err(|e| open_error(e.to_string()))?.path();
                let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
                removed.map_err(|e| open_error(format!("cannot remove {}: {e}", path.display())))?;
            }
        }
        if recreated || !has_index {
            std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION).map_err(|e| open_error(e.to_string()))?;
        }
        let directory = MmapDirectory::open(dir).map_err(|e| open_error(e.to_string()))?;
        let (schema, fields) = schema();
        let index = Index::open_or_create(directory, schema)?;
        Self::from_index(index, fields, recreated)
    }

    /// Opens an existing index without writing to its folder (for read-only handles); an index
    /// of another layout is an error until a writer has rebuilt it.
    pub fn open_existing(dir: &Path) -> Result<Self, SearchError> {
        let version = std::fs::read_to_string(dir.join(VERSION_FILE)).ok();
        if dir.join("meta.json").exists() && version.as_deref().map(str::trim) != Some(SCHEMA_VERSION) {
            return Err(SearchError::Open {
                path: dir.display().to_string(),
                message: "the index has an older layout: open the data directory for writing once to rebuild it"
                    .to_string(),
            });
        }
        Self::open(dir)
    }

    /// An index in memory, for tests.
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        Self::from_index(Index::create_in_ram(schema), fields, false)
    }

    fn from_index(index: Index, fields: Fields, recreated: bool) -> Result<Self, SearchError> {
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Self { index, reader, fields, recreated })
    }

    /// Whether opening found an index of an older layout and emptied it: everything must be
    /// indexed again.
    pub fn recreated(&self) -> bool {
        self.recreated
    }

    /// Adds or replaces articles (by id), with their quotes, and commits.
    pub fn upsert(&mut self, articles: &[IndexedArticle]) -> Result<(), SearchError> {
        let fields = &self.fields;
        let mut writer: IndexWriter = self.index.writer(32 * 1024 * 1024)?;
        for article in articles {
            writer.delete_term(Term::from_field_text(fields.article, &article.id));
            writer.add_document(doc!(
                fields.key => article.id.as_str(),
                fields.article => article.id.as_str(),
                fields.kind => KIND_ARTICLE,
                fields.title => article.title.as_str(),
                fields.text => article.text.as_str(),
                fields.outlet => article.outlet.as_str(),
                fields.published => article.published.as_str(),
            ))?;
            for (n, quote) in article.quotes.iter().enumerate() {
                writer.add_document(doc!(
                    fields.key => format!("{}#q{n}", article.id),
                    fields.article => article.id.as_str(),
                    fields.kind => KIND_QUOTE,
                    fields.title => article.title.as_str(),
                    fields.text => quote.text.as_str(),
                    fields.speaker => quote.speaker.as_str(),
                    fields.outlet => article.outlet.as_str(),
                    fields.published => article.published.as_str(),
                ))?;
            }
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Number of articles in the index (their quotes not counted).
    pub fn count(&self) -> u64 {
        let searcher = self.reader.searcher();
        let articles = TermQuery::new(Term::from_field_text(self.fields.kind, KIND_ARTICLE), IndexRecordOption::Basic);
        searcher.search(&articles, &Count).map_or(0, |n| n as u64)
    }

    fn parse(&self, query: &str) -> Box<dyn Query> {
        let parser =
            QueryParser::for_index(&self.index, vec![self.fields.title, self.fields.text, self.fields.speaker]);
        // Malformed parts are ignored rather than failing the search.
        parser.parse_query_lenient(query).0
    }

    /// Searches articles (title and text) and quotes (text and speaker), best first. A quote is
    /// short, so its score counts for half (`QUOTE_WEIGHT`): an article about the words comes
    /// before a passing quote of them. The query language is tantivy's (words, "phrases",
    /// `+must`, `-not`).
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let searcher = self.reader.searcher();
        let query = self.parse(query);
        let limit = limit.max(1);
        let of_kind = |kind: &str| -> Box<dyn Query> {
            let kind = TermQuery::new(Term::from_field_text(self.fields.kind, kind), IndexRecordOption::Basic);
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, query.box_clone()),
                (Occur::Must, Box::new(ConstScoreQuery::new(Box::new(kind), 0.0))),
            ]))
        };
        let mut top: Vec<(f32, DocAddress)> =
            searcher.search(&*of_kind(KIND_ARTICLE), &TopDocs::with_limit(limit).order_by_score())?;
        let quotes = searcher.search(&*of_kind(KIND_QUOTE), &TopDocs::with_limit(limit).order_by_score())?;
        top.extend(quotes.into_iter().map(|(score, address)| (score * QUOTE_WEIGHT, address)));
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        top.truncate(limit);
        let mut snippets = SnippetGenerator::create(&searcher, &*query, self.fields.text)?;
        snippets.set_max_num_chars(200);
        let text_of = |document: &TantivyDocument, field: Field| {
            document.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string()
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let kind =
                if text_of(&document, self.fields.kind) == KIND_QUOTE { HitKind::Quote } else { HitKind::Article };
            hits.push(Hit {
                id: text_of(&document, self.fields.article),
                kind,
                title: text_of(&document, self.fields.title),
                outlet: text_of(&document, self.fields.outlet),
                published: text_of(&document, self.fields.published),
                speaker: (kind == HitKind::Quote).then(|| text_of(&document, self.fields.speaker)),
                score,
                snippet_html: snippets.snippet_from_doc(&document).to_html(),
            });
        }
        Ok(hits)
    }

    /// The ids of the `limit` best-matching articles (an article matches through its quotes
    /// too), best first, without snippets: for filtering by text, where many hits are wanted
    /// and none is shown.
    pub fn matching_ids(&self, query: &str, limit: usize) -> Result<Vec<String>, SearchError> {
        let searcher = self.reader.searcher();
        let query = self.parse(query);
        let top = searcher.search(&*query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut ids: Vec<String> = Vec::with_capacity(top.len());
        let mut seen = std::collections::HashSet::new();
        for (_score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            if let Some(id) = document.get_first(self.fields.article).and_then(|v| v.as_str())
                && seen.insert(id.to_string())
            {
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
            quotes: Vec::new(),
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

    #[test]
    fn quotes_are_found_with_their_speaker_and_article() {
        let mut index = SearchIndex::in_memory().expect("index");
        let mut dam = article("dam", "Dam spillway cracks", "Engineers found a crack. The governor spoke at the dam.");
        dam.quotes = vec![IndexedQuote {
            speaker: "Petra Lindqvist".into(),
            text: "Every family below the valley line must leave tonight".into(),
        }];
        index.upsert(&[dam.clone(), article("tram", "Tram opens", "The tram line opened.")]).expect("upsert");
        assert_eq!(index.count(), 2, "quotes are not articles");
        let hits = index.search("valley family", 10).expect("search");
        let quote = hits.iter().find(|h| h.kind == HitKind::Quote).expect("the quote is a hit");
        assert_eq!(quote.id, "dam");
        assert_eq!(quote.speaker.as_deref(), Some("Petra Lindqvist"));
        assert!(quote.snippet_html.contains("<b>valley</b>"), "{}", quote.snippet_html);
        let by_speaker = index.search("Lindqvist", 10).expect("search");
        assert_eq!(by_speaker.len(), 1);
        assert_eq!(by_speaker[0].kind, HitKind::Quote);
        assert_eq!(index.matching_ids("Lindqvist", 10).expect("ids"), ["dam"], "an article matches through its quotes");
        // Replacing the article replaces its quotes.
        dam.quotes.clear();
        index.upsert(&[dam]).expect("replace");
        assert!(index.search("Lindqvist", 10).expect("search").is_empty());
        assert_eq!(index.count(), 2);
    }

    #[test]
    fn an_index_of_an_older_layout_is_rebuilt() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("index");
        {
            let mut index = SearchIndex::open(&path).expect("open");
            assert!(!index.recreated());
            index.upsert(&[article("a", "A title", "Some text.")]).expect("upsert");
        }
        assert!(!SearchIndex::open(&path).expect("reopen").recreated());
        std::fs::write(path.join(VERSION_FILE), "1").expect("age the index");
        assert!(SearchIndex::open_existing(&path).is_err(), "a reader does not rebuild");
        let reopened = SearchIndex::open(&path).expect("reopen old");
        assert!(reopened.recreated());
        assert_eq!(reopened.count(), 0);
    }
}
