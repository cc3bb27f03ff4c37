//! The `deals` binary: parse the command line, run it, and turn an error into
//! a message on standard error and an exit code (0 ok, 1 error, 2 usage).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    if stdout_was_closed() {
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

/// Whether the process started with standard output closed (`deals list >&-`).
///
/// Rust's runtime reopens a closed standard descriptor on /dev/null before
/// `main` runs, so by then every write would succeed and the output vanish
/// with exit code 0. This check runs earlier, from the ELF constructor
/// list, and sees descriptor 1 as the parent left it.
#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    use std::sync::atomic::{AtomicBool, Ordering};

    static CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn check_stdout() {
        // SAFETY: F_GETFD only asks whether descriptor 1 is open; it
        // changes nothing and touches no memory.
        let closed = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1;
        CLOSED.store(closed, Ordering::Relaxed);
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static CHECK_STDOUT: extern "C" fn() = check_stdout;

    CLOSED.load(Ordering::Relaxed)
}

/// Elsewhere the runtime's reopening cannot be seen past; assume open.
#[cfg(not(target_os = "linux"))]
fn stdout_was_closed() -> bool {
    false
}
