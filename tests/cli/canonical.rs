//! `deals fmt` and `deals validate --fix-order`: a dataset file in its one
//! canonical form; and the bundled file kept in it, citing no site the
//! sources policy forbids.

use crate::{data_file, deal_json, deals, failure_of, stdout_of};
use serde_json::{Value, json};

/// A dataset that loads, written out of order and with odd spacing.
fn untidy() -> String {
    let deals = [
        deal_json("b", json!({"announced": "2025-03-01"})),
        deal_json("a", json!({"announced": "2025-03-01", "value_usd": 7})),
        deal_json("c", json!({"announced": "2025-01-01"})),
    ];
    format!(
        "{{\"deals\": {},   \"companies\": [{{\"name\": \"zeta\"}}, {{\"name\": \"Alpha\"}}], \"as_of\": \"2025-12-01\"}}",
        Value::Array(deals.to_vec())
    )
}

#[test]
fn fmt_prints_the_canonical_form() {
    let (_dir, path) = data_file("untidy.json", &untidy());
    let text = stdout_of(&["fmt", path.to_str().unwrap()]);
    assert!(text.starts_with("{\n  \"schema_version\": 1,\n  \"as_of\": \"2025-12-01\",\n  \"coverage\": null,\n  \"companies\": [\n"), "{text}");
    assert!(text.ends_with("\n  \"facts\": []\n}\n"), "{text}");
    let order: Vec<usize> = ["\"id\": \"c\"", "\"id\": \"a\"", "\"id\": \"b\""]
        .iter()
        .map(|id| text.find(id).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(text.find("\"Alpha\"").unwrap() < text.find("\"zeta\"").unwrap());
    // Formatting the canonical form changes nothing, and it loads as the
    // original does.
    let (_dir2, again) = data_file("tidy.json", &text);
    assert_eq!(stdout_of(&["fmt", again.to_str().unwrap()]), text);
    assert_eq!(
        stdout_of(&["--data", again.to_str().unwrap(), "list", "--json"]),
        stdout_of(&["--data", path.to_str().unwrap(), "list", "--json"])
    );
    // Standard input and --data work as elsewhere.
    let output = deals()
        .args(["fmt", "-"])
        .write_stdin(untidy())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), text);
    assert_eq!(stdout_of(&["--data", path.to_str().unwrap(), "fmt"]), text);
}

#[test]
fn fmt_check_names_the_first_line_that_differs() {
    let (_dir, path) = data_file("untidy.json", &untidy());
    let data = path.to_str().unwrap();
    let stderr = failure_of(&["fmt", "--check", data], 1);
    assert!(
        stderr.contains(
            "untidy.json is not in canonical form: line 1 is `{\"deals\": [{\"announced\""
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("where the canonical form has `{`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("hint: deals fmt --write {data} rewrites it")),
        "{stderr}"
    );
    let canonical = stdout_of(&["fmt", data]);
    let (_dir2, tidy) = data_file("tidy.json", &canonical);
    let output = deals()
        .args(["fmt", "--check", tidy.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty() && output.stderr.is_empty());
    // A missing newline at the end is a difference too.
    let (_dir3, cut) = data_file("cut.json", canonical.trim_end());
    let stderr = failure_of(&["fmt", "--check", cut.to_str().unwrap()], 1);
    let last = canonical.lines().count();
    assert!(
        stderr.contains(&format!("line {last} ends differently")),
        "{stderr}"
    );
    let (_dir4, crlf) = data_file("crlf.json", &canonical.replace('\n', "\r\n"));
    let stderr = failure_of(&["fmt", "--check", crlf.to_str().unwrap()], 1);
    assert!(stderr.contains("line 1 ends differently"), "{stderr}");
    // Extra lines at the end are named as such.
    let (_dir5, longer) = data_file("longer.json", &format!("{canonical}\n"));
    let stderr = failure_of(&["fmt", "--check", longer.to_str().unwrap()], 1);
    assert!(
        stderr.contains(&format!(
            "line {} is ``, where the canonical form has the end of the file",
            last + 1
        )),
        "{stderr}"
    );
}

#[test]
fn fmt_write_rewrites_the_file_in_place() {
    let (dir, path) = data_file("untidy.json", &untidy());
    let data = path.to_str().unwrap();
    let canonical = stdout_of(&["fmt", data]);
    let output = deals().args(["fmt", "--write", data]).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), canonical);
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind");
    // Writing again changes nothing and says nothing.
    let output = deals().args(["fmt", "--write", data]).output().unwrap();
    assert!(output.status.success() && output.stderr.is_empty());
    // There is no file to rewrite for the bundled dataset or standard input.
    let stderr = failure_of(&["fmt", "--write"], 2);
    assert!(
        stderr.contains("cannot rewrite the bundled dataset in place"),
        "{stderr}"
    );
    failure_of(&["fmt", "--write", "-"], 2);
    failure_of(&["fmt", "--write", "--check", data], 2);
}

#[test]
fn fmt_refuses_a_dataset_that_does_not_load_and_warns_about_dropped_fields() {
    let broken = json!({"deals": [deal_json("a", json!({"value_usd": "9.7B"}))]}).to_string();
    let (_dir, path) = data_file("broken.json", &broken);
    let stderr = failure_of(&["fmt", path.to_str().unwrap()], 1);
    assert!(stderr.contains("cannot format"), "{stderr}");
    assert!(stderr.contains("it does not load"), "{stderr}");
    assert!(stderr.contains("deals[0].value_usd"), "{stderr}");
    let stderr = failure_of(&["fmt", "--write", path.to_str().unwrap()], 1);
    assert!(stderr.contains("cannot format"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        broken,
        "left as it was"
    );

    let extra =
        json!({"notes": "mine", "deals": [deal_json("a", json!({"evidence": "press", "tag": 1}))]});
    let (_dir2, path) = data_file("extra.json", &extra.to_string());
    let output = deals()
        .args(["fmt", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("warning:")
            && stderr.contains(
                "drops fields the schema does not have: deals[0].evidence, deals[0].tag, notes"
            ),
        "{stderr}"
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        !text.contains("\"tag\"") && !text.contains("\"notes\""),
        "{text}"
    );
}

#[test]
fn validate_fix_order_writes_the_canonical_form_then_checks_it() {
    let (_dir, path) = data_file("untidy.json", &untidy());
    let data = path.to_str().unwrap();
    let canonical = stdout_of(&["fmt", data]);
    let output = deals()
        .args(["validate", "--fix-order", data])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "warnings only");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), canonical);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("rewrote") && stderr.contains("canonical form"),
        "{stderr}"
    );
    let report = String::from_utf8(output.stdout).unwrap();
    // The report's places are those of the rewritten file.
    assert!(report.contains(&format!("{data}:")), "{report}");
    assert!(
        report.lines().last().unwrap().ends_with(": valid"),
        "{report}"
    );
}

#[test]
fn the_bundled_data_file_is_canonical() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/deals.json");
    let output = deals().args(["fmt", "--check", path]).output().unwrap();
    assert!(
        output.status.success(),
        "{}\nrun: cargo run -- fmt --write data/deals.json",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every URL the bundled data cites: deals' and their history's sources,
/// and facts'.
fn bundled_urls() -> Vec<String> {
    let mut urls = Vec::new();
    let deals: Value = serde_json::from_str(&stdout_of(&["list", "--json"])).unwrap();
    for deal in deals.as_array().unwrap() {
        let history = deal["history"].as_array().unwrap();
        let sources = deal["sources"].as_array().unwrap().iter().chain(
            history
                .iter()
                .flat_map(|e| e["sources"].as_array().unwrap()),
        );
        urls.extend(sources.map(|s| s["url"].as_str().unwrap().to_string()));
    }
    let facts: Value = serde_json::from_str(&stdout_of(&["facts", "--json"])).unwrap();
    for fact in facts.as_array().unwrap() {
        urls.push(fact["source"]["url"].as_str().unwrap().to_string());
    }
    urls
}

#[test]
fn the_bundled_data_cites_no_site_the_sources_policy_forbids() {
    let list = deals::never_cite::NeverCite::bundled();
    let forbidden: Vec<String> = bundled_urls()
        .into_iter()
        .filter(|url| list.forbids(url).is_some())
        .collect();
    let info: Value = serde_json::from_str(&stdout_of(&["info", "--json"])).unwrap();
    if info["coverage"].is_null() {
        // The dataset from before issue 9, which does not say what it
        // covers, still cites such sites: its replacement (which does) must
        // not. Until then, the check must at least find them.
        assert!(!forbidden.is_empty());
        return;
    }
    assert_eq!(forbidden, Vec::<String>::new());
}
