//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const AFTER_HELP: &str = "\
INPUTS:
  Files and directories (read recursively, hidden files skipped) of: plain text (.txt; an
  optional first line ' date YYYY-MM-DD Title'), HTML (.html, .htm), JSON lines (.jsonl,
  .ndjson, .json; one object per line with url, title, published, outlet, and html or text),
  each optionally gzip-compressed (.gz). '-' reads standard input. Files of other types in
  directories are skipped and counted. Non-UTF-8 text is decoded from its detected encoding.

EXIT STATUS:
  0  success
  1  error (unreadable data directory, storage failure, unknown event id, ...)
  2  invalid command-line usage
  3  the command completed, but some inputs were rejected (each is listed on stderr,
     or under \"rejections\" with --json)

ENVIRONMENT:
  PARALLAX_DATA_DIR  data directory (default ./parallax-data)

EXAMPLES:
  parallax analyze examples/corpus
  parallax analyze ../shared/seeds --json > report.json
  parallax ingest examples/corpus && parallax events
  parallax event ev-1a2b3c4d5e6f --json
  parallax search 'corridor hostages'";

/// Parallax: one report per real-world event from many outlets' articles — who covered it,
/// who said what, which figures each outlet reports, where they agree and conflict, and
/// which sources are copies of one another.
#[derive(Debug, Parser)]
#[command(name = "parallax", version, about, long_about = None, after_long_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Never show progress bars.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read, clean, extract, cluster and report on the given inputs in one go; nothing is stored.
    #[command(after_long_help = AFTER_HELP)]
    Analyze {
        /// Files, directories, or '-' for standard input.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        output: Output,
        /// Sentences per event summary.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=50))]
        summary_sentences: u16,
    },
    /// Clean each input into an article (title, date, outlet, language, text) and print it.
    #[command(after_long_help = AFTER_HELP)]
    Extract {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        output: Output,
    },
    /// Add inputs to the data directory; re-ingesting an unchanged article adds nothing, and
    /// an interrupted ingest resumes where it stopped when run again.
    #[command(after_long_help = AFTER_HELP)]
    Ingest {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        data: DataDir,
        #[command(flatten)]
        output: Output,
    },
    /// List the events in the data directory in date order (undated last).
    Events {
        #[command(flatten)]
        data: DataDir,
        #[command(flatten)]
        output: Output,
    },
    /// Show one event's full report.
    Event {
        /// The event id, as listed by `parallax events`.
        id: String,
        #[command(flatten)]
        data: DataDir,
        #[command(flatten)]
        output: Output,
    },
    /// List stories: events linked over time by their actors.
    Stories {
        #[command(flatten)]
        data: DataDir,
        #[command(flatten)]
        output: Output,
    },
    /// Full-text search over stored articles.
    Search {
        /// Words, "quoted phrases", +required, -excluded.
        query: String,
        /// Most results to show.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[command(flatten)]
        data: DataDir,
        #[command(flatten)]
        output: Output,
    },
}

#[derive(Debug, Args)]
pub struct Output {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DataDir {
    /// The data directory (an embedded database and a search index).
    #[arg(long, env = "PARALLAX_DATA_DIR", default_value = "parallax-data")]
    pub data_dir: PathBuf,
}
