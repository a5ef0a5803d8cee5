//! Page metadata: title, site name, author and the publication day. Candidate days come from
//! JSON-LD and `<meta>` tags, marked-up dates (`<time>`, `itemprop`), the URL path and date
//! lines near the headline, in that order of trust; see [`choose_day`]. The last-modified day
//! is read too but kept apart: it only bounds the publication day, never replaces it.

use parallax_model::{DateSource, Day};

use super::dom::{Dom, NodeId};
use super::entities::decode;
use super::page_dates::{Region, ShownDate};
use super::tags::Tag;
use crate::dates::{parse_date_text, parse_iso_prefix};

/// What the page says about itself.
#[derive(Debug, Default)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub site_name: Option<String>,
    pub author: Option<String>,
    pub published: Option<(Day, DateSource)>,
    pub modified: Option<Day>,
    /// The article's text as the page's linked data gives it.
    pub linked_body: Option<String>,
    /// The page's own summary (`og:description`, `description`).
    pub description: Option<String>,
    /// The page's own address: `<link rel="canonical">`, else `og:url`.
    pub canonical_url: Option<String>,
}

/// `<meta>` names and properties that give the publication date, most trusted first.
const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "pub_date",
    "publication_date",
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "originalpublicationdate",
    "original-publish-date",
    "date",
    "created",
    "date_published",
    "ga_date",
    "cxenseparse:recs:publishtime",
    "bt:pubdate",
    "release_date",
    "displaydate",
];

/// From this rank on, `PUBLISHED_META` names are generic ("dc.date", "date", …).
const WEAK_META_FROM: usize = 18;

/// `<meta>` names that give the last-modified date.
const MODIFIED_META: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "og:modified_time",
    "datemodified",
    "last-modified",
    "dc.date.modified",
    "dcterms.modified",
    "lastmod",
    "revised",
];

/// Reads the page's metadata; `url` is the page's address when known.
pub(crate) fn read_meta(
    dom: &Dom,
    url: Option<&str>,
    visible: &dyn Fn(NodeId) -> bool,
    container: NodeId,
    scope: NodeId,
) -> PageMeta {
    let mut meta = PageMeta::default();
    let mut published_meta: Option<(usize, Day)> = None;
    let mut modified_meta: Option<Day> = None;
    let mut json_ld: Vec<&str> = Vec::new();
    let mut og_title = None;
    let mut title_tag = None;
    let mut page_urls: Vec<String> = Vec::new();
    let mut canonical: Option<String> = None;
    let mut script_dates: Option<Day> = None;
    for id in 1..dom.nodes.len() as NodeId {
        match dom.node(id).tag {
            Tag::Meta => {
                let key =
                    dom.attr(id, "property").or_else(|| dom.attr(id, "name")).or_else(|| dom.attr(id, "itemprop"));
                let (Some(key), Some(value)) = (key, dom.attr(id, "content").or_else(|| dom.attr(id, "datetime")))
                else {
                    continue;
                };
                let key = key.trim().to_ascii_lowercase();
                let value = decode(value.trim());
                if let Some(rank) = PUBLISHED_META.iter().position(|name| *name == key)
                    && published_meta.is_none_or(|(best, _)| rank < best)
                    && let Some(day) = parse_day(&value)
                {
                    published_meta = Some((rank, day));
                } else if MODIFIED_META.contains(&key.as_str()) && modified_meta.is_none() {
                    modified_meta = parse_day(&value);
                }
                match key.as_str() {
                    "og:url" => page_urls.push(value.clone()),
                    "og:description" | "description" | "twitter:description"
                        if meta.description.as_ref().is_none_or(|d| d.len() < value.len()) =>
                    {
                        meta.description = Some(super::collapse_spaces(&value));
                    }
                    "og:title" | "twitter:title" if og_title.is_none() && !value.is_empty() => og_title = Some(value),
                    "og:site_name" | "application-name" if meta.site_name.is_none() && !value.is_empty() => {
                        meta.site_name = Some(value);
                    }
                    "author" | "article:author" | "dc.creator" | "sailthru.author" | "parsely-author"
                        if meta.author.is_none() && !value.is_empty() && !value.starts_with("http") =>
                    {
                        meta.author = Some(value);
                    }
                    _ => {}
                }
            }
            Tag::Title if title_tag.is_none() => {
                let text = dom.children(id).map(|child| dom.raw_text(child)).collect::<String>();
                let text = super::collapse_spaces(&decode(&text));
                if !text.is_empty() {
                    title_tag = Some(text);
                }
            }
            Tag::Script => {
                if dom.attr(id, "type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) {
                    json_ld.extend(dom.children(id).map(|child| dom.raw_text(child)));
                } else if script_dates.is_none() {
                    script_dates =
                        dom.children(id).find_map(|child| super::jsonld::published_in_script(dom.raw_text(child)));
                }
            }
            Tag::Link if dom.attr(id, "rel").is_some_and(|rel| rel.trim().eq_ignore_ascii_case("canonical")) => {
                page_urls.extend(dom.attr(id, "href").map(decode));
                if canonical.is_none() {
                    canonical = dom.attr(id, "href").map(|href| decode(href.trim())).filter(|h| h.starts_with("http"));
                }
            }
            _ => {}
        }
    }
    meta.canonical_url = canonical.or_else(|| page_urls.iter().find(|u| u.starts_with("http")).cloned());
    let linked = super::jsonld::read_json_ld(&json_ld);
    meta.title = og_title.or(linked.headline.clone()).or(title_tag).map(|t| super::collapse_spaces(&t));
    if meta.author.is_none() {
        meta.author = linked.author.clone();
    }
    if meta.site_name.is_none() {
        meta.site_name = linked.publisher.clone();
    }
    meta.modified = linked.modified.or(modified_meta);
    meta.linked_body = linked.body.clone();
    let region = Region { container, visible, title: meta.title.as_deref(), scope };
    let shown = super::page_dates::shown_title(dom, &region);
    // Generic names ("date", "dc.date", …) often stamp the page rather than the article.
    let weak = linked.published.is_none() && published_meta.is_some_and(|(rank, _)| rank >= WEAK_META_FROM);
    let structured = linked.published.or(published_meta.map(|(_, day)| day));
    let markup = super::page_dates::from_markup(dom, &region);
    let from_url = url
        .and_then(super::page_dates::from_url)
        .or_else(|| page_urls.iter().find_map(|u| super::page_dates::from_url(u)));
    let text = super::page_dates::from_text(dom, &region, meta.modified);
    // A `<meta>` day that the linked data contradicts still has its vote.
    let second = published_meta.map(|(_, day)| day).filter(|day| linked.published.is_some_and(|ld| ld != *day));
    let candidates =
        DayCandidates { structured, second, weak, markup, url: from_url, shown: text, modified: meta.modified };
    meta.published = candidates.choose().or_else(|| script_dates.map(|day| (day, DateSource::Metadata)));
    meta.title = shown.or_else(|| meta.title.take().map(|title| without_site_name(&title, meta.site_name.as_deref())));
    meta
}

/// The candidates for the publication day.
struct DayCandidates {
    /// From JSON-LD or `<meta>`.
    structured: Option<Day>,
    /// The `<meta>` day where it differs from the linked data's.
    second: Option<Day>,
    /// `structured` came only from a generic `<meta>` name.
    weak: bool,
    /// From elements marked as the publication date.
    markup: Option<Day>,
    url: Option<Day>,
    /// Written on the page.
    shown: Option<ShownDate>,
    /// The modification day the metadata gives.
    modified: Option<Day>,
}

impl DayCandidates {
    /// The publication day, most trusted first: structured metadata (JSON-LD, `<meta>`),
    /// marked-up dates, the URL path, a date line near the headline. A day that more candidates
    /// agree on wins over the order of trust; a day in the URL or on the page one day off the
    /// metadata day is the same publication in local time (metadata stamps are often UTC), and
    /// the page's day is the one its readers see. Where the page shows its modification day
    /// as its date, or the metadata has only a generic page stamp, the day shown wins.
    fn choose(&self) -> Option<(Day, DateSource)> {
        let Self { structured, second, weak, markup, url, shown, modified } = *self;
        let text = shown.map(|s| s.day);
        if let (Some(shown), Some(meta)) = (shown, structured)
            && shown.day != meta
            && (modified == Some(shown.day) && shown.day > meta || weak && markup.is_none() && shown.by_headline)
        {
            return Some((shown.day, DateSource::Dateline));
        }
        let supported = [url, markup, text].contains(&structured);
        let local = [url, markup, text]
            .into_iter()
            .flatten()
            .find(|local| !supported && structured.is_some_and(|meta| (meta - *local).num_days().abs() == 1));
        let structured = local.or(structured);
        let candidates = [
            (structured, DateSource::Metadata),
            (second, DateSource::Metadata),
            (markup, DateSource::Metadata),
            (url, DateSource::Url),
            (text, DateSource::Dateline),
        ];
        let votes = |day: Day| candidates.iter().filter(|(d, _)| *d == Some(day)).count();
        let best = candidates.iter().filter_map(|(d, _)| d.map(votes)).max()?;
        candidates.iter().find_map(|(d, source)| d.filter(|day| votes(*day) == best).map(|day| (day, *source)))
    }
}

/// A title without the site's name that pages append ("Bridge reopens | Daily News").
fn without_site_name(title: &str, site_name: Option<&str>) -> String {
    for separator in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            let is_site = site_name.is_some_and(|site| tail.trim().eq_ignore_ascii_case(site.trim()))
                || tail.split_whitespace().count() <= 3 && head.split_whitespace().count() >= 3;
            if is_site && !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// A day from a metadata value: ISO-8601 first, then written dates in the known languages.
pub(crate) fn parse_day(value: &str) -> Option<Day> {
    let value = value.trim();
    parse_iso_prefix(value)
        .or_else(|| parse_date_text(value))
        .or_else(|| super::date_text::parse_loose_date(value))
        .filter(|day| plausible(*day))
}

/// Days outside 1995–2100 are placeholders or parse accidents.
pub(crate) fn plausible(day: Day) -> bool {
    use chrono::Datelike;
    (1995..=2100).contains(&day.year())
}
