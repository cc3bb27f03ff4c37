//! What changed between two datasets, independent of how it is shown:
//! deals matched by id, companies by name (any case), facts by subject,
//! metric and period; for each record matched on both sides, the fields
//! whose JSON differs, old and new.
//!
//! A side that holds no companies (or no facts, or none of a dataset's
//! own fields such as `as_of`) is most often a saved `deals list --json`,
//! which never had them: that part is not compared, rather than every
//! company reported as added.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use crate::fields::{self, DealField, Projected};
use crate::model::{Company, Dataset, Deal, Fact, Source};
use crate::names::fold;

/// One field whose value differs, as JSON on each side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Json,
    pub new: Json,
    /// For a deal's lists (sources, history, related, hardware): which
    /// items came and went, matched by key.
    #[serde(skip)]
    pub items: Option<ItemChanges>,
}

/// The items of a list that were added, removed, or kept under the same
/// key with other contents, each named by its key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemChanges {
    /// What identifies an item: "URL", "date and event".
    pub key: &'static str,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub edited: Vec<String>,
}

impl ItemChanges {
    /// The same items under the same keys, in another order.
    pub fn only_reordered(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.edited.is_empty()
    }
}

/// A record found on both sides, with the fields that differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed<'a, T> {
    pub old: &'a T,
    pub new: &'a T,
    pub changes: Vec<FieldChange>,
}

/// Whether one kind of record was compared: a side without any is a
/// dataset that never had them, not one that lost them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compared {
    Yes,
    OldHasNone,
    NewHasNone,
}

/// Records added, removed and changed, in a stable order.
#[derive(Debug, Clone, PartialEq)]
pub struct Records<'a, T> {
    pub compared: Compared,
    pub added: Vec<&'a T>,
    pub removed: Vec<&'a T>,
    pub changed: Vec<Changed<'a, T>>,
}

impl<T> Records<'_, T> {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    fn not_compared(compared: Compared) -> Self {
        Records {
            compared,
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
        }
    }
}

/// Everything that differs between two datasets.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetDiff<'a> {
    /// Whether the datasets' own fields were compared.
    pub header_compared: Compared,
    /// `schema_version`, `as_of` and `coverage`, where they differ.
    pub header: Vec<FieldChange>,
    pub deals: Records<'a, Deal>,
    pub companies: Records<'a, Company>,
    pub facts: Records<'a, Fact>,
}

impl DatasetDiff<'_> {
    /// No difference in anything compared.
    pub fn is_empty(&self) -> bool {
        self.header.is_empty()
            && self.deals.is_empty()
            && self.companies.is_empty()
            && self.facts.is_empty()
    }
}

/// Compares two datasets.
pub fn diff<'a>(old: &'a Dataset, new: &'a Dataset) -> DatasetDiff<'a> {
    let header_compared = compared(has_header(old), has_header(new));
    DatasetDiff {
        header: if header_compared == Compared::Yes {
            header_changes(old, new)
        } else {
            Vec::new()
        },
        header_compared,
        deals: deals(&old.deals, &new.deals),
        companies: match compared(!old.companies.is_empty(), !new.companies.is_empty()) {
            Compared::Yes => companies(&old.companies, &new.companies),
            other => Records::not_compared(other),
        },
        facts: match compared(!old.facts.is_empty(), !new.facts.is_empty()) {
            Compared::Yes => facts(&old.facts, &new.facts),
            other => Records::not_compared(other),
        },
    }
}

fn compared(old_has: bool, new_has: bool) -> Compared {
    match (old_has, new_has) {
        (false, true) => Compared::OldHasNone,
        (true, false) => Compared::NewHasNone,
        _ => Compared::Yes,
    }
}

/// Whether a dataset has anything beyond its deals: a list of deals has
/// none of these.
fn has_header(dataset: &Dataset) -> bool {
    dataset.schema_version.is_some()
        || dataset.as_of.is_some()
        || dataset.coverage.is_some()
        || !dataset.companies.is_empty()
        || !dataset.facts.is_empty()
}

fn header_changes(old: &Dataset, new: &Dataset) -> Vec<FieldChange> {
    let pairs = [
        (
            "schema_version",
            json(&old.schema_version),
            json(&new.schema_version),
        ),
        ("as_of", json(&old.as_of), json(&new.as_of)),
        ("coverage", json(&old.coverage), json(&new.coverage)),
    ];
    pairs
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| FieldChange {
            field: field.to_string(),
            old,
            new,
            items: None,
        })
        .collect()
}

fn json<T: Serialize + ?Sized>(value: &T) -> Json {
    Json::of(value)
}

/// Deals by id; each order is by date announced, then id.
fn deals<'a>(old: &'a [Deal], new: &'a [Deal]) -> Records<'a, Deal> {
    let old_by_id: HashMap<&str, &Deal> = old.iter().map(|d| (d.id.as_str(), d)).collect();
    let new_ids: HashMap<&str, ()> = new.iter().map(|d| (d.id.as_str(), ())).collect();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for deal in new {
        match old_by_id.get(deal.id.as_str()) {
            None => added.push(deal),
            Some(&before) if before != deal => {
                let changes = deal_changes(before, deal);
                if !changes.is_empty() {
                    changed.push(Changed {
                        old: before,
                        new: deal,
                        changes,
                    });
                }
            }
            Some(_) => {}
        }
    }
    let mut removed: Vec<&Deal> = old
        .iter()
        .filter(|d| !new_ids.contains_key(d.id.as_str()))
        .collect();
    let order = |d: &&Deal| (d.announced, d.id.clone());
    added.sort_by_key(order);
    removed.sort_by_key(order);
    changed.sort_by_key(|c| (c.new.announced, c.new.id.clone()));
    Records {
        compared: Compared::Yes,
        added,
        removed,
        changed,
    }
}

/// The fields of two versions of a deal that differ, in the order of
/// [`fields::ALL`], each as `deals list --json` prints it.
pub fn deal_changes(old: &Deal, new: &Deal) -> Vec<FieldChange> {
    fields::ALL
        .iter()
        .filter_map(|&field| {
            let (before, after) = (field_json(old, field), field_json(new, field));
            (before != after).then(|| FieldChange {
                field: field.name().to_string(),
                old: before,
                new: after,
                items: list_items(field, old, new),
            })
        })
        .collect()
}

/// One field of a deal as JSON.
fn field_json(deal: &Deal, field: DealField) -> Json {
    let projected = Projected {
        deal,
        fields: std::slice::from_ref(&field),
    };
    match json(&projected) {
        Json::Object(entries) => entries
            .into_iter()
            .next()
            .map_or(Json::Null, |(_, value)| value),
        _ => Json::Null,
    }
}

/// For a list field, the items that came, went or changed.
fn list_items(field: DealField, old: &Deal, new: &Deal) -> Option<ItemChanges> {
    let by_url = |s: &Source| s.url.as_str().to_string();
    match field {
        DealField::Sources => Some(items("URL", &old.sources, &new.sources, by_url)),
        DealField::History => Some(items("date and event", &old.history, &new.history, |e| {
            format!("{} {}", e.date, e.event)
        })),
        DealField::Related => Some(items("relation and id", &old.related, &new.related, |r| {
            format!("{} {}", r.relation, r.id)
        })),
        DealField::Hardware => Some(items("name", &old.hardware, &new.hardware, |h| h.clone())),
        _ => None,
    }
}

/// Matches the items of two lists by key (a key may repeat: its items are
/// matched in order, equal ones first).
fn items<T: PartialEq>(
    key: &'static str,
    old: &[T],
    new: &[T],
    key_of: impl Fn(&T) -> String,
) -> ItemChanges {
    let mut changes = ItemChanges {
        key,
        ..ItemChanges::default()
    };
    let matched = pair_by_key(old, new, |t| key_of(t));
    for pair in matched {
        match pair {
            Pair::Both(before, after) if before != after => changes.edited.push(key_of(after)),
            Pair::Both(..) => {}
            Pair::Old(before) => changes.removed.push(key_of(before)),
            Pair::New(after) => changes.added.push(key_of(after)),
        }
    }
    changes
}

/// An item matched across the two sides, or found on one only.
enum Pair<'a, T> {
    Both(&'a T, &'a T),
    Old(&'a T),
    New(&'a T),
}

/// Matches items by key: under each key, equal items pair first, then the
/// rest in order; what is left over is on one side only. Items found on
/// both sides and on the new side only come in the new side's order, then
/// those on the old side only in the old side's order.
fn pair_by_key<'a, T: PartialEq, K: std::hash::Hash + Eq>(
    old: &'a [T],
    new: &'a [T],
    key_of: impl Fn(&T) -> K,
) -> Vec<Pair<'a, T>> {
    let mut waiting: HashMap<K, Vec<Option<&'a T>>> = HashMap::new();
    for item in old {
        waiting.entry(key_of(item)).or_default().push(Some(item));
    }
    let mut unmatched_new = Vec::new();
    let mut pairs: Vec<Option<Pair<'a, T>>> = Vec::with_capacity(new.len());
    // Equal items first, so that one edit among repeated keys does not
    // show as edits to all of them.
    for (i, item) in new.iter().enumerate() {
        let slot = waiting
            .get_mut(&key_of(item))
            .and_then(|olds| olds.iter_mut().find(|o| *o == &Some(item)));
        match slot.and_then(Option::take) {
            Some(before) => pairs.push(Some(Pair::Both(before, item))),
            None => {
                pairs.push(None);
                unmatched_new.push(i);
            }
        }
    }
    for i in unmatched_new {
        let item = &new[i];
        let before = waiting
            .get_mut(&key_of(item))
            .and_then(|olds| olds.iter_mut().find(|o| o.is_some()))
            .and_then(Option::take);
        pairs[i] = Some(match before {
            Some(before) => Pair::Both(before, item),
            None => Pair::New(item),
        });
    }
    let mut result: Vec<Pair<'a, T>> = pairs.into_iter().flatten().collect();
    let left: Vec<&T> = old
        .iter()
        .filter(|item| {
            waiting
                .get(&key_of(item))
                .is_some_and(|olds| olds.iter().flatten().any(|o| std::ptr::eq(*o, *item)))
        })
        .collect();
    result.extend(left.into_iter().map(Pair::Old));
    result
}

/// Companies by name, ignoring case; in name order.
fn companies<'a>(old: &'a [Company], new: &'a [Company]) -> Records<'a, Company> {
    let mut records = records(old, new, |c| fold(&c.name));
    let order = |c: &Company| (fold(&c.name), c.name.clone());
    records.added.sort_by_key(|c| order(c));
    records.removed.sort_by_key(|c| order(c));
    records.changed.sort_by_key(|c| order(c.new));
    records
}

/// Facts by subject (any case), metric and period; in that order.
fn facts<'a>(old: &'a [Fact], new: &'a [Fact]) -> Records<'a, Fact> {
    let key = |f: &Fact| (fold(&f.subject), f.metric.clone(), f.period.clone());
    let mut records = records(old, new, key);
    let order = |f: &Fact| {
        (
            fold(&f.subject),
            f.subject.clone(),
            f.metric.clone(),
            f.period.clone(),
        )
    };
    records.added.sort_by_key(|f| order(f));
    records.removed.sort_by_key(|f| order(f));
    records.changed.sort_by_key(|c| order(c.new));
    records
}

/// Records matched by key, compared field by field as JSON.
fn records<'a, T: PartialEq + Serialize, K: std::hash::Hash + Eq>(
    old: &'a [T],
    new: &'a [T],
    key_of: impl Fn(&T) -> K,
) -> Records<'a, T> {
    let mut records = Records::not_compared(Compared::Yes);
    for pair in pair_by_key(old, new, key_of) {
        match pair {
            Pair::Both(before, after) if before != after => {
                let changes = object_changes(before, after);
                if !changes.is_empty() {
                    records.changed.push(Changed {
                        old: before,
                        new: after,
                        changes,
                    });
                }
            }
            Pair::Both(..) => {}
            Pair::Old(before) => records.removed.push(before),
            Pair::New(after) => records.added.push(after),
        }
    }
    records
}

/// The keys of two JSON objects whose values differ, in the order they
/// are written.
fn object_changes<T: Serialize>(old: &T, new: &T) -> Vec<FieldChange> {
    let (Json::Object(before), Json::Object(after)) = (json(old), json(new)) else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = after.iter().map(|(k, _)| k).collect();
    keys.extend(
        before
            .iter()
            .map(|(k, _)| k)
            .filter(|k| after.iter().all(|(other, _)| other != *k)),
    );
    keys.into_iter()
        .filter_map(|key| {
            let old = lookup(&before, key).cloned().unwrap_or(Json::Null);
            let new = lookup(&after, key).cloned().unwrap_or(Json::Null);
            (old != new).then(|| FieldChange {
                field: key.clone(),
                old,
                new,
                items: None,
            })
        })
        .collect()
}

fn lookup<'a>(entries: &'a [(String, Json)], key: &str) -> Option<&'a Json> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// A JSON value that keeps its keys in the order they were written, so a
/// changed value reads as the dataset and `deals list --json` write it
/// (serde_json's own `Value` sorts them).
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// A value as it serializes to JSON.
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Json {
        serde_json::to_string(value)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(Json::Null)
    }

    /// The value under a key of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => lookup(entries, key),
            _ => None,
        }
    }
}

impl fmt::Display for Json {
    /// Compact JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(n) => n.serialize(serializer),
            Json::String(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Json, E> {
        Ok(serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_string()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry()? {
            entries.push((key, value));
        }
        Ok(Json::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(text: &str) -> Dataset {
        crate::load::parse(text.as_bytes(), &crate::load::Origin::Stdin)
            .expect("a dataset")
            .0
    }

    fn deal(id: &str, extra: &str) -> String {
        format!(
            r#"{{"id":"{id}","buyer":"B","seller":"S","announced":"2025-01-02",{extra}"sources":[{{"publisher":"P","url":"https://p.example/{id}"}}]}}"#
        )
    }

    #[test]
    fn a_dataset_does_not_differ_from_itself() {
        let data = dataset(&format!(
            r#"{{"as_of":"2025-02-01","companies":[{{"name":"B"}}],"deals":[{}],"facts":[{{"subject":"B","metric":"rpo","value":1,"source":{{"publisher":"P","url":"https://p.example"}}}}]}}"#,
            deal("a", "")
        ));
        assert!(diff(&data, &data).is_empty());
    }

    #[test]
    fn deals_are_added_removed_and_changed_field_by_field() {
        let old = dataset(&format!("[{},{}]", deal("a", ""), deal("b", "")));
        let new = dataset(&format!(
            "[{},{}]",
            deal("a", r#""value_usd":5,"hardware":["H100"],"#),
            deal("c", "")
        ));
        let d = diff(&old, &new);
        assert_eq!(d.deals.added[0].id, "c");
        assert_eq!(d.deals.removed[0].id, "b");
        let fields: Vec<&str> = d.deals.changed[0]
            .changes
            .iter()
            .map(|c| c.field.as_str())
            .collect();
        assert_eq!(fields, ["value_usd", "hardware"]);
        let hardware = d.deals.changed[0].changes[1].items.as_ref().unwrap();
        assert_eq!(hardware.added, ["H100"]);
        assert_eq!(d.header_compared, Compared::Yes);
    }

    #[test]
    fn a_side_without_companies_is_not_compared() {
        let old = dataset(&format!("[{}]", deal("a", "")));
        let new = dataset(&format!(
            r#"{{"companies":[{{"name":"B"}}],"deals":[{}]}}"#,
            deal("a", "")
        ));
        let d = diff(&old, &new);
        assert_eq!(d.companies.compared, Compared::OldHasNone);
        assert_eq!(d.header_compared, Compared::OldHasNone);
        assert!(d.is_empty());
    }

    #[test]
    fn repeated_keys_pair_equal_items_first() {
        let old = ["x1", "x2", "y"];
        let new = ["x2", "x1", "z"];
        let pairs = pair_by_key(&old, &new, |s| s.as_bytes()[0]);
        let described: Vec<String> = pairs
            .iter()
            .map(|p| match p {
                Pair::Both(a, b) => format!("{a}={b}"),
                Pair::Old(a) => format!("-{a}"),
                Pair::New(b) => format!("+{b}"),
            })
            .collect();
        assert_eq!(described, ["x2=x2", "x1=x1", "+z", "-y"]);
    }
}
