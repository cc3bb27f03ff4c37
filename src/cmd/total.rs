//! `deals total`: how many deals match, how many disclosed a value, and the
//! exact sum of the disclosed values, split by kind when kinds are mixed.

use std::io::Write;

use comfy_table::Cell;
use serde::Serialize;

use crate::Context;
use crate::cli::TotalArgs;
use crate::model::Deal;
use crate::money::Tally;
use crate::render::{self, Format, Output};

use super::list::plural;

/// The JSON shape of a total; `total_usd` is the sum of disclosed values only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TotalRecord {
    pub deals: u64,
    pub disclosed: u64,
    pub undisclosed: u64,
    pub total_usd: u128,
}

impl From<Tally> for TotalRecord {
    fn from(tally: Tally) -> TotalRecord {
        TotalRecord {
            deals: tally.deals,
            disclosed: tally.disclosed,
            undisclosed: tally.undisclosed(),
            total_usd: tally.total_usd,
        }
    }
}

pub fn run(args: &TotalArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let filter = ctx.filter(&args.filters)?;
    let deals = filter.apply(ctx.deals());
    let mut tally = Tally::default();
    tally.extend(deals.iter().map(|d| d.value_usd));
    let record = TotalRecord::from(tally);
    match ctx.output.format {
        Format::Json => render::write_json(out, &record)?,
        Format::Ndjson => render::write_ndjson(out, [record])?,
        Format::Csv => render::write_csv(out, &CSV_HEADER, [csv_row(&record)])?,
        Format::Table => write_table(out, &ctx.output, &tally, &deals)?,
    }
    Ok(())
}

pub const CSV_HEADER: [&str; 4] = ["deals", "disclosed", "undisclosed", "total_usd"];

fn csv_row(record: &TotalRecord) -> [String; 4] {
    [
        record.deals.to_string(),
        record.disclosed.to_string(),
        record.undisclosed.to_string(),
        record.total_usd.to_string(),
    ]
}

fn write_table(
    out: &mut dyn Write,
    output: &Output,
    tally: &Tally,
    deals: &[&Deal],
) -> std::io::Result<()> {
    let mut table = render::new_table(output, &["DEALS", "DISCLOSED", "UNDISCLOSED", "TOTAL"]);
    table.add_row(vec![
        Cell::new(tally.deals),
        Cell::new(tally.disclosed),
        Cell::new(tally.undisclosed()),
        Cell::new(tally.human_total()),
    ]);
    render::align_right(&mut table, &[0, 1, 2, 3]);
    render::write_table(out, output, &table, &notes(tally, deals))
}

/// What the total is made of: the sum of disclosed values only, and, when
/// kinds are mixed, how much of it is which kind.
fn notes(tally: &Tally, deals: &[&Deal]) -> Vec<String> {
    let mut notes = Vec::new();
    if tally.undisclosed() > 0 {
        let n = tally.undisclosed() as usize;
        notes.push(format!(
            "The total adds disclosed values only; {n} {} not disclosed and {} not counted.",
            plural(n, "deal's value was", "deals' values were"),
            plural(n, "is", "are")
        ));
    }
    let by_kind = tally_by_kind(deals);
    if by_kind.len() > 1 {
        notes.push("Of which, by kind:".to_string());
        let width = by_kind
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (kind, tally) in &by_kind {
            let undisclosed = match tally.undisclosed() {
                0 => String::new(),
                n => format!(", {n} undisclosed"),
            };
            notes.push(format!(
                "  {kind:<width$}  {:>9}  ({} {}{undisclosed})",
                tally.human_total(),
                tally.deals,
                plural(tally.deals as usize, "deal", "deals"),
            ));
        }
        if by_kind
            .iter()
            .any(|(kind, _)| kind == crate::model::INVESTMENT_KIND)
        {
            notes.push(
                "Equity investments are not purchases of compute; add --kind to total one kind."
                    .to_string(),
            );
        }
    }
    notes
}

/// Tallies per kind, largest total first, ties by kind; a deal without a
/// kind counts under "(none)".
pub fn tally_by_kind(deals: &[&Deal]) -> Vec<(String, Tally)> {
    let mut groups: Vec<(String, Tally)> = Vec::new();
    for deal in deals {
        let kind = deal.kind.as_deref().unwrap_or("(none)");
        match groups.iter_mut().find(|(k, _)| k == kind) {
            Some((_, tally)) => tally.add(deal.value_usd),
            None => {
                let mut tally = Tally::default();
                tally.add(deal.value_usd);
                groups.push((kind.to_string(), tally));
            }
        }
    }
    groups.sort_by(|a, b| {
        b.1.total_usd
            .cmp(&a.1.total_usd)
            .then_with(|| a.0.cmp(&b.0))
    });
    groups
}
