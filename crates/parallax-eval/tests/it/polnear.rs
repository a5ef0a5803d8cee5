//! PolNeAR dev: quote attribution as `parallax eval quotes` scores it.

use std::path::{Path, PathBuf};

use parallax_eval::quotes::{ErrorListing, evaluate_quotes};
use parallax_extract::quotes::Tagging;

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
    // Issue 5 asks for 0.85 on both; content reaches it (0.867 when measured), source does not
    // yet (0.722): this floor keeps what is reached.
    assert!(e.content.overlap.f1 >= 0.85, "content overlap F1 {:.3}", e.content.overlap.f1);
    assert!(e.source.overlap.f1 >= 0.70, "source overlap F1 {:.3}", e.source.overlap.f1);
    let rules = evaluate_quotes(&articles, ErrorListing::Drop, Tagging::RulesOnly);
    assert!(rules.content.overlap.f1 < e.content.overlap.f1, "the tagger improves on the rules");
}
