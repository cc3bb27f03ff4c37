//! Puts the bundled dataset's dates into the program's version string
//! (`deals --version`): the day it was compiled (`as_of`) and the
//! announcements it covers (`coverage`), when it says. A test checks them
//! against `deals info`.

use std::fs;

use serde_json::Value;

fn main() {
    println!("cargo:rerun-if-changed=data/deals.json");
    let data = fs::read_to_string("data/deals.json").unwrap_or_default();
    let dataset: Value = serde_json::from_str(&data).unwrap_or(Value::Null);
    let date = |value: &Value| value.as_str().filter(|d| d.len() == 10).map(str::to_string);
    let as_of = date(&dataset["as_of"]).unwrap_or_else(|| "unknown".to_string());
    let coverage = &dataset["coverage"];
    let mut description = format!("bundled dataset as of {as_of}");
    if let (Some(from), Some(through)) = (date(&coverage["from"]), date(&coverage["through"])) {
        description.push_str(&format!(", covering {from} to {through}"));
    }
    println!("cargo:rustc-env=DEALS_BUNDLED_DATASET={description}");
}
