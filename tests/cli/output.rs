//! Tables for people: human amounts, the terminal's width, colour only when
//! wanted, and untrusted text escaped.

use crate::{data_file, deal_json, deals, stdout_of};
use serde_json::{Value, json};

#[test]
fn tables_show_human_amounts() {
    let text = stdout_of(&["list", "--party", "OpenAI"]);
    for amount in ["$38B", "$300B", "$11.9B", "undisclosed"] {
        assert!(text.contains(amount), "{amount} missing:\n{text}");
    }
    assert!(stdout_of(&["list", "--seller", "IREN"]).contains("$9.7B"));
}

#[test]
fn tables_fit_the_width_in_columns() {
    for width in ["60", "80", "120"] {
        let output = deals()
            .env("COLUMNS", width)
            .args(["list"])
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        let limit: usize = width.parse().unwrap();
        for line in text.lines() {
            assert!(line.chars().count() <= limit, "COLUMNS={width}: {line:?}");
        }
    }
}

#[test]
fn no_colour_in_pipes_or_with_no_color_and_colour_when_asked() {
    let plain = stdout_of(&["list"]);
    assert!(!plain.contains('\u{1b}'));
    let forced = deals()
        .args(["list", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&forced.stdout).contains('\u{1b}'));
    let never = deals()
        .env("NO_COLOR", "1")
        .args(["list", "--color", "auto"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&never.stdout).contains('\u{1b}'));
    let json = deals()
        .args(["list", "--json", "--color", "always"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&json.stdout).contains('\u{1b}'));
}

#[test]
fn control_characters_are_escaped_in_tables_and_kept_in_json() {
    let hostile = "Evil\u{1b}]0;pwned\u{7}\u{1b}[2J Corp\u{202e}";
    let deal = deal_json(
        "evil",
        json!({"buyer": hostile, "summary": "line\nbreak\u{9b}31m"}),
    );
    let (_dir, path) = data_file("evil.json", &Value::Array(vec![deal]).to_string());
    let data = path.to_str().unwrap();
    let table = stdout_of(&["--data", data, "list"]);
    assert!(!table.contains('\u{1b}') && !table.contains('\u{7}') && !table.contains('\u{202e}'));
    assert!(
        table.contains("Evil\\x1b]0;pwned\\x07\\x1b[2J Corp\\u{202e}"),
        "{table}"
    );
    let shown = stdout_of(&["--data", data, "show", "evil"]);
    assert!(shown.contains("line\\nbreak\\u{9b}31m"), "{shown}");
    let json: Value =
        serde_json::from_str(&stdout_of(&["--data", data, "list", "--json"])).unwrap();
    assert_eq!(json[0]["buyer"], hostile);
    let csv = stdout_of(&["--data", data, "list", "--format", "csv"]);
    assert!(csv.contains(hostile));
    // Names typed on the command line are escaped in error messages too.
    let output = deals()
        .args(["--data", data, "list", "--buyer", "x\u{1b}[31m"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
}
