//! `deals cycles`: money that goes round. Every cycle of the money graph
//! of the matched deals (A pays B and B pays A; A → B → C → A), with the
//! deals and the disclosed money on each step; largest smallest step
//! first. The search is bounded (see `cycles`), and says when it stopped
//! early.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::Context;
use crate::cli::CyclesArgs;
use crate::cycles::{self, Cycle, Cycles, DEFAULT_CAP, MAX_DEALS_PER_STEP, Stop, steps_deals};
use crate::date::Date;
use crate::graph::DealRef;
use crate::graph::Graph;
use crate::query::coverage_note;
use crate::render::{self, Format, Grid, Output, Text, json};

use super::graph::{build, left_out_note};
use super::list::plural;

pub fn run(args: &CyclesArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let spec = args.filters.spec().adding_up();
    let filter = ctx.filter_spec(&spec)?;
    let graph = build(ctx.deals(), &filter, &ctx.directory);
    let caveats = Vec::from_iter(coverage_note(&spec, ctx.loaded.dataset.coverage.as_ref()));
    write(&graph, args.max_length, &ctx.output, out, &caveats)?;
    Ok(())
}

/// Finds the graph's cycles and writes them in the output's format; a
/// table ends with the `caveats` (where the data ends).
pub fn write(
    graph: &Graph,
    max_length: usize,
    output: &Output,
    out: &mut dyn Write,
    caveats: &[String],
) -> io::Result<()> {
    let cycles = cycles::find(graph, max_length, DEFAULT_CAP);
    let shown = steps_deals(graph, &cycles, MAX_DEALS_PER_STEP);
    let found = Found {
        graph,
        cycles,
        shown,
    };
    match output.format {
        Format::Json => write_json(&found, out),
        Format::Ndjson => {
            warn_if_stopped(&found.cycles);
            render::write_ndjson(out, found.cycles.cycles.iter().map(|c| cycle(&found, c)))
        }
        Format::Csv => {
            warn_if_stopped(&found.cycles);
            write_csv(&found, out)
        }
        Format::Table | Format::Markdown => {
            let mut grid = grid(&found, output);
            grid.caveats = caveats.to_vec();
            render::write_grid(out, output, &grid)
        }
    }
}

/// The answer as one pretty-printed JSON document: `{"cycles": [...],
/// "max_length", "complete", "stopped", "left_out"}`, exactly as
/// serde_json would print it, the cycles (ten thousand, at most) rendered
/// on every core.
fn write_json(found: &Found, out: &mut dyn Write) -> io::Result<()> {
    let cycles = &found.cycles;
    out.write_all(b"{\n  \"cycles\": ")?;
    if cycles.cycles.is_empty() {
        out.write_all(b"[]")?;
    } else {
        out.write_all(b"[\n")?;
        let steps = StepTexts::new(found);
        let size = |cycle: &Cycle| 200 + 2000 * cycle.len();
        render::write_rendered(out, &cycles.cycles, b",\n", size, |c, text| {
            cycle_json(found, &steps, c, text);
        })?;
        out.write_all(b"\n  ]")?;
    }
    let stopped = serde_json::to_vec_pretty(&stop_record(cycles.stopped))?;
    write!(
        out,
        ",\n  \"max_length\": {},\n  \"complete\": {},\n  \"stopped\": ",
        cycles.max_length,
        cycles.stopped.is_none()
    )?;
    out.write_all(&render::indent(&stopped, b"  ", false))?;
    writeln!(out, ",\n  \"left_out\": {}\n}}", found.graph.left_out)
}

/// Each step's JSON, written once for all the cycles it is a step of (a
/// large edge is a step of thousands), as long as they take little memory;
/// the others are written where they come.
struct StepTexts(HashMap<usize, Vec<u8>>);

impl StepTexts {
    /// Most that the texts may take.
    const BUDGET: usize = 8 << 20;

    fn new(found: &Found) -> StepTexts {
        let mut texts = HashMap::new();
        let mut size = 0;
        for &edge in found.shown.keys() {
            let mut text = Vec::new();
            step_json(found, edge, &mut text);
            size += text.len();
            if size > StepTexts::BUDGET {
                break;
            }
            texts.insert(edge, text);
        }
        StepTexts(texts)
    }
}

/// A cycle as an element of the document's `cycles`, exactly as
/// serde_json's pretty printer would write its [`CycleRecord`]: by hand,
/// because ten thousand cycles of four steps of ten deals make 80 MB.
fn cycle_json(found: &Found, steps: &StepTexts, cycle: &Cycle, text: &mut Vec<u8>) {
    let graph = found.graph;
    text.extend_from_slice(b"    {\n      \"companies\": [");
    for (i, &node) in cycle.nodes.iter().enumerate() {
        text.extend_from_slice(if i == 0 {
            b"\n        "
        } else {
            b",\n        "
        });
        json::string(text, &graph.nodes[node].name);
    }
    text.extend_from_slice(if cycle.nodes.is_empty() {
        b"]"
    } else {
        b"\n      ]"
    });
    text.extend_from_slice(b",\n      \"length\": ");
    json::number(text, cycle.len() as u64);
    text.extend_from_slice(b",\n      \"smallest_step_usd\": ");
    json::optional(text, cycle.smallest_step(graph));
    text.extend_from_slice(b",\n      \"steps\": [");
    for (i, &edge) in cycle.edges.iter().enumerate() {
        text.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        match steps.0.get(&edge) {
            Some(step) => text.extend_from_slice(step),
            None => step_json(found, edge, text),
        }
    }
    text.extend_from_slice(if cycle.edges.is_empty() {
        b"]"
    } else {
        b"\n      ]"
    });
    text.extend_from_slice(b"\n    }");
}

/// A step of a cycle, as an element of its `steps` (see [`cycle_json`]).
fn step_json(found: &Found, e: usize, text: &mut Vec<u8>) {
    let graph = found.graph;
    let edge = &graph.edges[e];
    let tally = edge.tally();
    let (deals, more) = found.step_deals(e);
    text.extend_from_slice(b"        {\n          \"payer\": ");
    json::string(text, &graph.nodes[edge.payer()].name);
    text.extend_from_slice(b",\n          \"provider\": ");
    json::string(text, &graph.nodes[edge.provider()].name);
    text.extend_from_slice(b",\n          \"total_usd\": ");
    json::wide_number(text, tally.total_usd);
    text.extend_from_slice(b",\n          \"disclosed\": ");
    json::number(text, tally.disclosed);
    text.extend_from_slice(b",\n          \"undisclosed\": ");
    json::number(text, tally.undisclosed());
    text.extend_from_slice(b",\n          \"deals\": [");
    for (i, deal) in deals.iter().enumerate() {
        text.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        text.extend_from_slice(b"            {\n              \"id\": ");
        json::string(text, deal.id);
        text.extend_from_slice(b",\n              \"announced\": \"");
        json::date(text, deal.announced);
        text.extend_from_slice(b"\",\n              \"kind\": ");
        match deal.kind {
            Some(kind) => json::string(text, kind),
            None => text.extend_from_slice(b"null"),
        }
        text.extend_from_slice(b",\n              \"value_usd\": ");
        json::optional(text, deal.value_usd.map(|v| u128::from(v.0)));
        text.extend_from_slice(b"\n            }");
    }
    text.extend_from_slice(if deals.is_empty() {
        b"]"
    } else {
        b"\n          ]"
    });
    text.extend_from_slice(b",\n          \"more_deals\": ");
    json::number(text, more as u64);
    text.extend_from_slice(b"\n        }");
}

fn stop_record(stop: Option<Stop>) -> Option<StopRecord> {
    stop.map(|stop| match stop {
        Stop::Cycles(cap) => StopRecord {
            after: "cycles",
            limit: cap as u64,
        },
        Stop::Steps(steps) => StopRecord {
            after: "steps",
            limit: steps,
        },
    })
}

/// The cycles found, and the deals shown on their steps, by edge.
struct Found<'g> {
    graph: &'g Graph,
    cycles: Cycles,
    shown: HashMap<usize, (Vec<DealRef<'g>>, usize)>,
}

impl<'g> Found<'g> {
    /// The deals shown on the step along `edge`, and how many more it has.
    fn step_deals(&self, edge: usize) -> (&[DealRef<'g>], usize) {
        self.shown
            .get(&edge)
            .map_or((&[][..], 0), |(deals, more)| (deals.as_slice(), *more))
    }
}

/// Formats with one record per line have no place for a note: say it on
/// standard error.
fn warn_if_stopped(found: &Cycles) {
    if let Some(stop) = found.stopped {
        crate::warn(&stopped_note(stop));
    }
}

fn stopped_note(stop: Stop) -> String {
    match stop {
        Stop::Cycles(cap) => format!(
            "The search stopped after {} cycles: there are more. Those shown have the largest smallest steps; narrow the deals with filters, or lower --max-length.",
            thousands(cap as u64)
        ),
        Stop::Steps(steps) => format!(
            "The search stopped after {} steps: there may be more cycles. Those shown have the largest smallest steps; narrow the deals with filters, or lower --max-length.",
            thousands(steps)
        ),
    }
}

/// `10,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut text = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(c);
    }
    text
}

#[derive(Serialize)]
struct StopRecord {
    /// `cycles` (the cap on cycles) or `steps` (the budget of search).
    after: &'static str,
    limit: u64,
}

#[derive(Serialize)]
struct CycleRecord<'g> {
    /// From the first by name; each pays the next, the last the first.
    companies: Vec<&'g str>,
    length: usize,
    /// The disclosed money on the smallest step; null when a step
    /// disclosed none.
    smallest_step_usd: Option<u128>,
    steps: Vec<StepRecord<'g>>,
}

/// A step, with its largest deals (see `cycles::step_deals`) and how many
/// more it has.
#[derive(Serialize)]
struct StepRecord<'g> {
    payer: &'g str,
    provider: &'g str,
    total_usd: u128,
    disclosed: u64,
    undisclosed: u64,
    deals: Vec<DealRecord<'g>>,
    /// Deals on the step not listed.
    more_deals: usize,
}

#[derive(Serialize)]
struct DealRecord<'g> {
    id: &'g str,
    announced: Date,
    kind: Option<&'g str>,
    value_usd: Option<u64>,
}

fn cycle<'g>(found: &Found<'g>, cycle: &Cycle) -> CycleRecord<'g> {
    let graph = found.graph;
    CycleRecord {
        companies: cycle
            .nodes
            .iter()
            .map(|&n| graph.nodes[n].name.as_str())
            .collect(),
        length: cycle.len(),
        smallest_step_usd: cycle.smallest_step(graph),
        steps: cycle.edges.iter().map(|&e| step(found, e)).collect(),
    }
}

fn step<'g>(found: &Found<'g>, e: usize) -> StepRecord<'g> {
    let graph = found.graph;
    let edge = &graph.edges[e];
    let (deals, more_deals) = found.step_deals(e);
    StepRecord {
        payer: &graph.nodes[edge.payer()].name,
        provider: &graph.nodes[edge.provider()].name,
        total_usd: edge.total_usd(),
        disclosed: edge.tally().disclosed,
        undisclosed: edge.tally().undisclosed(),
        deals: deals
            .iter()
            .map(|d| DealRecord {
                id: d.id,
                announced: d.announced,
                kind: d.kind,
                value_usd: d.value_usd.map(|v| v.0),
            })
            .collect(),
        more_deals,
    }
}

fn write_csv(found: &Found, out: &mut dyn Write) -> io::Result<()> {
    let graph = found.graph;
    let header = [
        "cycle",
        "step",
        "payer",
        "provider",
        "step_total_usd",
        "id",
        "announced",
        "kind",
        "value_usd",
    ];
    let mut rows = Vec::new();
    for (number, cycle) in found.cycles.cycles.iter().enumerate() {
        for (place, &e) in cycle.edges.iter().enumerate() {
            let edge = &graph.edges[e];
            for deal in found.step_deals(e).0 {
                rows.push(vec![
                    (number + 1).to_string(),
                    (place + 1).to_string(),
                    graph.nodes[edge.payer()].name.clone(),
                    graph.nodes[edge.provider()].name.clone(),
                    edge.total_usd().to_string(),
                    deal.id.to_string(),
                    deal.announced.to_string(),
                    render::csv_optional(deal.kind),
                    render::csv_optional(deal.value_usd.map(|v| v.0)),
                ]);
            }
        }
    }
    render::write_csv(out, &header, rows)
}

fn grid(all: &Found, output: &Output) -> Grid {
    let (graph, found) = (all.graph, &all.cycles);
    let arrow = if output.unicode { "→" } else { "->" };
    let mut grid = Grid::new([
        "CYCLE",
        "STEP",
        "MONEY",
        "DEAL",
        "ANNOUNCED",
        "KIND",
        "VALUE",
    ])
    .align_right(&[0, 2, 6])
    .when_empty(&format!(
        "No money goes round in the matched deals (in cycles of up to {} steps).",
        found.max_length
    ));
    for (number, cycle) in found.cycles.iter().enumerate() {
        for (place, &e) in cycle.edges.iter().enumerate() {
            let edge = &graph.edges[e];
            let (deals, more) = all.step_deals(e);
            for (index, deal) in deals.iter().enumerate() {
                let first_of_step = index == 0;
                let first_of_cycle = first_of_step && place == 0;
                let step = format!(
                    "{} {arrow} {}",
                    graph.nodes[edge.payer()].name,
                    graph.nodes[edge.provider()].name
                );
                grid.row(vec![
                    Text::new(&if first_of_cycle {
                        (number + 1).to_string()
                    } else {
                        String::new()
                    }),
                    if first_of_step {
                        Text::new(&step)
                    } else {
                        Text::new("")
                    },
                    match (first_of_step, edge.tally().disclosed) {
                        (false, _) => Text::new(""),
                        (true, 0) => Text::missing(),
                        (true, _) => Text::dollars(edge.total_usd()),
                    },
                    Text::new(deal.id),
                    Text::new(&deal.announced.to_string()),
                    Text::optional(deal.kind),
                    Text::amount(deal.value_usd),
                ]);
            }
            if more > 0 {
                let blank = || Text::new("");
                let note = format!("({more} more {})", plural(more, "deal", "deals"));
                grid.row(vec![
                    blank(),
                    blank(),
                    blank(),
                    Text::new(&note).dim(),
                    blank(),
                    blank(),
                    blank(),
                ]);
            }
        }
    }
    grid.fit = render::grid::Fit {
        whole: vec![0, 2, 3, 4, 6],
        droppable: vec![5, 4],
        ..render::grid::Fit::default()
    };
    if !found.cycles.is_empty() {
        let n = found.cycles.len();
        grid.note(format!(
            "{n} {} of money of up to {} steps: on each, every company pays the next (buyer {arrow} seller) and the last pays the first.",
            plural(n, "cycle", "cycles"),
            found.max_length
        ));
        grid.note(format!(
            "MONEY is the disclosed total of each step; the cycles with the largest smallest step come first. A step lists its {MAX_DEALS_PER_STEP} largest deals at most."
        ));
    }
    if let Some(stop) = found.stopped {
        grid.note(stopped_note(stop));
    }
    if let Some(note) = left_out_note(graph.left_out) {
        grid.note(note);
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{DealRef, GraphBuilder};
    use crate::money::Usd;
    use serde::Serializer;

    /// A sequence written from an iterator made afresh each time.
    struct Each<F>(F);

    impl<F, I> Serialize for Each<F>
    where
        F: Fn() -> I,
        I: Iterator,
        I::Item: Serialize,
    {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq((self.0)())
        }
    }

    /// The JSON shape of the answer: the cycles, the longest length searched
    /// for, whether the search was complete (and if not, why it stopped), and
    /// how many deals were left out for being superseded or cancelled. Cycles
    /// are written as they are made, not collected: there can be ten thousand.
    struct CyclesRecord<'a, 'g>(&'a Found<'g>);

    impl Serialize for CyclesRecord<'_, '_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            let (all, graph, found) = (self.0, self.0.graph, &self.0.cycles);
            let mut record = serializer.serialize_struct("Cycles", 5)?;
            record.serialize_field(
                "cycles",
                &Each(|| found.cycles.iter().map(|c| cycle(all, c))),
            )?;
            record.serialize_field("max_length", &found.max_length)?;
            record.serialize_field("complete", &found.stopped.is_none())?;
            record.serialize_field("stopped", &stop_record(found.stopped))?;
            record.serialize_field("left_out", &graph.left_out)?;
            record.end()
        }
    }

    #[test]
    fn the_written_json_is_what_serde_json_would_write() {
        let mut builder = GraphBuilder::default();
        let day = "2025-01-01".parse().unwrap();
        let names: Vec<String> = (0..40).map(|i| format!("c{i}\"")).collect();
        for a in 0..40 {
            for b in 0..40 {
                if a != b && (a + b) % 3 != 0 {
                    let id = format!("{a}-{b}");
                    let deal = DealRef {
                        id: &id,
                        announced: day,
                        kind: (a % 2 == 0).then_some("k"),
                        value_usd: (b % 5 != 0).then_some(Usd(1 + a as u64 * 7 + b as u64)),
                    };
                    builder.add_named(&names[a], &names[b], deal);
                }
            }
        }
        builder.left_out = 2;
        let graph = builder.finish();
        for (length, cap) in [(4, 10_000), (3, 5), (2, 0)] {
            let cycles = cycles::find(&graph, length, cap);
            let shown = steps_deals(&graph, &cycles, MAX_DEALS_PER_STEP);
            let found = Found {
                graph: &graph,
                cycles,
                shown,
            };
            let mut written = Vec::new();
            write_json(&found, &mut written).unwrap();
            let expected = serde_json::to_string_pretty(&CyclesRecord(&found)).unwrap() + "\n";
            assert_eq!(
                String::from_utf8(written).unwrap(),
                expected,
                "{length} {cap}"
            );
        }
    }
}
