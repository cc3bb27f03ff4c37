//! Micro-benchmarks of the in-memory operations on 100,000 deals: filtering,
//! sorting and grouping; the money graph (built, written as `graph --format
//! json` writes it, and searched for cycles as `cycles --format json`
//! does); and the streaming record reader on 100,000 lines as
//! `bench/gen_deals.py` writes them. Run with `cargo bench --bench ops`.

use std::sync::LazyLock;

use deals::graph::Graph;
use deals::group::{GroupBy, Grouper};
use deals::load::{self, Origin};
use deals::model::Deal;
use deals::names::Directory;
use deals::query::{Filter, FilterSpec, SortKey, sort_deals};
use deals::render::{Format, Output};

fn main() {
    divan::main();
}

const COUNT: usize = 100_000;

/// 100,000 deals between 200 companies, parsed the way `--data` parses them.
static DEALS: LazyLock<(Vec<Deal>, Directory)> = LazyLock::new(|| {
    let mut text = String::new();
    let mut state: u64 = 7;
    let mut next = |n: u64| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
        (state >> 33) % n
    };
    for i in 0..COUNT {
        let value = if next(10) == 0 {
            "null".to_string()
        } else {
            (next(500_000) * 1_000_000).to_string()
        };
        text.push_str(&format!(
            "{{\"id\":\"d{i}\",\"buyer\":\"Company {}\",\"seller\":\"Company {}\",\"announced\":\"20{:02}-{:02}-{:02}\",\
             \"value_usd\":{value},\"term_years\":{},\"kind\":\"cloud-capacity\",\"hardware\":[\"NVIDIA GB300\"],\
             \"sources\":[{{\"publisher\":\"P\",\"url\":\"https://p.example/{i}\"}}]}}\n",
            next(200),
            next(200),
            15 + next(12),
            1 + next(12),
            1 + next(28),
            1 + next(10),
        ));
    }
    let (dataset, _) = load::parse(text.as_bytes(), &Origin::Stdin).expect("generated deals load");
    let directory = Directory::new(&dataset);
    (dataset.deals, directory)
});

fn filter(spec: FilterSpec) -> Filter {
    let (deals, directory) = &*DEALS;
    Filter::new(&spec, deals, directory).expect("a valid filter")
}

#[divan::bench]
fn filter_by_buyer(bencher: divan::Bencher) {
    let filter = filter(FilterSpec {
        buyers: vec!["company 7".into()],
        ..FilterSpec::default()
    });
    bencher.bench(|| filter.apply(&DEALS.0).len());
}

#[divan::bench]
fn filter_by_year_and_amount(bencher: divan::Bencher) {
    let filter = filter(FilterSpec {
        years: vec![2025],
        min: Some(deals::money::Usd(1_000_000_000)),
        ..FilterSpec::default()
    });
    bencher.bench(|| filter.apply(&DEALS.0).len());
}

#[divan::bench]
fn filter_by_search(bencher: divan::Bencher) {
    let filter = filter(FilterSpec {
        search: vec!["d9999".into()],
        ..FilterSpec::default()
    });
    bencher.bench(|| filter.apply(&DEALS.0).len());
}

#[divan::bench(args = [SortKey::Date, SortKey::Value, SortKey::Buyer])]
fn sort(bencher: divan::Bencher, key: SortKey) {
    let all: Vec<&Deal> = DEALS.0.iter().collect();
    bencher
        .with_inputs(|| all.clone())
        .bench_local_values(|mut deals| sort_deals(&mut deals, key, true));
}

#[divan::bench(args = [GroupBy::Buyer, GroupBy::Party, GroupBy::Year])]
fn total_by(bencher: divan::Bencher, by: GroupBy) {
    let (deals, directory) = &*DEALS;
    bencher.bench(|| {
        let mut grouper = Grouper::new(by, false);
        for deal in deals {
            grouper.add(deal, directory);
        }
        grouper.finish().len()
    });
}

#[divan::bench]
fn total_spread_by_year(bencher: divan::Bencher) {
    let (deals, directory) = &*DEALS;
    bencher.bench(|| {
        let mut grouper = Grouper::new(GroupBy::Year, true);
        for deal in deals {
            grouper.add(deal, directory);
        }
        grouper.finish().len()
    });
}

/// The money graph of the 100,000 deals: about 40,000 edges between 200
/// companies.
static GRAPH: LazyLock<Graph> = LazyLock::new(|| {
    let (deals, directory) = &*DEALS;
    Graph::from_deals(deals, directory)
});

#[divan::bench]
fn graph_build(bencher: divan::Bencher) {
    let (deals, directory) = &*DEALS;
    bencher.bench(|| Graph::from_deals(deals, directory).edges.len());
}

/// What `graph` and `cycles` write as JSON, from a graph as it is built
/// (each edge's deals not yet put in order).
fn written(graph: &Graph, cycles: bool) -> usize {
    let output = Output {
        format: Format::Json,
        picture: None,
        color: false,
        width: None,
        unicode: true,
    };
    let mut text = Vec::new();
    let written = if cycles {
        deals::cmd::cycles::write(graph, 4, &output, &mut text, &[])
    } else {
        deals::cmd::graph::write(graph, &output, &mut text, &[])
    };
    written.expect("writing to memory");
    text.len()
}

#[divan::bench]
fn graph_json(bencher: divan::Bencher) {
    let graph = &*GRAPH;
    bencher
        .counter(divan::counter::BytesCount::new(written(graph, false)))
        .with_inputs(|| graph.clone())
        .bench_values(|graph| written(&graph, false));
}

#[divan::bench]
fn cycles_json(bencher: divan::Bencher) {
    let graph = &*GRAPH;
    bencher
        .counter(divan::counter::BytesCount::new(written(graph, true)))
        .with_inputs(|| graph.clone())
        .bench_values(|graph| written(&graph, true));
}

/// 100,000 deals, one per line, shaped like `bench/gen_deals.py`'s.
static RECORDS: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut text = String::new();
    for i in 0..COUNT {
        let (buyer, seller) = (
            format!("Company {}", i % 211),
            format!("Company {}", i % 199),
        );
        text.push_str(&format!(
            "{{\"id\":\"d-{i:06}\",\"buyer\":\"{buyer}\",\"seller\":\"{seller}\",\"announced\":\"2024-03-01\",\
             \"value_usd\":52600000,\"value_note\":null,\"term_years\":2,\"kind\":\"cloud-capacity\",\
             \"hardware\":[\"AMD MI300X\",\"Microsoft Maia 100\",\"NVIDIA H100\"],\"status\":\"announced\",\
             \"summary\":\"{buyer} expands a 2-year cloud-capacity deal with {seller}, valued at $53m.\",\
             \"sources\":[{{\"publisher\":\"Reuters\",\"title\":\"{buyer} to buy cloud capacity from {seller} in $53m pact\",\
             \"url\":\"https://reuters.example.com/2024/03/deal-{i}\",\"date\":\"2024-03-02\"}}]}}\n"
        ));
    }
    text.into_bytes()
});

/// The record reader over 100,000 lines, reading the id, date and value
/// only (as `total --year` does), and also the names (as `--by buyer`).
#[divan::bench(args = [0, 1])]
fn read_records(bencher: divan::Bencher, wants: u8) {
    let records = &*RECORDS;
    assert_eq!(deals::stream::count_plain_records(records, wants), COUNT);
    bencher
        .counter(divan::counter::BytesCount::new(records.len()))
        .bench(|| deals::stream::count_plain_records(records, wants));
}
