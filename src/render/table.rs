//! Drawing a grid for the terminal with comfy-table: no borders, a rule under
//! the header, wrapped to the terminal's width, coloured only when wanted.

use std::io::{self, Write};

use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, LineStyle, Table,
    TableStyle, presets,
};

use super::Output;
use super::grid::{Align, Grid, Text, Tone};

/// Narrowest a wrapped column is allowed to become.
const MIN_WRAPPED: usize = 12;
/// Bar width when the output has no width (a pipe or file).
const DEFAULT_BAR: usize = 40;
/// Bars are never narrower or wider than this.
const BAR_RANGE: (usize, usize) = (10, 60);
/// Each column takes its content plus a space either side and a gap.
const COLUMN_PADDING: usize = 3;

fn style(unicode: bool) -> TableStyle {
    let rule = if unicode { '─' } else { '-' };
    presets::NOTHING.header_separator(LineStyle::none().fill(rule).junction(rule))
}

/// Draws the grid, then its notes and caveats wrapped to the same width.
pub fn write(out: &mut dyn Write, output: &Output, grid: &Grid) -> io::Result<()> {
    if grid.rows.is_empty()
        && let Some(message) = &grid.empty
    {
        writeln!(out, "{message}")?;
        return write_notes(out, output, &grid.caveats);
    }
    let bar_width = bar_width(grid, output);
    let mut table = Table::new();
    table.force_no_tty().load_style(style(output.unicode));
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
    table.set_header(grid.columns.iter().map(|c| {
        let header = Cell::new(&c.label);
        if output.color {
            header.add_attribute(Attribute::Bold)
        } else {
            header
        }
    }));
    for row in &grid.rows {
        table.add_row(row.iter().map(|text| cell(text, output, bar_width)));
    }
    for (index, column) in grid.columns.iter().enumerate() {
        if let (Some(c), Align::Right) = (table.column_mut(index), column.align) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let hidden = fit_width(&mut table, grid, output);
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
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
        for line in wrap(
            &crate::sanitize::sanitize_line(note),
            output.width.map(usize::from),
        ) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

fn cell(text: &Text, output: &Output, bar_width: usize) -> Cell {
    let cell = Cell::new(text.render(output.unicode, bar_width));
    if !output.color {
        return cell;
    }
    match text.tone {
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

/// Arranges the table for the terminal's width as the grid's `fit` says:
/// hides droppable columns until it fits, keeps some columns unbroken, and
/// returns a note naming the hidden columns, if any.
fn fit_width(table: &mut Table, grid: &Grid, output: &Output) -> Option<String> {
    let width = usize::from(output.width?);
    let fit = &grid.fit;
    let content: Vec<usize> = table
        .column_max_content_widths()
        .iter()
        .map(|w| usize::from(*w))
        .collect();
    let needed = |i: usize| {
        let unbreakable = fit.whole.contains(&i) || fit.whole_if_room.contains(&i);
        COLUMN_PADDING
            + if unbreakable {
                content[i]
            } else {
                content[i].min(MIN_WRAPPED)
            }
    };
    let mut visible: Vec<usize> = (0..content.len()).collect();
    let mut hidden = Vec::new();
    for &index in &fit.droppable {
        if visible.iter().map(|&i| needed(i)).sum::<usize>() <= width {
            break;
        }
        visible.retain(|&i| i != index);
        if let Some(column) = table.column_mut(index) {
            column.set_constraint(ColumnConstraint::Hidden);
            hidden.push(grid.columns[index].label.clone());
        }
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
        let started = line.len() > indent.len();
        if started && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::replace(&mut line, indent.clone()));
        } else if started {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_indentation_and_words() {
        assert_eq!(wrap("  aa bb cc", Some(7)), ["  aa bb", "  cc"]);
        assert_eq!(wrap("verylongword x", Some(4)), ["verylongword", "x"]);
        assert_eq!(wrap("a b", None), ["a b"]);
    }
}
