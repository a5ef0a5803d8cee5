//! Publication dates in the page body: marked-up dates (`itemprop="datePublished"`,
//! `<time pubdate>`, elements named as the publication date), dates in the URL path, and
//! date lines written near the headline. Dates marked as updates are skipped.

use std::sync::LazyLock;

use parallax_model::Day;
use regex::Regex;

use super::date_text::find_dates;
use super::dom::{Dom, NONE, NodeId};
use super::entities::decode;
use super::meta::{parse_day, plausible};
use super::tags::Tag;

/// Names of elements that hold the publication date.
static PUBLISHED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)publish|pubdate|post[-_]?date|entry[-_]?date|article[-_]?date|date[-_]?(?:line|published|posted|header)|dateline|posted[-_]?on|byline|meta[-_]?date|news[-_]?date|story[-_]?date|created|^date$|\bdate\b|datum|fecha|data[-_]?pub")
        .expect("valid regex")
});
/// Names and words that mark a date as an update or something else than the publication.
static NOT_PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)updat|modif|aktualisiert|geändert|edited|revised|actualiz|mis à jour|aggiornat|comment|event|termin|expire|copyright|©").expect("valid regex")
});

/// The page region to search, as the content stage found it.
pub(crate) struct Region<'f> {
    /// The element holding the article.
    pub container: NodeId,
    /// Whether a node is shown and not page furniture.
    pub visible: &'f dyn Fn(NodeId) -> bool,
}

/// A day from elements marked as the publication date.
pub(crate) fn from_markup(dom: &Dom, region: &Region) -> Option<Day> {
    let mut named: Option<(u8, Day)> = None;
    for id in 1..dom.nodes.len() as NodeId {
        let node = dom.node(id);
        if node.tag == Tag::Text || node.tag == Tag::Meta {
            continue;
        }
        if let Some(prop) = dom.attr(id, "itemprop")
            && (prop.eq_ignore_ascii_case("datePublished") || prop.eq_ignore_ascii_case("dateCreated"))
            && let Some(day) = value_of(dom, id)
        {
            return Some(day);
        }
        if node.tag == Tag::Time && dom.attr(id, "pubdate").is_some() && let Some(day) = value_of(dom, id) {
            return Some(day);
        }
        let class = dom.attr(id, "class").unwrap_or("");
        let ident = dom.attr(id, "id").unwrap_or("");
        let names = [class, ident];
        let is_named = names.iter().any(|n| PUBLISHED_NAME.is_match(n)) && !names.iter().any(|n| NOT_PUBLISHED.is_match(n));
        let rank = match node.tag {
            Tag::Time | Tag::Abbr if is_named => 0,
            _ if is_named => 1,
            Tag::Time if dom.attr(id, "datetime").is_some() && dom.is_within(id, region.container) => 2,
            _ => continue,
        };
        if named.is_some_and(|(best, _)| best <= rank) || !(region.visible)(id) {
            continue;
        }
        let placed = rank == 0 || dom.is_within(id, region.container) || near_container(dom, id, region.container);
        if placed && let Some(day) = value_of(dom, id) {
            named = Some((rank, day));
        }
    }
    named.map(|(_, day)| day)
}

/// Whether an element sits beside the container (a header or byline right above it).
fn near_container(dom: &Dom, id: NodeId, container: NodeId) -> bool {
    let parent = dom.node(container).parent;
    let grandparent = if parent == NONE { NONE } else { dom.node(parent).parent };
    [parent, grandparent].iter().any(|&a| a != NONE && a != 0 && dom.node(a).tag != Tag::Body && dom.is_within(id, a))
}

/// The day an element states: its `datetime` or `content` attribute, else its text.
fn value_of(dom: &Dom, id: NodeId) -> Option<Day> {
    if let Some(value) = dom.attr(id, "datetime").or_else(|| dom.attr(id, "content")).or_else(|| dom.attr(id, "title"))
        && let Some(day) = parse_day(&decode(value))
    {
        return Some(day);
    }
    let text = element_text(dom, id, 300);
    if NOT_PUBLISHED.is_match(&text) && !text.to_lowercase().contains("publ") {
        return None;
    }
    find_dates(&text).into_iter().map(|(_, day)| day).find(|day| plausible(*day))
}

/// Up to `limit` bytes of an element's text.
fn element_text(dom: &Dom, id: NodeId, limit: usize) -> String {
    let mut text = String::new();
    for child in dom.descendants(id) {
        if dom.node(child).tag == Tag::Text {
            text.push_str(&decode(dom.raw_text(child)));
            text.push(' ');
            if text.len() > limit {
                break;
            }
        }
    }
    text
}

/// A day in the URL path: `/2012/05/31/`, `/2012-05-31`, `/20120531`, `…-31-05-2012`.
pub(crate) fn from_url(url: &str) -> Option<Day> {
    static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[/_.-])((?:19|20)\d{2})[/_.-]?(0[1-9]|1[0-2])[/_.-]?(0[1-9]|[12]\d|3[01])(?:$|[/_.?#-]|[^\d])")
            .expect("valid regex")
    });
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |at| &path[at..]);
    let caps = URL_DATE.captures(path)?;
    let year = caps.get(1)?.as_str().parse().ok()?;
    let month = caps.get(2)?.as_str().parse().ok()?;
    let day = caps.get(3)?.as_str().parse().ok()?;
    Day::from_ymd_opt(year, month, day).filter(|d| plausible(*d))
}

/// A date written near the headline: within the text just before and after the first `<h1>`
/// (or the start of the container), skipping dates marked as updates.
pub(crate) fn from_text(dom: &Dom, region: &Region, modified: Option<Day>) -> Option<Day> {
    let anchor = (1..dom.nodes.len() as NodeId)
        .find(|&id| dom.node(id).tag == Tag::H1 && (region.visible)(id))
        .unwrap_or(region.container);
    // Text runs in document order around the anchor.
    let mut before: Vec<NodeId> = Vec::new();
    let mut after: Vec<NodeId> = Vec::new();
    for id in 1..dom.nodes.len() as NodeId {
        if dom.node(id).tag != Tag::Text || !(region.visible)(id) {
            continue;
        }
        if id < anchor { before.push(id) } else { after.push(id) }
    }
    let window_before = before.iter().rev().take(12).rev();
    let window_after = after.iter().take(60);
    let mut candidates: Vec<Day> = Vec::new();
    for &id in window_after.chain(window_before) {
        let text = decode(dom.raw_text(id));
        if text.len() > 400 {
            continue;
        }
        let context = element_text(dom, dom.node(id).parent, 200);
        if NOT_PUBLISHED.is_match(&context) {
            continue;
        }
        candidates.extend(find_dates(&text).into_iter().map(|(_, day)| day).filter(|day| plausible(*day)));
        if !candidates.is_empty() {
            break;
        }
    }
    candidates.into_iter().find(|day| modified.is_none_or(|m| *day <= m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_dates() {
        let check = |url: &str, expected: Option<&str>| {
            assert_eq!(from_url(url).map(|d| d.to_string()).as_deref(), expected, "{url}");
        };
        check("https://a.org/2012/05/31/title/", Some("2012-05-31"));
        check("https://a.org/news/2019-03-07-title.html", Some("2019-03-07"));
        check("https://a.org/story/20180214/x", Some("2018-02-14"));
        check("https://a.org/2012/05/title/", None);
        check("https://2012.org/p?id=20121301", None);
    }
}
