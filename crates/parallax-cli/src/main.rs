//! `parallax`: the command-line interface. Parses arguments, calls the engine, prints.
//! Thin by design: no processing logic lives here.

mod args;
mod bench;
mod bench_scaling;
mod bench_serve;
mod bench_workers;
mod commands;
mod eval;
mod progress;
mod render;
mod train;
mod train_syntax;

use std::process::ExitCode;

use clap::Parser;

/// Exit code when the run completed but some inputs were rejected.
pub const EXIT_REJECTED: u8 = 3;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            if error.chain().any(|cause| {
                cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
