//! The stores under test: a fresh embedded database in a temporary directory, and, when
//! `PARALLAX_TEST_PG_URL` names a PostgreSQL database, a fresh schema in it.

use std::io::Write;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use parallax_store::StoreLocation;

/// The environment variable that names the PostgreSQL database of the tests.
pub const PG_URL_VAR: &str = "PARALLAX_TEST_PG_URL";

/// A store location that exists for one test and is removed after it.
pub struct TestDb {
    pub location: StoreLocation,
    /// The temporary directory of an embedded store, removed on drop.
    _dir: Option<tempfile::TempDir>,
    /// The test database and the schema to drop.
    schema: Option<(String, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((url, schema)) = &self.schema
            && let Ok(mut client) = postgres::Client::connect(url, postgres::NoTls)
        {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

/// A new, empty embedded store (not created until opened).
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("tempdir");
    TestDb { location: StoreLocation::embedded_in(dir.path()), _dir: Some(dir), schema: None }
}

/// A new, empty schema in the test database, or `None` (saying so once) without one.
pub fn postgres() -> Option<TestDb> {
    let Some(url) = std::env::var(PG_URL_VAR).ok().filter(|url| !url.trim().is_empty()) else {
        static SAID: Once = Once::new();
        // Straight to stderr, past the test harness's capture, so that the skip is seen.
        SAID.call_once(|| {
            let _ = writeln!(std::io::stderr(), "postgres tests skipped: {PG_URL_VAR} not set");
        });
        return None;
    };
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let schema = format!("parallax_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let mut client = postgres::Client::connect(&url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("{PG_URL_VAR} is set but the database cannot be reached: {e}"));
    client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).expect("schema");
    Some(TestDb {
        location: StoreLocation::Postgres(with_search_path(&url, &schema)),
        _dir: None,
        schema: Some((url, schema)),
    })
}

/// The connection URL with every statement resolved in `schema`.
pub fn with_search_path(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-csearch_path%3D{schema}")
}

/// Defines one test per backend for each named check `fn(&StoreLocation)` of the module.
#[macro_export]
macro_rules! conformance {
    ($($check:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $check() { super::$check(&$crate::backends::sqlite().location); })*
        }
        mod postgres {
            $(#[test] fn $check() {
                if let Some(db) = $crate::backends::postgres() { super::$check(&db.location); }
            })*
        }
    };
}
