//! The output contract: JSON, NDJSON and CSV carry raw values; the JSON and
//! NDJSON that `list` prints load back with `--data -`.

use crate::{deals, json_of, stdout_of};
use serde_json::Value;

#[test]
fn json_has_the_dataset_field_names_and_raw_values() {
    let deals = json_of(&["list", "--seller", "Lambda", "--json"]);
    let deal = &deals[0];
    let keys: Vec<&str> = deal
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "id",
        "buyer",
        "seller",
        "announced",
        "value_usd",
        "value_note",
        "term_years",
        "starts",
        "kind",
        "hardware",
        "capacity_gw",
        "location",
        "status",
        "evidence",
        "summary",
        "sources",
        "history",
        "related",
    ];
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    expected.sort_unstable();
    assert_eq!(sorted, expected);
    assert_eq!(deal["value_usd"], Value::Null);
    let iren = json_of(&["show", "microsoft-iren-2025-11", "--json"]);
    assert!(iren["value_usd"].is_u64());
    assert_eq!(iren["capacity_gw"], 0.2);
}

#[test]
fn ndjson_is_one_compact_object_per_line() {
    let text = stdout_of(&["list", "--format", "ndjson"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 117, "every deal, superseded ones too");
    for line in lines {
        let value: Value = serde_json::from_str(line).unwrap();
        assert!(value.is_object());
    }
    let total = stdout_of(&["total", "--format", "ndjson"]);
    assert_eq!(total.lines().count(), 1);
}

#[test]
fn csv_has_a_header_and_joins_lists_with_semicolons() {
    let text = stdout_of(&[
        "list", "--seller", "aws", "--buyer", "OpenAI", "--year", "2025", "--format", "csv",
    ]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    assert_eq!(&header[4], "value_usd");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][4], "38000000000");
    assert_eq!(
        &rows[0][9],
        "NVIDIA GB200;NVIDIA GB300;Amazon EC2 UltraServers"
    );
    let summary = header.iter().position(|h| h == "summary").unwrap();
    assert!(
        rows[0][summary].contains(','),
        "summary with a comma survives quoting"
    );
    let undisclosed = stdout_of(&["list", "--seller", "Lambda", "--format", "csv"]);
    let row = csv::Reader::from_reader(undisclosed.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(&row[4], "", "an undisclosed value is an empty cell, not 0");
}

#[test]
fn list_output_loads_back_as_data_in_both_json_forms() {
    let original = json_of(&["list", "--json"]);
    for format in ["json", "ndjson"] {
        let printed = stdout_of(&["list", "--format", format]);
        let output = deals()
            .args(["--data", "-", "list", "--json"])
            .write_stdin(printed)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let reloaded: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(reloaded, original, "round trip through {format}");
    }
}

#[test]
fn the_jq_pipeline_from_the_issue_works() {
    let ndjson = stdout_of(&["list", "--format", "ndjson"]);
    let cloud: String = ndjson
        .lines()
        .filter(|l| serde_json::from_str::<Value>(l).unwrap()["kind"] == "cloud-capacity")
        .map(|l| format!("{l}\n"))
        .collect();
    let output = deals()
        .args(["--data", "-", "total", "--json"])
        .write_stdin(cloud)
        .output()
        .unwrap();
    let total: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        total,
        json_of(&["total", "--kind", "cloud-capacity", "--json"])
    );
}

#[test]
fn companies_and_facts_print_arrays() {
    assert!(json_of(&["companies", "--json"]).is_array());
    assert!(json_of(&["facts", "--json"]).is_array());
    let csv = stdout_of(&["facts", "--format", "csv"]);
    assert!(csv.starts_with("subject,metric,value,unit,period,source_publisher"));
    let csv = stdout_of(&["companies", "--format", "csv"]);
    assert!(csv.starts_with("name,aliases,parent,country"));
}
