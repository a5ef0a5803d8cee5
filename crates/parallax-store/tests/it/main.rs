//! Tests of the storage layer. `conformance` is the suite every backend must pass: each check
//! runs against the embedded store, and against PostgreSQL when `PARALLAX_TEST_PG_URL` names
//! a database (`.ci/postgres` starts one); `postgres` holds what only that backend has.

mod backends;
mod conformance;
mod data;
mod filters;
mod jobs;
mod partial;
mod postgres;
mod sqlite;
