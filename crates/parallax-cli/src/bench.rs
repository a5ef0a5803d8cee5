//! `parallax bench …`: speed of stages on the public corpora.

use std::fmt::Write;
use std::process::ExitCode;

use anyhow::Context;
use parallax_cluster::ClusterConfig;
use serde::Serialize;

use crate::args::BenchCommand;

#[derive(Serialize)]
struct StepRow {
    #[serde(flatten)]
    step: parallax_eval::throughput::ThroughputStep,
    resident_mib: Option<f64>,
}

pub fn run(what: BenchCommand) -> anyhow::Result<ExitCode> {
    match what {
        BenchCommand::Clustering { data, articles, step, output } => {
            let docs = parallax_eval::reuters::load(&data).context("cannot load Reuters-21578")?;
            let base = parallax_eval::throughput::prepare(&docs);
            if !output.json {
                eprintln!("{} stories prepared; streaming {articles} articles", base.len());
            }
            let mut rows = Vec::new();
            let mut last = 0;
            let config = ClusterConfig::default();
            // One run, reporting per step: time per article as the stream grows.
            let steps = parallax_eval::throughput::run(&base, articles, step.max(1), &config);
            for step in steps {
                last = step.articles;
                rows.push(StepRow { step, resident_mib: resident_mib() });
            }
            if output.json {
                crate::commands::print_json(&rows)?;
            } else {
                let mut out = String::from("articles   events   articles/s   µs/article   resident MiB\n");
                for row in &rows {
                    let _ = writeln!(
                        out,
                        "{:>8} {:>8} {:>12.0} {:>12.1} {:>14}",
                        row.step.articles,
                        row.step.events,
                        row.step.articles_per_second,
                        row.step.micros_per_article,
                        row.resident_mib.map_or_else(|| "-".to_string(), |m| format!("{m:.0}"))
                    );
                }
                let _ = writeln!(out, "({last} articles; the resident size includes the prepared corpus)");
                crate::commands::print_text(&out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Resident memory of this process, from /proc (Linux), in MiB.
fn resident_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
