//! What extraction finds in one article: entities, quotes, figures, dates and ordinals.

use serde::{Deserialize, Serialize};

use crate::Day;

/// Everything extracted from one article, positions given as paragraph indices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub entities: Vec<EntityMention>,
    pub quotes: Vec<Quote>,
    pub figures: Vec<Figure>,
    pub dates: Vec<DateMention>,
    pub ordinals: Vec<Ordinal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Other,
}

/// A name found in the text, with the canonical form it resolves to within the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityMention {
    pub text: String,
    pub canonical: String,
    pub kind: EntityKind,
    /// A role or title seen before the name ("Prime Minister").
    pub role: Option<String>,
    pub paragraph: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerKind {
    /// A named person or organisation.
    Named,
    /// An unnamed source ("a source familiar with the talks", "an official").
    Anonymous,
}

/// A direct quote and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    pub speaker: Option<String>,
    pub speaker_kind: Option<SpeakerKind>,
    /// The cue verb that attributes it ("said", "told").
    pub cue: Option<String>,
    pub paragraph: usize,
}

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureCategory {
    Killed,
    Wounded,
    Hostages,
    Displaced,
    Arrested,
    Missing,
    Money,
    Percent,
    Count,
}

impl FigureCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Killed => "killed",
            Self::Wounded => "wounded",
            Self::Hostages => "hostages",
            Self::Displaced => "displaced",
            Self::Arrested => "arrested",
            Self::Missing => "missing",
            Self::Money => "money",
            Self::Percent => "percent",
            Self::Count => "count",
        }
    }
}

/// A numeric claim: a value, what it counts, and the sentence that states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub value: f64,
    pub category: FigureCategory,
    /// The counted noun as written ("people", "fatalities", "captives").
    pub noun: Option<String>,
    /// The modifier that bounds the value ("more than", "at least", "some").
    pub modifier: Option<String>,
    /// Who the figure is attributed to ("according to the health ministry").
    pub attribution: Option<String>,
    /// The sentence that states it.
    pub sentence: String,
    pub paragraph: usize,
}

/// A date written in the text, resolved to a day where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    /// The day it names, or the first day of the week or month it names.
    pub day: Option<Day>,
    pub paragraph: usize,
    /// How the day was found: written in full, completed with the publication year, or
    /// counted from the publication date ("on Friday", "last month").
    #[serde(default)]
    pub resolution: DateResolution,
    /// What the date names: a day, a week or a month.
    #[serde(default)]
    pub span: DateSpan,
    /// The date names another event than the one reported ("the Oct. 7 attack", "since
    /// March 3"), not when this one happened.
    #[serde(default)]
    pub other_event: bool,
}

/// How a date mention was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateResolution {
    /// Day, month and year written out.
    #[default]
    Absolute,
    /// Day and month written, the year taken from the publication date.
    YearFromPublication,
    /// Counted from the publication date ("yesterday", "on Friday", "last week").
    Relative,
    /// No publication date to resolve it against.
    Unresolved,
}

/// The length of time a date mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSpan {
    #[default]
    Day,
    Week,
    Month,
}

/// An ordinal attached to a noun ("third visit"), a strong event-identity signal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Ordinal {
    pub rank: u32,
    pub noun: String,
}
