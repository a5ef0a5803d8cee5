//! Line classification for scraped page text: which lines are article paragraphs and which
//! are page chrome (weather, "today" dates, breadcrumbs, teasers, prompts, credits, bylines,
//! headlines of other stories).
//!
//! The rules are structural (length, terminal punctuation, case, position) plus a small
//! lexicon of words that mark site furniture on news pages in general.

use std::sync::LazyLock;

use regex::Regex;

use crate::dates::is_date_line;

/// What one line of scraped text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A paragraph of running text.
    Paragraph,
    /// A short line without sentence punctuation: a headline, subhead or link text.
    Headline,
    /// A line that is only a date.
    Date,
    /// A temperature reading from a site header.
    Weather,
    /// A breadcrumb trail ("Home > World", "HomeWorld News…").
    Breadcrumb,
    /// A teaser cut off with an ellipsis.
    Teaser,
    /// Site furniture: comment forms, newsletter and app prompts, share buttons, section labels.
    Furniture,
    /// A photo or image credit.
    PhotoCredit,
    /// A byline ("By Jane Doe", "Staff Report").
    Byline,
    /// A reporting credit ("… contributed reporting").
    ReportingCredit,
}

static WEATHER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-?\d{1,3}(?:[.,]\d)?\s?°?\s?[FC]$").expect("valid regex"));
static BREADCRUMB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:Home\s*[>›»/|»]|Home[A-Z]|You are here\b)").expect("valid regex"));
static PHOTO_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\(?\s*(?:photo|image|picture|photograph|credit|file photo|illustration)s?(?:\s+credit)?\s*[:/]|©)",
    )
    .expect("valid regex")
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:By|BY|Von|Par|Por)\s+\p{Lu}|.{0,40}\b(?:Staff|Wire|News) (?:Report|Reporter|Writer)s?$|(?:Staff|Wire) (?:Report|Reporter|Writer)s?\b)")
        .expect("valid regex")
});
static REPORTING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:contributed (?:reporting|to this (?:report|story|article))|additional reporting by|this (?:story|article) (?:first )?(?:appeared|was (?:first )?published) (?:in|on|by)|editing by|reporting by)\b")
        .expect("valid regex")
});

/// Words that mark site furniture when they appear in a short line.
const FURNITURE_WORDS: &[&str] = &[
    "advertisement",
    "alerts",
    "app",
    "comment",
    "comments",
    "cookie",
    "cookies",
    "download",
    "email",
    "follow",
    "latest",
    "login",
    "newsletter",
    "newsletters",
    "notifications",
    "popular",
    "premium",
    "privacy",
    "read",
    "recommended",
    "register",
    "related",
    "reply",
    "share",
    "sign",
    "subscribe",
    "subscription",
    "trending",
];

const MAX_HEADLINE_WORDS: usize = 24;
const MAX_FURNITURE_WORDS: usize = 12;
/// A date line may give two stamps with their labels and times ("Posted: Nov 27, 2005 8:20 AM
/// ET Last Updated: Nov 27, 2005 8:10 PM ET"); every word must belong to a date line.
const MAX_DATE_LINE_WORDS: usize = 24;

/// Classifies one trimmed, non-empty line of scraped text.
pub fn classify_line(line: &str) -> LineKind {
    let line = line.trim();
    let body = line.trim_start_matches(['-', '•', '*', '·', '–', '—', '>', '|']).trim();
    let n_words = body.split_whitespace().count();
    if WEATHER.is_match(body) {
        return LineKind::Weather;
    }
    if n_words <= MAX_DATE_LINE_WORDS && is_date_line(body) {
        return LineKind::Date;
    }
    if BREADCRUMB.is_match(body) {
        return LineKind::Breadcrumb;
    }
    if PHOTO_CREDIT.is_match(body) {
        return LineKind::PhotoCredit;
    }
    if n_words <= 8 && BYLINE.is_match(body) && !ends_like_sentence(body) {
        return LineKind::Byline;
    }
    if n_words <= 40 && REPORTING_CREDIT.is_match(body) {
        return LineKind::ReportingCredit;
    }
    if body.ends_with("...") || body.ends_with('…') {
        return LineKind::Teaser;
    }
    if n_words <= MAX_FURNITURE_WORDS && has_furniture_word(body) {
        return LineKind::Furniture;
    }
    if !ends_like_sentence(body) && n_words <= MAX_HEADLINE_WORDS {
        return LineKind::Headline;
    }
    if n_words <= 3 && !body.chars().any(char::is_lowercase) {
        return LineKind::Headline;
    }
    LineKind::Paragraph
}

/// Whether a line ends as running text does: terminal punctuation, possibly followed by a
/// closing quote or bracket.
pub(crate) fn ends_like_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', ' ']);
    trimmed.ends_with(['.', '!', '?', ':', ';']) || (trimmed.len() < line.trim_end().len() && trimmed.ends_with(','))
}

fn has_furniture_word(line: &str) -> bool {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .any(|word| FURNITURE_WORDS.binary_search(&word.to_lowercase().as_str()).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expected: LineKind) {
        assert_eq!(classify_line(line), expected, "{line}");
    }

    #[test]
    fn furniture_words_are_sorted() {
        assert!(FURNITURE_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn page_chrome() {
        check("58.1 F", LineKind::Weather);
        check("12 °C", LineKind::Weather);
        check("Sunday, March 2, 2025", LineKind::Date);
        check("HomeLocalCity council approves budget", LineKind::Breadcrumb);
        check("Home > Politics > Elections", LineKind::Breadcrumb);
        check("The mayor of a small town explained why the...", LineKind::Teaser);
        check("Add your reply below!", LineKind::Furniture);
        check("- Turn on alerts for breaking stories", LineKind::Furniture);
        check("Most popular this week", LineKind::Furniture);
        check("Photo: Jan Novak/Harbour Agency", LineKind::PhotoCredit);
        check("Image credit: Riverside Press", LineKind::PhotoCredit);
        check("By Lena Ortiz", LineKind::Byline);
        check("Coastal Staff Report", LineKind::Byline);
        check("Ana Ruiz and Tom Baker contributed reporting.", LineKind::ReportingCredit);
        check("Storm Closes Three Bridges Across the Delta", LineKind::Headline);
    }

    #[test]
    fn running_text() {
        check("The council voted on Monday to approve the budget after a long debate.", LineKind::Paragraph);
        check("“We will rebuild every bridge,” the mayor said.", LineKind::Paragraph);
        check(
            "Readers of the report said the figures were low, and some said they would comment later in the week after a review.",
            LineKind::Paragraph,
        );
    }
}
