//! Stories: events linked by shared actors, in date order.

use std::collections::{BTreeMap, BTreeSet};

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

/// Links events that share their main actors into stories (single linkage). Pairs are found
/// through an index of the events under each of their main actors, not among all pairs.
pub fn link_stories(events: &[EventState]) -> Vec<Story> {
    let tops: Vec<Vec<String>> = events.iter().map(top_names).collect();
    let mut name_ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut postings: Vec<Vec<usize>> = Vec::new();
    let mut parent: Vec<usize> = (0..events.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut shared = vec![0u32; events.len()];
    let mut touched: Vec<usize> = Vec::new();
    for (i, top) in tops.iter().enumerate() {
        let ids: BTreeSet<usize> = top
            .iter()
            .map(|name| {
                let next = name_ids.len();
                *name_ids.entry(name.as_str()).or_insert(next)
            })
            .collect();
        // Earlier events sharing a main actor, with how many they share.
        for &id in &ids {
            for &j in postings.get(id).map_or(&[][..], Vec::as_slice) {
                if shared[j] == 0 {
                    touched.push(j);
                }
                shared[j] += 1;
            }
        }
        for j in touched.drain(..) {
            let smaller = tops[i].len().min(tops[j].len()).max(1) as f64;
            if f64::from(std::mem::take(&mut shared[j])) / smaller >= MIN_SHARED {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
        for id in ids {
            if postings.len() <= id {
                postings.resize_with(id + 1, Vec::new);
            }
            postings[id].push(i);
        }
    }
    let mut components: Vec<Vec<usize>> = vec![Vec::new(); events.len()];
    for i in 0..events.len() {
        let root = find(&mut parent, i);
        components[root].push(i);
    }
    let mut stories = Vec::new();
    for component in components.into_iter().filter(|c| !c.is_empty()) {
        let mut members: Vec<&EventState> = component.into_iter().map(|i| &events[i]).collect();
        // In date order; undated events last.
        members.sort_by(|a, b| {
            (a.date().is_none(), a.date()).cmp(&(b.date().is_none(), b.date())).then_with(|| a.id.cmp(&b.id))
        });
        let mut counts: BTreeMap<String, f64> = BTreeMap::new();
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
                members.iter().find_map(|e| e.label(key)).map_or_else(|| key[2..].to_string(), str::to_string)
            })
            .collect();
        stories.push(Story {
            id: StoryId(format!("st-{}", short_hash(members[0].id.0.as_str()))),
            title: labels.join(", "),
            events: members.iter().map(|e| e.id.clone()).collect(),
            timeline: Vec::new(),
        });
    }
    stories.sort_by(|a, b| a.id.cmp(&b.id));
    stories
}
