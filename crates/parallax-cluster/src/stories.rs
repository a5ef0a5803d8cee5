//! Stories: events linked by shared actors, in date order.

use std::collections::BTreeMap;

use parallax_model::{Story, StoryId, short_hash};

use crate::events::EventState;

/// How many of an event's most mentioned names define its actors.
const TOP_NAMES: usize = 8;
/// How alike an event's actors and a story's must be for the event to join the story: the
/// cosine of the two actor vectors, each actor weighted by how rare it is among the events
/// (sharing a name that many events name says little, sharing one that few name says much)
/// and, in the story, by the share of its events that name it.
const MIN_SIMILARITY: f64 = 0.4;
/// A name among the main actors of more than this share of the events (and of more than
/// [`COMMON_EVENTS`]) is not an actor of any story: a wire agency's name, a country every
/// story mentions.
const COMMON_SHARE: f64 = 0.02;
const COMMON_EVENTS: usize = 20;

fn top_names(event: &EventState) -> Vec<&str> {
    let mut names: Vec<(&str, f64)> = event.name_counts().collect();
    names.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    names.into_iter().take(TOP_NAMES).map(|(name, _)| name).collect()
}

/// A story being built: its events and how many of them name each actor.
struct Forming {
    members: Vec<usize>,
    /// Actor id → events of the story that name it.
    counts: BTreeMap<usize, u32>,
    /// The story's actor vector: actor id → weight × share of its events naming it.
    profile: Vec<(usize, f64)>,
    norm: f64,
}

impl Forming {
    fn new(event: usize, actors: &[(usize, f64)], weights: &[f64]) -> Self {
        let mut story = Self { members: Vec::new(), counts: BTreeMap::new(), profile: Vec::new(), norm: 0.0 };
        story.add(event, actors, weights);
        story
    }

    fn add(&mut self, event: usize, actors: &[(usize, f64)], weights: &[f64]) {
        self.members.push(event);
        for &(id, _) in actors {
            *self.counts.entry(id).or_insert(0) += 1;
        }
        let n = self.members.len() as f64;
        self.profile = self.counts.iter().map(|(&id, &count)| (id, weights[id] * f64::from(count) / n)).collect();
        self.norm = self.profile.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    }

    fn similarity(&self, actors: &[(usize, f64)], norm: f64) -> f64 {
        if self.norm == 0.0 || norm == 0.0 {
            return 0.0;
        }
        let dot: f64 = actors
            .iter()
            .filter_map(|&(id, weight)| {
                self.profile.binary_search_by_key(&id, |&(p, _)| p).ok().map(|at| weight * self.profile[at].1)
            })
            .sum();
        dot / (self.norm * norm)
    }
}

/// Gathers events into stories by their main actors, in the order given: each event joins the
/// story whose actors are most like its own (if alike enough) or begins one. An event is
/// compared with a story's actors as a whole, not with each of its events, so that a chain of
/// events each sharing a name with the next does not become one story. Candidate stories are
/// found through an index of the stories under their actors, not among all of them.
pub fn link_stories(events: &[EventState]) -> Vec<Story> {
    let tops: Vec<Vec<&str>> = events.iter().map(top_names).collect();
    let mut name_ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut events_naming: Vec<usize> = Vec::new();
    let ids: Vec<Vec<usize>> = tops
        .iter()
        .map(|top| {
            top.iter()
                .map(|name| {
                    let next = name_ids.len();
                    let id = *name_ids.entry(name).or_insert(next);
                    if id == events_naming.len() {
                        events_naming.push(0);
                    }
                    events_naming[id] += 1;
                    id
                })
                .collect()
        })
        .collect();
    let n_events = events.len() as f64;
    let common = COMMON_EVENTS.max((COMMON_SHARE * n_events) as usize);
    // An actor's weight: ln(1 + events / events naming it among their main actors); 0 for a
    // name too common to be anybody's actor.
    let weights: Vec<f64> =
        events_naming.iter().map(|&n| if n > common { 0.0 } else { (1.0 + n_events / n.max(1) as f64).ln() }).collect();
    let mut forming: Vec<Forming> = Vec::new();
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); weights.len()];
    for (event, event_ids) in ids.iter().enumerate() {
        let mut actors: Vec<(usize, f64)> =
            event_ids.iter().map(|&id| (id, weights[id])).filter(|&(_, w)| w > 0.0).collect();
        actors.sort_unstable_by_key(|&(id, _)| id);
        actors.dedup_by_key(|(id, _)| *id);
        let norm = actors.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        let mut candidates: Vec<usize> = actors.iter().flat_map(|&(id, _)| postings[id].iter().copied()).collect();
        candidates.sort_unstable();
        candidates.dedup();
        let best = candidates
            .into_iter()
            .map(|story| (story, forming[story].similarity(&actors, norm)))
            .filter(|&(_, similarity)| similarity >= MIN_SIMILARITY)
            // The most alike; the earliest story on a tie.
            .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
        let story = match best {
            Some((story, _)) => {
                forming[story].add(event, &actors, &weights);
                story
            }
            None => {
                forming.push(Forming::new(event, &actors, &weights));
                forming.len() - 1
            }
        };
        for &(id, _) in &actors {
            if !postings[id].contains(&story) {
                postings[id].push(story);
            }
        }
    }
    let components: Vec<Vec<usize>> = forming.into_iter().map(|story| story.members).collect();
    let mut stories = Vec::new();
    for component in components {
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
        // Named by its own actors, not by names too common to be anybody's.
        let mut ranked: Vec<(String, f64)> = counts
            .into_iter()
            .filter(|(name, _)| name_ids.get(name.as_str()).is_none_or(|&id| weights[id] > 0.0))
            .collect();
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
