//! Drawing a grid as a GitHub-flavoured Markdown table, ready to paste into a
//! report. Cell text is escaped so that data cannot break the table or turn
//! into links, emphasis or HTML.

use std::io::{self, Write};

use super::Output;
use super::grid::{Align, Grid};

/// Bars in Markdown have no terminal to fit; this width reads well.
const BAR_WIDTH: usize = 20;

pub fn write(out: &mut dyn Write, output: &Output, grid: &Grid) -> io::Result<()> {
    if grid.rows.is_empty()
        && let Some(message) = &grid.empty
    {
        writeln!(out, "{}", escape(message))?;
        return write_notes(out, &grid.caveats);
    }
    let header: Vec<String> = grid.columns.iter().map(|c| escape(&c.label)).collect();
    writeln!(out, "| {} |", header.join(" | "))?;
    let rule: Vec<&str> = grid
        .columns
        .iter()
        .map(|c| match c.align {
            Align::Left => "---",
            Align::Right => "---:",
        })
        .collect();
    writeln!(out, "| {} |", rule.join(" | "))?;
    for row in &grid.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|text| escape(&text.render(output.unicode, BAR_WIDTH)))
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    let notes: Vec<String> = grid.notes.iter().chain(&grid.caveats).cloned().collect();
    write_notes(out, &notes)
}

/// Notes are paragraphs; indented ones become a list under the one before.
fn write_notes(out: &mut dyn Write, notes: &[String]) -> io::Result<()> {
    let mut in_list = false;
    for note in notes {
        let trimmed = note.trim_start();
        let bullet = trimmed.len() < note.len();
        if !(bullet && in_list) {
            writeln!(out)?;
        }
        let text = escape(&crate::sanitize::sanitize_line(trimmed));
        writeln!(out, "{}{text}", if bullet { "- " } else { "" })?;
        in_list = bullet;
    }
    Ok(())
}

/// Escapes Markdown and HTML syntax; line breaks become `<br>`.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            escaped.push_str("<br>");
        }
        for c in line.chars() {
            match c {
                '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '~' | '#' => {
                    escaped.push('\\');
                    escaped.push(c);
                }
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                '&' => escaped.push_str("&amp;"),
                c => escaped.push(c),
            }
        }
    }
    escaped.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Format, Text};

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(escape("one\ntwo"), "one<br>two");
        assert_eq!(escape("*bold* [link](x)"), "\\*bold\\* \\[link\\](x)");
    }

    #[test]
    fn a_grid_becomes_a_table_with_alignment() {
        let mut grid = Grid::new(["NAME", "VALUE"]).align_right(&[1]);
        grid.row(vec![Text::new("A|B"), Text::new("$1B")]);
        grid.note("  indented note");
        let mut out = Vec::new();
        write(&mut out, &Output::plain(Format::Markdown), &grid).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "| NAME | VALUE |\n| --- | ---: |\n| A\\|B | $1B |\n\n- indented note\n"
        );
    }
}
