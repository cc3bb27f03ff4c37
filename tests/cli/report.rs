//! `deals report`: the HTML page's figures match `deals total` and `deals
//! list` to the dollar, the table keeps to `--limit` and says so, untrusted
//! text lands escaped, and the page writes to a file or standard output.
//! (The page in a real browser: `browser.rs`.)

use serde_json::{Value, json};

use crate::{data_file, deal_json, deals, failure_of, json_of, stdout_of};

/// A dataset of 24 deals: 20 buyers (so the buyer chart has a rest row),
/// four sellers, three kinds, deals in every quarter of 2025 but the
/// third, undisclosed values, one superseded and one cancelled deal.
pub fn mixed_dataset() -> Value {
    let mut deals = Vec::new();
    let sellers = ["Beta Cloud", "Gamma Chips", "Delta Power", "Beta Cloud"];
    let kinds = ["cloud-capacity", "chip-supply", "investment"];
    let months = ["01", "02", "04", "05", "06", "10", "11", "12"];
    for i in 0..24usize {
        let value = if i % 5 == 3 {
            Value::Null
        } else {
            json!(((i as u64 * 7919) % 97 + 1) * 1_000_000_000 + i as u64)
        };
        let status = match i {
            4 => "superseded",
            9 => "cancelled",
            _ => "announced",
        };
        deals.push(deal_json(
            &format!("deal-{i:02}"),
            json!({
                "buyer": format!("Buyer {:02}", i % 20),
                "seller": sellers[i % sellers.len()],
                "announced": format!("2025-{}-{:02}", months[i % months.len()], i + 1),
                "value_usd": value,
                "kind": kinds[i % kinds.len()],
                "status": status,
                "summary": format!("Deal number {i}."),
            }),
        ));
    }
    json!({
        "schema_version": 1,
        "as_of": "2026-01-31",
        "coverage": {"from": "2025-01-01", "through": "2025-12-31"},
        "companies": [
            {"name": "Beta Cloud", "aliases": ["Beta"], "category": "hyperscaler"},
            {"name": "Gamma Chips", "category": "chipmaker"}
        ],
        "deals": deals,
        "facts": [
            {"subject": "Beta Cloud", "metric": "revenue", "value": 5_000_000_000u64, "unit": "USD",
             "period": "2025", "source": {"publisher": "Beta", "url": "https://beta.example/ir"}},
            {"subject": "Omega", "metric": "employees", "value": 12, "unit": "people",
             "source": {"publisher": "Omega", "url": "https://omega.example/"}}
        ]
    })
}

/// The page for `args` over `dataset`.
pub fn report_of(dataset: &Value, args: &[&str]) -> String {
    let (_dir, path) = data_file("deals.json", &dataset.to_string());
    let mut all = vec!["--data", path.to_str().unwrap(), "report"];
    all.extend_from_slice(args);
    stdout_of(&all)
}

/// `deals ARGS --json` over `dataset`.
fn json_over(dataset: &Value, args: &[&str]) -> Value {
    let (_dir, path) = data_file("deals.json", &dataset.to_string());
    let mut all = vec!["--data", path.to_str().unwrap()];
    all.extend_from_slice(args);
    all.push("--json");
    json_of(&all)
}

/// The text between `start` (which must occur) and the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"))
        + start.len();
    let to = text[from..].find(end).map_or(text.len(), |at| from + at);
    &text[from..to]
}

/// The value of attribute `name` in a tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let marker = format!(" {name}=\"");
    let from = tag.find(&marker)? + marker.len();
    Some(&tag[from..from + tag[from..].find('"')?])
}

/// Undoes the escapes askama writes.
fn unescape(text: &str) -> String {
    text.replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// One row of a chart as the page gives it: label, deals, undisclosed,
/// exact total.
#[derive(Debug, PartialEq, Eq)]
struct BarRow {
    label: String,
    deals: u64,
    undisclosed: u64,
    usd: u128,
}

/// The rows of the chart `id` (`by-buyer`).
fn chart_rows(page: &str, id: &str) -> Vec<BarRow> {
    let chart = between(
        page,
        &format!("<div class=\"chart\" id=\"{id}\">"),
        "</table>",
    );
    let body = between(chart, "<tbody>", "</tbody>");
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let tag = &row[..row.find('>').unwrap()];
            let number = |name| attribute(tag, name).unwrap().parse::<u128>().unwrap();
            BarRow {
                label: unescape(between(row, "<td class=\"label\">", "</td>")),
                deals: number("data-deals") as u64,
                undisclosed: number("data-undisclosed") as u64,
                usd: number("data-usd"),
            }
        })
        .collect()
}

/// The rows `deals total --by BY --json` gives, with its rest row labelled
/// as the page labels it.
fn total_rows(total: &Value) -> Vec<BarRow> {
    let row = |label: String, group: &Value| BarRow {
        label,
        deals: group["deals"].as_u64().unwrap(),
        undisclosed: group["undisclosed"].as_u64().unwrap(),
        usd: group["total_usd"].as_u64().unwrap().into(),
    };
    let mut rows: Vec<BarRow> = total["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let label = match &g["key"] {
                Value::Null => "(none)".to_string(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            row(label, g)
        })
        .collect();
    if let Some(rest) = total.get("rest") {
        let n = rest["groups"].as_u64().unwrap();
        let label = format!("{n} {}", if n == 1 { "other" } else { "others" });
        rows.push(row(label, rest));
    }
    rows
}

/// The deals table's rows.
fn table_rows(page: &str) -> Vec<&str> {
    let body = between(page, "<table class=\"deals sortable\"", "</table>");
    let body = between(body, "<tbody>", "</tbody>");
    body.split("<tr>").skip(1).collect()
}

fn figure(page: &str, name: &str) -> String {
    let tag = between(page, &format!("data-figure=\"{name}\""), ">");
    attribute(tag, "data-value").unwrap().to_string()
}

#[test]
fn charts_add_up_exactly_as_total_by_does() {
    let dataset = mixed_dataset();
    for filters in [
        &[][..],
        &["--kind", "cloud-capacity"],
        &["--status", "superseded"],
    ] {
        let mut args = filters.to_vec();
        let page = report_of(&dataset, &args);
        for (id, by, top) in [
            ("by-buyer", "buyer", Some("15")),
            ("by-seller", "seller", Some("15")),
            ("by-kind", "kind", None),
            ("by-quarter", "quarter", None),
        ] {
            let mut total_args = vec!["total", "--by", by];
            total_args.extend_from_slice(filters);
            if let Some(top) = top {
                total_args.extend(["--top", top]);
            }
            let total = json_over(&dataset, &total_args);
            assert_eq!(
                chart_rows(&page, id),
                total_rows(&total),
                "{id} with {filters:?}"
            );
        }
        args.insert(0, "total");
        let total = json_over(&dataset, &args);
        assert_eq!(figure(&page, "total-usd"), total["total_usd"].to_string());
        assert_eq!(
            figure(&page, "undisclosed"),
            total["undisclosed"].to_string()
        );
    }
}

#[test]
fn the_buyer_chart_adds_up_the_companies_past_the_fifteenth() {
    let rows = chart_rows(&report_of(&mixed_dataset(), &[]), "by-buyer");
    assert_eq!(rows.len(), 16);
    // 20 buyers, of whom two only in a superseded or cancelled deal.
    assert_eq!(rows[15].label, "3 others");
}

#[test]
fn the_table_holds_the_deals_list_shows() {
    let dataset = mixed_dataset();
    let (_dir, path) = data_file("deals.json", &dataset.to_string());
    let data = path.to_str().unwrap();
    for filters in [&[][..], &["--seller", "beta"], &["--year", "2024"]] {
        let mut args = vec!["--data", data, "list"];
        args.extend_from_slice(filters);
        args.push("--json");
        let listed = json_of(&args).as_array().unwrap().len();
        let mut args = vec!["--data", data, "report"];
        args.extend_from_slice(filters);
        let page = stdout_of(&args);
        assert_eq!(table_rows(&page).len(), listed, "{filters:?}");
        assert_eq!(figure(&page, "matched"), listed.to_string());
    }
}

#[test]
fn the_limit_keeps_the_largest_deals_and_says_how_many_it_left_out() {
    let dataset = mixed_dataset();
    let page = report_of(&dataset, &["--limit", "5"]);
    let rows = table_rows(&page);
    assert_eq!(rows.len(), 5);
    assert!(
        page.contains("The table shows the 5 deals with the largest disclosed values (--limit 5); 19 of the 24 matched deals are left out of it."),
        "{}",
        between(&page, "<section id=\"deals\"", "<table")
    );
    // The five largest, largest first, as deals list --sort value --desc.
    let (_dir, path) = data_file("deals.json", &dataset.to_string());
    let largest = json_of(&[
        "--data",
        path.to_str().unwrap(),
        "list",
        "--sort",
        "value",
        "--desc",
        "--limit",
        "5",
        "--json",
    ]);
    let ids: Vec<String> = rows
        .iter()
        .map(|row| between(row, "<code class=\"id\">", "</code>").to_string())
        .collect();
    assert_eq!(ids, crate::ids(&largest));
    // Every chart still counts every deal.
    let counted: u64 = chart_rows(&page, "by-kind").iter().map(|r| r.deals).sum();
    assert_eq!(counted, 22);

    let all = report_of(&dataset, &[]);
    assert_eq!(table_rows(&all).len(), 24);
    assert!(!all.contains("left out of it"));
}

/// Names, summaries, sources and facts that hold markup, template syntax
/// and a bidi override.
pub fn hostile_dataset() -> Value {
    let hostile = HOSTILE;
    let deals: Vec<Value> = hostile
        .iter()
        .enumerate()
        .map(|(i, text)| {
            deal_json(
                &format!("hostile-{i}"),
                json!({
                    "buyer": text,
                    "seller": format!("Seller {text}"),
                    "summary": text,
                    "value_note": text,
                    "kind": text,
                    "value_usd": 1000 + i,
                    "sources": [{
                        "publisher": text,
                        "title": text,
                        "url": format!("https://x.example/\"><script>window.pwned={i}</script>"),
                    }],
                }),
            )
        })
        .collect();
    json!({"deals": deals, "facts": [{
        "subject": hostile[0], "metric": hostile[1], "value": hostile[2],
        "source": {"publisher": hostile[3], "url": "https://x.example/'onmouseover='x"}
    }]})
}

/// Text that would do something if a page did not escape it.
pub const HOSTILE: [&str; 5] = [
    "<script>window.pwned=1</script>",
    "\"><img src=x onerror=\"window.pwned=2\">",
    "</svg></table><script>window.pwned=3</script>",
    "{{ 7*7 }} {% if true %}",
    "Evil\u{202e}gpj.exe",
];

#[test]
fn untrusted_text_lands_as_text() {
    let dataset = hostile_dataset();
    let page = report_of(&dataset, &[]);
    assert!(!page.contains("<script>window"), "a script got through");
    assert!(!page.contains("<img"), "an image got through");
    assert!(!page.contains("</svg></table>"));
    assert!(!page.contains("onmouseover='"));
    assert!(!page.contains('\u{202e}'), "a bidi override got through");
    assert!(page.contains("Evil\\u{202e}gpj.exe"));
    assert!(page.contains("&#60;script&#62;window.pwned=1&#60;/script&#62;"));
    assert!(page.contains("{{ 7*7 }} {% if true %}"));
    assert_eq!(
        page.matches("<script").count(),
        1,
        "the page's own script only"
    );
    // A link's URL stays inside its attribute.
    assert!(page.contains("href=\"https://x.example/&#34;&#62;&#60;script&#62;"));
}

#[test]
fn the_page_is_self_contained() {
    let page = report_of(&mixed_dataset(), &[]);
    let policy = between(
        &page,
        "http-equiv=\"Content-Security-Policy\" content=\"",
        "\"",
    );
    let policy = unescape(policy);
    assert!(policy.starts_with("default-src 'none'; img-src data:; style-src 'sha256-"));
    assert!(policy.contains("; script-src 'sha256-"));
    assert!(!policy.contains("unsafe"));
    for load in [
        "src=\"http",
        "href=\"//",
        "@import",
        "url(",
        "<link rel=\"stylesheet",
    ] {
        assert!(!page.contains(load), "the page loads something: {load}");
    }
    assert_eq!(page.matches("<style>").count(), 1);
    assert!(
        !page.contains(" style=\""),
        "inline style attributes need 'unsafe-inline'"
    );
}

#[test]
fn the_same_input_gives_the_same_page() {
    let dataset = mixed_dataset();
    assert_eq!(report_of(&dataset, &[]), report_of(&dataset, &[]));
}

#[test]
fn the_page_goes_to_the_file_asked_for() {
    let (dir, path) = data_file("deals.json", &mixed_dataset().to_string());
    let target = dir.path().join("out.html");
    let output = deals()
        .args(["--data", path.to_str().unwrap(), "report", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    let page = std::fs::read_to_string(&target).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));

    let missing = dir.path().join("no-such-dir").join("out.html");
    let stderr = failure_of(
        &[
            "--data",
            path.to_str().unwrap(),
            "report",
            "-o",
            missing.to_str().unwrap(),
        ],
        1,
    );
    assert!(stderr.contains("cannot write the report to"), "{stderr}");
}

#[test]
fn a_report_is_html_only() {
    let stderr = failure_of(&["report", "--json"], 2);
    assert!(
        stderr.contains("deals report writes one HTML page"),
        "{stderr}"
    );
    failure_of(&["report", "--format", "csv"], 2);
    failure_of(&["report", "--buyer", "No Such Company Anywhere"], 2);
}

#[test]
fn the_bundled_report_shows_every_section() {
    let page = stdout_of(&["report"]);
    for id in ["totals", "graph", "cycles", "deals", "facts"] {
        assert!(page.contains(&format!("<section id=\"{id}\"")), "{id}");
    }
    let listed = json_of(&["list", "--json"]).as_array().unwrap().len();
    assert_eq!(table_rows(&page).len(), listed.min(1000));
}

#[test]
fn a_graph_of_many_companies_is_drawn_with_the_largest_only() {
    let deals: Vec<Value> = (0..90u64)
        .map(|i| {
            deal_json(
                &format!("many-{i:02}"),
                json!({"buyer": format!("Payer {i:02}"), "seller": "Hub", "value_usd": 1_000_000 * (i + 1)}),
            )
        })
        .collect();
    let page = report_of(&json!({ "deals": deals }), &[]);
    assert!(page.contains("The matched deals join 91 companies and 90 lines of money between them, too many to draw: the picture shows the 30 companies"), "{}", between(&page, "<section id=\"graph\"", "</section>"));
    let svg = between(&page, "<div class=\"graph-box\"", "</div>");
    assert!(
        svg.contains("Payer 89") && svg.contains("Hub"),
        "the largest are drawn"
    );
    assert!(!svg.contains("Payer 00"), "the smallest are not");
    // Every chart still counts every company.
    let buyers: u64 = chart_rows(&page, "by-buyer").iter().map(|r| r.deals).sum();
    assert_eq!(buyers, 90);

    let few = report_of(&mixed_dataset(), &[]);
    assert!(few.contains("the same picture as deals graph"));
}

#[test]
fn report_completes_company_names_like_the_other_commands() {
    let fish = crate::stdout_of(&["completions", "fish"]);
    // Fish lists the names one a line, inside the quotes of `-a`.
    let start = fish
        .find("using_subcommand report\" -l buyer")
        .expect("report's --buyer completes");
    let block = &fish[start..];
    let block = &block[..block.find("\ncomplete -c").unwrap_or(block.len())];
    assert!(
        block.contains("\nOpenAI"),
        "company names for report's --buyer"
    );
}
