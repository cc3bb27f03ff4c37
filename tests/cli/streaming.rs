//! The streaming path (list and total over a `--data` file, chunked and in
//! parallel when deals come one per line) must answer byte for byte as
//! loading the whole dataset does (`DEALS_NO_STREAMING=1`), and on bad input
//! must fail with the same message.

use crate::deals;
use serde_json::{Value, json};

/// A deterministic dataset with what makes streaming hard: names spelled in
/// several cases, aliases and parents, non-ASCII names, escapes, undisclosed
/// values, terms and starts, kinds outside the vocabulary.
fn generated(count: usize) -> Vec<Value> {
    let names = [
        "Microsoft",
        "microsoft",
        "MICROSOFT",
        "Amazon Web Services",
        "AWS",
        "Amazon",
        "OpenAI",
        "Société Générale",
        "SOCIÉTÉ GÉNÉRALE",
        "Nebius",
        "Crusoe \"Cloud\"",
        "CoreWeave",
    ];
    let kinds = [
        "cloud-capacity",
        "investment",
        "chip-supply",
        "wafer-supply",
    ];
    let mut state: u64 = 42;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    (0..count)
        .map(|i| {
            let buyer = names[next(names.len())];
            let mut seller = names[next(names.len())];
            if seller == buyer {
                seller = "Oracle";
            }
            let mut deal = json!({
                "id": format!("g-{i:05}"),
                "buyer": buyer,
                "seller": seller,
                "announced": format!("{}-{:02}-{:02}", 2020 + next(7), 1 + next(12), 1 + next(28)),
                "kind": kinds[next(kinds.len())],
                "status": match next(8) { 0 | 1 => "reported", 2 => "superseded", _ => "announced" },
                "hardware": if next(2) == 0 { json!(["NVIDIA GB300", "AMD MI450"]) } else { json!([]) },
                // Some records with escapes (left to serde), most without
                // (read by the record reader).
                "summary": if i % 5 == 0 {
                    format!("Deal number {i} between {buyer} and {seller}, with a \\\\ and a \"quote\".")
                } else {
                    format!("Deal number {i} between {buyer} and {seller}.")
                },
                "sources": [{"publisher": "Wire", "title": if i % 7 == 0 { "T\u{2014}\"x\"" } else { "T\u{2014}" }, "url": format!("https://wire.example/{i}")}]
            });
            if next(10) != 0 {
                deal["value_usd"] = json!((1 + next(5000)) as u64 * 1_000_000);
            }
            if next(3) != 0 {
                deal["term_years"] = json!(1 + next(10));
            }
            if next(4) == 0 {
                deal["starts"] = json!(format!("{}-H{}", 2024 + next(4), 1 + next(2)));
            }
            deal
        })
        .collect()
}

fn companies() -> Value {
    json!([
        {"name": "Amazon Web Services", "aliases": ["AWS"], "parent": "Amazon"},
        {"name": "Amazon", "aliases": ["Amazon.com, Inc."]},
        {"name": "Microsoft", "aliases": ["Azure"]}
    ])
}

/// The same deals in every layout the loader reads.
fn layouts(deals: &[Value]) -> Vec<(&'static str, String)> {
    let lines: Vec<String> = deals.iter().map(Value::to_string).collect();
    let body = lines.join(",\n");
    vec![
        ("ndjson", lines.iter().map(|l| format!("{l}\n")).collect()),
        (
            "ndjson-crlf-blank",
            lines.iter().map(|l| format!("{l}\r\n\r\n")).collect(),
        ),
        (
            "object-lines",
            format!("{{\"schema_version\":1,\"deals\":[\n{body}\n]}}\n"),
        ),
        (
            "object-lines-companies",
            format!("{{\"companies\":{},\"deals\":[\n{body}\n]}}\n", companies()),
        ),
        ("array-lines", format!("[\n{body}\n]\n")),
        (
            "object-pretty",
            serde_json::to_string_pretty(&json!({"companies": companies(), "deals": deals}))
                .unwrap(),
        ),
        (
            "array-pretty",
            serde_json::to_string_pretty(&deals).unwrap(),
        ),
        (
            "stream-pretty",
            deals
                .iter()
                .map(|d| serde_json::to_string_pretty(d).unwrap() + "\n")
                .collect(),
        ),
        (
            "companies-after-deals",
            serde_json::to_string(&json!({"deals": deals, "companies": companies()})).unwrap(),
        ),
    ]
}

const QUERIES: [&[&str]; 27] = [
    &["list", "--json"],
    &["list", "--buyer", "Microsoft", "--format", "json"],
    &[
        "list", "--seller", "aws", "--sort", "value", "--desc", "--format", "csv",
    ],
    &[
        "list",
        "--party",
        "société générale",
        "--limit",
        "7",
        "--format",
        "ndjson",
    ],
    &[
        "list",
        "--kind",
        "investment",
        "--min",
        "1B",
        "--fields",
        "id,value_usd,buyer",
    ],
    &[
        "list",
        "--search",
        "quote",
        "--hardware",
        "gb300",
        "--year",
        "2023",
        "--json",
    ],
    &["total", "--json"],
    &["total"],
    &["total", "--year", "2025", "--format", "json"],
    &["total", "--by", "buyer", "--top", "10", "--format", "json"],
    &["total", "--by", "party", "--chart"],
    &["total", "--by", "seller", "--format", "ndjson"],
    &["total", "--by", "year", "--spread", "--json"],
    &[
        "total", "--by", "kind", "--status", "reported", "--format", "csv",
    ],
    &[
        "total", "--by", "status", "--since", "2022-06", "--until", "2024", "--max", "2B", "--json",
    ],
    &[
        "total",
        "--buyer",
        "amazon",
        "--hardware",
        "MI450",
        "--search",
        "number 1",
        "--json",
    ],
    &["total", "--by", "quarter", "--json"],
    &["total", "--by", "month", "--chart"],
    &[
        "total", "--by", "quarter", "--year", "2023", "--format", "csv",
    ],
    &["graph", "--json"],
    &["graph"],
    &[
        "graph",
        "--party",
        "aws",
        "--kind",
        "investment",
        "--format",
        "ndjson",
    ],
    &["graph", "--status", "reported", "--format", "csv"],
    &["cycles", "--json"],
    &["cycles", "--max-length", "2"],
    &["cycles", "--seller", "Microsoft", "--format", "csv"],
    &["graph", "--since", "2024", "--format", "markdown"],
];

/// Runs a query both ways; returns (stdout, stderr, code) for each.
fn both_ways(
    args: &[&str],
    stdin: Option<&str>,
    chunk: &str,
) -> [(Vec<u8>, String, Option<i32>); 2] {
    [false, true].map(|whole| {
        let mut cmd = deals();
        cmd.args(args).env("DEALS_STREAM_CHUNK", chunk);
        if whole {
            cmd.env("DEALS_NO_STREAMING", "1");
        }
        if let Some(text) = stdin {
            cmd.write_stdin(text.to_string());
        }
        let output = cmd.output().unwrap();
        (
            output.stdout,
            String::from_utf8_lossy(&output.stderr).into_owned(),
            output.status.code(),
        )
    })
}

fn assert_same(args: &[&str], stdin: Option<&str>, chunk: &str, label: &str) {
    let [streamed, whole] = both_ways(args, stdin, chunk);
    assert_eq!(
        (
            String::from_utf8_lossy(&streamed.0),
            &streamed.1,
            streamed.2
        ),
        (String::from_utf8_lossy(&whole.0), &whole.1, whole.2),
        "{label}: deals {args:?} (streamed, then whole)"
    );
}

#[test]
fn every_layout_gives_the_answers_of_the_whole_dataset() {
    let deals = generated(600);
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in layouts(&deals) {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let data = path.to_str().unwrap();
        for query in QUERIES {
            let args: Vec<&str> = ["--data", data].iter().chain(query).copied().collect();
            // Small chunks put many chunk boundaries in a small file.
            assert_same(&args, None, "1000", name);
        }
        let stdin_args: Vec<&str> = ["--data", "-"].iter().chain(QUERIES[9]).copied().collect();
        assert_same(&stdin_args, Some(&text), "1000", name);
    }
}

#[test]
fn the_streamed_answer_is_the_expected_one() {
    let deals = generated(600);
    let text: String = deals.iter().map(|d| format!("{d}\n")).collect();
    let output = deals_output(&["--data", "-", "total", "--json"], &text);
    let total: Value = serde_json::from_slice(&output).unwrap();
    // A total leaves superseded deals out.
    let counted: Vec<&Value> = deals
        .iter()
        .filter(|d| d["status"] != "superseded")
        .collect();
    let disclosed: Vec<u64> = counted
        .iter()
        .filter_map(|d| d["value_usd"].as_u64())
        .collect();
    assert_eq!(total["deals"], counted.len());
    assert_eq!(total["disclosed"], disclosed.len());
    assert_eq!(total["total_usd"], disclosed.iter().sum::<u64>());
    let by_buyer = deals_output(&["--data", "-", "total", "--by", "buyer", "--json"], &text);
    let by_buyer: Value = serde_json::from_slice(&by_buyer).unwrap();
    let keys: Vec<&str> = by_buyer["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    // Case variants group under one spelling, the first met.
    let microsofts = keys
        .iter()
        .filter(|k| k.eq_ignore_ascii_case("microsoft"))
        .count();
    assert_eq!(microsofts, 1, "{keys:?}");
}

fn deals_output(args: &[&str], stdin: &str) -> Vec<u8> {
    let output = deals()
        .args(args)
        .write_stdin(stdin.to_string())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn bad_input_fails_the_same_way_as_loading_it_whole() {
    let deals = generated(300);
    let mut lines: Vec<String> = deals.iter().map(Value::to_string).collect();
    type Breakage = Box<dyn Fn(&mut Vec<String>)>;
    let cases: Vec<(&str, Breakage)> = vec![
        (
            "duplicate id",
            Box::new(|l: &mut Vec<String>| l[250] = l[3].clone()),
        ),
        (
            "bad date",
            Box::new(|l: &mut Vec<String>| {
                l[200] = l[200].replacen(
                    "\"announced\":\"20",
                    "\"announced\":\"2025-02-30\",\"x\":\"",
                    1,
                )
            }),
        ),
        (
            "missing field",
            Box::new(|l: &mut Vec<String>| l[150] = l[150].replace("\"seller\"", "\"sellers\"")),
        ),
        (
            "zero value",
            Box::new(|l: &mut Vec<String>| {
                l[100] = l[100].replace("\"id\"", "\"value_usd\":0,\"id\"")
            }),
        ),
        (
            "syntax",
            Box::new(|l: &mut Vec<String>| l[280] = l[280].chars().take(40).collect()),
        ),
        (
            "not an object",
            Box::new(|l: &mut Vec<String>| l[10] = "[1,2]".to_string()),
        ),
    ];
    for (label, break_it) in &cases {
        let mut broken = lines.clone();
        break_it(&mut broken);
        let ndjson: String = broken.iter().map(|l| format!("{l}\n")).collect();
        let object = format!("{{\"deals\":[\n{}\n]}}\n", broken.join(",\n"));
        for (layout, text) in [("ndjson", ndjson), ("object-lines", object)] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("bad.json");
            std::fs::write(&path, &text).unwrap();
            for query in [
                &["list", "--json"][..],
                &["total", "--by", "buyer", "--json"],
            ] {
                let args: Vec<&str> = ["--data", path.to_str().unwrap()]
                    .iter()
                    .chain(query)
                    .copied()
                    .collect();
                let [streamed, whole] = both_ways(&args, None, "700");
                assert_eq!(
                    streamed.2, whole.2,
                    "{label} {layout} {query:?}: {}",
                    streamed.1
                );
                assert_eq!(streamed.1, whole.1, "{label} {layout} {query:?}");
                assert!(
                    streamed.0.is_empty() && streamed.2 == Some(1),
                    "{label} {layout}: {}",
                    streamed.1
                );
            }
        }
    }
    // A name no deal mentions is a usage error, with suggestions, either way.
    let text: String = lines.iter_mut().map(|l| format!("{l}\n")).collect();
    assert_same(
        &["--data", "-", "total", "--buyer", "Microsfot"],
        Some(&text),
        "700",
        "unknown name",
    );
    assert_same(
        &["--data", "-", "list", "--kind", "wafer"],
        Some(&text),
        "700",
        "unknown kind",
    );
    assert_same(
        &["--data", "-", "list", "--kind", "wafer-supply", "--json"],
        Some(&text),
        "700",
        "custom kind",
    );
}

#[test]
fn total_checks_only_the_fields_it_reads() {
    // Documented: on a --data file, `total` reads ids, dates, values and
    // what its filters and grouping need; a source list it does not read is
    // not checked (`list` and `validate` check everything).
    let mut lines: Vec<String> = generated(20).iter().map(Value::to_string).collect();
    lines[5] = lines[5].replace("\"sources\":[", "\"sources\":[],\"x\":[");
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let total = deals()
        .args(["--data", "-", "total", "--json"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert!(total.status.success());
    let list = deals()
        .args(["--data", "-", "list", "--json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(list.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&list.stderr);
    assert!(
        stderr.contains("<stdin>:6:") && stderr.contains("sources: invalid length 0"),
        "{stderr}"
    );
}

#[test]
fn arrays_that_are_not_closed_properly_are_left_to_the_loader() {
    let lines: Vec<String> = generated(50).iter().map(Value::to_string).collect();
    let texts = [
        format!("{{\"deals\":[\n{}\n]}}\n", lines.join("\n")),
        format!("{{\"deals\":[\n{},\n]}}\n", lines.join(",\n")),
        format!("{{\"deals\":[\n{}\n]}}\n{{}}\n", lines.join(",\n")),
        format!("{{\"deals\":[\n{}\n", lines.join(",\n")),
        format!("[\n{}\n]}}\n", lines.join(",\n")),
    ];
    for text in texts {
        assert_same(
            &["--data", "-", "total", "--json"],
            Some(&text),
            "300",
            "unclosed",
        );
    }
}

#[test]
fn what_the_record_reader_skips_is_still_checked() {
    // The hand-written record reader skips the fields a query does not
    // read, but a full load would refuse these inputs, so streaming must
    // too (or find the same answer when the loader takes them).
    let lines: Vec<String> = generated(40).iter().map(Value::to_string).collect();
    let ndjson = |lines: &[String]| -> Vec<u8> {
        lines
            .iter()
            .flat_map(|l| format!("{l}\n").into_bytes())
            .collect()
    };
    let with_line = |at: usize, line: Vec<u8>| -> Vec<u8> {
        let mut text = ndjson(&lines[..at]);
        text.extend(line);
        text.push(b'\n');
        text.extend(ndjson(&lines[at + 1..]));
        text
    };
    let replaced = |at: usize, from: &str, to: &[u8]| -> Vec<u8> {
        let line = lines[at].as_bytes();
        let start = lines[at].find(from).unwrap();
        let mut new = line[..start].to_vec();
        new.extend_from_slice(to);
        new.extend_from_slice(&line[start + from.len()..]);
        with_line(at, new)
    };
    let closed = format!("{{\"deals\":[\n{}\n]}}\n", lines.join(",\n"));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "invalid UTF-8 in a summary",
            replaced(31, "Deal number", b"Deal \xFF"),
        ),
        ("a raw tab in a title", replaced(12, "T\u{2014}", b"T\t")),
        ("a form feed before a deal", {
            let mut line = b"\x0C".to_vec();
            line.extend_from_slice(lines[20].as_bytes());
            with_line(20, line)
        }),
        (
            "an escaped key",
            replaced(25, "\"status\"", br#""st\u0061tus""#),
        ),
        (
            "an escaped name",
            replaced(26, "\"buyer\":\"", br#""buyer":"\u0041"#),
        ),
        (
            "a value with an exponent",
            replaced(27, "\"id\"", br#""value_usd":1e9,"id""#),
        ),
        (
            "nesting in an unknown field",
            replaced(28, "\"id\"", br#""x":[[[{"a":[{}]}]]],"id""#),
        ),
        (
            "a leading zero in an unknown field",
            replaced(29, "\"id\"", br#""x":01,"id""#),
        ),
        // Blanks longer than a chunk put the second closing line in a
        // chunk of its own.
        (
            "closed twice",
            format!("{closed}{}\n]}}\n", " ".repeat(600)).into_bytes(),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (label, text) in cases {
        let path = dir.path().join("case.json");
        std::fs::write(&path, &text).unwrap();
        for query in [
            &["total", "--json"][..],
            &["total", "--by", "buyer", "--json"],
            &["list", "--buyer", "microsoft", "--json"],
        ] {
            let args: Vec<&str> = ["--data", path.to_str().unwrap()]
                .iter()
                .chain(query)
                .copied()
                .collect();
            for chunk in ["500", "100000"] {
                let [streamed, whole] = both_ways(&args, None, chunk);
                assert_eq!(streamed, whole, "{label}: {query:?}, chunks of {chunk}");
            }
        }
    }
}
