//! Name keys shared by every stage that matches people across texts.

/// A person's matching key: the lowercase family name without possessive
/// ("Antony J. Blinken", "Blinken’s" → "blinken").
pub fn person_key(name: &str) -> String {
    let last = name.split_whitespace().last().unwrap_or("");
    let last = last.strip_suffix("’s").or_else(|| last.strip_suffix("'s")).unwrap_or(last);
    last.trim_end_matches(['’', '\'']).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(person_key("Arvin J. Tal"), "tal");
        assert_eq!(person_key("Vell’s"), "vell");
        assert_eq!(person_key("Jones"), "jones");
    }
}
