//! `deals list`: the deals that match the filters, one row each.

use std::io::Write;

use comfy_table::Cell;

use crate::Context;
use crate::cli::ListArgs;
use crate::model::Deal;
use crate::query::sort_deals;
use crate::render::{self, Format, Output};

pub fn run(args: &ListArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let filter = ctx.filter(&args.filters)?;
    let mut deals = filter.apply(ctx.deals());
    sort_deals(&mut deals, args.sort, args.desc);
    let matched = deals.len();
    if let Some(limit) = args.limit {
        deals.truncate(limit);
    }
    write_deals(out, &ctx.output, &deals, matched)?;
    Ok(())
}

/// Writes deals in any format; `matched` is how many there were before
/// `--limit`, for the table's last line.
pub fn write_deals(
    out: &mut dyn Write,
    output: &Output,
    deals: &[&Deal],
    matched: usize,
) -> std::io::Result<()> {
    match output.format {
        Format::Json => render::write_json(out, deals),
        Format::Ndjson => render::write_ndjson(out, deals),
        Format::Csv => render::write_csv(out, &CSV_HEADER, deals.iter().map(|d| csv_row(d))),
        Format::Table => write_table(out, output, deals, matched),
    }
}

/// CSV columns: the dataset's field names, in its order.
pub const CSV_HEADER: [&str; 15] = [
    "id",
    "buyer",
    "seller",
    "announced",
    "value_usd",
    "value_note",
    "term_years",
    "starts",
    "kind",
    "hardware",
    "capacity_gw",
    "location",
    "status",
    "summary",
    "sources",
];

/// A deal as a CSV row: lists joined with `;`, sources by their URLs.
pub fn csv_row(deal: &Deal) -> [String; 15] {
    [
        deal.id.clone(),
        deal.buyer.clone(),
        deal.seller.clone(),
        deal.announced.to_string(),
        render::csv_optional(deal.value_usd.map(|v| v.0)),
        render::csv_optional(deal.value_note.as_ref()),
        render::csv_optional(deal.term_years.as_ref()),
        render::csv_optional(deal.starts),
        render::csv_optional(deal.kind.as_ref()),
        render::csv_list(deal.hardware.iter().map(String::as_str)),
        render::csv_optional(deal.capacity_gw.as_ref()),
        render::csv_optional(deal.location.as_ref()),
        render::csv_optional(deal.status.as_ref()),
        render::csv_optional(deal.summary.as_ref()),
        render::csv_list(deal.sources.iter().map(|s| s.url.as_str())),
    ]
}

const TABLE_HEADER: [&str; 9] = [
    "DATE", "BUYER", "SELLER", "VALUE", "TERM", "KIND", "HARDWARE", "STATUS", "ID",
];

fn write_table(
    out: &mut dyn Write,
    output: &Output,
    deals: &[&Deal],
    matched: usize,
) -> std::io::Result<()> {
    if deals.is_empty() {
        return writeln!(out, "No deals match.");
    }
    let mut table = render::new_table(output, &TABLE_HEADER);
    for deal in deals {
        table.add_row(vec![
            Cell::new(deal.announced),
            render::text(&deal.buyer),
            render::text(&deal.seller),
            render::amount(deal.value_usd, output),
            term_cell(deal),
            render::optional(deal.kind.as_deref()),
            render::optional(non_empty(deal.hardware.join(", ")).as_deref()),
            render::optional(deal.status.as_deref()),
            render::text(&deal.id),
        ]);
    }
    render::align_right(&mut table, &[3, 4]);
    let fit = render::Fit {
        whole: &[0, 3, 4, 7],
        whole_if_room: &[8],
        droppable: &[6, 5, 4],
    };
    let hidden = render::fit_width(&mut table, output, &fit);
    let summary = if deals.len() < matched {
        format!("Showing {} of {matched} deals.", deals.len())
    } else {
        format!("{matched} {}.", plural(matched, "deal", "deals"))
    };
    let notes: Vec<String> = std::iter::once(summary).chain(hidden).collect();
    render::write_table(out, output, &table, &notes)
}

fn term_cell(deal: &Deal) -> Cell {
    match &deal.term_years {
        Some(years) => Cell::new(format!("{years}y")),
        None => Cell::new("—"),
    }
}

/// `None` for an empty text, so that it shows as a dash.
pub fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
