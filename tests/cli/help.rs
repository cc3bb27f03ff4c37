//! The help text and the main tables, pinned as snapshots.

use crate::stdout_of;

#[test]
fn top_level_help() {
    insta::assert_snapshot!(stdout_of(&["--help"]));
}

#[test]
fn subcommand_help() {
    for command in [
        "list",
        "show",
        "total",
        "graph",
        "cycles",
        "companies",
        "facts",
        "info",
        "validate",
        "completions",
        "man",
    ] {
        insta::assert_snapshot!(format!("help_{command}"), stdout_of(&[command, "--help"]));
    }
}

#[test]
fn list_buyer_microsoft_table() {
    insta::assert_snapshot!(stdout_of(&["list", "--buyer", "Microsoft"]));
}

#[test]
fn total_2025_table() {
    insta::assert_snapshot!(stdout_of(&["total", "--year", "2025"]));
}

#[test]
fn show_table() {
    insta::assert_snapshot!(stdout_of(&["show", "openai-aws-2025-11"]));
}

#[test]
fn companies_table() {
    insta::assert_snapshot!(stdout_of(&["companies"]));
}

#[test]
fn facts_table() {
    insta::assert_snapshot!(stdout_of(&["facts", "--subject", "AWS"]));
}

#[test]
fn narrow_list_table() {
    let output = crate::deals()
        .env("COLUMNS", "80")
        .args(["list", "--party", "OpenAI"])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());
}
