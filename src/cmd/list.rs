//! `deals list`: the deals that match the filters, one row each.

use std::io::{self, Write};

use crate::Context;
use crate::cli::ListArgs;
use crate::fields::{self, DealField, Projected};
use crate::model::Deal;
use crate::query::{coverage_note, sort_deals};
use crate::render::{self, Format, Grid, Output, grid::Fit};

pub fn run(args: &ListArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let filter = ctx.filter(&args.filters)?;
    let mut deals = filter.apply(ctx.deals());
    sort_deals(&mut deals, args.sort, args.desc);
    let matched = deals.len();
    if let Some(limit) = args.limit {
        deals.truncate(limit);
    }
    let fields = args.fields.as_ref().map(|f| f.0.as_slice());
    let caveats = Vec::from_iter(coverage_note(
        &args.filters.spec(),
        ctx.loaded.dataset.coverage.as_ref(),
    ));
    write_deals(out, &ctx.output, &deals, fields, matched, &caveats)?;
    Ok(())
}

/// Writes deals in any format, with only the chosen fields if any are
/// chosen; `matched` is how many there were before `--limit`. A table ends
/// with the `caveats` (such as where the data ends), even when empty.
pub fn write_deals(
    out: &mut dyn Write,
    output: &Output,
    deals: &[&Deal],
    chosen: Option<&[DealField]>,
    matched: usize,
    caveats: &[String],
) -> io::Result<()> {
    match (output.format, chosen) {
        (Format::Json, fields) => {
            render::write_json_list(out, &project(deals, fields.unwrap_or(&fields::ALL)))
        }
        (Format::Ndjson, fields) => {
            render::write_ndjson_list(out, &project(deals, fields.unwrap_or(&fields::ALL)))
        }
        (Format::Csv, _) => write_csv(out, deals, chosen.unwrap_or(&fields::ALL)),
        (Format::Table | Format::Markdown, _) => {
            let fields = chosen.unwrap_or(&fields::TABLE_DEFAULT);
            let mut grid = grid(deals, fields, matched);
            grid.caveats.extend_from_slice(caveats);
            render::write_grid(out, output, &grid)
        }
    }
}

fn project<'a>(deals: &[&'a Deal], fields: &'a [DealField]) -> Vec<Projected<'a>> {
    deals
        .iter()
        .map(|deal| Projected { deal, fields })
        .collect()
}

/// A header row of field names, then one row per deal.
pub fn write_csv(out: &mut dyn Write, deals: &[&Deal], fields: &[DealField]) -> io::Result<()> {
    let header: Vec<&str> = fields.iter().map(|f| f.name()).collect();
    let rows = deals.iter().map(|deal| fields.iter().map(|f| f.csv(deal)));
    render::write_csv(out, &header, rows)
}

fn grid(deals: &[&Deal], fields: &[DealField], matched: usize) -> Grid {
    let mut grid = deals_grid(fields).when_empty("No deals match.");
    for deal in deals {
        grid.row(fields.iter().map(|f| f.cell(deal)).collect());
    }
    grid.note(if deals.len() < matched {
        format!("Showing {} of {matched} deals.", deals.len())
    } else {
        format!("{matched} {}.", plural(matched, "deal", "deals"))
    });
    grid
}

/// An empty table of deals with these columns: amounts right-aligned,
/// dates, amounts and ids never split, and the least important columns
/// hidden first when the terminal is narrow.
pub fn deals_grid(fields: &[DealField]) -> Grid {
    let position = |wanted: DealField| fields.iter().position(|f| *f == wanted);
    let right: Vec<usize> = [
        DealField::ValueUsd,
        DealField::TermYears,
        DealField::CapacityGw,
    ]
    .into_iter()
    .filter_map(position)
    .collect();
    let fit = Fit {
        whole: (0..fields.len())
            .filter(|&i| fields[i].keep_whole())
            .collect(),
        droppable: [
            DealField::Hardware,
            DealField::Kind,
            DealField::TermYears,
            DealField::Status,
        ]
        .into_iter()
        .filter_map(position)
        .collect(),
        narrow_droppable: position(DealField::Id).into_iter().collect(),
        wrap: Vec::new(),
    };
    Grid::new(fields.iter().map(|f| f.label()))
        .align_right(&right)
        .fit(fit)
}

pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
