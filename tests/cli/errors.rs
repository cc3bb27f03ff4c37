//! Every error path: the exit code, one clear message on stderr, and
//! nothing on stdout.

use crate::{data_file, failure_of};

#[test]
fn bad_flag_values_are_usage_errors() {
    let cases: [(&[&str], &str); 8] = [
        (&["list", "--min", "9.7X"], "unknown suffix 'X'"),
        (&["list", "--max", "-5"], "cannot be negative"),
        (&["list", "--year", "twenty"], "'twenty' is not a year"),
        (
            &["list", "--since", "2025-13-01"],
            "month 13 does not exist",
        ),
        (&["list", "--until", "2025-02-30"], "has no day 30"),
        (&["list", "--sort", "price"], "invalid value 'price'"),
        (&["list", "--format", "xml"], "invalid value 'xml'"),
        (
            &["list", "--limit", "ten"],
            "invalid value 'ten' for '--limit <N>'",
        ),
    ];
    for (args, expected) in cases {
        let stderr = failure_of(args, 2);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    }
}

#[test]
fn unknown_names_kinds_and_statuses_suggest_the_closest() {
    let stderr = failure_of(&["list", "--buyer", "Microsfot"], 2);
    assert!(stderr.contains("no buyer named 'Microsfot'"), "{stderr}");
    assert!(stderr.contains("did you mean 'Microsoft'"), "{stderr}");
    let stderr = failure_of(&["total", "--seller", "Orcale"], 2);
    assert!(stderr.contains("'Oracle'"), "{stderr}");
    let stderr = failure_of(&["list", "--kind", "cloud"], 2);
    assert!(stderr.contains("did you mean 'cloud-capacity'"), "{stderr}");
    let stderr = failure_of(&["list", "--status", "rumoured"], 2);
    assert!(
        stderr.contains("known values: announced, reported"),
        "{stderr}"
    );
    let stderr = failure_of(&["facts", "--subject", "Amazn"], 2);
    assert!(stderr.contains("'Amazon'"), "{stderr}");
}

#[test]
fn an_unknown_id_is_an_error_with_suggestions() {
    let stderr = failure_of(&["show", "openai-aws"], 1);
    assert!(stderr.contains("no deal with id 'openai-aws'"), "{stderr}");
    assert!(stderr.contains("'openai-aws-2025-11'"), "{stderr}");
}

#[test]
fn json_and_format_cannot_both_be_given() {
    failure_of(&["list", "--json", "--format", "csv"], 2);
}

#[test]
fn a_malformed_data_file_names_file_line_column_and_path() {
    let text = "{\"deals\": [\n  {\"id\": \"a\", \"buyer\": \"B\", \"seller\": \"S\", \"announced\": \"2025-01-01\",\n   \"value_usd\": \"9.7B\", \"sources\": []}\n]}\n";
    let (_dir, path) = data_file("bad.json", text);
    let stderr = failure_of(&["--data", path.to_str().unwrap(), "list"], 1);
    assert!(stderr.contains("bad.json:3:"), "{stderr}");
    assert!(
        stderr.contains("deals[0].value_usd: invalid type: string \"9.7B\", expected a positive whole number of US dollars"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: amounts are whole US dollars"),
        "{stderr}"
    );
}

#[test]
fn data_errors_cover_syntax_types_missing_fields_and_dates() {
    let cases = [
        ("{\"deals\": [", "ends in the middle"),
        ("{\"deals\": [] } trailing", "trailing characters"),
        (
            "{\"deals\": {}}",
            "deals: invalid type: object, expected an array",
        ),
        (
            "{\"schema_version\": 2, \"deals\": []}",
            "schema_version: invalid value: integer `2`",
        ),
        ("{\"companies\": []}", "missing field `deals`"),
        ("[{\"id\": \"a\"}]", "[0]: missing field `buyer`"),
        (
            "[{\"id\":\"a\",\"buyer\":\"B\",\"seller\":\"S\",\"announced\":\"2025-02-30\",\"sources\":[]}]",
            "[0].announced: '2025-02-30' is not a date",
        ),
        (
            "[{\"id\":\"a\",\"buyer\":\"B\",\"seller\":\"S\",\"announced\":\"2025-02-03\",\"sources\":[]}]",
            "[0].sources: invalid length 0, expected at least one source",
        ),
        (
            "[{\"id\":\"a\",\"buyer\":\"B\",\"seller\":\"S\",\"announced\":\"2025-02-03\",\"value_usd\":0,\"sources\":[{\"publisher\":\"P\",\"url\":\"https://x.example\"}]}]",
            "[0].value_usd: invalid value: integer `0`, expected a positive whole number",
        ),
        (
            "[{\"id\":\"a\",\"buyer\":\"B\",\"seller\":\"S\",\"announced\":\"2025-02-03\",\"sources\":[{\"publisher\":\"P\",\"url\":\"ftp://x\"}]}]",
            "[0].sources[0].url: invalid value: string \"ftp://x\"",
        ),
    ];
    for (text, expected) in cases {
        let (_dir, path) = data_file("d.json", text);
        let stderr = failure_of(&["--data", path.to_str().unwrap(), "list"], 1);
        assert!(stderr.contains(expected), "{text}\n=> {stderr}");
        assert!(stderr.contains("d.json:"), "{stderr}");
        assert!(stderr.contains("hint:"), "{stderr}");
    }
}

#[test]
fn missing_and_directory_paths_are_clear_errors() {
    let stderr = failure_of(&["--data", "/nonexistent/deals.json", "list"], 1);
    assert!(
        stderr.contains("cannot read /nonexistent/deals.json"),
        "{stderr}"
    );
    let dir = tempfile::tempdir().unwrap();
    let stderr = failure_of(&["--data", dir.path().to_str().unwrap(), "total"], 1);
    assert!(stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // Far more output than a pipe buffers, so the writes after the reader
    // leaves must fail.
    let deals: Vec<String> = (0..5000)
        .map(|i| crate::deal_json(&format!("d{i}"), serde_json::json!({})).to_string())
        .collect();
    let (_dir, path) = data_file("many.ndjson", &deals.join("\n"));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("deals"))
        .args([
            "--data",
            path.to_str().unwrap(),
            "list",
            "--format",
            "ndjson",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // Reading end dropped here; the rest of the output has nowhere to go.
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_full_disk_is_an_error_not_a_panic() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin!("deals"))
        .args(["list"])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write to standard output"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
