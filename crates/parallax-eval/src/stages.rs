//! Speed of every stage of the pipeline on one thread: HTML extraction on real pages, text
//! cleaning, named-entity tagging, each extractor, the clustering features, clustering and the
//! reports, each timed alone over the same articles.

use std::collections::BTreeMap;
use std::time::Instant;

use parallax_cluster::{ClusterConfig, Clusterer, features};
use parallax_extract::{EntityIndex, extract, extract_dates, extract_entities, extract_figures, extract_quotes};
use parallax_model::{ArticleId, CleanArticle, Extraction, InputFormat, RawDoc};
use parallax_report::{ReportConfig, ReportInput, build_report};
use parallax_text::CleanConfig;
use serde::Serialize;

use crate::ner::ConllFile;
use crate::reuters::ReutersDoc;

/// The timing of one stage.
#[derive(Debug, Clone, Serialize)]
pub struct StageTiming {
    pub stage: &'static str,
    /// What `items` counts: pages, articles, tokens, events.
    pub unit: &'static str,
    pub items: usize,
    pub seconds: f64,
    pub items_per_second: f64,
}

/// Passes of the tagger over the CoNLL file, of which the fastest is reported.
const NER_PASSES: usize = 5;

fn timed<T>(stage: &'static str, unit: &'static str, run: impl FnOnce() -> (T, usize)) -> (T, StageTiming) {
    let start = Instant::now();
    let (value, items) = run();
    let seconds = start.elapsed().as_secs_f64();
    let items_per_second = if seconds > 0.0 { items as f64 / seconds } else { 0.0 };
    (value, StageTiming { stage, unit, items, seconds, items_per_second })
}

/// Runs every stage once, in order, on one thread: `pages` through HTML extraction, the
/// Reuters stories through everything else, and the CoNLL sentences (if given) through the
/// entity tagger and the syntax tagger alone.
pub fn run_stages(pages: &[RawDoc], stories: &[ReutersDoc], conll: Option<&ConllFile>) -> Vec<StageTiming> {
    let config = CleanConfig::default();
    let mut timings = Vec::new();
    if !pages.is_empty() {
        let (_, timing) = timed("html extraction", "pages", || {
            let cleaned = pages.iter().filter(|page| parallax_text::clean(page, &config).is_ok()).count();
            (cleaned, pages.len())
        });
        timings.push(timing);
    }
    let raws: Vec<RawDoc> = stories
        .iter()
        .map(|doc| RawDoc {
            title: Some(doc.title.clone()),
            published: doc.date.map(|d| d.to_string()),
            ..RawDoc::new(&doc.id, &doc.id, InputFormat::Text, doc.body.clone())
        })
        .collect();
    let (articles, timing) = timed("text cleaning", "articles", || {
        let articles: Vec<CleanArticle> =
            raws.iter().filter_map(|raw| parallax_text::clean(raw, &config).ok()).collect();
        (articles, raws.len())
    });
    timings.push(timing);
    if let Some(conll) = conll {
        let sentences: Vec<Vec<Vec<&str>>> = conll
            .documents
            .iter()
            .map(|document| document.sentences.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect())
            .collect();
        let tokens: usize = sentences.iter().flatten().map(Vec::len).sum();
        // The model is read on first use: not part of tagging.
        let _ = parallax_extract::ner::embedded_model();
        // The fastest of a few passes: one pass is a fraction of a second, easily disturbed.
        let timing = (0..NER_PASSES)
            .map(|_| {
                timed("ner tagging (CoNLL)", "tokens", || {
                    for document in &sentences {
                        std::hint::black_box(parallax_extract::ner::tag_document(document));
                    }
                    ((), tokens)
                })
                .1
            })
            .min_by(|a, b| a.seconds.total_cmp(&b.seconds));
        timings.extend(timing);
        let _ = parallax_extract::syntax::embedded_model();
        let timing = (0..NER_PASSES)
            .map(|_| {
                timed("syntax tagging (CoNLL)", "tokens", || {
                    for sentence in sentences.iter().flatten() {
                        std::hint::black_box(parallax_extract::syntax::tag(sentence));
                    }
                    ((), tokens)
                })
                .1
            })
            .min_by(|a, b| a.seconds.total_cmp(&b.seconds));
        timings.extend(timing);
    }
    let (entities, timing) = timed("entities", "articles", || {
        let entities: Vec<_> = articles.iter().map(|a| extract_entities(&a.paragraphs)).collect();
        (entities, articles.len())
    });
    timings.push(timing);
    let (_, timing) = timed("quotes", "articles", || {
        for (article, entities) in articles.iter().zip(&entities) {
            std::hint::black_box(extract_quotes(&article.paragraphs, &EntityIndex::new(entities)));
        }
        ((), articles.len())
    });
    timings.push(timing);
    let (_, timing) = timed("figures", "articles", || {
        for article in &articles {
            std::hint::black_box(extract_figures(&article.paragraphs));
        }
        ((), articles.len())
    });
    timings.push(timing);
    let (_, timing) = timed("dates", "articles", || {
        for article in &articles {
            std::hint::black_box(extract_dates(&article.paragraphs, article.published));
        }
        ((), articles.len())
    });
    timings.push(timing);
    let (extractions, timing) = timed("extraction (all)", "articles", || {
        let extractions: Vec<Extraction> = articles.iter().map(extract).collect();
        (extractions, articles.len())
    });
    timings.push(timing);
    timings.extend(long_articles(stories, &config));
    let (features, timing) = timed("clustering features", "articles", || {
        let features: Vec<_> = articles.iter().zip(&extractions).map(|(a, e)| features(a, e)).collect();
        (features, articles.len())
    });
    timings.push(timing);
    let (clusterer, timing) = timed("clustering", "articles", || {
        let mut clusterer = Clusterer::new(ClusterConfig::default());
        for article in &features {
            clusterer.add(article);
        }
        clusterer.refine();
        (clusterer, features.len())
    });
    timings.push(timing);
    let by_id: BTreeMap<&ArticleId, (&CleanArticle, &Extraction)> =
        articles.iter().zip(&extractions).map(|(a, e)| (&a.id, (a, e))).collect();
    let report_config = ReportConfig::default();
    let (_, timing) = timed("reports", "articles", || {
        let mut reported = 0;
        for event in clusterer.events() {
            let members: Vec<ReportInput<'_>> = event
                .articles
                .iter()
                .filter_map(|id| by_id.get(id))
                .map(|&(article, extraction)| ReportInput { article, extraction, duplicate_of: None })
                .collect();
            reported += members.len();
            std::hint::black_box(build_report(&event.id, event.date(), &members, &report_config));
        }
        ((), reported)
    });
    timings.push(timing);
    timings
}

/// Words in each of the long articles [`long_articles`] times.
const LONG_ARTICLE_WORDS: usize = 200_000;

/// Cleaning and extraction of one article far longer than news: the stories' words run
/// together into one of [`LONG_ARTICLE_WORDS`], as written (paragraphs and sentences) and
/// with no paragraph break or sentence end at all. Every stage is linear in the article's
/// length, so the tokens/s here should stay near those of short articles.
fn long_articles(stories: &[ReutersDoc], config: &CleanConfig) -> Vec<StageTiming> {
    let words: Vec<&str> =
        stories.iter().flat_map(|doc| doc.body.split_whitespace()).take(LONG_ARTICLE_WORDS).collect();
    if words.len() < LONG_ARTICLE_WORDS {
        return Vec::new();
    }
    let mut written = String::new();
    let mut taken = 0;
    for doc in stories {
        if taken >= LONG_ARTICLE_WORDS {
            break;
        }
        taken += doc.body.split_whitespace().count();
        written.push_str(doc.body.trim());
        written.push_str("\n\n");
    }
    let endless: String =
        words.iter().map(|w| w.trim_matches(|c: char| matches!(c, '.' | '!' | '?'))).collect::<Vec<_>>().join(" ");
    let mut timings = Vec::new();
    for (stage, body) in [("long article (extract)", written), ("long, no ends (extract)", endless)] {
        let raw = RawDoc::new("long", "long.txt", InputFormat::Text, body);
        let tokens = raw.body.split_whitespace().count();
        let (_, timing) = timed(stage, "tokens", || {
            let extraction = parallax_text::clean(&raw, config).map(|article| extract(&article));
            (std::hint::black_box(extraction.is_ok()), tokens)
        });
        timings.push(timing);
    }
    timings
}
