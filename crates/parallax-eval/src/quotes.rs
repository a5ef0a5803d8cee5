//! `parallax eval quotes`: quote attribution scored on PolNeAR.
//!
//! Each article's text is split into lines (the paragraphs; blank lines dropped), run through
//! the product's entity and quote extraction, and every quote's source, cue and content spans
//! are mapped back to byte ranges of the text. Quotes sharing one cue span form one predicted
//! attribution (a quote split by its cue, and continuation paragraphs, are pieces of one).
//!
//! Scores, per role (source, cue, content):
//! - **exact**: span precision, recall and F1 over the set of role spans (every piece of a
//!   discontinuous span counts on its own, whitespace trimmed); a predicted span is right when
//!   a gold span of the same role has exactly its bounds.
//! - **overlap**: token-level precision and recall as BBC's Citron computes them for PARC 3.0:
//!   the number of tokens a predicted span shares with gold spans of the same role, over the
//!   tokens of all predicted spans (precision) and of all gold spans (recall). Tokens are runs of
//!   letters and digits and single other non-space characters; a token belongs to a span when
//!   their byte ranges intersect. PolNeAR gives each token at most one role, so counting role
//!   tokens once per article equals Citron's sum over pairs of spans.
//!
//! Attribution F1 counts whole attributions, each gold one matched to at most one prediction:
//! - **overlap**: the contents share at least half their tokens (token F1 ≥ 0.5) and the sources
//!   share a token (or neither has a source).
//! - **exact**: the content pieces and the source pieces are exactly the gold ones.

use std::collections::BTreeSet;
use std::ops::Range;
use std::time::Instant;

use parallax_extract::quotes::{LabeledText, Role, Tagging};
use parallax_extract::{EntityIndex, extract_entities, extract_quotes_with};
use parallax_model::{Quote, TextSpan};
use serde::Serialize;

use crate::polnear::{AnnotatedArticle, Attribution};

/// Precision, recall and F1 with the counts behind them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// True positives (spans, tokens or attributions).
    pub matched: usize,
    pub predicted: usize,
    pub gold: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub(crate) fn new(matched: usize, predicted: usize, gold: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(matched, predicted);
        let recall = ratio(matched, gold);
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Self { matched, predicted, gold, precision, recall, f1 }
    }
}

/// Exact and token-overlap scores of one role.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RoleScores {
    pub exact: Prf,
    pub overlap: Prf,
}

/// The scores of a PolNeAR evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QuoteEvaluation {
    pub n_articles: usize,
    pub n_gold: usize,
    pub n_predicted: usize,
    pub source: RoleScores,
    pub cue: RoleScores,
    pub content: RoleScores,
    pub attribution_exact: Prf,
    pub attribution_overlap: Prf,
    /// Where the source tokens that overlap scoring counts wrong come from.
    pub source_errors: SourceErrors,
    /// Articles per second of entity and quote extraction on one thread.
    pub articles_per_second: f64,
    /// Per article, the attributions missed and the ones predicted wrongly (when asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ArticleErrors>,
}

/// The source tokens that overlap scoring counts wrong, by what the extraction made of their
/// attribution: what to work on (finding more attributions, or their sources).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SourceErrors {
    /// Gold source tokens no predicted source covers, in attributions whose cue no predicted
    /// cue overlaps (the attribution was not found).
    pub lost_cue_not_found: usize,
    /// … in attributions whose cue a prediction found, with another source.
    pub lost_other_source: usize,
    /// … in attributions whose cue a prediction found, with no source.
    pub lost_no_source: usize,
    /// Predicted source tokens in no gold source, in predictions whose cue overlaps no gold
    /// cue (an attribution gold does not have).
    pub false_cue_not_gold: usize,
    /// … in predictions whose cue overlaps a gold cue (a wrong or too long source).
    pub false_wrong_source: usize,
}

/// One article's unmatched attributions, as `[S source] [C cue] [T content]` lines.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleErrors {
    pub name: String,
    pub missed: Vec<String>,
    pub wrong: Vec<String>,
}

/// Whether to keep the unmatched attributions of each article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorListing {
    Keep,
    Drop,
}

/// Runs the product's quote extraction on one text; byte ranges into `text`.
pub fn predict(text: &str) -> Vec<Attribution> {
    predict_with(text, Tagging::Embedded)
}

/// [`predict`] with the given tagging.
pub fn predict_with(text: &str, tagging: Tagging<'_>) -> Vec<Attribution> {
    let mut paragraphs = Vec::new();
    let mut offsets = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            paragraphs.push(line.to_string());
            offsets.push(at);
        }
        at += line.len() + 1;
    }
    let index = EntityIndex::new(&extract_entities(&paragraphs));
    let quotes = extract_quotes_with(&paragraphs, &index, tagging);
    attributions_of(&quotes, &offsets)
}

fn attributions_of(quotes: &[Quote], offsets: &[usize]) -> Vec<Attribution> {
    let to_range = |span: &TextSpan| {
        let base = offsets.get(span.paragraph).copied().unwrap_or(0);
        base + span.start..base + span.end
    };
    let mut attributions: Vec<(Option<TextSpan>, Attribution)> = Vec::new();
    for quote in quotes {
        let content: Vec<Range<usize>> = quote.content_spans.iter().map(to_range).collect();
        if let Some(cue) = quote.cue_span
            && let Some((_, existing)) = attributions.iter_mut().find(|(c, _)| *c == Some(cue))
        {
            existing.content.extend(content);
            continue;
        }
        let attribution = Attribution {
            source: quote.source_span.iter().map(to_range).collect(),
            cue: quote.cue_span.iter().map(to_range).collect(),
            content,
        };
        attributions.push((quote.cue_span, attribution));
    }
    attributions.into_iter().map(|(_, a)| a).collect()
}

/// The articles as training texts for the quote tagger.
pub fn labeled_texts(articles: &[AnnotatedArticle]) -> Vec<LabeledText> {
    articles
        .iter()
        .map(|article| {
            let mut spans = Vec::new();
            for attribution in &article.attributions {
                spans.extend(attribution.source.iter().map(|r| (Role::Source, r.clone())));
                spans.extend(attribution.cue.iter().map(|r| (Role::Cue, r.clone())));
                spans.extend(attribution.content.iter().map(|r| (Role::Content, r.clone())));
            }
            LabeledText { text: article.text.clone(), spans }
        })
        .collect()
}

/// Scores the product's quote extraction against the gold attributions of `articles`.
pub fn evaluate_quotes(articles: &[AnnotatedArticle], listing: ErrorListing, tagging: Tagging<'_>) -> QuoteEvaluation {
    let mut totals = Totals::default();
    let mut errors = Vec::new();
    let mut seconds = 0.0;
    for article in articles {
        let started = Instant::now();
        let predicted = predict_with(&article.text, tagging);
        seconds += started.elapsed().as_secs_f64();
        let article_errors = totals.add(&article.text, &article.attributions, &predicted);
        if listing == ErrorListing::Keep && !(article_errors.missed.is_empty() && article_errors.wrong.is_empty()) {
            errors.push(ArticleErrors { name: article.name.clone(), ..article_errors });
        }
    }
    QuoteEvaluation {
        n_articles: articles.len(),
        n_gold: totals.n_gold,
        n_predicted: totals.n_predicted,
        source: totals.roles[0].scores(),
        cue: totals.roles[1].scores(),
        content: totals.roles[2].scores(),
        attribution_exact: Prf::new(totals.exact[0], totals.n_predicted, totals.exact[1]),
        attribution_overlap: Prf::new(totals.overlap[0], totals.n_predicted, totals.overlap[1]),
        source_errors: totals.source_errors,
        articles_per_second: if seconds > 0.0 { articles.len() as f64 / seconds } else { 0.0 },
        errors,
    }
}

#[derive(Debug, Default)]
struct RoleCounts {
    exact_matched: usize,
    exact_predicted: usize,
    exact_gold: usize,
    tokens_matched: usize,
    tokens_predicted: usize,
    tokens_gold: usize,
}

impl RoleCounts {
    fn scores(&self) -> RoleScores {
        RoleScores {
            exact: Prf::new(self.exact_matched, self.exact_predicted, self.exact_gold),
            overlap: Prf::new(self.tokens_matched, self.tokens_predicted, self.tokens_gold),
        }
    }
}

#[derive(Debug, Default)]
struct Totals {
    /// Source, cue, content.
    roles: [RoleCounts; 3],
    n_gold: usize,
    n_predicted: usize,
    /// Matched and gold attributions.
    exact: [usize; 2],
    overlap: [usize; 2],
    source_errors: SourceErrors,
}

fn role(attribution: &Attribution, index: usize) -> &[Range<usize>] {
    match index {
        0 => &attribution.source,
        1 => &attribution.cue,
        _ => &attribution.content,
    }
}

impl Totals {
    fn add(&mut self, text: &str, gold: &[Attribution], predicted: &[Attribution]) -> ArticleErrors {
        let tokens = token_ranges(text);
        for (index, counts) in self.roles.iter_mut().enumerate() {
            let gold_spans = trimmed_spans(text, gold.iter().flat_map(|a| role(a, index)));
            let predicted_spans = trimmed_spans(text, predicted.iter().flat_map(|a| role(a, index)));
            counts.exact_matched += gold_spans.intersection(&predicted_spans).count();
            counts.exact_gold += gold_spans.len();
            counts.exact_predicted += predicted_spans.len();
            let gold_tokens = covered_tokens(&tokens, gold.iter().flat_map(|a| role(a, index)));
            let predicted_tokens = covered_tokens(&tokens, predicted.iter().flat_map(|a| role(a, index)));
            counts.tokens_matched += gold_tokens.intersection(&predicted_tokens).count();
            counts.tokens_gold += gold_tokens.len();
            counts.tokens_predicted += predicted_tokens.len();
        }
        self.count_source_errors(&tokens, gold, predicted);
        let gold: Vec<&Attribution> = gold.iter().filter(|a| !a.content.is_empty()).collect();
        self.n_gold += gold.len();
        self.n_predicted += predicted.len();
        self.exact[1] += gold.len();
        self.overlap[1] += gold.len();
        let same_exact = |g: &Attribution, p: &Attribution| {
            trimmed_spans(text, &g.content) == trimmed_spans(text, &p.content)
                && trimmed_spans(text, &g.source) == trimmed_spans(text, &p.source)
        };
        self.exact[0] += match_one_to_one(&gold, predicted, |g, p| same_exact(g, p).then_some(1.0)).len();
        let overlap_score = |g: &Attribution, p: &Attribution| {
            let content_f1 = token_f1(&covered_tokens(&tokens, &g.content), &covered_tokens(&tokens, &p.content));
            let gold_source = covered_tokens(&tokens, &g.source);
            let predicted_source = covered_tokens(&tokens, &p.source);
            let source_right = (gold_source.is_empty() && predicted_source.is_empty())
                || gold_source.intersection(&predicted_source).next().is_some();
            (content_f1 >= 0.5 && source_right).then_some(content_f1)
        };
        let pairs = match_one_to_one(&gold, predicted, overlap_score);
        self.overlap[0] += pairs.len();
        let matched_gold: BTreeSet<usize> = pairs.iter().map(|(g, _)| *g).collect();
        let matched_predicted: BTreeSet<usize> = pairs.iter().map(|(_, p)| *p).collect();
        ArticleErrors {
            name: String::new(),
            missed: gold
                .iter()
                .enumerate()
                .filter(|(i, _)| !matched_gold.contains(i))
                .map(|(_, a)| describe(text, a))
                .collect(),
            wrong: predicted
                .iter()
                .enumerate()
                .filter(|(i, _)| !matched_predicted.contains(i))
                .map(|(_, a)| describe(text, a))
                .collect(),
        }
    }
}

impl Totals {
    fn count_source_errors(&mut self, tokens: &[Range<usize>], gold: &[Attribution], predicted: &[Attribution]) {
        let covered = |spans: &[Range<usize>]| covered_tokens(tokens, spans);
        let gold_sources = covered_tokens(tokens, gold.iter().flat_map(|a| &a.source));
        let predicted_sources = covered_tokens(tokens, predicted.iter().flat_map(|a| &a.source));
        let gold_cues: Vec<BTreeSet<usize>> = gold.iter().map(|a| covered(&a.cue)).collect();
        let predicted_cues: Vec<BTreeSet<usize>> = predicted.iter().map(|a| covered(&a.cue)).collect();
        let counts = &mut self.source_errors;
        // A source shared by several attributions counts once, with the first.
        let mut seen = BTreeSet::new();
        let mut unseen = |spans: &[Range<usize>], other: &BTreeSet<usize>| {
            let tokens: Vec<usize> = covered(spans).difference(other).copied().collect();
            tokens.into_iter().filter(|&t| seen.insert(t)).count()
        };
        for (attribution, cue) in gold.iter().zip(&gold_cues) {
            let lost = unseen(&attribution.source, &predicted_sources);
            if lost == 0 {
                continue;
            }
            match predicted.iter().zip(&predicted_cues).find(|(_, found)| !found.is_disjoint(cue)) {
                None => counts.lost_cue_not_found += lost,
                Some((found, _)) if found.source.is_empty() => counts.lost_no_source += lost,
                Some(_) => counts.lost_other_source += lost,
            }
        }
        for (attribution, cue) in predicted.iter().zip(&predicted_cues) {
            let wrong = unseen(&attribution.source, &gold_sources);
            if gold_cues.iter().any(|gold_cue| !gold_cue.is_disjoint(cue)) {
                counts.false_wrong_source += wrong;
            } else {
                counts.false_cue_not_gold += wrong;
            }
        }
    }
}

/// Greedy one-to-one matching: each gold attribution takes the best-scoring free prediction.
fn match_one_to_one(
    gold: &[&Attribution],
    predicted: &[Attribution],
    score: impl Fn(&Attribution, &Attribution) -> Option<f64>,
) -> Vec<(usize, usize)> {
    let mut taken = vec![false; predicted.len()];
    let mut pairs = Vec::new();
    for (g, gold_attribution) in gold.iter().enumerate() {
        let mut best: Option<(usize, f64)> = None;
        for (p, predicted_attribution) in predicted.iter().enumerate() {
            if taken[p] {
                continue;
            }
            if let Some(s) = score(gold_attribution, predicted_attribution)
                && best.is_none_or(|(_, b)| s > b)
            {
                best = Some((p, s));
            }
        }
        if let Some((p, _)) = best {
            taken[p] = true;
            pairs.push((g, p));
        }
    }
    pairs
}

fn describe(text: &str, attribution: &Attribution) -> String {
    let show = |ranges: &[Range<usize>]| {
        ranges.iter().filter_map(|r| text.get(r.clone())).collect::<Vec<_>>().join(" ¦ ").replace('\n', " ")
    };
    format!("[S {}] [C {}] [T {}]", show(&attribution.source), show(&attribution.cue), show(&attribution.content))
}

/// Words that never head a cue in the extractor's lexicon, whatever the counts say.
const NOT_CUE_HEADS: &[&str] = &[
    "a", "about", "an", "and", "as", "at", "but", "by", "for", "from", "he", "her", "here", "his", "i", "if", "in",
    "it", "its", "many", "more", "no", "of", "on", "one", "or", "she", "some", "such", "that", "the", "their", "there",
    "they", "this", "to", "two", "we", "what", "which", "who", "with", "you",
];

/// The extractor's cue-head table counted on `articles`: every lowercase word that headed at
/// least 2 gold cues (the head of "has also said" is "said") in at least a tenth of its
/// occurrences where a cue may stand ([`parallax_extract::quotes::blocks_cue`]), as the text of
/// `cue_heads.tsv`.
pub fn render_cue_heads(articles: &[AnnotatedArticle]) -> String {
    use std::collections::BTreeMap;
    let mut counts: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for article in articles {
        let heads: BTreeSet<usize> = article
            .attributions
            .iter()
            .filter_map(|a| a.cue.first())
            .filter_map(|cue| {
                let (offset, _) = parallax_extract::quotes::cue_head(article.text.get(cue.clone())?)?;
                Some(cue.start + offset)
            })
            .collect();
        let words = lowercase_words(&article.text);
        for (index, (start, word)) in words.iter().enumerate() {
            let previous = index.checked_sub(1).map(|i| &words[i]);
            let adjacent =
                previous.filter(|(p, w)| article.text.get(p + w.len()..*start).is_some_and(|g| g.trim().is_empty()));
            if adjacent.is_some_and(|(_, w)| parallax_extract::quotes::blocks_cue(w)) {
                continue;
            }
            let entry = counts.entry(word.clone()).or_default();
            entry.1 += 1;
            if heads.contains(start) {
                entry.0 += 1;
            }
        }
    }
    let mut out = String::from(
        "# Generated by `parallax eval quotes --data ../shared/data/quotes/polnear/train --lexicon`: every word\n\
         # that headed at least 2 cues in PolNeAR train, in at least a tenth of its occurrences. Do not edit.\n\
         # word, times the head of a cue, occurrences; sorted by word.\n",
    );
    for (word, (heads, total)) in counts {
        let keep = heads >= 2
            && heads * 10 >= total
            && word.chars().all(|c| c.is_ascii_lowercase())
            && !NOT_CUE_HEADS.contains(&word.as_str());
        if keep {
            out.push_str(&format!("{word}\t{heads}\t{total}\n"));
        }
    }
    out
}

/// Words of `text` as the extractor reads them (letters, digits and inner `'’-`), lowercase,
/// with their byte offsets.
fn lowercase_words(text: &str) -> Vec<(usize, String)> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (index, &(at, c)) in chars.iter().enumerate() {
        let inner = matches!(c, '\'' | '’' | '-')
            && start.is_some()
            && chars.get(index + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            start.get_or_insert(at);
        } else if let Some(begin) = start.take() {
            words.push((begin, text[begin..at].to_lowercase()));
        }
    }
    if let Some(begin) = start {
        words.push((begin, text[begin..].to_lowercase()));
    }
    words
}

/// Byte ranges of the tokens of `text`: runs of letters and digits, and single other
/// non-space characters.
pub fn token_ranges(text: &str) -> Vec<Range<usize>> {
    let mut tokens = Vec::new();
    let mut word: Option<usize> = None;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            word.get_or_insert(at);
            continue;
        }
        if let Some(start) = word.take() {
            tokens.push(start..at);
        }
        if !c.is_whitespace() {
            tokens.push(at..at + c.len_utf8());
        }
    }
    if let Some(start) = word {
        tokens.push(start..text.len());
    }
    tokens
}

/// Indices of the tokens that intersect any of `spans`.
fn covered_tokens<'a>(tokens: &[Range<usize>], spans: impl IntoIterator<Item = &'a Range<usize>>) -> BTreeSet<usize> {
    let mut covered = BTreeSet::new();
    for span in spans {
        let first = tokens.partition_point(|t| t.end <= span.start);
        for (index, token) in tokens.iter().enumerate().skip(first) {
            if token.start >= span.end {
                break;
            }
            covered.insert(index);
        }
    }
    covered
}

fn token_f1(gold: &BTreeSet<usize>, predicted: &BTreeSet<usize>) -> f64 {
    let shared = gold.intersection(predicted).count();
    if shared == 0 {
        return 0.0;
    }
    2.0 * shared as f64 / (gold.len() + predicted.len()) as f64
}

/// Spans with surrounding whitespace trimmed, empty ones dropped.
fn trimmed_spans<'a>(text: &str, spans: impl IntoIterator<Item = &'a Range<usize>>) -> BTreeSet<(usize, usize)> {
    spans
        .into_iter()
        .filter_map(|span| {
            let piece = text.get(span.clone())?;
            let start = span.start + (piece.len() - piece.trim_start().len());
            let end = span.end - (piece.len() - piece.trim_end().len());
            (start < end).then_some((start, end))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribution(source: Range<usize>, cue: Range<usize>, content: Range<usize>) -> Attribution {
        Attribution { source: vec![source], cue: vec![cue], content: vec![content] }
    }

    #[test]
    fn tokens_are_words_and_single_marks() {
        let text = "“Go now,” Tal said.";
        let tokens: Vec<&str> = token_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(tokens, ["“", "Go", "now", ",", "”", "Tal", "said", "."]);
    }

    #[test]
    fn exact_and_overlap_scores() {
        // Gold: source "Tal", cue "said", content "the road is open".
        let text = "Tal said the road is open.";
        let gold = [attribution(0..3, 4..8, 9..25)];
        // Predicted: the content runs one token short.
        let predicted = [attribution(0..3, 4..8, 9..20)];
        let mut totals = Totals::default();
        totals.add(text, &gold, &predicted);
        let content = totals.roles[2].scores();
        assert_eq!(content.exact.f1, 0.0);
        assert_eq!((content.overlap.precision, content.overlap.recall), (1.0, 0.75));
        assert_eq!(totals.roles[0].scores().exact.f1, 1.0);
        assert_eq!(totals.overlap, [1, 1], "content F1 6/7 and the same source");
        assert_eq!(totals.exact, [0, 1]);
    }

    #[test]
    fn source_errors_say_what_went_wrong() {
        let text = "Mayor Tal said the road is open. Vell noted delays. Aid groups feared floods.";
        let gold = [
            // "Mayor Tal" said "the road is open": found, with too long a source below.
            attribution(0..9, 10..14, 15..31),
            // "Vell" noted "delays": found, with no source.
            attribution(33..37, 38..43, 44..50),
            // "Aid groups" feared "floods": not found.
            attribution(52..62, 63..69, 70..76),
        ];
        let predicted = [
            attribution(0..14, 10..14, 15..31),
            Attribution { source: Vec::new(), ..attribution(0..0, 38..43, 44..50) },
            // "floods" as the source of a cue that gold does not have.
            attribution(70..76, 76..77, 63..69),
        ];
        let mut totals = Totals::default();
        totals.add(text, &gold, &predicted);
        let expected = SourceErrors {
            lost_cue_not_found: 2,
            lost_other_source: 0,
            lost_no_source: 1,
            false_cue_not_gold: 1,
            false_wrong_source: 1,
        };
        assert_eq!(totals.source_errors, expected);
    }
}
