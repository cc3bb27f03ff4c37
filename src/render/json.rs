//! Pieces of JSON written by hand, byte for byte as serde_json writes
//! them, for the outputs too large to build as values first (`graph` and
//! `cycles` over a million deals write tens of megabytes).

use crate::date::Date;

/// A JSON string, escaped as serde_json escapes it (which escapes only
/// quotes, backslashes and control characters: most ids need none).
pub fn string(text: &mut Vec<u8>, value: &str) {
    if is_plain(value.as_bytes()) {
        text.push(b'"');
        text.extend_from_slice(value.as_bytes());
        text.push(b'"');
    } else {
        // Writing to a vector cannot fail.
        let _ = serde_json::to_writer(&mut *text, value);
    }
}

/// Whether a string needs no escape in JSON.
pub fn is_plain(value: &[u8]) -> bool {
    value.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\')
}

/// A whole number's digits.
pub fn number(text: &mut Vec<u8>, mut number: u64) {
    if number < 10 {
        // Most counts of deals.
        text.push(b'0' + number as u8);
        return;
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (number % 10) as u8;
        number /= 10;
        if number == 0 {
            break;
        }
    }
    text.extend_from_slice(&digits[at..]);
}

/// A whole number's digits (dividing a `u128` is done in software, and
/// slowly: most fit a `u64`).
pub fn wide_number(text: &mut Vec<u8>, wide: u128) {
    match u64::try_from(wide) {
        Ok(narrow) => number(text, narrow),
        Err(_) => text.extend_from_slice(wide.to_string().as_bytes()),
    }
}

/// A number, or `null`.
pub fn optional(text: &mut Vec<u8>, value: Option<u128>) {
    match value {
        Some(value) => wide_number(text, value),
        None => text.extend_from_slice(b"null"),
    }
}

/// `YYYY-MM-DD`, as the date prints itself (without the quotes).
pub fn date(text: &mut Vec<u8>, date: Date) {
    let (year, month, day) = (date.year(), date.month(), date.day());
    if year > 9999 {
        text.extend_from_slice(date.to_string().as_bytes());
        return;
    }
    let digit = |n: u16| b'0' + (n % 10) as u8;
    text.extend_from_slice(&[
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(u16::from(month) / 10),
        digit(u16::from(month)),
        b'-',
        digit(u16::from(day) / 10),
        digit(u16::from(day)),
    ]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_what_serde_json_writes() {
        for value in ["plain", "quote \" and \\ back", "tab\tand\u{1}", "ünï", ""] {
            let mut text = Vec::new();
            string(&mut text, value);
            assert_eq!(text, serde_json::to_vec(value).unwrap(), "{value:?}");
        }
        for value in [0u128, 9, 10, 1234567890, u64::MAX.into(), u128::MAX] {
            let mut text = Vec::new();
            wide_number(&mut text, value);
            assert_eq!(text, serde_json::to_vec(&value).unwrap());
        }
        for day in ["0001-01-01", "1999-12-31", "2026-02-28"] {
            let mut text = Vec::new();
            date(&mut text, day.parse().unwrap());
            assert_eq!(String::from_utf8(text).unwrap(), day);
        }
    }
}
