//! The money graph as Graphviz DOT (`deals graph --format dot | dot -Tsvg`).
//!
//! Node ids are generated (`n0`, `n1`, …); every name and label is a
//! quoted, escaped string, so no company name can add a node, an edge or
//! an attribute. Edge width grows with the money; edges whose value was
//! not disclosed are dashed.

use std::fmt::Write;

use crate::graph::Graph;
use crate::sanitize::sanitize_line;

use super::picture::{
    Caption, DIRECTION, LINES, categories_shown, category_label, colours, edge_money,
    is_undisclosed, largest_edge, weight,
};

/// Thinnest and thickest edge, in points.
const PEN_WIDTH: (f64, f64) = (1.0, 12.0);

/// The graph as a DOT digraph, with a legend.
pub fn graph(graph: &Graph, caption: &Caption) -> String {
    let mut dot = String::new();
    let _ = writeln!(dot, "// {DIRECTION}");
    dot.push_str("digraph \"deals\" {\n");
    let mut title = vec![caption.title().to_string()];
    title.extend(caption.lines(graph));
    let _ = writeln!(
        dot,
        "  graph [label={}, labelloc=\"t\", fontsize=\"18\", rankdir=\"LR\", nodesep=\"0.3\", ranksep=\"1.2\"];",
        quote_lines(&title)
    );
    dot.push_str("  node [shape=\"box\", style=\"rounded,filled\", fontsize=\"12\"];\n");
    dot.push_str("  edge [fontsize=\"10\"];\n");
    for (i, node) in graph.nodes.iter().enumerate() {
        let tooltip = format!("{} ({})", node.name, category_label(node.category));
        let _ = writeln!(
            dot,
            "  \"n{i}\" [label={}, fillcolor=\"{}\", color=\"{}\", tooltip={}];",
            quote(&node.name),
            colours(node.category).light,
            colours(node.category).strong,
            quote(&tooltip)
        );
    }
    let largest = largest_edge(graph);
    for edge in &graph.edges {
        let money = edge_money(edge);
        let width = PEN_WIDTH.0 + (PEN_WIDTH.1 - PEN_WIDTH.0) * weight(edge, largest);
        let style = if is_undisclosed(edge) {
            ", style=\"dashed\""
        } else {
            ""
        };
        let tooltip = format!("{}: {money}", graph.label(edge));
        let _ = writeln!(
            dot,
            "  \"n{}\" -> \"n{}\" [label={}, penwidth=\"{width:.2}\", color=\"{}\", tooltip={}{style}];",
            edge.payer(),
            edge.provider(),
            quote(&money),
            colours(graph.nodes[edge.payer()].category).strong,
            quote(&tooltip),
        );
    }
    legend(&mut dot, graph);
    dot.push_str("}\n");
    dot
}

/// A box of the categories shown and the two sentences on reading lines:
/// one node whose label is an HTML-like table, which holds only the
/// program's own words (category names and the legend's sentences).
fn legend(dot: &mut String, graph: &Graph) {
    let categories = categories_shown(graph);
    let mut cells = String::new();
    for category in &categories {
        let colours = colours(*category);
        let _ = write!(
            cells,
            "<TD BGCOLOR=\"{}\" COLOR=\"{}\">{}</TD>",
            colours.light,
            colours.strong,
            category_label(*category)
        );
    }
    let span = categories.len().max(1);
    let _ = writeln!(
        dot,
        "  \"legend\" [shape=\"plaintext\", style=\"\", label=<<TABLE BORDER=\"1\" COLOR=\"#999999\" CELLBORDER=\"1\" CELLSPACING=\"4\" CELLPADDING=\"4\"><TR><TD COLSPAN=\"{span}\" BORDER=\"0\"><B>Legend</B></TD></TR><TR>{cells}</TR><TR><TD COLSPAN=\"{span}\" BORDER=\"0\">{DIRECTION}<BR/>{LINES}</TD></TR></TABLE>>];"
    );
}

/// Text as a DOT quoted string, shown as it is: control characters as
/// visible escapes (a newline as `\n`, two characters), backslashes and
/// quotes escaped.
pub fn quote(text: &str) -> String {
    quote_lines(&[text.to_string()])
}

/// Lines of text as one DOT quoted string, each line centred.
fn quote_lines(lines: &[String]) -> String {
    let mut quoted = String::from("\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            quoted.push_str("\\n");
        }
        for c in sanitize_line(line).chars() {
            match c {
                '\\' => quoted.push_str("\\\\"),
                '"' => quoted.push_str("\\\""),
                c => quoted.push(c),
            }
        }
    }
    // DOT reads a backslash before the closing quote as escaping it; a
    // space keeps a name that ends in a backslash from opening the rest of
    // the file.
    if quoted.ends_with('\\') {
        quoted.push(' ');
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_names_inside_their_string() {
        assert_eq!(quote("OpenAI"), "\"OpenAI\"");
        assert_eq!(quote("a\" -> b [color=red]"), "\"a\\\" -> b [color=red]\"");
        assert_eq!(quote("x\ny"), "\"x\\\\ny\"");
        assert_eq!(quote("back\\"), "\"back\\\\ \"");
        assert_eq!(quote("\\N"), "\"\\\\N\"");
    }
}
