//! Integration tests: each runs the built `deals` binary as a user would and
//! checks what it prints and how it exits. One test crate, one module per
//! area, so the binary is linked once.

mod analyst;
mod architecture;
mod commands;
mod corpus;
mod dataset;
mod errors;
mod formats;
mod graph;
mod help;
mod input;
mod output;
mod properties;
mod streaming;

use assert_cmd::Command;
use serde_json::Value;

/// `deals` with a clean environment: no colour, no width, no data override.
pub fn deals() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("deals");
    cmd.env_remove("DEALS_DATA")
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .env("LANG", "C.UTF-8");
    cmd
}

/// Runs `deals ARGS`, expects success, and returns standard output.
pub fn stdout_of(args: &[&str]) -> String {
    let output = deals().args(args).output().expect("run deals");
    assert!(
        output.status.success(),
        "deals {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Runs `deals ARGS` and parses its standard output as JSON.
pub fn json_of(args: &[&str]) -> Value {
    let text = stdout_of(args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("deals {args:?}: not JSON ({e}): {text}"))
}

/// The ids of a JSON array of deals.
pub fn ids(deals: &Value) -> Vec<String> {
    deals
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| d["id"].as_str().expect("an id").to_string())
        .collect()
}

/// Runs `deals ARGS`, expects failure with `code`, nothing on standard
/// output, and returns standard error.
pub fn failure_of(args: &[&str], code: i32) -> String {
    let output = deals().args(args).output().expect("run deals");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(code), "deals {args:?}: {stderr}");
    assert!(
        output.stdout.is_empty(),
        "deals {args:?} printed on stdout: {:?}",
        output.stdout
    );
    assert!(
        !stderr.contains("panicked"),
        "deals {args:?} panicked: {stderr}"
    );
    stderr
}

/// A data file in a fresh temporary directory.
pub fn data_file(name: &str, contents: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write data file");
    (dir, path)
}

/// One minimal deal as JSON, with overrides merged in.
pub fn deal_json(id: &str, overrides: Value) -> Value {
    let mut deal = serde_json::json!({
        "id": id,
        "buyer": "Buyer Co",
        "seller": "Seller Co",
        "announced": "2025-01-15",
        "sources": [{"publisher": "Example News", "url": "https://news.example/a"}]
    });
    if let (Some(base), Some(extra)) = (deal.as_object_mut(), overrides.as_object()) {
        for (k, v) in extra {
            base.insert(k.clone(), v.clone());
        }
    }
    deal
}
