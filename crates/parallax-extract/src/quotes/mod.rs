//! Quotes and reported speech with their speakers.
//!
//! Each paragraph is cut into sentences (a passage in quotation marks never splits). The rules
//! ([`clause`]) read each sentence's cue (a word that headed attributions often enough in
//! PolNeAR's training split: "said", "told", "according to", "argued", …) with its source and
//! its content on either side; a sentence that is only a quote continues the previous
//! attribution. A trained tagger ([`tagger`], built into the binary) then reads the rules'
//! roles among its features and gives the final source, cue and content spans. A quote
//! encoder ([`encoder`], a fine-tuned BERT token classifier read from files by the caller)
//! replaces the tagger where one is installed. Sources are resolved to speakers
//! ([`speaker`]): names to the article's canonical person, pronouns to the previous named
//! speaker, descriptions ("a source familiar with the talks", "officials") kept as anonymous
//! speakers.

mod clause;
mod encoder;
mod lexicon;
mod marks;
mod speaker;
mod tagger;
#[cfg(test)]
mod tests;

use std::ops::Range;

use parallax_model::{Quote, QuoteKind, SpeakerKind, TextSpan};

use crate::entities::EntityIndex;
use clause::{Found, Para};
pub use encoder::{QuoteEncoder, encoder_installed};
pub use lexicon::blocks_cue;
use speaker::Speakers;
pub use tagger::{LabeledText, QuoteModel, QuoteModelError, Role, TrainConfig, TrainReport, train};

/// The lowercase head of a cue phrase ("has also said" → "said") and its byte offset.
pub fn cue_head(cue: &str) -> Option<(usize, String)> {
    crate::words::tokenize(cue).into_iter().filter(|t| t.is_word()).map(|t| (t.start, t.lower())).find(|(_, word)| {
        !lexicon::contains(lexicon::CUE_MODIFIERS, word) && !word.ends_with("n't") && !word.ends_with("n’t")
    })
}

/// The attribution a continuation belongs to.
#[derive(Debug, Clone)]
struct Attribution {
    source: Option<TextSpan>,
    cue: Option<TextSpan>,
    cue_text: Option<String>,
    speaker: Option<(String, SpeakerKind)>,
    paragraph: usize,
}

/// What a sentence holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Attribution(Found),
    /// Content with no cue of its own: it continues the previous attribution.
    Continuation(Range<usize>),
}

/// One paragraph with its sentences and what each holds.
pub(crate) struct Analysis<'a> {
    pub para: Para<'a>,
    pub sentences: Vec<(Range<usize>, Vec<Item>)>,
    /// The paragraph's form settles its attribution (a signed quote, a transcript's turn): the
    /// tagger leaves it be.
    pub settled: bool,
}

/// Which attributions to trust.
#[derive(Debug, Clone, Copy)]
pub enum Tagging<'a> {
    /// The rules, corrected by the quote encoder installed in this process
    /// ([`QuoteEncoder::install`]) or else by the model built into the binary (the product's
    /// setting).
    Embedded,
    /// The rules, replaced by this encoder's labels.
    Encoder(&'a QuoteEncoder),
    /// The rules, corrected by this model.
    Model(&'a QuoteModel),
    /// The rules alone.
    RulesOnly,
}

/// Extracts the quotes and reported speech of an article with their speakers.
pub fn extract_quotes(paragraphs: &[String], entities: &EntityIndex) -> Vec<Quote> {
    extract_quotes_with(paragraphs, entities, Tagging::Embedded)
}

/// [`extract_quotes`] with the given tagging.
pub fn extract_quotes_with(paragraphs: &[String], entities: &EntityIndex, tagging: Tagging<'_>) -> Vec<Quote> {
    let mut analyses: Vec<Analysis<'_>> = paragraphs.iter().map(|text| analyse(text)).collect();
    let (encoder, model) = match tagging {
        Tagging::Embedded => match encoder::installed() {
            Some(encoder) => (Some(encoder), None),
            None => (None, tagger::embedded_model().ok()),
        },
        Tagging::Encoder(encoder) => (Some(encoder), None),
        Tagging::Model(model) => (None, Some(model)),
        Tagging::RulesOnly => (None, None),
    };
    for analysis in analyses.iter_mut().filter(|a| !a.settled) {
        if let Some(encoder) = encoder {
            encoder.retag(analysis);
        } else if let Some(model) = model {
            model.retag(analysis);
        }
    }
    build_quotes(&analyses, entities)
}

/// The attributions the rules find in one paragraph.
pub(crate) fn analyse(text: &str) -> Analysis<'_> {
    analyse_with(text, true)
}

/// [`analyse`] as the tagger's training reads a paragraph: a transcript's turn is settled
/// before the tagger ever sees it, so training reads it as the other rules do (as it did
/// before the turns were settled, which keeps the trained model as it was).
pub(crate) fn analyse_for_training(text: &str) -> Analysis<'_> {
    analyse_with(text, false)
}

fn analyse_with(text: &str, turns: bool) -> Analysis<'_> {
    let para = Para::new(text);
    let settled = clause::signed_quote(&para).or_else(|| turns.then(|| clause::transcript_turn(&para)).flatten());
    if let Some(found) = settled {
        let sentences = vec![(0..para.tokens.len(), vec![Item::Attribution(found)])];
        return Analysis { para, sentences, settled: true };
    }
    let sentences = clause::sentences(&para)
        .into_iter()
        .map(|sentence| {
            let found = clause::attributions(&para, sentence.clone());
            let items = if found.is_empty() {
                quote_sentence(&para, &sentence).map(Item::Continuation).into_iter().collect()
            } else {
                found.into_iter().map(Item::Attribution).collect()
            };
            (sentence, items)
        })
        .collect();
    Analysis { para, sentences, settled: false }
}

fn build_quotes(analyses: &[Analysis<'_>], entities: &EntityIndex) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut speakers = Speakers::new(entities);
    let mut last: Option<Attribution> = None;
    let mut open_from_previous = false;
    for (paragraph, analysis) in analyses.iter().enumerate() {
        let para = &analysis.para;
        speakers.note_roles(para.text);
        let continues_quote = open_from_previous && para.tokens.first().is_some_and(|_| para.in_quote(0));
        for (_, items) in &analysis.sentences {
            for item in items {
                match item {
                    Item::Attribution(found) => {
                        let attribution = attribute(para, paragraph, found, &mut speakers);
                        push_quotes(&mut quotes, para, paragraph, &attribution, &found.content);
                        last = Some(attribution);
                    }
                    Item::Continuation(content) => {
                        let recent = last.as_ref().filter(|a| continues_quote || a.paragraph + 1 >= paragraph);
                        let attribution = recent.cloned().unwrap_or(Attribution {
                            source: None,
                            cue: None,
                            cue_text: None,
                            speaker: None,
                            paragraph,
                        });
                        push_quotes(&mut quotes, para, paragraph, &attribution, std::slice::from_ref(content));
                    }
                }
            }
        }
        open_from_previous = para.regions.last().is_some_and(|r| r.open);
        speakers.read(para.text);
    }
    quotes
}

/// The content of a sentence that is a quote and little else (`“…”`, `And: “…”`).
fn quote_sentence(para: &Para<'_>, sentence: &Range<usize>) -> Option<Range<usize>> {
    let first = sentence.clone().find(|&i| para.in_quote(i))?;
    let last = sentence.clone().rev().find(|&i| para.in_quote(i))?;
    let words_outside = sentence.clone().filter(|&i| !para.in_quote(i) && para.tokens[i].is_word()).count();
    let words_inside = (first..=last).filter(|&i| para.tokens[i].is_word()).count();
    (words_outside <= 1 && words_inside >= 1).then_some(first..last + 1)
}

fn span_of(para: &Para<'_>, paragraph: usize, range: &Range<usize>) -> Option<TextSpan> {
    if range.is_empty() {
        return None;
    }
    let first = para.tokens.get(range.start)?;
    let last = para.tokens.get(range.end.checked_sub(1)?)?;
    Some(TextSpan { paragraph, start: first.start, end: last.end })
}

fn attribute(para: &Para<'_>, paragraph: usize, found: &Found, speakers: &mut Speakers<'_>) -> Attribution {
    let source = found.source.as_ref().and_then(|s| span_of(para, paragraph, s));
    let cue = span_of(para, paragraph, &found.cue);
    let speaker = source.map(|span| speakers.resolve_after(&para.text[span.start..span.end], &para.text[..span.start]));
    // A participle without a source hangs on its sentence's subject ("Mutu agreed, adding:
    // …"): the last person the sentence names before it.
    let mut participle = || {
        let cue = cue.filter(|c| {
            para.text[c.start..c.end]
                .split_whitespace()
                .next()
                .is_some_and(|w| w.trim_end_matches(':').ends_with("ing"))
        })?;
        speakers.antecedent(&para.text[..cue.start])
    };
    let speaker = match speaker {
        Some(speaker) => speaker,
        None => participle().or_else(|| speakers.last()),
    };
    Attribution {
        source,
        cue,
        cue_text: cue.map(|span| para.text[span.start..span.end].trim_end_matches(':').trim().to_lowercase()),
        speaker,
        paragraph,
    }
}

/// One quote per direct piece; one quote for reported speech with all its pieces.
fn push_quotes(
    quotes: &mut Vec<Quote>,
    para: &Para<'_>,
    paragraph: usize,
    attribution: &Attribution,
    content: &[Range<usize>],
) {
    let make = |kind: QuoteKind, text: String, spans: Vec<TextSpan>| Quote {
        text,
        speaker: attribution.speaker.as_ref().map(|(name, _)| name.clone()),
        speaker_kind: attribution.speaker.as_ref().map(|(_, kind)| *kind),
        cue: attribution.cue_text.clone(),
        paragraph,
        kind,
        source_span: attribution.source,
        cue_span: attribution.cue,
        content_spans: spans,
    };
    let pieces: Vec<(Range<usize>, TextSpan)> =
        content.iter().filter_map(|r| span_of(para, paragraph, r).map(|span| (r.clone(), span))).collect();
    if pieces.is_empty() {
        return;
    }
    let mut direct: Vec<Option<String>> = pieces.iter().map(|(range, _)| direct_text(para, range)).collect();
    // `S: T` (a transcript's turn, a headline's "Trump: We will win") gives T as spoken.
    let colon_cue = attribution.paragraph == paragraph
        && attribution.cue.is_some_and(|cue| para.text.get(cue.start..cue.end) == Some(":"));
    if colon_cue {
        // The content span leaves out the closing punctuation; the words as spoken keep it.
        for ((_, span), text) in pieces.iter().zip(&mut direct) {
            let rest = &para.text[span.end..];
            let closing = rest.len() - rest.trim_start_matches(['.', '!', '?']).len();
            text.get_or_insert_with(|| para.text[span.start..span.end + closing].trim().to_string());
        }
    }
    if direct.iter().all(Option::is_some) {
        for ((_, span), text) in pieces.iter().zip(direct) {
            quotes.push(make(QuoteKind::Direct, text.unwrap_or_default(), vec![*span]));
        }
        return;
    }
    let mixed = pieces.iter().any(|(range, _)| range.clone().any(|i| para.in_quote(i)));
    let text = pieces.iter().map(|(_, span)| para.text[span.start..span.end].trim()).collect::<Vec<_>>().join(" … ");
    let kind = if mixed { QuoteKind::Mixed } else { QuoteKind::Indirect };
    quotes.push(make(kind, text, pieces.into_iter().map(|(_, span)| span).collect()));
}

/// The words of a piece that is one passage in quotation marks (punctuation around allowed).
fn direct_text(para: &Para<'_>, range: &Range<usize>) -> Option<String> {
    let region = range.clone().find_map(|i| para.region_of[i])?;
    let outside_words =
        range.clone().filter(|&i| para.region_of[i] != Some(region) && para.tokens[i].is_word()).count();
    if outside_words > 0 {
        return None;
    }
    let region = para.regions.get(region)?;
    // The piece may start inside its passage (`"HOST: …` in a quoted transcript).
    let start = para.tokens.get(range.start).map_or(region.inner_start, |t| t.start.max(region.inner_start));
    let inner = para.text.get(start..region.inner_end).unwrap_or_default().trim();
    Some(inner.trim_end_matches([',', ' ']).trim().to_string())
}
