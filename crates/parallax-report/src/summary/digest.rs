//! Multi-document summaries within a word budget, by concept coverage (Gillick & Favre 2009):
//! concepts are stemmed word bigrams, each worth the number of documents that use it (more
//! when it touches the query or appears early in a story); the summary is the set of sentences
//! that covers the most concept value within the budget, found greedily and then improved by
//! swaps. A concept counts once, so redundant sentences add nothing. Sentences come back in
//! chronological order, each citing every document with a sentence saying the same.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use parallax_model::{ArticleId, Day, SummarySentence};
use parallax_text::{is_stopword, split_sentences, stem, words};

use super::compress::{Compression, compress};

/// One document as the summariser sees it.
#[derive(Debug, Clone, Copy)]
pub struct SummaryDocument<'a> {
    pub id: &'a ArticleId,
    pub published: Option<Day>,
    pub paragraphs: &'a [String],
    /// A copy of another document supports sentences but is never quoted from.
    pub is_copy: bool,
}

/// Order of the summary's sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceOrder {
    /// By publication day, then document, then position in it.
    Chronological,
    /// Most valuable first.
    Selection,
}

/// Settings of the budgeted summariser.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestConfig {
    /// Word budget (white-space separated words).
    pub max_words: usize,
    /// At most this many sentences.
    pub max_sentences: usize,
    pub order: SentenceOrder,
    pub compression: Compression,
    /// Candidate sentences have at least / at most this many words.
    pub min_sentence_words: usize,
    pub max_sentence_words: usize,
    /// A concept counts when at least this many documents use it (fewer for small inputs).
    pub min_concept_documents: usize,
    /// Extra weight of a concept sharing a word with the query.
    pub query_weight: f64,
    /// Extra weight of a concept for each document that uses it in its first sentences.
    pub lead_weight: f64,
    /// How many sentences of a document count as its lead.
    pub lead_sentences: usize,
    /// Exponent of the sentence length in the greedy gain-per-length ratio.
    pub length_exponent: f64,
    /// Cosine at which another document's sentence says the same (cited as support).
    pub same_statement: f64,
    /// Cosine to a picked sentence at which a candidate is left out as a repetition.
    pub redundancy: f64,
}

impl Default for DigestConfig {
    fn default() -> Self {
        Self {
            max_words: 250,
            max_sentences: 100,
            order: SentenceOrder::Chronological,
            compression: Compression::Light,
            min_sentence_words: 8,
            max_sentence_words: 40,
            min_concept_documents: 3,
            query_weight: 1.0,
            lead_weight: 0.5,
            lead_sentences: 3,
            length_exponent: 0.5,
            same_statement: 0.5,
            redundancy: 0.6,
        }
    }
}

/// A sentence carried word for word by this many independent documents is boilerplate.
const BOILERPLATE_DOCUMENTS: usize = 3;

/// Notices of a news wire to its clients, never statements.
const WIRE_FURNITURE: &[&str] =
    &["for use by", "clients of the", "optional material", "can end here", "editors:", "end optional", "news service"];

/// Shortest sentence used when no sentence of the documents makes good summary material.
const FALLBACK_MIN_WORDS: usize = 4;

/// Query words that only frame the request ("Discuss … Include information on …").
const QUERY_FRAME: &[&str] = &[
    "account", "affect", "aspect", "concern", "describ", "detail", "discuss", "effect", "explain", "give", "happen",
    "identifi", "includ", "inform", "involv", "issu", "kind", "known", "list", "mention", "provid", "regard", "relat",
    "report", "specifi", "type", "way",
];

struct Candidate {
    document: usize,
    position: usize,
    text: String,
    n_words: usize,
    concepts: Vec<usize>,
    terms: TermVector,
}

/// A stemmed word as an id of the event's [`Stems`]; ids follow the stems' byte order.
type StemId = u32;
/// A concept: a pair of stems. Pairs of ids order as the strings "stem stem" would.
type Concept = (StemId, StemId);
/// Counts of content stems, ascending by id.
type TermVector = Vec<(StemId, f64)>;

/// Stemmed words, each with whether it is a stopword.
type StemmedWords = Vec<(String, bool)>;

/// Lowercase stemmed words of a text, with whether each is a stopword.
fn stemmed_words(text: &str) -> StemmedWords {
    words(text)
        .map(|w| w.to_lowercase().replace('’', "'"))
        .map(|w| w.trim_end_matches("'s").to_string())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let stop = is_stopword(&w) || w.chars().all(|c| !c.is_alphanumeric());
            (stem(&w), stop)
        })
        .collect()
}

/// The stems of every sentence of one summary, numbered in byte order, so that sets and maps
/// keyed by ids iterate as they would keyed by the strings (and sums run in the same order).
struct Stems {
    ids: HashMap<String, StemId>,
}

impl Stems {
    fn new<'a>(all: impl Iterator<Item = &'a str>) -> Self {
        let sorted: BTreeSet<&str> = all.collect();
        Self { ids: sorted.into_iter().enumerate().map(|(id, stem)| (stem.to_string(), id as StemId)).collect() }
    }

    /// The words with their ids (every word of the texts the stems were made from has one).
    fn number(&self, words: &[(String, bool)]) -> Vec<(StemId, bool)> {
        words.iter().filter_map(|(w, stop)| Some((*self.ids.get(w)?, *stop))).collect()
    }
}

/// Concept keys (bigrams with at least one content word) of a text, deduplicated.
fn concept_keys(tokens: &[(StemId, bool)]) -> BTreeSet<Concept> {
    tokens.windows(2).filter(|w| !(w[0].1 && w[1].1)).map(|w| (w[0].0, w[1].0)).collect()
}

fn term_vector(tokens: &[(StemId, bool)]) -> TermVector {
    let mut vector: BTreeMap<StemId, f64> = BTreeMap::new();
    for &(term, stop) in tokens {
        if !stop {
            *vector.entry(term).or_insert(0.0) += 1.0;
        }
    }
    vector.into_iter().collect()
}

fn cosine(a: &TermVector, b: &TermVector) -> f64 {
    let mut dot = 0.0;
    let mut j = 0;
    for &(k, v) in a {
        while j < b.len() && b[j].0 < k {
            j += 1;
        }
        if j < b.len() && b[j].0 == k {
            dot += v * b[j].1;
        }
    }
    let na: f64 = a.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na * nb) }
}

/// Whether a sentence can stand in a summary: not a question, not a fragment of a quote, not
/// a first-person aside.
fn is_summary_material(sentence: &str) -> bool {
    let trimmed = sentence.trim();
    if trimmed.ends_with('?') || trimmed.ends_with(':') || trimmed.starts_with(['"', '“', '`', '\'', '(', '-', '_']) {
        return false;
    }
    let first = trimmed.split_whitespace().next().unwrap_or("");
    if matches!(first, "I" | "We" | "You" | "My" | "Our" | "He" | "She" | "They" | "It" | "This" | "These" | "That") {
        return false;
    }
    if trimmed.contains("http") || trimmed.contains("www.") || trimmed.contains('@') || has_copyright(trimmed) {
        return false;
    }
    let lower = trimmed.to_lowercase();
    if WIRE_FURNITURE.iter().any(|phrase| lower.contains(phrase)) {
        return false;
    }
    // Headings and slugs in capitals ("STAR WARS: EPISODE I").
    let words: Vec<&str> =
        trimmed.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2).collect();
    let shouted = words.iter().filter(|w| !w.chars().any(char::is_lowercase)).count();
    if shouted * 3 > words.len() {
        return false;
    }
    let quote_marks =
        trimmed.matches(['"', '“', '”']).count() + trimmed.matches("``").count() + trimmed.matches("''").count();
    quote_marks == 0 && trimmed.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Sentences that several independent documents carry word for word: service notices and
/// other furniture of a wire ("For use by clients of …"), not statements.
fn boilerplate<'s>(documents: &[SummaryDocument<'_>], sentences: &'s [Vec<String>]) -> BTreeSet<&'s str> {
    let mut carriers: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (index, _) in documents.iter().enumerate().filter(|(_, d)| !d.is_copy) {
        for sentence in &sentences[index] {
            carriers.entry(sentence.as_str()).or_default().insert(index);
        }
    }
    carriers.into_iter().filter(|(_, docs)| docs.len() >= BOILERPLATE_DOCUMENTS).map(|(s, _)| s).collect()
}

/// A copyright line of a byline ("c. 1999 The San Francisco Chronicle").
fn has_copyright(sentence: &str) -> bool {
    sentence.match_indices("c.").any(|(at, _)| {
        let before_ok = at == 0 || !sentence[..at].ends_with(|c: char| c.is_alphanumeric());
        let rest = sentence[at + 2..].trim_start();
        before_ok && rest.len() >= 4 && rest[..4].chars().all(|c| c.is_ascii_digit())
    }) || sentence.contains('©')
}

/// Summarises `documents` within the configured budget; `query` (a topic statement) steers the
/// choice. Every sentence cites the document it comes from and every other document with a
/// sentence saying the same.
pub fn summarize_documents(
    documents: &[SummaryDocument<'_>],
    query: Option<&str>,
    config: &DigestConfig,
) -> Vec<SummarySentence> {
    let sentences: Vec<Vec<String>> = documents
        .iter()
        .map(|d| {
            d.paragraphs.iter().flat_map(|p| split_sentences(p)).map(|s| compress(s, config.compression)).collect()
        })
        .collect();
    let boilerplate = boilerplate(documents, &sentences);
    // Each kept sentence's stemmed words, once; then the stems numbered in byte order.
    let kept: Vec<Vec<(&str, StemmedWords)>> = sentences
        .iter()
        .map(|texts| {
            texts.iter().filter(|t| !boilerplate.contains(t.as_str())).map(|t| (t.as_str(), stemmed_words(t))).collect()
        })
        .collect();
    let query_words = query.map(stemmed_words).unwrap_or_default();
    let stems = Stems::new(
        kept.iter()
            .flatten()
            .flat_map(|(_, words)| words.iter().map(|(w, _)| w.as_str()))
            .chain(query_words.iter().map(|(w, _)| w.as_str())),
    );
    let mut candidates = Vec::new();
    // Every sentence of every document, as support for citations.
    let mut support: Vec<(usize, TermVector)> = Vec::new();
    let mut document_concepts: Vec<BTreeSet<Concept>> = Vec::new();
    let mut lead_concepts: Vec<BTreeSet<Concept>> = Vec::new();
    for (index, document) in documents.iter().enumerate() {
        let mut all = BTreeSet::new();
        let mut lead = BTreeSet::new();
        for (position, (text, words)) in kept[index].iter().enumerate() {
            let tokens = stems.number(words);
            let keys = concept_keys(&tokens);
            if position < config.lead_sentences {
                lead.extend(keys.iter().copied());
            }
            let terms = term_vector(&tokens);
            support.push((index, terms.clone()));
            let n_words = text.split_whitespace().count();
            if !document.is_copy && n_words >= FALLBACK_MIN_WORDS {
                let preferred = (config.min_sentence_words..=config.max_sentence_words).contains(&n_words)
                    && is_summary_material(text);
                candidates.push((preferred, (index, position, text.to_string(), n_words, terms, keys.clone())));
            }
            all.extend(keys);
        }
        if !document.is_copy {
            document_concepts.push(all);
            lead_concepts.push(lead);
        }
    }
    // Sentences fit for a summary; any sentence when a document has none (a short report).
    let any_preferred = candidates.iter().any(|(preferred, _)| *preferred);
    let candidates: Vec<_> =
        candidates.into_iter().filter(|(preferred, _)| *preferred || !any_preferred).map(|(_, c)| c).collect();
    if candidates.is_empty() {
        return Vec::new();
    }

    // Concept weights: document frequency, boosted by the query and by story leads.
    let query_stems: BTreeSet<StemId> = stems
        .number(&query_words)
        .into_iter()
        .zip(&query_words)
        .filter(|((_, stop), (w, _))| !stop && !QUERY_FRAME.contains(&w.as_str()))
        .map(|((id, _), _)| id)
        .collect();
    let mut frequency: BTreeMap<Concept, (usize, usize)> = BTreeMap::new();
    for (all, lead) in document_concepts.iter().zip(&lead_concepts) {
        for key in all {
            let entry = frequency.entry(*key).or_insert((0, 0));
            entry.0 += 1;
            if lead.contains(key) {
                entry.1 += 1;
            }
        }
    }
    let min_documents = config.min_concept_documents.min(document_concepts.len().div_ceil(3)).max(1);
    let mut concept_index: HashMap<Concept, usize> = HashMap::new();
    let mut weights: Vec<f64> = Vec::new();
    for (key, (n_documents, n_lead)) in &frequency {
        if *n_documents < min_documents {
            continue;
        }
        let touches_query = query_stems.contains(&key.0) || query_stems.contains(&key.1);
        let mut weight = *n_documents as f64 + config.lead_weight * *n_lead as f64;
        if touches_query {
            weight *= 1.0 + config.query_weight;
        }
        concept_index.insert(*key, weights.len());
        weights.push(weight);
    }
    let candidates: Vec<Candidate> = candidates
        .into_iter()
        .map(|(document, position, text, n_words, terms, keys)| {
            let mut concepts: Vec<usize> = keys.iter().filter_map(|k| concept_index.get(k).copied()).collect();
            concepts.sort_unstable();
            Candidate { document, position, text, n_words, concepts, terms }
        })
        .collect();

    let picked = select(&candidates, &weights, config);
    let mut chosen: Vec<&Candidate> = picked.iter().map(|&i| &candidates[i]).collect();
    if config.order == SentenceOrder::Chronological {
        chosen.sort_by(|a, b| {
            documents[a.document]
                .published
                .cmp(&documents[b.document].published)
                .then_with(|| documents[a.document].id.cmp(documents[b.document].id))
                .then_with(|| a.position.cmp(&b.position))
        });
    }
    chosen
        .into_iter()
        .map(|candidate| {
            let mut articles: Vec<ArticleId> = support
                .iter()
                .filter(|(d, terms)| {
                    *d == candidate.document || cosine(terms, &candidate.terms) >= config.same_statement
                })
                .map(|(d, _)| documents[*d].id.clone())
                .collect();
            articles.sort();
            articles.dedup();
            SummarySentence { text: candidate.text.clone(), articles }
        })
        .collect()
}

fn gain(candidate: &Candidate, covered: &[bool], weights: &[f64]) -> f64 {
    candidate.concepts.iter().filter(|&&c| !covered[c]).map(|&c| weights[c]).sum()
}

/// Greedy selection by gain per length, then swaps of one sentence for another while the
/// coverage grows. Returns indexes into `candidates`, in order of selection.
fn select(candidates: &[Candidate], weights: &[f64], config: &DigestConfig) -> Vec<usize> {
    let mut covered = vec![false; weights.len()];
    let mut picked: Vec<usize> = Vec::new();
    let mut used = 0;
    loop {
        if picked.len() >= config.max_sentences || used >= config.max_words {
            break;
        }
        let room = config.max_words - used;
        let mut best: Option<(f64, usize)> = None;
        for (index, candidate) in candidates.iter().enumerate() {
            if candidate.n_words > room || picked.contains(&index) {
                continue;
            }
            let value = gain(candidate, &covered, weights);
            if value <= 0.0 {
                continue;
            }
            let ratio = value / (candidate.n_words as f64).powf(config.length_exponent);
            if best.is_none_or(|(b, _)| ratio > b) && !repeats(candidate, &picked, candidates, config) {
                best = Some((ratio, index));
            }
        }
        let Some((_, index)) = best else { break };
        picked.push(index);
        used += candidates[index].n_words;
        for &c in &candidates[index].concepts {
            covered[c] = true;
        }
    }
    improve_by_swaps(&mut picked, candidates, weights, config);
    picked
}

/// Whether a candidate says what a picked sentence already says.
fn repeats(candidate: &Candidate, picked: &[usize], candidates: &[Candidate], config: &DigestConfig) -> bool {
    picked.iter().any(|&p| cosine(&candidates[p].terms, &candidate.terms) >= config.redundancy)
}

/// Swaps of one picked sentence for another while the covered value grows: at most three
/// passes over the picked sentences.
fn improve_by_swaps(picked: &mut [usize], candidates: &[Candidate], weights: &[f64], config: &DigestConfig) {
    // How many picked sentences cover each concept.
    let mut counts = vec![0_u32; weights.len()];
    for &p in picked.iter() {
        for &c in &candidates[p].concepts {
            counts[c] += 1;
        }
    }
    for _pass in 0..3 {
        let mut improved = false;
        for slot in 0..picked.len() {
            let out = picked[slot];
            for &c in &candidates[out].concepts {
                counts[c] -= 1;
            }
            let lost: f64 = candidates[out].concepts.iter().filter(|&&c| counts[c] == 0).map(|&c| weights[c]).sum();
            let used: usize = picked.iter().map(|&i| candidates[i].n_words).sum();
            let room = (config.max_words + candidates[out].n_words).saturating_sub(used);
            let others: Vec<usize> = picked.iter().copied().filter(|&p| p != out).collect();
            let mut best: Option<(f64, usize)> = None;
            for (index, candidate) in candidates.iter().enumerate() {
                if candidate.n_words > room || picked.contains(&index) {
                    continue;
                }
                let added: f64 = candidate.concepts.iter().filter(|&&c| counts[c] == 0).map(|&c| weights[c]).sum();
                if added > lost + 1e-9
                    && best.is_none_or(|(b, _)| added > b)
                    && !repeats(candidate, &others, candidates, config)
                {
                    best = Some((added, index));
                }
            }
            let chosen = best.map_or(out, |(_, index)| index);
            if chosen != out {
                picked[slot] = chosen;
                improved = true;
            }
            for &c in &candidates[chosen].concepts {
                counts[c] += 1;
            }
        }
        if !improved {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Doc {
        id: ArticleId,
        day: u32,
        paragraphs: Vec<String>,
        is_copy: bool,
    }

    fn doc(id: &str, day: u32, paragraphs: &[&str]) -> Doc {
        Doc {
            id: ArticleId(id.into()),
            day,
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            is_copy: false,
        }
    }

    fn run(docs: &[Doc], query: Option<&str>, config: &DigestConfig) -> Vec<SummarySentence> {
        let inputs: Vec<SummaryDocument<'_>> = docs
            .iter()
            .map(|d| SummaryDocument {
                id: &d.id,
                published: Day::from_ymd_opt(1999, 1, d.day),
                paragraphs: &d.paragraphs,
                is_copy: d.is_copy,
            })
            .collect();
        summarize_documents(&inputs, query, config)
    }

    fn storm() -> Vec<Doc> {
        vec![
            doc(
                "b",
                2,
                &[
                    "MIAMI (AP) -- A powerful storm hit the coast of Florida on Monday and killed ten people in three towns.",
                    "Insurance companies expect claims of more than two billion dollars from homeowners along the coast.",
                ],
            ),
            doc(
                "a",
                1,
                &[
                    "A powerful storm hit the coast of Florida on Monday, killing ten people in three small towns.",
                    "The governor declared a state of emergency and sent the National Guard to the three towns.",
                ],
            ),
            doc(
                "c",
                3,
                &[
                    "The storm that killed ten people in Florida moved north into Georgia on Tuesday with heavy rain.",
                    "The governor of Florida declared a state of emergency in the three towns hit by the storm.",
                ],
            ),
        ]
    }

    #[test]
    fn sentences_fit_the_budget_cite_their_sources_and_say_each_thing_once() {
        let config = DigestConfig { max_words: 40, ..DigestConfig::default() };
        let summary = run(&storm(), None, &config);
        assert!(!summary.is_empty());
        let words: usize = summary.iter().map(|s| s.text.split_whitespace().count()).sum();
        assert!(words <= 40, "{words} words");
        let about_the_deaths =
            summary.iter().filter(|s| s.text.contains("killed ten") || s.text.contains("killing ten"));
        assert!(about_the_deaths.count() <= 1, "redundant: {summary:?}");
        for sentence in &summary {
            assert!(!sentence.articles.is_empty(), "uncited: {}", sentence.text);
            assert!(!sentence.text.starts_with("MIAMI"), "dateline kept: {}", sentence.text);
        }
        let deaths = summary.iter().find(|s| s.text.contains("ten people")).expect("the main fact");
        assert!(deaths.articles.len() >= 2, "the same statement in two articles: {:?}", deaths.articles);
    }

    #[test]
    fn sentences_come_in_chronological_order() {
        let config = DigestConfig { max_words: 200, ..DigestConfig::default() };
        let summary = run(&storm(), None, &config);
        let docs = storm();
        let source = |text: &str| docs.iter().find(|d| d.paragraphs.iter().any(|p| p.contains(text))).map(|d| d.day);
        let days: Vec<Option<u32>> = summary.iter().map(|s| source(&s.text)).collect();
        let mut sorted = days.clone();
        sorted.sort();
        assert!(summary.len() >= 2);
        assert_eq!(days, sorted, "{summary:?}");
    }

    #[test]
    fn the_query_steers_the_choice() {
        let config = DigestConfig { max_words: 18, query_weight: 10.0, ..DigestConfig::default() };
        let summary = run(&storm(), Some("Insurance claims of homeowners"), &config);
        assert_eq!(summary.len(), 1, "{summary:?}");
        assert!(summary[0].text.starts_with("Insurance companies"), "{summary:?}");
    }

    #[test]
    fn copies_support_but_are_never_quoted_and_short_reports_still_get_a_summary() {
        let mut docs = storm();
        docs.push(Doc {
            is_copy: true,
            ..doc("z-copy", 4, &["A copy says the storm killed many people in Florida today."])
        });
        let summary = run(&docs, None, &DigestConfig::default());
        assert!(summary.iter().all(|s| !s.text.starts_with("A copy")));
        let short = run(&[doc("s", 1, &["Rain fell.", "Roads closed in the north."])], None, &DigestConfig::default());
        assert_eq!(short.len(), 1);
        assert_eq!(short[0].text, "Roads closed in the north.");
        assert_eq!(short[0].articles, [ArticleId("s".into())]);
    }
}
