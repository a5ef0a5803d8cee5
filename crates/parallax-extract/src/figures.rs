//! Numeric claims: a number, its bound ("more than"), what it counts (killed, wounded,
//! hostages, …), the counted noun, and the attribution in the same sentence.

use parallax_model::{Figure, FigureCategory};
use parallax_text::split_sentences;

use crate::words::{Token, tokenize};

const MODIFIERS: &[&str] = &[
    "about",
    "almost",
    "approximately",
    "around",
    "as many as",
    "at least",
    "at most",
    "close to",
    "estimated",
    "fewer than",
    "less than",
    "more than",
    "nearly",
    "over",
    "roughly",
    "some",
    "up to",
];

const CATEGORY_CUES: &[(&str, FigureCategory)] = &[
    ("killed", FigureCategory::Killed),
    ("killing", FigureCategory::Killed),
    ("kill", FigureCategory::Killed),
    ("dead", FigureCategory::Killed),
    ("deaths", FigureCategory::Killed),
    ("death", FigureCategory::Killed),
    ("fatalities", FigureCategory::Killed),
    ("died", FigureCategory::Killed),
    ("murdered", FigureCategory::Killed),
    ("murdering", FigureCategory::Killed),
    ("toll", FigureCategory::Killed),
    ("lives", FigureCategory::Killed),
    ("bodies", FigureCategory::Killed),
    ("slain", FigureCategory::Killed),
    ("wounded", FigureCategory::Wounded),
    ("wounding", FigureCategory::Wounded),
    ("injured", FigureCategory::Wounded),
    ("injuring", FigureCategory::Wounded),
    ("injuries", FigureCategory::Wounded),
    ("hurt", FigureCategory::Wounded),
    ("hostages", FigureCategory::Hostages),
    ("hostage", FigureCategory::Hostages),
    ("captives", FigureCategory::Hostages),
    ("abducted", FigureCategory::Hostages),
    ("kidnapped", FigureCategory::Hostages),
    ("abductees", FigureCategory::Hostages),
    ("captive", FigureCategory::Hostages),
    ("displaced", FigureCategory::Displaced),
    ("evacuated", FigureCategory::Displaced),
    ("homeless", FigureCategory::Displaced),
    ("refugees", FigureCategory::Displaced),
    ("fled", FigureCategory::Displaced),
    ("arrested", FigureCategory::Arrested),
    ("detained", FigureCategory::Arrested),
    ("detainees", FigureCategory::Arrested),
    ("missing", FigureCategory::Missing),
];

const CURRENCIES: &[&str] = &["dollars", "euros", "pounds", "yen", "yuan", "rupees", "francs", "roubles", "rubles"];

const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("bn", 1e9),
    ("m", 1e6),
];

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("a", 1.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
];

/// Words after a number that make it a time span, a date or an age, not a count.
const NOT_COUNTED: &[&str] = &[
    "am", "a.m.", "day", "days", "hour", "hours", "minute", "minutes", "month", "months", "pm", "p.m.", "second",
    "seconds", "times", "week", "weeks", "year", "years", "percent",
];

const MONTHS: &[&str] = &[
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Extracts the figures of an article.
pub fn extract_figures(paragraphs: &[String]) -> Vec<Figure> {
    let mut figures = Vec::new();
    for (paragraph, text) in paragraphs.iter().enumerate() {
        for sentence in split_sentences(text) {
            figures.extend(sentence_figures(sentence, paragraph));
        }
    }
    figures
}

fn sentence_figures(sentence: &str, paragraph: usize) -> Vec<Figure> {
    let tokens = tokenize(sentence);
    let lowers: Vec<String> = tokens.iter().map(Token::lower).collect();
    let mut figures = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let Some((value, mut end, is_money)) = number_at(&tokens, &lowers, index) else {
            index += 1;
            continue;
        };
        let start = index;
        index = end.max(index + 1);
        if start > 0 && MONTHS.contains(&lowers[start - 1].as_str()) {
            continue;
        }
        if lowers.get(end).is_some_and(|w| NOT_COUNTED.contains(&w.as_str()) && w != "percent")
            || lowers.get(end).is_some_and(|w| w == "-")
        {
            continue;
        }
        if (1800.0..=2100.0).contains(&value)
            && !tokens[start].text.contains(',')
            && category_near(&lowers, start, end).is_none()
        {
            continue;
        }
        let mut category = None;
        if is_money || lowers.get(end).is_some_and(|w| CURRENCIES.contains(&w.as_str())) {
            category = Some(FigureCategory::Money);
        } else if lowers.get(end).is_some_and(|w| w == "%" || w == "percent") {
            category = Some(FigureCategory::Percent);
            end += 1;
        }
        let category = category.or_else(|| category_near(&lowers, start, end));
        let noun = tokens
            .get(end)
            .filter(|t| t.is_word() && t.text.chars().all(char::is_alphabetic))
            .map(|t| t.text.to_string());
        let category = match category {
            Some(category) => category,
            None if noun.as_deref().is_some_and(|n| n.ends_with('s') && n.chars().all(char::is_lowercase)) => {
                FigureCategory::Count
            }
            None => continue,
        };
        figures.push(Figure {
            value,
            category,
            noun,
            modifier: modifier_before(&lowers, start),
            attribution: attribution(&tokens, &lowers, sentence),
            sentence: sentence.to_string(),
            paragraph,
        });
    }
    figures
}

/// A number starting at `index`: digits with optional scale, or number words with a scale
/// ("a million", "two dozen"). Returns the value, the index after it, and whether a currency
/// sign preceded it.
fn number_at(tokens: &[Token<'_>], lowers: &[String], index: usize) -> Option<(f64, usize, bool)> {
    let text = tokens[index].text;
    let (digits, money) = match text.strip_prefix('$') {
        Some(rest) => (rest, true),
        None => (text, index > 0 && matches!(tokens[index - 1].text, "$" | "€" | "£")),
    };
    let mut end = index + 1;
    let mut value = if digits.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let cleaned: String = digits.chars().filter(|c| *c != ',').collect();
        if cleaned.ends_with(['s', 't', 'h', 'd']) {
            return None; // ordinals and decades: "7th", "1990s"
        }
        cleaned.parse::<f64>().ok()?
    } else {
        let word = NUMBER_WORDS.iter().find(|(w, _)| *w == lowers[index])?.1;
        // Number words count only with a scale word after them ("a million", "two dozen").
        let scale = lowers.get(end).and_then(|w| {
            SCALES
                .iter()
                .chain(NUMBER_WORDS.iter().filter(|(w, _)| *w == "dozen" || *w == "hundred"))
                .find(|(s, _)| s == w)
        })?;
        end += 1;
        return Some((word * scale.1, end, money));
    };
    if let Some((_, scale)) = lowers.get(end).and_then(|w| SCALES.iter().find(|(s, _)| s == w)) {
        value *= scale;
        end += 1;
    }
    Some((value, end, money))
}

fn modifier_before(lowers: &[String], start: usize) -> Option<String> {
    MODIFIERS
        .iter()
        .filter(|m| {
            let words: Vec<&str> = m.split(' ').collect();
            start >= words.len() && lowers[start - words.len()..start].iter().zip(&words).all(|(a, b)| a == b)
        })
        .max_by_key(|m| m.len())
        .map(|m| (*m).to_string())
}

/// The category cue nearest the number, looking up to six words either side and stopping
/// at clause boundaries (",", ";", "and", "while").
fn category_near(lowers: &[String], start: usize, end: usize) -> Option<FigureCategory> {
    let is_boundary = |w: &str| matches!(w, "," | ";" | "and" | "while" | "but" | "(" | ")" | ".");
    let cue = |w: &str| CATEGORY_CUES.iter().find(|(c, _)| *c == w).map(|(_, category)| *category);
    let mut best: Option<(usize, FigureCategory)> = None;
    for (distance, word) in lowers[end..].iter().take(6).enumerate() {
        if is_boundary(word) {
            break;
        }
        if let Some(category) = cue(word) {
            best = Some((distance + 1, category));
            break;
        }
    }
    let mut distance = 0;
    for word in lowers[..start].iter().rev().take(7) {
        if is_boundary(word) {
            break;
        }
        if MODIFIERS.iter().any(|m| m.split(' ').any(|p| p == word)) {
            continue;
        }
        distance += 1;
        if let Some(category) = cue(word) {
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, category));
            }
            break;
        }
    }
    best.map(|(_, category)| category)
}

/// "according to X", "citing X", "X said" in the sentence.
fn attribution(tokens: &[Token<'_>], lowers: &[String], sentence: &str) -> Option<String> {
    let phrase_from = |from: usize, lead: &str| {
        let end = tokens[from..]
            .iter()
            .position(|t| matches!(t.text, "," | "." | ";" | "—" | "–" | ")"))
            .map_or(tokens.len(), |p| from + p);
        (end > from).then(|| format!("{lead} {}", &sentence[tokens[from].start..tokens[end - 1].end]))
    };
    for index in 0..lowers.len() {
        if lowers[index] == "according" && lowers.get(index + 1).is_some_and(|w| w == "to") {
            return phrase_from(index + 2, "according to");
        }
        if lowers[index] == "citing" && index + 1 < lowers.len() {
            return phrase_from(index + 1, "citing");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sentence: &str, expected: &[(f64, FigureCategory, Option<&str>)]) {
        let figures = extract_figures(&[sentence.to_string()]);
        let found: Vec<(f64, FigureCategory, Option<&str>)> =
            figures.iter().map(|f| (f.value, f.category, f.modifier.as_deref())).collect();
        assert_eq!(found, expected, "{sentence}");
    }

    #[test]
    fn casualty_figures() {
        check(
            "The raid killed more than 1,200 people and took 80 hostages.",
            &[(1200.0, FigureCategory::Killed, Some("more than")), (80.0, FigureCategory::Hostages, None)],
        );
        check(
            "Militants stormed the town, murdering at least 300 villagers, wounding over 900 others and seizing 45 captives.",
            &[
                (300.0, FigureCategory::Killed, Some("at least")),
                (900.0, FigureCategory::Wounded, Some("over")),
                (45.0, FigureCategory::Hostages, None),
            ],
        );
        check(
            "The death toll rose to some 1,350, according to the health ministry.",
            &[(1350.0, FigureCategory::Killed, Some("some"))],
        );
        check(
            "More than a million residents have been displaced by the floods.",
            &[(1e6, FigureCategory::Displaced, Some("more than"))],
        );
        check(
            "The fund pledged $15 million and inflation hit 4.5%.",
            &[(15e6, FigureCategory::Money, None), (4.5, FigureCategory::Percent, None)],
        );
    }

    #[test]
    fn dates_and_spans_are_not_figures() {
        check("The attack on Oct. 7 came after 12 days of talks in 2024.", &[]);
    }

    #[test]
    fn attribution_is_kept() {
        let figures =
            extract_figures(&["At least 23 people died, according to the provincial emergency office.".to_string()]);
        assert_eq!(figures[0].attribution.as_deref(), Some("according to the provincial emergency office"));
    }
}
