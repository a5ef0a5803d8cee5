//! Name keys shared by every stage that matches people across texts.

/// A person's matching key: the lowercase family name without possessive
/// ("Antony J. Blinken", "Blinken’s" → "blinken").
pub fn person_key(name: &str) -> String {
    let last = name.split_whitespace().last().unwrap_or("");
    let last = last.strip_suffix("’s").or_else(|| last.strip_suffix("'s")).unwrap_or(last);
    last.trim_end_matches(['’', '\'']).to_lowercase()
}

/// Words before a family name that are not a first name, with the pronoun they imply
/// (`Some(true)` "she", `Some(false)` "he").
const TITLES: &[(&str, Option<bool>)] = &[
    ("baron", Some(false)),
    ("baroness", Some(true)),
    ("dame", Some(true)),
    ("dr", None),
    ("lady", Some(true)),
    ("lord", Some(false)),
    ("miss", Some(true)),
    ("mr", Some(false)),
    ("mrs", Some(true)),
    ("ms", Some(true)),
    ("prof", None),
    ("professor", None),
    ("rev", None),
    ("sir", Some(false)),
];

/// The title a name opens with, as the pronoun it implies: `None` where it opens with no
/// title, `Some(None)` for a title of either ("Dr").
pub fn title_of(name: &str) -> Option<Option<bool>> {
    let first = name.split_whitespace().next()?.trim_end_matches('.').to_lowercase();
    TITLES.iter().find(|(title, _)| *title == first).map(|&(_, feminine)| feminine)
}

/// The first name of a person's name ("Hunter Biden" → "hunter"); `None` for a family name
/// alone or after a title ("Biden", "Mr Biden", "Lord Varne").
pub fn first_name(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = words.first()?.trim_end_matches('.').to_lowercase();
    (words.len() >= 2 && title_of(name).is_none()).then_some(first)
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

    #[test]
    fn first_names_skip_titles() {
        assert_eq!(first_name("Hunter Biden").as_deref(), Some("hunter"));
        assert_eq!(first_name("Arvin J. Tal").as_deref(), Some("arvin"));
        assert_eq!(first_name("Lord Varne"), None);
        assert_eq!(first_name("Baroness Orla Finch"), None);
        assert_eq!(first_name("Tal"), None);
        assert_eq!(title_of("Ms Roche"), Some(Some(true)));
        assert_eq!(title_of("Dr. Roche"), Some(None));
        assert_eq!(title_of("Tom Roche"), None);
    }
}
