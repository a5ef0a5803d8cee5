//! Progress reporting hooks, implemented by the CLI's progress bar.

/// Receives progress of long stages.
pub trait Progress: Sync {
    fn begin(&self, stage: &str, total: u64);
    fn advance(&self, done: u64);
    fn end(&self);
}

/// Progress that goes nowhere.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn begin(&self, _stage: &str, _total: u64) {}
    fn advance(&self, _done: u64) {}
    fn end(&self) {}
}
