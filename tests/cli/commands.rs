//! Every command and filter on the bundled data.

use crate::{ids, json_of, stdout_of};
use serde_json::Value;

fn list_ids(args: &[&str]) -> Vec<String> {
    let mut full = vec!["list", "--format", "json"];
    full.extend_from_slice(args);
    ids(&json_of(&full))
}

#[test]
fn buyer_matches_name_alias_and_parent_in_any_case() {
    let by_name = list_ids(&["--seller", "Amazon Web Services"]);
    assert_eq!(
        by_name,
        [
            "humain-aws-2025-05",
            "openai-aws-2025-11",
            "openai-aws-2026-02",
            "anthropic-aws-2026-04",
            "meta-aws-2026-04",
        ]
    );
    assert_eq!(list_ids(&["--seller", "aws"]), by_name);
    assert_eq!(list_ids(&["--seller", "Amazon"]), by_name);
    assert_eq!(list_ids(&["--seller", "AMAZON.COM, INC."]), by_name);
}

#[test]
fn buyer_microsoft_lists_its_purchases_in_date_order() {
    assert_eq!(
        list_ids(&["--buyer", "Microsoft"]),
        [
            "microsoft-nebius-2025-09",
            "microsoft-aker-nscale-narvik-2025-09",
            "microsoft-nscale-2025-10",
            "microsoft-iren-2025-11",
            "microsoft-lambda-2025-11",
            "microsoft-anthropic-investment-2025-11",
            "microsoft-crusoe-2026-03",
        ]
    );
}

#[test]
fn party_matches_either_side() {
    let party = list_ids(&["--party", "Microsoft"]);
    let mut sides = list_ids(&["--buyer", "Microsoft"]);
    sides.extend(list_ids(&["--seller", "Microsoft"]));
    let mut a = party.clone();
    a.sort();
    sides.sort();
    assert_eq!(a, sides);
    assert!(party.contains(&"openai-microsoft-azure-2025-10".to_string()));
}

#[test]
fn repeating_a_flag_ors_and_different_flags_and() {
    let either = list_ids(&["--buyer", "Meta", "--buyer", "xAI"]);
    let meta = list_ids(&["--buyer", "Meta"]);
    let xai = list_ids(&["--buyer", "xAI"]);
    assert_eq!(either.len(), meta.len() + xai.len());
    let both = list_ids(&["--buyer", "Meta", "--seller", "CoreWeave"]);
    assert_eq!(both, ["meta-coreweave-2025-09", "meta-coreweave-2026-04"]);
}

#[test]
fn dates_years_and_amounts_filter_inclusively() {
    assert_eq!(list_ids(&["--year", "2024"]), Vec::<String>::new());
    assert_eq!(list_ids(&["--year", "2025"]).len(), 61);
    assert_eq!(list_ids(&["--year", "2026"]).len(), 56);
    assert_eq!(
        list_ids(&["--since", "2025-11-11", "--until", "2025-11-11"]),
        ["meta-nebius-2025-11"]
    );
    // A month runs to its last day: 2025-02-14 is within --until 2025-02.
    assert_eq!(
        list_ids(&["--until", "2025-02"]),
        [
            "x-hpe-2025-01",
            "softbank-stargate-2025-01",
            "google-anthropic-2025-01",
            "saudi-arabia-groq-2025-02",
            "xai-dell-2025-02",
        ]
    );
    assert_eq!(
        list_ids(&["--since", "2025-06", "--until", "2025-06"]),
        [
            "coreweave-applied-digital-2025-06",
            "openai-google-cloud-2025-06",
            "aws-sk-group-2025-06",
        ]
    );
    assert_eq!(
        list_ids(&["--min", "9.7B", "--max", "$9.7bn"]),
        ["microsoft-iren-2025-11"]
    );
    let big = json_of(&["list", "--min", "100B", "--json"]);
    for d in big.as_array().unwrap() {
        assert!(d["value_usd"].as_u64().unwrap() >= 100_000_000_000);
    }
}

#[test]
fn min_and_max_leave_out_undisclosed_values() {
    let all = json_of(&["list", "--min", "0", "--json"]);
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|d| d["value_usd"].is_u64())
    );
    // 78 of the 117 deals disclosed a value (list keeps superseded deals).
    assert_eq!(all.as_array().unwrap().len(), 78);
}

#[test]
fn kind_status_hardware_and_search() {
    assert_eq!(list_ids(&["--kind", "investment"]).len(), 16);
    assert_eq!(list_ids(&["--kind", "INVESTMENT"]).len(), 16);
    assert_eq!(list_ids(&["--status", "reported"]).len(), 22);
    assert_eq!(
        list_ids(&["--status", "superseded"]),
        [
            "nvidia-openai-investment-2025-09",
            "openai-nvidia-systems-2025-09"
        ]
    );
    let gb300 = list_ids(&["--hardware", "gb300"]);
    assert!(gb300.contains(&"microsoft-lambda-2025-11".to_string()));
    assert!(gb300.contains(&"openai-aws-2025-11".to_string()));
    assert_eq!(
        list_ids(&["--search", "Childress"]),
        [
            "microsoft-iren-2025-11",
            "iren-dell-2026-05",
            "meta-crusoe-2026-06"
        ]
    );
    assert_eq!(
        list_ids(&["--search", "colossus"]),
        [
            "xai-gpu-spv-2025-10",
            "anthropic-spacex-2026-05",
            "reflection-ai-spacex-2026-06"
        ]
    );
    // Aliases count as names: AWS is an alias of Amazon Web Services.
    assert!(list_ids(&["--search", "aws"]).contains(&"aws-cipher-2025-11".to_string()));
}

#[test]
fn sorting_is_deterministic_with_undisclosed_last_both_ways() {
    for direction in ["--asc", "--desc"] {
        let deals = json_of(&["list", "--sort", "value", direction, "--json"]);
        let values: Vec<Option<u64>> = deals
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["value_usd"].as_u64())
            .collect();
        let first_none = values.iter().position(Option::is_none).unwrap();
        assert!(
            values[first_none..].iter().all(Option::is_none),
            "{direction}: {values:?}"
        );
        let disclosed: Vec<u64> = values.iter().flatten().copied().collect();
        let mut sorted = disclosed.clone();
        sorted.sort_unstable();
        if direction == "--desc" {
            sorted.reverse();
        }
        assert_eq!(disclosed, sorted, "{direction}");
    }
    let top = list_ids(&["--sort", "value", "--desc", "--limit", "2"]);
    assert_eq!(top, ["softbank-stargate-2025-01", "openai-oracle-2025"]);
    // Same date: ties broken by id.
    let same_day = list_ids(&["--since", "2025-11-03", "--until", "2025-11-03"]);
    let mut sorted = same_day.clone();
    sorted.sort();
    assert_eq!(same_day, sorted);
    let by_buyer = list_ids(&["--sort", "buyer", "--limit", "1"]);
    assert_eq!(by_buyer, ["amazon-anthropic-2026-04"]);
}

/// Deals, disclosed, undisclosed and the sum of the disclosed values of a
/// JSON array of deals, as `total` reports them.
fn tally_of(deals: &[&Value]) -> (usize, usize, usize, u64) {
    let disclosed: Vec<u64> = deals
        .iter()
        .filter_map(|d| d["value_usd"].as_u64())
        .collect();
    (
        deals.len(),
        disclosed.len(),
        deals.len() - disclosed.len(),
        disclosed.iter().sum(),
    )
}

fn tally_in(record: &Value) -> (usize, usize, usize, u64) {
    let field = |name: &str| record[name].as_u64().unwrap();
    (
        field("deals") as usize,
        field("disclosed") as usize,
        field("undisclosed") as usize,
        field("total_usd"),
    )
}

#[test]
fn total_equals_the_sum_over_list_for_the_same_filters() {
    // `list` shows every deal; `total` adds up money, so unless --status
    // is given it leaves out superseded and cancelled deals (their money is
    // counted in the deals that replaced them) and reports them apart.
    let filter_sets: [&[&str]; 8] = [
        &[],
        &["--year", "2025"],
        &["--buyer", "Microsoft"],
        &["--party", "OpenAI", "--kind", "cloud-capacity"],
        &["--party", "NVIDIA"],
        &["--status", "reported"],
        &["--status", "superseded"],
        &["--hardware", "GB300", "--min", "10B"],
    ];
    let mut left_out_somewhere = false;
    for filters in filter_sets {
        let mut list_args = vec!["list", "--json"];
        list_args.extend_from_slice(filters);
        let mut total_args = vec!["total", "--json"];
        total_args.extend_from_slice(filters);
        let listed = json_of(&list_args);
        let total = json_of(&total_args);
        let listed: Vec<&Value> = listed.as_array().unwrap().iter().collect();
        let status_given = filters.contains(&"--status");
        let replaced =
            |d: &&Value| ["superseded", "cancelled"].contains(&d["status"].as_str().unwrap());
        let counted: Vec<&Value> = listed
            .iter()
            .copied()
            .filter(|d| status_given || !replaced(d))
            .collect();
        assert_eq!(tally_in(&total), tally_of(&counted), "{filters:?}");
        for status in ["superseded", "cancelled"] {
            let left_out: Vec<&Value> = listed
                .iter()
                .copied()
                .filter(|d| !status_given && d["status"] == status)
                .collect();
            left_out_somewhere |= !left_out.is_empty();
            assert_eq!(
                tally_in(&total["left_out"][status]),
                tally_of(&left_out),
                "{filters:?}: {status} left out"
            );
        }
        if !status_given {
            // The same deals as listing the statuses a total counts.
            let mut counted_args = list_args.clone();
            counted_args.extend(["--status", "announced", "--status", "reported"]);
            assert_eq!(
                ids(&json_of(&counted_args)),
                counted
                    .iter()
                    .map(|d| d["id"].as_str().unwrap())
                    .collect::<Vec<_>>(),
                "{filters:?}"
            );
        }
    }
    assert!(left_out_somewhere, "some filters meet a superseded deal");
}

#[test]
fn total_json_has_exactly_the_contract_fields() {
    let total = json_of(&["total", "--year", "2025", "--json"]);
    let keys: Vec<&String> = total.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "deals",
            "disclosed",
            "left_out",
            "secondary",
            "total_usd",
            "undisclosed"
        ]
    );
    let record_keys = ["deals", "disclosed", "total_usd", "undisclosed"];
    for record in [
        &total["secondary"],
        &total["left_out"]["superseded"],
        &total["left_out"]["cancelled"],
    ] {
        let keys: Vec<&String> = record.as_object().unwrap().keys().collect();
        assert_eq!(keys, record_keys);
    }
    // 61 deals announced in 2025, less the 2 superseded NVIDIA-OpenAI ones.
    assert_eq!(total["deals"], 59);
    assert_eq!(total["undisclosed"], 17);
    assert_eq!(total["total_usd"], 1_454_700_000_000u64);
    assert_eq!(
        total["left_out"]["superseded"],
        serde_json::json!({"deals": 2, "disclosed": 1, "undisclosed": 1, "total_usd": 100_000_000_000u64})
    );
    assert_eq!(total["left_out"]["cancelled"]["deals"], 0);
    assert_eq!(
        total["secondary"],
        serde_json::json!({"deals": 12, "disclosed": 10, "undisclosed": 2, "total_usd": 87_300_000_000u64})
    );
}

#[test]
fn total_table_splits_mixed_kinds_and_names_the_undisclosed() {
    let text = stdout_of(&["total", "--party", "Anthropic"]);
    assert!(text.contains("Of which, by kind:"), "{text}");
    assert!(text.contains("investment"), "{text}");
    assert!(text.contains("$86B  (6 deals)"), "{text}");
    assert!(
        text.contains("6 deals' values were not disclosed and are not counted"),
        "{text}"
    );
    let one_kind = stdout_of(&["total", "--kind", "investment"]);
    assert!(!one_kind.contains("Of which"), "{one_kind}");
    // 16 investments, less the superseded NVIDIA-OpenAI letter of intent.
    assert!(
        one_kind.contains("1 deal's value was not disclosed and is not counted"),
        "{one_kind}"
    );
}

#[test]
fn companies_count_both_sides_and_sum_disclosed_values() {
    let companies = json_of(&["companies", "--json"]);
    let find = |name: &str| -> Value {
        companies
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
            .unwrap()
    };
    let microsoft = find("Microsoft");
    assert_eq!(microsoft["deals_as_buyer"], 7);
    assert_eq!(microsoft["bought_undisclosed"], 2);
    assert_eq!(
        microsoft["bought_usd"],
        17_400_000_000u64 + 6_200_000_000 + 14_000_000_000 + 9_700_000_000 + 5_000_000_000
    );
    assert_eq!(microsoft["deals_as_seller"], 2);
    let aws = find("Amazon Web Services");
    assert_eq!(aws["aliases"], serde_json::json!(["AWS"]));
    assert_eq!(aws["parent"], "Amazon");
    assert_eq!(
        aws["sold_usd"],
        5_000_000_000u64 + 38_000_000_000 + 100_000_000_000 + 100_000_000_000
    );
    assert_eq!(aws["sold_undisclosed"], 1);
    // A listed company in no deal is still listed, with nothing on either side.
    let blackstone = find("Blackstone");
    assert_eq!(blackstone["deals_as_buyer"], 0);
    assert_eq!(blackstone["deals_as_seller"], 0);
}

#[test]
fn facts_subject_matches_like_names() {
    let aws = json_of(&["facts", "--subject", "AWS", "--json"]);
    assert!(
        aws.as_array()
            .unwrap()
            .iter()
            .all(|f| f["subject"] == "Amazon Web Services")
    );
    assert_eq!(aws.as_array().unwrap().len(), 11);
    // Amazon is AWS's parent, so it covers AWS's facts and its own.
    let amazon = json_of(&["facts", "--subject", "amazon", "--json"]);
    assert_eq!(amazon.as_array().unwrap().len(), 12);
    let all = json_of(&["facts", "--json"]);
    assert!(all.as_array().unwrap().len() >= 15);
}

#[test]
fn show_prints_every_field_and_source() {
    let text = stdout_of(&["show", "microsoft-iren-2025-11"]);
    for expected in [
        "$9.7B (9,700,000,000 US dollars)",
        "Childress, Texas",
        "NVIDIA GB300",
        "5 years",
        "source 1",
        "https://www.sec.gov/",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // Ids match ignoring case.
    assert!(stdout_of(&["show", "MICROSOFT-IREN-2025-11"]).contains("IREN"));
}

#[test]
fn an_empty_result_is_success() {
    assert_eq!(
        json_of(&["list", "--year", "2019", "--json"]),
        serde_json::json!([])
    );
    assert_eq!(
        stdout_of(&["list", "--year", "2019", "--format", "ndjson"]),
        ""
    );
    assert_eq!(stdout_of(&["list", "--year", "2019"]), "No deals match.\n");
    let total = json_of(&["total", "--year", "2019", "--json"]);
    let none = serde_json::json!({"deals": 0, "disclosed": 0, "undisclosed": 0, "total_usd": 0});
    assert_eq!(
        total,
        serde_json::json!({
            "deals": 0, "disclosed": 0, "undisclosed": 0, "total_usd": 0,
            "secondary": none,
            "left_out": {"superseded": none, "cancelled": none},
        })
    );
}

#[test]
fn companies_sum_what_total_sums_leaving_out_superseded_deals() {
    let companies = json_of(&["companies", "--json"]);
    for name in ["NVIDIA", "OpenAI", "Microsoft"] {
        let record = companies
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .expect(name);
        let bought = json_of(&["total", "--buyer", name, "--json"]);
        let sold = json_of(&["total", "--seller", name, "--json"]);
        assert_eq!(record["bought_usd"], bought["total_usd"], "{name} bought");
        assert_eq!(record["deals_as_buyer"], bought["deals"], "{name} as buyer");
        assert_eq!(record["sold_usd"], sold["total_usd"], "{name} sold");
        assert_eq!(record["deals_as_seller"], sold["deals"], "{name} as seller");
    }
}
