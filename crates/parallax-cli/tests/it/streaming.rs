//! `parallax ingest` reads files as streams and stores them a batch at a time: a stream longer
//! than one batch is stored whole and once, and records that are not articles (WARC requests,
//! images) are counted by reason rather than dropped unsaid.

use std::fmt::Write as _;

use crate::{json, parallax_in};

fn warc_record(warc_type: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-06-02T08:00:00Z\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http_response(uri: &str, content_type: &str, body: &str) -> Vec<u8> {
    let block =
        format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}", body.len());
    warc_record("response", uri, "application/http; msgtype=response", block.as_bytes())
}

/// A crawl of one article page, with the records a crawler writes around it.
fn crawl() -> Vec<u8> {
    let page = "<html><head><title>Lock gates mended</title></head><body><article><p>Engineers finished \
                mending the lock gates on the river on Wednesday, the canal trust said in a statement.</p>\
                </article></body></html>";
    [
        warc_record("warcinfo", "", "application/warc-fields", b"software: handmade\r\n"),
        warc_record(
            "request",
            "https://canal.example/gates",
            "application/http; msgtype=request",
            b"GET /gates HTTP/1.1\r\n\r\n",
        ),
        http_response("https://canal.example/gates", "text/html; charset=utf-8", page),
        http_response("https://canal.example/logo.svg", "image/svg+xml", "<svg/>"),
    ]
    .concat()
}

#[test]
fn a_stream_longer_than_a_batch_is_stored_once_and_skipped_records_are_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    // More lines than one stored batch of a stream (2,048), each a distinct article.
    let n = 2_300;
    let mut lines = String::new();
    for i in 0..n {
        let _ = writeln!(
            lines,
            "{{\"url\": \"https://river.example/{i}\", \"published\": \"2025-05-{:02}\", \"text\": \"Barge number {i} passed the weir at lock {} on its way to the harbour, the lock keeper said.\"}}",
            1 + i % 28,
            i % 40
        );
    }
    std::fs::write(dir.path().join("barges.jsonl"), lines).expect("write");
    std::fs::write(dir.path().join("crawl.warc"), crawl()).expect("write");
    let run = || {
        parallax_in(dir.path(), &["ingest", "barges.jsonl", "crawl.warc", "--data-dir", "data", "--json", "--quiet"])
    };

    let first = run();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let summary = json(&first);
    assert_eq!(summary["inserted"], n + 1, "{summary}");
    assert_eq!(summary["articles_total"], n + 1);
    let skipped = &summary["skipped_records"];
    assert_eq!(skipped["WARC record not a response"], 2, "{summary}");
    assert_eq!(skipped["HTTP response not HTML"], 1, "{summary}");

    let again = json(&run());
    assert_eq!((again["inserted"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(n as u64 + 1)), "{again}");
    assert_eq!(again["articles_total"], n + 1);

    let text = parallax_in(dir.path(), &["ingest", "crawl.warc", "--data-dir", "data"]);
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert!(
        stderr.contains("passed over records that are not articles") && stderr.contains("2 WARC record not a response"),
        "{stderr}"
    );
}
