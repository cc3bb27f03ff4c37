//! Streaming queries: `list`, `total`, `graph` and `cycles` over a
//! `--data` file without building the whole dataset in memory.
//!
//! Deals are parsed one at a time into a lean deal (the fields the query
//! reads, borrowed from the input, the rest only checked), filtered, and
//! either added up (`total`), kept compactly in the money graph (`graph`
//! and `cycles`: id, date, kind and value), or, when they match, parsed in
//! full and kept (`list`, which so checks in full every deal it prints). A hand-written
//! reader takes the usual plain record (`scan`), serde every other
//! (`lean`). Grouping by company, and the graph, number names per worker
//! (`interner`). Pictures of the graph (`--format dot|mermaid|svg`) print
//! the dataset's date and so are left to the loader.
//! When each deal sits on a line of its own — NDJSON, or a dataset object or
//! array written one deal per line — the input is cut into chunks at line
//! ends and parsed on every core, and a regular file is read chunk by chunk,
//! so memory does not grow with the file (`chunks`). Any other layout is
//! read whole and parsed in one pass (`whole`).
//!
//! The streaming path answers only when it can answer exactly as loading the
//! whole dataset would. On anything else — a parse error, a duplicate id, a
//! name no deal mentions, a kind outside the vocabulary, companies listed
//! after the deals, an unusual layout — it declines, and the caller loads the
//! dataset the ordinary way, which gives the same answer or the full error.

mod chunks;
mod interner;
mod lean;
mod scan;
mod whole;

use std::fmt;
use std::fs::File;
use std::hash::BuildHasher;
use std::io::{self, Read, Write};

use serde::de::{self, DeserializeSeed};

use crate::cli::{Command, CyclesArgs, GraphArgs, ListArgs, TotalArgs};
use crate::cmd::{cycles, graph, list, total};
use crate::error::Failure;
use crate::graph::{Graph, GraphBuilder};
use crate::group::GroupBy;
use crate::load::{self, Origin};
use crate::model::{Coverage, Deal, DealView};
use crate::names::{Directory, same_name};
use crate::query::{Filter, coverage_note, sort_deals};
use crate::render::Output;

use interner::{EdgeDeal, Interner, Met, Recording, Resolver};
use lean::{LeanDeal, LeanSeed, Wants};

#[doc(hidden)]
pub use scan::{assert_agrees_with_serde, count_plain_records};

/// What became of a streaming attempt.
pub enum Attempt {
    /// The answer is written.
    Done,
    /// The ordinary path must answer; here is the input if it was consumed
    /// (standard input cannot be read twice).
    Declined(Option<Vec<u8>>),
}

/// Bytes read at a time from a file, and the most read before deciding how
/// the input is laid out.
const CHUNK: usize = 2 << 20;

/// The chunk size: [`CHUNK`], unless `DEALS_STREAM_CHUNK` sets another (the
/// tests use tiny chunks to put many chunk boundaries in small inputs).
fn chunk_size() -> usize {
    std::env::var("DEALS_STREAM_CHUNK")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .map_or(CHUNK, |n| n.max(16))
}

/// The money graph keeps every matched deal (about 23 bytes each and its
/// id), so it reads in smaller chunks, leaving that memory to the graph.
const GRAPH_CHUNK: usize = 1 << 19;

/// Streams `list`, `total`, `graph` or `cycles` over `origin` when it can;
/// other commands, pictures and the bundled dataset always take the
/// ordinary path.
pub fn try_run(
    command: &Command,
    origin: &Origin,
    output: &Output,
    out: &mut dyn Write,
) -> anyhow::Result<Attempt> {
    let query = match command {
        Command::List(args) => Query::List(args),
        Command::Total(args) if total::check_args(args).is_ok() => Query::Total(args),
        Command::Graph(args) if output.picture.is_none() => Query::Graph(args),
        Command::Cycles(args) => Query::Cycles(args),
        _ => return Ok(Attempt::Declined(None)),
    };
    let query = Shaped {
        query,
        kind_note: output.format.is_grid(),
    };
    let (answer, consumed) = match Input::open(origin)? {
        None => return Ok(Attempt::Declined(None)),
        Some(Input::File { file, layout }) => (chunks::stream_file(file, &layout, &query), None),
        Some(Input::Memory(bytes)) => (scan_memory(&bytes, &query), Some(bytes)),
    };
    match answer {
        Ok(answer) => {
            answer.write(&query, output, out)?;
            Ok(Attempt::Done)
        }
        Err(Decline) if *origin == Origin::Stdin => Ok(Attempt::Declined(consumed)),
        Err(Decline) => Ok(Attempt::Declined(None)),
    }
}

/// A reason not to answer here; the ordinary path will.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decline;

impl fmt::Display for Decline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("declined")
    }
}

impl std::error::Error for Decline {}

impl de::Error for Decline {
    fn custom<T: fmt::Display>(_: T) -> Decline {
        Decline
    }
}

/// A serde error that makes the streaming path decline.
fn decline<T: fmt::Display, E: de::Error>(why: T) -> E {
    E::custom(why)
}

enum Query<'a> {
    List(&'a ListArgs),
    Total(&'a TotalArgs),
    Graph(&'a GraphArgs),
    Cycles(&'a CyclesArgs),
}

/// A query and what its output needs beyond the answer: a total printed as
/// a table notes how much of it is which kind.
struct Shaped<'a> {
    query: Query<'a>,
    kind_note: bool,
}

/// The input: a regular file laid out one deal per line, to be read in
/// chunks, or bytes in memory.
enum Input {
    File { file: File, layout: Layout },
    Memory(Vec<u8>),
}

impl Input {
    /// The input, or `None` when only the ordinary path can read it (the
    /// bundled data; anything but a regular file; a file too large to read
    /// whole). Standard input is read once, here, with the ordinary path's
    /// limit and errors.
    fn open(origin: &Origin) -> Result<Option<Input>, Failure> {
        match origin {
            Origin::Bundled => Ok(None),
            Origin::Stdin => Ok(Some(Input::Memory(load::read(origin)?.into_owned()))),
            Origin::File(path) => Ok(Input::open_file(path).ok().flatten()),
        }
    }

    fn open_file(path: &std::path::Path) -> io::Result<Option<Input>> {
        let mut file = File::open(path)?;
        if !file.metadata()?.is_file() {
            return Ok(None);
        }
        let mut head = Vec::with_capacity(CHUNK);
        Read::by_ref(&mut file)
            .take(CHUNK.max(chunk_size()) as u64)
            .read_to_end(&mut head)?;
        if let Some(layout) = Layout::of(&head) {
            return Ok(Some(Input::File { file, layout }));
        }
        let rest = load::MAX_INPUT_BYTES.saturating_sub(head.len() as u64);
        Ok(load::read_at_most(file, rest)?.map(|tail| {
            head.extend(tail);
            Input::Memory(head)
        }))
    }
}

/// How an input with one deal per line is laid out.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Where the lines of deals begin.
    body: usize,
    /// For deals that are elements of an array, one per line with commas
    /// between them, the line that closes the input (`]}` or `]`); `None`
    /// for NDJSON.
    closing: Option<&'static [u8]>,
    /// The dataset object's `companies`, for resolving names.
    listed: Directory,
    /// The dataset object's `coverage`, for a table's note.
    coverage: Option<Coverage>,
}

impl Layout {
    /// The layout, when the input starts like NDJSON (its first line is a
    /// whole deal) or like a dataset object or array whose first line opens
    /// the deals array.
    fn of(head: &[u8]) -> Option<Layout> {
        let bom = if head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let start = bom + head[bom..].iter().position(|b| !is_json_space(b))?;
        let end = memchr::memchr(b'\n', &head[start..]).map(|p| start + p)?;
        let first = trim_json_space(&head[start..end]);
        if first == b"[" {
            return Some(Layout {
                body: end + 1,
                closing: Some(b"]"),
                listed: Directory::default(),
                coverage: None,
            });
        }
        if first.first() != Some(&b'{') {
            return None;
        }
        if first.last() == Some(&b'[') {
            let (listed, coverage) = whole::header(first)?;
            return Some(Layout {
                body: end + 1,
                closing: Some(b"]}"),
                listed,
                coverage,
            });
        }
        whole::is_deal(first).then(|| Layout {
            body: start,
            closing: None,
            listed: Directory::default(),
            coverage: None,
        })
    }
}

/// Answers from bytes in memory: in parallel chunks when laid out one deal
/// per line, else in one pass.
fn scan_memory(bytes: &[u8], query: &Shaped) -> Result<Answer, Decline> {
    match Layout::of(bytes) {
        Some(layout) => chunks::scan_memory(&bytes[layout.body..], &layout, query),
        None => whole::scan(bytes, query),
    }
}

/// The query's filters and what must hold for the answer to stand.
struct Plan<'q> {
    query: &'q Query<'q>,
    kind_note: bool,
    filter: Filter,
    /// Names no listed company answers to: some deal must name each.
    unconfirmed: Vec<String>,
    /// A grouping by company, or the graph, which name companies as the
    /// directory does and so need every deal's two names in the order they
    /// come (see `interner`).
    recording: Option<Recording>,
    lean: LeanSeed,
    /// Hashes ids to find duplicates; two ids with one hash only make the
    /// streaming path decline, so a fast hash will do.
    hasher: foldhash::fast::RandomState,
    /// Whether the answer lists every edge's deals (`graph` as data does).
    lists_ids: bool,
}

impl<'q> Plan<'q> {
    fn new(shaped: &'q Shaped<'q>, listed: &Directory) -> Result<Plan<'q>, Decline> {
        let query = &shaped.query;
        let (spec, by, spread) = match query {
            Query::List(args) => (args.filters.spec(), None, false),
            Query::Total(args) => (args.filters.spec().adding_up(), args.by, args.spread),
            Query::Graph(args) => (args.filters.spec().adding_up(), None, false),
            Query::Cycles(args) => (args.filters.spec().adding_up(), None, false),
        };
        let edges = matches!(query, Query::Graph(_) | Query::Cycles(_));
        let (filter, unconfirmed) = Filter::for_stream(&spec, listed).ok_or(Decline)?;
        let recording = match by {
            _ if edges => Some(Recording::Edges),
            Some(by @ (GroupBy::Buyer | GroupBy::Seller | GroupBy::Party)) => {
                Some(Recording::Groups(by))
            }
            _ => None,
        };
        let kind_note = shaped.kind_note && by.is_none() && !edges;
        // The fields the filter, the grouping and the notes read, no more.
        let wants = Wants {
            names: recording.is_some()
                || !(spec.buyers.is_empty() && spec.sellers.is_empty())
                || !(spec.parties.is_empty() && spec.search.is_empty()),
            kind: kind_note || edges || by == Some(GroupBy::Kind) || !spec.kinds.is_empty(),
            status: by == Some(GroupBy::Status)
                || !spec.statuses.is_empty()
                || spec.skips_replaced(),
            term: spread,
            summary: !spec.search.is_empty(),
            hardware: !spec.hardware.is_empty(),
            // A total says how much of it rests on secondary evidence.
            evidence: spec.evidence.is_some() || matches!(query, Query::Total(_)),
        };
        Ok(Plan {
            query,
            kind_note,
            filter,
            unconfirmed,
            recording,
            lean: LeanSeed { wants },
            hasher: foldhash::fast::RandomState::default(),
            lists_ids: matches!(query, Query::Graph(_)) && !shaped.kind_note,
        })
    }

    /// How much of a file to read at a time.
    fn chunk_size(&self) -> usize {
        match self.recording {
            Some(Recording::Edges) if std::env::var_os("DEALS_STREAM_CHUNK").is_none() => {
                GRAPH_CHUNK
            }
            _ => chunk_size(),
        }
    }

    /// An empty partial answer, to append the answers of stretches to.
    fn partial(&self, listed: &Directory) -> Partial {
        Partial {
            ids: Vec::new(),
            confirmed: vec![false; self.unconfirmed.len()],
            directory: listed.clone(),
            met: None,
            resolver: Resolver::default(),
            found: match self.query {
                Query::List(_) => Found::Deals(Vec::new()),
                Query::Total(args) => {
                    Found::Totals(Box::new(total::Totals::new(args, self.kind_note)))
                }
                Query::Graph(_) | Query::Cycles(_) => Found::Graph(Box::default()),
            },
            shape: Shape::default(),
            chunks: 0,
            lists_ids: self.lists_ids,
        }
    }

    /// An empty partial answer for one stretch of the input, read by the
    /// worker that numbers names with `names`; [`Partial::end`] ends it.
    fn stretch(&self, listed: &Directory, names: &mut Interner) -> Partial {
        Partial {
            met: self.recording.map(|recording| names.begin(recording)),
            chunks: 1,
            ..self.partial(listed)
        }
    }
}

/// What one stretch of the input gave.
struct Partial {
    /// Hashes of every deal's id, to find duplicates at the end.
    ids: Vec<u64>,
    confirmed: Vec<bool>,
    /// Listed companies; in an answer that stretches are appended to, then
    /// the companies their deals name, in the order named.
    directory: Directory,
    /// For a grouping by company, the names this stretch's deals name.
    met: Option<Met>,
    /// The names of the stretches appended so far.
    resolver: Resolver,
    found: Found,
    shape: Shape,
    /// How many chunks of the input this covers.
    chunks: usize,
    /// Whether the answer lists every edge's deals (see [`Plan`]).
    lists_ids: bool,
}

enum Found {
    Deals(Vec<Deal>),
    Totals(Box<total::Totals>),
    Graph(Box<GraphBuilder>),
}

/// What the whole input gave.
enum Finding {
    Deals(Vec<Deal>),
    Totals(Box<total::Totals>),
    Graph(Box<Graph>),
}

/// How the lines of an array's elements were punctuated, to check at the
/// end that they made one valid array: every element followed by a comma
/// but the last, and the array closed once, after all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Shape {
    elements: u64,
    without_comma: u64,
    last_had_comma: bool,
    /// How many lines closed the array (chunks are checked apart, so a
    /// second closing line can only be seen when they are put together).
    closings: u64,
    elements_after_close: bool,
}

impl Shape {
    fn element(&mut self, comma: bool) {
        self.elements_after_close |= self.closings > 0;
        self.elements += 1;
        self.without_comma += u64::from(!comma);
        self.last_had_comma = comma;
    }

    fn append(&mut self, later: Shape) {
        self.elements_after_close |=
            later.elements_after_close || (self.closings > 0 && later.elements > 0);
        if later.elements > 0 {
            self.last_had_comma = later.last_had_comma;
        }
        self.elements += later.elements;
        self.without_comma += later.without_comma;
        self.closings += later.closings;
    }

    fn is_whole_array(&self) -> bool {
        self.closings == 1
            && !self.elements_after_close
            && (self.elements == 0 || (self.without_comma == 1 && !self.last_had_comma))
    }
}

impl Partial {
    /// Takes in one deal: its lean parse, and its JSON text, which `list`
    /// parses in full when the deal matches (only the deals it prints).
    fn add(
        &mut self,
        plan: &Plan,
        deal: LeanDeal,
        text: &[u8],
        names: &mut Interner,
    ) -> Result<(), Decline> {
        let matches = plan.filter.matches(&deal);
        self.ids.push(plan.hasher.hash_one(deal.id_bytes()));
        for (name, confirmed) in plan.unconfirmed.iter().zip(&mut self.confirmed) {
            *confirmed =
                *confirmed || same_name(name, deal.buyer()) || same_name(name, deal.seller());
        }
        if !matches
            && let Found::Totals(totals) = &mut self.found
            && plan.filter.leaves_out(&deal)
        {
            totals.leave_out(&deal);
        }
        // A grouping by company notes every deal's names, matching or not.
        if !matches && self.met.is_none() {
            return Ok(());
        }
        match (&mut self.found, &mut self.met) {
            (Found::Graph(graph), Some(met)) => {
                if !matches && plan.filter.leaves_out(&deal) {
                    graph.left_out += 1;
                }
                let kept = matches.then(|| EdgeDeal {
                    id: deal.id_bytes(),
                    announced: deal.announced(),
                    kind: deal.kind(),
                    value: deal.value_usd(),
                });
                met.edge(names, &deal.buyer, &deal.seller, kept)
                    .map_err(|_| Decline)?;
            }
            (Found::Graph(_), None) => return Err(Decline),
            (Found::Totals(totals), Some(met)) => {
                let value = matches.then(|| deal.value_usd());
                met.deal(names, &deal.buyer, &deal.seller, value);
                if matches {
                    totals.add_ungrouped(&deal);
                }
            }
            (Found::Totals(totals), None) => totals.add(&deal, &self.directory),
            (Found::Deals(deals), _) => {
                // Checked whole once, the text spares serde a UTF-8 check
                // of each of its strings.
                let text = std::str::from_utf8(text).map_err(|_| Decline)?;
                deals.push(serde_json::from_str(text).map_err(|_| Decline)?);
            }
        }
        Ok(())
    }

    /// Parses the deal that `text` holds, and takes it in: with the plain
    /// record reader when it can, else with serde.
    fn add_text(&mut self, plan: &Plan, text: &[u8], names: &mut Interner) -> Result<(), Decline> {
        let deal = match scan::deal(text, plan.lean.wants) {
            Some(deal) => deal,
            None => parse_lean(plan.lean, text)?,
        };
        self.add(plan, deal, text, names)
    }

    /// Ends a stretch begun with [`Plan::stretch`].
    fn end(mut self, names: &mut Interner) -> Partial {
        if let Some(met) = &mut self.met {
            names.end(met);
        }
        self
    }

    /// Appends the partial answer of the stretch that follows.
    fn append(&mut self, mut later: Partial) {
        self.ids.extend(later.ids);
        for (mine, theirs) in self.confirmed.iter_mut().zip(later.confirmed) {
            *mine |= theirs;
        }
        self.resolve(later.met.take());
        match (&mut self.found, later.found) {
            (Found::Deals(mine), Found::Deals(theirs)) => mine.extend(theirs),
            (Found::Totals(mine), Found::Totals(theirs)) => mine.merge(*theirs, &self.directory),
            (Found::Graph(mine), Found::Graph(theirs)) => mine.merge_counts(&theirs),
            _ => {}
        }
        self.shape.append(later.shape);
        self.chunks += later.chunks;
    }

    /// Takes in what a stretch's deals named: their names join the
    /// directory, their tallies the groups (or their deals the graph).
    fn resolve(&mut self, met: Option<Met>) {
        let Some(met) = met else { return };
        match &mut self.found {
            Found::Totals(totals) => {
                if let Some(grouper) = totals.grouper() {
                    self.resolver.resolve(met, &mut self.directory, grouper);
                }
            }
            Found::Graph(graph) => self.resolver.resolve_edges(met, &mut self.directory, graph),
            Found::Deals(_) => {}
        }
    }

    /// The answer, if every condition for it holds.
    fn finish(mut self, elements: bool) -> Result<Answer, Decline> {
        let met = self.met.take();
        self.resolve(met);
        if elements && !self.shape.is_whole_array() {
            return Err(Decline);
        }
        if self.confirmed.iter().any(|c| !c) {
            return Err(Decline);
        }
        let ids = std::mem::take(&mut self.ids);
        let found = match self.found {
            Found::Graph(builder) => {
                if builder.has_refused() {
                    return Err(Decline);
                }
                // Finishing the graph (putting its edges in order) takes
                // about as long as checking the ids: on two cores at once.
                // The ids' hashes are let go before each edge's ids are
                // copied out, so that the two never take memory together.
                let (graph, unique) = std::thread::scope(|scope| {
                    let finishing = scope.spawn(move || builder.finish());
                    let unique = all_unique(ids);
                    (finishing.join(), unique)
                });
                if !unique {
                    return Err(Decline);
                }
                let graph = graph.map_err(|_| Decline)?;
                if self.lists_ids {
                    graph.order_ids();
                }
                Finding::Graph(Box::new(graph))
            }
            _ if !all_unique(ids) => return Err(Decline),
            Found::Deals(deals) => Finding::Deals(deals),
            Found::Totals(totals) => Finding::Totals(totals),
        };
        Ok(Answer {
            found,
            coverage: None,
        })
    }
}

/// Whether no two ids have the same hash.
fn all_unique(mut ids: Vec<u64>) -> bool {
    ids.sort_unstable();
    ids.windows(2).all(|pair| pair[0] != pair[1])
}

/// Parses a deal with serde. A record that is not UTF-8 is refused even
/// where the query skips the bytes that are wrong, as a full load would.
pub(super) fn parse_lean(seed: LeanSeed, text: &[u8]) -> Result<LeanDeal<'_>, Decline> {
    std::str::from_utf8(text).map_err(|_| Decline)?;
    let mut de = serde_json::Deserializer::from_slice(text);
    let deal = seed.deserialize(&mut de).map_err(|_| Decline)?;
    de.end().map_err(|_| Decline)?;
    Ok(deal)
}

/// JSON's whitespace, which is narrower than ASCII's (no form feed).
fn is_json_space(byte: &u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// `bytes` without the JSON whitespace around it.
fn trim_json_space(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !is_json_space(b));
    let end = bytes.iter().rposition(|b| !is_json_space(b));
    match (start, end) {
        (Some(start), Some(end)) => &bytes[start..=end],
        _ => &[],
    }
}

/// What to write, and the dataset's coverage for a table's note.
struct Answer {
    found: Finding,
    coverage: Option<Coverage>,
}

impl Answer {
    fn covering(mut self, coverage: Option<Coverage>) -> Answer {
        self.coverage = coverage;
        self
    }

    fn write(self, shaped: &Shaped, output: &Output, out: &mut dyn Write) -> io::Result<()> {
        let coverage = self.coverage.as_ref();
        match (self.found, &shaped.query) {
            (Finding::Deals(kept), Query::List(args)) => {
                let mut deals: Vec<&Deal> = kept.iter().collect();
                sort_deals(&mut deals, args.sort, args.desc);
                let matched = deals.len();
                if let Some(limit) = args.limit {
                    deals.truncate(limit);
                }
                let fields = args.fields.as_ref().map(|f| f.0.as_slice());
                let caveats = Vec::from_iter(coverage_note(&args.filters.spec(), coverage));
                list::write_deals(out, output, &deals, fields, matched, &caveats)?;
                drop(deals);
                // The process ends after this answer: freeing tens of
                // thousands of deals one string at a time would only delay
                // the exit (by a tenth of a second for 70,000 deals).
                std::mem::forget(kept);
                Ok(())
            }
            (Finding::Totals(totals), Query::Total(args)) => {
                totals.write(args, out, output, coverage)
            }
            (Finding::Graph(found), Query::Graph(args)) => {
                let caveats = Vec::from_iter(coverage_note(&args.filters.spec(), coverage));
                graph::write(&found, output, out, &caveats)
            }
            (Finding::Graph(found), Query::Cycles(args)) => {
                let caveats = Vec::from_iter(coverage_note(&args.filters.spec(), coverage));
                cycles::write(&found, args.max_length, output, out, &caveats)
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_are_recognised_from_the_first_line() {
        let deal = r#"{"id":"a","buyer":"B","seller":"S","announced":"2025-01-01","sources":[]}"#;
        let ndjson = format!("{deal}\n{deal}\n");
        let layout = Layout::of(ndjson.as_bytes()).unwrap();
        assert_eq!(layout.closing, None);
        let object = format!("{{\"schema_version\":1,\"deals\":[\n{deal},\n{deal}\n]}}\n");
        let layout = Layout::of(object.as_bytes()).unwrap();
        assert_eq!(layout.closing, Some(&b"]}"[..]));
        assert_eq!(layout.body, object.find('\n').unwrap() + 1);
        let array = Layout::of(format!("[\n{deal}\n]\n").as_bytes()).unwrap();
        assert_eq!(array.closing, Some(&b"]"[..]));
        assert!(
            Layout::of(b"{\n  \"deals\": [\n").is_none(),
            "pretty-printed"
        );
        assert!(Layout::of(deal.as_bytes()).is_none(), "no line end yet");
    }

    #[test]
    fn an_array_is_whole_when_every_element_but_the_last_has_a_comma() {
        let mut first = Shape::default();
        first.element(true);
        let mut second = Shape::default();
        second.element(false);
        second.closings = 1;
        first.append(second);
        assert!(first.is_whole_array());
        let mut missing = Shape::default();
        missing.element(false);
        missing.element(false);
        missing.closings = 1;
        assert!(!missing.is_whole_array());
        let mut trailing = Shape::default();
        trailing.element(true);
        trailing.closings = 1;
        assert!(!trailing.is_whole_array());
        let mut closed = Shape::default();
        closed.element(false);
        closed.closings = 1;
        closed.append(Shape {
            closings: 1,
            ..Shape::default()
        });
        assert!(!closed.is_whole_array(), "closed twice");
    }
}
