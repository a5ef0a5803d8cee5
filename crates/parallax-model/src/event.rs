//! Events, stories and the report that Parallax prints for them (the JSON contract).

use serde::{Deserialize, Serialize};

use crate::{ArticleId, Day, EntityKind};

/// A real-world event's id, stable once assigned.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub String);

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A story's id: a chain of related events over time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoryId(pub String);

/// An article as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleView {
    pub id: ArticleId,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<Day>,
    pub text: String,
    pub duplicate_of: Option<ArticleId>,
    pub language: Option<String>,
    pub url: Option<String>,
}

/// One summary sentence and the articles that support it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummarySentence {
    pub text: String,
    pub articles: Vec<ArticleId>,
}

/// One quote as carried by one or more articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteView {
    pub text: String,
    pub speaker: Option<String>,
    pub articles: Vec<ArticleId>,
    /// Other wordings of the same quote, with the articles that use each.
    pub variants: Vec<QuoteVariant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteVariant {
    pub text: String,
    pub articles: Vec<ArticleId>,
    /// The variant word by word against the quote's main wording: runs of words it shares
    /// and runs it words differently.
    #[serde(default)]
    pub segments: Vec<WordingSegment>,
}

/// A run of a variant's words, the same as the main wording or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordingSegment {
    pub text: String,
    pub changed: bool,
}

/// One figure value as reported by one or more articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureView {
    pub value: f64,
    pub what: String,
    pub text: String,
    pub modifier: Option<String>,
    pub attribution: Option<String>,
    pub articles: Vec<ArticleId>,
}

/// Articles that disagree about one quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub about: String,
    pub values: Vec<ConflictValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictValue {
    pub value: f64,
    pub articles: Vec<ArticleId>,
}

/// Everything Parallax reports about one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventReport {
    pub id: EventId,
    pub title: String,
    pub date: Option<Day>,
    pub articles: Vec<ArticleId>,
    pub outlets: Vec<String>,
    pub article_count: usize,
    pub independent_origin_count: usize,
    pub people: Vec<String>,
    pub places: Vec<String>,
    pub organizations: Vec<String>,
    pub summary: Vec<SummarySentence>,
    pub quotes: Vec<QuoteView>,
    pub figures: Vec<FigureView>,
    pub agreements: Vec<FigureView>,
    pub conflicts: Vec<Conflict>,
    /// Values of one quantity that differ because a later report updates an earlier one
    /// ("the toll rose to …"), not because outlets contradict each other.
    #[serde(default)]
    pub updates: Vec<Conflict>,
    /// Statements aligned across the articles: who carries each, and whether it is disputed.
    #[serde(default)]
    pub statements: Vec<Statement>,
    /// The terms each outlet uses for the same referent.
    #[serde(default)]
    pub wording: Vec<WordingRow>,
    /// The story the event belongs to.
    #[serde(default)]
    pub story: Option<StoryId>,
    /// What happened to the event as the stream was clustered: founded, split, split off.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Every person, organisation and place the articles name, linked across the articles.
    #[serde(default)]
    pub entities: Vec<EntityView>,
    /// A fingerprint of what the report was built from (its articles and the report code): an
    /// analysis reuses a stored report only while it is unchanged.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub report_key: String,
}

/// A person, organisation or place of an event, with every form its articles name it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityView {
    /// The same for the same kind and full name in every event.
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    /// The other forms used ("Blinken", "Antony Blinken").
    pub aliases: Vec<String>,
    /// Roles or titles given ("Secretary of State").
    pub roles: Vec<String>,
    pub mentions: usize,
    pub articles: Vec<ArticleId>,
}

/// Something that happened to an event while the article stream was clustered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// How many articles of the stream had been read when it happened.
    pub at: usize,
    pub action: HistoryAction,
    /// The article that founded the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleId>,
    /// The events on the other side: those split off this one, or the one it was split from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventId>,
    pub reason: String,
}

/// What happened to an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryAction {
    /// An article matched no earlier event and became the first of a new one.
    Founded,
    /// Part of the event's articles left it to form other events; the event kept its id.
    Split,
    /// The event was formed by articles that left another event.
    SplitOff,
    /// A small event that was a fragment of this one joined it; the event kept its id.
    Merged,
    /// At the end of a batch, an article of the event proved more alike another event and
    /// moved there.
    ArticleLeft,
    /// At the end of a batch, an article of another event proved more alike this one and
    /// moved here.
    ArticleCame,
}

/// How widely a statement is carried among an event's independent origins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    /// The articles that make it give different figures for the same thing.
    Disputed,
    /// Every independent origin of the event.
    All,
    /// More than one origin, not all.
    Several,
    /// A single origin (copies of one story count once).
    One,
}

/// One statement, aligned across the articles that make it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// As the first article that makes it words it.
    pub text: String,
    pub support: Support,
    /// Every article that makes it, in stream order.
    pub articles: Vec<ArticleId>,
    /// Independent origins among those articles.
    pub origins: usize,
}

/// The terms outlets use for one referent ("armed group": "militants", "terrorists").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordingRow {
    pub referent: String,
    pub outlets: Vec<OutletTerms>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletTerms {
    pub outlet: String,
    /// Terms by how often the outlet's articles use them, most used first.
    pub terms: Vec<TermCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermCount {
    pub term: String,
    pub count: usize,
}

/// Events linked over time by their actors and theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: StoryId,
    pub title: String,
    /// In date order, undated events last.
    pub events: Vec<EventId>,
    /// The events on a time line: when each happened, what it was, how widely it was reported.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
}

/// One event of a story's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub event: EventId,
    /// When it happened, where known.
    pub date: Option<Day>,
    pub title: String,
    pub article_count: usize,
    pub independent_origin_count: usize,
    pub outlets: Vec<String>,
}
