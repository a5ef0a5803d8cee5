//! The quote ledger: each quote once, with its speaker, the articles carrying it and the
//! wording each uses. Only words in quotation marks enter it: reported speech without them is
//! left to the articles.

use std::collections::{BTreeMap, BTreeSet};

use parallax_model::{ArticleId, QuoteVariant, QuoteView, WordingSegment, person_key};

use crate::ReportInput;

fn word_set(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Share of the shorter quote's words found in the other, zero when one is less than half
/// as long as the other (a fragment quoted inside a longer statement is a different quote).
fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let (shorter, longer) = (a.len().min(b.len()), a.len().max(b.len()));
    if shorter * 2 < longer {
        return 0.0;
    }
    a.intersection(b).count() as f64 / shorter.max(1) as f64
}

const SAME_QUOTE: f64 = 0.7;

/// Shortest passage in quotation marks the ledger shows, in words.
const MIN_QUOTE_WORDS: usize = 3;

/// The ledger holds words in quotation marks (direct quotes and the quoted parts of reported
/// speech), not scare quotes ("“pause”") or quoted titles ("“Operation Swords of Iron”").
fn is_ledger_quote(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let title_case =
        words.iter().filter(|w| w.chars().count() > 3).all(|w| w.chars().next().is_some_and(char::is_uppercase));
    words.len() >= MIN_QUOTE_WORDS && !title_case
}

struct Group {
    words: BTreeSet<String>,
    wordings: Vec<(String, Vec<ArticleId>)>,
    speakers: BTreeMap<String, usize>,
}

/// Groups the quotes of an event's articles.
pub fn build_quote_ledger(members: &[ReportInput<'_>]) -> Vec<QuoteView> {
    let mut groups: Vec<Group> = Vec::new();
    for member in members {
        let passages =
            member.extraction.quotes.iter().flat_map(|q| q.quoted_passages().into_iter().map(move |p| (q, p)));
        for (quote, text) in passages.filter(|(_, text)| is_ledger_quote(text)) {
            let words = word_set(text);
            let id = &member.article.id;
            let found = groups.iter_mut().find(|g| overlap(&g.words, &words) >= SAME_QUOTE);
            let group = match found {
                Some(group) => group,
                None => {
                    groups.push(Group { words: words.clone(), wordings: Vec::new(), speakers: BTreeMap::new() });
                    let last = groups.len() - 1;
                    &mut groups[last]
                }
            };
            group.words.extend(words);
            match group.wordings.iter_mut().find(|(wording, _)| wording == text) {
                Some((_, articles)) if !articles.contains(id) => articles.push(id.clone()),
                Some(_) => {}
                None => group.wordings.push((text.to_string(), vec![id.clone()])),
            }
            if let Some(speaker) = &quote.speaker {
                *group.speakers.entry(speaker.clone()).or_insert(0) += 1;
            }
        }
    }
    groups
        .into_iter()
        .map(|group| {
            let mut articles: Vec<ArticleId> = group.wordings.iter().flat_map(|(_, a)| a.iter().cloned()).collect();
            articles.sort();
            articles.dedup();
            let mut wordings = group.wordings.into_iter();
            let (main_text, _) = wordings.next().unwrap_or_default();
            let variants = wordings
                .map(|(text, articles)| {
                    let segments = word_diff(&main_text, &text);
                    QuoteVariant { text, articles, segments }
                })
                .collect();
            QuoteView { text: main_text, speaker: pick_speaker(&group.speakers), articles, variants }
        })
        .collect()
}

/// The most common speaker, counting name forms of one person together; the fullest form wins.
fn pick_speaker(speakers: &BTreeMap<String, usize>) -> Option<String> {
    let mut by_person: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for (name, count) in speakers {
        let entry = by_person.entry(person_key(name)).or_insert((0, name.clone()));
        entry.0 += count;
        if name.split_whitespace().count() > entry.1.split_whitespace().count() {
            entry.1 = name.clone();
        }
    }
    by_person.into_values().max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1))).map(|(_, name)| name)
}

/// The variant's words in runs, each marked as shared with `main` or changed (a longest
/// common subsequence over words, compared without punctuation and case).
fn word_diff(main: &str, variant: &str) -> Vec<WordingSegment> {
    let key = |w: &str| w.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let a: Vec<String> = main.split_whitespace().map(key).collect();
    let words: Vec<&str> = variant.split_whitespace().collect();
    let b: Vec<String> = words.iter().map(|w| key(w)).collect();
    // lcs[i][j]: common words of a[i..] and b[j..]; quotes are short, so the table is small.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut segments: Vec<WordingSegment> = Vec::new();
    while j < b.len() {
        let shared = i < a.len() && a[i] == b[j];
        if shared {
            i += 1;
        } else if i < a.len() && lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
            continue;
        }
        match segments.last_mut() {
            Some(last) if last.changed != shared => {
                last.text.push(' ');
                last.text.push_str(words[j]);
            }
            _ => segments.push(WordingSegment { text: words[j].to_string(), changed: !shared }),
        }
        j += 1;
    }
    segments
}

#[cfg(test)]
mod diff_tests {
    use super::*;

    #[test]
    fn variant_words_marked_against_the_main_wording() {
        let runs: Vec<(String, bool)> = word_diff(
            "So this is something we must answer, and we will.",
            "This is something we have to answer, and we will.",
        )
        .into_iter()
        .map(|s| (s.text, s.changed))
        .collect();
        assert_eq!(
            runs,
            [
                ("This is something we".to_string(), false),
                ("have to".to_string(), true),
                ("answer, and we will.".to_string(), false),
            ]
        );
    }
}
