//! PolNeAR (Newell, Margolin & Ruths, LREC 2018): political news annotated with attribution
//! relations in brat standoff.
//!
//! A split folder (`train/`, `dev/`) holds `text/NAME.txt` and `attributions/NAME_ANNOTATOR.ann`.
//! In an `.ann` file, `T` lines are spans (`T3<TAB>Content 115 290;300 310<TAB>text`, offsets in
//! characters, `;` between the pieces of a discontinuous span) and `E` lines link a `Source`, a
//! `Cue` and a `Content` into one attribution (`E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`;
//! `Attribution-no-source` when the source is not named). A span's text may run over several
//! lines; those lines, annotator notes and the `Discard` and `Discuss` labels are skipped.
//! Articles annotated by several annotators are read once, from the first annotation file in
//! name order.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use crate::EvalError;

/// One attribution: byte ranges into the article text, each role possibly in pieces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    pub source: Vec<Range<usize>>,
    pub cue: Vec<Range<usize>>,
    pub content: Vec<Range<usize>>,
}

/// One article with its gold attributions.
#[derive(Debug, Clone)]
pub struct AnnotatedArticle {
    /// The text file's name without extension.
    pub name: String,
    pub text: String,
    pub attributions: Vec<Attribution>,
}

/// Loads every annotated article of a PolNeAR split folder, in name order.
pub fn load(dir: &Path) -> Result<Vec<AnnotatedArticle>, EvalError> {
    let attributions_dir = dir.join("attributions");
    let text_dir = dir.join("text");
    let entries = std::fs::read_dir(&attributions_dir)
        .map_err(|e| EvalError::Missing { path: attributions_dir.display().to_string(), message: e.to_string() })?;
    let mut files: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".ann"))
        .collect();
    files.sort();
    // Article name → its first annotation file.
    let mut chosen: BTreeMap<String, String> = BTreeMap::new();
    for file in files {
        let stem = file.trim_end_matches(".ann");
        let name = stem.rsplit_once('_').map_or(stem, |(name, _annotator)| name).to_string();
        chosen.entry(name).or_insert(file);
    }
    let mut articles = Vec::with_capacity(chosen.len());
    for (name, file) in chosen {
        let text_path = text_dir.join(format!("{name}.txt"));
        let text = read(&text_path)?;
        let ann_path = attributions_dir.join(&file);
        let attributions = parse_annotations(&read(&ann_path)?, &text)
            .map_err(|message| EvalError::Format { path: ann_path.display().to_string(), message })?;
        articles.push(AnnotatedArticle { name, text, attributions });
    }
    Ok(articles)
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Read { path: path.display().to_string(), source })
}

/// Parses brat standoff into attributions with byte ranges into `text`.
pub fn parse_annotations(ann: &str, text: &str) -> Result<Vec<Attribution>, String> {
    let byte_at = char_to_byte(text);
    let mut spans: BTreeMap<&str, Vec<Range<usize>>> = BTreeMap::new();
    let mut links: Vec<Vec<(&str, &str)>> = Vec::new();
    for line in ann.lines() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else { continue };
        let numbered = id.len() > 1 && id[1..].bytes().all(|b| b.is_ascii_digit());
        if !numbered {
            continue;
        }
        if id.starts_with('T') {
            let Some((label, offsets)) = body.split_once(' ') else { continue };
            if !matches!(label, "Source" | "Cue" | "Content") {
                continue;
            }
            let mut ranges = Vec::new();
            for piece in offsets.split(';') {
                let (start, end) =
                    piece.trim().split_once(' ').ok_or_else(|| format!("{id}: bad offsets `{piece}`"))?;
                let parse = |v: &str| v.parse::<usize>().map_err(|_| format!("{id}: bad offset `{v}`"));
                let (start, end) = (parse(start)?, parse(end)?);
                let (Some(&start), Some(&end)) = (byte_at.get(start), byte_at.get(end)) else {
                    return Err(format!("{id}: offsets {start}-{end} beyond the text"));
                };
                if start < end {
                    ranges.push(start..end);
                }
            }
            spans.insert(id, ranges);
        } else if id.starts_with('E') {
            links.push(body.split_whitespace().filter_map(|pair| pair.split_once(':')).collect());
        }
    }
    let mut attributions = Vec::with_capacity(links.len());
    for link in links {
        let mut attribution = Attribution::default();
        for (role, target) in link {
            let ranges = spans.get(target).cloned().unwrap_or_default();
            match role {
                "Source" => attribution.source.extend(ranges),
                "Cue" => attribution.cue.extend(ranges),
                "Content" => attribution.content.extend(ranges),
                _ => {}
            }
        }
        if !(attribution.source.is_empty() && attribution.cue.is_empty() && attribution.content.is_empty()) {
            attributions.push(attribution);
        }
    }
    Ok(attributions)
}

/// Byte offset of every character offset, one past the end included.
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut offsets: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    offsets.push(text.len());
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standoff_with_pieces_and_characters() {
        let text = "“Ça va,” Tal said. “Très bien.”\nMore.";
        let ann = "T1\tSource 9 12\tTal\nT2\tCue 13 17\tsaid\nT3\tContent 0 8;19 31\t“Ça va,” “Très bien.”\n\
                   line of a span text that ran over\nT4\tAttribution 13 17\tsaid\n\
                   E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\nT5\tDiscard 32 37\tMore.\n#1\tAnnotatorNotes T1\tnote";
        let attributions = parse_annotations(ann, text).expect("parses");
        assert_eq!(attributions.len(), 1);
        let a = &attributions[0];
        let pieces: Vec<&str> = a.content.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(pieces, ["“Ça va,”", "“Très bien.”"]);
        assert_eq!(&text[a.source[0].clone()], "Tal");
        assert_eq!(&text[a.cue[0].clone()], "said");
    }
}
