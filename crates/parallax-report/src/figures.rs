//! The figure ledger: each reported value with its articles; agreements (one value, several
//! independent articles) and conflicts (close but different values for the same quantity).

use std::collections::BTreeMap;

use parallax_model::{ArticleId, Conflict, ConflictValue, FigureCategory, FigureView};

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
}

fn quantity_key(category: FigureCategory, noun: Option<&str>) -> String {
    match category {
        FigureCategory::Count | FigureCategory::Money => {
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
    let mut ledger = FigureLedger::default();
    let mut by_quantity: BTreeMap<String, Vec<(f64, Vec<ArticleId>, usize)>> = BTreeMap::new();
    for ((quantity, _), (mut view, origins)) in values {
        view.articles.sort();
        if origins.len() >= 2 {
            ledger.agreements.push(view.clone());
        }
        by_quantity.entry(quantity).or_default().push((view.value, view.articles.clone(), origins.len()));
        ledger.figures.push(view);
    }
    for (quantity, mut entries) in by_quantity {
        entries.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut cluster: Vec<(f64, Vec<ArticleId>, usize)> = Vec::new();
        for entry in entries.into_iter().chain(std::iter::once((f64::INFINITY, Vec::new(), 0))) {
            let starts_new = cluster.first().is_none_or(|first| entry.0 > first.0 * SAME_QUANTITY_RATIO);
            if starts_new {
                if cluster.len() >= 2 && !quantity.starts_with("count") {
                    ledger.conflicts.push(Conflict {
                        about: quantity.trim().to_string(),
                        values: cluster
                            .iter()
                            .map(|(value, articles, _)| ConflictValue { value: *value, articles: articles.clone() })
                            .collect(),
                    });
                }
                cluster.clear();
            }
            cluster.push(entry);
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
}
