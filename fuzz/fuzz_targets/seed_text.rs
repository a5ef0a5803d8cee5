//! Plain text with the seed header: the header parser alone, then the whole text cleaner.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_model::{InputFormat, RawDoc};
use parallax_text::{CleanConfig, clean, parse_seed_header};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let first_line = text.lines().next().unwrap_or("");
    let _ = parse_seed_header(first_line);
    let doc = RawDoc::new("fuzz", "fuzz.txt", InputFormat::Text, text.into_owned());
    let _ = clean(&doc, &CleanConfig::default());
});
