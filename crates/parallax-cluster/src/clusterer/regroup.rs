//! Regrouping: at the end of a batch, events that read alike (two reports of the same kind of
//! event: two quakes on one island, two offers to one player) are taken together and their
//! articles partitioned anew by modularity on the graph linking each article to its nearest
//! neighbours. An absolute threshold cannot tell such events apart, since everything in the
//! group is alike; the neighbour graph can, since an article's nearest neighbours are mostly
//! reports of its own event. The new partition replaces the old one only where it has the
//! higher modularity; each of its parts keeps the id of the event it overlaps most, and every
//! article that changes event is recorded as a move.

use std::collections::{BTreeMap, BTreeSet};

use parallax_model::EventId;

use super::{Clusterer, clamp_day, recalls, too_far};
use crate::communities::{Graph, louvain, modularity};
use crate::events::{MoveRecord, day_number, event_id_for};
use crate::split::evenly_spaced;
use crate::vectors::dot;
use crate::vocabulary::idf;

/// Settings of regrouping. Calibrated on ECB+ (`parallax eval events --orders 8 --set
/// regroup.NAME=V`, mean B-cubed F1 over 8 stream orders; 0.909 without regrouping): 0.923 at
/// the defaults; link 0.15: 0.924, 0.25: 0.922; resolution 0.4: 0.923, 0.7: 0.921; 6
/// neighbours: 0.921, 10: 0.923.
#[derive(Debug, Clone, PartialEq)]
pub struct RegroupConfig {
    /// Mean similarity of an event's articles to another event at which the two are taken
    /// together (0 or less: never regroup).
    pub link: f64,
    /// Each article is linked to this many of its most similar articles in the group.
    pub neighbours: usize,
    /// Links weaker than this are left out of the graph.
    pub min_link: f64,
    /// Modularity resolution: below 1 favours fewer, larger parts.
    pub resolution: f64,
    /// Groups of more articles than this are left as they are (a long-running story, not two
    /// events mixed up): the cost of a look grows with the square of the size.
    pub max_group: usize,
}

impl Default for RegroupConfig {
    fn default() -> Self {
        Self { link: 0.2, neighbours: 8, min_link: 0.05, resolution: 0.5, max_group: 256 }
    }
}

/// The members of each event sampled to find the events it reads like.
const LINK_SAMPLE: usize = 4;

impl Clusterer {
    /// Regroups every group of alike events one of which changed since it was last
    /// regrouped; then drops the emptied events.
    pub(super) fn regroup(&mut self) {
        if self.config.regroup.link <= 0.0 {
            return;
        }
        let groups = self.alike_groups();
        let mut changed_any = false;
        // Every event id, gathered when a new part first needs a name of its own.
        let mut ids: Option<BTreeSet<EventId>> = None;
        for group in groups {
            changed_any |= self.regroup_one(&group, &mut ids);
        }
        for event in &mut self.events {
            event.regrouped = event.members.len();
        }
        if changed_any {
            self.drop_empty_events();
        }
    }

    /// Groups of two or more live events linked, directly or through others, by a mean
    /// similarity of one's sampled articles to the other of at least `link`; at least one
    /// event of each changed since it was last regrouped.
    fn alike_groups(&mut self) -> Vec<Vec<usize>> {
        let n = self.events.len();
        let mut parent: Vec<usize> = (0..n).collect();
        let find = |parent: &mut Vec<usize>, mut x: usize| {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        };
        let changed: Vec<bool> = self
            .events
            .iter()
            .map(|event| !event.retired && !event.members.is_empty() && event.regrouped != event.members.len())
            .collect();
        for index in (0..n).filter(|&index| changed[index]) {
            let event = &self.events[index];
            let members = event.members.clone();
            let sample: Vec<usize> = evenly_spaced(members.len(), LINK_SAMPLE).map(|i| members[i]).collect();
            let mut totals: BTreeMap<usize, f64> = BTreeMap::new();
            for &position in &sample {
                let keys = (self.config.merge.candidate_terms, 2);
                for (other, score) in self.score_record(position, keys, Some(index), self.config.merge.max_candidates) {
                    *totals.entry(other).or_insert(0.0) += score;
                }
            }
            for (other, total) in totals {
                if total / sample.len() as f64 >= self.config.regroup.link {
                    let (a, b) = (find(&mut parent, index), find(&mut parent, other));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for index in 0..n {
            let root = find(&mut parent, index);
            groups.entry(root).or_default().push(index);
        }
        groups.into_values().filter(|group| group.len() >= 2 && group.iter().any(|&e| changed[e])).collect()
    }

    /// Partitions the articles of the events in `group` anew; returns whether any moved.
    fn regroup_one(&mut self, group: &[usize], ids: &mut Option<BTreeSet<EventId>>) -> bool {
        let mut members: Vec<usize> = group.iter().flat_map(|&e| self.events[e].members.iter().copied()).collect();
        if members.len() > self.config.regroup.max_group || members.len() < 3 {
            return false;
        }
        members.sort_unstable();
        let days: Vec<Option<i64>> =
            members.iter().map(|&p| self.records[p].day.map(|d| i64::from(clamp_day(day_number(d))))).collect();
        let (graph, similarity) = self.neighbour_graph(&members, &days);
        let gamma = self.config.regroup.resolution;
        let current: Vec<usize> = {
            let mut numbers: BTreeMap<usize, usize> = BTreeMap::new();
            members
                .iter()
                .map(|&p| {
                    let next = numbers.len();
                    *numbers.entry(self.event_of[p]).or_insert(next)
                })
                .collect()
        };
        let found = louvain(&graph, gamma);
        // Found at a low resolution (large parts), judged at the usual one: two events the
        // stream kept apart are not lumped together because alike events favour large parts.
        if modularity(&graph, &found, 1.0) <= modularity(&graph, &current, 1.0) + 1e-9 {
            return false;
        }
        // The day veto holds inside every part: articles alike to reports of two days (an
        // undated one most of all) must not carry them into one event.
        if self.a_part_holds_clashing_days(&members, &days, &found) {
            return false;
        }
        let targets = self.part_events(&members, &found, ids);
        self.apply(&members, &found, &targets, &similarity)
    }

    /// Each article linked to its `neighbours` most similar articles of the group (both
    /// ways), weighted by the similarity; none across clashing days. Also returns the
    /// similarities (row by row, zero across clashing days).
    fn neighbour_graph(&self, members: &[usize], days: &[Option<i64>]) -> (Graph, Vec<f64>) {
        let config = &self.config.regroup;
        let base = self.vocabularies.idf_base();
        let (term_ln_df, name_ln_df) = (self.vocabularies.terms.ln_df(), self.vocabularies.names.ln_df());
        // Unit-length weighted vectors, sorted by id.
        let unit = |counts: &[(u32, f32)], ln_df: &[f32], log: bool| -> Vec<(u32, f32)> {
            let mut weighted: Vec<(u32, f32)> = counts
                .iter()
                .map(|&(id, count)| {
                    let tf = if log { 1.0 + count.ln() } else { count };
                    (id, tf * idf(base, ln_df[id as usize]))
                })
                .collect();
            weighted.sort_unstable_by_key(|&(id, _)| id);
            let norm = weighted.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                weighted.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            weighted
        };
        let vectors: Vec<[Vec<(u32, f32)>; 2]> = members
            .iter()
            .map(|&p| {
                let v = self.records[p].vectors();
                [unit(&v.terms, term_ln_df, true), unit(&v.names, name_ln_df, false)]
            })
            .collect();
        let n = members.len();
        let w = self.config.name_weight;
        let mut similarity = vec![0.0f64; n * n];
        for a in 0..n {
            for b in a + 1..n {
                if self.days_clash(members[a], days[a], members[b], days[b]) {
                    continue;
                }
                let s = (1.0 - w) * dot(&vectors[a][0], &vectors[b][0]) + w * dot(&vectors[a][1], &vectors[b][1]);
                similarity[a * n + b] = s;
                similarity[b * n + a] = s;
            }
        }
        let mut graph = Graph::with_nodes(n);
        let mut linked: BTreeSet<(usize, usize)> = BTreeSet::new();
        for a in 0..n {
            let row = &similarity[a * n..(a + 1) * n];
            let mut nearest: Vec<usize> = (0..n).filter(|&b| b != a && row[b] > config.min_link).collect();
            // The most similar first; ties by position.
            nearest.sort_by(|&x, &y| row[y].total_cmp(&row[x]).then(x.cmp(&y)));
            for &b in nearest.iter().take(config.neighbours) {
                if linked.insert((a.min(b), a.max(b))) {
                    graph.add_edge(a, b, row[b]);
                }
            }
        }
        (graph, similarity)
    }

    /// Whether two dated articles of one part are on clashing days.
    fn a_part_holds_clashing_days(&self, members: &[usize], days: &[Option<i64>], parts: &[usize]) -> bool {
        let mut dated: BTreeMap<usize, Vec<(usize, i64)>> = BTreeMap::new();
        for (i, &position) in members.iter().enumerate() {
            if let Some(day) = days[i] {
                dated.entry(parts[i]).or_default().push((position, day));
            }
        }
        dated.values().any(|part| {
            part.iter().enumerate().any(|(x, &(a, day_a))| {
                part[x + 1..].iter().any(|&(b, day_b)| self.days_clash(a, Some(day_a), b, Some(day_b)))
            })
        })
    }

    /// Whether two stored articles are on clashing days (neither names the other's day).
    fn days_clash(&self, a: usize, day_a: Option<i64>, b: usize, day_b: Option<i64>) -> bool {
        let (Some(x), Some(y)) = (day_a, day_b) else { return false };
        let gap = self.config.max_day_gap;
        let (x32, y32) = (clamp_day(x), clamp_day(y));
        too_far(Some(x), y32, gap)
            && !recalls(&self.records[a].vectors().recalled, y32)
            && !recalls(&self.records[b].vectors().recalled, x32)
    }

    /// The event each part goes to: parts take the group's events by largest overlap (ties
    /// to the earlier event, then the earlier part); a part left without one founds a new
    /// event, named after its first article whose name no event holds.
    fn part_events(&self, members: &[usize], parts: &[usize], ids: &mut Option<BTreeSet<EventId>>) -> Vec<Target> {
        let n_parts = parts.iter().copied().max().map_or(0, |p| p + 1);
        let mut overlap: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (i, &p) in members.iter().enumerate() {
            *overlap.entry((parts[i], self.event_of[p])).or_insert(0) += 1;
        }
        let mut pairs: Vec<(usize, usize, usize)> = overlap.into_iter().map(|((part, e), n)| (n, e, part)).collect();
        pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut targets: Vec<Option<Target>> = vec![None; n_parts];
        let mut taken: BTreeSet<usize> = BTreeSet::new();
        for (_, event, part) in pairs {
            if targets[part].is_none() && !taken.contains(&event) {
                targets[part] = Some(Target::Event(event));
                taken.insert(event);
            }
        }
        (0..n_parts)
            .map(|part| {
                targets[part].clone().unwrap_or_else(|| {
                    let ids = ids.get_or_insert_with(|| self.events.iter().map(|e| e.id.clone()).collect());
                    let mut names = members
                        .iter()
                        .enumerate()
                        .filter(|&(i, _)| parts[i] == part)
                        .map(|(_, &p)| event_id_for(&self.records[p].id));
                    let first = names.clone().next().expect("a part has members");
                    let id = names.find(|id| !ids.contains(id)).unwrap_or_else(|| {
                        (1..)
                            .map(|k| EventId(format!("{}-{k}", first.0)))
                            .find(|id| !ids.contains(id))
                            .expect("a free name")
                    });
                    ids.insert(id.clone());
                    Target::New(id)
                })
            })
            .collect()
    }

    /// Moves every article whose part went to another event, records the moves and rebuilds
    /// the events changed; returns whether any moved.
    fn apply(&mut self, members: &[usize], parts: &[usize], targets: &[Target], similarity: &[f64]) -> bool {
        let mut part_event: Vec<usize> = Vec::with_capacity(targets.len());
        for target in targets {
            part_event.push(match target {
                Target::Event(index) => *index,
                Target::New(id) => self.new_event(id.clone()),
            });
        }
        let n = members.len();
        let old: Vec<usize> = members.iter().map(|&p| self.event_of[p]).collect();
        let new: Vec<usize> = parts.iter().map(|&part| part_event[part]).collect();
        let mean = |i: usize, with: &dyn Fn(usize) -> bool| {
            let values: Vec<f64> = (0..n).filter(|&j| j != i && with(j)).map(|j| similarity[i * n + j]).collect();
            if values.is_empty() { 0.0 } else { values.iter().sum::<f64>() / values.len() as f64 }
        };
        let mut changed: BTreeSet<usize> = BTreeSet::new();
        let mut arriving: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, &position) in members.iter().enumerate() {
            let (from, to) = (old[i], new[i]);
            if from == to {
                continue;
            }
            // Its similarity to the articles it leaves behind, and to those of its new event.
            let left = mean(i, &|j| old[j] == from && new[j] == from);
            let joined = mean(i, &|j| new[j] == to);
            self.moves.push(MoveRecord {
                article: self.records[position].id.clone(),
                from: self.events[from].id.clone(),
                to: self.events[to].id.clone(),
                at: self.records.len(),
                left,
                joined,
            });
            changed.extend([from, to]);
            arriving.entry(to).or_default().push(position);
        }
        if changed.is_empty() {
            return false;
        }
        for (i, &position) in members.iter().enumerate() {
            self.event_of[position] = new[i];
        }
        for index in changed {
            self.rebuild(index, arriving.remove(&index).unwrap_or_default());
            let size = self.events[index].members.len();
            self.events[index].examined = size;
            self.events[index].merge_examined = size;
        }
        true
    }
}

/// Where a part of a regrouped group goes.
#[derive(Debug, Clone)]
enum Target {
    Event(usize),
    New(EventId),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClusterConfig;
    use crate::tests::two_of_a_kind;

    /// Puts the stored article `id` into the event of `with`, as a stream that misjudged it
    /// would have.
    fn misplace(clusterer: &mut Clusterer, id: &str, with: &str) {
        let position = |id: &str| clusterer.records.iter().position(|r| r.id.as_str() == id).expect("stored");
        let (moving, to) = (position(id), clusterer.event_of[position(with)]);
        let from = clusterer.event_of[moving];
        clusterer.event_of[moving] = to;
        clusterer.rebuild(from, []);
        clusterer.rebuild(to, [moving]);
    }

    fn events(clusterer: &Clusterer) -> Vec<(String, Vec<String>)> {
        let mut events: Vec<(String, Vec<String>)> = clusterer
            .events()
            .iter()
            .map(|e| {
                let mut articles: Vec<String> = e.articles.iter().map(|a| a.as_str().to_string()).collect();
                articles.sort();
                (e.id.0.clone(), articles)
            })
            .collect();
        events.sort();
        events
    }

    #[test]
    fn reports_put_in_the_wrong_event_of_a_kind_go_back_to_their_own() {
        let mut clusterer = Clusterer::new(ClusterConfig::default());
        for article in two_of_a_kind(8, 6, 10) {
            clusterer.add(&article);
        }
        let right = events(&clusterer);
        assert_eq!(right.len(), 2, "the premise: the stream keeps the two events apart: {right:?}");
        misplace(&mut clusterer, "b1", "a0");
        misplace(&mut clusterer, "b2", "a0");
        assert_ne!(events(&clusterer), right);
        clusterer.regroup();
        assert_eq!(events(&clusterer), right, "the same events under the same ids");
        let moved: Vec<(&str, &str, &str)> =
            clusterer.moves().iter().map(|m| (m.article.as_str(), m.from.0.as_str(), m.to.0.as_str())).collect();
        let (a, b) = (event_id_for(&"a0".into()).0, event_id_for(&"b0".into()).0);
        assert_eq!(moved, [("b1", a.as_str(), b.as_str()), ("b2", a.as_str(), b.as_str())]);
        assert!(clusterer.moves().iter().all(|m| m.joined > m.left), "{:?}", clusterer.moves());
        // Nothing changed since: a second look moves nothing.
        clusterer.regroup();
        assert_eq!(clusterer.moves().len(), 2);
    }

    #[test]
    fn regrouping_can_be_turned_off() {
        let config = ClusterConfig {
            regroup: RegroupConfig { link: 0.0, ..RegroupConfig::default() },
            ..ClusterConfig::default()
        };
        let mut clusterer = Clusterer::new(config);
        for article in two_of_a_kind(8, 6, 10) {
            clusterer.add(&article);
        }
        misplace(&mut clusterer, "b1", "a0");
        let before = events(&clusterer);
        clusterer.regroup();
        assert_eq!(events(&clusterer), before);
    }

    #[test]
    fn a_part_holding_reports_of_clashing_days_is_seen() {
        let mut clusterer = Clusterer::new(ClusterConfig::default());
        let mut stream = two_of_a_kind(8, 6, 3);
        for (i, report) in stream.iter_mut().enumerate() {
            // a0 b0 a1 b1 a2 b2: the a's on the 1st, the b's on the 30th, b2 undated.
            report.event_day = match i {
                5 => None,
                _ if i % 2 == 0 => crate::tests::day(1),
                _ => crate::tests::day(30),
            };
        }
        for article in &stream {
            clusterer.add(article);
        }
        let members: Vec<usize> = (0..stream.len()).collect();
        let days: Vec<Option<i64>> =
            stream.iter().map(|a| a.event_day.map(|d| i64::from(clamp_day(day_number(d))))).collect();
        let clashes = |parts: &[usize]| clusterer.a_part_holds_clashing_days(&members, &days, parts);
        assert!(clashes(&[0, 0, 0, 0, 0, 0]));
        assert!(!clashes(&[0, 1, 0, 1, 0, 1]));
        assert!(!clashes(&[0, 1, 0, 1, 0, 0]), "an undated report goes anywhere");
        assert!(clashes(&[0, 1, 0, 1, 1, 0]));
    }
}
