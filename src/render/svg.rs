//! The money graph drawn as SVG by `deals` itself, with no Graphviz.
//!
//! Layout: companies sit on a circle, grouped by category in the order
//! money mostly moves (investors, AI labs, hyperscalers, neoclouds, data
//! centres, hardware, chips), and within each group ordered to cut
//! crossings (each company moves towards the companies it deals with; the
//! order with the fewest crossing chords wins). Edges are curves inside
//! the circle, bent to the right of their direction so that A → B and
//! B → A are two curves, not one; each ends in an arrowhead at the
//! provider. Labels stand outside the circle, along the radius, so that
//! they never overlap however many companies there are: the circle grows
//! until neighbouring labels clear each other.
//!
//! [`layout`] places everything, text boxes included, and [`graph`] draws
//! what it placed; tests check the boxes. Every number is written with a
//! fixed precision, so the same graph gives the same bytes. No `style`
//! attribute or element is used (presentation attributes only), so a page
//! whose Content-Security-Policy forbids inline styles can embed the
//! picture.

use std::f64::consts::PI;
use std::fmt::Write;

use crate::graph::{Edge, Graph};
use crate::model::Category;
use crate::money::brief_u128;
use crate::sanitize::sanitize_line;

use super::picture::{
    Caption, DIRECTION, categories_shown, category_label, colours, edge_money, is_undisclosed,
    largest_edge, weight,
};

/// Fonts whose widths [`text_width`] follows (Helvetica's metrics, which
/// Arial and Liberation Sans share), then fallbacks.
pub const FONT_FAMILY: &str = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

const MARGIN: f64 = 24.0;
const TITLE_SIZE: f64 = 22.0;
const CAPTION_SIZE: f64 = 13.0;
const LABEL_SIZE: f64 = 12.0;
const LEGEND_SIZE: f64 = 12.0;
/// A line of text takes this many times its font size.
const LINE_HEIGHT: f64 = 1.3;
/// Longest label, in characters; a longer name is cut with an ellipsis
/// (the whole name is in its tooltip).
const MAX_LABEL_CHARS: usize = 34;
/// Gap between a node's dot and its label.
const LABEL_GAP: f64 = 6.0;
/// Dots: radius without disclosed money, and added for the most.
const DOT_RADIUS: (f64, f64) = (3.0, 7.0);
/// Lines: width without disclosed money, and added for the most.
const LINE_WIDTH: (f64, f64) = (1.0, 9.0);
/// Narrowest picture, so that the legend has room.
const MIN_WIDTH: f64 = 720.0;
/// Rounds of reordering to cut crossings.
const REORDER_ROUNDS: usize = 12;
/// Above this many edges, crossings are not counted (the count takes the
/// square of the edges, and swapping neighbours counts them once a node);
/// the reordering by neighbours still runs.
const MAX_COUNTED_EDGES: usize = 600;

/// The order of categories around the circle, clockwise from the top.
const CIRCLE_ORDER: [Option<Category>; 10] = [
    Some(Category::Investor),
    Some(Category::Sovereign),
    Some(Category::AiLab),
    Some(Category::Hyperscaler),
    Some(Category::Neocloud),
    Some(Category::DatacenterDeveloper),
    Some(Category::HardwareMaker),
    Some(Category::Chipmaker),
    Some(Category::Other),
    None,
];

/// How a text stands at its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A piece of text as drawn: where, how large, turned by how much.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// The text as drawn (escaped for a reader, cut if too long).
    pub text: String,
    /// The whole text, when `text` was cut.
    pub full: Option<String>,
    pub x: f64,
    pub y: f64,
    /// Degrees, clockwise.
    pub rotate: f64,
    pub anchor: Anchor,
    pub size: f64,
    pub bold: bool,
    pub colour: &'static str,
    /// Drawn with a white outline, to stand out on lines.
    pub halo: bool,
}

impl TextBox {
    fn new(text: String, x: f64, y: f64, size: f64) -> TextBox {
        TextBox {
            text,
            full: None,
            x,
            y,
            rotate: 0.0,
            anchor: Anchor::Start,
            size,
            bold: false,
            colour: "#1a1a1a",
            halo: false,
        }
    }

    /// The box the text takes, as four corners: its estimated width by a
    /// line's height, centred on the anchor's line, turned with the text.
    pub fn corners(&self) -> [(f64, f64); 4] {
        let width = text_width(&self.text, self.size, self.bold);
        let (from, to) = match self.anchor {
            Anchor::Start => (0.0, width),
            Anchor::Middle => (-width / 2.0, width / 2.0),
            Anchor::End => (-width, 0.0),
        };
        let half = self.size * 0.6;
        let (sin, cos) = self.rotate.to_radians().sin_cos();
        let at = |dx: f64, dy: f64| (self.x + dx * cos - dy * sin, self.y + dx * sin + dy * cos);
        [at(from, -half), at(to, -half), at(to, half), at(from, half)]
    }
}

/// Whether two boxes overlap (they share more than an edge): by the
/// separating axis theorem, two convex shapes are apart exactly when, on
/// one of their sides' normals, their shadows do not meet.
pub fn overlap(a: &[(f64, f64); 4], b: &[(f64, f64); 4]) -> bool {
    for shape in [a, b] {
        for i in 0..4 {
            let (x1, y1) = shape[i];
            let (x2, y2) = shape[(i + 1) % 4];
            let normal = (y1 - y2, x2 - x1);
            let shadow = |s: &[(f64, f64); 4]| {
                let dots = s.iter().map(|(x, y)| x * normal.0 + y * normal.1);
                dots.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), d| {
                    (lo.min(d), hi.max(d))
                })
            };
            let (a_lo, a_hi) = shadow(a);
            let (b_lo, b_hi) = shadow(b);
            // A tolerance of a hundredth of a pixel keeps touching boxes
            // apart.
            if a_hi <= b_lo + 0.01 || b_hi <= a_lo + 0.01 {
                return false;
            }
        }
    }
    true
}

/// A company's place on the circle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    pub x: f64,
    pub y: f64,
    pub radius: f64,
    /// Radians, clockwise from the right.
    pub angle: f64,
}

/// A mark in the legend.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Dot {
        x: f64,
        y: f64,
        radius: f64,
        colour: &'static str,
    },
    Line {
        from: (f64, f64),
        to: (f64, f64),
        width: f64,
        dashed: bool,
        arrow: bool,
    },
}

/// Where everything goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub center: (f64, f64),
    pub radius: f64,
    /// By node.
    pub spots: Vec<Spot>,
    /// Title, caption, company labels and legend, in drawing order.
    pub texts: Vec<TextBox>,
    /// Of `texts`, the companies' labels, by node.
    pub labels: std::ops::Range<usize>,
    /// Of `texts`, the amounts written on the largest edges.
    pub amounts: std::ops::Range<usize>,
    pub marks: Vec<Mark>,
}

/// The graph as a standalone SVG document.
pub fn graph(graph: &Graph, caption: &Caption) -> String {
    let layout = layout(graph, caption);
    draw(graph, caption, &layout)
}

/// Places the title, the caption, the circle of companies with their
/// labels, and the legend.
pub fn layout(graph: &Graph, caption: &Caption) -> Layout {
    let slots = circle_order(graph);
    let count = slots.len().max(1);
    let flows = flows(graph);
    let most = flows.iter().copied().max().unwrap_or(0);
    let dot_radius = |node: usize| {
        let share = if most == 0 {
            0.0
        } else {
            (flows[node] as f64 / most as f64).sqrt()
        };
        DOT_RADIUS.0 + DOT_RADIUS.1 * share
    };
    let biggest_dot = DOT_RADIUS.0 + DOT_RADIUS.1;
    // Neighbouring labels clear each other where they start when the arc
    // between them is taller than a label.
    let step = 2.0 * PI / count as f64;
    let label_height = LABEL_SIZE * 1.2 * 1.15;
    let needed = if count >= 4 {
        label_height / step.min(PI / 2.0).sin()
    } else {
        0.0
    };
    let radius = (needed - biggest_dot - LABEL_GAP)
        .max(160.0 + 4.0 * graph.nodes.len().min(60) as f64)
        .ceil();
    let label_at = radius + biggest_dot + LABEL_GAP;
    // Around (0, 0) first; moved into place below.
    let mut spots = vec![
        Spot {
            x: 0.0,
            y: 0.0,
            radius: 0.0,
            angle: 0.0
        };
        graph.nodes.len()
    ];
    let mut labels = Vec::with_capacity(graph.nodes.len());
    for (slot, node) in slots.iter().enumerate() {
        let Some(node) = *node else { continue };
        let angle = -PI / 2.0 + step * slot as f64;
        let (sin, cos) = angle.sin_cos();
        spots[node] = Spot {
            x: radius * cos,
            y: radius * sin,
            radius: dot_radius(node),
            angle,
        };
        labels.push((node, label_box(&graph.nodes[node].name, angle, label_at)));
    }
    labels.sort_by_key(|(node, _)| *node);
    let mut labels: Vec<TextBox> = labels.into_iter().map(|(_, label)| label).collect();
    // The circle's extent, labels included.
    let mut bounds = Bounds::around(&[(-radius, -radius), (radius, radius)]);
    for label in &labels {
        bounds.take(&label.corners());
    }
    let width = (bounds.width() + 2.0 * MARGIN).max(MIN_WIDTH).ceil();
    let inner = width - 2.0 * MARGIN;
    // Title and caption.
    let mut texts = Vec::new();
    let mut y = MARGIN;
    for line in wrap(caption.title(), TITLE_SIZE, true, inner) {
        let mut text = TextBox::new(line, MARGIN, y + TITLE_SIZE * 0.6, TITLE_SIZE);
        text.bold = true;
        texts.push(text);
        y += TITLE_SIZE * LINE_HEIGHT;
    }
    y += 4.0;
    for line in caption.lines(graph) {
        for piece in wrap(&line, CAPTION_SIZE, false, inner) {
            let mut text = TextBox::new(piece, MARGIN, y + CAPTION_SIZE * 0.6, CAPTION_SIZE);
            text.colour = "#444444";
            texts.push(text);
            y += CAPTION_SIZE * LINE_HEIGHT;
        }
    }
    y += 16.0;
    // The circle, centred across the picture.
    let center = (
        (width / 2.0 - (bounds.min.0 + bounds.max.0) / 2.0).round(),
        (y - bounds.min.1).round(),
    );
    for spot in &mut spots {
        spot.x += center.0;
        spot.y += center.1;
    }
    for label in &mut labels {
        label.x += center.0;
        label.y += center.1;
    }
    if graph.nodes.is_empty() {
        let mut text = TextBox::new("No deals match.".to_string(), width / 2.0, center.1, 16.0);
        text.anchor = Anchor::Middle;
        texts.push(text);
    }
    let first_label = texts.len();
    texts.extend(labels);
    let label_range = first_label..texts.len();
    let first_amount = texts.len();
    place_amounts(graph, &spots, center, radius, &mut texts);
    let amount_range = first_amount..texts.len();
    y = center.1 + bounds.max.1 + 24.0;
    // The legend.
    let mut marks = Vec::new();
    y = legend(graph, &mut texts, &mut marks, y, inner);
    Layout {
        width,
        height: (y + MARGIN).ceil(),
        center,
        radius,
        spots,
        texts,
        labels: label_range,
        amounts: amount_range,
        marks,
    }
}

/// Edges whose amount is written on them, at most.
const MAX_AMOUNTS: usize = 12;
const AMOUNT_SIZE: f64 = 11.0;

/// Writes the amounts of the largest edges at their middles, where the
/// text meets no other text and no dot: a reader of a printed picture sees
/// the big figures without hovering.
fn place_amounts(
    graph: &Graph,
    spots: &[Spot],
    center: (f64, f64),
    radius: f64,
    texts: &mut Vec<TextBox>,
) {
    let dots: Vec<[(f64, f64); 4]> = spots
        .iter()
        .map(|s| {
            let r = s.radius + 2.0;
            [
                (s.x - r, s.y - r),
                (s.x + r, s.y - r),
                (s.x + r, s.y + r),
                (s.x - r, s.y + r),
            ]
        })
        .collect();
    let mut placed = 0;
    for edge in &graph.edges {
        if placed == MAX_AMOUNTS || is_undisclosed(edge) {
            break;
        }
        if edge.payer() == edge.provider() {
            continue;
        }
        let curve = Curve::of(spots[edge.payer()], spots[edge.provider()], center);
        let (x, y) = curve.middle();
        let mut amount = TextBox::new(brief_u128(edge.total_usd()), x, y, AMOUNT_SIZE);
        amount.anchor = Anchor::Middle;
        amount.halo = true;
        amount.colour = "#333333";
        let corners = amount.corners();
        let inside = corners
            .iter()
            .all(|&(px, py)| (px - center.0).hypot(py - center.1) < radius - 4.0);
        let clear = inside
            && texts.iter().all(|t| !overlap(&t.corners(), &corners))
            && dots.iter().all(|d| !overlap(d, &corners));
        if clear {
            texts.push(amount);
            placed += 1;
        }
    }
}

/// An edge's curve: from the payer's dot to the provider's, bent towards
/// the centre and to the right of its direction.
#[derive(Debug, Clone, Copy)]
struct Curve {
    from: (f64, f64),
    control: (f64, f64),
    to: (f64, f64),
}

impl Curve {
    fn of(from: Spot, to: Spot, center: (f64, f64)) -> Curve {
        let chord = (to.x - from.x, to.y - from.y);
        let length = chord.0.hypot(chord.1).max(1e-9);
        let middle = ((from.x + to.x) / 2.0, (from.y + to.y) / 2.0);
        let pull = 0.3;
        let right = (-chord.1 / length, chord.0 / length);
        let bend = 0.12 * length;
        let control = (
            middle.0 + (center.0 - middle.0) * pull + right.0 * bend,
            middle.1 + (center.1 - middle.1) * pull + right.1 * bend,
        );
        let leaving = unit((control.0 - from.x, control.1 - from.y));
        let arriving = unit((to.x - control.0, to.y - control.1));
        Curve {
            from: (
                from.x + leaving.0 * from.radius,
                from.y + leaving.1 * from.radius,
            ),
            control,
            to: (
                to.x - arriving.0 * (to.radius + 1.5),
                to.y - arriving.1 * (to.radius + 1.5),
            ),
        }
    }

    /// The point halfway along.
    fn middle(&self) -> (f64, f64) {
        (
            0.25 * self.from.0 + 0.5 * self.control.0 + 0.25 * self.to.0,
            0.25 * self.from.1 + 0.5 * self.control.1 + 0.25 * self.to.1,
        )
    }
}

/// A company's label, outside the circle along its radius, upright on
/// either side.
fn label_box(name: &str, angle: f64, distance: f64) -> TextBox {
    let clean = sanitize_line(name);
    let (text, full) = if clean.chars().count() > MAX_LABEL_CHARS {
        let cut: String = clean.chars().take(MAX_LABEL_CHARS - 1).collect();
        (format!("{}…", cut.trim_end()), Some(clean.into_owned()))
    } else {
        (clean.into_owned(), None)
    };
    let (sin, cos) = angle.sin_cos();
    let degrees = angle.to_degrees();
    let right = cos >= -1e-9;
    let mut label = TextBox::new(text, distance * cos, distance * sin, LABEL_SIZE);
    label.full = full;
    if right {
        label.rotate = degrees;
    } else {
        label.rotate = degrees + 180.0;
        label.anchor = Anchor::End;
    }
    label
}

/// The legend, from `y` down: how to read direction, lines and dots, then
/// the colours of the categories. Returns where it ends.
fn legend(
    graph: &Graph,
    texts: &mut Vec<TextBox>,
    marks: &mut Vec<Mark>,
    mut y: f64,
    inner: f64,
) -> f64 {
    let row = LEGEND_SIZE * 1.9;
    let mut heading = TextBox::new("How to read it".to_string(), MARGIN, y, LEGEND_SIZE);
    heading.bold = true;
    texts.push(heading);
    y += row;
    // Direction: a sample arrow, then the sentence.
    marks.push(Mark::Line {
        from: (MARGIN, y),
        to: (MARGIN + 40.0, y),
        width: 2.0,
        dashed: false,
        arrow: true,
    });
    for line in wrap(DIRECTION, LEGEND_SIZE, false, inner - 52.0) {
        texts.push(TextBox::new(line, MARGIN + 52.0, y, LEGEND_SIZE));
        y += LEGEND_SIZE * LINE_HEIGHT;
    }
    y += row - LEGEND_SIZE * LINE_HEIGHT;
    // Widths: the largest disclosed edge and tenths of it, then dashed.
    let largest = largest_edge(graph);
    let mut x = MARGIN;
    let mut samples: Vec<(String, f64, bool)> = Vec::new();
    if largest > 0 {
        let top = leading_digit(largest);
        for divisor in [1u128, 10, 100] {
            let amount = top / divisor;
            if amount == 0 {
                break;
            }
            let share = (amount as f64 / largest as f64).sqrt();
            samples.push((
                brief_u128(amount),
                LINE_WIDTH.0 + LINE_WIDTH.1 * share,
                false,
            ));
        }
    }
    samples.push(("value not disclosed".to_string(), LINE_WIDTH.0 + 0.5, true));
    let mut lead = TextBox::new("Line width:".to_string(), x, y, LEGEND_SIZE);
    lead.colour = "#444444";
    x += text_width(&lead.text, LEGEND_SIZE, false) + 10.0;
    texts.push(lead);
    for (label, width, dashed) in samples {
        let needed = 40.0 + 6.0 + text_width(&label, LEGEND_SIZE, false) + 18.0;
        if x + needed > MARGIN + inner {
            x = MARGIN;
            y += row;
        }
        marks.push(Mark::Line {
            from: (x, y),
            to: (x + 40.0, y),
            width,
            dashed,
            arrow: false,
        });
        texts.push(TextBox::new(label, x + 46.0, y, LEGEND_SIZE));
        x += needed;
    }
    y += row;
    let dots = "Dot size: the disclosed money a company paid and was paid.";
    for line in wrap(dots, LEGEND_SIZE, false, inner) {
        let mut text = TextBox::new(line, MARGIN, y, LEGEND_SIZE);
        text.colour = "#444444";
        texts.push(text);
        y += LEGEND_SIZE * LINE_HEIGHT;
    }
    y += row - LEGEND_SIZE * LINE_HEIGHT;
    // Categories, flowing in rows.
    let mut x = MARGIN;
    for category in categories_shown(graph) {
        let label = category_label(category).to_string();
        let needed = 16.0 + text_width(&label, LEGEND_SIZE, false) + 20.0;
        if x > MARGIN && x + needed > MARGIN + inner {
            x = MARGIN;
            y += row;
        }
        marks.push(Mark::Dot {
            x: x + 6.0,
            y,
            radius: 6.0,
            colour: colours(category).strong,
        });
        texts.push(TextBox::new(label, x + 16.0, y, LEGEND_SIZE));
        x += needed;
    }
    y + LEGEND_SIZE
}

/// An amount cut to its first digit (`$305B` to `$300B`), for a legend.
fn leading_digit(amount: u128) -> u128 {
    let unit = 10u128.pow(amount.checked_ilog10().unwrap_or(0));
    amount / unit * unit
}

/// The disclosed money each node paid and was paid.
fn flows(graph: &Graph) -> Vec<u128> {
    let mut flows = vec![0u128; graph.nodes.len()];
    for edge in &graph.edges {
        flows[edge.payer()] = flows[edge.payer()].saturating_add(edge.total_usd());
        if edge.provider() != edge.payer() {
            flows[edge.provider()] = flows[edge.provider()].saturating_add(edge.total_usd());
        }
    }
    flows
}

/// The companies' order around the circle, clockwise from the top: the
/// node in each slot, `None` for the gap between two categories.
fn circle_order(graph: &Graph) -> Vec<Option<usize>> {
    let groups: Vec<Vec<usize>> = CIRCLE_ORDER
        .iter()
        .map(|category| {
            (0..graph.nodes.len())
                .filter(|&n| graph.nodes[n].category == *category)
                .collect::<Vec<usize>>()
        })
        .filter(|group| !group.is_empty())
        .collect();
    let gaps = groups.len() > 1;
    let mut slots: Vec<Option<usize>> = Vec::new();
    let mut ranges = Vec::new();
    for group in &groups {
        let start = slots.len();
        slots.extend(group.iter().map(|&n| Some(n)));
        ranges.push(start..slots.len());
        if gaps {
            slots.push(None);
        }
    }
    let neighbours = neighbours(graph);
    let counted = graph.edges.len() <= MAX_COUNTED_EDGES;
    let mut best = (crossings(graph, &slots, counted), slots.clone());
    for _ in 0..REORDER_ROUNDS {
        let angles = angles_of(&slots, graph.nodes.len());
        for range in &ranges {
            let middle =
                (angles_at(range.start, slots.len()) + angles_at(range.end - 1, slots.len())) / 2.0;
            let mut members: Vec<(f64, usize, usize)> = slots[range.clone()]
                .iter()
                .enumerate()
                .filter_map(|(place, node)| node.map(|n| (place, n)))
                .map(|(place, node)| {
                    let pull = pull_towards(&neighbours[node], &angles, angles[node]);
                    (wrap_angle(pull - middle), place, node)
                })
                .collect();
            members.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            for (offset, (_, _, node)) in members.into_iter().enumerate() {
                slots[range.start + offset] = Some(node);
            }
        }
        let count = crossings(graph, &slots, counted);
        if count < best.0 {
            best = (count, slots.clone());
        }
    }
    if !counted {
        return slots;
    }
    let (mut fewest, mut slots) = best;
    // Then swap neighbours while that uncrosses chords.
    for _ in 0..REORDER_ROUNDS {
        let mut improved = false;
        for range in &ranges {
            for at in range.start..range.end.saturating_sub(1) {
                slots.swap(at, at + 1);
                let count = crossings(graph, &slots, true);
                if count < fewest {
                    fewest = count;
                    improved = true;
                } else {
                    slots.swap(at, at + 1);
                }
            }
        }
        if !improved {
            break;
        }
    }
    slots
}

/// Each node's neighbours, whichever way the money goes.
fn neighbours(graph: &Graph) -> Vec<Vec<usize>> {
    let mut neighbours = vec![Vec::new(); graph.nodes.len()];
    for edge in &graph.edges {
        if edge.payer() != edge.provider() {
            neighbours[edge.payer()].push(edge.provider());
            neighbours[edge.provider()].push(edge.payer());
        }
    }
    neighbours
}

fn angles_at(slot: usize, count: usize) -> f64 {
    -PI / 2.0 + 2.0 * PI * slot as f64 / count.max(1) as f64
}

fn angles_of(slots: &[Option<usize>], nodes: usize) -> Vec<f64> {
    let mut angles = vec![0.0; nodes];
    for (slot, node) in slots.iter().enumerate() {
        if let Some(node) = node {
            angles[*node] = angles_at(slot, slots.len());
        }
    }
    angles
}

/// The direction of the mean of the neighbours' places on the circle;
/// the node's own when it has none or they cancel out.
fn pull_towards(neighbours: &[usize], angles: &[f64], own: f64) -> f64 {
    let (mut x, mut y) = (0.0, 0.0);
    for &n in neighbours {
        x += angles[n].cos();
        y += angles[n].sin();
    }
    if x.hypot(y) < 1e-9 { own } else { y.atan2(x) }
}

/// An angle in (-π, π].
fn wrap_angle(angle: f64) -> f64 {
    let mut a = angle % (2.0 * PI);
    if a > PI {
        a -= 2.0 * PI;
    }
    if a <= -PI {
        a += 2.0 * PI;
    }
    a
}

/// How many pairs of chords cross, with the nodes in these slots; 0 when
/// not `counted`.
fn crossings(graph: &Graph, slots: &[Option<usize>], counted: bool) -> usize {
    if !counted {
        return 0;
    }
    let mut place = vec![0usize; graph.nodes.len()];
    for (slot, node) in slots.iter().enumerate() {
        if let Some(node) = node {
            place[*node] = slot;
        }
    }
    let mut chords: Vec<(usize, usize)> = graph
        .edges
        .iter()
        .filter(|e| e.payer() != e.provider())
        .map(|e| {
            let (a, b) = (place[e.payer()], place[e.provider()]);
            (a.min(b), a.max(b))
        })
        .collect();
    chords.sort_unstable();
    chords.dedup();
    let mut count = 0;
    for (i, &(a, b)) in chords.iter().enumerate() {
        for &(c, d) in &chords[i + 1..] {
            let shared = a == c || a == d || b == c || b == d;
            if !shared && ((a < c && c < b) != (a < d && d < b)) {
                count += 1;
            }
        }
    }
    count
}

/// An axis-aligned box around points.
struct Bounds {
    min: (f64, f64),
    max: (f64, f64),
}

impl Bounds {
    fn around(points: &[(f64, f64)]) -> Bounds {
        let mut bounds = Bounds {
            min: (f64::INFINITY, f64::INFINITY),
            max: (f64::NEG_INFINITY, f64::NEG_INFINITY),
        };
        bounds.take(points);
        bounds
    }

    fn take(&mut self, points: &[(f64, f64)]) {
        for &(x, y) in points {
            self.min = (self.min.0.min(x), self.min.1.min(y));
            self.max = (self.max.0.max(x), self.max.1.max(y));
        }
    }

    fn width(&self) -> f64 {
        self.max.0 - self.min.0
    }
}

/// Text broken into lines no wider than `width`, at spaces where it can
/// be, inside a word where it must.
fn wrap(text: &str, size: f64, bold: bool, width: f64) -> Vec<String> {
    let clean = sanitize_line(text);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in clean.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size, bold) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if text_width(&line, size, bold) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Helvetica's advance widths for the printable ASCII characters, in
/// thousandths of the font size, from space (32) to tilde (126).
const WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0..9
    278, 278, 584, 584, 584, 556, 1015, // :..@
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
    611, 722, 667, 944, 667, 667, 611, // A..Z
    278, 278, 278, 469, 556, 333, // [..`
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, // a..z
    334, 260, 334, 584, // {..~
];

/// A text's width at a font size, estimated on the wide side: Helvetica's
/// widths plus a tenth (other sans-serif fonts run wider), a bold tenth
/// more, and a full em for any character outside ASCII.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let thousandths: u32 = text
        .chars()
        .map(|c| match c as u32 {
            code @ 32..=126 => u32::from(WIDTHS[(code - 32) as usize]),
            _ => 1000,
        })
        .sum();
    let factor = if bold { 1.21 } else { 1.1 };
    f64::from(thousandths) / 1000.0 * size * factor
}

/// Draws what [`layout`] placed.
fn draw(graph: &Graph, caption: &Caption, layout: &Layout) -> String {
    let mut svg = String::with_capacity(4096 + 600 * graph.edges.len());
    let (w, h) = (layout.width, layout.height);
    let title = caption.title();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"{FONT_FAMILY}\" role=\"img\" aria-labelledby=\"graph-title graph-desc\">"
    );
    let _ = writeln!(svg, "<title id=\"graph-title\">{}</title>", xml(title));
    let mut description = caption.lines(graph);
    description.push(DIRECTION.to_string());
    let _ = writeln!(
        svg,
        "<desc id=\"graph-desc\">{}</desc>",
        xml(&description.join(" "))
    );
    let _ = writeln!(
        svg,
        "<rect x=\"0\" y=\"0\" width=\"{w:.0}\" height=\"{h:.0}\" fill=\"#ffffff\"/>"
    );
    // The circle's outline, faint, then the edges (largest first, so
    // thin ones stay visible on top), the dots, and the labels.
    let (cx, cy) = layout.center;
    if !graph.nodes.is_empty() {
        let _ = writeln!(
            svg,
            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{:.1}\" fill=\"none\" stroke=\"#eeeeee\" stroke-width=\"1\"/>",
            layout.radius
        );
    }
    svg.push_str("<g fill=\"none\" stroke-linecap=\"round\">\n");
    let largest = largest_edge(graph);
    for edge in &graph.edges {
        draw_edge(&mut svg, graph, layout, edge, largest);
    }
    svg.push_str("</g>\n<g stroke=\"#ffffff\" stroke-width=\"1\">\n");
    for (node, spot) in graph.nodes.iter().zip(&layout.spots) {
        let _ = writeln!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"{}\"><title>{} ({})</title></circle>",
            spot.x,
            spot.y,
            spot.radius,
            colours(node.category).strong,
            xml(&sanitize_line(&node.name)),
            category_label(node.category)
        );
    }
    svg.push_str("</g>\n");
    for text in &layout.texts {
        draw_text(&mut svg, text);
    }
    for mark in &layout.marks {
        draw_mark(&mut svg, mark);
    }
    svg.push_str("</svg>\n");
    svg
}

/// An edge: a curve bent towards the centre and to the right of its
/// direction, ending in an arrowhead at the provider's dot.
fn draw_edge(svg: &mut String, graph: &Graph, layout: &Layout, edge: &Edge, largest: u128) {
    let from = layout.spots[edge.payer()];
    let to = layout.spots[edge.provider()];
    let undisclosed = is_undisclosed(edge);
    let width = if undisclosed {
        LINE_WIDTH.0 + 0.5
    } else {
        LINE_WIDTH.0 + LINE_WIDTH.1 * weight(edge, largest)
    };
    let colour = if undisclosed {
        "#888888"
    } else {
        colours(graph.nodes[edge.payer()].category).strong
    };
    let tooltip = format!(
        "{}: {}",
        sanitize_line(&graph.label(edge)),
        edge_money(edge)
    );
    let dash = if undisclosed {
        " stroke-dasharray=\"5 4\""
    } else {
        ""
    };
    if edge.payer() == edge.provider() {
        // A company paying itself (under two names): a small loop inside.
        let (cx, cy) = layout.center;
        let toward = unit((cx - from.x, cy - from.y));
        let side = (-toward.1, toward.0);
        let reach = 28.0;
        let a = (
            from.x + toward.0 * reach + side.0 * 12.0,
            from.y + toward.1 * reach + side.1 * 12.0,
        );
        let b = (
            from.x + toward.0 * reach - side.0 * 12.0,
            from.y + toward.1 * reach - side.1 * 12.0,
        );
        let _ = writeln!(
            svg,
            "<path d=\"M{:.1} {:.1} C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}\" stroke=\"{colour}\" stroke-opacity=\"0.6\" stroke-width=\"{width:.1}\"{dash}><title>{}</title></path>",
            from.x,
            from.y,
            a.0,
            a.1,
            b.0,
            b.1,
            from.x,
            from.y,
            xml(&tooltip)
        );
        return;
    }
    let curve = Curve::of(from, to, layout.center);
    let (start, control, tip) = (curve.from, curve.control, curve.to);
    let arriving = unit((tip.0 - control.0, tip.1 - control.1));
    let head_length = 6.0 + 1.2 * width;
    let head_half = 3.0 + 0.9 * width;
    let base = (
        tip.0 - arriving.0 * head_length,
        tip.1 - arriving.1 * head_length,
    );
    let across = (-arriving.1, arriving.0);
    let line_end = (
        tip.0 - arriving.0 * head_length * 0.8,
        tip.1 - arriving.1 * head_length * 0.8,
    );
    let _ = writeln!(
        svg,
        "<g><title>{}</title><path d=\"M{:.1} {:.1} Q{:.1} {:.1} {:.1} {:.1}\" stroke=\"{colour}\" stroke-opacity=\"0.55\" stroke-width=\"{width:.1}\"{dash}/><path d=\"M{:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z\" fill=\"{colour}\" fill-opacity=\"0.85\" stroke=\"none\"/></g>",
        xml(&tooltip),
        start.0,
        start.1,
        control.0,
        control.1,
        line_end.0,
        line_end.1,
        tip.0,
        tip.1,
        base.0 + across.0 * head_half,
        base.1 + across.1 * head_half,
        base.0 - across.0 * head_half,
        base.1 - across.1 * head_half,
    );
}

fn unit((x, y): (f64, f64)) -> (f64, f64) {
    let length = x.hypot(y);
    if length < 1e-9 {
        (1.0, 0.0)
    } else {
        (x / length, y / length)
    }
}

fn draw_text(svg: &mut String, text: &TextBox) {
    let anchor = match text.anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    let mut attributes = format!(
        "x=\"{:.1}\" y=\"{:.1}\" dy=\"0.35em\" font-size=\"{:.0}\" fill=\"{}\"",
        text.x, text.y, text.size, text.colour
    );
    if text.anchor != Anchor::Start {
        let _ = write!(attributes, " text-anchor=\"{anchor}\"");
    }
    if text.bold {
        attributes.push_str(" font-weight=\"bold\"");
    }
    if text.halo {
        attributes.push_str(
            " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
        );
    }
    if text.rotate.abs() > 1e-9 {
        let _ = write!(
            attributes,
            " transform=\"rotate({:.2} {:.1} {:.1})\"",
            text.rotate, text.x, text.y
        );
    }
    match &text.full {
        Some(full) => {
            let _ = writeln!(
                svg,
                "<text {attributes}><title>{}</title>{}</text>",
                xml(full),
                xml(&text.text)
            );
        }
        None => {
            let _ = writeln!(svg, "<text {attributes}>{}</text>", xml(&text.text));
        }
    }
}

fn draw_mark(svg: &mut String, mark: &Mark) {
    match mark {
        Mark::Dot {
            x,
            y,
            radius,
            colour,
        } => {
            let _ = writeln!(
                svg,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{radius:.1}\" fill=\"{colour}\"/>"
            );
        }
        Mark::Line {
            from,
            to,
            width,
            dashed,
            arrow,
        } => {
            let dash = if *dashed {
                " stroke-dasharray=\"5 4\""
            } else {
                ""
            };
            let colour = if *dashed { "#888888" } else { "#555555" };
            let end = if *arrow { to.0 - 8.0 } else { to.0 };
            let _ = writeln!(
                svg,
                "<path d=\"M{:.1} {:.1} L{:.1} {:.1}\" stroke=\"{colour}\" stroke-width=\"{width:.1}\" fill=\"none\"{dash}/>",
                from.0, from.1, end, to.1
            );
            if *arrow {
                let _ = writeln!(
                    svg,
                    "<path d=\"M{:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z\" fill=\"{colour}\"/>",
                    to.0,
                    to.1,
                    to.0 - 10.0,
                    to.1 - 5.0,
                    to.0 - 10.0,
                    to.1 + 5.0
                );
            }
        }
    }
}

/// Text for SVG's text content and attribute values: markup characters as
/// entities, and what XML cannot hold at all (control characters, which
/// `sanitize_line` has already made visible, and U+FFFE/U+FFFF) as
/// visible escapes.
pub fn xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in sanitize_line(text).chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            '\u{FFFE}' | '\u{FFFF}' => {
                let _ = write!(escaped, "\\u{{{:x}}}", c as u32);
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
    fn boxes_overlap_only_when_they_meet() {
        let a = [(0.0, 0.0), (10.0, 0.0), (10.0, 5.0), (0.0, 5.0)];
        let b = [(9.0, 4.0), (20.0, 4.0), (20.0, 9.0), (9.0, 9.0)];
        let c = [(10.0, 0.0), (20.0, 0.0), (20.0, 5.0), (10.0, 5.0)];
        assert!(overlap(&a, &b));
        assert!(!overlap(&a, &c), "touching");
        // A diamond beside the corner of a square: their bounding boxes
        // meet, they do not.
        let diamond = [(12.0, 6.5), (14.0, 8.5), (12.0, 10.5), (10.0, 8.5)];
        assert!(!overlap(&a, &diamond));
    }

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(xml("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(xml("x\u{1b}y\u{FFFF}"), "x\\x1by\\u{ffff}");
    }

    #[test]
    fn wrapping_keeps_lines_narrow() {
        let lines = wrap(&"word ".repeat(40), 12.0, false, 200.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, 12.0, false) <= 200.0));
        let long = wrap(&"x".repeat(100), 12.0, false, 100.0);
        assert!(long.iter().all(|l| text_width(l, 12.0, false) <= 100.0));
    }
}
