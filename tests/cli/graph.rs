//! `deals graph` and `deals cycles`: the money graph in every format, its
//! pictures (DOT checked by Graphviz when installed, the SVG's layout
//! checked box by box), and the cycles of money in it.

use std::process::Command as Process;

use deals::graph::Graph;
use deals::render::picture::Caption;
use deals::render::svg;
use serde_json::{Value, json};

use crate::{data_file, deal_json, deals, failure_of, json_of, stdout_of};

/// A small dataset with what makes the graph hard: aliases that must fold
/// into one company, categories, a superseded deal, undisclosed values,
/// a pair dealing both ways, a three-step cycle, and names built to break
/// DOT, Mermaid and markup.
fn small() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/graph/small.json").to_string()
}

fn on_small(args: &[&str]) -> String {
    let data = small();
    let mut all = vec!["--data", data.as_str()];
    all.extend_from_slice(args);
    stdout_of(&all)
}

#[test]
fn graph_table() {
    insta::assert_snapshot!(on_small(&["graph"]));
}

#[test]
fn graph_dot() {
    insta::assert_snapshot!(on_small(&["graph", "--format", "dot"]));
}

#[test]
fn graph_mermaid() {
    insta::assert_snapshot!(on_small(&["graph", "--format", "mermaid"]));
}

#[test]
fn cycles_table() {
    insta::assert_snapshot!(on_small(&["cycles"]));
}

#[test]
fn graph_json_has_nodes_with_categories_and_exact_edges() {
    let data = small();
    let graph = json_of(&["--data", &data, "graph", "--json"]);
    let nodes = graph["nodes"].as_array().unwrap();
    let openai = nodes.iter().find(|n| n["name"] == "OpenAI").unwrap();
    assert_eq!(openai["category"], "ai-lab");
    // Aliases fold into their company: no node for "Azure" or "Nvidia Corp.".
    assert!(
        nodes
            .iter()
            .all(|n| n["name"] != "Azure" && n["name"] != "Nvidia Corp.")
    );
    let edges = graph["edges"].as_array().unwrap();
    let coreweave = edges
        .iter()
        .find(|e| e["payer"] == "OpenAI" && e["provider"] == "CoreWeave")
        .unwrap();
    assert_eq!(coreweave["deals"], 2);
    assert_eq!(coreweave["total_usd"], 18_400_000_000u64);
    assert_eq!(
        coreweave["ids"],
        json!(["openai-coreweave-1", "openai-coreweave-2"])
    );
    assert_eq!(coreweave["kinds"], json!(["cloud-capacity"]));
    assert_eq!(graph["left_out"], 1);
    // Largest disclosed first.
    let totals: Vec<u64> = edges
        .iter()
        .map(|e| e["total_usd"].as_u64().unwrap())
        .collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    // The other formats carry the same edges.
    let ndjson = on_small(&["graph", "--format", "ndjson"]);
    let lines: Vec<Value> = ndjson
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&lines, edges);
    let csv = on_small(&["graph", "--format", "csv"]);
    let records = csv::Reader::from_reader(csv.as_bytes()).records().count();
    assert_eq!(records, edges.len());
    assert!(csv.starts_with("payer,provider,deals,disclosed,undisclosed,total_usd,kinds,ids\n"));
    let markdown = on_small(&["graph", "--format", "markdown"]);
    assert!(
        markdown.starts_with("| PAYER → PROVIDER | DEALS |"),
        "{markdown}"
    );
}

/// The edges' totals, added up, for these filters.
fn edge_sums(data: Option<&str>, filters: &[&str]) -> (u64, u64, u128) {
    let mut args: Vec<&str> = data.map(|d| vec!["--data", d]).unwrap_or_default();
    args.push("graph");
    args.extend_from_slice(filters);
    args.push("--json");
    let graph = json_of(&args);
    let mut sums = (0, 0, 0u128);
    for edge in graph["edges"].as_array().unwrap() {
        sums.0 += edge["deals"].as_u64().unwrap();
        sums.1 += edge["disclosed"].as_u64().unwrap();
        sums.2 += u128::from(edge["total_usd"].as_u64().unwrap());
    }
    sums
}

fn total_of(data: Option<&str>, filters: &[&str]) -> (u64, u64, u128) {
    let mut args: Vec<&str> = data.map(|d| vec!["--data", d]).unwrap_or_default();
    args.push("total");
    args.extend_from_slice(filters);
    args.push("--json");
    let total = json_of(&args);
    (
        total["deals"].as_u64().unwrap(),
        total["disclosed"].as_u64().unwrap(),
        u128::from(total["total_usd"].as_u64().unwrap()),
    )
}

#[test]
fn the_edges_add_up_to_the_total_for_the_same_filters() {
    let data = small();
    let cases: [&[&str]; 5] = [
        &[],
        &["--year", "2025"],
        &["--status", "superseded"],
        &["--status", "announced", "--status", "superseded"],
        &["--party", "OpenAI", "--min", "5B"],
    ];
    for filters in cases {
        assert_eq!(
            edge_sums(Some(&data), filters),
            total_of(Some(&data), filters),
            "{filters:?}"
        );
        assert_eq!(
            edge_sums(None, filters),
            total_of(None, filters),
            "bundled {filters:?}"
        );
    }
}

#[test]
fn superseded_deals_are_left_out_unless_asked_for_and_the_table_says_so() {
    let table = on_small(&["graph"]);
    assert!(
        table.contains("Left out: 1 superseded or cancelled deal"),
        "{table}"
    );
    let all = on_small(&["graph", "--status", "superseded", "--json"]);
    let all: Value = serde_json::from_str(&all).unwrap();
    assert_eq!(all["left_out"], 0);
    assert_eq!(all["edges"][0]["ids"], json!(["openai-oracle-old"]));
    let cycles = on_small(&["cycles"]);
    assert!(cycles.contains("Left out: 1 superseded"), "{cycles}");
}

#[test]
fn pictures_are_refused_by_other_commands_and_cycles() {
    for command in [&["total"][..], &["list"], &["cycles"]] {
        let mut args = command.to_vec();
        args.extend(["--format", "svg"]);
        let stderr = failure_of(&args, 2);
        assert!(
            stderr.contains("only deals graph draws pictures"),
            "{stderr}"
        );
    }
}

#[test]
fn dot_is_read_by_graphviz_without_a_warning() {
    // .ci/run does not install Graphviz: without it, this check is skipped
    // (and says so); the snapshot and the quoting tests still run.
    if Process::new("dot").arg("-V").output().is_err() {
        eprintln!("skipped: Graphviz (dot) is not installed (apt-get install graphviz)");
        return;
    }
    for data in [Some(small()), None] {
        let mut args: Vec<String> = data
            .iter()
            .flat_map(|d| ["--data".to_string(), d.clone()])
            .collect();
        args.extend(["graph", "--format", "dot"].map(String::from));
        let dot_text = deals().args(&args).output().unwrap().stdout;
        let mut child = Process::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&dot_text).unwrap();
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() && stderr.is_empty(),
            "{args:?}: {stderr}"
        );
        let drawn = String::from_utf8(output.stdout).unwrap();
        // Every edge drawn is one of ours: no name added an edge.
        let edges = json_of(
            &args[..args.len() - 2]
                .iter()
                .map(String::as_str)
                .chain(["--json"])
                .collect::<Vec<_>>(),
        )["edges"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(drawn.matches("class=\"edge\"").count(), edges, "{args:?}");
        assert!(!drawn.contains("stroke=\"red\""), "a name set an attribute");
    }
}

#[test]
fn mermaid_labels_hold_no_syntax() {
    let chart = on_small(&["graph", "--format", "mermaid"]);
    for line in chart.lines().filter(|l| l.trim_start().starts_with('n')) {
        let line = line.trim_start();
        // A node: n7["..."], an edge: n7 -->|"..."| n8; inside the quotes
        // nothing Mermaid reads as syntax or markup.
        let inner: Vec<&str> = line.split('"').collect();
        assert_eq!(inner.len(), 3, "{line}");
        assert!(
            !inner[1].contains(['[', ']', '<', '>', '`', '|', '{', '}', '(', ')']),
            "{line}"
        );
        assert!(
            !inner[1].contains('#') || inner[1].split('#').skip(1).all(|p| p.contains(';')),
            "{line}"
        );
    }
    assert!(chart.starts_with("---\ntitle: "));
    assert!(chart.contains("\nflowchart LR\n"));
    assert!(chart.contains("Money flows along each arrow"));
}

/// A graph as large as the bundled dataset is planned to grow: 90
/// companies of every category, some with long names, 140 edges.
fn large_graph() -> Graph {
    let categories = [
        "ai-lab",
        "hyperscaler",
        "neocloud",
        "chipmaker",
        "hardware-maker",
        "datacenter-developer",
        "investor",
        "sovereign",
        "other",
    ];
    let names: Vec<String> = (0..90)
        .map(|i| match i % 7 {
            0 => format!("Company {i} with a rather long legal name, Inc."),
            1 => format!("Ünïcödé Cloud {i}"),
            _ => format!("Co {i}"),
        })
        .collect();
    let companies: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            if i % 11 == 0 {
                json!({"name": name})
            } else {
                json!({"name": name, "category": categories[i % categories.len()]})
            }
        })
        .collect();
    let mut state: u64 = 7;
    let mut next = move |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
        ((state >> 33) as usize) % n
    };
    let deals: Vec<Value> = (0..140)
        .map(|i| {
            let buyer = next(90);
            let seller = (buyer + 1 + next(89)) % 90;
            let value = if i % 5 == 0 {
                Value::Null
            } else {
                json!((1 + next(300)) as u64 * 1_000_000_000)
            };
            deal_json(
                &format!("d{i}"),
                json!({"buyer": names[buyer], "seller": names[seller], "value_usd": value}),
            )
        })
        .collect();
    let text = json!({"schema_version": 1, "companies": companies, "deals": deals}).to_string();
    let loaded = deals::load::load_bytes(text.as_bytes(), deals::load::Origin::Stdin).unwrap();
    let directory = deals::names::Directory::new(&loaded.dataset);
    Graph::from_deals(&loaded.dataset.deals, &directory)
}

fn bundled_graph() -> Graph {
    let loaded = deals::load::load(deals::load::Origin::Bundled).unwrap();
    let directory = deals::names::Directory::new(&loaded.dataset);
    Graph::from_deals(&loaded.dataset.deals, &directory)
}

#[test]
fn svg_labels_never_overlap_and_stay_on_the_canvas() {
    let caption = Caption {
        filters: "--year 2025 --buyer \"A very long company name that goes on and on\"".into(),
        ..Caption::default()
    };
    for (label, graph) in [("bundled", bundled_graph()), ("large", large_graph())] {
        let layout = svg::layout(&graph, &caption);
        assert_eq!(layout.labels.len(), graph.nodes.len(), "{label}");
        let boxes: Vec<[(f64, f64); 4]> = layout.texts.iter().map(|t| t.corners()).collect();
        for (i, corners) in boxes.iter().enumerate() {
            for &(x, y) in corners {
                assert!(
                    (0.0..=layout.width).contains(&x) && (0.0..=layout.height).contains(&y),
                    "{label}: {:?} leaves the canvas",
                    layout.texts[i].text
                );
            }
            for (j, other) in boxes.iter().enumerate().skip(i + 1) {
                assert!(
                    !svg::overlap(corners, other),
                    "{label}: {:?} overlaps {:?}",
                    layout.texts[i].text,
                    layout.texts[j].text
                );
            }
        }
    }
}

#[test]
fn the_overlap_check_catches_labels_placed_on_each_other() {
    let graph = large_graph();
    let layout = svg::layout(&graph, &Caption::default());
    let mut moved = layout.texts[layout.labels.start].clone();
    let next = &layout.texts[layout.labels.start + 1];
    (moved.x, moved.y, moved.rotate, moved.anchor) = (next.x, next.y, next.rotate, next.anchor);
    assert!(svg::overlap(&moved.corners(), &next.corners()));
}

#[test]
fn svg_is_deterministic_escaped_and_captioned() {
    let first = on_small(&["graph", "--format", "svg"]);
    let second = on_small(&["graph", "--format", "svg"]);
    assert_eq!(first, second);
    assert!(first.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(
        first.contains(
            "Dataset as of 2026-02-01, covering deals announced 2025-01-01 to 2026-01-31."
        )
    );
    assert!(first.contains("Money flows along each arrow"));
    assert!(first.contains("a&quot; -&gt; b [color=red]"));
    assert!(first.contains("Line\\nBreak &lt;b&gt;#1&lt;/b&gt;"));
    assert!(!first.contains("<b>"), "markup from a name");
    assert!(!first.contains(" style="), "inline styles");
    // Arrowheads and dashes are there.
    assert!(first.contains("stroke-dasharray"));
    let filtered = on_small(&["graph", "--format", "svg", "--year", "2025"]);
    assert!(filtered.contains("Deals matching --year 2025"));
    // A picture of nothing still says what it is.
    let empty = on_small(&["graph", "--format", "svg", "--year", "2024"]);
    assert!(empty.contains("No deals match."));
}

/// The companies of each cycle `deals cycles ARGS` finds in the bundled data.
fn bundled_cycles(args: &[&str]) -> Vec<Vec<String>> {
    let found = json_of(&[&["cycles", "--json"][..], args].concat());
    found["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["companies"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn cycles_on_the_bundled_data_include_the_famous_ones() {
    // NVIDIA's stake in OpenAI comes back to NVIDIA through Oracle's chip
    // purchases; Microsoft invests in Anthropic, which buys Azure.
    let cycles = bundled_cycles(&[]);
    for expected in [
        &["NVIDIA", "OpenAI", "Oracle"][..],
        &["Anthropic", "Microsoft"],
    ] {
        assert!(
            cycles.iter().any(|c| c == expected),
            "{expected:?} not in {cycles:?}"
        );
    }
    // The direct NVIDIA ⇄ OpenAI loop of September 2025 rests on OpenAI's
    // side of a letter of intent that was superseded: left out unless
    // --status asks for superseded deals too.
    let direct = ["NVIDIA", "OpenAI"];
    assert!(!cycles.iter().any(|c| c == &direct), "{cycles:?}");
    let with_superseded = bundled_cycles(&[
        "--status",
        "announced",
        "--status",
        "reported",
        "--status",
        "superseded",
    ]);
    assert!(
        with_superseded.iter().any(|c| c == &direct),
        "{with_superseded:?}"
    );
}

#[test]
fn cycles_start_at_their_first_company_and_come_largest_first() {
    let data = small();
    let found = json_of(&["--data", &data, "cycles", "--json"]);
    let companies: Vec<Value> = found["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["companies"].clone())
        .collect();
    assert_eq!(
        companies,
        [
            json!(["Anthropic", "Microsoft"]),
            json!(["CoreWeave", "NVIDIA", "OpenAI"]),
            json!(["NVIDIA", "OpenAI"]),
        ]
    );
    assert_eq!(found["complete"], true);
    let first = &found["cycles"][0];
    assert_eq!(first["smallest_step_usd"], 5_000_000_000u64);
    assert_eq!(first["steps"][1]["deals"][0]["id"], "microsoft-anthropic");
    assert_eq!(found["cycles"][2]["smallest_step_usd"], Value::Null);
    let two = json_of(&["--data", &data, "cycles", "--max-length", "2", "--json"]);
    assert_eq!(two["cycles"].as_array().unwrap().len(), 2);
    let stderr = failure_of(&["cycles", "--max-length", "1"], 2);
    assert!(stderr.contains("expected 2 to 12 steps"), "{stderr}");
    for format in ["ndjson", "csv", "markdown"] {
        let text = on_small(&["cycles", "--format", format]);
        assert!(text.contains("anthropic-azure"), "{format}: {text}");
    }
}

#[test]
fn a_dense_graph_stops_at_the_cap_and_says_so() {
    // Every pair of 110 companies deals both ways: millions of cycles of
    // up to four steps.
    let n = 110;
    let mut lines = String::new();
    for a in 0..n {
        for b in 0..n {
            if a != b {
                let deal = deal_json(
                    &format!("{a}-{b}"),
                    json!({"buyer": format!("c{a}"), "seller": format!("c{b}"), "value_usd": 1_000_000 + a * 1000 + b}),
                );
                lines.push_str(&deal.to_string());
                lines.push('\n');
            }
        }
    }
    let (_dir, path) = data_file("dense.ndjson", &lines);
    let path = path.to_str().unwrap();
    let found = json_of(&["--data", path, "cycles", "--json"]);
    assert_eq!(found["complete"], false);
    assert_eq!(found["stopped"], json!({"after": "cycles", "limit": 10000}));
    assert_eq!(found["cycles"].as_array().unwrap().len(), 10_000);
    let table = stdout_of(&["--data", path, "cycles", "--max-length", "2"]);
    assert!(!table.contains("The search stopped"), "all 2-cycles fit");
    let output = deals()
        .args(["--data", path, "cycles", "--format", "csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("stopped after 10,000 cycles"), "{stderr}");
}

#[test]
fn graph_and_cycles_stream_a_large_file() {
    // Streaming reads only what the graph needs: a deal whose sources a
    // full load would refuse still counts, which shows the file was
    // streamed (the streamed and loaded answers are compared, byte for
    // byte, in `streaming`).
    let mut lines = String::new();
    for i in 0..50 {
        let (buyer, seller) = if i % 2 == 0 { ("A", "B") } else { ("B", "A") };
        let mut deal = deal_json(&format!("d{i}"), json!({"buyer": buyer, "seller": seller}));
        if i == 7 {
            deal["sources"] = json!([]);
        }
        lines.push_str(&format!("{deal}\n"));
    }
    let (_dir, path) = data_file("lines.ndjson", &lines);
    let path = path.to_str().unwrap();
    let graph = json_of(&["--data", path, "graph", "--json"]);
    assert_eq!(graph["edges"].as_array().unwrap().len(), 2);
    let cycles = json_of(&["--data", path, "cycles", "--json"]);
    assert_eq!(cycles["cycles"][0]["companies"], json!(["A", "B"]));
    let loaded = deals()
        .env("DEALS_NO_STREAMING", "1")
        .args(["--data", path, "graph", "--json"])
        .output()
        .unwrap();
    assert_eq!(loaded.status.code(), Some(1), "the loader refuses the file");
}
