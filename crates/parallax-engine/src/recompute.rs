//! The analysis of a store, in bounded memory: articles are read a slice at a time in
//! publication order for clustering, then again one event at a time for the reports that
//! must be built; events are written a slice at a time, and only those that changed.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use parallax_model::{EventId, EventReport};
use parallax_store::Store;

use crate::analysis::Clustering;
use crate::{EngineConfig, EngineError, Processed};

/// Articles read from the store per query while clustering.
const READ_SLICE: usize = 512;
/// Events written per transaction.
const WRITE_SLICE: usize = 256;

/// Re-clusters every stored article (in publication order, then id) and writes the events
/// whose reports changed, the stories and the copies. Reports whose key is unchanged are
/// kept as stored. Memory grows with the clusterer's compact state, never with the text of
/// the articles.
pub(crate) fn analyze_store(store: &mut dyn Store, config: &EngineConfig) -> Result<(), EngineError> {
    let order = store.article_order()?;
    let mut clustering = Clustering::new(config);
    for slice in order.chunks(READ_SLICE) {
        for stored in store.articles_by_seq(slice)? {
            clustering.add(&stored.article, &stored.extraction);
        }
    }
    drop(order);
    let plan = clustering.finish(&config.report);
    let stored_keys: HashMap<EventId, String> = store.event_keys()?.into_iter().collect();
    let keep: Vec<EventId> = plan.events.iter().map(|event| event.id.clone()).collect();
    let store = RefCell::new(store);
    let mut pending: Vec<EventReport> = Vec::new();
    let reported = plan.report(
        &config.report,
        |event| match stored_keys.get(&event.id) {
            Some(key) if *key == event.key => Ok(store.borrow().event(&event.id)?),
            _ => Ok::<_, EngineError>(None),
        },
        |ids| {
            let articles = store.borrow().articles_by_id(ids)?;
            Ok(articles
                .into_iter()
                .map(|s| Cow::Owned(Processed { article: s.article, extraction: s.extraction, source: s.source }))
                .collect())
        },
        |report, changed| {
            if changed {
                pending.push(report);
                if pending.len() >= WRITE_SLICE {
                    store.borrow_mut().put_events(&std::mem::take(&mut pending))?;
                }
            }
            Ok(())
        },
    )?;
    let store = store.into_inner();
    store.put_events(&pending)?;
    store.finish_analysis(&keep, &reported.stories, &reported.duplicates)?;
    Ok(())
}
