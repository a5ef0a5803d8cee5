//! Protagonists: the principal persons of an article or an event, its most-mentioned person
//! names. Two reports of the same kind of event (a rule made by one administration, reversed
//! by the next; one player's injury, another's) share their vocabulary but not their
//! protagonists: an article whose protagonists are all absent from an event whose own
//! protagonists it does not name does not join it.

/// Name keys of persons start with this (see `features`).
const PERSON_PREFIX: &str = "p:";
/// A person is a protagonist when mentioned at least this many times...
const MIN_MENTIONS: f32 = 2.0;
/// ...and at least this share of the most-mentioned person's mentions.
const MIN_SHARE: f32 = 0.5;

/// The protagonists among `names` (name id, key, mentions), as name ids in the given order:
/// persons mentioned at least twice and at least half as often as the most-mentioned person.
/// `scale` divides the mentions first (an event's members, so that an event's counts read as
/// an article's).
pub(crate) fn protagonists<'a>(names: impl Iterator<Item = (u32, &'a str, f32)> + Clone, scale: f32) -> Vec<u32> {
    let persons = names.filter(|(_, key, _)| key.starts_with(PERSON_PREFIX));
    let top = persons.clone().map(|(_, _, count)| count / scale).fold(0.0f32, f32::max);
    if top < MIN_MENTIONS {
        return Vec::new();
    }
    persons.filter(|&(_, _, count)| count / scale >= MIN_SHARE * top).map(|(id, _, _)| id).collect()
}

/// Whether an article's protagonists clash with an event's: both have some, they have none
/// in common, and neither side names the other's protagonists at all (`article_names`,
/// `event_names`: whether each mentions a name id).
pub(crate) fn clashing_protagonists(
    article: &[u32],
    article_names: impl Fn(u32) -> bool,
    event: &[u32],
    event_names: impl Fn(u32) -> bool,
) -> bool {
    !article.is_empty()
        && !event.is_empty()
        && article.iter().all(|&id| !event_names(id))
        && event.iter().all(|&id| !article_names(id))
}

/// Whether two articles have different protagonists: both have some, none in common (a
/// weaker clash than [`clashing_protagonists`], for the splitter, which weighs it against
/// everything else the articles share).
pub(crate) fn different_protagonists(a: &[u32], b: &[u32]) -> bool {
    !a.is_empty() && !b.is_empty() && a.iter().all(|id| !b.contains(id))
}
