//! The article page's marks: names, quotes (content and speaker) and figures located in the
//! clean paragraphs, turned into flat pieces of text that each carry the marks covering them.
//! Pieces are plain text; the template escapes them like any other text.

use std::collections::BTreeSet;

use parallax_model::{EntityKind, Extraction, Figure, TextSpan};

use crate::views::number;

/// What a stretch of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum MarkKind {
    /// Quoted or reported content.
    Quote,
    /// Who a quote is attributed to, as written.
    Speaker,
    Person,
    Organization,
    Place,
    OtherName,
    Figure,
}

impl MarkKind {
    fn class(self) -> &'static str {
        match self {
            Self::Quote => "m-quote",
            Self::Speaker => "m-speaker",
            Self::Person => "m-person",
            Self::Organization => "m-org",
            Self::Place => "m-place",
            Self::OtherName => "m-name",
            Self::Figure => "m-figure",
        }
    }
}

/// One located mark: a byte range of one paragraph, and what the reader is told about it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mark {
    start: usize,
    end: usize,
    kind: MarkKind,
    note: String,
}

/// A stretch of a paragraph and the marks over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub text: String,
    /// Space-separated classes (`m-quote m-person`), empty for unmarked text.
    pub classes: String,
    /// What the innermost mark says ("Person: Antony Blinken"), empty for unmarked text.
    pub note: String,
}

/// Each paragraph cut into pieces along the marks of the extraction.
pub(crate) fn annotate(paragraphs: &[String], extraction: &Extraction) -> Vec<Vec<Piece>> {
    let mut marks: Vec<Vec<Mark>> = vec![Vec::new(); paragraphs.len()];
    let mut push = |span: TextSpan, kind: MarkKind, note: String| {
        if let Some(text) = paragraphs.get(span.paragraph)
            && span.start < span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
        {
            marks[span.paragraph].push(Mark { start: span.start, end: span.end, kind, note });
        }
    };
    for quote in &extraction.quotes {
        let speaker = quote.speaker.as_deref().unwrap_or("speaker unknown");
        for &span in &quote.content_spans {
            push(span, MarkKind::Quote, format!("Quote — {speaker}"));
        }
        if let Some(span) = quote.source_span {
            push(span, MarkKind::Speaker, format!("Speaker: {speaker}"));
        }
    }
    let mut cursors = vec![0_usize; paragraphs.len()];
    for mention in &extraction.entities {
        let Some(text) = paragraphs.get(mention.paragraph) else { continue };
        let from = cursors[mention.paragraph];
        let found = find_word(text, &mention.text, from).or_else(|| find_word(text, &mention.text, 0));
        if let Some(start) = found {
            let end = start + mention.text.len();
            cursors[mention.paragraph] = end;
            let (kind, label) = match mention.kind {
                EntityKind::Person => (MarkKind::Person, "Person"),
                EntityKind::Organization => (MarkKind::Organization, "Organisation"),
                EntityKind::Place => (MarkKind::Place, "Place"),
                EntityKind::Other => (MarkKind::OtherName, "Name"),
            };
            let note = match &mention.role {
                Some(role) => format!("{label}: {} ({role})", mention.canonical),
                None => format!("{label}: {}", mention.canonical),
            };
            push(TextSpan { paragraph: mention.paragraph, start, end }, kind, note);
        }
    }
    for figure in &extraction.figures {
        if let Some(span) = locate_figure(paragraphs, figure) {
            push(span, MarkKind::Figure, figure_note(figure));
        }
    }
    paragraphs.iter().zip(marks).map(|(text, marks)| pieces(text, marks)).collect()
}

/// What a figure's mark says: "killed: more than 9,200 (according to the health ministry)".
pub(crate) fn figure_note(figure: &Figure) -> String {
    let mut note = format!("{}: ", figure.category.as_str());
    if let Some(modifier) = &figure.modifier {
        note.push_str(modifier);
        note.push(' ');
    }
    note.push_str(&number(figure.value));
    if let Some(noun) = &figure.noun {
        note.push(' ');
        note.push_str(noun);
    }
    if let Some(attribution) = &figure.attribution {
        note.push_str(&format!(" ({attribution})"));
    }
    note
}

/// Where a figure's number is written: the number in its sentence whose value (with a scale
/// word such as "million") is the figure's; else the counted noun.
fn locate_figure(paragraphs: &[String], figure: &Figure) -> Option<TextSpan> {
    let text = paragraphs.get(figure.paragraph)?;
    let wanted = figure.sentence.trim();
    let (sentence_start, sentence_end) = match text.find(wanted) {
        Some(start) if !wanted.is_empty() => (start, start + wanted.len()),
        _ => (0, text.len()),
    };
    let sentence = &text[sentence_start..sentence_end];
    for (start, end, value) in numbers(sentence) {
        if (value - figure.value).abs() <= 1e-6 * figure.value.abs().max(1.0) {
            return Some(TextSpan {
                paragraph: figure.paragraph,
                start: sentence_start + start,
                end: sentence_start + end,
            });
        }
    }
    let noun = figure.noun.as_deref()?;
    let start = find_word(sentence, noun, 0)?;
    Some(TextSpan {
        paragraph: figure.paragraph,
        start: sentence_start + start,
        end: sentence_start + start + noun.len(),
    })
}

/// Scale words after a number, with their factor.
const SCALES: &[(&str, f64)] = &[
    ("trillion", 1e12),
    ("billion", 1e9),
    ("million", 1e6),
    ("thousand", 1e3),
    ("bn", 1e9),
    ("tn", 1e12),
    ("m", 1e6),
    ("k", 1e3),
];

/// Numbers written with digits in a text: byte range (scale word included) and value.
fn numbers(text: &str) -> Vec<(usize, usize, f64)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if !starts_number {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < bytes.len()
            && (bytes[end].is_ascii_digit()
                || (matches!(bytes[end], b',' | b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)))
        {
            end += 1;
        }
        let digits: String = text[start..end].chars().filter(|c| *c != ',').collect();
        i = end.max(start + 1);
        let Ok(mut value) = digits.parse::<f64>() else { continue };
        let mut stop = end;
        let rest = &text[end..];
        let spaced = rest.trim_start_matches(' ');
        for &(word, factor) in SCALES {
            let (candidate, offset) = if word.len() <= 2 { (rest, 0) } else { (spaced, rest.len() - spaced.len()) };
            if let Some(after) = candidate.strip_prefix(word)
                && !after.chars().next().is_some_and(char::is_alphanumeric)
            {
                value *= factor;
                stop = end + offset + word.len();
                break;
            }
        }
        found.push((start, stop, value));
    }
    found
}

/// The byte offset of `needle` in `text` at or after `from`, standing as whole words.
fn find_word(text: &str, needle: &str, from: usize) -> Option<usize> {
    if needle.is_empty() || from > text.len() || !text.is_char_boundary(from) {
        return None;
    }
    let mut at = from;
    while let Some(offset) = text[at..].find(needle) {
        let start = at + offset;
        let end = start + needle.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(start);
        }
        at = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Cuts a paragraph at every mark boundary; each piece carries the marks that cover it.
fn pieces(text: &str, marks: Vec<Mark>) -> Vec<Piece> {
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for mark in &marks {
        cuts.insert(mark.start);
        cuts.insert(mark.end);
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut out: Vec<Piece> = Vec::new();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let covering: Vec<&Mark> = marks.iter().filter(|m| m.start <= start && end <= m.end).collect();
        let kinds: BTreeSet<MarkKind> = covering.iter().map(|m| m.kind).collect();
        let classes = kinds.iter().map(|k| k.class()).collect::<Vec<_>>().join(" ");
        // The innermost mark (the shortest) says the most about this piece.
        let note =
            covering.iter().min_by_key(|m| (m.end - m.start, m.kind)).map(|m| m.note.clone()).unwrap_or_default();
        match out.last_mut() {
            Some(last) if last.classes == classes && last.note == note => last.text.push_str(&text[start..end]),
            _ => out.push(Piece { text: text[start..end].to_string(), classes, note }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use parallax_model::{EntityMention, FigureCategory, Quote, QuoteKind, SpeakerKind};

    use super::*;

    fn marked<'a>(pieces: &'a [Piece], class: &str) -> Vec<&'a str> {
        pieces.iter().filter(|p| p.classes.split(' ').any(|c| c == class)).map(|p| p.text.as_str()).collect()
    }

    fn paragraph_of(text: &str) -> Vec<String> {
        vec![text.to_string()]
    }

    #[test]
    fn quotes_names_and_figures_are_marked_and_the_text_is_kept_whole() {
        let text =
            "“We will rebuild,” said Mayor Ilse Brandt of Kerrin, where more than 1,200 homes and $3.5bn were lost.";
        let paragraphs = paragraph_of(text);
        let content_end = text.find(',').expect("comma") + "”".len() + 1;
        let source_start = text.find("Mayor").expect("mayor");
        let extraction = Extraction {
            entities: vec![
                EntityMention {
                    text: "Ilse Brandt".into(),
                    canonical: "Ilse Brandt".into(),
                    kind: EntityKind::Person,
                    role: Some("Mayor".into()),
                    paragraph: 0,
                },
                EntityMention {
                    text: "Kerrin".into(),
                    canonical: "Kerrin".into(),
                    kind: EntityKind::Place,
                    role: None,
                    paragraph: 0,
                },
            ],
            quotes: vec![Quote {
                text: "We will rebuild".into(),
                speaker: Some("Ilse Brandt".into()),
                speaker_kind: Some(SpeakerKind::Named),
                cue: Some("said".into()),
                paragraph: 0,
                kind: QuoteKind::Direct,
                source_span: Some(TextSpan {
                    paragraph: 0,
                    start: source_start,
                    end: source_start + "Mayor Ilse Brandt".len(),
                }),
                cue_span: None,
                content_spans: vec![TextSpan { paragraph: 0, start: 0, end: content_end }],
            }],
            figures: vec![
                Figure {
                    value: 1200.0,
                    category: FigureCategory::Count,
                    noun: Some("homes".into()),
                    modifier: Some("more than".into()),
                    attribution: None,
                    sentence: text.into(),
                    paragraph: 0,
                },
                Figure {
                    value: 3.5e9,
                    category: FigureCategory::Money,
                    noun: None,
                    modifier: None,
                    attribution: None,
                    sentence: text.into(),
                    paragraph: 0,
                },
            ],
            ..Extraction::default()
        };
        let annotated = annotate(&paragraphs, &extraction);
        let pieces = &annotated[0];
        assert_eq!(pieces.iter().map(|p| p.text.as_str()).collect::<String>(), text);
        assert_eq!(marked(pieces, "m-quote").concat(), "“We will rebuild,”");
        assert_eq!(marked(pieces, "m-speaker").concat(), "Mayor Ilse Brandt");
        assert_eq!(marked(pieces, "m-person"), vec!["Ilse Brandt"]);
        assert_eq!(marked(pieces, "m-place"), vec!["Kerrin"]);
        assert_eq!(marked(pieces, "m-figure"), vec!["1,200", "3.5bn"]);
        let person = pieces.iter().find(|p| p.text == "Ilse Brandt").expect("person piece");
        assert_eq!(person.note, "Person: Ilse Brandt (Mayor)");
        let homes = pieces.iter().find(|p| p.text == "1,200").expect("figure piece");
        assert_eq!(homes.note, "count: more than 1,200 homes");
    }

    #[test]
    fn spans_out_of_range_or_inside_a_character_are_ignored() {
        let paragraphs = paragraph_of("Café société");
        let extraction = Extraction {
            quotes: vec![Quote {
                text: "x".into(),
                speaker: None,
                speaker_kind: None,
                cue: None,
                paragraph: 0,
                kind: QuoteKind::Indirect,
                source_span: Some(TextSpan { paragraph: 3, start: 0, end: 2 }),
                cue_span: None,
                content_spans: vec![
                    TextSpan { paragraph: 0, start: 2, end: 4 },
                    TextSpan { paragraph: 0, start: 0, end: 99 },
                ],
            }],
            ..Extraction::default()
        };
        let annotated = annotate(&paragraphs, &extraction);
        assert_eq!(
            annotated[0],
            vec![Piece { text: "Café société".into(), classes: String::new(), note: String::new() }]
        );
    }

    #[test]
    fn names_match_whole_words_only() {
        assert_eq!(find_word("Katzman met Katz", "Katz", 0), Some(12));
        assert_eq!(find_word("Katzman", "Katz", 0), None);
        assert_eq!(
            numbers("about 9.2 million people, 40% and 2024"),
            vec![(6, 17, 9_200_000.0), (26, 28, 40.0), (34, 38, 2024.0)]
        );
    }
}
