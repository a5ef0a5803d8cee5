//! Deciding a format from the first bytes of an input.

use std::io::{self, Read};

use crate::files::SourceKind;

/// How many bytes are looked at to decide.
pub(crate) const HEAD_BYTES: usize = 4096;

/// Reads up to [`HEAD_BYTES`] from the start of a stream. The bytes are to be put back in
/// front of the stream (`head.chain(reader)`).
pub(crate) fn read_head(reader: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    reader.take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// The format the first bytes of an input show.
pub(crate) fn sniff(head: &[u8]) -> SourceKind {
    if head.starts_with(b"WARC/1.") {
        return SourceKind::Warc;
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(HEAD_BYTES)]);
    let text = text.trim_start_matches('\u{feff}').trim_start().to_ascii_lowercase();
    if text.starts_with('{') {
        SourceKind::JsonLines
    } else if is_feed(&text) {
        SourceKind::Feed
    } else if text.starts_with('<')
        && (text.contains("<html") || text.contains("<!doctype") || text.contains("<body") || text.contains("<p"))
    {
        SourceKind::Html
    } else {
        SourceKind::Text
    }
}

/// Whether lowercased text starts an RSS, RDF or Atom document: its first element (after an
/// XML declaration, comments and processing instructions) is `<rss`, `<rdf:rdf` or `<feed`.
fn is_feed(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            let Some(end) = after.find("?>") else { return false };
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            let Some(end) = after.find("-->") else { return false };
            rest = &after[end + 3..];
        } else if rest.starts_with("<!doctype") && !rest.starts_with("<!doctype html") {
            let Some(end) = rest.find('>') else { return false };
            rest = &rest[end + 1..];
        } else {
            break;
        }
    }
    ["<rss", "<rdf:rdf", "<feed"].iter().any(|root| {
        rest.strip_prefix(root).is_some_and(|after| after.starts_with(|c: char| c.is_whitespace() || c == '>'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(head: &str, expected: SourceKind) {
        assert_eq!(sniff(head.as_bytes()), expected, "{head:?}");
    }

    #[test]
    fn sniffs_formats() {
        check("WARC/1.0\r\nWARC-Type: warcinfo\r\n", SourceKind::Warc);
        check("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>", SourceKind::Feed);
        check("\u{feff}<?xml version='1.0'?><!-- c --><feed xmlns=\"http://www.w3.org/2005/Atom\">", SourceKind::Feed);
        check("<rdf:RDF xmlns:rdf=\"x\">", SourceKind::Feed);
        check("<feedback>", SourceKind::Text);
        check("<!DOCTYPE html><html><body>", SourceKind::Html);
        check("{\"text\": \"a\"}", SourceKind::JsonLines);
        check("date 2024-01-01 Title\nBody", SourceKind::Text);
    }
}
