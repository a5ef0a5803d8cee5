//! What only a shared PostgreSQL store offers: the job queue of `parallax worker` and an
//! analysis that several processes can bring up to date without undoing each other.
//!
//! A job is one input to ingest. A worker claims the oldest open job nobody holds
//! (`FOR UPDATE SKIP LOCKED`) under a lease that expires, so the job of a worker that died
//! goes to another; it completes the job in the same transaction as the articles it produced,
//! and only while it still holds the lease, so every input is stored once.

use std::time::Duration;

use ::postgres::IsolationLevel;
use parallax_model::{CleanArticle, Extraction, Rejection};

use super::store::{decode_stored, put_in, replace_in};
use super::{PgStore, plain};
use crate::{AnalysisSnapshot, PutOutcome, StoreError, StoredArticle};

/// A claimed job: one input to read and ingest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The job's number, in the order jobs were queued.
    pub id: i64,
    /// A path (file or directory) as given to `parallax enqueue`.
    pub input: String,
    /// How many times the job has been claimed, this claim included.
    pub attempts: i32,
}

/// How many jobs are in each state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct JobCounts {
    /// Open and not held by a live lease.
    pub waiting: usize,
    /// Held by a worker whose lease has not expired.
    pub leased: usize,
    /// Completed.
    pub done: usize,
    /// Open, but claimed as often as allowed without completing.
    pub given_up: usize,
}

/// The advisory lock held while an analysis is computed and written: one analyser at a time.
const ANALYSIS_LOCK: i64 = 0x7061_7261_6c6c_6179;

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl PgStore {
    /// Adds one job per input, in order; returns their ids.
    pub fn enqueue_jobs(&mut self, inputs: &[String]) -> Result<Vec<i64>, StoreError> {
        let inputs: Vec<String> = inputs.iter().map(|input| plain(input)).collect();
        let rows = self.client_mut().query(
            "INSERT INTO jobs (input) SELECT input FROM UNNEST($1::text[]) WITH ORDINALITY AS u (input, n)
             ORDER BY n RETURNING id",
            &[&inputs],
        )?;
        let mut ids = rows.iter().map(|row| row.try_get(0)).collect::<Result<Vec<i64>, _>>()?;
        ids.sort_unstable();
        Ok(ids)
    }

    /// Claims the oldest open job that no live lease holds and that has been claimed fewer
    /// than `max_attempts` times, for `lease`; `None` when there is none.
    pub fn claim_job(&mut self, owner: &str, lease: Duration, max_attempts: i32) -> Result<Option<Job>, StoreError> {
        let row = self.client_mut().query_opt(
            "UPDATE jobs SET lease_owner = $1, lease_expires = now() + $2::bigint * interval '1 millisecond',
                 attempts = attempts + 1
             WHERE id = (SELECT id FROM jobs
                         WHERE NOT done AND attempts < $3 AND (lease_expires IS NULL OR lease_expires < now())
                         ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
             RETURNING id, input, attempts",
            &[&plain(owner), &millis(lease), &max_attempts],
        )?;
        row.map(|row| Ok(Job { id: row.try_get(0)?, input: row.try_get(1)?, attempts: row.try_get(2)? })).transpose()
    }

    /// Extends a lease the owner still holds; false when it has lost the job.
    pub fn renew_lease(&mut self, job: &Job, owner: &str, lease: Duration) -> Result<bool, StoreError> {
        let n = self.client_mut().execute(
            "UPDATE jobs SET lease_expires = now() + $3::bigint * interval '1 millisecond'
             WHERE id = $1 AND lease_owner = $2 AND NOT done",
            &[&job.id, &plain(owner), &millis(lease)],
        )?;
        Ok(n == 1)
    }

    /// Stores what a job produced and marks it done, in one transaction, if `owner` still
    /// holds it (its lease may have run out as long as nobody else claimed the job since);
    /// `None`, with nothing written, when it has lost the job.
    pub fn complete_job(
        &mut self,
        job: &Job,
        owner: &str,
        articles: &[(CleanArticle, Extraction, String)],
        rejections: &[Rejection],
    ) -> Result<Option<Vec<PutOutcome>>, StoreError> {
        let mut transaction = self.client_mut().transaction()?;
        let held = transaction.query_opt(
            "SELECT 1 FROM jobs WHERE id = $1 AND lease_owner = $2 AND NOT done FOR UPDATE",
            &[&job.id, &plain(owner)],
        )?;
        if held.is_none() {
            return Ok(None);
        }
        // Articles in id order, so that concurrent workers lock shared rows in one order.
        let mut order: Vec<usize> = (0..articles.len()).collect();
        order.sort_by(|&a, &b| articles[a].0.id.cmp(&articles[b].0.id));
        let sorted: Vec<_> = order.iter().map(|&i| articles[i].clone()).collect();
        let sorted_outcomes = put_in(&mut transaction, &sorted, rejections)?;
        transaction.execute("UPDATE jobs SET done = TRUE, lease_expires = NULL WHERE id = $1", &[&job.id])?;
        transaction.commit()?;
        let mut outcomes = vec![PutOutcome::Unchanged; articles.len()];
        for (position, outcome) in order.into_iter().zip(sorted_outcomes) {
            outcomes[position] = outcome;
        }
        Ok(Some(outcomes))
    }

    /// Counts of the jobs in each state.
    pub fn job_counts(&self, max_attempts: i32) -> Result<JobCounts, StoreError> {
        let row = self.client().query_one(
            "SELECT
                 COUNT(*) FILTER (WHERE NOT done AND attempts < $1 AND (lease_expires IS NULL OR lease_expires < now())),
                 COUNT(*) FILTER (WHERE NOT done AND lease_expires >= now()),
                 COUNT(*) FILTER (WHERE done),
                 COUNT(*) FILTER (WHERE NOT done AND attempts >= $1 AND (lease_expires IS NULL OR lease_expires < now()))
             FROM jobs",
            &[&max_attempts],
        )?;
        let count = |index: usize| -> Result<usize, StoreError> {
            Ok(usize::try_from(row.try_get::<_, i64>(index)?).unwrap_or(0))
        };
        Ok(JobCounts { waiting: count(0)?, leased: count(1)?, done: count(2)?, given_up: count(3)? })
    }

    /// Every article in stream order, with the version of the article set they form (read
    /// from one snapshot).
    pub fn articles_at_version(&self) -> Result<(Vec<StoredArticle>, i64), StoreError> {
        let mut client = self.client();
        let mut transaction =
            client.build_transaction().isolation_level(IsolationLevel::RepeatableRead).read_only(true).start()?;
        let version: i64 =
            transaction.query_one("SELECT value::bigint FROM meta WHERE key = 'articles_version'", &[])?.try_get(0)?;
        let rows = transaction
            .query("SELECT seq, id, source, article_json, extraction_json FROM articles ORDER BY seq", &[])?;
        transaction.commit()?;
        let articles = rows.iter().map(decode_stored).collect::<Result<Vec<_>, _>>()?;
        Ok((articles, version))
    }

    /// Replaces the analysis with one computed from the articles at `version` (see
    /// [`articles_at_version`](Self::articles_at_version)); it stays stale if articles
    /// changed since.
    pub fn replace_analysis_at_version(&mut self, analysis: &AnalysisSnapshot, version: i64) -> Result<(), StoreError> {
        let mut transaction = self.client_mut().transaction()?;
        replace_in(&mut transaction, analysis, Some(version))?;
        transaction.commit()?;
        Ok(())
    }

    /// Runs `analyse` while holding the analysis lock of the database, waiting for it if
    /// another process holds it; the lock goes with the connection if the process dies.
    pub fn with_analysis_lock<T>(
        &mut self,
        analyse: impl FnOnce(&mut Self) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.client_mut().execute("SELECT pg_advisory_lock($1)", &[&ANALYSIS_LOCK])?;
        let result = analyse(self);
        let unlocked = self.client_mut().execute("SELECT pg_advisory_unlock($1)", &[&ANALYSIS_LOCK]);
        let value = result?;
        unlocked?;
        Ok(value)
    }
}
