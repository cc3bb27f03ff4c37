//! `deals info`: what the loaded dataset is: how fresh (`as_of`), which
//! announcements it sets out to cover (`coverage`), how big, how well
//! supported its deals are, and where it was loaded from.

use std::collections::HashSet;
use std::io::Write;

use serde::Serialize;

use crate::Context;
use crate::cli::InfoArgs;
use crate::date::Date;
use crate::load::Origin;
use crate::model::{Coverage, EvidenceCounts};
use crate::render::{self, Format, Grid, Text};

/// The JSON shape of `deals info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InfoRecord {
    pub loaded_from: String,
    pub schema_version: Option<u32>,
    /// The day the dataset was compiled.
    pub as_of: Option<Date>,
    /// The announcement dates it sets out to cover; `null` when it does
    /// not say.
    pub coverage: Option<Coverage>,
    pub deals: usize,
    /// Deals by evidence: `{"primary": n, "press": n, "secondary": n}`.
    pub evidence: EvidenceCounts,
    pub companies: usize,
    pub facts: usize,
    pub sources: usize,
    pub distinct_source_urls: usize,
    pub first_announced: Option<Date>,
    pub last_announced: Option<Date>,
    pub announced: usize,
    pub reported: usize,
    pub disclosed: usize,
    pub undisclosed: usize,
}

pub fn run(_args: &InfoArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let record = info(ctx);
    match ctx.output.format {
        Format::Json => render::write_json(out, &record)?,
        Format::Ndjson => render::write_ndjson(out, [&record])?,
        Format::Csv => {
            let (header, row) = csv_columns(&serde_json::to_value(&record)?);
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            render::write_csv(out, &header, [row])?;
        }
        Format::Table | Format::Markdown => {
            render::write_grid(out, &ctx.output, &grid(&record))?;
        }
    }
    Ok(())
}

fn info(ctx: &Context) -> InfoRecord {
    let dataset = &ctx.loaded.dataset;
    let deals = &dataset.deals;
    let deal_sources = deals.iter().flat_map(|d| &d.sources);
    let all_sources: Vec<&str> = deal_sources
        .chain(dataset.facts.iter().map(|f| &f.source))
        .map(|s| s.url.as_str())
        .collect();
    let count_status = |status: &str| {
        deals
            .iter()
            .filter(|d| d.status.as_deref() == Some(status))
            .count()
    };
    let disclosed = deals.iter().filter(|d| d.value_usd.is_some()).count();
    InfoRecord {
        loaded_from: match &ctx.loaded.origin {
            Origin::Bundled => "bundled".to_string(),
            Origin::Stdin => "-".to_string(),
            Origin::File(path) => path.display().to_string(),
        },
        schema_version: dataset.schema_version,
        as_of: dataset.as_of,
        coverage: dataset.coverage,
        deals: deals.len(),
        evidence: EvidenceCounts::of(deals.iter().map(|d| d.evidence())),
        companies: dataset.companies.len(),
        facts: dataset.facts.len(),
        sources: all_sources.len(),
        distinct_source_urls: all_sources.iter().collect::<HashSet<_>>().len(),
        first_announced: deals.iter().map(|d| d.announced).min(),
        last_announced: deals.iter().map(|d| d.announced).max(),
        announced: count_status("announced"),
        reported: count_status("reported"),
        disclosed,
        undisclosed: deals.len() - disclosed,
    }
}

/// One CSV column per field; an object's fields become columns of their
/// own (`coverage_from`, `evidence_primary`), and a dataset without
/// coverage has the same columns, empty.
fn csv_columns(record: &serde_json::Value) -> (Vec<String>, Vec<String>) {
    let mut header = Vec::new();
    let mut row = Vec::new();
    for (key, value) in record.as_object().into_iter().flatten() {
        match (key.as_str(), value) {
            (_, serde_json::Value::Object(fields)) => {
                for (inner, value) in fields {
                    header.push(format!("{key}_{inner}"));
                    row.push(csv_cell(value));
                }
            }
            ("coverage", _) => {
                for inner in ["from", "through"] {
                    header.push(format!("{key}_{inner}"));
                    row.push(String::new());
                }
            }
            _ => {
                header.push(key.clone());
                row.push(csv_cell(value));
            }
        }
    }
    (header, row)
}

fn csv_cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn grid(record: &InfoRecord) -> Grid {
    let optional = |value: Option<String>| Text::optional(value.as_deref());
    let date = |d: Option<Date>| optional(d.map(|d| d.to_string()));
    let count = |n: usize| Text::number(n);
    let range = match (record.first_announced, record.last_announced) {
        (Some(first), Some(last)) => Text::new(&format!("{first} to {last}")),
        _ => Text::missing(),
    };
    let coverage = match record.coverage {
        Some(c) => Text::new(&format!(
            "announcements from {} through {}",
            c.from, c.through
        )),
        None => Text::missing(),
    };
    let evidence = record.evidence;
    let rows = [
        ("loaded from", Text::new(&record.loaded_from)),
        ("as of", date(record.as_of)),
        ("covers", coverage),
        (
            "schema version",
            optional(record.schema_version.map(|v| v.to_string())),
        ),
        ("deals", count(record.deals)),
        ("announced", range),
        ("confirmed by a party", count(record.announced)),
        ("reported by the press only", count(record.reported)),
        ("on primary evidence", count(evidence.primary)),
        ("on press evidence", count(evidence.press)),
        ("on secondary evidence only", count(evidence.secondary)),
        ("value disclosed", count(record.disclosed)),
        ("value undisclosed", count(record.undisclosed)),
        ("companies listed", count(record.companies)),
        ("facts", count(record.facts)),
        (
            "sources cited",
            Text::new(&format!(
                "{} ({} distinct URLs)",
                record.sources, record.distinct_source_urls
            )),
        ),
    ];
    let mut grid = Grid::new(["DATASET", ""]);
    for (label, value) in rows {
        grid.row(vec![Text::new(label), value]);
    }
    grid
}
