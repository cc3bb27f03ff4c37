//! `deals companies`: every company with its aliases, country, category,
//! and its deals as buyer and as seller with their disclosed totals;
//! `--category` keeps companies of some categories.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use crate::Context;
use crate::cli::CompaniesArgs;
use crate::model::{Category, Company, Deal};
use crate::money::{Tally, brief_u128};
use crate::names::{Directory, fold};
use crate::render::{self, Format, Grid, Text, grid::Fit};

/// One company and its deals; the totals add disclosed values only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompanyRecord<'a> {
    pub name: &'a str,
    pub aliases: &'a [String],
    pub parent: Option<&'a str>,
    pub country: Option<&'a str>,
    pub category: Option<Category>,
    pub founded: Option<i32>,
    pub notes: Option<&'a str>,
    pub deals_as_buyer: u64,
    pub deals_as_seller: u64,
    pub bought_usd: u128,
    pub bought_undisclosed: u64,
    pub sold_usd: u128,
    pub sold_undisclosed: u64,
}

pub fn run(args: &CompaniesArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut records = records(&ctx.loaded.dataset.companies, ctx.deals(), &ctx.directory);
    let left_out = ctx.deals().iter().filter(|d| d.is_replaced()).count();
    if !args.category.is_empty() {
        // A company not listed, or listed without a category, is in none.
        records.retain(|r| r.category.is_some_and(|c| args.category.contains(&c)));
    }
    match ctx.output.format {
        Format::Json => render::write_json(out, &records)?,
        Format::Ndjson => render::write_ndjson(out, &records)?,
        Format::Csv => render::write_csv(out, &CSV_HEADER, records.iter().map(csv_row))?,
        Format::Table | Format::Markdown => {
            let mut grid = grid(&records, !args.category.is_empty());
            if left_out > 0 {
                grid.note(format!(
                    "{left_out} superseded or cancelled {} left out of these counts and sums, as \
                     `deals total` leaves them out.",
                    if left_out == 1 {
                        "deal is"
                    } else {
                        "deals are"
                    }
                ));
            }
            render::write_grid(out, &ctx.output, &grid)?;
        }
    }
    Ok(())
}

/// Listed companies plus those only named in deals, in name order.
fn records<'a>(
    listed: &'a [Company],
    deals: &[Deal],
    directory: &'a Directory,
) -> Vec<CompanyRecord<'a>> {
    // Each deal's parties are looked up once and each listed company found
    // by name, so many companies times many deals is not a quadratic cost.
    let mut details: HashMap<&str, &Company> = HashMap::new();
    for company in listed {
        details.entry(company.name.as_str()).or_insert(company);
    }
    let mut tallies: HashMap<&str, (Tally, Tally)> = HashMap::new();
    // Like `total`, the sums leave out superseded and cancelled deals,
    // whose money is counted in the deals that replaced them.
    for deal in deals.iter().filter(|d| !d.is_replaced()) {
        tallies
            .entry(directory.canonical(&deal.buyer))
            .or_default()
            .0
            .add(deal.value_usd);
        tallies
            .entry(directory.canonical(&deal.seller))
            .or_default()
            .1
            .add(deal.value_usd);
    }
    let mut records: Vec<CompanyRecord<'a>> = directory
        .entries()
        .iter()
        .map(|entry| {
            let company = details.get(entry.name.as_str());
            let (bought, sold) = tallies
                .get(entry.name.as_str())
                .copied()
                .unwrap_or_default();
            CompanyRecord {
                name: &entry.name,
                aliases: &entry.aliases,
                parent: entry.parent.as_deref(),
                country: company.and_then(|c| c.country.as_deref()),
                category: company.and_then(|c| c.category),
                founded: company.and_then(|c| c.founded),
                notes: company.and_then(|c| c.notes.as_deref()),
                deals_as_buyer: bought.deals,
                deals_as_seller: sold.deals,
                bought_usd: bought.total_usd,
                bought_undisclosed: bought.undisclosed(),
                sold_usd: sold.total_usd,
                sold_undisclosed: sold.undisclosed(),
            }
        })
        .collect();
    records.sort_by(|a, b| {
        fold(a.name)
            .cmp(&fold(b.name))
            .then_with(|| a.name.cmp(b.name))
    });
    records
}

const CSV_HEADER: [&str; 13] = [
    "name",
    "aliases",
    "parent",
    "country",
    "category",
    "founded",
    "notes",
    "deals_as_buyer",
    "deals_as_seller",
    "bought_usd",
    "bought_undisclosed",
    "sold_usd",
    "sold_undisclosed",
];

fn csv_row(record: &CompanyRecord) -> [String; 13] {
    [
        record.name.to_string(),
        render::csv_list(record.aliases.iter().map(String::as_str)),
        render::csv_optional(record.parent),
        render::csv_optional(record.country),
        render::csv_optional(record.category),
        render::csv_optional(record.founded),
        render::csv_optional(record.notes),
        record.deals_as_buyer.to_string(),
        record.deals_as_seller.to_string(),
        record.bought_usd.to_string(),
        record.bought_undisclosed.to_string(),
        record.sold_usd.to_string(),
        record.sold_undisclosed.to_string(),
    ]
}

fn grid(records: &[CompanyRecord], filtered: bool) -> Grid {
    let header = [
        "COMPANY",
        "ALIASES",
        "COUNTRY",
        "CATEGORY",
        "AS BUYER",
        "AS SELLER",
        "BOUGHT",
        "SOLD",
    ];
    let fit = Fit {
        droppable: vec![1, 2, 3],
        ..Fit::default()
    };
    let mut grid = Grid::new(header)
        .align_right(&[4, 5, 6, 7])
        .fit(fit)
        .when_empty(if filtered {
            "No companies match."
        } else {
            "No companies."
        });
    for record in records {
        grid.row(vec![
            Text::new(record.name),
            Text::optional(Some(&record.aliases.join(", "))),
            Text::optional(record.country),
            Text::optional(record.category.map(Category::name)),
            Text::number(record.deals_as_buyer),
            Text::number(record.deals_as_seller),
            disclosed(
                record.bought_usd,
                record.deals_as_buyer,
                record.bought_undisclosed,
            ),
            disclosed(
                record.sold_usd,
                record.deals_as_seller,
                record.sold_undisclosed,
            ),
        ]);
    }
    grid.note("BOUGHT and SOLD add disclosed values only; \"+N?\" counts deals whose value was not disclosed.");
    grid
}

/// `$38B`, `$9.7B +1?` when some values are undisclosed, a dash for no
/// deals.
fn disclosed(total: u128, deals: u64, undisclosed: u64) -> Text {
    match (deals, undisclosed) {
        (0, _) => Text::missing(),
        (_, 0) => Text::dollars(total),
        (_, n) if n == deals => Text::new(&format!("+{n}?")),
        (_, n) => Text::new(&format!("{} +{n}?", brief_u128(total))),
    }
}
