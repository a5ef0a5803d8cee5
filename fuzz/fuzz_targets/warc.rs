//! WARC files, record by record (parallax-ingest).
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_ingest::{IngestConfig, SourceKind, read_reader};

fuzz_target!(|data: &[u8]| {
    let config = IngestConfig { max_document_bytes: 4096, ..IngestConfig::default() };
    let _ = read_reader(data, "fuzz.warc", SourceKind::Warc, &config);
});
