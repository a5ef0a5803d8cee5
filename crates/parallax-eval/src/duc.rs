//! DUC 2006 (`../shared/data/summaries/duc2006`): 50 topics of 25 newswire documents each
//! (`duc2006_docs/`, SGML), the topic statements (`duc2006_topics.sgml`), four human summaries
//! per topic (`NISTeval/ROUGE/models/`), every submitted summary (`NISTeval/ROUGE/peers/`) and
//! the official jackknifed ROUGE averages (`rouge2.jk.m.avg`, `rougeSU4.jk.m.avg`).
//!
//! [`validate_scorer`] scores every submitted summary with [`crate::rouge`] the way NIST did and
//! sets the result beside the official numbers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use parallax_model::Day;
use regex::Regex;
use serde::Serialize;

use crate::EvalError;
use crate::rouge::{Recall, ScoredText, TokenConfig, bootstrap_mean, jackknife, jackknife_model};

/// One topic: what the summary should be about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DucTopic {
    /// The document set, as in `duc2006_docs/` ("D0601A").
    pub id: String,
    pub title: String,
    pub narrative: String,
}

impl DucTopic {
    /// The key of the topic's summaries: "D0601A" → "D0601.M.250.A".
    pub fn summary_key(&self) -> String {
        let (number, assessor) = self.id.split_at(self.id.len().saturating_sub(1));
        format!("{number}.M.250.{assessor}")
    }
}

/// One newswire document of a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DucDocument {
    /// The DOCNO ("APW19990707.0181"), in which the date and a sequence number are written.
    pub id: String,
    pub date: Option<Day>,
    pub headline: Option<String>,
    pub paragraphs: Vec<String>,
}

/// The summaries of one folder (models or peers): topic key → summarizer id → lines.
pub type SummaryFiles = BTreeMap<String, BTreeMap<String, Vec<String>>>;

static TOPIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<topic>\s*<num>\s*(\S+)\s*</num>\s*<title>(.*?)</title>\s*<narr>(.*?)</narr>")
        .expect("valid regex")
});
static DOCNO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<DOCNO>\s*(\S+)\s*</DOCNO>").expect("valid regex"));
static HEADLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<HEADLINE>(.*?)</HEADLINE>").expect("valid regex"));
static TEXT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<TEXT>(.*?)</TEXT>").expect("valid regex"));
static ANNOTATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<ANNOTATION>.*?</ANNOTATION>").expect("valid regex"));
static PARAGRAPH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<P>(.*?)</P>").expect("valid regex"));
static ENTITY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"&[A-Za-z0-9#]+;").expect("valid regex"));
static INDENTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\n[ \t]+").expect("valid regex"));
static OFFICIAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^(\S+)\s+([0-9.]+)\s+\(95%-conf").expect("valid regex"));

fn read(path: &Path) -> Result<String, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Read { path: path.display().to_string(), source })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, EvalError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| EvalError::Missing { path: dir.display().to_string(), message: e.to_string() })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    Ok(paths)
}

/// The topics of `duc2006_topics.sgml`, in file order.
pub fn load_topics(path: &Path) -> Result<Vec<DucTopic>, EvalError> {
    let text = read(path)?;
    let topics: Vec<DucTopic> = TOPIC
        .captures_iter(&text)
        .map(|c| DucTopic { id: c[1].to_string(), title: squash(&c[2]), narrative: squash(&c[3]) })
        .collect();
    if topics.is_empty() {
        return Err(EvalError::Format { path: path.display().to_string(), message: "no <topic> found".into() });
    }
    Ok(topics)
}

/// White space collapsed to single spaces, trimmed.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The documents of one topic folder, sorted by DOCNO.
pub fn load_cluster(dir: &Path) -> Result<Vec<DucDocument>, EvalError> {
    let mut documents = Vec::new();
    for path in sorted_entries(dir)? {
        let text = read(&path)?;
        let Some(document) = parse_document(&text) else {
            return Err(EvalError::Format { path: path.display().to_string(), message: "no DOCNO or TEXT".into() });
        };
        documents.push(document);
    }
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(documents)
}

/// One SGML document: paragraphs from `<P>` elements, or else from indented lines.
pub fn parse_document(text: &str) -> Option<DucDocument> {
    let id = DOCNO.captures(text)?[1].to_string();
    let body = TEXT.captures(text)?[1].to_string();
    let body = ANNOTATION.replace_all(&body, " ");
    let body = unescape(&body);
    let pieces: Vec<String> = if body.contains("<P>") {
        PARAGRAPH.captures_iter(&body).map(|c| c[1].to_string()).collect()
    } else {
        INDENTED.split(&format!("\n{body}")).map(str::to_string).collect()
    };
    let paragraphs: Vec<String> = pieces.iter().map(|p| squash(p)).filter(|p| !p.is_empty()).collect();
    let headline = HEADLINE.captures(text).map(|c| squash(&unescape(&c[1]))).filter(|h| !h.is_empty());
    Some(DucDocument { date: date_of_docno(&id), id, headline, paragraphs })
}

/// SGML entities: `&AMP;` and the like become their character, the typesetting codes of the
/// wire (`&QL;`, `&HT;`, `&Cx1f;` …) a space.
fn unescape(text: &str) -> String {
    ENTITY
        .replace_all(text, |c: &regex::Captures<'_>| match &c[0] {
            "&AMP;" | "&amp;" => "&",
            "&lt;" => "<",
            "&gt;" => ">",
            _ => " ",
        })
        .into_owned()
}

/// "APW19990707.0181" → 1999-07-07.
fn date_of_docno(docno: &str) -> Option<Day> {
    let digits = docno.get(3..11)?;
    Day::from_ymd_opt(digits.get(0..4)?.parse().ok()?, digits.get(4..6)?.parse().ok()?, digits.get(6..8)?.parse().ok()?)
}

/// Every summary file of a folder (`D0601.M.250.A.B` …), one entry per line of text.
pub fn load_summaries(dir: &Path) -> Result<SummaryFiles, EvalError> {
    let mut summaries = SummaryFiles::new();
    for path in sorted_entries(dir)? {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        let Some((key, summarizer)) = name.rsplit_once('.') else { continue };
        let lines = read(&path)?.lines().map(str::to_string).collect();
        summaries.entry(key.to_string()).or_default().insert(summarizer.to_string(), lines);
    }
    if summaries.is_empty() {
        return Err(EvalError::Missing { path: dir.display().to_string(), message: "no summary files".into() });
    }
    Ok(summaries)
}

/// An official average file (`rouge2.jk.m.avg`): summarizer id → score.
pub fn load_official(path: &Path) -> Result<BTreeMap<String, f64>, EvalError> {
    let text = read(path)?;
    let scores: BTreeMap<String, f64> =
        OFFICIAL.captures_iter(&text).filter_map(|c| Some((c[1].to_string(), c[2].parse().ok()?))).collect();
    if scores.is_empty() {
        return Err(EvalError::Format { path: path.display().to_string(), message: "no scores".into() });
    }
    Ok(scores)
}

/// The prepared human summaries of every topic: topic key → (human id, prepared text).
pub fn prepare_models(models: &SummaryFiles) -> BTreeMap<String, Vec<(String, ScoredText)>> {
    let config = TokenConfig::default();
    models
        .iter()
        .map(|(key, humans)| {
            let prepared = humans.iter().map(|(id, lines)| (id.clone(), ScoredText::new(lines, &config))).collect();
            (key.clone(), prepared)
        })
        .collect()
}

/// One summarizer's jackknifed scores beside the official ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerRow {
    pub summarizer: String,
    pub n_evaluations: usize,
    /// Plain mean over evaluations.
    pub ours: Recall,
    /// The mean as ROUGE-1.5.5 reports it (bootstrap resampling, Perl's generator).
    pub ours_resampled: Recall,
    pub official: Recall,
}

/// The scorer checked against NIST's numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorerValidation {
    pub rows: Vec<PeerRow>,
    /// Largest |ours − official| over summarizers and both measures, plain mean.
    pub max_abs_diff: f64,
    /// The same for the resampled mean.
    pub max_abs_diff_resampled: f64,
}

/// Scores every submitted summary (systems and humans) with NIST's jackknifing: a system is
/// scored once per human left out, against the other three; a human only against the three
/// others. Averages over evaluations, set beside the official averages.
pub fn validate_scorer(data: &Path) -> Result<ScorerValidation, EvalError> {
    let root = data.join("NISTeval/ROUGE");
    let models = prepare_models(&load_summaries(&root.join("models"))?);
    let peers = load_summaries(&root.join("peers"))?;
    let official2 = load_official(&root.join("rouge2.jk.m.avg"))?;
    let official_su4 = load_official(&root.join("rougeSU4.jk.m.avg"))?;
    let config = TokenConfig::default();
    // summarizer → (evaluation id, recall) for every evaluation it takes part in.
    let mut evaluations: BTreeMap<String, Vec<(String, Recall)>> = BTreeMap::new();
    for (key, topic_peers) in &peers {
        let Some(topic_models) = models.get(key) else { continue };
        let model_refs: Vec<&ScoredText> = topic_models.iter().map(|(_, m)| m).collect();
        for (summarizer, lines) in topic_peers {
            let scored = ScoredText::new(lines, &config);
            if let Some(index) = topic_models.iter().position(|(id, _)| id == summarizer) {
                let mut with_own: Vec<&ScoredText> = model_refs.clone();
                with_own[index] = &scored;
                let recall = jackknife_model(&with_own, index);
                evaluations.entry(summarizer.clone()).or_default().push((format!("{key}-{summarizer}"), recall));
            } else {
                for (recall, (left_out, _)) in jackknife(&scored, &model_refs).into_iter().zip(topic_models) {
                    evaluations.entry(summarizer.clone()).or_default().push((format!("{key}-{left_out}"), recall));
                }
            }
        }
    }
    let mut rows = Vec::new();
    for (summarizer, scores) in &evaluations {
        let (Some(o2), Some(osu4)) = (official2.get(summarizer), official_su4.get(summarizer)) else { continue };
        let recalls: Vec<Recall> = scores.iter().map(|(_, r)| *r).collect();
        let by_id = |f: fn(&Recall) -> f64| -> Vec<(String, f64)> {
            scores.iter().map(|(id, r)| (format!("{id}.{summarizer}"), f(r))).collect()
        };
        let ours_resampled = Recall {
            rouge2: bootstrap_mean(&by_id(|r| r.rouge2), 1000),
            rouge_su4: bootstrap_mean(&by_id(|r| r.rouge_su4), 1000),
        };
        rows.push(PeerRow {
            summarizer: summarizer.clone(),
            n_evaluations: scores.len(),
            ours: Recall::mean(&recalls),
            ours_resampled,
            official: Recall { rouge2: *o2, rouge_su4: *osu4 },
        });
    }
    if rows.is_empty() {
        return Err(EvalError::Format { path: root.display().to_string(), message: "no summarizer scored".into() });
    }
    rows.sort_by(|a, b| b.official.rouge2.total_cmp(&a.official.rouge2).then_with(|| a.summarizer.cmp(&b.summarizer)));
    let diff = |ours: fn(&PeerRow) -> Recall| {
        rows.iter()
            .flat_map(|r| {
                let o = ours(r);
                [(o.rouge2 - r.official.rouge2).abs(), (o.rouge_su4 - r.official.rouge_su4).abs()]
            })
            .fold(0.0, f64::max)
    };
    let max_abs_diff = diff(|r| r.ours);
    let max_abs_diff_resampled = diff(|r| r.ours_resampled);
    Ok(ScorerValidation { rows, max_abs_diff, max_abs_diff_resampled })
}

/// The validation as a table: one line per summarizer, ours beside the official score.
pub fn render_validation(validation: &ScorerValidation) -> String {
    let mut out = String::new();
    out.push_str("DUC 2006 scorer check: ROUGE-1.5.5 -n 2 -m -2 4 -u -f A, jackknifed; every submitted summary\n");
    out.push_str("summarizer  evals   ROUGE-2: ours   official     diff | ROUGE-SU4: ours   official     diff\n");
    // Rounded to the printed precision, so that -0.000004 shows as +0.00000.
    let diff = |ours: f64, official: f64| ((ours - official) * 1e5).round() / 1e5 + 0.0;
    for row in &validation.rows {
        out.push_str(&format!(
            "{:>10}  {:>5}   {:>13.5} {:>10.5} {:>+8.5} | {:>15.5} {:>10.5} {:>+8.5}\n",
            row.summarizer,
            row.n_evaluations,
            row.ours_resampled.rouge2,
            row.official.rouge2,
            diff(row.ours_resampled.rouge2, row.official.rouge2),
            row.ours_resampled.rouge_su4,
            row.official.rouge_su4,
            diff(row.ours_resampled.rouge_su4, row.official.rouge_su4),
        ));
    }
    out.push_str(&format!(
        "max |ours - official|: {:.6} with ROUGE's bootstrap average, {:.6} with the plain mean over evaluations\n",
        validation.max_abs_diff_resampled, validation.max_abs_diff
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_documents_with_and_without_paragraph_tags() {
        let tagged = "<DOC>\n<DOCNO> APW19990707.0181 </DOCNO>\n<HEADLINE> A &AMP; B </HEADLINE>\n<TEXT>\n<P>\n\tOne \
                      line\nand more. &QL;\n</P>\n<ANNOTATION> (CAN END HERE) </ANNOTATION>\n<P>Two.</P>\n</TEXT>";
        let document = parse_document(tagged).expect("document");
        assert_eq!(document.id, "APW19990707.0181");
        assert_eq!(document.date, Day::from_ymd_opt(1999, 7, 7));
        assert_eq!(document.headline.as_deref(), Some("A & B"));
        assert_eq!(document.paragraphs, ["One line and more.", "Two."]);
        let indented = "<DOCNO> NYT19980612.0403 </DOCNO>\n<TEXT>\n\t   First para\ncontinues.\n\t   Second.\n</TEXT>";
        let document = parse_document(indented).expect("document");
        assert_eq!(document.paragraphs, ["First para continues.", "Second."]);
    }

    #[test]
    fn topic_keys_and_official_lines() {
        let topic = DucTopic { id: "D0601A".into(), title: String::new(), narrative: String::new() };
        assert_eq!(topic.summary_key(), "D0601.M.250.A");
        let captures = OFFICIAL.captures("24 0.09505 (95%-conf.int. 0.09093 - 0.09914)").expect("line");
        assert_eq!((&captures[1], &captures[2]), ("24", "0.09505"));
    }
}
