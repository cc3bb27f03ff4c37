//! `deals diff OLD [NEW]`: what changed between two datasets (NEW is the
//! `--data` dataset, else the bundled one, when not given): both are loaded
//! as any dataset is, compared by `diff`, and written as a report (table or
//! Markdown), one JSON document, or one NDJSON line per change.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::cli::DiffArgs;
use crate::date::Date;
use crate::diff::{self, Changed, Compared, DatasetDiff, FieldChange, ItemChanges, Json, Records};
use crate::error::{QuietExit, UsageError};
use crate::fields::{self, Projected};
use crate::load::{self, Loaded, Origin};
use crate::model::{Company, Coverage, Deal, Fact};
use crate::render::{self, Format, Grid, Output, Text, grid::Fit};
use crate::sanitize::sanitize_line;

use super::facts::{SourceCell, facts_grid};
use super::list::{self, plural};

pub fn run(
    args: &DiffArgs,
    data: Option<&Path>,
    output: &Output,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if output.format == Format::Csv {
        return Err(UsageError::new(
            "deals diff has no CSV form: its changes do not fit one row of fixed columns",
        )
        .with_hint("use --format table, markdown, json or ndjson")
        .into());
    }
    let old_origin = Origin::from_arg(Some(&args.old));
    let new_origin = Origin::from_arg(args.new.as_deref().or(data));
    if old_origin == Origin::Stdin && new_origin == Origin::Stdin {
        return Err(UsageError::new(
            "OLD and NEW cannot both be '-': standard input can be read only once",
        )
        .with_hint("save one of them to a file first, e.g. deals list --json > old.json")
        .into());
    }
    let old = load_side(old_origin)?;
    let new = load_side(new_origin)?;
    let diff = diff::diff(&old.dataset, &new.dataset);
    let report = Report {
        old: &old,
        new: &new,
        diff: &diff,
    };
    match output.format {
        Format::Json => render::write_json(out, &report.document())?,
        Format::Ndjson => render::write_ndjson(out, report.lines())?,
        Format::Table | Format::Markdown | Format::Csv => report.write_text(out, output)?,
    }
    if args.exit_code && !diff.is_empty() {
        return Err(QuietExit.into());
    }
    Ok(())
}

/// Loads one side, saying on standard error what was odd about it.
fn load_side(origin: Origin) -> anyhow::Result<Loaded> {
    let loaded = load::load(origin)?;
    for warning in &loaded.warnings {
        let _ = writeln!(io::stderr().lock(), "warning: {}", sanitize_line(warning));
    }
    Ok(loaded)
}

/// The two datasets and what differs between them.
struct Report<'a> {
    old: &'a Loaded,
    new: &'a Loaded,
    diff: &'a DatasetDiff<'a>,
}

/// Where a dataset came from and what it holds, in the JSON document.
#[derive(Serialize)]
struct Side<'a> {
    path: String,
    schema_version: Option<u32>,
    as_of: Option<Date>,
    coverage: Option<&'a Coverage>,
    deals: usize,
    companies: usize,
    facts: usize,
}

fn side(loaded: &Loaded) -> Side<'_> {
    let dataset = &loaded.dataset;
    Side {
        path: path_of(&loaded.origin),
        schema_version: dataset.schema_version,
        as_of: dataset.as_of,
        coverage: dataset.coverage.as_ref(),
        deals: dataset.deals.len(),
        companies: dataset.companies.len(),
        facts: dataset.facts.len(),
    }
}

/// As `deals info` names it: `bundled`, `-`, or the path.
fn path_of(origin: &Origin) -> String {
    match origin {
        Origin::Bundled => "bundled".to_string(),
        Origin::Stdin => "-".to_string(),
        Origin::File(path) => path.display().to_string(),
    }
}

/// The JSON document.
#[derive(Serialize)]
struct Document<'a> {
    old: Side<'a>,
    new: Side<'a>,
    dataset: HeaderJson<'a>,
    deals: SectionJson<'a, Projected<'a>, DealKey<'a>>,
    companies: SectionJson<'a, &'a Company, CompanyKey<'a>>,
    facts: SectionJson<'a, &'a Fact, FactKey<'a>>,
    summary: Summary,
}

/// The datasets' own fields: `schema_version`, `as_of`, `coverage`.
#[derive(Serialize)]
struct HeaderJson<'a> {
    compared: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    changes: &'a [FieldChange],
}

#[derive(Serialize)]
struct SectionJson<'a, R, K> {
    compared: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    added: Vec<R>,
    removed: Vec<R>,
    changed: Vec<ChangedJson<'a, K>>,
}

/// A changed record: its key, then the fields that changed.
#[derive(Serialize)]
struct ChangedJson<'a, K> {
    #[serde(flatten)]
    key: K,
    changes: &'a [FieldChange],
}

#[derive(Serialize)]
struct DealKey<'a> {
    id: &'a str,
}

#[derive(Serialize)]
struct CompanyKey<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct FactKey<'a> {
    subject: &'a str,
    metric: &'a str,
    period: Option<&'a str>,
}

/// How many records were added, removed and changed.
#[derive(Serialize, Clone, Copy)]
struct Counts {
    added: usize,
    removed: usize,
    changed: usize,
}

impl Counts {
    fn of<T>(records: &Records<T>) -> Counts {
        Counts {
            added: records.added.len(),
            removed: records.removed.len(),
            changed: records.changed.len(),
        }
    }

    fn total(self) -> usize {
        self.added + self.removed + self.changed
    }
}

#[derive(Serialize)]
struct Summary {
    differ: bool,
    dataset: usize,
    deals: Counts,
    companies: Counts,
    facts: Counts,
}

/// One NDJSON line: one change, or a part that was not compared.
#[derive(Serialize)]
struct Line<'a> {
    section: &'static str,
    change: &'static str,
    #[serde(flatten)]
    key: LineKey<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    old: Option<&'a Json>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<&'a Json>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deal: Option<Projected<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<&'a Company>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fact: Option<&'a Fact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// What a line is about: a deal, a company, a fact, or the dataset.
#[derive(Serialize)]
#[serde(untagged)]
enum LineKey<'a> {
    Dataset {},
    Deal(DealKey<'a>),
    Company(CompanyKey<'a>),
    Fact(FactKey<'a>),
}

impl<'a> Line<'a> {
    fn new(section: &'static str, change: &'static str, key: LineKey<'a>) -> Line<'a> {
        Line {
            section,
            change,
            key,
            field: None,
            old: None,
            new: None,
            deal: None,
            company: None,
            fact: None,
            note: None,
        }
    }

    fn of_field(mut self, change: &'a FieldChange) -> Line<'a> {
        self.field = Some(&change.field);
        self.old = Some(&change.old);
        self.new = Some(&change.new);
        self
    }

    fn of_note(mut self, note: String) -> Line<'a> {
        self.note = Some(note);
        self
    }
}

fn deal_key(deal: &Deal) -> DealKey<'_> {
    DealKey { id: &deal.id }
}

fn company_key(company: &Company) -> CompanyKey<'_> {
    CompanyKey {
        name: &company.name,
    }
}

fn fact_key(fact: &Fact) -> FactKey<'_> {
    FactKey {
        subject: &fact.subject,
        metric: &fact.metric,
        period: fact.period.as_deref(),
    }
}

/// A deal with every field, as `deals list --json` prints it.
fn whole_deal(deal: &Deal) -> Projected<'_> {
    Projected {
        deal,
        fields: &fields::ALL,
    }
}

fn section_json<'a, T, R, K>(
    records: &'a Records<'a, T>,
    note: Option<String>,
    record: impl Fn(&'a T) -> R,
    key: impl Fn(&'a T) -> K,
) -> SectionJson<'a, R, K> {
    SectionJson {
        compared: records.compared == Compared::Yes,
        note,
        added: records.added.iter().map(|&t| record(t)).collect(),
        removed: records.removed.iter().map(|&t| record(t)).collect(),
        changed: records
            .changed
            .iter()
            .map(|c| ChangedJson {
                key: key(c.new),
                changes: &c.changes,
            })
            .collect(),
    }
}

/// A part of the datasets that one side does not have.
#[derive(Clone, Copy)]
enum Part {
    Header,
    Companies,
    Facts,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Header => "dataset fields",
            Part::Companies => "companies",
            Part::Facts => "facts",
        }
    }
}

impl<'a> Report<'a> {
    fn compared(&self, part: Part) -> Compared {
        match part {
            Part::Header => self.diff.header_compared,
            Part::Companies => self.diff.companies.compared,
            Part::Facts => self.diff.facts.compared,
        }
    }

    /// For the JSON and NDJSON: why one part was not compared, if it was
    /// not.
    fn note(&self, part: Part) -> Option<String> {
        let side = match self.compared(part) {
            Compared::Yes => return None,
            Compared::OldHasNone => ("OLD", self.old),
            Compared::NewHasNone => ("NEW", self.new),
        };
        Some(match part {
            Part::Header => holds_deals_only(side, "schema_version, as_of and coverage are"),
            _ => not_compared(side, &[part.name()]),
        })
    }

    /// For people: one note per side on every part it lacks.
    fn notes(&self) -> Vec<String> {
        let parts = [Part::Header, Part::Companies, Part::Facts];
        [
            (Compared::OldHasNone, ("OLD", self.old)),
            (Compared::NewHasNone, ("NEW", self.new)),
        ]
        .into_iter()
        .filter_map(|(missing, side)| {
            if self.compared(Part::Header) == missing {
                return Some(holds_deals_only(
                    side,
                    "schema_version, as_of, coverage, companies and facts are",
                ));
            }
            let names: Vec<&str> = parts
                .iter()
                .filter(|&&part| self.compared(part) == missing)
                .map(|part| part.name())
                .collect();
            (!names.is_empty()).then(|| not_compared(side, &names))
        })
        .collect()
    }

    fn document(&self) -> Document<'a> {
        let diff = self.diff;
        Document {
            old: side(self.old),
            new: side(self.new),
            dataset: HeaderJson {
                compared: diff.header_compared == Compared::Yes,
                note: self.note(Part::Header),
                changes: &diff.header,
            },
            deals: section_json(&diff.deals, None, whole_deal, deal_key),
            companies: section_json(
                &diff.companies,
                self.note(Part::Companies),
                |c| c,
                company_key,
            ),
            facts: section_json(&diff.facts, self.note(Part::Facts), |f| f, fact_key),
            summary: Summary {
                differ: !diff.is_empty(),
                dataset: diff.header.len(),
                deals: Counts::of(&diff.deals),
                companies: Counts::of(&diff.companies),
                facts: Counts::of(&diff.facts),
            },
        }
    }

    fn lines(&self) -> Vec<Line<'a>> {
        let diff = self.diff;
        let mut lines = Vec::new();
        if let Some(note) = self.note(Part::Header) {
            lines.push(Line::new("dataset", "not-compared", LineKey::Dataset {}).of_note(note));
        }
        for change in &diff.header {
            lines.push(Line::new("dataset", "changed", LineKey::Dataset {}).of_field(change));
        }
        let deal = |deal: &'a Deal| LineKey::Deal(deal_key(deal));
        self.record_lines(&mut lines, "deals", None, &diff.deals, deal, |line, d| {
            line.deal = Some(whole_deal(d));
        });
        let company = |company: &'a Company| LineKey::Company(company_key(company));
        let part = Some(Part::Companies);
        self.record_lines(
            &mut lines,
            "companies",
            part,
            &diff.companies,
            company,
            |line, c| {
                line.company = Some(c);
            },
        );
        let fact = |fact: &'a Fact| LineKey::Fact(fact_key(fact));
        self.record_lines(
            &mut lines,
            "facts",
            Some(Part::Facts),
            &diff.facts,
            fact,
            |line, f| {
                line.fact = Some(f);
            },
        );
        lines
    }

    /// The lines of one section: a note if it was not compared, each record
    /// added or removed in full, and one line per changed field.
    fn record_lines<T>(
        &self,
        lines: &mut Vec<Line<'a>>,
        section: &'static str,
        part: Option<Part>,
        records: &'a Records<'a, T>,
        key: impl Fn(&'a T) -> LineKey<'a>,
        whole: impl Fn(&mut Line<'a>, &'a T),
    ) {
        if let Some(note) = part.and_then(|part| self.note(part)) {
            lines.push(Line::new(section, "not-compared", LineKey::Dataset {}).of_note(note));
        }
        for (change, list) in [("added", &records.added), ("removed", &records.removed)] {
            for &record in list {
                let mut line = Line::new(section, change, key(record));
                whole(&mut line, record);
                lines.push(line);
            }
        }
        for changed in &records.changed {
            for change in &changed.changes {
                lines.push(Line::new(section, "changed", key(changed.new)).of_field(change));
            }
        }
    }

    /// The report for people: which datasets, what was not compared, each
    /// kind of change under its heading, and a summary line.
    fn write_text(&self, out: &mut dyn Write, output: &Output) -> io::Result<()> {
        let style = Style::of(output);
        let diff = self.diff;
        let mut sections: Vec<(String, Grid)> = Vec::new();
        if !diff.header.is_empty() {
            let mut grid = Grid::new(["FIELD", "CHANGE"]).fit(Fit {
                wrap: vec![1],
                ..Fit::default()
            });
            for change in &diff.header {
                grid.row(vec![Text::new(&change.field), style.value_change(change)]);
            }
            sections.push(("Changed dataset fields".to_string(), grid));
        }
        let deals = &diff.deals;
        for (verb, list) in [("Added", &deals.added), ("Removed", &deals.removed)] {
            if !list.is_empty() {
                sections.push((format!("{verb} deals ({})", list.len()), deals_grid(list)));
            }
        }
        if !deals.changed.is_empty() {
            let mut grid = changes_grid("DEAL", true);
            for changed in &deals.changed {
                add_changes(&mut grid, &changed.new.id, &changed.changes, |c| {
                    style.deal_change(changed, c)
                });
            }
            sections.push((format!("Changed deals ({})", deals.changed.len()), grid));
        }
        record_sections(&mut sections, &diff.companies, &style);
        record_sections(&mut sections, &diff.facts, &style);
        let mut sides = self.sides_grid();
        sides.notes = self.notes();
        write_grid(out, output, &sides)?;
        for (heading, grid) in &sections {
            writeln!(out)?;
            match output.format {
                Format::Markdown => writeln!(out, "## {heading}\n")?,
                _ => writeln!(out, "{heading}")?,
            }
            write_grid(out, output, grid)?;
        }
        // Only counts and fixed words: nothing here needs escaping.
        writeln!(out)?;
        writeln!(out, "{}", summary_line(diff))
    }

    /// Which datasets are compared, one row each.
    fn sides_grid(&self) -> Grid {
        let fit = Fit {
            whole: vec![0, 2, 3, 4, 5],
            ..Fit::default()
        };
        let mut grid = Grid::new(["", "DATASET", "AS OF", "DEALS", "COMPANIES", "FACTS"])
            .align_right(&[3, 4, 5])
            .fit(fit);
        for (label, loaded) in [("old", self.old), ("new", self.new)] {
            let dataset = &loaded.dataset;
            grid.row(vec![
                Text::new(label).whole(),
                Text::new(&loaded.origin.to_string()),
                Text::optional(dataset.as_of.map(|d| d.to_string()).as_deref()).whole(),
                Text::number(dataset.deals.len()),
                Text::number(dataset.companies.len()),
                Text::number(dataset.facts.len()),
            ]);
        }
        grid
    }
}

/// Draws a grid as a table or in Markdown; columns hidden to fit a narrow
/// terminal are in the JSON (a diff has no CSV).
fn write_grid(out: &mut dyn Write, output: &Output, grid: &Grid) -> io::Result<()> {
    match output.format {
        Format::Markdown => render::markdown::write(out, output, grid),
        _ => render::table::write_pointing(out, output, grid, "--format json shows all"),
    }
}

/// `OLD (old.json) has no companies or facts: they are not compared.`
fn not_compared((side, loaded): (&str, &Loaded), parts: &[&str]) -> String {
    format!(
        "{side} ({}) has no {}: they are not compared.",
        loaded.origin,
        parts.join(" or ")
    )
}

/// A side that is a list of deals has nothing else to compare.
fn holds_deals_only((side, loaded): (&str, &Loaded), what: &str) -> String {
    format!(
        "{side} ({}) holds deals only, as a saved `deals list --json` does: \
         its {what} not compared.",
        loaded.origin
    )
}

/// Companies and facts, as the report shows them.
trait Record {
    /// The section's name and the changes grid's first heading.
    const SECTION: &'static str;
    const LABEL: &'static str;
    /// How the record is named in a list of changes.
    fn label(&self) -> String;
    /// A grid of whole records, for those added or removed.
    fn grid(records: &[&Self]) -> Grid;
    /// A field's value in brief, where the JSON alone would not read well.
    fn brief(&self, _field: &str) -> Option<String> {
        None
    }
}

impl Record for Company {
    const SECTION: &'static str = "companies";
    const LABEL: &'static str = "COMPANY";

    fn label(&self) -> String {
        self.name.clone()
    }

    fn grid(companies: &[&Company]) -> Grid {
        let fit = Fit {
            whole: vec![1, 2],
            droppable: vec![4, 3],
            ..Fit::default()
        };
        let mut grid = Grid::new(["COMPANY", "CATEGORY", "COUNTRY", "PARENT", "ALIASES"]).fit(fit);
        for company in companies {
            grid.row(vec![
                Text::new(&company.name),
                Text::optional(company.category.map(|c| c.name())),
                Text::optional(company.country.as_deref()),
                Text::optional(company.parent.as_deref()),
                Text::optional(Some(&company.aliases.join(", "))),
            ]);
        }
        grid
    }
}

impl Record for Fact {
    const SECTION: &'static str = "facts";
    const LABEL: &'static str = "FACT";

    fn label(&self) -> String {
        match &self.period {
            Some(period) => format!("{} {} ({period})", self.subject, self.metric),
            None => format!("{} {}", self.subject, self.metric),
        }
    }

    fn grid(facts: &[&Fact]) -> Grid {
        facts_grid(facts, SourceCell::Publisher)
    }

    fn brief(&self, field: &str) -> Option<String> {
        (field == "value").then(|| self.brief_value())
    }
}

fn record_sections<T: Record>(
    sections: &mut Vec<(String, Grid)>,
    records: &Records<T>,
    style: &Style,
) {
    let what = T::SECTION;
    for (verb, list) in [("Added", &records.added), ("Removed", &records.removed)] {
        if !list.is_empty() {
            sections.push((format!("{verb} {what} ({})", list.len()), T::grid(list)));
        }
    }
    if !records.changed.is_empty() {
        let mut grid = changes_grid(T::LABEL, false);
        for changed in &records.changed {
            add_changes(&mut grid, &changed.new.label(), &changed.changes, |c| {
                style.record_change(changed, c)
            });
        }
        sections.push((format!("Changed {what} ({})", records.changed.len()), grid));
    }
}

/// Added or removed deals, with the columns `deals list` shows, which give
/// way to a narrow terminal as its do.
fn deals_grid(deals: &[&Deal]) -> Grid {
    let columns = &fields::TABLE_DEFAULT;
    let mut grid = list::deals_grid(columns);
    for deal in deals {
        grid.row(columns.iter().map(|f| f.cell(deal)).collect());
    }
    grid
}

/// A grid of field changes: the record, the field, and the change.
fn changes_grid(label: &str, whole_label: bool) -> Grid {
    let fit = Fit {
        whole: if whole_label { vec![0, 1] } else { vec![1] },
        wrap: vec![2],
        ..Fit::default()
    };
    Grid::new([label, "FIELD", "CHANGE"]).fit(fit)
}

/// One row per changed field; the record is named on the first.
fn add_changes(
    grid: &mut Grid,
    label: &str,
    changes: &[FieldChange],
    text: impl Fn(&FieldChange) -> Text,
) {
    for (i, change) in changes.iter().enumerate() {
        let name = if i == 0 { label } else { "" };
        grid.row(vec![
            Text::new(name),
            Text::new(&change.field),
            text(change),
        ]);
    }
}

/// Beyond this many characters, old and new go on lines of their own.
const ONE_LINE: usize = 60;
/// Beyond this many items, a list's change is counted, not listed.
const LISTED_ITEMS: usize = 4;

/// The characters that draw a change, plain ASCII where the terminal
/// cannot show more.
struct Style {
    unicode: bool,
    arrow: &'static str,
    minus: &'static str,
    none: &'static str,
}

impl Style {
    fn of(output: &Output) -> Style {
        if output.unicode {
            Style {
                unicode: true,
                arrow: "→",
                minus: "−",
                none: "—",
            }
        } else {
            Style {
                unicode: false,
                arrow: "->",
                minus: "-",
                none: "-",
            }
        }
    }

    /// `old → new`, or on two lines when that is long.
    fn old_new(&self, old: &str, new: &str) -> Text {
        let long = old.chars().count() + new.chars().count() > ONE_LINE;
        if long {
            Text::lines([format!("{} {old}", self.minus), format!("+ {new}")])
        } else {
            Text::new(&format!("{old} {} {new}", self.arrow))
        }
    }

    /// A deal's field: as the list table shows it, or a list's items.
    fn deal_change(&self, changed: &Changed<Deal>, change: &FieldChange) -> Text {
        if let Some(items) = &change.items {
            return Text::new(&self.items(items));
        }
        let field = fields::ALL.iter().find(|f| f.name() == change.field);
        match field {
            Some(field) => self.old_new(
                &field.cell(changed.old).render(self.unicode, 0),
                &field.cell(changed.new).render(self.unicode, 0),
            ),
            None => self.value_change(change),
        }
    }

    fn record_change<T: Record>(&self, changed: &Changed<T>, change: &FieldChange) -> Text {
        match (
            changed.old.brief(&change.field),
            changed.new.brief(&change.field),
        ) {
            (Some(old), Some(new)) => self.old_new(&old, &new),
            _ => self.value_change(change),
        }
    }

    /// A change read from its JSON: objects on both sides show the keys
    /// that differ.
    fn value_change(&self, change: &FieldChange) -> Text {
        if let (Some(old), Some(new)) = (span(&change.old), span(&change.new)) {
            return self.old_new(&old, &new);
        }
        if let (Json::Object(old), Json::Object(new)) = (&change.old, &change.new) {
            let mut keys: Vec<&String> = new.iter().map(|(k, _)| k).collect();
            keys.extend(
                old.iter()
                    .map(|(k, _)| k)
                    .filter(|k| change.new.get(k).is_none()),
            );
            let parts: Vec<String> = keys
                .into_iter()
                .filter(|k| change.old.get(k) != change.new.get(k))
                .map(|k| {
                    let brief = |v: Option<&Json>| self.brief(v.unwrap_or(&Json::Null));
                    format!(
                        "{k}: {} {} {}",
                        brief(change.old.get(k)),
                        self.arrow,
                        brief(change.new.get(k))
                    )
                })
                .collect();
            return Text::lines(parts);
        }
        self.old_new(&self.brief(&change.old), &self.brief(&change.new))
    }

    /// A JSON value in brief: text as it is, lists joined, a coverage as
    /// its span.
    fn brief(&self, value: &Json) -> String {
        match value {
            Json::Null => self.none.to_string(),
            Json::String(text) => text.clone(),
            Json::Array(items) if items.is_empty() => self.none.to_string(),
            Json::Array(items) => {
                let items: Vec<String> = items.iter().map(|v| self.brief(v)).collect();
                items.join(", ")
            }
            Json::Object(_) => span(value).unwrap_or_else(|| value.to_string()),
            other => other.to_string(),
        }
    }

    /// A list's change: its items when few (`+GB300; −H100`), else counts
    /// (`+2 −1 (by URL)`).
    fn items(&self, items: &ItemChanges) -> String {
        if items.only_reordered() {
            return "reordered".to_string();
        }
        let count = items.added.len() + items.removed.len() + items.edited.len();
        if items.key == "URL" || count > LISTED_ITEMS {
            let mut counts = Vec::new();
            if !items.added.is_empty() {
                counts.push(format!("+{}", items.added.len()));
            }
            if !items.removed.is_empty() {
                counts.push(format!("{}{}", self.minus, items.removed.len()));
            }
            let mut text = counts.join(" ");
            if !items.edited.is_empty() {
                let sep = if text.is_empty() { "" } else { ", " };
                text = format!("{text}{sep}{} edited", items.edited.len());
            }
            return format!("{text} (by {})", items.key);
        }
        let listed: Vec<String> = items
            .added
            .iter()
            .map(|item| format!("+{item}"))
            .chain(
                items
                    .removed
                    .iter()
                    .map(|item| format!("{}{item}", self.minus)),
            )
            .chain(items.edited.iter().map(|item| format!("edited {item}")))
            .collect();
        listed.join("; ")
    }
}

/// A coverage, `{"from": A, "through": B}`, as `A to B`.
fn span(value: &Json) -> Option<String> {
    match (value, value.get("from"), value.get("through")) {
        (Json::Object(entries), Some(Json::String(from)), Some(Json::String(through)))
            if entries.len() == 2 =>
        {
            Some(format!("{from} to {through}"))
        }
        _ => None,
    }
}

/// `3 added, 1 removed, 5 changed deals; 2 added companies`, or that
/// nothing differs.
fn summary_line(diff: &DatasetDiff) -> String {
    let mut parts = Vec::new();
    for (counts, one, many) in [
        (Counts::of(&diff.deals), "deal", "deals"),
        (Counts::of(&diff.companies), "company", "companies"),
        (Counts::of(&diff.facts), "fact", "facts"),
    ] {
        let numbers: Vec<String> = [
            (counts.added, "added"),
            (counts.removed, "removed"),
            (counts.changed, "changed"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, verb)| format!("{n} {verb}"))
        .collect();
        if !numbers.is_empty() {
            let noun = plural(counts.total(), one, many);
            parts.push(format!("{} {noun}", numbers.join(", ")));
        }
    }
    if !diff.header.is_empty() {
        let names: Vec<&str> = diff.header.iter().map(|c| c.field.as_str()).collect();
        parts.push(format!("changed {}", names.join(", ")));
    }
    if parts.is_empty() {
        "No differences.".to_string()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(key: &'static str, added: &[&str], removed: &[&str], edited: &[&str]) -> ItemChanges {
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        ItemChanges {
            key,
            added: strings(added),
            removed: strings(removed),
            edited: strings(edited),
        }
    }

    #[test]
    fn lists_are_summarised_by_item_or_by_count() {
        let unicode = Style::of(&Output::plain(Format::Table));
        assert_eq!(
            unicode.items(&items("URL", &["a", "b"], &["c"], &[])),
            "+2 −1 (by URL)"
        );
        assert_eq!(
            unicode.items(&items("URL", &[], &[], &["a"])),
            "1 edited (by URL)"
        );
        assert_eq!(
            unicode.items(&items("name", &["GB300"], &["H100"], &[])),
            "+GB300; −H100"
        );
        assert_eq!(
            unicode.items(&items("name", &["a", "b", "c", "d", "e"], &[], &[])),
            "+5 (by name)"
        );
        assert_eq!(unicode.items(&items("name", &[], &[], &[])), "reordered");
    }

    #[test]
    fn long_values_go_on_lines_of_their_own() {
        let style = Style::of(&Output::plain(Format::Table));
        assert_eq!(style.old_new("a", "b").render(true, 0), "a → b");
        let long = "x".repeat(40);
        assert_eq!(
            style.old_new(&long, &long).render(true, 0),
            format!("− {long}\n+ {long}")
        );
    }
}
