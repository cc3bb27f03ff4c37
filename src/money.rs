//! Whole US dollars: parsing `9.7B`-style amounts exactly, formatting them for
//! people, and summing them without overflow.
//!
//! No floating point is involved anywhere: `9.7B` is read as the digits `97`
//! scaled by `10^8`, so every amount the tool prints can be parsed back to the
//! same integer.

use std::fmt;

/// An amount of whole US dollars, as typed on the command line or stored in a
/// dataset. Undisclosed amounts are `Option<Usd>::None`, never zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Usd(pub u64);

/// Suffixes accepted on input, longest first so that `bn` wins over `b`.
const SUFFIXES: [(&str, u32); 5] = [("bn", 9), ("k", 3), ("m", 6), ("b", 9), ("t", 12)];

/// Suffixes used on output, largest first.
const DISPLAY_UNITS: [(char, u64); 4] = [
    ('T', 1_000_000_000_000),
    ('B', 1_000_000_000),
    ('M', 1_000_000),
    ('K', 1_000),
];

/// Why a typed amount was refused; the message is shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountError(String);

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AmountError {}

const AMOUNT_HINT: &str = "write whole US dollars, optionally with $ and a suffix K, M, B (or bn) or T, e.g. 9.7B or $38bn";

impl Usd {
    /// Parses `9700000000`, `$9.7B`, `9.7bn`, `38B`, `1,500,000`, `0.5T`.
    pub fn parse(text: &str) -> Result<Usd, AmountError> {
        let fail = |why: &str| AmountError(format!("{why}; {AMOUNT_HINT}"));
        let trimmed = text.trim();
        let body = trimmed.strip_prefix('$').unwrap_or(trimmed);
        if body.is_empty() {
            return Err(fail("no digits"));
        }
        if body.starts_with('-') {
            return Err(fail("amounts cannot be negative"));
        }
        let digits_end = body
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '_'))
            .unwrap_or(body.len());
        let (number, suffix) = body.split_at(digits_end);
        let exponent = suffix_exponent(suffix).ok_or_else(|| {
            fail(&format!(
                "unknown suffix '{suffix}' (expected K, M, B, bn or T)"
            ))
        })?;
        let (whole, fraction) = match number.split_once('.') {
            Some((w, f)) => (w, f),
            None => (number, ""),
        };
        let whole: String = whole.chars().filter(|c| *c != ',' && *c != '_').collect();
        if whole.is_empty() && fraction.is_empty() {
            return Err(fail("no digits"));
        }
        if !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(fail("misplaced separator"));
        }
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > exponent as usize {
            return Err(fail("more decimals than whole dollars allow"));
        }
        let scale_whole = 10u128.pow(exponent);
        let scale_fraction = 10u128.pow(exponent - fraction.len() as u32);
        let too_large = || fail(&format!("too large (the largest amount is {})", u64::MAX));
        let whole_value = parse_digits(&whole).ok_or_else(too_large)?;
        let fraction_value = parse_digits(fraction).ok_or_else(too_large)?;
        let total = whole_value
            .checked_mul(scale_whole)
            .and_then(|w| w.checked_add(fraction_value * scale_fraction))
            .ok_or_else(too_large)?;
        u64::try_from(total).map(Usd).map_err(|_| too_large())
    }

    /// Exact human form: `$9.7B`, `$38B`, `$5.428571429B`, `$999`.
    /// Parsing the result with [`Usd::parse`] gives back the same amount.
    pub fn human(self) -> String {
        human_u128(u128::from(self.0))
    }
}

/// Human form of a sum, which may exceed `u64`.
pub fn human_u128(value: u128) -> String {
    for (suffix, unit) in DISPLAY_UNITS {
        let unit = u128::from(unit);
        if value >= unit {
            let whole = value / unit;
            let rest = value % unit;
            if rest == 0 {
                return format!("${whole}{suffix}");
            }
            let width = unit.ilog10() as usize;
            let fraction = format!("{rest:0width$}");
            return format!("${whole}.{}{suffix}", fraction.trim_end_matches('0'));
        }
    }
    format!("${value}")
}

/// Significant digits a table shows before it rounds.
const DISPLAY_DIGITS: u32 = 4;

/// Brief human form for tables: exact when four significant digits say it
/// all (`$9.7B`, `$860.1B`), otherwise rounded to four and marked with `~`
/// (`~$5.429B`), so a rounded figure never passes for an exact one.
pub fn brief_u128(value: u128) -> String {
    let digits = value.checked_ilog10().map_or(1, |d| d + 1);
    if digits <= DISPLAY_DIGITS {
        return human_u128(value);
    }
    let unit = 10u128.pow(digits - DISPLAY_DIGITS);
    let rounded = (value / unit + u128::from(value % unit >= unit / 2)) * unit;
    if rounded == value {
        human_u128(value)
    } else {
        format!("~{}", human_u128(rounded))
    }
}

fn suffix_exponent(suffix: &str) -> Option<u32> {
    if suffix.is_empty() {
        return Some(0);
    }
    let lower = suffix.to_ascii_lowercase();
    SUFFIXES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, exponent)| *exponent)
}

/// Digits to a number, `None` when it does not fit; the empty string is zero.
fn parse_digits(digits: &str) -> Option<u128> {
    digits.bytes().try_fold(0u128, |acc, b| {
        acc.checked_mul(10)?.checked_add(u128::from(b - b'0'))
    })
}

impl fmt::Display for Usd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.human())
    }
}

/// An exact running total of disclosed amounts with a count of the undisclosed
/// ones. `u128` holds the sum of more than 2^64 maximal `u64` values, so adding
/// deals can never wrap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub deals: u64,
    pub disclosed: u64,
    pub total_usd: u128,
}

impl Tally {
    pub fn add(&mut self, value: Option<Usd>) {
        self.deals += 1;
        if let Some(Usd(amount)) = value {
            self.disclosed += 1;
            self.total_usd += u128::from(amount);
        }
    }

    /// Adds another tally's counts and sum to this one.
    pub fn merge(&mut self, other: &Tally) {
        self.deals += other.deals;
        self.disclosed += other.disclosed;
        self.total_usd += other.total_usd;
    }

    pub fn undisclosed(&self) -> u64 {
        self.deals - self.disclosed
    }

    /// The total for a table cell: `$38B`, or `—` when nothing was disclosed
    /// (so that no one reads an empty sum as "zero dollars").
    pub fn human_total(&self) -> String {
        if self.disclosed == 0 {
            "—".to_string()
        } else {
            brief_u128(self.total_usd)
        }
    }
}

impl Extend<Option<Usd>> for Tally {
    fn extend<I: IntoIterator<Item = Option<Usd>>>(&mut self, values: I) {
        for value in values {
            self.add(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_forms_exactly() {
        let cases = [
            ("9.7B", 9_700_000_000),
            ("$9.7B", 9_700_000_000),
            ("9.7bn", 9_700_000_000),
            ("9.7BN", 9_700_000_000),
            ("38B", 38_000_000_000),
            ("$300b", 300_000_000_000),
            ("1.5K", 1_500),
            ("0.5T", 500_000_000_000),
            ("2.9M", 2_900_000),
            ("9700000000", 9_700_000_000),
            ("1,500,000", 1_500_000),
            (".5B", 500_000_000),
            ("5.428571429B", 5_428_571_429),
            ("18446744073709551615", u64::MAX),
            ("0", 0),
        ];
        for (text, expected) in cases {
            assert_eq!(Usd::parse(text), Ok(Usd(expected)), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for text in [
            "",
            "$",
            "9.7X",
            "-5",
            "1.2.3",
            "9.7 B",
            "abc",
            "1.0000001K",
            "18446744073709551616",
            "20000000T",
            "B",
            ".",
            "1e9",
        ] {
            assert!(Usd::parse(text).is_err(), "{text:?} should be refused");
        }
    }

    #[test]
    fn formats_exactly_and_briefly() {
        assert_eq!(Usd(9_700_000_000).human(), "$9.7B");
        assert_eq!(Usd(38_000_000_000).human(), "$38B");
        assert_eq!(Usd(300_000_000_000).human(), "$300B");
        assert_eq!(Usd(5_428_571_429).human(), "$5.428571429B");
        assert_eq!(Usd(999).human(), "$999");
        assert_eq!(Usd(1_000).human(), "$1K");
        assert_eq!(Usd(1_250_000_000_000).human(), "$1.25T");
        assert_eq!(
            human_u128(u128::from(u64::MAX) * 2),
            "$36893488.14741910323T"
        );
    }

    #[test]
    fn brief_form_rounds_visibly() {
        assert_eq!(brief_u128(9_700_000_000), "$9.7B");
        assert_eq!(brief_u128(860_100_000_000), "$860.1B");
        assert_eq!(brief_u128(5_428_571_429), "~$5.429B");
        assert_eq!(brief_u128(433_235_238_096), "~$433.2B");
        assert_eq!(brief_u128(999_960_000_000), "~$1T");
        assert_eq!(brief_u128(999), "$999");
        assert_eq!(brief_u128(0), "$0");
    }

    #[test]
    fn tally_counts_undisclosed_and_never_wraps() {
        let mut tally = Tally::default();
        tally.extend([Some(Usd(u64::MAX)), None, Some(Usd(u64::MAX))]);
        assert_eq!(tally.deals, 3);
        assert_eq!(tally.disclosed, 2);
        assert_eq!(tally.undisclosed(), 1);
        assert_eq!(tally.total_usd, u128::from(u64::MAX) * 2);
        assert_eq!(Tally::default().human_total(), "—");
    }
}
