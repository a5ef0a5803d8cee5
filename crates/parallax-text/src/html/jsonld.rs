//! JSON-LD (`<script type="application/ld+json">`): the article's headline, author, publisher
//! and its publication and modification days. Broken JSON, common on real pages, is read
//! key by key instead.

use std::sync::LazyLock;

use parallax_model::Day;
use regex::Regex;
use serde_json::Value;

use super::meta::parse_day;

/// What the page's linked data says about its article.
#[derive(Debug, Default)]
pub(crate) struct LinkedData {
    pub headline: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<Day>,
    pub modified: Option<Day>,
    /// The article's text, when the page gives it (`articleBody`).
    pub body: Option<String>,
}

/// Types of the things whose dates are the article's, most specific first.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "Article",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "Review",
    "Recipe",
    "Event",
    "VideoObject",
    "WebPage",
    "ItemPage",
];

static PUBLISHED_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""datePublished"\s*:\s*"([^"]{8,40})""#).expect("valid regex"));
static MODIFIED_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""dateModified"\s*:\s*"([^"]{8,40})""#).expect("valid regex"));

/// Keys under which page scripts (framework state, not JSON-LD) give a publication time.
static SCRIPT_PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""(?:datePublished|published_?[Aa]t|publish(?:ed)?_?[Dd]ate|pubDate|firstPublished(?:At)?|date_published|dateCreated|created_?[Aa]t)"\s*:\s*"([^"]{8,40})""#)
        .expect("valid regex")
});

/// The first publication time a page script states under a well-known key.
pub(crate) fn published_in_script(script: &str) -> Option<Day> {
    if !script.contains("ublish") && !script.contains("pubDate") && !script.contains("reated") {
        return None;
    }
    SCRIPT_PUBLISHED.captures(script).and_then(|c| c.get(1)).and_then(|m| parse_day(m.as_str()))
}

/// Reads every JSON-LD block of the page.
pub(crate) fn read_json_ld(blocks: &[&str]) -> LinkedData {
    let mut things: Vec<(usize, &serde_json::Map<String, Value>)> = Vec::new();
    let parsed: Vec<Value> =
        blocks.iter().filter_map(|block| serde_json::from_str::<Value>(block.trim()).ok()).collect();
    for value in &parsed {
        collect_things(value, &mut things, 0);
    }
    let mut data = LinkedData::default();
    things.sort_by_key(|(rank, _)| *rank);
    for (_, thing) in &things {
        if data.published.is_none() {
            data.published = thing.get("datePublished").and_then(Value::as_str).and_then(parse_day);
        }
        if data.modified.is_none() {
            data.modified = thing.get("dateModified").and_then(Value::as_str).and_then(parse_day);
        }
        if data.headline.is_none() {
            data.headline = thing
                .get("headline")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .map(str::to_string);
        }
        if data.author.is_none() {
            data.author = thing.get("author").and_then(name_of);
        }
        if data.publisher.is_none() {
            data.publisher = thing.get("publisher").and_then(name_of);
        }
        if data.body.is_none() {
            data.body = thing
                .get("articleBody")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .map(str::to_string);
        }
    }
    if data.published.is_none() {
        // Unparsable JSON-LD still names its dates.
        data.published = blocks
            .iter()
            .filter_map(|block| {
                PUBLISHED_KEY.captures(block).and_then(|c| c.get(1)).and_then(|m| parse_day(m.as_str()))
            })
            .next();
    }
    if data.modified.is_none() {
        data.modified = blocks
            .iter()
            .filter_map(|block| MODIFIED_KEY.captures(block).and_then(|c| c.get(1)).and_then(|m| parse_day(m.as_str())))
            .next();
    }
    data
}

/// Gathers the typed objects of a JSON-LD value (through arrays and `@graph`), ranked by
/// how surely their dates are the article's.
fn collect_things<'v>(value: &'v Value, things: &mut Vec<(usize, &'v serde_json::Map<String, Value>)>, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_things(item, things, depth + 1);
            }
        }
        Value::Object(object) => {
            if let Some(graph) = object.get("@graph") {
                collect_things(graph, things, depth + 1);
            }
            let types: Vec<&str> = match object.get("@type") {
                Some(Value::String(t)) => vec![t.as_str()],
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if let Some(rank) = types.iter().filter_map(|t| ARTICLE_TYPES.iter().position(|known| known == t)).min() {
                things.push((rank, object));
            }
            if let Some(main) = object.get("mainEntity").or_else(|| object.get("mainEntityOfPage")) {
                collect_things(main, things, depth + 1);
            }
        }
        _ => {}
    }
}

/// The name of an author or publisher: a string, an object with `name`, or the first of a list.
fn name_of(value: &Value) -> Option<String> {
    let name = match value {
        Value::String(name) => Some(name.as_str()),
        Value::Object(object) => object.get("name").and_then(Value::as_str),
        Value::Array(items) => return items.iter().find_map(name_of),
        _ => None,
    }?;
    let name = name.trim();
    (!name.is_empty() && !name.starts_with("http")).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_dates_and_names() {
        let block = r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
            {"@type":"NewsArticle","headline":"Bridge reopens","datePublished":"2021-03-04T08:00:00+01:00",
             "dateModified":"2021-03-05","author":[{"@type":"Person","name":"Ana Ruiz"}],"publisher":{"name":"Daily"}}]}"#;
        let data = read_json_ld(&[block]);
        assert_eq!(data.published.map(|d| d.to_string()).as_deref(), Some("2021-03-04"));
        assert_eq!(data.modified.map(|d| d.to_string()).as_deref(), Some("2021-03-05"));
        assert_eq!(data.headline.as_deref(), Some("Bridge reopens"));
        assert_eq!(data.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(data.publisher.as_deref(), Some("Daily"));
    }

    #[test]
    fn broken_json_still_gives_dates() {
        let data = read_json_ld(&[r#"{"@type":"Article", "datePublished": "2020-01-02", "text": "unterminated"#]);
        assert_eq!(data.published.map(|d| d.to_string()).as_deref(), Some("2020-01-02"));
    }
}
