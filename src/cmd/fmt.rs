//! `deals fmt [PATH]`: a dataset in its one canonical form (see
//! `canonical`): printed, checked (`--check`), or written back in place
//! (`--write`, and `validate --fix-order`).

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::canonical::{self, Difference};
use crate::cli::FmtArgs;
use crate::error::{Failure, UsageError};
use crate::load::{self, Origin};
use crate::sanitize::sanitize_line;

pub fn run(args: &FmtArgs, data: Option<&Path>, out: &mut dyn Write) -> anyhow::Result<()> {
    let origin = Origin::from_arg(args.path.as_deref().or(data));
    if args.write {
        rewrite(&origin)?;
        return Ok(());
    }
    let bytes = load::read(&origin)?;
    let canonical = canonical_text(&bytes, &origin)?;
    if args.check {
        return check(&bytes, &canonical, &origin);
    }
    out.write_all(canonical.as_bytes())?;
    Ok(())
}

/// Rewrites a dataset file in its canonical form, in place; says on
/// standard error when it changed it. Returns whether it did.
pub fn rewrite(origin: &Origin) -> anyhow::Result<bool> {
    let Origin::File(path) = origin else {
        return Err(
            UsageError::new(format!("cannot rewrite the {origin} in place"))
                .with_hint("name the file to rewrite, e.g. deals fmt --write data/deals.json")
                .into(),
        );
    };
    let bytes = load::read(origin)?;
    let canonical = canonical_text(&bytes, origin)?;
    if bytes.as_ref() == canonical.as_bytes() {
        return Ok(false);
    }
    write_atomically(path, canonical.as_bytes())
        .with_context(|| format!("cannot rewrite {origin}"))?;
    note(&format!("rewrote {origin} in canonical form"));
    Ok(true)
}

/// The canonical form of a dataset that loads; warns about the fields the
/// canonical form drops.
fn canonical_text(bytes: &[u8], origin: &Origin) -> anyhow::Result<String> {
    let loaded = load::load_bytes(bytes, origin.clone()).map_err(|failure| {
        anyhow::Error::new(failure).context(format!(
            "cannot format {origin}: it does not load (deals validate lists every problem)"
        ))
    })?;
    let dropped = canonical::dropped_fields(bytes, &loaded.dataset);
    if !dropped.is_empty() {
        const SHOWN: usize = 8;
        let mut named = dropped
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if dropped.len() > SHOWN {
            named.push_str(&format!(" and {} more", dropped.len() - SHOWN));
        }
        warn(&format!(
            "{origin}: the canonical form drops fields the schema does not have: {named}"
        ));
    }
    Ok(canonical::text(&loaded.dataset))
}

/// `--check`: nothing when the file is canonical, else an error naming the
/// first line that differs.
fn check(bytes: &[u8], canonical: &str, origin: &Origin) -> anyhow::Result<()> {
    let found = String::from_utf8_lossy(bytes);
    let Some(Difference {
        line,
        found,
        expected,
    }) = canonical::first_difference(&found, canonical)
    else {
        return Ok(());
    };
    let hint = match origin {
        Origin::File(path) => format!("deals fmt --write {} rewrites it", path.display()),
        _ => "deals fmt prints the canonical form".to_string(),
    };
    let text = |line: &Option<String>| {
        line.as_deref()
            .map(|l| l.trim_end_matches(['\n', '\r', ' ', '\t']).to_string())
    };
    let what = if found.is_some() && text(&found) == text(&expected) {
        format!(
            "line {line} ends differently (the canonical form ends every line, the last one too, with one line feed and no spaces before it)"
        )
    } else {
        let quote = |line: &Option<String>| match text(line) {
            Some(text) => format!("`{}`", brief(&text)),
            None => "the end of the file".to_string(),
        };
        format!(
            "line {line} is {}, where the canonical form has {}",
            quote(&found),
            quote(&expected)
        )
    };
    Err(
        Failure::new(format!("{origin} is not in canonical form: {what}"))
            .with_hint(hint)
            .into(),
    )
}

/// A line shortened for a message.
fn brief(line: &str) -> String {
    const MAX: usize = 60;
    if line.chars().count() <= MAX {
        return line.to_string();
    }
    let cut: String = line.chars().take(MAX).collect();
    format!("{cut}…")
}

/// Writes a file so that a reader sees the old text or the new, never half
/// of either: the new text goes to a file beside it, which then replaces
/// it (keeping its permissions). A link is followed to the file it names.
fn write_atomically(path: &Path, text: &[u8]) -> io::Result<()> {
    let target = fs::canonicalize(path)?;
    let temp = temp_path(&target);
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(text)?;
        file.sync_all()?;
        fs::set_permissions(&temp, fs::metadata(&target)?.permissions())?;
        fs::rename(&temp, &target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// `.deals.json.deals-fmt-PID`, beside the file.
fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.deals-fmt-{}", std::process::id()))
}

fn warn(message: &str) {
    let _ = writeln!(io::stderr().lock(), "warning: {}", sanitize_line(message));
}

fn note(message: &str) {
    let _ = writeln!(io::stderr().lock(), "note: {}", sanitize_line(message));
}
