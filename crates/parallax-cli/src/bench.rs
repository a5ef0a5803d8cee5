//! `parallax bench …`: speed of stages on the public corpora.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use parallax_cluster::ClusterConfig;
use serde::Serialize;

use crate::args::BenchCommand;

#[derive(Serialize)]
struct StepRow {
    #[serde(flatten)]
    step: parallax_eval::throughput::ThroughputStep,
    /// Resident memory of the process when the step ended.
    resident_mib: Option<f64>,
}

#[derive(Serialize)]
struct ClusteringBench {
    /// Stories cleaned and extracted once, replayed as perturbed copies.
    base_stories: usize,
    /// Microseconds per story of building the clusterer's features (one thread; the steps
    /// time the clusterer alone).
    features_micros_per_article: f64,
    /// Resident memory before the first article was clustered (the prepared corpus).
    resident_mib_before: Option<f64>,
    steps: Vec<StepRow>,
    /// The refinement at the end of the stream.
    refine: parallax_eval::throughput::RefineStep,
}

pub fn run(what: BenchCommand) -> anyhow::Result<ExitCode> {
    match what {
        what @ (BenchCommand::Corpus { .. } | BenchCommand::Serve { .. }) => crate::bench_serve::run(what),
        BenchCommand::Workers { store, workers, articles, job_size, data, output } => {
            crate::bench_workers::run(&crate::bench_workers::WorkersBench {
                data: &data,
                store: &store,
                workers: &workers,
                articles,
                job_size: usize::try_from(job_size).unwrap_or(usize::MAX),
                json: output.json,
            })
        }
        BenchCommand::Scaling { data, steps, data_dir, from, output } => {
            crate::bench_scaling::run(&crate::bench_scaling::ScalingBench {
                data: &data,
                steps: &steps,
                data_dir: data_dir.as_deref(),
                from,
                json: output.json,
            })
        }
        BenchCommand::Stages { reuters, pages, conll, stories, output } => {
            stages(&reuters, &pages, &conll, stories, output.json)
        }
        BenchCommand::Clustering { data, max, steps, settings, output } => {
            let mut config = ClusterConfig::default();
            for setting in &settings {
                crate::eval::set_cluster_setting(&mut config, setting)?;
            }
            let docs = parallax_eval::reuters::load(&data).context("cannot load Reuters-21578")?;
            let prepared = parallax_eval::throughput::prepare(&docs);
            drop(docs);
            let (base, features_micros_per_article) = (prepared.features, prepared.features_micros_per_article);
            let mut checkpoints: Vec<usize> = steps.into_iter().filter(|&s| s > 0 && s < max).collect();
            checkpoints.push(max);
            let resident_mib_before = resident_mib();
            if !output.json {
                eprintln!(
                    "{} stories prepared (features {features_micros_per_article:.1} µs per article, one thread); \
                     streaming {max} articles",
                    base.len()
                );
                let mut out = std::io::stdout().lock();
                writeln!(
                    out,
                    "resident MiB before clustering: {}",
                    resident_mib_before.map_or_else(|| "-".to_string(), |m| format!("{m:.0}"))
                )?;
                writeln!(out, "articles   events   articles/s   µs/article   median µs/article   resident MiB")?;
                out.flush()?;
            }
            let mut rows = Vec::new();
            let mut failure = None;
            // One run, reporting at each checkpoint: time per article as the stream grows.
            let (_, refine) = parallax_eval::throughput::run(&base, &checkpoints, &config, |step| {
                let row = StepRow { step: step.clone(), resident_mib: resident_mib() };
                if !output.json && failure.is_none() {
                    failure = print_row(&row).err();
                }
                rows.push(row);
            });
            if let Some(error) = failure {
                return Err(error.into());
            }
            if !output.json {
                // Seconds of streaming: each step's articles at its time per article.
                let (mut streamed, mut before) = (0.0, 0);
                for row in &rows {
                    streamed += (row.step.articles - before) as f64 * row.step.micros_per_article * 1e-6;
                    before = row.step.articles;
                }
                let articles = rows.last().map_or(0, |r| r.step.articles);
                println!(
                    "refine at the end (splits, reassignment, fragment merges, regrouping): {:.2} s, {} events, {} moves; \
                     {articles} articles in {:.1} s all told ({:.0} articles/s)",
                    refine.seconds,
                    refine.events,
                    refine.moves,
                    streamed + refine.seconds,
                    articles as f64 / (streamed + refine.seconds).max(f64::MIN_POSITIVE)
                );
            }
            if output.json {
                let bench = ClusteringBench {
                    base_stories: base.len(),
                    features_micros_per_article,
                    resident_mib_before,
                    steps: rows,
                    refine,
                };
                crate::commands::print_json(&bench)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_row(row: &StepRow) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:>8} {:>8} {:>12.0} {:>12.1} {:>19.1} {:>14}",
        row.step.articles,
        row.step.events,
        row.step.articles_per_second,
        row.step.micros_per_article,
        row.step.median_micros_per_article,
        row.resident_mib.map_or_else(|| "-".to_string(), |m| format!("{m:.0}"))
    )?;
    out.flush()
}

/// Resident memory of this process, from /proc (Linux), in MiB.
fn resident_mib() -> Option<f64> {
    memory_mib("VmRSS:")
}

/// A memory figure of this process from /proc/self/status (`VmRSS:`, `VmHWM:` …; Linux), in
/// MiB.
pub(crate) fn memory_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// `parallax bench stages`: each stage timed alone on one thread.
fn stages(
    reuters: &std::path::Path,
    pages: &std::path::Path,
    conll: &std::path::Path,
    stories: usize,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let mut docs = parallax_eval::reuters::load(reuters).context("cannot load Reuters-21578")?;
    docs.truncate(stories);
    let pages: Vec<parallax_model::RawDoc> = if pages.join("evaldata.json").is_file() {
        let cases = parallax_eval::extraction::load(pages).context("cannot load the extraction pages")?;
        cases.into_iter().filter_map(|case| case.doc.ok()).collect()
    } else {
        eprintln!("html extraction skipped: {} is absent", pages.display());
        Vec::new()
    };
    let conll = if conll.is_file() {
        Some(parallax_eval::ner::load_conll(conll).context("cannot load the CoNLL file")?)
    } else {
        eprintln!("ner tagging skipped: {} is absent", conll.display());
        None
    };
    let timings = parallax_eval::stages::run_stages(&pages, &docs, conll.as_ref());
    if json {
        crate::commands::print_json(&timings)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{:<22} {:>9} {:<9} {:>9} {:>14}", "stage (one thread)", "items", "unit", "seconds", "items/s")?;
    for timing in &timings {
        writeln!(
            out,
            "{:<22} {:>9} {:<9} {:>9.2} {:>14.0}",
            timing.stage, timing.items, timing.unit, timing.seconds, timing.items_per_second
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
