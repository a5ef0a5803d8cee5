//! Reading a page's date line as the web writes it: a date among labels, weekdays, times and
//! time zones ("POSTED: 05/02/07, 9:00 PM PDT |", "Published on: Fri, 11 Nov 2011 at 09:56
//! IST", "8:05am UK, Monday 16 September 2013", "26 September 2013, 10:00 (GMT+05:00)").
//! Every word of the line must be one of these: a line with any other word is not a date line.
//!
//! This is the reader for plain text, where a line that merely holds a date is body text. HTML
//! pages go through `html/date_text.rs` instead, which finds dates in many languages inside
//! page furniture and reads an ambiguous all-numeric date day first (the page's metadata
//! usually settles the day there); here the page's address settles it.

use parallax_model::Day;

use crate::dates::{is_weekday, month_number};

/// How to read an all-numeric date whose first two numbers could each be the month
/// ("05/02/2013": May 2 in the United States, 5 February in most other places).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumericOrder {
    MonthFirst,
    DayFirst,
}

/// Words that label a date line or join its parts ("Last updated:", "Posted on", "Published
/// time", "at", "hrs").
const LABELS: &[&str] = &[
    "at",
    "created",
    "date",
    "edited",
    "first",
    "hrs",
    "last",
    "modified",
    "on",
    "posted",
    "published",
    "time",
    "updated",
];

/// The longest date line, in words: two stamps with their labels ("Posted: Nov 27, 2005 8:20
/// AM ET Last Updated: Nov 27, 2005 8:10 PM ET").
const MAX_WORDS: usize = 24;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    /// A label, a weekday, a time of day, "am"/"pm", a time zone or a lone dash.
    Furniture,
    Month(u32),
    Number(&'a str),
    /// Four digits before a time zone: a time of day ("1052 GMT"), or a date's year.
    Clock(&'a str),
    /// Three numbers joined by `/`, `.` or `-` ("05/02/2013", "2012.08.08", "14-09-2013").
    Numeric(&'a str),
    Other,
}

/// The day a date line gives, reading an ambiguous all-numeric date in `order`; `None` where
/// the line holds a word that is not part of a date line, or no date with its year. Where the
/// line gives two stamps (published, then updated), the first is the day.
pub fn parse_date_line(line: &str, order: NumericOrder) -> Option<Day> {
    let spaced: String = line
        .chars()
        .map(|c| if matches!(c, ',' | '|' | '•' | '@' | '(' | ')' | '[' | ']' | ';' | '–' | '—') { ' ' } else { c })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().flat_map(split_number_dash).collect();
    if words.is_empty() || words.len() > MAX_WORDS {
        return None;
    }
    let tokens: Vec<Token> = words.iter().enumerate().map(|(i, word)| classify(word, words.get(i + 1))).collect();
    let mut first = None;
    let mut i = 0;
    while i < tokens.len() {
        let (day, used) = match tokens[i..] {
            [Token::Month(month), Token::Number(day), Token::Number(year) | Token::Clock(year), ..] => {
                (written(year_number(year), month, day_number(day)), 3)
            }
            [Token::Number(day), Token::Month(month), Token::Number(year) | Token::Clock(year), ..] => {
                (written(year_number(year), month, day_number(day)), 3)
            }
            [Token::Numeric(text), ..] => (numeric(text, order), 1),
            [Token::Furniture | Token::Clock(_), ..] => {
                i += 1;
                continue;
            }
            _ => return None,
        };
        // A pattern that matched but gave no real day ("February 30, 2023") is no date line.
        first = Some(first.unwrap_or(day?));
        i += used;
    }
    first
}

/// "27-2005" (a dash between a day and its year) as two words; other words unchanged.
fn split_number_dash(word: &str) -> Vec<&str> {
    match word.split_once('-') {
        Some((a, b))
            if !a.is_empty()
                && !b.is_empty()
                && a.len() <= 2
                && b.len() == 4
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit()) =>
        {
            vec![a, b]
        }
        _ => vec![word],
    }
}

fn classify<'a>(word: &'a str, next: Option<&&str>) -> Token<'a> {
    let bare = word.trim_end_matches([':', '.']);
    let lower = bare.to_lowercase();
    if bare.is_empty() || bare == "-" || LABELS.contains(&lower.as_str()) || is_weekday(bare) {
        return Token::Furniture;
    }
    if let Some(month) = month_number(bare) {
        return Token::Month(month);
    }
    if is_time(&lower) || matches!(lower.as_str(), "am" | "pm" | "a.m" | "p.m") || is_zone(bare) {
        return Token::Furniture;
    }
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &lower[digits.len()..];
    if !digits.is_empty()
        && digits.bytes().all(|c| c.is_ascii_digit())
        && matches!(suffix, "" | "st" | "nd" | "rd" | "th")
    {
        // "1052 GMT", "1852 HKT": four digits before a time zone are a time of day (unless
        // they end a date, which is tried first).
        if digits.len() == 4 && suffix.is_empty() && next.is_some_and(|n| is_zone(n)) && is_clock(digits) {
            return Token::Clock(&bare[..4]);
        }
        return Token::Number(&bare[..digits.len()]);
    }
    if numeric_parts(bare).is_some() {
        return Token::Numeric(bare);
    }
    Token::Other
}

/// "1052": hours and minutes.
fn is_clock(digits: &str) -> bool {
    let value: u32 = digits.parse().unwrap_or(9999);
    value / 100 < 24 && value % 100 < 60
}

/// "10:00", "6:07:15", "1:10PM", "8:13am", "11:41a.m.", "03.31".
fn is_time(lower: &str) -> bool {
    let clock = lower.trim_end_matches("a.m").trim_end_matches("p.m").trim_end_matches("am").trim_end_matches("pm");
    // "03.31 BST": a point between hours and minutes, as British pages write it.
    if let Some((hours, minutes)) = clock.split_once('.') {
        return (1..=2).contains(&hours.len())
            && minutes.len() == 2
            && hours.bytes().chain(minutes.bytes()).all(|c| c.is_ascii_digit());
    }
    let parts: Vec<&str> = clock.split(':').collect();
    parts.len() >= 2
        && parts.len() <= 3
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|c| c.is_ascii_digit()))
}

/// "GMT", "EDT", "PT", "UK", "IST", "GMT+05:00", "UTC-5", "+0300".
fn is_zone(word: &str) -> bool {
    let word = word.trim_end_matches([':', '.']);
    if (1..=5).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase()) {
        return true;
    }
    let upper = word.to_uppercase();
    let offset = upper.strip_prefix("GMT").or_else(|| upper.strip_prefix("UTC")).unwrap_or(&upper);
    let Some(rest) = offset.strip_prefix(['+', '-']) else { return false };
    !rest.is_empty()
        && rest.len() <= 5
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || c == ':')
}

/// The three numbers of an all-numeric date and its separator.
fn numeric_parts(text: &str) -> Option<([&str; 3], char)> {
    let separator = ['/', '.', '-'].into_iter().find(|&s| text.contains(s))?;
    let parts: Vec<&str> = text.split(separator).collect();
    let [a, b, c] = parts[..] else { return None };
    let digits = |p: &str, lengths: &[usize]| lengths.contains(&p.len()) && p.bytes().all(|x| x.is_ascii_digit());
    let year_first = digits(a, &[4]) && digits(b, &[1, 2]) && digits(c, &[1, 2]);
    let year_last = digits(a, &[1, 2]) && digits(b, &[1, 2]) && digits(c, &[2, 4]);
    // A dot or a dash needs the four-digit year: "5.9.13" may be anything.
    let plain = separator == '/' || (year_first || c.len() == 4);
    ((year_first || year_last) && plain).then_some(([a, b, c], separator))
}

/// The day of an all-numeric date: year first is always year-month-day; otherwise the first
/// two numbers are read in `order` unless one of them is above 12.
fn numeric(text: &str, order: NumericOrder) -> Option<Day> {
    let ([a, b, c], _) = numeric_parts(text)?;
    let number = |p: &str| p.parse::<u32>().ok();
    if a.len() == 4 {
        return Day::from_ymd_opt(a.parse().ok()?, number(b)?, number(c)?);
    }
    let year: i32 = c.parse().ok()?;
    let year = match c.len() {
        2 if year < 70 => 2000 + year,
        2 => 1900 + year,
        _ => year,
    };
    let (first, second) = (number(a)?, number(b)?);
    let (month, day) = match order {
        _ if first > 12 => (second, first),
        _ if second > 12 => (first, second),
        NumericOrder::MonthFirst => (first, second),
        NumericOrder::DayFirst => (second, first),
    };
    Day::from_ymd_opt(year, month, day)
}

fn written(year: Option<i32>, month: u32, day: Option<u32>) -> Option<Day> {
    Day::from_ymd_opt(year?, month, day?)
}

fn day_number(digits: &str) -> Option<u32> {
    let value: u32 = digits.parse().ok()?;
    (1..=31).contains(&value).then_some(value)
}

fn year_number(digits: &str) -> Option<i32> {
    let value: i32 = digits.parse().ok()?;
    (digits.len() == 4 && (1800..=2200).contains(&value)).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str, order: NumericOrder) -> Option<String> {
        parse_date_line(line, order).map(|d| d.to_string())
    }

    #[test]
    fn stamps_with_labels_times_and_zones() {
        let cases = [
            ("26 September 2013, 10:00 (GMT+05:00)", "2013-09-26"),
            ("UPDATED 05/03/2013 at 11:00 AM EDT", "2013-05-03"),
            ("May 2, 2013 1:35 pm.", "2013-05-02"),
            ("MAY 3, 2013 AT 1:10PM", "2013-05-03"),
            ("Posted on Thu Jun 13, 2013 08:45 AM PDT", "2013-06-13"),
            ("Sat Nov 12 2011, 01:19 hrs", "2011-11-12"),
            ("Published on: Fri, 11 Nov 2011 at 09:56 IST", "2011-11-11"),
            ("Posted on November 15, 2011 6:07:15 PM GMT+01:0", "2011-11-15"),
            ("Published: 2012.08.08 09:01 AM", "2012-08-08"),
            ("POSTED: 05/02/07, 9:00 PM PDT |", "2007-05-02"),
            ("POSTED: 1052 GMT (1852 HKT), April 10, 2007", "2007-04-10"),
            ("on April 30, 2008 at 4:31 AM, updated May 1, 2008 at 8:33 AM", "2008-04-30"),
            ("Published time: March 12, 2013 02:03", "2013-03-12"),
            ("AUGUST 2, 2013 | 08:06AM PT", "2013-08-02"),
            ("Friday August 2, 2013 @ 8:13am PDT", "2013-08-02"),
            ("8:13 AM PDT 8/2/2013", "2013-08-02"),
            ("Sunday, November 27-2005 at 16:12", "2005-11-27"),
            ("Published 12:17 am, Monday, September 16, 2013", "2013-09-16"),
            ("8:05am UK, Monday 16 September 2013", "2013-09-16"),
            ("Last updated 13:26 14/09/2013", "2013-09-14"),
            ("14:25 Sun Sep 15 2013", "2013-09-15"),
            ("Published: 09 Sep 2013 11:25 GMT+02:00", "2013-09-09"),
            ("11/28/05", "2005-11-28"),
            ("Thursday 29 July 2004 08.23 BST", "2004-07-29"),
            ("Updated Thu 6 May 2010, 9:03am AEST", "2010-05-06"),
        ];
        for (line, day) in cases {
            assert_eq!(read(line, NumericOrder::MonthFirst).as_deref(), Some(day), "{line}");
        }
    }

    #[test]
    fn an_ambiguous_numeric_date_follows_the_order_and_an_unambiguous_one_does_not() {
        assert_eq!(read("05/02/2013", NumericOrder::MonthFirst).as_deref(), Some("2013-05-02"));
        assert_eq!(read("05/02/2013", NumericOrder::DayFirst).as_deref(), Some("2013-02-05"));
        for order in [NumericOrder::MonthFirst, NumericOrder::DayFirst] {
            assert_eq!(read("14/09/2013", order).as_deref(), Some("2013-09-14"));
            assert_eq!(read("09/14/2013", order).as_deref(), Some("2013-09-14"));
        }
    }

    #[test]
    fn lines_with_other_words_or_no_year_are_not_date_lines() {
        for line in [
            "November 3, 2023 was a Friday",
            "Mumbai, Nov 11 -",
            "Staff Report",
            "Updated 9:06 AM",
            "February 30, 2023",
            "Version 5.9.13 released",
            "3 dead, 2013 deaths",
            "",
        ] {
            assert_eq!(read(line, NumericOrder::MonthFirst), None, "{line}");
        }
    }
}
