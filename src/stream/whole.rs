//! Answering from an input held whole in memory and parsed in one pass:
//! a dataset object or an array in any layout, or a stream of deal objects
//! that are not one per line (such as jq's pretty output). Also reads the
//! first line of inputs laid out one deal per line.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::date::Date;
use crate::load::SupportedVersion;
use crate::model::{Company, Coverage, DEAL_ONLY_KEYS, Fact};
use crate::names::Directory;

use super::{Answer, Decline, Interner, Partial, Plan, Shaped, decline, is_json_space};

/// Answers from a whole input in one pass.
pub(super) fn scan(bytes: &[u8], query: &Shaped) -> Result<Answer, Decline> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !is_json_space(b))
        .ok_or(Decline)?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut names = Interner::new(0);
    let partial = match bytes[start] {
        b'[' => {
            let plan = Plan::new(query, &Directory::default())?;
            let mut partial = plan.stretch(&Directory::default(), &mut names);
            de.deserialize_seq(EachDeal {
                plan: &plan,
                partial: &mut partial,
                names: &mut names,
            })
            .map_err(|_| Decline)?;
            partial
        }
        b'{' if starts_with_deal(&bytes[start..]) => return scan_stream(bytes, query),
        b'{' => {
            let (partial, fields) = de
                .deserialize_map(DatasetVisitor {
                    query,
                    names: &mut names,
                })
                .map_err(|_| Decline)?;
            de.end().map_err(|_| Decline)?;
            let answer = partial.end(&mut names).finish(false)?;
            return Ok(answer.covering(fields.coverage));
        }
        _ => return Err(Decline),
    };
    de.end().map_err(|_| Decline)?;
    partial.end(&mut names).finish(false)
}

/// Whether the first object of the input is a deal (not a dataset).
fn starts_with_deal(bytes: &[u8]) -> bool {
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<KeysOnly>();
    matches!(stream.next(), Some(Ok(KeysOnly { deal_like: true })))
}

/// Whitespace-separated deal objects, one after another.
fn scan_stream(bytes: &[u8], query: &Shaped) -> Result<Answer, Decline> {
    let plan = Plan::new(query, &Directory::default())?;
    let mut names = Interner::new(0);
    let mut partial = plan.stretch(&Directory::default(), &mut names);
    for raw in serde_json::Deserializer::from_slice(bytes).into_iter::<&RawValue>() {
        let text = raw.map_err(|_| Decline)?.get().as_bytes();
        partial.add_text(&plan, text, &mut names)?;
    }
    partial.end(&mut names).finish(false)
}

/// The companies and coverage of a dataset object whose first line opens
/// the deals array, such as `{"schema_version":1,"deals":[`; `None` when
/// the line is not such a start.
pub(super) fn header(first_line: &[u8]) -> Option<(Directory, Option<Coverage>)> {
    let mut text = first_line.to_vec();
    text.extend_from_slice(b"]}");
    let header: Header = serde_json::from_slice(&text).ok()?;
    header.deals_last.then(|| {
        let listed = Directory::listed(&header.fields.companies);
        (listed, header.fields.coverage)
    })
}

/// What the opening line of a dataset object holds.
struct Header {
    fields: DatasetFields,
    /// The deals array came last and empty: it is the one the line opens.
    deals_last: bool,
}

/// The fields of a dataset object besides its deals that a query uses.
#[derive(Default)]
struct DatasetFields {
    companies: Vec<Company>,
    coverage: Option<Coverage>,
}

impl<'de> Deserialize<'de> for Header {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HeaderVisitor;

        impl<'de> Visitor<'de> for HeaderVisitor {
            type Value = Header;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a dataset object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Header, A::Error> {
                let mut header = Header {
                    fields: DatasetFields::default(),
                    deals_last: false,
                };
                let mut seen: Vec<String> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if seen.contains(&key) || header.deals_last {
                        return Err(decline("duplicate key, or a key after the deals"));
                    }
                    match key.as_str() {
                        "deals" => {
                            let deals = map.next_value::<Vec<IgnoredAny>>()?;
                            header.deals_last = deals.is_empty();
                        }
                        other => read_dataset_field(&mut map, other, &mut header.fields)?,
                    }
                    seen.push(key);
                }
                Ok(header)
            }
        }

        deserializer.deserialize_map(HeaderVisitor)
    }
}

/// Reads a dataset object's field other than `deals`, checking it as
/// loading would; companies and coverage are kept.
fn read_dataset_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: &str,
    fields: &mut DatasetFields,
) -> Result<(), A::Error> {
    match key {
        "schema_version" => {
            map.next_value::<SupportedVersion>()?;
        }
        "as_of" => {
            map.next_value::<Option<Date>>()?;
        }
        "coverage" => {
            fields.coverage = map.next_value::<Option<Coverage>>()?;
        }
        "companies" => {
            fields.companies = map
                .next_value::<Option<Vec<Company>>>()?
                .unwrap_or_default();
        }
        "facts" => {
            map.next_value::<Option<Vec<Fact>>>()?;
        }
        key if DEAL_ONLY_KEYS.contains(&key) => return Err(decline("a deal, not a dataset")),
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
    Ok(())
}

/// Whether a line is one whole deal object.
pub(super) fn is_deal(line: &[u8]) -> bool {
    matches!(
        serde_json::from_slice::<KeysOnly>(line),
        Ok(KeysOnly { deal_like: true })
    )
}

/// Whether an object has a key only deals have; values are skipped.
struct KeysOnly {
    deal_like: bool,
}

impl<'de> Deserialize<'de> for KeysOnly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;

        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = KeysOnly;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeysOnly, A::Error> {
                let mut deal_like = false;
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    deal_like |= DEAL_ONLY_KEYS.contains(&key.as_ref());
                    map.next_value::<IgnoredAny>()?;
                }
                Ok(KeysOnly { deal_like })
            }
        }

        deserializer.deserialize_map(KeysVisitor)
    }
}

/// Feeds each element of a deals array to a partial answer.
struct EachDeal<'p, 'q> {
    plan: &'p Plan<'q>,
    partial: &'p mut Partial,
    names: &'p mut Interner,
}

impl<'de> Visitor<'de> for EachDeal<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of deals")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            self.partial
                .add_text(self.plan, raw.get().as_bytes(), self.names)
                .map_err(decline)?;
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for EachDeal<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

/// Walks a dataset object: companies (which must come before the deals, so
/// that names resolve), then the deals, streamed.
struct DatasetVisitor<'q, 'n> {
    query: &'q Shaped<'q>,
    names: &'n mut Interner,
}

impl<'de> Visitor<'de> for DatasetVisitor<'_, '_> {
    type Value = (Partial, DatasetFields);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a dataset object")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<(Partial, DatasetFields), A::Error> {
        let mut fields = DatasetFields::default();
        let mut partial: Option<Partial> = None;
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(decline("duplicate key"));
            }
            match key.as_str() {
                "companies" if partial.is_some() => return Err(decline("companies after deals")),
                "deals" => {
                    let listed = Directory::listed(&fields.companies);
                    let plan = Plan::new(self.query, &listed).map_err(decline)?;
                    let mut found = plan.stretch(&listed, self.names);
                    map.next_value_seed(EachDeal {
                        plan: &plan,
                        partial: &mut found,
                        names: self.names,
                    })?;
                    partial = Some(found);
                }
                other => read_dataset_field(&mut map, other, &mut fields)?,
            }
            seen.push(key);
        }
        Ok((partial.ok_or_else(|| decline("no deals"))?, fields))
    }
}
