//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds, streamed: each `item` or `entry` becomes one HTML
//! document (title, link as URL, published or updated date, author, and the first of
//! `content:encoded`, `content`, `description`/`summary` as the body). Markup inside the
//! body is kept as data for the cleaner; nothing is executed or dropped here.

use std::io::{self, BufRead, BufReader, Read};

use parallax_model::{ArticleId, InputFormat, RawDoc, RejectReason};
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::limits::reason_from_io;
use crate::transcode::Utf8Reader;
use crate::{IngestConfig, ReadSink, RejectInput};

/// Elements nested deeper than this end the feed with a rejection.
const MAX_DEPTH: usize = 256;

/// What a child element of an item holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Guid,
    Published,
    Updated,
    Author,
    /// `content:encoded`: HTML.
    Encoded,
    /// Atom `content` (HTML unless `type="text"`).
    Content,
    /// RSS `description`, Atom `summary`.
    Summary,
}

/// One item as it is read.
#[derive(Default)]
struct Item {
    title: String,
    link: String,
    guid: String,
    published: String,
    updated: String,
    author: String,
    encoded: String,
    content: String,
    summary: String,
    content_is_text: bool,
    summary_is_text: bool,
    /// An Atom title of type `html` or `xhtml`.
    title_is_markup: bool,
    n_bytes: u64,
    oversized: bool,
}

impl Item {
    fn slot(&mut self, field: Field) -> &mut String {
        match field {
            Field::Title => &mut self.title,
            Field::Link => &mut self.link,
            Field::Guid => &mut self.guid,
            Field::Published => &mut self.published,
            Field::Updated => &mut self.updated,
            Field::Author => &mut self.author,
            Field::Encoded => &mut self.encoded,
            Field::Content => &mut self.content,
            Field::Summary => &mut self.summary,
        }
    }

    fn append(&mut self, field: Field, text: &str, limit: u64) {
        self.n_bytes += text.len() as u64;
        if self.n_bytes > limit {
            self.oversized = true;
        }
        if !self.oversized {
            self.slot(field).push_str(text);
        }
    }
}

/// The reader's position in the document.
#[derive(Default)]
struct State {
    /// Local names of the open elements.
    stack: Vec<String>,
    root_seen: bool,
    /// The item being read, with the depth of its element.
    item: Option<(Item, usize)>,
    /// The field being read, with the depth of its element.
    field: Option<(Field, usize)>,
    n_items: usize,
}

/// An input that is not a feed, or a feed that cannot be read further.
type Fault = RejectReason;

/// A feed rejection; the message (which may quote the input) is cut to a readable length.
fn invalid(message: impl Into<String>) -> Fault {
    let mut message = message.into();
    if let Some((cut, _)) = message.char_indices().nth(200) {
        message.truncate(cut);
        message.push('…');
    }
    RejectReason::InvalidFeed { message }
}

pub(crate) fn read_feed(reader: impl Read, shown: &str, stem: &str, config: &IngestConfig, outcome: &mut dyn ReadSink) {
    let mut buffered = BufReader::new(reader);
    let head = match buffered.fill_buf() {
        Ok(head) => head.to_vec(),
        Err(error) => return outcome.reject_input(shown.to_string(), reason_from_io(&error)),
    };
    // One event (a tag or a run of text) may not exceed the document limit.
    let token_limit = config.max_document_bytes.saturating_add(64 * 1024);
    let mut xml = Reader::from_reader(TokenLimit::new(Utf8Reader::new(buffered, &head), token_limit));
    let settings = xml.config_mut();
    // Bare ampersands are common in feeds and harmless; mismatched tags are not well-formed.
    settings.allow_dangling_amp = true;
    let mut state = State::default();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        xml.get_mut().reset();
        let event = match xml.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(error) => {
                let reason = match &error {
                    quick_xml::Error::Io(io_error) => {
                        match io_error.get_ref().and_then(|e| e.downcast_ref::<TokenTooLarge>()) {
                            Some(too_large) => invalid(too_large.to_string()),
                            None => reason_from_io(io_error),
                        }
                    }
                    other => invalid(format!("{other} (near byte {})", xml.error_position())),
                };
                reject_rest(outcome, &mut state, shown, reason);
                break;
            }
        };
        let step = match event {
            Event::Eof => {
                if state.item.take().is_some() {
                    state.n_items += 1;
                    outcome.reject_input(item_origin(shown, state.n_items), invalid("the feed ends inside an item"));
                }
                if !state.root_seen {
                    outcome.reject_input(shown.to_string(), invalid("no rss, rdf:RDF or feed element"));
                }
                break;
            }
            Event::Start(start) => open(&mut state, &start, false, config),
            Event::Empty(start) => open(&mut state, &start, true, config),
            Event::End(end) => {
                close(&mut state, end.name().as_ref(), outcome, shown, stem, config);
                Ok(())
            }
            Event::Text(text) => {
                add_text(&mut state, &text.xml10_content(), false, config);
                Ok(())
            }
            Event::CData(data) => {
                add_text(&mut state, &data.xml10_content(), true, config);
                Ok(())
            }
            Event::GeneralRef(reference) => {
                let name = reference.into_inner();
                match resolve_entity(&name) {
                    Some(text) => add_text(&mut state, &text, false, config),
                    // Unknown to XML, perhaps known to HTML: keep it as written.
                    None => add_text(&mut state, &format!("&{name};"), true, config),
                }
                Ok(())
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => Ok(()),
        };
        if let Err(reason) = step {
            reject_rest(outcome, &mut state, shown, reason);
            break;
        }
    }
}

fn reject_rest(outcome: &mut dyn ReadSink, state: &mut State, shown: &str, reason: RejectReason) {
    let input = if state.item.take().is_some() { item_origin(shown, state.n_items + 1) } else { shown.to_string() };
    outcome.reject_input(input, reason);
}

fn item_origin(shown: &str, n: usize) -> String {
    format!("{shown}#{n}")
}

fn open(state: &mut State, start: &BytesStart<'_>, empty: bool, config: &IngestConfig) -> Result<(), Fault> {
    let qname = start.name();
    let local = qname.local_name().as_ref().to_ascii_lowercase();
    if !state.root_seen {
        state.root_seen = true;
        if !matches!(local.as_str(), "rss" | "rdf" | "feed") {
            return Err(invalid(format!("the root element <{}> is not rss, rdf:RDF or feed", qname.as_ref())));
        }
    }
    let depth = state.stack.len() + 1;
    if depth > MAX_DEPTH {
        return Err(invalid(format!("elements nested deeper than {MAX_DEPTH}")));
    }
    if let Some((field, field_depth)) = state.field {
        // Markup inside an HTML field (Atom XHTML content, unescaped RSS HTML) stays markup.
        if is_html(field)
            && depth > field_depth
            && let Some((item, _)) = state.item.as_mut()
        {
            let tag = if empty { format!("<{}/>", &**start) } else { format!("<{}>", &**start) };
            item.append(field, &tag, config.max_document_bytes);
        }
    } else if let Some((item, item_depth)) = state.item.as_mut() {
        if depth == *item_depth + 1 {
            let field = field_of(qname.as_ref());
            if local == "link" && item.link.is_empty() {
                // Atom: `<link rel="alternate" href="…"/>`.
                let rel = attribute(start, "rel");
                if rel.as_deref().is_none_or(|rel| rel == "alternate")
                    && let Some(href) = attribute(start, "href")
                {
                    item.link = href;
                }
            }
            let kind = attribute(start, "type").unwrap_or_default().to_ascii_lowercase();
            let is_text = kind == "text" || kind == "text/plain";
            match field {
                Some(Field::Content) => item.content_is_text = is_text,
                Some(Field::Summary) => item.summary_is_text = is_text,
                Some(Field::Title) => item.title_is_markup = kind == "html" || kind == "xhtml",
                _ => {}
            }
            if !empty {
                state.field = field.map(|field| (field, depth));
            }
        }
    } else if matches!(local.as_str(), "item" | "entry") && !empty {
        state.item = Some((Item::default(), depth));
    }
    if !empty {
        state.stack.push(local);
    }
    Ok(())
}

fn close(state: &mut State, name: &str, outcome: &mut dyn ReadSink, shown: &str, stem: &str, config: &IngestConfig) {
    let depth = state.stack.len();
    if depth == 0 {
        return;
    }
    if let Some((field, field_depth)) = state.field {
        if depth == field_depth {
            state.field = None;
        } else if is_html(field)
            && depth > field_depth
            && let Some((item, _)) = state.item.as_mut()
        {
            item.append(field, &format!("</{name}>"), config.max_document_bytes);
        }
    }
    state.stack.pop();
    if state.item.as_ref().is_some_and(|(_, item_depth)| *item_depth == depth) {
        state.field = None;
        if let Some((item, _)) = state.item.take() {
            state.n_items += 1;
            let origin = item_origin(shown, state.n_items);
            match document(item, &origin, stem, state.n_items, config) {
                Ok(doc) => outcome.doc(doc),
                Err(reason) => outcome.reject_input(origin, reason),
            }
        }
    }
}

/// Adds character data to the field being read. `raw` data (CDATA, kept entities) is added
/// as written; other text is escaped when it sits inside markup of an HTML field.
fn add_text(state: &mut State, text: &str, raw: bool, config: &IngestConfig) {
    let depth = state.stack.len();
    let (Some((field, field_depth)), Some((item, _))) = (state.field, state.item.as_mut()) else { return };
    if field == Field::Author && depth > field_depth && state.stack.last().is_none_or(|name| name != "name") {
        // Atom authors: only the `name`, not `email` or `uri`.
        return;
    }
    if is_html(field) && depth > field_depth && !raw {
        item.append(field, &escape_html(text), config.max_document_bytes);
    } else {
        item.append(field, text, config.max_document_bytes);
    }
}

fn is_html(field: Field) -> bool {
    matches!(field, Field::Encoded | Field::Content | Field::Summary)
}

/// The field an item's child element holds. Names without a prefix (RSS, Atom as the
/// default namespace) and the usual `atom:`, `dc:` and `content:` prefixes count; other
/// namespaces (`media:content`, `itunes:summary` …) do not.
fn field_of(qname: &str) -> Option<Field> {
    let qname = qname.to_ascii_lowercase();
    let (prefix, local) = match qname.split_once(':') {
        Some((prefix, local)) => (prefix, local),
        None => ("", qname.as_str()),
    };
    Some(match (prefix, local) {
        ("content", "encoded") => Field::Encoded,
        ("dc", "creator") => Field::Author,
        ("dc", "date") => Field::Published,
        ("" | "atom", "title") => Field::Title,
        ("" | "atom", "link") => Field::Link,
        ("" | "atom", "guid" | "id") => Field::Guid,
        ("" | "atom", "pubdate" | "published" | "issued") => Field::Published,
        ("" | "atom", "updated" | "modified") => Field::Updated,
        ("" | "atom", "author") => Field::Author,
        ("" | "atom", "content") => Field::Content,
        ("" | "atom", "description" | "summary") => Field::Summary,
        _ => return None,
    })
}

/// An attribute's value with entities resolved, if present and readable.
fn attribute(start: &BytesStart<'_>, name: &str) -> Option<String> {
    let attribute = start.try_get_attribute(name).ok().flatten()?;
    Some(unescape(&attribute.value))
}

/// The document for a finished item.
fn document(item: Item, origin: &str, stem: &str, n: usize, config: &IngestConfig) -> Result<RawDoc, RejectReason> {
    if item.oversized {
        return Err(RejectReason::TooLarge { bytes: item.n_bytes, limit: config.max_document_bytes });
    }
    let body = [(&item.encoded, false), (&item.content, item.content_is_text), (&item.summary, item.summary_is_text)]
        .into_iter()
        .find(|(text, _)| !text.trim().is_empty());
    let Some((body, is_text)) = body else {
        return Err(RejectReason::MissingField { field: "content:encoded, content or description".into() });
    };
    let body = if is_text { text_to_html(body) } else { body.trim().to_string() };
    let title = if item.title_is_markup { unescape(&strip_tags(&item.title)) } else { item.title.clone() };
    let title = Some(collapse(&title)).filter(|t| !t.is_empty());
    let guid = Some(item.guid.trim().to_string()).filter(|g| !g.is_empty());
    // An RSS guid is a permalink unless it says otherwise; one that is a web address will do.
    let url = Some(item.link.trim().to_string())
        .filter(|u| !u.is_empty())
        .or_else(|| guid.clone().filter(|g| g.starts_with("https://") || g.starts_with("http://")));
    let date = if item.published.trim().is_empty() { &item.updated } else { &item.published };
    let published = Some(normalize_date(date.trim())).filter(|d| !d.is_empty());
    let author = author_name(&item.author);
    let id = url.clone().or(guid).unwrap_or_else(|| format!("{stem}#{n}"));
    let mut page = String::with_capacity(body.len() + 256);
    page.push_str("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
    if let Some(title) = &title {
        page.push_str(&format!("<title>{}</title>", escape_html(title)));
    }
    if let Some(author) = &author {
        page.push_str(&format!("<meta name=\"author\" content=\"{}\">", escape_html(author)));
    }
    page.push_str("</head>\n<body><article>\n");
    page.push_str(&body);
    page.push_str("\n</article></body></html>\n");
    Ok(RawDoc {
        id: ArticleId(id.into()),
        origin: origin.to_string(),
        format: InputFormat::Html,
        body: page,
        url,
        title,
        published,
        outlet: None,
        folder: None,
        diagnostics: Vec::new(),
    })
}

/// RSS dates (RFC 822) become RFC 3339; other forms are passed on as written.
fn normalize_date(date: &str) -> String {
    match chrono::DateTime::parse_from_rfc2822(date) {
        Ok(parsed) => parsed.to_rfc3339(),
        Err(_) => date.to_string(),
    }
}

/// `ana@news.example (Ana Ruiz)` → `Ana Ruiz`; a bare address is no name.
fn author_name(author: &str) -> Option<String> {
    let author = collapse(author);
    if let Some(open) = author.find('(')
        && let Some(inner) = author[open + 1..].strip_suffix(')')
    {
        let inner = inner.trim();
        return (!inner.is_empty()).then(|| inner.to_string());
    }
    if author.is_empty() || (author.contains('@') && !author.contains(' ')) {
        return None;
    }
    Some(author)
}

/// The text of a markup title: tags removed (entities stay for the cleaner to read).
fn strip_tags(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text → paragraphs of escaped HTML, split at blank lines.
fn text_to_html(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape_html(p)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The text of an entity reference: character references, XML's five, and a few HTML
/// names common in feeds. `None` for other names.
fn resolve_entity(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        return Some(code.and_then(char::from_u32).filter(|&c| c != '\0').unwrap_or('\u{fffd}').to_string());
    }
    let text = match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        _ => return None,
    };
    Some(text.to_string())
}

/// Resolves entity references in an attribute value; unknown ones stay as written.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match after.find(';').filter(|&end| end <= 32) {
            Some(end) => match resolve_entity(&after[..end]) {
                Some(text) => {
                    out.push_str(&text);
                    rest = &after[end + 1..];
                }
                None => {
                    out.push('&');
                    rest = after;
                }
            },
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One XML event larger than the reader accepts.
#[derive(Debug, thiserror::Error)]
#[error("an element or text of more than {limit} bytes")]
struct TokenTooLarge {
    limit: u64,
}

/// Fails a read once more than `limit` bytes were consumed since the last `reset`, which
/// bounds the buffer one XML event can take.
struct TokenLimit<R> {
    inner: R,
    consumed: u64,
    limit: u64,
}

impl<R> TokenLimit<R> {
    fn new(inner: R, limit: u64) -> Self {
        Self { inner, consumed: 0, limit }
    }

    fn reset(&mut self) {
        self.consumed = 0;
    }
}

impl<R: BufRead> Read for TokenLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        crate::transcode::read_through_buffer(self, buf)
    }
}

impl<R: BufRead> BufRead for TokenLimit<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.consumed > self.limit {
            return Err(io::Error::other(TokenTooLarge { limit: self.limit }));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.consumed += amount as u64;
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_parts() {
        assert_eq!(normalize_date("Tue, 05 Mar 2024 22:30:00 -0500"), "2024-03-05T22:30:00-05:00");
        assert_eq!(normalize_date("Thu, 07 Mar 2024 10:00:00 GMT"), "2024-03-07T10:00:00+00:00");
        assert_eq!(normalize_date("2024-03-06T08:00:00Z"), "2024-03-06T08:00:00Z");
        assert_eq!(normalize_date("last Tuesday"), "last Tuesday");
        assert_eq!(author_name("desk@gazette.example (Mira Solberg)").as_deref(), Some("Mira Solberg"));
        assert_eq!(author_name("desk@gazette.example"), None);
        assert_eq!(author_name("  Tomas\n Lind ").as_deref(), Some("Tomas Lind"));
        assert_eq!(unescape("a &amp; b &#x41;&#66; &bogus; & c &"), "a & b AB &bogus; & c &");
        assert_eq!(resolve_entity("#0").as_deref(), Some("\u{fffd}"));
        assert_eq!(resolve_entity("#x110000").as_deref(), Some("\u{fffd}"));
        assert_eq!(strip_tags("Dam <em>passed</em> &amp; more"), "Dam passed &amp; more");
        assert_eq!(field_of("media:content"), None);
        assert_eq!(field_of("content:encoded"), Some(Field::Encoded));
        assert_eq!(field_of("dc:creator"), Some(Field::Author));
        let long = invalid("x".repeat(1000));
        assert!(matches!(long, RejectReason::InvalidFeed { message } if message.chars().count() == 201));
    }
}
