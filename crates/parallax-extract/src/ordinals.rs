//! Ordinals attached to nouns ("third visit", "5th round"), used to tell repeated events apart.

use parallax_model::Ordinal;

use crate::words::tokenize;

const ORDINALS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
];

/// Nouns after an ordinal that do not identify a repeated event.
const IGNORED_NOUNS: &[&str] = &[
    "day", "few", "half", "hand", "lady", "line", "minister", "months", "of", "phase", "place", "quarter", "several",
    "step", "stage", "term", "the", "time", "two", "three", "week", "weeks", "year", "years",
];

/// Extracts ordinal–noun pairs.
pub fn extract_ordinals(paragraphs: &[String]) -> Vec<Ordinal> {
    let mut ordinals = Vec::new();
    for text in paragraphs {
        let tokens = tokenize(text);
        for (index, token) in tokens.iter().enumerate() {
            let lower = token.lower();
            let Some(rank) =
                ORDINALS.iter().find(|(w, _)| *w == lower).map(|(_, r)| *r).or_else(|| numeric_ordinal(&lower))
            else {
                continue;
            };
            // "81st annual awards": skip the adjective to reach the noun.
            let mut next = index + 1;
            if tokens
                .get(next)
                .is_some_and(|t| matches!(t.lower().as_str(), "annual" | "consecutive" | "straight" | "official"))
            {
                next += 1;
            }
            let Some(noun_token) = tokens.get(next) else { continue };
            let noun = noun_token.lower();
            if noun_token.is_word() && noun.chars().all(char::is_alphabetic) && !IGNORED_NOUNS.contains(&noun.as_str())
            {
                ordinals.push(Ordinal { rank, noun });
            }
        }
    }
    ordinals.sort();
    ordinals.dedup();
    ordinals
}

fn numeric_ordinal(word: &str) -> Option<u32> {
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))?;
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let found = extract_ordinals(&[
            "On his third visit, the first time in years, he held a 2nd round of talks.".to_string()
        ]);
        assert_eq!(found, [Ordinal { rank: 2, noun: "round".into() }, Ordinal { rank: 3, noun: "visit".into() }]);
    }
}
