//! A fingerprint of the report code itself, so that a report stored by another version of it
//! is never reused: an engine that keeps unchanged events' reports between analyses compares
//! this fingerprint (with the members of the event) before reusing one.

/// Every source file of the crate that shapes a report, by name and content.
macro_rules! sources {
    ($($file:literal),* $(,)?) => {
        (&[$($file),*], &[$(include_str!($file)),*])
    };
}

const SOURCES: (&[&str], &[&str]) = sources!(
    "lib.rs",
    "agreement.rs",
    "entities.rs",
    "figures.rs",
    "fingerprint.rs",
    "quotes.rs",
    "summary.rs",
    "summary/compress.rs",
    "summary/digest.rs",
    "timeline.rs",
    "wording.rs",
);

/// The names of the files behind [`CODE_FINGERPRINT`], relative to `src/`.
#[doc(hidden)]
pub const FINGERPRINTED_SOURCES: &[&str] = SOURCES.0;

/// FNV-1a over the report code's sources.
pub const CODE_FINGERPRINT: u64 = fingerprint(SOURCES.1);

const fn fingerprint(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut part = 0;
    while part < parts.len() {
        let bytes = parts[part].as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            hash ^= bytes[i] as u64;
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            i += 1;
        }
        // A separator, so that moving text between files changes the fingerprint.
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        part += 1;
    }
    hash
}
