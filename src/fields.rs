//! A deal's fields by name, for `--fields`: each one's JSON value, CSV cell
//! and table cell, so `list` and `show` can print any selection in any
//! format, in the order asked.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::model::{self, Deal, Event};
use crate::money::brief_u128;
use crate::render::{self, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DealField {
    Id,
    Buyer,
    Seller,
    Announced,
    ValueUsd,
    ValueNote,
    TermYears,
    Starts,
    Kind,
    Hardware,
    CapacityGw,
    Location,
    Status,
    Evidence,
    Summary,
    Sources,
    History,
    Related,
}

use DealField::*;

/// Every field, in the dataset's order; `evidence` is derived from the
/// sources and is not stored in a dataset.
pub const ALL: [DealField; 18] = [
    Id, Buyer, Seller, Announced, ValueUsd, ValueNote, TermYears, Starts, Kind, Hardware,
    CapacityGw, Location, Status, Evidence, Summary, Sources, History, Related,
];

/// The columns `list` shows in a table when no `--fields` are given.
pub const TABLE_DEFAULT: [DealField; 9] = [
    Announced, Buyer, Seller, ValueUsd, TermYears, Kind, Hardware, Status, Id,
];

impl DealField {
    /// The field's name in the dataset and in JSON and CSV output.
    pub fn name(self) -> &'static str {
        match self {
            Id => "id",
            Buyer => "buyer",
            Seller => "seller",
            Announced => "announced",
            ValueUsd => "value_usd",
            ValueNote => "value_note",
            TermYears => "term_years",
            Starts => "starts",
            Kind => "kind",
            Hardware => "hardware",
            CapacityGw => "capacity_gw",
            Location => "location",
            Status => "status",
            Evidence => "evidence",
            Summary => "summary",
            Sources => "sources",
            History => "history",
            Related => "related",
        }
    }

    /// The column heading in tables.
    pub fn label(self) -> &'static str {
        match self {
            Id => "ID",
            Buyer => "BUYER",
            Seller => "SELLER",
            Announced => "DATE",
            ValueUsd => "VALUE",
            ValueNote => "VALUE NOTE",
            TermYears => "TERM",
            Starts => "STARTS",
            Kind => "KIND",
            Hardware => "HARDWARE",
            CapacityGw => "CAPACITY",
            Location => "LOCATION",
            Status => "STATUS",
            Evidence => "EVIDENCE",
            Summary => "SUMMARY",
            Sources => "SOURCES",
            History => "HISTORY",
            Related => "RELATED",
        }
    }

    /// Parses a comma-separated list such as `id,buyer,value_usd`.
    pub fn parse_list(text: &str) -> Result<Vec<DealField>, String> {
        let mut fields = Vec::new();
        for name in text.split(',').map(str::trim) {
            let field = ALL
                .iter()
                .copied()
                .find(|f| f.name() == name)
                .ok_or_else(|| format!("unknown field '{name}'; the fields are {}", names()))?;
            if fields.contains(&field) {
                return Err(format!("field '{name}' is given twice"));
            }
            fields.push(field);
        }
        Ok(fields)
    }

    /// A CSV cell: raw values, lists joined with `;`, sources by URL.
    pub fn csv(self, deal: &Deal) -> String {
        match self {
            Id => deal.id.clone(),
            Buyer => deal.buyer.clone(),
            Seller => deal.seller.clone(),
            Announced => deal.announced.to_string(),
            ValueUsd => render::csv_optional(deal.value_usd.map(|v| v.0)),
            ValueNote => render::csv_optional(deal.value_note.as_ref()),
            TermYears => render::csv_optional(deal.term_years.as_ref()),
            Starts => render::csv_optional(deal.starts),
            Kind => render::csv_optional(deal.kind.as_ref()),
            Hardware => render::csv_list(deal.hardware.iter().map(String::as_str)),
            CapacityGw => render::csv_optional(deal.capacity_gw.as_ref()),
            Location => render::csv_optional(deal.location.as_ref()),
            Status => render::csv_optional(deal.status.as_ref()),
            Summary => render::csv_optional(deal.summary.as_ref()),
            Evidence => deal.evidence().to_string(),
            Sources => render::csv_list(deal.sources.iter().map(|s| s.url.as_str())),
            History => join(deal.history.iter().map(event_brief), ";"),
            Related => join(deal.related.iter().map(related_brief), ";"),
        }
    }

    /// A table cell, brief: `$9.7B`, `5y`, publishers for sources.
    pub fn cell(self, deal: &Deal) -> Text {
        match self {
            ValueUsd => Text::amount(deal.value_usd),
            TermYears => optional_text(deal.term_years.as_ref().map(|t| format!("{t}y"))),
            CapacityGw => optional_text(deal.capacity_gw.as_ref().map(|c| format!("{c} GW"))),
            Hardware => Text::optional(Some(&deal.hardware.join(", "))),
            Sources => {
                let publishers: Vec<&str> =
                    deal.sources.iter().map(|s| s.publisher.as_str()).collect();
                Text::new(&publishers.join("; "))
            }
            History => Text::optional(Some(&join(deal.history.iter().map(event_brief), ", "))),
            Related => Text::optional(Some(&join(deal.related.iter().map(related_brief), ", "))),
            other => Text::optional(Some(&other.csv(deal))),
        }
    }

    /// A table cell in full, for `show`: exact dollars, whole words.
    pub fn detail(self, deal: &Deal) -> Text {
        match self {
            ValueUsd => match deal.value_usd {
                Some(usd) => Text::new(&format!(
                    "{} ({} US dollars)",
                    brief_u128(u128::from(usd.0)),
                    group_thousands(usd.0)
                )),
                None => Text::amount(None),
            },
            TermYears => optional_text(deal.term_years.as_ref().map(|t| format!("{t} years"))),
            other => other.cell(deal),
        }
    }

    /// Columns that must not be broken across lines in a table: what a
    /// reader copies (ids) and what a break would misread (dates, amounts).
    pub fn keep_whole(self) -> bool {
        matches!(
            self,
            Id | Announced | ValueUsd | TermYears | Status | Evidence | CapacityGw | Starts
        )
    }
}

/// An event in brief: `2026-02-20 superseded`.
fn event_brief(event: &Event) -> String {
    format!("{} {}", event.date, event.event)
}

/// A link in brief: `supersedes nvidia-openai-investment-2025-09`.
fn related_brief(related: &model::Related) -> String {
    format!("{} {}", related.relation, related.id)
}

fn join(items: impl Iterator<Item = String>, separator: &str) -> String {
    items.collect::<Vec<_>>().join(separator)
}

fn names() -> String {
    ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
}

fn optional_text(text: Option<String>) -> Text {
    Text::optional(text.as_deref())
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

/// A deal serialized with only the chosen fields, in the chosen order.
pub struct Projected<'a> {
    pub deal: &'a Deal,
    pub fields: &'a [DealField],
}

impl Serialize for Projected<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let deal = self.deal;
        let mut map = serializer.serialize_map(Some(self.fields.len()))?;
        for field in self.fields {
            let name = field.name();
            match field {
                Id => map.serialize_entry(name, &deal.id)?,
                Buyer => map.serialize_entry(name, &deal.buyer)?,
                Seller => map.serialize_entry(name, &deal.seller)?,
                Announced => map.serialize_entry(name, &deal.announced)?,
                ValueUsd => map.serialize_entry(name, &deal.value_usd)?,
                ValueNote => map.serialize_entry(name, &deal.value_note)?,
                TermYears => map.serialize_entry(name, &deal.term_years)?,
                Starts => map.serialize_entry(name, &deal.starts)?,
                Kind => map.serialize_entry(name, &deal.kind)?,
                Hardware => map.serialize_entry(name, &deal.hardware)?,
                CapacityGw => map.serialize_entry(name, &deal.capacity_gw)?,
                Location => map.serialize_entry(name, &deal.location)?,
                Status => map.serialize_entry(name, &deal.status)?,
                Evidence => map.serialize_entry(name, &deal.evidence())?,
                Summary => map.serialize_entry(name, &deal.summary)?,
                Sources => map.serialize_entry(name, &deal.sources)?,
                History => map.serialize_entry(name, &deal.history)?,
                Related => map.serialize_entry(name, &deal.related)?,
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_lists_parse_in_order_and_refuse_unknowns() {
        assert_eq!(
            DealField::parse_list("id, value_usd,buyer"),
            Ok(vec![Id, ValueUsd, Buyer])
        );
        let err = DealField::parse_list("id,price").unwrap_err();
        assert!(
            err.contains("unknown field 'price'") && err.contains("value_usd"),
            "{err}"
        );
        assert!(DealField::parse_list("id,id").is_err());
        assert!(DealField::parse_list("").is_err());
    }

    #[test]
    fn every_field_has_a_distinct_name_and_label() {
        let mut names: Vec<_> = ALL.iter().map(|f| f.name()).collect();
        let mut labels: Vec<_> = ALL.iter().map(|f| f.label()).collect();
        names.dedup();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!((names.len(), labels.len()), (ALL.len(), ALL.len()));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(38_000_000_000), "38,000,000,000");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_000), "1,000");
    }
}
