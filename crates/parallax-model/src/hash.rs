//! Stable, platform-independent hashing for ids and fingerprints.

/// 64-bit FNV-1a over bytes: stable across runs, platforms and Rust versions.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// [`fnv1a64`] of the words joined by single spaces, without building the joined string:
/// `fnv1a64_joined(&["a", "b"]) == fnv1a64(b"a b")`.
pub fn fnv1a64_joined<S: AsRef<str>>(words: &[S]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            hash ^= u64::from(b' ');
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for byte in word.as_ref().as_bytes() {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Twelve hex digits of [`fnv1a64`], for short readable ids.
pub fn short_hash(text: &str) -> String {
    format!("{:012x}", fnv1a64(text.as_bytes()) >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(short_hash("a").len(), 12);
        assert_ne!(short_hash("a"), short_hash("b"));
    }

    #[test]
    fn joined_hash_is_the_hash_of_the_joined_words() {
        for words in [&[][..], &["a"][..], &["a", "b"][..], &["", "x", ""][..], &["élan", "vital", "2023"][..]] {
            assert_eq!(fnv1a64_joined(words), fnv1a64(words.join(" ").as_bytes()), "{words:?}");
        }
    }
}
