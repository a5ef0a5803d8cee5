//! What only the embedded backend has.

use parallax_store::{SqliteStore, Store};

use crate::data::row;

#[test]
fn in_memory_store_works_without_a_file() {
    let mut store = SqliteStore::open_in_memory().expect("open");
    store.put_articles(&[row("a", "1")], &[]).expect("put");
    assert_eq!(store.count_articles().expect("count"), 1);
}

#[test]
fn a_file_that_is_not_a_database_is_an_open_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("parallax.db");
    std::fs::write(&path, "this is not a database, only text, long enough to be read as a header").expect("write");
    let error = SqliteStore::open(&path).expect_err("an error").to_string();
    assert!(error.starts_with("sqlite database error") || error.starts_with("cannot open the sqlite store"), "{error}");
}
