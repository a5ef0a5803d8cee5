//! From a stream of processed articles to events, stories and reports.

use std::collections::BTreeMap;

use parallax_cluster::{Clusterer, event_histories, features, link_stories};
use parallax_model::{ArticleId, ArticleView, Diagnostic, EventReport, Rejection, Story};
use parallax_report::{ReportInput, attach_timelines, build_report};
use serde::Serialize;

use crate::{EngineConfig, Processed};

/// Everything Parallax says about a set of articles: the `analyze --json` contract.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Analysis {
    pub articles: Vec<ArticleView>,
    pub events: Vec<EventReport>,
    pub stories: Vec<Story>,
    pub rejections: Vec<Rejection>,
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip)]
    pub skipped: Vec<std::path::PathBuf>,
}

/// Clusters and reports a stream of articles, in the order given.
pub fn analyze_stream(stream: &[Processed], config: &EngineConfig) -> Analysis {
    let mut clusterer = Clusterer::new(config.cluster.clone());
    let mut duplicate_of: BTreeMap<ArticleId, ArticleId> = BTreeMap::new();
    let mut assignments = Vec::with_capacity(stream.len());
    for item in stream {
        let assignment = clusterer.add(&features(&item.article, &item.extraction));
        if let Some(original) = &assignment.duplicate_of {
            duplicate_of.insert(item.article.id.clone(), original.clone());
        }
        assignments.push(assignment);
    }
    clusterer.refine();
    let mut histories = event_histories(&assignments, clusterer.splits());
    let by_id: BTreeMap<&ArticleId, &Processed> = stream.iter().map(|p| (&p.article.id, p)).collect();
    let mut events: Vec<EventReport> = clusterer
        .events()
        .iter()
        .map(|event| {
            let members: Vec<ReportInput<'_>> = event
                .articles
                .iter()
                .filter_map(|id| by_id.get(id))
                .map(|p| ReportInput {
                    article: &p.article,
                    extraction: &p.extraction,
                    duplicate_of: duplicate_of.get(&p.article.id),
                })
                .collect();
            let mut report = build_report(&event.id, event.date(), &members, &config.report);
            report.history = histories.remove(&event.id).unwrap_or_default();
            report
        })
        .collect();
    events.sort_by(|a, b| (a.date.is_none(), a.date, &a.id).cmp(&(b.date.is_none(), b.date, &b.id)));
    let mut stories = link_stories(clusterer.events());
    attach_timelines(&mut stories, &mut events);
    let mut articles: Vec<ArticleView> = stream
        .iter()
        .map(|p| ArticleView {
            id: p.article.id.clone(),
            title: p.article.title.clone(),
            outlet: p.article.outlet.clone(),
            published: p.article.published,
            text: p.article.text(),
            duplicate_of: duplicate_of.get(&p.article.id).cloned(),
            language: p.article.language.clone(),
            url: p.article.url.clone(),
        })
        .collect();
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    Analysis { articles, events, stories, ..Analysis::default() }
}
