//! From a stream of processed articles to events, stories and reports, in two passes that
//! never need the whole stream at once: clustering reads each article once, in order, and
//! keeps only compact features ([`Clustering`]); reports then read the articles of one event
//! at a time, and only for events whose report cannot be reused ([`Plan::report`]).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use parallax_cluster::{Assignment, Clustered, Clusterer, event_histories, features, link_stories};
use parallax_model::{
    ArticleId, ArticleView, CleanArticle, Day, Diagnostic, EventId, EventReport, Extraction, HistoryEntry, Rejection,
    Story, StoryId, TimelineEntry, fnv1a64,
};
use parallax_report::{CODE_FINGERPRINT, ReportConfig, ReportInput, build_report, fill_timelines, timeline_entry};
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
    let mut clustering = Clustering::new(config);
    for item in stream {
        clustering.add(&item.article, &item.extraction);
    }
    let plan = clustering.finish(&config.report);
    let by_id: HashMap<&ArticleId, &Processed> = stream.iter().map(|p| (&p.article.id, p)).collect();
    let mut events = Vec::with_capacity(plan.events.len());
    let report = plan.report(
        &config.report,
        |event| {
            Ok::<_, std::convert::Infallible>(previous.get(&event.id).filter(|r| r.report_key == event.key).cloned())
        },
        |ids| Ok(ids.iter().filter_map(|id| by_id.get(id)).map(|p| Cow::Borrowed(*p)).collect()),
        |report, _| {
            events.push(report);
            Ok(())
        },
    );
    let Ok(done) = report;
    events.sort_by(|a, b| (a.date.is_none(), a.date, &a.id).cmp(&(b.date.is_none(), b.date, &b.id)));
    let copies: HashMap<&ArticleId, &ArticleId> = done.duplicates.iter().map(|(c, o)| (c, o)).collect();
    let mut articles: Vec<ArticleView> = stream
        .iter()
        .map(|p| ArticleView {
            id: p.article.id.clone(),
            title: p.article.title.clone(),
            outlet: p.article.outlet.clone(),
            published: p.article.published,
            text: p.article.text(),
            duplicate_of: copies.get(&p.article.id).map(|o| (*o).clone()),
            language: p.article.language.clone(),
            url: p.article.url.clone(),
        })
        .collect();
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    Analysis { articles, events, stories: done.stories, ..Analysis::default() }
}

/// The first pass: articles go through the clusterer one at a time, in stream order; of
/// each, only what the reports' keys need is kept (its content hash).
pub(crate) struct Clustering {
    clusterer: Clusterer,
    /// Assignments of the articles that founded events, with their stream positions: all
    /// that event histories read.
    founders: Vec<(usize, Assignment)>,
    /// By stream position: a hash of the article's content hash, and the original it copies.
    hashes: Vec<u64>,
    copies: Vec<Option<ArticleId>>,
    ids: Vec<ArticleId>,
}

impl Clustering {
    pub(crate) fn new(config: &EngineConfig) -> Self {
        Self {
            clusterer: Clusterer::new(config.cluster.clone()),
            founders: Vec::new(),
            hashes: Vec::new(),
            copies: Vec::new(),
            ids: Vec::new(),
        }
    }

    /// Adds the next article of the stream.
    pub(crate) fn add(&mut self, article: &CleanArticle, extraction: &Extraction) {
        let position = self.hashes.len();
        let assignment = self.clusterer.add(&features(article, extraction));
        self.hashes.push(fnv1a64(article.content_hash.as_bytes()));
        self.copies.push(assignment.duplicate_of.clone());
        self.ids.push(article.id.clone());
        if assignment.founded {
            self.founders.push((position, assignment));
        }
    }

    /// Ends the stream: refines the events and plans their reports (keys, histories and
    /// stories), dropping the clusterer's state.
    pub(crate) fn finish(mut self, config: &ReportConfig) -> Plan {
        // The clusterer's stream state (article vectors, postings, the copy detector) is freed
        // before histories and stories are built on its events.
        let Clustered { events, splits, merges, moves } = self.clusterer.finish();
        let founders = std::mem::take(&mut self.founders);
        let mut histories = event_histories(
            founders.iter().map(|(position, assignment)| (*position, assignment)),
            &splits,
            &merges,
            &moves,
        );
        drop((founders, splits, merges, moves));
        let stories = link_stories(&events);
        let story_of: HashMap<&EventId, &StoryId> =
            stories.iter().flat_map(|s| s.events.iter().map(move |e| (e, &s.id))).collect();
        // The events are taken, not copied: their member lists are the largest part of what
        // the clustering holds.
        let events = events
            .into_iter()
            .map(|event| {
                let members = event.positions();
                let key = report_key(
                    members.iter().map(|&p| (&self.ids[p], self.hashes[p], self.copies[p].as_ref())),
                    event.date(),
                    config,
                );
                let copies = members.iter().map(|&p| self.copies[p].clone()).collect();
                EventPlan {
                    history: histories.remove(&event.id).unwrap_or_default(),
                    story: story_of.get(&event.id).map(|s| (*s).clone()),
                    date: event.date(),
                    copies,
                    key,
                    articles: event.articles,
                    id: event.id,
                }
            })
            .collect();
        let duplicates =
            self.ids.iter().zip(&self.copies).filter_map(|(id, copy)| Some((id.clone(), copy.clone()?))).collect();
        Plan { events, stories, duplicates }
    }
}

/// One event to report: its members and what its report must carry.
pub(crate) struct EventPlan {
    pub(crate) id: EventId,
    date: Option<Day>,
    articles: Vec<ArticleId>,
    /// The original each member copies, aligned with `articles`.
    copies: Vec<Option<ArticleId>>,
    /// What its report is built from (see [`report_key`]).
    pub(crate) key: String,
    history: Vec<HistoryEntry>,
    story: Option<StoryId>,
}

/// The clustering's outcome, before reports: every event's plan, the stories (timelines
/// still empty) and the copies.
pub(crate) struct Plan {
    pub(crate) events: Vec<EventPlan>,
    stories: Vec<Story>,
    duplicates: Vec<(ArticleId, ArticleId)>,
}

/// What [`Plan::report`] leaves: the stories with their timelines, and the copies.
pub(crate) struct Reported {
    pub(crate) stories: Vec<Story>,
    pub(crate) duplicates: Vec<(ArticleId, ArticleId)>,
}

impl Plan {
    /// Reports every event, one at a time: `reuse` gives the stored report of an event whose
    /// key is unchanged, else `load` gives its articles and the report is built. `emit`
    /// receives each report with whether it differs from what `reuse` gave (a rebuilt report,
    /// or a reused one whose history or story changed).
    pub(crate) fn report<'a, E>(
        self,
        config: &ReportConfig,
        mut reuse: impl FnMut(&EventPlan) -> Result<Option<EventReport>, E>,
        mut load: impl FnMut(&[ArticleId]) -> Result<Vec<Cow<'a, Processed>>, E>,
        mut emit: impl FnMut(EventReport, bool) -> Result<(), E>,
    ) -> Result<Reported, E> {
        let Plan { events, mut stories, duplicates } = self;
        let mut entries: HashMap<EventId, TimelineEntry> = HashMap::with_capacity(events.len());
        for event in events {
            let (mut report, mut changed) = match reuse(&event)? {
                Some(stored) => (stored, false),
                None => {
                    let articles = load(&event.articles)?;
                    let copies: HashMap<&ArticleId, &ArticleId> = event
                        .articles
                        .iter()
                        .zip(&event.copies)
                        .filter_map(|(id, copy)| Some((id, copy.as_ref()?)))
                        .collect();
                    let members: Vec<ReportInput<'_>> = articles
                        .iter()
                        .map(|p| ReportInput {
                            article: &p.article,
                            extraction: &p.extraction,
                            duplicate_of: copies.get(&p.article.id).copied(),
                        })
                        .collect();
                    (build_report(&event.id, event.date, &members, config), true)
                }
            };
            changed |= report.report_key != event.key || report.history != event.history || report.story != event.story;
            report.report_key = event.key;
            report.history = event.history;
            report.story = event.story;
            if report.story.is_some() {
                entries.insert(report.id.clone(), timeline_entry(&report));
            }
            emit(report, changed)?;
        }
        fill_timelines(&mut stories, &entries);
        Ok(Reported { stories, duplicates })
    }
}

/// What an event's report is built from: its articles (ids, contents, the originals they copy),
/// its date, the report settings and the report code.
fn report_key<'a>(
    members: impl Iterator<Item = (&'a ArticleId, u64, Option<&'a ArticleId>)>,
    date: Option<Day>,
    config: &ReportConfig,
) -> String {
    let mut material = format!("{:016x}|{config:?}|{date:?}", CODE_FINGERPRINT);
    for (id, content_hash, original) in members {
        material.push('|');
        material.push_str(id.as_str());
        material.push(':');
        let _ = write!(material, "{content_hash:016x}");
        if let Some(original) = original {
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
