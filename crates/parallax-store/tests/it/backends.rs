//! The stores under test: a fresh embedded database in a temporary directory, and, when
//! `PARALLAX_TEST_PG_URL` names a PostgreSQL database, a fresh schema in it.

use std::io::Write;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use parallax_store::{ScratchSchema, StoreLocation};

/// The environment variable that names the PostgreSQL database of the tests.
pub const PG_URL_VAR: &str = "PARALLAX_TEST_PG_URL";

/// A store location that exists for one test and is removed after it.
pub struct TestDb {
    pub location: StoreLocation,
    /// The temporary directory of an embedded store, removed on drop.
    _dir: Option<tempfile::TempDir>,
    /// The schema in the test database, dropped on drop.
    _schema: Option<ScratchSchema>,
}

/// A new, empty embedded store (not created until opened).
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("tempdir");
    TestDb { location: StoreLocation::embedded_in(dir.path()), _dir: Some(dir), _schema: None }
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
    let name = format!("parallax_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let schema = ScratchSchema::create(&url, &name)
        .unwrap_or_else(|e| panic!("{PG_URL_VAR} is set but no schema can be made in it: {e}"));
    Some(TestDb { location: StoreLocation::Postgres(schema.url()), _dir: None, _schema: Some(schema) })
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
