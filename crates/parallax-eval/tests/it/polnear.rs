//! PolNeAR dev: quote attribution as `parallax eval quotes` scores it.

use std::path::{Path, PathBuf};

use parallax_eval::quotes::{ErrorListing, evaluate_quotes};
use parallax_extract::quotes::{QuoteEncoder, Tagging};

fn data() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/quotes/polnear/dev");
    if path.join("attributions").is_dir() {
        Some(path)
    } else {
        eprintln!("skipped: PolNeAR dev not found at {}", path.display());
        None
    }
}

#[test]
fn dev_scores_hold() {
    let Some(data) = data() else { return };
    let articles = parallax_eval::polnear::load(&data).expect("PolNeAR dev");
    assert_eq!(articles.len(), 84, "one annotation per article");
    let e = evaluate_quotes(&articles, ErrorListing::Drop, Tagging::Embedded);
    eprintln!(
        "content overlap F1 {:.3}, source overlap F1 {:.3}, attribution overlap F1 {:.3}",
        e.content.overlap.f1, e.source.overlap.f1, e.attribution_overlap.f1
    );
    // Issue 5 asks for 0.85 on both; the built-in tagger reaches it for content (0.886) but not
    // for sources (0.774; the quote encoder does, below): this floor keeps what is reached.
    assert!(e.content.overlap.f1 >= 0.85, "content overlap F1 {:.3}", e.content.overlap.f1);
    assert!(e.source.overlap.f1 >= 0.70, "source overlap F1 {:.3}", e.source.overlap.f1);
    let rules = evaluate_quotes(&articles, ErrorListing::Drop, Tagging::RulesOnly);
    assert!(rules.content.overlap.f1 < e.content.overlap.f1, "the tagger improves on the rules");
}

/// The quote encoder that `scripts/quote-encoder/build.sh` trains, when
/// `PARALLAX_QUOTE_ENCODER` names its folder (CI builds one).
#[test]
fn the_quote_encoder_reaches_the_targets() {
    let Some(data) = data() else { return };
    let Some(dir) = std::env::var_os("PARALLAX_QUOTE_ENCODER").map(PathBuf::from) else {
        eprintln!("skipped: PARALLAX_QUOTE_ENCODER names no quote encoder (scripts/quote-encoder/build.sh builds one)");
        return;
    };
    let read =
        |name: &str| std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()));
    let text = |name: &str| String::from_utf8(read(name)).expect("UTF-8");
    let encoder = QuoteEncoder::from_parts(&read("model.safetensors"), &text("vocab.txt"), &text("config.json"))
        .expect("quote encoder");
    let articles = parallax_eval::polnear::load(&data).expect("PolNeAR dev");
    let e = evaluate_quotes(&articles, ErrorListing::Drop, Tagging::Encoder(&encoder));
    eprintln!(
        "quote encoder: content overlap F1 {:.3}, source overlap F1 {:.3}, attribution overlap F1 {:.3}",
        e.content.overlap.f1, e.source.overlap.f1, e.attribution_overlap.f1
    );
    assert!(e.content.overlap.f1 >= 0.85, "content overlap F1 {:.3}", e.content.overlap.f1);
    assert!(e.source.overlap.f1 >= 0.85, "source overlap F1 {:.3}", e.source.overlap.f1);
}
