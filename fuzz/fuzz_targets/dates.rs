//! Date expressions resolved against a publication day (parallax-extract), and the date
//! parsers of parallax-text.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use parallax_extract::extract_dates;
use parallax_text::{parse_date_text, parse_iso_prefix};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_iso_prefix(&text);
    let _ = parse_date_text(&text);
    let paragraphs: Vec<String> = text.split('\n').map(str::to_string).collect();
    let _ = extract_dates(&paragraphs, NaiveDate::from_ymd_opt(2024, 2, 29));
    let _ = extract_dates(&paragraphs, None);
});
