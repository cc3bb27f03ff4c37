//! Company names met while streaming a grouping by company, or the money
//! graph (which groups deals by both of their companies).
//!
//! A few thousand names recur across a million deals, and every chunk of
//! the input meets most of them. So each worker numbers the names it meets
//! once, for all its chunks ([`Interner`]); a chunk records only numbers:
//! the order in which it first met each name, and the tally of its matching
//! deals per pair of buyer and seller ([`Met`]). Merging in file order, the
//! whole answer turns numbers back into names ([`Resolver`]): it adds them
//! to the directory in the order the file names them, as the ordinary
//! path does, so that the first spelling of a company names its group.

use std::collections::HashMap;

use crate::date::Date;
use crate::graph::{CannotKeep, GraphBuilder, PairLog};
use crate::group::{GroupBy, Grouper};
use crate::money::{Tally, Usd};
use crate::names::Directory;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The names one worker has met, numbered from 0 in the order it met them.
#[derive(Debug, Default)]
pub struct Interner {
    worker: usize,
    numbers: FastMap<Box<[u8]>, u32>,
    /// For each number, the last chunk that met it (1 for the first chunk).
    met_in: Vec<u64>,
    chunk: u64,
    /// Names numbered since the last chunk began.
    fresh: Vec<String>,
    /// How many tallies the last chunk kept, to size the next one's.
    tallies_hint: usize,
    /// How large the last chunk's log of deals for the graph was, to size
    /// the next one's.
    log_hint: (usize, usize),
}

/// What one chunk met, by the numbers of its worker's [`Interner`].
#[derive(Debug)]
pub struct Met {
    worker: usize,
    /// The names its worker numbered during this chunk, in number order.
    fresh: Vec<String>,
    /// Numbers in the order this chunk first met them.
    order: Vec<u32>,
    tallies: Tallies,
}

/// What a chunk records of its matching deals.
#[derive(Debug)]
enum Tallies {
    /// For a grouping, the values per (buyer, seller) pair of numbers; for
    /// a grouping by one side, that side's number is both.
    Groups {
        by: GroupBy,
        pairs: FastMap<(u32, u32), Tally>,
    },
    /// For the money graph, the deals themselves.
    Edges(Box<PairLog>),
}

/// What a chunk's matching deals are recorded for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recording {
    Groups(GroupBy),
    Edges,
}

impl Interner {
    pub fn new(worker: usize) -> Interner {
        Interner {
            worker,
            ..Interner::default()
        }
    }

    /// Starts recording what a new chunk meets.
    pub fn begin(&mut self, recording: Recording) -> Met {
        self.chunk += 1;
        let hasher = foldhash::fast::RandomState::default();
        let tallies = match recording {
            Recording::Groups(by) => Tallies::Groups {
                by,
                pairs: FastMap::with_capacity_and_hasher(self.tallies_hint, hasher),
            },
            Recording::Edges => {
                let (pairs, bytes) = self.log_hint;
                Tallies::Edges(Box::new(PairLog::with_capacity(pairs, bytes)))
            }
        };
        Met {
            worker: self.worker,
            fresh: Vec::new(),
            order: Vec::new(),
            tallies,
        }
    }

    /// Ends a chunk's record with the names it numbered.
    pub fn end(&mut self, met: &mut Met) {
        met.fresh = std::mem::take(&mut self.fresh);
        match &met.tallies {
            Tallies::Groups { pairs, .. } => self.tallies_hint = pairs.len(),
            Tallies::Edges(log) => self.log_hint = log.size(),
        }
    }

    /// The number of `name`, noted in `met` if the chunk had not met it.
    fn meet(&mut self, name: &[u8], met: &mut Met) -> u32 {
        let number = match self.numbers.get(name) {
            Some(&number) => number,
            None => {
                let number = self.met_in.len() as u32;
                self.numbers.insert(name.into(), number);
                // Exact: a record is taken only if it is UTF-8.
                self.fresh.push(String::from_utf8_lossy(name).into_owned());
                self.met_in.push(0);
                number
            }
        };
        let last = &mut self.met_in[number as usize];
        if *last != self.chunk {
            *last = self.chunk;
            met.order.push(number);
        }
        number
    }
}

impl Met {
    /// Notes a deal's two names; with `value`, the deal matched and its
    /// value is tallied under the pair.
    pub fn deal(
        &mut self,
        names: &mut Interner,
        buyer: &[u8],
        seller: &[u8],
        value: Option<Option<Usd>>,
    ) {
        let buyer = names.meet(buyer, self);
        let seller = names.meet(seller, self);
        let Some(value) = value else {
            return;
        };
        let Tallies::Groups { by, pairs } = &mut self.tallies else {
            return;
        };
        // Only a grouping by both sides needs to know who dealt with whom.
        let key = match by {
            GroupBy::Buyer => (buyer, buyer),
            GroupBy::Seller => (seller, seller),
            _ => (buyer, seller),
        };
        pairs.entry(key).or_default().add(value);
    }

    /// Notes a deal's two names; when it matched (`Some`), logs the deal
    /// for the money graph.
    pub fn edge(
        &mut self,
        names: &mut Interner,
        buyer: &[u8],
        seller: &[u8],
        matched: Option<EdgeDeal<'_>>,
    ) -> Result<(), CannotKeep> {
        let buyer = names.meet(buyer, self);
        let seller = names.meet(seller, self);
        match (matched, &mut self.tallies) {
            (Some(deal), Tallies::Edges(log)) => log.add(
                buyer,
                seller,
                deal.id,
                deal.announced,
                deal.kind,
                deal.value,
            ),
            _ => Ok(()),
        }
    }
}

/// What the money graph keeps of a streamed deal.
#[derive(Debug, Clone, Copy)]
pub struct EdgeDeal<'a> {
    pub id: &'a [u8],
    pub announced: Date,
    pub kind: Option<&'a str>,
    pub value: Option<Usd>,
}

/// Turns the numbers of every worker back into directory entries.
#[derive(Debug, Default)]
pub struct Resolver {
    /// Per worker, its names by number and their place in the directory
    /// once known.
    workers: Vec<(Vec<String>, Vec<Option<usize>>)>,
}

impl Resolver {
    /// Takes in the record of the next chunk in file order: its names join
    /// `directory` in the order met, its tallies `grouper`'s groups.
    pub fn resolve(&mut self, met: Met, directory: &mut Directory, grouper: &mut Grouper) {
        let (worker, tallies) = self.meet_names(met, directory);
        let Tallies::Groups { pairs, .. } = tallies else {
            return;
        };
        let places = &self.workers[worker].1;
        for ((buyer, seller), tally) in pairs {
            let place = |number: u32| places.get(number as usize).copied().flatten();
            if let (Some(buyer), Some(seller)) = (place(buyer), place(seller)) {
                grouper.add_between(buyer, seller, &tally, directory);
            }
        }
    }

    /// Takes in the record of the next chunk in file order: its names join
    /// `directory` in the order met, its deals `graph`.
    pub fn resolve_edges(&mut self, met: Met, directory: &mut Directory, graph: &mut GraphBuilder) {
        let (worker, tallies) = self.meet_names(met, directory);
        let Tallies::Edges(log) = tallies else {
            return;
        };
        let places = &self.workers[worker].1;
        let place = |number: u32| places.get(number as usize).copied().flatten();
        graph.add_log(&log, place, directory);
    }

    /// Adds the names a chunk met to `directory`, in the order met; returns
    /// its worker and what it tallied.
    fn meet_names(&mut self, met: Met, directory: &mut Directory) -> (usize, Tallies) {
        if self.workers.len() <= met.worker {
            self.workers.resize_with(met.worker + 1, Default::default);
        }
        let (names, places) = &mut self.workers[met.worker];
        names.extend(met.fresh);
        places.resize(names.len(), None);
        for number in met.order {
            let number = number as usize;
            if places[number].is_none() {
                directory.add_implied(&names[number]);
                places[number] = directory.position(&names[number]);
            }
        }
        (met.worker, met.tallies)
    }
}
