//! ECB+ (Cybulska & Vossen 2014): one XML file of tokens per news article; the gold event of a
//! document is its topic folder plus the `ecb` / `ecbplus` suffix of its file name.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::EvalError;

/// One ECB+ document, its text rebuilt from tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcbDocument {
    /// File name without extension, e.g. `1_10ecbplus`.
    pub name: String,
    pub topic: u32,
    /// `"{topic}ecb"` or `"{topic}ecbplus"`.
    pub gold_event: String,
    /// One paragraph per sentence.
    pub paragraphs: Vec<String>,
    /// The page's address, where the document opens with it (ECB+'s own documents do).
    pub url: Option<String>,
}

static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<token\b[^>]*\bsentence="(\d+)"[^>]*>([^<]*)</token>"#).expect("valid regex"));

/// Loads every document of the topics in `1..=max_topic` under `dir` (the folder holding
/// `ECB+/`, or `ECB+/` itself), sorted by topic and name.
pub fn load(dir: &Path, max_topic: u32) -> Result<Vec<EcbDocument>, EvalError> {
    let root = if dir.join("ECB+").is_dir() { dir.join("ECB+") } else { dir.to_path_buf() };
    let entries = std::fs::read_dir(&root)
        .map_err(|e| EvalError::Missing { path: root.display().to_string(), message: e.to_string() })?;
    let mut files: Vec<(u32, PathBuf)> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let Ok(topic) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        if topic == 0 || topic > max_topic {
            continue;
        }
        let inner = std::fs::read_dir(entry.path())
            .map_err(|source| EvalError::Read { path: entry.path().display().to_string(), source })?;
        for file in inner.filter_map(Result::ok) {
            if file.path().extension().is_some_and(|e| e == "xml") {
                files.push((topic, file.path()));
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(EvalError::Missing {
            path: root.display().to_string(),
            message: "no topic folders with XML files".into(),
        });
    }
    files.iter().map(|(topic, path)| read_document(*topic, path)).collect()
}

fn read_document(topic: u32, path: &Path) -> Result<EcbDocument, EvalError> {
    let xml =
        std::fs::read_to_string(path).map_err(|source| EvalError::Read { path: path.display().to_string(), source })?;
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let suffix = if name.ends_with("ecbplus") {
        "ecbplus"
    } else if name.ends_with("ecb") {
        "ecb"
    } else {
        return Err(EvalError::Format {
            path: path.display().to_string(),
            message: "file name ends in neither ecb nor ecbplus".into(),
        });
    };
    let mut sentences: Vec<(u32, Vec<String>)> = Vec::new();
    for capture in TOKEN.captures_iter(&xml) {
        let sentence: u32 = capture[1].parse().unwrap_or(0);
        let token = unescape(&capture[2]);
        match sentences.last_mut() {
            Some((current, tokens)) if *current == sentence => tokens.push(token),
            _ => sentences.push((sentence, vec![token])),
        }
    }
    // ECB+'s own documents open with the page's address, split into tokens and run into the
    // first sentence ("http : / / … . stm Last Updated : … Ten dead in …"): the address is
    // the document's URL (as an ingested page's would be), the words after it its text.
    let url = sentences.first_mut().and_then(|(_, first)| take_address(first));
    let paragraphs = sentences
        .into_iter()
        .filter(|(_, tokens)| !tokens.is_empty())
        .map(|(_, tokens)| detokenize(&tokens))
        .filter(|text| !looks_like_url(text))
        .collect();
    Ok(EcbDocument { gold_event: format!("{topic}{suffix}"), name, topic, paragraphs, url })
}

/// Removes the address that `tokens` open with, if they do, and returns it joined again.
fn take_address(tokens: &mut Vec<String>) -> Option<String> {
    if !tokens.first().is_some_and(|t| t.starts_with("http")) {
        return None;
    }
    let length = url_length(tokens);
    Some(tokens.drain(..length).collect())
}

/// How many leading tokens make up an address split by the tokenizer ("http : / / a . com /
/// x"): each token after the first is a separator or follows one.
fn url_length(tokens: &[String]) -> usize {
    let separator = |t: &str| t.len() == 1 && "/.-_:=?&#%~+,".contains(t);
    let mut length = 1;
    while length < tokens.len() && (separator(&tokens[length]) || separator(&tokens[length - 1])) {
        length += 1;
    }
    length
}

fn looks_like_url(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("http") || lower.contains("www.") || (lower.contains(".com") && !lower.contains(' '))
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Joins tokens into text: no space before closing punctuation and clitics, none after
/// opening brackets; straight double quotes alternate between opening and closing. A hyphen
/// between two words and a point, colon or slash between two numbers were split off by the
/// tokenizer ("free - agent", "5 . 9", "8 : 20", "11 / 28 / 05"): they are joined again.
pub fn detokenize(tokens: &[String]) -> String {
    let mut text = String::new();
    let mut quote_open = false;
    let mut glue_next = false;
    for (index, token) in tokens.iter().enumerate() {
        let t = token.as_str();
        let previous = index.checked_sub(1).map_or("", |i| tokens[i].as_str());
        let next = tokens.get(index + 1).map_or("", String::as_str);
        let ends_alphanumeric = |s: &str| s.chars().last().is_some_and(char::is_alphanumeric);
        let starts_alphanumeric = |s: &str| s.chars().next().is_some_and(char::is_alphanumeric);
        let ends_digit = |s: &str| s.chars().last().is_some_and(|c| c.is_ascii_digit());
        let starts_digit = |s: &str| s.chars().next().is_some_and(|c| c.is_ascii_digit());
        let inner = (t == "-" && ends_alphanumeric(previous) && starts_alphanumeric(next))
            || (matches!(t, "." | ":" | "/") && ends_digit(previous) && starts_digit(next));
        if inner {
            text.push_str(t);
            glue_next = true;
            continue;
        }
        let closing = matches!(
            t,
            "," | "."
                | ";"
                | ":"
                | "!"
                | "?"
                | ")"
                | "]"
                | "%"
                | "'s"
                | "n't"
                | "'re"
                | "'ve"
                | "'ll"
                | "'d"
                | "'m"
                | "''"
        ) || (t == "\"" && quote_open);
        if !text.is_empty() && !closing && !glue_next {
            text.push(' ');
        }
        text.push_str(t);
        glue_next = matches!(t, "(" | "[" | "$" | "``") || (t == "\"" && !quote_open);
        if t == "\"" {
            quote_open = !quote_open;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detokenizes() {
        let tokens: Vec<String> = ["He", "said", "\"", "no", "\"", "(", "twice", ")", ",", "did", "n't", "he", "?"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        assert_eq!(detokenize(&tokens), "He said \"no\" (twice), didn't he?");
        let tokens: Vec<String> = [
            "A", "5", ".", "9", "quake", "at", "8", ":", "20", "on", "11", "/", "28", "/", "05", "hit", "free", "-",
            "agent", ".",
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
        assert_eq!(detokenize(&tokens), "A 5.9 quake at 8:20 on 11/28/05 hit free-agent.");
    }

    #[test]
    fn an_address_run_into_the_first_sentence_ends_at_the_first_word_after_it() {
        let tokens: Vec<String> =
            "http : / / news . bbc . co . uk / 2 / middle _ east / 44 . stm Last Updated : Monday"
                .split(' ')
                .map(str::to_string)
                .collect();
        assert_eq!(url_length(&tokens), 21);
        assert_eq!(tokens[url_length(&tokens)], "Last");
        let mut taken = tokens.clone();
        assert_eq!(take_address(&mut taken).as_deref(), Some("http://news.bbc.co.uk/2/middle_east/44.stm"));
        assert_eq!(taken.first().map(String::as_str), Some("Last"));
        assert_eq!(take_address(&mut taken), None);
        let alone: Vec<String> = ["http", ":", "/", "/", "a", ".", "com"].iter().map(|s| (*s).to_string()).collect();
        assert_eq!(url_length(&alone), alone.len());
    }
}
