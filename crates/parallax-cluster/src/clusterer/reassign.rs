//! Reassigning articles: at the end of a batch, an article of the batch that is more alike
//! another event than the one it joined moves there. An article joins the best event of the
//! moment it arrives; events grow and split after it within the batch, so the best of that
//! moment may not be the best at its end. Articles of earlier batches were examined at the
//! end of theirs, which keeps the cost of a batch in proportion to its size.

use std::collections::{BTreeMap, BTreeSet};

use super::Clusterer;
use crate::events::MoveRecord;

/// A move found: the article at `position` goes from event `from` to event `to`.
struct Move {
    position: usize,
    from: usize,
    to: usize,
    left: f64,
    joined: f64,
}

impl Clusterer {
    /// Moves every article of this batch whose similarity to another live event of two
    /// articles or more (no veto between them) beats its similarity to its own event by more
    /// than `reassign_margin`. Its own event's profile holds the article itself, which leans
    /// it toward staying. The moves are found first and made together, so that the order of
    /// the articles decides nothing; no event gives away its last article (a fragment is for
    /// `merge_fragments`, which records why it merges).
    pub(super) fn reassign(&mut self) {
        let mut moves: Vec<Move> = Vec::new();
        let mut leaving: BTreeMap<usize, usize> = BTreeMap::new();
        for position in self.reassigned..self.records.len() {
            let from = self.event_of[position];
            let size = self.events[from].members.len();
            if self.events[from].retired || size < 2 || leaving.get(&from).is_some_and(|&n| n + 1 >= size) {
                continue;
            }
            if let Some((to, left, joined)) = self.better_event(position, from) {
                *leaving.entry(from).or_insert(0) += 1;
                moves.push(Move { position, from, to, left, joined });
            }
        }
        if moves.is_empty() {
            return;
        }
        let mut changed: BTreeSet<usize> = BTreeSet::new();
        for moved in &moves {
            changed.extend([moved.from, moved.to]);
            self.event_of[moved.position] = moved.to;
            self.moves.push(MoveRecord {
                article: self.records[moved.position].id.clone(),
                from: self.events[moved.from].id.clone(),
                to: self.events[moved.to].id.clone(),
                at: self.records.len(),
                left: moved.left,
                joined: moved.joined,
            });
        }
        for index in changed {
            self.rebuild(index, moves.iter().filter(|moved| moved.to == index).map(|moved| moved.position));
            // Examined for a split as it stands; to be examined for a merge again.
            self.events[index].examined = self.events[index].members.len();
        }
    }

    /// The event the article at `position` is more alike than its own event `from`, by more
    /// than the margin: (event, similarity to `from`, similarity to it).
    fn better_event(&mut self, position: usize, from: usize) -> Option<(usize, f64, f64)> {
        let keys = (self.config.candidate_terms, 1);
        let scored = self.score_record(position, keys, None, self.config.max_candidates);
        let own = scored.iter().find(|&&(event, _)| event == from).map_or(0.0, |&(_, score)| score);
        scored
            .into_iter()
            .filter(|&(event, score)| {
                event != from
                    && self.events[event].members.len() >= 2
                    && score >= self.config.join_threshold
                    && score > own + self.config.reassign_margin
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(event, score)| (event, own, score))
    }
}
