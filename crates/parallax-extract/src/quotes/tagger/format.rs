//! The quote model file: a compact little-endian binary format of our own, versioned.
//!
//! ```text
//! "PLXQUO" version:u16 n_labels:u8 n_stages:u8
//! per stage: scale:f32, transitions: f32 × (7 × 7), start: f32 × 7,
//!            features: n:u32, then per feature (sorted by key): key delta:varint, label mask:u8,
//!            i16 per label in the mask
//! checksum: u64 (FNV-1a of everything before it)
//! ```
//!
//! Keys are hashes of feature templates and values: no text is stored. Weights are stored as
//! `i16 × scale`.

use std::fmt;

use super::{N_LABELS, QuoteModel, Stage, Table};

const MAGIC: &[u8; 6] = b"PLXQUO";
/// The format version this build reads and writes.
const FORMAT_VERSION: u16 = 1;

/// Why model bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteModelError {
    /// No model was built into this binary: train one with `parallax train quotes`.
    Empty,
    NotAModel,
    UnsupportedVersion {
        found: u16,
        supported: u16,
    },
    Truncated,
    Invalid,
    ChecksumMismatch,
}

impl fmt::Display for QuoteModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("no quote model was built in; train one with `parallax train quotes`"),
            Self::NotAModel => f.write_str("not a parallax quote model"),
            Self::UnsupportedVersion { found, supported } => {
                write!(f, "quote model format version {found} is not supported (this build reads version {supported})")
            }
            Self::Truncated => f.write_str("quote model file is truncated"),
            Self::Invalid => f.write_str("quote model file is invalid"),
            Self::ChecksumMismatch => f.write_str("quote model file is corrupt (checksum mismatch)"),
        }
    }
}

impl std::error::Error for QuoteModelError {}

fn checksum(bytes: &[u8]) -> u64 {
    parallax_model::fnv1a64(bytes)
}

pub(super) fn to_bytes(model: &QuoteModel) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.push(N_LABELS as u8);
    bytes.push(model.stages.len() as u8);
    for stage in &model.stages {
        write_stage(&mut bytes, stage);
    }
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

fn write_stage(bytes: &mut Vec<u8>, stage: &Stage) {
    let max = stage.table.values().flatten().fold(0.0f32, |m, w| m.max(w.abs()));
    let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
    bytes.extend_from_slice(&scale.to_le_bytes());
    for value in stage.transitions.iter().flatten().chain(stage.start.iter()) {
        bytes.extend_from_slice(&value.to_le_bytes());
    }
    let mut entries: Vec<(u64, [i16; N_LABELS])> = stage
        .table
        .iter()
        .filter_map(|(&key, weights)| {
            let quantised = weights.map(|w| (w / scale).round().clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16);
            quantised.iter().any(|&q| q != 0).then_some((key, quantised))
        })
        .collect();
    entries.sort_unstable_by_key(|(key, _)| *key);
    bytes.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    let mut previous = 0u64;
    for (key, weights) in entries {
        let mut delta = key - previous;
        previous = key;
        while delta >= 0x80 {
            bytes.push((delta as u8) | 0x80);
            delta >>= 7;
        }
        bytes.push(delta as u8);
        let mask = weights.iter().enumerate().filter(|(_, w)| **w != 0).fold(0u8, |m, (i, _)| m | (1 << i));
        bytes.push(mask);
        for weight in weights.iter().filter(|w| **w != 0) {
            bytes.extend_from_slice(&weight.to_le_bytes());
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], QuoteModelError> {
        let end =
            self.position.checked_add(n).filter(|&end| end <= self.bytes.len()).ok_or(QuoteModelError::Truncated)?;
        let slice = &self.bytes[self.position..end];
        self.position = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], QuoteModelError> {
        let mut array = [0u8; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    fn f32(&mut self) -> Result<f32, QuoteModelError> {
        let value = f32::from_le_bytes(self.array()?);
        value.is_finite().then_some(value).ok_or(QuoteModelError::Invalid)
    }

    fn varint(&mut self) -> Result<u64, QuoteModelError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.array::<1>()?[0];
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(QuoteModelError::Invalid)
    }
}

pub(super) fn from_bytes(bytes: &[u8]) -> Result<QuoteModel, QuoteModelError> {
    if bytes.is_empty() {
        return Err(QuoteModelError::Empty);
    }
    if bytes.len() < MAGIC.len() + 8 || &bytes[..MAGIC.len()] != MAGIC {
        return Err(QuoteModelError::NotAModel);
    }
    let (body, tail) = bytes.split_at(bytes.len() - 8);
    let mut sum = [0u8; 8];
    sum.copy_from_slice(tail);
    if checksum(body) != u64::from_le_bytes(sum) {
        return Err(QuoteModelError::ChecksumMismatch);
    }
    let mut reader = Reader { bytes: body, position: MAGIC.len() };
    let version = u16::from_le_bytes(reader.array()?);
    if version != FORMAT_VERSION {
        return Err(QuoteModelError::UnsupportedVersion { found: version, supported: FORMAT_VERSION });
    }
    if usize::from(reader.array::<1>()?[0]) != N_LABELS {
        return Err(QuoteModelError::Invalid);
    }
    let n_stages = reader.array::<1>()?[0];
    let mut stages = Vec::with_capacity(usize::from(n_stages));
    for _ in 0..n_stages {
        stages.push(read_stage(&mut reader, body.len())?);
    }
    if reader.position != body.len() {
        return Err(QuoteModelError::Invalid);
    }
    Ok(QuoteModel { stages })
}

fn read_stage(reader: &mut Reader<'_>, size: usize) -> Result<Stage, QuoteModelError> {
    let scale = reader.f32()?;
    let mut transitions = [[0.0f32; N_LABELS]; N_LABELS];
    for row in &mut transitions {
        for value in row.iter_mut() {
            *value = reader.f32()?;
        }
    }
    let mut start = [0.0f32; N_LABELS];
    for value in &mut start {
        *value = reader.f32()?;
    }
    let n = u32::from_le_bytes(reader.array()?) as usize;
    if n > size / 2 {
        return Err(QuoteModelError::Truncated);
    }
    let mut table = Table::with_capacity_and_hasher(n, Default::default());
    let mut key = 0u64;
    for _ in 0..n {
        key = key.checked_add(reader.varint()?).ok_or(QuoteModelError::Invalid)?;
        let mask = reader.array::<1>()?[0];
        let mut row = [0.0f32; N_LABELS];
        for (label, value) in row.iter_mut().enumerate() {
            if mask & (1 << label) != 0 {
                *value = f32::from(i16::from_le_bytes(reader.array()?)) * scale;
            }
        }
        table.insert(key, row);
    }
    Ok(Stage { table, transitions, start })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_corruption() {
        let mut table = Table::default();
        table.insert(7u64, [1.0, 0.0, -2.0, 0.0, 0.0, 0.5, 0.0]);
        table.insert(1u64 << 40, [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0]);
        let mut transitions = [[0.0f32; N_LABELS]; N_LABELS];
        transitions[1][2] = 1.5;
        let stage = Stage { table, transitions, start: [0.25; N_LABELS] };
        let model = QuoteModel { stages: vec![stage.clone(), stage] };
        let bytes = model.to_bytes();
        let read = QuoteModel::from_bytes(&bytes).expect("reads back");
        assert_eq!(read.stages.len(), 2);
        let stage = &read.stages[1];
        assert_eq!(stage.transitions, model.stages[1].transitions);
        assert_eq!(stage.table.len(), 2);
        assert!((stage.table[&7][2] + 2.0).abs() < 1e-3);
        assert_eq!(QuoteModel::from_bytes(&[]), Err(QuoteModelError::Empty));
        let mut corrupt = bytes.clone();
        corrupt[20] ^= 1;
        assert_eq!(QuoteModel::from_bytes(&corrupt), Err(QuoteModelError::ChecksumMismatch));
        assert_eq!(QuoteModel::from_bytes(&bytes[..bytes.len() - 3]), Err(QuoteModelError::ChecksumMismatch));
    }
}
