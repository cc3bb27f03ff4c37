//! `deals facts`: figures that are not deals (revenue, growth, capacity,
//! funding), each with its period and source.

use std::io::Write;

use crate::Context;
use crate::cli::FactsArgs;
use crate::model::Fact;
use crate::names::NameSet;
use crate::render::{self, Format, Grid, Text, grid::Fit};

pub fn run(args: &FactsArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let subjects: Vec<NameSet> = args
        .subject
        .iter()
        .map(|name| ctx.directory.resolve(name, "company"))
        .collect::<Result<_, _>>()?;
    let facts: Vec<&Fact> = ctx
        .loaded
        .dataset
        .facts
        .iter()
        .filter(|f| subjects.is_empty() || subjects.iter().any(|s| s.contains(&f.subject)))
        .collect();
    match ctx.output.format {
        Format::Json => render::write_json(out, &facts)?,
        Format::Ndjson => render::write_ndjson(out, &facts)?,
        Format::Csv => render::write_csv(out, &CSV_HEADER, facts.iter().map(|f| csv_row(f)))?,
        Format::Table | Format::Markdown => render::write_grid(
            out,
            &ctx.output,
            &facts_grid(&facts, SourceCell::PublisherAndUrl),
        )?,
    }
    Ok(())
}

const CSV_HEADER: [&str; 9] = [
    "subject",
    "metric",
    "value",
    "unit",
    "period",
    "source_publisher",
    "source_title",
    "source_url",
    "source_date",
];

fn csv_row(fact: &Fact) -> [String; 9] {
    [
        fact.subject.clone(),
        fact.metric.clone(),
        fact.value.to_string(),
        render::csv_optional(fact.unit.as_ref()),
        render::csv_optional(fact.period.as_ref()),
        fact.source.publisher.clone(),
        render::csv_optional(fact.source.title.as_ref()),
        fact.source.url.as_str().to_string(),
        render::csv_optional(fact.source.date),
    ]
}

/// How much of a fact's source a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SourceCell {
    /// The publisher and the URL, for reading the facts themselves.
    PublisherAndUrl,
    /// The publisher alone, for a summary such as `diff`'s.
    Publisher,
}

/// The table of facts (`SUBJECT`, `METRIC`, `VALUE`, `PERIOD`, `SOURCE`).
pub(super) fn facts_grid(facts: &[&Fact], source: SourceCell) -> Grid {
    // A value and its period are read together: they wrap between words
    // rather than lose letters; the source can go when there is no room.
    let fit = Fit {
        wrap: vec![2, 3],
        droppable: vec![4],
        ..Fit::default()
    };
    let mut grid = Grid::new(["SUBJECT", "METRIC", "VALUE", "PERIOD", "SOURCE"])
        .fit(fit)
        .when_empty("No facts match.");
    for fact in facts {
        let publisher = fact.source.publisher.as_str();
        grid.row(vec![
            Text::new(&fact.subject),
            Text::new(&fact.metric),
            Text::new(&fact.brief_value()),
            Text::optional(fact.period.as_deref()),
            match source {
                SourceCell::PublisherAndUrl => Text::lines([publisher, fact.source.url.as_str()]),
                SourceCell::Publisher => Text::new(publisher),
            },
        ]);
    }
    grid
}
