//! Passages in quotation marks: “…”, „…“, "…", ''…'', «…», ‘…’ and '…'. Only the outermost
//! passage counts (a ‘…’ inside “…” belongs to it). A double quotation left open at the end of
//! a paragraph runs to its end, as a quote continued in the next paragraph does; an unclosed
//! single mark is an apostrophe.

/// One passage in quotation marks: byte ranges in the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    /// From the opening mark to after the closing mark (or the paragraph end).
    pub start: usize,
    pub end: usize,
    /// The text between the marks.
    pub inner_start: usize,
    pub inner_end: usize,
    /// No closing mark in this paragraph.
    pub open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Curly,
    Low,
    Straight,
    Doubled,
    Guillemet,
    SingleCurly,
    SingleStraight,
}

impl Style {
    fn is_single(self) -> bool {
        matches!(self, Style::SingleCurly | Style::SingleStraight)
    }
}

/// The passages of `text` in quotation marks, in order.
pub(super) fn regions(text: &str) -> Vec<Region> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut regions = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let Some((style, width)) = opening_at(&chars, index) else {
            index += 1;
            continue;
        };
        let start = chars[index].0;
        let inner_start = chars.get(index + width).map_or(text.len(), |(at, _)| *at);
        match closing_after(&chars, index + width, style) {
            Some((close, close_width)) => {
                let inner_end = chars[close].0;
                let end = chars.get(close + close_width).map_or(text.len(), |(at, _)| *at);
                regions.push(Region { start, end, inner_start, inner_end, open: false });
                index = close + close_width;
            }
            None if style.is_single() => index += width,
            None => {
                regions.push(Region { start, end: text.len(), inner_start, inner_end: text.len(), open: true });
                break;
            }
        }
    }
    regions
}

/// A double quotation mark of any style, opening or closing.
pub(super) fn is_double_mark(text: &str) -> bool {
    matches!(text, "“" | "”" | "„" | "\"" | "«" | "»")
}

fn char_at(chars: &[(usize, char)], index: usize) -> Option<char> {
    chars.get(index).map(|(_, c)| *c)
}

/// The style and width in characters of an opening mark at `index`.
fn opening_at(chars: &[(usize, char)], index: usize) -> Option<(Style, usize)> {
    let c = char_at(chars, index)?;
    let prev = index.checked_sub(1).and_then(|i| char_at(chars, i));
    let after_space = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/:".contains(p));
    let next_is_text = |width: usize| char_at(chars, index + width).is_some_and(|n| !n.is_whitespace());
    match c {
        '“' => Some((Style::Curly, 1)),
        '„' => Some((Style::Low, 1)),
        '«' => Some((Style::Guillemet, 1)),
        '"' if next_is_text(1) && (after_space || prev.is_some_and(|p| !p.is_alphanumeric())) => {
            Some((Style::Straight, 1))
        }
        '\'' if char_at(chars, index + 1) == Some('\'') && after_space && next_is_text(2) => Some((Style::Doubled, 2)),
        '‘' if prev.is_none_or(|p| !p.is_alphanumeric()) && next_is_text(1) => Some((Style::SingleCurly, 1)),
        // Not an elision: "'90s", "'em" open nothing.
        '\'' if after_space && char_at(chars, index + 1).is_some_and(char::is_alphabetic) => {
            Some((Style::SingleStraight, 1))
        }
        _ => None,
    }
}

/// The index and width of the mark closing a passage of `style` opened before `from`.
fn closing_after(chars: &[(usize, char)], from: usize, style: Style) -> Option<(usize, usize)> {
    let mut index = from;
    while index < chars.len() {
        let c = chars[index].1;
        let next = char_at(chars, index + 1);
        let prev = index.checked_sub(1).and_then(|i| char_at(chars, i));
        let closes = match style {
            // Typography mixes straight and curly marks: any double mark closes a double quote.
            Style::Curly | Style::Straight => c == '”' || c == '"',
            Style::Low => c == '“' || c == '”',
            Style::Guillemet => c == '»',
            Style::Doubled if c == '\'' && next == Some('\'') => return Some((index, 2)),
            Style::Doubled => false,
            Style::SingleCurly => c == '’' && next.is_none_or(|n| !n.is_alphanumeric()),
            Style::SingleStraight => {
                c == '\''
                    && next.is_none_or(|n| !n.is_alphanumeric())
                    && prev.is_some_and(|p| !p.is_whitespace() && p != 's')
            }
        };
        if closes {
            return Some((index, 1));
        }
        // A paragraph-long single quote is rare; an apostrophe is not.
        if style.is_single() && index - from > 400 {
            return None;
        }
        index += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let found: Vec<&str> = regions(text).iter().map(|r| &text[r.inner_start..r.inner_end]).collect();
        assert_eq!(found, expected, "{text}");
    }

    #[test]
    fn every_style() {
        check("He said “we go ‘now’ or never,” and left.", &["we go ‘now’ or never,"]);
        check("Er sagte „wir gehen“ und ging.", &["wir gehen"]);
        check("Il a dit « nous partons » hier.", &[" nous partons "]);
        check("She said \"it is over\" and \"done.\"", &["it is over", "done."]);
        check("She said \"it is over” and left.", &["it is over"]);
        check("He said ''it is over'' on Monday.", &["it is over"]);
        check("They call it ‘the deal’ in Hamas’ circles.", &["the deal"]);
        check("The '90s band's 'big tour' ended.", &["big tour"]);
        check("“This quote runs on", &["This quote runs on"]);
        check("Rock ’n’ roll, Hamas’ making.", &[]);
    }
}
