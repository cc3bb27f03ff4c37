//! `deals show ID`: every field of one deal, with its sources.

use std::io::Write;

use comfy_table::Cell;

use crate::Context;
use crate::cli::ShowArgs;
use crate::error::Failure;
use crate::model::{Deal, Source};
use crate::names::{closest, did_you_mean};
use crate::render::{self, Format, Output};
use crate::sanitize::sanitize_line;

use super::list::{self, non_empty};

pub fn run(args: &ShowArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let deal = find(ctx.deals(), &args.id)?;
    match ctx.output.format {
        Format::Json => render::write_json(out, deal)?,
        Format::Ndjson => render::write_ndjson(out, [deal])?,
        Format::Csv => render::write_csv(out, &list::CSV_HEADER, [list::csv_row(deal)])?,
        Format::Table => write_table(out, &ctx.output, deal)?,
    }
    Ok(())
}

/// The deal with this id (exactly, or else ignoring case).
fn find<'a>(deals: &'a [Deal], id: &str) -> Result<&'a Deal, Failure> {
    deals
        .iter()
        .find(|d| d.id == id)
        .or_else(|| deals.iter().find(|d| d.id.eq_ignore_ascii_case(id)))
        .ok_or_else(|| {
            let suggestions = closest(id, deals.iter().map(|d| d.id.clone()));
            Failure::new(format!("no deal with id '{id}'"))
                .with_hint(did_you_mean(&suggestions, "`deals list` shows every id"))
        })
}

fn write_table(out: &mut dyn Write, output: &Output, deal: &Deal) -> std::io::Result<()> {
    let mut table = render::new_table(output, &["FIELD", "VALUE"]);
    let value = match deal.value_usd {
        Some(usd) => Cell::new(format!(
            "{} ({} US dollars)",
            usd.human(),
            group_thousands(usd.0)
        )),
        None => render::amount(None, output),
    };
    let rows: Vec<(&str, Cell)> = vec![
        ("id", render::text(&deal.id)),
        ("buyer", render::text(&deal.buyer)),
        ("seller", render::text(&deal.seller)),
        ("announced", Cell::new(deal.announced)),
        ("value", value),
        ("value note", render::optional(deal.value_note.as_deref())),
        (
            "term",
            optional_display(deal.term_years.as_ref().map(|t| format!("{t} years"))),
        ),
        (
            "starts",
            optional_display(deal.starts.map(|s| s.to_string())),
        ),
        ("kind", render::optional(deal.kind.as_deref())),
        (
            "hardware",
            optional_display(non_empty(deal.hardware.join(", "))),
        ),
        (
            "capacity",
            optional_display(deal.capacity_gw.as_ref().map(|c| format!("{c} GW"))),
        ),
        ("location", render::optional(deal.location.as_deref())),
        ("status", render::optional(deal.status.as_deref())),
        ("summary", render::optional(deal.summary.as_deref())),
    ];
    for (field, cell) in rows {
        table.add_row(vec![Cell::new(field), cell]);
    }
    for (i, source) in deal.sources.iter().enumerate() {
        let label = format!("source {}", i + 1);
        table.add_row(vec![Cell::new(label), Cell::new(source_lines(source))]);
    }
    render::write_table(out, output, &table, &[])
}

fn optional_display(value: Option<String>) -> Cell {
    render::optional(value.as_deref())
}

/// "Publisher · Title · date" over the URL, each part escaped.
fn source_lines(source: &Source) -> String {
    let mut parts = vec![sanitize_line(&source.publisher)];
    parts.extend(source.title.as_deref().map(sanitize_line));
    let date = source.date.map(|d| d.to_string());
    parts.extend(date.as_deref().map(sanitize_line));
    format!(
        "{}\n{}",
        parts.join(" · "),
        sanitize_line(source.url.as_str())
    )
}

/// `38000000000` as `38,000,000,000`.
fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}
