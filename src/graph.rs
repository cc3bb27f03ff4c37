//! The money graph: companies as nodes, and one edge for each payer and
//! provider that the matched deals connect, carrying how many deals, the
//! exact disclosed total, how many were undisclosed, their kinds and the
//! deals themselves. Money flows along an edge, from the buyer (payer) to
//! the seller (provider).
//!
//! Companies are nodes under their canonical names, as `total --by buyer`
//! groups them: every spelling of a company (an alias, another case) is
//! one node. The deals are kept compactly (their ids in one string, their
//! dates, kinds and values in columns), so that a graph of a million deals
//! stays small.
//!
//! Built one deal at a time with a [`GraphBuilder`], from loaded deals
//! ([`GraphBuilder::add`], or [`Graph::from_deals`] in one call), or from
//! the logs of streamed chunks ([`PairLog`], [`GraphBuilder::add_log`]);
//! either way the same deals give the same graph.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Range;

use crate::date::Date;
use crate::model::{Category, DealView};
use crate::money::{Tally, Usd};
use crate::names::{Directory, fold};

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A company in the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The canonical name.
    pub name: String,
    /// What kind of company it is, when the dataset says.
    pub category: Option<Category>,
}

/// Everything that `payer` paid `provider` in the matched deals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The node that pays (the buyer).
    pub payer: usize,
    /// The node that is paid (the seller).
    pub provider: usize,
    /// How many deals, how many disclosed a value, and their exact sum.
    pub tally: Tally,
    /// The kinds of the deals, in alphabetical order, each once.
    pub kinds: Vec<String>,
    /// Where the edge's deals are in the graph's order of deals.
    deals: Range<usize>,
}

/// One deal on an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DealRef<'g> {
    pub id: &'g str,
    pub announced: Date,
    pub kind: Option<&'g str>,
    pub value_usd: Option<Usd>,
}

/// Companies and who paid whom.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// In order of name (ignoring case).
    pub nodes: Vec<Node>,
    /// Largest disclosed total first; ties by payer, then provider name.
    pub edges: Vec<Edge>,
    /// Deals that matched the filters but were left out because they were
    /// superseded or cancelled (see `query::Filter::leaves_out`); set by
    /// whoever chose the deals.
    pub left_out: u64,
    table: DealTable,
    kinds: Vec<String>,
    /// Deal numbers in the table, edge by edge, each edge's by date and id.
    order: Vec<u32>,
}

impl Graph {
    /// The graph of these deals, companies named as `directory` names them.
    pub fn from_deals<'a, D: DealView + 'a>(
        deals: impl IntoIterator<Item = &'a D>,
        directory: &Directory,
    ) -> Graph {
        let mut builder = GraphBuilder::default();
        for deal in deals {
            builder.add(deal, directory);
        }
        builder.finish()
    }

    /// The deals on an edge, oldest first (ties by id).
    pub fn deals<'g>(&'g self, edge: &Edge) -> impl ExactSizeIterator<Item = DealRef<'g>> + 'g {
        self.order[edge.deals.clone()]
            .iter()
            .map(|&number| self.deal(number as usize))
    }

    fn deal(&self, number: usize) -> DealRef<'_> {
        let kind = self.table.kinds[number];
        DealRef {
            id: self.table.id(number),
            announced: self.table.announced[number],
            kind: self.kinds.get(usize::from(kind)).map(String::as_str),
            value_usd: stored_value(self.table.values[number]),
        }
    }

    /// All the edges' deals added up: the same as the total of the deals the
    /// graph was built from.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for edge in &self.edges {
            tally.merge(&edge.tally);
        }
        tally
    }

    /// The edge from `payer` to `provider`, if they dealt that way.
    pub fn edge_between(&self, payer: usize, provider: usize) -> Option<&Edge> {
        self.edges
            .iter()
            .find(|e| e.payer == payer && e.provider == provider)
    }

    /// An edge's label: `OpenAI → Oracle`.
    pub fn label(&self, edge: &Edge) -> String {
        format!(
            "{} → {}",
            self.nodes[edge.payer].name, self.nodes[edge.provider].name
        )
    }
}

/// A value as [`DealTable`] stores it: 0 for undisclosed (a disclosed
/// value is never 0).
fn stored_value(value: u64) -> Option<Usd> {
    (value > 0).then_some(Usd(value))
}

/// Marks a deal without a kind in [`DealTable::kinds`].
const NO_KIND: u16 = u16::MAX;

/// Deals in columns: about 22 bytes each besides the id.
#[derive(Debug, Clone, Default)]
struct DealTable {
    /// Every id, one after another.
    ids: String,
    /// Where each id ends in `ids`.
    id_ends: Vec<u32>,
    announced: Vec<Date>,
    /// The kind's number, or [`NO_KIND`].
    kinds: Vec<u16>,
    /// The value in dollars, 0 when undisclosed.
    values: Vec<u64>,
    /// The edge (or, in a chunk's log, the pair) of each deal.
    edges: Vec<u32>,
}

/// A deal the graph cannot keep: it has grown past what it can number
/// (4 GiB of ids, 65,535 kinds, 4 billion deals or edges), or a streamed
/// id is not text. Streaming then leaves the answer to the loader, whose
/// input is smaller than that and which reports a bad id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CannotKeep;

impl DealTable {
    fn len(&self) -> usize {
        self.id_ends.len()
    }

    fn id(&self, number: usize) -> &str {
        let start = number
            .checked_sub(1)
            .map_or(0, |before| self.id_ends[before] as usize);
        let end = self.id_ends[number] as usize;
        self.ids.get(start..end).unwrap_or_default()
    }

    fn push(
        &mut self,
        id: &str,
        announced: Date,
        kind: u16,
        value: Option<Usd>,
        edge: u32,
    ) -> Result<(), CannotKeep> {
        let end = u32::try_from(self.ids.len() + id.len()).map_err(|_| CannotKeep)?;
        u32::try_from(self.len() + 1).map_err(|_| CannotKeep)?;
        self.ids.push_str(id);
        self.id_ends.push(end);
        self.announced.push(announced);
        self.kinds.push(kind);
        self.values.push(value.map_or(0, |v| v.0));
        self.edges.push(edge);
        Ok(())
    }

    /// Appends another table's deals, with their kinds and edges renumbered.
    fn append(&mut self, other: &DealTable, kind: &[u16], edge: &[u32]) -> Result<(), CannotKeep> {
        for number in 0..other.len() {
            let old_kind = other.kinds[number];
            let new_kind = kind.get(usize::from(old_kind)).copied().unwrap_or(NO_KIND);
            self.push(
                other.id(number),
                other.announced[number],
                new_kind,
                stored_value(other.values[number]),
                edge[other.edges[number] as usize],
            )?;
        }
        Ok(())
    }
}

/// Kind names, numbered in the order met.
#[derive(Debug, Clone, Default)]
struct Kinds {
    names: Vec<String>,
    numbers: FastMap<String, u16>,
}

impl Kinds {
    fn number(&mut self, kind: Option<&str>) -> Result<u16, CannotKeep> {
        let Some(kind) = kind else {
            return Ok(NO_KIND);
        };
        if let Some(&number) = self.numbers.get(kind) {
            return Ok(number);
        }
        let number = u16::try_from(self.names.len())
            .ok()
            .filter(|&n| n != NO_KIND)
            .ok_or(CannotKeep)?;
        self.names.push(kind.to_string());
        self.numbers.insert(kind.to_string(), number);
        Ok(number)
    }
}

/// What an edge gathers while the graph is built.
#[derive(Debug, Clone, Default)]
struct Gathered {
    payer: u32,
    provider: u32,
    tally: Tally,
    /// Numbers of the kinds met, each once.
    kinds: Vec<u16>,
}

impl Gathered {
    fn add(&mut self, value: Option<Usd>, kind: u16) {
        self.tally.add(value);
        if kind != NO_KIND && !self.kinds.contains(&kind) {
            self.kinds.push(kind);
        }
    }
}

/// Builds a [`Graph`] one deal at a time.
#[derive(Debug, Clone, Default)]
pub struct GraphBuilder {
    nodes: Vec<Node>,
    node_by_name: FastMap<String, u32>,
    /// The node of each directory entry met, plus one (0: none yet).
    node_by_entry: Vec<u32>,
    edge_by_pair: FastMap<(u32, u32), u32>,
    edges: Vec<Gathered>,
    kinds: Kinds,
    table: DealTable,
    /// Deals left out only for being superseded or cancelled.
    pub left_out: u64,
    /// Whether a deal could not be kept.
    refused: bool,
}

impl GraphBuilder {
    /// Adds a deal; its companies are named as `directory` names them.
    pub fn add<D: DealView + ?Sized>(&mut self, deal: &D, directory: &Directory) {
        let payer = self.node_of(deal.buyer(), directory);
        let provider = self.node_of(deal.seller(), directory);
        self.add_edge_deal(payer, provider, deal_ref(deal));
    }

    /// Adds a deal between two companies named as the graph is to show
    /// them.
    pub fn add_named(&mut self, payer: &str, provider: &str, deal: DealRef<'_>) {
        let payer = self.node_named(payer, None);
        let provider = self.node_named(provider, None);
        self.add_edge_deal(payer, provider, deal);
    }

    /// Adds the deals a streamed chunk logged; `place` gives the directory
    /// entry of each of the log's company numbers.
    pub fn add_log(
        &mut self,
        log: &PairLog,
        place: impl Fn(u32) -> Option<usize>,
        directory: &Directory,
    ) {
        let added = self.try_add_log(log, place, directory);
        self.refused |= added.is_err();
    }

    fn try_add_log(
        &mut self,
        log: &PairLog,
        place: impl Fn(u32) -> Option<usize>,
        directory: &Directory,
    ) -> Result<(), CannotKeep> {
        let kind_numbers = log
            .kinds
            .names
            .iter()
            .map(|name| self.kinds.number(Some(name)))
            .collect::<Result<Vec<u16>, CannotKeep>>()?;
        let mut edge_of_slot = Vec::with_capacity(log.slots.len());
        for slot in &log.slots {
            // A name the interner met always has a place; should one not,
            // the answer is the loader's to give.
            let buyer = place(slot.payer).ok_or(CannotKeep)?;
            let seller = place(slot.provider).ok_or(CannotKeep)?;
            let payer = self.node_at(buyer, directory);
            let provider = self.node_at(seller, directory);
            let edge = self.edge(payer, provider)?;
            let gathered = &mut self.edges[edge as usize];
            gathered.tally.merge(&slot.tally);
            for kind in &slot.kinds {
                let kind = kind_numbers[usize::from(*kind)];
                if !gathered.kinds.contains(&kind) {
                    gathered.kinds.push(kind);
                }
            }
            edge_of_slot.push(edge);
        }
        self.table.append(&log.table, &kind_numbers, &edge_of_slot)
    }

    /// Takes in the count of left-out deals of a later stretch.
    pub fn merge_counts(&mut self, later: &GraphBuilder) {
        self.left_out += later.left_out;
        self.refused |= later.refused;
    }

    /// Whether a deal could not be kept (see [`CannotKeep`]): the graph
    /// is then incomplete.
    pub fn has_refused(&self) -> bool {
        self.refused
    }

    /// The graph: nodes by name, edges largest first, each edge's deals by
    /// date.
    pub fn finish(self) -> Graph {
        let GraphBuilder {
            nodes,
            edges,
            kinds,
            table,
            left_out,
            ..
        } = self;
        // Nodes by name; `renumber[old]` is the new place.
        let mut by_name: Vec<usize> = (0..nodes.len()).collect();
        by_name.sort_by(|&a, &b| name_order(&nodes[a].name, &nodes[b].name));
        let mut renumber = vec![0; nodes.len()];
        for (new, &old) in by_name.iter().enumerate() {
            renumber[old] = new;
        }
        let mut slots: Vec<Option<Node>> = nodes.into_iter().map(Some).collect();
        let nodes: Vec<Node> = by_name
            .iter()
            .filter_map(|&old| slots[old].take())
            .collect();
        // Edges largest first.
        let mut edge_order: Vec<usize> = (0..edges.len()).collect();
        let names = |e: &Gathered| {
            (
                &nodes[renumber[e.payer as usize]].name,
                &nodes[renumber[e.provider as usize]].name,
            )
        };
        edge_order.sort_by(|&a, &b| {
            let (a, b) = (&edges[a], &edges[b]);
            b.tally.total_usd.cmp(&a.tally.total_usd).then_with(|| {
                let ((pa, qa), (pb, qb)) = (names(a), names(b));
                name_order(pa, pb).then_with(|| name_order(qa, qb))
            })
        });
        // Deals edge by edge: count, place, then sort each edge's by date.
        let mut rank = vec![0usize; edges.len()];
        for (new, &old) in edge_order.iter().enumerate() {
            rank[old] = new;
        }
        let mut starts = vec![0usize; edges.len() + 1];
        for &edge in &table.edges {
            starts[rank[edge as usize] + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; table.len()];
        for (number, &edge) in table.edges.iter().enumerate() {
            let at = &mut next[rank[edge as usize]];
            order[*at] = number as u32;
            *at += 1;
        }
        for window in starts.windows(2) {
            order[window[0]..window[1]].sort_by(|&a, &b| {
                let (a, b) = (a as usize, b as usize);
                table.announced[a]
                    .cmp(&table.announced[b])
                    .then_with(|| table.id(a).cmp(table.id(b)))
            });
        }
        let edges: Vec<Edge> = edge_order
            .iter()
            .enumerate()
            .map(|(new, &old)| {
                let gathered = &edges[old];
                let mut kind_names: Vec<String> = gathered
                    .kinds
                    .iter()
                    .filter_map(|&k| kinds.names.get(usize::from(k)).cloned())
                    .collect();
                kind_names.sort();
                Edge {
                    payer: renumber[gathered.payer as usize],
                    provider: renumber[gathered.provider as usize],
                    tally: gathered.tally,
                    kinds: kind_names,
                    deals: starts[new]..starts[new + 1],
                }
            })
            .collect();
        Graph {
            nodes,
            edges,
            left_out,
            table,
            kinds: kinds.names,
            order,
        }
    }

    fn add_edge_deal(&mut self, payer: u32, provider: u32, deal: DealRef<'_>) {
        let added = self.kinds.number(deal.kind).and_then(|kind| {
            let edge = self.edge(payer, provider)?;
            self.edges[edge as usize].add(deal.value_usd, kind);
            self.table
                .push(deal.id, deal.announced, kind, deal.value_usd, edge)
        });
        self.refused |= added.is_err();
    }

    fn edge(&mut self, payer: u32, provider: u32) -> Result<u32, CannotKeep> {
        if let Some(&edge) = self.edge_by_pair.get(&(payer, provider)) {
            return Ok(edge);
        }
        let edge = u32::try_from(self.edges.len()).map_err(|_| CannotKeep)?;
        self.edge_by_pair.insert((payer, provider), edge);
        self.edges.push(Gathered {
            payer,
            provider,
            ..Gathered::default()
        });
        Ok(edge)
    }

    /// The node of a company as a deal names it.
    fn node_of(&mut self, name: &str, directory: &Directory) -> u32 {
        match directory.position(name) {
            Some(entry) => self.node_at(entry, directory),
            None => self.node_named(name, None),
        }
    }

    /// The node of the company at `entry` in the directory.
    fn node_at(&mut self, entry: usize, directory: &Directory) -> u32 {
        if let Some(&known) = self.node_by_entry.get(entry).filter(|&&n| n > 0) {
            return known - 1;
        }
        let company = &directory.entries()[entry];
        let node = self.node_named(&company.name, company.category);
        if self.node_by_entry.len() <= entry {
            self.node_by_entry.resize(entry + 1, 0);
        }
        self.node_by_entry[entry] = node + 1;
        node
    }

    fn node_named(&mut self, name: &str, category: Option<Category>) -> u32 {
        if let Some(&node) = self.node_by_name.get(name) {
            let known = &mut self.nodes[node as usize];
            known.category = known.category.or(category);
            return node;
        }
        let node = self.nodes.len() as u32;
        self.node_by_name.insert(name.to_string(), node);
        self.nodes.push(Node {
            name: name.to_string(),
            category,
        });
        node
    }
}

/// The order of names: ignoring case, then exactly.
pub fn name_order(a: &str, b: &str) -> Ordering {
    fold(a).cmp(&fold(b)).then_with(|| a.cmp(b))
}

fn deal_ref<D: DealView + ?Sized>(deal: &D) -> DealRef<'_> {
    DealRef {
        id: deal.id(),
        announced: deal.announced(),
        kind: deal.kind(),
        value_usd: deal.value_usd(),
    }
}

/// The deals one streamed chunk matched, between companies the chunk's
/// worker numbers ([`GraphBuilder::add_log`] turns them into nodes).
#[derive(Debug, Clone, Default)]
pub struct PairLog {
    slot_by_pair: FastMap<(u32, u32), u32>,
    slots: Vec<Slot>,
    kinds: Kinds,
    table: DealTable,
}

/// A pair of companies in a [`PairLog`].
#[derive(Debug, Clone, Default)]
struct Slot {
    payer: u32,
    provider: u32,
    tally: Tally,
    kinds: Vec<u16>,
}

impl PairLog {
    /// Logs a deal from company number `payer` to `provider`; an id that
    /// is not text, or a log too large to number, is refused.
    pub fn add(
        &mut self,
        payer: u32,
        provider: u32,
        id: &[u8],
        announced: Date,
        kind: Option<&str>,
        value: Option<Usd>,
    ) -> Result<(), CannotKeep> {
        let id = std::str::from_utf8(id).map_err(|_| CannotKeep)?;
        let kind = self.kinds.number(kind)?;
        let slot = match self.slot_by_pair.get(&(payer, provider)) {
            Some(&slot) => slot,
            None => {
                let slot = u32::try_from(self.slots.len()).map_err(|_| CannotKeep)?;
                self.slot_by_pair.insert((payer, provider), slot);
                self.slots.push(Slot {
                    payer,
                    provider,
                    ..Slot::default()
                });
                slot
            }
        };
        let gathered = &mut self.slots[slot as usize];
        gathered.tally.add(value);
        if kind != NO_KIND && !gathered.kinds.contains(&kind) {
            gathered.kinds.push(kind);
        }
        self.table.push(id, announced, kind, value, slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn deal<'a>(id: &'a str, date: &str, kind: Option<&'a str>, value: Option<u64>) -> DealRef<'a> {
        DealRef {
            id,
            announced: day(date),
            kind,
            value_usd: value.map(Usd),
        }
    }

    #[test]
    fn edges_add_up_largest_first_with_their_deals_by_date() {
        let mut builder = GraphBuilder::default();
        builder.add_named(
            "b",
            "a",
            deal("x2", "2025-02-01", Some("investment"), Some(5)),
        );
        builder.add_named("b", "a", deal("x1", "2025-01-01", None, None));
        builder.add_named(
            "a",
            "b",
            deal("y", "2025-03-01", Some("cloud-capacity"), Some(9)),
        );
        builder.add_named(
            "B",
            "c",
            deal("z", "2025-03-01", Some("chip-supply"), Some(5)),
        );
        let graph = builder.finish();
        let names: Vec<&str> = graph.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "B", "c"]);
        let labels: Vec<String> = graph.edges.iter().map(|e| graph.label(e)).collect();
        assert_eq!(labels, ["a → b", "b → a", "B → c"]);
        let ba = &graph.edges[1];
        assert_eq!(
            (ba.tally.deals, ba.tally.disclosed, ba.tally.total_usd),
            (2, 1, 5)
        );
        assert_eq!(ba.kinds, ["investment"]);
        let ids: Vec<&str> = graph.deals(ba).map(|d| d.id).collect();
        assert_eq!(ids, ["x1", "x2"]);
        assert_eq!(graph.deals(ba).next().unwrap().value_usd, None);
        assert_eq!(graph.tally().total_usd, 19);
    }

    #[test]
    fn a_chunk_log_gives_the_graph_that_adding_deals_gives() {
        let mut log = PairLog::default();
        log.add(
            0,
            1,
            b"p",
            day("2025-01-02"),
            Some("investment"),
            Some(Usd(3)),
        )
        .unwrap();
        log.add(1, 0, b"q", day("2025-01-01"), None, None).unwrap();
        log.add(
            0,
            1,
            b"r",
            day("2025-01-01"),
            Some("chip-supply"),
            Some(Usd(4)),
        )
        .unwrap();
        let mut directory = Directory::default();
        directory.add_implied("One");
        directory.add_implied("Two");
        let mut streamed = GraphBuilder::default();
        streamed.add_log(&log, |n| Some(n as usize), &directory);
        let streamed = streamed.finish();
        let mut added = GraphBuilder::default();
        added.add_named(
            "One",
            "Two",
            deal("p", "2025-01-02", Some("investment"), Some(3)),
        );
        added.add_named("Two", "One", deal("q", "2025-01-01", None, None));
        added.add_named(
            "One",
            "Two",
            deal("r", "2025-01-01", Some("chip-supply"), Some(4)),
        );
        let added = added.finish();
        assert_eq!(streamed.nodes, added.nodes);
        assert_eq!(streamed.edges, added.edges);
        let ids = |g: &Graph| -> Vec<String> {
            g.edges
                .iter()
                .flat_map(|e| g.deals(e).map(|d| d.id.to_string()).collect::<Vec<_>>())
                .collect()
        };
        assert_eq!(ids(&streamed), ["r", "p", "q"]);
        assert_eq!(ids(&streamed), ids(&added));
    }
}
