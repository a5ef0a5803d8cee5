//! Date expressions in the text ("Oct. 7", "November 3, 2023", "on Friday"), resolved
//! against the article's publication date when one is known.

use chrono::{Datelike, Duration, Weekday};
use parallax_model::{DateMention, Day};
use parallax_text::{month_number, weekday};

use crate::words::tokenize;

/// Extracts date expressions; `published` anchors years and weekdays.
pub fn extract_dates(paragraphs: &[String], published: Option<Day>) -> Vec<DateMention> {
    let mut mentions = Vec::new();
    for (paragraph, text) in paragraphs.iter().enumerate() {
        let tokens = tokenize(text);
        let lowers: Vec<String> = tokens.iter().map(|t| t.lower()).collect();
        let mut index = 0;
        while index < tokens.len() {
            if let Some(month) = month_number(&lowers[index]).filter(|_| tokens[index].is_capitalised()) {
                let day: Option<u32> =
                    lowers.get(index + 1).and_then(|w| w.parse().ok()).filter(|d| (1..=31).contains(d));
                if let Some(day) = day {
                    let has_year = lowers.get(index + 2).is_some_and(|w| w == ",")
                        && lowers.get(index + 3).is_some_and(|w| w.len() == 4);
                    let year: Option<i32> = if has_year { lowers[index + 3].parse().ok() } else { None };
                    let end = if year.is_some() { index + 4 } else { index + 2 };
                    let resolved = match year {
                        Some(year) => Day::from_ymd_opt(year, month, day),
                        None => published.and_then(|p| month_day_before(p, month, day)),
                    };
                    mentions.push(DateMention {
                        text: text[tokens[index].start..tokens[end - 1].end].to_string(),
                        day: resolved,
                        paragraph,
                    });
                    index = end;
                    continue;
                }
            }
            if let Some(weekday) = weekday(&lowers[index]).filter(|_| lowers[index].len() > 3) {
                let resolved = published.map(|p| weekday_on_or_before(p, weekday));
                mentions.push(DateMention { text: tokens[index].text.to_string(), day: resolved, paragraph });
            }
            index += 1;
        }
    }
    mentions
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_against_publication() {
        let published = Day::from_ymd_opt(2025, 3, 14);
        let found = extract_dates(
            &["On Tuesday, a week after the Oct. 7 raid and before March 20, 2025, they met.".to_string()],
            published,
        );
        let days: Vec<(String, Option<String>)> =
            found.iter().map(|m| (m.text.clone(), m.day.map(|d| d.to_string()))).collect();
        assert_eq!(
            days,
            [
                ("Tuesday".to_string(), Some("2025-03-11".to_string())),
                ("Oct. 7".to_string(), Some("2024-10-07".to_string())),
                ("March 20, 2025".to_string(), Some("2025-03-20".to_string())),
            ]
        );
    }
}
