//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use parallax_engine::StoreLocation;

const AFTER_HELP: &str = "\
INPUTS:
  Files and directories (read recursively, hidden files skipped) of: plain text (.txt; an
  optional first line ' date YYYY-MM-DD Title'), HTML (.html, .htm), JSON lines (.jsonl,
  .ndjson, .json; one object per line with url, title, published, outlet, and html or text),
  RSS 2.0 / RSS 1.0 / Atom feeds (.rss, .atom, .xml; one article per item), WARC archives
  (.warc; one article per HTML response), each optionally gzip-compressed (.gz); files without
  a known extension are recognised by their first bytes. '-' reads standard input. http(s)
  URLs of pages or feeds are fetched: public addresses only (--allow-private for others),
  robots.txt honoured, 5 redirects, 20 MiB and 30 s at most. Files of other types in
  directories are skipped and counted. Non-UTF-8 text is decoded from its detected encoding.

EXIT STATUS:
  0  success
  1  error (unreadable data directory, storage failure, unknown event id, ...)
  2  invalid command-line usage
  3  the command completed, but some inputs were rejected (each is listed on stderr,
     or under \"rejections\" with --json)

ENVIRONMENT:
  PARALLAX_DATA_DIR   data directory (default ./parallax-data)
  PARALLAX_STORE_URL  a PostgreSQL database for articles and analysis (as --store)
  PARALLAX_API_TOKEN  bearer token that enables ingest over HTTP in `parallax serve`
  PARALLAX_QUOTE_ENCODER  a quote encoder folder (as --quote-encoder)

EXAMPLES:
  parallax analyze examples/corpus
  parallax ingest https://news.example/feed.xml
  parallax analyze ../shared/seeds --json > report.json
  parallax ingest examples/corpus && parallax events
  parallax event ev-1a2b3c4d5e6f --json
  parallax search 'corridor hostages'
  parallax enqueue --store postgres://parallax@db/news feeds/*.jsonl
  parallax worker --store postgres://parallax@db/news   (as many as you like, anywhere)";

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
    /// Fetch URLs given as inputs from private, loopback and link-local addresses too (by
    /// default only public addresses are fetched; robots.txt is always honoured).
    #[arg(long, global = true)]
    pub allow_private: bool,
    /// Tag quotes with this quote encoder instead of the built-in tagger, in every command
    /// that extracts quotes: a folder holding model.safetensors, vocab.txt and config.json,
    /// as scripts/quote-encoder/build.sh writes it (see the README).
    #[arg(long, global = true, env = "PARALLAX_QUOTE_ENCODER", value_name = "DIR")]
    pub quote_encoder: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read, clean, extract, cluster and report on the given inputs in one go; nothing is stored.
    #[command(after_long_help = AFTER_HELP)]
    Analyze {
        /// Files, directories, http(s) URLs of pages or feeds, or '-' for standard input.
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
        /// Files, directories, http(s) URLs of pages or feeds, or '-' for standard input.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        output: Output,
    },
    /// Add inputs to the data directory; re-ingesting an unchanged article adds nothing, and
    /// an interrupted ingest resumes where it stopped when run again.
    #[command(after_long_help = AFTER_HELP)]
    Ingest {
        /// Files, directories, http(s) URLs of pages or feeds, or '-' for standard input.
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
    /// Show one event's full report, or with --history what happened to it while the
    /// stream was clustered (founded by which article, splits and their reasons).
    Event {
        /// The event id, as listed by `parallax events`.
        id: String,
        /// Show the event's history instead of its report.
        #[arg(long)]
        history: bool,
        #[command(flatten)]
        data: DataDir,
        #[command(flatten)]
        output: Output,
    },
    /// Cluster and report the stored articles again: after an upgrade of Parallax, whose
    /// events, stories and reports may differ from those stored by the version before. Reports
    /// of events whose articles and report code are unchanged are kept.
    Reanalyze {
        #[command(flatten)]
        data: DataDir,
        #[command(flatten)]
        output: Output,
    },
    /// Show what the data directory holds: articles, indexed articles, events, stories,
    /// rejections, and whether the analysis is up to date.
    Status {
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
    /// Measure quality against the public evaluation sets in ../shared/data.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Measure speed (build with --release for meaningful numbers).
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
    /// Train a model from the public data sets in ../shared/data and write its file.
    Train {
        #[command(subcommand)]
        what: crate::train::TrainCommand,
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
    /// Serve the data directory over HTTP: web pages, a JSON API (/openapi.json), feeds,
    /// exports and metrics. Stop with Ctrl-C.
    ///
    /// Ingest over HTTP (POST /api/articles) requires the token in the environment variable
    /// PARALLAX_API_TOKEN, sent as `Authorization: Bearer <token>`; without it ingest is
    /// disabled. Logs go to stderr.
    Serve {
        /// The address to listen on (0.0.0.0 for every interface).
        #[arg(long, default_value = "127.0.0.1")]
        addr: std::net::IpAddr,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The URL clients use to reach the server, for links in feeds (default: the listening URL).
        #[arg(long)]
        public_url: Option<String>,
        #[command(flatten)]
        data: DataDir,
    },
    /// Add inputs to the job queue of a PostgreSQL store, one job per input (a file or a
    /// directory), for `parallax worker` to ingest.
    Enqueue {
        /// Files and directories, each one job (a worker reads them: give paths every worker
        /// can reach).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        store: SharedStore,
        #[command(flatten)]
        output: Output,
    },
    /// Take ingest jobs from the queue of a PostgreSQL store until none is left, storing each
    /// job's articles with it in one transaction; then bring the events up to date, one worker
    /// at a time. Run several at once, on one machine or many; a job whose worker dies goes to
    /// another when its lease runs out. The search index of a data directory catches up when
    /// `parallax serve` or another command opens it with the same --store.
    Worker {
        #[command(flatten)]
        store: SharedStore,
        /// Seconds a claimed job stays this worker's without being completed.
        #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
        lease_seconds: u64,
        /// Claims of one job (by any worker) after which it is left undone.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(i32).range(1..=100))]
        max_attempts: i32,
        #[command(flatten)]
        output: Output,
    },
}

/// What `parallax eval` measures.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// The event clusterer's similarity on SemEval-2022 Task 8 article pairs rated 1 (the same
    /// story) to 4 (unrelated): Pearson r with the ratings (sign turned: higher is better), and
    /// precision, recall and F1 of joining at the join threshold, a pair rated at most
    /// --same-at counting as one event. Pairs are alike on purpose and undated: they test
    /// whether articles of one field stay apart where no date can tell them.
    Pairs {
        /// The folder holding `training_set.csv` and `testing_set.csv`.
        #[arg(long, default_value = "../shared/data/pairs/semeval2022-task8")]
        data: PathBuf,
        /// Which split to score: `training` (for calibration) or `testing`.
        #[arg(long, default_value = "testing", value_parser = ["training", "testing"])]
        split: String,
        /// The languages of the two articles, as `first-second` (the extraction models read
        /// English).
        #[arg(long, default_value = "en-en")]
        languages: String,
        /// The mean rating at or below which a pair is one event.
        #[arg(long, default_value_t = 1.5)]
        same_at: f64,
        /// Override a clusterer setting, as NAME=VALUE (repeatable; the names of
        /// `parallax eval events --set`).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        settings: Vec<String>,
        #[command(flatten)]
        output: Output,
    },
    /// Event clustering on ECB+ (topics 1..=max-topic): documents clustered as one stream with
    /// no number of clusters given; B-cubed, pairwise F1, ARI and V-measure, overall and per topic,
    /// and the seconds of cleaning and extraction and of clustering (one thread each).
    Events {
        /// The ECB+ folder (holding `ECB+/`).
        #[arg(long, default_value = "../shared/data/events/ecbplus")]
        data: PathBuf,
        /// Last topic to include (the dev split is 1..=35).
        #[arg(long, default_value_t = 35)]
        max_topic: u32,
        /// Also stream the documents in this many fixed orders in all (the first is the one
        /// scored in full) and report the mean, least and greatest B-cubed F1: one order's
        /// score is one draw of a streaming clusterer.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
        orders: u32,
        /// Override the clusterer's join threshold (for calibration runs).
        #[arg(long)]
        join_threshold: Option<f64>,
        /// Override the weight of name overlap (for calibration runs).
        #[arg(long)]
        name_weight: Option<f64>,
        /// Override another clusterer setting, as NAME=VALUE (for calibration runs; repeatable):
        /// join_threshold, name_weight, max_day_gap, recall_threshold, reassign_margin,
        /// candidate_terms, max_candidates, retire_after, split.min_part, split.max_cross_ratio,
        /// split.name_weight, split.protagonist_clash, merge.max_fragment, merge.threshold, merge.certain, merge.max_candidates,
        /// merge.candidate_terms, regroup.link (0: no regrouping), regroup.neighbours,
        /// regroup.min_link, regroup.resolution, regroup.max_group.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        settings: Vec<String>,
        #[command(flatten)]
        output: Output,
    },
    /// Whether events keep companies apart, on Reuters-21578 (streamed in file order, by and
    /// large date order): titles name their company by ticker ("WHITTAKER CORP <WKR> 1ST QTR
    /// NET"), a label the clusterer never reads. B-cubed precision by company over the
    /// stories whose title names one ticker, the events mixing companies and the largest of
    /// them: quarterly results or debt offerings of many firms read alike but for the name.
    Companies {
        /// The Reuters-21578 folder (reut2-*.sgm).
        #[arg(long, default_value = "../shared/data/corpora/reuters21578")]
        data: PathBuf,
        /// Override a clusterer setting, as NAME=VALUE (repeatable; the names of
        /// `parallax eval events --set`).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        settings: Vec<String>,
        #[command(flatten)]
        output: Output,
    },
    /// Main-text extraction from HTML pages on trafilatura's benchmark (evaldata.json): "with"
    /// snippets found are true positives, "without" snippets found false positives; precision,
    /// recall, F1, accuracy, per language, and pages per second of cleaning on one thread.
    Extraction {
        /// The benchmark folder (holding evaldata.json, eval/ and cache/).
        #[arg(long, default_value = "../shared/data/extraction/trafilatura-eval")]
        data: PathBuf,
        /// List every page with a missing or unwanted snippet.
        #[arg(long)]
        errors: bool,
        #[command(flatten)]
        output: Output,
    },
    /// Publication dates of HTML pages on htmldate's benchmark (eval_default.json): exact-day
    /// accuracy, and precision, recall and F1 where a page without a date is a miss.
    Dates {
        /// The benchmark folder (holding eval_default.json, eval/ and cache/).
        #[arg(long, default_value = "../shared/data/dates/htmldate")]
        data: PathBuf,
        /// Withhold each page's URL from cleaning, as htmldate's own benchmark does.
        #[arg(long)]
        no_url: bool,
        /// List every page with a wrong or missing date.
        #[arg(long)]
        errors: bool,
        #[command(flatten)]
        output: Output,
    },
    /// Named entities on a CoNLL-2003 file: entity-level precision, recall and F1 as conlleval
    /// counts them, overall and per kind (PER, ORG, LOC, MISC), and tagging speed (tokens per
    /// second on one thread, tagging only).
    Ner {
        /// The CoNLL file (word ... tag per line). Without -DOCSTART- lines, document boundaries
        /// come from a *_docstart.txt file beside it with the same tokens.
        #[arg(long, default_value = "../shared/data/ner/conll2003/eng.testa")]
        data: PathBuf,
        /// Write the tagged file here (conlleval's input: word ... gold predicted).
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// Use this model file instead of the built-in model.
        #[arg(long)]
        model: Option<PathBuf>,
        #[command(flatten)]
        output: Output,
    },
    /// The names the product lists, on a CoNLL file: the tagger's spans after the entity rules
    /// (roles and titles taken off, kinds corrected, people resolved) beside the tagger's spans
    /// alone, each scored as names (sentence, text, kind): precision, recall and F1, overall
    /// and per kind. It tells whether the rules help or hurt on news the tagger was trained for.
    Entities {
        /// The CoNLL file (word ... tag per line), with document boundaries as for `eval ner`.
        #[arg(long, default_value = "../shared/data/ner/conll2003/eng.testa")]
        data: PathBuf,
        #[command(flatten)]
        output: Output,
    },
    /// Parts of speech and chunks on a CoNLL column file (word POS chunk …): tagging accuracy,
    /// chunk precision, recall and F1 as conlleval counts them, overall and per kind, and speed.
    Syntax {
        /// The CoNLL column file.
        #[arg(long, default_value = "../shared/data/ner/conll2003/eng.testa")]
        data: PathBuf,
        /// Use this model file instead of the built-in model.
        #[arg(long)]
        model: Option<PathBuf>,
        #[command(flatten)]
        output: Output,
    },
    /// Multi-document summaries on DUC 2006: the summariser on each topic's documents (250
    /// words, the topic's title and narrative as query), ROUGE-2 and ROUGE-SU4 recall as NIST
    /// scored 2006 (ROUGE-1.5.5 stemmed, jackknifed over the four human summaries), beside the
    /// lead baseline and the best 2006 system, overall and per topic (--json adds the summaries).
    Summaries {
        /// The DUC 2006 folder (holding duc2006_docs/, duc2006_topics.sgml and NISTeval/).
        #[arg(long, default_value = "../shared/data/summaries/duc2006")]
        data: PathBuf,
        /// Check the scorer instead: every submitted 2006 summary scored beside NIST's scores.
        #[arg(long)]
        peers: bool,
        #[command(flatten)]
        output: Output,
    },
    /// Quote attribution on a PolNeAR split (brat standoff): precision, recall and F1 of the
    /// source, cue and content spans, exact and by token overlap (as BBC's Citron counts it),
    /// and attribution F1 (content and source both right).
    Quotes {
        /// The split folder (holding text/ and attributions/).
        #[arg(long, default_value = "../shared/data/quotes/polnear/dev")]
        data: PathBuf,
        /// List, per article, the attributions missed and the ones predicted wrongly.
        #[arg(long)]
        errors: bool,
        /// Print the cue-head table counted on this split (the extractor's `cue_heads.tsv`).
        #[arg(long)]
        lexicon: bool,
        /// Use this quote model file instead of the built-in model.
        #[arg(long, conflicts_with = "rules_only")]
        model: Option<PathBuf>,
        /// Score the rules alone, without the quote tagger.
        #[arg(long)]
        rules_only: bool,
        #[command(flatten)]
        output: Output,
    },
}

/// What `parallax bench` measures.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// The clustering stage alone on a growing stream: Reuters-21578 cleaned and extracted once,
    /// then replayed as perturbed copies; articles/s, time per article and resident memory at
    /// each step.
    Clustering {
        /// The Reuters-21578 folder (reut2-*.sgm).
        #[arg(long, default_value = "../shared/data/corpora/reuters21578")]
        data: PathBuf,
        /// Articles to stream in all.
        #[arg(long, alias = "articles", default_value_t = 200_000)]
        max: usize,
        /// Report at these stream sizes (those above --max are dropped; --max is always one).
        #[arg(long, value_delimiter = ',', default_values_t = [10_000, 25_000, 50_000, 100_000, 200_000])]
        steps: Vec<usize>,
        /// Override a clusterer setting, as NAME=VALUE (repeatable; the names of `parallax eval
        /// events --set`, and join_threshold and name_weight): the speed of another setting.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        settings: Vec<String>,
        #[command(flatten)]
        output: Output,
    },
    /// `parallax ingest` on a growing data directory: the replayed Reuters-21578 corpus (as
    /// `bench corpus` writes it) arrives in steps, each one ingest that stores, indexes and
    /// brings the events up to date; prints the time per new article and the resident memory
    /// (now and at most) after each step.
    Scaling {
        /// The Reuters-21578 folder (reut2-*.sgm).
        #[arg(long, default_value = "../shared/data/corpora/reuters21578")]
        data: PathBuf,
        /// Articles in the store after each step.
        #[arg(long, value_delimiter = ',', default_values_t = [10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000])]
        steps: Vec<usize>,
        /// The data directory to grow (new or empty); a temporary one, removed after, by default.
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Continue a data directory that an earlier run grew to this point of the replayed
        /// stream (its last step): the steps up to it are skipped, the next ones read on from it.
        #[arg(long, value_name = "N", default_value_t = 0, requires = "data_dir")]
        from: usize,
        #[command(flatten)]
        output: Output,
    },
    /// Ingest speed of `parallax worker` processes sharing one PostgreSQL store: for each count
    /// in --workers, a fresh schema in the --store database (dropped after), the replayed
    /// Reuters-21578 corpus cut into job files of --job-size articles, and that many workers
    /// until the queue is empty and the events are up to date. Prints articles/s of the
    /// parallel ingest and of the whole run, and what was busy: the workers or PostgreSQL.
    Workers {
        /// A PostgreSQL database in which the benchmark may create and drop schemas.
        #[arg(long, value_name = "URL", env = "PARALLAX_BENCH_PG_URL")]
        store: String,
        /// Worker counts to run, one after another.
        #[arg(long, value_delimiter = ',', default_values_t = [1, 2, 4])]
        workers: Vec<usize>,
        /// Articles in the corpus.
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// Articles per job file.
        #[arg(long, default_value_t = 250, value_parser = clap::value_parser!(u64).range(1..))]
        job_size: u64,
        /// The Reuters-21578 folder (reut2-*.sgm).
        #[arg(long, default_value = "../shared/data/corpora/reuters21578")]
        data: PathBuf,
        #[command(flatten)]
        output: Output,
    },
    /// The speed of every stage alone, on one thread: HTML extraction on the trafilatura
    /// evaluation pages, then text cleaning, entities, quotes, figures, dates, all extraction,
    /// clustering features, clustering and reports on Reuters-21578 stories, and the
    /// named-entity and syntax taggers on CoNLL-2003 (tokens/s, model loaded beforehand, fastest of five
    /// passes). A missing data set skips its stages.
    Stages {
        /// The Reuters-21578 folder (reut2-*.sgm).
        #[arg(long, default_value = "../shared/data/corpora/reuters21578")]
        reuters: PathBuf,
        /// The trafilatura evaluation set (evaldata.json and the pages).
        #[arg(long, default_value = "../shared/data/extraction/trafilatura-eval")]
        pages: PathBuf,
        /// A CoNLL-2003 file for the taggers.
        #[arg(long, default_value = "../shared/data/ner/conll2003/eng.testa")]
        conll: PathBuf,
        /// Reuters stories to use (the first ones).
        #[arg(long, default_value_t = 5_000)]
        stories: usize,
        #[command(flatten)]
        output: Output,
    },
    /// Write a large input corpus for `bench serve`: Reuters-21578 and perturbed copies of it
    /// (words swapped, dates moved, outlets varied) as JSON lines, to `parallax ingest`.
    Corpus {
        /// The Reuters-21578 folder (reut2-*.sgm).
        #[arg(long, default_value = "../shared/data/corpora/reuters21578")]
        data: PathBuf,
        /// Articles to write.
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        /// The JSON-lines file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Latency of the web server under load: the event page, the search page and API and the
    /// event list, each hit by --concurrency connections at once; p50, p95, p99 per endpoint.
    /// Serves the data directory in this process unless --url names a running server.
    Serve {
        #[command(flatten)]
        data: DataDir,
        /// A running server to load instead, e.g. http://127.0.0.1:8080.
        #[arg(long)]
        url: Option<String>,
        /// Requests measured per endpoint.
        #[arg(long, default_value_t = 2_000)]
        requests: usize,
        /// Connections sending at once.
        #[arg(long, default_value_t = 8)]
        concurrency: usize,
        /// Distinct events the event-page phase cycles through.
        #[arg(long, default_value_t = 500)]
        events: usize,
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
    /// Keep articles and analysis in this PostgreSQL database (postgres://user@host:port/db)
    /// instead of the data directory's embedded database; the search index stays in the data
    /// directory.
    #[arg(long, env = "PARALLAX_STORE_URL", hide_env_values = true, value_name = "URL", value_parser = StoreUrlParser)]
    pub store: Option<StoreLocation>,
}

impl DataDir {
    /// Where the articles and analysis live.
    pub fn store_location(&self) -> StoreLocation {
        self.store.clone().unwrap_or_else(|| StoreLocation::embedded_in(&self.data_dir))
    }

    /// The store and data directory, as messages name them.
    pub fn describe(&self) -> String {
        match &self.store {
            None => format!("the data directory {}", self.data_dir.display()),
            Some(store) => format!("the store {store} (index in {})", self.data_dir.display()),
        }
    }
}

/// The PostgreSQL store that workers share.
#[derive(Debug, Args)]
pub struct SharedStore {
    /// The PostgreSQL database (postgres://user@host:port/db).
    #[arg(
        long,
        env = "PARALLAX_STORE_URL",
        hide_env_values = true,
        value_name = "URL",
        value_parser = StoreUrlParser,
        required = true
    )]
    pub store: StoreLocation,
}

/// Reads `--store`; an error shows the URL without its password (clap's own message would
/// repeat the value as given).
#[derive(Debug, Clone, Copy)]
struct StoreUrlParser;

impl clap::builder::TypedValueParser for StoreUrlParser {
    type Value = StoreLocation;

    fn parse_ref(
        &self,
        command: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<StoreLocation, clap::Error> {
        let invalid = |message: String| {
            clap::Error::raw(clap::error::ErrorKind::ValueValidation, format!("invalid value for --store: {message}\n"))
                .with_cmd(command)
        };
        let url = value.to_str().ok_or_else(|| invalid("the URL is not UTF-8".to_string()))?;
        StoreLocation::from_url(url).map_err(|error| invalid(error.to_string()))
    }
}
