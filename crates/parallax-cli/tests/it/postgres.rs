//! `parallax ingest` and `parallax events` with the store in PostgreSQL: the same answers as
//! the embedded store. Runs when `PARALLAX_TEST_PG_URL` names a database (`.ci/postgres`
//! starts one), in a schema of its own; skipped otherwise.

use std::io::Write;
use std::process::Output;

use parallax_engine::ScratchSchema;

use crate::{json, parallax_in, workspace_root};

/// A fresh schema in the test database (dropped at the end), or `None` without one.
fn scratch_schema(name: &str) -> Option<ScratchSchema> {
    let Some(admin_url) = std::env::var("PARALLAX_TEST_PG_URL").ok().filter(|url| !url.trim().is_empty()) else {
        static SAID: std::sync::Once = std::sync::Once::new();
        // Straight to stderr, past the test harness's capture, so that the skip is seen.
        SAID.call_once(|| {
            let _ = writeln!(std::io::stderr(), "postgres tests skipped: PARALLAX_TEST_PG_URL not set");
        });
        return None;
    };
    let name = format!("{name}_{}", std::process::id());
    Some(ScratchSchema::create(&admin_url, &name).expect("a schema in the test database"))
}

fn succeeded(output: Output) -> Output {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output
}

#[test]
fn postgres_store_answers_like_the_embedded_one() {
    let Some(schema) = scratch_schema("parallax_cli_e2e") else { return };
    let url = schema.url();
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = workspace_root().join("examples/corpus").display().to_string();
    let embedded = dir.path().join("embedded").display().to_string();
    let shared = dir.path().join("shared").display().to_string();
    let run = |args: &[&str]| parallax_in(dir.path(), args);

    let first =
        json(&succeeded(run(&["ingest", &corpus, "--data-dir", &shared, "--store", &url, "--json", "--quiet"])));
    assert_eq!((first["inserted"].as_u64(), first["events_total"].as_u64()), (Some(11), Some(3)), "{first}");
    let again =
        json(&succeeded(run(&["ingest", &corpus, "--data-dir", &shared, "--store", &url, "--json", "--quiet"])));
    assert_eq!((again["inserted"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(11)), "{again}");
    assert!(
        !std::path::Path::new(&shared).join("parallax.db").exists(),
        "with --store nothing is written to the embedded database"
    );

    succeeded(run(&["ingest", &corpus, "--data-dir", &embedded, "--json", "--quiet"]));
    let from_embedded = succeeded(run(&["events", "--data-dir", &embedded, "--json"]));
    // The store named by the environment, as a deployment would.
    let from_postgres = succeeded(
        std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(["events", "--data-dir", &shared, "--json"])
            .current_dir(dir.path())
            .env_remove("PARALLAX_DATA_DIR")
            .env("PARALLAX_STORE_URL", &url)
            .output()
            .expect("run parallax"),
    );
    let events = json(&from_postgres);
    assert_eq!(events.as_array().map(Vec::len), Some(3), "{events}");
    assert_eq!(events, json(&from_embedded), "both stores list the same events");
    let id = events[0]["id"].as_str().expect("id");
    let event = json(&succeeded(run(&["event", id, "--data-dir", &shared, "--store", &url, "--json"])));
    let same = json(&succeeded(run(&["event", id, "--data-dir", &embedded, "--json"])));
    assert_eq!(event, same, "the full report of an event is the same from both stores");
}

#[test]
fn an_unsupported_store_url_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = parallax_in(dir.path(), &["events", "--data-dir", "data", "--store", "mysql://root:pw@localhost/db"]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unsupported store url"), "{stderr}");
    assert!(!stderr.contains("pw@"), "the password is not shown: {stderr}");
}

/// Kills the server child at the end of the test, also when an assertion fails.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.0 GET on loopback: the status line and the body.
fn get(base: &str, path: &str) -> (String, String) {
    use std::io::Read;
    let address = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).expect("connect to the server");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).expect("timeout");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
    (head.lines().next().unwrap_or("").to_string(), body.to_string())
}

#[test]
fn postgres_store_serves_the_api() {
    use std::io::BufRead;
    let Some(schema) = scratch_schema("parallax_cli_serve") else { return };
    let url = schema.url();
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = workspace_root().join("examples/corpus").display().to_string();
    let data = dir.path().join("data").display().to_string();
    succeeded(parallax_in(dir.path(), &["ingest", &corpus, "--data-dir", &data, "--store", &url, "--quiet"]));
    let mut server = Child(
        std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(["serve", "--port", "0", "--data-dir", &data, "--store", &url])
            .current_dir(dir.path())
            .env_remove("PARALLAX_API_TOKEN")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start parallax serve"),
    );
    let mut line = String::new();
    let stdout = server.0.stdout.take().expect("stdout");
    std::io::BufReader::new(stdout).read_line(&mut line).expect("the serving line");
    let base = line.split_whitespace().last().expect("the URL").to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{line}");
    let (status, body) = get(&base, "/api/events?limit=2");
    assert!(status.contains("200"), "{status}: {body}");
    let page: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(page["total"], 3, "{page}");
    assert_eq!(page["events"].as_array().map(Vec::len), Some(2), "{page}");
    let id = page["events"][0]["id"].as_str().expect("id");
    let (status, body) = get(&base, &format!("/api/events/{id}"));
    assert!(status.contains("200"), "{status}: {body}");
    let (status, _) = get(&base, "/api/events/ev-missing");
    assert!(status.contains("404"), "{status}");
}

/// `parallax worker` processes started at once, each printing its summary as JSON.
fn run_workers(dir: &std::path::Path, url: &str, n: usize) -> Vec<serde_json::Value> {
    let workers: Vec<_> = (0..n)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
                .args(["worker", "--json", "--quiet", "--lease-seconds", "30"])
                .current_dir(dir)
                .env("PARALLAX_STORE_URL", url)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start parallax worker")
        })
        .collect();
    workers.into_iter().map(|worker| json(&succeeded(worker.wait_with_output().expect("worker")))).collect()
}

fn total(summaries: &[serde_json::Value], field: &str) -> u64 {
    summaries.iter().map(|s| s[field].as_u64().unwrap_or(0)).sum()
}

/// The events in the PostgreSQL store at `url` equal those of one embedded ingest of the same
/// inputs, each read as a job reads it.
fn assert_events_of_one_ingest(dir: &std::path::Path, url: &str, inputs: &[String], message: &str) {
    let embedded = dir.join("embedded").display().to_string();
    let mut ingest = vec!["ingest", "--data-dir", &embedded, "--quiet"];
    ingest.extend(inputs.iter().map(String::as_str));
    succeeded(parallax_in(dir, &ingest));
    let expected = json(&succeeded(parallax_in(dir, &["events", "--data-dir", &embedded, "--json"])));
    let shared = dir.join("shared").display().to_string();
    let events = json(&succeeded(parallax_in(dir, &["events", "--data-dir", &shared, "--store", url, "--json"])));
    assert_eq!(events, expected, "{message}");
}

#[test]
fn postgres_workers_share_the_jobs_and_agree_with_one_ingest() {
    let Some(schema) = scratch_schema("parallax_cli_workers") else { return };
    let url = schema.url();
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = workspace_root().join("examples/corpus");
    let mut inputs: Vec<String> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.path().display().to_string())
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 3, "one job per outlet directory: {inputs:?}");
    let mut enqueue = vec!["enqueue", "--store", &url];
    enqueue.extend(inputs.iter().map(String::as_str));
    let queued = succeeded(parallax_in(dir.path(), &enqueue));
    assert!(String::from_utf8_lossy(&queued.stdout).starts_with(&format!("{} job(s) queued", inputs.len())));
    // A worker that claimed the first job and died: its lease runs out in two seconds.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("client");
    client
        .batch_execute(
            "UPDATE jobs SET lease_owner = 'dead', lease_expires = now() + interval '2 seconds', attempts = 1
             WHERE id = (SELECT min(id) FROM jobs)",
        )
        .expect("a dead worker's lease");

    let summaries = run_workers(dir.path(), &url, 3);
    assert_eq!(total(&summaries, "jobs"), inputs.len() as u64, "every job done once: {summaries:?}");
    assert_eq!(total(&summaries, "inserted"), 11, "{summaries:?}");
    assert_eq!(total(&summaries, "updated"), 0, "{summaries:?}");
    assert!(total(&summaries, "analyses") >= 1, "{summaries:?}");
    let open: i64 = client.query_one("SELECT COUNT(*) FROM jobs WHERE NOT done", &[]).expect("count").get(0);
    assert_eq!(open, 0, "the dead worker's job was taken over");

    let again = run_workers(dir.path(), &url, 1);
    assert_eq!((total(&again, "jobs"), total(&again, "analyses")), (0, 0), "nothing left to do: {again:?}");

    assert_events_of_one_ingest(
        dir.path(),
        &url,
        &inputs,
        "the workers' events are those of one ingest of the same inputs",
    );
}

#[test]
fn postgres_workers_survive_a_worker_killed_mid_job() {
    let Some(schema) = scratch_schema("parallax_cli_kill") else { return };
    let url = schema.url();
    let dir = tempfile::tempdir().expect("tempdir");
    // PARALLAX_PG_CRASH_ARTICLES=20000 runs the full size (a few minutes).
    let n_articles: usize =
        std::env::var("PARALLAX_PG_CRASH_ARTICLES").ok().and_then(|v| v.parse().ok()).unwrap_or(480).max(24);
    let lines: Vec<String> = crate::crash::synthetic_corpus(n_articles).lines().map(str::to_string).collect();
    let mut inputs = Vec::new();
    for (n, part) in lines.chunks(n_articles / 12).enumerate() {
        let path = dir.path().join(format!("part-{n:02}.jsonl"));
        std::fs::write(&path, part.join("\n") + "\n").expect("write a part");
        inputs.push(path.display().to_string());
    }
    let mut enqueue = vec!["enqueue", "--json", "--store", &url];
    enqueue.extend(inputs.iter().map(String::as_str));
    let queued = succeeded(parallax_in(dir.path(), &enqueue));
    let queued: serde_json::Value = serde_json::from_slice(&queued.stdout).expect("enqueue --json prints JSON");
    assert_eq!(queued["jobs"], inputs.len(), "one job per part");

    let start = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(["worker", "--json", "--quiet", "--lease-seconds", "3", "--max-attempts", "10"])
            .current_dir(dir.path())
            .env("PARALLAX_STORE_URL", &url)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start parallax worker")
    };
    let mut victim = Child(start());
    let survivors: Vec<_> = (0..2).map(|_| start()).collect();
    // SIGKILL the first worker while it holds a job: its transaction never commits.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("client");
    let owner = format!("worker-{}-%", victim.0.id());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut held = false;
    while !held && std::time::Instant::now() < deadline {
        held = client
            .query_opt("SELECT 1 FROM jobs WHERE lease_owner LIKE $1 AND NOT done", &[&owner])
            .expect("lease query")
            .is_some();
        if !held {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
    assert!(held, "the first worker never held a job");
    victim.0.kill().expect("SIGKILL");
    let _ = victim.0.wait();

    let summaries: Vec<serde_json::Value> =
        survivors.into_iter().map(|worker| json(&succeeded(worker.wait_with_output().expect("worker")))).collect();
    let open: i64 = client.query_one("SELECT COUNT(*) FROM jobs WHERE NOT done", &[]).expect("count").get(0);
    assert_eq!(open, 0, "the killed worker's job was taken over: {summaries:?}");
    let stored: i64 = client.query_one("SELECT COUNT(*) FROM articles", &[]).expect("count").get(0);
    assert_eq!(stored, n_articles as i64, "every article stored, once");
    assert!(total(&summaries, "analyses") >= 1, "{summaries:?}");

    assert_events_of_one_ingest(
        dir.path(),
        &url,
        &inputs,
        "every event once, as one ingest of the same inputs makes them",
    );
}

#[test]
fn postgres_worker_keeps_a_job_that_outlasts_its_lease() {
    let Some(schema) = scratch_schema("parallax_cli_heartbeat") else { return };
    let url = schema.url();
    let dir = tempfile::tempdir().expect("tempdir");
    let lines: Vec<String> = crate::crash::synthetic_corpus(800).lines().map(str::to_string).collect();
    let mut enqueue = vec!["enqueue".to_string(), "--store".to_string(), url.clone()];
    for (n, part) in lines.chunks(400).enumerate() {
        let path = dir.path().join(format!("big-{n}.jsonl"));
        std::fs::write(&path, part.join("\n") + "\n").expect("write a part");
        enqueue.push(path.display().to_string());
    }
    succeeded(parallax_in(dir.path(), &enqueue.iter().map(String::as_str).collect::<Vec<_>>()));
    // Two jobs that each take longer than the one-second lease, and a third worker that would
    // take either over if its lease were not renewed.
    let workers: Vec<_> = (0..3)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
                .args(["worker", "--json", "--quiet", "--lease-seconds", "1", "--max-attempts", "10"])
                .current_dir(dir.path())
                .env("PARALLAX_STORE_URL", &url)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start parallax worker")
        })
        .collect();
    let summaries: Vec<serde_json::Value> =
        workers.into_iter().map(|worker| json(&succeeded(worker.wait_with_output().expect("worker")))).collect();
    assert_eq!((total(&summaries, "jobs"), total(&summaries, "lost_jobs")), (2, 0), "{summaries:?}");
    assert_eq!(total(&summaries, "inserted"), 800, "{summaries:?}");
}
