//! The model file: a compact little-endian binary format of our own, versioned.
//!
//! ```text
//! "PLXNER" version:u16 n_labels:u8 n_levels:u8
//! clusters:  n:u32, then per word (sorted by key): key delta:varint, class:u16 per level
//! case:      n:u32, then per word: key delta:varint, bucket:u8
//! names:     n:u32, then per name: key delta:varint, mask:u8
//! stage 1, stage 2: scale:f32, transitions: f32 × (17 × 17 + 17 + 17),
//!            n:u32, then per feature: key delta:varint, label mask:3 bytes, i16 per label in the mask
//! checksum:  u64 (FNV-1a of everything before it)
//! ```
//!
//! Keys are the low 48 bits of hashes of single tokens, affixes, token spans of names and
//! feature templates: no text is stored. Weights are stored as `i16 × scale`.

use std::fmt;

use super::clusters::{MAX_LEVELS, NO_CLASS, WordClusters};
use super::gazetteer::Gazetteer;
use super::model::NerModel;
use super::perceptron::{Scores, Transitions, Weights};
use super::table::HashTable;
use super::tags::N_LABELS;

const MAGIC: &[u8; 6] = b"PLXNER";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u16 = 1;

/// Why model bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// No model was built into this binary: train one with `parallax train` (ner, syntax, quotes).
    Empty,
    NotAModel,
    UnsupportedVersion {
        found: u16,
        supported: u16,
    },
    Truncated {
        section: &'static str,
    },
    Invalid {
        section: &'static str,
    },
    ChecksumMismatch,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Empty => f.write_str("no model was built in; train one with `parallax train` (see its --help)"),
            ModelError::NotAModel => f.write_str("not a parallax model file of this kind"),
            ModelError::UnsupportedVersion { found, supported } => {
                write!(f, "model format version {found} is not supported (this build reads version {supported})")
            }
            ModelError::Truncated { section } => write!(f, "model file ends inside its {section}"),
            ModelError::Invalid { section } => write!(f, "model file has an invalid {section}"),
            ModelError::ChecksumMismatch => f.write_str("model file is corrupt (checksum mismatch)"),
        }
    }
}

impl std::error::Error for ModelError {}

pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    pub(crate) fn u16(&mut self, value: u16) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn f32(&mut self, value: f32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    /// Sorted entries: a count, then each key as the difference from the one before.
    pub(crate) fn entries<V: Copy>(&mut self, entries: &[(u64, V)], mut value: impl FnMut(&mut Writer, V)) {
        self.u32(entries.len() as u32);
        let mut previous = 0;
        for &(key, v) in entries {
            self.varint(key - previous);
            previous = key;
            value(self, v);
        }
    }
}

pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) position: usize,
    pub(crate) section: &'static str,
}

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.position.checked_add(n).filter(|&end| end <= self.bytes.len());
        let end = end.ok_or(ModelError::Truncated { section: self.section })?;
        let slice = &self.bytes[self.position..end];
        self.position = end;
        Ok(slice)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let mut array = [0u8; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.array::<1>()?[0])
    }

    pub(crate) fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(crate) fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.array()?))
    }

    pub(crate) fn varint(&mut self) -> Result<u64, ModelError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(ModelError::Invalid { section: self.section })
    }

    pub(crate) fn entries<V: Copy + Default>(
        &mut self,
        mut value: impl FnMut(&mut Reader<'a>) -> Result<V, ModelError>,
    ) -> Result<HashTable<V>, ModelError> {
        let n = self.u32()? as usize;
        // Every entry takes at least two bytes: refuse counts the rest of the file cannot hold.
        if n > (self.bytes.len() - self.position) / 2 {
            return Err(ModelError::Truncated { section: self.section });
        }
        let mut table = HashTable::with_capacity(n);
        let mut key = 0u64;
        for _ in 0..n {
            key = key.checked_add(self.varint()?).ok_or(ModelError::Invalid { section: self.section })?;
            let v = value(self)?;
            table.insert(key, v);
        }
        Ok(table)
    }
}

pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

pub(crate) fn to_bytes(model: &NerModel) -> Vec<u8> {
    let mut w = Writer { bytes: Vec::new() };
    w.bytes.extend_from_slice(MAGIC);
    w.u16(FORMAT_VERSION);
    w.u8(N_LABELS as u8);
    let n_levels = model.clusters.n_levels;
    w.u8(n_levels as u8);
    w.entries(&model.clusters.classes.sorted(), |w, classes| {
        for &class in &classes[..n_levels] {
            w.u16(class);
        }
    });
    w.entries(&model.clusters.case.sorted(), |w, bucket| w.u8(bucket));
    w.entries(&model.gazetteer.entries.sorted(), |w, mask| w.u8(mask));
    for stage in [&model.stage1, &model.stage2] {
        write_weights(&mut w, stage);
    }
    let sum = checksum(&w.bytes);
    w.bytes.extend_from_slice(&sum.to_le_bytes());
    w.bytes
}

fn write_weights(w: &mut Writer, weights: &Weights) {
    let largest = weights.rows.iter().flatten().fold(0f32, |m, v| m.max(v.abs()));
    let scale = if largest > 0.0 { largest / f32::from(i16::MAX) } else { 1.0 };
    w.f32(scale);
    let t = &weights.transitions;
    for value in t.between.iter().flatten().chain(&t.start).chain(&t.end) {
        w.f32(*value);
    }
    let rows: Vec<(u64, [i16; N_LABELS])> = weights
        .rows_of
        .sorted()
        .into_iter()
        .map(|(key, row)| (key, weights.rows[row as usize].map(|v| (v / scale).round() as i16)))
        .filter(|(_, quantised)| quantised.iter().any(|&q| q != 0))
        .collect();
    w.entries(&rows, |w, quantised| {
        let mask = quantised.iter().enumerate().filter(|(_, q)| **q != 0).fold(0u32, |m, (l, _)| m | (1 << l));
        w.bytes.extend_from_slice(&mask.to_le_bytes()[..3]);
        for &q in quantised.iter().filter(|&&q| q != 0) {
            w.u16(q as u16);
        }
    });
}

/// The body of a model file after its checks: not empty, the right magic and version, and a
/// checksum that matches. The body still holds the magic and version (8 bytes).
pub(crate) fn checked_body<'a>(bytes: &'a [u8], magic: &[u8; 6], version: u16) -> Result<&'a [u8], ModelError> {
    if bytes.is_empty() {
        return Err(ModelError::Empty);
    }
    if bytes.len() < magic.len() + 2 || &bytes[..magic.len()] != magic {
        return Err(ModelError::NotAModel);
    }
    let found = u16::from_le_bytes([bytes[6], bytes[7]]);
    if found != version {
        return Err(ModelError::UnsupportedVersion { found, supported: version });
    }
    let Some(body_len) = bytes.len().checked_sub(8).filter(|&n| n >= 8) else {
        return Err(ModelError::Truncated { section: "checksum" });
    };
    let (body, sum) = bytes.split_at(body_len);
    let mut stored = [0u8; 8];
    stored.copy_from_slice(sum);
    if checksum(body) != u64::from_le_bytes(stored) {
        return Err(ModelError::ChecksumMismatch);
    }
    Ok(body)
}

pub(crate) fn from_bytes(bytes: &[u8]) -> Result<NerModel, ModelError> {
    let body = checked_body(bytes, MAGIC, FORMAT_VERSION)?;
    let mut r = Reader { bytes: body, position: 8, section: "header" };
    if usize::from(r.u8()?) != N_LABELS {
        return Err(ModelError::Invalid { section: "header" });
    }
    let n_levels = usize::from(r.u8()?);
    if n_levels > MAX_LEVELS {
        return Err(ModelError::Invalid { section: "header" });
    }
    r.section = "clusters";
    let classes = r.entries(|r| {
        let mut classes = [NO_CLASS; MAX_LEVELS];
        for class in classes.iter_mut().take(n_levels) {
            *class = r.u16()?;
        }
        Ok(classes)
    })?;
    r.section = "case statistics";
    let case = r.entries(|r| r.u8())?;
    r.section = "names";
    let gazetteer = Gazetteer { entries: r.entries(|r| r.u8())? };
    r.section = "first stage";
    let stage1 = read_weights(&mut r)?;
    r.section = "second stage";
    let stage2 = read_weights(&mut r)?;
    if r.position != body.len() {
        return Err(ModelError::Invalid { section: "end" });
    }
    Ok(NerModel { clusters: WordClusters { n_levels, classes, case }, gazetteer, stage1, stage2 })
}

fn read_weights(r: &mut Reader<'_>) -> Result<Weights, ModelError> {
    let scale = r.f32()?;
    let mut transitions = Transitions::zero();
    for row in transitions.between.iter_mut() {
        for value in row.iter_mut() {
            *value = r.f32()?;
        }
    }
    for value in transitions.start.iter_mut().chain(transitions.end.iter_mut()) {
        *value = r.f32()?;
    }
    let mut rows: Vec<Scores> = Vec::new();
    let rows_of = r.entries(|r| {
        let mask_bytes = r.take(3)?;
        let mask = u32::from_le_bytes([mask_bytes[0], mask_bytes[1], mask_bytes[2], 0]);
        if mask >> N_LABELS != 0 {
            return Err(ModelError::Invalid { section: r.section });
        }
        let mut scores = [0f32; N_LABELS];
        for (label, score) in scores.iter_mut().enumerate() {
            if mask & (1 << label) != 0 {
                *score = f32::from(r.u16()? as i16) * scale;
            }
        }
        rows.push(scores);
        Ok(rows.len() as u32 - 1)
    })?;
    Ok(Weights::new(rows_of, rows, transitions))
}
