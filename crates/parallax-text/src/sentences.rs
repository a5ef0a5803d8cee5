//! Sentence splitting that knows abbreviations ("Mr.", "U.S.", "Oct.") and initials.

const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "aug", "brig", "capt", "cmdr", "co", "col", "corp", "dec", "dr", "feb", "gen", "gov", "inc", "jan",
    "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "mr", "mrs", "ms", "mt", "no", "nov", "oct", "prof", "rep", "rev",
    "sen", "sep", "sept", "sgt", "sr", "st", "vs",
];

/// The longest sentence, in bytes: text that runs on past it without an end (a list, a
/// dump with no punctuation) is cut at the last white space before it, so that work done
/// per sentence, and what is kept of each, stays bounded (news sentences run to a few
/// hundred bytes).
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Splits text into sentences. A sentence ends at `.`, `!` or `?` (with any closing quotes
/// or brackets) followed by white space and an upper-case letter, digit or opening quote,
/// except after a known abbreviation, a single-letter initial or a dotted acronym ("U.S.").
/// No sentence is longer than [`MAX_SENTENCE_BYTES`].
pub fn split_sentences(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut index = 0;
    while index < chars.len() {
        let (_, c) = chars[index];
        if matches!(c, '.' | '!' | '?') {
            let mut end = index + 1;
            while end < chars.len() && is_closer(chars[end].1) {
                end += 1;
            }
            let next_word = (end..chars.len()).find(|&i| !chars[i].1.is_whitespace());
            let has_space = end < chars.len() && chars[end].1.is_whitespace();
            let starts_new = next_word.is_some_and(|i| opens_sentence(chars[i].1));
            if has_space && starts_new && !(c == '.' && ends_with_abbreviation(text, chars[index].0)) {
                let end_byte = chars.get(end).map_or(text.len(), |(b, _)| *b);
                push_trimmed(&mut sentences, &text[start..end_byte]);
                start = end_byte;
                index = end;
                continue;
            }
        }
        index += 1;
    }
    push_trimmed(&mut sentences, &text[start..]);
    sentences
}

fn push_trimmed<'a>(sentences: &mut Vec<&'a str>, piece: &'a str) {
    let mut rest = piece.trim();
    while rest.len() > MAX_SENTENCE_BYTES {
        let mut limit = MAX_SENTENCE_BYTES;
        while !rest.is_char_boundary(limit) {
            limit -= 1;
        }
        // At the last white space before the limit, else (one endless word) at the limit.
        let cut = rest[..limit].rfind(char::is_whitespace).filter(|&at| at > 0).unwrap_or(limit);
        sentences.push(rest[..cut].trim_end());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() {
        sentences.push(rest);
    }
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn opens_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '«' | '[')
}

/// Whether the `.` at byte `dot` closes an abbreviation, an initial or a dotted acronym.
fn ends_with_abbreviation(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // Initials and dotted acronyms: "J", "U.S", "a.m"
    if word.split('.').all(|part| part.chars().count() == 1) {
        return word.chars().next().is_some_and(char::is_alphabetic);
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.binary_search(&lower.as_str()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        assert_eq!(split_sentences(text), expected);
    }

    #[test]
    fn abbreviations_are_sorted() {
        assert!(ABBREVIATIONS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn splits_on_terminal_punctuation() {
        check(
            "One thing happened. Then another! Did it? Yes.",
            &["One thing happened.", "Then another!", "Did it?", "Yes."],
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        check(
            "Mr. Tal met Dr. Vell in the U.S. on Oct. 7. Arvin J. Tal left.",
            &["Mr. Tal met Dr. Vell in the U.S. on Oct. 7.", "Arvin J. Tal left."],
        );
    }

    #[test]
    fn quotes_close_sentences() {
        check(
            "“We will help,” he said. “It matters.” Then he left.",
            &["“We will help,” he said.", "“It matters.”", "Then he left."],
        );
    }

    #[test]
    fn text_without_an_end_is_cut_at_white_space_before_the_bound() {
        let words = "talks went on ".repeat(1000);
        let text = format!("It began. Then {words}and on");
        let sentences = split_sentences(&text);
        assert_eq!(sentences[0], "It began.");
        assert!(sentences.len() > 2, "{} sentences", sentences.len());
        for sentence in &sentences {
            assert!(sentence.len() <= MAX_SENTENCE_BYTES, "{} bytes", sentence.len());
            assert!(!sentence.starts_with(' ') && !sentence.ends_with(' '), "cut inside a word or left white space");
        }
        // Nothing is lost: the pieces hold every word in order.
        let rejoined: Vec<&str> = sentences[1..].iter().flat_map(|s| s.split_whitespace()).collect();
        assert_eq!(rejoined, format!("Then {words}and on").split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn an_endless_word_is_cut_on_a_character_boundary() {
        let text = "é".repeat(MAX_SENTENCE_BYTES);
        let sentences = split_sentences(&text);
        assert_eq!(sentences.concat(), text);
        assert!(sentences.iter().all(|s| s.len() <= MAX_SENTENCE_BYTES && !s.is_empty()));
    }
}
