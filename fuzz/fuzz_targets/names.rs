//! The name matcher: a directory built from arbitrary companies (names,
//! aliases, parents, cycles included) and deal parties, queried with an
//! arbitrary name. Resolving must end, never panic, and find exactly the
//! companies that a name, alias or parent spells.

#![no_main]

use deals::model::{Company, Dataset, Deal};
use deals::names::{Directory, fold};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    companies: Vec<(String, Vec<String>, Option<String>)>,
    parties: Vec<(String, String)>,
    query: String,
}

fuzz_target!(|input: Input| {
    let dataset = Dataset {
        companies: input.companies.iter().map(company).collect(),
        deals: input
            .parties
            .iter()
            .filter_map(|(b, s)| deal(b, s))
            .collect(),
        ..Dataset::default()
    };
    let directory = Directory::new(&dataset);
    for deal in &dataset.deals {
        assert!(directory.lookup(&deal.buyer).is_some());
        assert!(directory.lookup(&deal.seller).is_some());
    }
    let wanted = fold(input.query.trim());
    let spelled = |e: &deals::names::Entry| {
        std::iter::once(&e.name)
            .chain(&e.aliases)
            .chain(&e.parent)
            .any(|s| fold(s) == wanted)
    };
    match directory.resolve(&input.query, "company") {
        Ok(set) => {
            for entry in directory.entries().iter().filter(|e| spelled(e)) {
                assert!(
                    set.contains(&entry.name),
                    "{:?} not matched by {:?}",
                    entry.name,
                    input.query
                );
            }
        }
        Err(err) => {
            assert!(
                !directory.entries().iter().any(spelled),
                "{:?} refused: {err}",
                input.query
            );
        }
    }
});

fn company((name, aliases, parent): &(String, Vec<String>, Option<String>)) -> Company {
    Company {
        name: name.clone(),
        aliases: aliases.clone(),
        parent: parent.clone(),
        country: None,
        category: None,
        founded: None,
        notes: None,
    }
}

fn deal(buyer: &str, seller: &str) -> Option<Deal> {
    serde_json::from_value(serde_json::json!({
        "id": format!("{buyer}|{seller}"),
        "buyer": buyer,
        "seller": seller,
        "announced": "2025-01-01",
        "sources": [{"publisher": "P", "url": "https://p.example"}],
    }))
    .ok()
}
