//! The report code's fingerprint covers every source file that shapes a report: a file added
//! to the crate without being fingerprinted would let stale reports be reused.

use std::path::Path;

fn rust_files(dir: &Path, base: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(base).expect("under src").to_string_lossy().replace('\\', "/");
            out.push(relative);
        }
    }
}

#[test]
fn every_source_file_is_fingerprinted() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &src, &mut files);
    files.retain(|f| f != "test_support.rs");
    files.sort();
    let mut fingerprinted: Vec<String> =
        parallax_report::FINGERPRINTED_SOURCES.iter().map(|f| (*f).to_string()).collect();
    fingerprinted.sort();
    assert_eq!(files, fingerprinted, "list every file in crates/parallax-report/src/fingerprint.rs");
    assert_ne!(parallax_report::CODE_FINGERPRINT, 0);
}
