//! Each event's history as the stream was clustered: the article that founded it, the
//! splits that took articles from it or formed it, the fragments merged into it, and the
//! articles that moved to or from it.

use std::collections::BTreeMap;

use parallax_model::{EventId, HistoryAction, HistoryEntry};

use crate::{Assignment, MergeRecord, MoveRecord, SplitRecord};

/// The history of every event named by the assignments (with their stream positions), the
/// splits, the merges and the moves. Only the assignments of founding articles are read: a
/// caller may keep just those.
pub fn event_histories<'a>(
    assignments: impl IntoIterator<Item = (usize, &'a Assignment)>,
    splits: &[SplitRecord],
    merges: &[MergeRecord],
    moves: &[MoveRecord],
) -> BTreeMap<EventId, Vec<HistoryEntry>> {
    let mut histories: BTreeMap<EventId, Vec<HistoryEntry>> = BTreeMap::new();
    for (position, assignment) in assignments {
        if assignment.founded {
            histories.entry(assignment.event.clone()).or_default().push(HistoryEntry {
                at: position + 1,
                action: HistoryAction::Founded,
                article: Some(assignment.article.clone()),
                events: Vec::new(),
                reason: "no earlier event was similar enough to this article, or a clash of dates, \
                         ordinals or protagonists vetoed joining one"
                    .to_string(),
            });
        }
    }
    for split in splits {
        let reason = format!(
            "its {} articles fell into groups much less alike across (mean similarity {:.2}) than within \
             ({:.2}); the part holding the founding article kept the id",
            split.n_articles, split.across, split.inside
        );
        histories.entry(split.event.clone()).or_default().push(HistoryEntry {
            at: split.at,
            action: HistoryAction::Split,
            article: None,
            events: split.new_events.clone(),
            reason: reason.clone(),
        });
        for new in &split.new_events {
            histories.entry(new.clone()).or_default().push(HistoryEntry {
                at: split.at,
                action: HistoryAction::SplitOff,
                article: None,
                events: vec![split.event.clone()],
                reason: reason.clone(),
            });
        }
    }
    for merge in merges {
        histories.entry(merge.event.clone()).or_default().push(HistoryEntry {
            at: merge.at,
            action: HistoryAction::Merged,
            article: None,
            events: vec![merge.merged.clone()],
            reason: format!(
                "a fragment of {} article(s) whose articles were alike to this event's (mean similarity {:.2}) and \
                 nothing vetoed joining it",
                merge.n_articles, merge.similarity
            ),
        });
    }
    for moved in moves {
        let reason = format!(
            "at the end of a batch the article was more alike {} (similarity {:.2}) than {} ({:.2}), and nothing \
             vetoed joining it",
            moved.to, moved.joined, moved.from, moved.left
        );
        for (event, action, other) in
            [(&moved.from, HistoryAction::ArticleLeft, &moved.to), (&moved.to, HistoryAction::ArticleCame, &moved.from)]
        {
            histories.entry(event.clone()).or_default().push(HistoryEntry {
                at: moved.at,
                action,
                article: Some(moved.article.clone()),
                events: vec![other.clone()],
                reason: reason.clone(),
            });
        }
    }
    for history in histories.values_mut() {
        history.sort_by_key(|entry| (entry.at, entry.action));
    }
    histories
}
