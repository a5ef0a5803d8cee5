//! Integration tests of the readers: feeds, WARC, sniffing and resource limits.

mod feeds;
mod limits;
mod warc;

use std::path::{Path, PathBuf};

use parallax_ingest::{IngestConfig, ReadOutcome, list_inputs, read_input};

/// The fixture directory.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/data").join(name)
}

/// Lists and reads the given paths as the engine does, merging the outcomes.
pub fn read_paths(paths: &[PathBuf], config: &IngestConfig) -> ReadOutcome {
    let (files, rejections, _skipped) = list_inputs(paths);
    let mut outcome = ReadOutcome { rejections, ..ReadOutcome::default() };
    for file in &files {
        let one = read_input(file, config);
        outcome.docs.extend(one.docs);
        outcome.rejections.extend(one.rejections);
        for (reason, count) in one.skipped {
            *outcome.skipped.entry(reason).or_insert(0) += count;
        }
    }
    outcome
}

/// Each rejection as `input: reason`.
pub fn rejections(outcome: &ReadOutcome) -> Vec<String> {
    outcome.rejections.iter().map(ToString::to_string).collect()
}
