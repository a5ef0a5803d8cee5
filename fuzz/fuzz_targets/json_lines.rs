//! JSON lines (parallax-ingest), with a small line cap so over-long lines are exercised too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_ingest::{IngestConfig, SourceKind, read_reader};

fuzz_target!(|data: &[u8]| {
    let config = IngestConfig { max_line_bytes: 256, ..IngestConfig::default() };
    let _ = read_reader(data, "fuzz.jsonl", SourceKind::JsonLines, &config);
});
