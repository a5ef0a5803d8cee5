use std::io::Write;

use parallax_ingest::{IngestConfig, SkipReason, SourceKind, read_reader};
use parallax_model::RejectReason;

use crate::{read_paths, rejections};

fn record(warc_type: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-05T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{:012}>\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn response(uri: &str, status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut block = format!("HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    block.extend_from_slice(body);
    record("response", uri, "application/http; msgtype=response", &block)
}

const PAGE: &str = "<!DOCTYPE html><html><head><title>Harbour</title></head><body><article><p>The harbour wall reopened on Tuesday after repairs, the port authority said.</p><script>document.cookie</script></article></body></html>";

/// A WARC with the usual mix: warcinfo, a request, an HTML response, an image, a 404, a
/// Latin-1 page, and a record cut off at the end of the file.
fn sample_warc() -> Vec<Vec<u8>> {
    vec![
        record("warcinfo", "", "application/warc-fields", b"software: synthetic\r\nformat: WARC File Format 1.0\r\n"),
        record(
            "request",
            "https://port.example/news/harbour",
            "application/http; msgtype=request",
            b"GET /news/harbour HTTP/1.1\r\nHost: port.example\r\n\r\n",
        ),
        response(
            "https://port.example/news/harbour",
            "200 OK",
            "Content-Type: text/html; charset=utf-8\r\n",
            PAGE.as_bytes(),
        ),
        response(
            "https://port.example/logo.png",
            "200 OK",
            "Content-Type: image/png\r\n",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        ),
        response("https://port.example/missing", "404 Not Found", "Content-Type: text/html\r\n", b"<html>gone</html>"),
        response(
            "https://port.example/news/caf%C3%A9",
            "200 OK",
            "Content-Type: text/html; charset=ISO-8859-1\r\n",
            b"<html><body><p>Caf\xe9 owners welcomed the reopening of the harbour on Tuesday.</p></body></html>",
        ),
        {
            let mut cut =
                response("https://port.example/news/cut", "200 OK", "Content-Type: text/html\r\n", PAGE.as_bytes());
            cut.truncate(cut.len() - 120);
            cut
        },
    ]
}

#[test]
fn responses_become_documents_and_the_rest_is_counted() {
    let warc: Vec<u8> = sample_warc().concat();
    let outcome = read_reader(warc.as_slice(), "crawl.warc", SourceKind::Warc, &IngestConfig::default());
    let ids: Vec<(&str, &str)> = outcome.docs.iter().map(|d| (d.id.as_str(), d.origin.as_str())).collect();
    assert_eq!(
        ids,
        [
            ("https://port.example/news/harbour", "crawl.warc#3"),
            ("https://port.example/news/caf%C3%A9", "crawl.warc#6")
        ]
    );
    assert_eq!(outcome.docs[0].url.as_deref(), Some("https://port.example/news/harbour"));
    assert_eq!(outcome.docs[0].body, PAGE, "the page is passed on whole, script and all");
    assert!(outcome.docs[1].body.contains("Café owners"), "{}", outcome.docs[1].body);
    let skipped: Vec<(SkipReason, u64)> = outcome.skipped.iter().map(|(r, n)| (*r, *n)).collect();
    assert_eq!(skipped, [(SkipReason::WarcNotResponse, 2), (SkipReason::HttpStatus, 1), (SkipReason::NotHtml, 1)]);
    assert_eq!(outcome.rejections.len(), 1, "{:?}", outcome.rejections);
    let cut = &outcome.rejections[0];
    assert_eq!(cut.input, "crawl.warc#7");
    let offset: usize = sample_warc()[..6].iter().map(Vec::len).sum();
    assert!(
        matches!(&cut.reason, RejectReason::InvalidWarc { offset: at, message } if *at == offset as u64 && message.starts_with("cut off in the HTTP body")),
        "{cut}"
    );
}

#[test]
fn a_corrupt_record_does_not_stop_the_file() {
    let records = sample_warc();
    let mut warc = records[2].clone();
    warc.extend_from_slice(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nbinary junk\n\0\0\xff\r\n\r\n",
    );
    warc.extend_from_slice(b"garbage between records\r\n");
    warc.extend_from_slice(&records[5]);
    let outcome = read_reader(warc.as_slice(), "mixed.warc", SourceKind::Warc, &IngestConfig::default());
    assert_eq!(outcome.docs.len(), 2);
    assert_eq!(
        rejections(&outcome),
        [format!(
            "mixed.warc#2: invalid WARC record at byte {}: a missing or invalid Content-Length",
            records[2].len()
        )]
    );
}

#[test]
fn gzipped_warc_is_read_member_by_member_and_found_by_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut file = std::fs::File::create(dir.path().join("crawl.warc.gz")).expect("create");
    for record in &sample_warc()[..6] {
        let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        member.write_all(record).expect("compress");
        file.write_all(&member.finish().expect("finish")).expect("write");
    }
    drop(file);
    std::fs::write(dir.path().join("crawl-no-extension"), sample_warc()[2].as_slice()).expect("write");
    let outcome = read_paths(
        &[dir.path().join("crawl.warc.gz"), dir.path().join("crawl-no-extension")],
        &IngestConfig::default(),
    );
    assert_eq!(rejections(&outcome), Vec::<String>::new());
    assert_eq!(outcome.docs.len(), 3);
    assert_eq!(outcome.skipped.values().sum::<u64>(), 4);
}

#[test]
fn chunked_and_compressed_bodies_are_decoded() {
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzip.write_all(PAGE.as_bytes()).expect("compress");
    let gzipped = gzip.finish().expect("finish");
    let mut chunked = format!("{:x}\r\n", gzipped.len()).into_bytes();
    chunked.extend_from_slice(&gzipped);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let warc = response(
        "https://port.example/gz",
        "200 OK",
        "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
        &chunked,
    );
    let outcome = read_reader(warc.as_slice(), "gz.warc", SourceKind::Warc, &IngestConfig::default());
    assert_eq!(rejections(&outcome), Vec::<String>::new());
    assert_eq!(outcome.docs[0].body, PAGE);
    let brotli = response(
        "https://port.example/br",
        "200 OK",
        "Content-Type: text/html\r\nContent-Encoding: br\r\n",
        b"\x1b\x00",
    );
    let outcome = read_reader(brotli.as_slice(), "br.warc", SourceKind::Warc, &IngestConfig::default());
    assert_eq!(outcome.skipped.get(&SkipReason::UnsupportedContentEncoding), Some(&1));
}

#[test]
fn oversized_responses_are_rejected_and_skipped_over() {
    let big = format!("<html><body>{}</body></html>", "<p>word</p>".repeat(500));
    let mut warc = response("https://port.example/big", "200 OK", "Content-Type: text/html\r\n", big.as_bytes());
    warc.extend_from_slice(&response(
        "https://port.example/small",
        "200 OK",
        "Content-Type: text/html\r\n",
        PAGE.as_bytes(),
    ));
    let config = IngestConfig { max_document_bytes: 1000, ..IngestConfig::default() };
    let outcome = read_reader(warc.as_slice(), "big.warc", SourceKind::Warc, &config);
    assert_eq!(outcome.docs.len(), 1);
    assert_eq!(rejections(&outcome), [format!("big.warc#1: too large: {} bytes, the limit is 1000", big.len())]);
}
