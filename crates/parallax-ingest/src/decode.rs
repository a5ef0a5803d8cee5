//! Bytes → text: byte-order marks, UTF-8, and a detected legacy encoding otherwise.

use parallax_model::RejectReason;

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty input")]
    Empty,
    #[error("binary data, not text")]
    Binary,
}

impl From<DecodeError> for RejectReason {
    fn from(error: DecodeError) -> Self {
        match error {
            DecodeError::Empty => RejectReason::Empty,
            DecodeError::Binary => RejectReason::Binary,
        }
    }
}

/// Decodes bytes to text. Returns the text and, when it was not UTF-8, the name of the
/// encoding used. Empty and binary inputs are errors.
pub fn decode_bytes(bytes: &[u8]) -> Result<(String, Option<&'static str>), DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        let name = (encoding != encoding_rs::UTF_8).then(|| encoding.name());
        return finish(text.into_owned(), name);
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return finish(text.to_string(), None);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _, _) = encoding.decode(bytes);
    finish(text.into_owned(), Some(encoding.name()))
}

/// Decodes bytes that came with a declared charset (an HTTP `Content-Type`). The label wins
/// unless the bytes carry a byte-order mark or are valid UTF-8 with non-ASCII text, which a
/// mislabelled page shows far more often than a legacy encoding does.
pub(crate) fn decode_with_charset(
    bytes: &[u8],
    label: Option<&str>,
) -> Result<(String, Option<&'static str>), DecodeError> {
    let declared = label.and_then(|label| encoding_rs::Encoding::for_label(label.trim().as_bytes()));
    let Some(encoding) = declared.filter(|e| *e != encoding_rs::UTF_8 && e.is_ascii_compatible()) else {
        return decode_bytes(bytes);
    };
    if encoding_rs::Encoding::for_bom(bytes).is_some() || std::str::from_utf8(bytes).is_ok() {
        return decode_bytes(bytes);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    finish(text.into_owned(), Some(encoding.name()))
}

fn finish(text: String, encoding: Option<&'static str>) -> Result<(String, Option<&'static str>), DecodeError> {
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok((text, encoding))
}

/// NUL bytes or many control characters in the first 8 KiB mean binary data.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|b| b.is_ascii_control() && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    controls * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_rejects() {
        assert_eq!(decode_bytes(b"plain"), Ok(("plain".to_string(), None)));
        assert_eq!(decode_bytes(b"  \n "), Err(DecodeError::Empty));
        assert_eq!(decode_bytes(b"\x89PNG\r\n\x1a\n\0\0\0"), Err(DecodeError::Binary));
        let (text, encoding) = decode_bytes(b"Caf\xe9 cr\xe8me au march\xe9").expect("decodes");
        assert_eq!(text, "Café crème au marché");
        assert_eq!(encoding, Some("windows-1252"));
        let (text, encoding) = decode_bytes(b"\xef\xbb\xbfwith bom").expect("decodes");
        assert_eq!((text.as_str(), encoding), ("with bom", None));
    }
}
