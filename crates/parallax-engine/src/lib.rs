//! The pipeline wired end to end: read → clean → extract → dedupe and cluster → report →
//! store and index; and the queries the CLI and server answer from the data directory.
//!
//! All writes to a data directory go through [`Engine`]; processing crates stay pure.

mod analysis;
mod engine;
mod inputs;
mod memory;
mod process;
mod progress;
mod reader;
mod recompute;
mod worker;

pub use analysis::{Analysis, analyze_stream, analyze_stream_reusing};
pub use engine::{DataStatus, Engine, EngineError, IngestSummary};
pub use inputs::{Inputs, SkippedRecords, read_inputs, read_inputs_fetching};
pub use parallax_search::{Hit, HitKind};
pub use parallax_store::{ArticleMeta, EventFilter, EventOrder, EventPage, JobCounts, ScratchSchema, StoreLocation};
pub use process::{Processed, process_docs};
pub use progress::{NoProgress, Progress};
pub use reader::{EngineReader, MAX_TEXT_MATCHES};
pub use worker::{JobQueue, Worker, WorkerConfig, WorkerSummary, enqueue_inputs};

use parallax_cluster::ClusterConfig;
use parallax_fetch::FetchConfig;
use parallax_ingest::IngestConfig;
use parallax_report::ReportConfig;
use parallax_text::CleanConfig;

/// Settings of every stage.
#[derive(Debug, Clone, Default)]
pub struct EngineConfig {
    pub ingest: IngestConfig,
    /// How URLs given as inputs are fetched.
    pub fetch: FetchConfig,
    pub clean: CleanConfig,
    pub cluster: ClusterConfig,
    pub report: ReportConfig,
}

/// One-shot analysis of inputs, nothing stored: what `parallax analyze` prints.
pub fn analyze_inputs(inputs: Inputs, config: &EngineConfig, progress: &dyn Progress) -> Analysis {
    let Inputs { docs, mut rejections, mut diagnostics, skipped, skipped_records } = inputs;
    let (mut processed, rejected) = process_docs(docs, &config.clean, progress);
    rejections.extend(rejected);
    // A stream in a fixed order whatever the order of the inputs: dated articles by date, then id.
    processed.sort_by_key(stream_key);
    let mut seen = std::collections::BTreeSet::new();
    processed.retain(|p| {
        let fresh = seen.insert(p.article.id.clone());
        if !fresh {
            diagnostics.push(parallax_model::Diagnostic {
                input: p.source.clone(),
                message: format!("article id `{}` given more than once; the first is used", p.article.id),
            });
        }
        fresh
    });
    let mut analysis = analyze_stream(&processed, config);
    rejections.sort();
    analysis.rejections = rejections;
    analysis.diagnostics = diagnostics;
    analysis.skipped = skipped;
    analysis.skipped_records = skipped_records;
    analysis
}

fn stream_key(processed: &Processed) -> (bool, Option<parallax_model::Day>, String) {
    (processed.article.published.is_none(), processed.article.published, processed.article.id.0.to_string())
}
