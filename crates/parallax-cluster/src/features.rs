//! What clustering looks at in an article.

use parallax_model::{
    ArticleId, CleanArticle, DateSpan, Day, EntityKind, Extraction, Ordinal, fnv1a64_joined, person_key,
};
use parallax_text::{terms, words};

use crate::credits::wire_credits;

/// The clustering view of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleFeatures {
    pub id: ArticleId,
    /// The best estimate of the day the reported event happened.
    pub event_day: Option<Day>,
    /// The days the article names (each span's first day and the days it runs on after it):
    /// an event on one of them may be the one this article follows up, whatever the gap.
    pub recalled: Vec<(Day, u32)>,
    /// Stemmed content terms of title (each [`TITLE_WEIGHT`] times) and body.
    pub terms: Vec<String>,
    /// Name keys (people by family name, other names lowercased), one per mention.
    pub names: Vec<String>,
    /// Display form for each name key, the fullest seen.
    pub name_labels: Vec<(String, String)>,
    /// Ordinals that identify a repeated event ("third visit"): nouns of repeated events
    /// given a single rank in the article.
    pub ordinals: Vec<Ordinal>,
    /// Hashes of overlapping word 5-grams, sorted and unique, for near-duplicate detection.
    pub shingles: Vec<u64>,
    /// Hashes of the wire credits the article carries (see [`wire_credits`]).
    pub credits: Vec<u64>,
}

const SHINGLE_WORDS: usize = 5;

/// How many times a title's terms count among the article's: a headline names what happened
/// and to whom, where a body also tells background and what its genre always says ("shr",
/// "cts", "revs" in every quarterly table). Counting them twice: SemEval-2022 same-event
/// pairs testing F1 0.659 → 0.674 and training 0.704 → 0.722 (`parallax eval pairs`),
/// Reuters company precision 0.771 → 0.788 (`parallax eval companies`), ECB+ unchanged (B³
/// mean over 24 stream orders 0.918 either way; its ECB half has no titles).
const TITLE_WEIGHT: usize = 2;

/// Builds the features of an article from its clean text and extraction.
pub fn features(article: &CleanArticle, extraction: &Extraction) -> ArticleFeatures {
    let text = article.text();
    let title_terms = article.title.as_deref().map(terms).unwrap_or_default();
    let mut all_terms = Vec::with_capacity(TITLE_WEIGHT * title_terms.len());
    for _ in 0..TITLE_WEIGHT {
        all_terms.extend(title_terms.iter().cloned());
    }
    all_terms.extend(terms(&text));
    let mut names = Vec::new();
    let mut name_labels: Vec<(String, String)> = Vec::new();
    for mention in &extraction.entities {
        let key = match mention.kind {
            EntityKind::Person => format!("p:{}", person_key(&mention.canonical)),
            _ => format!("n:{}", mention.canonical.to_lowercase()),
        };
        names.push(key.clone());
        match name_labels.iter_mut().find(|(k, _)| *k == key) {
            Some((_, label)) if mention.canonical.len() > label.len() => *label = mention.canonical.clone(),
            Some(_) => {}
            None => name_labels.push((key, mention.canonical.clone())),
        }
    }
    name_labels.sort();
    let lower_words: Vec<String> = words(&text).map(str::to_lowercase).collect();
    let mut shingles: Vec<u64> = lower_words.windows(SHINGLE_WORDS).map(fnv1a64_joined).collect();
    shingles.sort_unstable();
    shingles.dedup();
    ArticleFeatures {
        id: article.id.clone(),
        event_day: event_day(article.published, extraction),
        recalled: recalled_days(extraction),
        terms: all_terms,
        names,
        name_labels,
        ordinals: identifying_ordinals(&extraction.ordinals),
        shingles,
        credits: wire_credits(&article.paragraphs),
    }
}

/// Paragraphs whose dates tell when the reported event happened (news puts it in the lead).
const LEAD_PARAGRAPHS: usize = 2;

/// The day the reported event happened: the first day-precise date of the lead that names
/// this event (not "the Oct. 7 attack"), where it falls in the week before publication (or
/// the day after, for time zones); else the publication day. An article without a publication
/// date takes its event's day when it joins one.
fn event_day(published: Option<Day>, extraction: &Extraction) -> Option<Day> {
    let published = published?;
    extraction
        .dates
        .iter()
        .filter(|m| m.paragraph < LEAD_PARAGRAPHS && !m.other_event && m.span == DateSpan::Day)
        .filter_map(|m| m.day)
        .find(|day| (-1..=7).contains(&(published - *day).num_days()))
        .or(Some(published))
}

fn recalled_days(extraction: &Extraction) -> Vec<(Day, u32)> {
    let mut days: Vec<(Day, u32)> = extraction
        .dates
        .iter()
        .filter(|m| !m.other_event)
        .filter_map(|m| {
            let first = m.day?;
            let length = match m.span {
                DateSpan::Day => 0,
                DateSpan::Week => 6,
                DateSpan::Month => 30,
            };
            Some((first, length))
        })
        .collect();
    days.sort();
    days.dedup();
    days
}

/// Nouns of events that recur and are counted ("his third visit", "the 86th Academy Awards").
const REPEATED_EVENT_NOUNS: &[&str] = &[
    "anniversary",
    "awards",
    "ceremony",
    "championship",
    "conference",
    "congress",
    "edition",
    "festival",
    "meeting",
    "summit",
    "tour",
    "trip",
    "visit",
];

/// Ordinals of repeated-event nouns that the article gives a single rank.
fn identifying_ordinals(ordinals: &[Ordinal]) -> Vec<Ordinal> {
    let mut result: Vec<Ordinal> = Vec::new();
    for noun in REPEATED_EVENT_NOUNS {
        let ranks: std::collections::BTreeSet<u32> =
            ordinals.iter().filter(|o| o.noun == *noun).map(|o| o.rank).collect();
        if ranks.len() == 1 {
            result.extend(ranks.into_iter().map(|rank| Ordinal { rank, noun: (*noun).to_string() }));
        }
    }
    result
}
