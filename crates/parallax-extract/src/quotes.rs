//! Direct quotes and their speakers: “…” (and "…", «…», ‘…’) with cue verbs before or after,
//! pronouns resolved to the previous attribution, and continuation quotes.

use parallax_model::{Quote, SpeakerKind};

use crate::entities::EntityIndex;
use crate::words::{Token, tokenize};

/// Verbs (and phrases) that attribute speech.
const CUES: &[&str] = &[
    "acknowledged",
    "added",
    "adding",
    "admitted",
    "announced",
    "argued",
    "asked",
    "asserted",
    "cautioned",
    "claimed",
    "commented",
    "complained",
    "conceded",
    "confirmed",
    "continued",
    "declared",
    "denied",
    "described",
    "emphasised",
    "emphasized",
    "explained",
    "insisted",
    "maintained",
    "noted",
    "observed",
    "pledged",
    "promised",
    "recalled",
    "remarked",
    "replied",
    "reported",
    "responded",
    "said",
    "says",
    "spoke",
    "stated",
    "stressed",
    "tells",
    "termed",
    "told",
    "tweeted",
    "underscored",
    "urged",
    "vowed",
    "warned",
    "wrote",
];

/// Nouns that head an unnamed or descriptive source ("a source familiar", "the official").
const SOURCE_NOUNS: &[&str] = &[
    "aide",
    "analyst",
    "diplomat",
    "familiar",
    "governor",
    "member",
    "minister",
    "official",
    "officials",
    "officer",
    "person",
    "president",
    "relative",
    "resident",
    "source",
    "sources",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "statement",
    "witness",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we"];

const MIN_QUOTE_WORDS: usize = 3;

/// A quote span inside one paragraph: byte range of the inner text.
struct Span {
    start: usize,
    end: usize,
    /// The quote is still open at the end of the paragraph.
    open: bool,
}

fn quote_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (index, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(index + 1).map(|(_, n)| *n);
        let prev = index.checked_sub(1).map(|i| chars[i].1);
        match open {
            None => {
                let opens = matches!(c, '“' | '«' | '„')
                    || (c == '"' && next.is_some_and(|n| !n.is_whitespace()))
                    || (c == '‘' && prev.is_none_or(|p| !p.is_alphanumeric()));
                if opens {
                    open = Some((at + c.len_utf8(), c));
                }
            }
            Some((start, opener)) => {
                let closes = match opener {
                    '“' | '„' => c == '”',
                    '«' => c == '»',
                    '"' => c == '"',
                    _ => c == '’' && next.is_none_or(|n| !n.is_alphanumeric()),
                };
                if closes {
                    spans.push(Span { start, end: at, open: false });
                    open = None;
                }
            }
        }
    }
    if let Some((start, _)) = open {
        spans.push(Span { start, end: text.len(), open: true });
    }
    spans
}

/// The speaker found for a quote, before resolution.
#[derive(Debug, Clone)]
enum Found {
    Name(String),
    Pronoun,
    Description(String),
}

/// Extracts the quotes of an article with their speakers.
pub fn extract_quotes(paragraphs: &[String], entities: &EntityIndex) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut last_person: Option<String> = None;
    let mut last_speaker: Option<(String, SpeakerKind)> = None;
    let mut open_from_previous = false;
    for (paragraph, text) in paragraphs.iter().enumerate() {
        let spans = quote_spans(text);
        let tokens = tokenize(text);
        let starts_with_quote = text.trim_start().starts_with(['“', '"', '«', '‘']);
        let mut paragraph_speaker: Option<(String, SpeakerKind)> = None;
        let continues = open_from_previous && starts_with_quote;
        for span in &spans {
            let inner = text[span.start..span.end].trim().trim_end_matches([',', ' ']).trim();
            let n_words = inner.split_whitespace().count();
            if n_words < MIN_QUOTE_WORDS || is_title_case(inner) {
                continue;
            }
            // A name that spoke earlier in this paragraph ("X said …. “…,” she said").
            if let Some(name) = indirect_speaker(text, &tokens, &spans, span.start) {
                last_person = Some(entities.person(&name).map_or(name, str::to_string));
            }
            let (found, cue) = attribute(text, &tokens, span);
            let resolved = match found {
                Some(Found::Name(name)) => {
                    let canonical = entities.person(&name).map_or(name, str::to_string);
                    last_person = Some(canonical.clone());
                    Some((canonical, SpeakerKind::Named))
                }
                Some(Found::Pronoun) => {
                    last_person.clone().map(|p| (p, SpeakerKind::Named)).or_else(|| last_speaker.clone())
                }
                Some(Found::Description(description)) => Some((description, SpeakerKind::Anonymous)),
                None if paragraph_speaker.is_some() => paragraph_speaker.clone(),
                None if continues || starts_with_quote => last_speaker.clone(),
                None => None,
            };
            if let Some(speaker) = &resolved {
                paragraph_speaker = Some(speaker.clone());
                last_speaker = Some(speaker.clone());
            }
            quotes.push(Quote {
                text: inner.to_string(),
                speaker: resolved.as_ref().map(|(name, _)| name.clone()),
                speaker_kind: resolved.map(|(_, kind)| kind),
                cue,
                paragraph,
            });
        }
        // Names that speak without a direct quote ("X said that …") set the pronoun antecedent.
        if let Some(name) = indirect_speaker(text, &tokens, &spans, text.len()) {
            let canonical = entities.person(&name).map_or(name, str::to_string);
            last_person = Some(canonical);
        }
        open_from_previous = spans.last().is_some_and(|span| span.open);
    }
    quotes
}

fn is_title_case(text: &str) -> bool {
    text.split_whitespace().filter(|w| w.chars().count() > 3).all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Finds the speaker of the quote at `span` from the cue verbs of its sentence.
fn attribute(text: &str, tokens: &[Token<'_>], span: &Span) -> (Option<Found>, Option<String>) {
    let (sentence_start, sentence_end) = sentence_bounds(tokens, span);
    let spans = quote_spans(text);
    let outside: Vec<usize> = (sentence_start..sentence_end)
        .filter(|&i| !spans.iter().any(|s| tokens[i].start >= s.start && tokens[i].start < s.end))
        .collect();
    let mut cues: Vec<usize> =
        outside.iter().copied().filter(|&i| CUES.contains(&tokens[i].lower().as_str())).collect();
    let quote_token = tokens.iter().position(|t| t.start >= span.start).unwrap_or(0);
    cues.sort_by_key(|&i| i.abs_diff(quote_token));
    for cue in cues {
        let after_quote = tokens[cue].start > span.end;
        let found = if after_quote && directly_follows_quote(text, tokens, span, cue) {
            speaker_after(tokens, cue).or_else(|| speaker_before(text, tokens, cue))
        } else {
            speaker_before(text, tokens, cue).or_else(|| speaker_after(tokens, cue))
        };
        if found.is_some() {
            return (found, Some(tokens[cue].lower()));
        }
    }
    if let Some(found) = according_to(tokens, sentence_start, sentence_end) {
        return (Some(found), Some("according to".into()));
    }
    (None, None)
}

/// Token range of the sentence(s) around a quote: from the sentence end before the quote
/// opens to the sentence end after it closes.
fn sentence_bounds(tokens: &[Token<'_>], span: &Span) -> (usize, usize) {
    let is_end = |t: &Token<'_>| matches!(t.text, "." | "!" | "?");
    let first_inside = tokens.iter().position(|t| t.start >= span.start).unwrap_or(tokens.len());
    let last_inside = tokens.iter().rposition(|t| t.end <= span.end).unwrap_or(0);
    let start = tokens[..first_inside.saturating_sub(1)].iter().rposition(is_end).map_or(0, |i| i + 1);
    let mut end = tokens.len();
    for (offset, token) in tokens.iter().enumerate().skip(last_inside + 2) {
        if is_end(token) {
            end = offset + 1;
            break;
        }
    }
    (start, end)
}

/// `“…,” said X` / `“…,” X said`: only punctuation between the quote and the cue phrase.
fn directly_follows_quote(text: &str, tokens: &[Token<'_>], span: &Span, cue: usize) -> bool {
    let between = &text[span.end.min(tokens[cue].start)..tokens[cue].start];
    let n_words = between.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
    n_words == 0
}

fn speaker_after(tokens: &[Token<'_>], cue: usize) -> Option<Found> {
    let mut index = cue + 1;
    if tokens.get(index).is_some_and(|t| matches!(t.text, ":" | ",")) {
        return None;
    }
    let first = tokens.get(index)?;
    let lower = first.lower();
    if PRONOUNS.contains(&lower.as_str()) {
        return Some(Found::Pronoun);
    }
    if matches!(lower.as_str(), "the" | "a" | "an") {
        let mut words = vec![first.text.to_lowercase()];
        index += 1;
        while let Some(token) = tokens.get(index) {
            if !token.is_word() || words.len() >= 6 {
                break;
            }
            words.push(token.text.to_string());
            if SOURCE_NOUNS.contains(&token.lower().as_str()) {
                return Some(Found::Description(words.join(" ")));
            }
            index += 1;
        }
        return None;
    }
    let name = name_at(tokens, index)?;
    Some(Found::Name(name))
}

fn speaker_before(text: &str, tokens: &[Token<'_>], cue: usize) -> Option<Found> {
    let mut index = cue;
    // Skip adverbs between subject and verb ("he also said", "Tal later told").
    while index > 0
        && matches!(
            tokens[index - 1].lower().as_str(),
            "also" | "later" | "then" | "again" | "had" | "has" | "have" | "once" | "previously"
        )
    {
        index -= 1;
    }
    if index == 0 {
        return None;
    }
    let previous = &tokens[index - 1];
    let lower = previous.lower();
    if PRONOUNS.contains(&lower.as_str()) {
        return Some(Found::Pronoun);
    }
    if previous.is_capitalised() && previous.is_word() {
        let mut start = index - 1;
        while start > 0 && tokens[start - 1].is_capitalised() && tokens[start - 1].is_word() {
            start -= 1;
        }
        let name = &text[tokens[start].start..previous.end];
        let name = strip_honorifics(name);
        if !name.is_empty() && !matches!(name, "It" | "This" | "That" | "There") {
            return Some(Found::Name(name.to_string()));
        }
    }
    // "a source familiar with the talks said", "the official said"
    let mut start = index;
    let mut determiner = None;
    let mut has_source_noun = false;
    while start > 0 && index - start < 8 {
        let token = &tokens[start - 1];
        if !token.is_word() {
            break;
        }
        start -= 1;
        let lower = token.lower();
        if SOURCE_NOUNS.contains(&lower.as_str()) {
            has_source_noun = true;
        }
        if matches!(lower.as_str(), "a" | "an" | "the") && has_source_noun {
            determiner = Some(start);
        }
    }
    if let Some(start) = determiner {
        let phrase = &text[tokens[start].start..previous.end];
        return Some(Found::Description(phrase.to_lowercase()));
    }
    None
}

fn name_at(tokens: &[Token<'_>], index: usize) -> Option<String> {
    let mut end = index;
    while end < tokens.len() && tokens[end].is_capitalised() && tokens[end].is_word() {
        end += 1;
    }
    if end == index {
        return None;
    }
    let words: Vec<&str> = tokens[index..end].iter().map(|t| t.text).collect();
    let name = strip_honorifics(&words.join(" ")).to_string();
    (!name.is_empty()).then_some(name)
}

fn strip_honorifics(name: &str) -> &str {
    let mut rest = name.trim();
    loop {
        let Some((first, tail)) = rest.split_once(' ') else {
            return rest;
        };
        if matches!(
            first,
            "Mr."
                | "Mrs."
                | "Ms."
                | "Dr."
                | "Sen."
                | "Rep."
                | "Gov."
                | "Gen."
                | "Prof."
                | "President"
                | "Minister"
                | "Secretary"
        ) {
            rest = tail.trim();
        } else {
            return rest;
        }
    }
}

fn according_to(tokens: &[Token<'_>], start: usize, end: usize) -> Option<Found> {
    let at =
        (start..end.saturating_sub(1)).find(|&i| tokens[i].lower() == "according" && tokens[i + 1].lower() == "to")?;
    let phrase: Vec<&str> = tokens[at + 2..end].iter().take_while(|t| t.is_word()).map(|t| t.text).collect();
    (!phrase.is_empty()).then(|| Found::Description(phrase.join(" ")))
}

/// The last named subject of a speech verb outside any quote before byte `before`
/// ("Tal said that …").
fn indirect_speaker(text: &str, tokens: &[Token<'_>], spans: &[Span], before: usize) -> Option<String> {
    let mut result = None;
    for (index, token) in tokens.iter().enumerate().take_while(|(_, t)| t.end <= before) {
        if spans.iter().any(|s| token.start >= s.start && token.start < s.end) {
            continue;
        }
        if CUES.contains(&token.lower().as_str())
            && let Some(Found::Name(name)) = speaker_before(text, tokens, index)
        {
            result = Some(name);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::extract_entities;

    fn check(paragraphs: &[&str], expected: &[(&str, Option<&str>)]) {
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| (*p).to_string()).collect();
        let index = EntityIndex::new(&extract_entities(&paragraphs));
        let quotes = extract_quotes(&paragraphs, &index);
        let found: Vec<(&str, Option<&str>)> = quotes.iter().map(|q| (q.text.as_str(), q.speaker.as_deref())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn cue_after_and_before() {
        check(
            &[
                "Foreign Minister Arvin Tal arrived on Friday.",
                "“We came to listen and to help,” Mr. Tal said. “The corridor must open.”",
                "Later, Tal said: “Nobody should be left behind in the valley.”",
                "“Every family deserves an answer today,” said Sora Vell.",
                "“We are counting every hour,” a source close to the talks said.",
            ],
            &[
                ("We came to listen and to help", Some("Arvin Tal")),
                ("The corridor must open.", Some("Arvin Tal")),
                ("Nobody should be left behind in the valley.", Some("Arvin Tal")),
                ("Every family deserves an answer today", Some("Sora Vell")),
                ("We are counting every hour", Some("a source close to the talks")),
            ],
        );
    }

    #[test]
    fn pronouns_and_continuations() {
        check(
            &[
                "Governor Ilse Marrow said that the water was falling.",
                "“It rose all night,” said Pell Andersby. Marrow said crews were ready. “We will rebuild the roads,” she said.",
                "“We will rebuild the bridges first,” she said.",
                "“After that come the schools and the clinics.”",
                "“Rain is forecast again on Sunday, so stay alert,” responded Marrow.",
                "Scare quotes like “pause” are not quotes.",
            ],
            &[
                ("It rose all night", Some("Pell Andersby")),
                ("We will rebuild the roads", Some("Ilse Marrow")),
                ("We will rebuild the bridges first", Some("Ilse Marrow")),
                ("After that come the schools and the clinics.", Some("Ilse Marrow")),
                ("Rain is forecast again on Sunday, so stay alert", Some("Ilse Marrow")),
            ],
        );
    }
}
