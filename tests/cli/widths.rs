//! Tables at the widths people use: from 80 columns up every id is whole,
//! and at any width no date, amount or id is split. Snapshots pin the
//! tables at 60, 80, 100 and 120 columns on a dataset with long names and
//! ids (tests/fixtures/widths.json).

use crate::deals;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/widths.json");
const WIDTHS: [usize; 4] = [60, 80, 100, 120];

fn at_width(width: usize, args: &[&str]) -> String {
    let output = deals()
        .env("COLUMNS", width.to_string())
        .arg("--data")
        .arg(FIXTURE)
        .args(args)
        .output()
        .expect("run deals");
    assert!(output.status.success(), "{args:?} at {width}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn fixture() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(FIXTURE).expect("fixture")).expect("JSON")
}

/// Every line fits the width.
fn assert_fits(text: &str, width: usize, what: &str) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "{what} at {width}: a line of {} characters:\n{line}\n{text}",
            line.chars().count()
        );
    }
}

#[test]
fn tables_fit_and_keep_ids_dates_and_amounts_whole() {
    let data = fixture();
    let deals = data["deals"].as_array().expect("deals");
    for width in WIDTHS {
        let list = at_width(width, &["list"]);
        assert_fits(&list, width, "list");
        for deal in deals {
            let date = deal["announced"].as_str().expect("date");
            assert!(list.contains(date), "{date} whole at {width}:\n{list}");
            if width >= 80 {
                let id = deal["id"].as_str().expect("id");
                assert!(list.contains(id), "{id} whole at {width}:\n{list}");
            }
        }
        for amount in ["$6.2B", "$38B", "$30B", "$5B", "undisclosed"] {
            assert!(list.contains(amount), "{amount} whole at {width}:\n{list}");
        }
        if width < 80 && !list.contains("ID hidden") && !list.contains(", ID") {
            panic!("below 80 the id may go, but the note must say so:\n{list}");
        }
        for args in [&["companies"][..], &["facts"], &["total", "--by", "seller"]] {
            let table = at_width(width, args);
            assert_fits(&table, width, &args.join(" "));
        }
        let by_seller = at_width(width, &["total", "--by", "seller"]);
        assert!(by_seller.contains("$79.2B"), "the sum whole:\n{by_seller}");
    }
}

#[test]
fn long_names_are_shortened_before_they_wrap() {
    let list = at_width(80, &["list"]);
    assert!(list.contains('…'), "{list}");
    assert!(
        !list.lines().any(|l| l.trim_start().starts_with("Services")),
        "names are shortened, not wrapped, at 80 columns:\n{list}"
    );
}

#[test]
fn snapshots_at_each_width() {
    for width in WIDTHS {
        for (name, args) in [
            ("list", &["list"][..]),
            ("companies", &["companies"]),
            ("facts", &["facts"]),
            ("total_by_seller", &["total", "--by", "seller"]),
        ] {
            insta::assert_snapshot!(format!("width_{width}_{name}"), at_width(width, args));
        }
    }
}

#[test]
fn show_wraps_long_notes_at_100_columns_without_a_terminal() {
    let output = deals()
        .args(["show", "openai-oracle-2025"])
        .output()
        .expect("run deals");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    for line in text.lines().filter(|l| !l.trim_start().starts_with("http")) {
        assert!(line.chars().count() <= 100, "a line over 100:\n{line}");
    }
    assert!(
        text.lines().count() > 30,
        "notes wrapped onto lines:\n{text}"
    );
    let wide = deals()
        .env("COLUMNS", "140")
        .args(["show", "openai-oracle-2025"])
        .output()
        .expect("run deals");
    let wide = String::from_utf8(wide.stdout).expect("UTF-8");
    assert!(
        wide.lines().any(|l| l.chars().count() > 100),
        "COLUMNS widens it"
    );
}
