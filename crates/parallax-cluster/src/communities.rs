//! Communities of a weighted graph by modularity (Louvain: Blondel et al. 2008): nodes move
//! one at a time to the neighbouring community that raises modularity most, then each
//! community becomes one node and the moves start again, until nothing moves. Resolution
//! `γ` below 1 favours fewer, larger communities.
//!
//! Deterministic: nodes are visited in index order and ties go to the lower community.

/// An undirected weighted graph: for each node, its neighbours and the weights of the edges
/// (each edge listed at both ends; a self-loop once, at its node).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Graph {
    pub adjacency: Vec<Vec<(usize, f64)>>,
}

impl Graph {
    pub fn with_nodes(n: usize) -> Self {
        Self { adjacency: vec![Vec::new(); n] }
    }

    /// Adds weight to the edge between `a` and `b` (a self-loop where they are equal).
    pub fn add_edge(&mut self, a: usize, b: usize, weight: f64) {
        add_weight(&mut self.adjacency[a], b, weight);
        if a != b {
            add_weight(&mut self.adjacency[b], a, weight);
        }
    }

    fn degree(&self, node: usize) -> f64 {
        // A self-loop adds twice its weight to its node's degree.
        self.adjacency[node].iter().map(|&(other, w)| if other == node { 2.0 * w } else { w }).sum()
    }
}

fn add_weight(list: &mut Vec<(usize, f64)>, node: usize, weight: f64) {
    match list.iter_mut().find(|(other, _)| *other == node) {
        Some((_, w)) => *w += weight,
        None => list.push((node, weight)),
    }
}

/// The modularity of a partition (`community[node]`) at resolution `gamma`:
/// Σ_c [ in_c / 2m − γ (tot_c / 2m)² ], where in_c counts each inside edge at both ends.
pub(crate) fn modularity(graph: &Graph, community: &[usize], gamma: f64) -> f64 {
    let n_communities = community.iter().copied().max().map_or(0, |c| c + 1);
    let mut inside = vec![0.0; n_communities];
    let mut total = vec![0.0; n_communities];
    let mut two_m = 0.0;
    for (node, edges) in graph.adjacency.iter().enumerate() {
        for &(other, weight) in edges {
            let weight = if other == node { 2.0 * weight } else { weight };
            two_m += weight;
            total[community[node]] += weight;
            if community[node] == community[other] {
                inside[community[node]] += weight;
            }
        }
    }
    if two_m == 0.0 {
        return 0.0;
    }
    inside.iter().zip(&total).map(|(&i, &t)| i / two_m - gamma * (t / two_m) * (t / two_m)).sum()
}

/// The community of each node (numbered from 0 in order of first node), by Louvain at
/// resolution `gamma`.
pub(crate) fn louvain(graph: &Graph, gamma: f64) -> Vec<usize> {
    let mut assignment: Vec<usize> = (0..graph.adjacency.len()).collect();
    let mut level = graph.clone();
    loop {
        let local = move_nodes(&level, gamma);
        let n_communities = local.iter().copied().max().map_or(0, |c| c + 1);
        if n_communities == level.adjacency.len() {
            break;
        }
        for community in &mut assignment {
            *community = local[*community];
        }
        level = aggregate(&level, &local, n_communities);
    }
    renumber(&assignment)
}

/// One level of local moves; returns each node's community, renumbered from 0.
fn move_nodes(graph: &Graph, gamma: f64) -> Vec<usize> {
    let n = graph.adjacency.len();
    let degrees: Vec<f64> = (0..n).map(|node| graph.degree(node)).collect();
    let two_m: f64 = degrees.iter().sum();
    let mut community: Vec<usize> = (0..n).collect();
    if two_m == 0.0 {
        return community;
    }
    let mut total = degrees.clone();
    // Weight from the current node to each community, reset after each node.
    let mut links = vec![0.0; n];
    let mut touched: Vec<usize> = Vec::new();
    // Enough passes to settle; each pass that moves nothing ends the level.
    for _ in 0..64 {
        let mut moved = false;
        for node in 0..n {
            let own = community[node];
            for &(other, weight) in &graph.adjacency[node] {
                if other != node {
                    let c = community[other];
                    if links[c] == 0.0 {
                        touched.push(c);
                    }
                    links[c] += weight;
                }
            }
            total[own] -= degrees[node];
            let gain = |c: usize, links: &[f64]| links[c] - gamma * total[c] * degrees[node] / two_m;
            let mut best = (own, gain(own, &links));
            touched.sort_unstable();
            for &c in &touched {
                let g = gain(c, &links);
                // Only a clear gain moves the node: ties keep it where it is.
                if g > best.1 + 1e-12 {
                    best = (c, g);
                }
            }
            total[best.0] += degrees[node];
            if best.0 != own {
                community[node] = best.0;
                moved = true;
            }
            for &c in &touched {
                links[c] = 0.0;
            }
            links[own] = 0.0;
            touched.clear();
        }
        if !moved {
            break;
        }
    }
    renumber(&community)
}

/// The graph of communities: one node each, edges summed (inside edges become self-loops).
fn aggregate(graph: &Graph, community: &[usize], n_communities: usize) -> Graph {
    let mut next = Graph::with_nodes(n_communities);
    for (node, edges) in graph.adjacency.iter().enumerate() {
        for &(other, weight) in edges {
            // Each edge between two nodes is listed at both ends: take it once.
            if other > node {
                next.add_edge(community[node], community[other], weight);
            } else if other == node {
                next.add_edge(community[node], community[node], weight);
            }
        }
    }
    next
}

/// Community numbers from 0 in order of first appearance.
fn renumber(community: &[usize]) -> Vec<usize> {
    let mut map: Vec<usize> = vec![usize::MAX; community.iter().copied().max().map_or(0, |c| c + 1)];
    let mut next = 0;
    community
        .iter()
        .map(|&c| {
            if map[c] == usize::MAX {
                map[c] = next;
                next += 1;
            }
            map[c]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two cliques of `size` nodes joined by one light edge.
    fn two_cliques(size: usize) -> Graph {
        let mut graph = Graph::with_nodes(2 * size);
        for offset in [0, size] {
            for a in 0..size {
                for b in a + 1..size {
                    graph.add_edge(offset + a, offset + b, 1.0);
                }
            }
        }
        graph.add_edge(0, size, 0.1);
        graph
    }

    #[test]
    fn finds_two_cliques_joined_by_a_light_edge() {
        let graph = two_cliques(5);
        let community = louvain(&graph, 1.0);
        assert_eq!(community, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
        let one: Vec<usize> = vec![0; 10];
        assert!(modularity(&graph, &community, 1.0) > modularity(&graph, &one, 1.0));
    }

    #[test]
    fn a_low_resolution_keeps_loosely_joined_groups_together() {
        let mut graph = two_cliques(4);
        // Many edges across: one group at a low resolution, two at the usual one.
        for a in 0..4 {
            graph.add_edge(a, 4 + a, 0.5);
        }
        assert_eq!(louvain(&graph, 0.2), vec![0; 8]);
        assert_eq!(louvain(&graph, 1.0), [0, 0, 0, 0, 1, 1, 1, 1]);
    }

    #[test]
    fn modularity_of_known_partitions() {
        // One edge: both ends together give 1 - 1 = 0; apart, each holds half the degree.
        let mut graph = Graph::with_nodes(2);
        graph.add_edge(0, 1, 1.0);
        assert!((modularity(&graph, &[0, 0], 1.0)).abs() < 1e-12);
        assert!((modularity(&graph, &[0, 1], 1.0) + 0.5).abs() < 1e-12);
        // Aggregating keeps modularity: a self-loop counts twice toward its node's degree.
        let graph = two_cliques(3);
        let community = louvain(&graph, 1.0);
        let merged = aggregate(&graph, &community, 2);
        let q = modularity(&graph, &community, 1.0);
        assert!((modularity(&merged, &[0, 1], 1.0) - q).abs() < 1e-12);
    }

    #[test]
    fn isolated_nodes_and_empty_graphs_stay_alone() {
        assert_eq!(louvain(&Graph::with_nodes(3), 1.0), [0, 1, 2]);
        assert!(louvain(&Graph::default(), 1.0).is_empty());
    }
}
