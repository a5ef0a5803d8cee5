use super::*;
use crate::testing::{VOCABULARY, model as tiny};

const LABELS: usize = 3;

fn model(head_bias: Option<[f32; LABELS]>, drop: Option<&str>) -> Vec<u8> {
    tiny(LABELS, head_bias.as_ref().map(|b| b.as_slice()), drop)
}

fn classifier(head_bias: Option<[f32; LABELS]>) -> TokenClassifier {
    TokenClassifier::from_parts(&model(head_bias, None), &VOCABULARY.join("\n"), 2, false).expect("classifier")
}

#[test]
fn every_word_gets_a_distribution_over_the_labels() {
    let c = classifier(None);
    assert_eq!(c.labels(), LABELS);
    let scores = c.word_scores(&["The", "senator", "said", "it", "."]);
    assert_eq!(scores.len(), 5);
    for s in &scores {
        let s = s.as_ref().expect("scores");
        assert_eq!(s.len(), LABELS);
        let total: f32 = s.iter().map(|v| v.exp()).sum();
        assert!((total - 1.0).abs() < 1e-5, "{total}");
    }
}

#[test]
fn the_head_bias_alone_gives_its_softmax() {
    let c = classifier(Some([0.2f32.ln(), 0.3f32.ln(), 0.5f32.ln()]));
    let scores = c.word_scores(&["senator"]);
    let s = scores[0].as_ref().expect("scores");
    for (got, want) in s.iter().zip([0.2f32, 0.3, 0.5]) {
        assert!((got.exp() - want).abs() < 1e-6, "{s:?}");
    }
}

#[test]
fn a_word_reads_its_neighbours() {
    let c = classifier(None);
    let a = c.word_scores(&["the", "senator", "said"]);
    let b = c.word_scores(&["the", "senator", "it"]);
    assert_ne!(a[1], b[1], "attention mixes in the context");
    assert_eq!(a, c.word_scores(&["the", "senator", "said"]), "deterministic");
}

#[test]
fn case_types_tell_capitals_apart() {
    let cased = TokenClassifier::from_parts(&model(None, None), &VOCABULARY.join("\n"), 2, true).expect("cased");
    let plain = classifier(None);
    assert_eq!(plain.word_scores(&["The", "senator"]), plain.word_scores(&["the", "senator"]));
    assert_ne!(cased.word_scores(&["The", "senator"]), cased.word_scores(&["the", "senator"]));
}

#[test]
fn long_inputs_are_read_in_windows_and_empty_words_get_nothing() {
    let c = classifier(None);
    // 8 positions: 6 pieces per window.
    let words = ["the", "senator", "said", ",", "the", "senator", "said", "it", "\u{200b}", "."];
    let scores = c.word_scores(&words);
    assert_eq!(scores.len(), words.len());
    for (word, s) in words.iter().zip(&scores) {
        assert_eq!(s.is_none(), *word == "\u{200b}", "{word}");
    }
    assert!(c.word_scores(&[]).is_empty());
}

#[test]
fn broken_weights_are_refused_with_the_reason() {
    let vocabulary = VOCABULARY.join("\n");
    let error = TokenClassifier::from_parts(&[1, 2, 3], &vocabulary, 2, false).expect_err("short");
    assert!(error.to_string().contains("header"), "{error}");
    let mut bytes = model(None, None);
    bytes.truncate(bytes.len() - 4);
    let error = TokenClassifier::from_parts(&bytes, &vocabulary, 2, false).expect_err("truncated");
    assert!(error.to_string().contains("past the end"), "{error}");
    let mut huge = model(None, None);
    let header_len = u64::from_le_bytes(huge[..8].try_into().expect("8 bytes")) as usize;
    let header = String::from_utf8(huge[8..8 + header_len].to_vec()).expect("header");
    let swollen = header.replacen("[10,4]", "[18446744073709551615,4]", 1);
    huge.splice(8..8 + header_len, swollen.bytes());
    huge[..8].copy_from_slice(&(swollen.len() as u64).to_le_bytes());
    let error = TokenClassifier::from_parts(&huge, &vocabulary, 2, false).expect_err("overflowing shape");
    assert!(error.to_string().contains("does not match the shape"), "{error}");
    let bytes = model(None, Some("classifier.bias"));
    let error = TokenClassifier::from_parts(&bytes, &vocabulary, 2, false).expect_err("no head bias");
    assert!(error.to_string().contains("classifier.bias"), "{error}");
    let error = TokenClassifier::from_parts(&model(None, None), &vocabulary, 3, false).expect_err("heads");
    assert!(error.to_string().contains("hidden size"), "{error}");
    let error =
        TokenClassifier::from_parts(&model(None, None), "[UNK]\n[CLS]\n[SEP]", 2, false).expect_err("vocabulary");
    assert!(matches!(error, EncoderError::Mismatch { vocabulary: 3, embedded: 10 }), "{error}");
}
