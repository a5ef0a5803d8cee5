//! `parallax train …`: read the data sets, train, write the model file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};
use parallax_extract::ner::{ClusterConfig, ClusterCorpus, NerModel, TrainConfig};
use serde::Serialize;

use crate::args::Output;

/// What `parallax train` trains.
#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// The named-entity tagger, on CoNLL-2003 English (eng.train, with the document
    /// boundaries of conll2003_train_docstart.txt when present), with word clusters induced
    /// from the unlabelled corpora (Reuters-21578 SGML and BBC text) plus the training text.
    /// Deterministic: the same data and options give the same model file.
    Ner(NerArgs),
    /// The quote tagger, on PolNeAR's training split: an averaged perceptron over the roles the
    /// rules give each token (source, cue, content). Deterministic: the same data and options
    /// give the same model file.
    Quotes(QuotesArgs),
    /// The part-of-speech tagger and chunker, on the POS and chunk columns of CoNLL-2003
    /// English (eng.train): two greedy averaged perceptrons whose tags the quote tagger reads.
    /// Deterministic: the same data and options give the same model file. Train it before the
    /// quote tagger, whose features depend on it.
    Syntax(crate::train_syntax::SyntaxArgs),
}

#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// The PolNeAR training split (holding text/ and attributions/).
    #[arg(long, default_value = "../shared/data/quotes/polnear/train")]
    data: PathBuf,
    /// Where to write the model (the default is the one built into the binary).
    #[arg(long, default_value = "crates/parallax-extract/models/quotes.bin")]
    out: PathBuf,
    /// Passes over the training paragraphs.
    #[arg(long, default_value_t = parallax_extract::quotes::TrainConfig::default().epochs)]
    epochs: usize,
    /// Features seen fewer times are dropped.
    #[arg(long, default_value_t = parallax_extract::quotes::TrainConfig::default().min_count)]
    min_count: u32,
    /// Stages: 1, or 2 for a second stage that reads the first one's labels.
    #[arg(long, default_value_t = parallax_extract::quotes::TrainConfig::default().stages)]
    stages: usize,
    /// Folds of the jackknife that trains the second stage.
    #[arg(long, default_value_t = parallax_extract::quotes::TrainConfig::default().folds)]
    folds: usize,
    /// Perceptrons trained per stage, each on its own order of the paragraphs, whose weights
    /// are averaged.
    #[arg(long, default_value_t = parallax_extract::quotes::TrainConfig::default().bags)]
    bags: usize,
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, Args)]
pub struct NerArgs {
    /// The CoNLL-2003 folder.
    #[arg(long, default_value = "../shared/data/ner/conll2003")]
    data: PathBuf,
    /// The folder of unlabelled corpora (holding reuters21578/ and bbc/).
    #[arg(long, default_value = "../shared/data/corpora")]
    corpora: PathBuf,
    /// Where to write the model (the default is the one built into the binary).
    #[arg(long, default_value = "crates/parallax-extract/models/ner.bin")]
    out: PathBuf,
    /// Passes over the training data, for each stage.
    #[arg(long, default_value_t = TrainConfig::default().epochs)]
    epochs: usize,
    /// Folds of the jackknife that trains the second stage.
    #[arg(long, default_value_t = TrainConfig::default().folds)]
    folds: usize,
    /// Seed of the order in which sentences are seen.
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    seed: u64,
    /// Threads (the model does not depend on it).
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Word classes per level of the clusters by the word before, finest first.
    #[arg(long, value_delimiter = ',', default_values_t = ClusterConfig::default().classes)]
    cluster_classes: Vec<usize>,
    /// Word classes per level of the clusters by the word after (six levels in all at most).
    #[arg(long, value_delimiter = ',', default_values_t = ClusterConfig::default().right_classes)]
    right_cluster_classes: Vec<usize>,
    /// Do not mine names (companies, titled persons) from the corpora.
    #[arg(long)]
    no_mined_names: bool,
    /// Take the word clusters from this model file instead of inducing them again.
    #[arg(long)]
    clusters_from: Option<PathBuf>,
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, Serialize)]
struct TrainSummary {
    model: String,
    bytes: usize,
    training_file: String,
    n_documents: usize,
    n_sentences: usize,
    n_tokens: usize,
    corpus_tokens: usize,
    cluster_words: usize,
    names: usize,
    stage1_features: usize,
    stage2_features: usize,
    jackknife_stage1_f1: f64,
    seconds_clusters: f64,
    seconds_tagger: f64,
    seconds_total: f64,
}

pub fn run(what: TrainCommand) -> anyhow::Result<ExitCode> {
    match what {
        TrainCommand::Ner(args) => ner(&args),
        TrainCommand::Quotes(args) => quotes(&args),
        TrainCommand::Syntax(args) => crate::train_syntax::train(&args),
    }
}

fn ner(options: &NerArgs) -> anyhow::Result<ExitCode> {
    let (data, corpora_dir, out, json) = (&options.data, &options.corpora, &options.out, options.output.json);
    let started = Instant::now();
    let log = |message: &str| eprintln!("[{:6.1} s] {message}", started.elapsed().as_secs_f64());
    let training_file = parallax_eval::ner::training_file(data);
    let training = parallax_eval::ner::load_conll(&training_file)
        .with_context(|| format!("cannot load the CoNLL-2003 training data from {}", data.display()))?;
    log(&format!(
        "{}: {} documents, {} sentences, {} tokens",
        training_file.display(),
        training.documents.len(),
        training.n_sentences(),
        training.n_tokens()
    ));
    let corpora = parallax_eval::ner::load_corpora(corpora_dir)
        .with_context(|| format!("cannot load the unlabelled corpora from {}", corpora_dir.display()))?;
    log(&format!("{}: {} files, {} names listed", corpora_dir.display(), corpora.n_files, corpora.names.len()));
    let clusters_started = Instant::now();
    let mut corpus = ClusterCorpus::new();
    for text in &corpora.texts {
        corpus.add_text(text);
    }
    for sentence in training.documents.iter().flat_map(|d| &d.sentences) {
        corpus.add_sentence(&sentence.tokens);
    }
    let corpus_tokens = corpus.n_tokens();
    let mut names = corpora.names.clone();
    if !options.no_mined_names {
        let mined = corpus.mine_names();
        log(&format!("{} names mined from the corpora", mined.len()));
        names.extend(mined);
    }
    let clusters = match &options.clusters_from {
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let model = NerModel::from_bytes(&bytes).with_context(|| format!("cannot read {}", path.display()))?;
            log(&format!("clusters taken from {}", path.display()));
            model.clusters().clone()
        }
        None => {
            let config = ClusterConfig {
                classes: options.cluster_classes.clone(),
                right_classes: options.right_cluster_classes.clone(),
                ..ClusterConfig::default()
            };
            corpus.induce(&config, &mut |message| log(message))
        }
    };
    drop(corpus);
    let seconds_clusters = clusters_started.elapsed().as_secs_f64();
    let tagger_started = Instant::now();
    let config = TrainConfig {
        epochs: options.epochs,
        stage2_epochs: options.epochs,
        folds: options.folds,
        threads: options.threads.max(1),
        seed: options.seed,
        ..TrainConfig::default()
    };
    let (model, report) =
        parallax_extract::ner::train(&training.labeled(), clusters, &names, &config, &mut |message| log(message));
    let seconds_tagger = tagger_started.elapsed().as_secs_f64();
    let bytes = model.to_bytes();
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    let summary = model.summary();
    let result = TrainSummary {
        model: out.display().to_string(),
        bytes: bytes.len(),
        training_file: training_file.display().to_string(),
        n_documents: report.n_documents,
        n_sentences: report.n_sentences,
        n_tokens: report.n_tokens,
        corpus_tokens,
        cluster_words: summary.n_cluster_words,
        names: summary.n_names,
        stage1_features: summary.n_stage1_features,
        stage2_features: summary.n_stage2_features,
        jackknife_stage1_f1: report.jackknife_stage1_f1,
        seconds_clusters,
        seconds_tagger,
        seconds_total: started.elapsed().as_secs_f64(),
    };
    if json {
        crate::commands::print_json(&result)?;
    } else {
        crate::commands::print_text(&format!(
            "wrote {} ({:.2} MB): {} cluster words, {} names, {} + {} feature rows; \
             jackknife F1 of stage 1 {:.4}; {:.1} s (clusters {:.1} s, tagger {:.1} s)\n",
            result.model,
            result.bytes as f64 / 1e6,
            result.cluster_words,
            result.names,
            result.stage1_features,
            result.stage2_features,
            result.jackknife_stage1_f1,
            result.seconds_total,
            result.seconds_clusters,
            result.seconds_tagger
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Serialize)]
struct QuotesTrainSummary {
    model: String,
    bytes: usize,
    n_articles: usize,
    n_paragraphs: usize,
    n_tokens: usize,
    n_features: usize,
    errors_per_epoch: Vec<usize>,
    seconds: f64,
}

fn quotes(options: &QuotesArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let articles = parallax_eval::polnear::load(&options.data)
        .with_context(|| format!("cannot load PolNeAR from {}", options.data.display()))?;
    let config = parallax_extract::quotes::TrainConfig {
        epochs: options.epochs,
        min_count: options.min_count,
        stages: options.stages,
        folds: options.folds,
        bags: options.bags,
        ..parallax_extract::quotes::TrainConfig::default()
    };
    let (model, report) = parallax_extract::quotes::train(&parallax_eval::quotes::labeled_texts(&articles), &config);
    let bytes = model.to_bytes();
    let out = &options.out;
    std::fs::write(out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    let result = QuotesTrainSummary {
        model: out.display().to_string(),
        bytes: bytes.len(),
        n_articles: articles.len(),
        n_paragraphs: report.n_paragraphs,
        n_tokens: report.n_tokens,
        n_features: model.n_features(),
        errors_per_epoch: report.errors_per_epoch,
        seconds: started.elapsed().as_secs_f64(),
    };
    if options.output.json {
        crate::commands::print_json(&result)?;
    } else {
        crate::commands::print_text(&format!(
            "wrote {} ({:.2} MB): {} articles, {} paragraphs, {} tokens, {} feature rows; {:.1} s\n",
            result.model,
            result.bytes as f64 / 1e6,
            result.n_articles,
            result.n_paragraphs,
            result.n_tokens,
            result.n_features,
            result.seconds
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `parallax eval ner`: tag a CoNLL file with the built-in model (or `model`), print the
/// scores and the tagging speed, optionally write the tagged file.
pub fn eval_ner(data: &Path, predictions: Option<&Path>, model: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let file = parallax_eval::ner::load_conll(data).with_context(|| format!("cannot load {}", data.display()))?;
    let loaded;
    let model: &NerModel = match model {
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            loaded =
                NerModel::from_bytes(&bytes).with_context(|| format!("cannot read the model {}", path.display()))?;
            &loaded
        }
        None => parallax_extract::ner::embedded_model()
            .map_err(|e| anyhow::anyhow!("the built-in NER model is unusable: {e}"))?,
    };
    let (evaluation, tags) = parallax_eval::ner::evaluate_ner(&file, model);
    if let Some(path) = predictions {
        std::fs::write(path, parallax_eval::ner::predictions_text(&file, &tags))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if json {
        crate::commands::print_json(&evaluation)?;
        return Ok(ExitCode::SUCCESS);
    }
    let e = &evaluation;
    let line = |label: &str, s: &parallax_eval::ner::EntityScores| {
        format!(
            "{label:>8}  P {:.4} R {:.4} F1 {:.4} | correct {} predicted {} gold {}\n",
            s.precision, s.recall, s.f1, s.correct, s.predicted, s.gold
        )
    };
    let mut out = format!(
        "{}: {} documents (boundaries: {}), {} sentences, {} tokens\n",
        e.file, e.n_documents, e.documents_from, e.n_sentences, e.n_tokens
    );
    out.push_str(&line("overall", &e.overall));
    for kind in &e.per_kind {
        out.push_str(&line(&kind.kind, &kind.scores));
    }
    out.push_str(&format!("token accuracy {:.4}\n", e.token_accuracy));
    out.push_str(&format!(
        "speed: {:.0} tokens/s ({} tokens tagged in {:.3} s, fastest pass, one thread, reading and scoring excluded)\n",
        e.tokens_per_second, e.n_tokens, e.seconds
    ));
    crate::commands::print_text(&out)?;
    Ok(ExitCode::SUCCESS)
}
