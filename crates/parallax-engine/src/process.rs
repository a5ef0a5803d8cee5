//! Clean and extract documents on all cores, results in input order.

use parallax_model::{CleanArticle, Extraction, RawDoc, RejectReason, Rejection};
use parallax_text::CleanConfig;

use crate::Progress;

/// One document after cleaning and extraction.
#[derive(Debug, Clone)]
pub struct Processed {
    pub article: CleanArticle,
    pub extraction: Extraction,
    /// Where it was read from.
    pub source: String,
}

/// Cleans and extracts every document. The output order is the input order.
pub fn process_docs(
    docs: Vec<RawDoc>,
    config: &CleanConfig,
    progress: &dyn Progress,
) -> (Vec<Processed>, Vec<Rejection>) {
    progress.begin("analysing", docs.len() as u64);
    let n_threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = docs.len().div_ceil(n_threads).max(1);
    let results: Vec<Result<Processed, Rejection>> = std::thread::scope(|scope| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|doc| {
                            let result =
                                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process_one(doc, config)))
                                    .unwrap_or_else(|_| {
                                        Err(Rejection {
                                            input: doc.origin.clone(),
                                            reason: RejectReason::Internal { stage: "processing".into() },
                                        })
                                    });
                            progress.advance(1);
                            result
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|handle| handle.join().unwrap_or_default()).collect::<Vec<_>>()
    });
    progress.end();
    let mut processed = Vec::new();
    let mut rejections = Vec::new();
    for result in results {
        match result {
            Ok(item) => processed.push(item),
            Err(rejection) => rejections.push(rejection),
        }
    }
    (processed, rejections)
}

fn process_one(doc: &RawDoc, config: &CleanConfig) -> Result<Processed, Rejection> {
    let article = parallax_text::clean(doc, config)?;
    let extraction = parallax_extract::extract(&article);
    Ok(Processed { article, extraction, source: doc.origin.clone() })
}
