//! Drawing a grid for the terminal with comfy-table: no borders, a rule under
//! the header, wrapped to the terminal's width, coloured only when wanted.

use std::io::{self, Write};

use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ContentArrangement, LineStyle, Table, TableStyle,
    presets,
};

use super::Output;
use super::grid::{Align, Grid, Text, Tone};
use super::layout::{self, Drawn, Plan};
/// Bar width when the output has no width (a pipe or file).
const DEFAULT_BAR: usize = 40;
/// Bars are never narrower or wider than this.
const BAR_RANGE: (usize, usize) = (10, 60);
/// Each column takes its content plus two spaces before the next.
const COLUMN_PADDING: usize = 2;

fn style(unicode: bool) -> TableStyle {
    let rule = if unicode { '─' } else { '-' };
    presets::NOTHING.header_separator(LineStyle::none().fill(rule).junction(rule))
}

/// Draws the grid, then its notes and caveats wrapped to the same width.
pub fn write(out: &mut dyn Write, output: &Output, grid: &Grid) -> io::Result<()> {
    write_pointing(out, output, grid, "--format csv shows all")
}

/// Draws the grid as [`write`] does; a note on columns hidden to fit ends
/// with `shows_all`, which says where to see them (for a command without
/// CSV, another format).
pub fn write_pointing(
    out: &mut dyn Write,
    output: &Output,
    grid: &Grid,
    shows_all: &str,
) -> io::Result<()> {
    if grid.rows.is_empty()
        && let Some(message) = &grid.empty
    {
        writeln!(out, "{message}")?;
        return write_notes(out, output, &grid.caveats);
    }
    let bar_width = bar_width(grid, output);
    let drawn: Vec<Vec<Drawn>> = grid
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|text| Drawn {
                    text: text.render(output.unicode, bar_width),
                    whole: text.whole,
                })
                .collect()
        })
        .collect();
    let plan = match output.width {
        Some(width) => layout::plan(&grid.columns, &drawn, &grid.fit, usize::from(width)),
        None => Plan {
            visible: (0..grid.columns.len()).collect(),
            widths: Vec::new(),
            hidden: Vec::new(),
        },
    };
    let mut table = Table::new();
    table.force_no_tty().load_style(style(output.unicode));
    table.set_content_arrangement(ContentArrangement::Disabled);
    if output.color {
        table.enforce_styling();
    }
    table.set_header(plan.visible.iter().map(|&i| {
        let header = Cell::new(&grid.columns[i].label);
        if output.color {
            header.add_attribute(Attribute::Bold)
        } else {
            header
        }
    }));
    for (row, cells) in grid.rows.iter().zip(&drawn) {
        table.add_row(plan.visible.iter().enumerate().map(|(place, &i)| {
            let text = match plan.widths.get(place) {
                Some(&width) => layout::shape(&cells[i], width, grid.fit.wrap.contains(&i)),
                None => cells[i].text.clone(),
            };
            cell(text, row[i].tone, output)
        }));
    }
    for (place, &index) in plan.visible.iter().enumerate() {
        if let Some(column) = table.column_mut(place) {
            column.set_padding((0, 1));
            if grid.columns[index].align == Align::Right {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    // A word too wide for its column (a URL) runs past the table on a line
    // of its own; the rule under the header keeps to the planned width.
    let rule_width = (!plan.widths.is_empty()).then(|| layout::row_width(&plan.widths));
    for (i, line) in table.lines().enumerate() {
        match rule_width {
            Some(width) if i == 1 => {
                writeln!(out, "{}", line.chars().take(width).collect::<String>())?
            }
            _ => writeln!(out, "{}", line.trim_end())?,
        }
    }
    let hidden = hidden_note(&plan, output, shows_all);
    let notes: Vec<String> = grid
        .notes
        .iter()
        .chain(&hidden)
        .chain(&grid.caveats)
        .cloned()
        .collect();
    write_notes(out, output, &notes)
}

/// Notes under a table, wrapped to its width.
fn write_notes(out: &mut dyn Write, output: &Output, notes: &[String]) -> io::Result<()> {
    for note in notes {
        let note = crate::sanitize::sanitize_line(note);
        let lines = match output.width {
            Some(width) => layout::wrap_words(&note, usize::from(width)),
            None => vec![note.into_owned()],
        };
        for line in lines {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// A note naming the columns hidden to fit, if any.
fn hidden_note(plan: &Plan, output: &Output, shows_all: &str) -> Option<String> {
    let width = output.width?;
    (!plan.hidden.is_empty()).then(|| {
        format!(
            "({} hidden to fit {width} columns; {shows_all}.)",
            plan.hidden.join(", ")
        )
    })
}

fn cell(text: String, tone: Tone, output: &Output) -> Cell {
    let cell = Cell::new(text);
    if !output.color {
        return cell;
    }
    match tone {
        Tone::Plain => cell,
        Tone::Dim => cell.fg(Color::DarkGrey),
        Tone::Bold => cell.add_attribute(Attribute::Bold),
    }
}
/// The width of bar columns: what the terminal leaves after the other
/// columns, within limits; a fixed width when there is no terminal.
fn bar_width(grid: &Grid, output: &Output) -> usize {
    let Some(width) = output.width else {
        return DEFAULT_BAR;
    };
    let bar_columns: Vec<bool> = (0..grid.columns.len())
        .map(|i| {
            grid.rows
                .iter()
                .any(|row| row.get(i).is_some_and(Text::is_bar))
        })
        .collect();
    let others: usize = grid
        .columns
        .iter()
        .enumerate()
        .filter(|(i, _)| !bar_columns[*i])
        .map(|(i, column)| {
            let widest = grid
                .rows
                .iter()
                .filter_map(|row| row.get(i))
                .map(|text| display_width(&text.render(output.unicode, 0)))
                .chain(std::iter::once(column.label.chars().count()))
                .max()
                .unwrap_or(0);
            widest + COLUMN_PADDING
        })
        .sum();
    let bars = bar_columns.iter().filter(|b| **b).count().max(1);
    let left = usize::from(width).saturating_sub(others + COLUMN_PADDING * bars) / bars;
    left.clamp(BAR_RANGE.0, BAR_RANGE.1)
}

/// The widest line of a cell, in characters.
fn display_width(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}
