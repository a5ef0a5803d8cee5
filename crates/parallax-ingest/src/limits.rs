//! Bounds on what a reader takes in: decompressed size, line length, document size.

use std::io::{self, BufRead, Read};

use parallax_model::RejectReason;

/// A limit an input ran into while being read. Carried inside [`io::Error`] by the guarded
/// readers and turned into a [`RejectReason`] by [`reason_from_io`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// A compressed stream expanded to more than `limit` bytes.
    #[error("decompresses to more than {limit} bytes")]
    Decompressed { limit: u64 },
}

/// Wraps a decompressing reader and fails once it has produced more than `limit` bytes.
pub(crate) struct InflateGuard<R> {
    inner: R,
    produced: u64,
    limit: u64,
}

impl<R: Read> InflateGuard<R> {
    pub(crate) fn new(inner: R, limit: u64) -> Self {
        Self { inner, produced: 0, limit }
    }
}

impl<R: Read> Read for InflateGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.produced > self.limit {
            return Err(io::Error::other(LimitError::Decompressed { limit: self.limit }));
        }
        // Never hand out more than one byte past the limit, so the overrun is detected
        // before the caller has buffered much beyond it.
        let room = usize::try_from((self.limit - self.produced).saturating_add(1)).unwrap_or(usize::MAX);
        let n = buf.len().min(room);
        let read = self.inner.read(&mut buf[..n])?;
        self.produced += read as u64;
        if self.produced > self.limit {
            return Err(io::Error::other(LimitError::Decompressed { limit: self.limit }));
        }
        Ok(read)
    }
}

/// The rejection for an I/O error met while reading an input.
pub(crate) fn reason_from_io(error: &io::Error) -> RejectReason {
    match error.get_ref().and_then(|inner| inner.downcast_ref::<LimitError>()) {
        Some(LimitError::Decompressed { limit }) => RejectReason::DecompressionLimit { limit: *limit },
        None => RejectReason::Unreadable { message: error.to_string() },
    }
}

/// Whether an I/O error means the input simply ended early.
pub(crate) fn is_truncation(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::UnexpectedEof
}

/// Reads at most `limit` bytes. More than that is `TooLarge`: for a plain stream the rest
/// is counted (never stored) to report the true size; for a decompressed one it is a
/// decompression limit, as the true size may be unbounded.
pub(crate) fn read_bounded(reader: impl Read, limit: u64, compressed: bool) -> Result<Vec<u8>, RejectReason> {
    let mut reader = reader;
    let mut bytes = Vec::new();
    match (&mut reader).take(limit.saturating_add(1)).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > limit => {
            if compressed {
                return Err(RejectReason::DecompressionLimit { limit });
            }
            let rest = io::copy(&mut reader, &mut io::sink()).unwrap_or(0);
            Err(RejectReason::TooLarge { bytes: bytes.len() as u64 + rest, limit })
        }
        Ok(_) => Ok(bytes),
        Err(error) => Err(reason_from_io(&error)),
    }
}

/// Consumes the rest of the current line (up to and including `\n`) without storing it.
/// Returns the number of bytes of the line, not counting the `\n`.
pub(crate) fn skip_line(reader: &mut impl BufRead) -> io::Result<u64> {
    let mut skipped = 0u64;
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if buffer.is_empty() {
            return Ok(skipped);
        }
        match memchr::memchr(b'\n', buffer) {
            Some(end) => {
                reader.consume(end + 1);
                return Ok(skipped + end as u64);
            }
            None => {
                let n = buffer.len();
                reader.consume(n);
                skipped += n as u64;
            }
        }
    }
}

/// Discards exactly `n` bytes. Fewer available is an `UnexpectedEof` error.
pub(crate) fn discard(reader: &mut impl Read, n: u64) -> io::Result<()> {
    let copied = io::copy(&mut reader.take(n), &mut io::sink())?;
    if copied < n {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, format!("{} of {n} bytes present", copied)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_stops_past_the_limit() {
        let data = vec![b'a'; 100];
        let mut guard = InflateGuard::new(data.as_slice(), 10);
        let mut out = Vec::new();
        let error = guard.read_to_end(&mut out).expect_err("over the limit");
        assert_eq!(reason_from_io(&error), RejectReason::DecompressionLimit { limit: 10 });
        assert!(out.len() <= 11);
    }

    #[test]
    fn skips_long_lines_without_keeping_them() {
        let data = b"aaaaaaaaaa\nnext\n";
        let mut reader = io::BufReader::with_capacity(4, &data[..]);
        assert_eq!(skip_line(&mut reader).expect("skips"), 10);
        let mut rest = String::new();
        reader.read_to_string(&mut rest).expect("reads");
        assert_eq!(rest, "next\n");
    }
}
