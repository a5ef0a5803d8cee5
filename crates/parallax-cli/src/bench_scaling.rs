//! `parallax bench scaling`: `parallax ingest` on a growing data directory, from ten thousand
//! articles to a million: the replayed Reuters-21578 corpus arrives in steps, each one ingest
//! (storing, indexing, and the analysis brought up to date), with the time per new article
//! and the resident memory after each. The step's time is also given in its two parts: the
//! ingest per article added, and the analysis (which clusters the whole store again) per
//! article stored.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use parallax_engine::{Engine, EngineConfig, NoProgress};
use serde::Serialize;

use crate::bench_serve::{load_reuters, replay_range};

/// What `bench scaling` is asked to do.
pub struct ScalingBench<'a> {
    pub data: &'a Path,
    /// Store sizes after each step, ascending.
    pub steps: &'a [usize],
    /// The data directory to grow; a temporary one (removed after) when `None`.
    pub data_dir: Option<&'a Path>,
    /// The point of the replayed stream that `data_dir` already holds (0: it must be empty).
    pub from: usize,
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct Step {
    /// Articles in the store after the step.
    articles: usize,
    /// Articles this step added.
    added: usize,
    events: usize,
    seconds: f64,
    /// Time of the step per article it added.
    micros_per_article: f64,
    articles_per_second: f64,
    /// The step's storing and indexing (reading, cleaning, extracting, writing the articles
    /// and the search index) per article it added.
    ingest_micros_per_article: f64,
    /// The step's analysis (every stored article clustered again, the changed events
    /// reported) per article in the store: flat when the analysis grows linearly.
    analysis_micros_per_stored_article: f64,
    /// Resident memory after the step, and the most it reached so far (MiB).
    resident_mib: Option<f64>,
    /// The part of `resident_mib` that is the process's own (heap and stacks), not mapped
    /// files such as the search index's segments.
    anonymous_mib: Option<f64>,
    peak_resident_mib: Option<f64>,
}

pub fn run(bench: &ScalingBench) -> anyhow::Result<ExitCode> {
    let mut steps: Vec<usize> = bench.steps.iter().copied().filter(|&s| s > bench.from).collect();
    steps.sort_unstable();
    steps.dedup();
    if steps.is_empty() {
        bail!("--steps needs one or more sizes above {}", bench.from);
    }
    let docs = load_reuters(bench.data)?;
    let scratch = std::env::temp_dir().join(format!("parallax-bench-scaling-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).with_context(|| format!("cannot create {}", scratch.display()))?;
    let _cleanup = RemoveOnDrop(scratch.clone());
    let data_dir = bench.data_dir.map_or_else(|| scratch.join("data"), Path::to_path_buf);
    let mut engine = Engine::open(&data_dir, EngineConfig::default())
        .with_context(|| format!("cannot open {}", data_dir.display()))?;
    let held = engine.status()?.articles;
    if bench.from == 0 && held > 0 {
        bail!("{} already holds articles: give an empty or new --data-dir, or --from", data_dir.display());
    }
    if bench.from > 0 && held == 0 {
        bail!("--from {} needs the data directory an earlier run grew; {} is empty", bench.from, data_dir.display());
    }
    if !bench.json {
        eprintln!("{} Reuters-21578 stories, replayed; data directory {}", docs.len(), data_dir.display());
        println!(
            "articles     added    events   step s   µs/article   articles/s   ingest µs/added   analysis µs/stored   resident MiB   anon MiB   peak MiB"
        );
    }
    let mut rows = Vec::new();
    let mut stored = bench.from;
    for &target in &steps {
        let input = scratch.join(format!("step-{target}.jsonl"));
        write_range(&docs, stored..target, &input)?;
        let started = Instant::now();
        let summary = engine.ingest_paths(std::slice::from_ref(&input), &NoProgress).context("ingest failed")?;
        let seconds = started.elapsed().as_secs_f64();
        let analysis = engine.last_analysis().map_or(0.0, |d| d.as_secs_f64());
        std::fs::remove_file(&input).with_context(|| format!("cannot remove {}", input.display()))?;
        let added = target - stored;
        stored = target;
        let row = Step {
            articles: summary.articles_total,
            added,
            events: summary.events_total,
            seconds,
            micros_per_article: seconds * 1e6 / added as f64,
            articles_per_second: added as f64 / seconds.max(f64::MIN_POSITIVE),
            ingest_micros_per_article: (seconds - analysis) * 1e6 / added as f64,
            analysis_micros_per_stored_article: analysis * 1e6 / summary.articles_total.max(1) as f64,
            resident_mib: crate::bench::memory_mib("VmRSS:"),
            anonymous_mib: crate::bench::memory_mib("RssAnon:"),
            peak_resident_mib: crate::bench::memory_mib("VmHWM:"),
        };
        if !bench.json {
            let mib = |m: Option<f64>| m.map_or_else(|| "-".to_string(), |m| format!("{m:.0}"));
            println!(
                "{:>8}  {:>8}  {:>8}  {:>7.1}  {:>11.0}  {:>11.0}  {:>16.0}  {:>19.0}  {:>13}  {:>9}  {:>9}",
                row.articles,
                row.added,
                row.events,
                row.seconds,
                row.micros_per_article,
                row.articles_per_second,
                row.ingest_micros_per_article,
                row.analysis_micros_per_stored_article,
                mib(row.resident_mib),
                mib(row.anonymous_mib),
                mib(row.peak_resident_mib)
            );
            std::io::stdout().flush()?;
        }
        rows.push(row);
    }
    if bench.json {
        crate::commands::print_json(&rows)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_range(
    docs: &[parallax_eval::reuters::ReutersDoc],
    range: std::ops::Range<usize>,
    out: &Path,
) -> anyhow::Result<()> {
    let file = std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut writer = BufWriter::new(file);
    replay_range(docs, range, |line| {
        serde_json::to_writer(&mut writer, &line)?;
        writer.write_all(b"\n")?;
        Ok(())
    })?;
    writer.flush()?;
    Ok(())
}

struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
