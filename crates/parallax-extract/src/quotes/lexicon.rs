//! The words attribution is found by: cue heads with how often each was a cue in PolNeAR's
//! training split (`cue_heads.tsv`, written by `parallax eval quotes --lexicon`), and the
//! closed classes around them.

use std::collections::HashMap;
use std::sync::OnceLock;

/// How often a word heads a cue, from the training data: (times a cue head, occurrences).
/// A form the training data never showed as a cue takes the pooled counts of the forms with
/// its stem ("urges" those of "urged"), so that attribution reaches the rarer inflections.
pub(super) fn cue_head_counts(word: &str) -> Option<(u32, u32)> {
    let table = cue_heads();
    let found = table.binary_search_by(|(w, _, _)| (*w).cmp(word)).ok().map(|index| (table[index].1, table[index].2));
    found.or_else(|| stem_counts().get(&stem(word)).copied())
}

/// `cue_heads.tsv`: lines of word, times the head of a cue, occurrences; `#` opens a comment.
const CUE_HEADS_TSV: &str = include_str!("lexicon/cue_heads.tsv");

/// The cue-head table, sorted by word.
fn cue_heads() -> &'static [(&'static str, u32, u32)] {
    static TABLE: OnceLock<Vec<(&'static str, u32, u32)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(&'static str, u32, u32)> = CUE_HEADS_TSV
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let word = fields.next()?;
                let heads = fields.next()?.parse().ok()?;
                let total = fields.next()?.parse().ok()?;
                Some((word, heads, total))
            })
            .collect();
        table.sort_unstable_by(|a, b| a.0.cmp(b.0));
        table
    })
}

/// (times a cue head, occurrences) per stem.
type StemCounts = HashMap<(&'static str, &'static str), (u32, u32)>;

/// Cue-head counts pooled by stem.
fn stem_counts() -> &'static StemCounts {
    static COUNTS: OnceLock<StemCounts> = OnceLock::new();
    COUNTS.get_or_init(|| {
        let mut counts = StemCounts::new();
        for &(word, heads, total) in cue_heads() {
            let entry = counts.entry(stem(word)).or_default();
            entry.0 += heads;
            entry.1 += total;
        }
        counts
    })
}

/// A crude stem as a base and an ending put back: common inflections cut ("warned", "warns",
/// "warning" → "warn"; "denies" → "deni" + "y").
pub(super) fn stem(word: &str) -> (&str, &'static str) {
    let n = word.chars().count();
    for (suffix, ending) in [("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")] {
        if n > suffix.len() + 2
            && let Some(base) = word.strip_suffix(suffix)
        {
            return (base.strip_suffix('e').unwrap_or(base), ending);
        }
    }
    (word.strip_suffix('e').unwrap_or(word), "")
}

/// Whether a word right after `previous` cannot head a cue: "to say" is an infinitive, "the
/// report" a noun. The training counts skip these positions too.
pub fn blocks_cue(previous: &str) -> bool {
    matches!(previous, "to" | "the" | "a" | "an" | "his" | "her" | "its" | "their" | "our" | "my" | "your")
}

/// Words between a subject and its cue head that belong to the cue ("has also said").
pub(super) const CUE_MODIFIERS: &[&str] = &[
    "again",
    "already",
    "also",
    "are",
    "be",
    "been",
    "being",
    "bluntly",
    "briefly",
    "can",
    "could",
    "did",
    "directly",
    "do",
    "does",
    "even",
    "eventually",
    "explicitly",
    "falsely",
    "finally",
    "first",
    "flatly",
    "formally",
    "frequently",
    "further",
    "had",
    "has",
    "have",
    "initially",
    "is",
    "just",
    "largely",
    "later",
    "long",
    "may",
    "might",
    "must",
    "never",
    "not",
    "now",
    "officially",
    "often",
    "once",
    "only",
    "openly",
    "originally",
    "previously",
    "privately",
    "publicly",
    "quickly",
    "quietly",
    "recently",
    "reportedly",
    "repeatedly",
    "separately",
    "should",
    "similarly",
    "simply",
    "specifically",
    "still",
    "subsequently",
    "suddenly",
    "then",
    "ultimately",
    "was",
    "were",
    "widely",
    "will",
    "would",
];

/// Subject pronouns that stand for a source.
pub(super) const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it", "you"];

/// Words that end a subject noun phrase when walking back from its verb: clause openers,
/// conjunctions, verbs and words that never sit inside one.
pub(super) const CLAUSE_WORDS: &[&str] = &[
    "after", "although", "and", "are", "as", "because", "before", "but", "if", "is", "nor", "or", "since", "so",
    "than", "that", "though", "unless", "until", "was", "were", "when", "where", "whereas", "whether", "which",
    "while", "whom", "why", "yet",
];

/// Determiners and quantifiers that open a description ("a source", "two officials").
pub(super) const DETERMINERS: &[&str] = &[
    "a", "an", "another", "both", "few", "many", "most", "one", "other", "several", "some", "the", "these", "those",
    "three", "two",
];

/// Labels in capitals before a colon that name no speaker ("UPDATE: …", "EDITOR'S NOTE: …").
pub(super) const NOT_SPEAKERS: &[&str] = &[
    "advertisement",
    "advertising",
    "alert",
    "analysis",
    "background",
    "breaking",
    "caption",
    "clarification",
    "correction",
    "credit",
    "disclaimer",
    "disclosure",
    "editor's note",
    "editors note",
    "factbox",
    "highlights",
    "key points",
    "note",
    "notes",
    "opinion",
    "photo",
    "photos",
    "read more",
    "related",
    "source",
    "sources",
    "summary",
    "timeline",
    "update",
    "updated",
    "video",
    "warning",
    "watch",
];

/// Words that follow a cue head inside the cue ("according to", "pointed out", "called for").
pub(super) const PARTICLES: &[(&str, &str)] = &[
    ("according", "to"),
    ("accused", "of"),
    ("argued", "for"),
    ("called", "for"),
    ("called", "on"),
    ("calling", "for"),
    ("calling", "on"),
    ("calls", "for"),
    ("calls", "on"),
    ("pointed", "out"),
    ("pointed", "to"),
    ("pointing", "out"),
    ("pointing", "to"),
    ("points", "out"),
    ("referring", "to"),
    ("spoke", "about"),
    ("spoke", "of"),
    ("talked", "about"),
    ("warned", "of"),
    ("warned", "against"),
];

/// Whether `word` (lowercase) is in `list`.
pub(super) fn contains(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_cue_head_table_reads() {
        let lines = CUE_HEADS_TSV.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()).count();
        assert_eq!(cue_heads().len(), lines);
        assert!(cue_heads().windows(2).all(|pair| pair[0].0 < pair[1].0), "sorted and unique");
        assert!(cue_heads().iter().all(|&(_, heads, total)| heads <= total && heads > 0));
    }

    #[test]
    fn unseen_inflections_of_cue_heads_take_the_pooled_counts_of_their_stem() {
        let table = cue_heads();
        let mut checked = 0;
        for &(word, _, _) in table.iter().filter(|(w, _, _)| w.ends_with("ed")) {
            let (base, ending) = stem(word);
            let unseen = [format!("{base}{ending}es"), format!("{base}{ending}s"), format!("{base}ing")]
                .into_iter()
                .find(|form| stem(form) == (base, ending) && table.iter().all(|(w, _, _)| w != form));
            let Some(form) = unseen else { continue };
            let pooled = stem_counts()[&(base, ending)];
            assert_eq!(cue_head_counts(&form), Some(pooled), "{form} (from {word})");
            assert!(pooled.0 >= cue_head_counts(word).expect("listed").0);
            checked += 1;
        }
        assert!(checked > 10, "only {checked} unseen inflections found");
        assert_eq!(cue_head_counts("zzzqx"), None);
    }
}
