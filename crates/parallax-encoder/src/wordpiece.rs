//! BERT's uncased WordPiece tokenizer, applied to words one at a time: a word is cleaned
//! (control and format characters dropped), lowercased, stripped of accents, split at every
//! punctuation character, and each piece is cut greedily into the longest vocabulary entries,
//! continuations prefixed `##`. Applied to the words of a text, this gives the pieces the
//! reference tokenizer gives the whole text, since it never joins across white space.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::EncoderError;

/// Longer words are one unknown piece, as the reference tokenizer has it.
const MAX_WORD_CHARS: usize = 100;

/// A WordPiece vocabulary: one entry per line, the line number is the id.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    unknown: u32,
    pub(crate) classify: u32,
    pub(crate) separator: u32,
}

impl Vocabulary {
    /// Reads a `vocab.txt`; it must hold `[UNK]`, `[CLS]` and `[SEP]`.
    pub fn from_text(text: &str) -> Result<Vocabulary, EncoderError> {
        let mut ids = HashMap::new();
        for (id, line) in text.lines().enumerate() {
            let id = u32::try_from(id).map_err(|_| EncoderError::Vocabulary("more than 2^32 entries".into()))?;
            ids.entry(line.trim_end_matches('\r').to_string()).or_insert(id);
        }
        let special =
            |name: &str| ids.get(name).copied().ok_or_else(|| EncoderError::Vocabulary(format!("no {name} entry")));
        let (unknown, classify, separator) = (special("[UNK]")?, special("[CLS]")?, special("[SEP]")?);
        Ok(Vocabulary { ids, unknown, classify, separator })
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The piece ids of one word (a run of text without white space); none for a word of
    /// control characters only.
    pub fn pieces(&self, word: &str) -> Vec<u32> {
        self.cased_pieces(word).into_iter().map(|(id, _)| id).collect()
    }

    /// [`Vocabulary::pieces`], each with whether the run of letters and digits it comes from
    /// opens with a capital (false for punctuation).
    pub fn cased_pieces(&self, word: &str) -> Vec<(u32, bool)> {
        let mut pieces = Vec::new();
        let mut ids = Vec::new();
        for (part, capital) in basic_split(word) {
            ids.clear();
            self.word_pieces(&part, &mut ids);
            pieces.extend(ids.iter().map(|&id| (id, capital)));
        }
        pieces
    }

    fn word_pieces(&self, word: &str, out: &mut Vec<u32>) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() > MAX_WORD_CHARS {
            out.push(self.unknown);
            return;
        }
        let mut found = Vec::new();
        let mut start = 0;
        let mut key = String::with_capacity(word.len() + 2);
        while start < chars.len() {
            let mut end = chars.len();
            let mut piece = None;
            while end > start {
                key.clear();
                if start > 0 {
                    key.push_str("##");
                }
                let from = chars[start].0;
                let to = chars.get(end).map_or(word.len(), |c| c.0);
                key.push_str(&word[from..to]);
                if let Some(&id) = self.ids.get(key.as_str()) {
                    piece = Some(id);
                    break;
                }
                end -= 1;
            }
            let Some(id) = piece else {
                out.push(self.unknown);
                return;
            };
            found.push(id);
            start = end;
        }
        out.extend(found);
    }
}

/// Splits a word at punctuation (each punctuation character a part of its own), then cleans,
/// lowercases and strips the accents of each part; with whether the part is letters and digits
/// opening with a capital.
fn basic_split(word: &str) -> Vec<(String, bool)> {
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut current = String::new();
    let push = |text: &str, parts: &mut Vec<(String, bool)>| {
        let capital = text.chars().next().is_some_and(|c| c.is_uppercase() && c.is_alphanumeric());
        let cleaned: String =
            text.chars().flat_map(char::to_lowercase).collect::<String>().nfd().filter(|&c| !is_mark(c)).collect();
        if !cleaned.is_empty() {
            parts.push((cleaned, capital));
        }
    };
    for c in word.chars().filter(|&c| !dropped(c)) {
        if c.is_whitespace() || is_punctuation(c) || is_cjk(c) {
            if !current.is_empty() {
                push(&current, &mut parts);
                current.clear();
            }
            if !c.is_whitespace() {
                push(c.encode_utf8(&mut [0; 4]), &mut parts);
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        push(&current, &mut parts);
    }
    parts
}

/// Characters the reference tokenizer removes: NUL, the replacement character, and control
/// and format characters other than white space.
fn dropped(c: char) -> bool {
    matches!(c, '\0' | '\u{fffd}')
        || (c.is_control() && !c.is_whitespace())
        || matches!(c, '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{180e}'
            | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}'
            | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// Combining marks (what accent stripping drops after canonical decomposition).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}'
        | '\u{fe20}'..='\u{fe2f}')
}

/// ASCII symbols and punctuation, and Unicode punctuation.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(c, '\u{a1}' | '\u{a7}' | '\u{ab}' | '\u{b6}' | '\u{b7}' | '\u{bb}' | '\u{bf}' | '\u{37e}' | '\u{387}'
        | '\u{55a}'..='\u{55f}' | '\u{589}' | '\u{58a}' | '\u{5be}' | '\u{5c0}' | '\u{5c3}' | '\u{5c6}'
        | '\u{5f3}' | '\u{5f4}' | '\u{609}' | '\u{60a}' | '\u{60c}' | '\u{60d}' | '\u{61b}' | '\u{61e}' | '\u{61f}'
        | '\u{66a}'..='\u{66d}' | '\u{6d4}' | '\u{964}' | '\u{965}' | '\u{970}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{2043}' | '\u{2045}'..='\u{2051}' | '\u{2053}'..='\u{205e}'
        | '\u{207d}' | '\u{207e}' | '\u{208d}' | '\u{208e}' | '\u{2308}'..='\u{230b}' | '\u{2329}' | '\u{232a}'
        | '\u{2768}'..='\u{2775}' | '\u{27c5}' | '\u{27c6}' | '\u{27e6}'..='\u{27ef}' | '\u{2983}'..='\u{2998}'
        | '\u{29d8}'..='\u{29db}' | '\u{29fc}' | '\u{29fd}' | '\u{2cf9}'..='\u{2cfc}' | '\u{2cfe}' | '\u{2cff}'
        | '\u{2e00}'..='\u{2e2e}' | '\u{2e30}'..='\u{2e4f}' | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301f}' | '\u{3030}' | '\u{303d}' | '\u{30a0}' | '\u{30fb}' | '\u{fe10}'..='\u{fe19}'
        | '\u{fe30}'..='\u{fe52}' | '\u{fe54}'..='\u{fe61}' | '\u{fe63}' | '\u{fe68}' | '\u{fe6a}' | '\u{fe6b}'
        | '\u{ff01}'..='\u{ff03}' | '\u{ff05}'..='\u{ff0a}' | '\u{ff0c}'..='\u{ff0f}' | '\u{ff1a}' | '\u{ff1b}'
        | '\u{ff1f}' | '\u{ff20}' | '\u{ff3b}'..='\u{ff3d}' | '\u{ff3f}' | '\u{ff5b}' | '\u{ff5d}'
        | '\u{ff5f}'..='\u{ff65}')
}

/// CJK ideographs, which the reference tokenizer splits one by one.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{20000}'..='\u{2a6df}'
        | '\u{2a700}'..='\u{2b73f}' | '\u{2b740}'..='\u{2b81f}' | '\u{2b820}'..='\u{2ceaf}'
        | '\u{f900}'..='\u{faff}' | '\u{2f800}'..='\u{2fa1f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        let entries = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "sen", "##ator", "said", ",", "“", "cafe", "'", "s"];
        Vocabulary::from_text(&entries.join("\n")).expect("vocabulary")
    }

    #[test]
    fn words_are_cut_into_the_longest_pieces() {
        let v = vocabulary();
        assert_eq!(v.pieces("Senator"), vec![5, 6]);
        assert_eq!(v.pieces("SAID"), vec![7]);
        assert_eq!(v.pieces("senatorx"), vec![1]);
    }

    #[test]
    fn punctuation_splits_and_accents_go() {
        let v = vocabulary();
        assert_eq!(v.pieces("“the"), vec![9, 4]);
        assert_eq!(v.pieces("Café"), vec![10]);
        assert_eq!(v.pieces("the's"), vec![4, 11, 12]);
        assert_eq!(v.pieces("said,"), vec![7, 8]);
    }

    #[test]
    fn pieces_know_whether_their_run_opens_with_a_capital() {
        let v = vocabulary();
        assert_eq!(v.cased_pieces("Senator,"), vec![(5, true), (6, true), (8, false)]);
        assert_eq!(v.cased_pieces("the's"), vec![(4, false), (11, false), (12, false)]);
        assert_eq!(v.cased_pieces("The'S"), vec![(4, true), (11, false), (12, true)]);
    }

    #[test]
    fn control_characters_make_no_piece() {
        let v = vocabulary();
        assert!(v.pieces("\u{200b}").is_empty());
        assert_eq!(v.pieces("th\u{ad}e"), vec![4]);
        assert_eq!(v.pieces(&"a".repeat(101)), vec![1]);
    }

    #[test]
    fn a_vocabulary_without_its_special_entries_is_refused() {
        let error = Vocabulary::from_text("the\nsaid").expect_err("no [UNK]");
        assert!(error.to_string().contains("[UNK]"), "{error}");
    }
}
