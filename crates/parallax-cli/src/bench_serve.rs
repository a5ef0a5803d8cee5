//! `parallax bench corpus` and `parallax bench serve`: a large input corpus for the server, and a
//! load generator that measures the latency of the event page and search on a running server.
//!
//! The load generator speaks plain HTTP/1.1 over `std::net` (keep-alive, one connection per
//! worker thread): only parallax-server knows an HTTP library.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use parallax_eval::reuters::ReutersDoc;
use parallax_model::fnv1a64;
use serde::Serialize;

use crate::args::{BenchCommand, DataDir};

/// Outlets the replayed stories are spread over, so that events have several.
const OUTLETS: [&str; 6] =
    ["Reuters", "Harbour Ledger", "Northgate Wire", "The Plainsman", "Evening Courier", "Meridian Post"];

/// Words the search phase looks for: common in Reuters-21578, from one hit to thousands.
const SEARCH_QUERIES: [&str; 16] = [
    "oil prices",
    "trade deficit",
    "interest rates",
    "wheat",
    "coffee",
    "\"central bank\"",
    "dollar yen",
    "opec",
    "sugar exports",
    "merger",
    "dividend",
    "gold",
    "+japan +tariffs",
    "crude -gasoline",
    "quarterly loss",
    "takeover bid",
];

/// Runs `bench corpus` or `bench serve`.
pub fn run(what: BenchCommand) -> anyhow::Result<ExitCode> {
    match what {
        BenchCommand::Corpus { data, articles, out } => write_corpus(&data, articles, &out),
        BenchCommand::Serve { data, url, requests, concurrency, events, output } => {
            let config = LoadConfig { requests, concurrency, events };
            let url = match url {
                Some(url) => url,
                None => serve_in_background(&data)?,
            };
            if !output.json {
                eprintln!("loading {url}: {requests} requests per endpoint, {concurrency} at once");
            }
            let report = run_load(&url, &config)?;
            if output.json {
                crate::commands::print_json(&report)?;
            } else {
                crate::commands::print_text(&render(&report))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Clustering { .. }
        | BenchCommand::Stages { .. }
        | BenchCommand::Workers { .. }
        | BenchCommand::Scaling { .. } => {
            bail!("not a server benchmark")
        }
    }
}

/// Serves a data directory on a free local port from a background thread (for the life of the
/// process); returns its URL.
fn serve_in_background(data: &DataDir) -> anyhow::Result<String> {
    if data.store.is_none() && !data.data_dir.join("parallax.db").exists() {
        bail!("no data directory at {}: run `parallax ingest` first", data.data_dir.display());
    }
    let engine = crate::commands::open(data, parallax_engine::EngineConfig::default())?;
    let config = parallax_server::ServeConfig {
        addr: std::net::IpAddr::from([127, 0, 0, 1]),
        port: 0,
        api_token: None,
        public_url: None,
    };
    let server = parallax_server::Server::bind(engine, config)?;
    let url = server.url().to_string();
    std::thread::spawn(move || {
        if let Err(error) = server.run() {
            eprintln!("error: the server stopped: {error}");
        }
    });
    Ok(url)
}

/// Writes `articles` JSON lines of [`replay`] to `out`.
pub fn write_corpus(data: &Path, articles: usize, out: &Path) -> anyhow::Result<ExitCode> {
    let docs = load_reuters(data)?;
    let file = std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut writer = BufWriter::new(file);
    replay(&docs, articles, |line| {
        serde_json::to_writer(&mut writer, &line)?;
        writer.write_all(b"\n")?;
        Ok(())
    })?;
    writer.flush()?;
    eprintln!("{articles} articles from {} Reuters-21578 stories written to {}", docs.len(), out.display());
    Ok(ExitCode::SUCCESS)
}

/// The Reuters-21578 stories, at least one.
pub fn load_reuters(data: &Path) -> anyhow::Result<Vec<ReutersDoc>> {
    let docs = parallax_eval::reuters::load(data).context("cannot load Reuters-21578")?;
    if docs.is_empty() {
        bail!("no Reuters-21578 stories in {}", data.display());
    }
    Ok(docs)
}

/// Gives `articles` articles as JSON-lines values: the Reuters-21578 stories, then perturbed
/// copies of them (a quarter of the words swapped for another story's, dates moved by 30 days
/// per round, outlets varied), so that every line is a new article rather than a duplicate of
/// an earlier one.
pub fn replay(
    docs: &[ReutersDoc],
    articles: usize,
    emit: impl FnMut(serde_json::Value) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    replay_range(docs, 0..articles, emit)
}

/// The articles `range` of [`replay`]'s sequence.
pub fn replay_range(
    docs: &[ReutersDoc],
    range: std::ops::Range<usize>,
    mut emit: impl FnMut(serde_json::Value) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let words: Vec<Vec<&str>> = docs.iter().map(|doc| doc.body.split_whitespace().collect()).collect();
    for i in range {
        let (round, index) = (i / docs.len(), i % docs.len());
        let doc = &docs[index];
        let donor = &words[(index * 7 + round + 1) % docs.len()];
        let text = if round == 0 || donor.is_empty() {
            doc.body.clone()
        } else {
            let mut text = String::with_capacity(doc.body.len());
            for (position, word) in words[index].iter().enumerate() {
                let h = fnv1a64(format!("{round}:{position}").as_bytes());
                let chosen = if h.is_multiple_of(4) { donor[(h as usize / 4) % donor.len()] } else { word };
                if position > 0 {
                    text.push(' ');
                }
                text.push_str(chosen);
            }
            text
        };
        let id = if round == 0 { doc.id.clone() } else { format!("{}#{round}", doc.id) };
        let published = doc.date.and_then(|d| d.checked_add_days(chrono::Days::new(30 * round as u64)));
        let outlet = OUTLETS[(fnv1a64(id.as_bytes()) % OUTLETS.len() as u64) as usize];
        emit(serde_json::json!({
            "id": id,
            "title": doc.title,
            "published": published.map(|d| d.to_string()),
            "outlet": outlet,
            "text": text,
        }))?;
    }
    Ok(())
}

/// What `bench serve` is asked to do.
#[derive(Debug, Clone)]
pub struct LoadConfig {
    /// Requests measured per endpoint.
    pub requests: usize,
    /// Connections (and threads) sending at once.
    pub concurrency: usize,
    /// Distinct events the event-page phase cycles through.
    pub events: usize,
}

/// Latencies of one endpoint.
#[derive(Debug, Clone, Serialize)]
pub struct EndpointReport {
    pub endpoint: &'static str,
    pub requests: usize,
    pub errors: usize,
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_body_bytes: f64,
}

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    pub url: String,
    pub articles: u64,
    /// Events the event-page phase cycles through.
    pub events: usize,
    /// Articles of the largest of them.
    pub largest_event: usize,
    pub concurrency: usize,
    pub endpoints: Vec<EndpointReport>,
}

/// Loads `url`: the event page, the search page, the search API and the event list, one phase
/// each, every phase warmed up first.
pub fn run_load(url: &str, config: &LoadConfig) -> anyhow::Result<LoadReport> {
    let host = url.strip_prefix("http://").context("the server URL must start with http://")?.trim_end_matches('/');
    let mut client = Connection::open(host)?;
    let health: serde_json::Value = serde_json::from_slice(&client.get_ok("/healthz")?)?;
    let articles = health["articles"].as_u64().unwrap_or_default();
    let (event_paths, largest_event) = sample_events(&mut client, config.events)?;
    if event_paths.is_empty() {
        bail!("the server at {url} has no events: ingest articles first");
    }
    let search_paths: Vec<String> = SEARCH_QUERIES.iter().map(|q| format!("/search?q={}", encode_query(q))).collect();
    let api_search_paths: Vec<String> =
        SEARCH_QUERIES.iter().map(|q| format!("/api/search?q={}", encode_query(q))).collect();
    let list_paths: Vec<String> =
        (0..20).map(|page| format!("/?offset={}", page * 50)).chain(["/".to_string()]).collect();
    let phases: [(&'static str, &[String]); 4] = [
        ("event page  /events/{id}", &event_paths),
        ("search page /search?q=", &search_paths),
        ("search API  /api/search?q=", &api_search_paths),
        ("event list  /?offset=", &list_paths),
    ];
    let mut endpoints = Vec::new();
    for (endpoint, paths) in phases {
        // Warm-up: caches, connections, the page cache of the database.
        measure(host, paths, config.concurrency * 4, config.concurrency)?;
        let (latencies, errors, bytes, elapsed) = measure(host, paths, config.requests, config.concurrency)?;
        endpoints.push(summarise(endpoint, latencies, errors, bytes, elapsed));
    }
    Ok(LoadReport {
        url: url.to_string(),
        articles,
        events: event_paths.len(),
        largest_event,
        concurrency: config.concurrency,
        endpoints,
    })
}

/// Paths of up to `wanted` events: a tenth the largest (most articles) of the events listed on
/// pages spread over the whole list, the rest evenly spread over those pages.
fn sample_events(client: &mut Connection, wanted: usize) -> anyhow::Result<(Vec<String>, usize)> {
    const PAGE: usize = 1000;
    const PAGES: usize = 10;
    let first: serde_json::Value = serde_json::from_slice(&client.get_ok("/api/events?limit=1")?)?;
    let total = first["total"].as_u64().unwrap_or_default() as usize;
    let mut listed: Vec<(String, usize)> = Vec::new();
    let mut offsets: Vec<usize> = (0..PAGES).map(|page| total * page / PAGES).collect();
    offsets.dedup();
    for offset in offsets {
        let list: serde_json::Value =
            serde_json::from_slice(&client.get_ok(&format!("/api/events?limit={PAGE}&offset={offset}"))?)?;
        for event in list["events"].as_array().into_iter().flatten() {
            if let Some(id) = event["id"].as_str() {
                listed.push((id.to_string(), event["article_count"].as_u64().unwrap_or_default() as usize));
            }
        }
    }
    listed.sort();
    listed.dedup();
    let mut by_size = listed.clone();
    by_size.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let n_largest = (wanted / 10).min(by_size.len());
    let mut chosen: Vec<(String, usize)> = by_size[..n_largest].to_vec();
    let rest = wanted.saturating_sub(n_largest);
    if rest > 0 && !listed.is_empty() {
        let step = (listed.len() as f64 / rest as f64).max(1.0);
        chosen.extend((0..rest).map_while(|i| listed.get((i as f64 * step) as usize).cloned()));
    }
    chosen.sort();
    chosen.dedup();
    let largest = chosen.iter().map(|(_, n)| *n).max().unwrap_or_default();
    // Interleave sizes: the phase cycles through the paths in this order.
    chosen.sort_by_key(|(id, _)| fnv1a64(id.as_bytes()));
    Ok((chosen.into_iter().map(|(id, _)| format!("/events/{id}")).collect(), largest))
}

/// Sends `requests` GETs over `concurrency` connections, cycling through `paths`. Returns the
/// latencies, the number of answers that were not 200, the body bytes and the wall time.
fn measure(
    host: &str,
    paths: &[String],
    requests: usize,
    concurrency: usize,
) -> anyhow::Result<(Vec<Duration>, usize, usize, Duration)> {
    let next = AtomicUsize::new(0);
    let start = Instant::now();
    let results = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..concurrency.max(1))
            .map(|_| {
                scope.spawn(|| -> anyhow::Result<(Vec<Duration>, usize, usize)> {
                    let mut connection = Connection::open(host)?;
                    let (mut latencies, mut errors, mut bytes) = (Vec::new(), 0, 0);
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        if n >= requests {
                            return Ok((latencies, errors, bytes));
                        }
                        let sent = Instant::now();
                        let (status, body) = connection.get(&paths[n % paths.len()])?;
                        latencies.push(sent.elapsed());
                        bytes += body.len();
                        if status != 200 {
                            errors += 1;
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().map(|worker| worker.join()).collect::<Vec<_>>()
    });
    let elapsed = start.elapsed();
    let (mut latencies, mut errors, mut bytes) = (Vec::with_capacity(requests), 0, 0);
    for result in results {
        let (l, e, b) = result.map_err(|_| anyhow::anyhow!("a load thread panicked"))??;
        latencies.extend(l);
        errors += e;
        bytes += b;
    }
    Ok((latencies, errors, bytes, elapsed))
}

fn summarise(
    endpoint: &'static str,
    mut latencies: Vec<Duration>,
    errors: usize,
    bytes: usize,
    elapsed: Duration,
) -> EndpointReport {
    latencies.sort_unstable();
    let n = latencies.len();
    let millis = |d: Duration| d.as_secs_f64() * 1000.0;
    // Nearest-rank percentile.
    let percentile = |p: f64| {
        if n == 0 {
            return 0.0;
        }
        let rank = ((p / 100.0) * n as f64).ceil() as usize;
        millis(latencies[rank.clamp(1, n) - 1])
    };
    EndpointReport {
        endpoint,
        requests: n,
        errors,
        requests_per_second: n as f64 / elapsed.as_secs_f64().max(1e-9),
        p50_ms: percentile(50.0),
        p95_ms: percentile(95.0),
        p99_ms: percentile(99.0),
        max_ms: latencies.last().copied().map(millis).unwrap_or_default(),
        mean_body_bytes: if n == 0 { 0.0 } else { bytes as f64 / n as f64 },
    }
}

/// The report as a table.
pub fn render(report: &LoadReport) -> String {
    let mut out = format!(
        "{} · {} articles · {} events sampled (the largest with {} articles) · {} connections\n\n",
        report.url, report.articles, report.events, report.largest_event, report.concurrency
    );
    out.push_str(
        "endpoint                      requests  errors     req/s   p50 ms   p95 ms   p99 ms   max ms   KiB\n",
    );
    for e in &report.endpoints {
        let _ = writeln!(
            out,
            "{:<28} {:>9} {:>7} {:>9.0} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>5.0}",
            e.endpoint,
            e.requests,
            e.errors,
            e.requests_per_second,
            e.p50_ms,
            e.p95_ms,
            e.p99_ms,
            e.max_ms,
            e.mean_body_bytes / 1024.0
        );
    }
    out
}

/// Percent-encodes a query-string value.
fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            b' ' => out.push('+'),
            other => {
                let _ = write!(out, "%{other:02X}");
            }
        }
    }
    out
}

/// One keep-alive HTTP/1.1 connection.
struct Connection {
    host: String,
    reader: BufReader<TcpStream>,
}

impl Connection {
    fn open(host: &str) -> anyhow::Result<Self> {
        let stream = TcpStream::connect(host).with_context(|| format!("cannot connect to {host}"))?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(60)))?;
        Ok(Self { host: host.to_string(), reader: BufReader::new(stream) })
    }

    fn get_ok(&mut self, path: &str) -> anyhow::Result<Vec<u8>> {
        let (status, body) = self.get(path)?;
        if status != 200 {
            bail!("GET {path}: status {status}");
        }
        Ok(body)
    }

    /// Sends a GET and reads the whole answer; reconnects once if the server closed the
    /// connection in between.
    fn get(&mut self, path: &str) -> anyhow::Result<(u16, Vec<u8>)> {
        match self.try_get(path) {
            Ok(answer) => Ok(answer),
            Err(_) => {
                *self = Self::open(&self.host)?;
                self.try_get(path).with_context(|| format!("GET {path}"))
            }
        }
    }

    fn try_get(&mut self, path: &str) -> anyhow::Result<(u16, Vec<u8>)> {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: */*\r\n\r\n", self.host);
        self.reader.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            bail!("connection closed");
        }
        let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).context("bad status line")?;
        let (mut length, mut chunked, mut close) = (None, false, false);
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let Some((name, value)) = header.split_once(':') else { continue };
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse::<usize>().ok(),
                "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
                "connection" => close = value.eq_ignore_ascii_case("close"),
                _ => {}
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)?;
                if size == 0 {
                    line.clear();
                    self.reader.read_line(&mut line)?;
                    break;
                }
                let start = body.len();
                body.resize(start + size, 0);
                self.reader.read_exact(&mut body[start..])?;
                line.clear();
                self.reader.read_line(&mut line)?;
            }
        } else if let Some(length) = length {
            body.resize(length, 0);
            self.reader.read_exact(&mut body)?;
        } else {
            self.reader.read_to_end(&mut body)?;
            close = true;
        }
        if close {
            *self = Self::open(&self.host)?;
        }
        Ok((status, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let latencies = (1..=100).map(Duration::from_millis).collect();
        let report = summarise("x", latencies, 0, 0, Duration::from_secs(1));
        assert_eq!((report.p50_ms, report.p95_ms, report.p99_ms, report.max_ms), (50.0, 95.0, 99.0, 100.0));
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(encode_query("\"central bank\" +x"), "%22central+bank%22+%2Bx");
    }
}
