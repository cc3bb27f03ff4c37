//! `deals graph`: who pays whom. One edge per payer and provider that the
//! matched deals connect, largest disclosed total first, as a table, as
//! data (JSON, NDJSON, CSV, Markdown), or as a picture (DOT, Mermaid, or
//! SVG drawn here). Like `total`, it adds up money, so it leaves out
//! superseded and cancelled deals unless `--status` asks for them, and
//! says how many.

use std::io::{self, Write};

use serde::{Serialize, Serializer};

use crate::Context;
use crate::cli::GraphArgs;
use crate::graph::{Edge, Graph, GraphBuilder};
use crate::model::{Category, Dataset, Deal};
use crate::names::Directory;
use crate::query::{Filter, FilterSpec};
use crate::render::picture::Caption;
use crate::render::{self, Format, Grid, Output, Picture, Text, dot, mermaid, svg};

use super::list::plural;
use super::total::TotalRecord;

pub fn run(args: &GraphArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let spec = args.filters.spec().adding_up();
    let filter = ctx.filter_spec(&spec)?;
    let graph = build(ctx.deals(), &filter, &ctx.directory);
    match ctx.output.picture {
        Some(picture) => {
            let caption = caption(&spec, &ctx.loaded.dataset);
            out.write_all(draw(picture, &graph, &caption).as_bytes())?;
        }
        None => write(&graph, &ctx.output, out)?,
    }
    Ok(())
}

/// The graph of the deals that pass `filter`, with a count of those it
/// left out for being superseded or cancelled.
pub fn build(deals: &[Deal], filter: &Filter, directory: &Directory) -> Graph {
    let mut builder = GraphBuilder::default();
    for deal in deals {
        if filter.matches(deal) {
            builder.add(deal, directory);
        } else if filter.leaves_out(deal) {
            builder.left_out += 1;
        }
    }
    builder.finish()
}

/// A picture's caption: the default title, the filters and the dataset's
/// dates.
pub fn caption(spec: &FilterSpec, dataset: &Dataset) -> Caption {
    Caption {
        title: String::new(),
        filters: spec.describe(),
        as_of: dataset.as_of,
        coverage: dataset.coverage,
    }
}

/// The graph drawn as `picture`.
pub fn draw(picture: Picture, graph: &Graph, caption: &Caption) -> String {
    match picture {
        Picture::Dot => dot::graph(graph, caption),
        Picture::Mermaid => mermaid::graph(graph, caption),
        Picture::Svg => svg::graph(graph, caption),
    }
}

/// The graph as data, in the output's format.
pub fn write(graph: &Graph, output: &Output, out: &mut dyn Write) -> io::Result<()> {
    match output.format {
        Format::Json => render::write_json(out, &GraphRecord::of(graph)),
        Format::Ndjson => render::write_ndjson(out, graph.edges.iter().map(|e| edge(graph, e))),
        Format::Csv => write_csv(graph, out),
        Format::Table | Format::Markdown => render::write_grid(out, output, &grid(graph, output)),
    }
}

/// The JSON shape of a graph.
#[derive(Serialize)]
struct GraphRecord<'g> {
    nodes: Vec<NodeRecord<'g>>,
    edges: Vec<EdgeRecord<'g>>,
    /// Deals left out for being superseded or cancelled.
    left_out: u64,
}

#[derive(Serialize)]
struct NodeRecord<'g> {
    name: &'g str,
    category: Option<Category>,
}

/// One edge; `ids` are written straight from the graph, not collected.
#[derive(Serialize)]
struct EdgeRecord<'g> {
    payer: &'g str,
    provider: &'g str,
    #[serde(flatten)]
    total: TotalRecord,
    kinds: &'g [String],
    ids: Ids<'g>,
}

struct Ids<'g> {
    graph: &'g Graph,
    edge: &'g Edge,
}

impl Serialize for Ids<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.graph.deals(self.edge).map(|d| d.id))
    }
}

impl<'g> GraphRecord<'g> {
    fn of(graph: &'g Graph) -> GraphRecord<'g> {
        GraphRecord {
            nodes: graph
                .nodes
                .iter()
                .map(|n| NodeRecord {
                    name: &n.name,
                    category: n.category,
                })
                .collect(),
            edges: graph.edges.iter().map(|e| edge(graph, e)).collect(),
            left_out: graph.left_out,
        }
    }
}

fn edge<'g>(graph: &'g Graph, edge: &'g Edge) -> EdgeRecord<'g> {
    EdgeRecord {
        payer: &graph.nodes[edge.payer].name,
        provider: &graph.nodes[edge.provider].name,
        total: TotalRecord::from(&edge.tally),
        kinds: &edge.kinds,
        ids: Ids { graph, edge },
    }
}

fn write_csv(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    let header = [
        "payer",
        "provider",
        "deals",
        "disclosed",
        "undisclosed",
        "total_usd",
        "kinds",
        "ids",
    ];
    let rows = graph.edges.iter().map(|edge| {
        let tally = &edge.tally;
        vec![
            graph.nodes[edge.payer].name.clone(),
            graph.nodes[edge.provider].name.clone(),
            tally.deals.to_string(),
            tally.disclosed.to_string(),
            tally.undisclosed().to_string(),
            tally.total_usd.to_string(),
            render::csv_list(edge.kinds.iter().map(String::as_str)),
            render::csv_list(graph.deals(edge).map(|d| d.id)),
        ]
    });
    render::write_csv(out, &header, rows)
}

fn grid(graph: &Graph, output: &Output) -> Grid {
    let arrow = if output.unicode { "→" } else { "->" };
    let mut grid = Grid::new([
        format!("PAYER {arrow} PROVIDER"),
        "DEALS".into(),
        "DISCLOSED".into(),
        "UNDISCLOSED".into(),
        "TOTAL".into(),
        "KINDS".into(),
    ])
    .align_right(&[1, 2, 3, 4])
    .when_empty("No deals match.");
    for edge in &graph.edges {
        let pair = format!(
            "{} {arrow} {}",
            graph.nodes[edge.payer].name, graph.nodes[edge.provider].name
        );
        let mut row = vec![Text::new(&pair)];
        row.extend(counts(&edge.tally));
        row.push(Text::new(&edge.kinds.join(", ")));
        grid.row(row);
    }
    let tally = graph.tally();
    if !graph.edges.is_empty() {
        let mut total = vec![Text::new("Total").bold()];
        total.extend(counts(&tally).into_iter().map(Text::bold));
        total.push(Text::new(""));
        grid.row(total);
        grid.note(format!(
            "Money flows from the payer (buyer) to the provider (seller): {} {} between {} {}.",
            graph.edges.len(),
            plural(graph.edges.len(), "edge", "edges"),
            graph.nodes.len(),
            plural(graph.nodes.len(), "company", "companies"),
        ));
    }
    if tally.undisclosed() > 0 {
        grid.note("TOTAL adds disclosed values only; UNDISCLOSED counts the rest.");
    }
    if let Some(note) = left_out_note(graph.left_out) {
        grid.note(note);
    }
    grid
}

/// Deals, disclosed, undisclosed and the total (a dash when nothing was
/// disclosed: an empty sum is not zero dollars).
fn counts(tally: &crate::money::Tally) -> [Text; 4] {
    [
        Text::new(&tally.deals.to_string()),
        Text::new(&tally.disclosed.to_string()),
        Text::new(&tally.undisclosed().to_string()),
        if tally.disclosed == 0 {
            Text::missing()
        } else {
            Text::dollars(tally.total_usd)
        },
    ]
}

/// What a query that adds up money says about the deals it left out.
pub fn left_out_note(left_out: u64) -> Option<String> {
    (left_out > 0).then(|| {
        let n = left_out as usize;
        format!(
            "Left out: {n} superseded or cancelled {}, whose money is counted in {} that replaced {} or never flowed (--status superseded or --status cancelled shows {}).",
            plural(n, "deal", "deals"),
            plural(n, "the deal", "the deals"),
            plural(n, "it", "them"),
            plural(n, "it", "them"),
        )
    })
}
