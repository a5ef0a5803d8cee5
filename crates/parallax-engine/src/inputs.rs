//! Reading the inputs a user names: paths, directories, `-` for standard input.

use std::io::Read;
use std::path::PathBuf;

use parallax_ingest::{IngestConfig, list_inputs, read_input, read_stdin};
use parallax_model::{Diagnostic, RawDoc, RejectReason, Rejection};

use crate::Progress;

/// Documents read, inputs rejected, notes, and files skipped for their type.
#[derive(Debug, Default)]
pub struct Inputs {
    pub docs: Vec<RawDoc>,
    pub rejections: Vec<Rejection>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Vec<PathBuf>,
}

/// Reads every named input. `-` reads standard input.
pub fn read_inputs(paths: &[PathBuf], config: &IngestConfig, progress: &dyn Progress) -> Inputs {
    let mut inputs = Inputs::default();
    let (files, rejections, skipped) =
        list_inputs(&paths.iter().filter(|p| p.as_os_str() != "-").cloned().collect::<Vec<_>>());
    inputs.rejections.extend(rejections);
    inputs.skipped = skipped;
    if paths.iter().any(|p| p.as_os_str() == "-") {
        let mut bytes = Vec::new();
        let limit = config.max_document_bytes.max(config.max_line_bytes) * 4;
        match std::io::stdin().lock().take(limit).read_to_end(&mut bytes) {
            Ok(_) => absorb(&mut inputs, read_stdin(&bytes, config)),
            Err(error) => inputs
                .rejections
                .push(Rejection { input: "-".into(), reason: RejectReason::Unreadable { message: error.to_string() } }),
        }
    }
    progress.begin("reading", files.len() as u64);
    for file in &files {
        absorb(&mut inputs, read_input(file, config));
        progress.advance(1);
    }
    progress.end();
    inputs
}

fn absorb(inputs: &mut Inputs, outcome: parallax_ingest::ReadOutcome) {
    for doc in &outcome.docs {
        inputs.diagnostics.extend(doc.diagnostics.iter().cloned());
    }
    inputs.docs.extend(outcome.docs);
    inputs.rejections.extend(outcome.rejections);
}
