//! Retiring idle events, so that the clusterer's memory follows the recent stream and not
//! the whole of it: an event that took no article in the last `retire_after` positions of
//! the stream is first brought to the state the end of the batch would give it (examined
//! for a split; a fragment merged where it belongs), then retired: it keeps its id, members,
//! date and names (what reports and stories read), but is no longer a candidate for new
//! articles, and the vectors of it and of its articles are freed. The shingles of articles
//! that old are forgotten by the copy detector likewise.
//!
//! In a stream in publication order, an event idle that long is days behind every new
//! article, where clashing dates veto joining it anyway; streams shorter than
//! `retire_after` never retire anything.

use super::{Clusterer, Slot};

/// Idle events are looked for once every this many articles (more often where
/// `retire_after` is small: an eighth of it).
const RETIRE_EVERY: usize = 4_096;

/// How often `add` looks for idle events.
pub(super) fn retire_every(retire_after: usize) -> usize {
    (retire_after / 8).clamp(1, RETIRE_EVERY)
}

impl Clusterer {
    /// Retires every event whose newest article is more than `retire_after` positions old.
    pub(super) fn retire_idle(&mut self) {
        let Some(cutoff) = self.records.len().checked_sub(self.config.retire_after) else { return };
        let mut merged_any = false;
        let mut index = 0;
        // Split parts are appended, and are as idle as the event they came from: the loop
        // reaches them too.
        while index < self.events.len() {
            let event = &self.events[index];
            let idle =
                !event.retired && !event.members.is_empty() && event.members.iter().all(|&position| position < cutoff);
            if idle {
                if event.members.len() >= 2 * self.config.split.min_part && event.examined != event.members.len() {
                    self.split_event(index);
                }
                if self.merge_fragment(index) {
                    merged_any = true;
                } else {
                    self.retire(index);
                }
            }
            index += 1;
        }
        if merged_any {
            self.drop_empty_events();
        }
        self.duplicates.forget_before(cutoff);
    }

    /// Takes the event at `index` out of candidate retrieval and frees its vectors and
    /// those of its articles.
    fn retire(&mut self, index: usize) {
        let event = &mut self.events[index];
        event.retire();
        self.slots[index] = Slot::of(event);
        for &position in &event.members {
            self.records[position].release();
        }
    }
}
