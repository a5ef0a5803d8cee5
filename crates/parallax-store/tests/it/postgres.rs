//! What only the PostgreSQL backend has: migrations shared by processes, concurrent writers,
//! connection errors. Skipped without `PARALLAX_TEST_PG_URL` except where no server is needed.

use parallax_store::{PgStore, PutOutcome, Store, StoreError, StoreLocation};

use crate::backends;
use crate::data::row;

fn url_of(db: &backends::TestDb) -> String {
    match &db.location {
        StoreLocation::Postgres(url) => url.clone(),
        StoreLocation::Embedded(path) => panic!("not a postgres location: {}", path.display()),
    }
}

#[test]
fn an_unreachable_server_is_an_open_error_without_the_password() {
    // Port 1 on the loopback interface: nothing listens there.
    let error = PgStore::connect("postgres://mira:s3cret@127.0.0.1:1/news?connect_timeout=5").expect_err("an error");
    assert!(matches!(error, StoreError::Open { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with("cannot open the postgresql store at postgres://mira:***@127.0.0.1:1/news"),
        "{message}"
    );
    assert!(!message.contains("s3cret"), "{message}");
}

#[test]
fn processes_migrating_at_once_all_succeed() {
    let Some(db) = backends::postgres() else { return };
    let url = url_of(&db);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || PgStore::connect(&url).map(|store| store.count_articles()))
        })
        .collect();
    for handle in handles {
        let count = handle.join().expect("thread").expect("connect and migrate").expect("count");
        assert_eq!(count, 0);
    }
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("client");
    let versions: Vec<i64> =
        client.query("SELECT version FROM parallax_schema", &[]).expect("version").iter().map(|r| r.get(0)).collect();
    assert_eq!(versions, [1], "one row, the last migration");
}

#[test]
fn a_newer_schema_is_refused() {
    let Some(db) = backends::postgres() else { return };
    let url = url_of(&db);
    drop(PgStore::connect(&url).expect("migrate"));
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("client");
    client.batch_execute("UPDATE parallax_schema SET version = 99").expect("bump");
    let error = PgStore::connect(&url).expect_err("refused");
    assert!(matches!(error, StoreError::SchemaTooNew { found: 99, supported: 1 }), "{error:?}");
    let error = PgStore::connect_read_only(&url).expect_err("refused");
    assert!(matches!(error, StoreError::SchemaTooNew { found: 99, .. }), "{error:?}");
}

#[test]
fn concurrent_writers_store_each_article_once() {
    let Some(db) = backends::postgres() else { return };
    let url = url_of(&db);
    drop(PgStore::connect(&url).expect("migrate"));
    let rows: Vec<_> = (0..200).map(|i| row(&format!("art-{i:03}"), &format!("body {i}"))).collect();
    let writers: Vec<_> = (0..3)
        .map(|_| {
            let url = url.clone();
            let rows = rows.clone();
            std::thread::spawn(move || {
                let mut store = PgStore::connect(&url).expect("connect");
                let mut outcomes = Vec::new();
                for batch in rows.chunks(16) {
                    outcomes.extend(store.put_articles(batch, &[]).expect("put"));
                }
                outcomes
            })
        })
        .collect();
    let mut inserted = 0;
    for writer in writers {
        let outcomes = writer.join().expect("writer");
        assert!(outcomes.iter().all(|o| *o != PutOutcome::Updated), "the same content is never an update");
        inserted += outcomes.iter().filter(|o| **o == PutOutcome::Inserted).count();
    }
    assert_eq!(inserted, rows.len(), "each article inserted by exactly one writer");
    let store = PgStore::connect(&url).expect("connect");
    assert_eq!(store.count_articles().expect("count"), rows.len());
}
