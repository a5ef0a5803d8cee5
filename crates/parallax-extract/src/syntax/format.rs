//! The syntax model file, little-endian and versioned, in the NER model's building blocks:
//!
//! ```text
//! "PLXSYN" version:u16
//! labels:     part-of-speech names, then chunk names: n:u8, then per name len:u8 + UTF-8
//! tagger ×2:  scale:f32, n:u32, then per feature: key delta:varint, label mask:u64,
//!             i16 per label in the mask
//! checksum:   u64 (FNV-1a of everything before it)
//! ```
//!
//! Keys are the low 48 bits of feature hashes: no text is stored but the label names.

use super::SyntaxModel;
use super::classifier::Classifier;
use crate::ner::ModelError;
use crate::ner::format::{Reader, Writer, checked_body, checksum};

const MAGIC: &[u8; 6] = b"PLXSYN";
const VERSION: u16 = 1;
/// Labels a tagger may have: one bit each in a row's mask.
const MAX_LABELS: usize = 64;

pub(crate) fn to_bytes(model: &SyntaxModel) -> Vec<u8> {
    let mut w = Writer { bytes: Vec::new() };
    w.bytes.extend_from_slice(MAGIC);
    w.u16(VERSION);
    for names in [&model.pos_names, &model.chunk_names] {
        w.u8(names.len() as u8);
        for name in names {
            w.u8(name.len() as u8);
            w.bytes.extend_from_slice(name.as_bytes());
        }
    }
    for classifier in [&model.pos, &model.chunk] {
        let largest = classifier.largest();
        let scale = if largest > 0.0 { largest / f32::from(i16::MAX) } else { 1.0 };
        w.f32(scale);
        let rows: Vec<(u64, Vec<(u8, i16)>)> = classifier
            .rows_of
            .sorted()
            .into_iter()
            .map(|(key, row)| {
                let quantised = classifier
                    .row(row)
                    .iter()
                    .map(|&(label, v)| (label, (v / scale).round() as i16))
                    .filter(|(_, q)| *q != 0)
                    .collect();
                (key, quantised)
            })
            .filter(|(_, quantised): &(u64, Vec<(u8, i16)>)| !quantised.is_empty())
            .collect();
        let entries: Vec<(u64, usize)> = rows.iter().enumerate().map(|(i, (key, _))| (*key, i)).collect();
        w.entries(&entries, |w, i| {
            let mask = rows[i].1.iter().fold(0u64, |m, (label, _)| m | (1 << label));
            w.bytes.extend_from_slice(&mask.to_le_bytes());
            for &(_, q) in &rows[i].1 {
                w.u16(q as u16);
            }
        });
    }
    let sum = checksum(&w.bytes);
    w.bytes.extend_from_slice(&sum.to_le_bytes());
    w.bytes
}

pub(crate) fn from_bytes(bytes: &[u8]) -> Result<SyntaxModel, ModelError> {
    let body = checked_body(bytes, MAGIC, VERSION)?;
    let mut r = Reader { bytes: body, position: 8, section: "labels" };
    let mut names = [Vec::new(), Vec::new()];
    for list in &mut names {
        let n = usize::from(r.u8()?);
        if n == 0 || n > MAX_LABELS {
            return Err(ModelError::Invalid { section: "labels" });
        }
        for _ in 0..n {
            let len = usize::from(r.u8()?);
            let text = std::str::from_utf8(r.take(len)?).map_err(|_| ModelError::Invalid { section: "labels" })?;
            list.push(text.to_string());
        }
    }
    let [pos_names, chunk_names] = names;
    r.section = "part-of-speech tagger";
    let pos = read_classifier(&mut r, pos_names.len())?;
    r.section = "chunker";
    let chunk = read_classifier(&mut r, chunk_names.len())?;
    if r.position != body.len() {
        return Err(ModelError::Invalid { section: "end" });
    }
    Ok(SyntaxModel { pos_names, chunk_names, pos, chunk })
}

fn read_classifier(r: &mut Reader<'_>, n_labels: usize) -> Result<Classifier, ModelError> {
    let scale = r.f32()?;
    let mut classifier = Classifier::new(n_labels);
    let mut row = Vec::new();
    let rows_of = r.entries(|r| {
        let mask = u64::from_le_bytes(r.array()?);
        if n_labels < MAX_LABELS && mask >> n_labels != 0 {
            return Err(ModelError::Invalid { section: r.section });
        }
        row.clear();
        for label in (0..n_labels).filter(|&l| mask & (1 << l) != 0) {
            row.push((label as u8, f32::from(r.u16()? as i16) * scale));
        }
        Ok(classifier.push_row(&row))
    })?;
    classifier.rows_of = rows_of;
    Ok(classifier)
}
