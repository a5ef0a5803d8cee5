//! Parsing dates written as text: ISO stamps, "November 3, 2023", "3 Nov. 2023",
//! "Monday, July 22, 2024", "2023/11/03".

use parallax_model::Day;

use crate::dateline::{NumericOrder, parse_date_line};

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// The month number of an English month name or abbreviation ("March", "Mar.", "mar").
pub fn month_number(word: &str) -> Option<u32> {
    let lower = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(name, _)| *name == lower).map(|(_, number)| *number)
}

/// The weekday an English weekday name stands for ("Friday", "fri.").
pub fn weekday(word: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};
    let lower = word.trim_end_matches([',', '.']).to_lowercase();
    let day = match lower.as_str() {
        "monday" | "mon" => Mon,
        "tuesday" | "tue" | "tues" => Tue,
        "wednesday" | "wed" => Wed,
        "thursday" | "thu" | "thur" | "thurs" => Thu,
        "friday" | "fri" => Fri,
        "saturday" | "sat" => Sat,
        "sunday" | "sun" => Sun,
        _ => return None,
    };
    Some(day)
}

/// Whether a word is an English weekday name or abbreviation.
pub(crate) fn is_weekday(word: &str) -> bool {
    let lower = word.trim_end_matches([',', '.']).to_lowercase();
    WEEKDAYS.contains(&lower.as_str())
}

/// Parses an ISO-8601 date or timestamp prefix (`2023-11-03`, `2023-11-03T10:00:00Z`,
/// `2023/11/03`). The time of day is ignored: the day as written is the day reported.
pub fn parse_iso_prefix(text: &str) -> Option<Day> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() < 10 {
        return None;
    }
    let sep = bytes[4];
    if !(sep == b'-' || sep == b'/') || bytes[7] != sep {
        return None;
    }
    let year: i32 = text.get(0..4)?.parse().ok()?;
    let month: u32 = text.get(5..7)?.parse().ok()?;
    let day: u32 = text.get(8..10)?.parse().ok()?;
    if bytes.len() > 10 && bytes[10].is_ascii_digit() {
        return None;
    }
    Day::from_ymd_opt(year, month, day)
}

/// Parses a whole string that is one date written out, optionally with a weekday, a time, a
/// time zone and labels ("Monday, July 22, 2024", "Nov. 3, 2023", "3 November 2023 14:05 GMT",
/// "Last updated: Monday, 28 November 2005, 02:24 GMT", "November 28th, 2005", ISO, see
/// [`parse_date_line`]). An all-numeric date is read only where it cannot be misread
/// ("14/09/2013", not "05/02/2013"). Returns `None` when the string holds anything else.
pub fn parse_date_text(text: &str) -> Option<Day> {
    if let Some(day) = parse_iso_prefix(text) {
        return Some(day);
    }
    let month_first = parse_date_line(text, NumericOrder::MonthFirst)?;
    (parse_date_line(text, NumericOrder::DayFirst)? == month_first).then_some(month_first)
}

/// Whether a string is one date line, however its all-numeric date is read.
pub fn is_date_line(text: &str) -> bool {
    parse_iso_prefix(text).is_some()
        || parse_date_line(text, NumericOrder::MonthFirst).is_some()
        || parse_date_line(text, NumericOrder::DayFirst).is_some()
}

/// Whether a date line is the article's own stamp wherever it sits on the page: labelled
/// ("Last updated: …", "Posted …", "Published …") or giving a time of day ("Sept. 15, 2013
/// 11:26 pm"), which a page's "today" in its top bar does not.
pub fn is_stamped_date_line(line: &str) -> bool {
    let lower = line.to_lowercase();
    let labelled = ["updated", "posted", "published"].iter().any(|label| lower.contains(label));
    let timed = line.split_whitespace().any(|token| {
        let token = token.trim_end_matches([',', '.']);
        token.contains(':') && token.split(':').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
    });
    labelled || timed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<&str>) {
        assert_eq!(parse_date_text(text).map(|d| d.to_string()).as_deref(), expected, "{text}");
    }

    #[test]
    fn written_dates() {
        check("Monday, July 22, 2024", Some("2024-07-22"));
        check("November 3, 2023", Some("2023-11-03"));
        check("Nov. 3, 2023", Some("2023-11-03"));
        check("3 November 2023 14:05 GMT", Some("2023-11-03"));
        check("2023-11-03T22:10:00+02:00", Some("2023-11-03"));
        check("2023/11/03", Some("2023-11-03"));
        check("February 30, 2023", None);
        check("November 3, 2023 was a Friday", None);
        check("Staff Report", None);
        check("2023-11-031", None);
        check("Last Updated: Monday, 28 November 2005, 02:24 GMT", Some("2005-11-28"));
        check("18 September 2013 Last updated at 13:59 GMT", Some("2013-09-18"));
        check("November 28th, 2005, 09:11 GMT", Some("2005-11-28"));
        check("Posted on March 4, 2019", Some("2019-03-04"));
        check("Last updated on the river bridge", None);
    }

    #[test]
    fn stamped_date_lines() {
        assert!(is_stamped_date_line("Last Updated: Monday, 28 November 2005"));
        assert!(is_stamped_date_line("September 15, 2013 11:26 pm"));
        assert!(!is_stamped_date_line("Tuesday, June 3, 2025"));
    }
}
