//! Entity extraction on short synthetic texts.

use super::*;

fn check(paragraphs: &[&str], expected: &[(&str, &str, EntityKind)]) {
    let paragraphs: Vec<String> = paragraphs.iter().map(|p| (*p).to_string()).collect();
    let found = extract_entities(&paragraphs);
    let found: Vec<(&str, &str, EntityKind)> =
        found.iter().map(|m| (m.text.as_str(), m.canonical.as_str(), m.kind)).collect();
    assert_eq!(found, expected);
}

#[test]
fn two_people_of_one_family_stay_two_and_a_seat_is_a_place() {
    check(
        &[
            "Dara Venn, the Labour member for Ostley and Wyre Green, met Colm Green on Monday.",
            "Mr Green said the plan was sound. Ilse Green, his sister, disagreed; Green said so twice.",
        ],
        &[
            ("Dara Venn", "Dara Venn", EntityKind::Person),
            ("Labour", "Labour", EntityKind::Organization),
            ("Ostley", "Ostley", EntityKind::Place),
            ("Wyre Green", "Wyre Green", EntityKind::Place),
            ("Colm Green", "Colm Green", EntityKind::Person),
            ("Mr Green", "Colm Green", EntityKind::Person),
            ("Ilse Green", "Ilse Green", EntityKind::Person),
            ("Green", "Ilse Green", EntityKind::Person),
        ],
    );
    let mentions = extract_entities(&["Colm Green and Ilse Green spoke.".to_string()]);
    let index = EntityIndex::new(&mentions);
    assert_eq!(index.person("Ilse Green"), Some("Ilse Green"));
    assert_eq!(index.person("Green"), Some("Colm Green"), "the one named first");
}

#[test]
fn names_roles_and_resolution() {
    check(
        &[
            "Foreign Minister Arvin J. Tal met President Sora Vell of Kestria in Marenport on Friday.",
            "Mr. Tal said the Ministry of Health would help. Tal left.",
        ],
        &[
            ("Arvin J. Tal", "Arvin J. Tal", EntityKind::Person),
            ("Sora Vell", "Sora Vell", EntityKind::Person),
            ("Kestria", "Kestria", EntityKind::Place),
            ("Marenport", "Marenport", EntityKind::Place),
            ("Tal", "Arvin J. Tal", EntityKind::Person),
            ("Ministry of Health", "Ministry of Health", EntityKind::Organization),
            ("Tal", "Arvin J. Tal", EntityKind::Person),
        ],
    );
}

#[test]
fn a_first_name_alone_is_the_one_person_of_that_first_name() {
    let canonical = |paragraphs: &[&str], text: &str| -> Vec<String> {
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| (*p).to_string()).collect();
        extract_entities(&paragraphs).into_iter().filter(|m| m.text == text).map(|m| m.canonical).collect()
    };
    let one = ["Coach Tamsin Vell praised the squad after the match.", "Tamsin said the players had earned it."];
    assert_eq!(canonical(&one, "Tamsin"), ["Tamsin Vell"]);
    let two =
        ["Tamsin Vell and Tamsin Orrick both scored in the second half.", "Tamsin said the players had earned it."];
    assert_eq!(canonical(&two, "Tamsin"), ["Tamsin"], "two people of that first name: neither");
}

#[test]
fn a_role_needs_a_head_and_a_person_to_name() {
    let found = extract_entities(&[
        "Workers at General Motors wrote to the Governor of the Marenport Reserve Bank about the Foreign Bribery Act."
            .to_string(),
        "Foreign Minister Tamar Oren replied.".to_string(),
    ]);
    for part in ["Motors", "Bank", "Act"] {
        let mention = found.iter().find(|m| m.canonical.contains(part));
        let mention = mention.unwrap_or_else(|| panic!("{part}: {found:?}"));
        assert_ne!(mention.kind, EntityKind::Person, "{found:?}");
        assert_eq!(mention.role, None, "{found:?}");
    }
    let oren = found.iter().find(|m| m.canonical == "Tamar Oren").expect("the minister");
    assert_eq!((oren.kind, oren.role.as_deref()), (EntityKind::Person, Some("Foreign Minister")));
}

#[test]
fn a_title_makes_a_person_and_mk_is_a_role() {
    let found = extract_entities(&[
        "A report by Lord Varne criticised the plan for Marenport, said MK Tamar Oren.".to_string(),
        "Oren spoke to reporters.".to_string(),
    ]);
    let lord = found.iter().find(|m| m.canonical.starts_with("Lord")).expect("the lord");
    assert_eq!(lord.kind, EntityKind::Person, "{found:?}");
    let oren: Vec<(&str, EntityKind, Option<&str>)> = found
        .iter()
        .filter(|m| m.canonical.ends_with("Oren"))
        .map(|m| (m.canonical.as_str(), m.kind, m.role.as_deref()))
        .collect();
    assert_eq!(oren, [("Tamar Oren", EntityKind::Person, Some("MK")), ("Tamar Oren", EntityKind::Person, None)]);
}

#[test]
fn a_title_of_a_work_is_no_person() {
    let found = extract_entities(&[
        "The festival opens with The Lonely Baker, a film by Mara Vell.".to_string(),
        "Vell said she was proud.".to_string(),
    ]);
    let people: Vec<&str> =
        found.iter().filter(|m| m.kind == EntityKind::Person).map(|m| m.canonical.as_str()).collect();
    assert!(people.iter().all(|p| p.contains("Vell")), "{found:?}");
    assert!(people.contains(&"Mara Vell"), "{found:?}");
}

#[test]
fn a_word_no_one_bears_makes_a_body_or_a_place() {
    let found = extract_entities(&[
        "Kessport, who play in the Ryman Premier League, beat Hinckley United on Saturday.".to_string(),
        "The replay at White Hart Lane ended in a draw, said Mara Vell.".to_string(),
    ]);
    for part in ["United", "League", "Lane"] {
        let mention = found.iter().find(|m| m.canonical.contains(part));
        let mention = mention.unwrap_or_else(|| panic!("{part}: {found:?}"));
        assert_ne!(mention.kind, EntityKind::Person, "{found:?}");
    }
    assert!(found.iter().any(|m| m.canonical == "Mara Vell" && m.kind == EntityKind::Person), "{found:?}");
    // The words around the name the tagger found in a run do not count.
    let found = extract_entities(&[
        "Scottish National Party Justice Minister Kenny Orrick said the plan would fail.".to_string()
    ]);
    let orrick = found.iter().find(|m| m.canonical.ends_with("Orrick"));
    let orrick = orrick.unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(orrick.kind, EntityKind::Person, "{found:?}");
}

#[test]
fn a_knight_is_named_by_his_first_name() {
    let found = extract_entities(&[
        "The talks failed after Sir Edward Vance refused to stand aside for Mara Oren.".to_string(),
        "Sir Edward said he had the authority to stay. Sir Oren was not mentioned.".to_string(),
    ]);
    let canonical: Vec<&str> = found.iter().filter(|m| m.text == "Sir Edward").map(|m| m.canonical.as_str()).collect();
    assert_eq!(canonical, ["Edward Vance"], "{found:?}");
}

#[test]
fn the_index_finds_a_person_by_a_first_name_only_one_bears() {
    let person = |name: &str| EntityMention {
        text: name.into(),
        canonical: name.into(),
        kind: EntityKind::Person,
        role: None,
        paragraph: 0,
    };
    let index = EntityIndex::new(&[person("Edward Vance"), person("Mara Oren"), person("Mara Tollan")]);
    assert_eq!(index.person("Edward"), Some("Edward Vance"));
    assert_eq!(index.person("Mara"), None, "two people named Mara");
    assert_eq!(index.person("Vance"), Some("Edward Vance"));
    assert_eq!(index.person("Tollan"), Some("Mara Tollan"));
}

#[test]
fn letters_after_a_name_are_no_part_of_it() {
    let found = extract_entities(&[
        "The Tory MP Andrew Varne MP and the barrister Guy Oren QC spoke at the hearing.".to_string()
    ]);
    let names: Vec<&str> = found.iter().map(|m| m.canonical.as_str()).collect();
    assert!(names.contains(&"Andrew Varne") && names.contains(&"Guy Oren"), "{found:?}");
}

#[test]
fn a_body_then_a_role_and_a_person_are_two_names() {
    let found =
        extract_entities(&["Orrin Valley Development Agency Director Ilse Varga said the fund was empty.".to_string()]);
    let varga = found.iter().find(|m| m.canonical == "Ilse Varga");
    let varga = varga.unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!((varga.kind, varga.role.as_deref()), (EntityKind::Person, Some("Director")), "{found:?}");
    assert!(found.iter().any(|m| m.canonical.ends_with("Agency") && m.kind != EntityKind::Person), "{found:?}");
}

#[test]
fn the_taggers_name_runs_past_lowercase_words_and_a_run_it_reads_no_name_in_is_none() {
    let found = extract_entities(&["Critics said the Dutch coach Lex van Drooke would stay at Kessport.".to_string()]);
    let names: Vec<&str> = found.iter().map(|m| m.canonical.as_str()).collect();
    assert!(names.contains(&"Lex van Drooke"), "{found:?}");
    assert!(!names.contains(&"Critics"), "{found:?}");
    let police = extract_entities(&["Police said the road to Kessport would stay closed.".to_string()]);
    assert!(!police.iter().any(|m| m.canonical == "Police"), "{police:?}");
    let shouted = extract_entities(&["SOCCER - KESSPORT BEAT ORRIN TO TAKE THE CUP".to_string()]);
    assert!(!shouted.iter().any(|m| m.canonical == "SOCCER"), "{shouted:?}");
}

#[test]
fn a_word_of_another_kind_makes_no_name_a_person() {
    let mut mentions = vec![
        EntityMention {
            text: "Olympic".into(),
            canonical: "Olympic".into(),
            kind: EntityKind::Other,
            role: None,
            paragraph: 0,
        },
        EntityMention {
            text: "American Olympic".into(),
            canonical: "American Olympic".into(),
            kind: EntityKind::Other,
            role: None,
            paragraph: 1,
        },
        EntityMention {
            text: "Tal".into(),
            canonical: "Tal".into(),
            kind: EntityKind::Person,
            role: None,
            paragraph: 2,
        },
        EntityMention {
            text: "Arvin Tal".into(),
            canonical: "Arvin Tal".into(),
            kind: EntityKind::Other,
            role: None,
            paragraph: 3,
        },
    ];
    resolve_people(&mut mentions);
    let kinds: Vec<EntityKind> = mentions.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [EntityKind::Other, EntityKind::Other, EntityKind::Person, EntityKind::Person]);
}

#[test]
fn each_name_the_tagger_reads_in_one_run_is_a_name() {
    let found =
        extract_entities(&["Hong Kong Financial Secretary Donald Tsang said the budget was sound.".to_string()]);
    let names: Vec<(&str, EntityKind)> = found.iter().map(|m| (m.canonical.as_str(), m.kind)).collect();
    assert!(names.contains(&("Hong Kong", EntityKind::Place)), "{found:?}");
    let tsang = found.iter().find(|m| m.canonical == "Donald Tsang");
    let tsang = tsang.unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(tsang.kind, EntityKind::Person);
}

#[test]
fn tagger_spans_overlapping_a_stretch_or_holding_a_point_are_found() {
    let spans: Vec<(std::ops::Range<usize>, EntityKind)> =
        [0..5, 10..15, 20..25].into_iter().map(|r| (r, EntityKind::Person)).collect();
    let starts = |from, to| overlapping(&spans, from, to).iter().map(|(r, _)| r.start).collect::<Vec<_>>();
    assert_eq!(starts(7, 12), [10]);
    assert_eq!(starts(3, 22), [0, 10, 20]);
    assert_eq!(starts(5, 10), Vec::<usize>::new(), "touching is not overlapping");
    assert_eq!(starts(12, 12), [10], "a point strictly inside");
    assert_eq!(starts(10, 10), Vec::<usize>::new(), "a span's first byte is not inside it");
    assert_eq!(starts(30, 40), Vec::<usize>::new());
}

#[test]
fn a_long_paragraph_finds_its_names_as_short_ones_do() {
    // The same sentence many times in one paragraph: every copy yields the same names.
    let sentence = "Arvin Tal met Jo Vell in Ostley on Monday.";
    let one = extract_entities(&[sentence.to_string()]);
    let many = extract_entities(&[vec![sentence; 300].join(" ")]);
    assert_eq!(many.len(), 300 * one.len());
    let names = |mentions: &[EntityMention]| mentions.iter().map(|m| m.canonical.clone()).collect::<Vec<_>>();
    assert_eq!(names(&many[..one.len()]), names(&one));
}
