//! `deals graph`: who pays whom. One edge per payer and provider that the
//! matched deals connect, largest disclosed total first, as a table, as
//! data (JSON, NDJSON, CSV, Markdown), or as a picture (DOT, Mermaid, or
//! SVG drawn here). Like `total`, it adds up money, so it leaves out
//! superseded and cancelled deals unless `--status` asks for them, and
//! says how many.

use std::io::{self, Write};

use serde::Serialize;

use crate::Context;
use crate::cli::GraphArgs;
use crate::graph::{Edge, Graph, GraphBuilder};
use crate::model::{Category, Dataset, Deal};
use crate::names::Directory;
use crate::query::{Filter, FilterSpec, coverage_note};
use crate::render::picture::Caption;
use crate::render::{self, Format, Grid, Output, Picture, Text, dot, json, mermaid, svg};

use super::list::plural;

pub fn run(args: &GraphArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let spec = args.filters.spec().adding_up();
    let filter = ctx.filter_spec(&spec)?;
    let graph = build(ctx.deals(), &filter, &ctx.directory);
    match ctx.output.picture {
        Some(picture) => {
            let caption = caption(&spec, &ctx.loaded.dataset);
            out.write_all(draw(picture, &graph, &caption).as_bytes())?;
        }
        None => {
            let caveats =
                Vec::from_iter(coverage_note(&spec, ctx.loaded.dataset.coverage.as_ref()));
            write(&graph, &ctx.output, out, &caveats)?
        }
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

/// The graph as data, in the output's format; a table ends with the
/// `caveats` (where the data ends).
pub fn write(
    graph: &Graph,
    output: &Output,
    out: &mut dyn Write,
    caveats: &[String],
) -> io::Result<()> {
    match output.format {
        Format::Json => write_json(graph, out),
        Format::Ndjson => write_edges(graph, out, b"", false),
        Format::Csv => write_csv(graph, out),
        Format::Table | Format::Markdown => {
            let mut grid = grid(graph, output);
            grid.caveats = caveats.to_vec();
            render::write_grid(out, output, &grid)
        }
    }
}

/// The graph as one pretty-printed JSON document, `{"nodes": [...],
/// "edges": [...], "left_out": N}`, exactly as serde_json would print it;
/// the edges (which may hold a million ids) are rendered on every core.
fn write_json(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    let nodes: Vec<NodeRecord<'_>> = graph
        .nodes
        .iter()
        .map(|n| NodeRecord {
            name: &n.name,
            category: n.category,
        })
        .collect();
    out.write_all(b"{\n  \"nodes\": ")?;
    let text = serde_json::to_vec_pretty(&nodes)?;
    out.write_all(&render::indent(&text, b"  ", false))?;
    out.write_all(b",\n  \"edges\": ")?;
    if graph.edges.is_empty() {
        out.write_all(b"[]")?;
    } else {
        out.write_all(b"[\n")?;
        write_edges(graph, out, b",\n", true)?;
        out.write_all(b"\n  ]")?;
    }
    writeln!(out, ",\n  \"left_out\": {}\n}}", graph.left_out)
}

/// Writes each edge's record, pretty (as an element of the document's
/// `edges`, joined by `separator`) or compact (one per line), rendering
/// blocks of edges on every core.
fn write_edges(
    graph: &Graph,
    out: &mut dyn Write,
    separator: &[u8],
    pretty: bool,
) -> io::Result<()> {
    // An edge takes about 250 bytes, and each of its ids 20 more.
    let size = |edge: &Edge| 250 + 20 * edge.tally().deals as usize;
    render::write_rendered(
        out,
        &graph.edges,
        separator,
        size,
        |edge, text| match pretty {
            true => edge_json::<true>(graph, edge, text),
            false => edge_json::<false>(graph, edge, text),
        },
    )
}

/// What JSON writes before each value of an edge's record, and around its
/// lists' items (`item` and `next_item` open the item's string).
struct Layout {
    payer: &'static str,
    provider: &'static str,
    deals: &'static str,
    disclosed: &'static str,
    undisclosed: &'static str,
    total_usd: &'static str,
    kinds: &'static str,
    ids: &'static str,
    item: &'static str,
    next_item: &'static str,
    list_close: &'static str,
    close: &'static str,
}

/// As serde_json's pretty printer lays out an element of the document's
/// `edges`.
const PRETTY: Layout = Layout {
    payer: "    {\n      \"payer\": ",
    provider: ",\n      \"provider\": ",
    deals: ",\n      \"deals\": ",
    disclosed: ",\n      \"disclosed\": ",
    undisclosed: ",\n      \"undisclosed\": ",
    total_usd: ",\n      \"total_usd\": ",
    kinds: ",\n      \"kinds\": [",
    ids: ",\n      \"ids\": [",
    item: "\n        \"",
    next_item: ",\n        \"",
    list_close: "\n      ]",
    close: "\n    }",
};

/// One object on a line.
const COMPACT: Layout = Layout {
    payer: "{\"payer\":",
    provider: ",\"provider\":",
    deals: ",\"deals\":",
    disclosed: ",\"disclosed\":",
    undisclosed: ",\"undisclosed\":",
    total_usd: ",\"total_usd\":",
    kinds: ",\"kinds\":[",
    ids: ",\"ids\":[",
    item: "\"",
    next_item: ",\"",
    list_close: "]",
    close: "}\n",
};

/// An edge as JSON, written out by hand because a million ids make this
/// the slow part: `{"payer", "provider", "deals", "disclosed",
/// "undisclosed", "total_usd", "kinds": [...], "ids": [...]}`, pretty or
/// compact (see [`Layout`]), exactly as serde_json would write it. The
/// layout is a constant, so that its short pieces are copied inline.
fn edge_json<const PRETTY_LAYOUT: bool>(graph: &Graph, edge: &Edge, text: &mut Vec<u8>) {
    let layout = if PRETTY_LAYOUT { &PRETTY } else { &COMPACT };
    let tally = edge.tally();
    text.reserve(300 + tally.deals as usize * (layout.next_item.len() + 16));
    text.extend_from_slice(layout.payer.as_bytes());
    json::string(text, &graph.nodes[edge.payer()].name);
    text.extend_from_slice(layout.provider.as_bytes());
    json::string(text, &graph.nodes[edge.provider()].name);
    text.extend_from_slice(layout.deals.as_bytes());
    json::number(text, tally.deals);
    text.extend_from_slice(layout.disclosed.as_bytes());
    json::number(text, tally.disclosed);
    text.extend_from_slice(layout.undisclosed.as_bytes());
    json::number(text, tally.undisclosed());
    text.extend_from_slice(layout.total_usd.as_bytes());
    json::wide_number(text, tally.total_usd);
    text.extend_from_slice(layout.kinds.as_bytes());
    json_items::<PRETTY_LAYOUT>(text, graph.kind_names(edge).map(str::as_bytes));
    text.extend_from_slice(layout.ids.as_bytes());
    json_items::<PRETTY_LAYOUT>(text, graph.id_bytes(edge));
    text.extend_from_slice(layout.close.as_bytes());
}

/// A list's strings (UTF-8) and its closing bracket, after its opening one.
fn json_items<'a, const PRETTY_LAYOUT: bool>(
    text: &mut Vec<u8>,
    items: impl Iterator<Item = &'a [u8]>,
) {
    let layout = if PRETTY_LAYOUT { &PRETTY } else { &COMPACT };
    let mut opening = layout.item;
    for item in items {
        text.extend_from_slice(opening.as_bytes());
        opening = layout.next_item;
        if json::is_plain(item) {
            text.extend_from_slice(item);
            text.push(b'"');
        } else {
            // serde_json writes the quotes, the opening one too.
            text.pop();
            json::string(text, &String::from_utf8_lossy(item));
        }
    }
    if std::ptr::eq(opening, layout.item) {
        text.push(b']');
    } else {
        text.extend_from_slice(layout.list_close.as_bytes());
    }
}

#[derive(Serialize)]
struct NodeRecord<'g> {
    name: &'g str,
    category: Option<Category>,
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
        let tally = edge.tally();
        vec![
            graph.nodes[edge.payer()].name.clone(),
            graph.nodes[edge.provider()].name.clone(),
            tally.deals.to_string(),
            tally.disclosed.to_string(),
            tally.undisclosed().to_string(),
            tally.total_usd.to_string(),
            render::csv_list(graph.kinds(edge)),
            render::csv_list(graph.ids(edge)),
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
            graph.nodes[edge.payer()].name,
            graph.nodes[edge.provider()].name
        );
        let mut row = vec![Text::new(&pair)];
        row.extend(counts(&edge.tally()));
        row.push(Text::new(&graph.kinds(edge).join(", ")));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::DealRef;
    use crate::money::Usd;

    /// The graph's JSON as serde_json writes it, to hold the hand-written
    /// JSON to.
    #[derive(Serialize)]
    struct Reference<'g> {
        nodes: Vec<NodeRecord<'g>>,
        edges: Vec<ReferenceEdge<'g>>,
        left_out: u64,
    }

    #[derive(Serialize)]
    struct ReferenceEdge<'g> {
        payer: &'g str,
        provider: &'g str,
        deals: u64,
        disclosed: u64,
        undisclosed: u64,
        total_usd: u128,
        kinds: Vec<&'g str>,
        ids: Vec<&'g str>,
    }

    fn sample() -> Graph {
        let mut builder = GraphBuilder::default();
        let day = "2025-01-01".parse().unwrap();
        let deals = [
            (
                "a\"b",
                "c\\d",
                "x\n\"1\"",
                Some("investment"),
                Some(u64::MAX),
            ),
            ("a\"b", "c\\d", "x2", None, Some(u64::MAX)),
            ("c\\d", "é", "\u{1}", Some("chip-supply"), None),
            ("é", "a\"b", "y", None, None),
        ];
        for (payer, provider, id, kind, value) in deals {
            let deal = DealRef {
                id,
                announced: day,
                kind,
                value_usd: value.map(Usd),
            };
            builder.add_named(payer, provider, deal);
        }
        builder.left_out = 3;
        builder.finish()
    }

    fn reference(graph: &Graph) -> Reference<'_> {
        Reference {
            nodes: graph
                .nodes
                .iter()
                .map(|n| NodeRecord {
                    name: &n.name,
                    category: n.category,
                })
                .collect(),
            edges: graph
                .edges
                .iter()
                .map(|e| {
                    let tally = e.tally();
                    ReferenceEdge {
                        payer: &graph.nodes[e.payer()].name,
                        provider: &graph.nodes[e.provider()].name,
                        deals: tally.deals,
                        disclosed: tally.disclosed,
                        undisclosed: tally.undisclosed(),
                        total_usd: tally.total_usd,
                        kinds: graph.kinds(e),
                        ids: graph.ids(e).collect(),
                    }
                })
                .collect(),
            left_out: graph.left_out,
        }
    }

    #[test]
    fn the_written_json_is_what_serde_json_would_write() {
        // Enough edges for several blocks rendered across the cores.
        let mut many = GraphBuilder::default();
        for i in 0..20_000u64 {
            let id = format!("d{i}");
            let deal = DealRef {
                id: &id,
                announced: "2025-01-01".parse().unwrap(),
                kind: Some("k"),
                value_usd: Some(Usd(1 + i % 7)),
            };
            many.add_named(&format!("p{}", i % 150), &format!("q{}", i / 150), deal);
        }
        for graph in [sample(), Graph::default(), many.finish()] {
            let mut pretty = Vec::new();
            write_json(&graph, &mut pretty).unwrap();
            let expected = serde_json::to_string_pretty(&reference(&graph)).unwrap() + "\n";
            assert_eq!(String::from_utf8(pretty).unwrap(), expected);
            let mut lines = Vec::new();
            write_edges(&graph, &mut lines, b"", false).unwrap();
            let expected: String = reference(&graph)
                .edges
                .iter()
                .map(|e| serde_json::to_string(e).unwrap() + "\n")
                .collect();
            assert_eq!(String::from_utf8(lines).unwrap(), expected);
        }
    }
}
