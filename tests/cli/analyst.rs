//! Analyst features: grouped totals, spreads over years, charts, field
//! selection, Markdown, validate, info, completions and the man page.

use crate::{data_file, deal_json, deals, failure_of, json_of, stdout_of};
use serde_json::{Value, json};

fn sum_groups(total: &Value) -> u64 {
    let groups = total["groups"].as_array().unwrap();
    let mut sum: u64 = groups
        .iter()
        .map(|g| g["total_usd"].as_u64().unwrap())
        .sum();
    if let Some(rest) = total.get("rest") {
        sum += rest["total_usd"].as_u64().unwrap();
    }
    sum
}

#[test]
fn grouped_totals_add_up_exactly_and_sort_by_total() {
    for by in ["buyer", "seller", "year", "kind", "status"] {
        let total = json_of(&["total", "--by", by, "--json"]);
        assert_eq!(total["by"], by);
        assert_eq!(total["spread"], false);
        assert_eq!(
            sum_groups(&total),
            total["total_usd"].as_u64().unwrap(),
            "--by {by}"
        );
        let deals: u64 = total["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["deals"].as_u64().unwrap())
            .sum();
        // 117 bundled deals, less the 2 superseded ones a total leaves out.
        assert_eq!(deals, 115, "--by {by}");
        assert_eq!(total["deals"], 115, "--by {by}");
        assert_eq!(total["left_out"]["superseded"]["deals"], 2, "--by {by}");
        let totals: Vec<u64> = total["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["total_usd"].as_u64().unwrap())
            .collect();
        let mut sorted = totals.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(
            totals, sorted,
            "--by {by} is sorted by total, largest first"
        );
    }
    let by_buyer = json_of(&["total", "--by", "buyer", "--json"]);
    assert_eq!(
        by_buyer["groups"][0],
        json!({
            "key": "OpenAI", "deals": 13, "disclosed": 7, "undisclosed": 6, "total_usd": 716_400_000_000u64
        })
    );
    let by_year = json_of(&["total", "--by", "year", "--json"]);
    assert_eq!(by_year["groups"][0]["key"], 2025, "years are JSON numbers");
}

#[test]
fn ties_are_broken_by_key() {
    let deals: Vec<Value> = ["b", "a", "c"]
        .iter()
        .enumerate()
        .map(|(i, buyer)| deal_json(&format!("d{i}"), json!({"buyer": buyer, "value_usd": 5})))
        .collect();
    let (_dir, path) = data_file("ties.json", &Value::Array(deals).to_string());
    let total = json_of(&[
        "--data",
        path.to_str().unwrap(),
        "total",
        "--by",
        "buyer",
        "--json",
    ]);
    let keys: Vec<&str> = total["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["a", "b", "c"]);
}

#[test]
fn by_party_counts_each_side_and_says_so() {
    let total = json_of(&["total", "--by", "party", "--json"]);
    let deals: u64 = total["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["deals"].as_u64().unwrap())
        .sum();
    // 115 deals counted (the 2 superseded ones left out), none between a
    // company and itself.
    assert_eq!(deals, 230, "each of 115 deals counts for both sides");
    assert_eq!(sum_groups(&total), 2 * 2_245_900_000_000);
    assert_eq!(total["total_usd"], 2_245_900_000_000u64);
    let table = stdout_of(&["total", "--by", "party"]);
    assert!(
        table.contains("Each deal counts once for its buyer and once for its seller"),
        "{table}"
    );
}

#[test]
fn top_keeps_the_largest_and_adds_up_the_rest() {
    let total = json_of(&["total", "--by", "seller", "--top", "3", "--json"]);
    assert_eq!(total["groups"].as_array().unwrap().len(), 3);
    assert_eq!(total["rest"]["groups"], 44, "47 sellers, 3 shown");
    assert_eq!(sum_groups(&total), total["total_usd"].as_u64().unwrap());
    let all = json_of(&["total", "--by", "seller", "--top", "100", "--json"]);
    assert!(all.get("rest").is_none());
    let ndjson = stdout_of(&[
        "total", "--by", "seller", "--top", "3", "--format", "ndjson",
    ]);
    let last: Value = serde_json::from_str(ndjson.lines().last().unwrap()).unwrap();
    assert_eq!(
        (last["rest"].clone(), last["key"].clone()),
        (json!(true), Value::Null)
    );
    failure_of(&["total", "--top", "3"], 2);
}

#[test]
fn spreading_puts_each_share_in_its_year_exactly() {
    let deals = vec![
        deal_json(
            "aws",
            json!({"value_usd": 38_000_000_000u64, "term_years": 7, "starts": "2025-11", "announced": "2025-11-03"}),
        ),
        deal_json(
            "lease",
            json!({"value_usd": 10, "term_years": 2.5, "announced": "2024-02-01", "starts": "2026-H2"}),
        ),
        deal_json(
            "whole",
            json!({"value_usd": 1_000, "announced": "2024-05-05"}),
        ),
        deal_json(
            "secret",
            json!({"announced": "2025-01-01", "term_years": 3}),
        ),
    ];
    let (_dir, path) = data_file("spread.json", &Value::Array(deals).to_string());
    let data = path.to_str().unwrap();
    let total = json_of(&[
        "--data", data, "total", "--by", "year", "--spread", "--json",
    ]);
    assert_eq!(total["spread"], true);
    let years: Vec<(u64, u64, u64)> = total["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["key"].as_u64().unwrap(),
                g["total_usd"].as_u64().unwrap(),
                g["no_term"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        years,
        [
            (2024, 1_000, 1),
            (2025, 5_428_571_429, 0),
            (2026, 5_428_571_429 + 4, 0),
            (2027, 5_428_571_429 + 3, 0),
            (2028, 5_428_571_429 + 3, 0),
            (2029, 5_428_571_428, 0),
            (2030, 5_428_571_428, 0),
            (2031, 5_428_571_428, 0),
        ]
    );
    assert_eq!(sum_groups(&total), 38_000_000_000 + 10 + 1_000);
    assert_eq!(total["total_usd"], 38_000_001_010u64);
    assert_eq!(total["undisclosed"], 1);
    let table = stdout_of(&["--data", data, "total", "--by", "year", "--spread"]);
    assert!(
        table.contains("NO TERM: 1 deal without a term is counted whole in its start year."),
        "{table}"
    );
    let stderr = failure_of(&["total", "--by", "buyer", "--spread"], 2);
    assert!(
        stderr.contains("--spread spreads values over years; it needs --by year"),
        "{stderr}"
    );
}

#[test]
fn bundled_spread_adds_up_to_the_grand_total() {
    let total = json_of(&["total", "--by", "year", "--spread", "--json"]);
    assert_eq!(sum_groups(&total), 2_245_900_000_000);
    assert_eq!(total["total_usd"], 2_245_900_000_000u64);
    // NVIDIA-CoreWeave "Project Osprey" started in 2023 and ran four years.
    let first = &total["groups"][0];
    assert_eq!(first["key"], 2023);
    assert_eq!(first["total_usd"], 325_000_000);
}

#[test]
fn charts_draw_bars_in_unicode_or_ascii() {
    let unicode = deals()
        .env("COLUMNS", "100")
        .args(["total", "--by", "buyer", "--top", "5", "--chart"])
        .output()
        .unwrap();
    let unicode = String::from_utf8(unicode.stdout).unwrap();
    insta::assert_snapshot!("chart_unicode", unicode);
    assert!(unicode.lines().all(|l| l.chars().count() <= 100));
    let ascii = deals()
        .env("COLUMNS", "100")
        .args([
            "total", "--by", "buyer", "--top", "5", "--chart", "--color", "never",
        ])
        .output()
        .unwrap();
    let ascii = String::from_utf8(ascii.stdout).unwrap();
    assert!(ascii.is_ascii(), "{ascii}");
    insta::assert_snapshot!("chart_ascii", ascii);
    let c_locale = deals()
        .env("LANG", "C")
        .args(["total", "--by", "kind", "--chart"])
        .output()
        .unwrap();
    assert!(String::from_utf8(c_locale.stdout).unwrap().contains('#'));
}

#[test]
fn spread_table_snapshot() {
    insta::assert_snapshot!(stdout_of(&["total", "--by", "year", "--spread", "--chart"]));
}

#[test]
fn fields_pick_and_order_columns_in_every_format() {
    let args = [
        "list",
        "--seller",
        "aws",
        "--buyer",
        "OpenAI",
        "--year",
        "2025",
        "--fields",
        "value_usd,id,buyer",
    ];
    let json = json_of(&[&args[..], &["--json"]].concat());
    assert_eq!(
        json,
        json!([{"value_usd": 38_000_000_000u64, "id": "openai-aws-2025-11", "buyer": "OpenAI"}])
    );
    let text = stdout_of(&[&args[..], &["--json"]].concat());
    let positions: Vec<usize> = ["\"value_usd\"", "\"id\"", "\"buyer\""]
        .iter()
        .map(|k| text.find(k).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "in the order asked: {text}"
    );
    let ndjson = stdout_of(&[&args[..], &["--format", "ndjson"]].concat());
    assert_eq!(
        ndjson,
        "{\"value_usd\":38000000000,\"id\":\"openai-aws-2025-11\",\"buyer\":\"OpenAI\"}\n"
    );
    let csv = stdout_of(&[&args[..], &["--format", "csv"]].concat());
    assert_eq!(
        csv,
        "value_usd,id,buyer\n38000000000,openai-aws-2025-11,OpenAI\n"
    );
    let table = stdout_of(&args);
    assert_eq!(
        table
            .lines()
            .next()
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["VALUE", "ID", "BUYER"]
    );
    let markdown = stdout_of(&[&args[..], &["--format", "markdown"]].concat());
    assert!(
        markdown.starts_with(
            "| VALUE | ID | BUYER |\n| ---: | --- | --- |\n| $38B | openai-aws-2025-11 | OpenAI |"
        ),
        "{markdown}"
    );
    let show = json_of(&[
        "show",
        "openai-aws-2025-11",
        "--fields",
        "id,term_years",
        "--json",
    ]);
    assert_eq!(show, json!({"id": "openai-aws-2025-11", "term_years": 7}));
    let stderr = failure_of(&["list", "--fields", "id,price"], 2);
    assert!(
        stderr.contains("unknown field 'price'") && stderr.contains("value_usd, value_note"),
        "{stderr}"
    );
}

#[test]
fn markdown_tables_for_every_command() {
    insta::assert_snapshot!(
        "markdown_list",
        stdout_of(&["list", "--buyer", "Microsoft", "--format", "markdown"])
    );
    insta::assert_snapshot!(
        "markdown_total_by",
        stdout_of(&["total", "--by", "kind", "--format", "markdown"])
    );
    for args in [
        &["companies"][..],
        &["facts"],
        &["show", "openai-oracle-2025"],
        &["total"],
        &["info"],
    ] {
        let text = stdout_of(&[args, &["--format", "markdown"]].concat());
        assert!(text.starts_with("| "), "{args:?}: {text}");
        assert!(
            text.lines().nth(1).unwrap().starts_with("| ---"),
            "{args:?}"
        );
    }
}

/// A small dataset that validates clean: two deals, one on a party's own
/// word and one on two independent press stories.
fn clean_dataset() -> Value {
    json!({"as_of": "2026-01-31", "coverage": {"from": "2025-01-01", "through": "2026-01-15"},
    "companies": [{"name": "Buyer Co", "category": "ai-lab"}, {"name": "Seller Co", "category": "neocloud"}],
    "deals": [
        deal_json("a", json!({"kind": "investment", "status": "announced",
            "sources": [{"publisher": "Seller Co", "url": "https://seller.example/news", "kind": "primary"}]})),
        deal_json("b", json!({"kind": "cloud-capacity", "status": "reported", "announced": "2026-01-10",
            "sources": [{"publisher": "Reuters", "url": "https://reuters.example/b", "kind": "press"},
                        {"publisher": "Bloomberg", "url": "https://bloomberg.example/b", "kind": "press"}]})),
    ]})
}

#[test]
fn validate_passes_a_clean_dataset_and_reports_every_problem() {
    let (_clean_dir, clean) = data_file("clean.json", &clean_dataset().to_string());
    let ok = stdout_of(&["validate", clean.to_str().unwrap()]);
    assert_eq!(
        ok,
        format!(
            "{}: 2 deals: 1 primary, 1 press, 0 secondary; 0 errors, 0 warnings: valid\n",
            clean.display()
        )
    );
    let bad = json!({"as_of": "2025-06-01", "companies": [{"name": "A"}], "deals": [
        deal_json("x", json!({"buyer": "A", "seller": "A", "value_usd": -1, "sources": []})),
        deal_json("x", json!({"buyer": "A", "announced": "2025-07-01", "kind": "gift", "status": "announced"})),
    ]});
    let (_dir, path) = data_file("bad.json", &serde_json::to_string_pretty(&bad).unwrap());
    let data = path.to_str().unwrap();
    let output = deals().args(["validate", data]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "deals[0].value_usd: invalid value: integer `-1`",
        "deals[0].sources: a deal needs at least one source",
        "deals[0].seller: the buyer and the seller are both \"A\"",
        "deals[1].id: duplicate id \"x\" (first used at deals[0])",
        "deals[1].kind: kind \"gift\" is not one of",
        "deals[1].announced: announced 2025-07-01, after the dataset's as_of date 2025-06-01",
        "deals[1].seller: warning: \"Seller Co\" is not in the dataset's companies",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in:\n{report}"
        );
    }
    assert!(report.lines().all(|l| l.starts_with(data)), "{report}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("bad.json: 2 deals: 0 primary, 0 press, 2 secondary; 6 errors, 4 warnings"),
        "{stderr}"
    );
    let json = deals().args(["validate", data, "--json"]).output().unwrap();
    let problems: Value = serde_json::from_slice(&json.stdout).unwrap();
    let first = &problems[0];
    assert_eq!(first["severity"], "error");
    assert!(first["line"].is_u64() && first["column"].is_u64() && first["path"].is_string());
}

#[test]
fn validate_reads_standard_input_and_data() {
    let (_dir, clean) = data_file("clean.json", &clean_dataset().to_string());
    let ndjson = stdout_of(&[
        "--data",
        clean.to_str().unwrap(),
        "list",
        "--format",
        "ndjson",
    ]);
    let output = deals()
        .args(["validate", "-"])
        .write_stdin(ndjson)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let (_dir, path) = data_file("w.json", &json!([deal_json("a", json!({}))]).to_string());
    let output = deals()
        .args(["--data", path.to_str().unwrap(), "validate"])
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "warnings only: {report}");
    assert!(report.contains("[0].kind: warning: no kind"), "{report}");
}

#[test]
fn info_describes_the_dataset_and_version_names_its_date() {
    let info = json_of(&["info", "--json"]);
    assert_eq!(info["loaded_from"], "bundled");
    assert_eq!(info["deals"], 117);
    assert_eq!(info["reported"], 22);
    assert_eq!(
        info["evidence"],
        json!({"primary": 89, "press": 11, "secondary": 17})
    );
    assert_eq!(info["first_announced"], "2025-01-10");
    assert_eq!(info["last_announced"], "2026-10-01");
    let as_of = info["as_of"].as_str().unwrap();
    let covering = match (
        info["coverage"]["from"].as_str(),
        info["coverage"]["through"].as_str(),
    ) {
        (Some(from), Some(through)) => format!(", covering {from} to {through}"),
        _ => String::new(),
    };
    let version = stdout_of(&["--version"]);
    assert_eq!(
        version,
        format!(
            "deals {} (bundled dataset as of {as_of}{covering})\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    let (_dir, path) = data_file(
        "x.json",
        &json!([deal_json("a", json!({"status": "reported"}))]).to_string(),
    );
    let other = json_of(&["--data", path.to_str().unwrap(), "info", "--json"]);
    assert_eq!(other["loaded_from"], path.to_str().unwrap());
    assert_eq!(other["as_of"], Value::Null);
    assert_eq!(other["reported"], 1);
    insta::assert_snapshot!("info_table", stdout_of(&["info"]));
}

#[test]
fn completions_offer_commands_names_and_ids() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(
            script.contains("total") && script.contains("buyer"),
            "{shell}"
        );
    }
    // clap's PowerShell and elvish scripts complete commands and flags only.
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(
            script.contains("openai-aws-2025-11"),
            "{shell}: deal ids for show"
        );
        assert!(script.contains("AWS"), "{shell}: company aliases");
    }
    assert!(stdout_of(&["completions", "zsh"]).contains("Amazon\\ Web\\ Services"));
    assert!(
        !stdout_of(&["completions", "bash"]).contains("Amazon Web Services"),
        "bash splits words on spaces"
    );
    failure_of(&["completions", "tcsh"], 2);
}

#[test]
fn the_man_page_is_roff() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH deals 1"), "{page}");
    for command in [
        "list",
        "show",
        "total",
        "report",
        "companies",
        "facts",
        "info",
        "validate",
        "fmt",
    ] {
        assert!(
            page.contains(&format!("deals\\-{command}(1)")),
            "{command}: {page}"
        );
    }
    // Neither needs a readable --data file.
    let ok = deals()
        .args(["--data", "/nonexistent", "man"])
        .output()
        .unwrap();
    assert!(ok.status.success());
}

/// Deals announced on these days, each worth $1M more than the last.
fn dated(days: &[&str]) -> String {
    days.iter()
        .enumerate()
        .map(|(i, day)| {
            let deal = deal_json(
                &format!("d{i}"),
                json!({"announced": day, "value_usd": (i as u64 + 1) * 1_000_000}),
            );
            format!("{deal}\n")
        })
        .collect()
}

#[test]
fn quarters_and_months_come_in_calendar_order_with_empty_ones_as_zero() {
    let text = dated(&["2025-09-30", "2025-01-02", "2025-09-01", "2024-12-31"]);
    let (_dir, path) = data_file("dated.ndjson", &text);
    let data = path.to_str().unwrap();
    let quarters = json_of(&["--data", data, "total", "--by", "quarter", "--json"]);
    assert_eq!(quarters["by"], "quarter");
    let keys: Vec<&str> = quarters["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"]);
    assert_eq!(quarters["groups"][2]["deals"], 0);
    assert_eq!(quarters["groups"][2]["total_usd"], 0);
    assert_eq!(quarters["groups"][3]["total_usd"], 4_000_000);
    assert_eq!(
        sum_groups(&quarters),
        quarters["total_usd"].as_u64().unwrap()
    );
    let months = json_of(&["--data", data, "total", "--by", "month", "--json"]);
    let keys: Vec<&str> = months["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 10, "2024-12 to 2025-09: {keys:?}");
    assert_eq!(
        (keys[0], keys[1], keys[9]),
        ("2024-12", "2025-01", "2025-09")
    );
    let csv = stdout_of(&["--data", data, "total", "--by", "month", "--format", "csv"]);
    assert!(csv.contains("\n2025-02,0,0,0,0\n"), "{csv}");
    let chart = stdout_of(&["--data", data, "total", "--by", "quarter", "--chart"]);
    insta::assert_snapshot!("quarter_chart", chart);
    let markdown = stdout_of(&[
        "--data", data, "total", "--by", "month", "--format", "markdown",
    ]);
    assert!(markdown.contains("| 2025-05 | 0 | 0 | 0 |"), "{markdown}");
    let ndjson = stdout_of(&[
        "--data", data, "total", "--by", "quarter", "--format", "ndjson",
    ]);
    assert!(
        ndjson
            .lines()
            .next()
            .unwrap()
            .contains("\"key\":\"2024-Q4\"")
    );
}

#[test]
fn spread_and_top_are_refused_with_quarters_and_months() {
    for by in ["quarter", "month"] {
        let stderr = failure_of(&["total", "--by", by, "--spread"], 2);
        assert!(stderr.contains("--spread is yearly"), "{stderr}");
        let stderr = failure_of(&["total", "--by", by, "--top", "3"], 2);
        assert!(stderr.contains("calendar order"), "{stderr}");
    }
}

#[test]
fn graph_and_cycles_are_in_the_man_page_and_completions() {
    let page = stdout_of(&["man"]);
    assert!(page.contains("graph") && page.contains("cycles"), "{page}");
    assert!(page.contains("mermaid") && page.contains("svg"));
    let zsh = stdout_of(&["completions", "zsh"]);
    assert!(zsh.contains("graph") && zsh.contains("cycles") && zsh.contains("max-length"));
    let fish = stdout_of(&["completions", "fish"]);
    assert!(
        fish.contains("__fish_deals_using_subcommand graph"),
        "graph's flags"
    );
    // The names are one value a line, inside the quotes after `-a`.
    let buyer = fish
        .split("complete -c deals")
        .find(|entry| entry.contains("using_subcommand graph\" -l buyer"))
        .expect("graph's --buyer");
    assert!(
        buyer.lines().any(|l| l.starts_with("Lambda\\t")),
        "company names for graph's --buyer: {buyer}"
    );
}
