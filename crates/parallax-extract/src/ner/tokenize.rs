//! Tokens as CoNLL-2003 cuts them: punctuation split off words, "U.S." and "Mr." kept whole,
//! "'s" and "n't" as tokens of their own; and sentences from them.

use std::ops::Range;

/// A token and its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NerToken<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// Words whose trailing period belongs to them.
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "aug", "bros", "capt", "cmdr", "co", "col", "corp", "dec", "dr", "feb", "fig", "fri", "ft", "gen",
    "gov", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "messrs", "mon", "mr", "mrs", "ms", "mt",
    "nov", "oct", "plc", "prof", "rep", "rev", "sat", "sen", "sep", "sept", "sgt", "sr", "st", "sun", "thu", "tue",
    "vs", "wed",
];

const OPENING: &[char] = &['"', '\'', '(', '[', '{', '`', '“', '‘', '«', '$', '£', '€'];
const CLOSING: &[char] = &['"', '\'', ')', ']', '}', ',', ';', ':', '!', '?', '”', '’', '»', '%'];
const CLITICS: &[&str] = &["n't", "'s", "'S", "'re", "'ve", "'ll", "'m", "'d", "’s", "N'T"];

/// Splits text into tokens.
pub fn tokenize(text: &str) -> Vec<NerToken<'_>> {
    let mut tokens = Vec::new();
    let mut chunk_start = None;
    for (index, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(start) = chunk_start.take() {
                split_chunk(text, start, index, &mut tokens);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(index);
        }
    }
    tokens
}

fn split_chunk<'a>(text: &'a str, mut start: usize, mut end: usize, tokens: &mut Vec<NerToken<'a>>) {
    let token = |start: usize, end: usize| NerToken { text: &text[start..end], start, end };
    // Opening punctuation, one token each.
    while let Some(c) = text[start..end].chars().next() {
        if !OPENING.contains(&c) || start + c.len_utf8() == end {
            break;
        }
        tokens.push(token(start, start + c.len_utf8()));
        start += c.len_utf8();
    }
    // Closing punctuation, gathered from the end.
    let mut closing = Vec::new();
    loop {
        let core = &text[start..end];
        if core.len() > 3 && core.ends_with("...") {
            closing.push(token(end - 3, end));
            end -= 3;
            continue;
        }
        let Some(c) = core.chars().next_back() else { break };
        if core.chars().count() == 1 {
            break;
        }
        if CLOSING.contains(&c) || (c == '.' && !keeps_period(&core[..core.len() - 1])) {
            closing.push(token(end - c.len_utf8(), end));
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    // Clitics.
    let core = &text[start..end];
    let clitic = CLITICS.iter().find(|clitic| core.len() > clitic.len() && core.ends_with(*clitic));
    match clitic {
        Some(clitic) => {
            tokens.push(token(start, end - clitic.len()));
            tokens.push(token(end - clitic.len(), end));
        }
        None if start < end => tokens.push(token(start, end)),
        None => {}
    }
    tokens.extend(closing.into_iter().rev());
}

/// Whether `word` (without its final period) is an abbreviation or initial.
fn keeps_period(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return false;
    }
    word.contains('.')
        || (word.chars().count() == 1 && letters == 1)
        || ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

/// Sentences as token ranges: a line break in the text, or a final `.`, `!`, `?` (after any
/// closing quotes or brackets) before a token that does not start in lowercase, ends one.
pub fn sentence_ranges(text: &str, tokens: &[NerToken<'_>]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for i in 0..tokens.len() {
        let next = tokens.get(i + 1);
        let line_break = next.is_some_and(|next| text[tokens[i].end..next.start].contains('\n'));
        let ends = matches!(tokens[i].text, "." | "!" | "?" | "...")
            && next.is_some_and(|next| !next.text.starts_with(|c: char| c.is_lowercase() || CLOSING.contains(&c)));
        let closes = matches!(tokens[i].text, "\"" | "”" | "'" | ")")
            && i > 0
            && matches!(tokens[i - 1].text, "." | "!" | "?")
            && next.is_some_and(|next| next.text.starts_with(char::is_uppercase));
        if line_break || ends || closes || next.is_none() {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        let tokens: Vec<&str> = tokenize(text).iter().map(|t| t.text).collect();
        assert_eq!(tokens.join(" "), expected, "{text}");
    }

    #[test]
    fn splits_like_conll() {
        check("The U.S. envoy, Mr. Blix, said: \"No.\"", "The U.S. envoy , Mr. Blix , said : \" No . \"");
        check("Britain's Smith didn't go (to Paris).", "Britain 's Smith did n't go ( to Paris ) .");
        check("It cost $5.4 million, or 12%...", "It cost $ 5.4 million , or 12 % ...");
        check("J. Smith scored 6-4 on 1996-08-22.", "J. Smith scored 6-4 on 1996-08-22 .");
    }

    #[test]
    fn keeps_offsets() {
        let text = "Hi, Ann.";
        for token in tokenize(text) {
            assert_eq!(&text[token.start..token.end], token.text);
        }
    }

    #[test]
    fn finds_sentences() {
        let text = "He left. She stayed in the U.S. today.\nHEADLINE HERE\n\"Go.\" Then";
        let tokens = tokenize(text);
        let sentences: Vec<String> = sentence_ranges(text, &tokens)
            .into_iter()
            .map(|r| tokens[r].iter().map(|t| t.text).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(sentences, ["He left .", "She stayed in the U.S. today .", "HEADLINE HERE", "\" Go . \"", "Then"]);
    }
}
