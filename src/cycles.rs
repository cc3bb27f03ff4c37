//! Circular deals: money that goes round. A cycle is a path of edges of the
//! money graph that comes back to where it started: A pays B and B pays A,
//! or A → B → C → A. Each is found once, whatever company it is read from,
//! and is shown from its first company by name.
//!
//! The search is bounded. It stops after [`DEFAULT_CAP`] cycles (or the cap
//! given), or after [`STEP_BUDGET`] steps of path search, whichever comes
//! first, and says so; a dense graph (a thousand companies that all pay
//! each other) has more cycles than anyone could read, and would otherwise
//! run for ever.
//!
//! Edges are taken in the graph's order, largest disclosed total first, and
//! the cycles through each edge are those closed by the edges taken before
//! it. A cycle is so found when its smallest step is taken, in order of
//! that step: when the search stops early, the cycles it found are those
//! whose smallest steps are the largest.

use std::collections::HashMap;

use crate::graph::{DealRef, Edge, Graph};

/// Steps in a cycle unless `--max-length` says otherwise.
pub const DEFAULT_MAX_LENGTH: usize = 4;

/// The most cycles a search returns.
pub const DEFAULT_CAP: usize = 10_000;

/// The most steps a search takes: each step extends a path by one edge, or
/// checks whether a path closes into a cycle. About a tenth of a second.
pub const STEP_BUDGET: u64 = 5_000_000;

/// The most deals shown on one step of a cycle: a step between two large
/// companies can hold thousands, and a cycle is read for its shape.
pub const MAX_DEALS_PER_STEP: usize = 10;

/// The deals to show on a step: the `limit` largest (undisclosed last,
/// then oldest, then by id), oldest first; and how many more there are.
pub fn step_deals<'g>(graph: &'g Graph, edge: &Edge, limit: usize) -> (Vec<DealRef<'g>>, usize) {
    let mut deals = graph.deals(edge);
    let more = deals.len().saturating_sub(limit);
    if more > 0 {
        // Stable: among equal values, the older (then smaller id) stays.
        deals.sort_by_key(|d| std::cmp::Reverse(d.value_usd));
        deals.truncate(limit);
        // Kept for every step shown: hold ten deals, not the thousands of
        // a large edge.
        deals.shrink_to_fit();
        deals.sort_by(|a, b| a.announced.cmp(&b.announced).then_with(|| a.id.cmp(b.id)));
    }
    (deals, more)
}

/// The deals to show on every step of these cycles, by edge, each edge's
/// found once (a large edge can be a step of thousands of cycles): for
/// each, what [`step_deals`] gives.
pub fn steps_deals<'g>(
    graph: &'g Graph,
    found: &Cycles,
    limit: usize,
) -> HashMap<usize, (Vec<DealRef<'g>>, usize)> {
    let edges = found
        .cycles
        .iter()
        .flat_map(|cycle| cycle.edges.iter().copied());
    graph.largest_deals(edges, limit)
}

/// One cycle of money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    /// The companies (graph nodes), starting at the first by name; each
    /// pays the next, and the last pays the first.
    pub nodes: Vec<usize>,
    /// The edge of each step: `edges[i]` goes from `nodes[i]` to the next.
    pub edges: Vec<usize>,
}

impl Cycle {
    /// How many steps (edges) it has; two for A ⇄ B.
    pub fn len(&self) -> usize {
        self.edges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }

    /// The disclosed money on the smallest step; `None` when a step has
    /// no disclosed value at all.
    pub fn smallest_step(&self, graph: &Graph) -> Option<u128> {
        self.edges
            .iter()
            .map(|&e| step_value(&graph.edges[e]))
            .min()
            .flatten()
    }
}

/// A step's disclosed money; `None` (smaller than any amount) when none
/// of its deals disclosed a value.
fn step_value(edge: &Edge) -> Option<u128> {
    (edge.tally().disclosed > 0).then_some(edge.total_usd())
}

/// Why a search stopped before it had found every cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// It found more cycles than this cap.
    Cycles(usize),
    /// It took this many steps.
    Steps(u64),
}

/// The cycles found, in order: largest smallest step first, then shortest,
/// then by the companies' names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycles {
    pub cycles: Vec<Cycle>,
    /// The longest cycle searched for, in steps.
    pub max_length: usize,
    /// Why the search stopped early, if it did; `None` means these are all
    /// the cycles of at most `max_length` steps.
    pub stopped: Option<Stop>,
}

/// Every cycle of two to `max_length` steps, up to `cap` of them, within
/// [`STEP_BUDGET`] steps of search.
pub fn find(graph: &Graph, max_length: usize, cap: usize) -> Cycles {
    find_within(graph, max_length, cap, STEP_BUDGET)
}

/// [`find`] with a step budget of one's own.
pub fn find_within(graph: &Graph, max_length: usize, cap: usize, budget: u64) -> Cycles {
    let mut search = Search::new(graph, max_length, cap, budget);
    let stopped = search.run();
    let mut cycles = search.found;
    let smallest: Vec<Option<u128>> = cycles.iter().map(|c| c.smallest_step(graph)).collect();
    let mut order: Vec<usize> = (0..cycles.len()).collect();
    // Node numbers are in order of name, so comparing them compares names.
    order.sort_by(|&a, &b| {
        smallest[b]
            .cmp(&smallest[a])
            .then_with(|| cycles[a].len().cmp(&cycles[b].len()))
            .then_with(|| cycles[a].nodes.cmp(&cycles[b].nodes))
    });
    let mut slots: Vec<Option<Cycle>> = cycles.drain(..).map(Some).collect();
    let cycles = order.iter().filter_map(|&i| slots[i].take()).collect();
    Cycles {
        cycles,
        max_length,
        stopped,
    }
}

/// A depth-first search for paths back to the start of each edge.
struct Search<'g> {
    graph: &'g Graph,
    max_length: usize,
    cap: usize,
    budget: u64,
    steps: u64,
    /// Each node's outgoing edges as (rank, node), by rank: a rank is the
    /// edge's place in the graph's order.
    out: Vec<Vec<(u32, u32)>>,
    /// The same edges as (node, rank), by node, to find one quickly.
    by_provider: Vec<Vec<(u32, u32)>>,
    on_path: Vec<bool>,
    found: Vec<Cycle>,
}

/// The path being extended: nodes, and for each the next of its outgoing
/// edges to try and the rank of the edge that led to it.
struct Frame {
    node: u32,
    next: usize,
    via: u32,
}

impl<'g> Search<'g> {
    fn new(graph: &'g Graph, max_length: usize, cap: usize, budget: u64) -> Search<'g> {
        let mut out = vec![Vec::new(); graph.nodes.len()];
        for (rank, edge) in graph.edges.iter().enumerate() {
            // A company paying itself (under two of its names) is no cycle
            // between companies.
            if edge.payer() == edge.provider() {
                continue;
            }
            out[edge.payer()].push((rank as u32, edge.provider() as u32));
        }
        let by_provider = out
            .iter()
            .map(|edges| {
                let mut sorted: Vec<(u32, u32)> = edges.iter().map(|&(r, n)| (n, r)).collect();
                sorted.sort_unstable();
                sorted
            })
            .collect();
        Search {
            graph,
            max_length,
            cap,
            budget,
            steps: 0,
            out,
            by_provider,
            on_path: vec![false; graph.nodes.len()],
            found: Vec::new(),
        }
    }

    /// Searches edge by edge; `Some` when it stopped early.
    fn run(&mut self) -> Option<Stop> {
        if self.max_length < 2 {
            return None;
        }
        for (rank, edge) in self.graph.edges.iter().enumerate() {
            if edge.payer() == edge.provider() {
                continue;
            }
            if let Err(stop) =
                self.close_through(rank as u32, edge.payer() as u32, edge.provider() as u32)
            {
                return Some(stop);
            }
        }
        None
    }

    /// Finds the cycles whose newest edge, of rank `rank`, goes from
    /// `start` to `first`: the paths from `first` back to `start` along
    /// older edges. `Err` carries why the search must stop.
    fn close_through(&mut self, rank: u32, start: u32, first: u32) -> Result<(), Stop> {
        // Path nodes after `start`: at most max_length - 1 of them.
        let deepest = self.max_length - 1;
        let mut path = vec![Frame {
            node: first,
            next: 0,
            via: rank,
        }];
        self.on_path[start as usize] = true;
        self.on_path[first as usize] = true;
        let result = self.try_close(rank, start, &path).and_then(|()| {
            loop {
                let room = path.len() < deepest;
                let Some(top) = path.last_mut() else {
                    break Ok(());
                };
                let outgoing = &self.out[top.node as usize];
                let next = room
                    .then(|| outgoing.get(top.next))
                    .flatten()
                    .filter(|(older, _)| *older < rank)
                    .copied();
                let Some((via, node)) = next else {
                    let done = path.pop();
                    if let Some(done) = done {
                        self.on_path[done.node as usize] = false;
                    }
                    continue;
                };
                top.next += 1;
                if self.on_path[node as usize] {
                    continue;
                }
                self.spend()?;
                self.on_path[node as usize] = true;
                path.push(Frame { node, next: 0, via });
                self.try_close(rank, start, &path)?;
            }
        });
        for frame in &path {
            self.on_path[frame.node as usize] = false;
        }
        self.on_path[start as usize] = false;
        self.on_path[first as usize] = false;
        result
    }

    /// Records a cycle if the path's last node pays `start` along an older
    /// edge than `rank`.
    fn try_close(&mut self, rank: u32, start: u32, path: &[Frame]) -> Result<(), Stop> {
        self.spend()?;
        let Some(last) = path.last() else {
            return Ok(());
        };
        let edges = &self.by_provider[last.node as usize];
        let Some(back) = edges
            .binary_search_by_key(&start, |&(node, _)| node)
            .ok()
            .map(|at| edges[at].1)
            .filter(|&back| back < rank)
        else {
            return Ok(());
        };
        if self.found.len() == self.cap {
            return Err(Stop::Cycles(self.cap));
        }
        let mut nodes: Vec<usize> = std::iter::once(start)
            .chain(path.iter().map(|f| f.node))
            .map(|n| n as usize)
            .collect();
        let mut edges: Vec<usize> = path
            .iter()
            .map(|f| f.via as usize)
            .chain([back as usize])
            .collect();
        let first = nodes
            .iter()
            .enumerate()
            .min_by_key(|(_, n)| **n)
            .map_or(0, |(i, _)| i);
        nodes.rotate_left(first);
        edges.rotate_left(first);
        self.found.push(Cycle { nodes, edges });
        Ok(())
    }

    fn spend(&mut self) -> Result<(), Stop> {
        self.steps += 1;
        if self.steps > self.budget {
            return Err(Stop::Steps(self.budget));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{DealRef, GraphBuilder};
    use crate::money::Usd;

    fn graph(edges: &[(&str, &str, Option<u64>)]) -> Graph {
        let mut builder = GraphBuilder::default();
        let ids: Vec<String> = (0..edges.len()).map(|i| format!("d{i}")).collect();
        for ((payer, provider, value), id) in edges.iter().zip(&ids) {
            let deal = DealRef {
                id,
                announced: "2025-01-01".parse().unwrap(),
                kind: None,
                value_usd: value.map(Usd),
            };
            builder.add_named(payer, provider, deal);
        }
        builder.finish()
    }

    fn named(graph: &Graph, cycles: &Cycles) -> Vec<String> {
        cycles
            .cycles
            .iter()
            .map(|c| {
                let names: Vec<&str> = c
                    .nodes
                    .iter()
                    .map(|&n| graph.nodes[n].name.as_str())
                    .collect();
                names.join(" ")
            })
            .collect()
    }

    #[test]
    fn finds_each_cycle_once_from_its_first_company() {
        let g = graph(&[
            ("b", "a", Some(5)),
            ("a", "b", Some(9)),
            ("c", "a", Some(100)),
            ("b", "c", Some(100)),
            ("a", "d", None),
            ("d", "a", Some(1)),
            ("e", "e", Some(1)),
        ]);
        let cycles = find(&g, 4, 100);
        assert_eq!(named(&g, &cycles), ["a b c", "a b", "a d"]);
        assert_eq!(cycles.stopped, None);
        let abc = &cycles.cycles[0];
        assert_eq!(abc.smallest_step(&g), Some(9));
        for (i, &edge) in abc.edges.iter().enumerate() {
            let edge = &g.edges[edge];
            assert_eq!(edge.payer(), abc.nodes[i]);
            assert_eq!(edge.provider(), abc.nodes[(i + 1) % abc.len()]);
        }
        assert_eq!(cycles.cycles[2].smallest_step(&g), None);
        assert_eq!(named(&g, &find(&g, 2, 100)), ["a b", "a d"]);
    }

    #[test]
    fn a_dense_graph_stops_at_the_cap_with_the_largest_cycles() {
        // 1,000 companies, every pair dealing both ways: far more cycles of
        // up to four steps than anyone could read.
        let n = 1000;
        let mut builder = GraphBuilder::default();
        let names: Vec<String> = (0..n).map(|i| format!("c{i:04}")).collect();
        let day: crate::date::Date = "2025-01-01".parse().unwrap();
        for a in 0..n {
            for b in 0..n {
                if a != b {
                    let id = format!("{a}-{b}");
                    let value = Usd(1_000_000 + (a * 7 + b * 13) as u64 % 1000);
                    let deal = DealRef {
                        id: &id,
                        announced: day,
                        kind: None,
                        value_usd: Some(value),
                    };
                    builder.add_named(&names[a], &names[b], deal);
                }
            }
        }
        let g = builder.finish();
        assert_eq!(g.edges.len(), n * (n - 1));
        let cycles = find(&g, 4, 10_000);
        assert_eq!(cycles.stopped, Some(Stop::Cycles(10_000)));
        assert_eq!(cycles.cycles.len(), 10_000);
        let smallest: Vec<Option<u128>> =
            cycles.cycles.iter().map(|c| c.smallest_step(&g)).collect();
        assert!(smallest.windows(2).all(|w| w[0] >= w[1]));
        // The step budget stops a search that would find too few to reach
        // the cap.
        let bounded = find_within(&g, 8, usize::MAX, 100_000);
        assert_eq!(bounded.stopped, Some(Stop::Steps(100_000)));
    }

    #[test]
    fn the_largest_deals_of_edges_are_those_step_deals_picks() {
        // Values, dates and ids chosen to tie often.
        let mut builder = GraphBuilder::default();
        for i in 0..400u64 {
            let id = format!("d{:03}", (i * 37) % 400);
            let date = format!("2025-0{}-0{}", 1 + i % 3, 1 + i % 2);
            let value = (i % 5 != 0).then_some(1000 * (i % 4));
            let names = ["a", "b", "c", "d"];
            let (payer, provider) = (names[(i % 4) as usize], names[(i / 4 % 3) as usize]);
            builder.add_named(
                payer,
                provider,
                DealRef {
                    id: &id,
                    announced: date.parse().unwrap(),
                    kind: Some("k"),
                    value_usd: value.map(Usd),
                },
            );
        }
        let graph = builder.finish();
        for limit in [0, 1, 3, 10, 1000] {
            let all = 0..graph.edges.len();
            let found = graph.largest_deals(all.clone().chain(all.clone()), limit);
            assert_eq!(found.len(), graph.edges.len());
            for edge in all {
                let picked = step_deals(&graph, &graph.edges[edge], limit);
                assert_eq!(found[&edge], picked, "edge {edge}, limit {limit}");
            }
        }
        assert!(graph.largest_deals([graph.edges.len()], 10).is_empty());
    }
}
