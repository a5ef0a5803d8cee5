//! A streaming decoder to UTF-8 for XML inputs, whose encoding is named by a byte-order
//! mark or the XML declaration. Malformed bytes become U+FFFD instead of failing the input.

use std::io::{self, BufRead, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8};

const OUT_BYTES: usize = 16 * 1024;

/// Decodes an inner reader to UTF-8 as it is read.
pub(crate) struct Utf8Reader<R> {
    inner: R,
    decoder: Decoder,
    out: Box<[u8]>,
    start: usize,
    end: usize,
    finished: bool,
}

impl<R: BufRead> Utf8Reader<R> {
    /// `head` is the first bytes of the stream, used to pick the encoding; the stream
    /// itself must still start with them.
    pub(crate) fn new(inner: R, head: &[u8]) -> Self {
        Self {
            inner,
            decoder: xml_encoding(head).new_decoder(),
            out: vec![0; OUT_BYTES].into_boxed_slice(),
            start: 0,
            end: 0,
            finished: false,
        }
    }
}

impl<R: BufRead> BufRead for Utf8Reader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.start == self.end && !self.finished {
            let input = self.inner.fill_buf()?;
            let last = input.is_empty();
            let (result, read, written, _) = self.decoder.decode_to_utf8(input, &mut self.out, last);
            self.inner.consume(read);
            self.start = 0;
            self.end = written;
            if last && result == CoderResult::InputEmpty {
                self.finished = true;
            }
        }
        Ok(&self.out[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        self.start = (self.start + amount).min(self.end);
    }
}

impl<R: BufRead> Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        read_through_buffer(self, buf)
    }
}

/// `Read::read` for a reader whose `BufRead` side does the work: copies what `fill_buf` has.
pub(crate) fn read_through_buffer(reader: &mut impl BufRead, buf: &mut [u8]) -> io::Result<usize> {
    let available = reader.fill_buf()?;
    let n = available.len().min(buf.len());
    buf[..n].copy_from_slice(&available[..n]);
    reader.consume(n);
    Ok(n)
}

/// The encoding of an XML document from its first bytes: a byte-order mark, else the
/// `encoding` of the XML declaration when it names an ASCII-compatible encoding, else UTF-8.
pub(crate) fn xml_encoding(head: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(head) {
        return encoding;
    }
    let Some(rest) = head.strip_prefix(b"<?xml") else { return UTF_8 };
    let declaration = match memchr::memmem::find(rest, b"?>") {
        Some(end) => &rest[..end],
        None => return UTF_8,
    };
    let Some(at) = memchr::memmem::find(declaration, b"encoding") else { return UTF_8 };
    let after = declaration[at + b"encoding".len()..].trim_ascii_start();
    let Some(after) = after.strip_prefix(b"=") else { return UTF_8 };
    let after = after.trim_ascii_start();
    let Some((&quote, value)) = after.split_first() else { return UTF_8 };
    if quote != b'"' && quote != b'\'' {
        return UTF_8;
    }
    let Some(end) = value.iter().position(|&b| b == quote) else { return UTF_8 };
    match Encoding::for_label(&value[..end]) {
        // The declaration was read as ASCII, so the bytes are not UTF-16 after all.
        Some(encoding) if encoding.is_ascii_compatible() => encoding,
        _ => UTF_8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> String {
        let mut out = String::new();
        let mut reader = Utf8Reader::new(io::BufReader::with_capacity(3, bytes), bytes);
        reader.read_to_string(&mut out).expect("decodes");
        out
    }

    #[test]
    fn decodes_declared_and_marked_encodings() {
        assert_eq!(
            decode(b"<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xe9</a>"),
            "<?xml version='1.0' encoding='ISO-8859-1'?><a>café</a>"
        );
        assert_eq!(decode(b"\xef\xbb\xbf<a>\xc3\xa9</a>"), "<a>é</a>");
        assert_eq!(decode(b"<a>bad \xff byte</a>"), "<a>bad \u{fffd} byte</a>");
        assert_eq!(decode(b"<?xml encoding=\"utf-16\"?><a/>"), "<?xml encoding=\"utf-16\"?><a/>");
        assert_eq!(decode(b""), "");
    }
}
