//! `deals report`: one self-contained HTML page about the matched deals:
//! the headline figures, totals by buyer, seller, kind and quarter with
//! bar charts, the money graph and its cycles, the table of deals with
//! their sources, and the facts.
//!
//! The totals are counted exactly as `deals total --by` counts them (the
//! same [`Grouper`], the same rule of leaving out superseded and cancelled
//! deals unless `--status` asks for them), over every matched deal; only
//! the table is cut to `--limit` rows, largest disclosed value first. The
//! page itself is drawn by [`crate::render::html`].

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use crate::Context;
use crate::cli::ReportArgs;
use crate::error::{Failure, UsageError};
use crate::group::{self, GroupBy, Grouper};
use crate::model::{Deal, Fact};
use crate::money::Tally;
use crate::names::Directory;
use crate::query::{FilterSpec, SortKey, coverage_note, sort_deals};
use crate::render::Format;
use crate::render::html::{self, Chart, Report};

use super::total::Caveats;

/// How many companies the buyer and seller charts show before they add up
/// the rest in one row.
pub const TOP_COMPANIES: usize = 15;

/// The charts of a report: what each groups by, its title, and how many
/// groups it shows before it adds up the rest.
const CHARTS: [(GroupBy, &str, Option<usize>); 4] = [
    (GroupBy::Buyer, "By buyer (who pays)", Some(TOP_COMPANIES)),
    (
        GroupBy::Seller,
        "By seller (who provides)",
        Some(TOP_COMPANIES),
    ),
    (GroupBy::Kind, "By kind", None),
    // Until `total --by quarter` lands (branch issue10-graph), by year.
    (GroupBy::Year, "By year announced", None),
];

pub fn run(args: &ReportArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    check_format(ctx.output.format)?;
    let spec = args.filters.spec();
    let listed = ctx.filter_spec(&spec)?;
    let counted = ctx.filter_spec(&spec.clone().adding_up())?;

    let mut tally = Tally::default();
    let mut caveats = Caveats::default();
    let mut groupers: Vec<Grouper> = CHARTS
        .iter()
        .map(|(by, _, _)| Grouper::new(*by, false))
        .collect();
    let mut rows: Vec<&Deal> = Vec::new();
    let mut parties = Parties::new(&ctx.directory, spec != FilterSpec::default());
    for deal in ctx.deals() {
        if listed.matches(deal) {
            rows.push(deal);
            parties.add(deal);
        }
        if counted.matches(deal) {
            tally.add(deal.value_usd);
            caveats.add_counted(deal);
            for grouper in &mut groupers {
                grouper.add(deal, &ctx.directory);
            }
        } else if counted.leaves_out(deal) {
            caveats.add_left_out(deal);
        }
    }
    let matched = rows.len();
    let rows = largest_first(rows, args.limit);

    let charts = CHARTS
        .iter()
        .zip(groupers)
        .map(|((by, title, top), grouper)| {
            let (groups, rest) = group::split_top(grouper.finish(), *top);
            Chart {
                by: *by,
                title: title.to_string(),
                groups,
                rest,
            }
        })
        .collect();

    let dataset = &ctx.loaded.dataset;
    let mut notes = caveats.notes();
    notes.extend(coverage_note(&spec, dataset.coverage.as_ref()));
    let report = Report {
        filters: describe(&spec),
        as_of: dataset.as_of,
        coverage: dataset.coverage,
        matched,
        tally,
        leaves_out_replaced: counted.skips_replaced(),
        notes,
        charts,
        deals: &rows,
        limit: args.limit,
        facts: parties.facts(&dataset.facts),
        facts_filtered: parties.filtered(),
        // Until the money graph and its cycles land (branch issue10-graph).
        graph_svg: None,
        graph_notes: Vec::new(),
        cycles: None,
    };
    let page = html::render(&report).context("cannot draw the report")?;
    match &args.output {
        Some(path) => write_file(path, page.as_bytes())?,
        None => out.write_all(page.as_bytes())?,
    }
    Ok(())
}

/// A report is HTML; a data format asked for is a mistake worth saying.
fn check_format(format: Format) -> Result<(), UsageError> {
    if format == Format::Table {
        return Ok(());
    }
    Err(UsageError::new(
        "deals report writes one HTML page; --format and --json do not apply to it",
    )
    .with_hint(
        "deals total --by buyer --json, or deals list --format csv, give the same figures as data",
    ))
}

/// The `limit` deals with the largest disclosed values (undisclosed ones
/// last, ties by id), in that order: the deals a reader of a long table
/// looks for first.
fn largest_first(mut deals: Vec<&Deal>, limit: usize) -> Vec<&Deal> {
    sort_deals(&mut deals, SortKey::Value, true);
    deals.truncate(limit);
    deals
}

/// Writes the page to `path` whole, or fails saying where.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|err| {
        Failure::new(format!(
            "cannot write the report to {}: {err}",
            path.display()
        ))
        .with_hint("check that the directory exists and can be written to")
    })
}

/// The companies the matched deals involve, to choose the facts a
/// filtered report shows: those about these companies. Without filters
/// every fact is shown.
struct Parties<'d> {
    directory: &'d Directory,
    /// Directory positions met, or `None` when not filtering.
    met: Option<Vec<bool>>,
}

impl<'d> Parties<'d> {
    fn new(directory: &'d Directory, filtering: bool) -> Parties<'d> {
        Parties {
            directory,
            met: filtering.then(|| vec![false; directory.entries().len()]),
        }
    }

    fn add(&mut self, deal: &Deal) {
        let Some(met) = &mut self.met else { return };
        for name in [&deal.buyer, &deal.seller] {
            if let Some(at) = self.directory.position(name) {
                met[at] = true;
            }
        }
    }

    fn filtered(&self) -> bool {
        self.met.is_some()
    }

    fn facts<'f>(&self, facts: &'f [Fact]) -> Vec<&'f Fact> {
        facts
            .iter()
            .filter(|fact| match &self.met {
                None => true,
                Some(met) => self
                    .directory
                    .position(&fact.subject)
                    .is_some_and(|at| met[at]),
            })
            .collect()
    }
}

/// The filters as they would be typed. (A stand-in until
/// `FilterSpec::describe` lands with branch issue10-graph.)
fn describe(spec: &FilterSpec) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut flag = |name: &str, value: String| {
        let value = if value.is_empty() || value.contains(char::is_whitespace) {
            format!("\"{value}\"")
        } else {
            value
        };
        words.push(format!("--{name} {value}"));
    };
    for (name, values) in [
        ("buyer", &spec.buyers),
        ("seller", &spec.sellers),
        ("party", &spec.parties),
    ] {
        values.iter().for_each(|v| flag(name, v.clone()));
    }
    spec.years.iter().for_each(|y| flag("year", y.to_string()));
    if let Some(since) = spec.since {
        flag("since", since.to_string());
    }
    if let Some(until) = spec.until {
        flag("until", until.to_string());
    }
    if let Some(min) = spec.min {
        flag("min", min.human());
    }
    if let Some(max) = spec.max {
        flag("max", max.human());
    }
    for (name, values) in [
        ("kind", &spec.kinds),
        ("status", &spec.statuses),
        ("hardware", &spec.hardware),
        ("search", &spec.search),
    ] {
        values.iter().for_each(|v| flag(name, v.clone()));
    }
    if let Some(evidence) = spec.evidence {
        flag("evidence", evidence.to_string());
    }
    words.join(" ")
}
