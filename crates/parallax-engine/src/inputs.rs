//! Reading the inputs a user names: paths, directories, `-` for standard input, and URLs.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

use parallax_fetch::{FetchConfig, Fetcher, is_url};
use parallax_ingest::{IngestConfig, InputFile, SourceKind, list_inputs, read_input, read_reader, read_stdin};
use parallax_model::{Diagnostic, RawDoc, RejectReason, Rejection};

use crate::Progress;

/// Documents read, inputs rejected, notes, files skipped for their type, and records of
/// inputs passed over as not articles (WARC requests and the like), counted by reason.
#[derive(Debug, Default)]
pub struct Inputs {
    pub docs: Vec<RawDoc>,
    pub rejections: Vec<Rejection>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Vec<PathBuf>,
    pub skipped_records: SkippedRecords,
}

/// Records passed over as not articles, by reason (as the reason reads).
pub type SkippedRecords = BTreeMap<String, u64>;

/// Reads every named input. `-` reads standard input; `http(s)://` URLs are fetched with the
/// default [`FetchConfig`] (public addresses only, robots.txt honoured).
pub fn read_inputs(paths: &[PathBuf], config: &IngestConfig, progress: &dyn Progress) -> Inputs {
    read_inputs_fetching(paths, config, &FetchConfig::default(), progress)
}

/// [`read_inputs`], fetching URLs with the given settings. A page becomes one document (its
/// id the URL), a feed one document per item; a URL that cannot be fetched is a rejection.
pub fn read_inputs_fetching(
    paths: &[PathBuf],
    config: &IngestConfig,
    fetch: &FetchConfig,
    progress: &dyn Progress,
) -> Inputs {
    let (mut inputs, files) = read_all_but_files(paths, config, fetch, progress);
    progress.begin("reading", files.len() as u64);
    for file in &files {
        absorb(&mut inputs, read_input(file, config));
        progress.advance(1);
    }
    progress.end();
    inputs
}

/// Fetches the URLs and reads standard input among `paths`, and lists the files the others
/// name, unread.
pub(crate) fn read_all_but_files(
    paths: &[PathBuf],
    config: &IngestConfig,
    fetch: &FetchConfig,
    progress: &dyn Progress,
) -> (Inputs, Vec<InputFile>) {
    let mut inputs = Inputs::default();
    let is_url = |p: &PathBuf| p.to_str().is_some_and(is_url);
    let urls: Vec<&str> = paths.iter().filter(|p| is_url(p)).filter_map(|p| p.to_str()).collect();
    if !urls.is_empty() {
        let mut fetcher = Fetcher::new(fetch.clone());
        progress.begin("fetching", urls.len() as u64);
        for url in urls {
            match fetcher.fetch(url) {
                Ok(fetched) => {
                    let mut outcome = read_reader(fetched.body.as_slice(), url, SourceKind::Sniff, config);
                    // A page fetched alone knows where it came from.
                    if let [doc] = outcome.docs.as_mut_slice()
                        && doc.url.is_none()
                    {
                        doc.url = Some(fetched.final_url.clone());
                    }
                    absorb(&mut inputs, outcome);
                }
                Err(error) => inputs.rejections.push(Rejection {
                    input: url.to_string(),
                    reason: RejectReason::Unreadable { message: error.to_string() },
                }),
            }
            progress.advance(1);
        }
        progress.end();
    }
    let (files, rejections, skipped) =
        list_inputs(&paths.iter().filter(|p| p.as_os_str() != "-" && !is_url(p)).cloned().collect::<Vec<_>>());
    inputs.rejections.extend(rejections);
    inputs.skipped = skipped;
    if paths.iter().any(|p| p.as_os_str() == "-") {
        let mut bytes = Vec::new();
        let limit = config.max_document_bytes.max(config.max_line_bytes) * 4;
        match std::io::stdin().lock().take(limit).read_to_end(&mut bytes) {
            Ok(_) => absorb(&mut inputs, read_stdin(&bytes, config)),
            Err(error) => inputs
                .rejections
                .push(Rejection { input: "-".into(), reason: RejectReason::Unreadable { message: error.to_string() } }),
        }
    }
    (inputs, files)
}

fn absorb(inputs: &mut Inputs, outcome: parallax_ingest::ReadOutcome) {
    for doc in &outcome.docs {
        inputs.diagnostics.extend(doc.diagnostics.iter().cloned());
    }
    inputs.docs.extend(outcome.docs);
    inputs.rejections.extend(outcome.rejections);
    for (reason, count) in outcome.skipped {
        *inputs.skipped_records.entry(reason.to_string()).or_insert(0) += count;
    }
}
