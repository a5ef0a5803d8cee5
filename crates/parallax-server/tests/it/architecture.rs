//! Only this crate knows HTTP: no other crate of the workspace names an HTTP, async runtime or
//! template crate as a dependency or uses one in its source.

use std::path::Path;

const HTTP_CRATES: &[&str] = &["axum", "tokio", "hyper", "tower", "askama", "reqwest", "ureq"];

#[test]
fn no_other_crate_knows_http() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for entry in std::fs::read_dir(&crates).expect("crates dir").filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        // The server answers HTTP; the fetcher makes requests (with ureq only).
        if name == "parallax-server" || name == "parallax-fetch" || !entry.path().join("Cargo.toml").is_file() {
            continue;
        }
        let manifest = std::fs::read_to_string(entry.path().join("Cargo.toml")).expect("manifest");
        for line in manifest.lines() {
            let key = line.split(['=', '.']).next().unwrap_or("").trim();
            assert!(!HTTP_CRATES.contains(&key), "{name}/Cargo.toml depends on {key}");
        }
        let mut stack = vec![entry.path().join("src")];
        while let Some(dir) = stack.pop() {
            for file in std::fs::read_dir(&dir).into_iter().flatten().filter_map(Result::ok) {
                let path = file.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let source = std::fs::read_to_string(&path).expect("source");
                    for krate in HTTP_CRATES {
                        assert!(!source.contains(&format!("{krate}::")), "{} uses {krate}", path.display());
                    }
                }
            }
        }
    }
}
