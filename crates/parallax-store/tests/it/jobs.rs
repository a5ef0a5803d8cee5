//! The job queue and the versioned analysis of the PostgreSQL store (what `parallax worker`
//! builds on). Skipped without `PARALLAX_TEST_PG_URL`.

use std::collections::BTreeSet;
use std::time::Duration;

use parallax_store::{AnalysisSnapshot, JobCounts, PgStore, PutOutcome, Store, StoreLocation};

use crate::backends;
use crate::data::{event, row, strings};

const LEASE: Duration = Duration::from_secs(60);

fn connect() -> Option<(backends::TestDb, String, PgStore)> {
    let db = backends::postgres()?;
    let StoreLocation::Postgres(url) = db.location.clone() else { panic!("not postgres") };
    let store = PgStore::connect(&url).expect("connect");
    Some((db, url, store))
}

#[test]
fn jobs_are_claimed_oldest_first_and_completed_with_their_articles() {
    let Some((_db, _url, mut store)) = connect() else { return };
    let ids = store.enqueue_jobs(&strings(&["first.txt", "second.txt"])).expect("enqueue");
    assert_eq!(ids.len(), 2);
    let first = store.claim_job("w1", LEASE, 3).expect("claim").expect("a job");
    assert_eq!((first.id, first.input.as_str(), first.attempts), (ids[0], "first.txt", 1));
    let second = store.claim_job("w2", LEASE, 3).expect("claim").expect("a job");
    assert_eq!(second.input, "second.txt");
    assert_eq!(store.claim_job("w3", LEASE, 3).expect("claim"), None, "both are leased");
    assert_eq!(store.job_counts(3).expect("counts"), JobCounts { leased: 2, ..JobCounts::default() });

    let outcomes = store.complete_job(&first, "w1", &[row("b", "2"), row("a", "1")], &[]).expect("complete");
    assert_eq!(outcomes, Some(vec![PutOutcome::Inserted, PutOutcome::Inserted]), "in the order given");
    assert_eq!(store.complete_job(&first, "w1", &[row("c", "3")], &[]).expect("again"), None, "done already");
    assert_eq!(store.complete_job(&second, "w1", &[row("c", "3")], &[]).expect("other's"), None, "not w1's job");
    assert_eq!(store.count_articles().expect("count"), 2, "a refused completion writes nothing");
    assert!(store.renew_lease(&second, "w2", LEASE).expect("renew"));
    assert!(!store.renew_lease(&first, "w1", LEASE).expect("renew"), "a done job has no lease");
    assert_eq!(store.job_counts(3).expect("counts"), JobCounts { leased: 1, done: 1, ..JobCounts::default() });
}

#[test]
fn an_expired_lease_passes_the_job_on() {
    let Some((_db, _url, mut store)) = connect() else { return };
    store.enqueue_jobs(&strings(&["only.txt"])).expect("enqueue");
    let lapsed = store.claim_job("dead", Duration::ZERO, 2).expect("claim").expect("a job");
    std::thread::sleep(Duration::from_millis(20));
    let taken = store.claim_job("alive", LEASE, 2).expect("claim").expect("the lapsed job");
    assert_eq!((taken.id, taken.attempts), (lapsed.id, 2));
    assert_eq!(store.complete_job(&lapsed, "dead", &[row("a", "1")], &[]).expect("late"), None);
    assert_eq!(store.complete_job(&taken, "alive", &[row("a", "1")], &[]).expect("complete").map(|o| o.len()), Some(1));
    assert_eq!(store.count_articles().expect("count"), 1);

    store.enqueue_jobs(&strings(&["poison.txt"])).expect("enqueue");
    for _ in 0..2 {
        assert!(store.claim_job("w", Duration::ZERO, 2).expect("claim").is_some());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(store.claim_job("w", LEASE, 2).expect("claim"), None, "claimed as often as allowed");
    assert_eq!(store.job_counts(2).expect("counts"), JobCounts { done: 1, given_up: 1, ..JobCounts::default() });
}

#[test]
fn concurrent_workers_complete_every_job_once() {
    let Some((_db, url, mut store)) = connect() else { return };
    let inputs: Vec<String> = (0..60).map(|i| format!("input-{i:02}")).collect();
    store.enqueue_jobs(&inputs).expect("enqueue");
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut store = PgStore::connect(&url).expect("connect");
                let owner = format!("worker-{w}");
                let mut done = Vec::new();
                while let Some(job) = store.claim_job(&owner, LEASE, 3).expect("claim") {
                    // Every job writes the shared article too: workers contend on it.
                    let rows = [row(&format!("from-{}", job.input), "body"), row("shared", "same body")];
                    store.complete_job(&job, &owner, &rows, &[]).expect("complete").expect("still held");
                    done.push(job.input);
                }
                done
            })
        })
        .collect();
    let mut completed = Vec::new();
    for worker in workers {
        completed.extend(worker.join().expect("worker"));
    }
    assert_eq!(completed.len(), inputs.len(), "no job done twice");
    assert_eq!(completed.into_iter().collect::<BTreeSet<_>>(), inputs.into_iter().collect::<BTreeSet<_>>());
    assert_eq!(store.count_articles().expect("count"), 61);
    assert_eq!(store.job_counts(3).expect("counts"), JobCounts { done: 60, ..JobCounts::default() });
}

#[test]
fn an_analysis_of_an_older_article_set_stays_stale() {
    let Some((_db, _url, mut store)) = connect() else { return };
    store.put_articles(&[row("a", "1")], &[]).expect("put");
    let (articles, version) = store.articles_at_version().expect("snapshot");
    assert_eq!(articles.len(), 1);
    // Another process stores an article while this one analyses.
    store.put_articles(&[row("b", "2")], &[]).expect("put");
    let analysis = AnalysisSnapshot { events: vec![event("ev-a", None, &["a"])], ..AnalysisSnapshot::default() };
    store.replace_analysis_at_version(&analysis, version).expect("replace");
    assert_eq!(store.count_events().expect("events"), 1, "the analysis is written");
    assert!(store.analysis_is_stale().expect("stale"), "but does not cover article b");
    let (articles, version) = store.articles_at_version().expect("snapshot");
    assert_eq!(articles.len(), 2);
    store.replace_analysis_at_version(&analysis, version).expect("replace");
    assert!(!store.analysis_is_stale().expect("stale"));
    store.put_articles(&[row("b", "2")], &[]).expect("unchanged");
    assert_eq!(store.articles_at_version().expect("snapshot").1, version, "unchanged articles keep the version");
}

#[test]
fn one_analyser_at_a_time() {
    let Some((_db, url, mut store)) = connect() else { return };
    let url_again = url.clone();
    let (entered_tx, entered_rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let mut store = PgStore::connect(&url).expect("connect");
        store
            .with_analysis_lock(|_| {
                entered_tx.send(()).expect("send");
                std::thread::sleep(Duration::from_millis(300));
                Ok(())
            })
            .expect("locked");
    });
    entered_rx.recv().expect("the other holds the lock");
    let started = std::time::Instant::now();
    store.with_analysis_lock(|_| Ok(())).expect("lock");
    assert!(started.elapsed() >= Duration::from_millis(200), "waited for the holder: {:?}", started.elapsed());
    holder.join().expect("holder");
    // A failure inside gives the lock back: another connection then gets it at once.
    let failed: Result<(), _> = store.with_analysis_lock(|_| Err(broken()));
    assert!(failed.is_err());
    let (got_tx, got_rx) = std::sync::mpsc::channel();
    let other = std::thread::spawn(move || {
        let mut other = PgStore::connect(&url_again).expect("connect");
        other.with_analysis_lock(|_| Ok(())).expect("lock");
        let _ = got_tx.send(());
    });
    assert!(got_rx.recv_timeout(Duration::from_secs(10)).is_ok(), "the lock was not released");
    other.join().expect("other");
}

fn broken() -> parallax_store::StoreError {
    parallax_store::StoreError::SchemaTooOld { found: 0, expected: 1 }
}
