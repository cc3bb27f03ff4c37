//! `deals completions SHELL`: a completion script for bash, zsh, fish,
//! PowerShell or elvish. Besides commands and flags it offers the bundled
//! dataset's company names for `--buyer`, `--seller`, `--party` and
//! `--subject`, its kinds for `--kind` and its deal ids for `show`.
//!
//! The names are written into the script when it is generated: clap's
//! completion engine only offers values computed at run time (from a
//! `--data` file) through its unstable `unstable-dynamic` feature, which this
//! tool does not depend on.

use std::io::Write;

use clap::CommandFactory;
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap_complete::Shell;

use crate::cli::{Cli, CompletionsArgs};
use crate::load::{self, Origin};
use crate::model::{Dataset, KNOWN_KINDS, KNOWN_STATUSES};
use crate::names::Directory;

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let bundled = load::load(Origin::Bundled)?.dataset;
    let mut command = with_bundled_values(Cli::command(), &bundled, args.shell);
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "deals", &mut script);
    if args.shell == Shell::Fish {
        script.extend(fish_show_ids(&bundled).as_bytes());
    }
    out.write_all(&script)?;
    Ok(())
}

/// clap's fish script completes flag values but not positional ones; this
/// line offers the deal ids after `deals show` (ids that are plain slugs,
/// which need no quoting).
fn fish_show_ids(dataset: &Dataset) -> String {
    let slug = |id: &&str| {
        id.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    let ids: Vec<&str> = dataset
        .deals
        .iter()
        .map(|d| d.id.as_str())
        .filter(slug)
        .collect();
    format!(
        "complete -c deals -n \"__fish_deals_using_subcommand show\" -f -a \"{}\"\n",
        ids.join(" ")
    )
}

/// The command line with the bundled names, kinds, statuses and ids as the
/// values to offer. Only the completion script sees these; parsing still
/// accepts any name, for other datasets.
fn with_bundled_values(command: clap::Command, dataset: &Dataset, shell: Shell) -> clap::Command {
    let directory = Directory::new(dataset);
    // bash's word list splits on spaces, so it is offered one-word
    // spellings only (AWS, Microsoft, Meta); the other shells get them all.
    let completable = |name: &String| shell != Shell::Bash || !name.contains(char::is_whitespace);
    let names: Vec<String> = directory
        .entries()
        .iter()
        .flat_map(|e| std::iter::once(e.name.clone()).chain(e.aliases.iter().cloned()))
        .filter(completable)
        .collect();
    let ids: Vec<String> = dataset.deals.iter().map(|d| d.id.clone()).collect();
    let offer = |values: &[String]| {
        let values: Vec<PossibleValue> = values.iter().map(PossibleValue::new).collect();
        move |arg: clap::Arg| arg.value_parser(PossibleValuesParser::new(values.clone()))
    };
    let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    let (kinds, statuses) = (words(&KNOWN_KINDS), words(&KNOWN_STATUSES));
    let filters = |sub: clap::Command| {
        sub.mut_arg("buyer", offer(&names))
            .mut_arg("seller", offer(&names))
            .mut_arg("party", offer(&names))
            .mut_arg("kind", offer(&kinds))
            .mut_arg("status", offer(&statuses))
    };
    command
        .mut_subcommand("list", filters)
        .mut_subcommand("total", filters)
        .mut_subcommand("graph", filters)
        .mut_subcommand("cycles", filters)
        .mut_subcommand("facts", |sub| sub.mut_arg("subject", offer(&names)))
        .mut_subcommand("show", |sub| sub.mut_arg("id", offer(&ids)))
}
