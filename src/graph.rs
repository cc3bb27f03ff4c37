//! The money graph: companies as nodes, and one edge for each payer and
//! provider that the matched deals connect, carrying how many deals, the
//! exact disclosed total, how many were undisclosed, their kinds and the
//! deals themselves. Money flows along an edge, from the buyer (payer) to
//! the seller (provider).
//!
//! Companies are nodes under their canonical names, as `total --by buyer`
//! groups them: every spelling of a company (an alias, another case) is
//! one node.
//!
//! Built one deal at a time with a [`GraphBuilder`], from loaded deals
//! ([`GraphBuilder::add`], or [`Graph::from_deals`] in one call), or from
//! the logs of streamed chunks ([`PairLog`], [`GraphBuilder::add_log`]);
//! either way the same deals give the same graph.
//!
//! Drawing and searching it, as `deals graph` and `deals cycles` do:
//!
//! ```
//! use deals::graph::Graph;
//! use deals::load::{self, Origin};
//! use deals::names::Directory;
//! use deals::render::{picture::Caption, svg};
//!
//! let dataset = load::load(Origin::Bundled).unwrap().dataset;
//! let directory = Directory::new(&dataset);
//! let graph = Graph::from_deals(&dataset.deals, &directory);
//! let caption = Caption { as_of: dataset.as_of, ..Caption::default() };
//! let picture: String = svg::graph(&graph, &caption);
//! assert!(picture.starts_with("<svg"));
//! let found = deals::cycles::find(&graph, 4, deals::cycles::DEFAULT_CAP);
//! for cycle in &found.cycles {
//!     for &edge in &cycle.edges {
//!         let _money = graph.edges[edge].tally();
//!     }
//! }
//! ```
//!
//! (`cmd::graph::build` chooses the deals with the command line's filters
//! and counts those it leaves out; `cmd::graph::caption` makes the caption
//! from the filters and the dataset.)
//!
//! A graph of a million deals must stay small (streaming answers in under
//! 64 MiB), so deals are kept as compact records in one byte buffer (about
//! 14 bytes and the id each, labelled with their edge), and an edge is
//! found through its payer's own small map. The records are put in order
//! of edge only when a caller asks for every edge's deals (`graph` does;
//! `cycles` needs the deals of a few edges, found in one pass along them).

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::date::Date;
use crate::model::{Category, DealView, KNOWN_KINDS};
use crate::money::{Tally, Usd};
use crate::names::{Directory, fold};
use crate::parallel::workers;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A company in the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The canonical name.
    pub name: String,
    /// What kind of company it is, when the dataset says.
    pub category: Option<Category>,
}

/// Everything that one company (the payer) paid another (the provider) in
/// the matched deals. 40 bytes: a graph can have hundreds of thousands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The disclosed total, in two parts: it can pass `u64`.
    total_low: u64,
    kinds: KindSet,
    deals: u32,
    disclosed: u32,
    total_high: u32,
    payer: u32,
    provider: u32,
    /// Where the edge's `deals` deals start in the graph's order of
    /// records (while the graph is built, `start` is free).
    start: u32,
    /// Where the edge's ids start in the graph's [`IdsByEdge`] (while the
    /// graph is built, how many bytes they take there).
    ids_at: u32,
}

impl Edge {
    /// The node that pays (the buyer).
    pub fn payer(&self) -> usize {
        self.payer as usize
    }

    /// The node that is paid (the seller).
    pub fn provider(&self) -> usize {
        self.provider as usize
    }

    /// How many deals, how many disclosed a value, and their exact sum.
    pub fn tally(&self) -> Tally {
        Tally {
            deals: u64::from(self.deals),
            disclosed: u64::from(self.disclosed),
            total_usd: self.total_usd(),
        }
    }

    /// The exact sum of the disclosed values.
    pub fn total_usd(&self) -> u128 {
        u128::from(self.total_high) << 64 | u128::from(self.total_low)
    }

    /// Whether none of the edge's deals disclosed a value.
    pub fn is_undisclosed(&self) -> bool {
        self.disclosed == 0
    }

    fn new(payer: u32, provider: u32) -> Edge {
        Edge {
            total_low: 0,
            kinds: KindSet::default(),
            deals: 0,
            disclosed: 0,
            total_high: 0,
            payer,
            provider,
            start: 0,
            ids_at: 0,
        }
    }

    /// Counts one deal. The counts cannot wrap: a graph holds fewer than
    /// 2^32 deals (its records fit in 4 GiB), so the total fits in 96 bits.
    fn add(&mut self, value: Option<Usd>, kind: Option<u16>, id: &str) {
        self.deals += 1;
        self.ids_at += IdsByEdge::size(id.len()) as u32;
        if let Some(Usd(value)) = value {
            self.disclosed += 1;
            self.add_total(u128::from(value));
        }
        if let Some(kind) = kind {
            self.kinds.insert(kind);
        }
    }

    fn add_total(&mut self, amount: u128) {
        let total = self.total_usd() + amount;
        self.total_low = total as u64;
        self.total_high = (total >> 64) as u32;
    }

    /// Adds what a chunk's slot gathered, its kinds renumbered (`None`:
    /// numbered alike).
    fn merge(&mut self, slot: &Edge, kind_numbers: Option<&[u16]>) {
        self.deals += slot.deals;
        self.ids_at += slot.ids_at;
        self.disclosed += slot.disclosed;
        self.add_total(slot.total_usd());
        match kind_numbers {
            None => self.kinds.0 |= slot.kinds.0,
            Some(numbers) => {
                for kind in slot.kinds.numbers() {
                    self.kinds.insert(numbers[usize::from(kind)]);
                }
                if slot.kinds.has_more() {
                    self.kinds.0 |= KindSet::MORE;
                }
            }
        }
    }
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
    /// In order of name (ignoring case, then exactly).
    pub nodes: Vec<Node>,
    /// Largest disclosed total first; ties by payer, then provider name.
    pub edges: Vec<Edge>,
    /// Deals that matched the filters but were left out because they were
    /// superseded or cancelled (see `query::Filter::leaves_out`).
    pub left_out: u64,
    /// Every deal's record, labelled with its edge's number from when the
    /// graph was built, in the order the deals came.
    records: Records,
    /// Where the edge of each such number is in `edges`.
    place: Vec<u32>,
    kinds: Kinds,
    /// Where each deal's record starts, edge by edge (each edge's in the
    /// order the deals came; see `Edge::start`): put in order when first
    /// asked for.
    order: OnceLock<Vec<u32>>,
    /// The ids alone, edge by edge: made when first asked for.
    ids: OnceLock<IdsByEdge>,
    /// How many bytes the ids take there.
    ids_size: u32,
}

/// Every deal's id, edge by edge (from each edge's `ids_at`), each edge's
/// in the order the deals came, each after its length: a byte, or for 255
/// bytes and more, 255 and four bytes. An edge's deals lie all over the
/// records, and writing a million ids from there would wait on the memory
/// for each; copied here in one pass along the records, they are read one
/// after the other.
#[derive(Debug, Clone, Default)]
struct IdsByEdge(Vec<u8>);

impl IdsByEdge {
    /// How many bytes an id of `len` bytes takes.
    fn size(len: usize) -> usize {
        if len < usize::from(LONG_ID) {
            1 + len
        } else {
            5 + len
        }
    }

    fn new(graph: &Graph, size: u32) -> IdsByEdge {
        let records = &graph.records;
        let mut bytes = vec![0u8; size as usize];
        let mut next: Vec<u32> = graph.edges.iter().map(|edge| edge.ids_at).collect();
        for at in records.all() {
            let (start, end) = records.id_span(at);
            let id = &records.bytes[start..end];
            let Some(place) = graph.edge_of(at).and_then(|edge| next.get_mut(edge)) else {
                continue;
            };
            let from = *place as usize;
            let size = IdsByEdge::size(id.len());
            let Some(slot) = bytes.get_mut(from..from + size) else {
                continue;
            };
            let head = size - id.len();
            if head == 1 {
                slot[0] = id.len() as u8;
            } else {
                slot[0] = LONG_ID;
                slot[1..5].copy_from_slice(&(id.len() as u32).to_le_bytes());
            }
            slot[head..].copy_from_slice(id);
            *place += size as u32;
        }
        IdsByEdge(bytes)
    }

    /// The first id in `bytes`, and the bytes after it.
    fn next(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
        let (&len, rest) = bytes.split_first()?;
        let (len, rest) = match len {
            LONG_ID => {
                let (len, rest) = rest.split_first_chunk::<4>()?;
                (u32::from_le_bytes(*len) as usize, rest)
            }
            len => (usize::from(len), rest),
        };
        rest.split_at_checked(len)
    }
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
    pub fn deals(&self, edge: &Edge) -> Vec<DealRef<'_>> {
        let mut deals: Vec<DealRef<'_>> = self
            .of(edge)
            .map(|at| self.records.deal(at, &self.kinds))
            .collect();
        deals.sort_by(|a, b| a.announced.cmp(&b.announced).then_with(|| a.id.cmp(b.id)));
        deals
    }

    /// The ids of an edge's deals, in the order the dataset lists them
    /// (cheaper than [`Graph::deals`], which sorts them by date).
    pub fn ids<'g>(&'g self, edge: &Edge) -> impl Iterator<Item = &'g str> + 'g {
        self.id_bytes(edge)
            .map(|id| std::str::from_utf8(id).unwrap_or_default())
    }

    /// [`Graph::ids`] as the bytes of their UTF-8, unchecked: they were
    /// text when they were added.
    pub fn id_bytes<'g>(&'g self, edge: &Edge) -> impl Iterator<Item = &'g [u8]> + 'g {
        let bytes = &self.ids_by_edge().0;
        let mut rest = bytes.get(edge.ids_at as usize..).unwrap_or_default();
        (0..edge.deals).map_while(move |_| {
            let (id, after) = IdsByEdge::next(rest)?;
            rest = after;
            Some(id)
        })
    }

    /// The kinds of an edge's deals, in alphabetical order, each once.
    pub fn kinds(&self, edge: &Edge) -> Vec<&str> {
        self.kind_names(edge).collect()
    }

    /// [`Graph::kinds`], one by one: in the usual case, without gathering
    /// and sorting them.
    pub fn kind_names<'g>(&'g self, edge: &Edge) -> impl Iterator<Item = &'g str> + 'g {
        let set = edge.kinds;
        // The kinds in the order of their names, those the edge has.
        let listed = self
            .kinds
            .alphabetical
            .iter()
            .filter(move |&&k| !set.has_more() && k < 31 && set.0 & (1 << k) != 0)
            .map(|&k| self.kinds.names[usize::from(k)].as_str());
        let sorted = set.has_more().then(|| {
            let mut numbers: Vec<u16> = set.numbers().collect();
            numbers.extend(self.of(edge).filter_map(|at| self.records.kind(at)));
            let mut kinds: Vec<&str> = numbers
                .into_iter()
                .filter_map(|k| self.kinds.names.get(usize::from(k)).map(String::as_str))
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            kinds
        });
        listed.chain(sorted.into_iter().flatten())
    }

    /// For each of `edges`, its `limit` largest deals (undisclosed last,
    /// then oldest, then by id), oldest first (ties by id), and how many
    /// more it has (what `cycles::step_deals` gives for each), found
    /// in one pass along the deals instead of putting them all in order.
    pub fn largest_deals(
        &self,
        edges: impl IntoIterator<Item = usize>,
        limit: usize,
    ) -> HashMap<usize, (Vec<DealRef<'_>>, usize)> {
        const NONE: u32 = u32::MAX;
        let mut slot_of_edge = vec![NONE; self.edges.len()];
        let mut wanted: Vec<(usize, Vec<u32>)> = Vec::new();
        for edge in edges {
            if let Some(slot) = slot_of_edge.get_mut(edge)
                && *slot == NONE
            {
                *slot = wanted.len() as u32;
                wanted.push((edge, Vec::with_capacity(limit)));
            }
        }
        if limit > 0 && !wanted.is_empty() {
            for at in self.records.all() {
                let slot = self.edge_of(at).and_then(|edge| slot_of_edge.get(edge));
                if let Some(&slot) = slot.filter(|&&slot| slot != NONE) {
                    self.keep_if_larger(&mut wanted[slot as usize].1, at, limit);
                }
            }
        }
        wanted
            .into_iter()
            .map(|(edge, kept)| {
                let mut deals: Vec<DealRef<'_>> = kept
                    .iter()
                    .map(|&at| self.records.deal(at, &self.kinds))
                    .collect();
                deals.sort_by(|a, b| a.announced.cmp(&b.announced).then_with(|| a.id.cmp(b.id)));
                let more = (self.edges[edge].deals as usize).saturating_sub(deals.len());
                (edge, (deals, more))
            })
            .collect()
    }

    /// Keeps the deal at `at` among the `limit` largest met so far, largest
    /// first; of two alike, the one met first stays ahead.
    fn keep_if_larger(&self, kept: &mut Vec<u32>, at: u32, limit: usize) {
        let records = &self.records;
        let larger = |a: u32, b: u32| -> Ordering {
            records
                .value(b)
                .cmp(&records.value(a))
                .then_with(|| records.announced(a).cmp(&records.announced(b)))
                .then_with(|| records.id(a).cmp(records.id(b)))
        };
        if kept.len() == limit {
            // Most deals are smaller than the smallest kept: one value
            // compared tells.
            let Some(&last) = kept.last() else { return };
            if larger(at, last) != Ordering::Less {
                return;
            }
            kept.pop();
        }
        let place = kept.partition_point(|&k| larger(k, at) != Ordering::Greater);
        kept.insert(place, at);
    }

    /// Where an edge's records start.
    fn of<'g>(&'g self, edge: &Edge) -> impl Iterator<Item = u32> + 'g {
        let range = edge.start as usize..edge.start as usize + edge.deals as usize;
        self.order().get(range).unwrap_or_default().iter().copied()
    }

    /// The place in `edges` of the edge of the record at `at`.
    fn edge_of(&self, at: u32) -> Option<usize> {
        let place = self.place.get(self.records.link(at) as usize)?;
        Some(*place as usize)
    }

    /// Where each deal's record starts, edge by edge.
    fn order(&self) -> &[u32] {
        self.order
            .get_or_init(|| order_by_edge(&self.records, &self.place, &self.edges))
    }

    /// Copies every edge's ids into their own order now, so that
    /// [`Graph::ids`] reads them from there (which the first call to it
    /// would otherwise do).
    pub fn order_ids(&self) {
        self.ids_by_edge();
    }

    fn ids_by_edge(&self) -> &IdsByEdge {
        self.ids.get_or_init(|| IdsByEdge::new(self, self.ids_size))
    }

    /// All the edges' deals added up: the total of the deals the graph was
    /// built from.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for edge in &self.edges {
            tally.merge(&edge.tally());
        }
        tally
    }

    /// An edge's label: `OpenAI → Oracle`.
    pub fn label(&self, edge: &Edge) -> String {
        format!(
            "{} → {}",
            self.nodes[edge.payer()].name,
            self.nodes[edge.provider()].name
        )
    }
}

/// The order of names: ignoring case, then exactly.
pub fn name_order(a: &str, b: &str) -> Ordering {
    fold(a).cmp(&fold(b)).then_with(|| a.cmp(b))
}

/// A deal the graph cannot keep: it has grown past what it can number
/// (4 GiB of records, 65,535 kinds), or a streamed id is not text.
/// Streaming then leaves the answer to the loader, whose input is smaller
/// than that and which reports a bad id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CannotKeep;

/// Deal records, one after another in one buffer:
///
/// | bytes | field                                                        |
/// |-------|--------------------------------------------------------------|
/// | 4     | link: the record's edge (its slot, in a chunk's log)         |
/// | 4     | announced: year << 9, month << 5, day                        |
/// | 1     | kind's number; 255 none, 254 in `wide_kinds`                 |
/// | 4     | value in thousands of dollars; 0 none, `u32::MAX` in `wide_values` |
/// | 1     | id's length; 255: a 4-byte length follows                    |
/// | n     | id                                                           |
///
/// Everything little-endian; a record is found by where it starts.
#[derive(Debug, Clone, Default)]
struct Records {
    bytes: Vec<u8>,
    wide_kinds: FastMap<u32, u16>,
    wide_values: FastMap<u32, u64>,
}

const NO_KIND: u8 = 255;
const WIDE_KIND: u8 = 254;
const WIDE_VALUE: u32 = u32::MAX;
const LONG_ID: u8 = 255;

impl Records {
    /// Appends a record; returns where it starts.
    fn push(
        &mut self,
        link: u32,
        id: &str,
        announced: Date,
        kind: Option<u16>,
        value: Option<Usd>,
    ) -> Result<u32, CannotKeep> {
        let at = u32::try_from(self.bytes.len()).map_err(|_| CannotKeep)?;
        let end = self.bytes.len() + 18 + id.len();
        if end > u32::MAX as usize {
            return Err(CannotKeep);
        }
        let bytes = &mut self.bytes;
        bytes.extend_from_slice(&link.to_le_bytes());
        let date = u32::from(announced.year()) << 9
            | u32::from(announced.month()) << 5
            | u32::from(announced.day());
        bytes.extend_from_slice(&date.to_le_bytes());
        bytes.push(match kind {
            None => NO_KIND,
            Some(k) if k < u16::from(WIDE_KIND) => k as u8,
            Some(k) => {
                self.wide_kinds.insert(at, k);
                WIDE_KIND
            }
        });
        let value = match value {
            None => 0,
            Some(Usd(v)) if v % 1000 == 0 && v / 1000 < u64::from(WIDE_VALUE) => (v / 1000) as u32,
            Some(Usd(v)) => {
                self.wide_values.insert(at, v);
                WIDE_VALUE
            }
        };
        bytes.extend_from_slice(&value.to_le_bytes());
        if id.len() < usize::from(LONG_ID) {
            bytes.push(id.len() as u8);
        } else {
            bytes.push(LONG_ID);
            bytes.extend_from_slice(&(id.len() as u32).to_le_bytes());
        }
        bytes.extend_from_slice(id.as_bytes());
        Ok(at)
    }

    fn u32_at(&self, at: usize) -> u32 {
        let mut word = [0u8; 4];
        word.copy_from_slice(&self.bytes[at..at + 4]);
        u32::from_le_bytes(word)
    }

    fn link(&self, at: u32) -> u32 {
        self.u32_at(at as usize)
    }

    fn set_link(&mut self, at: u32, link: u32) {
        let at = at as usize;
        self.bytes[at..at + 4].copy_from_slice(&link.to_le_bytes());
    }

    /// Where the id starts and ends.
    fn id_span(&self, at: u32) -> (usize, usize) {
        let at = at as usize;
        match self.bytes[at + 13] {
            LONG_ID => {
                let len = self.u32_at(at + 14) as usize;
                (at + 18, at + 18 + len)
            }
            len => (at + 14, at + 14 + usize::from(len)),
        }
    }

    fn id(&self, at: u32) -> &str {
        let (start, end) = self.id_span(at);
        std::str::from_utf8(&self.bytes[start..end]).unwrap_or_default()
    }

    fn announced(&self, at: u32) -> Date {
        let date = self.u32_at(at as usize + 4);
        Date::new(
            (date >> 9) as u16,
            (date >> 5 & 15) as u8,
            (date & 31) as u8,
        )
        .unwrap_or(Date::MIN)
    }

    fn set_kind(&mut self, at: u32, kind: u16) {
        let byte = &mut self.bytes[at as usize + 8];
        let was_wide = *byte == WIDE_KIND;
        match u8::try_from(kind) {
            Ok(narrow) if narrow < WIDE_KIND => {
                *byte = narrow;
                if was_wide {
                    self.wide_kinds.remove(&at);
                }
            }
            _ => {
                *byte = WIDE_KIND;
                self.wide_kinds.insert(at, kind);
            }
        }
    }

    /// Appends another buffer's records; returns where they start.
    fn append(&mut self, other: &Records) -> Result<u32, CannotKeep> {
        let base = u32::try_from(self.bytes.len()).map_err(|_| CannotKeep)?;
        if self.bytes.len() + other.bytes.len() > u32::MAX as usize {
            return Err(CannotKeep);
        }
        self.bytes.extend_from_slice(&other.bytes);
        for (&at, &kind) in &other.wide_kinds {
            self.wide_kinds.insert(base + at, kind);
        }
        for (&at, &value) in &other.wide_values {
            self.wide_values.insert(base + at, value);
        }
        Ok(base)
    }

    fn kind(&self, at: u32) -> Option<u16> {
        match self.bytes[at as usize + 8] {
            NO_KIND => None,
            WIDE_KIND => self.wide_kinds.get(&at).copied(),
            k => Some(u16::from(k)),
        }
    }

    fn value(&self, at: u32) -> Option<Usd> {
        match self.u32_at(at as usize + 9) {
            0 => None,
            WIDE_VALUE => self.wide_values.get(&at).copied().map(Usd),
            thousands => Some(Usd(u64::from(thousands) * 1000)),
        }
    }

    fn deal<'g>(&'g self, at: u32, kinds: &'g Kinds) -> DealRef<'g> {
        DealRef {
            id: self.id(at),
            announced: self.announced(at),
            kind: self
                .kind(at)
                .and_then(|k| kinds.names.get(usize::from(k)))
                .map(String::as_str),
            value_usd: self.value(at),
        }
    }

    /// Every record, in order.
    fn all(&self) -> impl Iterator<Item = u32> + '_ {
        self.all_from(0)
    }

    /// Every record from the one at `from`, in order.
    fn all_from(&self, from: u32) -> impl Iterator<Item = u32> + '_ {
        let mut at = from as usize;
        std::iter::from_fn(move || {
            if at >= self.bytes.len() {
                return None;
            }
            let this = at as u32;
            at = self.id_span(this).1;
            Some(this)
        })
    }
}

/// Kind names, numbered in the order met after the known kinds, which
/// come first in their order: so that the chunks of a streamed input,
/// which number kinds each its own way, mostly number them alike.
#[derive(Debug, Clone)]
struct Kinds {
    names: Vec<String>,
    numbers: FastMap<String, u16>,
    /// The numbers in the order of their names (set by `finish`).
    alphabetical: Vec<u16>,
}

impl Default for Kinds {
    fn default() -> Kinds {
        let names: Vec<String> = KNOWN_KINDS.iter().map(|k| k.to_string()).collect();
        let numbers = (0..).zip(&names).map(|(n, k)| (k.clone(), n)).collect();
        Kinds {
            names,
            numbers,
            alphabetical: Vec::new(),
        }
    }
}

impl Kinds {
    fn number(&mut self, kind: &str) -> Result<u16, CannotKeep> {
        // A dataset has a handful of kinds: looking along them beats
        // hashing the name.
        if self.names.len() <= 16 {
            if let Some(number) = self.names.iter().position(|n| n == kind) {
                return Ok(number as u16);
            }
        } else if let Some(&number) = self.numbers.get(kind) {
            return Ok(number);
        }
        let number = u16::try_from(self.names.len()).map_err(|_| CannotKeep)?;
        self.names.push(kind.to_string());
        self.numbers.insert(kind.to_string(), number);
        Ok(number)
    }
}

/// The kinds of an edge's deals: kind numbers below 31 as bits (a
/// dataset has about ten kinds); the top bit says that some deal has a
/// higher number (or one renumbered from a higher), and that the deals'
/// own kinds must be looked at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct KindSet(u32);

impl KindSet {
    const MORE: u32 = 1 << 31;

    fn insert(&mut self, kind: u16) {
        self.0 |= if kind < 31 { 1 << kind } else { KindSet::MORE };
    }

    fn has_more(self) -> bool {
        self.0 & KindSet::MORE != 0
    }

    /// The kinds below 31.
    fn numbers(self) -> impl Iterator<Item = u16> {
        let mut bits = self.0 & !KindSet::MORE;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let kind = bits.trailing_zeros() as u16;
                bits &= bits - 1;
                kind
            })
        })
    }
}

/// Builds a [`Graph`] one deal at a time.
#[derive(Debug, Clone, Default)]
pub struct GraphBuilder {
    nodes: Vec<Node>,
    node_by_name: FastMap<String, u32>,
    /// The node of each directory entry met, plus one (0: none yet).
    node_by_entry: Vec<u32>,
    /// Each node's edges as payer, by provider.
    out: Vec<FastMap<u32, u32>>,
    edges: Vec<Edge>,
    kinds: Kinds,
    records: Records,
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
        self.add_between(payer, provider, deal_ref(deal));
    }

    /// Adds a deal between two companies named as the graph is to show
    /// them.
    pub fn add_named(&mut self, payer: &str, provider: &str, deal: DealRef<'_>) {
        let payer = self.node_named(payer, None);
        let provider = self.node_named(provider, None);
        self.add_between(payer, provider, deal);
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

    /// Every kept deal's id, in the order added.
    pub fn ids(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.records.all().map(|at| {
            let (start, end) = self.records.id_span(at);
            &self.records.bytes[start..end]
        })
    }

    /// The graph: nodes by name, edges largest first.
    pub fn finish(self) -> Graph {
        let GraphBuilder {
            nodes,
            node_by_name,
            node_by_entry,
            out,
            mut edges,
            kinds,
            records,
            left_out,
            refused: _,
        } = self;
        // Found edges by pair no longer: free the memory for the sorting.
        drop((node_by_name, node_by_entry, out));
        // Nodes by name; `renumber[old]` is the new place.
        let mut by_name: Vec<usize> = (0..nodes.len()).collect();
        by_name.sort_by_cached_key(|&node| (fold(&nodes[node].name), &nodes[node].name));
        let mut renumber = vec![0; nodes.len()];
        for (new, &old) in by_name.iter().enumerate() {
            renumber[old] = new;
        }
        let mut slots: Vec<Option<Node>> = nodes.into_iter().map(Some).collect();
        let nodes: Vec<Node> = by_name
            .iter()
            .filter_map(|&old| slots[old].take())
            .collect();
        // In place: a million deals' edges are not copied. `start` keeps
        // each edge's number while they are sorted.
        for (number, edge) in edges.iter_mut().enumerate() {
            edge.payer = renumber[edge.payer as usize] as u32;
            edge.provider = renumber[edge.provider as usize] as u32;
            edge.start = number as u32;
        }
        // Nodes are in order of name now, so their numbers order names.
        sort_edges(&mut edges);
        // Where each edge went, and each edge's deals (and ids) placed
        // after those of the edges before it.
        let mut place = vec![0u32; edges.len()];
        let (mut start, mut ids_size) = (0u32, 0u32);
        for (new, edge) in edges.iter_mut().enumerate() {
            place[edge.start as usize] = new as u32;
            edge.start = start;
            start += edge.deals;
            let size = edge.ids_at;
            edge.ids_at = ids_size;
            ids_size += size;
        }
        let mut kinds = kinds;
        kinds.alphabetical = (0..kinds.names.len() as u16).collect();
        kinds
            .alphabetical
            .sort_by(|&a, &b| kinds.names[usize::from(a)].cmp(&kinds.names[usize::from(b)]));
        Graph {
            nodes,
            edges,
            left_out,
            records,
            place,
            kinds,
            order: OnceLock::new(),
            ids: OnceLock::new(),
            ids_size,
        }
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
            .map(|name| self.kinds.number(name))
            .collect::<Result<Vec<u16>, CannotKeep>>()?;
        let same_kinds = kind_numbers
            .iter()
            .enumerate()
            .all(|(i, &k)| i == usize::from(k));
        let mut edge_of_slot = Vec::with_capacity(log.slots.len());
        for slot in &log.slots {
            // A name the interner met always has a place; should one not,
            // the answer is the loader's to give.
            let buyer = place(slot.payer).ok_or(CannotKeep)?;
            let seller = place(slot.provider).ok_or(CannotKeep)?;
            let payer = self.node_at(buyer, directory);
            let provider = self.node_at(seller, directory);
            edge_of_slot.push(self.edge(payer, provider)?);
        }
        // Apart from the finding, so that the memory fetches many edges at
        // once: a chunk's pairs are all over the graph.
        let numbers = (!same_kinds).then_some(kind_numbers.as_slice());
        for (slot, &edge) in log.slots.iter().zip(&edge_of_slot) {
            self.edges[edge as usize].merge(slot, numbers);
        }
        // The chunk's records, copied whole, then labelled with their
        // edges, in one pass along them.
        let base = self.records.append(&log.records)?;
        let mut next = base as usize;
        while next < self.records.bytes.len() {
            let at = next as u32;
            next = self.records.id_span(at).1;
            let edge = edge_of_slot[self.records.link(at) as usize];
            self.records.set_link(at, edge);
            if !same_kinds && let Some(kind) = self.records.kind(at) {
                self.records.set_kind(at, kind_numbers[usize::from(kind)]);
            }
        }
        Ok(())
    }

    fn add_between(&mut self, payer: u32, provider: u32, deal: DealRef<'_>) {
        let added = deal
            .kind
            .map(|k| self.kinds.number(k))
            .transpose()
            .and_then(|kind| {
                let edge = self.edge(payer, provider)?;
                self.push(edge, deal, kind)
            });
        self.refused |= added.is_err();
    }

    /// Adds a deal to an edge: tallied, and its record labelled with it.
    fn push(&mut self, edge: u32, deal: DealRef<'_>, kind: Option<u16>) -> Result<(), CannotKeep> {
        self.records
            .push(edge, deal.id, deal.announced, kind, deal.value_usd)?;
        self.edges[edge as usize].add(deal.value_usd, kind, deal.id);
        Ok(())
    }

    fn edge(&mut self, payer: u32, provider: u32) -> Result<u32, CannotKeep> {
        let out = &mut self.out[payer as usize];
        if let Some(&edge) = out.get(&provider) {
            return Ok(edge);
        }
        let edge = u32::try_from(self.edges.len()).map_err(|_| CannotKeep)?;
        out.insert(provider, edge);
        self.edges.push(Edge::new(payer, provider));
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
        self.out.push(FastMap::default());
        node
    }
}

/// Edges largest disclosed total first, then by payer and provider (the
/// nodes are numbered in order of name): on two cores when there are many.
fn sort_edges(edges: &mut [Edge]) {
    let order = |a: &Edge, b: &Edge| {
        b.total_usd()
            .cmp(&a.total_usd())
            .then(a.payer.cmp(&b.payer))
            .then(a.provider.cmp(&b.provider))
    };
    if edges.len() < 1 << 16 || workers() < 2 {
        edges.sort_unstable_by(order);
        return;
    }
    // The first half's edges all come before the second's: each half can
    // be sorted on its own.
    let middle = edges.len() / 2;
    edges.select_nth_unstable_by(middle, order);
    let (first, second) = edges.split_at_mut(middle);
    std::thread::scope(|scope| {
        scope.spawn(|| first.sort_unstable_by(order));
        second.sort_unstable_by(order);
    });
}

/// The records, edge by edge (a counting sort: each edge's stay in the
/// order they came), each edge's from its `start`; `place` gives the
/// place in `edges` of each record's link.
fn order_by_edge(records: &Records, place: &[u32], edges: &[Edge]) -> Vec<u32> {
    let mut next: Vec<u32> = edges.iter().map(|edge| edge.start).collect();
    let count = edges.last().map_or(0, |last| last.start + last.deals);
    let mut order = vec![0u32; count as usize];
    for at in records.all() {
        let edge = place.get(records.link(at) as usize);
        if let Some(slot) = edge.and_then(|&edge| next.get_mut(edge as usize)) {
            if let Some(place) = order.get_mut(*slot as usize) {
                *place = at;
            }
            *slot += 1;
        }
    }
    order
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
    /// The pairs met, with what their deals add up to.
    slots: Vec<Edge>,
    kinds: Kinds,
    /// Records whose link is their slot.
    records: Records,
}

impl PairLog {
    /// An empty log with room for `pairs` pairs and `bytes` bytes of
    /// records (what the chunk before needed: chunks are alike).
    pub fn with_capacity(pairs: usize, bytes: usize) -> PairLog {
        PairLog {
            slot_by_pair: FastMap::with_capacity_and_hasher(pairs, Default::default()),
            slots: Vec::with_capacity(pairs),
            kinds: Kinds::default(),
            records: Records {
                bytes: Vec::with_capacity(bytes),
                ..Records::default()
            },
        }
    }

    /// How many pairs it holds, and how many bytes of records.
    pub fn size(&self) -> (usize, usize) {
        (self.slots.len(), self.records.bytes.len())
    }

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
        let kind = kind.map(|k| self.kinds.number(k)).transpose()?;
        let slot = match self.slot_by_pair.get(&(payer, provider)) {
            Some(&slot) => slot,
            None => {
                let slot = u32::try_from(self.slots.len()).map_err(|_| CannotKeep)?;
                self.slot_by_pair.insert((payer, provider), slot);
                self.slots.push(Edge::new(payer, provider));
                slot
            }
        };
        self.records.push(slot, id, announced, kind, value)?;
        self.slots[slot as usize].add(value, kind, id);
        Ok(())
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
        assert_eq!(names, ["a", "B", "b", "c"]);
        let labels: Vec<String> = graph.edges.iter().map(|e| graph.label(e)).collect();
        assert_eq!(labels, ["a → b", "B → c", "b → a"]);
        let ba = &graph.edges[2];
        let tally = ba.tally();
        assert_eq!((tally.deals, tally.disclosed, tally.total_usd), (2, 1, 5));
        assert_eq!(graph.kinds(ba), ["investment"]);
        let deals = graph.deals(ba);
        let ids: Vec<&str> = deals.iter().map(|d| d.id).collect();
        assert_eq!(ids, ["x1", "x2"]);
        assert_eq!(deals[0].value_usd, None);
        assert_eq!(deals[1].kind, Some("investment"));
        assert_eq!(graph.tally().total_usd, 19);
    }

    #[test]
    fn records_keep_every_value_kind_and_id_exactly() {
        let mut builder = GraphBuilder::default();
        let long_id = "i".repeat(300);
        let odd_values = [1, 999, 1_000, 1_500, 4_294_967_294_000, u64::MAX];
        for (i, value) in odd_values.iter().enumerate() {
            let id = format!("v{i}");
            builder.add_named("p", "q", deal(&id, "2025-01-01", Some("k"), Some(*value)));
        }
        for i in 0..300 {
            let kind = format!("kind-{i:03}");
            builder.add_named(
                "p",
                "r",
                deal(&format!("k{i:03}"), "9999-12-31", Some(&kind), None),
            );
        }
        builder.add_named("p", "s", deal(&long_id, "0001-01-01", None, Some(7)));
        let graph = builder.finish();
        let pq = graph
            .edges
            .iter()
            .find(|e| graph.label(e) == "p → q")
            .unwrap();
        let values: Vec<u64> = graph
            .deals(pq)
            .iter()
            .map(|d| d.value_usd.unwrap().0)
            .collect();
        assert_eq!(values, odd_values);
        assert_eq!(
            pq.total_usd(),
            odd_values.iter().map(|&v| u128::from(v)).sum::<u128>()
        );
        let pr = graph
            .edges
            .iter()
            .find(|e| graph.label(e) == "p → r")
            .unwrap();
        assert_eq!(graph.kinds(pr).len(), 300);
        assert_eq!(graph.kinds(pr)[0], "kind-000");
        let deals = graph.deals(pr);
        assert_eq!(deals[299].kind, Some("kind-299"));
        assert_eq!(deals[299].announced, day("9999-12-31"));
        let ps = graph
            .edges
            .iter()
            .find(|e| graph.label(e) == "p → s")
            .unwrap();
        assert_eq!(graph.deals(ps)[0].id, long_id);
        assert_eq!(graph.deals(ps)[0].announced, day("0001-01-01"));
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
        assert!(!streamed.has_refused());
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
        let ids = |g: &Graph| -> Vec<String> {
            g.edges
                .iter()
                .flat_map(|e| {
                    g.deals(e)
                        .iter()
                        .map(|d| d.id.to_string())
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        assert_eq!(ids(&streamed), ["r", "p", "q"]);
        assert_eq!(ids(&streamed), ids(&added));
        let kinds = |g: &Graph| -> Vec<Vec<String>> {
            g.edges
                .iter()
                .map(|e| g.kinds(e).iter().map(|k| k.to_string()).collect())
                .collect()
        };
        assert_eq!(kinds(&streamed), kinds(&added));
    }
}
