//! Where a store lives: the embedded file of a data directory, or a PostgreSQL database.

use std::path::{Path, PathBuf};

use crate::{PgStore, SqliteStore, Store, StoreError};

/// Where a store lives, and how to open it as a writer or as a reader.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// The embedded SQLite database file at this path.
    Embedded(PathBuf),
    /// A PostgreSQL database, by connection string (`postgres://user@host:port/db`).
    Postgres(String),
}

impl StoreLocation {
    /// The embedded store of a data directory: `parallax.db` inside it.
    pub fn embedded_in(data_dir: &Path) -> Self {
        Self::Embedded(data_dir.join("parallax.db"))
    }

    /// Reads a store URL: `postgres://…` or `postgresql://…`.
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        let trimmed = url.trim();
        if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
            Ok(Self::Postgres(trimmed.to_string()))
        } else {
            Err(StoreError::UnsupportedUrl { url: redact_password(trimmed) })
        }
    }

    /// Opens the store for reading and writing, creating and migrating its schema as needed.
    pub fn open(&self) -> Result<Box<dyn Store + Send>, StoreError> {
        Ok(match self {
            Self::Embedded(path) => Box::new(SqliteStore::open(path)?),
            Self::Postgres(url) => Box::new(PgStore::connect(url)?),
        })
    }

    /// Opens a second handle that only reads, beside a writer; the schema must be current.
    pub fn open_read_only(&self) -> Result<Box<dyn Store + Send>, StoreError> {
        Ok(match self {
            Self::Embedded(path) => Box::new(SqliteStore::open_read_only(path)?),
            Self::Postgres(url) => Box::new(PgStore::connect_read_only(url)?),
        })
    }
}

/// Shows the location without a password.
impl std::fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Embedded(path) => write!(f, "{}", path.display()),
            Self::Postgres(url) => f.write_str(&redact_password(url)),
        }
    }
}

impl std::fmt::Debug for StoreLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Embedded(path) => f.debug_tuple("Embedded").field(path).finish(),
            Self::Postgres(url) => f.debug_tuple("Postgres").field(&redact_password(url)).finish(),
        }
    }
}

/// A connection string with its password replaced by `***`, in URL form
/// (`scheme://user:secret@host`) and in key-value form (`password=secret`).
pub(crate) fn redact_password(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let authority = match authority.rsplit_once('@') {
            Some((user_info, host)) => match user_info.split_once(':') {
                Some((user, _secret)) => format!("{user}:***@{host}"),
                None => authority.to_string(),
            },
            None => authority.to_string(),
        };
        let tail = redact_query_password(tail);
        return format!("{scheme}://{authority}{tail}");
    }
    url.split_whitespace()
        .map(|pair| if pair.starts_with("password=") { "password=***" } else { pair })
        .collect::<Vec<_>>()
        .join(" ")
}

fn redact_query_password(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else { return tail.to_string() };
    let query: Vec<&str> =
        query.split('&').map(|pair| if pair.starts_with("password=") { "password=***" } else { pair }).collect();
    format!("{path}?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        let check = |url: &str, expected: &str| assert_eq!(redact_password(url), expected, "{url}");
        check("postgres://mira:s3cret@db.example:5432/news", "postgres://mira:***@db.example:5432/news");
        check("postgres://mira@127.0.0.1/news", "postgres://mira@127.0.0.1/news");
        check(
            "postgresql://127.0.0.1/news?password=s3cret&sslmode=disable",
            "postgresql://127.0.0.1/news?password=***&sslmode=disable",
        );
        check("postgres://a:b:c@host/db?x=1", "postgres://a:***@host/db?x=1");
        check("host=/tmp user=mira password=s3cret dbname=news", "host=/tmp user=mira password=*** dbname=news");
    }

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(
            StoreLocation::from_url("postgres://127.0.0.1/news").ok(),
            Some(StoreLocation::Postgres("postgres://127.0.0.1/news".into()))
        );
        assert!(StoreLocation::from_url("postgresql://h/db").is_ok());
        let error = StoreLocation::from_url("mysql://root:pw@h/db").err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("unsupported store url `mysql://root:***@h/db`: expected postgres://… or postgresql://…")
        );
        assert_eq!(StoreLocation::embedded_in(Path::new("data")).to_string(), "data/parallax.db");
    }
}
