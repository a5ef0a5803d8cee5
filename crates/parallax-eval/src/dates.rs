//! `parallax eval dates`: publication dates scored as htmldate's benchmark does.
//!
//! `eval_default.json` maps a URL to a page file (gzip-compressed in `eval/` or `cache/`) and
//! its gold publication day. Each page is read by the ingest stage and cleaned as an HTML
//! [`RawDoc`]; the article's published day is compared with the gold day. As in htmldate's
//! `evaluate_result`: the right day is a true positive, another day a false positive, no day
//! (including a rejected page) a false negative. Accuracy is the share of pages with the right
//! day. htmldate calls `find_date` without the URL; [`UrlUse`] chooses between the product
//! setting (URL given) and that one.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use parallax_model::{CleanArticle, DateSource, RawDoc};
use parallax_text::CleanConfig;
use serde::{Deserialize, Serialize};

use crate::EvalError;
use crate::extraction::read_page;

/// One page with its gold publication day.
#[derive(Debug, Clone)]
pub struct DateCase {
    pub url: String,
    pub file: String,
    /// `YYYY-MM-DD`.
    pub gold: String,
    pub doc: Result<RawDoc, String>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    file: String,
    date: String,
}

/// Loads `eval_default.json` under `dir` and reads every page, sorted by URL.
pub fn load(dir: &Path) -> Result<Vec<DateCase>, EvalError> {
    let index = dir.join("eval_default.json");
    let entries: Vec<(String, Entry)> = crate::read_url_index(&index)?;
    let mut cases = Vec::with_capacity(entries.len());
    for (url, entry) in entries {
        let doc = read_page(dir, &entry.file, &url);
        cases.push(DateCase { url, file: entry.file, gold: entry.date, doc });
    }
    Ok(cases)
}

/// Whether the page's URL is given to cleaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UrlUse {
    /// As the product runs: the URL comes with the page.
    Given,
    /// As htmldate's benchmark runs `find_date`: the page alone.
    Withheld,
}

/// Counts and scores of a date evaluation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct DateScores {
    pub n_pages: usize,
    pub correct: usize,
    pub wrong: usize,
    pub missing: usize,
    pub accuracy: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl DateScores {
    fn from_counts(correct: usize, wrong: usize, missing: usize) -> Self {
        let n_pages = correct + wrong + missing;
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        Self {
            n_pages,
            correct,
            wrong,
            missing,
            accuracy: ratio(correct, n_pages),
            precision: ratio(correct, correct + wrong),
            recall: ratio(correct, correct + missing),
            f1: ratio(2 * correct, 2 * correct + wrong + missing),
        }
    }
}

/// The result of one page.
#[derive(Debug, Clone, Serialize)]
pub struct DatePage {
    pub url: String,
    pub file: String,
    pub gold: String,
    pub found: Option<String>,
    pub source: Option<DateSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
}

/// The result of a date evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct DateEvaluation {
    pub url: UrlUse,
    pub overall: DateScores,
    /// Correct / all, per source of the date found (`"none"` when no date was found).
    pub per_source: BTreeMap<String, DateScores>,
    pub seconds: f64,
    pub pages: Vec<DatePage>,
}

/// Cleans every page (timed, one thread) and scores its publication day.
pub fn evaluate_dates(cases: &[DateCase], config: &CleanConfig, url: UrlUse) -> DateEvaluation {
    let start = Instant::now();
    let outcomes: Vec<Result<CleanArticle, String>> = cases
        .iter()
        .map(|case| match &case.doc {
            Ok(doc) if url == UrlUse::Withheld => {
                let doc = RawDoc { url: None, ..doc.clone() };
                parallax_text::clean(&doc, config).map_err(|r| r.reason.to_string())
            }
            Ok(doc) => parallax_text::clean(doc, config).map_err(|r| r.reason.to_string()),
            Err(message) => Err(message.clone()),
        })
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    let (mut correct, mut wrong, mut missing) = (0, 0, 0);
    let mut by_source: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut pages = Vec::with_capacity(cases.len());
    for (case, outcome) in cases.iter().zip(&outcomes) {
        let article = outcome.as_ref().ok();
        let found = article.and_then(|a| a.published).map(|day| day.to_string());
        let source = article.and_then(|a| a.published_source);
        let key = source.map_or_else(|| "none".to_string(), |s| format!("{s:?}").to_lowercase());
        let entry = by_source.entry(key).or_default();
        match &found {
            None => {
                missing += 1;
                entry.2 += 1;
            }
            Some(day) if *day == case.gold => {
                correct += 1;
                entry.0 += 1;
            }
            Some(_) => {
                wrong += 1;
                entry.1 += 1;
            }
        }
        pages.push(DatePage {
            url: case.url.clone(),
            file: case.file.clone(),
            gold: case.gold.clone(),
            found,
            source,
            rejected: outcome.as_ref().err().cloned(),
        });
    }
    DateEvaluation {
        url,
        overall: DateScores::from_counts(correct, wrong, missing),
        per_source: by_source.into_iter().map(|(k, (c, w, m))| (k, DateScores::from_counts(c, w, m))).collect(),
        seconds,
        pages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_the_first_pages_of_the_benchmark() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/dates/htmldate");
        if !dir.is_dir() {
            eprintln!("skipping: {} is absent", dir.display());
            return;
        }
        let cases = load(&dir).expect("loads");
        assert_eq!(cases.len(), 800);
        let evaluation = evaluate_dates(&cases[..100], &CleanConfig::default(), UrlUse::Given);
        assert!(evaluation.overall.accuracy > 0.8, "{:?}", evaluation.overall);
    }

    #[test]
    fn scores_as_htmldate_does() {
        let scores = DateScores::from_counts(8, 1, 1);
        assert_eq!(scores.n_pages, 10);
        assert!((scores.accuracy - 0.8).abs() < 1e-9);
        assert!((scores.precision - 8.0 / 9.0).abs() < 1e-9);
        assert!((scores.f1 - 16.0 / 18.0).abs() < 1e-9);
    }
}
