//! Stable 64-bit hashes of strings and feature templates, and an open-addressing map keyed
//! by such hashes. The hashes are part of the model file format: changing them is a format
//! change.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over the bytes, then a 64-bit finaliser so that short strings spread well.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = StringHasher::new();
    hasher.bytes(bytes);
    hasher.finish()
}

/// [`hash_bytes`] fed piece by piece, for strings that are never built.
pub(crate) struct StringHasher(u64);

impl StringHasher {
    pub(crate) fn new() -> StringHasher {
        StringHasher(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub(crate) fn char(&mut self, c: char) {
        let mut buffer = [0u8; 4];
        self.bytes(c.encode_utf8(&mut buffer).as_bytes());
    }

    pub(crate) fn finish(&self) -> u64 {
        finalise(self.0)
    }
}

/// Maps keyed by hashes: the key is its own hash.
pub(crate) type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

#[derive(Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(bytes) ^ self.0.rotate_left(5);
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

pub(crate) fn hash_str(text: &str) -> u64 {
    hash_bytes(text.as_bytes())
}

/// The hash of `text` lowercased, without allocating for ASCII text.
pub(crate) fn hash_lowercase(text: &str) -> u64 {
    if text.is_ascii() {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for &byte in text.as_bytes() {
            hash ^= u64::from(byte.to_ascii_lowercase());
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        finalise(hash)
    } else {
        hash_str(&text.to_lowercase())
    }
}

/// splitmix64's finaliser.
pub(crate) fn finalise(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Combines two hashes (order matters).
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    finalise(a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// Maps keep the low 48 bits of a hash: enough to make a false match vanishingly rare at the
/// sizes a model has, and two bytes fewer per entry in the model file.
pub(crate) const KEY_BITS: u32 = 48;

/// The key every map uses for `hash` (0 marks an empty slot).
fn key_of(hash: u64) -> u64 {
    let key = hash & ((1 << KEY_BITS) - 1);
    if key == 0 { 1 } else { key }
}

/// A map from 64-bit hashes to small copyable values; open addressing, linear probing.
#[derive(Debug, Clone)]
pub(crate) struct HashTable<V: Copy + Default> {
    /// Key and value side by side, so that a lookup touches one cache line.
    slots: Vec<(u64, V)>,
    len: usize,
    mask: usize,
}

impl<V: Copy + Default> Default for HashTable<V> {
    fn default() -> Self {
        HashTable::with_capacity(0)
    }
}

impl<V: Copy + Default> HashTable<V> {
    pub(crate) fn with_capacity(n: usize) -> Self {
        let slots = (n * 2).next_power_of_two().max(16);
        HashTable { slots: vec![(0, V::default()); slots], len: 0, mask: slots - 1 }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    fn slot(&self, key: u64) -> usize {
        // The keys are hashes already: their low bits are as good as any.
        let mut slot = (key as usize) & self.mask;
        loop {
            let here = self.slots[slot].0;
            if here == key || here == 0 {
                return slot;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    pub(crate) fn get(&self, hash: u64) -> Option<V> {
        let key = key_of(hash);
        let (found, value) = self.slots[self.slot(key)];
        (found == key).then_some(value)
    }

    pub(crate) fn insert(&mut self, hash: u64, value: V) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let key = key_of(hash);
        let slot = self.slot(key);
        if self.slots[slot].0 == 0 {
            self.len += 1;
        }
        self.slots[slot] = (key, value);
    }

    fn grow(&mut self) {
        let old = std::mem::replace(self, HashTable::with_capacity(self.slots.len()));
        for (key, value) in old.slots {
            if key != 0 {
                self.insert(key, value);
            }
        }
    }

    /// Entries sorted by key (as stored: the low 48 bits of the hash), for a stable
    /// serialisation; inserting them again gives the same map.
    pub(crate) fn sorted(&self) -> Vec<(u64, V)> {
        let mut entries: Vec<(u64, V)> = self.slots.iter().copied().filter(|(key, _)| *key != 0).collect();
        entries.sort_by_key(|(key, _)| *key);
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_and_finds_values() {
        let mut table = HashTable::with_capacity(2);
        for i in 0..1000u64 {
            table.insert(hash_str(&i.to_string()), i as u32);
        }
        table.insert(0, 7);
        assert_eq!(table.len(), 1001);
        assert_eq!(table.get(hash_str("999")), Some(999));
        assert_eq!(table.get(0), Some(7));
        assert_eq!(table.get(hash_str("x")), None);
        assert_eq!(table.sorted().len(), 1001);
    }

    #[test]
    fn lowercase_hash_matches_for_any_text() {
        assert_eq!(hash_lowercase("Paris"), hash_str("paris"));
        assert_eq!(hash_lowercase("ÉCOLE"), hash_str("école"));
        assert_ne!(mix(1, 2), mix(2, 1));
    }
}
