//! The data directory: a store (embedded in the directory by default, or PostgreSQL) and a
//! search index in the directory, written by one [`Engine`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use parallax_model::{ArticleId, CleanArticle, Diagnostic, EventId, EventReport, Extraction, Rejection, Story};
use parallax_search::{Hit, IndexedArticle, IndexedQuote, SearchError, SearchIndex};
use parallax_store::{AnalysisSnapshot, PutOutcome, Store, StoreError, StoreLocation, StoredArticle};

use parallax_ingest::{ReadSink, SkipReason, stream_input};
use parallax_model::RawDoc;

use crate::inputs::read_all_but_files;
use crate::{
    EngineConfig, Inputs, NoProgress, Processed, Progress, SkippedRecords, analyze_stream_reusing, process_docs,
};

/// Errors of the engine: infrastructure and lookups, never bad input.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("no event with id `{id}`")]
    EventNotFound { id: String },
    #[error("no article with id `{id}`")]
    ArticleNotFound { id: String },
}

/// What one ingest did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestSummary {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejections: Vec<Rejection>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Vec<PathBuf>,
    /// Records of the inputs passed over as not articles (WARC requests and the like), by
    /// reason.
    pub skipped_records: SkippedRecords,
    pub articles_total: usize,
    pub events_total: usize,
}

/// The state of a data directory, for `parallax status`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DataStatus {
    pub articles: usize,
    pub indexed_articles: u64,
    pub events: usize,
    pub stories: usize,
    pub rejections: usize,
    pub analysis_stale: bool,
}

/// Articles written per transaction.
const BATCH: usize = 256;

/// A streamed input is cleaned, extracted and stored once this many documents are read …
const STREAM_BATCH_DOCS: usize = 2_048;
/// … or once their text reaches this many bytes.
const STREAM_BATCH_BYTES: usize = 64 * 1024 * 1024;

/// The order in which articles are analysed: dated ones by publication day, then undated
/// ones, each by id. The same set of articles gives the same events however it was stored.
pub(crate) fn publication_order(a: &Processed, b: &Processed) -> std::cmp::Ordering {
    (a.article.published.is_none(), a.article.published, &a.article.id).cmp(&(
        b.article.published.is_none(),
        b.article.published,
        &b.article.id,
    ))
}

/// Takes the documents of a streamed input and stores them a batch at a time. A store
/// failure stops the storing; the rest of the input is read and dropped, and
/// [`Batches::finish`] returns the error.
struct Batches<'a> {
    engine: &'a mut Engine,
    summary: &'a mut IngestSummary,
    docs: Vec<RawDoc>,
    bytes: usize,
    rejections: Vec<Rejection>,
    failure: Option<EngineError>,
}

impl<'a> Batches<'a> {
    fn new(engine: &'a mut Engine, summary: &'a mut IngestSummary) -> Self {
        Self { engine, summary, docs: Vec::new(), bytes: 0, rejections: Vec::new(), failure: None }
    }

    fn flush(&mut self) {
        if self.failure.is_some() || (self.docs.is_empty() && self.rejections.is_empty()) {
            return;
        }
        let docs = std::mem::take(&mut self.docs);
        let rejections = std::mem::take(&mut self.rejections);
        self.bytes = 0;
        if let Err(error) = self.engine.store_docs(docs, rejections, self.summary, &NoProgress) {
            self.failure = Some(error);
        }
    }

    fn finish(mut self) -> Result<(), EngineError> {
        self.flush();
        self.failure.map_or(Ok(()), Err)
    }
}

impl ReadSink for Batches<'_> {
    fn doc(&mut self, doc: RawDoc) {
        if self.failure.is_some() {
            return;
        }
        self.summary.diagnostics.extend(doc.diagnostics.iter().cloned());
        self.bytes += doc.body.len();
        self.docs.push(doc);
        if self.docs.len() >= STREAM_BATCH_DOCS || self.bytes >= STREAM_BATCH_BYTES {
            self.flush();
        }
    }

    fn reject(&mut self, rejection: Rejection) {
        self.rejections.push(rejection);
    }

    fn skip(&mut self, reason: SkipReason) {
        *self.summary.skipped_records.entry(reason.to_string()).or_insert(0) += 1;
    }
}

/// The single writer of a data directory.
pub struct Engine {
    data_dir: PathBuf,
    store_location: StoreLocation,
    store: Box<dyn Store + Send>,
    index: SearchIndex,
    config: EngineConfig,
    /// How long the last analysis took (for benchmarks; never part of any output).
    last_analysis: Option<std::time::Duration>,
}

impl Engine {
    /// Opens (creating if needed) a data directory, and brings the search index up to date
    /// with the store if an earlier run stopped between the two.
    /// The store is the embedded database in the directory.
    pub fn open(data_dir: &Path, config: EngineConfig) -> Result<Self, EngineError> {
        Self::open_with_store(data_dir, &StoreLocation::embedded_in(data_dir), config)
    }

    /// Opens a data directory whose articles and analysis live in `store` (the search index
    /// stays in the directory). One data directory per store: the store records which of its
    /// articles this directory's index holds.
    pub fn open_with_store(data_dir: &Path, store: &StoreLocation, config: EngineConfig) -> Result<Self, EngineError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|source| EngineError::DataDir { path: data_dir.display().to_string(), source })?;
        let store_location = store.clone();
        let store = store_location.open()?;
        let index = SearchIndex::open(&data_dir.join("index"))?;
        let mut engine =
            Self { data_dir: data_dir.to_path_buf(), store_location, store, index, config, last_analysis: None };
        engine.catch_up()?;
        Ok(engine)
    }

    /// Repairs what an interrupted run left behind: articles stored but not yet in the search
    /// index, and an analysis older than the articles.
    fn catch_up(&mut self) -> Result<(), EngineError> {
        // An index of an older layout was emptied on opening: every article goes in again.
        let missing = if self.index.recreated() { self.store.articles()? } else { self.store.unindexed_articles()? };
        if !missing.is_empty() {
            self.index.upsert(
                &missing.iter().map(|stored| indexed(&stored.article, &stored.extraction)).collect::<Vec<_>>(),
            )?;
            self.store.mark_indexed(&missing.iter().map(|stored| stored.article.id.clone()).collect::<Vec<_>>())?;
        }
        if self.store.analysis_is_stale()? {
            self.recompute()?;
        }
        Ok(())
    }

    /// Ingests documents: new and changed articles are stored batch by batch (each batch one
    /// transaction, so a killed run resumes where it stopped); then events are recomputed.
    pub fn ingest(&mut self, inputs: Inputs, progress: &dyn Progress) -> Result<IngestSummary, EngineError> {
        let Inputs { docs, rejections, diagnostics, skipped, skipped_records } = inputs;
        let mut summary = IngestSummary { diagnostics, skipped, skipped_records, ..IngestSummary::default() };
        self.store_docs(docs, rejections, &mut summary, progress)?;
        self.finish_ingest(summary)
    }

    /// Ingests the inputs `paths` name (files, directories, `-`, and URLs, fetched as the
    /// engine's configuration says),
    /// reading files as streams: their documents are cleaned, extracted and stored a batch at
    /// a time as they are read, so that an input of any size is never held whole. A killed
    /// run resumes when run again: stored batches come back unchanged.
    pub fn ingest_paths(&mut self, paths: &[PathBuf], progress: &dyn Progress) -> Result<IngestSummary, EngineError> {
        let reading = self.config.ingest.clone();
        let (inputs, files) = read_all_but_files(paths, &reading, &self.config.fetch, progress);
        let Inputs { docs, rejections, diagnostics, skipped, skipped_records } = inputs;
        let mut summary = IngestSummary { diagnostics, skipped, skipped_records, ..IngestSummary::default() };
        self.store_docs(docs, rejections, &mut summary, progress)?;
        progress.begin("ingesting files", files.len() as u64);
        for file in &files {
            let mut batches = Batches::new(self, &mut summary);
            stream_input(file, &reading, &mut batches);
            batches.finish()?;
            progress.advance(1);
        }
        progress.end();
        self.finish_ingest(summary)
    }

    /// Cleans, extracts and stores documents (in publication order, `BATCH` per
    /// transaction), recording `rejections` with the first batch.
    fn store_docs(
        &mut self,
        docs: Vec<RawDoc>,
        mut rejections: Vec<Rejection>,
        summary: &mut IngestSummary,
        progress: &dyn Progress,
    ) -> Result<(), EngineError> {
        let (mut processed, rejected) = process_docs(docs, &self.config.clean, progress);
        rejections.extend(rejected);
        rejections.sort();
        processed.sort_by(publication_order);
        progress.begin("storing", processed.len() as u64);
        let mut pending_rejections = rejections.as_slice();
        for batch in processed.chunks(BATCH) {
            let rows: Vec<_> =
                batch.iter().map(|p| (p.article.clone(), p.extraction.clone(), p.source.clone())).collect();
            let outcomes = self.store.put_articles(&rows, pending_rejections)?;
            pending_rejections = &[];
            let mut changed = Vec::new();
            let mut changed_ids = Vec::new();
            for (outcome, item) in outcomes.iter().zip(batch) {
                match outcome {
                    PutOutcome::Inserted => summary.inserted += 1,
                    PutOutcome::Updated => summary.updated += 1,
                    PutOutcome::Unchanged => summary.unchanged += 1,
                }
                if *outcome != PutOutcome::Unchanged {
                    changed.push(indexed(&item.article, &item.extraction));
                    changed_ids.push(item.article.id.clone());
                }
            }
            self.index.upsert(&changed)?;
            self.store.mark_indexed(&changed_ids)?;
            progress.advance(batch.len() as u64);
        }
        if !pending_rejections.is_empty() {
            self.store.put_articles(&[], pending_rejections)?;
        }
        progress.end();
        summary.rejections.extend(rejections);
        Ok(())
    }

    /// Brings the analysis up to date after an ingest and fills in the totals.
    fn finish_ingest(&mut self, mut summary: IngestSummary) -> Result<IngestSummary, EngineError> {
        summary.rejections.sort();
        self.last_analysis = None;
        if self.store.analysis_is_stale()? {
            self.recompute()?;
        }
        summary.articles_total = self.store.count_articles()?;
        summary.events_total = self.store.count_events()?;
        Ok(summary)
    }

    /// Re-runs clustering and reports over every stored article in publication order,
    /// holding a slice of articles at a time (see [`crate::recompute`]).
    pub fn recompute(&mut self) -> Result<(), EngineError> {
        let started = std::time::Instant::now();
        // The ingest before an analysis, and the analysis itself, free most of what they
        // allocated: give it back, so that peaks do not stack up in a long-lived process.
        crate::memory::release_freed_heap();
        let analysed = crate::recompute::analyze_store(self.store.as_mut(), &self.config);
        crate::memory::release_freed_heap();
        analysed?;
        self.last_analysis = Some(started.elapsed());
        Ok(())
    }

    /// How long the last analysis ([`Engine::recompute`], which an ingest runs when it stored
    /// something new) took, if one ran since the engine was opened.
    pub fn last_analysis(&self) -> Option<std::time::Duration> {
        self.last_analysis
    }

    /// The data directory this engine writes.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Where the articles and analysis are stored.
    pub fn store_location(&self) -> &StoreLocation {
        &self.store_location
    }

    /// A reader of this data directory that works beside the engine (see [`EngineReader`]).
    pub fn reader(&self) -> Result<crate::EngineReader, EngineError> {
        crate::EngineReader::open_with_store(&self.data_dir, &self.store_location)
    }

    pub fn events(&self) -> Result<Vec<EventReport>, EngineError> {
        Ok(self.store.events()?)
    }

    pub fn event(&self, id: &str) -> Result<EventReport, EngineError> {
        self.store.event(&EventId(id.to_string()))?.ok_or_else(|| EngineError::EventNotFound { id: id.to_string() })
    }

    pub fn stories(&self) -> Result<Vec<Story>, EngineError> {
        Ok(self.store.stories()?)
    }

    pub fn article(&self, id: &str) -> Result<(StoredArticle, Option<ArticleId>), EngineError> {
        let key = ArticleId(id.into());
        let stored = self.store.article(&key)?.ok_or_else(|| EngineError::ArticleNotFound { id: id.to_string() })?;
        Ok((stored, self.store.duplicate_of(&key)?))
    }

    /// Ids and titles of the events that include an article.
    pub fn events_of_article(&self, id: &str) -> Result<Vec<(EventId, String)>, EngineError> {
        Ok(self.store.events_of_article(&ArticleId(id.into()))?)
    }

    /// Counts of what the data directory holds.
    pub fn status(&self) -> Result<DataStatus, EngineError> {
        Ok(DataStatus {
            articles: self.store.count_articles()?,
            indexed_articles: self.index.count(),
            events: self.store.count_events()?,
            stories: self.store.stories()?.len(),
            rejections: self.store.rejections()?.len(),
            analysis_stale: self.store.analysis_is_stale()?,
        })
    }

    pub fn count_articles(&self) -> Result<usize, EngineError> {
        Ok(self.store.count_articles()?)
    }

    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, EngineError> {
        Ok(self.index.search(query, limit)?)
    }
}

/// Events, stories and copies of a stream of articles, as the store keeps them.
/// Reports of `previous` events are reused where nothing they were built from changed.
pub(crate) fn snapshot_of(
    stream: &[Processed],
    config: &EngineConfig,
    previous: &HashMap<EventId, EventReport>,
) -> AnalysisSnapshot {
    let analysis = analyze_stream_reusing(stream, config, previous);
    let duplicates =
        analysis.articles.iter().filter_map(|a| a.duplicate_of.clone().map(|o| (a.id.clone(), o))).collect();
    AnalysisSnapshot { events: analysis.events, stories: analysis.stories, duplicates }
}

fn indexed(article: &CleanArticle, extraction: &Extraction) -> IndexedArticle {
    IndexedArticle {
        id: article.id.0.to_string(),
        title: article.title.clone().unwrap_or_default(),
        text: article.text(),
        outlet: article.outlet.clone().unwrap_or_default(),
        published: article.published.map(|d| d.to_string()).unwrap_or_default(),
        quotes: extraction
            .quotes
            .iter()
            .map(|quote| IndexedQuote { speaker: quote.speaker.clone().unwrap_or_default(), text: quote.text.clone() })
            .collect(),
    }
}
