//! A dataset's one canonical form, so that a change to a data file is a
//! small diff a reviewer can read: the dataset object with its keys in the
//! order the model declares them (`schema_version`, `as_of`, `coverage`,
//! `companies`, `deals`, `facts`; within a record, the order of its struct,
//! every field written, `null` or `[]` when empty); deals sorted by
//! (announced, id), companies by name (ignoring case, then exactly); two
//! spaces of indent; a newline at the end.

use serde_json::Value;

use crate::model::{DEAL_ONLY_KEYS, Dataset, SCHEMA_VERSION};
use crate::names::fold;

/// The dataset in canonical order (facts keep theirs).
pub fn sorted(dataset: &Dataset) -> Dataset {
    let mut sorted = dataset.clone();
    sorted.schema_version = Some(SCHEMA_VERSION);
    sorted
        .deals
        .sort_by(|a, b| (a.announced, &a.id).cmp(&(b.announced, &b.id)));
    sorted.companies.sort_by(|a, b| {
        fold(&a.name)
            .cmp(&fold(&b.name))
            .then_with(|| a.name.cmp(&b.name))
    });
    sorted
}

/// The text of the dataset's canonical form.
pub fn text(dataset: &Dataset) -> String {
    // A dataset of model types always serializes; the fallback is never used.
    let mut text = serde_json::to_string_pretty(&sorted(dataset)).unwrap_or_default();
    text.push('\n');
    text
}

/// The fields of `input` (a dataset file that loaded as `dataset`) that
/// the canonical form does not keep, by JSON path: fields the schema does
/// not have, and derived ones such as a listed deal's `evidence`.
pub fn dropped_fields(input: &[u8], dataset: &Dataset) -> Vec<String> {
    let Ok(written) = serde_json::to_value(dataset) else {
        return Vec::new();
    };
    let mut dropped = Vec::new();
    compare(&as_dataset_object(input), &written, "", &mut dropped);
    dropped
}

/// The input as a dataset object, whichever of the three forms it has, so
/// that its records line up with the loaded dataset's, in file order.
fn as_dataset_object(input: &[u8]) -> Value {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    match serde_json::from_slice::<Value>(input) {
        Ok(Value::Object(object)) if !DEAL_ONLY_KEYS.iter().any(|k| object.contains_key(*k)) => {
            Value::Object(object)
        }
        Ok(Value::Array(deals)) => serde_json::json!({ "deals": deals }),
        _ => {
            let deals: Vec<Value> = serde_json::Deserializer::from_slice(input)
                .into_iter::<Value>()
                .filter_map(Result::ok)
                .collect();
            serde_json::json!({ "deals": deals })
        }
    }
}

/// Adds to `dropped` the path of every key of `input` that `written`, the
/// same record as the model writes it, lacks.
fn compare(input: &Value, written: &Value, path: &str, dropped: &mut Vec<String>) {
    match (input, written) {
        (Value::Object(input), Value::Object(written)) => {
            for (key, value) in input {
                let inner = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match written.get(key) {
                    Some(kept) => compare(value, kept, &inner, dropped),
                    None => dropped.push(inner),
                }
            }
        }
        (Value::Array(input), Value::Array(written)) if input.len() == written.len() => {
            for (i, (value, kept)) in input.iter().zip(written).enumerate() {
                compare(value, kept, &format!("{path}[{i}]"), dropped);
            }
        }
        _ => {}
    }
}

/// Where a text first differs from its canonical form: the line number and
/// each side's line (`None` past the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub line: usize,
    pub found: Option<String>,
    pub expected: Option<String>,
}

/// The first difference between `found` and `expected`, line by line;
/// `None` when they are the same text.
pub fn first_difference(found: &str, expected: &str) -> Option<Difference> {
    if found == expected {
        return None;
    }
    let mut found_lines = found.split_inclusive('\n');
    let mut expected_lines = expected.split_inclusive('\n');
    for line in 1.. {
        match (found_lines.next(), expected_lines.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (a, b) => {
                return Some(Difference {
                    line,
                    found: a.map(str::to_string),
                    expected: b.map(str::to_string),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{BUNDLED_JSON, Origin, parse};

    fn load(text: &str) -> Dataset {
        parse(text.as_bytes(), &Origin::Stdin).unwrap().0
    }

    #[test]
    fn the_bundled_dataset_is_in_canonical_form() {
        let dataset = load(BUNDLED_JSON);
        let difference = first_difference(BUNDLED_JSON, &text(&dataset));
        assert_eq!(
            difference, None,
            "data/deals.json is not canonical; run: cargo run -- fmt --write data/deals.json"
        );
    }

    #[test]
    fn deals_and_companies_are_sorted_and_keys_ordered() {
        let input = r#"{"deals": [
            {"sources": [{"url": "https://b.example", "publisher": "B"}], "id": "b", "buyer": "X", "seller": "Y", "announced": "2025-02-01"},
            {"id": "c", "buyer": "X", "seller": "Y", "announced": "2025-01-01", "sources": [{"publisher": "C", "url": "https://c.example"}]},
            {"id": "a", "buyer": "X", "seller": "Y", "announced": "2025-02-01", "sources": [{"publisher": "A", "url": "https://a.example"}]}
        ], "companies": [{"name": "beta"}, {"name": "Alpha"}, {"name": "Beta"}], "as_of": "2025-03-01"}"#;
        let canonical = text(&load(input));
        let order = |needles: &[&str]| -> Vec<usize> {
            needles.iter().map(|n| canonical.find(n).unwrap()).collect()
        };
        let ids = order(&["\"id\": \"c\"", "\"id\": \"a\"", "\"id\": \"b\""]);
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{canonical}");
        let names = order(&["\"Alpha\"", "\"Beta\"", "\"beta\""]);
        assert!(names.windows(2).all(|w| w[0] < w[1]), "{canonical}");
        let keys = order(&[
            "\"schema_version\": 1",
            "\"as_of\"",
            "\"coverage\": null",
            "\"companies\"",
            "\"deals\"",
            "\"facts\": []",
        ]);
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{canonical}");
        assert!(
            canonical.starts_with("{\n  \"schema_version\": 1,\n"),
            "{canonical}"
        );
        assert!(canonical.ends_with("}\n"));
        assert_eq!(text(&load(&canonical)), canonical, "canonical twice");
    }

    #[test]
    fn unknown_fields_are_named_wherever_they_are() {
        let input = r#"{"notes": "x", "deals": [
            {"id": "a", "buyer": "X", "seller": "Y", "announced": "2025-02-01", "evidence": "primary",
             "sources": [{"publisher": "A", "url": "https://a.example", "via": "z"}]}
        ]}"#;
        let dropped = dropped_fields(input.as_bytes(), &load(input));
        assert_eq!(
            dropped,
            ["deals[0].evidence", "deals[0].sources[0].via", "notes"]
        );
        let ndjson = "{\"id\":\"a\",\"buyer\":\"X\",\"seller\":\"Y\",\"announced\":\"2025-02-01\",\"sources\":[{\"publisher\":\"A\",\"url\":\"https://a.example\"}],\"x\":1}\n";
        assert_eq!(
            dropped_fields(ndjson.as_bytes(), &load(ndjson)),
            ["deals[0].x"]
        );
    }

    #[test]
    fn the_first_difference_is_named_by_line() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        let difference = first_difference("a\nx\nc\n", "a\nb\nc\n").unwrap();
        assert_eq!(difference.line, 2);
        assert_eq!(difference.found.as_deref(), Some("x\n"));
        assert_eq!(difference.expected.as_deref(), Some("b\n"));
        let shorter = first_difference("a\n", "a\nb\n").unwrap();
        assert_eq!((shorter.line, shorter.found), (2, None));
        let no_newline = first_difference("a", "a\n").unwrap();
        assert_eq!(no_newline.line, 1);
    }
}
