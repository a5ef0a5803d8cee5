//! The words attribution is found by: cue heads with how often each was a cue in PolNeAR's
//! training split (`cue_heads.rs`, written by `parallax eval quotes --lexicon`), and the
//! closed classes around them.

mod cue_heads;

use std::collections::HashMap;
use std::sync::OnceLock;

/// How often a word heads a cue, from the training data: (times a cue head, occurrences).
/// A form the training data never showed as a cue takes the pooled counts of the forms with
/// its stem ("urges" those of "urged"), so that attribution reaches the rarer inflections.
pub(super) fn cue_head_counts(word: &str) -> Option<(u32, u32)> {
    let found = cue_heads::CUE_HEADS
        .binary_search_by(|(w, _, _)| (*w).cmp(word))
        .ok()
        .map(|index| (u32::from(cue_heads::CUE_HEADS[index].1), u32::from(cue_heads::CUE_HEADS[index].2)));
    found.or_else(|| stem_counts().get(&stem(word)).copied())
}

/// (times a cue head, occurrences) per stem.
type StemCounts = HashMap<(&'static str, &'static str), (u32, u32)>;

/// Cue-head counts pooled by stem.
fn stem_counts() -> &'static StemCounts {
    static COUNTS: OnceLock<StemCounts> = OnceLock::new();
    COUNTS.get_or_init(|| {
        let mut counts = StemCounts::new();
        for &(word, heads, total) in cue_heads::CUE_HEADS {
            let entry = counts.entry(stem(word)).or_default();
            entry.0 += u32::from(heads);
            entry.1 += u32::from(total);
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
    fn unseen_inflections_of_cue_heads_take_the_pooled_counts_of_their_stem() {
        let mut checked = 0;
        for &(word, _, _) in cue_heads::CUE_HEADS.iter().filter(|(w, _, _)| w.ends_with("ed")) {
            let (base, ending) = stem(word);
            let unseen = [format!("{base}{ending}es"), format!("{base}{ending}s"), format!("{base}ing")]
                .into_iter()
                .find(|form| stem(form) == (base, ending) && cue_heads::CUE_HEADS.iter().all(|(w, _, _)| w != form));
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
