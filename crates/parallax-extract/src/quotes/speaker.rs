//! From a source as written to a speaker: a name to the article's canonical person, a pronoun
//! to the previous named speaker, a description to an anonymous speaker.

use std::collections::BTreeMap;

use parallax_model::SpeakerKind;

use super::lexicon::{self, DETERMINERS};
use crate::entities::{EntityIndex, title_pronoun};
use crate::words::tokenize;

/// Titles dropped in front of a name ("Mr. Tal" → "Tal").
const HONORIFICS: &[&str] = &[
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sir",
    "Dame",
    "Sen.",
    "Rep.",
    "Gov.",
    "Gen.",
    "Prof.",
    "President",
    "Minister",
    "Secretary",
    "Senator",
    "Governor",
    "Former",
    "former",
];

/// Plural nouns for groups of unnamed sources, capitalised only at the head of a sentence
/// ("Officials said …").
const COMMON_SOURCES: &[&str] = &[
    "activists",
    "advisers",
    "aides",
    "analysts",
    "authorities",
    "critics",
    "diplomats",
    "doctors",
    "economists",
    "experts",
    "insiders",
    "investigators",
    "lawmakers",
    "leaders",
    "members",
    "observers",
    "officials",
    "opponents",
    "organizers",
    "people",
    "polls",
    "prosecutors",
    "researchers",
    "residents",
    "sources",
    "supporters",
    "witnesses",
];

/// The speakers seen so far in an article.
pub(super) struct Speakers<'a> {
    entities: &'a EntityIndex,
    last_person: Option<String>,
    last: Option<(String, SpeakerKind)>,
    /// Persons known as "he" (`false`) or "she" (`true`): a pronoun of the other kind skips
    /// them for the last person known as it ("Ms Roche said … Sir Andrew says … He said …
    /// She said" is Ms Roche).
    feminine: BTreeMap<String, bool>,
    /// The last person known as "he" and as "she".
    last_by_pronoun: [Option<String>; 2],
    /// The last person the paragraphs read so far name (see [`Speakers::read`]).
    named: Option<String>,
}

impl<'a> Speakers<'a> {
    pub fn new(entities: &'a EntityIndex) -> Self {
        Speakers {
            entities,
            last_person: None,
            last: None,
            feminine: BTreeMap::new(),
            last_by_pronoun: [None, None],
            named: None,
        }
    }

    /// Notes the people a paragraph names: before anyone has spoken, "he" and "she" stand
    /// for the last of them ("… a move Wenger has backed. But he said: …").
    pub fn read(&mut self, paragraph: &str) {
        // Once someone has spoken, pronouns follow the speakers: nothing to note.
        if self.last_person.is_none()
            && let Some(person) = self.last_named(paragraph)
        {
            self.named = Some(person);
        }
    }

    /// The last person `text` names.
    fn last_named(&self, text: &str) -> Option<String> {
        let run = self.last_named_run(text)?;
        self.entities.person(strip_honorifics(&run)).map(str::to_string)
    }

    /// The last capitalised run of `text` that names a person, as written.
    fn last_named_run(&self, text: &str) -> Option<String> {
        capitalised_runs(text).into_iter().rev().find(|run| self.entities.person(strip_honorifics(run)).is_some())
    }

    /// The person "he" (`feminine` false) or "she" stands for: the last person named, unless
    /// known by the other pronoun and another person is known by this one.
    fn person_for(&mut self, feminine: bool) -> Option<String> {
        let last = self.last_person.clone()?;
        let person = match self.feminine.get(&last) {
            Some(&known) if known != feminine => self.last_by_pronoun[usize::from(feminine)].clone().unwrap_or(last),
            _ => last,
        };
        self.feminine.entry(person.clone()).or_insert(feminine);
        if self.feminine.get(&person) == Some(&feminine) {
            self.last_by_pronoun[usize::from(feminine)] = Some(person.clone());
        }
        Some(person)
    }

    /// Remembers the pronoun a person's title implies ("Ms Roche", "Sir Andrew Green").
    fn note_title(&mut self, source: &str, person: &str) {
        let Some(feminine) = title_pronoun(source) else { return };
        self.feminine.insert(person.to_string(), feminine);
        self.last_by_pronoun[usize::from(feminine)] = Some(person.to_string());
    }

    /// The previous speaker.
    pub fn last(&self) -> Option<(String, SpeakerKind)> {
        self.last.clone()
    }

    /// The speaker a source stands for; remembered for the pronouns that follow.
    pub fn resolve(&mut self, source: &str) -> Option<(String, SpeakerKind)> {
        let source = source.trim().trim_end_matches(',').trim();
        let lower = source.to_lowercase();
        // A possessive standing for its owner ("His message: …") is the pronoun.
        let lower = match lower.as_str() {
            "his" => "he".to_string(),
            "her" | "hers" => "she".to_string(),
            "their" => "they".to_string(),
            "its" => "it".to_string(),
            _ => lower,
        };
        let resolved = if matches!(lower.as_str(), "he" | "she") {
            self.person_for(lower == "she").map(|p| (p, SpeakerKind::Named)).or_else(|| self.last.clone())
        } else if lexicon::contains(lexicon::PRONOUNS, &lower) {
            self.last.clone().or_else(|| self.last_person.clone().map(|p| (p, SpeakerKind::Named)))
        } else {
            Some(self.describe(source))
        };
        if let Some(speaker) = &resolved {
            self.last = Some(speaker.clone());
        }
        resolved
    }

    /// The speaker a source stands for, given the text of its paragraph `before` it: a
    /// relative pronoun ("Richard Eyre, who called it …") stands for the name it hangs on.
    pub fn resolve_after(&mut self, source: &str, before: &str) -> Option<(String, SpeakerKind)> {
        match source.trim().to_lowercase().as_str() {
            "who" | "whom" | "whose" | "which" | "that" => self.antecedent(before),
            "he" | "she" if self.last_person.is_none() => {
                self.last_person = self.last_named(before).or_else(|| self.named.clone());
                self.resolve(source)
            }
            _ => self.resolve(source),
        }
    }

    /// The speaker a relative pronoun stands for: the last person the text before it names
    /// (within the sentence), or none.
    pub fn antecedent(&mut self, before: &str) -> Option<(String, SpeakerKind)> {
        let sentence = before.rfind(['.', '!', '?']).map_or(before, |at| &before[at + 1..]);
        let run = self.last_named_run(sentence)?;
        self.resolve(&run)
    }

    fn describe(&mut self, source: &str) -> (String, SpeakerKind) {
        // The head before any apposition: "Ross Dale, a spokesman for the council".
        let head = source.split(',').next().unwrap_or(source).trim();
        let runs = capitalised_runs(head);
        if let Some(person) = runs.iter().find_map(|run| self.entities.person(strip_honorifics(run))) {
            let person = person.to_string();
            self.note_title(head, &person);
            self.last_person = Some(person.clone());
            return (person, SpeakerKind::Named);
        }
        // A group of unnamed sources placed somewhere ("Diplomats in Marenport", "officials
        // at the ministry") is not the place it names.
        if is_placed_group(head) {
            return (lowercase_first(head), SpeakerKind::Anonymous);
        }
        // A name ends the phrase ("militant group Hamas", "The New York Post", "Mr. Tal"); a
        // description ends in a common noun ("a source familiar", "Jordanian leaders").
        let last_word = head.split_whitespace().last().unwrap_or_default();
        let common = COMMON_SOURCES.contains(&last_word.to_lowercase().as_str());
        match runs.last() {
            Some(run) if starts_upper(last_word) && head.ends_with(run.as_str()) && !common => {
                let name = strip_honorifics(run).to_string();
                let first = head.split_whitespace().next().unwrap_or_default().to_lowercase();
                if name.split_whitespace().count() >= 2 && !lexicon::contains(DETERMINERS, &first) {
                    self.last_person = Some(name.clone());
                }
                (name, SpeakerKind::Named)
            }
            _ => (lowercase_first(head), SpeakerKind::Anonymous),
        }
    }
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Prepositions that place a group of sources ("officials in Kerrin", "residents near the dam").
const PLACING: &[&str] = &["in", "at", "from", "near", "inside", "across"];

/// A plural common source followed by a place: "Diplomats in Marenport".
fn is_placed_group(head: &str) -> bool {
    let words: Vec<&str> = head.split_whitespace().collect();
    words
        .iter()
        .position(|w| PLACING.contains(w))
        .is_some_and(|at| at > 0 && COMMON_SOURCES.contains(&words[at - 1].to_lowercase().as_str()))
}

/// A description as it reads inside a sentence: the capital that only starts the sentence is
/// dropped ("A source familiar" → "a source familiar", "Officials" → "officials"), a proper
/// adjective is kept ("Kestrian officials").
fn lowercase_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or_default().to_lowercase();
    let ordinary = lexicon::contains(DETERMINERS, &first_word) || COMMON_SOURCES.contains(&first_word.as_str());
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if ordinary && chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

/// Runs of capitalised words ("Brian Fallon", "Mrs. Clinton"), skipping a leading determiner.
fn capitalised_runs(source: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for token in tokenize(source) {
        let word = token.is_word() && token.is_capitalised() && !lexicon::contains(DETERMINERS, &token.lower());
        if word {
            current.push(token.text);
        } else if !current.is_empty() {
            runs.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        runs.push(current.join(" "));
    }
    runs
}

pub(super) fn strip_honorifics(name: &str) -> &str {
    let mut rest = name.trim();
    loop {
        let Some((first, tail)) = rest.split_once(' ') else {
            return rest;
        };
        if HONORIFICS.contains(&first) {
            rest = tail.trim();
        } else {
            return rest;
        }
    }
}
