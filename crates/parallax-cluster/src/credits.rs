//! Wire credits: the agency a story says it comes from ("OSTRAVEL (Northwire) —" in the
//! dateline, "Northwire contributed reporting." at the end). Two articles that carry the same
//! credit and much of the same text are copies of one wire story even where the outlets
//! reworded it more than shingle containment alone would accept.

use parallax_model::fnv1a64;

/// Paragraphs at the start that may hold the dateline.
const DATELINE_PARAGRAPHS: usize = 2;
/// Paragraphs at the end that may hold a credit line.
const CREDIT_PARAGRAPHS: usize = 3;
/// The longest dateline, in characters, before its dash.
const MAX_DATELINE_CHARS: usize = 90;
/// The longest credit line, in words.
const MAX_CREDIT_LINE_WORDS: usize = 30;
/// The most words an agency or contributor name has.
const MAX_CREDIT_WORDS: usize = 4;

/// Hashes of the wire credits an article carries, sorted and unique.
pub fn wire_credits(paragraphs: &[String]) -> Vec<u64> {
    let mut credits: Vec<u64> = Vec::new();
    for paragraph in paragraphs.iter().take(DATELINE_PARAGRAPHS) {
        if let Some(agency) = dateline_credit(paragraph) {
            credits.push(credit_hash(agency));
        }
    }
    let tail = paragraphs.len().saturating_sub(CREDIT_PARAGRAPHS);
    for paragraph in &paragraphs[tail..] {
        credits.extend(contributed_credits(paragraph).into_iter().map(credit_hash));
    }
    credits.sort_unstable();
    credits.dedup();
    credits
}

/// The agency in parentheses that closes a dateline: "LONDON, Nov 3 (Reuters) - …",
/// "OSTRAVEL, Veskia (Northwire) — …".
fn dateline_credit(paragraph: &str) -> Option<&str> {
    let dash = [" — ", " – ", " - ", " -- ", "—", "–"]
        .iter()
        .filter_map(|dash| paragraph.find(dash))
        .filter(|&at| at <= MAX_DATELINE_CHARS)
        .min()?;
    let head = paragraph[..dash].trim_end();
    let inner = head.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let place = inner[..open].trim();
    // A dateline starts with a capitalised place name.
    if !place.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let agency = inner[open + 1..].trim();
    is_credit_name(agency).then_some(agency)
}

/// The names before "contributed reporting" / "contributed to this report(ing)" in a short
/// closing line: "Northwire contributed reporting.", "Ana Ruiz in Lisbon and Northwire
/// contributed to this report."
fn contributed_credits(paragraph: &str) -> Vec<&str> {
    if paragraph.split_whitespace().count() > MAX_CREDIT_LINE_WORDS {
        return Vec::new();
    }
    let Some(at) = paragraph.find(" contributed") else { return Vec::new() };
    let rest = paragraph[at + " contributed".len()..].trim_start();
    let Some(after) = ["reporting", "to this report", "to this story"].iter().find_map(|key| rest.strip_prefix(key))
    else {
        return Vec::new();
    };
    // The line ends there, or says where from: "contributed reporting from Kerrin."
    let after = after.trim_start_matches(['.', ',', ' ']);
    if !(after.is_empty() || after.starts_with("from ") || after.starts_with("in ")) {
        return Vec::new();
    }
    let subject = &paragraph[..at];
    subject
        .split([',', ';'])
        .flat_map(|part| part.split(" and "))
        .map(|part| {
            let part = part.trim();
            // "Ana Ruiz in Lisbon": the place is not part of the name.
            part.find(" in ").map_or(part, |at| &part[..at]).trim()
        })
        .filter(|name| is_credit_name(name))
        .collect()
}

/// A short name that starts with a capital letter and holds letters.
fn is_credit_name(name: &str) -> bool {
    let words = name.split_whitespace().count();
    (1..=MAX_CREDIT_WORDS).contains(&words)
        && name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().all(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '.' | '&' | '-' | '\''))
}

fn credit_hash(name: &str) -> u64 {
    let normal: String = name.trim_end_matches('.').to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    let normal = normal.strip_prefix("the ").unwrap_or(&normal);
    fnv1a64(format!("credit:{normal}").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credits(paragraphs: &[&str]) -> Vec<u64> {
        wire_credits(&paragraphs.iter().map(|p| (*p).to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn datelines_and_closing_lines_name_the_same_agency() {
        let dateline = credits(&["KERRIN, Veskia (Eastwire) — Ferries stopped on Monday.", "More text."]);
        let dash = credits(&["LONDON, Nov 3 (Eastwire) - Ferries stopped on Monday."]);
        let closing =
            credits(&["Ferries stopped on Monday.", "Text.", "The Eastwire contributed reporting from Kerrin."]);
        assert_eq!(dateline.len(), 1);
        assert_eq!(dateline, dash);
        assert_eq!(dateline, closing);
    }

    #[test]
    fn contributors_with_places_are_split() {
        let found = credits(&["Body.", "Ana Ruiz in Lisbon and Eastwire contributed to this report."]);
        assert_eq!(found.len(), 2);
        assert!(found.contains(&credits(&["X (Eastwire) — y"])[0]));
    }

    #[test]
    fn ordinary_parentheses_and_sentences_are_not_credits() {
        assert!(credits(&["The minister (who spoke first) said — after a pause — that talks would go on."]).is_empty());
        assert!(credits(&["officials said (Reuters) — nothing"]).is_empty());
        assert!(
            credits(&["Body.", "Many residents, shop owners and teachers contributed to the relief fund this week."])
                .is_empty()
        );
        assert!(credits(&["Body.", "Volunteers contributed reporting tools and time to the project."]).is_empty());
    }
}
