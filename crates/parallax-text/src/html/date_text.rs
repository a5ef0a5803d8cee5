//! Dates as pages write them, beyond English: "31. Mai 2012", "31.05.2012", "31/05/2012",
//! "31 de mayo de 2012", "le 3 mars 2021", "May 31st, 2012", "2012年5月31日", and finding
//! such dates inside a line of text.

use std::sync::LazyLock;

use parallax_model::Day;
use regex::Regex;

/// Month names and common abbreviations in English, German, French, Spanish, Italian,
/// Portuguese, Dutch and Polish (genitive forms included), lower-case.
#[rustfmt::skip]
const MONTHS: &[(&str, u32)] = &[
    ("january", 1), ("jan", 1), ("januar", 1), ("jänner", 1), ("janvier", 1), ("janv", 1), ("enero", 1), ("ene", 1),
    ("gennaio", 1), ("gen", 1), ("janeiro", 1), ("januari", 1), ("stycznia", 1), ("styczeń", 1), ("sty", 1),
    ("february", 2), ("feb", 2), ("februar", 2), ("feber", 2), ("février", 2), ("fevrier", 2), ("févr", 2), ("fev", 2),
    ("febrero", 2), ("febbraio", 2), ("fevereiro", 2), ("februari", 2), ("lutego", 2), ("luty", 2), ("lut", 2),
    ("march", 3), ("mar", 3), ("märz", 3), ("maerz", 3), ("mär", 3), ("mars", 3), ("marzo", 3), ("março", 3),
    ("maart", 3), ("marca", 3), ("marzec", 3),
    ("april", 4), ("apr", 4), ("avril", 4), ("avr", 4), ("abril", 4), ("abr", 4), ("aprile", 4), ("kwietnia", 4),
    ("kwiecień", 4), ("kwi", 4),
    ("may", 5), ("mai", 5), ("mayo", 5), ("maggio", 5), ("mag", 5), ("maio", 5), ("mei", 5), ("maja", 5), ("maj", 5),
    ("june", 6), ("jun", 6), ("juni", 6), ("juin", 6), ("junio", 6), ("giugno", 6), ("giu", 6), ("junho", 6),
    ("czerwca", 6), ("czerwiec", 6), ("cze", 6),
    ("july", 7), ("jul", 7), ("juli", 7), ("juillet", 7), ("juil", 7), ("julio", 7), ("luglio", 7), ("lug", 7),
    ("julho", 7), ("lipca", 7), ("lipiec", 7), ("lip", 7),
    ("august", 8), ("aug", 8), ("août", 8), ("aout", 8), ("agosto", 8), ("ago", 8), ("augustus", 8), ("sierpnia", 8),
    ("sierpień", 8), ("sie", 8),
    ("september", 9), ("sep", 9), ("sept", 9), ("septembre", 9), ("septiembre", 9), ("setiembre", 9), ("settembre", 9),
    ("set", 9), ("setembro", 9), ("września", 9), ("wrzesień", 9), ("wrz", 9),
    ("october", 10), ("oct", 10), ("oktober", 10), ("okt", 10), ("octobre", 10), ("octubre", 10), ("ottobre", 10),
    ("ott", 10), ("outubro", 10), ("out", 10), ("października", 10), ("październik", 10), ("paź", 10),
    ("november", 11), ("nov", 11), ("novembre", 11), ("noviembre", 11), ("novembro", 11), ("listopada", 11),
    ("listopad", 11), ("lis", 11),
    ("december", 12), ("dec", 12), ("dezember", 12), ("dez", 12), ("décembre", 12), ("decembre", 12), ("déc", 12),
    ("diciembre", 12), ("dic", 12), ("dicembre", 12), ("dezembro", 12), ("grudnia", 12), ("grudzień", 12), ("gru", 12),
];

/// The month of a name or abbreviation in one of the known languages.
pub(crate) fn month_of(word: &str) -> Option<u32> {
    let lower = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(name, _)| *name == lower).map(|(_, month)| *month)
}

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{1,4})([./-])(\d{1,2})([./-])(\d{2,4})(?:$|[^\d])").expect("valid regex")
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\p{L}\d])(\d{1,2})(?:\.|er|st|nd|rd|th|º)?\s*(?:de\s+|-)?(\p{L}{3,11})\.?,?\s*(?:de\s+|-)?(\d{4})(?:$|[^\d])")
        .expect("valid regex")
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\p{L}])(\p{L}{3,11})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:$|[^\d])")
        .expect("valid regex")
});
static CJK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?").expect("valid regex"));

/// Parses a whole value that is one date in any of the known forms (extra words around it,
/// such as a weekday or a time, are allowed).
pub(crate) fn parse_loose_date(text: &str) -> Option<Day> {
    find_date(text)
}

/// The first date written in `text`.
pub(crate) fn find_date(text: &str) -> Option<Day> {
    find_dates(text).into_iter().min_by_key(|(at, _)| *at).map(|(_, day)| day)
}

/// Every date written in `text`, with its byte offset.
pub(crate) fn find_dates(text: &str) -> Vec<(usize, Day)> {
    let mut found = Vec::new();
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return found;
    }
    for caps in NUMERIC.captures_iter(text) {
        let (Some(a), Some(s1), Some(b), Some(s2), Some(c)) =
            (caps.get(1), caps.get(2), caps.get(3), caps.get(4), caps.get(5))
        else {
            continue;
        };
        if s1.as_str() != s2.as_str() {
            continue;
        }
        let (a_str, b_str, c_str) = (a.as_str(), b.as_str(), c.as_str());
        let (Ok(x), Ok(y), Ok(z)) = (a_str.parse::<u32>(), b_str.parse::<u32>(), c_str.parse::<u32>()) else {
            continue;
        };
        let day = if a_str.len() == 4 {
            // 2012-05-31, 2012/05/31, 2012.05.31
            Day::from_ymd_opt(x as i32, y, z)
        } else if c_str.len() == 4 || (c_str.len() == 2 && s1.as_str() == ".") {
            let year = if c_str.len() == 2 { 2000 + z as i32 } else { z as i32 };
            // Day first unless the second part cannot be a month (12/25/2019); slash dates
            // with both parts up to 12 are read day first, as most pages outside the United
            // States write them.
            if x > 12 || s1.as_str() == "." || y <= 12 {
                Day::from_ymd_opt(year, y, x)
            } else {
                Day::from_ymd_opt(year, x, y)
            }
        } else {
            None
        };
        if let Some(day) = day {
            found.push((a.start(), day));
        }
    }
    for caps in DAY_MONTH_YEAR.captures_iter(text) {
        let (Some(d), Some(m), Some(y)) = (caps.get(1), caps.get(2), caps.get(3)) else { continue };
        if let (Ok(day), Some(month), Ok(year)) =
            (d.as_str().parse::<u32>(), month_of(m.as_str()), y.as_str().parse::<i32>())
            && let Some(date) = Day::from_ymd_opt(year, month, day)
        {
            found.push((d.start(), date));
        }
    }
    for caps in MONTH_DAY_YEAR.captures_iter(text) {
        let (Some(m), Some(d), Some(y)) = (caps.get(1), caps.get(2), caps.get(3)) else { continue };
        if let (Some(month), Ok(day), Ok(year)) =
            (month_of(m.as_str()), d.as_str().parse::<u32>(), y.as_str().parse::<i32>())
            && let Some(date) = Day::from_ymd_opt(year, month, day)
        {
            found.push((m.start(), date));
        }
    }
    for caps in CJK.captures_iter(text) {
        let (Some(y), Some(m), Some(d)) = (caps.get(1), caps.get(2), caps.get(3)) else { continue };
        if let (Ok(year), Ok(month), Ok(day)) =
            (y.as_str().parse::<i32>(), m.as_str().parse::<u32>(), d.as_str().parse::<u32>())
            && let Some(date) = Day::from_ymd_opt(year, month, day)
        {
            found.push((y.start(), date));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<&str>) {
        assert_eq!(find_date(text).map(|d| d.to_string()).as_deref(), expected, "{text}");
    }

    #[test]
    fn written_dates() {
        check("31. Mai 2012", Some("2012-05-31"));
        check("Veröffentlicht am 31.05.2012 um 10:00", Some("2012-05-31"));
        check("posted 2019/03/07", Some("2019-03-07"));
        check("12/25/2019", Some("2019-12-25"));
        check("03/04/2019", Some("2019-04-03"));
        check("31 de mayo de 2012", Some("2012-05-31"));
        check("le 3 mars 2021 à 10h", Some("2021-03-03"));
        check("May 31st, 2012", Some("2012-05-31"));
        check("Sept. 4, 2018", Some("2018-09-04"));
        check("2012年5月31日", Some("2012-05-31"));
        check("14 września 2020", Some("2020-09-14"));
        check("Version 1.2.3", None);
        check("Preis 12.50 EUR", None);
        check("about 30 Mio 2012", None);
    }
}
