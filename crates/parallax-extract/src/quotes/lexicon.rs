//! The words attribution is found by: cue heads with how often each was a cue in PolNeAR's
//! training split (`cue_heads.rs`, written by `parallax eval quotes --lexicon`), and the
//! closed classes around them.

mod cue_heads;

/// How often a word heads a cue, from the training data: (times a cue head, occurrences).
pub(super) fn cue_head_counts(word: &str) -> Option<(u32, u32)> {
    cue_heads::CUE_HEADS
        .binary_search_by(|(w, _, _)| (*w).cmp(word))
        .ok()
        .map(|index| (u32::from(cue_heads::CUE_HEADS[index].1), u32::from(cue_heads::CUE_HEADS[index].2)))
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
