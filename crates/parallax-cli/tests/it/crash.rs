//! Crash safety of the embedded store: `parallax ingest` killed with SIGKILL at arbitrary
//! points, then run again, stores every article exactly once and leaves the search index and
//! the analysis in step with the store. `PARALLAX_CRASH_RUNS` sets the number of kills
//! (default 3), `PARALLAX_CRASH_ARTICLES` the size of the stream (default 1,500).

use std::fmt::Write;

use crate::{json, parallax_in};

const TOWNS: &[&str] = &["Arden", "Belmoor", "Calder", "Dunmere", "Eskby", "Farrow", "Glenhollow", "Harwick"];
const THINGS: &[&str] = &["bridges", "schools", "clinics", "bus lines", "parks", "wells", "libraries", "ferries"];
const VERBS: &[&str] = &["approved", "rejected", "delayed", "funded", "reviewed", "expanded"];

/// A JSON-lines file of `n` distinct synthetic articles.
pub(crate) fn synthetic_corpus(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let town = TOWNS[i % TOWNS.len()];
        let thing = THINGS[(i / 8) % THINGS.len()];
        let verb = VERBS[(i / 64) % VERBS.len()];
        let day = 1 + i % 28;
        let text = format!(
            "The council of {town} {verb} {count} new {thing} on Monday, officials said in a statement numbered {i}. \
             Residents of {town} had asked for the {thing} for {years} years, and the vote passed {yes} to {no}. \
             “We listened to every street,” said councillor number {i} of {town}.",
            count = 2 + i % 17,
            years = 1 + i % 9,
            yes = 5 + i % 4,
            no = i % 5,
        );
        let _ = writeln!(
            out,
            "{{\"url\": \"https://news.example/{i}\", \"title\": \"{town} {verb} {thing} ({i})\", \"published\": \"2025-03-{day:02}\", \"text\": \"{}\"}}",
            text.replace('"', "\\\"")
        );
    }
    out
}

#[test]
fn killed_ingest_resumes_without_duplicates_or_holes() {
    let setting = |name: &str, default: usize| -> usize {
        std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
    };
    // PARALLAX_CRASH_RUNS=20 PARALLAX_CRASH_ARTICLES=20000 is the full-size run of issue 9.
    let runs = setting("PARALLAX_CRASH_RUNS", 3);
    let n_articles = setting("PARALLAX_CRASH_ARTICLES", 1500).max(1);
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("feed.jsonl"), synthetic_corpus(n_articles)).expect("corpus");
    // An ingest that runs to the end: how long one takes, and what it stores.
    let reference = dir.path().join("reference").display().to_string();
    let started = std::time::Instant::now();
    let whole = parallax_in(dir.path(), &["ingest", "feed.jsonl", "--data-dir", &reference, "--quiet"]);
    assert!(whole.status.success(), "{}", String::from_utf8_lossy(&whole.stderr));
    let full = started.elapsed();
    let expected = json(&parallax_in(dir.path(), &["events", "--data-dir", &reference, "--json"]));

    let data = dir.path().join("data").display().to_string();
    for run in 0..runs {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(["ingest", "feed.jsonl", "--data-dir", &data, "--quiet"])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn ingest");
        // Kill at a different point of an ingest's life each run (reading, storing, indexing,
        // analysing): points spread over its whole length by the golden ratio.
        let share = (0.05 + run as f64 * 0.618_033_988_7).fract();
        std::thread::sleep(full.mul_f64(share));
        let _ = child.kill();
        let _ = child.wait();
    }
    let finished = parallax_in(dir.path(), &["ingest", "feed.jsonl", "--data-dir", &data, "--json", "--quiet"]);
    assert!(finished.status.success(), "{}", String::from_utf8_lossy(&finished.stderr));
    let summary = json(&finished);
    assert_eq!(summary["articles_total"], n_articles, "every article stored exactly once");
    let status = json(&parallax_in(dir.path(), &["status", "--data-dir", &data, "--json"]));
    assert_eq!(status["articles"], n_articles);
    assert_eq!(status["indexed_articles"], n_articles, "the search index holds every article once");
    assert_eq!(status["analysis_stale"], false);
    let events = json(&parallax_in(dir.path(), &["events", "--data-dir", &data, "--json"]));
    let in_events: u64 =
        events.as_array().expect("events").iter().map(|e| e["article_count"].as_u64().expect("n")).sum();
    assert_eq!(in_events, n_articles as u64, "every article in exactly one event");
    assert_eq!(events, expected, "the same events as an ingest that was never killed");
}
