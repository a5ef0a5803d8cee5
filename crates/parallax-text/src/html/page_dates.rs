//! Publication dates in the page body: marked-up dates (`itemprop="datePublished"`,
//! `<time pubdate>`, elements named as the publication date), dates in the URL path, and
//! date lines written near the headline. Dates marked as updates are skipped.

use std::collections::HashMap;
use std::sync::LazyLock;

use parallax_model::Day;
use regex::Regex;

use super::date_text::find_dates;
use super::dom::{Dom, NONE, NodeId};
use super::entities::decode;
use super::meta::{parse_day, plausible};
use super::patterns::FxBuild;
use super::tags::Tag;

/// Names of elements that hold the publication date.
static PUBLISHED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)publish|pubdate|post[-_]?date|entry[-_]?date|article[-_]?date|date[-_]?(?:line|published|posted|header)|dateline|posted[-_]?on|byline|meta[-_]?date|news[-_]?date|story[-_]?date|created|^date$|\bdate\b|datum|fecha|data[-_]?pub")
        .expect("valid regex")
});
/// Names and words that mark a date as an update or something else than the publication.
static NOT_PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)updat|modif|aktualisiert|geändert|änderung|last\s+change|edited|revised|actualiz|mis à jour|aggiornat|comment|event|termin|expire|copyright|©").expect("valid regex")
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
    // Pages repeat their class names; each pair is judged once.
    let mut named_pairs: HashMap<(&str, &str), bool, FxBuild> = HashMap::default();
    for id in 1..dom.nodes.len() as NodeId {
        let node = dom.node(id);
        if node.tag == Tag::Text || node.tag == Tag::Meta || node.start == node.end {
            continue;
        }
        let names = DateNames::of(dom, id);
        if (names.published_prop || (node.tag == Tag::Time && names.pubdate))
            && let Some(day) = value_of(dom, id)
        {
            return Some(day);
        }
        if names.class.is_empty() && names.ident.is_empty() && !matches!(node.tag, Tag::Time | Tag::Abbr) {
            continue;
        }
        let is_named = *named_pairs.entry((names.class, names.ident)).or_insert_with(|| {
            [names.class, names.ident].iter().any(|n| maybe_date_name(n) && PUBLISHED_NAME.is_match(n))
                && ![names.class, names.ident].iter().any(|n| NOT_PUBLISHED.is_match(n))
        });
        let rank = match node.tag {
            Tag::Time | Tag::Abbr if is_named => 0,
            _ if is_named => 1,
            Tag::Time if names.datetime && dom.is_within(id, region.container) => 2,
            _ => continue,
        };
        if named.is_some_and(|(best, _)| best <= rank) || !(region.visible)(id) {
            continue;
        }
        let placed = rank == 0 || dom.is_within(id, region.container) || near_container(dom, id, region.container);
        if placed
            && !in_teaser(dom, id, region)
            && let Some(day) = value_of(dom, id)
        {
            named = Some((rank, day));
        }
    }
    named.map(|(_, day)| day)
}

/// The attributes of an element that mark a date, read in one pass.
#[derive(Default)]
struct DateNames<'a> {
    class: &'a str,
    ident: &'a str,
    /// `itemprop="datePublished"` or `"dateCreated"`.
    published_prop: bool,
    pubdate: bool,
    datetime: bool,
}

impl<'a> DateNames<'a> {
    fn of(dom: &Dom<'a>, id: NodeId) -> Self {
        let node = dom.node(id);
        let mut names = DateNames::default();
        for attr in &dom.attrs[node.start as usize..node.end as usize] {
            let name = dom.source.get(attr.name.0 as usize..attr.name.1 as usize).unwrap_or("");
            let value = dom.source.get(attr.value.0 as usize..attr.value.1 as usize).unwrap_or("");
            match name.len() {
                2 if name.eq_ignore_ascii_case("id") => names.ident = value,
                5 if name.eq_ignore_ascii_case("class") => names.class = value,
                7 if name.eq_ignore_ascii_case("pubdate") => names.pubdate = true,
                8 if name.eq_ignore_ascii_case("itemprop") => {
                    let value = value.trim();
                    names.published_prop =
                        value.eq_ignore_ascii_case("datePublished") || value.eq_ignore_ascii_case("dateCreated");
                }
                8 if name.eq_ignore_ascii_case("datetime") => names.datetime = true,
                _ => {}
            }
        }
        names
    }
}

/// A cheap test before [`PUBLISHED_NAME`]: every name it matches holds one of these.
fn maybe_date_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let at = |at: usize, part: &[u8]| bytes.get(at..at + part.len()).is_some_and(|w| w.eq_ignore_ascii_case(part));
    (0..bytes.len()).any(|i| match bytes[i] | 0x20 {
        b'd' => at(i, b"dat"),
        b'p' => at(i, b"publ") || at(i, b"post"),
        b'b' => at(i, b"byline"),
        b'c' => at(i, b"creat"),
        b'f' => at(i, b"fecha"),
        _ => false,
    })
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
        Regex::new(
            r"(?:^|[/_.-])((?:19|20)\d{2})[/_.-]?(0[1-9]|1[0-2])[/_.-]?(0[1-9]|[12]\d|3[01])(?:$|[/_.?#-]|[^\d])",
        )
        .expect("valid regex")
    });
    // Day first, as European sites write it ("…/meldungen/29-10-2021", "…_vom_22.04.2020").
    static URL_DATE_DMY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[/_-])(0?[1-9]|[12]\d|3[01])([.-])(0?[1-9]|1[0-2])[.-]((?:19|20)\d{2})(?:$|[/_.?#-]|[^\d])")
            .expect("valid regex")
    });
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |at| &path[at..]);
    let (year, month, day) = if let Some(caps) = URL_DATE.captures(path) {
        (caps.get(1)?, caps.get(2)?, caps.get(3)?)
    } else {
        let caps = URL_DATE_DMY.captures(path)?;
        (caps.get(4)?, caps.get(3)?, caps.get(1)?)
    };
    let (year, month, day) = (year.as_str().parse().ok()?, month.as_str().parse().ok()?, day.as_str().parse().ok()?);
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

/// A day written on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ShownDate {
    pub day: Day,
    /// Introduced as the publication date or written next to the headline, rather than the
    /// first date found anywhere in the article.
    pub by_headline: bool,
}

/// A date written near the headline or introduced as the publication date: the nearest to
/// the headline of the dates a publication phrase introduces, else the nearest date just
/// after the headline (or just before it), skipping dates marked as updates or later than
/// the modification day.
pub(crate) fn from_text(dom: &Dom, region: &Region, modified: Option<Day>) -> Option<ShownDate> {
    let runs: Vec<NodeId> = (1..dom.nodes.len() as NodeId)
        .filter(|&id| dom.node(id).tag == Tag::Text && (region.visible)(id))
        .filter(|&id| dom.raw_text(id).bytes().any(|b| !b.is_ascii_whitespace()))
        .collect();
    let anchor_node = headline(dom, region).unwrap_or(region.container);
    let anchor = runs.iter().position(|&id| id >= anchor_node).unwrap_or(0);
    let mut phrased: Option<(usize, Day)> = None;
    let mut near: Option<(usize, Day)> = None;
    for (index, &id) in runs.iter().enumerate() {
        if !dom.raw_text(id).bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let text = decode(dom.raw_text(id));
        // A long run counts only by a dateline at its start ("Karlsruhe, (12.11.2021). …").
        let searched =
            if text.len() > 300 { text.get(..text.floor_char_boundary(60)).unwrap_or("") } else { text.as_str() };
        let Some((at, day)) =
            find_dates(searched).into_iter().filter(|(_, day)| plausible(*day)).min_by_key(|(at, _)| *at)
        else {
            continue;
        };
        if modified.is_some_and(|m| day > m) || in_teaser(dom, id, region) {
            continue;
        }
        let context_before = if index > 0 { decode(dom.raw_text(runs[index - 1])) } else { String::new() };
        let tail = context_before.chars().rev().take(60).collect::<Vec<_>>().into_iter().rev().collect::<String>();
        let lead = format!("{tail} {}", &text[..at]);
        // German puts the verb after the date ("… am 3. Mai 2020 veröffentlicht").
        let after: String = text[at..].chars().take(70).collect();
        if NOT_PUBLISHED.is_match(&lead) && !lead.to_lowercase().contains("publi") {
            continue;
        }
        // Distance from the headline; dates above it count double (top bars, breadcrumbs).
        let distance = if index >= anchor { index - anchor } else { 2 * (anchor - index) };
        let in_window = (index >= anchor && index - anchor <= 40) || (index < anchor && anchor - index <= 12);
        if PUBLISHED_PHRASE.is_match(&lead) || PUBLISHED_AFTER.is_match(&after) {
            if phrased.is_none_or(|(best, _)| distance < best) {
                phrased = Some((distance, day));
            }
        } else if in_window && near.is_none_or(|(best, _)| distance < best) {
            near = Some((distance, day));
        }
    }
    if let Some((_, day)) = phrased.or(near) {
        return Some(ShownDate { day, by_headline: true });
    }
    // Last resort: the first date written in the article's own region.
    runs.iter()
        .filter(|&&id| dom.is_within(id, region.scope))
        .find_map(|&id| {
            let text = decode(dom.raw_text(id));
            find_dates(&text)
                .into_iter()
                .map(|(_, day)| day)
                .find(|day| plausible(*day) && modified.is_none_or(|m| *day <= m))
        })
        .map(|day| ShownDate { day, by_headline: false })
}

/// The page's headline: the first `<h1>`/`<h2>` whose text is the title (or part of it),
/// else the first visible `<h1>`.
fn headline(dom: &Dom, region: &Region) -> Option<NodeId> {
    let title = region.title.map(title_key).filter(|t| t.len() >= 8);
    // Headings in the article around the container first, then the rest of the page.
    let (mut headings, rest): (Vec<NodeId>, Vec<NodeId>) = (1..dom.nodes.len() as NodeId)
        .filter(|&id| matches!(dom.node(id).tag, Tag::H1 | Tag::H2) && (region.visible)(id))
        .partition(|&id| dom.is_within(id, region.scope));
    headings.extend(rest);
    titled_heading(dom, &headings, title.as_deref())
        .or_else(|| headings.into_iter().find(|&id| dom.node(id).tag == Tag::H1))
}

/// The first of `headings` whose text is the title or most of it (`title` as a key: lower-case
/// letters and digits only).
fn titled_heading(dom: &Dom, headings: &[NodeId], title: Option<&str>) -> Option<NodeId> {
    let title = title?;
    headings.iter().copied().find(|&id| {
        let text = title_key(&element_text(dom, id, 400));
        text.len() >= 8 && (text.contains(title) || (title.contains(&text) && text.len() * 2 >= title.len()))
    })
}

/// Whether `id` sits in a teaser for another page: a small block (card, list item) whose
/// heading links elsewhere and is not the page's title, as related-article lists are built.
fn in_teaser(dom: &Dom, id: NodeId, region: &Region) -> bool {
    let Some(title) = region.title.map(title_key).filter(|t| t.len() >= 8) else {
        return false;
    };
    let mut ancestor = dom.node(id).parent;
    for _ in 0..6 {
        if ancestor == NONE || ancestor == 0 || ancestor == region.scope || ancestor == region.container {
            return false;
        }
        // Large blocks are sections of the page, not cards.
        let mut headings = Vec::new();
        for (count, node) in dom.descendants(ancestor).enumerate() {
            if count > 120 {
                return false;
            }
            if matches!(dom.node(node).tag, Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4) {
                headings.push(node);
            }
        }
        if !headings.is_empty() {
            let mut linked_elsewhere = false;
            for heading in headings {
                let text = title_key(&element_text(dom, heading, 400));
                if !text.is_empty() && (title.contains(&text) || text.contains(&title)) {
                    return false;
                }
                linked_elsewhere |=
                    dom.descendants(heading).any(|n| dom.node(n).tag == Tag::A && dom.attr(n, "href").is_some());
            }
            return linked_elsewhere;
        }
        ancestor = dom.node(ancestor).parent;
    }
    false
}

/// Lower-case letters and digits of a text, to compare titles.
fn title_key(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The headline as the article shows it: the heading in the article that the page's title
/// contains (titles often add the site's name).
pub(crate) fn shown_title(dom: &Dom, region: &Region) -> Option<String> {
    let title = region.title.map(title_key).filter(|t| t.len() >= 8)?;
    let headings: Vec<NodeId> = (1..dom.nodes.len() as NodeId)
        .filter(|&id| {
            matches!(dom.node(id).tag, Tag::H1 | Tag::H2) && (region.visible)(id) && dom.is_within(id, region.scope)
        })
        .collect();
    let heading = titled_heading(dom, &headings, Some(&title))?;
    let text = super::collapse_spaces(&element_text(dom, heading, 400));
    (title_key(&text).len() <= title.len()).then_some(text)
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
