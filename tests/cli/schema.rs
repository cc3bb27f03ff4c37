//! What issue 9 added to the schema, on small crafted datasets: how well a
//! deal is supported (`--evidence`), superseded and cancelled deals that
//! totals leave out, how far a dataset reaches (`coverage`), company
//! categories, and old files that still load.

use crate::{data_file, deal_json, deals, failure_of, ids, json_of, stdout_of};
use serde_json::{Value, json};

/// Six deals, each supported differently; `old` was superseded by `new`
/// and `dropped` cancelled.
fn graded_dataset() -> Value {
    let source = |publisher: &str, kind: Value| json!({"publisher": publisher, "url": format!("https://{}.example/a", publisher.len()), "kind": kind});
    json!({
        "schema_version": 1,
        "as_of": "2026-11-28",
        "coverage": {"from": "2025-01-01", "through": "2026-10-11"},
        "companies": [
            {"name": "Buyer Co", "category": "ai-lab"},
            {"name": "Seller Co", "category": "neocloud"},
            {"name": "Chips Inc", "category": "chipmaker"},
            {"name": "Fund", "category": "investor"},
            {"name": "Plain Ltd"}
        ],
        "deals": [
            deal_json("own-word", json!({"announced": "2025-03-01", "value_usd": 1_000_000_000u64,
                "sources": [source("Seller Co", json!("primary")), source("Blog", Value::Null)]})),
            deal_json("one-story-twice", json!({"announced": "2025-04-01", "value_usd": 2_000_000_000u64,
                "sources": [source("CNA (Reuters)", json!("press")), source("Reuters", json!("press"))]})),
            deal_json("two-outlets", json!({"announced": "2025-05-01", "value_usd": 4_000_000_000u64,
                "sources": [source("CNA (Reuters)", json!("press")), source("Bloomberg", json!("press"))]})),
            deal_json("no-kind", json!({"announced": "2026-02-01", "value_usd": 8_000_000_000u64,
                "sources": [source("Blog", Value::Null)]})),
            deal_json("old", json!({"announced": "2025-09-22", "value_usd": 100_000_000_000u64, "status": "superseded",
                "sources": [source("Chips Inc", json!("primary"))],
                "history": [{"date": "2026-02-20", "event": "superseded", "note": "replaced by a stake",
                             "sources": [source("Reuters", json!("press"))]}]})),
            deal_json("new", json!({"announced": "2026-02-20", "value_usd": 30_000_000_000u64, "status": "announced",
                "sources": [source("Chips Inc", json!("primary"))],
                "related": [{"id": "old", "relation": "supersedes"}]})),
            deal_json("dropped", json!({"announced": "2025-06-01", "value_usd": 16_000_000_000u64, "status": "cancelled",
                "sources": [source("Blog", json!("secondary"))]})),
        ]
    })
}

/// The graded dataset in a file, and its path.
fn graded_file() -> (tempfile::TempDir, String) {
    let (dir, path) = data_file("graded.json", &graded_dataset().to_string());
    (dir, path.to_str().unwrap().to_string())
}

/// `deals --data PATH ARGS…`, standard output.
fn on(data: &str, args: &[&str]) -> String {
    let mut all = vec!["--data", data];
    all.extend_from_slice(args);
    stdout_of(&all)
}

fn json_on(data: &str, args: &[&str]) -> Value {
    let mut all = vec!["--data", data];
    all.extend_from_slice(args);
    json_of(&all)
}

#[test]
fn evidence_keeps_deals_at_least_that_well_supported() {
    let (_dir, data) = graded_file();
    let list = |evidence: &str| ids(&json_on(&data, &["list", "--evidence", evidence, "--json"]));
    assert_eq!(list("primary"), ["own-word", "old", "new"]);
    // Two copies of one Reuters story are one source; a source without a
    // kind counts as secondary.
    assert_eq!(list("press"), ["own-word", "two-outlets", "old", "new"]);
    assert_eq!(list("secondary").len(), 7);
    let shown = json_on(&data, &["show", "one-story-twice", "--json"]);
    assert_eq!(shown["evidence"], "secondary");
    assert_eq!(
        json_on(&data, &["show", "two-outlets", "--json"])["evidence"],
        "press"
    );
    assert_eq!(
        json_on(&data, &["show", "no-kind", "--json"])["evidence"],
        "secondary"
    );
    let total = json_on(&data, &["total", "--evidence", "press", "--json"]);
    assert_eq!(total["deals"], 3);
    assert_eq!(total["total_usd"], 35_000_000_000u64);
    assert_eq!(total["secondary"]["deals"], 0);
    let grouped = json_on(
        &data,
        &["total", "--evidence", "primary", "--by", "year", "--json"],
    );
    assert_eq!(grouped["total_usd"], 31_000_000_000u64);
    let stderr = failure_of(&["--data", &data, "list", "--evidence", "rumour"], 2);
    assert!(
        stderr.contains("primary") && stderr.contains("press"),
        "{stderr}"
    );
}

#[test]
fn totals_leave_out_superseded_and_cancelled_deals_and_say_so() {
    let (_dir, data) = graded_file();
    let total = json_on(&data, &["total", "--json"]);
    assert_eq!(total["deals"], 5);
    assert_eq!(total["total_usd"], 45_000_000_000u64);
    let record = |deals: u64, usd: u64| json!({"deals": deals, "disclosed": deals, "undisclosed": 0, "total_usd": usd});
    assert_eq!(total["left_out"]["superseded"], record(1, 100_000_000_000));
    assert_eq!(total["left_out"]["cancelled"], record(1, 16_000_000_000));
    // one-story-twice and no-kind rest on secondary evidence alone.
    assert_eq!(total["secondary"], record(2, 10_000_000_000));

    let table = on(&data, &["total"]);
    for note in [
        "Left out 1 superseded deal ($100B): its money is counted in the deal that replaced it; --status superseded selects it.",
        "Left out 1 cancelled deal ($16B): it never ran; --status cancelled selects it.",
        "$10B of the total (2 deals) rests on secondary evidence alone; --evidence press leaves them out.",
    ] {
        assert!(table.contains(note), "missing {note:?} in:\n{table}");
    }
    let by_year = on(&data, &["total", "--by", "year"]);
    assert!(
        by_year.contains("Left out 1 superseded deal ($100B)"),
        "{by_year}"
    );
    let by_year = json_on(&data, &["total", "--by", "year", "--json"]);
    assert_eq!(by_year["left_out"]["superseded"]["deals"], 1);
    assert_eq!(by_year["secondary"]["deals"], 2);

    // --status selects any status, and then nothing is left out.
    let superseded = json_on(&data, &["total", "--status", "superseded", "--json"]);
    assert_eq!(superseded["deals"], 1);
    assert_eq!(superseded["total_usd"], 100_000_000_000u64);
    assert_eq!(superseded["left_out"]["superseded"]["deals"], 0);
    let table = on(&data, &["total", "--status", "superseded"]);
    assert!(!table.contains("Left out"), "{table}");
    // list shows every deal, whatever its status.
    assert_eq!(ids(&json_on(&data, &["list", "--json"])).len(), 7);

    let csv = on(&data, &["total", "--format", "csv"]);
    assert_eq!(
        csv,
        "deals,disclosed,undisclosed,total_usd,secondary_deals,secondary_total_usd,superseded_left_out,superseded_left_out_usd,cancelled_left_out,cancelled_left_out_usd\n\
         5,5,0,45000000000,2,10000000000,1,100000000000,1,16000000000\n"
    );
}

#[test]
fn a_total_of_only_left_out_deals_still_says_what_it_left_out() {
    let (_dir, data) = graded_file();
    let table = on(&data, &["total", "--by", "kind", "--search", "dropped"]);
    assert!(table.starts_with("No deals match.\n"), "{table}");
    assert!(
        table.contains("Left out 1 cancelled deal ($16B)"),
        "{table}"
    );
}

#[test]
fn show_lists_history_and_links_both_ways() {
    let (_dir, data) = graded_file();
    let old = on(&data, &["show", "old"]);
    assert!(
        old.contains("2026-02-20 · superseded · replaced by a stake"),
        "{old}"
    );
    assert!(old.contains("superseded by new"), "{old}");
    let new = on(&data, &["show", "new"]);
    assert!(new.contains("supersedes old"), "{new}");
}

#[test]
fn a_table_says_where_the_data_ends_when_the_dates_asked_reach_past_it() {
    let (_dir, data) = graded_file();
    let note = "The dataset covers announcements from 2025-01-01 through 2026-10-11; later deals are not in it.";
    for args in [
        &["list", "--year", "2026"][..],
        &["list", "--since", "2026-08"],
        &["list", "--until", "2027"],
        &["list", "--year", "2025", "--year", "2026"],
        &["total", "--year", "2026"],
        &["total", "--since", "2025-06", "--by", "year"],
        &["total", "--year", "2026", "--format", "markdown"],
        &["list", "--year", "2026", "--format", "markdown"],
        &["graph", "--year", "2026"],
        &["graph", "--since", "2026-08", "--format", "markdown"],
        &["cycles", "--year", "2026"],
        &["cycles", "--until", "2027"],
    ] {
        let text = on(&data, args);
        assert!(text.contains(note), "{args:?}:\n{text}");
    }
    // An empty answer is not read as "nothing happened".
    let empty = on(&data, &["list", "--year", "2027"]);
    assert_eq!(empty, format!("No deals match.\n{note}\n"));
    for args in [
        &["list"][..],
        &["list", "--year", "2025"],
        &["list", "--until", "2026-10-11"],
        &["list", "--since", "2025-01", "--until", "2026-06"],
        &["total"],
        &["total", "--buyer", "Buyer Co"],
        &["graph"],
        &["cycles", "--year", "2025"],
    ] {
        let text = on(&data, args);
        assert!(!text.contains("covers"), "{args:?}:\n{text}");
    }
    // Machine formats are unchanged.
    for format in ["json", "ndjson", "csv"] {
        let text = on(&data, &["list", "--year", "2026", "--format", format]);
        assert!(!text.contains("covers"), "{format}:\n{text}");
        for command in ["total", "graph", "cycles"] {
            let text = on(&data, &[command, "--year", "2026", "--format", format]);
            assert!(!text.contains("covers"), "{command} {format}:\n{text}");
        }
    }
}

#[test]
fn info_shows_the_dates_and_counts_deals_by_evidence() {
    let (_dir, data) = graded_file();
    let info = json_on(&data, &["info", "--json"]);
    assert_eq!(info["as_of"], "2026-11-28");
    assert_eq!(
        info["coverage"],
        json!({"from": "2025-01-01", "through": "2026-10-11"})
    );
    assert_eq!(
        info["evidence"],
        json!({"primary": 3, "press": 1, "secondary": 3})
    );
    let table = on(&data, &["info"]);
    let rows: Vec<String> = table
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for row in [
        "covers announcements from 2025-01-01 through 2026-10-11",
        "on primary evidence 3",
        "on press evidence 1",
        "on secondary evidence only 3",
    ] {
        assert!(
            rows.iter().any(|r| r == row),
            "missing {row:?} in:\n{table}"
        );
    }
    let csv = on(&data, &["info", "--format", "csv"]);
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("coverage_from,coverage_through") && header.contains("evidence_primary"),
        "{csv}"
    );
}

#[test]
fn companies_show_and_filter_categories() {
    let (_dir, data) = graded_file();
    let table = on(&data, &["companies"]);
    let header = table.lines().next().unwrap();
    assert!(
        header.contains("COUNTRY") && header.contains("CATEGORY"),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.contains("Chips Inc") && l.contains("chipmaker")),
        "{table}"
    );
    let companies = json_on(&data, &["companies", "--json"]);
    let category = |name: &str| {
        companies
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .map(|c| c["category"].clone())
    };
    assert_eq!(category("Fund"), Some(json!("investor")));
    assert_eq!(category("Plain Ltd"), Some(Value::Null));
    let names = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["companies"];
        all.extend_from_slice(args);
        all.push("--json");
        json_on(&data, &all)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&["--category", "chipmaker"]), ["Chips Inc"]);
    assert_eq!(
        names(&["--category", "ai-lab", "--category", "investor"]),
        ["Buyer Co", "Fund"]
    );
    assert!(names(&["--category", "sovereign"]).is_empty());
    assert_eq!(
        on(&data, &["companies", "--category", "sovereign"]),
        "No companies match.\n"
    );
    let csv = on(
        &data,
        &["companies", "--category", "neocloud", "--format", "csv"],
    );
    assert!(
        csv.starts_with("name,aliases,parent,country,category,"),
        "{csv}"
    );
    assert!(csv.contains("Seller Co,,,,neocloud,"), "{csv}");
    let stderr = failure_of(&["--data", &data, "companies", "--category", "bank"], 2);
    assert!(
        stderr.contains("ai-lab")
            && stderr.contains("datacenter-developer")
            && stderr.contains("other"),
        "{stderr}"
    );
}

#[test]
fn old_files_still_load() {
    // Schema 1 as it was before issue 9: no coverage, no kinds, no history,
    // links or categories.
    let old = json!({"schema_version": 1, "as_of": "2025-12-01",
        "companies": [{"name": "Buyer Co", "country": "US"}],
        "deals": [deal_json("a", json!({"value_usd": 5_000_000_000u64, "status": "announced"})),
                  deal_json("b", json!({"announced": "2025-11-01", "status": "reported"}))]});
    let (_dir, path) = data_file("old.json", &old.to_string());
    let data = path.to_str().unwrap();
    let info = json_on(data, &["info", "--json"]);
    assert_eq!(info["coverage"], Value::Null);
    assert_eq!(
        info["evidence"],
        json!({"primary": 0, "press": 0, "secondary": 2})
    );
    assert_eq!(ids(&json_on(data, &["list", "--json"])), ["a", "b"]);
    let listed = json_on(data, &["show", "a", "--json"]);
    assert_eq!(listed["evidence"], "secondary");
    assert_eq!(listed["history"], json!([]));
    assert_eq!(listed["related"], json!([]));
    assert_eq!(listed["sources"][0]["kind"], Value::Null);
    assert!(
        json_on(data, &["list", "--evidence", "press", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let total = json_on(data, &["total", "--json"]);
    assert_eq!(total["secondary"]["total_usd"], 5_000_000_000u64);
    assert_eq!(
        json_on(data, &["companies", "--json"])[0]["category"],
        Value::Null
    );
    // Without coverage there is no note, whatever the dates.
    assert_eq!(on(data, &["list", "--year", "2030"]), "No deals match.\n");
    // It validates, with a warning for each source without a kind.
    let output = deals().args(["validate", data]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(
        report.contains("sources[0].kind: warning: no kind: the source counts as secondary"),
        "{report}"
    );
    // The NDJSON that list writes, with its derived evidence, loads back.
    let ndjson = on(data, &["list", "--format", "ndjson"]);
    let (_dir2, again) = data_file("again.ndjson", &ndjson);
    assert_eq!(
        ids(&json_on(again.to_str().unwrap(), &["list", "--json"])),
        ["a", "b"]
    );
}
