//! Writing results: tables for people, JSON, NDJSON and CSV for programs,
//! pictures of the money graph (`dot`, `mermaid`, `svg`, sharing
//! `picture`), and the HTML report page (`html`).
//!
//! Machine formats carry values exactly as the data holds them (integers for
//! dollars, null for undisclosed); only tables (`grid`, drawn by `table` or
//! `markdown`) turn them into `$9.7B`, escape untrusted text, wrap to the
//! terminal and, on a terminal, add colour.

pub mod dot;
pub mod grid;
pub mod html;
pub mod json;
pub mod layout;
pub mod markdown;
pub mod mermaid;
pub mod picture;
pub mod svg;
pub mod table;

use std::io::{self, IsTerminal, Write};
use std::sync::mpsc;

use clap::ValueEnum;
use serde::Serialize;

use crate::parallel::{each_piece, workers};

pub use grid::{Align, Grid, Text};

/// A format for data, which every command writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Ndjson,
    Csv,
    Markdown,
}

/// A picture of the money graph, which only `deals graph` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    Dot,
    Mermaid,
    Svg,
}

/// What `--format` can name: a format for data or a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatName {
    /// Aligned columns for reading
    Table,
    /// One pretty-printed JSON document
    Json,
    /// One compact JSON object per line
    Ndjson,
    /// A header row and one row per record
    Csv,
    /// A GitHub-flavoured Markdown table, to paste into a report
    Markdown,
    /// deals graph only: Graphviz DOT (dot -Tsvg draws it)
    Dot,
    /// deals graph only: a Mermaid flowchart, which GitHub draws in Markdown
    Mermaid,
    /// deals graph only: an SVG picture, drawn by deals itself
    Svg,
}

impl FormatName {
    /// The format for data, or the picture, it names.
    pub fn split(self) -> Result<Format, Picture> {
        match self {
            FormatName::Table => Ok(Format::Table),
            FormatName::Json => Ok(Format::Json),
            FormatName::Ndjson => Ok(Format::Ndjson),
            FormatName::Csv => Ok(Format::Csv),
            FormatName::Markdown => Ok(Format::Markdown),
            FormatName::Dot => Err(Picture::Dot),
            FormatName::Mermaid => Err(Picture::Mermaid),
            FormatName::Svg => Err(Picture::Svg),
        }
    }
}

impl Picture {
    pub fn name(self) -> &'static str {
        match self {
            Picture::Dot => "dot",
            Picture::Mermaid => "mermaid",
            Picture::Svg => "svg",
        }
    }
}

/// When to colour tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl Format {
    /// Whether this format is a table drawn for people.
    pub fn is_grid(self) -> bool {
        matches!(self, Format::Table | Format::Markdown)
    }
}

/// How to write: the format, and for tables the colour, width and whether
/// the terminal can show Unicode box and block characters. With a
/// `picture`, `deals graph` draws it instead (other commands refuse one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    pub picture: Option<Picture>,
    pub color: bool,
    pub width: Option<u16>,
    pub unicode: bool,
}

/// Narrower than this, a terminal's reported width is not believed.
const MIN_WIDTH: u16 = 20;

impl Output {
    /// Decides colour and width for `format` from the colour choice, the
    /// environment and whether standard output is a terminal.
    pub fn detect(format: Format, color: ColorWhen) -> Output {
        let terminal = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let colored = match color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => terminal && !no_color,
        };
        Output {
            format,
            picture: None,
            color: colored,
            width: table_width(terminal),
            unicode: color != ColorWhen::Never && locale_is_utf8(),
        }
    }

    /// Plain output for tests and library users: no colour, no wrapping.
    pub fn plain(format: Format) -> Output {
        Output {
            format,
            picture: None,
            color: false,
            width: None,
            unicode: true,
        }
    }
}

/// Whether the locale's character set is UTF-8, read the way C programs do:
/// the first of `LC_ALL`, `LC_CTYPE` and `LANG` that is set decides.
fn locale_is_utf8() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .is_some_and(|value| {
            let value = value.to_ascii_lowercase();
            value.contains("utf-8") || value.contains("utf8")
        })
}

/// `$COLUMNS` when set, else the terminal's width; `None` when writing to a
/// file or pipe, where lines are never wrapped.
fn table_width(terminal: bool) -> Option<u16> {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok());
    let width = from_env.or_else(|| {
        if terminal {
            terminal_size::terminal_size().map(|(w, _)| w.0)
        } else {
            None
        }
    });
    width.filter(|w| *w >= MIN_WIDTH)
}

/// One pretty-printed JSON document and a newline.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// One compact JSON object per line.
pub fn write_ndjson<T: Serialize>(
    out: &mut dyn Write,
    records: impl IntoIterator<Item = T>,
) -> io::Result<()> {
    for record in records {
        serde_json::to_writer(&mut *out, &record)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Items rendered at a time when there are many: enough to keep every
/// core busy, few enough that the text waiting to be written stays small.
const BLOCK: usize = 2048;

/// Below this many items, rendering on other threads costs more than it
/// saves.
const PARALLEL_FROM: usize = 512;

/// A list of items as one pretty-printed JSON array and a newline, exactly
/// as [`write_json`] writes it; a long list is rendered on every core.
pub fn write_json_list<T: Serialize + Sync>(out: &mut dyn Write, items: &[T]) -> io::Result<()> {
    if items.len() < PARALLEL_FROM {
        return write_json(out, items);
    }
    out.write_all(b"[\n")?;
    let mut first = true;
    render_in_blocks(items, pretty_array, |text| {
        // A piece renders as "[\n" + its elements + "\n]"; the elements
        // of consecutive pieces are joined as one array's are.
        if !first {
            out.write_all(b",\n")?;
        }
        first = false;
        out.write_all(&text[2..text.len() - 2])
    })?;
    out.write_all(b"\n]\n")
}

/// Items as a pretty-printed JSON array; at least one item.
fn pretty_array<T: Serialize>(items: &[T], text: &mut Vec<u8>) -> io::Result<()> {
    serde_json::to_writer_pretty(text, items).map_err(io::Error::from)
}

/// A list of items as compact JSON objects, one per line; a long list is
/// rendered on every core.
pub fn write_ndjson_list<T: Serialize + Sync>(out: &mut dyn Write, items: &[T]) -> io::Result<()> {
    if items.len() < PARALLEL_FROM {
        return write_ndjson(out, items);
    }
    render_in_blocks(items, ndjson_lines, |text| out.write_all(text))
}

fn ndjson_lines<T: Serialize>(items: &[T], text: &mut Vec<u8>) -> io::Result<()> {
    for item in items {
        serde_json::to_writer(&mut *text, item)?;
        text.push(b'\n');
    }
    Ok(())
}

/// Renders items a block at a time, each block split across every core,
/// and hands the text of each piece to `emit`, in order. The buffers are
/// reused from block to block.
fn render_in_blocks<T: Sync>(
    items: &[T],
    render: fn(&[T], &mut Vec<u8>) -> io::Result<()>,
    mut emit: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let mut texts: Vec<(Vec<u8>, Option<io::Error>)> = Vec::new();
    for block in items.chunks(BLOCK) {
        let pieces = each_piece(block, &mut texts, |piece, (text, error)| {
            text.clear();
            *error = render(piece, text).err();
        });
        for (text, error) in &mut texts[..pieces] {
            if let Some(error) = error.take() {
                return Err(error);
            }
            emit(text)?;
        }
    }
    Ok(())
}

/// About how much text a thread of [`write_rendered`] renders at a time.
const BYTES_PER_BLOCK: usize = 256 << 10;

/// Writes each item as `render` renders it, joined by `separator`, the
/// same bytes as rendering them one by one, rendered in blocks of about
/// [`BYTES_PER_BLOCK`] (`size` estimates an item's) on every core: each
/// thread takes its turn, and this one writes the blocks in order. The
/// threads are started once for all the blocks: `graph` writes 85 MB for a
/// million deals, and starting threads for each block costs more than it
/// saves on two cores.
pub fn write_rendered<T: Sync>(
    out: &mut dyn Write,
    items: &[T],
    separator: &[u8],
    size: impl Fn(&T) -> usize,
    render: impl Fn(&T, &mut Vec<u8>) + Sync,
) -> io::Result<()> {
    let blocks = blocks_of_bytes(items, size);
    let render_block = |(start, end): (usize, usize), text: &mut Vec<u8>| {
        text.clear();
        for (at, item) in items[start..end].iter().enumerate() {
            if start + at > 0 {
                text.extend_from_slice(separator);
            }
            render(item, text);
        }
    };
    let lanes = workers().min(blocks.len()).max(1);
    if lanes == 1 {
        let mut text = Vec::new();
        for &block in &blocks {
            render_block(block, &mut text);
            out.write_all(&text)?;
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        // Each helper renders every `lanes`-th block, a few ahead of the
        // writing, and gets its buffers back once they are written.
        let mut helpers = Vec::new();
        for lane in 1..lanes {
            let (done, rendered) = mpsc::sync_channel::<Vec<u8>>(2);
            let (give_back, spares) = mpsc::channel::<Vec<u8>>();
            let (blocks, render_block) = (&blocks, &render_block);
            scope.spawn(move || {
                for &block in blocks.iter().skip(lane).step_by(lanes) {
                    let mut text = spares.try_recv().unwrap_or_default();
                    render_block(block, &mut text);
                    if done.send(text).is_err() {
                        return;
                    }
                }
            });
            helpers.push((rendered, give_back));
        }
        let mut own = Vec::new();
        for (number, &block) in blocks.iter().enumerate() {
            match number % lanes {
                0 => {
                    render_block(block, &mut own);
                    out.write_all(&own)?;
                }
                lane => {
                    let (rendered, give_back) = &helpers[lane - 1];
                    let text = rendered
                        .recv()
                        .map_err(|_| io::Error::other("a rendering thread stopped"))?;
                    out.write_all(&text)?;
                    let _ = give_back.send(text);
                }
            }
        }
        Ok(())
    })
}

/// The items cut into runs of about [`BYTES_PER_BLOCK`] of text each, as
/// ranges (`start`, `end`).
fn blocks_of_bytes<T>(items: &[T], size: impl Fn(&T) -> usize) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < items.len() && (end == start || bytes < BYTES_PER_BLOCK) {
            bytes += size(&items[end]);
            end += 1;
        }
        blocks.push((start, end));
        start = end;
    }
    blocks
}

/// Lines of pretty-printed JSON indented by `by` (the first line too when
/// `first`), to nest a value rendered alone inside a larger document; a
/// JSON string holds no raw line end, so every `\n` ends a line.
pub fn indent(text: &[u8], by: &[u8], first: bool) -> Vec<u8> {
    let mut indented = Vec::with_capacity(text.len() + text.len() / 8);
    if first {
        indented.extend_from_slice(by);
    }
    for &byte in text {
        indented.push(byte);
        if byte == b'\n' {
            indented.extend_from_slice(by);
        }
    }
    indented
}

/// A header row and one row per record, quoted by the csv crate.
pub fn write_csv<R, I>(out: &mut dyn Write, header: &[&str], rows: I) -> io::Result<()>
where
    R: IntoIterator<Item = String>,
    I: IntoIterator<Item = R>,
{
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header).map_err(csv_to_io)?;
    for row in rows {
        writer.write_record(row).map_err(csv_to_io)?;
    }
    writer.flush()
}

/// csv hides I/O errors inside its own; take them out so a closed pipe is
/// still recognised as one.
fn csv_to_io(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// A CSV cell for a value that may be missing.
pub fn csv_optional(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A CSV cell for a list: its items joined with `;`.
pub fn csv_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join(";")
}

/// Draws a grid as the output's format asks: a terminal table or Markdown.
pub fn write_grid(out: &mut dyn Write, output: &Output, grid: &Grid) -> io::Result<()> {
    match output.format {
        Format::Markdown => markdown::write(out, output, grid),
        _ => table::write(out, output, grid),
    }
}
