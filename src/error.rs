//! Errors as the user sees them: one message saying what went wrong and
//! where, an optional hint, and the exit code (0 success, 1 error, 2 usage).

use std::fmt;
use std::io;

use crate::sanitize::sanitize_line;

/// Exit code for a command line that is wrong (clap uses the same).
pub const EXIT_USAGE: u8 = 2;
/// Exit code for everything else that fails.
pub const EXIT_FAILURE: u8 = 1;

/// Longest line of an error message; a 10 MB string in a data file must not
/// become a 10 MB error message.
const MAX_LINE_CHARS: usize = 400;

/// The command line asks for something that cannot be: an unknown name, kind
/// or field. Exits with 2, like clap's own errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    message: String,
    hint: Option<String>,
}

/// Anything else that stops a command: unreadable or malformed data, a deal
/// that does not exist. Exits with 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    message: String,
    hint: Option<String>,
}

macro_rules! message_with_hint {
    ($type:ident) => {
        impl $type {
            pub fn new(message: impl Into<String>) -> Self {
                $type {
                    message: message.into(),
                    hint: None,
                }
            }

            pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
                self.hint = Some(hint.into());
                self
            }
        }

        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.message)?;
                if let Some(hint) = &self.hint {
                    write!(f, "\n  hint: {hint}")?;
                }
                Ok(())
            }
        }

        impl std::error::Error for $type {}
    };
}

message_with_hint!(UsageError);
message_with_hint!(Failure);

/// The command has printed its whole answer and has nothing to add, but
/// its exit code still tells something (`diff --exit-code`: the datasets
/// differ). Exits with 1, silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietExit;

impl fmt::Display for QuietExit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("exit status 1")
    }
}

impl std::error::Error for QuietExit {}

/// What `main` does with an error: the exit code, and the text for stderr
/// (`None` when the error must pass quietly, as a closed pipe does).
pub fn exit_status(err: &anyhow::Error) -> (u8, Option<String>) {
    if is_broken_pipe(err) {
        return (0, None);
    }
    if err.downcast_ref::<QuietExit>().is_some() {
        return (EXIT_FAILURE, None);
    }
    let code = if err.downcast_ref::<UsageError>().is_some() {
        EXIT_USAGE
    } else {
        EXIT_FAILURE
    };
    (
        code,
        Some(format!("error: {}\n", for_terminal(&format!("{err:#}")))),
    )
}

/// A reader that stopped reading is a normal end of output, not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Error text quotes the data and the command line, which may hold escape
/// sequences and megabytes: escape the one, shorten the other.
fn for_terminal(message: &str) -> String {
    message
        .lines()
        .map(|line| {
            let clean = sanitize_line(line);
            if clean.chars().count() > MAX_LINE_CHARS {
                let cut: String = clean.chars().take(MAX_LINE_CHARS).collect();
                format!("{cut}… (message shortened)")
            } else {
                clean.into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_exit_2_and_others_1() {
        let usage = anyhow::Error::new(UsageError::new("bad").with_hint("try this"));
        assert_eq!(
            exit_status(&usage),
            (2, Some("error: bad\n  hint: try this\n".to_string()))
        );
        let failure = anyhow::Error::new(Failure::new("broken"));
        assert_eq!(exit_status(&failure).0, 1);
        assert_eq!(exit_status(&anyhow::Error::new(QuietExit)), (1, None));
    }

    #[test]
    fn broken_pipes_are_quiet() {
        let err = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert_eq!(exit_status(&err), (0, None));
    }

    #[test]
    fn messages_are_escaped_and_shortened() {
        let err = anyhow::anyhow!("name \u{1b}[31mred {}", "x".repeat(1000));
        let text = exit_status(&err).1.unwrap();
        assert!(text.contains("\\x1b[31m"));
        assert!(text.contains("(message shortened)"));
        assert!(text.len() < 600);
    }
}
