//! `parallax eval entities`: the names the product lists (the tagger's spans after the
//! entity rules: roles and titles taken off, kinds corrected, people resolved) scored on a
//! CoNLL file beside the tagger's spans alone, both as names rather than token tags.
//!
//! Each sentence is a paragraph of its document, its tokens joined by spaces. A name is
//! (sentence, text, kind), PER/ORG/LOC/MISC read as person/organisation/place/other; a
//! predicted name is right when the sentence has a gold name of that text and kind (each gold
//! name matched once). The product drops what it does not take for a name and never
//! predicts the other kind from the tagger alone, so the telling rows are the three kinds.

use std::collections::BTreeMap;

use parallax_extract::ner::NerKind;
use parallax_model::EntityKind;
use serde::Serialize;

use crate::ner::{ConllFile, EntityScores, chunks};

/// Scores of one way of finding names, overall and per kind.
#[derive(Debug, Clone, Serialize)]
pub struct NameScores {
    pub overall: EntityScores,
    pub per_kind: Vec<(String, EntityScores)>,
}

/// What `parallax eval entities` reports.
#[derive(Debug, Clone, Serialize)]
pub struct NameEvaluation {
    pub file: String,
    pub n_documents: usize,
    pub n_sentences: usize,
    /// The tagger's spans as names.
    pub tagger: NameScores,
    /// The names the product makes of them (`extract_entities`).
    pub product: NameScores,
}

const KINDS: [(EntityKind, &str); 4] = [
    (EntityKind::Person, "PER"),
    (EntityKind::Organization, "ORG"),
    (EntityKind::Place, "LOC"),
    (EntityKind::Other, "MISC"),
];

fn kind_of(kind: NerKind) -> EntityKind {
    match kind {
        NerKind::Person => EntityKind::Person,
        NerKind::Organization => EntityKind::Organization,
        NerKind::Location => EntityKind::Place,
        NerKind::Misc => EntityKind::Other,
    }
}

/// A name as scored: sentence, text, kind.
type Name = (usize, String, EntityKind);

#[derive(Default)]
struct Counts {
    /// Correct, predicted, gold; per kind in `KINDS` order.
    kinds: [[usize; 3]; 4],
}

impl Counts {
    fn add(&mut self, gold: &[Name], predicted: &[Name]) {
        let mut left: BTreeMap<&Name, usize> = BTreeMap::new();
        for name in gold {
            *left.entry(name).or_insert(0) += 1;
            self.kinds[slot(name.2)][2] += 1;
        }
        for name in predicted {
            self.kinds[slot(name.2)][1] += 1;
            if let Some(n) = left.get_mut(name).filter(|n| **n > 0) {
                *n -= 1;
                self.kinds[slot(name.2)][0] += 1;
            }
        }
    }

    fn scores(&self) -> NameScores {
        let total = |i: usize| self.kinds.iter().map(|k| k[i]).sum::<usize>();
        NameScores {
            overall: EntityScores::new(total(0), total(1), total(2)),
            per_kind: KINDS
                .iter()
                .zip(&self.kinds)
                .map(|((_, label), [c, p, g])| ((*label).to_string(), EntityScores::new(*c, *p, *g)))
                .collect(),
        }
    }
}

fn slot(kind: EntityKind) -> usize {
    KINDS.iter().position(|(k, _)| *k == kind).unwrap_or(3)
}

/// Scores the tagger's names and the product's on every document of `file`.
pub fn evaluate_names(file: &ConllFile) -> NameEvaluation {
    let (mut tagger, mut product) = (Counts::default(), Counts::default());
    for document in &file.documents {
        let paragraphs: Vec<String> = document.sentences.iter().map(|s| s.tokens.join(" ")).collect();
        let gold: Vec<Name> = document
            .sentences
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                chunks(&s.tags)
                    .into_iter()
                    .map(move |(start, end, kind)| (i, s.tokens[start..=end].join(" "), kind_of(kind)))
            })
            .collect();
        let tagged: Vec<Name> = parallax_extract::tagged_spans(&paragraphs)
            .into_iter()
            .enumerate()
            .flat_map(|(i, spans)| {
                let paragraph = &paragraphs[i];
                spans.into_iter().map(move |(range, kind)| (i, paragraph[range].to_string(), kind))
            })
            .collect();
        let extracted: Vec<Name> = parallax_extract::extract_entities(&paragraphs)
            .into_iter()
            .map(|m| (m.paragraph, m.text, m.kind))
            .collect();
        tagger.add(&gold, &tagged);
        product.add(&gold, &extracted);
    }
    NameEvaluation {
        file: file.path.display().to_string(),
        n_documents: file.documents.len(),
        n_sentences: file.n_sentences(),
        tagger: tagger.scores(),
        product: product.scores(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_gold_name_matches_once_and_kinds_are_kept_apart() {
        let name = |s: usize, t: &str, k: EntityKind| (s, t.to_string(), k);
        let gold = vec![name(0, "Ilse Varga", EntityKind::Person), name(0, "Kessport", EntityKind::Place)];
        let predicted = vec![
            name(0, "Ilse Varga", EntityKind::Person),
            name(0, "Ilse Varga", EntityKind::Person),
            name(0, "Kessport", EntityKind::Organization),
        ];
        let mut counts = Counts::default();
        counts.add(&gold, &predicted);
        let scores = counts.scores();
        assert_eq!((scores.overall.correct, scores.overall.predicted, scores.overall.gold), (1, 3, 2));
        let per = |label: &str| scores.per_kind.iter().find(|(l, _)| l == label).map(|(_, s)| *s).expect("kind");
        assert_eq!((per("PER").correct, per("PER").predicted), (1, 2));
        assert_eq!((per("LOC").gold, per("ORG").predicted), (1, 1));
    }
}
