//! The command line: every subcommand, flag and value type, parsed by clap.
//! Values are turned into their types here (dates, amounts, years), so a bad
//! value is a usage error (exit 2) before any data is read.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::date::Date;
use crate::error::UsageError;
use crate::fields::DealField;
use crate::group::GroupBy;
use crate::model::Evidence;
use crate::money::Usd;
use crate::query::{FilterSpec, SortKey};
use crate::render::{ColorWhen, Format, FormatName, Output};

const ABOUT: &str = "Query the deals that are building the world's AI compute: who buys \
capacity from whom, when, for how much, over how many years, on which hardware, and on whose word.";

/// The program's version and the date of the dataset compiled into it.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (bundled dataset as of ",
    env!("DEALS_BUNDLED_AS_OF"),
    ")"
);

const EXAMPLES: &str = "\
Examples:
  deals list --buyer Microsoft
  deals total --year 2025
  deals list --seller aws --format json | jq '.[].value_usd'
  deals show openai-aws-2025-11

Every figure carries its sources (deals show ID). Amounts not disclosed are
never counted as zero: totals say how many deals had no disclosed value.";

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
Examples:
  deals list --buyer Microsoft
  deals list --hardware GB300 --sort value --desc
  deals list --year 2025 --min 10B --format csv > big-2025.csv")]
    List(ListArgs),

    /// Show every field of one deal, with its sources
    #[command(after_help = "\
Examples:
  deals show openai-oracle-2025
  deals show microsoft-iren-2025-11 --format json | jq '.sources[].url'")]
    Show(ShowArgs),

    /// Count deals and add up their disclosed values
    #[command(after_help = "\
Examples:
  deals total --year 2025
  deals total --buyer OpenAI --kind cloud-capacity
  deals total --party Microsoft --json | jq .total_usd

Undisclosed values are counted, never summed as zero. Equity investments are
not purchases of compute: when the deals mix kinds, the table splits the total
by kind.")]
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

    /// List companies with their deals as buyer and as seller
    #[command(after_help = "\
Examples:
  deals companies
  deals companies --format csv > companies.csv")]
    Companies(CompaniesArgs),

    /// Show figures that are not deals (revenue, growth, capacity, funding)
    #[command(after_help = "\
Examples:
  deals facts --subject AWS
  deals facts --subject Lambda --format json")]
    Facts(FactsArgs),

    /// Describe the loaded dataset: how fresh, how big, from where
    #[command(after_help = "\
Examples:
  deals info
  deals --data my-tracker.json info --json | jq .as_of")]
    Info(InfoArgs),

    /// Check a dataset and report every problem in it
    #[command(after_help = "\
Prints one line per problem (FILE:LINE:COLUMN: PATH: message) and exits with 1
if any is an error, 0 if there are only warnings or none.

Examples:
  deals validate
  deals validate my-tracker.json
  deals list --format ndjson | deals validate -")]
    Validate(ValidateArgs),

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
pub struct InfoArgs {}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The dataset file to check ('-' reads standard input); default: the
    /// --data dataset, else the bundled one
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
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
pub struct CompaniesArgs {}

#[derive(Debug, Args)]
pub struct FactsArgs {
    /// Only facts about this company (name, alias or parent; repeat for OR)
    #[arg(long, value_name = "NAME")]
    pub subject: Vec<String>,
}

/// The filters shared by `list`, `total`, `graph` and `cycles`. Different flags must all hold;
/// a flag given twice matches either value.
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

    /// Deals with this status: announced (confirmed by a party) or reported
    /// (press only)
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
