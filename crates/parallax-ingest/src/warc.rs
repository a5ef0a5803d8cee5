//! WARC files (1.0 and 1.1; `.warc.gz` arrives here already decompressed), streamed record
//! by record. A `response` record holding an HTTP 2xx HTML response becomes a document
//! named by its `WARC-Target-URI`; other records are skipped and counted. A malformed record
//! is a rejection and reading resumes at the next `WARC/1.` line; a cut-off record ends the
//! file with a rejection.

use std::io::{self, BufRead, BufReader, Read};

use parallax_model::{ArticleId, Diagnostic, InputFormat, RawDoc, RejectReason};

use crate::decode::decode_with_charset;
use crate::http::{
    BodyError, MAX_HEADER_LINE, MAX_HEADERS, ResponseHead, decode_body, is_html_media, parse_header_line,
    parse_status_line,
};
use crate::limits::{discard, is_truncation, reason_from_io};
use crate::sniff::sniff;
use crate::{IngestConfig, ReadSink, RejectInput, SkipReason, SourceKind};

/// A line read with a length cap.
struct Line {
    text: String,
    /// The line was longer than the cap; `text` holds its start.
    too_long: bool,
}

/// A buffered stream that knows its byte offset.
struct Stream<R> {
    reader: BufReader<R>,
    offset: u64,
    /// While set, lines are not read past this offset (the end of a record block).
    end: Option<u64>,
}

impl<R: Read> Stream<R> {
    /// Reads one line (without its `\r\n`), keeping at most `max` bytes of it. `None` at
    /// the end of the stream.
    fn read_line(&mut self, max: usize) -> io::Result<Option<Line>> {
        let mut bytes = Vec::new();
        let mut too_long = false;
        let mut any = false;
        loop {
            let buffer = match self.reader.fill_buf() {
                Ok(buffer) => buffer,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            let buffer = match self.end {
                Some(end) => {
                    &buffer[..buffer.len().min(usize::try_from(end.saturating_sub(self.offset)).unwrap_or(usize::MAX))]
                }
                None => buffer,
            };
            if buffer.is_empty() {
                break;
            }
            any = true;
            let (chunk, done) = match memchr::memchr(b'\n', buffer) {
                Some(end) => (&buffer[..=end], true),
                None => (buffer, false),
            };
            let room = max.saturating_sub(bytes.len());
            if chunk.len() > room {
                too_long = true;
            }
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let n = chunk.len();
            self.reader.consume(n);
            self.offset += n as u64;
            if done {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            bytes.pop();
        }
        Ok(Some(Line { text: String::from_utf8_lossy(&bytes).into_owned(), too_long }))
    }

    /// Reads exactly `n` bytes (the caller bounds `n`).
    fn read_block(&mut self, n: u64) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let read = (&mut self.reader).take(n).read_to_end(&mut bytes)?;
        self.offset += read as u64;
        if (read as u64) < n {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, format!("{read} of {n} bytes present")));
        }
        Ok(bytes)
    }

    fn discard(&mut self, n: u64) -> io::Result<()> {
        let before = self.offset;
        let result = discard(&mut CountingReader { inner: &mut self.reader, count: &mut self.offset }, n);
        debug_assert!(self.offset >= before);
        result
    }
}

struct CountingReader<'a, R> {
    inner: &'a mut R,
    count: &'a mut u64,
}

impl<R: Read> Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        *self.count += n as u64;
        Ok(n)
    }
}

/// A record's WARC header block.
struct RecordHead {
    record_type: String,
    target_uri: Option<String>,
    content_type: Option<String>,
    content_length: u64,
}

/// How reading one record ended.
enum Step {
    Doc(Box<RawDoc>),
    Skip(SkipReason),
    /// The record is rejected; the stream is at the next record.
    Reject(RejectReason),
    /// The record is malformed; the stream must look for the next record.
    Resync(String),
    /// The stream cannot be read further.
    Stop(RejectReason),
}

pub(crate) fn read_warc(reader: impl Read, shown: &str, stem: &str, config: &IngestConfig, outcome: &mut dyn ReadSink) {
    let mut stream = Stream { reader: BufReader::new(reader), offset: 0, end: None };
    // A version line found while looking for the next record, with its offset.
    let mut pending: Option<(String, u64)> = None;
    let mut n_records = 0usize;
    loop {
        let (version, start) = match pending.take() {
            Some(found) => found,
            None => match next_nonblank_line(&mut stream) {
                Ok(Some(found)) => found,
                Ok(None) => break,
                Err(error) => {
                    outcome.reject_input(shown.to_string(), reason_from_io(&error));
                    break;
                }
            },
        };
        n_records += 1;
        let origin = format!("{shown}#{n_records}");
        let step = if version.starts_with("WARC/") {
            read_record(&mut stream, &origin, stem, n_records, config)
        } else {
            Step::Resync("expected a WARC/1.x version line".to_string())
        };
        match step {
            Step::Doc(doc) => outcome.doc(*doc),
            Step::Skip(reason) => outcome.skip(reason),
            Step::Reject(reason) => outcome.reject_input(origin, reason),
            Step::Resync(message) => {
                outcome.reject_input(origin, RejectReason::InvalidWarc { offset: start, message });
                match find_next_record(&mut stream) {
                    Ok(found) => pending = found,
                    Err(error) => {
                        outcome.reject_input(shown.to_string(), reason_from_io(&error));
                        break;
                    }
                }
                if pending.is_none() {
                    break;
                }
            }
            Step::Stop(reason) => {
                let reason = match reason {
                    RejectReason::InvalidWarc { message, .. } => RejectReason::InvalidWarc { offset: start, message },
                    other => other,
                };
                outcome.reject_input(origin, reason);
                break;
            }
        }
    }
}

fn next_nonblank_line<R: Read>(stream: &mut Stream<R>) -> io::Result<Option<(String, u64)>> {
    loop {
        let start = stream.offset;
        match stream.read_line(MAX_HEADER_LINE)? {
            None => return Ok(None),
            Some(line) if line.text.trim().is_empty() => continue,
            Some(line) => return Ok(Some((line.text, start))),
        }
    }
}

/// Skips lines up to the next `WARC/1.` version line.
fn find_next_record<R: Read>(stream: &mut Stream<R>) -> io::Result<Option<(String, u64)>> {
    loop {
        let start = stream.offset;
        match stream.read_line(64)? {
            None => return Ok(None),
            Some(line) if line.text.starts_with("WARC/1.") && !line.too_long => return Ok(Some((line.text, start))),
            Some(_) => {}
        }
    }
}

fn stop_on(error: &io::Error, what: &str) -> Step {
    if is_truncation(error) {
        Step::Stop(RejectReason::InvalidWarc { offset: 0, message: format!("cut off in the {what}: {error}") })
    } else {
        Step::Stop(reason_from_io(error))
    }
}

fn read_record<R: Read>(stream: &mut Stream<R>, origin: &str, stem: &str, n: usize, config: &IngestConfig) -> Step {
    let head = match read_record_head(stream) {
        Ok(Ok(head)) => head,
        Ok(Err(message)) => return Step::Resync(message),
        Err(error) => return stop_on(&error, "header"),
    };
    let length = head.content_length;
    let is_http = head.content_type.as_deref().is_none_or(|t| t.to_ascii_lowercase().starts_with("application/http"));
    let skip = if !head.record_type.eq_ignore_ascii_case("response") {
        Some(SkipReason::WarcNotResponse)
    } else if !is_http {
        Some(SkipReason::WarcNotHttp)
    } else {
        None
    };
    if let Some(reason) = skip {
        return match stream.discard(length) {
            Ok(()) => Step::Skip(reason),
            Err(error) => stop_on(&error, "record block"),
        };
    }
    let before_http = stream.offset;
    stream.end = Some(before_http.saturating_add(length));
    let response = read_response_head(stream, length);
    stream.end = None;
    let response = match response {
        Ok(Some(response)) => response,
        Ok(None) => {
            let used = stream.offset - before_http;
            return match stream.discard(length.saturating_sub(used)) {
                Ok(()) => Step::Skip(SkipReason::WarcNotHttp),
                Err(error) => stop_on(&error, "record block"),
            };
        }
        Err(error) => return stop_on(&error, "HTTP header"),
    };
    let used = stream.offset - before_http;
    let body_length = length.saturating_sub(used);
    let media = response.media_type();
    let skip = if !(200..300).contains(&response.status) {
        Some(SkipReason::HttpStatus)
    } else if media.as_deref().is_some_and(|m| !is_html_media(m)) {
        Some(SkipReason::NotHtml)
    } else {
        None
    };
    if let Some(reason) = skip {
        return match stream.discard(body_length) {
            Ok(()) => Step::Skip(reason),
            Err(error) => stop_on(&error, "HTTP body"),
        };
    }
    if body_length > config.max_document_bytes {
        return match stream.discard(body_length) {
            Ok(()) => Step::Reject(RejectReason::TooLarge { bytes: body_length, limit: config.max_document_bytes }),
            Err(error) => stop_on(&error, "HTTP body"),
        };
    }
    let body = match stream.read_block(body_length) {
        Ok(body) => body,
        Err(error) => return stop_on(&error, "HTTP body"),
    };
    let body = match decode_body(&response, body, config.max_document_bytes) {
        Ok(body) => body,
        Err(BodyError::UnsupportedEncoding) => return Step::Skip(SkipReason::UnsupportedContentEncoding),
        Err(BodyError::Rejected(reason)) => return Step::Reject(reason),
    };
    if media.is_none() && sniff(&body) != SourceKind::Html {
        return Step::Skip(SkipReason::NotHtml);
    }
    let (text, encoding) = match decode_with_charset(&body, response.charset().as_deref()) {
        Ok(decoded) => decoded,
        Err(error) => return Step::Reject(error.into()),
    };
    let url = head.target_uri.filter(|u| !u.is_empty());
    let diagnostics = encoding
        .map(|name| Diagnostic { input: origin.to_string(), message: format!("decoded as {name}") })
        .into_iter()
        .collect();
    Step::Doc(Box::new(RawDoc {
        id: ArticleId(url.clone().unwrap_or_else(|| format!("{stem}#{n}")).into()),
        origin: origin.to_string(),
        format: InputFormat::Html,
        body: text,
        url,
        title: None,
        published: None,
        outlet: None,
        folder: None,
        diagnostics,
    }))
}

/// Reads the WARC named fields up to the blank line. The inner `Err` is a malformed head.
fn read_record_head<R: Read>(stream: &mut Stream<R>) -> io::Result<Result<RecordHead, String>> {
    let mut fields: Vec<(String, String)> = Vec::new();
    loop {
        let Some(line) = stream.read_line(MAX_HEADER_LINE)? else {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file ends inside a record header"));
        };
        if line.too_long {
            return Ok(Err(format!("a header line longer than {MAX_HEADER_LINE} bytes")));
        }
        if line.text.is_empty() {
            break;
        }
        if fields.len() >= MAX_HEADERS {
            return Ok(Err(format!("more than {MAX_HEADERS} header lines")));
        }
        if line.text.starts_with([' ', '\t']) {
            // A folded continuation of the previous field.
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.text.trim());
            }
            continue;
        }
        match parse_header_line(&line.text) {
            Some(field) => fields.push(field),
            None => return Ok(Err(format!("a malformed header line {:?}", truncate(&line.text, 80)))),
        }
    }
    let field = |name: &str| fields.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
    let Some(content_length) = field("content-length").and_then(|v| v.trim().parse::<u64>().ok()) else {
        return Ok(Err("a missing or invalid Content-Length".to_string()));
    };
    let Some(record_type) = field("warc-type") else {
        return Ok(Err("a missing WARC-Type".to_string()));
    };
    // WARC 1.0 writers sometimes wrap the URI in angle brackets.
    let target_uri = field("warc-target-uri").map(|uri| uri.trim_start_matches('<').trim_end_matches('>').to_string());
    Ok(Ok(RecordHead { record_type, target_uri, content_type: field("content-type"), content_length }))
}

/// Reads the HTTP status line and headers within a block of `length` bytes. `None` when
/// the block does not hold an HTTP response head.
fn read_response_head<R: Read>(stream: &mut Stream<R>, length: u64) -> io::Result<Option<ResponseHead>> {
    let end = stream.offset.saturating_add(length);
    let Some(status_line) = stream.read_line(MAX_HEADER_LINE)? else {
        if length == 0 {
            return Ok(None);
        }
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file ends before the HTTP status line"));
    };
    if status_line.too_long {
        return Ok(None);
    }
    let Some(status) = parse_status_line(&status_line.text) else { return Ok(None) };
    let mut head = ResponseHead { status, headers: Vec::new() };
    loop {
        if stream.offset >= end {
            // No blank line before the block ends: a head without a body.
            return Ok((stream.offset == end).then_some(head));
        }
        let Some(line) = stream.read_line(MAX_HEADER_LINE)? else {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file ends inside the HTTP header"));
        };
        if line.too_long || head.headers.len() >= MAX_HEADERS {
            return Ok(None);
        }
        if line.text.is_empty() {
            return Ok(Some(head));
        }
        if let Some(header) = parse_header_line(&line.text) {
            head.headers.push(header);
        }
    }
}

fn truncate(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}
