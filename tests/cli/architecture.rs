//! The shape of the code: imports between the library's modules run one way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of `src/` and the top-level modules it names as
/// `crate::NAME` outside its unit tests.
fn module_imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pending = vec![src.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&src).expect("under src");
            let first = relative.components().next().expect("a component");
            let module = first
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if module == "lib" || module == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read a module");
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let named = imports.entry(module.clone()).or_default();
            for (at, _) in code.match_indices("crate::") {
                let name: String = code[at + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty()
                    && name != module
                    && name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                {
                    named.insert(name);
                }
            }
        }
    }
    imports
}

/// A module that imports, through any chain, a module that imports it.
fn find_cycle(imports: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    for start in imports.keys() {
        let mut path = vec![start.clone()];
        let mut seen = BTreeSet::new();
        if walk(imports, start, &mut path, &mut seen) {
            return Some(path);
        }
    }
    None
}

fn walk(
    imports: &BTreeMap<String, BTreeSet<String>>,
    start: &str,
    path: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) -> bool {
    let current = path.last().expect("a path").clone();
    for next in imports.get(&current).into_iter().flatten() {
        if next == start {
            path.push(next.clone());
            return true;
        }
        if seen.insert(next.clone()) {
            path.push(next.clone());
            if walk(imports, start, path, seen) {
                return true;
            }
            path.pop();
        }
    }
    false
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let imports = module_imports();
    assert!(imports.contains_key("cli") && imports.contains_key("render"));
    assert!(imports["stream"].contains("query"), "the scan sees imports");
    if let Some(cycle) = find_cycle(&imports) {
        panic!(
            "modules import each other in a loop: {}",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in [
        ("cli", "fields"),
        ("fields", "render"),
        ("render", "cli"),
        ("render", "money"),
    ] {
        imports.entry(from.into()).or_default().insert(to.into());
    }
    assert_eq!(
        find_cycle(&imports),
        Some(vec![
            "cli".to_string(),
            "fields".into(),
            "render".into(),
            "cli".into()
        ])
    );
    imports.get_mut("render").map(|r| r.remove("cli"));
    assert_eq!(find_cycle(&imports), None);
}
