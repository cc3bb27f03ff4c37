//! `deals diff OLD [NEW]`: what changed between two small crafted datasets,
//! in every format, with its exit codes and errors; and, in-process, the
//! properties that a dataset does not differ from itself and that the deals
//! added are exactly the new ids.

use std::collections::BTreeSet;
use std::path::Path;

use deals::diff::diff;
use deals::load::{self, Origin};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

use crate::{deal_json, deals, failure_of, json_of, stdout_of};

fn source(url: &str, kind: Option<&str>) -> Value {
    json!({"publisher": "Example News", "url": url, "kind": kind})
}

/// The older dataset: four deals, three companies, two facts.
fn old_dataset() -> Value {
    json!({
        "schema_version": 1,
        "as_of": "2025-06-30",
        "coverage": {"from": "2025-01-01", "through": "2025-06-30"},
        "companies": [
            {"name": "Buyer Co", "category": "ai-lab"},
            {"name": "Seller Co", "country": "US", "category": "neocloud"},
            {"name": "Gone Co"}
        ],
        "deals": [
            deal_json("buyer-seller-2025-01", json!({
                "announced": "2025-01-15", "value_usd": 1_000_000_000u64,
                "status": "announced", "kind": "cloud-capacity"
            })),
            deal_json("buyer-seller-2025-02", json!({
                "announced": "2025-02-10", "value_usd": 100_000_000_000u64,
                "value_note": "up to $100B", "status": "announced"
            })),
            deal_json("buyer-seller-2025-03", json!({
                "announced": "2025-03-05",
                "sources": [
                    source("https://news.example/a", None),
                    source("https://news.example/b", None)
                ]
            })),
            deal_json("buyer-gone-2025-04", json!({
                "announced": "2025-04-01", "seller": "Gone Co"
            }))
        ],
        "facts": [
            {"subject": "Seller Co", "metric": "backlog", "value": 10_000_000_000u64,
             "unit": "USD", "period": "2025-Q1",
             "source": {"publisher": "Seller Co", "url": "https://seller.example/q1"}},
            {"subject": "Seller Co", "metric": "rpo", "value": 2_000_000_000u64,
             "unit": "USD", "period": "2025-Q1",
             "source": {"publisher": "Seller Co", "url": "https://seller.example/q1"}}
        ]
    })
}

/// The newer one: a value changed, a deal superseded by a new one, a
/// source list changed, a deal removed; a company added, one removed, one
/// changed; a fact changed, one removed, one added; as_of and coverage
/// moved on.
fn new_dataset() -> Value {
    json!({
        "schema_version": 1,
        "as_of": "2025-12-31",
        "coverage": {"from": "2025-01-01", "through": "2025-12-31"},
        "companies": [
            {"name": "Buyer Co", "category": "ai-lab"},
            {"name": "Seller Co", "country": "GB", "category": "neocloud"},
            {"name": "New Co", "aliases": ["NewCo"], "category": "chipmaker"}
        ],
        "deals": [
            deal_json("buyer-seller-2025-01", json!({
                "announced": "2025-01-15", "value_usd": 1_500_000_000u64,
                "status": "announced", "kind": "cloud-capacity"
            })),
            deal_json("buyer-seller-2025-02", json!({
                "announced": "2025-02-10", "value_usd": 100_000_000_000u64,
                "value_note": "up to $100B", "status": "superseded",
                "history": [{
                    "date": "2025-09-01", "event": "superseded",
                    "note": "replaced by a smaller stake",
                    "sources": [source("https://news.example/s", Some("press"))]
                }]
            })),
            deal_json("buyer-seller-2025-03", json!({
                "announced": "2025-03-05",
                "sources": [
                    source("https://news.example/b", None),
                    source("https://news.example/c", Some("primary")),
                    source("https://news.example/d", Some("press"))
                ]
            })),
            deal_json("buyer-new-2025-09", json!({
                "announced": "2025-09-01", "seller": "New Co",
                "value_usd": 30_000_000_000u64, "kind": "investment",
                "status": "announced",
                "related": [{"id": "buyer-seller-2025-02", "relation": "supersedes"}]
            }))
        ],
        "facts": [
            {"subject": "Seller Co", "metric": "backlog", "value": 12_000_000_000u64,
             "unit": "USD", "period": "2025-Q1",
             "source": {"publisher": "Seller Co", "url": "https://seller.example/q1"}},
            {"subject": "Seller Co", "metric": "backlog", "value": 15_000_000_000u64,
             "unit": "USD", "period": "2025-Q3",
             "source": {"publisher": "Seller Co", "url": "https://seller.example/q3"}}
        ]
    })
}

/// A directory holding `old.json` and `new.json`, so that reports name
/// them by short relative paths.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "old.json", &old_dataset());
    write(dir.path(), "new.json", &new_dataset());
    dir
}

fn write(dir: &Path, name: &str, value: &Value) {
    let text = serde_json::to_string_pretty(value).expect("JSON");
    std::fs::write(dir.join(name), text).expect("write a dataset");
}

/// Runs `deals ARGS` in `dir`; returns the exit code and standard output.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = deals().current_dir(dir).args(args).output().expect("run");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

fn stdout_in(dir: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = run_in(dir, args);
    assert_eq!(code, 0, "deals {args:?}: {stderr}");
    stdout
}

fn json_in(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&stdout_in(dir, args)).expect("one JSON document")
}

fn ids_of(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|d| d["id"].as_str().expect("an id"))
        .collect()
}

fn fields_of(changed: &Value) -> Vec<&str> {
    changed["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["field"].as_str().expect("a field"))
        .collect()
}

#[test]
fn deals_added_removed_and_changed_field_by_field() {
    let dir = workdir();
    let report = json_in(dir.path(), &["diff", "old.json", "new.json", "--json"]);
    let deals = &report["deals"];
    assert_eq!(ids_of(&deals["added"]), ["buyer-new-2025-09"]);
    assert_eq!(ids_of(&deals["removed"]), ["buyer-gone-2025-04"]);
    assert_eq!(
        ids_of(&deals["changed"]),
        [
            "buyer-seller-2025-01",
            "buyer-seller-2025-02",
            "buyer-seller-2025-03"
        ]
    );
    let changed = &deals["changed"];
    // A changed value, old and new as the data holds them.
    assert_eq!(
        changed[0]["changes"],
        json!([{"field": "value_usd", "old": 1_000_000_000u64, "new": 1_500_000_000u64}])
    );
    // Superseded, with the event that says so.
    assert_eq!(fields_of(&changed[1]), ["status", "history"]);
    assert_eq!(changed[1]["changes"][0]["old"], "announced");
    assert_eq!(changed[1]["changes"][0]["new"], "superseded");
    assert_eq!(changed[1]["changes"][1]["old"], json!([]));
    assert_eq!(changed[1]["changes"][1]["new"][0]["event"], "superseded");
    // A changed source list, in full on both sides; the evidence it
    // lifts is a change of its own.
    assert_eq!(fields_of(&changed[2]), ["evidence", "sources"]);
    assert_eq!(changed[2]["changes"][0]["old"], "secondary");
    assert_eq!(changed[2]["changes"][0]["new"], "primary");
    let sources = &changed[2]["changes"][1];
    assert_eq!(sources["old"].as_array().unwrap().len(), 2);
    assert_eq!(sources["new"][1]["url"], "https://news.example/c");
    // A source keeps the key order the dataset writes.
    let lines = stdout_in(
        dir.path(),
        &["diff", "old.json", "new.json", "--format", "ndjson"],
    );
    assert!(
        lines.contains(
            r#"{"publisher":"Example News","title":null,"url":"https://news.example/c","date":null,"kind":"primary"}"#
        ),
        "{lines}"
    );
    assert_eq!(
        report["summary"],
        json!({
            "differ": true,
            "dataset": 2,
            "deals": {"added": 1, "removed": 1, "changed": 3},
            "companies": {"added": 1, "removed": 1, "changed": 1},
            "facts": {"added": 1, "removed": 1, "changed": 1}
        })
    );
}

#[test]
fn added_deals_are_printed_as_list_prints_them() {
    let dir = workdir();
    let report = json_in(dir.path(), &["diff", "old.json", "new.json", "--json"]);
    let listed = json_in(
        dir.path(),
        &[
            "--data",
            "new.json",
            "list",
            "--json",
            "--search",
            "buyer-new",
        ],
    );
    assert_eq!(report["deals"]["added"], listed);
    let removed = json_in(
        dir.path(),
        &["--data", "old.json", "list", "--json", "--search", "gone"],
    );
    assert_eq!(report["deals"]["removed"], removed);
}

#[test]
fn companies_and_facts_and_the_dataset_fields() {
    let dir = workdir();
    let report = json_in(dir.path(), &["diff", "old.json", "new.json", "--json"]);
    let companies = &report["companies"];
    assert_eq!(companies["compared"], true);
    assert_eq!(companies["added"][0]["name"], "New Co");
    assert_eq!(companies["added"][0]["category"], "chipmaker");
    assert_eq!(companies["removed"][0]["name"], "Gone Co");
    assert_eq!(
        companies["changed"],
        json!([{"name": "Seller Co", "changes": [{"field": "country", "old": "US", "new": "GB"}]}])
    );
    let facts = &report["facts"];
    assert_eq!(facts["added"][0]["period"], "2025-Q3");
    assert_eq!(facts["removed"][0]["metric"], "rpo");
    assert_eq!(
        facts["changed"],
        json!([{
            "subject": "Seller Co", "metric": "backlog", "period": "2025-Q1",
            "changes": [{"field": "value", "old": 10_000_000_000u64, "new": 12_000_000_000u64}]
        }])
    );
    assert_eq!(
        report["dataset"],
        json!({"compared": true, "changes": [
            {"field": "as_of", "old": "2025-06-30", "new": "2025-12-31"},
            {"field": "coverage",
             "old": {"from": "2025-01-01", "through": "2025-06-30"},
             "new": {"from": "2025-01-01", "through": "2025-12-31"}}
        ]})
    );
    assert_eq!(report["old"]["path"], "old.json");
    assert_eq!(report["new"]["as_of"], "2025-12-31");
    assert_eq!(report["new"]["deals"], 4);
}

#[test]
fn companies_match_by_name_in_any_case() {
    let dir = workdir();
    let mut renamed = old_dataset();
    renamed["companies"][1]["name"] = json!("SELLER CO");
    write(dir.path(), "renamed.json", &renamed);
    let report = json_in(dir.path(), &["diff", "old.json", "renamed.json", "--json"]);
    let companies = &report["companies"];
    assert_eq!(companies["added"], json!([]));
    assert_eq!(companies["removed"], json!([]));
    assert_eq!(
        companies["changed"],
        json!([{"name": "SELLER CO", "changes": [{"field": "name", "old": "Seller Co", "new": "SELLER CO"}]}])
    );
}

#[test]
fn the_table_report() {
    let dir = workdir();
    let table = stdout_in(dir.path(), &["diff", "old.json", "new.json"]);
    assert!(
        table.ends_with(
            "1 added, 1 removed, 3 changed deals; 1 added, 1 removed, 1 changed companies; \
             1 added, 1 removed, 1 changed facts; changed as_of, coverage\n"
        ),
        "{table}"
    );
    insta::assert_snapshot!("diff_table", table);
}

#[test]
fn the_markdown_report() {
    let dir = workdir();
    let markdown = stdout_in(
        dir.path(),
        &["diff", "old.json", "new.json", "--format", "markdown"],
    );
    assert!(markdown.contains("## Changed deals (3)\n\n| DEAL | FIELD | CHANGE |"));
    insta::assert_snapshot!("diff_markdown", markdown);
}

#[test]
fn ascii_terminals_get_ascii_arrows() {
    let dir = workdir();
    let output = deals()
        .current_dir(dir.path())
        .env("LANG", "C")
        .args(["diff", "old.json", "new.json"])
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("$1B -> $1.5B"), "{table}");
    assert!(table.contains("+2 -1 (by URL)"), "{table}");
    assert!(table.is_ascii(), "{table}");
}

#[test]
fn ndjson_is_one_line_per_change() {
    let dir = workdir();
    let text = stdout_in(
        dir.path(),
        &["diff", "old.json", "new.json", "--format", "ndjson"],
    );
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    let count = |section: &str, change: &str| {
        lines
            .iter()
            .filter(|l| l["section"] == section && l["change"] == change)
            .count()
    };
    assert_eq!(count("dataset", "changed"), 2);
    assert_eq!(count("deals", "added"), 1);
    assert_eq!(count("deals", "removed"), 1);
    // One line per changed field: 1 + 2 + 2.
    assert_eq!(count("deals", "changed"), 5);
    assert_eq!(
        (count("companies", "added"), count("facts", "changed")),
        (1, 1)
    );
    assert_eq!(lines.len(), 2 + 1 + 1 + 5 + 3 + 3);
    let value = lines
        .iter()
        .find(|l| l["field"] == "value_usd")
        .expect("the value change");
    assert_eq!(
        *value,
        json!({"section": "deals", "change": "changed", "id": "buyer-seller-2025-01",
               "field": "value_usd", "old": 1_000_000_000u64, "new": 1_500_000_000u64})
    );
    let added = lines
        .iter()
        .find(|l| l["section"] == "deals" && l["change"] == "added")
        .unwrap();
    assert_eq!(added["id"], "buyer-new-2025-09");
    assert_eq!(added["deal"]["related"][0]["relation"], "supersedes");
}

#[test]
fn a_saved_list_against_a_modified_data_file() {
    let dir = workdir();
    let snapshot = stdout_in(dir.path(), &["--data", "old.json", "list", "--json"]);
    std::fs::write(dir.path().join("snapshot.json"), snapshot).unwrap();
    // NEW defaults to --data.
    let report = json_in(
        dir.path(),
        &["--data", "new.json", "diff", "snapshot.json", "--json"],
    );
    let direct = json_in(dir.path(), &["diff", "old.json", "new.json", "--json"]);
    assert_eq!(report["deals"], direct["deals"]);
    for part in ["dataset", "companies", "facts"] {
        assert_eq!(report[part]["compared"], false, "{part}");
        let note = report[part]["note"].as_str().expect("a note");
        assert!(note.starts_with("OLD (snapshot.json)"), "{note}");
    }
    assert_eq!(report["companies"]["added"], json!([]));
    assert_eq!(report["facts"]["added"], json!([]));
    assert_eq!(
        report["summary"]["companies"],
        json!({"added": 0, "removed": 0, "changed": 0})
    );
    let table = stdout_in(dir.path(), &["--data", "new.json", "diff", "snapshot.json"]);
    assert!(
        table.contains(
            "OLD (snapshot.json) holds deals only, as a saved `deals list --json` does: its \
             schema_version, as_of, coverage, companies and facts are not compared."
        ),
        "{table}"
    );
    assert!(
        table.ends_with("\n1 added, 1 removed, 3 changed deals\n"),
        "{table}"
    );
    // An unchanged snapshot: nothing differs.
    let same = run_in(
        dir.path(),
        &["--data", "old.json", "diff", "snapshot.json", "--exit-code"],
    );
    assert_eq!(same.0, 0, "{}", same.2);
    assert!(same.1.ends_with("\nNo differences.\n"), "{}", same.1);
}

#[test]
fn the_bundled_dataset_is_new_by_default() {
    let snapshot = stdout_of(&["list", "--json"]);
    let (_dir, path) = crate::data_file("snapshot.json", &snapshot);
    let report = json_of(&["diff", path.to_str().unwrap(), "--json"]);
    assert_eq!(report["new"]["path"], "bundled");
    assert_eq!(report["summary"]["differ"], false);
}

#[test]
fn identical_inputs_do_not_differ_and_exit_codes_say_so() {
    let dir = workdir();
    let (code, table, stderr) = run_in(dir.path(), &["diff", "old.json", "old.json"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(table.ends_with("\nNo differences.\n"), "{table}");
    assert!(!table.contains("Changed"), "{table}");
    let (code, _, _) = run_in(dir.path(), &["diff", "old.json", "old.json", "--exit-code"]);
    assert_eq!(code, 0);
    let (code, text, _) = run_in(
        dir.path(),
        &["diff", "old.json", "old.json", "--format", "ndjson"],
    );
    assert_eq!((code, text.as_str()), (0, ""));
    let report = json_in(dir.path(), &["diff", "old.json", "old.json", "--json"]);
    assert_eq!(report["summary"]["differ"], false);
    // They differ: 0 without --exit-code, 1 with it, and the report is
    // printed either way with nothing on standard error.
    let (code, _, _) = run_in(dir.path(), &["diff", "old.json", "new.json"]);
    assert_eq!(code, 0);
    let (code, table, stderr) =
        run_in(dir.path(), &["diff", "old.json", "new.json", "--exit-code"]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    assert!(table.contains("Changed deals (3)"), "{table}");
}

#[test]
fn load_errors_name_the_place_and_print_nothing() {
    let dir = workdir();
    std::fs::write(
        dir.path().join("bad.json"),
        "{\"deals\": [\n  {\"id\": \"x\", \"buyer\": \"B\", \"seller\": \"S\",\n   \"announced\": \"2025-02-30\", \"sources\": []}\n]}\n",
    )
    .unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let stderr = failure_of(&["diff", &path("old.json"), &path("bad.json")], 1);
    assert!(stderr.contains("bad.json:3:"), "{stderr}");
    assert!(stderr.contains("deals[0].announced"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    let stderr = failure_of(&["diff", &path("bad.json"), &path("new.json")], 1);
    assert!(stderr.contains("bad.json:3:"), "{stderr}");
    let stderr = failure_of(&["diff", &path("missing.json"), &path("new.json")], 1);
    assert!(
        stderr.contains("cannot read") && stderr.contains("missing.json"),
        "{stderr}"
    );
    // The --data default is loaded the same way.
    let stderr = failure_of(&["--data", &path("bad.json"), "diff", &path("old.json")], 1);
    assert!(stderr.contains("bad.json:3:"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    let dir = workdir();
    let path = dir.path().join("old.json");
    let old = path.to_str().unwrap();
    let stderr = failure_of(&["diff", old, old, "--format", "csv"], 2);
    assert!(stderr.contains("no CSV form"), "{stderr}");
    assert!(
        stderr.contains("--format table, markdown, json or ndjson"),
        "{stderr}"
    );
    let stderr = failure_of(&["diff", "-", "-"], 2);
    assert!(stderr.contains("both be '-'"), "{stderr}");
    failure_of(&["--data", "-", "diff", "-"], 2);
    failure_of(&["diff"], 2);
    failure_of(&["diff", old, old, old], 2);
}

#[test]
fn standard_input_as_old() {
    let dir = workdir();
    let old = std::fs::read_to_string(dir.path().join("old.json")).unwrap();
    let output = deals()
        .current_dir(dir.path())
        .args(["diff", "-", "new.json", "--json"])
        .write_stdin(old)
        .output()
        .unwrap();
    assert!(output.status.success());
    let piped: Value = serde_json::from_slice(&output.stdout).unwrap();
    let direct = json_in(dir.path(), &["diff", "old.json", "new.json", "--json"]);
    assert_eq!(piped["old"]["path"], "-");
    assert_eq!(piped["deals"], direct["deals"]);
    assert_eq!(piped["summary"], direct["summary"]);
}

#[test]
fn ndjson_input_reads_as_a_list_of_deals() {
    let dir = workdir();
    let lines = stdout_in(
        dir.path(),
        &["--data", "old.json", "list", "--format", "ndjson"],
    );
    std::fs::write(dir.path().join("old.ndjson"), lines).unwrap();
    let report = json_in(dir.path(), &["diff", "old.ndjson", "new.json", "--json"]);
    assert_eq!(report["summary"]["deals"]["changed"], 3);
}

#[test]
fn untrusted_text_is_escaped_where_it_lands() {
    let dir = workdir();
    let mut hostile = old_dataset();
    hostile["deals"][0]["summary"] = json!("evil \u{1b}[2J | *bold* <b>");
    write(dir.path(), "hostile.json", &hostile);
    let table = stdout_in(dir.path(), &["diff", "old.json", "hostile.json"]);
    assert!(!table.contains('\u{1b}'), "{table}");
    assert!(table.contains("evil \\x1b[2J"), "{table}");
    let markdown = stdout_in(
        dir.path(),
        &["diff", "old.json", "hostile.json", "--format", "markdown"],
    );
    assert!(markdown.contains("\\| \\*bold\\* &lt;b&gt;"), "{markdown}");
    let report = json_in(dir.path(), &["diff", "old.json", "hostile.json", "--json"]);
    assert_eq!(
        report["deals"]["changed"][0]["changes"][0]["new"],
        "evil \u{1b}[2J | *bold* <b>"
    );
}

// ---------------------------------------------------------- properties

/// A deal from small pools, so that two generated datasets share ids and
/// often differ in a field or two.
fn deal_strategy() -> impl Strategy<Value = Value> {
    (
        0..8u8,
        select(&["2025-01-15", "2025-03-01", "2025-03-02"][..]),
        prop::option::of(select(&[1_000_000u64, 5_000_000_000][..])),
        prop::option::of(select(&["announced", "superseded"][..])),
        prop::collection::vec(select(&["H100", "GB300"][..]), 0..3),
        prop::collection::vec(select(&["a", "b", "c"][..]), 1..3),
    )
        .prop_map(|(id, announced, value, status, hardware, urls)| {
            let sources: Vec<Value> = urls
                .iter()
                .map(|u| source(&format!("https://news.example/{u}"), None))
                .collect();
            deal_json(
                &format!("deal-{id}"),
                json!({
                    "announced": announced, "value_usd": value, "status": status,
                    "hardware": hardware, "sources": sources
                }),
            )
        })
}

/// Deals with distinct ids.
fn deals_strategy() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec(deal_strategy(), 0..8).prop_map(|deals| {
        let mut seen = BTreeSet::new();
        deals
            .into_iter()
            .filter(|d| seen.insert(d["id"].as_str().unwrap_or("").to_string()))
            .collect()
    })
}

fn parse(deals: &[Value]) -> deals::model::Dataset {
    let text = serde_json::to_string(deals).expect("JSON");
    load::parse(text.as_bytes(), &Origin::Stdin)
        .expect("a generated dataset loads")
        .0
}

fn id_set(deals: &[Value]) -> BTreeSet<String> {
    deals
        .iter()
        .map(|d| d["id"].as_str().unwrap_or("").to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_dataset_does_not_differ_from_itself(deals in deals_strategy()) {
        let dataset = parse(&deals);
        prop_assert!(diff(&dataset, &dataset).is_empty());
    }

    #[test]
    fn added_removed_and_changed_are_exactly_the_ids(
        a in deals_strategy(),
        b in deals_strategy(),
    ) {
        let (old, new) = (parse(&a), parse(&b));
        let d = diff(&old, &new);
        let (old_ids, new_ids) = (id_set(&a), id_set(&b));
        let added: BTreeSet<String> = d.deals.added.iter().map(|x| x.id.clone()).collect();
        let removed: BTreeSet<String> = d.deals.removed.iter().map(|x| x.id.clone()).collect();
        prop_assert_eq!(added, &new_ids - &old_ids);
        prop_assert_eq!(removed, &old_ids - &new_ids);
        let changed: BTreeSet<String> = d.deals.changed.iter().map(|c| c.new.id.clone()).collect();
        let differing: BTreeSet<String> = old
            .deals
            .iter()
            .filter(|o| new.deals.iter().any(|n| n.id == o.id && n != *o))
            .map(|o| o.id.clone())
            .collect();
        prop_assert_eq!(changed, differing);
        // Every change is real, and the order is by date, then id.
        for changed in &d.deals.changed {
            prop_assert!(!changed.changes.is_empty());
            for change in &changed.changes {
                prop_assert_ne!(&change.old, &change.new);
            }
        }
        let order: Vec<_> = d.deals.added.iter().map(|x| (x.announced, x.id.clone())).collect();
        let mut sorted = order.clone();
        sorted.sort();
        prop_assert_eq!(order, sorted);
    }
}

#[test]
fn the_man_page_and_completions_know_diff() {
    let page = stdout_of(&["man"]);
    assert!(page.contains("deals\\-diff"), "{page}");
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(
            script.contains("diff") && script.contains("exit-code"),
            "{shell}"
        );
    }
}

#[test]
fn a_narrow_terminal_hides_columns_and_points_to_json() {
    let dir = workdir();
    let output = deals()
        .current_dir(dir.path())
        .env("COLUMNS", "60")
        .args(["diff", "old.json", "new.json"])
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("hidden to fit 60 columns;"), "{table}");
    assert!(table.contains("--format json shows all."), "{table}");
    assert!(!table.contains("csv"), "{table}");
    assert!(
        table.contains("buyer-seller-2025-01"),
        "ids are never cut: {table}"
    );
}
