//! The data model: deals, their sources, companies and other facts, exactly as
//! a dataset file spells them (schema version 1).
//!
//! Each field is parsed into the type that makes a wrong value unrepresentable
//! (a date that exists, a positive whole-dollar amount, an http(s) URL, a
//! non-empty list of sources), so the rest of the program trusts what it gets.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::date::{Date, Start};
use crate::money::{Usd, brief_u128};

/// The deal kinds of the bundled dataset. Other datasets may use others.
pub const KNOWN_KINDS: [&str; 7] = [
    "cloud-capacity",
    "datacenter-lease",
    "hardware-purchase",
    "chip-supply",
    "investment",
    "capacity-backstop",
    "gpu-lease-financing",
];

/// `announced`: confirmed by a party; `reported`: known from the press only;
/// `superseded`: replaced by a later deal; `cancelled`: ended before it ran.
pub const KNOWN_STATUSES: [&str; 4] = ["announced", "reported", "superseded", "cancelled"];

/// The statuses of deals whose money no longer counts: totals leave them
/// out unless `--status` asks for them, so the same money is not counted
/// twice (a superseded deal and the deal that replaced it).
pub const REPLACED_STATUSES: [&str; 2] = ["superseded", "cancelled"];

/// The kind of an equity investment, which is not a purchase of compute.
pub const INVESTMENT_KIND: &str = "investment";

/// Keys that a deal has and a dataset object never has: an object with one
/// of them is a deal (the input is a stream of deals), not a dataset.
pub const DEAL_ONLY_KEYS: [&str; 9] = [
    "buyer",
    "seller",
    "announced",
    "value_usd",
    "value_note",
    "term_years",
    "starts",
    "hardware",
    "capacity_gw",
];

/// The schema version this program reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Deal {
    pub id: String,
    /// The company that pays.
    pub buyer: String,
    /// The company that provides capacity, hardware or equity.
    pub seller: String,
    /// The day the deal became public.
    pub announced: Date,
    /// Whole US dollars; `None` when the amount was not disclosed.
    #[serde(default)]
    pub value_usd: Option<Usd>,
    #[serde(default)]
    pub value_note: Option<String>,
    #[serde(default)]
    pub term_years: Option<Term>,
    #[serde(default)]
    pub starts: Option<Start>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub hardware: Vec<String>,
    #[serde(default)]
    pub capacity_gw: Option<Positive>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(deserialize_with = "at_least_one_source")]
    pub sources: Vec<Source>,
    /// What happened to the deal after it was announced, oldest first.
    #[serde(default)]
    pub history: Vec<Event>,
    /// Links from this deal to others.
    #[serde(default)]
    pub related: Vec<Related>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Source {
    pub publisher: String,
    #[serde(default)]
    pub title: Option<String>,
    pub url: WebUrl,
    #[serde(default)]
    pub date: Option<Date>,
    /// How good a source it is; a source without a kind counts as
    /// secondary.
    #[serde(default)]
    pub kind: Option<Evidence>,
}

/// How well a source, or a deal, is supported, weakest first, so that the
/// derived order ranks them.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// Anything else: an aggregator, a blog, a trade page of unknown care
    Secondary,
    /// A reputable outlet with its own journalists, or a faithful copy of one
    Press,
    /// A party's own release, filing, blog or earnings call, or an exact copy
    Primary,
}

impl Evidence {
    pub const ALL: [Evidence; 3] = [Evidence::Primary, Evidence::Press, Evidence::Secondary];

    pub fn name(self) -> &'static str {
        match self {
            Evidence::Primary => "primary",
            Evidence::Press => "press",
            Evidence::Secondary => "secondary",
        }
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Source {
    /// The source's kind; one without a kind counts as secondary.
    pub fn evidence(&self) -> Evidence {
        self.kind.unwrap_or(Evidence::Secondary)
    }

    /// The outlet whose story this is (see [`origin_of`]).
    pub fn origin(&self) -> String {
        origin_of(&self.publisher)
    }
}

/// The outlet whose story a publisher's page is, folded: for a copy named
/// as one, `"CNA (Reuters)"`, the outlet in the closing parentheses; else
/// the publisher. Inside the parentheses, `citing X` and `relay of X` name
/// the origin X, a first comma ends it (`"Bloomberg, by …"`), and a
/// trailing `report` or `news` is not part of the name. Two copies of one
/// story are one source.
pub fn origin_of(publisher: &str) -> String {
    let publisher = publisher.trim();
    let named = publisher
        .strip_suffix(')')
        .and_then(|rest| rest.rfind('(').map(|open| &rest[open + 1..]))
        .filter(|inner| !inner.trim().is_empty());
    let Some(inner) = named else {
        return fold_outlet(publisher);
    };
    let lower = inner.to_lowercase();
    let told = ["citing ", "relay of "]
        .iter()
        .filter_map(|word| lower.rfind(word).map(|at| at + word.len()))
        .max()
        .map_or(lower.as_str(), |at| &lower[at..]);
    fold_outlet(told.split(',').next().unwrap_or(told))
}

/// An outlet's name folded for comparison: lower case, without a leading
/// "the" or a trailing "report" or "news".
fn fold_outlet(name: &str) -> String {
    let mut name = name.trim().to_lowercase();
    for suffix in [" reports", " report", " news"] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            name = stripped.trim_end().to_string();
        }
    }
    match name.strip_prefix("the ") {
        Some(stripped) => stripped.trim_start().to_string(),
        None => name,
    }
}

/// A deal's evidence: `primary` with one primary source, `press` with two
/// independent press sources (copies of one story count once), otherwise
/// `secondary`.
pub fn evidence_of(sources: &[Source]) -> Evidence {
    let mut finder = EvidenceFinder::default();
    for source in sources {
        finder.add(source.kind, &source.publisher);
    }
    finder.evidence()
}

/// Finds a deal's evidence one source at a time (its kind and publisher),
/// so that a reader which does not build whole sources, such as the
/// streaming one, judges a deal exactly as [`evidence_of`] does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceFinder {
    primary: bool,
    /// The origin of the first press source met.
    first_press: Option<String>,
    /// Whether a press source of another origin was met.
    second_press: bool,
}

impl EvidenceFinder {
    /// Takes in a source; one without a kind counts as secondary.
    pub fn add(&mut self, kind: Option<Evidence>, publisher: &str) {
        if kind != Some(Evidence::Press) || self.primary || self.second_press {
            self.primary |= kind == Some(Evidence::Primary);
            return;
        }
        let origin = origin_of(publisher);
        match &self.first_press {
            None => self.first_press = Some(origin),
            Some(first) => self.second_press |= *first != origin,
        }
    }

    pub fn evidence(&self) -> Evidence {
        if self.primary {
            Evidence::Primary
        } else if self.second_press {
            Evidence::Press
        } else {
            Evidence::Secondary
        }
    }
}

/// How many deals rest on each level of evidence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EvidenceCounts {
    pub primary: usize,
    pub press: usize,
    pub secondary: usize,
}

impl EvidenceCounts {
    pub fn of(evidence: impl IntoIterator<Item = Evidence>) -> EvidenceCounts {
        let mut counts = EvidenceCounts::default();
        for level in evidence {
            counts.add(level);
        }
        counts
    }

    pub fn add(&mut self, level: Evidence) {
        *match level {
            Evidence::Primary => &mut self.primary,
            Evidence::Press => &mut self.press,
            Evidence::Secondary => &mut self.secondary,
        } += 1;
    }

    pub fn total(&self) -> usize {
        self.primary + self.press + self.secondary
    }
}

impl Deal {
    /// How well the deal is supported (see [`evidence_of`]).
    pub fn evidence(&self) -> Evidence {
        evidence_of(&self.sources)
    }

    /// Whether the deal's money no longer counts (superseded, cancelled).
    pub fn is_replaced(&self) -> bool {
        is_replaced_status(self.status.as_deref())
    }
}

/// Whether a status is one whose money no longer counts.
pub fn is_replaced_status(status: Option<&str>) -> bool {
    status.is_some_and(|s| REPLACED_STATUSES.contains(&s))
}

/// A dated, sourced event in a deal's life after its announcement
/// ("stalled", "expanded", "superseded", "value-disclosed").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Event {
    pub date: Date,
    pub event: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(deserialize_with = "at_least_one_source")]
    pub sources: Vec<Source>,
}

/// A link from one deal to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Related {
    pub id: String,
    pub relation: Relation,
}

/// How a deal relates to another, read "this deal RELATION that deal".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Adds money or capacity to the other deal
    Expands,
    /// Replaces the other deal, whose money no longer counts
    Supersedes,
    /// Is a supplier's deal that serves the other (a lessor behind a cloud)
    SupplierLegOf,
    /// Is one instalment of the other
    TrancheOf,
    /// Is a component of the other (a guarantee of a lease)
    PartOf,
}

impl Relation {
    pub const ALL: [Relation; 5] = [
        Relation::Expands,
        Relation::Supersedes,
        Relation::SupplierLegOf,
        Relation::TrancheOf,
        Relation::PartOf,
    ];

    /// The name in a dataset: `supplier-leg-of`.
    pub fn name(self) -> &'static str {
        match self {
            Relation::Expands => "expands",
            Relation::Supersedes => "supersedes",
            Relation::SupplierLegOf => "supplier-leg-of",
            Relation::TrancheOf => "tranche-of",
            Relation::PartOf => "part-of",
        }
    }

    /// The relation read from the other deal's side: "expanded by".
    pub fn inverse_phrase(self) -> &'static str {
        match self {
            Relation::Expands => "expanded by",
            Relation::Supersedes => "superseded by",
            Relation::SupplierLegOf => "served by supplier leg",
            Relation::TrancheOf => "has tranche",
            Relation::PartOf => "has part",
        }
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What kind of company it is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    AiLab,
    Hyperscaler,
    Neocloud,
    Chipmaker,
    HardwareMaker,
    DatacenterDeveloper,
    Investor,
    Sovereign,
    Other,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::AiLab,
        Category::Hyperscaler,
        Category::Neocloud,
        Category::Chipmaker,
        Category::HardwareMaker,
        Category::DatacenterDeveloper,
        Category::Investor,
        Category::Sovereign,
        Category::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::AiLab => "ai-lab",
            Category::Hyperscaler => "hyperscaler",
            Category::Neocloud => "neocloud",
            Category::Chipmaker => "chipmaker",
            Category::HardwareMaker => "hardware-maker",
            Category::DatacenterDeveloper => "datacenter-developer",
            Category::Investor => "investor",
            Category::Sovereign => "sovereign",
            Category::Other => "other",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The span of announcement dates a dataset sets out to cover: a query that
/// reaches past `through` is told that the data ends there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Coverage {
    pub from: Date,
    pub through: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Company {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub parent: Option<String>,
    /// ISO 3166 alpha-2 code.
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    pub founded: Option<i32>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A figure that is not a deal: revenue, growth, capacity, funding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Fact {
    pub subject: String,
    pub metric: String,
    pub value: FactValue,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub period: Option<String>,
    pub source: Source,
}

impl Fact {
    /// The value for a table: `$33B` for whole dollars (`$125B (approx.)`);
    /// otherwise the value and its unit (`20.2 percent`).
    pub fn brief_value(&self) -> String {
        let unit = self.unit.as_deref().unwrap_or("");
        let dollars = match &self.value {
            FactValue::Number(n) if unit.starts_with("USD") => n.as_u64(),
            _ => None,
        };
        let (value, unit) = match dollars {
            Some(amount) => (brief_u128(u128::from(amount)), unit["USD".len()..].trim()),
            None => (self.value.to_string(), unit),
        };
        if unit.is_empty() {
            value
        } else {
            format!("{value} {unit}")
        }
    }
}

/// A whole dataset in memory; serialized with its fields in this order,
/// which is the order of a dataset file's canonical form.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Dataset {
    pub schema_version: Option<u32>,
    pub as_of: Option<Date>,
    pub coverage: Option<Coverage>,
    pub companies: Vec<Company>,
    pub deals: Vec<Deal>,
    pub facts: Vec<Fact>,
}

/// What filters, sorting and grouping read of a deal. Implemented by the
/// full [`Deal`] and by the lean, borrowed deal that streaming queries parse
/// from large files without building the rest.
pub trait DealView {
    fn id(&self) -> &str;
    /// The id's bytes, which is all that telling ids apart needs.
    fn id_bytes(&self) -> &[u8] {
        self.id().as_bytes()
    }
    fn buyer(&self) -> &str;
    fn seller(&self) -> &str;
    fn announced(&self) -> Date;
    fn value_usd(&self) -> Option<Usd>;
    fn term_years(&self) -> Option<&Term>;
    fn starts(&self) -> Option<Start>;
    fn kind(&self) -> Option<&str>;
    fn status(&self) -> Option<&str>;
    fn summary(&self) -> Option<&str>;
    /// Each hardware name in turn.
    fn hardware(&self) -> Box<dyn Iterator<Item = &str> + '_>;
    /// How well the deal is supported (see [`evidence_of`]).
    fn evidence(&self) -> Evidence;
}

impl DealView for Deal {
    fn id(&self) -> &str {
        &self.id
    }
    fn buyer(&self) -> &str {
        &self.buyer
    }
    fn seller(&self) -> &str {
        &self.seller
    }
    fn announced(&self) -> Date {
        self.announced
    }
    fn value_usd(&self) -> Option<Usd> {
        self.value_usd
    }
    fn term_years(&self) -> Option<&Term> {
        self.term_years.as_ref()
    }
    fn starts(&self) -> Option<Start> {
        self.starts
    }
    fn kind(&self) -> Option<&str> {
        self.kind.as_deref()
    }
    fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn hardware(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(self.hardware.iter().map(String::as_str))
    }
    fn evidence(&self) -> Evidence {
        Deal::evidence(self)
    }
}

/// The records of a dataset are JSON objects and nothing else. A derived
/// `Deserialize` also accepts a JSON array and matches its items to fields
/// by position, so `["a", "B", "S", ...]` would load as a deal; these impls
/// accept only objects. (`#[serde(remote = "Self")]` turns the derived code
/// into the inherent `serialize`/`deserialize` functions called here.)
macro_rules! object_only {
    ($type:ident, $expecting:literal) => {
        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $type::serialize(self, serializer)
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$type, D::Error> {
                struct ObjectVisitor;

                impl<'de> Visitor<'de> for ObjectVisitor {
                    type Value = $type;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$type, A::Error> {
                        $type::deserialize(de::value::MapAccessDeserializer::new(map))
                    }
                }

                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
}

object_only!(Deal, "a deal object");
object_only!(Source, "a source object with a publisher and a url");
object_only!(Company, "a company object");
object_only!(Fact, "a fact object");
object_only!(Event, "an event object with a date, an event and sources");
object_only!(Related, "a related object with an id and a relation");
object_only!(Coverage, "a coverage object with from and through dates");

impl Serialize for Usd {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

/// In a dataset an amount is a positive JSON integer; zero would claim that a
/// deal was disclosed as free, so undisclosed amounts must be `null`.
impl<'de> Deserialize<'de> for Usd {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Usd, D::Error> {
        deserializer.deserialize_u64(UsdVisitor)
    }
}

struct UsdVisitor;

/// 2^64 as a float: the smallest float above every `u64`.
const ABOVE_U64: f64 = 18_446_744_073_709_551_616.0;

impl Visitor<'_> for UsdVisitor {
    type Value = Usd;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a positive whole number of US dollars as a JSON integer, at most {} (null when undisclosed)",
            u64::MAX
        )
    }

    fn visit_u64<E: de::Error>(self, amount: u64) -> Result<Usd, E> {
        match amount {
            0 => Err(E::invalid_value(de::Unexpected::Unsigned(0), &self)),
            amount => Ok(Usd(amount)),
        }
    }

    fn visit_i64<E: de::Error>(self, amount: i64) -> Result<Usd, E> {
        match u64::try_from(amount) {
            Ok(amount) => self.visit_u64(amount),
            Err(_) => Err(E::invalid_value(de::Unexpected::Signed(amount), &self)),
        }
    }

    /// serde_json hands over integers beyond `u64` as floats, rounded: say
    /// what is wrong without quoting a number the file does not contain.
    fn visit_f64<E: de::Error>(self, amount: f64) -> Result<Usd, E> {
        let unexpected = if amount >= ABOVE_U64 {
            de::Unexpected::Other("a number above the largest amount")
        } else if amount <= -ABOVE_U64 {
            de::Unexpected::Other("a negative number")
        } else {
            de::Unexpected::Float(amount)
        };
        Err(E::invalid_value(unexpected, &self))
    }
}

/// A positive number (years, gigawatts) kept as it was written, so `7` stays
/// `7` and `0.2` stays `0.2` when written back out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Positive(serde_json::Number);

impl Positive {
    pub fn as_f64(&self) -> f64 {
        self.0.as_f64().unwrap_or(f64::NAN)
    }

    /// Whole years a term covers, counting a partial year as one.
    pub fn whole_units_rounded_up(&self) -> u64 {
        match self.0.as_u64() {
            Some(whole) => whole,
            None => self.as_f64().ceil() as u64,
        }
    }
}

impl fmt::Display for Positive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de> Deserialize<'de> for Positive {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Positive, D::Error> {
        let number = serde_json::Number::deserialize(deserializer)?;
        match number.as_f64() {
            Some(x) if x > 0.0 && x.is_finite() => Ok(Positive(number)),
            _ => Err(de::Error::invalid_value(
                de::Unexpected::Other(&format!("number {number}")),
                &"a positive number",
            )),
        }
    }
}

/// A deal's term in years: positive, and at most [`Term::MAX_YEARS`] so that
/// spreading a value over its years stays a small, bounded piece of work.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Term(Positive);

impl Term {
    pub const MAX_YEARS: f64 = 200.0;

    /// The calendar years the term covers, counting a partial year as one.
    pub fn whole_years(&self) -> u32 {
        self.0
            .whole_units_rounded_up()
            .clamp(1, Term::MAX_YEARS as u64) as u32
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de> Deserialize<'de> for Term {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Term, D::Error> {
        let years = Positive::deserialize(deserializer)?;
        if years.as_f64() > Term::MAX_YEARS {
            return Err(de::Error::invalid_value(
                de::Unexpected::Other(&format!("a term of {years} years")),
                &"a term of at most 200 years",
            ));
        }
        Ok(Term(years))
    }
}

/// An absolute `http://` or `https://` URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct WebUrl(String);

impl WebUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for WebUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<WebUrl, D::Error> {
        let url = String::deserialize(deserializer)?;
        let lower = url.get(..8).unwrap_or(&url).to_ascii_lowercase();
        let host_starts = if lower.starts_with("https://") {
            8
        } else if lower.starts_with("http://") {
            7
        } else {
            return Err(de::Error::invalid_value(
                de::Unexpected::Str(&url),
                &"an http:// or https:// URL",
            ));
        };
        if url.len() == host_starts || url.chars().any(char::is_whitespace) {
            return Err(de::Error::invalid_value(
                de::Unexpected::Str(&url),
                &"an http:// or https:// URL with a host and no spaces",
            ));
        }
        Ok(WebUrl(url))
    }
}

fn at_least_one_source<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Source>, D::Error> {
    let sources = Vec::<Source>::deserialize(deserializer)?;
    if sources.is_empty() {
        return Err(de::Error::invalid_length(
            0,
            &"at least one source (a deal needs a publisher and a URL)",
        ));
    }
    Ok(sources)
}

/// A fact's value: a number as written, or text such as "nearly 7".
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FactValue {
    Number(serde_json::Number),
    Text(String),
}

impl fmt::Display for FactValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactValue::Number(n) => n.fmt(f),
            FactValue::Text(t) => f.write_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for FactValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FactValue, D::Error> {
        struct FactValueVisitor;

        impl Visitor<'_> for FactValueVisitor {
            type Value = FactValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string")
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FactValue, E> {
                Ok(FactValue::Number(v.into()))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FactValue, E> {
                Ok(FactValue::Number(v.into()))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FactValue, E> {
                serde_json::Number::from_f64(v)
                    .map(FactValue::Number)
                    .ok_or_else(|| E::custom("a fact's value must be a finite number"))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<FactValue, E> {
                Ok(FactValue::Text(v.to_string()))
            }
        }

        deserializer.deserialize_any(FactValueVisitor)
    }
}

/// Every kind that occurs in the deals, then the known ones, without repeats.
pub fn kinds_in(deals: &[Deal]) -> Vec<&str> {
    vocabulary(deals.iter().filter_map(|d| d.kind.as_deref()), &KNOWN_KINDS)
}

/// Every status that occurs in the deals, then the known ones, without repeats.
pub fn statuses_in(deals: &[Deal]) -> Vec<&str> {
    vocabulary(
        deals.iter().filter_map(|d| d.status.as_deref()),
        &KNOWN_STATUSES,
    )
}

fn vocabulary<'a>(used: impl Iterator<Item = &'a str>, known: &[&'static str]) -> Vec<&'a str> {
    let mut words: Vec<&str> = known.to_vec();
    for word in used {
        if !word.is_empty() && !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(publisher: &str, kind: Option<Evidence>) -> Source {
        Source {
            publisher: publisher.to_string(),
            title: None,
            url: WebUrl("https://example.com".to_string()),
            date: None,
            kind,
        }
    }

    #[test]
    fn copies_of_one_story_share_an_origin() {
        assert_eq!(origin_of("Reuters (Bloomberg report)"), "bloomberg");
        assert_eq!(origin_of("Bloomberg Tax (Bloomberg News)"), "bloomberg");
        assert_eq!(
            origin_of("BizNews (Bloomberg, by Rachel Metz)"),
            "bloomberg"
        );
        assert_eq!(
            origin_of("Devdiscourse (Reuters relay of Bloomberg)"),
            "bloomberg"
        );
        assert_eq!(
            origin_of("Business Standard (Reuters, citing the Financial Times)"),
            "financial times"
        );
        assert_eq!(origin_of("Financial Times"), "financial times");
        assert_eq!(
            origin_of("Livemint (The Wall Street Journal)"),
            "wall street journal"
        );
        assert_eq!(origin_of("Tom's Hardware"), "tom's hardware");
    }

    #[test]
    fn a_copy_named_as_one_is_its_origin_s_story() {
        assert_eq!(origin_of("CNA (Reuters)"), "reuters");
        assert_eq!(origin_of(" Reuters "), "reuters");
        assert_eq!(origin_of("Yahoo Finance (Bloomberg)"), "bloomberg");
        assert_eq!(origin_of("Company (US) ()"), "company (us) ()");
        assert_eq!(origin_of("A (B) (C)"), "c");
    }

    #[test]
    fn evidence_is_one_primary_source_or_two_independent_press_stories() {
        use Evidence::*;
        type Sources<'a> = &'a [(&'a str, Option<Evidence>)];
        let cases: [(Sources, Evidence); 7] = [
            (&[("NVIDIA", Some(Primary))], Primary),
            (&[("Blog", None), ("NVIDIA", Some(Primary))], Primary),
            (
                &[("CNA (Reuters)", Some(Press)), ("Reuters", Some(Press))],
                Secondary,
            ),
            (
                &[
                    ("CNA (Reuters)", Some(Press)),
                    ("reuters", Some(Press)),
                    ("Blog", None),
                ],
                Secondary,
            ),
            (
                &[("CNA (Reuters)", Some(Press)), ("Bloomberg", Some(Press))],
                Press,
            ),
            (
                &[
                    ("Reuters", Some(Press)),
                    ("Blog", Some(Secondary)),
                    ("Blog 2", None),
                ],
                Secondary,
            ),
            (&[("Blog", None)], Secondary),
        ];
        for (sources, expected) in cases {
            let sources: Vec<Source> = sources.iter().map(|(p, k)| source(p, *k)).collect();
            assert_eq!(evidence_of(&sources), expected, "{sources:?}");
        }
    }
}
