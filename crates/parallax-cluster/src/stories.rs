//! Stories: events linked by shared actors, in date order.

use std::collections::BTreeSet;

use parallax_model::{Story, StoryId, short_hash};

use crate::events::EventState;

/// How many of an event's most mentioned names define its actors.
const TOP_NAMES: usize = 8;
/// Share of actors two events must have in common to belong to one story.
const MIN_SHARED: f64 = 0.4;

fn top_names(event: &EventState) -> Vec<String> {
    let mut names: Vec<(&str, f64)> = event.name_counts().collect();
    names.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    names.into_iter().take(TOP_NAMES).map(|(name, _)| name.to_string()).collect()
}

/// Links events that share their main actors into stories (single linkage).
pub fn link_stories(events: &[EventState]) -> Vec<Story> {
    let tops: Vec<BTreeSet<String>> = events.iter().map(|e| top_names(e).into_iter().collect()).collect();
    let mut parent: Vec<usize> = (0..events.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..events.len() {
        for j in (i + 1)..events.len() {
            let shared = tops[i].intersection(&tops[j]).count() as f64;
            let smaller = tops[i].len().min(tops[j].len()).max(1) as f64;
            if shared / smaller >= MIN_SHARED {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut stories = Vec::new();
    for root in 0..events.len() {
        let mut members: Vec<&EventState> =
            (0..events.len()).filter(|&i| find(&mut parent, i) == root).map(|i| &events[i]).collect();
        if members.is_empty() {
            continue;
        }
        // In date order; undated events last.
        members.sort_by(|a, b| {
            (a.date().is_none(), a.date()).cmp(&(b.date().is_none(), b.date())).then_with(|| a.id.cmp(&b.id))
        });
        let mut counts: std::collections::BTreeMap<String, f64> = std::collections::BTreeMap::new();
        for event in &members {
            for (name, count) in event.name_counts() {
                *counts.entry(name.to_string()).or_insert(0.0) += count;
            }
        }
        let mut ranked: Vec<(String, f64)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let labels: Vec<String> = ranked
            .iter()
            .take(3)
            .map(|(key, _)| {
                members.iter().find_map(|e| e.name_labels.get(key).cloned()).unwrap_or_else(|| key[2..].to_string())
            })
            .collect();
        stories.push(Story {
            id: StoryId(format!("st-{}", short_hash(members[0].id.0.as_str()))),
            title: labels.join(", "),
            events: members.iter().map(|e| e.id.clone()).collect(),
        });
    }
    stories.sort_by(|a, b| a.id.cmp(&b.id));
    stories
}
