//! `parallax train syntax` and `parallax eval syntax`: the part-of-speech tagger and chunker
//! on CoNLL-2003's POS and chunk columns.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use parallax_extract::syntax::{SyntaxModel, SyntaxTrainConfig};
use serde::Serialize;

use crate::args::Output;

#[derive(Debug, Args)]
pub struct SyntaxArgs {
    /// The CoNLL column file to train on (word POS chunk …).
    #[arg(long, default_value = "../shared/data/ner/conll2003/eng.train")]
    data: PathBuf,
    /// Where to write the model (the default is the one built into the binary).
    #[arg(long, default_value = "crates/parallax-extract/models/syntax.bin")]
    out: PathBuf,
    /// Passes over the training sentences.
    #[arg(long, default_value_t = SyntaxTrainConfig::default().epochs)]
    epochs: usize,
    /// Averaged weights smaller than this are dropped.
    #[arg(long, default_value_t = SyntaxTrainConfig::default().floor)]
    floor: f32,
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, Serialize)]
struct SyntaxTrainSummary {
    model: String,
    bytes: usize,
    n_sentences: usize,
    n_tokens: usize,
    pos_features: usize,
    chunk_features: usize,
    pos_errors_per_epoch: Vec<usize>,
    chunk_errors_per_epoch: Vec<usize>,
    seconds: f64,
}

/// `parallax train syntax`.
pub fn train(options: &SyntaxArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let sentences = parallax_eval::syntax::load_columns(&options.data)
        .with_context(|| format!("cannot load {}", options.data.display()))?;
    let config = SyntaxTrainConfig { epochs: options.epochs, floor: options.floor, ..SyntaxTrainConfig::default() };
    let (model, report) = parallax_extract::syntax::train(&sentences, &config);
    let bytes = model.to_bytes();
    std::fs::write(&options.out, &bytes).with_context(|| format!("cannot write {}", options.out.display()))?;
    let (pos_features, chunk_features) = model.n_features();
    let result = SyntaxTrainSummary {
        model: options.out.display().to_string(),
        bytes: bytes.len(),
        n_sentences: report.n_sentences,
        n_tokens: report.n_tokens,
        pos_features,
        chunk_features,
        pos_errors_per_epoch: report.pos_errors,
        chunk_errors_per_epoch: report.chunk_errors,
        seconds: started.elapsed().as_secs_f64(),
    };
    if options.output.json {
        crate::commands::print_json(&result)?;
    } else {
        crate::commands::print_text(&format!(
            "wrote {} ({:.2} MB): {} sentences, {} tokens, {} + {} feature rows; errors per pass {:?} (POS), {:?} (chunks); {:.1} s\n",
            result.model,
            result.bytes as f64 / 1e6,
            result.n_sentences,
            result.n_tokens,
            result.pos_features,
            result.chunk_features,
            result.pos_errors_per_epoch,
            result.chunk_errors_per_epoch,
            result.seconds
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `parallax eval syntax`: tag a column file with the built-in model (or `model`) and score it.
pub fn eval(data: &Path, model: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let sentences =
        parallax_eval::syntax::load_columns(data).with_context(|| format!("cannot load {}", data.display()))?;
    let loaded;
    let model: &SyntaxModel = match model {
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            loaded =
                SyntaxModel::from_bytes(&bytes).with_context(|| format!("cannot read the model {}", path.display()))?;
            &loaded
        }
        None => parallax_extract::syntax::embedded_model()
            .map_err(|e| anyhow::anyhow!("the built-in syntax model is unusable: {e}"))?,
    };
    let e = parallax_eval::syntax::evaluate_syntax(data, &sentences, model);
    if json {
        crate::commands::print_json(&e)?;
        return Ok(ExitCode::SUCCESS);
    }
    let line = |kind: &str, s: &parallax_eval::ner::EntityScores| {
        format!(
            "{kind:>6}  P {:.4} R {:.4} F1 {:.4} | correct {} predicted {} gold {}\n",
            s.precision, s.recall, s.f1, s.correct, s.predicted, s.gold
        )
    };
    let mut out = format!("{}: {} sentences, {} tokens\n", e.file, e.n_sentences, e.n_tokens);
    out.push_str(&format!(
        "part of speech: accuracy {:.4} (nouns, verbs, adjectives {:.4})\nchunks:\n",
        e.pos_accuracy, e.pos_accuracy_open_class
    ));
    out.push_str(&line("all", &e.chunks));
    for kind in &e.per_kind {
        out.push_str(&line(&kind.kind, &kind.scores));
    }
    out.push_str(&format!("speed: {:.0} tokens/s (one thread, both taggers)\n", e.tokens_per_second));
    crate::commands::print_text(&out)?;
    Ok(ExitCode::SUCCESS)
}
