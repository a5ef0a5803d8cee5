//! The agreement map: sentences aligned across an event's articles by their words, with names
//! and numbers as anchors; each aligned statement is carried by all, several or one of the
//! event's independent origins, or disputed where its articles give different figures.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use parallax_model::{ArticleId, FigureCategory, Statement, Support};
use parallax_text::{split_sentences, terms};

use crate::ReportInput;

/// Sentences per article taken into account (leads carry the news).
const MAX_SENTENCES: usize = 60;
/// Least similarity for two sentences to state the same thing.
const SAME_STATEMENT: f64 = 0.42;
/// Statements reported, most widely carried first.
const MAX_STATEMENTS: usize = 60;

/// Least cosine for two sentences to reach [`SAME_STATEMENT`]: names and numbers add at most
/// 0.15 (see [`similarity`]); the margin covers rounding in the sums that find candidates.
const LEAST_COSINE: f64 = SAME_STATEMENT - 0.15 - 1e-9;

struct Sentence<'a> {
    member: usize,
    text: &'a str,
    /// Term ids, ascending; ids follow the terms' byte order, so sums over them run in the
    /// same order whichever way they are found.
    terms: Vec<u32>,
    /// The length of the sentence's IDF vector.
    norm: f64,
    /// Anchor ids (names and numbers), ascending.
    anchors: Vec<u32>,
    figures: Vec<(FigureCategory, u64)>,
}

/// Aligns the event's sentences into statements. Events with one origin have no map.
pub fn agreement_map(members: &[ReportInput<'_>]) -> Vec<Statement> {
    let origin_of: Vec<&ArticleId> = members.iter().map(ReportInput::origin).collect();
    let all_origins: BTreeSet<&ArticleId> = origin_of.iter().copied().collect();
    if all_origins.len() < 2 {
        return Vec::new();
    }
    let (sentences, squares) = collect_sentences(members);
    let groups = align(&sentences, &squares);
    let mut statements: Vec<(usize, Statement)> = groups
        .iter()
        .map(|group| {
            let mut members_of: Vec<usize> = group.iter().map(|&i| sentences[i].member).collect();
            members_of.sort_unstable();
            members_of.dedup();
            let origins: BTreeSet<&ArticleId> = members_of.iter().map(|&m| origin_of[m]).collect();
            let support = if disputed(group, &sentences, &origin_of) {
                Support::Disputed
            } else if origins.len() == all_origins.len() {
                Support::All
            } else if origins.len() > 1 {
                Support::Several
            } else {
                Support::One
            };
            let statement = Statement {
                text: sentences[group[0]].text.to_string(),
                support,
                articles: members_of.iter().map(|&m| members[m].article.id.clone()).collect(),
                origins: origins.len(),
            };
            (group[0], statement)
        })
        .collect();
    // Most widely carried first, then in reading order; a few single-origin statements from
    // each origin (the leads), so that what only one outlet says shows too.
    statements.sort_by(|(a_first, a), (b_first, b)| {
        a.support.cmp(&b.support).then(b.origins.cmp(&a.origins)).then(a_first.cmp(b_first))
    });
    let mut singles: BTreeMap<&ArticleId, usize> = BTreeMap::new();
    statements
        .into_iter()
        .filter(|(first, statement)| {
            if statement.support != Support::One {
                return true;
            }
            let seen = singles.entry(origin_of[sentences[*first].member]).or_insert(0);
            *seen += 1;
            *seen <= 5
        })
        .map(|(_, statement)| statement)
        .take(MAX_STATEMENTS)
        .collect()
}

/// Statements as lists of sentence indexes, in reading order: each sentence joins the statement
/// holding the sentence most like it (from another article), or begins one. Candidates come
/// from an inverted index over terms, whose weights are summed per earlier sentence; only those
/// that can reach [`SAME_STATEMENT`] are scored in full, so a large event costs the pairs that
/// share terms, not every pair of sentences.
fn align(sentences: &[Sentence<'_>], squares: &[f64]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: Vec<usize> = Vec::with_capacity(sentences.len());
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); squares.len()];
    let mut dot = vec![0.0f64; sentences.len()];
    let mut touched: Vec<usize> = Vec::new();
    for (index, sentence) in sentences.iter().enumerate() {
        for &term in &sentence.terms {
            for &other in &postings[term as usize] {
                let other = other as usize;
                if dot[other] == 0.0 {
                    touched.push(other);
                }
                dot[other] += squares[term as usize];
            }
        }
        touched.sort_unstable();
        let mut scores: BTreeMap<usize, f64> = BTreeMap::new();
        for &other in &touched {
            let rough = dot[other] / (sentence.norm * sentences[other].norm).max(f64::MIN_POSITIVE);
            dot[other] = 0.0;
            if rough < LEAST_COSINE {
                continue;
            }
            let score = similarity(sentence, &sentences[other], squares);
            let best = scores.entry(group_of[other]).or_insert(0.0);
            *best = best.max(score);
        }
        touched.clear();
        let best = scores
            .into_iter()
            .filter(|&(g, score)| {
                score >= SAME_STATEMENT && groups[g].iter().all(|&other| sentences[other].member != sentence.member)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let group = match best {
            Some((g, _)) => {
                groups[g].push(index);
                g
            }
            None => {
                groups.push(vec![index]);
                groups.len() - 1
            }
        };
        group_of.push(group);
        for &term in &sentence.terms {
            postings[term as usize].push(index as u32);
        }
    }
    groups
}

/// The event's sentences, and the squared IDF weight of each term id.
fn collect_sentences<'a>(members: &'a [ReportInput<'a>]) -> (Vec<Sentence<'a>>, Vec<f64>) {
    struct Raw<'a> {
        member: usize,
        text: &'a str,
        terms: BTreeSet<String>,
        anchors: BTreeSet<String>,
        figures: Vec<(FigureCategory, u64)>,
    }
    let mut raw = Vec::new();
    for (member, input) in members.iter().enumerate() {
        let figures: Vec<(&str, FigureCategory, u64)> = input
            .extraction
            .figures
            .iter()
            .map(|f| (f.sentence.as_str(), f.category, f.value.round() as u64))
            .collect();
        let mut taken = 0;
        for paragraph in &input.article.paragraphs {
            for text in split_sentences(paragraph) {
                let words = terms(text);
                if words.len() < 5 || taken >= MAX_SENTENCES {
                    continue;
                }
                taken += 1;
                raw.push(Raw {
                    member,
                    text,
                    terms: words.into_iter().collect(),
                    anchors: anchors(text),
                    figures: figures.iter().filter(|(s, _, _)| *s == text).map(|(_, c, v)| (*c, *v)).collect(),
                });
            }
        }
    }
    // Inverse sentence frequency of each term, squared; ids in the terms' order.
    let mut df: BTreeMap<&str, usize> = BTreeMap::new();
    let mut anchor_ids: BTreeMap<&str, u32> = BTreeMap::new();
    for sentence in &raw {
        for term in &sentence.terms {
            *df.entry(term.as_str()).or_insert(0) += 1;
        }
        for anchor in &sentence.anchors {
            anchor_ids.insert(anchor.as_str(), 0);
        }
    }
    for (id, value) in anchor_ids.values_mut().enumerate() {
        *value = id as u32;
    }
    let n = raw.len() as f64;
    let squares: Vec<f64> = df.values().map(|&count| (1.0 + n / count as f64).ln().powi(2)).collect();
    let term_ids: HashMap<&str, u32> = df.keys().enumerate().map(|(id, term)| (*term, id as u32)).collect();
    let sentences = raw
        .iter()
        .map(|r| {
            let terms: Vec<u32> = r.terms.iter().map(|t| term_ids[t.as_str()]).collect();
            let norm = terms.iter().map(|&t| squares[t as usize]).sum::<f64>().sqrt();
            Sentence {
                member: r.member,
                text: r.text,
                terms,
                norm,
                anchors: r.anchors.iter().map(|a| anchor_ids[a.as_str()]).collect(),
                figures: r.figures.clone(),
            }
        })
        .collect();
    (sentences, squares)
}

/// Names (capitalised words after the first) and numbers: what two wordings of one statement
/// keep.
fn anchors(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == ','))
        .skip(1)
        .map(|w| w.trim_matches(','))
        .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) && w.chars().count() > 1)
        .map(|w| w.replace(',', "").to_lowercase())
        .collect()
}

/// The ids two ascending lists share, in order.
fn shared<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    return Some(a[i - 1]);
                }
            }
        }
        None
    })
}

/// Weighted overlap of two sentences' terms (cosine of binary IDF vectors), raised when they
/// share names or numbers.
fn similarity(a: &Sentence<'_>, b: &Sentence<'_>, squares: &[f64]) -> f64 {
    let overlap: f64 = shared(&a.terms, &b.terms).map(|t| squares[t as usize]).sum();
    let cosine = overlap / (a.norm * b.norm).max(f64::MIN_POSITIVE);
    let anchored = shared(&a.anchors, &b.anchors).count();
    if anchored == 0 && !(a.anchors.is_empty() && b.anchors.is_empty()) {
        return cosine * 0.8;
    }
    cosine + 0.05 * anchored.min(3) as f64
}

/// Whether two origins give different values for the same kind of figure in the statement.
fn disputed(group: &[usize], sentences: &[Sentence<'_>], origin_of: &[&ArticleId]) -> bool {
    let mut values: BTreeMap<FigureCategory, BTreeMap<u64, BTreeSet<&ArticleId>>> = BTreeMap::new();
    for &index in group {
        let sentence = &sentences[index];
        for (category, value) in &sentence.figures {
            values.entry(*category).or_default().entry(*value).or_default().insert(origin_of[sentence.member]);
        }
    }
    values.values().any(|by_value| by_value.len() > 1)
}

#[cfg(test)]
mod tests {
    use parallax_model::{Extraction, Figure};

    use super::*;
    use crate::test_support::article;

    fn killed(value: f64, sentence: &str) -> Extraction {
        let figure = Figure {
            value,
            category: FigureCategory::Killed,
            noun: None,
            modifier: None,
            attribution: None,
            sentence: sentence.to_string(),
            paragraph: 0,
        };
        Extraction { figures: vec![figure], ..Extraction::default() }
    }

    #[test]
    fn statements_by_support() {
        let toll_a = "The flooding in the Harrow valley has killed 120 people, the regional governor said on Monday.";
        let toll_b = "Regional governor officials said on Monday that floods in the Harrow valley killed 135 people.";
        let a = article(
            "a",
            Some("North Star"),
            &[
                "Rescue crews reached the village of Tessel in the Harrow valley after the river burst its banks overnight.",
                toll_a,
                "A local bakery handed out free bread to volunteers filling sandbags along the embankment.",
            ],
        );
        let b = article(
            "b",
            Some("Daily Beacon"),
            &[
                "Rescue teams reached Tessel village in the Harrow valley after the river burst its banks during the night.",
                toll_b,
            ],
        );
        let copy = article("c", Some("Copy Press"), &a.paragraphs.iter().map(String::as_str).collect::<Vec<_>>());
        let (fa, fb, fc) = (killed(120.0, toll_a), killed(135.0, toll_b), killed(120.0, toll_a));
        let original = ArticleId("a".into());
        let members = [
            ReportInput { article: &a, extraction: &fa, duplicate_of: None },
            ReportInput { article: &b, extraction: &fb, duplicate_of: None },
            ReportInput { article: &copy, extraction: &fc, duplicate_of: Some(&original) },
        ];
        let map = agreement_map(&members);
        let find = |start: &str| map.iter().find(|s| s.text.starts_with(start)).unwrap_or_else(|| panic!("{map:#?}"));
        let rescue = find("Rescue crews");
        assert_eq!((rescue.support, rescue.origins, rescue.articles.len()), (Support::All, 2, 3));
        assert_eq!(find("The flooding").support, Support::Disputed);
        let bakery = find("A local bakery");
        assert_eq!((bakery.support, bakery.origins), (Support::One, 1), "a copy is not a second origin");
        assert_eq!(map[0].support, Support::Disputed, "disputes first: {map:#?}");
    }

    #[test]
    fn one_origin_has_no_map() {
        let a = article("a", Some("North Star"), &["Rescue crews reached the village of Tessel after the flood."]);
        let extraction = Extraction::default();
        assert!(agreement_map(&[ReportInput { article: &a, extraction: &extraction, duplicate_of: None }]).is_empty());
    }
}
