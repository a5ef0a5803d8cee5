//! Progress bars on standard error, shown only on a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use parallax_engine::Progress;

/// A progress bar that is hidden unless standard error is a terminal.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new(quiet: bool) -> Self {
        let bar = ProgressBar::hidden();
        if !quiet && std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        let style = ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        Self { bar }
    }
}

impl Progress for Bar {
    fn begin(&self, stage: &str, total: u64) {
        self.bar.reset();
        self.bar.set_prefix(stage.to_string());
        self.bar.set_length(total);
        self.bar.set_position(0);
    }

    fn advance(&self, done: u64) {
        self.bar.inc(done);
    }

    fn end(&self) {
        self.bar.finish_and_clear();
    }
}
