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
    assert_eq!(by_name, ["openai-aws-2025-11"]);
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
    assert_eq!(both, ["meta-coreweave-2025-09"]);
}

#[test]
fn dates_years_and_amounts_filter_inclusively() {
    assert_eq!(list_ids(&["--year", "2024"]), Vec::<String>::new());
    assert_eq!(list_ids(&["--year", "2025"]).len(), 26);
    assert_eq!(
        list_ids(&["--since", "2025-11-11", "--until", "2025-11-11"]),
        ["meta-nebius-2025-11"]
    );
    assert_eq!(
        list_ids(&["--until", "2025-06"]),
        ["openai-coreweave-2025-03", "openai-google-cloud-2025-06"]
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
    assert_eq!(all.as_array().unwrap().len(), 20);
}

#[test]
fn kind_status_hardware_and_search() {
    assert_eq!(list_ids(&["--kind", "investment"]).len(), 3);
    assert_eq!(list_ids(&["--kind", "INVESTMENT"]).len(), 3);
    assert_eq!(list_ids(&["--status", "reported"]).len(), 5);
    let gb300 = list_ids(&["--hardware", "gb300"]);
    assert!(gb300.contains(&"microsoft-lambda-2025-11".to_string()));
    assert!(gb300.contains(&"openai-aws-2025-11".to_string()));
    assert_eq!(
        list_ids(&["--search", "Childress"]),
        ["microsoft-iren-2025-11"]
    );
    assert_eq!(list_ids(&["--search", "colossus"]), ["xai-gpu-spv-2025-10"]);
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
    assert_eq!(
        top,
        ["openai-oracle-2025", "openai-microsoft-azure-2025-10"]
    );
    // Same date: ties broken by id.
    let same_day = list_ids(&["--since", "2025-11-03", "--until", "2025-11-03"]);
    let mut sorted = same_day.clone();
    sorted.sort();
    assert_eq!(same_day, sorted);
    let by_buyer = list_ids(&["--sort", "buyer", "--limit", "1"]);
    assert_eq!(by_buyer, ["aws-cipher-2025-11"]);
}

#[test]
fn total_equals_the_sum_over_list_for_the_same_filters() {
    let filter_sets: [&[&str]; 6] = [
        &[],
        &["--year", "2025"],
        &["--buyer", "Microsoft"],
        &["--party", "OpenAI", "--kind", "cloud-capacity"],
        &["--status", "reported"],
        &["--hardware", "GB300", "--min", "10B"],
    ];
    for filters in filter_sets {
        let mut list_args = vec!["list", "--json"];
        list_args.extend_from_slice(filters);
        let mut total_args = vec!["total", "--json"];
        total_args.extend_from_slice(filters);
        let deals = json_of(&list_args);
        let total = json_of(&total_args);
        let deals = deals.as_array().unwrap();
        let disclosed: Vec<u64> = deals
            .iter()
            .filter_map(|d| d["value_usd"].as_u64())
            .collect();
        assert_eq!(total["deals"], deals.len(), "{filters:?}");
        assert_eq!(total["disclosed"], disclosed.len(), "{filters:?}");
        assert_eq!(
            total["undisclosed"],
            deals.len() - disclosed.len(),
            "{filters:?}"
        );
        assert_eq!(
            total["total_usd"],
            disclosed.iter().sum::<u64>(),
            "{filters:?}"
        );
    }
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
    assert_eq!(total["deals"], 26);
    assert_eq!(total["undisclosed"], 6);
    assert_eq!(total["total_usd"], 860_100_000_000u64);
}

#[test]
fn total_table_splits_mixed_kinds_and_names_the_undisclosed() {
    let text = stdout_of(&["total", "--party", "Anthropic"]);
    assert!(text.contains("Of which, by kind:"), "{text}");
    assert!(text.contains("investment"), "{text}");
    assert!(text.contains("$15B"), "{text}");
    assert!(text.contains("1 deal's value was not disclosed"), "{text}");
    let one_kind = stdout_of(&["total", "--kind", "investment"]);
    assert!(!one_kind.contains("Of which"), "{one_kind}");
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
    assert_eq!(microsoft["deals_as_buyer"], 6);
    assert_eq!(microsoft["bought_undisclosed"], 1);
    assert_eq!(
        microsoft["bought_usd"],
        17_400_000_000u64 + 6_200_000_000 + 14_000_000_000 + 9_700_000_000 + 5_000_000_000
    );
    assert_eq!(microsoft["deals_as_seller"], 2);
    let aws = find("Amazon Web Services");
    assert_eq!(aws["aliases"], serde_json::json!(["AWS"]));
    assert_eq!(aws["parent"], "Amazon");
    assert_eq!(aws["sold_usd"], 38_000_000_000u64);
    let softbank = find("SoftBank Group");
    assert_eq!(softbank["deals_as_buyer"], 0);
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
    assert_eq!(aws.as_array().unwrap().len(), 6);
    // Amazon is AWS's parent, so it covers AWS's facts and its own.
    let amazon = json_of(&["facts", "--subject", "amazon", "--json"]);
    assert_eq!(amazon.as_array().unwrap().len(), 7);
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
