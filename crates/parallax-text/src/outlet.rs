//! Outlet names from URLs, folder names and in-text markers.

/// The outlet's domain from a URL, without `www.` ("https://www.example.com/a" → "example.com").
pub fn outlet_from_url(url: &str) -> Option<String> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = after_scheme.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (host.contains('.') && !host.is_empty()).then_some(host)
}

/// A readable outlet name from a folder slug ("the-evening-lantern" → "The Evening Lantern").
pub(crate) fn outlet_from_folder(folder: &str) -> Option<String> {
    let words: Vec<String> = folder
        .split(['-', '_', ' '])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Splits an outlet prefix such as "Harbour News / The council met…" off a line.
pub(crate) fn split_outlet_prefix(line: &str) -> Option<(String, String)> {
    let (prefix, rest) = line.split_once(" / ")?;
    let prefix = prefix.trim();
    let n_words = prefix.split_whitespace().count();
    let capitalised = prefix
        .split_whitespace()
        .all(|word| word.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()));
    (n_words <= 4 && capitalised && !rest.trim().is_empty()).then(|| (prefix.to_string(), rest.trim().to_string()))
}

/// The outlet named in a staff byline ("Harbour Staff Report" → "Harbour").
pub(crate) fn outlet_from_staff_byline(line: &str) -> Option<String> {
    let line = line.trim();
    for suffix in [" Staff Report", " Staff Reporter", " Staff Writer", " Wire Report", " News Report"] {
        if let Some(prefix) = line.strip_suffix(suffix) {
            let prefix = prefix.trim();
            let is_byline_word = matches!(prefix.to_lowercase().as_str(), "by" | "from" | "a" | "the");
            if !prefix.is_empty() && !is_byline_word && prefix.split_whitespace().count() <= 4 {
                return Some(prefix.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets() {
        assert_eq!(
            outlet_from_url("https://www.harbour-news.example/2024/01/a").as_deref(),
            Some("harbour-news.example")
        );
        assert_eq!(outlet_from_url("not a url"), None);
        assert_eq!(outlet_from_folder("the-evening-lantern").as_deref(), Some("The Evening Lantern"));
        assert_eq!(
            split_outlet_prefix("Delta Radio / Floods closed the road on Monday."),
            Some(("Delta Radio".to_string(), "Floods closed the road on Monday.".to_string()))
        );
        assert_eq!(split_outlet_prefix("prices rose 3% / year on year"), None);
        assert_eq!(outlet_from_staff_byline("KPA Staff Report").as_deref(), Some("KPA"));
        assert_eq!(outlet_from_staff_byline("By Staff Report"), None);
    }
}
