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

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use crate::Context;
use crate::cli::ReportArgs;
use crate::cycles::{self, DEFAULT_CAP, DEFAULT_MAX_LENGTH, Stop, step_deals};
use crate::error::{Failure, UsageError};
use crate::graph::{Graph, GraphBuilder};
use crate::group::{self, GroupBy, Grouper};
use crate::model::{Deal, Fact};
use crate::money::Tally;
use crate::names::Directory;
use crate::query::{Filter, FilterSpec, SortKey, coverage_note, sort_deals};
use crate::render::html::{
    self, Chart, CycleList, CycleShown, Report, StepDeal, StepShown, thousands,
};
use crate::render::{Format, svg};

use super::graph::caption;
use super::list::plural;
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
    (GroupBy::Quarter, "By quarter announced", None),
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
    let mut graph = GraphBuilder::default();
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
            graph.add(deal, &ctx.directory);
        } else if counted.leaves_out(deal) {
            caveats.add_left_out(deal);
            graph.left_out += 1;
        }
    }
    let matched = rows.len();
    let graph = graph.finish();
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
    let picture = picture(&graph, ctx, &counted, &spec);
    let mut notes = caveats.notes();
    notes.extend(coverage_note(&spec, dataset.coverage.as_ref()));
    let report = Report {
        filters: spec.describe(),
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
        graph_svg: Some(picture.svg),
        graph_notes: picture.notes,
        cycles: Some(cycle_list(&graph)),
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

/// The most cycles the page lists, and deals it names on one step of a
/// cycle: `deals cycles` lists them all.
const CYCLES_SHOWN: usize = 25;
const DEALS_PER_STEP: usize = 5;

/// A graph of more companies than this is drawn with the
/// [`GRAPH_COMPANIES`] companies with the most money only: a picture of
/// thousands of companies and hundreds of thousands of lines is megabytes
/// that no one can read.
const GRAPH_COMPANIES_ALL: usize = 80;
const GRAPH_COMPANIES: usize = 30;

/// The money graph as the page draws it, and what the page says under it.
struct Picture {
    svg: String,
    notes: Vec<String>,
}

/// Draws the graph of the counted deals, or, when it has more than
/// [`GRAPH_COMPANIES_ALL`] companies, the graph of the deals between the
/// [`GRAPH_COMPANIES`] companies with the most disclosed money.
fn picture(graph: &Graph, ctx: &Context, counted: &Filter, spec: &FilterSpec) -> Picture {
    let dataset = &ctx.loaded.dataset;
    let mut caption = caption(spec, dataset);
    let whole = format!(
        "{} {} and {} {} of money between them",
        thousands(graph.nodes.len() as u128),
        plural(graph.nodes.len(), "company", "companies"),
        thousands(graph.edges.len() as u128),
        plural(graph.edges.len(), "line", "lines"),
    );
    if graph.nodes.len() <= GRAPH_COMPANIES_ALL {
        return Picture {
            svg: svg::graph(graph, &caption),
            notes: vec![format!(
                "{whole}; the same picture as deals graph --format svg draws for these filters."
            )],
        };
    }
    let keep = largest_companies(graph, GRAPH_COMPANIES);
    let mut part = GraphBuilder::default();
    part.left_out = graph.left_out;
    let directory = &ctx.directory;
    for deal in ctx.deals() {
        if counted.matches(deal)
            && keep.contains(directory.canonical(&deal.buyer))
            && keep.contains(directory.canonical(&deal.seller))
        {
            part.add(deal, directory);
        }
    }
    let part = part.finish();
    caption.title =
        format!("Who pays whom: the {GRAPH_COMPANIES} companies with the most disclosed money");
    Picture {
        svg: svg::graph(&part, &caption),
        notes: vec![format!(
            "The matched deals join {whole}, too many to draw: the picture shows the {GRAPH_COMPANIES} companies that paid and were paid the most disclosed money, and the {} {} between them. deals graph draws them all (--format svg for the picture), and every total above counts them all.",
            thousands(part.edges.len() as u128),
            plural(part.edges.len(), "line", "lines"),
        )],
    }
}

/// The names of the `n` companies that paid and were paid the most
/// disclosed money (ties by deals, then by name).
fn largest_companies(graph: &Graph, n: usize) -> HashSet<&str> {
    let mut money = vec![(0u128, 0u64); graph.nodes.len()];
    for edge in &graph.edges {
        let tally = edge.tally();
        for node in [edge.payer(), edge.provider()] {
            money[node].0 += tally.total_usd;
            money[node].1 += tally.deals;
        }
    }
    let mut order: Vec<usize> = (0..graph.nodes.len()).collect();
    order.sort_by(|&a, &b| {
        money[b]
            .cmp(&money[a])
            .then_with(|| graph.nodes[a].name.cmp(&graph.nodes[b].name))
    });
    order
        .into_iter()
        .take(n)
        .map(|node| graph.nodes[node].name.as_str())
        .collect()
}

/// The cycles of money in the graph, as `deals cycles` finds them, the
/// first [`CYCLES_SHOWN`] of them with the largest deals of each step.
fn cycle_list(graph: &Graph) -> CycleList {
    let found = cycles::find(graph, DEFAULT_MAX_LENGTH, DEFAULT_CAP);
    let name = |node: usize| graph.nodes[node].name.clone();
    let cycles = found
        .cycles
        .iter()
        .take(CYCLES_SHOWN)
        .map(|cycle| CycleShown {
            companies: cycle.nodes.iter().map(|&n| name(n)).collect(),
            smallest: cycle.smallest_step(graph),
            steps: cycle
                .edges
                .iter()
                .map(|&e| {
                    let edge = &graph.edges[e];
                    let (deals, _) = step_deals(graph, edge, DEALS_PER_STEP);
                    StepShown {
                        payer: name(edge.payer()),
                        provider: name(edge.provider()),
                        tally: edge.tally(),
                        deals: deals
                            .iter()
                            .map(|d| StepDeal {
                                id: d.id.to_string(),
                                announced: d.announced,
                                kind: d.kind.map(str::to_string),
                                value_usd: d.value_usd.map(|v| v.0),
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    CycleList {
        cycles,
        max_length: found.max_length,
        more: found.cycles.len().saturating_sub(CYCLES_SHOWN),
        stopped: found.stopped.map(|stop| match stop {
            Stop::Cycles(cap) => format!(
                "The search stopped after {cap} cycles: there are more. Narrow the deals with filters to see them all."
            ),
            Stop::Steps(steps) => format!(
                "The search stopped after {steps} steps: there may be more cycles. Narrow the deals with filters to see them all."
            ),
        }),
    }
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
