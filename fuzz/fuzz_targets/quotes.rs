//! Quotes with speakers (parallax-extract), over the entities found in the same text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_extract::{EntityIndex, extract_entities, extract_quotes};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let paragraphs: Vec<String> = text.split('\n').map(str::to_string).collect();
    let entities = extract_entities(&paragraphs);
    let index = EntityIndex::new(&entities);
    let _ = extract_quotes(&paragraphs, &index);
});
