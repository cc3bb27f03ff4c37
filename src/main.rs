//! The `deals` binary: parse the command line, run it, and turn an error into
//! a message on standard error and an exit code (0 ok, 1 error, 2 usage).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

mod closed_stdout;

fn main() -> ExitCode {
    if closed_stdout::at_start() {
        let _ = std::io::stderr().lock().write_all(
            b"error: standard output is not open\n  hint: run deals with its output going to a terminal, file or pipe\n",
        );
        return ExitCode::from(deals::error::EXIT_FAILURE);
    }
    let cli = match deals::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(err.exit_code().clamp(0, 255) as u8);
        }
    };
    match deals::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let (code, message) = deals::error::exit_status(&err);
            if let Some(message) = message {
                let _ = std::io::stderr().lock().write_all(message.as_bytes());
            }
            ExitCode::from(code)
        }
    }
}
