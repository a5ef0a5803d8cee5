//! Splitting an event that holds two events of the same kind (the same leaders meeting twice,
//! one boxer's two title fights): recursive bisection on vectors weighted by *local* IDF, so
//! that what all the articles share counts for nothing and what only some share decides.
//! A split is kept only when the two halves are much less alike than each half is inside.

use crate::protagonists::different_protagonists;
use crate::vectors::{Sparse, norm};

/// Settings of event splitting.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitConfig {
    /// Smallest half a split may leave.
    pub min_part: usize,
    /// A split is kept when the mean similarity across halves is below this share of the
    /// mean similarity inside the less cohesive half.
    pub max_cross_ratio: f64,
    /// Weight of names against terms in the local similarity.
    pub name_weight: f64,
    /// Bisection rounds of reassignment.
    pub rounds: usize,
    /// The similarity of two articles with different protagonists (none in common) is scaled
    /// by this: the splitter leans toward cutting along protagonists.
    pub protagonist_clash: f64,
}

impl Default for SplitConfig {
    fn default() -> Self {
        Self { min_part: 3, max_cross_ratio: 0.35, name_weight: 0.8, rounds: 10, protagonist_clash: 0.25 }
    }
}

/// Larger groups are bisected on an evenly spaced sample of this many members, the others
/// following the half they are closer to: the cost of a look stays linear in the size.
const MAX_SAMPLE: usize = 256;

/// What splitting looks at in one article.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SplitInput<'a> {
    pub terms: &'a [(u32, f32)],
    pub names: &'a [(u32, f32)],
    /// The article's protagonists (name ids, see `protagonists`).
    pub protagonists: &'a [u32],
}

/// The parts an event falls into, and the evidence for each cut made.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Partition {
    pub parts: Vec<Vec<usize>>,
    /// One per cut, in the order made (the first is the top-level one).
    pub cuts: Vec<Cut>,
}

/// Why a group was cut in two: its halves are much less alike than each half inside.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Cut {
    /// Articles in the group cut.
    pub size: usize,
    /// Mean similarity of articles across the halves.
    pub across: f64,
    /// Mean similarity inside the less cohesive half.
    pub inside: f64,
}

/// Partitions `items` (indices into the caller's list) into events; one part means no split.
/// Deterministic: ties break by position.
pub(crate) fn partition(items: &[SplitInput<'_>], config: &SplitConfig) -> Partition {
    let all: Vec<usize> = (0..items.len()).collect();
    let mut partition = Partition::default();
    bisect(items, &all, config, &mut partition);
    partition.parts.sort();
    partition
}

/// The members' vectors over local key ids (`0..n_keys`), weighted by IDF among the members
/// and of unit length; keys every member holds are dropped.
struct Local {
    vectors: Vec<Sparse>,
    n_keys: usize,
}

fn local_vectors(vectors: &[&[(u32, f32)]]) -> Local {
    let n = vectors.len() as f64;
    let mut keys: Vec<u32> = vectors.iter().flat_map(|v| v.iter().map(|&(id, _)| id)).collect();
    keys.sort_unstable();
    let mut frequency: Vec<(u32, f64)> = Vec::new();
    for key in keys {
        match frequency.last_mut() {
            Some((last, count)) if *last == key => *count += 1.0,
            _ => frequency.push((key, 1.0)),
        }
    }
    let vectors = vectors
        .iter()
        .map(|vector| {
            let mut local: Sparse = vector
                .iter()
                .filter_map(|&(key, count)| {
                    let at = frequency.binary_search_by_key(&key, |&(k, _)| k).ok()?;
                    let df = frequency[at].1;
                    (df < n).then(|| {
                        let idf = ((n + 1.0) / (df + 0.5)).ln();
                        (at as u32, ((1.0 + f64::from(count).ln()) * idf) as f32)
                    })
                })
                .collect();
            let length = norm(&local) as f32;
            if length > 0.0 {
                local.iter_mut().for_each(|(_, v)| *v /= length);
            }
            local
        })
        .collect();
    Local { vectors, n_keys: frequency.len() }
}

/// One member's vectors spread over dense arrays, to take its similarity to many others.
struct Scatter<'a> {
    names: &'a Local,
    terms: &'a Local,
    dense_names: Vec<f32>,
    dense_terms: Vec<f32>,
    loaded: Option<usize>,
}

impl<'a> Scatter<'a> {
    fn new(names: &'a Local, terms: &'a Local) -> Self {
        Self { names, terms, dense_names: vec![0.0; names.n_keys], dense_terms: vec![0.0; terms.n_keys], loaded: None }
    }

    fn load(&mut self, member: usize) {
        if let Some(old) = self.loaded.replace(member) {
            self.names.vectors[old].iter().for_each(|&(id, _)| self.dense_names[id as usize] = 0.0);
            self.terms.vectors[old].iter().for_each(|&(id, _)| self.dense_terms[id as usize] = 0.0);
        }
        self.names.vectors[member].iter().for_each(|&(id, v)| self.dense_names[id as usize] = v);
        self.terms.vectors[member].iter().for_each(|&(id, v)| self.dense_terms[id as usize] = v);
    }

    /// Local similarity of the loaded member to `other`.
    fn similarity(&self, other: usize, config: &SplitConfig) -> f64 {
        let dot = |vector: &Sparse, dense: &[f32]| vector.iter().map(|&(id, v)| v * dense[id as usize]).sum::<f32>();
        let names = dot(&self.names.vectors[other], &self.dense_names);
        let terms = dot(&self.terms.vectors[other], &self.dense_terms);
        config.name_weight * f64::from(names) + (1.0 - config.name_weight) * f64::from(terms)
    }
}

/// A symmetric matrix of similarities among the sample.
struct Matrix {
    k: usize,
    values: Vec<f64>,
}

impl Matrix {
    fn get(&self, a: usize, b: usize) -> f64 {
        self.values[a * self.k + b]
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(sum, n), v| (sum + v, n + 1));
    if n == 0 { 1.0 } else { sum / n as f64 }
}

/// At most `max` positions in `0..len`, evenly spaced: all of them where `len <= max`.
pub(crate) fn evenly_spaced(len: usize, max: usize) -> impl Iterator<Item = usize> {
    let n = len.min(max);
    (0..n).map(move |i| i * len / n)
}

/// Whether the splitter would cut `items` apart: the top-level test of [`partition`] alone,
/// without placing the unsampled members or cutting further.
pub(crate) fn would_split(items: &[SplitInput<'_>], config: &SplitConfig) -> bool {
    let all: Vec<usize> = (0..items.len()).collect();
    top_cut(items, &all, config).is_some()
}

/// The members' local vectors, and the halves the sample falls into where the group is to be
/// cut: halves much less alike than each is inside.
struct TopCut {
    names: Local,
    terms: Local,
    /// Positions in `members` of the sample the halves were found on.
    sample: Vec<usize>,
    /// Positions in `sample`.
    first: Vec<usize>,
    second: Vec<usize>,
    cut: Cut,
}

fn top_cut(items: &[SplitInput<'_>], members: &[usize], config: &SplitConfig) -> Option<TopCut> {
    if members.len() < 2 * config.min_part {
        return None;
    }
    let names = local_vectors(&members.iter().map(|&m| items[m].names).collect::<Vec<_>>());
    let terms = local_vectors(&members.iter().map(|&m| items[m].terms).collect::<Vec<_>>());
    let sample: Vec<usize> = evenly_spaced(members.len(), MAX_SAMPLE).collect();
    let k = sample.len();
    let mut matrix = Matrix { k, values: vec![0.0; k * k] };
    let mut scatter = Scatter::new(&names, &terms);
    for a in 0..k {
        scatter.load(sample[a]);
        for (b, &other) in sample.iter().enumerate().skip(a + 1) {
            let mut s = scatter.similarity(other, config);
            let (x, y) = (&items[members[sample[a]]], &items[members[other]]);
            if different_protagonists(x.protagonists, y.protagonists) {
                s *= config.protagonist_clash;
            }
            matrix.values[a * k + b] = s;
            matrix.values[b * k + a] = s;
        }
    }
    let (first, second) = halves(&matrix, config)?;
    if first.len() < config.min_part || second.len() < config.min_part {
        return None;
    }
    let matrix = &matrix;
    let inside = |group: &[usize]| {
        mean(group.iter().enumerate().flat_map(|(x, &i)| group[x + 1..].iter().map(move |&j| matrix.get(i, j))))
    };
    let cross = mean(first.iter().flat_map(|&i| second.iter().map(move |&j| matrix.get(i, j))));
    let within = inside(&first).min(inside(&second));
    if cross >= config.max_cross_ratio * within {
        return None;
    }
    let cut = Cut { size: members.len(), across: cross, inside: within };
    Some(TopCut { names, terms, sample, first, second, cut })
}

fn bisect(items: &[SplitInput<'_>], members: &[usize], config: &SplitConfig, out: &mut Partition) {
    let Some(TopCut { names, terms, sample, first, second, cut }) = top_cut(items, members, config) else {
        out.parts.push(members.to_vec());
        return;
    };
    out.cuts.push(cut);
    // Every member goes with its half: sampled members as found, the others to the half they
    // are closer to on average.
    let mut scatter = Scatter::new(&names, &terms);
    let mut in_second = vec![false; members.len()];
    let mut sampled = vec![false; members.len()];
    for &i in &first {
        sampled[sample[i]] = true;
    }
    for &i in &second {
        sampled[sample[i]] = true;
        in_second[sample[i]] = true;
    }
    for p in 0..members.len() {
        if !sampled[p] {
            scatter.load(p);
            let to = |group: &[usize]| mean(group.iter().map(|&i| scatter.similarity(sample[i], config)));
            in_second[p] = to(&second) > to(&first);
        }
    }
    let (second, first): (Vec<usize>, Vec<usize>) = (0..members.len()).partition(|&p| in_second[p]);
    bisect(items, &first.iter().map(|&p| members[p]).collect::<Vec<_>>(), config, out);
    bisect(items, &second.iter().map(|&p| members[p]).collect::<Vec<_>>(), config, out);
}

/// Two halves by reassignment from the least similar pair; `None` when one side empties.
fn halves(matrix: &Matrix, config: &SplitConfig) -> Option<(Vec<usize>, Vec<usize>)> {
    let k = matrix.k;
    let mut seeds = (0, 1);
    for a in 0..k {
        for b in (a + 1)..k {
            if matrix.get(a, b) < matrix.get(seeds.0, seeds.1) {
                seeds = (a, b);
            }
        }
    }
    let mut side: Vec<bool> = (0..k).map(|i| i == seeds.1).collect();
    let mut first: Vec<usize> = vec![seeds.0];
    let mut second: Vec<usize> = vec![seeds.1];
    for _ in 0..config.rounds {
        let mean_to = |i: usize, group: &[usize]| {
            let (sum, n) =
                group.iter().filter(|&&j| j != i).fold((0.0, 0usize), |(sum, n), &j| (sum + matrix.get(i, j), n + 1));
            if n == 0 { 0.0 } else { sum / n as f64 }
        };
        let next: Vec<bool> = (0..k).map(|i| mean_to(i, &second) > mean_to(i, &first)).collect();
        let (a, b): (Vec<usize>, Vec<usize>) = (0..k).partition(|&i| !next[i]);
        if a.is_empty() || b.is_empty() {
            return None;
        }
        let stable = next == side;
        side = next;
        first = a;
        second = b;
        if stable {
            break;
        }
    }
    Some((first, second))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectors::counts;
    use crate::vocabulary::Vocabulary;

    fn sparse(vocabulary: &mut Vocabulary, words: &str) -> Sparse {
        counts(&mut words.split_whitespace().map(|w| vocabulary.intern(w)).collect::<Vec<_>>())
    }

    #[test]
    fn two_meetings_of_the_same_leaders_split_one_does_not() {
        let shared = "tal vell talks minister president";
        let mut v = Vocabulary::default();
        let first: Vec<(Sparse, Sparse)> = (0..4)
            .map(|i| {
                (
                    sparse(&mut v, &format!("{shared} corridor hostages marenport march w{i}")),
                    sparse(&mut v, &format!("tal vell marenport hadrell x{i}")),
                )
            })
            .collect();
        let second: Vec<(Sparse, Sparse)> = (0..4)
            .map(|i| {
                (
                    sparse(&mut v, &format!("{shared} port ships accord lysa may v{i}")),
                    sparse(&mut v, &format!("tal vell lysa y{i}")),
                )
            })
            .collect();
        let all: Vec<SplitInput<'_>> =
            first.iter().chain(&second).map(|(t, n)| SplitInput { terms: t, names: n, protagonists: &[] }).collect();
        let partition_made = partition(&all, &SplitConfig::default());
        assert_eq!(partition_made.parts, [vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
        let cut = partition_made.cuts[0];
        assert_eq!(cut.size, 8);
        assert!(cut.across < cut.inside, "{cut:?}");
        assert!(would_split(&all, &SplitConfig::default()));
        let one: Vec<SplitInput<'_>> =
            first.iter().map(|(t, n)| SplitInput { terms: t, names: n, protagonists: &[] }).collect();
        let small_parts = SplitConfig { min_part: 2, ..SplitConfig::default() };
        assert_eq!(partition(&one, &small_parts).parts.len(), 1);
        assert!(!would_split(&one, &small_parts));
    }

    #[test]
    fn large_groups_split_on_a_sample() {
        let mut v = Vocabulary::default();
        let items: Vec<(Sparse, Sparse)> = (0..3 * MAX_SAMPLE)
            .map(|i| {
                let (place, detail) = if i % 5 < 2 { ("marenport", "hostages") } else { ("lysa", "ships") };
                (
                    sparse(&mut v, &format!("tal vell talks {place} {detail} w{i}")),
                    sparse(&mut v, &format!("tal vell {place}")),
                )
            })
            .collect();
        let all: Vec<SplitInput<'_>> =
            items.iter().map(|(t, n)| SplitInput { terms: t, names: n, protagonists: &[] }).collect();
        let parts = partition(&all, &SplitConfig::default()).parts;
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|part| part.iter().all(|&i| (i % 5 < 2) == (part[0] % 5 < 2))));
    }
}
