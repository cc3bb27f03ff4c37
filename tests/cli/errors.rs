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

/// Runs the built binary through `sh -c SCRIPT`, where `$0` is its path,
/// for redirections the test harness cannot express (closing a descriptor).
fn shell(script: &str) -> std::process::Output {
    std::process::Command::new("sh")
        .args(["-c", script])
        .arg(assert_cmd::cargo::cargo_bin!("deals"))
        .env_remove("DEALS_DATA")
        .output()
        .unwrap()
}

#[test]
fn a_closed_stdout_is_an_error_not_lost_output() {
    for script in [
        r#"exec "$0" list >&-"#,
        r#"exec "$0" total --json >&-"#,
        r#"exec "$0" --help >&-"#,
    ] {
        let output = shell(script);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{script}: {stderr}");
        assert!(
            stderr.contains("error: standard output is not open"),
            "{script}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{script}: {stderr}");
    }
    // /dev/null is a place to send output on purpose, not a closed stdout.
    let output = shell(r#"exec "$0" list >/dev/null"#);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_full_disk_fails_small_outputs_too() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    // A few bytes sit in the buffer until the final flush, which must fail.
    for args in ["total --json", "show openai-aws-2025-11 --format csv"] {
        let output = shell(&format!(r#"exec "$0" {args} >/dev/full"#));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output"),
            "{stderr}"
        );
    }
}

#[test]
fn a_closed_stdin_reads_as_empty_with_a_warning() {
    let output = shell(r#"exec "$0" --data - total --json <&-"#);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning: <stdin> is empty"), "{stderr}");
}

#[test]
fn an_unreadable_file_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = data_file("secret.json", "[]");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        return; // root reads anything; nothing to test here
    }
    let stderr = failure_of(&["--data", path.to_str().unwrap(), "list"], 1);
    assert!(stderr.contains("Permission denied"), "{stderr}");
    assert!(
        stderr.contains("hint: check the file's permissions"),
        "{stderr}"
    );
}

#[test]
fn a_fifo_is_read_until_its_writer_closes_it() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("deals.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let deals: Vec<String> = ["f1", "f2"]
        .iter()
        .map(|id| crate::deal_json(id, serde_json::json!({"value_usd": 5})).to_string())
        .collect();
    let writer_path = fifo.clone();
    // The writer pauses between deals: a reader that stopped at the first
    // read, rather than at end of file, would see only one.
    let writer = std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new()
            .write(true)
            .open(writer_path)
            .unwrap();
        for deal in deals {
            writeln!(pipe, "{deal}").unwrap();
            pipe.flush().unwrap();
            std::thread::sleep(std::time::Duration::from_millis(150));
        }
    });
    let total = crate::json_of(&["--data", fifo.to_str().unwrap(), "total", "--json"]);
    writer.join().unwrap();
    assert_eq!(total["deals"], 2);
    assert_eq!(total["total_usd"], 10);
}

#[test]
fn an_endless_input_stops_with_an_error() {
    if !std::path::Path::new("/dev/zero").exists() {
        return;
    }
    let stderr = failure_of(&["--data", "/dev/zero", "list"], 1);
    assert!(
        stderr.contains("cannot read /dev/zero: it holds more than 1024 MiB"),
        "{stderr}"
    );
}
