//! `deals`: a queryable, sourced dataset of the deals that build the world's
//! AI compute. The binary is a thin shell over [`run`].
//!
//! Modules, by concern: `cli` (the command line), `model` (deals, companies,
//! facts), `date` and `money` (the value types), `load` (reading datasets),
//! `stream` (answering `list`, `total`, `graph` and `cycles` over large
//! files without loading them), `validate` (checking a dataset), `names`
//! (company names and aliases), `query` (filters and sorting), `group`
//! (grouped totals), `graph` (the money graph: who pays whom), `cycles`
//! (money that goes round), `fields` (`--fields`), `render` and `sanitize`
//! (output), `parallel` (work split across cores), `error` (messages and
//! exit codes), and `cmd::*` (one module per subcommand).

pub mod cli;
pub mod cmd;
pub mod cycles;
pub mod date;
pub mod error;
pub mod fields;
pub mod graph;
pub mod group;
pub mod load;
pub mod model;
pub mod money;
pub mod names;
pub mod parallel;
pub mod query;
pub mod render;
pub mod sanitize;
pub mod stream;
pub mod validate;

use std::io::{self, BufWriter, Write};

use anyhow::Context as _;

use cli::{Cli, Command, FilterArgs};
use error::UsageError;
use load::{Loaded, Origin};
use model::Deal;
use names::Directory;
use query::{Filter, FilterSpec};
use render::Output;

/// Everything a subcommand needs: the dataset, its company directory, and
/// how to write.
pub struct Context {
    pub loaded: Loaded,
    pub directory: Directory,
    pub output: Output,
}

impl Context {
    pub fn new(loaded: Loaded, output: Output) -> Context {
        let directory = Directory::new(&loaded.dataset);
        Context {
            loaded,
            directory,
            output,
        }
    }

    pub fn deals(&self) -> &[Deal] {
        &self.loaded.dataset.deals
    }

    /// The command line's filters, checked against this dataset.
    pub fn filter(&self, args: &FilterArgs) -> Result<Filter, UsageError> {
        self.filter_spec(&args.spec())
    }

    /// Filters, checked against this dataset.
    pub fn filter_spec(&self, spec: &FilterSpec) -> Result<Filter, UsageError> {
        Filter::new(spec, self.deals(), &self.directory)
    }
}

/// Runs one command line to completion, writing to standard output.
pub fn run(cli: &Cli) -> anyhow::Result<()> {
    cli.check()?;
    let output = cli.global.output();
    let mut out = BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let data = cli.global.data.as_deref();
    let result = match &cli.command {
        Command::Man(_) => cmd::man::run(&mut out),
        Command::Completions(args) => cmd::completions::run(args, &mut out),
        Command::Validate(args) => cmd::validate::run(args, data, &output, &mut out),
        command => query(command, Origin::from_arg(data), output, &mut out),
    };
    // A report may precede a failure (validate), so flush either way.
    let flushed = out.flush();
    result.map_err(output_error)?;
    flushed.context("cannot write to standard output")?;
    Ok(())
}

/// Answers a query: streaming through a `--data` file where that can give
/// the answer, otherwise loading the dataset.
fn query(
    command: &Command,
    origin: Origin,
    output: Output,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut consumed = None;
    if origin != Origin::Bundled && std::env::var_os("DEALS_NO_STREAMING").is_none() {
        match stream::try_run(command, &origin, &output, out)? {
            stream::Attempt::Done => return Ok(()),
            stream::Attempt::Declined(bytes) => consumed = bytes,
        }
    }
    let loaded = match consumed {
        Some(bytes) => load::load_bytes(&bytes, origin)?,
        None => load::load(origin)?,
    };
    for warning in &loaded.warnings {
        warn(warning);
    }
    execute(command, &Context::new(loaded, output), out)
}

/// Runs one subcommand that queries a loaded dataset.
pub fn execute(command: &Command, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        Command::List(args) => cmd::list::run(args, ctx, out),
        Command::Show(args) => cmd::show::run(args, ctx, out),
        Command::Total(args) => cmd::total::run(args, ctx, out),
        Command::Graph(args) => cmd::graph::run(args, ctx, out),
        Command::Cycles(args) => cmd::cycles::run(args, ctx, out),
        Command::Companies(args) => cmd::companies::run(args, ctx, out),
        Command::Facts(args) => cmd::facts::run(args, ctx, out),
        Command::Info(args) => cmd::info::run(args, ctx, out),
        Command::Validate(_) | Command::Completions(_) | Command::Man(_) => Err(anyhow::anyhow!(
            "this command does not query a dataset; run it through deals::run"
        )),
    }
    .map_err(output_error)
}

/// An I/O error at this level happened writing the output; say so.
fn output_error(err: anyhow::Error) -> anyhow::Error {
    match err.downcast::<io::Error>() {
        Ok(io_err) => anyhow::Error::new(io_err).context("cannot write to standard output"),
        Err(other) => other,
    }
}

/// A warning on standard error; if even that fails there is no one to tell.
pub fn warn(message: &str) {
    let line = sanitize::sanitize_line(message);
    let _ = writeln!(io::stderr().lock(), "warning: {line}");
}
