//! Capitalised-name spans, their roles and kinds, and their resolution to one canonical
//! name per person within an article ("Mr. Tal", "Tal" → "Arvin Tal").

use parallax_model::{EntityKind, EntityMention};

use crate::words::{Token, tokenize};

/// Words that form titles and roles in front of a name.
const ROLE_WORDS: &[&str] = &[
    "adm.",
    "admiral",
    "affairs",
    "ambassador",
    "assistant",
    "brig.",
    "capt.",
    "captain",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "col.",
    "commander",
    "counselor",
    "defence",
    "defense",
    "deputy",
    "director",
    "dr.",
    "emir",
    "envoy",
    "finance",
    "foreign",
    "gen.",
    "general",
    "gov.",
    "governor",
    "judge",
    "justice",
    "king",
    "leader",
    "lt.",
    "maj.",
    "mayor",
    "mep",
    "minister",
    "mk",
    "mp",
    "mr.",
    "mrs.",
    "ms.",
    "opposition",
    "pope",
    "premier",
    "president",
    "prime",
    "prince",
    "princess",
    "prof.",
    "queen",
    "rep.",
    "secretary",
    "sen.",
    "senator",
    "sgt.",
    "sheikh",
    "special",
    "speaker",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "vice",
];

/// Words of organisations and places that are nobody's name (unlike "Bay", "Court" or
/// "Church").
const NOT_PERSON_WORDS: &[&str] = &[
    "agency",
    "association",
    "authority",
    "avenue",
    "bureau",
    "coalition",
    "commission",
    "committee",
    "company",
    "corporation",
    "council",
    "county",
    "department",
    "district",
    "foundation",
    "institute",
    "lane",
    "league",
    "ministry",
    "movement",
    "organisation",
    "organization",
    "parliament",
    "party",
    "province",
    "road",
    "stadium",
    "street",
    "territory",
    "united",
    "university",
    "valley",
];

/// Letters written after a person's name.
const POST_NOMINALS: &[&str] = &["CBE", "KC", "MBE", "MEP", "MP", "MSP", "OBE", "QC"];

/// Role words that make no role on their own ("Foreign", "Deputy"): they qualify a head.
const ROLE_MODIFIERS: &[&str] = &[
    "affairs",
    "assistant",
    "defence",
    "defense",
    "deputy",
    "finance",
    "foreign",
    "general",
    "opposition",
    "prime",
    "special",
    "vice",
];

/// Words that make a name an organisation.
const ORG_WORDS: &[&str] = &[
    "agency",
    "army",
    "association",
    "authority",
    "bank",
    "board",
    "brigade",
    "bureau",
    "cabinet",
    "church",
    "coalition",
    "command",
    "commission",
    "committee",
    "company",
    "corp.",
    "corporation",
    "council",
    "court",
    "department",
    "forces",
    "foundation",
    "front",
    "fund",
    "group",
    "inc.",
    "institute",
    "league",
    "media",
    "ministry",
    "movement",
    "news",
    "office",
    "organization",
    "organisation",
    "parliament",
    "party",
    "police",
    "press",
    "programme",
    "program",
    "senate",
    "service",
    "union",
    "university",
];

/// Words that make a name a place.
const PLACE_WORDS: &[&str] = &[
    "avenue",
    "bay",
    "border",
    "city",
    "coast",
    "county",
    "district",
    "gulf",
    "island",
    "islands",
    "lake",
    "lane",
    "mount",
    "mountains",
    "ocean",
    "province",
    "region",
    "river",
    "road",
    "sea",
    "square",
    "stadium",
    "state",
    "street",
    "strip",
    "territory",
    "valley",
];

/// Capitalised words that begin sentences or clauses without being names.
const NOT_NAMES: &[&str] = &[
    "a",
    "after",
    "all",
    "also",
    "although",
    "an",
    "and",
    "another",
    "any",
    "as",
    "asked",
    "at",
    "because",
    "before",
    "both",
    "but",
    "by",
    "during",
    "each",
    "even",
    "every",
    "few",
    "for",
    "from",
    "he",
    "her",
    "his",
    "however",
    "i",
    "if",
    "in",
    "instead",
    "it",
    "its",
    "many",
    "meanwhile",
    "more",
    "most",
    "my",
    "no",
    "not",
    "now",
    "of",
    "on",
    "once",
    "one",
    "only",
    "or",
    "our",
    "over",
    "she",
    "since",
    "so",
    "some",
    "still",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "to",
    "under",
    "until",
    "we",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "with",
    "yet",
    "you",
];

/// Lowercase words allowed inside a name after an organisation or role word
/// ("Ministry of Health", "Secretary of State", "Office for the Coordination of …").
const CONNECTORS: &[&str] = &["and", "for", "of", "the"];

const MONTHS_AND_DAYS: &[&str] = &[
    "april",
    "august",
    "december",
    "february",
    "friday",
    "january",
    "july",
    "june",
    "march",
    "may",
    "monday",
    "november",
    "october",
    "saturday",
    "september",
    "sunday",
    "thursday",
    "tuesday",
    "wednesday",
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
];

fn contains(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

fn is_role(token: &Token<'_>) -> bool {
    contains(ROLE_WORDS, &token.lower())
}

/// Extracts the named entities of an article, resolved to canonical names.
pub fn extract_entities(paragraphs: &[String]) -> Vec<EntityMention> {
    let tagged = tagged_spans(paragraphs);
    let mut mentions = Vec::new();
    for (paragraph, text) in paragraphs.iter().enumerate() {
        let tokens = tokenize(text);
        let mut index = 0;
        while index < tokens.len() {
            let Some((start, mut end)) = name_span(&tokens, index) else {
                index += 1;
                continue;
            };
            // The tagger's name may run on past the capitalised words ("Lex van Drooge",
            // "Gazzetta dello Sport", "Standard & Poor"): the run takes all of it.
            let last_end = tokens[end - 1].end;
            if let Some(range) = overlapping(&tagged[paragraph], last_end, last_end).first().map(|(range, _)| range) {
                while end < tokens.len() && tokens[end].start < range.end {
                    end += 1;
                }
            }
            // A body's name, then a role and a person ("Scottish National Party Justice
            // Minister Kenny MacAskill"), are two names; so is each name the tagger reads in
            // one run ("Hong Kong Financial Secretary Donald Tsang").
            let cuts = tagged_cuts(&tokens, start, end, &tagged[paragraph]);
            let parts = if !cuts.is_empty() {
                let mut bounds = vec![start];
                bounds.extend(cuts);
                bounds.push(end);
                bounds.windows(2).map(|w| (w[0], w[1])).collect()
            } else {
                match role_after_body(&tokens[start..end]) {
                    Some(at) => vec![(start, start + at), (start + at, end)],
                    None => vec![(start, end)],
                }
            };
            for (start, end) in parts {
                if let Some(mention) = mention_from_span(text, &tokens, start, end, paragraph, &tagged[paragraph]) {
                    mentions.push(mention);
                }
            }
            index = end;
        }
    }
    resolve_people(&mut mentions);
    mentions
}

/// Where a run of tokens `start..end` holds more than one of the tagger's names, the token
/// after each but the last: the run is cut there, each name with what precedes it.
fn tagged_cuts(
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
    tagged: &[(std::ops::Range<usize>, EntityKind)],
) -> Vec<usize> {
    let (from, to) = (tokens[start].start, tokens[end - 1].end);
    let inside: Vec<&std::ops::Range<usize>> = overlapping(tagged, from, to)
        .iter()
        .map(|(range, _)| range)
        .filter(|r| r.start >= from && r.end <= to)
        .collect();
    if inside.len() < 2 {
        return Vec::new();
    }
    inside[..inside.len() - 1]
        .iter()
        .filter_map(|range| (start..end).find(|&i| tokens[i].start >= range.end))
        .filter(|&cut| cut > start && cut < end)
        .collect()
}

/// Where a role opens inside a capitalised run that starts with a body's name and ends with a
/// person's: the position of the role's first word, after a word of a body ("Party") and
/// before a word that is no role.
fn role_after_body(run: &[Token<'_>]) -> Option<usize> {
    let body_end = run.iter().position(|t| contains(ORG_WORDS, &t.lower()))?;
    let role = body_end + 1 + run[body_end + 1..].iter().position(is_role)?;
    let named = run[role..].iter().any(|t| t.is_capitalised() && !is_role(t));
    named.then_some(role)
}

/// Entity spans from the trained tagger (crate::ner), per paragraph, as byte ranges within
/// the paragraph. The whole article is tagged at once so that document context counts.
/// (`parallax eval entities` scores these beside the names [`extract_entities`] makes of them.)
pub fn tagged_spans(paragraphs: &[String]) -> Vec<Vec<(std::ops::Range<usize>, EntityKind)>> {
    let text = paragraphs.join("\n");
    let mut starts = Vec::with_capacity(paragraphs.len());
    let mut offset = 0;
    for paragraph in paragraphs {
        starts.push(offset);
        offset += paragraph.len() + 1;
    }
    let mut spans = vec![Vec::new(); paragraphs.len()];
    for entity in crate::ner::entities(&text) {
        let index = starts.partition_point(|&s| s <= entity.span.start).saturating_sub(1);
        let base = starts[index];
        if entity.span.end <= base + paragraphs[index].len() {
            spans[index].push((entity.span.start - base..entity.span.end - base, entity.entity_kind()));
        }
    }
    // In text order, as `overlapping` needs (the tagger's spans never overlap).
    for paragraph in &mut spans {
        paragraph.sort_by_key(|(range, _)| (range.start, range.end));
    }
    spans
}

/// The tagger's spans (in text order, apart) that end after `from` and start before `to`:
/// those overlapping `from..to`, or holding the point `from` strictly inside where `from ==
/// to`. Found by binary search, so that a paragraph's names do not each scan all its spans.
fn overlapping(
    tagged: &[(std::ops::Range<usize>, EntityKind)],
    from: usize,
    to: usize,
) -> &[(std::ops::Range<usize>, EntityKind)] {
    let first = tagged.partition_point(|(range, _)| range.end <= from);
    let last = tagged.partition_point(|(range, _)| range.start < to);
    &tagged[first..last.max(first)]
}

/// The span of a name starting at `start`, if one starts there.
fn name_span(tokens: &[Token<'_>], start: usize) -> Option<(usize, usize)> {
    let first = &tokens[start];
    if !first.is_capitalised() || !first.is_word() {
        return None;
    }
    let mut end = start + 1;
    while end < tokens.len() {
        let token = &tokens[end];
        if token.is_capitalised() && token.is_word() && !contains(NOT_NAMES, &token.lower()) {
            end += 1;
            continue;
        }
        // "Ministry of Health", "Secretary of State": connectors after an org or role word.
        let previous = tokens[end - 1].lower();
        let anchors = contains(ORG_WORDS, &previous) || contains(ROLE_WORDS, &previous) || previous == "coordination";
        if contains(CONNECTORS, token.text.to_lowercase().as_str())
            && (anchors || token.text == "of" && tokens[end - 1].text.ends_with("ies"))
        {
            let mut look = end;
            while look < tokens.len() && contains(CONNECTORS, tokens[look].text) {
                look += 1;
            }
            if look < tokens.len() && look - end <= 2 && tokens[look].is_capitalised() && tokens[look].is_word() {
                end = look + 1;
                continue;
            }
        }
        break;
    }
    Some((start, end))
}

fn mention_from_span(
    text: &str,
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
    paragraph: usize,
    tagged: &[(std::ops::Range<usize>, EntityKind)],
) -> Option<EntityMention> {
    let mut start = start;
    // A capitalised article inside a sentence opens the title of a work ("the documentary A
    // Different Story", "his film The Boxer"): whatever it names, it is no person.
    let opens_title = matches!(tokens[start].text, "A" | "An" | "The") && !opens_sentence(tokens, start);
    // Drop capitalised function words at the start of a sentence ("The", "In").
    while start < end && contains(NOT_NAMES, &tokens[start].lower()) {
        start += 1;
    }
    if start >= end {
        return None;
    }
    let mut span: Vec<&Token<'_>> = tokens[start..end].iter().collect();
    // Letters after a name are no part of it ("Andrew Tyrie MP", "Guy Mansfield QC").
    while span.len() > 2 && span.last().is_some_and(|t| contains(POST_NOMINALS, t.text)) {
        span.pop();
    }
    if span.iter().all(|t| contains(MONTHS_AND_DAYS, &t.lower()) || t.text.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    // The role is everything up to the last role word, plus "of X" / "for X" right after a
    // role word ("Secretary of State", "Minister for Trade"); the name is what follows.
    let mut role_end = None;
    let mut index = 0;
    while index < span.len() {
        if is_role(span[index]) {
            role_end = Some(index + 1);
            if span.get(index + 1).is_some_and(|t| matches!(t.text, "of" | "for")) && index + 3 < span.len() {
                role_end = Some(index + 3);
                index += 3;
                continue;
            }
        } else if role_end.is_none() && !is_nationality(span[index]) {
            break;
        }
        index += 1;
    }
    // A role has a head ("Foreign Minister"; "Foreign" alone, as in "the US Foreign Corrupt
    // Practices Act", is none, nor is "General" in "General Motors").
    if let Some(end) = role_end
        && !span[..end].iter().any(|t| is_role(t) && !contains(ROLE_MODIFIERS, &t.lower()))
    {
        role_end = None;
    }
    let (role, name_tokens): (Option<String>, Vec<&Token<'_>>) = match role_end {
        Some(role_end) if role_end < span.len() => {
            let role_text = &text[span[0].start..span[role_end - 1].end];
            let mut name = span[role_end..].to_vec();
            // A long tail after a role is the rest of the role's title plus the name; names
            // run to two words, three with a middle initial.
            if name.len() > 3 {
                let keep = if name[name.len() - 2].text.ends_with('.') { 3 } else { 2 };
                name.drain(..name.len() - keep);
            }
            (Some(role_text.to_string()), name)
        }
        Some(_) => return None,
        None => (None, span.clone()),
    };
    if name_tokens.is_empty() || name_tokens.iter().any(|t| contains(CONNECTORS, t.text)) && role.is_some() {
        return None;
    }
    let name = text[name_tokens[0].start..name_tokens[name_tokens.len() - 1].end].to_string();
    let name = name.strip_suffix("’s").or_else(|| name.strip_suffix("'s")).unwrap_or(&name).to_string();
    let lowers: Vec<String> = name_tokens.iter().map(|t| t.lower()).collect();
    let previous = tokens[..start].iter().rev().find(|t| t.is_word()).map(|t| t.lower());
    let (name_start, name_end) = (name_tokens[0].start, name_tokens[name_tokens.len() - 1].end);
    let best_tagged = overlapping(tagged, name_start, name_end)
        .iter()
        .map(|(range, kind)| (range.end.min(name_end).saturating_sub(range.start.max(name_start)), range, *kind))
        .filter(|(overlap, _, _)| *overlap > 0)
        .max_by_key(|(overlap, _, _)| *overlap);
    let tagger_kind = best_tagged.map(|(_, _, kind)| kind);
    // The tagger's span inside a longer capitalised run is the name ("Ambassador to Israel
    // Jack Lew" → "Jack Lew").
    let name = match best_tagged {
        Some((_, range, _))
            if range.start >= name_start && range.end <= name_end && range.len() < name_end - name_start =>
        {
            let inner = &text[range.clone()];
            inner.strip_suffix("’s").or_else(|| inner.strip_suffix("'s")).unwrap_or(inner).to_string()
        }
        _ => name,
    };
    // The words of the name itself, not of the run around it ("Scottish National Party
    // Justice Minister Kenny MacAskill" names a person).
    let name_lowers: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let body_or_place = name_lowers.iter().any(|w| contains(ORG_WORDS, w) || contains(PLACE_WORDS, w));
    let titled = title_of(&name).is_some() && name.split_whitespace().count() >= 2;
    // A role or a title makes a person whatever the tagger read ("Lord Ashcroft", "Dame Judi
    // Dench"), unless the name is a place or a body ("Lord Howe Island", "Governor of the
    // Reserve Bank": the bank is no person, and the governor is not named).
    let role = role.filter(|_| !body_or_place);
    let kind = if (role.is_some() || titled) && !body_or_place {
        EntityKind::Person
    } else if names_a_seat(tokens, start) {
        EntityKind::Place
    } else if let Some(kind) = tagger_kind {
        kind
    } else if lowers.iter().any(|w| contains(ORG_WORDS, w)) || is_acronym(&name) {
        EntityKind::Organization
    } else if lowers.iter().any(|w| contains(PLACE_WORDS, w)) {
        EntityKind::Place
    } else if role.is_some() {
        EntityKind::Person
    } else if matches!(previous.as_deref(), Some("in" | "from" | "to" | "at" | "near" | "across" | "into")) {
        EntityKind::Place
    } else {
        EntityKind::Other
    };
    // A word the tagger reads no name in, and only a fallback rule or its place capitalises,
    // is none: a sentence's first word ("Critics said …", "Police said …"), a word in
    // capitals of no kind, every word of a line in capitals ("SOCCER - LEEDS WIN"). Inside a
    // sentence an unknown capitalised run, or an acronym, stays a name (`parallax eval
    // entities` scores these rules on CoNLL-2003).
    let shouting = name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase);
    let placed =
        if shouting { kind == EntityKind::Other } else { opens_sentence(tokens, start) && name_tokens.len() == 1 };
    let shouted_line = !text.chars().any(char::is_lowercase);
    if tagger_kind.is_none() && ((role.is_none() && !titled && placed) || shouted_line) {
        return None;
    }
    let kind = if opens_title && kind == EntityKind::Person { EntityKind::Other } else { kind };
    // A word no one bears as a name makes the tagger's person a body or a place ("Ryman
    // Premier League", "White Hart Lane").
    let kind = match name_lowers.iter().find(|w| contains(NOT_PERSON_WORDS, w)) {
        Some(word) if kind == EntityKind::Person && name_lowers.len() >= 2 => {
            if contains(PLACE_WORDS, word) {
                EntityKind::Place
            } else {
                EntityKind::Organization
            }
        }
        _ => kind,
    };
    Some(EntityMention { canonical: name.clone(), text: name, kind, role, paragraph })
}

/// Whether the token at `at` opens a sentence, a quotation or a parenthesis.
fn opens_sentence(tokens: &[Token<'_>], at: usize) -> bool {
    at == 0 || matches!(tokens[at - 1].text, "." | "!" | "?" | ":" | "\"" | "“" | "‘" | "'" | "(" | "—" | "-")
}

/// Holders of a seat named after the place they represent ("Labour MP for Hornsey and Wood
/// Green", "the member for Islington North", "senator for Arizona").
const SEAT_HOLDERS: &[&str] =
    &["am", "congressman", "congresswoman", "mep", "member", "mla", "mp", "msp", "representative", "senator", "td"];

/// Whether the name starting at `start` is the seat of a holder named before it: right after
/// "MP for", or a conjunct of such a seat ("… for Hornsey and Wood Green").
fn names_a_seat(tokens: &[Token<'_>], start: usize) -> bool {
    let mut at = start;
    loop {
        if at < 2 {
            return false;
        }
        let before = tokens[at - 1].lower();
        if before == "for" {
            return contains(SEAT_HOLDERS, &tokens[at - 2].lower());
        }
        if before != "and" && before != "," {
            return false;
        }
        // Back over the conjunct before: a capitalised run.
        let mut conjunct = at - 1;
        while conjunct > 0 && tokens[conjunct - 1].is_capitalised() && tokens[conjunct - 1].is_word() {
            conjunct -= 1;
        }
        if conjunct == at - 1 {
            return false;
        }
        at = conjunct;
    }
}

fn is_nationality(token: &Token<'_>) -> bool {
    let lower = token.lower();
    token.is_capitalised()
        && (lower.ends_with("ian")
            || lower.ends_with("ese")
            || lower.ends_with("ish")
            || lower.ends_with('i')
            || lower == "us"
            || lower == "u.s.")
}

fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.len() <= 6 && letters.iter().all(|c| c.is_uppercase()) && !name.contains(' ')
}

mod people;

pub use people::EntityIndex;
pub(crate) use people::title_pronoun;
use people::{resolve_people, title_of};

#[cfg(test)]
mod tests;
