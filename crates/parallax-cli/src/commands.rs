//! One function per command: call the engine, print text or JSON, choose the exit code.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use parallax_engine::{
    Engine, EngineConfig, SkippedRecords, StoreLocation, Worker, WorkerConfig, analyze_inputs, read_inputs_fetching,
};
use parallax_model::{Diagnostic, Rejection};
use serde::Serialize;

use crate::args::{Cli, Command, DataDir, SharedStore};
use crate::progress::Bar;
use crate::{EXIT_REJECTED, render};

/// Reads a quote encoder folder (see `--quote-encoder`).
fn load_quote_encoder(dir: &Path) -> anyhow::Result<parallax_extract::quotes::QuoteEncoder> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).with_context(|| {
            format!(
                "cannot read {}: a quote encoder folder holds model.safetensors, vocab.txt and config.json, \
                 as scripts/quote-encoder/build.sh writes them",
                path.display()
            )
        })
    };
    let weights = read("model.safetensors")?;
    let vocabulary = String::from_utf8(read("vocab.txt")?).context("vocab.txt is not UTF-8")?;
    let config = String::from_utf8(read("config.json")?).context("config.json is not UTF-8")?;
    parallax_extract::quotes::QuoteEncoder::from_parts(&weights, &vocabulary, &config)
        .with_context(|| format!("cannot load the quote encoder in {}", dir.display()))
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let bar = Bar::new(cli.quiet);
    let mut config = EngineConfig::default();
    config.fetch.allow_private = cli.allow_private;
    if let Some(dir) = &cli.quote_encoder {
        // The process installs its one encoder here, before any extraction.
        load_quote_encoder(dir)?.install();
    }
    match cli.command {
        Command::Analyze { inputs, output, summary_sentences } => {
            config.report.summary.max_sentences = usize::from(summary_sentences);
            let read = read_inputs_fetching(&inputs, &config.ingest, &config.fetch, &bar);
            let analysis = analyze_inputs(read, &config, &bar);
            if output.json {
                print_json(&analysis)?;
            } else {
                print_text(&render::analysis(&analysis))?;
            }
            Ok(report_problems(
                &analysis.rejections,
                &analysis.diagnostics,
                analysis.skipped.len(),
                &analysis.skipped_records,
                output.json,
            ))
        }
        Command::Extract { inputs, output } => {
            let read = read_inputs_fetching(&inputs, &config.ingest, &config.fetch, &bar);
            let mut rejections = read.rejections.clone();
            let (processed, rejected) = parallax_engine::process_docs(read.docs, &config.clean, &bar);
            rejections.extend(rejected);
            rejections.sort();
            let articles: Vec<render::Extracted> = processed.iter().map(render::Extracted::from).collect();
            if output.json {
                print_json(&articles)?;
            } else {
                print_text(&render::extracted(&articles))?;
            }
            Ok(report_problems(&rejections, &read.diagnostics, read.skipped.len(), &read.skipped_records, output.json))
        }
        Command::Ingest { inputs, data, output } => {
            let mut engine = open(&data, config.clone())?;
            let summary = engine.ingest_paths(&inputs, &bar).context("ingest failed")?;
            if output.json {
                print_json(&summary)?;
            } else {
                print_text(&format!(
                    "{} new, {} updated, {} unchanged, {} rejected; {} now holds {} articles in {} events\n",
                    summary.inserted,
                    summary.updated,
                    summary.unchanged,
                    summary.rejections.len(),
                    data.describe(),
                    summary.articles_total,
                    summary.events_total
                ))?;
            }
            Ok(report_problems(
                &summary.rejections,
                &summary.diagnostics,
                summary.skipped.len(),
                &summary.skipped_records,
                output.json,
            ))
        }
        Command::Events { data, output } => {
            let engine = open(&data, config)?;
            let events = engine.events()?;
            if output.json {
                let rows: Vec<render::EventRow> = events.iter().map(render::EventRow::from).collect();
                print_json(&rows)?;
            } else {
                print_text(&render::event_list(&events))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Event { id, history: true, data, output } => {
            let engine = open(&data, config)?;
            let event = engine.event(&id)?;
            if output.json {
                print_json(&event.history)?;
            } else {
                print_text(&render::history(&event))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Event { id, history: false, data, output } => {
            let engine = open(&data, config)?;
            let event = engine.event(&id)?;
            if output.json {
                print_json(&event)?;
            } else {
                let outlets = |article: &parallax_model::ArticleId| {
                    engine.article(article.as_str()).ok().and_then(|(stored, _)| stored.article.outlet)
                };
                let mut text = render::event(&event, &outlets);
                // The story around the event, as a timeline.
                let story = match &event.story {
                    Some(id) => engine.stories()?.into_iter().find(|story| &story.id == id),
                    None => None,
                };
                if let Some(story) = story.filter(|story| story.timeline.len() > 1) {
                    text.push('\n');
                    text.push_str(&render::stories(std::slice::from_ref(&story)));
                }
                print_text(&text)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Reanalyze { data, output } => {
            let mut engine = open(&data, config)?;
            engine.recompute().context("the analysis failed")?;
            let status = engine.status()?;
            if output.json {
                print_json(&status)?;
            } else {
                print_text(&format!(
                    "{}: {} articles in {} events and {} stories\n",
                    data.describe(),
                    status.articles,
                    status.events,
                    status.stories
                ))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Status { data, output } => {
            let engine = open(&data, config)?;
            let status = engine.status()?;
            if output.json {
                print_json(&status)?;
            } else {
                print_text(&format!(
                    "{}: {} articles ({} in the search index), {} events, {} stories, {} rejections recorded{}\n",
                    data.data_dir.display(),
                    status.articles,
                    status.indexed_articles,
                    status.events,
                    status.stories,
                    status.rejections,
                    if status.analysis_stale { "; analysis out of date" } else { "" }
                ))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stories { data, output } => {
            let engine = open(&data, config)?;
            let stories = engine.stories()?;
            if output.json {
                print_json(&stories)?;
            } else {
                print_text(&render::stories(&stories))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { what } => crate::eval::run(what),
        Command::Train { what } => crate::train::run(what),
        Command::Bench { what } => crate::bench::run(what),
        Command::Search { query, limit, data, output } => {
            let engine = open(&data, config)?;
            let hits = engine.search(&query, limit)?;
            let rows: Vec<render::SearchRow> = hits.iter().map(render::SearchRow::from).collect();
            if output.json {
                print_json(&rows)?;
            } else {
                print_text(&render::search(&rows))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Enqueue { inputs, store, output } => {
            let url = postgres_url(&store)?;
            let n_jobs = parallax_engine::enqueue_inputs(url, &inputs)
                .with_context(|| format!("cannot enqueue into {}", store.store))?;
            if output.json {
                print_json(&serde_json::json!({ "jobs": n_jobs }))?;
            } else {
                print_text(&format!("{n_jobs} job(s) queued in {}\n", store.store))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Worker { store, lease_seconds, max_attempts, output } => {
            let url = postgres_url(&store)?;
            let settings = WorkerConfig {
                owner: worker_name(),
                lease: std::time::Duration::from_secs(lease_seconds),
                max_attempts,
            };
            let mut worker = Worker::connect(url, config, settings.clone())
                .with_context(|| format!("cannot open {}", store.store))?;
            let summary = worker.run_until_idle(&bar).context("the worker failed")?;
            if output.json {
                print_json(&summary)?;
            } else {
                print_text(&format!(
                    "{}: {} job(s) done ({} lost to other workers): {} new, {} updated, {} unchanged, {} rejected; {} analysis run(s)\n",
                    settings.owner,
                    summary.jobs,
                    summary.lost_jobs,
                    summary.inserted,
                    summary.updated,
                    summary.unchanged,
                    summary.rejections,
                    summary.analyses
                ))?;
            }
            Ok(if summary.rejections > 0 { ExitCode::from(EXIT_REJECTED) } else { ExitCode::SUCCESS })
        }
        Command::Serve { addr, port, public_url, data } => {
            let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_target(false).try_init();
            let engine = open(&data, config)?;
            let api_token = std::env::var("PARALLAX_API_TOKEN").ok().filter(|token| !token.trim().is_empty());
            let ingest_enabled = api_token.is_some();
            let server = parallax_server::Server::bind(
                engine,
                parallax_server::ServeConfig { addr, port, api_token, public_url },
            )?;
            print_text(&format!("parallax is serving {} on {}\n", data.data_dir.display(), server.url()))?;
            if !ingest_enabled {
                eprintln!("note: ingest over HTTP is disabled; set PARALLAX_API_TOKEN to enable POST /api/articles");
            }
            server.run()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The connection URL of a shared store (only PostgreSQL stores are shared).
fn postgres_url(store: &SharedStore) -> anyhow::Result<&str> {
    match &store.store {
        StoreLocation::Postgres(url) => Ok(url),
        StoreLocation::Embedded(path) => anyhow::bail!("{} is not a PostgreSQL store", path.display()),
    }
}

/// A name for this worker's leases: unique among live workers (process id and start time).
fn worker_name() -> String {
    let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_micros());
    format!("worker-{}-{started:x}", std::process::id())
}

/// Opens the data directory with its store (embedded unless `--store` names another).
pub fn open(data: &DataDir, config: EngineConfig) -> anyhow::Result<Engine> {
    Engine::open_with_store(&data.data_dir, &data.store_location(), config)
        .with_context(|| format!("cannot open {}", data.describe()))
}

pub fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

pub fn print_text(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Lists rejections and notes on stderr; the exit code says whether anything was rejected.
fn report_problems(
    rejections: &[Rejection],
    diagnostics: &[Diagnostic],
    n_skipped: usize,
    skipped_records: &SkippedRecords,
    json: bool,
) -> ExitCode {
    for diagnostic in diagnostics {
        eprintln!("note: {}: {}", diagnostic.input, diagnostic.message);
    }
    if n_skipped > 0 && !json {
        eprintln!("note: skipped {n_skipped} file(s) of a type Parallax does not read");
    }
    if !skipped_records.is_empty() && !json {
        let counts: Vec<String> = skipped_records.iter().map(|(reason, n)| format!("{n} {reason}")).collect();
        eprintln!("note: passed over records that are not articles: {}", counts.join(", "));
    }
    for rejection in rejections {
        eprintln!("rejected: {rejection}");
    }
    if rejections.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("{} input(s) rejected", rejections.len());
        ExitCode::from(EXIT_REJECTED)
    }
}
