//! Attributions inside one sentence: the cue, the source before or after it, and the content
//! on the other side, as token ranges.
//!
//! The shapes, with S the source, C the cue and T the content:
//! - `S C (that) T.` — `S C: “T”` — `S told reporters (that) T.`
//! - `T, S C.` — `“T,” C S.` — `“T,” S C, “T”.` — `T, S C, T.`
//! - `According to S, T.` — `T, according to S.`
//! - `S: T` at the head of a paragraph (a headline's "Trump: We will win", a transcript's turn).
//! - `“T” ― S` and `S ― “T”`: a whole paragraph that is one signed quote ([`signed_quote`]).

use std::ops::Range;

use super::lexicon::{self, CLAUSE_WORDS, CUE_MODIFIERS, DETERMINERS, NOT_SPEAKERS, PARTICLES, PRONOUNS};
use super::marks::{self, Region};
use crate::words::{Token, tokenize};

/// A word heads a cue when at least this share of its occurrences in the training data did.
const MIN_CUE_SHARE: f64 = 0.3;
/// Longest subject noun phrase, in tokens.
const MAX_SUBJECT: usize = 12;
/// Longest tail after a cue that still reads as an adverbial ("on Tuesday", "in a statement").
const MAX_ADVERBIAL: usize = 6;

/// One paragraph, tokenised, with its passages in quotation marks.
pub(crate) struct Para<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token<'a>>,
    pub lower: Vec<String>,
    pub regions: Vec<Region>,
    /// The region of each token in quotation marks (marks included).
    pub region_of: Vec<Option<usize>>,
    /// Written in title case, as a headline is ("Senator Says Talks Will Resume"): a
    /// capital starts verbs too.
    title_case: bool,
}

impl<'a> Para<'a> {
    pub fn new(text: &'a str) -> Self {
        let tokens = split_clitics(tokenize(text));
        let lower = tokens.iter().map(Token::lower).collect();
        let regions = marks::regions(text);
        let region_of =
            tokens.iter().map(|t| regions.iter().position(|r| t.start >= r.start && t.start < r.end)).collect();
        let title_case = is_title_case(&tokens);
        Para { text, tokens, lower, regions, region_of, title_case }
    }

    pub fn in_quote(&self, index: usize) -> bool {
        self.region_of.get(index).is_some_and(Option::is_some)
    }

    fn word(&self, index: usize) -> &str {
        self.lower.get(index).map_or("", String::as_str)
    }

    fn is_word(&self, index: usize) -> bool {
        self.tokens.get(index).is_some_and(Token::is_word)
    }

    /// The share of the word at `index`'s occurrences in the training data where it headed a
    /// cue ([`cue_share`]); none for a name: a title-case word inside a sentence ("Mr Sayeed
    /// was", "Edward Said wrote") is no verb, whatever its spelling looks like.
    pub fn cue_share_at(&self, index: usize) -> f64 {
        if self.is_name_inside_sentence(index) { 0.0 } else { cue_share(self.word(index)) }
    }

    /// A title-case word ("Sayeed", not "SAID") right after a word or a comma.
    fn is_name_inside_sentence(&self, index: usize) -> bool {
        let Some(token) = self.tokens.get(index) else { return false };
        let mut letters = token.text.chars().filter(|c| c.is_alphabetic());
        let titled = letters.next().is_some_and(char::is_uppercase) && letters.any(char::is_lowercase);
        titled
            && !self.title_case
            && index > 0
            && self.tokens.get(index - 1).is_some_and(|previous| previous.is_word() || previous.text == ",")
    }

    fn is_capitalised(&self, index: usize) -> bool {
        self.tokens.get(index).is_some_and(|t| t.is_capitalised() && t.is_word())
    }

    /// The token is the closing mark of its region.
    fn closes_region(&self, index: usize) -> bool {
        match self.region_of.get(index).copied().flatten() {
            Some(region) => self.region_of.get(index + 1).copied().flatten() != Some(region),
            None => false,
        }
    }

    /// The token opens a region.
    fn opens_region(&self, index: usize) -> bool {
        match self.region_of.get(index).copied().flatten() {
            Some(region) => index == 0 || self.region_of[index - 1] != Some(region),
            None => false,
        }
    }

    /// Whether the word at `index` heads a cue.
    pub fn is_cue_head(&self, index: usize) -> bool {
        if self.in_quote(index) || !self.is_word(index) {
            return false;
        }
        let word = self.word(index);
        if word == "according" {
            return self.word(index + 1) == "to";
        }
        if index > 0 && lexicon::blocks_cue(self.word(index - 1)) {
            return false;
        }
        self.cue_share_at(index) >= MIN_CUE_SHARE
    }
}

/// Whether most longer words (four letters or more: function words are often left in lower
/// case) start with a capital.
fn is_title_case(tokens: &[Token<'_>]) -> bool {
    let long = tokens.iter().filter(|t| t.text.chars().filter(|c| c.is_alphabetic()).count() >= 4);
    let (capitalised, all) =
        long.fold((0, 0), |(capitalised, all), t| (capitalised + usize::from(t.is_capitalised()), all + 1));
    all >= 2 && capitalised * 4 >= all * 3
}

/// Splits "He’s", "I've", "Clinton's" into the word and its clitic: a source ends where its
/// cue or its possessive begins.
fn split_clitics(tokens: Vec<Token<'_>>) -> Vec<Token<'_>> {
    const CLITICS: &[&str] = &["’s", "'s", "’ve", "'ve", "’re", "'re", "’ll", "'ll", "’d", "'d", "’m", "'m"];
    let mut out = Vec::with_capacity(tokens.len());
    for token in tokens {
        let cut = CLITICS.iter().find_map(|clitic| {
            let cut = token.text.len().checked_sub(clitic.len()).filter(|&cut| cut > 0)?;
            let tail = token.text.get(cut..)?;
            tail.eq_ignore_ascii_case(clitic).then_some(cut)
        });
        match cut {
            Some(cut) => {
                out.push(Token { text: &token.text[..cut], start: token.start, end: token.start + cut });
                out.push(Token { text: &token.text[cut..], start: token.start + cut, end: token.end });
            }
            None => out.push(token),
        }
    }
    out
}

/// The share of a word's occurrences in the training data where it headed a cue.
pub(super) fn cue_share(word: &str) -> f64 {
    lexicon::cue_head_counts(word).map_or(0.0, |(heads, total)| f64::from(heads) / f64::from(total.max(1)))
}

/// An attribution in one sentence, as token ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub source: Option<Range<usize>>,
    pub cue: Range<usize>,
    pub content: Vec<Range<usize>>,
}

/// Sentences as token ranges. A passage in quotation marks never splits; one ending with
/// `.`, `!` or `?` ends its sentence when a capitalised word or another quote follows, unless
/// a bare attribution follows (`“…” Tal said.`).
pub(super) fn sentences(para: &Para<'_>) -> Vec<Range<usize>> {
    let n = para.tokens.len();
    let mut sentences = Vec::new();
    let mut start = 0;
    for index in 0..n {
        let next_starts_sentence = index + 1 >= n
            || para.opens_region(index + 1)
            || para.tokens[index + 1]
                .text
                .chars()
                .next()
                .is_some_and(|c| !c.is_lowercase() && !matches!(c, ',' | '.' | ')' | ']' | ';' | ':'));
        let ends = if para.in_quote(index) {
            para.closes_region(index) && region_ends_sentence(para, index) && next_starts_sentence
        } else {
            matches!(para.tokens[index].text, "." | "!" | "?") && next_starts_sentence && !after_title(para, index)
        };
        if ends {
            sentences.push(start..index + 1);
            start = index + 1;
        }
    }
    if start < n {
        sentences.push(start..n);
    }
    // “…” Tal said.  →  one sentence.
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(sentences.len());
    for sentence in sentences {
        if let Some(previous) = merged.last_mut()
            && previous.end == sentence.start
            && para.closes_region(previous.end - 1)
            && is_bare_attribution(para, &sentence)
        {
            previous.end = sentence.end;
        } else {
            merged.push(sentence);
        }
    }
    merged
}

/// A full stop that closes a title the tokenizer did not join ("Del. Stacey Plaskett").
fn after_title(para: &Para<'_>, index: usize) -> bool {
    const TITLES: &[&str] =
        &["del", "sens", "reps", "sgt", "capt", "cmdr", "adm", "maj", "rev", "amb", "atty", "supt", "messrs", "pres"];
    index > 0
        && para.tokens[index - 1].end == para.tokens[index].start
        && para.tokens[index - 1].is_capitalised()
        && TITLES.contains(&para.word(index - 1))
}

fn region_ends_sentence(para: &Para<'_>, index: usize) -> bool {
    let Some(region) = para.region_of[index].and_then(|r| para.regions.get(r)) else { return false };
    let inner = para.text[region.inner_start..region.inner_end].trim_end();
    inner.ends_with(['.', '!', '?']) || region.open
}

/// A short sentence made only of a source and a cue ("Tal said.", "said the minister.").
fn is_bare_attribution(para: &Para<'_>, sentence: &Range<usize>) -> bool {
    let Some(cue) = sentence.clone().find(|&i| para.is_cue_head(i)) else { return false };
    let words_before = (sentence.start..cue).filter(|&i| para.is_word(i)).count();
    let words_after = (cue + 1..sentence.end).filter(|&i| para.is_word(i)).count();
    let after_has_clause = (cue + 1..sentence.end).any(|i| para.in_quote(i) || matches!(para.word(i), "that" | ":"));
    words_before <= 6 && words_after <= 4 && !after_has_clause
}

/// A few capitalised words without digits ("Pence", "Rep. Gwen Moore", "Trump’s campaign").
fn is_short_name(para: &Para<'_>, name: &Range<usize>) -> bool {
    name.clone().all(|i| para.is_capitalised(i) || matches!(para.tokens[i].text, "’s" | "'s" | "." | "-"))
        && !name.clone().any(|i| para.tokens[i].text.chars().any(|c| c.is_ascii_digit()))
        && name.clone().any(|i| para.is_word(i))
}

/// Dashes that sign a quote: `“T” — S`, and `S — “T”`.
fn is_signing_dash(text: &str) -> bool {
    matches!(text, "―" | "—" | "–")
}

/// A paragraph that is one quote signed by its speaker: `“T” ― S` (a reader's or an epigraph's
/// signature) or `S ― “T”` (a list of voices), S a short name, T a passage in quotation marks.
/// The whole paragraph is one attribution whatever sentences T holds.
pub(super) fn signed_quote(para: &Para<'_>) -> Option<Found> {
    let n = para.tokens.len();
    let is_mark = |i: usize| para.tokens.get(i).is_some_and(|t| marks::is_double_mark(t.text));
    // Marks paired the wrong way round (`”…”`) make no region: marks at both ends will do.
    let quoted = |range: Range<usize>| {
        let mut words = range.clone().filter(|&i| para.is_word(i));
        words.clone().count() >= 2
            && (words.all(|i| para.in_quote(i)) || (is_mark(range.start) && range.end > 0 && is_mark(range.end - 1)))
    };
    let name_of = |range: Range<usize>| {
        let words = range.clone().filter(|&i| para.is_word(i)).count();
        ((1..=6).contains(&words) && is_short_name(para, &range)).then_some(range)
    };
    // `“T” ― S`: the dash after the last passage in quotation marks, a name to the end.
    let end = content_end(para, &(0..n));
    if let Some(dash) = (0..end).rev().find(|&i| is_signing_dash(para.tokens[i].text))
        && !para.in_quote(dash)
        && quoted(0..dash)
        && let Some(name) = name_of(dash + 1..end)
    {
        return Some(Found { source: Some(name), cue: dash..dash + 1, content: std::iter::once(0..dash).collect() });
    }
    // `S ― “T”`: a name, the dash, then only quoted words.
    let dash = (0..n.min(8)).find(|&i| is_signing_dash(para.tokens[i].text))?;
    let name = name_of(0..dash)?;
    quoted(dash + 1..end).then(|| Found {
        source: Some(name),
        cue: dash..dash + 1,
        content: std::iter::once(dash + 1..end).collect(),
    })
}

/// Whether the words before a colon are a label that names no speaker.
fn is_label(para: &Para<'_>, name: &Range<usize>) -> bool {
    let (Some(first), Some(last)) =
        (para.tokens.get(name.start), name.end.checked_sub(1).and_then(|i| para.tokens.get(i)))
    else {
        return false;
    };
    let label = para.text[first.start..last.end].to_lowercase().replace('’', "'");
    NOT_SPEAKERS.contains(&label.as_str())
}

/// A transcript's turn: `NAME: T` opening a paragraph (after a quotation mark left open, in a
/// quoted transcript), NAME one to four words in capitals ("WALLACE", "SEN. MARKEY"), T the
/// rest of the paragraph whatever sentences it holds. Capitalised labels that name no speaker
/// ("UPDATE:") are left to the other rules.
pub(super) fn transcript_turn(para: &Para<'_>) -> Option<Found> {
    let n = para.tokens.len();
    let (name, colon) = colon_opening(para, n, 8, is_speaker_in_capitals)?;
    colon_found(para, &(0..n), name, colon)
}

/// One to four words in capitals (with `.`, `-` and apostrophes between), not a label.
fn is_speaker_in_capitals(para: &Para<'_>, name: &Range<usize>) -> bool {
    let in_capitals = |word: &str| {
        word.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !word.chars().any(|c| c.is_lowercase() || c.is_ascii_digit())
    };
    let words = name.clone().filter(|&i| para.is_word(i));
    (1..=4).contains(&words.clone().count())
        && words.into_iter().all(|i| in_capitals(para.tokens[i].text))
        && name.clone().all(|i| para.is_word(i) || matches!(para.tokens[i].text, "." | "-" | "'" | "’"))
        && !is_label(para, name)
}

/// The attributions of one sentence, in order.
pub(super) fn attributions(para: &Para<'_>, sentence: Range<usize>) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut floor = sentence.start;
    let mut index = sentence.start;
    while index < sentence.end {
        if !para.is_cue_head(index) {
            index += 1;
            continue;
        }
        let attribution = if para.word(index) == "according" {
            according_to(para, &sentence, floor, index)
        } else {
            around_cue(para, &sentence, floor, index, found.last())
        };
        match attribution {
            Some(attribution) => {
                let end = attribution
                    .content
                    .iter()
                    .chain(attribution.source.iter())
                    .chain(std::iter::once(&attribution.cue))
                    .map(|r| r.end)
                    .max()
                    .unwrap_or(index + 1);
                floor = end;
                index = end.max(index + 1);
                found.push(attribution);
            }
            None => index += 1,
        }
    }
    if found.is_empty()
        && let Some(headline) = headline(para, &sentence)
    {
        found.push(headline);
    }
    found
}

/// The last token of the sentence that is not final punctuation outside quotation marks.
fn content_end(para: &Para<'_>, sentence: &Range<usize>) -> usize {
    let mut end = sentence.end;
    while end > sentence.start
        && !para.in_quote(end - 1)
        && matches!(para.tokens[end - 1].text, "." | "!" | "?" | ";" | ":" | "," | ")")
    {
        end -= 1;
    }
    end
}

fn around_cue(
    para: &Para<'_>,
    sentence: &Range<usize>,
    floor: usize,
    head: usize,
    previous: Option<&Found>,
) -> Option<Found> {
    let mut cue_start = head;
    while cue_start > floor && !para.in_quote(cue_start - 1) && is_modifier(para.word(cue_start - 1)) {
        cue_start -= 1;
    }
    let mut cue_end = head + 1;
    if PARTICLES.contains(&(para.word(head), para.word(cue_end))) {
        cue_end += 1;
    }
    if para.word(cue_end) == ":" {
        cue_end += 1;
    }
    let end = content_end(para, sentence);
    let subject = subject_before(para, floor, cue_start);
    let before_cue = cue_start.checked_sub(1).filter(|&i| i >= floor);
    let inverted = before_cue.is_some_and(|i| para.word(i) == "," || para.closes_region(i)) && subject.is_none();
    // Where content before the subject would end: a comma or a closing quotation mark.
    let boundary = match (&subject, before_cue) {
        (Some(s), _) => s.start.checked_sub(1).filter(|&i| i >= floor),
        (None, Some(i)) if inverted => Some(i),
        _ => None,
    }
    .filter(|&i| para.word(i) == "," || para.closes_region(i) || matches!(para.word(i), "—" | "–"));
    let has_content_before = boundary.is_some_and(|b| (floor..b).any(|i| para.is_word(i)) || para.closes_region(b));
    let tail = cue_end..end.max(cue_end);
    let opens_clause = tail.start < tail.end
        && (para.word(tail.start) == "that"
            || para.opens_region(tail.start)
            || (para.word(tail.start) == "," && para.opens_region(tail.start + 1))
            || para.word(cue_end - 1) == ":");
    // `“…,” Tal said, “…”`: a quote before the subject is the content, whatever follows.
    let quote_first = boundary.is_some_and(|b| para.closes_region(b));
    if has_content_before && (quote_first || (!opens_clause && is_short_tail(para, &tail))) {
        let boundary = boundary?;
        let content_stop = if para.closes_region(boundary) { boundary + 1 } else { boundary };
        let mut content: Vec<Range<usize>> = std::iter::once(floor..content_stop).collect();
        let mut source = subject;
        let mut after = cue_end;
        if source.is_none() {
            let inverted_source = noun_phrase_after(para, cue_end, end).map(|s| with_apposition(para, s, end));
            after = inverted_source.as_ref().map_or(cue_end, |s| s.end);
            source = inverted_source;
        }
        if let Some(second) = second_piece(para, after, end) {
            content.push(second);
        }
        return Some(Found { source, cue: cue_start..cue_end, content });
    }
    // Content after the cue.
    let start = content_start(para, head, cue_end, end)?;
    let stop = clause_break(para, start, end);
    if !(start..stop).any(|i| para.is_word(i)) {
        return None;
    }
    let source = match subject {
        Some(subject) => Some(subject),
        // "…, saying …": the subject of the clause before.
        None if para.word(head).ends_with("ing") && before_cue.is_some_and(|i| para.word(i) == ",") => {
            previous.and_then(|p| p.source.clone()).or_else(|| sentence_subject(para, sentence.start, cue_start))
        }
        // "Tal arrived on Friday and said …": the subject of the sentence.
        None if before_cue.is_some_and(|i| matches!(para.word(i), "and" | "but" | "then")) => Some(
            previous.and_then(|p| p.source.clone()).or_else(|| sentence_subject(para, sentence.start, cue_start))?,
        ),
        None => return None,
    };
    Some(Found { source, cue: cue_start..cue_end, content: std::iter::once(start..stop).collect() })
}

/// The subject opening a sentence, after an opening phrase closed by a comma: a pronoun or a
/// capitalised name.
fn sentence_subject(para: &Para<'_>, start: usize, before: usize) -> Option<Range<usize>> {
    let mut first = start;
    let opener = para.word(start);
    let opens_with_phrase = !para.is_capitalised(start)
        || opener.ends_with("ing")
        || opener.ends_with("ly")
        || matches!(
            opener,
            "in" | "on" | "at" | "after" | "before" | "during" | "while" | "when" | "as" | "with" | "for"
        );
    if opens_with_phrase && let Some(comma) = (start..before).find(|&i| para.word(i) == ",") {
        first = comma + 1;
    }
    if lexicon::contains(PRONOUNS, para.word(first)) {
        return Some(first..first + 1);
    }
    let mut end = first;
    while end < before && (para.is_capitalised(end) || matches!(para.tokens[end].text, "’s" | "'s")) {
        end += 1;
    }
    (end > first).then_some(first..end)
}

fn is_modifier(word: &str) -> bool {
    lexicon::contains(CUE_MODIFIERS, word) || (word.ends_with("n't") || word.ends_with("n’t"))
}

/// A tail after a cue that holds no content: empty, an inverted source, or an adverbial.
fn is_short_tail(para: &Para<'_>, tail: &Range<usize>) -> bool {
    let words = tail.clone().filter(|&i| para.is_word(i)).count();
    if words == 0 {
        return true;
    }
    if tail.clone().any(|i| para.in_quote(i) || para.word(i) == "that") {
        // `“…,” said Tal, “…”`: a second piece, handled by the caller.
        return tail.clone().take_while(|&i| !para.in_quote(i)).any(|i| para.word(i) == ",");
    }
    let first_comma = tail.clone().find(|&i| para.word(i) == ",").unwrap_or(tail.end);
    let before_comma = (tail.start..first_comma).filter(|&i| para.is_word(i)).count();
    before_comma <= MAX_ADVERBIAL
}

/// A second piece of content after `S C,`: a quote, or a clause the cue interrupts.
fn second_piece(para: &Para<'_>, after: usize, end: usize) -> Option<Range<usize>> {
    let comma = (after..end).find(|&i| para.word(i) == "," || para.opens_region(i))?;
    let start = if para.word(comma) == "," { comma + 1 } else { comma };
    if start >= end {
        return None;
    }
    if para.opens_region(start) {
        return Some(start..end);
    }
    let first = para.word(start);
    let clause = !para.is_capitalised(start)
        && !para.is_cue_head(start)
        && !lexicon::contains(DETERMINERS, first)
        && !matches!(first, "who" | "which" | "whose" | "where" | "when" | "as" | "in" | "on" | "at" | "after")
        && (start..end).filter(|&i| para.is_word(i)).count() >= 3;
    clause.then_some(start..end)
}

/// Where content after a cue starts: after an object of "told" and adverbials before "that".
fn content_start(para: &Para<'_>, head: usize, cue_end: usize, end: usize) -> Option<usize> {
    let mut start = cue_end;
    while start < end && matches!(para.word(start), "," | ":" | "—" | "–") {
        start += 1;
    }
    if start >= end {
        return None;
    }
    if para.opens_region(start) || para.word(start) == "that" {
        return Some(start);
    }
    // "told reporters on Tuesday that …", "said in a statement that …".
    let window = (start..end.min(start + 8)).take_while(|&i| !para.in_quote(i) && para.word(i) != ",");
    if let Some(that) = window.clone().find(|&i| para.word(i) == "that") {
        return Some(that);
    }
    let takes_object = matches!(
        para.word(head),
        "told" | "tell" | "tells" | "telling" | "asked" | "asks" | "asking" | "assured" | "informed" | "reminded"
    );
    if takes_object {
        let object = noun_phrase_after(para, start, end)?;
        let mut after = object.end;
        while after < end && matches!(para.word(after), "," | ":") {
            after += 1;
        }
        return (after < end).then_some(after);
    }
    Some(start)
}

/// Content stops before ", adding …", ", according to …" and a coordinated attribution
/// ("… and said …", "…, but officials said …").
fn clause_break(para: &Para<'_>, start: usize, end: usize) -> usize {
    for i in start + 1..end {
        if para.in_quote(i) {
            continue;
        }
        let after_comma = para.word(i - 1) == ",";
        if after_comma && (para.word(i) == "according" || (para.word(i).ends_with("ing") && para.is_cue_head(i))) {
            return i - 1;
        }
        if matches!(para.word(i), "and" | "but") && coordinated_cue(para, i + 1, end) {
            return if after_comma { i - 1 } else { i };
        }
    }
    end
}

/// A cue right after a conjunction, or after a short subject that follows it.
fn coordinated_cue(para: &Para<'_>, from: usize, end: usize) -> bool {
    let mut index = from;
    while index < end && index - from <= 6 {
        if para.in_quote(index) || matches!(para.word(index), "," | "that" | "which" | "who") {
            return false;
        }
        if para.is_cue_head(index) {
            return true;
        }
        index += 1;
    }
    false
}

/// The subject noun phrase that ends right before `cue_start`, not reaching before `floor`.
fn subject_before(para: &Para<'_>, floor: usize, cue_start: usize) -> Option<Range<usize>> {
    let last = cue_start.checked_sub(1).filter(|&i| i >= floor)?;
    if para.in_quote(last) {
        return None;
    }
    if lexicon::contains(PRONOUNS, para.word(last)) {
        return Some(last..cue_start);
    }
    if para.word(last) == "," {
        return apposed_subject(para, floor, last).map(|start| start..cue_start);
    }
    let start = walk_noun_phrase(para, floor, cue_start);
    if start == cue_start || !(start..cue_start).any(|i| para.is_word(i)) || is_preposition(para.word(start)) {
        return None;
    }
    Some(start..cue_start)
}

fn is_preposition(word: &str) -> bool {
    matches!(
        word,
        "in" | "on" | "at" | "by" | "for" | "with" | "from" | "during" | "after" | "before" | "of" | "into" | "over"
    )
}

/// `Name, apposition, C`: the start of a name followed by comma-separated appositions ("Ross
/// Dale, a spokesman for the council,", "Ann Lee, 20, of Dover,") that end at `comma`.
fn apposed_subject(para: &Para<'_>, floor: usize, comma: usize) -> Option<usize> {
    // Comma-separated segments before `comma`, nearest first.
    let mut segments: Vec<Range<usize>> = Vec::new();
    let mut end = comma;
    let mut index = comma;
    while index > floor && comma - index < 40 {
        let i = index - 1;
        if para.in_quote(i) || para.is_cue_head(i) || matches!(para.word(i), ";" | ":" | "—" | "–") {
            break;
        }
        if para.word(i) == "," {
            segments.push(i + 1..end);
            end = i;
        }
        index = i;
    }
    segments.push(index..end);
    // Nearest first: appositions, then the name; the earliest name wins ("Ann Lee, a Dover,
    // Del., teacher,").
    let mut apposed = false;
    let mut name = None;
    for segment in &segments {
        let words: Vec<usize> = segment.clone().filter(|&i| para.is_word(i)).collect();
        let Some(&first) = words.first() else { break };
        if apposed && is_name_segment(para, segment, &words) {
            name = Some(segment.start);
            continue;
        }
        let appositive = !para.is_capitalised(first)
            || lexicon::contains(DETERMINERS, para.word(first))
            || para.tokens[first].text.chars().all(|c| c.is_ascii_digit());
        if !appositive {
            break;
        }
        apposed = true;
    }
    name
}

/// A short run of capitalised words, with possessives and "of", "the", "for", "and" inside.
fn is_name_segment(para: &Para<'_>, segment: &Range<usize>, words: &[usize]) -> bool {
    let Some(&first) = words.first() else { return false };
    (1..=6).contains(&words.len())
        && para.is_capitalised(first)
        && !is_preposition(para.word(first))
        && words.iter().all(|&i| para.is_capitalised(i) || matches!(para.word(i), "of" | "the" | "for" | "and" | "de"))
        && segment.clone().all(|i| !para.in_quote(i))
}

/// Walks left from `end` over the tokens of a noun phrase; returns its first token.
fn walk_noun_phrase(para: &Para<'_>, floor: usize, end: usize) -> usize {
    let mut start = end;
    let mut depth = 0usize;
    while start > floor && end - start < MAX_SUBJECT {
        let index = start - 1;
        let text = para.tokens[index].text;
        if text == ")" {
            depth += 1;
        } else if text == "(" && depth > 0 {
            depth -= 1;
        } else if depth == 0 {
            let stops = para.in_quote(index)
                || (!para.is_word(index) && !matches!(text, "’s" | "'s" | "&" | "-" | "."))
                || lexicon::contains(CLAUSE_WORDS, para.word(index))
                || para.is_cue_head(index);
            if stops {
                break;
            }
        }
        start = index;
    }
    // A sentence-initial pronoun or determiner cannot hide inside: keep what follows a pronoun.
    if let Some(pronoun) = (start..end).rev().find(|&i| lexicon::contains(PRONOUNS, para.word(i))) {
        return pronoun + 1;
    }
    start
}

/// A noun phrase from `start`: a name, a pronoun or a description, up to a comma, a quote, a
/// clause word or `end`.
fn noun_phrase_after(para: &Para<'_>, start: usize, end: usize) -> Option<Range<usize>> {
    if start >= end || para.in_quote(start) {
        return None;
    }
    if lexicon::contains(PRONOUNS, para.word(start)) || matches!(para.word(start), "him" | "her" | "them" | "me" | "us")
    {
        return Some(start..start + 1);
    }
    let mut stop = start;
    while stop < end && stop - start < MAX_SUBJECT {
        let text = para.tokens[stop].text;
        let word = para.word(stop);
        let ends = para.in_quote(stop)
            || matches!(text, "," | ";" | ":" | "—" | "–" | "." | "!" | "?")
            || lexicon::contains(CLAUSE_WORDS, word)
            || (stop > start
                && matches!(
                    word,
                    "on" | "in" | "at" | "during" | "after" | "before" | "last" | "this" | "to" | "about"
                ))
            || (stop > start && para.is_cue_head(stop));
        if ends {
            break;
        }
        stop += 1;
    }
    (stop > start && (start..stop).any(|i| para.is_word(i))).then_some(start..stop)
}

/// `said Tal, a spokesman for the council.`: a source with its appositions and relative
/// clauses, up to the end of the sentence, a quote or a participle cue ("…, adding").
fn with_apposition(para: &Para<'_>, source: Range<usize>, end: usize) -> Range<usize> {
    let mut stop = source.end;
    while para.word(stop) == "," && stop + 1 < end {
        let first = stop + 1;
        let word = para.word(first);
        let apposition = !para.in_quote(first)
            && !para.is_cue_head(first)
            && (lexicon::contains(DETERMINERS, word)
                || matches!(word, "who" | "whose" | "which")
                || para.tokens[first].text.chars().all(|c| c.is_ascii_digit())
                || (para.is_word(first) && !para.is_capitalised(first) && !word.ends_with("ing")));
        if !apposition {
            break;
        }
        let next = (first + 1..end).find(|&i| para.in_quote(i) || para.word(i) == ",").unwrap_or(end);
        if next - source.start > 40 {
            break;
        }
        stop = next;
    }
    source.start..stop
}

/// `According to S, T.` and `T, according to S.`
fn according_to(para: &Para<'_>, sentence: &Range<usize>, floor: usize, head: usize) -> Option<Found> {
    let cue = head..head + 2;
    let end = content_end(para, sentence);
    let source = noun_phrase_after_according(para, cue.end, end)?;
    let mut before_stop = head;
    while before_stop > floor && matches!(para.word(before_stop - 1), "," | "—" | "(") {
        before_stop -= 1;
    }
    let mut content = Vec::new();
    if (floor..before_stop).any(|i| para.is_word(i)) {
        content.push(floor..before_stop);
    }
    let mut after = source.end;
    while after < end && matches!(para.word(after), "," | "—" | ")") {
        after += 1;
    }
    if after < end && (after..end).filter(|&i| para.is_word(i)).count() >= 2 {
        content.push(after..end);
    }
    (!content.is_empty()).then_some(Found { source: Some(source), cue, content })
}

/// The source after "according to": up to a comma or the end of the sentence.
fn noun_phrase_after_according(para: &Para<'_>, start: usize, end: usize) -> Option<Range<usize>> {
    let mut stop = start;
    while stop < end && stop - start < MAX_SUBJECT {
        if para.in_quote(stop) || matches!(para.tokens[stop].text, "," | ";" | ":" | "—" | "–" | ")") {
            break;
        }
        if stop > start && lexicon::contains(CLAUSE_WORDS, para.word(stop)) {
            break;
        }
        stop += 1;
    }
    (stop > start).then_some(start..stop)
}

/// `S: T` opening a paragraph, S a short capitalised name and no label ("Update: …"): a
/// headline's "Trump: We will win", or a transcript's `WALLACE: …` (inside the quotation
/// mark that opens a quoted transcript).
fn headline(para: &Para<'_>, sentence: &Range<usize>) -> Option<Found> {
    if sentence.start != 0 {
        return None;
    }
    let (name, colon) =
        colon_opening(para, sentence.end, 6, |para, name| is_short_name(para, name) && !is_label(para, name))?;
    colon_found(para, sentence, name, colon)
}

/// `S:` opening a paragraph (after a quotation mark left open), the colon within `window`
/// tokens of S's start and before `limit`, S non-empty and accepted by `is_name`.
fn colon_opening(
    para: &Para<'_>,
    limit: usize,
    window: usize,
    is_name: impl Fn(&Para<'_>, &Range<usize>) -> bool,
) -> Option<(Range<usize>, usize)> {
    let first = (0..limit.min(2)).find(|&i| !para.opens_region(i) || para.is_word(i))?;
    let colon = (first..limit.min(first + window)).find(|&i| para.tokens[i].text == ":")?;
    let name = first..colon;
    (!name.is_empty() && is_name(para, &name)).then_some((name, colon))
}

/// The attribution `S: T` with T running from the colon to the end of `within`, when T has
/// at least two words.
fn colon_found(para: &Para<'_>, within: &Range<usize>, name: Range<usize>, colon: usize) -> Option<Found> {
    let end = content_end(para, within);
    ((colon + 1..end).filter(|&i| para.is_word(i)).count() >= 2).then(|| Found {
        source: Some(name),
        cue: colon..colon + 1,
        content: std::iter::once(colon + 1..end).collect(),
    })
}
