//! Stable 64-bit hashes of strings and feature templates, and an open-addressing map keyed
//! by such hashes. The hashes are part of the model file format: changing them is a format
//! change.

/// FNV-1a over the bytes, then a 64-bit finaliser so that short strings spread well.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    finalise(hash)
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
    keys: Vec<u64>,
    values: Vec<V>,
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
        HashTable { keys: vec![0; slots], values: vec![V::default(); slots], len: 0, mask: slots - 1 }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    fn slot(&self, key: u64) -> usize {
        // The keys are hashes already: their low bits are as good as any.
        let mut slot = (key as usize) & self.mask;
        loop {
            let here = self.keys[slot];
            if here == key || here == 0 {
                return slot;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    pub(crate) fn get(&self, hash: u64) -> Option<V> {
        let key = key_of(hash);
        let slot = self.slot(key);
        (self.keys[slot] == key).then(|| self.values[slot])
    }

    pub(crate) fn insert(&mut self, hash: u64, value: V) {
        if (self.len + 1) * 2 > self.keys.len() {
            self.grow();
        }
        let key = key_of(hash);
        let slot = self.slot(key);
        if self.keys[slot] == 0 {
            self.len += 1;
            self.keys[slot] = key;
        }
        self.values[slot] = value;
    }

    fn grow(&mut self) {
        let old = std::mem::replace(self, HashTable::with_capacity(self.keys.len()));
        for (key, value) in old.keys.into_iter().zip(old.values) {
            if key != 0 {
                self.insert(key, value);
            }
        }
    }

    /// Entries sorted by key (as stored: the low 48 bits of the hash), for a stable
    /// serialisation; inserting them again gives the same map.
    pub(crate) fn sorted(&self) -> Vec<(u64, V)> {
        let mut entries: Vec<(u64, V)> =
            self.keys.iter().zip(&self.values).filter(|(key, _)| **key != 0).map(|(k, v)| (*k, *v)).collect();
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
