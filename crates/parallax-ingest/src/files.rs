//! Paths and directories → input files → documents.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use parallax_model::{ArticleId, Diagnostic, InputFormat, RawDoc, RejectReason, Rejection};

use crate::feed::read_feed;
use crate::jsonl::read_json_lines;
use crate::limits::{InflateGuard, read_bounded, reason_from_io};
use crate::sniff::{read_head, sniff};
use crate::warc::read_warc;
use crate::{IngestConfig, ReadOutcome, ReadSink, RejectInput, decode_bytes};

/// How a file's content is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Plain text, possibly with the seed header.
    Text,
    /// One HTML page.
    Html,
    /// One JSON object per line.
    JsonLines,
    /// An RSS 2.0, RSS 1.0 (RDF) or Atom feed: one document per item or entry.
    Feed,
    /// A WARC file: one document per HTML `response` record.
    Warc,
    /// Decide from the content (no or unknown extension given explicitly).
    Sniff,
}

/// One file to read, with what its place in the tree says about it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    pub path: PathBuf,
    /// The article id: the path relative to the given directory, without extension.
    pub id: String,
    /// The folder between the given directory and the file, an outlet hint.
    pub folder: Option<String>,
    pub kind: SourceKindOrd,
    pub gzip: bool,
}

/// [`SourceKind`] with an order, so input lists sort deterministically.
pub type SourceKindOrd = u8;

fn kind_code(kind: SourceKind) -> SourceKindOrd {
    match kind {
        SourceKind::Text => 0,
        SourceKind::Html => 1,
        SourceKind::JsonLines => 2,
        SourceKind::Sniff => 3,
        SourceKind::Feed => 4,
        SourceKind::Warc => 5,
    }
}

fn kind_from_code(code: SourceKindOrd) -> SourceKind {
    match code {
        0 => SourceKind::Text,
        1 => SourceKind::Html,
        2 => SourceKind::JsonLines,
        4 => SourceKind::Feed,
        5 => SourceKind::Warc,
        _ => SourceKind::Sniff,
    }
}

fn kind_from_extension(extension: &str) -> Option<SourceKind> {
    match extension.to_ascii_lowercase().as_str() {
        "txt" | "text" => Some(SourceKind::Text),
        "html" | "htm" | "xhtml" | "shtml" => Some(SourceKind::Html),
        "jsonl" | "ndjson" | "json" => Some(SourceKind::JsonLines),
        // A `.xml` named on the command line is read as a feed; in a directory it is first
        // checked to be one (see `walk`).
        "rss" | "atom" | "xml" => Some(SourceKind::Feed),
        "warc" => Some(SourceKind::Warc),
        _ => None,
    }
}

/// Splits `name.html.gz` into (`name`, Some(kind), gzip).
fn classify_name(name: &str) -> (String, Option<SourceKind>, bool, Option<String>) {
    let (name, gzip) = match name.strip_suffix(".gz") {
        Some(inner) => (inner, true),
        None => (name, false),
    };
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => {
            let kind = kind_from_extension(extension);
            let stem = if kind.is_some() { stem } else { name };
            (stem.to_string(), kind, gzip, Some(extension.to_string()))
        }
        _ => (name.to_string(), None, gzip, None),
    }
}

/// Expands the given paths into the files to read, sorted by path within each directory.
/// Files in directories whose type Parallax does not read are counted as skipped; an
/// explicitly named path that cannot be read is a rejection.
pub fn list_inputs(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Rejection>, Vec<PathBuf>) {
    let mut files = Vec::new();
    let mut rejections = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(error) => rejections
                .push(Rejection { input: shown, reason: RejectReason::Unreadable { message: io_message(&error) } }),
            Ok(meta) if meta.is_dir() => walk(path, path, &mut files, &mut rejections, &mut skipped),
            Ok(_) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let (stem, kind, gzip, _) = classify_name(&name);
                files.push(InputFile {
                    path: path.clone(),
                    id: stem,
                    folder: None,
                    kind: kind_code(kind.unwrap_or(SourceKind::Sniff)),
                    gzip,
                });
            }
        }
    }
    (files, rejections, skipped)
}

fn walk(
    root: &Path,
    dir: &Path,
    files: &mut Vec<InputFile>,
    rejections: &mut Vec<Rejection>,
    skipped: &mut Vec<PathBuf>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            rejections.push(Rejection {
                input: dir.display().to_string(),
                reason: RejectReason::Unreadable { message: io_message(&error) },
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, files, rejections, skipped);
            continue;
        }
        let (stem, kind, gzip, extension) = classify_name(&name);
        let Some(kind) = kind else {
            skipped.push(path);
            continue;
        };
        if extension.as_deref().is_some_and(|e| e.eq_ignore_ascii_case("xml")) && !is_feed_file(&path, gzip) {
            skipped.push(path);
            continue;
        }
        let relative_dir = path
            .parent()
            .and_then(|parent| parent.strip_prefix(root).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"));
        let relative_dir = relative_dir.filter(|d| !d.is_empty());
        let id = match &relative_dir {
            Some(dir) => format!("{dir}/{stem}"),
            None => stem,
        };
        let folder = relative_dir.as_deref().and_then(|d| d.rsplit('/').next()).map(str::to_string);
        files.push(InputFile { path, id, folder, kind: kind_code(kind), gzip });
    }
}

fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

/// Whether a file's first bytes are those of an RSS or Atom feed.
fn is_feed_file(path: &Path, gzip: bool) -> bool {
    let Ok(handle) = File::open(path) else { return false };
    let head = if gzip {
        read_head(&mut flate2::read::MultiGzDecoder::new(BufReader::new(handle)))
    } else {
        read_head(&mut BufReader::new(handle))
    };
    head.is_ok_and(|head| sniff(&head) == SourceKind::Feed)
}

/// Reads one input file into documents.
pub fn read_input(file: &InputFile, config: &IngestConfig) -> ReadOutcome {
    let mut outcome = ReadOutcome::default();
    stream_input(file, config, &mut outcome);
    outcome
}

/// Reads one input file, handing each document, rejection and skipped record to `sink` as
/// it is read: streamed formats (JSON lines, feeds, WARC) are never held whole.
pub fn stream_input(file: &InputFile, config: &IngestConfig, sink: &mut dyn ReadSink) {
    let shown = file.path.display().to_string();
    let handle = match File::open(&file.path) {
        Ok(handle) => handle,
        Err(error) => return sink.reject_input(shown, RejectReason::Unreadable { message: io_message(&error) }),
    };
    let kind = kind_from_code(file.kind);
    if !file.gzip
        && matches!(kind, SourceKind::Text | SourceKind::Html)
        && let Ok(meta) = handle.metadata()
        && meta.len() > config.max_document_bytes
    {
        // Rejected unread: the size alone decides.
        return sink
            .reject_input(shown, RejectReason::TooLarge { bytes: meta.len(), limit: config.max_document_bytes });
    }
    let source = Source { shown: &shown, stem: &file.id, folder: file.folder.as_deref(), compressed: file.gzip };
    if file.gzip {
        let decoder = flate2::read::MultiGzDecoder::new(BufReader::new(handle));
        read_stream(InflateGuard::new(decoder, config.max_decompressed_bytes), &source, kind, config, sink);
    } else {
        read_stream(handle, &source, kind, config, sink);
    }
}

/// Reads standard input's bytes as one input named `-`.
pub fn read_stdin(bytes: &[u8], config: &IngestConfig) -> ReadOutcome {
    let source = Source { shown: "-", stem: "stdin", folder: None, compressed: false };
    let mut outcome = ReadOutcome::default();
    read_stream(bytes, &source, SourceKind::Sniff, config, &mut outcome);
    outcome
}

/// Reads one input from any reader as the given kind ([`SourceKind::Sniff`] decides from
/// the first bytes). `name` names the input in rejections and is the stem of generated ids.
pub fn read_reader(reader: impl Read, name: &str, kind: SourceKind, config: &IngestConfig) -> ReadOutcome {
    let source = Source { shown: name, stem: name, folder: None, compressed: false };
    let mut outcome = ReadOutcome::default();
    read_stream(reader, &source, kind, config, &mut outcome);
    outcome
}

/// What names an input and what is known of it before its content is read.
struct Source<'a> {
    shown: &'a str,
    stem: &'a str,
    folder: Option<&'a str>,
    /// Decompressed on the fly, so the true size is unknown.
    compressed: bool,
}

fn read_stream(
    mut reader: impl Read,
    source: &Source<'_>,
    kind: SourceKind,
    config: &IngestConfig,
    sink: &mut dyn ReadSink,
) {
    if kind != SourceKind::Sniff {
        return read_known(reader, source, kind, config, sink);
    }
    match read_head(&mut reader) {
        Ok(head) => {
            let kind = sniff(&head);
            read_known(std::io::Cursor::new(head).chain(reader), source, kind, config, sink);
        }
        Err(error) => sink.reject_input(source.shown.to_string(), reason_from_io(&error)),
    }
}

fn read_known(
    reader: impl Read,
    source: &Source<'_>,
    kind: SourceKind,
    config: &IngestConfig,
    sink: &mut dyn ReadSink,
) {
    let Source { shown, stem, folder, compressed } = *source;
    match kind {
        SourceKind::JsonLines => read_json_lines(reader, shown, stem, config, sink),
        SourceKind::Feed => read_feed(reader, shown, stem, config, sink),
        SourceKind::Warc => read_warc(reader, shown, stem, config, sink),
        SourceKind::Text | SourceKind::Html | SourceKind::Sniff => {
            let doc = read_bounded(BufReader::new(reader), config.max_document_bytes, compressed)
                .and_then(|bytes| document_from_bytes(&bytes, shown, stem, folder.map(str::to_string), kind));
            match doc {
                Ok(doc) => sink.doc(doc),
                Err(reason) => sink.reject_input(shown.to_string(), reason),
            }
        }
    }
}

fn document_from_bytes(
    bytes: &[u8],
    shown: &str,
    id: &str,
    folder: Option<String>,
    kind: SourceKind,
) -> Result<RawDoc, RejectReason> {
    let (body, encoding) = decode_bytes(bytes)?;
    let diagnostics = encoding
        .map(|name| Diagnostic { input: shown.to_string(), message: format!("not valid UTF-8; decoded as {name}") })
        .into_iter()
        .collect();
    let format = if kind == SourceKind::Html { InputFormat::Html } else { InputFormat::Text };
    let doc = RawDoc {
        id: ArticleId(id.into()),
        origin: shown.to_string(),
        format,
        body,
        url: None,
        title: None,
        published: None,
        outlet: None,
        folder,
        diagnostics,
    };
    Ok(doc)
}
