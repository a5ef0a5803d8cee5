//! From a stream of processed articles to events, stories and reports.

use std::collections::{BTreeMap, HashMap};

use parallax_cluster::{Clusterer, event_histories, features, link_stories};
use parallax_model::{ArticleId, ArticleView, Diagnostic, EventId, EventReport, Rejection, Story, fnv1a64};
use parallax_report::{CODE_FINGERPRINT, ReportConfig, ReportInput, attach_timelines, build_report};
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
    /// Records of the inputs passed over as not articles (WARC requests and the like), by
    /// reason.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped_records: crate::SkippedRecords,
}

/// Clusters and reports a stream of articles, in the order given.
pub fn analyze_stream(stream: &[Processed], config: &EngineConfig) -> Analysis {
    analyze_stream_reusing(stream, config, &HashMap::new())
}

/// [`analyze_stream`], reusing the reports of `previous` events whose articles, copies,
/// date and report code are unchanged (their `report_key` says so): clustering runs over the
/// whole stream, but only the events that changed are reported again.
pub fn analyze_stream_reusing(
    stream: &[Processed],
    config: &EngineConfig,
    previous: &HashMap<EventId, EventReport>,
) -> Analysis {
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
    let mut histories = event_histories(&assignments, clusterer.splits(), clusterer.merges());
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
            let key = report_key(&members, event.date(), &config.report);
            let mut report = match previous.get(&event.id) {
                Some(stored) if stored.report_key == key => stored.clone(),
                _ => build_report(&event.id, event.date(), &members, &config.report),
            };
            report.report_key = key;
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

/// What an event's report is built from: its articles (ids, contents, the originals they copy),
/// its date, the report settings and the report code.
fn report_key(members: &[ReportInput<'_>], date: Option<parallax_model::Day>, config: &ReportConfig) -> String {
    let mut material = format!("{:016x}|{config:?}|{date:?}", CODE_FINGERPRINT);
    for member in members {
        material.push('|');
        material.push_str(member.article.id.as_str());
        material.push(':');
        material.push_str(&member.article.content_hash);
        if let Some(original) = member.duplicate_of {
            material.push('>');
            material.push_str(original.as_str());
        }
    }
    format!("{:016x}", fnv1a64(material.as_bytes()))
}

#[cfg(test)]
mod tests {
    use parallax_model::{InputFormat, RawDoc};

    use super::*;
    use crate::{NoProgress, process_docs};

    fn stream(texts: &[(&str, &str)]) -> Vec<Processed> {
        let docs = texts
            .iter()
            .map(|(id, text)| RawDoc {
                published: Some("2026-02-10".to_string()),
                ..RawDoc::new(id, id, InputFormat::Text, (*text).to_string())
            })
            .collect();
        process_docs(docs, &EngineConfig::default().clean, &NoProgress).0
    }

    #[test]
    fn unchanged_events_keep_their_reports_and_changed_ones_are_rebuilt() {
        let dam = "Engineers found a crack in the Orlan Dam spillway on Tuesday and the governor, Petra \
                   Lindqvist, ordered 12,000 residents of Ostravel to leave their homes before nightfall.";
        let tram = "The new harbour tram line in Kerrin opened to passengers on Tuesday, linking the ferry \
                    terminal with the old town in eleven minutes, Mayor Ilse Brandt said at the opening.";
        let config = EngineConfig::default();
        let first = analyze_stream(&stream(&[("dam-1", dam), ("tram-1", tram)]), &config);
        assert_eq!(first.events.len(), 2);
        assert!(first.events.iter().all(|e| !e.report_key.is_empty()));
        // Mark the stored reports, so that reuse shows.
        let previous: HashMap<EventId, EventReport> = first
            .events
            .iter()
            .map(|e| (e.id.clone(), EventReport { title: format!("kept: {}", e.title), ..e.clone() }))
            .collect();
        let dam_again = "Governor Petra Lindqvist ordered about 12,000 people in Ostravel to leave on \
                         Tuesday after engineers found a widening crack in the spillway of the Orlan Dam.";
        let second = analyze_stream_reusing(
            &stream(&[("dam-1", dam), ("tram-1", tram), ("dam-2", dam_again)]),
            &config,
            &previous,
        );
        let event_of = |analysis: &Analysis, article: &str| {
            analysis.events.iter().find(|e| e.articles.iter().any(|a| a.as_str() == article)).expect("event").clone()
        };
        let (dam_event, tram_event) = (event_of(&second, "dam-1"), event_of(&second, "tram-1"));
        assert_eq!(dam_event.articles.len(), 2, "the new article joins the dam event");
        assert!(!dam_event.title.starts_with("kept: "), "a changed event is reported again");
        assert!(tram_event.title.starts_with("kept: "), "an unchanged event keeps its report");
        assert_eq!(tram_event.report_key, event_of(&first, "tram-1").report_key);
    }
}
