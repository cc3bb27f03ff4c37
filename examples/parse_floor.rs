//! The floors `deals` is measured against in `bench/run.sh`: how long it
//! takes just to parse a dataset file with serde_json, either skipping
//! every value (`ignored`) or into a vector of typed deals that borrow
//! their strings (`typed`). Prints the number of deals it saw.
//!
//!     cargo run --release --example parse_floor -- ignored deals.json
//!     cargo run --release --example parse_floor -- typed deals.ndjson

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::IgnoredAny;

/// A deal with every field typed and its strings borrowed from the input.
#[derive(Deserialize)]
#[allow(dead_code)]
struct TypedDeal<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    buyer: Cow<'a, str>,
    #[serde(borrow)]
    seller: Cow<'a, str>,
    #[serde(borrow)]
    announced: Cow<'a, str>,
    value_usd: Option<u64>,
    #[serde(borrow)]
    value_note: Option<Cow<'a, str>>,
    term_years: Option<f64>,
    #[serde(borrow, default)]
    starts: Option<Cow<'a, str>>,
    #[serde(borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    hardware: Vec<Cow<'a, str>>,
    #[serde(default)]
    capacity_gw: Option<f64>,
    #[serde(borrow, default)]
    location: Option<Cow<'a, str>>,
    #[serde(borrow)]
    status: Option<Cow<'a, str>>,
    #[serde(borrow)]
    summary: Option<Cow<'a, str>>,
    #[serde(borrow)]
    sources: Vec<TypedSource<'a>>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct TypedSource<'a> {
    #[serde(borrow)]
    publisher: Cow<'a, str>,
    #[serde(borrow)]
    title: Option<Cow<'a, str>>,
    #[serde(borrow)]
    url: Cow<'a, str>,
    #[serde(borrow)]
    date: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Wrapper<'a> {
    #[serde(borrow)]
    deals: Vec<TypedDeal<'a>>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (mode, path) = match args.as_slice() {
        [_, mode, path] => (mode.as_str(), path.as_str()),
        _ => return Err("usage: parse_floor ignored|typed FILE".into()),
    };
    let bytes = std::fs::read(path)?;
    let ndjson = bytes.first() == Some(&b'{') && !bytes.starts_with(b"{\"schema_version\"");
    let count = match (mode, ndjson) {
        ("ignored", false) => {
            serde_json::from_slice::<BTreeMap<Cow<str>, IgnoredAny>>(&bytes)?;
            0
        }
        ("ignored", true) => serde_json::Deserializer::from_slice(&bytes)
            .into_iter::<IgnoredAny>()
            .try_fold(0usize, |n, value| value.map(|_| n + 1))?,
        ("typed", false) => serde_json::from_slice::<Wrapper>(&bytes)?.deals.len(),
        ("typed", true) => serde_json::Deserializer::from_slice(&bytes)
            .into_iter::<TypedDeal>()
            .collect::<Result<Vec<_>, _>>()?
            .len(),
        _ => return Err(format!("unknown mode {mode}").into()),
    };
    println!("{count}");
    Ok(())
}
