//! End-to-end tests of the `parallax` binary: the example corpus, the seed articles, bad
//! inputs, determinism, the data directory, and the architecture rules.

mod architecture;
mod bad_input;
mod corpus;
mod crash;
mod data_dir;
mod postgres;
mod seeds;
mod stories;
mod streaming;
mod urls;
mod wire;

use std::path::{Path, PathBuf};
use std::process::Output;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

pub fn parallax(args: &[&str]) -> Output {
    parallax_in(&workspace_root(), args)
}

pub fn parallax_in(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(dir)
        .env_remove("PARALLAX_DATA_DIR")
        .env_remove("PARALLAX_STORE_URL")
        .output()
        .expect("run parallax")
}

pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}); stderr: {}", String::from_utf8_lossy(&output.stderr)))
}

/// The ids of each event's articles, each list sorted, the lists sorted.
pub fn event_groups(analysis: &serde_json::Value) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = analysis["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|event| {
            let mut ids: Vec<String> = event["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .map(|id| id.as_str().expect("id").to_string())
                .collect();
            ids.sort();
            ids
        })
        .collect();
    groups.sort();
    groups
}
