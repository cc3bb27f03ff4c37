//! Loading a dataset: the bundled one (embedded in the binary), a file, or
//! standard input; in any of three forms, told apart in a single pass:
//!
//! - the dataset object `{"schema_version": 1, "deals": [...], ...}`,
//! - a bare array of deals `[{...}, {...}]` (what `list --format json` prints),
//! - NDJSON, one deal per line (what `list --format ndjson` prints); any
//!   stream of whitespace-separated deal objects is read the same way.
//!
//! Every error names the file, line, column and JSON path, with a hint.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::date::Date;
use crate::error::Failure;
use crate::model::{Company, Coverage, DEAL_ONLY_KEYS, Dataset, Deal, Fact, SCHEMA_VERSION};

/// The bundled dataset, compiled into the binary.
pub const BUNDLED_JSON: &str = include_str!("../data/deals.json");

/// Where a dataset comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    Stdin,
    File(PathBuf),
}

impl Origin {
    /// `-` is standard input; anything else a path.
    pub fn from_arg(path: Option<&Path>) -> Origin {
        match path {
            None => Origin::Bundled,
            Some(p) if p.as_os_str() == "-" => Origin::Stdin,
            Some(p) => Origin::File(p.to_path_buf()),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Bundled => f.write_str("bundled dataset"),
            Origin::Stdin => f.write_str("<stdin>"),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A dataset with where it came from and what was odd about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    pub origin: Origin,
    pub warnings: Vec<String>,
}

/// Reads and parses a dataset.
pub fn load(origin: Origin) -> Result<Loaded, Failure> {
    let bytes = read(&origin)?;
    load_bytes(&bytes, origin)
}

/// Parses a dataset already read from `origin`.
pub fn load_bytes(bytes: &[u8], origin: Origin) -> Result<Loaded, Failure> {
    let (dataset, warnings) = parse(bytes, &origin)?;
    Ok(Loaded {
        dataset,
        origin,
        warnings,
    })
}

/// The most a dataset read whole may hold. A real one is a few megabytes
/// (a million deals, about 600 MB, are streamed when written one per line);
/// the limit is there so that an input that never ends (`--data /dev/zero`,
/// a FIFO whose writer keeps writing) stops with an error instead of
/// filling memory.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// The bytes of a dataset, borrowed when it is the bundled one.
pub fn read(origin: &Origin) -> Result<Cow<'static, [u8]>, Failure> {
    let result = match origin {
        Origin::Bundled => return Ok(Cow::Borrowed(BUNDLED_JSON.as_bytes())),
        Origin::Stdin => read_at_most(io::stdin().lock(), MAX_INPUT_BYTES),
        Origin::File(path) => fs::File::open(path).and_then(|f| read_at_most(f, MAX_INPUT_BYTES)),
    };
    match result {
        Ok(Some(bytes)) => Ok(Cow::Owned(bytes)),
        Ok(None) => Err(Failure::new(format!(
            "cannot read {origin}: it holds more than {} MiB",
            MAX_INPUT_BYTES >> 20
        ))
        .with_hint("a dataset read whole is at most 1 GiB; is --data the right file, and does its writer ever stop?")),
        Err(err) => {
            let hint = match err.kind() {
                io::ErrorKind::NotFound => "check the path; --data - reads standard input",
                io::ErrorKind::IsADirectory => "--data takes a file of deals, not a directory",
                io::ErrorKind::PermissionDenied => "check the file's permissions",
                _ => "--data takes a readable file of deals, or - for standard input",
            };
            Err(Failure::new(format!("cannot read {origin}: {}", io_reason(&err))).with_hint(hint))
        }
    }
}

/// Everything `reader` holds, or `None` if that is more than `limit` bytes.
pub fn read_at_most(reader: impl Read, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// The OS's words for an I/O error, without Rust's "(os error 2)" suffix.
fn io_reason(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

/// Parses a dataset in any of its three forms.
pub fn parse(bytes: &[u8], origin: &Origin) -> Result<(Dataset, Vec<String>), Failure> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Failure::new(format!(
            "{origin}: the text is UTF-16 (it starts with a UTF-16 byte-order mark)"
        ))
        .with_hint("deals reads UTF-8; convert with: iconv -f UTF-16 -t UTF-8"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Some(first) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        let warning = format!("{origin} is empty; read as a dataset with no deals");
        return Ok((Dataset::default(), vec![warning]));
    };
    let (dataset, record_starts) = match bytes[first] {
        b'{' => match parse_whole::<DatasetObject>(bytes, origin) {
            Err(ParseError::LooksLikeADeal) => parse_stream(bytes, origin)?,
            other => (other?.0, None),
        },
        b'[' => {
            let deals = parse_whole::<Vec<Deal>>(bytes, origin)?;
            (
                Dataset {
                    deals,
                    ..Dataset::default()
                },
                None,
            )
        }
        _ => parse_stream(bytes, origin)?,
    };
    let place = |i: usize| match (&record_starts, bytes[first]) {
        (Some(starts), _) => format!("line {}", line_of(bytes, starts[i])),
        (None, b'{') => format!("deals[{i}]"),
        (None, _) => format!("[{i}]"),
    };
    check_unique_ids(&dataset.deals, origin, place)?;
    Ok((dataset, Vec::new()))
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    let start = offset
        + bytes[offset..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    bytes[..start].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Deals are looked up by id, so two deals may not share one.
fn check_unique_ids(
    deals: &[Deal],
    origin: &Origin,
    place: impl Fn(usize) -> String,
) -> Result<(), Failure> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(deals.len());
    for (i, deal) in deals.iter().enumerate() {
        if let Some(first) = seen.insert(deal.id.as_str(), i) {
            return Err(Failure::new(format!(
                "{origin}: {}: duplicate id \"{}\" (also used by the deal at {})",
                place(i),
                deal.id,
                place(first)
            ))
            .with_hint("every deal needs an id of its own"));
        }
    }
    Ok(())
}

/// Text of the error a top-level object raises when its keys are a deal's,
/// which means the input is a stream of deals rather than a dataset object.
const LOOKS_LIKE_A_DEAL: &str = "\u{0}deals: the top-level object is a deal";

enum ParseError {
    LooksLikeADeal,
    Failed(Failure),
}

impl From<ParseError> for Failure {
    fn from(err: ParseError) -> Failure {
        match err {
            ParseError::Failed(failure) => failure,
            ParseError::LooksLikeADeal => Failure::new(LOOKS_LIKE_A_DEAL),
        }
    }
}

impl From<Failure> for ParseError {
    fn from(failure: Failure) -> ParseError {
        ParseError::Failed(failure)
    }
}

/// Parses a document that holds exactly one JSON value. The fast parse runs
/// without path tracking; only when it fails is the document parsed again
/// with it, to say where.
fn parse_whole<T: DeserializeOwned>(bytes: &[u8], origin: &Origin) -> Result<T, ParseError> {
    // Text checked as UTF-8 once, in one pass, is not checked again string
    // by string (most of a dataset is strings).
    let fast = match std::str::from_utf8(bytes) {
        Ok(text) => {
            let mut de = serde_json::Deserializer::from_str(text);
            T::deserialize(&mut de).and_then(|value| de.end().map(|()| value))
        }
        Err(_) => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            T::deserialize(&mut de).and_then(|value| de.end().map(|()| value))
        }
    };
    match fast {
        Ok(value) => Ok(value),
        Err(err) if err.to_string().starts_with(LOOKS_LIKE_A_DEAL) => {
            Err(ParseError::LooksLikeADeal)
        }
        Err(_) => Err(locate_error::<T>(bytes, 0, origin, Whole::Document).into()),
    }
}

/// Reads whitespace-separated deal objects (NDJSON and the like), with the
/// offset where each one starts.
fn parse_stream(bytes: &[u8], origin: &Origin) -> Result<(Dataset, Option<Vec<usize>>), Failure> {
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Deal>();
    let mut deals = Vec::new();
    let mut starts = Vec::new();
    loop {
        let start = stream.byte_offset();
        match stream.next() {
            None => break,
            Some(Ok(deal)) => {
                deals.push(deal);
                starts.push(start);
            }
            Some(Err(_)) => return Err(locate_error::<Deal>(bytes, start, origin, Whole::Record)),
        }
    }
    let dataset = Dataset {
        deals,
        ..Dataset::default()
    };
    Ok((dataset, Some(starts)))
}

/// What the value at fault is: the whole input, or one record of a stream.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Whole {
    Document,
    Record,
}

/// Parses the value at `bytes[start..]` again, tracking the JSON path, and
/// turns the error it meets into a message with file, line, column and path.
fn locate_error<T: DeserializeOwned>(
    bytes: &[u8],
    start: usize,
    origin: &Origin,
    whole: Whole,
) -> Failure {
    let mut de = serde_json::Deserializer::from_slice(&bytes[start..]);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let (path, err) = match result {
        Err(err) => (err.path().to_string(), err.into_inner()),
        Ok(_) => match de.end() {
            Err(err) => (".".to_string(), err),
            Ok(()) => {
                return Failure::new(format!("{origin}: could not be read"))
                    .with_hint("this is a bug in deals; please report it");
            }
        },
    };
    let (line, column) = absolute_position(bytes, start, err.line(), err.column());
    let message = in_json_terms(&without_position(&err));
    let path = known_segments(&path);
    let place = if path.is_empty() {
        format!("{origin}:{line}:{column}")
    } else {
        format!("{origin}:{line}:{column}: {path}")
    };
    let record_line = line_of(bytes, start.min(bytes.len()));
    if whole == Whole::Record && record_line < line {
        // In a stream of records, a fault on a later line than the one
        // the record began on is most often a record cut short at the end
        // of its line: the reader must see both places.
        return Failure::new(format!(
            "{place}: {message} (in the record that starts on line {record_line})"
        ))
        .with_hint(format!(
            "reading failed on line {line} inside the record that starts on line {record_line}; \
             in NDJSON (one record per line), line {record_line} may be cut short"
        ));
    }
    Failure::new(format!("{place}: {message}")).with_hint(hint_for(&err, &path, &message))
}

/// Line and column in the whole input of a position reported relative to
/// `bytes[start..]`. serde_json reports column 0 for an error found before
/// the first character of a line is read (a value of the wrong type at the
/// start of an NDJSON line); columns count from 1, so that is column 1.
fn absolute_position(bytes: &[u8], start: usize, line: usize, column: usize) -> (usize, usize) {
    let before = &bytes[..start];
    let lines_before = before.iter().filter(|&&b| b == b'\n').count();
    let (line, column) = if line <= 1 {
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        (lines_before + 1, start - line_start + column)
    } else {
        (lines_before + line, column)
    };
    (line, column.max(1))
}

/// serde_json's message without its " at line L column C" tail, which the
/// caller reports in its own place.
pub(crate) fn without_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let tail = format!(" at line {} column {}", err.line(), err.column());
    text.strip_suffix(&tail).unwrap_or(&text).to_string()
}

/// The path without the `?` segments serde_path_to_error writes where it
/// does not know the key (an object cut off after its last value): `[0].?`
/// would send the reader looking for a field named `?`.
fn known_segments(path: &str) -> String {
    path.split('.')
        .filter(|segment| !matches!(*segment, "?" | ""))
        .collect::<Vec<_>>()
        .join(".")
}

/// serde's words for JSON's types (`map`, `sequence`, `u32`) in JSON's
/// own (`object`, `array`, a whole number). Only the fixed head and tail of
/// the message are rewritten: the middle may quote the data.
fn in_json_terms(message: &str) -> String {
    const HEADS: [(&str, &str); 2] = [
        ("invalid type: map,", "invalid type: object,"),
        ("invalid type: sequence,", "invalid type: array,"),
    ];
    const TAILS: [(&str, &str); 4] = [
        (", expected a sequence", ", expected an array"),
        (", expected a map", ", expected an object"),
        (", expected i32", ", expected a whole number"),
        (", expected u32", ", expected a whole number"),
    ];
    let mut text = message.to_string();
    if let Some((from, to)) = HEADS.iter().find(|(from, _)| text.starts_with(from)) {
        text = format!("{to}{}", &text[from.len()..]);
    }
    if let Some((from, to)) = TAILS.iter().find(|(from, _)| text.ends_with(from)) {
        text = format!("{}{to}", &text[..text.len() - from.len()]);
    }
    text
}

const FORMS: &str = "a dataset is a JSON object with a \"deals\" array, an array of deals, or one deal object per line";

/// Advice for the most common ways a data file goes wrong.
fn hint_for(err: &serde_json::Error, path: &str, message: &str) -> String {
    let field = path.rsplit('.').next().unwrap_or(path);
    let field = field.split('[').next().unwrap_or(field);
    if message.contains("recursion limit") {
        return "the JSON nests too deeply (more than 128 levels); a dataset needs only a few"
            .into();
    }
    if message.starts_with("number out of range") {
        return format!(
            "the number is too large to read; an amount is at most {} whole US dollars, and every other number in a dataset is far smaller",
            u64::MAX
        );
    }
    if err.is_eof() {
        return "the input ends in the middle of a JSON value; is the file truncated?".into();
    }
    if message.contains("invalid unicode code point") {
        return "the text is not valid UTF-8; deals reads UTF-8 (convert with iconv -t UTF-8)"
            .into();
    }
    if err.is_syntax() {
        return format!("this is not valid JSON at that point; {FORMS}");
    }
    if message.starts_with("duplicate field") {
        return "a key appears twice in one object; JSON readers disagree on which copy counts, so deals reads neither".into();
    }
    if message.contains("missing field `deals`") {
        return "a dataset object needs a \"deals\" array; a bare array of deals or one deal per line (NDJSON) also works".into();
    }
    match field {
        "" => FORMS.into(),
        "deals" => "\"deals\" is an array of deal objects".into(),
        "value_usd" => "amounts are whole US dollars as a JSON integer, e.g. 9700000000, or null when undisclosed".into(),
        "announced" | "date" | "as_of" => "dates are strings \"YYYY-MM-DD\" naming a day that exists".into(),
        "starts" => "a start is \"YYYY\", \"YYYY-Hn\", \"YYYY-Qn\", \"YYYY-MM\" or \"YYYY-MM-DD\"".into(),
        "sources" | "url" | "publisher" => "every deal needs at least one source with a publisher and an http(s) url".into(),
        "schema_version" => format!("this version of deals reads schema version {SCHEMA_VERSION}"),
        "term_years" | "capacity_gw" => "a positive number, or null when unknown".into(),
        _ => "docs/DATA.md describes every field of a dataset".into(),
    }
}

/// The dataset object; the `deals` field is required, the rest optional.
struct DatasetObject(Dataset);

impl<'de> Deserialize<'de> for DatasetObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DatasetVisitor)
    }
}

struct DatasetVisitor;

impl<'de> Visitor<'de> for DatasetVisitor {
    type Value = DatasetObject;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a dataset object with a \"deals\" array")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DatasetObject, A::Error> {
        let mut schema_version: Option<u32> = None;
        let mut as_of: Option<Option<Date>> = None;
        let mut coverage: Option<Option<Coverage>> = None;
        let mut companies: Option<Option<Vec<Company>>> = None;
        let mut deals: Option<Vec<Deal>> = None;
        let mut facts: Option<Option<Vec<Fact>>> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "schema_version" => {
                    once(&schema_version, "schema_version")?;
                    schema_version = Some(map.next_value::<SupportedVersion>()?.0);
                }
                "as_of" => {
                    once(&as_of, "as_of")?;
                    as_of = Some(map.next_value()?);
                }
                "coverage" => {
                    once(&coverage, "coverage")?;
                    coverage = Some(map.next_value()?);
                }
                "companies" => {
                    once(&companies, "companies")?;
                    companies = Some(map.next_value()?);
                }
                "deals" => {
                    once(&deals, "deals")?;
                    deals = Some(map.next_value()?);
                }
                "facts" => {
                    once(&facts, "facts")?;
                    facts = Some(map.next_value()?);
                }
                key if DEAL_ONLY_KEYS.contains(&key) => {
                    return Err(de::Error::custom(LOOKS_LIKE_A_DEAL));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(DatasetObject(Dataset {
            schema_version,
            as_of: as_of.flatten(),
            coverage: coverage.flatten(),
            companies: companies.flatten().unwrap_or_default(),
            deals: deals.ok_or_else(|| de::Error::missing_field("deals"))?,
            facts: facts.flatten().unwrap_or_default(),
        }))
    }
}

/// A `schema_version` this program can read.
pub(crate) struct SupportedVersion(pub u32);

impl<'de> Deserialize<'de> for SupportedVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_u32(VersionVisitor)
    }
}

struct VersionVisitor;

impl Visitor<'_> for VersionVisitor {
    type Value = SupportedVersion;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "schema version {SCHEMA_VERSION}")
    }

    fn visit_u64<E: de::Error>(self, version: u64) -> Result<SupportedVersion, E> {
        if version == u64::from(SCHEMA_VERSION) {
            Ok(SupportedVersion(SCHEMA_VERSION))
        } else {
            Err(E::invalid_value(de::Unexpected::Unsigned(version), &self))
        }
    }

    fn visit_i64<E: de::Error>(self, version: i64) -> Result<SupportedVersion, E> {
        Err(E::invalid_value(de::Unexpected::Signed(version), &self))
    }

    fn visit_f64<E: de::Error>(self, version: f64) -> Result<SupportedVersion, E> {
        Err(E::invalid_value(de::Unexpected::Float(version), &self))
    }
}

fn once<T, E: de::Error>(slot: &Option<T>, field: &'static str) -> Result<(), E> {
    match slot {
        Some(_) => Err(E::duplicate_field(field)),
        None => Ok(()),
    }
}

impl From<DatasetObject> for Dataset {
    fn from(object: DatasetObject) -> Dataset {
        object.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Dataset, String> {
        parse(text.as_bytes(), &Origin::File("x.json".into()))
            .map(|(d, _)| d)
            .map_err(|e| e.to_string())
    }

    const DEAL: &str = r#"{"id":"a","buyer":"B","seller":"S","announced":"2025-11-03","sources":[{"publisher":"P","url":"https://p.example"}]}"#;

    #[test]
    fn the_bundled_dataset_loads() {
        let loaded = load(Origin::Bundled).unwrap();
        assert!(loaded.dataset.deals.len() >= 4);
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn three_forms_give_the_same_deals() {
        let object = parse_text(&format!(r#"{{"deals":[{DEAL}]}}"#)).unwrap();
        let array = parse_text(&format!("[{DEAL}]")).unwrap();
        let ndjson = parse_text(&format!("{DEAL}\n{}\n", DEAL.replace("\"a\"", "\"b\""))).unwrap();
        assert_eq!(object.deals, array.deals);
        assert_eq!(ndjson.deals.len(), 2);
        assert_eq!(ndjson.deals[0], array.deals[0]);
    }

    #[test]
    fn errors_name_line_column_and_path() {
        let text = format!(
            "{{\"deals\":[\n{DEAL},\n{}]}}",
            DEAL.replace("\"B\"", "\"B\",\"value_usd\":\"9.7B\"")
        );
        let err = parse_text(&text).unwrap_err();
        assert!(err.starts_with("x.json:3:"), "{err}");
        assert!(
            err.contains("deals[1].value_usd: invalid type: string \"9.7B\", expected a positive whole number of US dollars"),
            "{err}"
        );
        assert!(err.contains("hint: amounts are whole US dollars"), "{err}");
    }

    #[test]
    fn ndjson_errors_name_the_line() {
        let bad = DEAL.replace("2025-11-03", "2025-02-30");
        let err = parse_text(&format!("{DEAL}\n\n{bad}\n")).unwrap_err();
        assert!(err.starts_with("x.json:3:"), "{err}");
        assert!(err.contains("announced"), "{err}");
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let err = parse_text(&format!("[{DEAL},{DEAL}]")).unwrap_err();
        assert!(
            err.contains("[1]: duplicate id \"a\" (also used by the deal at [0])"),
            "{err}"
        );
    }

    #[test]
    fn input_beyond_the_limit_is_refused_not_truncated() {
        assert_eq!(
            read_at_most(&b"12345"[..], 5).unwrap(),
            Some(b"12345".to_vec())
        );
        assert_eq!(read_at_most(&b"123456"[..], 5).unwrap(), None);
        assert_eq!(read_at_most(io::repeat(0), 1 << 16).unwrap(), None);
    }

    #[test]
    fn messages_use_json_words_and_leave_quoted_data_alone() {
        assert_eq!(
            in_json_terms("invalid type: map, expected a sequence"),
            "invalid type: object, expected an array"
        );
        let quoted = "invalid type: string \"map, expected a sequence\", expected a date";
        assert_eq!(in_json_terms(quoted), quoted);
        assert_eq!(known_segments("deals[1].?"), "deals[1]");
        assert_eq!(known_segments("?"), "");
    }

    #[test]
    fn records_must_be_objects_and_amounts_fit() {
        let err = parse_text(
            r#"[["a","B","S","2025-11-03",null,null,null,null,null,[],null,null,null,null,[]]]"#,
        )
        .unwrap_err();
        assert!(
            err.contains("[0]: invalid type: array, expected a deal object"),
            "{err}"
        );
        let above = DEAL.replace("\"B\"", "\"B\",\"value_usd\":18446744073709551616");
        let err = parse_text(&format!("[{above}]")).unwrap_err();
        assert!(err.contains("a number above the largest amount"), "{err}");
        assert!(!err.contains("e+19"), "{err}");
    }

    #[test]
    fn utf16_is_named() {
        let err = parse(b"\xFF\xFE[\x00]\x00", &Origin::Stdin).unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
    }

    #[test]
    fn empty_input_is_no_deals_with_a_warning() {
        let (dataset, warnings) = parse(b" \n", &Origin::Stdin).unwrap();
        assert!(dataset.deals.is_empty());
        assert_eq!(warnings.len(), 1);
    }
}
