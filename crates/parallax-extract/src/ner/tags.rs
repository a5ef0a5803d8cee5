//! Entity kinds, the IOB2 tags callers see, and the BILOU labels the tagger decodes.
//!
//! The tagger works on BILOU labels (Begin, Inside, Last, Unit, Outside: Ratinov & Roth
//! 2009 found them better than BIO) and converts to and from IOB2 at its edges.

use std::fmt;

use parallax_model::EntityKind;

/// The four CoNLL-2003 entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NerKind {
    Person,
    Organization,
    Location,
    Misc,
}

impl NerKind {
    pub const ALL: [NerKind; 4] = [NerKind::Person, NerKind::Organization, NerKind::Location, NerKind::Misc];

    /// The CoNLL name: `PER`, `ORG`, `LOC`, `MISC`.
    pub fn conll(self) -> &'static str {
        match self {
            NerKind::Person => "PER",
            NerKind::Organization => "ORG",
            NerKind::Location => "LOC",
            NerKind::Misc => "MISC",
        }
    }

    pub fn from_conll(name: &str) -> Option<NerKind> {
        NerKind::ALL.into_iter().find(|kind| kind.conll() == name)
    }

    /// The product's kind: PER → Person, ORG → Organization, LOC → Place, MISC → Other.
    pub fn entity_kind(self) -> EntityKind {
        match self {
            NerKind::Person => EntityKind::Person,
            NerKind::Organization => EntityKind::Organization,
            NerKind::Location => EntityKind::Place,
            NerKind::Misc => EntityKind::Other,
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            NerKind::Person => 0,
            NerKind::Organization => 1,
            NerKind::Location => 2,
            NerKind::Misc => 3,
        }
    }
}

/// An IOB2 tag: the first token of an entity is `Begin`, the following ones `Inside`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    Outside,
    Begin(NerKind),
    Inside(NerKind),
}

impl Tag {
    /// Parses `O`, `B-PER`, `I-LOC`, …
    pub fn parse(text: &str) -> Option<Tag> {
        if text == "O" {
            return Some(Tag::Outside);
        }
        let (prefix, kind) = text.split_once('-')?;
        let kind = NerKind::from_conll(kind)?;
        match prefix {
            "B" => Some(Tag::Begin(kind)),
            "I" => Some(Tag::Inside(kind)),
            _ => None,
        }
    }

    pub fn kind(self) -> Option<NerKind> {
        match self {
            Tag::Outside => None,
            Tag::Begin(kind) | Tag::Inside(kind) => Some(kind),
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::Outside => f.write_str("O"),
            Tag::Begin(kind) => write!(f, "B-{}", kind.conll()),
            Tag::Inside(kind) => write!(f, "I-{}", kind.conll()),
        }
    }
}

/// Number of BILOU labels: `O` plus four positions for each of the four kinds.
pub(crate) const N_LABELS: usize = 17;
/// The label `O`.
pub(crate) const OUTSIDE: u8 = 0;

/// Position of a token in its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    Begin,
    Inside,
    Last,
    Unit,
}

pub(crate) fn label(kind: NerKind, position: Position) -> u8 {
    let position = match position {
        Position::Begin => 0,
        Position::Inside => 1,
        Position::Last => 2,
        Position::Unit => 3,
    };
    // At most 1 + 3 * 4 + 3 = 16.
    (1 + kind.index() * 4 + position) as u8
}

/// The kind index (0..4) of a label, or 4 for `O`.
pub(crate) fn kind_index(label: u8) -> usize {
    if label == OUTSIDE { 4 } else { usize::from(label - 1) / 4 }
}

fn position(label: u8) -> Option<Position> {
    if label == OUTSIDE {
        return None;
    }
    Some(match (label - 1) % 4 {
        0 => Position::Begin,
        1 => Position::Inside,
        2 => Position::Last,
        _ => Position::Unit,
    })
}

/// Whether `next` may follow `previous` (`None`: the start of the sentence).
pub(crate) fn allowed(previous: Option<u8>, next: u8) -> bool {
    let open = previous.and_then(position).is_some_and(|p| matches!(p, Position::Begin | Position::Inside));
    match position(next) {
        None | Some(Position::Begin) | Some(Position::Unit) => !open,
        Some(Position::Inside) | Some(Position::Last) => {
            open && previous.is_some_and(|previous| kind_index(previous) == kind_index(next))
        }
    }
}

/// Whether a sentence may end on `last`.
pub(crate) fn allowed_last(last: u8) -> bool {
    !matches!(position(last), Some(Position::Begin | Position::Inside))
}

/// IOB2 (an `I-` after `O` or another kind starts a new entity, as conlleval reads it) → BILOU.
pub(crate) fn bilou_from_iob(tags: &[Tag]) -> Vec<u8> {
    let kinds: Vec<Option<NerKind>> = tags.iter().map(|tag| tag.kind()).collect();
    let starts: Vec<bool> = (0..tags.len())
        .map(|i| match tags[i] {
            Tag::Outside => false,
            Tag::Begin(_) => true,
            Tag::Inside(kind) => i == 0 || kinds[i - 1] != Some(kind),
        })
        .collect();
    (0..tags.len())
        .map(|i| match kinds[i] {
            None => OUTSIDE,
            Some(kind) => {
                let continues = i + 1 < tags.len() && kinds[i + 1] == Some(kind) && !starts[i + 1];
                let position = match (starts[i], continues) {
                    (true, true) => Position::Begin,
                    (true, false) => Position::Unit,
                    (false, true) => Position::Inside,
                    (false, false) => Position::Last,
                };
                label(kind, position)
            }
        })
        .collect()
}

/// BILOU → IOB2.
pub(crate) fn iob_from_bilou(labels: &[u8]) -> Vec<Tag> {
    let mut previous_kind = None;
    let mut previous_open = false;
    labels
        .iter()
        .map(|&l| {
            let Some(position) = position(l) else {
                previous_kind = None;
                previous_open = false;
                return Tag::Outside;
            };
            let kind = NerKind::ALL[kind_index(l)];
            let continues =
                previous_open && previous_kind == Some(kind) && matches!(position, Position::Inside | Position::Last);
            previous_kind = Some(kind);
            previous_open = matches!(position, Position::Begin | Position::Inside);
            if continues { Tag::Inside(kind) } else { Tag::Begin(kind) }
        })
        .collect()
}

/// Entities as (first token, last token, kind index) from BILOU labels, read leniently: an
/// entity opens at `B` or `U` and closes at `L` or `U` of any kind.
pub(crate) fn entity_spans(labels: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, &label) in labels.iter().enumerate() {
        let Some(position) = position(label) else {
            start = None;
            continue;
        };
        if matches!(position, Position::Begin | Position::Unit) {
            start = Some(i);
        }
        if matches!(position, Position::Last | Position::Unit)
            && let Some(s) = start.take()
        {
            spans.push((s, i, kind_index(label)));
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(text: &str) -> Vec<Tag> {
        text.split_whitespace().map(|t| Tag::parse(t).expect("tag")).collect()
    }

    #[test]
    fn round_trips_iob2_through_bilou() {
        for text in ["O B-PER I-PER O B-LOC", "B-ORG B-ORG I-ORG I-ORG", "B-MISC", "O O", "B-PER I-PER B-PER"] {
            let tags = tags(text);
            assert_eq!(iob_from_bilou(&bilou_from_iob(&tags)), tags, "{text}");
        }
    }

    #[test]
    fn reads_a_stray_inside_as_a_start() {
        let labels = bilou_from_iob(&tags("O I-PER I-PER I-LOC"));
        assert_eq!(iob_from_bilou(&labels), tags("O B-PER I-PER B-LOC"));
    }

    #[test]
    fn transitions_close_entities() {
        let begin = label(NerKind::Person, Position::Begin);
        let last = label(NerKind::Person, Position::Last);
        let other_last = label(NerKind::Location, Position::Last);
        assert!(allowed(None, begin));
        assert!(!allowed(None, last));
        assert!(allowed(Some(begin), last));
        assert!(!allowed(Some(begin), other_last));
        assert!(!allowed(Some(begin), OUTSIDE));
        assert!(!allowed_last(begin));
        assert!(allowed_last(last));
    }

    #[test]
    fn parses_and_prints_tags() {
        assert_eq!(Tag::parse("B-MISC"), Some(Tag::Begin(NerKind::Misc)));
        assert_eq!(Tag::parse("X-PER"), None);
        assert_eq!(Tag::Inside(NerKind::Location).to_string(), "I-LOC");
    }
}
