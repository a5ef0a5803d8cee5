//! HTML pages: parser, main-content extraction, metadata and dates (parallax-text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_model::{InputFormat, RawDoc};
use parallax_text::{CleanConfig, clean};

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data).into_owned();
    let mut doc = RawDoc::new("fuzz", "fuzz.html", InputFormat::Html, html);
    doc.url = Some("https://news.example/2024/05/01/story".to_string());
    let _ = clean(&doc, &CleanConfig::default());
});
