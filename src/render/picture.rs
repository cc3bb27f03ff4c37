//! What every picture of the money graph shares (`dot`, `mermaid`, `svg`):
//! the caption, the legend's words, the colour of each category of
//! company, and how an edge's money is said.

use crate::date::Date;
use crate::graph::{Edge, Graph};
use crate::model::{Category, Coverage};
use crate::money::brief_u128;

/// What a picture says about itself: a title, the filters that chose the
/// deals, and how fresh the dataset is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caption {
    pub title: String,
    /// The filters as typed (`--year 2025 --buyer OpenAI`); empty for none.
    pub filters: String,
    /// The dataset's date.
    pub as_of: Option<Date>,
    /// The announcement dates the dataset sets out to cover.
    pub coverage: Option<Coverage>,
}

/// The title pictures get unless told otherwise.
pub const DEFAULT_TITLE: &str = "Who pays whom in the AI compute build-out";

/// The legend's sentence on direction, which every picture carries.
pub const DIRECTION: &str =
    "Money flows along each arrow, from the payer (buyer) to the provider (seller).";

/// The legend's sentence on the lines.
pub const LINES: &str =
    "Thicker lines carry more disclosed money; dashed lines, deals whose value was not disclosed.";

impl Caption {
    /// The title, or [`DEFAULT_TITLE`] when there is none.
    pub fn title(&self) -> &str {
        if self.title.is_empty() {
            DEFAULT_TITLE
        } else {
            &self.title
        }
    }

    /// The lines under the title: the filters, then the dataset's dates.
    pub fn lines(&self, graph: &Graph) -> Vec<String> {
        let filters = if self.filters.is_empty() {
            "All deals".to_string()
        } else {
            format!("Deals matching {}", self.filters)
        };
        let tally = graph.tally();
        let mut first = format!(
            "{filters}: {} {}, {} disclosed",
            tally.deals,
            if tally.deals == 1 { "deal" } else { "deals" },
            brief_u128(tally.total_usd)
        );
        if tally.undisclosed() > 0 {
            first.push_str(&format!(", {} undisclosed", tally.undisclosed()));
        }
        if graph.left_out > 0 {
            first.push_str(&format!(
                "; {} superseded or cancelled left out",
                graph.left_out
            ));
        }
        let mut dates = Vec::new();
        if let Some(as_of) = self.as_of {
            dates.push(format!("Dataset as of {as_of}"));
        }
        if let Some(coverage) = self.coverage {
            dates.push(format!(
                "covering deals announced {} to {}",
                coverage.from, coverage.through
            ));
        }
        let mut lines = vec![first];
        if !dates.is_empty() {
            lines.push(format!("{}.", dates.join(", ")));
        }
        lines
    }
}

/// A category's colours: a strong one for lines and dots, a light one to
/// fill a box that holds black text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colours {
    pub strong: &'static str,
    pub light: &'static str,
}

/// Colours for companies the dataset gives no category.
pub const UNCATEGORISED: Colours = Colours {
    strong: "#7f7f7f",
    light: "#e4e4e4",
};

/// What the legend calls companies without a category.
pub const UNCATEGORISED_LABEL: &str = "not categorised";

/// A category's colours (after the Okabe–Ito palette, which colour-blind
/// readers can tell apart).
pub fn colours(category: Option<Category>) -> Colours {
    let (strong, light) = match category {
        None => return UNCATEGORISED,
        Some(Category::AiLab) => ("#d55e00", "#f6c7a6"),
        Some(Category::Hyperscaler) => ("#0072b2", "#a9d3ee"),
        Some(Category::Neocloud) => ("#009e73", "#a6e3cf"),
        Some(Category::Chipmaker) => ("#e69f00", "#f8dc9c"),
        Some(Category::HardwareMaker) => ("#cc79a7", "#efcde0"),
        Some(Category::DatacenterDeveloper) => ("#56b4e9", "#cbe7f8"),
        Some(Category::Investor) => ("#8c6d31", "#dccfb4"),
        Some(Category::Sovereign) => ("#6a3d9a", "#d3c4e6"),
        Some(Category::Other) => ("#3f3f3f", "#c2c2c2"),
    };
    Colours { strong, light }
}

/// The categories the graph's nodes have, in the legend's order, with
/// `None` (not categorised) last when some node has none.
pub fn categories_shown(graph: &Graph) -> Vec<Option<Category>> {
    let mut shown: Vec<Option<Category>> = Category::ALL
        .into_iter()
        .filter(|c| graph.nodes.iter().any(|n| n.category == Some(*c)))
        .map(Some)
        .collect();
    if graph.nodes.iter().any(|n| n.category.is_none()) {
        shown.push(None);
    }
    shown
}

/// A category's name in a legend.
pub fn category_label(category: Option<Category>) -> &'static str {
    category.map_or(UNCATEGORISED_LABEL, Category::name)
}

/// An edge's money in words: `$300B`, `$5B + 1 undisclosed`,
/// `undisclosed`, with the number of deals when more than one.
pub fn edge_money(edge: &Edge) -> String {
    let tally = edge.tally();
    let mut text = match (tally.disclosed, tally.undisclosed()) {
        (0, _) => "undisclosed".to_string(),
        (_, 0) => brief_u128(tally.total_usd),
        (_, n) => format!("{} + {n} undisclosed", brief_u128(tally.total_usd)),
    };
    if tally.deals > 1 {
        text.push_str(&format!(" ({} deals)", tally.deals));
    }
    text
}

/// Whether an edge is drawn dashed: none of its deals disclosed a value.
pub fn is_undisclosed(edge: &Edge) -> bool {
    edge.tally().disclosed == 0
}

/// How heavy an edge is, from 0 (the smallest disclosed total, or none)
/// to 1 (the largest), by the square root of its money, so that areas of
/// thick lines compare as amounts do.
pub fn weight(edge: &Edge, largest: u128) -> f64 {
    if largest == 0 || is_undisclosed(edge) {
        return 0.0;
    }
    // Exact enough: a picture cannot show more than a few hundred steps.
    ((edge.total_usd() as f64) / (largest as f64)).sqrt()
}

/// The largest disclosed total of any edge.
pub fn largest_edge(graph: &Graph) -> u128 {
    graph.edges.iter().map(|e| e.total_usd()).max().unwrap_or(0)
}
