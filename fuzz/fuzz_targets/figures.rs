//! Numeric figures with bounds, categories and attribution (parallax-extract).
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_extract::extract_figures;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let paragraphs: Vec<String> = text.split('\n').map(str::to_string).collect();
    let _ = extract_figures(&paragraphs);
});
