//! The bad-input corpus: every file in `tests/corpus/` (and a few inputs too
//! big to commit, made here) with the command to run on it, the exit code it
//! must give and the key words its message must hold. One table, one test.
//!
//! What every case must do, whatever its input:
//! - no panic, and an exit code that says whether it worked;
//! - on failure: nothing on standard output, one message that starts with
//!   `error: `, names the input and says where, with a hint, in short
//!   escaped lines;
//! - on success: the expected output, and tables free of control characters.

use std::path::{Path, PathBuf};

use crate::deals;

/// Where a case's input comes from.
enum Input {
    /// A file in `tests/corpus/`.
    File(&'static str),
    /// Bytes made by the test (too big to commit), written to a temp file.
    Made(&'static str, fn() -> Vec<u8>),
    /// A path that is a directory.
    Directory,
    /// A path where nothing is.
    Missing,
}

struct Case {
    input: Input,
    /// The command after `--data PATH`.
    args: &'static [&'static str],
    code: i32,
    /// Must all appear on standard error.
    stderr: &'static [&'static str],
    /// Must all appear on standard output (for the cases that succeed).
    stdout: &'static [&'static str],
}

const fn fails(input: Input, stderr: &'static [&'static str]) -> Case {
    Case {
        input,
        args: &["list"],
        code: 1,
        stderr,
        stdout: &[],
    }
}

const fn works(
    input: Input,
    args: &'static [&'static str],
    stderr: &'static [&'static str],
    stdout: &'static [&'static str],
) -> Case {
    Case {
        input,
        args,
        code: 0,
        stderr,
        stdout,
    }
}

use Input::{Directory, File, Made, Missing};

const TOTAL_JSON: &[&str] = &["total", "--format", "json"];

const CASES: &[Case] = &[
    // Empty and near-empty input: zero deals, said out loud.
    works(
        File("empty.json"),
        TOTAL_JSON,
        &["warning: ", "empty.json is empty"],
        &["\"deals\": 0"],
    ),
    works(
        File("whitespace-only.json"),
        &["list"],
        &["whitespace-only.json is empty"],
        &["No deals match."],
    ),
    works(
        File("bom.json"),
        TOTAL_JSON,
        &[],
        &["\"deals\": 2", "\"total_usd\": 1000"],
    ),
    works(
        File("bom-only.json"),
        TOTAL_JSON,
        &["bom-only.json is empty"],
        &["\"deals\": 0"],
    ),
    // Encodings.
    fails(File("utf16.json"), &["utf16.json", "UTF-16", "iconv"]),
    fails(
        File("invalid-utf8-in-string.json"),
        &[
            "invalid-utf8-in-string.json:1:",
            "[0].id",
            "not valid UTF-8",
        ],
    ),
    fails(
        File("invalid-utf8-bytes.json"),
        &[
            "invalid-utf8-bytes.json:1:1",
            "expected value",
            "not valid JSON",
        ],
    ),
    fails(
        File("nul-bytes.json"),
        &["nul-bytes.json:1:1", "not valid JSON"],
    ),
    // Syntax.
    fails(
        File("truncated-object.json"),
        &["truncated-object.json:2:", "deals[0]", "truncated"],
    ),
    fails(
        File("truncated-ndjson.ndjson"),
        &["truncated-ndjson.ndjson:2:", "truncated"],
    ),
    // A record cut short at the end of its line fails on the next line:
    // the message names both, and the hint says a line may be cut short.
    fails(
        File("ndjson-record-cut-short.ndjson"),
        &[
            "ndjson-record-cut-short.ndjson:7:1:",
            "record that starts on line 6",
            "line 6 may be cut short",
        ],
    ),
    fails(
        File("trailing-garbage.json"),
        &["trailing-garbage.json:1:", "trailing characters"],
    ),
    fails(
        File("two-documents.json"),
        &["two-documents.json:2:1", "trailing characters"],
    ),
    fails(
        File("raw-control-char.json"),
        &["raw-control-char.json:1:", "[0].buyer", "control character"],
    ),
    fails(
        File("lone-surrogate.json"),
        &["lone-surrogate.json:1:", "[0].buyer", "hex escape"],
    ),
    // Amounts: never wrapped, rounded or misreported.
    fails(
        File("value-400-digits.json"),
        &[
            "[0].value_usd",
            "number out of range",
            "18446744073709551615",
        ],
    ),
    fails(
        File("value-1e400.json"),
        &["[0].value_usd", "number out of range", "too large"],
    ),
    fails(
        File("value-negative.json"),
        &["[0].value_usd", "integer `-5`", "positive whole number"],
    ),
    fails(
        File("value-zero.json"),
        &["[0].value_usd", "integer `0`", "null when undisclosed"],
    ),
    fails(
        File("value-fractional.json"),
        &["[0].value_usd", "floating point `1.5`", "whole number"],
    ),
    fails(
        File("value-exponent.json"),
        &["[0].value_usd", "floating point", "JSON integer"],
    ),
    fails(
        File("value-above-u64.json"),
        &[
            "value-above-u64.json:1:",
            "[0].value_usd",
            "above the largest amount",
            "18446744073709551615",
        ],
    ),
    fails(
        File("value-as-string.json"),
        &["[0].value_usd", "string \"9.7B\"", "e.g. 9700000000"],
    ),
    // A sum above u64::MAX is exact in every format, never wrapped.
    works(
        File("sum-above-u64.json"),
        TOTAL_JSON,
        &[],
        &[
            "\"total_usd\": 36893488147419103230",
            "\"disclosed\": 2",
            "\"undisclosed\": 1",
        ],
    ),
    works(
        File("sum-above-u64.json"),
        &["total", "--format", "csv"],
        &[],
        &["3,2,1,36893488147419103230"],
    ),
    // The table may round for reading; it must still be the true sum
    // ($36,893,488.1…T), not the wrapped one ($18,446,744.07…T).
    works(File("sum-above-u64.json"), &["total"], &[], &["$3689"]),
    works(
        File("sum-above-u64.json"),
        &["companies", "--format", "json"],
        &[],
        &["\"bought_usd\": 36893488147419103230"],
    ),
    // Ids and keys.
    fails(
        File("duplicate-ids.json"),
        &["duplicate-ids.json", "[2]: duplicate id \"a\"", "at [0]"],
    ),
    fails(
        File("duplicate-ids.ndjson"),
        &[
            "duplicate-ids.ndjson",
            "line 3: duplicate id \"x\"",
            "line 1",
        ],
    ),
    fails(
        File("duplicate-key-in-deal.json"),
        &[
            "duplicate-key-in-deal.json:1:",
            "[0]",
            "duplicate field `buyer`",
        ],
    ),
    fails(
        File("duplicate-key-in-dataset.json"),
        &[
            "duplicate-key-in-dataset.json:1:",
            "duplicate field `deals`",
        ],
    ),
    // The dataset's shape.
    fails(
        File("schema-version-2.json"),
        &["schema_version", "integer `2`", "schema version 1"],
    ),
    fails(
        File("schema-version-string.json"),
        &["schema_version", "string \"1\"", "schema version 1"],
    ),
    fails(
        File("missing-deals.json"),
        &["missing-deals.json:1:", "missing field `deals`"],
    ),
    fails(
        File("deals-not-an-array.json"),
        &["deals: invalid type: object, expected an array"],
    ),
    fails(
        File("deals-null.json"),
        &["deals: invalid type: null, expected an array"],
    ),
    fails(
        File("deal-as-array.json"),
        &["[0]: invalid type: array, expected a deal object"],
    ),
    fails(
        File("company-as-array.json"),
        &["companies[0]: invalid type: array, expected a company object"],
    ),
    fails(
        File("top-level-number.json"),
        &[
            "top-level-number.json:1:",
            "integer `42`",
            "expected a deal object",
        ],
    ),
    fails(
        File("top-level-string.json"),
        &["top-level-string.json:1:", "expected a deal object"],
    ),
    // Fields.
    fails(
        File("date-feb-30.json"),
        &[
            "[0].announced",
            "'2025-02-30' is not a date",
            "has no day 30",
        ],
    ),
    fails(
        File("date-not-iso.json"),
        &["[0].announced", "'15/01/2025'", "YYYY-MM-DD"],
    ),
    fails(File("start-h3.json"), &["[0].starts", "'2026-H3'"]),
    fails(
        File("term-negative.json"),
        &["[0].term_years", "a positive number"],
    ),
    fails(
        File("url-javascript.json"),
        &["[0].sources[0].url", "javascript:alert(1)", "http"],
    ),
    fails(
        File("no-sources.json"),
        &["[0].sources", "at least one source"],
    ),
    // One bad record among good ones: the message names it.
    fails(
        File("ndjson-bad-line.ndjson"),
        &["ndjson-bad-line.ndjson:3:", "announced", "month 13"],
    ),
    fails(
        File("array-bad-element.json"),
        &["array-bad-element.json:4:", "[2].seller", "integer `7`"],
    ),
    fails(
        File("object-bad-element.json"),
        &["deals[1].hardware", "string \"GB300\"", "expected an array"],
    ),
    works(File("crlf.ndjson"), TOTAL_JSON, &[], &["\"deals\": 2"]),
    // Escape sequences: escaped in tables, exact in JSON and CSV.
    works(
        File("control-chars.json"),
        &["list"],
        &[],
        &[
            "Evil\\x1b]0;pwned\\x07\\x1b[2J Corp\\u{202e}",
            "Zero\\u{200b}Width\\u{9b}31m",
        ],
    ),
    works(
        File("control-chars.json"),
        &["show", "evil"],
        &[],
        &["line\\nbreak\\x1b[31mred"],
    ),
    works(
        File("control-chars.json"),
        &["list", "--format", "json"],
        &[],
        &["\"Evil\\u001b]0;pwned\\u0007\\u001b[2J Corp\u{202e}\""],
    ),
    works(
        File("control-chars.json"),
        &["list", "--format", "csv"],
        &[],
        &["Evil\u{1b}]0;pwned\u{7}\u{1b}[2J Corp\u{202e}"],
    ),
    works(
        File("control-chars.json"),
        &["companies"],
        &[],
        &["Evil\\x1b]0;pwned"],
    ),
    // Deep nesting: an error or skipped, never a stack overflow.
    fails(
        Made("nested-array.json", || nested(b"", b"[", 100_000, b"")),
        &["nested-array.json:1:", "[0]", "expected a deal object"],
    ),
    fails(
        Made("nested-object-form.json", || {
            nested(b"{\"deals\":", b"[", 100_000, b"")
        }),
        &[
            "nested-object-form.json:1:",
            "deals[0]",
            "expected a deal object",
        ],
    ),
    fails(
        Made("nested-ndjson.ndjson", || {
            nested(&[DEAL, b"\n"].concat(), b"[", 100_000, b"")
        }),
        &["nested-ndjson.ndjson:2:1", "expected a deal object"],
    ),
    fails(
        Made("nested-objects.json", || {
            nested(b"{\"deals\":[],\"x\":", b"{\"a\":", 100_000, b"")
        }),
        &["nested-objects.json:1:", "truncated"],
    ),
    works(
        Made("nested-unknown-field.json", || {
            let open = nested(b"{\"x\":", b"[", 100_000, b"");
            [open, vec![b']'; 100_000], b",\"deals\":[]}".to_vec()].concat()
        }),
        TOTAL_JSON,
        &[],
        &["\"deals\": 0"],
    ),
    works(
        Made("nested-unknown-field-of-a-deal.ndjson", || {
            let deal = &DEAL[..DEAL.len() - 1];
            let open = nested(&[deal, b",\"extra\":"].concat(), b"[", 100_000, b"");
            [open, vec![b']'; 100_000], b"}\n".to_vec()].concat()
        }),
        TOTAL_JSON,
        &[],
        &["\"deals\": 1"],
    ),
    // Ten megabytes in one string: read whole, quoted short.
    fails(
        Made("ten-mb-start.json", || {
            let start = "9".repeat(10_000_000);
            deal_with(&format!("\"starts\":\"{start}\""))
        }),
        &["[0].starts: '999", "(message shortened)"],
    ),
    works(
        Made("ten-mb-summary.json", || {
            let summary = "word ".repeat(2_000_000);
            deal_with(&format!("\"summary\":\"{summary}\""))
        }),
        TOTAL_JSON,
        &[],
        &["\"deals\": 1"],
    ),
    // Paths that are not data files.
    fails(
        Directory,
        &["cannot read", "Is a directory", "not a directory"],
    ),
    fails(
        Missing,
        &["cannot read", "No such file or directory", "check the path"],
    ),
];

/// One valid deal on one line.
const DEAL: &[u8] = br#"{"id":"a","buyer":"B","seller":"S","announced":"2025-01-15","sources":[{"publisher":"P","url":"https://p.example"}]}"#;

/// `head`, then `open` `depth` times, then `tail`.
fn nested(head: &[u8], open: &[u8], depth: usize, tail: &[u8]) -> Vec<u8> {
    [head, &open.repeat(depth), tail].concat()
}

/// A bare array holding one deal with an extra `"key":value` member.
fn deal_with(member: &str) -> Vec<u8> {
    let deal = std::str::from_utf8(&DEAL[..DEAL.len() - 1]).unwrap_or_default();
    format!("[{deal},{member}}}]").into_bytes()
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// The path to pass to `--data`, and a name for messages.
fn materialize(input: &Input, temp: &Path) -> (PathBuf, String) {
    match input {
        File(name) => (corpus_dir().join(name), name.to_string()),
        Made(name, make) => {
            let path = temp.join(name);
            std::fs::write(&path, make()).unwrap();
            (path, name.to_string())
        }
        Directory => (temp.to_path_buf(), "a directory".into()),
        Missing => (temp.join("absent.json"), "absent.json".into()),
    }
}

#[test]
fn every_corpus_case_behaves() {
    let temp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for case in CASES {
        let (path, name) = materialize(&case.input, temp.path());
        if let Err(why) = check(case, &path) {
            failures.push(format!("{name} {:?}: {why}", case.args));
        }
        if let Made(..) = case.input {
            let _ = std::fs::remove_file(&path);
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

fn check(case: &Case, path: &Path) -> Result<(), String> {
    let output = deals()
        .arg("--data")
        .arg(path)
        .args(case.args)
        .output()
        .map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown = || {
        format!(
            "\n  stderr: {}\n  stdout: {}",
            short(&stderr),
            short(&stdout)
        )
    };
    let mut wrong = Vec::new();
    if output.status.code() != Some(case.code) {
        wrong.push(format!(
            "exit code {:?}, expected {}",
            output.status.code(),
            case.code
        ));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        wrong.push("panicked".into());
    }
    for word in case.stderr.iter().filter(|w| !stderr.contains(*w)) {
        wrong.push(format!("stderr lacks {word:?}"));
    }
    for word in case.stdout.iter().filter(|w| !stdout.contains(*w)) {
        wrong.push(format!("stdout lacks {word:?}"));
    }
    if case.code != 0 {
        wrong.extend(failure_contract(path, &stdout, &stderr));
    } else if !case.args.contains(&"--format") {
        let raw = stdout.chars().find(|c| c.is_control() && *c != '\n');
        if let Some(c) = raw {
            wrong.push(format!("table holds control character {c:?}"));
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!("{}{}", wrong.join("; "), shown()))
    }
}

/// What every failure owes its user.
fn failure_contract(path: &Path, stdout: &str, stderr: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    if !stdout.is_empty() {
        wrong.push("printed on stdout".into());
    }
    if !stderr.starts_with("error: ") || !stderr.contains("\n  hint: ") {
        wrong.push("not one message with a hint".into());
    }
    if !stderr.contains(&*path.to_string_lossy()) {
        wrong.push("message does not name the input".into());
    }
    if stderr.lines().any(|line| line.chars().count() > 600) {
        wrong.push("a message line is not shortened".into());
    }
    if stderr.chars().any(|c| c.is_control() && c != '\n') {
        wrong.push("message holds a control character".into());
    }
    wrong
}

fn short(text: &str) -> String {
    let cut: String = text.chars().take(600).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

#[test]
fn the_corpus_has_no_file_without_a_case() {
    let used: Vec<&str> = CASES
        .iter()
        .filter_map(|case| match case.input {
            File(name) => Some(name),
            _ => None,
        })
        .collect();
    for entry in std::fs::read_dir(corpus_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if name != "README.md" {
            assert!(
                used.contains(&name.as_str()),
                "no case uses tests/corpus/{name}"
            );
        }
    }
    assert!(CASES.len() >= 30);
}
