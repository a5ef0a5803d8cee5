//! The PostgreSQL backend: one database that several processes can share.
//!
//! The synchronous `postgres` client, without TLS. Every batch of articles is one transaction;
//! an article is written with one upsert, so concurrent writers cannot store it twice.
//! PostgreSQL text cannot hold NUL characters: the plain columns (ids, titles, outlets,
//! sources, rejected inputs) store U+FFFD in their place; the JSON records keep them exactly.

mod jobs;
mod schema;
mod scratch;
mod store;

pub use jobs::{Job, JobCounts};
pub use scratch::ScratchSchema;

use std::sync::{Mutex, MutexGuard, PoisonError};

use ::postgres::Client;

use crate::StoreError;
use schema::MIGRATIONS;

/// A store in a PostgreSQL database (see [`StoreLocation::Postgres`](crate::StoreLocation)).
pub struct PgStore {
    /// One connection; reads take the lock too, as the client needs `&mut` to query.
    client: Mutex<Client>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").finish_non_exhaustive()
    }
}

/// The advisory lock that serialises migrations of one database across processes.
const MIGRATION_LOCK: i64 = 0x7061_7261_6c6c_6178;

impl PgStore {
    /// Connects to the database at `url` and brings its schema up to date (several processes
    /// may do this at once).
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        let mut client = open_client(url)?;
        migrate(&mut client)?;
        Ok(Self { client: Mutex::new(client) })
    }

    /// Connects for reading only: every transaction of this connection is read-only. The
    /// schema must be current (a writer migrates it).
    pub fn connect_read_only(url: &str) -> Result<Self, StoreError> {
        let mut client = open_client(url)?;
        let found = schema_version(&mut client)?;
        let expected = MIGRATIONS.len() as i64;
        if found > expected {
            return Err(StoreError::SchemaTooNew { found, supported: expected });
        }
        if found < expected {
            return Err(StoreError::SchemaTooOld { found, expected });
        }
        client.batch_execute("SET default_transaction_read_only = on")?;
        Ok(Self { client: Mutex::new(client) })
    }

    /// The connection, for a read. A panic while it was held cannot have left a transaction
    /// open (the client rolls back on drop), so a poisoned lock is taken over.
    fn client(&self) -> MutexGuard<'_, Client> {
        self.client.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The connection, for a write.
    fn client_mut(&mut self) -> &mut Client {
        self.client.get_mut().unwrap_or_else(PoisonError::into_inner)
    }
}

fn open_client(url: &str) -> Result<Client, StoreError> {
    scratch::connect(url)
}

/// How many migrations the database has had; 0 for an empty database.
fn schema_version(client: &mut Client) -> Result<i64, StoreError> {
    let exists: bool = client.query_one("SELECT to_regclass('parallax_schema') IS NOT NULL", &[])?.try_get(0)?;
    if !exists {
        return Ok(0);
    }
    let row = client.query_opt("SELECT version FROM parallax_schema", &[])?;
    Ok(match row {
        Some(row) => row.try_get(0)?,
        None => 0,
    })
}

/// Applies the missing migrations in one transaction, under an advisory lock.
fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let supported = MIGRATIONS.len() as i64;
    let mut transaction = client.transaction()?;
    transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    transaction.batch_execute(
        "CREATE TABLE IF NOT EXISTS parallax_schema (version BIGINT NOT NULL);
         INSERT INTO parallax_schema (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM parallax_schema);",
    )?;
    let found: i64 = transaction.query_one("SELECT version FROM parallax_schema", &[])?.try_get(0)?;
    if found > supported {
        return Err(StoreError::SchemaTooNew { found, supported });
    }
    if found == supported {
        return Ok(());
    }
    for migration in MIGRATIONS.iter().skip(usize::try_from(found).unwrap_or(0)) {
        transaction.batch_execute(migration)?;
    }
    transaction.execute("UPDATE parallax_schema SET version = $1", &[&supported])?;
    transaction.commit()?;
    Ok(())
}

/// Text as PostgreSQL can store it: NUL characters become U+FFFD.
fn plain(text: &str) -> String {
    text.replace('\0', "\u{FFFD}")
}
