use super::*;

/// A tiny treebank written for the tests: determiners, nouns, verbs of saying.
fn sentences() -> Vec<TaggedSentence> {
    let rows: &[&[(&str, &str, &str)]] = &[
        &[
            ("The", "DT", "B-NP"),
            ("minister", "NN", "I-NP"),
            ("said", "VBD", "B-VP"),
            ("talks", "NNS", "B-NP"),
            ("failed", "VBD", "B-VP"),
        ],
        &[
            ("A", "DT", "B-NP"),
            ("spokesman", "NN", "I-NP"),
            ("denied", "VBD", "B-VP"),
            ("the", "DT", "B-NP"),
            ("report", "NN", "I-NP"),
        ],
        &[
            ("The", "DT", "B-NP"),
            ("army", "NN", "I-NP"),
            ("said", "VBD", "B-VP"),
            ("the", "DT", "B-NP"),
            ("raid", "NN", "I-NP"),
            ("ended", "VBD", "B-VP"),
        ],
        &[("Officials", "NNS", "B-NP"), ("denied", "VBD", "B-VP"), ("reports", "NNS", "B-NP")],
    ];
    rows.iter()
        .map(|row| TaggedSentence {
            tokens: row.iter().map(|r| r.0.to_string()).collect(),
            pos: row.iter().map(|r| r.1.to_string()).collect(),
            chunks: row.iter().map(|r| r.2.to_string()).collect(),
        })
        .collect()
}

#[test]
fn learns_tags_and_chunks_it_was_shown_and_round_trips() {
    let (model, report) = train(&sentences(), &SyntaxTrainConfig { epochs: 10, ..SyntaxTrainConfig::default() });
    assert_eq!(report.n_sentences, 4);
    assert_eq!(report.pos_errors.last(), Some(&0), "{report:?}");
    let tags = model.tag(&["A", "minister", "denied", "the", "report"]);
    let pos: Vec<&str> = tags.iter().map(|t| t.pos).collect();
    let chunks: Vec<&str> = tags.iter().map(|t| t.chunk).collect();
    assert_eq!(pos, ["DT", "NN", "VBD", "DT", "NN"]);
    assert_eq!(chunks, ["B-NP", "I-NP", "B-VP", "B-NP", "I-NP"]);
    let bytes = model.to_bytes();
    let again = SyntaxModel::from_bytes(&bytes).expect("round trip");
    assert_eq!(again.tag(&["A", "minister", "denied", "the", "report"]), tags);
    assert_eq!(again.to_bytes(), bytes, "serialising is stable");
    // Training again gives the same bytes.
    let (same, _) = train(&sentences(), &SyntaxTrainConfig { epochs: 10, ..SyntaxTrainConfig::default() });
    assert_eq!(same.to_bytes(), bytes);
}

#[test]
fn damaged_model_bytes_are_refused_with_a_reason() {
    let (model, _) = train(&sentences(), &SyntaxTrainConfig::default());
    let bytes = model.to_bytes();
    assert_eq!(SyntaxModel::from_bytes(&[]).err(), Some(ModelError::Empty));
    assert_eq!(SyntaxModel::from_bytes(b"PLXNER\x01\x00").err(), Some(ModelError::NotAModel));
    let mut flipped = bytes.clone();
    flipped[12] ^= 0x40;
    assert_eq!(SyntaxModel::from_bytes(&flipped).err(), Some(ModelError::ChecksumMismatch));
    for cut in [9, bytes.len() / 2, bytes.len() - 1] {
        assert!(SyntaxModel::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
}

#[test]
fn reading_columns_joins_clitics_and_reports_bad_lines() {
    let text = "-DOCSTART- -X- -X- O\n\nHamas NNP B-NP B-ORG\n's POS B-NP O\nleader NN I-NP O\ndoes VBZ B-VP O\nn't RB I-VP O\nspeak VB I-VP O\n\n";
    let sentences = read_columns(text).expect("reads");
    assert_eq!(sentences.len(), 1);
    assert_eq!(sentences[0].tokens, ["Hamas's", "leader", "doesn't", "speak"]);
    assert_eq!(sentences[0].pos, ["NNP", "NN", "VBZ", "VB"]);
    assert_eq!(read_columns("word NN B-NP\noops\n"), Err(2));
}

#[test]
fn built_in_model_tags_news_prose() {
    let model = embedded_model().expect("the built-in syntax model loads");
    let tags = model.tag(&[
        "The",
        "foreign",
        "minister",
        "told",
        "reporters",
        "on",
        "Friday",
        "that",
        "talks",
        "had",
        "stalled",
        ".",
    ]);
    let pos: Vec<&str> = tags.iter().map(|t| t.pos).collect();
    assert_eq!(pos[0], "DT");
    assert!(pos[2].starts_with("NN") && pos[3].starts_with("VB") && pos[4].starts_with("NN"), "{pos:?}");
    assert_eq!(tags[0].chunk, "B-NP");
    assert_eq!(tags[3].chunk, "B-VP");
    assert!(tag::<&str>(&[]).is_empty());
}
