//! Grouped totals: deals tallied by buyer, seller, party, year, quarter,
//! month, kind or status, and disclosed values spread over the years of
//! their term.
//!
//! Every sum is exact: groups add up to the grand total to the dollar (a
//! deal counted for both of its sides under `party` is the one exception).

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::model::DealView;
use crate::money::{Tally, Usd};
use crate::names::{Directory, fold};

/// What `total --by` groups on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    Buyer,
    Seller,
    /// Both sides: each deal counts once for its buyer and once for its seller
    Party,
    Year,
    /// The calendar quarter announced, e.g. 2025-Q3
    Quarter,
    /// The month announced, e.g. 2025-09
    Month,
    Kind,
    Status,
}

impl GroupBy {
    pub fn name(self) -> &'static str {
        match self {
            GroupBy::Buyer => "buyer",
            GroupBy::Seller => "seller",
            GroupBy::Party => "party",
            GroupBy::Year => "year",
            GroupBy::Quarter => "quarter",
            GroupBy::Month => "month",
            GroupBy::Kind => "kind",
            GroupBy::Status => "status",
        }
    }

    /// Whether the groups are periods of the calendar, shown in calendar
    /// order with the empty periods between them.
    pub fn is_period(self) -> bool {
        matches!(self, GroupBy::Quarter | GroupBy::Month)
    }
}

/// A group's key: a name, a year, a quarter (`2025-Q3`), a month
/// (`2025-09`), or nothing (a deal without a kind).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Name(String),
    Year(u32),
    Quarter { year: u16, quarter: u8 },
    Month { year: u16, month: u8 },
    Missing,
}

impl Key {
    fn order(&self, other: &Key) -> Ordering {
        match (self, other) {
            (Key::Name(a), Key::Name(b)) => fold(a).cmp(&fold(b)).then_with(|| a.cmp(b)),
            (a, b) => match (a.months(), b.months()) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => a.rank().cmp(&b.rank()),
            },
        }
    }

    /// Where a key of each sort goes among keys of other sorts: periods,
    /// then names, then the missing key.
    fn rank(&self) -> u8 {
        match self {
            Key::Year(_) | Key::Quarter { .. } | Key::Month { .. } => 0,
            Key::Name(_) => 1,
            Key::Missing => 2,
        }
    }

    /// A period's first month, counted from year 0, to put periods in
    /// calendar order.
    fn months(&self) -> Option<u32> {
        match *self {
            Key::Year(year) => Some(year * 12),
            Key::Quarter { year, quarter } => {
                Some(u32::from(year) * 12 + u32::from(quarter - 1) * 3)
            }
            Key::Month { year, month } => Some(u32::from(year) * 12 + u32::from(month - 1)),
            Key::Name(_) | Key::Missing => None,
        }
    }

    /// The period after this one (a quarter or month).
    fn next_period(&self) -> Option<Key> {
        match *self {
            Key::Quarter { year, quarter: 4 } => Some(Key::Quarter {
                year: year + 1,
                quarter: 1,
            }),
            Key::Quarter { year, quarter } => Some(Key::Quarter {
                year,
                quarter: quarter + 1,
            }),
            Key::Month { year, month: 12 } => Some(Key::Month {
                year: year + 1,
                month: 1,
            }),
            Key::Month { year, month } => Some(Key::Month {
                year,
                month: month + 1,
            }),
            _ => None,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Name(name) => f.write_str(name),
            Key::Year(year) => write!(f, "{year}"),
            Key::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Key::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Key::Missing => Ok(()),
        }
    }
}

/// Years as JSON numbers, names, quarters and months as strings, a missing
/// key as null.
impl Serialize for Key {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Key::Name(name) => serializer.serialize_str(name),
            Key::Year(year) => serializer.serialize_u32(*year),
            Key::Quarter { .. } | Key::Month { .. } => serializer.collect_str(self),
            Key::Missing => serializer.serialize_none(),
        }
    }
}

/// One group's tally; `no_term` counts deals a spread could not spread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub key: Key,
    pub tally: Tally,
    pub no_term: u64,
}

/// Tallies deals into groups one at a time, so that a stream of deals can
/// be grouped without keeping it.
#[derive(Debug, Clone)]
pub struct Grouper {
    by: GroupBy,
    spread: bool,
    groups: Groups,
}

impl Grouper {
    /// Groups by `by`; with `spread` (for `GroupBy::Year`), each value is
    /// spread over the years of its term.
    pub fn new(by: GroupBy, spread: bool) -> Grouper {
        Grouper {
            by,
            spread: spread && by == GroupBy::Year,
            groups: Groups::default(),
        }
    }

    /// Counts one deal; company names are grouped under the name
    /// `directory` gives them.
    pub fn add<D: DealView + ?Sized>(&mut self, deal: &D, directory: &Directory) {
        if self.spread {
            self.add_spread(deal);
            return;
        }
        let value = deal.value_usd();
        match self.by {
            GroupBy::Buyer => self
                .groups
                .company(deal.buyer(), directory)
                .tally
                .add(value),
            GroupBy::Seller => self
                .groups
                .company(deal.seller(), directory)
                .tally
                .add(value),
            GroupBy::Party => {
                let buyer = directory.position(deal.buyer());
                let seller = directory.position(deal.seller());
                // A company dealing with itself counts once.
                if buyer.is_none() || buyer != seller {
                    self.groups
                        .company(deal.seller(), directory)
                        .tally
                        .add(value);
                }
                self.groups
                    .company(deal.buyer(), directory)
                    .tally
                    .add(value);
            }
            GroupBy::Year => {
                let year = Key::Year(u32::from(deal.announced().year()));
                self.groups.entry(year).tally.add(value);
            }
            GroupBy::Quarter | GroupBy::Month => {
                let period = period_of(self.by, deal.announced());
                self.groups.entry(period).tally.add(value);
            }
            GroupBy::Kind => self.groups.optional(deal.kind()).tally.add(value),
            GroupBy::Status => self.groups.optional(deal.status()).tally.add(value),
        }
    }

    /// Counts the tally of deals between two companies, given by their
    /// places in `directory`, as [`Grouper::add`] counts each of them.
    /// Only for groupings by company.
    pub fn add_between(
        &mut self,
        buyer: usize,
        seller: usize,
        tally: &Tally,
        directory: &Directory,
    ) {
        let sides = match self.by {
            GroupBy::Buyer => [Some(buyer), None],
            GroupBy::Seller => [Some(seller), None],
            // A company dealing with itself counts once.
            GroupBy::Party => [Some(buyer), (seller != buyer).then_some(seller)],
            GroupBy::Year | GroupBy::Quarter | GroupBy::Month | GroupBy::Kind | GroupBy::Status => {
                [None, None]
            }
        };
        for entry in sides.into_iter().flatten() {
            self.groups.company_at(entry, directory).tally.merge(tally);
        }
    }

    fn add_spread<D: DealView + ?Sized>(&mut self, deal: &D) {
        let start = u32::from(deal.starts().map_or(deal.announced().year(), |s| s.year()));
        match (deal.value_usd(), deal.term_years()) {
            (Some(Usd(value)), Some(term)) => {
                for (offset, share) in split_evenly(value, term.whole_years()).enumerate() {
                    let year = start + offset as u32;
                    self.groups
                        .entry(Key::Year(year))
                        .tally
                        .add(Some(Usd(share)));
                }
            }
            (value, term) => {
                let group = self.groups.entry(Key::Year(start));
                group.tally.add(value);
                if term.is_none() && value.is_some() {
                    group.no_term += 1;
                }
            }
        }
    }

    /// Adds the groups of another grouper that counted later deals, with
    /// company names renamed as `directory` (which knows both) names them.
    pub fn merge(&mut self, other: Grouper, directory: &Directory) {
        for group in other.groups.into_vec() {
            let key = match group.key {
                Key::Name(name)
                    if matches!(self.by, GroupBy::Buyer | GroupBy::Seller | GroupBy::Party) =>
                {
                    Key::Name(directory.canonical(&name).to_string())
                }
                key => key,
            };
            let target = self.groups.entry(key);
            target.tally.merge(&group.tally);
            target.no_term += group.no_term;
        }
    }

    /// The groups: years in calendar order for a spread; quarters and
    /// months in calendar order, with the empty ones between the first and
    /// the last; otherwise largest total first, ties by key.
    pub fn finish(self) -> Vec<Group> {
        let mut groups = self.groups.into_vec();
        if self.by.is_period() {
            groups.sort_by(|a, b| a.key.order(&b.key));
            groups = with_empty_periods(groups);
        } else if self.spread {
            groups.sort_by(|a, b| a.key.order(&b.key));
        } else {
            groups.sort_by(|a, b| {
                b.tally
                    .total_usd
                    .cmp(&a.tally.total_usd)
                    .then_with(|| a.key.order(&b.key))
            });
        }
        groups
    }
}

/// The quarter or month a day falls in.
fn period_of(by: GroupBy, day: crate::date::Date) -> Key {
    match by {
        GroupBy::Quarter => Key::Quarter {
            year: day.year(),
            quarter: (day.month() - 1) / 3 + 1,
        },
        _ => Key::Month {
            year: day.year(),
            month: day.month(),
        },
    }
}

/// Periods in calendar order with an empty group for each period missing
/// between two of them, so that a gap in time shows as a zero.
fn with_empty_periods(groups: Vec<Group>) -> Vec<Group> {
    let mut filled: Vec<Group> = Vec::with_capacity(groups.len());
    for group in groups {
        while let Some(next) = filled.last().and_then(|last| last.key.next_period()) {
            if next.order(&group.key) != Ordering::Less {
                break;
            }
            filled.push(Group {
                key: next,
                tally: Tally::default(),
                no_term: 0,
            });
        }
        filled.push(group);
    }
    filled
}

/// `value` in `parts` whole-dollar shares that differ by at most one dollar,
/// the larger ones first: 38B over 7 years is 5428571429 twice, then
/// 5428571428 five times.
pub fn split_evenly(value: u64, parts: u32) -> impl Iterator<Item = u64> {
    let parts = u64::from(parts.max(1));
    let (base, remainder) = (value / parts, value % parts);
    (0..parts).map(move |i| base + u64::from(i < remainder))
}

/// Groups in the order they were first seen, found by key. Names are found
/// by `&str`, so that counting a deal under a name seen before allocates
/// nothing; companies by their place in the directory, which costs no
/// hashing of the name a second time.
#[derive(Debug, Clone, Default)]
struct Groups {
    names: HashMap<String, usize, foldhash::fast::RandomState>,
    others: HashMap<Key, usize, foldhash::fast::RandomState>,
    /// Group of each directory entry met, plus one (0: none yet).
    by_entry: Vec<usize>,
    groups: Vec<Group>,
}

impl Groups {
    /// The group of the company a name as written in a deal refers to,
    /// under the name the directory gives it.
    fn company(&mut self, name: &str, directory: &Directory) -> &mut Group {
        match directory.position(name) {
            Some(entry) => self.company_at(entry, directory),
            None => self.named(name),
        }
    }

    /// The group of the company at `entry` in the directory.
    fn company_at(&mut self, entry: usize, directory: &Directory) -> &mut Group {
        if let Some(&known) = self.by_entry.get(entry).filter(|&&g| g > 0) {
            return &mut self.groups[known - 1];
        }
        let canonical = &directory.entries()[entry].name;
        let position = match self.names.get(canonical.as_str()) {
            Some(&position) => position,
            None => {
                let next = self.groups.len();
                self.names.insert(canonical.clone(), next);
                next
            }
        };
        if self.by_entry.len() <= entry {
            self.by_entry.resize(entry + 1, 0);
        }
        self.by_entry[entry] = position + 1;
        self.at(position, || Key::Name(canonical.clone()))
    }

    fn entry(&mut self, key: Key) -> &mut Group {
        match key {
            Key::Name(name) => self.named(&name),
            key => {
                let next = self.groups.len();
                let position = *self.others.entry(key.clone()).or_insert(next);
                self.at(position, || key)
            }
        }
    }

    fn named(&mut self, name: &str) -> &mut Group {
        let position = match self.names.get(name) {
            Some(&position) => position,
            None => {
                let next = self.groups.len();
                self.names.insert(name.to_string(), next);
                next
            }
        };
        self.at(position, || Key::Name(name.to_string()))
    }

    /// The group of a value that may be missing (a kind, a status).
    fn optional(&mut self, name: Option<&str>) -> &mut Group {
        match name {
            Some(name) => self.named(name),
            None => self.entry(Key::Missing),
        }
    }

    /// The group at `position`, made with `key` if it is new.
    fn at(&mut self, position: usize, key: impl FnOnce() -> Key) -> &mut Group {
        if position == self.groups.len() {
            self.groups.push(Group {
                key: key(),
                tally: Tally::default(),
                no_term: 0,
            });
        }
        &mut self.groups[position]
    }

    fn into_vec(self) -> Vec<Group> {
        self.groups
    }
}

/// The groups past `--top N`, folded into one tally.
pub fn split_top(mut groups: Vec<Group>, top: Option<usize>) -> (Vec<Group>, Option<Rest>) {
    let Some(top) = top.filter(|&n| n < groups.len()) else {
        return (groups, None);
    };
    let rest_groups = groups.split_off(top);
    let mut rest = Rest {
        groups: rest_groups.len(),
        tally: Tally::default(),
        no_term: 0,
    };
    for group in rest_groups {
        rest.tally.merge(&group.tally);
        rest.no_term += group.no_term;
    }
    (groups, Some(rest))
}

/// What `--top` leaves out, added up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rest {
    pub groups: usize,
    pub tally: Tally,
    pub no_term: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitting_is_exact_and_front_loaded() {
        let shares: Vec<u64> = split_evenly(38_000_000_000, 7).collect();
        assert_eq!(shares.iter().sum::<u64>(), 38_000_000_000);
        assert_eq!(shares[0], 5_428_571_429);
        assert_eq!(shares[6], 5_428_571_428);
        assert_eq!(
            split_evenly(u64::MAX, 200).map(u128::from).sum::<u128>(),
            u128::from(u64::MAX)
        );
        assert_eq!(split_evenly(5, 1).collect::<Vec<_>>(), [5]);
        assert_eq!(split_evenly(2, 3).collect::<Vec<_>>(), [1, 1, 0]);
    }
}
