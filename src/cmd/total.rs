//! `deals total`: how many deals match, how many disclosed a value, and the
//! exact sum of the disclosed values; split by kind when kinds are mixed, or
//! grouped with `--by` (and spread over the years of each term with
//! `--spread`).

use std::io::Write;

use serde::Serialize;

use crate::Context;
use crate::cli::TotalArgs;
use crate::error::UsageError;
use crate::group::{self, Group, GroupBy, Grouper, Key, Rest};
use crate::model::DealView;
use crate::money::Tally;
use crate::names::Directory;
use crate::render::{self, Format, Grid, Output, Text};

use super::list::plural;

/// The JSON shape of a total; `total_usd` is the sum of disclosed values only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TotalRecord {
    pub deals: u64,
    pub disclosed: u64,
    pub undisclosed: u64,
    pub total_usd: u128,
}

impl From<&Tally> for TotalRecord {
    fn from(tally: &Tally) -> TotalRecord {
        TotalRecord {
            deals: tally.deals,
            disclosed: tally.disclosed,
            undisclosed: tally.undisclosed(),
            total_usd: tally.total_usd,
        }
    }
}

pub fn run(args: &TotalArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    check_args(args)?;
    let filter = ctx.filter_spec(&args.filters.spec().adding_up())?;
    let mut totals = Totals::new(args, ctx.output.format.is_grid());
    for deal in filter.apply(ctx.deals()) {
        totals.add(deal, &ctx.directory);
    }
    totals.write(args, out, &ctx.output)?;
    Ok(())
}

/// `--spread` only makes sense by year; quarters and months come in
/// calendar order, where the largest N mean nothing.
pub fn check_args(args: &TotalArgs) -> Result<(), UsageError> {
    if let Some(by) = args.by.filter(|by| by.is_period()) {
        if args.spread {
            return Err(UsageError::new(format!(
                "--spread is yearly: it spreads values over the years of their term, so it needs --by year, not --by {}",
                by.name()
            ))
            .with_hint("deals total --by year --spread"));
        }
        if args.top.is_some() {
            return Err(UsageError::new(format!(
                "--top keeps the largest groups, but --by {} shows every period in calendar order",
                by.name()
            ))
            .with_hint(format!(
                "choose the periods with --since and --until, e.g. deals total --by {} --since 2025-01",
                by.name()
            )));
        }
    }
    if args.spread && args.by != Some(GroupBy::Year) {
        return Err(
            UsageError::new("--spread spreads values over years; it needs --by year")
                .with_hint("deals total --by year --spread"),
        );
    }
    Ok(())
}

/// A total being added up, deal by deal: the grand tally, the groups
/// `--by` asks for, and (for a table) the tally by kind for the note under
/// it.
#[derive(Debug, Clone)]
pub struct Totals {
    tally: Tally,
    by_kind: Option<Grouper>,
    groups: Option<Grouper>,
}

impl Totals {
    /// With `kind_note`, a plain total also tallies kinds for its note.
    pub fn new(args: &TotalArgs, kind_note: bool) -> Totals {
        Totals {
            tally: Tally::default(),
            by_kind: (kind_note && args.by.is_none()).then(|| Grouper::new(GroupBy::Kind, false)),
            groups: args.by.map(|by| Grouper::new(by, args.spread)),
        }
    }

    pub fn add<D: DealView + ?Sized>(&mut self, deal: &D, directory: &Directory) {
        self.tally.add(deal.value_usd());
        for grouper in [&mut self.by_kind, &mut self.groups].into_iter().flatten() {
            grouper.add(deal, directory);
        }
    }

    /// Counts a deal in the grand total only, for a grouping by company
    /// that is counted apart (see [`Totals::grouper`]).
    pub fn add_ungrouped<D: DealView + ?Sized>(&mut self, deal: &D) {
        self.tally.add(deal.value_usd());
    }

    /// The grouping, if the total is grouped.
    pub fn grouper(&mut self) -> Option<&mut Grouper> {
        self.groups.as_mut()
    }

    /// Adds the totals of later deals; `directory` names companies as both
    /// sides knew them.
    pub fn merge(&mut self, other: Totals, directory: &Directory) {
        self.tally.merge(&other.tally);
        for (mine, theirs) in [
            (&mut self.by_kind, other.by_kind),
            (&mut self.groups, other.groups),
        ] {
            if let (Some(mine), Some(theirs)) = (mine, theirs) {
                mine.merge(theirs, directory);
            }
        }
    }

    pub fn write(
        self,
        args: &TotalArgs,
        out: &mut dyn Write,
        output: &Output,
    ) -> std::io::Result<()> {
        match (args.by, self.groups) {
            (Some(by), Some(groups)) => {
                let (groups, rest) = group::split_top(groups.finish(), args.top);
                let grouped = Grouped {
                    by,
                    spread: args.spread,
                    chart: args.chart,
                    tally: self.tally,
                    groups,
                    rest,
                };
                grouped.write(out, output)
            }
            _ => {
                let by_kind = self.by_kind.map(Grouper::finish).unwrap_or_default();
                write_total(out, output, &self.tally, by_kind)
            }
        }
    }
}

fn write_total(
    out: &mut dyn Write,
    output: &Output,
    tally: &Tally,
    by_kind: Vec<Group>,
) -> std::io::Result<()> {
    let record = TotalRecord::from(tally);
    let header = ["deals", "disclosed", "undisclosed", "total_usd"];
    match output.format {
        Format::Json => render::write_json(out, &record),
        Format::Ndjson => render::write_ndjson(out, [record]),
        Format::Csv => render::write_csv(out, &header, [counts(tally)]),
        Format::Table | Format::Markdown => {
            let mut grid = Grid::new(["DEALS", "DISCLOSED", "UNDISCLOSED", "TOTAL"])
                .align_right(&[0, 1, 2, 3]);
            grid.row(
                counts(tally)
                    .into_iter()
                    .take(3)
                    .map(Text::from)
                    .chain([total_text(tally)])
                    .collect(),
            );
            grid.notes = notes(tally, &by_kind);
            render::write_grid(out, output, &grid)
        }
    }
}

/// Deals, disclosed, undisclosed and the exact total, as text.
fn counts(tally: &Tally) -> [String; 4] {
    [
        tally.deals.to_string(),
        tally.disclosed.to_string(),
        tally.undisclosed().to_string(),
        tally.total_usd.to_string(),
    ]
}

/// `$38B`, or a dash when nothing was disclosed: an empty sum is not zero
/// dollars.
fn total_text(tally: &Tally) -> Text {
    if tally.disclosed == 0 {
        Text::missing()
    } else {
        Text::dollars(tally.total_usd)
    }
}

/// What the total is made of: the sum of disclosed values only, and, when
/// kinds are mixed, how much of it is which kind.
fn notes(tally: &Tally, by_kind: &[Group]) -> Vec<String> {
    let mut notes = Vec::new();
    if tally.undisclosed() > 0 {
        let n = tally.undisclosed() as usize;
        notes.push(format!(
            "The total adds disclosed values only; {n} {} not disclosed and {} not counted.",
            plural(n, "deal's value was", "deals' values were"),
            plural(n, "is", "are")
        ));
    }
    if by_kind.len() > 1 {
        notes.push("Of which, by kind:".to_string());
        let labels: Vec<String> = by_kind.iter().map(|g| key_label(&g.key)).collect();
        let width = labels.iter().map(|k| k.chars().count()).max().unwrap_or(0);
        for (group, label) in by_kind.iter().zip(&labels) {
            let undisclosed = match group.tally.undisclosed() {
                0 => String::new(),
                n => format!(", {n} undisclosed"),
            };
            notes.push(format!(
                "  {label:<width$}  {:>9}  ({} {}{undisclosed})",
                group.tally.human_total(),
                group.tally.deals,
                plural(group.tally.deals as usize, "deal", "deals"),
            ));
        }
        if by_kind
            .iter()
            .any(|g| g.key == Key::Name(crate::model::INVESTMENT_KIND.into()))
        {
            notes.push(
                "Equity investments are not purchases of compute; add --kind to total one kind."
                    .to_string(),
            );
        }
    }
    notes
}

fn key_label(key: &Key) -> String {
    match key {
        Key::Missing => "(none)".to_string(),
        key => key.to_string(),
    }
}

/// A grouped total, ready to write.
struct Grouped {
    by: GroupBy,
    spread: bool,
    chart: bool,
    tally: Tally,
    groups: Vec<Group>,
    rest: Option<Rest>,
}

/// The JSON shape of a grouped total.
#[derive(Serialize)]
struct GroupedRecord<'a> {
    by: &'static str,
    spread: bool,
    #[serde(flatten)]
    total: TotalRecord,
    groups: Vec<GroupRecord<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rest: Option<RestRecord>,
}

#[derive(Serialize)]
struct GroupRecord<'a> {
    key: &'a Key,
    #[serde(flatten)]
    total: TotalRecord,
    #[serde(skip_serializing_if = "Option::is_none")]
    no_term: Option<u64>,
}

/// A group on a line of its own, for NDJSON.
#[derive(Serialize)]
struct GroupLine<'a> {
    by: &'static str,
    key: Option<&'a Key>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    rest: bool,
    #[serde(flatten)]
    total: TotalRecord,
    #[serde(skip_serializing_if = "Option::is_none")]
    no_term: Option<u64>,
}

#[derive(Serialize)]
struct RestRecord {
    groups: usize,
    #[serde(flatten)]
    total: TotalRecord,
    #[serde(skip_serializing_if = "Option::is_none")]
    no_term: Option<u64>,
}

impl Grouped {
    fn write(&self, out: &mut dyn Write, output: &Output) -> std::io::Result<()> {
        match output.format {
            Format::Json => render::write_json(out, &self.record()),
            Format::Ndjson => render::write_ndjson(out, self.rows()),
            Format::Csv => self.write_csv(out),
            Format::Table | Format::Markdown => render::write_grid(out, output, &self.grid()),
        }
    }

    fn no_term(&self, count: u64) -> Option<u64> {
        self.spread.then_some(count)
    }

    fn record(&self) -> GroupedRecord<'_> {
        GroupedRecord {
            by: self.by.name(),
            spread: self.spread,
            total: TotalRecord::from(&self.tally),
            groups: self
                .groups
                .iter()
                .map(|g| GroupRecord {
                    key: &g.key,
                    total: TotalRecord::from(&g.tally),
                    no_term: self.no_term(g.no_term),
                })
                .collect(),
            rest: self.rest.as_ref().map(|r| RestRecord {
                groups: r.groups,
                total: TotalRecord::from(&r.tally),
                no_term: self.no_term(r.no_term),
            }),
        }
    }

    /// One object per group for NDJSON; what `--top` left out comes last,
    /// with a null key and `"rest": true`.
    fn rows(&self) -> Vec<GroupLine<'_>> {
        let mut rows: Vec<GroupLine<'_>> = self
            .groups
            .iter()
            .map(|g| self.line(Some(&g.key), &g.tally, g.no_term))
            .collect();
        if let Some(rest) = &self.rest {
            let mut line = self.line(None, &rest.tally, rest.no_term);
            line.rest = true;
            rows.push(line);
        }
        rows
    }

    fn line<'g>(&self, key: Option<&'g Key>, tally: &Tally, no_term: u64) -> GroupLine<'g> {
        GroupLine {
            by: self.by.name(),
            key,
            rest: false,
            total: TotalRecord::from(tally),
            no_term: self.no_term(no_term),
        }
    }

    fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut header = vec!["key", "deals", "disclosed", "undisclosed", "total_usd"];
        if self.spread {
            header.push("no_term");
        }
        let mut rows: Vec<Vec<String>> = self
            .groups
            .iter()
            .map(|g| self.csv_row(g.key.to_string(), &g.tally, g.no_term))
            .collect();
        if let Some(rest) = &self.rest {
            rows.push(self.csv_row(rest_label(rest), &rest.tally, rest.no_term));
        }
        render::write_csv(out, &header, rows)
    }

    fn csv_row(&self, key: String, tally: &Tally, no_term: u64) -> Vec<String> {
        let mut row = vec![key];
        row.extend(counts(tally));
        if self.spread {
            row.push(no_term.to_string());
        }
        row
    }

    fn grid(&self) -> Grid {
        let mut labels = vec![
            self.by.name().to_uppercase(),
            "DEALS".into(),
            "DISCLOSED".into(),
            "UNDISCLOSED".into(),
            "TOTAL".into(),
            "SHARE".into(),
        ];
        if self.spread {
            labels.push("NO TERM".into());
        }
        if self.chart {
            labels.push(String::new());
        }
        let numeric: Vec<usize> = (1..labels.len())
            .filter(|&i| !labels[i].is_empty())
            .collect();
        let mut grid = Grid::new(labels)
            .align_right(&numeric)
            .when_empty("No deals match.");
        let largest = self
            .groups
            .iter()
            .map(|g| g.tally.total_usd)
            .max()
            .unwrap_or(0);
        for group in &self.groups {
            let key = match &group.key {
                Key::Missing => Text::missing(),
                key => Text::new(&key.to_string()),
            };
            grid.row(self.grid_row(key, &group.tally, group.no_term, Some(largest)));
        }
        if let Some(rest) = &self.rest {
            let key = Text::new(&rest_label(rest)).dim();
            grid.row(self.grid_row(key, &rest.tally, rest.no_term, None));
        }
        if !self.groups.is_empty() {
            let total = self.grid_row(Text::new("Total").bold(), &self.tally, 0, None);
            grid.row(total.into_iter().map(Text::bold).collect());
        }
        grid.notes = self.notes();
        grid
    }

    fn grid_row(&self, key: Text, tally: &Tally, no_term: u64, largest: Option<u128>) -> Vec<Text> {
        let mut row = vec![key];
        row.extend(counts(tally).into_iter().take(3).map(Text::from));
        row.push(total_text(tally));
        row.push(if tally.disclosed == 0 {
            Text::missing()
        } else {
            Text::new(&share(tally.total_usd, self.tally.total_usd))
        });
        if self.spread {
            let flag = if no_term == 0 {
                String::new()
            } else {
                no_term.to_string()
            };
            row.push(Text::new(&flag));
        }
        if self.chart {
            row.push(match largest {
                Some(max) => Text::bar(tally.total_usd, max),
                None => Text::new(""),
            });
        }
        row
    }

    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.by == GroupBy::Party {
            notes.push(
                "Each deal counts once for its buyer and once for its seller, so the groups add up to more than the total."
                    .to_string(),
            );
        }
        if self.spread {
            notes.push(
                "Each disclosed value is spread evenly over its term from its start year (or the year announced); a deal counts in every year it spans."
                    .to_string(),
            );
            let whole: u64 = self.groups.iter().map(|g| g.no_term).sum::<u64>()
                + self.rest.as_ref().map_or(0, |r| r.no_term);
            if whole > 0 {
                notes.push(if whole == 1 {
                    "NO TERM: 1 deal without a term is counted whole in its start year.".to_string()
                } else {
                    format!("NO TERM: {whole} deals without a term are counted whole in their start year.")
                });
            }
        }
        if self.tally.undisclosed() > 0 {
            notes
                .push("TOTAL adds disclosed values only; UNDISCLOSED counts the rest.".to_string());
        }
        notes
    }
}

/// `(12 others)`: the label of what `--top` left out.
fn rest_label(rest: &Rest) -> String {
    format!(
        "({} {})",
        rest.groups,
        plural(rest.groups, "other", "others")
    )
}

/// A group's share of the grand total, to a tenth of a percent, rounded.
fn share(part: u128, whole: u128) -> String {
    if whole == 0 {
        return "—".to_string();
    }
    let tenths = (part.saturating_mul(1000) + whole / 2) / whole;
    format!("{}.{}%", tenths / 10, tenths % 10)
}
