//! ROUGE-N and ROUGE-SU recall exactly as ROUGE-1.5.5 computes them with `-m` (stemming), no
//! stopword removal, `-f A` (hits and counts summed over the models) and `-t 0` (the average
//! is taken over evaluations), as DUC 2006 ran it.
//!
//! Tokens follow ROUGE's `readText` and `createNGram`: each line lowercased, lines joined with
//! a space, `-` split off, every other character outside `[A-Za-z0-9]` made a space; tokens
//! that do not start with a letter or a digit (the split-off hyphens) are dropped. A token
//! longer than three characters is replaced by its WordNet 2.0 exception base form when it has
//! one ("children" → "child"), else by its Porter stem ([`crate::porter`]).
//!
//! ROUGE-SU keeps one quirk of the original on purpose: the last token adds no unigram.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use crate::porter;

/// The inflected forms of WordNet 2.0's exception lists that ROUGE looks up before stemming,
/// as `form|base` lines under a `#` header (only forms a ROUGE token can take: lowercase
/// letters and digits, longer than three characters).
const WORDNET_EXCEPTIONS: &str = include_str!("rouge_wordnet_exceptions.txt");

static EXCEPTIONS: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| WORDNET_EXCEPTIONS.lines().filter_map(|line| line.split_once('|')).collect());

/// Whether tokens are stemmed (ROUGE's `-m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stemming {
    /// WordNet exceptions, then the Porter stemmer, for tokens longer than three characters.
    Porter,
    None,
}

/// How a summary becomes ROUGE tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenConfig {
    pub stemming: Stemming,
    /// Only the first this many words (white-space separated, before punctuation is removed)
    /// count, like ROUGE's `-l`.
    pub word_limit: Option<usize>,
}

impl Default for TokenConfig {
    /// DUC 2006: stemming, no limit (the summaries were truncated to 250 words beforehand).
    fn default() -> Self {
        Self { stemming: Stemming::Porter, word_limit: None }
    }
}

/// ROUGE's stemmed form of one lowercase token.
pub fn stem_token(token: &str) -> String {
    if token.len() <= 3 {
        return token.to_string();
    }
    match EXCEPTIONS.get(token) {
        Some(base) => (*base).to_string(),
        None => porter::stem(token),
    }
}

/// The ROUGE tokens of a summary given one sentence per line (ROUGE's SPL format).
pub fn tokenize<S: AsRef<str>>(lines: &[S], config: &TokenConfig) -> Vec<String> {
    let lines: Vec<String> =
        lines.iter().map(|l| l.as_ref()).filter(|l| !l.is_empty()).map(str::to_ascii_lowercase).collect();
    let text = match config.word_limit {
        None | Some(0) => lines.join(" "),
        Some(limit) => truncate_words(&lines, limit),
    };
    let mut cleaned = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '-' => cleaned.push_str(" - "),
            c if c.is_ascii_alphanumeric() => cleaned.push(c),
            _ => cleaned.push(' '),
        }
    }
    cleaned
        .split_whitespace()
        .filter(|t| t.as_bytes()[0].is_ascii_alphanumeric())
        .map(|t| match config.stemming {
            Stemming::Porter => stem_token(t),
            Stemming::None => t.to_string(),
        })
        .collect()
}

/// ROUGE's `-l` cut: whole lines while they fit, then the first words of the next one.
fn truncate_words(lines: &[String], limit: usize) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for line in lines {
        let words: Vec<&str> = line.split_whitespace().collect();
        if kept.len() + words.len() < limit {
            kept.extend(words);
        } else {
            let room = limit - kept.len();
            kept.extend(words.into_iter().take(room));
            break;
        }
    }
    kept.join(" ")
}

/// Counted grams of one summary (n-grams or skip-bigrams) and their total.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GramCounts {
    counts: HashMap<String, u32>,
    total: u32,
}

/// Whether ROUGE-S also counts unigrams (`-u`: ROUGE-SU).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unigrams {
    Included,
    Excluded,
}

impl GramCounts {
    /// The n-grams of a token sequence (ROUGE-N).
    pub fn ngrams(tokens: &[String], n: usize) -> Self {
        let mut grams = Self::default();
        if n == 0 || tokens.len() < n {
            return grams;
        }
        for window in tokens.windows(n) {
            grams.add(window.join(" "));
        }
        grams
    }

    /// Skip-bigrams with at most `max_gap` words between the pair (ROUGE-S; `None` for no
    /// limit), with unigrams for ROUGE-SU. As in ROUGE-1.5.5, the last token adds no unigram.
    pub fn skip_bigrams(tokens: &[String], max_gap: Option<usize>, unigrams: Unigrams) -> Self {
        let mut grams = Self::default();
        let n = tokens.len();
        for i in 0..n.saturating_sub(1) {
            if unigrams == Unigrams::Included {
                grams.add(tokens[i].clone());
            }
            let last = max_gap.map_or(n - 1, |gap| (i + gap + 1).min(n - 1));
            for token in &tokens[i + 1..=last] {
                grams.add(format!("{} {token}", tokens[i]));
            }
        }
        grams
    }

    fn add(&mut self, gram: String) {
        *self.counts.entry(gram).or_insert(0) += 1;
        self.total += 1;
    }

    /// The number of grams counted.
    pub fn total(&self) -> u32 {
        self.total
    }

    /// How often `gram` was counted.
    pub fn count(&self, gram: &str) -> u32 {
        self.counts.get(gram).copied().unwrap_or(0)
    }

    /// Grams of this model matched by the peer, each clipped at its count in the model.
    pub fn hits(&self, peer: &GramCounts) -> u32 {
        self.counts.iter().map(|(gram, &n)| n.min(peer.count(gram))).sum()
    }
}

/// Recall of a peer against several models, `-f A`: hits and model counts summed over the
/// models, rounded to five decimals as ROUGE prints and averages it.
pub fn recall(peer: &GramCounts, models: &[&GramCounts]) -> f64 {
    let hits: u32 = models.iter().map(|m| m.hits(peer)).sum();
    let count: u32 = models.iter().map(|m| m.total()).sum();
    if count == 0 { 0.0 } else { round5(f64::from(hits) / f64::from(count)) }
}

/// `sprintf("%7.5f")` and back.
fn round5(value: f64) -> f64 {
    format!("{value:.5}").parse().unwrap_or(value)
}

/// A summary prepared for the two DUC 2006 measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredText {
    pub bigrams: GramCounts,
    pub skip4: GramCounts,
}

impl ScoredText {
    pub fn new<S: AsRef<str>>(lines: &[S], config: &TokenConfig) -> Self {
        let tokens = tokenize(lines, config);
        Self {
            bigrams: GramCounts::ngrams(&tokens, 2),
            skip4: GramCounts::skip_bigrams(&tokens, Some(4), Unigrams::Included),
        }
    }
}

/// ROUGE-2 and ROUGE-SU4 recall of one evaluation, or averaged over several.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Recall {
    pub rouge2: f64,
    pub rouge_su4: f64,
}

impl Recall {
    /// One peer against a set of models.
    pub fn of(peer: &ScoredText, models: &[&ScoredText]) -> Self {
        let bigrams: Vec<&GramCounts> = models.iter().map(|m| &m.bigrams).collect();
        let skip4: Vec<&GramCounts> = models.iter().map(|m| &m.skip4).collect();
        Self { rouge2: recall(&peer.bigrams, &bigrams), rouge_su4: recall(&peer.skip4, &skip4) }
    }

    /// The plain mean of several evaluations (zero for none).
    pub fn mean(scores: &[Recall]) -> Self {
        if scores.is_empty() {
            return Self::default();
        }
        let n = scores.len() as f64;
        Self {
            rouge2: scores.iter().map(|s| s.rouge2).sum::<f64>() / n,
            rouge_su4: scores.iter().map(|s| s.rouge_su4).sum::<f64>() / n,
        }
    }
}

/// Jackknifing for a peer that is not one of the models: one evaluation per model left out,
/// the peer scored against the others (with a single model, against that one).
pub fn jackknife(peer: &ScoredText, models: &[&ScoredText]) -> Vec<Recall> {
    if models.len() < 2 {
        return vec![Recall::of(peer, models)];
    }
    (0..models.len())
        .map(|left_out| {
            let rest: Vec<&ScoredText> =
                models.iter().enumerate().filter(|(i, _)| *i != left_out).map(|(_, m)| *m).collect();
            Recall::of(peer, &rest)
        })
        .collect()
}

/// Jackknifing for the model at `index` itself: its one evaluation, against the other models.
pub fn jackknife_model(models: &[&ScoredText], index: usize) -> Recall {
    let rest: Vec<&ScoredText> = models.iter().enumerate().filter(|(i, _)| *i != index).map(|(_, m)| *m).collect();
    match models.get(index) {
        Some(model) => Recall::of(model, &rest),
        None => Recall::default(),
    }
}

/// ROUGE-1.5.5's reported average: the mean of 1,000 bootstrap resamples of the evaluation
/// scores (sorted by evaluation id), drawn with Perl's `srand(i)`/`rand` (drand48) as ROUGE
/// draws them. Within about 1e-4 of the plain mean; kept to reproduce the official numbers.
pub fn bootstrap_mean(scores_by_eval_id: &[(String, f64)], n_resamples: u32) -> f64 {
    let mut sorted: Vec<&(String, f64)> = scores_by_eval_id.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let n = sorted.len();
    if n == 0 || n_resamples == 0 {
        return 0.0;
    }
    let mut total = 0.0;
    for seed in 0..n_resamples {
        let mut rng = Drand48::new(seed);
        let mut sum = 0.0;
        for _ in 0..n {
            let index = ((rng.next() * n as f64) as usize).min(n - 1);
            sum += sorted[index].1;
        }
        total += sum / n as f64;
    }
    total / f64::from(n_resamples)
}

/// The drand48 generator Perl's `rand` uses, seeded as Perl's `srand` seeds it.
struct Drand48 {
    state: u64,
}

impl Drand48 {
    const MASK: u64 = (1 << 48) - 1;

    fn new(seed: u32) -> Self {
        Self { state: ((u64::from(seed) << 16) | 0x330E) & Self::MASK }
    }

    fn next(&mut self) -> f64 {
        self.state = (self.state.wrapping_mul(0x5_DEEC_E66D).wrapping_add(0xB)) & Self::MASK;
        self.state as f64 / (1u64 << 48) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        tokenize(&[text], &TokenConfig::default())
    }

    #[test]
    fn tokenization_follows_rouge() {
        assert_eq!(tokens("The U.S.-led talks, in 1999!"), ["the", "u", "s", "led", "talk", "in", "1999"]);
        assert_eq!(tokens("Children went home"), ["child", "go", "home"]);
        // Tokens of three characters or fewer are neither looked up nor stemmed.
        assert_eq!(tokens("was has its"), ["was", "has", "its"]);
        assert_eq!(tokens("café"), ["caf"]);
    }

    #[test]
    fn lines_are_joined_and_the_word_limit_cuts_inside_a_line() {
        let config = TokenConfig { stemming: Stemming::None, word_limit: Some(4) };
        assert_eq!(tokenize(&["a b c", "", "d e f"], &config), ["a", "b", "c", "d"]);
        let config = TokenConfig { stemming: Stemming::None, word_limit: None };
        assert_eq!(tokenize(&["a b c", "d-e"], &config), ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn ngram_counts_and_clipped_hits() {
        let model = GramCounts::ngrams(&tokens("the cat sat on the cat"), 2);
        assert_eq!(model.total(), 5);
        assert_eq!(model.count("the cat"), 2);
        let peer = GramCounts::ngrams(&tokens("the cat the cat the cat"), 2);
        assert_eq!(model.hits(&peer), 2, "clipped at the model's count");
        assert_eq!(recall(&peer, &[&model]), 0.4);
        assert_eq!(GramCounts::ngrams(&tokens("alone"), 2).total(), 0);
    }

    #[test]
    fn skip_bigrams_with_unigrams_skip_the_last_unigram() {
        let t = tokens("a b c d e f g");
        let su4 = GramCounts::skip_bigrams(&t, Some(4), Unigrams::Included);
        // Unigrams a..f (not g) and pairs at distance 1..=5.
        assert_eq!(su4.count("g"), 0);
        assert_eq!(su4.count("a"), 1);
        assert_eq!(su4.count("a f"), 1);
        assert_eq!(su4.count("a g"), 0);
        assert_eq!(su4.total(), 6 + (5 + 5 + 4 + 3 + 2 + 1));
        let s = GramCounts::skip_bigrams(&t, None, Unigrams::Excluded);
        assert_eq!(s.total(), 21);
    }

    #[test]
    fn model_average_sums_hits_and_counts() {
        let peer = ScoredText::new(&["a b c"], &TokenConfig::default());
        let m1 = ScoredText::new(&["a b c"], &TokenConfig::default());
        let m2 = ScoredText::new(&["x y z w v"], &TokenConfig::default());
        let r = Recall::of(&peer, &[&m1, &m2]);
        assert_eq!(r.rouge2, round5(2.0 / 6.0));
        let jk = jackknife(&peer, &[&m1, &m2]);
        assert_eq!(jk.len(), 2);
        assert_eq!(jk[0].rouge2, 0.0);
        assert_eq!(jk[1].rouge2, 1.0);
        assert_eq!(jackknife_model(&[&m1, &m2, &peer], 0).rouge2, round5(2.0 / 6.0));
    }

    #[test]
    fn drand48_matches_the_c_library() {
        // srand48(0): the first values of drand48().
        let mut rng = Drand48::new(0);
        let first = rng.next();
        assert!((first - 0.170828036106).abs() < 1e-9, "{first}");
    }
}
