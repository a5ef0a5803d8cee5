//! From a source as written to a speaker: a name to the article's canonical person, a pronoun
//! to the previous named speaker, a description to an anonymous speaker.

use std::collections::BTreeMap;

use parallax_model::SpeakerKind;

use super::lexicon::{self, DETERMINERS};
use crate::entities::{EntityIndex, title_pronoun};
use crate::words::{Token, tokenize};

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
    "bankers",
    "brokers",
    "critics",
    "dealers",
    "delegates",
    "diplomats",
    "doctors",
    "economists",
    "executives",
    "experts",
    "insiders",
    "investigators",
    "lawmakers",
    "leaders",
    "members",
    "negotiators",
    "observers",
    "officials",
    "opponents",
    "organizers",
    "people",
    "polls",
    "prosecutors",
    "protesters",
    "researchers",
    "residents",
    "sources",
    "strategists",
    "supporters",
    "traders",
    "underwriters",
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
    /// Roles written before a person's name ("Tory leader Mara Finch", "Prime Minister Tom
    /// Vell"), lowercase, each tail too ("leader"), with that person; `None` where two people
    /// bear one (see [`Speakers::note_roles`]).
    roles: BTreeMap<String, Option<String>>,
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
            roles: BTreeMap::new(),
        }
    }

    /// Notes the roles a paragraph writes before the names of the article's people, so that
    /// "the Tory leader" later stands for "Tory leader Mara Finch".
    pub fn note_roles(&mut self, paragraph: &str) {
        let tokens = tokenize(paragraph);
        let capitalised = |t: &Token<'_>| t.is_word() && t.is_capitalised();
        let mut i = 0;
        while i < tokens.len() {
            if !capitalised(&tokens[i]) {
                i += 1;
                continue;
            }
            let end = (i..tokens.len()).find(|&j| !capitalised(&tokens[j])).unwrap_or(tokens.len());
            let run = &paragraph[tokens[i].start..tokens[end - 1].end];
            if let Some(person) = self.entities.person(strip_honorifics(run)) {
                // The role: the run's words before the name, and up to three words before the run.
                let name_words: Vec<&str> = person.split_whitespace().collect();
                let name_at = (i..end).find(|&t| name_words.contains(&tokens[t].text)).unwrap_or(i);
                let mut start = i;
                while start > 0
                    && i - start < 3
                    && tokens[start - 1].is_word()
                    && !is_possessive(tokens[start - 1].text)
                {
                    start -= 1;
                }
                let words: Vec<String> = tokens[start..name_at].iter().map(Token::lower).collect();
                if words.last().is_some_and(|w| ROLE_NOUNS.contains(&w.as_str())) {
                    for from in 0..words.len() {
                        let role = words[from..].join(" ");
                        let entry = self.roles.entry(role).or_insert_with(|| Some(person.to_string()));
                        if entry.as_deref() != Some(person) {
                            *entry = None;
                        }
                        // A deputy prime minister is no "prime minister".
                        if ROLE_QUALIFIERS.contains(&words[from].as_str()) {
                            break;
                        }
                    }
                }
            }
            i = end;
        }
    }

    /// The person a definite role stands for ("the Tory leader", "the prime minister").
    fn person_in_role(&self, head: &str) -> Option<String> {
        let lower = head.to_lowercase();
        let role = lower.strip_prefix("the ")?;
        self.roles.get(role).cloned().flatten()
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
            "our" => "we".to_string(),
            "my" => "i".to_string(),
            "your" => "you".to_string(),
            _ => lower,
        };
        let resolved = if matches!(lower.as_str(), "one" | "another") {
            // "… the sources said. “…,” said one.": one of that group.
            let group = self
                .last
                .clone()
                .filter(|(description, kind)| *kind == SpeakerKind::Anonymous && is_group(description));
            Some(match group {
                Some((group, _)) => {
                    let first = group.split_whitespace().next().unwrap_or_default().to_lowercase();
                    let definite = matches!(first.as_str(), "the" | "these" | "those") || is_possessive(&first);
                    let the = if definite { "" } else { "the " };
                    // The group stays the last speaker: "another" is one more of it.
                    return Some((format!("{lower} of {the}{group}"), SpeakerKind::Anonymous));
                }
                None => (lower.clone(), SpeakerKind::Anonymous),
            })
        } else if ELIDED_SUBJECT.contains(&lower.as_str()) {
            // "But told reporters: …", "And continued: …": the subject left out is the
            // previous speaker, not a speaker named "But".
            self.last.clone()
        } else if matches!(lower.as_str(), "he" | "she") {
            // "A spokeswoman for the ministry said … She added …": the unnamed speaker just
            // heard, when one person that fits the pronoun.
            let feminine = lower == "she";
            let unnamed = self.last.clone().filter(|(description, kind)| {
                *kind == SpeakerKind::Anonymous
                    && one_person(description).is_some_and(|f| f.is_none_or(|f| f == feminine))
            });
            unnamed.or_else(|| self.person_for(feminine).map(|p| (p, SpeakerKind::Named))).or_else(|| self.last.clone())
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
        let pronoun = source.trim().to_lowercase();
        // "Tom Vell is a clerk at the mill. He said: …": a pronoun opening the sentence after
        // one whose subject is a person stands for that person, whoever spoke last.
        if let Some(person) = matches!(pronoun.as_str(), "he" | "she").then(|| self.subject_before(before)).flatten()
            && self.feminine.get(&person).is_none_or(|&feminine| feminine == (pronoun == "she"))
        {
            self.feminine.insert(person.clone(), pronoun == "she");
            self.last_by_pronoun[usize::from(pronoun == "she")] = Some(person.clone());
            self.last_person = Some(person.clone());
            self.last = Some((person.clone(), SpeakerKind::Named));
            return Some((person, SpeakerKind::Named));
        }
        match pronoun.as_str() {
            "who" | "whom" | "whose" | "which" | "that" => self.antecedent(before),
            "he" | "she" if self.last_person.is_none() => {
                self.last_person = self.last_named(before).or_else(|| self.named.clone());
                self.resolve(source)
            }
            _ => self.resolve(source),
        }
    }

    /// The person the sentence right before `before`'s end opens with, when `before` ends a
    /// sentence ("Tom Vell is a clerk at the mill. ").
    fn subject_before(&self, before: &str) -> Option<String> {
        let text = before.trim_end();
        let body = text.strip_suffix(['.', '!', '?'])?;
        let ends = ['.', '!', '?', '"', '”'];
        let start = body.rfind(ends).map_or(0, |at| at + body[at..].chars().next().map_or(1, char::len_utf8));
        let sentence = &body[start..];
        // The subject's run of capitals, after an opening conjunction ("But Tom Vell …"), not
        // an owner ("Tom Vell's adviser …").
        let tokens = tokenize(sentence);
        let first = tokens.iter().position(|t| !ELIDED_SUBJECT.contains(&t.lower().as_str()))?;
        let capitalised = |t: &Token<'_>| t.is_word() && t.is_capitalised();
        let end = (first..tokens.len()).find(|&i| !capitalised(&tokens[i])).unwrap_or(tokens.len());
        if end == first || is_possessive(tokens[end - 1].text) {
            return None;
        }
        let run = &sentence[tokens[first].start..tokens[end - 1].end];
        self.entities.person(strip_honorifics(run)).map(str::to_string)
    }

    /// The speaker a relative pronoun stands for: the last person the text before it names
    /// (within the sentence), or none.
    pub fn antecedent(&mut self, before: &str) -> Option<(String, SpeakerKind)> {
        let sentence = before.rfind(['.', '!', '?']).map_or(before, |at| &before[at + 1..]);
        let run = self.last_named_run(sentence)?;
        self.resolve(&run)
    }

    /// The person a phrase ends with when a title or a body names them ("Chief Secretary to
    /// the Treasury Tom Vell", "leader of the House Tom Vell"), not when they are only the
    /// object of a preposition ("a spokesman for Tom Vell").
    fn titled_person(&self, head: &str) -> Option<&'a str> {
        let tokens = tokenize(head);
        let name_word = |t: &Token<'_>| {
            t.is_word() && t.is_capitalised() && !is_possessive(t.text) && !lexicon::contains(DETERMINERS, &t.lower())
        };
        let first = tokens.iter().rposition(|t| !name_word(t)).map_or(0, |at| at + 1);
        let run = strip_honorifics(head.get(tokens.get(first)?.start..)?);
        let person = self.entities.person(run)?;
        let titled = run.split_whitespace().next().is_some_and(|word| !person.split_whitespace().any(|p| p == word));
        let before = tokens[..first].iter().rev().find(|t| !lexicon::contains(DETERMINERS, &t.lower()));
        (titled || !before.is_some_and(|t| lexicon::contains(PREPOSITIONS, t.text))).then_some(person)
    }

    fn describe(&mut self, source: &str) -> (String, SpeakerKind) {
        // The head before any apposition ("Ross Dale, a spokesman for the council") and
        // before any verb a source read too far takes in ("the party leader will also call
        // for …" → "the party leader").
        let before_comma = source.split(',').next().unwrap_or(source).trim();
        let head = clause_cut(before_comma);
        // The person the phrase's own noun names ("Kerrin Aid's Jon Hale", "Lara Brand of Save
        // the Kids"; an utterance's owner: "Mr Vell's statement"), else one an apposition names
        // ("The shadow secretary for the family, Tessa Vane", "Culture, Media and Sport
        // Secretary Tessa Vane"), else one a title ends with ("Chief Secretary to the Treasury
        // Tom Vell"); never an owner or a complement ("Kerrin's charities", "a spokesman for
        // Tessa Vane").
        let apposition = source.get(before_comma.len()..).unwrap_or_default();
        let (owner, noun) = owner_and_noun(head);
        let speaking = if is_utterance(noun) { owner } else { noun };
        let person = capitalised_runs(speaking)
            .iter()
            .chain(&capitalised_runs(apposition))
            .find_map(|run| self.entities.person(strip_honorifics(run)))
            .or_else(|| is_title(noun).then(|| self.titled_person(head)).flatten());
        if let Some(person) = person {
            let person = person.to_string();
            self.note_title(head, &person);
            self.last_person = Some(person.clone());
            return (person, SpeakerKind::Named);
        }
        if let Some(person) = self.person_in_role(head) {
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
        // A name with a complement ("Lara Brand of Save the Kids") is the name.
        let noun = owner_and_noun(head).1.trim();
        let named_noun = noun.len() < head.len() && is_full_name(noun);
        let name = if named_noun { Some(noun.to_string()) } else { trailing_name(head) };
        let last_word = if named_noun { noun.split_whitespace().last().unwrap_or_default() } else { last_word };
        match name {
            Some(run) if starts_upper(last_word) && !common => {
                let name = strip_honorifics(&run).to_string();
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
    let rest_lower = text.split_whitespace().next().unwrap_or_default().chars().skip(1).all(char::is_lowercase);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if ordinary && rest_lower => first.to_lowercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

/// Whether a noun phrase is a title or empty ("Chief Secretary", "Director of Public
/// Prosecutions"), not a description ("an aide", "the party's spokesman").
fn is_title(noun: &str) -> bool {
    noun.split_whitespace().all(|word| {
        let lower = word.to_lowercase();
        word.chars().next().is_some_and(char::is_uppercase) || lexicon::contains(NAME_JOINERS, &lower)
    })
}

/// Whether an unnamed source is a group ("the sources", "delegates", "underwriters away from
/// the syndicate"): a plural common noun before its complement.
fn is_group(description: &str) -> bool {
    let (_, noun) = owner_and_noun(description);
    noun.split_whitespace().enumerate().any(|(at, word)| {
        let lower = word.to_lowercase();
        let common = at == 0 || word.chars().next().is_some_and(char::is_lowercase);
        common
            && (COMMON_SOURCES.contains(&lower.as_str())
                || (lower.len() > 3 && lower.ends_with('s') && !lower.ends_with("ss") && lower != "news"))
    })
}

/// Nouns that head a role written before a name ("Tory leader", "Prime Minister").
const ROLE_NOUNS: &[&str] = &[
    "ambassador",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "commander",
    "commissioner",
    "director",
    "executive",
    "general",
    "governor",
    "head",
    "judge",
    "leader",
    "mayor",
    "minister",
    "premier",
    "president",
    "prosecutor",
    "secretary",
    "senator",
    "speaker",
    "spokesman",
    "spokeswoman",
];

/// Words that make another role of the one they qualify ("deputy mayor", "shadow chancellor").
const ROLE_QUALIFIERS: &[&str] =
    &["acting", "assistant", "associate", "deputy", "ex", "former", "interim", "junior", "shadow", "vice"];

/// Words that end a source's noun phrase: verbs and relative pronouns.
const CLAUSE_VERBS: &[&str] = &[
    "are", "can", "could", "did", "does", "had", "has", "have", "is", "may", "might", "must", "should", "was", "were",
    "which", "who", "will", "would",
];

/// A source up to its first verb or relative pronoun after its first word.
fn clause_cut(head: &str) -> &str {
    let tokens = tokenize(head);
    let cut = tokens.iter().skip(1).find(|t| CLAUSE_VERBS.contains(&t.text));
    cut.map_or(head, |t| head[..t.start].trim_end())
}

/// A one-word source that stands for a subject left out ("But told reporters: …").
const ELIDED_SUBJECT: &[&str] = &["and", "but", "or", "so", "yet", "then", "also", "still"];

/// Lower-case words inside a name ("Department of Trade and Industry", "Archbishop of
/// Kerrin", "Party for Freedom").
const NAME_JOINERS: &[&str] = &["of", "for", "and", "on", "the", "de", "del", "la", "le", "von", "van", "al"];

/// Two or more words, each in title case and none a determiner ("Lara Brand"; not "Labour
/// MP", "The Archbishop").
fn is_full_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.len() >= 2
        && words.iter().all(|word| {
            let mut chars = word.chars();
            if lexicon::contains(DETERMINERS, &word.to_lowercase()) {
                return false;
            }
            chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
        })
}

/// Singular nouns for one unnamed person that "he" or "she" can stand for (not roles such as
/// "the minister", which stand for someone the article names).
const ONE_PERSON: &[&str] = &[
    "adviser",
    "advisor",
    "aide",
    "diplomat",
    "friend",
    "insider",
    "lawyer",
    "man",
    "neighbour",
    "neighbor",
    "official",
    "resident",
    "source",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "witness",
    "woman",
];

/// Whether a description names one unnamed person (`Some`), and whether as a woman
/// (`Some(true)`), a man or either ("a spokeswoman for the ministry", "a Kerrin Water
/// spokesman", "Mr Vell's spokesman", "a source").
fn one_person(description: &str) -> Option<Option<bool>> {
    let head = description.split(',').next().unwrap_or(description);
    let (owner, noun) = owner_and_noun(head);
    // "the party spokesman" may be someone the article named; "a spokesman", "Mr Vell's
    // spokesman" is not.
    let first = head.split_whitespace().next().unwrap_or_default().to_lowercase();
    if owner.is_empty() && !matches!(first.as_str(), "a" | "an" | "another") {
        return None;
    }
    let words = [noun.split_whitespace().last(), head.split_whitespace().last()];
    let word = words.into_iter().flatten().map(str::to_lowercase).find(|w| ONE_PERSON.contains(&w.as_str()))?;
    Some(if word.ends_with("woman") {
        Some(true)
    } else if word.ends_with("man") {
        Some(false)
    } else {
        None
    })
}

/// Prepositions that open a complement ("a spokesman for the embassy in Kerrin").
const PREPOSITIONS: &[&str] = &["of", "for", "at", "from", "with", "in", "on", "near", "to", "by", "inside", "across"];

/// A noun phrase's last owner (possessive mark dropped) and its own words, after that owner
/// and before its first preposition ("Kerrin Aid's Jon Hale" → "Kerrin Aid", "Jon Hale";
/// "Lara Brand of Save the Kids" → "", "Lara Brand").
fn owner_and_noun(phrase: &str) -> (&str, &str) {
    let tokens = tokenize(phrase);
    let end = tokens.iter().find(|t| lexicon::contains(PREPOSITIONS, t.text)).map_or(phrase.len(), |t| t.start);
    match tokens.iter().rev().find(|t| t.end <= end && is_possessive(t.text)) {
        Some(owner) => {
            let mark = owner.text.len() - strip_possessive(owner.text).map_or(0, str::len);
            (&phrase[..owner.end - mark], &phrase[owner.end..end])
        }
        None => ("", &phrase[..end]),
    }
}

/// Nouns for what someone wrote or said: their owner is the speaker ("Mr Vell's statement").
const UTTERANCES: &[&str] = &[
    "announcement",
    "article",
    "blog",
    "book",
    "column",
    "comments",
    "email",
    "interview",
    "letter",
    "memo",
    "memoir",
    "message",
    "note",
    "post",
    "remarks",
    "report",
    "speech",
    "statement",
    "testimony",
    "tweet",
    "website",
    "words",
];

fn is_utterance(noun: &str) -> bool {
    noun.split_whitespace().last().is_some_and(|word| UTTERANCES.contains(&word))
}

/// The name a source ends with, joining words included ("the Archbishop of Kerrin" →
/// "Archbishop of Kerrin", "the MP for Dunmore and Sheel" → "MP for Dunmore and Sheel").
fn trailing_name(source: &str) -> Option<String> {
    let tokens = tokenize(source);
    let is_name_word = |token: &Token<'_>| {
        token.is_word() && token.is_capitalised() && !lexicon::contains(DETERMINERS, &token.lower())
    };
    let last = tokens.last().filter(|t| is_name_word(t))?;
    let mut start = tokens.len() - 1;
    let mut first = start;
    while start > 0 {
        let token = &tokens[start - 1];
        let lower = token.lower();
        if is_name_word(token) && !is_possessive(token.text) {
            start -= 1;
            first = start;
        } else if lexicon::contains(NAME_JOINERS, &lower) && token.text == lower {
            start -= 1;
        } else {
            break;
        }
    }
    // A name inside a complement is no speaker ("a spokesman for the embassy in Kerrin").
    let before = tokens[..first].iter().rev().find(|t| !lexicon::contains(DETERMINERS, &t.lower()));
    if before.is_some_and(|t| lexicon::contains(PREPOSITIONS, t.text)) {
        return None;
    }
    Some(source[tokens[first].start..last.end].to_string())
}

fn is_possessive(word: &str) -> bool {
    strip_possessive(word).is_some()
}

/// The owner of a possessive ("Kerrin's" → "Kerrin").
fn strip_possessive(word: &str) -> Option<&str> {
    word.strip_suffix("'s").or_else(|| word.strip_suffix("’s"))
}

/// Runs of capitalised words ("Brian Fallon", "Mrs. Clinton"), skipping a leading determiner;
/// an owner ends a run ("Kerrin Aid's Jon Hale" → "Kerrin Aid", "Jon Hale").
fn capitalised_runs(source: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for token in tokenize(source) {
        let word = token.is_word() && token.is_capitalised() && !lexicon::contains(DETERMINERS, &token.lower());
        if let Some(owner) = strip_possessive(token.text).filter(|_| word) {
            current.push(owner);
            runs.push(current.join(" "));
            current.clear();
        } else if word {
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
