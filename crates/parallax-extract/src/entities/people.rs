//! People within an article: every mention of a person resolved to the fullest name the
//! article uses for them (by family and first name), titles and the pronouns they imply, and
//! the index that looks people up by any form.

use std::collections::{BTreeMap, BTreeSet};

pub(super) use parallax_model::title_of;
use parallax_model::{EntityKind, EntityMention, first_name, person_key};

/// Gives every mention of a person the fullest name used for them in the article; single
/// words that match a person's family name become that person. A multi-word name whose last
/// word also stands alone elsewhere ("Ilse Marrow" … "Marrow") is a person: the news
/// convention of full name first, family name after.
pub(super) fn resolve_people(mentions: &mut [EntityMention]) {
    // Family names a person is known by alone ("Tal"): a name of no kind ending in one is
    // that person ("Arvin Tal"). Single words of another kind prove nothing ("Olympic" does
    // not make "American Olympic" a person).
    let singles: BTreeSet<String> = mentions
        .iter()
        .filter(|m| !m.text.contains(' ') && m.kind == EntityKind::Person)
        .map(|m| person_key(&m.text))
        .collect();
    for mention in mentions.iter_mut() {
        let words = mention.text.split_whitespace().count();
        if mention.kind == EntityKind::Other && (2..=4).contains(&words) && singles.contains(&person_key(&mention.text))
        {
            mention.kind = EntityKind::Person;
        }
    }
    // The fullest form of each person, by family name and first name: two people of one
    // family ("Joe Biden", "Hunter Biden") stay two.
    let mut fullest: BTreeMap<(String, Option<String>), String> = BTreeMap::new();
    for mention in mentions.iter().filter(|m| m.kind == EntityKind::Person) {
        let key = (person_key(&mention.text), first_name(&mention.text));
        let entry = fullest.entry(key).or_insert_with(|| mention.text.clone());
        let better = mention.text.split_whitespace().count() > entry.split_whitespace().count()
            || (mention.text.split_whitespace().count() == entry.split_whitespace().count()
                && mention.text.len() < entry.len());
        if better {
            *entry = mention.text.clone();
        }
    }
    // A mention without a first name ("Biden", "Mr Biden") is the person of that family
    // named last before it, else the first named after it; where the family has one named
    // person, that one.
    let mut first_named: BTreeMap<String, String> = BTreeMap::new();
    for mention in mentions.iter().filter(|m| m.kind == EntityKind::Person) {
        if let Some(first) = first_name(&mention.text) {
            first_named.entry(person_key(&mention.text)).or_insert(first);
        }
    }
    // A first name alone ("Roger", "Mary") is the one person of the article with that first
    // name, where no one has it as a family name.
    let mut by_first_name: BTreeMap<String, BTreeSet<&String>> = BTreeMap::new();
    for ((_, first), full) in &fullest {
        if let Some(first) = first {
            by_first_name.entry(first.clone()).or_default().insert(full);
        }
    }
    let by_first_name: BTreeMap<String, String> = by_first_name
        .into_iter()
        .filter_map(|(first, fulls)| match fulls.into_iter().collect::<Vec<_>>()[..] {
            [only] => Some((first, only.clone())),
            _ => None,
        })
        .collect();
    let mut last_named: BTreeMap<String, String> = BTreeMap::new();
    for mention in mentions.iter_mut() {
        let single = !mention.text.contains(' ');
        if !(mention.kind == EntityKind::Person || (single && mention.kind == EntityKind::Other)) {
            continue;
        }
        let family = person_key(&mention.text);
        let own = first_name(&mention.text);
        let first = own.clone().or_else(|| last_named.get(&family).or_else(|| first_named.get(&family)).cloned());
        let by_family = fullest.get(&(family.clone(), first)).or_else(|| fullest.get(&(family.clone(), None)));
        // A single word, or a knight's or dame's title and one word ("Sir Edward"), that
        // names no one fuller by family may be a first name.
        let words = mention.text.split_whitespace().count();
        let bare = single || (words == 2 && knighted(&mention.text));
        let full = match by_family {
            Some(full) if !bare || full.split_whitespace().count() > words => Some(full),
            other => bare.then(|| by_first_name.get(&family)).flatten().or(other),
        };
        if let Some(full) = full {
            mention.canonical = full.clone();
            mention.kind = EntityKind::Person;
        }
        if let Some(own) = own {
            last_named.insert(family, own);
        }
    }
}

/// Whether a name opens with a knight's or a dame's title, which goes with the first name.
fn knighted(name: &str) -> bool {
    name.split_whitespace().next().is_some_and(|w| matches!(w, "Sir" | "Dame"))
}

/// Whether a name's title calls for "she" (`Some(true)`) or "he" ("Ms Roche", "Sir Andrew
/// Green"); `None` without such a title.
pub(crate) fn title_pronoun(name: &str) -> Option<bool> {
    title_of(name).flatten()
}

/// Looks up canonical person names by any form used in the article.
#[derive(Debug, Default)]
pub struct EntityIndex {
    /// Family name → the canonical names of that family, in order of first mention.
    people: BTreeMap<String, Vec<String>>,
    /// First name → the one person of that first name (`None` where there are several).
    first_names: BTreeMap<String, Option<String>>,
}

impl EntityIndex {
    pub fn new(mentions: &[EntityMention]) -> Self {
        let mut people: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut first_names: BTreeMap<String, Option<String>> = BTreeMap::new();
        for mention in mentions.iter().filter(|m| m.kind == EntityKind::Person) {
            let family = people.entry(person_key(&mention.canonical)).or_default();
            if !family.contains(&mention.canonical) {
                family.push(mention.canonical.clone());
            }
            if let Some(first) = first_name(&mention.canonical) {
                let one = first_names.entry(first).or_insert_with(|| Some(mention.canonical.clone()));
                if one.as_ref().is_some_and(|known| *known != mention.canonical) {
                    *one = None;
                }
            }
        }
        Self { people, first_names }
    }

    /// The canonical name of the person a name refers to, if the article names them: of two
    /// people of one family, the one of the same first name, else the one named first; a
    /// single word no family bears, the one person of that first name ("Edward" after
    /// "Sir Edward Heath").
    pub fn person(&self, name: &str) -> Option<&str> {
        let Some(family) = self.people.get(&person_key(name)) else {
            let single = !name.trim().contains(' ');
            return single.then(|| self.first_names.get(&name.trim().to_lowercase())?.as_deref()).flatten();
        };
        let first = first_name(name);
        let same_first = family.iter().find(|full| first.is_some() && first_name(full) == first);
        same_first.or(family.first()).map(String::as_str)
    }
}
