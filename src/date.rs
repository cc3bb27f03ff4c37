//! Calendar dates (`2025-11-03`) and the coarser periods deals start in
//! (`2026`, `2026-H2`, `2026-Q1`, `2026-03`, `2026-03-15`).
//!
//! Both are parsed once, strictly, where text enters the program; a `Date`
//! that exists is a date that exists on the calendar.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day on the proleptic Gregorian calendar, years 1 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a date was refused; shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

impl Date {
    /// The earliest date there is, 0001-01-01.
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };

    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError(format!("year {year} is out of range 1..9999")));
        }
        if !(1..=12).contains(&month) {
            return Err(DateError(format!("month {month} does not exist (1..12)")));
        }
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            return Err(DateError(format!(
                "{year:04}-{month:02} has no day {day} (it has {last} days)"
            )));
        }
        Ok(Date { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// The first day of a period written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`,
    /// for `--since`.
    pub fn parse_period_start(text: &str) -> Result<Date, DateError> {
        Ok(parse_period(text)?.0)
    }

    /// The last day of a period written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`,
    /// for `--until`.
    pub fn parse_period_end(text: &str) -> Result<Date, DateError> {
        Ok(parse_period(text)?.1)
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads exactly `n` ASCII digits.
fn fixed_digits(text: &str, n: usize) -> Option<u16> {
    if text.len() != n || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn date_error(text: &str, why: &str) -> DateError {
    DateError(format!("'{text}' is not a date: {why}"))
}

fn parse_year(text: &str, whole: &str) -> Result<u16, DateError> {
    fixed_digits(text, 4).ok_or_else(|| date_error(whole, "expected a four-digit year"))
}

fn parse_month(text: &str, whole: &str) -> Result<u8, DateError> {
    fixed_digits(text, 2)
        .map(|m| m as u8)
        .ok_or_else(|| date_error(whole, "expected a two-digit month"))
}

/// First and last day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn parse_period(text: &str) -> Result<(Date, Date), DateError> {
    let parts: Vec<&str> = text.split('-').collect();
    let in_context = |e: DateError| date_error(text, &e.0);
    match parts.as_slice() {
        [y] => {
            let year = parse_year(y, text)?;
            let first = Date::new(year, 1, 1).map_err(in_context)?;
            Ok((first, Date::new(year, 12, 31).map_err(in_context)?))
        }
        [y, m] => {
            let (year, month) = (parse_year(y, text)?, parse_month(m, text)?);
            let first = Date::new(year, month, 1).map_err(in_context)?;
            let last = Date::new(year, month, days_in_month(year, month)).map_err(in_context)?;
            Ok((first, last))
        }
        [_, _, _] => {
            let date: Date = text.parse()?;
            Ok((date, date))
        }
        _ => Err(date_error(text, "expected YYYY-MM-DD, YYYY-MM or YYYY")),
    }
}

impl Date {
    /// A date written as ten bytes `YYYY-MM-DD` of ASCII digits and dashes,
    /// read straight from the bytes (dates are read by the million in large
    /// files); `None` when the bytes have another shape.
    pub fn from_iso_digits(bytes: &[u8]) -> Option<Result<Date, DateError>> {
        let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *bytes else {
            return None;
        };
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = |d: &[u8]| d.iter().fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0'));
        let (year, month, day) = (n(&digits[..4]), n(&digits[4..6]), n(&digits[6..]));
        Some(Date::new(year, month as u8, day as u8))
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Exactly `YYYY-MM-DD`.
    fn from_str(text: &str) -> Result<Date, DateError> {
        if let Some(date) = Date::from_iso_digits(text.as_bytes()) {
            return date.map_err(|e| date_error(text, &e.0));
        }
        let mut parts = text.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(date_error(text, "expected YYYY-MM-DD"));
        };
        let year = parse_year(y, text)?;
        let month = parse_month(m, text)?;
        let day = fixed_digits(d, 2)
            .map(|d| d as u8)
            .ok_or_else(|| date_error(text, "expected a two-digit day"))?;
        Date::new(year, month, day).map_err(|e| date_error(text, &e.0))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        deserializer.deserialize_str(FromStrVisitor::<Date>::new("a date as \"YYYY-MM-DD\""))
    }
}

/// When service under a deal begins, as precisely as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Start {
    Year(u16),
    Half(u16, u8),
    Quarter(u16, u8),
    Month(u16, u8),
    Day(Date),
}

impl Start {
    pub fn year(self) -> u16 {
        match self {
            Start::Year(y) | Start::Half(y, _) | Start::Quarter(y, _) | Start::Month(y, _) => y,
            Start::Day(date) => date.year(),
        }
    }
}

impl FromStr for Start {
    type Err = DateError;

    /// `YYYY`, `YYYY-Hn`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`.
    fn from_str(text: &str) -> Result<Start, DateError> {
        let bad = || {
            DateError(format!(
                "'{text}' is not a start period: expected YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM or YYYY-MM-DD"
            ))
        };
        match text.split('-').collect::<Vec<_>>().as_slice() {
            [y] => Ok(Start::Year(fixed_digits(y, 4).ok_or_else(bad)?)),
            [y, part] => {
                let year = fixed_digits(y, 4).ok_or_else(bad)?;
                let numbered = |prefix: char, max: u16| {
                    part.strip_prefix(prefix)
                        .and_then(|n| fixed_digits(n, 1))
                        .filter(|n| (1..=max).contains(n))
                        .map(|n| n as u8)
                };
                if let Some(h) = numbered('H', 2) {
                    Ok(Start::Half(year, h))
                } else if let Some(q) = numbered('Q', 4) {
                    Ok(Start::Quarter(year, q))
                } else {
                    let month = fixed_digits(part, 2).ok_or_else(bad)?;
                    Date::new(year, month as u8, 1).map_err(|e| date_error(text, &e.0))?;
                    Ok(Start::Month(year, month as u8))
                }
            }
            [_, _, _] => Ok(Start::Day(text.parse()?)),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for Start {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Start::Year(y) => write!(f, "{y:04}"),
            Start::Half(y, h) => write!(f, "{y:04}-H{h}"),
            Start::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Start::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Start::Day(date) => date.fmt(f),
        }
    }
}

impl Serialize for Start {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Start {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Start, D::Error> {
        deserializer.deserialize_str(FromStrVisitor::<Start>::new(
            "a start period as \"YYYY\", \"YYYY-Hn\", \"YYYY-Qn\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
        ))
    }
}

/// Deserializes any `FromStr` type from a JSON string, borrowing when it can.
struct FromStrVisitor<T> {
    expecting: &'static str,
    marker: std::marker::PhantomData<T>,
}

impl<T> FromStrVisitor<T> {
    fn new(expecting: &'static str) -> Self {
        FromStrVisitor {
            expecting,
            marker: std::marker::PhantomData,
        }
    }
}

impl<T> serde::de::Visitor<'_> for FromStrVisitor<T>
where
    T: FromStr<Err = DateError>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        text.parse().map_err(|e: DateError| E::custom(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            "2025-11-03".parse::<Date>().map(|d| d.to_string()),
            Ok("2025-11-03".into())
        );
        assert!("2024-02-29".parse::<Date>().is_ok());
        for bad in [
            "2025-02-30",
            "2025-13-01",
            "2025-00-10",
            "2025-1-03",
            "25-11-03",
            "2025-11-03T00:00",
            "2025/11/03",
            "",
            "2025-11",
            "+2025-11-03",
            "0000-01-01",
            "2100-02-29",
            "２０２５-11-03",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn periods_give_first_and_last_days() {
        assert_eq!(
            Date::parse_period_start("2025").unwrap().to_string(),
            "2025-01-01"
        );
        assert_eq!(
            Date::parse_period_end("2025").unwrap().to_string(),
            "2025-12-31"
        );
        assert_eq!(
            Date::parse_period_end("2024-02").unwrap().to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Date::parse_period_end("2025-09-10").unwrap().to_string(),
            "2025-09-10"
        );
        assert!(Date::parse_period_start("2025-13").is_err());
        assert!(Date::parse_period_start("2025-13-01").is_err());
    }

    #[test]
    fn starts_round_trip() {
        for text in ["2026", "2026-H2", "2026-Q1", "2026-03", "2026-03-15"] {
            let start: Start = text.parse().unwrap();
            assert_eq!(start.to_string(), text);
            assert_eq!(start.year(), 2026);
        }
        for bad in [
            "2026-H3",
            "2026-Q5",
            "2026-13",
            "26",
            "2026-Q",
            "2026-02-30",
            "2026-h2",
        ] {
            assert!(bad.parse::<Start>().is_err(), "{bad:?} should be refused");
        }
    }
}
