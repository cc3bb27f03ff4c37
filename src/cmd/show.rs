//! `deals show ID`: every field of one deal, with its sources.

use std::io::Write;

use crate::Context;
use crate::cli::ShowArgs;
use crate::error::Failure;
use crate::fields::{self, DealField, Projected};
use crate::model::{Deal, Source};
use crate::names::{closest, did_you_mean};
use crate::render::{self, Format, Grid, Text};

use super::list;

pub fn run(args: &ShowArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let deal = find(ctx.deals(), &args.id)?;
    let fields = args.fields.as_ref().map_or(&fields::ALL[..], |f| &f.0);
    match ctx.output.format {
        Format::Json | Format::Ndjson => {
            let projected = Projected { deal, fields };
            if ctx.output.format == Format::Json {
                render::write_json(out, &projected)?;
            } else {
                render::write_ndjson(out, [projected])?;
            }
        }
        Format::Csv => list::write_csv(out, &[deal], fields)?,
        Format::Table | Format::Markdown => {
            render::write_grid(out, &ctx.output, &grid(deal, fields))?;
        }
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

/// One row per field, and one per source.
fn grid(deal: &Deal, fields: &[DealField]) -> Grid {
    let mut grid = Grid::new(["FIELD", "VALUE"]);
    for field in fields {
        if *field == DealField::Sources {
            for (i, source) in deal.sources.iter().enumerate() {
                grid.row(vec![
                    Text::new(&format!("source {}", i + 1)),
                    source_text(source),
                ]);
            }
        } else {
            grid.row(vec![Text::new(field.name()), field.detail(deal)]);
        }
    }
    grid
}

/// "Publisher · Title · date" over the URL.
fn source_text(source: &Source) -> Text {
    let mut parts = vec![source.publisher.clone()];
    parts.extend(source.title.clone());
    parts.extend(source.date.map(|d| d.to_string()));
    Text::lines([parts.join(" · "), source.url.as_str().to_string()])
}
