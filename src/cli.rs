//! The command line: every subcommand, flag and value type, parsed by clap.
//! Values are turned into their types here (dates, amounts, years), so a bad
//! value is a usage error (exit 2) before any data is read.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::date::Date;
use crate::error::UsageError;
use crate::fields::DealField;
use crate::group::GroupBy;
use crate::model::{Category, Evidence};
use crate::money::Usd;
use crate::query::{FilterSpec, SortKey};
use crate::render::{ColorWhen, Format, FormatName, Output};

const ABOUT: &str = "Query the deals that are building the world's AI compute: who buys \
capacity from whom, when, for how much, over how many years, on which hardware, and on whose word.";

/// The program's version and the dates of the dataset compiled into it:
/// the day it was compiled and the announcements it covers.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("DEALS_BUNDLED_DATASET"),
    ")"
);

const EXAMPLES: &str = "\
Examples:
  deals list --buyer Microsoft
  deals total --year 2025
  deals list --year 2026 --evidence press
  deals list --seller aws --format json | jq '.[].value_usd'
  deals show openai-aws-2025-11
  deals info

Every figure carries its sources (deals show ID), and every deal its evidence:
primary (a party's own word), press (two independent reputable outlets) or
secondary. Amounts not disclosed are never counted as zero: totals say how many
deals had no disclosed value, and leave out superseded and cancelled deals.";

#[derive(Debug, Parser)]
#[command(name = "deals", version = VERSION, about = ABOUT, after_help = EXAMPLES)]
#[command(propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Query this dataset file instead of the bundled one ('-' reads standard
    /// input); a dataset object, an array of deals, or NDJSON
    #[arg(long, global = true, env = "DEALS_DATA", value_name = "PATH")]
    pub data: Option<PathBuf>,

    /// Output format (dot, mermaid and svg draw the money graph: deals graph)
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatName>,

    /// Shorthand for --format json
    #[arg(long, global = true, conflicts_with = "format")]
    pub json: bool,

    /// When to colour tables (NO_COLOR turns colour off unless 'always')
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

impl GlobalArgs {
    pub fn format(&self) -> FormatName {
        if self.json {
            FormatName::Json
        } else {
            self.format.unwrap_or(FormatName::Table)
        }
    }

    /// How to write, as these flags and the environment ask.
    pub fn output(&self) -> Output {
        match self.format().split() {
            Ok(format) => Output::detect(format, self.color),
            Err(picture) => Output {
                picture: Some(picture),
                ..Output::detect(Format::Table, self.color)
            },
        }
    }
}

impl Cli {
    /// Refuses what the parser cannot: a picture format for a command that
    /// draws none.
    pub fn check(&self) -> Result<(), UsageError> {
        if let Err(picture) = self.global.format().split()
            && !matches!(self.command, Command::Graph(_))
        {
            return Err(UsageError::new(format!(
                "--format {} draws the money graph; only deals graph draws pictures",
                picture.name()
            ))
            .with_hint(format!(
                "deals graph --format {} (or --format table, json, ndjson, csv or markdown here)",
                picture.name()
            )));
        }
        Ok(())
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List deals, one row each
    #[command(after_help = "\
When the dates asked for reach past the end of what the dataset covers, the
table says where the data ends (deals info shows its dates).

Examples:
  deals list --buyer Microsoft
  deals list --hardware GB300 --sort value --desc
  deals list --year 2026 --evidence press
  deals list --status superseded
  deals list --year 2025 --min 10B --format csv > big-2025.csv")]
    List(ListArgs),

    /// Show every field of one deal, with its sources, evidence, history and links
    #[command(after_help = "\
Examples:
  deals show openai-oracle-2025
  deals show microsoft-iren-2025-11 --format json | jq '.sources[].url'")]
    Show(ShowArgs),

    /// Count deals and add up their disclosed values
    #[command(after_help = "\
Counting rules: each deal counts once (with --by party, once for each side).
Undisclosed values are counted, never summed as zero. Superseded and cancelled
deals are left out, so that money a later deal replaced is not counted twice,
unless --status asks for them; the total says how many it left out (JSON:
left_out.superseded, left_out.cancelled) and how much of its sum rests on
secondary evidence alone (JSON: secondary). Equity investments are not
purchases of compute: when the deals mix kinds, the table splits the total by
kind.

Examples:
  deals total --year 2025
  deals total --buyer OpenAI --kind cloud-capacity
  deals total --year 2026 --evidence press --by buyer
  deals total --status superseded
  deals total --party Microsoft --json | jq .total_usd")]
    Total(TotalArgs),

    /// Who pays whom: companies and the money between them, as a table or
    /// a picture
    #[command(after_help = "\
Money flows along each arrow, from the payer (buyer) to the provider (seller).
One edge per payer and provider, largest disclosed total first; the edges add
up to deals total for the same filters. Superseded and cancelled deals are
left out unless --status asks for them.

Examples:
  deals graph
  deals graph --year 2025 --kind cloud-capacity
  deals graph --format svg > graph.svg
  deals graph --party OpenAI --format dot | dot -Tsvg > openai.svg
  deals graph --format mermaid      (paste into a ```mermaid block on GitHub)
  deals graph --format json | jq '.edges[0]'")]
    Graph(GraphArgs),

    /// Money that goes round: A pays B and B pays A, or A → B → C → A
    #[command(after_help = "\
Each cycle is shown once, from its first company by name, with the deals on
each step; largest smallest step first, then shorter cycles, then by name. The
search stops after 10,000 cycles (or a bounded amount of work) and says so.
Superseded and cancelled deals are left out unless --status asks for them.

Examples:
  deals cycles
  deals cycles --max-length 2
  deals cycles --party NVIDIA --format json | jq '.cycles[].companies'
  deals cycles --year 2025 --format csv > cycles.csv")]
    Cycles(CyclesArgs),

    /// Write a self-contained HTML report: charts, money graph, cycles, deals with sources
    #[command(after_help = "\
The page opens offline in any browser and can be mailed or published as it
is: no request leaves it (no web font, no external script, style or image),
and a Content-Security-Policy allows nothing but its own inline style and its
one small script, which sorts the deals table when a column header is clicked.
Every total and chart covers all matched deals, leaving out superseded and
cancelled deals unless --status asks for them, as deals total does; the table
of deals holds the --limit largest (default 1,000) and says how many it left
out. Without -o the page goes to standard output.

Examples:
  deals report -o report.html
  deals report --year 2025 --buyer OpenAI -o openai-2025.html
  deals report --evidence press --limit 200 > press.html
  deals --data my-tracker.json report -o tracker.html")]
    Report(ReportArgs),

    /// List companies with their category and their deals as buyer and as seller
    #[command(after_help = "\
Examples:
  deals companies
  deals companies --category neocloud --category hyperscaler
  deals companies --format csv > companies.csv")]
    Companies(CompaniesArgs),

    /// Show figures that are not deals (revenue, growth, capacity, funding)
    #[command(after_help = "\
Examples:
  deals facts --subject AWS
  deals facts --subject Lambda --format json")]
    Facts(FactsArgs),

    /// Describe the loaded dataset: how fresh, what it covers, how big, how well supported
    #[command(after_help = "\
as_of is the day the dataset was compiled; coverage the announcement dates it
sets out to cover. Deals are counted by evidence.

Examples:
  deals info
  deals info --json | jq .coverage.through
  deals --data my-tracker.json info --json | jq .as_of")]
    Info(InfoArgs),

    /// Show what changed between two datasets: deals, companies and facts
    #[command(after_help = "\
Deals are matched by id, companies by name (any case), facts by subject,
metric and period; for each deal found in both, every field that changed is
shown old -> new. A side without companies or facts (a saved list of deals)
is not compared on them. Formats: table (default), markdown, json (one
document) and ndjson (one line per change); there is no CSV. Exits 0 whether
or not they differ, unless --exit-code is given.

Examples:
  deals list --json > snapshot.json      # later: what is new since then?
  deals diff snapshot.json
  deals diff old.json new.json --format markdown > changes.md
  deals diff old.json new.json --json | jq '.deals.added[].id'
  git show HEAD~1:data/deals.json | deals diff - data/deals.json --exit-code")]
    Diff(DiffArgs),

    /// Check a dataset and report every problem in it
    #[command(after_help = "\
Prints one line per problem (FILE:LINE:COLUMN: PATH: message), then a summary
that counts the deals by evidence, and exits with 1 if any problem is an error,
0 if there are only warnings or none. Besides each field's type it checks ids,
parties, dates against as_of and coverage, source kinds, sites on the
never-cite list, history events, related links and company categories.

Examples:
  deals validate
  deals validate my-tracker.json
  deals validate --fix-order data/deals.json
  deals list --format ndjson | deals validate -")]
    Validate(ValidateArgs),

    /// Print a dataset in its one canonical form, check it, or rewrite it
    #[command(after_help = "\
The canonical form: the dataset object with keys schema_version, as_of,
coverage, companies, deals, facts; every record's fields in the schema's
order; deals sorted by (announced, id), companies by name; two spaces of
indent; a newline at the end. A dataset that does not load is refused;
fields the schema does not have are dropped, with a warning.

Examples:
  deals fmt my-tracker.json > tidy.json
  deals fmt --check data/deals.json
  deals fmt --write data/deals.json")]
    Fmt(FmtArgs),

    /// Print a shell completion script
    #[command(after_help = "\
Examples:
  deals completions bash > ~/.local/share/bash-completion/completions/deals
  deals completions zsh > ~/.zfunc/_deals
  deals completions fish > ~/.config/fish/completions/deals.fish")]
    Completions(CompletionsArgs),

    /// Print the manual page (roff)
    #[command(after_help = "\
Examples:
  deals man > ~/.local/share/man/man1/deals.1
  deals man | man -l -")]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Order rows by this key (ties by id; undisclosed values always last)
    #[arg(long, help_heading = "Order", value_enum, value_name = "KEY", default_value_t = SortKey::Date)]
    pub sort: SortKey,

    /// Sort in descending order
    #[arg(long, help_heading = "Order", conflicts_with = "asc")]
    pub desc: bool,

    /// Sort in ascending order (the default)
    #[arg(long, help_heading = "Order")]
    pub asc: bool,

    /// Print at most N deals (after sorting)
    #[arg(long, help_heading = "Order", value_name = "N")]
    pub limit: Option<usize>,

    /// Print only these fields, in this order (comma-separated dataset field
    /// names, e.g. id,buyer,seller,value_usd), in every format
    #[arg(long, value_name = "LIST", value_parser = parse_fields)]
    pub fields: Option<FieldList>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The deal's id, as `deals list` prints it
    pub id: String,

    /// Print only these fields, in this order (comma-separated dataset field
    /// names, e.g. id,buyer,seller,value_usd)
    #[arg(long, value_name = "LIST", value_parser = parse_fields)]
    pub fields: Option<FieldList>,
}

#[derive(Debug, Args)]
pub struct TotalArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// One row per buyer, seller, party (each side of a deal), year,
    /// quarter or month announced (in calendar order), kind or status
    #[arg(long, help_heading = "Grouping", value_enum, value_name = "KEY")]
    pub by: Option<GroupBy>,

    /// Only the N largest groups; the rest are added up in one row
    #[arg(long, help_heading = "Grouping", value_name = "N", requires = "by")]
    pub top: Option<usize>,

    /// Draw a bar for each group's total
    #[arg(long, help_heading = "Grouping", requires = "by")]
    pub chart: bool,

    /// With --by year: spread each disclosed value evenly over the years of
    /// its term, from its start
    #[arg(long, help_heading = "Grouping", requires = "by")]
    pub spread: bool,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Debug, Args)]
pub struct CyclesArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// The longest cycle to look for, in steps (2 is A ⇄ B)
    #[arg(long, value_name = "N", default_value_t = crate::cycles::DEFAULT_MAX_LENGTH,
          value_parser = parse_max_length)]
    pub max_length: usize,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Write the page to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Show at most N deals in the table, largest disclosed value first
    /// (totals and charts always cover every matched deal)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_REPORT_LIMIT)]
    pub limit: usize,
}

/// The most deals a report's table holds unless `--limit` says otherwise:
/// a page with more rows is slow to open and no one reads them.
pub const DEFAULT_REPORT_LIMIT: usize = 1000;

#[derive(Debug, Args)]
pub struct InfoArgs {}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The dataset file to check ('-' reads standard input); default: the
    /// --data dataset, else the bundled one
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// First rewrite the file in canonical form (as deals fmt --write does)
    #[arg(long)]
    pub fix_order: bool,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The dataset file ('-' reads standard input); default: the --data
    /// dataset, else the bundled one
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Rewrite the file in place (atomically) instead of printing
    #[arg(long, conflicts_with = "check")]
    pub write: bool,

    /// Print nothing; exit with 1, naming the first line that differs, when
    /// the file is not in canonical form
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older dataset ('-' reads standard input): a dataset file, or a
    /// saved `deals list --json` or `--format ndjson`
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The newer dataset ('-' reads standard input); default: the --data
    /// dataset, else the bundled one
    #[arg(value_name = "NEW")]
    pub new: Option<PathBuf>,

    /// Exit with 1 when the datasets differ and 0 when they do not, as `git
    /// diff --exit-code` does
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {}

/// Deal fields chosen with `--fields`, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldList(pub Vec<DealField>);

fn parse_fields(text: &str) -> Result<FieldList, String> {
    DealField::parse_list(text).map(FieldList)
}

#[derive(Debug, Args)]
pub struct CompaniesArgs {
    /// Only companies of this category (repeat for OR): ai-lab, hyperscaler,
    /// neocloud, chipmaker, hardware-maker, datacenter-developer, investor,
    /// sovereign, other
    #[arg(long, value_enum, value_name = "CATEGORY", hide_possible_values = true)]
    pub category: Vec<Category>,
}

#[derive(Debug, Args)]
pub struct FactsArgs {
    /// Only facts about this company (name, alias or parent; repeat for OR)
    #[arg(long, value_name = "NAME")]
    pub subject: Vec<String>,
}

/// The filters shared by `list`, `total`, `graph`, `cycles` and `report`.
/// Different flags must all hold; a flag given twice matches either value.
#[derive(Debug, Args, Default)]
#[command(next_help_heading = "Filters (different flags AND, a repeated flag ORs)")]
pub struct FilterArgs {
    /// Deals where this company pays (name, alias or parent, any case)
    #[arg(long, value_name = "NAME")]
    pub buyer: Vec<String>,

    /// Deals where this company provides
    #[arg(long, value_name = "NAME")]
    pub seller: Vec<String>,

    /// Deals where this company is on either side
    #[arg(long, value_name = "NAME")]
    pub party: Vec<String>,

    /// Deals announced in this year
    #[arg(long, value_name = "YYYY", value_parser = parse_year)]
    pub year: Vec<u16>,

    /// Deals announced on or after this day (YYYY-MM-DD; YYYY-MM and YYYY mean
    /// their first day)
    #[arg(long, value_name = "DATE", value_parser = Date::parse_period_start)]
    pub since: Option<Date>,

    /// Deals announced on or before this day (YYYY-MM and YYYY mean their last
    /// day)
    #[arg(long, value_name = "DATE", value_parser = Date::parse_period_end)]
    pub until: Option<Date>,

    /// Deals with a disclosed value of at least this amount (9.7B, $38bn, 500M);
    /// leaves out undisclosed values
    #[arg(long, value_name = "AMOUNT", value_parser = Usd::parse, allow_hyphen_values = true)]
    pub min: Option<Usd>,

    /// Deals with a disclosed value of at most this amount; leaves out
    /// undisclosed values
    #[arg(long, value_name = "AMOUNT", value_parser = Usd::parse, allow_hyphen_values = true)]
    pub max: Option<Usd>,

    /// Deals of this kind (cloud-capacity, datacenter-lease, hardware-purchase,
    /// chip-supply, investment, capacity-backstop, gpu-lease-financing)
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<String>,

    /// Deals with this status: announced (confirmed by a party), reported
    /// (press only), superseded (replaced by a later deal) or cancelled
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,

    /// Deals whose hardware mentions this text (any case), e.g. GB300
    #[arg(long, value_name = "TEXT")]
    pub hardware: Vec<String>,

    /// Deals whose id, company names or summary mention this text (any case)
    #[arg(long, value_name = "TEXT")]
    pub search: Vec<String>,

    /// Deals at least this well supported: primary (a party's own word),
    /// press (that, or two independent reputable outlets), secondary (any)
    #[arg(long, value_enum, value_name = "LEVEL", hide_possible_values = true)]
    pub evidence: Option<Evidence>,
}

impl FilterArgs {
    pub fn spec(&self) -> FilterSpec {
        FilterSpec {
            buyers: self.buyer.clone(),
            sellers: self.seller.clone(),
            parties: self.party.clone(),
            years: self.year.clone(),
            since: self.since,
            until: self.until,
            min: self.min,
            max: self.max,
            kinds: self.kind.clone(),
            statuses: self.status.clone(),
            hardware: self.hardware.clone(),
            search: self.search.clone(),
            evidence: self.evidence,
            adds_up: false,
        }
    }
}

fn parse_max_length(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(steps) if (2..=12).contains(&steps) => Ok(steps),
        _ => Err(format!(
            "'{text}' is not a cycle length: expected 2 to 12 steps"
        )),
    }
}

fn parse_year(text: &str) -> Result<u16, String> {
    match text.parse::<u16>() {
        Ok(year) if text.len() == 4 && (1..=9999).contains(&year) => Ok(year),
        _ => Err(format!(
            "'{text}' is not a year: expected four digits, e.g. 2025"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
