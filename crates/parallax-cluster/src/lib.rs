//! Grouping: near-duplicate and syndicated copies ([`DuplicateIndex`]), streaming event
//! clustering ([`Clusterer`]) and stories linking events over time ([`link_stories`]).
//!
//! Pure: no I/O, no clock. The same stream of articles gives the same events and ids.

mod clusterer;
mod communities;
mod credits;
mod duplicates;
mod events;
mod features;
mod history;
mod protagonists;
mod split;
mod stories;
#[cfg(test)]
mod tests;
mod vectors;
mod vocabulary;

pub use clusterer::{Background, Clustered, Clusterer, MergeConfig, RegroupConfig};
pub use credits::wire_credits;
pub use duplicates::DuplicateIndex;
pub use events::{Assignment, ClusterConfig, EventState, MergeRecord, MoveRecord, SplitRecord};
pub use features::{ArticleFeatures, features};
pub use history::event_histories;
pub use split::SplitConfig;
pub use stories::link_stories;
