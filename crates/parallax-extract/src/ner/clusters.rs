//! Word clusters induced from unlabelled text, the tagger's defence against words it never
//! saw labelled.
//!
//! The finest level comes from the predictive exchange algorithm (Uszkoreit & Brants 2008,
//! the class bigram model behind Brown and Clark clusters): each word moves to the class that
//! best predicts it from the word before it, one word at a time, most frequent first, so that
//! every move raises the likelihood. Coarser levels cluster the finest classes by the same algorithm, standing in
//! for the prefixes of a Brown hierarchy. The corpus also yields, per lowercase word, how
//! often it is capitalised inside a sentence.

use std::collections::HashMap;

use super::table::{HashTable, hash_lowercase, hash_str};
use super::tags::NerKind;
use super::tokenize::{sentence_ranges, tokenize};
use super::train::ListedName;

/// Levels of granularity a model can hold.
pub(crate) const MAX_LEVELS: usize = 6;
/// No class at this level.
pub(crate) const NO_CLASS: u16 = u16::MAX;
const BOUNDARY: u32 = u32::MAX;

/// Word classes at up to six granularities (by the word before, finest first, then by the
/// word after) and capitalisation statistics.
#[derive(Debug, Clone, Default)]
pub struct WordClusters {
    pub(crate) n_levels: usize,
    /// Word (exact form) hash → class per level.
    pub(crate) classes: HashTable<[u16; MAX_LEVELS]>,
    /// Lowercase word hash → 1 (always lowercase inside sentences) ..= 5 (always capitalised).
    pub(crate) case: HashTable<u8>,
}

impl WordClusters {
    /// Words with a class.
    pub fn n_words(&self) -> usize {
        self.classes.len()
    }

    /// Levels of granularity.
    pub fn n_levels(&self) -> usize {
        self.n_levels
    }

    /// The classes of `word`; a word unseen in its own case falls back to its title-case and
    /// lowercase forms (so "JAPAN" in a headline finds "Japan").
    pub(crate) fn lookup(&self, word: &str) -> Option<[u16; MAX_LEVELS]> {
        if let Some(classes) = self.classes.get(hash_str(word)) {
            return Some(classes);
        }
        if !word.chars().any(char::is_uppercase) {
            return None;
        }
        let mut chars = word.chars();
        let title: String = chars.next().into_iter().chain(chars.flat_map(char::to_lowercase)).collect();
        self.classes.get(hash_str(&title)).or_else(|| self.classes.get(hash_lowercase(word)))
    }

    /// Capitalisation bucket of a lowercase-word hash; 0 when the corpus never had it.
    pub(crate) fn case_bucket(&self, lowercase_hash: u64) -> u8 {
        self.case.get(lowercase_hash).unwrap_or(0)
    }
}

/// How to induce clusters.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// Classes per level from the word before, finest first (each below 65,535 classes).
    pub classes: Vec<usize>,
    /// Classes per level from the word after (the same algorithm on reversed sentences);
    /// at most six levels in all.
    pub right_classes: Vec<usize>,
    /// Words seen fewer times share one class-less bucket.
    pub min_count: u64,
    /// Most passes over the vocabulary at the finest level.
    pub iterations: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig { classes: vec![1000, 250, 60], right_classes: vec![600, 150], min_count: 3, iterations: 15 }
    }
}

/// Unlabelled text for [`ClusterCorpus::induce`].
#[derive(Debug, Default)]
pub struct ClusterCorpus {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    counts: Vec<u64>,
    /// Word ids, sentences separated by `BOUNDARY`.
    stream: Vec<u32>,
}

impl ClusterCorpus {
    pub fn new() -> Self {
        ClusterCorpus::default()
    }

    /// Tokens in the corpus.
    pub fn n_tokens(&self) -> usize {
        self.stream.len() - self.stream.iter().filter(|&&id| id == BOUNDARY).count()
    }

    /// Adds running text: tokenised and split into sentences at line breaks and final stops.
    pub fn add_text(&mut self, text: &str) {
        let tokens = tokenize(text);
        for range in sentence_ranges(text, &tokens) {
            let sentence: Vec<&str> = tokens[range].iter().map(|token| token.text).collect();
            self.add_sentence(&sentence);
        }
    }

    /// Adds one tokenised sentence.
    pub fn add_sentence<S: AsRef<str>>(&mut self, tokens: &[S]) {
        if tokens.is_empty() {
            return;
        }
        for token in tokens {
            let token = token.as_ref();
            let id = match self.ids.get(token) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    self.ids.insert(token.to_string(), id);
                    self.words.push(token.to_string());
                    self.counts.push(0);
                    id
                }
            };
            self.counts[id as usize] += 1;
            self.stream.push(id);
        }
        self.stream.push(BOUNDARY);
    }

    /// Induces the clusters; `progress` hears about each pass.
    pub fn induce(&self, config: &ClusterConfig, progress: &mut dyn FnMut(&str)) -> WordClusters {
        let clamp = |levels: &[usize]| -> Vec<usize> {
            levels.iter().map(|&n| n.clamp(2, usize::from(NO_CLASS) - 1)).collect()
        };
        let (left, mut right) = (clamp(&config.classes), clamp(&config.right_classes));
        right.truncate(MAX_LEVELS.saturating_sub(left.len()));
        // Frequent words in rank order (count, then spelling), then one bucket for the rest.
        let mut frequent: Vec<u32> =
            (0..self.words.len() as u32).filter(|&id| self.counts[id as usize] >= config.min_count).collect();
        frequent.sort_by(|&a, &b| {
            self.counts[b as usize]
                .cmp(&self.counts[a as usize])
                .then_with(|| self.words[a as usize].cmp(&self.words[b as usize]))
        });
        let rare = frequent.len() as u32;
        let mut item_of = vec![rare; self.words.len()];
        for (rank, &id) in frequent.iter().enumerate() {
            item_of[id as usize] = rank as u32;
        }
        let mut items: Vec<u32> =
            self.stream.iter().map(|&id| if id == BOUNDARY { BOUNDARY } else { item_of[id as usize] }).collect();
        progress(&format!("clusters: {} tokens, {} words with a class", self.n_tokens(), frequent.len()));
        let mut per_level = hierarchy(&items, frequent.len() + 1, &left, config.iterations, progress);
        items.reverse();
        per_level.extend(hierarchy(&items, frequent.len() + 1, &right, config.iterations, progress));
        let mut classes = HashTable::with_capacity(frequent.len());
        for (rank, &id) in frequent.iter().enumerate() {
            let mut entry = [NO_CLASS; MAX_LEVELS];
            for (level, assignment) in per_level.iter().enumerate().take(MAX_LEVELS) {
                entry[level] = assignment[rank] as u16;
            }
            classes.insert(hash_str(&self.words[id as usize]), entry);
        }
        WordClusters { n_levels: per_level.len().min(MAX_LEVELS), classes, case: self.case_statistics() }
    }

    /// Names the corpus shows by their company: a run of capitalised words before a company
    /// suffix ("Magna International Inc") is an organisation, with and without the suffix, and
    /// so is its first word alone when that word is rarely lowercase; one to three
    /// capitalised words after "Mr."/"Mrs."/"Ms."/"Dr." are a person. Names seen at least
    /// twice.
    pub fn mine_names(&self) -> Vec<ListedName> {
        const COMPANY: &[&str] = &[
            "Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Ltd", "Ltd.", "Plc", "PLC", "plc", "AG", "SA", "NV", "N.V.",
            "S.A.", "Bancorp", "Holdings", "Group",
        ];
        const TITLES: &[&str] = &["Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr"];
        let case = self.case_statistics();
        let capitalised = |id: u32| {
            id != BOUNDARY && {
                let word = &self.words[id as usize];
                word.chars().next().is_some_and(char::is_uppercase) && word.chars().any(char::is_alphabetic)
            }
        };
        let mostly_capitalised = |id: u32| case.get(hash_lowercase(&self.words[id as usize])).is_some_and(|b| b >= 4);
        let mut counts: HashMap<(Vec<u32>, NerKind), u32> = HashMap::new();
        let stream = &self.stream;
        for (i, &id) in stream.iter().enumerate() {
            if id == BOUNDARY {
                continue;
            }
            let word = self.words[id as usize].as_str();
            if COMPANY.contains(&word) {
                let mut start = i;
                while start > 0 && i - start < 5 && capitalised(stream[start - 1]) {
                    start -= 1;
                }
                while start < i && !mostly_capitalised(stream[start]) {
                    start += 1;
                }
                if start < i {
                    *counts.entry((stream[start..i].to_vec(), NerKind::Organization)).or_default() += 1;
                    *counts.entry((stream[start..=i].to_vec(), NerKind::Organization)).or_default() += 1;
                    if i - start > 1 {
                        *counts.entry((vec![stream[start]], NerKind::Organization)).or_default() += 1;
                    }
                }
            } else if TITLES.contains(&word) {
                let mut end = i + 1;
                while end < stream.len() && end - i <= 3 && capitalised(stream[end]) {
                    end += 1;
                }
                if end > i + 1 {
                    *counts.entry((stream[i + 1..end].to_vec(), NerKind::Person)).or_default() += 1;
                }
            }
        }
        let mut names: Vec<ListedName> = counts
            .into_iter()
            .filter(|(_, count)| *count >= 2)
            .map(|((ids, kind), _)| ListedName {
                tokens: ids.iter().map(|&id| self.words[id as usize].clone()).collect(),
                kind,
            })
            .collect();
        names.sort_by(|a, b| (a.kind, &a.tokens).cmp(&(b.kind, &b.tokens)));
        names
    }

    /// Per lowercase word: the share of its sentence-internal occurrences that are capitalised
    /// (all-capital forms say nothing and are left out), in five buckets.
    fn case_statistics(&self) -> HashTable<u8> {
        let mut counts: HashMap<u64, (u32, u32)> = HashMap::new();
        let mut previous = BOUNDARY;
        for &id in &self.stream {
            if id != BOUNDARY && previous != BOUNDARY && !is_opening(&self.words[previous as usize]) {
                let word = &self.words[id as usize];
                let mut chars = word.chars();
                let first = chars.next().unwrap_or(' ');
                if first.is_alphabetic() {
                    let rest_lower = !chars.any(char::is_uppercase);
                    let entry = counts.entry(hash_lowercase(word)).or_default();
                    if first.is_lowercase() {
                        entry.0 += 1;
                    } else if rest_lower {
                        entry.1 += 1;
                    }
                }
            }
            previous = id;
        }
        let mut keys: Vec<u64> = counts.keys().copied().collect();
        keys.sort_unstable();
        let mut table = HashTable::with_capacity(keys.len());
        for key in keys {
            let (lower, capital) = counts[&key];
            let total = lower + capital;
            if total < 2 {
                continue;
            }
            let share = f64::from(capital) / f64::from(total);
            let bucket = match share {
                s if s < 0.02 => 1,
                s if s < 0.3 => 2,
                s if s < 0.7 => 3,
                s if s < 0.98 => 4,
                _ => 5,
            };
            table.insert(key, bucket);
        }
        table
    }
}

/// Classes of `n_items` items (separated by `BOUNDARY` in `items`) at each of `levels`: the
/// finest by exchange over the items, each coarser one by exchange over the finest classes.
fn hierarchy(
    items: &[u32],
    n_items: usize,
    levels: &[usize],
    iterations: usize,
    progress: &mut dyn FnMut(&str),
) -> Vec<Vec<u32>> {
    let Some(&n_fine) = levels.first() else { return Vec::new() };
    let bigrams = Bigrams::count(items, n_items, n_items as u32);
    progress(&format!("clusters: {} bigram types, {n_fine} classes", bigrams.n_types()));
    let fine = exchange(&bigrams, n_items as u32 + 1, n_fine, iterations, progress);
    let mut per_level = vec![fine.clone()];
    for &n_classes in &levels[1..] {
        let class_items: Vec<u32> =
            items.iter().map(|&item| if item == BOUNDARY { BOUNDARY } else { fine[item as usize] }).collect();
        let class_bigrams = Bigrams::count(&class_items, n_fine, n_fine as u32);
        let coarse = exchange(&class_bigrams, n_fine as u32 + 1, n_classes, iterations * 2, &mut |_| {});
        per_level.push(fine.iter().map(|&c| coarse[c as usize]).collect());
        progress(&format!("clusters: level of {n_classes} classes done"));
    }
    per_level
}

fn is_opening(word: &str) -> bool {
    matches!(word, "\"" | "'" | "(" | "[" | "``" | "`" | ":" | "-" | "--" | "“")
}

/// Bigram counts grouped by the second item: for each item, its predecessors and counts.
struct Bigrams {
    predecessors: Vec<Vec<(u32, u32)>>,
}

impl Bigrams {
    /// `items` separated by `BOUNDARY`; `start` is the predecessor id of a sentence's first item.
    fn count(items: &[u32], n_items: usize, start: u32) -> Bigrams {
        let mut pairs: Vec<u64> = Vec::with_capacity(items.len());
        let mut previous = start;
        for &item in items {
            if item == BOUNDARY {
                previous = start;
                continue;
            }
            pairs.push((u64::from(item) << 32) | u64::from(previous));
            previous = item;
        }
        pairs.sort_unstable();
        let mut predecessors = vec![Vec::new(); n_items];
        let mut i = 0;
        while i < pairs.len() {
            let mut j = i;
            while j < pairs.len() && pairs[j] == pairs[i] {
                j += 1;
            }
            let item = (pairs[i] >> 32) as usize;
            predecessors[item].push((pairs[i] as u32, (j - i) as u32));
            i = j;
        }
        Bigrams { predecessors }
    }

    fn n_types(&self) -> usize {
        self.predecessors.iter().map(Vec::len).sum()
    }
}

/// `x ln x`, tabulated for small counts.
struct XLogX {
    table: Vec<f64>,
}

impl XLogX {
    fn new() -> XLogX {
        XLogX { table: (0..1u32 << 17).map(|x| Self::compute(f64::from(x))).collect() }
    }

    fn compute(x: f64) -> f64 {
        if x <= 0.0 { 0.0 } else { x * x.ln() }
    }

    #[inline]
    fn get(&self, x: u64) -> f64 {
        match self.table.get(x as usize) {
            Some(&value) => value,
            None => Self::compute(x as f64),
        }
    }
}

/// Predictive exchange clustering of the items of `bigrams` into `n_classes` classes.
fn exchange(
    bigrams: &Bigrams,
    n_predecessors: u32,
    n_classes: usize,
    iterations: usize,
    progress: &mut dyn FnMut(&str),
) -> Vec<u32> {
    let n_items = bigrams.predecessors.len();
    let occurrences: Vec<u64> =
        bigrams.predecessors.iter().map(|p| p.iter().map(|&(_, n)| u64::from(n)).sum()).collect();
    let mut class_of: Vec<u32> = (0..n_items).map(|i| (i % n_classes) as u32).collect();
    // counts[v * n_classes + c]: how often an item of class c follows predecessor v.
    let mut counts = vec![0u32; n_predecessors as usize * n_classes];
    let mut totals = vec![0u64; n_classes];
    for (item, predecessors) in bigrams.predecessors.iter().enumerate() {
        let class = class_of[item] as usize;
        totals[class] += occurrences[item];
        for &(v, n) in predecessors {
            counts[v as usize * n_classes + class] += n;
        }
    }
    let g = XLogX::new();
    let mut gains = vec![0f64; n_classes];
    for iteration in 0..iterations {
        let mut moved = 0usize;
        for item in 0..n_items {
            let from = class_of[item] as usize;
            let predecessors = &bigrams.predecessors[item];
            let to = best_class(predecessors, occurrences[item], from, &counts, &totals, &g, &mut gains);
            if to == from {
                continue;
            }
            totals[from] -= occurrences[item];
            totals[to] += occurrences[item];
            for &(v, n) in predecessors {
                let row = v as usize * n_classes;
                counts[row + from] -= n;
                counts[row + to] += n;
            }
            class_of[item] = to as u32;
            moved += 1;
        }
        progress(&format!("clusters: pass {} of {iterations}, {moved} words moved", iteration + 1));
        if moved == 0 {
            break;
        }
    }
    class_of
}

/// The class that best predicts `item` from its predecessors, its own class unless another
/// does strictly better.
#[allow(clippy::too_many_arguments)]
fn best_class(
    predecessors: &[(u32, u32)],
    occurrences: u64,
    own: usize,
    counts: &[u32],
    totals: &[u64],
    g: &XLogX,
    gains: &mut [f64],
) -> usize {
    let n_classes = totals.len();
    for (gain, &total) in gains.iter_mut().zip(totals) {
        *gain = -(g.get(total + occurrences) - g.get(total));
    }
    // Staying: what leaving would lose, measured with the item still in its class.
    let mut stay = -(g.get(totals[own]) - g.get(totals[own] - occurrences));
    for &(v, n) in predecessors {
        let row = &counts[v as usize * n_classes..(v as usize + 1) * n_classes];
        let n = u64::from(n);
        for (gain, &count) in gains.iter_mut().zip(row) {
            let count = u64::from(count);
            *gain += g.get(count + n) - g.get(count);
        }
        let here = u64::from(row[own]);
        stay += g.get(here) - g.get(here - n);
    }
    let mut best = own;
    let mut best_gain = stay;
    for (class, &gain) in gains.iter().enumerate() {
        if class != own && gain > best_gain + 1e-9 {
            best = class;
            best_gain = gain;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_words_that_share_contexts() {
        let mut corpus = ClusterCorpus::new();
        for round in 0..30 {
            for (i, city) in ["Paris", "London", "Rome", "Berlin"].into_iter().enumerate() {
                let verb = if (round + i) % 2 == 0 { "went" } else { "flew" };
                corpus.add_sentence(&["He", verb, "to", city, "."]);
            }
            for name in ["Smith", "Jones", "Brown", "Taylor"] {
                corpus.add_sentence(&["He", "met", "Mr", name, "."]);
            }
        }
        let config = ClusterConfig { classes: vec![5, 2], right_classes: vec![4], min_count: 2, iterations: 20 };
        let clusters = corpus.induce(&config, &mut |_| {});
        let class = |word: &str| clusters.lookup(word).expect("class")[0];
        assert_eq!(class("Paris"), class("Rome"));
        assert_eq!(class("London"), class("Berlin"));
        assert_eq!(class("Smith"), class("Taylor"));
        assert_ne!(class("Paris"), class("Smith"));
        assert_eq!(clusters.lookup("PARIS"), clusters.lookup("Paris"));
        assert_eq!(clusters.n_levels(), 3);
        // "met" is never capitalised inside a sentence; "Smith" always is.
        assert_eq!(clusters.case_bucket(hash_str("met")), 1);
        assert_eq!(clusters.case_bucket(hash_str("smith")), 5);
    }
}
