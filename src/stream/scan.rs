//! A hand-written reader for the usual deal record: one JSON object whose
//! keys and strings have no escapes. It reads the fields a query wants and
//! checks the syntax of everything else without building anything, which
//! is most of the work on a large file and several times cheaper than a
//! general JSON parser doing the same.
//!
//! It is only a shortcut. When a record is anything but plain — an escape
//! in a string, a number written as a float, a value of an unexpected type,
//! deep nesting — it gives up (`None`), and the serde reader in `lean`
//! parses the record instead, so it decides every unusual case. Whatever
//! this reader does take, the serde reader takes too, with the same
//! result: the tests and the `record` fuzz target check exactly that.

use std::borrow::Cow;

use crate::date::{Date, Start};
use crate::model::{Evidence, EvidenceFinder, Term};
use crate::money::Usd;

use super::lean::{Field, Hardware, LeanDeal, LeanSeed, LeanSource, SOURCE_KEYS, Seen, Wants};

/// Reads a deal from `record`, which holds one JSON object and nothing but
/// whitespace around it; `None` when the serde reader must decide.
pub(super) fn deal(record: &[u8], wants: Wants) -> Option<LeanDeal<'_>> {
    let mut cursor = Cursor {
        bytes: record,
        at: 0,
        ascii: true,
    };
    let mut deal = LeanDeal::empty();
    let mut seen = Seen::default();
    cursor.skip_space();
    cursor.object(|cursor, key| match Field::of(key) {
        Some(field) if !seen.first_time(field) => None,
        Some(field) if field.is_read(wants) => cursor.read_field(field, &mut deal),
        _ => cursor.skip_value(0),
    })?;
    cursor.skip_space();
    let whole = cursor.at == record.len()
        && (cursor.ascii || std::str::from_utf8(record).is_ok())
        && deal.is_whole(seen, wants);
    whole.then_some(deal)
}

/// Nesting deeper than this is left to serde, which has its own limit.
const MAX_DEPTH: u32 = 64;

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Whether every string so far was ASCII; if not, the whole record's
    /// UTF-8 is checked at the end (a string is the only place JSON
    /// allows a byte above 0x7F).
    ascii: bool,
}

impl<'a> Cursor<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    #[inline]
    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    #[inline]
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    #[inline]
    fn expect_word(&mut self, word: &[u8]) -> Option<()> {
        let rest = self.bytes.get(self.at..)?;
        rest.starts_with(word).then(|| self.at += word.len())
    }

    /// The next byte that is not whitespace, moving past it.
    #[inline]
    fn token(&mut self) -> Option<u8> {
        loop {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            // Mostly there is no whitespace: one comparison says so.
            if byte > b' ' || !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(byte);
            }
        }
    }

    /// Skips JSON's whitespace: space, tab, line feed, carriage return.
    #[inline]
    fn skip_space(&mut self) {
        while let Some(&byte) = self.bytes.get(self.at) {
            // Mostly there is none: one comparison says so.
            if byte > b' ' || !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                return;
            }
            self.at += 1;
        }
    }

    /// The contents of the string that starts here, when it has no escape
    /// and no control character (which JSON forbids in a string).
    #[inline]
    fn plain_string(&mut self) -> Option<&'a [u8]> {
        self.expect(b'"')?;
        self.string_body()
    }

    /// A plain string whose opening quote is `token`, just read.
    #[inline]
    fn string_after(&mut self, token: u8) -> Option<&'a [u8]> {
        if token != b'"' {
            return None;
        }
        self.string_body()
    }

    /// The rest of a plain string whose opening quote was read.
    #[inline]
    fn string_body(&mut self) -> Option<&'a [u8]> {
        let start = self.at;
        let end = start + string_len(&self.bytes[start..], &mut self.ascii)?;
        self.at = end + 1;
        Some(&self.bytes[start..end])
    }

    /// A plain string's contents as text.
    fn text(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.plain_string()?).ok()
    }

    /// A plain string, or `null`.
    fn optional_text(&mut self) -> Option<Option<Cow<'a, str>>> {
        if self.peek() == Some(b'n') {
            self.expect_word(b"null")?;
            return Some(None);
        }
        Some(Some(Cow::Borrowed(self.text()?)))
    }

    /// Reads a field the query wants into `deal`.
    fn read_field(&mut self, field: Field, deal: &mut LeanDeal<'a>) -> Option<()> {
        match field {
            Field::Id => deal.id = Cow::Borrowed(self.plain_string()?),
            Field::Buyer => deal.buyer = Cow::Borrowed(self.plain_string()?),
            Field::Seller => deal.seller = Cow::Borrowed(self.plain_string()?),
            Field::Announced => {
                deal.announced = Some(Date::from_iso_digits(self.plain_string()?)?.ok()?);
            }
            Field::ValueUsd => deal.value_usd = self.amount()?,
            Field::Kind => deal.kind = self.optional_text()?,
            Field::Status => deal.status = self.optional_text()?,
            Field::Summary => deal.summary = self.optional_text()?,
            // Rare enough to hand to serde, on just the value's text.
            Field::TermYears => deal.term_years = self.parse_value::<Option<Term>>()?,
            Field::Starts => deal.starts = self.parse_value::<Option<Start>>()?,
            Field::Hardware => deal.hardware = self.parse_value::<Hardware>()?.0,
            Field::Sources => deal.evidence = self.sources()?,
        }
        Some(())
    }

    /// A deal's sources, for the evidence they give, read as
    /// `lean::Sources` reads them; an empty list is serde's to refuse.
    fn sources(&mut self) -> Option<Evidence> {
        self.expect(b'[')?;
        let mut finder = EvidenceFinder::default();
        loop {
            self.skip_space();
            let source = self.source()?;
            finder.add(source.kind, &source.publisher);
            match self.token()? {
                b',' => {}
                b']' => return Some(finder.evidence()),
                _ => return None,
            }
        }
    }

    /// A source object: its publisher and kind, and that it has a url.
    fn source(&mut self) -> Option<LeanSource<'a>> {
        let mut source = LeanSource {
            publisher: Cow::Borrowed(""),
            kind: None,
        };
        let mut seen = 0u8;
        self.object(|cursor, key| {
            let Some(bit) = SOURCE_KEYS.iter().position(|k| *k == key) else {
                return cursor.skip_value(2);
            };
            if seen & (1 << bit) != 0 {
                return None;
            }
            seen |= 1 << bit;
            match bit {
                0 => source.publisher = Cow::Borrowed(cursor.text()?),
                4 => source.kind = cursor.evidence()?,
                _ => cursor.skip_value(2)?,
            }
            Some(())
        })?;
        (seen & 0b11 == 0b11).then_some(source)
    }

    /// A source's kind as a plain word, or `null`.
    fn evidence(&mut self) -> Option<Option<Evidence>> {
        if self.peek() == Some(b'n') {
            self.expect_word(b"null")?;
            return Some(None);
        }
        match self.plain_string()? {
            b"primary" => Some(Some(Evidence::Primary)),
            b"press" => Some(Some(Evidence::Press)),
            b"secondary" => Some(Some(Evidence::Secondary)),
            _ => None,
        }
    }

    /// Parses the value that starts here with serde.
    fn parse_value<T: serde::Deserialize<'a>>(&mut self) -> Option<T> {
        let start = self.at;
        self.skip_value(0)?;
        serde_json::from_slice(&self.bytes[start..self.at]).ok()
    }

    /// An amount: a positive integer that fits in `u64`, or `null`. Zero,
    /// a sign, a fraction or an exponent are serde's to judge.
    fn amount(&mut self) -> Option<Option<Usd>> {
        if self.peek() == Some(b'n') {
            self.expect_word(b"null")?;
            return Some(None);
        }
        let start = self.at;
        let mut amount: u64 = 0;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            amount = amount
                .checked_mul(10)?
                .checked_add(u64::from(digit - b'0'))?;
            self.at += 1;
        }
        let float = matches!(self.peek(), Some(b'.' | b'e' | b'E'));
        if self.at == start || self.bytes[start] == b'0' || float {
            return None;
        }
        Some(Some(Usd(amount)))
    }

    /// Checks the syntax of the value that starts here and moves past it.
    fn skip_value(&mut self, depth: u32) -> Option<()> {
        match self.peek()? {
            b'"' => {
                self.at += 1;
                self.string_body().map(drop)
            }
            b'{' if depth < MAX_DEPTH => self.skip_object(depth + 1),
            b'[' if depth < MAX_DEPTH => self.skip_array(depth + 1),
            b't' => self.expect_word(b"true"),
            b'f' => self.expect_word(b"false"),
            b'n' => self.expect_word(b"null"),
            b'-' | b'0'..=b'9' => self.skip_number(),
            _ => None,
        }
    }

    /// Walks the object that starts here, handing each key to `member`
    /// with the cursor at the key's value, which `member` reads or skips.
    #[inline]
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a [u8]) -> Option<()>) -> Option<()> {
        self.expect(b'{')?;
        let mut token = self.token()?;
        if token == b'}' {
            return Some(());
        }
        loop {
            let key = self.string_after(token)?;
            if self.token()? != b':' {
                return None;
            }
            self.skip_space();
            member(self, key)?;
            match self.token()? {
                b',' => token = self.token()?,
                b'}' => return Some(()),
                _ => return None,
            }
        }
    }

    fn skip_object(&mut self, depth: u32) -> Option<()> {
        self.object(|cursor, _| cursor.skip_value(depth))
    }

    fn skip_array(&mut self, depth: u32) -> Option<()> {
        self.expect(b'[')?;
        self.skip_space();
        if self.eat(b']') {
            return Some(());
        }
        loop {
            self.skip_space();
            self.skip_value(depth)?;
            match self.token()? {
                b',' => {}
                b']' => return Some(()),
                _ => return None,
            }
        }
    }

    /// A number as JSON writes it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn skip_number(&mut self) -> Option<()> {
        self.eat(b'-');
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.skip_digits(),
            _ => return None,
        }
        if self.eat(b'.') {
            self.expect_digits()?;
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            self.expect_digits()?;
        }
        // After "0", a digit ("01") is not part of the number, and what
        // follows the value is checked by its container.
        Some(())
    }

    fn skip_digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn expect_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.skip_digits();
        (self.at > start).then_some(())
    }
}

/// The length of a plain string's contents: the bytes before the closing
/// quote, when none of them is a backslash or a control character. Notes
/// in `ascii` a byte above 0x7F.
#[inline]
fn string_len(bytes: &[u8], ascii: &mut bool) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of every x86_64 target, so the CPU has it.
    return unsafe { string_len_sse2(bytes, ascii) };
    #[cfg(not(target_arch = "x86_64"))]
    return string_len_swar(bytes, ascii);
}

/// [`string_len`], sixteen bytes at a time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn string_len_sse2(bytes: &[u8], ascii: &mut bool) -> Option<usize> {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x,
        _mm_set1_epi8,
    };
    let mut at = 0;
    while let Some(word) = bytes.get(at..at + 16) {
        let mut sixteen = [0; 16];
        sixteen.copy_from_slice(word);
        let x = u128::from_le_bytes(sixteen);
        let v = _mm_set_epi64x((x >> 64) as i64, x as i64);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        // Signed: bytes from 0x80 up compare below 0x20 too.
        let low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
        let high = _mm_movemask_epi8(v) as u32;
        let stops =
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), low)) as u32 & !high;
        if stops != 0 {
            let end = stops.trailing_zeros();
            *ascii &= high & ((1 << end) - 1) == 0;
            let end = at + end as usize;
            return (bytes[end] == b'"').then_some(end);
        }
        *ascii &= high == 0;
        at += 16;
    }
    string_len_swar(&bytes[at..], ascii).map(|end| at + end)
}

/// [`string_len`], eight bytes at a time, in plain Rust.
fn string_len_swar(bytes: &[u8], ascii: &mut bool) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // A byte of `x` is zero: its high bit set in the result (bits above
    // the lowest zero byte may be set wrongly, so only the lowest counts).
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut at = 0;
    while let Some(word) = bytes.get(at..at + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let x = u64::from_le_bytes(eight);
        // May count bytes past the closing quote: a false alarm only makes
        // the record's UTF-8 be checked.
        *ascii &= x & HIGHS == 0;
        let stops = zero_byte(x ^ (ONES * u64::from(b'"')))
            | zero_byte(x ^ (ONES * u64::from(b'\\')))
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGHS);
        if stops != 0 {
            let end = at + (stops.trailing_zeros() / 8) as usize;
            return (bytes[end] == b'"').then_some(end);
        }
        at += 8;
    }
    for (offset, &byte) in bytes[at..].iter().enumerate() {
        match byte {
            b'"' => return Some(at + offset),
            b'\\' | 0..0x20 => return None,
            _ => *ascii &= byte < 0x80,
        }
    }
    None
}

/// Panics unless the record reader agrees with the serde reader on
/// `record`: whatever it takes, serde takes with the same result. `wants`
/// picks the fields read, one bit each. For the fuzzer and the tests.
#[doc(hidden)]
pub fn assert_agrees_with_serde(record: &[u8], wants: u8) {
    let wants = Wants::from_bits(wants);
    let Some(fast) = deal(record, wants) else {
        return;
    };
    assert!(
        std::str::from_utf8(record).is_ok(),
        "took a record that is not UTF-8"
    );
    match super::parse_lean(LeanSeed { wants }, record) {
        Ok(slow) => assert_eq!(fast, slow, "read differently"),
        Err(_) => panic!("took a record serde refuses"),
    }
}

/// How many of the lines of `lines` the record reader takes, reading the
/// fields `wants` picks (one bit each). For the benchmarks.
#[doc(hidden)]
pub fn count_plain_records(lines: &[u8], wants: u8) -> usize {
    let wants = Wants::from_bits(wants);
    let mut taken = 0;
    let mut rest = lines;
    while !rest.is_empty() {
        let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        taken += usize::from(deal(&rest[..end], wants).is_some());
        rest = rest.get(end + 1..).unwrap_or_default();
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: Wants = Wants {
        names: true,
        kind: true,
        status: true,
        term: true,
        summary: true,
        hardware: true,
        evidence: true,
    };

    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    /// Values to try for a field, valid and not.
    const VALUES: &[&str] = &[
        r#""d-1""#,
        r#""Microsoft""#,
        r#""Société""#,
        r#""2025-11-03""#,
        r#""2025-02-30""#,
        r#""2026-H2""#,
        r#""2026""#,
        r#""a\"b""#,
        "\"tab\there\"",
        r#""""#,
        "null",
        "true",
        "false",
        "0",
        "1",
        "7",
        "9700000000",
        "-1",
        "01",
        "1.5",
        "2e3",
        "1E+2",
        "-0",
        "18446744073709551615",
        "18446744073709551616",
        "[]",
        r#"["NVIDIA GB300"]"#,
        r#"["a",1]"#,
        r#"[[],{}]"#,
        "{}",
        r#"{"a":{"b":[null]}}"#,
        r#"[{"publisher":"P","url":"https://e.com"}]"#,
        r#"[{"publisher":"CNA (Reuters)","url":"https://e.com","kind":"press"},{"url":"u","publisher":"Reuters","kind":"press","date":"2025-01-01"}]"#,
        r#"[{"publisher":"P","url":"u","kind":"primary","title":null}]"#,
        r#"[{"publisher":"P","url":"u","kind":null},{"publisher":"Q","url":"v","kind":"press"}]"#,
        r#"[{"publisher":"P","url":"u","kind":"Primary"}]"#,
        r#"[{"publisher":"P","kind":"press"}]"#,
        r#"[{"publisher":"P","url":"u","url":"v"}]"#,
        r#"[{"publisher":"P","url":"u","kind":{"primary":null}}]"#,
        r#"[{"publisher":"P\u0020","url":"u","kind":"press"}]"#,
        r#"[{"publisher":"P","url":"u"},7]"#,
        "[1,]",
        r#"{"a"}"#,
        "tru",
        "\"open",
    ];
    const KEYS: &[&str] = &[
        "id",
        "buyer",
        "seller",
        "announced",
        "sources",
        "value_usd",
        "term_years",
        "starts",
        "kind",
        "status",
        "summary",
        "hardware",
        "value_note",
        "x",
        "i\\u0064",
    ];
    const SPACE: &[&str] = &["", "", "", " ", "\n", "\t", "\r\n", "\u{c}"];

    /// A valid deal's required members, in a random order among random
    /// others, with random spacing; perhaps one value swapped for any other
    /// and one byte changed.
    fn record() -> impl Strategy<Value = Vec<u8>> {
        // The sources are one of the source lists among the values, most
        // often one a deal may have.
        let sources = prop_oneof![3 => 31..35usize, 1 => 35..41usize];
        let extra = prop::collection::vec((0..KEYS.len(), 0..VALUES.len()), 0..8);
        let members = (extra, sources)
            .prop_map(move |(extra, sources)| {
                let required = [(0, 0), (1, 1), (2, 2), (3, 3), (4, sources)];
                required.into_iter().chain(extra).collect::<Vec<_>>()
            })
            .prop_shuffle();
        let swap = proptest::option::of((any::<prop::sample::Index>(), 0..VALUES.len()));
        let edit = proptest::option::of((any::<prop::sample::Index>(), any::<u8>()));
        let spaces = prop::collection::vec(0..SPACE.len(), 32);
        (members, swap, edit, spaces).prop_map(|(mut members, swap, edit, spaces)| {
            if let Some((at, value)) = swap {
                let at = at.index(members.len());
                members[at].1 = value;
            }
            let space = |i: usize| SPACE[spaces[i % spaces.len()]];
            let members: Vec<String> = members
                .iter()
                .enumerate()
                .map(|(i, &(k, v))| {
                    format!("{}\"{}\":{}{}", space(i), KEYS[k], space(i + 1), VALUES[v])
                })
                .collect();
            let mut record =
                format!("{}{{{}}}{}", space(30), members.join(","), space(31)).into_bytes();
            if let Some((at, byte)) = edit {
                let at = at.index(record.len());
                record[at] = byte;
            }
            record
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn the_record_reader_takes_only_what_serde_takes(record in record(), wants in any::<u8>()) {
            assert_agrees_with_serde(&record, wants);
        }
    }

    #[test]
    fn generated_records_are_often_taken() {
        // Else the property above would prove little.
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let taken = (0..2000)
            .filter(|_| {
                let record = record().new_tree(&mut runner).unwrap().current();
                deal(&record, ALL).is_some()
            })
            .count();
        assert!(taken > 20, "{taken}");
    }

    /// The serde reader's verdict on a record.
    fn by_serde(record: &[u8], wants: Wants) -> Option<LeanDeal<'_>> {
        super::super::parse_lean(LeanSeed { wants }, record).ok()
    }

    const PLAIN: &str = r#"{"id":"d-1","buyer":"Microsoft","seller":"IREN","announced":"2025-11-03","value_usd":9700000000,"value_note":null,"term_years":5,"starts":"2026-H2","kind":"cloud-capacity","hardware":["NVIDIA GB300"],"status":"announced","summary":"Five years of GPUs.","sources":[{"publisher":"Reuters","url":"https://example.com/a","date":"2025-11-03"}],"extra":{"a":[1,-2.5e3,true,false,null,{}],"b":[]}}"#;

    #[test]
    fn a_plain_record_is_read_as_serde_reads_it() {
        for wants in [Wants::default(), ALL] {
            let fast = deal(PLAIN.as_bytes(), wants).expect("plain record");
            assert_eq!(Some(&fast), by_serde(PLAIN.as_bytes(), wants).as_ref());
        }
        let fast = deal(PLAIN.as_bytes(), ALL).unwrap();
        assert_eq!(fast.buyer.as_ref(), b"Microsoft");
        assert_eq!(fast.value_usd, Some(Usd(9_700_000_000)));
        assert_eq!(fast.hardware, vec!["NVIDIA GB300"]);
        assert!(fast.starts.is_some() && fast.term_years.is_some());
    }

    #[test]
    fn sources_give_the_evidence_the_model_gives() {
        use crate::model::{Source, evidence_of};
        let lists = [
            r#"[{"publisher":"NVIDIA","url":"u","kind":"primary"}]"#,
            r#"[{"publisher":"CNA (Reuters)","url":"u","kind":"press"},{"publisher":"Reuters","url":"v","kind":"press"}]"#,
            r#"[{"publisher":"CNA (Reuters)","url":"u","kind":"press"},{"publisher":"Bloomberg","url":"v","kind":"press"}]"#,
            r#"[{"publisher":"Blog","url":"u"},{"publisher":"Blog","url":"v","kind":null,"title":"t"}]"#,
        ];
        let wants = Wants {
            evidence: true,
            ..Wants::default()
        };
        for list in lists {
            let record = PLAIN.replace(
                r#"[{"publisher":"Reuters","url":"https://example.com/a","date":"2025-11-03"}]"#,
                &list
                    .replace("\"u\"", "\"https://a.example\"")
                    .replace("\"v\"", "\"https://b.example\""),
            );
            assert_ne!(record, PLAIN);
            let fast = deal(record.as_bytes(), wants).expect("a plain record");
            assert_eq!(Some(&fast), by_serde(record.as_bytes(), wants).as_ref());
            let value: serde_json::Value = serde_json::from_str(&record).unwrap();
            let sources: Vec<Source> = serde_json::from_value(value["sources"].clone()).unwrap();
            assert_eq!(fast.evidence, evidence_of(&sources), "{list}");
        }
    }

    #[test]
    fn anything_unusual_is_left_to_serde() {
        let unusual = [
            (r#""buyer":"Microsoft""#, r#""buyer":"Micro\u0073oft""#),
            (r#""value_usd":9700000000"#, r#""value_usd":9.7e9"#),
            (r#""value_usd":9700000000"#, r#""value_usd":0"#),
            (r#""value_usd":9700000000"#, r#""value_usd":-1"#),
            (
                r#""value_usd":9700000000"#,
                r#""value_usd":18446744073709551616"#,
            ),
            (r#""value_usd":9700000000"#, r#""value_usd":"9.7B""#),
            (r#""kind":"cloud-capacity""#, r#""kind":7"#),
            (r#""id":"d-1""#, r#""id":1"#),
            (r#""summary":"Five"#, "\"summary\":\"Fi\tve"),
        ];
        for (plain, odd) in unusual {
            let record = PLAIN.replace(plain, odd);
            assert!(record != PLAIN, "{odd}");
            assert!(deal(record.as_bytes(), ALL).is_none(), "{odd}");
        }
    }

    #[test]
    fn broken_records_are_not_taken() {
        let broken = [
            PLAIN.replace(r#""extra":"#, r#""extra":01"#),
            PLAIN.replace(r#","extra":"#, r#",,"extra":"#),
            PLAIN.replace(r#"[1,"#, r#"[1,,"#),
            PLAIN.replace("true", "tru"),
            PLAIN.replace(r#""seller":"IREN","#, ""),
            PLAIN.replace(r#""seller":"IREN","#, r#""seller":"IREN","seller":"X","#),
            format!("{PLAIN}x"),
            PLAIN[..PLAIN.len() - 1].to_string(),
        ];
        for record in &broken {
            assert!(deal(record.as_bytes(), ALL).is_none(), "{record}");
            assert!(by_serde(record.as_bytes(), ALL).is_none(), "{record}");
        }
        let mut invalid = PLAIN.as_bytes().to_vec();
        let at = PLAIN.find("GPUs").unwrap();
        invalid[at] = 0xFF;
        assert!(deal(&invalid, Wants::default()).is_none(), "not UTF-8");
    }

    #[test]
    fn strings_end_at_the_first_unescaped_quote() {
        for string_len in [string_len, string_len_swar] {
            let mut ascii = true;
            let long = b"0123456789abcdef0123456789abcdef\" x";
            assert_eq!(string_len(br#"abc" x"#, &mut ascii), Some(3));
            assert_eq!(string_len(br#"0123456789abcdef" x"#, &mut ascii), Some(16));
            assert_eq!(string_len(long, &mut ascii), Some(32));
            assert_eq!(string_len(br#"0123456\"89abcdef" x"#, &mut ascii), None);
            assert_eq!(string_len(b"0123456789abcdef012\n\"", &mut ascii), None);
            assert_eq!(string_len(b"0123456789\n\"", &mut ascii), None);
            assert_eq!(string_len(b"01234567", &mut ascii), None);
            assert_eq!(string_len(b"0123456789abcdef", &mut ascii), None);
            assert!(ascii);
            assert_eq!(string_len("0123456é\"".as_bytes(), &mut ascii), Some(9));
            assert!(!ascii);
            let mut ascii = true;
            let quote_then_high = "0123\"56789abcdeé".as_bytes();
            assert_eq!(string_len(quote_then_high, &mut ascii), Some(4));
            assert!(ascii, "bytes after the quote are not the string's");
            let high_then_quote = "0é3456789abcdef0123\"".as_bytes();
            assert_eq!(string_len(high_then_quote, &mut ascii), Some(20));
            assert!(!ascii);
        }
    }
}
