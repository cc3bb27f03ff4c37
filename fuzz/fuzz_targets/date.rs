//! The date parsers (`announced`, `--since`, `--until`, `starts`): never
//! panic, and what they accept prints back as what was typed (or, for the
//! period parsers, as a date that parses to the same day).

#![no_main]

use deals::date::{Date, Start};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(date) = text.parse::<Date>() {
        assert_eq!(date.to_string(), text);
    }
    let start = Date::parse_period_start(text);
    let end = Date::parse_period_end(text);
    assert_eq!(start.is_ok(), end.is_ok(), "{text:?}");
    if let (Ok(start), Ok(end)) = (start, end) {
        assert!(start <= end, "{text:?}: {start} after {end}");
        assert_eq!(start.to_string().parse::<Date>(), Ok(start));
        assert_eq!(end.to_string().parse::<Date>(), Ok(end));
    }
    if let Ok(period) = text.parse::<Start>() {
        assert_eq!(period.to_string(), text);
    }
    // The same text as a JSON string field goes through the same parser.
    let json = serde_json::to_string(text).unwrap_or_default();
    let as_json: Result<Date, _> = serde_json::from_str(&json);
    assert_eq!(as_json.is_ok(), text.parse::<Date>().is_ok(), "{text:?}");
});
