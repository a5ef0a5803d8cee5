//! The event's entity registry: every person, organisation and place its articles name,
//! linked across the articles ("Secretary of State Antony J. Blinken", "Antony Blinken" and
//! "Blinken" are one person), with the forms and roles each article uses. An entity's id
//! derives from its kind and full name, so the same person has the same id in every event.

use std::collections::{BTreeMap, BTreeSet};

use parallax_model::{ArticleId, EntityKind, EntityMention, EntityView, first_name, person_key, short_hash};

use crate::ReportInput;

/// Most entities an event's registry holds (the most mentioned).
pub(crate) const MAX_ENTITIES: usize = 40;

#[derive(Default)]
struct Group {
    mentions: usize,
    /// Canonical forms (as each article resolved its mentions), by count.
    forms: BTreeMap<String, usize>,
    /// Forms as written ("Blinken", "Mr. Blinken"), by count.
    written: BTreeMap<String, usize>,
    roles: BTreeSet<String>,
    articles: BTreeSet<ArticleId>,
}

impl Group {
    fn add(&mut self, mention: &EntityMention, article: &ArticleId) {
        self.mentions += 1;
        *self.forms.entry(mention.canonical.trim().to_string()).or_insert(0) += 1;
        *self.written.entry(mention.text.trim().to_string()).or_insert(0) += 1;
        // Honorifics ("Mr.") are not roles.
        if let Some(role) = mention.role.as_deref().filter(|r| !(r.len() <= 4 && r.ends_with('.'))) {
            self.roles.insert(role.to_string());
        }
        self.articles.insert(article.clone());
    }

    fn absorb(&mut self, other: Group) {
        self.mentions += other.mentions;
        for (form, n) in other.forms {
            *self.forms.entry(form).or_insert(0) += n;
        }
        for (form, n) in other.written {
            *self.written.entry(form).or_insert(0) += n;
        }
        self.roles.extend(other.roles);
        self.articles.extend(other.articles);
    }

    /// The fullest of the most used forms.
    fn name(&self) -> String {
        fullest_form(&self.forms)
    }

    /// A person's name: the fullest of the most used forms with a first name ("Peter Varne"
    /// before "Lord Varne"), else of all forms.
    fn person_name(&self) -> String {
        let named: BTreeMap<String, usize> =
            self.forms.iter().filter(|(form, _)| first_name(form).is_some()).map(|(f, &n)| (f.clone(), n)).collect();
        if named.is_empty() { self.name() } else { fullest_form(&named) }
    }
}

/// The event's entity mentions, article by article, each of the kind most of the event's
/// mentions of that name have. The tagger reads each sentence on its own and may call one
/// name a person here and an organisation there ("Hezbollah", "US"); a reader expects one
/// name in one list. A single-word name tagged as an organisation or a thing in an article
/// that names a person of that family name is that person ("Blinken" beside "Antony
/// Blinken"); places are left alone there ("Washington" beside "Denzel Washington"). A
/// person named by one word alone counts half a vote ("Hezbollah" tagged a person twice and
/// an organisation twice is an organisation); on a tie each mention keeps its own kind.
pub(crate) fn voted_mentions(members: &[ReportInput<'_>]) -> Vec<Vec<EntityMention>> {
    let key = |mention: &EntityMention| person_key(mention.canonical.trim()).to_string();
    let mut voted: Vec<Vec<EntityMention>> = members
        .iter()
        .map(|member| {
            let families: BTreeSet<String> = member
                .extraction
                .entities
                .iter()
                .filter(|m| m.kind == EntityKind::Person && m.canonical.split_whitespace().count() >= 2)
                .map(key)
                .collect();
            let mut mentions = member.extraction.entities.clone();
            for mention in &mut mentions {
                let surname = matches!(mention.kind, EntityKind::Organization | EntityKind::Other)
                    && mention.canonical.split_whitespace().count() == 1
                    && families.contains(&key(mention));
                if surname {
                    mention.kind = EntityKind::Person;
                }
            }
            mentions
        })
        .collect();
    // Counted in halves: a person known by one word alone counts half, since the tagger
    // resolves the people an article introduces to their full names.
    let mut votes: BTreeMap<String, BTreeMap<EntityKind, usize>> = BTreeMap::new();
    for mention in voted.iter().flatten() {
        let canonical = mention.canonical.trim();
        let weight =
            if mention.kind == EntityKind::Person && canonical.split_whitespace().count() == 1 { 1 } else { 2 };
        *votes.entry(canonical.to_lowercase()).or_default().entry(mention.kind).or_insert(0) += weight;
    }
    let winners: BTreeMap<String, EntityKind> = votes
        .into_iter()
        .filter_map(|(name, kinds)| {
            let best = kinds.values().copied().max()?;
            let mut leaders = kinds.into_iter().filter(|&(_, n)| n == best);
            let (kind, _) = leaders.next()?;
            leaders.next().is_none().then_some((name, kind))
        })
        .collect();
    for mention in voted.iter_mut().flatten() {
        if let Some(&kind) = winners.get(&mention.canonical.trim().to_lowercase()) {
            mention.kind = kind;
        }
    }
    voted
}

/// The fullest of the most used forms: among the forms of the most words, the most used
/// (the first in order on ties).
pub(crate) fn fullest_form(forms: &BTreeMap<String, usize>) -> String {
    let longest_words = forms.keys().map(|f| f.split_whitespace().count()).max().unwrap_or(0);
    forms
        .iter()
        .filter(|(form, _)| form.split_whitespace().count() == longest_words)
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(form, _)| form.clone())
        .unwrap_or_default()
}

/// The entities of an event, most mentioned first (at most `MAX_ENTITIES`).
pub fn entity_registry(members: &[ReportInput<'_>]) -> Vec<EntityView> {
    let mut all = all_entities(members, &voted_mentions(members));
    all.truncate(MAX_ENTITIES);
    all
}

/// The names of one kind an event lists, most mentioned first (at most 12): a single word
/// needs two mentions, being too often a capitalised word the tagger took for a name
/// ("Pauses in fighting"); a person's full name needs one.
pub(crate) fn listed(all: &[EntityView], kind: EntityKind) -> Vec<String> {
    all.iter()
        .filter(|e| e.kind == kind)
        .filter(|e| e.mentions >= 2 || (kind == EntityKind::Person && e.name.split_whitespace().count() >= 2))
        .take(12)
        .map(|e| e.name.clone())
        .collect()
}

/// The name the event knows a speaker by: the person of that name or alias, else the most
/// mentioned person of that family name and no other first name ("Mr Vell", "Lord Vell" →
/// "Peter Vell").
pub(crate) fn person_named<'a>(all: &'a [EntityView], speaker: &str) -> Option<&'a str> {
    let people = || all.iter().filter(|e| e.kind == EntityKind::Person);
    let exact = people().find(|e| e.name == speaker || e.aliases.iter().any(|a| a == speaker));
    let first = first_name(speaker);
    let key = person_key(speaker);
    let family = || people().find(|e| person_key(&e.name) == key && (first.is_none() || first_name(&e.name) == first));
    exact.or_else(family).map(|e| e.name.as_str())
}

/// Every entity of an event from its articles' voted mentions (see [`voted_mentions`]), most
/// mentioned first.
pub(crate) fn all_entities(members: &[ReportInput<'_>], voted: &[Vec<EntityMention>]) -> Vec<EntityView> {
    // People by family name, then by first name (none for a family name alone or after a
    // title: "Varne", "Lord Varne", which go to the most mentioned person of that family
    // name); other names by their lowercase form.
    let mut people: BTreeMap<String, BTreeMap<Option<String>, Group>> = BTreeMap::new();
    let mut others: BTreeMap<(EntityKind, String), Group> = BTreeMap::new();
    for (member, mentions) in members.iter().zip(voted) {
        for mention in mentions {
            let form = mention.canonical.trim();
            if form.is_empty() {
                continue;
            }
            if mention.kind == EntityKind::Person {
                let family = people.entry(person_key(form)).or_default();
                family.entry(first_name(form)).or_default().add(mention, &member.article.id);
            } else {
                others.entry((mention.kind, form.to_lowercase())).or_default().add(mention, &member.article.id);
            }
        }
    }
    let mut entities: Vec<(EntityKind, Group)> = Vec::new();
    for (_, mut family) in people {
        // A family name alone goes to the most mentioned person of that name.
        let bare = family.remove(&None);
        let mut named: Vec<Group> = family.into_values().collect();
        named.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.person_name().cmp(&b.person_name())));
        match (named.first_mut(), bare) {
            (Some(first), Some(bare)) => first.absorb(bare),
            (None, Some(bare)) => named.push(bare),
            _ => {}
        }
        entities.extend(named.into_iter().map(|group| (EntityKind::Person, group)));
    }
    entities.extend(others.into_iter().map(|((kind, _), group)| (kind, group)));
    let mut views: Vec<EntityView> = entities
        .into_iter()
        .map(|(kind, group)| {
            let name = if kind == EntityKind::Person { group.person_name() } else { group.name() };
            let mut forms = group.forms;
            for (form, n) in group.written {
                *forms.entry(form).or_insert(0) += n;
            }
            let mut aliases: Vec<(String, usize)> = forms.into_iter().filter(|(form, _)| *form != name).collect();
            aliases.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            EntityView {
                id: entity_id(kind, &name),
                kind,
                aliases: aliases.into_iter().map(|(form, _)| form).collect(),
                roles: group.roles.into_iter().collect(),
                mentions: group.mentions,
                articles: group.articles.into_iter().collect(),
                name,
            }
        })
        .collect();
    views.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.name.cmp(&b.name)));
    views
}

/// The same kind and full name give the same id in every event: a person's id is their given
/// and family names, so "Antony J. Blinken" and "Antony Blinken" share one.
fn entity_id(kind: EntityKind, name: &str) -> String {
    let key = match kind {
        EntityKind::Person => format!("{}:{}", first_name(name).unwrap_or_default(), person_key(name)),
        _ => name.to_lowercase(),
    };
    format!("en-{}", short_hash(&format!("{kind:?}|{key}")))
}

#[cfg(test)]
mod tests {
    use parallax_model::{CleanArticle, Extraction};

    use super::*;
    use crate::test_support::article;

    fn mention(text: &str, kind: EntityKind, role: Option<&str>) -> EntityMention {
        EntityMention { text: text.into(), canonical: text.into(), kind, role: role.map(str::to_string), paragraph: 0 }
    }

    fn members(articles: &[(CleanArticle, Extraction)]) -> Vec<ReportInput<'_>> {
        articles.iter().map(|(article, extraction)| ReportInput { article, extraction, duplicate_of: None }).collect()
    }

    fn registry(articles: &[(CleanArticle, Extraction)]) -> Vec<EntityView> {
        let members = members(articles);
        entity_registry(&members)
    }

    fn with(id: &str, mentions: Vec<EntityMention>) -> (CleanArticle, Extraction) {
        (article(id, None, &["Text."]), Extraction { entities: mentions, ..Extraction::default() })
    }

    #[test]
    fn one_person_across_articles_and_two_people_of_one_family_name() {
        let person = EntityKind::Person;
        let articles = vec![
            with(
                "a",
                vec![
                    mention("Antony J. Blinken", person, Some("Secretary of State")),
                    mention("Blinken", person, Some("Mr.")),
                ],
            ),
            with("b", vec![mention("Antony Blinken", person, None), mention("Blinken", person, None)]),
            with("c", vec![mention("Blinken", person, None), mention("Hunter Blinken", person, None)]),
            with("d", vec![mention("Kerrin", EntityKind::Place, None), mention("kerrin", EntityKind::Place, None)]),
        ];
        let entities = registry(&articles);
        let antony = entities.iter().find(|e| e.name.starts_with("Antony")).expect("Antony Blinken");
        assert_eq!(antony.mentions, 5, "{antony:?}");
        assert_eq!(antony.articles.iter().map(|a| a.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
        assert!(antony.aliases.contains(&"Blinken".to_string()));
        assert_eq!(antony.roles, ["Secretary of State"]);
        let hunter = entities.iter().find(|e| e.name == "Hunter Blinken").expect("another person");
        assert_eq!(hunter.mentions, 1);
        assert_ne!(hunter.id, antony.id);
        let place = entities.iter().find(|e| e.kind == EntityKind::Place).expect("place");
        assert_eq!((place.mentions, place.articles.len()), (2, 1));
        // The same person gets the same id in another event, whatever form names them there.
        let elsewhere = registry(&[with("z", vec![mention("Antony Blinken", person, None)])]);
        assert_eq!(elsewhere[0].id, antony.id);
    }

    #[test]
    fn a_titled_family_name_is_the_person_of_that_family_name() {
        let person = EntityKind::Person;
        let articles = vec![
            with("a", vec![mention("Lord Varne", person, None), mention("Lord Varne", person, None)]),
            with("b", vec![mention("Lord Varne", person, None), mention("Mr Tal", person, None)]),
            with("c", vec![mention("Peter Varne", person, None), mention("Arvin Tal", person, None)]),
        ];
        let entities = registry(&articles);
        let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Peter Varne", "Arvin Tal"], "{entities:?}");
        assert_eq!(entities[0].mentions, 4);
        assert_eq!(entities[0].aliases, ["Lord Varne"]);
        assert_eq!(entities[0].id, registry(&[with("z", vec![mention("Peter Varne", person, None)])])[0].id);
    }

    #[test]
    fn people_are_listed_by_their_fullest_form_and_a_lone_word_needs_two_mentions() {
        let person = EntityKind::Person;
        let articles = [
            with(
                "a",
                vec![
                    mention("Pauses", person, None),
                    mention("Ilse Varga", person, None),
                    mention("Varga", person, None),
                ],
            ),
            with(
                "b",
                vec![
                    mention("Varga", person, None),
                    mention("Kestrel", person, None),
                    mention("Kestrel", person, None),
                ],
            ),
            with("c", vec![mention("Joe Orrin", person, None)]),
        ];
        let members = members(&articles);
        let all = all_entities(&members, &voted_mentions(&members));
        assert_eq!(listed(&all, person), ["Ilse Varga", "Kestrel", "Joe Orrin"]);
        // A speaker goes by the registry's name: by alias, by family name alone, not by
        // another first name.
        assert_eq!(person_named(&all, "Varga"), Some("Ilse Varga"));
        assert_eq!(person_named(&all, "Ms Varga"), Some("Ilse Varga"));
        assert_eq!(person_named(&all, "Tomas Varga"), None);
        assert_eq!(person_named(&all, "a spokesman"), None);
    }

    fn kinds_of(articles: &[(CleanArticle, Extraction)]) -> Vec<Vec<(String, EntityKind)>> {
        let members = members(articles);
        voted_mentions(&members)
            .into_iter()
            .map(|mentions| mentions.into_iter().map(|m| (m.canonical, m.kind)).collect())
            .collect()
    }

    #[test]
    fn one_name_has_one_kind_across_the_event() {
        use EntityKind::{Organization, Person, Place};
        let articles = vec![
            // The tagger calls a militia a person twice and an organisation twice, and a
            // country a place twice and an organisation once.
            with("a", vec![mention("Kestrel", Person, None), mention("Kestrel", Person, None)]),
            with("b", vec![mention("Kestrel", Organization, None), mention("Kestrel", Organization, None)]),
            with(
                "c",
                vec![mention("Vell", Place, None), mention("Vell", Organization, None), mention("Vell", Place, None)],
            ),
            // A family name tagged an organisation beside the person's full name is that
            // person; a place of that name is left a place.
            with(
                "d",
                vec![
                    mention("Ilse Varga", Person, None),
                    mention("Varga", Organization, None),
                    mention("Mara Tollan", Person, None),
                    mention("Tollan", Place, None),
                ],
            ),
            // One vote each: both keep their kind.
            with("e", vec![mention("Orrin Group", Organization, None)]),
            with("f", vec![mention("orrin group", Place, None)]),
        ];
        let kinds = kinds_of(&articles);
        let kind = |article: usize, name: &str| {
            kinds[article].iter().filter(|(n, _)| n == name).map(|&(_, k)| k).collect::<Vec<_>>()
        };
        assert_eq!(kind(0, "Kestrel"), [Organization, Organization], "a person by one word alone counts half");
        assert_eq!(kind(1, "Kestrel"), [Organization, Organization]);
        assert_eq!(kind(2, "Vell"), [Place, Place, Place]);
        assert_eq!(kind(3, "Varga"), [Person]);
        assert_eq!(kind(3, "Tollan"), [Place]);
        assert_eq!(kind(4, "Orrin Group"), [Organization]);
        assert_eq!(kind(5, "orrin group"), [Place]);
        let registry = registry(&articles);
        let varga = registry.iter().find(|e| e.name == "Ilse Varga").expect("the person");
        assert_eq!(varga.mentions, 2, "{varga:?}");
        assert!(!registry.iter().any(|e| e.name == "Kestrel" && e.kind == Person));
    }
}
