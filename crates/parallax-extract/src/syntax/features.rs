//! The features of each token for the part-of-speech tagger (the word, its affixes, shape and
//! word classes, its neighbours, and the tags already given to the two tokens before it) and
//! for the chunker (the parts of speech around it and the chunk labels before it). Every
//! feature is a hash of a template id and its values.

use crate::ner::table::{finalise, hash_str, mix};

/// What the features read of one token, hashed once per sentence.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Hashes of the lowercase form (curly quotes made straight, digits folded to `0`), its
    /// last one to four characters, its first one and three, and its shape.
    pub parts: [u64; 8],
    /// Word class (the NER model's clusters, by the word before), `u16::MAX` when unknown.
    pub class: u16,
    pub first_upper: bool,
}

const NORM: usize = 0;
const SUFFIX: usize = 1;
const PREFIX1: usize = 5;
const PREFIX3: usize = 6;
const SHAPE: usize = 7;

/// The words of a sentence as the features read them.
pub(crate) fn words<S: AsRef<str>>(tokens: &[S]) -> Vec<Word> {
    let clusters = crate::ner::embedded_model().ok().map(|model| model.clusters());
    tokens
        .iter()
        .map(|token| {
            let text = token.as_ref();
            let class = clusters.and_then(|c| c.lookup(text)).map_or(u16::MAX, |classes| classes[1]);
            let norm = normalise(text);
            let parts = [
                hash_str(&norm),
                hash_str(suffix(&norm, 1)),
                hash_str(suffix(&norm, 2)),
                hash_str(suffix(&norm, 3)),
                hash_str(suffix(&norm, 4)),
                hash_str(prefix(&norm, 1)),
                hash_str(prefix(&norm, 3)),
                hash_str(shape(text)),
            ];
            Word { parts, class, first_upper: text.chars().next().is_some_and(char::is_uppercase) }
        })
        .collect()
}
fn normalise(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '“' | '”' | '„' | '«' | '»' | '″' => '"',
            '‘' | '’' | '‚' | '′' => '\'',
            '–' | '—' | '―' => '-',
            c if c.is_ascii_digit() => '0',
            c => c,
        })
        .collect()
}

fn shape(text: &str) -> &'static str {
    let mut chars = text.chars();
    let Some(first) = chars.next() else { return "" };
    let rest_upper = text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    let digit = text.chars().any(|c| c.is_ascii_digit());
    let hyphen = text.contains('-');
    match () {
        _ if digit && text.chars().any(char::is_alphabetic) => "d+x",
        _ if digit => "d",
        _ if first.is_uppercase() && text.chars().count() > 1 && rest_upper => "XX",
        _ if first.is_uppercase() && hyphen => "Xx-",
        _ if first.is_uppercase() => "Xx",
        _ if first.is_lowercase() && hyphen => "x-",
        _ if first.is_lowercase() => "x",
        _ => "p",
    }
}

/// A feature hash of a template and the hashes of its values.
fn key(template: u8, values: &[u64]) -> u64 {
    values.iter().fold(finalise(u64::from(template) + 1), |hash, &value| mix(hash, value))
}

/// Stand-ins for the positions before and after a sentence, and for a label.
const BEFORE: u64 = 0x5eed_0001;
const AFTER: u64 = 0x5eed_0002;

fn label(value: u8) -> u64 {
    0x1abe_1000 + u64::from(value)
}

/// The last `n` characters of a word.
fn suffix(word: &str, n: usize) -> &str {
    let start = word.char_indices().rev().nth(n - 1).map_or(0, |(at, _)| at);
    &word[start..]
}

fn prefix(word: &str, n: usize) -> &str {
    let end = word.char_indices().nth(n).map_or(word.len(), |(at, _)| at);
    &word[..end]
}

/// The part-of-speech features of token `i`, given the tags of the tokens before it.
pub(crate) fn pos_features(words: &[Word], i: usize, tags: &[u8], out: &mut Vec<u64>) {
    out.clear();
    let part = |j: isize, which: usize| -> u64 {
        if j < 0 { BEFORE } else { words.get(j as usize).map_or(AFTER, |w| w.parts[which]) }
    };
    let at = i as isize;
    let word = &words[i];
    let w = word.parts[NORM];
    let p1 = if i >= 1 { label(tags[i - 1]) } else { BEFORE };
    let p2 = if i >= 2 { label(tags[i - 2]) } else { BEFORE };
    out.push(key(0, &[]));
    out.push(key(1, &[w]));
    for n in 0..4 {
        out.push(key(2 + n as u8, &[word.parts[SUFFIX + n]]));
    }
    out.push(key(6, &[word.parts[PREFIX1]]));
    out.push(key(7, &[word.parts[PREFIX3]]));
    out.push(key(8, &[word.parts[SHAPE]]));
    out.push(key(9, &[word.parts[SHAPE], u64::from(i == 0)]));
    out.push(key(10, &[u64::from(word.class)]));
    out.push(key(11, &[p1]));
    out.push(key(12, &[p2, p1]));
    out.push(key(13, &[p1, w]));
    out.push(key(14, &[part(at - 1, NORM)]));
    out.push(key(15, &[part(at - 1, SUFFIX + 2)]));
    out.push(key(16, &[part(at - 2, NORM)]));
    out.push(key(17, &[part(at + 1, NORM)]));
    out.push(key(18, &[part(at + 1, SUFFIX + 2)]));
    out.push(key(19, &[part(at + 2, NORM)]));
    out.push(key(20, &[w, part(at + 1, NORM)]));
    out.push(key(21, &[part(at - 1, NORM), w]));
    let next_class = words.get(i + 1).map_or(u16::MAX - 1, |n| n.class);
    out.push(key(22, &[u64::from(next_class), u64::from(word.class)]));
    out.push(key(23, &[p1, word.parts[SUFFIX + 2]]));
    if word.first_upper && i > 0 {
        out.push(key(24, &[p1]));
    }
}

/// The chunk features of token `i`, given every token's part of speech and the chunk labels
/// of the tokens before it.
pub(crate) fn chunk_features(words: &[Word], pos: &[u8], i: usize, chunks: &[u8], out: &mut Vec<u64>) {
    out.clear();
    let tag = |j: isize| -> u64 { if j < 0 { BEFORE } else { pos.get(j as usize).map_or(AFTER, |&p| label(p)) } };
    let norm =
        |j: isize| -> u64 { if j < 0 { BEFORE } else { words.get(j as usize).map_or(AFTER, |w| w.parts[NORM]) } };
    let at = i as isize;
    let c1 = if i >= 1 { label(chunks[i - 1]) } else { BEFORE };
    let c2 = if i >= 2 { label(chunks[i - 2]) } else { BEFORE };
    let t = tag(at);
    let w = norm(at);
    out.push(key(100, &[]));
    out.push(key(101, &[t]));
    out.push(key(102, &[tag(at - 1)]));
    out.push(key(103, &[tag(at + 1)]));
    out.push(key(104, &[tag(at - 2)]));
    out.push(key(105, &[tag(at + 2)]));
    out.push(key(106, &[tag(at - 1), t]));
    out.push(key(107, &[t, tag(at + 1)]));
    out.push(key(108, &[tag(at - 1), t, tag(at + 1)]));
    out.push(key(109, &[tag(at - 2), tag(at - 1), t]));
    out.push(key(110, &[t, tag(at + 1), tag(at + 2)]));
    out.push(key(111, &[w]));
    out.push(key(112, &[w, t]));
    out.push(key(113, &[norm(at - 1)]));
    out.push(key(114, &[norm(at + 1)]));
    out.push(key(115, &[c1]));
    out.push(key(116, &[c2, c1]));
    out.push(key(117, &[c1, t]));
    out.push(key(118, &[c1, tag(at - 1), t]));
    out.push(key(119, &[c1, w]));
    out.push(key(120, &[norm(at - 1), w]));
    out.push(key(121, &[w, norm(at + 1)]));
}
