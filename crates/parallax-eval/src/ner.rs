//! `parallax eval ner` and `parallax train ner`: CoNLL-2003 files, the unlabelled corpora the
//! word clusters come from, and entity-level scores counted as conlleval counts them.
//!
//! CoNLL files hold one token a line (`word POS chunk tag`, IOB2 tags in the last column),
//! sentences separated by blank lines, documents by `-DOCSTART-` lines. `eng.train` and
//! `eng.testa` carry no `-DOCSTART-` lines; their `*_docstart.txt` twins beside them do, so a
//! file without them takes its document boundaries from a twin with the same tokens.
//!
//! Scoring follows conlleval: an entity is a maximal run of tokens of one kind that starts at
//! a `B-` tag or at an `I-` tag after `O` or another kind; a predicted entity is correct when
//! a gold entity has the same first token, last token and kind. Micro-averaged precision,
//! recall and F1 overall and per kind, and token accuracy.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax_extract::ner::{LabeledDocument, LabeledSentence, ListedName, NerKind, NerModel, Tag};
use serde::Serialize;

use crate::EvalError;

/// One sentence of a CoNLL file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllSentence {
    pub tokens: Vec<String>,
    /// The columns between the word and the tag ("NNP B-NP"), kept for writing predictions.
    pub middle: Vec<String>,
    pub tags: Vec<Tag>,
}

/// A document: its sentences in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConllDocument {
    pub sentences: Vec<ConllSentence>,
}

/// A CoNLL file, read.
#[derive(Debug, Clone)]
pub struct ConllFile {
    pub path: PathBuf,
    pub documents: Vec<ConllDocument>,
    /// Whether the file itself marks documents with `-DOCSTART-` lines.
    pub has_docstarts: bool,
    /// The twin file the document boundaries were taken from, if any.
    pub boundaries_from: Option<PathBuf>,
}

impl ConllFile {
    pub fn n_sentences(&self) -> usize {
        self.documents.iter().map(|d| d.sentences.len()).sum()
    }

    pub fn n_tokens(&self) -> usize {
        self.documents.iter().flat_map(|d| &d.sentences).map(|s| s.tokens.len()).sum()
    }

    /// The documents as training input.
    pub fn labeled(&self) -> Vec<LabeledDocument> {
        self.documents
            .iter()
            .map(|doc| LabeledDocument {
                sentences: doc
                    .sentences
                    .iter()
                    .map(|s| LabeledSentence { tokens: s.tokens.clone(), tags: s.tags.clone() })
                    .collect(),
            })
            .collect()
    }
}

/// Parses CoNLL text: documents at `-DOCSTART-` lines (or one document when there are none).
pub fn parse_conll(text: &str, path: &Path) -> Result<(Vec<ConllDocument>, bool), EvalError> {
    let mut documents = vec![ConllDocument::default()];
    let mut sentence = ConllSentence { tokens: Vec::new(), middle: Vec::new(), tags: Vec::new() };
    let mut has_docstarts = false;
    let flush = |sentence: &mut ConllSentence, documents: &mut Vec<ConllDocument>| {
        if !sentence.tokens.is_empty() {
            let done =
                std::mem::replace(sentence, ConllSentence { tokens: Vec::new(), middle: Vec::new(), tags: Vec::new() });
            if let Some(document) = documents.last_mut() {
                document.sentences.push(done);
            }
        }
    };
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut sentence, &mut documents);
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            flush(&mut sentence, &mut documents);
            has_docstarts = true;
            if documents.last().is_some_and(|d| !d.sentences.is_empty()) {
                documents.push(ConllDocument::default());
            }
            continue;
        }
        let columns: Vec<&str> = line.split_whitespace().collect();
        let format_error = |message: String| EvalError::Format {
            path: path.display().to_string(),
            message: format!("line {}: {message}", number + 1),
        };
        if columns.len() < 2 {
            return Err(format_error(format!("expected a word and a tag, found {line:?}")));
        }
        let last = columns[columns.len() - 1];
        let tag = Tag::parse(last).ok_or_else(|| format_error(format!("unknown tag {last:?}")))?;
        sentence.tokens.push(columns[0].to_string());
        sentence.middle.push(columns[1..columns.len() - 1].join(" "));
        sentence.tags.push(tag);
    }
    flush(&mut sentence, &mut documents);
    documents.retain(|d| !d.sentences.is_empty());
    Ok((documents, has_docstarts))
}

/// Reads a CoNLL file; without `-DOCSTART-` lines, takes document boundaries from a
/// `*_docstart.txt` file in the same folder holding exactly the same tokens and tags.
pub fn load_conll(path: &Path) -> Result<ConllFile, EvalError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| EvalError::Missing { path: path.display().to_string(), message: e.to_string() })?;
    let (documents, has_docstarts) = parse_conll(&text, path)?;
    let mut file = ConllFile { path: path.to_path_buf(), documents, has_docstarts, boundaries_from: None };
    if !has_docstarts && let Some((twin, documents)) = find_twin(path, &file)? {
        file.documents = documents;
        file.boundaries_from = Some(twin);
    }
    Ok(file)
}

fn find_twin(path: &Path, file: &ConllFile) -> Result<Option<(PathBuf, Vec<ConllDocument>)>, EvalError> {
    let Some(dir) = path.parent() else { return Ok(None) };
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(None) };
    let mut twins: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with("_docstart.txt")))
        .collect();
    twins.sort();
    let flat = |documents: &[ConllDocument]| -> Vec<ConllSentence> {
        documents.iter().flat_map(|d| d.sentences.iter().cloned()).collect()
    };
    let ours = flat(&file.documents);
    for twin in twins {
        let Ok(metadata) = std::fs::metadata(&twin) else { continue };
        // A twin is the same file plus a line and a blank line per document.
        let ours_size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if metadata.len() < ours_size || metadata.len() > ours_size + ours_size / 10 {
            continue;
        }
        let text = std::fs::read_to_string(&twin)
            .map_err(|e| EvalError::Read { path: twin.display().to_string(), source: e })?;
        let (documents, _) = parse_conll(&text, &twin)?;
        if flat(&documents) == ours {
            return Ok(Some((twin, documents)));
        }
    }
    Ok(None)
}

/// The training file of a CoNLL-2003 folder: `conll2003_train_docstart.txt` (document
/// boundaries kept) when present, else `eng.train`.
pub fn training_file(dir: &Path) -> PathBuf {
    let docstart = dir.join("conll2003_train_docstart.txt");
    if docstart.is_file() { docstart } else { dir.join("eng.train") }
}

/// Precision, recall and F1 of entities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct EntityScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub correct: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl EntityScores {
    /// The scores of `correct` matches among `predicted` and `gold` items.
    pub fn new(correct: usize, predicted: usize, gold: usize) -> EntityScores {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (precision, recall) = (ratio(correct, predicted), ratio(correct, gold));
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        EntityScores { precision, recall, f1, correct, predicted, gold }
    }
}

/// Scores of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct KindScores {
    pub kind: String,
    #[serde(flatten)]
    pub scores: EntityScores,
}

/// Everything `parallax eval ner` reports.
#[derive(Debug, Clone, Serialize)]
pub struct NerEvaluation {
    pub file: String,
    pub n_documents: usize,
    pub n_sentences: usize,
    pub n_tokens: usize,
    /// Where document boundaries came from: the file, a twin file, or none (one document).
    pub documents_from: String,
    pub overall: EntityScores,
    pub per_kind: Vec<KindScores>,
    pub token_accuracy: f64,
    /// Seconds of the fastest pass of tagging the file (one thread; reading and scoring
    /// excluded).
    pub seconds: f64,
    pub tokens_per_second: f64,
}

/// Entities of one sentence as (first token, last token, kind), read as conlleval reads IOB.
pub fn chunks(tags: &[Tag]) -> Vec<(usize, usize, NerKind)> {
    let mut chunks = Vec::new();
    let mut open: Option<(usize, NerKind)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let continues = matches!((tag, open), (Tag::Inside(kind), Some((_, open_kind))) if kind == open_kind);
        if continues {
            continue;
        }
        if let Some((start, kind)) = open.take() {
            chunks.push((start, i - 1, kind));
        }
        open = tag.kind().map(|kind| (i, kind));
    }
    if let Some((start, kind)) = open {
        chunks.push((start, tags.len() - 1, kind));
    }
    chunks
}

/// Scores predicted tags against gold ones, sentence by sentence.
pub fn score<'a>(pairs: impl IntoIterator<Item = (&'a [Tag], &'a [Tag])>) -> (EntityScores, Vec<KindScores>, f64) {
    let (mut correct, mut predicted, mut gold) = ([0usize; 4], [0usize; 4], [0usize; 4]);
    let (mut right_tokens, mut n_tokens) = (0usize, 0usize);
    let index = |kind: NerKind| NerKind::ALL.iter().position(|&k| k == kind).unwrap_or(0);
    for (gold_tags, predicted_tags) in pairs {
        n_tokens += gold_tags.len();
        right_tokens += gold_tags.iter().zip(predicted_tags).filter(|(g, p)| g == p).count();
        let gold_chunks = chunks(gold_tags);
        let gold_set: HashSet<_> = gold_chunks.iter().copied().collect();
        for &(_, _, kind) in &gold_chunks {
            gold[index(kind)] += 1;
        }
        for chunk in chunks(predicted_tags) {
            predicted[index(chunk.2)] += 1;
            if gold_set.contains(&chunk) {
                correct[index(chunk.2)] += 1;
            }
        }
    }
    let overall = EntityScores::new(correct.iter().sum(), predicted.iter().sum(), gold.iter().sum());
    let per_kind = NerKind::ALL
        .iter()
        .enumerate()
        .map(|(i, kind)| KindScores {
            kind: kind.conll().to_string(),
            scores: EntityScores::new(correct[i], predicted[i], gold[i]),
        })
        .collect();
    let accuracy = if n_tokens == 0 { 0.0 } else { right_tokens as f64 / n_tokens as f64 };
    (overall, per_kind, accuracy)
}

/// Most passes over the file to time tagging.
const MAX_TIMED_PASSES: usize = 10;

/// Tags every document of `file` with `model` and scores it. Tagging alone is timed, one
/// thread, as the fastest of up to ten passes.
/// Returns the predicted tags per document and sentence too.
pub fn evaluate_ner(file: &ConllFile, model: &NerModel) -> (NerEvaluation, Vec<Vec<Vec<Tag>>>) {
    let documents: Vec<Vec<Vec<&str>>> = file
        .documents
        .iter()
        .map(|d| d.sentences.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect())
        .collect();
    // The fastest of a few passes (at least one, until a second has gone by), as the machine
    // may be busy with other work.
    let started = Instant::now();
    let predictions: Vec<Vec<Vec<Tag>>> = documents.iter().map(|doc| model.tag_document(doc)).collect();
    let mut seconds = started.elapsed().as_secs_f64();
    let mut spent = seconds;
    for _ in 1..MAX_TIMED_PASSES {
        if spent >= 1.0 {
            break;
        }
        let pass = Instant::now();
        for doc in &documents {
            std::hint::black_box(model.tag_document(doc));
        }
        let elapsed = pass.elapsed().as_secs_f64();
        seconds = seconds.min(elapsed);
        spent += elapsed;
    }
    let pairs = file
        .documents
        .iter()
        .zip(&predictions)
        .flat_map(|(doc, predicted)| doc.sentences.iter().zip(predicted))
        .map(|(sentence, predicted)| (sentence.tags.as_slice(), predicted.as_slice()));
    let (overall, per_kind, token_accuracy) = score(pairs);
    let n_tokens = file.n_tokens();
    let documents_from = match (&file.boundaries_from, file.has_docstarts) {
        (_, true) => "-DOCSTART- lines".to_string(),
        (Some(twin), false) => format!("-DOCSTART- lines of {}", twin.display()),
        (None, false) => "none (the file is one document)".to_string(),
    };
    let evaluation = NerEvaluation {
        file: file.path.display().to_string(),
        n_documents: file.documents.len(),
        n_sentences: file.n_sentences(),
        n_tokens,
        documents_from,
        overall,
        per_kind,
        token_accuracy,
        seconds,
        tokens_per_second: if seconds > 0.0 { n_tokens as f64 / seconds } else { 0.0 },
    };
    (evaluation, predictions)
}

/// The file with the predicted tag as a last column (`word ... gold predicted`), the input
/// format of conlleval; `-DOCSTART-` lines are written if the file had them.
pub fn predictions_text(file: &ConllFile, predictions: &[Vec<Vec<Tag>>]) -> String {
    let mut out = String::new();
    for (doc, predicted) in file.documents.iter().zip(predictions) {
        if file.has_docstarts {
            out.push_str("-DOCSTART- -X- -X- O O\n\n");
        }
        for (sentence, tags) in doc.sentences.iter().zip(predicted) {
            for (i, token) in sentence.tokens.iter().enumerate() {
                let middle = &sentence.middle[i];
                let separator = if middle.is_empty() { "" } else { " " };
                let predicted = tags.get(i).copied().unwrap_or(Tag::Outside);
                out.push_str(&format!("{token} {middle}{separator}{} {predicted}\n", sentence.tags[i]));
            }
            out.push('\n');
        }
    }
    out
}

/// Unlabelled news for word clusters, and names from the Reuters-21578 metadata.
#[derive(Debug, Clone, Default)]
pub struct Corpora {
    /// Articles, title first, one paragraph a line.
    pub texts: Vec<String>,
    /// Places, people, organisations and exchanges of the Reuters category lists, and the
    /// cities of its datelines seen at least twice.
    pub names: Vec<ListedName>,
    pub n_files: usize,
}

/// Reads `reuters21578/*.sgm` and `bbc/*/*.txt` under `dir`, in sorted order.
pub fn load_corpora(dir: &Path) -> Result<Corpora, EvalError> {
    let mut corpora = Corpora::default();
    let mut names = std::collections::BTreeMap::<(Vec<String>, usize), usize>::new();
    let reuters = sorted_files(&dir.join("reuters21578"), "sgm")?;
    for path in &reuters {
        let bytes = std::fs::read(path).map_err(|e| EvalError::Read { path: path.display().to_string(), source: e })?;
        let text = String::from_utf8_lossy(&bytes);
        for story in text.split("<REUTERS").skip(1) {
            let title = unescape(between(story, "<TITLE>", "</TITLE>").unwrap_or(""));
            let body = unescape(between(story, "<BODY>", "</BODY>").unwrap_or(""));
            let body = body.trim_end().trim_end_matches("Reuter").trim_end_matches("REUTER");
            let paragraphs: Vec<String> =
                body.split("\n    ").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
            corpora.texts.push(format!("{}\n{}", title.trim(), paragraphs.join("\n")));
            for (tag, kind) in [("PLACES", 2), ("PEOPLE", 0), ("ORGS", 1), ("EXCHANGES", 1)] {
                let list = between(story, &format!("<{tag}>"), &format!("</{tag}>")).unwrap_or("");
                for name in list.split("<D>").skip(1).filter_map(|d| d.split("</D>").next()) {
                    let tokens: Vec<String> = name.split('-').filter(|t| !t.is_empty()).map(str::to_string).collect();
                    if !tokens.is_empty() {
                        *names.entry((tokens, kind)).or_default() += 2;
                    }
                }
            }
            if let Some(dateline) = between(story, "<DATELINE>", "</DATELINE>") {
                let place = unescape(dateline.split(',').next().unwrap_or(""));
                let tokens: Vec<String> = place.split_whitespace().map(|t| t.to_lowercase()).collect();
                if !tokens.is_empty()
                    && tokens.len() <= 3
                    && tokens.iter().all(|t| t.chars().all(|c| c.is_alphabetic() || c == '.'))
                {
                    *names.entry((tokens, 2)).or_default() += 1;
                }
            }
        }
    }
    let mut bbc = Vec::new();
    let bbc_dir = dir.join("bbc");
    if bbc_dir.is_dir() {
        for topic in sorted_dirs(&bbc_dir)? {
            bbc.extend(sorted_files(&topic, "txt")?);
        }
    }
    for path in &bbc {
        let bytes = std::fs::read(path).map_err(|e| EvalError::Read { path: path.display().to_string(), source: e })?;
        corpora.texts.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    corpora.n_files = reuters.len() + bbc.len();
    if corpora.n_files == 0 {
        return Err(EvalError::Missing {
            path: dir.display().to_string(),
            message: "neither reuters21578/*.sgm nor bbc/*/*.txt found".to_string(),
        });
    }
    let kinds = [NerKind::Person, NerKind::Organization, NerKind::Location];
    corpora.names = names
        .into_iter()
        .filter(|(_, count)| *count >= 2)
        .map(|((tokens, kind), _)| ListedName { tokens, kind: kinds[kind] })
        .collect();
    Ok(corpora)
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

/// SGML character references: `&lt;`, `&gt;`, `&amp;` and numeric ones (control characters
/// dropped).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&end| end <= 8) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        match entity {
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "amp" => out.push('&'),
            _ => match entity.strip_prefix('#').and_then(|n| n.parse::<u32>().ok()).and_then(char::from_u32) {
                Some(c) if !c.is_control() => out.push(c),
                Some(_) => {}
                None => out.push_str(&rest[..=end]),
            },
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn sorted_files(dir: &Path, extension: &str) -> Result<Vec<PathBuf>, EvalError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| EvalError::Read { path: dir.display().to_string(), source: e })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    Ok(files)
}

fn sorted_dirs(dir: &Path) -> Result<Vec<PathBuf>, EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|e| EvalError::Read { path: dir.display().to_string(), source: e })?;
    let mut dirs: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    Ok(dirs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(text: &str) -> Vec<Tag> {
        text.split_whitespace().map(|t| Tag::parse(t).expect("tag")).collect()
    }

    fn check(gold: &str, predicted: &str, expected: (usize, usize, usize)) {
        let (gold, predicted) = (tags(gold), tags(predicted));
        let (overall, _, _) = score([(gold.as_slice(), predicted.as_slice())]);
        assert_eq!((overall.correct, overall.predicted, overall.gold), expected, "{gold:?} / {predicted:?}");
    }

    #[test]
    fn counts_entities_as_conlleval_does() {
        check("B-PER I-PER O B-LOC", "B-PER I-PER O B-LOC", (2, 2, 2));
        // A split entity is two wrong ones; a wrong kind is wrong.
        check("B-PER I-PER O", "B-PER B-PER O", (0, 2, 1));
        check("B-ORG O", "B-LOC O", (0, 1, 1));
        // An I- after O starts an entity.
        check("B-MISC O", "I-MISC O", (1, 1, 1));
        check("B-LOC I-LOC", "B-LOC I-ORG", (0, 2, 1));
    }

    #[test]
    fn scores_per_kind() {
        let gold = tags("B-PER O B-LOC O B-ORG");
        let predicted = tags("B-PER O B-PER O B-ORG");
        let (overall, per_kind, accuracy) = score([(gold.as_slice(), predicted.as_slice())]);
        assert!((overall.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((overall.recall - 2.0 / 3.0).abs() < 1e-9);
        let person = per_kind.iter().find(|k| k.kind == "PER").expect("PER");
        assert_eq!((person.scores.correct, person.scores.predicted, person.scores.gold), (1, 2, 1));
        assert!((accuracy - 0.8).abs() < 1e-9);
    }

    #[test]
    fn parses_documents_and_sentences() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP B-PER\n\n\
                    -DOCSTART- -X- -X- O\n\nBonn NNP B-NP B-LOC\n";
        let (documents, has_docstarts) = parse_conll(text, Path::new("x")).expect("parse");
        assert!(has_docstarts);
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[0].sentences.len(), 2);
        assert_eq!(documents[0].sentences[0].middle[0], "NNP B-NP");
        assert_eq!(documents[1].sentences[0].tags, vec![Tag::Begin(NerKind::Location)]);
        assert!(parse_conll("word X-FOO\n", Path::new("x")).is_err());
    }

    #[test]
    fn writes_predictions_in_conlleval_format() {
        let (documents, _) = parse_conll("Bonn NNP B-NP B-LOC\nsaid VBD B-VP O\n", Path::new("x")).expect("parse");
        let file = ConllFile { path: PathBuf::from("x"), documents, has_docstarts: false, boundaries_from: None };
        let predicted = vec![vec![vec![Tag::Begin(NerKind::Person), Tag::Outside]]];
        assert_eq!(predictions_text(&file, &predicted), "Bonn NNP B-NP B-LOC B-PER\nsaid VBD B-VP O O\n\n");
    }

    #[test]
    fn unescapes_sgml() {
        assert_eq!(unescape("a &lt;b&gt; &amp; c&#3;&#233; & d"), "a <b> & cé & d");
    }

    #[test]
    fn takes_document_boundaries_from_the_twin_file() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ner/conll2003");
        let path = dir.join("eng.testa");
        if !path.is_file() {
            eprintln!("skipped: {} is absent", path.display());
            return;
        }
        let file = load_conll(&path).expect("eng.testa");
        assert!(!file.has_docstarts);
        assert!(file.boundaries_from.is_some());
        assert_eq!(file.documents.len(), 216);
        assert_eq!(file.n_tokens(), 51_362);
    }

    #[test]
    fn the_built_in_model_scores_on_the_dev_set() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ner/conll2003/eng.testa");
        if !path.is_file() {
            eprintln!("skipped: {} is absent", path.display());
            return;
        }
        let file = load_conll(&path).expect("eng.testa");
        let model = parallax_extract::ner::embedded_model().expect("built-in model");
        let (evaluation, predictions) = evaluate_ner(&file, model);
        assert_eq!(evaluation.overall.gold, 5942);
        assert!(evaluation.overall.f1 >= 0.92, "{:?}", evaluation.overall);
        assert_eq!(predictions.len(), file.documents.len());
    }
}
