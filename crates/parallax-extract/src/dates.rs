//! Date expressions in the text: written dates ("Oct. 7", "November 3, 2023", "3 November
//! 2023"), weekdays ("on Friday", "last Tuesday") and relative expressions ("yesterday",
//! "this week", "last month"), resolved against the article's publication date, each with how
//! it was resolved and whether it names another event ("the Oct. 7 attack", "since March 3").

use chrono::{Datelike, Duration, Weekday};
use parallax_model::{DateMention, DateResolution, DateSpan, Day};
use parallax_text::{month_number, weekday};

use crate::words::{Token, tokenize};

/// Nouns of events that a date before them names ("the Oct. 7 attack", "the March 3 vote").
const EVENT_NOUNS: &[&str] = &[
    "attack",
    "attacks",
    "assault",
    "raid",
    "massacre",
    "bombing",
    "election",
    "elections",
    "vote",
    "referendum",
    "summit",
    "meeting",
    "talks",
    "visit",
    "agreement",
    "deal",
    "accord",
    "ceasefire",
    "cease-fire",
    "truce",
    "invasion",
    "incursion",
    "offensive",
    "earthquake",
    "quake",
    "flood",
    "floods",
    "storm",
    "shooting",
    "crash",
    "explosion",
    "blast",
    "fire",
    "protest",
    "protests",
    "coup",
    "speech",
    "debate",
    "hearing",
    "ruling",
    "verdict",
];

/// Words before a date that make it the start of a span or an earlier event, not this one.
const OTHER_EVENT_BEFORE: &[&str] = &["since", "until", "till", "before"];

struct Found {
    start: usize,
    end: usize,
    day: Option<Day>,
    resolution: DateResolution,
    span: DateSpan,
}

/// Extracts date expressions; `published` anchors years, weekdays and relative expressions.
pub fn extract_dates(paragraphs: &[String], published: Option<Day>) -> Vec<DateMention> {
    let mut mentions = Vec::new();
    for (paragraph, text) in paragraphs.iter().enumerate() {
        let tokens = tokenize(text);
        let lowers: Vec<String> = tokens.iter().map(|t| t.lower()).collect();
        let mut index = 0;
        while index < tokens.len() {
            let Some(found) = date_at(&tokens, &lowers, index, published) else {
                index += 1;
                continue;
            };
            let before = (found.start > 0).then(|| lowers[found.start - 1].as_str());
            let after = lowers.get(found.end).map(String::as_str);
            let other_event = before.is_some_and(|w| OTHER_EVENT_BEFORE.contains(&w))
                || after.is_some_and(|w| EVENT_NOUNS.contains(&w))
                || after.is_some_and(|w| w == "'s" || w == "’s");
            mentions.push(DateMention {
                text: text[tokens[found.start].start..tokens[found.end - 1].end].to_string(),
                day: found.day,
                paragraph,
                resolution: if found.day.is_none() { DateResolution::Unresolved } else { found.resolution },
                span: found.span,
                other_event,
            });
            index = found.end;
        }
    }
    mentions
}

/// The date expression starting at `index`, if any.
fn date_at(tokens: &[Token<'_>], lowers: &[String], index: usize, published: Option<Day>) -> Option<Found> {
    let word = lowers[index].as_str();
    let next = |offset: usize| lowers.get(index + offset).map(String::as_str);
    let found = |end: usize, day: Option<Day>, resolution, span| Found { start: index, end, day, resolution, span };
    let relative = |end: usize, day: Option<Day>, span| found(end, day, DateResolution::Relative, span);
    // "November 3, 2023", "Nov. 3", "November 3"
    if let Some(month) = month_number(word).filter(|_| tokens[index].is_capitalised())
        && let Some(day) = next(1).and_then(day_of_month)
    {
        let year =
            (next(2) == Some(",")).then(|| next(3).and_then(year_of)).flatten().or_else(|| next(2).and_then(year_of));
        return Some(match year {
            Some(year) => {
                let end = if next(2) == Some(",") { index + 4 } else { index + 3 };
                found(end, Day::from_ymd_opt(year, month, day), DateResolution::Absolute, DateSpan::Day)
            }
            None => found(
                index + 2,
                published.and_then(|p| month_day_before(p, month, day)),
                DateResolution::YearFromPublication,
                DateSpan::Day,
            ),
        });
    }
    // "3 November 2023", "3 Nov."
    if let Some(day) = day_of_month(word)
        && let Some(month) = next(1).and_then(month_number).filter(|_| tokens[index + 1].is_capitalised())
    {
        return Some(match next(2).and_then(year_of) {
            Some(year) => {
                found(index + 3, Day::from_ymd_opt(year, month, day), DateResolution::Absolute, DateSpan::Day)
            }
            None => found(
                index + 2,
                published.and_then(|p| month_day_before(p, month, day)),
                DateResolution::YearFromPublication,
                DateSpan::Day,
            ),
        });
    }
    // "last Friday", "next Tuesday", "Friday"
    let direction = match word {
        "last" | "past" => Some(-1),
        "next" | "coming" => Some(1),
        _ => None,
    };
    let (weekday_at, direction) = match direction {
        Some(d) if next(1).and_then(full_weekday).is_some() => (index + 1, d),
        _ => (index, 0),
    };
    if let Some(weekday) = full_weekday(&lowers[weekday_at]) {
        let day = published.map(|p| match direction {
            -1 => weekday_before(p, weekday),
            1 => weekday_after(p, weekday),
            _ => weekday_on_or_before(p, weekday),
        });
        return Some(relative(weekday_at + 1, day, DateSpan::Day));
    }
    let shift = |days: i64| published.map(|p| p + Duration::days(days));
    match (word, next(1)) {
        ("today" | "tonight", _) => Some(relative(index + 1, shift(0), DateSpan::Day)),
        ("yesterday", _) => Some(relative(index + 1, shift(-1), DateSpan::Day)),
        ("tomorrow", _) => Some(relative(index + 1, shift(1), DateSpan::Day)),
        ("last", Some("night")) => Some(relative(index + 2, shift(-1), DateSpan::Day)),
        ("this", Some("morning" | "afternoon" | "evening")) => Some(relative(index + 2, shift(0), DateSpan::Day)),
        ("this", Some("week")) => Some(relative(index + 2, published.map(week_start), DateSpan::Week)),
        ("last", Some("week")) => Some(relative(index + 2, shift(-7).map(week_start), DateSpan::Week)),
        ("this", Some("month")) => Some(relative(index + 2, published.map(month_start), DateSpan::Month)),
        ("last", Some("month")) => {
            let day = published.and_then(|p| month_start(p).pred_opt()).map(month_start);
            Some(relative(index + 2, day, DateSpan::Month))
        }
        _ => None,
    }
}

fn day_of_month(word: &str) -> Option<u32> {
    word.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4).then(|| word.parse().ok()).flatten().filter(|y| (1800..=2200).contains(y))
}

/// Weekday names written in full (short forms like "Sun" or "Wed" are too often words).
fn full_weekday(word: &str) -> Option<Weekday> {
    (word.trim_end_matches([',', '.']).len() > 5).then(|| weekday(word)).flatten()
}

/// The last date with this month and day on or shortly after `anchor` (news reports look back).
fn month_day_before(anchor: Day, month: u32, day: u32) -> Option<Day> {
    let this_year = Day::from_ymd_opt(anchor.year(), month, day)?;
    if this_year <= anchor + Duration::days(7) {
        Some(this_year)
    } else {
        Day::from_ymd_opt(anchor.year() - 1, month, day)
    }
}

fn weekday_on_or_before(anchor: Day, weekday: Weekday) -> Day {
    let back = (7 + anchor.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    anchor - Duration::days(i64::from(back))
}

fn weekday_before(anchor: Day, weekday: Weekday) -> Day {
    weekday_on_or_before(anchor - Duration::days(1), weekday)
}

fn weekday_after(anchor: Day, weekday: Weekday) -> Day {
    let ahead = (7 + weekday.num_days_from_monday() - anchor.weekday().num_days_from_monday()) % 7;
    anchor + Duration::days(i64::from(if ahead == 0 { 7 } else { ahead }))
}

fn week_start(day: Day) -> Day {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

fn month_start(day: Day) -> Day {
    day.with_day(1).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, day, resolution, span, other event) for each mention.
    fn found(text: &str, published: Option<Day>) -> Vec<(String, Option<String>, DateResolution, DateSpan, bool)> {
        extract_dates(&[text.to_string()], published)
            .into_iter()
            .map(|m| (m.text, m.day.map(|d| d.to_string()), m.resolution, m.span, m.other_event))
            .collect()
    }

    fn one(text: &str, published: &str) -> (Option<String>, DateResolution, DateSpan, bool) {
        let mut all = found(text, published.parse().ok());
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        let (_, day, resolution, span, other) = all.remove(0);
        (day, resolution, span, other)
    }

    #[test]
    fn resolves_against_publication() {
        use DateResolution::{Absolute, Relative, YearFromPublication};
        let published = Day::from_ymd_opt(2025, 3, 14); // a Friday
        let days = found("On Tuesday, a week after the Oct. 7 raid and before March 20, 2025, they met.", published);
        assert_eq!(
            days,
            [
                ("Tuesday".to_string(), Some("2025-03-11".to_string()), Relative, DateSpan::Day, false),
                ("Oct. 7".to_string(), Some("2024-10-07".to_string()), YearFromPublication, DateSpan::Day, true),
                ("March 20, 2025".to_string(), Some("2025-03-20".to_string()), Absolute, DateSpan::Day, true),
            ]
        );
    }

    #[test]
    fn relative_expressions() {
        let day = |text: &str| one(text, "2025-03-14").0;
        assert_eq!(day("The talks ended yesterday.").as_deref(), Some("2025-03-13"));
        assert_eq!(day("They met on Friday.").as_deref(), Some("2025-03-14"));
        assert_eq!(day("They met last Friday.").as_deref(), Some("2025-03-07"));
        assert_eq!(day("They will meet next Monday.").as_deref(), Some("2025-03-17"));
        assert_eq!(day("Clashes broke out last night.").as_deref(), Some("2025-03-13"));
        assert_eq!(
            one("Prices rose last month.", "2025-03-14"),
            (Some("2025-02-01".into()), DateResolution::Relative, DateSpan::Month, false)
        );
        assert_eq!(
            one("Talks resume this week.", "2025-03-14"),
            (Some("2025-03-10".into()), DateResolution::Relative, DateSpan::Week, false)
        );
    }

    #[test]
    fn written_dates_in_both_orders() {
        assert_eq!(one("The summit opened on 3 November 2023 in Rome.", "2023-11-04").0.as_deref(), Some("2023-11-03"));
        assert_eq!(
            one("The summit opened on November 3, 2023 in Rome.", "2023-11-04").0.as_deref(),
            Some("2023-11-03")
        );
        // A January article looking back at December.
        assert_eq!(one("Talks began on Dec. 28 in Rome.", "2024-01-05").0.as_deref(), Some("2023-12-28"));
    }

    #[test]
    fn dates_of_other_events() {
        assert!(one("Hostages seized in the Oct. 7 attack remain in Gaza.", "2023-11-03").3);
        assert!(one("It is his fifth visit since Oct. 7.", "2024-01-09").3);
        assert!(!one("Blinken met Netanyahu on Nov. 3 in Tel Aviv.", "2023-11-04").3);
    }

    #[test]
    fn without_a_publication_date() {
        assert_eq!(one("They met on Friday.", "").1, DateResolution::Unresolved);
        assert_eq!(one("Talks began on 3 November 2023.", "").1, DateResolution::Absolute);
    }
}
