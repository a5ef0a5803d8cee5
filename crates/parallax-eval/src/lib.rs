//! Evaluation: loaders for the public data sets in `../shared/data` and the metrics that
//! `parallax eval` reports against them. Reads data-set files; writes nothing.

pub mod clustering;
pub mod companies;
pub mod dates;
pub mod duc;
pub mod ecbplus;
pub mod events;
pub mod extraction;
pub mod names;
pub mod ner;
pub mod pairs;
pub mod polnear;
pub mod porter;
pub mod quotes;
pub mod reuters;
pub mod rouge;
pub mod stages;
pub mod summaries;
pub mod syntax;
pub mod throughput;

/// Errors while loading an evaluation data set.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("data set not found at {path}: {message}")]
    Missing { path: String, message: String },
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} is not in the expected format: {message}")]
    Format { path: String, message: String },
}

/// Reads a benchmark index: one JSON object mapping each page's URL to its entry, sorted by URL.
pub(crate) fn read_url_index<T: serde::de::DeserializeOwned>(
    index: &std::path::Path,
) -> Result<Vec<(String, T)>, EvalError> {
    let json = std::fs::read_to_string(index)
        .map_err(|e| EvalError::Missing { path: index.display().to_string(), message: e.to_string() })?;
    let entries: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&json)
        .map_err(|e| EvalError::Format { path: index.display().to_string(), message: e.to_string() })?;
    entries
        .into_iter()
        .map(|(url, value)| {
            let entry = serde_json::from_value(value)
                .map_err(|e| EvalError::Format { path: index.display().to_string(), message: format!("{url}: {e}") })?;
            Ok((url, entry))
        })
        .collect()
}
