//! Company names: which spellings mean the same company, which companies a
//! name given on the command line stands for, and what the user probably
//! meant when it stands for none.
//!
//! A name matches a company's name, one of its aliases, or its parent (at any
//! depth), ignoring case: `aws`, `Amazon Web Services` and `Amazon` all stand
//! for Amazon Web Services. Names that only occur in deals or facts (a
//! `--data` file without `companies`) are companies of their own.

use std::collections::HashMap;

use crate::error::UsageError;
use crate::model::{Category, Company, Dataset};

/// Unicode-aware case folding used for every name comparison.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().flat_map(char::to_lowercase).collect()
}

/// Whether two names are equal ignoring case, without allocating.
pub fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || (!a.is_ascii() || !b.is_ascii())
            && a.chars()
                .flat_map(char::to_lowercase)
                .eq(b.chars().flat_map(char::to_lowercase))
}

/// One company, listed or implied by a deal or fact.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub aliases: Vec<String>,
    pub parent: Option<String>,
    /// What kind of company it is, when the dataset lists it with one.
    pub category: Option<Category>,
}

impl Entry {
    fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

type FastMap<V> = HashMap<String, V, foldhash::fast::RandomState>;

/// Every company a dataset knows of, and a case-folded index of their names.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    entries: Vec<Entry>,
    /// Case-folded spelling to entry.
    index: FastMap<usize>,
    /// Spelling exactly as met to entry: most names recur spelled the same,
    /// and this finds them without case-folding.
    exact: FastMap<usize>,
}

/// The companies a name on the command line stands for, by every spelling
/// that refers to them (case-folded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameSet {
    spellings: Vec<String>,
}

impl NameSet {
    /// Exactly one name, ignoring case.
    pub fn literal(name: &str) -> NameSet {
        NameSet {
            spellings: vec![fold(name)],
        }
    }

    /// Whether a name as written in a deal refers to one of these companies.
    pub fn contains(&self, name: &str) -> bool {
        self.spellings.iter().any(|s| same_name(s, name))
    }
}

impl Directory {
    pub fn new(dataset: &Dataset) -> Directory {
        let mut directory = Directory::listed(&dataset.companies);
        let implied = dataset
            .deals
            .iter()
            .flat_map(|d| [d.buyer.as_str(), d.seller.as_str()])
            .chain(dataset.facts.iter().map(|f| f.subject.as_str()));
        for name in implied {
            directory.add_implied(name);
        }
        directory
    }

    /// A directory of listed companies only.
    pub fn listed(companies: &[Company]) -> Directory {
        let mut directory = Directory::default();
        for company in companies {
            directory.add_listed(company);
        }
        directory
    }

    fn add_listed(&mut self, company: &Company) {
        let position = self.entries.len();
        self.entries.push(Entry {
            name: company.name.clone(),
            aliases: company.aliases.clone(),
            parent: company.parent.clone(),
            category: company.category,
        });
        let spellings: Vec<String> = self.entries[position]
            .spellings()
            .map(str::to_string)
            .collect();
        for spelling in spellings {
            let position = *self.index.entry(fold(&spelling)).or_insert(position);
            self.exact.entry(spelling).or_insert(position);
        }
    }

    /// Adds a company named only in a deal (or fact), unless a company
    /// already answers to that name. The first spelling seen names it.
    pub fn add_implied(&mut self, name: &str) {
        if self.exact.contains_key(name) {
            return;
        }
        let next = self.entries.len();
        let position = *self.index.entry(fold(name)).or_insert(next);
        if position == next {
            self.entries.push(Entry {
                name: name.to_string(),
                aliases: Vec::new(),
                parent: None,
                category: None,
            });
        }
        self.exact.insert(name.to_string(), position);
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The company a name as written in a deal refers to.
    pub fn lookup(&self, name: &str) -> Option<&Entry> {
        self.position(name).map(|i| &self.entries[i])
    }

    /// Where in [`Directory::entries`] the company a name refers to is.
    pub fn position(&self, name: &str) -> Option<usize> {
        match self.exact.get(name) {
            Some(&position) => Some(position),
            None => self.index.get(&fold(name)).copied(),
        }
    }

    /// The canonical name for a spelling, or the spelling itself.
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        self.lookup(name).map_or(name, |e| e.name.as_str())
    }

    /// The companies `query` stands for, or a usage error that names the
    /// closest known names.
    pub fn resolve(&self, query: &str, what: &str) -> Result<NameSet, UsageError> {
        let folded = fold(query.trim());
        let mut chosen: Vec<bool> = self
            .entries
            .iter()
            .map(|e| {
                e.spellings().any(|s| fold(s) == folded)
                    || e.parent.as_deref().is_some_and(|p| fold(p) == folded)
            })
            .collect();
        // A subsidiary belongs to whatever its parent belongs to, at any depth:
        // spread the choice down from parents to children. Each company is
        // chosen once, so cycles end and a long chain costs no more than a
        // short one per company (passes over all companies would be quadratic).
        let children = self.children();
        let mut pending: Vec<usize> = (0..chosen.len()).filter(|&i| chosen[i]).collect();
        while let Some(parent) = pending.pop() {
            for &child in &children[parent] {
                if !chosen[child] {
                    chosen[child] = true;
                    pending.push(child);
                }
            }
        }
        let spellings: Vec<String> = self
            .entries
            .iter()
            .zip(&chosen)
            .filter(|(_, chosen)| **chosen)
            .flat_map(|(e, _)| e.spellings().map(fold).collect::<Vec<_>>())
            .collect();
        if spellings.is_empty() {
            return Err(self.unknown(query, what));
        }
        Ok(NameSet { spellings })
    }

    /// For each company, the companies that name it as their parent.
    fn children(&self) -> Vec<Vec<usize>> {
        let mut children = vec![Vec::new(); self.entries.len()];
        for (i, entry) in self.entries.iter().enumerate() {
            let parent = entry
                .parent
                .as_deref()
                .and_then(|p| self.index.get(&fold(p)));
            if let Some(&parent) = parent {
                children[parent].push(i);
            }
        }
        children
    }

    fn unknown(&self, query: &str, what: &str) -> UsageError {
        let known = self.entries.iter().flat_map(|e| {
            e.spellings()
                .map(|s| (e.name.clone(), s.to_string()))
                .chain(e.parent.as_deref().map(|p| (p.to_string(), p.to_string())))
                .collect::<Vec<_>>()
        });
        let suggestions = closest_labelled(query, known);
        UsageError::new(format!("no {what} named '{query}' in this dataset")).with_hint(
            did_you_mean(&suggestions, "`deals companies` lists every name"),
        )
    }
}

/// Up to three known words closest to `query`: those containing it, then
/// those within a few typos of it.
pub fn closest(query: &str, known: impl IntoIterator<Item = String>) -> Vec<String> {
    closest_labelled(query, known.into_iter().map(|word| (word.clone(), word)))
}

/// Like [`closest`], for candidates that stand for a label (an alias stands
/// for its company's name); each label is suggested once.
pub fn closest_labelled(
    query: &str,
    known: impl IntoIterator<Item = (String, String)>,
) -> Vec<String> {
    let folded = fold(query.trim());
    let mut scored: Vec<(f64, String)> = Vec::new();
    for (label, word) in known {
        let candidate = fold(&word);
        let score = if !folded.is_empty() && candidate.contains(&folded) {
            2.0
        } else {
            typo_similarity(&folded, &candidate)
        };
        if score < MIN_SIMILARITY {
            continue;
        }
        match scored.iter_mut().find(|(_, l)| *l == label) {
            Some(entry) => entry.0 = entry.0.max(score),
            None => scored.push((score, label)),
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.into_iter().take(3).map(|(_, w)| w).collect()
}

/// How alike two names must be (0 to 1) to be suggested for each other.
const MIN_SIMILARITY: f64 = 0.6;

/// Longest name compared for typos. The comparison costs the product of the
/// two lengths, and a data file's names can be megabytes long.
const MAX_TYPO_CHARS: usize = 256;

/// Damerau-Levenshtein similarity, 0 to 1, skipped (as 0) when it cannot
/// reach [`MIN_SIMILARITY`]: the distance is at least the difference in
/// length, so the similarity is at most the shorter length over the longer.
fn typo_similarity(a: &str, b: &str) -> f64 {
    let (len_a, len_b) = (a.chars().count(), b.chars().count());
    let (shorter, longer) = (len_a.min(len_b), len_a.max(len_b));
    if longer > MAX_TYPO_CHARS || (shorter as f64) < MIN_SIMILARITY * longer as f64 {
        return 0.0;
    }
    strsim::normalized_damerau_levenshtein(a, b)
}

/// "did you mean 'A', 'B'?" or the fallback advice.
pub fn did_you_mean(suggestions: &[String], fallback: &str) -> String {
    if suggestions.is_empty() {
        return fallback.to_string();
    }
    let quoted: Vec<String> = suggestions.iter().map(|s| format!("'{s}'")).collect();
    format!("did you mean {}? ({fallback})", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> Directory {
        let company = |name: &str, aliases: &[&str], parent: Option<&str>| Company {
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            parent: parent.map(str::to_string),
            country: None,
            category: None,
            founded: None,
            notes: None,
        };
        Directory::new(&Dataset {
            companies: vec![
                company("Amazon Web Services", &["AWS"], Some("Amazon")),
                company("Amazon", &["Amazon.com, Inc."], None),
                company("Google Cloud", &["Google", "GCP"], Some("Alphabet")),
                company("Microsoft", &["Azure"], None),
            ],
            ..Dataset::default()
        })
    }

    #[test]
    fn names_aliases_and_parents_match_ignoring_case() {
        let d = directory();
        for query in ["aws", "Amazon Web Services", "Amazon", "AMAZON.COM, INC."] {
            let set = d.resolve(query, "company").unwrap();
            assert!(set.contains("Amazon Web Services"), "{query}");
            assert!(set.contains("aws"), "{query}");
        }
        assert!(!d.resolve("aws", "company").unwrap().contains("Amazon"));
        assert!(
            d.resolve("alphabet", "company")
                .unwrap()
                .contains("Google Cloud")
        );
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        let err = directory().resolve("Microsfot", "buyer").unwrap_err();
        assert!(err.to_string().contains("'Microsoft'"), "{err}");
    }

    #[test]
    fn long_parent_chains_and_cycles_resolve_once_each() {
        let company = |i: usize, parent: usize| Company {
            name: format!("c{i}"),
            aliases: Vec::new(),
            parent: Some(format!("c{parent}")),
            country: None,
            category: None,
            founded: None,
            notes: None,
        };
        // c0 <- c1 <- ... <- c9999, and c0's parent is c9999: one big cycle.
        let n = 10_000;
        let d = Directory::new(&Dataset {
            companies: (0..n).map(|i| company(i, (i + n - 1) % n)).collect(),
            ..Dataset::default()
        });
        let set = d.resolve("c5000", "company").unwrap();
        assert!(set.contains("c0") && set.contains("c4999") && set.contains("c9999"));
    }

    #[test]
    fn suggestions_skip_what_cannot_be_close() {
        assert_eq!(typo_similarity("abc", "abcdefghij"), 0.0);
        assert_eq!(typo_similarity(&"x".repeat(300), &"x".repeat(300)), 0.0);
        assert!(typo_similarity("Microsfot", "microsoft") > MIN_SIMILARITY);
    }

    #[test]
    fn unicode_case_folding() {
        assert!(same_name("Société Générale", "SOCIÉTÉ GÉNÉRALE"));
        assert!(!same_name("Meta", "Metal"));
    }
}
