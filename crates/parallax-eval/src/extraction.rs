//! `parallax eval extraction`: main-text extraction scored as trafilatura's benchmark does.
//!
//! The data set (`evaldata.json` plus gzip-compressed pages in `eval/` and `cache/`) maps a URL
//! to a page file, snippets that must appear in the extracted text ("with") and boilerplate
//! snippets that must not ("without"). Each page is read by the ingest stage and cleaned as an
//! HTML [`RawDoc`] with its URL, exactly as the product does; the text scored is the article's
//! paragraphs (trafilatura's plain-text output carries no separate title either). Matching is
//! a substring test after collapsing whitespace: a "with" snippet found is a true positive,
//! missing a false negative; a "without" snippet found is a false positive, missing a true
//! negative. A rejected page scores as empty text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax_ingest::{IngestConfig, list_inputs, read_input};
use parallax_model::{CleanArticle, RawDoc};
use parallax_text::CleanConfig;
use serde::{Deserialize, Serialize};

use crate::EvalError;

/// One page of the data set with its expectations.
#[derive(Debug, Clone)]
pub struct ExtractionCase {
    pub url: String,
    pub file: String,
    pub with: Vec<String>,
    pub without: Vec<String>,
    /// The page as the ingest stage read it, or why it could not.
    pub doc: Result<RawDoc, String>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    file: String,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

/// Loads `evaldata.json` under `dir` and reads every page (`eval/<file>.gz` or
/// `cache/<file>.gz`), sorted by URL.
pub fn load(dir: &Path) -> Result<Vec<ExtractionCase>, EvalError> {
    let index = dir.join("evaldata.json");
    let entries: Vec<(String, Entry)> = crate::read_url_index(&index)?;
    let mut cases = Vec::with_capacity(entries.len());
    for (url, entry) in entries {
        let doc = read_page(dir, &entry.file, &url);
        cases.push(ExtractionCase { url, file: entry.file, with: entry.with, without: entry.without, doc });
    }
    Ok(cases)
}

/// Reads one page of a data set (`eval/` or `cache/`, gzip-compressed) through the ingest
/// stage, as an HTML document with its URL.
pub fn read_page(dir: &Path, file: &str, url: &str) -> Result<RawDoc, String> {
    let path = ["eval", "cache"]
        .iter()
        .map(|folder| dir.join(folder).join(format!("{file}.gz")))
        .find(|path| path.is_file())
        .ok_or_else(|| format!("{file}.gz is in neither eval/ nor cache/"))?;
    read_html(&path, url)
}

fn read_html(path: &Path, url: &str) -> Result<RawDoc, String> {
    let (files, rejections, _) = list_inputs(&[PathBuf::from(path)]);
    if let Some(rejection) = rejections.first() {
        return Err(rejection.reason.to_string());
    }
    let file = files.first().ok_or_else(|| format!("{} was not listed", path.display()))?;
    let mut outcome = read_input(file, &IngestConfig::default());
    if let Some(rejection) = outcome.rejections.first() {
        return Err(rejection.reason.to_string());
    }
    let mut doc = outcome.docs.pop().ok_or_else(|| format!("{} yielded no document", path.display()))?;
    doc.url = Some(url.to_string());
    doc.id = parallax_model::ArticleId(url.into());
    Ok(doc)
}

/// True/false positives and negatives, with the scores derived from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Confusion {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
}

impl Confusion {
    pub fn add(&mut self, other: Confusion) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
        self.tn += other.tn;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    pub fn accuracy(&self) -> f64 {
        ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_)
    }

    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    pub fn scores(&self) -> Scores {
        Scores {
            precision: self.precision(),
            recall: self.recall(),
            accuracy: self.accuracy(),
            f1: self.f1(),
            tp: self.tp,
            fp: self.fp,
            fn_: self.fn_,
            tn: self.tn,
        }
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 { 0.0 } else { numerator as f64 / denominator as f64 }
}

/// Scores as reported.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub accuracy: f64,
    pub f1: f64,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub tn: usize,
}

/// Collapses every run of whitespace to one space and trims, as trafilatura's `norm`.
pub fn normalize_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Scores one extracted text (`None`: nothing extracted) against a page's snippets.
pub fn score_text(text: Option<&str>, with: &[String], without: &[String]) -> Confusion {
    let Some(text) = text.map(normalize_whitespace) else {
        return Confusion { fn_: with.len(), tn: without.len(), ..Confusion::default() };
    };
    let tp = with.iter().filter(|s| text.contains(&normalize_whitespace(s))).count();
    let fp = without.iter().filter(|s| text.contains(&normalize_whitespace(s))).count();
    Confusion { tp, fp, fn_: with.len() - tp, tn: without.len() - fp }
}

/// The text of an article that is scored: its paragraphs, one per line.
pub fn article_text(article: &CleanArticle) -> String {
    article.paragraphs.join("\n")
}

/// The result of one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageResult {
    pub url: String,
    pub file: String,
    pub language: String,
    pub counts: Confusion,
    /// Why the page yielded no article, if it did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
    /// "with" snippets not found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// "without" snippets found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unwanted: Vec<String>,
}

/// Scores for one language.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageScores {
    pub language: String,
    pub n_pages: usize,
    pub scores: Scores,
}

/// The result of an extraction evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct ExtractionEvaluation {
    pub n_pages: usize,
    pub n_with: usize,
    pub n_without: usize,
    pub overall: Scores,
    /// The same text with the article's title on a first line.
    pub overall_with_title: Scores,
    pub per_language: Vec<LanguageScores>,
    /// Wall time of cleaning all pages, one after the other on one thread.
    pub seconds: f64,
    pub pages_per_second: f64,
    pub pages: Vec<PageResult>,
}

/// Cleans every page (timed, one thread) and scores the texts.
pub fn evaluate_extraction(cases: &[ExtractionCase], config: &CleanConfig) -> ExtractionEvaluation {
    let start = Instant::now();
    let outcomes: Vec<Result<CleanArticle, String>> = cases
        .iter()
        .map(|case| match &case.doc {
            Ok(doc) => parallax_text::clean(doc, config).map_err(|r| r.reason.to_string()),
            Err(message) => Err(message.clone()),
        })
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    let mut overall = Confusion::default();
    let mut with_title = Confusion::default();
    let mut by_language: BTreeMap<String, (usize, Confusion)> = BTreeMap::new();
    let mut pages = Vec::with_capacity(cases.len());
    for (case, outcome) in cases.iter().zip(&outcomes) {
        let text = outcome.as_ref().ok().map(article_text);
        let counts = score_text(text.as_deref(), &case.with, &case.without);
        let titled =
            outcome.as_ref().ok().map(|a| format!("{}\n{}", a.title.as_deref().unwrap_or(""), article_text(a)));
        with_title.add(score_text(titled.as_deref(), &case.with, &case.without));
        overall.add(counts);
        let language = page_language(case, outcome.as_ref().ok());
        let entry = by_language.entry(language.clone()).or_default();
        entry.0 += 1;
        entry.1.add(counts);
        let normalized = text.as_deref().map(normalize_whitespace).unwrap_or_default();
        let found = |s: &String| text.is_some() && normalized.contains(&normalize_whitespace(s));
        pages.push(PageResult {
            url: case.url.clone(),
            file: case.file.clone(),
            language,
            counts,
            rejected: outcome.as_ref().err().cloned(),
            missing: case.with.iter().filter(|s| !found(s)).cloned().collect(),
            unwanted: case.without.iter().filter(|s| found(s)).cloned().collect(),
        });
    }
    let mut per_language: Vec<LanguageScores> = by_language
        .into_iter()
        .map(|(language, (n_pages, counts))| LanguageScores { language, n_pages, scores: counts.scores() })
        .collect();
    per_language.sort_by(|a, b| b.n_pages.cmp(&a.n_pages).then_with(|| a.language.cmp(&b.language)));
    ExtractionEvaluation {
        n_pages: cases.len(),
        n_with: cases.iter().map(|c| c.with.len()).sum(),
        n_without: cases.iter().map(|c| c.without.len()).sum(),
        overall: overall.scores(),
        overall_with_title: with_title.scores(),
        per_language,
        seconds,
        pages_per_second: if seconds > 0.0 { cases.len() as f64 / seconds } else { 0.0 },
        pages,
    }
}

/// The language of a page: what cleaning detected in its text, else the `lang` attribute of
/// its `<html>` element, else `"unknown"`.
fn page_language(case: &ExtractionCase, article: Option<&CleanArticle>) -> String {
    article
        .and_then(|a| a.language.clone())
        .or_else(|| case.doc.as_ref().ok().and_then(|doc| html_lang(&doc.body)))
        .unwrap_or_else(|| "unknown".to_string())
}

/// The primary subtag of `<html lang="…">`, lower-cased.
pub fn html_lang(html: &str) -> Option<String> {
    let lower = html.get(..html.len().min(20_000)).unwrap_or(html).to_ascii_lowercase();
    let start = lower.find("<html")?;
    let tag_end = lower[start..].find('>')? + start;
    let tag = &lower[start..tag_end];
    let at = tag.find(" lang=").or_else(|| tag.find(" xml:lang="))?;
    let value = tag[at..].split_once('=')?.1.trim_start_matches(['"', '\'']);
    let code: String = value.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    (2..=3).contains(&code.len()).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn scores_as_trafilatura_does() {
        let with = strings(&["first  line", "missing"]);
        let without = strings(&["Impressum", "Share"]);
        let counts = score_text(Some("The first\nline of text.\nImpressum"), &with, &without);
        assert_eq!(counts, Confusion { tp: 1, fp: 1, fn_: 1, tn: 1 });
        let nothing = score_text(None, &with, &without);
        assert_eq!(nothing, Confusion { tp: 0, fp: 0, fn_: 2, tn: 2 });
        assert!((counts.f1() - 0.5).abs() < 1e-9);
    }

    /// The benchmark in `../shared/data`, when it is there.
    fn shared_benchmark(relative: &str) -> Option<std::path::PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(relative);
        if dir.is_dir() {
            Some(dir)
        } else {
            eprintln!("skipping: {} is absent", dir.display());
            None
        }
    }

    #[test]
    fn scores_on_the_first_pages_of_the_benchmark() {
        let Some(dir) = shared_benchmark("extraction/trafilatura-eval") else { return };
        let cases = load(&dir).expect("loads");
        assert_eq!(cases.len(), 990);
        let evaluation = evaluate_extraction(&cases[..100], &CleanConfig::default());
        assert!(evaluation.overall.f1 > 0.88, "{:?}", evaluation.overall);
        assert!(evaluation.overall.precision > 0.88, "{:?}", evaluation.overall);
    }

    #[test]
    fn lang_attribute() {
        assert_eq!(html_lang("<!DOCTYPE html><HTML LANG=\"de-DE\"><head>").as_deref(), Some("de"));
        assert_eq!(html_lang("<html xml:lang='fr' lang='fr'>").as_deref(), Some("fr"));
        assert_eq!(html_lang("<html><body lang=\"en\">"), None);
    }
}
