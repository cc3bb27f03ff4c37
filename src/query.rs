//! Choosing and ordering deals: the filters every command shares, resolved
//! against a dataset once, and a deterministic sort.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::date::Date;
use crate::error::UsageError;
use crate::model::{
    Deal, DealView, Evidence, KNOWN_KINDS, KNOWN_STATUSES, is_replaced_status, kinds_in,
    statuses_in,
};
use crate::money::Usd;
use crate::names::{Directory, NameSet, closest, did_you_mean, fold, same_name};

/// The filters as typed, before they are checked against a dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterSpec {
    pub buyers: Vec<String>,
    pub sellers: Vec<String>,
    pub parties: Vec<String>,
    pub years: Vec<u16>,
    pub since: Option<Date>,
    pub until: Option<Date>,
    pub min: Option<Usd>,
    pub max: Option<Usd>,
    pub kinds: Vec<String>,
    pub statuses: Vec<String>,
    pub hardware: Vec<String>,
    pub search: Vec<String>,
    /// Keep only deals at least this well supported.
    pub evidence: Option<Evidence>,
    /// The query adds up money: unless statuses are asked for, superseded
    /// and cancelled deals are left out, so no money is counted twice.
    pub adds_up: bool,
}

impl FilterSpec {
    /// The same filters for a query that adds up money.
    pub fn adding_up(mut self) -> FilterSpec {
        self.adds_up = true;
        self
    }

    /// Whether superseded and cancelled deals are left out.
    pub fn skips_replaced(&self) -> bool {
        self.adds_up && self.statuses.is_empty()
    }

    /// The filters as they would be typed (`--buyer OpenAI --year 2025`);
    /// empty when there are none. Values with spaces are quoted.
    pub fn describe(&self) -> String {
        let mut words: Vec<String> = Vec::new();
        let mut flag = |name: &str, value: String| {
            let value = if value.is_empty() || value.contains(char::is_whitespace) {
                format!("\"{value}\"")
            } else {
                value
            };
            words.push(format!("--{name} {value}"));
        };
        let texts = [
            ("buyer", &self.buyers),
            ("seller", &self.sellers),
            ("party", &self.parties),
        ];
        for (name, values) in texts {
            values.iter().for_each(|v| flag(name, v.clone()));
        }
        self.years.iter().for_each(|y| flag("year", y.to_string()));
        if let Some(since) = self.since {
            flag("since", since.to_string());
        }
        if let Some(until) = self.until {
            flag("until", until.to_string());
        }
        if let Some(min) = self.min {
            flag("min", min.human());
        }
        if let Some(max) = self.max {
            flag("max", max.human());
        }
        let texts = [
            ("kind", &self.kinds),
            ("status", &self.statuses),
            ("hardware", &self.hardware),
            ("search", &self.search),
        ];
        for (name, values) in texts {
            values.iter().for_each(|v| flag(name, v.clone()));
        }
        if let Some(evidence) = self.evidence {
            flag("evidence", evidence.to_string());
        }
        words.join(" ")
    }
}

/// Filters checked against a dataset: every name stands for known companies,
/// every kind and status is one the dataset can hold. All conditions must
/// hold; the values of a repeated flag are alternatives.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    buyers: Vec<NameSet>,
    sellers: Vec<NameSet>,
    parties: Vec<NameSet>,
    years: Vec<u16>,
    since: Option<Date>,
    until: Option<Date>,
    min: Option<Usd>,
    max: Option<Usd>,
    kinds: Vec<String>,
    statuses: Vec<String>,
    hardware: Vec<String>,
    search: Vec<String>,
    evidence: Option<Evidence>,
    skip_replaced: bool,
    /// For `--search`: the spellings of every company with aliases, joined
    /// and case-folded, found by any of its spellings (case-folded).
    aliases: HashMap<String, Vec<usize>>,
    alias_texts: Vec<String>,
}

impl Filter {
    pub fn new(
        spec: &FilterSpec,
        deals: &[Deal],
        directory: &Directory,
    ) -> Result<Filter, UsageError> {
        let resolve_all = |names: &[String], what: &str| -> Result<Vec<NameSet>, UsageError> {
            names.iter().map(|n| directory.resolve(n, what)).collect()
        };
        Ok(Filter {
            buyers: resolve_all(&spec.buyers, "buyer")?,
            sellers: resolve_all(&spec.sellers, "seller")?,
            parties: resolve_all(&spec.parties, "company")?,
            years: spec.years.clone(),
            since: spec.since,
            until: spec.until,
            min: spec.min,
            max: spec.max,
            kinds: check_words(&spec.kinds, &kinds_in(deals), "kind")?,
            statuses: check_words(&spec.statuses, &statuses_in(deals), "status")?,
            hardware: spec.hardware.iter().map(|h| fold(h)).collect(),
            search: spec.search.iter().map(|s| fold(s)).collect(),
            evidence: spec.evidence,
            skip_replaced: spec.skips_replaced(),
            ..Filter::default()
        }
        .with_aliases(directory, !spec.search.is_empty()))
    }

    /// Filters for a query that streams through deals it has not seen yet,
    /// knowing only the listed companies. A name no listed company answers
    /// to is taken literally and returned, to be confirmed by a deal that
    /// names it; a kind or status outside the known vocabulary gives `None`
    /// (the caller then loads the whole dataset to judge it).
    pub fn for_stream(spec: &FilterSpec, listed: &Directory) -> Option<(Filter, Vec<String>)> {
        let known =
            |asked: &[String], vocabulary: &[&str], what| check_words(asked, vocabulary, what).ok();
        let mut unconfirmed = Vec::new();
        let mut resolve_all = |names: &[String], what: &str| -> Vec<NameSet> {
            names
                .iter()
                .map(|n| {
                    listed.resolve(n, what).unwrap_or_else(|_| {
                        unconfirmed.push(n.trim().to_string());
                        NameSet::literal(n.trim())
                    })
                })
                .collect()
        };
        let filter = Filter {
            buyers: resolve_all(&spec.buyers, "buyer"),
            sellers: resolve_all(&spec.sellers, "seller"),
            parties: resolve_all(&spec.parties, "company"),
            years: spec.years.clone(),
            since: spec.since,
            until: spec.until,
            min: spec.min,
            max: spec.max,
            kinds: known(&spec.kinds, &KNOWN_KINDS, "kind")?,
            statuses: known(&spec.statuses, &KNOWN_STATUSES, "status")?,
            hardware: spec.hardware.iter().map(|h| fold(h)).collect(),
            search: spec.search.iter().map(|s| fold(s)).collect(),
            evidence: spec.evidence,
            skip_replaced: spec.skips_replaced(),
            ..Filter::default()
        }
        .with_aliases(listed, !spec.search.is_empty());
        Some((filter, unconfirmed))
    }

    /// Whether the deal passes every filter, and (for a query that adds up
    /// money) is not superseded or cancelled.
    pub fn matches<D: DealView + ?Sized>(&self, deal: &D) -> bool {
        self.matches_any_status(deal) && !(self.skip_replaced && is_replaced_status(deal.status()))
    }

    /// Whether a query that adds up money leaves this deal out only because
    /// it was superseded or cancelled.
    pub fn leaves_out<D: DealView + ?Sized>(&self, deal: &D) -> bool {
        self.skip_replaced && is_replaced_status(deal.status()) && self.matches_any_status(deal)
    }

    /// Whether superseded and cancelled deals are left out.
    pub fn skips_replaced(&self) -> bool {
        self.skip_replaced
    }

    fn matches_any_status<D: DealView + ?Sized>(&self, deal: &D) -> bool {
        let announced = deal.announced();
        any_or_none(&self.buyers, |set| set.contains(deal.buyer()))
            && any_or_none(&self.sellers, |set| set.contains(deal.seller()))
            && any_or_none(&self.parties, |set| {
                set.contains(deal.buyer()) || set.contains(deal.seller())
            })
            && any_or_none(&self.years, |y| announced.year() == *y)
            && self.since.is_none_or(|since| announced >= since)
            && self.until.is_none_or(|until| announced <= until)
            && self.within_amounts(deal.value_usd())
            && any_or_none(&self.kinds, |k| deal.kind().unwrap_or("") == k)
            && any_or_none(&self.statuses, |s| deal.status().unwrap_or("") == s)
            && any_or_none(&self.hardware, |h| {
                deal.hardware().any(|name| fold(name).contains(h))
            })
            && any_or_none(&self.search, |needle| self.mentions(deal, needle))
            && self.evidence.is_none_or(|least| deal.evidence() >= least)
    }

    /// `--min`/`--max` keep only deals whose disclosed value is in range; an
    /// undisclosed value is in no range.
    fn within_amounts(&self, value: Option<Usd>) -> bool {
        if self.min.is_none() && self.max.is_none() {
            return true;
        }
        value.is_some_and(|v| {
            self.min.is_none_or(|min| v >= min) && self.max.is_none_or(|max| v <= max)
        })
    }

    /// `--search` looks in the deal's aliases too; each company's spellings
    /// are stored once and found by spelling, so a company with thousands of
    /// aliases costs memory in proportion, not squared.
    fn with_aliases(mut self, directory: &Directory, wanted: bool) -> Filter {
        if !wanted {
            return self;
        }
        for entry in directory.entries().iter().filter(|e| !e.aliases.is_empty()) {
            let text = fold(&entry.aliases.join("\n"));
            let position = self.alias_texts.len();
            self.alias_texts.push(text);
            for spelling in std::iter::once(&entry.name).chain(&entry.aliases) {
                let found = self.aliases.entry(fold(spelling)).or_default();
                if found.last() != Some(&position) {
                    found.push(position);
                }
            }
        }
        self
    }

    fn mentions<D: DealView + ?Sized>(&self, deal: &D, needle: &str) -> bool {
        let party_aliases = [deal.buyer(), deal.seller()]
            .into_iter()
            .filter_map(|party| self.aliases.get(&fold(party)))
            .flatten()
            .map(|&i| self.alias_texts[i].as_str());
        let fields = [
            deal.id(),
            deal.buyer(),
            deal.seller(),
            deal.summary().unwrap_or(""),
        ];
        fields.into_iter().any(|text| fold(text).contains(needle))
            || party_aliases.into_iter().any(|text| text.contains(needle))
    }

    /// The deals that pass, in dataset order.
    pub fn apply<'a>(&self, deals: &'a [Deal]) -> Vec<&'a Deal> {
        deals.iter().filter(|d| self.matches(*d)).collect()
    }
}

/// No alternatives means no condition; otherwise one must hold.
fn any_or_none<T>(alternatives: &[T], holds: impl Fn(&T) -> bool) -> bool {
    alternatives.is_empty() || alternatives.iter().any(holds)
}

/// Kinds and statuses must be ones the dataset can hold (known ones or ones
/// it uses); a typo is an error rather than an empty answer.
fn check_words(asked: &[String], allowed: &[&str], what: &str) -> Result<Vec<String>, UsageError> {
    asked
        .iter()
        .map(|word| {
            allowed
                .iter()
                .find(|a| same_name(a, word))
                .map(|a| a.to_string())
                .ok_or_else(|| {
                    let suggestions = closest(word, allowed.iter().map(|a| a.to_string()));
                    let list = format!("known values: {}", allowed.join(", "));
                    UsageError::new(format!("unknown {what} '{word}'"))
                        .with_hint(did_you_mean(&suggestions, &list))
                })
        })
        .collect()
}

/// What `list --sort` orders by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SortKey {
    #[default]
    Date,
    Value,
    Buyer,
    Seller,
    Id,
}

/// Sorts deals by `key`, ascending unless `descending`; ties are broken by id
/// (ascending either way), and undisclosed values come after disclosed ones
/// in both directions.
pub fn sort_deals(deals: &mut [&Deal], key: SortKey, descending: bool) {
    fn buyer(deal: &Deal) -> &str {
        &deal.buyer
    }
    fn seller(deal: &Deal) -> &str {
        &deal.seller
    }
    let name: fn(&Deal) -> &str = match key {
        SortKey::Buyer => buyer,
        SortKey::Seller => seller,
        _ => {
            deals.sort_by(|a, b| compare(a, b, key, descending));
            return;
        }
    };
    // Names are compared ignoring case; folding each once, rather than at
    // every comparison, keeps the sort from allocating.
    let mut keyed: Vec<(String, &Deal)> = deals.iter().map(|d| (fold(name(d)), *d)).collect();
    keyed.sort_by(|(fold_a, a), (fold_b, b)| {
        let primary = fold_a.cmp(fold_b).then_with(|| name(a).cmp(name(b)));
        directed(primary, descending).then_with(|| a.id.cmp(&b.id))
    });
    for (slot, (_, deal)) in deals.iter_mut().zip(keyed) {
        *slot = deal;
    }
}

/// The order of two deals by a key other than a name; ties by id.
fn compare(a: &Deal, b: &Deal, key: SortKey, descending: bool) -> Ordering {
    let primary = match key {
        SortKey::Value => {
            return match (a.value_usd, b.value_usd) {
                (Some(x), Some(y)) => directed(x.cmp(&y), descending),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
            .then_with(|| a.id.cmp(&b.id));
        }
        SortKey::Date => a.announced.cmp(&b.announced),
        SortKey::Buyer | SortKey::Seller | SortKey::Id => a.id.cmp(&b.id),
    };
    directed(primary, descending).then_with(|| a.id.cmp(&b.id))
}

fn directed(ordering: Ordering, descending: bool) -> Ordering {
    if descending {
        ordering.reverse()
    } else {
        ordering
    }
}
