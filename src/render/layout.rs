//! How a table gives way to a terminal narrower than it: first it hides its
//! least important columns, then it shortens long names with `…`, and only
//! as a last resort it wraps names between words. A date, an amount or an
//! id is never split or shortened; below 80 columns the id column may be
//! hidden instead (a note says so).

use unicode_width::UnicodeWidthStr;

use super::grid::{Column, Fit};

/// Below this width the id column may be hidden.
pub const ROOMY: usize = 80;
/// A shortened name keeps at least this many characters (with its `…`).
const SHORTEST: usize = 10;
/// Names longer than this are shortened before any column is hidden, so
/// that one long name does not cost every row a column.
const LONG_NAME: usize = 20;
/// Notes that wrap are wrapped to this width before any column is hidden.
const WRAPPED_NOTE: usize = 24;
/// A wrapped name is never narrower than this.
const NARROWEST: usize = 4;
/// What a column costs beyond its content: the two spaces that part it from
/// the next (of the last column's, one is drawn: the rule under the header
/// runs under it).
const PADDING: usize = 2;

/// One cell's text as drawn, and whether it may be broken at all.
pub struct Drawn {
    pub text: String,
    pub whole: bool,
}

/// What a table of a given width shows: the columns kept, in order, each
/// with its width, and the labels of the columns hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub visible: Vec<usize>,
    pub widths: Vec<usize>,
    pub hidden: Vec<String>,
}

/// How far a column may give way.
struct Measure {
    natural: usize,
    /// Narrowest with only the longest names shortened.
    trimmed: usize,
    /// Narrowest when shortening names with `…`.
    shortened: usize,
    /// Narrowest when wrapping names between words.
    wrapped: usize,
}

/// The text's width in terminal columns.
pub fn width_of(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Plans the columns of a table for `width` terminal columns.
pub fn plan(columns: &[Column], rows: &[Vec<Drawn>], fit: &Fit, width: usize) -> Plan {
    let measures: Vec<Measure> = (0..columns.len())
        .map(|i| measure(&columns[i], rows.iter().filter_map(|r| r.get(i)), fit, i))
        .collect();
    let mut visible: Vec<usize> = (0..columns.len()).collect();
    let mut hidden = Vec::new();
    let mut hide = |visible: &mut Vec<usize>, index: usize| {
        if visible.contains(&index) {
            visible.retain(|&i| i != index);
            hidden.push(columns[index].label.clone());
        }
    };
    let at = |visible: &[usize], how: fn(&Measure) -> usize| {
        cost(visible.iter().map(|&i| how(&measures[i])))
    };
    // Least important columns go before any name but the longest is
    // shortened.
    for &index in &fit.droppable {
        if at(&visible, |m| m.trimmed) <= width {
            break;
        }
        hide(&mut visible, index);
    }
    // Below 80 columns the id may go before names are wrapped.
    if width < ROOMY {
        for &index in &fit.narrow_droppable {
            if at(&visible, |m| m.shortened) <= width {
                break;
            }
            hide(&mut visible, index);
        }
    }
    let widths = fill(&visible, &measures, width);
    Plan {
        visible,
        widths,
        hidden,
    }
}

fn measure<'a>(
    column: &Column,
    cells: impl Iterator<Item = &'a Drawn>,
    fit: &Fit,
    index: usize,
) -> Measure {
    let label = width_of(&column.label);
    let mut natural = label;
    let mut whole = label;
    for cell in cells {
        let cell_width = width_of(&cell.text);
        natural = natural.max(cell_width);
        if cell.whole || fit.whole.contains(&index) {
            whole = whole.max(cell_width);
        }
    }
    // Wrapped text keeps every word whole, so that a URL stays copyable: a
    // word wider than its column runs past it on a line of its own.
    let (trimmed, shortened, wrapped) = if fit.wrap.contains(&index) {
        (
            natural.min(WRAPPED_NOTE),
            natural.min(SHORTEST + 4),
            natural.min(SHORTEST),
        )
    } else {
        (
            natural.min(LONG_NAME),
            natural.min(SHORTEST),
            natural.min(NARROWEST),
        )
    };
    Measure {
        natural,
        trimmed: trimmed.max(whole).max(label),
        shortened: shortened.max(whole).max(label),
        wrapped: wrapped.max(whole).max(label),
    }
}

/// The width of a table whose columns have these widths.
pub fn row_width(widths: &[usize]) -> usize {
    cost(widths.iter().copied())
}

/// The width a row of columns of these widths takes.
fn cost(widths: impl Iterator<Item = usize>) -> usize {
    widths.map(|w| w + PADDING).sum::<usize>().saturating_sub(1)
}

/// Column widths that fit `width` if anything can: every column at its
/// natural width if that fits; else the widest ones narrowed first, down to
/// their shortened width, then to their wrapped width.
fn fill(visible: &[usize], measures: &[Measure], width: usize) -> Vec<usize> {
    let natural: Vec<usize> = visible.iter().map(|&i| measures[i].natural).collect();
    if cost(natural.iter().copied()) <= width {
        return natural;
    }
    let trimmed: Vec<usize> = visible.iter().map(|&i| measures[i].trimmed).collect();
    if cost(trimmed.iter().copied()) <= width {
        return level(&natural, &trimmed, width);
    }
    let shortened: Vec<usize> = visible.iter().map(|&i| measures[i].shortened).collect();
    if cost(shortened.iter().copied()) <= width {
        return level(&trimmed, &shortened, width);
    }
    let wrapped: Vec<usize> = visible.iter().map(|&i| measures[i].wrapped).collect();
    level(&shortened, &wrapped, width)
}

/// Lowers the widest columns from `high` towards `low` until the row fits:
/// the largest cap such that every column at `min(high, max(cap, low))`
/// fits, or every column at `low` when none does.
fn level(high: &[usize], low: &[usize], width: usize) -> Vec<usize> {
    let at = |cap: usize| -> Vec<usize> {
        high.iter()
            .zip(low)
            .map(|(&h, &l)| h.min(cap.max(l)))
            .collect()
    };
    let widest = high.iter().copied().max().unwrap_or(0);
    let (mut fits, mut too_wide) = (0, widest + 1);
    // Invariant: a cap of `fits` fits (or is 0), a cap of `too_wide` does not.
    while too_wide - fits > 1 {
        let middle = (fits + too_wide) / 2;
        if cost(at(middle).into_iter()) <= width {
            fits = middle;
        } else {
            too_wide = middle;
        }
    }
    at(fits)
}

/// A cell's text for a column `width` wide: as it is when it fits or may
/// not be broken; else, in a column that wraps, broken between words; else
/// shortened with `…`, or (narrower than a shortened name) wrapped between
/// words with any word still too long shortened.
pub fn shape(cell: &Drawn, width: usize, wraps: bool) -> String {
    if cell.whole || width_of(&cell.text) <= width {
        return cell.text.clone();
    }
    let lines = cell.text.lines().flat_map(|line| {
        if UnicodeWidthStr::width(line) <= width {
            vec![line.to_string()]
        } else if wraps {
            wrap_words(line, width)
        } else if width >= SHORTEST {
            vec![shorten(line, width)]
        } else {
            wrap_words(line, width)
                .into_iter()
                .map(|l| shorten(&l, width))
                .collect()
        }
    });
    lines.collect::<Vec<_>>().join("\n")
}

/// The text cut to `width` columns, ending in `…` when cut.
pub fn shorten(text: &str, width: usize) -> String {
    if UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        kept.push(c);
        used += w;
    }
    let mut kept = kept.trim_end().to_string();
    kept.push('…');
    kept
}

/// Breaks text at spaces into lines of at most `width` columns, keeping its
/// indentation; a word longer than the width gets a line of its own.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let indent: String = text.chars().take_while(|c| *c == ' ').collect();
    let mut lines = Vec::new();
    let mut line = indent.clone();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let started = line.len() > indent.len();
        if started
            && UnicodeWidthStr::width(line.as_str()) + 1 + UnicodeWidthStr::width(word) > width
        {
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
    use crate::render::grid::Align;

    fn column(label: &str) -> Column {
        Column {
            label: label.into(),
            align: Align::Left,
        }
    }

    fn drawn(text: &str, whole: bool) -> Drawn {
        Drawn {
            text: text.into(),
            whole,
        }
    }

    #[test]
    fn wrapping_keeps_indentation_and_words() {
        assert_eq!(wrap_words("  aa bb cc", 7), ["  aa bb", "  cc"]);
        assert_eq!(wrap_words("verylongword x", 4), ["verylongword", "x"]);
    }

    #[test]
    fn shortening_ends_in_an_ellipsis_within_the_width() {
        assert_eq!(shorten("Amazon Web Services", 10), "Amazon We…");
        assert_eq!(shorten("Meta Platforms", 6), "Meta…");
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(width_of(&shorten("日本語のテキスト", 7)), 7);
    }

    #[test]
    fn columns_give_way_in_order_and_never_break_what_is_whole() {
        let columns = [column("DATE"), column("NAME"), column("KIND"), column("ID")];
        let rows = vec![vec![
            drawn("2025-03-10", true),
            drawn("Amazon Web Services", false),
            drawn("cloud-capacity", false),
            drawn("openai-coreweave-2025-03", true),
        ]];
        let fit = Fit {
            droppable: vec![2],
            narrow_droppable: vec![3],
            ..Fit::default()
        };
        // Everything fits: natural widths.
        let roomy = plan(&columns, &rows, &fit, 120);
        assert_eq!(roomy.visible, [0, 1, 2, 3]);
        assert_eq!(roomy.widths, [10, 19, 14, 24]);
        // Too narrow for all: the kind goes before any name is shortened,
        // and the id stays, whole.
        let sixty = plan(&columns, &rows, &fit, 60);
        assert_eq!(sixty.visible, [0, 1, 3]);
        assert_eq!(sixty.widths, [10, 19, 24]);
        let fifty = plan(&columns, &rows, &fit, 50);
        assert_eq!(
            fifty.visible,
            [0, 1, 3],
            "shortened, the name lets the id stay"
        );
        assert_eq!(fifty.widths, [10, 11, 24]);
        assert_eq!(shape(&rows[0][1], 11, false), "Amazon Web…");
        // Narrower than 80 and still too wide: the id may go too.
        let narrow = plan(&columns, &rows, &fit, 30);
        assert_eq!(narrow.hidden, ["KIND", "ID"]);
        assert_eq!(narrow.widths[0], 10, "the date stays whole");
        assert!(cost(narrow.widths.iter().copied()) <= 30);
    }

    #[test]
    fn shaped_cells_fit_their_column() {
        let name = drawn("Meta Platforms", false);
        assert_eq!(shape(&name, 10, false), "Meta Plat…");
        assert_eq!(shape(&name, 6, false), "Meta\nPlatf…");
        assert_eq!(shape(&name, 9, true), "Meta\nPlatforms");
        let id = drawn("openai-coreweave-2025-03", true);
        assert_eq!(shape(&id, 5, false), "openai-coreweave-2025-03");
    }
}
