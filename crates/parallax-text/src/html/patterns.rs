//! What an element's `class`, `id` and a few other attributes say about it: page furniture
//! (navigation, sharing, comments, related links, advertising, cookie notices …), the main
//! content container, or hidden text. Generic web conventions, not rules for given sites.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use super::dom::{Dom, NodeId};

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

/// Containers named for the article body, most specific conventions first.
static ARTICLE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)article[-_]{0,2}(?:body|text|content|inner|main)|articlebody|entry[-_]?(?:content|body|text)|post[-_]?(?:content|body|text|entry|inner)|story[-_]?(?:body|content|text)|body[-_]?text|text[-_]?content|news[-_]?(?:text|body|content)|blog[-_]?(?:content|post[-_]?content)|single[-_]?(?:content|post[-_]?content)|content[-_]?(?:article|text)|artikel[-_]?(?:text|inhalt|body|content)|full[-_]?text|field[-_]?(?:name[-_]?)?body|rich[-_]?text|main[-_]?text|detail[-_]?(?:text|content|body)|article__copy|c-article|page[-_]?content|content[-_]?body|contentbody",
    )
});

/// Broad names for the content area of a page.
static CONTENT_AREA: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:content|main|main[-_]?content|maincontent|content[-_]?main|primary|article|story|post|entry|text|inhalt|hauptinhalt|contenido|contenu)$",
    )
});

/// Page furniture: never part of an article.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)share|sharing|sharer|social|sociable|syndicat|related|recommend|more[-_]?(?:stories|articles|news)|read[-_]?more|readmore|newsletter|subscri|signup|sign[-_]up|cookie|consent|gdpr|sidebar|side[-_]bar|footer|navbar|navigation|breadcrumb|bread[-_]crumb|pagination|pager(?:$|[-_])|paging|skip[-_]?link|sponsor|advert|popup|pop[-_]up|modal|dialog|offcanvas|off[-_]canvas|mail[-_]?form|outbrain|taboola|plista|ligatus|most[-_]?(?:popular|read|viewed)|mostpopular|trending|tag[-_]?cloud|tags|tag[-_]?list|author[-_]?(?:box|bio|info|profile)|about[-_]?(?:the[-_]?)?author|printfriendly|login|visually[-_]hidden|sr[-_]only|screen[-_]?reader|element[-_]invisible|newsticker|^nav(?:$|[-_])|[a-z0-9][-_]nav$|^(?:ads?|dfp)(?:$|[-_])|ad[-_]?(?:slot|unit|container|wrapper|box)|^(?:noprint|cta)$",
    )
});

/// Parts of a page that are often, not always, outside the article: widgets, menus,
/// galleries, banners, meta lines.
static PERIPHERAL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)widget|menu|banner|^promo(?:s|tion|tions)?$|promo[-_]|[-_]promo$|overlay|carousel|slider|gallery|lightbox|ticker|keywords|byline|post[-_]?meta|entry[-_]?meta|article[-_]?meta|meta[-_]?(?:info|data)|postmeta|rating|toolbar|tool[-_]bar|donat|masthead",
    )
});

/// Captions and credits of pictures.
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)caption|credit|copyright|bildunterschrift|bildnachweis|bildquelle|fotonachweis|photo[-_]?(?:info|source)|image[-_]?(?:info|source)|img[-_]?(?:info|source)|legende",
    )
});

/// The lead of an article: its standfirst, intro or summary above the body.
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)lead|intro|teaser|excerpt|abstract|subtitle|sub[-_]?title|summary|chapo|standfirst|deck|description|subheadline|sub[-_]?head|dek(?:$|[-_])|vorspann|einleitung|entradilla|bajada|sumario|chapeau|sottotitolo",
    )
});

/// Whether an element is named as an article's lead.
pub(crate) fn is_lead(dom: &Dom, id: NodeId) -> bool {
    dom.attr(id, "class").is_some_and(|class| LEAD.is_match(class))
        || dom.attr(id, "id").is_some_and(|ident| ident.len() <= 40 && LEAD.is_match(ident))
        || dom.attr(id, "itemprop").is_some_and(|prop| prop.eq_ignore_ascii_case("description"))
}

/// Comment sections, which stay furniture however much text they hold.
static COMMENTS: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^comments?$|comments?[-_]|[-_]comments?$|commentlist|disqus|respond|replies"));

/// What the attributes of an element say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    None,
    /// Named as the article body (`itemprop="articleBody"`, `entry-content`, …).
    ArticleBody,
    /// Named as the page's content area (`id="content"`, `<main>`-like names).
    ContentArea,
    /// Page furniture: navigation, sharing, related links, ads, …
    Furniture,
    /// Often outside the article: widgets, menus, galleries, meta lines.
    Peripheral,
    /// The caption or credit of a picture.
    Caption,
    /// A comment section.
    Comments,
    /// Not shown (`hidden`, `display:none`, `aria-hidden="true"`).
    Hidden,
}

/// Reads the signal of one element from its `class`, `id`, `itemprop`, `role`, `style`,
/// `hidden` and `aria-hidden` attributes. Signals of `class`/`id` pairs are remembered in
/// `cache`, since pages repeat them many times.
pub(crate) fn signal<'a>(dom: &Dom<'a>, id: NodeId, cache: &mut SignalCache<'a>) -> Signal {
    let node = dom.node(id);
    let (mut class, mut ident) = ("", "");
    for attr in &dom.attrs[node.start as usize..node.end as usize] {
        let name = dom.source.get(attr.name.0 as usize..attr.name.1 as usize).unwrap_or("");
        let value = dom.source.get(attr.value.0 as usize..attr.value.1 as usize).unwrap_or("");
        match name.len() {
            2 if name.eq_ignore_ascii_case("id") => ident = value,
            5 if name.eq_ignore_ascii_case("class") => class = value,
            6 if name.eq_ignore_ascii_case("hidden") => return Signal::Hidden,
            11 if name.eq_ignore_ascii_case("aria-hidden") && value.trim().eq_ignore_ascii_case("true") => {
                return Signal::Hidden;
            }
            5 if name.eq_ignore_ascii_case("style") && hides(value) => return Signal::Hidden,
            8 if name.eq_ignore_ascii_case("itemprop") && value.trim().eq_ignore_ascii_case("articleBody") => {
                return Signal::ArticleBody;
            }
            4 if name.eq_ignore_ascii_case("role") => {
                let role = value.trim();
                if role.eq_ignore_ascii_case("navigation") || role.eq_ignore_ascii_case("contentinfo") {
                    return Signal::Furniture;
                }
                if role.eq_ignore_ascii_case("complementary") || role.eq_ignore_ascii_case("banner") {
                    return Signal::Peripheral;
                }
                if role.eq_ignore_ascii_case("main") || role.eq_ignore_ascii_case("article") {
                    return Signal::ContentArea;
                }
            }
            _ => {}
        }
    }
    // Long ids and the ids of headings are mostly anchors made from the text itself.
    if ident.len() > 40 || node.tag.is_heading() {
        ident = "";
    }
    if class.is_empty() && ident.is_empty() {
        return Signal::None;
    }
    if let Some(signal) = cache.pairs.get(&(class, ident)) {
        return *signal;
    }
    let signal = names_signal(class, ident, &mut cache.tokens);
    cache.pairs.insert((class, ident), signal);
    signal
}

/// Signals already read on a page: per `class`/`id` pair, and bits per class token.
#[derive(Default)]
pub(crate) struct SignalCache<'a> {
    pairs: HashMap<(&'a str, &'a str), Signal, FxBuild>,
    tokens: HashMap<&'a str, u8, FxBuild>,
}

/// Whether an inline style hides the element.
fn hides(style: &str) -> bool {
    let lower = style.to_ascii_lowercase();
    ["display", "visibility"].iter().any(|property| {
        lower.match_indices(property).any(|(at, _)| {
            let rest = lower[at + property.len()..].trim_start();
            rest.strip_prefix(':').is_some_and(|value| {
                let value = value.trim_start();
                value.starts_with("none") || value.starts_with("hidden")
            })
        })
    })
}

const COMMENTS_BIT: u8 = 1;
const BODY_BIT: u8 = 2;
const FURNITURE_BIT: u8 = 4;
const CAPTION_BIT: u8 = 8;
const PERIPHERAL_BIT: u8 = 16;
const AREA_BIT: u8 = 32;

/// All name patterns, in the order of the bits above.
static NAMES: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        COMMENTS.as_str(),
        ARTICLE_BODY.as_str(),
        FURNITURE.as_str(),
        CAPTION.as_str(),
        PERIPHERAL.as_str(),
        CONTENT_AREA.as_str(),
    ])
    .expect("valid regexes")
});

/// Which name patterns one class token or id matches, as bits.
fn name_bits(name: &str) -> u8 {
    if name.is_empty() {
        return 0;
    }
    NAMES.matches(name).iter().fold(0, |bits, index| bits | (1 << index))
}

/// Marks a token that names a taxonomy term (see [`is_taxonomy`]) in the token cache.
const TAXONOMY_BIT: u8 = 128;

/// The signal of a `class` and `id` pair.
fn names_signal<'a>(class: &'a str, ident: &str, tokens: &mut HashMap<&'a str, u8, FxBuild>) -> Signal {
    let ident_bits = name_bits(ident);
    // WordPress-style post classes name the post's categories and tags; those say nothing
    // about the element.
    let mut any = 0u8; // bits of any token
    let mut named = 0u8; // bits of non-taxonomy tokens that are not article-body names
    let mut post = false;
    for token in class.split_whitespace() {
        let cached = *tokens
            .entry(token)
            .or_insert_with(|| name_bits(token) | if is_taxonomy(token) { TAXONOMY_BIT } else { 0 });
        let bits = cached & !TAXONOMY_BIT;
        any |= bits;
        if cached & TAXONOMY_BIT == 0 && bits & BODY_BIT == 0 {
            named |= bits;
        }
        post |= token == "hentry" || token == "type-post";
    }
    if ident_bits & BODY_BIT == 0 {
        named |= ident_bits & !AREA_BIT;
    }
    if (ident_bits | named) & COMMENTS_BIT != 0 {
        return Signal::Comments;
    }
    if post {
        return Signal::ContentArea;
    }
    if (any | ident_bits) & BODY_BIT != 0 {
        Signal::ArticleBody
    } else if named & FURNITURE_BIT != 0 {
        Signal::Furniture
    } else if named & CAPTION_BIT != 0 {
        Signal::Caption
    } else if named & PERIPHERAL_BIT != 0 {
        Signal::Peripheral
    } else if (any | ident_bits) & AREA_BIT != 0 {
        Signal::ContentArea
    } else {
        Signal::None
    }
}

/// A class naming a category, tag or other taxonomy term (`category-news`, `tag-sport`).
fn is_taxonomy(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    // Drupal's page wrapper is named for its off-canvas dialog support.
    if lower.contains("main-canvas") {
        return true;
    }
    ["category-", "tag-", "kategorie-", "topic-", "rubrik-", "anlass-", "format-", "status-", "postid-"]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
}

/// A fast hash for the `class`/`id` keys of the signal cache (the multiply-rotate hash of
/// rustc's `FxHasher`, eight bytes at a time).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxBuild;

pub(crate) struct Fx(u64);

impl std::hash::BuildHasher for FxBuild {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.add(u64::from_le_bytes(last));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(attributes: &str, expected: Signal) {
        let html = format!("<div {attributes}>x</div>");
        let dom = Dom::parse(&html, 10).expect("parses");
        assert_eq!(signal(&dom, 1, &mut SignalCache::default()), expected, "{attributes}");
    }

    #[test]
    fn signals() {
        check("class=\"entry-content clearfix\"", Signal::ArticleBody);
        check("itemprop=\"articleBody\"", Signal::ArticleBody);
        check("id=\"content\"", Signal::ContentArea);
        check("class=\"share-buttons\"", Signal::Furniture);
        check("class=\"post type-post tag-polizei\"", Signal::ContentArea);
        check("class=\"entry category-no-newsletter-rss\"", Signal::ContentArea);
        check("id=\"comments\"", Signal::Comments);
        check("class=\"nav main-nav\"", Signal::Furniture);
        check("class=\"section section--has-ads\"", Signal::None);
        check("class=\"navigation-wrapper\"", Signal::Furniture);
        check("style=\"display: none\"", Signal::Hidden);
        check("class=\"overflow-hidden\"", Signal::None);
        check("class=\"header\"", Signal::None);
        check("class=\"elementor-widget-container\"", Signal::Peripheral);
    }
}
