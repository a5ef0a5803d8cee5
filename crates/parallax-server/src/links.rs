//! Links to pages and API resources. Article ids may hold slashes (`outlet/file`) or be whole
//! URLs; every id is percent-encoded so that it comes back intact through a wildcard route.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but the unreserved characters of RFC 3986 is encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes a query parameter value.
pub(crate) fn encode_query(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// An id as a path tail: readable `outlet/file` when every segment is a plain name, otherwise
/// one segment with its slashes encoded (URLs, empty or dot segments that browsers rewrite).
fn encode_id(id: &str) -> String {
    let plain_segments = id.split('/').all(|segment| !segment.is_empty() && segment != "." && segment != "..");
    if plain_segments {
        id.split('/').map(|segment| utf8_percent_encode(segment, COMPONENT).to_string()).collect::<Vec<_>>().join("/")
    } else {
        utf8_percent_encode(id, COMPONENT).to_string()
    }
}

pub(crate) fn article_page(id: &str) -> String {
    format!("/articles/{}", encode_id(id))
}

pub(crate) fn article_api(id: &str) -> String {
    format!("/api/articles/{}", encode_id(id))
}

pub(crate) fn event_page(id: &str) -> String {
    format!("/events/{}", encode_id(id))
}

pub(crate) fn event_api(id: &str) -> String {
    format!("/api/events/{}", encode_id(id))
}

/// An article's own URL, if it is safe to link to: only `http` and `https` (never
/// `javascript:`, `data:` and the like).
pub(crate) fn external_href(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let safe_scheme = lower.starts_with("http://") || lower.starts_with("https://");
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (safe_scheme && clean).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_paths() {
        assert_eq!(article_page("coastline-courier/01-talks"), "/articles/coastline-courier/01-talks");
        assert_eq!(article_page("https://news.example/a?b=1"), "/articles/https%3A%2F%2Fnews.example%2Fa%3Fb%3D1");
        assert_eq!(article_page("a/../b"), "/articles/a%2F..%2Fb");
        assert_eq!(article_page("feed:3 <x>"), "/articles/feed%3A3%20%3Cx%3E");
        assert_eq!(event_page("ev-1a2b"), "/events/ev-1a2b");
    }

    #[test]
    fn only_web_links_are_linked() {
        assert_eq!(external_href(" https://news.example/a "), Some("https://news.example/a"));
        assert_eq!(external_href("HTTP://news.example"), Some("HTTP://news.example"));
        assert_eq!(external_href("javascript:alert(1)"), None);
        assert_eq!(external_href("JaVaScRiPt:alert(1)"), None);
        assert_eq!(external_href("data:text/html,<script>"), None);
        assert_eq!(
            external_href("https://x.example/\"onmouseover=alert(1)"),
            Some("https://x.example/\"onmouseover=alert(1)")
        );
        assert_eq!(external_href("https://x.example/ onmouseover=x"), None);
    }
}
