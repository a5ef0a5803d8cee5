//! Words, stopwords and stemmed terms.

use std::cell::RefCell;
use std::collections::HashMap;

use unicode_segmentation::UnicodeSegmentation;

/// The words of a text (UAX #29 word boundaries, punctuation dropped).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.unicode_words()
}

const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "told",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
];

/// Words in a line; scripts written without spaces (Chinese, Japanese) count one word per
/// two characters.
pub(crate) fn word_count(line: &str) -> usize {
    let spaced = line.split_whitespace().count();
    let wide = line.chars().filter(|c| u32::from(*c) >= 0x2E80).count();
    spaced.max(wide / 2)
}

/// Whether a lowercase word is an English function word.
pub fn is_stopword(lowercase_word: &str) -> bool {
    STOPWORDS.binary_search(&lowercase_word).is_ok()
}

/// Stems remembered per thread; the memo is emptied when it reaches this many words, so that
/// it stays a few megabytes whatever the stream.
const STEM_MEMO_WORDS: usize = 65_536;

/// The English Snowball stem of a lowercase word (memoised: news repeats its words).
pub fn stem(lowercase_word: &str) -> String {
    thread_local! {
        static STEMMER: rust_stemmers::Stemmer =
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        static MEMO: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    MEMO.with(|memo| {
        if let Some(stem) = memo.borrow().get(lowercase_word) {
            return stem.clone();
        }
        let stem = STEMMER.with(|stemmer| stemmer.stem(lowercase_word).into_owned());
        let mut memo = memo.borrow_mut();
        if memo.len() >= STEM_MEMO_WORDS {
            memo.clear();
        }
        memo.insert(lowercase_word.to_string(), stem.clone());
        stem
    })
}

/// Content terms: lowercase, stopwords and pure numbers dropped, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    let mut lower = String::new();
    words(text)
        .filter_map(|word| {
            lower.clear();
            if word.is_ascii() {
                lower.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                lower.extend(word.to_lowercase().chars().map(|c| if c == '’' { '\'' } else { c }));
            }
            let lower = lower.trim_end_matches("'s");
            if lower.len() < 2 || is_stopword(lower) || lower.chars().all(|c| c.is_ascii_digit()) {
                None
            } else {
                Some(stem(lower))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn memoised_stems_equal_fresh_ones_after_the_memo_fills() {
        let fresh =
            |word: &str| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English).stem(word).into_owned();
        assert_eq!(stem("meetings"), fresh("meetings"));
        for i in 0..STEM_MEMO_WORDS + 10 {
            stem(&format!("word{i}ing"));
        }
        for word in ["meetings", "visited", "hostages", "word3ing"] {
            assert_eq!(stem(word), fresh(word), "{word}");
            assert_eq!(stem(word), fresh(word), "{word}, memoised");
        }
    }

    #[test]
    fn terms_fold_case_and_curly_apostrophes_alike() {
        assert_eq!(terms("MINISTER’S Élysée talks"), terms("minister's élysée TALKS"));
    }

    #[test]
    fn terms_stem_and_drop_function_words() {
        assert_eq!(
            terms("The ministers were meeting in Marenport’s harbour"),
            ["minist", "meet", "marenport", "harbour"]
        );
    }
}
