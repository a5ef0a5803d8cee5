//! Light sentence compression for summaries: what a reader does not miss goes, so the word
//! budget holds more content. Datelines ("PINE RIDGE, S.D. (AP) --"), a leading connective
//! ("But", "However,"), short parentheticals and dash asides, and a trailing attribution
//! (", he said.") are removed; the rest of the sentence is kept word for word.

use std::sync::LazyLock;

use regex::Regex;

/// A wire dateline at the start of a story's first sentence.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*)*(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Za-z.]+)*)?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([A-Za-z-]+\)\s*)?(?:--|_|-)\s+)",
    )
    .expect("valid regex")
});
static CONNECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:But|And|Yet|So|Still|Also|However|Meanwhile|Moreover|Furthermore|Nevertheless|In addition|In fact|Instead|Indeed|Besides|Then|Now|Thus|Therefore|Consequently|Otherwise|Finally|Of course|For example|For instance|In other words|On the other hand|At the same time)\b,?\s+",
    )
    .expect("valid regex")
});
static PARENTHETICAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\([^()]{0,80}\)").expect("valid regex"));
static DASH_ASIDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+(?:--|_)\s+[^_]{1,80}?\s+(?:--|_)\s+").expect("valid regex"));
/// ", he said." / ", said John Smith, a spokesman." / ", officials said Tuesday." at the end.
static TRAILING_ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r",\s+(?:(?:he|she|they|it|[A-Za-z.'-]+(?:\s+[A-Za-z.'-]+){0,5})\s+(?:said|says|added|noted|explained|reported|told\s+[A-Za-z.' ]{1,40}?|according to [^,.]{1,40})|(?:said|says|added)\s+[^,.]{1,60}(?:,[^,.]{1,60})?|according\s+to\s+[^,.]{1,60})(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|last week|on \w+))?\s*\.$",
    )
    .expect("valid regex")
});

/// Which parts of a sentence may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Keep sentences as written (apart from the dateline).
    None,
    /// Connectives, parentheticals, dash asides and trailing attributions go.
    Light,
}

/// The sentence without its dateline (and a wire slug before it: "CUBA-ELIAN _ MIAMI _").
pub fn strip_dateline(sentence: &str) -> &str {
    let mut rest = sentence;
    for _ in 0..2 {
        match DATELINE.find(rest) {
            // A dateline is short and is followed by the sentence proper.
            Some(m) if m.end() < rest.len() && m.as_str().split_whitespace().count() <= 9 => rest = &rest[m.end()..],
            _ => break,
        }
    }
    rest
}

/// The sentence compressed as `mode` allows. Returns the sentence itself when nothing goes or
/// when too little would be left.
pub fn compress(sentence: &str, mode: Compression) -> String {
    // The wire's underscore dash reads as a dash.
    let sentence = strip_dateline(sentence).trim().replace(" _ ", " -- ");
    let sentence = sentence.as_str();
    if mode == Compression::None {
        return sentence.to_string();
    }
    let mut text = sentence.to_string();
    if !text.starts_with(['"', '`', '\'', '“']) {
        if let Some(m) = CONNECTIVE.find(&text) {
            let rest = &text[m.end()..];
            // Only when what follows can open a sentence on its own ("But the army…").
            if rest.chars().next().is_some_and(|c| c.is_alphanumeric()) {
                text = capitalize(rest);
            }
        }
        if let Some(m) = TRAILING_ATTRIBUTION.find(&text) {
            let kept = &text[..m.start()];
            // Not when the attribution carries the sentence's verb ("Smith, 45, said.").
            if kept.split_whitespace().count() >= 6 && !kept.contains(['"', '“', '`']) {
                text = format!("{kept}.");
            }
        }
    }
    text = PARENTHETICAL.replace_all(&text, "").into_owned();
    text = DASH_ASIDE.replace_all(&text, " ").into_owned();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.split_whitespace().count() < 5 { sentence.to_string() } else { text }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(compress(input, Compression::Light), expected, "compressing {input:?}");
    }

    #[test]
    fn datelines_go() {
        assert_eq!(
            strip_dateline("PINE RIDGE, S.D. (AP) -- President Clinton turned to the Indians."),
            "President Clinton turned to the Indians."
        );
        assert_eq!(strip_dateline("BERLIN (AP) _ Two medical experts testified."), "Two medical experts testified.");
        assert_eq!(
            strip_dateline("CANBERRA, March 20 (Xinhua) -- The formation of a new body was vital."),
            "The formation of a new body was vital."
        );
        assert_eq!(
            strip_dateline("PHOENIX _ Victoria Molina wants strangers to stop."),
            "Victoria Molina wants strangers to stop."
        );
        assert_eq!(strip_dateline("The army said so."), "The army said so.");
        assert_eq!(
            strip_dateline("CUBA-ELIAN _ MIAMI _ As both sides wait, the mayor flies."),
            "As both sides wait, the mayor flies."
        );
    }

    #[test]
    fn connectives_asides_and_attributions_go() {
        check(
            "But the main purpose of the visit was simply to pay attention.",
            "The main purpose of the visit was simply to pay attention.",
        );
        check(
            "The per capita income (a federal figure) is one-third less than the national income.",
            "The per capita income is one-third less than the national income.",
        );
        check(
            "The visit -- the first by a president since Roosevelt -- was meant to draw attention to poverty.",
            "The visit was meant to draw attention to poverty.",
        );
        check(
            "Pine Ridge is a metaphor for poverty in the whole nation, Cuomo said.",
            "Pine Ridge is a metaphor for poverty in the whole nation.",
        );
        check(
            "The tribe will open a casino next year, said John Smith, a tribal spokesman.",
            "The tribe will open a casino next year.",
        );
        check(
            "Finland has agreed to help the province improve wetlands protection, according to provincial officials.",
            "Finland has agreed to help the province improve wetlands protection.",
        );
        // Quotes keep their attribution; short sentences stay whole.
        check("``We are poor,'' he said.", "``We are poor,'' he said.");
        check("But he left.", "But he left.");
    }
}
