//! `--data`: other datasets in the same schema, from a file, standard input
//! or DEALS_DATA, in the object, array and NDJSON forms.

use crate::{data_file, deal_json, deals, failure_of, ids};
use serde_json::{Value, json};

fn sample_deals() -> Vec<Value> {
    vec![
        deal_json(
            "x-1",
            json!({"buyer": "Acme", "seller": "Cloudy", "value_usd": 1_000_000_000u64, "kind": "cloud-capacity"}),
        ),
        deal_json(
            "x-2",
            json!({"buyer": "acme", "seller": "Foundry", "announced": "2024-05-01", "kind": "wafer-supply", "status": "rumoured"}),
        ),
        deal_json(
            "x-3",
            json!({"buyer": "Globex", "seller": "Cloudy", "value_usd": 2_500_000_000u64}),
        ),
    ]
}

fn run_json(args: &[&str], stdin: Option<String>) -> Value {
    let mut cmd = deals();
    cmd.args(args);
    if let Some(text) = stdin {
        cmd.write_stdin(text);
    }
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_three_forms_load_the_same_deals() {
    let deals = sample_deals();
    let object = json!({"deals": deals}).to_string();
    let array = Value::Array(deals.clone()).to_string();
    let ndjson: String = deals.iter().map(|d| format!("{d}\n")).collect();
    let mut results = Vec::new();
    for (name, text) in [("o.json", object), ("a.json", array), ("n.ndjson", ndjson)] {
        let (_dir, path) = data_file(name, &text);
        results.push(run_json(
            &["--data", path.to_str().unwrap(), "list", "--json"],
            None,
        ));
    }
    assert_eq!(ids(&results[0]), ["x-2", "x-1", "x-3"]);
    assert_eq!(results[0], results[1]);
    assert_eq!(results[0], results[2]);
}

#[test]
fn missing_optional_fields_read_as_null_or_empty() {
    let listed = run_json(
        &["--data", "-", "show", "x-3", "--json"],
        Some(Value::Array(sample_deals()).to_string()),
    );
    assert_eq!(listed["value_note"], Value::Null);
    assert_eq!(listed["hardware"], json!([]));
    assert_eq!(listed["kind"], Value::Null);
}

#[test]
fn names_come_from_the_deals_when_companies_are_absent() {
    let text = Value::Array(sample_deals()).to_string();
    let acme = run_json(
        &["--data", "-", "list", "--buyer", "ACME", "--json"],
        Some(text.clone()),
    );
    assert_eq!(ids(&acme), ["x-2", "x-1"]);
    let total = run_json(
        &["--data", "-", "total", "--seller", "cloudy", "--json"],
        Some(text),
    );
    for (field, value) in [
        ("deals", json!(2)),
        ("disclosed", json!(2)),
        ("undisclosed", json!(0)),
        ("total_usd", json!(3_500_000_000u64)),
    ] {
        assert_eq!(total[field], value, "{field}");
    }
}

#[test]
fn kinds_and_statuses_outside_the_vocabulary_load_and_filter() {
    let text = Value::Array(sample_deals()).to_string();
    let odd = run_json(
        &[
            "--data",
            "-",
            "list",
            "--kind",
            "wafer-supply",
            "--status",
            "rumoured",
            "--json",
        ],
        Some(text),
    );
    assert_eq!(ids(&odd), ["x-2"]);
}

#[test]
fn deals_data_environment_variable_is_honoured() {
    let (_dir, path) = data_file("env.json", &Value::Array(sample_deals()).to_string());
    let output = deals()
        .env("DEALS_DATA", &path)
        .args(["total", "--json"])
        .output()
        .unwrap();
    let total: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(total["deals"], 3);
}

#[test]
fn a_wrong_name_in_another_dataset_suggests_its_names() {
    let (_dir, path) = data_file("d.json", &Value::Array(sample_deals()).to_string());
    let stderr = failure_of(
        &["--data", path.to_str().unwrap(), "list", "--buyer", "Acne"],
        2,
    );
    assert!(stderr.contains("did you mean 'Acme'"), "{stderr}");
}

#[test]
fn empty_input_is_zero_deals_with_a_warning() {
    let output = deals()
        .args(["--data", "-", "total", "--json"])
        .write_stdin("")
        .output()
        .unwrap();
    assert!(output.status.success());
    let total: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(total["deals"], 0);
    assert!(String::from_utf8_lossy(&output.stderr).contains("warning: <stdin> is empty"));
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let text = format!("\u{feff}{}", Value::Array(sample_deals()));
    let total = run_json(&["--data", "-", "total", "--json"], Some(text));
    assert_eq!(total["deals"], 3);
}
