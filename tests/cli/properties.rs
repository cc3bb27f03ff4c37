//! Properties over generated datasets and filters, checked through the
//! library in-process (hundreds of cases in well under a second each) and,
//! for the round trip through `--data -`, through the binary a few times.
//!
//! Names, kinds, hardware and dates come from small pools so that filters
//! match some deals and not others.

use std::collections::BTreeSet;

use clap::Parser as _;
use deals::cli::Cli;
use deals::load::{self, Loaded, Origin};
use deals::model::Deal;
use deals::money::{Usd, human_u128};
use deals::render::{Format, Output};
use proptest::prelude::*;
use proptest::sample::select;
use serde::Deserialize;
use serde_json::{Value, json};

const NAMES: [&str; 5] = ["Acme", "Globex", "Initech", "Umbrella", "Société Générale"];
const KINDS: [&str; 3] = ["cloud-capacity", "investment", "chip-supply"];
const STATUSES: [&str; 4] = ["announced", "reported", "superseded", "cancelled"];
const HARDWARE: [&str; 3] = ["GB300", "H100", "MI450"];
const WORDS: [&str; 4] = ["gigawatt", "campus", "Texas", "lease"];
/// Publishers, two of them copies of one Reuters story.
const PUBLISHERS: [&str; 5] = ["NVIDIA", "CNA (Reuters)", "Reuters", "Bloomberg", "Blog"];
const SOURCE_KINDS: [Option<&str>; 4] = [None, Some("primary"), Some("press"), Some("secondary")];
const LEVELS: [&str; 3] = ["primary", "press", "secondary"];

// ---------------------------------------------------------------- datasets

/// A deal as generated: the fields filters look at.
#[derive(Debug, Clone)]
struct DealSpec {
    buyer: String,
    seller: String,
    announced: (u16, u8, u8),
    value: Option<u64>,
    kind: Option<&'static str>,
    status: Option<&'static str>,
    hardware: Vec<&'static str>,
    summary: Option<String>,
    /// Each source's publisher and kind.
    sources: Vec<(&'static str, Option<&'static str>)>,
}

impl DealSpec {
    /// How well supported the deal is (0 secondary, 1 press, 2 primary),
    /// by the sources policy: one primary source, or two press sources
    /// from independent outlets (a copy named "CNA (Reuters)" is Reuters').
    fn evidence(&self) -> u8 {
        if self
            .sources
            .iter()
            .any(|(_, kind)| *kind == Some("primary"))
        {
            return 2;
        }
        let outlets: BTreeSet<String> = self
            .sources
            .iter()
            .filter(|(_, kind)| *kind == Some("press"))
            .map(|(publisher, _)| {
                let outlet = publisher
                    .rsplit_once('(')
                    .and_then(|(_, inner)| inner.strip_suffix(')'))
                    .unwrap_or(publisher);
                outlet.to_lowercase()
            })
            .collect();
        u8::from(outlets.len() >= 2)
    }

    fn is_replaced(&self) -> bool {
        matches!(self.status, Some("superseded" | "cancelled"))
    }
}

/// A name from the pool, sometimes in another case, as data files do.
fn name() -> impl Strategy<Value = String> {
    (select(&NAMES[..]), 0..4u8).prop_map(|(name, case)| match case {
        0 => name.to_lowercase(),
        1 => name.to_uppercase(),
        _ => name.to_string(),
    })
}

/// Amounts deals hold and filters name, each with a way to type it, so
/// that `--min` and `--max` often fall exactly on a deal's value.
const AMOUNTS: [(u64, &str); 6] = [
    (1_000_000, "1M"),
    (5_000_000, "5,000,000"),
    (1_500_000_000, "$1.5bn"),
    (5_500_000_000, "5.5B"),
    (u64::MAX - 1, "18446744073709551614"),
    (u64::MAX, "18446744073709551615"),
];

fn amount() -> impl Strategy<Value = Option<u64>> {
    prop_oneof![
        2 => Just(None),
        3 => select(&AMOUNTS[..]).prop_map(|(v, _)| Some(v)),
        1 => any::<u64>().prop_map(|v| Some(v.max(1))),
    ]
}

/// Days from a small calendar, so that periods often start or end on one.
fn day() -> impl Strategy<Value = (u16, u8, u8)> {
    (
        2024u16..=2025,
        select(&[1u8, 2, 6, 12][..]),
        select(&[1u8, 2, 28, 29][..]),
    )
        .prop_filter("a day that exists", |&(y, m, d)| {
            d < 29 || m != 2 || y == 2024
        })
}

fn deal_spec() -> impl Strategy<Value = DealSpec> {
    (
        (name(), name()),
        day(),
        amount(),
        proptest::option::of(select(&KINDS[..])),
        proptest::option::of(select(&STATUSES[..])),
        proptest::sample::subsequence(&HARDWARE[..], 0..=2),
        proptest::option::of(select(&WORDS[..]).prop_map(|w| format!("a {w} deal"))),
        proptest::collection::vec((select(&PUBLISHERS[..]), select(&SOURCE_KINDS[..])), 1..4),
    )
        .prop_map(
            |((buyer, seller), announced, value, kind, status, hardware, summary, sources)| {
                DealSpec {
                    buyer,
                    seller,
                    announced,
                    value,
                    kind,
                    status,
                    hardware,
                    summary,
                    sources,
                }
            },
        )
}

fn deal_json(i: usize, spec: &DealSpec) -> Value {
    let (y, m, d) = spec.announced;
    json!({
        "id": format!("deal-{i:02}"),
        "buyer": spec.buyer,
        "seller": spec.seller,
        "announced": format!("{y:04}-{m:02}-{d:02}"),
        "value_usd": spec.value,
        "kind": spec.kind,
        "status": spec.status,
        "hardware": spec.hardware,
        "summary": spec.summary,
        "sources": spec
            .sources
            .iter()
            .enumerate()
            .map(|(j, (publisher, kind))| json!({
                "publisher": publisher,
                "url": format!("https://news.example/{i}/{j}"),
                "kind": kind,
            }))
            .collect::<Vec<_>>(),
    })
}

/// A dataset object listing every pool name as a company (so every name
/// filter resolves), with the deals.
fn dataset_json(specs: &[DealSpec]) -> Vec<u8> {
    let companies: Vec<Value> = NAMES.iter().map(|n| json!({"name": n})).collect();
    let deals: Vec<Value> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| deal_json(i, s))
        .collect();
    json!({"schema_version": 1, "companies": companies, "deals": deals})
        .to_string()
        .into_bytes()
}

fn datasets() -> impl Strategy<Value = Vec<DealSpec>> {
    proptest::collection::vec(deal_spec(), 0..14)
}

// ----------------------------------------------------------------- filters

/// Filters as typed. A reference implementation below says which deals
/// each must keep, independently of `deals::query`.
#[derive(Debug, Clone, Default)]
struct Filters {
    buyers: Vec<String>,
    sellers: Vec<String>,
    parties: Vec<String>,
    years: Vec<u16>,
    since: Option<String>,
    until: Option<String>,
    min: Option<(String, u64)>,
    max: Option<(String, u64)>,
    kinds: Vec<&'static str>,
    statuses: Vec<&'static str>,
    hardware: Vec<String>,
    search: Vec<String>,
    evidence: Option<&'static str>,
}

fn period() -> impl Strategy<Value = String> {
    prop_oneof![
        (2024u16..=2025).prop_map(|y| format!("{y}")),
        (2024u16..=2025, select(&[1u8, 2, 6, 12][..])).prop_map(|(y, m)| format!("{y}-{m:02}")),
        day().prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
    ]
}

/// An amount as typed, with its value in dollars.
fn typed_amount() -> impl Strategy<Value = (String, u64)> {
    prop_oneof![
        3 => select(&AMOUNTS[..]).prop_map(|(v, typed)| (typed.to_string(), v)),
        1 => any::<u64>().prop_map(|v| (v.to_string(), v)),
    ]
}

fn few<T: std::fmt::Debug + Clone>(
    item: impl Strategy<Value = T>,
) -> impl Strategy<Value = Vec<T>> {
    prop_oneof![5 => Just(Vec::new()), 1 => proptest::collection::vec(item, 1..3)]
}

fn filters(with_names: bool) -> impl Strategy<Value = Filters> {
    let names = move || {
        if with_names {
            few(name()).boxed()
        } else {
            Just(Vec::new()).boxed()
        }
    };
    (
        (names(), names(), names()),
        few(2024u16..=2025),
        proptest::option::weighted(0.2, period()),
        proptest::option::weighted(0.2, period()),
        proptest::option::weighted(0.2, typed_amount()),
        proptest::option::weighted(0.15, typed_amount()),
        few(select(&KINDS[..])),
        few(select(&STATUSES[..])),
        few(select(&["gb3", "H100", "mi", "B200"][..]).prop_map(str::to_string)),
        few(select(&["acme", "EX", "deal-0", "texas", "é"][..]).prop_map(str::to_string)),
        proptest::option::weighted(0.25, select(&LEVELS[..])),
    )
        .prop_map(
            |(
                (buyers, sellers, parties),
                years,
                since,
                until,
                min,
                max,
                kinds,
                statuses,
                hardware,
                search,
                evidence,
            )| Filters {
                buyers,
                sellers,
                parties,
                years,
                since,
                until,
                min,
                max,
                kinds,
                statuses,
                hardware,
                search,
                evidence,
            },
        )
}

impl Filters {
    /// The filters as one `--flag value` pair each.
    fn pairs(&self) -> Vec<[String; 2]> {
        let mut pairs = Vec::new();
        let mut add = |flag: &str, value: String| pairs.push([flag.to_string(), value]);
        self.buyers.iter().for_each(|v| add("--buyer", v.clone()));
        self.sellers.iter().for_each(|v| add("--seller", v.clone()));
        self.parties.iter().for_each(|v| add("--party", v.clone()));
        self.years.iter().for_each(|v| add("--year", v.to_string()));
        self.since.iter().for_each(|v| add("--since", v.clone()));
        self.until.iter().for_each(|v| add("--until", v.clone()));
        self.min.iter().for_each(|v| add("--min", v.0.clone()));
        self.max.iter().for_each(|v| add("--max", v.0.clone()));
        self.kinds.iter().for_each(|v| add("--kind", v.to_string()));
        self.statuses
            .iter()
            .for_each(|v| add("--status", v.to_string()));
        self.hardware
            .iter()
            .for_each(|v| add("--hardware", v.clone()));
        self.search.iter().for_each(|v| add("--search", v.clone()));
        self.evidence
            .iter()
            .for_each(|v| add("--evidence", v.to_string()));
        pairs
    }

    fn args(&self) -> Vec<String> {
        self.pairs().into_iter().flatten().collect()
    }

    /// Which deals the filters keep, by the README's rules: different
    /// flags AND, a repeated flag ORs, names ignore case.
    fn keeps(&self, deal: &DealSpec, id: &str) -> bool {
        let lower = |s: &str| s.to_lowercase();
        let any = |values: &[String], test: &dyn Fn(&str) -> bool| {
            values.is_empty() || values.iter().any(|v| test(v))
        };
        let (y, m, d) = deal.announced;
        let announced = format!("{y:04}-{m:02}-{d:02}");
        let in_amounts = match (&self.min, &self.max, deal.value) {
            (None, None, _) => true,
            (_, _, None) => false,
            (min, max, Some(v)) => {
                min.as_ref().is_none_or(|m| v >= m.1) && max.as_ref().is_none_or(|m| v <= m.1)
            }
        };
        let haystacks = [
            id,
            &deal.buyer,
            &deal.seller,
            deal.summary.as_deref().unwrap_or(""),
        ];
        any(&self.buyers, &|v| lower(v) == lower(&deal.buyer))
            && any(&self.sellers, &|v| lower(v) == lower(&deal.seller))
            && any(&self.parties, &|v| {
                lower(v) == lower(&deal.buyer) || lower(v) == lower(&deal.seller)
            })
            && (self.years.is_empty() || self.years.contains(&y))
            && self
                .since
                .as_ref()
                .is_none_or(|p| announced[..p.len()] >= **p)
            && self
                .until
                .as_ref()
                .is_none_or(|p| announced[..p.len()] <= **p)
            && in_amounts
            && (self.kinds.is_empty() || deal.kind.is_some_and(|k| self.kinds.contains(&k)))
            && (self.statuses.is_empty() || deal.status.is_some_and(|s| self.statuses.contains(&s)))
            && any(&self.hardware, &|h| {
                deal.hardware
                    .iter()
                    .any(|name| lower(name).contains(&lower(h)))
            })
            && any(&self.search, &|s| {
                haystacks.iter().any(|text| lower(text).contains(&lower(s)))
            })
            && self.evidence.is_none_or(|least| {
                let least = 2 - LEVELS.iter().position(|l| *l == least).unwrap_or(2) as u8;
                deal.evidence() >= least
            })
    }
}

// ------------------------------------------------------------ running deals

fn load(bytes: &[u8]) -> Loaded {
    match load::parse(bytes, &Origin::Stdin) {
        Ok((dataset, warnings)) => Loaded {
            dataset,
            origin: Origin::Stdin,
            warnings,
        },
        Err(err) => panic!("generated data does not load: {err}"),
    }
}

/// Runs `deals ARGS` in-process on a dataset, as JSON (or `format`).
fn run_as(loaded: &Loaded, args: &[String], format: Format) -> Result<Vec<u8>, String> {
    let argv = std::iter::once("deals".to_string()).chain(args.iter().cloned());
    let cli = Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
    let ctx = deals::Context::new(loaded.clone(), Output::plain(format));
    let mut out = Vec::new();
    deals::execute(&cli.command, &ctx, &mut out).map_err(|e| format!("{e:#}"))?;
    Ok(out)
}

fn list(loaded: &Loaded, args: &[String]) -> Vec<Deal> {
    let mut argv = vec!["list".to_string()];
    argv.extend_from_slice(args);
    let out = run_as(loaded, &argv, Format::Json).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    let (listed, _) = load::parse(&out, &Origin::Stdin)
        .unwrap_or_else(|e| panic!("list output does not load back: {e}"));
    listed.deals
}

fn ids(deals: &[Deal]) -> Vec<String> {
    deals.iter().map(|d| d.id.clone()).collect()
}

fn id_set(deals: &[Deal]) -> BTreeSet<String> {
    deals.iter().map(|d| d.id.clone()).collect()
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
struct Total {
    deals: u64,
    disclosed: u64,
    undisclosed: u64,
    total_usd: u128,
}

fn total(loaded: &Loaded, args: &[String]) -> Total {
    let mut argv = vec!["total".to_string()];
    argv.extend_from_slice(args);
    let out = run_as(loaded, &argv, Format::Json).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    serde_json::from_slice(&out).unwrap_or_else(|e| panic!("total is not JSON: {e}"))
}

fn total_json(loaded: &Loaded, args: &[String]) -> Value {
    let mut argv = vec!["total".to_string()];
    argv.extend_from_slice(args);
    let out = run_as(loaded, &argv, Format::Json).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    serde_json::from_slice(&out).unwrap_or_else(|e| panic!("total is not JSON: {e}"))
}

/// The deals that remain, as a dataset of their own (a bare JSON array).
fn reload(deals: &[Deal]) -> Loaded {
    load(&serde_json::to_vec(deals).unwrap())
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// -------------------------------------------------------------- properties

proptest! {
    #![proptest_config(config(192))]

    /// `list` prints exactly the deals the filters keep, each once; `total`
    /// counts the same deals and adds their disclosed values exactly.
    #[test]
    fn list_is_the_matching_deals_and_total_their_exact_sum(
        specs in datasets(),
        filters in filters(true),
    ) {
        let loaded = load(&dataset_json(&specs));
        let args = filters.args();
        let listed = list(&loaded, &args);
        let expected: BTreeSet<String> = specs
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("deal-{i:02}"), s))
            .filter(|(id, s)| filters.keeps(s, id))
            .map(|(id, _)| id)
            .collect();
        prop_assert_eq!(listed.len(), id_set(&listed).len(), "a deal listed twice");
        prop_assert_eq!(id_set(&listed), expected);

        // A total leaves out superseded and cancelled deals unless --status
        // asks for statuses.
        let counted: Vec<&Deal> = listed
            .iter()
            .filter(|d| {
                !filters.statuses.is_empty()
                    || !matches!(d.status.as_deref(), Some("superseded" | "cancelled"))
            })
            .collect();
        let values: Vec<u64> = counted.iter().filter_map(|d| d.value_usd.map(|v| v.0)).collect();
        let sum: u128 = values.iter().map(|&v| u128::from(v)).sum();
        prop_assert_eq!(
            total(&loaded, &args),
            Total {
                deals: counted.len() as u64,
                disclosed: values.len() as u64,
                undisclosed: (counted.len() - values.len()) as u64,
                total_usd: sum,
            }
        );
        let kept: Vec<&DealSpec> = specs
            .iter()
            .enumerate()
            .filter(|(i, s)| filters.keeps(s, &format!("deal-{i:02}")))
            .map(|(_, s)| s)
            .collect();
        let skips_replaced = filters.statuses.is_empty();
        let left_out = kept.iter().filter(|s| skips_replaced && s.is_replaced()).count();
        let secondary = kept
            .iter()
            .filter(|s| !(skips_replaced && s.is_replaced()) && s.evidence() == 0)
            .count();
        let caveats = total_json(&loaded, &args);
        let left_out_found = caveats["left_out"]["superseded"]["deals"].as_u64().unwrap_or(0)
            + caveats["left_out"]["cancelled"]["deals"].as_u64().unwrap_or(0);
        prop_assert_eq!(left_out_found, left_out as u64);
        prop_assert_eq!(caveats["secondary"]["deals"].as_u64(), Some(secondary as u64));
    }

    /// `list --sort KEY [--desc]` orders by the key, ties by id ascending,
    /// undisclosed values last in both directions.
    #[test]
    fn list_is_ordered_by_the_sort_key(
        specs in datasets(),
        key in select(&["date", "value", "buyer", "seller", "id"][..]),
        descending in any::<bool>(),
    ) {
        let loaded = load(&dataset_json(&specs));
        let mut args = vec!["--sort".to_string(), key.to_string()];
        if descending {
            args.push("--desc".into());
        }
        let listed = list(&loaded, &args);
        prop_assert_eq!(listed.len(), specs.len());
        for pair in listed.windows(2) {
            let order = sort_order(&pair[0], &pair[1], key, descending);
            prop_assert!(
                order == std::cmp::Ordering::Less,
                "{} before {} by {key} (desc: {descending})", pair[0].id, pair[1].id
            );
        }
    }

    /// The order of flags on the command line does not matter; filtering
    /// in two steps (through the dataset `list --format json` writes) gives
    /// the same deals in either order, and the same as giving both sets of
    /// flags at once when they share none; filtering again changes nothing.
    /// (Names are left out: a step's output no longer knows every name.)
    #[test]
    fn filters_commute_and_are_idempotent(
        specs in datasets(),
        a in filters(false),
        b in filters(false),
        seed in any::<u64>(),
    ) {
        let loaded = load(&dataset_json(&specs));
        let only_a = list(&loaded, &a.args());
        let mut pairs = a.pairs();
        shuffle(&mut pairs, seed);
        let shuffled: Vec<String> = pairs.into_iter().flatten().collect();
        prop_assert_eq!(ids(&list(&loaded, &shuffled)), ids(&only_a));

        let a_then_b = id_set(&list(&reload(&only_a), &b.args()));
        let b_then_a = id_set(&list(&reload(&list(&loaded, &b.args())), &a.args()));
        prop_assert_eq!(&a_then_b, &b_then_a);
        let flags = |f: &Filters| f.pairs().into_iter().map(|[flag, _]| flag).collect::<BTreeSet<_>>();
        if flags(&a).is_disjoint(&flags(&b)) {
            let together = [a.args(), b.args()].concat();
            prop_assert_eq!(&a_then_b, &id_set(&list(&loaded, &together)));
        }
        prop_assert_eq!(ids(&list(&reload(&only_a), &a.args())), ids(&only_a));
    }

    /// A flag given twice keeps the deals that either value keeps (with
    /// every other filter still applied); given the same value twice, it
    /// is as if given once.
    #[test]
    fn repeating_a_flag_ors(
        specs in datasets(),
        rest in filters(true),
        flag in select(&["--buyer", "--seller", "--party", "--year", "--kind", "--status", "--hardware", "--search"][..]),
        pick in (0usize..100, 0usize..100),
    ) {
        let loaded = load(&dataset_json(&specs));
        let pool: Vec<String> = match flag {
            "--year" => vec!["2024".into(), "2025".into()],
            "--kind" => KINDS.iter().map(|s| s.to_string()).collect(),
            "--status" => STATUSES.iter().map(|s| s.to_string()).collect(),
            "--hardware" => vec!["gb3".into(), "h100".into(), "MI".into()],
            "--search" => vec!["acme".into(), "texas".into(), "deal-1".into()],
            _ => NAMES.iter().map(|s| s.to_string()).collect(),
        };
        let (x, y) = (&pool[pick.0 % pool.len()], &pool[pick.1 % pool.len()]);
        let others: Vec<String> = rest
            .pairs()
            .into_iter()
            .filter(|[f, _]| f != flag)
            .flatten()
            .collect();
        let with = |values: &[&String]| {
            let mut args = others.clone();
            for v in values {
                args.extend([flag.to_string(), v.to_string()]);
            }
            id_set(&list(&loaded, &args))
        };
        let either: BTreeSet<String> = with(&[x]).union(&with(&[y])).cloned().collect();
        prop_assert_eq!(with(&[x, y]), either);
        prop_assert_eq!(with(&[x, x]), with(&[x]));
    }

    /// What `list` prints as JSON or NDJSON loads back as the same deals,
    /// field for field.
    #[test]
    fn json_and_ndjson_output_load_back_as_the_same_deals(specs in datasets()) {
        let loaded = load(&dataset_json(&specs));
        let list_args = ["list".to_string(), "--sort".into(), "id".into()];
        for format in [Format::Json, Format::Ndjson] {
            let out = run_as(&loaded, &list_args, format).unwrap();
            let (again, _) = load::parse(&out, &Origin::Stdin)
                .unwrap_or_else(|e| panic!("{format:?} output does not load: {e}"));
            prop_assert_eq!(&again.deals, &loaded.dataset.deals);
        }
    }
}

proptest! {
    #![proptest_config(config(2048))]

    /// Every u64 prints as an amount that parses back to it, in the human
    /// form, as plain digits, and with thousands separators.
    #[test]
    fn amounts_round_trip_exactly(value in any::<u64>()) {
        let usd = Usd(value);
        prop_assert_eq!(Usd::parse(&usd.human()), Ok(usd));
        prop_assert_eq!(Usd::parse(&value.to_string()), Ok(usd));
        prop_assert_eq!(Usd::parse(&format!("${}", group(value))), Ok(usd));
    }

    /// Sums beyond u64 print exactly too.
    #[test]
    fn sums_print_exactly(value in any::<u128>()) {
        prop_assert_eq!(read_human(&human_u128(value)), Some(value));
    }

    /// Any text: the amount parser refuses or accepts without panicking,
    /// and what it accepts prints back to the same amount.
    #[test]
    fn amount_parsing_never_panics(text in "[$]?[0-9_,.]{0,24}[kKmMbBtTn]{0,2}") {
        if let Ok(usd) = Usd::parse(&text) {
            prop_assert_eq!(Usd::parse(&usd.human()), Ok(usd));
        }
    }
}

proptest! {
    #![proptest_config(config(6))]

    /// Through the binary: a dataset on standard input, listed as JSON and
    /// as NDJSON, and that output fed back through `--data -`, prints the
    /// same deals again.
    #[test]
    fn output_fed_back_through_stdin_is_a_fixed_point(specs in datasets()) {
        let input = dataset_json(&specs);
        for format in ["json", "ndjson"] {
            let args = ["--data", "-", "list", "--sort", "id", "--format", format];
            let first = crate::deals().args(args).write_stdin(input.clone()).output().unwrap();
            prop_assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
            let second = crate::deals().args(args).write_stdin(first.stdout.clone()).output().unwrap();
            prop_assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
            prop_assert_eq!(&second.stdout, &first.stdout);
            let (again, _) = load::parse(&first.stdout, &Origin::Stdin).unwrap();
            prop_assert_eq!(again.deals, load(&input).dataset.deals);
        }
    }
}

// ----------------------------------------------------------------- helpers

/// The documented order of `list --sort KEY`.
fn sort_order(a: &Deal, b: &Deal, key: &str, descending: bool) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let directed = |o: Ordering| if descending { o.reverse() } else { o };
    let by_name = |x: &str, y: &str| x.to_lowercase().cmp(&y.to_lowercase()).then(x.cmp(y));
    let primary = match key {
        "value" => match (a.value_usd, b.value_usd) {
            (Some(x), Some(y)) => directed(x.cmp(&y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        "date" => directed(a.announced.cmp(&b.announced)),
        "buyer" => directed(by_name(&a.buyer, &b.buyer)),
        "seller" => directed(by_name(&a.seller, &b.seller)),
        _ => directed(a.id.cmp(&b.id)),
    };
    primary.then(a.id.cmp(&b.id))
}

/// A deterministic shuffle (proptest supplies the seed, so failures shrink).
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let j = (seed >> 33) as usize % (i + 1);
        items.swap(i, j);
    }
}

/// `1234567` as `1,234,567`.
fn group(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Reads `$W`, `$W.FS` or `$WS` (S one of K, M, B, T) exactly, as u128.
fn read_human(text: &str) -> Option<u128> {
    let body = text.strip_prefix('$')?;
    let (number, exponent) = match body.chars().last()? {
        'K' => (&body[..body.len() - 1], 3),
        'M' => (&body[..body.len() - 1], 6),
        'B' => (&body[..body.len() - 1], 9),
        'T' => (&body[..body.len() - 1], 12),
        _ => (body, 0),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if fraction.len() > exponent {
        return None;
    }
    let padded = format!("{whole}{fraction:0<exponent$}");
    padded.parse().ok()
}
