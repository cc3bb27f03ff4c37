//! `deals validate [PATH]`: every problem in a dataset, one per line, and a
//! summary that counts its deals by evidence; exit 1 if any is an error, 0
//! with warnings only. `--fix-order` first rewrites the file in canonical
//! form.

use std::io::Write;
use std::path::Path;

use crate::cli::ValidateArgs;
use crate::error::Failure;
use crate::load::{self, Origin};
use crate::render::{self, Format, Grid, Output, Text};
use crate::sanitize::sanitize_line;
use crate::validate::{Problem, Severity, check};

use super::list::plural;

pub fn run(
    args: &ValidateArgs,
    data: Option<&Path>,
    output: &Output,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let origin = Origin::from_arg(args.path.as_deref().or(data));
    if args.fix_order {
        super::fmt::rewrite(&origin)?;
    }
    let bytes = load::read(&origin)?;
    let report = check(&bytes, &origin);
    let problems = report.problems;
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    let evidence = report.evidence;
    let deals = evidence.total();
    let summary = format!(
        "{origin}: {deals} {}: {} primary, {} press, {} secondary; {errors} {}, {warnings} {}",
        plural(deals, "deal", "deals"),
        evidence.primary,
        evidence.press,
        evidence.secondary,
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    );
    match output.format {
        Format::Json => render::write_json(out, &problems)?,
        Format::Ndjson => render::write_ndjson(out, &problems)?,
        Format::Csv => write_csv(out, &problems)?,
        Format::Markdown => render::write_grid(out, output, &grid(&problems))?,
        Format::Table => {
            for problem in &problems {
                writeln!(out, "{}", sanitize_line(&problem.to_string()))?;
            }
            if errors == 0 {
                writeln!(out, "{}", sanitize_line(&format!("{summary}: valid")))?;
            }
        }
    }
    if errors > 0 {
        return Err(Failure::new(summary)
            .with_hint("each line above names the file, line, column and JSON path of a problem")
            .into());
    }
    Ok(())
}

fn write_csv(out: &mut dyn Write, problems: &[Problem]) -> std::io::Result<()> {
    let header = ["severity", "file", "line", "column", "path", "message"];
    let rows = problems.iter().map(|p| {
        [
            severity(p).to_string(),
            p.file.clone(),
            render::csv_optional(p.line),
            render::csv_optional(p.column),
            p.path.clone(),
            p.message.clone(),
        ]
    });
    render::write_csv(out, &header, rows)
}

fn grid(problems: &[Problem]) -> Grid {
    let mut grid = Grid::new(["SEVERITY", "LINE", "COLUMN", "PATH", "PROBLEM"])
        .align_right(&[1, 2])
        .when_empty("No problems found.");
    for p in problems {
        grid.row(vec![
            Text::new(severity(p)).whole(),
            p.line.map_or_else(Text::missing, Text::number),
            p.column.map_or_else(Text::missing, Text::number),
            Text::new(&p.path),
            Text::new(&p.message),
        ]);
    }
    grid
}

fn severity(problem: &Problem) -> &'static str {
    match problem.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
