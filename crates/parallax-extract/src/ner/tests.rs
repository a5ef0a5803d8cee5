//! Tests of the whole tagger: the built-in model, the file format, and training end to end
//! on small synthetic documents.

use super::*;

fn check(sentence: &str, expected: &str) {
    let tokens: Vec<&str> = sentence.split(' ').collect();
    let tags: Vec<String> = tag(&tokens).iter().map(Tag::to_string).collect();
    assert_eq!(tags.join(" "), expected, "{sentence}");
}

#[test]
fn the_built_in_model_reads_and_tags_news() {
    let model = embedded_model().expect("the built-in model must be readable: retrain with `parallax train ner`");
    assert!(model.summary().n_stage1_features > 0);
    check("Angela Merkel met Jacques Chirac in Paris on Monday .", "B-PER I-PER O B-PER I-PER O B-LOC O O O");
    check(
        "Shares of Microsoft Corp rose 3 percent in New York on Tuesday .",
        "O O B-ORG I-ORG O O O O B-LOC I-LOC O O O",
    );
    check("The European Union said it would send aid to Sudan .", "O B-ORG I-ORG O O O O O O B-LOC O");
    assert!(tag(&[]).is_empty());
}

#[test]
fn entities_carry_byte_ranges_and_product_kinds() {
    let text = "Angela Merkel flew to Paris.\nShe met Jacques Chirac and officials of the United Nations.";
    let found = entities(text);
    let summary: Vec<(&str, EntityKind)> = found.iter().map(|e| (e.text.as_str(), e.entity_kind())).collect();
    assert_eq!(
        summary,
        [
            ("Angela Merkel", EntityKind::Person),
            ("Paris", EntityKind::Place),
            ("Jacques Chirac", EntityKind::Person),
            ("United Nations", EntityKind::Organization),
        ]
    );
    for entity in &found {
        assert_eq!(&text[entity.span.clone()], entity.text);
    }
    assert!(entities("").is_empty());
}

#[test]
fn the_model_file_round_trips() {
    let bytes = include_bytes!("../../models/ner.bin");
    let model = NerModel::from_bytes(bytes).expect("model");
    assert_eq!(model.to_bytes().as_slice(), bytes.as_slice());
}

#[test]
fn damaged_model_files_are_refused() {
    let bytes = include_bytes!("../../models/ner.bin").to_vec();
    assert_eq!(NerModel::from_bytes(&[]).err(), Some(ModelError::Empty));
    assert_eq!(NerModel::from_bytes(b"not a model at all").err(), Some(ModelError::NotAModel));
    let mut newer = bytes.clone();
    newer[6] = newer[6].wrapping_add(1);
    assert!(matches!(NerModel::from_bytes(&newer), Err(ModelError::UnsupportedVersion { .. })));
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    assert_eq!(NerModel::from_bytes(&flipped).err(), Some(ModelError::ChecksumMismatch));
    assert!(NerModel::from_bytes(&bytes[..bytes.len() - 100]).is_err());
}

/// Small documents in which the kind of a name shows in its context and its spelling.
fn synthetic_documents() -> Vec<LabeledDocument> {
    let people = ["Anna Berg", "Tom Hale", "Rita Moss", "Paul Quint", "Ida Lund", "Omar Farr"];
    let places = ["Lisbon", "Oslo", "Tunis", "Quito", "Hanoi", "Dakar"];
    let companies = ["Norvik Corp", "Delta Mills", "Ascot Group", "Brill Corp"];
    let mut documents = Vec::new();
    for d in 0..24 {
        let person = people[d % people.len()];
        let place = places[(d * 5 + 1) % places.len()];
        let company = companies[(d * 7 + 2) % companies.len()];
        let sentences = [
            format!("{person} arrived in {place} on Monday ."),
            format!("Shares of {company} rose in {place} ."),
            format!("{person} said the talks went well ."),
            format!("The minister met {person} at the offices of {company} ."),
        ];
        let kinds = [(person, "PER"), (place, "LOC"), (company, "ORG")];
        let labeled = sentences
            .iter()
            .map(|sentence| {
                let tokens: Vec<String> = sentence.split(' ').map(str::to_string).collect();
                let mut tags = vec![Tag::Outside; tokens.len()];
                for (name, kind) in kinds {
                    let name: Vec<&str> = name.split(' ').collect();
                    let kind = NerKind::from_conll(kind).expect("kind");
                    for start in 0..tokens.len() {
                        if tokens[start..].starts_with(&name.iter().map(|t| t.to_string()).collect::<Vec<_>>()) {
                            tags[start] = Tag::Begin(kind);
                            for tag in &mut tags[start + 1..start + name.len()] {
                                *tag = Tag::Inside(kind);
                            }
                        }
                    }
                }
                LabeledSentence { tokens, tags }
            })
            .collect();
        documents.push(LabeledDocument { sentences: labeled });
    }
    documents
}

fn train_small(documents: &[LabeledDocument], threads: usize) -> NerModel {
    let mut corpus = ClusterCorpus::new();
    for sentence in documents.iter().flat_map(|d| &d.sentences) {
        corpus.add_sentence(&sentence.tokens);
    }
    let cluster_config = ClusterConfig { classes: vec![8, 4], right_classes: vec![4], min_count: 2, iterations: 5 };
    let clusters = corpus.induce(&cluster_config, &mut |_| {});
    let config = TrainConfig { epochs: 4, stage2_epochs: 4, folds: 3, threads, seed: 7, min_weight: 0.0 };
    let lists = [ListedName { tokens: vec!["Lisbon".to_string()], kind: NerKind::Location }];
    let (model, report) = train(documents, clusters, &lists, &config, &mut |_| {});
    assert_eq!(report.n_documents, documents.len());
    assert!(report.jackknife_stage1_f1 > 0.5, "{report:?}");
    model
}

#[test]
fn training_learns_names_from_their_contexts_and_is_reproducible() {
    let documents = synthetic_documents();
    let model = train_small(&documents, 2);
    // New combinations of known names, and an unseen person in a known context.
    let tags = model.tag_sentence(&["Rita", "Moss", "arrived", "in", "Dakar", "on", "Monday", "."]);
    let expected = ["B-PER", "I-PER", "O", "O", "B-LOC", "O", "O", "O"];
    assert_eq!(tags.iter().map(Tag::to_string).collect::<Vec<_>>(), expected);
    let tags = model.tag_sentence(&["Shares", "of", "Brill", "Corp", "rose", "in", "Oslo", "."]);
    assert_eq!(tags[2..4], [Tag::Begin(NerKind::Organization), Tag::Inside(NerKind::Organization)]);
    // The same data give the same bytes, whatever the number of threads; and the bytes read back.
    let bytes = model.to_bytes();
    assert_eq!(train_small(&documents, 1).to_bytes(), bytes);
    let read = NerModel::from_bytes(&bytes).expect("model");
    assert_eq!(read.to_bytes(), bytes);
    assert_eq!(
        read.tag_sentence(&["Tom", "Hale", "said", "so", "."]),
        model.tag_sentence(&["Tom", "Hale", "said", "so", "."])
    );
}
