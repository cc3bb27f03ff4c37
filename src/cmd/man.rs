//! `deals man`: the manual page, generated from the same definitions as
//! `--help`, in roff.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;

pub fn run(out: &mut dyn Write) -> anyhow::Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    out.write_all(&page)?;
    Ok(())
}
