//! The money graph as a Mermaid flowchart, which GitHub draws inside a
//! Markdown file (in a ```` ```mermaid ```` block).
//!
//! Node ids are generated (`n0`, `n1`, …), never a company's name; every
//! label is quoted, and the characters Mermaid would read as syntax
//! (quotes, brackets, `<`, `#`, backticks, `|`, …) are written as its
//! entity codes, so a name shows as written and cannot change the chart.

use std::fmt::Write;

use crate::graph::Graph;
use crate::sanitize::sanitize_line;

use super::picture::{
    Caption, DIRECTION, LINES, categories_shown, category_label, colours, edge_money,
    is_undisclosed, largest_edge, weight,
};

/// Thinnest and thickest edge, in pixels.
const STROKE_WIDTH: (f64, f64) = (1.0, 10.0);

/// The graph as a Mermaid flowchart, left to right, with a legend.
pub fn graph(graph: &Graph, caption: &Caption) -> String {
    let mut chart = String::new();
    let title = caption.title();
    // The front matter's title is YAML: quoted and escaped as JSON, which
    // YAML reads as a double-quoted string.
    let _ = writeln!(
        chart,
        "---\ntitle: {}\n---",
        serde_json::Value::from(sanitize_line(title).into_owned())
    );
    chart.push_str("flowchart LR\n");
    let _ = writeln!(chart, "  %% {DIRECTION}");
    for (i, node) in graph.nodes.iter().enumerate() {
        let _ = writeln!(chart, "  n{i}[\"{}\"]", escape(&node.name));
    }
    let largest = largest_edge(graph);
    let mut styles = String::new();
    for (link, edge) in graph.edges.iter().enumerate() {
        let arrow = if is_undisclosed(edge) { "-.->" } else { "-->" };
        let _ = writeln!(
            chart,
            "  n{} {arrow}|\"{}\"| n{}",
            edge.payer(),
            escape(&edge_money(edge)),
            edge.provider()
        );
        let width = STROKE_WIDTH.0 + (STROKE_WIDTH.1 - STROKE_WIDTH.0) * weight(edge, largest);
        let _ = writeln!(
            styles,
            "  linkStyle {link} stroke:{},stroke-width:{width:.1}px",
            colours(graph.nodes[edge.payer()].category).strong
        );
    }
    chart.push_str(&styles);
    legend(&mut chart, graph, caption);
    chart
}

/// A box with the caption, the categories shown and how to read lines;
/// then each node's colour by its category.
fn legend(chart: &mut String, graph: &Graph, caption: &Caption) {
    chart.push_str("  subgraph legend[\"Legend\"]\n    direction TB\n");
    let mut notes: Vec<String> = caption.lines(graph);
    notes.push(DIRECTION.to_string());
    notes.push(LINES.to_string());
    let note: Vec<String> = notes.iter().map(|n| escape(n)).collect();
    let _ = writeln!(chart, "    legend_note[\"{}\"]", note.join("<br>"));
    let categories = categories_shown(graph);
    for (i, category) in categories.iter().enumerate() {
        let _ = writeln!(
            chart,
            "    legend{i}[\"{}\"]:::{}",
            escape(category_label(*category)),
            class_name(*category)
        );
    }
    chart.push_str("  end\n");
    chart.push_str("  style legend_note fill:#ffffff,stroke:#ffffff,color:#333333\n");
    for category in &categories {
        let colours = colours(*category);
        let _ = writeln!(
            chart,
            "  classDef {} fill:{},stroke:{},color:#000000",
            class_name(*category),
            colours.light,
            colours.strong
        );
        let members: Vec<String> = graph
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.category == *category)
            .map(|(i, _)| format!("n{i}"))
            .collect();
        let _ = writeln!(
            chart,
            "  class {} {}",
            members.join(","),
            class_name(*category)
        );
    }
}

/// A class name Mermaid accepts: letters and underscores.
fn class_name(category: Option<crate::model::Category>) -> String {
    format!("cat_{}", category_label(category).replace(['-', ' '], "_"))
}

/// Text for inside a quoted Mermaid label: control characters as visible
/// escapes, and every character Mermaid could read as syntax, markup or
/// an entity as an entity code.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in sanitize_line(text).chars() {
        match c {
            '"' => escaped.push_str("#quot;"),
            '#' => escaped.push_str("#35;"),
            '&' => escaped.push_str("#amp;"),
            '<' => escaped.push_str("#lt;"),
            '>' => escaped.push_str("#gt;"),
            '`' | '[' | ']' | '(' | ')' | '{' | '}' | '|' | '*' | '_' | '~' | '\\' | ';' => {
                let _ = write!(escaped, "#{};", c as u32);
            }
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_close_their_quotes_or_add_markup() {
        assert_eq!(escape("OpenAI"), "OpenAI");
        assert_eq!(escape("a\"]-->x"), "a#quot;#93;--#gt;x");
        assert_eq!(escape("<b>#1`x`"), "#lt;b#gt;#35;1#96;x#96;");
        assert_eq!(escape("line\nbreak"), "line#92;nbreak");
    }
}
