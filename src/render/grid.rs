//! What a table shows, independent of how it is drawn: columns, rows of
//! escaped text, notes under it, and how it gives way to a narrow terminal.
//! `table` draws a grid for the terminal, `markdown` as GitHub Markdown.

use crate::money::{Usd, brief_u128};
use crate::sanitize::sanitize_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// How a cell stands out when colour is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Dim,
    Bold,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Content {
    /// Escaped text; `\n` only separates lines the program itself made.
    Text(String),
    /// A value that is not known, drawn as a dash.
    Missing,
    /// A bar as long as `value` is to `max`, drawn to fit the column.
    Bar { value: u128, max: u128 },
}

/// One cell. Text from data files is escaped when the cell is made, so
/// whatever draws it can trust it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    content: Content,
    pub tone: Tone,
    /// Never split or shortened to fit a narrow table (dates, amounts,
    /// ids).
    pub whole: bool,
}

impl Text {
    /// A cell of untrusted text on one line.
    pub fn new(text: &str) -> Text {
        Text::from_content(Content::Text(sanitize_line(text).into_owned()))
    }

    /// A cell of several lines, each escaped.
    pub fn lines<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> Text {
        let lines: Vec<String> = lines
            .into_iter()
            .map(|line| sanitize_line(line.as_ref()).into_owned())
            .collect();
        Text::from_content(Content::Text(lines.join("\n")))
    }

    /// A value that is not known.
    pub fn missing() -> Text {
        Text::from_content(Content::Missing).whole()
    }

    /// Text, or a dash when there is none (or it is empty).
    pub fn optional(text: Option<&str>) -> Text {
        match text {
            Some(text) if !text.is_empty() => Text::new(text),
            _ => Text::missing(),
        }
    }

    /// A disclosed amount (`$9.7B`), or a dimmed "undisclosed".
    pub fn amount(value: Option<Usd>) -> Text {
        match value {
            Some(usd) => Text::dollars(u128::from(usd.0)),
            None => Text::new("undisclosed").dim().whole(),
        }
    }

    /// An amount or sum in brief (`$860.1B`, `~$5.429B`).
    pub fn dollars(value: u128) -> Text {
        Text::new(&brief_u128(value)).whole()
    }

    /// A count or other number.
    pub fn number(value: impl ToString) -> Text {
        Text::new(&value.to_string()).whole()
    }

    /// A bar for `value` out of `max`.
    pub fn bar(value: u128, max: u128) -> Text {
        Text::from_content(Content::Bar { value, max }).whole()
    }

    /// Marks the cell as never to be split or shortened.
    pub fn whole(mut self) -> Text {
        self.whole = true;
        self
    }

    pub fn dim(mut self) -> Text {
        self.tone = Tone::Dim;
        self
    }

    pub fn bold(mut self) -> Text {
        self.tone = Tone::Bold;
        self
    }

    fn from_content(content: Content) -> Text {
        Text {
            content,
            tone: Tone::Plain,
            whole: false,
        }
    }

    pub fn is_bar(&self) -> bool {
        matches!(self.content, Content::Bar { .. })
    }

    /// The cell's text, with bars `bar_width` characters wide at most.
    pub fn render(&self, unicode: bool, bar_width: usize) -> String {
        match &self.content {
            Content::Text(text) => text.clone(),
            Content::Missing if unicode => "—".to_string(),
            Content::Missing => "-".to_string(),
            Content::Bar { value, max } => draw_bar(*value, *max, bar_width, unicode),
        }
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::new(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::new(&text)
    }
}

/// Eighths of a block, so that Unicode bars grow smoothly.
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A bar of `value / max` of `width` characters: full blocks and an eighth
/// block in Unicode, `#` in ASCII. A non-zero value always shows something.
fn draw_bar(value: u128, max: u128, width: usize, unicode: bool) -> String {
    if max == 0 || value == 0 || width == 0 {
        return String::new();
    }
    let steps = if unicode { 8 } else { 1 };
    let total = (width as u128) * steps;
    // Drop low bits of very large sums so that value * total cannot overflow;
    // a bar has a few hundred steps, so no visible precision is lost.
    let shift = (128 - max.leading_zeros()).saturating_sub(100);
    let (value, max) = (value.min(max) >> shift, (max >> shift).max(1));
    let filled = ((value * total + max / 2) / max).clamp(1, total);
    let full = (filled / steps) as usize;
    let part = (filled % steps) as usize;
    let block = if unicode { '█' } else { '#' };
    let mut bar: String = std::iter::repeat_n(block, full).collect();
    if part > 0 {
        bar.push(EIGHTHS[part]);
    }
    bar
}

/// A column's heading and alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub label: String,
    pub align: Align,
}

/// How a table's columns give way when it is wider than the terminal (see
/// `layout`); cells marked whole are never split in any column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fit {
    /// Never split or shortened (dates, amounts, ids).
    pub whole: Vec<usize>,
    /// Hidden in this order until the table fits.
    pub droppable: Vec<usize>,
    /// Hidden after those, and only below 80 columns (the id column).
    pub narrow_droppable: Vec<usize>,
    /// Wrapped between words rather than shortened (long notes).
    pub wrap: Vec<usize>,
}

/// A table to draw: columns, rows, notes under it, caveats under those, and
/// a message for when it has no rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Text>>,
    /// Notes on the rows, printed when there are rows.
    pub notes: Vec<String>,
    /// Notes on the answer as a whole (what it leaves out, where the data
    /// ends), printed even when there are no rows.
    pub caveats: Vec<String>,
    pub fit: Fit,
    pub empty: Option<String>,
}

impl Grid {
    /// A grid with these column labels, all left-aligned.
    pub fn new<S: Into<String>>(labels: impl IntoIterator<Item = S>) -> Grid {
        Grid {
            columns: labels
                .into_iter()
                .map(|label| Column {
                    label: label.into(),
                    align: Align::Left,
                })
                .collect(),
            ..Grid::default()
        }
    }

    /// Right-aligns these columns.
    pub fn align_right(mut self, columns: &[usize]) -> Grid {
        for &index in columns {
            if let Some(column) = self.columns.get_mut(index) {
                column.align = Align::Right;
            }
        }
        self
    }

    pub fn fit(mut self, fit: Fit) -> Grid {
        self.fit = fit;
        self
    }

    /// What to print instead of an empty table.
    pub fn when_empty(mut self, message: &str) -> Grid {
        self.empty = Some(message.to_string());
        self
    }

    pub fn row(&mut self, cells: Vec<Text>) {
        self.rows.push(cells);
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    pub fn caveat(&mut self, caveat: impl Into<String>) {
        self.caveats.push(caveat.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_never_vanish() {
        assert_eq!(draw_bar(10, 10, 4, false), "####");
        assert_eq!(draw_bar(5, 10, 4, false), "##");
        assert_eq!(draw_bar(1, 1000, 4, false), "#");
        assert_eq!(draw_bar(0, 10, 4, false), "");
        assert_eq!(draw_bar(10, 10, 2, true), "██");
        assert_eq!(draw_bar(9, 16, 2, true), "█▏");
        assert_eq!(draw_bar(u128::MAX, u128::MAX, 3, true), "███");
    }

    #[test]
    fn text_is_escaped_when_made() {
        let cell = Text::new("a\u{1b}[2Jb");
        assert_eq!(cell.render(true, 0), "a\\x1b[2Jb");
        assert_eq!(Text::lines(["x\ny", "z"]).render(true, 0), "x\\ny\nz");
        assert_eq!(Text::optional(Some("")).render(false, 0), "-");
    }
}
