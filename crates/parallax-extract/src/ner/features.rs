//! Features as 64-bit hashes: a template id mixed with the values it looks at.
//!
//! Per token, once: spelling, lowercase, shape, affixes, word class, clusters, how often the
//! word is capitalised elsewhere, and the names that cover it. Per position, the local
//! features look at a window of two tokens each side. The second stage adds what the first
//! stage said, here and elsewhere in the same document (Ratinov & Roth 2009: prediction
//! aggregation and prediction history).

use super::clusters::{MAX_LEVELS, NO_CLASS, WordClusters};
use super::gazetteer::Gazetteer;
use super::table::{HashKeyed, StringHasher, hash_lowercase, hash_str, mix};
use super::tags::kind_index;

/// What the tagger knows of one token before looking at its neighbours.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenInfo {
    pub word: u64,
    pub lower: u64,
    pub shape: u64,
    pub class: WordClass,
    /// Prefixes then suffixes of one to four characters of the lowercase word; 0 when the
    /// word is not longer than the affix.
    pub affixes: [u64; 8],
    pub clusters: [u16; MAX_LEVELS],
    pub case: u8,
    pub gazetteer: u32,
    /// For a hyphenated word ("Ohio-based"): its first and last parts, lowercase, and the
    /// finest class of the first part; zeros otherwise.
    pub hyphen_head: u64,
    pub hyphen_tail: u64,
    pub hyphen_head_class: u16,
}

/// The spelling class of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordClass {
    Lower,
    Capitalised,
    AllCaps,
    Initial,
    MixedCase,
    Number,
    Alphanumeric,
    Punctuation,
    Other,
}

impl WordClass {
    fn of(word: &str) -> WordClass {
        let (mut upper, mut lower, mut digits, mut other) = (0, 0, 0, 0);
        for c in word.chars() {
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            } else if c.is_ascii_digit() {
                digits += 1;
            } else if c.is_alphanumeric() {
                lower += 1;
            } else {
                other += 1;
            }
        }
        let first_upper = word.chars().next().is_some_and(char::is_uppercase);
        let letters = upper + lower;
        if letters == 0 {
            return if digits > 0 {
                WordClass::Number
            } else if other > 0 {
                WordClass::Punctuation
            } else {
                WordClass::Other
            };
        }
        if digits > 0 {
            return WordClass::Alphanumeric;
        }
        match (upper, lower) {
            (0, _) => WordClass::Lower,
            (1, 0) => WordClass::Initial,
            (_, 0) => WordClass::AllCaps,
            (1, _) if first_upper => WordClass::Capitalised,
            _ => WordClass::MixedCase,
        }
    }

    pub(crate) fn is_capitalised(self) -> bool {
        matches!(self, WordClass::Capitalised | WordClass::AllCaps | WordClass::Initial | WordClass::MixedCase)
    }

    fn code(self) -> u64 {
        self as u64 + 1
    }
}

/// Shape with runs of letters cut to two and runs of digits to four: "London" → "Xxx",
/// "U.S." → "X.X.", "1996-08-22" → "dddd-dd-dd".
fn shape(word: &str) -> u64 {
    let mut shape = StringHasher::new();
    let mut previous = ' ';
    let mut run = 0;
    for c in word.chars() {
        let mapped = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphanumeric() {
            'x'
        } else {
            c
        };
        run = if mapped == previous { run + 1 } else { 1 };
        previous = mapped;
        let limit = if mapped == 'd' { 4 } else { 2 };
        if run <= limit {
            shape.char(mapped);
        }
    }
    shape.finish()
}

fn affixes(word: &str) -> [u64; 8] {
    let mut affixes = [0u64; 8];
    if word.is_ascii() {
        let n = word.len();
        for length in 1..=4.min(n.saturating_sub(1)) {
            affixes[length - 1] = mix(length as u64, hash_lowercase(&word[..length]));
            affixes[length + 3] = mix(length as u64 + 4, hash_lowercase(&word[n - length..]));
        }
        return affixes;
    }
    let lower = word.to_lowercase();
    let boundaries: Vec<usize> = lower.char_indices().map(|(i, _)| i).chain(std::iter::once(lower.len())).collect();
    let n_chars = boundaries.len() - 1;
    for length in 1..=4 {
        if n_chars > length {
            affixes[length - 1] = mix(length as u64, hash_str(&lower[..boundaries[length]]));
            affixes[length + 3] = mix(length as u64 + 4, hash_str(&lower[boundaries[n_chars - length]..]));
        }
    }
    affixes
}

/// Token infos for one sentence.
pub(crate) fn token_infos<S: AsRef<str>>(
    tokens: &[S],
    clusters: &WordClusters,
    gazetteer: &Gazetteer,
) -> Vec<TokenInfo> {
    let lowers: Vec<u64> = tokens.iter().map(|t| hash_lowercase(t.as_ref())).collect();
    let matches = gazetteer.matches(&lowers);
    tokens
        .iter()
        .zip(lowers)
        .zip(matches)
        .map(|((token, lower), gazetteer)| {
            let token = token.as_ref();
            let (hyphen_head, hyphen_tail, hyphen_head_class) = match (token.split_once('-'), token.rsplit_once('-')) {
                (Some((head, _)), Some((_, tail))) if !head.is_empty() && head.chars().any(char::is_alphabetic) => {
                    let class = clusters.lookup(head).map_or(NO_CLASS, |classes| classes[0]);
                    (hash_lowercase(head), hash_lowercase(tail), class)
                }
                _ => (0, 0, NO_CLASS),
            };
            TokenInfo {
                hyphen_head,
                hyphen_tail,
                hyphen_head_class,
                word: hash_str(token),
                lower,
                shape: shape(token),
                class: WordClass::of(token),
                affixes: affixes(token),
                clusters: clusters.lookup(token).unwrap_or([NO_CLASS; MAX_LEVELS]),
                case: clusters.case_bucket(lower),
                gazetteer,
            }
        })
        .collect()
}

/// Where a sentence sits and what it looks like.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SentenceContext {
    /// No lowercase letters anywhere, as in headlines.
    pub all_caps: bool,
    /// Index of the sentence in its document, capped at 3.
    pub index: u64,
}

impl SentenceContext {
    pub(crate) fn of(infos: &[TokenInfo], index: usize) -> SentenceContext {
        let all_caps = infos.iter().any(|t| matches!(t.class, WordClass::AllCaps | WordClass::Initial))
            && !infos
                .iter()
                .any(|t| matches!(t.class, WordClass::Lower | WordClass::Capitalised | WordClass::MixedCase));
        SentenceContext { all_caps, index: index.min(3) as u64 }
    }
}

// Template ids.
const BIAS: u64 = 1;
const WORD: u64 = 2;
const LOWER: u64 = 3;
const SHAPE: u64 = 4;
const AFFIX: u64 = 5;
const CLASSES: u64 = 6;
const LOWER_AT: u64 = 7;
const SHAPE_AT: u64 = 8;
const BIGRAM_LEFT: u64 = 9;
const BIGRAM_RIGHT: u64 = 10;
const SHAPES: u64 = 11;
const FIRST: u64 = 12;
const CAPS_SENTENCE: u64 = 13;
const SENTENCE_INDEX: u64 = 14;
const CASE: u64 = 15;
const CLUSTER: u64 = 16;
const CLUSTER_AT: u64 = 17;
const CLUSTER_BIGRAM: u64 = 18;
const GAZETTEER: u64 = 19;
const LEFT_WORD_CLASS: u64 = 20;
const CLASS_RIGHT_WORD: u64 = 21;
const CONTEXT_LEFT: u64 = 22;
const CONTEXT_RIGHT: u64 = 23;
const HYPHEN: u64 = 24;
const OUTER_BIGRAMS: u64 = 25;
const STAGE1: u64 = 40;
const STAGE1_LEFT: u64 = 41;
const STAGE1_RIGHT: u64 = 42;
const STAGE1_CLASS: u64 = 43;
const DOC_HAS: u64 = 44;
const DOC_MAJORITY: u64 = 45;
const DOC_ONLY: u64 = 46;
const DOC_PREVIOUS: u64 = 47;
const DOC_NONE: u64 = 48;

const OUTSIDE_SENTENCE: u64 = 0x5e47_e9ce;

fn feature(template: u64, value: u64) -> u64 {
    mix(template, value)
}

fn feature2(template: u64, a: u64, b: u64) -> u64 {
    mix(mix(template, a), b)
}

/// The local features of token `i`.
pub(crate) fn local_features(infos: &[TokenInfo], i: usize, sentence: SentenceContext, out: &mut Vec<u64>) {
    let at = |offset: isize| -> Option<&TokenInfo> { i.checked_add_signed(offset).and_then(|j| infos.get(j)) };
    let lower_at = |offset| at(offset).map_or(OUTSIDE_SENTENCE, |t| t.lower);
    let shape_at = |offset| at(offset).map_or(OUTSIDE_SENTENCE, |t| t.shape);
    let class_at = |offset| at(offset).map_or(0, |t| t.class.code());
    let token = &infos[i];
    let class = token.class.code();
    out.push(feature(BIAS, 0));
    out.push(feature(WORD, token.word));
    out.push(feature(LOWER, token.lower));
    out.push(feature(SHAPE, token.shape));
    for &affix in token.affixes.iter().filter(|&&a| a != 0) {
        out.push(feature(AFFIX, affix));
    }
    out.push(feature(CLASSES, (class_at(-1) << 16) | (class << 8) | class_at(1)));
    for offset in [-2, -1, 1, 2] {
        out.push(feature2(LOWER_AT, offset as u64, lower_at(offset)));
    }
    for offset in [-1, 1] {
        out.push(feature2(SHAPE_AT, offset as u64, shape_at(offset)));
    }
    out.push(feature2(BIGRAM_LEFT, lower_at(-1), token.lower));
    out.push(feature2(BIGRAM_RIGHT, token.lower, lower_at(1)));
    out.push(feature2(OUTER_BIGRAMS, lower_at(-2), lower_at(-1)));
    out.push(feature2(OUTER_BIGRAMS, lower_at(1).rotate_left(7), lower_at(2)));
    out.push(feature2(SHAPES, mix(shape_at(-1), token.shape), shape_at(1)));
    out.push(feature2(LEFT_WORD_CLASS, lower_at(-1), class));
    out.push(feature2(CLASS_RIGHT_WORD, class, lower_at(1)));
    out.push(feature2(FIRST, u64::from(i == 0), class));
    out.push(feature2(CAPS_SENTENCE, u64::from(sentence.all_caps), class));
    out.push(feature2(SENTENCE_INDEX, sentence.index, class));
    out.push(feature2(CASE, u64::from(token.case) | (u64::from(i == 0) << 8), class));
    let cluster_at =
        |offset: isize, level: usize| at(offset).map_or(u64::from(NO_CLASS) + 1, |t| u64::from(t.clusters[level]));
    for level in 0..MAX_LEVELS {
        if token.clusters[level] != NO_CLASS {
            out.push(feature2(CLUSTER, level as u64, u64::from(token.clusters[level])));
        }
    }
    for offset in [-2, 2] {
        let value = cluster_at(offset, 1);
        if value != u64::from(NO_CLASS) {
            out.push(feature2(CLUSTER_AT, ((offset as u64) << 8) | 1, value));
        }
    }
    for offset in [-1, 1] {
        // The finest and a coarse class by the word before, and the first class by the word after.
        for level in [0, 2, 3] {
            let value = cluster_at(offset, level);
            if value != u64::from(NO_CLASS) {
                out.push(feature2(CLUSTER_AT, (offset as u64) << 8 | level as u64, value));
            }
        }
    }
    out.push(feature2(CLUSTER_BIGRAM, cluster_at(-1, 1), u64::from(token.clusters[1])));
    out.push(feature2(CLUSTER_BIGRAM, u64::from(token.clusters[1]) << 20, cluster_at(1, 1)));
    if token.hyphen_head != 0 {
        out.push(feature2(HYPHEN, 0, token.hyphen_head));
        out.push(feature2(HYPHEN, 1, token.hyphen_tail));
        out.push(feature2(HYPHEN, 2, u64::from(token.hyphen_head_class)));
    }
    let mut bits = token.gazetteer;
    while bits != 0 {
        let bit = bits.trailing_zeros();
        bits &= bits - 1;
        out.push(feature(GAZETTEER, u64::from(bit)));
    }
}

/// The capitalised words of a document and where they occur: for each, the document index of
/// every occurrence with the lowercase words before and after it.
pub(crate) struct DocumentContexts {
    occurrences: HashKeyed<Vec<(usize, u64, u64)>>,
}

/// Other occurrences looked at, at most.
const MAX_OTHER_OCCURRENCES: usize = 8;

impl DocumentContexts {
    pub(crate) fn new(infos: &[Vec<TokenInfo>]) -> DocumentContexts {
        let mut occurrences: HashKeyed<Vec<(usize, u64, u64)>> = HashKeyed::default();
        let mut k = 0;
        for sentence in infos {
            for (i, token) in sentence.iter().enumerate() {
                if token.class.is_capitalised() {
                    let before = if i == 0 { OUTSIDE_SENTENCE } else { sentence[i - 1].lower };
                    let after = sentence.get(i + 1).map_or(OUTSIDE_SENTENCE, |t| t.lower);
                    occurrences.entry(token.lower).or_default().push((k, before, after));
                }
                k += 1;
            }
        }
        DocumentContexts { occurrences }
    }

    /// Context aggregation (Ratinov & Roth 2009): the words around the other occurrences of
    /// the capitalised word at document index `k`.
    pub(crate) fn features(&self, token: &TokenInfo, k: usize, out: &mut Vec<u64>) {
        if !token.class.is_capitalised() {
            return;
        }
        let Some(occurrences) = self.occurrences.get(&token.lower) else { return };
        let start = out.len();
        for &(_, before, after) in occurrences.iter().filter(|(other, _, _)| *other != k).take(MAX_OTHER_OCCURRENCES) {
            out.push(feature(CONTEXT_LEFT, before));
            out.push(feature(CONTEXT_RIGHT, after));
        }
        let added = &mut out[start..];
        added.sort_unstable();
        let unique = {
            let mut n = 0;
            for i in 0..added.len() {
                if i == 0 || added[i] != added[i - 1] {
                    added[n] = added[i];
                    n += 1;
                }
            }
            n
        };
        out.truncate(start + unique);
    }
}

/// What the first stage said about a document, for the second stage.
pub(crate) struct DocumentMemory {
    /// Lowercase word → labels (by kind index, 4 = outside) of its capitalised occurrences.
    counts: HashKeyed<[u32; 5]>,
}

impl DocumentMemory {
    pub(crate) fn new(infos: &[Vec<TokenInfo>], labels: &[Vec<u8>]) -> DocumentMemory {
        let mut counts: HashKeyed<[u32; 5]> = HashKeyed::default();
        for (sentence, sentence_labels) in infos.iter().zip(labels) {
            for (token, &label) in sentence.iter().zip(sentence_labels) {
                if token.class.is_capitalised() {
                    counts.entry(token.lower).or_default()[kind_index(label)] += 1;
                }
            }
        }
        DocumentMemory { counts }
    }
}

/// Remembers, while walking a document in order, the last first-stage kind of each word.
#[derive(Default)]
pub(crate) struct History {
    last: HashKeyed<usize>,
}

impl History {
    pub(crate) fn record(&mut self, token: &TokenInfo, label: u8) {
        if token.class.is_capitalised() {
            self.last.insert(token.lower, kind_index(label));
        }
    }
}

/// The second stage's extra features of token `i`: the first stage's labels around it, and
/// the kinds the first stage gave the same word elsewhere in the document.
pub(crate) fn stage2_features(
    infos: &[TokenInfo],
    labels: &[u8],
    i: usize,
    memory: &DocumentMemory,
    history: &History,
    out: &mut Vec<u64>,
) {
    let label_at = |offset: isize| -> u64 {
        i.checked_add_signed(offset).and_then(|j| labels.get(j)).map_or(99, |&l| u64::from(l))
    };
    let token = &infos[i];
    let class = token.class.code();
    let here = label_at(0);
    out.push(feature(STAGE1, here));
    out.push(feature2(STAGE1_LEFT, label_at(-1), here));
    out.push(feature2(STAGE1_RIGHT, here, label_at(1)));
    out.push(feature2(STAGE1_CLASS, here, class));
    if !token.class.is_capitalised() {
        return;
    }
    let mut others = memory.counts.get(&token.lower).copied().unwrap_or_default();
    let own = kind_index(labels[i]);
    others[own] = others[own].saturating_sub(1);
    let total: u32 = others.iter().sum();
    if total == 0 {
        out.push(feature2(DOC_NONE, class, u64::from(i == 0)));
    } else {
        let mut majority = 0;
        for (kind, &count) in others.iter().enumerate() {
            if count > 0 {
                out.push(feature(DOC_HAS, kind as u64));
            }
            if count > others[majority] {
                majority = kind;
            }
        }
        out.push(feature2(DOC_MAJORITY, majority as u64, class));
        if others[majority] == total {
            out.push(feature2(DOC_ONLY, majority as u64, u64::from(i == 0)));
        }
    }
    if let Some(&previous) = history.last.get(&token.lower) {
        out.push(feature2(DOC_PREVIOUS, previous as u64, class));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_shapes() {
        assert_eq!(WordClass::of("Paris"), WordClass::Capitalised);
        assert_eq!(WordClass::of("NATO"), WordClass::AllCaps);
        assert_eq!(WordClass::of("U.S."), WordClass::AllCaps);
        assert_eq!(WordClass::of("J."), WordClass::Initial);
        assert_eq!(WordClass::of("McDonald"), WordClass::MixedCase);
        assert_eq!(WordClass::of("1,000"), WordClass::Number);
        assert_eq!(WordClass::of("F-16"), WordClass::Alphanumeric);
        assert_eq!(WordClass::of(","), WordClass::Punctuation);
        assert_eq!(WordClass::of("über"), WordClass::Lower);
        assert_eq!(shape("London"), hash_str("Xxx"));
        assert_eq!(shape("1996-08-22"), hash_str("dddd-dd-dd"));
        assert_eq!(shape("Zürich"), hash_str("Xxx"));
    }

    #[test]
    fn affixes_need_a_longer_word() {
        let a = affixes("Bonn");
        assert_ne!(a[2], 0);
        assert_eq!(a[3], 0);
        assert_eq!(a[0], affixes("bed")[0]);
        // The fast path for ASCII and the general one agree.
        assert_eq!(affixes("Bonn")[5], affixes("Ébonn")[5]);
        assert_eq!(affixes("BONN")[1], affixes("Boö")[1]);
    }
}
