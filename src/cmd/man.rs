//! `deals man`: the manual page, generated from the same definitions as
//! `--help`, in roff. One page holds every command: after the program's own
//! sections comes one section per command with its synopsis, its flags and
//! its notes and examples, so that the page is the complete reference for
//! the flags.

use std::io::Write;

use clap::{Command, CommandFactory};
use clap_mangen::Man;

use crate::cli::Cli;

pub fn run(out: &mut dyn Write) -> anyhow::Result<()> {
    let program = Cli::command();
    let mut page = Vec::new();
    Man::new(program.clone()).render(&mut page)?;
    for command in program.get_subcommands() {
        write_command_section(&mut page, program.get_name(), command)?;
    }
    out.write_all(&page)?;
    Ok(())
}

/// A command's section: `.SH "DEALS LIST"`, what it does, then its own
/// synopsis, flags and notes as subsections. The global flags are in the
/// program's OPTIONS section, so they are not repeated here.
fn write_command_section(
    page: &mut Vec<u8>,
    program: &str,
    command: &Command,
) -> anyhow::Result<()> {
    let title = format!("{program} {}", command.get_name());
    let man = Man::new(
        command
            .clone()
            .bin_name(&title)
            .display_name(&title)
            .disable_help_flag(true),
    );
    let mut parts = Vec::new();
    man.render_name_section(&mut parts)?;
    man.render_synopsis_section(&mut parts)?;
    man.render_options_section(&mut parts)?;
    if command.get_after_help().is_some() || command.get_after_long_help().is_some() {
        man.render_extra_section(&mut parts)?;
    }
    let text = String::from_utf8(parts)?;
    for line in text.lines() {
        let line = match line.strip_prefix(".SH ") {
            Some("NAME") => format!(".SH \"{}\"", title.to_uppercase()),
            Some("EXTRA") => ".SS NOTES AND EXAMPLES".to_string(),
            Some(heading) => format!(".SS {heading}"),
            None => line.to_string(),
        };
        page.extend_from_slice(line.as_bytes());
        page.push(b'\n');
    }
    Ok(())
}
