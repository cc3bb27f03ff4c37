//! `deals show ID`: every field of one deal, with its sources.

use std::io::Write;

use crate::Context;
use crate::cli::ShowArgs;
use crate::error::Failure;
use crate::fields::{self, DealField, Projected};
use crate::model::{Deal, Event, Evidence, Source};
use crate::names::{closest, did_you_mean};
use crate::render::{self, Format, Grid, Output, Text, grid::Fit};

use super::list;

/// The width `show` wraps to when the output is not a terminal.
const UNBOUNDED_WIDTH: u16 = 100;

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
            // Long notes stay readable in a file or pager too.
            let output = Output {
                width: ctx.output.width.or(Some(UNBOUNDED_WIDTH)),
                ..ctx.output
            };
            render::write_grid(out, &output, &grid(deal, fields, ctx.deals()))?;
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

/// One row per field; one per source, per event of its history and per
/// link to another deal, either way.
fn grid(deal: &Deal, fields: &[DealField], deals: &[Deal]) -> Grid {
    let fit = Fit {
        whole: vec![0],
        wrap: vec![1],
        ..Fit::default()
    };
    let mut grid = Grid::new(["FIELD", "VALUE"]).fit(fit);
    for field in fields {
        match field {
            DealField::Sources => {
                for (i, source) in deal.sources.iter().enumerate() {
                    grid.row(vec![
                        Text::new(&format!("source {}", i + 1)),
                        source_text(source),
                    ]);
                }
            }
            DealField::History => {
                for (i, event) in deal.history.iter().enumerate() {
                    grid.row(vec![
                        Text::new(&format!("history {}", i + 1)),
                        event_text(event),
                    ]);
                }
            }
            DealField::Related => {
                for line in links(deal, deals) {
                    grid.row(vec![Text::new("related"), Text::new(&line)]);
                }
            }
            DealField::Evidence => {
                grid.row(vec![
                    Text::new("evidence"),
                    Text::new(evidence_text(deal.evidence())),
                ]);
            }
            _ => grid.row(vec![Text::new(field.name()), field.detail(deal)]),
        }
    }
    grid
}

/// The deal's evidence, said plainly.
fn evidence_text(evidence: Evidence) -> &'static str {
    match evidence {
        Evidence::Primary => "primary: a party's own release, filing or call supports it",
        Evidence::Press => {
            "press: two independent reputable outlets report it; no party's own words were found"
        }
        Evidence::Secondary => {
            "secondary: only secondary pages support it (no party's own words, fewer than \
             two independent reputable outlets); weigh its figures with care"
        }
    }
}

/// "Publisher · Title · date · kind" over the URL.
fn source_text(source: &Source) -> Text {
    Text::lines([source_line(source), source.url.as_str().to_string()])
}

fn source_line(source: &Source) -> String {
    let mut parts = vec![source.publisher.clone()];
    parts.extend(source.title.clone());
    parts.extend(source.date.map(|d| d.to_string()));
    parts.push(source.evidence().to_string());
    parts.join(" · ")
}

/// "date · event · note", then each source and its URL.
fn event_text(event: &Event) -> Text {
    let mut head = vec![event.date.to_string(), event.event.clone()];
    head.extend(event.note.clone());
    let mut lines = vec![head.join(" · ")];
    for source in &event.sources {
        lines.push(format!("source: {}", source_line(source)));
        lines.push(source.url.as_str().to_string());
    }
    Text::lines(lines)
}

/// The deal's links to others, then the others' links to it, each with
/// the other deal's date and parties when the dataset holds it.
fn links(deal: &Deal, deals: &[Deal]) -> Vec<String> {
    let describe = |id: &str| match deals.iter().find(|d| d.id == id) {
        Some(other) => format!(
            "{id} ({}, {} → {})",
            other.announced, other.buyer, other.seller
        ),
        None => format!("{id} (not in this dataset)"),
    };
    let outgoing = deal
        .related
        .iter()
        .map(|link| format!("{} {}", link.relation, describe(&link.id)));
    let incoming = deals.iter().flat_map(|other| {
        other
            .related
            .iter()
            .filter(|link| link.id == deal.id)
            .map(|link| format!("{} {}", link.relation.inverse_phrase(), describe(&other.id)))
    });
    outgoing.chain(incoming).collect()
}
