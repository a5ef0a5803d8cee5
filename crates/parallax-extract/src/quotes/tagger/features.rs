//! The features of each token of a paragraph: the word and its neighbours, shape, suffix and
//! word classes (the NER model's clusters), quotation marks, the role the rules (or the stage
//! before) gave it, and the nearest cue-like words and cues on each side in its sentence.
//! Every feature is a hash of a template and its values: no text is kept.

use std::ops::Range;

use super::super::clause;
use super::super::{Analysis, Item};

/// A word counts as cue-like from this share of cue uses in the training data.
const CANDIDATE_SHARE: f64 = 0.1;

/// Roles: 0 none, 1 source, 2 cue, 3 content; with whether the token opens its span.
const ROLE_NAMES: [[&str; 2]; 4] = [["IO", "BO"], ["IS", "BS"], ["IC", "BC"], ["IT", "BT"]];

/// The role the rules gave each token, and whether the token opens its span.
pub(super) fn rule_roles(analysis: &Analysis<'_>) -> Vec<(u8, bool)> {
    let mut roles = vec![(0u8, false); analysis.para.tokens.len()];
    let mut mark = |range: &Range<usize>, role: u8| {
        for (offset, index) in range.clone().enumerate() {
            if let Some(slot) = roles.get_mut(index) {
                *slot = (role, offset == 0);
            }
        }
    };
    for (_, items) in &analysis.sentences {
        for item in items {
            match item {
                Item::Attribution(found) => {
                    if let Some(source) = &found.source {
                        mark(source, 1);
                    }
                    mark(&found.cue, 2);
                    for piece in &found.content {
                        mark(piece, 3);
                    }
                }
                Item::Continuation(piece) => mark(piece, 3),
            }
        }
    }
    roles
}

/// FNV-1a over a template id and values, a separator after each value.
#[derive(Clone, Copy)]
struct Key(u64);

impl Key {
    fn new(template: u8) -> Key {
        Key(0xcbf2_9ce4_8422_2325).byte(template)
    }

    fn byte(self, byte: u8) -> Key {
        Key((self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
    }

    fn text(self, value: &str) -> Key {
        value.bytes().fold(self, Key::byte).byte(0xff)
    }

    fn number(self, value: u16) -> Key {
        value.to_le_bytes().into_iter().fold(self, Key::byte).byte(0xff)
    }

    fn flag(self, value: bool) -> Key {
        self.byte(u8::from(value)).byte(0xff)
    }
}

fn shape(text: &str) -> &'static str {
    match text.chars().next() {
        Some(c) if c.is_uppercase() => {
            let letters = text.chars().filter(|c| c.is_alphabetic());
            if text.chars().count() > 1 && letters.clone().all(char::is_uppercase) { "XX" } else { "Xx" }
        }
        Some(c) if c.is_lowercase() => "x",
        Some(c) if c.is_ascii_digit() => "d",
        _ => "p",
    }
}

fn share_bucket(word: &str) -> u16 {
    let share = clause::cue_share(word);
    [0.05, 0.2, 0.4, 0.6, 0.8].iter().filter(|&&bound| share >= bound).count() as u16
}

fn distance_bucket(distance: usize) -> u16 {
    match distance {
        0..=2 => distance as u16,
        3..=4 => 3,
        5..=8 => 5,
        9..=16 => 9,
        _ => 17,
    }
}

/// Word classes from the NER model's clusters: fine and coarse by the word before, coarse by
/// the word after; `u16::MAX` for an unknown word.
fn classes(word: &str) -> [u16; 3] {
    let found = crate::ner::embedded_model().ok().and_then(|model| model.clusters().lookup(word));
    found.map_or([u16::MAX; 3], |classes| [classes[1], classes[2], classes[4]])
}

/// The last three characters of a word.
fn suffix(word: &str) -> &str {
    let start = word.char_indices().rev().nth(2).map_or(0, |(at, _)| at);
    &word[start..]
}

/// The feature hashes of every token of a paragraph.
pub(super) fn paragraph_features(analysis: &Analysis<'_>) -> Vec<Vec<u64>> {
    let para = &analysis.para;
    let n = para.tokens.len();
    let roles = rule_roles(analysis);
    let words: Vec<&str> = para.lower.iter().map(String::as_str).collect();
    let word = |i: isize| -> &str { if i < 0 { "<s>" } else { words.get(i as usize).copied().unwrap_or("</s>") } };
    let role = |i: isize| -> &str {
        if i < 0 || i as usize >= n {
            return "-";
        }
        let (r, begins) = roles[i as usize];
        ROLE_NAMES[usize::from(r)][usize::from(begins)]
    };
    let shapes: Vec<&str> = para.tokens.iter().map(|t| shape(t.text)).collect();
    let buckets: Vec<u16> = words.iter().map(|w| share_bucket(w)).collect();
    let bucket =
        |i: isize| -> u16 { if i < 0 { u16::MAX } else { buckets.get(i as usize).copied().unwrap_or(u16::MAX) } };
    let token_classes: Vec<[u16; 3]> = para.tokens.iter().map(|t| classes(t.text)).collect();
    let class = |i: isize, level: usize| -> u16 {
        if i < 0 { u16::MAX - 1 } else { token_classes.get(i as usize).map_or(u16::MAX - 1, |c| c[level]) }
    };
    let candidate: Vec<bool> = (0..n)
        .map(|i| !para.in_quote(i) && para.tokens[i].is_word() && clause::cue_share(words[i]) >= CANDIDATE_SHARE)
        .collect();
    let mut sentence_of = vec![0..0; n];
    for (sentence, _) in &analysis.sentences {
        for i in sentence.clone() {
            if let Some(slot) = sentence_of.get_mut(i) {
                *slot = sentence.clone();
            }
        }
    }
    let mut all = Vec::with_capacity(n);
    for i in 0..n {
        let at = i as isize;
        let sentence = &sentence_of[i];
        let quote = para.in_quote(i);
        let r = role(at);
        let w = words[i];
        let mut features = Vec::with_capacity(64);
        let mut add = |key: Key| features.push(key.0);
        let key = Key::new;
        add(key(0));
        add(key(1).text(w));
        add(key(2).text(word(at - 1)));
        add(key(3).text(word(at + 1)));
        add(key(4).text(word(at - 2)));
        add(key(5).text(word(at + 2)));
        add(key(6).text(word(at - 1)).text(w));
        add(key(7).text(w).text(word(at + 1)));
        add(key(8).text(shapes[i]));
        add(key(9).flag(quote));
        add(key(10).text(r));
        add(key(11).text(role(at - 1)));
        add(key(12).text(role(at + 1)));
        add(key(13).text(r).flag(quote));
        add(key(14).text(r).text(w));
        add(key(15).number(buckets[i]));
        add(key(16).number(buckets[i]).flag(quote));
        // Position in the sentence.
        let from_start = i - sentence.start.min(i);
        let to_end = sentence.end.saturating_sub(i + 1);
        add(key(17).number(distance_bucket(from_start)));
        add(key(18).number(distance_bucket(to_end)));
        // The nearest cue-like word on each side within the sentence.
        let left = (sentence.start..i).rev().find(|&j| candidate[j]);
        let right = (i + 1..sentence.end).find(|&j| candidate[j]);
        for (side, found) in [(20u8, left), (30u8, right)] {
            let Some(j) = found else {
                add(key(side).text("none"));
                continue;
            };
            let (lo, hi) = if j < i { (j + 1, i) } else { (i + 1, j) };
            let distance = distance_bucket(hi - lo);
            let b = buckets[j];
            let comma = (lo..hi).any(|k| words[k] == ",");
            let that = (lo..hi).any(|k| words[k] == "that");
            let crosses_quote = (lo..hi).any(|k| para.in_quote(k)) || (quote != para.in_quote(j));
            add(key(side).text(words[j]));
            add(key(side + 1).number(b));
            add(key(side + 2).number(b).number(distance));
            add(key(side + 3).number(b).flag(comma).flag(that).flag(crosses_quote));
            add(key(side + 4).text(words[j]).number(distance));
            add(key(side + 5).number(b).text(r));
            add(key(side + 6).number(class(j as isize, 0)));
        }
        // The nearest cue of the rules on each side within the sentence.
        let rule_left = (sentence.start..i).rev().find(|&j| roles[j].0 == 2);
        let rule_right = (i + 1..sentence.end).find(|&j| roles[j].0 == 2);
        for (side, found) in [(50u8, rule_left), (54u8, rule_right)] {
            let Some(j) = found else {
                add(key(side).text("none"));
                continue;
            };
            let (lo, hi) = if j < i { (j + 1, i) } else { (i + 1, j) };
            let distance = distance_bucket(hi - lo);
            let comma = (lo..hi).any(|k| words[k] == ",");
            let crosses_quote = (lo..hi).any(|k| para.in_quote(k)) || (quote != para.in_quote(j));
            add(key(side).number(distance));
            add(key(side + 1).number(distance).flag(comma).flag(crosses_quote).text(r));
            add(key(side + 2).text(words[j]).number(distance));
        }
        add(key(60).number(bucket(at + 1)));
        add(key(61).number(bucket(at + 1)).number(bucket(at + 2)));
        add(key(62).text(shapes[i]).number(bucket(at + 1)));
        add(key(63).number(bucket(at - 1)));
        let end = suffix(w);
        add(key(64).text(end));
        add(key(65).text(end).text(word(at - 1)));
        add(key(66).text(end).text(shapes[i]));
        add(key(73).number(class(at, 0)));
        add(key(74).number(class(at, 1)));
        add(key(75).number(class(at, 2)));
        add(key(76).number(class(at - 1, 1)).number(class(at + 1, 1)));
        add(key(77).number(class(at, 1)).number(class(at + 1, 1)));
        add(key(78).number(class(at, 1)).text(r));
        add(key(40).text(shapes[i]).text(i.checked_sub(1).map_or("<s>", |p| shapes[p])));
        all.push(features);
    }
    all
}
