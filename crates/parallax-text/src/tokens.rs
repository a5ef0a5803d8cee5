//! Words, stopwords and stemmed terms.

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

/// The English Snowball stem of a lowercase word.
pub fn stem(lowercase_word: &str) -> String {
    thread_local! {
        static STEMMER: rust_stemmers::Stemmer =
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    }
    STEMMER.with(|stemmer| stemmer.stem(lowercase_word).into_owned())
}

/// Content terms: lowercase, stopwords and pure numbers dropped, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    words(text)
        .filter_map(|word| {
            let lower = word.to_lowercase().replace('’', "'");
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
    fn terms_stem_and_drop_function_words() {
        assert_eq!(
            terms("The ministers were meeting in Marenport’s harbour"),
            ["minist", "meet", "marenport", "harbour"]
        );
    }
}
