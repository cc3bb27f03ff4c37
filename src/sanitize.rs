//! Text from a data file is untrusted: before it reaches a terminal, control
//! characters (C0, DEL, C1), bidirectional overrides, zero-width and tag
//! characters are shown as escapes, so a name cannot clear the screen, set
//! the window title or reorder what is displayed. JSON and CSV output keep
//! the text exactly; only tables and messages go through here.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a character must not reach a terminal (or a page) as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}')
}

/// The text with every unsafe character escaped (`\n`, `\x1b`, `\u{202e}`).
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) && (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(sanitize_line("plain Société"), "plain Société");
        assert_eq!(sanitize_line("a\u{1b}[2Jb"), "a\\x1b[2Jb");
        assert_eq!(sanitize_line("\u{1b}]0;title\u{7}"), "\\x1b]0;title\\x07");
        assert_eq!(sanitize_line("x\u{9b}31m"), "x\\u{9b}31m");
        assert_eq!(sanitize_line("evil\u{202e}txt"), "evil\\u{202e}txt");
        assert_eq!(
            sanitize_line("line\nbreak\ttab\u{7f}"),
            "line\\nbreak\\ttab\\x7f"
        );
        assert_eq!(sanitize_line("zero\u{200b}width"), "zero\\u{200b}width");
    }
}
