//! The amount parser (`--min`/`--max`): never panics, agrees with Rust's own
//! integer parser on plain digits, and every amount it accepts prints in a
//! human form that parses back to the same number of dollars.

#![no_main]

use deals::money::{Usd, human_u128};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let parsed = Usd::parse(text);
        if let Ok(usd) = parsed {
            assert_eq!(
                Usd::parse(&usd.human()),
                Ok(usd),
                "{text:?} -> {}",
                usd.human()
            );
        }
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            assert_eq!(
                parsed.ok().map(|u| u.0),
                text.parse::<u64>().ok(),
                "{text:?}"
            );
        }
    }
    // The bytes as a number too: every u64 round-trips, and sums beyond
    // u64 format without panicking.
    let mut word = [0u8; 16];
    let n = data.len().min(16);
    word[..n].copy_from_slice(&data[..n]);
    let wide = u128::from_le_bytes(word);
    let usd = Usd(wide as u64);
    assert_eq!(Usd::parse(&usd.human()), Ok(usd));
    assert!(human_u128(wide).starts_with('$'));
});
