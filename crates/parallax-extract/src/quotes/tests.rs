use parallax_model::{Quote, QuoteKind};

use super::*;
use crate::entities::extract_entities;

fn quotes_of(paragraphs: &[&str], tagging: Tagging<'_>) -> (Vec<String>, Vec<Quote>) {
    let paragraphs: Vec<String> = paragraphs.iter().map(|p| (*p).to_string()).collect();
    let index = EntityIndex::new(&extract_entities(&paragraphs));
    let quotes = extract_quotes_with(&paragraphs, &index, tagging);
    (paragraphs, quotes)
}

/// Each quote as (text, speaker), as the product finds them (the rules and the built-in tagger).
fn check(paragraphs: &[&str], expected: &[(&str, Option<&str>)]) {
    let (_, quotes) = quotes_of(paragraphs, Tagging::Embedded);
    let found: Vec<(&str, Option<&str>)> = quotes.iter().map(|q| (q.text.as_str(), q.speaker.as_deref())).collect();
    assert_eq!(found, expected);
}

/// Each quote as (kind, source as written, cue as written, content pieces as written), as the
/// rules find them.
fn check_spans(paragraphs: &[&str], expected: &[(QuoteKind, &str, &str, &[&str])]) {
    let (paragraphs, quotes) = quotes_of(paragraphs, Tagging::RulesOnly);
    let text = |span: &TextSpan| paragraphs[span.paragraph][span.start..span.end].to_string();
    let found: Vec<(QuoteKind, String, String, Vec<String>)> = quotes
        .iter()
        .map(|q| {
            (
                q.kind,
                q.source_span.as_ref().map(text).unwrap_or_default(),
                q.cue_span.as_ref().map(text).unwrap_or_default(),
                q.content_spans.iter().map(text).collect(),
            )
        })
        .collect();
    let expected: Vec<(QuoteKind, String, String, Vec<String>)> = expected
        .iter()
        .map(|(kind, source, cue, content)| {
            (*kind, source.to_string(), cue.to_string(), content.iter().map(|c| c.to_string()).collect())
        })
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn cue_after_and_before() {
    check(
        &[
            "Foreign Minister Arvin Tal arrived on Friday.",
            "“We came to listen and to help,” Mr. Tal said. “The corridor must open.”",
            "Later, Tal said: “Nobody should be left behind in the valley.”",
            "“Every family deserves an answer today,” said Sora Vell.",
            "“We are counting every hour,” a source close to the talks said.",
        ],
        &[
            ("We came to listen and to help", Some("Arvin Tal")),
            ("The corridor must open.", Some("Arvin Tal")),
            ("Nobody should be left behind in the valley.", Some("Arvin Tal")),
            ("Every family deserves an answer today", Some("Sora Vell")),
            ("We are counting every hour", Some("a source close to the talks")),
        ],
    );
}

#[test]
fn pronouns_and_continuations() {
    check(
        &[
            "Governor Ilse Marrow said that the water was falling.",
            "“It rose all night,” said Pell Andersby. Marrow said crews were ready. “We will rebuild the roads,” she said.",
            "“We will rebuild the bridges first,” she said.",
            "“After that come the schools and the clinics.”",
            "“Rain is forecast again on Sunday, so stay alert,” responded Marrow.",
        ],
        &[
            ("that the water was falling", Some("Ilse Marrow")),
            ("It rose all night", Some("Pell Andersby")),
            ("crews were ready", Some("Ilse Marrow")),
            ("We will rebuild the roads", Some("Ilse Marrow")),
            ("We will rebuild the bridges first", Some("Ilse Marrow")),
            ("After that come the schools and the clinics.", Some("Ilse Marrow")),
            ("Rain is forecast again on Sunday, so stay alert", Some("Ilse Marrow")),
        ],
    );
}

#[test]
fn spans_of_each_shape() {
    use QuoteKind::{Direct, Indirect, Mixed};
    check_spans(
        &["Senator Lia Brandt said that the budget would pass."],
        &[(Indirect, "Senator Lia Brandt", "said", &["that the budget would pass"])],
    );
    check_spans(
        &["The budget will pass this week, Brandt said."],
        &[(Indirect, "Brandt", "said", &["The budget will pass this week"])],
    );
    check_spans(
        &["According to two officials, the vote was delayed."],
        &[(Indirect, "two officials", "According to", &["the vote was delayed"])],
    );
    check_spans(
        &["The vote was delayed, according to two officials."],
        &[(Indirect, "two officials", "according to", &["The vote was delayed"])],
    );
    check_spans(
        &["Brandt told reporters on Monday that the vote was delayed."],
        &[(Indirect, "Brandt", "told", &["that the vote was delayed"])],
    );
    check_spans(
        &["Brandt has also warned that the deal could collapse."],
        &[(Indirect, "Brandt", "has also warned", &["that the deal could collapse"])],
    );
    check_spans(
        &["“It is over,” Brandt said, “and we lost.”"],
        &[(Direct, "Brandt", "said", &["“It is over,”"]), (Direct, "Brandt", "said", &["“and we lost.”"])],
    );
    check_spans(
        &["Brandt said the talks were “very productive” on Monday."],
        &[(Mixed, "Brandt", "said", &["the talks were “very productive” on Monday"])],
    );
    check_spans(&["Brandt: “We will win this vote.”"], &[(Direct, "Brandt", ":", &["“We will win this vote.”"])]);
    check_spans(
        &["Ross Dale, a spokesman for the council, said the plan was dead."],
        &[(Indirect, "Ross Dale, a spokesman for the council,", "said", &["the plan was dead"])],
    );
}

#[test]
fn signed_quotes_and_transcripts() {
    use QuoteKind::{Direct, Indirect};
    check_spans(
        &["“The bridge closed and nobody told us. We waited for hours.” ― Mara Quill"],
        &[(Direct, "Mara Quill", "―", &["“The bridge closed and nobody told us. We waited for hours.”"])],
    );
    check_spans(
        &["Oren B. Dace — “I voted for the first time this year.”"],
        &[(Direct, "Oren B. Dace", "—", &["“I voted for the first time this year.”"])],
    );
    // Marks paired the wrong way round make no passage in quotation marks, but still sign.
    check_spans(
        &["”Too little, too late. The market lost its best month.”– Ines Faro"],
        &[(Indirect, "Ines Faro", "–", &["”Too little, too late. The market lost its best month.”"])],
    );
    // A transcript quoted as a whole: each turn opens with a quotation mark left open.
    check_spans(
        &["\"HOST: Will the council vote before the holiday?", "\"VARGA: It will, and the plan will pass."],
        &[
            (Direct, "HOST", ":", &["Will the council vote before the holiday?"]),
            (Direct, "VARGA", ":", &["It will, and the plan will pass."]),
        ],
    );
    check(
        &["\"HOST: Will the council vote before the holiday?", "\"VARGA: It will, and the plan will pass."],
        &[
            ("Will the council vote before the holiday?", Some("HOST")),
            ("It will, and the plan will pass.", Some("VARGA")),
        ],
    );
    // A transcript without quotation marks: each turn is one quote in its speaker's words,
    // whatever its sentences say ("say" in a question is no cue of the host's).
    let turns = [
        "ABEL ROTH: Did the mill close before the flood reached it?",
        "KAYE: It did. We sent everyone home at noon, and the water came at four.",
        "ABEL ROTH: Critics say the warning came too late.",
    ];
    check_spans(
        &turns,
        &[
            (Direct, "ABEL ROTH", ":", &["Did the mill close before the flood reached it"]),
            (Direct, "KAYE", ":", &["It did. We sent everyone home at noon, and the water came at four"]),
            (Direct, "ABEL ROTH", ":", &["Critics say the warning came too late"]),
        ],
    );
    check(
        &turns,
        &[
            ("Did the mill close before the flood reached it?", Some("ABEL ROTH")),
            ("It did. We sent everyone home at noon, and the water came at four.", Some("KAYE")),
            ("Critics say the warning came too late.", Some("ABEL ROTH")),
        ],
    );
    // A headline's `S: T` gives T as spoken, up to the end of its sentence only.
    let (_, quotes) =
        quotes_of(&["Marlow: We will rebuild the pier! The council meets on Friday."], Tagging::RulesOnly);
    let found: Vec<(&str, QuoteKind)> = quotes.iter().map(|q| (q.text.as_str(), q.kind)).collect();
    assert_eq!(found, [("We will rebuild the pier!", Direct)]);
    // A label in capitals is no speaker's turn, and a label is no headline's speaker.
    assert!(!analyse("UPDATE: The mill reopened on Monday after the water receded.").settled);
    for label in ["UPDATE", "Update", "Editor's note", "Correction", "NOTES", "Background"] {
        let (_, quotes) =
            quotes_of(&[&format!("{label}: The mill reopened on Monday after the water receded.")], Tagging::RulesOnly);
        assert!(quotes.is_empty(), "{label}: {quotes:?}");
    }
    // A dash inside a sentence signs nothing.
    check_spans(&["The storm — the worst in years — closed the port."], &[]);
    check(
        &["“Nobody asked the fishermen what they needed.” ― Teo Marsh"],
        &[("Nobody asked the fishermen what they needed.", Some("Teo Marsh"))],
    );
}

#[test]
fn quotation_styles() {
    for text in [
        "“The river is rising fast,” said Pell Andersby.",
        "\"The river is rising fast,\" said Pell Andersby.",
        "«The river is rising fast», said Pell Andersby.",
        "‘The river is rising fast,’ said Pell Andersby.",
    ] {
        check(&[text], &[("The river is rising fast", Some("Pell Andersby"))]);
    }
}

#[test]
fn multi_paragraph_quotes() {
    check(
        &[
            "Mayor Pell Andersby spoke on Friday.",
            "“We will rebuild every road in this valley,” Andersby said. “And we will start with the bridges.",
            "“Then come the schools, because they matter most.”",
        ],
        &[
            ("We will rebuild every road in this valley", Some("Pell Andersby")),
            ("And we will start with the bridges.", Some("Pell Andersby")),
            ("Then come the schools, because they matter most.", Some("Pell Andersby")),
        ],
    );
}

#[test]
fn reported_speech_speakers() {
    check(
        &[
            "Senator Lia Brandt told reporters on Monday that the vote would be delayed.",
            "She argued that the delay would help the bill pass.",
            "The bill will fail, Ross Dale warned.",
            "According to Dale, two members had already left.",
        ],
        &[
            ("that the vote would be delayed", Some("Lia Brandt")),
            ("that the delay would help the bill pass", Some("Lia Brandt")),
            ("The bill will fail", Some("Ross Dale")),
            ("two members had already left", Some("Ross Dale")),
        ],
    );
}

#[test]
fn nested_and_partial_quotes() {
    use QuoteKind::{Direct, Mixed};
    check_spans(
        &["“They told us ‘wait’ for a week,” Brandt said."],
        &[(Direct, "Brandt", "said", &["“They told us ‘wait’ for a week,”"])],
    );
    check_spans(
        &["Brandt claimed the plan was “dead on arrival” and left."],
        &[(Mixed, "Brandt", "claimed", &["the plan was “dead on arrival” and left"])],
    );
}

#[test]
fn anonymous_sources() {
    check(
        &[
            "“The talks are stuck,” a source familiar with the matter said.",
            "Officials said the border would stay closed.",
            "Diplomats in Kerrin described the meeting as tense.",
            "Veskian officials said the dam would hold.",
        ],
        &[
            ("The talks are stuck", Some("a source familiar with the matter")),
            ("the border would stay closed", Some("officials")),
            ("the meeting as tense", Some("diplomats in Kerrin")),
            ("the dam would hold", Some("Veskian officials")),
        ],
    );
}

#[test]
fn cue_heads() {
    assert_eq!(cue_head("has also said"), Some((9, "said".to_string())));
    assert_eq!(cue_head("according to"), Some((0, "according".to_string())));
}

#[test]
fn odd_input_does_not_panic() {
    let odd = [
        "",
        "“",
        "”",
        "\"\"\"",
        "'",
        "''",
        "‘’‘",
        "said",
        ", said.",
        "According to",
        "according to ,",
        ": “",
        "He said: “",
        "“”, said ,",
        "Tal’s’ ’s said ’",
        "İstanbul’S mayor said it’S over.",
        "— said — “a” — said —",
    ];
    for text in odd {
        let _ = quotes_of(&[text, text], Tagging::Embedded);
        let _ = quotes_of(&[text], Tagging::RulesOnly);
    }
    let long = "word, said Tal, “and more, ".repeat(400);
    let _ = quotes_of(&[long.as_str()], Tagging::Embedded);
}

#[test]
fn a_pronoun_skips_the_last_person_known_by_the_other_one() {
    check(
        &[
            "Nora Quell said the plan would fail. She said: \"It cannot work.\"",
            "Tomas Brandt, chairman of the board, said there was no problem. He said: \"We will go on.\"",
            "She said her plan meant \"a fresh start for everyone.\"",
        ],
        &[
            ("the plan would fail", Some("Nora Quell")),
            ("It cannot work.", Some("Nora Quell")),
            ("there was no problem", Some("Tomas Brandt")),
            ("We will go on.", Some("Tomas Brandt")),
            ("her plan meant \"a fresh start for everyone.\"", Some("Nora Quell")),
        ],
    );
    check(
        &["Tomas Brandt said the board would meet. His message to the board was: \"We will go on.\""],
        &[("the board would meet", Some("Tomas Brandt")), ("We will go on.", Some("Tomas Brandt"))],
    );
}

#[test]
fn a_relative_pronoun_speaks_for_the_name_it_hangs_on() {
    check(
        &[
            "Wenna Holt chaired the panel. The jury included Ravi Dunmore, who called the book \"a quiet triumph\" on Monday.",
        ],
        &[("the book \"a quiet triumph\"", Some("Ravi Dunmore"))],
    );
}

#[test]
fn every_relative_pronoun_source_stands_for_its_antecedent() {
    let mentions = crate::extract_entities(&["Ravi Dunmore and Wenna Holt met.".to_string()]);
    let index = EntityIndex::new(&mentions);
    for pronoun in ["who", "whom", "whose", "which", "that"] {
        let mut speakers = super::speaker::Speakers::new(&index);
        let resolved = speakers.resolve_after(pronoun, "The jury included Ravi Dunmore, ");
        assert_eq!(resolved.map(|(name, _)| name).as_deref(), Some("Ravi Dunmore"), "{pronoun}");
        let mut speakers = super::speaker::Speakers::new(&index);
        assert_eq!(speakers.resolve_after(pronoun, "The 47-year-old, "), None, "{pronoun}: no one named before it");
    }
}

#[test]
fn before_anyone_speaks_a_pronoun_stands_for_the_last_person_named() {
    check(
        &[
            "Tomas Brandt was taken off in the second half as coach Ilse Varga watched from the stand.",
            "Brandt left the ground early. Varga stayed. But she said: \"I would meet the player again.\"",
        ],
        &[("I would meet the player again.", Some("Ilse Varga"))],
    );
}

#[test]
fn a_participle_without_a_source_speaks_for_its_sentences_subject() {
    check(
        &["The union said the club had failed the player. And Tomas Brandt agreed, adding: \"It is unfair.\""],
        &[("the club had failed the player", Some("the union")), ("It is unfair.", Some("Tomas Brandt"))],
    );
}

/// The quotes of one paragraph whose tokens are labelled as given (token text, label:
/// O, S/s for the first and later tokens of a source, C/c cue, T/t content).
fn quotes_from_labels(tokens: &[(&str, char)]) -> Vec<(String, String, Vec<String>)> {
    let text = tokens.iter().map(|(t, _)| *t).collect::<Vec<_>>().join(" ");
    let mut analysis = analyse(&text);
    let words: Vec<&str> = analysis.para.tokens.iter().map(|t| t.text).collect();
    assert_eq!(words, tokens.iter().map(|(t, _)| *t).collect::<Vec<_>>(), "one label per token");
    let labels: Vec<u8> = tokens.iter().map(|(_, l)| "OSsCcTt".find(*l).expect("label") as u8).collect();
    tagger::retag_with(&mut analysis, &labels, tagger::Labeller::Encoder);
    let index = EntityIndex::new(&extract_entities(std::slice::from_ref(&text)));
    let span = |s: &TextSpan| text[s.start..s.end].to_string();
    build_quotes(&[analysis], &index)
        .iter()
        .map(|q| {
            let source = q.source_span.as_ref().map(span).unwrap_or_default();
            let cue = q.cue_span.as_ref().map(span).unwrap_or_default();
            (source, cue, q.content_spans.iter().map(span).collect())
        })
        .collect()
}

#[test]
fn a_cue_or_source_begun_where_one_ends_continues_it() {
    let quotes = quotes_from_labels(&[
        ("Wenna", 'S'),
        ("Holt", 's'),
        ("now", 'C'),
        ("says", 'C'),
        ("the", 'T'),
        ("pier", 't'),
        ("will", 't'),
        ("close", 't'),
        (".", 'O'),
    ]);
    assert_eq!(quotes, [("Wenna Holt".into(), "now says".into(), vec!["the pier will close".to_string()])]);
}

#[test]
fn a_source_whose_cue_took_no_content_speaks_through_the_next_cue() {
    let quotes = quotes_from_labels(&[
        ("Holt", 'S'),
        ("posted", 'C'),
        ("a", 'c'),
        ("message", 'c'),
        ("on", 'O'),
        ("Friday", 'O'),
        ("saying", 'C'),
        ("the", 'T'),
        ("pier", 't'),
        ("will", 't'),
        ("close", 't'),
        (".", 'O'),
    ]);
    assert_eq!(quotes, [("Holt".into(), "saying".into(), vec!["the pier will close".to_string()])]);
}

#[test]
fn an_encoder_replaces_the_tagger_and_a_broken_one_is_refused() {
    use parallax_encoder::testing::{VOCABULARY, model};
    let config = r#"{"num_attention_heads": 2}"#;
    let vocabulary = VOCABULARY.join("\n");
    // Every token outside any span: the encoder finds no quote where the tagger finds one.
    let outside = model(7, Some(&[0.0, -9.0, -9.0, -9.0, -9.0, -9.0, -9.0]), None);
    let encoder = QuoteEncoder::from_parts(&outside, &vocabulary, config).expect("encoder");
    let paragraph = ["The senator said the pier would close on Friday."];
    assert!(!quotes_of(&paragraph, Tagging::Embedded).1.is_empty(), "the built-in tagger finds it");
    assert!(quotes_of(&paragraph, Tagging::Encoder(&encoder)).1.is_empty());
    let three = model(3, None, None);
    let error = QuoteEncoder::from_parts(&three, &vocabulary, config).expect_err("3 labels");
    assert!(error.to_string().contains("3 labels"), "{error}");
    let error = QuoteEncoder::from_parts(&outside, &vocabulary, "{}").expect_err("no heads");
    assert!(error.to_string().contains("num_attention_heads"), "{error}");
}

/// A name spelt like an inflected cue verb ("Sayeed" would stem to "say") is no cue inside a
/// sentence; in a headline written in title case, "Says" still is.
#[test]
fn names_are_not_cues_but_headline_verbs_are() {
    check(
        &[
            "Senator Mara Vell Says Talks Will Resume in May",
            "Councillor Omar Sayeed is to step down from the board after a vote on Monday.",
            "Mr Sayeed was fined last year. Mr Sayeed denied the claims, saying the ruling was \"harsh and unfair\" but he apologised.",
        ],
        &[
            ("Talks Will Resume in May", Some("Mara Vell")),
            ("the claims", Some("Omar Sayeed")),
            ("the ruling was \"harsh and unfair\" but he apologised", Some("Omar Sayeed")),
        ],
    );
}

/// A source names its speaker whole: an office or body with its joining words, the person an
/// apposition names, the person after an owner; a conjunction standing for a dropped subject
/// is the previous speaker.
#[test]
fn sources_named_whole() {
    check(
        &[
            "The Archbishop of Kerrin said: \"The bells will ring at noon.\"",
            "In a statement, the Department of Roads and Rivers said the bridge would reopen in June.",
            "Environment, Food and Farming Secretary Tessa Vane, who visited the valley, said: \"We will rebuild.\"",
            "Tessa Vane spoke first. But told reporters: \"Nobody will be forgotten.\"",
            "Water Watch's Jon Hale said: \"The levees failed twice.\"",
            "Lara Brand of Save the Rivers said the plan came too late.",
            "A spokesman for the Kerrin embassy in Dunmore said: \"We were not told.\"",
            "Tom Vell arrived in Dunmore on Monday.",
            "Chief Secretary to the Treasury Tom Vell said the money had been spent.",
            "Mr Vell's statement said the audit was complete.",
            "A spokesman for Tom Vell said: \"He is resting.\"",
            "An aide to Finance Secretary Tom Vell said the vote was close.",
            "A Kerrin Water spokeswoman confirmed the pipes were old. \"Nobody was hurt,\" she said.",
        ],
        &[
            ("The bells will ring at noon.", Some("Archbishop of Kerrin")),
            ("the bridge would reopen in June", Some("Department of Roads and Rivers")),
            ("We will rebuild.", Some("Tessa Vane")),
            ("Nobody will be forgotten.", Some("Tessa Vane")),
            ("The levees failed twice.", Some("Jon Hale")),
            ("the plan came too late", Some("Lara Brand")),
            ("We were not told.", Some("a spokesman for the Kerrin embassy in Dunmore")),
            ("the money had been spent", Some("Tom Vell")),
            ("the audit was complete", Some("Tom Vell")),
            ("He is resting.", Some("a spokesman for Tom Vell")),
            ("the vote was close", Some("an aide to Finance Secretary Tom Vell")),
            ("the pipes were old", Some("a Kerrin Water spokeswoman")),
            ("Nobody was hurt", Some("a Kerrin Water spokeswoman")),
        ],
    );
}

/// A source read too far ends at its first verb: the speaker is the noun phrase before it.
#[test]
fn a_source_ends_at_its_verb() {
    let index = EntityIndex::new(&[]);
    let mut speakers = speaker::Speakers::new(&index);
    let resolved = speakers.resolve("The party leader will also call for calm");
    assert_eq!(resolved, Some(("the party leader".to_string(), SpeakerKind::Anonymous)));
    let resolved = speakers.resolve("a spokesman who asked not to be named");
    assert_eq!(resolved, Some(("a spokesman".to_string(), SpeakerKind::Anonymous)));
}

/// "The Tory leader" stands for the person the article introduced by that role; a role two
/// people bear stands for neither.
#[test]
fn a_definite_role_is_the_person_it_introduced() {
    check(
        &[
            "Tory leader Mara Finch spoke in Leeds on Monday, as Prime Minister Tom Vell toured Dunmore.",
            "Deputy Prime Minister Ola Brand stayed in the capital.",
            "\"We will win the seat back,\" the Tory leader said.",
            "The prime minister said the harbour would be rebuilt.",
        ],
        &[("We will win the seat back", Some("Mara Finch")), ("the harbour would be rebuilt", Some("Tom Vell"))],
    );
    check(
        &["Council leader Ann Roe met party leader Tom Vell on Monday.", "\"It went well,\" the leader said."],
        &[("It went well", Some("the leader"))],
    );
}

/// "He" opening the sentence after one whose subject is a person is that person, though
/// someone else spoke last.
#[test]
fn a_pronoun_after_a_sentence_about_a_person_is_that_person() {
    check(
        &[
            "Finance Minister Tom Vell said the cuts would fund more teachers.",
            "Piet Brand is a clerk at the tax office in Dunmore. He said: \"We were never asked.\"",
        ],
        &[("the cuts would fund more teachers", Some("Tom Vell")), ("We were never asked.", Some("Piet Brand"))],
    );
    // A sentence before the pronoun that ends in a curly quotation mark (three bytes).
    let (_, quotes) = quotes_of(&["The manager, who said “no”, left. He said: “We knew.”"], Tagging::Embedded);
    assert!(quotes.iter().any(|q| q.text == "We knew."), "{quotes:?}");
    // Not the owner the sentence opens with.
    check(
        &[
            "Finance Minister Tom Vell spoke first.",
            "But Mr Vell's adviser Ida Roos said the plan was sound. She added: \"It will work.\"",
        ],
        &[("the plan was sound", Some("Ida Roos")), ("It will work.", Some("Ida Roos"))],
    );
}

/// "Said one" after a group of sources is one of that group; "another" too.
#[test]
fn one_of_a_group() {
    check(
        &[
            "Traders said the price would fall. \"Nobody is buying,\" said one. \"It is over,\" another said.",
            "Other brokers said the market was calm. \"We wait,\" one said.",
        ],
        &[
            ("the price would fall", Some("traders")),
            ("Nobody is buying", Some("one of the traders")),
            ("It is over", Some("another of the traders")),
            ("the market was calm", Some("other brokers")),
            ("We wait", Some("one of the other brokers")),
        ],
    );
}
