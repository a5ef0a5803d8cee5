//! `parallax worker`: one of many processes that share a PostgreSQL store. Each claims ingest
//! jobs from the store's queue, cleans and extracts their documents, and commits the articles
//! with the job; then brings the analysis up to date, one process at a time.

use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use parallax_store::{Job, JobCounts, PgStore, PutOutcome, StoreError, StoredArticle};

use crate::engine::snapshot_of;
use crate::{EngineConfig, EngineError, Processed, Progress, process_docs, read_inputs};

/// How a worker takes jobs.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Names this worker in the leases it holds; unique among live workers.
    pub owner: String,
    /// How long a claimed job stays this worker's without completing it.
    pub lease: Duration,
    /// Claims of one job, by any worker, after which it is left undone.
    pub max_attempts: i32,
}

/// What one worker run did.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct WorkerSummary {
    /// Jobs completed by this worker.
    pub jobs: usize,
    /// Jobs whose lease ran out and passed to another worker before this one completed them.
    pub lost_jobs: usize,
    /// Articles stored for the first time.
    pub inserted: usize,
    /// Articles stored before with other content, replaced.
    pub updated: usize,
    /// Articles stored before with the same content.
    pub unchanged: usize,
    /// Inputs that yielded no article, recorded with their job.
    pub rejections: usize,
    /// Analyses this worker computed and wrote.
    pub analyses: usize,
}

/// How often a worker with nothing to take looks again while other workers hold jobs.
const POLL: Duration = Duration::from_millis(250);

/// A worker connected to a shared store.
pub struct Worker {
    store: PgStore,
    /// A second connection, which renews the lease of the job at hand while it is processed.
    heartbeat: PgStore,
    config: EngineConfig,
    settings: WorkerConfig,
}

/// Adds one ingest job per input to the queue of the PostgreSQL store at `url`, each as an
/// absolute path (workers may run elsewhere); returns how many.
pub fn enqueue_inputs(url: &str, inputs: &[PathBuf]) -> Result<usize, EngineError> {
    JobQueue::connect(url)?.enqueue(inputs)
}

/// The job queue of a shared store, as `parallax enqueue` and anything watching the workers
/// see it.
pub struct JobQueue {
    store: PgStore,
}

impl JobQueue {
    /// Connects to the PostgreSQL store at `url` (migrating it if needed).
    pub fn connect(url: &str) -> Result<Self, EngineError> {
        Ok(Self { store: PgStore::connect(url)? })
    }

    /// Adds one job per input, each as an absolute path; returns how many.
    pub fn enqueue(&mut self, inputs: &[PathBuf]) -> Result<usize, EngineError> {
        let inputs: Vec<String> = inputs
            .iter()
            .map(|path| std::path::absolute(path).unwrap_or_else(|_| path.clone()).display().to_string())
            .collect();
        Ok(self.store.enqueue_jobs(&inputs)?.len())
    }

    /// How many jobs are waiting, leased, done and given up (after `max_attempts` claims).
    pub fn counts(&self, max_attempts: i32) -> Result<JobCounts, EngineError> {
        Ok(self.store.job_counts(max_attempts)?)
    }
}

impl Worker {
    /// Connects to the PostgreSQL store at `url` (migrating it if needed).
    pub fn connect(url: &str, config: EngineConfig, settings: WorkerConfig) -> Result<Self, EngineError> {
        Ok(Self { store: PgStore::connect(url)?, heartbeat: PgStore::connect(url)?, config, settings })
    }

    /// Takes jobs until every job is done or given up (waiting while other workers hold
    /// leases, so that the job of a worker that died is taken over when its lease runs out),
    /// then brings the analysis up to date.
    pub fn run_until_idle(&mut self, progress: &dyn Progress) -> Result<WorkerSummary, EngineError> {
        let mut summary = WorkerSummary::default();
        let WorkerConfig { owner, lease, max_attempts } = self.settings.clone();
        loop {
            let Some(job) = self.store.claim_job(&owner, lease, max_attempts)? else {
                let counts = self.store.job_counts(max_attempts)?;
                if counts.waiting == 0 && counts.leased == 0 {
                    break;
                }
                if counts.waiting == 0 {
                    std::thread::sleep(POLL.min(lease));
                }
                continue;
            };
            let Some((outcomes, n_rejections)) = self.process(&job, progress)? else {
                summary.lost_jobs += 1;
                continue;
            };
            summary.jobs += 1;
            summary.rejections += n_rejections;
            for outcome in outcomes {
                match outcome {
                    PutOutcome::Inserted => summary.inserted += 1,
                    PutOutcome::Updated => summary.updated += 1,
                    PutOutcome::Unchanged => summary.unchanged += 1,
                }
            }
        }
        summary.analyses = self.bring_analysis_up_to_date()?;
        Ok(summary)
    }

    /// Reads, cleans and extracts one job's input and completes the job with its articles,
    /// renewing the lease from another thread meanwhile (every third of it); `None` when the
    /// job was lost to another worker. Returns the outcomes and the number of rejections.
    fn process(&mut self, job: &Job, progress: &dyn Progress) -> Result<Option<(Vec<PutOutcome>, usize)>, EngineError> {
        let WorkerConfig { owner, lease, .. } = &self.settings;
        let (stop, stopped) = mpsc::channel::<()>();
        let heartbeat = &mut self.heartbeat;
        let (store, config) = (&mut self.store, &self.config);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let every = (*lease / 3).max(Duration::from_millis(10));
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                    // A failed renewal ends the heartbeat; the completion finds out whether
                    // the job is still this worker's.
                    if !matches!(heartbeat.renew_lease(job, owner, *lease), Ok(true)) {
                        break;
                    }
                }
            });
            let read = read_inputs(&[PathBuf::from(&job.input)], &config.ingest, progress);
            let (processed, rejected) = process_docs(read.docs, &config.clean, progress);
            let mut rejections = read.rejections;
            rejections.extend(rejected);
            rejections.sort();
            let rows: Vec<_> = processed.into_iter().map(|p| (p.article, p.extraction, p.source)).collect();
            let completed = store.complete_job(job, owner, &rows, &rejections);
            drop(stop);
            Ok(completed?.map(|outcomes| (outcomes, rejections.len())))
        })
    }

    /// Recomputes the analysis while it is stale, holding the store's analysis lock, so that
    /// two workers never write events at once; returns how many analyses this worker wrote.
    /// Articles are analysed in publication order (undated last, then by id), whatever order
    /// the workers stored them in, so the events are the same however the jobs were shared.
    pub fn bring_analysis_up_to_date(&mut self) -> Result<usize, EngineError> {
        let mut analyses = 0;
        let config = &self.config;
        loop {
            let wrote = self.store.with_analysis_lock(|store| {
                use parallax_store::Store;
                if !store.analysis_is_stale()? {
                    return Ok::<bool, StoreError>(false);
                }
                let (articles, version) = store.articles_at_version()?;
                let previous = store.events()?.into_iter().map(|event| (event.id.clone(), event)).collect();
                let snapshot = snapshot_of(&publication_order(articles), config, &previous);
                store.replace_analysis_at_version(&snapshot, version)?;
                Ok(true)
            })?;
            if !wrote {
                return Ok(analyses);
            }
            analyses += 1;
        }
    }

    /// The store this worker uses.
    pub fn store(&self) -> &PgStore {
        &self.store
    }
}

fn publication_order(articles: Vec<StoredArticle>) -> Vec<Processed> {
    let mut stream: Vec<Processed> = articles
        .into_iter()
        .map(|stored| Processed { article: stored.article, extraction: stored.extraction, source: stored.source })
        .collect();
    stream.sort_by(crate::engine::publication_order);
    stream
}
