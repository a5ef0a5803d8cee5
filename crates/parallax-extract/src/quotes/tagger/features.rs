//! The features of each token of a paragraph: the word, its stem and its neighbours, shape,
//! suffix and word classes (the NER model's clusters), quotation marks, the role the rules gave
//! it, the nearest cue-like words and cues on each side in its sentence and the boundary
//! (comma, "that", quotation mark, …) before it. A later stage adds the labels the stage before
//! gave the token and its neighbours and where that stage saw a source, a cue and a content on
//! each side ([`stacked_features`]). Every feature is a hash of a template and its values: no
//! text is kept.

use std::ops::Range;

use super::super::lexicon::stem;
use super::super::{Analysis, Item};
use super::syntax::Syntax;

/// A word counts as cue-like from this share of cue uses in the training data.
const CANDIDATE_SHARE: f64 = 0.1;

/// The longest stretch between a token and a cue-like word whose word classes make a feature.
const PATH_TOKENS: usize = 5;

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
pub(super) struct Key(pub(super) u64);

impl Key {
    pub(super) fn new(template: u8) -> Key {
        Key(0xcbf2_9ce4_8422_2325).byte(template)
    }

    pub(super) fn byte(self, byte: u8) -> Key {
        Key((self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
    }

    pub(super) fn text(self, value: &str) -> Key {
        value.bytes().fold(self, Key::byte).byte(0xff)
    }

    pub(super) fn number(self, value: u16) -> Key {
        value.to_le_bytes().into_iter().fold(self, Key::byte).byte(0xff)
    }

    pub(super) fn stem(self, (base, ending): (&str, &str)) -> Key {
        self.text(base).text(ending)
    }

    pub(super) fn flag(self, value: bool) -> Key {
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

fn share_bucket(share: f64) -> u16 {
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
pub(super) fn paragraph_features(analysis: &Analysis<'_>, syntax: &Syntax) -> Vec<Vec<u64>> {
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
    let buckets: Vec<u16> = (0..n).map(|i| share_bucket(para.cue_share_at(i))).collect();
    let bucket =
        |i: isize| -> u16 { if i < 0 { u16::MAX } else { buckets.get(i as usize).copied().unwrap_or(u16::MAX) } };
    let token_classes: Vec<[u16; 3]> = para.tokens.iter().map(|t| classes(t.text)).collect();
    let class = |i: isize, level: usize| -> u16 {
        if i < 0 { u16::MAX - 1 } else { token_classes.get(i as usize).map_or(u16::MAX - 1, |c| c[level]) }
    };
    let candidate: Vec<bool> = (0..n)
        .map(|i| !para.in_quote(i) && para.tokens[i].is_word() && para.cue_share_at(i) >= CANDIDATE_SHARE)
        .collect();
    let mut sentence_of = vec![0..0; n];
    for (sentence, _) in &analysis.sentences {
        for i in sentence.clone() {
            if let Some(slot) = sentence_of.get_mut(i) {
                *slot = sentence.clone();
            }
        }
    }
    let stems: Vec<(&str, &str)> = words.iter().map(|w| stem(w)).collect();
    // What each token looks for on either side, found once for the paragraph, so that no token
    // scans its sentence: a paragraph of one endless sentence stays linear.
    let cue_like = Nearest::of(&candidate);
    let rule_cue = Nearest::of(&(0..n).map(|j| roles[j].0 == 2).collect::<Vec<_>>());
    let commas = Counts::of(n, |k| words[k] == ",");
    let thats = Counts::of(n, |k| words[k] == "that");
    let quoted = Counts::of(n, |k| para.in_quote(k));
    let boundaries = Boundaries::of(analysis, &words);
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
        let (left, right) = cue_like.around(i, sentence);
        for (side, found) in [(20u8, left), (30u8, right)] {
            let Some(j) = found else {
                add(key(side).text("none"));
                continue;
            };
            let (lo, hi) = if j < i { (j + 1, i) } else { (i + 1, j) };
            let distance = distance_bucket(hi - lo);
            let b = buckets[j];
            let comma = commas.any(lo, hi);
            let that = thats.any(lo, hi);
            let crosses_quote = quoted.any(lo, hi) || (quote != para.in_quote(j));
            add(key(side).text(words[j]));
            add(key(side + 1).number(b));
            add(key(side + 2).number(b).number(distance));
            add(key(side + 3).number(b).flag(comma).flag(that).flag(crosses_quote));
            add(key(side + 4).text(words[j]).number(distance));
            add(key(side + 5).number(b).text(r));
            add(key(side + 6).number(class(j as isize, 0)));
        }
        // The nearest cue of the rules on each side within the sentence.
        let (rule_left, rule_right) = rule_cue.around(i, sentence);
        for (side, found) in [(50u8, rule_left), (54u8, rule_right)] {
            let Some(j) = found else {
                add(key(side).text("none"));
                continue;
            };
            let (lo, hi) = if j < i { (j + 1, i) } else { (i + 1, j) };
            let distance = distance_bucket(hi - lo);
            let comma = commas.any(lo, hi);
            let crosses_quote = quoted.any(lo, hi) || (quote != para.in_quote(j));
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
        // The boundary on the left and the cue-like word on the right.
        let (kind, since) = boundaries.left_of(i, sentence);
        let (b, d) = match right {
            Some(j) => (buckets[j], distance_bucket(j - i)),
            None => (u16::MAX, u16::MAX),
        };
        add(key(94).text(kind).number(distance_bucket(since)).number(b).number(d));
        add(key(95).text(kind).number(distance_bucket(since)).text(right.map_or("none", |j| words[j])));
        add(key(89).text(kind).number(distance_bucket(since)).text(r));
        // Stems, so that "warned", "warns" and "warning" share what they learn.
        let stem_of = |k: usize| stems.get(k).map_or(("</s>", ""), |s| *s);
        let st = stems[i];
        add(key(105).stem(st));
        add(key(106).stem(st).text(r));
        add(key(107).stem(st).text(shapes[i.saturating_sub(1)]));
        add(key(108).stem(stem_of(i + 1)));
        add(key(109).stem(i.checked_sub(1).map_or(("<s>", ""), stem_of)));
        if let Some(j) = right {
            add(key(110).stem(stems[j]).number(distance_bucket(j - i)));
        }
        if let Some(j) = left {
            add(key(111).stem(stems[j]).number(distance_bucket(i - j)));
        }
        // The word classes between the token and the cue-like word on each side, when near: a
        // crude syntactic path ("the [noun] [noun] said" against "[verb] the [noun] said").
        for (template, found) in [(112u8, right), (113u8, left)] {
            let Some(j) = found else { continue };
            let (lo, hi) = if j < i { (j + 1, i) } else { (i + 1, j) };
            if hi - lo <= PATH_TOKENS {
                let path = (lo..hi).fold(key(template), |k, m| k.number(class(m as isize, 2)));
                add(path.number(buckets[j]));
                add(path.number(class(at, 2)).text(r));
            }
        }
        syntax.features(i, right, left, buckets.as_slice(), r, &mut add);
        all.push(features);
    }
    all
}

/// The nearest flagged token on each side of every token.
struct Nearest {
    before: Vec<Option<usize>>,
    after: Vec<Option<usize>>,
}

impl Nearest {
    fn of(flags: &[bool]) -> Nearest {
        let n = flags.len();
        let mut before = vec![None; n];
        let mut after = vec![None; n];
        let mut last = None;
        for (i, &flag) in flags.iter().enumerate() {
            before[i] = last;
            if flag {
                last = Some(i);
            }
        }
        last = None;
        for (i, &flag) in flags.iter().enumerate().rev() {
            after[i] = last;
            if flag {
                last = Some(i);
            }
        }
        Nearest { before, after }
    }

    /// The nearest flagged token before `i` from the sentence's start, and after `i` before
    /// its end.
    fn around(&self, i: usize, sentence: &Range<usize>) -> (Option<usize>, Option<usize>) {
        let left = self.before[i].filter(|&j| j >= sentence.start);
        let right = self.after[i].filter(|&j| j < sentence.end);
        (left, right)
    }
}

/// How many tokens before each position hold a property.
struct Counts(Vec<usize>);

impl Counts {
    fn of(n: usize, holds: impl Fn(usize) -> bool) -> Counts {
        let mut before = Vec::with_capacity(n + 1);
        before.push(0);
        for k in 0..n {
            before.push(before[k] + usize::from(holds(k)));
        }
        Counts(before)
    }

    /// Whether a token of `lo..hi` holds it.
    fn any(&self, lo: usize, hi: usize) -> bool {
        lo < hi && self.0[hi] > self.0[lo]
    }
}

/// The boundaries a token looks back to: words that open a clause ("," "that" ";" "(" "and"
/// "who" …) and the edges of quotation marks.
struct Boundaries {
    /// The nearest boundary word before each token, and its kind.
    word_before: Vec<Option<(usize, &'static str)>>,
    /// Where the run of tokens inside (or outside) quotation marks holding each token starts.
    run_start: Vec<usize>,
}

impl Boundaries {
    fn of(analysis: &Analysis<'_>, words: &[&str]) -> Boundaries {
        let para = &analysis.para;
        let n = words.len();
        let mut word_before = vec![None; n];
        let mut run_start = vec![0; n];
        let mut last = None;
        for k in 0..n {
            word_before[k] = last;
            run_start[k] = if k > 0 && para.in_quote(k) == para.in_quote(k - 1) { run_start[k - 1] } else { k };
            let kind = match words[k] {
                "," => ",",
                "that" => "that",
                ";" | ":" => ":",
                "—" | "–" | "--" | "―" => "-",
                "(" => "(",
                "and" | "but" | "or" => "and",
                "who" | "which" => "who",
                _ => continue,
            };
            last = Some((k, kind));
        }
        Boundaries { word_before, run_start }
    }

    /// The nearest boundary on the left of `i` within its sentence and the tokens since it: a
    /// boundary word, or the last token on the other side of a quotation mark ("^" and the
    /// tokens since the sentence's start where there is none).
    fn left_of(&self, i: usize, sentence: &Range<usize>) -> (&'static str, usize) {
        let word = self.word_before[i].filter(|&(j, _)| j >= sentence.start);
        let quote = self.run_start[i].checked_sub(1).filter(|&j| j >= sentence.start);
        match (word, quote) {
            (Some((j, kind)), Some(q)) if j >= q => (kind, i - j),
            (_, Some(q)) => ("q", i - q),
            (Some((j, kind)), None) => (kind, i - j),
            (None, None) => ("^", i - sentence.start.min(i)),
        }
    }
}

/// Label names of the stage before: none, then begin and inside of source, cue and content.
const LABEL_NAMES: [&str; 7] = ["O", "BS", "IS", "BC", "IC", "BT", "IT"];

/// Features of a later stage: the labels the stage before gave each token and its
/// neighbours, and the nearest source, cue and content it saw on each side in the sentence.
pub(super) fn stacked_features(analysis: &Analysis<'_>, syntax: &Syntax, previous: &[u8]) -> Vec<Vec<u64>> {
    let para = &analysis.para;
    let n = para.tokens.len().min(previous.len());
    let words: Vec<&str> = para.lower.iter().map(String::as_str).collect();
    let label = |i: isize| -> &str {
        if i < 0 || i as usize >= n {
            return "-";
        }
        LABEL_NAMES.get(usize::from(previous[i as usize])).copied().unwrap_or("?")
    };
    let role = |i: usize| previous[i].div_ceil(2);
    // Boundaries before each token, to tell in O(1) whether a stretch crosses one.
    let boundaries =
        Counts::of(n, |k| matches!(words[k], "," | "that" | ";" | ":" | "—" | "–" | "(" | ")") || para.in_quote(k));
    let crosses = |lo: usize, hi: usize| boundaries.any(lo, hi);
    // The nearest token of each role on each side within the sentence.
    let mut nearest_left = vec![[usize::MAX; 4]; n];
    let mut nearest_right = vec![[usize::MAX; 4]; n];
    for (sentence, _) in &analysis.sentences {
        let range = sentence.start.min(n)..sentence.end.min(n);
        let mut seen = [usize::MAX; 4];
        for i in range.clone() {
            nearest_left[i] = seen;
            seen[usize::from(role(i))] = i;
        }
        let mut seen = [usize::MAX; 4];
        for i in range.rev() {
            nearest_right[i] = seen;
            seen[usize::from(role(i))] = i;
        }
    }
    let mut all = Vec::with_capacity(n);
    for i in 0..n {
        let at = i as isize;
        let l = label(at);
        let w = words[i];
        let mut features = Vec::with_capacity(32);
        let mut add = |key: Key| features.push(key.0);
        let key = Key::new;
        add(key(120).text(l));
        add(key(121).text(label(at - 1)).text(l));
        add(key(122).text(l).text(label(at + 1)));
        add(key(123).text(label(at - 1)).text(l).text(label(at + 1)));
        add(key(124).text(label(at - 2)).text(label(at - 1)));
        add(key(125).text(label(at + 1)).text(label(at + 2)));
        add(key(126).text(l).text(w));
        add(key(127).text(label(at + 1)).text(w));
        add(key(128).text(label(at - 1)).text(w));
        for (side, nearest) in [(130u8, &nearest_right[i]), (140u8, &nearest_left[i])] {
            for wanted in 1..=3u8 {
                let t = side + wanted * 3;
                let j = nearest[usize::from(wanted)];
                if j == usize::MAX {
                    add(key(t).text("none").text(l));
                    continue;
                }
                let (lo, hi) = if j < i { (j + 1, i) } else { (i + 1, j) };
                let gap = distance_bucket(hi - lo);
                let crosses = crosses(lo, hi);
                add(key(t).number(gap).flag(crosses).text(l));
                add(key(t + 1).number(gap).flag(crosses).text(w));
                add(key(t + 2).number(gap).flag(crosses).text(label(at - 1)).text(label(at + 1)));
                if wanted == 2 {
                    let template = if side == 130 { 160 } else { 161 };
                    add(key(template).text(words[j]).number(gap).flag(crosses));
                    syntax.cue_features(i, j, if side == 130 { 162 } else { 165 }, l, &mut add);
                }
            }
        }
        all.push(features);
    }
    all
}
