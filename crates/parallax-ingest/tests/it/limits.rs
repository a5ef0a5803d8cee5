//! Hostile sizes: decompression bombs, over-long lines, files over the document limit. The
//! inputs are generated on the fly; the limits are lowered so the tests stay fast.

use std::io::Write;
use std::time::Instant;

use parallax_ingest::{IngestConfig, ReadSink, SkipReason, list_inputs, read_stdin, stream_input};
use parallax_model::RejectReason;
use parallax_model::{RawDoc, Rejection};

use crate::{read_paths, rejections};

/// `n_mib` MiB of `byte`, gzipped as one compressed MiB repeated in as many gzip members
/// (cheap to make, and read as one stream).
fn gzip_bomb(byte: u8, n_mib: usize) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![byte; 1 << 20]).expect("compress");
    encoder.finish().expect("finish").repeat(n_mib)
}

#[test]
fn gzip_bomb_document_is_rejected_at_the_document_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bomb.html.gz");
    let bomb = gzip_bomb(b' ', 64);
    assert!(bomb.len() < 100_000, "a real bomb: {} bytes", bomb.len());
    std::fs::write(&path, bomb).expect("write");
    let config = IngestConfig { max_document_bytes: 1 << 20, ..IngestConfig::default() };
    let outcome = read_paths(std::slice::from_ref(&path), &config);
    assert!(outcome.docs.is_empty());
    assert_eq!(outcome.rejections.len(), 1);
    assert_eq!(outcome.rejections[0].reason, RejectReason::DecompressionLimit { limit: 1 << 20 });
}

#[test]
fn gzip_bomb_in_a_stream_keeps_what_came_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("feed.jsonl.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(b"{\"url\": \"https://a.example/1\", \"text\": \"First line body.\"}\n").expect("compress");
    let mut file = encoder.finish().expect("finish");
    file.extend(gzip_bomb(b'\n', 16));
    std::fs::write(&path, file).expect("write");
    let config = IngestConfig { max_decompressed_bytes: 2 << 20, ..IngestConfig::default() };
    let outcome = read_paths(std::slice::from_ref(&path), &config);
    assert_eq!(outcome.docs.len(), 1);
    assert_eq!(outcome.rejections.len(), 1);
    assert_eq!(outcome.rejections[0].reason, RejectReason::DecompressionLimit { limit: 2 << 20 });
    assert!(outcome.rejections[0].to_string().contains("decompression bomb"), "{}", outcome.rejections[0]);
}

#[test]
fn a_100_mb_json_line_is_rejected_and_the_next_lines_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    file.write_all(b"{\"url\": \"https://a.example/1\", \"text\": \"Before the huge line.\"}\n").expect("write");
    file.write_all(b"{\"url\": \"https://a.example/huge\", \"text\": \"").expect("write");
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..100 {
        file.write_all(&chunk).expect("write");
    }
    file.write_all(b"\"}\n{\"url\": \"https://a.example/3\", \"text\": \"After the huge line.\"}\n").expect("write");
    drop(file);
    let config = IngestConfig { max_line_bytes: 1 << 20, ..IngestConfig::default() };
    let started = Instant::now();
    let outcome = read_paths(std::slice::from_ref(&path), &config);
    let urls: Vec<&str> = outcome.docs.iter().filter_map(|d| d.url.as_deref()).collect();
    assert_eq!(urls, ["https://a.example/1", "https://a.example/3"]);
    let huge_line = 100 * (1 << 20) + 45;
    assert_eq!(
        rejections(&outcome),
        [format!("{}:2: too large: {huge_line} bytes, the limit is {}", path.display(), 1 << 20)]
    );
    eprintln!("read a 100 MB line in {:?}", started.elapsed());
}

#[test]
fn files_over_the_document_limit_are_rejected_unread() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.html");
    let page = format!("<html><body>{}</body></html>", "<p>Words of a page.</p>".repeat(100_000));
    std::fs::write(&path, &page).expect("write");
    let config = IngestConfig { max_document_bytes: 1 << 20, ..IngestConfig::default() };
    let outcome = read_paths(std::slice::from_ref(&path), &config);
    assert_eq!(
        rejections(&outcome),
        [format!("{}: too large: {} bytes, the limit is {}", path.display(), page.len(), 1 << 20)]
    );
    // Standard input cannot be measured first: it is counted, not kept.
    let outcome = read_stdin(page.as_bytes(), &config);
    assert_eq!(rejections(&outcome), [format!("-: too large: {} bytes, the limit is {}", page.len(), 1 << 20)]);
}

/// A sink that keeps nothing but counts.
#[derive(Default)]
struct Counter {
    n_docs: usize,
    n_rejections: usize,
    n_bytes: usize,
}

impl ReadSink for Counter {
    fn doc(&mut self, doc: RawDoc) {
        self.n_docs += 1;
        self.n_bytes += doc.body.len();
    }

    fn reject(&mut self, _rejection: Rejection) {
        self.n_rejections += 1;
    }

    fn skip(&mut self, _reason: SkipReason) {}
}

#[test]
fn a_large_file_is_streamed_to_the_sink() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("many.jsonl.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for line_idx in 0..20_000 {
        writeln!(
            encoder,
            "{{\"url\": \"https://a.example/{line_idx}\", \"text\": \"Body number {line_idx} of many.\"}}"
        )
        .expect("compress");
    }
    std::fs::write(&path, encoder.finish().expect("finish")).expect("write");
    let (files, _, _) = list_inputs(std::slice::from_ref(&path));
    let mut counter = Counter::default();
    stream_input(&files[0], &IngestConfig::default(), &mut counter);
    assert_eq!((counter.n_docs, counter.n_rejections), (20_000, 0));
    assert!(counter.n_bytes > 400_000);
}
