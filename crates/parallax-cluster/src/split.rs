//! Splitting an event that holds two events of the same kind (the same leaders meeting twice,
//! one boxer's two title fights): recursive bisection on vectors weighted by *local* IDF, so
//! that what all the articles share counts for nothing and what only some share decides.
//! A split is kept only when the two halves are much less alike than each half is inside.

use std::collections::BTreeMap;

use crate::vectors::{Sparse, cosine};

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
}

impl Default for SplitConfig {
    fn default() -> Self {
        Self { min_part: 3, max_cross_ratio: 0.35, name_weight: 0.8, rounds: 10 }
    }
}

/// What splitting looks at in one article.
#[derive(Debug, Clone)]
pub(crate) struct SplitInput<'a> {
    pub terms: &'a Sparse,
    pub names: &'a Sparse,
}

/// Partitions `items` (indices into the caller's list) into events; one part means no split.
/// Deterministic: ties break by position.
pub(crate) fn partition(items: &[SplitInput<'_>], config: &SplitConfig) -> Vec<Vec<usize>> {
    let all: Vec<usize> = (0..items.len()).collect();
    let mut parts = Vec::new();
    bisect(items, &all, config, &mut parts);
    parts.sort();
    parts
}

fn local_vectors<'a>(
    items: &[SplitInput<'a>],
    members: &[usize],
    pick: impl Fn(&SplitInput<'a>) -> &'a Sparse,
) -> Vec<Sparse> {
    let n = members.len() as f64;
    let mut frequency: BTreeMap<&str, f64> = BTreeMap::new();
    for &m in members {
        for key in pick(&items[m]).keys() {
            *frequency.entry(key.as_str()).or_insert(0.0) += 1.0;
        }
    }
    members
        .iter()
        .map(|&m| {
            pick(&items[m])
                .iter()
                .filter(|(key, _)| frequency[key.as_str()] < n)
                .map(|(key, count)| {
                    let idf = ((n + 1.0) / (frequency[key.as_str()] + 0.5)).ln();
                    (key.clone(), (1.0 + count.ln()) * idf)
                })
                .collect()
        })
        .collect()
}

fn bisect(items: &[SplitInput<'_>], members: &[usize], config: &SplitConfig, out: &mut Vec<Vec<usize>>) {
    if members.len() < 2 * config.min_part {
        out.push(members.to_vec());
        return;
    }
    let names = local_vectors(items, members, |i| i.names);
    let terms = local_vectors(items, members, |i| i.terms);
    let k = members.len();
    let mut similarity = vec![vec![0.0; k]; k];
    for a in 0..k {
        for b in (a + 1)..k {
            let s = config.name_weight * cosine(&names[a], &names[b])
                + (1.0 - config.name_weight) * cosine(&terms[a], &terms[b]);
            similarity[a][b] = s;
            similarity[b][a] = s;
        }
    }
    // Seeds: the least similar pair.
    let mut seeds = (0, 1);
    for a in 0..k {
        for b in (a + 1)..k {
            if similarity[a][b] < similarity[seeds.0][seeds.1] {
                seeds = (a, b);
            }
        }
    }
    let mut side: Vec<bool> = (0..k).map(|i| i == seeds.1).collect();
    let mut first: Vec<usize> = vec![seeds.0];
    let mut second: Vec<usize> = vec![seeds.1];
    for _ in 0..config.rounds {
        let mean_to = |i: usize, group: &[usize]| {
            let others: Vec<f64> = group.iter().filter(|&&j| j != i).map(|&j| similarity[i][j]).collect();
            if others.is_empty() { 0.0 } else { others.iter().sum::<f64>() / others.len() as f64 }
        };
        let next: Vec<bool> = (0..k).map(|i| mean_to(i, &second) > mean_to(i, &first)).collect();
        let (a, b): (Vec<usize>, Vec<usize>) = (0..k).partition(|&i| !next[i]);
        if a.is_empty() || b.is_empty() {
            out.push(members.to_vec());
            return;
        }
        let stable = next == side;
        side = next;
        first = a;
        second = b;
        if stable {
            break;
        }
    }
    if first.len() < config.min_part || second.len() < config.min_part {
        out.push(members.to_vec());
        return;
    }
    let mean = |pairs: Vec<f64>| if pairs.is_empty() { 1.0 } else { pairs.iter().sum::<f64>() / pairs.len() as f64 };
    let inside = |group: &[usize]| {
        mean(
            group
                .iter()
                .enumerate()
                .flat_map(|(x, &i)| group[x + 1..].iter().map(move |&j| (i, j)))
                .map(|(i, j)| similarity[i][j])
                .collect(),
        )
    };
    let cross =
        mean(first.iter().flat_map(|&i| second.iter().map(move |&j| (i, j))).map(|(i, j)| similarity[i][j]).collect());
    if cross < config.max_cross_ratio * inside(&first).min(inside(&second)) {
        let first: Vec<usize> = first.iter().map(|&i| members[i]).collect();
        let second: Vec<usize> = second.iter().map(|&i| members[i]).collect();
        bisect(items, &first, config, out);
        bisect(items, &second, config, out);
    } else {
        out.push(members.to_vec());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectors::counts;

    fn sparse(words: &str) -> Sparse {
        counts(&words.split_whitespace().map(str::to_string).collect::<Vec<_>>())
    }

    #[test]
    fn two_meetings_of_the_same_leaders_split_one_does_not() {
        let shared = "tal vell talks minister president";
        let first: Vec<(Sparse, Sparse)> = (0..4)
            .map(|i| {
                (
                    sparse(&format!("{shared} corridor hostages marenport march w{i}")),
                    sparse(&format!("tal vell marenport hadrell x{i}")),
                )
            })
            .collect();
        let second: Vec<(Sparse, Sparse)> = (0..4)
            .map(|i| {
                (sparse(&format!("{shared} port ships accord lysa may v{i}")), sparse(&format!("tal vell lysa y{i}")))
            })
            .collect();
        let all: Vec<SplitInput<'_>> =
            first.iter().chain(&second).map(|(t, n)| SplitInput { terms: t, names: n }).collect();
        let parts = partition(&all, &SplitConfig::default());
        assert_eq!(parts, [vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
        let one: Vec<SplitInput<'_>> = first.iter().map(|(t, n)| SplitInput { terms: t, names: n }).collect();
        assert_eq!(partition(&one, &SplitConfig { min_part: 2, ..SplitConfig::default() }).len(), 1);
    }
}
