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

/// How a quote reports what was said.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// The speaker's words in quotation marks.
    #[default]
    Direct,
    /// Reported speech without quotation marks ("X said that …", "according to X, …").
    Indirect,
    /// Reported speech holding quoted words ("X said the talks were “very productive”").
    Mixed,
}

/// A byte range in one paragraph of the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TextSpan {
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
}

/// Something said (a direct quote or reported speech) and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// What was said: a direct quote without its quotation marks, otherwise the reported
    /// content as written.
    pub text: String,
    /// The speaker, resolved to a canonical name where it is a person ("he" → "Arvin Tal").
    pub speaker: Option<String>,
    pub speaker_kind: Option<SpeakerKind>,
    /// The cue that attributes it ("said", "told", "according to").
    pub cue: Option<String>,
    /// The paragraph where the content starts.
    pub paragraph: usize,
    #[serde(default)]
    pub kind: QuoteKind,
    /// The source as written ("he", "a source familiar with the talks").
    #[serde(default)]
    pub source_span: Option<TextSpan>,
    #[serde(default)]
    pub cue_span: Option<TextSpan>,
    /// The content, quotation marks included; several pieces when a cue splits it.
    #[serde(default)]
    pub content_spans: Vec<TextSpan>,
}

impl Quote {
    /// The quoted words of the quote: the whole text of a direct quote, the passages in
    /// quotation marks of a mixed one, nothing for indirect speech.
    pub fn quoted_passages(&self) -> Vec<&str> {
        match self.kind {
            QuoteKind::Direct => vec![self.text.as_str()],
            QuoteKind::Indirect => Vec::new(),
            QuoteKind::Mixed => quoted_passages(&self.text),
        }
    }
}

/// Passages between matching double quotation marks (“…”, "…", «…»).
fn quoted_passages(text: &str) -> Vec<&str> {
    let mut passages = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (at, c) in text.char_indices() {
        match open {
            None if matches!(c, '“' | '"' | '«' | '„') => open = Some((at + c.len_utf8(), c)),
            None => {}
            Some((start, opener)) => {
                let closes = match opener {
                    '«' => c == '»',
                    '"' => c == '"',
                    _ => c == '”',
                };
                if closes {
                    passages.push(text[start..at].trim().trim_end_matches([',', ' ']).trim());
                    open = None;
                }
            }
        }
    }
    passages
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
