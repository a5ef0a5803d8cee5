//! The event's entity registry: every person, organisation and place its articles name,
//! linked across the articles ("Secretary of State Antony J. Blinken", "Antony Blinken" and
//! "Blinken" are one person), with the forms and roles each article uses. An entity's id
//! derives from its kind and full name, so the same person has the same id in every event.

use std::collections::{BTreeMap, BTreeSet};

use parallax_model::{ArticleId, EntityKind, EntityMention, EntityView, person_key, short_hash};

use crate::ReportInput;

/// Most entities an event lists (the most mentioned).
const MAX_ENTITIES: usize = 40;

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
        let longest_words = self.forms.keys().map(|f| f.split_whitespace().count()).max().unwrap_or(0);
        self.forms
            .iter()
            .filter(|(form, _)| form.split_whitespace().count() == longest_words)
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(form, _)| form.clone())
            .unwrap_or_default()
    }
}

/// A person's given name, for telling apart two people of one family name ("Joe Biden",
/// "Hunter Biden"); `None` for a family name alone.
fn given_name(form: &str) -> Option<String> {
    let words: Vec<&str> = form.split_whitespace().collect();
    (words.len() >= 2).then(|| words[0].trim_end_matches('.').to_lowercase())
}

/// The entities of an event, most mentioned first.
pub fn entity_registry(members: &[ReportInput<'_>]) -> Vec<EntityView> {
    // People by family name, then by given name; other names by their lowercase form.
    let mut people: BTreeMap<String, BTreeMap<Option<String>, Group>> = BTreeMap::new();
    let mut others: BTreeMap<(EntityKind, String), Group> = BTreeMap::new();
    for member in members {
        for mention in &member.extraction.entities {
            let form = mention.canonical.trim();
            if form.is_empty() {
                continue;
            }
            if mention.kind == EntityKind::Person {
                let family = people.entry(person_key(form)).or_default();
                family.entry(given_name(form)).or_default().add(mention, &member.article.id);
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
        named.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.name().cmp(&b.name())));
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
            let name = group.name();
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
    views.truncate(MAX_ENTITIES);
    views
}

/// The same kind and full name give the same id in every event: a person's id is their given
/// and family names, so "Antony J. Blinken" and "Antony Blinken" share one.
fn entity_id(kind: EntityKind, name: &str) -> String {
    let key = match kind {
        EntityKind::Person => format!("{}:{}", given_name(name).unwrap_or_default(), person_key(name)),
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

    fn registry(articles: &[(CleanArticle, Extraction)]) -> Vec<EntityView> {
        let members: Vec<ReportInput<'_>> = articles
            .iter()
            .map(|(article, extraction)| ReportInput { article, extraction, duplicate_of: None })
            .collect();
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
}
