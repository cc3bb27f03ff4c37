//! `deals facts`: figures that are not deals (revenue, growth, capacity,
//! funding), each with its period and source.

use std::io::Write;

use crate::Context;
use crate::cli::FactsArgs;
use crate::model::{Fact, FactValue};
use crate::money::Usd;
use crate::names::NameSet;
use crate::render::{self, Format, Output};
use crate::sanitize::sanitize_line;

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
        Format::Table => write_table(out, &ctx.output, &facts)?,
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

fn write_table(out: &mut dyn Write, output: &Output, facts: &[&Fact]) -> std::io::Result<()> {
    if facts.is_empty() {
        return writeln!(out, "No facts match.");
    }
    let mut table = render::new_table(output, &["SUBJECT", "METRIC", "VALUE", "PERIOD", "SOURCE"]);
    for fact in facts {
        let source = format!(
            "{}\n{}",
            sanitize_line(&fact.source.publisher),
            sanitize_line(fact.source.url.as_str())
        );
        table.add_row(vec![
            render::text(&fact.subject),
            render::text(&fact.metric),
            render::text(&human_value(fact)),
            render::optional(fact.period.as_deref()),
            comfy_table::Cell::new(source),
        ]);
    }
    render::write_table(out, output, &table, &[])
}

/// `$33B` for whole dollars (`$125B (approx.)`); otherwise the value and
/// its unit (`20.2 percent`).
fn human_value(fact: &Fact) -> String {
    let unit = fact.unit.as_deref().unwrap_or("");
    let dollars = match &fact.value {
        FactValue::Number(n) if unit.starts_with("USD") => n.as_u64(),
        _ => None,
    };
    let (value, unit) = match dollars {
        Some(amount) => (Usd(amount).human(), unit["USD".len()..].trim()),
        None => (fact.value.to_string(), unit),
    };
    if unit.is_empty() {
        value
    } else {
        format!("{value} {unit}")
    }
}
