//! Puts the bundled dataset's `as_of` date into the program's version
//! string (`deals --version`). A test checks it against `deals info`.

use std::fs;

fn main() {
    println!("cargo:rerun-if-changed=data/deals.json");
    let data = fs::read_to_string("data/deals.json").unwrap_or_default();
    let as_of = data
        .split_once("\"as_of\"")
        .and_then(|(_, rest)| rest.split('"').nth(1))
        .filter(|date| date.len() == 10)
        .unwrap_or("unknown");
    println!("cargo:rustc-env=DEALS_BUNDLED_AS_OF={as_of}");
}
