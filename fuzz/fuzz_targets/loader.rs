//! The dataset loader on arbitrary bytes, in all three forms: the bytes as
//! given (whatever form they look like), as the elements of a bare array,
//! inside a dataset object's `deals`, and as a line of NDJSON after a valid
//! deal. A dataset that loads must survive a round trip through JSON and
//! every command's table output; one that fails must give a message that
//! names where.

#![no_main]

use deals::load::{Origin, parse};
use deals::model::Deal;
use deals::render::{Format, Output};
use deals::{Context, cli::Cli, load::Loaded};
use libfuzzer_sys::fuzz_target;

use clap::Parser as _;

const VALID_DEAL: &[u8] = br#"{"id":"fuzz-0","buyer":"B","seller":"S","announced":"2025-01-01","sources":[{"publisher":"P","url":"https://p.example"}]}"#;

fuzz_target!(|data: &[u8]| {
    check(data);
    check(&[b"[", data, b"]"].concat());
    check(&[b"{\"deals\":[", data, b"]}"].concat());
    check(&[VALID_DEAL, b"\n", data].concat());
});

fn check(bytes: &[u8]) {
    let origin = Origin::File("fuzz.json".into());
    match parse(bytes, &origin) {
        Ok((dataset, _warnings)) => {
            round_trip(&dataset.deals);
            render_all(Loaded {
                dataset,
                origin,
                warnings: Vec::new(),
            });
        }
        Err(failure) => {
            let text = failure.to_string();
            assert!(
                text.starts_with("fuzz.json"),
                "message without a place: {text}"
            );
            assert!(text.contains("hint: "), "message without a hint: {text}");
            // What main would print: escaped and shortened, never a panic.
            let (code, message) = deals::error::exit_status(&anyhow::Error::new(failure));
            assert_eq!(code, 1);
            let message = message.unwrap_or_default();
            assert!(!message.contains('\u{1b}'), "escape sequence in: {message}");
        }
    }
}

/// Deals written as JSON load back as the same deals.
fn round_trip(deals: &[Deal]) {
    let Ok(json) = serde_json::to_vec(deals) else {
        panic!("a loaded dataset could not be written as JSON");
    };
    match parse(&json, &Origin::Stdin) {
        Ok((again, _)) => assert_eq!(again.deals, deals, "round trip changed the deals"),
        Err(err) => panic!("deals written as JSON do not load back: {err}"),
    }
}

/// Every command, as a table at a narrow width: the renderer meets the
/// hostile text, widths and amounts.
fn render_all(loaded: Loaded) {
    let first_id = loaded.dataset.deals.first().map(|d| d.id.clone());
    // Struct update syntax keeps this compiling when Output gains fields.
    let output = Output {
        color: true,
        width: Some(40),
        ..Output::plain(Format::Table)
    };
    let ctx = Context::new(loaded, output);
    let mut commands: Vec<Vec<String>> = vec![
        vec!["list".into()],
        vec![
            "list".into(),
            "--sort".into(),
            "value".into(),
            "--desc".into(),
        ],
        vec!["total".into()],
        vec!["companies".into()],
        vec!["facts".into()],
    ];
    if let Some(id) = first_id {
        commands.push(vec!["show".into(), id]);
    }
    for args in commands {
        let Ok(cli) = Cli::try_parse_from(std::iter::once("deals".to_string()).chain(args)) else {
            continue;
        };
        let mut out = Vec::new();
        if let Err(err) = deals::execute(&cli.command, &ctx, &mut out) {
            panic!("a loaded dataset failed to render: {err:#}");
        }
    }
}
