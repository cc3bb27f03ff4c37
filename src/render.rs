//! Writing results: tables for people, JSON, NDJSON and CSV for programs.
//!
//! Machine formats carry values exactly as the data holds them (integers for
//! dollars, null for undisclosed); only tables turn them into `$9.7B`, escape
//! untrusted text, wrap to the terminal and, on a terminal, add colour.

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, TableStyle,
    presets,
};
use serde::Serialize;

use crate::cli::{ColorWhen, GlobalArgs};
use crate::money::{Usd, human_u128};
use crate::sanitize::sanitize_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for reading
    Table,
    /// One pretty-printed JSON document
    Json,
    /// One compact JSON object per line
    Ndjson,
    /// A header row and one row per record
    Csv,
}

/// How to write: the format, and for tables the colour and width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    pub color: bool,
    pub width: Option<u16>,
}

/// Narrower than this, a terminal's reported width is not believed.
const MIN_WIDTH: u16 = 20;

impl Output {
    /// Decides colour and width from the flags, the environment and whether
    /// standard output is a terminal.
    pub fn from_args(args: &GlobalArgs) -> Output {
        let terminal = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match args.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => terminal && !no_color,
        };
        Output {
            format: args.format(),
            color,
            width: table_width(terminal),
        }
    }

    /// Plain output for tests and library users: no colour, no wrapping.
    pub fn plain(format: Format) -> Output {
        Output {
            format,
            color: false,
            width: None,
        }
    }
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

/// The look of every table: no borders, a rule under the header.
const STYLE: TableStyle =
    presets::NOTHING.header_separator(comfy_table::LineStyle::none().fill('─').junction('─'));

/// A table with its header, styled and sized for `output`.
pub fn new_table(output: &Output, header: &[&str]) -> Table {
    let mut table = Table::new();
    table.force_no_tty().load_style(STYLE);
    if output.color {
        table.enforce_styling();
    }
    match output.width {
        Some(width) => {
            table
                .set_width(width)
                .set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    let header = header.iter().map(|h| {
        let cell = Cell::new(h);
        if output.color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    });
    table.set_header(header);
    table
}

/// How a table's columns give way when it is wider than the terminal.
pub struct Fit<'a> {
    /// Never broken across lines (dates, amounts).
    pub whole: &'a [usize],
    /// Kept whole while the table can still fit (ids, for copying).
    pub whole_if_room: &'a [usize],
    /// Hidden in this order until the table fits.
    pub droppable: &'a [usize],
}

/// Narrowest a wrapped column is allowed to become.
const MIN_WRAPPED: usize = 12;

/// Arranges a table for the terminal's width as `fit` says, and returns a
/// note naming the hidden columns, if any.
pub fn fit_width(table: &mut Table, output: &Output, fit: &Fit) -> Option<String> {
    let width = usize::from(output.width?);
    // Each column takes its content plus a space either side and a gap.
    let content: Vec<usize> = table
        .column_max_content_widths()
        .iter()
        .map(|w| usize::from(*w))
        .collect();
    let needed = |i: usize| {
        let unbreakable = fit.whole.contains(&i) || fit.whole_if_room.contains(&i);
        3 + if unbreakable {
            content[i]
        } else {
            content[i].min(MIN_WRAPPED)
        }
    };
    let mut visible: Vec<usize> = (0..content.len()).collect();
    let mut hidden = Vec::new();
    for &index in fit.droppable {
        if visible.iter().map(|&i| needed(i)).sum::<usize>() <= width {
            break;
        }
        visible.retain(|&i| i != index);
        if let Some(column) = table.column_mut(index) {
            column.set_constraint(ColumnConstraint::Hidden);
        }
        hidden.push(header_name(table, index));
    }
    let room = visible.iter().map(|&i| needed(i)).sum::<usize>() <= width;
    for &index in &visible {
        let whole = fit.whole.contains(&index) || (room && fit.whole_if_room.contains(&index));
        if let Some(column) = table.column_mut(index).filter(|_| whole) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    (!hidden.is_empty()).then(|| {
        format!(
            "({} hidden to fit {width} columns; --format csv shows all.)",
            hidden.join(", ")
        )
    })
}

fn header_name(table: &Table, index: usize) -> String {
    table
        .header()
        .and_then(|h| h.cell_iter().nth(index))
        .map(|c| c.content())
        .unwrap_or_default()
}

/// Right-aligns the numeric columns of a table.
pub fn align_right(table: &mut Table, columns: &[usize]) {
    for &index in columns {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// A cell of untrusted text, escaped for the terminal.
pub fn text(value: &str) -> Cell {
    Cell::new(sanitize_line(value))
}

/// A cell that may be missing, shown as a dash.
pub fn optional(value: Option<&str>) -> Cell {
    value.map_or_else(|| Cell::new("—"), text)
}

/// A disclosed amount, or a dimmed "undisclosed".
pub fn amount(value: Option<Usd>, output: &Output) -> Cell {
    match value {
        Some(usd) => Cell::new(usd.human()),
        None => dim(Cell::new("undisclosed"), output),
    }
}

/// A sum of amounts, which may exceed `u64`.
pub fn sum(total: u128) -> Cell {
    Cell::new(human_u128(total))
}

/// A secondary cell: dimmed when colour is on.
pub fn dim(cell: Cell, output: &Output) -> Cell {
    if output.color {
        cell.fg(Color::DarkGrey)
    } else {
        cell
    }
}

/// Writes a table, then the notes under it, wrapped to the same width.
pub fn write_table(
    out: &mut dyn Write,
    output: &Output,
    table: &Table,
    notes: &[String],
) -> io::Result<()> {
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    for note in notes {
        for line in wrap(&sanitize_line(note), output.width.map(usize::from)) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// Breaks text at spaces into lines of at most `width` characters, keeping
/// its indentation; a word longer than the width gets a line of its own.
fn wrap(text: &str, width: Option<usize>) -> Vec<String> {
    let Some(width) = width else {
        return vec![text.to_string()];
    };
    let indent: String = text.chars().take_while(|c| *c == ' ').collect();
    let mut lines = Vec::new();
    let mut line = indent.clone();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let needed =
            line.chars().count() + usize::from(line.len() > indent.len()) + word.chars().count();
        if needed > width && line.len() > indent.len() {
            lines.push(std::mem::replace(&mut line, indent.clone()));
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
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
