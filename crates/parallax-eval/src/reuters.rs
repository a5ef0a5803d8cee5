//! Reuters-21578 (SGML): dated newswire stories, used as a throughput corpus.

use std::path::Path;
use std::sync::LazyLock;

use parallax_model::Day;
use regex::Regex;

use crate::EvalError;

/// One Reuters story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReutersDoc {
    pub id: String,
    pub date: Option<Day>,
    pub title: String,
    pub body: String,
}

static STORY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?s)<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>"#).expect("valid regex"));
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<DATE>\s*(\d{1,2})-([A-Z]{3})-(\d{4})").expect("valid regex"));
static TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<TITLE>(.*?)</TITLE>").expect("valid regex"));
static BODY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<BODY>(.*?)</BODY>").expect("valid regex"));

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/// Loads every story with a body from the `reut2-*.sgm` files in `dir`, in file order.
pub fn load(dir: &Path) -> Result<Vec<ReutersDoc>, EvalError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| EvalError::Missing { path: dir.display().to_string(), message: e.to_string() })?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sgm"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(EvalError::Missing { path: dir.display().to_string(), message: "no .sgm files".into() });
    }
    let mut docs = Vec::new();
    for file in files {
        let bytes =
            std::fs::read(&file).map_err(|source| EvalError::Read { path: file.display().to_string(), source })?;
        let text = String::from_utf8_lossy(&bytes);
        for story in STORY.captures_iter(&text) {
            let inner = &story[2];
            let Some(body) = BODY.captures(inner).map(|c| unwrap_lines(&unescape(&c[1]))) else { continue };
            let date = DATE.captures(inner).and_then(|c| {
                let month = MONTHS.iter().position(|m| *m == &c[2])? as u32 + 1;
                Day::from_ymd_opt(c[3].parse().ok()?, month, c[1].parse().ok()?)
            });
            let title = TITLE.captures(inner).map(|c| unescape(&c[1])).unwrap_or_default();
            docs.push(ReutersDoc { id: format!("reuters-{}", &story[1]), date, title, body });
        }
    }
    Ok(docs)
}

/// The wire text is wrapped at about 70 columns, and a paragraph starts on an indented line:
/// one line per paragraph, as cleaning expects of plain text.
fn unwrap_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let starts_paragraph = line.starts_with([' ', '\t']);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(if starts_paragraph { '\n' } else { ' ' });
        }
        out.push_str(line);
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&#3;", "").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_become_paragraphs() {
        let text = "Argentine grain board figures show\ncrop registrations.\n    Maize Mar 48.0,\ntotal 48.0 (nil).\n Reuter\n";
        assert_eq!(
            unwrap_lines(text),
            "Argentine grain board figures show crop registrations.\nMaize Mar 48.0, total 48.0 (nil).\nReuter"
        );
    }
}
