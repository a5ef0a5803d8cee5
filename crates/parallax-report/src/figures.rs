//! The figure ledger: each reported value with its articles; agreements (one value, several
//! independent articles) and conflicts (close but different values for the same quantity).

use std::collections::BTreeMap;

use parallax_model::{ArticleId, Conflict, ConflictValue, Day, FigureCategory, FigureView};

use crate::ReportInput;

/// Values of one category within this ratio of each other are taken to count the same
/// thing; further apart they count different things (1,400 killed in one attack vs 9,000
/// killed in a war).
const SAME_QUANTITY_RATIO: f64 = 1.35;

/// What the ledger holds for one event.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FigureLedger {
    pub figures: Vec<FigureView>,
    pub agreements: Vec<FigureView>,
    pub conflicts: Vec<Conflict>,
    /// Clusters of values where a later report says it updates the earlier figure.
    pub updates: Vec<Conflict>,
}

/// Words that present a figure as the latest count of something reported before.
const UPDATE_WORDS: &[&str] = &[
    "rose to",
    "risen to",
    "climbed to",
    "increased to",
    "grew to",
    "jumped to",
    "up from",
    "now stands at",
    "has reached",
    "latest toll",
    "updated",
    "revised",
];

/// One reported value of a quantity, as the conflict check sees it.
struct Reported {
    value: f64,
    articles: Vec<ArticleId>,
    /// The sentence presents the value as an update.
    says_update: bool,
    attribution: Option<String>,
    /// The earliest publication day of its articles.
    first: Option<Day>,
}

/// Whether differing values are successive counts: each larger value is stated as an update,
/// by the same source where both name one, and first published on a later day.
fn is_update(cluster: &[Reported]) -> bool {
    let source = |r: &Reported| r.attribution.as_deref().map(|a| a.to_lowercase());
    cluster.windows(2).all(|pair| {
        let (earlier, later) = (&pair[0], &pair[1]);
        let same_source = match (source(earlier), source(later)) {
            (Some(a), Some(b)) => a == b || a.contains(&b) || b.contains(&a),
            _ => true,
        };
        // Later: published on a later day than the smaller value (same-day reports are rivals).
        let in_order = matches!((earlier.first, later.first), (Some(first), Some(next)) if next > first);
        later.says_update && same_source && in_order
    })
}

/// Whether two articles give different values of the cluster, each without the other's: one
/// article giving two close values (4.5% and 5% of different things) disputes nothing.
fn has_rivals(cluster: &[Reported]) -> bool {
    cluster.iter().enumerate().any(|(i, a)| {
        cluster[i + 1..].iter().any(|b| {
            a.articles.iter().any(|id| !b.articles.contains(id)) && b.articles.iter().any(|id| !a.articles.contains(id))
        })
    })
}

fn quantity_key(category: FigureCategory, noun: Option<&str>) -> String {
    match category {
        FigureCategory::Count | FigureCategory::Money | FigureCategory::Percent => {
            format!("{} {}", category.as_str(), noun.unwrap_or("").to_lowercase())
        }
        _ => category.as_str().to_string(),
    }
}

/// Builds the ledger of an event.
pub fn build_figure_ledger(members: &[ReportInput<'_>]) -> FigureLedger {
    // (quantity, value bits) → view, with the origins behind it.
    let mut values: BTreeMap<(String, u64), (FigureView, Vec<ArticleId>)> = BTreeMap::new();
    for member in members {
        for figure in &member.extraction.figures {
            let key = (quantity_key(figure.category, figure.noun.as_deref()), figure.value.to_bits());
            let entry = values.entry(key).or_insert_with(|| {
                let what = match &figure.noun {
                    Some(noun) if matches!(figure.category, FigureCategory::Count | FigureCategory::Money) => {
                        format!("{} ({noun})", figure.category.as_str())
                    }
                    Some(noun) if figure.category == FigureCategory::Percent => format!("percent (of {noun})"),
                    _ => figure.category.as_str().to_string(),
                };
                (
                    FigureView {
                        value: figure.value,
                        what,
                        text: figure.sentence.clone(),
                        modifier: figure.modifier.clone(),
                        attribution: figure.attribution.clone(),
                        articles: Vec::new(),
                    },
                    Vec::new(),
                )
            });
            if !entry.0.articles.contains(&member.article.id) {
                entry.0.articles.push(member.article.id.clone());
            }
            if entry.0.attribution.is_none() {
                entry.0.attribution = figure.attribution.clone();
            }
            let origin = member.origin().clone();
            if !entry.1.contains(&origin) {
                entry.1.push(origin);
            }
        }
    }
    let published: BTreeMap<&ArticleId, Option<Day>> =
        members.iter().map(|m| (&m.article.id, m.article.published)).collect();
    let mut ledger = FigureLedger::default();
    let mut by_quantity: BTreeMap<String, Vec<Reported>> = BTreeMap::new();
    for ((quantity, _), (mut view, origins)) in values {
        view.articles.sort();
        if origins.len() >= 2 {
            ledger.agreements.push(view.clone());
        }
        let days: Vec<Day> = view.articles.iter().filter_map(|id| published.get(id).copied().flatten()).collect();
        let lower = view.text.to_lowercase();
        by_quantity.entry(quantity).or_default().push(Reported {
            value: view.value,
            articles: view.articles.clone(),
            says_update: UPDATE_WORDS.iter().any(|w| lower.contains(w)),
            attribution: view.attribution.clone(),
            first: days.iter().min().copied(),
        });
        ledger.figures.push(view);
    }
    for (quantity, mut entries) in by_quantity {
        entries.sort_by(|a, b| a.value.total_cmp(&b.value));
        let mut clusters: Vec<Vec<Reported>> = Vec::new();
        for entry in entries {
            match clusters.last_mut() {
                Some(cluster) if entry.value <= cluster[0].value * SAME_QUANTITY_RATIO => cluster.push(entry),
                _ => clusters.push(vec![entry]),
            }
        }
        // Counts, and sums of money and shares whose object is unknown, may be of different
        // things ("inflation of 2.4%", "growth of 2.6%").
        let unknown = [FigureCategory::Money, FigureCategory::Percent].iter().any(|c| quantity.trim() == c.as_str());
        for cluster in
            clusters.into_iter().filter(|c| c.len() >= 2 && !quantity.starts_with("count") && !unknown && has_rivals(c))
        {
            let conflict = Conflict {
                about: quantity.trim().to_string(),
                values: cluster
                    .iter()
                    .map(|r| ConflictValue { value: r.value, articles: r.articles.clone() })
                    .collect(),
            };
            if is_update(&cluster) {
                ledger.updates.push(conflict);
            } else {
                ledger.conflicts.push(conflict);
            }
        }
    }
    ledger
}

#[cfg(test)]
mod tests {
    use parallax_model::{ArticleId, CleanArticle, Extraction, Figure, FigureCategory};

    use super::*;

    fn article(id: &str) -> CleanArticle {
        crate::test_support::article(id, None, &[])
    }

    fn figures(values: &[(f64, FigureCategory)]) -> Extraction {
        Extraction {
            figures: values
                .iter()
                .map(|(value, category)| Figure {
                    value: *value,
                    category: *category,
                    noun: None,
                    modifier: None,
                    attribution: None,
                    sentence: format!("{value} {}", category.as_str()),
                    paragraph: 0,
                })
                .collect(),
            ..Extraction::default()
        }
    }

    #[test]
    fn close_values_conflict_distant_values_count_different_things() {
        use FigureCategory::{Hostages, Killed};
        let (a, b, c) = (article("a"), article("b"), article("c"));
        let (fa, fb, fc) = (
            figures(&[(1400.0, Killed), (9000.0, Killed), (200.0, Hostages)]),
            figures(&[(1400.0, Killed), (9200.0, Killed), (240.0, Hostages)]),
            figures(&[(1400.0, Killed)]),
        );
        let copy_of_a = ArticleId("a".into());
        let members = [
            ReportInput { article: &a, extraction: &fa, duplicate_of: None },
            ReportInput { article: &b, extraction: &fb, duplicate_of: None },
            ReportInput { article: &c, extraction: &fc, duplicate_of: Some(&copy_of_a) },
        ];
        let ledger = build_figure_ledger(&members);
        let conflicts: Vec<(String, Vec<f64>)> =
            ledger.conflicts.iter().map(|c| (c.about.clone(), c.values.iter().map(|v| v.value).collect())).collect();
        assert_eq!(
            conflicts,
            [("hostages".to_string(), vec![200.0, 240.0]), ("killed".to_string(), vec![9000.0, 9200.0])]
        );
        let agreed: Vec<(f64, usize)> = ledger.agreements.iter().map(|f| (f.value, f.articles.len())).collect();
        assert_eq!(agreed, [(1400.0, 3)], "a copy is cited but is not an independent origin");
    }

    #[test]
    fn sums_of_money_conflict_only_where_they_pay_for_the_same_thing() {
        let money = |value: f64, noun: Option<&str>| Figure {
            value,
            category: FigureCategory::Money,
            noun: noun.map(String::from),
            modifier: None,
            attribution: None,
            sentence: format!("{value}"),
            paragraph: 0,
        };
        let (a, b) = (article("a"), article("b"));
        let fa = Extraction { figures: vec![money(8e9, None), money(2e6, Some("aid"))], ..Extraction::default() };
        let fb = Extraction { figures: vec![money(1e10, None), money(2.4e6, Some("aid"))], ..Extraction::default() };
        let ledger = build_figure_ledger(&[
            ReportInput { article: &a, extraction: &fa, duplicate_of: None },
            ReportInput { article: &b, extraction: &fb, duplicate_of: None },
        ]);
        let conflicts: Vec<(String, Vec<f64>)> =
            ledger.conflicts.iter().map(|c| (c.about.clone(), c.values.iter().map(|v| v.value).collect())).collect();
        assert_eq!(conflicts, [("money aid".to_string(), vec![2e6, 2.4e6])]);
    }

    #[test]
    fn one_article_giving_two_close_values_disputes_nothing() {
        let (a, b, c) = (article("a"), article("b"), article("c"));
        let fa = figures(&[(45.0, FigureCategory::Killed), (50.0, FigureCategory::Killed)]);
        let alone = build_figure_ledger(&[ReportInput { article: &a, extraction: &fa, duplicate_of: None }]);
        assert!(alone.conflicts.is_empty(), "{:?}", alone.conflicts);
        let (fb, fc) = (figures(&[(50.0, FigureCategory::Killed)]), figures(&[(40.0, FigureCategory::Killed)]));
        let rivals = build_figure_ledger(&[
            ReportInput { article: &b, extraction: &fb, duplicate_of: None },
            ReportInput { article: &c, extraction: &fc, duplicate_of: None },
        ]);
        assert_eq!(rivals.conflicts.len(), 1, "two articles, two values: {:?}", rivals.conflicts);
    }

    #[test]
    fn shares_conflict_only_over_one_whole() {
        let share = |value: f64, noun: Option<&str>| Extraction {
            figures: vec![Figure {
                value,
                category: FigureCategory::Percent,
                noun: noun.map(str::to_string),
                modifier: None,
                attribution: None,
                sentence: format!("{value}%"),
                paragraph: 0,
            }],
            ..Extraction::default()
        };
        let (a, b) = (article("a"), article("b"));
        let ledger = |fa: &Extraction, fb: &Extraction| {
            build_figure_ledger(&[
                ReportInput { article: &a, extraction: fa, duplicate_of: None },
                ReportInput { article: &b, extraction: fb, duplicate_of: None },
            ])
            .conflicts
        };
        // "Inflation of 2.4%" and "growth of 2.6%" written without their whole dispute nothing.
        assert!(ledger(&share(2.4, None), &share(2.6, None)).is_empty());
        assert!(ledger(&share(40.0, Some("homes")), &share(45.0, Some("schools"))).is_empty());
        let rival = ledger(&share(40.0, Some("homes")), &share(45.0, Some("homes")));
        assert_eq!(rival.iter().map(|c| c.about.as_str()).collect::<Vec<_>>(), ["percent homes"]);
    }

    #[test]
    fn a_later_count_that_says_so_is_an_update() {
        let report = |value: f64, sentence: &str| Extraction {
            figures: vec![Figure {
                value,
                category: FigureCategory::Killed,
                noun: None,
                modifier: None,
                attribution: Some("the health ministry said".into()),
                sentence: sentence.into(),
                paragraph: 0,
            }],
            ..Extraction::default()
        };
        let mut first = article("first");
        first.published = "2025-03-01".parse().ok();
        let mut later = article("later");
        later.published = "2025-03-02".parse().ok();
        let early = report(100.0, "At least 100 people were killed, the health ministry said.");
        let ledger = |sentence: &str| {
            let late = report(120.0, sentence);
            build_figure_ledger(&[
                ReportInput { article: &first, extraction: &early, duplicate_of: None },
                ReportInput { article: &later, extraction: &late, duplicate_of: None },
            ])
        };
        let updated = ledger("The death toll rose to 120, the health ministry said.");
        assert!(updated.conflicts.is_empty(), "{:?}", updated.conflicts);
        assert_eq!(updated.updates.len(), 1);
        let contradicted = ledger("At least 120 people were killed, the health ministry said.");
        assert_eq!((contradicted.conflicts.len(), contradicted.updates.len()), (1, 0));
    }
}
