//! Peer comparison: published main-text extractor crates on the trafilatura-eval pages.
//!
//! Every page is read and decoded once by Parallax's own loader
//! (`parallax_eval::extraction::load`: gzip, charset detection, URL), so that every candidate
//! gets the same HTML string and the same URL. Then, for each extractor in turn, only the
//! extraction calls are timed, one page after the other on one thread (in the order `load`
//! returns them, sorted by URL), and the texts are scored afterwards with the function of
//! `parallax eval extraction` (`parallax_eval::extraction::score_text`: whitespace-normalised
//! substring snippets). An error, a panic (caught) or no article counts as empty output.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use parallax_eval::extraction::{Confusion, ExtractionCase, Scores, article_text, load, score_text};
use parallax_model::RawDoc;
use serde::Serialize;

/// What one extractor made of one page.
enum Outcome {
    Text(String),
    /// The extractor returned an error or no article.
    Error(String),
    Panic,
}

/// One candidate: a display name, the published package it comes from (for its version),
/// the settings used, and the call.
struct Extractor {
    name: &'static str,
    package: &'static str,
    settings: &'static str,
    run: fn(doc: &RawDoc, url: Option<&str>) -> Result<String, String>,
}

fn extractors() -> Vec<Extractor> {
    vec![
        Extractor {
            name: "parallax",
            package: "",
            settings: "parallax_text::clean, CleanConfig::default(); paragraphs joined by newlines",
            run: run_parallax,
        },
        Extractor {
            name: "rs-trafilatura",
            package: "rs-trafilatura",
            settings: "extract_with_options, Options::default() + url; content_text",
            run: run_rs_trafilatura,
        },
        Extractor {
            name: "trafilatura",
            package: "trafilatura",
            settings: "extract, Options::default().with_url(url); content_text",
            run: run_trafilatura,
        },
        Extractor {
            name: "trafilatura+fallback",
            package: "trafilatura",
            settings: "as above + with_fallback(true) + with_exclude_comments(true)",
            run: run_trafilatura_fallback,
        },
        Extractor {
            name: "dom_smoothie",
            package: "dom_smoothie",
            settings: "Readability::new(html, url, Config { text_mode: Formatted }).parse(); text_content",
            run: run_dom_smoothie,
        },
        Extractor {
            name: "dom_smoothie-raw",
            package: "dom_smoothie",
            settings: "Readability::new(html, url, Config::default()).parse(); text_content (TextMode::Raw)",
            run: run_dom_smoothie_raw,
        },
        Extractor {
            name: "libreadability",
            package: "libreadability",
            settings: "extract(html, Some(url)); text_content",
            run: run_libreadability,
        },
        Extractor {
            name: "readabilityrs",
            package: "readabilityrs",
            settings: "Readability::new(html, Some(url), None).parse(); text_content",
            run: run_readabilityrs,
        },
        Extractor {
            name: "readable-readability",
            package: "readable-readability",
            settings: "Readability::new().base_url(url).parse(html); node.text_contents()",
            run: run_readable_readability,
        },
        Extractor {
            name: "llm_readability",
            package: "llm_readability",
            settings: "extractor::extract(bytes, url); text",
            run: run_llm_readability,
        },
        Extractor {
            name: "readability",
            package: "readability",
            settings: "extractor::extract(bytes, url) (default features off); text",
            run: run_readability_kumabook,
        },
        Extractor {
            name: "readability-rs",
            package: "readability-rs",
            settings: "extract(bytes, url, ExtractOptions::default()); text",
            run: run_readability_quambene,
        },
    ]
}

/// Parallax itself, exactly as `parallax eval extraction` calls it.
fn run_parallax(doc: &RawDoc, _url: Option<&str>) -> Result<String, String> {
    parallax_text::clean(doc, &parallax_text::CleanConfig::default())
        .map(|a| article_text(&a))
        .map_err(|r| r.reason.to_string())
}

fn error(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The page's URL for the crates that require one: a placeholder when the data set gives
/// none (a few keys of evaldata.json are names, not URLs).
fn url_or_placeholder(url: Option<&str>) -> url::Url {
    url.and_then(|u| url::Url::parse(u).ok())
        .unwrap_or_else(|| url::Url::parse("http://localhost/").expect("a valid URL"))
}

/// The case's URL if it is an absolute http(s) URL, the only kind every crate accepts.
fn page_url(url: &str) -> Option<&str> {
    let parsed = url::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https").then_some(url)
}

fn run_rs_trafilatura(doc: &RawDoc, url: Option<&str>) -> Result<String, String> {
    let html = doc.body.as_str();
    let options = rs_trafilatura::Options { url: url.map(str::to_string), ..rs_trafilatura::Options::default() };
    rs_trafilatura::extract_with_options(html, &options).map(|r| r.content_text).map_err(error)
}

fn trafilatura_options(url: Option<&str>) -> trafilatura::Options {
    let options = trafilatura::Options::default();
    match url {
        Some(url) => options.with_url(url_or_placeholder(Some(url))),
        None => options,
    }
}

fn run_trafilatura(doc: &RawDoc, url: Option<&str>) -> Result<String, String> {
    let html = doc.body.as_str();
    trafilatura::extract(html, &trafilatura_options(url)).map(|r| r.content_text).map_err(error)
}

fn run_trafilatura_fallback(doc: &RawDoc, url: Option<&str>) -> Result<String, String> {
    let html = doc.body.as_str();
    let options = trafilatura_options(url).with_fallback(true).with_exclude_comments(true);
    trafilatura::extract(html, &options).map(|r| r.content_text).map_err(error)
}

fn dom_smoothie(html: &str, url: Option<&str>, text_mode: dom_smoothie::TextMode) -> Result<String, String> {
    let config = dom_smoothie::Config { text_mode, ..dom_smoothie::Config::default() };
    let mut readability = dom_smoothie::Readability::new(html, url, Some(config)).map_err(error)?;
    readability.parse().map(|a| a.text_content.to_string()).map_err(error)
}

fn run_dom_smoothie(doc: &RawDoc, url: Option<&str>) -> Result<String, String> {
    let html = doc.body.as_str();
    dom_smoothie(html, url, dom_smoothie::TextMode::Formatted)
}

fn run_dom_smoothie_raw(doc: &RawDoc, url: Option<&str>) -> Result<String, String> {
    let html = doc.body.as_str();
    dom_smoothie(html, url, dom_smoothie::TextMode::Raw)
}

fn run_libreadability(doc: &RawDoc, url: Option<&str>) -> Result<String, String> {
    let html = doc.body.as_str();
    libreadability::extract(html, url).map(|a| a.text_content).map_err(error)
}

fn run_readabilityrs(doc: &RawDoc, url: Option<&str>) -> Result<String, String> {
    let html = doc.body.as_str();
    let readability = readabilityrs::Readability::new(html, url, None).map_err(error)?;
    let article = readability.parse().ok_or("no article")?;
    article.text_content.ok_or_else(|| "no text content".to_string())
}

fn run_readable_readability(doc: &RawDoc, url: Option<&str>) -> Result<String, String> {
    let html = doc.body.as_str();
    let mut readability = readable_readability::Readability::new();
    readability.base_url(url.map(|u| url_or_placeholder(Some(u))));
    let (node, _metadata) = readability.parse(html);
    Ok(node.text_contents())
}

fn run_llm_readability(doc: &RawDoc, url: Option<&str>) -> Result<String, String> {
    let html = doc.body.as_str();
    llm_readability::extractor::extract(&mut html.as_bytes(), &url_or_placeholder(url)).map(|p| p.text).map_err(error)
}

fn run_readability_kumabook(doc: &RawDoc, url: Option<&str>) -> Result<String, String> {
    let html = doc.body.as_str();
    readability_kumabook::extractor::extract(&mut html.as_bytes(), &url_or_placeholder(url))
        .map(|p| p.text)
        .map_err(error)
}

fn run_readability_quambene(doc: &RawDoc, url: Option<&str>) -> Result<String, String> {
    let html = doc.body.as_str();
    let options = readability_quambene::ExtractOptions::default();
    readability_quambene::extract(&mut html.as_bytes(), &url_or_placeholder(url), options)
        .map(|r| r.text)
        .map_err(error)
}

/// Set while extraction runs, so that caught panics print nothing.
static QUIET: AtomicBool = AtomicBool::new(false);

fn extract_page(extractor: &Extractor, case: &ExtractionCase) -> Outcome {
    let doc = match &case.doc {
        Ok(doc) => doc,
        Err(message) => return Outcome::Error(format!("unreadable page: {message}")),
    };
    let result = catch_unwind(AssertUnwindSafe(|| (extractor.run)(doc, page_url(&case.url))));
    match result {
        Ok(Ok(text)) => Outcome::Text(text),
        Ok(Err(message)) => Outcome::Error(message),
        Err(_) => Outcome::Panic,
    }
}

/// The measured result of one extractor.
#[derive(Serialize)]
struct Row {
    name: &'static str,
    package: &'static str,
    version: String,
    settings: &'static str,
    #[serde(flatten)]
    scores: Scores,
    seconds: f64,
    pages_per_second: f64,
    /// Errors, no article, and caught panics: scored as empty output.
    failures: usize,
    panics: usize,
    /// Pages that yielded an empty text without an error.
    empty: usize,
    /// The slowest page, in milliseconds.
    slowest_ms: f64,
    /// Error messages with how many pages gave each.
    errors: BTreeMap<String, usize>,
}

fn evaluate(extractor: &Extractor, cases: &[ExtractionCase], version: String) -> Row {
    QUIET.store(true, Ordering::SeqCst);
    let mut slowest = 0f64;
    let start = Instant::now();
    let outcomes: Vec<Outcome> = cases
        .iter()
        .map(|case| {
            let page_start = Instant::now();
            let outcome = extract_page(extractor, case);
            slowest = slowest.max(page_start.elapsed().as_secs_f64());
            outcome
        })
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    QUIET.store(false, Ordering::SeqCst);
    let mut counts = Confusion::default();
    let (mut failures, mut panics, mut empty) = (0, 0, 0);
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    for (case, outcome) in cases.iter().zip(&outcomes) {
        let text = match outcome {
            Outcome::Text(text) => {
                if text.trim().is_empty() {
                    empty += 1;
                }
                Some(text.as_str())
            }
            Outcome::Error(message) => {
                failures += 1;
                *errors.entry(message.clone()).or_insert(0) += 1;
                None
            }
            Outcome::Panic => {
                failures += 1;
                panics += 1;
                None
            }
        };
        counts.add(score_text(text, &case.with, &case.without));
    }
    Row {
        name: extractor.name,
        package: extractor.package,
        version,
        settings: extractor.settings,
        scores: counts.scores(),
        seconds,
        pages_per_second: if seconds > 0.0 { cases.len() as f64 / seconds } else { 0.0 },
        failures,
        panics,
        empty,
        slowest_ms: slowest * 1000.0,
        errors,
    }
}

/// Package versions as locked in this crate's Cargo.lock.
fn locked_versions() -> BTreeMap<String, String> {
    let lock = include_str!("../Cargo.lock");
    let mut versions = BTreeMap::new();
    let mut name = None;
    for line in lock.lines() {
        if let Some(value) = line.strip_prefix("name = ") {
            name = Some(value.trim_matches('"').to_string());
        } else if let Some(value) = line.strip_prefix("version = ")
            && let Some(name) = name.take()
        {
            // Several versions of one package: keep them all, comma-separated.
            let value = value.trim_matches('"').to_string();
            versions.entry(name).and_modify(|v: &mut String| *v = format!("{v}, {value}")).or_insert(value);
        }
    }
    versions
}

struct Args {
    data: PathBuf,
    json: bool,
    only: Vec<String>,
    limit: Option<usize>,
}

const USAGE: &str = "usage: peer-rust-extractors [--data DIR] [--only NAME,NAME] [--limit N] [--json]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        data: PathBuf::from("../shared/data/extraction/trafilatura-eval"),
        json: false,
        only: Vec::new(),
        limit: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--data" => args.data = it.next().ok_or("--data needs a folder")?.into(),
            "--json" => args.json = true,
            "--only" => {
                args.only = it.next().ok_or("--only needs names")?.split(',').map(str::to_string).collect();
            }
            "--limit" => {
                args.limit = Some(it.next().and_then(|n| n.parse().ok()).ok_or("--limit needs a number")?);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            eprintln!("{USAGE}");
            let names: Vec<&str> = extractors().iter().map(|e| e.name).collect();
            eprintln!("extractors: {}", names.join(", "));
            return if message.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) };
        }
    };
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !QUIET.load(Ordering::SeqCst) {
            default_hook(info);
        }
    }));
    let mut cases = match load(&args.data) {
        Ok(cases) => cases,
        Err(error) => {
            eprintln!("cannot load {}: {error}", args.data.display());
            return ExitCode::FAILURE;
        }
    };
    if let Some(limit) = args.limit {
        cases.truncate(limit);
    }
    let unreadable = cases.iter().filter(|c| c.doc.is_err()).count();
    eprintln!("{} pages loaded and decoded ({unreadable} unreadable, scored as empty for everyone)", cases.len());
    let versions = locked_versions();
    let chosen: Vec<Extractor> =
        extractors().into_iter().filter(|e| args.only.is_empty() || args.only.iter().any(|o| o == e.name)).collect();
    let mut rows = Vec::new();
    for extractor in &chosen {
        eprintln!("running {}", extractor.name);
        let version = if extractor.package.is_empty() {
            "this tree".to_string()
        } else {
            versions.get(extractor.package).cloned().unwrap_or_else(|| "?".to_string())
        };
        // A large stack: some DOM code recurses once per nesting level.
        let row = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .stack_size(512 << 20)
                .spawn_scoped(scope, || evaluate(extractor, &cases, version))
                .expect("spawns the extraction thread")
                .join()
        });
        match row {
            Ok(row) => {
                eprintln!("  F1 {:.3}  {:.1} pages/s", row.scores.f1, row.pages_per_second);
                rows.push(row);
            }
            Err(_) => eprintln!("  {} aborted outside a page", extractor.name),
        }
    }
    if args.json {
        let report = serde_json::json!({
            "data": args.data.display().to_string(),
            "n_pages": cases.len(),
            "n_with": cases.iter().map(|c| c.with.len()).sum::<usize>(),
            "n_without": cases.iter().map(|c| c.without.len()).sum::<usize>(),
            "unreadable_pages": unreadable,
            "extractors": rows,
        });
        println!("{}", serde_json::to_string_pretty(&report).expect("serialises"));
        eprint!("{}", table(&rows));
    } else {
        print!("{}", table(&rows));
    }
    ExitCode::SUCCESS
}

/// The Markdown table of the results.
fn table(rows: &[Row]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| {:<22} | {:<9} | {:>5} | {:>5} | {:>5} | {:>8} | {:>7} | {:>8} | {:>5} |",
        "extractor", "version", "P", "R", "F1", "accuracy", "pages/s", "failures", "empty"
    );
    let _ = writeln!(
        out,
        "|{:-<24}|{:-<11}|{:->7}|{:->7}|{:->7}|{:->10}|{:->9}|{:->10}|{:->7}|",
        "", "", "", "", "", "", "", "", ""
    );
    for row in rows {
        let failures =
            if row.panics > 0 { format!("{} ({}p)", row.failures, row.panics) } else { row.failures.to_string() };
        let _ = writeln!(
            out,
            "| {:<22} | {:<9} | {:>5.3} | {:>5.3} | {:>5.3} | {:>8.3} | {:>7.1} | {:>8} | {:>5} |",
            row.name,
            row.version,
            row.scores.precision,
            row.scores.recall,
            row.scores.f1,
            row.scores.accuracy,
            row.pages_per_second,
            failures,
            row.empty
        );
    }
    out
}
