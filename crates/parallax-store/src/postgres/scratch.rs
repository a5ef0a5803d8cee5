//! A schema of its own in a shared database, for one benchmark or test run: created empty,
//! dropped when the value is dropped. The store's tables are made in it by the first
//! [`PgStore::connect`](super::PgStore::connect) through [`ScratchSchema::url`].

use ::postgres::{Client, NoTls};

use crate::location::redact_password;
use crate::{Backend, StoreError};

/// An empty schema in the database at an administrator's URL.
#[derive(Debug)]
pub struct ScratchSchema {
    admin_url: String,
    name: String,
}

impl ScratchSchema {
    /// Creates the schema `name` (lower-case letters, digits and `_`, starting with a letter),
    /// dropping any schema of that name first.
    pub fn create(admin_url: &str, name: &str) -> Result<Self, StoreError> {
        let valid = name.len() <= 63
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(StoreError::BadSchemaName { name: name.to_string() });
        }
        let mut client = connect(admin_url)?;
        client.batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"))?;
        Ok(Self { admin_url: admin_url.to_string(), name: name.to_string() })
    }

    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The administrator's URL with this schema first in the search path: a store opened
    /// through it lives in the schema.
    pub fn url(&self) -> String {
        let separator = if self.admin_url.contains('?') { '&' } else { '?' };
        format!("{}{separator}options=-csearch_path%3D{}", self.admin_url, self.name)
    }
}

impl Drop for ScratchSchema {
    fn drop(&mut self) {
        if let Ok(mut client) = connect(&self.admin_url) {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

pub(super) fn connect(url: &str) -> Result<Client, StoreError> {
    Client::connect(url, NoTls).map_err(|source| StoreError::Open {
        backend: Backend::Postgres,
        location: redact_password(url),
        source: Box::new(source),
    })
}
