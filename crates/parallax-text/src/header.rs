//! The seed text header: an optional first line ` date YYYY-MM-DD Title`.

use parallax_model::Day;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedHeader {
    pub date: Day,
    /// What follows the date; may be a headline, a photo caption or a lead sentence.
    pub rest: String,
}

/// Parses the header from the first line of a text document, if it has one.
pub fn parse_seed_header(first_line: &str) -> Option<SeedHeader> {
    let line = first_line.trim_start_matches('\u{feff}').trim();
    let after = line.strip_prefix("date ")?;
    let (date_text, rest) = match after.find(char::is_whitespace) {
        Some(split) => (&after[..split], after[split..].trim()),
        None => (after, ""),
    };
    let date = Day::parse_from_str(date_text, "%Y-%m-%d").ok()?;
    Some(SeedHeader { date, rest: rest.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_date_and_rest() {
        let header = parse_seed_header(" date 2024-02-29 Leaders meet in a port city").expect("header");
        assert_eq!(header.date.to_string(), "2024-02-29");
        assert_eq!(header.rest, "Leaders meet in a port city");
        assert!(parse_seed_header("date 2024-02-30 impossible day").is_none());
        assert!(parse_seed_header("The date 2024-01-01 is in a sentence").is_none());
        assert_eq!(parse_seed_header(" date 2024-01-05").map(|h| h.rest), Some(String::new()));
    }
}
