//! `parallax bench workers`: ingest speed of `parallax worker` processes sharing one
//! PostgreSQL store, for each number of workers asked for, with where the time went.
//!
//! Each run gets a fresh schema in the database given (dropped after), the same replayed
//! Reuters-21578 corpus cut into job files, and that many worker processes of this program.
//! The machine's CPU time over the run (from /proc) says what was busy: the workers, or
//! PostgreSQL and everything else.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use parallax_engine::{JobQueue, ScratchSchema, WorkerSummary};
use serde::Serialize;

use crate::bench_serve::{load_reuters, replay};

/// Claims of one job after which the workers give it up (the worker's default).
const MAX_ATTEMPTS: i32 = 3;

/// What `bench workers` is asked to do.
pub struct WorkersBench<'a> {
    pub data: &'a Path,
    pub store: &'a str,
    pub workers: &'a [usize],
    pub articles: usize,
    pub job_size: usize,
    pub json: bool,
}

/// One run: `workers` processes over the whole corpus.
#[derive(Debug, Serialize)]
struct Run {
    workers: usize,
    articles: usize,
    jobs: usize,
    /// Articles stored.
    stored: usize,
    /// Articles rejected (recorded with their job), such as stories with no text.
    rejected: usize,
    /// From the start of the workers until the queue was empty: reading, cleaning, extracting
    /// and storing, in parallel.
    ingest_seconds: f64,
    ingest_articles_per_second: f64,
    /// From then until the last worker exited: the analysis (clustering and reports over every
    /// article), computed by one worker under the store's lock.
    analysis_seconds: f64,
    total_seconds: f64,
    total_articles_per_second: f64,
    /// Busy share of all cores over the run (1.0 = every core busy all the time).
    machine_busy: Option<f64>,
    /// Share of that busy time spent in the worker processes.
    workers_share_of_busy: Option<f64>,
    /// Share of that busy time spent in PostgreSQL's processes (when the server runs on this
    /// machine); the rest went to anything else running.
    postgres_share_of_busy: Option<f64>,
    /// Busy share of all cores while the workers ingested, and PostgreSQL's share of it.
    ingest_machine_busy: Option<f64>,
    ingest_postgres_share_of_busy: Option<f64>,
    /// Busy share of all cores during the analysis.
    analysis_machine_busy: Option<f64>,
}

#[derive(Serialize)]
struct Report {
    cores: usize,
    runs: Vec<Run>,
    bottleneck: Vec<String>,
}

pub fn run(bench: &WorkersBench) -> anyhow::Result<ExitCode> {
    if bench.workers.is_empty() || bench.workers.contains(&0) {
        bail!("--workers needs one or more counts above 0");
    }
    let docs = load_reuters(bench.data)?;
    let dir = ScratchDir::create()?;
    let jobs = write_jobs(&docs, bench.articles, bench.job_size.max(1), dir.path())?;
    drop(docs);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if !bench.json {
        eprintln!("{} articles in {} job files; {cores} cores", bench.articles, jobs.len());
        println!(
            "workers   articles   ingest s   ingest art/s   analysis s   total s   total art/s   busy   workers   postgres"
        );
    }
    let mut runs = Vec::new();
    for &workers in bench.workers {
        let name = format!("parallax_bench_workers_{workers}_{}", std::process::id());
        let schema = ScratchSchema::create(bench.store, &name).context("cannot make a schema for the run")?;
        let run = run_once(&schema.url(), workers, &jobs, bench.articles, cores)?;
        if !bench.json {
            println!(
                "{:>7}   {:>8}   {:>8.1}   {:>12.0}   {:>10.1}   {:>7.1}   {:>11.0}   {:>4}   {:>7}   {:>8}",
                run.workers,
                run.articles,
                run.ingest_seconds,
                run.ingest_articles_per_second,
                run.analysis_seconds,
                run.total_seconds,
                run.total_articles_per_second,
                percent(run.machine_busy),
                percent(run.workers_share_of_busy),
                percent(run.postgres_share_of_busy),
            );
        }
        runs.push(run);
    }
    let bottleneck = bottleneck(&runs, cores);
    if bench.json {
        crate::commands::print_json(&Report { cores, runs, bottleneck })?;
    } else {
        for line in &bottleneck {
            println!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "-".to_string(), |s| format!("{:.0}%", s * 100.0))
}

/// Writes the corpus as JSON-lines files of `job_size` articles each; returns their paths.
fn write_jobs(
    docs: &[parallax_eval::reuters::ReutersDoc],
    articles: usize,
    job_size: usize,
    dir: &Path,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    let mut writer: Option<BufWriter<std::fs::File>> = None;
    let mut written = 0usize;
    replay(docs, articles, |line| {
        if written.is_multiple_of(job_size) {
            if let Some(mut full) = writer.take() {
                full.flush()?;
            }
            let path = dir.join(format!("job-{:06}.jsonl", paths.len()));
            let file = std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
            writer = Some(BufWriter::new(file));
            paths.push(path);
        }
        if let Some(out) = writer.as_mut() {
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
        }
        written += 1;
        Ok(())
    })?;
    if let Some(mut last) = writer {
        last.flush()?;
    }
    Ok(paths)
}

fn run_once(url: &str, workers: usize, jobs: &[PathBuf], articles: usize, cores: usize) -> anyhow::Result<Run> {
    let mut queue = JobQueue::connect(url)?;
    queue.enqueue(jobs)?;
    let exe = std::env::current_exe().context("cannot find this program to start workers")?;
    let before = CpuTimes::now();
    let start = Instant::now();
    let mut children = (0..workers)
        .map(|_| {
            Command::new(&exe)
                .args(["worker", "--store", url, "--quiet", "--json"])
                .env_remove("PARALLAX_STORE_URL")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .context("cannot start a worker")
        })
        .collect::<anyhow::Result<Vec<Child>>>()?;
    let ingest = loop {
        let counts = queue.counts(MAX_ATTEMPTS)?;
        if counts.waiting == 0 && counts.leased == 0 {
            break start.elapsed();
        }
        let mut running = 0;
        for child in &mut children {
            if child.try_wait()?.is_none() {
                running += 1;
            }
        }
        if running == 0 {
            // Every worker stopped with jobs left: their output says why.
            break start.elapsed();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let ingested = CpuTimes::now();
    let (mut inserted, mut rejected) = (0, 0);
    for child in children {
        let output = child.wait_with_output()?;
        // Exit code 3 says some inputs were rejected (recorded, and counted below).
        if !output.status.success() && output.status.code() != Some(crate::EXIT_REJECTED.into()) {
            bail!("a worker failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr).trim());
        }
        let summary: WorkerSummary = serde_json::from_slice(&output.stdout).context("a worker printed no summary")?;
        inserted += summary.inserted;
        rejected += summary.rejections;
    }
    let total = start.elapsed();
    let after = CpuTimes::now();
    let counts = queue.counts(MAX_ATTEMPTS)?;
    if inserted + rejected != articles || counts.done != jobs.len() {
        bail!(
            "the workers stored {inserted} and rejected {rejected} of {articles} articles, and completed {} of {} jobs",
            counts.done,
            jobs.len()
        );
    }
    let shares_between = |from: Option<CpuTimes>, to: Option<CpuTimes>, elapsed: Duration| match (from, to) {
        (Some(from), Some(to)) => from.shares(&to, cores, elapsed),
        _ => Shares::default(),
    };
    let shares = shares_between(before, after, total);
    let ingest_shares = shares_between(before, ingested, ingest);
    let analysis_shares = shares_between(ingested, after, total - ingest);
    let per_second = |seconds: f64| if seconds > 0.0 { articles as f64 / seconds } else { 0.0 };
    Ok(Run {
        workers,
        articles,
        jobs: jobs.len(),
        stored: inserted,
        rejected,
        ingest_seconds: ingest.as_secs_f64(),
        ingest_articles_per_second: per_second(ingest.as_secs_f64()),
        analysis_seconds: (total - ingest).as_secs_f64(),
        total_seconds: total.as_secs_f64(),
        total_articles_per_second: per_second(total.as_secs_f64()),
        machine_busy: shares.machine_busy,
        workers_share_of_busy: shares.workers,
        postgres_share_of_busy: shares.postgres,
        ingest_machine_busy: ingest_shares.machine_busy,
        ingest_postgres_share_of_busy: ingest_shares.postgres,
        analysis_machine_busy: analysis_shares.machine_busy,
    })
}

/// What limited the runs, in words, from their numbers.
fn bottleneck(runs: &[Run], cores: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if let (Some(first), Some(best)) =
        (runs.first(), runs.iter().max_by(|a, b| a.ingest_articles_per_second.total_cmp(&b.ingest_articles_per_second)))
    {
        lines.push(format!(
            "ingest: {:.0} art/s with {} worker(s), best {:.0} art/s with {} ({:.2}x)",
            first.ingest_articles_per_second,
            first.workers,
            best.ingest_articles_per_second,
            best.workers,
            best.ingest_articles_per_second / first.ingest_articles_per_second.max(f64::MIN_POSITIVE),
        ));
    }
    for run in runs {
        let analysis_share = run.analysis_seconds / run.total_seconds.max(f64::MIN_POSITIVE);
        let ingest = match run.ingest_machine_busy {
            Some(busy) if busy >= 0.85 => format!(
                "ingest CPU-bound ({:.0}% of {cores} cores busy, {:.0}% of it PostgreSQL)",
                busy * 100.0,
                run.ingest_postgres_share_of_busy.unwrap_or(0.0) * 100.0
            ),
            Some(busy) => format!(
                "ingest not CPU-bound ({:.0}% of {cores} cores busy, {:.0}% of it PostgreSQL): workers waited on the database",
                busy * 100.0,
                run.ingest_postgres_share_of_busy.unwrap_or(0.0) * 100.0
            ),
            None => "no CPU figures on this system".to_string(),
        };
        let analysis =
            run.analysis_machine_busy.map_or_else(String::new, |busy| format!(" on {:.1} cores", busy * cores as f64));
        lines.push(format!(
            "{} worker(s): {ingest}; then the analysis, one worker at a time under the store's lock, ran{analysis} for {:.0}% of the run",
            run.workers,
            analysis_share * 100.0
        ));
    }
    lines
}

/// Clock ticks of the whole machine, of this process's waited-for children and of the
/// PostgreSQL server's processes (Linux).
#[derive(Clone, Copy)]
struct CpuTimes {
    machine_busy: u64,
    children: u64,
    postgres: u64,
}

/// Shares of the CPU over a run.
#[derive(Default)]
struct Shares {
    machine_busy: Option<f64>,
    workers: Option<f64>,
    postgres: Option<f64>,
}

impl CpuTimes {
    fn now() -> Option<Self> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let fields: Vec<u64> = stat.lines().next()?.split_whitespace().skip(1).filter_map(|f| f.parse().ok()).collect();
        // user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
        let total: u64 = fields.iter().take(8).sum();
        let idle = fields.get(3)? + fields.get(4).copied().unwrap_or(0);
        let own = process_ticks(&std::fs::read_to_string("/proc/self/stat").ok()?)?;
        Some(Self { machine_busy: total - idle, children: own.1, postgres: postgres_ticks() })
    }

    /// The busy share of all cores over `elapsed`, and the workers' and PostgreSQL's shares
    /// of the busy time.
    fn shares(&self, after: &Self, cores: usize, elapsed: Duration) -> Shares {
        // All in USER_HZ ticks, 100 a second on Linux.
        let busy = after.machine_busy.saturating_sub(self.machine_busy) as f64;
        let available = cores as f64 * elapsed.as_secs_f64() * 100.0;
        let of_busy = |ticks: u64| (busy > 0.0).then(|| (ticks as f64 / busy).min(1.0));
        Shares {
            machine_busy: (available > 0.0).then(|| (busy / available).min(1.0)),
            workers: of_busy(after.children.saturating_sub(self.children)),
            postgres: of_busy(after.postgres.saturating_sub(self.postgres)).filter(|&share| share > 0.0),
        }
    }
}

/// A process's own ticks (user + system) and those of its waited-for children, from its
/// `/proc/PID/stat` line: fields 14 to 17, counted after the command name (which may hold
/// spaces and parentheses).
fn process_ticks(stat: &str) -> Option<(u64, u64)> {
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let tick = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    Some((tick(11)? + tick(12)?, tick(13)? + tick(14)?))
}

/// Ticks of every process named `postgres` and of the children they waited for: the server's
/// backends that came and went are in the postmaster's children's time.
fn postgres_ticks() -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0 };
    entries
        .flatten()
        .filter(|entry| entry.file_name().to_str().is_some_and(|name| name.bytes().all(|b| b.is_ascii_digit())))
        .filter_map(|entry| std::fs::read_to_string(entry.path().join("stat")).ok())
        .filter(|stat| {
            stat.split_once('(').and_then(|(_, rest)| rest.rsplit_once(')')).is_some_and(|(name, _)| name == "postgres")
        })
        .filter_map(|stat| process_ticks(&stat))
        .map(|(own, children)| own + children)
        .sum()
}

/// A temporary directory for the job files, removed on drop.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn create() -> anyhow::Result<Self> {
        let path = std::env::temp_dir().join(format!("parallax-bench-workers-{}", std::process::id()));
        std::fs::create_dir_all(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Self(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
