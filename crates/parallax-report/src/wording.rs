//! Wording: the terms each outlet chooses for the same referent ("militants" / "terrorists",
//! "killed" / "murdered"), counted per outlet, from a lexicon of framing terms that news
//! coverage of conflicts, disasters and protests divides over.

use std::collections::BTreeMap;

use parallax_model::{OutletTerms, TermCount, WordingRow};

use crate::ReportInput;

/// Referents and the words outlets use for them; a word is counted in the form listed first
/// in its entry (plurals and inflections after it).
const FAMILIES: &[(&str, &[&[&str]])] = &[
    (
        "armed group",
        &[
            &["militants", "militant"],
            &["terrorists", "terrorist"],
            &["fighters", "fighter"],
            &["gunmen", "gunman"],
            &["insurgents", "insurgent"],
            &["rebels", "rebel"],
            &["extremists", "extremist"],
            &["jihadists", "jihadist"],
            &["armed group", "armed groups"],
            &["terrorist organization", "terrorist organisation", "terror group"],
            &["militant group", "militant groups"],
        ],
    ),
    (
        "killing",
        &[
            &["killed", "kill", "killing", "kills"],
            &["murdered", "murder", "murdering", "murders"],
            &["massacred", "massacre", "massacres"],
            &["slaughtered", "slaughter"],
            &["died", "dead", "deaths"],
            &["executed", "execution", "executions"],
        ],
    ),
    (
        "the attack",
        &[
            &["attack", "attacks"],
            &["assault", "assaults"],
            &["raid", "raids"],
            &["incursion", "incursions"],
            &["invasion"],
            &["terror attack", "terrorist attack"],
            &["onslaught"],
        ],
    ),
    (
        "people held",
        &[
            &["hostages", "hostage"],
            &["captives", "captive"],
            &["abductees"],
            &["prisoners", "prisoner"],
            &["detainees", "detainee"],
        ],
    ),
    (
        "military action",
        &[
            &["war"],
            &["conflict"],
            &["fighting"],
            &["campaign"],
            &["operation", "operations", "military operation"],
            &["offensive"],
            &["bombardment", "bombing", "bombings"],
            &["retaliation"],
        ],
    ),
    (
        "halt in fighting",
        &[
            &["ceasefire", "cease-fire", "ceasefires", "cease-fires"],
            &["truce"],
            &["pause", "pauses", "humanitarian pause"],
            &["armistice"],
        ],
    ),
    (
        "people protesting",
        &[
            &["protesters", "protester", "protestors"],
            &["demonstrators", "demonstrator"],
            &["rioters", "rioter"],
            &["activists", "activist"],
            &["mob"],
        ],
    ),
    ("those in power", &[&["government"], &["regime"], &["administration"], &["authorities"], &["junta"]]),
];

/// Longest phrase in the lexicon, in words.
const LONGEST: usize = 2;

/// Rows where outlets differ: a referent at least two outlets name, in at least two terms.
pub fn wording_table(members: &[ReportInput<'_>]) -> Vec<WordingRow> {
    // (family, outlet) → term → count
    let mut counts: BTreeMap<(usize, String), BTreeMap<&'static str, usize>> = BTreeMap::new();
    for member in members {
        let Some(outlet) = member.article.outlet.clone() else { continue };
        let words: Vec<String> = member
            .article
            .paragraphs
            .iter()
            .flat_map(|p| p.split(|c: char| !(c.is_alphanumeric() || c == '-')))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut at = 0;
        while at < words.len() {
            let found = (1..=LONGEST).rev().find_map(|len| {
                let phrase = words.get(at..at + len)?.join(" ");
                lookup(&phrase).map(|(family, term)| (family, term, len))
            });
            match found {
                Some((family, term, len)) => {
                    *counts.entry((family, outlet.clone())).or_default().entry(term).or_insert(0) += 1;
                    at += len;
                }
                None => at += 1,
            }
        }
    }
    let mut rows = Vec::new();
    for (family, (referent, _)) in FAMILIES.iter().enumerate() {
        let outlets: Vec<OutletTerms> = counts
            .iter()
            .filter(|((f, _), _)| *f == family)
            .map(|((_, outlet), terms)| {
                let mut terms: Vec<TermCount> =
                    terms.iter().map(|(term, count)| TermCount { term: (*term).to_string(), count: *count }).collect();
                terms.sort_by(|a, b| b.count.cmp(&a.count).then(a.term.cmp(&b.term)));
                OutletTerms { outlet: outlet.clone(), terms }
            })
            .collect();
        let distinct: std::collections::BTreeSet<&str> =
            outlets.iter().flat_map(|o| o.terms.iter().map(|t| t.term.as_str())).collect();
        if outlets.len() >= 2 && distinct.len() >= 2 {
            rows.push(WordingRow { referent: (*referent).to_string(), outlets });
        }
    }
    rows
}

/// The family and the counted form of a word or phrase.
fn lookup(phrase: &str) -> Option<(usize, &'static str)> {
    FAMILIES.iter().enumerate().find_map(|(family, (_, terms))| {
        terms.iter().find(|forms| forms.contains(&phrase)).map(|forms| (family, forms[0]))
    })
}

#[cfg(test)]
mod tests {
    use parallax_model::Extraction;

    use super::*;
    use crate::test_support::article;

    #[test]
    fn outlets_naming_the_same_group_differently() {
        let a = article(
            "a",
            Some("North Star"),
            &["Militants stormed the base. The militants held it for a day; the attack killed nine guards."],
        );
        let b = article(
            "b",
            Some("Daily Beacon"),
            &[
                "Terrorists stormed the base in a brutal assault and murdered nine guards, the terrorist organization said.",
            ],
        );
        let extraction = Extraction::default();
        let members = [
            ReportInput { article: &a, extraction: &extraction, duplicate_of: None },
            ReportInput { article: &b, extraction: &extraction, duplicate_of: None },
        ];
        let table = wording_table(&members);
        let row = |referent: &str| -> Vec<(String, Vec<(String, usize)>)> {
            table
                .iter()
                .find(|r| r.referent == referent)
                .unwrap_or_else(|| panic!("no row for {referent}: {table:#?}"))
                .outlets
                .iter()
                .map(|o| (o.outlet.clone(), o.terms.iter().map(|t| (t.term.clone(), t.count)).collect()))
                .collect()
        };
        assert_eq!(
            row("armed group"),
            [
                (
                    "Daily Beacon".to_string(),
                    vec![("terrorist organization".to_string(), 1), ("terrorists".to_string(), 1)]
                ),
                ("North Star".to_string(), vec![("militants".to_string(), 2)]),
            ]
        );
        assert_eq!(
            row("killing"),
            [
                ("Daily Beacon".to_string(), vec![("murdered".to_string(), 1)]),
                ("North Star".to_string(), vec![("killed".to_string(), 1)]),
            ]
        );
        assert_eq!(row("the attack").len(), 2);
    }
}
