//! The report page (`deals report`): one self-contained HTML file, drawn
//! by an askama template (`templates/report.html`) that escapes every
//! value for HTML unless told otherwise.
//!
//! Data is untrusted. Every string from a dataset reaches the template as
//! [`Txt`], which makes control, bidirectional-override and zero-width
//! characters visible (as [`sanitize_line`] does for the terminal) before
//! the template escapes markup; a URL becomes a link only as an [`Href`],
//! which only an `http` or `https` URL can be. The only values written
//! unescaped are the page's own style and script and the money graph's
//! SVG, which `render::svg` escapes itself. A Content-Security-Policy
//! allows no load from anywhere and runs only the style and script whose
//! SHA-256 hashes it names, so even a mistake here could not fetch or run
//! anything. The script sorts the deals table by moving its rows; it holds
//! no data.

use std::fmt::{self, Display};

use askama::Template;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::date::Date;
use crate::group::{Group, GroupBy, Key, Rest};
use crate::model::{Coverage, Deal, Evidence, Fact, Source};
use crate::money::{Tally, brief_u128, human_u128};
use crate::sanitize::{is_unsafe, sanitize_line};

/// The page's style sheet and its one script, written into the page as
/// they are and named in its Content-Security-Policy by their hashes.
pub const STYLE: &str = include_str!("../../templates/report.css");
pub const SCRIPT: &str = include_str!("../../templates/report.js");

/// Everything a report shows, as `deals report` computed it.
pub struct Report<'a> {
    /// The filters as typed; empty for none.
    pub filters: String,
    pub as_of: Option<Date>,
    pub coverage: Option<Coverage>,
    /// How many deals match the filters (as `deals list` counts them).
    pub matched: usize,
    /// The deals the totals count.
    pub tally: Tally,
    /// Whether the totals leave out superseded and cancelled deals.
    pub leaves_out_replaced: bool,
    /// What the totals leave out or rest on, and where the data ends.
    pub notes: Vec<String>,
    pub charts: Vec<Chart>,
    /// The table's deals, in order, at most `limit` of the `matched`.
    pub deals: &'a [&'a Deal],
    pub limit: usize,
    pub facts: Vec<&'a Fact>,
    /// Whether the facts were chosen by the companies of the matched deals.
    pub facts_filtered: bool,
    /// The money graph drawn as SVG, escaped by whoever drew it; `None`
    /// while there is no graph to draw.
    pub graph_svg: Option<String>,
    /// What the page says under the graph.
    pub graph_notes: Vec<String>,
    /// The cycles of money; `None` while there is no search for them.
    pub cycles: Option<CycleList>,
}

/// The cycles of money found in the matched deals, in the order to show
/// them.
pub struct CycleList {
    pub cycles: Vec<CycleShown>,
    /// The longest cycle looked for, in steps.
    pub max_length: usize,
    /// Cycles found but not shown.
    pub more: usize,
    /// Why the search stopped before it found every cycle, if it did.
    pub stopped: Option<String>,
}

/// One cycle: its companies in order (each pays the next, the last the
/// first), and each step.
pub struct CycleShown {
    pub companies: Vec<String>,
    /// The disclosed money on the smallest step; `None` when some step
    /// disclosed none.
    pub smallest: Option<u128>,
    pub steps: Vec<StepShown>,
}

/// One step of a cycle: who pays whom, how much, in which deals.
pub struct StepShown {
    pub payer: String,
    pub provider: String,
    pub tally: Tally,
    pub deals: Vec<StepDeal>,
}

pub struct StepDeal {
    pub id: String,
    pub announced: Date,
    pub kind: Option<String>,
    pub value_usd: Option<u64>,
}

/// One grouped total, as `deals total --by` gives it.
pub struct Chart {
    pub by: GroupBy,
    pub title: String,
    pub groups: Vec<Group>,
    pub rest: Option<Rest>,
}

/// Draws the page.
pub fn render(report: &Report<'_>) -> Result<String, askama::Error> {
    Page::new(report).render()
}

/// The Content-Security-Policy of the page: nothing may load from
/// anywhere (images only from `data:` URLs, for the empty icon), and only
/// the page's own style and script may apply and run.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; img-src data:; style-src '{}'; script-src '{}'; base-uri 'none'; form-action 'none'",
        sha256_source(STYLE),
        sha256_source(SCRIPT)
    )
}

/// A CSP hash source: `sha256-` and the base64 of the text's SHA-256.
fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Untrusted text on its way into the page: control, bidirectional and
/// invisible characters are made visible (`\u{202e}`), so that no name can
/// reorder or hide what is around it; the template then escapes markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Txt(String);

impl Txt {
    pub fn new(text: &str) -> Txt {
        Txt(sanitize_line(text).into_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Display for Txt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A URL a link may point to: `http://` or `https://` and a host, with
/// nothing in it that could end an attribute or hide a character (the
/// template still escapes it for the attribute).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Href(String);

impl Href {
    /// The URL, when it is one a page may link to; `None` for any other
    /// scheme (`javascript:`, `data:`, a relative path …).
    pub fn parse(url: &str) -> Option<Href> {
        let rest = strip_prefix_ignore_case(url, "https://")
            .or_else(|| strip_prefix_ignore_case(url, "http://"))?;
        let host_ok = rest
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '[');
        let clean = !url.chars().any(|c| c.is_whitespace() || is_unsafe(c));
        (host_ok && clean).then(|| Href(url.to_string()))
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

impl Display for Href {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The page, as the template reads it.
#[derive(Template)]
#[template(path = "report.html")]
struct Page {
    csp: String,
    style: &'static str,
    script: &'static str,
    filters: Option<Txt>,
    figures: Vec<Figure>,
    notes: Vec<Prose>,
    totals_rule: Prose,
    charts: Vec<ChartView>,
    table_note: String,
    rows: Vec<Row>,
    facts_note: &'static str,
    facts: Vec<FactRow>,
    graph_svg: Option<String>,
    graph_notes: Vec<Prose>,
    cycles: Option<CyclesView>,
}

struct CyclesView {
    intro: String,
    cycles: Vec<CycleView>,
    notes: Vec<Prose>,
}

struct CycleView {
    path: Txt,
    smallest: String,
    steps: Vec<StepView>,
}

struct StepView {
    label: Txt,
    money: String,
    deals: Vec<Txt>,
}

/// A sentence whose command-line flags (`--status`) are set as code, so
/// that a line never breaks inside one.
struct Prose {
    parts: Vec<Part>,
}

struct Part {
    text: Txt,
    flag: bool,
}

impl Prose {
    fn new(text: &str) -> Prose {
        let mut parts: Vec<Part> = Vec::new();
        let mut plain = String::new();
        for word in text.split_inclusive(' ') {
            let flag_len = flag_length(word);
            if flag_len == 0 {
                plain.push_str(word);
                continue;
            }
            if !plain.is_empty() {
                parts.push(Part::plain(&plain));
                plain.clear();
            }
            parts.push(Part {
                text: Txt::new(&word[..flag_len]),
                flag: true,
            });
            plain.push_str(&word[flag_len..]);
        }
        if !plain.is_empty() {
            parts.push(Part::plain(&plain));
        }
        Prose { parts }
    }
}

impl Part {
    fn plain(text: &str) -> Part {
        Part {
            text: Txt::new(text),
            flag: false,
        }
    }
}

/// The length of the flag a word starts with (`--status` in
/// `--status;`), or 0.
fn flag_length(word: &str) -> usize {
    let Some(name) = word.strip_prefix("--") else {
        return 0;
    };
    let name_len = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(name.len());
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        2 + name_len
    } else {
        0
    }
}

/// A headline figure: a label, a value and a line under it.
struct Figure {
    /// What the figure is, for programs that read the page.
    name: &'static str,
    /// The exact number, for programs that read the page; empty for a
    /// figure that is no number.
    exact: String,
    label: &'static str,
    value: String,
    detail: String,
    /// Set in smaller type: a date or a span of dates.
    dates: bool,
    /// What pointing at the value shows: the exact amount.
    title: String,
}

struct ChartView {
    id: String,
    title: String,
    note: Option<String>,
    bars: Vec<Bar>,
}

/// A row of a chart: a group's name, its counts and its share of the
/// largest group, drawn as a bar.
struct Bar {
    label: Txt,
    deals: u64,
    undisclosed: u64,
    /// The counts with thousands separated, to read.
    deals_text: String,
    undisclosed_text: String,
    /// The exact total, in dollars, for programs that read the page.
    usd: u128,
    total: String,
    exact: String,
    /// Width of the bar, in percent of the largest group: `42.17`; empty
    /// for no bar.
    width: String,
    rest: bool,
}

/// A deal in the table.
struct Row {
    id: Txt,
    announced: String,
    buyer: Txt,
    seller: Txt,
    value: String,
    /// The value as a key that sorts as a number (20 digits); empty when
    /// undisclosed.
    value_key: String,
    value_note: Option<Txt>,
    kind: Txt,
    status: Txt,
    evidence: &'static str,
    evidence_rank: u8,
    summary: Option<Txt>,
    sources: Vec<SourceView>,
}

struct SourceView {
    href: Option<Href>,
    publisher: Txt,
    title: Option<Txt>,
    kind: &'static str,
    date: Option<String>,
}

struct FactRow {
    subject: Txt,
    metric: Txt,
    value: Txt,
    period: Option<Txt>,
    source: SourceView,
}

impl Page {
    fn new(report: &Report<'_>) -> Page {
        Page {
            csp: content_security_policy(),
            style: STYLE,
            script: SCRIPT,
            filters: (!report.filters.is_empty()).then(|| Txt::new(&report.filters)),
            figures: figures(report),
            notes: report.notes.iter().map(|n| Prose::new(n)).collect(),
            totals_rule: Prose::new(if report.leaves_out_replaced {
                "Totals and charts count every matched deal except superseded and cancelled ones (their money is counted in the deals that replaced them, or was never spent); --status asks for them."
            } else {
                "Totals and charts count every matched deal of the statuses asked for with --status."
            }),
            charts: report.charts.iter().map(chart_view).collect(),
            table_note: table_note(report),
            rows: report.deals.iter().map(|d| row(d)).collect(),
            facts_note: if report.facts_filtered {
                "Figures that are not deals, about the companies in the matched deals."
            } else {
                "Figures that are not deals: revenue, backlog, capacity, funding."
            },
            facts: report.facts.iter().map(|f| fact_row(f)).collect(),
            graph_svg: report.graph_svg.as_deref().map(inline_svg),
            graph_notes: report.graph_notes.iter().map(|n| Prose::new(n)).collect(),
            cycles: report.cycles.as_ref().map(cycles_view),
        }
    }
}

/// An SVG document as an element of the page: without an XML
/// declaration or doctype before its `<svg>`, which HTML does not read.
fn inline_svg(svg: &str) -> String {
    match svg.find("<svg") {
        Some(at) => svg[at..].to_string(),
        None => String::new(),
    }
}

fn cycles_view(list: &CycleList) -> CyclesView {
    let n = list.cycles.len() + list.more;
    let intro = if n == 0 {
        format!(
            "No money goes round in the matched deals: no cycle of up to {} steps, in which each company pays the next and the last pays the first.",
            list.max_length
        )
    } else {
        format!(
            "{} {} of up to {} steps, in which money goes round: each company pays the next, and the last pays the first. Largest smallest step first.",
            thousands(n as u128),
            plural(n as u64, "cycle", "cycles"),
            list.max_length
        )
    };
    let mut notes = Vec::new();
    if list.more > 0 {
        notes.push(Prose::new(&format!(
            "The page shows the first {}; deals cycles lists all {}.",
            list.cycles.len(),
            thousands(n as u128)
        )));
    }
    if let Some(stopped) = &list.stopped {
        notes.push(Prose::new(stopped));
    }
    CyclesView {
        intro,
        cycles: list.cycles.iter().map(cycle_view).collect(),
        notes,
    }
}

fn cycle_view(cycle: &CycleShown) -> CycleView {
    let mut path = cycle.companies.join(" → ");
    if let Some(first) = cycle.companies.first() {
        path.push_str(" → ");
        path.push_str(first);
    }
    CycleView {
        path: Txt::new(&path),
        smallest: match cycle.smallest {
            Some(usd) => format!("smallest step {}", brief_u128(usd)),
            None => "a step without a disclosed value".to_string(),
        },
        steps: cycle
            .steps
            .iter()
            .map(|step| StepView {
                label: Txt::new(&format!("{} → {}", step.payer, step.provider)),
                money: step_money(&step.tally),
                deals: step
                    .deals
                    .iter()
                    .map(|deal| {
                        let value = deal
                            .value_usd
                            .map_or("undisclosed".to_string(), |v| brief_u128(u128::from(v)));
                        let kind = deal.kind.as_deref().unwrap_or("no kind");
                        Txt::new(&format!(
                            "{} ({}, {kind}, {value})",
                            deal.id, deal.announced
                        ))
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A step's money: `$300B`, `$5B + 1 undisclosed`, `undisclosed`.
fn step_money(tally: &Tally) -> String {
    match (tally.disclosed, tally.undisclosed()) {
        (0, _) => "undisclosed".to_string(),
        (_, 0) => brief_u128(tally.total_usd),
        (_, n) => format!("{} + {n} undisclosed", brief_u128(tally.total_usd)),
    }
}

fn figures(report: &Report<'_>) -> Vec<Figure> {
    let tally = &report.tally;
    let mut figures = vec![
        Figure {
            name: "matched",
            exact: report.matched.to_string(),
            label: "Deals matched",
            value: thousands(report.matched as u128),
            detail: format!(
                "{} counted in the totals",
                thousands(u128::from(tally.deals))
            ),
            dates: false,
            title: String::new(),
        },
        Figure {
            name: "total-usd",
            exact: tally.total_usd.to_string(),
            label: "Disclosed total",
            value: if tally.disclosed == 0 {
                "—".to_string()
            } else {
                brief_u128(tally.total_usd)
            },
            detail: format!(
                "{} {} with a disclosed value",
                thousands(u128::from(tally.disclosed)),
                plural(tally.disclosed, "deal", "deals")
            ),
            dates: false,
            title: format!("${} exactly", thousands(tally.total_usd)),
        },
        Figure {
            name: "undisclosed",
            exact: tally.undisclosed().to_string(),
            label: "Undisclosed",
            value: thousands(u128::from(tally.undisclosed())),
            detail: "counted, never summed as zero".to_string(),
            dates: false,
            title: String::new(),
        },
    ];
    if let Some(as_of) = report.as_of {
        figures.push(Figure {
            name: "as-of",
            exact: String::new(),
            label: "Dataset as of",
            value: as_of.to_string(),
            detail: "the day it was compiled".to_string(),
            dates: true,
            title: String::new(),
        });
    }
    if let Some(coverage) = report.coverage {
        figures.push(Figure {
            name: "coverage",
            exact: String::new(),
            label: "Coverage",
            value: format!("{} – {}", coverage.from, coverage.through),
            detail: "announcements the dataset sets out to cover".to_string(),
            dates: true,
            title: String::new(),
        });
    }
    figures
}

fn chart_view(chart: &Chart) -> ChartView {
    // The rest, many groups added up, is no group to compare with: bars
    // are drawn against the largest group, and the rest gets none.
    let largest = chart
        .groups
        .iter()
        .map(|g| g.tally.total_usd)
        .max()
        .unwrap_or(0);
    let mut bars: Vec<Bar> = chart
        .groups
        .iter()
        .map(|group| {
            bar(
                Txt::new(&key_label(&group.key)),
                &group.tally,
                largest,
                false,
            )
        })
        .collect();
    if let Some(rest) = &chart.rest {
        let label = format!(
            "{} {}",
            rest.groups,
            plural(rest.groups as u64, "other", "others")
        );
        bars.push(bar(Txt::new(&label), &rest.tally, largest, true));
    }
    let note = chart.rest.as_ref().map(|_| {
        format!(
            "The {} largest, then the rest added up (drawn without a bar: it is no one group).",
            chart.groups.len()
        )
    });
    ChartView {
        id: format!("by-{}", chart.by.name()),
        title: chart.title.clone(),
        note,
        bars,
    }
}

fn bar(label: Txt, tally: &Tally, largest: u128, rest: bool) -> Bar {
    Bar {
        label,
        deals: tally.deals,
        undisclosed: tally.undisclosed(),
        deals_text: thousands(u128::from(tally.deals)),
        undisclosed_text: thousands(u128::from(tally.undisclosed())),
        usd: tally.total_usd,
        total: tally.human_total(),
        exact: human_u128(tally.total_usd),
        width: if rest {
            String::new()
        } else {
            percent(tally.total_usd, largest)
        },
        rest,
    }
}

/// `part` (at most `whole`) in percent of `whole`, to a hundredth, rounded
/// down: `42.17`.
fn percent(part: u128, whole: u128) -> String {
    let (mut part, mut whole) = (part.min(whole), whole);
    // Sums past 10^34 dollars lose bits they could not show anyway.
    while part.checked_mul(10_000).is_none() {
        part >>= 1;
        whole >>= 1;
    }
    if whole == 0 {
        return "0".to_string();
    }
    let hundredths = part * 10_000 / whole;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn key_label(key: &Key) -> String {
    match key {
        Key::Missing => "(none)".to_string(),
        key => key.to_string(),
    }
}

fn table_note(report: &Report<'_>) -> String {
    let shown = report.deals.len();
    let matched = report.matched;
    if shown < matched {
        format!(
            "The table shows the {} deals with the largest disclosed values (--limit {}); {} of the {} matched deals are left out of it. Every total and chart above covers all {}.",
            thousands(shown as u128),
            report.limit,
            thousands((matched - shown) as u128),
            thousands(matched as u128),
            thousands(matched as u128),
        )
    } else {
        format!(
            "All {} matched {}, largest disclosed value first; superseded and cancelled ones included, as deals list shows them.",
            thousands(matched as u128),
            plural(matched as u64, "deal", "deals")
        )
    }
}

fn row(deal: &Deal) -> Row {
    let evidence = deal.evidence();
    Row {
        id: Txt::new(&deal.id),
        announced: deal.announced.to_string(),
        buyer: Txt::new(&deal.buyer),
        seller: Txt::new(&deal.seller),
        value: deal
            .value_usd
            .map_or("undisclosed".to_string(), |v| brief_u128(u128::from(v.0))),
        value_key: deal
            .value_usd
            .map_or(String::new(), |v| format!("{:020}", v.0)),
        value_note: deal.value_note.as_deref().map(Txt::new),
        kind: Txt::new(deal.kind.as_deref().unwrap_or("")),
        status: Txt::new(deal.status.as_deref().unwrap_or("")),
        evidence: evidence.name(),
        evidence_rank: match evidence {
            Evidence::Primary => 3,
            Evidence::Press => 2,
            Evidence::Secondary => 1,
        },
        summary: deal.summary.as_deref().map(Txt::new),
        sources: deal.sources.iter().map(source_view).collect(),
    }
}

fn source_view(source: &Source) -> SourceView {
    SourceView {
        href: Href::parse(source.url.as_str()),
        publisher: Txt::new(&source.publisher),
        title: source.title.as_deref().map(Txt::new),
        kind: source.evidence().name(),
        date: source.date.map(|d| d.to_string()),
    }
}

fn fact_row(fact: &Fact) -> FactRow {
    FactRow {
        subject: Txt::new(&fact.subject),
        metric: Txt::new(&fact.metric),
        value: Txt::new(&fact.brief_value()),
        period: fact.period.as_deref().map(Txt::new),
        source: source_view(&fact.source),
    }
}

/// `1,234,567`.
pub fn thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_urls_become_links() {
        for good in [
            "https://example.com/a?b=1&c=2",
            "HTTP://example.com",
            "https://[::1]/x",
        ] {
            assert!(Href::parse(good).is_some(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "//evil.example/x",
            "/relative",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://example.com/\u{202e}gpj.exe",
            "https://example.com/\n",
            "http:\\\\evil.example",
        ] {
            assert!(Href::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn flags_in_prose_are_set_apart() {
        let prose =
            Prose::new("Left out 2 deals; --status superseded selects them (--evidence). -- no");
        let parts: Vec<(&str, bool)> = prose
            .parts
            .iter()
            .map(|p| (p.text.as_str(), p.flag))
            .collect();
        assert_eq!(
            parts,
            [
                ("Left out 2 deals; ", false),
                ("--status", true),
                (" superseded selects them (--evidence). -- no", false),
            ]
        );
    }

    #[test]
    fn untrusted_text_shows_its_hidden_characters() {
        assert_eq!(Txt::new("Evil\u{202e}Corp").as_str(), "Evil\\u{202e}Corp");
        assert_eq!(Txt::new("a\u{1b}[2Jb").as_str(), "a\\x1b[2Jb");
        assert_eq!(Txt::new("zero\u{200b}width").as_str(), "zero\\u{200b}width");
        assert_eq!(Txt::new("Société Générale").as_str(), "Société Générale");
    }

    #[test]
    fn the_policy_names_the_hashes_of_the_style_and_script() {
        let policy = content_security_policy();
        assert!(policy.starts_with("default-src 'none';"));
        assert!(!policy.contains("unsafe"));
        // The SHA-256 of the empty string, as CSP writes it.
        assert_eq!(
            sha256_source(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert!(policy.contains(&format!("script-src '{}'", sha256_source(SCRIPT))));
        assert!(policy.contains(&format!("style-src '{}'", sha256_source(STYLE))));
    }

    #[test]
    fn bars_are_exact_shares_of_the_largest() {
        assert_eq!(percent(1, 3), "33.33");
        assert_eq!(percent(3, 3), "100.00");
        assert_eq!(percent(0, 3), "0.00");
        assert_eq!(percent(5, 0), "0");
        assert_eq!(percent(u128::MAX / 2, u128::MAX), "49.99");
        assert_eq!(percent(u128::MAX, u128::MAX), "100.00");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(0), "0");
    }
}
