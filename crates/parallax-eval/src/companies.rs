//! Company news on Reuters-21578: whether events keep companies apart. Reuters titles name the
//! company a story is about by its ticker ("WHITTAKER CORP <WKR> 1ST QTR NET"), a label the
//! clusterer never reads (titles are cleaned like any other, and the ticker is one term among
//! many). Two stories of one event are about one company, so an event holding stories of
//! several tickers lumps companies: quarterly results, dividends or debt offerings of many
//! firms read alike but for the name.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use parallax_cluster::ClusterConfig;
use serde::Serialize;

use crate::events::cluster;
use crate::reuters::ReutersDoc;
use crate::throughput::prepare;

/// How events keep the companies of Reuters stories apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompanyEvaluation {
    /// Stories streamed (those cleaning kept), in file order (date order, by and large).
    pub stories: usize,
    /// Of them, stories whose title names exactly one ticker.
    pub with_ticker: usize,
    /// Events after the stream and its refinement.
    pub events: usize,
    /// B-cubed precision by company over the stories with a ticker: the share of an event's
    /// ticker stories that name the story's own ticker, averaged over the stories.
    pub precision: f64,
    /// Events holding ticker stories of two companies or more.
    pub mixed_events: usize,
    /// The ticker stories and the companies of the event mixing the most companies.
    pub largest_mixed: (usize, usize),
    /// Wall-clock seconds of the stream and its refinement (one thread).
    pub cluster_seconds: f64,
    /// Each story's event, as (story id, event id), event by event: what to read when a
    /// lump is to be understood.
    pub assignments: Vec<(String, String)>,
}

/// The ticker a Reuters title names, where it names exactly one: `<WKR>` gives `WKR`.
pub fn ticker(title: &str) -> Option<&str> {
    let mut found = None;
    let mut rest = title;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else { break };
        let inner = &after[..close];
        let is_ticker = !inner.is_empty()
            && inner.len() <= 6
            && inner.chars().all(|c| c.is_ascii_uppercase() || c == '.')
            && inner.chars().any(|c| c.is_ascii_uppercase());
        if is_ticker {
            if found.is_some_and(|f| f != inner) {
                return None;
            }
            found = Some(inner);
        }
        rest = &after[close + 1..];
    }
    found
}

/// Streams the stories through a fresh clusterer, refines, and scores the events by the
/// tickers of their stories.
pub fn evaluate_companies(docs: &[ReutersDoc], config: &ClusterConfig) -> CompanyEvaluation {
    let tickers: HashMap<&str, &str> =
        docs.iter().filter_map(|doc| ticker(&doc.title).map(|t| (doc.id.as_str(), t))).collect();
    let prepared = prepare(docs);
    let started = Instant::now();
    let assigned = cluster(&prepared.features, config);
    let cluster_seconds = started.elapsed().as_secs_f64();
    // Each event's stories, by the tickers of those that have one (an event without any
    // scores nothing).
    let mut events: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (article, event) in &assigned {
        let tickers_of = events.entry(event.as_str()).or_default();
        tickers_of.extend(tickers.get(article.as_str()).copied());
    }
    let with_ticker = events.values().map(Vec::len).sum();
    let (precision, mixed_events, largest_mixed) = score_companies(events.values());
    CompanyEvaluation {
        stories: prepared.features.len(),
        with_ticker,
        events: events.len(),
        precision,
        mixed_events,
        largest_mixed,
        cluster_seconds,
        assignments: assigned,
    }
}

/// B-cubed precision of events (each given as its stories' tickers) by ticker, the events
/// holding two tickers or more, and the (stories, tickers) of the one holding the most.
pub fn score_companies<'a, 'b: 'a>(events: impl IntoIterator<Item = &'a Vec<&'b str>>) -> (f64, usize, (usize, usize)) {
    let (mut total, mut stories, mut mixed, mut largest) = (0.0, 0usize, 0usize, (0usize, 0usize));
    for event in events {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for ticker in event {
            *counts.entry(ticker).or_insert(0) += 1;
        }
        let size = event.len() as f64;
        // An event with no ticker story adds nothing (and divides by nothing).
        total += counts.values().map(|&c| c as f64 * c as f64 / size).sum::<f64>();
        stories += event.len();
        if counts.len() >= 2 {
            mixed += 1;
            largest = largest.max((counts.len(), event.len()));
        }
    }
    let precision = if stories == 0 { 1.0 } else { total / stories as f64 };
    (precision, mixed, (largest.1, largest.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_names_one_ticker_or_none() {
        assert_eq!(ticker("WHITTAKER CORP <WKR> 1ST QTR JAN 31 NET"), Some("WKR"));
        assert_eq!(ticker("GENERAL MOTORS <GM> UNIT <GMAC> SELLS NOTES"), None, "two companies");
        assert_eq!(ticker("<INTERNATIONAL THOMSON ORGANISATION LTD> YEAR"), None, "a name, not a ticker");
        assert_eq!(ticker("BRT REALTY <BRT.A> RAISES PAYOUT"), Some("BRT.A"));
        assert_eq!(ticker("COFFEE QUOTA TALKS CONTINUE"), None);
        assert_eq!(ticker("MIDLAND <MLA> SETS SPLIT, <MLA> PAYOUT"), Some("MLA"), "one ticker twice");
    }

    #[test]
    fn events_mixing_companies_lose_precision() {
        let pure = vec!["WKR", "WKR"];
        let mixed = vec!["GM", "GM", "F", "TOL"];
        let (precision, mixed_events, largest) = score_companies(&[pure, Vec::new(), mixed]);
        // WKR stories 1 each; GM 2/4 each, F and TOL 1/4 each: (2 + 1 + 0.25 + 0.25) / 6.
        assert!((precision - 3.5 / 6.0).abs() < 1e-12);
        assert_eq!(mixed_events, 1);
        assert_eq!(largest, (4, 3));
    }
}
