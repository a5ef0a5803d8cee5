//! The HTTP responses stored in WARC records: status line, headers, and the body decoded
//! from its transfer and content encodings.

use std::io::Read;

use parallax_model::RejectReason;

use crate::limits::read_bounded;

/// Header lines longer than this, or more of them than [`MAX_HEADERS`], make a response
/// unreadable.
pub(crate) const MAX_HEADER_LINE: usize = 64 * 1024;
pub(crate) const MAX_HEADERS: usize = 512;

/// The head of an HTTP response.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ResponseHead {
    pub status: u16,
    /// Header names lowercased, values trimmed, in order.
    pub headers: Vec<(String, String)>,
}

impl ResponseHead {
    /// The first value of a header (name in lowercase).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The media type of `Content-Type`, lowercased, without parameters.
    pub(crate) fn media_type(&self) -> Option<String> {
        let value = self.header("content-type")?;
        let media = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        (!media.is_empty()).then_some(media)
    }

    /// The `charset` parameter of `Content-Type`.
    pub(crate) fn charset(&self) -> Option<String> {
        let value = self.header("content-type")?;
        value.split(';').skip(1).find_map(|parameter| {
            let (key, value) = parameter.split_once('=')?;
            key.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches(['"', '\'']).to_string())
        })
    }
}

/// Whether a media type is an HTML page.
pub(crate) fn is_html_media(media: &str) -> bool {
    matches!(media, "text/html" | "application/xhtml+xml")
}

/// Parses a status line, `HTTP/1.1 200 OK`. `None` if it is not one.
pub(crate) fn parse_status_line(line: &str) -> Option<u16> {
    let rest = line.strip_prefix("HTTP/")?;
    let mut parts = rest.split_whitespace();
    let _version = parts.next()?;
    let code = parts.next()?;
    if code.len() != 3 {
        return None;
    }
    code.parse().ok()
}

/// Splits a header line into a lowercased name and a trimmed value.
pub(crate) fn parse_header_line(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    Some((name.to_ascii_lowercase(), value.trim().to_string()))
}

/// What decoding a response body can end in besides bytes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BodyError {
    /// A content encoding Parallax does not decode.
    UnsupportedEncoding,
    /// The body cannot be decoded.
    Rejected(RejectReason),
}

/// Removes the transfer encoding (chunked) and the content encoding (gzip, deflate) of a
/// body. The decoded body may not exceed `limit` bytes.
pub(crate) fn decode_body(head: &ResponseHead, body: Vec<u8>, limit: u64) -> Result<Vec<u8>, BodyError> {
    let chunked = head.header("transfer-encoding").is_some_and(|value| value.to_ascii_lowercase().contains("chunked"));
    let body = if chunked { dechunk(&body).unwrap_or(body) } else { body };
    let encoding = head.header("content-encoding").unwrap_or("").trim().to_ascii_lowercase();
    match encoding.as_str() {
        "" | "identity" | "none" => Ok(body),
        "gzip" | "x-gzip" => inflate(flate2::read::MultiGzDecoder::new(body.as_slice()), limit),
        "deflate" => {
            // Servers send zlib-wrapped or raw deflate under this name.
            let zlib = inflate(flate2::read::ZlibDecoder::new(body.as_slice()), limit);
            match zlib {
                Ok(bytes) => Ok(bytes),
                Err(_) => inflate(flate2::read::DeflateDecoder::new(body.as_slice()), limit),
            }
        }
        _ => Err(BodyError::UnsupportedEncoding),
    }
}

fn inflate(reader: impl Read, limit: u64) -> Result<Vec<u8>, BodyError> {
    read_bounded(reader, limit, true).map_err(BodyError::Rejected)
}

/// Joins the chunks of a `Transfer-Encoding: chunked` body. `None` if it is not chunked
/// after all (WARC writers often store bodies already de-chunked but keep the header).
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = memchr::memchr(b'\n', rest)?;
        let size_line = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size_text = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() < size {
            // A cut-off last chunk: keep what there is.
            out.extend_from_slice(rest);
            return Some(out);
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest.strip_prefix(b"\r\n").or_else(|| rest.strip_prefix(b"\n")).unwrap_or(rest);
        if rest.is_empty() {
            return Some(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(headers: &[(&str, &str)]) -> ResponseHead {
        ResponseHead { status: 200, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
    }

    #[test]
    fn parses_heads() {
        assert_eq!(parse_status_line("HTTP/1.1 200 OK"), Some(200));
        assert_eq!(parse_status_line("HTTP/2 404"), Some(404));
        assert_eq!(parse_status_line("GET / HTTP/1.1"), None);
        assert_eq!(
            parse_header_line("Content-Type: text/html; charset=ISO-8859-1"),
            Some(("content-type".into(), "text/html; charset=ISO-8859-1".into()))
        );
        assert_eq!(parse_header_line("no colon"), None);
        let head = head(&[("content-type", "Text/HTML; Charset=\"iso-8859-1\"")]);
        assert_eq!(head.media_type().as_deref(), Some("text/html"));
        assert_eq!(head.charset().as_deref(), Some("iso-8859-1"));
    }

    #[test]
    fn decodes_bodies() {
        let chunked = head(&[("transfer-encoding", "chunked")]);
        assert_eq!(
            decode_body(&chunked, b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n".to_vec(), 100),
            Ok(b"hello world".to_vec())
        );
        assert_eq!(decode_body(&chunked, b"<html>already joined".to_vec(), 100), Ok(b"<html>already joined".to_vec()));
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gzip, &[b'a'; 1000]).expect("writes");
        let gzipped = gzip.finish().expect("finishes");
        let gzip_head = head(&[("content-encoding", "gzip")]);
        assert_eq!(decode_body(&gzip_head, gzipped.clone(), 1000).map(|b| b.len()), Ok(1000));
        assert_eq!(
            decode_body(&gzip_head, gzipped, 999),
            Err(BodyError::Rejected(RejectReason::DecompressionLimit { limit: 999 }))
        );
        assert_eq!(
            decode_body(&head(&[("content-encoding", "br")]), b"x".to_vec(), 10),
            Err(BodyError::UnsupportedEncoding)
        );
    }
}
