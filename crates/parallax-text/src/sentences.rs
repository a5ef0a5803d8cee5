//! Sentence splitting that knows abbreviations ("Mr.", "U.S.", "Oct.") and initials.

const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "aug", "brig", "capt", "cmdr", "co", "col", "corp", "dec", "dr", "feb", "gen", "gov", "inc", "jan",
    "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "mr", "mrs", "ms", "mt", "no", "nov", "oct", "prof", "rep", "rev",
    "sen", "sep", "sept", "sgt", "sr", "st", "vs",
];

/// Splits text into sentences. A sentence ends at `.`, `!` or `?` (with any closing quotes
/// or brackets) followed by white space and an upper-case letter, digit or opening quote,
/// except after a known abbreviation, a single-letter initial or a dotted acronym ("U.S.").
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
    let piece = piece.trim();
    if !piece.is_empty() {
        sentences.push(piece);
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
}
