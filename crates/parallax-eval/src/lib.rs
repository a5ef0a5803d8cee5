//! Evaluation: loaders for the public data sets in `../shared/data` and the metrics that
//! `parallax eval` reports against them. Reads data-set files; writes nothing.

pub mod clustering;
pub mod dates;
pub mod ecbplus;
pub mod events;
pub mod extraction;
pub mod ner;
pub mod reuters;
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
