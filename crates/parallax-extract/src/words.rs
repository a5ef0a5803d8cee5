//! Word tokens with byte offsets, the unit every extractor scans.

/// A word or punctuation token and where it sits in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Token<'_> {
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }

    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

/// Splits text into words (letters, digits and inner `'’.-,` as in "U.S.", "Hamas’s",
/// "1,400", "cease-fire") and single punctuation tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut index = 0;
    while index < chars.len() {
        let (start, c) = chars[index];
        if c.is_whitespace() {
            index += 1;
            continue;
        }
        if c.is_alphanumeric() || c == '$' {
            let mut end_index = index + 1;
            while end_index < chars.len() {
                let ch = chars[end_index].1;
                let joins = matches!(ch, '\'' | '’' | '.' | '-' | ',' | '/' | '&');
                let next_alnum = chars.get(end_index + 1).is_some_and(|(_, n)| n.is_alphanumeric());
                if ch.is_alphanumeric() || (joins && next_alnum && joins_here(ch, &chars, end_index)) {
                    end_index += 1;
                } else if ch == '.' && is_abbreviation_dot(&chars, index, end_index) {
                    end_index += 1;
                    break;
                } else {
                    break;
                }
            }
            let end = chars.get(end_index).map_or(text.len(), |(b, _)| *b);
            tokens.push(Token { text: &text[start..end], start, end });
            index = end_index;
        } else {
            let end = start + c.len_utf8();
            tokens.push(Token { text: &text[start..end], start, end });
            index += 1;
        }
    }
    tokens
}

/// A `,` joins only digits ("1,400"); a `.` joins letters of an acronym or digits.
fn joins_here(ch: char, chars: &[(usize, char)], at: usize) -> bool {
    let prev = chars[at - 1].1;
    let next = chars[at + 1].1;
    match ch {
        ',' => {
            prev.is_ascii_digit() && next.is_ascii_digit() && chars.get(at + 4).is_none_or(|(_, c)| !c.is_ascii_digit())
        }
        '.' => (prev.is_ascii_digit() && next.is_ascii_digit()) || (prev.is_uppercase() && next.is_uppercase()),
        '/' => prev.is_alphanumeric() && next.is_alphanumeric() && !prev.is_ascii_digit(),
        _ => true,
    }
}

/// The dot after "Mr", "Dr", "Oct", "J" or "U.S" belongs to the word.
fn is_abbreviation_dot(chars: &[(usize, char)], start: usize, dot: usize) -> bool {
    let word: String = chars[start..dot].iter().map(|(_, c)| *c).collect();
    let followed_by_space = chars.get(dot + 1).is_none_or(|(_, c)| !c.is_alphanumeric());
    if !followed_by_space {
        return false;
    }
    let lower = word.to_lowercase();
    word.chars().count() == 1 && word.chars().all(char::is_uppercase)
        || word.contains('.')
        || matches!(
            lower.as_str(),
            "mr" | "mrs"
                | "ms"
                | "dr"
                | "gen"
                | "lt"
                | "col"
                | "sen"
                | "rep"
                | "gov"
                | "prof"
                | "st"
                | "jan"
                | "feb"
                | "mar"
                | "apr"
                | "jun"
                | "jul"
                | "aug"
                | "sep"
                | "sept"
                | "oct"
                | "nov"
                | "dec"
                | "capt"
                | "sgt"
                | "maj"
                | "adm"
                | "jr"
                | "sr"
                | "no"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let text = "Mr. Tal, of the U.S., said 1,400 people, 12.5% and Oct. 7 — “cease-fire”.";
        let words: Vec<&str> = tokenize(text).iter().map(|t| t.text).collect();
        assert_eq!(
            words,
            [
                "Mr.",
                "Tal",
                ",",
                "of",
                "the",
                "U.S.",
                ",",
                "said",
                "1,400",
                "people",
                ",",
                "12.5",
                "%",
                "and",
                "Oct.",
                "7",
                "—",
                "“",
                "cease-fire",
                "”",
                "."
            ]
        );
    }
}
