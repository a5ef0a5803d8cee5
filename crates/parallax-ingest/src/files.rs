//! Paths and directories → input files → documents.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use parallax_model::{ArticleId, Diagnostic, InputFormat, RawDoc, RejectReason, Rejection};

use crate::jsonl::read_json_lines;
use crate::{IngestConfig, ReadOutcome, decode_bytes};

/// How a file's content is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Text,
    Html,
    JsonLines,
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
    }
}

fn kind_from_code(code: SourceKindOrd) -> SourceKind {
    match code {
        0 => SourceKind::Text,
        1 => SourceKind::Html,
        2 => SourceKind::JsonLines,
        _ => SourceKind::Sniff,
    }
}

fn kind_from_extension(extension: &str) -> Option<SourceKind> {
    match extension.to_ascii_lowercase().as_str() {
        "txt" | "text" => Some(SourceKind::Text),
        "html" | "htm" | "xhtml" | "shtml" => Some(SourceKind::Html),
        "jsonl" | "ndjson" | "json" => Some(SourceKind::JsonLines),
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
        let (stem, kind, gzip, _) = classify_name(&name);
        let Some(kind) = kind else {
            skipped.push(path);
            continue;
        };
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

/// Reads one input file into documents.
pub fn read_input(file: &InputFile, config: &IngestConfig) -> ReadOutcome {
    let shown = file.path.display().to_string();
    let reject =
        |reason| ReadOutcome { docs: Vec::new(), rejections: vec![Rejection { input: shown.clone(), reason }] };
    let handle = match File::open(&file.path) {
        Ok(handle) => handle,
        Err(error) => return reject(RejectReason::Unreadable { message: io_message(&error) }),
    };
    let reader: Box<dyn Read> = if file.gzip {
        Box::new(flate2::read::GzDecoder::new(BufReader::new(handle)))
    } else {
        Box::new(BufReader::new(handle))
    };
    let mut kind = kind_from_code(file.kind);
    if kind == SourceKind::JsonLines {
        return read_json_lines(reader, &shown, &file.id, config);
    }
    let bytes = match read_bounded(reader, config.max_document_bytes) {
        Ok(bytes) => bytes,
        Err(reason) => return reject(reason),
    };
    if kind == SourceKind::Sniff {
        kind = sniff(&bytes);
        if kind == SourceKind::JsonLines {
            return read_json_lines(bytes.as_slice(), &shown, &file.id, config);
        }
    }
    document_from_bytes(&bytes, &shown, &file.id, file.folder.clone(), kind)
}

/// Reads standard input's bytes as one input named `-`.
pub fn read_stdin(bytes: &[u8], config: &IngestConfig) -> ReadOutcome {
    let kind = sniff(bytes);
    if kind == SourceKind::JsonLines {
        return read_json_lines(bytes, "-", "stdin", config);
    }
    if bytes.len() as u64 > config.max_document_bytes {
        let reason = RejectReason::TooLarge { bytes: bytes.len() as u64, limit: config.max_document_bytes };
        return ReadOutcome { docs: Vec::new(), rejections: vec![Rejection { input: "-".into(), reason }] };
    }
    document_from_bytes(bytes, "-", "stdin", None, kind)
}

fn read_bounded(reader: impl Read, limit: u64) -> Result<Vec<u8>, RejectReason> {
    let mut bytes = Vec::new();
    let read = reader.take(limit + 1).read_to_end(&mut bytes);
    match read {
        Ok(_) if bytes.len() as u64 > limit => Err(RejectReason::TooLarge { bytes: bytes.len() as u64, limit }),
        Ok(_) => Ok(bytes),
        Err(error) => Err(RejectReason::Unreadable { message: error.to_string() }),
    }
}

fn sniff(bytes: &[u8]) -> SourceKind {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).trim_start().to_ascii_lowercase();
    if head.starts_with('{') {
        SourceKind::JsonLines
    } else if head.starts_with('<')
        && (head.contains("<html") || head.contains("<!doctype") || head.contains("<body") || head.contains("<p"))
    {
        SourceKind::Html
    } else {
        SourceKind::Text
    }
}

fn document_from_bytes(bytes: &[u8], shown: &str, id: &str, folder: Option<String>, kind: SourceKind) -> ReadOutcome {
    let (body, encoding) = match decode_bytes(bytes) {
        Ok(decoded) => decoded,
        Err(error) => {
            return ReadOutcome {
                docs: Vec::new(),
                rejections: vec![Rejection { input: shown.to_string(), reason: error.into() }],
            };
        }
    };
    let diagnostics = encoding
        .map(|name| Diagnostic { input: shown.to_string(), message: format!("not valid UTF-8; decoded as {name}") })
        .into_iter()
        .collect();
    let format = if kind == SourceKind::Html { InputFormat::Html } else { InputFormat::Text };
    let doc = RawDoc {
        id: ArticleId(id.to_string()),
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
    ReadOutcome { docs: vec![doc], rejections: Vec::new() }
}
