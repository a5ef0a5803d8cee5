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
    /// Whether a node is shown and outside navigation, sidebars, comments and the like
    /// (meta lines, bylines and captions count as readable).
    pub visible: &'f dyn Fn(NodeId) -> bool,
    /// The page's title, to find its headline.
    pub title: Option<&'f str>,
    /// The article around the container, where the headline is looked for first.
    pub scope: NodeId,
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

/// Words that introduce a publication date ("veröffentlicht am", "published", "posted on" …).
static PUBLISHED_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)publi|veröffentlicht|erschienen|geschrieben|written|posted|gepostet|datum\s*:?\s*$|date\s*:?\s*$|fecha|mise\s+en\s+ligne|online\s+seit|stand\s*:?\s*$|erstellt|redigido|opublikowan|dodano")
        .expect("valid regex")
});

/// Words that close a sentence giving the publication date ("… geschrieben", "… veröffentlicht").
static PUBLISHED_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)geschrieben|veröffentlicht|erschienen|publiziert").expect("valid regex"));

/// A date written near the headline or introduced as the publication date: the nearest to
/// the headline of the dates a publication phrase introduces, else the nearest date just
/// after the headline (or just before it), skipping dates marked as updates or later than
/// the modification day.
pub(crate) fn from_text(dom: &Dom, region: &Region, modified: Option<Day>) -> Option<Day> {
    let runs: Vec<NodeId> = (1..dom.nodes.len() as NodeId)
        .filter(|&id| dom.node(id).tag == Tag::Text && (region.visible)(id))
        .filter(|&id| dom.raw_text(id).bytes().any(|b| !b.is_ascii_whitespace()))
        .collect();
    let anchor_node = headline(dom, region).unwrap_or(region.container);
    let anchor = runs.iter().position(|&id| id >= anchor_node).unwrap_or(0);
    if std::env::var_os("PX_DDEBUG").is_some() {
        eprintln!("DTEXT anchor node {anchor_node} run {anchor} of {}", runs.len());
        for &id in runs.iter().skip(anchor.saturating_sub(5)).take(20) {
            eprintln!("DTEXT run {id} {:?}", dom.raw_text(id).trim().chars().take(60).collect::<String>());
        }
    }
    let mut phrased: Option<(usize, Day)> = None;
    let mut near: Option<(usize, Day)> = None;
    let mut previous = String::new();
    for (index, &id) in runs.iter().enumerate() {
        let text = decode(dom.raw_text(id));
        let context_before = std::mem::replace(&mut previous, text.clone());
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        // A long run counts only by a dateline at its start ("Karlsruhe, (12.11.2021). …").
        let searched = if text.len() > 300 { text.get(..text.floor_char_boundary(60)).unwrap_or("") } else { text.as_str() };
        let Some((at, day)) = find_dates(searched).into_iter().filter(|(_, day)| plausible(*day)).min_by_key(|(at, _)| *at) else {
            continue;
        };
        if modified.is_some_and(|m| day > m) {
            continue;
        }
        let tail = context_before.chars().rev().take(60).collect::<Vec<_>>().into_iter().rev().collect::<String>();
        let lead = format!("{tail} {}", &text[..at]);
        // German puts the verb after the date ("… am 3. Mai 2020 veröffentlicht").
        let after: String = text[at..].chars().take(70).collect();
        if NOT_PUBLISHED.is_match(&lead) && !lead.to_lowercase().contains("publi") {
            continue;
        }
        // Distance from the headline; dates above it count double (top bars, breadcrumbs).
        let distance = if index >= anchor { index - anchor } else { 2 * (anchor - index) };
        if PUBLISHED_PHRASE.is_match(&lead) || PUBLISHED_AFTER.is_match(&after) {
            if phrased.is_none_or(|(best, _)| distance < best) {
                phrased = Some((distance, day));
            }
        } else if (index >= anchor && index - anchor <= 40) || (index < anchor && anchor - index <= 12) {
            if near.is_none_or(|(best, _)| distance < best) {
                near = Some((distance, day));
            }
        }
    }
    phrased.or(near).map(|(_, day)| day).or_else(|| {
        // Last resort: the first date written in the article's own region.
        runs.iter()
            .filter(|&&id| dom.is_within(id, region.scope))
            .find_map(|&id| {
                let text = decode(dom.raw_text(id));
                find_dates(&text).into_iter().map(|(_, day)| day).find(|day| plausible(*day) && modified.is_none_or(|m| *day <= m))
            })
    })
}

/// The page's headline: the first `<h1>`/`<h2>` whose text is the title (or part of it),
/// else the first visible `<h1>`.
fn headline(dom: &Dom, region: &Region) -> Option<NodeId> {
    let key = |text: &str| text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let title = region.title.map(key).filter(|t| t.len() >= 8);
    // Headings in the article around the container first, then the rest of the page.
    let (mut headings, rest): (Vec<NodeId>, Vec<NodeId>) = (1..dom.nodes.len() as NodeId)
        .filter(|&id| matches!(dom.node(id).tag, Tag::H1 | Tag::H2) && (region.visible)(id))
        .partition(|&id| dom.is_within(id, region.scope));
    headings.extend(rest);
    if let Some(title) = &title {
        let matching = headings.iter().copied().find(|&id| {
            let text = key(&element_text(dom, id, 400));
            text.len() >= 8 && (text.contains(title.as_str()) || (title.contains(&text) && text.len() * 2 >= title.len()))
        });
        if matching.is_some() {
            return matching;
        }
    }
    headings.into_iter().find(|&id| dom.node(id).tag == Tag::H1)
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
