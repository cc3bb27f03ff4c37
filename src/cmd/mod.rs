//! One module per subcommand. Each has a `run` that takes its arguments, the
//! loaded dataset and the output, computes the whole answer, and only then
//! writes it, so a failing command prints nothing on standard output.

pub mod companies;
pub mod completions;
pub mod cycles;
pub mod facts;
pub mod graph;
pub mod info;
pub mod list;
pub mod man;
pub mod show;
pub mod total;
pub mod validate;
